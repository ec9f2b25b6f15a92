import Foundation
import ModelArtifact
import Testing
import TestSupport

/// `synap-tool inspect` on ONNX models: the human view's graph, checker, subgraphs, functions and
/// external files, and the JSON's `checker`.
@Suite struct ONNXCLITests {
    @Test func inspectShowsTheGraphAndItsParts() throws {
        let result = try CLITests.run(["inspect", Fixtures.path("onnx/features.onnx")])
        #expect(result.status == 0)
        for text in ["ai.onnx 17, ai.onnx.ml 3, local.fn 1", "optional(tensor(float))", "seq(map(int64,tensor(float)))",
                     "checker     ok", "choose.else_branch/else_loop.body", "local.fn:Square", "sparse initializers (1)",
                     "ai.onnx.ml:ZipMap 1"] {
            #expect(result.stdout.contains(text), "\(text)")
        }
    }

    @Test func inspectListsExternalFilesAndMissingOnes() throws {
        let scratch = try ScratchFolder("onnx-cli")
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("onnx/external")
        let fine = try CLITests.run(["inspect", folder + "/model.onnx"])
        #expect(fine.status == 0 && fine.stdout.contains("weights.bin        2  60 bytes  60 bytes"))
        try FileManager.default.removeItem(atPath: folder + "/weights.bin")
        let broken = try CLITests.run(["inspect", folder + "/model.onnx", "--json"])
        #expect(broken.status == 1)
        let report = try #require(try JSONParser.parse(bytes: Array(broken.stdout.utf8)).objectValue)
        #expect(report["checker"]?.stringValue?.contains("doesn't exist or is not accessible") == true)
        #expect(report["findings"]?.arrayValue?.first?.objectValue?["code"] == .string("ONNX016"))
    }
}
