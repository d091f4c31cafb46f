"""TensorFlow 1.x names: TensorFlow 2 keeps them under ``tf.compat.v1``."""
from ._kinds import Adapter, Fallback

RULES = [
    # tf.placeholder, tf.Session, tf.train.GradientDescentOptimizer, tf.layers, tf.logging, ...
    Fallback("compat.v1", since="2.0"),
    # TF 2 functions that kept their name while their arguments changed (TensorFlow's own
    # tf_upgrade_v2 tables, tfpatch/adapters/tf1_tables.py): a call TF 2 refuses at binding
    # goes to the tf.compat.v1 twin (tfpatch/adapters/tf1_arguments.py).
    Adapter("tf1.arguments", "compat.v1", "tf1_arguments",
            used="reduce_sum(x, keep_dims=True)", write="reduce_sum(x, keepdims=True)", since="2.0"),
    # TF 1 positional orders TF 2 accepts with another meaning: TFPATCH_V1=1 only, the
    # program's own calls only.
    Adapter("tf1.argument_order", "compat.v1", "tf1_arguments",
            used="nn.moments(x, axes, shift, name)", write="nn.moments(x, axes, shift, keepdims, name)",
            since="2.0"),
    # TFPATCH_V1=1: TF 2 namespaces that reuse a TF 1 name for Keras's module (tf.losses,
    # tf.metrics) and Keras 2's backend: a TF 1 name they lack comes from the tf.compat.v1
    # twin (tfpatch/adapters/tf1_namespaces.py).
    Adapter("tf1.losses", "keras.losses", "tf1_losses",
            used="losses.sparse_softmax_cross_entropy", write="compat.v1.losses.sparse_softmax_cross_entropy",
            since="2.0"),
    Adapter("tf1.metrics", "keras.metrics", "tf1_metrics",
            used="metrics.accuracy", write="compat.v1.metrics.accuracy", since="2.0"),
    Adapter("tf1.keras.backend", "keras.backend", "tf1_keras_backend",
            used="keras.backend.set_session", write="compat.v1.keras.backend.set_session", since="2.0"),
    # tf.layers is Keras 2 code: with Keras 3 (2.16+ without tf_keras) its error says what to install.
    Adapter("tf1.layers", "compat.v1", "tf1_layers_keras3",
            used="layers.dense", write="layers.dense with tf_keras and TF_USE_LEGACY_KERAS=1", since="2.16"),
]

#: TF1 calls that fail in eager mode; without TFPATCH_V1 their error gains a hint naming it.
NEED_GRAPH_MODE = ("placeholder",)

#: tf.contrib left TensorFlow in 2.0 and cannot be served; where its parts went.
CONTRIB_MOVES = (
    ("slim", "the tf-slim package (import tf_slim as slim)"),
    ("layers", "tf.keras.layers, or tf.compat.v1.layers"),
    ("rnn", "tf.keras.layers RNN cells, or tf.compat.v1.nn.rnn_cell"),
    ("data", "tf.data.experimental"),
    ("distribute", "tf.distribute"),
    ("cluster_resolver", "tf.distribute.cluster_resolver"),
    ("opt", "tf.keras.optimizers (tensorflow-addons for the rest)"),
    ("learn", "tf.keras (tf.estimator until TF 2.15)"),
    ("training", "tf.compat.v1.train"),
)


def contrib_explanation():
    return ("tfpatch: tf.contrib left TensorFlow in 2.0 and cannot be served; its parts moved: %s"
            % "; ".join("contrib.%s -> %s" % move for move in CONTRIB_MOVES))


#: Public names that left TensorFlow for good, and where their users went.
LEFT_TENSORFLOW = {
    "estimator": "train with tf.keras (Model.fit), or stay on TensorFlow 2.15 for tf.estimator",
    "compat.v1.estimator": "train with tf.keras (Model.fit), or stay on TensorFlow 2.15 for tf.estimator",
    "keras.wrappers": "scikeras.wrappers (pip install scikeras); Keras 3.5+ has keras.wrappers.SKLearn*",
}
