import SystemSeam

/// Lines on stdout, written at once (not held in a buffer when stdout is a file or a pipe, so a
/// script sees the start line while the server runs).
enum StandardOutput {
    static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { Syscall.writeAll(1, $0) }
    }
}
