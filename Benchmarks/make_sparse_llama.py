"""Writes a shape-true, sparse Llama-3.1-8B checkpoint: real tensor names, shapes, BF16, shard split.

Each shard is an 8-byte header length and the JSON header the safetensors writer would produce, then
the file is truncated to its full size, so the weights are a hole that costs no disk. Usage:
    python make_sparse_llama.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "fixtures"))
import sparse_safetensors  # noqa: E402
from llama_layout import SHARD_METADATA, config_json, index_json, llama31_config, llama_tensors  # noqa: E402

# meta-llama/Llama-3.1-8B config.json.
CONFIG = llama31_config(
    vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
    num_key_value_heads=8, max_position_embeddings=131072, original_max_position_embeddings=8192,
    bos_token_id=128000, eos_token_id=128001,
)
# The first tensor (state_dict order) of shards 2, 3 and 4 in the published index.
SHARD_STARTS = (
    "model.layers.9.self_attn.q_proj.weight",
    "model.layers.20.mlp.up_proj.weight",
    "model.layers.31.mlp.down_proj.weight",
)
TOTAL_SIZE = 16060522496  # metadata.total_size of the published index
DTYPE = "BF16"


def header(tensors: list[tuple[str, list[int]]], metadata: dict[str, str]) -> tuple[bytes, int]:
    """The safetensors header of BF16 tensors, as the reference writer lays it out (sparse_safetensors)."""
    return sparse_safetensors.header([(name, DTYPE, shape) for name, shape in tensors], metadata)


def check_header_against_safetensors() -> None:
    """Proves header() matches safetensors' own writer on a small same-dtype, same-naming model."""
    try:
        import ml_dtypes
        import numpy as np
        from safetensors.numpy import save
    except ImportError:
        return
    small = [(f"model.layers.{i}.{n}", [2, 3]) for i in (0, 1, 10) for n in ("mlp.up_proj.weight", "self_attn.q_proj.weight")]
    small.append(("lm_head.weight", [4]))
    ours, _ = header(small, SHARD_METADATA)
    arrays = {name: np.zeros(shape, dtype=ml_dtypes.bfloat16) for name, shape in small}
    theirs = save(arrays, metadata=SHARD_METADATA)
    if theirs[: len(ours)] != ours:
        raise SystemExit(f"hand-written header differs from safetensors':\n{ours!r}\n{theirs[:len(ours)]!r}")


def shards() -> list[list[tuple[str, list[int]]]]:
    """The 291 tensors split into the published 4 shards."""
    out: list[list[tuple[str, list[int]]]] = [[]]
    for name, shape in llama_tensors(CONFIG):
        if name in SHARD_STARTS:
            out.append([])
        out[-1].append((name, shape))
    return out


def main() -> int:
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    check_header_against_safetensors()
    parts = shards()
    weight_map: dict[str, str] = {}
    total = 0
    for k, tensors in enumerate(parts, start=1):
        name = f"model-{k:05d}-of-{len(parts):05d}.safetensors"
        data = sparse_safetensors.write(out / name, [(t, DTYPE, shape) for t, shape in tensors], SHARD_METADATA)
        weight_map.update({t: name for t, _ in tensors})
        total += data
    count = sum(len(p) for p in parts)
    if count != 291 or total != TOTAL_SIZE:
        raise SystemExit(f"layout drifted from Llama-3.1-8B: {count} tensors, {total} bytes")
    (out / "config.json").write_text(config_json(CONFIG))
    (out / "model.safetensors.index.json").write_text(index_json(weight_map, total))
    print(f"{out}: {count} tensors in {len(parts)} sparse shards, {total} bytes of (absent) weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
