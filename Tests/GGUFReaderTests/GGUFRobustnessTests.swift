import GGUFReader
import ModelArtifact
import Testing
import TestSupport

@Suite struct GGUFRobustnessTests {
    /// A small file with every value type, nested arrays, an alignment key and quantized tensors.
    static func richFile() -> [UInt8] {
        var builder = GGUFTensorTests.mixedTensors()
        builder.kv = GGUFMetadataTests.everyType + [("general.alignment", .u32(32))]
        return builder.bytes()
    }

    /// Parses `bytes` and reports and renders the result; fails the test on any error but `ArtifactError`.
    static func survive(_ bytes: [UInt8]) {
        do {
            let report = try GGUFReader.read(MappedFile(bytes: bytes, name: "fuzz.gguf"))
            _ = JSONWriter.string(report.json)
        } catch is ArtifactError {
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func everyTruncationFailsCleanly() throws {
        let bytes = Self.richFile()
        #expect(try GGUFReader.read(MappedFile(bytes: bytes, name: "whole")).tensors?.count == 4)
        for length in 0..<bytes.count {
            Self.survive(Array(bytes[..<length]))
        }
        // Cutting into the tensor data must always be caught.
        let dataStart = try GGUFFile.parse(MappedFile(bytes: bytes, name: "whole")).dataOffset
        for length in dataStart..<bytes.count {
            #expect(thrownRule { _ = try GGUFFile.parse(MappedFile(bytes: bytes[..<length], name: "t")) }
                    == "gguf-tensor-out-of-bounds")
        }
    }

    @Test func randomByteFlipsNeverCrash() {
        let original = Self.richFile()
        var rng = SplitMix64(seed: 0x6767_7566)
        var failures = 0
        for _ in 0..<4000 {
            let bytes = rng.damaged(original)
            if thrownRule({ _ = try GGUFReader.read(MappedFile(bytes: bytes, name: "f")) }) != nil { failures += 1 }
            Self.survive(bytes)
        }
        #expect(failures > 0)
    }
}
