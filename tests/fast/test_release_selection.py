"""Which real TensorFlow releases a test run uses (tools/tfenvs.py select)."""
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import tfenvs  # noqa: E402


def names(chosen):
    return [name for name, _ in chosen]


def test_every_run_has_the_releases_other_cases_name():
    for number in range(40):
        chosen = names(tfenvs.select(number=number))
        assert chosen[:len(tfenvs.FIXED)] == list(tfenvs.FIXED)
        assert {"tf2.1", "tf2.3", "tf2.15", "tf2.16", "tf2.21"} <= set(chosen)
        assert any((2, 6) <= tfenvs.release_of(n) <= (2, 10) for n in chosen)
        assert len(chosen) == len(set(chosen)) == len(tfenvs.FIXED) + tfenvs.ROTATE


def test_every_release_runs_within_a_few_commits():
    window = math.ceil(len(tfenvs.ROTATING) / tfenvs.ROTATE)
    assert window <= 10
    for start in range(0, 30):
        seen = set()
        for number in range(start, start + window):
            seen.update(names(tfenvs.select(number=number)))
        assert seen == set(tfenvs.RELEASES), sorted(set(tfenvs.RELEASES) - seen)


def test_the_rotation_moves_with_the_commit_and_says_why():
    first, second = tfenvs.select(number=7), tfenvs.select(number=8)
    assert names(first)[-tfenvs.ROTATE:] != names(second)[-tfenvs.ROTATE:]
    assert all(why == "fixed" for _, why in first[:len(tfenvs.FIXED)])
    assert all(why.startswith("rotating (commit 7: ") for _, why in first[len(tfenvs.FIXED):])
    assert tfenvs.select(number=None)  # from the checkout's history, or commit 0 without one


def test_all_releases_is_every_release():
    chosen = tfenvs.select(all_releases=True)
    assert names(chosen) == list(tfenvs.RELEASES)
    assert {"tf1.15", "tf2.16-tf_keras", "tf2.21-tf_keras", "tf2.16-keras3.0"} <= set(names(chosen))


def test_release_and_keras_of_an_environment():
    assert tfenvs.release_of("tf2.16-tf_keras") == (2, 16) and tfenvs.release_of("tf1.15") == (1, 15)
    assert tfenvs.keras_of("tf2.16-tf_keras") == (2, 15)
    assert tfenvs.keras_of("tf2.16-keras3.0") == (3, 0)
    assert tfenvs.keras_of("tf2.12") == (2, 12) and tfenvs.keras_of("tf2.21")[0] == 3


def test_the_budgets_of_any_run_fit_in_ci():
    """The real-TF part of a run can take no longer than the budgets of its releases: with the
    environments' builds, the fast tests and the install check, CI stays within its 90 minutes."""
    for number in range(40):
        total = sum(tfenvs.BUDGETS.get(n, tfenvs.BUDGET) for n in names(tfenvs.select(number=number)))
        assert total <= 60 * 60, (number, total)
