#!/usr/bin/env bash
# Benchmarks `synap-tool inspect FILE.onnx --json` against onnx.load (see Benchmarks/README.md, "ONNX").
#
# Env: SYNAP_TOOL=BIN       use this binary instead of building one
#      SWIFT_SCRATCH=DIR    swift build --scratch-path (default .build-static)
#      MODEL_CORPUS=DIR     where to find the largest *.onnx (default ../shared/corpus beside the repo)
#      BENCH_VENV=DIR       venv for the peer (default Benchmarks/work/venv)
#      BENCH_RUNS=N (30), BENCH_PEER_RUNS=N (10)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/Benchmarks"
work="$bench/work"
mkdir -p "$work"
export PYTHONDONTWRITEBYTECODE=1
note() { printf '== %s\n' "$*" >&2; }

command -v hyperfine >/dev/null || { [[ "$(id -u)" -eq 0 ]] && apt-get install -y -qq hyperfine >/dev/null 2>&1; } \
  || note "hyperfine unavailable: timing with a subprocess loop"

tool="${SYNAP_TOOL:-}"
if [[ -z "$tool" ]]; then
  scratch="${SWIFT_SCRATCH:-$root/.build-static}"
  note "swift build -c release --static-swift-stdlib --product synap-tool --scratch-path $scratch"
  if (cd "$root" && swift build -c release --static-swift-stdlib --product synap-tool --scratch-path "$scratch" >&2); then
    tool="$scratch/release/synap-tool"
  else
    note "swift build failed: measuring the peer only"
  fi
fi

venv="${BENCH_VENV:-$work/venv}"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$bench/requirements.txt"

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
