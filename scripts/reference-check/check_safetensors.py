"""Checks synap-tool's PyTorch -> safetensors conversions against a reference read of the source.

The source (torch.save ZIP or legacy file) is read by a safe reference unpickler built on Python's
own `pickle`: `find_class` admits only the globals torch.load(weights_only=True) admits that are
needed to rebuild tensors, each mapped to a function that builds a numpy array (no torch, nothing
from the file is executed); `persistent_load` hands back the storage bytes. Each tensor is rebuilt
with numpy's `as_strided` from (storage, storage_offset, size, stride), so views, transposes and
shared storages are the reference's own reading. Our output is then loaded with
safetensors' own parser (and its numpy loader, for the dtypes numpy has) and compared name by
name: dtype, shape and every byte.

    check_safetensors.py [--list FILE] [--pair SRC OUT] [--keyed-pair SRC OUT KEY] ... [--known-wrong FILE]

FILE holds one pair a line, tab-separated: SRC, OUT and optionally KEY (as given to --key).
Prints one line per pair; exits 1 if any pair fails. --known-wrong names a file of source file names
(one a line, `#` comments) whose conversions are known to be wrong: their failures are reported as
KNOWN WRONG and not counted, and one that passes is a failure (take it off the list).
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import pickle
import struct
import sys
import zipfile

import ml_dtypes
import numpy as np
import safetensors
from safetensors import safe_open

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

# torch dtype names -> numpy dtypes (bfloat16 and float8 from ml_dtypes, as safetensors.numpy uses).
DTYPES = {
    "float64": np.float64, "double": np.float64,
    "float32": np.float32, "float": np.float32,
    "float16": np.float16, "half": np.float16,
    "bfloat16": ml_dtypes.bfloat16,
    "float8_e4m3fn": ml_dtypes.float8_e4m3fn, "float8_e5m2": ml_dtypes.float8_e5m2,
    "float8_e4m3fnuz": ml_dtypes.float8_e4m3fnuz, "float8_e5m2fnuz": ml_dtypes.float8_e5m2fnuz,
    "int64": np.int64, "long": np.int64,
    "int32": np.int32, "int": np.int32,
    "int16": np.int16, "short": np.int16,
    "int8": np.int8,
    "uint64": np.uint64, "uint32": np.uint32, "uint16": np.uint16, "uint8": np.uint8,
    "bool": np.bool_,
    "complex64": np.complex64, "cfloat": np.complex64,
    "complex128": np.complex128, "cdouble": np.complex128,
}

# torch.<Name>Storage -> dtype name (torch/storage.py's legacy typed storages).
STORAGES = {
    "DoubleStorage": "float64", "FloatStorage": "float32", "HalfStorage": "float16",
    "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32",
    "ShortStorage": "int16", "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool",
    "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
}


# numpy dtype -> safetensors dtype string (safetensors' Dtype names).
SAFETENSORS = {
    np.dtype(np.float64): "F64", np.dtype(np.float32): "F32", np.dtype(np.float16): "F16",
    np.dtype(ml_dtypes.bfloat16): "BF16", np.dtype(ml_dtypes.float8_e4m3fn): "F8_E4M3",
    np.dtype(ml_dtypes.float8_e5m2): "F8_E5M2", np.dtype(np.int64): "I64", np.dtype(np.int32): "I32",
    np.dtype(np.int16): "I16", np.dtype(np.int8): "I8", np.dtype(np.uint64): "U64", np.dtype(np.uint32): "U32",
    np.dtype(np.uint16): "U16", np.dtype(np.uint8): "U8", np.dtype(np.bool_): "BOOL",
    np.dtype(np.complex64): "C64",
}


class RefusedGlobal(pickle.UnpicklingError):
    pass


class DType:
    def __init__(self, name: str):
        self.name = name
        self.numpy = np.dtype(DTYPES[name])


class StorageType:
    """`torch.FloatStorage` and friends; `torch.storage.UntypedStorage` has no dtype (bytes)."""

    def __init__(self, name: str, dtype: str | None):
        self.name, self.dtype = name, dtype


class Storage:
    """One storage of the file; `data` is filled from the ZIP entry or the legacy trailer."""

    def __init__(self, key: str, stype: StorageType, numel: int):
        self.key, self.stype, self.numel = key, stype, numel
        self.data: bytes | None = None
        self.view: tuple[str, int, int] | None = None  # legacy view_metadata: (root key, offset, size)


class Tensor:
    """A rebuilt tensor, materialised once every storage's bytes are known."""

    def __init__(self, storage: Storage, offset: int, size, stride, dtype: DType | None):
        self.storage, self.offset, self.size, self.stride = storage, int(offset), tuple(size), tuple(stride)
        name = dtype.name if dtype else storage.stype.dtype
        if name is None:
            raise pickle.UnpicklingError(f"storage {storage.key}: untyped storage and no dtype")
        self.dtype = np.dtype(DTYPES[name])

    def array(self, big_endian: bool) -> np.ndarray:
        data = self.storage.data
        if data is None:
            raise ValueError(f"storage {self.storage.key}: no bytes")
        item = self.dtype.itemsize
        base = np.frombuffer(data, dtype=np.uint8)
        numel = len(data) // item
        if any(d < 0 for d in self.size) or len(self.size) != len(self.stride):
            raise ValueError(f"bad size {self.size} / stride {self.stride}")
        if 0 in self.size:
            return np.zeros(self.size, dtype=self.dtype)
        last = self.offset + sum((d - 1) * s for d, s in zip(self.size, self.stride))
        first = self.offset + sum((d - 1) * s for d, s in zip(self.size, self.stride) if s < 0)
        if self.offset < 0 or first < 0 or last >= numel:
            raise ValueError(f"view offset {self.offset} size {self.size} stride {self.stride} outside storage of {numel}")
        # Strided view over the storage's raw bytes, one row of `item` bytes per element.
        rows = np.lib.stride_tricks.as_strided(
            base[self.offset * item:], shape=self.size + (item,), strides=tuple(s * item for s in self.stride) + (1,),
            writeable=False)
        raw = np.ascontiguousarray(rows)
        if big_endian and item > 1 and self.dtype.kind != "b":
            if self.dtype.kind == "c":
                raw = raw.reshape(self.size + (2, item // 2))[..., ::-1].copy()
            else:
                raw = raw[..., ::-1].copy()
        return raw.reshape(-1).view(self.dtype).reshape(self.size)


def _rebuild_tensor(storage, storage_offset, size, stride):
    return Tensor(storage, storage_offset, size, stride, None)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None, metadata=None):
    return Tensor(storage, storage_offset, size, stride, None)


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks, dtype, metadata=None):
    return Tensor(storage, storage_offset, size, stride, dtype)


