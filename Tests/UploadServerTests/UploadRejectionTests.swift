import Foundation
import HTTPTypes
import HummingbirdTesting
import ModelArtifact
import Testing
import TestSupport
@testable import UploadServer

@Suite("Uploads that are refused: the code, and nothing stored or recorded")
struct UploadRejectionTests {
    /// Uploads `body` (with `contentType`) and expects `status` with `code`, no artifact, no temporary object and no row.
    private func expectRefused(_ body: MultipartBody, contentType: String = MultipartBody.contentType,
                               status: HTTPResponse.Status = .badRequest, code: String,
                               check: @escaping @Sendable (TestClient.Response) -> Void = { _ in }) async throws {
        try await ServerHarness.run { server, client in
            let response = try await ServerHarness.fresh(client.port!, "/ml/projects/12/models/upload",
                                                         headers: try await server.headers(contentType: contentType), body: body.buffer)
            #expect(response.status == status, "\(response.text)")
            #expect(response.errorCode == code, "\(response.text)")
            #expect(response.json?.objectValue?["error"]?.objectValue?["message"]?.stringValue?.isEmpty == false)
            check(response)
            let files = server.storedFiles()
            #expect(files.artifacts.isEmpty && files.temporary.isEmpty, "\(files)")
            #expect(try await server.rowCount() == 0)
        }
    }

    @Test("a hostile pickle: unsafe_pickle, the disallowed globals in the details")
    func unsafePickle() async throws {
        try await expectRefused(.upload(fileName: "unsafe.pt", try TestFiles.fixture("pytorch/unsafe.pt")), code: "unsafe_pickle") { response in
            let details = response.json?.objectValue?["error"]?.objectValue?["details"]?.stringValue ?? ""
            let globals = (try? JSONParser.parse(bytes: Array(details.utf8)))?.arrayValue ?? []
            #expect(!globals.isEmpty, "\(details)")
            #expect(globals.allSatisfy { $0.objectValue?["global"]?.stringValue != nil })
        }
    }

    @Test("content outside the four formats: unsupported_format")
    func unsupported() async throws {
        try await expectRefused(.upload(fileName: "tiny.gguf", try TestFiles.fixture("gguf/tiny.gguf")), code: "unsupported_format")
        try await expectRefused(.upload(fileName: "m.onnx", []), code: "unsupported_format")
    }

    @Test("a name that disagrees with the content: extension_mismatch")
    func mismatch() async throws {
        try await expectRefused(.upload(fileName: "tiny.pt", try TestFiles.fixture("onnx/tiny.onnx")), code: "extension_mismatch")
    }

    @Test("missing name, missing file, bad version_id, empty name, two files")
    func fields() async throws {
        let onnx = try TestFiles.fixture("onnx/tiny.onnx")
        var noName = MultipartBody()
        noName.file(fileName: "tiny.onnx", onnx)
        noName.close()
        try await expectRefused(noName, code: "missing_field")
        var noFile = MultipartBody()
        noFile.field("name", "vad")
        noFile.close()
        try await expectRefused(noFile, code: "missing_field")
        try await expectRefused(.upload(versionID: "seven", fileName: "tiny.onnx", onnx), code: "invalid_field")
        try await expectRefused(.upload(versionID: "-1", fileName: "tiny.onnx", onnx), code: "invalid_field")
        try await expectRefused(.upload(name: "  ", fileName: "tiny.onnx", onnx), code: "invalid_field")
        var two = MultipartBody()
        two.field("name", "vad")
        two.file(fileName: "tiny.onnx", onnx)
        two.file(fileName: "tiny.onnx", onnx)
        two.close()
        try await expectRefused(two, code: "duplicate_file")
    }

    @Test("not multipart, no boundary, a wrong boundary")
    func boundaries() async throws {
        let body = MultipartBody.upload(fileName: "tiny.onnx", try TestFiles.fixture("onnx/tiny.onnx"))
        try await expectRefused(body, contentType: "application/json", code: "not_multipart")
        try await expectRefused(body, contentType: "multipart/form-data", code: "bad_boundary")
        try await expectRefused(body, contentType: "multipart/form-data; boundary=somethingElse", code: "bad_boundary")
    }

