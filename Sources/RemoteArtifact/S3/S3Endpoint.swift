/// Where S3 requests go: AWS's regional endpoint with virtual-hosted buckets
/// (`bucket.s3.REGION.amazonaws.com`; path-style for a bucket with dots, whose name would break
/// the certificate's wildcard), or an S3-compatible endpoint (`http://127.0.0.1:9000`) with
/// path-style addressing.
public struct S3Endpoint: Sendable, Equatable {
    /// `https` or `http`.
    public let scheme: String
    /// The host (and `:port` when not the scheme's default), as the `Host` header carries it.
    public let authority: String
    /// The region requests are signed for.
    public let region: String
    /// Whether the bucket is the first path segment (always with an endpoint override).
    public let pathStyle: Bool

    /// Why an endpoint cannot be used.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The endpoint `settings` name, or AWS's for their region.
    public init(settings: AWSSettings) throws(Invalid) {
        region = settings.region
        guard let endpoint = settings.endpoint else {
            scheme = "https"
            authority = "s3.\(settings.region).amazonaws.com"
            pathStyle = false
            return
        }
        let parts = endpoint.split(separator: "://", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["http", "https"].contains(parts[0].lowercased()) else {
            throw Invalid(description: "the S3 endpoint '\(endpoint)' is not an http:// or https:// URL")
        }
        var rest = parts[1]
        while rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("?"),
              rest.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Invalid(description: "the S3 endpoint '\(endpoint)' must be scheme://host[:port], with no path")
        }
        scheme = parts[0].lowercased()
        let defaultPort = scheme == "https" ? ":443" : ":80"
        authority = rest.hasSuffix(defaultPort) ? String(rest.dropLast(defaultPort.count)) : rest
        pathStyle = true
    }

    /// The `Host` value and the decoded path of `key` in `bucket` (`key` empty: the bucket itself).
    public func target(bucket: String, key: String) -> (host: String, path: String) {
        if pathStyle || bucket.contains(".") {
            return (authority, key.isEmpty ? "/\(bucket)" : "/\(bucket)/\(key)")
        }
        return ("\(bucket).\(authority)", "/\(key)")
    }

    /// The URL a signed request is sent to.
    public func url(host: String, request: SigV4Request) -> String {
        "\(scheme)://\(host)\(request.encodedTarget)"
    }
}

/// The three S3 operations the tool needs, as requests to sign.
public enum S3Requests {
    /// `HeadObject`.
    /// With `checksums`, S3 also answers the object's stored checksum (`x-amz-checksum-mode: ENABLED`).
    public static func head(_ location: S3Location, endpoint: S3Endpoint, checksums: Bool = false) -> (host: String, request: SigV4Request) {
        let (host, path) = endpoint.target(bucket: location.bucket, key: location.key)
        var headers: [(name: String, value: String)] = [("Host", host)]
        if checksums { headers.append(("x-amz-checksum-mode", "ENABLED")) }
        return (host, SigV4Request(method: "HEAD", path: path, headers: headers))
    }

    /// `GetObject` of `range`.
    /// With `ifMatch`, the read fails (412) when the object's ETag is no longer that one.
    public static func get(_ location: S3Location, range: ByteRangeRequest, endpoint: S3Endpoint,
                           ifMatch: String? = nil) -> (host: String, request: SigV4Request) {
        let (host, path) = endpoint.target(bucket: location.bucket, key: location.key)
        var headers: [(name: String, value: String)] = [("Host", host), ("Range", range.header)]
        if let ifMatch { headers.append(("If-Match", "\"\(ifMatch)\"")) }
        return (host, SigV4Request(method: "GET", path: path, headers: headers))
    }

    /// One page of `ListObjectsV2` under `prefix` (keys URL-encoded in the answer, so any key survives XML).
    public static func list(bucket: String, prefix: String, continuationToken: String?, endpoint: S3Endpoint)
        -> (host: String, request: SigV4Request) {
        let (host, path) = endpoint.target(bucket: bucket, key: "")
        var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix), ("encoding-type", "url")]
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        return (host, SigV4Request(method: "GET", path: path, query: query,
                                   headers: [("Host", host)]))
    }
}
