"""Writes extra torch.save files that stress the conversion's layout handling, into a folder given as
the argument (a temp dir: these are not fixtures and are never committed).

Built with the stand-in `torch` globals of scripts/fixtures/fx_pytorch.py (the standard library's
pickle, so the opcodes are what torch's own pickler emits; nothing here imports torch):

- views-zip.pt      ZIP: offset, scalar and empty views, two names for one tensor, transposed,
                    every-other-column, block, stride-0 (expanded) and column views, more storage
                    dtypes (BF16, F64, I32, I16, I8, U8, BOOL) and _rebuild_tensor_v3 over an
                    UntypedStorage (BF16, transposed)
- views-legacy.pt   legacy: the contiguous kinds of views, and a storage that is a legacy view
                    (view_metadata) of another
- strided-legacy.pt legacy: the strided kinds of views (transposed, columns, block, stride 0)
- big-endian.pt     ZIP whose `byteorder` entry says big: every multi-byte storage byte-swapped
- big-endian-legacy.pt  legacy written on a big-endian machine: sys_info says little_endian: False,
                    but the counts and storage bytes are little-endian all the same (torch's
                    THPStorage_writeFileRaw always writes them little-endian), so nothing is swapped
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures"))
import fx_pytorch as fx  # noqa: E402

MORE = {"BFloat16Storage": 2, "DoubleStorage": 8, "IntStorage": 4, "ShortStorage": 2, "CharStorage": 1,
        "ByteStorage": 1, "BoolStorage": 1}
for _name, _size in MORE.items():
    fx.STORAGE[_name] = fx._class("torch", _name)
    fx.SIZES[_name] = _size
BFLOAT16 = fx.DType("bfloat16")

# struct formats per storage kind, to write the same values in either byte order.
FORMATS = {"FloatStorage": "f", "HalfStorage": "e", "LongStorage": "q", "DoubleStorage": "d", "IntStorage": "i",
           "ShortStorage": "h"}


def values(kind: str, count: int, order: str = "<") -> bytes:
    if kind in FORMATS:
        code = FORMATS[kind]
        numbers = [(i * 7 % 23) - 5 + (0.25 if code in "fed" else 0) for i in range(count)]
        if code in "qih":
            numbers = [int(n) for n in numbers]
        return struct.pack(f"{order}{count}{code}", *numbers)
    if kind == "BFloat16Storage":  # the high halves of float32 values
        halves = [struct.unpack("<I", struct.pack("<f", (i % 9) - 3.5))[0] >> 16 for i in range(count)]
        return struct.pack(f"{order}{count}H", *halves)
    if kind == "BoolStorage":
        return bytes(i % 3 == 0 for i in range(count))
    return bytes((i * 37 + 11) % 256 for i in range(count))  # Char/Byte/Untyped


def views(order: str = "<", prefix: str = "", strided: bool = True, contiguous: bool = True) -> collections.OrderedDict:
    """Tensors over shared storages: `contiguous` ones (each a run of its storage, at an offset or not)
    and `strided` ones (transposed, every other column, a block, stride 0, a column)."""
    S, T = fx.Storage, fx.Tensor
    grid = S("FloatStorage", prefix + "0", values("FloatStorage", 24, order))
    state = collections.OrderedDict()
    if contiguous:
        state["grid"] = T(grid, (4, 6), (6, 1))
        state["row"] = T(grid, (6,), (1,), offset=18)  # the last row
        state["rows"] = T(grid, (2, 6), (6, 1), offset=6)  # rows 1 and 2
        state["scalar"] = T(grid, (), (), offset=5)
        state["empty"] = T(grid, (0, 3), (3, 1))
        state["tied"] = state["grid"]  # one tensor under two names
        state["nested"] = {"deep": [T(grid, (3,), (1,), offset=3)]}  # inside a dict inside a list
    if strided:
        state["grid_t"] = T(grid, (6, 4), (1, 6))  # transposed
        state["cols"] = T(grid, (4, 2), (6, 2), offset=1)  # every other column from column 1
        state["block"] = T(grid, (2, 3), (6, 1), offset=8)  # a 2x3 block inside the grid
        state["expanded"] = T(grid, (3, 4), (0, 1), offset=2)  # stride 0: one row repeated
        state["column"] = {"deep": [T(grid, (3,), (6,), offset=3)]}  # a column, inside a list
    for kind, key in [("DoubleStorage", "1"), ("LongStorage", "2"), ("IntStorage", "3"), ("ShortStorage", "4"),
                      ("HalfStorage", "5"), ("BFloat16Storage", "6"), ("CharStorage", "7"), ("ByteStorage", "8"),
                      ("BoolStorage", "9")]:
        storage = S(kind, prefix + key, values(kind, 12, order))
        if contiguous:
            state[f"dtypes.{kind}"] = T(storage, (3, 4), (4, 1))
            state[f"dtypes.{kind}_tail"] = T(storage, (2, 3), (3, 1), offset=6)
        if strided:
            state[f"dtypes.{kind}_t"] = T(storage, (2, 3), (1, 4), offset=1)  # transposed, offset
    return state


def zip_cases(out: Path) -> None:
    state = views()
    untyped = fx.Storage("UntypedStorage", "10", values("BFloat16Storage", 6))
    state["v3_bf16"] = fx.Tensor(untyped, (3, 2), (1, 3), dtype=BFLOAT16)  # transposed through v3
    (out / "views-zip.pt").write_bytes(fx._torch_save(state, "views_zip"))
    big = views(">")
    data, storages = fx._pickle(big)
    entries = [("big_endian/data.pkl", data), ("big_endian/byteorder", b"big")]
    entries += [(f"big_endian/data/{s.key}", s.data) for s in storages]
    entries += [("big_endian/version", b"3\n")]
    (out / "big-endian.pt").write_bytes(fx._zip(entries))


def _legacy(obj, little_endian: bool, view_of: dict[str, tuple[str, int, int]] | None = None) -> bytes:
    """A legacy torch.save; `view_of` maps a storage key to (root key, offset, size): that storage is
    pickled as a view (view_metadata) of the root, whose bytes alone are written."""
    view_of = view_of or {}
    storages: list[fx.Storage] = []
    roots: dict[str, fx.Storage] = {}

    class Pickler(pickle.Pickler):
        def persistent_id(self, o):
            if not isinstance(o, fx.Storage):
                return None
            if o.key in view_of:
                root_key, offset, size = view_of[o.key]
                root = roots[root_key]
                if root not in storages:
                    storages.append(root)
                return ("storage", root.cls, root.key, "cpu", root.numel, (o.key, offset, size))
            if o not in storages:
                storages.append(o)
            return ("storage", o.cls, o.key, "cpu", o.numel, None)

    for s in _all_storages(obj):
        roots[s.key] = s
    body = io.BytesIO()
    Pickler(body, protocol=2).dump(obj)
    sys_info = {"protocol_version": 1001, "little_endian": little_endian, "type_sizes": {"short": 2, "int": 4, "long": 4}}
    keys = sorted(s.key for s in storages)
    out = pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2) + pickle.dumps(1001, protocol=2)
    out += pickle.dumps(sys_info, protocol=2) + body.getvalue() + pickle.dumps(keys, protocol=2)
    for key in keys:
        storage = next(s for s in storages if s.key == key)
        out += struct.pack("<q", storage.numel) + storage.data  # little-endian whatever the writer's machine
    return out


def _all_storages(obj, found=None):
    found = [] if found is None else found
    if isinstance(obj, fx.Tensor):
        found.append(obj.storage)
    elif isinstance(obj, dict):
        for v in obj.values():
            _all_storages(v, found)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _all_storages(v, found)
    return found


def legacy_cases(out: Path) -> None:
    state = views(prefix="14000", strided=False)
    # Storage "14000view" is elements 6..17 of a 24-float root storage "14000root".
    root = fx.Storage("FloatStorage", "14000root", values("FloatStorage", 24))
    sub = fx.Storage("FloatStorage", "14000view", root.data[6 * 4:18 * 4])
    state["legacy_view"] = fx.Tensor(sub, (3, 4), (4, 1))
    state["legacy_view_tail"] = fx.Tensor(sub, (4,), (1,), offset=8)
    state["legacy_root"] = fx.Tensor(root, (24,), (1,))
    view_of = {"14000view": ("14000root", 6, 12)}
    (out / "views-legacy.pt").write_bytes(_legacy(state, True, view_of))
    (out / "strided-legacy.pt").write_bytes(_legacy(views(prefix="16000", contiguous=False), True))
    (out / "big-endian-legacy.pt").write_bytes(_legacy(views(prefix="15000", strided=False), False))


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    zip_cases(out)
    legacy_cases(out)
    for path in sorted(out.glob("*.pt")):
        print(path)


if __name__ == "__main__":
    main()
