"""The command line, the report, strict mode, the .pth, the plugins, on fake trees."""
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

import tfpatch
from tfpatch import _pth, _report
from tfpatch._notices import TFPatchStrictError
from tfpatch.cli import main

from fakes import run_user_code
from fakes import write_tree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "legacy_mixed_precision.py")
COMMANDS = ["rules", "status", "run", "report", "check", "fix", "doctor", "install-pth", "uninstall-pth"]


def tfpatch_cli(*args, env=None, cwd=None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH")}
    environ["PYTHONPATH"] = ROOT
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "tfpatch"] + list(args), env=environ, cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120)


@pytest.mark.parametrize("command", [None] + COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(([command] if command else []) + ["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: tfpatch")
    assert len(out.splitlines()) > 4


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == "tfpatch " + tfpatch.__version__


@pytest.mark.parametrize("argv, message", [
    (["rules", "--release", "two"], "release 'two' is not understood; accepted: MAJOR.MINOR"),
    (["rules", "--format", "xml"], "invalid choice: 'xml'"),
    (["check", "x.py", "--target", ""], "release '' is not understood"),
    (["install-pth", "--dir", "/no/such/dir"], "'/no/such/dir' is not an existing directory"),
    (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
])
def test_bad_options_get_one_clear_message(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


# --- check ---------------------------------------------------------------------------------
def test_check_finds_the_legacy_uses_of_the_example():
    proc = tfpatch_cli("check", EXAMPLE, "--format", "json")
    assert proc.returncode == 1
    found = [(f["line"], f["found"], f["write"]) for f in json.loads(proc.stdout)]
    assert found == [
        (13, "tf.keras.mixed_precision.experimental", "tf.keras.mixed_precision"),
        (15, "tf.keras.mixed_precision.experimental.Policy", "tf.keras.mixed_precision.Policy"),
        (16, "tf.keras.mixed_precision.experimental.set_policy", "tf.keras.mixed_precision.set_global_policy"),
        (17, "tf.keras.mixed_precision.experimental.global_policy", "tf.keras.mixed_precision.global_policy"),
        (51, ".experimental_run_v2", ".run"),
    ]


def test_check_clean_for_a_release_that_has_the_names():
    proc = tfpatch_cli("check", EXAMPLE, "--target", "2.3")
    assert proc.returncode == 0 and proc.stdout == ""
    assert "0 sites TensorFlow 2.3 would need tfpatch for" in proc.stderr


def test_check_follows_import_aliases_and_notebooks(tmp_path):
    (tmp_path / "a.py").write_text(textwrap.dedent('''
        import tensorflow as tf
        from tensorflow import data as tfdata
        from tensorflow.distribute import experimental as dx
        import tensorflow.compat.v2 as tf2
        x = tfdata.AUTOTUNE
        y = tf2.distribute.TPUStrategy
        z = dx.TPUStrategy
        session.run(fetches)
        '''))
    cells = [{"cell_type": "markdown", "source": ["tf.data.AUTOTUNE\n"]},
             {"cell_type": "code", "source": ["%matplotlib inline\n", "import tensorflow as tf\n",
                                              "tf.data.AUTOTUNE\n"]}]
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": cells}))
    (tmp_path / "broken.py").write_text("def (:\n")
    proc = tfpatch_cli("check", str(tmp_path), "--target", "2.2")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert any(l.endswith("a.py:6:5: tf.data.AUTOTUNE -> tf.data.experimental.AUTOTUNE (since 2.4)") for l in lines)
    assert any("a.py:7:5: tf.distribute.TPUStrategy -> tf.distribute.experimental.TPUStrategy" in l for l in lines)
    assert any("nb.ipynb:cell2:3:1: tf.data.AUTOTUNE" in l for l in lines)
    assert not any(".run" in l for l in lines)  # `run` alone is too generic to match statically
    assert "broken.py: not checked, it does not parse" in proc.stderr


def test_check_missing_path():
    proc = tfpatch_cli("check", "no/such/path.py")
    assert proc.returncode == 2
    assert "no such file or directory: no/such/path.py" in proc.stderr


# --- report --------------------------------------------------------------------------------
USE = {"rule": "data.AUTOTUNE", "used": "tf.data.AUTOTUNE", "installed": "tf.data.experimental.AUTOTUNE",
       "since": "2.4", "file": "train.py", "line": 3, "count": 2}


def test_report_merges_processes(tmp_path):
    path = str(tmp_path / "uses.json")
    _report.write(path, [dict(USE)], {"pid": 1})
    _report.write(path, [dict(USE, count=5), dict(USE, line=9, count=1)], {"pid": 2})
    data = _report.read(path)
    assert [(u["line"], u["count"]) for u in data["uses"]] == [(3, 7), (9, 1)]
    assert [r["pid"] for r in data["runs"]] == [1, 2]
    assert not [n for n in os.listdir(str(tmp_path)) if ".tmp" in n]


def test_report_from_many_processes_at_once(tmp_path):
    path = str(tmp_path / "uses.json")
    code = ("import sys; sys.path.insert(0, %r); from tfpatch import _report; "
            "_report.write(%r, [%r], {'pid': 0})" % (ROOT, path, USE))
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(8)]
    assert all(p.wait(60) == 0 for p in procs)
    data = _report.read(path)
    assert data["uses"][0]["count"] == 16 and len(data["runs"]) == 8


def test_report_refuses_a_symlink_and_leaves_it(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "uses.json"
    link.symlink_to(victim)
    with pytest.raises(_report.ReportError) as err:
        _report.write(str(link), [USE], {})
    assert "is a symbolic link" in str(err.value)
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("setup, message", [
    (lambda d: str(d / "missing" / "uses.json"), "directory that does not exist"),
    (lambda d: (d / "a.json").write_text("not json") and str(d / "a.json"), "is not a tfpatch report"),
    (lambda d: (d / "sub").mkdir() or str(d / "sub"), "is not a regular file"),
])
def test_report_unusable_paths(tmp_path, setup, message):
    path = setup(tmp_path)
    before = open(path).read() if os.path.isfile(path) else None
    with pytest.raises(_report.ReportError) as err:
        _report.write(path, [USE], {})
    assert message in str(err.value)
    if before is not None:
        assert open(path).read() == before


def test_report_render(tmp_path):
    data = {"format": 1, "uses": [USE], "runs": []}
    text = _report.render(data, "text")
    assert "train.py\n  line 3: tf.data.AUTOTUNE -> write tf.data.experimental.AUTOTUNE" in text
    assert "| 3 | `tf.data.AUTOTUNE` | `tf.data.experimental.AUTOTUNE` | 2.4 | 2 |" in _report.render(data, "markdown")
    assert json.loads(_report.render(data, "json")) == data
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data))
    proc = tfpatch_cli("report", str(path))
    assert proc.returncode == 0 and "line 3" in proc.stdout
    proc = tfpatch_cli("report", str(tmp_path / "missing.json"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr


# --- strict mode ---------------------------------------------------------------------------
def test_strict_mode_raises_every_time(fake_tf):
    fake_tf("old")
    import tensorflow as tf
    tfpatch.activate(strict=True)
    for _ in range(2):
        with pytest.raises(TFPatchStrictError) as err:
            run_user_code("import tensorflow as tf\ntf.data.AUTOTUNE\n", filename="ci.py")
        assert str(err.value).startswith("ci.py:2: tf.data.AUTOTUNE is served by tfpatch")
    assert isinstance(err.value, AttributeError)
    assert not hasattr(tf.data, "AUTOTUNE")  # feature tests see the release as it is
    with pytest.raises(TFPatchStrictError):
        tf.distribute.Strategy().run(lambda: 1)


# --- run -----------------------------------------------------------------------------------
def _fake_program(tmp_path, body):
    root = write_tree(tmp_path / "tree", "old")
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(body))
    return root, script


def test_run_passes_exit_status_and_children_are_patched(tmp_path):
    root, script = _fake_program(tmp_path, '''
        import subprocess, sys
        import tensorflow as tf
        assert tf.data.AUTOTUNE == -1
        child = subprocess.run([sys.executable, "-c", "import sys, tensorflow as tf; tf.data.AUTOTUNE; "
                                "print(sys.modules['tfpatch'].status()['activated_by'])"],
                               stdout=subprocess.PIPE, universal_newlines=True)
        print("child:", child.stdout.strip())
        sys.exit(7)
        ''')
    proc = tfpatch_cli("run", str(script), env={"PYTHONPATH": os.pathsep.join([str(root), ROOT])})
    assert proc.returncode == 7, proc.stderr
    assert "child: tfpatch run" in proc.stdout
    # a call site in __main__: Python's filters show the warning, so it is the one notice
    assert "prog.py:4: TFPatchDeprecationWarning: tf.data.AUTOTUNE is served by tfpatch" in proc.stderr
    assert proc.stderr.count("prog.py:4: ") == 1, proc.stderr  # not the log line as well


def test_run_passes_signals(tmp_path):
    _, script = _fake_program(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n")
    proc = tfpatch_cli("run", str(script))
    assert proc.returncode == -signal.SIGTERM


def test_run_module_with_report_and_strict(tmp_path):
    root, _ = _fake_program(tmp_path, "")
    (tmp_path / "legacy_job.py").write_text("import tensorflow as tf\nprint(tf.data.AUTOTUNE)\n")
    env = {"PYTHONPATH": os.pathsep.join([str(root), str(tmp_path), ROOT])}
    report = tmp_path / "uses.json"
    proc = tfpatch_cli("run", "--report", str(report), "-m", "legacy_job", env=env)
    assert proc.returncode == 0 and proc.stdout.strip() == "-1", proc.stderr
    uses = _report.read(str(report))["uses"]
    assert [(os.path.basename(u["file"]), u["line"], u["used"]) for u in uses] == [
        ("legacy_job.py", 2, "tf.data.AUTOTUNE")]
    assert "1 spelling this TensorFlow lacks, used at 1 call site (1 use); report: " in proc.stderr
    strict = tfpatch_cli("run", "--strict", "-m", "legacy_job", env=env)
    assert strict.returncode == 1 and "TFPatchStrictError" in strict.stderr


def test_run_without_a_program():
    proc = tfpatch_cli("run")
    assert proc.returncode == 2 and "give a script or -m MODULE" in proc.stderr
    proc = tfpatch_cli("run", "no_such_script.py")
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_unwritable_report_keeps_the_exit_status(tmp_path):
    root, script = _fake_program(tmp_path, "import sys, tensorflow as tf\ntf.data.AUTOTUNE\nsys.exit(3)\n")
    env = {"PYTHONPATH": os.pathsep.join([str(root), ROOT])}
    proc = tfpatch_cli("run", "--report", str(tmp_path / "no" / "dir" / "r.json"), str(script), env=env)
    assert proc.returncode == 3
    assert "no report written: the report path" in proc.stderr and "does not exist" in proc.stderr


# --- the .pth ------------------------------------------------------------------------------
@pytest.mark.parametrize("switch, active", [(None, False), ("1", True), ("0", False), ("on", True)])
def test_pth_is_gated_by_the_environment(tmp_path, switch, active):
    venv = tmp_path / "venv"
    subprocess.check_call([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    py = str(venv / "bin" / "python")
    site_dir = subprocess.check_output([py, "-c", "import site; print(site.getsitepackages()[0])"],
                                       universal_newlines=True).strip()
    proc = tfpatch_cli("install-pth", "--dir", site_dir)
    assert proc.returncode == 0 and "installed" in proc.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH")}
    env["PYTHONPATH"] = ROOT
    if switch is not None:
        env["TFPATCH"] = switch
    out = subprocess.check_output([py, "-c", "import sys; t = sys.modules.get('tfpatch'); "
                                             "print(t.status()['activated_by'] if t else None)"],
                                  env=env, universal_newlines=True).strip()
    assert out == (".pth" if active else "None")
    # tfpatch uninstalled (not importable): the .pth stays quiet
    env["PYTHONPATH"] = str(tmp_path)
    proc = subprocess.run([py, "-c", "print('ok')"], env=dict(env, TFPATCH="1"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert proc.stdout.strip() == "ok" and proc.stderr == ""
    assert tfpatch_cli("uninstall-pth", "--dir", site_dir).returncode == 0
    assert not os.path.exists(os.path.join(site_dir, _pth.PTH_NAME))


# --- doctor --------------------------------------------------------------------------------
def test_doctor_reports_problems_with_fixes():
    ok = tfpatch_cli("doctor", "--no-import-tf")
    assert ok.returncode == 0 and "no problems found" in ok.stdout
    bad = tfpatch_cli("doctor", "--no-import-tf", env={"TFPATCH_LOG": "loud"})
    assert bad.returncode == 1
    assert "TFPATCH_LOG='loud' is not understood" in bad.stdout and "fix:" in bad.stdout


def test_doctor_sees_a_shadowed_sitecustomize(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "sitecustomize.py").write_text("X = 1\n")
    site_example = os.path.join(ROOT, "sitecustomize_example")
    proc = tfpatch_cli("doctor", "--no-import-tf",
                       env={"PYTHONPATH": os.pathsep.join([str(other), site_example, ROOT])})
    assert proc.returncode == 1
    assert "is shadowed by %s" % (other / "sitecustomize.py") in proc.stdout


# --- pytest plugin and IPython -------------------------------------------------------------
def test_pytest_plugin(tmp_path):
    root = write_tree(tmp_path / "tree", "old")
    (tmp_path / "test_legacy.py").write_text(
        "import tensorflow as tf\ndef test_it():\n    assert tf.data.AUTOTUNE == -1\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), ROOT])
    env["TFPATCH"] = "0"  # only the plugin's option may switch tfpatch on ... and TFPATCH=0 wins

    def pytest(*args, **extra):
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:tfpatch", "-p", "tfpatch_pytest", "-q",
                               "-p", "no:cacheprovider", str(tmp_path / "test_legacy.py")] + list(args),
                              env=dict(env, **extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, cwd=str(tmp_path))
    assert pytest("--tfpatch").returncode == 1          # TFPATCH=0 keeps it off
    del env["TFPATCH"]
    on = pytest("--tfpatch")
    assert on.returncode == 0, on.stdout
    assert "tf.data.AUTOTUNE -> tf.data.experimental.AUTOTUNE" in on.stdout
    strict = pytest("--tfpatch=strict")
    assert strict.returncode == 1 and "TFPatchStrictError" in strict.stdout


def test_pytest_flag_leaves_the_next_argument_alone(tmp_path):
    """`pytest --tfpatch tests/` as users type it: the path is a path, not the option's value."""
    root = write_tree(tmp_path / "tree", "old")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_legacy.py").write_text(
        "import tensorflow as tf\ndef test_it():\n    assert tf.data.AUTOTUNE == -1\n")
    (tmp_path / "test_elsewhere.py").write_text("def test_not_collected():\n    assert False\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), ROOT])

    def pytest(*args):
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:tfpatch", "-p", "tfpatch_pytest", "-q",
                               "-p", "no:cacheprovider"] + list(args), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, cwd=str(tmp_path))
    for argv in (["--tfpatch", "tests/"], ["tests/", "--tfpatch"], ["--tfpatch=on", "tests/"]):
        proc = pytest(*argv)
        assert proc.returncode == 0, (argv, proc.stdout, proc.stderr)
        assert "1 passed" in proc.stdout and "tf.data.AUTOTUNE -> tf.data.experimental.AUTOTUNE" in proc.stdout
    strict = pytest("--tfpatch=strict", "tests/")
    assert strict.returncode == 1 and "TFPatchStrictError" in strict.stdout and "1 failed" in strict.stdout
    off = pytest("--tfpatch=off", "tests/")
    assert off.returncode == 1 and "1 failed" in off.stdout  # the alias is not there: AttributeError
    bad = pytest("--tfpatch=loud", "tests/")
    assert bad.returncode == 4 and "--tfpatch: ignored explicit argument 'loud'" in bad.stderr


def test_ipython_extension(fake_tf, capsys):
    fake_tf("old")
    tfpatch.load_ipython_extension(None)
    assert "active" in capsys.readouterr().out
    import tensorflow as tf
    assert tf.data.AUTOTUNE == -1
    tfpatch.unload_ipython_extension(None)
    assert not tfpatch.status()["active"]


# --- one notice per use --------------------------------------------------------------------
def _notice_run(tmp_path, args=(), env=None, main_body="import lib\nlib.use()\nimport tensorflow as tf\ntf.data.AUTOTUNE\n"):
    root = write_tree(tmp_path / "tree", "old")
    (tmp_path / "lib.py").write_text("import tensorflow as tf\ndef use():\n    return tf.data.AUTOTUNE\n")
    (tmp_path / "prog.py").write_text("import tfpatch\n" + main_body)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TFPATCH", "PYTHONWARNINGS"))}
    environ["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(root), ROOT])
    environ.update(env or {})
    return subprocess.run([sys.executable] + list(args) + [str(tmp_path / "prog.py")], env=environ,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120)


def test_each_use_is_told_once(tmp_path):
    proc = _notice_run(tmp_path)
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr
    # the library's call site: Python's default filters hide DeprecationWarning there -> the log line
    assert "tfpatch: %s:3: tf.data.AUTOTUNE is served by tfpatch" % (tmp_path / "lib.py") in err
    assert "lib.py:3: TFPatchDeprecationWarning" not in err
    # __main__'s call site: the filters show the warning -> the warning, and no log line
    assert "prog.py:5: TFPatchDeprecationWarning: tf.data.AUTOTUNE is served by tfpatch" in err
    assert err.count("prog.py:5:") == 1, err


def test_warning_filters_still_rule(tmp_path):
    # -W error: the use raises, wherever it is
    proc = _notice_run(tmp_path, ["-W", "error::DeprecationWarning"])
    assert proc.returncode == 1 and "TFPatchDeprecationWarning: tf.data.AUTOTUNE" in proc.stderr
    # -W default: the library's warning is shown too, and is then its only notice
    proc = _notice_run(tmp_path, ["-W", "default::DeprecationWarning"])
    assert proc.returncode == 0
    assert "lib.py:3: TFPatchDeprecationWarning" in proc.stderr
    assert proc.stderr.count("lib.py:3:") == 1, proc.stderr
    # -W ignore: every warning hidden -> every use has its log line; TFPATCH_LOG=off silences those
    proc = _notice_run(tmp_path, ["-W", "ignore"])
    assert "tfpatch: %s:5: tf.data.AUTOTUNE" % (tmp_path / "prog.py") in proc.stderr
    proc = _notice_run(tmp_path, ["-W", "ignore"], env={"TFPATCH_LOG": "off"})
    assert "AUTOTUNE" not in proc.stderr


def test_a_handler_on_the_logger_gets_every_notice(tmp_path):
    body = ("import logging\nrecords = []\nh = logging.Handler()\nh.emit = records.append\n"
            "logging.getLogger('tfpatch').addHandler(h)\n"
            "import lib\nlib.use()\nimport tensorflow as tf\ntf.data.AUTOTUNE\n"
            "print(sorted(r.getMessage().split(': ')[0].rsplit('/', 1)[-1] for r in records))\n")
    proc = _notice_run(tmp_path, main_body=body)
    assert proc.returncode == 0, proc.stderr
    assert "['lib.py:3', 'prog.py:10']" in proc.stdout
