#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import TestSupport
import Checksums
@testable import RemoteArtifact

/// The S3 test server `scripts/s3-test-server.py` starts (moto, signatures checked, the fixtures
/// uploaded), from the variables it writes; nil when it is not running. `.ci/run` starts it and sets
/// REQUIRE_S3=1, so that there a missing server fails instead of skipping.
struct S3TestServer {
    let endpoint: String
    let bucket: String
    let keyID: String
    let secret: String

    static let current: S3TestServer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["SYNAP_TEST_S3_ENDPOINT"], let bucket = environment["SYNAP_TEST_S3_BUCKET"],
              let keyID = environment["SYNAP_TEST_S3_ACCESS_KEY_ID"], let secret = environment["SYNAP_TEST_S3_SECRET_ACCESS_KEY"]
        else { return nil }
        return S3TestServer(endpoint: endpoint, bucket: bucket, keyID: keyID, secret: secret)
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["REQUIRE_S3"] == "1" }

    func settings(secret: String? = nil, credentials: Bool = true) -> AWSSettings {
        AWSSettings(credentials: credentials ? AWSCredentials(accessKeyID: keyID, secretAccessKey: secret ?? self.secret) : nil,
                    region: "us-east-1", endpoint: endpoint, profile: "default")
    }
}

@Suite("S3Client against a real S3 API (moto, signatures checked)", .enabled(if: S3TestServer.current != nil || S3TestServer.required))
struct S3ClientTests {
    private func server() throws -> S3TestServer {
        try #require(S3TestServer.current, "REQUIRE_S3=1 but no S3 test server: start scripts/s3-test-server.py and source its env file")
    }

    private func withClient<T>(_ settings: AWSSettings, _ body: (S3Client) async throws -> T) async throws -> T {
        let exchange = HTTPExchange()
        do {
            let result = try await body(try S3Client(settings: settings, exchange: exchange))
            await exchange.shutdown()
            return result
        } catch {
            await exchange.shutdown()
            throw error
        }
    }

    @Test("HeadObject and ranged reads give the local file's size and bytes; a read past the end is cut short")
    func headAndRead() async throws {
        let server = try server()
        let local = try Fixtures.bytes("onnx/features.onnx")
        try await withClient(server.settings()) { client in
            for key in ["onnx/features.onnx", "with space/onnx/features.onnx"] {
                let location = S3Location(bucket: server.bucket, key: key)
                #expect(try await client.head(location).size == Int64(local.count))
                let (bytes, total) = try await client.read(location, range: ByteRangeRequest(offset: 100, length: 200))
                #expect(bytes == Array(local[100..<300]) && total == Int64(local.count))
                let tail = try await client.read(location, range: ByteRangeRequest(offset: Int64(local.count - 10), length: 4096))
                #expect(tail.bytes == Array(local.suffix(10)))
            }
        }
    }

    @Test("ListObjectsV2 under a prefix holding '/' and ' ', across pages")
    func list() async throws {
        let server = try server()
        try await withClient(server.settings()) { client in
            let keys = try await client.list(bucket: server.bucket, prefix: "with space/checkpoint/tiny-llama/").map(\.key)
            #expect(keys == ["config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                             "model.safetensors.index.json"].map { "with space/checkpoint/tiny-llama/" + $0 })
            let all = try await client.list(bucket: server.bucket, prefix: "")
            #expect(all.count >= 96 && Set(all.map(\.key)).count == all.count)
        }
    }

    @Test("a wrong secret is access denied, a missing key or bucket not found, no credentials says so; each names the URL")
    func errors() async throws {
        let server = try server()
        try await withClient(server.settings(secret: "wrong" + server.secret)) { client in
            let denied = await remoteError { _ = try await client.list(bucket: server.bucket, prefix: "onnx/") }
            #expect(denied?.kind == .accessDenied && denied?.url == "s3://\(server.bucket)/onnx/", "\(String(describing: denied))")
            let head = await remoteError { _ = try await client.head(S3Location(bucket: server.bucket, key: "onnx/tiny.onnx")) }
            #expect(head?.kind == .accessDenied, "\(String(describing: head))")
        }
        try await withClient(server.settings()) { client in
            let key = await remoteError {
                _ = try await client.read(S3Location(bucket: server.bucket, key: "no/such.onnx"), range: ByteRangeRequest(offset: 0, length: 8))
            }
            #expect(key?.kind == .notFound && key?.description.contains("NoSuchKey") == true, "\(String(describing: key))")
            let bucket = await remoteError { _ = try await client.list(bucket: "no-such-bucket", prefix: "") }
            #expect(bucket?.kind == .notFound && bucket?.description.contains("NoSuchBucket") == true, "\(String(describing: bucket))")
        }
        try await withClient(server.settings(credentials: false)) { client in
            let anonymous = await remoteError { _ = try await client.list(bucket: server.bucket, prefix: "") }
            #expect(anonymous?.kind == .noCredentials, "\(String(describing: anonymous))")
        }
    }
}

@Suite("An S3 object read whole by parallel ranged GETs digests as the local file does", .enabled(if: S3TestServer.current != nil || S3TestServer.required))
struct S3StreamDigestTests {
    @Test("sha256, md5 and the plain-MD5 ETag of a fixture, read in 97-byte parts, 4 at a time")
    func digest() async throws {
        let server = try #require(S3TestServer.current)
        let path = Fixtures.path("tflite/quantized.tflite")
        let local = try FileDigester().digest(path: path, algorithms: [.sha256, .md5, .etag(partSize: DigestAlgorithm.defaultPartSize)])
        let exchange = HTTPExchange()
        let client = try S3Client(settings: server.settings(), exchange: exchange)
        let location = S3Location(bucket: server.bucket, key: "with space/tflite/quantized.tflite")
        let size = try await client.head(location).size
        var digester = StreamDigester(size: Int(size), algorithms: [.sha256, .md5, .etag(partSize: DigestAlgorithm.defaultPartSize)])
        try await OrderedRangeReader.read(url: location.description, size: size, partSize: 97, parallel: 4,
                                          fetch: { range throws(RemoteError) in try await client.read(location, range: range).bytes },
                                          consume: { bytes in bytes.withUnsafeBytes { digester.feed($0) } })
        let remote = digester.result(name: path)
        await exchange.shutdown()
        #expect(remote == local)
        #expect(exchange.totals.requests == 1 + (Int(size) + 96) / 97)
    }
}
