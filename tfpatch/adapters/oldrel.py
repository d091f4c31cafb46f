"""Newer calls on older releases (2.1-2.11) where the release has the feature under
another name, or something close enough to say what differs.

* ``tf.data.Options().deterministic`` (2.7+): the release's
  ``experimental_deterministic`` (same option, read and written through).
* ``Dataset.from_generator(gen, output_signature=...)`` (2.4+): the same dataset
  from ``output_types``/``output_shapes``; ragged and sparse specs are refused
  with a TypeError naming the release (its ``from_generator`` yields dense tensors only).
* ``tf.function(jit_compile=...)`` (2.5+): the release's ``experimental_compile=``.
* ``TPUClusterResolver.connect(tpu, zone, project)`` (2.3+): the resolver, then the
  connect-and-initialize calls 2.3 makes for it.
* ``tf.config.experimental.enable_op_determinism()`` (2.8+): ``TF_DETERMINISTIC_OPS=1``,
  the switch of 2.1-2.7, with a notice naming what it does not do; refused where the
  release has no such switch.
* ``Dataset`` methods that graduated from ``tf.data.experimental`` functions (2.5-2.12):
  supplied from the function the catalogue row names (``rules/data.py``), in one of three
  shapes read from the row's ``write`` spelling: ``data.Dataset.apply(data.experimental.
  unique(...))`` (a transformation), ``data.experimental.cardinality(dataset, ...)`` (a
  function of the dataset), ``data.experimental.sample_from_datasets(...)`` (a static
  method).  ``name=`` (an op name the old functions do not take) is dropped; any other
  argument the old function lacks gets Python's own TypeError.

Each decides from what the release has (a parameter, a missing attribute).
"""
import os
import sys

from . import has, keras_major, method_name, notify, parameters


# --- keras.optimizers.legacy.Adadelta, Adamax, Nadam before 2.9 --------------------------
def served_keras2_optimizer(engine, entry, optimizer):
    """``optimizers.legacy.<name>`` is ``optimizers.<name>`` where that is a Keras 2 optimizer
    (before 2.9); None on Keras 3, which has no legacy optimizer of these names."""
    if entry.used != entry.rule.modern or keras_major(optimizer) >= 3:
        return None
    return optimizer


# --- tf.data.Options().deterministic -----------------------------------------------
def install_options_deterministic(engine, rules, tf, data):
    options = vars(data).get("Options")
    if not isinstance(options, type) or has(options, "deterministic") \
            or not has(options, "experimental_deterministic"):
        return
    entry = engine.adapter_entry(rules[0], rules[0].used)
    # The release's Options.__setattr__ asks hasattr() before it sets (on 2.6 Options' own
    # calls OptionsBase's): those probes are its own, and the notice of a set goes to the line
    # that made it, beyond every __setattr__.
    probes = set(getattr(c.__dict__["__setattr__"], "__code__", None) for c in options.__mro__
                 if c is not object and "__setattr__" in c.__dict__)

    def get(self):
        caller = sys._getframe(1)
        if caller.f_code not in probes:
            engine.first_use(entry, caller)
        return self.experimental_deterministic

    def set_(self, value):
        caller = sys._getframe(1)
        while caller.f_back is not None and caller.f_code in probes:
            caller = caller.f_back
        engine.first_use(entry, caller)
        self.experimental_deterministic = value

    engine.add_attribute(options, "deterministic", property(
        get, set_, doc="Supplied by tfpatch for this TensorFlow: tf.data.Options.experimental_deterministic"))


# --- Dataset.from_generator(output_signature=) -------------------------------------
def _types_and_shapes(tf, signature, release):
    """``(output_types, output_shapes)`` of a nested structure of ``tf.TensorSpec``."""
    specs = tf.nest.flatten(signature)
    for spec in specs:
        if type(spec).__name__ != "TensorSpec":
            raise TypeError(
                "Dataset.from_generator(output_signature=...): TensorFlow %s's from_generator yields dense "
                "tensors only; it cannot make a %s (tfpatch turns output_signature into output_types and "
                "output_shapes, which have no ragged or sparse form here)" % (release, type(spec).__name__))
    types = tf.nest.pack_sequence_as(signature, [spec.dtype for spec in specs])
    shapes = tf.nest.pack_sequence_as(signature, [spec.shape for spec in specs])
    return types, shapes


def install_from_generator_signature(engine, rules, tf, data):
    dataset = vars(data).get("Dataset")
    owner = next((c for c in getattr(dataset, "__mro__", ()) if "from_generator" in c.__dict__), None)
    found = parameters(dataset.from_generator) if owner is not None else None
    if found is None or "output_signature" in found[0] or "output_types" not in found[0]:
        return
    tell = notify(engine, rules[0], rules[0].used)
    release = tf.__version__

    def wrapper(wrapped, instance, args, kwargs):
        if "output_signature" not in kwargs:
            return wrapped(*args, **kwargs)
        tell()
        kwargs = dict(kwargs)
        signature = kwargs.pop("output_signature")
        if len(args) > 1 or kwargs.get("output_types") is not None or kwargs.get("output_shapes") is not None:
            # As 2.4+ words it: the two ways of describing the elements exclude each other.
            raise TypeError("`output_types` and `output_shapes` cannot be used together with the "
                            "`output_signature` argument.")
        kwargs["output_types"], kwargs["output_shapes"] = _types_and_shapes(tf, signature, release)
        return wrapped(*args, **kwargs)
    engine.wrap(owner, "from_generator", wrapper)


