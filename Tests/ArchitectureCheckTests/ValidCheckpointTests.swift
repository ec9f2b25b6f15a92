import ArchitectureCheck
import ModelArtifact
import Testing
import TestSupport

/// Every registered architecture passes against a shape-true checkpoint of itself, and `auto` finds it.
@Suite struct ValidCheckpointTests {
    static let ids = ArchitectureRegistry.builtin.ids

    @Test(arguments: ids) func publishedLayoutPasses(id: String) throws {
        let scratch = try ScratchFolder("arch-valid")
        defer { scratch.remove() }
        let maker = try CheckpointMaker(id)
        let result = try maker.check(in: scratch)
        #expect(result.lines == [])
        #expect(result.passed)
        #expect(result.score == 1)
        #expect(result.matchedTensors == maker.tensors.count)
        #expect(result.foundTensors == maker.spec.tensorCount)
        #expect(result.configDisagreements == 0)
        #expect(result.configChecked == maker.spec.config.count)
    }

    @Test(arguments: ids) func autoNamesTheArchitecture(id: String) throws {
        let scratch = try ScratchFolder("arch-auto")
        defer { scratch.remove() }
        let folder = try CheckpointMaker(id).write(in: scratch)
        let result = try ArchitectureChecker().check(path: folder, .auto)
        #expect(result.architecture == id)
        #expect(result.scoreText == "1.00")
        let candidates = try #require(result.candidates)
        #expect(candidates.count == ArchitectureRegistry.builtin.all.count)
        #expect(candidates.first?.id == id)
        #expect(candidates.dropFirst().allSatisfy { $0.score < 1 })
        #expect(result.passed)
    }

    @Test func oneSafetensorsFileWithoutConfigIsCheckedByTensors() throws {
        let scratch = try ScratchFolder("arch-single")
        defer { scratch.remove() }
        let maker = try CheckpointMaker("llama3.1-8b")
        let file = scratch.path + "/model.safetensors"
        try SparseCheckpoint.writeShard(file, maker.tensors)
        let result = try ArchitectureChecker().check(path: file, .named(maker.spec))
        #expect(result.lines == [
            "ARCH008: the safetensors file carries no config: llama3.1-8b's config values were not checked (tensors were)",
        ])
        #expect(result.passed)
        #expect(result.format == .safetensors)
    }

    @Test func gptOssSinksMayBeF32() throws {
        let scratch = try ScratchFolder("arch-sinks")
        defer { scratch.remove() }
        var maker = try CheckpointMaker("gpt-oss-20b")
        for i in maker.tensors.indices where maker.tensors[i].name.hasSuffix("self_attn.sinks") {
            maker.tensors[i].dtype = "F32"
            maker.tensors[i].byteLength *= 2
        }
        #expect(try maker.check(in: scratch).lines == [])
    }

    @Test func wrappedStateDictNamesAreComparedWithoutTheirPrefix() throws {
        let maker = try CheckpointMaker("gpt-oss-20b")
        var report = ModelReport(path: "model.pt", format: .pt, size: 1)
        report.tensors = maker.tensors.map {
            TensorInfo(name: "module." + $0.name, dtype: DType(name: $0.dtype)!, shape: $0.shape.map { .size($0) })
        }
        let result = ArchitectureChecker().check(report, against: maker.spec)
        #expect(result.lines == [
            "ARCH015: tensor names carry the prefix \"module.\"; compared without it",
            "ARCH008: the pt file carries no config: gpt-oss-20b's config values were not checked (tensors were)",
        ])
        #expect(result.score == 1)
    }

    @Test func aReportWithoutTensorsCannotPass() {
        let report = ModelReport(path: "model.onnx", format: .onnx, size: 10)
        let spec = ArchitectureRegistry.builtin.spec("llama3.1-8b")!
        let result = ArchitectureChecker().check(report, against: spec)
        #expect(result.lines == [
            "ARCH013: onnx files are recognised but their tensors are not read by this version: nothing to compare with llama3.1-8b",
        ])
        #expect(!result.passed)
    }
}
