"""TensorFlow 1.x names: TensorFlow 2 keeps them under ``tf.compat.v1``."""
from ._kinds import Adapter, Fallback

#: TF1 calls that fail in eager mode; without TFPATCH_V1 their error gains a hint naming it.
NEED_GRAPH_MODE = ("placeholder",)

RULES = [
    # tf.placeholder, tf.Session, tf.train.GradientDescentOptimizer, tf.layers, tf.logging, ...
    Fallback("compat.v1", since="2.0", graph_mode=NEED_GRAPH_MODE),
    # TF 2 functions that kept their name while their arguments changed (TensorFlow's own
    # tf_upgrade_v2 tables, tfpatch/adapters/tf1_tables.py): a call TF 2 refuses at binding
    # goes to the tf.compat.v1 twin (tfpatch/adapters/tf1_arguments.py).
    Adapter("tf1.arguments", "compat.v1", "tf1_arguments",
            used="reduce_sum(x, keep_dims=True)", write="reduce_sum(x, keepdims=True)", since="2.0"),
    # TF 1 positional orders TF 2 accepts with another meaning: TFPATCH_V1=1 only, the
    # program's own calls only.
    Adapter("tf1.argument_order", "compat.v1", "tf1_arguments",
            used="nn.moments(x, axes, shift, name)", write="nn.moments(x, axes, shift, keepdims, name)",
            since="2.0", v1_only=True),
    # TFPATCH_V1=1: TF 2 namespaces that reuse a TF 1 name for Keras's module (tf.losses,
    # tf.metrics) and Keras 2's backend: a TF 1 name they lack comes from the tf.compat.v1
    # twin (tfpatch/adapters/tf1_namespaces.py).
    Adapter("tf1.losses", "keras.losses", "tf1_losses",
            used="losses.sparse_softmax_cross_entropy", write="compat.v1.losses.sparse_softmax_cross_entropy",
            since="2.0", v1_only=True),
    Adapter("tf1.metrics", "keras.metrics", "tf1_metrics",
            used="metrics.accuracy", write="compat.v1.metrics.accuracy", since="2.0", v1_only=True),
    Adapter("tf1.keras.backend", "keras.backend", "tf1_keras_backend",
            used="keras.backend.set_session", write="compat.v1.keras.backend.set_session", since="2.0", v1_only=True),
    # tf.layers is Keras 2 code: with Keras 3 (2.16+ without tf_keras) its error says what to install.
    Adapter("tf1.layers", "compat.v1", "tf1_layers_keras3",
            used="layers.dense", write="layers.dense with tf_keras and TF_USE_LEGACY_KERAS=1", since="2.16"),
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

# Names Keras 3 (TF 2.16) dropped with nothing that computes the same; what to do instead.
# (Those with an equivalent are served: tfpatch/rules/keras.py, generated.py.)
_TF_KERAS = ("install tf_keras (the Keras 2 of TF 2.16+) and set TF_USE_LEGACY_KERAS=1 before TensorFlow "
             "is first imported, or stay on TensorFlow 2.15")
LEFT_TENSORFLOW.update({
    "keras.layers.LocallyConnected1D": "Keras 3 has no locally connected layer; " + _TF_KERAS,
    "keras.layers.LocallyConnected2D": "Keras 3 has no locally connected layer; " + _TF_KERAS,
    "keras.layers.DenseFeatures": "feature columns left with Keras 3: tf.keras.utils.FeatureSpace or "
                                  "preprocessing layers in the model; " + _TF_KERAS,
    "keras.layers.AbstractRNNCell": "Keras 3 takes any tf.keras.layers.Layer with a state_size attribute as an "
                                    "RNN cell: subclass Layer",
    "keras.estimator": "tf.keras.estimator.model_to_estimator left with tf.estimator: train with Model.fit, or "
                       "stay on TensorFlow 2.15",
    "keras.callbacks.BaseLogger": "Keras 3 averages the metrics over each epoch itself: leave it out of callbacks",
    "keras.utils.OrderedEnqueuer": "give fit a tf.keras.utils.PyDataset(workers=..., use_multiprocessing=...)",
    "keras.utils.GeneratorEnqueuer": "give fit a tf.keras.utils.PyDataset(workers=..., use_multiprocessing=...)",
    "keras.utils.SequenceEnqueuer": "give fit a tf.keras.utils.PyDataset(workers=..., use_multiprocessing=...)",
    "keras.metrics.MeanTensor": "Keras 3 has no MeanTensor metric; " + _TF_KERAS,
    "keras.metrics.MeanRelativeError": "Keras 3 has no MeanRelativeError metric; " + _TF_KERAS,
    "keras.constraints.RadialConstraint": "Keras 3 has no RadialConstraint; " + _TF_KERAS,
    "keras.backend.placeholder": "Keras 3 has no placeholders: use tf.keras.Input, or tf.compat.v1.placeholder "
                                 "in graph code",
    "keras.backend.function": "call the model (model(x)) or build a tf.keras.Model(inputs, outputs) of the "
                              "tensors you need",
    "keras.models.model_from_config": "tf.keras.models.model_from_json, or tf.keras.layers.deserialize(config); "
                                      "Keras 2 configs may need " + _TF_KERAS,
    "keras.wrappers.scikit_learn": "scikeras.wrappers.KerasClassifier/KerasRegressor (pip install scikeras); "
                                   "Keras 3.5+ has keras.wrappers.SKLearnClassifier/SKLearnRegressor, which take "
                                   "a model-building function differently",
    "keras.constraints.radial_constraint": "Keras 3 has no RadialConstraint; " + _TF_KERAS,
    "keras.dtensor": "Keras 3 distributes a model with keras.distribution (JAX backend), not DTensor; " + _TF_KERAS,
    "keras.utils.SidecarEvaluator": "Keras 3 has no sidecar evaluator: load each checkpoint and call "
                                    "model.evaluate in a loop of your own, or " + _TF_KERAS,
    "keras.utils.StepsPerExecutionTuner": "Keras 3 tunes nothing: give compile(steps_per_execution=N) a fixed N",
    "keras.utils.TimedThread": "Keras 3 has no TimedThread: run your function in a threading.Thread of your own",
    "keras.utils.to_ordinal": "Keras 3 has no to_ordinal; to_ordinal(y, n) is "
                              "(numpy.arange(n - 1) < y[..., None]).astype('float32'), with y = y[..., 0] "
                              "first if y.ndim > 1 and y.shape[-1] == 1 (n: max(y) + 1 when not given)",
    "keras.utils.warmstart_embedding_matrix": "Keras 3 has none: copy the rows of the words both vocabularies "
                                              "share into the new matrix (numpy), or " + _TF_KERAS,
    "keras.layers.experimental.RandomFourierFeatures": "Keras 3 has no RandomFourierFeatures: copy the layer from "
                                                       "tf_keras (tf_keras/layers/kernelized.py), or " + _TF_KERAS,
})
# Keras 2.9-2.15's RegNet and ResNet-RS applications have no Keras 3 counterpart.
LEFT_TENSORFLOW.update(
    ("keras.applications." + name, "Keras 3's applications have no %s; " % family + _TF_KERAS)
    for family, names in (("RegNet", ["regnet"] + ["RegNet%s%03d" % (xy, size) for xy in "XY"
                                                   for size in (2, 4, 6, 8, 16, 32, 40, 64, 80, 120, 160, 320)]),
                          ("ResNet-RS", ["resnet_rs"] + ["ResNetRS%d" % d for d in (50, 101, 152, 200, 270, 350, 420)]))
    for name in names)

#: The namespaces whose missing names gain a line from LEFT_TENSORFLOW: each gets tfpatch's
#: module hook even where no row serves a name in it (tf.keras.constraints on Keras 3).
EXPLAINED_IN = frozenset(name.rpartition(".")[0] for name in LEFT_TENSORFLOW)
