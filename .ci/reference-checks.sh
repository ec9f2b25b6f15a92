#!/usr/bin/env bash
# Reference checks (issue 9): the formats' own tools, pinned from PyPI, check what `synap-tool convert`
# writes. Never part of `swift test` (which must not need the network).
#
#   PyTorch -> safetensors: every torch.save file of the corpus and Fixtures/, plus layouts made by
#     scripts/reference-check/make_cases.py (views, strides, dtypes, byte orders), is converted; each
#     output is loaded by safetensors and compared, tensor by tensor and byte for byte, with the source
#     read by a safe reference unpickler (check_safetensors.py; no torch). Inputs the tool refuses
#     (exit 3: unsafe pickles, bare pickles, ...) are listed; a file the corpus marks unsafe must be refused.
#   ONNX external data: every ONNX model of the corpus and Fixtures/ is externalised with
#     --threshold 0 and with the default, then embedded again; onnx.checker must accept each rewrite,
#     onnx.load must give the original model, onnxruntime the same outputs on a fixed input, and the
#     embedded copy must be the original's bytes (check_onnx.py).
#   JSON Schemas: `inspect --json` of every corpus file and fixture, `scan`, `checksum` and `validate`
#     are validated against docs/schema/*.json by the jsonschema package (check_schemas.py).
#
#   .ci/reference-checks.sh                          throw-away venv
#   REFCHECK_VENV=/tmp/refvenv .ci/reference-checks.sh   reuse (or create) a venv there
#
# MODEL_CORPUS names the corpus (default ../shared/corpus); SYNAP_TOOL a binary to use instead of
# `swift build --product synap-tool`; PYTHON the interpreter for the venv. Without PyPI this fails
# when CI=true and skips otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
here="scripts/reference-check"
corpus="${MODEL_CORPUS:-$(cd "$root/.." && pwd)/shared/corpus}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
venv="${REFCHECK_VENV:-$scratch/venv}"
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of scripts/
start=$SECONDS
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

echo "== reference checks (scripts/reference-check) =="

# 1. The reference tools, pinned.
t0=$SECONDS
if [[ ! -x "$venv/bin/python" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --retries 2 --timeout 30 \
    -r "$here/requirements.txt" >"$scratch/pip.log" 2>&1; then
  tail -n 15 "$scratch/pip.log"
  if [[ "${CI:-}" == "true" ]]; then
    echo "FAIL: pip could not install $here/requirements.txt (is PyPI reachable?); the reference checks need it in CI"
    exit 1
  fi
  if grep -qiE 'connection|resolve|network|timed? ?out|unreachable|No matching distribution' "$scratch/pip.log"; then
    echo "skipped: PyPI unreachable"
    exit 0
  fi
  echo "FAIL: pip install -r $here/requirements.txt failed"
  exit 1
fi
py="$venv/bin/python"
pip_time=$((SECONDS - t0))

# 2. The tool.
t0=$SECONDS
if [[ -n "${SYNAP_TOOL:-}" ]]; then
  tool="$SYNAP_TOOL"
else
  if ! swift build --product synap-tool >"$scratch/build.log" 2>&1; then
    tail -n 30 "$scratch/build.log"
    echo "FAIL: swift build --product synap-tool"
    exit 1
  fi
  tool="$(swift build --show-bin-path)/synap-tool"
fi
build_time=$((SECONDS - t0))
t0=$SECONDS

# 3. PyTorch -> safetensors.
pt_inputs=()
if [[ -d "$corpus" ]]; then
  for sub in pytorch-zip pytorch-legacy pickle-scan torchscript; do
    [[ -d "$corpus/$sub" ]] || continue
    while IFS= read -r -d '' f; do pt_inputs+=("$f"); done < <(find "$corpus/$sub" -type f -print0 | sort -z)
  done
else
  echo "no corpus at $corpus: Fixtures/ and generated cases only"
fi
while IFS= read -r -d '' f; do pt_inputs+=("$f"); done < <(find Fixtures/pytorch -type f -print0 | sort -z)
while IFS= read -r -d '' f; do pt_inputs+=("$f"); done < <(find Fixtures/checkpoint -name '*.bin' -type f -print0 | sort -z)
"$py" "$here/make_cases.py" "$scratch/cases" >/dev/null
while IFS= read -r -d '' f; do pt_inputs+=("$f"); done < <(find "$scratch/cases" -name '*.pt' -type f -print0 | sort -z)

mkdir -p "$scratch/safetensors"
: >"$scratch/safetensors.list"
refused_pt=()
n=0
convert_pt() {  # SOURCE [KEY]
  local src="$1" key="${2:-}" out rc=0
  n=$((n + 1))
  out="$scratch/safetensors/$n.safetensors"
  local args=(convert to-safetensors "$src" "$out" -q)
  [[ -n "$key" ]] && args+=(--key "$key")
  "$tool" "${args[@]}" >/dev/null 2>"$scratch/err" || rc=$?
  local expected="$corpus/expected/${src#"$corpus/"}.json"
  case "$rc" in
    0)
      if [[ "$src" == "$corpus/"* && -f "$expected" ]] && grep -qE '"verdict": *"unsafe"' "$expected"; then
        fail "$src: converted (exit 0), but the corpus marks it unsafe"
      fi
      printf '%s\t%s\t%s\n' "$src" "$out" "$key" >>"$scratch/safetensors.list" ;;
    3) refused_pt+=("${src#"$corpus/"}: $(tr '\n' ' ' <"$scratch/err")") ;;
    *) fail "$src: synap-tool convert exited $rc: $(cat "$scratch/err")" ;;
  esac
}
for f in "${pt_inputs[@]}"; do convert_pt "$f"; done
convert_pt Fixtures/pytorch/state_dict.pt model

