"""The ``tfpatch`` logger, configured from ``TFPATCH_LOG`` on first use.

``logging`` is imported only when tfpatch has something to say, so an
interpreter that never meets TensorFlow does not pay for it.
"""
import sys

_LEVELS = {"debug": 10, "info": 20, "warning": 30, "error": 40, "off": 100}
_logger = None
_level_name = "warning"


def set_level(name):
    global _level_name
    _level_name = name
    if _logger is not None:
        _logger.setLevel(_LEVELS[name])


def enabled_for(name):
    return _LEVELS[name] >= _LEVELS[_level_name]


def get():
    """The ``tfpatch`` logger.  Unless the application gave it a handler of its
    own before tfpatch first spoke, tfpatch adds one writing ``tfpatch: ...``
    to stderr and stops propagation, so a notice is never printed twice."""
    global _logger
    if _logger is None:
        import logging
        logger = logging.getLogger("tfpatch")
        logger.setLevel(_LEVELS[_level_name])
        if not logger.handlers:
            class StderrHandler(logging.StreamHandler):
                """Writes to ``sys.stderr`` as it is when a record comes (as
                ``logging.lastResort`` does): a stream swapped or closed since
                tfpatch first spoke (pytest's capture, say) is never written to."""

                @property
                def stream(self):
                    return sys.stderr

                @stream.setter
                def stream(self, value):
                    pass

            handler = StderrHandler()
            handler.setFormatter(logging.Formatter("tfpatch: %(message)s"))
            logger.addHandler(handler)
            logger.propagate = False
        _logger = logger
    return _logger


def log(level, message, *args):
    if enabled_for(level):
        get().log(_LEVELS[level], message, *args)


class Failures(object):
    """Failures inside tfpatch: each is kept for ``status()`` and told once per
    context; the part that failed is skipped and TensorFlow is left as it is."""

    def __init__(self):
        self.seen = []           # (context, repr(exc)), every time
        self._told = set()

    def report(self, context, exc):
        self.seen.append((context, repr(exc)))
        if context in self._told:
            return
        self._told.add(context)
        log("warning", "internal error in %s: %r; this part is skipped, TensorFlow is "
            "left as it is (please report it)", context, exc)