def _rebuild_parameter(data, requires_grad=True, backward_hooks=None):
    return data


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    return data


def _parameter(data=None, requires_grad=True):
    return data


class _TensorClass:
    """`torch.Tensor` / `torch.nn.parameter.Parameter` as a class argument of _rebuild_from_type_v2."""


def _rebuild_from_type_v2(func, new_type, args, state):
    return func(*args)


def _device(*args):
    return ("device",) + args


def _get_layout(name):
    return ("layout", name)


def _codecs_encode(obj, encoding="utf-8", errors="strict"):
    return obj.encode(encoding, errors)


class ScriptObject:
    """An instance of a TorchScript class (`__torch__.*`: a module, say), built by NEWOBJ and BUILD
    from its attributes alone; the class's code is never looked at, let alone run."""


def _build_list(items):
    return list(items)


def _allowed() -> dict[tuple[str, str], object]:
    table: dict[tuple[str, str], object] = {
        ("collections", "OrderedDict"): collections.OrderedDict,
        ("collections", "Counter"): collections.Counter,
        ("builtins", "set"): set, ("builtins", "frozenset"): frozenset,
        ("builtins", "bytearray"): bytearray, ("builtins", "complex"): complex,
        ("builtins", "slice"): slice,
        ("_codecs", "encode"): _codecs_encode,
        ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
        ("torch._utils", "_rebuild_tensor_v3"): _rebuild_tensor_v3,
        ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
        ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter_with_state,
        ("torch._tensor", "_rebuild_from_type_v2"): _rebuild_from_type_v2,
        ("torch.nn.parameter", "Parameter"): _parameter,
        ("torch", "Tensor"): _TensorClass,
        ("torch", "Size"): tuple,
        ("torch", "device"): _device,
        ("torch.serialization", "_get_layout"): _get_layout,
        ("torch.storage", "UntypedStorage"): StorageType("UntypedStorage", None),
        ("torch", "UntypedStorage"): StorageType("UntypedStorage", None),
        # TorchScript archives (torch.jit._pickle): lists of ints, floats, tensors, bools.
        ("torch.jit._pickle", "build_intlist"): _build_list,
        ("torch.jit._pickle", "build_doublelist"): _build_list,
        ("torch.jit._pickle", "build_boollist"): _build_list,
        ("torch.jit._pickle", "build_tensorlist"): _build_list,
    }
    for name, dtype in STORAGES.items():
        table[("torch", name)] = StorageType(name, dtype)
    for name in DTYPES:
        table[("torch", name)] = DType(name)
    return table


ALLOWED = _allowed()


