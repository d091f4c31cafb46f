"""Notes on catalogue rows that the rows themselves cannot carry, checked by the tests.

``generated.py`` is written by ``tools/generate_rules.py`` from the API history; what a
row must say beyond the history (a release it cannot serve and why, a call that
needs hardware) is kept here by hand.  tests/realtf/test_rows_real.py proves every
row on the real releases of a run and reads these tables: a row it finds unservable
on a release must have its reason here, and the reason is checked on that release
(the namespace or class named is really missing there, and tfpatch leaves the
error as it is).  Hand-written rows carry the same notes as comments beside them.
"""

#: Namespaces (and classes) no catalogue row serves: where the installed release lacks
#: one of them, the rows with a spelling under it cannot be served there.
#: path -> why (the releases that have it, from the shipped history).
MISSING_HOMES = {
    "keras.config": "tf.keras.config exists with Keras 3 only (2.16 on); before it there is no namespace "
                    "to serve keras.config.* in, and its names live in keras.backend",
    "keras.saving": "tf.keras.saving exists in Keras 2.12-2.15 and tf_keras only; Keras 3's tf.keras has "
                    "none, and its names have several homes (keras.models, keras.utils), so no Namespace row "
                    "can serve it",
    "keras.legacy.saving": "tf.keras.legacy exists with Keras 3 only (2.16 on)",
    "keras.utils.legacy": "tf.keras.utils.legacy arrived in 2.12",
    "keras.optimizers.experimental": "tf.keras.optimizers.experimental exists in 2.9-2.15 and tf_keras only; "
                                     "the Namespace row serves it on Keras 3, where its optimizers take "
                                     "2.15's arguments; before 2.9 no optimizer computes as its do, so it "
                                     "stays missing",
    "optimizers.experimental": "tf.optimizers.experimental exists in 2.9-2.15 and tf_keras only; served on "
                               "Keras 3 as tf.keras.optimizers.experimental is, missing before 2.9",
    "keras.dtype_policies": "tf.keras.dtype_policies exists with Keras 3 only (2.16 on)",
    "math.special": "tf.math.special arrived in 2.2",
    "autodiff": "tf.autodiff arrived in 2.1",
    "mixed_precision.experimental": "tf.mixed_precision.experimental exists in 2.1-2.8 only",
    "experimental.dtensor": "tf.experimental.dtensor arrived in 2.9",
    "distribute.coordinator": "tf.distribute.coordinator arrived in 2.8",
    "distribute.experimental.coordinator": "tf.distribute.experimental.coordinator arrived in 2.4",
    "types.experimental": "tf.types.experimental arrived in 2.4",
    "keras.mixed_precision.LossScaleOptimizer": "tf.keras.mixed_precision.LossScaleOptimizer arrived in 2.4: "
                                                "before it there is no such class to give scale_loss (tfpatch "
                                                "serves the name from the experimental class, through an adapter)",
}

#: row id -> [(since, until, why)]: releases in [since, until) (None: open) on which a row
#: cannot be served for a reason other than a missing home; checked like MISSING_HOMES.
NOT_ON = {
    "keras.layers.BatchNormalization": [
        (None, "2.2", "Keras before 2.2 has no synchronized batch normalization: SyncBatchNormalization arrived "
                      "in 2.2, BatchNormalization(synchronized=) in 2.12")],
    "keras.Model.compile(steps_per_execution=)": [
        (None, "2.3", "Keras before 2.3 runs one step per execution: there is no call to translate to")],
    "keras.layers.BatchNormalization(synchronized=)": [
        (None, "2.2", "tf.keras.layers.experimental.SyncBatchNormalization arrived in 2.2")],
    "function(jit_compile=)": [
        (None, "2.1", "TensorFlow 2.0's tf.function has no XLA switch (experimental_compile= arrived in 2.1): "
                      "there is no call to translate to")],
    "data.Dataset.save": [(None, "2.3", "tf.data.experimental.save arrived in 2.3")],
    "data.Dataset.load": [(None, "2.3", "tf.data.experimental.load arrived in 2.3")],
    "data.Dataset.snapshot": [(None, "2.3", "tf.data.experimental.snapshot arrived in 2.3")],
    "data.Dataset.ragged_batch": [(None, "2.1", "tf.data.experimental.dense_to_ragged_batch arrived in 2.1")],
}
# The optimizers of 2.11-2.15 under their experimental spelling (tools/generate_rules.py ADAPTED):
# served on Keras 3, whose optimizers are theirs; before 2.9 the release's optimizers are
# another implementation with other arguments (no jit_compile=, use_ema=, weight_decay=).
_EXPERIMENTAL_OPTIMIZER = [(None, "2.9", "the optimizers of tf.keras.optimizers.experimental arrived in 2.9; "
                                         "this release's are another implementation with other arguments")]
for _name in ("Adadelta", "Adamax", "Nadam"):   # rules/oldrel.py: served before 2.9 only
    NOT_ON["keras.optimizers.legacy." + _name] = [
        ("2.16", None, "Keras 3 has no legacy %s: its own computes as the optimizers of 2.11-2.15 do, "
                       "not as the legacy one a program chose" % _name)]
for _name in ("Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Nadam", "RMSprop",
              "SGD"):
    for _home in ("keras.optimizers", "optimizers"):
        NOT_ON["%s.%s" % (_home, _name)] = _EXPERIMENTAL_OPTIMIZER

#: row id -> why its calls cannot be exercised on a CPU.  The lookup is still proven on
#: every release (the same object under both spellings); the row stays on.
_CLUSTER = "needs a cluster of worker and parameter-server tasks; the lookup is proven, the call is not"
NOT_ON_CPU = {
    "distribute.TPUStrategy": "needs a TPU: the cases check the class (a tf.distribute.Strategy), not a run",
    "experimental.dtensor.initialize_accelerator_system": "initialize_tpu_system, the legacy spelling, needs a TPU",
    "experimental.dtensor.shutdown_accelerator_system": "shutdown_tpu_system, the legacy spelling, needs a TPU",
    "distribute.ParameterServerStrategy": _CLUSTER,
    "distribute.coordinator.ClusterCoordinator": _CLUSTER,
    "distribute.coordinator.PerWorkerValue": _CLUSTER,
    "distribute.coordinator.RemoteValue": _CLUSTER,
}
