import ModelArtifact
import SystemSeam

/// Writing to the terminal: stdout for results, stderr for errors, colour only on a terminal.
package enum Console {
    /// Writes one line to stderr.
    package static func error(_ line: String) {
        let text = "synap-tool: \(line)\n"
        writeStderr(text)
    }

    /// Writes an input's error to stderr as one line, its text (file names, what was found) cleaned
    /// for the terminal (`TerminalText`).
    package static func error(_ failure: ArtifactError) {
        error(TerminalText.clean(failure.description, limit: TerminalText.messageLimit))
    }

    /// Writes one informational line to stderr (kept off stdout, which carries the results).
    package static func note(_ line: String) {
        let text = "\(line)\n"
        writeStderr(text)
    }

    /// True when stdout is a terminal.
    static let isTerminal: Bool = isatty(1) == 1

    /// True when stdout is a terminal and NO_COLOR is not set.
    static let useColor: Bool = isatty(1) == 1 && getenv("NO_COLOR") == nil

    /// `text` in bold when colour is on.
    static func bold(_ text: String) -> String { useColor ? "\u{1b}[1m\(text)\u{1b}[0m" : text }
    /// `text` dimmed when colour is on.
    static func dim(_ text: String) -> String { useColor ? "\u{1b}[2m\(text)\u{1b}[0m" : text }
    /// `text` in a colour for a severity when colour is on.
    static func severity(_ text: String, _ level: String) -> String {
        guard useColor else { return text }
        let code = level == "error" ? "31" : level == "warning" ? "33" : "36"
        return "\u{1b}[\(code)m\(text)\u{1b}[0m"
    }

    /// Writes `text` to stderr as it is, whole.
    static func writeStderr(_ text: String) {
        var text = text
        _ = text.withUTF8 { Syscall.writeAll(2, UnsafeRawBufferPointer($0)) }
    }

    /// Reads standard input up to `limit` bytes; `complete` says whether it ended before the limit.
    static func readStdin(limit: Int) -> (bytes: [UInt8], complete: Bool) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count < limit {
            let want = min(chunk.count, limit - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Syscall.read(0, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            if got <= 0 { return (bytes, true) }
            bytes += chunk[0..<got]
        }
        // At the limit: one more byte tells whether the stream goes on.
        var extra: UInt8 = 0
        let more = withUnsafeMutableBytes(of: &extra) { Syscall.read(0, into: $0) }
        return (bytes, more <= 0)
    }
}

extension Console {
    /// Writes `bytes` and a newline to stdout in one go (no per-line `print` cost on large JSON).
    package static func writeLine(_ bytes: [UInt8]) {
        var all = bytes
        all.append(0x0a)
        _ = all.withUnsafeBytes { Syscall.writeAll(1, $0) }
    }
}
