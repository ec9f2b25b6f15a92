import ArchitectureCheck
import Foundation
import ModelArtifact
import Testing
import TestSupport

/// GGUF files are checked through the same rules: names mapped, shapes read in ne order, config
/// values from `<arch>.*` metadata.
@Suite struct GGUFCheckTests {
    /// A sparse GGUF v3 file: metadata, F16 tensor infos with dims in ne order, data a hole.
    struct SparseGGUF {
        enum Value { case u32(UInt32), f32(Float), string(String) }
        var metadata: [(String, Value)] = []
        var tensors: [(name: String, shape: [Int64])] = []

        func write(_ path: String) throws {
            var out = Array("GGUF".utf8)
            func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
            func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
            func text(_ s: String) { u64(UInt64(s.utf8.count)); out += s.utf8 }
            u32(3)
            u64(UInt64(tensors.count))
            u64(UInt64(metadata.count))
            for (key, value) in metadata {
                text(key)
                switch value {
                case .u32(let v): u32(4); u32(v)
                case .f32(let v): u32(6); u32(v.bitPattern)
                case .string(let s): u32(8); text(s)
                }
            }
            var offset: UInt64 = 0
            for (name, shape) in tensors {
                text(name)
                u32(UInt32(shape.count))
                for dim in shape.reversed() { u64(UInt64(dim)) }
                u32(1)  // F16
                u64(offset)
                let bytes = UInt64(shape.reduce(1, *)) * 2
                offset = (offset + bytes + 31) / 32 * 32
            }
            out += [UInt8](repeating: 0, count: (32 - out.count % 32) % 32)
            let size = out.count + Int(offset)
            try Data(out).write(to: URL(fileURLWithPath: path))
            #expect(truncate(path, off_t(size)) == 0)
        }
    }

    static func llama(_ spec: ArchitectureSpec, headCount: UInt32 = 32) -> SparseGGUF {
        var gguf = SparseGGUF()
        gguf.metadata = [
            ("general.architecture", .string("llama")), ("llama.block_count", .u32(32)),
            ("llama.context_length", .u32(131072)), ("llama.embedding_length", .u32(4096)),
            ("llama.feed_forward_length", .u32(14336)), ("llama.attention.head_count", .u32(headCount)),
            ("llama.attention.head_count_kv", .u32(8)), ("llama.rope.freq_base", .f32(500000)),
            ("llama.attention.layer_norm_rms_epsilon", .f32(1e-5)), ("llama.vocab_size", .u32(128256)),
        ]
        gguf.tensors = spec.inventory(.gguf).map { ($0.name, $0.shape) }
        return gguf
    }

    @Test func aShapeTrueGGUFPasses() throws {
        let scratch = try ScratchFolder("arch-gguf")
        defer { scratch.remove() }
        let spec = try #require(ArchitectureRegistry.builtin.spec("llama3.1-8b"))
        let path = scratch.path + "/llama.gguf"
        try Self.llama(spec).write(path)
        let result = try ArchitectureChecker().check(path: path, .named(spec))
        #expect(result.lines == [
            "ARCH015: GGUF names mapped to the architecture's and shapes read in reverse (ne) order; dtypes not checked (GGUF quantizes as it chooses)",
        ])
        #expect(result.matchedTensors == 292)  // with rope_freqs.weight
        #expect(result.configChecked == 10)
        let auto = try ArchitectureChecker().check(path: path, .auto)
        #expect(auto.architecture == "llama3.1-8b")
    }

    @Test func ggufDifferencesAreNamedByTheirGGUFKeys() throws {
        let scratch = try ScratchFolder("arch-gguf-bad")
        defer { scratch.remove() }
        let spec = try #require(ArchitectureRegistry.builtin.spec("llama3.1-8b"))
        var gguf = Self.llama(spec, headCount: 16)
        gguf.tensors.removeAll { $0.name == "blk.4.ffn_gate.weight" }
        let path = scratch.path + "/bad.gguf"
        try gguf.write(path)
        let result = try ArchitectureChecker().check(path: path, .named(spec))
        #expect(result.lines.dropFirst() == [
            "ARCH005: GGUF metadata llama.attention.head_count (num_attention_heads) is 16; llama3.1-8b has 32",
            "ARCH001: layer 4: ffn_gate.weight missing",
            "ARCH012: its num_hidden_layers 32, num_attention_heads 16 match no known size of the llama family (llama3.1-8b has num_hidden_layers 32, num_attention_heads 32)",
        ])
        gguf.metadata[0].1 = .string("mistral")
        try gguf.write(path)
        let other = try ArchitectureChecker().check(path: path, .named(spec))
        #expect(other.lines.dropFirst().first == "ARCH005: GGUF metadata general.architecture is \"mistral\"; llama3.1-8b is \"llama\"")
    }
}
