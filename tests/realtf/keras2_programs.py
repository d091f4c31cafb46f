"""Keras-2-era programs whose numbers are compared across releases.

Usage: python keras2_programs.py OUT.json SECTION...   (tfpatch is active when it is
importable and TFPATCH is not 0: the tests put it on PYTHONPATH for the runs under
tfpatch only).  Each section is deterministic (fixed weights and data, no dropout
randomness) and returns plain numbers; the tests compare the run on a Keras 3
release under tfpatch with the native run on the release the program was written for.
Kept Python 3.7 compatible.
"""
import json
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
try:
    import tfpatch  # noqa: F401
except ImportError:
    pass
import numpy as np
import tensorflow as tf

K = tf.keras.backend
X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0], [-1.5, 1.0]], "float32")
Y = np.array([[1.0], [0.0], [2.0], [-1.0]], "float32")
KERNEL = np.array([[0.3], [-0.2]], "float32")


def dense_model(bias=True):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, use_bias=bias, input_shape=(2,))])
    model.set_weights([KERNEL] + ([np.array([0.1], "float32")] if bias else []))
    return model


def flat(weights):
    return [float(v) for w in weights for v in np.asarray(w).ravel()]


def learning_rate():
    """optimizer.lr read and written: K.set_value / K.get_value in a callback, a step decay."""
    model = dense_model()
    model.compile(tf.keras.optimizers.SGD(0.1), "mse")
    K.set_value(model.optimizer.lr, 0.05)
    seen = []

    class Halve(tf.keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(float(K.get_value(self.model.optimizer.lr)))
            K.set_value(self.model.optimizer.lr, K.get_value(self.model.optimizer.lr) * 0.5)

    history = model.fit(X, Y, epochs=4, batch_size=2, shuffle=False, verbose=0, callbacks=[Halve()])
    model.optimizer.lr = 0.3
    return {"lr_seen": seen, "lr_after": float(K.get_value(model.optimizer.learning_rate)),
            "callable": callable(model.optimizer.lr), "loss": history.history["loss"],
            "weights": flat(model.get_weights())}


def _loss_scale_value(opt):
    scale = opt.loss_scale
    return float(scale() if callable(scale) else scale)


def fixed_loss_scale():
    """A 2.3-era custom loop with a fixed loss scale of 128, then a step whose scaled
    gradients overflow: Keras 2 applied it (the weights become -inf) and kept 128."""
    w = tf.Variable([[1.0], [1.0]])
    opt = tf.keras.mixed_precision.experimental.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), 128)

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.matmul(x, w) ** 2)
            scaled = opt.get_scaled_loss(loss)
        grads = opt.get_unscaled_gradients(tape.gradient(scaled, [w]))
        opt.apply_gradients(zip(grads, [w]))

    weights = []
    for _ in range(3):
        step(tf.constant([[0.5, -0.25]]))
        weights.append(flat([w.numpy()]))
    scale_before = _loss_scale_value(opt)
    step(tf.constant([[3e36, 3e36]]))
    return {"weights": weights, "scale_before": scale_before, "scale_after": _loss_scale_value(opt),
            "overflowed_step_applied": bool(np.isinf(w.numpy()).all() or np.isnan(w.numpy()).all())}


def policy_loss_scale():
    """Policy(name, loss_scale=128), the 2.1-2.8 spelling: compile wraps the optimizer."""
    mpx = tf.keras.mixed_precision.experimental
    policy = mpx.Policy("float32", loss_scale=128)
    mpx.set_policy(policy)
    try:
        model = dense_model()
        model.compile(tf.keras.optimizers.SGD(0.05), "mse")
        history = model.fit(X, Y, epochs=3, batch_size=4, verbose=0)
        ls = policy.loss_scale
        return {"policy_loss_scale": float(ls()), "policy_loss_scale_type": type(ls).__name__,
                "optimizer": "LossScaleOptimizer" in type(model.optimizer).__name__,
                "optimizer_loss_scale": _loss_scale_value(model.optimizer),
                "loss": history.history["loss"], "weights": flat(model.get_weights())}
    finally:
        mpx.set_policy("float32")


def checkpoint_round_trip():
    """save_weights/load_weights under a bare name, ModelCheckpoint(save_weights_only=True)."""
    directory = tempfile.mkdtemp()
    model = dense_model()
    model.compile(tf.keras.optimizers.SGD(0.05), "mse")
    cb = tf.keras.callbacks.ModelCheckpoint(os.path.join(directory, "cp-{epoch:02d}"), save_weights_only=True)
    model.fit(X, Y, epochs=2, batch_size=4, verbose=0, callbacks=[cb])
    after_fit = model.predict(X)
    model.save_weights(os.path.join(directory, "ckpt"))
    other = dense_model()
    other.set_weights([np.zeros_like(w) for w in other.get_weights()])
    status = other.load_weights(os.path.join(directory, "ckpt"))
    if status is not None:
        status.expect_partial()
    restored = other.predict(X)
    third = dense_model()
    third.load_weights(os.path.join(directory, "cp-02")).expect_partial()
    return {"after_fit": flat(after_fit), "restored": flat(restored), "from_checkpoint": flat(third.predict(X))}


