"""Namespaces Keras 3 dropped while their names live elsewhere, import paths included."""
from cases import case, on, releases

KERAS3 = releases(since="2.16", keras=True, keras3=((3, 1), (3, 99)))
SINCE_212 = tuple(releases(since="2.12", until="2.16", keras=True)) + KERAS3  # Keras 2.12-2.15 and Keras 3
SINCE_SAVING = SINCE_212  # keras.saving: 2.12-2.15

CASES = [
    case("preprocessing-deep-import-path", ("keras.layers.experimental.preprocessing", "keras.layers.TextVectorization"), """
        import tensorflow as tf
        from tensorflow.keras.layers.experimental.preprocessing import TextVectorization
        import tensorflow.keras.layers.experimental.preprocessing as pre
        assert TextVectorization is tf.keras.layers.TextVectorization
        assert pre.Rescaling is tf.keras.layers.Rescaling
        layer = TextVectorization(max_tokens=10, output_sequence_length=3)
        layer.adapt(["a b", "b c"])
        assert layer(["a b"]).shape == (1, 3)
        """, on(KERAS3, "No module named 'tensorflow.keras.layers.experimental'"), notices=None,
        only=SINCE_212),
    case("optimizers-experimental-namespace", ("keras.optimizers.experimental", "optimizers.experimental",
                                               "keras.optimizers.AdamW"), """
        import tensorflow as tf
        from tensorflow.keras.optimizers.experimental import AdamW
        # On Keras 3 the served class takes 2.15's arguments (jit_compile=...): a wrapper of AdamW.
        assert isinstance(AdamW(learning_rate=0.1, jit_compile=True), tf.keras.optimizers.AdamW)
        assert isinstance(tf.optimizers.experimental.AdamW(), tf.optimizers.AdamW)
        opt = tf.keras.optimizers.experimental.AdamW(learning_rate=0.5, weight_decay=0.0)
        v = tf.Variable([1.0])
        opt.apply_gradients([(tf.constant([1.0]), v)])
        assert abs(float(v.numpy()[0]) - 0.5) < 1e-3, v.numpy()   # Adam's first step: lr * sign
        """, on(KERAS3, "No module named 'tensorflow.keras.optimizers.experimental'"), notices=None,
        only=SINCE_212),
    # Every optimizer of 2.11-2.15's experimental spelling, with 2.15's arguments: each is Keras 3's
    # optimizer of that name, jit_compile= dropped (XLA for the update step only: the same updates).
    case("optimizers-experimental-every-name", tuple(
        "%s.%s" % (home, name) for home in ("keras.optimizers", "optimizers")
        for name in ("Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Nadam", "RMSprop",
                     "SGD")), """
        import tensorflow as tf
        made = [
            tf.keras.optimizers.experimental.Adadelta(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.Adafactor(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.Adagrad(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.Adam(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.AdamW(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.Adamax(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.Ftrl(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.Nadam(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.RMSprop(learning_rate=0.25, jit_compile=True),
            tf.keras.optimizers.experimental.SGD(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.Adadelta(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.Adafactor(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.Adagrad(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.Adam(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.AdamW(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.Adamax(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.Ftrl(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.Nadam(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.RMSprop(learning_rate=0.25, jit_compile=True),
            tf.optimizers.experimental.SGD(learning_rate=0.25, jit_compile=True),
        ]
        stable = [
            tf.keras.optimizers.Adadelta,
            tf.keras.optimizers.Adafactor,
            tf.keras.optimizers.Adagrad,
            tf.keras.optimizers.Adam,
            tf.keras.optimizers.AdamW,
            tf.keras.optimizers.Adamax,
            tf.keras.optimizers.Ftrl,
            tf.keras.optimizers.Nadam,
            tf.keras.optimizers.RMSprop,
            tf.keras.optimizers.SGD,
            tf.optimizers.Adadelta,
            tf.optimizers.Adafactor,
            tf.optimizers.Adagrad,
            tf.optimizers.Adam,
            tf.optimizers.AdamW,
            tf.optimizers.Adamax,
            tf.optimizers.Ftrl,
            tf.optimizers.Nadam,
            tf.optimizers.RMSprop,
            tf.optimizers.SGD,
        ]
        for optimizer, cls in zip(made, stable):
            assert isinstance(optimizer, cls), cls
            assert abs(float(optimizer.learning_rate) - 0.25) < 1e-7, cls
        """, on(KERAS3, "has no attribute 'experimental'"), notices=None, only=KERAS3),
    case("keras-saving-namespace", ("keras.saving", "keras.models.load_model"), """
        import os, tempfile
        import numpy as np
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
        path = os.path.join(tempfile.mkdtemp(), "m.keras")
        tf.keras.saving.save_model(model, path)
        again = tf.keras.saving.load_model(path)
        x = np.ones((1, 2), "float32")
        assert np.allclose(model.predict(x, verbose=0), again.predict(x, verbose=0))
        """, on(KERAS3, "has no attribute 'saving'"), notices=None, only=SINCE_SAVING),
    case("optimizers-legacy-import-form", "keras.optimizers.legacy", """
        from tensorflow.keras.optimizers.legacy import Adam
        opt = Adam(learning_rate=0.25)
        assert abs(float(opt.learning_rate) - 0.25) < 1e-9
        """, on(KERAS3, "ImportError: `keras.optimizers.legacy` is not supported in Keras 3"), notices=1,
        only=SINCE_212),
]
