"""Keras 2 programs on Keras 3 (TF 2.16+): attributes and arguments Keras 3 dropped from
objects it kept (tfpatch/adapters/keras3.py).  Each program checks numbers; where the
release it was written for differs from the others (the experimental mixed-precision
spellings left in 2.9), the releases without it break too.
tests/realtf/test_keras3_semantics_real.py compares the numbers with the native ones."""
from cases import case, on, releases

# By release number (cases.releases); the Keras 3 of 2.16's release day (3.0) is left out:
# these programs were checked against the newest Keras 3.
KERAS3 = releases(since="2.16", keras=True, keras3=((3, 0), (3, 99)))
_CHECKED = set(releases(since="2.1", until="2.16", keras=True)) | set(KERAS3)
NO_EXPERIMENTAL_MP = tuple(e for e in releases(since="2.9") if e in _CHECKED)  # experimental left in 2.9
FROM_23 = tuple(e for e in releases(since="2.3") if e in _CHECKED)
FROM_24 = tuple(e for e in releases(since="2.4") if e in _CHECKED)
FROM_27 = tuple(e for e in releases(since="2.7") if e in _CHECKED)

CASES = [
    # K.set_value/K.get_value on optimizer.lr in a callback: the rate each epoch and the weights.
    case("k3-optimizer-lr", ("keras.optimizers.Optimizer.lr", "keras.backend.set_value(keras variable)"), """
        import numpy as np, tensorflow as tf
        K = tf.keras.backend
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, kernel_initializer="ones", input_shape=(2,))])
        model.compile(tf.keras.optimizers.SGD(0.1), "mse")
        K.set_value(model.optimizer.lr, 0.05)
        seen = []
        class Halve(tf.keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                seen.append(float(K.get_value(self.model.optimizer.lr)))
                K.set_value(self.model.optimizer.lr, seen[-1] / 2)
        model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=3, batch_size=4, verbose=0, callbacks=[Halve()])
        assert np.allclose(seen, [0.05, 0.025, 0.0125]), seen
        assert np.allclose(model.get_weights()[0], 0.70025, atol=1e-5), model.get_weights()
        assert not callable(model.optimizer.lr)
        model.optimizer.lr = 0.2
        assert abs(float(K.get_value(model.optimizer.learning_rate)) - 0.2) < 1e-7
        """, on(KERAS3, "object has no attribute 'lr'"), notices=None),
    # The global learning phase: a BatchNormalization called without training= follows it.
    case("k3-learning-phase", ("keras.backend.learning_phase", "keras.backend.set_learning_phase",
                               "keras.backend.learning_phase_scope"), """
        import numpy as np, tensorflow as tf
        K = tf.keras.backend
        inputs = tf.keras.Input((2,))
        model = tf.keras.Model(inputs, tf.keras.layers.BatchNormalization(momentum=0.5)(inputs))
        x = np.array([[1., 2.], [3., 6.]], "float32")
        assert K.learning_phase() == 0
        K.set_learning_phase(1)
        try:
            assert K.learning_phase() == 1
            train = model(x).numpy()
            assert np.allclose(train, [[-1., -1.], [1., 1.]], atol=1e-2), train   # the batch's statistics
            assert not np.allclose(model(x, training=False).numpy(), train, atol=1e-2)   # an explicit flag wins
            with K.learning_phase_scope(0):
                assert np.allclose(model(x).numpy(), model(x, training=False).numpy())
            assert K.learning_phase() == 1
        finally:
            K.set_learning_phase(0)
        assert np.allclose(model(x).numpy(), model(x, training=False).numpy())
        """, on(KERAS3, "has no attribute 'learning_phase'"), notices=None),
    # model.reset_states() between sequences: each stateful LSTM starts again from zeros, the one
    # inside a nested model too; a layer without state is left alone.
    case("k3-model-reset-states", "keras.Model.reset_states", """
        import numpy as np, tensorflow as tf
        x = np.array([[[1.0], [2.0]]], "float32")
        inputs = tf.keras.Input(shape=(2, 1), batch_size=1)
        lstm = tf.keras.layers.LSTM(3, stateful=True, kernel_initializer="ones", recurrent_initializer="ones")
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(1, kernel_initializer="ones")(lstm(inputs)))
        outer_inputs = tf.keras.Input(shape=(2, 1), batch_size=1)
        outer = tf.keras.Model(outer_inputs, model(outer_inputs))
        first, second = model(x).numpy(), model(x).numpy()
        assert not np.allclose(first, second), (first, second)     # the state carried over
        model.reset_states()
        assert np.allclose(model(x).numpy(), first), "not reset"
        model(x)
        outer.reset_states()                                       # through the nested model
        assert np.allclose(outer(x).numpy(), first), "the nested model's LSTM was not reset"
        """, on(KERAS3, "object has no attribute 'reset_states'"), notices=2),
    # Keras 2.4-2.15's LossScaleOptimizer(opt, dynamic, initial_scale, dynamic_growth_steps): Keras 3
    # would read True as a scale of 1 and False as 0, silently, and it refuses dynamic=False.
    case("k3-loss-scale-optimizer-keras2-arguments", ("keras.mixed_precision.LossScaleOptimizer(optimizer, dynamic)",
                                                      "keras.mixed_precision.LossScaleOptimizer(dynamic=False)"), """
        import numpy as np, tensorflow as tf
        LSO = tf.keras.mixed_precision.LossScaleOptimizer
        dynamic = LSO(tf.keras.optimizers.SGD(1.0), True)
        assert dynamic.initial_scale == 2.0 ** 15, dynamic.initial_scale
        assert float(dynamic.loss_scale) == 2.0 ** 15
        grown = LSO(tf.keras.optimizers.SGD(1.0), True, 64, 1)
        assert (float(grown.loss_scale), grown.initial_scale, grown.dynamic_growth_steps) == (64.0, 64, 1)
        fixed = LSO(tf.keras.optimizers.SGD(1.0), False, 128)
        keyword = LSO(tf.keras.optimizers.SGD(1.0), dynamic=False, initial_scale=8)
        assert (float(fixed.loss_scale), float(keyword.loss_scale)) == (128.0, 8.0)
        assert fixed.dynamic is False and keyword.dynamic is False
        # a step with an infinite gradient: the fixed scale stays, the dynamic one halves (and skips it)
        for optimizer in (fixed, grown):
            optimizer.apply_gradients([(tf.constant([np.inf]), tf.Variable([1.0]))])
        assert float(fixed.loss_scale) == 128.0 and float(grown.loss_scale) == 32.0, (fixed.loss_scale,
                                                                                       grown.loss_scale)
        """, on(KERAS3, "AssertionError"), notices=None, only=FROM_24),
    # reset_metrics=False accumulates; the default (True) resets before the batch (2.4+: up to 2.3
    # Keras reset after it, and 2.1 accumulated only the metrics, not the loss).  On Keras 3.0,
    # whose train_on_batch never resets, reset_metrics=True still means a reset; a call without
    # the argument is the release's own and keeps its meaning there.
    case("k3-train-on-batch-reset-metrics", ("keras.Model.train_on_batch(reset_metrics=)",
                                             "keras.Model.test_on_batch(reset_metrics=)"), """
        import numpy as np, tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, kernel_initializer="ones", input_shape=(2,))])
        model.compile(tf.keras.optimizers.SGD(0.1), "mse", metrics=["mae"])
        x, y = np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
        first = model.train_on_batch(x, y, reset_metrics=False)
        second = model.train_on_batch(x, y, reset_metrics=False)
        third = model.train_on_batch(x, y, reset_metrics=True)
        assert np.allclose(first, [4.0, 2.0]) and np.allclose(second, [2.32, 1.4]), (first, second)
        assert np.allclose(third, [0.1024, 0.32]), third
        tested = model.test_on_batch(x, y, reset_metrics=False)        # goes on from the last batch's
        assert np.allclose(tested, [(0.1024 + 0.128 ** 2) / 2, (0.32 + 0.128) / 2], atol=1e-6), tested
        assert np.allclose(model.test_on_batch(x, y, reset_metrics=True), [0.128 ** 2, 0.128], atol=1e-6)
        """, on(KERAS3, "got an unexpected keyword argument 'reset_metrics'"), notices=5,
        only=FROM_27),   # 2.4-2.6's test_on_batch went on from other metric states (seen on 2.4 and 2.6)
    # save_weights/load_weights under a bare name and ModelCheckpoint(save_weights_only=True).
    case("k3-weights-bare-name", ("keras.Model.save_weights(name)", "keras.Model.load_weights(name)",
                                  "keras.callbacks.ModelCheckpoint(save_weights_only=True)"), """
        import os, shutil, tempfile, numpy as np, tensorflow as tf
        # one name per release: the error (which names it) is compared between runs
        directory = os.path.join(tempfile.gettempdir(), "tfpatch-case-weights-" + tf.__version__)
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        def build():
            return tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])
        model = build()
        model.compile(tf.keras.optimizers.SGD(0.1), "mse")
        checkpoint = tf.keras.callbacks.ModelCheckpoint(os.path.join(directory, "cp-{epoch:02d}"),
                                                        save_weights_only=True)
        model.fit(np.ones((4, 3)), np.zeros((4, 2)), epochs=2, verbose=0, callbacks=[checkpoint])
        x = np.arange(6, dtype="float32").reshape(2, 3)
        expected = model.predict(x)
        model.save_weights(os.path.join(directory, "ckpt"))
        other = build()
        other.load_weights(os.path.join(directory, "ckpt")).expect_partial()
        assert np.allclose(other.predict(x), expected, atol=1e-6)
        third = build()
        third.load_weights(os.path.join(directory, "cp-02")).expect_partial()
        assert np.allclose(third.predict(x), expected, atol=1e-6)
        """, on(KERAS3, "ValueError: When using `save_weights_only=True` in `ModelCheckpoint`"), notices=None),
    # Keras 3 keeps both names, but then logs the mean prediction as the loss.
    case("k3-compiled-loss-in-train-step", ("keras.Model.compiled_loss", "keras.Model.compiled_metrics"), """
        import numpy as np, tensorflow as tf
        class Custom(tf.keras.Model):
            def train_step(self, data):
                x, y = data
                with tf.GradientTape() as tape:
                    y_pred = self(x, training=True)
                    loss = self.compiled_loss(y, y_pred, regularization_losses=self.losses)
                grads = tape.gradient(loss, self.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                self.compiled_metrics.update_state(y, y_pred)
                return {m.name: m.result() for m in self.metrics}
        inputs = tf.keras.Input((2,))
        model = Custom(inputs, tf.keras.layers.Dense(1, kernel_initializer="ones")(inputs))
        model.compile(tf.keras.optimizers.SGD(0.1), "mse", metrics=["mae"])
        history = model.fit(np.ones((4, 2), "float32"), np.zeros((4, 1), "float32"), epochs=2, batch_size=4,
                            verbose=0).history
        assert np.allclose(history["loss"], [4.0, 0.64]) and np.allclose(history["mae"], [2.0, 0.8]), history
        """, on(KERAS3, "AssertionError: {"), notices=2, only=FROM_23),
    # A fixed loss scale stays fixed: an overflowing step is applied (Keras 2 did) and 128 stays.
    case("k3-experimental-fixed-loss-scale", ("keras.mixed_precision.LossScaleOptimizer",
                                              "keras.mixed_precision.LossScaleOptimizer.loss_scale"), """
        import numpy as np, tensorflow as tf
        w = tf.Variable([[1.0], [1.0]])
        opt = tf.keras.mixed_precision.experimental.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), 128)
        @tf.function
        def step(x):
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(tf.matmul(x, w))
                scaled_loss = opt.get_scaled_loss(loss)
            grads = opt.get_unscaled_gradients(tape.gradient(scaled_loss, [w]))
            opt.apply_gradients(zip(grads, [w]))
        def scale():
            value = opt.loss_scale
            return float(value() if callable(value) else value)    # a LossScale up to 2.3, then a tensor
        step(tf.constant([[1.0, 2.0]]))
        step(tf.constant([[1.0, 2.0]]))
        assert np.allclose(w.numpy().ravel(), [0.8, 0.6]), w.numpy()
        assert scale() == 128.0
        step(tf.constant([[3e36, 3e36]]))          # scaled by 128: the gradients overflow
        assert np.isinf(w.numpy()).all() and scale() == 128.0, (w.numpy(), scale())
        """, on(NO_EXPERIMENTAL_MP, "has no attribute 'experimental'"), notices=None),
    # Policy(name, loss_scale=N) of 2.1-2.8: compile wraps the optimizer in that fixed scale.
    case("k3-experimental-policy-loss-scale", ("keras.mixed_precision.experimental.Policy.loss_scale",
                                               "keras.Model.compile(policy loss scale)",
                                               "keras.mixed_precision.Policy"), """
        import numpy as np, tensorflow as tf
        mpx = tf.keras.mixed_precision.experimental
        def fitted(policy):
            mpx.set_policy(policy)
            try:
                model = tf.keras.Sequential([tf.keras.layers.Dense(1, kernel_initializer="ones", input_shape=(2,))])
                model.compile(tf.keras.optimizers.SGD(0.1), "mse")
                model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=2, batch_size=4, verbose=0)
                return model
            finally:
                mpx.set_policy("float32")
        policy = mpx.Policy("float32", loss_scale=128)
        assert type(policy.loss_scale).__name__ == "FixedLossScale" and float(policy.loss_scale()) == 128.0
        scaled, plain = fitted(policy), fitted(mpx.Policy("float32"))
        assert "LossScaleOptimizer" in type(scaled.optimizer).__name__, type(scaled.optimizer)
        assert "LossScaleOptimizer" not in type(plain.optimizer).__name__, type(plain.optimizer)
        value = scaled.optimizer.loss_scale
        assert float(value() if callable(value) else value) == 128.0
        assert np.allclose(scaled.get_weights()[0], plain.get_weights()[0]) and \\
            np.allclose(scaled.get_weights()[0], 0.44), scaled.get_weights()
        """, on(NO_EXPERIMENTAL_MP, "has no attribute 'experimental'"), notices=None),
    # The current scale of the stable LossScaleOptimizer (2.4-2.15: a tensor).
    case("k3-optimizer-loss-scale", "keras.mixed_precision.LossScaleOptimizer.loss_scale", """
        import tensorflow as tf
        opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
        assert float(opt.loss_scale) == 32768.0
        """, on(KERAS3, "object has no attribute 'loss_scale'"), notices=1, only=FROM_24),
]

# A case that names no releases runs where these programs were checked: by release number.
CASES = [c._replace(only=c.only or tuple(_CHECKED)) for c in CASES]
