"""Cells of the resolution matrix (docs/resolution-matrix.md), confirmed on real TensorFlow.

For a pair (S written for, T installed) the matrix predicts which of S's names
resolve on T only through tfpatch; a sample of them is looked up on the real T
with tfpatch active, and must resolve.
"""
import random
import sys

import pytest

from realenv import ROOT, resolve_paths

pytestmark = pytest.mark.realtf
sys.path.insert(0, str(ROOT / "tools"))

CELLS = [("2.1", "tf2.21"), ("2.15", "tf2.21"), ("2.8", "tf2.21"), ("2.21", "tf2.3"), ("2.10", "tf2.3"),
         ("2.3", "tf2.15")]
LABEL = {"tf2.3": "2.3", "tf2.15": "2.15", "tf2.21": "2.21"}


def cannot_serve(rules, env):
    """The spellings of rows that overrides.NOT_ON says cannot be served on ``env``'s release
    (the matrix reads the rows, not those notes)."""
    from tfpatch._api import parse_release
    from tfpatch.rules.overrides import NOT_ON
    release = parse_release(LABEL[env])
    paths = set()
    for rule in rules:
        for since, until, _ in NOT_ON.get(rule.id, ()):
            if (since is None or release >= parse_release(since)) and (until is None or release < parse_release(until)):
                paths.update(p for p in (getattr(rule, "modern", None), getattr(rule, "legacy", None)) if p)
    return paths


#: Names the real release resolves with tfpatch that the matrix counts as removed, and why:
#: the matrix reads each path alone and counts the rows that serve names, not adapters.
SERVED_BEYOND_THE_MATRIX = {
    "tf2.3": {"optimizers.legacy.": "tf.optimizers is tf.keras.optimizers's module on 2.3: the rows of "
                                    "keras.optimizers.legacy serve it too"},
    "tf2.21": {"keras.backend.learning_phase": "an adapter gives Keras 3's backend the learning phase "
                                               "(rules/keras.py)",
               "keras.backend.set_learning_phase": "the same adapter"},
}

@pytest.fixture(scope="module")
def matrix():
    import resolution_matrix as rm
    from build_history import load_snapshots
    snapshots = load_snapshots(quiet=True)
    hand, generated = rm.load_rules()
    return rm, snapshots, hand + generated


@pytest.mark.parametrize("source, env", CELLS, ids=["%s-on-%s" % c for c in CELLS])
def test_served_names_resolve_on_the_real_release(matrix, source, env):
    rm, snapshots, rules = matrix
    target = snapshots[LABEL[env]]
    resolver = rm.Resolver(target, rules)
    cannot = cannot_serve(rules, env)
    served = sorted(p for p in snapshots[source]["names"]
                    if not p.startswith("compat.") and p not in resolver.names and p not in cannot
                    and resolver.equivalent(p, *snapshots[source]["names"][p])
                    and resolver.resolve(p) is not None)
    assert served, "the matrix predicts nothing served for this cell"
    sample = random.Random(source + env).sample(served, min(120, len(served)))
    found = resolve_paths(env, sample, with_tfpatch=True)
    failed = {p: r for p, r in found.items() if r is not True}
    # names whose snapshot Keras differs from the installed one may differ (see history/README.md)
    assert len(failed) <= max(2, len(sample) // 100), failed


REMOVED_CELLS = [("2.21", "tf2.3"), ("2.10", "tf2.3"), ("2.8", "tf2.21"), ("2.15", "tf2.21")]


@pytest.mark.parametrize("source, env", REMOVED_CELLS, ids=["%s-on-%s" % c for c in REMOVED_CELLS])
def test_removed_names_are_missing_on_the_real_release(matrix, source, env):
    """The matrix's 'removed' share: S's names with no equivalent on T are missing on the
    real T even with tfpatch (what is left for the user to rewrite), while the names it
    counts as native resolve there without it."""
    rm, snapshots, rules = matrix
    without = []
    rm.name_cell(snapshots[source], snapshots[LABEL[env]], rules, without)
    # the TF1 fallback may serve names below the one level of compat.v1 the snapshots
    # record: the matrix counts them as removed without knowing (its text says so)
    resolver = rm.Resolver(snapshots[LABEL[env]], rules)
    beyond = tuple(SERVED_BEYOND_THE_MATRIX.get(env, {}))
    removed = sorted(p for p in without if not p.startswith("compat.") and not resolver.beyond_snapshots(p)
                     and not p.startswith(beyond))
    assert removed, "the matrix predicts nothing removed for this cell"
    rng = random.Random(source + env + "removed")
    sample = rng.sample(removed, min(120, len(removed)))
    found = resolve_paths(env, sample, with_tfpatch=True)
    resolved = sorted(p for p, r in found.items() if r is True)
    assert len(resolved) <= max(2, len(sample) // 100), resolved
    native = sorted(p for p in snapshots[source]["names"] if p in snapshots[LABEL[env]]["names"]
                    and not p.startswith("compat."))
    sample = rng.sample(native, min(120, len(native)))
    found = resolve_paths(env, sample, with_tfpatch=False)
    failed = {p: r for p, r in found.items() if r is not True}
    assert len(failed) <= max(2, len(sample) // 100), failed
