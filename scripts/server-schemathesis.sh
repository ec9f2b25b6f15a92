#!/usr/bin/env bash
# Runs schemathesis (PyPI, every version pinned in scripts/server-schemathesis-requirements.txt) against a live synap-server: the server's own
# /openapi.json, a token for projects 0, 1 and 12, one uploaded model so reads find data; checks
# that no answer is a 5xx and every answer conforms to the document (status, content type, schema).
#
# Usage: scripts/server-schemathesis.sh [SECONDS]   (time budget, default 60)
# Env: SYNAP_SERVER=path to the binary (default: build the debug one); SCHEMATHESIS_VENV=DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
budget="${1:-60}"
venv="${SCHEMATHESIS_VENV:-${TMPDIR:-/tmp}/synap-schemathesis-venv}"
[[ -x "$venv/bin/schemathesis" ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/server-schemathesis-requirements.txt; }
bin="${SYNAP_SERVER:-}"
if [[ -z "$bin" ]]; then
  swift build --product synap-server >/dev/null
  bin="$(swift build --show-bin-path)/synap-server"
fi
data="$(mktemp -d)"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

"$bin" serve --port 0 --data "$data" >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on http" "$data/server.log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.]*:[0-9]*' "$data/server.log" | head -1)"
[[ -n "$url" ]] || { echo "FAIL: the server printed no URL"; cat "$data/server.log"; exit 1; }
T="$("$bin" token --project 0 1 12 --data "$data")"
curl -sf -o /dev/null -H "Authorization: Bearer $T" -F name=vad -F model_file=@Fixtures/onnx/tiny.onnx \
  "$url/ml/projects/12/models/upload"

# Every check but positive_data_acceptance: a schema-valid form whose model_file is no model (any
# bytes are a valid `format: binary`) is rightly refused, and no schema can say "a model file".
# Run in the temporary folder: schemathesis keeps a .schemathesis/ cache where it runs.
(cd "$data" && "$venv/bin/schemathesis" run "$url/openapi.json" -H "Authorization: Bearer $T" --max-time "$budget" -w 2 \
  --checks all --exclude-checks positive_data_acceptance)
if grep -q "status=5" "$data/server.log"; then echo "FAIL: the server answered 5xx"; grep "status=5" "$data/server.log"; exit 1; fi
echo "server-schemathesis: ok"
