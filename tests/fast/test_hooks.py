"""The import hooks: a path-entry hook that only TensorFlow's directories notice,
a meta-path importer consulted only for imports nothing else resolved, and the
end of ``import tensorflow`` heard through its spec."""
import os
import sys
from importlib.machinery import FileFinder

import pytest

import tfpatch
from tfpatch import _hook

from fakes import run_user_code


def _cached(path):
    return sys.path_importer_cache.get(str(path))


def _ours(hook):
    return getattr(hook, "_tfpatch_hook", False)


def test_other_directories_keep_pythons_own_finder(fake_tf, tmp_path):
    fake_tf("new")
    tfpatch.activate()
    other = tmp_path / "elsewhere"
    (other / "pkg").mkdir(parents=True)
    (other / "pkg" / "__init__.py").write_text("X = 1\n")
    (other / "pkg" / "mod.py").write_text("Y = 2\n")
    sys.path.insert(0, str(other))
    try:
        import pkg.mod  # noqa: F401
        assert type(_cached(other)) is FileFinder
        assert type(_cached(other / "pkg")) is FileFinder
    finally:
        sys.path.remove(str(other))
        for name in ("pkg.mod", "pkg"):
            sys.modules.pop(name, None)


def test_meta_path_importer_sits_last_and_declines_quickly(fake_tf):
    fake_tf("new")
    tfpatch.activate()
    finders = [f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]
    assert len(finders) == 1 and sys.meta_path[-1] is finders[0]
    assert finders[0].find_spec("json") is None
    assert [h for h in sys.path_hooks if _ours(h)] == [sys.path_hooks[0]]


def test_tensorflow_directories_patch_after_its_import(fake_tf):
    root = fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    api = root / "tensorflow" / "_api" / "v2"
    assert type(_cached(api)) is _hook.PatchingFileFinder
    assert type(_cached(api / "distribute")) is _hook.PatchingFileFinder
    # TensorFlow's own internals keep the plain one: nothing there is watched
    assert type(_cached(root / "tensorflow" / "python")) is FileFinder
    # the spec is tensorflow's own again, with no trace of having been followed
    assert type(tf.__spec__) is type(sys.modules["json"].__spec__)
    assert "_tfpatch_hooks" not in tf.__spec__.__dict__
    assert tf.__spec__._initializing is False


def test_nothing_is_wrapped_while_tensorflow_imports(fake_tf, monkeypatch):
    """Inside ``import tensorflow`` the engine is not called per module: one pass
    at its end patches everything, and the importer is off sys.meta_path."""
    fake_tf("new")
    tfpatch.activate()
    seen = []
    real_loaded = tfpatch._engine.Engine.module_loaded
    monkeypatch.setattr(tfpatch._engine.Engine, "module_loaded",
                        lambda self, *a: (seen.append(a[0]), real_loaded(self, *a)))
    original = _hook.Hooks.root_executed

    def root_executed(hooks, spec):
        seen.append(("end", [type(f).__name__ for f in sys.meta_path].count("TFPatchFinder")))
        return original(hooks, spec)

    monkeypatch.setattr(_hook.Hooks, "root_executed", root_executed)
    import tensorflow as tf
    assert seen[0] == ("end", 0)
    assert seen[1:] == ["tensorflow"]
    assert [type(f).__name__ for f in sys.meta_path].count("TFPatchFinder") == 1
    assert isinstance(vars(tf.distribute.experimental).get("__getattr__"), tfpatch._engine.ModuleHook)


def test_a_fresh_copy_loaded_later_is_patched_as_it_loads(fake_tf):
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    ns = run_user_code("from tensorflow.keras import mixed_precision as mp\n"
                       "import tensorflow as tf\n"
                       "x = tf.keras.mixed_precision.experimental.global_policy\n")
    assert ns["x"] is ns["mp"].global_policy
    fresh = sys.modules["tensorflow.keras"]  # a second module object, made by that import
    assert fresh is not sys.modules["keras._tf_keras.keras"]
    assert isinstance(vars(fresh).get("__getattr__"), tfpatch._engine.ModuleHook)
    assert tf is sys.modules["tensorflow"]


