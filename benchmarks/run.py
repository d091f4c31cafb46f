"""tfpatch's costs, measured side by side with and without it, in one run.

    python benchmarks/run.py [--envs tf2.3 tf2.21] [--pairs 60] [--no-valgrind] [--quick]

Builds what it needs of the environments (tools/tfenvs.py), then prints one
table: each measure without and with tfpatch, the difference or ratio, the
target and the verdict, and the machine it ran on.  Runs are paired and
interleaved (A B, B A, ...) in fresh processes so drift hits both sides; where
valgrind is installed, the import is also counted in instructions, a figure
that does not vary from run to run.  About 20 minutes with the defaults.
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


def count_instructions(python, line):
    with tempfile.TemporaryDirectory() as tmp:
        env = _child_env({"PYTHONHASHSEED": "1"})
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + os.path.join(tmp, "out"),
                               python, "-c", COUNTED % (line or "pass")], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=3600)
    for text in proc.stderr.splitlines():
        if "Collected :" in text:
            return int(text.split(":")[-1].strip())
    raise SystemExit("valgrind did not count %s:\n%s" % (python, proc.stderr[-2000:]))


# --- 2. the hooks' cost on imports that are not TensorFlow's ---------------------------
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


# --- 3. aliases at run time ----------------------------------------------------------------
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
    result["lookups"] = tfpatch.status()["lookups"]
    print(json.dumps(result))
''')


# --- 4. interpreter start with the gated .pth, tfpatch off ---------------------------------
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


# --- 5. import tfpatch where TensorFlow is never imported ---------------------------------
# tfpatch active (the sitecustomize or .pth case), in a program that never imports
# TensorFlow: it only waits for it, and what that costs is the import of a few modules.
IMPORT_TFPATCH = textwrap.dedent('''
    import json, sys, time
    t0 = time.perf_counter()
    import tfpatch
    dt = time.perf_counter() - t0
    assert tfpatch._waiting is not None
    print(json.dumps(dt))
''')


def bench_waiting(python, runs):
    return statistics.median(run(python, IMPORT_TFPATCH) for _ in range(runs))


def verdict(ok):
    return "-" if ok is None else "PASS" if ok else "MISS"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--envs", nargs="+", default=["tf2.3", "tf2.21"], choices=sorted(tfenvs.MATRIX),
                        help="TensorFlow environments to measure (default: tf2.3 tf2.21)")
    parser.add_argument("--pairs", type=int, default=100, help="paired runs of `import tensorflow` (default 100)")
    parser.add_argument("--no-valgrind", action="store_true",
                        help="skip the instruction counts (valgrind's callgrind, ~2 minutes per environment)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and no valgrind, for a smoke run")
    args = parser.parse_args(argv)
    if args.pairs < 1:
        parser.error("--pairs must be at least 1, not %d" % args.pairs)
    pairs = 3 if args.quick else args.pairs
    valgrind = shutil.which("valgrind") if not (args.quick or args.no_valgrind) else None
    tfenvs.ensure("py3.11")
    for env in args.envs:
        tfenvs.ensure(env)
    # Installed packages have bytecode (pip compiles it); a checkout may not, when
    # PYTHONDONTWRITEBYTECODE is set.  Measure tfpatch as users run it.
    # The C lookups too, as `pip install` builds them (tools/build_speedups.py in place).
    for env in ["py3.11"] + args.envs:
        subprocess.check_call([str(tfenvs.env_python(env)), "-m", "compileall", "-q", str(ROOT / "tfpatch")])
        subprocess.check_call([str(tfenvs.env_python(env)), str(ROOT / "tools" / "build_speedups.py"), "--quiet"])
    rows = []

    def row(measure, without, with_, diff, target, ok):
        rows.append((measure, without, with_, diff, target, verdict(ok)))

    for env in args.envs:
        py = str(tfenvs.env_python(env))
        a, b, ratio, (low, high), extra, missing, gcs = bench_import(py, pairs)
        row("%s: import tensorflow, wall (median of %d pairs)" % (env, pairs), "%.3f s" % a, "%.3f s" % b,
            "x%.4f (95%%: %.3f-%.3f)" % (ratio, low, high), "<= x1.01", ratio <= 1.01)
        if valgrind:  # no verdict: the target is on wall time; this is its noise-free cross-check
            plain, patched = count_instructions(py, ""), count_instructions(py, "import tfpatch")
            row("%s:   the same in instructions (callgrind)" % env, "%.0f M" % (plain / 1e6),
                "%.0f M" % (patched / 1e6), "x%.4f (+%.0f M)" % (patched / plain, (patched - plain) / 1e6),
                "-", None)
        row("%s:   modules loaded besides tfpatch's" % env, "-", "+%d / -%d" % (len(extra), len(missing)),
            " ".join(extra + missing)[:40] or "same", "same", not extra and not missing)
        row("%s:   garbage collections (per generation)" % env, str(gcs["plain"]), str(gcs["patched"]),
            "same" if gcs["plain"] == gcs["patched"] else "differ", "-", None)
        r = run(py, ALIASES)
        if r["lookups"] != "C":
            raise SystemExit("%s: tfpatch's C lookups are not in use (%s)" % (env, r["lookups"]))
        fallback = run(py, ALIASES, env_extra={"TFPATCH_SPEEDUPS": "0"})
        row("%s: call through a name alias" % env, "%.0f ns" % (r["call_native"] * 1e9),
            "%.0f ns" % (r["call_alias"] * 1e9),
            "same object" if r["same_object"] else "DIFFERENT", "0 ns (same object)", r["same_object"])
        over = (r["method_alias"] - r["method_direct"]) * 1e9
        row("%s: method alias lookup" % env, "%.0f ns" % (r["method_direct"] * 1e9),
            "%.0f ns" % (r["method_alias"] * 1e9), "+%.0f ns" % over, "<= +150 ns", over <= 150)
        over = (fallback["method_alias"] - fallback["method_direct"]) * 1e9
        row("%s:   the same, Python lookups (no C build)" % env, "%.0f ns" % (fallback["method_direct"] * 1e9),
            "%.0f ns" % (fallback["method_alias"] * 1e9), "+%.0f ns" % over, "(fallback)", None)
        if "adapter_direct" in r:
            over = (r["adapter_wrapped"] - r["adapter_direct"]) * 1e9
            row("%s: adapter, a call it passes through" % env, "%.0f ns" % (r["adapter_direct"] * 1e9),
                "%.0f ns" % (r["adapter_wrapped"] * 1e9), "+%.0f ns" % over, "<= +1000 ns", over <= 1000)
        row("%s: served name, repeated from a noticed site" % env, "%.0f ns" % (r["name_direct"] * 1e9),
            "%.0f ns" % (r["name_alias"] * 1e9), "%.0f ns/access" % (r["name_alias"] * 1e9),
            "<= 1000 ns", r["name_alias"] <= 1e-6)
        row("%s:   the same, Python lookups (no C build)" % env, "%.0f ns" % (fallback["name_direct"] * 1e9),
            "%.0f ns" % (fallback["name_alias"] * 1e9), "%.0f ns/access" % (fallback["name_alias"] * 1e9),
            "(fallback)", None)

    py311 = str(tfenvs.env_python("py3.11"))
    chunks, per_chunk = (6, 100) if args.quick else (40, 100)
    h = bench_hook(py311, chunks, per_chunk)
    label = "%d non-TF imports, %d per new package" % (chunks * (per_chunk + 1), per_chunk + 1)
    row("hooks on %s" % label, "%.1f us" % (h["plain"] * 1e6), "%.1f us" % ((h["plain"] + h["tfpatch"]) * 1e6),
        "%+.2f us/import" % (h["tfpatch"] * 1e6), "<= 0.3 us", h["tfpatch"] <= 0.3e-6)
    row("  for comparison: a do-nothing meta-path finder", "%.1f us" % (h["plain"] * 1e6),
        "%.1f us" % ((h["plain"] + h["front"]) * 1e6), "%+.2f us/import" % (h["front"] * 1e6), "-", None)
    waiting = bench_waiting(py311, 5 if args.quick else 25)
    row("import tfpatch, active, TensorFlow never imported", "-", "%.2f ms" % (waiting * 1e3),
        "+%.2f ms" % (waiting * 1e3), "<= 1 ms", waiting <= 1e-3)
    base = tfenvs.find_base_python("3.11")
    a, b = bench_pth(base, 9 if args.quick else 40)
    row("start with the gated .pth, TFPATCH unset", "%.1f ms" % (a * 1e3), "%.1f ms" % (b * 1e3),
        "%+.2f ms" % ((b - a) * 1e3), "<= 1 ms", (b - a) <= 1e-3)

    print()
    print("tfpatch benchmarks, %s" % time.strftime("%Y-%m-%d"))
    print("machine: %s, %s, %d CPUs, host Python %s" % (platform.machine(), platform.platform(terse=True),
                                                      os.cpu_count() or 0, platform.python_version()))
    widths = [max(len(str(r[i])) for r in rows + [("measure", "without", "with", "difference", "target", "")])
              for i in range(6)]
    header = ("measure", "without", "with", "difference", "target", "verdict")
    for r in [header] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
