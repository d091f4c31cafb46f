"""Renames in ``tf.keras`` (whichever Keras it resolves to)."""
from ._kinds import Adapter, Method, Namespace, Rename

_MP = "keras.mixed_precision"
_MPX = "keras.mixed_precision.experimental"

RULES = [
    # The experimental mixed-precision API graduated in 2.4 and its namespace left in 2.9.
    Namespace(_MPX, moved_to=_MP, since="2.4", until="2.9"),
    # modern spelling               legacy spelling                   since  legacy gone
    Rename(_MP + ".set_global_policy", _MPX + ".set_policy",           "2.4", until="2.9"),
    Rename(_MP + ".global_policy",     _MPX + ".global_policy",        "2.4", until="2.9"),
    # The two spellings take different arguments: the adapter gives each its own call.
    Rename(_MP + ".Policy",            _MPX + ".Policy",               "2.4", until="2.9",
           adapter="experimental_policy"),
    Rename(_MP + ".LossScaleOptimizer", _MPX + ".LossScaleOptimizer",  "2.4", until="2.9",
           adapter="loss_scale_optimizer"),
    # Keras 3 unscales inside apply_gradients; a Keras 2 loop unscales first.
    Adapter(_MP + ".LossScaleOptimizer.get_unscaled_gradients", "keras.mixed_precision", "unscaled_gradients",
            used=_MP + ".LossScaleOptimizer.get_unscaled_gradients(grads)",
            write=_MP + ".LossScaleOptimizer.apply_gradients(scaled gradients), which unscales them",
            since="2.16"),
]

RULES += [
    # From 2.11 (new optimizers) `lr=` is ignored without a word, and Keras 3 refuses it;
    # `decay=` is refused on 2.11-2.15 and ignored by Keras 3.
    Adapter("keras.optimizers(lr=)", "keras.optimizers", "optimizer_arguments",
            used="keras.optimizers.<Optimizer>(lr=...)", write="keras.optimizers.<Optimizer>(learning_rate=...)",
            since="2.11"),
    Adapter("keras.optimizers.legacy(...)", "keras.optimizers.legacy", "legacy_optimizers",
            used="keras.optimizers.legacy.<Optimizer>(...)", write="keras.optimizers.<Optimizer>(...)",
            since="2.16"),
    Adapter("keras.optimizers(decay=)", "keras.optimizers", "optimizer_arguments",
            used="keras.optimizers.<Optimizer>(decay=...)",
            write="keras.optimizers.<Optimizer>(learning_rate=keras.optimizers.schedules."
                  "InverseTimeDecay(rate, decay_steps=1, decay_rate=decay))",
            since="2.11"),
]

# Preprocessing layers graduated from layers.experimental.preprocessing to layers in 2.6;
# Keras 3 (2.16) dropped the experimental namespaces.  Both directions, import paths included.
_L, _LX, _LXP = "keras.layers", "keras.layers.experimental", "keras.layers.experimental.preprocessing"
PREPROCESSING_LAYERS = (
    "CategoryEncoding", "CenterCrop", "Discretization", "Hashing", "IntegerLookup", "Normalization",
    "RandomContrast", "RandomCrop", "RandomFlip", "RandomHeight", "RandomRotation", "RandomTranslation",
    "RandomWidth", "RandomZoom", "Rescaling", "Resizing", "StringLookup", "TextVectorization",
)
RULES += [
    Namespace(_LX, moved_to=_L, since="2.6", until="2.16"),
    Namespace(_LXP, moved_to=_L, since="2.6", until="2.16"),
]
RULES += [Rename(_L + "." + name, _LXP + "." + name, "2.6", until="2.16") for name in PREPROCESSING_LAYERS]
RULES += [
    Rename(_L + ".EinsumDense", _LX + ".EinsumDense", "2.10", until="2.16"),
    Namespace("keras.callbacks.experimental", moved_to="keras.callbacks", since="2.8", until="2.16"),
    Rename("keras.callbacks.BackupAndRestore", "keras.callbacks.experimental.BackupAndRestore", "2.8",
           until="2.16"),
    Namespace("keras.experimental", moved_to="keras.optimizers.schedules", since="2.5", until="2.16"),
    Rename("keras.optimizers.schedules.CosineDecay", "keras.experimental.CosineDecay", "2.5", until="2.16"),
    Rename("keras.optimizers.schedules.CosineDecayRestarts", "keras.experimental.CosineDecayRestarts", "2.5",
           until="2.16"),
    # class                modern name    legacy name     since  legacy gone
    Method("keras.metrics.Metric", "reset_state", "reset_states", "2.5", until="2.16"),
]

