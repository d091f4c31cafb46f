"""tfpatch: run TensorFlow code written for another release, unmodified.

``import tfpatch`` (before or after TensorFlow) adds the names the installed
TensorFlow lacks as aliases of the ones it has, in whichever direction is
missing, and tells once per call site what the modern spelling is.  The
catalogue of renames is in ``tfpatch/rules/``.

Public face: :func:`activate`, :func:`deactivate`, :func:`status`,
:class:`TFPatchDeprecationWarning`, :class:`TFPatchStrictError`.
``TFPATCH=0`` keeps tfpatch off.
"""
import sys
import _thread

from . import _config, _hook, _log, _namespaces
from ._notices import NOTICES, TFPatchDeprecationWarning, TFPatchStrictCallError, TFPatchStrictError

__version__ = "0.1.0"
__all__ = ["activate", "deactivate", "status", "TFPatchDeprecationWarning", "TFPatchStrictError",
           "TFPatchStrictCallError", "__version__"]

CONFIG = _config.from_environ()
_log.set_level(CONFIG.log_level)
for _problem in CONFIG.problems:
    _log.log("warning", "%s", _problem)

_lock = _thread.RLock()
_current = None          # the engine, once TensorFlow (or Keras) has started to import
_waiting = None          # (strict, v1) while tfpatch is active and waits for TensorFlow
_activated_by = None
_exit_hook_registered = False


def _rules():
    from .rules import CATALOGUE
    disabled = CONFIG.disabled
    return [rule for rule in CATALOGUE if not rule.blocked and not (disabled and rule.id in disabled)]


def _how_imported():
    """How this interpreter came to import tfpatch: for ``status`` and ``doctor``."""
    f = sys._getframe(1)
    while f is not None:
        filename, name = f.f_code.co_filename, f.f_code.co_name
        if filename.endswith("sitecustomize.py"):
            return "tfpatch run" if "_bootstrap" in filename else "sitecustomize"
        if name == "addpackage" and filename.endswith(("site.py", "<frozen site>")):
            return ".pth"
        f = f.f_back
    return "import"


def activate(reason=None, strict=None, v1=None):
    """Install the import hooks and patch what is already imported.  Idempotent.

    ``strict=True`` (or ``TFPATCH_STRICT=1``) makes every use of an alias raise
    :class:`TFPatchStrictError` instead of serving it.  ``v1=True`` (or
    ``TFPATCH_V1=1``) runs TensorFlow 1.x graph code: tfpatch calls
    ``tf.compat.v1.disable_v2_behavior()`` when TensorFlow loads.  Returns True when
    tfpatch is active afterwards; False when ``TFPATCH=0`` keeps it off (an
    explicit call does not override the environment, so a job can always be
    run without tfpatch by setting the variable).

    Until TensorFlow (or Keras) starts to import, tfpatch only waits for it: the
    catalogue is read and the engine made at that moment, so an interpreter that
    never imports TensorFlow pays for little more than this module.
    """
    global _activated_by, _exit_hook_registered, _waiting
    with _lock:
        if CONFIG.enabled is False:
            _log.log("info", "TFPATCH=0: tfpatch stays off")
            return False
        strict = CONFIG.strict if strict is None else bool(strict)
        v1 = CONFIG.v1 if v1 is None else bool(v1)
        if _settings() == (strict, v1):
            return True
        deactivate()
        _activated_by = reason or _how_imported()
        if any(name in sys.modules for name in _namespaces.ROOT_PACKAGES):
            if "tensorflow" in sys.modules:
                _log.log("info", "tensorflow was imported before tfpatch: patching it now; names "
                         "bound earlier with `from ... import` stay as they were")
            _start(strict, v1).engine.sweep(walk_api=True)
        else:
            _waiting = (strict, v1)
            _hook.wait(_start_when_imported)
        if not _exit_hook_registered:
            import atexit
            atexit.register(_at_exit)
            _exit_hook_registered = True
        return True


