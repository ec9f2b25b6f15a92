@testable import ArchitectureCheck
import ModelArtifact
import Testing

/// The built-in architecture files: they parse, and their inventories reproduce the published
/// tensor counts and byte totals (an independent check of every shape and dtype).
@Suite struct RegistryTests {
    let registry = ArchitectureRegistry.builtin

    @Test func theIssueArchitecturesAreRegistered() {
        #expect(registry.ids == ["llama3.1-8b", "llama-3.3-70b", "qwen-3-32b", "gpt-oss-20b", "gpt-oss-120b"])
    }

    @Test(arguments: ArchitectureRegistry.builtin.all.map(\.id))
    func inventoryMatchesThePublishedCountAndSize(id: String) throws {
        let spec = try #require(registry.spec(id))
        let count = try #require(spec.tensorCount)
        #expect(spec.inventory(.huggingFace).filter { !$0.optional }.count == count)
        #expect(spec.inventoryBytes == spec.totalBytes)
        #expect(!spec.sources.isEmpty)
        #expect(spec.sources.contains { $0.contains("huggingface.co") })
    }

    @Test func publishedFacts() throws {
        let llama = try #require(registry.spec("llama3.1-8b"))
        #expect(llama.values["head_dim"] == 128)
        #expect(llama.layerCount == 32)
        #expect(self.shape(llama, "model.layers.0.self_attn.k_proj.weight") == [1024, 4096])
        #expect(self.shape(llama, "lm_head.weight") == [128256, 4096])
        #expect(llama.inventoryBytes == 16_060_522_496)

        let qwen = try #require(registry.spec("qwen-3-32b"))
        #expect(self.shape(qwen, "model.layers.63.self_attn.q_proj.weight") == [8192, 5120])
        #expect(self.shape(qwen, "model.layers.0.self_attn.q_norm.weight") == [128])

        let oss = try #require(registry.spec("gpt-oss-120b"))
        #expect(self.shape(oss, "model.layers.35.mlp.experts.gate_up_proj_blocks") == [128, 5760, 90, 16])
        #expect(self.shape(oss, "model.layers.0.mlp.experts.gate_up_proj_scales") == [128, 5760, 90])
        #expect(self.shape(oss, "model.layers.0.mlp.experts.down_proj_blocks") == [128, 2880, 90, 16])
        #expect(self.shape(oss, "model.layers.0.self_attn.sinks") == [64])
        #expect(self.shape(oss, "model.layers.0.mlp.router.bias") == [128])
        #expect(oss.inventory(.huggingFace).first { $0.name.hasSuffix("sinks") }?.dtypes == [.bf16, .f32])
        let layerTypes = oss.config.first { $0.key == "layer_types" }?.expected
        guard case .exact(.array(let types))? = layerTypes else { Issue.record("layer_types"); return }
        #expect(types.count == 36)
        #expect(types.prefix(2) == [.string("sliding_attention"), .string("full_attention")])
    }

    @Test func ggufInventoryRenamesAndSplitsExperts() throws {
        let oss = try #require(registry.spec("gpt-oss-20b"))
        let names = Set(oss.inventory(.gguf).map(\.name))
        #expect(names.contains("blk.23.ffn_up_exps.weight"))
        #expect(names.contains("blk.0.attn_sinks.weight"))
        #expect(!names.contains { $0.contains("_blocks") })
        let llama = try #require(registry.spec("llama3.1-8b"))
        let optional = llama.inventory(.gguf).filter(\.optional).map(\.name)
        #expect(optional == ["rope_freqs.weight"])
    }

    func shape(_ spec: ArchitectureSpec, _ name: String) -> [Int64]? {
        spec.inventory(.huggingFace).first { $0.name == name }?.shape
    }

    @Test func expectedConfigNestsDottedKeys() throws {
        let llama = try #require(registry.spec("llama3.1-8b"))
        let config = try #require(llama.expectedConfig.objectValue)
        #expect(config["rope_scaling"]?.objectValue?["rope_type"] == .string("llama3"))
        #expect(config["architectures"] == .array([.string("LlamaForCausalLM")]))
    }
}

/// Architecture files given by users: every mistake named.
@Suite struct SpecFileTests {
    static let family = #"{"family": "toy", "tensors": [{"name": "w.{layer}", "shape": ["hidden_size", "2 * hidden_size"]}]}"#

    func spec(_ text: String) throws -> ArchitectureSpec {
        try #require(ArchitectureRegistry(families: [Self.family], architectures: [text]).all.first)
    }

