"""The real-TensorFlow cases: one program per rule and direction.

``breaks`` maps each environment where the program fails without tfpatch to
the error it fails with; the tests first prove that break, then prove the same
program runs with tfpatch through every activation path.  On the other
environments the program must run both ways, untouched.

Cases name releases by number, not by environment: ``breaks_from(error, since,
until)`` lists every TensorFlow 2 environment (tools/tfenvs.py RELEASES, the
rotating ones included) whose release lacks a spelling that lives in
``[since, until)``, and ``releases(since, until)`` the ones that have it.  With
``keras=True`` the release is the one of the Keras ``tf.keras`` gives: tf_keras
keeps the API of Keras 2.15, whatever TensorFlow it runs beside.
"""
import pathlib
import sys
import textwrap
from collections import namedtuple

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
import tfenvs  # noqa: E402

Case = namedtuple("Case", "id rules code breaks notices only")

#: Every environment a TensorFlow 2 program runs on (1.15 runs the import and TF1 tests only).
TF2 = tuple(name for name in tfenvs.RELEASES if tfenvs.release_of(name) >= (2, 0))


def _parse(text):
    return tuple(int(p) for p in text.split(".")) if text else None


def release_of(env, keras=False):
    """``(2, minor)`` of ``env``; with ``keras``, of its ``tf.keras`` API (tf_keras: 2.15)."""
    if keras and env.endswith("-tf_keras"):
        return 2, 15
    return tfenvs.release_of(env)


def releases(since=None, until=None, keras=False, keras3=None):
    """The TF2 environments whose release is in ``[since, until)`` (release numbers as
    text, "2.4"); ``keras3``: a ``(3, minor)`` range ``(first, last)`` of Keras 3 releases
    (``tf2.16-keras3.0`` is Keras 3.0, the other Keras 3 environments the newest)."""
    lo, hi = _parse(since), _parse(until)
    found = []
    for env in TF2:
        release = release_of(env, keras)
        if (lo and release < lo) or (hi and release >= hi):
            continue
        if keras3 is not None and tfenvs.keras_of(env)[0] == 3 and not \
                (keras3[0] <= tfenvs.keras_of(env) <= keras3[1]):
            continue
        found.append(env)
    return tuple(found)


def breaks_from(error, since=None, until=None, keras=False, keras3=None):
    """``[(env, error)]`` for every TF2 environment that lacks a spelling living in
    ``[since, until)``: those before ``since`` and those from ``until`` on."""
    present = releases(since, until, keras, keras3)
    return [(env, error) for env in TF2 if env not in present]


OLD = releases(until="2.2")              # TF 2.0-2.1 shapes (tensorflow_core)
OLDER_THAN_24 = releases(until="2.4")
NEW = releases(since="2.12")             # Keras 2.12, 2.15 and Keras 3
KERAS3 = releases(since="2.16", keras=True)
KERAS3_0 = releases(since="2.16", keras=True, keras3=((3, 0), (3, 0)))   # the Keras 3 of 2.16's release day


def case(id, rules, code, breaks, notices=1, only=None):
    """``notices``: how many notices the program gives where it breaks (None: at least one).
    ``only``: the environments where the program means something (default: all)."""
    rules = (rules,) if isinstance(rules, str) else tuple(rules)
    breaks = {env: error for env, error in breaks if only is None or env in only}
    return Case(id, rules, textwrap.dedent(code).strip() + "\n", breaks, notices, None if only is None else tuple(only))


def on(envs, error):
    return [(env, error) for env in envs]


