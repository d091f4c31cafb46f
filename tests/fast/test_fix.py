"""`tfpatch check` (everything tfpatch would serve or adapt) and `tfpatch fix` (LibCST), no TensorFlow."""
import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tfpatch import _check, _fix
from tfpatch.rules import CATALOGUE

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")
HAS_LIBCST = sys.version_info >= (3, 9)


def needs_libcst(test):
    """A test of `tfpatch fix` (LibCST, Python 3.9+).  On Python 3.7-3.8 it is not skipped: it
    checks there that fix refuses to run, saying which Python it needs (an import of libcst
    missing on 3.9+ fails the test, as it should: the test environments install it)."""
    if HAS_LIBCST:
        return test

    @functools.wraps(test)
    def refuses(*args, **kwargs):
        with pytest.raises(_fix.FixUnavailable, match="needs Python 3.9 or newer"):
            _fix.require_libcst()
        proc = cli("fix", EXAMPLES, "--target", "2.21")
        assert proc.returncode == 2 and "needs Python 3.9 or newer" in proc.stderr, proc.stderr[-2000:]
    return refuses


def cli(*args, cwd=None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH")}
    environ["PYTHONPATH"] = ROOT
    return subprocess.run([sys.executable, "-m", "tfpatch"] + list(args), env=environ, cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120)


def findings(source, target):
    cat = _check.Catalogue(CATALOGUE, target)
    return _check.scan(textwrap.dedent(source), "x.py", cat)


def fixed(source, target):
    source = textwrap.dedent(source)
    cat = _check.Catalogue(CATALOGUE, target)
    new, applied, missed = _fix.fix_source(source, _check.scan(source, "x.py", cat))
    assert not missed
    return new


ADAPTER_CALLS = '''\
import tensorflow as tf
from tensorflow.keras.mixed_precision import experimental as mp
from tensorflow.keras import layers
from tensorflow.keras.optimizers import Adam

opt = tf.keras.optimizers.Adam(lr=0.01)
opt2 = Adam(lr=0.1, decay=1e-4)
opt3 = tf.keras.optimizers.SGD(**kw)
policy = mp.Policy("mixed_float16", loss_scale="dynamic")
lso = mp.LossScaleOptimizer(opt, "dynamic")
lso2 = tf.keras.mixed_precision.experimental.LossScaleOptimizer(opt, 128)
model.fit_generator(gen, 10, epochs=2, workers=4)
model.compile("sgd", experimental_steps_per_execution=4)
p = model.predict_classes(x)
q = model.predict_proba(x)
w = self.add_weight("kernel", (2, 3))
s = tf.reduce_sum(x, reduction_indices=[1], keep_dims=True)
h = getattr(tf.keras.layers, name)
o = cls(lr=0.1)
e = tf.estimator.Estimator
bn = layers.experimental.SyncBatchNormalization()
'''


# --- check ---------------------------------------------------------------------------------------
def test_check_reports_adapter_calls_tf1_keywords_removed_names_and_undecidable_sites():
    found = {(f.line, f.status, f.found) for f in findings(ADAPTER_CALLS, (2, 21))}
    assert (6, "fix", "tf.keras.optimizers.Adam(lr=)") in found
    assert (7, "fix", "tf.keras.optimizers.Adam(decay=)") in found          # through a from-import
    assert (8, "undecided", "tf.keras.optimizers.SGD(**...)") in found
    assert (9, "fix", "tf.keras.mixed_precision.experimental.Policy(...) with loss_scale='dynamic'") in found
    assert (10, "fix", "tf.keras.mixed_precision.experimental.LossScaleOptimizer(...) with loss_scale='dynamic'") \
        in found
    # Keras 3 has no fixed loss scale: a human decides
    assert (11, "human", "tf.keras.mixed_precision.experimental.LossScaleOptimizer(...) with a fixed loss scale") \
        in found
    assert (12, "fix", ".fit_generator(...)") in found
    assert (13, "fix", ".compile(experimental_steps_per_execution=)") in found
    assert (14, "human", ".predict_classes(...)") in found
    assert (15, "fix", ".predict_proba(...)") in found
    assert (16, "fix", ".add_weight(name, shape, ...)") in found
    assert (17, "fix", "tf.reduce_sum(keep_dims=)") in found and (17, "fix", "tf.reduce_sum(reduction_indices=)") \
        in found
    assert (18, "undecided", "getattr(tf.keras.layers, ...)") in found
    assert (19, "undecided", "(...)(lr=)") in found
    assert (20, "human", "tf.estimator") in found
    assert (21, "fix", "tf.keras.layers.experimental.SyncBatchNormalization(...)") in found


def test_check_depends_on_the_target():
    on_23 = {(f.line, f.found) for f in findings(ADAPTER_CALLS, (2, 3))}
    assert not any("lr=" in found or "mixed_precision" in found for _, found in on_23)  # 2.3 has them all
    assert (17, "tf.reduce_sum(keep_dims=)") in on_23                                  # TF1 keyword on TF2
    on_212 = {(f.line, f.status, f.found) for f in findings(ADAPTER_CALLS, (2, 12))}
    assert (11, "fix", "tf.keras.mixed_precision.experimental.LossScaleOptimizer(...) with a fixed loss scale") \
        in on_212                                                   # Keras 2 can express a fixed scale
    assert not any(line == 12 for line, _, _ in on_212)             # fit_generator still there on 2.12


def test_check_tf1_names_from_the_history():
    tf1 = open(os.path.join(EXAMPLES, "tf1_graph_program.py")).read()
    found = [(f.line, f.kind, f.found, f.write) for f in findings(tf1, (2, 21))]
    assert (13, "tf1", "tf.placeholder", "tf.compat.v1.placeholder") in found
    assert (22, "tf1", "tf.train.GradientDescentOptimizer", "tf.compat.v1.train.GradientDescentOptimizer") in found
    assert (21, "tf1", "tf.GraphKeys", "tf.compat.v1.GraphKeys") in found
    assert found[0][:2] == (11, "add-line")                    # disable_v2_behavior() after the import
    assert not any(f[2] in ("tf.Variable", "tf.matmul", "tf.zeros_initializer") for f in found)  # TF2 has them
    assert findings(tf1, (2, 21)) and not [f for f in findings(tf1, (2, 21)) if f.status != "fix"]


def test_check_sarif_and_json(tmp_path):
    (tmp_path / "a.py").write_text(ADAPTER_CALLS)
    proc = cli("check", str(tmp_path), "--format", "sarif")
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "tfpatch"
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["level"] in ("warning", "error", "note")
    as_json = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
    assert len(as_json) == len(run["results"])
    assert {f["status"] for f in as_json} == {"fix", "human", "undecided"}


def test_pre_commit_hook_runs_check():
    text = open(os.path.join(ROOT, ".pre-commit-hooks.yaml")).read()
    assert "- id: tfpatch-check" in text and "entry: tfpatch check" in text


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.py", "no such file or directory"),
    (lambda d: (d / "empty").mkdir() or d / "empty", "a directory without .py files or notebooks"),
])
def test_bad_paths_get_one_message(tmp_path, make, message):
    path = str(make(tmp_path))
    for command in ("check", "fix") if HAS_LIBCST else ("check",):
        proc = cli(command, path)
        assert proc.returncode == 2 and message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr


