"""Every rule, on every release of the matrix: the break is real, and tfpatch mends it.

For each case and environment where the program breaks without tfpatch, the
test first checks the exact error, then runs it with tfpatch imported before
TensorFlow, imported after it, and activated by the sitecustomize example;
with TFPATCH=0 the original error must come back unchanged.  Where the
program does not break, it must run the same with tfpatch and get no notice.
"""
import re

import pytest

from cases import CASES
from realenv import TF2_ENVS, release_of

ACTIVE_MODES = ("import", "after", "site")

pytestmark = pytest.mark.realtf


# A case runs on every environment, or on those it names (``only``): a program that
# names what no spelling of a release has (2.1's Keras lacks most preprocessing layers).
PAIRS = [(env, case) for case in CASES for env in TF2_ENVS if case.only is None or env in case.only]


@pytest.mark.parametrize("env, case", PAIRS, ids=["%s-%s" % (c.id, e) for e, c in PAIRS])
def test_case(case_results, env, case):
    native = case_results(env, "none")["cases"][case.id]
    if env in case.breaks:
        assert native["error"] is not None, "the break this case documents did not happen"
        assert case.breaks[env] in native["error"]
        off = case_results(env, "off")["cases"][case.id]
        assert off["error"] == native["error"], "TFPATCH=0 must give back the original error"
        assert off["notices"] == []
        for mode in ACTIVE_MODES:
            result = case_results(env, mode)["cases"][case.id]
            assert result["error"] is None, "with tfpatch (%s): %s" % (mode, result["error"])
            notices = result["notices"]
            if case.notices is None:
                assert notices, mode
            else:
                assert len(notices) == case.notices, (mode, notices)
            for notice in notices:
                assert notice["filename"] == "<case %s>" % case.id, notice
                assert re.search(r" is (served|adapted) by tfpatch[;:] this TensorFlow", notice["message"])
                assert re.search(r"(since|before) 2\.\d+", notice["message"])
    else:
        assert native["error"] is None, native["error"]
        for mode in ACTIVE_MODES + ("off",):
            result = case_results(env, mode)["cases"][case.id]
            assert result["error"] is None, (mode, result["error"])
            assert result["notices"] == [], "no notice where the release has the name"


@pytest.mark.parametrize("env", TF2_ENVS)
def test_every_rule_is_exercised_where_it_matters(case_results, env):
    """The runs really happened on the release they claim, with tfpatch active."""
    expected = "%d.%d." % release_of(env)   # tf2.12 -> "2.12."
    for mode in ("none", "import", "site"):
        data = case_results(env, mode)
        assert data["tf_version"].startswith(expected)
        assert data["tfpatch_loaded"] == (mode != "none")
        if mode != "none":
            assert data["status"]["active"] is True
            assert data["status"]["failures"] == []
    assert case_results(env, "off")["status"]["active"] is False


def test_every_active_rule_has_a_case():
    """Hand-written rules each have a real-TF case; generated ones are checked against the
    history (tests/fast/test_history.py) and sampled on real releases (test_history_real.py)."""
    from tfpatch.rules import HANDWRITTEN
    covered = {rule for c in CASES for rule in c.rules}
    missing = [r.id for r in HANDWRITTEN if not r.blocked and r.id not in covered]
    assert missing == []
