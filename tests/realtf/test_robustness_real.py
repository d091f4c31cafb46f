"""Never break a working program, on real TensorFlow: threads, a TensorFlow that fails
to import, legacy Keras, a long activate/deactivate sequence, two distributed workers."""
import json
import socket
import subprocess
import textwrap

import pytest

from realenv import ROOT, SITE_DIR, clean_environ, env_python, pythonpath, run_python

pytestmark = pytest.mark.realtf

USES = {
    "tf2.21": ["tf.keras.mixed_precision.experimental.global_policy",
               "tf.distribute.get_strategy().experimental_run_v2"],
    "tf2.3": ["tf.data.AUTOTUNE", "tf.keras.mixed_precision.set_global_policy",
              "tf.distribute.MultiWorkerMirroredStrategy"],
}


def last_json(proc):
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("env", sorted(USES))
def test_eight_threads_import_tensorflow_at_once(env):
    script = textwrap.dedent('''
        import json, sys, threading
        import tfpatch
        barrier = threading.Barrier(8)
        results, errors = [], []
        def work():
            try:
                barrier.wait()
                import tensorflow as tf
                results.append([repr(type(eval(e, {"tf": tf}))) for e in %r])
            except Exception as exc:
                errors.append(repr(exc))
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join(300)
        engine = tfpatch._activation.engine
        # a module's hook is replaced once TensorFlow is ready (to add the TF1 fallback);
        # a hook wrapped around another hook of tfpatch's would apply rules twice
        stacked = [d.get("__name__") for d in engine.patcher.targets("module")
                   if getattr(getattr(d.get("__getattr__"), "_tfpatch_previous", None), "_tfpatch_engine", None)]
        print(json.dumps({"alive": any(t.is_alive() for t in threads), "errors": errors,
                          "results": results, "stacked": stacked, "failures": engine.failures.seen}))
    ''' % (USES[env],))
    result = last_json(run_python(env, ["-c", script], timeout=400, PYTHONPATH=pythonpath(ROOT)))
    assert result["alive"] is False, "a thread is stuck: deadlock"
    assert result["errors"] == [] and result["failures"] == []
    assert len(result["results"]) == 8 and all(r == result["results"][0] for r in result["results"])
    assert result["stacked"] == []


