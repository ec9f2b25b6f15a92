#!/usr/bin/env python3
"""Writes the pickle and archive bombs of issue 13 into a folder: each at most 100 MB, each built to
make a pickle gate hang, allocate without bound or crash. `Benchmarks/bombs.sh` times synap-tool on
them (target: under 5 s and 1 GiB peak RSS each, exit 0, 1 or 3, never a signal).

Usage: make_pickle_bombs.py OUT_DIR
"""
import struct
import sys
import zlib
from pathlib import Path

N = 100 * 1024 * 1024


def stored_zip(entries):
    """A ZIP of (name, data, method, declared_size) entries, written by hand so sizes can lie."""
    out, cd = b"", b""
    for name, data, method, declared in entries:
        if method == 8:
            comp = zlib.compressobj(9, zlib.DEFLATED, -15)
            payload = comp.compress(data) + comp.flush()
        else:
            payload = data
        crc, off, nb = zlib.crc32(data), len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(payload), declared, len(nb), 0) + nb + payload
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(payload), declared,
                          len(nb), 0, 0, 0, 0, 0, off) + nb
    return out + cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), len(out), 0)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    bombs = {
        # 50M instructions that build nothing: the instruction loop's own speed.
        "none-pop.pkl": b"\x80\x02" + b"N0" * (N // 2 - 2) + b"N.",
        # 33M one-element tuples made and dropped: every container counts against the cap.
        "tuple1-pop.pkl": b"\x80\x02" + b"N\x850" * (N // 3 - 1) + b"N.",
        "empty-list-pop.pkl": b"\x80\x02" + b"]0" * (N // 2 - 2) + b"N.",
        "list-append.pkl": b"\x80\x02]" + b"Na" * (N // 2 - 2) + b".",
        "dict-setitem.pkl": b"\x80\x02}" + b"K\x01K\x02s" * (N // 5 - 1) + b".",
        "marks.pkl": b"\x80\x02" + b"(" * (N - 2),
        "memo-scatter.pkl": b"\x80\x02N" + b"".join(b"r" + struct.pack("<I", (i * 7919) & 0xFFFFFFFF) for i in range(N // 5 - 1)) + b".",
        "long4-1gib.pkl": b"\x80\x02\x8b" + struct.pack("<i", (1 << 31) - 1) + b"\x00" * 1000,
        "frame-2p62.pkl": b"\x80\x04\x95" + struct.pack("<Q", 1 << 62) + b"N.",
        "long-line.pkl": b"I" + b"1" * (N - 3) + b"\n.",
        # data.pkl claims 2 GiB and inflates to 200 MiB of zeros; the rest of the archive is 200 kB.
        "deflate-bomb.pt": stored_zip([("archive/data.pkl", b"\x00" * (200 << 20), 8, (1 << 31) + 31),
                                       ("archive/version", b"3\n", 0, 2)]),
    }
    inner = stored_zip([("archive/data.pkl", b"\x80\x02" + b"N0" * (5 << 20) + b"N.", 8, 2 + 2 * (5 << 20) + 2),
                        ("archive/version", b"3\n", 0, 2)])
    # Thirty torch archives inside one ZIP, each inflating to 10 MiB: one budget for them all.
    bombs["nested.zip"] = stored_zip([(f"sample/{i}.pt", inner, 8, len(inner)) for i in range(30)])
    for name, data in bombs.items():
        (out / name).write_bytes(data[:N])
        print(f"{name}\t{len(data[:N])}")


if __name__ == "__main__":
    main()
