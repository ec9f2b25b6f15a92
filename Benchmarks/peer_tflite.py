"""Peer for `synap-tool inspect FILE.tflite --json`: the `tflite` package (FlatBuffers' generated Python
accessors) lists the same facts: version, description, operator codes, each subgraph's inputs, outputs
and operator histogram, every tensor whose buffer holds data (type, shape, byte range), quantization,
sparsity, variables, metadata sizes and signature defs.
    python peer_tflite.py FILE [--repeat N]   (--repeat: also time N in-process passes)
"""

from __future__ import annotations

import sys
from collections import Counter

import tflite

from peer_common import run_peer

CUSTOM = 32


def opcode_name(code) -> str:
    builtin = max(code.BuiltinCode(), code.DeprecatedBuiltinCode())
    if builtin == CUSTOM and code.CustomCode() is not None:
        return "CUSTOM:" + code.CustomCode().decode()
    return NAMES.get(builtin, f"BUILTIN:{builtin}")


NAMES = {v: k for k, v in vars(tflite.BuiltinOperator).items() if isinstance(v, int) and not k.startswith("_")}


def buffer_range(model, index: int) -> tuple[int, int] | None:
    """(offset, length) of a buffer's bytes in the file, or None when it holds none."""
    buf = model.Buffers(index)
    n = buf.DataLength()
    if n:
        o = buf._tab.Offset(4)  # field 0, `data`
        return buf._tab.Vector(o), n
    if buf.Offset() > 1 and buf.Size() > 0:
        return buf.Offset(), buf.Size()
    return None


def inventory(path: str) -> dict:
    with open(path, "rb") as f:
        data = f.read()
    m = tflite.Model.GetRootAsModel(data, 0)
    codes = [opcode_name(m.OperatorCodes(i)) for i in range(m.OperatorCodesLength())]
    graphs, tensors, quantized, sparse, variables = [], [], [], [], []
    for g in range(m.SubgraphsLength()):
        sg = m.Subgraphs(g)

        def value(i):
            t = sg.Tensors(i)
            shape = t.ShapeSignatureAsNumpy() if t.ShapeSignatureLength() else t.ShapeAsNumpy()
            return t.Name(), t.Type(), [None if d < 0 else int(d) for d in (shape if t.ShapeLength() else [])]

        ops = Counter(codes[sg.Operators(i).OpcodeIndex()] for i in range(sg.OperatorsLength()))
        graphs.append((sg.Name(), [value(i) for i in sg.InputsAsNumpy()] if sg.InputsLength() else [],
                       [value(i) for i in sg.OutputsAsNumpy()] if sg.OutputsLength() else [], dict(ops)))
        for i in range(sg.TensorsLength()):
            t = sg.Tensors(i)
            where = buffer_range(m, t.Buffer())
            if where:
                tensors.append((t.Name(), t.Type(), list(t.ShapeAsNumpy()) if t.ShapeLength() else [], *where, g))
            q = t.Quantization()
            if q is not None and q.ScaleLength():
                quantized.append((g, i, list(q.ScaleAsNumpy()), list(q.ZeroPointAsNumpy()), q.QuantizedDimension()))
            if t.Sparsity() is not None:
                sparse.append((g, i))
            if t.IsVariable():
                variables.append((g, i))
    metadata = {}
    for i in range(m.MetadataLength()):
        md = m.Metadata(i)
        where = buffer_range(m, md.Buffer())
        metadata[md.Name()] = where[1] if where else 0
    signatures = []
    for i in range(m.SignatureDefsLength()):
        s = m.SignatureDefs(i)
        signatures.append((s.SignatureKey(), s.SubgraphIndex(),
                           [(s.Inputs(j).Name(), s.Inputs(j).TensorIndex()) for j in range(s.InputsLength())],
                           [(s.Outputs(j).Name(), s.Outputs(j).TensorIndex()) for j in range(s.OutputsLength())]))
    return {"version": m.Version(), "description": m.Description(), "operator_codes": codes, "graphs": graphs,
            "tensors": tensors, "quantization": quantized, "sparse": sparse, "variables": variables,
            "metadata": metadata, "signatures": signatures}


def main() -> int:
    path = sys.argv[1]
    return run_peer(lambda: inventory(path),
                    lambda inv: f"{len(inv['graphs'])} subgraphs, {len(inv['tensors'])} tensors with data, "
                                f"{sum(len(g[3]) for g in inv['graphs'])} operator kinds")


if __name__ == "__main__":
    sys.exit(main())
