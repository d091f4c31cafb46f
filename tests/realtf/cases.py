"""The real-TensorFlow cases: one program per rule and direction.

``breaks`` maps each matrix environment where the program fails without
tfpatch to the error it fails with; the tests first prove that break, then
prove the same program runs with tfpatch through every activation path.
On the other environments the program must run both ways, untouched.
"""
import textwrap
from collections import namedtuple

Case = namedtuple("Case", "id rules code breaks notices only")

OLD = ("tf2.1",)                  # TF 2.0-2.2 shapes (tensorflow_core)
OLDER_THAN_24 = ("tf2.1", "tf2.3")
NEW = ("tf2.15", "tf2.21")        # Keras 2.15 and Keras 3


def case(id, rules, code, breaks, notices=1, only=None):
    """``notices``: how many notices the program gives where it breaks (None: at least one).
    ``only``: the environments where the program means something (default: all)."""
    rules = (rules,) if isinstance(rules, str) else tuple(rules)
    return Case(id, rules, textwrap.dedent(code).strip() + "\n", dict(breaks), notices, only)


def on(envs, error):
    return [(env, error) for env in envs]


CASES = [
    case("tpu-stable-name", "distribute.TPUStrategy", """
        import tensorflow as tf
        assert issubclass(tf.distribute.TPUStrategy, tf.distribute.Strategy)
        """, on(OLD, "AttributeError: module 'tensorflow_core._api.v2.distribute' has no attribute 'TPUStrategy'")),
    case("tpu-stable-name-compat-v2", "distribute.TPUStrategy", """
        import tensorflow as tf
        assert issubclass(tf.compat.v2.distribute.TPUStrategy, tf.compat.v2.distribute.Strategy)
        """, on(OLD, "has no attribute 'TPUStrategy'")),
    case("mwms-stable-name", "distribute.MultiWorkerMirroredStrategy", """
        import tensorflow as tf
        cls = tf.distribute.MultiWorkerMirroredStrategy
        assert issubclass(cls, tf.distribute.Strategy)
        """, on(OLDER_THAN_24, "has no attribute 'MultiWorkerMirroredStrategy'")),
    case("strategy-run", "distribute.Strategy.run", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        result = s.run(lambda: tf.constant(2.0))
        assert float(s.reduce(tf.distribute.ReduceOp.SUM, result, axis=None)) == 2.0
        """, on(OLD, "AttributeError: 'MirroredStrategy' object has no attribute 'run'")),
    case("strategy-experimental-run-v2", "distribute.Strategy.run", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        result = s.experimental_run_v2(lambda: tf.constant(2.0))
        assert float(s.reduce(tf.distribute.ReduceOp.SUM, result, axis=None)) == 2.0
        """, on(NEW, "AttributeError: 'MirroredStrategy' object has no attribute 'experimental_run_v2'")),
    case("strategy-run-v2-in-tf-function", "distribute.Strategy.run", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        @tf.function
        def step():
            return s.experimental_run_v2(lambda: tf.constant(3.0))
        assert float(s.reduce(tf.distribute.ReduceOp.SUM, step(), axis=None)) == 3.0
        """, on(NEW, "has no attribute 'experimental_run_v2'")),
    case("distribute-datasets-from-function", "distribute.Strategy.distribute_datasets_from_function", """
        import tensorflow as tf
        s = tf.distribute.MirroredStrategy(devices=['/cpu:0'])
        ds = s.distribute_datasets_from_function(lambda ctx: tf.data.Dataset.range(4).batch(2))
        assert sum(int(tf.reduce_sum(b)) for b in ds) == 6
        """, on(OLDER_THAN_24, "object has no attribute 'distribute_datasets_from_function'")),
    case("set-global-policy", ("keras.mixed_precision.set_global_policy", "keras.mixed_precision.global_policy"), """
        import tensorflow as tf
        tf.keras.mixed_precision.set_global_policy('mixed_float16')
        assert tf.keras.mixed_precision.global_policy().compute_dtype == 'float16'
        tf.keras.mixed_precision.set_global_policy('float32')
        """, on(OLDER_THAN_24, "has no attribute 'set_global_policy'"), notices=3),
    case("policy-stable-name", "keras.mixed_precision.Policy", """
        import tensorflow as tf
        policy = tf.keras.mixed_precision.Policy('mixed_float16')
        assert (policy.compute_dtype, policy.variable_dtype) == ('float16', 'float32')
        """, on(OLDER_THAN_24, "has no attribute 'Policy'")),
    case("experimental-set-policy", ("keras.mixed_precision.set_global_policy", "keras.mixed_precision.global_policy"), """
        import tensorflow as tf
        tf.keras.mixed_precision.experimental.set_policy('mixed_float16')
        assert tf.keras.mixed_precision.experimental.global_policy().compute_dtype == 'float16'
        tf.keras.mixed_precision.experimental.set_policy('float32')
        """, on(NEW, "has no attribute 'experimental'"), notices=6),
    case("experimental-policy", "keras.mixed_precision.Policy", """
        import tensorflow as tf
        policy = tf.keras.mixed_precision.experimental.Policy('mixed_float16')
        assert (policy.compute_dtype, policy.variable_dtype) == ('float16', 'float32')
        """, on(NEW, "has no attribute 'experimental'"), notices=2),
    case("from-import-experimental", "keras.mixed_precision.experimental", """
        from tensorflow.keras.mixed_precision import experimental as mixed_precision
        mixed_precision.set_policy(mixed_precision.Policy('mixed_float16'))
        assert mixed_precision.global_policy().compute_dtype == 'float16'
        mixed_precision.set_policy('float32')
        """, on(NEW, "ImportError: cannot import name 'experimental'"), notices=5),
    case("names-survive-from-import-rebinding", "keras.mixed_precision.experimental", """
        import tensorflow as tf
        tf.keras.mixed_precision.experimental.global_policy()
        from tensorflow.keras import layers
        tf.keras.mixed_precision.experimental.global_policy()
        """, on(NEW, "has no attribute 'experimental'"), notices=4),
    case("new-names-survive-from-import-rebinding", "keras.mixed_precision.set_global_policy", """
        import tensorflow as tf
        tf.keras.mixed_precision.global_policy()
        from tensorflow.keras import layers
        tf.keras.mixed_precision.global_policy()
        """, on(OLDER_THAN_24, "has no attribute 'global_policy'"), notices=2),
    case("data-autotune", "data.AUTOTUNE", """
        import tensorflow as tf
        assert tf.data.AUTOTUNE == tf.data.experimental.AUTOTUNE
        ds = tf.data.Dataset.range(3).map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE)
        assert [int(v) for v in ds] == [1, 2, 3]
        """, on(OLDER_THAN_24, "has no attribute 'AUTOTUNE'"), notices=2),
    case("one-notice-per-call-site", "data.AUTOTUNE", """
        import tensorflow as tf
        for _ in range(5):
            tf.data.AUTOTUNE
        """, on(OLDER_THAN_24, "has no attribute 'AUTOTUNE'"), notices=1),
    # After it, no case uses that namespace: the import system sets the served module as an
    # attribute of its parent, so later lookups of the namespace itself find it without a notice.
    case("import-experimental-module", "keras.mixed_precision.experimental", """
        import tensorflow.keras.mixed_precision.experimental as mp
        from tensorflow.keras.mixed_precision.experimental import set_policy
        assert set_policy is mp.set_policy
        """, on(NEW, "ModuleNotFoundError: No module named 'tensorflow.keras.mixed_precision.experimental'"),
        notices=3),
]

TF2 = ("tf2.1", "tf2.3", "tf2.15", "tf2.21")

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
    # On 2.15 nothing fails without tfpatch: the rate silently stays 0.001; the case shows it.
    case("optimizer-lr", "keras.optimizers(lr=)", """
        import tensorflow as tf
        opt = tf.keras.optimizers.Adam(lr=0.01)
        rate = float(opt.learning_rate.numpy() if hasattr(opt.learning_rate, "numpy") else opt.learning_rate)
        assert abs(rate - 0.01) < 1e-6, "learning rate is %r, not the 0.01 asked for" % rate
        """, [("tf2.15", "not the 0.01 asked for"),
              ("tf2.21", "ValueError: Argument(s) not recognized: {'lr': 0.01}")]),
    case("optimizer-decay", "keras.optimizers(decay=)", """
        import tensorflow as tf
        opt = tf.keras.optimizers.SGD(learning_rate=0.5, decay=0.1)
        if hasattr(opt, "_initial_decay"):   # Keras <= 2.10: decay is the optimizer's own
            assert abs(opt._initial_decay - 0.1) < 1e-9
        else:
            schedule = opt._learning_rate
            assert callable(schedule), "decay was dropped: the rate is a constant %r" % (schedule,)
            assert abs(float(schedule(10)) - 0.25) < 1e-6
        """, [("tf2.15", "ValueError: decay is deprecated in the new Keras optimizer"),
              ("tf2.21", "decay was dropped: the rate is a constant")]),
    case("optimizer-valid-calls-unchanged", "keras.optimizers(lr=)", """
        import tensorflow as tf
        opt = tf.keras.optimizers.Adam(learning_rate=0.2)
        assert abs(float(opt.learning_rate.numpy() if hasattr(opt.learning_rate, "numpy") else opt.learning_rate) - 0.2) < 1e-6
        opt = tf.keras.optimizers.SGD(0.3)
        assert abs(float(opt.learning_rate.numpy() if hasattr(opt.learning_rate, "numpy") else opt.learning_rate) - 0.3) < 1e-6
        """, []),
]

from tfpatch.rules.keras import PREPROCESSING_LAYERS  # noqa: E402

FROM_23 = ("tf2.3", "tf2.15", "tf2.21")

CASES += [
    case("preprocessing-import-path", ("keras.layers.experimental", "keras.layers.experimental.preprocessing",
                                       "keras.layers.Rescaling"), """
        import numpy as np
        from tensorflow.keras.layers.experimental import preprocessing
        out = preprocessing.Rescaling(0.5)(np.ones((1, 2, 2, 3), dtype="float32"))
        assert float(out.numpy().max()) == 0.5
        """, on(("tf2.21",), "ModuleNotFoundError: No module named 'tensorflow.keras.layers.experimental'"),
        notices=3, only=FROM_23),
    case("preprocessing-every-name", ["keras.layers." + n for n in PREPROCESSING_LAYERS], """
        import tensorflow as tf
        exp = tf.keras.layers.experimental.preprocessing
        found = [n for n in %r if hasattr(exp, n)]
        assert len(found) >= 12, found
        assert all(isinstance(getattr(exp, name), type) for name in found)
        """ % (PREPROCESSING_LAYERS,), on(("tf2.21",), "has no attribute 'experimental'"), notices=None,
        only=FROM_23),
    case("preprocessing-stable-names-on-old", "keras.layers.Rescaling", """
        import tensorflow as tf
        layer = tf.keras.layers.Rescaling(0.5)
        """, on(("tf2.3",), "has no attribute 'Rescaling'"), only=FROM_23),
    case("einsum-dense-experimental", "keras.layers.EinsumDense", """
        import tensorflow as tf
        layer = tf.keras.layers.experimental.EinsumDense("ab,bc->ac", output_shape=4)
        """, on(("tf2.21",), "has no attribute 'experimental'"), notices=None, only=FROM_23),
    # notices=None: an earlier case imported tensorflow.keras.layers.experimental, and the import
    # system set it on its parent; the namespace then resolves without a notice of its own
    case("backup-and-restore-experimental", ("keras.callbacks.experimental", "keras.callbacks.BackupAndRestore"), """
        import tempfile, tensorflow as tf
        callback = tf.keras.callbacks.experimental.BackupAndRestore(tempfile.mkdtemp())
        """, on(("tf2.21",), "has no attribute 'experimental'"), notices=2, only=FROM_23),
    case("backup-and-restore-stable-on-old", "keras.callbacks.BackupAndRestore", """
        import tempfile, tensorflow as tf
        callback = tf.keras.callbacks.BackupAndRestore(tempfile.mkdtemp())
        """, on(("tf2.3",), "has no attribute 'BackupAndRestore'"), only=FROM_23),
    case("experimental-schedules", ("keras.experimental", "keras.optimizers.schedules.CosineDecay",
                                    "keras.optimizers.schedules.CosineDecayRestarts"), """
        import tensorflow as tf
        schedule = tf.keras.experimental.CosineDecay(0.1, decay_steps=10)
        restarts = tf.keras.experimental.CosineDecayRestarts(0.1, first_decay_steps=10)
        assert abs(float(schedule(10)) - 0.0) < 1e-6
        """, on(("tf2.21",), "has no attribute 'experimental'"), notices=4),
    case("stable-schedules-on-old", "keras.optimizers.schedules.CosineDecay", """
        import tensorflow as tf
        schedule = tf.keras.optimizers.schedules.CosineDecay(0.1, decay_steps=10)
        """, on(("tf2.1", "tf2.3"), "has no attribute 'CosineDecay'")),
    case("metric-reset-states", "keras.metrics.Metric.reset_state", """
        import tensorflow as tf
        metric = tf.keras.metrics.Mean()
        metric.update_state([1.0, 3.0])
        metric.reset_states()
        assert float(metric.result()) == 0.0
        """, on(("tf2.21",), "object has no attribute 'reset_states'")),
    case("metric-reset-state-on-old", "keras.metrics.Metric.reset_state", """
        import tensorflow as tf
        metric = tf.keras.metrics.Mean()
        metric.update_state([1.0, 3.0])
        metric.reset_state()
        assert float(metric.result()) == 0.0
        """, on(("tf2.1", "tf2.3"), "object has no attribute 'reset_state'")),
]