# Calls of models and layers.  ``used``: the call as the program writes it; ``write``: what
# the release that lacks it needs.  The adapters are in tfpatch/adapters/keras_calls.py.
_M = "keras.Model"
RULES += [
    Adapter(_M + ".fit_generator", "keras.models", "generator_methods",
            used=_M + ".fit_generator(...)", write=_M + ".fit(...)", since="2.16"),
    Adapter(_M + ".evaluate_generator", "keras.models", "generator_methods",
            used=_M + ".evaluate_generator(...)", write=_M + ".evaluate(...)", since="2.16"),
    Adapter(_M + ".predict_generator", "keras.models", "generator_methods",
            used=_M + ".predict_generator(...)", write=_M + ".predict(...)", since="2.16"),
    Adapter(_M + ".fit(workers=)", "keras.models", "loader_arguments",
            used=_M + ".fit(workers=..., use_multiprocessing=..., max_queue_size=...)",
            write=_M + ".fit(...) given a keras.utils.PyDataset(workers=..., use_multiprocessing=...)",
            since="2.16"),
    Adapter("keras.Sequential.predict_classes", "keras.models", "predict_classes",
            used="keras.Sequential.predict_classes(x)",
            write="keras.Sequential.predict(x).argmax(axis=-1) (or > 0.5 for one output)", since="2.6"),
    Adapter("keras.Sequential.predict_proba", "keras.models", "predict_classes",
            used="keras.Sequential.predict_proba(x)", write="keras.Sequential.predict(x)", since="2.6"),
    Adapter(_M + ".compile(experimental_steps_per_execution=)", "keras.models", "compile_arguments",
            used=_M + ".compile(experimental_steps_per_execution=...)",
            write=_M + ".compile(steps_per_execution=...)", since="2.16"),
    # not before 2.3: Keras runs one step per execution there (rules/overrides.py NOT_ON)
    Adapter(_M + ".compile(steps_per_execution=)", "keras.models", "compile_arguments",
            used=_M + ".compile(steps_per_execution=...)",
            write=_M + ".compile(experimental_steps_per_execution=...)", since="2.4", mends="new"),
    Adapter("keras.layers.Layer.add_weight(name, shape)", "keras.layers", "add_weight_positional",
            used="keras.layers.Layer.add_weight(name, shape, ...)",
            write="keras.layers.Layer.add_weight(shape=..., name=...)", since="2.16"),
    # not before 2.2: no SyncBatchNormalization to translate to (rules/overrides.py NOT_ON), nor for the rename below
    Adapter("keras.layers.BatchNormalization(synchronized=)", "keras.layers", "batch_norm_synchronized",
            used="keras.layers.BatchNormalization(synchronized=True)",
            write=_LX + ".SyncBatchNormalization()", since="2.12", mends="new"),
    Rename(_L + ".BatchNormalization", _LX + ".SyncBatchNormalization", "2.12", until="2.16",
           adapter="sync_batch_norm"),
]

# Namespaces Keras 3 (2.16) dropped while every name in them lives elsewhere: the history
# shows each name of the namespace under another spelling (the renames in generated.py).
RULES += [
    Namespace("keras.optimizers.experimental", moved_to="keras.optimizers", since="2.11", until="2.16"),
    Namespace("optimizers.experimental", moved_to="optimizers", since="2.11", until="2.16"),
    Namespace("keras.saving", moved_to="keras.models", since="2.0", until="2.16"),
]