def test_an_api_package_only_the_tf1_fallback_watches_gets_its_later_modules_patched(fake_tf):
    # tf.sonar is no rule's path: its directory is learnt from TensorFlow's import itself
    # (its child was imported from there), so a module of it loaded afterwards gets the
    # TF1 fallback as it loads.
    root = fake_tf("new")
    api = root / "tensorflow" / "_api" / "v2"
    (api / "sonar").mkdir()
    (api / "sonar" / "__init__.py").write_text("from tensorflow._api.v2.sonar import ping\n")
    (api / "sonar" / "ping.py").write_text("X = 1\n")
    (api / "sonar" / "late.py").write_text("Y = 2\n")
    init = root / "tensorflow" / "__init__.py"
    init.write_text(init.read_text() + "from tensorflow._api.v2 import sonar\n")
    tfpatch.activate()
    import tensorflow as tf
    assert type(_cached(api / "sonar")) is _hook.PatchingFileFinder
    assert isinstance(vars(tf.sonar.ping).get("__getattr__"), tfpatch._engine.ModuleHook)  # the end-of-import pass
    import tensorflow._api.v2.sonar.late as late
    hook = vars(late).get("__getattr__")
    assert isinstance(hook, tfpatch._engine.ModuleHook) and hook.fallback is not None and hook.path == "sonar.late"


def test_the_fallback_pass_reads_an_api_package_only_if_a_module_was_imported_from_it(monkeypatch):
    # A child of a package of TensorFlow's API tree is imported from the package's
    # directory, where Python caches a finder: a package whose directory Python never
    # looked in (tf.raw_ops: ~1,300 names, no module) is not read for modules.
    from tfpatch import _api
    from tfpatch._namespaces import FallbackScope

    def package(name):
        directory = os.sep.join(["", "site", "tensorflow", "_api", "v2"] + name.split(".")[3:])
        module = type(sys)(name)
        module.__path__, module.__file__ = [directory], os.path.join(directory, "__init__.py")
        return module

    tf = type(sys)("tensorflow")
    tf.nn, tf.io = package("tensorflow._api.v2.nn"), package("tensorflow._api.v2.io")
    tf.nn.rnn, tf.io.gfile = package("tensorflow._api.v2.nn.rnn"), package("tensorflow._api.v2.io.gfile")
    monkeypatch.setitem(sys.path_importer_cache, tf.io.__path__[0], None)
    scope = FallbackScope(2)
    assert sorted(path for path, _ in _api.api_modules(tf, scope)) == ["io", "io.gfile", "nn"]
    monkeypatch.setitem(sys.path_importer_cache, tf.nn.__path__[0], None)
    assert sorted(path for path, _ in _api.api_modules(tf, scope)) == ["io", "io.gfile", "nn", "nn.rnn"]


def test_a_failing_import_leaves_its_error_and_no_trace(fake_tf):
    fake_tf("broken")
    tfpatch.activate()
    with pytest.raises(ImportError, match="numpy.core.multiarray failed to import"):
        import tensorflow  # noqa: F401
    assert "tensorflow" not in sys.modules
    assert [type(f).__name__ for f in sys.meta_path].count("TFPatchFinder") == 1
    assert tfpatch.status()["failures"] == []


def test_deactivate_removes_both_hooks_and_every_patching_finder(fake_tf):
    root = fake_tf("new")
    meta_path, path_hooks = sys.meta_path[:], sys.path_hooks[:]
    tfpatch.activate()
    import tensorflow  # noqa: F401
    assert any(type(f) is _hook.PatchingFileFinder for f in sys.path_importer_cache.values())
    tfpatch.deactivate()
    assert sys.meta_path == meta_path and sys.path_hooks == path_hooks
    assert not [p for p, f in sys.path_importer_cache.items() if type(f) is not FileFinder
                and type(f).__name__ == "PatchingFileFinder"]
    assert type(_cached(root / "tensorflow" / "_api" / "v2")) is FileFinder


def test_activation_after_tensorflow_patches_the_cached_finders(fake_tf):
    root = fake_tf("new")
    import tensorflow  # noqa: F401
    assert type(_cached(root / "tensorflow" / "_api" / "v2")) is FileFinder
    tfpatch.activate()
    assert type(_cached(root / "tensorflow" / "_api" / "v2")) is _hook.PatchingFileFinder


