"""What Keras 2 gave the layers written for it, on Keras 3 (``tf.keras`` from 2.16).

* ``build(input_shape)`` and ``compute_output_shape(input_shape)`` received a
  ``tf.TensorShape``; Keras 3 passes a tuple, and Keras 2 code calls
  ``input_shape.as_list()``, ``.rank``, ``.dims``...  A layer class defined
  outside Keras whose own ``build`` / ``compute_output_shape`` is also outside
  Keras, and whose code (any method of its classes outside Keras) reads a name
  only ``tf.TensorShape`` has, gets a :class:`ShapeTuple`: a tuple (equal, hashed, indexed, unpacked
  and ``isinstance``-tested exactly as the tuple Keras 3 built) that also
  answers, on first use of a name a tuple lacks, what ``tf.TensorShape`` of the
  same dimensions answers (a slice of it is one too).  Keras' own layers, and
  subclasses that keep Keras' ``build``, see Keras 3's tuples untouched.  The
  notice is given where the layer's code reads a ``TensorShape`` name.
* a layer name containing ``/`` (Keras 2 took ``name="predictions/logits"``;
  Keras 3 refuses it, because it joins names with ``/`` into variable paths):
  the layer is named with ``_`` for each ``/``, and ``Model.get_layer`` given the
  ``/`` spelling (which Keras 3 can only refuse) finds it.
* ``Input(shape=23)`` (Keras 2 read an int as ``(23,)``; Keras 3 refuses it).
* ``Layer._activity_regularizer``, which Keras 2 set and its subclasses read
  (Keras 3 keeps the same object as ``activity_regularizer``).
* Python control flow on tensors in a layer's ``call`` (``if tf.reduce_sum(x) > 0:``):
  Keras 2 ran ``call`` through autograph (``tf.__internal__.autograph.tf_convert``),
  Keras 3 does not, and the symbolic call raises ``OperatorNotAllowedInGraphError``.
  Where a layer class defined outside Keras raises it, its ``call`` is converted as
  Keras 2 converted it (``tf.autograph.to_graph``), from then on (the losses the failed attempt added are
  dropped); a ``call`` that never raises it runs as written.
"""
import functools
import sys

from . import keras_major, owner_of
from .keras3_ops import _caller, _package_dir

_KERAS_ROOTS = ("keras", "tf_keras", "tensorflow")


class ShapeTuple(tuple):
    """A shape passed to a Keras 2 layer's ``build``: Keras 3's tuple, answering
    ``tf.TensorShape``'s names too (``as_list()``, ``rank``, ``dims``...)."""

    __slots__ = ()

    def __getattr__(self, name):
        if name[:2] == "__" or name == "_tfpatch_tell":
            raise AttributeError(name)
        tf = sys.modules.get("tensorflow")
        shape = tf.TensorShape(list(self)) if tf is not None else None
        if shape is None or not hasattr(shape, name):
            raise AttributeError("'tuple' object has no attribute '%s'" % name)
        tell = getattr(type(self), "_tfpatch_tell", None)
        if tell is not None:
            tell(name, sys._getframe(1))
        return getattr(shape, name)

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return ShapeTuple(item) if isinstance(key, slice) else item

    def __reduce__(self):  # copies and pickles are plain tuples
        return tuple, (tuple(self),)


def _is_shape(value):
    return type(value) is tuple and all(d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value)


def as_legacy_shapes(value):
    """Tuples of dimensions (also in a list, tuple or dict of them) as ShapeTuples."""
    if _is_shape(value):
        return ShapeTuple(value)
    if isinstance(value, list) and value and all(_is_shape(v) for v in value):
        return [ShapeTuple(v) for v in value]
    if type(value) is tuple and value and all(_is_shape(v) for v in value):
        return tuple(ShapeTuple(v) for v in value)
    if isinstance(value, dict) and value and all(_is_shape(v) for v in value.values()):
        return dict((k, ShapeTuple(v)) for k, v in value.items())
    return value


def _outside_keras(obj):
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] not in _KERAS_ROOTS


