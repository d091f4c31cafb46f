"""Keras 2 attributes and arguments that Keras 3 (TF 2.16+) dropped from objects it still has.

* ``optimizer.lr``: Keras 2's alias of ``learning_rate``, read and written.
* ``tf.keras.backend.set_value(var, v)`` / ``batch_set_value``: Keras 3's legacy backend
  fails on its own variables (``'str' object has no attribute 'name'``): assigned.
* ``tf.keras.backend.learning_phase()`` / ``set_learning_phase(0|1)`` /
  ``learning_phase_scope``: Keras 2's global training flag.  Once set, an outermost
  layer call that passes no ``training`` gets ``training=`` the phase, as Keras 2
  resolved it (an explicit argument and an enclosing call still win).
* ``train_on_batch`` / ``test_on_batch(..., reset_metrics=)``: Keras 2 (TF 2.2+) reset
  the metrics before the batch when it was true (the default), as Keras 3.1+ always
  does; ``reset_metrics=False`` goes on from the metrics as they are.  Keras 3.0 (TF
  2.16's first Keras) never resets there: ``reset_metrics=True`` resets first.
* ``model.reset_states()``: Keras 2's method, which resets every stateful layer of the
  model (those of nested models too); Keras 3 keeps ``reset_states`` on the layers only.
* ``save_weights('ckpt')`` / ``load_weights('ckpt')`` / ``ModelCheckpoint('ckpt',
  save_weights_only=True)``: Keras 3 writes weights only as ``.weights.h5``; a bare
  name (or ``.h5``) is kept in ``ckpt.weights.h5`` and read back from there.
* ``self.compiled_loss(...)`` / ``self.compiled_metrics.update_state(...)`` in a custom
  ``train_step``: Keras 3 keeps both names, but its ``compiled_metrics`` feeds the
  predictions to the loss tracker and ``compiled_loss`` never updates it, so the
  logged ``loss`` is the mean prediction: given Keras 2's meaning.
* ``LossScaleOptimizer.loss_scale`` (Keras 3: ``dynamic_scale``) and
  ``Policy.loss_scale`` of a policy made by the experimental spelling, with
  ``compile`` wrapping the optimizer in that policy's loss scale as Keras 2.4-2.8 did.
* ``optimizers.experimental.Adam(...)`` and the others (2.11-2.15 spellings) served
  by Keras 3's classes, their 2.15 arguments translated (``jit_compile`` dropped).
"""
import logging
import os
import sys

from .._api import wrapper_engine
from . import bind, has, keras_major, method_name, notify, owner_of, parameters

_log = logging.getLogger("tfpatch")
_MISSING = object()


def _once(key, message, _said=set()):
    if key not in _said:
        _said.add(key)
        _log.warning("%s", message)


# --- optimizer.lr -------------------------------------------------------------------
_INTERNAL = ("keras", "tensorflow", "tf_keras")


def _user_frame(frame):
    """The first frame outside Keras and TensorFlow (which read attributes of their own
    objects, e.g. ``__setattr__`` checking the old value), or None."""
    while frame is not None and str(frame.f_globals.get("__name__", "")).partition(".")[0] in _INTERNAL:
        frame = frame.f_back
    return frame


def _notify_user(engine, rule):
    """As ``notify``, but the notice goes to the first frame outside Keras (Keras 3's
    ``compiled_metrics`` object calls the method tfpatch wraps)."""
    entry = engine.adapter_entry(rule, rule.used)

    def tell():
        frame = _user_frame(sys._getframe(1))
        if frame is not None:
            engine.first_use(entry, frame)
    return tell


