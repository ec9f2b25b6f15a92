#!/usr/bin/env bash
# Benchmarks `synap-tool scan`/`inspect` on PyTorch files against picklescan, modelscan and fickling.
#
# Env: SYNAP_TOOL=BIN (else a static release build in .build-static), MODEL_CORPUS=DIR (../shared/corpus),
#      BENCH_VENV=DIR (Benchmarks/work/pt-venv), BENCH_RUNS=N (20), BENCH_PEER_RUNS=N (5)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
measuring_tools
deployment_binary
[[ -n "$tool" ]] || exit 1
peer_venv "$bench/pt-requirements.txt" "$work/pt-venv"
"$venv/bin/python" "$root/Benchmarks/pt_bench.py" --tool "$tool" --corpus "${MODEL_CORPUS:-$root/../shared/corpus}" \
  --work "$work" --venv "$venv" --runs "${BENCH_RUNS:-20}" --peer-runs "${BENCH_PEER_RUNS:-5}" --json "$work/pt-bench.json"
