/// A malformed, truncated, hostile or unreadable input: which file, where, which rule, what was found.
///
/// Every reader throws this and nothing else for bad input; the CLI turns it into one line on
/// stderr and exit code 3.
public struct ArtifactError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or stream) the error is about, as the user named it.
    public var file: String
    /// The byte offset in `file` where the rule is broken; `nil` when the error is not about a position.
    public var offset: Int?
    /// A short, stable name for the rule broken (`"header-too-large"`, `"truncated"`), usable in tests and scripts.
    public var rule: String
    /// What the format requires at that place.
    public var expected: String
    /// What the file holds instead.
    public var found: String

    /// Creates an error; `offset` is an absolute position in `file`.
    public init(file: String, offset: Int?, rule: String, expected: String, found: String) {
        self.file = file
        self.offset = offset
        self.rule = rule
        self.expected = expected
        self.found = found
    }

    /// One line: `file@0x1f (byte 31): rule: expected …, found …`.
    public var description: String {
        var place = file
        if let offset { place += "@0x\(String(offset, radix: 16)) (byte \(offset))" }
        return "\(place): \(rule): expected \(expected), found \(found)"
    }
}
