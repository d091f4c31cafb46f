"""tfpatch's costs, measured side by side with and without it, in one run.

    python benchmarks/run.py [--only SECTION ...] [--import-envs tf2.3 tf2.21]
                             [--program-envs tf2.15 tf2.21] [--pairs 100] [--program-pairs 25]
                             [--no-valgrind] [--quick]

Builds what it needs of the environments (tools/tfenvs.py), then prints one
table: each measure without and with tfpatch, the difference or ratio, the
target and the verdict, and the machine it ran on.  Runs are paired and
interleaved (A B, B A, ...) in fresh processes so drift hits both sides.  The
binding figures of ``import tensorflow`` and of a modern program's start are
instruction counts (valgrind's callgrind): the same from run to run, where a
1% wall-clock ratio sits inside a shared machine's noise; the paired wall
ratio is printed beside each.  Sections (``--only``): import, parts (where
tfpatch's instructions inside ``import tensorflow`` go: one part switched off at
a time, a diagnosis without a target), functions (the instructions inside each of
tfpatch's main functions there, another diagnosis), program, aliases, hooks, start.  About
an hour with the defaults, most of it callgrind;
``--quick`` (fewer pairs and repetitions) takes ~30 minutes, ``--quick
--no-valgrind`` ~5.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import tfenvs  # noqa: E402


def _child_env(env_extra=None, pythonpath=(ROOT,)):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH") and k != "PYTHONPATH"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    env.update(env_extra or {})
    return env


def run(python, code, env_extra=None, pythonpath=(ROOT,), preexec_fn=None):
    proc = subprocess.run([python, "-c", code], env=_child_env(env_extra, pythonpath), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=900, preexec_fn=preexec_fn)
    if proc.returncode != 0:
        raise SystemExit("benchmark step failed:\n%s\n%s" % (code, proc.stderr[-3000:]))
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- 1. import tensorflow, with and without tfpatch ------------------------------------
# Wall time of fresh processes, paired and interleaved (A B, B A, ...).  Each pair
# shares one PYTHONHASHSEED (a new one per pair) and both runs are pinned to one CPU:
# on a shared 2-CPU VM that takes the spread of one pair's ratio from ~5% to ~1.5%.
# The median ratio is the target's figure; a bootstrap 95% interval is printed with it.
IMPORT_TF = textwrap.dedent('''
    import gc, json, sys, time
    t0 = time.perf_counter()
    %s
    import tensorflow
    dt = time.perf_counter() - t0
    print(json.dumps([dt, sorted(sys.modules), [g["collections"] for g in gc.get_stats()]]))
''')


def _pinned():
    """preexec_fn: the child runs on one CPU, the same for every run (Linux)."""
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})


def bootstrap_interval(ratios, rounds=2000):
    import random
    rng = random.Random(0)
    medians = sorted(statistics.median(rng.choice(ratios) for _ in ratios) for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds)]


def bench_import(python, pairs, warmup=2):
    plain, patched, mods, gcs = [], [], {}, {}
    for i in range(pairs + warmup):
        order = [("plain", ""), ("patched", "import tfpatch")]
        if i % 2:
            order.reverse()
        times = {}
        for label, line in order:
            dt, modules, collections = run(python, IMPORT_TF % line, env_extra={"PYTHONHASHSEED": str(i + 1)},
                                           preexec_fn=_pinned)
            times[label] = dt
            mods[label], gcs[label] = set(modules), collections
        if i >= warmup:  # the first runs fill the page cache
            plain.append(times["plain"])
            patched.append(times["patched"])
    ratios = [b / a for a, b in zip(plain, patched)]
    extra = sorted(m for m in mods["patched"] - mods["plain"] if m.split(".")[0] != "tfpatch")
    missing = sorted(mods["plain"] - mods["patched"])
    return (statistics.median(plain), statistics.median(patched), statistics.median(ratios),
            bootstrap_interval(ratios), extra, missing, gcs)


# The same two imports counted in instructions by valgrind (callgrind): the same
# count run after run, whatever else the machine does.  Garbage collection is off
# and the process ends with os._exit, so only the import itself is counted.
COUNTED = "import gc; gc.disable(); %s; import tensorflow; import os; os._exit(0)"


def _callgrind(python, code, main_thread=False, disable=None, gate=None):
    """valgrind --tool=callgrind on ``python -c code``: a Popen and a function that waits
    for it and returns the instructions counted (the main thread's alone with
    ``main_thread``: TensorFlow's executor threads wait for work in spin loops, whose
    count depends on the scheduling).  ``disable``: TFPATCH_DISABLE for the child; ``gate``:
    a C function outside which nothing is counted (callgrind's --toggle-collect)."""
    tmp = tempfile.mkdtemp(prefix="tfpatch-callgrind-")
    out = os.path.join(tmp, "out")
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out]
    if main_thread:
        command.append("--separate-threads=yes")
    if gate:  # count only inside this C function (and what it calls)
        command.append("--toggle-collect=" + gate)
    extra = {"PYTHONHASHSEED": "1"}
    if disable:
        extra["TFPATCH_DISABLE"] = disable
    proc = subprocess.Popen(command + [python, "-c", code], env=_child_env(extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)

    def result():
        try:
            _, stderr = proc.communicate(timeout=7200)
            if main_thread:
                with open(out + "-01") as f:
                    for text in f:
                        if text.startswith(("summary:", "totals:")):
                            return int(text.split(":")[1].split()[0])
            else:
                for text in stderr.splitlines():
                    if "Collected :" in text:
                        return int(text.split(":")[-1].strip())
            raise SystemExit("valgrind did not count %s:\n%s" % (python, stderr[-2000:]))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def count_pair(python, template, main_thread=False):
    """Instructions without and with tfpatch, the two processes run side by side
    (the counts do not depend on what else runs)."""
    plain = _callgrind(python, template % "pass", main_thread)
    patched = _callgrind(python, template % "import tfpatch", main_thread)
    return plain(), patched()


# --- 1b. where tfpatch's instructions inside `import tensorflow` go --------------------
# A diagnosis, not a target: the count of section 1 with tfpatch, again with one part
# switched off through tfpatch's own TFPATCH_DISABLE (its rule ids), and with every row
# off: what is left then is the machinery (import tfpatch, the hooks, reading the
# catalogue, the index, the end-of-import pass over nothing).
def part_switches():
    """``[(label, rule ids)]``: the parts the ``parts`` section switches off."""
    sys.path.insert(0, str(ROOT))
    from tfpatch.rules import CATALOGUE
    from tfpatch.rules._kinds import Adapter, Fallback
    fallback = [r.id for r in CATALOGUE if isinstance(r, Fallback)]
    tf1_arguments = [r.id for r in CATALOGUE if isinstance(r, Adapter) and r.adapter == "tf1_arguments"]
    adapters = [r.id for r in CATALOGUE if isinstance(r, Adapter) and r.adapter != "tf1_arguments"]
    return [("the TF1 fallback", fallback), ("the TF1 argument adapter", tf1_arguments),
            ("the other adapters", adapters), ("every row", [r.id for r in CATALOGUE])]


def count_parts(python, switches):
    """``(plain, patched, [(label, count with that part off)])``, two processes at a time."""
    runs = [("plain", COUNTED % "pass", {}), ("patched", COUNTED % "import tfpatch", {})] + [
        (label, COUNTED % "import tfpatch", {"disable": ",".join(ids)}) for label, ids in switches]
    counts = dict(_count_side_by_side(python, runs))
    return counts["plain"], counts["patched"], [(label, counts[label]) for label, _ in switches]


def _count_side_by_side(python, runs):
    """``[(label, instructions)]`` for ``runs`` (label, code, options of ``_callgrind``), two
    processes at a time."""
    counts = []
    for i in range(0, len(runs), 2):
        waiting = [(label, _callgrind(python, code, **options)) for label, code, options in runs[i:i + 2]]
        counts.extend((label, result()) for label, result in waiting)
    return counts


# --- 1c. which of tfpatch's functions those instructions run in -----------------------
# Another diagnosis: callgrind counts only inside sys.call_tracing (--toggle-collect),
# which the child puts around one of tfpatch's functions at a time: the instructions of
# that function and of all it calls, every call of it inside `import tensorflow` added up.
# One function per process (a counted call inside another would switch counting off).
GATED = """
import gc, importlib, sys
gc.disable()
target = %r
if target == "import tfpatch":
    sys.call_tracing(importlib.import_module, ("tfpatch",))
else:
    import tfpatch
    module, _, qualname = target.partition(":")
    owner = importlib.import_module(module)
    parts = qualname.split(".")
    for part in parts[:-1]:
        owner = getattr(owner, part)
    original = getattr(owner, parts[-1])
    def counted(*args, **kwargs):
        return sys.call_tracing(lambda: original(*args, **kwargs), ())
    setattr(owner, parts[-1], counted)
import tensorflow
import os; os._exit(0)
"""

#: (label, what to count): "import tfpatch" or "module:qualified name" of a function.
FUNCTIONS = [
    ("import tfpatch (its modules, the waiting hooks)", "import tfpatch"),
    ("TensorFlow starts: catalogue, engine, hooks", "tfpatch._state:Activation._start"),
    ("  the index of the rules (the plan's)", "tfpatch._index:for_activation"),
    ("  the hooks' install", "tfpatch._hook:install"),
    ("TensorFlow's import ends (root_executed)", "tfpatch._hook:Hooks.root_executed"),
    ("  the engine's pass (sweep)", "tfpatch._engine:Engine.sweep"),
    ("    module hooks (patch_module)", "tfpatch._engine:Engine.patch_module"),
    ("    the adapters (AdapterHost.install)", "tfpatch._engine:AdapterHost.install"),
    ("      importing the adapter modules", "tfpatch.adapters:function"),
    ("      the TF1 argument adapter", "tfpatch.adapters.tf1_arguments:install_arguments"),
    ("      Dataset methods", "tfpatch.adapters.oldrel:install_dataset_methods"),
    ("  API packages' directories", "tfpatch._hook:Hooks._learn_api_packages"),
    ("  top-level packages' directories", "tfpatch._hook:Hooks._learn_top_level"),
]


def count_functions(python, functions=FUNCTIONS):
    """``[(label, instructions)]`` inside each function of ``functions``, two processes at a time."""
    return _count_side_by_side(python, [(label, GATED % target, {"gate": "sys_call_tracing"})
                                        for label, target in functions])


# --- 2. a modern program's start, with and without tfpatch -----------------------------
# import tensorflow, the first tf.keras access (on 2.16+ Keras loads only then, and with
# it tfpatch's Keras work), a small model built and compiled, one fit step.  Wall time:
# paired, pinned, seeded as the import above.  The child also reports the full
# (generation-2) garbage collections inside the window: CPython starts one when enough
# new objects have survived since the last, so any library that keeps a few thousand
# objects moves the next one earlier or later by a whole call (~0.1-0.3 s with
# TensorFlow and Keras loaded); counted in instructions with collection off, as the
# import is.  The loss of the fit step must be the same number with and without.
PROGRAM_BODY = '''
import tensorflow as tf
keras = tf.keras
import numpy as np
keras.utils.set_random_seed(1)
x = (np.arange(256, dtype="float32") / 256.0).reshape(64, 4)
y = x.sum(axis=1, keepdims=True)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
loss = float(model.fit(x, y, batch_size=64, epochs=1, verbose=0).history["loss"][0])
'''
PROGRAM = textwrap.dedent('''
    import gc, json, sys, time
    full = [0, 0.0, 0.0]  # full collections in the window, their time, the start of the current one

    def on_collection(phase, info):
        if info["generation"] == 2:
            if phase == "start":
                full[2] = time.perf_counter()
            else:
                full[0] += 1
                full[1] += time.perf_counter() - full[2]
    gc.callbacks.append(on_collection)
    t0 = time.perf_counter()
    %s
''') + PROGRAM_BODY.replace("%", "%%") + textwrap.dedent('''
    dt = time.perf_counter() - t0
    print(json.dumps([dt, full[0], full[1], loss, sorted(sys.modules)]))
''')
PROGRAM_COUNTED = "import gc; gc.disable()\n%s\n" + PROGRAM_BODY.replace("%", "%%") + "import os; os._exit(0)\n"


def bench_program(python, pairs, warmup=1):
    sides = {"plain": [], "patched": []}
    mods, losses = {}, {"plain": set(), "patched": set()}
    for i in range(pairs + warmup):
        order = [("plain", "pass"), ("patched", "import tfpatch")]
        if i % 2:
            order.reverse()
        for label, line in order:
            dt, collections, collecting, loss, modules = run(python, PROGRAM % line,
                                                             env_extra={"PYTHONHASHSEED": str(i + 1)},
                                                             preexec_fn=_pinned)
            mods[label] = set(modules)
            losses[label].add(loss)
            if i >= warmup:
                sides[label].append((dt, collections, collecting))
    plain, patched = sides["plain"], sides["patched"]
    ratios = [b[0] / a[0] for a, b in zip(plain, patched)]
    bare = [(b[0] - b[2]) / (a[0] - a[2]) for a, b in zip(plain, patched)]

    def ours(name):  # tfpatch's, or autograph's module of the day (a new name each process)
        return name.split(".")[0] == "tfpatch" or name.startswith("__autograph_generated_file")
    extra = sorted(m for m in mods["patched"] - mods["plain"] if not ours(m))
    missing = sorted(m for m in mods["plain"] - mods["patched"] if not ours(m))
    collections = {label: (statistics.median(s[1] for s in side), statistics.median(s[2] for s in side))
                   for label, side in sides.items()}
    return dict(plain=statistics.median(a[0] for a in plain), patched=statistics.median(b[0] for b in patched),
                ratio=statistics.median(ratios), interval=bootstrap_interval(ratios), bare=statistics.median(bare),
                collections=collections, extra=extra, missing=missing, losses=losses)


# --- 3. the hooks' cost on imports that are not TensorFlow's ---------------------------
# In one process, chunks of fresh tiny modules (one new package each, as a program's
# imports come from few directories) are imported alternately with tfpatch active
# and not, and, for comparison, with a do-nothing finder in front of sys.meta_path:
# what a classic import hook costs.  The paired differences give the cost per import.
# After each switch a smaller chunk is imported untimed: activating tfpatch touches
# enough memory to slow the next ~100 imports by ~1 us each, a cost a program pays
# once, not per import.
IMPORT_MANY = textwrap.dedent('''
    import gc, json, os, statistics, sys, time
    root, chunks, per_chunk = %r, %d, %d
    sys.path.insert(0, root)
    import tfpatch
    tfpatch.deactivate()

    class DoNothingFinder(object):
        def find_spec(self, name, path=None, target=None):
            return None

    def chunk(k, count):
        names = ["chunk_%%d.m%%d" %% (k, j) for j in range(count)]
        gc.disable()
        t = time.perf_counter()
        __import__("chunk_%%d" %% k)
        for name in names:
            __import__(name)
        dt = time.perf_counter() - t
        gc.enable()
        return dt / (count + 1)

    setups = {
        "plain": (lambda: None, lambda: None),
        "tfpatch": (tfpatch.activate, tfpatch.deactivate),
        "front finder": (lambda: sys.meta_path.insert(0, finder), lambda: sys.meta_path.remove(finder)),
    }
    finder = DoNothingFinder()
    times = {label: [] for label in setups}
    k = 0
    for round_ in range(chunks):
        labels = list(setups) if round_ %% 2 == 0 else list(setups)[::-1]
        for label in labels:
            on, off = setups[label]
            on()
            chunk(k, per_chunk // 3)  # not timed: switching evicts the CPU caches the imports use
            times[label].append(chunk(k + 1, per_chunk))
            off()
            k += 2
    diff = lambda label: statistics.median(b - a for a, b in zip(times["plain"], times[label]))
    print(json.dumps({"plain": statistics.median(times["plain"]), "tfpatch": diff("tfpatch"),
                      "front": diff("front finder")}))
''')


def bench_hook(python, chunks, per_chunk):
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(chunks * 6):
            d = Path(tmp) / ("chunk_%d" % k)
            d.mkdir()
            (d / "__init__.py").write_text("")
            for j in range(per_chunk):
                (d / ("m%d.py" % j)).write_text("X = %d\n" % j)
        return run(python, IMPORT_MANY % (tmp, chunks, per_chunk))


# --- 4. aliases at run time ----------------------------------------------------------------
ALIASES = textwrap.dedent('''
    import json, sys, timeit, warnings
    warnings.simplefilter("ignore")
    import tfpatch, tensorflow as tf
    tfpatch._log.set_level("off")
    mp = tf.keras.mixed_precision
    s = tf.distribute.get_strategy()
    new_tf = int(tf.__version__.split(".")[1]) >= 9
    if new_tf:   # 2.9+: the experimental spellings are served
        served_fn, native_fn = mp.experimental.global_policy, mp.global_policy
        served_ns, served_attr, native_attr = mp.experimental, "global_policy", None
        method_alias, method_direct = "experimental_run_v2", "run"
    else:        # <= 2.3: the stable spellings are served
        served_fn, native_fn = mp.global_policy, mp.experimental.global_policy
        served_ns, served_attr = mp, "global_policy"
        method_alias, method_direct = "distribute_datasets_from_function", "experimental_distribute_datasets_from_function"
    n = 200000
    def t(stmt, ns):
        return min(timeit.repeat(stmt, globals=ns, number=n, repeat=7)) / n
    ns = {"f": served_fn, "g": native_fn, "s": s, "m": served_ns}
    result = {
        "same_object": served_fn is native_fn,
        "call_native": t("g()", ns), "call_alias": t("f()", ns),
        "method_direct": t("s.%s" % method_direct, ns), "method_alias": t("s.%s" % method_alias, ns),
        "name_direct": t("m.__name__", ns), "name_alias": t("m.%s" % served_attr, ns),
    }
    # An adapter on a call it passes through: Model.compile's wrapper (2.3 and Keras 3 have one)
    # around a no-op method, against the no-op called directly.
    owner = next(c for c in tf.keras.Model.__mro__ if "compile" in c.__dict__)
    wrapper = getattr(owner.__dict__["compile"], "_self_wrapper", None)
    if wrapper is not None:
        import wrapt
        def plain(self, *args, **kwargs):
            return None
        class Probe(object):
            direct = plain
            adapted = wrapt.FunctionWrapper(plain, wrapper)
        ns = {"p": Probe()}
        result["adapter_direct"] = t("p.direct('sgd', 'mse', run_eagerly=False)", ns)
        result["adapter_wrapped"] = t("p.adapted('sgd', 'mse', run_eagerly=False)", ns)
    print(json.dumps(result))
''')


# --- 5. interpreter start with the gated .pth, tfpatch off ---------------------------------
def bench_pth(base_python, pairs):
    sys.path.insert(0, str(ROOT))
    from tfpatch._pth import PTH_LINE
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.check_call([base_python, "-m", "venv", "--without-pip", str(venv)])
        py = str(venv / "bin" / "python")
        site_dir = run(py, "import json, site; print(json.dumps(site.getsitepackages()[0]))", pythonpath=())
        pth = Path(site_dir) / "tfpatch-activate.pth"
        plain, patched = [], []
        code = "pass"
        for i in range(pairs):
            for label in (("plain", "patched") if i % 2 == 0 else ("patched", "plain")):
                if label == "patched":
                    pth.write_text(PTH_LINE)
                elif pth.exists():
                    pth.unlink()
                t0 = time.perf_counter()
                subprocess.check_call([py, "-c", code])
                (plain if label == "plain" else patched).append(time.perf_counter() - t0)
        return statistics.median(plain), statistics.median(patched)


# --- 6. import tfpatch where TensorFlow is never imported ---------------------------------
# tfpatch active (the sitecustomize or .pth case), in a program that never imports
# TensorFlow: it only waits for it, and what that costs is the import of a few modules.
IMPORT_TFPATCH = textwrap.dedent('''
    import json, sys, time
    t0 = time.perf_counter()
    import tfpatch
    dt = time.perf_counter() - t0
    assert tfpatch.status()["waiting_for_tensorflow"]
    print(json.dumps(dt))
''')


def bench_waiting(python, runs):
    return statistics.median(run(python, IMPORT_TFPATCH) for _ in range(runs))


def verdict(ok):
    return "-" if ok is None else "PASS" if ok else "MISS"


SECTIONS = ("import", "parts", "functions", "program", "aliases", "hooks", "start")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    envs = sorted(tfenvs.RELEASES)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS),
                        help="the sections to run (default: all)")
    parser.add_argument("--import-envs", "--envs", nargs="+", default=["tf2.3", "tf2.21"], choices=envs,
                        help="environments for import tensorflow and the aliases (default: tf2.3 tf2.21)")
    parser.add_argument("--program-envs", nargs="+", default=["tf2.15", "tf2.21"], choices=envs,
                        help="environments for a modern program's start (default: tf2.15 tf2.21)")
    parser.add_argument("--pairs", type=int, default=100, help="paired runs of `import tensorflow` (default 100)")
    parser.add_argument("--program-pairs", type=int, default=25,
                        help="paired runs of a modern program's start (default 25)")
    parser.add_argument("--no-valgrind", action="store_true",
                        help="skip the instruction counts (the binding figures: they then get no verdict)")
    parser.add_argument("--quick", action="store_true",
                        help="a quick check: 5 import pairs, 3 program pairs, fewer repetitions elsewhere")
    args = parser.parse_args(argv)
    for name in ("pairs", "program_pairs"):
        if getattr(args, name) < 1:
            parser.error("--%s must be at least 1, not %d" % (name.replace("_", "-"), getattr(args, name)))
    pairs = 5 if args.quick else args.pairs
    program_pairs = 3 if args.quick else args.program_pairs
    valgrind = None if args.no_valgrind else shutil.which("valgrind")
    not_counted = "not counted (%s)" % ("--no-valgrind" if args.no_valgrind else "valgrind is not installed")
    only = set(args.only)
    import_envs = args.import_envs if only & {"import", "parts", "functions", "aliases"} else []
    program_envs = args.program_envs if "program" in only else []
    used = sorted(set(import_envs) | set(program_envs) | ({"py3.11"} if only & {"hooks", "start"} else set()))
    for env in used:
        tfenvs.ensure(env)
    # Installed packages have bytecode (pip compiles it); a checkout may not, when
    # PYTHONDONTWRITEBYTECODE is set.  Measure tfpatch as users run it.
    for env in used:
        subprocess.check_call([str(tfenvs.env_python(env)), "-m", "compileall", "-q", str(ROOT / "tfpatch")])
    rows = []

    def row(measure, without, with_, diff, target, ok):
        rows.append((measure, without, with_, diff, target, verdict(ok)))

    def instructions(measure, counts, target=1.01):
        if counts is None:
            row(measure, "-", "-", not_counted, "<= x%.3f" % target, None)
            return
        plain, patched = counts
        row(measure, "%.0f M" % (plain / 1e6), "%.0f M" % (patched / 1e6),
            "x%.4f (%+.0f M)" % (patched / plain, (patched - plain) / 1e6), "<= x%.3f" % target,
            patched / plain <= target)

    def modules(measure, extra, missing):
        row(measure, "-", "+%d / -%d" % (len(extra), len(missing)), " ".join(extra + missing)[:40] or "same",
            "0 more", not extra and not missing)

    for env in import_envs if "import" in only else ():
        py = str(tfenvs.env_python(env))
        a, b, ratio, (low, high), extra, missing, gcs = bench_import(py, pairs)
        instructions("%s: import tensorflow, instructions (callgrind)" % env,
                     count_pair(py, COUNTED) if valgrind else None)
        row("%s:   the same, wall (median of %d pairs)" % (env, pairs), "%.3f s" % a, "%.3f s" % b,
            "x%.4f (95%%: %.3f-%.3f)" % (ratio, low, high), "(reported)", None)
        modules("%s:   modules loaded besides tfpatch's" % env, extra, missing)
        row("%s:   garbage collections (per generation)" % env, str(gcs["plain"]), str(gcs["patched"]),
            "same" if gcs["plain"] == gcs["patched"] else "differ", "-", None)

    for env in import_envs if "parts" in only and valgrind else ():
        py = str(tfenvs.env_python(env))
        plain, patched, parts = count_parts(py, part_switches())
        row("%s: import tensorflow, instructions, all of tfpatch" % env, "%.0f M" % (plain / 1e6),
            "%.0f M" % (patched / 1e6), "%+.1f M" % ((patched - plain) / 1e6), "(a diagnosis)", None)
        for label, count in parts:
            row("%s:   with %s off (TFPATCH_DISABLE)" % (env, label), "-", "%.0f M" % (count / 1e6),
                "%s: %.1f M" % ("the rest" if label == "every row" else "its part", (
                    (count - plain) if label == "every row" else (patched - count)) / 1e6), "(a diagnosis)", None)

    for env in import_envs if "functions" in only and valgrind else ():
        py = str(tfenvs.env_python(env))
        row("%s: import tensorflow, instructions inside tfpatch's functions" % env, "-", "-", "-",
            "(a diagnosis)", None)
        for label, count in count_functions(py):
            row("%s:   %s" % (env, label), "-", "%.1f M" % (count / 1e6), "-", "(a diagnosis)", None)

    for env in program_envs:
        py = str(tfenvs.env_python(env))
        r = bench_program(py, program_pairs)
        instructions("%s: a modern program's start, instructions" % env,
                     count_pair(py, PROGRAM_COUNTED, main_thread=True) if valgrind else None)
        row("%s:   the same, wall (median of %d pairs)" % (env, program_pairs), "%.3f s" % r["plain"],
            "%.3f s" % r["patched"], "x%.4f (95%%: %.3f-%.3f)" % ((r["ratio"],) + r["interval"]), "(reported)", None)
        (n0, t0), (n1, t1) = r["collections"]["plain"], r["collections"]["patched"]
        row("%s:   full garbage collections inside it" % env, "%g (%.2f s)" % (n0, t0), "%g (%.2f s)" % (n1, t1),
            "wall x%.4f without them" % r["bare"], "(reported)", None)
        modules("%s:   modules loaded besides tfpatch's" % env, r["extra"], r["missing"])
        losses = r["losses"]
        same = len(losses["plain"] | losses["patched"]) == 1  # in every run, with and without
        row("%s:   loss after the fit step" % env, " ".join("%.6g" % v for v in sorted(losses["plain"])),
            " ".join("%.6g" % v for v in sorted(losses["patched"])), "same" if same else "DIFFERENT", "same", same)

    for env in import_envs if "aliases" in only else ():
        py = str(tfenvs.env_python(env))
        r = run(py, ALIASES)
        row("%s: call through a name alias" % env, "%.0f ns" % (r["call_native"] * 1e9),
            "%.0f ns" % (r["call_alias"] * 1e9),
            "same object" if r["same_object"] else "DIFFERENT", "0 ns (same object)", r["same_object"])
        over = (r["method_alias"] - r["method_direct"]) * 1e9
        row("%s: method alias lookup" % env, "%.0f ns" % (r["method_direct"] * 1e9),
            "%.0f ns" % (r["method_alias"] * 1e9), "+%.0f ns" % over, "<= +500 ns", over <= 500)
        if "adapter_direct" in r:
            over = (r["adapter_wrapped"] - r["adapter_direct"]) * 1e9
            row("%s: adapter, a call it passes through" % env, "%.0f ns" % (r["adapter_direct"] * 1e9),
                "%.0f ns" % (r["adapter_wrapped"] * 1e9), "+%.0f ns" % over, "<= +1000 ns", over <= 1000)
        row("%s: served name, repeated from a noticed site" % env, "%.0f ns" % (r["name_direct"] * 1e9),
            "%.0f ns" % (r["name_alias"] * 1e9), "%.0f ns/access" % (r["name_alias"] * 1e9),
            "<= 1000 ns", r["name_alias"] <= 1e-6)

    py311 = str(tfenvs.env_python("py3.11"))
    if "hooks" in only:
        chunks, per_chunk = (6, 100) if args.quick else (40, 100)
        h = bench_hook(py311, chunks, per_chunk)
        label = "%d non-TF imports, %d per new package" % (chunks * (per_chunk + 1), per_chunk + 1)
        row("hooks on %s" % label, "%.1f us" % (h["plain"] * 1e6), "%.1f us" % ((h["plain"] + h["tfpatch"]) * 1e6),
            "%+.2f us/import" % (h["tfpatch"] * 1e6), "<= 0.3 us", h["tfpatch"] <= 0.3e-6)
        row("  for comparison: a do-nothing meta-path finder", "%.1f us" % (h["plain"] * 1e6),
            "%.1f us" % ((h["plain"] + h["front"]) * 1e6), "%+.2f us/import" % (h["front"] * 1e6), "-", None)
    if "start" in only:
        waiting = bench_waiting(py311, 5 if args.quick else 25)
        row("import tfpatch, active, TensorFlow never imported", "-", "%.2f ms" % (waiting * 1e3),
            "+%.2f ms" % (waiting * 1e3), "<= 1 ms", waiting <= 1e-3)
        base = tfenvs.find_base_python("3.11")
        a, b = bench_pth(base, 9 if args.quick else 40)
        row("start with the gated .pth, TFPATCH unset", "%.1f ms" % (a * 1e3), "%.1f ms" % (b * 1e3),
            "%+.2f ms" % ((b - a) * 1e3), "<= 1 ms", (b - a) <= 1e-3)

    print()
    print("tfpatch benchmarks, %s%s" % (time.strftime("%Y-%m-%d"), " (--quick)" if args.quick else ""))
    print("machine: %s, %s, %d CPUs, host Python %s" % (platform.machine(), platform.platform(terse=True),
                                                      os.cpu_count() or 0, platform.python_version()))
    if hasattr(os, "getloadavg"):  # wall ratios mean little when other work holds the CPUs
        busy = os.getloadavg()[1]
        print("load average over the last 5 minutes: %.1f%s" % (
            busy, "  (above the CPU count: the wall figures are not reliable)" if busy > (os.cpu_count() or 1) else ""))
    header = ("measure", "without", "with", "difference", "target", "verdict")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(6)]
    for r in [header] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    missed = [r[0].strip() for r in rows if r[5] == "MISS"]
    print("\n%d of %d targets met%s" % (sum(r[5] == "PASS" for r in rows), sum(r[5] != "-" for r in rows),
                                        "; missed: " + "; ".join(missed) if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
