#!/usr/bin/env bash
# Runs COMMAND beside a PostgreSQL server of its own: Debian's PostgreSQL (installed when missing),
# a fresh cluster in a temporary folder, run by a non-root user (`postgres`, or the caller when not
# root), listening on a free loopback port only, trust authentication for that loopback. COMMAND sees
# SYNAP_TEST_DATABASE_URL=postgres://synap@127.0.0.1:PORT/synap and REQUIRE_POSTGRES=1; the server
# is stopped and its folder removed afterwards, whatever COMMAND returns.
#
# Usage: scripts/with-postgres.sh COMMAND [ARG…]
set -euo pipefail

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/initdb" ]] && bindir="$candidate"; done
if [[ -z "$bindir" ]]; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; }
  fi
  for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/initdb" ]] && bindir="$candidate"; done
fi
[[ -n "$bindir" ]] || { echo "FAIL: no PostgreSQL (apt-get install postgresql)"; exit 1; }

scratch="$(mktemp -d)"
chmod 755 "$scratch"
as_owner=()
if [[ "$(id -u)" -eq 0 ]]; then
  chown postgres "$scratch"
  as_owner=(runuser -u postgres --)
fi
port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
data="$scratch/data"
cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$scratch/initdb.log" 2>&1 \
  || { cat "$scratch/initdb.log"; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -l "$scratch/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $scratch -c max_connections=200 -c fsync=on" start >/dev/null \
  || { cat "$scratch/server.log"; exit 1; }
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE synap LOGIN" -c "CREATE DATABASE synap OWNER synap" >/dev/null
export SYNAP_TEST_DATABASE_URL="postgres://synap@127.0.0.1:$port/synap" REQUIRE_POSTGRES=1
echo "with-postgres: $("$bindir/postgres" --version), $SYNAP_TEST_DATABASE_URL"
"$@"
