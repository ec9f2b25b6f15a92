import GGUFReader
import ModelArtifact

/// Where GGUF metadata keeps the values of `config.json`: `<general.architecture>.<key>`, as
/// llama.cpp's `convert_hf_to_gguf.py` writes them (gguf-py `constants.py`, `Keys.LLM`, `Keys.Attention`,
/// `Keys.Rope`). One table, used both ways.
public enum GGUFConfigKeys {
    /// `config.json` key → GGUF key suffix (after `<arch>.`).
    public static let byConfigKey: [(config: String, gguf: String)] = [
        ("hidden_size", "embedding_length"),
        ("intermediate_size", "feed_forward_length"),
        ("num_hidden_layers", "block_count"),
        ("num_attention_heads", "attention.head_count"),
        ("num_key_value_heads", "attention.head_count_kv"),
        ("head_dim", "attention.key_length"),
        ("max_position_embeddings", "context_length"),
        ("rope_theta", "rope.freq_base"),
        ("rms_norm_eps", "attention.layer_norm_rms_epsilon"),
        ("vocab_size", "vocab_size"),
        ("num_local_experts", "expert_count"),
        ("num_experts_per_tok", "expert_used_count"),
        ("sliding_window", "attention.sliding_window"),
        ("rope_scaling.factor", "rope.scaling.factor"),
        ("rope_scaling.original_max_position_embeddings", "rope.scaling.original_context_length"),
    ]

    /// The GGUF key that holds the architecture's name.
    public static let architectureKey = "general.architecture"
    /// The array whose length is the vocabulary size, when `<arch>.vocab_size` is absent.
    public static let tokensArray = "tokenizer.ggml.tokens"

    /// The config values a GGUF report's metadata holds, under their `config.json` names, each with
    /// the GGUF key it came from.
    static func config(of report: ModelReport) -> [String: (value: JSONValue, source: String)] {
        guard let metadata = report.metadata, case .string(let arch)? = metadata[architectureKey] else { return [:] }
        var out: [String: (JSONValue, String)] = [:]
        for (configKey, suffix) in byConfigKey {
            let key = "\(arch).\(suffix)"
            if let value = metadata[key] { out[configKey] = (value, key) }
        }
        if out["vocab_size"] == nil, let tokens = report.section(GGUFSection.self)?.array(tokensArray) {
            out["vocab_size"] = (.int(Int64(tokens.count)), "\(tokensArray) (count)")
        }
        return out
    }
}
