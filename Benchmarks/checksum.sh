#!/usr/bin/env bash
# Benchmarks `synap-tool checksum` against sha256sum, openssl, hashlib and b3sum (see Benchmarks/README.md).
#
# Env: SYNAP_TOOL=BIN      use this binary instead of building one
#      SWIFT_SCRATCH=DIR   swift build --scratch-path (default .build-static, binary at .build-static/release/synap-tool)
#      CK_RUNS=N (5)       runs of synap-tool; CK_PEER_RUNS=N (3) of the fast peers; CK_SLOW_RUNS=N (2) of sha256sum
#      CK_QUIET_WAIT=S (90) seconds to wait, before each command, for the CPUs to be idle (other processes skew the times)
#      CK_NICE=N           time at scheduler weight N (e.g. -15, root), in a session of its own: for a machine others keep busy
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
inputs="$work/ck"
mkdir -p "$inputs"

# 1. Tools from Debian when missing: hyperfine, GNU time, b3sum (the BLAKE3 anchor); openssl for the limit.
measuring_tools
command -v b3sum >/dev/null || debian_package b3sum || note "no b3sum: leaving out the BLAKE3 anchor"
command -v openssl >/dev/null || { note "openssl is needed (the physical limit and a peer)"; exit 1; }

# 2. The deployment binary.
deployment_binary
[[ -n "$tool" ]] || exit 1

# 3. Inputs, made once: random bytes from AES-CTR over zeros (fast, incompressible), and the sparse checkpoint.
random_file() { # PATH BYTES KEY
  [[ -f "$1" && "$(stat -c %s "$1")" -eq "$2" ]] && return
  note "writing $2 random bytes to $1"
  openssl enc -aes-128-ctr -pbkdf2 -nosalt -pass "pass:$3" -in /dev/zero 2>/dev/null | head -c "$2" > "$1.part" || true
  [[ "$(stat -c %s "$1.part")" -eq "$2" ]] || { note "could not write $1"; exit 1; }
  mv "$1.part" "$1"
}
random_file "$inputs/real4g" $((4 << 30)) synap-ckbench
shards=()
for k in 1 2 3 4; do
  random_file "$inputs/shard-$k-of-4" $((1 << 30)) "synap-ckbench-shard-$k"
  shards+=("$inputs/shard-$k-of-4")
done
[[ -f "$work/llama-3.1-8b/model.safetensors.index.json" ]] || python3 "$bench/make_sparse_llama.py" "$work/llama-3.1-8b" >&2

# 4. Measure and report.
python3 "$bench/checksum_bench.py" --tool "$tool" --one "$inputs/real4g" --shards "${shards[@]}" \
  --checkpoint "$work/llama-3.1-8b" --runs "${CK_RUNS:-5}" --peer-runs "${CK_PEER_RUNS:-3}" \
  --slow-runs "${CK_SLOW_RUNS:-2}" --quiet-wait "${CK_QUIET_WAIT:-90}" ${CK_NICE:+--nice "$CK_NICE"} \
  --json "$work/checksum-results.json"
