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

from . import _config, _log, _state
from ._notices import NOTICES, TFPatchDeprecationWarning, TFPatchStrictCallError, TFPatchStrictError

__version__ = "0.2.0"
__all__ = ["activate", "deactivate", "status", "TFPatchDeprecationWarning", "TFPatchStrictError",
           "TFPatchStrictCallError", "__version__"]

CONFIG = _config.from_environ()
_log.set_level(CONFIG.log_level)
for _problem in CONFIG.problems:
    _log.log("warning", "%s", _problem)

#: The one activation of this interpreter (see ``_state`` for its states).
_activation = _state.Activation(CONFIG)


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
    index of the rules and the engine are made at that moment, so an interpreter that
    never imports TensorFlow pays for little more than this module.
    """
    return _activation.activate(reason or _how_imported(), strict, v1)


def deactivate():
    """Remove the hooks and every name tfpatch added; modules are left as they were."""
    _activation.deactivate()


def status():
    """What tfpatch is doing in this process, as a dict."""
    info = {"version": __version__}
    info.update(_activation.status())
    info["environment"] = {"enabled": CONFIG.enabled, "log": CONFIG.log_level,
                           "disabled": sorted(CONFIG.disabled), "report": CONFIG.report,
                           "problems": list(CONFIG.problems)}
    info["tensorflow"] = getattr(sys.modules.get("tensorflow"), "__version__", None)
    info["notices"] = len(NOTICES.records)
    return info


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
