"""Writes a ~2 GB torch.save ZIP state_dict without PyTorch (the stand-in pickler of
scripts/fixtures/fx_pytorch.py): 64 float32 tensors of 4096x2048 (32 MiB each), one of them also
saved as a transposed view of another's storage, storages streamed to disk. COUNT tensors instead of 64
(COUNT=1: about 32 MiB; the server benchmark's small upload uses ROWS=1280 for about 10 MB). Usage:
    python make_big_state_dict.py OUT_FILE [COUNT [ROWS]]
"""

from __future__ import annotations

import collections
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "fixtures"))
import fx_pytorch as fx  # noqa: E402

ROWS, COLS, COUNT = 4096, 2048, 64
BYTES = ROWS * COLS * 4


class BigStorage(fx.Storage):
    """A storage whose bytes are written later: the pickle needs only its class, key and size."""

    def __init__(self, key: str):
        self.kind, self.key, self.data = "FloatStorage", key, b""
        self.cls = fx.STORAGE["FloatStorage"]
        self.numel = ROWS * COLS  # read at construction, after main() has set ROWS


def main() -> None:
    global COUNT, ROWS, BYTES
    out = Path(sys.argv[1])
    if len(sys.argv) > 2:
        COUNT = int(sys.argv[2])
    if len(sys.argv) > 3:
        ROWS = int(sys.argv[3])
        BYTES = ROWS * COLS * 4
    storages = [BigStorage(str(k)) for k in range(COUNT)]
    model = collections.OrderedDict()
    for k, s in enumerate(storages):
        model[f"layers.{k}.weight"] = fx.Tensor(s, (ROWS, COLS), (COLS, 1))
    model["layers.0.weight_t"] = fx.Tensor(storages[0], (COLS, ROWS), (1, COLS))
    data, used = fx._pickle(model)
    block = bytes((i * 2654435761 >> 13) & 0xFF for i in range(1 << 20))
    part = out.with_suffix(".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.writestr(zipfile.ZipInfo("big/data.pkl", date_time=fx.DATE), data)
        archive.writestr(zipfile.ZipInfo("big/byteorder", date_time=fx.DATE), b"little")
        for s in used:
            with archive.open(zipfile.ZipInfo(f"big/data/{s.key}", date_time=fx.DATE), "w", force_zip64=True) as entry:
                for k in range(BYTES // len(block)):
                    entry.write(block[k % 7:] + block[: k % 7])
        archive.writestr(zipfile.ZipInfo("big/version", date_time=fx.DATE), b"3\n")
    part.rename(out)


if __name__ == "__main__":
    main()
