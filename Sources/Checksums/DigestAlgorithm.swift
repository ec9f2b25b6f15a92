/// What to compute over a file's bytes.
public enum DigestAlgorithm: Sendable, Equatable, CustomStringConvertible {
    /// SHA-256 of the whole file (the default; what `sha256sum` prints).
    case sha256
    /// MD5 of the whole file (what `md5sum` prints).
    case md5
    /// The S3 multipart-upload ETag with parts of `partSize` bytes: the MD5 of the parts' MD5s,
    /// then `-` and the part count. Files smaller than one part upload in one piece, and their
    /// ETag is their plain MD5, as the AWS CLI does with its threshold equal to the part size.
    case etag(partSize: Int)

    /// The AWS CLI's default part size (and multipart threshold), 8 MiB.
    public static let defaultPartSize = 8 << 20
    /// S3's smallest part (5 MiB) and largest (5 GiB).
    public static let partSizeRange = (5 << 20)...(5 << 30)

    /// Parses `sha256`, `md5`, `etag` or `etag:SIZE` (SIZE in bytes or with KiB/MiB/GiB, KB/MB/GB).
    public init?(argument: String) {
        let lower = argument.lowercased()
        switch lower {
        case "sha256", "sha-256": self = .sha256
        case "md5": self = .md5
        case "etag": self = .etag(partSize: Self.defaultPartSize)
        default:
            guard lower.hasPrefix("etag:"), let size = ByteSize.parse(String(lower.dropFirst(5))),
                  Self.partSizeRange.contains(size) else { return nil }
            self = .etag(partSize: size)
        }
    }

    public var description: String {
        switch self {
        case .sha256: return "sha256"
        case .md5: return "md5"
        case .etag(let size): return size == Self.defaultPartSize ? "etag" : "etag:\(size)"
        }
    }
}

/// Byte counts written the way people write them: `8388608`, `8MiB`, `8M`, `16MB`, `5GiB`.
public enum ByteSize {
    /// The byte count `text` names, or nil. Binary suffixes (KiB, MiB, GiB, K, M, G) count in
    /// powers of 1024, decimal ones (KB, MB, GB) in powers of 1000.
    public static func parse(_ text: String) -> Int? {
        let lower = text.lowercased()
        let digits = lower.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let value = Int(digits) else { return nil }
        let unit = lower.dropFirst(digits.count)
        let scale: Int
        switch unit {
        case "", "b": scale = 1
        case "k", "kib": scale = 1 << 10
        case "m", "mib": scale = 1 << 20
        case "g", "gib": scale = 1 << 30
        case "kb": scale = 1000
        case "mb": scale = 1_000_000
        case "gb": scale = 1_000_000_000
        default: return nil
        }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : bytes
    }
}
