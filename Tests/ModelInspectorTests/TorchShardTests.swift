import Foundation
import ModelArtifact
import Testing
import TestSupport
@testable import ModelInspector

/// Checkpoint folders with PyTorch `.bin` shards: read like safetensors ones, their pickles judged.
@Suite struct TorchShardTests {
    @Test func binShardsAreReadWithTheirIndex() throws {
        let report = try ModelInspector.inspect(path: Fixtures.path("checkpoint/tiny-bin"))
        #expect(report.format == .hfCheckpoint)
        #expect(report.tensors?.map(\.name) == ["embed.weight", "head.weight", "head.bias"])
        #expect(report.tensors?.compactMap(\.file) == ["pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin",
                                                       "pytorch_model-00002-of-00002.bin"])
        #expect(report.verdict == .safe)
        #expect(report.findings.isEmpty)
        #expect(report.section(CheckpointSection.self)?.json.objectValue?["index"] == .string("pytorch_model.bin.index.json"))
    }

    @Test func anUnsafeShardMakesTheFolderUnsafe() throws {
        let folder = try ScratchFolder("torch-shards")
        defer { folder.remove() }
        for name in ["config.json", "pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin"] {
            try folder.copyFixture("checkpoint/tiny-bin/" + name)
        }
        try folder.copyFixture("pytorch/unsafe.pt", as: "pytorch_model-00002-of-00002.bin")
        let report = try ModelInspector.inspect(path: folder.path)
        #expect(report.verdict == .unsafe)
        let unsafe = try #require(report.findings.first { $0.code == "PT001" })
        #expect(unsafe.location?.hasPrefix("pytorch_model-00002-of-00002.bin!/unsafe/data.pkl@0x") == true)
        #expect(report.tensors?.map(\.name) == ["embed.weight"])
    }

    @Test func aBinThatIsNoPyTorchFileIsNoted() throws {
        let folder = try ScratchFolder("torch-shards")
        defer { folder.remove() }
        try folder.copyFixture("checkpoint/tiny-bin/config.json")
        try folder.write("pytorch_model.bin", Array("not a model".utf8))
        let report = try ModelInspector.inspect(path: folder.path)
        #expect(report.findings.map(\.code).contains("CKPT010"))
        #expect(report.verdict == nil)
    }
}

/// Every file of a checkpoint folder that a pickle loader opens is judged by its content.
@Suite struct FolderPickleTests {
    @Test func aPickleBesideSafetensorsWeightsMakesTheFolderUnsafe() throws {
        let folder = try ScratchFolder("folder-pickles")
        defer { folder.remove() }
        for name in ["config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"] {
            try folder.copyFixture("checkpoint/tiny-llama/" + name)
        }
        #expect(try ModelInspector.inspect(path: folder.path).verdict == nil)
        _ = try folder.write("training_args.bin", HostileFiles.systemCall())
        let report = try ModelInspector.inspect(path: folder.path)
        #expect(report.verdict == .unsafe)
        #expect(report.findings.contains { $0.code == "PT001" && $0.location?.hasPrefix("training_args.bin") == true })
        #expect(report.tensors?.count == 21)
    }

    @Test func aBarePickleNamedAsAShardIsJudged() throws {
        let folder = try ScratchFolder("folder-bare")
        defer { folder.remove() }
        try folder.copyFixture("checkpoint/tiny-bin/config.json")
        _ = try folder.write("pytorch_model.bin", HostileFiles.systemCall(proto: 0))
        let report = try ModelInspector.inspect(path: folder.path)
        #expect(report.verdict == .unsafe)
        // Deeper in the folder, and under any loader's extension.
        let other = try ScratchFolder("folder-deep")
        defer { other.remove() }
        try other.copyFixture("checkpoint/tiny-llama")
        try FileManager.default.createDirectory(atPath: other.path + "/tiny-llama/checkpoint-500", withIntermediateDirectories: true)
        _ = try other.write("tiny-llama/checkpoint-500/optimizer.pt", HostileFiles.torchZip(HostileFiles.systemCall()))
        #expect(try ModelInspector.inspect(path: other.path + "/tiny-llama").verdict == .unsafe)
    }
}
