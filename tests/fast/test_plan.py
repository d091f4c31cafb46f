"""The activation plan (tfpatch/rules/_plan.py) is the index the catalogue gives.

The default activation takes its index from the plan instead of reading the catalogue
inside ``import tensorflow``; these tests hold it to the index made from the
catalogue, attribute by attribute and name by name, and check that a plan whose
sources changed is not used.
"""
import os
import sys
import types
import warnings

import tfpatch
from tfpatch import _index
from tfpatch.rules import _plan
from tfpatch.rules.tf1 import EXPLAINED_IN

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import generate_plan  # noqa: E402


def _fresh():
    return _index.RuleIndex(_index.catalogue_rules(), False, EXPLAINED_IN)


def _entries(lookups):
    return {path: {name: [(type(e).__name__, tuple(e.rule) if hasattr(e, "rule") else tuple(e),
                           getattr(e, "used", None), getattr(e, "other", None)) for e in entries]
                   for name, entries in names.items()}
            for path, names in lookups.items()}


def test_the_plan_is_what_the_catalogue_gives():
    assert generate_plan.check() == []


def test_the_check_fails_on_a_plan_out_of_date(tmp_path, monkeypatch):
    with open(generate_plan.OUTPUT) as f:
        text = f.read()
    stale = tmp_path / "_plan.py"
    stale.write_text(text.replace("RULE_COUNT = ", "RULE_COUNT = 1"))
    monkeypatch.setattr(generate_plan, "OUTPUT", str(stale))
    assert generate_plan.check() and generate_plan.main(["--check"]) == 1
    monkeypatch.setattr(generate_plan, "OUTPUT", str(tmp_path / "missing.py"))
    assert "is missing" in generate_plan.check()[0]


def test_the_planned_index_is_the_index_of_the_catalogue():
    planned, fresh = _index.RuleIndex.from_plan(_plan), _fresh()
    assert planned.planned and not fresh.planned
    assert planned.rule_count == fresh.rule_count == len(fresh.rules) > 250
    for attribute in ("paths", "methods", "adapters", "fallback_rule", "watched", "watched_parents", "keras_roots",
                      "path_tree", "adapter_targets", "v1"):
        assert getattr(planned, attribute) == getattr(fresh, attribute), attribute
    assert planned.scope.depth == fresh.scope.depth and planned.scope.extra == fresh.scope.extra
    assert {p: (tuple(e.rule), e.used, e.other) for p, e in planned.namespaces.items()} == \
        {p: (tuple(e.rule), e.used, e.other) for p, e in fresh.namespaces.items()}
    # The catalogue is read for the per-name tables only: the same names, entries, order
    # (whether or not its rows were asked for first).
    assert planned._rules is None
    assert planned.rules == fresh.rules
    assert _entries(planned.lookups) == _entries(fresh.lookups)
    # A served namespace has one entry, whichever way it is reached (its notices are counted once).
    for path, entry in planned.namespaces.items():
        parent, _, leaf = path.rpartition(".")
        assert entry in planned.lookups[parent][leaf]


def test_the_default_activation_takes_the_plan_and_the_others_the_catalogue():
    assert _index.for_activation(frozenset(), False).planned
    assert not _index.for_activation(frozenset(["data.AUTOTUNE"]), False).planned
    assert not _index.for_activation(frozenset(), True).planned


def test_a_plan_whose_sources_changed_is_not_used():
    assert _index.plan_is_current(_plan)
    for name, size in _plan.SOURCES.items():
        changed = types.SimpleNamespace(SOURCES=dict(_plan.SOURCES, **{name: size + 1}))
        assert not _index.plan_is_current(changed), name
    gone = types.SimpleNamespace(SOURCES={"rules/no_such_file.py": 1})
    assert not _index.plan_is_current(gone)


def test_the_plan_names_every_source_of_the_index():
    """A file the index is made from that the plan does not name could change unseen."""
    package = os.path.dirname(tfpatch.__file__)
    rules = {"rules/" + f for f in os.listdir(os.path.join(package, "rules"))
             if f.endswith(".py") and f not in ("_plan.py", "overrides.py")}
    adapters = {"adapters/tf1_arguments.py", "adapters/tf1_tables.py"}  # ADAPTER_DATA's
    assert set(_plan.SOURCES) == rules | {"_index.py", "_namespaces.py"} | adapters


def test_the_planned_adapter_data_is_what_the_adapter_computes():
    from tfpatch.adapters.tf1_arguments import keyword_index
    assert _index.RuleIndex.from_plan(_plan).adapter_data == {"tf1_arguments": keyword_index()}
    assert _fresh().adapter_data == {}
    assert list(_plan.ADAPTER_DATA["tf1_arguments"]) == sorted(_plan.ADAPTER_DATA["tf1_arguments"])


def test_a_hook_answers_names_no_row_serves_without_reading_the_catalogue():
    planned, fresh = _index.RuleIndex.from_plan(_plan), _fresh()
    table = planned.hook_table(("distribute", "compat.v1"))
    assert table.get("NoSuchStrategy") is None and table.get("Strategy") is None
    assert planned._lookups is None and planned._rules is None
    served = table.get("TPUStrategy")
    assert planned._lookups is not None  # the first served name reads the catalogue
    assert [(tuple(e.rule), e.used, e.other) for e in served] == \
        [(tuple(e.rule), e.used, e.other) for e in fresh.table(("distribute", "compat.v1"))["TPUStrategy"]]
    assert {p: set(names.split()) for p, names in _plan.NAMES.items()} == \
        {p: set(names) for p, names in fresh.lookups.items()}


def test_probes_of_missing_names_leave_the_catalogue_unread(fake_tf):
    fake_tf("old")
    tfpatch.activate()
    import tensorflow as tf
    index = tfpatch._activation.engine.index
    assert index.planned
    assert not hasattr(tf.distribute, "NoSuchStrategy") and not hasattr(tf, "no_such_function")
    assert index._lookups is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tf.distribute.TPUStrategy is tf.distribute.experimental.TPUStrategy  # served: read now
    assert index._lookups is not None


def test_a_plan_that_cannot_be_read_leaves_the_catalogue_to_do_it(monkeypatch):
    broken = types.SimpleNamespace(SOURCES={}, RULE_COUNT=1, ROWS=[("NoSuchKind", ())])
    monkeypatch.setitem(sys.modules, "tfpatch.rules._plan", broken)
    monkeypatch.setattr(tfpatch.rules, "_plan", broken, raising=False)
    index = _index.for_activation(frozenset(), False)
    assert not index.planned and index.rule_count == _fresh().rule_count
