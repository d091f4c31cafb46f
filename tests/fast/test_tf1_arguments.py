"""TF 1 arguments (tfpatch/adapters/tf1_arguments.py) and TF 1 names in Keras's namespaces in v1
mode (tfpatch/adapters/tf1_namespaces.py), on a fake 2.21-shaped tree whose functions return
what they were called with."""
import os
import sys
import textwrap
import warnings

import pytest

import tfpatch
from tfpatch._notices import NOTICES

import fakes
from fakes import SHAPES, run_user_code

OPS = '''
def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    return ("v2", input_tensor, axis, keepdims, name)
def reduce_sum_v1(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    return ("v1", input_tensor, axis if axis is not None else reduction_indices,
            bool(keepdims if keepdims is not None else keep_dims), name)
def moments(x, axes, shift=None, keepdims=False, name=None):
    return ("v2", keepdims, name)
def moments_v1(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    return ("v1", bool(keepdims if keepdims is not None else keep_dims), name)
def sparse_softmax_cross_entropy(labels, logits, weights=1.0):
    return ("v1 loss", labels, logits)
def mean_squared_error(y_true, y_pred):
    return ("keras mse",)
def mean_squared_error_v1(labels, predictions, weights=1.0):
    return ("v1 mse", labels, predictions)
'''

SHAPE = dict(SHAPES["new"])
SHAPE.update({
    "tensorflow/__init__.py": textwrap.dedent(SHAPES["new"]["tensorflow/__init__.py"]) + '''
from tensorflow._api.v2 import nn, math
from tensorflow.python.ops import reduce_sum
losses = _KerasLazyLoader("losses", globals(), "keras._tf_keras.keras.losses")   # as on 2.15+
''',
    "tensorflow/python/ops.py": OPS,
    "tensorflow/_api/v2/math/__init__.py": "from tensorflow.python.ops import reduce_sum\n",
    "tensorflow/_api/v2/nn/__init__.py": "from tensorflow.python.ops import moments\n",
    "tensorflow/_api/v2/compat/v1/__init__.py": textwrap.dedent(SHAPES["new"]["tensorflow/_api/v2/compat/v1/__init__.py"]) + '''
from tensorflow._api.v2.compat.v1 import nn, math, losses
from tensorflow.python.ops import reduce_sum_v1 as reduce_sum
''',
    "tensorflow/_api/v2/compat/v1/math/__init__.py": "from tensorflow.python.ops import reduce_sum_v1 as reduce_sum\n",
    "tensorflow/_api/v2/compat/v1/nn/__init__.py": "from tensorflow.python.ops import moments_v1 as moments\n",
    "tensorflow/_api/v2/compat/v1/losses/__init__.py":
        "from tensorflow.python.ops import sparse_softmax_cross_entropy, mean_squared_error_v1 as mean_squared_error\n",
    "keras/_tf_keras/keras/__init__.py":
        "from keras._tf_keras.keras import mixed_precision, layers, optimizers, losses\n",
    "keras/_tf_keras/keras/losses/__init__.py": "from tensorflow.python.ops import mean_squared_error\n",
})
SHAPES["tf1-arguments"] = SHAPE


@pytest.fixture
def tf1_tf(fake_tf):
    def make(v1=False, strict=None):
        fake_tf("tf1-arguments")
        tfpatch.activate(v1=v1, strict=strict)
        import tensorflow as tf
        return tf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield make


def _used():
    return sorted(key[1] for key in NOTICES.uses)


def test_tf1_keywords_tf2_refuses_go_to_the_twin(tf1_tf):
    tf = tf1_tf()
    ops = sys.modules["tensorflow.python.ops"]
    ns = run_user_code("import tensorflow as tf\n"
                       "a = tf.reduce_sum(1, keep_dims=True)\n"
                       "b = tf.math.reduce_sum(2, reduction_indices=0)\n"
                       "c = tf.reduce_sum(3, axis=0, keepdims=True)\n", filename="tf1.py")
    assert ns["a"] == ("v1", 1, None, True, None)
    assert ns["b"] == ("v1", 2, 0, False, None)
    assert ns["c"] == ("v2", 3, 0, True, None)       # a TF 2 call passes through as it is
    assert _used() == ["math.reduce_sum(reduction_indices=...)", "reduce_sum(keep_dims=...)"]
    assert tf.reduce_sum.__wrapped__ is ops.reduce_sum and tf.math.reduce_sum.__wrapped__ is ops.reduce_sum
    # A keyword both refuse: TensorFlow's own error, unchanged.
    with pytest.raises(TypeError) as err:
        tf.reduce_sum(1, nonsense=True)
    with pytest.raises(TypeError) as native:
        ops.reduce_sum(1, nonsense=True)
    assert str(err.value) == str(native.value)
    tfpatch.deactivate()
    assert tf.reduce_sum is ops.reduce_sum and tf.math.reduce_sum is ops.reduce_sum


