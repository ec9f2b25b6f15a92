extension BuiltinArchitectures {
    /// The gpt-oss family (`GptOssForCausalLM`): attention with biases and sinks, a routed MoE whose
    /// expert weights are stored as MXFP4 blocks and scales.
    static let gptOssFamily = #"""
    {
      "family": "gpt-oss",
      "title": "gpt-oss (GptOssForCausalLM, MXFP4 experts)",
      "sources": [
        "transformers src/transformers/models/gpt_oss/modeling_gpt_oss.py: GptOssAttention (q/k/v/o_proj with bias, sinks of num_attention_heads), GptOssTopKRouter (router weight [num_local_experts, hidden_size], bias [num_local_experts]), GptOssExperts (gate_up_proj and down_proj with biases)",
        "transformers src/transformers/integrations/mxfp4.py: each expert matrix stored as *_blocks (U8, 16 bytes = 32 FP4 values per block, [experts, rows, columns / 32, 16]) and *_scales (U8 E8M0 exponents, [experts, rows, columns / 32])",
        "openai/gpt-oss-20b model.safetensors.index.json: the 19 tensors of each layer by name, total_size 13761264768, which holds exactly when every tensor but the U8 blocks and scales is 2 bytes per element (so sinks are BF16)",
        "transformers src/transformers/models/gpt_oss/configuration_gpt_oss.py: GptOssConfig's class defaults, the config_defaults (layer_types and rope_parameters are derived from other values, so left out)",
        "llama.cpp gguf-py/gguf/constants.py (MODEL_ARCH.GPT_OSS) and convert_hf_to_gguf.py (GptOssModel): GGUF splits gate_up into ffn_gate_exps and ffn_up_exps and stores experts as [experts, rows, columns]"
      ],
      "notes": [
        "The GGUF inventory (ffn_*_exps, attn_sinks, post_attention_norm) follows llama.cpp's converter as far as it could be read; it is plausible rather than certain.",
        "A dequantized BF16 export (mlp.experts.gate_up_proj [experts, hidden, 2 * intermediate]) is a different layout and does not pass these rules."
      ],
      "layers": "num_hidden_layers",
      "config_defaults": {
        "num_hidden_layers": 36, "num_local_experts": 128, "vocab_size": 201088, "hidden_size": 2880, "intermediate_size": 2880,
        "head_dim": 64, "num_attention_heads": 64, "num_key_value_heads": 8, "sliding_window": 128, "tie_word_embeddings": false,
        "hidden_act": "silu", "initializer_range": 0.02, "max_position_embeddings": 131072, "rms_norm_eps": 1e-05,
        "attention_dropout": 0.0, "num_experts_per_tok": 4, "swiglu_limit": 7.0, "router_aux_loss_coef": 0.001,
        "output_router_logits": false, "use_cache": true, "attention_bias": true
      },
      "gguf_architecture": "gpt-oss",
      "tokenizer_files": ["tokenizer.json", "tokenizer_config.json"],
      "tensors": [
        {"name": "model.embed_tokens.weight", "gguf": "token_embd.weight", "shape": ["vocab_size", "hidden_size"]},
        {"name": "model.layers.{layer}.input_layernorm.weight", "gguf": "blk.{layer}.attn_norm.weight", "shape": ["hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.q_proj.weight", "gguf": "blk.{layer}.attn_q.weight", "shape": ["num_attention_heads * head_dim", "hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.q_proj.bias", "gguf": "blk.{layer}.attn_q.bias", "shape": ["num_attention_heads * head_dim"]},
        {"name": "model.layers.{layer}.self_attn.k_proj.weight", "gguf": "blk.{layer}.attn_k.weight", "shape": ["num_key_value_heads * head_dim", "hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.k_proj.bias", "gguf": "blk.{layer}.attn_k.bias", "shape": ["num_key_value_heads * head_dim"]},
        {"name": "model.layers.{layer}.self_attn.v_proj.weight", "gguf": "blk.{layer}.attn_v.weight", "shape": ["num_key_value_heads * head_dim", "hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.v_proj.bias", "gguf": "blk.{layer}.attn_v.bias", "shape": ["num_key_value_heads * head_dim"]},
        {"name": "model.layers.{layer}.self_attn.o_proj.weight", "gguf": "blk.{layer}.attn_output.weight", "shape": ["hidden_size", "num_attention_heads * head_dim"]},
        {"name": "model.layers.{layer}.self_attn.o_proj.bias", "gguf": "blk.{layer}.attn_output.bias", "shape": ["hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.sinks", "gguf": "blk.{layer}.attn_sinks.weight", "shape": ["num_attention_heads"], "dtype": ["BF16", "F32"]},
        {"name": "model.layers.{layer}.post_attention_layernorm.weight", "gguf": "blk.{layer}.post_attention_norm.weight", "shape": ["hidden_size"]},
        {"name": "model.layers.{layer}.mlp.router.weight", "gguf": "blk.{layer}.ffn_gate_inp.weight", "shape": ["num_local_experts", "hidden_size"]},
        {"name": "model.layers.{layer}.mlp.router.bias", "gguf": "blk.{layer}.ffn_gate_inp.bias", "shape": ["num_local_experts"]},
        {"name": "model.layers.{layer}.mlp.experts.gate_up_proj_blocks", "shape": ["num_local_experts", "2 * intermediate_size", "hidden_size / 32", "16"], "dtype": ["U8"]},
        {"name": "model.layers.{layer}.mlp.experts.gate_up_proj_scales", "shape": ["num_local_experts", "2 * intermediate_size", "hidden_size / 32"], "dtype": ["U8"]},
        {"name": "model.layers.{layer}.mlp.experts.gate_up_proj_bias", "shape": ["num_local_experts", "2 * intermediate_size"]},
        {"name": "model.layers.{layer}.mlp.experts.down_proj_blocks", "shape": ["num_local_experts", "hidden_size", "intermediate_size / 32", "16"], "dtype": ["U8"]},
        {"name": "model.layers.{layer}.mlp.experts.down_proj_scales", "shape": ["num_local_experts", "hidden_size", "intermediate_size / 32"], "dtype": ["U8"]},
        {"name": "model.layers.{layer}.mlp.experts.down_proj_bias", "shape": ["num_local_experts", "hidden_size"]},
        {"gguf": "blk.{layer}.ffn_gate_exps.weight", "shape": ["num_local_experts", "intermediate_size", "hidden_size"]},
        {"gguf": "blk.{layer}.ffn_gate_exps.bias", "shape": ["num_local_experts", "intermediate_size"]},
        {"gguf": "blk.{layer}.ffn_up_exps.weight", "shape": ["num_local_experts", "intermediate_size", "hidden_size"]},
        {"gguf": "blk.{layer}.ffn_up_exps.bias", "shape": ["num_local_experts", "intermediate_size"]},
        {"gguf": "blk.{layer}.ffn_down_exps.weight", "shape": ["num_local_experts", "hidden_size", "intermediate_size"]},
        {"gguf": "blk.{layer}.ffn_down_exps.bias", "shape": ["num_local_experts", "hidden_size"]},
        {"name": "model.norm.weight", "gguf": "output_norm.weight", "shape": ["hidden_size"]},
        {"name": "lm_head.weight", "gguf": "output.weight", "shape": ["vocab_size", "hidden_size"], "unless": "tie_word_embeddings"}
      ],
      "size_keys": ["hidden_size", "intermediate_size", "num_hidden_layers", "num_local_experts", "vocab_size"],
      "sizes": [
        {"name": "gpt-oss-20b", "hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 24, "num_local_experts": 32, "vocab_size": 201088},
        {"name": "gpt-oss-120b", "hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 36, "num_local_experts": 128, "vocab_size": 201088}
      ]
    }
    """#
}
