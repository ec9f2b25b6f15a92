#!/usr/bin/env python3
"""Writes the bomb inputs of issue 13 into a scratch folder (never into the repository).

Each file is at most ~110 MB and claims or holds far more structure than any real model:

  onnx-nodes.onnx     a ModelProto whose graph has N (10^7) minimal NodeProtos: one output name
                      of 4 characters and op_type "R" each (11 bytes a node), all valid SSA
  onnx-chain.onnx     N/2 nodes that each read the previous node's output (the lexical lookups)
  onnx-empty.onnx     N empty NodeProtos (2 bytes each): every node breaks a checker rule
  onnx-inits.onnx     N/2 initializers of data_type FLOAT, no name, no data
  deep.json           a JSON array nested 10^6 deep (as config.json, safetensors header, bundle.json)
  deep.safetensors    a safetensors file whose header holds that deep array
  deep-config/        a checkpoint folder whose config.json holds it
  flat.safetensors    a safetensors header holding one flat array of 4.5 * 10^7 zeros (90 MB)
  gguf-*.gguf         GGUF files whose counts and lengths are 2^63 - 1, 2^63, 2^64 - 1
  proto-*.onnx        protobuf lengths and packed counts near 2^63 and 2^64 - 1
  onnx-in-bundle.synap  a SyNAP bundle whose deflated ONNX payload inflates to ~165 MB: 1.5 * 10^7 nodes
  many-entries.synap  a SyNAP bundle of 64 subgraphs naming one deflated 200 MB entry (the budget)

Usage: make_bombs.py OUTDIR [--nodes N]   (stdlib only)
"""
import argparse
import os
import struct
import zipfile


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(number, wire, payload):
    key = varint(number << 3 | wire)
    if wire == 2:
        return key + varint(len(payload)) + payload
    return key + payload


def ld(number, payload):
    return field(number, 2, payload)


ALPHABET = bytes(range(0x21, 0x7F))  # 94 printable characters


def name4(i):
    out = bytearray(4)
    for k in range(4):
        out[k] = ALPHABET[i % 94]
        i //= 94
    return bytes(out)


def model(graph_payload_parts, total_len):
    """A ModelProto: ir_version 8, opset 17, then the graph (written from parts, length total_len)."""
    head = field(1, 0, varint(8)) + ld(2, b"bombs") + ld(8, field(2, 0, varint(17)))
    return head + varint(7 << 3 | 2) + varint(total_len), graph_payload_parts


def write_graph(path, parts):
    """parts: a list of byte strings or generators of byte strings making the GraphProto payload."""
    total = 0
    chunks = []
    for p in parts:
        if isinstance(p, (bytes, bytearray)):
            chunks.append(p)
            total += len(p)
        else:
            data = b"".join(p)
            chunks.append(data)
            total += len(data)
    head, _ = model(None, total)
    with open(path, "wb") as f:
        f.write(head)
        for c in chunks:
            f.write(c)


def graph_head():
    tensor_type = ld(1, field(1, 0, varint(1)) + ld(2, b""))  # float, shape []
    return ld(2, b"g") + ld(11, ld(1, b"X") + ld(2, tensor_type))


def onnx_nodes(n):
    for i in range(n):
        yield b"\x0a\x09\x12\x04" + name4(i) + b"\x22\x01R"


def onnx_chain(n):
    prev = b"X"
    for i in range(n):
        out = name4(i)
        node = ld(1, prev) + ld(2, out) + ld(4, b"R")
        yield ld(1, node)
        prev = out


