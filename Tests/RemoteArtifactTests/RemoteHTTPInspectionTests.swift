import Foundation
import Hummingbird
import HummingbirdTesting
import ModelArtifact
import ModelInspector
import NIOCore
import Testing
import TestSupport
@testable import RemoteArtifact

/// Runs `body` on a thread of its own: a reader that waits for a page must not hold a thread of
/// the concurrency pool, which the fetch needs.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

@Suite("Remote files over plain HTTP: demand-paged reads equal local ones")
struct RemoteHTTPInspectionTests {
    /// Fixtures/ at /files (Range, ETag), and at /whole always answered whole with 200.
    private func withServer(_ body: @escaping @Sendable (String, RemoteStore) async throws -> Void) async throws {
        let router = Router()
        router.add(middleware: FileMiddleware(Fixtures.path(""), urlBasePath: "/files"))
        router.get("/whole/**") { request, _ -> Response in
            let bytes = try Fixtures.bytes(String(request.uri.path.dropFirst("/whole/".count)))
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.head("/whole/**") { request, _ -> Response in
            let bytes = try Fixtures.bytes(String(request.uri.path.dropFirst("/whole/".count)))
            var headers = HTTPFields()
            headers[.contentLength] = "\(bytes.count)"
            return Response(status: .ok, headers: headers)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let store = RemoteStore(settings: AWSSettings(credentials: nil, region: "us-east-1", endpoint: nil, profile: "default"))
            do {
                try await body("http://127.0.0.1:\(client.port!)", store)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }

    @Test("ONNX (with external data beside it), TFLite, NBG (with its meta JSON), safetensors and PyTorch read as on disk")
    func sameReports() async throws {
        let names = ["onnx/tiny.onnx", "onnx/external/model.onnx", "tflite/quantized.tflite", "synap/model.nb",
                     "safetensors/tiny.safetensors", "pytorch/state_dict.pt", "gguf/tiny.gguf"]
        try await withServer { base, store in
            for name in names {
                let url = RemoteURL.http(base + "/files/" + name)
                let object = try await store.head(url)
                let (remote, failure) = try await onOwnThread { () -> (JSONValue, ArtifactError?) in
                    let file = try store.open(object)
                    return (try ModelInspector.inspect(file: file).json, file.pageFailure)
                }
                #expect(failure == nil, "\(name)")
                let local = try ModelInspector.inspect(path: Fixtures.path(name)).json
                let rewritten = remote.mapStrings { $0.replacingOccurrences(of: base + "/files/", with: Fixtures.path("")) }
                #expect(rewritten == local, "\(name)")
            }
        }
    }

    @Test("a server that answers a ranged read whole is refused: the pages fail, nothing is downloaded")
    func rangeIgnored() async throws {
        try await withServer { base, store in
            let object = try await store.head(.http(base + "/whole/onnx/features.onnx"))
            let failure = try await onOwnThread { () -> ArtifactError? in
                let file = try store.open(object)
                _ = try? ModelInspector.inspect(file: file)
                return file.pageFailure
            }
            #expect(failure?.rule == "remote-range-ignored", "\(String(describing: failure))")
            #expect(store.totals.bytes == 0)
        }
    }
}
