extension BuiltinArchitectures {
    /// meta-llama/Llama-3.1-8B (and -Instruct): 32 layers of 4096, 291 BF16 tensors in 4 shards.
    static let llama31_8b = #"""
    {
      "id": "llama3.1-8b",
      "title": "Llama 3.1 8B",
      "family": "llama",
      "sources": [
        "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json",
        "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/model.safetensors.index.json (291 tensors in model-0000{1..4}-of-00004.safetensors, metadata.total_size 16060522496)"
      ],
      "notes": [
        "eos_token_id differs between the base model (128001) and -Instruct ([128001, 128008, 128009]), so it is not checked",
        "head_dim is absent from the published config (transformers 4.43) and derived as hidden_size / num_attention_heads = 128; a config that states it must say 128"
      ],
      "dtype": ["BF16"],
      "tensor_count": 291,
      "total_bytes": 16060522496,
      "config": {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": 4096,
        "intermediate_size": 14336,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "vocab_size": 128256,
        "hidden_act": "silu",
        "rms_norm_eps": 1e-05,
        "rope_theta": 500000.0,
        "rope_scaling.rope_type": "llama3",
        "rope_scaling.factor": 8.0,
        "rope_scaling.low_freq_factor": 1.0,
        "rope_scaling.high_freq_factor": 4.0,
        "rope_scaling.original_max_position_embeddings": 8192
      },
      "config_optional": {
        "head_dim": 128,
        "tie_word_embeddings": false,
        "attention_bias": false,
        "mlp_bias": false
      },
      "config_warn": {
        "max_position_embeddings": 131072,
        "torch_dtype": "bfloat16"
      }
    }
    """#
}