CASES = [
    case("tpu-stable-name", "distribute.TPUStrategy", """
        import tensorflow as tf
        assert issubclass(tf.distribute.TPUStrategy, tf.distribute.Strategy)
        """, breaks_from("has no attribute 'TPUStrategy'", since="2.3")),
    case("tpu-stable-name-compat-v2", "distribute.TPUStrategy", """
        import tensorflow as tf
        assert issubclass(tf.compat.v2.distribute.TPUStrategy, tf.compat.v2.distribute.Strategy)
        """, breaks_from("has no attribute 'TPUStrategy'", since="2.3")),
    case("mwms-stable-name", "distribute.MultiWorkerMirroredStrategy", """
        import tensorflow as tf
        cls = tf.distribute.MultiWorkerMirroredStrategy
        assert issubclass(cls, tf.distribute.Strategy)
        """, breaks_from("has no attribute 'MultiWorkerMirroredStrategy'", since="2.4")),
    case("strategy-run", "distribute.Strategy.run", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        result = s.run(lambda: tf.constant(2.0))
        assert float(s.reduce(tf.distribute.ReduceOp.SUM, result, axis=None)) == 2.0
        """, breaks_from("AttributeError: 'MirroredStrategy' object has no attribute 'run'", since="2.2")),
    case("strategy-experimental-run-v2", "distribute.Strategy.run", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        result = s.experimental_run_v2(lambda: tf.constant(2.0))
        assert float(s.reduce(tf.distribute.ReduceOp.SUM, result, axis=None)) == 2.0
        """, breaks_from("AttributeError: 'MirroredStrategy' object has no attribute 'experimental_run_v2'",
                         until="2.4")),
    case("strategy-run-v2-in-tf-function", "distribute.Strategy.run", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        @tf.function
        def step():
            return s.experimental_run_v2(lambda: tf.constant(3.0))
        assert float(s.reduce(tf.distribute.ReduceOp.SUM, step(), axis=None)) == 3.0
        """, breaks_from("has no attribute 'experimental_run_v2'", until="2.4")),
    case("distribute-datasets-from-function", "distribute.Strategy.distribute_datasets_from_function", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        ds = s.distribute_datasets_from_function(lambda ctx: tf.data.Dataset.range(4).batch(2))
        assert sum(int(tf.reduce_sum(b)) for b in ds) == 6
        """, breaks_from("object has no attribute 'distribute_datasets_from_function'", since="2.4")),
    case("set-global-policy", ("keras.mixed_precision.set_global_policy", "keras.mixed_precision.global_policy"), """
        import tensorflow as tf
        tf.keras.mixed_precision.set_global_policy('mixed_float16')
        assert tf.keras.mixed_precision.global_policy().compute_dtype == 'float16'
        tf.keras.mixed_precision.set_global_policy('float32')
        """, breaks_from("has no attribute 'set_global_policy'", since="2.4", keras=True), notices=3),
    case("policy-stable-name", "keras.mixed_precision.Policy", """
        import tensorflow as tf
        policy = tf.keras.mixed_precision.Policy('mixed_float16')
        assert (policy.compute_dtype, policy.variable_dtype) == ('float16', 'float32')
        """, breaks_from("has no attribute 'Policy'", since="2.4", keras=True)),
    case("experimental-set-policy", ("keras.mixed_precision.set_global_policy", "keras.mixed_precision.global_policy"), """
        import tensorflow as tf
        tf.keras.mixed_precision.experimental.set_policy('mixed_float16')
        assert tf.keras.mixed_precision.experimental.global_policy().compute_dtype == 'float16'
        tf.keras.mixed_precision.experimental.set_policy('float32')
        """, breaks_from("has no attribute 'experimental'", until="2.9", keras=True), notices=6),
    case("experimental-policy", "keras.mixed_precision.Policy", """
        import tensorflow as tf
        policy = tf.keras.mixed_precision.experimental.Policy('mixed_float16')
        assert (policy.compute_dtype, policy.variable_dtype) == ('float16', 'float32')
        """, breaks_from("has no attribute 'experimental'", until="2.9", keras=True), notices=2),
    case("from-import-experimental", "keras.mixed_precision.experimental", """
        from tensorflow.keras.mixed_precision import experimental as mixed_precision
        mixed_precision.set_policy(mixed_precision.Policy('mixed_float16'))
        assert mixed_precision.global_policy().compute_dtype == 'float16'
        mixed_precision.set_policy('float32')
        """, breaks_from("ImportError: cannot import name 'experimental'", until="2.9", keras=True), notices=5),
    case("names-survive-from-import-rebinding", "keras.mixed_precision.experimental", """
        import tensorflow as tf
        tf.keras.mixed_precision.experimental.global_policy()
        from tensorflow.keras import layers
        tf.keras.mixed_precision.experimental.global_policy()
        """, breaks_from("has no attribute 'experimental'", until="2.9", keras=True), notices=4),
    case("new-names-survive-from-import-rebinding", "keras.mixed_precision.set_global_policy", """
        import tensorflow as tf
        tf.keras.mixed_precision.global_policy()
        from tensorflow.keras import layers
        tf.keras.mixed_precision.global_policy()
        """, breaks_from("has no attribute 'global_policy'", since="2.4", keras=True), notices=2),
    case("data-autotune", "data.AUTOTUNE", """
        import tensorflow as tf
        assert tf.data.AUTOTUNE == tf.data.experimental.AUTOTUNE
        ds = tf.data.Dataset.range(3).map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE)
        assert [int(v) for v in ds] == [1, 2, 3]
        """, breaks_from("has no attribute 'AUTOTUNE'", since="2.4"), notices=2),
    case("one-notice-per-call-site", "data.AUTOTUNE", """
        import tensorflow as tf
        for _ in range(5):
            tf.data.AUTOTUNE
        """, breaks_from("has no attribute 'AUTOTUNE'", since="2.4"), notices=1),
    # Each case runs in a process of its own forked right after `import tensorflow` (runner.py):
    # the served module this one imports (and the import system sets on its parent) is gone
    # for the next case, which gets its own notice for the namespace.
    case("import-experimental-module", "keras.mixed_precision.experimental", """
        import tensorflow.keras.mixed_precision.experimental as mp
        from tensorflow.keras.mixed_precision.experimental import set_policy
        assert set_policy is mp.set_policy
        """, breaks_from("ModuleNotFoundError: No module named 'tensorflow.keras.mixed_precision.experimental'",
                         until="2.9", keras=True),
        notices=3),
]

