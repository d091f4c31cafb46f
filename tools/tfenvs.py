"""Virtual environments of real TensorFlow releases for the real-TF tests.

One row per environment: its name, the Python minor it needs and the pip
arguments that make that release import (see the pins in the README).
Environments live outside the checkout, in ``$TFENVS_CACHE`` (default
``~/.cache/tfpatch-envs``), in a folder keyed by a hash of the row, so a
changed pin builds a fresh environment and an unchanged one is reused.

    python tools/tfenvs.py ensure [NAME ...]   build what is missing
    python tools/tfenvs.py path NAME           print the environment's python
    python tools/tfenvs.py list                the matrix and what is built
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Every real TensorFlow release tfpatch supports: name -> (python minor, pip arguments,
# follow-up pip arguments installed with --no-deps, environment for the import check).
_NP1 = "numpy<2"
RELEASES = {
    "tf1.15": ("3.7", ["tensorflow==1.15.5", "protobuf<3.21", "wrapt==1.16.0"], [], {}),
    "tf2.0": ("3.7", ["tensorflow==2.0.4", "protobuf<3.21", "wrapt==1.16.0"], [], {}),
    "tf2.1": ("3.7", ["tensorflow-cpu==2.1.4", "protobuf<3.21", "wrapt==1.16.0"], [], {}),
    "tf2.2": ("3.8", ["tensorflow-cpu==2.2.3", "protobuf<3.21", "wrapt>=1.15,<2"], [], {}),
    "tf2.3": ("3.8", ["tensorflow-cpu==2.3.4", "protobuf<3.21", "wrapt>=1.15,<2"], [], {}),
    "tf2.4": ("3.8", ["tensorflow-cpu==2.4.4", "protobuf<3.21"], [], {}),
    "tf2.5": ("3.8", ["tensorflow-cpu==2.5.3", "protobuf<3.21"], [], {}),
    "tf2.6": ("3.9", ["tensorflow-cpu==2.6.5", "protobuf<3.21", _NP1], [], {}),
    "tf2.7": ("3.9", ["tensorflow-cpu==2.7.4", "protobuf<3.21", _NP1], [], {}),
    "tf2.8": ("3.9", ["tensorflow-cpu==2.8.4", "protobuf<3.21", _NP1], [], {}),
    "tf2.9": ("3.10", ["tensorflow-cpu==2.9.3", "protobuf<3.21", _NP1], [], {}),
    "tf2.10": ("3.10", ["tensorflow-cpu==2.10.1", "protobuf<3.21", _NP1], [], {}),
    "tf2.11": ("3.10", ["tensorflow-cpu==2.11.1", _NP1], [], {}),
    "tf2.12": ("3.11", ["tensorflow-cpu==2.12.1"], [], {}),
    "tf2.13": ("3.11", ["tensorflow-cpu==2.13.1"], [], {}),
    "tf2.14": ("3.11", ["tensorflow-cpu==2.14.1"], [], {}),
    "tf2.15": ("3.11", ["tensorflow-cpu==2.15.1"], [], {}),
    "tf2.16": ("3.11", ["tensorflow-cpu==2.16.2"], [], {}),
    # 2.16 with the Keras 3 of its release day (TF 2.16.1: March 2024), beside the newest one above
    "tf2.16-keras3.0": ("3.11", ["tensorflow-cpu==2.16.2", "keras==3.0.5"], [], {}),
    "tf2.16-tf_keras": ("3.11", ["tensorflow-cpu==2.16.2"], ["tf-keras==2.16.0"], {"TF_USE_LEGACY_KERAS": "1"}),
    "tf2.17": ("3.11", ["tensorflow-cpu==2.17.1"], [], {}),
    "tf2.18": ("3.11", ["tensorflow-cpu==2.18.1"], [], {}),
    "tf2.19": ("3.11", ["tensorflow-cpu==2.19.1"], [], {}),
    "tf2.20": ("3.11", ["tensorflow-cpu==2.20.0"], [], {}),
    "tf2.21": ("3.11", ["tensorflow-cpu==2.21.0"], [], {}),
    "tf2.21-tf_keras": ("3.11", ["tensorflow-cpu==2.21.0"], ["tf-keras==2.21.0"], {"TF_USE_LEGACY_KERAS": "1"}),
}

# The releases every test run uses: those the catalogue's cases are written around (the
# tensorflow_core layout of 2.0-2.2, 2.3 before the graduations of 2.4, 2.8 between the
# graduations and the removals of 2.9, Keras 2 at its end, Keras 3 at its start and today).
FIXED = ("tf2.1", "tf2.3", "tf2.8", "tf2.15", "tf2.16", "tf2.21")
# The others take turns, ROTATE per run, chosen by the commit (see select()): every one
# runs within len(ROTATING) / ROTATE commits; `--all-releases` runs them all.
ROTATING = tuple(name for name in RELEASES if name not in FIXED)
ROTATE = 2
MATRIX = {name: RELEASES[name] for name in FIXED}

# Seconds each release may spend in the real-TF tests of one run (tests/realtf/realenv.py
# enforces it through the timeouts of the programs it runs).  2.3 and 2.21 also run the
# commands, robustness and TF1 tests, 2.15 a few more; all budgets of a run (fixed set
# plus two rotating) add up to 49 minutes at most, so CI stays within its hour with the
# environments cached.
BUDGET = 270
# tf2.16-tf_keras: TF 2.16's AutoGraph converts tf_keras' own training code (2.17 added it
# to the modules it leaves alone), so each first fit there takes ~10 s, with or without tfpatch.
BUDGETS = {"tf1.15": 120, "tf2.3": 600, "tf2.21": 600, "tf2.15": 360, "tf2.16-tf_keras": 900}


def budget(name):
    """The seconds ``name`` may spend in one run: its budget above, times
    ``$TFENVS_BUDGET_SCALE`` on a machine shared with other work (CI sets none)."""
    scale = os.environ.get("TFENVS_BUDGET_SCALE", "1")
    try:
        factor = float(scale)
    except ValueError:
        factor = 0
    if not factor > 0:
        raise SystemExit("TFENVS_BUDGET_SCALE=%r: accepted: a positive number (1.5 gives every release half "
                         "as much time again)" % scale)
    return int(BUDGETS.get(name, BUDGET) * factor)


def release_of(name):
    """``"tf2.16-tf_keras"`` -> ``(2, 16)``: the TensorFlow release of an environment."""
    major, minor = name[len("tf"):].split("-")[0].split(".")
    return int(major), int(minor)


def keras_of(name):
    """The Keras API ``tf.keras`` gives in environment ``name``: ``(2, minor)`` for the
    Keras 2 of TensorFlow 2.0-2.15 (tf_keras counts as 2.15: it keeps that API), ``(3, minor)``
    for Keras 3 (``tf2.16-keras3.0`` -> ``(3, 0)``; the newest pip picks -> ``(3, 99)``)."""
    release = release_of(name)
    if name.endswith("-tf_keras") or release < (2, 16):
        return (2, min(release[1], 15)) if release[0] == 2 else (1, 0)
    if "-keras3." in name:
        return 3, int(name.rsplit(".", 1)[1])
    return 3, 99


def commit_number(root=None):
    """How many commits HEAD has (None outside a git checkout): the rotation's clock."""
    try:
        out = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=str(root or Path(__file__).parent),
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True)
        return int(out.stdout.strip()) if out.returncode == 0 else None
    except (OSError, ValueError):
        return None


