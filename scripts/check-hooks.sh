#!/usr/bin/env bash
# Checks .pre-commit-hooks.yaml with the pre-commit tool itself (PyPI, version pinned): in a scratch
# git repository, `pre-commit try-repo` builds synap-tool from this repository (language: swift)
# and runs the scan hook on a malicious pickle and a benign one: the hook must fail, calling the
# first unsafe and the second safe. The first run builds synap-tool in release mode (minutes); pre-commit caches it.
#
# Usage: scripts/check-hooks.sh      Env: HOOKS_VENV=DIR (default ${TMPDIR:-/tmp}/synap-hooks-venv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${HOOKS_VENV:-${TMPDIR:-/tmp}/synap-hooks-venv}"
[[ -x "$venv/bin/pre-commit" ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q pre-commit==4.2.0; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
git init -q . && git config user.email hooks@example.invalid && git config user.name hooks
python3 - <<'PY'
import os, pickle
class Payload:
    def __reduce__(self):
        return (os.system, ("echo pwned",))
open("bad.pkl", "wb").write(pickle.dumps(Payload(), protocol=2))
open("good.pkl", "wb").write(pickle.dumps({"weights": [1.0, 2.0]}, protocol=2))
PY
git add bad.pkl good.pkl
# One run (one build): the hook fails, and says which file is unsafe and which is safe.
if "$venv/bin/pre-commit" try-repo "$root" synap-tool-scan --files good.pkl bad.pkl > hook.log 2>&1; then
  echo "FAIL: the scan hook passed a malicious pickle"; cat hook.log; exit 1
fi
cat hook.log
grep -q "bad.pkl: unsafe: would import and call posix.system" hook.log || { echo "FAIL: no unsafe verdict for bad.pkl"; exit 1; }
grep -q "good.pkl: safe" hook.log || { echo "FAIL: no safe verdict for good.pkl"; exit 1; }
echo "ok: the scan hook fails on the malicious pickle, says why, and passes the benign one"
