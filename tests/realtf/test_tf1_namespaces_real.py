"""TF1 names in namespaces TensorFlow 2 gave to Keras: tf.losses and tf.metrics in v1 mode,
tf.keras.backend.set_session / get_session with Keras 2."""
import json
import math

import pytest

from realenv import ROOT, pythonpath, run_python

pytestmark = pytest.mark.realtf

PROGRAM = '''
import json, os, warnings
warnings.simplefilter("ignore")
import tensorflow as tf
if os.environ.get("GRAPH_MODE_BY_HAND"):  # what TFPATCH_V1=1 does, done by the program itself
    tf.compat.v1.disable_v2_behavior()
out = {}
labels = tf.compat.v1.placeholder(tf.int32, [None])
logits = tf.compat.v1.placeholder(tf.float32, [None, 3])
loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
_, accuracy = tf.metrics.accuracy(labels=labels, predictions=tf.argmax(logits, 1))
with tf.compat.v1.Session() as session:
    session.run(tf.compat.v1.local_variables_initializer())
    out["loss"], out["accuracy"] = [float(v) for v in session.run(
        [loss, accuracy], {labels: [0, 1, 2], logits: [[5., 0, 0], [0, 5., 0], [5., 0, 0]]})]
try:
    out["set_session"] = tf.keras.backend.set_session is tf.compat.v1.keras.backend.set_session
except AttributeError as exc:
    out["set_session"] = str(exc).splitlines()[0]
print(json.dumps(out))
'''


def _run(env, **extra):
    proc = run_python(env, ["-c", PROGRAM], **extra)
    return proc, (json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else None)


@pytest.mark.parametrize("env", ["tf2.15", "tf2.21"])
def test_tf1_losses_and_metrics_in_v1_mode(env):
    native, _ = _run(env, GRAPH_MODE_BY_HAND="1")
    assert native.returncode != 0
    assert "has no attribute 'sparse_softmax_cross_entropy'" in native.stderr
    plain, _ = _run(env, PYTHONPATH=pythonpath(ROOT, ROOT / "sitecustomize_example"), TFPATCH="1",
                    GRAPH_MODE_BY_HAND="1")
    assert plain.returncode != 0, "outside v1 mode tf.losses stays Keras's"
    assert "has no attribute 'sparse_softmax_cross_entropy'" in plain.stderr
    proc, out = _run(env, PYTHONPATH=pythonpath(ROOT, ROOT / "sitecustomize_example"), TFPATCH="1",
                     TFPATCH_V1="1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    # The same numbers TF 1.x computes: mean cross-entropy of the three rows, 2 of 3 right.
    right = math.log(math.exp(5) + 2) - 5
    expected = (right + right + right + 5) / 3
    assert abs(out["loss"] - expected) < 1e-5 and abs(out["accuracy"] - 2 / 3) < 1e-6
    assert "tf.losses.sparse_softmax_cross_entropy is adapted by tfpatch: this TensorFlow needs tf.compat.v1.losses.sparse_softmax_cross_entropy" in proc.stderr
    assert "tf.metrics.accuracy is adapted by tfpatch: this TensorFlow needs tf.compat.v1.metrics.accuracy" in proc.stderr
    if env == "tf2.15":  # Keras 2
        assert out["set_session"] is True
    else:                # Keras 3 has no session: the name stays missing, with Python's own message
        assert out["set_session"] == "module 'keras._tf_keras.keras.backend' has no attribute 'set_session'"

