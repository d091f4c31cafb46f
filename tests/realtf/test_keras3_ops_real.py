"""TensorFlow ops on a functional model's symbolic tensors (issue 15, item 5).

The same Keras 2 program, built natively on 2.15 (TFOpLambda) and on Keras 3
under tfpatch, with the same weights: the same outputs, before and after the
same training steps.  Then what a user meets around it: a saved model loaded
without tfpatch, an op that cannot be made a layer, deactivation, and Keras 3
programs that never needed any of this.
"""
import json
import textwrap

import pytest

from realenv import ENVS, ROOT, pythonpath, run_python

pytestmark = pytest.mark.realtf

KERAS2 = "tf2.15"
# 2.16 and 2.21, and every other Keras 3 release the matrix holds.
KERAS3 = tuple(sorted(set(("tf2.16", "tf2.21")) | set(e for e in ENVS if e.startswith(("tf2.16", "tf2.17", "tf2.18",
                                                                                      "tf2.19", "tf2.20"))
                                                     and "tf_keras" not in e)))
WITH = {"PYTHONPATH": pythonpath(ROOT)}

PROGRAM = textwrap.dedent('''
    import json, sys, warnings
    import numpy as np, tensorflow as tf
    inp = tf.keras.Input((6,))
    aux = tf.keras.Input((3,))
    h = tf.keras.layers.Dense(8, activation="tanh")(inp)
    h = tf.nn.relu(h)
    h = tf.concat([h, aux], axis=-1)
    h = tf.reshape(h, [-1, 11, 1])
    h = tf.expand_dims(h, 1)
    h = tf.squeeze(h, axis=[1, 3])
    h = tf.nn.softplus(h)
    h = tf.math.reduce_sum(tf.reshape(h, [-1, 11, 1]), axis=-1)
    out = tf.keras.layers.Dense(2)(h)
    model = tf.keras.Model([inp, aux], out)
    rs = np.random.RandomState(1)
    for layer in [l for l in model.layers if isinstance(l, tf.keras.layers.Dense)]:
        layer.set_weights([rs.randn(*w.shape).astype("float32") * 0.3 for w in layer.get_weights()])
    data = np.random.RandomState(2)
    x1, x2 = data.randn(32, 6).astype("float32"), data.randn(32, 3).astype("float32")
    y = data.randn(32, 2).astype("float32")
    before = model.predict([x1, x2], verbose=0)
    model.compile(tf.keras.optimizers.SGD(0.05), "mse")
    history = model.fit([x1, x2], y, epochs=4, batch_size=8, shuffle=False, verbose=0)
    after = model.predict([x1, x2], verbose=0)
    print("RESULT " + json.dumps({"before": before.tolist(), "after": after.tolist(),
                                  "loss": [float(v) for v in history.history["loss"]],
                                  "names": [l.name for l in model.layers if l.name.startswith("tf.")]}))
''')


def _result(proc):
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
    assert line, proc.stdout[-2000:]
    return json.loads(line[-1][len("RESULT "):])


def _flat(x):
    return [v for item in x for v in _flat(item)] if isinstance(x, list) else [x]


def _max_diff(a, b):
    a, b = _flat(a), _flat(b)
    assert len(a) == len(b)
    return max(abs(x - y) for x, y in zip(a, b))


@pytest.fixture(scope="module")
def keras2_result():
    return _result(run_python(KERAS2, ["-c", PROGRAM]))


@pytest.mark.parametrize("env", KERAS3)
def test_same_outputs_as_keras2(keras2_result, env):
    native = run_python(env, ["-c", PROGRAM])
    assert native.returncode != 0 and "A KerasTensor cannot be used as input to a TensorFlow function" \
        in native.stderr, "the program must break on Keras 3 without tfpatch"
    patched = _result(run_python(env, ["-c", "import tfpatch\n" + PROGRAM], **WITH))
    assert _max_diff(patched["before"], keras2_result["before"]) < 1e-5
    assert _max_diff(patched["after"], keras2_result["after"]) < 1e-5
    assert _max_diff(patched["loss"], keras2_result["loss"]) < 1e-5
    assert patched["loss"][-1] < patched["loss"][0]
    # The layers are named as Keras 2 named them (model.get_layer("tf.nn.relu") keeps working).
    assert patched["names"] == keras2_result["names"]


# Ops that TensorFlow's own code calls on the symbolic tensor inside an op the program
# called: tf.reduce_mean without an axis calls tf.rank and tf.range on Keras 3's
# KerasTensor (its shape has no .rank; Keras 2's had), tf.shape calls TF 1's shape.
# The notices name the calls the program wrote, nothing else; the layers are named as
# before (tf.shape's as Keras 2 named it).
INNER = textwrap.dedent('''
    import json, sys, warnings
    if sys.argv[1] == "on":
        import tfpatch
    import numpy as np, tensorflow as tf
    warnings.simplefilter("always")
    with warnings.catch_warnings(record=True) as caught:
        inp = tf.keras.Input((4,))
        mean = tf.reduce_mean(inp)
        steps = tf.range(tf.shape(inp)[0])
    model = tf.keras.Model(inp, [mean, steps])
    x = np.arange(12, dtype="float32").reshape(3, 4)
    print("RESULT " + json.dumps({"out": [np.asarray(o).tolist() for o in model(x)],
                                  "noticed": sorted(str(w.message).split("(")[0] for w in caught
                                                    if type(w.message).__name__ == "TFPatchDeprecationWarning"),
                                  "names": [l.name for l in model.layers if l.name.startswith("tf.")]}))
''')


