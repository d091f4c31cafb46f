"""The API history shipped with tfpatch (tfpatch/data/history.json.gz, built by
tools/build_history.py from history/snapshots/) and the catalogue against it.

No TensorFlow needed: the history records which public names and which class
members each release has.
"""
import gzip
import json
import os

import pytest

import tfpatch
from tfpatch.rules import HANDWRITTEN
from tfpatch.rules import generated

HISTORY = os.path.join(os.path.dirname(tfpatch.__file__), "data", "history.json.gz")
MAIN = ["2.%d" % minor for minor in range(0, 22)]


def _load():
    with gzip.open(HISTORY, "rt", encoding="utf-8") as f:
        return json.load(f)


_HISTORY = _load()
_RELEASES = _HISTORY["releases"]


def _presence(table, path):
    """The main-line releases 2.0 ... 2.21 where ``path`` exists in ``table``."""
    mask = int(table.get(path, "0"), 16)
    return {label for i, label in enumerate(_RELEASES) if label in MAIN and mask >> i & 1}


def names(path):
    return _presence(_HISTORY["names"], path)


def members(path):
    return _presence(_HISTORY["members"], path)


def _index(release):
    return MAIN.index(release)


def check_two_spellings(has_modern, has_legacy, since, until, where=MAIN):
    """The modern spelling exists from ``since`` on (except where neither exists: the
    API left altogether), ``since`` is the first release with it, and the legacy
    spelling is gone from ``until`` on (there until then) or still there in 2.21."""
    releases = [r for r in MAIN if r in where]
    assert since in has_modern, "modern spelling missing in %s (since)" % since
    i = _index(since)
    if i > 0 and MAIN[i - 1] in releases:
        assert MAIN[i - 1] not in has_modern, "modern spelling already in %s, before since=%s" % (MAIN[i - 1], since)
    for release in releases[releases.index(since):]:
        assert release in has_modern or release not in has_legacy, \
            "in %s the legacy spelling exists and the modern one does not" % release
    if until is None:
        assert releases[-1] in has_legacy, "legacy spelling gone by %s, but until is None" % releases[-1]
    else:
        j = _index(until)
        assert MAIN[j - 1] in has_legacy, "legacy spelling already gone in %s, before until=%s" % (MAIN[j - 1], until)
        gone = [r for r in releases[releases.index(until):] if r in has_legacy]
        assert not gone, "legacy spelling still there in %s, after until=%s" % (", ".join(gone), until)


# Renames whose modern spelling is a call, not only a name: the name is older than the call
# (BatchNormalization took synchronized= from 2.12), so only the legacy side is checked by name.
CALL_RENAMES = {"keras.layers.BatchNormalization": "2.12"}


# Renames served on Keras 2 only: their adapter leaves the name missing on Keras 3 (2.16+), so
# the history is checked up to 2.15 (optimizers.legacy.Nadam and two others left with Keras 3).
KERAS2_ONLY = ("keras2_optimizer",)


def check_rule(rule):
    if rule.kind == "rename" and rule.adapter in KERAS2_ONLY:
        check_two_spellings(names(rule.modern), names(rule.legacy), rule.since, rule.until,
                            where=MAIN[:_index("2.16")])
    elif rule.kind == "rename" and rule.modern in CALL_RENAMES:
        assert rule.adapter and rule.since == CALL_RENAMES[rule.modern]
        check_two_spellings(names(rule.modern) & set(MAIN[_index(rule.since):]), names(rule.legacy),
                            rule.since, rule.until)
    elif rule.kind == "rename":
        check_two_spellings(names(rule.modern), names(rule.legacy), rule.since, rule.until)
    elif rule.kind == "method":
        # Members are recorded for the classes listed in history/README.md only;
        # a Method row's owner must be one of them (and exist in every release checked).
        owner_releases = set()
        for key in _HISTORY["members"]:
            if key.startswith(rule.owner + ".") and "." not in key[len(rule.owner) + 1:]:
                owner_releases |= members(key)
        assert owner_releases, "no members recorded for %s" % rule.owner
        check_two_spellings(members(rule.owner + "." + rule.modern), members(rule.owner + "." + rule.legacy),
                            rule.since, rule.until, where=owner_releases)
    elif rule.kind == "namespace":
        has_path, has_target = names(rule.path), names(rule.moved_to)
        after = MAIN[_index(rule.since):]
        missing = [r for r in after if r not in has_target]
        assert not missing, "tf.%s missing in %s, after since=%s" % (rule.moved_to, ", ".join(missing), rule.since)
        if rule.until is None:
            assert MAIN[-1] in has_path
        else:
            j = _index(rule.until)
            assert MAIN[j - 1] in has_path, "tf.%s already gone in %s" % (rule.path, MAIN[j - 1])
            gone = [r for r in MAIN[j:] if r in has_path]
            assert not gone, "tf.%s still there in %s, after until=%s" % (rule.path, ", ".join(gone), rule.until)