def test_unknown_target_release(tmp_path):
    (tmp_path / "a.py").write_text("import tensorflow as tf\n")
    for command in ("check", "fix") if HAS_LIBCST else ("check",):
        proc = cli(command, str(tmp_path / "a.py"), "--target", "2.99")
        assert proc.returncode == 2
        assert "TensorFlow 2.99 is not a release tfpatch knows (its history covers 1.15 to 2.21)" in proc.stderr


def test_bad_files_get_one_message_each(tmp_path):
    (tmp_path / "good.py").write_text("import tensorflow as tf\nx = tf.data.AUTOTUNE\n")
    (tmp_path / "binary.py").write_bytes(b"\x7fELF\x00\x01\x02")
    (tmp_path / "latin.py").write_bytes(b"# caf\xe9\nimport tensorflow as tf\n")
    (tmp_path / "broken.py").write_text("def (:\n")
    (tmp_path / "nb.ipynb").write_text("{not json")
    proc = cli("check", str(tmp_path), "--target", "2.3")
    assert proc.returncode == 1
    err = proc.stderr.splitlines()
    assert any("binary.py: not checked: a binary file, not Python source" in l for l in err)
    assert any("latin.py: not checked: not UTF-8" in l for l in err)
    assert any("broken.py: not checked, it does not parse" in l for l in err)
    assert any("nb.ipynb: not checked: not a notebook: it is not JSON" in l for l in err)
    assert "good.py:2:5: tf.data.AUTOTUNE -> tf.data.experimental.AUTOTUNE (since 2.4)" in proc.stdout


