"""Sparse, shape-true safetensors files: the header the reference writer produces, then a hole.

Each file is the 8-byte header length and the JSON header safetensors' writer would produce (tensors
sorted by name, contiguous data_offsets, compact JSON, `__metadata__` first, padded with spaces to a
multiple of 8); the file is then truncated to its full size, so the weights cost no disk.
"""

from __future__ import annotations

import json
import math
import os
import struct
from pathlib import Path

DTYPE_SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
               "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}


def nbytes(dtype: str, shape: list[int]) -> int:
    """Bytes of a tensor's data."""
    return DTYPE_SIZES[dtype] * math.prod(shape)


def header(tensors: list[tuple[str, str, list[int]]], metadata: dict[str, str]) -> tuple[bytes, int]:
    """The file's first bytes for (name, dtype, shape) tensors: (8-byte length + header, data length)."""
    entries: dict = {"__metadata__": metadata} if metadata else {}
    offset = 0
    for name, dtype, shape in sorted(tensors):
        size = nbytes(dtype, shape)
        entries[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(entries, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text, offset


def write(path: Path, tensors: list[tuple[str, str, list[int]]], metadata: dict[str, str]) -> int:
    """Writes the sparse file; returns its data length."""
    head, data = header(tensors, metadata)
    with open(path, "wb") as f:
        f.write(head)
    os.truncate(path, len(head) + data)  # the hole: no blocks allocated for the weights
    return data
