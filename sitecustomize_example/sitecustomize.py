"""Activate tfpatch in every interpreter that starts with this folder on PYTHONPATH.

Python imports the first ``sitecustomize`` it finds on ``sys.path``; this one
would hide any other (a distribution's, a virtualenv's), so after activating
tfpatch it runs the one it shadows, as ddtrace's bootstrap does.

``TFPATCH=0`` leaves tfpatch off (the shadowed sitecustomize still runs).
"""
import os
import sys


def _activate():
    if os.environ.get("TFPATCH", "").strip().lower() in ("0", "false", "no", "off"):
        return
    try:
        import tfpatch  # noqa: F401  (importing it activates it)
    except Exception as exc:  # never stop an interpreter from starting
        sys.stderr.write("tfpatch: not activated at interpreter start: %r\n" % (exc,))


def _run_shadowed_sitecustomize():
    here = os.path.dirname(os.path.abspath(__file__))
    ours = sys.modules.pop("sitecustomize", None)
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    try:
        import sitecustomize  # noqa: F401  (the next one on the path, if any)
    except ImportError as exc:
        if getattr(exc, "name", None) != "sitecustomize":
            raise
    finally:
        sys.path[:] = saved
        if ours is not None:
            sys.modules["sitecustomize"] = ours


_activate()
_run_shadowed_sitecustomize()