CASES += [
    case("tf1-top-level-names", "compat.v1", """
        import tensorflow as tf
        assert tf.Session is tf.compat.v1.Session
        assert tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"
        tf.set_random_seed(1)
        """, on(TF2, "has no attribute 'Session'"), notices=3),
    case("tf1-submodule-names", "compat.v1", """
        import tensorflow as tf
        assert tf.train.GradientDescentOptimizer is tf.compat.v1.train.GradientDescentOptimizer
        assert tf.nn.rnn_cell is tf.compat.v1.nn.rnn_cell
        """, on(TF2, "has no attribute 'GradientDescentOptimizer'"), notices=2),
]

CASES += [
    # On 2.11-2.15 nothing fails without tfpatch: the rate silently stays 0.001; the case shows it.
    case("optimizer-lr", "keras.optimizers(lr=)", """
        import tensorflow as tf
        opt = tf.keras.optimizers.Adam(lr=0.01)
        rate = float(opt.learning_rate.numpy() if hasattr(opt.learning_rate, "numpy") else opt.learning_rate)
        assert abs(rate - 0.01) < 1e-6, "learning rate is %r, not the 0.01 asked for" % rate
        """, on(releases(since="2.11", until="2.16", keras=True), "not the 0.01 asked for")
        + on(KERAS3, "ValueError: Argument(s) not recognized: {'lr': 0.01}")),
    case("optimizer-decay", "keras.optimizers(decay=)", """
        import tensorflow as tf
        opt = tf.keras.optimizers.SGD(learning_rate=0.5, decay=0.1)
        if hasattr(opt, "_initial_decay"):   # Keras <= 2.10: decay is the optimizer's own
            assert abs(opt._initial_decay - 0.1) < 1e-9
        else:
            schedule = opt._learning_rate
            assert callable(schedule), "decay was dropped: the rate is a constant %r" % (schedule,)
            assert abs(float(schedule(10)) - 0.25) < 1e-6
        """, on(releases(since="2.11", until="2.16", keras=True), "ValueError: decay is deprecated in the new")
        + on(KERAS3, "decay was dropped: the rate is a constant")),
    case("optimizer-valid-calls-unchanged", "keras.optimizers(lr=)", """
        import tensorflow as tf
        opt = tf.keras.optimizers.Adam(learning_rate=0.2)
        assert abs(float(opt.learning_rate.numpy() if hasattr(opt.learning_rate, "numpy") else opt.learning_rate) - 0.2) < 1e-6
        opt = tf.keras.optimizers.SGD(0.3)
        assert abs(float(opt.learning_rate.numpy() if hasattr(opt.learning_rate, "numpy") else opt.learning_rate) - 0.3) < 1e-6
        """, []),
]

