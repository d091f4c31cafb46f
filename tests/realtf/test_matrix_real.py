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
    served = sorted(p for p in snapshots[source]["names"]
                    if not p.startswith("compat.") and p not in resolver.names
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
    removed = sorted(p for p in without if not p.startswith("compat.") and not resolver.beyond_snapshots(p))
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
