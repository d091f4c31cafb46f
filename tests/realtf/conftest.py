"""Runs programs in the real-TensorFlow environments of the matrix.

A missing environment is a failure with the command that builds it, never a
skip: a real-TF test that did not run must not be counted as passed.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import tfenvs  # noqa: E402

ENVS = list(tfenvs.MATRIX)
SITE_DIR = ROOT / "sitecustomize_example"


def env_python(env):
    if not tfenvs.is_ready(env):
        pytest.fail("the TensorFlow environment %s is missing: build it with "
                    "`python tools/tfenvs.py ensure %s` (the README's test command does)" % (env, env),
                    pytrace=False)
    return str(tfenvs.env_python(env))


def clean_environ(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TFPATCH") and k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.update({k: v for k, v in extra.items() if v is not None})
    return env


def pythonpath(*dirs):
    return os.pathsep.join(str(d) for d in dirs)


MODE_ENV = {
    "none": {},
    "import": {"PYTHONPATH": pythonpath(ROOT)},
    "after": {"PYTHONPATH": pythonpath(ROOT)},
    "site": {"PYTHONPATH": pythonpath(SITE_DIR, ROOT), "TFPATCH": "1"},
    "off": {"PYTHONPATH": pythonpath(SITE_DIR, ROOT), "TFPATCH": "0"},
}


def run_python(env, args, timeout=600, **extra):
    """Run the environment's python with ``args``; returns CompletedProcess (text)."""
    return subprocess.run([env_python(env)] + list(args), env=clean_environ(**extra),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=timeout, cwd=str(ROOT))


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
