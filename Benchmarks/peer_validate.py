"""Peer for `synap-tool validate DIR --arch ID`: the same checks in Python, through safetensors.safe_open.

Reads the architecture (tensor names, dtypes, shapes and config values, as `synap-tool validate --list
--format json` exports them), then the checkpoint: config.json against the config values (nested keys
flattened; required ones must be present, optional ones equal when present), the index against the shards both ways, every tensor's dtype and shape via
safe_open(framework="numpy").get_slice (no weights are read), missing and unexpected tensors, and the
tokenizer files. Prints "pass" or the number of problems.
    python peer_validate.py ARCHITECTURES_JSON ID DIR [--repeat N]   (--repeat: also time N in-process passes)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from safetensors import safe_open

from peer_common import run_peer

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json")


def flatten(value: dict, prefix: str = "") -> dict:
    """config.json's nested objects as dotted keys (rope_scaling.factor)."""
    out = {}
    for key, item in value.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(item, dict):
            out.update(flatten(item, name))
        elif item is not None:
            out[name] = item
    return out


def check(architectures: Path, arch_id: str, folder: Path) -> list[str]:
    """Every difference between the checkpoint and the architecture, one line each."""
    arch = next(a for a in json.loads(architectures.read_text()) if a["id"] == arch_id)
    problems = []
    config = flatten(json.loads((folder / "config.json").read_text()))
    for level in ("config", "config_optional"):  # config_warn differences only warn
        for key, expected in flatten(arch[level]).items():
            if key not in config:
                problems += [f"config {key} missing"] if level == "config" else []
            elif config[key] != expected:
                problems.append(f"config {key} is {config[key]!r}, expected {expected!r}")
    index = json.loads((folder / "model.safetensors.index.json").read_text())["weight_map"]
    found = {}
    for shard in sorted(set(index.values())):
        with safe_open(folder / shard, framework="numpy") as f:
            for name in f.keys():
                s = f.get_slice(name)
                found[name] = (s.get_dtype(), list(s.get_shape()))
                if index.get(name) != shard:
                    problems.append(f"{name} in {shard}, index says {index.get(name)}")
    listed = {p.name for p in folder.glob("*.safetensors")}
    problems += [f"{shard} not in the index" for shard in sorted(listed - set(index.values()))]
    for tensor in arch["tensors"]:
        got = found.pop(tensor["name"], None)
        if got is None:
            problems.append(f"{tensor['name']} missing")
        elif got[0] not in tensor["dtype"] or got[1] != tensor["shape"]:
            problems.append(f"{tensor['name']} is {got}, expected {tensor['dtype']} {tensor['shape']}")
    problems += [f"{name} unexpected" for name in found]
    problems += [f"{name} missing" for name in TOKENIZER_FILES if not (folder / name).exists()]
    return problems


def main() -> int:
    architectures, arch_id, folder = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    return run_peer(lambda: check(architectures, arch_id, folder),
                    lambda problems: "pass" if not problems else f"{len(problems)} problems: {problems[:3]}")


if __name__ == "__main__":
    sys.exit(main())