def install_optimizer_lr(engine, rules, tf, optimizers):
    base = getattr(optimizers, "Optimizer", None)
    if not isinstance(base, type) or keras_major(base) < 3 or has(base, "lr"):
        return
    owner = owner_of(base, "learning_rate")
    if owner is None:
        return
    entry = engine.adapter_entry(rules[0], rules[0].used)

    def get_lr(self):
        caller = sys._getframe(1)
        if _user_frame(caller) is caller:     # not Keras' own look (its __setattr__ reads the old value)
            engine.first_use(entry, caller)
        return self.learning_rate

    def set_lr(self, value):
        caller = _user_frame(sys._getframe(1))
        if caller is not None:
            engine.first_use(entry, caller)
        self.learning_rate = value
    engine.add_attribute(owner, "lr", property(get_lr, set_lr, doc="Keras 2's alias of learning_rate, "
                                                                   "supplied by tfpatch."))


def _keras_variable(x):
    """A Keras 3 variable: its dtype is a string (a tf.Variable's is a DType)."""
    return isinstance(getattr(x, "dtype", None), str) and hasattr(x, "assign")


def install_backend_values(engine, rules, tf, backend):
    """``K.set_value(opt.lr, 1e-3)``: Keras 3's legacy ``set_value`` reads ``x.dtype.name``,
    which its own variables lack; only those calls are assigned here."""
    if keras_major(backend) < 3:
        return
    import numpy as np
    tell = notify(engine, rules[0], rules[0].used)

    def set_value(wrapped, instance, args, kwargs):
        try:
            bound = bind(("x", "value"), {}, args, kwargs, "set_value")
        except TypeError:
            return wrapped(*args, **kwargs)
        if not _keras_variable(bound["x"]):
            return wrapped(*args, **kwargs)
        tell()
        bound["x"].assign(np.asarray(bound["value"], dtype=bound["x"].dtype))

    def batch_set_value(wrapped, instance, args, kwargs):
        try:
            tuples = list(bind(("tuples",), {}, args, kwargs, "batch_set_value")["tuples"])
        except TypeError:
            return wrapped(*args, **kwargs)
        if not any(_keras_variable(x) for x, _ in tuples):
            return wrapped(tuples)
        tell()
        others = [(x, v) for x, v in tuples if not _keras_variable(x)]
        for x, value in tuples:
            if _keras_variable(x):
                x.assign(np.asarray(value, dtype=x.dtype))
        if others:
            wrapped(others)

    for name, wrapper in (("set_value", set_value), ("batch_set_value", batch_set_value)):
        if callable(vars(backend).get(name)):
            engine.wrap(backend, name, wrapper)


# --- the learning phase ---------------------------------------------------------------
_PHASE = {"value": None}   # None: never set (Keras 2's phase 0, nothing forced)


def _call_context_open():
    state = sys.modules.get("keras.src.backend.common.global_state")
    return state is not None and state.get_global_attribute("current_call_ctx") is not None


def install_learning_phase(engine, rules, tf, backend):
    if keras_major(backend) < 3:
        return
    layers = engine.keras_namespace("layers")
    layer = getattr(layers, "Layer", None)
    owner = owner_of(layer, "__call__") if isinstance(layer, type) else None
    can_force = owner is not None and "keras.src.backend.common.global_state" in sys.modules
    tells = {method_name(rule.used): notify(engine, rule, rule.used) for rule in rules}
    wrapped_call = []

    def training_from_phase(wrapped, instance, args, kwargs):
        phase = _PHASE["value"]
        if phase is None or kwargs.get("training") is not None or len(args) > 1 \
                or not getattr(instance, "_call_has_training_arg", False) or _call_context_open():
            return wrapped(*args, **kwargs)
        kwargs = dict(kwargs)
        kwargs["training"] = bool(phase)
        return wrapped(*args, **kwargs)

    def set_phase(value):
        if value not in (0, 1):
            raise ValueError("Expected learning phase to be 0 or 1.")   # as Keras 2 words it
        if not can_force:
            raise RuntimeError("tf.keras.backend.set_learning_phase(%r): this Keras has no global training "
                               "flag; pass training=%s to the model or layer call instead"
                               % (value, bool(value)))
        if not wrapped_call:
            engine.wrap(owner, "__call__", training_from_phase)
            wrapped_call.append(True)
        _PHASE["value"] = value

    def learning_phase():
        tells["learning_phase"]()
        return 0 if _PHASE["value"] is None else _PHASE["value"]

    def set_learning_phase(value):
        tells["set_learning_phase"]()
        set_phase(value)

    class PhaseScope(object):
        def __init__(self, value):
            self.value, self.previous = value, None

        def __enter__(self):
            self.previous = _PHASE["value"]
            set_phase(self.value)

        def __exit__(self, *exc):
            _PHASE["value"] = self.previous
            return False

    def learning_phase_scope(value):
        tells["learning_phase_scope"]()
        return PhaseScope(value)

    for function in (learning_phase, set_learning_phase, learning_phase_scope):
        if function.__name__ in tells:
            function.__doc__ = ("Keras 2's tf.keras.backend.%s, supplied by tfpatch: the phase is passed as "
                                "training= to outermost layer calls that give none." % function.__name__)
            engine.add_attribute(backend, function.__name__, function)


