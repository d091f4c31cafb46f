"""Helpers to run programs in the real-TensorFlow environments of the matrix.

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
