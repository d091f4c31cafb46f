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
    Rename(_MP + ".Policy",            _MPX + ".Policy",               "2.4", until="2.9"),
    Rename(_MP + ".LossScaleOptimizer", _MPX + ".LossScaleOptimizer",  "2.4", until="2.9",
           blocked="the calls differ: experimental (opt, loss_scale) takes 'dynamic' or a number, "
                   "the stable (opt, dynamic=True, initial_scale=...) reads them as other arguments; "
                   "a plain alias would silently change the loss scale, so this needs an adapter"),
]

RULES += [
    # From 2.11 (new optimizers) `lr=` is ignored without a word, and Keras 3 refuses it;
    # `decay=` is refused on 2.11-2.15 and ignored by Keras 3.
    Adapter("keras.optimizers(lr=)", "keras.optimizers", "optimizer_arguments",
            used="keras.optimizers.<Optimizer>(lr=...)", write="keras.optimizers.<Optimizer>(learning_rate=...)",
            since="2.11"),
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
