"""What every peer shares: print one summary line, and with --repeat N time N more in-process passes."""

from __future__ import annotations

import sys
import time
from typing import Callable, TypeVar

T = TypeVar("T")


def run_peer(inventory: Callable[[], T], summary: Callable[[T], str]) -> int:
    """Prints summary(inventory()); with `--repeat N` in argv also the median of N timed passes."""
    print(summary(inventory()))
    if "--repeat" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--repeat") + 1])
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            inventory()
            times.append(time.perf_counter() - t0)
        print(f"in-process median {sorted(times)[len(times) // 2] * 1e3:.3f} ms over {runs}")
    return 0
