/// An object or a prefix in S3, as a user writes it: `s3://bucket/key` or `s3://bucket/prefix/`.
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    /// The bucket.
    public let bucket: String
    /// The key (an object) or the prefix (ends with `/`, or empty for the whole bucket), as written:
    /// no percent-decoding, a key is any UTF-8 text.
    public let key: String

    /// Whether this names a prefix (a folder) rather than one object.
    public var isPrefix: Bool { key.isEmpty || key.hasSuffix("/") }

    public var description: String { "s3://\(bucket)/\(key)" }

    /// Why a text is not an S3 location.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `text`; nil when it does not start with `s3://`.
    public init?(_ text: String) throws(Invalid) {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst("s3://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let bucket = String(rest[..<slash])
        guard Self.isBucketName(bucket) else {
            throw Invalid(description: "\(text): '\(bucket)' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)")
        }
        self.bucket = bucket
        key = slash == rest.endIndex ? "" : String(rest[rest.index(after: slash)...])
        guard !key.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw Invalid(description: "\(text): an S3 key here may not hold control characters")
        }
    }

    /// A location for `bucket` and `key`.
    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// S3's bucket naming rules (general purpose buckets): 3–63 characters of `a-z 0-9 . -`,
    /// starting and ending with a letter or digit.
    static func isBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func alphanumeric(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }
        guard alphanumeric(bytes.first!), alphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}
