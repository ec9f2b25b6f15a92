import ModelArtifact

/// A byte range of a file to digest on its own (a tensor), by name.
public struct NamedRange: Sendable, Equatable {
    /// The name (a tensor's).
    public var name: String
    /// Absolute byte range in the file.
    public var range: Range<Int>
    /// Creates a named range.
    public init(name: String, range: Range<Int>) {
        self.name = name
        self.range = range
    }
}

/// What was computed for one file.
public struct FileDigest: Sendable, Equatable {
    /// The path as given.
    public var path: String
    /// Size in bytes.
    public var size: Int
    /// SHA-256, hex, when asked for.
    public var sha256: String?
    /// MD5, hex, when asked for.
    public var md5: String?
    /// The S3 multipart ETag (`hex-N`, or the plain MD5 for a file smaller than one part), when asked for.
    public var etag: String?
    /// The part size the ETag was computed with.
    public var partSize: Int?
    /// Each part's MD5, hex, in order, when an ETag was asked for.
    public var partMD5s: [String]?
    /// SHA-256 of each named range, in the order given.
    public var ranges: [(name: String, range: Range<Int>, sha256: String)]?

    /// No digest yet of the `size` bytes at `path`.
    public init(path: String, size: Int) {
        self.path = path
        self.size = size
    }

    public static func == (a: FileDigest, b: FileDigest) -> Bool {
        a.path == b.path && a.size == b.size && a.sha256 == b.sha256 && a.md5 == b.md5 && a.etag == b.etag
            && a.partSize == b.partSize && a.partMD5s == b.partMD5s
            && a.ranges?.map(\.sha256) == b.ranges?.map(\.sha256) && a.ranges?.map(\.name) == b.ranges?.map(\.name)
    }

    /// The digest `algorithm` names, as printed.
    public func value(of algorithm: DigestAlgorithm) -> String? {
        switch algorithm {
        case .sha256: return sha256
        case .md5: return md5
        case .etag: return etag
        }
    }

    /// The JSON object of this file's digests.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("path", .string(path))
        o.append("size", .int(Int64(size)))
        if let sha256 { o.append("sha256", .string(sha256)) }
        if let md5 { o.append("md5", .string(md5)) }
        if let etag {
            o.append("etag", .string(etag))
            if let partSize { o.append("part_size", .int(Int64(partSize))) }
            if let partMD5s { o.append("parts", .array(partMD5s.map { .string($0) })) }
        }
        if let ranges {
            o.append("tensors", .array(ranges.map { item in
                var t = JSONObject()
                t.append("name", .string(item.name))
                t.append("offset", .int(Int64(item.range.lowerBound)))
                t.append("length", .int(Int64(item.range.count)))
                t.append("sha256", .string(item.sha256))
                return .object(t)
            }))
        }
        return .object(o)
    }
}
