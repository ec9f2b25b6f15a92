#!/usr/bin/env bash
# Benchmarks `synap-tool inspect --json` on every corpus `.synap` bundle (see Benchmarks/README.md).
# There is no SyNAP inspector outside the device, so the comparison is with what a shell can do
# with stock tools, which does less: `unzip -l` plus `python3 -m json.tool` on bundle.json and each
# meta JSON (no EBG header, no wiring checks, no embedded model).
#
# Env: SYNAP_TOOL=BIN      use this binary instead of building one
#      SWIFT_SCRATCH=DIR   swift build --scratch-path (default .build-static, binary at DIR/release/synap-tool)
#      MODEL_CORPUS=DIR    where to find *.synap (default ../shared/corpus beside the repo)
#      BENCH_RUNS=N (30)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/Benchmarks/work"
mkdir -p "$work"
note() { printf '== %s\n' "$*" >&2; }
command -v hyperfine >/dev/null || { note "hyperfine is needed (Benchmarks/run.sh installs it)"; exit 1; }
command -v unzip >/dev/null || { note "unzip is needed for the comparison"; exit 1; }

tool="${SYNAP_TOOL:-}"
if [[ -z "$tool" ]]; then
  scratch="${SWIFT_SCRATCH:-$root/.build-static}"
  note "swift build -c release --static-swift-stdlib --product synap-tool --scratch-path $scratch"
  (cd "$root" && swift build -c release --static-swift-stdlib --product synap-tool --scratch-path "$scratch" >&2)
  tool="$scratch/release/synap-tool"
fi
corpus="${MODEL_CORPUS:-$root/../shared/corpus}"
runs="${BENCH_RUNS:-30}"

# The stock-tools peer: list the archive, pretty-print every JSON entry.
peer="$work/synap_peer.sh"
cat > "$peer" <<'PEER'
#!/usr/bin/env bash
unzip -l "$1" >/dev/null
unzip -Z1 "$1" | grep '\.json$' | grep -v '^__MACOSX/' | while read -r entry; do
  unzip -p "$1" "$entry" | python3 -m json.tool >/dev/null
done
PEER
chmod +x "$peer"

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
median_ms() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.1f" % (x["median"] * 1000) for x in r))' "$1"; }

printf '| bundle | size | synap-tool inspect --json | peak RSS | unzip -l + json.tool | peak RSS |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
find -L "$corpus/synap" -type f -name '*.synap' | sort | while read -r f; do
  out="$work/synap-hyperfine.json"
  hyperfine --style none --warmup 3 --runs "$runs" --export-json "$out" -N \
    "$tool inspect --json $f" >/dev/null 2>&1
  ours="$(median_ms "$out")"
  hyperfine --style none --warmup 2 --runs "$runs" --export-json "$out" \
    "$peer $f" >/dev/null 2>&1
  theirs="$(median_ms "$out")"
  ours_rss="$(rss "$tool" inspect --json "$f")"
  peer_rss="$(rss "$peer" "$f")"
  rel="${f#"$corpus/synap/"}"
  printf '| %s | %s | %s ms | %s MB | %s ms | %s MB |\n' "$rel" "$(stat -c %s "$f")" "$ours" \
    "$(awk "BEGIN{printf \"%.1f\", $ours_rss/1024}")" "$theirs" "$(awk "BEGIN{printf \"%.1f\", $peer_rss/1024}")"
done
