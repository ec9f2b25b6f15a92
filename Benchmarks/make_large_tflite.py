"""Writes a ~1.2 GB TFLite model for the benchmark: a 4-layer decoder shaped like a small LLM (F16 token
embedding 32000x4096, per-layer INT8 attention and MLP weights with per-channel scales, INT8 LM head),
built with the FlatBuffers runtime's Builder through the fixture writer's helpers and field ids
(scripts/fixtures/fx_tflite.py), its weights inline (the FlatBuffer stays under 2 GB).

The weights are zeros and the file is written sparse (zero blocks become holes), so it takes almost no
disk; every byte still reads back (as zeros) for the peer, which loads the whole file. Same bytes every run.
    python make_large_tflite.py OUT.tflite
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "fixtures"))
from fx_tflite import (BUFFER, FLOAT16, FLOAT32, INT8, INT32, METADATA, MODEL, OPCODE, OPERATOR, QUANT,  # noqa: E402
                       SUBGRAPH, TENSOR, Writer)

HIDDEN, FFN, VOCAB, LAYERS = 4096, 11008, 32000, 4
# schema.fbs builtin codes
GATHER, FULLY_CONNECTED, ADD, MUL, LOGISTIC, RESHAPE, SOFTMAX, BATCH_MATMUL, RSQRT, MEAN = 36, 9, 0, 18, 14, 22, 25, 126, 76, 40
CODES = [GATHER, FULLY_CONNECTED, ADD, MUL, LOGISTIC, RESHAPE, SOFTMAX, BATCH_MATMUL, RSQRT, MEAN]
CHUNK = 1 << 20


class Model:
    """Tensors, buffers and operators of one subgraph, then the FlatBuffer (fx_tflite's Writer and field ids)."""

    def __init__(self) -> None:
        self.w = Writer()
        self.tensors: list[int] = []
        self.buffers: list[int] = [self.w.table(BUFFER)]
        self.ops: list[int] = []

    def tensor(self, name: str, ttype: int, shape: list[int], data: int = 0, channels: int = 0) -> int:
        """Adds a tensor (with `data` zero bytes in a new buffer, per-channel scales over `channels`); its index."""
        w = self.w
        buffer = 0
        if data:
            self.buffers.append(w.table(BUFFER, data=("off", w.zeros(data))))
            buffer = len(self.buffers) - 1
        fields = dict(name=("off", w.string(name)), shape=("off", w.ints(shape)), type=("i8", ttype), buffer=("u32", buffer))
        if channels:
            scale, zero = w.ints(np.full(channels, 0.01), np.float32), w.ints(np.zeros(channels), np.int64)
            fields["quantization"] = ("off", w.table(QUANT, scale=("off", scale), zero_point=("off", zero)))
        self.tensors.append(w.table(TENSOR, **fields))
        return len(self.tensors) - 1

    def op(self, code: int, inputs: list[int], outputs: list[int]) -> None:
        w = self.w
        self.ops.append(w.table(OPERATOR, opcode_index=("u32", CODES.index(code)), inputs=("off", w.ints(inputs)),
                                outputs=("off", w.ints(outputs))))

    def activation(self, name: str, width: int) -> int:
        return self.tensor(name, FLOAT32, [1, 128, width])

    def finish(self, inputs: list[int], outputs: list[int]) -> bytes:
        w = self.w
        graph = w.table(SUBGRAPH, tensors=("off", w.offsets(self.tensors)), inputs=("off", w.ints(inputs)),
                        outputs=("off", w.ints(outputs)), operators=("off", w.offsets(self.ops)),
                        name=("off", w.string("main")))
        codes = [w.table(OPCODE, deprecated_builtin_code=("i8", min(c, 127)), builtin_code=("i32", c), version=("i32", 1))
                 for c in CODES]
        self.buffers.append(w.table(BUFFER, data=("off", w.data(b"2.14.0".ljust(16, b"\0")))))
        meta = w.table(METADATA, name=("off", w.string("min_runtime_version")), buffer=("u32", len(self.buffers) - 1))
        root = w.table(MODEL, version=("u32", 3), operator_codes=("off", w.offsets(codes)),
                       subgraphs=("off", w.offsets([graph])), description=("off", w.string("synap-tool benchmark decoder")),
                       buffers=("off", w.offsets(self.buffers)), metadata=("off", w.offsets([meta])))
        w.b.Finish(root, file_identifier=b"TFL3")
        return w.b.Output()


def build() -> bytes:
    m = Model()
    ids = m.tensor("input_ids", INT32, [1, 128])
    table = m.tensor("model/embed_tokens/weight", FLOAT16, [VOCAB, HIDDEN], data=VOCAB * HIDDEN * 2)
    x = m.activation("model/embed", HIDDEN)
    m.op(GATHER, [table, ids], [x])
    for layer in range(LAYERS):
        p = f"model/layers.{layer}"
        norm = m.tensor(f"{p}/input_layernorm/weight", FLOAT32, [HIDDEN], data=HIDDEN * 4)
        h = m.activation(f"{p}/norm", HIDDEN)
        m.op(MUL, [x, norm], [h])
        heads = []
        for proj in ("q", "k", "v"):
            w = m.tensor(f"{p}/self_attn/{proj}_proj/weight", INT8, [HIDDEN, HIDDEN], HIDDEN * HIDDEN, channels=HIDDEN)
            out = m.activation(f"{p}/self_attn/{proj}", HIDDEN)
            m.op(FULLY_CONNECTED, [h, w, -1], [out])
            heads.append(out)
        scores = m.activation(f"{p}/self_attn/scores", 128)
        m.op(BATCH_MATMUL, heads[:2], [scores])
        probs = m.activation(f"{p}/self_attn/probs", 128)
        m.op(SOFTMAX, [scores], [probs])
        ctx = m.activation(f"{p}/self_attn/context", HIDDEN)
        m.op(BATCH_MATMUL, [probs, heads[2]], [ctx])
        o = m.tensor(f"{p}/self_attn/o_proj/weight", INT8, [HIDDEN, HIDDEN], HIDDEN * HIDDEN, channels=HIDDEN)
        attn = m.activation(f"{p}/self_attn/out", HIDDEN)
        m.op(FULLY_CONNECTED, [ctx, o, -1], [attn])
        res = m.activation(f"{p}/residual", HIDDEN)
        m.op(ADD, [x, attn], [res])
        gate_w = m.tensor(f"{p}/mlp/gate_proj/weight", INT8, [FFN, HIDDEN], FFN * HIDDEN, channels=FFN)
        up_w = m.tensor(f"{p}/mlp/up_proj/weight", INT8, [FFN, HIDDEN], FFN * HIDDEN, channels=FFN)
        down_w = m.tensor(f"{p}/mlp/down_proj/weight", INT8, [HIDDEN, FFN], HIDDEN * FFN, channels=HIDDEN)
        gate, up, act, both, down = (m.activation(f"{p}/mlp/{n}", w) for n, w in
                                     [("gate", FFN), ("up", FFN), ("act", FFN), ("both", FFN), ("down", HIDDEN)])
        m.op(FULLY_CONNECTED, [res, gate_w, -1], [gate])
        m.op(FULLY_CONNECTED, [res, up_w, -1], [up])
        m.op(LOGISTIC, [gate], [act])
        m.op(MUL, [act, up], [both])
        m.op(FULLY_CONNECTED, [both, down_w, -1], [down])
        x = m.activation(f"{p}/output", HIDDEN)
        m.op(ADD, [res, down], [x])
    head = m.tensor("lm_head/weight", INT8, [VOCAB, HIDDEN], VOCAB * HIDDEN, channels=VOCAB)
    logits = m.tensor("logits", FLOAT32, [1, 128, VOCAB])
    m.op(FULLY_CONNECTED, [x, head, -1], [logits])
    return m.finish([ids], [logits])


def write_sparse(path: Path, data: bytes) -> None:
    """Writes `data`, leaving every all-zero CHUNK a hole."""
    zero = bytes(CHUNK)
    view = memoryview(data)
    with open(path, "wb") as f:
        for start in range(0, len(data), CHUNK):
            chunk = view[start:start + CHUNK]
            if len(chunk) == CHUNK and chunk == zero:
                f.seek(CHUNK, os.SEEK_CUR)
            else:
                f.write(chunk)
        f.truncate(len(data))


def main() -> int:
    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    data = build()
    if not out.exists() or out.stat().st_size != len(data) or out.open("rb").read(CHUNK) != data[:CHUNK]:
        write_sparse(out, data)
    print(f"{out}: {len(data):,} bytes ({LAYERS} layers, hidden {HIDDEN}, vocab {VOCAB})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
