"""tfpatch on real releases: reversibility, no early loading, the main job."""
import json
import textwrap

import pytest

from realenv import ENVS, ROOT, SITE_DIR, TF2_ENVS, pythonpath, release_of, run_python

pytestmark = pytest.mark.realtf

ALIAS_USES = [
    "tf.distribute.TPUStrategy", "tf.distribute.MultiWorkerMirroredStrategy", "tf.data.AUTOTUNE",
    "tf.compat.v2.distribute.TPUStrategy",
    "tf.keras.mixed_precision.set_global_policy", "tf.keras.mixed_precision.global_policy",
    "tf.keras.mixed_precision.Policy", "tf.keras.mixed_precision.experimental.set_policy",
    "tf.keras.mixed_precision.experimental.global_policy",
    "strategy.run", "strategy.experimental_run_v2", "strategy.distribute_datasets_from_function",
]

SNAPSHOT = textwrap.dedent('''
    import json, sys, warnings
    warnings.simplefilter("ignore")
    ROOTS = ("tensorflow", "tensorflow_core", "keras", "tf_keras")
    def snap(tf):
        out = {}
        for name, mod in list(sys.modules.items()):
            if mod is None or name.split(".")[0] not in ROOTS:
                continue
            try:
                d = object.__getattribute__(mod, "__dict__")
            except Exception:
                continue
            out[name] = [id(mod), sorted((k, id(v)) for k, v in list(d.items()))]
        for cls in tf.distribute.Strategy.__mro__:
            out["class " + cls.__name__] = sorted((k, id(v)) for k, v in vars(cls).items())
        return out
    def leftovers():
        found = []
        for name, mod in list(sys.modules.items()):
            try:
                d = object.__getattribute__(mod, "__dict__")
            except Exception:
                continue
            if getattr(d.get("__getattr__"), "_tfpatch_engine", None) is not None:
                found.append(name)
        found += ["path hook"] * sum(getattr(h, "_tfpatch_hook", False) for h in sys.path_hooks)
        found += [p for p, f in list(sys.path_importer_cache.items()) if type(f).__name__ == "PatchingFileFinder"]
        spec = getattr(sys.modules.get("tensorflow"), "__spec__", None)
        if spec is not None and "_tfpatch_hooks" in spec.__dict__:
            found.append("tensorflow's spec")
        return found
    def use(tf, expressions):
        served = 0
        for expr in expressions:
            try:
                eval(expr)
                served += 1
            except AttributeError:
                pass
        return served
''')


@pytest.mark.parametrize("env", TF2_ENVS)
def test_deactivate_leaves_every_module_as_it_was(env):
    script = SNAPSHOT + textwrap.dedent('''
        import tensorflow as tf
        tf.keras.mixed_precision.__name__          # load tf.keras as a program would
        strategy = tf.distribute.get_strategy()    # TF caches its default strategy on first use
        meta_path = list(sys.meta_path)
        before = snap(tf)
        import tfpatch
        served = use(tf, %r)
        tfpatch.deactivate()
        after = snap(tf)
        changed = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
        print(json.dumps({"changed": changed, "meta_path_same": sys.meta_path == meta_path,
                          "served": served, "leftovers": leftovers()}))
    ''' % (ALIAS_USES,))
    proc = run_python(env, ["-c", script], PYTHONPATH=pythonpath(ROOT))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["served"] == len(ALIAS_USES)  # every alias really was in place
    assert result["changed"] == []
    assert result["meta_path_same"] is True
    assert result["leftovers"] == []


@pytest.mark.parametrize("env", TF2_ENVS)
def test_deactivate_after_activation_at_start(env):
    """Active from interpreter start, then deactivated: no trace, the original error is back."""
    script = SNAPSHOT + textwrap.dedent('''
        import tfpatch
        import tensorflow as tf
        from tensorflow.keras import layers
        strategy = tf.distribute.get_strategy()
        served = use(tf, %r)
        tfpatch.deactivate()
        residue = [c.__name__ for c in tf.distribute.Strategy.__mro__
                   if any(type(v).__name__ == "MethodAlias" for v in vars(c).values())]
        try:
            minor = int(tf.__version__.split(".")[1])
            strategy.experimental_run_v2 if minor >= 4 else tf.data.AUTOTUNE   # gone from 2.4 / new in 2.4
            error = None
        except AttributeError as exc:
            error = str(exc)
        finders = [type(f).__name__ for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]
        print(json.dumps({"served": served, "leftovers": leftovers(), "residue": residue,
                          "error": error, "finders": finders}))
    ''' % (ALIAS_USES,))
    proc = run_python(env, ["-c", script], PYTHONPATH=pythonpath(ROOT))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["served"] == len(ALIAS_USES)
    assert result["leftovers"] == [] and result["residue"] == [] and result["finders"] == []
    assert result["error"] is not None and "has no attribute" in result["error"]