# Keras 3 (2.16) refuses TensorFlow ops on a functional model's symbolic tensors; Keras 2 made
# each such call a layer through TensorFlow's op dispatch.  tfpatch/adapters/keras3_ops.py.
RULES += [
    Adapter("keras.layers.Lambda(tf op)", "keras.layers", "op_layers",
            used="<tf op>(<KerasTensor>)",
            write="keras.layers.Lambda(lambda t: <tf op>(t, ...))(<KerasTensor>)", since="2.16"),
    Adapter("keras.KerasTensor.get_shape", "keras.layers", "op_layers", used="keras.KerasTensor.get_shape()",
            write="TensorShape(keras.KerasTensor.shape)", since="2.16"),
    Adapter("keras.Model.add_loss(symbolic)", "keras.models", "symbolic_add_loss",
            used="keras.Model.add_loss(<KerasTensor>)",
            write="keras.layers.Layer.add_loss(loss) inside the call() of a layer of the model", since="2.16"),
]

# What Keras 2 gave the layers written for it (tfpatch/adapters/keras3_layers.py).
RULES += [
    Adapter("keras.layers.Layer.build(TensorShape)", "keras.layers", "keras2_layers",
            used="keras.layers.Layer.build(input_shape): input_shape.as_list()",
            write="TensorShape(input_shape).<name> (Keras 3 passes build() a tuple)", since="2.16"),
    Adapter("keras.layers.Layer(name=a/b)", "keras.layers", "keras2_layers",
            used="keras.layers.Layer(name='a/b')", write="keras.layers.Layer(name='a_b')", since="2.16"),
    Adapter("keras.Input(shape=int)", "keras.layers", "keras2_layers",
            used="keras.Input(shape=<int>)", write="keras.Input(shape=(<int>,))", since="2.16"),
    Adapter("keras.layers.Layer.call(autograph)", "keras.layers", "keras2_call_autograph",
            used="keras.layers.Layer.call: Python control flow on tensors (if, for, while)",
            write="keras.layers.Layer.call with tf.cond / tf.while_loop, or decorated with tf.function "
                  "(Keras 3 does not run call() through autograph)", since="2.16"),
    Adapter("keras.layers.Layer._activity_regularizer", "keras.layers", "keras2_layers",
            used="keras.layers.Layer._activity_regularizer", write="keras.layers.Layer.activity_regularizer",
            since="2.16"),
]

# Attributes and arguments Keras 3 (2.16) dropped from objects it kept; adapters in
# tfpatch/adapters/keras3.py.  A Keras 2 program reads and writes them as it did.
_O, _B = "keras.optimizers.Optimizer", "keras.backend"
_W = ("'<name>.weights.h5' (Keras 3 writes weights only there; TensorFlow checkpoint readers such as "
      "tf.train.latest_checkpoint do not see that file)")
