"""Notices: one per call site for each alias used, through logging and warnings.

A notice names the spelling the code used, the spelling of the installed
release and the release that introduced the modern one, and points at the
user's file and line: the frames of tfpatch, importlib, wrapt and TensorFlow's
lazy loader are walked
out of, as typeguard does, rather than guessed with a fixed stacklevel.
"""
import os
import _thread

from . import _log

_local = _thread._local()


class quiet(object):
    """``with quiet():`` lookups made inside are tfpatch's own (resolving an alias,
    installing adapters): they record no use and tell nothing.  Per thread."""

    __slots__ = ()

    def __enter__(self):
        _local.depth = getattr(_local, "depth", 0) + 1
        return self

    def __exit__(self, *exc_info):
        _local.depth -= 1
        return False


def is_quiet():
    return getattr(_local, "depth", 0) > 0


class TFPatchDeprecationWarning(DeprecationWarning):
    """A name was served by tfpatch: the code uses a spelling this TensorFlow lacks."""


class TFPatchStrictError(AttributeError):
    """Strict mode (``TFPATCH_STRICT=1``): the code used a spelling this TensorFlow
    lacks.  An AttributeError, so ``hasattr`` and feature tests behave as they
    would on this release without tfpatch."""


class TFPatchStrictCallError(TypeError):
    """Strict mode: a call that needed one of tfpatch's adapters (``Adam(lr=...)``)."""


# Shown as tfpatch.X in tracebacks and warnings: the public names, not the module.
TFPatchDeprecationWarning.__module__ = TFPatchStrictError.__module__ = "tfpatch"
TFPatchStrictCallError.__module__ = "tfpatch"


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_SKIP_PREFIXES = (_PACKAGE_DIR + os.sep, "<frozen importlib")
# TensorFlow's LazyLoader / KerasLazyLoader (tf.keras before its first use, 2.16+): the
# user's ``tf.keras.X`` reaches the served name through its ``__getattr__``.
_LAZY_LOADER = os.sep + os.path.join("python", "util", "lazy_loader.py")
# Autograph's own machinery: inside tf.function, the user's converted code calls a
# function it does not convert (an adapter's) through ag__.converted_call.
_AUTOGRAPH = os.sep + os.path.join("python", "autograph", "")


def _is_internal(filename):
    return (filename.startswith(_SKIP_PREFIXES) or (os.sep + "wrapt" + os.sep) in filename
            or ("tensorflow" in filename and (filename.endswith(_LAZY_LOADER) or _AUTOGRAPH in filename)))


def user_frame(frame):
    """The first frame outside tfpatch, importlib, wrapt and TensorFlow's lazy loader
    and autograph (``frame`` itself if none is)."""
    f = frame
    while f is not None and _is_internal(f.f_code.co_filename):
        f = f.f_back
    return f if f is not None else frame


_AUTOGRAPH_MAPS = {}  # id(code object) -> (the code object, autograph source map or None)


def _autograph_source_map(code):
    """The source map autograph keeps on the function it generated from user code.
    Cached by identity: code objects compare equal across files (one function converted
    twice runs from two temporary files, each with its own map)."""
    cached = _AUTOGRAPH_MAPS.get(id(code))
    if cached is not None and cached[0] is code:
        return cached[1]
    found = None
    try:
        import gc
        for ref in gc.get_referrers(code):
            source_map = getattr(ref, "ag_source_map", None) if getattr(ref, "__code__", None) is code else None
            if source_map:
                found = source_map
                break
    except Exception:
        found = None
    _AUTOGRAPH_MAPS[id(code)] = (code, found)
    return found


def call_site(frame):
    """``(filename, lineno, globals)`` of the user's line for ``frame``.

    Inside ``tf.function`` the code that runs is autograph's rewrite of the
    user's function, in a temporary file (``__autograph_generated_file*.py`` from
    2.7, ``tmp*.py`` before), whose code takes autograph's module as the free
    variable ``ag__``; its source map gives the user's line.
    """
    f = user_frame(frame)
    code = f.f_code
    filename, lineno = code.co_filename, f.f_lineno
    if "__autograph_generated_file" in filename or "ag__" in code.co_freevars:
        source_map = _autograph_source_map(code)
        origin = source_map.get((filename, lineno)) if source_map else None
        loc = getattr(origin, "loc", None)
        if loc is not None:
            return loc.filename, loc.lineno, f.f_globals
    return filename, lineno, f.f_globals