HOOKS_PROBE = textwrap.dedent('''
    import json, os, sys
    import tfpatch
    import tensorflow as tf
    import json.decoder, email.mime.text   # two imports that are not TensorFlow's
    patching = [p for p, f in sys.path_importer_cache.items() if type(f).__name__ == "PatchingFileFinder"]
    roots = [os.path.dirname(os.path.abspath(m.__file__)) for m in
             (sys.modules.get(n) for n in ("tensorflow", "tensorflow_core", "keras", "tf_keras",
                                           "tensorflow_estimator")) if m is not None]  # tf.estimator's
    roots += list(tf.__path__)
    print(json.dumps({
        "patching": len(patching),
        "outside": [p for p in patching if not any(p == r or p.startswith(r + os.sep) for r in roots)],
        "plain_json": type(sys.path_importer_cache[os.path.dirname(json.decoder.__file__)]).__name__,
        "spec": type(tf.__spec__).__module__ + "." + type(tf.__spec__).__name__,
        "followed": "_tfpatch_hooks" in tf.__spec__.__dict__,
        "importers": [type(f).__name__ for f in sys.meta_path].count("TFPatchFinder"),
        "front": type(sys.meta_path[0]).__name__,
        "served": (tf.compat.v1.Session is tf.Session),
    }))
''')


@pytest.mark.parametrize("env", ENVS)
def test_the_hooks_touch_only_tensorflows_directories(env):
    """On a real release: only directories inside TensorFlow's and Keras's packages
    (and tf.estimator's, 2.0-2.15) get a patching finder, everything else keeps
    Python's own; tensorflow's spec is
    its own class again after the import; one meta-path importer, not in front."""
    proc = run_python(env, ["-W", "ignore", "-c", HOOKS_PROBE], PYTHONPATH=pythonpath(ROOT))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["patching"] > 0 and result["outside"] == []
    assert result["plain_json"] == "FileFinder"
    assert result["spec"] in ("_frozen_importlib.ModuleSpec", "importlib._bootstrap.ModuleSpec")
    assert result["followed"] is False
    assert result["importers"] == 1 and result["front"] != "TFPatchFinder"
    assert result["served"] is True


@pytest.mark.parametrize("env", ENVS)
def test_nothing_is_loaded_early(env):
    """The same modules load with and without tfpatch, apart from tfpatch's own;
    tf.keras stays behind its lazy loader until the program touches it."""
    script = ("import json, sys\n%s\nimport tensorflow as tf\n"
              "print(json.dumps([sorted(sys.modules), type(vars(tf)['keras']).__name__]))\n")
    plain = run_python(env, ["-c", script % ""])
    patched = run_python(env, ["-c", script % "import tfpatch"], PYTHONPATH=pythonpath(ROOT))
    assert plain.returncode == 0 and patched.returncode == 0, patched.stderr[-3000:]
    plain_mods, plain_keras = json.loads(plain.stdout.strip().splitlines()[-1])
    patched_mods, patched_keras = json.loads(patched.stdout.strip().splitlines()[-1])
    assert set(plain_mods) - set(patched_mods) == set()
    assert {m for m in set(patched_mods) - set(plain_mods) if m.split(".")[0] != "tfpatch"} == set()
    assert patched_keras == plain_keras


def _told(stderr, line, text):
    """Whether a notice at the example's ``line`` says ``text``: a warning in ``__main__``
    (``file:line: TFPatchDeprecationWarning: text``), or the log line (``file:line: text``)."""
    where = "legacy_mixed_precision.py:%d: " % line
    return any(where + text in shown or where + "TFPatchDeprecationWarning: " + text in shown
               for shown in stderr.splitlines())


@pytest.mark.parametrize("env", TF2_ENVS)
def test_main_job_legacy_training_loop(env):
    """The README's main job: the TF 2.3-era example trains under tfpatch on every release;
    on the releases that lack its names it fails without tfpatch."""
    example = str(ROOT / "examples" / "legacy_mixed_precision.py")
    plain = run_python(env, [example])
    patched = run_python(env, [example], PYTHONPATH=pythonpath(SITE_DIR, ROOT), TFPATCH="1")
    assert patched.returncode == 0, patched.stderr[-3000:]
    assert "trained with TensorFlow" in patched.stdout
    keras = (2, 15) if env.endswith("-tf_keras") else release_of(env)
    if keras >= (2, 9):      # tf.keras.mixed_precision.experimental is gone: the import fails
        assert plain.returncode != 0
        assert "ImportError: cannot import name 'experimental'" in plain.stderr
        assert _told(patched.stderr, 51, "tf.distribute.Strategy.experimental_run_v2 is served by "
                     "tfpatch; this TensorFlow calls it tf.distribute.Strategy.run (since 2.2)")
        assert _told(patched.stderr, 16, "tf.keras.mixed_precision.experimental.set_policy")
    elif release_of(env) >= (2, 4):   # strategy.experimental_run_v2 is gone: the first step fails
        assert plain.returncode != 0
        assert "has no attribute 'experimental_run_v2'" in plain.stderr
        assert _told(patched.stderr, 51, "tf.distribute.Strategy.experimental_run_v2 is served by "
                     "tfpatch; this TensorFlow calls it tf.distribute.Strategy.run (since 2.2)")
        assert "mixed_precision.experimental" not in patched.stderr   # still the release's own
    else:
        assert plain.returncode == 0, plain.stderr[-3000:]
        assert "served by tfpatch" not in patched.stderr
