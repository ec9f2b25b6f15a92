#!/usr/bin/env bash
# Benchmarks `synap-tool scan`/`inspect` on PyTorch files against picklescan, modelscan and fickling.
#
# Env: SYNAP_TOOL=BIN (else a static release build in .build-static), MODEL_CORPUS=DIR (../shared/corpus),
#      BENCH_VENV=DIR (Benchmarks/work/pt-venv), BENCH_RUNS=N (20), BENCH_PEER_RUNS=N (5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/Benchmarks/work"
mkdir -p "$work"
export PYTHONDONTWRITEBYTECODE=1
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null 2>&1 || true; }
tool="${SYNAP_TOOL:-}"
if [[ -z "$tool" ]]; then
  (cd "$root" && swift build -c release --static-swift-stdlib --product synap-tool --scratch-path "$root/.build-static" >&2)
  tool="$root/.build-static/release/synap-tool"
fi
venv="${BENCH_VENV:-$work/pt-venv}"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/Benchmarks/pt-requirements.txt"
"$venv/bin/python" "$root/Benchmarks/pt_bench.py" --tool "$tool" --corpus "${MODEL_CORPUS:-$root/../shared/corpus}" \
  --work "$work" --venv "$venv" --runs "${BENCH_RUNS:-20}" --peer-runs "${BENCH_PEER_RUNS:-5}" --json "$work/pt-bench.json"