# --- train_on_batch / test_on_batch(reset_metrics=) -----------------------------------------
def _no_reset():
    pass


def _resets_itself(method):
    """Whether ``method`` (a Keras 3 ``train_on_batch``/``test_on_batch``) resets the
    metrics before its batch, as 3.1+ does and 3.0 does not (unknown: assume it does)."""
    import inspect
    code = getattr(inspect.unwrap(method), "__code__", None)
    return code is None or "reset_metrics" in code.co_names


def install_reset_metrics(engine, rules, tf, models):
    model = getattr(models, "Model", None)
    if not isinstance(model, type) or keras_major(model) < 3 or not has(model, "reset_metrics"):
        return
    for rule in rules:
        name = method_name(rule.used)
        owner = owner_of(model, name)
        found = parameters(getattr(model, name)) if owner is not None else None
        if found is None or "reset_metrics" in found[0] or found[1]:
            continue
        tell = notify(engine, rule, rule.used)
        resets = _resets_itself(getattr(model, name))

        def wrapper(wrapped, instance, args, kwargs, tell=tell, resets=resets):
            if "reset_metrics" not in kwargs:
                return wrapped(*args, **kwargs)
            tell()
            kwargs = dict(kwargs)
            if kwargs.pop("reset_metrics"):
                if not resets:
                    instance.reset_metrics()
                return wrapped(*args, **kwargs)
            state = instance.__dict__      # Keras 3 calls self.reset_metrics() first: not this time
            state["reset_metrics"] = _no_reset
            try:
                return wrapped(*args, **kwargs)
            finally:
                state.pop("reset_metrics", None)
        engine.wrap(owner, name, wrapper)


# --- model.reset_states() ------------------------------------------------------------------
def install_model_reset_states(engine, rules, tf, models):
    model = getattr(models, "Model", None)
    if not isinstance(model, type) or keras_major(model) < 3 or has(model, "reset_states"):
        return
    tell = notify(engine, rules[0], rules[0].used)

    def reset_states(self):
        tell()
        # Keras 2's body; a nested model stands for its layers (Keras 2's Model.stateful
        # was "any of its layers is", which Keras 3 has no property for).
        for layer in self.layers:
            if isinstance(layer, model):
                layer.reset_states()
            elif hasattr(layer, "reset_states") and getattr(layer, "stateful", False):
                layer.reset_states()
    reset_states.__doc__ = ("Supplied by tfpatch for Keras 3: Keras 2's Model.reset_states(), "
                            "layer.reset_states() for every stateful layer, nested models' included.")
    engine.add_attribute(model, "reset_states", reset_states)


# --- weights files -------------------------------------------------------------------------
_KERAS3_WEIGHTS = (".weights.h5", ".weights.json", ".keras")


