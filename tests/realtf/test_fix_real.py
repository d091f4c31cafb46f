"""`tfpatch fix` on real TensorFlow: the fixed programs run on the target release WITHOUT tfpatch.

For each legacy example: it fails on the release natively; `tfpatch fix --target R`
rewrites it; the fixed file runs there natively and passes `tfpatch run --strict`
(no alias is used any more); it differs from the original only at the reported
sites and the lines the target needs at the top; the numbers it prints are the ones
the original gave natively on the release it was written for.  2.21 for old code,
2.3 for new code (the reverse direction).

The last test fetches a TF 2.3-era model library (tf-models-official 2.3.0, never
committed) with `pip download --no-deps` and runs check and fix over every file.
"""
import json
import os
import subprocess
import sys
import zipfile

import pytest

from realenv import ROOT, clean_environ, env_python, pythonpath, run_python

pytestmark = pytest.mark.realtf

# example, written for (env), target env, target release, the output line that proves it ran
PROGRAMS = [
    ("legacy_mixed_precision.py", "tf2.3", "tf2.21", "2.21", "trained with TensorFlow 2.21"),
    ("legacy_keras_training.py", "tf2.3", "tf2.21", "2.21", "trained with TensorFlow 2.21"),
    ("tf1_graph_program.py", None, "tf2.21", "2.21", "trained with TensorFlow 2.21"),
    ("new_api_training.py", None, "tf2.3", "2.3", "trained with TensorFlow 2.3"),
]
FIX_PYTHON = "py3.11"  # LibCST's Python: the fix runs there, the program on the target's


def fix_python():
    return env_python(FIX_PYTHON)


def tfpatch_fix(*args):
    return subprocess.run([fix_python(), "-m", "tfpatch", "fix"] + list(args),
                          env=clean_environ(PYTHONPATH=pythonpath(ROOT)), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=600, cwd=str(ROOT))


