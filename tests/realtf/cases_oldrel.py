"""Newer code on older releases (2.0-2.15): names and calls of 2.3-2.16 (tfpatch/rules/oldrel.py).

Each program computes what it can on a CPU and checks it: the same elements, the same
optimizer steps (against the update rule written out in numpy, which the releases that
have the spelling natively must match too), the calls made.  Programs that change
process-wide state (determinism, patched internals) put it back before they end: the
cases of one environment share an interpreter.
"""
from cases import case, on, releases

# By release number (cases.releases).
OLDER_THAN_24 = releases(since="2.0", until="2.4")
BEFORE_29 = releases(since="2.0", until="2.9")
BEFORE_216 = releases(since="2.0", until="2.16", keras=True)
KERAS3 = releases(since="2.16", keras=True, keras3=((3, 1), (3, 99)))
LEGACY_OPTIMIZERS = ["keras.optimizers.legacy." + n for n in ("Adadelta", "Adagrad", "Adam", "Adamax", "Ftrl", "Nadam",
                                                                "Optimizer", "RMSprop", "SGD")]

CASES = [
    # Adam and SGD with momentum, three steps each, against their update rules; on 2.12/2.15
    # the same program runs on the native legacy optimizers.  (Keras 3: see optimizers-legacy-on-keras-3;
    # the from-import of its placeholders is not mended there.)
    case("optimizers-legacy-before-2.9", ("keras.optimizers.legacy", "keras.optimizers.legacy.Adam",
                                          "keras.optimizers.legacy.SGD", "keras.optimizers.legacy(...)"), """
        import numpy as np, tensorflow as tf
        from tensorflow.keras.optimizers.legacy import Adam
        g = np.array([0.5, -1.0], "float32")
        w, v = tf.Variable([1.0, -2.0]), tf.Variable([1.0, -2.0])
        adam, sgd = Adam(learning_rate=0.1), tf.keras.optimizers.legacy.SGD(learning_rate=0.5, momentum=0.9)
        for _ in range(3):
            adam.apply_gradients([(tf.constant(g), w)])
            sgd.apply_gradients([(tf.constant(g), v)])
        ew, m, s = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
        ev, velocity = np.array([1.0, -2.0]), np.zeros(2)
        for t in range(1, 4):
            m, s = 0.9 * m + 0.1 * g, 0.999 * s + 0.001 * g * g
            ew = ew - 0.1 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t) * m / (np.sqrt(s) + 1e-7)
            velocity = 0.9 * velocity - 0.5 * g
            ev = ev + velocity
        assert np.allclose(w.numpy(), ew, atol=1e-6), (w.numpy(), ew)
        assert np.allclose(v.numpy(), ev, atol=1e-6), (v.numpy(), ev)
        """, on(BEFORE_29, "No module named 'tensorflow.keras.optimizers.legacy'"), notices=None, only=BEFORE_216),
    case("optimizers-legacy-every-name-before-2.9", ["keras.optimizers.legacy"] + LEGACY_OPTIMIZERS, """
        import tensorflow as tf
        legacy = tf.keras.optimizers.legacy
        for name in ("Adadelta", "Adagrad", "Adam", "Adamax", "Ftrl", "Nadam", "RMSprop", "SGD"):
            optimizer = getattr(legacy, name)(learning_rate=0.25)
            assert isinstance(optimizer, legacy.Optimizer), name
            assert optimizer.get_config()["learning_rate"] == 0.25, name
        """, on(BEFORE_29, "has no attribute 'legacy'"), notices=None,
        # 2.9-2.11's legacy optimizers are not instances of their legacy.Optimizer (seen on 2.9)
        only=BEFORE_29 + releases(since="2.15", until="2.16", keras=True)),
    # Keras 3 has no legacy Adadelta, Adamax or Nadam: tfpatch serves none either.
    case("optimizers-legacy-nadam-stays-missing-on-keras-3", "keras.optimizers.legacy.Nadam", """
        import tensorflow as tf
        assert not hasattr(tf.keras.optimizers.legacy, "Nadam")
        assert not hasattr(tf.keras.optimizers.legacy, "Adadelta")
        """, [], only=KERAS3),
    # keras.config (Keras 3) on Keras 2: the settings read and written are Keras 2's own.
    case("keras-config-before-2.16", ("keras.config", "keras.config.enable_traceback_filtering",
                                      "keras.config.disable_traceback_filtering",
                                      "keras.config.is_traceback_filtering_enabled", "keras.config.dtype_policy",
                                      "keras.config.set_dtype_policy"), """
        import tensorflow as tf
        from tensorflow.keras.config import floatx, set_floatx, epsilon, set_epsilon
        config = tf.keras.config
        assert floatx() == "float32" and config.backend() == "tensorflow"
        set_floatx("float64")
        assert tf.keras.backend.floatx() == "float64"
        set_floatx("float32")
        set_epsilon(1e-4)
        assert tf.keras.backend.epsilon() == 1e-4 == epsilon()
        set_epsilon(1e-7)
        config.set_image_data_format("channels_first")
        assert tf.keras.backend.image_data_format() == "channels_first" == config.image_data_format()
        config.set_image_data_format("channels_last")
        if hasattr(tf.debugging, "enable_traceback_filtering"):   # 2.7+
            config.disable_traceback_filtering()
            assert not config.is_traceback_filtering_enabled()
            config.enable_traceback_filtering()
            assert config.is_traceback_filtering_enabled()
        if hasattr(tf.keras.mixed_precision, "set_global_policy"):   # 2.4+
            config.set_dtype_policy("mixed_float16")
            policy = config.dtype_policy()
            assert (policy.name, policy.compute_dtype, policy.variable_dtype) == ("mixed_float16", "float16", "float32")
            assert tf.keras.layers.Dense(1)(tf.ones((1, 2))).dtype == tf.float16
            config.set_dtype_policy("float32")
        """, on(BEFORE_216, "No module named 'tensorflow.keras.config'"), notices=None),
    # tf.data.Options().deterministic (2.7+) is the release's experimental_deterministic: the
    # value set travels with the dataset as that option.
    case("data-options-deterministic-before-2.7", "data.Options.deterministic", """
        import tensorflow as tf
        options = tf.data.Options()
        options.deterministic = False
        assert options.deterministic is False and options.experimental_deterministic is False
        ds = tf.data.Dataset.range(8).map(lambda x: x * 2, num_parallel_calls=2).with_options(options)
        assert ds.options().experimental_deterministic is False
        assert sorted(int(v) for v in ds) == [0, 2, 4, 6, 8, 10, 12, 14]
        """, on(releases(since="2.0", until="2.7"), "Cannot set the property deterministic on Options"), notices=2),
    # The same dataset as from output_types/output_shapes, nested dict and tuple included.
    case("from-generator-output-signature", "data.Dataset.from_generator(output_signature=)", """
        import numpy as np, tensorflow as tf
        def gen():
            for i in range(3):
                yield {"x": np.full((2,), i, "float32"), "pair": (np.int32(i), str(i).encode())}
        signature = {"x": tf.TensorSpec((2,), tf.float32),
                     "pair": (tf.TensorSpec((), tf.int32), tf.TensorSpec((), tf.string))}
        ds = tf.data.Dataset.from_generator(gen, output_signature=signature)
        old = tf.data.Dataset.from_generator(gen, output_types={"x": tf.float32, "pair": (tf.int32, tf.string)},
                                             output_shapes={"x": (2,), "pair": ((), ())})
        assert ds.element_spec == old.element_spec == signature, ds.element_spec
        def rows(d):
            return [(e["x"].numpy().tolist(), int(e["pair"][0]), e["pair"][1].numpy()) for e in d]
        assert rows(ds) == rows(old) == [([0.0, 0.0], 0, b"0"), ([1.0, 1.0], 1, b"1"), ([2.0, 2.0], 2, b"2")]
        """, on(OLDER_THAN_24, "got an unexpected keyword argument 'output_signature'")),
    # 2.1-2.3's from_generator yields dense tensors only: a ragged spec is refused by name.
    case("from-generator-ragged-refused", "data.Dataset.from_generator(output_signature=)", """
        import tensorflow as tf
        def gen():
            yield [[1], [2, 3]]
        try:
            tf.data.Dataset.from_generator(gen, output_signature=tf.RaggedTensorSpec((2, None), tf.int32))
        except TypeError as exc:
            assert "RaggedTensorSpec" in str(exc) and tf.__version__ in str(exc), exc
        else:
            raise AssertionError("accepted a ragged spec")
        """, on(OLDER_THAN_24, "AssertionError: from_generator() got an unexpected keyword argument"),
        only=OLDER_THAN_24),
    # XLA really compiles it: a string op has no XLA kernel, so the compiled function refuses it.
    case("function-jit-compile-before-2.5", "function(jit_compile=)", """
        import tensorflow as tf
        @tf.function(jit_compile=True)
        def square_sum(x):
            return tf.reduce_sum(x * x)
        assert float(square_sum(tf.constant([1.0, 2.0, 3.0]))) == 14.0
        @tf.function(jit_compile=True)
        def text(x):
            return tf.strings.as_string(x)
        try:
            text(tf.constant(1.0))
        except Exception as exc:
            refused = exc
        else:
            refused = None
        assert refused is not None, "not compiled with XLA"
        """, on(releases(since="2.1", until="2.5"), "got an unexpected keyword argument 'jit_compile'"), notices=2,
        only=releases(since="2.1", keras3=((3, 1), (3, 99)))),   # 2.0: no XLA switch (rules/overrides.py)
    # Only a performance setting: the weights after fit are those of a plain compile().
    case("compile-steps-per-execution-before-2.3", ("keras.Model.compile(steps_per_execution=)",
                                                    "keras.Model.compile(steps_per_execution=) before 2.3"), """
        import numpy as np, tensorflow as tf
        x = np.arange(16, dtype="float32").reshape(8, 2) / 8
        y = x.sum(axis=1, keepdims=True)
        def trained(**kwargs):
            model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,), kernel_initializer="zeros")])
            model.compile(tf.keras.optimizers.SGD(0.1), "mse", **kwargs)
            model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0)
            return model.get_weights()
        hinted, plain = trained(steps_per_execution=2), trained()
        assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(hinted, plain)), (hinted, plain)
        assert not np.allclose(plain[0], 0.0)
        """, on(releases(since="2.1", until="2.4"), "Invalid keyword argument(s) in `compile`: {'steps_per_execution'}")),
    case("compile-jit-compile-before-2.8", "keras.Model.compile(jit_compile=)", """
        import numpy as np, tensorflow as tf
        x = np.arange(16, dtype="float32").reshape(8, 2) / 8
        y = x.sum(axis=1, keepdims=True)
        def trained(**kwargs):
            model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,), kernel_initializer="zeros")])
            model.compile(tf.keras.optimizers.SGD(0.1), "mse", **kwargs)
            model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0)
            return model.get_weights()
        compiled, plain = trained(jit_compile=True), trained()
        assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(compiled, plain)), (compiled, plain)
        assert not np.allclose(plain[0], 0.0)
        """, on(releases(since="2.1", until="2.8"), "Invalid keyword argument(s) in `compile")),
    # A CPU cannot reach a TPU: the program records the two calls connect() stands for
    # (the release functions it makes them through, as 2.3-2.8's connect does).
    case("tpu-cluster-resolver-connect-before-2.3", "distribute.cluster_resolver.TPUClusterResolver.connect", """
        import tensorflow as tf
        from tensorflow.python.eager import remote
        from tensorflow.python.tpu import tpu_strategy_util
        calls, saved = [], (remote.connect_to_cluster, tpu_strategy_util.initialize_tpu_system)
        remote.connect_to_cluster = lambda resolver: calls.append(("connect", resolver))
        tpu_strategy_util.initialize_tpu_system = lambda resolver: calls.append(("initialize", resolver))
        try:
            resolver = tf.distribute.cluster_resolver.TPUClusterResolver.connect(tpu="grpc://10.0.0.2:8470")
        finally:
            remote.connect_to_cluster, tpu_strategy_util.initialize_tpu_system = saved
        assert isinstance(resolver, tf.distribute.cluster_resolver.TPUClusterResolver)
        assert resolver.master() == "grpc://10.0.0.2:8470"
        assert calls == [("connect", resolver), ("initialize", resolver)], calls
        """, on(releases(since="2.0", until="2.3"), "type object 'TPUClusterResolver' has no attribute 'connect'"),
        only=BEFORE_29),
    # On a CPU: the switch each release reads is on (2.8+: its own flag; 2.1-2.7:
    # TF_DETERMINISTIC_OPS, as bias_add reads it), and off again at the end.
    case("enable-op-determinism-before-2.8", "config.experimental.enable_op_determinism", """
        import os, tensorflow as tf
        from tensorflow.python.framework import config
        from tensorflow.python.ops import nn_ops
        tf.config.experimental.enable_op_determinism()
        try:
            if hasattr(config, "is_op_determinism_enabled"):
                assert config.is_op_determinism_enabled()
            else:
                assert os.environ["TF_DETERMINISTIC_OPS"] == "1" and nn_ops._tf_deterministic_ops() is True
            out = tf.nn.bias_add(tf.ones((2, 3)), tf.constant([1.0, 2.0, 3.0]))
            assert out.numpy().tolist() == [[2.0, 3.0, 4.0]] * 2
        finally:
            if hasattr(config, "disable_op_determinism"):
                config.disable_op_determinism()
            else:
                os.environ.pop("TF_DETERMINISTIC_OPS", None)
                nn_ops._tf_deterministic_ops.value = None
        """, on(releases(since="2.1", until="2.8"), "has no attribute 'enable_op_determinism'"),
        only=releases(since="2.1", until="2.9")),
    # 2.0 has no switch at all (TF_DETERMINISTIC_OPS arrived in 2.1): refused, naming the release.
    case("enable-op-determinism-refused-on-2.0", "config.experimental.enable_op_determinism", """
        import os, tensorflow as tf
        try:
            tf.config.experimental.enable_op_determinism()
        except NotImplementedError as exc:
            assert tf.__version__ in str(exc) and "TF_DETERMINISTIC_OPS" in str(exc), exc
        else:
            raise AssertionError("enable_op_determinism() claimed to work")
        assert "TF_DETERMINISTIC_OPS" not in os.environ
        """, on(("tf2.0",), "has no attribute 'enable_op_determinism'"), notices=0, only=("tf2.0",)),
    # One replica: the same output and moving statistics as the plain layer.
    case("batch-norm-synchronized-one-replica", ("keras.layers.BatchNormalization(synchronized=)",
                                                 "keras.layers.BatchNormalization(synchronized=) "
                                                 "without SyncBatchNormalization"), """
        import numpy as np, tensorflow as tf
        x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 1.0]], "float32")
        sync = tf.keras.layers.BatchNormalization(synchronized=True, momentum=0.5)
        plain = tf.keras.layers.BatchNormalization(momentum=0.5)
        a, b = sync(x, training=True), plain(x, training=True)
        assert np.allclose(a, b, atol=1e-6), (a, b)
        assert np.allclose(sync.moving_mean.numpy(), plain.moving_mean.numpy())
        assert np.allclose(plain.moving_mean.numpy(), 0.5 * x.mean(axis=0), atol=1e-6)
        """, on(releases(since="2.0", until="2.12", keras=True), "Keyword argument not understood:")),
    # Two replicas (the CPU and 2.1's XLA CPU device): refused, naming the release.
    case("batch-norm-synchronized-two-replicas-on-2.1",
         "keras.layers.BatchNormalization(synchronized=) without SyncBatchNormalization", """
        import tensorflow as tf
        strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/device:XLA_CPU:0"])
        assert strategy.num_replicas_in_sync == 2
        with strategy.scope():
            try:
                tf.keras.layers.BatchNormalization(synchronized=True)
            except ValueError as exc:
                assert "2.1" in str(exc) and "no synchronized batch normalization" in str(exc), exc
            else:
                raise AssertionError("accepted on two replicas")
        """, on(("tf2.1",), "Keyword argument not understood:"), notices=0, only=("tf2.1",)),
]

# A case that names no releases runs where these programs were checked: by release number.
CASES = [c._replace(only=c.only or tuple(releases(since="2.0", keras3=((3, 1), (3, 99))))) for c in CASES]
