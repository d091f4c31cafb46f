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

# The real TensorFlow releases the tests run against: name -> (python minor, pip arguments).
MATRIX = {
    "tf2.1": ("3.7", ["tensorflow-cpu==2.1.4", "protobuf<3.21", "wrapt==1.16.0"]),
    "tf2.3": ("3.8", ["tensorflow-cpu==2.3.4", "protobuf<3.21", "wrapt>=1.15,<2"]),
    "tf2.12": ("3.11", ["tensorflow-cpu==2.12.1"]),
    "tf2.15": ("3.11", ["tensorflow-cpu==2.15.1"]),
    "tf2.21": ("3.11", ["tensorflow-cpu==2.21.0"]),
}

# The Pythons tfpatch supports, each with pytest, for the fast tests (no TensorFlow).
PYTHONS = {
    "py3.7": ("3.7", ["pytest", "hypothesis", "wrapt==1.16.0"]),
    "py3.8": ("3.8", ["pytest", "hypothesis", "wrapt>=1.15,<2"]),
    "py3.9": ("3.9", ["pytest", "hypothesis", "wrapt>=2"]),
    "py3.10": ("3.10", ["pytest", "hypothesis", "wrapt>=2"]),
    "py3.11": ("3.11", ["pytest", "hypothesis", "wrapt>=2"]),
    "py3.12": ("3.12", ["pytest", "hypothesis", "wrapt>=2"]),
    "py3.13": ("3.13", ["pytest", "hypothesis", "wrapt>=2"]),
}

ALL = dict(MATRIX, **PYTHONS)


def cache_root():
    root = os.environ.get("TFENVS_CACHE")
    if root:
        return Path(root).expanduser()
    return Path.home() / ".cache" / "tfpatch-envs"


def env_key(name):
    minor, pins = ALL[name]
    digest = hashlib.sha256(json.dumps([minor, pins]).encode()).hexdigest()[:12]
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


def ensure(name, log=sys.stderr):
    if is_ready(name):
        return env_python(name)
    minor, pins = ALL[name]
    target = env_dir(name)
    if target.exists():
        shutil.rmtree(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    base = find_base_python(minor)
    print("tfenvs: building %s (%s) with %s" % (name, " ".join(pins), base), file=log, flush=True)
    subprocess.check_call([base, "-m", "venv", str(target)])
    py = str(env_python(name))
    pip = [py, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.check_call(pip + pins)
    check = "import tensorflow as tf; print(tf.__version__)" if name in MATRIX else "import pytest, hypothesis, wrapt"
    subprocess.check_call([py, "-c", check], env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    (target / ".ready").write_text(json.dumps([minor, pins]))
    return env_python(name)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd")
    p_ensure = sub.add_parser("ensure", help="build the environments that are missing")
    p_ensure.add_argument("names", nargs="*", help="environments (default: all): %s" % ", ".join(ALL))
    p_path = sub.add_parser("path", help="print an environment's python")
    p_path.add_argument("name")
    sub.add_parser("list", help="list the matrix")
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
    elif args.cmd == "list":
        for n in ALL:
            print("%-8s %-5s %-6s %s" % (n, ALL[n][0], "ready" if is_ready(n) else "-", env_dir(n)))
    else:
        parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