def _settings():
    """``(strict, v1)`` of the activation in place, or None when tfpatch is off."""
    if _waiting is not None:
        return _waiting
    if _current is not None and _current.active:
        return _current.strict, _current.v1
    return None


def _start(strict, v1):
    """Read the catalogue, make the engine and install the hooks (the caller patches
    what is loaded already: nothing, when tensorflow has only begun to import)."""
    global _current, _waiting
    from ._engine import Engine
    engine = Engine(_rules(), strict=strict, v1=v1, speedups=CONFIG.speedups)
    engine.active = True
    hooks = _hook.install(engine)
    _current, _waiting = engine, None
    _log.log("debug", "active (%s): %d rules%s", _activated_by, len(engine.rules), ", strict" if strict else "")
    return hooks


def _start_when_imported():
    """Called by the waiting path hook, inside importlib, when TensorFlow or Keras
    starts to import.  Must never raise; never blocks on a thread that is
    (de)activating tfpatch at this moment (that thread may wait for the import lock
    this one holds): that thread's own activation takes over."""
    global _waiting
    if not _lock.acquire(False):
        return None
    try:
        if _waiting is None:
            return None
        return _start(*_waiting)
    except Exception as exc:
        _log.log("warning", "could not activate (%r); continuing without tfpatch", exc)
        _hook.uninstall()
        _waiting = None
        return None
    finally:
        _lock.release()


def _at_exit():
    # The report module (json, re) and the catalogue are imported only now, and only
    # when there is something to tell: an interpreter that never used an alias ends
    # as it would without tfpatch.
    if not NOTICES.records and not CONFIG.report:
        return
    from . import _report
    _report.at_exit(CONFIG)


def deactivate():
    """Remove the hooks and every name tfpatch added; modules are left as they were."""
    global _current, _waiting
    with _lock:
        _hook.uninstall()
        _waiting = None
        if _current is not None:
            _current.undo()
            _current = None


def status():
    """What tfpatch is doing in this process, as a dict."""
    tf = sys.modules.get("tensorflow")
    settings = _settings()
    info = {
        "version": __version__,
        "active": settings is not None,
        "waiting_for_tensorflow": _waiting is not None,
        "activated_by": _activated_by if settings is not None else None,
        "strict": bool(settings and settings[0]),
        "v1": bool(settings and settings[1]),
        "environment": {"enabled": CONFIG.enabled, "log": CONFIG.log_level,
                        "disabled": sorted(CONFIG.disabled), "report": CONFIG.report,
                        "problems": list(CONFIG.problems)},
        "tensorflow": getattr(tf, "__version__", None),
        "notices": len(NOTICES.records),
        "lookups": _lookups(),
    }
    if _current is not None:
        info.update(_current.summary())
    elif _waiting is not None:
        info.update(rules=len(_rules()), patched_modules=0, patched_classes=0, adapted=0, failures=[])
    return info


def _lookups():
    """Which implementation answers alias lookups: C (tfpatch._speedups) or Python."""
    from . import _engine
    if _current is not None and _current.speedups or \
            _waiting is not None and CONFIG.speedups and _engine._speedups is not None:
        return "C"
    if _engine._speedups is None:
        return "Python (tfpatch._speedups is not built: %s)" % _engine.SPEEDUPS_ERROR
    return "Python (TFPATCH_SPEEDUPS=0)" if not CONFIG.speedups else "Python"


def load_ipython_extension(ipython):
    """``%load_ext tfpatch``: activate in a notebook or IPython session."""
    if activate(reason="IPython extension"):
        print("tfpatch %s active: TensorFlow renames are served, with a notice per use." % __version__)
    else:
        print("tfpatch stays off: TFPATCH=0 is set in this kernel's environment.")


def unload_ipython_extension(ipython):
    deactivate()


if CONFIG.enabled is not False:
    try:
        activate()
    except Exception as _exc:  # tfpatch must never stop the program that imports it
        _log.log("warning", "could not activate (%r); continuing without tfpatch", _exc)
