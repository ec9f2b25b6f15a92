"""Writes a shape-true, sparse gpt-oss-120b checkpoint: real tensor names, shapes and dtypes, 15 shards.

Tensors are those of openai/gpt-oss-120b: per layer the 19 of the gpt-oss-20b index (attention with
biases and sinks, router, MXFP4 expert blocks/scales in U8 and BF16 biases), then the embeddings,
the final norm and lm_head; 687 tensors, 65,248,815,744 bytes, as published. Shards are named
model-00000-of-00014.safetensors … model-00014-of-00014.safetensors, as published; which tensor lies
in which shard is an approximation (layers in the index's string order, cut at about 4.6 GB), since
the published index was not available to copy. Weights are a hole (sparse_safetensors). Usage:
    python make_sparse_gpt_oss.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sparse_safetensors

HIDDEN, LAYERS, EXPERTS, VOCAB, HEADS, KV_HEADS, HEAD_DIM = 2880, 36, 128, 201088, 64, 8, 64
SHARDS = 15
SHARD_CAP = 4_615_000_000  # data bytes per shard at most: cuts the 687 tensors into 15 shards
TOTAL_SIZE = 65248815744  # the tensor bytes of the published shards
SHARD_METADATA = {"format": "pt"}

# openai/gpt-oss-120b config.json (published values; gpt-oss-20b's but for layers and experts).
CONFIG = {
    "architectures": ["GptOssForCausalLM"], "attention_bias": True, "attention_dropout": 0.0, "eos_token_id": 200002,
    "experts_per_token": 4, "head_dim": HEAD_DIM, "hidden_act": "silu", "hidden_size": HIDDEN,
    "initial_context_length": 4096, "initializer_range": 0.02, "intermediate_size": HIDDEN,
    "layer_types": ["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(LAYERS)],
    "max_position_embeddings": 131072, "model_type": "gpt_oss", "num_attention_heads": HEADS, "num_experts_per_tok": 4,
    "num_hidden_layers": LAYERS, "num_key_value_heads": KV_HEADS, "num_local_experts": EXPERTS,
    "output_router_logits": False, "pad_token_id": 199999,
    "quantization_config": {"modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router",
                                                       "model.embed_tokens", "lm_head"], "quant_method": "mxfp4"},
    "rms_norm_eps": 1e-05,
    "rope_scaling": {"beta_fast": 32.0, "beta_slow": 1.0, "factor": 32.0, "original_max_position_embeddings": 4096,
                     "rope_type": "yarn", "truncate": False},
    "rope_theta": 150000, "router_aux_loss_coef": 0.9, "sliding_window": 128, "swiglu_limit": 7.0,
    "tie_word_embeddings": False, "transformers_version": "4.55.0.dev0", "use_cache": True, "vocab_size": VOCAB,
}


def layer(i: int) -> list[tuple[str, str, list[int]]]:
    """Layer i's tensors in the order the gpt-oss-20b index lists them."""
    p, q, kv, blocks = f"model.layers.{i}.", HEADS * HEAD_DIM, KV_HEADS * HEAD_DIM, HIDDEN // 32
    return [
        (p + "input_layernorm.weight", "BF16", [HIDDEN]),
        (p + "self_attn.o_proj.bias", "BF16", [HIDDEN]), (p + "self_attn.o_proj.weight", "BF16", [HIDDEN, q]),
        (p + "self_attn.q_proj.bias", "BF16", [q]), (p + "self_attn.k_proj.bias", "BF16", [kv]),
        (p + "self_attn.v_proj.bias", "BF16", [kv]), (p + "self_attn.q_proj.weight", "BF16", [q, HIDDEN]),
        (p + "self_attn.k_proj.weight", "BF16", [kv, HIDDEN]), (p + "self_attn.v_proj.weight", "BF16", [kv, HIDDEN]),
        (p + "self_attn.sinks", "BF16", [HEADS]),
        (p + "mlp.router.bias", "BF16", [EXPERTS]), (p + "mlp.router.weight", "BF16", [EXPERTS, HIDDEN]),
        (p + "mlp.experts.gate_up_proj_bias", "BF16", [EXPERTS, 2 * HIDDEN]),
        (p + "mlp.experts.gate_up_proj_blocks", "U8", [EXPERTS, 2 * HIDDEN, blocks, 16]),
        (p + "mlp.experts.gate_up_proj_scales", "U8", [EXPERTS, 2 * HIDDEN, blocks]),
        (p + "mlp.experts.down_proj_bias", "BF16", [EXPERTS, HIDDEN]),
        (p + "mlp.experts.down_proj_blocks", "U8", [EXPERTS, HIDDEN, blocks, 16]),
        (p + "mlp.experts.down_proj_scales", "U8", [EXPERTS, HIDDEN, blocks]),
        (p + "post_attention_layernorm.weight", "BF16", [HIDDEN]),
    ]


def tensors() -> list[tuple[str, str, list[int]]]:
    """All 687, layers in string order (0, 1, 10, 11, …) as the index lists them, then the rest."""
    out = [t for i in sorted(range(LAYERS), key=str) for t in layer(i)]
    return out + [("model.embed_tokens.weight", "BF16", [VOCAB, HIDDEN]), ("model.norm.weight", "BF16", [HIDDEN]),
                  ("lm_head.weight", "BF16", [VOCAB, HIDDEN])]


def shards() -> list[list[tuple[str, str, list[int]]]]:
    """The tensors cut in order into shards of at most SHARD_CAP data bytes."""
    out: list[list[tuple[str, str, list[int]]]] = [[]]
    size = 0
    for t in tensors():
        n = sparse_safetensors.nbytes(t[1], t[2])
        if out[-1] and size + n > SHARD_CAP:
            out.append([])
            size = 0
        out[-1].append(t)
        size += n
    return out


def main() -> int:
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    parts = shards()
    if len(parts) != SHARDS:
        raise SystemExit(f"{len(parts)} shards instead of {SHARDS}")
    weight_map: dict[str, str] = {}
    total = 0
    for k, part in enumerate(parts):
        name = f"model-{k:05d}-of-{SHARDS - 1:05d}.safetensors"
        total += sparse_safetensors.write(out / name, part, SHARD_METADATA)
        weight_map.update({t: name for t, *_ in part})
    count = len(weight_map)
    if count != 687 or total != TOTAL_SIZE:
        raise SystemExit(f"layout drifted from gpt-oss-120b: {count} tensors, {total} bytes")
    (out / "config.json").write_text(json.dumps(CONFIG, indent=2) + "\n")
    (out / "model.safetensors.index.json").write_text(json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}))
    print(f"{out}: {count} tensors in {SHARDS} sparse shards, {total} bytes of (absent) weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
