"""The shipped history against real releases, and the explanation line on real TensorFlow."""
import gzip
import json
import random

import pytest

from realenv import ENVS, ROOT, pythonpath, release_of, resolve_paths, run_python

pytestmark = pytest.mark.realtf

# the history's label of each release of the run (the Keras 3.0 variant has none)
LABEL = {env: "%d.%d" % release_of(env) + ("-tf_keras" if env.endswith("-tf_keras") else "")
         for env in ENVS if "-keras3." not in env}


@pytest.mark.parametrize("env", sorted(LABEL))
def test_history_matches_the_release(env):
    with gzip.open(str(ROOT / "tfpatch" / "data" / "history.json.gz"), "rt") as f:
        history = json.load(f)
    index = history["releases"].index(LABEL[env])
    names = sorted(p for p in history["names"] if not p.startswith(("compat.", "contrib.", "summary.")))
    sample = random.Random(env).sample(names, 400)
    expected = {p: bool(int(history["names"][p], 16) >> index & 1) for p in sample}
    actual = resolve_paths(env, sample, with_tfpatch=False)
    wrong = sorted(p for p in sample if (actual[p] is True) != expected[p])
    assert len(wrong) <= 4, wrong  # a handful of names depend on optional packages (tensorboard...)


def test_explanations_on_tensorflow_2_21():
    code = ("import tfpatch, tensorflow as tf\n"
            "for expr in ('tf.estimator', 'tf.contrib', 'tf.distribute.AutoPolicy'):\n"
            "    try:\n"
            "        eval(expr)\n"
            "    except AttributeError as exc:\n"
            "        print(repr(str(exc)))\n"
            "print(tf.distribute.MirroredStrategy.__name__)\n")
    proc = run_python("tf2.21", ["-c", code], PYTHONPATH=pythonpath(ROOT))
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [eval(l) for l in proc.stdout.strip().splitlines()[:-1]]
    assert lines[0].startswith("module 'tensorflow' has no attribute 'estimator'\ntfpatch: tf.estimator existed "
                               "in TensorFlow 1.15-2.15; it left TensorFlow")
    assert lines[1].startswith("module 'tensorflow' has no attribute 'contrib'\ntfpatch: tf.contrib left")
    assert lines[2] == ("module 'tensorflow._api.v2.distribute' has no attribute 'AutoPolicy'\n"
                        "tfpatch: no TensorFlow release from 1.15 to 2.21 had tf.distribute.AutoPolicy")
    assert proc.stdout.strip().splitlines()[-1] == "MirroredStrategy"