def test_history_loads_and_covers_the_releases():
    assert _HISTORY["format"] == 1
    assert _RELEASES[0] == "1.15"
    assert [r for r in _RELEASES if r in MAIN] == MAIN
    assert len(_RELEASES) == len(set(_RELEASES))
    assert os.path.getsize(HISTORY) < 300 * 1024
    assert len(_HISTORY["names"]) > 5000
    full = (1 << len(_RELEASES)) - 1
    for path, mask in _HISTORY["names"].items():
        assert 0 < int(mask, 16) <= full, path
    for old, new in _HISTORY["moved"].items():
        assert old in _HISTORY["names"] and new in _HISTORY["names"], (old, new)


def test_history_keeps_top_level_compat_v1_only():
    deep = [p for p in _HISTORY["names"] if p.startswith(("compat.v1.", "compat.v2.")) and p.count(".") > 2]
    assert not deep
    assert "2.0" in names("compat.v1.placeholder")
    assert "1.15" in {r for i, r in enumerate(_RELEASES) if int(_HISTORY["names"]["placeholder"], 16) >> i & 1}


def test_known_facts():
    assert "2.2" not in names("distribute.TPUStrategy")
    assert "2.3" in names("distribute.TPUStrategy")
    assert "2.8" in names("keras.mixed_precision.experimental")
    assert "2.9" not in names("keras.mixed_precision.experimental")
    assert "2.15" in names("estimator")
    assert "2.16" not in names("estimator")
    assert "2.3" in members("distribute.Strategy.experimental_run_v2")
    assert "2.4" not in members("distribute.Strategy.experimental_run_v2")


def test_moved():
    moved = _HISTORY["moved"]
    assert moved["placeholder"] == "compat.v1.placeholder"     # 1.15 -> 2.0
    assert moved["keras.mixed_precision.experimental.global_policy"] == "keras.mixed_precision.global_policy"
    assert moved["keras.layers.experimental.preprocessing.Rescaling"] == "keras.layers.Rescaling"


def test_module_aliases_are_filled_in():
    # tf.optimizers is tf.keras.optimizers on 2.1 ... 2.15; the snapshots list its
    # children under one of the two paths only.
    assert {"2.3", "2.10", "2.15"} <= names("optimizers.Adam")


def _param(rule):
    return pytest.param(rule, id=rule.id)


CHECKED_ROWS = [r for r in HANDWRITTEN if r.kind in ("rename", "namespace", "method")]


@pytest.mark.parametrize("rule", [_param(r) for r in CHECKED_ROWS])
def test_handwritten_rule_matches_history(rule):
    check_rule(rule)


@pytest.mark.parametrize("rule", [_param(r) for r in generated.RULES])
def test_generated_rule_matches_history(rule):
    check_rule(rule)


def test_generated_rules_are_new_and_well_formed():
    ids = [r.id for r in generated.RULES]
    assert len(ids) == len(set(ids))
    assert not set(ids) & {r.id for r in HANDWRITTEN}
    assert ids  # the generator found something
    for rule in generated.RULES:
        assert rule.kind in ("rename", "method")
        assert not rule.id.startswith("compat.")
        if rule.until is not None:
            # An abrupt rename (no release with both spellings) has until == since.
            assert _index(rule.until) >= _index(rule.since), rule
        if rule.blocked is not None:
            assert rule.blocked.startswith("signatures differ: ")
