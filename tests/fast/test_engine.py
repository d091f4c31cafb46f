"""The engine and the hook on fake trees: aliases both ways, notices, undo."""
import sys
import types
import warnings

import pytest

import tfpatch
from tfpatch._engine import MethodAlias
from tfpatch._notices import NOTICES, TFPatchDeprecationWarning

from fakes import run_user_code



def snapshot():
    """Every fake module's and class's names and the object each names."""
    state = {}
    for name, mod in sorted(sys.modules.items()):
        if name.split(".")[0] not in ("tensorflow", "keras") or mod is None:
            continue
        state[name] = (id(mod), {k: id(v) for k, v in vars(mod).items()})
        for value in list(vars(mod).values()):
            if isinstance(value, type):
                for cls in value.__mro__:
                    state["class %s.%s" % (cls.__module__, cls.__qualname__)] = {
                        k: id(v) for k, v in vars(cls).items()}
    return state


def notices_of(caught):
    return [w for w in caught if issubclass(w.category, TFPatchDeprecationWarning)]


def test_new_names_on_old_release(fake_tf):
    fake_tf("old")
    assert tfpatch.activate()
    import tensorflow as tf
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ns = run_user_code(
            "import tensorflow as tf\n"
            "tpu = tf.distribute.TPUStrategy\n"
            "auto = tf.data.AUTOTUNE\n"
            "s = tf.distribute.Strategy()\n"
            "value = s.run(lambda x: x + 1, args=(1,))\n"
            "tf.keras.mixed_precision.set_global_policy('mixed_float16')\n"
            "policy = tf.keras.mixed_precision.global_policy()\n")
    assert ns["tpu"] is tf.distribute.experimental.TPUStrategy
    assert ns["auto"] == -1
    assert ns["value"] == 2
    assert ns["policy"] == "mixed_float16"
    lines = sorted(w.lineno for w in notices_of(caught))
    assert lines == [2, 3, 5, 6, 7]
    assert all(w.filename == "user_code.py" for w in notices_of(caught))
    text = str(notices_of(caught)[0].message)
    assert text == ("tf.distribute.TPUStrategy is served by tfpatch; this TensorFlow (2.2.9) calls it "
                    "tf.distribute.experimental.TPUStrategy (tf.distribute.TPUStrategy since 2.3)")


def test_old_names_on_new_release(fake_tf):
    fake_tf("new")
    import tensorflow as tf
    tfpatch.activate()  # after TensorFlow: patches what is there at once
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ns = run_user_code(
            "import tensorflow as tf\n"
            "from tensorflow.keras.mixed_precision import experimental as mp\n"
            "mp.set_policy('mixed_float16')\n"
            "s = tf.distribute.Strategy()\n"
            "value = s.experimental_run_v2(lambda: 7)\n")
    assert ns["value"] == 7
    assert ns["mp"].set_policy is tf.keras.mixed_precision.set_global_policy
    assert tf.keras.mixed_precision.global_policy() == "mixed_float16"
    messages = [str(w.message) for w in notices_of(caught)]
    assert any("tf.keras.mixed_precision.experimental is served by tfpatch" in m for m in messages)
    assert any("tf.distribute.Strategy.experimental_run_v2 is served by tfpatch; this TensorFlow calls it "
               "tf.distribute.Strategy.run (since 2.2)" == m for m in messages)


def test_first_use_through_the_lazy_keras_loader_is_the_users_line(fake_tf):
    """On 2.16+ ``tf.keras`` is TensorFlow's KerasLazyLoader until first used: a served
    name met through it is told at the user's line, not at the loader's."""
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    assert type(vars(tf)["keras"]).__name__ == "KerasLazyLoader"   # not loaded yet
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_user_code("import tensorflow as tf\n"
                      "mp = tf.keras.mixed_precision.experimental\n", filename="train.py")
    assert [(w.filename, w.lineno) for w in notices_of(caught)] == [("train.py", 2)]
    assert [(k[3], k[4]) for k in NOTICES.uses] == [("train.py", 2)]


def test_import_statement_for_served_namespace(fake_tf):
    fake_tf("new")
    tfpatch.activate()
    ns = run_user_code("import tensorflow.keras.mixed_precision.experimental as mp\n"
                       "from tensorflow.keras.mixed_precision.experimental import set_policy\n")
    assert ns["set_policy"] is ns["mp"].set_policy
    tfpatch.deactivate()
    assert "tensorflow.keras.mixed_precision.experimental" not in sys.modules
    assert "experimental" not in vars(sys.modules["tensorflow.keras.mixed_precision"])


