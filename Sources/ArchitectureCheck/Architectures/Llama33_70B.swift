extension BuiltinArchitectures {
    /// meta-llama/Llama-3.3-70B-Instruct: 80 layers of 8192, 723 BF16 tensors in 30 shards.
    static let llama33_70b = #"""
    {
      "id": "llama-3.3-70b",
      "title": "Llama 3.3 70B Instruct",
      "sources": [
        "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/config.json",
        "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/model.safetensors.index.json (723 tensors in model-000{01..30}-of-00030.safetensors, metadata.total_size 141107412992)"
      ],
      "notes": [
        "every config value but the four below is llama3.1-8b's (its base): the two published configs differ in those and in keys not checked here (eos_token_id, transformers_version)",
        "same shapes as Llama 3.1 70B; the RoPE values (llama3, factor 8, 500000) are Llama 3.1's, which 3.3 keeps",
        "tensor_count and total_bytes (723, 141107412992) are those of the Llama-3.1-70B index, which has the same shapes (80 x 9 + 3 tensors, 70,553,706,496 BF16 parameters); the 3.3 index itself was not read here"
      ],
      "base": "llama3.1-8b",
      "tensor_count": 723,
      "total_bytes": 141107412992,
      "config": {
        "hidden_size": 8192,
        "intermediate_size": 28672,
        "num_hidden_layers": 80,
        "num_attention_heads": 64
      }
    }
    """#
}
