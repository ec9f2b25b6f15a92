extension BuiltinArchitectures {
    /// The Llama family (`LlamaForCausalLM`): tensor rules shared by every size.
    static let llamaFamily = #"""
    {
      "family": "llama",
      "title": "Llama (LlamaForCausalLM)",
      "sources": [
        "transformers src/transformers/models/llama/modeling_llama.py: LlamaModel (embed_tokens, layers, norm), LlamaDecoderLayer (self_attn q/k/v/o_proj, mlp gate/up/down_proj, input_layernorm, post_attention_layernorm), LlamaForCausalLM (lm_head); nn.Linear weights are [out_features, in_features]",
        "llama.cpp gguf-py/gguf/constants.py and tensor_mapping.py: GGUF names token_embd, blk.N.attn_q/attn_k/attn_v/attn_output, ffn_gate/ffn_up/ffn_down, attn_norm, ffn_norm, output_norm, output, rope_freqs; GGUF dims are listed ne[0] first, the reverse of the PyTorch shape",
        "transformers src/transformers/models/llama/configuration_llama.py: LlamaConfig's class defaults, the config_defaults (num_key_value_heads, head_dim and rope_parameters are derived, so left out)",
        "sizes: the config.json of meta-llama/Llama-3.2-1B, Llama-3.2-3B, Llama-3.1-8B, Llama-3.1-70B, Llama-3.1-405B, Llama-2-7b-hf, Llama-2-13b-hf, Llama-2-70b-hf"
      ],
      "notes": [
        "rope_freqs.weight (GGUF only, [head_dim/2]) is written by llama.cpp for llama3 RoPE scaling; older conversions lack it, so it is optional"
      ],
      "layers": "num_hidden_layers",
      "derived": {"head_dim": "hidden_size / num_attention_heads"},
      "config_defaults": {
        "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32,
        "hidden_act": "silu", "max_position_embeddings": 2048, "initializer_range": 0.02, "rms_norm_eps": 1e-06, "use_cache": true,
        "bos_token_id": 1, "eos_token_id": 2, "pretraining_tp": 1, "tie_word_embeddings": false, "attention_bias": false,
        "attention_dropout": 0.0, "mlp_bias": false
      },
      "gguf_architecture": "llama",
      "tokenizer_files": ["tokenizer.json", "tokenizer_config.json"],
      "tensors": [
        {"name": "model.embed_tokens.weight", "gguf": "token_embd.weight", "shape": ["vocab_size", "hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.q_proj.weight", "gguf": "blk.{layer}.attn_q.weight", "shape": ["num_attention_heads * head_dim", "hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.k_proj.weight", "gguf": "blk.{layer}.attn_k.weight", "shape": ["num_key_value_heads * head_dim", "hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.v_proj.weight", "gguf": "blk.{layer}.attn_v.weight", "shape": ["num_key_value_heads * head_dim", "hidden_size"]},
        {"name": "model.layers.{layer}.self_attn.o_proj.weight", "gguf": "blk.{layer}.attn_output.weight", "shape": ["hidden_size", "num_attention_heads * head_dim"]},
        {"name": "model.layers.{layer}.mlp.gate_proj.weight", "gguf": "blk.{layer}.ffn_gate.weight", "shape": ["intermediate_size", "hidden_size"]},
        {"name": "model.layers.{layer}.mlp.up_proj.weight", "gguf": "blk.{layer}.ffn_up.weight", "shape": ["intermediate_size", "hidden_size"]},
        {"name": "model.layers.{layer}.mlp.down_proj.weight", "gguf": "blk.{layer}.ffn_down.weight", "shape": ["hidden_size", "intermediate_size"]},
        {"name": "model.layers.{layer}.input_layernorm.weight", "gguf": "blk.{layer}.attn_norm.weight", "shape": ["hidden_size"]},
        {"name": "model.layers.{layer}.post_attention_layernorm.weight", "gguf": "blk.{layer}.ffn_norm.weight", "shape": ["hidden_size"]},
        {"name": "model.norm.weight", "gguf": "output_norm.weight", "shape": ["hidden_size"]},
        {"name": "lm_head.weight", "gguf": "output.weight", "shape": ["vocab_size", "hidden_size"], "unless": "tie_word_embeddings"},
        {"gguf": "rope_freqs.weight", "shape": ["head_dim / 2"], "optional": true}
      ],
      "size_keys": ["hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "vocab_size"],
      "sizes": [
        {"name": "llama-3.2-1b", "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256},
        {"name": "llama-3.2-3b", "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 28, "num_attention_heads": 24, "num_key_value_heads": 8, "vocab_size": 128256},
        {"name": "llama-3.1-8b", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256},
        {"name": "llama-3.1-70b", "hidden_size": 8192, "intermediate_size": 28672, "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8, "vocab_size": 128256},
        {"name": "llama-3.1-405b", "hidden_size": 16384, "intermediate_size": 53248, "num_hidden_layers": 126, "num_attention_heads": 128, "num_key_value_heads": 8, "vocab_size": 128256},
        {"name": "llama-2-7b", "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32000},
        {"name": "llama-2-13b", "hidden_size": 5120, "intermediate_size": 13824, "num_hidden_layers": 40, "num_attention_heads": 40, "num_key_value_heads": 40, "vocab_size": 32000},
        {"name": "llama-2-70b", "hidden_size": 8192, "intermediate_size": 28672, "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8, "vocab_size": 32000}
      ]
    }
    """#
}
