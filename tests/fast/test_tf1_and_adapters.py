"""TF1 names through tf.compat.v1, TFPATCH_V1, tf.contrib, and the optimizer adapter (fake 2.21 tree)."""
import sys

import pytest

import tfpatch
from tfpatch._notices import NOTICES, TFPatchStrictCallError

from fakes import run_user_code


def test_tf1_names_resolve_to_compat_v1(new_tf):
    tf = new_tf
    ns = run_user_code("import tensorflow as tf\nS = tf.Session\nG = tf.train.GradientDescentOptimizer\n",
                       filename="tf1.py")
    assert ns["S"] is tf.compat.v1.Session
    assert ns["G"] is tf.compat.v1.train.GradientDescentOptimizer
    used = sorted(k[1] for k in NOTICES.uses)
    assert used == ["Session", "train"]  # tf.train is served whole; its names are then native
    with pytest.raises(AttributeError) as err:
        tf.no_such_name
    assert str(err.value).splitlines()[0] == "module 'tensorflow' has no attribute 'no_such_name'"


def test_placeholder_failure_names_the_switch(new_tf):
    with pytest.raises(RuntimeError) as err:
        new_tf.placeholder("float32")
    text = str(err.value) + "".join(getattr(err.value, "__notes__", []))
    assert "not compatible with eager execution" in text and "TFPATCH_V1=1" in text


def test_v1_mode_disables_v2_behaviour_once(fake_tf):
    fake_tf("new")
    tfpatch.activate(v1=True)
    import tensorflow as tf
    assert tf.compat.v1.V2_DISABLED == [True]
    tfpatch._activation.engine.sweep()
    assert tf.compat.v1.V2_DISABLED == [True]
    assert tf.placeholder is tf.compat.v1.placeholder  # no hint wrapper in TF1 mode


def test_contrib_is_explained(new_tf):
    with pytest.raises(AttributeError) as err:
        new_tf.contrib
    assert str(err.value).startswith("module 'tensorflow' has no attribute 'contrib'\ntfpatch: tf.contrib left")
    assert not hasattr(new_tf, "contrib")
    with pytest.raises(ModuleNotFoundError) as err:
        import tensorflow.contrib.slim  # noqa: F401
    assert err.value.name == "tensorflow.contrib"
    assert "contrib.slim -> the tf-slim package" in str(err.value)


def test_optimizer_lr_and_decay(new_tf):
    tf = new_tf
    Adam = tf.keras.optimizers.Adam
    original = sys.modules["keras.src.opt"].Adam.__dict__["__init__"].__wrapped__
    ns = run_user_code("import tensorflow as tf\n"
                       "a = tf.keras.optimizers.Adam(lr=0.01)\n"
                       "b = tf.keras.optimizers.SGD(0.5, decay=0.1)\n"
                       "c = tf.keras.optimizers.Adam(learning_rate=0.2, beta_1=0.8)\n"
                       "d = tf.keras.optimizers.SGD(lr=0.4, decay=0.0)\n", filename="train.py")
    assert ns["a"].learning_rate == 0.01
    assert ns["b"].learning_rate(10) == 0.25
    assert ns["c"].learning_rate == 0.2
    assert ns["d"].learning_rate == 0.4
    assert sorted((k[3], k[4], k[1]) for k in NOTICES.uses) == [
        ("train.py", 2, "keras.optimizers.Adam(lr=...)"), ("train.py", 3, "keras.optimizers.SGD(decay=...)"),
        ("train.py", 5, "keras.optimizers.SGD(decay=...)"), ("train.py", 5, "keras.optimizers.SGD(lr=...)")]
    with pytest.raises(ValueError):
        Adam(momentum_typo=1)  # what the release refuses, it still refuses
    tfpatch.deactivate()
    assert sys.modules["keras.src.opt"].Adam.__dict__["__init__"] is original
    with pytest.raises(ValueError):
        Adam(lr=0.01)


def test_strict_mode_adapter_raises_type_error(fake_tf):
    fake_tf("new")
    tfpatch.activate(strict=True)
    import tensorflow as tf
    with pytest.raises(TFPatchStrictCallError) as err:
        tf.keras.optimizers.Adam(lr=0.01)
    assert isinstance(err.value, TypeError) and "TFPATCH_STRICT=1" in str(err.value)


# --- explanations from the history --------------------------------------------------------
def test_missing_public_name_gains_one_line(new_tf):
    with pytest.raises(AttributeError) as err:
        new_tf.estimator
    lines = str(err.value).splitlines()
    assert lines[0] == "module 'tensorflow' has no attribute 'estimator'"
    assert lines[1].startswith("tfpatch: tf.estimator existed in TensorFlow 1.15-2.15; it left TensorFlow")
    assert type(err.value) is AttributeError
    with pytest.raises(AttributeError) as err:
        new_tf.distribute.AutoPolicy
    assert str(err.value).splitlines()[1] == "tfpatch: no TensorFlow release from 1.15 to 2.21 had tf.distribute.AutoPolicy"


def test_python_probes_get_no_line(new_tf):
    for name in ("__wrapped__", "__nope__", "_private"):
        with pytest.raises(AttributeError) as err:
            getattr(new_tf.distribute, name)
        assert "\n" not in str(err.value)
    assert not hasattr(new_tf, "__wrapped__")


def test_history_ranges():
    from tfpatch._history import _ranges
    order = ["1.15", "2.0", "2.1", "2.2", "2.3"]
    assert _ranges(["2.0", "2.1", "2.3"], order) == "2.0-2.1, 2.3"
    assert _ranges(["1.15"], order) == "1.15"
    assert _ranges([], order) == ""
