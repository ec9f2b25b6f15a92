import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Testing
@testable import UploadServer

@Suite("Auth: 401 without a valid token, 403 for another project, both with the APIResponse body")
struct AuthTests {
    private let routes = ["/ml/projects/12/models", "/ml/projects/12/models/1", "/ml/projects/12/models/1/file"]

    @Test("missing, malformed, forged and expired tokens get 401; another project's token 403")
    func tokens() async throws {
        let onnx = MultipartBody.upload(fileName: "tiny.onnx", try TestFiles.fixture("onnx/tiny.onnx"))
        try await ServerHarness.run { server, client in
            let forger = JWTKeyCollection()
            await forger.add(hmac: HMACKey(from: "not the server secret, but long enough for HS256 at least"), digestAlgorithm: .sha256)
            let forged = try await forger.sign(ProjectClaims(projects: [12], expiration: .init(value: Date().addingTimeInterval(60))))
            let expired = try await server.keys.keys.sign(ProjectClaims(projects: [12], expiration: .init(value: Date().addingTimeInterval(-5))))
            let cases: [(String?, HTTPResponse.Status, String)] = [
                (nil, .unauthorized, "unauthorized"), ("Basic dXNlcjpwdw==", .unauthorized, "unauthorized"),
                ("Bearer not.a.jwt", .unauthorized, "unauthorized"), ("Bearer \(forged)", .unauthorized, "unauthorized"),
                ("Bearer \(expired)", .unauthorized, "unauthorized"),
                ("Bearer \(try await server.token([13]))", .forbidden, "forbidden"),
            ]
            for (authorization, status, code) in cases {
                var headers: HTTPFields = [.contentType: MultipartBody.contentType]
                if let authorization { headers[.authorization] = authorization }
                let upload = try await ServerHarness.fresh(client.port!, "/ml/projects/12/models/upload", headers: headers, body: onnx.buffer)
                #expect(upload.status == status, "\(authorization ?? "none"): \(upload.text)")
                #expect(upload.errorCode == code)
                for route in routes {
                    let read = try await client.execute(uri: route, method: .get, headers: headers)
                    #expect(read.status == status, "\(route)")
                    #expect(read.errorCode == code)
                }
            }
            #expect(try await server.rowCount() == 0)
            #expect(server.storedFiles().artifacts.isEmpty)
        }
    }
}
