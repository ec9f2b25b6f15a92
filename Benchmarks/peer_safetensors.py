"""Peer for `synap-tool inspect CHECKPOINT_DIR --json`: list every tensor of every shard with safetensors.

Opens each *.safetensors in the folder with safe_open(framework="numpy") and reads each tensor's
dtype and shape through get_slice (no weights are read). Prints one summary line.
    python peer_safetensors.py DIR [--repeat N]   (--repeat: also time N in-process passes)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from safetensors import safe_open


def inventory(folder: Path) -> list[tuple[str, str, str, list[int]]]:
    """(shard, name, dtype, shape) for every tensor in every shard."""
    out = []
    for shard in sorted(folder.glob("*.safetensors")):
        with safe_open(shard, framework="numpy") as f:
            for name in f.keys():
                s = f.get_slice(name)
                out.append((shard.name, name, s.get_dtype(), s.get_shape()))
    return out


def main() -> int:
    folder = Path(sys.argv[1])
    tensors = inventory(folder)
    params = 0
    for _, _, _, shape in tensors:
        n = 1
        for d in shape:
            n *= d
        params += n
    print(f"{len(tensors)} tensors, {params} parameters")
    if "--repeat" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--repeat") + 1])
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            inventory(folder)
            times.append(time.perf_counter() - t0)
        print(f"in-process median {sorted(times)[len(times) // 2] * 1e3:.3f} ms over {runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
