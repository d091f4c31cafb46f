"""TF 1.x programs whose calls TF 2 changed, on real releases, with TFPATCH_V1=1 where they need it.

* examples/tf1_layers_program.py (tf.layers, tf.losses, tf.metrics, TF 1 arguments, a Saver,
  a Session) trains natively on 1.15, fails on 2.15 and 2.21 without tfpatch, trains with it
  (2.21 with tf_keras), with the losses 1.15 printed; on 2.21 with Keras 3 it stops with one
  line saying what to install.
* v1 mode: TF 1 positional orders from the program's code are TF 1's; from TensorFlow's own
  modules they stay TF 2's.  tf.losses / tf.metrics / tf.keras.backend get their TF 1 names.
* The share of TensorFlow's keyword-rename table (tf_upgrade_v2) that a TF 1 call gets
  through with tfpatch: printed, at least 90%.
"""
import json
import re
import runpy

import pytest

from realenv import ROOT, pythonpath, run_python

pytestmark = pytest.mark.realtf
PROGRAM = "examples/tf1_layers_program.py"
LINE = re.compile(r"loss (\d+\.\d+) -> (\d+\.\d+) \(restored (\d+\.\d+)\); accuracy (\d+\.\d+); "
                  r"mean confidence (\d+\.\d+)")
TFPATCH = {"PYTHONPATH": pythonpath(ROOT)}
LEGACY_KERAS = {"TF_USE_LEGACY_KERAS": "1"}


def _figures(stdout):
    found = LINE.search(stdout)
    assert found, stdout[-2000:]
    return [float(v) for v in found.groups()]


@pytest.fixture(scope="module")
def figures_on_115():
    proc = run_python("tf1.15", [PROGRAM])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "trained with TensorFlow 1.15" in proc.stdout
    return _figures(proc.stdout)


@pytest.mark.parametrize("env, extra", [("tf2.15", {}), ("tf2.21-tf_keras", LEGACY_KERAS)])
def test_tf1_layers_program_trains_as_on_115(figures_on_115, env, extra):
    plain = run_python(env, [PROGRAM], TFPATCH_V1="1", **extra)
    assert plain.returncode != 0 and "has no attribute 'set_random_seed'" in plain.stderr
    proc = run_python(env, ["-m", "tfpatch", "run", PROGRAM], TFPATCH_V1="1", **dict(TFPATCH, **extra))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "trained with TensorFlow 2." in proc.stdout
    first, last, restored, accuracy, confidence = figures = _figures(proc.stdout)
    print("%s: %s; TensorFlow 1.15: %s" % (env, figures, figures_on_115))
    assert last < first / 2 and restored == last and accuracy > 0.9
    # Seeded initializers, one thread, the same kernels: the numbers 1.15 printed.
    assert figures == pytest.approx(figures_on_115, rel=1e-3, abs=1e-4)
    for notice in ("tf.nn.moments(x, axes, shift, name, keep_dims) (TensorFlow 1's order) is adapted",
                   "tf.nn.conv2d(filter=...) is adapted by tfpatch: this TensorFlow needs tf.nn.conv2d(filters=...)",
                   "tf.nn.softmax(dim=...) is adapted", "tf.argmax(dimension=...) is adapted",
                   "tf.reduce_sum(keep_dims=...) is adapted", "tf.reduce_max(reduction_indices=...) is adapted",
                   "tf.losses.sparse_softmax_cross_entropy is adapted by tfpatch: this TensorFlow needs "
                   "tf.compat.v1.losses.sparse_softmax_cross_entropy",
                   "tf.metrics.accuracy is adapted", "tf.layers is served by tfpatch",
                   "tf.train.Saver is served by tfpatch"):
        assert notice in proc.stderr, notice


def test_tf1_layers_program_on_keras_3_says_what_to_install():
    proc = run_python("tf2.21", ["-m", "tfpatch", "run", PROGRAM], TFPATCH_V1="1", **TFPATCH)
    assert proc.returncode == 1
    assert "AttributeError: `dense` is not available with Keras 3.\ntfpatch: tf.layers (tf.compat.v1.layers) " \
           "is Keras 2 code" in proc.stderr
    assert "pip install tf_keras==2.21.*) and run with TF_USE_LEGACY_KERAS=1" in proc.stderr
    assert proc.stderr.count("TF_USE_LEGACY_KERAS=1") == 1


