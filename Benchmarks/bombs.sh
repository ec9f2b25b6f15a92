#!/usr/bin/env bash
# Issue 13, "bombs: bounded, whatever the file claims": makes the bomb inputs (Benchmarks/make_bombs.py
# for ONNX, JSON, GGUF, SyNAP; Benchmarks/make_pickle_bombs.py for pickles and torch archives) in a scratch folder outside the repository and runs `synap-tool inspect` and `scan` on each,
# printing wall time, peak RSS and the exit status. The target: every input under 5 s and
# 1 GiB, exit 0, 1 or 3, never a signal.
#
# Usage: Benchmarks/bombs.sh [SCRATCH]   (default ${TMPDIR:-/tmp}/synap-bombs; kept for reuse)
# Env:   SYNAP_TOOL=BIN  the binary (default: the deployment build, see common.sh)
#        BOMB_NODES=N    nodes of the ONNX bombs (default 10^7)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

scratch="${1:-${TMPDIR:-/tmp}/synap-bombs}"
mkdir -p "$scratch"
if [[ ! -f "$scratch/.made-${BOMB_NODES:-10000000}" ]]; then
  note "writing the bomb inputs to $scratch"
  python3 "$bench/make_bombs.py" "$scratch" --nodes "${BOMB_NODES:-10000000}" || exit 2
  touch "$scratch/.made-${BOMB_NODES:-10000000}"
fi
if [[ ! -f "$scratch/.made-pickles" ]]; then
  python3 "$bench/make_pickle_bombs.py" "$scratch" >/dev/null || exit 2
  touch "$scratch/.made-pickles"
fi
[[ -x /usr/bin/time ]] || debian_package time || { note "GNU time (/usr/bin/time) is needed for peak RSS"; exit 2; }
deployment_binary
[[ -n "$tool" ]] || exit 2

failed=0
printf '%-34s %-8s %8s %10s %5s  %s\n' input command seconds "RSS MiB" exit verdict
for input in "$scratch"/*.onnx "$scratch"/*.safetensors "$scratch"/*.gguf "$scratch"/*.json "$scratch"/*.synap \
             "$scratch"/*-config "$scratch"/*.pkl "$scratch"/*.pt "$scratch"/*.zip; do
  [[ -e "$input" ]] || continue
  for command in inspect scan; do
    log="$scratch/.time.log"
    /usr/bin/time -v "$tool" "$command" "$input" >/dev/null 2>"$log"
    status=$?
    seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log")
    signal=$(grep -o 'Command terminated by signal [0-9]*' "$log")
    verdict=ok
    if [[ -n "$signal" || ! "$status" =~ ^(0|1|3)$ ]]; then verdict="FAIL ($signal exit $status)"; fi
    if awk -v s="$seconds" -v r="$rss" 'BEGIN { exit !(s >= 5 || r >= 1024) }'; then verdict="FAIL (over 5 s or 1 GiB)"; fi
    [[ "$verdict" == ok ]] || failed=1
    printf '%-34s %-8s %8s %10s %5s  %s\n' "$(basename "$input")" "$command" "$seconds" "$rss" "$status" "$verdict"
  done
done
exit $failed
