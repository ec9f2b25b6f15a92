"""Peer for `synap-tool inspect CHECKPOINT_DIR --json`: list every tensor of every shard with safetensors.

Opens each *.safetensors in the folder with safe_open(framework="numpy") and reads each tensor's
dtype and shape through get_slice (no weights are read). Prints one summary line.
    python peer_safetensors.py DIR [--repeat N]   (--repeat: also time N in-process passes)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from safetensors import safe_open

from peer_common import run_peer


def inventory(folder: Path) -> list[tuple[str, str, str, list[int]]]:
    """(shard, name, dtype, shape) for every tensor in every shard."""
    out = []
    for shard in sorted(folder.glob("*.safetensors")):
        with safe_open(shard, framework="numpy") as f:
            for name in f.keys():
                s = f.get_slice(name)
                out.append((shard.name, name, s.get_dtype(), s.get_shape()))
    return out


def summary(tensors: list[tuple[str, str, str, list[int]]]) -> str:
    """Tensor and parameter counts."""
    return f"{len(tensors)} tensors, {sum(math.prod(shape) for *_, shape in tensors)} parameters"


def main() -> int:
    folder = Path(sys.argv[1])
    return run_peer(lambda: inventory(folder), summary)


if __name__ == "__main__":
    sys.exit(main())
