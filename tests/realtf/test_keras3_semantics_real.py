"""Semantics, not only names: Keras-2-era programs give the same numbers on Keras 3 under
tfpatch as natively on the release they were written for.

Each section of ``keras2_programs.py`` is run natively on its reference release (2.15,
or 2.8 for the experimental mixed-precision spellings, gone from 2.9) and under tfpatch
on 2.16 and 2.21; the numbers must agree within 1e-5.  Without tfpatch the same section
must fail on Keras 3 (or, for ``compiled_loss``, log other numbers): the comparison
is about a program that needs tfpatch there.
"""
import json
import math

import pytest

from realenv import ROOT, pythonpath, run_python

pytestmark = pytest.mark.realtf

PROGRAM = str(ROOT / "tests" / "realtf" / "keras2_programs.py")
#: section -> the release it was written for (its numbers are the reference)
REFERENCE = {
    "learning_rate": "tf2.15",
    "fixed_loss_scale": "tf2.8",
    "policy_loss_scale": "tf2.8",
    "checkpoint_round_trip": "tf2.15",
    "reset_metrics": "tf2.15",
    "compiled_loss": "tf2.15",
    "experimental_optimizers": "tf2.15",
    "learning_phase": "tf2.15",   # last: it leaves the phase set for the rest of the process
}
KERAS3 = ("tf2.16", "tf2.21")
#: what each section meets on Keras 3 without tfpatch
NATIVE_KERAS3 = {
    "learning_rate": "AttributeError: 'SGD' object has no attribute 'lr'",
    "fixed_loss_scale": "has no attribute 'experimental'",
    "policy_loss_scale": "has no attribute 'experimental'",
    "checkpoint_round_trip": "ValueError: When using `save_weights_only=True` in `ModelCheckpoint`",
    "reset_metrics": "got an unexpected keyword argument 'reset_metrics'",
    "compiled_loss": None,   # runs, but logs the mean prediction as the loss
    "experimental_optimizers": "has no attribute 'experimental'",
    "learning_phase": "has no attribute 'learning_phase'",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    cache = {}
    workdir = tmp_path_factory.mktemp("keras3-semantics")

    def get(env, patched):
        key = (env, patched)
        if key not in cache:
            sections = [s for s in REFERENCE if patched or REFERENCE[s] == env or env in KERAS3]
            out = workdir / ("%s-%s.json" % (env, "tfpatch" if patched else "native"))
            extra = {"PYTHONPATH": pythonpath(ROOT)} if patched else {}
            proc = run_python(env, [PROGRAM, str(out)] + sections, timeout=900, **extra)
            assert proc.returncode == 0 and out.exists(), proc.stderr[-3000:]
            cache[key] = json.loads(out.read_text())
            assert cache[key]["tfpatch"] is patched
            assert cache[key]["tf_version"].startswith(env[len("tf"):] + ".")
        return cache[key]
    return get


def same(a, b, path="", tolerance=1e-5):
    """Where ``a`` and ``b`` differ (numbers within ``tolerance``, inf and nan alike), or []."""
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return ["%s: keys %s vs %s" % (path, sorted(a), sorted(b))]
        return [d for k in sorted(a) for d in same(a[k], b[k], path + "." + k, tolerance)]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return ["%s: length %d vs %d" % (path, len(a), len(b))]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in same(x, y, "%s[%d]" % (path, i), tolerance)]
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b) or a == b:
            return []
        if abs(a - b) <= tolerance * max(1.0, abs(a), abs(b)):
            return []
        return ["%s: %r vs %r" % (path, a, b)]
    return [] if a == b else ["%s: %r vs %r" % (path, a, b)]


PAIRS = [(section, env) for section in REFERENCE for env in KERAS3]


@pytest.mark.parametrize("section, env", PAIRS, ids=["%s-%s" % p for p in PAIRS])
def test_same_numbers_as_the_release_it_was_written_for(runs, section, env):
    reference = runs(REFERENCE[section], False)[section]
    assert "error" not in reference, reference
    native = runs(env, False)[section]
    expected_error = NATIVE_KERAS3[section]
    if expected_error is None:
        assert "error" not in native and same(reference, native), "runs natively with the same numbers: " \
                                                                  "no adapter needed"
    else:
        assert expected_error in native.get("error", ""), native
    patched = runs(env, True)[section]
    assert "error" not in patched, patched
    assert same(reference, patched) == []