from tfpatch.rules.keras import PREPROCESSING_LAYERS  # noqa: E402

FROM_23 = releases(since="2.3", keras=True)   # Keras with the preprocessing layers

CASES += [
    case("preprocessing-import-path", ("keras.layers.experimental", "keras.layers.experimental.preprocessing",
                                       "keras.layers.Rescaling"), """
        import numpy as np
        from tensorflow.keras.layers.experimental import preprocessing
        out = preprocessing.Rescaling(0.5)(np.ones((1, 2, 2, 3), dtype="float32"))
        assert float(out.numpy().max()) == 0.5
        """, on(KERAS3, "ModuleNotFoundError: No module named 'tensorflow.keras.layers.experimental'"),
        notices=3, only=FROM_23),
    # Every name the release defines under either spelling (its own module dictionaries,
    # which tfpatch never adds to) resolves under the experimental one, as the same class.
    case("preprocessing-every-name", ["keras.layers." + n for n in PREPROCESSING_LAYERS], """
        import tensorflow as tf
        names, layers = %r, tf.keras.layers
        exp = tf.keras.layers.experimental.preprocessing
        have = [n for n in names if n in vars(layers) or n in vars(exp)]
        found = [n for n in names if hasattr(exp, n)]
        assert have, "the release defines none of the names"
        assert [n for n in have if n not in found] == [], "not served: %%r" %% [n for n in have if n not in found]
        assert len(found) >= len(have), "%%d of the %%d names resolve" %% (len(found), len(have))
        assert all(getattr(exp, n) is getattr(layers, n) for n in names if n in vars(layers))
        assert all(isinstance(getattr(exp, n), type) for n in found)
        """ % (PREPROCESSING_LAYERS,), on(KERAS3, "has no attribute 'experimental'"), notices=None,
        only=FROM_23),
    case("preprocessing-stable-names-on-old", "keras.layers.Rescaling", """
        import tensorflow as tf
        layer = tf.keras.layers.Rescaling(0.5)
        """, breaks_from("has no attribute 'Rescaling'", since="2.6", keras=True), only=FROM_23),
    case("einsum-dense-experimental", "keras.layers.EinsumDense", """
        import tensorflow as tf
        layer = tf.keras.layers.experimental.EinsumDense("ab,bc->ac", output_shape=4)
        """, on(KERAS3, "has no attribute 'experimental'"), notices=2, only=FROM_23),
    # the namespace and the name: two notices (the case starts from `import tensorflow` alone)
    case("backup-and-restore-experimental", ("keras.callbacks.experimental", "keras.callbacks.BackupAndRestore"), """
        import tempfile, tensorflow as tf
        callback = tf.keras.callbacks.experimental.BackupAndRestore(tempfile.mkdtemp())
        """, on(KERAS3, "has no attribute 'experimental'"), notices=2, only=FROM_23),
    case("backup-and-restore-stable-on-old", "keras.callbacks.BackupAndRestore", """
        import tempfile, tensorflow as tf
        callback = tf.keras.callbacks.BackupAndRestore(tempfile.mkdtemp())
        """, breaks_from("has no attribute 'BackupAndRestore'", since="2.8", keras=True), only=FROM_23),
    case("experimental-schedules", ("keras.experimental", "keras.optimizers.schedules.CosineDecay",
                                    "keras.optimizers.schedules.CosineDecayRestarts"), """
        import tensorflow as tf
        schedule = tf.keras.experimental.CosineDecay(0.1, decay_steps=10)
        restarts = tf.keras.experimental.CosineDecayRestarts(0.1, first_decay_steps=10)
        assert abs(float(schedule(10)) - 0.0) < 1e-6
        """, on(KERAS3, "has no attribute 'experimental'"), notices=4),
    case("stable-schedules-on-old", "keras.optimizers.schedules.CosineDecay", """
        import tensorflow as tf
        schedule = tf.keras.optimizers.schedules.CosineDecay(0.1, decay_steps=10)
        """, breaks_from("has no attribute 'CosineDecay'", since="2.5", keras=True)),
    case("metric-reset-states", "keras.metrics.Metric.reset_state", """
        import tensorflow as tf
        metric = tf.keras.metrics.Mean()
        metric.update_state([1.0, 3.0])
        metric.reset_states()
        assert float(metric.result()) == 0.0
        """, on(KERAS3, "object has no attribute 'reset_states'")),
    case("metric-reset-state-on-old", "keras.metrics.Metric.reset_state", """
        import tensorflow as tf
        metric = tf.keras.metrics.Mean()
        metric.update_state([1.0, 3.0])
        metric.reset_state()
        assert float(metric.result()) == 0.0
        """, breaks_from("object has no attribute 'reset_state'", since="2.5", keras=True)),
]

