"""Build tfpatch/_speedups.c in place, for the Python that runs this script.

    python tools/build_speedups.py [--quiet]

The tests import tfpatch from the checkout, with every Python of the matrix,
so each needs its own ``tfpatch/_speedups<suffix>`` next to the source (the
suffix names the Python, e.g. ``.cpython-311-x86_64-linux-gnu.so``).  This
calls the compiler the Python was built with, as setuptools would, without
needing setuptools in the environment.  ``pip install`` builds the same file
through setup.py.  Rebuilds only when the source is newer than the build.
"""
import os
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tfpatch" / "_speedups.c"


def target():
    return ROOT / "tfpatch" / ("_speedups" + sysconfig.get_config_var("EXT_SUFFIX"))


def build(quiet=False):
    out = target()
    if out.exists() and out.stat().st_mtime >= SOURCE.stat().st_mtime:
        return out
    cfg = sysconfig.get_config_var
    cc = shlex.split(cfg("CC") or "cc")
    ldshared = shlex.split(cfg("LDSHARED") or "cc -shared")
    cflags = shlex.split(cfg("CFLAGS") or "") + shlex.split(cfg("CCSHARED") or "")
    include = ["-I" + sysconfig.get_paths()["include"]]
    obj = out.with_suffix(".o")
    tmp = out.with_name(out.name + ".tmp")
    try:
        subprocess.check_call(cc + cflags + include + ["-c", str(SOURCE), "-o", str(obj)])
        subprocess.check_call(ldshared + [str(obj), "-o", str(tmp)])
        os.replace(str(tmp), str(out))  # never a half-written module on the path
    finally:
        for leftover in (obj, tmp):
            if leftover.exists():
                leftover.unlink()
    if not quiet:
        print("built %s" % out.relative_to(ROOT))
    return out


if __name__ == "__main__":
    build(quiet="--quiet" in sys.argv[1:])
