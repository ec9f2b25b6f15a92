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

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/Benchmarks"
work="$bench/work"
mkdir -p "$work"
export PYTHONDONTWRITEBYTECODE=1

note() { printf '== %s\n' "$*" >&2; }

# 1. Measuring tools from Debian, when missing (hyperfine: wall time; GNU time: peak RSS).
apt_install() {
  command -v apt-get >/dev/null && [[ "$(id -u)" -eq 0 ]] || return 1
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null 2>&1; }
}
command -v hyperfine >/dev/null || apt_install hyperfine || note "hyperfine unavailable: timing with a subprocess loop"
[[ -x /usr/bin/time ]] || apt_install time || note "GNU time unavailable: peak RSS from os.wait4"

# 2. The binary.
tool="${SYNAP_TOOL:-}"
if [[ -z "$tool" ]]; then
  # The deployment build: the Swift runtime linked in statically starts ~3 ms sooner (no dynamic symbol binding).
  scratch="${SWIFT_SCRATCH:-$root/.build-static}"
  note "swift build -c release --static-swift-stdlib --product synap-tool --scratch-path $scratch"
  if (cd "$root" && swift build -c release --static-swift-stdlib --product synap-tool --scratch-path "$scratch" >&2); then
    tool="$scratch/release/synap-tool"
  else
    note "swift build failed"
  fi
fi
if [[ -n "$tool" && ! -x "$tool" ]]; then
  note "no synap-tool binary at $tool"
  tool=""
fi
[[ -n "$tool" ]] || note "synap-tool missing (set SYNAP_TOOL=/path/to/synap-tool or fix the build): measuring the peers only"

# 3. The peers, pinned.
venv="${BENCH_VENV:-$work/venv}"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$bench/requirements.txt"

# 4. `validate` against a Python peer doing the same checks: sparse llama3.1-8b and gpt-oss-120b checkpoints.
validate_bench() {
  if [[ -z "$tool" ]]; then note "synap-tool missing: skipping the validate benchmark"; return; fi
  "$venv/bin/python" "$bench/validate_bench.py" --tool "$tool" --work "$work" \
    --runs "${BENCH_RUNS:-30}" --peer-runs "${BENCH_PEER_RUNS:-10}" --json "$work/validate-results.json"
}
if [[ "${1:-}" == "validate" ]]; then
  validate_bench
  exit 0
fi

# 5. Inputs: a sparse, shape-true Llama-3.1-8B checkpoint, a generated ~15 MB vocab-only GGUF, and the
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
