extension BuiltinArchitectures {
    /// openai/gpt-oss-120b: 36 layers of 2880, 128 experts with 4 per token, 687 tensors in 15 shards.
    static let gptOss120b = #"""
    {
      "id": "gpt-oss-120b",
      "title": "gpt-oss 120B",
      "sources": [
        "https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json",
        "https://huggingface.co/openai/gpt-oss-120b/blob/main/model.safetensors.index.json (687 tensors in model-000{00..14}-of-00014.safetensors, numbered from 0 as published; tensor bytes 65248815744)"
      ],
      "notes": [
        "self_attn.sinks accepts BF16 (what the published tensor bytes imply) and F32 (what some exporters write)",
        "every config value but the two below is gpt-oss-20b's (its base), as the two published configs differ only there (layer_types follows num_hidden_layers); the 120B config was read through third-party copies, not the Hub itself",
        "65248815744 tensor bytes: the 15 shard files hold 65248893184 bytes (Hub API sizes, revision b5c939de), of which 77440 are safetensors headers"
      ],
      "base": "gpt-oss-20b",
      "tensor_count": 687,
      "total_bytes": 65248815744,
      "config": {
        "num_hidden_layers": 36,
        "num_local_experts": 128
      }
    }
    """#
}