def reset_metrics():
    """train_on_batch / test_on_batch with reset_metrics=False, then the default."""
    model = dense_model()
    model.compile(tf.keras.optimizers.SGD(0.05), "mse", metrics=["mae"])
    out = [model.train_on_batch(X, Y, reset_metrics=False), model.train_on_batch(X, Y, reset_metrics=False),
           model.train_on_batch(X, Y), model.train_on_batch(X, Y),
           model.test_on_batch(X, Y, reset_metrics=False), model.test_on_batch(X, Y, reset_metrics=False),
           model.test_on_batch(X, Y, reset_metrics=True), model.test_on_batch(X, Y)]
    return {"results": [flat([r]) for r in out]}


def compiled_loss():
    """A custom train_step written as the Keras 2.2-2.15 guides did."""
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
    outputs = tf.keras.layers.Dense(1, kernel_regularizer=tf.keras.regularizers.l2(0.01))(inputs)
    model = Custom(inputs, outputs)
    model.set_weights([KERNEL, np.array([0.1], "float32")])
    model.compile(tf.keras.optimizers.SGD(0.05), "mse", metrics=["mae"])
    history = model.fit(X, Y, epochs=3, batch_size=2, shuffle=False, verbose=0)
    return {"loss": history.history["loss"], "mae": history.history["mae"], "weights": flat(model.get_weights())}


def learning_phase():
    """set_learning_phase(1): a BatchNormalization called without training= uses the
    batch's statistics; with 0 its moving ones; an explicit training= wins."""
    inputs = tf.keras.Input((2,))
    model = tf.keras.Model(inputs, tf.keras.layers.BatchNormalization(momentum=0.5)(inputs))
    out = {"default_phase": int(K.learning_phase())}
    K.set_learning_phase(1)
    out["phase1"] = flat([model(X)])
    out["phase1_explicit_false"] = flat([model(X, training=False)])
    out["phase1_read"] = int(K.learning_phase())
    K.set_learning_phase(0)
    out["phase0"] = flat([model(X)])
    out["phase0_read"] = int(K.learning_phase())
    return out


def _served_experimental():
    """Until the engine serves the namespace ``keras.optimizers.experimental`` on Keras 3
    (its rows are blocked today): the classes the SERVED adapter makes of Keras 3's."""
    import types
    from tfpatch.adapters.keras3 import served_experimental_optimizer
    Rule = types.SimpleNamespace
    ex = types.SimpleNamespace()
    for name in ("Adam", "AdamW", "SGD", "RMSprop", "Adagrad"):
        legacy = "keras.optimizers.experimental." + name
        entry = types.SimpleNamespace(used=legacy, rule=Rule(legacy=legacy, modern="keras.optimizers." + name))
        setattr(ex, name, served_experimental_optimizer(None, entry, getattr(tf.keras.optimizers, name)))
    return ex


def experimental_optimizers():
    """2.11-2.15's optimizers.experimental.* with their 2.15 arguments (jit_compile too)."""
    ex = getattr(tf.keras.optimizers, "experimental", None)
    if ex is None:
        if "tfpatch" not in sys.modules:
            tf.keras.optimizers.experimental   # the AttributeError a 2.15 program meets on Keras 3
        ex = _served_experimental()
    made = {
        "Adam": lambda: ex.Adam(0.01, 0.8, 0.99, 1e-6, False, None, None, None, None, False, 0.99, None, True, "Adam"),
        "AdamW": lambda: ex.AdamW(learning_rate=0.01, weight_decay=0.1, jit_compile=False),
        "SGD": lambda: ex.SGD(0.05, momentum=0.9, nesterov=True, jit_compile=True),
        "RMSprop": lambda: ex.RMSprop(0.01, 0.8, 0.5, 1e-6, True, jit_compile=False),
        "Adagrad": lambda: ex.Adagrad(0.1, clipnorm=0.5),
    }
    out = {}
    for name, make in sorted(made.items()):
        model = dense_model()
        model.compile(make(), "mse")
        model.fit(X, Y, epochs=3, batch_size=2, shuffle=False, verbose=0)
        out[name] = flat(model.get_weights())
    return out


SECTIONS = {f.__name__: f for f in (learning_rate, fixed_loss_scale, policy_loss_scale, checkpoint_round_trip,
                                     reset_metrics, compiled_loss, learning_phase, experimental_optimizers)}


def main():
    out_path, names = sys.argv[1], sys.argv[2:]
    results = {"tf_version": tf.__version__, "tfpatch": "tfpatch" in sys.modules}
    for name in names:
        try:
            results[name] = SECTIONS[name]()
        except Exception as exc:  # noqa: B902 - the tests show it
            results[name] = {"error": "%s: %s" % (type(exc).__name__, exc)}
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
