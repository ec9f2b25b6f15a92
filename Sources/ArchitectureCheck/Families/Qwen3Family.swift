extension BuiltinArchitectures {
    /// The Qwen3 dense family (`Qwen3ForCausalLM`): Llama's layout plus per-head RMSNorm of queries and keys.
    static let qwen3Family = #"""
    {
      "family": "qwen3",
      "base": "llama",
      "title": "Qwen3 dense (Qwen3ForCausalLM)",
      "sources": [
        "transformers src/transformers/models/qwen3/modeling_qwen3.py: Qwen3Attention (q/k/v/o_proj without bias when attention_bias is false; q_norm and k_norm, Qwen3RMSNorm(head_dim)), Qwen3MLP (gate/up/down_proj), Qwen3DecoderLayer, Qwen3ForCausalLM: Llama's tensors plus q_norm and k_norm",
        "llama.cpp gguf-py/gguf/constants.py (MODEL_ARCH.QWEN3): GGUF names as Llama's plus blk.N.attn_q_norm and blk.N.attn_k_norm",
        "sizes: the config.json of Qwen/Qwen3-0.6B, Qwen3-1.7B, Qwen3-4B, Qwen3-8B, Qwen3-14B, Qwen3-32B"
      ],
      "notes": [
        "the tensors are the llama family's (its base) and the two below",
        "head_dim is explicit in every Qwen3 config (128) and is not hidden_size / num_attention_heads (5120 / 64 = 80 for the 32B)"
      ],
      "gguf_architecture": "qwen3",
      "tensors": [
        {"name": "model.layers.{layer}.self_attn.q_norm.weight", "gguf": "blk.{layer}.attn_q_norm.weight", "shape": ["head_dim"]},
        {"name": "model.layers.{layer}.self_attn.k_norm.weight", "gguf": "blk.{layer}.attn_k_norm.weight", "shape": ["head_dim"]}
      ],
      "sizes": [
        {"name": "qwen-3-0.6b", "hidden_size": 1024, "intermediate_size": 3072, "num_hidden_layers": 28, "num_attention_heads": 16, "num_key_value_heads": 8, "vocab_size": 151936},
        {"name": "qwen-3-1.7b", "hidden_size": 2048, "intermediate_size": 6144, "num_hidden_layers": 28, "num_attention_heads": 16, "num_key_value_heads": 8, "vocab_size": 151936},
        {"name": "qwen-3-4b", "hidden_size": 2560, "intermediate_size": 9728, "num_hidden_layers": 36, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 151936},
        {"name": "qwen-3-8b", "hidden_size": 4096, "intermediate_size": 12288, "num_hidden_layers": 36, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 151936},
        {"name": "qwen-3-14b", "hidden_size": 5120, "intermediate_size": 17408, "num_hidden_layers": 40, "num_attention_heads": 40, "num_key_value_heads": 8, "vocab_size": 151936},
        {"name": "qwen-3-32b", "hidden_size": 5120, "intermediate_size": 25600, "num_hidden_layers": 64, "num_attention_heads": 64, "num_key_value_heads": 8, "vocab_size": 151936}
      ]
    }
    """#
}
