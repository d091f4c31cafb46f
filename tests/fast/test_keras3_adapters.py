"""The parts of tfpatch/adapters/keras3.py that need no TensorFlow (the rest is proven on
real releases: tests/realtf/cases_keras3.py, test_keras3_semantics_real.py)."""
import sys
import types

import pytest

from tfpatch.adapters import keras3
from tfpatch.adapters.mixed_precision import fixed_loss_scale_optimizer


@pytest.fixture
def keras3_root(monkeypatch):
    root = types.ModuleType("fakekeras3")
    root.__version__ = "3.1.0"
    monkeypatch.setitem(sys.modules, "fakekeras3", root)
    return root


def test_weights_file_names():
    assert keras3._weights_file("ckpt") == "ckpt.weights.h5"
    assert keras3._weights_file("run/cp-{epoch:02d}") == "run/cp-{epoch:02d}.weights.h5"
    assert keras3._weights_file("model.h5") == "model.weights.h5"
    assert keras3._weights_file("model.hdf5") == "model.weights.h5"
    for taken in ("w.weights.h5", "w.weights.json", "m.keras"):   # Keras 3 takes these itself
        assert keras3._weights_file(taken) is None


def test_load_status_checks_pass():
    status = keras3.LoadStatus()
    assert status.expect_partial() is status and status.assert_consumed() is status
    assert status.assert_existing_objects_matched() is status and status.assert_nontrivial_match() is status


def _entry(name):
    legacy = "keras.optimizers.experimental." + name
    return types.SimpleNamespace(used=legacy, rule=types.SimpleNamespace(legacy=legacy,
                                                                         modern="keras.optimizers." + name))


def _keras3_class(name, extra=()):
    calls = []

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs:
            raise ValueError("Argument(s) not recognized: %r" % kwargs)
        calls.append(dict(learning_rate=learning_rate, rho=rho, momentum=momentum, epsilon=epsilon,
                          centered=centered, clipnorm=clipnorm, loss_scale_factor=loss_scale_factor,
                          ema_overwrite_frequency=ema_overwrite_frequency, name=name))
    cls = type(name, (object,), {"__init__": __init__, "__module__": "fakekeras3.optimizers"})
    return cls, calls


def test_experimental_optimizer_binds_2_15_positions(keras3_root):
    cls, calls = _keras3_class("RMSprop")
    served = keras3.served_experimental_optimizer(None, _entry("RMSprop"), cls)
    # 2.15's order: ..., ema_overwrite_frequency, jit_compile, name -- Keras 3 has loss_scale_factor there
    served(0.01, 0.8, 0.5, 1e-6, True, None, 1.0, None, None, False, 0.99, None, True, "mine")
    assert calls[-1] == dict(learning_rate=0.01, rho=0.8, momentum=0.5, epsilon=1e-6, centered=True,
                             clipnorm=1.0, loss_scale_factor=None, ema_overwrite_frequency=None, name="mine")
    served(learning_rate=0.1, jit_compile=False)
    assert calls[-1]["ema_overwrite_frequency"] == 100 and calls[-1]["name"] == "RMSprop"   # 2.15's defaults
    with pytest.raises(TypeError, match="multiple values"):
        served(0.1, learning_rate=0.2)
    with pytest.raises(ValueError, match="not recognized"):   # Keras 3's own error for the rest
        served(nonsense=1)


def test_experimental_optimizer_not_served_without_equivalent(keras3_root):
    cls, _ = _keras3_class("Optimizer")
    assert keras3.served_experimental_optimizer(None, _entry("Optimizer"), cls) is None   # subclassing API differs
    keras2 = type("Adam", (object,), {"__init__": lambda self, learning_rate=0.001, jit_compile=True: None,
                                      "__module__": "tf_keras.src.optimizers"})
    assert keras3.served_experimental_optimizer(None, _entry("Adam"), keras2) is keras2   # 2.11-2.15's own


def test_fixed_loss_scale_keeps_the_factor(keras3_root):
    class Inner(object):
        loss_scale_factor = None

        def __init__(self):
            self.applied = []

        def scale_loss(self, loss):
            return loss * self.loss_scale_factor

        def apply(self, grads, variables=None):
            self.applied.append([g / self.loss_scale_factor for g in grads])

    class LossScaleOptimizer(object):   # the shape of Keras 3's: clears the inner factor
        __module__ = "fakekeras3.optimizers"

        def __init__(self, inner_optimizer, initial_scale=32768.0, **kwargs):
            self.inner_optimizer, self.initial_scale, self.built = inner_optimizer, initial_scale, False
            inner_optimizer.loss_scale_factor = None

        def build(self, variables):
            self.dynamic_scale = self.initial_scale

    inner = Inner()
    opt = fixed_loss_scale_optimizer(LossScaleOptimizer, inner, 128.0)
    assert isinstance(opt, LossScaleOptimizer) and opt.dynamic is False
    assert inner.loss_scale_factor == 128.0 and opt.scale_loss(2.0) == 256.0
    opt.apply([256.0, float("inf")])         # every step applied, as Keras 2's fixed scale did
    assert inner.applied == [[2.0, float("inf")]] and opt.dynamic_scale == 128.0
    assert fixed_loss_scale_optimizer(LossScaleOptimizer, Inner(), 4.0).__class__ is type(opt)
