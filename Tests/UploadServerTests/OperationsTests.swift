import HTTPTypes
import HummingbirdTesting
import ModelArtifact
import Testing
@testable import UploadServer

@Suite("Health, readiness, metrics, the OpenAPI document, unknown routes, paging")
struct OperationsTests {
    @Test("healthz, readyz, openapi.json and metrics answer without a token")
    func operations() async throws {
        try await ServerHarness.run { server, client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let openapi = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(openapi.status == .ok)
            #expect(openapi.json?.objectValue?["openapi"]?.stringValue?.hasPrefix("3.") == true)
            _ = try await server.upload(client, body: .upload(fileName: "tiny.onnx", try TestFiles.fixture("onnx/tiny.onnx")))
            _ = try await server.upload(client, body: .upload(fileName: "tiny.gguf", try TestFiles.fixture("gguf/tiny.gguf")))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains(#"synap_uploads_total{format="onnx",verdict="none"} 1"#), "\(metrics.text)")
            #expect(metrics.text.contains(#"synap_rejections_total{code="unsupported_format"} 1"#))
            #expect(metrics.text.contains("synap_upload_bytes_received_total"))
            #expect(metrics.text.contains("synap_upload_duration_seconds_bucket"))
        }
    }

    @Test("unknown routes get 404, other methods on known routes 405 with Allow, both with the APIResponse body; bad ids and paging get 400")
    func unknown() async throws {
        try await ServerHarness.run { server, client in
            let headers = try await server.headers()
            for (uri, method) in [("/nope", HTTPRequest.Method.get), ("/ml/projects/12/nope", .post)] {
                // A POST or DELETE without a body goes out chunked: its answer closes the connection.
                let response = try await ServerHarness.fresh(client.port!, uri, method: method, headers: headers)
                #expect(response.status == .notFound, "\(method) \(uri)")
                #expect(response.errorCode == "not_found")
            }
            for (uri, method, allow) in [("/ml/projects/12/models/upload", HTTPRequest.Method.get, "POST"),
                                         ("/ml/projects/12/models", .delete, "GET"), ("/healthz", .post, "GET"),
                                         ("/metrics", .trace, "GET"), ("/ml/projects/12/models/1/file", .put, "GET")] {
                let response = try await ServerHarness.fresh(client.port!, uri, method: method, headers: headers)
                #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(response.errorCode == "method_not_allowed")
                #expect(response.headers[.allow] == allow, "\(method) \(uri)")
            }
            for uri in ["/ml/projects/x/models", "/ml/projects/12/models?limit=0", "/ml/projects/12/models?limit=101",
                        "/ml/projects/12/models?offset=-1", "/ml/projects/12/models?limit=a", "/ml/projects/12/models/x"] {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorCode == "invalid_parameter", "\(uri)")
            }
            let missing = try await client.execute(uri: "/ml/projects/12/models/99", method: .get, headers: headers)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test("the list is newest first and paged")
    func paging() async throws {
        let onnx = try TestFiles.fixture("onnx/tiny.onnx")
        try await ServerHarness.run { server, client in
            var ids: [Int64] = []
            for index in 0..<5 {
                let response = try await server.upload(client, body: .upload(name: "m\(index)", fileName: "tiny.onnx", onnx))
                ids.append(try #require(response.data?["id"]?.intValue))
            }
            let headers = try await server.headers()
            let page = try await client.execute(uri: "/ml/projects/12/models?limit=2&offset=1", method: .get, headers: headers)
            let listed = page.json?.objectValue?["data"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.intValue }
            #expect(listed == [ids[3], ids[2]])
            let meta = page.json?.objectValue?["meta"]?.objectValue
            #expect(meta?["count"] == .int(2) && meta?["limit"] == .int(2) && meta?["offset"] == .int(1) && meta?["total"] == .int(5))
        }
    }
}
