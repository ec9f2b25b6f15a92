#!/usr/bin/env bash
# Does what the README's server section shows, with curl, against a built synap-server: starts it
# on a free port with a temporary data folder, mints a token, uploads an ONNX model (201), a
# malicious pickle (400 unsafe_pickle), lists the project, downloads the file (same bytes), then
# stops the server with SIGTERM (a graceful shutdown, exit 0).
#
# Usage: scripts/server-smoke.sh     Env: SYNAP_SERVER=path to the binary (default: build the debug one)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="${SYNAP_SERVER:-}"
if [[ -z "$bin" ]]; then
  swift build --product synap-server >/dev/null
  bin="$(swift build --show-bin-path)/synap-server"
fi
data="$(mktemp -d)"
log="$data.log"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null || true; rm -rf "$data" "$log"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- server log"; cat "$log"; exit 1; }

"$bin" serve --port 0 --data "$data" >"$log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on http" "$log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -1)"
[[ -n "$url" ]] || fail "the server printed no URL"
grep -q "data: $data" "$log" || fail "the server did not say where its data lives"
echo "server at $url, data in $data"

T="$("$bin" token --project 12 --data "$data")"

status=$(curl -s -o "$data/upload.json" -w '%{http_code}' -H "Authorization: Bearer $T" \
  -F name=vad -F model_file=@Fixtures/onnx/tiny.onnx "$url/ml/projects/12/models/upload")
[[ "$status" == 201 ]] || fail "ONNX upload answered $status: $(cat "$data/upload.json")"
id=$(jq -r .data.id "$data/upload.json")
[[ "$(jq -r .data.format "$data/upload.json")" == onnx ]] || fail "format: $(cat "$data/upload.json")"
[[ "$(jq -r .data.sha256 "$data/upload.json")" == "$(sha256sum Fixtures/onnx/tiny.onnx | cut -d' ' -f1)" ]] || fail "sha256"
echo "upload: 201, model $id"

status=$(curl -s -o "$data/unsafe.json" -w '%{http_code}' -H "Authorization: Bearer $T" \
  -F name=evil -F model_file=@Fixtures/pytorch/unsafe.pt "$url/ml/projects/12/models/upload")
[[ "$status" == 400 && "$(jq -r .error.code "$data/unsafe.json")" == unsafe_pickle ]] \
  || fail "malicious pickle answered $status: $(cat "$data/unsafe.json")"
echo "malicious pickle: 400 unsafe_pickle ($(jq -r .error.message "$data/unsafe.json"))"

status=$(curl -s -o "$data/list.json" -w '%{http_code}' -H "Authorization: Bearer $T" "$url/ml/projects/12/models")
[[ "$status" == 200 && "$(jq -r .meta.total "$data/list.json")" == 1 ]] || fail "list answered $status: $(cat "$data/list.json")"
echo "list: 200, total 1"

status=$(curl -s -o "$data/download" -w '%{http_code}' -H "Authorization: Bearer $T" "$url/ml/projects/12/models/$id/file")
[[ "$status" == 200 ]] && cmp -s "$data/download" Fixtures/onnx/tiny.onnx || fail "download answered $status or other bytes"
echo "download: 200, same bytes"

status=$(curl -s -o /dev/null -w '%{http_code}' "$url/ml/projects/12/models")
[[ "$status" == 401 ]] || fail "no token answered $status"

kill -TERM "$server"
wait "$server" || fail "the server exited with $? after SIGTERM"
server=""
echo "server-smoke: ok"