def _weights_file(path):
    """Where Keras 3 keeps the weights Keras 2 wrote to ``path`` (None: Keras 3 takes ``path``)."""
    path = os.fspath(path)
    if path.endswith(_KERAS3_WEIGHTS):
        return None
    for suffix in (".h5", ".hdf5"):
        if path.endswith(suffix):
            return path[:-len(suffix)] + ".weights.h5"
    return path + ".weights.h5"


class LoadStatus(object):
    """What ``load_weights`` of a TensorFlow checkpoint returned in Keras 2; the weights
    were read from a ``.weights.h5`` file, in full, so every check passes."""

    def assert_consumed(self):
        return self

    def assert_existing_objects_matched(self):
        return self

    def assert_nontrivial_match(self):
        return self

    def expect_partial(self):
        return self

    def run_restore_ops(self, session=None):
        return None

    def initialize_or_restore(self, session=None):
        return None


def _said_where(path, target, verb):
    _once((verb, path), "%s %r: the weights are in %s (Keras 3 keeps weights only in .weights.h5 files; "
                        "programs that look for TensorFlow checkpoint files, such as "
                        "tf.train.latest_checkpoint, will not find them)" % (verb, os.fspath(path), target))


def install_weights_files(engine, rules, tf, models):
    model = getattr(models, "Model", None)
    if not isinstance(model, type) or keras_major(model) < 3:
        return
    tells = {method_name(rule.used): notify(engine, rule, rule.used) for rule in rules}

    def save_weights(wrapped, instance, args, kwargs):
        try:
            bound = bind(("filepath", "overwrite", "save_format", "options"),
                         {"overwrite": True, "save_format": None, "options": None}, args, kwargs, "save_weights")
        except TypeError:
            return wrapped(*args, **kwargs)
        target = _weights_file(bound["filepath"])
        if target is None and bound["save_format"] is None and bound["options"] is None:
            return wrapped(*args, **kwargs)
        tells["save_weights"]()
        target = target or os.fspath(bound["filepath"])
        _said_where(bound["filepath"], target, "save_weights")
        return wrapped(target, overwrite=bound["overwrite"])

    def load_weights(wrapped, instance, args, kwargs):
        try:
            bound = bind(("filepath", "by_name", "skip_mismatch", "options"),
                         {"by_name": False, "skip_mismatch": False, "options": None}, args, kwargs, "load_weights")
        except TypeError:
            return wrapped(*args, **kwargs)
        path = bound["filepath"]
        target = _weights_file(path) if isinstance(path, (str, bytes, os.PathLike)) else None
        if target is None or bound["by_name"] or not os.path.exists(target) or \
                (os.fspath(path).endswith((".h5", ".hdf5")) and os.path.exists(path)):
            return wrapped(*args, **kwargs)   # Keras 3 reads it itself, or says why not
        tells["load_weights"]()
        _said_where(path, target, "load_weights")
        wrapped(target, skip_mismatch=bound["skip_mismatch"])
        return LoadStatus()

    for name, wrapper in (("save_weights", save_weights), ("load_weights", load_weights)):
        owner = owner_of(model, name)
        if owner is not None and name in tells:
            engine.wrap(owner, name, wrapper)


def install_checkpoint_weights(engine, rules, tf, callbacks):
    checkpoint = getattr(callbacks, "ModelCheckpoint", None)
    if not isinstance(checkpoint, type) or keras_major(checkpoint) < 3 or owner_of(checkpoint, "__init__") is None:
        return
    found = parameters(checkpoint.__init__)
    if found is None or found[1] or "options" in found[0]:
        return
    tell = notify(engine, rules[0], rules[0].used)

    def init(wrapped, instance, args, kwargs):
        args, kwargs = list(args), dict(kwargs)
        weights_only = kwargs.get("save_weights_only", args[4] if len(args) > 4 else False)
        path = kwargs.get("filepath", args[0] if args else None)
        target = _weights_file(path) if weights_only and isinstance(path, (str, os.PathLike)) else None
        if target is None and "options" not in kwargs:
            return wrapped(*args, **kwargs)
        tell()
        kwargs.pop("options", None)   # tf.train.CheckpointOptions: Keras 3 writes no TensorFlow checkpoint
        if target is not None:
            _said_where(path, target, "ModelCheckpoint")
            if "filepath" in kwargs:
                kwargs["filepath"] = target
            else:
                args[0] = target
        return wrapped(*args, **kwargs)
    engine.wrap(owner_of(checkpoint, "__init__"), "__init__", init)


