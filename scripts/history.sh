#!/usr/bin/env bash
# Regenerates TensorFlow's API history and everything derived from it:
#   history/snapshots/ (one release at a time; existing snapshots are kept: delete one to redo it),
#   tfpatch/data/history.json.gz, tfpatch/rules/generated.py, docs/resolution-matrix.{md,png}.
# The matrix's PNG needs matplotlib in the Python that runs it (not a tfpatch dependency).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" tools/snapshot_all.py
"$PY" tools/build_history.py
"$PY" tools/generate_rules.py
"$PY" tools/resolution_matrix.py
