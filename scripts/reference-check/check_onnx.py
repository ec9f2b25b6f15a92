"""Checks synap-tool's ONNX external-data rewrites with the reference tools (onnx, onnxruntime).

For each (ORIGINAL, REWRITTEN[, EMBEDDED]) it checks that
  1. `onnx.checker.check_model(REWRITTEN)` (path form, so the external data files are checked too)
     accepts it; if the ORIGINAL fails the checker as well, this is reported as skipped, not failed;
  2. `onnx.load(REWRITTEN)` (external data loaded) is the ORIGINAL model (loaded the same way):
     every main-graph initializer equal bit for bit (`numpy_helper.to_array`), and the whole
     ModelProto equal once `data_location` fields are normalised;
  3. onnxruntime gives the same outputs for both on one fixed input (seeded numpy RNG per graph
     input, dynamic dimensions set to 1 unless INPUT_OVERRIDES says otherwise), bit for bit; a model
     whose ORIGINAL onnxruntime cannot load or run, or whose ORIGINAL gives different outputs on two
     runs, is reported as skipped with the reason, and so is a rewrite onnxruntime cannot load when it
     cannot load onnx's own externalisation of the same initializers either (onnxruntime's shape
     inference does not read external data: Reshape/ConstantOfShape shapes moved out with
     --threshold 0);
  4. EMBEDDED (the rewrite embedded again) is byte-identical to ORIGINAL when ORIGINAL has no
     external data, else equal to it as a loaded model.

    check_onnx.py [--list FILE] [--pair ORIGINAL REWRITTEN] [--triple ORIGINAL REWRITTEN EMBEDDED] ...

FILE holds tab-separated ORIGINAL, REWRITTEN[, EMBEDDED[, LABEL]] lines. Prints one line per rewrite
and a summary; exits 1 if any check fails (skips are not failures).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter

import numpy as np
import onnx
from onnx import numpy_helper

import onnxruntime as ort  # noqa: E402

ort.set_default_logger_severity(4)  # fatal only: the originals that cannot run are reported as skipped

SEED = 20240901

# Inputs a model needs beyond "random values, dynamic dimensions 1", by file name: silero-vad takes
# 512 samples at 16 kHz (its STFT pads by 64 and its `If` branches on the sample rate).
INPUT_OVERRIDES = {
    "silero_vad.onnx": {"dynamic": 512, "values": {"sr": 16000}},
}

# onnxruntime input type strings -> numpy dtypes it accepts.
ORT_TYPES = {
    "tensor(float)": np.float32, "tensor(double)": np.float64, "tensor(float16)": np.float16,
    "tensor(int64)": np.int64, "tensor(int32)": np.int32, "tensor(int16)": np.int16, "tensor(int8)": np.int8,
    "tensor(uint64)": np.uint64, "tensor(uint32)": np.uint32, "tensor(uint16)": np.uint16, "tensor(uint8)": np.uint8,
    "tensor(bool)": np.bool_, "tensor(string)": np.str_,
}


# Ops whose outputs are random on every run (seeded or not: the generator's state moves on).
RANDOM_OPS = {"Bernoulli", "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Multinomial"}


class Skip(Exception):
    pass


def _op_types(graph: onnx.GraphProto):
    for node in graph.node:
        yield node.op_type
        for attr in node.attribute:
            if attr.HasField("g"):
                yield from _op_types(attr.g)
            for g in attr.graphs:
                yield from _op_types(g)


def _tensors(graph: onnx.GraphProto):
    """Every TensorProto of a graph and its subgraphs (initializers, Constant values, attributes)."""
    for t in graph.initializer:
        yield t
    for s in graph.sparse_initializer:
        yield s.values
        yield s.indices
    for node in graph.node:
        for attr in node.attribute:
            if attr.HasField("t"):
                yield attr.t
            yield from attr.tensors
            if attr.HasField("g"):
                yield from _tensors(attr.g)
            for g in attr.graphs:
                yield from _tensors(g)


def _all_tensors(model: onnx.ModelProto):
    yield from _tensors(model.graph)
    for f in model.functions:
        for node in f.node:
            for attr in node.attribute:
                if attr.HasField("t"):
                    yield attr.t
    for info in model.training_info:
        yield from _tensors(info.initialization)
        yield from _tensors(info.algorithm)


def has_external_data(model: onnx.ModelProto) -> bool:
    return any(t.data_location == onnx.TensorProto.EXTERNAL for t in _all_tensors(model))


def _normalised(model: onnx.ModelProto) -> onnx.ModelProto:
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    for t in _all_tensors(copy):
        if t.data_location == onnx.TensorProto.DEFAULT:
            t.ClearField("data_location")
    return copy


def compare_models(original: onnx.ModelProto, rewritten: onnx.ModelProto) -> list[str]:
    """Differences between two models loaded with their external data."""
    problems = []
    a = {t.name: t for t in original.graph.initializer}
    b = {t.name: t for t in rewritten.graph.initializer}
    if [t.name for t in original.graph.initializer] != [t.name for t in rewritten.graph.initializer]:
        problems.append(f"initializer names differ: {sorted(set(a) ^ set(b)) or 'order'}")
    for name in a.keys() & b.keys():
        try:
            x, y = numpy_helper.to_array(a[name]), numpy_helper.to_array(b[name])
        except Exception as e:  # a dtype numpy_helper cannot convert: compare the protos
            if a[name] != b[name]:
                problems.append(f"initializer '{name}' differs (and to_array failed: {e})")
            continue
        if x.dtype != y.dtype or x.shape != y.shape:
            problems.append(f"initializer '{name}': {y.dtype}{list(y.shape)}, original {x.dtype}{list(x.shape)}")
        elif x.dtype.kind == "O" or x.dtype.kind == "U":
            if x.tolist() != y.tolist():
                problems.append(f"initializer '{name}': strings differ")
        elif x.tobytes() != y.tobytes():
            problems.append(f"initializer '{name}': values differ")
    if not problems and _normalised(original) != _normalised(rewritten):
        problems.append("models differ outside the main graph's initializer values")
    return problems


def _dims(shape, dynamic: int) -> list[int]:
    return [d if isinstance(d, int) and d >= 0 else dynamic for d in shape]


def _array(rng: np.random.Generator, type_: str, shape: list[int]):
    dtype = ORT_TYPES.get(type_)
    if dtype is None:
        raise Skip(f"no generator for input type {type_}")
    if dtype is np.str_:
        return np.array(rng.choice(["a", "bc", "d e", ""], size=shape), dtype=object).reshape(shape)
    if dtype is np.bool_:
        return np.asarray(rng.random(shape) < 0.5, dtype=np.bool_)
    if np.issubdtype(dtype, np.floating):
        return np.asarray(rng.standard_normal(shape), dtype=dtype)
    # Integers are never 0 (Mod and Div by a random input would fail).
    if np.issubdtype(dtype, np.unsignedinteger):
        return np.asarray(rng.integers(1, 7, size=shape), dtype=dtype)
    magnitude = rng.integers(1, 4, size=shape)
    return np.asarray(np.where(rng.random(shape) < 0.5, -magnitude, magnitude), dtype=dtype)


def fixed_inputs(session, path: str) -> dict:
    override = INPUT_OVERRIDES.get(os.path.basename(path), {})
    dynamic = override.get("dynamic", 1)
    values = override.get("values", {})
    rng = np.random.default_rng(SEED)
    feeds = {}
    for arg in session.get_inputs():
        type_ = arg.type
        shape = _dims(arg.shape or [], dynamic)
        if arg.name in values:
            feeds[arg.name] = np.full(shape, values[arg.name], dtype=ORT_TYPES[type_])
        elif type_.startswith("seq(") and type_.endswith(")"):
            feeds[arg.name] = [_array(rng, type_[4:-1], shape) for _ in range(2)]
        else:
            feeds[arg.name] = _array(rng, type_, shape)
    return feeds


def _session(path: str):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 4
    return ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])


def _reason(e: Exception, limit: int = 160) -> str:
    """An exception's text on one line, without the temp paths that differ from run to run."""
    text = re.sub(r"Load model from \S+ failed:", "load failed: ", " ".join(str(e).split()))
    return text[:limit]


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) or isinstance(b, dict):
        return a == b
    if a is None or b is None:
        return a is b
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "O":
        return a.tolist() == b.tolist()
    return a.tobytes() == b.tobytes()  # bit for bit: NaNs in the same places with the same payloads