def select(all_releases=False, number=None):
    """``[(name, why)]``: the releases a test run uses, fixed ones first.  The rotating
    ones are the ROTATE after position ``ROTATE * number`` in ROTATING (``number``: the
    commit count, by default HEAD's), so consecutive commits walk through all of them."""
    if all_releases:
        return [(name, "--all-releases") for name in RELEASES]
    chosen = [(name, "fixed") for name in FIXED]
    if number is None:
        number = commit_number()
    clock = "commit %d" % number if number is not None else "no git history: commit 0"
    number = number or 0
    for i in range(ROTATE):
        index = (ROTATE * number + i) % len(ROTATING)
        chosen.append((ROTATING[index], "rotating (%s: %d/%d)" % (clock, index + 1, len(ROTATING))))
    return chosen

# The Pythons tfpatch supports, each with pytest, for the fast tests (no TensorFlow).
PYTHONS = {
    "py3.7": ("3.7", ["pytest", "hypothesis", "wrapt==1.16.0"], [], {}),
    "py3.8": ("3.8", ["pytest", "hypothesis", "wrapt>=1.15,<2"], [], {}),
    "py3.9": ("3.9", ["pytest", "hypothesis", "wrapt>=2", "libcst"], [], {}),
    "py3.10": ("3.10", ["pytest", "hypothesis", "wrapt>=2", "libcst"], [], {}),
    "py3.11": ("3.11", ["pytest", "hypothesis", "wrapt>=2", "libcst"], [], {}),
    "py3.12": ("3.12", ["pytest", "hypothesis", "wrapt>=2", "libcst"], [], {}),
    "py3.13": ("3.13", ["pytest", "hypothesis", "wrapt>=2", "libcst"], [], {}),
}

