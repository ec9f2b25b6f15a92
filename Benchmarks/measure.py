"""Times `synap-tool inspect --json` against its Python peers and prints one aligned table.

Wall time: median of hyperfine runs (--export-json), or of a subprocess loop if hyperfine is absent.
Peak RSS: median of `/usr/bin/time -f %M` runs, or of os.wait4's ru_maxrss if GNU time is absent.
A peer whose first run takes longer than SLOW_PEER_S is measured less: at most SLOW_PEER_RUNS timed runs
and no warm-up, one RSS run, one in-process pass; the report says so.
    python measure.py --tool BIN|"" --checkpoint DIR [--gguf FILE] [--gguf-vocab FILE] [--runs N] [--peer-runs N]
                      [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
GNU_TIME = "/usr/bin/time"
RSS_RUNS = 5
INPROC_RUNS = 20
SLOW_PEER_S = 2.0
SLOW_PEER_RUNS = 3
# (case, wall ms ceiling, RSS MiB ceiling, minimum peer/ours speed-up); None = no target
TARGETS = {"checkpoint": (10.0, 20.0, 10.0), "gguf": (50.0, None, None), "gguf-vocab-15mb": (50.0, None, None)}
# The machine may pin OpenBLAS to an older kernel, which slows numpy (the peers import it): measured
# commands run without those two variables, as the machine's notes advise for benchmarks.
ENV = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}


def wall_ms(cmd: list[str], runs: int, warmup: int) -> float:
    """Median wall time of cmd in milliseconds."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
                            "--export-json", out.name, shlex.join(cmd)], check=True, env=ENV)
            return json.load(open(out.name))["results"][0]["median"] * 1e3
    for _ in range(warmup):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=ENV)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=ENV)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def peak_rss_mib(cmd: list[str], runs: int = RSS_RUNS) -> float:
    """Median peak resident set size of cmd in MiB over `runs` runs."""
    kib = []
    for _ in range(runs):
        if os.access(GNU_TIME, os.X_OK):
            with tempfile.NamedTemporaryFile(mode="r") as out:
                subprocess.run([GNU_TIME, "-f", "%M", "-o", out.name, *cmd], stdout=subprocess.DEVNULL, check=True,
                               env=ENV)
                kib.append(int(out.read().split()[-1]))
        else:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=ENV)
            _, status, usage = os.wait4(proc.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise subprocess.CalledProcessError(status, cmd)
            kib.append(usage.ru_maxrss)
    return statistics.median(kib) / 1024


def inprocess_ms(cmd: list[str], runs: int = INPROC_RUNS) -> float:
    """The peer's own median for one pass, timed inside its process (no interpreter start, no imports)."""
    out = subprocess.run([*cmd, "--repeat", str(runs)], capture_output=True, text=True, check=True,
                         env=ENV).stdout
    line = next(l for l in out.splitlines() if l.startswith("in-process median"))
    return float(line.split()[2])


def ours_works(cmd: list[str]) -> str | None:
    """None if cmd exits 0 with one JSON object on stdout, else why not."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=ENV)
    except OSError as e:
        return f"cannot run: {e}"
    if p.returncode != 0:
        return f"exit {p.returncode}: {(p.stderr or p.stdout).strip()[:200]}"
    try:
        report = json.loads(p.stdout)
    except ValueError:
        return f"stdout is not one JSON document: {p.stdout.strip()[:120]!r}"
    return None if isinstance(report, dict) else "stdout JSON is not an object"


def measure_case(name: str, path: str, tool: str, peer: list[str], runs: int, peer_runs: int) -> dict:
    """Every number for one input: ours (if it works), the peer as a process, the peer in-process."""
    res: dict = {"case": name, "input": path}
    print(f"[{name}] {path}", file=sys.stderr, flush=True)
    peer_cmd = [*peer, path]
    t0 = time.perf_counter()
    subprocess.run(peer_cmd, stdout=subprocess.DEVNULL, check=True, env=ENV)  # also warms the page cache
    first_s = time.perf_counter() - t0
    warmup, rss_runs, inproc_runs = 1, RSS_RUNS, INPROC_RUNS
    if first_s > SLOW_PEER_S:
        peer_runs, warmup, rss_runs, inproc_runs = min(peer_runs, SLOW_PEER_RUNS), 0, 1, 1
        res["peer_reduced"] = (f"the peer took {first_s:.1f} s once, so it was timed {peer_runs} times without "
                               f"warm-up, its RSS taken from 1 run and its in-process time from 1 pass")
        print(f"[{name}] {res['peer_reduced']}", file=sys.stderr, flush=True)
    res["peer"] = {"cmd": shlex.join(peer_cmd), "wall_ms": wall_ms(peer_cmd, peer_runs, warmup),
                   "rss_mib": peak_rss_mib(peer_cmd, rss_runs), "inprocess_ms": inprocess_ms(peer_cmd, inproc_runs),
                   "runs": peer_runs, "rss_runs": rss_runs, "inprocess_runs": inproc_runs}
    if tool:
        ours_cmd = [tool, "inspect", path, "--json"]
        why = ours_works(ours_cmd)
        if why is None:
            res["ours"] = {"cmd": shlex.join(ours_cmd), "wall_ms": wall_ms(ours_cmd, runs, 3),
                           "rss_mib": peak_rss_mib(ours_cmd)}
        else:
            res["ours_error"] = why
    else:
        res["ours_error"] = "no synap-tool binary"
    return res


def verdicts(res: dict) -> str:
    """The case's targets, each marked ok or MISS (or just listed when ours did not run)."""
    ms, mib, speedup = TARGETS[res["case"]]
    ours = res.get("ours")
    parts = []
    for label, goal, got, better in [
        (f"< {ms:g} ms", ms, ours and ours["wall_ms"], lambda g, x: x < g),
        (f"< {mib:g} MiB" if mib else "", mib, ours and ours["rss_mib"], lambda g, x: x < g),
        (f">= {speedup:g}x" if speedup else "", speedup, ours and res["peer"]["wall_ms"] / ours["wall_ms"],
         lambda g, x: x >= g),
    ]:
        if goal is None:
            continue
        parts.append(label if got is None else f"{label} {'ok' if better(goal, got) else 'MISS'}")
    return ", ".join(parts)


def table(results: list[dict], peer_names: dict[str, str]) -> str:
    """The aligned report."""
    rows = [("case", "tool", "median ms", "peak RSS MiB", "peer/ours time", "peer/ours RSS", "target")]
    for r in results:
        ours, peer = r.get("ours"), r["peer"]
        if ours:
            rows.append((r["case"], "synap-tool inspect --json", f"{ours['wall_ms']:.2f}", f"{ours['rss_mib']:.1f}",
                         f"{peer['wall_ms'] / ours['wall_ms']:.1f}x", f"{peer['rss_mib'] / ours['rss_mib']:.1f}x",
                         verdicts(r)))
        else:
            rows.append((r["case"], "synap-tool (not measured)", "-", "-", "-", "-", verdicts(r)))
        rows.append(("", peer_names[r["case"]], f"{peer['wall_ms']:.2f}", f"{peer['rss_mib']:.1f}", "", "", ""))
        rows.append(("", "  same, in-process (no start-up)", f"{peer['inprocess_ms']:.2f}", "", "", "", ""))
    return aligned(rows, right={2, 3, 4, 5})


def aligned(rows: list[tuple[str, ...]], right: set[int]) -> str:
    """Rows as aligned columns (those in `right` right-aligned), a rule under the first."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for k, row in enumerate(rows):
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(results: list[dict], peer_names: dict[str, str], runs: int, peer_runs: int, json_path: str) -> None:
    """Prints the conditions, the table and the notes; writes every number to `json_path` when given."""
    timer = "hyperfine" if shutil.which("hyperfine") else "subprocess loop"
    rss = GNU_TIME if os.access(GNU_TIME, os.X_OK) else "os.wait4"
    print(f"\nmedian wall time ({timer}; synap-tool {runs} runs, peers {peer_runs} unless noted), peak RSS ({rss}, "
          f"median of {RSS_RUNS}); warm page cache; OPENBLAS_CORETYPE/L2_SIZE unset; {os.cpu_count()} cores, "
          f"Python {platform.python_version()}\n")
    print(table(results, peer_names))
    for r in results:
        if "peer_reduced" in r:
            print(f"\n{r['case']}: {r['peer_reduced']}")
    for r in results:
        if "ours_error" in r:
            print(f"\nsynap-tool not measured on {r['case']}: {r['ours_error']}")
    if json_path:
        Path(json_path).write_text(json.dumps({"results": results, "timer": timer, "rss": rss}, indent=2) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", default="", help="synap-tool binary; empty = measure the peers only")
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--gguf", default="", help="the corpus's largest GGUF")
    ap.add_argument("--gguf-vocab", default="", help="the generated ~15 MB vocab-only GGUF")
    ap.add_argument("--runs", type=int, default=30, help="timed runs of synap-tool per input")
    ap.add_argument("--peer-runs", type=int, default=10, help="timed runs of each peer per input")
    ap.add_argument("--json", default="", help="also write every number here")
    a = ap.parse_args()
    py = sys.executable
    safetensors_peer = ([py, str(HERE / "peer_safetensors.py")], f"python safetensors=={version('safetensors')} safe_open")
    gguf_peer = ([py, str(HERE / "peer_gguf.py")], f"python gguf=={version('gguf')} GGUFReader")
    cases = [("checkpoint", a.checkpoint, safetensors_peer), ("gguf", a.gguf, gguf_peer),
             ("gguf-vocab-15mb", a.gguf_vocab, gguf_peer)]
    peer_names = {name: peer[1] for name, _, peer in cases}
    results = [measure_case(name, path, a.tool, peer[0], a.runs, a.peer_runs) for name, path, peer in cases if path]
    report(results, peer_names, a.runs, a.peer_runs, a.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
