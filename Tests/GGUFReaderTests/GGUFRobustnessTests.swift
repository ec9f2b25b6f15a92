import GGUFReader
import ModelArtifact
import Testing

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
            #expect(errorRule { _ = try GGUFFile.parse(MappedFile(bytes: bytes[..<length], name: "t")) }
                    == "gguf-tensor-out-of-bounds")
        }
    }

    @Test func randomByteFlipsNeverCrash() {
        let original = Self.richFile()
        var rng = SplitMix64(seed: 0x6767_7566)
        var failures = 0
        for _ in 0..<4000 {
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] ^= UInt8(1 << (rng.next() % 8))
                case 1: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                default: bytes[i] = [0x00, 0xff, 0x7f, 0x80][Int(rng.next() % 4)]
                }
            }
            if errorRule({ _ = try GGUFReader.read(MappedFile(bytes: bytes, name: "f")) }) != nil { failures += 1 }
            Self.survive(bytes)
        }
        #expect(failures > 0)
    }
}

/// A small seeded generator (SplitMix64) so fuzz runs repeat exactly.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