# --- compiled_loss / compiled_metrics in a custom train_step ------------------------------
def install_compiled_loss(engine, rules, tf, models):
    model = getattr(models, "Model", None)
    if not isinstance(model, type) or keras_major(model) < 3:
        return
    tells = {rule.name.rpartition(".")[2]: _notify_user(engine, rule) for rule in rules}

    def compiled_loss(wrapped, instance, args, kwargs):
        compile_loss = getattr(instance, "_compile_loss", _MISSING)
        tracker = getattr(instance, "_loss_tracker", None)
        if compile_loss is _MISSING or tracker is None:
            return wrapped(*args, **kwargs)
        bound = bind(("y_true", "y_pred", "sample_weight", "regularization_losses"),
                     {"sample_weight": None, "regularization_losses": None}, args, kwargs, "compiled_loss")
        tells["compiled_loss"]()
        y_pred = bound["y_pred"]
        losses = []
        if compile_loss is not None:
            value = compile_loss(bound["y_true"], y_pred, bound["sample_weight"])
            if value is not None:
                losses.append(value)
        dtype = losses[0].dtype if losses else tf.float32
        losses += [tf.cast(r, dtype) for r in bound["regularization_losses"] or ()]
        total = tf.add_n(losses) if losses else tf.zeros((), dtype)
        first = tf.nest.flatten(y_pred)[0]
        tracker.update_state(total, sample_weight=tf.shape(first)[0] if first.shape.rank else None)
        return total

    class CompiledMetrics(object):
        """Keras 2's ``model.compiled_metrics``, as far as a train_step uses it."""
        __slots__ = ("_model",)

        def __init__(self, model):
            self._model = model

        def update_state(self, y_true, y_pred, sample_weight=None):
            tells["compiled_metrics"]()
            compile_metrics = getattr(self._model, "_compile_metrics", None)
            if compile_metrics is not None:
                compile_metrics.update_state(y_true, y_pred, sample_weight=sample_weight)

    metrics_owner = owner_of(model, "compiled_metrics")
    keras_property = metrics_owner.__dict__["compiled_metrics"] if metrics_owner is not None else None

    def compiled_metrics(self):
        if getattr(self, "_compile_metrics", _MISSING) is _MISSING:
            return keras_property.__get__(self, type(self))
        return CompiledMetrics(self)

    owner = owner_of(model, "compiled_loss")
    if owner is not None and callable(owner.__dict__["compiled_loss"]):
        engine.wrap(owner, "compiled_loss", compiled_loss)
    # Keras 3's own compiled_metrics is a property whose object calls a method of the model:
    # Model gets its own property (the notice then points at the train_step that uses it).
    if isinstance(keras_property, property) and metrics_owner is not model:
        engine.add_attribute(model, "compiled_metrics", property(compiled_metrics, doc=(
            "Keras 2's compiled metrics, supplied by tfpatch: update_state updates the compiled metrics, "
            "not the loss tracker.")), own=True)


# --- loss scales -------------------------------------------------------------------------
def install_optimizer_loss_scale(engine, rules, tf, mixed_precision):
    """``opt.loss_scale`` on Keras 3's LossScaleOptimizer: the current scale as a tensor,
    as Keras 2.4-2.15 gave it."""
    cls = vars(mixed_precision).get("LossScaleOptimizer")
    if not isinstance(cls, type) or keras_major(cls) < 3 or has(cls, "loss_scale"):
        return
    from .mixed_precision import _scale_of
    tell = notify(engine, rules[0], rules[0].used)

    def loss_scale(self):
        tell()
        return _scale_of(self)
    engine.add_attribute(cls, "loss_scale", property(loss_scale, doc="Keras 2's current loss scale (a tensor), "
                                                                     "supplied by tfpatch: dynamic_scale."))