@pytest.fixture(scope="module")
def beside(tmp_path_factory):
    """Packages installed beside (not into) an environment, in a directory put on PYTHONPATH."""
    made = {}

    def get(env, *requirements):
        key = (env,) + requirements
        if key not in made:
            target = tmp_path_factory.mktemp("beside")
            subprocess.check_call([env_python(env), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                                   "--no-deps", "--target", str(target)] + list(requirements),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            made[key] = target
        return made[key]
    return get


def test_tensorflow_failing_part_way_fails_the_same(beside):
    """TF 2.15 with NumPy 2 fails inside its own import: the same error with tfpatch."""
    numpy2 = beside("tf2.15", "numpy==2.1.3")
    script = "import sys\n%s\nimport tensorflow\n"
    plain = run_python("tf2.15", ["-c", script % ""], PYTHONPATH=pythonpath(numpy2, ROOT))
    patched = run_python("tf2.15", ["-c", script % "import tfpatch"], PYTHONPATH=pythonpath(numpy2, ROOT))
    assert plain.returncode != 0, "the fault this test needs did not happen"
    assert patched.returncode == plain.returncode
    last = lambda p: [l for l in p.stderr.strip().splitlines() if l and not l.startswith(" ")][-1]
    assert last(patched) == last(plain)
    assert "internal error" not in patched.stderr


def test_legacy_keras_with_tf_keras(beside):
    """TF 2.21 with TF_USE_LEGACY_KERAS=1 and tf_keras: tf.keras is Keras 2, and its
    legacy spellings are served there too."""
    tf_keras = beside("tf2.21", "tf-keras==2.21.0")
    code = textwrap.dedent('''
        import tensorflow as tf
        from tensorflow.keras.mixed_precision import experimental as mp
        mp.set_policy("mixed_float16")
        assert tf.keras.mixed_precision.global_policy().compute_dtype == "float16"
        print(tf.keras.mixed_precision.Policy.__module__)
    ''')
    env = dict(TF_USE_LEGACY_KERAS="1")
    plain = run_python("tf2.21", ["-c", code], PYTHONPATH=pythonpath(tf_keras), **env)
    assert plain.returncode != 0 and "cannot import name 'experimental'" in plain.stderr
    patched = run_python("tf2.21", ["-c", "import tfpatch\n" + code], PYTHONPATH=pythonpath(tf_keras, ROOT), **env)
    assert patched.returncode == 0, patched.stderr[-3000:]
    assert patched.stdout.strip().startswith("tf_keras")
    assert "internal error" not in patched.stderr


SEQUENCE = textwrap.dedent('''
    import json, random, sys, warnings
    warnings.simplefilter("ignore")
    import tensorflow as tf
    tf.keras.mixed_precision.__name__
    import tfpatch
    from tfpatch._notices import NOTICES
    rng = random.Random(%(seed)d)
    ROOTS = ("tensorflow", "tensorflow_core", "keras", "tf_keras")
    def unwrapped(v):   # an adapter's wrapper (wrapt's, or a plain function) stands for what it wraps
        if type(v).__name__ == "FunctionWrapper" and getattr(v, "_self_tfpatch_engine", None) is not None:
            return v.__wrapped__
        if type(v) is type(unwrapped) and v.__dict__.get("_self_tfpatch_engine") is not None:
            return v.__wrapped__
        return v
    def own(mod):
        d = object.__getattribute__(mod, "__dict__")
        skip = ("__getattr__", "keras") if d.get("__name__") == "tensorflow" else ("__getattr__",)
        return {k: id(unwrapped(v)) for k, v in list(d.items()) if k not in skip}
    def modules():
        return {n: m for n, m in list(sys.modules.items()) if m is not None and n.split(".")[0] in ROOTS}
    tfpatch.deactivate()   # the modules as TensorFlow made them (import tfpatch activated it)
    native = {n: own(m) for n, m in modules().items()}
    tfpatch.activate()
    uses = %(uses)r
    problems, served, sites = [], 0, 0
    for step in range(%(steps)d):
        op = rng.choice(["activate", "deactivate", "use", "use", "rebind"])
        if op == "activate":
            tfpatch.activate()
        elif op == "deactivate":
            tfpatch.deactivate()
        elif op == "rebind":
            exec("from tensorflow.keras import layers", {})
        else:
            expr = rng.choice(uses)
            filename = "step_%%d.py" %% step
            before = len(NOTICES.records)
            active = tfpatch.status()["active"]
            try:
                exec(compile("import tensorflow as tf\\nx = " + expr, filename, "exec"), {})
                ok = True
            except AttributeError:
                ok = False
            new = len(NOTICES.records) - before   # a served namespace and its name: 2
            if ok != active or (new >= 1) != active:
                problems.append((step, op, expr, ok, active, new))
            served += ok
            sites += 1
        finders = [f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]
        if len(finders) > 1:
            problems.append((step, "two finders"))
        # while active, a module may gain names (an adapter adds what the release lacks), never
        # lose or replace one; inactive, it is as it was
        active_now = tfpatch.status()["active"]
        for n, m in modules().items():
            if n in native:
                now, was = own(m), native[n]
                if any(now.get(k) != v for k, v in was.items()) or (not active_now and now != was):
                    problems.append((step, "changed", n))
            elif not active_now:   # first seen while inactive: its own state
                native[n] = own(m)
    tfpatch.deactivate()
    left = [n for n, m in modules().items()
            if getattr(object.__getattribute__(m, "__dict__").get("__getattr__"), "_tfpatch_engine", None)
            or any(unwrapped(v) is not v for v in list(object.__getattribute__(m, "__dict__").values()))]
    print(json.dumps({"problems": problems[:10], "left": left, "served": served, "sites": sites}))
''')


@pytest.mark.parametrize("env", sorted(USES))
def test_a_long_random_sequence_leaves_no_trace(env):
    script = SEQUENCE % {"seed": 7, "steps": 300, "uses": USES[env]}
    result = last_json(run_python(env, ["-c", script], PYTHONPATH=pythonpath(ROOT)))
    assert result["problems"] == [] and result["left"] == []
    assert result["served"] > 20 and result["sites"] > 80


WORKER = textwrap.dedent('''
    import json
    import tensorflow as tf

    strategy = tf.distribute.experimental.MultiWorkerMirroredStrategy()
    with strategy.scope():
        w = tf.Variable(1.0, aggregation=tf.VariableAggregation.MEAN)

    @tf.function
    def step():
        def replica_fn():
            ctx = tf.distribute.get_replica_context()
            target = tf.cast(ctx.replica_id_in_sync_group + 1, tf.float32)
            with tf.GradientTape() as tape:
                loss = (w - target) ** 2
            w.assign_sub(0.1 * tape.gradient(loss, w))
            return loss
        per_replica = strategy.experimental_run_v2(replica_fn)
        return strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica, axis=None)

    losses = [float(step()) for _ in range(3)]
    print(json.dumps({"w": round(float(w.numpy()), 6), "losses": [round(l, 6) for l in losses],
                      "replicas": strategy.num_replicas_in_sync}))
''')


def _free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_two_workers_multi_worker_mirrored_strategy(tmp_path):
    """A legacy program (experimental MultiWorkerMirroredStrategy, experimental_run_v2) as two
    worker processes on 127.0.0.1, TF 2.21, tfpatch switched on only by the environment."""
    (tmp_path / "worker.py").write_text(WORKER)
    python = env_python("tf2.21")
    ports = _free_ports(2)
    cluster = {"worker": ["127.0.0.1:%d" % p for p in ports]}
    procs = []
    for index in range(2):
        env = clean_environ(PYTHONPATH=pythonpath(SITE_DIR, ROOT), TFPATCH="1",
                            TF_CONFIG=json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}}))
        procs.append(subprocess.Popen([python, str(tmp_path / "worker.py")], env=env, cwd=str(tmp_path),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True))
    outputs = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=240)
            assert proc.returncode == 0, err[-3000:]
            assert "tf.distribute.Strategy.experimental_run_v2 is served by tfpatch" in err
            outputs.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    assert outputs[0] == outputs[1]
    assert outputs[0]["replicas"] == 2
    assert outputs[0]["losses"][-1] < outputs[0]["losses"][0]