class Reference:
    """The original's outputs under onnxruntime, computed once per original."""

    def __init__(self):
        self.cache: dict[str, tuple] = {}

    def outputs(self, path: str):
        if path not in self.cache:
            try:
                model = onnx.load(path)
                random = sorted(RANDOM_OPS.intersection(_op_types(model.graph)))
                random += sorted(RANDOM_OPS.intersection(n.op_type for f in model.functions for n in f.node))
                if random:
                    raise Skip(f"random outputs on every run ({', '.join(random)})")
                session = _session(path)
                feeds = fixed_inputs(session, path)
                first = session.run(None, feeds)
                second = session.run(None, feeds)
            except Skip as e:
                self.cache[path] = (None, None, str(e))
            except Exception as e:
                reason = _reason(e)
                self.cache[path] = (None, None, f"onnxruntime cannot run the original: {reason}")
            else:
                if not all(map(_same, first, second)):
                    self.cache[path] = (None, None, "the original's outputs differ between two runs (nondeterministic)")
                else:
                    self.cache[path] = (feeds, first, None)
        return self.cache[path]


def onnx_writer_fails_too(original: str, rewritten: str, feeds) -> str | None:
    """Externalises the initializers the rewrite moved out with onnx's own writer and runs that; the
    reason onnxruntime fails on it too, or None when it runs (so the failure is ours)."""
    import tempfile
    from onnx.external_data_helper import set_external_data

    moved = {t.name for t in onnx.load(rewritten, load_external_data=False).graph.initializer
             if t.data_location == onnx.TensorProto.EXTERNAL}
    model = onnx.load(original)
    for t in model.graph.initializer:
        if t.name in moved and t.HasField("raw_data"):
            set_external_data(t, "reference.onnx.data")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "reference.onnx")
        onnx.save_model(model, path)
        try:
            _session(path).run(None, feeds)
        except Exception as e:
            return _reason(e)
    return None