# Adapters: calls that changed while their names stayed.  Each case asserts the result the
# legacy (or new) program means, so a silent misbehaviour fails as surely as an error.
KERAS2_FROM_29 = releases(since="2.9", until="2.16", keras=True)   # Keras 2 without mixed_precision.experimental
FROM_212 = releases(since="2.12", keras=True)

_LOSS_SCALE = textwrap.indent('''
KERAS3 = hasattr(tf.keras, "ops")       # not tf_keras, whatever TensorFlow it runs beside
def loss_scale(opt):
    """(dynamic?, current scale) of a loss-scale optimizer of any release."""
    if KERAS3:   # dynamic only, but for tfpatch's fixed scale (opt.loss_scale is served: not probed)
        return bool(getattr(type(opt), "dynamic", True)), float(opt.initial_scale)
    ls = getattr(opt, "loss_scale", None)
    if callable(ls):                       # 2.1-2.3: a LossScale object
        return type(ls).__name__ != "FixedLossScale", float(ls())
    return bool(opt.dynamic), float(ls)    # Keras 2.4-2.15
''', " " * 8)  # the cases' own indentation, so that case() dedents them together

CASES += [
    case("experimental-policy-loss-scale", "keras.mixed_precision.Policy", """
        import tensorflow as tf
        policy = tf.keras.mixed_precision.experimental.Policy('mixed_float16', loss_scale='dynamic')
        assert (policy.compute_dtype, policy.variable_dtype) == ('float16', 'float32')
        """, breaks_from("has no attribute 'experimental'", until="2.9", keras=True), notices=None),
    case("experimental-loss-scale-optimizer", "keras.mixed_precision.LossScaleOptimizer", """
        import tensorflow as tf
        """ + _LOSS_SCALE + """
        mpx = tf.keras.mixed_precision.experimental
        dynamic = mpx.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), 'dynamic')
        assert loss_scale(dynamic) == (True, 32768.0), loss_scale(dynamic)
        fixed = mpx.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), loss_scale=128)
        assert loss_scale(fixed) == (False, 128.0), loss_scale(fixed)    # Keras 3: loss_scale_factor
        """, breaks_from("has no attribute 'experimental'", until="2.9", keras=True), notices=None),
    # Keras 3 refuses dynamic=False itself (its own error names what to write): 2.1-2.15 only.
    case("stable-loss-scale-optimizer-on-old", "keras.mixed_precision.LossScaleOptimizer", """
        import tensorflow as tf
        """ + _LOSS_SCALE + """
        dynamic = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
        assert loss_scale(dynamic) == (True, 32768.0), loss_scale(dynamic)
        fixed = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), dynamic=False,
                                                            initial_scale=64)
        assert loss_scale(fixed) == (False, 64.0), loss_scale(fixed)
        grown = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), initial_scale=1024,
                                                            dynamic_growth_steps=100)
        assert loss_scale(grown) == (True, 1024.0), loss_scale(grown)
        """, breaks_from("has no attribute 'LossScaleOptimizer'", since="2.4", keras=True), notices=3,
        only=releases(until="2.16", keras=True)),
    # A Keras 2 custom loop: without the adapter Keras 3 fails, and a plain alias would let
    # apply_gradients unscale a second time (updates 32768 times too small).
    case("loss-scale-keras2-training-loop", "keras.mixed_precision.LossScaleOptimizer.get_unscaled_gradients", """
        import tensorflow as tf
        w = tf.Variable([[1.0], [1.0]])
        opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
        @tf.function
        def step(x):
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(tf.matmul(x, w))
                scaled_loss = opt.get_scaled_loss(loss)
            grads = opt.get_unscaled_gradients(tape.gradient(scaled_loss, [w]))
            opt.apply_gradients(zip(grads, [w]))
        step(tf.constant([[1.0, 2.0]]))
        step(tf.constant([[1.0, 2.0]]))
        assert [round(float(v), 5) for v in w.numpy().ravel()] == [0.8, 0.6], w.numpy()
        """, on(KERAS3, "object has no attribute 'get_scaled_loss'"), notices=2, only=FROM_212),
    case("optimizers-legacy-on-keras-3", "keras.optimizers.legacy(...)", """
        import tensorflow as tf
        adam = tf.keras.optimizers.legacy.Adam(learning_rate=0.05)
        sgd = tf.keras.optimizers.legacy.SGD(0.3)
        assert abs(float(adam.learning_rate.numpy() if hasattr(adam.learning_rate, "numpy") else adam.learning_rate) - 0.05) < 1e-6
        assert abs(float(sgd.learning_rate.numpy() if hasattr(sgd.learning_rate, "numpy") else sgd.learning_rate) - 0.3) < 1e-6
        """, on(KERAS3, "ImportError: `keras.optimizers.legacy` is not supported in Keras 3"), notices=2,
        only=FROM_212),
    case("fit-generator-family", ("keras.Model.fit_generator", "keras.Model.evaluate_generator",
                                  "keras.Model.predict_generator"), """
        import numpy as np, tensorflow as tf
        def batches():
            while True:
                yield np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
        model.compile("sgd", "mse")
        history = model.fit_generator(batches(), 3, 2, verbose=0)       # steps_per_epoch=3, epochs=2
        assert len(history.history["loss"]) == 2, history.history
        loss = model.evaluate_generator(batches(), steps=2)
        assert np.isfinite(loss), loss
        predicted = model.predict_generator((x for x, _ in batches()), steps=2)
        assert predicted.shape == (8, 1), predicted.shape
        """, on(KERAS3, "object has no attribute 'fit_generator'"), notices=3),
    case("fit-loader-arguments", "keras.Model.fit(workers=)", """
        import numpy as np, tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
        model.compile("sgd", "mse")
        history = model.fit(np.ones((8, 2)), np.zeros((8, 1)), epochs=2, verbose=0, workers=2,
                            use_multiprocessing=False, max_queue_size=4)
        assert len(history.history["loss"]) == 2
        assert model.predict(np.ones((3, 2)), verbose=0, workers=2).shape == (3, 1)
        """, on(KERAS3, "got an unexpected keyword argument 'workers'"), notices=2),
    # As Keras <= 2.5 computed them: argmax for several outputs, > 0.5 for one.
    case("predict-classes", ("keras.Sequential.predict_classes", "keras.Sequential.predict_proba"), """
        import numpy as np, tensorflow as tf
        softmax = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax", input_shape=(2,))])
        softmax.set_weights([np.array([[0., 1., 0.], [0., 0., 2.]], "float32"), np.zeros(3, "float32")])
        x = np.array([[1., 0.], [0., 1.]], "float32")
        assert softmax.predict_classes(x).tolist() == [1, 2]
        proba = softmax.predict_proba(x)
        assert np.allclose(proba.sum(axis=-1), 1.0) and proba.shape == (2, 3)
        sigmoid = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid", input_shape=(2,))])
        sigmoid.set_weights([np.array([[3.], [-3.]], "float32"), np.zeros(1, "float32")])
        assert sigmoid.predict_classes(x).tolist() == [[1], [0]]
        """, breaks_from("object has no attribute 'predict_classes'", until="2.6", keras=True), notices=3),
    case("compile-experimental-steps-per-execution", "keras.Model.compile(experimental_steps_per_execution=)", """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
        model.compile("sgd", "mse", experimental_steps_per_execution=3)
        steps = getattr(model, "_steps_per_execution", None) or model.steps_per_execution
        assert int(steps.numpy() if hasattr(steps, "numpy") else steps) == 3
        """, on(KERAS3, "got an unexpected keyword argument 'experimental_steps_per_execution'"),
        only=FROM_23),
    case("compile-steps-per-execution-on-old", "keras.Model.compile(steps_per_execution=)", """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
        model.compile("sgd", "mse", steps_per_execution=3)
        steps = getattr(model, "_steps_per_execution", None) or model.steps_per_execution
        assert int(steps.numpy() if hasattr(steps, "numpy") else steps) == 3
        """, breaks_from("Invalid keyword argument(s) in `compile`: {'steps_per_execution'}", since="2.4", keras=True),
        only=FROM_23),
    case("add-weight-name-first", "keras.layers.Layer.add_weight(name, shape)", """
        import numpy as np, tensorflow as tf
        class Linear(tf.keras.layers.Layer):
            def build(self, input_shape):
                self.kernel = self.add_weight("kernel", (2, 3), initializer="ones")
            def call(self, x):
                return tf.matmul(x, self.kernel)
        layer = Linear()
        assert float(np.sum(layer(np.ones((1, 2), "float32")))) == 6.0
        assert "kernel" in layer.kernel.name and tuple(layer.kernel.shape) == (2, 3)
        """, on(KERAS3, "`name` must be passed as a keyword argument")
        + on(KERAS3_0, "TypeError: Layer.add_weight() got multiple values for argument 'initializer'")),
    case("batch-norm-synchronized-on-old", "keras.layers.BatchNormalization(synchronized=)", """
        import numpy as np, tensorflow as tf
        def synchronized(layer):
            return bool(getattr(layer, "synchronized", False)) or type(layer).__name__ == "SyncBatchNormalization"
        sync = tf.keras.layers.BatchNormalization(synchronized=True, momentum=0.9)
        assert synchronized(sync) and sync.momentum == 0.9
        plain = tf.keras.layers.BatchNormalization(synchronized=False)
        assert not synchronized(plain) and type(plain) is tf.keras.layers.BatchNormalization
        assert sync(np.ones((2, 3), "float32"), training=True).shape == (2, 3)
        """, breaks_from("Keyword argument not understood:", since="2.12", keras=True), notices=2,
        only=releases(since="2.2", keras=True)),   # SyncBatchNormalization arrived in 2.2
    case("sync-batch-norm-experimental", "keras.layers.BatchNormalization", """
        import numpy as np, tensorflow as tf
        layer = tf.keras.layers.experimental.SyncBatchNormalization(momentum=0.9)
        assert layer.momentum == 0.9
        assert getattr(layer, "synchronized", True) is True, "a plain BatchNormalization"
        assert layer(np.ones((2, 3), "float32"), training=True).shape == (2, 3)
        """, on(KERAS3, "has no attribute 'experimental'"), notices=2, only=FROM_23),
    # Valid calls of each release go through the adapters untouched (no notice, same result).
    case("adapters-leave-valid-calls-alone", "keras.Model.fit(workers=)", """
        import numpy as np, tensorflow as tf
        """ + _LOSS_SCALE + """
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
        model.compile("sgd", "mse", steps_per_execution=2)
        model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=1, verbose=0)
        assert model.predict(np.ones((2, 2)), verbose=0).shape == (2, 1)
        layer = tf.keras.layers.Dense(2)
        weight = layer.add_weight(shape=(2, 2), initializer="zeros", name="w")
        assert "w" in weight.name and tuple(weight.shape) == (2, 2)
        assert type(tf.keras.layers.BatchNormalization()) is tf.keras.layers.BatchNormalization
        opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
        assert loss_scale(opt) == (True, 32768.0)
        if KERAS3:   # a number in second place is Keras 3's initial_scale: left alone
            assert loss_scale(tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), 256.0)) == (True, 256.0)
        ds = tf.data.Dataset.from_tensor_slices([1, 2, 2])
        assert sorted(int(v) for v in ds.unique()) == [1, 2] and int(ds.cardinality()) == 3
        """, [], only=FROM_212),
]

