"""Times `synap-tool inspect --json` against the Python `tflite` package on TFLite models, with measure.py's
timing and RSS tools, and prints one aligned table.
    python tflite_bench.py --tool BIN|"" --large FILE [--corpus FILE] [--runs N] [--peer-runs N] [--json OUT]
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import version
from pathlib import Path

import measure

HERE = Path(__file__).resolve().parent
# (wall ms ceiling, RSS MiB ceiling, minimum peer/ours speed-up), the targets
measure.TARGETS.update({"tflite-1.2gb": (15.0, 30.0, 50.0), "tflite-corpus": (15.0, None, 15.0)})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", default="", help="synap-tool binary; empty = measure the peer only")
    ap.add_argument("--large", required=True, help="the generated model with over 1 GB of buffers")
    ap.add_argument("--corpus", default="", help="the corpus's largest .tflite")
    ap.add_argument("--runs", type=int, default=30, help="timed runs of synap-tool per input")
    ap.add_argument("--peer-runs", type=int, default=10, help="timed runs of the peer per input")
    ap.add_argument("--json", default="", help="also write every number here")
    a = ap.parse_args()
    peer = [sys.executable, str(HERE / "peer_tflite.py")]
    name = f"python tflite=={version('tflite')} (flatbuffers=={version('flatbuffers')})"
    cases = [("tflite-1.2gb", a.large), ("tflite-corpus", a.corpus)]
    results = [measure.measure_case(case, path, a.tool, peer, a.runs, a.peer_runs) for case, path in cases if path]
    measure.report(results, {case: name for case, _ in cases}, a.runs, a.peer_runs, a.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
