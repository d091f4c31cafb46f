"""Never break a working program: faults, bad input, child processes, security (fake trees)."""
import logging
import os
import subprocess
import sys
import textwrap

import pytest

import tfpatch
from tfpatch._engine import Engine
from tfpatch.rules import CATALOGUE, Rename

from fakes import write_tree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = os.path.join(ROOT, "sitecustomize_example")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH") and k != "PYTHONPATH"}
    env.update(extra)
    return env


def run_py(code, **extra):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=clean_env(**extra),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120)


class LogCapture(logging.Handler):
    def __init__(self):
        super(LogCapture, self).__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def tfpatch_log():
    from tfpatch import _log
    handler = LogCapture()
    logger = _log.get()
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


# --- faults --------------------------------------------------------------------------------
def test_rule_naming_a_path_the_release_lacks(fake_tf, tfpatch_log):
    fake_tf("old")
    import tensorflow as tf
    engine = Engine(list(CATALOGUE) + [Rename("nosuch.Thing", "nosuch.experimental.Thing", "2.5")])
    engine.active = True
    engine.sweep()
    assert engine.failures.seen == [] and tfpatch_log == []
    tfpatch.activate()
    assert tf.data.AUTOTUNE == -1  # the other rules still apply
    engine.undo()


def test_rule_that_raises_while_applied_is_told_once(fake_tf, tfpatch_log, monkeypatch):
    """A rule that raises inside the engine's own code path (building the method alias it
    places on the class): the engine's guard around it, not one of the test's, tells it
    once however often the engine sweeps, and tfpatch steps aside for that rule only."""
    from tfpatch import _engine
    fake_tf("old")
    real = _engine.MethodAlias

    def exploding(server, rule, used, other):
        if used == "run":
            raise RuntimeError("boom")
        return real(server, rule, used, other)

    monkeypatch.setattr(_engine, "MethodAlias", exploding)
    tfpatch.activate()
    import tensorflow as tf
    tfpatch._activation.engine.sweep()
    tfpatch._activation.engine.sweep()
    told = [m for m in tfpatch_log if "internal error" in m]
    assert len(told) == 1 and "boom" in told[0] and "distribute.Strategy.run" in told[0], told
    assert tfpatch.status()["active"] is True
    assert tf.data.AUTOTUNE == -1
    s = tf.distribute.Strategy()
    assert s.distribute_datasets_from_function(lambda ctx: 5) == 5  # its neighbour rule applies
    with pytest.raises(AttributeError):
        s.run
    assert s.experimental_run_v2(lambda: 3) == 3   # the release's own method, untouched


def test_adapter_that_raises_while_installed_is_told_once(fake_tf, tfpatch_log, monkeypatch):
    """An adapter whose install function raises inside the real installation path: told
    once, the release's calls behave as without tfpatch (its own error, unchanged)."""
    from tfpatch import adapters

    def broken(engine, rules, tf, target):
        raise RuntimeError("adapter install bug")

    monkeypatch.setitem(adapters.ADAPTERS, "optimizer_arguments", broken)
    root = fake_tf("new")
    import tensorflow as tf
    with pytest.raises(ValueError) as native:
        tf.keras.optimizers.Adam(lr=0.01)
    tfpatch.deactivate()
    _purge_fake()
    sys.path.insert(0, str(root))
    tfpatch.activate()
    import tensorflow as tf  # noqa: F811
    with pytest.raises(ValueError) as patched:
        tf.keras.optimizers.Adam(lr=0.01)
    tfpatch._activation.engine.sweep()
    tfpatch._activation.engine.sweep()
    assert str(patched.value) == str(native.value)
    told = [m for m in tfpatch_log if "internal error" in m]
    assert len(told) == 1 and "adapter optimizer_arguments" in told[0] and "install bug" in told[0], told
    assert tf.keras.optimizers.Adam(learning_rate=0.5).learning_rate == 0.5
    assert tf.keras.mixed_precision.experimental.set_policy is tf.keras.mixed_precision.set_global_policy


def _purge_fake():
    from fakes import _purge
    _purge()


def test_tensorflow_absent_is_the_same_error(fake_tf):
    with pytest.raises(ImportError) as native:
        import tensorflow  # noqa: F401
    tfpatch.activate()
    with pytest.raises(ImportError) as patched:
        import tensorflow  # noqa: F401,F811
    assert (type(patched.value), str(patched.value)) == (type(native.value), str(native.value))


def test_keras_absent_is_the_same_error(fake_tf, tmp_path):
    root = fake_tf("new")
    import shutil
    shutil.rmtree(str(root / "keras"))
    import tensorflow as tf
    with pytest.raises(ImportError) as native:
        tf.keras.mixed_precision
    tfpatch.deactivate()
    for name in [n for n in sys.modules if n.split(".")[0] in ("tensorflow", "keras")]:
        del sys.modules[name]
    tfpatch.activate()
    import tensorflow as tf  # noqa: F811
    with pytest.raises(ImportError) as patched:
        tf.keras.mixed_precision
    assert (type(patched.value), str(patched.value)) == (type(native.value), str(native.value))
    assert tf.data.AUTOTUNE == -1


def test_an_internal_error_in_the_hook_never_breaks_import(fake_tf, monkeypatch, tfpatch_log):
    fake_tf("old")
    tfpatch.activate()
    monkeypatch.setattr(Engine, "module_loaded", lambda self, name, module, path=None: 1 / 0)
    import tensorflow as tf
    assert tf.distribute.experimental.TPUStrategy  # the import itself went through
    assert any("internal error in patching" in m for m in tfpatch_log)