def numbers(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("example, written_for, env, target, proof", PROGRAMS,
                         ids=[p[0] + "->" + p[3] for p in PROGRAMS])
def test_fixed_program_runs_without_tfpatch(example, written_for, env, target, proof, tmp_path):
    original = ROOT / "examples" / example
    broken = run_python(env, [str(original)])
    assert broken.returncode != 0, "the example must break on %s without tfpatch" % env
    fixed = tmp_path / example
    fixed.write_bytes(original.read_bytes())
    proc = tfpatch_fix(str(fixed), "--target", target, "--write")
    assert proc.returncode == 0, proc.stderr  # everything rewritten, nothing left for a human
    check = subprocess.run([fix_python(), "-m", "tfpatch", "check", str(original), "--target", target,
                            "--format", "json"], env=clean_environ(PYTHONPATH=pythonpath(ROOT)),
                           stdout=subprocess.PIPE, universal_newlines=True, cwd=str(ROOT))
    reported = json.loads(check.stdout)
    sites = {f["line"] for f in reported if f["kind"] != "add-line"}
    added = [f["write"] for f in reported if f["kind"] == "add-line"]
    before, after = original.read_text().splitlines(), fixed.read_text().splitlines()
    for text in added:  # the lines a target needs at the top, each reported
        after.remove(text)
    assert len(before) == len(after)
    changed = {i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b}
    assert changed and changed <= sites, (changed, sites)
    # runs on the target with no tfpatch at all
    native = run_python(env, [str(fixed)])
    assert native.returncode == 0, native.stderr[-3000:]
    assert proof in native.stdout
    # and uses no alias: strict mode would raise at the first one
    strict = run_python(env, ["-m", "tfpatch", "run", "--strict", str(fixed)], PYTHONPATH=pythonpath(ROOT))
    assert strict.returncode == 0, strict.stderr[-3000:]
    assert "served by tfpatch" not in strict.stderr
    # the numbers are the ones the original gave on the release it was written for
    if written_for is not None:
        then = run_python(written_for, [str(original)])
        assert then.returncode == 0, then.stderr[-3000:]
        now, was = numbers(native.stdout), numbers(then.stdout)
        if was:
            assert now and now[0].keys() == was[0].keys()
            for key, value in was[0].items():
                if isinstance(value, list):
                    assert now[0][key] == pytest.approx(value, rel=1e-4, abs=1e-6), key
                else:
                    assert now[0][key] == value, key
            # and the original under tfpatch on the target gives them too
            served = run_python(env, ["-m", "tfpatch", "run", str(original)], PYTHONPATH=pythonpath(ROOT))
            assert served.returncode == 0, served.stderr[-3000:]
            served = numbers(served.stdout)[0]
            for key, value in now[0].items():
                assert served[key] == (pytest.approx(value, rel=1e-5) if isinstance(value, list) else value), key
    # a second fix has nothing left to do
    again = tfpatch_fix(str(fixed), "--target", target)
    assert again.returncode == 0 and again.stdout == ""


# --- a real third-party codebase of the TF 2.3 era ---------------------------------------------------
CODEBASE = "tf-models-official==2.3.0"


@pytest.fixture(scope="module")
def codebase(tmp_path_factory):
    """tf-models-official 2.3.0 (the TensorFlow Model Garden's package), unpacked."""
    where = tmp_path_factory.mktemp("codebase")
    proc = subprocess.run([fix_python(), "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(where),
                           CODEBASE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=600)
    if proc.returncode != 0:
        pytest.fail("pip download %s failed: %s" % (CODEBASE, proc.stderr[-2000:]), pytrace=False)
    wheel, = [p for p in where.iterdir() if p.suffix == ".whl"]
    tree = where / "tree"
    with zipfile.ZipFile(str(wheel)) as archive:
        archive.extractall(str(tree))
    return tree


def test_third_party_codebase(codebase, tmp_path):
    files = sorted(p for p in codebase.rglob("*.py"))
    assert len(files) > 300
    check = subprocess.run([fix_python(), "-m", "tfpatch", "check", str(codebase), "--target", "2.21", "--format",
                            "json"], env=clean_environ(PYTHONPATH=pythonpath(ROOT)), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True, timeout=600)
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr[-3000:]
    assert "not checked" not in check.stderr  # every file was read and parsed
    found = json.loads(check.stdout)
    by_status = {s: sum(1 for f in found if f["status"] == s) for s in ("fix", "human", "undecided")}
    fix = subprocess.run([fix_python(), "-m", "tfpatch", "fix", str(codebase), "--target", "2.21", "--write"],
                         env=clean_environ(PYTHONPATH=pythonpath(ROOT)), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True, timeout=1200)
    assert fix.returncode == 1 and "Traceback" not in fix.stderr, fix.stderr[-3000:]
    assert "left untouched" not in fix.stderr and "not rewritten" not in fix.stderr
    summary = fix.stderr.strip().splitlines()[-1]
    print("check:", by_status, "\nfix:", summary)
    assert "rewrote %d sites" % by_status["fix"] in summary
    # every fixed file still compiles, and a second pass has nothing mechanical left
    compiled = subprocess.run([fix_python(), "-m", "compileall", "-q", str(codebase)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=600)
    assert compiled.returncode == 0, compiled.stdout[-2000:]
    again = subprocess.run([fix_python(), "-m", "tfpatch", "check", str(codebase), "--target", "2.21", "--format",
                            "json"], env=clean_environ(PYTHONPATH=pythonpath(ROOT)), stdout=subprocess.PIPE,
                           universal_newlines=True, timeout=600)
    left = json.loads(again.stdout)
    assert not [f for f in left if f["status"] == "fix"]
    assert len(left) <= by_status["human"] + by_status["undecided"]


# --- the real-TF cases of the catalogue --------------------------------------------------------------
# Cases whose fix leaves something for a human, and why (each is listed by `tfpatch fix`, not rewritten).
LEFT_FOR_A_HUMAN = {
    "tf2.21": {
        "loss-scale-keras2-training-loop": "get_unscaled_gradients: Keras 3 unscales inside apply_gradients",
        "predict-classes": "argmax or a threshold: it depends on the model's output",
        "experimental-loss-scale-optimizer": "loss_scale=128: Keras 3 has no fixed loss scale",
        "k3-experimental-fixed-loss-scale": "loss_scale=128: Keras 3 has no fixed loss scale",
        "k3-experimental-policy-loss-scale": "follows a LossScaleOptimizer call left for a human",
        "preprocessing-every-name": "getattr(...preprocessing, name): undecidable statically",
        "metric-reset-states": "compiled_metrics: Keras 3 has no such object",
        "k3-compiled-loss-in-train-step": "compiled_loss/compiled_metrics: Keras 3 has no such objects",
        "k3-learning-phase": "learning phase: Keras 3 passes training= instead",
        "k3-train-on-batch-reset-metrics": "reset_metrics=: what the program meant by it decides",
        "k3-weights-bare-name": "a weights file name: which file the program reads back decides",
        "keras3-tf-ops-functional": "a TF op on a Keras tensor: keras.ops or a layer, by hand",
        "keras3-tf-ops-dtypes": "a TF op on a Keras tensor: keras.ops or a layer, by hand",
        "keras3-tf-ops-save-load": "a TF op on a Keras tensor: keras.ops or a layer, by hand",
        "keras2-symbolic-get-shape": "get_shape() of a Keras tensor: its .shape, by hand",
        "keras2-functional-add-loss": "a TF op on a Keras tensor: keras.ops or a layer, by hand",
        "k3-model-reset-states": "reset_states(): a metric's is renamed, a model's is not",
    },
    "tf2.3": {
        "stable-loss-scale-optimizer-on-old": "dynamic_growth_steps= needs a DynamicLossScale written by hand",
        "from-generator-output-signature": "output_signature= becomes output_types= and output_shapes=",
        "from-generator-ragged-refused": "output_signature= becomes output_types= and output_shapes=",
        "optimizers-legacy-every-name-before-2.9": "getattr(...legacy, name): undecidable statically",
        "keras-config-before-2.16": "tf.keras.config: 2.3 has no such namespace",
        "enable-op-determinism-before-2.8": "op determinism: 2.3 has no switch for it",
    },
}
# Cases a reading of source cannot find (tfpatch finds them at run time), and why.
NOT_FOUND_STATICALLY = {
    "tf2.21": {
        "k3-optimizer-lr": "opt.lr: an attribute of an instance whose type a reading cannot know",
        "k3-optimizer-loss-scale": "opt.loss_scale: an attribute of an instance whose type a reading cannot know",
        "keras2-build-tensorshape": "input_shape.as_list() in build(): what input_shape is, the caller decides",
        "keras2-layer-name-slash": "a layer name holding '/': a value",
        "keras2-input-int-shape": "Input(shape=<int>): a value",
        "keras2-layer-activity-regularizer": "layer._activity_regularizer: an attribute of an instance",
        "keras2-call-autograph": "Python control flow in call(): whether it meets a tensor, only a run knows",
        "k3-loss-scale-optimizer-keras2-arguments": "LossScaleOptimizer(opt, <bool>): no static twin; the "
                                                    "run-time adapter and its notice cover it",
        "tf1-argmax-five-positional": "TF 1's positional order: check reads TF 1 keywords, not positions",
        "tf1-layers-on-keras-3-says-what-to-install": "tf.compat.v1.layers runs on no Keras 3: nothing to write",
    },
    "tf2.3": {
        "data-options-deterministic-before-2.7": "options.deterministic: an attribute of an instance",
        "compile-steps-per-execution-before-2.3": "the keyword comes in **kwargs",
        "compile-jit-compile-before-2.8": "the keyword comes in **kwargs",
        "tf1-argmax-five-positional": "TF 1's positional order: check reads TF 1 keywords, not positions",
    },
}


def _fixed_cases(env, release):
    from cases import CASES
    from tfpatch import _check, _fix
    from tfpatch.rules import CATALOGUE
    cat = _check.Catalogue(CATALOGUE, release)
    fixed, left, unseen = [], {}, set()
    for case in CASES:
        if env not in case.breaks or (case.only is not None and env not in case.only):
            continue
        found = _check.scan(case.code, "<case %s>" % case.id, cat)
        new, applied, missed = _fix.fix_source(case.code, found)
        assert not missed, (case.id, [str(f) for f in missed])
        held = [f for f in found if f.status != "fix"]
        if held:
            left[case.id] = sorted(set(f.reason for f in held))
            continue
        if not found:
            unseen.add(case.id)
            continue
        assert new != case.code, "%s breaks on %s, yet check finds nothing to fix" % (case.id, env)
        # a second pass has nothing left
        assert _fix.fix_source(new, _check.scan(new, "<case>", cat))[0] == new, case.id
        fixed.append({"id": case.id, "code": new})
    # every case that breaks is found, but those a reading cannot see, each with its reason
    assert unseen == set(NOT_FOUND_STATICALLY.get(env, {})), sorted(unseen)
    return fixed, left


@pytest.mark.parametrize("env, release", [("tf2.21", (2, 21)), ("tf2.3", (2, 3))])
def test_fixed_cases_run_without_tfpatch(env, release, tmp_path):
    fixed, left = _fixed_cases(env, release)
    print("%s: %d cases fixed; left for a human: %s" % (env, len(fixed), json.dumps(left, indent=1)))
    assert set(left) == set(LEFT_FOR_A_HUMAN.get(env, {})), left
    assert len(fixed) >= 5
    # a fixed TF1 program switches the whole process to graph mode: each runs in a process of its own
    graph = [c for c in fixed if "disable_v2_behavior()" in c["code"]]
    groups = [[c for c in fixed if c not in graph]] + [[c] for c in graph]
    runner = str(ROOT / "tests" / "realtf" / "runner.py")
    native_cases, strict_cases = {}, {}
    for number, group in enumerate(groups):
        cases_file = tmp_path / ("fixed%d.json" % number)
        cases_file.write_text(json.dumps(group))
        native, strict = tmp_path / ("native%d.json" % number), tmp_path / ("strict%d.json" % number)
        proc = run_python(env, [runner, "none", str(cases_file), str(native)])
        assert proc.returncode == 0, proc.stderr[-3000:]
        proc = run_python(env, [runner, "import", str(cases_file), str(strict)], PYTHONPATH=pythonpath(ROOT),
                          TFPATCH_STRICT="1")
        assert proc.returncode == 0, proc.stderr[-3000:]
        native, strict = json.loads(native.read_text()), json.loads(strict.read_text())
        assert native["tf_version"].startswith(env[2:] + ".") and not native["tfpatch_loaded"]
        assert strict["tfpatch_loaded"] and strict["status"]["active"]
        native_cases.update(native["cases"])
        strict_cases.update(strict["cases"])
    assert sorted(native_cases) == sorted(c["id"] for c in fixed)
    failures = {cid: r["error"] for cid, r in native_cases.items() if r["error"]}
    assert failures == {}, json.dumps(failures, indent=1)[:5000]
    failures = {cid: (r["error"], r["notices"]) for cid, r in strict_cases.items() if r["error"] or r["notices"]}
    assert failures == {}, json.dumps(failures, indent=1)[:5000]


def test_fix_from_a_runtime_report(tmp_path):
    """`tfpatch run --report` on 2.21, then `fix --from-report`: exactly the sites the run used."""
    program = tmp_path / "legacy_mixed_precision.py"
    program.write_bytes((ROOT / "examples" / "legacy_mixed_precision.py").read_bytes())
    report = tmp_path / "uses.json"
    run = run_python("tf2.21", ["-m", "tfpatch", "run", "--report", str(report), str(program)],
                     PYTHONPATH=pythonpath(ROOT))
    assert run.returncode == 0, run.stderr[-3000:]
    uses = json.loads(report.read_text())["uses"]
    proc = tfpatch_fix(str(program), "--target", "2.21", "--from-report", str(report), "--write")
    assert proc.returncode == 0, proc.stderr
    lines = {u["line"] for u in uses}
    before = (ROOT / "examples" / "legacy_mixed_precision.py").read_text().splitlines()
    after = program.read_text().splitlines()
    changed = {i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b}
    assert changed and changed <= lines
    native = run_python("tf2.21", [str(program)])
    assert native.returncode == 0 and "trained with TensorFlow 2.21" in native.stdout, native.stderr[-3000:]