@pytest.mark.parametrize("env", KERAS3)
def test_ops_called_by_tensorflows_own_code_are_told_as_the_call_written(env):
    native = run_python(env, ["-c", INNER, "off"])
    assert native.returncode != 0 and "A KerasTensor cannot be used as input to a TensorFlow function" \
        in native.stderr, "the program must break on Keras 3 without tfpatch"
    patched = _result(run_python(env, ["-c", INNER, "on"], **WITH))
    assert patched["noticed"] == ["tf.math.reduce_mean", "tf.range", "tf.shape"], patched["noticed"]
    keras2 = _result(run_python(KERAS2, ["-c", INNER, "off"]))
    assert keras2["noticed"] == [] and "tf.compat.v1.shape" in keras2["names"]
    assert "tf.compat.v1.shape" in patched["names"] and "tf.math.reduce_mean" in patched["names"]
    assert patched["out"] == keras2["out"] == [5.5, [0, 1, 2]]


SAVE = textwrap.dedent('''
    import sys, numpy as np, tensorflow as tf
    import tfpatch
    inp = tf.keras.Input((4,))
    x = tf.concat([tf.nn.relu(inp), tf.cast(tf.cast(inp, tf.int32), tf.float32)], -1)
    model = tf.keras.Model(inp, tf.keras.layers.Dense(2, kernel_initializer="ones")(x))
    model.save(sys.argv[1])
    np.save(sys.argv[1] + ".npy", model.predict(np.array([[1.5, -2.5, 3.5, 0.]], "float32"), verbose=0))
''')

LOAD = textwrap.dedent('''
    import sys, numpy as np, tensorflow as tf
    assert "tfpatch" not in sys.modules
    try:
        tf.keras.models.load_model(sys.argv[1])
        print("SAFE LOADED")
    except ValueError as exc:
        print("SAFE REFUSED: " + str(exc).replace("\\n", " "))
    back = tf.keras.models.load_model(sys.argv[1], safe_mode=False)
    got = back.predict(np.array([[1.5, -2.5, 3.5, 0.]], "float32"), verbose=0)
    print("DIFF %r" % float(np.abs(got - np.load(sys.argv[1] + ".npy")).max()))
    print("LAYERS " + " ".join(type(l).__name__ for l in back.layers))
''')


def test_saved_model_loads_without_tfpatch(tmp_path):
    path = str(tmp_path / "ops.keras")
    proc = run_python("tf2.21", ["-c", SAVE, path], **WITH)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = run_python("tf2.21", ["-c", LOAD, path])
    assert proc.returncode == 0, proc.stderr[-3000:]
    # Keras' own rule for Python code in a model file, in Keras' own words.
    assert "SAFE REFUSED" in proc.stdout and "safe_mode=False" in proc.stdout
    diff = float(proc.stdout.split("DIFF ")[1].split()[0])
    assert diff < 1e-6
    assert "Lambda" in proc.stdout.split("LAYERS ")[1]


NOT_WRAPPABLE = textwrap.dedent('''
    import sys, tensorflow as tf
    if sys.argv[1] == "on":
        import tfpatch
    inp = tf.keras.Input((4,))
    for name, call in [("no dispatch", lambda: tf.vectorized_map(lambda r: r * 2., inp)),
                       ("unknown output", lambda: tf.numpy_function(lambda t: t, [inp], tf.float32))]:
        try:
            call()
            print(name + " BUILT")
        except ValueError as exc:
            notes = " | ".join(getattr(exc, "__notes__", []))
            print(name + " ERROR " + str(exc).splitlines()[0] + " NOTES " + notes)
''')


def test_an_op_that_cannot_be_wrapped_says_what_to_do():
    lines = {}
    for switch in ("off", "on"):
        proc = run_python("tf2.21", ["-c", NOT_WRAPPABLE, switch], **WITH)
        assert proc.returncode == 0, proc.stderr[-3000:]
        lines[switch] = dict(l.split(" ERROR ", 1) for l in proc.stdout.splitlines() if " ERROR " in l)
    assert set(lines["on"]) == {"no dispatch", "unknown output"}, lines
    off, on = lines["off"]["no dispatch"].split(" NOTES "), lines["on"]["no dispatch"].split(" NOTES ")
    assert off[0] == on[0] and "A KerasTensor cannot be used as input to a TensorFlow function" in on[0]
    assert off[1] == "" and "keras.layers.Lambda(lambda t:" in on[1]
    assert "tf.numpy_function" in lines["on"]["unknown output"] and "output_shape=" in lines["on"]["unknown output"]


