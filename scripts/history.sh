#!/usr/bin/env bash
# Regenerates TensorFlow's API history and everything derived from it:
#   history/snapshots/ (one release at a time; existing snapshots are kept: delete one to redo it),
#   tfpatch/data/history.json.gz, tfpatch/rules/generated.py, docs/resolution-matrix.{md,png},
#   and the activation plan made from the catalogue, tfpatch/rules/_plan.py.
# From the committed snapshots the derived files come out byte for byte the same
# (the PNG may differ with matplotlib's version); `--check` regenerates them in memory
# and exits 1, saying what differs, when one of them is out of date (snapshots untouched).
# The matrix's PNG needs matplotlib in the Python that runs it (not a tfpatch dependency).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ "${1:-}" = "--check" ]; then
    status=0
    for tool in build_history generate_rules resolution_matrix generate_plan; do
        "$PY" "tools/$tool.py" --check || status=1
    done
    exit $status
fi
"$PY" tools/snapshot_all.py
"$PY" tools/build_history.py
"$PY" tools/generate_rules.py
"$PY" tools/resolution_matrix.py
"$PY" tools/generate_plan.py
