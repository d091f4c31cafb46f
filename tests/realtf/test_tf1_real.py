"""TensorFlow 1.x programs on TensorFlow 2: TF1 names, TFPATCH_V1, tf.contrib."""
import pytest

from realenv import ENVS, ROOT, TF2_ENVS, pythonpath, run_python

pytestmark = pytest.mark.realtf
PROGRAM = "examples/tf1_graph_program.py"


@pytest.mark.parametrize("env", TF2_ENVS)
def test_tf1_graph_program_trains_with_tfpatch_v1(env):
    plain = run_python(env, [PROGRAM])
    assert plain.returncode != 0 and "has no attribute 'set_random_seed'" in plain.stderr
    proc = run_python(env, ["-m", "tfpatch", "run", PROGRAM], PYTHONPATH=pythonpath(ROOT), TFPATCH_V1="1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "trained with TensorFlow 2." in proc.stdout
    for name in ("placeholder", "Session", "variable_scope", "GraphKeys", "random_uniform",
                 "train.GradientDescentOptimizer"):
        assert "tf.%s is served by tfpatch; this TensorFlow calls it tf.compat.v1.%s" % (name, name) in proc.stderr


@pytest.mark.parametrize("env", [e for e in ENVS if e.startswith("tf1.")])
def test_tf1_graph_program_runs_untouched_on_tensorflow_1(env):
    """On 1.15, the release it was written for, the program runs natively, and under
    tfpatch (TFPATCH_V1 too) the same way: the same losses, no notice."""
    plain = run_python(env, [PROGRAM])
    assert plain.returncode == 0, plain.stderr[-3000:]
    assert "trained with TensorFlow 1.15." in plain.stdout
    proc = run_python(env, ["-m", "tfpatch", "run", PROGRAM], PYTHONPATH=pythonpath(ROOT), TFPATCH_V1="1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout == plain.stdout
    assert "served by tfpatch" not in proc.stderr


if not any(e.startswith("tf1.") for e in ENVS):   # collected only in runs with TensorFlow 1
    del test_tf1_graph_program_runs_untouched_on_tensorflow_1   # (an empty parameter list is a skip)


@pytest.mark.parametrize("env", ["tf2.3", "tf2.21"])
def test_without_tfpatch_v1_the_first_failure_names_the_switch(env):
    proc = run_python(env, ["-m", "tfpatch", "run", PROGRAM], PYTHONPATH=pythonpath(ROOT))
    assert proc.returncode == 1
    assert "RuntimeError: tf.placeholder() is not compatible with eager execution" in proc.stderr
    assert "run the program with TFPATCH_V1=1" in proc.stderr


@pytest.mark.parametrize("env", ["tf2.3", "tf2.21"])
def test_contrib_gets_a_clear_error(env):
    attr = run_python(env, ["-c", "import tfpatch, tensorflow as tf\ntf.contrib.slim"], PYTHONPATH=pythonpath(ROOT))
    assert "AttributeError: module 'tensorflow' has no attribute 'contrib'\ntfpatch: tf.contrib left TensorFlow in 2.0" in attr.stderr
    assert "contrib.slim -> the tf-slim package" in attr.stderr
    imp = run_python(env, ["-c", "import tfpatch\nimport tensorflow.contrib.slim as slim"], PYTHONPATH=pythonpath(ROOT))
    assert "ModuleNotFoundError: No module named 'tensorflow.contrib'\ntfpatch: tf.contrib left" in imp.stderr
    native = run_python(env, ["-c", "import tensorflow as tf\nprint(hasattr(tf, 'contrib'))"])
    patched = run_python(env, ["-c", "import tfpatch, tensorflow as tf\nprint(hasattr(tf, 'contrib'))"],
                         PYTHONPATH=pythonpath(ROOT))
    assert native.stdout.strip() == patched.stdout.strip() == "False"