DEACTIVATE = textwrap.dedent('''
    import tensorflow as tf
    import tfpatch
    from tensorflow.python.util import dispatch
    inp = tf.keras.Input((4,))
    print("active", type(tf.nn.relu(inp)).__name__)
    tfpatch.deactivate()
    print("original", type(dispatch.dispatch).__name__)
    try:
        tf.nn.relu(inp)
        print("off BUILT")
    except ValueError as exc:
        print("off REFUSED", "tfpatch" in str(exc) or bool(getattr(exc, "__notes__", None)))
    tfpatch.activate()
    print("again", type(tf.nn.relu(inp)).__name__)
''')


def test_deactivate_gives_back_keras_3s_refusal():
    proc = run_python("tf2.21", ["-c", DEACTIVATE], **WITH)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["active", "KerasTensor", "original", "function", "off", "REFUSED", "False",
                                   "again", "KerasTensor"], proc.stdout


KERAS3_NATIVE = textwrap.dedent('''
    import json, warnings
    import numpy as np, tensorflow as tf
    inp = tf.keras.Input((4,))
    x = tf.keras.layers.Lambda(lambda t: tf.nn.relu(t) * 2.)(inp)
    x = tf.keras.ops.concatenate([x, tf.keras.ops.expand_dims(inp[:, 0], -1)], axis=-1)
    model = tf.keras.Model(inp, tf.keras.layers.Dense(1, kernel_initializer="ones")(x))
    out = model.predict(np.array([[1., -1., 2., -2.]], "float32"), verbose=0)
    print("RESULT " + json.dumps({"out": out.tolist(), "names": [l.name for l in model.layers]}))
''')


def test_keras3_programs_are_untouched():
    native = _result(run_python("tf2.21", ["-c", KERAS3_NATIVE]))
    proc = run_python("tf2.21", ["-c", "import tfpatch\n" + KERAS3_NATIVE], **WITH)
    assert _result(proc) == native
    assert "tfpatch:" not in proc.stderr


def test_keras2_era_example_trains_on_keras3():
    """examples/keras2_era_program.py, unmodified: it fails on 2.21 without tfpatch and trains
    with it (its own asserts: the loss falls, the bare-name checkpoint reloads the same weights).
    It needs every Keras 3 adapter it meets: the op layers and layer contracts here, and the
    adapters for optimizer.lr and for weights saved under a bare name."""
    example = str(ROOT / "examples" / "keras2_era_program.py")
    native = run_python("tf2.21", [example])
    assert native.returncode != 0 and "tensorflow.keras.layers.experimental" in native.stderr
    proc = run_python("tf2.21", ["-m", "tfpatch", "run", example], **WITH)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "checkpoint reloaded" in proc.stdout
    logged = [float(l.rsplit("lr ", 1)[1]) for l in proc.stdout.splitlines() if l.startswith("epoch ")]
    assert logged == [0.01, 0.01, 0.005, 0.0025, 0.00125], proc.stdout   # Adam(lr=0.01), then the schedule
    for used in ("tf.nn.relu(<KerasTensor>)", "tf.concat(<KerasTensor>)", "input_shape.as_list",
                 "keras.Input(shape=<int>)", "fit_generator"):
        assert used in proc.stderr, used


LAYER_CONTRACTS = textwrap.dedent('''
    import json
    import tensorflow as tf
    import tfpatch
    seen = {}
    class Modern(tf.keras.layers.Layer):      # written for Keras 3: its tuple stays a tuple
        def build(self, input_shape):
            seen["modern"] = type(input_shape).__name__
        def call(self, x):
            return x
    class Legacy(tf.keras.layers.Layer):      # written for Keras 2
        def build(self, input_shape):
            seen["legacy"] = input_shape.as_list()
        def call(self, x):
            return x
    inp = tf.keras.Input(shape=3)
    Modern()(inp)
    Legacy()(inp)
    dense = tf.keras.layers.Dense(2)
    dense.build((None, 3))
    seen["dense"] = list(dense.kernel.shape)
    tfpatch.deactivate()
    seen["attribute left"] = "_activity_regularizer" in vars(tf.keras.layers.Layer)
    refused = []
    for call in (lambda: tf.keras.Input(shape=3), lambda: tf.keras.layers.Dense(1, name="a/b"),
                 lambda: Legacy()(tf.keras.Input((3,)))):
        try:
            call()
            refused.append("built")
        except Exception as exc:
            refused.append(type(exc).__name__)
    seen["after deactivate"] = refused
    print("RESULT " + json.dumps(seen))
''')


def test_layer_contracts_only_for_keras2_code_and_undone():
    seen = _result(run_python("tf2.21", ["-c", LAYER_CONTRACTS], **WITH))
    assert seen == {"modern": "tuple", "legacy": [None, 3], "dense": [3, 2], "attribute left": False,
                    "after deactivate": ["ValueError", "ValueError", "AttributeError"]}, seen
