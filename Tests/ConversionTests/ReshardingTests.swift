import Conversion
import Foundation
import ModelArtifact
import SafetensorsReader
import TestSupport
import Testing

@Suite struct ReshardingTests {
    @Test func shardNamesAreHuggingFaces() {
        #expect(Resharding.shardName(0, of: 1) == "model.safetensors")
        #expect(Resharding.shardName(0, of: 3) == "model-00001-of-00003.safetensors")
        #expect(Resharding.shardName(11, of: 12) == "model-00012-of-00012.safetensors")
    }

    @Test func reshardKeepsEveryTensorsBytes() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let single = scratch.path + "/in.safetensors"
        _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/state_dict.pt"), output: single)
        let source = try SafetensorsFile(MappedFile(path: single))
        let result = try Resharding.reshard(single, maxShardSize: 50, into: scratch.path + "/out")
        #expect(result.shards.count > 2)
        #expect(result.totalSize == source.entries.reduce(0) { $0 + $1.dataOffsets.count })
        let indexText = try String(contentsOfFile: scratch.path + "/out/model.safetensors.index.json", encoding: .utf8)
        let index = try #require(JSONSerialization.jsonObject(with: Data(indexText.utf8)) as? [String: Any])
        let total = (index["metadata"] as? [String: Any])?["total_size"] as? Int
        #expect(total == result.totalSize)
        let weightMap = try #require(index["weight_map"] as? [String: String])
        #expect(weightMap.count == source.entries.count)
        // Every tensor, read back from the shard the index names, has the source's bytes.
        for entry in source.entries {
            let shard = try SafetensorsFile(MappedFile(path: scratch.path + "/out/" + #require(weightMap[entry.name])))
            let copy = try #require(shard.entries.first { $0.name == entry.name })
            #expect(copy.dtype == entry.dtype && copy.shape == entry.shape)
            let a = Array(source.file.bytes[(source.dataStart + entry.dataOffsets.lowerBound)..<(source.dataStart + entry.dataOffsets.upperBound)])
            let b = Array(shard.file.bytes[(shard.dataStart + copy.dataOffsets.lowerBound)..<(shard.dataStart + copy.dataOffsets.upperBound)])
            #expect(a == b)
        }
        // Back into one shard: no index, same tensors.
        let back = try Resharding.reshard(scratch.path + "/out", maxShardSize: 1 << 30, into: scratch.path + "/one")
        #expect(back.index == nil && back.shards.map(\.path) == [scratch.path + "/one/model.safetensors"])
        #expect(back.shards[0].tensorCount == source.entries.count)
    }

    @Test func refusals() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let single = scratch.path + "/in.safetensors"
        _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/state_dict.pt"), output: single)
        try FileManager.default.createDirectory(atPath: scratch.path + "/dup", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: single, toPath: scratch.path + "/dup/a.safetensors")
        try FileManager.default.copyItem(atPath: single, toPath: scratch.path + "/dup/b.safetensors")
        #expect(rule { _ = try Resharding.reshard(scratch.path + "/dup", maxShardSize: 100, into: scratch.path + "/o") }
            == "convert-duplicate-name")
        #expect(rule { _ = try Resharding.reshard(scratch.path + "/nothing", maxShardSize: 100, into: scratch.path + "/o") }
            == "convert-cannot-read")
        #expect(rule { _ = try Resharding.reshard(single, maxShardSize: 0, into: scratch.path + "/o") } == "convert-bad-shard-size")
        // Resharding a model.safetensors into its own folder would write over it.
        let own = scratch.path + "/own"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: single, toPath: own + "/model.safetensors")
        #expect(rule { _ = try Resharding.reshard(own, maxShardSize: 1 << 20, into: own) } == "convert-overwrites-input")
    }
}

@Suite struct TensorProofTests {
    @Test func proofCatchesAChangedByte() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/o.safetensors"
        let source = try PyTorchSource(path: Fixtures.path("pytorch/state_dict.pt"))
        _ = try SafetensorsWriter.write(source.tensors, metadata: [], to: out, inputs: [])
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: out)))
        bytes[bytes.count - 1] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        #expect(rule { try TensorProof.check(safetensors: out, against: source.tensors) } == "convert-proof-failed")
        // Without reading the bytes, the check still sees a file cut short.
        #expect(try TensorProof.check(safetensors: out, against: source.tensors, bytes: false) == source.tensors.count)
        try Data(bytes.dropLast(4)).write(to: URL(fileURLWithPath: out))
        #expect(rule { try TensorProof.check(safetensors: out, against: source.tensors, bytes: false) } != nil)
    }
}
