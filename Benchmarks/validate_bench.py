"""Times `synap-tool validate` against a Python peer doing the same checks through safetensors.safe_open.

Writes two shape-true sparse checkpoints under WORK (llama3.1-8b: 4 shards, gpt-oss-120b: 15 shards
model-00000-of-00014 … as published, each with config.json, the index and tokenizer files), exports the
architectures with `synap-tool validate --list --format json` for the peer, checks that both tools say
"pass", then measures each: median wall time (hyperfine, or a subprocess loop), peak RSS (GNU time, or
os.wait4), the peer's in-process time, and the ratios, against the targets (< 100 ms, < 40 MiB).
    python validate_bench.py --tool BIN --work DIR [--runs N] [--peer-runs N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from measure import ENV, GNU_TIME, RSS_RUNS, aligned, inprocess_ms, ours_works, peak_rss_mib, wall_ms

HERE = Path(__file__).resolve().parent
TARGET_MS, TARGET_MIB = 100.0, 40.0
CASES = (("llama3.1-8b", "make_sparse_llama.py"), ("gpt-oss-120b", "make_sparse_gpt_oss.py"))
TOKENIZER = {"tokenizer.json": '{"version": "1.0", "model": {"type": "BPE"}}\n', "tokenizer_config.json": "{}\n"}


def prepare(work: Path, tool: str) -> tuple[Path, dict[str, Path]]:
    """The architectures file and one checkpoint folder per case."""
    work.mkdir(parents=True, exist_ok=True)
    folders = {}
    for arch, maker in CASES:
        folder = work / arch
        subprocess.run([sys.executable, str(HERE / maker), str(folder)], check=True, stdout=sys.stderr)
        for name, text in TOKENIZER.items():
            (folder / name).write_text(text)
        folders[arch] = folder
    architectures = work / "architectures.json"
    architectures.write_text(subprocess.run([tool, "validate", "--list", "--format", "json"], check=True,
                                            capture_output=True, text=True).stdout)
    return architectures, folders


def measure(arch: str, folder: Path, tool: str, architectures: Path, runs: int, peer_runs: int) -> dict:
    """Both tools on one checkpoint: they must agree it passes, then every number."""
    ours = [tool, "validate", str(folder), "--arch", arch, "--format", "json"]
    peer = [sys.executable, str(HERE / "peer_validate.py"), str(architectures), arch, str(folder)]
    why = ours_works(ours)
    if why is None and json.loads(subprocess.run(ours, capture_output=True, text=True).stdout)["verdict"] != "pass":
        why = "verdict is not pass"
    said = subprocess.run(peer, capture_output=True, text=True, check=True, env=ENV).stdout.strip()
    if why or said != "pass":
        raise SystemExit(f"{arch}: synap-tool: {why or 'pass'}; peer: {said}")
    print(f"[{arch}] both pass; timing", file=sys.stderr, flush=True)
    return {
        "case": arch, "input": str(folder),
        "ours": {"cmd": ours, "wall_ms": wall_ms(ours, runs, 3), "rss_mib": peak_rss_mib(ours)},
        "peer": {"cmd": peer, "wall_ms": wall_ms(peer, peer_runs, 1), "rss_mib": peak_rss_mib(peer),
                 "inprocess_ms": inprocess_ms(peer)},
    }


def table(results: list[dict]) -> str:
    """The aligned report."""
    peer_name = f"python safetensors=={version('safetensors')} safe_open"
    rows = [("case", "tool", "median ms", "peak RSS MiB", "peer/ours time", "peer/ours RSS", "target")]
    for r in results:
        ours, peer = r["ours"], r["peer"]
        ok_ms = "ok" if ours["wall_ms"] < TARGET_MS else "MISS"
        ok_mib = "ok" if ours["rss_mib"] < TARGET_MIB else "MISS"
        rows.append((r["case"], "synap-tool validate", f"{ours['wall_ms']:.2f}", f"{ours['rss_mib']:.1f}",
                     f"{peer['wall_ms'] / ours['wall_ms']:.1f}x", f"{peer['rss_mib'] / ours['rss_mib']:.1f}x",
                     f"< {TARGET_MS:g} ms {ok_ms}, < {TARGET_MIB:g} MiB {ok_mib}"))
        rows.append(("", peer_name, f"{peer['wall_ms']:.2f}", f"{peer['rss_mib']:.1f}", "", "", ""))
        rows.append(("", "  same, in-process (no start-up)", f"{peer['inprocess_ms']:.2f}", "", "", "", ""))
    return aligned(rows, right={2, 3, 4, 5})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", required=True, help="the synap-tool binary (the deployment build)")
    ap.add_argument("--work", default=str(HERE / "work"), help="where the checkpoints are written")
    ap.add_argument("--runs", type=int, default=30, help="timed runs of synap-tool per checkpoint")
    ap.add_argument("--peer-runs", type=int, default=10, help="timed runs of the peer per checkpoint")
    ap.add_argument("--json", default="", help="also write every number here")
    a = ap.parse_args()
    architectures, folders = prepare(Path(a.work), a.tool)
    results = [measure(arch, folders[arch], a.tool, architectures, a.runs, a.peer_runs) for arch, _ in CASES]
    timer = "hyperfine" if shutil.which("hyperfine") else "subprocess loop"
    rss = GNU_TIME if os.access(GNU_TIME, os.X_OK) else "os.wait4"
    print(f"\nmedian wall time ({timer}; synap-tool {a.runs} runs, peer {a.peer_runs}), peak RSS ({rss}, median of "
          f"{RSS_RUNS}); warm page cache; {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print(table(results))
    if a.json:
        Path(a.json).write_text(json.dumps({"results": results, "timer": timer, "rss": rss}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
