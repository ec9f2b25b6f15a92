/// A string pattern an upload API publishes, with a matcher that accepts exactly the strings the
/// pattern does. The patterns are anchored and ASCII-only, so each is a literal prefix and a
/// sequence of character classes with repeat bounds, matched over UTF-8 bytes: any other byte fails.
/// `$` means the end of the text, as in the Rust regex engine pydantic-core uses (no trailing newline).
public struct FieldPattern: Sendable, Equatable {
    /// The pattern as the API's schema writes it (quoted in messages).
    public let pattern: String
    private let prefix: [UInt8]
    private let segments: [Segment]

    /// One class repeated `min...max` times.
    struct Segment: Sendable, Equatable {
        let members: Set<UInt8>
        let min: Int
        let max: Int
    }

    /// Longest text examined; anything longer does not match (none of the patterns allows it but `+`,
    /// and no URI is that long).
    static let maxLength = 8192

    init(_ pattern: String, prefix: String = "", _ segments: [Segment]) {
        self.pattern = pattern
        self.prefix = Array(prefix.utf8)
        self.segments = segments
    }

    /// True when `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= Self.maxLength, bytes.starts(with: prefix) else { return false }
        return match(bytes[prefix.count...], segment: 0)
    }

    private func match(_ rest: ArraySlice<UInt8>, segment index: Int) -> Bool {
        guard index < segments.count else { return rest.isEmpty }
        let segment = segments[index]
        let run = rest.prefix { segment.members.contains($0) }.count
        guard run >= segment.min else { return false }
        var take = Swift.min(run, segment.max)
        while take >= segment.min {
            if match(rest.dropFirst(take), segment: index + 1) { return true }
            take -= 1
        }
        return false
    }

    /// The bytes of `ranges` (`"az"` is a…z) and of `singles`.
    static func set(_ ranges: [String], _ singles: String = "") -> Set<UInt8> {
        var out = Set(singles.utf8)
        for range in ranges {
            let ends = Array(range.utf8)
            out.formUnion(ends[0]...ends[1])
        }
        return out
    }

    /// `weight_uri` of the Cerebras model version upload.
    public static let weightURI = FieldPattern(#"^s3://[a-zA-Z0-9.\-_/~]+$"#, prefix: "s3://", [
        Segment(members: set(["az", "AZ", "09"], ".-_/~"), min: 1, max: maxLength),
    ])

    /// Each of `version_aliases`.
    public static let versionAlias = FieldPattern(#"^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$"#, [
        Segment(members: set(["az"]), min: 1, max: 1),
        Segment(members: set(["az", "AZ", "09"], "-"), min: 0, max: 126),
        Segment(members: set(["az", "09"]), min: 1, max: 1),
    ])

    /// `system_fingerprint_suffix`.
    public static let fingerprintSuffix = FieldPattern(#"^[a-zA-Z0-9-]{1,64}$"#, [
        Segment(members: set(["az", "AZ", "09"], "-"), min: 1, max: 64),
    ])
}