def test_fresh_module_objects_are_patched(fake_tf):
    """`from tensorflow.keras import layers` rebinds tf.keras to a fresh module (2.1, 2.6+)."""
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    first = tf.keras.mixed_precision
    run_user_code("from tensorflow.keras import layers\nimport tensorflow.keras.mixed_precision\n")
    assert tf.keras.mixed_precision is not first  # the release really did rebind it
    assert tf.keras.mixed_precision.experimental.global_policy() == "float32"


def test_existing_names_are_never_replaced(fake_tf):
    fake_tf("new")
    import tensorflow as tf
    before = snapshot()
    tfpatch.activate()
    after = snapshot()
    changed = {name: set(after[name][1]) ^ set(before[name][1])
               for name in before if not name.startswith("class") and before[name] != after[name]}
    assert set().union(*changed.values()) <= {"__getattr__"}  # only a hook for missing names
    # a subclass's own method always wins over the alias on the base class
    assert tf.distribute.experimental.MultiWorkerMirroredStrategy().run(lambda: 1) == 1


def test_deactivate_leaves_everything_as_it_was(fake_tf):
    fake_tf("old")
    import tensorflow as tf
    meta_path = sys.meta_path[:]
    before = snapshot()
    tfpatch.activate()
    run_user_code("import tensorflow as tf\n"
                  "tf.distribute.TPUStrategy; tf.data.AUTOTUNE\n"
                  "tf.distribute.Strategy().run(lambda: 1)\n"
                  "tf.keras.mixed_precision.set_global_policy('float32')\n")
    assert snapshot() != before
    tfpatch.deactivate()
    assert snapshot() == before
    assert sys.meta_path == meta_path
    with pytest.raises(AttributeError):
        tf.distribute.TPUStrategy


def test_lazy_keras_is_not_loaded(fake_tf):
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    assert type(vars(tf)["keras"]).__name__ == "KerasLazyLoader"
    assert "keras._tf_keras.keras" not in sys.modules
    tf.data.AUTOTUNE, tf.distribute.Strategy
    assert "keras._tf_keras.keras" not in sys.modules


def test_internal_namesake_is_left_alone(fake_tf):
    fake_tf("new")
    tfpatch.activate()
    import tensorflow  # noqa: F401
    import tensorflow.distribute as internal
    assert "__getattr__" not in vars(internal)


def test_missing_names_raise_exactly_as_before(fake_tf):
    fake_tf("new")
    import tensorflow as tf
    with pytest.raises(AttributeError) as native:
        tf.distribute.NoSuchThing
    tfpatch.activate()
    with pytest.raises(AttributeError) as patched:
        tf.distribute.NoSuchThing
    first, *extra = str(patched.value).splitlines()
    assert type(patched.value) is type(native.value) and first == str(native.value)
    assert extra == ["tfpatch: no TensorFlow release from 1.15 to 2.21 had tf.distribute.NoSuchThing"]
    assert patched.value.__context__ is None and patched.value.__cause__ is None
    assert not hasattr(tf.distribute, "__wrapped__")
    assert NOTICES.uses == {}


def test_notice_once_per_call_site(fake_tf):
    fake_tf("old")
    tfpatch.activate()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_user_code("import tensorflow as tf\n"
                      "for _ in range(3):\n"
                      "    tf.data.AUTOTUNE\n"
                      "tf.data.AUTOTUNE\n")
    assert [w.lineno for w in notices_of(caught)] == [3, 4]
    assert sorted(NOTICES.uses.values()) == [1, 3]


def test_notice_goes_to_the_tfpatch_logger(fake_tf, caplog):
    import logging
    fake_tf("old")
    tfpatch.activate()
    logger = logging.getLogger("tfpatch")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run_user_code("import tensorflow as tf\ntf.data.AUTOTUNE\n", filename="train.py")
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == [
        "train.py:2: tf.data.AUTOTUNE is served by tfpatch; this TensorFlow (2.2.9) calls it "
        "tf.data.experimental.AUTOTUNE (tf.data.AUTOTUNE since 2.4)"]


def test_warnings_filter_error_raises_at_the_user_line(fake_tf):
    fake_tf("old")
    tfpatch.activate()
    with warnings.catch_warnings():
        warnings.simplefilter("error", TFPatchDeprecationWarning)
        with pytest.raises(TFPatchDeprecationWarning):
            run_user_code("import tensorflow as tf\ntf.data.AUTOTUNE\n")


