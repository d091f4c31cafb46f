#!/usr/bin/env bash
# The whole test suite, from a fresh machine:
#   1. builds what is missing of the environments (real TensorFlow releases and
#      one Python of each supported minor, cached outside the checkout),
#   2. runs the fast tests (no TensorFlow) on every Python from 3.7 to 3.13,
#   3. checks that the package installs and its console script runs,
#   4. runs everything, real-TensorFlow matrix included, once more on 3.11,
#      with the long run of the state machine (10,000 steps).
# A missing environment makes the real-TF tests fail, never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
export PYTHONDONTWRITEBYTECODE=1

"$PY" tools/tfenvs.py ensure
envpy() { "$PY" tools/tfenvs.py path "$1"; }

for env in py3.7 py3.8 py3.9 py3.10 py3.12 py3.13; do
    echo "== fast tests on $env"
    "$(envpy "$env")" -m pytest tests/fast -q -p no:cacheprovider
done

echo "== package install and console script"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$(envpy py3.11)" -m venv "$tmp/venv"
# from a copy: a build in the checkout leaves tfpatch.egg-info there, whose entry
# points pytest would then find on PYTHONPATH
mkdir "$tmp/src"
cp -r setup.cfg pyproject.toml README.md tfpatch tfpatch_pytest.py "$tmp/src/"
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check build 2>&1 | grep -v '^WARNING: Location' || true
"$tmp/venv/bin/python" -m build -q --wheel --outdir "$tmp/dist" "$tmp/src" > /dev/null
wheel=$(ls "$tmp/dist"/*.whl)
echo "built $(basename "$wheel")"
case "$wheel" in *-py3-none-any.whl) ;; *) echo "not a universal pure-Python wheel: $wheel"; exit 1;; esac
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel" 2>&1 | grep -v '^WARNING: Location' || true
"$tmp/venv/bin/tfpatch" --version
(cd "$tmp" && "$tmp/venv/bin/python" -c "import tfpatch; print('state:', tfpatch.status()['state'])")
"$tmp/venv/bin/tfpatch" rules --release 2.3 > /dev/null

# --- the history pipeline reproduces itself ---
echo "== history pipeline: the committed files are what the snapshots give"
PYTHON="$(envpy py3.11)" bash scripts/history.sh --check
# --- end of the history pipeline check ---

echo "== all tests, real TensorFlow matrix included (state machine: 10,000 steps)"
STATEMACHINE_RUNS=240 STATEMACHINE_MIN_STEPS=10000 "$(envpy py3.11)" -m pytest tests -p no:cacheprovider "$@"
