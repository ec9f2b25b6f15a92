import GGUFReader
import ModelArtifact
import Testing

@Suite struct GGUFTensorTests {
    @Test func typeTableHasEveryIdOnceWithKnownLayouts() throws {
        let ids = GGMLType.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(GGMLType.all.map(\.name)).count == ids.count)
        let expected: [String: (UInt32, Int, Int)] = [
            "F32": (0, 1, 4), "F16": (1, 1, 2), "Q4_0": (2, 32, 18), "Q4_1": (3, 32, 20), "Q5_0": (6, 32, 22),
            "Q5_1": (7, 32, 24), "Q8_0": (8, 32, 34), "Q8_1": (9, 32, 36), "Q2_K": (10, 256, 84),
            "Q3_K": (11, 256, 110), "Q4_K": (12, 256, 144), "Q5_K": (13, 256, 176), "Q6_K": (14, 256, 210),
            "Q8_K": (15, 256, 292), "IQ2_XXS": (16, 256, 66), "IQ2_XS": (17, 256, 74), "IQ3_XXS": (18, 256, 98),
            "IQ1_S": (19, 256, 50), "IQ4_NL": (20, 32, 18), "IQ3_S": (21, 256, 110), "IQ2_S": (22, 256, 82),
            "IQ4_XS": (23, 256, 136), "I8": (24, 1, 1), "I16": (25, 1, 2), "I32": (26, 1, 4), "I64": (27, 1, 8),
            "F64": (28, 1, 8), "IQ1_M": (29, 256, 56), "BF16": (30, 1, 2), "TQ1_0": (34, 256, 54),
            "TQ2_0": (35, 256, 66), "MXFP4": (39, 32, 17), "NVFP4": (40, 64, 36), "Q1_0": (41, 128, 18),
        ]
        #expect(GGMLType.all.count == expected.count)
        for (name, (id, block, bytes)) in expected {
            let type = try #require(GGMLType(name: name))
            #expect(type.id == id && type.blockSize == block && type.bytesPerBlock == bytes, "\(name)")
            #expect(GGMLType(id: id) == type)
        }
        for removed in [UInt32(4), 5, 31, 32, 33, 36, 37, 38, 42, UInt32.max] {
            #expect(GGMLType(id: removed) == nil)
        }
        #expect(GGMLType.removed[4] == "Q4_2")
    }

    @Test func plainTypesMapToSchemaDTypes() {
        let names = ["F32", "F16", "BF16", "F64", "I8", "I16", "I32", "I64"]
        #expect(names.compactMap { GGMLType(name: $0)?.dtype.name } == names)
        #expect(GGMLType(name: "Q4_K")?.dtype == .quantized("Q4_K"))
    }

    @Test func byteCountsFollowBlocks() {
        let q40 = GGMLType(name: "Q4_0")!
        #expect(q40.byteCount(dims: [64, 3]) == 2 * 18 * 3)
        #expect(q40.byteCount(dims: [33]) == nil)
        #expect(q40.byteCount(dims: []) == nil)
        #expect(GGMLType(name: "F32")!.byteCount(dims: []) == 4)
        #expect(GGMLType(name: "F32")!.byteCount(dims: [0, 5]) == 0)
        #expect(GGMLType(name: "F64")!.byteCount(dims: [1 << 61]) == nil)
    }

    /// F32, Q4_0, Q4_K and MXFP4 tensors laid out back to back.
    static func mixedTensors() -> GGUFBuilder {
        var builder = GGUFBuilder(kv: [("general.architecture", .string("test"))])
        builder.tensors = [
            .init(name: "norm", dims: [5], type: 0, length: 20),
            .init(name: "q4_0", dims: [64, 3], type: 2, length: 2 * 18 * 3),
            .init(name: "q4_k", dims: [512, 2], type: 12, length: 2 * 144 * 2),
            .init(name: "mxfp4", dims: [32, 4, 2], type: 39, length: 17 * 8),
        ]
        return builder
    }

    @Test func quantizedTensorsHaveTheirSizesAndAbsoluteOffsets() throws {
        let builder = Self.mixedTensors()
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf.findings.isEmpty)
        #expect(gguf.dataOffset % 32 == 0)
        #expect(gguf.tensors.map(\.byteLength) == [20, 108, 576, 136])
        #expect(gguf.tensors.map(\.relativeOffset) == [0, 32, 160, 736])
        #expect(gguf.tensors.map(\.offset) == gguf.tensors.map { gguf.dataOffset + $0.relativeOffset })
        #expect(gguf.tensor(named: "mxfp4")?.dims == [32, 4, 2])
        #expect(gguf.tensor(named: "mxfp4")?.rowMajorShape == [2, 4, 32])
        #expect(gguf.tensor(named: "q4_k")?.elementCount == 1024)

        let report = GGUFReader.report(gguf)
        let tensors = try #require(report.tensors)
        #expect(tensors.map(\.dtype.name) == ["F32", "Q4_0", "Q4_K", "MXFP4"])
        #expect(tensors[1].shape == [.size(64), .size(3)])
        #expect(tensors.map(\.offset) == gguf.tensors.map(\.offset))
        #expect(tensors.map(\.length) == [20, 108, 576, 136])
        #expect(report.parameterCount == 5 + 192 + 1024 + 256)
        let section = try #require(report.section(GGUFSection.self)?.json.objectValue)
        #expect(section["data_offset"] == .int(Int64(gguf.dataOffset)))
    }

    @Test func scalarAndEmptyTensorsAreAccepted() throws {
        var builder = GGUFBuilder()
        builder.tensors = [
            .init(name: "scalar", dims: [], type: 0, length: 4),
            .init(name: "empty", dims: [0, 7], type: 2, length: 0, offset: 32),
        ]
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf.tensors.map(\.elementCount) == [1, 0])
        #expect(gguf.tensors.map(\.byteLength) == [4, 0])
        #expect(gguf.findings.isEmpty)
    }

    @Test func overlappingTensorsAreAFinding() throws {
        var builder = GGUFBuilder()
        builder.tensors = [
            .init(name: "a", dims: [16], type: 0, length: 64, offset: 0),
            .init(name: "b", dims: [16], type: 0, length: 64, offset: 32),
        ]
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf.findings.map(\.code).contains("GGUF001"))
        #expect(gguf.findings.first { $0.code == "GGUF001" }?.severity == .error)
    }

    @Test func gapsAndReorderingAreAFinding() throws {
        var builder = GGUFBuilder()
        builder.tensors = [
            .init(name: "a", dims: [8], type: 0, length: 32, offset: 64),
            .init(name: "b", dims: [8], type: 0, length: 32, offset: 0),
        ]
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf.findings.map(\.code) == ["GGUF004"])
    }

    @Test func longNamesAndManyDimensionsAreFindings() throws {
        var builder = GGUFBuilder()
        builder.tensors = [
            .init(name: String(repeating: "n", count: 64), dims: [1], type: 0, length: 4),
            .init(name: "five", dims: [1, 1, 1, 1, 2], type: 0, length: 8),
        ]
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf.findings.map(\.code) == ["GGUF003", "GGUF005"])
    }

    @Test func findingsOfOneCodeAreCapped() throws {
        var builder = GGUFBuilder()
        builder.tensors = (0..<50).map { .init(name: "t\($0)", dims: [8], type: 0, length: 32, offset: 0) }
        let gguf = try GGUFFile.parse(builder.file())
        #expect(gguf.findings.filter { $0.code == "GGUF001" }.count == 21)
    }
}
