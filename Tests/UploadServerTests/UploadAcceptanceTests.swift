import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import ModelArtifact
import Testing
import TestSupport
import UploadRecords
@testable import UploadServer

@Suite("Uploads that pass: 201, stored, recorded, read back")
struct UploadAcceptanceTests {
    static let fixtures = [
        "onnx/tiny.onnx", "onnx/features.onnx", "pytorch/state_dict.pt", "pytorch/torchscript.pt", "pytorch/legacy.pt",
        "tflite/quantized.tflite", "tflite/offset-buffers.tflite", "synap/two-subgraphs.synap", "synap/deflated.synap",
    ]

    @Test("every fixture of the four formats is accepted with the seed's record, and reads back", arguments: fixtures)
    func fixture(_ relative: String) async throws {
        let bytes = try TestFiles.fixture(relative)
        let fileName = String(relative.split(separator: "/").last!)
        try await ServerHarness.run { server, client in
            let response = try await server.upload(client, body: .upload(name: "vad", versionID: "3", fileName: fileName, bytes))
            #expect(response.status == .created, "\(response.text)")
            let data = try #require(response.data)
            // The seed's nine keys with their types, then ours.
            #expect(data["id"]?.intValue != nil)
            #expect(data["project_id"] == .int(12))
            #expect(data["version_id"] == .int(3))
            #expect(data["is_reference"] == .bool(false))
            #expect(data["source_model_version_id"] == .null)
            #expect(data["artifact_uri"]?.stringValue?.hasPrefix("file://") == true)
            #expect(data["created_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(data["updated_at"]?.stringValue != nil)
            let format = try #require(data["format"]?.stringValue)
            #expect(fileName.hasSuffix("." + format))
            #expect(data["name"] == .string("vad"))
            #expect(data["size"] == .int(Int64(bytes.count)))
            let sha = HexText.lowercase(SHA256.hash(data: bytes))
            #expect(data["sha256"] == .string(sha))
            #expect(data["verdict"] == (format == "pt" ? .string("safe") : .null))
            #expect(data["report"] == nil)

            // Stored once, no temporary object left; recorded once.
            let files = server.storedFiles()
            #expect(files.artifacts.count == 1 && files.artifacts[0].hasPrefix("12/") && files.artifacts[0].hasSuffix("." + format))
            #expect(files.temporary.isEmpty)
            #expect(try await server.rowCount() == 1)

            try await readBack(server, client, id: data["id"]!.intValue!, bytes: bytes, sha: sha, fileName: fileName)
        }
    }

    private func readBack(_ server: ServerHarness, _ client: any TestClientProtocol, id: Int64, bytes: [UInt8], sha: String,
                          fileName: String) async throws {
        let headers = try await server.headers()
        let detail = try await client.execute(uri: "/ml/projects/12/models/\(id)", method: .get, headers: headers)
        #expect(detail.status == .ok)
        let report = try #require(detail.data?["report"]?.objectValue)
        #expect(report["path"] == .string(fileName), "the report names the uploaded file, not the temporary one")
        #expect(!detail.text.contains(".incoming"))

        let list = try await client.execute(uri: "/ml/projects/12/models", method: .get, headers: headers)
        #expect(list.status == .ok)
        #expect(list.json?.objectValue?["data"]?.arrayValue?.count == 1)
        #expect(list.json?.objectValue?["meta"]?.objectValue?["total"] == .int(1))

        let file = try await client.execute(uri: "/ml/projects/12/models/\(id)/file", method: .get, headers: headers)
        #expect(file.status == .ok)
        #expect(Array(file.body.readableBytesView) == bytes)
        #expect(file.headers[.eTag] == "\"\(sha)\"")

        var ranged = headers
        ranged[.range] = "bytes=1-4"
        let part = try await client.execute(uri: "/ml/projects/12/models/\(id)/file", method: .get, headers: ranged)
        #expect(part.status == .partialContent)
        #expect(Array(part.body.readableBytesView) == Array(bytes[1...4]))
        #expect(part.headers[.contentRange] == "bytes 1-4/\(bytes.count)")

        ranged[.range] = "bytes=\(bytes.count)-"
        let past = try await client.execute(uri: "/ml/projects/12/models/\(id)/file", method: .get, headers: ranged)
        #expect(past.status == .rangeNotSatisfiable)
        #expect(past.errorCode == "range_not_satisfiable")
        #expect(past.headers[.contentRange] == "bytes */\(bytes.count)")
    }

    @Test("every corpus file of the four formats gets the answer its reference report implies")
    func corpus() async throws {
        let root = CorpusLocation.root
        guard FileManager.default.fileExists(atPath: root + "/expected") else {
            if ProcessInfo.processInfo.environment["REQUIRE_CORPUS"] == "1" { Issue.record("no corpus at \(root)") }
            return
        }
        let extensions: Set<String> = ["onnx", "pt", "tflite", "synap"]
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix("expected/") && extensions.contains(($0 as NSString).pathExtension) }
            .sorted()
        #expect(files.count > 20)
        try await ServerHarness.run { server, client in
            var accepted = 0
            for relative in files {
                let expected = try JSONParser.parse(bytes: TestFiles.corpus(CorpusLocation.expectedReport(for: relative))).objectValue
                let verdict = expected?["verdict"]?.stringValue
                let errors = expected?["findings"]?.arrayValue?.contains { $0.objectValue?["severity"] == .string("error") } ?? false
                let name = (relative as NSString).lastPathComponent
                let response = try await server.upload(client, body: .upload(fileName: name, try TestFiles.corpus(relative)))
                let format = expected?["format"]?.stringValue.flatMap(ModelFormat.init(rawValue:)).flatMap(UploadFormat.init(detected:))
                if format == nil {
                    #expect(response.errorCode == "unsupported_format", "\(relative): \(response.text)")
                } else if let format, !name.hasSuffix(format.fileExtension) {
                    #expect(response.errorCode == "extension_mismatch", "\(relative): \(response.text)")
                } else if let verdict, verdict != "safe" {
                    #expect(response.errorCode == "unsafe_pickle", "\(relative): \(response.text)")
                } else if errors {
                    #expect(response.errorCode == "invalid_model", "\(relative): \(response.text)")
                } else {
                    #expect(response.status == .created, "\(relative): \(response.text)")
                    if response.status == .created { accepted += 1 }
                }
            }
            #expect(try await server.rowCount() == accepted)
            #expect(server.storedFiles().artifacts.count == accepted)
        }
    }
}

extension TestFiles {
    static func corpus(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: CorpusLocation.path(relative))))
    }
}