class Notices(object):
    """Every call site that used an alias, with its count; tells each site once.

    The hot path is not here: each alias keeps ``sites``, a dict from the
    calling frame's ``(id(code), instruction offset)`` to the shared ``[count]``
    record (the offset is cheaper to read than the line), so a
    repeated use costs one frame lookup and one dict hit (see the engine).
    """

    def __init__(self):
        self._lock = _thread.allocate_lock()
        self.records = {}  # (rule id, used, installed, filename, lineno) -> [count]
        self._codes = []

    @property
    def uses(self):
        return {key: record[0] for key, record in self.records.items()}

    def reset(self):
        with self._lock:
            self.records.clear()

    def first_use(self, sites, frame, rule_id, used, installed, text, strict=False, error=None):
        """A use from a frame not seen yet for this alias: record it, tell it once.

        ``text`` is a callable making the sentence, called only when told.
        Frames inside importlib (``from x import y``) are not remembered in
        ``sites``: the same importlib line serves every import statement.
        In strict mode the use is recorded and raised, every time.
        Inside :class:`quiet` nothing is recorded.
        """
        if getattr(_local, "depth", 0):
            return
        filename, lineno, globals_ = call_site(frame)
        key = (rule_id, used, installed, filename, lineno)
        with self._lock:
            record = self.records.get(key)
            is_new = record is None
            if is_new:
                record = self.records[key] = [0]
            record[0] += 1
            if strict:
                raise (error or TFPatchStrictError)("%s:%d: %s (TFPATCH_STRICT=1 makes this an error)"
                                                    % (filename, lineno, text()))
            code = frame.f_code
            if not _is_internal(code.co_filename):
                # Keyed by id(code): hashing a code object hashes its bytecode.  The
                # code is kept alive here, so its id cannot be reused by another.
                self._codes.append(code)
                sites[(id(code), frame.f_lasti)] = record
        if is_new:
            self._tell(filename, lineno, globals_, text())

    def _tell(self, filename, lineno, globals_, text):
        """Tell one use once: as the warning where Python's warning filters show it (a
        call site in ``__main__``, a notebook, pytest's summary, ``-W error`` raising),
        as the ``tfpatch:`` log line where they hide it (a library's call site).  A
        handler the application put on the ``tfpatch`` logger gets every notice."""
        message = "%s:%d: %s" % (filename, lineno, text)
        try:
            registry = globals_.setdefault("__warningregistry__", {})
        except Exception:  # a frame whose globals refuse it: warn without a registry
            registry = None
        module = globals_.get("__name__", "<unknown>") if hasattr(globals_, "get") else "<unknown>"
        try:
            shown = _warning_shown(text, TFPatchDeprecationWarning, filename, lineno, module, registry)
        except Exception:  # filters of a shape this Python does not document: say it both ways
            shown = False
        if not shown or _application_listens():
            _log.log("warning", "%s", message)
        import warnings
        try:
            warnings.warn_explicit(text, TFPatchDeprecationWarning, filename, lineno,
                                   module=module, registry=registry)
        except Warning:  # -W error: the user asked for an exception
            raise
        except Exception as exc:
            _log.log("warning", "could not issue the warning for %s: %r", message, exc)


def _matches(pattern, text):
    if pattern is None:
        return True
    if isinstance(pattern, str):  # some Pythons keep a plain string
        import re
        return re.match(pattern, text) is not None
    return pattern.match(text) is not None


def _warning_shown(text, category, filename, lineno, module, registry):
    """Would ``warnings.warn_explicit`` show (or raise) this warning now?  The same walk
    over ``warnings.filters`` Python makes (first match wins, else ``defaultaction``),
    and the same registries for ``default``, ``module`` and ``once``."""
    import warnings
    version = getattr(warnings, "_filters_version", None)
    if registry is not None and registry.get("version", version) == version:
        if registry.get((text, category, lineno)):
            return False
    action = None
    for item in warnings.filters:
        act, msg, cat, mod, ln = item
        if _matches(msg, text) and issubclass(category, cat) and _matches(mod, module) and (ln == 0 or ln == lineno):
            action = act
            break
    if action is None:
        action = warnings.defaultaction
    if action == "ignore":
        return False
    if action == "once":
        return not getattr(warnings, "onceregistry", {}).get((text, category))
    if action == "module" and registry is not None:
        return not registry.get((text, category, 0))
    return True


def _application_listens():
    """True when the application gave the ``tfpatch`` logger a handler of its own."""
    import logging
    logger = logging.getLogger("tfpatch")
    return any(type(handler).__name__ != "StderrHandler" for handler in logger.handlers)


NOTICES = Notices()


# --- the sentences ------------------------------------------------------------------------
# Every sentence tfpatch says about a spelling is made here; the rows pick theirs.

def describe(used, installed, modern, since, tf_version):
    """The sentence of a notice, e.g. ``tf.distribute.experimental.TPUStrategy is served
    by tfpatch; this TensorFlow calls it tf.distribute.TPUStrategy (since 2.3)``."""
    if used == modern:  # new code on an old release
        return ("tf.%s is served by tfpatch; this TensorFlow (%s) calls it tf.%s "
                "(tf.%s since %s)" % (used, tf_version, installed, modern, since))
    return "tf.%s is served by tfpatch; this TensorFlow calls it tf.%s (since %s)" % (
        used, installed, since)


def served_namespace(path, moved_to, since, until):
    if until is None:  # the namespace is the newer spelling (tf.keras.config on 2.15)
        return ("tf.%s is served by tfpatch; this TensorFlow has its names in tf.%s (tf.%s since %s)"
                % (path, moved_to, path, since))
    return ("tf.%s is served by tfpatch; this TensorFlow has its names in tf.%s "
            "(since %s; tf.%s was removed in %s)" % (path, moved_to, since, path, until))


def adapted(used, needed, since, mends, tf_version):
    """An adapter's notice: ``mends`` is "new" for new code on an old release."""
    if mends == "new":
        return ("tf.%s is adapted by tfpatch: this TensorFlow (%s) needs tf.%s (tf.%s since %s)"
                % (used, tf_version, needed, used, since))
    return ("tf.%s is adapted by tfpatch: this TensorFlow needs tf.%s (a call valid before %s)"
            % (used, needed, since))


def served_tf1(used, installed, source, since):
    return ("tf.%s is served by tfpatch; this TensorFlow calls it tf.%s (TensorFlow 1.x API, "
            "under tf.%s since %s)" % (used, installed, source, since))


def graph_mode_hint(spelling):
    """The line a TF1 call that needs graph mode adds to its eager-mode error."""
    return ("tfpatch: tf.%s is TensorFlow 1.x graph code; run the program with TFPATCH_V1=1 (or "
            "tfpatch.activate(v1=True)) and tfpatch calls tf.compat.v1.disable_v2_behavior() when "
            "TensorFlow loads" % spelling)
