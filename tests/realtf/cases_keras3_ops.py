"""Keras 2 programs that apply TensorFlow ops to a functional model's symbolic tensors.

Every Keras 2 (TF 2.0-2.15) builds such a model natively (TensorFlowOpLayer, then
TFOpLambda); Keras 3 (TF 2.16+) refuses it.  Each program checks the model's
numbers against numpy, so the layers tfpatch makes compute what Keras 2's did.
"""
from cases import case, on

KERAS3 = ("tf2.16", "tf2.17", "tf2.18", "tf2.19", "tf2.20", "tf2.21", "tf2.16-keras3.0")
REFUSED = "A KerasTensor cannot be used as input to a TensorFlow function"

CASES = [
    case("keras3-tf-ops-functional", "keras.layers.Lambda(tf op)", """
        import numpy as np, tensorflow as tf
        inp = tf.keras.Input((4,))
        other = tf.keras.Input((4,))
        x = tf.nn.relu(inp)
        x = tf.concat([x, other], -1)
        x = tf.reshape(x, [-1, 2, 4])
        x = tf.expand_dims(x, -1)
        x = tf.keras.layers.Flatten()(x)
        out = tf.keras.layers.Dense(3)(x)
        model = tf.keras.Model([inp, other], out)
        kernel = np.arange(24, dtype="float32").reshape(8, 3) / 10. - 1.
        bias = np.array([0.1, -0.2, 0.3], "float32")
        model.layers[-1].set_weights([kernel, bias])
        rs = np.random.RandomState(0)
        a1, a2 = rs.randn(5, 4).astype("float32"), rs.randn(5, 4).astype("float32")
        want = np.concatenate([np.maximum(a1, 0), a2], -1).dot(kernel) + bias
        assert np.abs(model.predict([a1, a2], verbose=0) - want).max() < 1e-5
        model.compile(tf.keras.optimizers.SGD(0.01), "mse")
        history = model.fit([a1, a2], want * 0.5, epochs=3, batch_size=5, verbose=0)
        assert history.history["loss"][-1] < history.history["loss"][0], history.history
        """, on(KERAS3, REFUSED), notices=4),
    # Ops whose outputs are not floats: the layers carry TensorFlow's own dtypes and shapes.
    case("keras3-tf-ops-dtypes", "keras.layers.Lambda(tf op)", """
        import numpy as np, tensorflow as tf
        inp = tf.keras.Input((3,))
        idx = tf.cast(inp, tf.int32)
        hot = tf.one_hot(idx, 4)
        counts = tf.reduce_sum(hot, axis=1)
        out = tf.math.multiply(counts, 2.0)
        assert tuple(out.shape.as_list() if hasattr(out.shape, "as_list") else out.shape) == (None, 4)
        model = tf.keras.Model(inp, out)
        x = np.array([[0, 1, 1], [3, 3, 3]], "float32")
        want = np.array([[2, 4, 0, 0], [0, 0, 0, 6]], "float32")
        assert np.array_equal(model.predict(x, verbose=0), want)
        """, on(KERAS3, REFUSED), notices=4),
    # A model with op layers saved as .keras and loaded back (Keras' own rule for Python
    # code in a model file: safe_mode=False); the .keras format exists from Keras 2.13.
    case("keras3-tf-ops-save-load", "keras.layers.Lambda(tf op)", """
        import os, tempfile, numpy as np, tensorflow as tf
        inp = tf.keras.Input((4,))
        x = tf.nn.relu(inp)
        x = tf.concat([x, inp], axis=-1)
        out = tf.keras.layers.Dense(2)(x)
        model = tf.keras.Model(inp, out)
        model.layers[-1].set_weights([np.full((8, 2), 0.5, "float32"), np.array([0., 1.], "float32")])
        path = os.path.join(tempfile.mkdtemp(), "m.keras")
        model.save(path)
        back = tf.keras.models.load_model(path, safe_mode=False)
        x = np.array([[1., -2., 3., -4.]], "float32")
        assert np.allclose(model.predict(x, verbose=0), [[1.0, 2.0]], atol=1e-6)
        assert np.allclose(back.predict(x, verbose=0), [[1.0, 2.0]], atol=1e-6)
        """, on(KERAS3, REFUSED), notices=2,
        only=("tf2.15",) + KERAS3),
]
