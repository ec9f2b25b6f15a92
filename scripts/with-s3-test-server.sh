#!/usr/bin/env bash
# Runs COMMAND with a real S3 API on loopback: moto's server (every version pinned in
# scripts/s3-test-requirements.txt) with signature checking on, the fixtures uploaded
# (scripts/s3-test-server.py), and the public corpus's model files under corpus/ when it is there
# ($MODEL_CORPUS or ../shared/corpus). COMMAND sees SYNAP_TEST_S3_ENDPOINT, SYNAP_TEST_S3_BUCKET,
# SYNAP_TEST_S3_ACCESS_KEY_ID, SYNAP_TEST_S3_SECRET_ACCESS_KEY, SYNAP_TEST_S3_MULTIPART_FILE,
# SYNAP_TEST_S3_SPARSE_DIR (files written there are the objects s3://BUCKET/sparse/…, served from
# disk) and REQUIRE_S3=1; the server is stopped afterwards, whatever COMMAND returns.
#
# Usage: scripts/with-s3-test-server.sh COMMAND [ARG…]     Env: S3_TEST_VENV=DIR (the venv to use)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${S3_TEST_VENV:-${TMPDIR:-/tmp}/synap-s3-venv}"
if ! "$venv/bin/python" -c "import moto.server" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$root/scripts/s3-test-requirements.txt"
fi
scratch="$(mktemp -d)"
export SYNAP_S3_SPARSE_DIR="${SYNAP_S3_SPARSE_DIR:-$scratch/sparse}"
mkdir -p "$SYNAP_S3_SPARSE_DIR"
port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
corpus="${MODEL_CORPUS:-$root/../shared/corpus}"
"$venv/bin/python" "$root/scripts/s3-test-server.py" "$port" "$scratch/env" "$root/Fixtures" "$corpus" >"$scratch/log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT
for _ in $(seq 300); do [[ -s "$scratch/env" ]] && break; kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
[[ -s "$scratch/env" ]] || { echo "FAIL: the S3 test server did not start"; cat "$scratch/log"; exit 1; }
# shellcheck disable=SC1091
source "$scratch/env"
export REQUIRE_S3=1 SYNAP_TEST_S3_SPARSE_DIR="$SYNAP_S3_SPARSE_DIR"
grep "s3-test-server:" "$scratch/log" || true
"$@"
