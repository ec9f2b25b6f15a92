#!/usr/bin/env bash
# synap-server against the limit and against what a team would build instead (issue 15), side by
# side in one run, ratios printed:
#   - a 2 GiB torch.save upload over loopback: synap-server (gate on the stream, whole file judged,
#     recorded in SQLite) vs nginx writing the body to a file (client_body_in_file_only, the limit)
#     vs FastAPI + python-multipart storing it and running picklescan (server_peer.py);
#     synap-server's peak RSS during the upload;
#   - a disallowed 2 GiB upload (no model format, named .pt): bytes the server read before its 400
#     (from /proc/PID/io) and the time to the answer;
#   - 32 concurrent 10 MB uploads: uploads per second, p50, p99, against the FastAPI peer.
#
#   Benchmarks/server.sh            SYNAP_SERVER=BIN to time a given binary
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
measuring_tools
command -v nginx >/dev/null || debian_package nginx-light || debian_package nginx || { note "nginx unavailable"; exit 1; }
peer_venv "$bench/server-requirements.txt" "$work/server-venv"
py="$venv/bin/python"

server="${SYNAP_SERVER:-}"
if [[ -z "$server" ]]; then
  note "swift build -c release --product synap-server"
  (cd "$root" && swift build -c release --product synap-server >/dev/null)
  server="$(cd "$root" && swift build -c release --show-bin-path)/synap-server"
fi

scratch="$(mktemp -d "$work/server.XXXXXX")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$scratch"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

big="$work/upload-2g.pt"; small="$work/upload-10m.pt"; junk="$work/upload-2g-junk.pt"
[[ -f "$big" ]] || { note "writing $big"; python3 "$bench/make_big_state_dict.py" "$big" 64; }
[[ -f "$small" ]] || python3 "$bench/make_big_state_dict.py" "$small" 1 1280
[[ -f "$junk" ]] || { note "writing $junk"; head -c $((2 << 30)) /dev/zero | tr '\0' 'x' >"$junk"; }
cat "$big" "$small" "$junk" >/dev/null  # warm the page cache

start_synap() {  # -> $synap_pid, $synap_url, $token
  local port data
  port=$(free_port); data="$scratch/synap-$port"
  # 32 upload slots: the concurrency scenario sends 32 at once (the default, 8, answers the rest 503 busy).
  "$server" serve --port "$port" --data "$data" --max-concurrent-uploads 32 >"$scratch/synap-$port.log" 2>&1 &
  synap_pid=$!; pids+=("$synap_pid")
  wait_port "$port"
  token=$("$server" token --project 12 --data "$data")
  synap_url="http://127.0.0.1:$port/ml/projects/12/models/upload"
}
start_peer() {  # -> $peer_pid, $peer_url
  local port; port=$(free_port); mkdir -p "$scratch/peer-$port"
  "$py" "$bench/server_peer.py" "$port" "$scratch/peer-$port" &
  peer_pid=$!; pids+=("$peer_pid")
  wait_port "$port"
  peer_url="http://127.0.0.1:$port/ml/projects/12/models/upload"
}
start_nginx() {  # -> $nginx_url
  local port back; port=$(free_port); back=$(free_port); mkdir -p "$scratch/nginx/body" "$scratch/nginx/logs"
  cat >"$scratch/nginx/nginx.conf" <<CONF
worker_processes 1;
master_process off;
daemon off;
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/logs/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $scratch/nginx/body;
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 0;
    location / {
      client_body_in_file_only on;
      client_body_buffer_size 1m;
      proxy_pass_request_body off;
      proxy_set_header X-Body-File \$request_body_file;
      proxy_set_header Content-Length "";
      proxy_pass http://127.0.0.1:$back;
    }
  }
  server { listen 127.0.0.1:$back; location / { return 201; } }
}
CONF
  nginx -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf" &
  pids+=("$!")
  wait_port "$port"
  nginx_url="http://127.0.0.1:$port/ml/projects/12/models/upload"
}
field() { sed -E "s/.*$1 ([^ ]+).*/\1/"; }

note "2 GiB upload"
start_nginx; start_peer; start_synap
n=$("$py" "$bench/server_bench.py" upload "$nginx_url" x "$big")
p=$("$py" "$bench/server_bench.py" upload "$peer_url" x "$big")
s=$("$py" "$bench/server_bench.py" upload "$synap_url" "$token" "$big")
rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$synap_pid/status")
echo "2 GiB .pt upload       synap-server: $s, peak RSS ${rss} MiB"
echo "                       nginx (limit): $n"
echo "                       FastAPI+picklescan: $p"
ss=$(echo "$s" | field seconds); ns=$(echo "$n" | field seconds); ps=$(echo "$p" | field seconds)
python3 -c "print(f'ratios: synap-server throughput = {$ns/$ss:.2f}x nginx (goal >= 0.8), {$ps/$ss:.2f}x FastAPI (goal >= 3); peak RSS {$rss} MiB (goal < 64)')"

note "disallowed 2 GiB upload"
r=$("$py" "$bench/server_bench.py" rejected "$synap_url" "$token" "$junk" "$synap_pid")
echo "disallowed 2 GiB upload synap-server: $r (goal: at most 64 KiB plus one read chunk)"

note "32 concurrent 10 MB uploads"
c=$("$py" "$bench/server_bench.py" concurrent "$synap_url" "$token" "$small" 32)
cp=$("$py" "$bench/server_bench.py" concurrent "$peer_url" x "$small" 32)
echo "32 x 10 MB at once     synap-server: $c"
echo "                       FastAPI+picklescan: $cp"
python3 -c "print(f'ratio: {float(\"$(echo "$c" | field uploads_per_s)\")/float(\"$(echo "$cp" | field uploads_per_s)\"):.2f}x the FastAPI peer in uploads per second')"