def test_the_sections_check_what_they_claim(runs):
    """The reference runs show the behaviour each adapter must keep (not vacuous numbers)."""
    r15, r8 = runs("tf2.15", False), runs("tf2.8", False)
    assert r15["learning_rate"]["lr_seen"] == pytest.approx([0.05, 0.025, 0.0125, 0.00625])
    fixed = r8["fixed_loss_scale"]
    assert fixed["scale_before"] == fixed["scale_after"] == 128.0 and fixed["overflowed_step_applied"]
    assert r8["policy_loss_scale"]["optimizer"] and r8["policy_loss_scale"]["optimizer_loss_scale"] == 128.0
    ckpt = r15["checkpoint_round_trip"]
    assert same(ckpt["after_fit"], ckpt["restored"]) == [] and same(ckpt["after_fit"], ckpt["from_checkpoint"]) == []
    results = r15["reset_metrics"]["results"]
    assert results[1] != results[0] and results[2][0] < results[1][0]   # accumulated, then reset
    phase = r15["learning_phase"]
    assert phase["phase1"] != phase["phase0"] and phase["phase1_explicit_false"] == phase["phase0"]
    # compiled_loss: Keras 3 alone logs another loss (the mean prediction)
    assert same(r15["compiled_loss"]["loss"], runs("tf2.21", False)["compiled_loss"]["loss"]) != []


def test_a_dynamic_scale_would_have_differed(runs):
    """The fixed scale is fixed on Keras 3 too: a dynamic one would have skipped the
    overflowing step and halved the scale."""
    patched = runs("tf2.21", True)["fixed_loss_scale"]
    assert patched["scale_after"] == 128.0 and patched["overflowed_step_applied"]


REMOVED = {
    "keras.layers.LocallyConnected2D": "tf_keras",
    "keras.layers.DenseFeatures": "FeatureSpace",
    "keras.layers.AbstractRNNCell": "state_size",
    "keras.estimator": "model_to_estimator",
    "keras.utils.OrderedEnqueuer": "PyDataset",
    "keras.utils.to_ordinal": "numpy.arange(n - 1) < y[..., None]",
    "keras.utils.SidecarEvaluator": "model.evaluate",
    "keras.dtensor": "keras.distribution",
    # namespaces no row serves a name in: hooked for their explanations alone
    "keras.constraints.RadialConstraint": "tf_keras",
    "keras.applications.RegNetX002": "tf_keras",
    "keras.layers.experimental.RandomFourierFeatures": "kernelized.py",
    "compat.v1.estimator": "Model.fit",
}


def test_the_to_ordinal_line_computes_what_keras_2_did():
    """The line a missing tf.keras.utils.to_ordinal gains gives numpy to write instead: on
    2.15 it computes what Keras 2's function did."""
    sys_path = pythonpath(ROOT)
    code = """
import numpy as np, tensorflow as tf
from tfpatch.rules.tf1 import LEFT_TENSORFLOW
assert "(numpy.arange(n - 1) < y[..., None]).astype('float32'), with y = y[..., 0] first if y.ndim > 1 " \\
    "and y.shape[-1] == 1 (n: max(y) + 1 when not given)" in LEFT_TENSORFLOW["keras.utils.to_ordinal"]
rng = np.random.RandomState(0)
for shape, given in [((7,), None), ((3, 4), 6), ((5, 1), None), ((1,), 4), ((2, 3, 2), 9), ((4, 1), 3)]:
    y = rng.randint(0, 3, size=shape)
    expected = tf.keras.utils.to_ordinal(y, given)
    n = given or int(y.max()) + 1
    if y.ndim > 1 and y.shape[-1] == 1:
        y = y[..., 0]
    written = (np.arange(n - 1) < y[..., None]).astype('float32')
    assert expected.dtype == written.dtype and np.array_equal(expected, written), (shape, expected, written)
print("same")
"""
    proc = run_python("tf2.15", ["-c", code], PYTHONPATH=sys_path)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("same"), proc.stderr[-2000:]


@pytest.mark.parametrize("env", KERAS3)
def test_removed_names_say_what_to_do(env):
    code = """
import json, tfpatch, tensorflow as tf
out = {}
for path in %r:
    obj = tf
    try:
        for part in path.split("."):
            obj = getattr(obj, part)
        out[path] = None
    except AttributeError as exc:
        out[path] = str(exc)
print(json.dumps(out))
""" % (sorted(REMOVED),)
    proc = run_python(env, ["-c", code], PYTHONPATH=pythonpath(ROOT))
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    for path, hint in REMOVED.items():
        message = found[path]
        assert message is not None, path
        first, _, line = message.partition("\n")
        assert "has no attribute '%s'" % path.rpartition(".")[2] in first, message
        assert line.startswith("tfpatch: tf.%s existed in TensorFlow" % path) and hint in line, message