# --- fix -----------------------------------------------------------------------------------------
@needs_libcst
def test_fix_rewrites_adapter_calls_following_the_file_naming():
    new = fixed(ADAPTER_CALLS, (2, 21))
    expected = ADAPTER_CALLS
    for old, want in [
        ("from tensorflow.keras.mixed_precision import experimental as mp",
         "from tensorflow.keras import mixed_precision as mp"),
        ("Adam(lr=0.01)", "Adam(learning_rate=0.01)"),
        ("Adam(lr=0.1, decay=1e-4)",
         "Adam(learning_rate=tf.keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-4))"),
        ('mp.Policy("mixed_float16", loss_scale="dynamic")', 'mp.Policy("mixed_float16")'),
        ('mp.LossScaleOptimizer(opt, "dynamic")', "mp.LossScaleOptimizer(opt)"),
        ("model.fit_generator(gen, 10, epochs=2, workers=4)", "model.fit(gen, steps_per_epoch=10, epochs=2)"),
        ("experimental_steps_per_execution=4", "steps_per_execution=4"),
        ("model.predict_proba(x)", "model.predict(x)"),
        ('self.add_weight("kernel", (2, 3))', 'self.add_weight(name="kernel", shape=(2, 3))'),
        ("reduction_indices=[1], keep_dims=True", "axis=[1], keepdims=True"),
        ("layers.experimental.SyncBatchNormalization()", "layers.BatchNormalization(synchronized=True)"),
    ]:
        expected = expected.replace(old, want)
    assert new == expected
    # left for a human: the fixed loss scale, predict_classes, tf.estimator, the undecidable sites
    assert "lso2 = tf.keras.mixed_precision.experimental.LossScaleOptimizer(opt, 128)" in new
    assert "predict_classes" in new and "cls(lr=0.1)" in new


@needs_libcst
def test_a_call_for_a_human_holds_the_spelling_it_goes_through():
    """Rewriting the import while a call through it stays would change what that call means."""
    source = ("from tensorflow.keras.mixed_precision import experimental as mp\n"
              "a = mp.LossScaleOptimizer(opt, 'dynamic')\n"
              "b = mp.LossScaleOptimizer(opt, scale)\n"
              "mp.set_policy('mixed_float16')\n")
    assert fixed(source, (2, 21)) == source
    found = findings(source, (2, 21))
    assert {f.status for f in found} == {"human", "undecided"}
    assert "a call through the same name needs a human first (line 3)" in {f.reason for f in found}

@needs_libcst
def test_fix_keeps_a_fixed_loss_scale_where_keras_2_can_express_it():
    new = fixed("import tensorflow as tf\nx = tf.keras.mixed_precision.experimental.LossScaleOptimizer(o, 128)\n",
                (2, 12))
    assert new.endswith("x = tf.keras.mixed_precision.LossScaleOptimizer(o, dynamic=False, initial_scale=128)\n")


@needs_libcst
def test_fix_both_directions_round_trip():
    source = open(os.path.join(EXAMPLES, "new_api_training.py")).read()
    old = fixed(source, (2, 3))
    assert "tf.keras.mixed_precision.experimental.set_policy(\"float32\")" in old
    assert "prefetch(tf.data.experimental.AUTOTUNE)" in old
    assert "strategy.experimental_distribute_datasets_from_function(dataset_fn)" in old
    # and back: set_policy is gone from 2.21; the two experimental spellings 2.21 still has stay
    assert fixed(old, (2, 21)) == source.replace("prefetch(tf.data.AUTOTUNE)", "prefetch(tf.data.experimental.AUTOTUNE)") \
        .replace("strategy.distribute_datasets_from_function(", "strategy.experimental_distribute_datasets_from_function(")
    lso = "import tensorflow as tf\nm = tf.keras.mixed_precision\nx = m.LossScaleOptimizer(opt)\n" \
          "y = tf.keras.mixed_precision.LossScaleOptimizer(opt, dynamic=False, initial_scale=8)\n"
    assert fixed(lso, (2, 3)).splitlines()[-1] == \
        "y = tf.keras.mixed_precision.experimental.LossScaleOptimizer(opt, 8)"