    func error(_ text: String) -> String? {
        do {
            _ = try ArchitectureRegistry(families: [Self.family], architectures: [text])
            return nil
        } catch let error as SpecError {
            return error.message
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test func aMinimalFileExpands() throws {
        let toy = try spec(#"{"id": "toy-1", "family": "toy", "dtype": ["F32"], "config": {"hidden_size": 3, "num_hidden_layers": 2}}"#)
        #expect(toy.inventory(.huggingFace).map(\.name) == ["w.0", "w.1"])
        #expect(toy.inventory(.huggingFace).map(\.shape) == [[3, 6], [3, 6]])
        #expect(toy.inventory(.gguf).isEmpty)
    }

    @Test func mistakesAreNamed() {
        #expect(error(#"{"id": "a", "family": "toy", "dtype": ["F32"], "config": {"hidden_size": 3, "num_hidden_layers": 2}, "confg": {}}"#)
                    == "architecture has an unknown member \"confg\"")
        #expect(error(#"{"id": "a", "family": "nope", "dtype": ["F32"]}"#) == "a: unknown family \"nope\" (known: toy)")
        #expect(error(#"{"id": "a", "family": "toy", "dtype": ["F33"]}"#) == "a: unknown dtype \"F33\"")
        #expect(error(#"{"id": "a", "family": "toy", "dtype": ["F32"], "config": {"num_hidden_layers": 2}}"#)
                    == "a: the shape of w.{layer} has hidden_size, which the config values do not give")
        #expect(error(#"{"id": "a", "family": "toy", "dtype": ["F32"], "config": {"hidden_size": 3}}"#)
                    == "a: the layer count num_hidden_layers has no value in 0…100000")
        #expect(error(#"{"id": "a", "family": "toy", "dtype": ["F32"], "config": {"hidden_size": 3, "num_hidden_layers": 2, "rope": {"x": 1}}}"#)
                    == "a: config.rope has an unknown member \"x\"")
        #expect(error(#"{"id": "a", "family": {"family": "inline", "tensors": [{"name": "x", "shape": ["(1"]}]}, "dtype": ["F32"]}"#)
                    == "missing ')' in shape expression \"(1\"")
        let rules = (0..<10).map { #"{"name": "w\#($0).{layer}", "shape": ["1"]}"# }.joined(separator: ", ")
        #expect(error(#"{"id": "a", "family": {"family": "wide", "tensors": [\#(rules)]}, "dtype": ["F32"], "config": {"num_hidden_layers": 100000}}"#)
                    == "a: 10 rules over 100000 layers make more than 1000000 tensors")
        #expect(error(#"{"id": "a", "family": "toy", "dtype": ["F32"], "config": {"hidden_size": -3, "num_hidden_layers": 2}}"#)
                    == "a: the shape of w.{layer} has hidden_size = -3, below 0")
    }

    @Test func anInlineFamilyWorks() throws {
        let inline = try spec(#"{"id": "b", "family": {"family": "b", "layers": "0", "tensors": [{"name": "emb", "shape": ["v"], "dtype": ["U8"]}]}, "config": {"v": 7}}"#)
        #expect(inline.inventory(.huggingFace).map(\.name) == ["emb"])
        #expect(inline.inventory(.huggingFace).first?.dtypes == [.u8])
    }
}

/// Shape expressions and layer ranges.
@Suite struct ExpressionTests {
    @Test func layerRangesAreCompact() {
        #expect(LayerRanges.describe([5]) == "layer 5")
        #expect(LayerRanges.describe(Array(0...35)) == "layers 0–35")
        #expect(LayerRanges.describe([9, 0, 1, 2, 3, 7, 10, 11, 12, 3]) == "layers 0–3, 7, 9–12")
        #expect(LayerRanges.describe(stride(from: 0, to: 20, by: 2)) == "layers 0, 2, 4, 6, 8, 10, … (10 layers)")
        #expect(LayerRanges.split("model.layers.17.mlp.up_proj.weight")! == (17, "model.layers.{layer}.mlp.up_proj.weight"))
        #expect(LayerRanges.split("blk.3.attn_q.weight")! == (3, "blk.{layer}.attn_q.weight"))
        #expect(LayerRanges.split("lm_head.weight") == nil)
    }

    @Test func evaluates() throws {
        let values: [String: Int64] = ["hidden_size": 2880, "n": 3]
        #expect(try ShapeExpression(parsing: "hidden_size / 32").evaluate(values) == 90)
        #expect(try ShapeExpression(parsing: "2 * (hidden_size + n) - 1").evaluate(values) == 5765)
        #expect(try ShapeExpression(parsing: "hidden_size / 7").evaluate(values) == nil)  // not exact
        #expect(try ShapeExpression(parsing: "missing").evaluate(values) == nil)
        #expect(try ShapeExpression(parsing: "9223372036854775807 * 2").evaluate(values) == nil)
        #expect(try ShapeExpression(parsing: "a.b").variables == ["a.b"])
    }

    @Test func refusesMalformedText() {
        for bad in ["", "1 +", "(((((((((((((((((1)))))))))))))))))", "a $ b", "99999999999999999999", "2 3"] {
            #expect(throws: SpecError.self) { try ShapeExpression(parsing: bad) }
        }
    }
}

/// `base`: a size that overrides only what differs.
@Suite struct BaseArchitectureTests {
    @Test func aBaseGivesItsValuesAndItsFamily() throws {
        let registry = ArchitectureRegistry.builtin
        let big = try #require(registry.spec("gpt-oss-120b"))
        let small = try #require(registry.spec("gpt-oss-20b"))
        #expect(big.family == "gpt-oss")
        #expect(big.config.map(\.key) == small.config.map(\.key))
        #expect(big.values["num_local_experts"] == 128)
        #expect(big.values["rope_theta"] == 150000)
        #expect(big.sources.first == "https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json")
    }

    @Test func anUnknownBaseIsNamed() {
        let family = SpecFileTests.family
        #expect(throws: SpecError("b: base \"a\" is not an architecture registered before it")) {
            try ArchitectureRegistry(families: [family], architectures: [#"{"id": "b", "base": "a"}"#])
        }
    }
}
