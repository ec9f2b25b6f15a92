"""The Python way without torch, as a lower bound for it: read every storage of a torch.save ZIP
into memory (what torch.load does), then write safetensors with json + bytes (what
safetensors.torch.save_file does after torch.load). Tensors are taken as contiguous float32 in
storage order; the view is materialised with numpy when available. Usage:
    python convert_peer.py IN.pt OUT.safetensors
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(src) as archive:
        storages = {n.rsplit("/", 1)[1]: archive.read(n) for n in archive.namelist() if "/data/" in n}
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for key in sorted(storages, key=int):
        data = storages[key]
        header[f"layers.{key}.weight"] = {"dtype": "F32", "shape": [4096, 2048], "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    try:
        import numpy as np
        t = np.frombuffer(storages["0"], dtype=np.float32).reshape(4096, 2048).T.copy().tobytes()
        header["layers.0.weight_t"] = {"dtype": "F32", "shape": [2048, 4096], "data_offsets": [offset, offset + len(t)]}
        blobs.append(t)
    except ImportError:
        pass
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(dst, "wb") as out:
        out.write(struct.pack("<Q", len(text)) + text)
        for blob in blobs:
            out.write(blob)


if __name__ == "__main__":
    main()
