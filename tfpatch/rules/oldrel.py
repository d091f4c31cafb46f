"""Newer code on older releases: names and calls of 2.3-2.16 on 2.1-2.15.

Names (served as aliases):

* ``keras.optimizers.legacy`` (2.9+): code written for 2.9-2.15 that chose the
  legacy optimizers.  Before 2.9 the optimizers of ``keras.optimizers`` *are*
  those (OptimizerV2), so each legacy name is the optimizer of that name.
* ``keras.config`` (Keras 3, 2.16+): the global settings Keras 2 keeps in
  ``keras.backend``, ``keras.mixed_precision``, ``keras.utils`` and ``debugging``.

Calls (adapters in tfpatch/adapters/oldrel.py and keras_calls.py).
"""
from ._kinds import Adapter, Namespace, Rename

_OPT, _LEGACY = "keras.optimizers", "keras.optimizers.legacy"
# Those Keras 3 still names in optimizers.legacy (it only refuses them: see adapters/optimizers.py).
LEGACY_OPTIMIZERS = ("Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop", "SGD")
RULES = [Namespace(_LEGACY, moved_to=_OPT, since="2.9")]
# The legacy spelling is the newer one here: it appeared in 2.9 beside the old name.
RULES += [Rename(_LEGACY + "." + name, _OPT + "." + name, "2.9") for name in LEGACY_OPTIMIZERS]
# Adadelta, Adamax and Nadam left optimizers.legacy with Keras 3: served where the optimizer of
# that name is a Keras 2 one (the adapter checks); on Keras 3 the name stays missing.
RULES += [Rename(_LEGACY + "." + name, _OPT + "." + name, "2.9", adapter="keras2_optimizer")
          for name in ("Adadelta", "Adamax", "Nadam")]

_CONFIG = "keras.config"
# The renames of keras.config's names to keras.backend / keras.utils are found in the history
# (rules/generated.py); the namespace itself, for `from tensorflow.keras.config import ...`,
# and the traceback switches, which Keras 2 leaves to tf.debugging, are written here.
RULES += [Namespace(_CONFIG, moved_to="keras.backend", since="2.16")]
RULES += [Rename(_CONFIG + "." + name, "debugging." + name, "2.16")
          for name in ("enable_traceback_filtering", "disable_traceback_filtering", "is_traceback_filtering_enabled")]
# Keras 3's DTypePolicy and Keras 2's Policy: the same policy (name, compute and variable dtypes).
RULES += [
    Rename(_CONFIG + ".dtype_policy", "keras.mixed_precision.global_policy", "2.16"),
    Rename(_CONFIG + ".set_dtype_policy", "keras.mixed_precision.set_global_policy", "2.16"),
]

# Calls newer releases take, on releases that have the feature under another name or not at all.
RULES += [
    Adapter("data.Options.deterministic", "data", "options_deterministic",
            used="data.Options.deterministic", write="data.Options.experimental_deterministic",
            since="2.7", mends="new"),   # 2.6 still refuses it (checked on 2.6 and 2.7)
    Adapter("data.Dataset.from_generator(output_signature=)", "data", "from_generator_signature",
            used="data.Dataset.from_generator(generator, output_signature=...)",
            write="data.Dataset.from_generator(generator, output_types=..., output_shapes=...)",
            since="2.4", mends="new"),
    Adapter("function(jit_compile=)", "", "function_jit_compile",
            used="function(jit_compile=...)", write="function(experimental_compile=...)",
            since="2.5", mends="new"),
    Adapter("distribute.cluster_resolver.TPUClusterResolver.connect", "distribute.cluster_resolver",
            "tpu_connect", used="distribute.cluster_resolver.TPUClusterResolver.connect(...)",
            write="distribute.cluster_resolver.TPUClusterResolver(...), then "
                  "config.experimental_connect_to_cluster(resolver) and "
                  "tpu.experimental.initialize_tpu_system(resolver)",
            since="2.3", mends="new"),
    Adapter("config.experimental.enable_op_determinism", "config.experimental", "op_determinism",
            used="config.experimental.enable_op_determinism()",
            write="config.experimental.enable_op_determinism() as the environment variable TF_DETERMINISTIC_OPS=1 "
                  "(not refused here: ops without a deterministic kernel, random ops without a seed; "
                  "tf.data is not forced deterministic)",
            since="2.8", mends="new"),
]

# compile() arguments a Keras 2 before them rejects; the adapter is the one of compile(experimental_
# steps_per_execution=) in rules/keras.py (tfpatch/adapters/keras_calls.py).  Only performance settings:
# the release computes the same steps without them.  A `write` with "without" marks a dropped argument.
_M = "keras.Model"
RULES += [
    Adapter(_M + ".compile(steps_per_execution=) before 2.3", "keras.models", "compile_arguments",
            used=_M + ".compile(steps_per_execution=N)",
            write=_M + ".compile() without steps_per_execution, which this release lacks (a performance "
                       "setting only: the same steps, one per call)",
            since="2.4", mends="new", replaced_from="2.3",   # 2.3: renamed (rules/keras.py)
            refused_from="2.1"),   # 2.0's compile() takes any keyword: the call works there as it is
    Adapter(_M + ".compile(jit_compile=)", "keras.models", "compile_arguments",
            used=_M + ".compile(jit_compile=...)",
            write=_M + ".compile() without jit_compile: this release's Keras cannot compile its steps with "
                       "XLA (a performance setting: the same computation, not XLA-compiled)",
            since="2.8", mends="new",   # 2.7's compile() still refuses it (checked on 2.7 and 2.8)
            refused_from="2.1"),
    # 2.1 has no synchronized batch normalization at all (2.2-2.11: the experimental class,
    # rules/keras.py): on one replica the plain layer computes the same statistics.
    Adapter("keras.layers.BatchNormalization(synchronized=) without SyncBatchNormalization", "keras.layers",
            "batch_norm_synchronized", used="keras.layers.BatchNormalization(synchronized=...)",
            write="keras.layers.BatchNormalization() without synchronized, which this release lacks (the same "
                  "statistics on one replica; refused under a strategy with several)",
            since="2.12", mends="new", replaced_from="2.2"),   # 2.2-2.11: the experimental class
]
