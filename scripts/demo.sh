#!/usr/bin/env bash
# The main job: a TF 2.3-era mixed-precision training loop on TensorFlow 2.21,
# first without tfpatch (it fails), then under tfpatch (it trains), with the
# program's source untouched. Builds the TensorFlow 2.21 environment if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" tools/tfenvs.py ensure tf2.21
TFPY=$("$PY" tools/tfenvs.py path tf2.21)
export TF_CPP_MIN_LOG_LEVEL=2

echo "== without tfpatch"
if "$TFPY" examples/legacy_mixed_precision.py 2>&1 | tail -n 3; then :; fi

echo
echo "== with tfpatch, activated at interpreter start (sitecustomize_example on PYTHONPATH)"
PYTHONPATH="$PWD/sitecustomize_example:$PWD" TFPATCH=1 \
    "$TFPY" -W ignore::DeprecationWarning examples/legacy_mixed_precision.py