@needs_libcst
def test_fix_preserves_everything_else_byte_for_byte(tmp_path):
    source = ("# -*- coding: utf-8 -*-\r\nimport tensorflow   as tf  # the alias\r\n"
              "x = tf.data.AUTOTUNE  # café\r\nif True:\r\n\ty = (  tf.data.AUTOTUNE  )\r\n"
              "z = 'tf.data.AUTOTUNE'\r\n")
    path = tmp_path / "crlf.py"
    path.write_bytes(source.encode("utf-8"))
    proc = cli("fix", str(path), "--target", "2.3", "--write")
    assert proc.returncode == 0, proc.stderr
    want = source.replace("x = tf.data.AUTOTUNE", "x = tf.data.experimental.AUTOTUNE") \
        .replace("(  tf.data.AUTOTUNE  )", "(  tf.data.experimental.AUTOTUNE  )")
    assert path.read_bytes() == want.encode("utf-8")          # CRLF, tabs, comments, the string literal


@needs_libcst
def test_fix_shows_a_diff_and_writes_only_with_write(tmp_path):
    path = tmp_path / "legacy_mixed_precision.py"
    shutil.copy(os.path.join(EXAMPLES, "legacy_mixed_precision.py"), str(path))
    before = path.read_bytes()
    proc = cli("fix", str(path), "--target", "2.21")
    assert proc.returncode == 0 and path.read_bytes() == before
    assert "-mixed_precision.set_policy(policy)\n+mixed_precision.set_global_policy(policy)" in proc.stdout
    assert "+from tensorflow.keras import mixed_precision\n" in proc.stdout
    assert "--write applies this diff" in proc.stderr
    proc = cli("fix", str(path), "--target", "2.21", "--write")
    assert proc.returncode == 0 and proc.stdout == ""
    after = path.read_bytes()
    # only the reported lines changed
    report = json.loads(cli("check", os.path.join(EXAMPLES, "legacy_mixed_precision.py"), "--format", "json").stdout)
    lines = {f["line"] for f in report}
    changed = {i + 1 for i, (a, b) in enumerate(zip(before.splitlines(), after.splitlines())) if a != b}
    # (15 and 17 keep their text: `mixed_precision` now names the module that has them)
    assert changed == {13, 16, 51} and changed <= lines and len(before.splitlines()) == len(after.splitlines())
    # idempotent: nothing left to find, a second fix changes nothing
    again = cli("fix", str(path), "--target", "2.21", "--write")
    assert again.returncode == 0 and path.read_bytes() == after
    assert cli("check", str(path), "--target", "2.21").returncode == 0


@needs_libcst
def test_fix_tf1_program_adds_graph_mode_once(tmp_path):
    path = tmp_path / "tf1.py"
    shutil.copy(os.path.join(EXAMPLES, "tf1_graph_program.py"), str(path))
    assert cli("fix", str(path), "--target", "2.21", "--write").returncode == 0
    text = path.read_text()
    assert "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n" in text
    assert "x = tf.compat.v1.placeholder(tf.float32" in text and "tf.compat.v1.Session(config=config)" in text
    assert cli("fix", str(path), "--target", "2.21", "--write").returncode == 0
    assert path.read_text() == text and text.count("disable_v2_behavior") == 1


@needs_libcst
def test_fix_notebook_cells_only(tmp_path):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["tf.data.experimental.AUTOTUNE\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {},
         "outputs": [{"name": "stdout", "output_type": "stream", "text": ["tf.data.AUTOTUNE -1\n"]}],
         "source": ["%matplotlib inline\n", "import tensorflow as tf\n", "!ls\n",
                    "print(tf.data.AUTOTUNE, 'é')"]},
    ]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
                "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    raw = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(raw)
    proc = cli("fix", str(path), "--target", "2.3")
    assert "+print(tf.data.experimental.AUTOTUNE, 'é')" in proc.stdout
    assert cli("fix", str(path), "--target", "2.3", "--write").returncode == 0
    new = path.read_text()
    assert new == raw.replace('"print(tf.data.AUTOTUNE', '"print(tf.data.experimental.AUTOTUNE')


