import SystemSeam

/// A file-system call failed: which, on what, and the `errno` it left.
public struct LocalFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call (`open`, `fsync`, `rename`, …).
    public let operation: String
    /// The path it was given.
    public let path: String
    /// Its `errno`.
    public let code: Int32

    /// The failure of `operation` on `path` with `code` (by default the current `errno`).
    public init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}
