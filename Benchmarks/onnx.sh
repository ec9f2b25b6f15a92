#!/usr/bin/env bash
# Benchmarks `synap-tool inspect FILE.onnx --json` against onnx.load (see Benchmarks/README.md, "ONNX").
#
# Env: SYNAP_TOOL=BIN       use this binary instead of building one
#      SWIFT_SCRATCH=DIR    swift build --scratch-path (default .build-static)
#      MODEL_CORPUS=DIR     where to find the largest *.onnx (default ../shared/corpus beside the repo)
#      BENCH_VENV=DIR       venv for the peer (default Benchmarks/work/venv)
#      BENCH_RUNS=N (30), BENCH_PEER_RUNS=N (10)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
measuring_tools
deployment_binary
peer_venv "$bench/requirements.txt"

big="$work/big-1.5gb.onnx"
[[ -f "$big" ]] || "$venv/bin/python" "$bench/make_big_onnx.py" "$big"

corpus="${MODEL_CORPUS:-$root/../shared/corpus}"
real=()
if [[ -d "$corpus" ]]; then
  while IFS= read -r file; do real+=("$file"); done < <(find -L "$corpus" -type f -name '*.onnx' -printf '%s\t%p\n' \
    | sort -n | tail -n 2 | cut -f2-)
fi
[[ ${#real[@]} -gt 0 ]] || note "no *.onnx under $corpus: only the generated model"

"$venv/bin/python" "$bench/onnx_bench.py" --tool "$tool" --big "$big" --corpus "${real[@]}" \
  --runs "${BENCH_RUNS:-30}" --peer-runs "${BENCH_PEER_RUNS:-10}" --json "$work/onnx-results.json"