# --- tf.function(jit_compile=) -----------------------------------------------------
def install_function_jit_compile(engine, rules, tf, root):
    function = vars(root).get("function")
    found = parameters(function) if callable(function) else None
    if found is None or "jit_compile" in found[0] or "experimental_compile" not in found[0]:
        return
    tell = notify(engine, rules[0], rules[0].used)

    def wrapper(wrapped, instance, args, kwargs):
        if "jit_compile" not in kwargs:
            return wrapped(*args, **kwargs)
        tell()
        kwargs = dict(kwargs)
        value = kwargs.pop("jit_compile")
        if "experimental_compile" in kwargs:
            raise TypeError("function() got both jit_compile and experimental_compile (one name of the "
                            "same argument)")
        kwargs["experimental_compile"] = value
        return wrapped(*args, **kwargs)
    engine.wrap(root, "function", wrapper)


# --- TPUClusterResolver.connect ------------------------------------------------------
def _internal(cls, module):
    """``<tensorflow package of cls>.python.<module>`` if loaded (tensorflow_core on 2.0-2.2)."""
    package = cls.__module__.split(".python.", 1)[0]
    return sys.modules.get("%s.python.%s" % (package, module))


def install_tpu_connect(engine, rules, tf, cluster_resolver):
    resolver_class = vars(cluster_resolver).get("TPUClusterResolver")
    if not isinstance(resolver_class, type) or has(resolver_class, "connect"):
        return
    tell = notify(engine, rules[0], rules[0].used)

    def connect(tpu=None, zone=None, project=None):
        tell()
        resolver = resolver_class(tpu, zone, project)
        # What 2.3's connect calls; the public tf.config / tf.tpu.experimental names are these.
        remote = _internal(resolver_class, "eager.remote")
        util = _internal(resolver_class, "tpu.tpu_strategy_util")
        (remote.connect_to_cluster if remote is not None else tf.config.experimental_connect_to_cluster)(resolver)
        (util.initialize_tpu_system if util is not None else tf.tpu.experimental.initialize_tpu_system)(resolver)
        return resolver
    connect.__doc__ = ("Supplied by tfpatch for this TensorFlow: TPUClusterResolver(tpu, zone, project), "
                       "tf.config.experimental_connect_to_cluster(resolver), "
                       "tf.tpu.experimental.initialize_tpu_system(resolver); returns the resolver.")
    engine.add_attribute(resolver_class, "connect", staticmethod(connect))


# --- tf.config.experimental.enable_op_determinism ------------------------------------
def install_op_determinism(engine, rules, tf, experimental):
    if "enable_op_determinism" in vars(experimental):
        return
    from ..rules._kinds import release_of
    tell = notify(engine, rules[0], rules[0].used)
    release = tf.__version__
    # TF_DETERMINISTIC_OPS arrived in 2.1 (bias_add, cuDNN convolutions and pooling): read by
    # C++ kernels, which show nothing of it, and by bias_add in Python, which we can see.
    has_switch = (release_of(tf) or (0, 0)) >= (2, 1)

    def enable_op_determinism():
        if not has_switch:
            raise NotImplementedError(
                "tf.config.experimental.enable_op_determinism() (TensorFlow 2.8+): TensorFlow %s has no "
                "switch for deterministic ops (TF_DETERMINISTIC_OPS arrived in 2.1; before it, "
                "TF_CUDNN_DETERMINISTIC=1 covers cuDNN convolutions and pooling only)" % release)
        tell()
        os.environ["TF_DETERMINISTIC_OPS"] = "1"
        # bias_add reads the variable once, the first time it runs: forget an earlier answer.
        for package in ("tensorflow", "tensorflow_core"):
            reader = getattr(sys.modules.get(package + ".python.ops.nn_ops"), "_tf_deterministic_ops", None)
            if reader is not None and hasattr(reader, "value"):
                reader.value = None
    enable_op_determinism.__doc__ = ("Supplied by tfpatch for this TensorFlow: sets TF_DETERMINISTIC_OPS=1. "
                                     "Unlike 2.8+, ops without a deterministic kernel are not refused, random "
                                     "ops without a seed are not refused (call tf.random.set_seed), tf.data is "
                                     "not forced deterministic, and kernels already run keep their choice.")
    engine.add_attribute(experimental, "enable_op_determinism", enable_op_determinism)


# --- Dataset methods that graduated from tf.data.experimental -----------------------------
def _function_name(write):
    return write.split("data.experimental.", 1)[1].split("(", 1)[0]


def _transformation(function, tell):
    def method(self, *args, **kwargs):
        tell()
        kwargs.pop("name", None)
        return self.apply(function(*args, **kwargs))
    return method


def _of_dataset(function, tell):
    def method(self, *args, **kwargs):
        tell()
        kwargs.pop("name", None)
        return function(self, *args, **kwargs)
    return method


def _static(function, tell):
    def method(*args, **kwargs):
        tell()
        kwargs.pop("name", None)
        return function(*args, **kwargs)
    return staticmethod(method)


def install_dataset_methods(engine, rules, tf, data):
    dataset = vars(data).get("Dataset")
    experimental = vars(data).get("experimental")
    if not isinstance(dataset, type) or experimental is None:
        return
    for rule in rules:
        name = method_name(rule.used)
        function = getattr(experimental, _function_name(rule.write), None)
        if has(dataset, name) or function is None:
            continue
        tell = notify(engine, rule, rule.used)
        if rule.write.startswith("data.Dataset.apply("):
            method = _transformation(function, tell)
        elif "(dataset" in rule.write:
            method = _of_dataset(function, tell)
        else:
            method = _static(function, tell)
        target = method.__func__ if isinstance(method, staticmethod) else method
        target.__name__ = name
        target.__doc__ = "Supplied by tfpatch for this TensorFlow: tf.%s" % rule.write
        engine.add_attribute(dataset, name, method)
