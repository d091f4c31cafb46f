"""Calls of Keras's ``Model`` and layers that another Keras (or an older one) no longer takes.

Models:

* ``fit_generator``/``evaluate_generator``/``predict_generator`` (gone in Keras 3):
  their arguments bound as Keras 2 bound them, then ``fit``/``evaluate``/``predict``.
* ``workers``, ``use_multiprocessing``, ``max_queue_size`` where ``fit`` refuses
  them (Keras 3 reads them from a ``PyDataset``): dropped; the data and results
  are the same, only read by one worker.
* ``Sequential.predict_classes``/``predict_proba`` (gone in 2.6): computed from
  ``predict`` exactly as Keras 2.5 did.
* ``compile(experimental_steps_per_execution=)`` (2.3's name) <-> ``steps_per_execution``;
  ``steps_per_execution`` on 2.0-2.2 and ``jit_compile`` on 2.0-2.4 (no such feature: only a
  performance setting) dropped with a notice that says so.

Layers:

* ``Layer.add_weight(name, shape, ...)``: Keras 2 took the name first; Keras 3
  takes ``shape`` first and refuses (or misreads) a positional name.
* ``BatchNormalization(synchronized=True)`` (2.12+) on releases that only have
  ``layers.experimental.SyncBatchNormalization`` (2.2-2.11), and the experimental
  class on Keras 3, which only has the argument.  On 2.0-2.1 (neither): the plain
  layer on one replica, a ValueError under a strategy with several.
"""
from . import bind, has, keras_major, method_name, notify, owner_of, parameters

_LOADER_ARGUMENTS = ("max_queue_size", "workers", "use_multiprocessing")

# Keras 2's signatures: (names, defaults) and the modern method's arguments they map to.
_GENERATOR_METHODS = {
    "fit_generator": ("fit", ("generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
                              "validation_steps", "validation_freq", "class_weight", "max_queue_size", "workers",
                              "use_multiprocessing", "shuffle", "initial_epoch"),
                      dict(steps_per_epoch=None, epochs=1, verbose=1, callbacks=None, validation_data=None,
                           validation_steps=None, validation_freq=1, class_weight=None, max_queue_size=10,
                           workers=1, use_multiprocessing=False, shuffle=True, initial_epoch=0)),
    "evaluate_generator": ("evaluate", ("generator", "steps", "callbacks", "max_queue_size", "workers",
                                        "use_multiprocessing", "verbose"),
                           dict(steps=None, callbacks=None, max_queue_size=10, workers=1,
                                use_multiprocessing=False, verbose=0)),
    "predict_generator": ("predict", ("generator", "steps", "callbacks", "max_queue_size", "workers",
                                      "use_multiprocessing", "verbose"),
                          dict(steps=None, callbacks=None, max_queue_size=10, workers=1,
                               use_multiprocessing=False, verbose=0)),
}


def _refuses(method, argument):
    """Whether ``method`` lacks a named parameter ``argument`` (Keras 3's evaluate and
    predict take ``**kwargs`` only to refuse what they do not know)."""
    found = parameters(method)
    return found is not None and argument not in found[0]


def _as_tuples(generator):
    """Keras 2's predict_generator took a generator of bare inputs; Keras 3 wants tuples."""
    for item in generator:
        yield item if isinstance(item, tuple) else (item,)


def _generator_method(name, modern, names, defaults, refused, tell):
    def method(self, *args, **kwargs):
        tell()
        bound = bind(names, defaults, args, kwargs, name)
        target = getattr(self, modern)
        for key in refused:
            del bound[key]
        generator = bound.pop("generator")
        if modern == "predict" and hasattr(generator, "__next__"):
            generator = _as_tuples(generator)
        return target(generator, **bound)
    method.__name__ = name
    method.__doc__ = "Keras 2's %s, supplied by tfpatch: calls self.%s." % (name, modern)
    return method


def install_generator_methods(engine, rules, tf, models):
    model = getattr(models, "Model", None)
    if not isinstance(model, type):
        return
    for rule in rules:
        name = method_name(rule.used)
        modern, names, defaults = _GENERATOR_METHODS[name]
        if has(model, name) or not has(model, modern):
            continue
        refused = [key for key in _LOADER_ARGUMENTS if _refuses(getattr(model, modern), key)]  # once, here
        engine.add_attribute(model, name, _generator_method(name, modern, names, defaults, refused,
                                                            notify(engine, rule, rule.used)))