def _notify_user(engine, rule, layer):
    """``tell()``: the notice of ``rule``, given to the first frame outside Keras and
    TensorFlow (Keras 3 calls these from inside its own constructors)."""
    entry = engine.adapter_entry(rule, rule.used)
    roots = [sys.modules.get(layer.__module__.split(".")[0]), sys.modules.get("tensorflow"),
             sys.modules.get(__name__.split(".")[0])]
    skip = tuple(d for d in (_package_dir(m) for m in roots if m is not None) if d)

    def tell():
        engine.first_use(entry, _caller(sys._getframe(1), skip))
    return tell


# What tf.TensorShape answers and a tuple does not: a layer class whose code reads none of
# these never meets a ShapeTuple.
TENSOR_SHAPE_NAMES = frozenset((
    "as_list", "rank", "ndims", "dims", "num_elements", "is_fully_defined", "merge_with", "concatenate",
    "with_rank", "with_rank_at_least", "with_rank_at_most", "is_compatible_with", "assert_has_rank",
    "assert_is_compatible_with", "assert_same_rank", "assert_is_fully_defined",
    "most_specific_compatible_shape", "as_proto", "is_subtype_of"))
_READS_TENSOR_SHAPE = {}   # class -> whether its code reads one of those names


def _code_reads(code, depth=0):
    if TENSOR_SHAPE_NAMES.intersection(code.co_names):
        return True
    return depth < 5 and any(_code_reads(c, depth + 1) for c in code.co_consts if hasattr(c, "co_names"))


def reads_tensor_shape(cls):
    """Whether a method of ``cls`` defined outside Keras reads a ``tf.TensorShape`` name."""
    found = _READS_TENSOR_SHAPE.get(cls)
    if found is None:
        found = False
        for c in cls.__mro__:
            if not _outside_keras(c) or c is object:
                continue
            for value in list(vars(c).values()):
                code = getattr(getattr(value, "__func__", value), "__code__", None)
                if code is not None and _code_reads(code):
                    found = True
                    break
            if found:
                break
        _READS_TENSOR_SHAPE[cls] = found
    return found


def _legacy_shapes(method):
    @functools.wraps(method)  # Keras reads the signature through __wrapped__
    def legacy_shapes(*args, **kwargs):
        return method(*[as_legacy_shapes(a) for a in args],
                      **dict((k, as_legacy_shapes(v)) for k, v in kwargs.items()))
    legacy_shapes._tfpatch_shapes = True
    return legacy_shapes


def _install_shapes(engine, rule, layer):
    entries = {}

    def tell(name, frame):
        entry = entries.get(name)
        if entry is None:
            entry = entries[name] = engine.adapter_entry(rule, "keras.layers.Layer.build(input_shape): input_shape.%s"
                                                         % name)
        engine.first_use(entry, frame)

    if not engine.add_attribute(ShapeTuple, "_tfpatch_tell", staticmethod(tell), own=True):
        return

    def init(wrapped, instance, args, kwargs):
        result = wrapped(*args, **kwargs)
        cls = type(instance)
        if engine.active and _outside_keras(cls) and reads_tensor_shape(cls):
            d = instance.__dict__
            for name in ("build", "compute_output_shape"):
                owner = owner_of(cls, name)
                if owner is None or not _outside_keras(owner):
                    continue
                current = d.get(name)   # Keras 3 puts its build wrapper on the instance
                if current is None:
                    current = getattr(instance, name)
                if not getattr(current, "_tfpatch_shapes", False):
                    d[name] = _legacy_shapes(current)
        return result
    engine.wrap(layer, "__init__", init)


def _install_names(engine, rule, layer, models):
    operation = next((c for c in layer.__mro__ if c.__name__ == "Operation" and "__init__" in c.__dict__), None)
    if operation is None:
        return
    tell = _notify_user(engine, rule, layer)

    def init(wrapped, instance, args, kwargs):
        name = kwargs.get("name", args[0] if args else None)
        if not (isinstance(name, str) and "/" in name):
            return wrapped(*args, **kwargs)
        tell()
        kwargs = dict(kwargs)
        kwargs["name"] = name.replace("/", "_")
        return wrapped(*args[1:], **kwargs)
    engine.wrap(operation, "__init__", init)

    model = getattr(models, "Model", None) if models is not None else None
    owner = owner_of(model, "get_layer") if isinstance(model, type) else None
    if owner is None:
        return

    def get_layer(wrapped, instance, args, kwargs):
        try:
            return wrapped(*args, **kwargs)
        except ValueError:
            name = kwargs.get("name", args[0] if args else None)
            if not (isinstance(name, str) and "/" in name):
                raise
        kwargs = dict(kwargs)
        kwargs["name"] = name.replace("/", "_")
        return wrapped(*args[1:], **kwargs)
    engine.wrap(owner, "get_layer", get_layer)


