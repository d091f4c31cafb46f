"""Mixed precision: the experimental API (TF 2.1-2.8) and the stable one (2.4+, Keras 3).

* ``mixed_precision.experimental.LossScaleOptimizer(opt, loss_scale)`` took
  ``'dynamic'`` or a number.  The stable class reads a second argument as
  ``dynamic`` (Keras 2.4-2.15: a TypeError for anything but a bool) or as
  ``initial_scale`` (Keras 3: ``'dynamic'`` is taken silently).  Served for the
  experimental spelling where it is gone, the stable class gets the call it needs.
* The stable ``LossScaleOptimizer(opt, dynamic=..., initial_scale=...,
  dynamic_growth_steps=...)`` on 2.1-2.3, where only the experimental class is.
* ``experimental.Policy(name, loss_scale=...)``: from 2.4 the loss scale is
  the optimizer's (``compile`` wraps it for ``mixed_float16``); the served policy
  keeps the one it was given, for ``compile`` and ``policy.loss_scale``.
* A fixed scale on Keras 3 (only dynamic there): ``fixed_loss_scale_optimizer``.
* The stable class called as Keras 2.4-2.15 did, ``LossScaleOptimizer(opt, dynamic,
  initial_scale, dynamic_growth_steps)``, on Keras 3, which reads a second positional
  argument as ``initial_scale`` (``(opt, True)`` would start at a scale of 1, ``(opt,
  False, 128)`` at 0, silently) and refuses ``dynamic=False``: the dynamic scale Keras 2
  meant, or the fixed one.
* ``get_unscaled_gradients`` on Keras 3, whose ``apply`` unscales by itself.
"""
from . import keras_major, bind, has, notify, owner_of, parameters

_DEFAULT_SCALE, _DEFAULT_GROWTH = 2.0 ** 15, 2000


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def served_loss_scale_optimizer(engine, entry, cls):
    import wrapt
    rule = entry.rule
    if entry.used == rule.legacy:
        keras3 = keras_major(cls) >= 3

        def experimental_call(wrapped, instance, args, kwargs):
            bound = bind(("optimizer", "loss_scale"), {}, args, kwargs, "LossScaleOptimizer")
            loss_scale = bound["loss_scale"]
            if loss_scale == "dynamic":
                return wrapped(bound["optimizer"])
            if _is_number(loss_scale):
                if keras3:  # Keras 3's fixed scaling: the inner optimizer's loss_scale_factor
                    return fixed_loss_scale_optimizer(wrapped, bound["optimizer"], float(loss_scale))
                return wrapped(bound["optimizer"], dynamic=False, initial_scale=float(loss_scale))
            raise TypeError("tf.%s(optimizer, loss_scale): tfpatch translates loss_scale='dynamic' or a number "
                            "for this TensorFlow, not %r; write tf.%s(optimizer, ...) with this release's "
                            "arguments" % (rule.legacy, loss_scale, rule.modern))
        return wrapt.FunctionWrapper(cls, experimental_call)

    import sys
    tf = sys.modules["tensorflow"]

    def stable_call(wrapped, instance, args, kwargs):
        bound = bind(("inner_optimizer", "dynamic", "initial_scale", "dynamic_growth_steps"),
                     {"dynamic": True, "initial_scale": None, "dynamic_growth_steps": None},
                     args, kwargs, "LossScaleOptimizer")
        if not bound["dynamic"]:
            if bound["initial_scale"] is None:  # as Keras 2.4+ words it
                raise ValueError('"initial_scale" must be specified if "dynamic" is False')
            return wrapped(bound["inner_optimizer"], float(bound["initial_scale"]))
        if bound["initial_scale"] is None and bound["dynamic_growth_steps"] is None:
            return wrapped(bound["inner_optimizer"], "dynamic")
        scale = tf.train.experimental.DynamicLossScale(
            initial_loss_scale=bound["initial_scale"] or _DEFAULT_SCALE,
            increment_period=bound["dynamic_growth_steps"] or _DEFAULT_GROWTH)
        return wrapped(bound["inner_optimizer"], scale)
    return wrapt.FunctionWrapper(cls, stable_call)


