# Sourced by every benchmark script: paths, messages, the measuring tools from Debian, the deployment
# binary, and a venv with pinned peers.
#
# Env: SYNAP_TOOL=BIN      use this binary instead of building one
#      SWIFT_SCRATCH=DIR   swift build --scratch-path (default .build-static, binary at DIR/release/synap-tool)
#      BENCH_VENV=DIR      the peers' venv (default Benchmarks/work/venv, or what the script names)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/Benchmarks"
work="$bench/work"
mkdir -p "$work"
export PYTHONDONTWRITEBYTECODE=1

note() { printf '== %s\n' "$*" >&2; }

# Installs a Debian package when running as root with apt; false otherwise.
debian_package() {
  [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null || return 1
  apt-get install -y -qq "$1" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$1" >/dev/null 2>&1; }
}

# hyperfine (wall time) and GNU time (peak RSS), when they can be had.
measuring_tools() {
  command -v hyperfine >/dev/null || debian_package hyperfine || note "hyperfine unavailable: timing with a subprocess loop"
  [[ -x /usr/bin/time ]] || debian_package time || note "GNU time unavailable: peak RSS from os.wait4"
}

# Sets $tool to the deployment build of synap-tool (the Swift runtime linked in statically starts
# ~3 ms sooner: no dynamic symbol binding), or to "" with a note when there is none.
deployment_binary() {
  tool="${SYNAP_TOOL:-}"
  if [[ -z "$tool" ]]; then
    # The binary scripts/install.sh installs: what users run is what is timed.
    note "scripts/install.sh --build-only"
    tool="$("$root/scripts/install.sh" --build-only)" || { note "swift build failed"; tool=""; }
  fi
  if [[ -n "$tool" && ! -x "$tool" ]]; then
    note "no synap-tool binary at $tool"
    tool=""
  fi
  [[ -n "$tool" ]] || note "synap-tool missing (set SYNAP_TOOL=/path/to/synap-tool or fix the build): measuring the peers only"
}

# Sets $venv to a venv (BENCH_VENV, else $2, else Benchmarks/work/venv) with requirements file $1 installed.
peer_venv() {
  venv="${BENCH_VENV:-${2:-$work/venv}}"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$1"
}