def _install_int_shape(engine, rule, layers):
    input_layer = getattr(layers, "InputLayer", None)
    owner = owner_of(input_layer, "__init__") if isinstance(input_layer, type) else None
    if owner is None:
        return
    tell = _notify_user(engine, rule, input_layer)

    def init(wrapped, instance, args, kwargs):
        key = "input_shape" if "input_shape" in kwargs else "shape"   # Keras 3 still reads input_shape=
        shape = kwargs.get(key, args[0] if args else None)
        if not isinstance(shape, int) or isinstance(shape, bool):
            return wrapped(*args, **kwargs)
        tell()
        if key in kwargs:
            kwargs = dict(kwargs)
            kwargs[key] = (shape,)
        else:
            args = ((shape,),) + tuple(args[1:])
        return wrapped(*args, **kwargs)
    engine.wrap(owner, "__init__", init)


def _install_attributes(engine, rule, layer):
    tell = _notify_user(engine, rule, layer)

    def get(self):
        tell()
        return getattr(self, "activity_regularizer", None)

    def set_(self, value):
        tell()
        self.activity_regularizer = value
    engine.add_attribute(layer, "_activity_regularizer",
                         property(get, set_, doc="Keras 2's name of activity_regularizer, served by tfpatch"))


def install_call_autograph(engine, rules, tf, layers):
    layer = getattr(layers, "Layer", None)
    errors = sys.modules.get("tensorflow.python.framework.errors_impl")
    refused = getattr(errors, "OperatorNotAllowedInGraphError", None)
    to_graph = getattr(getattr(tf, "autograph", None), "to_graph", None)
    if not isinstance(layer, type) or keras_major(layer) < 3 or not isinstance(refused, type) \
            or not callable(to_graph):
        return
    tell = _notify_user(engine, rules[0], layer)
    seen = set()
    converted_calls = {}   # a class's own call -> autograph's conversion of it

    def call(wrapped, instance, args, kwargs):
        converted = converted_calls.get(wrapped)
        if converted is not None:
            return converted(*args, **kwargs)
        losses = getattr(args[0], "_losses", None) if args else None
        before = len(losses) if isinstance(losses, list) else None
        try:
            return wrapped(*args, **kwargs)
        except refused:
            tell()
            if before is not None:
                del losses[before:]
            # always converted, as Keras 2 did (Keras 3 runs call() where autograph is off)
            converted = converted_calls[wrapped] = to_graph(wrapped)
            return converted(*args, **kwargs)

    def init(wrapped, instance, args, kwargs):
        result = wrapped(*args, **kwargs)
        cls = type(instance)
        if cls not in seen:
            seen.add(cls)
            owner = owner_of(cls, "call")
            if engine.active and owner is not None and _outside_keras(owner) and owner is not layer:
                engine.wrap_function(owner, "call", call)
        return result
    engine.wrap(layer, "__init__", init)


def install_keras2_layers(engine, rules, tf, layers):
    layer = getattr(layers, "Layer", None)
    if not isinstance(layer, type) or keras_major(layer) < 3:
        return
    models = sys.modules.get(layer.__module__.split(".")[0])   # the Keras root: its Model
    for rule in rules:
        if "input_shape" in rule.used:
            _install_shapes(engine, rule, layer)
        elif "name=" in rule.used:
            _install_names(engine, rule, layer, models)
        elif "Input(" in rule.used:
            _install_int_shape(engine, rule, layers)
        elif "_activity_regularizer" in rule.used:
            _install_attributes(engine, rule, layer)
