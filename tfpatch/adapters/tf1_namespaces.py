"""TFPATCH_V1=1: TF 2 namespaces that reuse a TF 1 name for another module.

On TensorFlow 2, ``tf.losses`` and ``tf.metrics`` are Keras's modules (``tf.keras.losses``,
``tf.keras.metrics``: the very same objects on most releases), and Keras 2's
``tf.keras.backend`` lacks TF 1's ``set_session``/``get_session``.  A TF 1 program's
``tf.losses.sparse_softmax_cross_entropy(labels=, logits=)`` or ``tf.metrics.accuracy(labels=,
predictions=)`` fails there: the TF 1 fallback of the engine does not serve names inside Keras.

In v1 mode only, each of those module objects gets a PEP 562 ``__getattr__`` (chained onto the
one it has, if any): a public name the module lacks and its ``tf.compat.v1`` twin
(``tf.compat.v1.losses``, ``tf.compat.v1.metrics``, ``tf.compat.v1.keras.backend``) has is
served from the twin, with a notice.  Names the module has are never touched, and outside v1
mode nothing is added: a TF 2 program sees Keras's modules as they are.  Since the modules are
Keras's, the names appear under ``tf.keras.losses`` / ``tf.keras.metrics`` too in v1 mode.
"""
import os
import sys

from .._api import wrapper_engine
from . import keras_major, parameters
from ..rules._kinds import Adapter

_ModuleType = type(sys)
_getframe = sys._getframe
_MISSING = object()

#: rule id -> (the tf-relative path of the TF 2 namespace, its tf.compat.v1 twin)
AREAS = {
    "tf1.losses": ("losses", "compat.v1.losses"),
    "tf1.metrics": ("metrics", "compat.v1.metrics"),
    "tf1.keras.backend": ("keras.backend", "compat.v1.keras.backend"),
}


def _plain(obj):
    """The plain module behind ``obj``: itself, or the module a loaded lazy loader stands for."""
    if type(obj) is _ModuleType:
        return obj
    if isinstance(obj, _ModuleType):  # a lazy loader: its __dict__ is a copy once loaded
        try:
            name = object.__getattribute__(obj, "__dict__").get("__name__")
        except Exception:
            return None
        found = sys.modules.get(name) if isinstance(name, str) else None
        return found if type(found) is _ModuleType else None
    return None


def _child(obj, name):
    try:
        return object.__getattribute__(obj, "__dict__").get(name)
    except Exception:
        return None


def _from_user(frame):
    """Out of TensorFlow's lazy loaders (``tf.losses`` is one on 2.15+; their ``__getattr__``
    asks the module they load): the frame that asked."""
    f = frame
    while f is not None and (f.f_code.co_name == "__getattr__" or
                             f.f_code.co_filename.endswith(os.sep + "lazy_loader.py")):
        f = f.f_back
    return f if f is not None else frame


def _twin(path):
    """``tf.<path>`` by ordinary attribute access (it may load tf.compat.v1.keras), or None."""
    obj = sys.modules.get("tensorflow")
    try:
        for part in path.split("."):
            obj = getattr(obj, part)
    except Exception:
        return None
    return obj


def _server(engine, rule, area, twin_path):
    entries = {}

    def serve(name):
        """The twin's ``name`` with a notice, or _MISSING."""
        if name[:1] == "_" or not getattr(engine, "active", False):
            return _MISSING
        twin = _twin(twin_path)
        value = getattr(twin, name, _MISSING) if twin is not None else _MISSING
        if value is _MISSING or isinstance(value, _ModuleType):
            return _MISSING
        used = "%s.%s" % (area, name)
        entry = entries.get(used)
        if entry is None:
            row = Adapter(rule.name, rule.target, rule.adapter, used, "%s.%s" % (twin_path, name), rule.since)
            entry = entries[used] = engine.adapter_entry(row, used)
        engine.first_use(entry, _from_user(_getframe(2)))
        return value
    return serve


def install_namespace(engine, rules, tf, target):
    if not engine.v1:
        return
    rule = rules[0]
    area, twin_path = AREAS[rule.name]
    if area == "keras.backend" and keras_major(target) != 2:
        return  # Keras 3 has no TF 1 backend at all
    serve = _server(engine, rule, area, twin_path)
    modules = [_plain(target)]
    if "." not in area:  # tf.losses and tf.keras.losses: one object on most releases, not all
        modules.append(_plain(_child(tf, area)))
        keras = _child(tf, "keras")
        modules.append(_plain(_child(keras, area)) if keras is not None else None)
    done = set()
    for module in modules:
        if module is None or id(module) in done:
            continue
        done.add(id(module))
        _chain(engine, module, serve, _served_shared(engine, rule, area, tf) if "." not in area else None)
        if "." not in area:
            _shared_names(engine, rule, area, module, _child(_child(_child(tf, "compat"), "v1"), area))


