"""The parts of the Keras 3 adapters that need no TensorFlow: op-layer templates, the
self-contained op function, and the shapes given to Keras 2 layers."""
import pickle
import sys
import types

import pytest

from tfpatch.adapters import keras3_layers, keras3_ops


class Symbolic(object):
    """Stands for a Keras 3 KerasTensor."""


@pytest.fixture
def fake_tensorflow(monkeypatch):
    """A ``tensorflow`` whose ops record their arguments, and whose TensorShape answers as_list/rank."""
    tf = types.ModuleType("tensorflow")
    tf.nn = types.ModuleType("tensorflow.nn")
    tf.nn.relu = lambda x, name=None: ("relu", x)
    tf.concat = lambda values, axis, name=None: ("concat", values, axis)

    class TensorShape(object):
        def __init__(self, dims):
            self.dims = list(dims)

        def as_list(self):
            return list(self.dims)

        @property
        def rank(self):
            return len(self.dims)
    tf.TensorShape = TensorShape
    monkeypatch.setitem(sys.modules, "tensorflow", tf)
    return tf


def test_template_marks_each_symbolic_tensor_once():
    a, b = Symbolic(), Symbolic()
    template, found = keras3_ops._mark([[[a, b, a], -1], {"axis": 2, "pair": (b, "x")}],
                                       lambda x: isinstance(x, Symbolic))
    assert found == [a, b]
    assert template == [[[{"__keras_tensor__": 0}, {"__keras_tensor__": 1}, {"__keras_tensor__": 0}], -1],
                        {"axis": 2, "pair": ({"__keras_tensor__": 1}, "x")}]
    assert isinstance(template[1]["pair"], tuple)


def test_op_function_puts_the_inputs_back(fake_tensorflow):
    template, _ = keras3_ops._mark([[[Symbolic(), Symbolic()], -1], {}], lambda x: isinstance(x, Symbolic))
    assert keras3_ops._call_op(["A", "B"], "concat", template) == ("concat", ["A", "B"], -1)
    one, _ = keras3_ops._mark([[Symbolic()], {}], lambda x: isinstance(x, Symbolic))
    assert keras3_ops._call_op("X", "nn.relu", one) == ("relu", "X")   # one input: the tensor itself


def test_op_function_is_saved_as_code_and_needs_no_globals(fake_tensorflow):
    """Keras' Lambda saves a function as its code only when it is named <lambda>; loaded
    elsewhere it has only builtins: it must not read tfpatch's module globals."""
    f = keras3_ops._call_op
    assert f.__name__ == "<lambda>" and f.__closure__ is None
    bare = types.FunctionType(f.__code__, {"__builtins__": __builtins__})
    template, _ = keras3_ops._mark([[Symbolic()], {}], lambda x: isinstance(x, Symbolic))
    assert bare(["X"], "nn.relu", template) == ("relu", "X")


def test_shape_tuple_is_the_tuple_keras_3_built(fake_tensorflow):
    shape = keras3_layers.as_legacy_shapes((None, 3))
    assert isinstance(shape, tuple) and shape == (None, 3) and hash(shape) == hash((None, 3))
    assert repr(shape) == "(None, 3)" and list(shape) == [None, 3] and shape[-1] == 3
    assert shape.as_list() == [None, 3] and shape.rank == 2
    assert shape[1:].as_list() == [3]
    assert type(pickle.loads(pickle.dumps(shape))) is tuple
    with pytest.raises(AttributeError) as err:
        shape.no_such_name
    assert str(err.value) == "'tuple' object has no attribute 'no_such_name'"
    shapes = keras3_layers.as_legacy_shapes([(None, 3), (None, 4)])
    assert [s.as_list() for s in shapes] == [[None, 3], [None, 4]]
    assert keras3_layers.as_legacy_shapes("not a shape") == "not a shape"
    assert type(keras3_layers.as_legacy_shapes((None, True))) is tuple   # bools are no dimensions


def test_only_classes_reading_tensor_shape_names_get_shape_tuples():
    class Legacy(object):
        def build(self, input_shape):
            return input_shape.as_list()

    class Helper(object):
        def build(self, input_shape):
            return self._width(input_shape)

        def _width(self, input_shape):
            return [d for d in input_shape.dims][-1]

    class Modern(object):
        def build(self, input_shape):
            return input_shape[-1]
    assert keras3_layers.reads_tensor_shape(Legacy)
    assert keras3_layers.reads_tensor_shape(Helper)
    assert not keras3_layers.reads_tensor_shape(Modern)
