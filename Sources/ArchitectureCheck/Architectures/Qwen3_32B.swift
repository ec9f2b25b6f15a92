extension BuiltinArchitectures {
    /// Qwen/Qwen3-32B: 64 layers of 5120 with q_norm/k_norm, 707 BF16 tensors in 17 shards.
    static let qwen3_32b = #"""
    {
      "id": "qwen-3-32b",
      "title": "Qwen3 32B",
      "family": "qwen3",
      "sources": [
        "https://huggingface.co/Qwen/Qwen3-32B/blob/main/config.json",
        "https://huggingface.co/Qwen/Qwen3-32B/blob/main/model.safetensors.index.json (model-000{01..17}-of-00017.safetensors)",
        "https://huggingface.co/api/models/Qwen/Qwen3-32B: safetensors.parameters BF16 32762123264, which the rules reproduce exactly (707 tensors, 2 bytes each: total_bytes)"
      ],
      "notes": [
        "max_position_embeddings 40960 and rope_theta 1000000 are from the published config as recalled; a YaRN-extended deployment changes rope_scaling, which is therefore not checked"
      ],
      "dtype": ["BF16"],
      "tensor_count": 707,
      "total_bytes": 65524246528,
      "config": {
        "architectures": ["Qwen3ForCausalLM"],
        "model_type": "qwen3",
        "hidden_size": 5120,
        "intermediate_size": 25600,
        "num_hidden_layers": 64,
        "num_attention_heads": 64,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "vocab_size": 151936,
        "hidden_act": "silu",
        "rms_norm_eps": 1e-06,
        "rope_theta": 1000000
      },
      "config_optional": {
        "tie_word_embeddings": false,
        "attention_bias": false,
        "use_sliding_window": false
      },
      "config_warn": {
        "max_position_embeddings": 40960,
        "torch_dtype": "bfloat16"
      }
    }
    """#
}