def test_failing_tensorflow_import_is_untouched(fake_tf):
    fake_tf("broken")
    with pytest.raises(ImportError) as native:
        import tensorflow  # noqa: F401
    sys.modules.pop("tensorflow._api.v2.data", None)
    tfpatch.activate()
    with pytest.raises(ImportError) as patched:
        import tensorflow  # noqa: F401,F811
    assert (type(patched.value), str(patched.value)) == (type(native.value), str(native.value))


def test_a_failing_rule_is_reported_once_and_others_still_apply(fake_tf, monkeypatch):
    fake_tf("old")
    import tensorflow as tf
    tfpatch.activate()
    engine = tfpatch._activation.engine

    class Exploding(types.ModuleType):
        def __getattr__(self, name):
            raise RuntimeError("broken target")

    monkeypatch.setattr(tf.distribute, "experimental", Exploding("x"), raising=True)
    with pytest.raises(AttributeError):
        tf.distribute.TPUStrategy
    with pytest.raises(AttributeError):
        tf.distribute.TPUStrategy
    assert len(engine.failures.seen) == 2 and len(engine.failures._told) == 1
    assert tf.data.AUTOTUNE == -1


def test_method_alias_is_the_same_function(fake_tf):
    fake_tf("new")
    import tensorflow as tf
    tfpatch.activate()
    Strategy = tf.distribute.Strategy
    assert isinstance(vars(Strategy.__mro__[1])["experimental_run_v2"], MethodAlias)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert Strategy.experimental_run_v2 is Strategy.run
        s = Strategy()
        assert s.experimental_run_v2 == s.run


def test_activate_is_idempotent_and_one_finder(fake_tf):
    fake_tf("old")
    tfpatch.activate()
    tfpatch.activate()
    finders = [f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]
    assert len(finders) == 1
    tfpatch.deactivate()
    tfpatch.deactivate()
    assert not [f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]


def test_finder_declines_other_imports_quickly(fake_tf):
    fake_tf("old")
    tfpatch.activate()
    finder = next(f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder")
    assert finder.find_spec("json") is None
    assert finder.find_spec("tensorflow.python.ops.array_ops") is None
    assert finder.find_spec("tensorflow.distribute") is None  # an unrelated internal package on 2.7+


def test_a_namespace_none_of_whose_names_exist_stays_missing(fake_tf):
    """tf.keras.experimental serves CosineDecay and friends from keras.optimizers.schedules:
    where none of them exists (this fake has none), an empty module would only
    mislead feature tests such as hasattr, so the name stays missing, with Python's error."""
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    schedules = getattr(getattr(tf, "optimizers", None), "schedules", None)   # its names' home
    assert schedules is None or not hasattr(schedules, "CosineDecay")
    assert not hasattr(tf.keras, "experimental")
    with pytest.raises(AttributeError, match="has no attribute 'experimental'"):
        tf.keras.experimental
    # a namespace with a name to serve is served (mixed_precision.experimental.set_policy)
    assert tf.keras.mixed_precision.experimental.set_policy is tf.keras.mixed_precision.set_global_policy


def test_a_namespace_whose_names_lead_back_to_it_is_decided_in_one_pass(fake_tf, monkeypatch):
    """On 2.0 neither spelling of a preprocessing layer exists, and each one's other spelling
    goes through tf.keras.layers.experimental itself: deciding whether to serve that namespace
    asks about it again.  The answer (not served) takes one pass over its names, not one per
    order of them (which never ended on the real 2.0)."""
    from tfpatch._server import Server
    root = fake_tf("old")
    (root / "tensorflow" / "keras" / "layers").mkdir()
    (root / "tensorflow" / "keras" / "layers" / "__init__.py").write_text("class Dense(object):\n    pass\n")
    init = root / "tensorflow" / "keras" / "__init__.py"
    init.write_text(init.read_text() + "from tensorflow.keras import layers\n")
    tfpatch.activate()
    import tensorflow as tf
    calls = []
    resolve = Server.resolve

    class Endless(BaseException):   # not an Exception: tfpatch's own guards let it through
        pass

    def counting(self, spelling, rule):
        calls.append(spelling)
        if len(calls) > 2000:
            raise Endless("deciding tf.keras.layers.experimental does not end")
        return resolve(self, spelling, rule)
    monkeypatch.setattr(Server, "resolve", counting)
    assert not hasattr(tf.keras.layers, "Rescaling")
    assert not hasattr(tf.keras.layers, "experimental")   # none of its names, nested ones included
    assert any(c.startswith("keras.layers.") and "experimental" not in c for c in calls), calls
    with pytest.raises(ImportError):
        from tensorflow.keras.layers.experimental import preprocessing  # noqa: F401