def served_experimental_policy(engine, entry, cls):
    """``experimental.Policy(name, loss_scale=...)`` where only the stable Policy is.  The
    policy keeps the loss scale it was given (``'dynamic'`` by default for
    ``mixed_float16``, else none) for ``policy.loss_scale`` and for ``compile``, which
    wraps the optimizer in it as 2.4-2.8 did (tfpatch/adapters/keras3.py)."""
    import wrapt
    if entry.used != entry.rule.legacy:
        return cls

    def experimental_call(wrapped, instance, args, kwargs):
        bound = bind(("name", "loss_scale"), {"loss_scale": "USE_DEFAULT"}, args, kwargs, "Policy")
        loss_scale = bound["loss_scale"]
        if loss_scale == "USE_DEFAULT":
            loss_scale = "dynamic" if bound["name"] == "mixed_float16" else None
        elif not (loss_scale in ("dynamic", None) or _is_number(loss_scale)):
            raise TypeError("tf.%s(%r, loss_scale=%r): tfpatch translates loss_scale='dynamic', None or a "
                            "number; write tf.keras.mixed_precision.LossScaleOptimizer(optimizer, ...) with this "
                            "release's arguments" % (entry.rule.legacy, bound["name"], loss_scale))
        policy = wrapped(bound["name"])
        try:
            policy._tfpatch_loss_scale = loss_scale
        except AttributeError:  # a policy class that takes no attributes: no loss scale to keep
            pass
        return policy
    return wrapt.FunctionWrapper(cls, experimental_call)


_FIXED = {}


def fixed_loss_scale_optimizer(cls, optimizer, scale):
    """A LossScaleOptimizer of Keras 3 (``cls``) around ``optimizer`` with the fixed ``scale``."""
    return _fixed_class(cls)(optimizer, scale)


def _fixed_class(cls):
    """Keras 2's fixed loss scale on Keras 3, whose ``LossScaleOptimizer`` is only dynamic
    (a step with non-finite gradients is skipped and the scale halved, every 2000
    finite steps it doubles).  Keras 3's own fixed scaling is an optimizer's
    ``loss_scale_factor``: it is set on the inner optimizer of a LossScaleOptimizer
    (so that ``compile`` under ``mixed_float16`` keeps it, rather than wrapping the
    optimizer in a dynamic one that clears the factor), whose ``apply`` hands every
    step to the inner optimizer as Keras 2's fixed scale did, and whose scale never
    changes (``dynamic_scale`` and ``loss_scale`` read it)."""
    fixed = _FIXED.get(cls)
    if fixed is None:
        def __init__(self, inner_optimizer, scale, **kwargs):
            cls.__init__(self, inner_optimizer, initial_scale=scale, **kwargs)
            inner_optimizer.loss_scale_factor = scale   # after the base __init__, which clears it

        def scale_loss(self, loss):
            return self.inner_optimizer.scale_loss(loss)

        def apply(self, grads, trainable_variables=None):
            if not self.built:
                self.build(trainable_variables)
                self.built = True
            grads = list(grads)
            if getattr(self, "_tfpatch_unscaled_by_caller", False):   # get_unscaled_gradients did it
                grads = _multiply(grads, self.inner_optimizer.loss_scale_factor)
            self.inner_optimizer.apply(grads, trainable_variables)

        fixed = _FIXED[cls] = type(cls)(cls.__name__, (cls,), {
            "__module__": __name__, "__doc__": _fixed_class.__doc__, "dynamic": False,
            "__init__": __init__, "scale_loss": scale_loss, "apply": apply})
    return fixed


def _multiply(gradients, factor):
    import sys
    tf = sys.modules["tensorflow"]
    out = []
    for g in gradients:
        if g is None:
            out.append(g)
        elif isinstance(g, tf.IndexedSlices):
            out.append(tf.IndexedSlices(g.values * tf.cast(factor, g.values.dtype), g.indices, g.dense_shape))
        else:
            out.append(g * tf.cast(factor, g.dtype))
    return out


def _scale_of(optimizer):
    import sys
    tf = sys.modules["tensorflow"]
    scale = optimizer.dynamic_scale if optimizer.built else optimizer.initial_scale
    return tf.convert_to_tensor(getattr(scale, "value", scale))