def _loss_scale_object(tf, value):
    """What ``Policy.loss_scale`` was in 2.1-2.8: a LossScale, or None."""
    if value is None:
        return None
    mp = tf.compat.v1.mixed_precision
    if value == "dynamic":
        return mp.DynamicLossScale()
    return mp.FixedLossScale(value)


def install_policy_loss_scale(engine, rules, tf, mixed_precision):
    """``policy.loss_scale`` of a policy the experimental spelling made (the served
    ``experimental.Policy`` records it); any other policy still has none."""
    cls = vars(mixed_precision).get("Policy")
    if not isinstance(cls, type) or has(cls, "loss_scale"):
        return
    tell = notify(engine, rules[0], rules[0].used)

    def loss_scale(self):
        state = getattr(self, "__dict__", {})
        if "_tfpatch_loss_scale" not in state:
            raise AttributeError("'%s' object has no attribute 'loss_scale'" % type(self).__name__)
        tell()
        if "_tfpatch_loss_scale_object" not in state:
            state["_tfpatch_loss_scale_object"] = _loss_scale_object(tf, state["_tfpatch_loss_scale"])
        return state["_tfpatch_loss_scale_object"]
    engine.add_attribute(cls, "loss_scale", property(loss_scale, doc="The loss scale of a policy made by "
                                                                     "mixed_precision.experimental.Policy."))


def install_policy_compile(engine, rules, tf, models):
    """Keras 2.4-2.8: ``compile`` wrapped the optimizer in the loss scale of the model's
    experimental policy (a fixed scale too, in any dtype).  From 2.9 only a
    ``mixed_float16`` policy gets one, dynamic: a policy made by the served experimental
    spelling keeps the loss scale it was given."""
    model = getattr(models, "Model", None)
    owner = owner_of(model, "compile") if isinstance(model, type) else None
    if owner is None:
        return
    keras3 = keras_major(model) >= 3
    found = parameters(model.compile)
    auto_scale = keras3 and found is not None and "auto_scale_loss" in found[0]
    tell = notify(engine, rules[0], rules[0].used)

    def compile(wrapped, instance, args, kwargs):
        policy = getattr(instance, "_dtype_policy", None) or getattr(instance, "dtype_policy", None)
        scale = getattr(policy, "__dict__", {}).get("_tfpatch_loss_scale", _MISSING)
        if scale is None and auto_scale and getattr(policy, "name", None) == "mixed_float16" \
                and "auto_scale_loss" not in kwargs:
            tell()   # Policy('mixed_float16', loss_scale=None): 2.4-2.8 left the optimizer unscaled
            return wrapped(*args, **dict(kwargs, auto_scale_loss=False))
        if scale is _MISSING or scale is None:
            return wrapped(*args, **kwargs)
        args, kwargs = list(args), dict(kwargs)
        given = args[0] if args else kwargs.get("optimizer", "rmsprop")
        lso = tf.keras.mixed_precision.LossScaleOptimizer
        optimizer = tf.keras.optimizers.get(given)
        if isinstance(optimizer, lso):
            return wrapped(*args, **kwargs)
        tell()
        if scale == "dynamic":
            optimizer = lso(optimizer)
        elif keras3:
            from .mixed_precision import fixed_loss_scale_optimizer
            optimizer = fixed_loss_scale_optimizer(lso, optimizer, float(scale))
        else:
            optimizer = lso(optimizer, dynamic=False, initial_scale=float(scale))
        if args:
            args[0] = optimizer
        else:
            kwargs["optimizer"] = optimizer
        return wrapped(*args, **kwargs)

    if wrapper_engine(owner.__dict__["compile"]) is not engine:
        engine.wrap(owner, "compile", compile)
    elif owner is not model:
        # Keras 3's Trainer.compile has a wrapper of tfpatch's already (steps_per_execution),
        # and the engine keeps one per method: Model gets its own compile, calling that one.
        def model_compile(self, *args, **kwargs):
            return compile(super(model, self).compile, self, args, kwargs)
        model_compile.__name__ = "compile"
        model_compile.__doc__ = owner.__dict__["compile"].__doc__
        engine.add_attribute(model, "compile", model_compile, own=True)


