"""Where CPython's full garbage collections land in a modern program's start.

    python benchmarks/gc_schedule.py [--env tf2.15] [--ballast 1000 4000]

A full (generation-2) collection walks every object the process holds: ~0.1-0.3 s
once TensorFlow and Keras are loaded.  CPython starts one when two counters
cross their thresholds, both driven by how many container objects are made and
kept (net allocations: ~700 make a young collection, 11 young ones an older one,
11 of those and enough survivors a full one).  It does not look at what the
program does: a library that keeps a few thousand objects more moves the next
full collection earlier by up to a whole call, whatever those objects are.

This runs one small program (import tensorflow, tf.keras, build and compile a
model, then ``fit`` eight times) in fresh processes: without tfpatch, with it,
and without it but with N inert empty lists made first ("ballast").  For each it
prints the net allocations of each step (collection off, a second run) and
where the full collections fell (collection on).  If tfpatch's rows match a
ballast of the same size, what moved is the collector's work, not Keras's.
"""
import argparse
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import tfenvs  # noqa: E402

PROGRAM = textwrap.dedent('''
    import gc, json, os, sys, time
    if os.environ["GC_OFF"] == "1":
        gc.disable()
    stage, full, started, net = ["setup"], [], [0.0], {}

    def on_collection(phase, info):
        if info["generation"] == 2 and stage[0] not in ("setup", "import"):
            if phase == "start":
                started[0] = time.perf_counter()
            else:
                full.append([stage[0], round(time.perf_counter() - started[0], 3)])
    gc.callbacks.append(on_collection)

    def step(name, _last=[gc.get_count()[0]]):
        count = gc.get_count()[0]  # with collection off: the net allocations so far
        net[stage[0]] = count - _last[0]
        _last[0] = count
        stage[0] = name
    setup = os.environ["SETUP"]
    if setup == "tfpatch":
        import tfpatch
    elif setup.startswith("ballast"):
        ballast = [[] for _ in range(int(setup[len("ballast"):]))]
    step("import")
    import tensorflow as tf
    step("tf.keras")
    keras = tf.keras
    step("build")
    import numpy as np
    tf.random.set_seed(1)
    x = (np.arange(256, dtype="float32") / 256.0).reshape(64, 4)
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    for i in range(1, 9):
        step("fit%d" % i)
        model.fit(x, y, batch_size=64, epochs=1, verbose=0)
    step("end")
    print(json.dumps({"net": net, "full": full}))
''')


def run(env_name, setup, gc_off):
    python = tfenvs.env_python(env_name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TFPATCH") and k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="1", SETUP=setup,
               GC_OFF="1" if gc_off else "0")
    env.update(tfenvs.environ_of(env_name))
    out = subprocess.run([str(python), "-c", PROGRAM], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, timeout=900)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env", default="tf2.15", choices=sorted(tfenvs.RELEASES))
    parser.add_argument("--ballast", nargs="*", type=int, default=[1000, 4000],
                        help="sizes of the inert ballast runs (default: 1000 4000)")
    args = parser.parse_args(argv)
    tfenvs.ensure(args.env)
    setups = ["plain", "tfpatch"] + ["ballast%d" % n for n in args.ballast]
    print("%s: net allocations per step (collection off) and full collections (collection on)" % args.env)
    steps = ["setup", "import", "tf.keras", "build", "fit1", "fit2"]
    print("%-14s %s  %s" % ("", "  ".join("%8s" % s for s in steps), "full collections after import"))
    for setup in setups:
        net = run(args.env, setup, gc_off=True)["net"]
        full = run(args.env, setup, gc_off=False)["full"]
        print("%-14s %s  %s" % (setup, "  ".join("%8d" % net.get(s, 0) for s in steps),
                                ", ".join("%s %.2f s" % (where, seconds) for where, seconds in full) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
