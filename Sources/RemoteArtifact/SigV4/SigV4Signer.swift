import Crypto
import ModelArtifact
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request as SigV4 sees it: the method, the decoded path and query, the headers, and the hash
/// of the payload.
public struct SigV4Request: Sendable {
    /// `GET`, `HEAD`, …
    public var method: String
    /// The path, decoded (`/bucket/a key`); it is encoded once for the canonical request and for the wire.
    public var path: String
    /// The query's names and values, decoded.
    public var query: [(name: String, value: String)]
    /// The headers, as sent (names in any case; `Host` included).
    public var headers: [(name: String, value: String)]
    /// The payload's SHA-256 in lower-case hex, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    /// A request; the payload hash defaults to that of an empty body.
    public init(method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)], payloadHash: String = SigV4Signer.emptyPayloadHash) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// The path and query as they go on the wire, encoded exactly as they were signed.
    public var encodedTarget: String {
        let path = URIEncoding.encode(path, keepSlash: true)
        return query.isEmpty ? path : path + "?" + SigV4Signer.canonicalQuery(query)
    }
}

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`, the `Authorization` header
/// form), as the AWS SigV4 test suite specifies it; S3 uses it without path normalization and with
/// the payload hash in `x-amz-content-sha256`.
public struct SigV4Signer: Sendable {
    /// The hash of an empty payload.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The credentials to sign with.
    public var credentials: AWSCredentials
    /// `us-east-1`, …
    public var region: String
    /// `s3`, …
    public var service: String
    /// Whether the path's `.`/`..` segments and repeated slashes are removed before signing (every
    /// service but S3).
    public var normalizesPath: Bool
    /// Whether `x-amz-content-sha256` is sent and signed (S3 requires it).
    public var signsPayloadHeader: Bool
    /// Whether the session token is signed (S3 and most services) or only sent (IoT's style).
    public var signsSessionToken: Bool

    /// A signer; the defaults are S3's.
    public init(credentials: AWSCredentials, region: String, service: String = "s3",
                normalizesPath: Bool = false, signsPayloadHeader: Bool = true, signsSessionToken: Bool = true) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath
        self.signsPayloadHeader = signsPayloadHeader
        self.signsSessionToken = signsSessionToken
    }

    /// `request` with `X-Amz-Date`, the session token and payload headers when due, and
    /// `Authorization` added.
    public func sign(_ request: SigV4Request, at date: Date) -> SigV4Request {
        var signed = request
        let time = SigV4Time(date)
        signed.headers.append(("X-Amz-Date", time.stamp))
        let token = credentials.sessionToken.map { ("X-Amz-Security-Token", $0) }
        if let token, signsSessionToken { signed.headers.append(token) }
        if signsPayloadHeader { signed.headers.append(("x-amz-content-sha256", request.payloadHash)) }
        let (canonical, signedHeaders) = canonicalRequest(signed)
        let signature = self.signature(stringToSign: stringToSign(canonicalRequest: canonical, time: time), day: time.day)
        let scope = "\(time.day)/\(region)/\(service)/aws4_request"
        signed.headers.append(("Authorization",
                               "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        if let token, !signsSessionToken { signed.headers.append(token) }
        return signed
    }

    /// The canonical request of `request` (its headers as they will be sent) and its signed header list.
    public func canonicalRequest(_ request: SigV4Request) -> (text: String, signedHeaders: String) {
        var path = normalizesPath ? Self.normalized(request.path) : request.path
        if path.isEmpty { path = "/" }
        // Headers: names lower-cased, values trimmed with inner runs of blanks as one space,
        // repeated names joined with commas in the order sent; sorted by name.
        var values: [String: [String]] = [:]
        for (name, value) in request.headers {
            values[name.lowercased(), default: []].append(Self.trimmed(value))
        }
        let names = values.keys.sorted()
        let headerLines = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [request.method, URIEncoding.encode(path, keepSlash: true), Self.canonicalQuery(request.query),
                    headerLines, signedHeaders, request.payloadHash].joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// The string to sign for a canonical request at `time`.
    func stringToSign(canonicalRequest: String, time: SigV4Time) -> String {
        let hash = SHA256.hash(data: Array(canonicalRequest.utf8))
        return ["AWS4-HMAC-SHA256", time.stamp, "\(time.day)/\(region)/\(service)/aws4_request",
                HexText.lowercase(hash)].joined(separator: "\n")
    }

    /// The signature of `stringToSign`, with the key derived for `day` (`yyyyMMdd`).
    func signature(stringToSign: String, day: String) -> String {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return HexText.lowercase(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    /// The query, each name and value encoded, sorted by name then value, joined with `&`.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// `path` with `.` and `..` segments resolved and empty segments dropped (RFC 3986 §5.2.4),
    /// keeping a trailing slash.
    static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let trailing = path.hasSuffix("/") && !segments.isEmpty
        return "/" + segments.joined(separator: "/") + (trailing ? "/" : "")
    }

    private static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

}

/// A signing time in SigV4's two forms: `20150830T123600Z` and `20150830`.
struct SigV4Time {
    let stamp: String
    let day: String

    init(_ date: Date) {
        let time = CivilTime(secondsSinceEpoch: Int64(date.timeIntervalSince1970.rounded(.down)))
        let digits = CivilTime.digits
        day = digits(time.year, 4) + digits(time.month, 2) + digits(time.day, 2)
        stamp = day + "T" + digits(time.hour, 2) + digits(time.minute, 2) + digits(time.second, 2) + "Z"
    }
}
