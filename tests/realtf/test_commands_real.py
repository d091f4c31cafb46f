"""The commands on real TensorFlow: 2.21 (Keras 3) and 2.3 (the newest-code-on-old-release case).

The shipped examples run under `tfpatch run --report`; the report lists every use
with the right file and line, and `tfpatch check` on the same file finds the same uses.
"""
import json
import os
import re
import subprocess

import pytest

from realenv import ROOT, env_python, pythonpath, run_python

pytestmark = pytest.mark.realtf

# env -> (example, target release) : the example that breaks on that release
PROGRAMS = {
    "tf2.21": ("examples/legacy_mixed_precision.py", "2.21"),
    "tf2.3": ("examples/new_api_training.py", "2.3"),
}
COMMANDS = ["rules", "status", "run", "report", "check", "doctor", "install-pth", "uninstall-pth"]


def tfpatch_cmd(env, *args, **extra):
    return run_python(env, ["-m", "tfpatch"] + list(args), PYTHONPATH=pythonpath(ROOT), **extra)


@pytest.mark.parametrize("env", sorted(PROGRAMS))
@pytest.mark.parametrize("command", COMMANDS)
def test_help(env, command):
    proc = tfpatch_cmd(env, command, "--help")
    assert proc.returncode == 0 and proc.stdout.startswith("usage: tfpatch"), proc.stderr


@pytest.mark.parametrize("env", sorted(PROGRAMS))
def test_run_report_and_check_agree(env, tmp_path):
    example, target = PROGRAMS[env]
    report = tmp_path / "uses.json"
    plain = run_python(env, [example])
    assert plain.returncode != 0, "the example must break on %s without tfpatch" % env
    proc = tfpatch_cmd(env, "run", "--report", str(report), example)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "trained with TensorFlow" in proc.stdout
    uses = json.loads(report.read_text())["uses"]
    assert uses and all(u["file"].endswith(os.path.basename(example)) for u in uses)
    runtime = sorted({(u["line"], u["used"].rsplit(".", 1)[1]) for u in uses})
    check = tfpatch_cmd(env, "check", example, "--target", target, "--format", "json")
    assert check.returncode == 1
    static = sorted({(f["line"], f["found"].rsplit(".", 1)[1]) for f in json.loads(check.stdout)})
    assert runtime == static
    shown = tfpatch_cmd(env, "report", str(report), "--format", "markdown")
    assert shown.returncode == 0 and "| line | written | write instead |" in shown.stdout


@pytest.mark.parametrize("env", sorted(PROGRAMS))
def test_strict_run_fails_at_the_first_use(env):
    example, _ = PROGRAMS[env]
    proc = tfpatch_cmd(env, "run", "--strict", example)
    assert proc.returncode == 1
    # an attribute use raises TFPatchStrictError; an import statement fails with ImportError
    last = proc.stderr.strip().splitlines()[-2]
    assert last.startswith(("tfpatch.TFPatchStrictError: ", "TFPatchStrictError: ", "ImportError: ")), last
    assert last.endswith("(TFPATCH_STRICT=1 makes this an error)")


@pytest.mark.parametrize("env", sorted(PROGRAMS))
def test_doctor_and_status_on_real_tensorflow(env):
    proc = tfpatch_cmd(env, "doctor")
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    version = "2.21." if env == "tf2.21" else "2.3."
    assert "TensorFlow:    " + version in proc.stdout
    assert "tf.keras:" in proc.stdout
    assert "rules that matter on TensorFlow %s" % version.rstrip(".") in proc.stdout
    status = tfpatch_cmd(env, "status", "--import-tf", "--format", "json")
    info = json.loads(status.stdout)
    assert info["active"] and info["tensorflow"].startswith(version) and info["failures"] == []


@pytest.fixture(scope="module")
def pytest_for(tmp_path_factory):
    """pytest installed beside (not into) an environment, for the plugin test."""
    made = {}

    def get(env):
        if env not in made:
            target = tmp_path_factory.mktemp("pytest-" + env)
            subprocess.check_call([env_python(env), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                                   "--target", str(target), "pytest"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            made[env] = target
        return made[env]
    return get


PLUGIN_USE = {
    "tf2.21": r"test_legacy\.py:3: tf\.distribute\.\w+\.experimental_run_v2 -> tf\.distribute\.\w+\.run \(since 2\.\d+\), 1 use\n",
    "tf2.3": r"test_legacy\.py:3: tf\.data\.AUTOTUNE -> tf\.data\.experimental\.AUTOTUNE \(since 2\.\d+\), 1 use\n",
}


@pytest.mark.parametrize("env", sorted(PROGRAMS))
def test_pytest_plugin_on_real_tensorflow(env, tmp_path, pytest_for):
    body = ("import tensorflow as tf\n"
            "def test_legacy():\n"
            "    tf.distribute.get_strategy().experimental_run_v2(lambda: None)\n"
            if env == "tf2.21" else
            "import tensorflow as tf\n"
            "def test_new():\n"
            "    assert tf.data.AUTOTUNE == -1\n")
    (tmp_path / "test_legacy.py").write_text(body)
    args = ["-m", "pytest", "-p", "no:tfpatch", "-p", "tfpatch_pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]
    path = pythonpath(ROOT, pytest_for(env))
    assert run_python(env, args, PYTHONPATH=path, TFPATCH="0").returncode == 1
    on = run_python(env, args + ["--tfpatch"], PYTHONPATH=path)
    assert on.returncode == 0, on.stdout[-3000:]
    # the plugin's own section lists the one use, at the test file's line 3
    assert re.search(r"^=+ tfpatch =+$", on.stdout, re.M), on.stdout[-3000:]
    assert "1 spelling this TensorFlow lacks, used at 1 call site (1 use):" in on.stdout, on.stdout[-3000:]
    assert re.search(PLUGIN_USE[env], on.stdout), on.stdout[-3000:]
    strict = run_python(env, args + ["--tfpatch=strict"], PYTHONPATH=path)
    assert strict.returncode == 1 and "TFPatchStrictError" in strict.stdout