def test_the_tables_are_read_at_the_first_call_they_decide(tf1_tf, monkeypatch):
    """The default activation wraps from the plan's copy of the tables' keywords; the
    tables themselves are read when a call needs their renames."""
    monkeypatch.delitem(sys.modules, "tfpatch.adapters.tf1_tables", raising=False)
    tf = tf1_tf()
    assert tfpatch._activation.engine.index.planned
    assert tf.reduce_sum.__wrapped__ is sys.modules["tensorflow.python.ops"].reduce_sum
    assert tf.reduce_sum(3, axis=0) == ("v2", 3, 0, False, None)
    assert "tfpatch.adapters.tf1_tables" not in sys.modules
    ns = run_user_code("import tensorflow as tf\na = tf.reduce_sum(1, keep_dims=True)\n", filename="tf1.py")
    assert ns["a"] == ("v1", 1, None, True, None)
    assert "tfpatch.adapters.tf1_tables" in sys.modules


def test_strict_mode_refuses_the_translation(tf1_tf):
    tf = tf1_tf(strict=True)
    with pytest.raises(tfpatch.TFPatchStrictCallError):
        run_user_code("import tensorflow as tf\ntf.reduce_sum(1, keep_dims=True)\n")
    assert tf.reduce_sum(1, axis=0)[0] == "v2"


def test_tf1_orders_tf2_accepts_are_tf1_only_in_v1_mode_from_the_program(tf1_tf):
    tf = tf1_tf()
    code = "import tensorflow as tf\nr = tf.nn.moments(0, [0], None, 'm')\n"
    assert run_user_code(code)["r"] == ("v2", "m", None)   # without v1 mode: TF 2's meaning
    assert _used() == []
    tfpatch.deactivate()
    NOTICES.reset()
    tfpatch.activate(v1=True)
    assert run_user_code(code)["r"] == ("v1", False, "m")
    assert _used() == ["nn.moments(x, axes, shift, name) (TensorFlow 1's order)"]
    inside = os.path.join(os.path.dirname(tf.__file__), "inside.py")
    assert run_user_code(code, filename=inside)["r"] == ("v2", "m", None)   # TensorFlow's own call


def test_tf1_loss_names_in_keras_losses_in_v1_mode(tf1_tf):
    tf = tf1_tf(v1=True)
    ns = run_user_code("import tensorflow as tf\n"
                       "loss = tf.losses.sparse_softmax_cross_entropy(labels=1, logits=2)\n"
                       "mse = tf.losses.mean_squared_error\n", filename="tf1.py")
    assert ns["loss"] == ("v1 loss", 1, 2)
    keras_losses = sys.modules["keras._tf_keras.keras.losses"]
    assert ns["mse"].__wrapped__ is sys.modules["tensorflow.python.ops"].mean_squared_error  # Keras's
    assert ns["mse"](1, 2) == ("keras mse",)                    # a valid Keras call: Keras's
    assert ns["mse"](labels=1, predictions=2) == ("v1 mse", 1, 2)   # TF 1 keywords Keras refuses
    assert sorted(k[1:3] for k in NOTICES.uses) == [
        ("losses.mean_squared_error(labels=..., predictions=..., ...)", "compat.v1.losses.mean_squared_error(...)"),
        ("losses.sparse_softmax_cross_entropy", "compat.v1.losses.sparse_softmax_cross_entropy")]
    assert ("tf1.losses", "losses.sparse_softmax_cross_entropy",
            "compat.v1.losses.sparse_softmax_cross_entropy", "tf1.py", 2) in NOTICES.uses
    with pytest.raises(AttributeError) as err:
        keras_losses.no_such_loss
    assert str(err.value).splitlines()[0] == "module 'keras._tf_keras.keras.losses' has no attribute 'no_such_loss'"
    tfpatch.deactivate()
    assert "__getattr__" not in keras_losses.__dict__
    assert not hasattr(keras_losses, "sparse_softmax_cross_entropy")


def test_keras_losses_stay_keras_without_v1_mode(tf1_tf):
    tf = tf1_tf()
    assert not hasattr(tf.losses, "sparse_softmax_cross_entropy")
    assert _used() == []


def test_the_tables_are_tensorflows():
    from tfpatch.adapters.tf1_tables import KEYWORD_RENAMES, REORDERS
    assert KEYWORD_RENAMES["reduce_sum"] == {"reduction_indices": "axis", "keep_dims": "keepdims"}
    assert KEYWORD_RENAMES["nn.conv2d"] == {"filter": "filters", "use_cudnn_on_gpu": None}
    assert REORDERS["nn.moments"] == (None, None, None, "name", "keep_dims", "keepdims")
    assert len(KEYWORD_RENAMES) > 100 and len(REORDERS) > 100


assert fakes  # the shape above is registered in fakes.SHAPES