CONTAINMENT = textwrap.dedent('''
    import json, logging, warnings
    warnings.simplefilter("ignore")
    import tfpatch
    from tfpatch import adapters
    told = []
    class Keep(logging.Handler):
        def emit(self, record):
            told.append(record.getMessage())
    from tfpatch import _log
    _log.get().addHandler(Keep())
    def broken_install(engine, rules, tf, target):
        raise RuntimeError("install bug")
    def broken_served(engine, entry, value):
        raise RuntimeError("served bug")
    adapters.ADAPTERS["generator_methods"] = broken_install    # an Adapter row's install function
    adapters.SERVED["experimental_policy"] = broken_served     # a Rename row's served wrapper
    import numpy as np, tensorflow as tf
    out = {}
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    model.compile("sgd", "mse")
    for attempt in range(2):
        try:
            model.fit_generator
            out["fit_generator"] = "served"
        except AttributeError as exc:
            out["fit_generator"] = str(exc).splitlines()[0]
        try:
            tf.keras.mixed_precision.experimental.Policy
            out["Policy"] = "served"
        except AttributeError as exc:
            out["Policy"] = str(exc).splitlines()[0]
        tfpatch._activation.engine.sweep()
    # the neighbours of the failing rows still apply
    mp = tf.keras.mixed_precision.experimental
    mp.set_policy("float32")
    out["global_policy"] = mp.global_policy().name
    out["run"] = float(tf.distribute.get_strategy().experimental_run_v2(lambda: tf.constant(2.0)))
    out["told"] = [m for m in told if "internal error" in m]
    out["failures"] = [c for c, _ in tfpatch.status()["failures"]]
    out["active"] = tfpatch.status()["active"]
    print(json.dumps(out))
''')


def test_failing_adapters_are_contained_on_tensorflow_2_21():
    """Two adapters that raise inside tfpatch's real code paths on TF 2.21 (the install
    function of fit_generator's Adapter row, the served wrapper of the experimental
    Policy): each is told once, whatever the program does after; the names they would
    have served fail as they do without tfpatch; the other rows still apply."""
    native = last_json(run_python("tf2.21", ["-c", "import json, tensorflow as tf\n"
                                             "m = tf.keras.Sequential()\n"
                                             "try:\n    m.fit_generator\nexcept AttributeError as e:\n"
                                             "    print(json.dumps(str(e).splitlines()[0]))\n"]))
    result = last_json(run_python("tf2.21", ["-c", CONTAINMENT], PYTHONPATH=pythonpath(ROOT)))
    assert result["active"] is True
    assert result["fit_generator"] == native
    assert "has no attribute 'fit_generator'" in result["fit_generator"]
    assert result["Policy"].endswith("has no attribute 'Policy'"), result["Policy"]
    assert result["global_policy"] == "float32" and result["run"] == 2.0
    told = result["told"]
    assert len(told) == 2, told
    assert sum("adapter generator_methods" in m and "install bug" in m for m in told) == 1, told
    assert sum("adapter experimental_policy" in m and "served bug" in m for m in told) == 1, told
