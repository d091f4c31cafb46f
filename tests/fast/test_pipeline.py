"""The history pipeline reproduces itself: tfpatch/data/history.json.gz,
tfpatch/rules/generated.py and docs/resolution-matrix.md are exactly what
tools/build_history.py, tools/generate_rules.py and tools/resolution_matrix.py
make from the committed snapshots (history/snapshots/) and the hand-written
catalogue.  Each tool's ``check()`` is what its ``--check`` (and
``scripts/history.sh --check``) runs; the tests below also make each check
fail on a file that is out of date, so a check that could not fail would be
seen.
"""
import gzip
import json
import os
import shutil
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import build_history  # noqa: E402
import generate_rules  # noqa: E402
import resolution_matrix  # noqa: E402


def test_history_digest_is_what_the_snapshots_give():
    assert build_history.check() == []


def test_generated_rules_are_what_the_snapshots_give():
    assert generate_rules.check() == []


def test_generated_rules_do_not_depend_on_themselves():
    """Regenerating with the generated rows in the catalogue gives the same rows: only the
    hand-written ones are left out (the generator once left out every id of the catalogue,
    its own rows included, and wrote an empty table)."""
    from tfpatch.rules import HANDWRITTEN, generated
    rows, _ = generate_rules.generate([])
    assert len(rows) == len(generated.RULES) > 100
    handwritten_ids = {rule.id for rule in HANDWRITTEN}
    assert not handwritten_ids & {row["id"] for row in rows}
    assert {row["id"] for row in rows} == {rule.id for rule in generated.RULES}


def test_resolution_matrix_is_what_the_snapshots_give():
    assert resolution_matrix.check() == []


def test_checks_fail_on_files_out_of_date(tmp_path, monkeypatch):
    with open(build_history.OUTPUT, "rb") as f:
        good = f.read()
    history = tmp_path / "history.json.gz"
    data = json.loads(gzip.decompress(good).decode("utf-8"))
    del data["names"]["math.add"]
    history.write_bytes(build_history.dump(data))
    monkeypatch.setattr(build_history, "OUTPUT", str(history))
    problems = build_history.check()
    assert problems and "names: 1 only regenerated (math.add)" in "\n".join(problems), problems
    assert build_history.main(["--check"]) == 1

    # the same content with other gzip bytes (a modification time in the header) differs too
    with gzip.GzipFile(str(history), "wb", mtime=12345) as f:
        f.write(gzip.decompress(good))
    problems = build_history.check()
    assert problems and "same content, different bytes" in problems[-1], problems

    rules = tmp_path / "generated.py"
    with open(generate_rules.OUTPUT, encoding="utf-8") as f:
        lines = f.read().splitlines(True)
    dropped = next(line for line in lines if line.startswith("    Rename("))
    rules.write_text("".join(line for line in lines if line is not dropped), encoding="utf-8")
    monkeypatch.setattr(generate_rules, "OUTPUT", str(rules))
    problems = generate_rules.check()
    assert problems and "0 line(s) only in the file, 1 only regenerated" in problems[0], problems
    assert generate_rules.main(["--check"]) == 1

    matrix = tmp_path / "resolution-matrix.md"
    shutil.copy(resolution_matrix.MD, str(matrix))
    with open(str(matrix), "a", encoding="utf-8") as f:
        f.write("edited by hand\n")
    monkeypatch.setattr(resolution_matrix, "MD", str(matrix))
    problems = resolution_matrix.check()
    assert problems and "1 line(s) only in the file, 0 only regenerated" in problems[0], problems
    assert resolution_matrix.main(["--check"]) == 1


def test_check_options_pass_on_the_committed_tree():
    assert build_history.main(["--check"]) == 0
    assert generate_rules.main(["--check"]) == 0
    assert resolution_matrix.main(["--check"]) == 0