echo "-- PyTorch -> safetensors: ${#pt_inputs[@]} inputs (+1 with --key), ${#refused_pt[@]} refused by synap-tool (exit 3):"
for r in "${refused_pt[@]}"; do echo "    refused: $r"; done
converted=$(wc -l <"$scratch/safetensors.list")
if [[ "$converted" -gt 0 ]]; then
  if ! "$py" "$here/check_safetensors.py" --list "$scratch/safetensors.list" --known-wrong "$here/known-wrong.txt" \
      | tee "$scratch/safetensors.out"; then
    fail "check_safetensors.py: some conversions differ from the reference (above)"
  fi
fi

# 4. ONNX --external-data (threshold 0 and default), then --embed.
onnx_inputs=()
if [[ -d "$corpus/onnx" ]]; then
  while IFS= read -r -d '' f; do onnx_inputs+=("$f"); done < <(find "$corpus/onnx" -name '*.onnx' -type f -print0 | sort -z)
fi
while IFS= read -r -d '' f; do onnx_inputs+=("$f"); done < <(find Fixtures/onnx -name '*.onnx' -type f -print0 | sort -z)
# Models that already keep data outside: also rewritten beside a copy of their folder, where the
# locations they name resolve.
mapfile -t has_external < <("$py" - "${onnx_inputs[@]}" <<'EOF'
import sys, onnx
for path in sys.argv[1:]:
    model = onnx.load(path, load_external_data=False)
    if any(t.data_location == onnx.TensorProto.EXTERNAL for t in model.graph.initializer):
        print(path)
EOF
)

