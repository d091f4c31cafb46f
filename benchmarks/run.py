"""tfpatch's costs, measured side by side with and without it, in one run.

    python benchmarks/run.py [--envs tf2.3 tf2.21] [--pairs 15] [--quick]

Builds what it needs of the environments (tools/tfenvs.py), then prints one
table: each measure without and with tfpatch, the difference or ratio, the
target and the verdict, and the machine it ran on.  Runs are paired and
interleaved (A, B, A, B...) in fresh processes so drift hits both sides.
"""
import argparse
import json
import os
import platform
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


def run(python, code, env_extra=None, pythonpath=(ROOT,)):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH") and k != "PYTHONPATH"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    env.update(env_extra or {})
    proc = subprocess.run([python, "-c", code], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=900)
    if proc.returncode != 0:
        raise SystemExit("benchmark step failed:\n%s\n%s" % (code, proc.stderr[-3000:]))
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- 1. import tensorflow, with and without tfpatch ------------------------------------
# Wall time of fresh processes, paired and interleaved.  On a shared VM one run
# varies by +-15%, so the ratio comes with a bootstrap 95% interval, and a second
# measure times tfpatch's own work inside the same import precisely (below).
IMPORT_TF = textwrap.dedent('''
    import json, sys, time
    t0 = time.perf_counter()
    %s
    import tensorflow
    dt = time.perf_counter() - t0
    print(json.dumps([dt, sorted(sys.modules)]))
''')

# tfpatch's own time during `import tensorflow`: importing tfpatch, its finder on
# every import (minus the other finders it consults on TensorFlow's behalf, work
# the import system would do anyway) and the patching after each watched module.
OWN_COST = textwrap.dedent('''
    import json, sys, time
    from importlib.machinery import PathFinder
    pc = time.perf_counter
    t0 = pc()
    import tfpatch
    own = pc() - t0
    finder = sys.meta_path[0]
    acc = {"find": 0.0, "delegated": 0.0, "loaded": 0.0, "calls": 0}
    inside = [False]
    real_find, real_loaded, real_path_find = finder.find_spec, finder.loaded, PathFinder.find_spec
    def path_find(name, path=None, target=None):
        if not inside[0]:
            return real_path_find(name, path, target)
        t = pc()
        try:
            return real_path_find(name, path, target)
        finally:
            acc["delegated"] += pc() - t
    def find_spec(name, path=None, target=None):
        inside[0] = True
        t = pc()
        try:
            return real_find(name, path, target)
        finally:
            acc["find"] += pc() - t
            acc["calls"] += 1
            inside[0] = False
    def loaded(module):
        t = pc()
        real_loaded(module)
        acc["loaded"] += pc() - t
    PathFinder.find_spec = staticmethod(path_find)
    finder.find_spec, finder.loaded = find_spec, loaded
    t1 = pc()
    import tensorflow
    total = pc() - t0
    # what the measuring wrapper itself costs per call, so it is not counted as tfpatch's
    probe = lambda name, path=None, target=None: None
    def wrapped(name, path=None, target=None):
        inside[0] = True
        t = pc()
        try:
            return probe(name, path, target)
        finally:
            acc["x"] = pc() - t
            inside[0] = False
    n = 20000
    t = pc()
    for _ in range(n):
        wrapped("x")
    per_wrapped = (pc() - t) / n
    t = pc()
    for _ in range(n):
        probe("x")
    per_call_overhead = per_wrapped - (pc() - t) / n
    own += acc["find"] - acc["delegated"] + acc["loaded"] - per_call_overhead * acc["calls"]
    print(json.dumps([own, total, acc["calls"]]))
''')


def bootstrap_interval(ratios, rounds=2000):
    import random
    rng = random.Random(0)
    medians = sorted(statistics.median(rng.choice(ratios) for _ in ratios) for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds)]


