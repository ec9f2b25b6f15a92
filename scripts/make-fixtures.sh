#!/usr/bin/env bash
# Regenerates Fixtures/ with pinned reference writers from PyPI (scripts/fixtures/requirements.txt).
#
#   scripts/make-fixtures.sh            write Fixtures/ (same bytes every run)
#   scripts/make-fixtures.sh --check    regenerate into a temp dir and compare with Fixtures/ (exit 1 on drift)
#
# FIXTURE_VENV=DIR reuses (or creates) a venv there instead of a throw-away one; PYTHON picks the interpreter.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/fixtures"
mode="write"
case "${1:-}" in
  "") ;;
  --check) mode="check" ;;
  -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
venv="${FIXTURE_VENV:-$scratch/venv}"
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of scripts/fixtures

if [[ ! -x "$venv/bin/python" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

if [[ "$mode" == "write" ]]; then
  "$venv/bin/python" "$here/make_fixtures.py" "$root/Fixtures"
  exit 0
fi

"$venv/bin/python" "$here/make_fixtures.py" "$scratch/Fixtures"
drift=0
while IFS= read -r -d '' fresh; do
  rel="${fresh#"$scratch/Fixtures/"}"
  if ! cmp -s "$fresh" "$root/Fixtures/$rel"; then
    echo "differs: Fixtures/$rel" >&2
    drift=1
  fi
done < <(find "$scratch/Fixtures" -type f -print0)
if [[ "$drift" -ne 0 ]]; then
  echo "Fixtures/ is not what scripts/make-fixtures.sh writes; rerun it and commit the result" >&2
  exit 1
fi
echo "Fixtures/ matches a fresh regeneration"
