"""Snapshot the public API of every TensorFlow release into history/snapshots/.

    python tools/snapshot_all.py [LABEL ...]      build what is missing
    python tools/snapshot_all.py --table          print the README table

For each label this builds a throw-away virtual environment in
``$SNAPSHOT_CACHE`` (default ``~/.cache/tfpatch-snap``), installs the
release, runs ``tools/snapshot_api.py`` with that environment's Python into
``history/snapshots/<label>.json.gz`` and deletes the environment again (each
one is over a gigabyte).  A label whose snapshot already exists is skipped,
so an interrupted run resumes where it stopped.  The ``-tf_keras`` labels
reuse the environment of the plain label of the same release, add
``tf-keras`` and snapshot with ``TF_USE_LEGACY_KERAS=1``.

If a release does not import, the usual pin fixes (older protobuf, numpy,
wrapt) are tried one after the other; if it still fails the error goes to
``history/snapshots/<label>.FAILED.txt``.  Python X.Y comes from pyenv
(``$PYENV_ROOT``, else ``~/.pyenv``), else ``pythonX.Y`` on PATH.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "history" / "snapshots"
WALKER = ROOT / "tools" / "snapshot_api.py"

PB = "protobuf<3.21"
NP = "numpy<2"

# label -> (python minor, pip arguments).  Pins beyond the release itself are
# the ones each release needs to import on today's index.
RELEASES = [
    ("1.15", "3.7", ["tensorflow==1.15.5", PB, "wrapt<2"]),
    ("2.0", "3.7", ["tensorflow==2.0.4", PB, "wrapt<2"]),
    ("2.1", "3.7", ["tensorflow-cpu==2.1.4", PB, "wrapt<2"]),
    ("2.2", "3.8", ["tensorflow-cpu==2.2.3", PB, "wrapt<2"]),
    ("2.3", "3.8", ["tensorflow-cpu==2.3.4", PB, "wrapt<2"]),
    ("2.4", "3.8", ["tensorflow-cpu==2.4.4"]),
    ("2.5", "3.8", ["tensorflow-cpu==2.5.3"]),
    ("2.6", "3.9", ["tensorflow-cpu==2.6.5"]),
    ("2.7", "3.9", ["tensorflow-cpu==2.7.4", NP]),
    ("2.8", "3.9", ["tensorflow-cpu==2.8.4", NP]),
    ("2.9", "3.10", ["tensorflow-cpu==2.9.3", NP]),
    ("2.10", "3.10", ["tensorflow-cpu==2.10.1", NP]),
    ("2.11", "3.10", ["tensorflow-cpu==2.11.1", NP]),
    ("2.12", "3.11", ["tensorflow-cpu==2.12.1"]),
    ("2.13", "3.11", ["tensorflow-cpu==2.13.1"]),
    ("2.14", "3.11", ["tensorflow-cpu==2.14.1"]),
    ("2.15", "3.11", ["tensorflow-cpu==2.15.1"]),
    ("2.16", "3.11", ["tensorflow-cpu==2.16.2"]),
    ("2.17", "3.11", ["tensorflow-cpu==2.17.1"]),
    ("2.18", "3.11", ["tensorflow-cpu==2.18.1"]),
    ("2.19", "3.11", ["tensorflow-cpu==2.19.1"]),
    ("2.20", "3.11", ["tensorflow-cpu==2.20.0"]),
    ("2.21", "3.11", ["tensorflow-cpu==2.21.0"]),
]

# Releases that also get a snapshot with tf.keras served by tf-keras (Keras 2).
TF_KERAS = ["2.16", "2.17", "2.18", "2.19", "2.20", "2.21"]
TF_KERAS_SUFFIX = "-tf_keras"

# Pins tried, in this order, when a release does not import: (pattern in the
# error that points at it, pin).  A pin whose pattern matches goes first.
FIXES = [
    (r"[Pp]rotobuf|[Dd]escriptors? cannot|_pb2", "protobuf<3.21"),
    (r"[Pp]rotobuf|[Dd]escriptors? cannot|_pb2", "protobuf<3.20"),
    (r"numpy|NumPy|_ARRAY_API|np\.", "numpy<2"),
    (r"numpy|NumPy|_ARRAY_API|np\.", "numpy<1.24"),
    (r"numpy|NumPy|_ARRAY_API|np\.", "numpy<1.20"),
    (r"wrapt|ObjectProxy", "wrapt<2"),
    (r"typing_extensions", "typing-extensions<4.6"),
    (r"h5py", "h5py<3"),
]

SNAPSHOT_TIMEOUT = 1800
PIP_TIMEOUT = 3600


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def cache_root():
    root = os.environ.get("SNAPSHOT_CACHE")
    if root:
        return Path(root).expanduser()
    return Path.home() / ".cache" / "tfpatch-snap"


def base_python(minor):
    from tfenvs import find_base_python  # one way to find a Python, shared with the test matrix
    return find_base_python(minor)


def run(cmd, timeout, env=None, cwd=None):
    """(returncode, combined output) of a command, never raising on failure."""
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=timeout, env=env, cwd=cwd)
        return proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as exc:
        out = exc.output or ""
        if isinstance(out, bytes):
            out = out.decode("utf-8", "replace")
        return -1, out + "\n[timed out after %ss]" % timeout


def quiet(text):
    """pip output without the lines this machine prints on every run."""
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith("WARNING: Location") and line.strip())


def tail(text, n=40):
    return "\n".join(quiet(text).splitlines()[-n:])


def pip(python, args):
    cmd = [python, "-m", "pip", "install", "--no-input", "--no-cache-dir"] + list(args)
    return run(cmd, PIP_TIMEOUT)


def newest_patch(python, package, minor):
    """The newest X.Y.* release of package the index offers to this Python, or None."""
    code, out = run([python, "-m", "pip", "index", "versions", package], 300)
    if code != 0:
        return None
    for line in out.splitlines():
        if line.startswith("Available versions:"):
            for v in line.split(":", 1)[1].split(","):
                v = v.strip()
                if v == minor or v.startswith(minor + "."):
                    return v
    return None


def install(python, args):
    """pip install args; if a pinned patch release is missing, the newest of its minor."""
    code, out = pip(python, args)
    if code == 0:
        return args, None
    args = list(args)
    for i, arg in enumerate(args):
        m = re.match(r"^(tensorflow(?:-cpu)?|tf-keras)==(\d+\.\d+)\.\d+$", arg)
        if m and ("No matching distribution" in out or "Could not find a version" in out):
            found = newest_patch(python, m.group(1), m.group(2))
            if found and found != arg.split("==")[1]:
                log("  %s not found, using %s==%s" % (arg, m.group(1), found))
                args[i] = "%s==%s" % (m.group(1), found)
                code, out = pip(python, args)
                if code == 0:
                    return args, None
    return args, tail(out)


def snapshot_env(legacy_keras):
    env = dict(os.environ)
    for key in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"):
        env.pop(key, None)
    env["PYTHONNOUSERSITE"] = "1"
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    if legacy_keras:
        env["TF_USE_LEGACY_KERAS"] = "1"
    else:
        env.pop("TF_USE_LEGACY_KERAS", None)
    return env


def take_snapshot(python, label, legacy_keras, pins):
    """Run the walker; on an import failure try the pin fixes.  Returns None or the error."""
    out_file = SNAPSHOTS / (label + ".json.gz")
    tried = []
    with tempfile.TemporaryDirectory() as cwd:  # nothing from the checkout on sys.path
        while True:
            code, out = run([python, str(WALKER), str(out_file), "--label", label],
                            SNAPSHOT_TIMEOUT, env=snapshot_env(legacy_keras), cwd=cwd)
            if code == 0 and out_file.exists():
                log("  " + out.strip().splitlines()[-1].replace(str(ROOT) + os.sep, ""))
                return None
            error = tail(out, 60)
            fix = next_fix(error, pins + tried)
            if fix is None:
                return "the snapshot failed; pins tried: %s\n\n%s" % (", ".join(tried) or "none", error)
            log("  does not import (%s); trying %r" % (last_line(error), fix))
            tried.append(fix)
            code, out = pip(python, [fix])
            if code != 0:
                log("  pip install %r failed: %s" % (fix, last_line(tail(out))))


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip()[:200] if lines else "no output"


def next_fix(error, used):
    """The next pin to try: first those the error points at, then the rest."""
    matching = [pin for pattern, pin in FIXES if re.search(pattern, error)]
    others = [pin for pattern, pin in FIXES if pin not in matching]
    for pin in matching + others:
        if pin not in used:
            return pin
    return None


def write_failure(label, text):
    path = SNAPSHOTS / (label + ".FAILED.txt")
    path.write_text("%s\n" % text.strip())
    log("  FAILED: see %s" % path.relative_to(ROOT))


def do_release(label, minor, args, labels_wanted):
    plain = SNAPSHOTS / (label + ".json.gz")
    keras_label = label + TF_KERAS_SUFFIX
    want_plain = label in labels_wanted and not plain.exists()
    want_keras = (label in TF_KERAS and keras_label in labels_wanted
                  and not (SNAPSHOTS / (keras_label + ".json.gz")).exists())
    if not (want_plain or want_keras):
        return
    env_dir = cache_root() / label
    if env_dir.exists():
        shutil.rmtree(env_dir)
    env_dir.parent.mkdir(parents=True, exist_ok=True)
    start = time.time()
    try:
        base = base_python(minor)
        log("%s: venv with Python %s" % (label, minor))
        code, out = run([base, "-m", "venv", str(env_dir)], 600)
        if code != 0:
            write_failure(label, "venv failed:\n" + tail(out))
            return
        python = str(env_dir / "bin" / "python")
        log("%s: pip install %s" % (label, " ".join(args)))
        args, error = install(python, args)
        if error:
            write_failure(label, "pip install %s failed:\n%s" % (" ".join(args), error))
            if want_keras:
                write_failure(keras_label, "the environment of %s could not be built" % label)
            return
        log("%s: installed in %.0fs" % (label, time.time() - start))
        if want_plain:
            error = take_snapshot(python, label, False, args)
            if error:
                write_failure(label, error)
        if want_keras:
            pin = "tf-keras==%s.*" % label
            log("%s: pip install --no-deps %s" % (keras_label, pin))
            code, out = pip(python, ["--no-deps", pin])
            if code != 0:
                write_failure(keras_label, "pip install --no-deps %s failed:\n%s" % (pin, tail(out)))
            else:
                error = take_snapshot(python, keras_label, True, args)
                if error:
                    write_failure(keras_label, error)
    finally:
        shutil.rmtree(str(env_dir), ignore_errors=True)
        log("%s: done in %.0fs, environment deleted" % (label, time.time() - start))


def all_labels():
    out = []
    for label, _, _ in RELEASES:
        out.append(label)
        if label in TF_KERAS:
            out.append(label + TF_KERAS_SUFFIX)
    return out


def table():
    """The README table: one row per label with the versions recorded and the size."""
    rows = ["| label | TensorFlow | Keras behind tf.keras | Python | names | size |",
            "| --- | --- | --- | --- | ---: | ---: |"]
    for label in all_labels():
        path = SNAPSHOTS / (label + ".json.gz")
        failed = SNAPSHOTS / (label + ".FAILED.txt")
        if path.exists():
            with gzip.open(str(path), "rt") as fh:
                doc = json.load(fh)
            rows.append("| %s | %s | %s | %s | %d | %.0f kB |" % (
                label, doc["tensorflow"], doc.get("keras") or "-", doc["python"],
                len(doc["names"]), path.stat().st_size / 1000.0))
        elif failed.exists():
            rows.append("| %s | failed: see `%s` | | | | |" % (label, failed.name))
        else:
            rows.append("| %s | not built | | | | |" % label)
    return "\n".join(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("labels", nargs="*", help="labels to build (default: all)")
    parser.add_argument("--table", action="store_true", help="print the README table and exit")
    opts = parser.parse_args(argv)
    if opts.table:
        print(table())
        return 0
    known = all_labels()
    wanted = opts.labels or known
    unknown = [label for label in wanted if label not in known]
    if unknown:
        parser.error("unknown labels %s; known: %s" % (", ".join(unknown), " ".join(known)))
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for label, minor, args in RELEASES:
        group = [label] + ([label + TF_KERAS_SUFFIX] if label in TF_KERAS else [])
        todo = [g for g in group if g in wanted and not (SNAPSHOTS / (g + ".json.gz")).exists()]
        if not todo:
            log("%s: %s" % (label, "exists, skipped" if label in wanted else "not asked for"))
            continue
        for g in todo:
            stale = SNAPSHOTS / (g + ".FAILED.txt")
            if stale.exists():
                stale.unlink()
        do_release(label, minor, args, set(wanted))
    log("all done")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
