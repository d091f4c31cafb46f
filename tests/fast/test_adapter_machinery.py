"""The machinery adapters stand on: served adapters, added methods and their undo,
argument binding, and the Dataset-method adapter on a small fake ``tf.data``."""
import types

import pytest

import tfpatch
from tfpatch import adapters
from tfpatch._engine import Engine
from tfpatch._notices import NOTICES
from tfpatch import adapters
from tfpatch.adapters import oldrel as oldrel_adapter
from tfpatch.rules import data as data_rules

from fakes import run_user_code


def test_served_adapter_keeps_each_spelling_its_call(new_tf):
    tf = new_tf
    ns = run_user_code("import tensorflow as tf\n"
                       "p = tf.keras.mixed_precision.experimental.Policy('mixed_float16', loss_scale='dynamic')\n",
                       filename="mp.py")
    assert type(ns["p"]) is tf.keras.mixed_precision.Policy and ns["p"].name == "mixed_float16"
    served = tf.keras.mixed_precision.experimental.Policy
    assert served is tf.keras.mixed_precision.experimental.Policy  # one wrapper per spelling and object
    assert served.__wrapped__ is tf.keras.mixed_precision.Policy
    assert served("float32", loss_scale=128)._tfpatch_loss_scale == 128   # for compile and policy.loss_scale
    assert ns["p"]._tfpatch_loss_scale == "dynamic"
    with pytest.raises(TypeError) as err:
        served("mixed_float16", loss_scale="fixed")
    assert "loss_scale='dynamic', None or a number" in str(err.value)
    assert ("mp.py", 2, "keras.mixed_precision.experimental.Policy") in {(k[3], k[4], k[1]) for k in NOTICES.uses}
    tfpatch.deactivate()
    assert not hasattr(tf.keras.mixed_precision, "experimental")


def test_a_failing_served_adapter_leaves_the_name_missing(fake_tf, monkeypatch):
    def broken(engine, entry, value):
        raise RuntimeError("adapter bug")
    monkeypatch.setitem(adapters.SERVED, "experimental_policy", broken)
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    with pytest.raises(AttributeError):
        tf.keras.mixed_precision.experimental.Policy
    assert tf.keras.mixed_precision.experimental.set_policy is tf.keras.mixed_precision.set_global_policy
    failures = tfpatch.status()["failures"]
    assert len(failures) == 1 and "adapter bug" in failures[0][1]


def test_added_attribute_never_replaces_and_is_undone():
    class Base(object):
        def kept(self):
            return "release"

    class Child(Base):
        pass

    engine = Engine([]).adapter_host
    assert engine.add_attribute(Child, "kept", lambda self: "tfpatch") is False
    assert Child().kept() == "release"
    assert engine.add_attribute(Child, "extra", lambda self: "tfpatch") is True
    assert Child().extra() == "tfpatch"
    assert engine.add_attribute(Child, "__new__", staticmethod(lambda cls: object.__new__(cls)), own=True)
    engine._engine.undo()
    assert "extra" not in Child.__dict__ and "__new__" not in Child.__dict__
    assert Child().kept() == "release"


def test_bind_follows_the_old_signature():
    names, defaults = ("optimizer", "loss_scale"), {"loss_scale": "dynamic"}
    assert adapters.bind(names, defaults, ("opt",), {}, "f") == {"optimizer": "opt", "loss_scale": "dynamic"}
    assert adapters.bind(names, defaults, ("opt", 8), {}, "f")["loss_scale"] == 8
    for args, kwargs, message in [((1, 2, 3), {}, "at most 2 positional"), ((1,), {"typo": 1}, "'typo'"),
                                  ((1,), {"optimizer": 2}, "multiple values"), ((), {}, "'optimizer'")]:
        with pytest.raises(TypeError) as err:
            adapters.bind(names, defaults, args, kwargs, "f")
        assert message in str(err.value)


def test_small_helpers():
    assert adapters.method_name("keras.Model.fit_generator(...)") == "fit_generator"
    assert adapters.method_name("keras.Sequential.predict_classes(x)") == "predict_classes"
    fake = types.ModuleType("fakekeras_for_major")
    fake.__version__ = "3.15.1"
    import sys
    sys.modules["fakekeras_for_major"] = fake
    try:
        cls = type("X", (), {"__module__": "fakekeras_for_major.src"})
        assert adapters.keras_major(cls) == 3
        fake.__version__ = "2.15.0"
        assert adapters.keras_major(cls) == 2
    finally:
        del sys.modules["fakekeras_for_major"]


def _fake_data():
    """A ``tf.data`` of a release before the methods: Dataset with apply, and the functions."""
    class Dataset(object):
        def __init__(self, items):
            self.items = list(items)

        def apply(self, transformation):
            return transformation(self)

        def __iter__(self):
            return iter(self.items)

    experimental = types.ModuleType("fake_data.experimental")
    experimental.unique = lambda: (lambda ds: Dataset(sorted(set(ds.items))))
    experimental.cardinality = lambda ds: len(ds.items)
    experimental.sample_from_datasets = lambda datasets, weights=None, seed=None: Dataset(
        [x for ds in datasets for x in ds])
    data = types.ModuleType("fake_data")
    data.Dataset, data.experimental = Dataset, experimental
    return data


@pytest.fixture
def quiet_notices():
    NOTICES.reset()
    yield
    NOTICES.reset()


def test_dataset_methods_from_experimental_functions(quiet_notices):
    data = _fake_data()
    rules = [r for r in data_rules.RULES if r.kind == "adapter"]
    engine = Engine(rules)
    oldrel_adapter.install_dataset_methods(engine.adapter_host, rules, None, data)
    ds = data.Dataset([3, 1, 3])
    assert list(ds.unique()) == [1, 3]
    assert ds.cardinality() == 3
    assert list(data.Dataset.sample_from_datasets([ds, ds], seed=1)) == [3, 1, 3, 3, 1, 3]
    assert list(ds.unique(name="op")) == [1, 3]        # the op name the old function lacks: dropped
    assert sorted(k[1] for k in NOTICES.uses) == ["data.Dataset.cardinality(...)", "data.Dataset.sample_from_datasets(...)",
                                                  "data.Dataset.unique(...)", "data.Dataset.unique(...)"]
    with pytest.raises(TypeError):
        data.Dataset.sample_from_datasets([ds], stop_on_empty_dataset=True)  # no equivalent: Python's error
    assert not hasattr(data.Dataset, "take_while")    # no function on this fake release: nothing added
    engine.undo()
    assert not hasattr(data.Dataset, "unique")
