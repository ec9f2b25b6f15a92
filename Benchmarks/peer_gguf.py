"""Peer for `synap-tool inspect FILE.gguf --json`: gguf-py's GGUFReader lists every field and tensor.
    python peer_gguf.py FILE [--repeat N]   (--repeat: also time N in-process passes)
"""

from __future__ import annotations

import sys

from gguf import GGUFReader

from peer_common import run_peer


def inventory(path: str) -> tuple[list[tuple[str, list[str]]], list[tuple[str, str, list[int]]]]:
    """(field name, value types) for every KV and (name, ggml type, shape) for every tensor."""
    r = GGUFReader(path)
    fields = [(f.name, [t.name for t in f.types]) for f in r.fields.values()]
    tensors = [(t.name, t.tensor_type.name, [int(d) for d in t.shape]) for t in r.tensors]
    return fields, tensors


def main() -> int:
    path = sys.argv[1]
    return run_peer(lambda: inventory(path), lambda inv: f"{len(inv[0])} fields, {len(inv[1])} tensors")


if __name__ == "__main__":
    sys.exit(main())
