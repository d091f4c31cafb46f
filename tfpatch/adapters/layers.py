"""Layer calls that changed: ``add_weight``'s order and synchronized batch normalization.

* ``Layer.add_weight(name, shape, ...)``: Keras 2 took the name first; Keras 3
  takes ``shape`` first and refuses (or misreads) a positional name.
* ``BatchNormalization(synchronized=True)`` (2.12+) on releases that only have
  ``layers.experimental.SyncBatchNormalization`` (2.2-2.11), and the experimental
  class on Keras 3, which only has the argument.  On 2.0-2.1 (neither): the plain
  layer on one replica, a ValueError under a strategy with several.
"""
from . import keras_major, has, notify, owner_of, parameters

# Keras 2's positional order of add_weight, as far as Keras 3 has the same arguments.
_ADD_WEIGHT_ORDER = ("name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint")


def install_add_weight(engine, rules, tf, layers):
    layer = getattr(layers, "Layer", None)
    owner = owner_of(layer, "add_weight") if isinstance(layer, type) else None
    if owner is None or keras_major(layer) < 3:
        return
    tell = notify(engine, rules[0], rules[0].used)

    def wrapper(wrapped, instance, args, kwargs):
        if not args or not isinstance(args[0], str):
            return wrapped(*args, **kwargs)
        if len(args) > len(_ADD_WEIGHT_ORDER):
            return wrapped(*args, **kwargs)  # arguments Keras 3 has no place for: its own error
        tell()
        kwargs = dict(kwargs)
        for key, value in zip(_ADD_WEIGHT_ORDER, args):
            if key in kwargs:
                raise TypeError("add_weight() got multiple values for argument %r" % key)
            kwargs[key] = value
        if kwargs.get("trainable") is None:
            kwargs.pop("trainable", None)  # Keras 2's default; Keras 3 wants a bool
        return wrapped(**kwargs)
    engine.wrap(owner, "add_weight", wrapper)


def install_synchronized(engine, rules, tf, layers):
    """2.2-2.11: ``BatchNormalization(synchronized=True)`` builds the experimental
    ``SyncBatchNormalization`` (a sibling class, so Python then skips
    ``BatchNormalization.__init__``); ``synchronized=False`` is dropped."""
    bn = getattr(layers, "BatchNormalization", None)
    experimental = vars(layers).get("experimental")  # the release's own, never one tfpatch serves
    sync = vars(experimental).get("SyncBatchNormalization") if experimental is not None else None
    init_owner = owner_of(bn, "__init__") if isinstance(bn, type) else None
    if init_owner in (None, object):
        return
    found = parameters(bn.__init__)
    if found is None or "synchronized" in found[0]:
        return
    if not isinstance(sync, type):
        return _install_unsynchronized(engine, rules, tf, bn, init_owner)
    rule = next(r for r in rules if "without" not in r.write)
    tell = notify(engine, rule, rule.used)
    base_new = super(bn, bn).__new__

    def __new__(cls, *args, **kwargs):
        if cls is bn and kwargs.get("synchronized"):
            tell()
            kwargs = dict(kwargs)
            del kwargs["synchronized"]
            return sync(*args, **kwargs)
        if base_new is object.__new__:
            return base_new(cls)
        return base_new(cls, *args, **kwargs)

    def init(wrapped, instance, args, kwargs):
        if "synchronized" in kwargs and not kwargs["synchronized"]:
            tell()
            kwargs = dict(kwargs)
            del kwargs["synchronized"]
        return wrapped(*args, **kwargs)

    if engine.add_attribute(bn, "__new__", staticmethod(__new__), own=True):
        engine.wrap(init_owner, "__init__", init)  # on 2.3 the base SyncBatchNormalization shares


def _install_unsynchronized(engine, rules, tf, bn, init_owner):
    """2.0-2.1 (no synchronized batch normalization): ``synchronized=`` dropped; with
    ``True`` under a strategy of several replicas, a ValueError naming the release
    (each replica would normalize with its own batch's statistics)."""
    rule = next((r for r in rules if "without" in r.write), None)
    if rule is None:
        return
    tell = notify(engine, rule, rule.used)
    release = tf.__version__

    def init(wrapped, instance, args, kwargs):
        if "synchronized" not in kwargs:
            return wrapped(*args, **kwargs)
        kwargs = dict(kwargs)
        if kwargs.pop("synchronized"):
            distribute = tf.distribute
            replicas = distribute.get_strategy().num_replicas_in_sync if distribute.has_strategy() else 1
            if replicas > 1:
                raise ValueError(
                    "BatchNormalization(synchronized=True): TensorFlow %s has no synchronized batch "
                    "normalization (tf.keras.layers.experimental.SyncBatchNormalization arrived in 2.2), and "
                    "this strategy has %d replicas: each would normalize with its own part of the batch"
                    % (release, replicas))
        tell()
        return wrapped(*args, **kwargs)
    engine.wrap(init_owner, "__init__", init)


def served_sync_batch_norm(engine, entry, bn):
    """``layers.experimental.SyncBatchNormalization(...)`` on Keras 3: ``BatchNormalization(
    ..., synchronized=True)`` (the layer saves as a BatchNormalization)."""
    import wrapt
    if entry.used != entry.rule.legacy or not has(bn, "__init__"):
        return bn
    found = parameters(bn.__init__)
    if found is None or "synchronized" not in found[0]:
        return None  # 2.0-2.1: no synchronized batch normalization at all

    def call(wrapped, instance, args, kwargs):
        kwargs = dict(kwargs)
        kwargs.setdefault("synchronized", True)
        return wrapped(*args, **kwargs)
    return wrapt.FunctionWrapper(bn, call)
