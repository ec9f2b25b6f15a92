#!/usr/bin/env bash
# Benchmarks `synap-tool inspect --json` and `synap-tool validate` against Python peers (see Benchmarks/README.md).
#   Benchmarks/run.sh            both
#   Benchmarks/run.sh validate   only `validate` (llama3.1-8b and gpt-oss-120b checkpoints)
#
# Env: SYNAP_TOOL=BIN   use this binary instead of building one
#      SWIFT_SCRATCH=DIR  swift build --scratch-path (default .build-static, binary at .build-static/release/synap-tool)
#      MODEL_CORPUS=DIR   where to find the largest *.gguf (default ../shared/corpus beside the repo)
#      BENCH_VENV=DIR     venv for the peers (default Benchmarks/work/venv)
#      BENCH_RUNS=N (30), BENCH_PEER_RUNS=N (10)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
measuring_tools
deployment_binary
peer_venv "$bench/requirements.txt"

# `validate` against a Python peer doing the same checks: sparse llama3.1-8b and gpt-oss-120b checkpoints.
validate_bench() {
  if [[ -z "$tool" ]]; then note "synap-tool missing: skipping the validate benchmark"; return; fi
  "$venv/bin/python" "$bench/validate_bench.py" --tool "$tool" --work "$work" \
    --runs "${BENCH_RUNS:-30}" --peer-runs "${BENCH_PEER_RUNS:-10}" --json "$work/validate-results.json"
}
if [[ "${1:-}" == "validate" ]]; then
  validate_bench
  exit 0
fi

# Inputs: a sparse, shape-true Llama-3.1-8B checkpoint, a generated ~15 MB vocab-only GGUF, and the
#    largest GGUF of the corpus.
"$venv/bin/python" "$bench/make_sparse_llama.py" "$work/llama-3.1-8b" >&2
"$venv/bin/python" "$bench/make_vocab_gguf.py" "$work/vocab-15mb.gguf" >&2
corpus="${MODEL_CORPUS:-$root/../shared/corpus}"
gguf=""
if [[ -d "$corpus" ]]; then
  corpus="$(cd "$corpus" && pwd -P)"
  gguf="$(find -L "$corpus" -type f -name '*.gguf' -printf '%s\t%p\n' | sort -n | tail -n 1 | cut -f2-)"
fi
[[ -n "$gguf" ]] || note "no *.gguf under $corpus: skipping the GGUF case"

# 6. Measure and report.
"$venv/bin/python" "$bench/measure.py" --tool "$tool" --checkpoint "$work/llama-3.1-8b" --gguf "$gguf" \
  --gguf-vocab "$work/vocab-15mb.gguf" \
  --runs "${BENCH_RUNS:-30}" --peer-runs "${BENCH_PEER_RUNS:-10}" --json "$work/results.json"
validate_bench