# Dataset methods that graduated from tf.data.experimental, called on releases before them.
from tfpatch.rules.data import DATASET_METHODS  # noqa: E402

_SAVE_LOAD = ("data.Dataset.save", "data.Dataset.load", "data.Dataset.snapshot")  # (from 2.3 only)
CASES += [
    case("dataset-methods-on-old", ["data.Dataset." + m for m, _, _ in DATASET_METHODS
                                    if "data.Dataset." + m not in _SAVE_LOAD], """
        import tensorflow as tf
        D = tf.data.Dataset
        ds = D.from_tensor_slices([1, 2, 2, 3, 3, 3])
        assert int(ds.cardinality()) == 6
        assert sorted(int(v) for v in ds.unique()) == [1, 2, 3]
        assert [int(v) for v in ds.take_while(lambda x: x < 3)] == [1, 2, 2]
        assert int(D.from_tensors(5).get_single_element()) == 5
        assert [int(v) for v in D.counter(2).take(2)] == [2, 3]
        assert [int(v) for v in ds.scan(0, lambda s, x: (s + x, s + x))] == [1, 3, 5, 8, 11, 14]
        windows = ds.group_by_window(lambda x: tf.cast(x % 2, tf.int64), lambda k, w: w.batch(10), window_size=10)
        assert sorted(int(b.shape[0]) for b in windows) == [2, 4]
        assert sorted(int(v) for v in D.sample_from_datasets([ds, ds], seed=1)) == sorted([1, 2, 2, 3, 3, 3] * 2)
        choice = D.from_tensor_slices(tf.constant([0, 1, 1], tf.int64))
        chosen = D.choose_from_datasets([D.from_tensors(0).repeat(), D.from_tensors(1).repeat()], choice)
        assert [int(v) for v in chosen] == [0, 1, 1]
        assert len(list(D.random(seed=1).take(3))) == 3
        if hasattr(tf.data.experimental, "dense_to_ragged_batch"):   # 2.0 has no ragged batching at all
            assert [int(b.shape[0]) for b in ds.ragged_batch(4)] == [4, 2]
        sparse = next(iter(D.from_tensor_slices([[1], [2]]).sparse_batch(2, [3])))
        assert [int(v) for v in sparse.dense_shape] == [2, 3]
        buckets = D.from_tensor_slices(tf.ones((4, 2))).bucket_by_sequence_length(lambda x: tf.shape(x)[0], [3], [2, 2])
        assert [tuple(b.shape) for b in buckets] == [(2, 2), (2, 2)]
        resampled = D.from_tensor_slices([0, 1] * 50).rejection_resample(lambda x: x, [0.5, 0.5], [0.5, 0.5], seed=1)
        assert len(list(resampled.take(10))) == 10
        safe = D.from_tensor_slices([1., 0., 2.]).map(lambda x: tf.debugging.check_numerics(1. / x, "inf"))
        assert [float(v) for v in safe.ignore_errors()] == [1.0, 0.5]
        """, breaks_from("object has no attribute 'cardinality'", since="2.3")
        + on(releases("2.3", "2.6"), "object has no attribute 'unique'")
        + on(releases("2.6", "2.11"), "has no attribute 'counter'")
        + on(releases("2.11", "2.12"), "object has no attribute 'ragged_batch'"), notices=None),
    # tf.data.experimental.save/load/snapshot arrived in 2.3; the methods: snapshot 2.6, save/load 2.10.
    case("dataset-save-load-on-old", ("data.Dataset.save", "data.Dataset.load"), """
        import tempfile, tensorflow as tf
        ds = tf.data.Dataset.from_tensor_slices([1, 2, 3])
        path = tempfile.mkdtemp()
        ds.save(path)
        back = tf.data.Dataset.load(path, element_spec=ds.element_spec)
        assert [int(v) for v in back] == [1, 2, 3]
        """, breaks_from("object has no attribute 'save'", since="2.10"), notices=2, only=FROM_23),
    case("dataset-snapshot-on-old", "data.Dataset.snapshot", """
        import tempfile, tensorflow as tf
        ds = tf.data.Dataset.from_tensor_slices([1, 2, 3])
        assert sorted(int(v) for v in ds.snapshot(tempfile.mkdtemp())) == [1, 2, 3]
        """, breaks_from("object has no attribute 'snapshot'", since="2.6"), notices=1, only=FROM_23),
]


# Cases of other areas live beside this file in cases_<area>.py, each defining its own
# CASES with case() and on() from here; they run exactly as the ones above.
def _area_cases():
    import importlib
    import pathlib
    found = []
    for path in sorted(pathlib.Path(__file__).resolve().parent.glob("cases_*.py")):
        module = importlib.import_module(path.stem)
        found += getattr(module, "CASES", [])  # absent while that module is the one importing this
    return found


CASES += _area_cases()