mkdir -p "$scratch/onnx"
: >"$scratch/onnx.list"
refused_onnx=()
rewrite() {  # SOURCE OUTDIR LABEL [--threshold 0]
  local src="$1" dir="$2" label="$3" rc=0
  shift 3
  mkdir -p "$dir"
  "$tool" convert external-data "$src" "$dir/rewritten.onnx" "$@" -q >/dev/null 2>"$scratch/err" || rc=$?
  case "$rc" in
    0) ;;
    3) refused_onnx+=("$label: $(tr '\n' ' ' <"$scratch/err")"); return ;;
    *) fail "$label: synap-tool convert external-data exited $rc: $(cat "$scratch/err")"; return ;;
  esac
  rc=0
  "$tool" convert embed "$dir/rewritten.onnx" "$dir/embedded.onnx" -q >/dev/null 2>"$scratch/err" || rc=$?
  if [[ "$rc" -ne 0 ]]; then
    fail "$label: synap-tool convert embed of the rewrite exited $rc: $(cat "$scratch/err")"
    return
  fi
  printf '%s\t%s\t%s\t%s\n' "$src" "$dir/rewritten.onnx" "$dir/embedded.onnx" "$label" >>"$scratch/onnx.list"
}
n=0
for f in "${onnx_inputs[@]}"; do
  n=$((n + 1))
  name="${f#"$corpus/"}"
  rewrite "$f" "$scratch/onnx/$n-t0" "$name (threshold 0)" --threshold 0
  rewrite "$f" "$scratch/onnx/$n-default" "$name (default threshold)"
done
for f in "${has_external[@]}"; do
  n=$((n + 1))
  copy="$scratch/onnx/$n-beside"
  mkdir -p "$copy"
  find "$(dirname "$f")" -maxdepth 1 -type f -exec cp {} "$copy/" \;
  src="$copy/$(basename "$f")"
  rewrite "$src" "$copy" "${f#"$corpus/"} (default threshold, written beside it)"
  # And embedded straight from where it is, into another folder.
  rc=0
  "$tool" convert embed "$f" "$copy/embedded-direct.onnx" -q >/dev/null 2>"$scratch/err" || rc=$?
  if [[ "$rc" -eq 0 ]]; then
    printf '%s\t%s\t\t%s\n' "$f" "$copy/embedded-direct.onnx" "${f#"$corpus/"} (--embed)" >>"$scratch/onnx.list"
  else
    fail "${f#"$corpus/"}: synap-tool convert embed exited $rc: $(cat "$scratch/err")"
  fi
done

echo "-- ONNX: ${#onnx_inputs[@]} models x 2 thresholds, + ${#has_external[@]} with external data rewritten beside themselves and embedded; ${#refused_onnx[@]} rewrites refused by synap-tool (exit 3):"
for r in "${refused_onnx[@]}"; do echo "    refused: $r"; done
if [[ -s "$scratch/onnx.list" ]]; then
  if ! "$py" "$here/check_onnx.py" --list "$scratch/onnx.list" | tee "$scratch/onnx.out"; then
    fail "check_onnx.py: some rewrites fail the reference checks (above)"
  fi
fi
# 5. The published JSON Schemas, checked by jsonschema (a second validator beside the Swift tests').
if ! "$py" "$here/check_schemas.py" "$tool" "$corpus" | tee "$scratch/schemas.out"; then
  fail "check_schemas.py: some outputs break their schema in docs/schema (above)"
fi
check_time=$((SECONDS - t0))

echo "== reference checks: summary =="
grep -E '^safetensors: ' "$scratch/safetensors.out" 2>/dev/null || true
grep -B0 'KNOWN WRONG' "$scratch/safetensors.out" 2>/dev/null | sed 's/^/    /' || true
echo "PyTorch inputs refused by synap-tool: ${#refused_pt[@]} (listed above)"
grep -E '^onnx: ' "$scratch/onnx.out" 2>/dev/null || true
sed -n '/^skipped, by reason:/,$p' "$scratch/onnx.out" 2>/dev/null || true
echo "ONNX rewrites refused by synap-tool: ${#refused_onnx[@]} (listed above)"
grep -E '^schemas: ' "$scratch/schemas.out" 2>/dev/null || true
echo "time: $((SECONDS - start)) s (pip $pip_time s, build $build_time s, conversions and checks $check_time s)"
if [[ "$failures" -ne 0 ]]; then
  echo "reference checks FAILED ($failures)"
  exit 1
fi
echo "reference checks passed"
