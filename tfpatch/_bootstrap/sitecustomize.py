"""Started by ``tfpatch run``: activate tfpatch, then run the sitecustomize this one shadows.

``tfpatch run`` puts this directory first on PYTHONPATH and sets TFPATCH=1;
children of the program inherit both, so they start patched too.
"""
import os
import sys


def _activate():
    try:
        import tfpatch  # noqa: F401  (importing it activates it)
    except ImportError:
        # Run from a checkout rather than an install: tfpatch sits two levels up.
        sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
        try:
            import tfpatch  # noqa: F401,F811
        except Exception as exc:
            sys.stderr.write("tfpatch: not activated: %r\n" % (exc,))
    except Exception as exc:  # never stop the interpreter from starting
        sys.stderr.write("tfpatch: not activated: %r\n" % (exc,))


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


if os.environ.get("TFPATCH", "").strip().lower() not in ("0", "false", "no", "off"):
    _activate()
_run_shadowed_sitecustomize()
