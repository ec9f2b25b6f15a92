import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ModelInspector

/// Hugging Face checkpoint folders: shards read, index checked both ways, config summarised.
@Suite struct CheckpointFolderTests {
    @Test func tinyLlamaReadsEveryShard() throws {
        let report = try ModelInspector.inspect(path: Fixtures.path("checkpoint/tiny-llama"))
        #expect(report.format == .hfCheckpoint)
        let tensors = try #require(report.tensors)
        #expect(tensors.count == 21)
        #expect(Set(tensors.compactMap(\.file)) == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"])
        #expect(tensors.allSatisfy { $0.dtype == .bf16 })
        #expect(report.findings.isEmpty)
        #expect(report.metadata?["hidden_size"] == .int(16))
        #expect(report.metadata?["rope_scaling.rope_type"] == .string("llama3"))
        #expect(report.metadata?["architectures"] == .array([.string("LlamaForCausalLM")]))
        let embed = try #require(tensors.first { $0.name == "model.embed_tokens.weight" })
        #expect(embed.shape == [.size(32), .size(16)])
    }

    @Test func brokenIndexIsReportedBothWays() throws {
        let report = try ModelInspector.inspect(path: Fixtures.path("checkpoint/broken-index"))
        let codes = report.findings.map(\.code).sorted()
        #expect(codes == ["CKPT001", "CKPT002", "CKPT003"])
        #expect(report.worstSeverity == .error)
        #expect(report.findings.contains { $0.message.contains("model.norm.weight") })
        #expect(report.findings.contains { $0.message.contains("model-00003-of-00003.safetensors") })
    }

    @Test func duplicateTensorsAcrossShardsAndWrongTotals() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("checkpoint/tiny-llama")
        // A third safetensors file holding a tensor of shard 1, and an index with a wrong total.
        try FileManager.default.copyItem(atPath: folder + "/model-00001-of-00002.safetensors",
                                         toPath: folder + "/extra.safetensors")
        let indexPath = folder + "/model.safetensors.index.json"
        var index = try String(contentsOfFile: indexPath, encoding: .utf8)
        index = index.replacingOccurrences(of: "\"total_size\": 11424", with: "\"total_size\": 99")
        index = index.replacingOccurrences(of: "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"",
                                           with: "\"lm_head.weight\": \"model-00002-of-00002.safetensors\", \"x.weight\": \"extra.safetensors\"")
        try index.write(toFile: indexPath, atomically: true, encoding: .utf8)
        let report = try ModelInspector.inspect(path: folder)
        let codes = Set(report.findings.map(\.code))
        #expect(codes.contains("CKPT005"))
        #expect(codes.contains("CKPT006"))
        #expect(codes.contains("CKPT002"))
    }

    @Test func unsafeShardNamesAreRefused() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("checkpoint/tiny-llama")
        let indexPath = folder + "/model.safetensors.index.json"
        var index = try String(contentsOfFile: indexPath, encoding: .utf8)
        index = index.replacingOccurrences(of: "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"",
                                           with: "\"lm_head.weight\": \"../../etc/passwd\"")
        try index.write(toFile: indexPath, atomically: true, encoding: .utf8)
        let report = try ModelInspector.inspect(path: folder)
        #expect(report.findings.contains { $0.code == "CKPT007" })
        #expect(report.findings.contains { $0.code == "CKPT004" && $0.message.contains("lm_head.weight") })
    }

    @Test func aBrokenShardIsAnArtifactError() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = try scratch.copyFixture("checkpoint/tiny-llama")
        let shard = folder + "/model-00002-of-00002.safetensors"
        let handle = try #require(FileHandle(forWritingAtPath: shard))
        try handle.truncate(atOffset: 100)
        try handle.close()
        let error = #expect(throws: ArtifactError.self) { try ModelInspector.inspect(path: folder) }
        #expect(error?.file.hasSuffix("model-00002-of-00002.safetensors") == true)
    }

    @Test func noConfigAndNoIndex() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        for name in ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"] {
            try scratch.copyFixture("checkpoint/tiny-llama/" + name)
        }
        let report = try ModelInspector.inspect(path: scratch.path)
        #expect(report.format == .hfCheckpoint)
        #expect(Set(report.findings.map(\.code)) == ["CKPT008", "CKPT009"])
        #expect(report.tensors?.count == 21)
    }
}

/// Single files through the façade.
@Suite struct InspectorFileTests {
    @Test func safetensorsFixture() throws {
        let report = try ModelInspector.inspect(path: Fixtures.path("safetensors/tiny.safetensors"))
        #expect(report.format == .safetensors)
        #expect(report.tensors?.count == 16)
        #expect(report.metadata == ["format": .string("pt")])
        #expect(report.tensors?.first { $0.name == "model.scale" }?.shape == [])
    }

    @Test func unreadableInputsAreArtifactErrors() throws {
        #expect(throws: ArtifactError.self) { try ModelInspector.inspect(path: "/nonexistent/model.onnx") }
        let empty = #expect(throws: ArtifactError.self) { try ModelInspector.inspect(path: Fixtures.path("misc/empty.bin")) }
        #expect(empty?.rule == "empty-file")
    }

    @Test func extensionMismatchReachesTheReport() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let report = try ModelInspector.inspect(path: try scratch.copyFixture("safetensors/tiny.safetensors", as: "model.onnx"))
        #expect(report.format == .safetensors)
        #expect(report.findings.map(\.code) == ["PROBE001"])
    }
}
