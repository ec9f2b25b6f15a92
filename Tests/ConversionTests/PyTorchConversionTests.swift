import Conversion
import Foundation
import ModelArtifact
import SafetensorsReader
import TestSupport
import Testing

/// The float32 values of tensor `name` in the safetensors file at `path`.
func floats(_ path: String, _ name: String) throws -> [Float] {
    let parsed = try SafetensorsFile(MappedFile(path: path))
    let entry = try #require(parsed.entries.first { $0.name == name })
    let start = parsed.dataStart + entry.dataOffsets.lowerBound
    return (0..<(entry.dataOffsets.count / 4)).map { k in
        parsed.file.bytes.loadUnaligned(fromByteOffset: start + 4 * k, as: Float.self)
    }
}

/// The rule of the ArtifactError `body` throws, or nil.
func rule(_ body: () throws -> Void) -> String? {
    do { try body() } catch let e as ArtifactError { return e.rule } catch { return "other: \(error)" }
    return nil
}

@Suite struct PyTorchConversionTests {
    @Test func stateDictRoundTripsWithViewsMaterialised() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/out.safetensors"
        let result = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/state_dict.pt"), output: out)
        #expect(result.tensorCount == 8)
        #expect(result.sha256.count == 64)
        let parsed = try SafetensorsFile(MappedFile(path: out))
        #expect(parsed.metadata.first { $0.key == "format" }?.value == "pt")
        #expect(parsed.metadata.contains { $0.key == "source" && $0.value == "state_dict.pt" })
        // The transposed view, checked independently of the gather: weight_t[i][j] == weight[j][i].
        let weight = try floats(out, "model.encoder.weight")
        let transposed = try floats(out, "model.encoder.weight_t")
        #expect(transposed == (0..<3).flatMap { i in (0..<4).map { j in weight[j * 3 + i] } })
        // The offset view: row 1 of the shared storage; the tied weight is its own copy.
        #expect(try floats(out, "model.encoder.row") == Array(weight[3..<6]))
        #expect(try floats(out, "model.decoder.weight") == weight)
        #expect(FileManager.default.fileExists(atPath: result.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["out.safetensors"])
    }

    @Test func keySelectsAndRenames() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/model.safetensors"
        let result = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/state_dict.pt"), output: out,
                                                         options: .init(key: "model"))
        #expect(result.tensorCount == 7)
        let names = try SafetensorsFile(MappedFile(path: out)).entries.map(\.name)
        #expect(names.contains("encoder.weight_t"))
        #expect(rule { _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/state_dict.pt"), output: out,
                                                               options: .init(key: "missing")) } == "convert-key-not-found")
    }

    @Test func legacyFileConverts() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/legacy.safetensors"
        let source = try PyTorchSource(path: Fixtures.path("pytorch/legacy.pt"))
        let result = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/legacy.pt"), output: out)
        #expect(result.tensorCount == source.tensors.count)
        #expect(try TensorProof.check(safetensors: out, against: source.tensors) == source.tensors.count)
    }

    /// Non-contiguous views of a legacy file are materialised like those of a ZIP; its storages are
    /// little-endian although sys_info says the saving machine was big-endian.
    @Test func legacyViewsConvert() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/views.safetensors"
        _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/legacy-views.pt"), output: out, writing: .init(verify: true))
        #expect(try floats(out, "weight") == (0..<12).map(Float.init))
        #expect(try floats(out, "weight_t") == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        #expect(try floats(out, "column") == [1, 5, 9])
        let parsed = try SafetensorsFile(MappedFile(path: out))
        let pairs = try #require(parsed.entries.first { $0.name == "pairs_t" })
        #expect(pairs.dtype == .i16 && pairs.shape == [2, 3])
        let start = parsed.dataStart + pairs.dataOffsets.lowerBound
        let values = (0..<6).map { parsed.file.bytes.loadUnaligned(fromByteOffset: start + 2 * $0, as: Int16.self) }
        #expect(values == [-1, -3, -5, 2, 4, 6])
    }

    /// A TorchScript archive's module state converts by attribute path, without its code constants.
    @Test func torchScriptModuleStateConverts() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/ts.safetensors"
        let result = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/torchscript.pt"), output: out)
        #expect(result.tensorCount == 2)
        #expect(try floats(out, "fc.weight") == (0..<6).map(Float.init))
        #expect(try floats(out, "fc.bias") == [1, 2])
        #expect(try SafetensorsFile(MappedFile(path: out)).metadata.contains { $0.key == "source_format" && $0.value == "torchscript" })
    }

    @Test func refusals() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let out = scratch.path + "/x.safetensors"
        #expect(rule { _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/state_dict.pt"), output: out,
                                                               options: .init(noClone: true)) } == "convert-shared-storage")
        #expect(rule { _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/unsafe.pt"), output: out) }
            == "convert-unsafe-pickle")
        // posix is a blocked module: naming it does not make it acceptable.
        #expect(rule { _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/unsafe.pt"), output: out,
                                                               options: .init(allowGlobals: ["posix.system"])) }
            == "convert-unsafe-pickle")
        #expect(rule { _ = try PyTorchConversion.toSafetensors(Fixtures.path("pytorch/model.pt2"), output: out) }
            == "convert-not-pytorch")
        let input = try scratch.copyFixture("pytorch/state_dict.pt")
        #expect(rule { _ = try PyTorchConversion.toSafetensors(input, output: input) } == "convert-overwrites-input")
        let link = scratch.path + "/link.pt"
        try FileManager.default.linkItem(atPath: input, toPath: link)
        #expect(rule { _ = try PyTorchConversion.toSafetensors(input, output: link) } == "convert-overwrites-input")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func hostileInputsThrowArtifactErrors() throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pytorch/state_dict.pt"))))
        try expectOnlyArtifactErrors(original, in: scratch, name: "in.pt", seed: 9) { input, _ in
            _ = try PyTorchConversion.toSafetensors(input, output: scratch.path + "/out.safetensors")
        }
        // Strided legacy views and TorchScript module trees, damaged: errors, never a crash or a read out of bounds.
        for (fixture, seed) in [("pytorch/legacy-views.pt", UInt64(10)), ("pytorch/torchscript.pt", 11)] {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(fixture))))
            try expectOnlyArtifactErrors(bytes, in: scratch, name: "in.pt", seed: seed) { input, _ in
                _ = try PyTorchConversion.toSafetensors(input, output: scratch.path + "/out.safetensors",
                                                        writing: .init(verify: true))
            }
        }
    }
}
