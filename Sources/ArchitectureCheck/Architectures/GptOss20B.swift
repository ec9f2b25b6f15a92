extension BuiltinArchitectures {
    /// openai/gpt-oss-20b: 24 layers of 2880, 32 experts with 4 per token, 459 tensors in 3 shards.
    static let gptOss20b = #"""
    {
      "id": "gpt-oss-20b",
      "title": "gpt-oss 20B",
      "family": "gpt-oss",
      "sources": [
        "https://huggingface.co/openai/gpt-oss-20b/blob/main/config.json",
        "https://huggingface.co/openai/gpt-oss-20b/blob/main/model.safetensors.index.json (459 tensors in model-0000{0..2}-of-00002.safetensors, metadata.total_size 13761264768)"
      ],
      "notes": [
        "self_attn.sinks accepts BF16 (what the published total_size implies) and F32 (what some exporters write)"
      ],
      "dtype": ["BF16"],
      "tensor_count": 459,
      "total_bytes": 13761264768,
      "config": {
        "architectures": ["GptOssForCausalLM"],
        "model_type": "gpt_oss",
        "hidden_size": 2880,
        "intermediate_size": 2880,
        "num_hidden_layers": 24,
        "num_attention_heads": 64,
        "num_key_value_heads": 8,
        "head_dim": 64,
        "vocab_size": 201088,
        "num_local_experts": 32,
        "num_experts_per_tok": 4,
        "attention_bias": true,
        "hidden_act": "silu",
        "rms_norm_eps": 1e-05,
        "rope_theta": 150000,
        "rope_scaling.rope_type": "yarn",
        "rope_scaling.factor": 32.0,
        "rope_scaling.original_max_position_embeddings": 4096,
        "rope_scaling.beta_fast": 32.0,
        "rope_scaling.beta_slow": 1.0,
        "sliding_window": 128,
        "layer_types": {"repeat": ["sliding_attention", "full_attention"], "count": "num_hidden_layers"},
        "swiglu_limit": 7.0,
        "quantization_config.quant_method": "mxfp4"
      },
      "config_optional": {
        "experts_per_token": 4,
        "tie_word_embeddings": false
      },
      "config_warn": {
        "max_position_embeddings": 131072,
        "initial_context_length": 4096
      }
    }
    """#
}
