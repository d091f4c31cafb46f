"""TensorFlow 1.x names: TensorFlow 2 keeps them under ``tf.compat.v1``."""
from ._kinds import Fallback

#: TF1 calls that fail in eager mode; without TFPATCH_V1 their error gains a hint naming it.
NEED_GRAPH_MODE = ("placeholder",)

RULES = [
    # tf.placeholder, tf.Session, tf.train.GradientDescentOptimizer, tf.layers, tf.logging, ...
    Fallback("compat.v1", since="2.0", graph_mode=NEED_GRAPH_MODE),
]

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