def gguf_string(s):
    return struct.pack("<Q", len(s)) + s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--nodes", type=int, default=10_000_000)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    p = lambda name: os.path.join(a.outdir, name)
    want = lambda name: not a.only or any(w in name for w in a.only.split(","))
    n = a.nodes

    if want("onnx-nodes"):
        write_graph(p("onnx-nodes.onnx"), [graph_head(), onnx_nodes(n)])
    if want("onnx-chain"):
        write_graph(p("onnx-chain.onnx"), [graph_head(), onnx_chain(n // 2)])
    if want("onnx-empty"):
        write_graph(p("onnx-empty.onnx"), [graph_head(), b"\x0a\x00" * n])
    if want("onnx-inits"):
        write_graph(p("onnx-inits.onnx"), [graph_head(), b"\x2a\x02\x10\x01" * (n // 2)])

    tensor = b'{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
    if want("deep"):
        depth = 1_000_000
        deep = b"[" * depth + b"]" * depth
        with open(p("deep.json"), "wb") as f:
            f.write(deep)
        header = tensor + b'"__metadata__":' + deep + b"}"
        with open(p("deep.safetensors"), "wb") as f:
            f.write(struct.pack("<Q", len(header)) + header + b"\0" * 4)
        folder = p("deep-config")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "config.json"), "wb") as f:
            f.write(b'{"model_type":"llama","x":' + deep + b"}")
        small = tensor[:-1] + b"}"
        with open(os.path.join(folder, "model.safetensors"), "wb") as f:
            f.write(struct.pack("<Q", len(small)) + small + b"\0" * 4)
    if want("flat"):
        count = 45_000_000
        header = tensor + b'"__metadata__":{"a":[' + b"0," * (count - 1) + b"0]}}"
        with open(p("flat.safetensors"), "wb") as f:
            f.write(struct.pack("<Q", len(header)) + header + b"\0" * 4)
    if want("gguf"):
        head = b"GGUF" + struct.pack("<I", 3)
        for label, big in (("2p63m1", 2**63 - 1), ("2p63", 2**63), ("2p64m1", 2**64 - 1)):
            cases = {
                "tensors": head + struct.pack("<QQ", big, 0),
                "kv": head + struct.pack("<QQ", 0, big),
                "key": head + struct.pack("<QQ", 0, 1) + struct.pack("<Q", big) + b"k",
                "string": head + struct.pack("<QQ", 0, 1) + gguf_string(b"k") + struct.pack("<IQ", 8, big) + b"x",
                "array": head + struct.pack("<QQ", 0, 1) + gguf_string(b"k") + struct.pack("<IIQ", 9, 0, big) + b"x",
                "dims": head + struct.pack("<QQ", 1, 0) + gguf_string(b"t") + struct.pack("<I", 2)
                + struct.pack("<QQ", big, big) + struct.pack("<IQ", 0, 0),
            }
            for what, data in cases.items():
                with open(p(f"gguf-{what}-{label}.gguf"), "wb") as f:
                    f.write(data)

    synap_bombs(p, want)

    if want("proto"):
        for label, big in (("2p63m1", 2**63 - 1), ("2p63", 2**63), ("2p64m1", 2**64 - 1)):
            cases = {
                # graph whose length claims `big`
                "length": field(1, 0, varint(8)) + varint(7 << 3 | 2) + varint(big) + b"\x0a\x00",
                # a packed dims run whose varints hold `big`, in an initializer
                "packed": field(1, 0, varint(8)) + ld(7, ld(5, ld(1, varint(big) * 4) + field(2, 0, varint(1)))),
            }
            for what, data in cases.items():
                with open(p(f"proto-{what}-{label}.onnx"), "wb") as f:
                    f.write(data)


def synap_bombs(p, want):
    meta = b'{"Inputs": {"x": {"shape": [1], "dtype": "float32"}}, "Outputs": {"y": {"shape": [1], "dtype": "float32"}}}'
    def bundle(path, graphs, entries):
        body = {"graph": [{"inputs": [{"subgraph": i - 1, "out": 0}], "model": m, "meta": "0/meta.json"}
                          for i, m in enumerate(graphs)],
                "outputs": [{"subgraph": len(graphs) - 1, "out": 0}]}
        import json
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("bundle.json", json.dumps(body))
            z.writestr("0/meta.json", meta)
            for name, writer in entries:
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with z.open(info, "w", force_zip64=True) as out:
                    writer(out)
    if want("onnx-in-bundle"):
        n = 15_000_000
        def onnx(out):
            head = field(1, 0, varint(8)) + ld(8, field(2, 0, varint(17)))
            gh = graph_head()
            out.write(head + varint(7 << 3 | 2) + varint(len(gh) + 11 * n) + gh)
            batch = []
            for node in onnx_nodes(n):
                batch.append(node)
                if len(batch) == 100_000:
                    out.write(b"".join(batch))
                    batch = []
            out.write(b"".join(batch))
        bundle(p("onnx-in-bundle.synap"), ["0/model.onnx"], [("0/model.onnx", onnx)])
    if want("many-entries"):
        def zeros(out):
            block = b"\0" * (1 << 20)
            for _ in range(200):
                out.write(block)
        bundle(p("many-entries.synap"), ["0/model.onnx"] * 64, [("0/model.onnx", zeros)])


if __name__ == "__main__":
    main()
