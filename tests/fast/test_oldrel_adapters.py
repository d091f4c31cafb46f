"""The adapters for newer calls on older releases, on small fakes shaped like 2.1 / 2.3:
each decides from what the release has, translates only what it rejects, and is undone."""
import os
import sys
import types

import pytest

from tfpatch._engine import Engine
from tfpatch._notices import NOTICES
from tfpatch.adapters import keras_calls
from tfpatch.adapters import oldrel
from tfpatch.rules import keras as keras_rules
from tfpatch.rules import oldrel as oldrel_rules


@pytest.fixture
def quiet_notices():
    NOTICES.reset()
    yield
    NOTICES.reset()


def _rules(adapter):
    return [r for r in keras_rules.RULES + oldrel_rules.RULES if r.kind == "adapter" and r.adapter == adapter]


def _used():
    return sorted(k[1] for k in NOTICES.uses)


def _model_class(with_configure):
    """``Model.compile`` of Keras 2.1-2.3: unknown keywords refused by the method itself."""
    class Model(object):
        def compile(self, optimizer="rmsprop", loss=None, **kwargs):
            allowed = {"experimental_steps_per_execution"} if with_configure else set()
            unknown = set(kwargs) - allowed
            if unknown:
                raise TypeError("Invalid keyword argument(s) in `compile`: %s" % (unknown,))
            self.compiled = dict(kwargs, optimizer=optimizer, loss=loss)
    if with_configure:
        Model._configure_steps_per_execution = lambda self, n: None
    Model.__module__ = "tensorflow.python.keras.engine.training"
    return Model


@pytest.mark.parametrize("with_configure", [False, True], ids=["2.1", "2.3"])
def test_compile_arguments_renamed_or_dropped_by_what_the_release_has(quiet_notices, with_configure):
    model_class = _model_class(with_configure)
    models = types.ModuleType("models")
    models.Model = model_class
    rules = _rules("compile_arguments")
    engine = Engine(rules)
    keras_calls.install_compile_arguments(engine.adapter_host, rules, None, models)
    model = model_class()
    model.compile("sgd", "mse")                              # valid: untouched, no notice
    assert model.compiled == {"optimizer": "sgd", "loss": "mse"} and _used() == []
    model.compile("sgd", "mse", steps_per_execution=4, jit_compile=True)
    expected = {"experimental_steps_per_execution": 4} if with_configure else {}
    assert model.compiled == dict(expected, optimizer="sgd", loss="mse")
    spe = "keras.Model.compile(steps_per_execution=...)" if with_configure else \
        "keras.Model.compile(steps_per_execution=N)"
    assert _used() == sorted([spe, "keras.Model.compile(jit_compile=...)"])
    with pytest.raises(TypeError, match="Invalid keyword"):
        model.compile("sgd", "mse", run_eagerly=True)        # the release's own error, unchanged
    engine.undo()
    with pytest.raises(TypeError, match="Invalid keyword"):
        model_class().compile("sgd", steps_per_execution=4)


def test_options_deterministic_reads_and_writes_the_experimental_option(quiet_notices):
    class OptionsBase(object):
        def __setattr__(self, name, value):     # as tf.data's: only known options
            if hasattr(self, name):
                object.__setattr__(self, name, value)
            else:
                raise AttributeError("Cannot set the property %s on %s." % (name, type(self).__name__))

    class Options(OptionsBase):
        experimental_deterministic = property(lambda self: self.__dict__.get("_d"),
                                              lambda self, v: self.__dict__.__setitem__("_d", v))
    data = types.ModuleType("data")
    data.Options = Options
    rules = _rules("options_deterministic")
    engine = Engine(rules)
    oldrel.install_options_deterministic(engine.adapter_host, rules, None, data)
    options = Options()
    options.deterministic = False
    assert options.experimental_deterministic is False and options.deterministic is False
    sites = {(os.path.basename(k[3]), k[1]) for k in NOTICES.uses}
    assert sites == {("test_oldrel_adapters.py", "data.Options.deterministic")}   # never TF's __setattr__
    engine.undo()
    with pytest.raises(AttributeError, match="Cannot set the property deterministic"):
        Options().deterministic = False


