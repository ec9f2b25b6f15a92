/// What a HEAD (or a listing) said about a remote object.
public struct RemoteObject: Sendable, Equatable {
    /// Where it is.
    public var url: RemoteURL
    /// Its size in bytes.
    public var size: Int64
    /// Its ETag, as the store gives it (S3: without quotes; `<md5>-<parts>` for a multipart upload).
    public var etag: String?
    /// The SHA-256 checksum S3 keeps for it (`x-amz-checksum-sha256`, base64), when it has one.
    public var checksumSHA256: String?

    public init(url: RemoteURL, size: Int64, etag: String?, checksumSHA256: String? = nil) {
        self.url = url
        self.size = size
        self.etag = etag
        self.checksumSHA256 = checksumSHA256
    }

    /// The ETag to send as `If-Match` so that a read of a replaced object fails: S3's always; an
    /// HTTP server's when it is strong (a weak `W/` ETag never matches a ranged read).
    var readPrecondition: String? {
        guard let etag, !etag.hasPrefix("W/") else { return nil }
        return etag
    }
}