# --- bad input: every variable, garbage values ---------------------------------------------
GARBAGE = ["", " ", "maybe", "2", "-1", "yes please", "\u00e9t\u00e9", "x" * 100000, "1; rm -rf /", "${HOME}"]


@pytest.mark.parametrize("variable", ["TFPATCH", "TFPATCH_LOG", "TFPATCH_DISABLE", "TFPATCH_STRICT"])
@pytest.mark.parametrize("value", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_in_the_environment(variable, value):
    from tfpatch import _config
    from tfpatch.rules import by_id
    config = _config.from_environ({variable: value}, by_id())
    assert len(config.problems) <= 1
    for problem in config.problems:
        assert variable in problem and "accepted" in problem
        assert len(problem) < 400  # a huge value is clipped in the message
    accepted = {"TFPATCH": config.enabled, "TFPATCH_LOG": config.log_level,
                "TFPATCH_DISABLE": config.disabled, "TFPATCH_STRICT": config.strict}[variable]
    defaults = {"TFPATCH": (None, True, False), "TFPATCH_LOG": ("warning",),
                "TFPATCH_DISABLE": (frozenset(),), "TFPATCH_STRICT": (False, True)}[variable]
    assert accepted in defaults


def test_a_program_with_every_variable_wrong_still_runs(tmp_path):
    root = write_tree(tmp_path / "tree", "old")
    proc = run_py("""
        import tfpatch, tensorflow as tf
        print(tf.data.AUTOTUNE, tfpatch.status()["active"])
        """, PYTHONPATH=os.pathsep.join([str(root), ROOT]), TFPATCH="sometimes", TFPATCH_LOG="loud",
        TFPATCH_DISABLE="nope,distribute.TPUStrategy", TFPATCH_STRICT="perhaps", TFPATCH_REPORT="",
        TFPATCH_COLOUR="red")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["-1", "True"]
    lines = [l for l in proc.stderr.splitlines() if l.startswith("tfpatch: ")]
    for name in ("TFPATCH=", "TFPATCH_LOG=", "TFPATCH_DISABLE names an unknown rule id 'nope'",
                 "TFPATCH_STRICT=", "TFPATCH_REPORT is empty", "TFPATCH_COLOUR is not a tfpatch variable"):
        assert sum(name in l for l in lines) == 1, (name, lines)


# --- children ----------------------------------------------------------------------------
CHILD_MODULE = """
import os, sys

def probe(_=None):
    import tensorflow as tf
    import tfpatch
    finders = [f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]
    return (tf.data.AUTOTUNE, len(finders), tfpatch.status()["activated_by"], id(tfpatch._activation.engine), os.getpid())
"""

PARENT = """
import multiprocessing, os, sys, json
sys.path.insert(0, %r)
import child
if __name__ == "__main__":
    parent = child.probe()
    out = {"parent": parent}
    for method in ("spawn", "forkserver", "fork"):
        ctx = multiprocessing.get_context(method)
        with ctx.Pool(1) as pool:
            out[method] = pool.apply(child.probe)
    print(json.dumps(out))
"""


def test_children_are_patched_through_the_environment(tmp_path):
    root = write_tree(tmp_path / "tree", "old")
    (tmp_path / "child.py").write_text(CHILD_MODULE)
    (tmp_path / "parent.py").write_text(PARENT % str(tmp_path))
    env = clean_env(PYTHONPATH=os.pathsep.join([SITE, str(root), ROOT]), TFPATCH="1")
    proc = subprocess.run([sys.executable, str(tmp_path / "parent.py")], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    import json
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    parent = out["parent"]
    assert parent[:3] == [-1, 1, "sitecustomize"]
    for method in ("spawn", "forkserver"):
        assert out[method][:3] == [-1, 1, "sitecustomize"], method  # patched once, at its own start
        assert out[method][4] != parent[4]
    fork = out["fork"]
    assert fork[:2] == [-1, 1] and fork[3] == parent[3]  # the parent's state, not a second activation


# --- security ----------------------------------------------------------------------------
def test_nothing_from_the_environment_is_executed_or_imported(tmp_path):
    marker = tmp_path / "pwned"
    hostile = {
        "TFPATCH": "__import__('os').system('touch %s')" % marker,
        "TFPATCH_LOG": "$(touch %s)" % marker,
        "TFPATCH_DISABLE": "antigravity,__import__('this')",
        "TFPATCH_REPORT": str(tmp_path / "r.json") + "; touch " + str(marker),
        "TFPATCH_STRICT": "`touch %s`" % marker,
    }
    baseline = run_py("import sys, tfpatch; print(sorted(sys.modules))", PYTHONPATH=ROOT)
    proc = run_py("import sys, tfpatch; print(sorted(sys.modules))", PYTHONPATH=ROOT, **hostile)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    extra = set(eval(proc.stdout)) - set(eval(baseline.stdout))
    assert not {"antigravity", "this"} & extra
    # what tfpatch itself uses to report the bad values (logging, difflib; its catalogue,
    # to check the rule ids asked for), all standard library or tfpatch's own
    stdlib = getattr(sys, "stdlib_module_names", None)
    if stdlib is not None:
        assert {m.split(".")[0] for m in extra} - {"tfpatch"} <= set(stdlib), extra