class ReferenceUnpickler(pickle.Unpickler):
    """Admits only ALLOWED globals; persistent ids become Storage objects (one per key)."""

    def __init__(self, file, storages: dict[str, Storage]):
        super().__init__(file)
        self.storages = storages

    def find_class(self, module, name):
        if module == "__builtin__":
            module = "builtins"
        if module == "__torch__" or module.startswith("__torch__."):
            return ScriptObject
        try:
            return ALLOWED[(module, name)]
        except KeyError:
            raise RefusedGlobal(f"refused global {module}.{name}") from None

    def persistent_load(self, pid):
        if not isinstance(pid, tuple) or len(pid) < 5 or pid[0] != "storage":
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        stype, key, numel = pid[1], str(pid[2]), pid[4]
        if not isinstance(stype, StorageType):
            raise pickle.UnpicklingError(f"persistent id names {stype!r}, not a storage type")
        storage = self.storages.get(key)
        if storage is None:
            storage = self.storages[key] = Storage(key, stype, int(numel))
        if len(pid) >= 6 and pid[5] is not None:  # legacy view_metadata (view_key, offset, view_size)
            view_key, offset, view_size = pid[5]
            view = self.storages.get(str(view_key))
            if view is None:
                view = self.storages[str(view_key)] = Storage(str(view_key), stype, int(view_size))
                view.view = (key, int(offset), int(view_size))
            return view
        return storage


def _element_size(stype: StorageType) -> int:
    return 1 if stype.dtype is None else np.dtype(DTYPES[stype.dtype]).itemsize


def read_zip(path: str):
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pkl = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1]
        if len(pkl) != 1:
            raise ValueError(f"not a torch.save ZIP ({len(pkl)} top-level data.pkl entries)")
        folder = pkl[0][: -len("/data.pkl")]
        big = False
        if f"{folder}/byteorder" in names:
            big = archive.read(f"{folder}/byteorder").strip() == b"big"
        storages: dict[str, Storage] = {}
        obj = ReferenceUnpickler(io.BytesIO(archive.read(pkl[0])), storages).load()
        for key, storage in storages.items():
            storage.data = archive.read(f"{folder}/data/{key}")
    return obj, big


def read_legacy(path: str):
    with open(path, "rb") as f:
        data = f.read()
    stream = io.BytesIO(data)
    safe = lambda: ReferenceUnpickler(stream, {}).load()  # noqa: E731 (magic, protocol, sys_info: plain values)
    if safe() != LEGACY_MAGIC:
        raise ValueError("not a legacy torch.save file (magic)")
    safe()  # protocol version
    safe()  # sys_info: its little_endian names the writer's machine; the storages are little-endian anyway
    storages: dict[str, Storage] = {}
    obj = ReferenceUnpickler(stream, storages).load()
    keys = ReferenceUnpickler(stream, {}).load()
    # torch's THPStorage_writeFileRaw writes each count and storage little-endian on every machine.
    for key in keys:
        storage = storages[str(key)]
        (numel,) = struct.unpack("<q", stream.read(8))
        size = numel * _element_size(storage.stype)
        storage.data = stream.read(size)
        if len(storage.data) != size:
            raise ValueError(f"storage {key}: {len(storage.data)} bytes, expected {size}")
    for storage in storages.values():
        if storage.view is not None:
            root, offset, size = storage.view
            item = _element_size(storage.stype)
            storage.data = storages[root].data[offset * item:(offset + size) * item]
    return obj, False


def flatten(obj, prefix: str = "", out=None, seen=None):
    """(name, Tensor) for every tensor, named by the dotted path of keys and indices that reaches it;
    a container met twice is followed once, a tensor met twice is listed at each path."""
    out = [] if out is None else out
    seen = set() if seen is None else seen
    join = lambda part: part if not prefix else f"{prefix}.{part}"  # noqa: E731
    if isinstance(obj, Tensor):
        out.append((prefix, obj))
    elif isinstance(obj, (dict, ScriptObject)):
        if id(obj) not in seen:
            seen.add(id(obj))
            items = obj.items() if isinstance(obj, dict) else vars(obj).items()
            for key, value in items:
                flatten(value, join(_component(key)), out, seen)
    elif isinstance(obj, (list, tuple)):
        if id(obj) not in seen:
            seen.add(id(obj))
            for i, value in enumerate(obj):
                flatten(value, join(str(i)), out, seen)
    return out


def _component(key) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "True" if key else "False"
    return str(key)