def test_path_hook_raises_nothing_and_returns_what_python_would(fake_tf, tmp_path):
    fake_tf("new")
    tfpatch.activate()
    hook = sys.path_hooks[0]
    assert _ours(hook)
    finder = hook(str(tmp_path))
    assert type(finder) is FileFinder and finder.path == str(tmp_path)
    archive = tmp_path / "lib.zip"
    import zipfile
    with zipfile.ZipFile(str(archive), "w") as z:
        z.writestr("zmod.py", "Z = 1\n")
    assert type(hook(str(archive))).__name__ == "zipimporter"
    assert os.path.isdir(str(tmp_path))


def test_without_the_end_of_import_signal_modules_are_patched_as_they_load(fake_tf, monkeypatch):
    """Where tensorflow's spec cannot be followed, nothing waits for its end: each
    watched module is patched as it loads, and the names are served all the same."""
    monkeypatch.setattr(_hook, "_notify_when_executed", lambda spec, hooks: False)
    fake_tf("old")
    tfpatch.activate()
    import tensorflow as tf
    with pytest.warns(tfpatch.TFPatchDeprecationWarning):
        assert tf.distribute.TPUStrategy is tf.distribute.experimental.TPUStrategy
    with pytest.warns(tfpatch.TFPatchDeprecationWarning):
        assert tf.data.AUTOTUNE == -1
    # the end-of-import pass ran at that first miss: the renamed methods are in place
    strategy = tf.distribute.Strategy()
    with pytest.warns(tfpatch.TFPatchDeprecationWarning):
        assert strategy.run(lambda: 7) == 7


def test_deactivate_while_tensorflow_imports_restores_its_spec(fake_tf, tmp_path):
    """A program that turns tfpatch off from inside TensorFlow's import (a plugin,
    say) gets tensorflow's spec back as it was, and the import completes."""
    root = fake_tf("old")
    init = root / "tensorflow" / "__init__.py"
    init.write_text("import tfpatch\ntfpatch.deactivate()\n" + init.read_text())
    tfpatch.activate()
    import tensorflow as tf
    assert type(tf.__spec__) is type(sys.modules["json"].__spec__)
    assert "_tfpatch_hooks" not in tf.__spec__.__dict__
    assert not [f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]
    with pytest.raises(AttributeError):
        tf.data.AUTOTUNE


def test_tensorflow_imported_again_through_cached_directories(fake_tf):
    """A second import of tensorflow (after a failed or purged one) goes through the
    finders Python cached the first time, without asking the path hooks: tfpatch
    still sees it start and patches it."""
    from fakes import _purge
    fake_tf("old")
    import tensorflow  # noqa: F401  (without tfpatch: caches the tree's directories)
    _purge()
    tfpatch.activate()
    assert tfpatch.status()["waiting_for_tensorflow"]
    import tensorflow as tf
    assert not tfpatch.status()["waiting_for_tensorflow"]
    with pytest.warns(tfpatch.TFPatchDeprecationWarning):
        assert tf.distribute.Strategy().run(lambda: 3) == 3
    with pytest.warns(tfpatch.TFPatchDeprecationWarning):
        assert tf.data.AUTOTUNE == -1


def test_an_interpreter_without_tensorflow_reads_no_catalogue():
    """import tfpatch where TensorFlow is never imported: the hooks wait, and the
    catalogue, the engine and the adapters are not even imported."""
    import json
    import subprocess
    code = ("import sys, json, tfpatch\n"
            "print(json.dumps([tfpatch._activation.state == 'waiting for tensorflow',\n"
            "                  sorted(m for m in sys.modules if m.startswith('tfpatch'))]))\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH")}
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(tfpatch.__file__)))
    out = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                         universal_newlines=True, timeout=60).stdout
    waiting, modules = json.loads(out.strip().splitlines()[-1])
    assert waiting is True
    assert [m for m in modules if m.startswith(("tfpatch.rules", "tfpatch._engine", "tfpatch.adapters"))] == []


def test_a_failure_when_the_engine_starts_never_breaks_the_import(fake_tf, monkeypatch, capsys):
    """If making the engine fails as tensorflow begins to import (inside importlib),
    tfpatch says so once, steps aside, and tensorflow imports as it would without it."""
    fake_tf("old")
    tfpatch.activate()
    monkeypatch.setattr(tfpatch._engine.Engine, "__init__", lambda self, *a, **k: 1 / 0)
    import tensorflow as tf
    assert tf.distribute.experimental.TPUStrategy
    assert not tfpatch.status()["active"]
    assert [h for h in sys.path_hooks if _ours(h)] == []
    assert capsys.readouterr().err.count("could not activate") == 1