def test_function_jit_compile_is_experimental_compile(quiet_notices):
    root = types.ModuleType("tensorflow")

    def function(func=None, input_signature=None, experimental_compile=None):
        return ("compiled" if experimental_compile else "plain", func)
    root.function = function
    rules = _rules("function_jit_compile")
    engine = Engine(rules)
    oldrel.install_function_jit_compile(engine.adapter_host, rules, None, root)
    assert root.function(len) == ("plain", len) and _used() == []
    assert root.function(len, jit_compile=True) == ("compiled", len)
    assert _used() == ["function(jit_compile=...)"]
    with pytest.raises(TypeError):
        root.function(len, jit_compile=True, experimental_compile=False)
    engine.undo()
    assert root.function is function


def test_from_generator_signature_to_types_and_shapes(quiet_notices):
    class TensorSpec(object):
        def __init__(self, shape, dtype):
            self.shape, self.dtype = shape, dtype

    class RaggedTensorSpec(TensorSpec):
        pass

    def flatten(s):
        if isinstance(s, dict):
            return [x for k in sorted(s) for x in flatten(s[k])]
        if isinstance(s, tuple):
            return [x for v in s for x in flatten(v)]
        return [s]

    def pack(structure, flat):
        flat = list(flat)
        def build(s):
            if isinstance(s, dict):
                return {k: build(s[k]) for k in sorted(s)}
            if isinstance(s, tuple):
                return tuple(build(v) for v in s)
            return flat.pop(0)
        return build(structure)
    tf = types.SimpleNamespace(__version__="2.3.4", nest=types.SimpleNamespace(flatten=flatten, pack_sequence_as=pack))

    class Dataset(object):
        @staticmethod
        def from_generator(generator, output_types, output_shapes=None, args=None):
            return ("dataset", output_types, output_shapes)
    data = types.ModuleType("data")
    data.Dataset = Dataset
    rules = _rules("from_generator_signature")
    engine = Engine(rules)
    oldrel.install_from_generator_signature(engine.adapter_host, rules, tf, data)
    signature = {"x": TensorSpec((2,), "float32"), "pair": (TensorSpec((), "int32"), TensorSpec((), "string"))}
    assert Dataset.from_generator(iter, output_signature=signature) == \
        ("dataset", {"x": "float32", "pair": ("int32", "string")}, {"x": (2,), "pair": ((), ())})
    with pytest.raises(TypeError, match="2.3.4.*RaggedTensorSpec"):
        Dataset.from_generator(iter, output_signature=RaggedTensorSpec((None,), "int32"))
    with pytest.raises(TypeError, match="cannot be used together"):
        Dataset.from_generator(iter, "float32", output_signature=signature)
    engine.undo()
    with pytest.raises(TypeError):
        Dataset.from_generator(iter, output_signature=signature)


def test_tpu_connect_makes_the_two_calls(quiet_notices, monkeypatch):
    calls = []

    class TPUClusterResolver(object):
        def __init__(self, tpu=None, zone=None, project=None):
            self.tpu = tpu
    TPUClusterResolver.__module__ = "fakeflow.python.distribute.cluster_resolver.tpu_cluster_resolver"
    remote = types.ModuleType("fakeflow.python.eager.remote")
    remote.connect_to_cluster = lambda r: calls.append(("connect", r))
    util = types.ModuleType("fakeflow.python.tpu.tpu_strategy_util")
    util.initialize_tpu_system = lambda r: calls.append(("initialize", r))
    monkeypatch.setitem(sys.modules, remote.__name__, remote)
    monkeypatch.setitem(sys.modules, util.__name__, util)
    module = types.ModuleType("cluster_resolver")
    module.TPUClusterResolver = TPUClusterResolver
    rules = [r for r in oldrel_rules.RULES if r.kind == "adapter" and r.adapter == "tpu_connect"]
    engine = Engine(rules)
    oldrel.install_tpu_connect(engine.adapter_host, rules, None, module)
    resolver = TPUClusterResolver.connect("grpc://10.0.0.2:8470")
    assert resolver.tpu == "grpc://10.0.0.2:8470" and calls == [("connect", resolver), ("initialize", resolver)]
    engine.undo()
    assert not hasattr(TPUClusterResolver, "connect")