RULES += [
    Adapter(_O + ".lr", "keras.optimizers", "optimizer_lr", used=_O + ".lr",
            write=_O + ".learning_rate", since="2.16"),
    Adapter(_B + ".set_value(keras variable)", "keras.backend", "backend_set_value",
            used=_B + ".set_value(optimizer.learning_rate, value)", write="variable.assign(value)", since="2.16"),
    Adapter(_B + ".learning_phase", "keras.backend", "learning_phase", used=_B + ".learning_phase()",
            write="the training argument of a model or layer call", since="2.16"),
    Adapter(_B + ".set_learning_phase", "keras.backend", "learning_phase", used=_B + ".set_learning_phase(value)",
            write="model(x, training=True|False)", since="2.16"),
    Adapter(_B + ".learning_phase_scope", "keras.backend", "learning_phase", used=_B + ".learning_phase_scope(value)",
            write="model(x, training=True|False)", since="2.16"),
    Adapter(_M + ".train_on_batch(reset_metrics=)", "keras.models", "reset_metrics_argument",
            used=_M + ".train_on_batch(..., reset_metrics=...)",
            write=_M + ".train_on_batch(...), which resets the metrics before each batch", since="2.16"),
    Adapter(_M + ".test_on_batch(reset_metrics=)", "keras.models", "reset_metrics_argument",
            used=_M + ".test_on_batch(..., reset_metrics=...)",
            write=_M + ".test_on_batch(...), which resets the metrics before each batch", since="2.16"),
    # Keras 3 keeps reset_states() on its stateful layers only (RNNs); Keras 2's Model method
    # reset each stateful layer, nested models included.
    Adapter(_M + ".reset_states", "keras.models", "model_reset_states", used=_M + ".reset_states()",
            write="keras.layers.RNN.reset_states() on each stateful layer in model.layers", since="2.16"),
    Adapter(_M + ".save_weights(name)", "keras.models", "weights_files", used=_M + ".save_weights('<name>')",
            write=_M + ".save_weights(" + _W + ")", since="2.16"),
    Adapter(_M + ".load_weights(name)", "keras.models", "weights_files", used=_M + ".load_weights('<name>')",
            write=_M + ".load_weights('<name>.weights.h5')", since="2.16"),
    Adapter("keras.callbacks.ModelCheckpoint(save_weights_only=True)", "keras.callbacks", "checkpoint_weights",
            used="keras.callbacks.ModelCheckpoint('<name>', save_weights_only=True)",
            write="keras.callbacks.ModelCheckpoint(" + _W + ", save_weights_only=True)", since="2.16"),
    # Keras 3 keeps both names, but the loss it logs is then the mean prediction.
    Adapter(_M + ".compiled_loss", "keras.models", "compiled_loss",
            used=_M + ".compiled_loss(y, y_pred, regularization_losses=...)",
            write=_M + ".compute_loss(x, y, y_pred) and self._loss_tracker.update_state(loss)", since="2.16"),
    Adapter(_M + ".compiled_metrics", "keras.models", "compiled_loss",
            used=_M + ".compiled_metrics.update_state(y, y_pred)",
            write="metric.update_state(y, y_pred) for the compiled metrics", since="2.16"),
    # Keras 2.4-2.15's LossScaleOptimizer(opt, dynamic, initial_scale, dynamic_growth_steps): Keras 3
    # reads a second positional argument as initial_scale (silently) and refuses dynamic=False.
    Adapter(_MP + ".LossScaleOptimizer(optimizer, dynamic)", "keras.mixed_precision", "loss_scale_keras2_arguments",
            used=_MP + ".LossScaleOptimizer(optimizer, True|False, ...)",
            write=_MP + ".LossScaleOptimizer(optimizer, initial_scale=..., dynamic_growth_steps=...) (Keras 3 reads "
                        "a second positional argument as initial_scale)", since="2.16"),
    Adapter(_MP + ".LossScaleOptimizer(dynamic=False)", "keras.mixed_precision", "loss_scale_keras2_arguments",
            used=_MP + ".LossScaleOptimizer(optimizer, dynamic=False, initial_scale=N)",
            write=_MP + ".LossScaleOptimizer(optimizer) with optimizer.loss_scale_factor = N (Keras 3's fixed "
                        "scaling)", since="2.16"),
    Adapter(_MP + ".LossScaleOptimizer.loss_scale", "keras.mixed_precision", "optimizer_loss_scale",
            used=_MP + ".LossScaleOptimizer.loss_scale", write=_MP + ".LossScaleOptimizer.dynamic_scale",
            since="2.16"),
    # The experimental Policy left in 2.9; the served one keeps its loss scale.
    Adapter(_MPX + ".Policy.loss_scale", "keras.mixed_precision", "policy_loss_scale",
            used=_MPX + ".Policy(name, loss_scale=...).loss_scale",
            write=_MP + ".LossScaleOptimizer(...).loss_scale", since="2.9"),
    Adapter(_M + ".compile(policy loss scale)", "keras.models", "policy_compile",
            used=_M + ".compile(optimizer) under " + _MPX + ".Policy(name, loss_scale=...)",
            write=_M + ".compile(" + _MP + ".LossScaleOptimizer(optimizer, ...))", since="2.9"),
]
