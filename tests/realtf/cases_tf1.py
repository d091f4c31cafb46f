"""TF 1.x calls whose arguments TF 2 changed (tfpatch/adapters/tf1_arguments.py), and what v1
mode adds to TF 2's namespaces (tfpatch/adapters/tf1_namespaces.py).

These run without TFPATCH_V1: the TF 1 keyword calls TF 2 refuses are mended everywhere; the
TF 1 positional orders TF 2 accepts with another meaning, and the TF 1 names of tf.losses /
tf.metrics / tf.keras.backend, are v1 mode's only (tests/realtf/test_tf1_args_real.py runs those
with TFPATCH_V1=1); here the cases prove that without it nothing changes.  Numbers are checked
against the TF 2 spelling of the same call.
"""
from cases import case, on, releases

# By release number (cases.releases): every TF 2 release, Keras 3.0 (2.16's release day) included.
KERAS_3 = releases(since="2.16", keras=True, keras3=((3, 0), (3, 99)))
TF2 = tuple(releases(since="2.0", until="2.16", keras=True)) + tuple(KERAS_3)

CASES = [
    case("tf1-reduce-keep-dims", "tf1.arguments", """
        import tensorflow as tf
        x = tf.constant([[1., 2.], [3., 4.]])
        assert tf.reduce_sum(x, reduction_indices=1, keep_dims=True).numpy().tolist() == [[3.], [7.]]
        assert tf.math.reduce_mean(x, keep_dims=True).numpy().tolist() == [[2.5]]
        assert tf.reduce_max(x, axis=0).numpy().tolist() == [3., 4.]   # a TF 2 call: as it is
        """, on(TF2, "unexpected keyword argument"), notices=3),
    case("tf1-softmax-dim-argmax-dimension", "tf1.arguments", """
        import numpy as np, tensorflow as tf
        x = tf.constant([[1., 5.], [3., 4.]])
        assert np.allclose(tf.nn.softmax(x, dim=0).numpy(), tf.nn.softmax(x, axis=0).numpy())
        assert tf.argmax(x, dimension=1).numpy().tolist() == [1, 1]
        assert tf.math.argmin(x, dimension=0).numpy().tolist() == [0, 1]
        """, on(TF2, "unexpected keyword argument"), notices=3),
    case("tf1-conv2d-filter", "tf1.arguments", """
        import numpy as np, tensorflow as tf
        image = tf.constant(np.arange(16, dtype="float32").reshape(1, 4, 4, 1))
        kernel = tf.constant(np.ones((2, 2, 1, 1), dtype="float32"))
        old = tf.nn.conv2d(image, filter=kernel, strides=[1, 1, 1, 1], padding="VALID", use_cudnn_on_gpu=True)
        new = tf.nn.conv2d(image, filters=kernel, strides=[1, 1, 1, 1], padding="VALID")
        assert old.numpy().tolist() == new.numpy().tolist() and float(old[0, 0, 0, 0]) == 10.0
        """, on(TF2, "unexpected keyword argument"), notices=2),
    # Five positional arguments: TF 1's argmax(input, axis, name, dimension, output_type).
    case("tf1-argmax-five-positional", "tf1.arguments", """
        import tensorflow as tf
        x = tf.constant([[1., 5.], [3., 4.]])
        found = tf.argmax(x, 0, "am", None, tf.int32)
        assert found.dtype == tf.int32 and found.numpy().tolist() == [1, 0]
        """, on(TF2, "argument"),   # "takes from 1 to 4 positional arguments" / "Too many arguments"
        notices=1),
    # TF 2 reads TF 1's moments(x, axes, shift, name) with "m" as keepdims: valid, another
    # meaning.  Without TFPATCH_V1 the call keeps TF 2's meaning, with no notice.
    case("tf1-moments-order-is-tf2s-without-v1", "tf1.argument_order", """
        import tensorflow as tf
        mean, variance = tf.nn.moments(tf.constant([[1., 2.], [3., 6.]]), [0], None, "m")
        assert mean.shape == (1, 2) and mean.numpy().tolist() == [[2., 4.]]
        """, []),
    # Outside v1 mode the Keras namespaces stay Keras's.  (On 2.1-2.3 tf.losses and tf.metrics
    # are TensorFlow's own modules, where the engine's TF1 fallback serves the names anyway.)
    case("tf1-namespaces-untouched-without-v1", ("tf1.losses", "tf1.metrics", "tf1.keras.backend"), """
        import tensorflow as tf
        assert not hasattr(tf.losses, "sparse_softmax_cross_entropy")
        assert not hasattr(tf.metrics, "accuracy")
        assert not hasattr(tf.keras.backend, "set_session")
        """, [], only=[e for e in TF2 if e not in releases(until="2.4")]),
    # Keras 3: tf.compat.v1.layers needs Keras 2; its error gains one line naming tf_keras.
    case("tf1-layers-on-keras-3-says-what-to-install", "tf1.layers", """
        import tensorflow as tf
        text = ""
        try:
            tf.compat.v1.layers.dense
        except AttributeError as exc:
            text = str(exc) + "".join(getattr(exc, "__notes__", []))
        assert "not available with Keras 3" in text
        assert "tf_keras" in text and "TF_USE_LEGACY_KERAS=1" in text, text
        """, on(KERAS_3, "AssertionError"), notices=0, only=KERAS_3),
]

# A case that names no releases runs where these programs were checked: by release number.
CASES = [c._replace(only=c.only or tuple(TF2)) for c in CASES]