def test_batch_norm_synchronized_on_a_release_without_it(quiet_notices):
    class BatchNormalization(object):
        def __init__(self, momentum=0.99, **kwargs):
            if kwargs:
                raise TypeError("Keyword argument not understood:", sorted(kwargs)[0])
            self.momentum = momentum
    replicas = [1]
    distribute = types.SimpleNamespace(has_strategy=lambda: True,
                                       get_strategy=lambda: types.SimpleNamespace(num_replicas_in_sync=replicas[0]))
    tf = types.SimpleNamespace(__version__="2.1.4", distribute=distribute)
    layers = types.ModuleType("layers")
    layers.BatchNormalization = BatchNormalization
    rules = _rules("batch_norm_synchronized")
    engine = Engine(rules)
    keras_calls.install_synchronized(engine.adapter_host, rules, tf, layers)
    assert BatchNormalization(synchronized=True, momentum=0.5).momentum == 0.5
    assert BatchNormalization(synchronized=False).momentum == 0.99
    replicas[0] = 2
    with pytest.raises(ValueError, match="2.1.4 has no synchronized batch normalization.*2 replicas"):
        BatchNormalization(synchronized=True)
    assert BatchNormalization(synchronized=False).momentum == 0.99   # nothing to synchronize
    engine.undo()
    with pytest.raises(TypeError, match="not understood"):
        BatchNormalization(synchronized=True)


@pytest.mark.parametrize("version", ["2.3.4", "2.0.0"])
def test_enable_op_determinism_sets_the_switch_or_refuses(quiet_notices, monkeypatch, version):
    # set, then removed: monkeypatch then removes what the switch sets (a delenv of an absent
    # name records nothing, and the variable would reach every later TensorFlow subprocess)
    monkeypatch.setenv("TF_DETERMINISTIC_OPS", "0")
    monkeypatch.delenv("TF_DETERMINISTIC_OPS")
    nn_ops = types.ModuleType("tensorflow.python.ops.nn_ops")

    def _tf_deterministic_ops():
        if _tf_deterministic_ops.value is None:
            _tf_deterministic_ops.value = os.environ.get("TF_DETERMINISTIC_OPS") == "1"
        return _tf_deterministic_ops.value
    _tf_deterministic_ops.value = None
    nn_ops._tf_deterministic_ops = _tf_deterministic_ops
    monkeypatch.setitem(sys.modules, nn_ops.__name__, nn_ops)
    assert _tf_deterministic_ops() is False                 # read once before the call
    experimental = types.ModuleType("experimental")
    rules = [r for r in oldrel_rules.RULES if r.kind == "adapter" and r.adapter == "op_determinism"]
    engine = Engine(rules)
    oldrel.install_op_determinism(engine.adapter_host, rules, types.SimpleNamespace(__version__=version), experimental)
    if version == "2.0.0":
        with pytest.raises(NotImplementedError, match="TensorFlow 2.0.0 has no switch"):
            experimental.enable_op_determinism()
        assert "TF_DETERMINISTIC_OPS" not in os.environ
    else:
        experimental.enable_op_determinism()
        assert os.environ["TF_DETERMINISTIC_OPS"] == "1" and _tf_deterministic_ops() is True
        assert _used() == ["config.experimental.enable_op_determinism()"]
    engine.undo()
    assert not hasattr(experimental, "enable_op_determinism")


def test_legacy_nadam_only_where_the_optimizer_is_keras_2(monkeypatch):
    rule = next(r for r in oldrel_rules.RULES if r.id == "keras.optimizers.legacy.Nadam")
    entry = types.SimpleNamespace(rule=rule, used=rule.modern)
    keras2 = type("Nadam", (), {"__module__": "tensorflow.python.keras.optimizer_v2.nadam"})
    assert oldrel.served_keras2_optimizer(None, entry, keras2) is keras2
    keras = types.ModuleType("keras")
    keras.__version__ = "3.10.0"
    monkeypatch.setitem(sys.modules, "keras", keras)
    keras3 = type("Nadam", (), {"__module__": "keras.src.optimizers.nadam"})
    assert oldrel.served_keras2_optimizer(None, entry, keras3) is None
    assert oldrel.served_keras2_optimizer(None, types.SimpleNamespace(rule=rule, used=rule.legacy), keras2) is None
