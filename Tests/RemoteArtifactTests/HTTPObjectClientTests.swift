import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import TestSupport
@testable import RemoteArtifact

@Suite("HTTPObjectClient against a live server: Range honoured, Range ignored, missing objects")
struct HTTPObjectClientTests {
    /// Serves Fixtures/ at /files (Hummingbird's FileMiddleware: Range, ETag, Content-Length) and at
    /// /whole/NAME always whole with 200, as a server that ignores Range does.
    private func withServer(_ body: @escaping @Sendable (String, HTTPObjectClient, HTTPExchange) async throws -> Void) async throws {
        let router = Router()
        router.add(middleware: FileMiddleware(Fixtures.path(""), urlBasePath: "/files"))
        let tries = Mutex(0)
        // 503 twice, then the first 16 bytes as a 206; /busy/ is always 503.
        router.get("/flaky") { _, _ -> Response in
            guard tries.withLock({ $0 += 1; return $0 }) > 2 else { return Response(status: .serviceUnavailable) }
            var headers = HTTPFields()
            headers[.contentRange] = "bytes 0-15/32"
            return Response(status: .partialContent, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(repeating: 7, count: 16)))
        }
        router.get("/busy") { _, _ in Response(status: .serviceUnavailable) }
        router.get("/whole/**") { request, _ -> Response in
            let name = request.uri.path.dropFirst("/whole/".count)
            let bytes = try Fixtures.bytes(String(name))
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let exchange = HTTPExchange()
            do {
                try await body("http://127.0.0.1:\(client.port!)", HTTPObjectClient(exchange: exchange), exchange)
            } catch {
                await exchange.shutdown()
                throw error
            }
            await exchange.shutdown()
        }
    }

    @Test("HEAD and ranged GETs give the file's size and bytes")
    func ranges() async throws {
        let local = try Fixtures.bytes("tflite/quantized.tflite")
        try await withServer { base, client, exchange in
            let url = base + "/files/tflite/quantized.tflite"
            #expect(try await client.head(url).size == Int64(local.count))
            let (bytes, total) = try await client.read(url, range: ByteRangeRequest(offset: 8, length: 100))
            #expect(bytes == Array(local[8..<108]) && total == Int64(local.count))
        }
    }

    @Test("a server that ignores Range is refused, a missing object is not found; both name the URL")
    func refusals() async throws {
        try await withServer { base, client, exchange in
            let ignored = await remoteError {
                _ = try await client.read(base + "/whole/tflite/quantized.tflite", range: ByteRangeRequest(offset: 0, length: 16))
            }
            #expect(ignored?.kind == .rangeIgnored && ignored?.url.hasSuffix("/whole/tflite/quantized.tflite") == true,
                    "\(String(describing: ignored))")
            let missing = await remoteError { _ = try await client.head(base + "/files/no/such.onnx") }
            #expect(missing?.kind == .notFound, "\(String(describing: missing))")
        }
    }

    @Test("5xx answers are tried again with backoff: a server busy twice then serving is read; one always busy is throttled after four tries")
    func retries() async throws {
        try await withServer { base, client, exchange in
            let (bytes, total) = try await client.read(base + "/flaky", range: ByteRangeRequest(offset: 0, length: 16))
            #expect(bytes == [UInt8](repeating: 7, count: 16) && total == 32)
            #expect(exchange.totals.requests == 3)
            let busy = await remoteError { _ = try await client.read(base + "/busy", range: ByteRangeRequest(offset: 0, length: 16)) }
            #expect(busy?.kind == .throttled, "\(String(describing: busy))")
            #expect(exchange.totals.requests == 3 + RetryPolicy().maxAttempts)
        }
    }

    @Test("the retry policy: what is retried, and backoffs within full jitter of 100 ms doubling to 2 s")
    func policy() {
        let policy = RetryPolicy()
        #expect(policy.retries(status: 500, code: nil) && policy.retries(status: 503, code: nil) && policy.retries(status: 429, code: nil))
        #expect(policy.retries(status: 400, code: "RequestTimeout") && policy.retries(status: 200, code: "SlowDown"))
        #expect(!policy.retries(status: 403, code: "AccessDenied") && !policy.retries(status: 404, code: "NoSuchKey"))
        var random = SplitMix64(seed: 3)
        for attempt in 2...12 {
            let ceiling = min(2000, 100 << (attempt - 2))
            for _ in 0..<50 {
                #expect((0...ceiling).contains(policy.backoffMilliseconds(beforeAttempt: attempt, using: &random)))
            }
        }
    }
}
