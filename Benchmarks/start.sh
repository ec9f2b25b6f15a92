#!/usr/bin/env bash
# The CLI's start, before and after a change (issue 15: the server stack must not slow synap-tool down).
#
#   Benchmarks/start.sh [BEFORE_BINARY]
#
# Times the deployment build (what scripts/install.sh installs; SYNAP_TOOL=BIN to name one) on
# `--version` and on `inspect` of a small ONNX file, side by side with BEFORE_BINARY when given (a
# deployment build of an earlier commit), and prints the ratios. It also checks that the binary
# holds none of the server or network stack (Hummingbird, SwiftNIO, AsyncHTTPClient, jwt-kit, SQLite,
# multipart-kit symbols): remote inputs are synap-tool-remote's, beside it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
measuring_tools
deployment_binary
[[ -n "$tool" ]] || exit 1
before="${1:-}"
small="$root/Fixtures/onnx/$(cd "$root/Fixtures/onnx" && ls *.onnx | head -1)"

stack=$(nm -C "$tool" 2>/dev/null | grep -cE 'Hummingbird|NIOPosix|AsyncHTTPClient|JWTKit|SQLiteNIO|MultipartKit|ServiceLifecycle' || true)
echo "server-stack symbols in $(basename "$tool"): $stack (must be 0)"
[[ "$stack" -eq 0 ]] || { echo "FAIL: synap-tool links the server stack"; exit 1; }

mean_ms() {  # COMMAND… -> mean wall time in ms (hyperfine, 300 runs after 30 warm-ups)
  hyperfine -N --warmup 30 --runs 300 --export-json "$work/start.json" "$*" >/dev/null 2>&1
  python3 -c "import json;print('%.2f' % (json.load(open('$work/start.json'))['results'][0]['median']*1000))"
}

printf '%-32s %12s %12s %8s\n' "command" "now (ms)" "before (ms)" "ratio"
for args in "--version" "inspect $small"; do
  now=$(mean_ms "$tool" $args)
  if [[ -n "$before" ]]; then
    then_=$(mean_ms "$before" $args)
    ratio=$(python3 -c "print('%.2f' % ($now / $then_))")
  else
    then_="-"; ratio="-"
  fi
  label="${args/$root\//}"
  printf '%-32s %12s %12s %8s\n' "${label:0:32}" "$now" "$then_" "$ratio"
done
echo "(medians of 300 runs each; ratio = now / before)"
