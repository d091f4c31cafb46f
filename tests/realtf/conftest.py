"""Fixtures of the real-TensorFlow tests; the helpers are in realenv.py."""
import json

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
