#!/usr/bin/env bash
# Benchmarks `synap-tool inspect --json` on TFLite models against the Python `tflite` package (see Benchmarks/README.md):
# a generated 1.2 GB decoder (make_large_tflite.py) and the largest *.tflite of the corpus.
#
# Env: SYNAP_TOOL=BIN      use this binary instead of building one
#      SWIFT_SCRATCH=DIR   swift build --scratch-path (default .build-static, binary at DIR/release/synap-tool)
#      MODEL_CORPUS=DIR    where to find the largest *.tflite (default ../shared/corpus beside the repo)
#      BENCH_VENV=DIR      venv for the peer (default Benchmarks/work/venv)
#      BENCH_RUNS=N (30), BENCH_PEER_RUNS=N (10)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
measuring_tools
deployment_binary
peer_venv "$bench/requirements.txt"

large="$work/decoder-1.2gb.tflite"
"$venv/bin/python" "$bench/make_large_tflite.py" "$large"
corpus="${MODEL_CORPUS:-$root/../shared/corpus}"
largest=""
if [[ -d "$corpus" ]]; then
  largest="$(find -L "$(cd "$corpus" && pwd -P)" -type f -name '*.tflite' -printf '%s\t%p\n' | sort -n | tail -n 1 | cut -f2-)"
fi
[[ -n "$largest" ]] || note "no *.tflite under $corpus: skipping the corpus case"

"$venv/bin/python" "$bench/tflite_bench.py" --tool "$tool" --large "$large" --corpus "$largest" \
  --runs "${BENCH_RUNS:-30}" --peer-runs "${BENCH_PEER_RUNS:-10}" --json "$work/tflite-results.json"