def install_unscaled_gradients(engine, rules, tf, mixed_precision):
    """Keras 3 dropped ``get_unscaled_gradients`` and unscales inside ``apply``.  A
    Keras 2 training loop unscales first; once it has, ``apply`` on that optimizer
    scales back up before Keras unscales, so each step gets the gradients Keras 2
    gave it (``get_scaled_loss`` is ``scale_loss``: a rename in the catalogue)."""
    cls = vars(mixed_precision).get("LossScaleOptimizer")
    if not isinstance(cls, type) or keras_major(cls) < 3 or has(cls, "get_unscaled_gradients") \
            or owner_of(cls, "apply") is None:
        return
    tell = notify(engine, rules[0], rules[0].used)

    def get_unscaled_gradients(self, grads):
        tell()
        self._tfpatch_unscaled_by_caller = True
        scale = _scale_of(self)
        return _multiply(grads, 1.0 / scale)
    get_unscaled_gradients.__doc__ = "Keras 2's get_unscaled_gradients, supplied by tfpatch: grads / loss scale."

    def apply(wrapped, instance, args, kwargs):
        if not getattr(instance, "_tfpatch_unscaled_by_caller", False):
            return wrapped(*args, **kwargs)
        if args:
            args = (_multiply(list(args[0]), _scale_of(instance)),) + tuple(args[1:])
        elif "grads" in kwargs:
            kwargs = dict(kwargs, grads=_multiply(list(kwargs["grads"]), _scale_of(instance)))
        return wrapped(*args, **kwargs)

    if engine.add_attribute(cls, "get_unscaled_gradients", get_unscaled_gradients):
        engine.wrap(owner_of(cls, "apply"), "apply", apply)


def install_keras2_arguments(engine, rules, tf, mixed_precision):
    """``LossScaleOptimizer(opt, dynamic, initial_scale=None, dynamic_growth_steps=None)``
    (Keras 2.4-2.15) on Keras 3's class, whose second parameter is ``initial_scale``:
    a bool there, or ``dynamic=False``, is read as Keras 2 read it.  Every other call
    (Keras 3's own: a number, or no second argument) passes through."""
    cls = vars(mixed_precision).get("LossScaleOptimizer")
    if not isinstance(cls, type) or keras_major(cls) < 3 or "__init__" not in cls.__dict__:
        return
    found = parameters(cls.__init__)
    names = [name for name in found[0] if name != "self"] if found is not None else []
    if names[1:2] != ["initial_scale"] or "dynamic" in names:
        return
    tells = {("positional" if "True|False" in r.used else "keyword"): notify(engine, r, r.used) for r in rules}

    def init(wrapped, instance, args, kwargs):
        positional = len(args) > 1 and isinstance(args[1], bool)
        if not positional and kwargs.get("dynamic", True) is not False:
            return wrapped(*args, **kwargs)
        tell = tells.get("positional" if positional else "keyword")
        if tell is not None:
            tell()
        kwargs = dict(kwargs)
        rest = {k: kwargs.pop(k) for k in list(kwargs) if k not in ("inner_optimizer", "dynamic", "initial_scale",
                                                                    "dynamic_growth_steps")}
        bound = bind(("inner_optimizer", "dynamic", "initial_scale", "dynamic_growth_steps"),
                     {"dynamic": True, "initial_scale": None, "dynamic_growth_steps": None},
                     args, kwargs, "LossScaleOptimizer")
        if bound["dynamic"]:
            return wrapped(bound["inner_optimizer"], _DEFAULT_SCALE if bound["initial_scale"] is None
                           else bound["initial_scale"], _DEFAULT_GROWTH if bound["dynamic_growth_steps"] is None
                           else bound["dynamic_growth_steps"], **rest)
        if bound["initial_scale"] is None:   # as Keras 2.4-2.15 words them
            raise ValueError('"initial_scale" must be specified if "dynamic" is False')
        if bound["dynamic_growth_steps"] is not None:
            raise ValueError('"dynamic_growth_steps" must be None if "dynamic" is False, but got: %s'
                             % bound["dynamic_growth_steps"])
        if type(instance) is not cls or rest:
            raise ValueError("LossScaleOptimizer(opt, dynamic=False, ...): tfpatch gives Keras 3 a fixed loss "
                             "scale on the LossScaleOptimizer class itself only, with no other argument; "
                             "set inner_optimizer.loss_scale_factor instead")
        # Keras 3's fixed scaling (fixed_loss_scale_optimizer); past Keras' __setattr__, which
        # refuses any attribute before the base __init__ has run
        object.__setattr__(instance, "__class__", _fixed_class(cls))
        instance.__init__(bound["inner_optimizer"], float(bound["initial_scale"]))
    engine.wrap(cls, "__init__", init)
