"""Adapters: wrappers for calls that changed while their names stayed.

Two registries, both named by catalogue rows; only the functions registered
here can be named, so nothing else is ever imported from a rule:

* ``ADAPTERS``: ``install(engine, rules, tf, target)`` for ``Adapter`` rows
  (``target``: the loaded module the rows name).  It wraps what the installed
  release needs with ``engine.wrap`` (a ``wrapt.FunctionWrapper``) or adds a
  missing method with ``engine.add_attribute``; both are in the undo log.
  It decides from what the release has (a signature, a missing method), not
  from its version number, wherever it can.
* ``SERVED``: ``make(engine, entry, value)`` for ``Rename`` rows whose two
  spellings take different arguments: the object served for ``entry.used`` is
  ``value`` wrapped so that the call written for that spelling means the same,
  or None where the release has no equivalent call (the name stays missing).

The helpers the adapter modules share are at the end of this module (one
module fewer to import inside ``import tensorflow``).
"""
import sys

from .._server import MethodAlias

#: adapter name -> (module of this package, function): imported on first use, so a
#: release imports only the adapter modules its catalogue rows need.
ADAPTERS = {
    "optimizer_arguments": ("optimizers", "install_arguments"),
    "legacy_optimizers": ("optimizers", "install_legacy"),
    "unscaled_gradients": ("mixed_precision", "install_unscaled_gradients"),
    "loss_scale_keras2_arguments": ("mixed_precision", "install_keras2_arguments"),
    "generator_methods": ("keras_calls", "install_generator_methods"),
    "loader_arguments": ("keras_calls", "install_loader_arguments"),
    "predict_classes": ("keras_calls", "install_predict_classes"),
    "compile_arguments": ("keras_calls", "install_compile_arguments"),
    "add_weight_positional": ("keras_calls", "install_add_weight"),
    "batch_norm_synchronized": ("keras_calls", "install_synchronized"),
    "dataset_methods": ("oldrel", "install_dataset_methods"),
    "op_layers": ("keras3_ops", "install_op_layers"),
    "symbolic_add_loss": ("keras3_ops", "install_symbolic_add_loss"),
    "keras2_layers": ("keras3_layers", "install_keras2_layers"),
    "keras2_call_autograph": ("keras3_layers", "install_call_autograph"),
    "optimizer_lr": ("keras3", "install_optimizer_lr"),
    "backend_set_value": ("keras3", "install_backend_values"),
    "learning_phase": ("keras3", "install_learning_phase"),
    "reset_metrics_argument": ("keras3", "install_reset_metrics"),
    "model_reset_states": ("keras3", "install_model_reset_states"),
    "weights_files": ("keras3", "install_weights_files"),
    "checkpoint_weights": ("keras3", "install_checkpoint_weights"),
    "compiled_loss": ("keras3", "install_compiled_loss"),
    "optimizer_loss_scale": ("keras3", "install_optimizer_loss_scale"),
    "policy_loss_scale": ("keras3", "install_policy_loss_scale"),
    "policy_compile": ("keras3", "install_policy_compile"),
    "tf1_arguments": ("tf1_arguments", "install_arguments"),
    "tf1_losses": ("tf1_namespaces", "install_namespace"),
    "tf1_metrics": ("tf1_namespaces", "install_namespace"),
    "tf1_keras_backend": ("tf1_namespaces", "install_namespace"),
    "tf1_layers_keras3": ("tf1_namespaces", "install_layers_message"),
    "options_deterministic": ("oldrel", "install_options_deterministic"),
    "from_generator_signature": ("oldrel", "install_from_generator_signature"),
    "function_jit_compile": ("oldrel", "install_function_jit_compile"),
    "tpu_connect": ("oldrel", "install_tpu_connect"),
    "op_determinism": ("oldrel", "install_op_determinism"),
}

SERVED = {
    "loss_scale_optimizer": ("mixed_precision", "served_loss_scale_optimizer"),
    "experimental_policy": ("mixed_precision", "served_experimental_policy"),
    "sync_batch_norm": ("keras_calls", "served_sync_batch_norm"),
    "experimental_optimizer": ("keras3", "served_experimental_optimizer"),
    "keras2_optimizer": ("oldrel", "served_keras2_optimizer"),
}