# --- optimizers.experimental.* (2.11-2.15) on Keras 3 --------------------------------------
_TAIL = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum",
         "ema_overwrite_frequency", "jit_compile", "name")
#: Keras 2.15's positional order of each experimental optimizer.
EXPERIMENTAL_ARGUMENTS = {
    "Adadelta": ("learning_rate", "rho", "epsilon") + _TAIL,
    "Adafactor": ("learning_rate", "beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold",
                  "relative_step") + _TAIL,
    "Adagrad": ("learning_rate", "initial_accumulator_value", "epsilon") + _TAIL,
    "Adam": ("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad") + _TAIL,
    "AdamW": ("learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad") + _TAIL[1:],
    "Adamax": ("learning_rate", "beta_1", "beta_2", "epsilon") + _TAIL,
    "Ftrl": ("learning_rate", "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
             "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta") + _TAIL,
    "Nadam": ("learning_rate", "beta_1", "beta_2", "epsilon") + _TAIL,
    "RMSprop": ("learning_rate", "rho", "momentum", "epsilon", "centered") + _TAIL,
    "SGD": ("learning_rate", "momentum", "nesterov") + _TAIL,
}
#: 2.15 defaults Keras 3 changed (RMSprop's moving average was written over every 100 steps).
_DEFAULTS = {"RMSprop": {"ema_overwrite_frequency": 100}}


def served_experimental_optimizer(engine, entry, cls):
    """``optimizers.experimental.Adam(...)`` served by Keras 3's ``optimizers.Adam``: arguments
    bound in 2.15's order, ``jit_compile`` dropped (a hint to XLA for the update step;
    Keras 3 compiles the whole step with ``compile(jit_compile=...)``), ``name`` and
    changed defaults as 2.15 had them.  None (the name stays missing) where the class
    is not Keras 3's or its 2.15 arguments are unknown (the ``Optimizer`` base class:
    Keras 3's subclassing API differs)."""
    import wrapt
    name = entry.used.rpartition(".")[2]
    if entry.used != entry.rule.legacy:
        return cls
    names = EXPERIMENTAL_ARGUMENTS.get(name)
    found = parameters(cls.__init__) if isinstance(cls, type) else None
    if found is not None and "jit_compile" in found[0]:
        return cls             # the experimental optimizers themselves (2.11-2.15)
    if names is None or not isinstance(cls, type) or keras_major(cls) < 3 or found is None:
        return None
    accepted = set(found[0])
    defaults = _DEFAULTS.get(name, {})

    def call(wrapped, instance, args, kwargs):
        if len(args) > len(names):
            return wrapped(*args, **kwargs)    # Keras 3's own error
        bound = dict(zip(names, args))
        for key, value in kwargs.items():
            if key in bound:
                raise TypeError("%s() got multiple values for argument %r" % (name, key))
            bound[key] = value
        if "jit_compile" in bound:
            bound.pop("jit_compile")
            _once(("jit_compile", name), "optimizers.experimental.%s(jit_compile=...): dropped; it asked XLA to "
                                         "compile the update step only, and the updates are the same without "
                                         "it (Keras 3: Model.compile(jit_compile=...))" % name)
        bound.pop("is_legacy_optimizer", None)     # written by 2.11-2.15's get_config
        for key, value in defaults.items():
            if key in accepted:
                bound.setdefault(key, value)
        if "name" in accepted:
            bound.setdefault("name", name)
        return wrapped(**bound)
    return wrapt.FunctionWrapper(cls, call)
