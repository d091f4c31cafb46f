"""Keras 2 programs that apply TensorFlow ops to a functional model's symbolic tensors.

Every Keras 2 (TF 2.0-2.15) builds such a model natively (TensorFlowOpLayer, then
TFOpLambda); Keras 3 (TF 2.16+) refuses it.  Each program checks the model's
numbers against numpy, so the layers tfpatch makes compute what Keras 2's did.
"""
from cases import case, on, releases

KERAS3 = releases(since="2.16", keras=True)   # every Keras 3, the one of 2.16's release day too
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
    # code in a model file: safe_mode=False), on the releases whose load_model takes safe_mode=.
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
        only=tuple(releases(since="2.12", until="2.16", keras=True)) + tuple(KERAS3)),
]

# Contracts of Keras 2 that layers written for it rely on (issue 15, item 7).
CASES += [
    case("keras2-build-tensorshape", "keras.layers.Layer.build(TensorShape)", """
        import numpy as np, tensorflow as tf
        class Scale(tf.keras.layers.Layer):
            def build(self, input_shape):
                assert input_shape.rank == 2 and input_shape.ndims == 2
                assert [d for d in input_shape.dims][-1] == 3 and input_shape.as_list() == [None, 3]
                assert input_shape[1:].as_list() == [3] and input_shape[-1] == 3
                self.w = self.add_weight(name="w", shape=(input_shape.as_list()[-1],), initializer="ones")
                super().build(input_shape)
            def call(self, x):
                return x * self.w * 2.0
        inp = tf.keras.Input((3,))
        layer = Scale()
        model = tf.keras.Model(inp, layer(inp))
        assert np.allclose(model.predict(np.array([[1., 2., 3.]], "float32"), verbose=0), [[2., 4., 6.]])
        dense = tf.keras.layers.Dense(2)
        dense.build((None, 3))   # Keras' own layers build from what they are given
        assert dense.kernel.shape == (3, 2)
        """, on(KERAS3, "object has no attribute 'rank'"), notices=None),
    case("keras2-layer-name-slash", "keras.layers.Layer(name=a/b)", """
        import numpy as np, tensorflow as tf
        inp = tf.keras.Input((2,))
        out = tf.keras.layers.Dense(1, kernel_initializer="ones", name="predictions/logits")(inp)
        model = tf.keras.Model(inp, out)
        layer = model.get_layer("predictions/logits")
        assert layer is model.layers[-1]
        assert np.allclose(model.predict(np.array([[1., 2.]], "float32"), verbose=0), [[3.]])
        """, on(KERAS3, "cannot contain character `/`"), notices=1),
    case("keras2-input-int-shape", "keras.Input(shape=int)", """
        import numpy as np, tensorflow as tf
        inp = tf.keras.Input(shape=4)
        assert tuple(inp.shape.as_list() if hasattr(inp.shape, "as_list") else inp.shape) == (None, 4)
        model = tf.keras.Model(inp, tf.keras.layers.Dense(1, kernel_initializer="ones")(inp))
        assert np.allclose(model.predict(np.ones((1, 4), "float32"), verbose=0), [[4.]])
        """, on(KERAS3, "Cannot convert '4' to a shape"), notices=1),
    case("keras2-layer-activity-regularizer", "keras.layers.Layer._activity_regularizer", """
        import tensorflow as tf
        reg = tf.keras.regularizers.l2(0.5)
        dense = tf.keras.layers.Dense(2, activity_regularizer=reg)
        assert dense._activity_regularizer is reg
        plain = tf.keras.layers.Dense(2)
        assert plain._activity_regularizer is None
        plain._activity_regularizer = reg
        assert plain.activity_regularizer is reg
        """, on(KERAS3, "object has no attribute '_activity_regularizer'"), notices=3),
]

# Keras 2's symbolic tensors answered get_shape() as TensorFlow's do.
CASES += [
    case("keras2-symbolic-get-shape", "keras.KerasTensor.get_shape", """
        import numpy as np, tensorflow as tf
        inp = tf.keras.Input((3, 4))
        shape = inp.get_shape()
        assert shape.as_list() == [None, 3, 4] and shape.rank == 3
        flat = tf.keras.layers.Reshape((shape[1] * shape[2],))(inp)
        model = tf.keras.Model(inp, tf.keras.layers.Dense(1, kernel_initializer="ones")(flat))
        assert np.allclose(model.predict(np.ones((2, 3, 4), "float32"), verbose=0), [[12.], [12.]])
        """, on(KERAS3, "object has no attribute 'get_shape'"), notices=1),
]

# Keras 2 let a functional model take losses of its own symbolic tensors and of its weights
# (the VAE of its examples); Keras 3 refuses both.  One SGD step, against numpy.
CASES += [
    case("keras2-functional-add-loss", "keras.Model.add_loss(symbolic)", """
        import numpy as np, tensorflow as tf
        x = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5], [-2.0, 1.0]], "float32")
        inputs = tf.keras.Input(shape=(2,))
        dense = tf.keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")
        outputs = dense(inputs)
        model = tf.keras.Model(inputs, outputs)
        model.add_loss(tf.reduce_mean(tf.square(outputs)))           # a loss of the model's own tensors
        model.add_loss(lambda: 0.5 * tf.reduce_sum(dense.kernel))    # and one of its weights
        model.compile(tf.keras.optimizers.SGD(0.1))
        o = x.sum(axis=1, keepdims=True)
        model(x)
        assert sorted(round(float(v), 5) for v in model.losses) == [1.0, round(float((o ** 2).mean()), 5)], model.losses
        model.fit(x, epochs=1, batch_size=4, shuffle=False, verbose=0)
        grad_w, grad_b = 2 * x.T @ o / len(x) + 0.5, 2 * o.mean(axis=0)
        kernel, bias = model.get_weights()
        assert np.allclose(kernel, 1 - 0.1 * grad_w, atol=1e-6) and np.allclose(bias, -0.1 * grad_b, atol=1e-6), (kernel, bias)
        assert np.allclose(model.predict(x, verbose=0), x @ kernel + bias, atol=1e-6)
        """, on(KERAS3, REFUSED), notices=None, only=releases(since="2.4")),
]

# Python control flow on tensors in a layer's call(): Keras 2 ran call() through autograph.
CASES += [
    case("keras2-call-autograph", "keras.layers.Layer.call(autograph)", """
        import numpy as np, tensorflow as tf
        class Gate(tf.keras.layers.Layer):
            def call(self, inputs):
                if tf.reduce_sum(inputs) > 0:
                    return inputs * 2
                return inputs / 2
        inputs = tf.keras.Input((3,))
        model = tf.keras.Model(inputs, Gate()(inputs))
        model.compile(tf.keras.optimizers.SGD(0.1), "mse")
        x = np.array([[1., 2., 3.], [-1., -2., -3.]], "float32")
        assert np.allclose(model.predict(x, batch_size=1, verbose=0), [[2, 4, 6], [-0.5, -1, -1.5]])
        assert np.allclose(Gate()(x[1:]).numpy(), [[-0.5, -1, -1.5]])      # eagerly, as written
        model.fit(x, x, batch_size=1, epochs=1, verbose=0)
        """, on(KERAS3, "OperatorNotAllowedInGraphError"), notices=1, only=releases(since="2.4")),
]

# A case that names no releases runs where these programs were checked: by release number.
CASES = [c._replace(only=c.only or tuple(releases(since="2.1"))) for c in CASES]