    @Test("hostile part headers: a byte of 0x80 or more in a header name (schemathesis found multipart-kit trapping on it), a control byte, no colon")
    func hostileHeaders() async throws {
        let boundary = MultipartBody.boundary
        let bodies: [[UInt8]] = [
            Array("--\(boundary)\r\n".utf8) + [0xC3, 0x9E, 0x24, 0xC2, 0x93, 0x10, 0x00, 0x27, 0xC2, 0xB4] + Array("^z,--\(boundary)--\r\n".utf8),
            Array("--\(boundary)\r\nN\u{7F}me: x\r\n\r\nvad\r\n--\(boundary)--\r\n".utf8),
            Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\u{01}\r\n\r\nvad\r\n--\(boundary)--\r\n".utf8),
            Array("--\(boundary)\r\nno colon here\r\n\r\nvad\r\n--\(boundary)--\r\n".utf8),
        ]
        for body in bodies {
            try await expectRefused(MultipartBody(raw: body), code: "malformed_multipart")
        }
    }

    @Test("a truncated body leaves no artifact and no row, wherever it is cut")
    func truncated() async throws {
        let whole = MultipartBody.upload(fileName: "state_dict.pt", try TestFiles.fixture("pytorch/state_dict.pt")).bytes
        for cut in [whole.count / 2, whole.count - 10] {
            try await expectRefused(MultipartBody(raw: Array(whole[..<cut])), code: "truncated_body")
        }
    }

    @Test("part headers over 16 KiB: part_headers_too_large")
    func headers() async throws {
        var body = MultipartBody()
        body.field("name", "vad")
        body.part(headers: "Content-Disposition: form-data; name=\"model_file\"; filename=\"tiny.onnx\"\r\nX-Pad: "
                  + String(repeating: "p", count: 17 * 1024), try TestFiles.fixture("onnx/tiny.onnx"))
        body.close()
        try await expectRefused(body, code: "part_headers_too_large")
    }

    @Test("a second upload for the same version_id: version_exists, and only the first is kept")
    func versionExists() async throws {
        let onnx = try TestFiles.fixture("onnx/tiny.onnx")
        try await ServerHarness.run { server, client in
            let first = try await server.upload(client, body: .upload(versionID: "5", fileName: "tiny.onnx", onnx))
            #expect(first.status == .created)
            let second = try await server.upload(client, body: .upload(versionID: "5", fileName: "tiny.onnx", onnx))
            #expect(second.errorCode == "version_exists", "\(second.text)")
            // version 0 (absent) may repeat.
            #expect(try await server.upload(client, body: .upload(fileName: "tiny.onnx", onnx)).status == .created)
            #expect(try await server.upload(client, body: .upload(versionID: "0", fileName: "tiny.onnx", onnx)).status == .created)
            #expect(try await server.rowCount() == 3)
            #expect(server.storedFiles().artifacts.count == 3)
        }
    }

    @Test("the unique index decides when the early check passed: the committed file is removed")
    func versionRace() async throws {
        let onnx = try TestFiles.fixture("onnx/tiny.onnx")
        // version_id after model_file: the early check runs before the row of a concurrent upload exists.
        try await ServerHarness.run { server, client in
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        var body = MultipartBody()
                        body.field("name", "vad")
                        body.file(fileName: "tiny.onnx", onnx)
                        body.field("version_id", "9")
                        body.close()
                        let response = try await ServerHarness.fresh(client.port!, "/ml/projects/12/models/upload",
                                                                     headers: try await server.headers(contentType: MultipartBody.contentType),
                                                                     body: body.buffer)
                        return response.status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(results.filter { $0 == 201 }.count == 1, "\(results)")
            #expect(results.filter { $0 == 400 }.count == 5, "\(results)")
            #expect(try await server.rowCount() == 1)
            #expect(server.storedFiles().artifacts.count == 1)
        }
    }
}

extension MultipartBody {
    /// A body of raw bytes.
    init(raw: [UInt8]) {
        self.init()
        append(raw)
    }
}
