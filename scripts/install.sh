#!/usr/bin/env bash
# Installs synap-tool as users get it: the deployment build (release, Swift runtime linked
# statically, so the binary starts in a few milliseconds and needs no Swift install to run), and
# synap-tool-remote beside it (the same commands for s3:// and https:// inputs, with the network
# stack that synap-tool does not link; synap-tool hands such commands to it).
#
# Usage: scripts/install.sh [PREFIX]      builds, then installs PREFIX/bin/synap-tool and synap-tool-remote (default /usr/local)
#        scripts/install.sh --build-only  builds, and prints synap-tool's path (what the benchmarks time; the helper is beside it)
# Env:   SWIFT_SCRATCH=DIR  the build folder (default .build-static in the repository)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${SWIFT_SCRATCH:-$root/.build-static}"

build() {
  for product in synap-tool synap-tool-remote; do
    (cd "$root" && swift build -c release --static-swift-stdlib --product "$product" --scratch-path "$scratch" >&2)
  done
  echo "$scratch/release/synap-tool"
}

if [[ "${1:-}" == "--build-only" ]]; then
  build
  exit 0
fi
prefix="${1:-/usr/local}"
binary="$(build)"
mkdir -p "$prefix/bin"
# Each copied beside its place and renamed: a half-copied binary is never on PATH. The helper
# goes first, so that a synap-tool on PATH always finds the helper of its own build.
for name in synap-tool-remote synap-tool; do
  tmp="$(mktemp "$prefix/bin/.$name.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  install -m 0755 "$(dirname "$binary")/$name" "$tmp"
  mv -f "$tmp" "$prefix/bin/$name"
  trap - EXIT
done
echo "installed $prefix/bin/synap-tool and synap-tool-remote ($("$prefix/bin/synap-tool" --version))" >&2