# TF 1's moments(x, axes, shift, name) from the program, and the same call from a module of
# TensorFlow's (compiled with a file name inside the tensorflow package).  TF 2 accepts it as
# moments(x, axes, shift, keepdims): "m" is a true keepdims.  v1 mode translates the first only.
ORDER_PROGRAM = r'''
import json, os, tensorflow as tf
x = tf.constant([[1., 2.], [3., 6.]])
mean, variance = tf.nn.moments(x, [0], None, "m")
inside = os.path.join(os.path.dirname(tf.__file__), "tfpatch_probe_inside_tensorflow.py")
scope = {"tf": tf, "x": x}
exec(compile("result = tf.nn.moments(x, [0], None, 'm')", inside, "exec"), scope)
with tf.compat.v1.Session() as sess:
    m, v, inner = sess.run([mean, variance, scope["result"][0]])
    print(json.dumps({"user": [list(m.shape), m.tolist(), v.tolist(), mean.name],
                      "tensorflow": [list(inner.shape), scope["result"][0].name]}))
'''


@pytest.mark.parametrize("env", ["tf2.15", "tf2.21"])
def test_v1_mode_reads_tf1_orders_from_the_program_only(env):
    plain = run_python(env, ["-c", "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n" + ORDER_PROGRAM])
    assert plain.returncode == 0, plain.stderr[-2000:]
    native = json.loads(plain.stdout.strip().splitlines()[-1])
    assert native["user"][0] == [1, 2] and not native["user"][3].startswith("m/")   # keepdims="m"
    proc = run_python(env, ["-c", "import tfpatch\n" + ORDER_PROGRAM], TFPATCH_V1="1", **TFPATCH)
    assert proc.returncode == 0, proc.stderr[-2000:]
    patched = json.loads(proc.stdout.strip().splitlines()[-1])
    shape, m, v, name = patched["user"]
    assert shape == [2] and m == [2.0, 4.0] and v == [1.0, 4.0] and name.startswith("m/")   # TF 1's meaning
    assert patched["tensorflow"][0] == [1, 2] and not patched["tensorflow"][1].startswith("m/"), \
        "a call from TensorFlow's code keeps TF 2's order"
    # one notice, at the program's line only (after "import tfpatch"): a warning, the program
    # being __main__ ("<string>:5: TFPatchDeprecationWarning: ..."), or the log line
    told = [line for line in proc.stderr.splitlines()
            if "tf.nn.moments(x, axes, shift, name) (TensorFlow 1's order) is adapted" in line]
    assert len(told) == 1 and told[0].startswith(("tfpatch: <string>:5: ", "<string>:5: ")), told


NAMESPACES_PROGRAM = r'''
import numpy as np, tensorflow as tf
tf.compat.v1.disable_v2_behavior()
labels = tf.constant([0, 1, 1])
logits = tf.constant([[2., 1.], [0., 3.], [1., 0.]])
loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
accuracy, update = tf.metrics.accuracy(labels=labels, predictions=tf.argmax(logits, 1))
# A name Keras has too, with TF 1's keywords (Keras's refuses them): TF 1's scalar loss.
mse = tf.losses.mean_squared_error(labels=tf.constant([[1.], [2.]]), predictions=tf.constant([[1.5], [3.]]))
with tf.compat.v1.Session() as sess:
    if KERAS_2:
        tf.keras.backend.set_session(sess)
        assert tf.keras.backend.get_session() is sess
    sess.run(tf.compat.v1.local_variables_initializer())
    sess.run(update)
    got = sess.run([loss, accuracy, mse])
z = np.array([[2., 1.], [0., 3.], [1., 0.]])
expected = np.mean(np.log(np.exp(z).sum(1)) - z[[0, 1, 2], [0, 1, 1]])
assert abs(got[0] - expected) < 1e-5 and abs(got[1] - 2 / 3.) < 1e-6, (got, expected)
assert abs(got[2] - 0.625) < 1e-6, got
print("ok", got)
'''


