"""PyTorch and pickle benchmark: `synap-tool scan` and `inspect --json` against picklescan, modelscan and
fickling on the largest corpus checkpoints and a generated 20,000-tensor torch.save state dict, plus every
tool's verdict on every corpus pickle (see Benchmarks/README.md).

    python pt_bench.py --tool BIN --corpus DIR --work DIR [--runs N] [--peer-runs N] [--json OUT]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts" / "fixtures"))
ENV = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
TARGET_SPEEDUP = 8.0


def make_state_dict(path: Path, tensors: int = 20_000) -> Path:
    """A torch.save ZIP whose data.pkl holds `tensors` small F32 tensors under dotted names."""
    import fx_pytorch as fx
    if path.exists():
        return path
    state = collections.OrderedDict()
    for i in range(tensors):
        storage = fx.Storage("FloatStorage", str(i), fx._floats(float(i), 1.0))
        state[f"model.layers.{i // 10}.block.{i % 10}.weight"] = fx.Tensor(storage, (2,), (1,))
    path.write_bytes(fx._torch_save(state, "state_20k"))
    return path


def wall_ms(cmd: list[str], runs: int) -> float:
    """Median wall time of cmd in milliseconds (hyperfine when present); failing exit codes are fine."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(["hyperfine", "-N", "-i", "--style", "none", "--warmup", "1", "--runs", str(runs),
                            "--export-json", out.name, shlex.join(cmd)], check=True, env=ENV,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return json.load(open(out.name))["results"][0]["median"] * 1e3
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def tools(tool: str, venv: Path) -> dict[str, list[str]]:
    bin_ = venv / "bin"
    found = {}
    if tool:
        found["synap-tool scan"] = [tool, "scan"]
        found["synap-tool inspect --json"] = [tool, "inspect", "--json", "--fail-on", "never"]
    found["picklescan"] = [str(bin_ / "picklescan"), "--path"]
    found["modelscan"] = [str(bin_ / "modelscan"), "-p"]
    found["fickling"] = [str(bin_ / "fickling"), "--check-safety"]
    return found


def verdict(name: str, cmd: list[str], path: Path) -> str:
    """safe / unsafe / error / skipped, from each tool's exit code (and modelscan's skip notice)."""
    run = subprocess.run(cmd + [str(path)], capture_output=True, text=True, env=ENV)
    if name.startswith("synap-tool inspect"):
        try:
            return json.loads(run.stdout).get("verdict", "no-pickle")
        except json.JSONDecodeError:
            return "error"
    if name == "modelscan" and run.returncode == 0 and "No issues found" not in run.stdout:
        return "skipped"
    return {0: "safe", 1: "unsafe"}.get(run.returncode, "error")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", default="")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--venv", default=str(Path(sys.executable).parent.parent))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--peer-runs", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    corpus, work = Path(args.corpus), Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus = corpus.resolve()
    args.tool = str(Path(args.tool).resolve()) if args.tool else ""
    os.chdir(work)  # fickling writes safety_results.json into the working folder
    found = tools(args.tool, Path(args.venv))
    inputs = {
        "silero_vad.jit (TorchScript, 2.3 MB)": corpus / "torchscript/silero-vad/silero_vad.jit",
        "pytorch_model.bin (legacy, 245 kB)": corpus / "pytorch-legacy/picklescan/pytorch_model.bin",
        "state dict, 20,000 tensors (torch.save ZIP)": make_state_dict(work / "state-20k.pt"),
    }
    timings: dict[str, dict[str, float]] = {}
    print(f"{'input':46} " + " ".join(f"{n:>26}" for n in found))
    for label, path in inputs.items():
        if not path.exists():
            print(f"{label}: missing, skipped")
            continue
        row = {}
        for name, cmd in found.items():
            row[name] = wall_ms(cmd + [str(path)], args.runs if name.startswith("synap") else args.peer_runs)
        timings[label] = row
        print(f"{label:46} " + " ".join(f"{row[n]:>23.1f} ms" for n in found))
        # Only peers that give a verdict on this input count (fickling stops at once on ZIP archives).
        answered = {n: verdict(n, found[n], path) for n in found if not n.startswith("synap")}
        peers = {n: row[n] for n, v in answered.items() if v in ("safe", "unsafe")}
        print(f"{'':46} peer verdicts: " + ", ".join(f"{n} {v}" for n, v in answered.items()))
        if args.tool and peers:
            fastest = min(peers, key=peers.get)
            speedup = peers[fastest] / row["synap-tool scan"]
            mark = "meets" if speedup >= TARGET_SPEEDUP else "MISSES"
            print(f"{'':46} scan is {speedup:.1f}x faster than {fastest}, the fastest peer with a verdict ({mark} the {TARGET_SPEEDUP:.0f}x target)")
    # Verdicts on every corpus pickle-bearing file.
    files = sorted(p for d in ("pickle-scan", "pytorch-zip", "pytorch-legacy", "torchscript") for p in (corpus / d).rglob("*") if p.is_file())
    verdicts = {}
    print(f"\n{'file':58} " + " ".join(f"{n:>26}" for n in found))
    for path in files:
        expected_path = corpus / "expected" / (str(path.relative_to(corpus)) + ".json")
        expected = json.loads(expected_path.read_text()).get("verdict", "?") if expected_path.exists() else "?"
        row = {name: verdict(name, cmd, path) for name, cmd in found.items()}
        verdicts[str(path.relative_to(corpus))] = {"expected": expected, **row}
        cells = " ".join(f"{(v if v == expected else v + ' ✗'):>26}" for v in row.values())
        print(f"{str(path.relative_to(corpus))[:46]:46} ({expected:>6}) {cells}")
    right = {name: sum(1 for v in verdicts.values() if v[name] == v["expected"]) for name in found}
    print(f"{'verdicts matching the reference':58} " + " ".join(f"{f'{right[n]}/{len(verdicts)}':>26}" for n in found))
    if args.json:
        Path(args.json).write_text(json.dumps({"timings_ms": timings, "verdicts": verdicts}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
