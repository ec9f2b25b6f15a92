/// A byte range asked of a remote object, and the check of what came back: a server that ignores
/// `Range` answers 200 with the whole object, which must be refused before it is read (a 65 GB
/// shard is not downloaded to read 2 MB of header).
public struct ByteRangeRequest: Sendable, Equatable {
    /// The first byte.
    public let offset: Int64
    /// How many bytes (at least 1).
    public let length: Int64

    public init(offset: Int64, length: Int64) {
        precondition(offset >= 0 && length > 0)
        self.offset = offset
        self.length = length
    }

    /// The `Range` header value: `bytes=FIRST-LAST`.
    public var header: String { "bytes=\(offset)-\(offset + length - 1)" }

    /// Why an answer to a ranged request is refused.
    public struct Refused: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Checks an answer's status and `Content-Range`; returns the object's total size. A 200
    /// (the range ignored) is refused, as is a `Content-Range` that does not start at the offset
    /// asked, runs past the length asked, or does not parse.
    public func check(status: Int, contentRange: String?) throws(Refused) -> Int64? {
        guard status == 206 else {
            if status == 200 {
                throw Refused(description: "the server ignored the Range header (200 instead of 206): refusing to download the whole object")
            }
            throw Refused(description: "a ranged read answered \(status)")
        }
        guard let contentRange, let parsed = Self.parse(contentRange) else {
            throw Refused(description: "a 206 answer without a valid Content-Range (\(contentRange ?? "none"))")
        }
        guard parsed.first == offset, parsed.last < offset + length, parsed.last >= parsed.first,
              parsed.total.map({ parsed.last < $0 }) ?? true else {
            throw Refused(description: "Content-Range \(contentRange) is not the range asked (\(header))")
        }
        return parsed.total
    }

    /// `bytes FIRST-LAST/TOTAL` (TOTAL may be `*`).
    static func parse(_ value: String) -> (first: Int64, last: Int64, total: Int64?)? {
        guard value.hasPrefix("bytes ") else { return nil }
        let rest = value.dropFirst("bytes ".count)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let bounds = parts[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0 else { return nil }
        if parts[1] == "*" { return (first, last, nil) }
        guard let total = Int64(parts[1]), total >= 0 else { return nil }
        return (first, last, total)
    }
}
