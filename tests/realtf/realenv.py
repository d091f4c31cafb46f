"""Helpers to run programs in the real-TensorFlow environments of the matrix.

A missing environment is a failure with the command that builds it, never a
skip: a real-TF test that did not run must not be counted as passed.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import tfenvs  # noqa: E402



def _selected():
    """The releases of this run: ``REALTF_RELEASES`` (comma-separated names, set by
    scripts/test.sh from ``tools/tfenvs.py select``), else the fixed set."""
    names = [n.strip() for n in os.environ.get("REALTF_RELEASES", "").split(",") if n.strip()]
    unknown = [n for n in names if n not in tfenvs.RELEASES]
    if unknown:
        raise SystemExit("REALTF_RELEASES names unknown releases %s; known: %s"
                         % (unknown, ", ".join(tfenvs.RELEASES)))
    return names or list(tfenvs.FIXED)


#: Every release of this run; TF2_ENVS: those with TensorFlow 2 (1.15 runs only the import
#: and the TF1 program); BASE_ENVS: the TF2 ones with the Keras pip gives them (no variants).
ENVS = _selected()
TF2_ENVS = [e for e in ENVS if tfenvs.release_of(e) >= (2, 0)]
BASE_ENVS = [e for e in TF2_ENVS if "-" not in e]
release_of = tfenvs.release_of
keras_of = tfenvs.keras_of
SITE_DIR = ROOT / "sitecustomize_example"

#: Seconds each release has spent in programs this run (its budget: tfenvs.BUDGET), and the
#: processor seconds those programs used (what the wall time is on an otherwise idle machine).
SPENT = {}
CPU = {}

#: How each catalogue row was proven on each release of the run (tests/realtf/test_rows_real.py):
#: {row id: {env: "lookup" | "case <id>" | "blocked" | "present" | "neither" | "cannot: <why>"}}.
PROVEN = {}


def budget_of(env):
    return tfenvs.budget(env)


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
    """Run the environment's python with ``args``; returns CompletedProcess (text).
    The environment's own variables (TF_USE_LEGACY_KERAS=1 for tf_keras) come first,
    ``extra`` after.  Each release has a time budget for the run (tfenvs.BUDGET): a
    program gets what is left of it at most, and a release past it fails its tests."""
    python = env_python(env)
    left = budget_of(env) - SPENT.get(env, 0.0)
    if left <= 0:
        pytest.fail("%s has used its time budget of %ds for this run (tools/tfenvs.py BUDGET)"
                    % (env, budget_of(env)), pytrace=False)
    environ = dict(tfenvs.environ_of(env), **extra)
    start, cpu = time.monotonic(), _children_cpu()
    try:
        return subprocess.run([python] + list(args), env=clean_environ(**environ),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                              timeout=min(timeout, left), cwd=str(ROOT))
    except subprocess.TimeoutExpired:
        if left < timeout:
            pytest.fail("%s ran out of its time budget of %ds for this run (tools/tfenvs.py BUDGET)"
                        % (env, budget_of(env)), pytrace=False)
        raise
    finally:
        SPENT[env] = SPENT.get(env, 0.0) + time.monotonic() - start
        CPU[env] = CPU.get(env, 0.0) + _children_cpu() - cpu


def _children_cpu():
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime




# Looks up tf.<path> for each path in argv[1] (JSON), after `import tensorflow` and loading
# tf.keras as a program would; prints {path: true or "ErrorType: first line"}.
RESOLVE_PROBE = '''
import json, sys, warnings
warnings.simplefilter("ignore")
%s
import tensorflow as tf
tf.keras.layers
found = {}
for path in json.loads(sys.argv[1]):
    obj = tf
    try:
        for part in path.split("."):
            obj = getattr(obj, part)
        found[path] = True
    except Exception as exc:
        found[path] = "%%s: %%s" %% (type(exc).__name__, (str(exc).splitlines() or [""])[0])
print(json.dumps(found))
'''


def resolve_paths(env, paths, with_tfpatch):
    """``{path: True or error}`` for ``tf.<path>`` on a real release."""
    code = RESOLVE_PROBE % ("import tfpatch" if with_tfpatch else "")
    extra = {"PYTHONPATH": pythonpath(ROOT)} if with_tfpatch else {}
    proc = run_python(env, ["-c", code, json.dumps(list(paths))], **extra)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])
