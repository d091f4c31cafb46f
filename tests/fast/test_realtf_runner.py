"""The runner of the real-TensorFlow cases (tests/realtf/runner.py), on a fake tree:
each case starts from the state right after ``import tensorflow``, whatever the
cases before it did, and a case that kills its process is reported, not fatal."""
import json
import os
import subprocess
import sys

from fakes import write_tree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNNER = os.path.join(ROOT, "tests", "realtf", "runner.py")

CASES = [
    # leaves a mark on a namespace, imports a served namespace, uses a served name
    {"id": "first", "code": "import tensorflow as tf\ntf.data.MARK = 1\n"
                            "import tensorflow.keras.mixed_precision.experimental as mp\n"
                            "assert tf.data.AUTOTUNE == -1\n"},
    # (the 2.2-shaped tree imports that namespace itself; the 2.21-shaped one lacks it)
    {"id": "sees-nothing-of-first", "code": "import sys, tensorflow as tf\n"
                                            "assert not hasattr(tf.data, 'MARK')\n"
                                            "if tf.__version__.startswith('2.21'):\n"
                                            "    assert 'tensorflow.keras.mixed_precision.experimental' not in sys.modules\n"},
    # the same lookups as "first": a notice of its own for each, not "already served"
    {"id": "same-uses-again", "code": "import tensorflow as tf\ntf.keras.mixed_precision.experimental.set_policy\n"
                                      "assert tf.data.AUTOTUNE == -1\n"},
    {"id": "dies", "code": "import os\nos._exit(3)\n"},
    {"id": "after-a-death", "code": "import tensorflow as tf\nassert tf.data.AUTOTUNE == -1\n"},
]


def run(tmp_path, shape, mode):
    root = write_tree(tmp_path / shape, shape)
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(CASES))
    out = tmp_path / ("%s-%s.json" % (shape, mode))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), ROOT])
    proc = subprocess.run([sys.executable, RUNNER, mode, str(cases), str(out)], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text())


def test_each_case_starts_after_import_tensorflow(tmp_path):
    result = run(tmp_path, "old", "import")
    cases = result["cases"]
    assert result["isolated"] is True and result["tfpatch_loaded"] is True
    assert cases["first"]["error"] is None
    assert cases["sees-nothing-of-first"]["error"] is None
    # tf.data.AUTOTUNE is served on the 2.2-shaped tree: each case is told on its own
    assert [n["lineno"] for n in cases["first"]["notices"]] == [4]
    assert [n["filename"] for n in cases["same-uses-again"]["notices"]] == ["<case same-uses-again>"]
    assert [n["lineno"] for n in cases["same-uses-again"]["notices"]] == [3]


def test_served_namespace_imported_by_one_case_is_served_again_in_the_next(tmp_path):
    cases = run(tmp_path, "new", "import")["cases"]
    assert cases["first"]["error"] is None and cases["sees-nothing-of-first"]["error"] is None
    served = [n["message"] for n in cases["same-uses-again"]["notices"]]
    assert any(m.startswith("tf.keras.mixed_precision.experimental is served by tfpatch") for m in served), served


def test_a_case_that_kills_its_process_is_its_own_error(tmp_path):
    cases = run(tmp_path, "old", "none")["cases"]
    assert cases["dies"]["error"] == "the case's process exited with 3 and no result"
    assert cases["after-a-death"]["error"] is not None      # no tfpatch: the 2.2 tree lacks tf.data.AUTOTUNE
    assert "has no attribute 'AUTOTUNE'" in cases["after-a-death"]["error"]
    assert cases["sees-nothing-of-first"]["error"] is None
