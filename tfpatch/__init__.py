"""tfpatch: run TensorFlow code written for another release, unmodified.

``import tfpatch`` (before or after TensorFlow) adds the names the installed
TensorFlow lacks as aliases of the ones it has, in whichever direction is
missing, and tells once per call site what the modern spelling is.  The
catalogue of renames is in ``tfpatch/rules/``.

Public face: :func:`activate`, :func:`deactivate`, :func:`status`,
:class:`TFPatchDeprecationWarning`.  ``TFPATCH=0`` keeps tfpatch off.
"""
import sys
import _thread

from . import _config, _hook, _log
from ._notices import NOTICES, TFPatchDeprecationWarning

__version__ = "0.1.0"
__all__ = ["activate", "deactivate", "status", "TFPatchDeprecationWarning", "__version__"]

CONFIG = _config.from_environ()
_log.set_level(CONFIG.log_level)
for _problem in CONFIG.problems:
    _log.log("warning", "%s", _problem)

_lock = _thread.RLock()
_current = None
_activated_by = None


def _rules():
    from .rules import CATALOGUE
    return [rule for rule in CATALOGUE if not rule.blocked and rule.id not in CONFIG.disabled]


def activate(reason="import"):
    """Install the import hook and patch what is already imported.  Idempotent.

    Returns True when tfpatch is active afterwards; False when ``TFPATCH=0``
    keeps it off (an explicit call does not override the environment, so a
    job can always be run without tfpatch by setting the variable).
    """
    global _current, _activated_by
    from ._engine import Engine
    with _lock:
        if CONFIG.enabled is False:
            _log.log("info", "TFPATCH=0: tfpatch stays off")
            return False
        if _current is not None and _current.active:
            return True
        engine = Engine(_rules())
        engine.active = True
        _hook.install(engine)
        _current, _activated_by = engine, reason
        if "tensorflow" in sys.modules:
            _log.log("info", "tensorflow was imported before tfpatch: patching it now; names "
                     "bound earlier with `from ... import` stay as they were")
        engine.sweep()
        _log.log("debug", "active (%s): %d rules", reason, len(engine.rules))
        return True


def deactivate():
    """Remove the hook and every name tfpatch added; modules are left as they were."""
    global _current
    with _lock:
        _hook.uninstall()
        if _current is not None:
            _current.undo()
            _current = None


def status():
    """What tfpatch is doing in this process, as a dict."""
    tf = sys.modules.get("tensorflow")
    info = {
        "version": __version__,
        "active": bool(_current is not None and _current.active),
        "activated_by": _activated_by if _current is not None else None,
        "environment": {"enabled": CONFIG.enabled, "log": CONFIG.log_level,
                        "disabled": sorted(CONFIG.disabled), "problems": list(CONFIG.problems)},
        "tensorflow": getattr(tf, "__version__", None),
        "notices": len(NOTICES.uses),
    }
    if _current is not None:
        info.update(_current.summary())
    return info


if CONFIG.enabled is not False:
    try:
        activate()
    except Exception as _exc:  # tfpatch must never stop the program that imports it
        _log.log("warning", "could not activate (%r); continuing without tfpatch", _exc)
