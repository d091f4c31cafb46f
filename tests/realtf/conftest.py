"""Fixtures of the real-TensorFlow tests; the helpers are in realenv.py."""
import json
import os

import pytest

from realenv import MODE_ENV, ROOT, run_python


@pytest.fixture(scope="session")
def case_results(tmp_path_factory):
    """``case_results(env, mode)``: the runner's JSON for every case, computed once."""
    from cases import CASES
    cache = {}
    workdir = tmp_path_factory.mktemp("realtf")
    cases_file = workdir / "cases.json"
    cases_file.write_text(json.dumps([{"id": c.id, "code": c.code} for c in CASES]))

    def get(env, mode):
        key = (env, mode)
        if key not in cache:
            out = workdir / ("%s-%s.json" % (env, mode))
            proc = run_python(env, [str(ROOT / "tests" / "realtf" / "runner.py"), mode,
                                    str(cases_file), str(out)], **MODE_ENV[mode])
            if proc.returncode != 0 or not out.exists():
                pytest.fail("runner failed on %s (%s), exit %s:\n%s" % (env, mode, proc.returncode,
                                                                       proc.stderr[-4000:]), pytrace=False)
            cache[key] = (json.loads(out.read_text()), proc.stderr)
        return cache[key][0]

    return get


def pytest_terminal_summary(terminalreporter):
    """The releases of the run, the time each took, and how many catalogue rows were
    proven on which of them (tests/realtf/test_rows_real.py)."""
    import realenv
    from tfpatch.rules import CATALOGUE
    write = terminalreporter.write_line
    if realenv.SPENT:
        write("real TensorFlow releases of this run (seconds in their programs / budget; processor seconds): "
              + ", ".join("%s %.0f/%d; %.0f" % (env, realenv.SPENT.get(env, 0), realenv.budget_of(env),
                                                realenv.CPU.get(env, 0)) for env in realenv.ENVS))
        write("all releases: %.0f s in programs, %.0f processor seconds" % (
            sum(realenv.SPENT.values()), sum(realenv.CPU.values())))
    if not realenv.PROVEN:
        return
    if os.environ.get("REALTF_PROVEN_JSON"):   # how each row was proven on each release, for a report
        with open(os.environ["REALTF_PROVEN_JSON"], "w") as f:
            json.dump(realenv.PROVEN, f, indent=1, sort_keys=True)
    proven = {row for row, envs in realenv.PROVEN.items()
              if any(how in ("lookup", "chained", "blocked") or how.startswith("case ") for how in envs.values())}
    write("catalogue rows proven on real releases: %d of %d (%d blocked rows shown to stay off)" % (
        len(proven), len(CATALOGUE),
        sum(1 for r in CATALOGUE if r.blocked and r.id in proven)))
    for env in realenv.TF2_ENVS:
        hows = {}
        for row, envs in realenv.PROVEN.items():
            how = envs.get(env)
            if how is not None:
                key = "case" if how.startswith("case ") else "cannot" if how.startswith("cannot") else how
                hows[key] = hows.get(key, 0) + 1
        write("  %-16s %s" % (env, ", ".join("%s %d" % kv for kv in sorted(hows.items()))))
    from tfpatch.rules.overrides import NOT_ON_CPU
    write("rows whose calls need hardware a CPU lacks (their lookups proven, the rows on): %d (%s)" % (
        len(NOT_ON_CPU), ", ".join(sorted(NOT_ON_CPU))))
    unproven = sorted(r.id for r in CATALOGUE if r.id not in proven)
    cannot = [r for r in unproven if any(how.startswith("cannot") for how in realenv.PROVEN.get(r, {}).values())]
    idle = [r for r in unproven if r not in cannot]
    for rows, what in ((cannot, "that the releases of this run cannot serve (why: tfpatch/rules/overrides.py)"),
                       (idle, "with nothing missing on the releases of this run (others rotate in)")):
        if rows:
            write("rows %s: %d: %s" % (what, len(rows), ", ".join(rows[:10]) + (" ..." if len(rows) > 10 else "")))
