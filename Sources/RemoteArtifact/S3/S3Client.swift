#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// HeadObject, ranged GetObject and ListObjectsV2 against S3 or an S3-compatible endpoint, signed
/// with SigV4 (each try signed anew), retried by the exchange's policy, every failure a
/// `RemoteError` naming the URL.
public struct S3Client: Sendable {
    /// The settings the client was made from.
    public let settings: AWSSettings
    /// Where the requests go.
    public let endpoint: S3Endpoint
    private let exchange: HTTPExchange
    private let signer: SigV4Signer?

    /// The most objects a listing returns (a prefix holding more is refused).
    public static let maxListedObjects = 100_000
    /// The most bytes of one listing page.
    static let maxListPageBytes = 16 << 20

    /// Whether requests may go unsigned when no credentials were found (public buckets, as the AWS
    /// CLI's `--no-sign-request`); otherwise a missing key is an error before anything is sent.
    private let unsigned: Bool

    /// A client for `settings`.
    public init(settings: AWSSettings, exchange: HTTPExchange, unsigned: Bool = false) throws(RemoteError) {
        self.unsigned = unsigned
        self.settings = settings
        do {
            endpoint = try S3Endpoint(settings: settings)
        } catch {
            throw RemoteError(.invalidLocation, url: settings.endpoint ?? "", error.description)
        }
        self.exchange = exchange
        signer = settings.credentials.map { SigV4Signer(credentials: $0, region: settings.region) }
    }

    /// The object's size and ETag.
    public func head(_ location: S3Location) async throws(RemoteError) -> S3ObjectInfo {
        let (host, request) = S3Requests.head(location, endpoint: endpoint, checksums: true)
        let answer = try await send(request, host: host, location: location.description, limit: 0)
        guard answer.status == 200 else { throw failure(answer, location: location.description) }
        guard let size = answer.header("Content-Length").flatMap({ Int64($0) }), size >= 0 else {
            throw RemoteError(.badAnswer, url: location.description, "HeadObject answered without a Content-Length")
        }
        var info = S3ObjectInfo(key: location.key, size: size, etag: answer.header("ETag"))
        info.checksumSHA256 = answer.header("x-amz-checksum-sha256")
        return info
    }

    /// The bytes of `range` (fewer at the object's end) and the object's total size.
    /// With `ifMatch` (the ETag read when the object was opened), an object replaced since is an
    /// error rather than a mix of two objects' bytes.
    public func read(_ location: S3Location, range: ByteRangeRequest,
                     ifMatch: String? = nil) async throws(RemoteError) -> (bytes: [UInt8], total: Int64?) {
        let (host, request) = S3Requests.get(location, range: range, endpoint: endpoint, ifMatch: ifMatch)
        let url = location.description
        let answer = try await send(request, host: host, location: url, limit: Int(range.length))
        guard answer.status == 206 || answer.status == 200 else { throw failure(answer, location: url) }
        return try answer.rangedBytes(range, name: url)
    }

    /// Every object under `prefix` in `bucket`, in key order, across pages.
    public func list(bucket: String, prefix: String) async throws(RemoteError) -> [S3ObjectInfo] {
        var objects: [S3ObjectInfo] = []
        var token: String?
        let url = S3Location(bucket: bucket, key: prefix).description
        repeat {
            let (host, request) = S3Requests.list(bucket: bucket, prefix: prefix, continuationToken: token, endpoint: endpoint)
            let answer = try await send(request, host: host, location: url, limit: Self.maxListPageBytes)
            guard answer.status == 200 else { throw failure(answer, location: url) }
            let page: S3ListPage
            do { page = try S3ListPage(xml: answer.body) } catch {
                throw RemoteError(.badAnswer, url: url, error.description)
            }
            objects += page.objects
            guard objects.count <= Self.maxListedObjects else {
                throw RemoteError(.badAnswer, url: url, "the prefix holds more than \(Self.maxListedObjects) objects")
            }
            token = page.continuationToken
        } while token != nil
        return objects
    }

    private func send(_ request: SigV4Request, host: String, location: String, limit: Int) async throws(RemoteError) -> HTTPAnswer {
        let url = endpoint.url(host: host, request: request)
        let signer = signer
        guard signer != nil || unsigned else {
            throw RemoteError(.noCredentials, url: location,
                              "no AWS credentials found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials [\(settings.profile)])")
        }
        return try await exchange.send(method: request.method, url: url, limit: limit) {
            (signer.map { $0.sign(request, at: Date()) } ?? request).headers
        }
    }

    /// The error an unsuccessful answer means, a 403 saying where the credentials came from.
    private func failure(_ answer: HTTPAnswer, location: String) -> RemoteError {
        let error = answer.failure(name: location)
        guard error.kind == .accessDenied else { return error }
        let source = signer == nil ? "the request went unsigned" : "credentials from \(settings.credentials?.source ?? "?")"
        return RemoteError(.accessDenied, url: location, "\(error.detail) (\(source))")
    }
}
