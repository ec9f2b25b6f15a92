"""Peer for `synap-tool inspect FILE.onnx --json`: onnx.load (external data left where it is) and the
same facts the report lists: IR version, producer, opsets, graph inputs (without initializers) and
outputs with their dims, the operator histogram, every initializer's dtype, dims and data size.
    python peer_onnx.py FILE [--repeat N]   (--repeat: also time N in-process passes)
"""

from __future__ import annotations

import collections
import sys

import onnx

from peer_common import run_peer


def dims(value: onnx.ValueInfoProto) -> list:
    t = value.type.tensor_type
    return [d.dim_value if d.HasField("dim_value") else (d.dim_param or None) for d in t.shape.dim]


def inventory(path: str) -> dict:
    m = onnx.load(path, load_external_data=False)
    g = m.graph
    names = {t.name for t in g.initializer}
    ops = collections.Counter(n.op_type if not n.domain else f"{n.domain}:{n.op_type}" for n in g.node)
    return {
        "ir_version": m.ir_version,
        "producer": (m.producer_name, m.producer_version),
        "opsets": {o.domain: o.version for o in m.opset_import},
        "inputs": [(v.name, v.type.tensor_type.elem_type, dims(v)) for v in g.input if v.name not in names],
        "outputs": [(v.name, v.type.tensor_type.elem_type, dims(v)) for v in g.output],
        "operators": dict(ops),
        "initializers": [(t.name, t.data_type, list(t.dims), len(t.raw_data)) for t in g.initializer],
    }


def main() -> int:
    path = sys.argv[1]
    return run_peer(lambda: inventory(path),
                    lambda inv: f"{len(inv['initializers'])} initializers, {sum(inv['operators'].values())} nodes")


if __name__ == "__main__":
    sys.exit(main())