ALL = dict(RELEASES, **PYTHONS)


def cache_root():
    root = os.environ.get("TFENVS_CACHE")
    if root:
        return Path(root).expanduser()
    return Path.home() / ".cache" / "tfpatch-envs"


def env_key(name):
    digest = hashlib.sha256(json.dumps(list(ALL[name])).encode()).hexdigest()[:12]
    minor = ALL[name][0]
    return "%s-py%s-%s" % (name, minor, digest)


def env_dir(name):
    return cache_root() / env_key(name)


def env_python(name):
    return env_dir(name) / "bin" / "python"


def is_ready(name):
    return (env_dir(name) / ".ready").is_file()


def find_base_python(minor):
    """The interpreter to build a venv from: pyenv's newest X.Y.Z ($PYENV_ROOT, else
    ~/.pyenv), else pythonX.Y on PATH."""
    roots = [Path(os.environ["PYENV_ROOT"])] if os.environ.get("PYENV_ROOT") else []
    roots.append(Path.home() / ".pyenv")
    for root in roots:
        versions = root / "versions"
        found = []
        for v in versions.iterdir() if versions.is_dir() else ():
            parts = v.name.split(".")
            if v.name.startswith(minor + ".") and len(parts) == 3 and parts[2].isdigit():
                if (v / "bin" / "python").exists():
                    found.append((int(parts[2]), v / "bin" / "python"))
        if found:
            return str(max(found)[1])
    which = shutil.which("python" + minor)
    if which:
        return which
    raise SystemExit("tfenvs: no Python %s found (pyenv install %s, or put python%s on PATH)" % (minor, minor, minor))


def environ_of(name):
    """The environment variables a program in ``name`` runs with (legacy Keras on 2.16+)."""
    return dict(ALL[name][3])


def ensure(name, log=sys.stderr):
    """Build the environment ``name`` unless it is ready.  Several processes may ask
    for the same one at once: a lock file makes the others wait for the first."""
    if is_ready(name):
        return env_python(name)
    minor, pins, no_deps, environ = ALL[name]
    target = env_dir(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    import fcntl
    with open(str(target) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_ready(name):
            return env_python(name)
        if target.exists():
            shutil.rmtree(str(target))
        base = find_base_python(minor)
        print("tfenvs: building %s (%s) with %s" % (name, " ".join(pins + no_deps), base), file=log, flush=True)
        subprocess.check_call([base, "-m", "venv", str(target)])
        py = str(env_python(name))
        pip = [py, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.check_call(pip + pins)
        if no_deps:
            subprocess.check_call(pip + ["--no-deps"] + no_deps)
        check = "import tensorflow as tf; print(tf.__version__)" if name in RELEASES else \
            "import pytest, hypothesis, wrapt"
        if name in RELEASES and not name.startswith("tf1."):
            check += "; tf.keras.layers.Dense"
        subprocess.check_call([py, "-c", check], env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **environ))
        (target / ".ready").write_text(json.dumps(list(ALL[name])))
    return env_python(name)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd")
    p_ensure = sub.add_parser("ensure", help="build the environments that are missing")
    p_ensure.add_argument("names", nargs="*", help="environments (default: all): %s" % ", ".join(ALL))
    p_path = sub.add_parser("path", help="print an environment's python")
    p_path.add_argument("name")
    sub.add_parser("list", help="list the matrix")
    p_select = sub.add_parser("select", help="the releases a test run uses, and why (one a line: NAME WHY)")
    p_select.add_argument("--all-releases", action="store_true", help="every release")
    p_select.add_argument("--commit", type=int, help="the commit count to rotate by (default: HEAD's)")
    args = parser.parse_args(argv)
    names = getattr(args, "names", None) or list(ALL)
    for n in ([args.name] if args.cmd == "path" else names):
        if n not in ALL:
            parser.error("unknown environment %r; known: %s" % (n, ", ".join(ALL)))
    if args.cmd == "ensure":
        for n in names:
            ensure(n)
    elif args.cmd == "path":
        print(env_python(args.name))
    elif args.cmd == "select":
        for name, why in select(args.all_releases, args.commit):
            print("%s %s" % (name, why))
    elif args.cmd == "list":
        for n in ALL:
            print("%-16s %-5s %-6s %s" % (n, ALL[n][0], "ready" if is_ready(n) else "-", env_dir(n)))
    else:
        parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
