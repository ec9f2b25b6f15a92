#!/usr/bin/env bash
# Benchmarks `synap-tool convert` against a plain copy of the same bytes (`cp`, which copies in the
# kernel with copy_file_range as we do), against the floor of what convert must do beyond a copy
# (one SHA-256 pass over its output: `openssl dgst -sha256` of that output, file in cache), and
# against the Python way (everything read into memory, then written): PyTorch → safetensors on the
# largest corpus checkpoint and a generated 2 GB state_dict, resharding that output into 500 MB
# shards, ONNX externalise and embed on the generated 1.5 GB model. Prints the best wall time of
# CV_RUNS runs (the page cache flushed to disk before each, `sync`) with its peak RSS, then ratios.
#
# Env: SYNAP_TOOL=BIN (else the deployment build, see common.sh), CV_RUNS=N (5), CV_NICE=-15 to run at
#      that priority (a busy machine), BIG_ONNX=FILE (else made by make_big_onnx.py in the peers' venv),
#      CV_SKIP_ONNX=1 to leave ONNX out, MODEL_CORPUS=DIR (../shared/corpus).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$work/convert"
mkdir -p "$out"
deployment_binary
[[ -n "$tool" ]] || exit 1
command -v openssl >/dev/null || debian_package openssl || { note "openssl is needed for the SHA-256 floor"; exit 1; }
runs="${CV_RUNS:-5}"
nice_prefix=()
[[ -n "${CV_NICE:-}" ]] && nice_prefix=(nice -n "$CV_NICE")
corpus="${MODEL_CORPUS:-$root/../shared/corpus}"
pt="$out/state_dict-2g.pt"
[[ -f "$pt" ]] || python3 "$bench/make_big_state_dict.py" "$pt"

declare -A best rss
# measure KEY CLEANUP COMMAND…: best wall time of $runs runs (outputs removed, dirty pages written back first).
measure() {
  local key="$1" cleanup="$2"; shift 2
  local wall kb
  best[$key]="" rss[$key]=""
  for _ in $(seq "$runs"); do
    eval "$cleanup"
    sync
    "${nice_prefix[@]}" /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" \
      || { cat "$out/stderr.txt" >&2; return 1; }
    read -r wall kb < "$out/time.txt"
    if [[ -z "${best[$key]}" ]] || awk "BEGIN{exit !($wall < ${best[$key]})}"; then best[$key]="$wall"; rss[$key]="$kb"; fi
  done
  printf '%-52s %8.2f s %9.1f MiB\n' "$key" "${best[$key]}" "$(awk "BEGIN{print ${rss[$key]}/1024}")"
}
ratio() { awk "BEGIN{printf \"%.2f\", ${best[$1]} / ${best[$2]}}"; }

printf '%-52s %10s %13s\n' "case (best of $runs)" "wall" "peak RSS"

# The largest PyTorch checkpoint of the corpus (small: process start dominates).
largest="$(find "$corpus/pytorch-zip" "$corpus/pytorch-legacy" -type f -printf '%s %p\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2-)"
if [[ -n "$largest" ]]; then
  measure "cp $(basename "$largest")" "rm -f $out/copy.bin" cp "$largest" "$out/copy.bin"
  measure "convert $(basename "$largest") --to safetensors" "rm -f $out/small.safetensors" \
    "$tool" convert to-safetensors -q "$largest" "$out/small.safetensors"
fi

measure "cp state_dict-2g.pt" "rm -f $out/copy.bin" cp "$pt" "$out/copy.bin"
measure "convert state_dict-2g.pt --to safetensors" "rm -f $out/out.safetensors" \
  "$tool" convert to-safetensors -q "$pt" "$out/out.safetensors"
measure "  the same, --verify (every byte compared)" "rm -f $out/out.safetensors" \
  "$tool" convert to-safetensors -q --verify "$pt" "$out/out.safetensors"
measure "  the same, --fsync" "rm -f $out/out.safetensors" \
  "$tool" convert to-safetensors -q --fsync "$pt" "$out/out.safetensors"
measure "openssl dgst -sha256 out.safetensors (floor)" ":" openssl dgst -sha256 "$out/out.safetensors"
measure "python (read all, write; no torch)" "rm -f $out/peer.safetensors" \
  python3 "$bench/convert_peer.py" "$pt" "$out/peer.safetensors"
measure "cp out.safetensors" "rm -f $out/copy.bin" cp "$out/out.safetensors" "$out/copy.bin"
measure "convert out.safetensors --reshard 500MB" "rm -rf $out/shards" \
  "$tool" convert reshard -q "$out/out.safetensors" "$out/shards" --max-shard-size 500MB
rm -f "$out/copy.bin" "$out/peer.safetensors"
echo
echo "state_dict → safetensors: $(ratio "convert state_dict-2g.pt --to safetensors" "cp state_dict-2g.pt")× cp," \
  "$(ratio "convert state_dict-2g.pt --to safetensors" "openssl dgst -sha256 out.safetensors (floor)")× the SHA-256 floor" \
  "(the floor is $(ratio "openssl dgst -sha256 out.safetensors (floor)" "cp state_dict-2g.pt")× cp)," \
  "python $(ratio "python (read all, write; no torch)" "convert state_dict-2g.pt --to safetensors")× slower"
echo "reshard: $(ratio "convert out.safetensors --reshard 500MB" "cp out.safetensors")× cp"

if [[ -z "${CV_SKIP_ONNX:-}" ]]; then
  big="${BIG_ONNX:-$work/big-1.5gb.onnx}"
  if [[ ! -f "$big" ]]; then
    peer_venv "$bench/requirements.txt"
    "$venv/bin/python" "$bench/make_big_onnx.py" "$big"
  fi
  echo
  measure "cp big-1.5gb.onnx" "rm -f $out/copy.bin" cp "$big" "$out/copy.bin"
  measure "convert big-1.5gb.onnx --external-data" "rm -f $out/ext.onnx $out/ext.onnx.data" \
    "$tool" convert external-data -q "$big" "$out/ext.onnx"
  measure "openssl dgst -sha256 ext.onnx.data (floor)" ":" openssl dgst -sha256 "$out/ext.onnx.data"
  measure "convert ext.onnx --embed" "rm -f $out/back.onnx" "$tool" convert embed -q "$out/ext.onnx" "$out/back.onnx"
  cmp "$big" "$out/back.onnx" && echo "externalised then embedded: byte-identical to the input"
  echo "externalise: $(ratio "convert big-1.5gb.onnx --external-data" "cp big-1.5gb.onnx")× cp," \
    "$(ratio "convert big-1.5gb.onnx --external-data" "openssl dgst -sha256 ext.onnx.data (floor)")× the SHA-256 floor;" \
    "embed: $(ratio "convert ext.onnx --embed" "cp big-1.5gb.onnx")× cp"
  rm -f "$out/copy.bin" "$out/back.onnx"
fi
