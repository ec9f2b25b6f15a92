"""Writes a ~1.5 GB ONNX model with every weight embedded as float32 `raw_data`, as a transformer
exporter would: 7 decoder blocks of hidden size 2048 (q, k, v, o 2048x2048; gate, up 2048x5632;
down 5632x2048; two norms) between an embedding and an LM head: 65 initializers, 1,505,869,824 bytes of weights.

The small messages (nodes, value infos, tensor headers) are serialized by onnx's own protobuf
classes; the graph is streamed to disk so the weights are never all in memory. onnx's checker
accepts the result. The same bytes every run. Usage:
    python make_big_onnx.py OUT_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "fixtures"))
from fx_values import pattern  # noqa: E402

HIDDEN, INTER, LAYERS, VOCAB = 2048, 5632, 7, 4096
BLOCK = pattern([1 << 18], 11).astype(np.float32).tobytes()  # 1 MiB of deterministic float32 values


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number: int, payload_len: int) -> bytes:
    """A length-delimited field's key and length."""
    return varint(number << 3 | 2) + varint(payload_len)


def weights() -> list[tuple[str, list[int]]]:
    """(name, shape) of every initializer, in graph order."""
    out = [("embed.weight", [VOCAB, HIDDEN])]
    for i in range(LAYERS):
        p = f"layers.{i}."
        out += [(p + "norm1.weight", [HIDDEN]), (p + "q.weight", [HIDDEN, HIDDEN]), (p + "k.weight", [HIDDEN, HIDDEN]),
                (p + "v.weight", [HIDDEN, HIDDEN]), (p + "o.weight", [HIDDEN, HIDDEN]), (p + "norm2.weight", [HIDDEN]),
                (p + "gate.weight", [HIDDEN, INTER]), (p + "up.weight", [HIDDEN, INTER]), (p + "down.weight", [INTER, HIDDEN])]
    return out + [("lm_head.weight", [HIDDEN, VOCAB])]


def nodes() -> list[onnx.NodeProto]:
    """A decoder graph over the weights (simplified attention: no softmax over keys, the shapes stay true)."""
    n = [helper.make_node("Gather", ["embed.weight", "input_ids"], ["h0"], name="embed")]
    h = "h0"
    for i in range(LAYERS):
        p, t = f"layers.{i}.", f"l{i}_"
        n += [
            helper.make_node("RMSNormalization", [h, p + "norm1.weight"], [t + "x1"], name=t + "norm1", axis=-1),
            helper.make_node("MatMul", [t + "x1", p + "q.weight"], [t + "q"], name=t + "q"),
            helper.make_node("MatMul", [t + "x1", p + "k.weight"], [t + "k"], name=t + "k"),
            helper.make_node("MatMul", [t + "x1", p + "v.weight"], [t + "v"], name=t + "v"),
            helper.make_node("Mul", [t + "q", t + "k"], [t + "qk"], name=t + "qk"),
            helper.make_node("Mul", [t + "qk", t + "v"], [t + "att"], name=t + "att"),
            helper.make_node("MatMul", [t + "att", p + "o.weight"], [t + "o"], name=t + "o"),
            helper.make_node("Add", [h, t + "o"], [t + "r1"], name=t + "res1"),
            helper.make_node("RMSNormalization", [t + "r1", p + "norm2.weight"], [t + "x2"], name=t + "norm2", axis=-1),
            helper.make_node("MatMul", [t + "x2", p + "gate.weight"], [t + "g"], name=t + "gate"),
            helper.make_node("Sigmoid", [t + "g"], [t + "gs"], name=t + "sig"),
            helper.make_node("Mul", [t + "g", t + "gs"], [t + "silu"], name=t + "silu"),
            helper.make_node("MatMul", [t + "x2", p + "up.weight"], [t + "u"], name=t + "up"),
            helper.make_node("Mul", [t + "silu", t + "u"], [t + "gu"], name=t + "gu"),
            helper.make_node("MatMul", [t + "gu", p + "down.weight"], [t + "d"], name=t + "down"),
            helper.make_node("Add", [t + "r1", t + "d"], [t + "out"], name=t + "res2"),
        ]
        h = t + "out"
    return n + [helper.make_node("MatMul", [h, "lm_head.weight"], ["logits"], name="lm_head")]


def main() -> int:
    out = Path(sys.argv[1])
    head = [s.SerializeToString() for s in nodes()]
    tensors = []
    for name, shape in weights():
        header = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=shape)
        nbytes = 4 * int(np.prod(shape))
        tensors.append((header.SerializeToString(), nbytes))
    tail = [
        field(2, len(b"big_decoder")) + b"big_decoder",
        *(field(11, len(v)) + v for v in (
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]).SerializeToString(),)),
        *(field(12, len(v)) + v for v in (
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", VOCAB]).SerializeToString(),)),
    ]
    graph_len = sum(len(field(1, len(b))) + len(b) for b in head) + sum(len(t) for t in tail)
    for header, nbytes in tensors:
        body = len(header) + len(field(9, nbytes)) + nbytes
        graph_len += len(field(5, body)) + body
    model = helper.make_model(helper.make_graph([], "x", [], []), opset_imports=[helper.make_opsetid("", 23)],
                              ir_version=10, producer_name="synap-tool-bench", producer_version="1")
    model.ClearField("graph")
    tmp = out.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(model.SerializeToString(deterministic=True))
        f.write(field(7, graph_len))
        for b in head:
            f.write(field(1, len(b)) + b)
        for header, nbytes in tensors:
            f.write(field(5, len(header) + len(field(9, nbytes)) + nbytes) + header + field(9, nbytes))
            left = nbytes
            while left:
                chunk = BLOCK[:min(left, len(BLOCK))]
                f.write(chunk)
                left -= len(chunk)
        for t in tail:
            f.write(t)
    tmp.replace(out)
    onnx.checker.check_model(str(out))
    print(f"{out}: {out.stat().st_size:,} bytes, {len(tensors)} initializers, {len(head)} nodes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
