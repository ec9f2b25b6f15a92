"""The Python peer of `synap-tool checksum`: hashlib SHA-256 over each file in 8 MiB chunks.

Prints sha256sum-format lines. Usage:
    python hashlib_sha256.py FILE...
"""

from __future__ import annotations

import hashlib
import sys

CHUNK = 8 << 20


def sha256_file(path: str) -> str:
    """The hex SHA-256 of the file at path, read in CHUNK-byte pieces into one reused buffer."""
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


def main() -> int:
    for path in sys.argv[1:]:
        print(f"{sha256_file(path)}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
