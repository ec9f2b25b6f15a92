import Foundation
import ModelArtifact
import TestSupport
import Testing
@testable import UploadServer

@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("is valid JSON, OpenAPI 3, with the seed's operation, every route and the bearer scheme")
    func document() throws {
        let document = try JSONParser.parse(bytes: Array(OpenAPIDocument.json.utf8))
        let root = try #require(document.objectValue)
        #expect(root["openapi"]?.stringValue?.hasPrefix("3.0") == true)
        let paths = try #require(root["paths"]?.objectValue)
        for path in ["/ml/projects/{id}/models/upload", "/ml/projects/{id}/models", "/ml/projects/{id}/models/{model_id}",
                     "/ml/projects/{id}/models/{model_id}/file", "/healthz", "/readyz", "/metrics", "/openapi.json"] {
            #expect(paths[path] != nil, "\(path)")
        }
        let upload = paths["/ml/projects/{id}/models/upload"]?.objectValue?["post"]?.objectValue
        #expect(upload?["summary"]?.stringValue == "Upload model to project")
        let schemes = root["components"]?.objectValue?["securitySchemes"]?.objectValue
        #expect(schemes?["BearerAuth"]?.objectValue?["scheme"]?.stringValue == "bearer")
    }

    @Test("every error code is documented in docs/server.md")
    func codesDocumented() throws {
        let text = try String(contentsOfFile: TestSupport.Fixtures.packageRoot + "/docs/server.md", encoding: .utf8)
        for code in FailureCode.allCases { #expect(text.contains("`\(code.rawValue)`"), "\(code.rawValue)") }
    }
}