def check(original: str, rewritten: str, embedded: str | None, reference: Reference) -> dict:
    result = {"problems": [], "checker": None, "ort": None, "skips": []}
    problems = result["problems"]
    try:
        onnx.checker.check_model(rewritten, full_check=False)
        result["checker"] = True
    except Exception as e:
        reason = " ".join(str(e).split())[:200]
        try:
            onnx.checker.check_model(original, full_check=False)
        except Exception as e0:
            result["skips"].append("checker: the original fails onnx.checker too: " + " ".join(str(e0).split())[:160])
            result["checker"] = "skipped"
        else:
            problems.append(f"onnx.checker rejects the rewrite: {reason}")
            result["checker"] = False

    original_model = onnx.load(original)
    rewritten_model = onnx.load(rewritten)
    problems += compare_models(original_model, rewritten_model)

    if embedded is not None:
        raw = onnx.load(original, load_external_data=False)
        if not has_external_data(raw):
            with open(original, "rb") as a, open(embedded, "rb") as b:
                if a.read() != b.read():
                    problems.append("embedded again, not byte-identical to the original")
                else:
                    result["roundtrip"] = "byte-identical"
        else:
            diff = compare_models(original_model, onnx.load(embedded))
            problems += [f"embedded again: {d}" for d in diff]
            if not diff:
                result["roundtrip"] = "equal model (the original has external data)"

    feeds, want, why = reference.outputs(original)
    if why is not None:
        result["skips"].append(why)
        result["ort"] = "skipped"
    else:
        try:
            got = _session(rewritten).run(None, feeds)
        except Exception as e:
            reason = _reason(e, 200)
            also = onnx_writer_fails_too(original, rewritten, feeds)
            if also:
                result["skips"].append("onnxruntime cannot run this rewrite, nor onnx's own externalisation of the same "
                                       f"initializers: {also}")
                result["ort"] = "skipped"
            else:
                problems.append(f"onnxruntime cannot run the rewrite (it runs the original, and onnx's own "
                                f"externalisation of the same initializers): {reason}")
                result["ort"] = False
        else:
            if len(got) != len(want) or not all(map(_same, want, got)):
                problems.append("onnxruntime outputs differ from the original's")
                result["ort"] = False
            else:
                result["ort"] = True
                result["outputs"] = len(got)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", help="file of tab-separated ORIGINAL REWRITTEN [EMBEDDED [LABEL]] lines")
    parser.add_argument("--pair", nargs=2, action="append", default=[], metavar=("ORIGINAL", "REWRITTEN"))
    parser.add_argument("--triple", nargs=3, action="append", default=[], metavar=("ORIGINAL", "REWRITTEN", "EMBEDDED"))
    args = parser.parse_args(argv)
    jobs = [(o, r, None, None) for o, r in args.pair] + [(o, r, e, None) for o, r, e in args.triple]
    if args.list:
        with open(args.list, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if parts and parts[0]:
                    parts += [""] * (4 - len(parts))
                    jobs.append((parts[0], parts[1], parts[2] or None, parts[3] or None))
    if not jobs:
        parser.error("no pairs given")

    reference = Reference()
    counts = Counter()
    reasons = Counter()
    for original, rewritten, embedded, label in jobs:
        label = label or original
        try:
            r = check(original, rewritten, embedded, reference)
        except Exception as e:
            r = {"problems": [f"error: {type(e).__name__}: {' '.join(str(e).split())[:200]}"], "checker": None,
                 "ort": None, "skips": []}
        ok = not r["problems"]
        counts["rewrites"] += 1
        counts["failed"] += not ok
        counts["checker"] += r["checker"] is True
        counts["checker_skipped"] += r["checker"] == "skipped"
        counts["ort"] += r["ort"] is True
        counts["ort_skipped"] += r["ort"] == "skipped"
        counts["roundtrip"] += "roundtrip" in r
        for s in r["skips"]:
            reasons[s] += 1
        parts = []
        parts.append({True: "checker OK", False: "checker REJECTS", "skipped": "checker skipped", None: "checker ?"}[r["checker"]])
        parts.append({True: f"onnxruntime identical ({r.get('outputs', 0)} outputs)", False: "onnxruntime DIFFERS",
                      "skipped": "onnxruntime skipped", None: "onnxruntime ?"}[r["ort"]])
        if "roundtrip" in r:
            parts.append(f"embed round trip {r['roundtrip']}")
        print(f"{label}: {', '.join(parts)}: {'OK' if ok else 'FAIL'}")
        for s in r["skips"]:
            print(f"    skipped ({s})")
        for p in r["problems"]:
            print(f"    {p}")
    print(f"onnx: {counts['rewrites']} rewrites, {counts['failed']} failed; "
          f"{counts['checker']} accepted by onnx.checker ({counts['checker_skipped']} skipped: the original fails it too); "
          f"{counts['ort']} run identically under onnxruntime ({counts['ort_skipped']} skipped); "
          f"{counts['roundtrip']} embedded back to the original")
    if reasons:
        print("skipped, by reason:")
        for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"    {n} x {reason}")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