def _keyword_dispatch(engine, rule, area, name, value, other):
    """The wrapper of ``value`` (Keras's) that sends calls with TF 1 keywords it refuses at
    binding and ``other`` (TF 1's) accepts to ``other``, or None where that cannot be told."""
    keras_found, twin_found = parameters(value), parameters(other)
    if keras_found is None or twin_found is None or keras_found[1]:
        return None  # unknown, or Keras's takes any keyword
    keras_params, twin_params = set(keras_found[0]), set(twin_found[0])
    tf1_only = [k for k in twin_found[0] if k not in keras_params]
    used = "%s.%s(%s)" % (area, name, ", ".join(["%s=..." % k for k in tf1_only[:2]] + ["..."] * (len(tf1_only) > 2)))
    entry = engine.adapter_entry(Adapter(rule.name, rule.target, rule.adapter, used,
                                         "compat.v1.%s.%s(...)" % (area, name), rule.since), used)

    def wrapper(wrapped, instance, args, kwargs):
        if not kwargs or all(k in keras_params for k in kwargs) or \
                not all(k in twin_params for k in kwargs) or not getattr(engine, "active", False):
            return wrapped(*args, **kwargs)
        engine.first_use(entry, _getframe(1))
        return other(*args, **kwargs)
    return wrapper


def _shareable(value, other):
    return other is not None and other is not value and not isinstance(value, type) and \
        callable(value) and callable(other) and not isinstance(other, _ModuleType) and \
        wrapper_engine(value) is None


def _shared_names(engine, rule, area, module, twin):
    """Names both have with other arguments (``tf.losses.mean_squared_error``: Keras's
    ``(y_true, y_pred)``, TF 1's ``(labels, predictions, weights, ...)``): a call with TF 1
    keywords, which Keras's function refuses at binding, goes to the twin.  Positional calls
    stay Keras's: they are valid Keras calls."""
    twin_names = _names_of(twin)
    if not twin_names:
        return
    for name, value in list(module.__dict__.items()):
        other = twin_names.get(name)
        if name[:1] == "_" or not _shareable(value, other):
            continue
        wrapper = _keyword_dispatch(engine, rule, area, name, value, other)
        if wrapper is not None:
            engine.wrap(module, name, wrapper)


def _served_shared(engine, rule, area, tf):
    """For a name another hook serves in the module (Keras 3's ``mse`` as ``mean_squared_error``,
    a rename of tfpatch's): Keras's function, wrapped as in ``_shared_names`` (one per name)."""
    made = {}

    def shared(name, value):
        if name in made and made[name][0] is value:
            return made[name][1]
        twin = _names_of(_child(_child(_child(tf, "compat"), "v1"), area)) or {}
        result = value
        if name[:1] != "_" and _shareable(value, twin.get(name)):
            wrapper = _keyword_dispatch(engine, rule, area, name, value, twin[name])
            if wrapper is not None:
                import wrapt
                result = wrapt.FunctionWrapper(value, wrapper)
        made[name] = (value, result)
        return result
    return shared


def _names_of(module):
    try:
        return dict(object.__getattribute__(module, "__dict__")) if isinstance(module, _ModuleType) else None
    except Exception:
        return None


def _chain(engine, module, serve, shared=None):
    """Give ``module`` a ``__getattr__`` that serves what ``serve`` finds, after the one it has.
    ``shared(name, value)``: what to give for a name the one it has serves (tfpatch's renames)."""
    current = module.__dict__.get("__getattr__")
    if current is None:
        name = module.__name__

        def __getattr__(attribute):
            value = serve(attribute)
            if value is _MISSING:
                raise AttributeError("module '%s' has no attribute '%s'" % (name, attribute))
            return value
        __getattr__.__tfpatch_tf1_namespace__ = True
        engine.add_attribute(module, "__getattr__", __getattr__, own=True)
        return

    def wrapper(wrapped, instance, args, kwargs):
        try:
            found = wrapped(*args, **kwargs)
        except AttributeError:
            value = serve(args[0]) if len(args) == 1 and not kwargs and isinstance(args[0], str) else _MISSING
            if value is _MISSING:
                raise
            return value
        return shared(args[0], found) if shared is not None and len(args) == 1 else found
    engine.wrap(module, "__getattr__", wrapper)


LAYERS_NEED_KERAS_2 = (
    "tfpatch: tf.layers (tf.compat.v1.layers) is Keras 2 code, and the Keras behind this "
    "TensorFlow is Keras 3: install the tf_keras package that matches this TensorFlow "
    "(pip install tf_keras==%s.*) and run with TF_USE_LEGACY_KERAS=1")


def install_layers_message(engine, rules, tf, compat_v1):
    """2.16+: ``tf.layers.dense`` (the TF 1 fallback serves ``tf.compat.v1.layers``) fails with
    "`dense` is not available with Keras 3."; that error gains one line saying what to install.
    Its type and text stay TensorFlow's; every other lookup passes through."""
    loader = _child(compat_v1, "layers")
    cls = type(loader)
    if loader is None or cls is _ModuleType or not isinstance(loader, _ModuleType) or \
            "__getattr__" not in cls.__dict__:
        return  # a plain module (Keras 2 inside TensorFlow): nothing to say
    release = ".".join(str(getattr(tf, "__version__", "2")).split(".")[:2])
    line = LAYERS_NEED_KERAS_2 % release

    def wrapper(wrapped, instance, args, kwargs):
        try:
            return wrapped(*args, **kwargs)
        except AttributeError as exc:
            if instance is not loader or "not available with Keras 3" not in str(exc) or line in str(exc):
                raise
            if hasattr(exc, "add_note"):
                exc.add_note(line)
            else:
                exc.args = ("%s\n%s" % (exc.args[0], line),) + tuple(exc.args[1:]) if exc.args else (line,)
            raise
    engine.wrap(cls, "__getattr__", wrapper)