def function(registry, name):
    """The function ``registry`` (ADAPTERS or SERVED) names ``name`` (KeyError if none)."""
    entry = registry[name]
    if callable(entry):
        return entry
    module, attribute = entry
    return getattr(__import__("%s.%s" % (__name__, module), fromlist=[attribute]), attribute)


# --- helpers the adapter modules share -----------------------------------------------
_getframe = sys._getframe
FunctionType = type(lambda: None)
_CO_VARKEYWORDS = 0x08


def owner_of(cls, name):
    """The class in ``cls.__mro__`` whose own dictionary defines ``name``, or None."""
    return next((c for c in cls.__mro__ if name in c.__dict__), None)


def has(cls, name):
    """Whether ``cls`` defines ``name`` itself or through a base other than ``object``
    (a method alias tfpatch placed counts as missing: it is not the release's)."""
    owner = owner_of(cls, name)
    return owner is not None and owner is not object and not isinstance(owner.__dict__[name], MethodAlias)


def parameters(function, defaults=False):
    """The parameter names of ``function``, whether it takes ``**kwargs`` and, with
    ``defaults``, ``{name: default}``; None if unknown.  Read from the code object
    for a plain function (what ``inspect.signature`` would say, ~100 times
    faster: ~25 of these run inside ``import tensorflow``), through
    ``inspect.signature`` for anything else (wrapped, partial, builtin...)."""
    f = getattr(function, "__func__", function)
    bound = f is not function and getattr(function, "__self__", None) is not None
    for _ in range(20):  # through functools.wraps decorators, as inspect.signature goes
        if type(f) is not FunctionType or "__signature__" in f.__dict__ or "__wrapped__" not in f.__dict__:
            break
        f = f.__dict__["__wrapped__"]
    code = getattr(f, "__code__", None)
    if type(f) is FunctionType and code is not None and "__wrapped__" not in f.__dict__ \
            and "__signature__" not in f.__dict__:
        count = code.co_argcount + code.co_kwonlyargcount
        names = list(code.co_varnames[:count])
        found = {}
        if defaults:
            positional = names[:code.co_argcount]
            for name, value in zip(positional[len(positional) - len(f.__defaults__ or ()):], f.__defaults__ or ()):
                found[name] = value
            found.update(f.__kwdefaults__ or {})
        if bound:
            names = names[1:]
        result = names, bool(code.co_flags & _CO_VARKEYWORDS)
        return result + (found,) if defaults else result
    import inspect
    try:
        params = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return None
    names = [p.name for p in params.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    result = names, any(p.kind == p.VAR_KEYWORD for p in params.values())
    if defaults:
        return result + ({p.name: p.default for p in params.values() if p.default is not p.empty},)
    return result


def method_name(used):
    """``"keras.Model.fit_generator(...)"`` -> ``"fit_generator"``."""
    return used.split("(", 1)[0].rpartition(".")[2]


def bind(names, defaults, args, kwargs, call):
    """Bind ``args``/``kwargs`` to ``names`` as the old signature did; TypeError as Python words it."""
    if len(args) > len(names):
        raise TypeError("%s() takes at most %d positional arguments (%d given)" % (call, len(names), len(args)))
    bound = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in names:
            raise TypeError("%s() got an unexpected keyword argument %r" % (call, key))
        if key in bound:
            raise TypeError("%s() got multiple values for argument %r" % (call, key))
        bound[key] = value
    for name in names:
        if name not in bound:
            if name not in defaults:
                raise TypeError("%s() missing required argument: %r" % (call, name))
            bound[name] = defaults[name]
    return bound


def notify(engine, rule, used):
    """A function ``tell()`` giving the notice of the call ``used`` to the user's
    line that made it (the notices walk out of tfpatch's and wrapt's frames)."""
    entry = engine.adapter_entry(rule, used)

    def tell():
        engine.first_use(entry, _getframe(1))
    return tell


def keras_major(obj):
    """2 or 3: the Keras ``obj`` (a class or module) belongs to.  Keras inside
    TensorFlow (2.0-2.5), ``keras`` 2.6-2.15 and ``tf_keras`` are 2."""
    name = getattr(obj, "__module__", None) or getattr(obj, "__name__", "")
    root = sys.modules.get(name.split(".")[0])
    if root is None or root.__name__ in ("tensorflow", "tensorflow_core", "tf_keras"):
        return 2
    try:
        return int(str(getattr(root, "__version__", "2")).split(".")[0])
    except ValueError:
        return 2