@pytest.mark.parametrize("env, keras_2", [("tf2.15", True), ("tf2.21-tf_keras", True), ("tf2.21", False)])
def test_v1_mode_gives_tf1_names_to_keras_namespaces(env, keras_2):
    program = NAMESPACES_PROGRAM.replace("KERAS_2", str(keras_2))
    extra = LEGACY_KERAS if env.endswith("tf_keras") else {}
    plain = run_python(env, ["-c", program], **extra)
    assert plain.returncode == 1 and "has no attribute 'sparse_softmax_cross_entropy'" in plain.stderr
    proc = run_python(env, ["-c", "import tfpatch\n" + program], TFPATCH_V1="1", **dict(TFPATCH, **extra))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("ok")
    assert "tf.losses.mean_squared_error(labels=..., predictions=..., ...) is adapted by tfpatch" in proc.stderr
    names = ["losses.sparse_softmax_cross_entropy", "metrics.accuracy"]
    if keras_2:
        names += ["keras.backend.set_session", "keras.backend.get_session"]
    for name in names:
        assert "tf.%s is adapted by tfpatch: this TensorFlow needs tf.compat.v1.%s" % (name, name) in proc.stderr


# For each (function, TF 1 keyword) of TensorFlow's table: does a TF 1 call with that keyword
# bind on this release with tfpatch?  The callable reached is asked: the wrapper's
# (tfpatch's translation), else the object tf.<path> resolves to (the TF 1 fallback's).
COVERAGE_PROBE = r'''
import inspect, json, sys, warnings
warnings.simplefilter("ignore")
import tfpatch
import tensorflow as tf
KEYWORD_RENAMES = json.loads(sys.argv[1])
covered, missing = [], []
for path, renames in sorted(KEYWORD_RENAMES.items()):
    for key in sorted(renames):
        where = "train.Optimizer." + path[2:] if path.startswith("*.") else path
        try:
            obj = tf
            for part in where.split("."):
                obj = getattr(obj, part)
            wrapper = getattr(obj, "_self_wrapper", None)
            target = wrapper.callee(obj.__wrapped__, (), {key: None}) if hasattr(wrapper, "callee") else obj
            inspect.signature(target).bind_partial(**{key: None})
            covered.append("%s(%s=)" % (path, key))
        except Exception as exc:
            missing.append("%s(%s=): %s" % (path, key, type(exc).__name__))
print(json.dumps({"covered": covered, "missing": missing, "version": tf.__version__}))
'''


@pytest.mark.parametrize("env", ["tf2.15", "tf2.21"])
def test_share_of_tf_upgrade_v2_keyword_renames_covered(env, capsys):
    table = json.dumps(runpy.run_path(str(ROOT / "tfpatch" / "adapters" / "tf1_tables.py"))["KEYWORD_RENAMES"])
    native = run_python(env, ["-c", COVERAGE_PROBE.replace("import tfpatch\n", ""), table])
    proc = run_python(env, ["-c", COVERAGE_PROBE, table], **TFPATCH)
    assert native.returncode == 0 and proc.returncode == 0, proc.stderr[-2000:] + native.stderr[-2000:]
    before = json.loads(native.stdout.strip().splitlines()[-1])
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    total = len(found["covered"]) + len(found["missing"])
    share = len(found["covered"]) / float(total)
    with capsys.disabled():   # printed in the test run's output, captured or not
        print("\nTensorFlow %s: tf_upgrade_v2 keyword renames a TF 1 call gets through: %d of %d (%.1f%%) with "
              "tfpatch, %d without; not covered: %s" % (found["version"], len(found["covered"]), total, 100 * share,
                                                        len(before["covered"]), "; ".join(found["missing"])))
    assert len(before["covered"]) < total / 2   # without tfpatch most of them fail
    assert share >= 0.9
    assert all(m.startswith("contrib.") for m in found["missing"]), found["missing"]
