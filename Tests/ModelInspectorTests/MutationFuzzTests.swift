import Foundation
import FormatProbe
import ModelArtifact
import Testing
import TestSupport
@testable import ModelInspector

/// End-to-end mutation fuzzing: every fixture, damaged at random (bytes overwritten, cut short,
/// length fields set to extremes), goes through detection and its reader. Each run must give a
/// report or an `ArtifactError`, never a crash, a hang or another error.
@Suite struct MutationFuzzTests {
    static let seeds = [
        "safetensors/tiny.safetensors", "gguf/tiny.gguf", "gguf/tiny-v2.gguf", "onnx/tiny.onnx",
        "onnx/features.onnx", "onnx/external/model.onnx",
        "misc/plain.zip", "misc/arrays.npz", "misc/model.npy", "misc/ggml-legacy.bin",
        "checkpoint/tiny-llama/model-00001-of-00002.safetensors",
        "tflite/quantized.tflite", "tflite/offset-buffers.tflite",
        "pytorch/state_dict.pt", "pytorch/legacy.pt", "pytorch/torchscript.pt", "pytorch/model.pt2",
        "pytorch/trailing.pkl", "pytorch/hidden-pickle.pt",
        "synap/two-subgraphs.synap", "synap/deflated.synap", "synap/model.nb", "synap/legacy.nb",
    ]

    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        switch rng.int(below: 4) {
        case 0:
            for _ in 0..<(rng.int(below: 8) + 1) where !out.isEmpty {
                out[rng.int(below: out.count)] = rng.byte()
            }
        case 1:
            out = Array(out.prefix(rng.int(below: out.count + 1)))
        case 2:
            // An extreme value over a 4- or 8-byte field at a random place.
            let width = rng.int(below: 2) == 0 ? 4 : 8
            guard out.count > width else { break }
            let at = rng.int(below: out.count - width)
            let fill: UInt8 = rng.int(below: 2) == 0 ? 0xff : 0x7f
            for i in 0..<width { out[at + i] = i == width - 1 ? fill : 0xff }
        default:
            guard out.count > 2 else { break }
            let at = rng.int(below: out.count - 1)
            out.insert(contentsOf: (0..<rng.int(below: 16)).map { _ in rng.byte() }, at: at)
        }
        return out
    }

    @Test(arguments: seeds) func damagedFilesGiveReportsOrErrors(_ seed: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path(seed))))
        var rng = SplitMix64(seed: seed.utf8.reduce(5381) { ($0 &* 33) &+ UInt64($1) })
        var reports = 0, errors = 0
        for _ in 0..<600 {
            let bytes = Self.mutate(original, &rng)
            let file = MappedFile(bytes: bytes, name: seed)
            let detection = FormatProbe.detect(file: file)
            _ = FormatProbe.detect(prefix: bytes.prefix(64), totalSize: nil)
            do {
                _ = try ModelInspector.read(file, as: detection)
                reports += 1
            } catch is ArtifactError {
                errors += 1
            } catch {
                Issue.record("\(seed): \(error) is not an ArtifactError")
            }
        }
        #expect(reports + errors == 600)
    }
}