def bench_import(python, pairs):
    plain, patched, mods = [], [], {}
    for i in range(pairs):
        order = [("plain", ""), ("patched", "import tfpatch")]
        if i % 2:
            order.reverse()
        for label, line in order:
            dt, modules = run(python, IMPORT_TF % line)
            (plain if label == "plain" else patched).append(dt)
            mods[label] = set(modules)
    ratios = [b / a for a, b in zip(plain, patched)]
    extra = sorted(m for m in mods["patched"] - mods["plain"] if m.split(".")[0] != "tfpatch")
    missing = sorted(mods["plain"] - mods["patched"])
    own = [run(python, OWN_COST) for _ in range(5)]
    own_share = statistics.median(o / t for o, t, _ in own)
    own_ms = statistics.median(o for o, _, _ in own) * 1e3
    return (statistics.median(plain), statistics.median(patched), statistics.median(ratios),
            bootstrap_interval(ratios), extra, missing, own_ms, own_share, own[0][2])


# --- 2. the hook's cost on imports that are not TensorFlow's ---------------------------
IMPORT_MANY = textwrap.dedent('''
    import json, sys, time
    sys.path.insert(0, %r)
    %s
    t0 = time.perf_counter()
    for i in range(%d):
        __import__("tiny_%%d" %% i)
    print(json.dumps(time.perf_counter() - t0))
''')

FIND_SPEC = textwrap.dedent('''
    import json, sys, timeit, tfpatch
    finder = sys.meta_path[0]
    assert type(finder).__name__ == "TFPatchFinder"
    n = 200000
    t = min(timeit.repeat(lambda: finder.find_spec("numpy.core.multiarray", None), number=n, repeat=7)) / n
    base = min(timeit.repeat(lambda: None, number=n, repeat=7)) / n
    print(json.dumps(t - base))
''')


def bench_hook(python, count, pairs):
    with tempfile.TemporaryDirectory() as tmp:
        plain, patched = [], []
        for i in range(pairs):
            # a fresh set of modules per pair, so no run finds them cached
            d = Path(tmp) / ("set%d" % i)
            d.mkdir()
            for j in range(count):
                (d / ("tiny_%d.py" % j)).write_text("X = %d\n" % j)
            for label in (("plain", "patched") if i % 2 == 0 else ("patched", "plain")):
                line = "import tfpatch" if label == "patched" else ""
                dt = run(python, IMPORT_MANY % (str(d), line, count))
                (plain if label == "plain" else patched).append(dt)
    per_import = (min(patched) - min(plain)) / count
    direct = run(python, FIND_SPEC)
    return min(plain) / count, min(patched) / count, per_import, direct


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


def verdict(ok):
    return "-" if ok is None else "PASS" if ok else "MISS"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--envs", nargs="+", default=["tf2.3", "tf2.21"], choices=sorted(tfenvs.MATRIX),
                        help="TensorFlow environments to measure (default: tf2.3 tf2.21)")
    parser.add_argument("--pairs", type=int, default=25, help="paired runs of `import tensorflow` (default 25)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a smoke run")
    args = parser.parse_args(argv)
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    pairs = 3 if args.quick else args.pairs
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
        a, b, ratio, (low, high), extra, missing, own_ms, own_share, calls = bench_import(py, pairs)
        row("%s: import tensorflow, wall (median of %d pairs)" % (env, pairs), "%.3f s" % a, "%.3f s" % b,
            "x%.3f (95%%: %.3f-%.3f)" % (ratio, low, high), "<= x1.01", low <= 1.01 and own_share <= 0.01)
        row("%s: tfpatch's own work in that import" % env, "-", "%.1f ms" % own_ms,
            "x%.4f (%d finder calls)" % (1 + own_share, calls), "<= x1.01", own_share <= 0.01)
        row("%s: modules loaded besides tfpatch's" % env, "-", "+%d / -%d" % (len(extra), len(missing)),
            " ".join(extra + missing)[:40] or "same", "same", not extra and not missing)
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
    count = 500 if args.quick else 3000
    a, b, per_import, direct = bench_hook(py311, count, 3 if args.quick else 7)
    row("hook on %d non-TF imports (min of runs)" % count, "%.1f us" % (a * 1e6), "%.1f us" % (b * 1e6),
        "%+.2f us/import" % (per_import * 1e6), "<= 0.3 us", per_import <= 0.3e-6)
    row("hook: find_spec for a non-TF name", "-", "%.0f ns" % (direct * 1e9), "%.0f ns" % (direct * 1e9),
        "<= 300 ns", direct <= 0.3e-6)
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