def install_loader_arguments(engine, rules, tf, models):
    model = getattr(models, "Model", None)
    if not isinstance(model, type):
        return
    rule = rules[0]
    for name in ("fit", "evaluate", "predict"):
        owner = owner_of(model, name)
        if owner is None or not _refuses(getattr(model, name), "workers"):
            continue
        tell = notify(engine, rule, "keras.Model.%s(workers=..., use_multiprocessing=..., max_queue_size=...)" % name)

        def wrapper(wrapped, instance, args, kwargs, tell=tell):
            if not any(key in kwargs for key in _LOADER_ARGUMENTS):
                return wrapped(*args, **kwargs)
            tell()
            return wrapped(*args, **{k: v for k, v in kwargs.items() if k not in _LOADER_ARGUMENTS})
        engine.wrap(owner, name, wrapper)


def _predict_classes(tell):
    def predict_classes(self, x, batch_size=32, verbose=0):
        tell()
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")
    return predict_classes


def _predict_proba(tell):
    def predict_proba(self, x, batch_size=32, verbose=0):
        tell()
        preds = self.predict(x, batch_size=batch_size, verbose=verbose)
        if preds.min() < 0. or preds.max() > 1.:
            import logging
            logging.getLogger("tfpatch").warning("predict_proba: the network returns values outside [0, 1]; "
                                                 "its last layer might not be a softmax or a sigmoid")
        return preds
    return predict_proba


def install_predict_classes(engine, rules, tf, models):
    sequential = getattr(models, "Sequential", None)
    if not isinstance(sequential, type):
        return
    makers = {"predict_classes": _predict_classes, "predict_proba": _predict_proba}
    for rule in rules:
        name = method_name(rule.used)
        if has(sequential, name):
            continue
        method = makers[name](notify(engine, rule, rule.used))
        method.__doc__ = "Keras 2.5's Sequential.%s, supplied by tfpatch: computed from predict." % name
        engine.add_attribute(sequential, name, method)


def install_compile_arguments(engine, rules, tf, models):
    """``compile()`` arguments of another Keras: each renamed where the release has the
    feature under the other name, dropped where it has no such feature and the argument
    is only a performance setting (the steps computed are the same)."""
    model = getattr(models, "Model", None)
    owner = owner_of(model, "compile") if isinstance(model, type) else None
    if owner is None:
        return
    found = parameters(model.compile)
    if found is None:
        return
    names, takes_kwargs = found
    by_used = {rule.used: rule for rule in rules}
    renames, drops = {}, []
    if keras_major(model) >= 3 and "steps_per_execution" in names and not takes_kwargs:
        renames["experimental_steps_per_execution"] = "steps_per_execution"     # Keras 3 refuses the old
    elif "steps_per_execution" not in names and takes_kwargs and keras_major(model) < 3:
        if has(model, "_configure_steps_per_execution"):   # 2.3: only the experimental name
            renames["steps_per_execution"] = "experimental_steps_per_execution"
        else:                                               # 2.0-2.2: one step per call, always
            drops.append("steps_per_execution")
    if "jit_compile" not in names and takes_kwargs and keras_major(model) < 3:
        drops.append("jit_compile")                          # 2.0-2.4 (no XLA for Keras' steps)
    tells = {}
    for old in list(renames) + drops:
        rule = next((r for used, r in by_used.items() if "(%s=" % old in used and
                     ((old in drops) == ("without" in r.write))), None)
        if rule is not None:
            tells[old] = notify(engine, rule, rule.used)
    if not tells:
        return

    def wrapper(wrapped, instance, args, kwargs):
        if not any(key in kwargs for key in tells):
            return wrapped(*args, **kwargs)
        kwargs = dict(kwargs)
        for key, tell in tells.items():
            if key not in kwargs:
                continue
            tell()
            value = kwargs.pop(key)
            if key in renames:
                kwargs.setdefault(renames[key], value)
        return wrapped(*args, **kwargs)
    engine.wrap(owner, "compile", wrapper)


# --- layers ---------------------------------------------------------------------------
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
