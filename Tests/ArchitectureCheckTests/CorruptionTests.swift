import ArchitectureCheck
import ModelArtifact
import Testing
import TestSupport

/// Each corruption of a shape-true checkpoint is reported exactly, and none hides another.
@Suite struct CorruptionTests {
    /// Checks `maker`'s checkpoint, written in a fresh scratch folder.
    static func lines(_ maker: CheckpointMaker, against id: String? = nil) throws -> [String] {
        let scratch = try ScratchFolder("arch-corrupt")
        defer { scratch.remove() }
        return try maker.check(in: scratch, against: id).lines
    }

    @Test func aMissingLayer() throws {
        var maker = try CheckpointMaker("llama3.1-8b")
        maker.remove { $0.hasPrefix("model.layers.31.") }
        #expect(try Self.lines(maker) == ["ARCH001: layer 31 missing entirely (9 tensors)"])
    }

    @Test func aTransposedMatrix() throws {
        var maker = try CheckpointMaker("llama3.1-8b")
        try maker.edit("model.layers.5.mlp.down_proj.weight") { $0.shape.reverse() }
        #expect(try Self.lines(maker) == [
            "ARCH003: layer 5: mlp.down_proj.weight shape [14336, 4096], expected [4096, 14336] (transposed)",
        ])
    }

    @Test func aWrongDType() throws {
        var maker = try CheckpointMaker("llama3.1-8b")
        try maker.edit("model.layers.3.self_attn.q_proj.weight") { $0.dtype = "F16" }
        #expect(try Self.lines(maker) == ["ARCH004: layer 3: self_attn.q_proj.weight dtype F16, expected BF16"])
    }

    @Test func anExtraTensor() throws {
        var maker = try CheckpointMaker("llama3.1-8b")
        maker.tensors.append(.init(name: "model.layers.0.self_attn.rotary_emb.inv_freq", dtype: "F32", shape: [64], byteLength: 256))
        #expect(try Self.lines(maker) == ["ARCH002: layer 0: self_attn.rotary_emb.inv_freq unexpected"])
    }

    @Test func aWrongConfigValue() throws {
        var maker = try CheckpointMaker("llama3.1-8b")
        maker.config?["rope_theta"] = .double(10000)
        maker.config?["max_position_embeddings"] = .int(8192)
        maker.config?["rms_norm_eps"] = nil
        #expect(try Self.lines(maker) == [
            "ARCH006: config.json has no rms_norm_eps; transformers would use its default 1e-06, but llama3.1-8b has 1e-05",
            "ARCH005: config.json rope_theta is 10000.0; llama3.1-8b has 500000.0",
            "ARCH007: config.json max_position_embeddings is 8192; llama3.1-8b has 131072",
        ])
    }

    /// An absent key is compared by the value transformers' config class uses instead (issue 14, part 8).
    @Test func anAbsentKeyWhoseDefaultIsTheArchitecturesIsInfo() throws {
        var maker = try CheckpointMaker("gpt-oss-20b")
        maker.config?["hidden_act"] = nil
        maker.config?["rms_norm_eps"] = nil
        #expect(try Self.lines(maker) == [
            "ARCH016: config.json has no hidden_act; transformers uses its default \"silu\", which is gpt-oss-20b's",
            "ARCH016: config.json has no rms_norm_eps; transformers uses its default 1e-05, which is gpt-oss-20b's",
        ])
        var llama = try CheckpointMaker("llama3.1-8b")
        llama.config?["hidden_act"] = nil
        #expect(try Self.lines(llama) == ["ARCH016: config.json has no hidden_act; transformers uses its default \"silu\", which is llama3.1-8b's"])
        // No default known (Qwen3's config class is not Llama's): still an error.
        var qwen = try CheckpointMaker("qwen-3-32b")
        qwen.config?["hidden_act"] = nil
        #expect(try Self.lines(qwen) == ["ARCH006: config.json has no hidden_act; qwen-3-32b has \"silu\""])
    }

    @Test func aShardMissingFromTheIndex() throws {
        var maker = try CheckpointMaker("gpt-oss-20b")
        maker.unindexedShards = ["model-00002-of-00002.safetensors"]
        let lines = try Self.lines(maker)
        #expect(lines.first == "ARCH001: layers 17–23 missing entirely (19 tensors each)")
        #expect(lines.contains("ARCH010: model-00002-of-00002.safetensors is in the folder but not in model.safetensors.index.json: loaders never read its tensors"))
        #expect(lines.contains("ARCH001: model.norm.weight missing"))
        #expect(lines.allSatisfy { $0.hasPrefix("ARCH001") || $0.hasPrefix("ARCH010") })
    }

    @Test func aTiedEmbeddingWhereUntiedIsExpected() throws {
        var maker = try CheckpointMaker("llama3.1-8b")
        maker.remove { $0 == "lm_head.weight" }
        maker.config?["tie_word_embeddings"] = .bool(true)
        #expect(try Self.lines(maker) == [
            "ARCH005: config.json tie_word_embeddings is true; llama3.1-8b has false",
            "ARCH011: lm_head.weight missing: the checkpoint sets tie_word_embeddings true, so its output layer is the embedding matrix; llama3.1-8b has its own lm_head.weight",
        ])
        maker.config?["tie_word_embeddings"] = nil
        #expect(try Self.lines(maker) == [
            "ARCH001: lm_head.weight missing (an export that ties the output layer to the embeddings leaves it out; llama3.1-8b does not tie them)",
        ])
    }

    @Test func gptOssRouterBiasMissingInEveryLayerIsOneLine() throws {
        var maker = try CheckpointMaker("gpt-oss-120b")
        maker.remove { $0.hasSuffix("mlp.router.bias") }
        #expect(try Self.lines(maker) == ["ARCH001: layers 0–35: mlp.router.bias missing"])
    }

    @Test func gptOssCorruptionsAreAllListed() throws {
        var maker = try CheckpointMaker("gpt-oss-120b")
        try maker.edit("model.layers.7.mlp.experts.gate_up_proj_blocks") { $0.dtype = "BF16"; $0.byteLength *= 2 }
        try maker.edit("model.layers.9.self_attn.sinks") { $0.shape = [32]; $0.byteLength = 64 }
        try maker.edit("model.layers.5.mlp.experts.down_proj_blocks") { $0.shape.swapAt(1, 2) }
        try maker.edit("model.layers.6.mlp.experts.down_proj_scales") { $0.shape.reverse() }
        maker.remove { $0.hasPrefix("model.layers.2.mlp.experts.down_proj_") }
        maker.config?["layer_types"] = .array(Array(repeating: .string("full_attention"), count: 36))
        maker.config?["quantization_config"] = nil
        #expect(try Self.lines(maker) == [
            "ARCH005: config.json layer_types[0] is \"full_attention\"; gpt-oss-120b has \"sliding_attention\" (18 of 36 entries differ)",
            "ARCH006: config.json has no quantization_config.quant_method; gpt-oss-120b has \"mxfp4\"",
            "ARCH001: layer 2: mlp.experts.down_proj_blocks missing",
            "ARCH001: layer 2: mlp.experts.down_proj_scales missing",
            "ARCH001: layer 2: mlp.experts.down_proj_bias missing",
            "ARCH003: layer 9: self_attn.sinks shape [32], expected [64]",
            "ARCH003: layer 5: mlp.experts.down_proj_blocks shape [128, 90, 2880, 16], expected [128, 2880, 90, 16] (dimensions 1 and 2 swapped)",
            "ARCH003: layer 6: mlp.experts.down_proj_scales shape [90, 2880, 128], expected [128, 2880, 90] (in reverse order)",
            "ARCH004: layer 7: mlp.experts.gate_up_proj_blocks dtype BF16, expected U8",
        ])
    }

    @Test func anotherSizeOfTheFamilyIsNamed() throws {
        let maker = try CheckpointMaker("llama-3.3-70b")
        let lines = try Self.lines(maker, against: "llama3.1-8b")
        #expect(lines.last == "ARCH012: this looks like llama-3.1-70b (hidden_size 8192, intermediate_size 28672, num_hidden_layers 80, num_attention_heads 64), not llama3.1-8b; check it with --arch llama-3.3-70b")
        #expect(lines.contains("ARCH005: config.json hidden_size is 8192; llama3.1-8b has 4096"))
        #expect(lines.contains("ARCH003: layers 0–31: self_attn.q_proj.weight shape [8192, 8192], expected [4096, 4096]"))
        #expect(lines.contains("ARCH003: model.embed_tokens.weight shape [128256, 8192], expected [128256, 4096]"))
        #expect(lines.contains("ARCH002: layers 32–79: beyond the 32 layers of llama3.1-8b (432 tensors)"))
    }

    @Test func anotherFamilyScoresZero() throws {
        let scratch = try ScratchFolder("arch-family")
        defer { scratch.remove() }
        let result = try CheckpointMaker("qwen-3-32b").check(in: scratch, against: "gpt-oss-20b")
        #expect(result.score == 0)
        #expect(!result.passed)
        #expect(result.lines.contains("ARCH001: layers 0–23: self_attn.sinks missing"))
        #expect(result.lines.contains("ARCH002: layers 24–63: beyond the 24 layers of gpt-oss-20b (240 tensors)"))
    }

    @Test func missingTokenizerFilesWarn() throws {
        var maker = try CheckpointMaker("qwen-3-32b")
        maker.tokenizer = false
        let scratch = try ScratchFolder("arch-tokenizer")
        defer { scratch.remove() }
        let result = try maker.check(in: scratch)
        #expect(result.lines == [
            "ARCH009: tokenizer files missing: tokenizer.json, tokenizer_config.json (qwen-3-32b is served with its tokenizer)",
        ])
        #expect(result.passed)
    }

    @Test func noArchitectureMatchesANonsenseCheckpoint() throws {
        var report = ModelReport(path: "x.safetensors", format: .safetensors, size: 1)
        report.tensors = [TensorInfo(name: "encoder.conv.weight", dtype: .f32, shape: [.size(4), .size(4)])]
        let result = ArchitectureChecker().best(report)
        #expect(result.score == 0)
        #expect(result.lines.last == "ARCH014: no registered architecture matches: the best is llama3.1-8b with score 0.00 (then llama-3.3-70b 0.00, qwen-3-32b 0.00); registered: llama3.1-8b, llama-3.3-70b, qwen-3-32b, gpt-oss-20b, gpt-oss-120b")
    }
}
