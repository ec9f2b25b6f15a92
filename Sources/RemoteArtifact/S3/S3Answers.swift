import ModelArtifact

/// One object of a listing, or of a `HEAD`.
public struct S3ObjectInfo: Sendable, Equatable {
    /// The object's key.
    public var key: String
    /// Its size in bytes.
    public var size: Int64
    /// Its ETag without the quotes (`<md5>` for a single-part upload, `<md5>-<parts>` for multipart).
    public var etag: String?
    /// The SHA-256 checksum S3 keeps for the object (`x-amz-checksum-sha256`, base64; a multipart
    /// object's ends in `-<parts>`: the digest of its parts' digests), when it has one.
    public var checksumSHA256: String?

    /// The number of parts of a multipart upload, from the ETag's `-N` suffix.
    public var multipartParts: Int? { Self.partCount(etag) }

    /// The N of a multipart ETag's or checksum's `-N` suffix (N ≥ 1), or nil.
    public static func partCount(_ value: String?) -> Int? {
        guard let value, let dash = value.lastIndex(of: "-") else { return nil }
        return Int(value[value.index(after: dash)...]).flatMap { $0 > 0 ? $0 : nil }
    }

    public init(key: String, size: Int64, etag: String?) {
        self.key = key
        self.size = size
        self.etag = etag.map { $0.trimmed(of: "\"") }
    }
}

/// One page of `ListObjectsV2`.
struct S3ListPage: Equatable {
    var objects: [S3ObjectInfo]
    /// The token of the next page, when the listing is truncated.
    var continuationToken: String?

    /// Reads a `ListBucketResult` document.
    init(xml bytes: [UInt8]) throws(S3XML.Malformed) {
        let root = try S3XML.parse(bytes)
        guard root.name == "ListBucketResult" else {
            throw S3XML.Malformed(description: "a listing answered with <\(root.name)>, not <ListBucketResult>")
        }
        objects = []
        // With encoding-type=url, keys come form-encoded: `+` is a space, `%XX` a byte.
        let encoded = root.text(of: "EncodingType") == "url"
        for content in root.children("Contents") {
            guard let written = content.text(of: "Key"),
                  let key = encoded ? String(validating: HexText.percentDecoded(written.replacing("+", with: " ")), as: UTF8.self) : written,
                  let size = content.text(of: "Size").flatMap({ Int64($0) }), size >= 0 else {
                throw S3XML.Malformed(description: "a listed object has no Key or no valid Size")
            }
            objects.append(S3ObjectInfo(key: key, size: size, etag: content.text(of: "ETag")))
        }
        let truncated = root.text(of: "IsTruncated") == "true"
        continuationToken = truncated ? root.text(of: "NextContinuationToken") : nil
        if truncated, continuationToken?.isEmpty ?? true {
            throw S3XML.Malformed(description: "a truncated listing gives no NextContinuationToken")
        }
    }
}

/// An S3 error answer (`<Error><Code>NoSuchKey</Code><Message>…</Message></Error>`).
public struct S3ErrorAnswer: Sendable, Equatable {
    /// `NoSuchKey`, `AccessDenied`, `SlowDown`, …
    public var code: String
    /// S3's message.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Reads an error document; nil when the bytes are not one (a HEAD has no body).
    init?(xml bytes: [UInt8]) {
        guard let root = try? S3XML.parse(bytes), root.name == "Error", let code = root.text(of: "Code") else { return nil }
        self.code = code
        message = root.text(of: "Message") ?? ""
    }
}