def check(source: str, output: str, key: str | None) -> tuple[bool, int, list[str]]:
    problems: list[str] = []
    with open(source, "rb") as f:
        head = f.read(4)
    obj, big = read_zip(source) if head == b"PK\x03\x04" else read_legacy(source)
    reference: dict[str, np.ndarray] = {}
    for name, tensor in flatten(obj):
        if key is not None:
            if not name.startswith(key + "."):
                continue
            name = name[len(key) + 1:]
        if name in reference:
            problems.append(f"reference: two tensors named '{name}'")
        reference[name] = tensor.array(big)

    # safetensors' own parser (validates the header, offsets and sizes) gives every tensor's dtype
    # string, shape and bytes; its numpy loader (`safe_open(..., "np")`, what `safetensors.numpy.load_file`
    # runs) must give the same arrays, except for BF16/F8 which it cannot map to numpy dtypes.
    with open(output, "rb") as f:
        parsed = {name: view for name, view in safetensors.deserialize(f.read())}
    with safe_open(output, framework="np") as f:
        metadata = f.metadata() or {}
        for name in f.keys():
            if parsed[name]["dtype"] in ("BF16", "F8_E4M3", "F8_E5M2"):
                continue
            if f.get_tensor(name).tobytes() != bytes(parsed[name]["data"]):
                problems.append(f"'{name}': safetensors.numpy and safetensors.deserialize disagree")
    if metadata.get("format") != "pt":
        problems.append(f"__metadata__ format is {metadata.get('format')!r}, not 'pt'")
    if key is not None and metadata.get("source_key") != key:
        problems.append(f"__metadata__ source_key is {metadata.get('source_key')!r}, not {key!r}")
    for name in sorted(set(reference) - set(parsed)):
        problems.append(f"missing tensor '{name}'")
    for name in sorted(set(parsed) - set(reference)):
        problems.append(f"extra tensor '{name}'")
    compared = 0
    for name in sorted(set(reference) & set(parsed)):
        want, view = reference[name], parsed[name]
        compared += 1
        want_dtype = SAFETENSORS.get(want.dtype, f"(none for {want.dtype})")
        if view["dtype"] != want_dtype:
            problems.append(f"'{name}': dtype {view['dtype']}, reference {want_dtype}")
        elif list(view["shape"]) != list(want.shape):
            problems.append(f"'{name}': shape {list(view['shape'])}, reference {list(want.shape)}")
        elif want.tobytes() != bytes(view["data"]):
            got = np.frombuffer(bytes(view["data"]), dtype=want.dtype)
            flat = want.reshape(-1)
            if got.size != flat.size:
                problems.append(f"'{name}': {len(view['data'])} bytes, reference {want.nbytes}")
            else:
                first = int(np.flatnonzero(flat.view(np.uint8) != got.view(np.uint8))[0]) // want.dtype.itemsize
                problems.append(f"'{name}': bytes differ (first at element {first} of {want.size}: "
                                f"reference {flat[first]!r}, ours {got[first]!r})")
    return not problems, compared, problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", help="file of tab-separated SRC OUT [KEY] lines")
    parser.add_argument("--pair", nargs=2, action="append", default=[], metavar=("SRC", "OUT"))
    parser.add_argument("--keyed-pair", nargs=3, action="append", default=[], metavar=("SRC", "OUT", "KEY"))
    parser.add_argument("--known-wrong", help="file of source file names whose conversions are known to be wrong")
    args = parser.parse_args(argv)
    known = set()
    if args.known_wrong:
        with open(args.known_wrong, encoding="utf-8") as f:
            known = {line.split("#", 1)[0].strip() for line in f} - {""}
    jobs = [(s, o, None) for s, o in args.pair] + [tuple(p) for p in args.keyed_pair]
    if args.list:
        with open(args.list, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if parts and parts[0]:
                    jobs.append((parts[0], parts[1], parts[2] if len(parts) > 2 and parts[2] else None))
    if not jobs:
        parser.error("no pairs given")
    failed = wrong = passed = tensors = 0
    for source, output, key in jobs:
        label = source + (f" --key {key}" if key else "")
        try:
            ok, compared, problems = check(source, output, key)
        except Exception as e:  # the reference could not read it: a failure, said as such
            ok, compared, problems = False, 0, [f"reference error: {type(e).__name__}: {e}"]
        is_known = os.path.basename(source) in known
        verdict = "OK" if ok else "FAIL"
        if is_known and not ok:
            verdict = "KNOWN WRONG (listed in --known-wrong; not counted as a failure)"
            wrong += 1
        elif is_known and ok:
            verdict = "FAIL"
            problems = ["equal to the reference now, but listed as known wrong: take it off the --known-wrong list"]
            ok = False
        print(f"{label}: {compared} tensors compared: {verdict}")
        for problem in problems:
            print(f"    {problem}")
        if ok:
            passed += 1
            tensors += compared
        elif not is_known or verdict == "FAIL":
            failed += 1
    print(f"safetensors: {passed} of {len(jobs)} conversions equal the reference ({tensors} tensors), "
          f"{failed} failed, {wrong} known wrong")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
