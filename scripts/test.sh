#!/usr/bin/env bash
# The whole test suite, from a fresh machine:
#   1. picks the real TensorFlow releases of this run (tools/tfenvs.py select):
#      a fixed set on every run plus two more rotating by commit, so every release
#      runs within a few commits; `--all-releases` runs every one of them,
#   2. builds what is missing of their environments and of one Python of each
#      supported minor (cached outside the checkout; only what this run needs),
#   3. runs the fast tests (no TensorFlow) on every Python from 3.7 to 3.13,
#   4. checks that the package installs and its console script runs,
#   5. runs everything, the real-TensorFlow tests on the releases of step 1
#      included, once more on 3.11, with the long run of the state machine
#      (10,000 steps).  Each release has a time budget (tools/tfenvs.py BUDGET).
# A missing environment makes the real-TF tests fail, never skip.
#
#   bash scripts/test.sh [--all-releases] [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
export PYTHONDONTWRITEBYTECODE=1

select_args=()
pytest_args=()
for arg in "$@"; do
    if [ "$arg" = "--all-releases" ]; then select_args+=(--all-releases); else pytest_args+=("$arg"); fi
done
selection=$("$PY" tools/tfenvs.py select ${select_args[@]+"${select_args[@]}"})
releases=$(echo "$selection" | cut -d' ' -f1)
echo "== real TensorFlow releases of this run, and why:"
echo "$selection" | sed 's/^/   /'
PYTHONS="py3.7 py3.8 py3.9 py3.10 py3.11 py3.12 py3.13"
# Environments some tests name on their own, whatever the selection: TF 1.15, whose results a
# TF 1 program must reproduce on TF 2, and 2.21 with tf_keras (TF 1 names in v1 mode).
REFERENCE="tf1.15 tf2.21-tf_keras"

# shellcheck disable=SC2086
"$PY" tools/tfenvs.py ensure $PYTHONS $releases $REFERENCE
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

echo "== all tests, real TensorFlow on $(echo $releases | tr ' ' ',') included (state machine: 10,000 steps)"
REALTF_RELEASES=$(echo $releases | tr ' ' ',') STATEMACHINE_RUNS=240 STATEMACHINE_MIN_STEPS=10000 \
    "$(envpy py3.11)" -m pytest tests -p no:cacheprovider ${pytest_args[@]+"${pytest_args[@]}"}
