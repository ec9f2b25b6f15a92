#!/usr/bin/env bash
# Benchmarks `synap-tool convert` against a plain copy of the same bytes (cp) and the Python way
# (everything read into memory, then written): PyTorch → safetensors on a generated 2 GB state_dict,
# resharding its output into 500 MB shards, ONNX externalise and embed on the generated 1.5 GB model.
# Prints wall seconds and peak RSS (GNU time) of each, best of CV_RUNS.
#
# Env: SYNAP_TOOL=BIN (else a static release build in .build-convert-static), CV_RUNS=N (3),
#      BIG_ONNX=FILE (else made by make_big_onnx.py in the venv of onnx.sh), CV_SKIP_ONNX=1 to leave ONNX out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/Benchmarks"
work="$bench/work/convert"
mkdir -p "$work"
export PYTHONDONTWRITEBYTECODE=1
tool="${SYNAP_TOOL:-}"
if [[ -z "$tool" ]]; then
  (cd "$root" && swift build -c release --static-swift-stdlib --product synap-tool --scratch-path "$root/.build-convert-static" >&2)
  tool="$root/.build-convert-static/release/synap-tool"
fi
runs="${CV_RUNS:-3}"
pt="$work/state_dict-2g.pt"
[[ -f "$pt" ]] || python3 "$bench/make_big_state_dict.py" "$pt"

# best WALL and its RSS over $runs runs of the command (outputs removed between runs)
measure() { # LABEL CLEANUP -- COMMAND…
  local label="$1" cleanup="$2"; shift 3
  local best="" rss=""
  for _ in $(seq "$runs"); do
    eval "$cleanup"
    sync
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; return 1; }
    read -r wall kb < "$work/time.txt"
    if [[ -z "$best" ]] || awk "BEGIN{exit !($wall < $best)}"; then best="$wall"; rss="$kb"; fi
  done
  printf '%-44s %8.2f s %9.1f MiB\n' "$label" "$best" "$(awk "BEGIN{print $rss/1024}")"
}

printf '%-44s %10s %13s\n' "case (best of $runs)" "wall" "peak RSS"
measure "cp state_dict-2g.pt" "rm -f $work/copy.bin" -- cp "$pt" "$work/copy.bin"
measure "synap-tool convert --to safetensors" "rm -f $work/out.safetensors" -- \
  "$tool" convert -q "$pt" --to safetensors "$work/out.safetensors"
measure "python (read all, write; no torch)" "rm -f $work/peer.safetensors" -- \
  python3 "$bench/convert_peer.py" "$pt" "$work/peer.safetensors"
measure "cp out.safetensors" "rm -f $work/copy.bin" -- cp "$work/out.safetensors" "$work/copy.bin"
measure "synap-tool convert --reshard 500MB" "rm -rf $work/shards" -- \
  "$tool" convert -q "$work/out.safetensors" --reshard 500MB "$work/shards"
rm -f "$work/copy.bin" "$work/peer.safetensors"

if [[ -z "${CV_SKIP_ONNX:-}" ]]; then
  big="${BIG_ONNX:-$bench/work/big-1.5gb.onnx}"
  if [[ ! -f "$big" ]]; then
    venv="${BENCH_VENV:-$bench/work/venv}"
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$bench/requirements.txt"
    "$venv/bin/python" "$bench/make_big_onnx.py" "$big"
  fi
  measure "cp big-1.5gb.onnx" "rm -f $work/copy.bin" -- cp "$big" "$work/copy.bin"
  measure "synap-tool convert --external-data" "rm -f $work/ext.onnx $work/ext.onnx.data" -- \
    "$tool" convert -q "$big" --external-data "$work/ext.onnx"
  measure "synap-tool convert --embed" "rm -f $work/back.onnx" -- "$tool" convert -q "$work/ext.onnx" --embed "$work/back.onnx"
  cmp "$big" "$work/back.onnx" && echo "externalised then embedded: byte-identical to the input"
  rm -f "$work/copy.bin" "$work/back.onnx"
fi
