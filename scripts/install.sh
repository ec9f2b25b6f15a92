#!/usr/bin/env bash
# Installs synap-tool as users get it: the deployment build (release, Swift runtime linked
# statically, so the binary starts in a few milliseconds and needs no Swift install to run).
#
# Usage: scripts/install.sh [PREFIX]      builds, then installs PREFIX/bin/synap-tool (default /usr/local)
#        scripts/install.sh --build-only  builds, and prints the binary's path (what the benchmarks time)
# Env:   SWIFT_SCRATCH=DIR  the build folder (default .build-static in the repository)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${SWIFT_SCRATCH:-$root/.build-static}"

build() {
  (cd "$root" && swift build -c release --static-swift-stdlib --product synap-tool --scratch-path "$scratch" >&2)
  echo "$scratch/release/synap-tool"
}

if [[ "${1:-}" == "--build-only" ]]; then
  build
  exit 0
fi
prefix="${1:-/usr/local}"
binary="$(build)"
mkdir -p "$prefix/bin"
# Copied beside its place and renamed: a half-copied binary is never on PATH.
tmp="$(mktemp "$prefix/bin/.synap-tool.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
install -m 0755 "$binary" "$tmp"
mv -f "$tmp" "$prefix/bin/synap-tool"
trap - EXIT
echo "installed $prefix/bin/synap-tool ($("$prefix/bin/synap-tool" --version))" >&2
