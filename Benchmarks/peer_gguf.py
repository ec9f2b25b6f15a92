"""Peer for `synap-tool inspect FILE.gguf --json`: gguf-py's GGUFReader lists every field and tensor.
    python peer_gguf.py FILE [--repeat N]   (--repeat: also time N in-process passes)
"""

from __future__ import annotations

import sys
import time

from gguf import GGUFReader


def inventory(path: str) -> tuple[list[tuple[str, list[str]]], list[tuple[str, str, list[int]]]]:
    """(field name, value types) for every KV and (name, ggml type, shape) for every tensor."""
    r = GGUFReader(path)
    fields = [(f.name, [t.name for t in f.types]) for f in r.fields.values()]
    tensors = [(t.name, t.tensor_type.name, [int(d) for d in t.shape]) for t in r.tensors]
    return fields, tensors


def main() -> int:
    path = sys.argv[1]
    fields, tensors = inventory(path)
    print(f"{len(fields)} fields, {len(tensors)} tensors")
    if "--repeat" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--repeat") + 1])
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            inventory(path)
            times.append(time.perf_counter() - t0)
        print(f"in-process median {sorted(times)[len(times) // 2] * 1e3:.3f} ms over {runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