@needs_libcst
def test_fix_leaves_bad_files_untouched_with_one_message(tmp_path):
    files = {"broken.py": b"import tensorflow as tf\nx = tf.data.AUTOTUNE\ndef (:\n",
             "latin.py": b"# caf\xe9\nimport tensorflow as tf\nx = tf.data.AUTOTUNE\n",
             "binary.py": b"\x00\x01\x02tf.data.AUTOTUNE",
             "nb.ipynb": b"{not json"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    proc = cli("fix", str(tmp_path), "--target", "2.3", "--write")
    assert proc.returncode == 1
    for name, data in files.items():
        assert (tmp_path / name).read_bytes() == data
        assert sum(1 for line in proc.stderr.splitlines() if "%s: left untouched" % name in line) == 1, proc.stderr


@needs_libcst
def test_fix_never_writes_over_a_file_changed_since_it_was_read(tmp_path, monkeypatch):
    path = tmp_path / "a.py"
    path.write_text("import tensorflow as tf\nx = tf.data.AUTOTUNE\n")
    real = _fix.fix_source

    def edit_meanwhile(source, found):
        path.write_text("import tensorflow as tf\nx = tf.data.AUTOTUNE  # edited\n")
        return real(source, found)
    monkeypatch.setattr(_fix, "fix_source", edit_meanwhile)
    result, = _fix.fix([str(path)], (2, 3), CATALOGUE, write=True)
    assert not result.written and "changed since tfpatch read it" in result.problem
    assert path.read_text().endswith("# edited\n")
    assert [p for p in os.listdir(str(tmp_path)) if p.startswith(".tfpatch-")] == []


@needs_libcst
def test_fix_from_report_fixes_exactly_the_reported_sites(tmp_path):
    source = ("import tensorflow as tf\n"
              "a = tf.data.AUTOTUNE\n"
              "b = tf.data.AUTOTUNE\n"
              "strategy.run(step)\n"
              "c = 1\n")
    path = tmp_path / "train.py"
    path.write_text(source)
    uses = [
        {"rule": "data.AUTOTUNE", "used": "tf.data.AUTOTUNE", "installed": "tf.data.experimental.AUTOTUNE",
         "since": "2.4", "file": str(path), "line": 3, "count": 1},
        # seen only at run time: `run` is too generic for the static pass
        {"rule": "distribute.Strategy.run", "used": "tf.distribute.Strategy.run",
         "installed": "tf.distribute.Strategy.experimental_run_v2", "since": "2.2", "file": str(path), "line": 4,
         "count": 1},
        {"rule": "data.AUTOTUNE", "used": "tf.data.AUTOTUNE", "installed": "tf.data.experimental.AUTOTUNE",
         "since": "2.4", "file": str(path), "line": 5, "count": 1},         # the line no longer matches
    ]
    report = tmp_path / "uses.json"
    report.write_text(json.dumps({"format": 1, "uses": uses, "runs": []}))
    proc = cli("fix", str(path), "--target", "2.1", "--from-report", str(report), "--write")
    assert path.read_text() == source.replace("b = tf.data", "b = tf.data.experimental") \
        .replace("strategy.run(", "strategy.experimental_run_v2(")
    assert "train.py:5: the line no longer shows tf.data.AUTOTUNE: left alone" in proc.stderr


def test_fix_says_why_it_cannot_run(monkeypatch):
    if HAS_LIBCST:
        monkeypatch.setitem(sys.modules, "libcst", None)   # as if the extra were not installed
        with pytest.raises(_fix.FixUnavailable, match=r'pip install "tfpatch\[fix\]"'):
            _fix.require_libcst()
    else:
        with pytest.raises(_fix.FixUnavailable, match="needs Python 3.9 or newer"):
            _fix.require_libcst()


@needs_libcst
def test_fix_keeps_mixed_line_endings_and_a_missing_last_newline(tmp_path):
    path = tmp_path / "mixed.py"
    path.write_bytes(b"import tensorflow as tf\r\nx = tf.data.AUTOTUNE\ny = 1\r\nz = tf.data.AUTOTUNE")
    assert cli("fix", str(path), "--target", "2.3", "--write").returncode == 0
    assert path.read_bytes() == (b"import tensorflow as tf\r\nx = tf.data.experimental.AUTOTUNE\ny = 1\r\n"
                                 b"z = tf.data.experimental.AUTOTUNE")


@needs_libcst
def test_fix_adds_the_import_a_rewrite_needs():
    source = ("import numpy as np\n"
              "from tensorflow.keras.optimizers import Adam\n"
              "from tensorflow.keras.mixed_precision.experimental import LossScaleOptimizer\n"
              "\n"
              "opt = LossScaleOptimizer(Adam(lr=0.1, decay=0.01), 'dynamic')\n")
    found = findings(source, (2, 21))
    assert [(f.line, f.write) for f in found if f.kind == "add-line"] == [(3, "import tensorflow as tf")]
    assert fixed(source, (2, 21)) == (
        "import numpy as np\n"
        "from tensorflow.keras.optimizers import Adam\n"
        "import tensorflow as tf\n"
        "from tensorflow.keras.mixed_precision import LossScaleOptimizer\n"
        "\n"
        "opt = LossScaleOptimizer(Adam(learning_rate=tf.keras.optimizers.schedules.InverseTimeDecay("
        "0.1, decay_steps=1, decay_rate=0.01)))\n")


@needs_libcst
def test_fix_follows_assignments_and_dataset_receivers():
    source = ("import tempfile, tensorflow as tf\n"
              "ds = tf.data.Dataset.from_tensor_slices([1, 2, 3]).batch(2)\n"
              "ds.save(path)\n"
              "model.save(path)\n"
              "x = ds.snapshot(tempfile.mkdtemp())\n"
              "mpx = tf.keras.mixed_precision.experimental\n"
              "opt = mpx.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1), 'dynamic')\n")
    assert fixed(source, (2, 3)) == source \
        .replace("ds.save(path)", "tf.data.experimental.save(ds, path)") \
        .replace("ds.snapshot(tempfile.mkdtemp())", "ds.apply(tf.data.experimental.snapshot(tempfile.mkdtemp()))")
    assert fixed(source, (2, 21)).endswith("mpx = tf.keras.mixed_precision\n"
                                           "opt = mpx.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))\n")
    # a fixed loss scale through the same name on Keras 3: nothing through `mpx` is rewritten
    held = source + "other = mpx.LossScaleOptimizer(opt, loss_scale=128)\n"
    assert "mpx = tf.keras.mixed_precision.experimental\n" in fixed(held, (2, 21))


@needs_libcst
def test_predict_generator_on_keras_3_gets_tuples_as_the_adapter_gives():
    source = "import tensorflow as tf\np = model.predict_generator(gen(), 2, workers=3)\n"
    assert fixed(source, (2, 21)).endswith(
        "p = model.predict((_batch if isinstance(_batch, tuple) else (_batch,) for _batch in gen()), steps=2)\n")
    assert fixed(source, (2, 12)) == source  # Keras 2.12 still has predict_generator


def test_tf_ops_on_symbolic_keras_tensors_are_listed_for_keras_3():
    source = ("import tensorflow as tf\n"
              "from tensorflow.keras import layers\n"
              "def build():\n"
              "    inputs = tf.keras.Input(shape=(4,))\n"
              "    h = tf.nn.relu(layers.Dense(8)(inputs))\n"
              "    out = tf.concat([h, inputs], axis=-1)\n"
              "    return tf.keras.Model(inputs, out)\n"
              "def call(inputs):\n"
              "    return tf.nn.relu(inputs)\n")   # another function's `inputs`: not symbolic
    found = [(f.line, f.status, f.found) for f in findings(source, (2, 21))]
    assert found == [(5, "human", "tf.nn.relu(<symbolic Keras tensor>)"),
                     (6, "human", "tf.concat(<symbolic Keras tensor>)")]
    assert findings(source, (2, 15)) == []  # Keras 2 takes them
