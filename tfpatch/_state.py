"""The activation of tfpatch in this interpreter: one object, four named states.

::

    OFF --activate()--> WAITING --tensorflow starts to import--> IMPORTING --its import ends--> ACTIVE
     ^                     |                                        |                              |
     +-----deactivate()----+----------------------------------------+------------------------------+

* ``OFF``: no hook, nothing changed (``TFPATCH=0`` keeps it there).
* ``WAITING``: only the small waiting hooks of ``_hook`` are installed; the
  catalogue is not even read, so an interpreter that never meets TensorFlow
  pays for little more than ``import tfpatch``.
* ``IMPORTING``: TensorFlow (or Keras) has begun to import; the engine exists
  and its hooks follow the import, but nothing is served yet: TensorFlow's own
  probes see the release as it is.
* ``ACTIVE``: TensorFlow has finished importing and the engine serves names.

Activating after TensorFlow was imported goes straight to ``ACTIVE``.  A
failure while starting leaves the state ``OFF``, says so once, and the program
goes on without tfpatch.
"""
import sys
import _thread

from . import _hook, _log, _namespaces
from ._notices import NOTICES

OFF = "off"
WAITING = "waiting for tensorflow"
IMPORTING = "tensorflow importing"
ACTIVE = "active"


class Activation(object):
    """The state, the settings of the activation in place (``strict``, ``v1``) and
    its engine.  Every change of state happens under ``lock``."""

    def __init__(self, config):
        self.config = config
        self.lock = _thread.RLock()
        self.state = OFF
        self.settings = None        # (strict, v1) unless OFF
        self.engine = None          # from IMPORTING on
        self.activated_by = None
        self._exit_hook = False

    def activate(self, reason, strict=None, v1=None):
        """See :func:`tfpatch.activate`."""
        with self.lock:
            if self.config.enabled is False:
                _log.log("info", "TFPATCH=0: tfpatch stays off")
                return False
            strict = self.config.strict if strict is None else bool(strict)
            v1 = self.config.v1 if v1 is None else bool(v1)
            if self.state != OFF and self.settings == (strict, v1):
                return True
            self.deactivate()
            self.activated_by = reason
            self.settings = (strict, v1)
            if any(name in sys.modules for name in _namespaces.ROOT_PACKAGES):
                if "tensorflow" in sys.modules:
                    _log.log("info", "tensorflow was imported before tfpatch: patching it now; names "
                             "bound earlier with `from ... import` stay as they were")
                engine = self._start()
                engine.catch_up()          # tensorflow imported already: straight to ACTIVE
                if self.state == IMPORTING:  # only Keras so far, or tensorflow still importing
                    engine.sweep(walk_api=True)
            else:
                self.state = WAITING
                _hook.wait(self.start_when_imported)
            if not self._exit_hook:
                import atexit
                atexit.register(_at_exit, self.config)
                self._exit_hook = True
            return True

    def _start(self):
        """IMPORTING: make the index (the plan's, or the catalogue's), the engine, install its
        hooks (the caller patches what is loaded already: nothing, when tensorflow has only begun)."""
        from ._engine import Engine
        from ._index import for_activation
        strict, v1 = self.settings
        engine = Engine(strict=strict, v1=v1, on_ready=self._ready,
                        index=for_activation(self.config.disabled, v1))
        engine.active = True
        _hook.install(engine, engine.watched, engine.scope, engine.failures, engine.index.watched_parents)
        self.engine, self.state = engine, IMPORTING
        _log.log("debug", "active (%s): %d rules%s", self.activated_by, engine.index.rule_count,
                 ", strict" if strict else "")
        return engine

    def _ready(self):
        """The engine's end-of-import pass is done."""
        if self.state == IMPORTING:
            self.state = ACTIVE

    def start_when_imported(self):
        """Called by the waiting path hook, inside importlib, when TensorFlow or Keras
        starts to import; returns the engine's hooks.  Must never raise; never blocks
        on a thread that is (de)activating tfpatch at this moment (that thread may
        wait for the import lock this one holds): that thread's own activation takes
        over."""
        if not self.lock.acquire(False):
            return None
        try:
            if self.state != WAITING:
                return None
            self._start()
            return _hook._active
        except Exception as exc:
            _log.log("warning", "could not activate (%r); continuing without tfpatch", exc)
            _hook.uninstall()
            self.state, self.settings, self.engine = OFF, None, None
            return None
        finally:
            self.lock.release()

    def deactivate(self):
        """OFF: remove the hooks and every name tfpatch added."""
        with self.lock:
            _hook.uninstall()
            engine, self.engine = self.engine, None
            self.state, self.settings = OFF, None
            if engine is not None:
                engine.undo()

    def status(self):
        """The activation's part of :func:`tfpatch.status`."""
        settings = self.settings
        info = {
            "state": self.state,
            "active": self.state != OFF,
            "waiting_for_tensorflow": self.state == WAITING,
            "activated_by": self.activated_by if self.state != OFF else None,
            "strict": bool(settings and settings[0]),
            "v1": bool(settings and settings[1]),
        }
        if self.engine is not None:
            info.update(self.engine.summary())
        elif self.state == WAITING:
            from ._index import catalogue_rules
            info.update(rules=len(catalogue_rules(self.config.disabled)), patched_modules=0, patched_classes=0,
                        adapted=0, failures=[])
        return info


def _at_exit(config):
    # The report module (json, re) and the catalogue are imported only now, and only
    # when there is something to tell: an interpreter that never used an alias ends
    # as it would without tfpatch.
    if not NOTICES.records and not config.report:
        return
    from . import _report
    _report.at_exit(config)
