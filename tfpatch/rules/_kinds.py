"""The kinds of row the catalogue holds, each carrying its own behaviour.

Every spelling is written relative to the ``tf`` namespace, the way users
write it after ``import tensorflow as tf``: ``"distribute.TPUStrategy"``,
``"keras.mixed_precision.set_global_policy"``.  A row is symmetric: whichever
spelling the installed release lacks is served as an alias of the one it has.

``since`` is the first release with the modern spelling; ``until`` the first
release without the legacy one (``None`` while it is still there).  ``blocked``
holds the reason a row is kept in the catalogue but not applied (the calls of
the two spellings differ, so a plain alias would change behaviour).

What a row does, it says itself (as six's ``MovedAttribute`` resolves itself):

* ``index(ix)``: which names it serves where (``ix`` is the engine's
  ``RuleIndex``: ``serve``, ``serve_namespace``, ``rename_method``,
  ``fallback``, ``adapter``);
* ``resolve(server, module, entry)``: the object served for one of its
  spellings (``server`` is the engine's ``Server``);
* ``sentence(entry, tf_version)``: what its notice says;
* ``matters_on(release)``: whether one of its spellings is missing there;
* ``spellings()``: what ``tfpatch rules`` shows;
* ``static_patterns(target)``: what ``tfpatch check`` and ``fix`` look for in source
  where ``target`` lacks a spelling (vocabulary in ``tfpatch/_patterns.py``, imported
  only then);
* ``claims()``: what it takes from ``tools/generate_rules.py``, which writes the
  generated rows.
"""
from _operator import itemgetter

from .. import _notices
from .._notices import TFPatchStrictCallError, TFPatchStrictError
from .._api import parse_release, release_of  # noqa: F401  (re-exported: older import path)

_MISSING_NAME = object()


def matters_on(rule, release):
    """True when one of ``rule``'s spellings is missing on ``release`` (a (major, minor))."""
    return rule.matters_on(release)


class _Row(tuple):
    """A catalogue row: an immutable tuple with named fields (a namedtuple without
    the cost of importing ``collections`` at interpreter start).  Each field is a
    property reading one item in C, so the engine's ~2,000 field reads at
    activation cost no Python call each."""

    __slots__ = ()
    _fields = ()
    kind = "row"                       # a label for people (tfpatch rules, JSON)
    strict_error = TFPatchStrictError  # what a use raises in strict mode

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for index, field in enumerate(cls.__dict__.get("_fields", ())):
            setattr(cls, field, property(itemgetter(index)))

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__,
                           ", ".join("%s=%r" % (f, v) for f, v in zip(self._fields, self) if v is not None))

    def matters_on(self, release):
        # a rename matters where the modern spelling is not there yet or the legacy one is gone
        return any(self._missing(release))

    def static_patterns(self, target):
        """``[Pattern]``: the spellings ``target`` (a ``(major, minor)``) lacks that a reading
        of source can find, with what to write instead."""
        return []

    def claims(self):
        """``(spellings, reachable, method)`` for the generator: the public names this row
        covers, those it makes reachable where missing, and ``(owner, legacy, modern)`` of a
        renamed method (else None)."""
        return (), (), None

    def _missing(self, target):
        """``(modern missing, legacy missing)`` on ``target``."""
        return (bool(self.since) and target < parse_release(self.since),
                bool(self.until) and target >= parse_release(self.until))

    def servable(self, server, entry):
        """Whether ``entry`` (a name this row serves) can be served on this release."""
        return self.resolve(server, None, entry) is not server.MISSING


class Rename(_Row):
    """A public name with two spellings, e.g. an ``experimental`` graduation.

    ``adapter``: where the two spellings take different arguments, the name of a
    function in ``tfpatch.adapters.SERVED`` that wraps the served object so each
    spelling keeps its own call (``LossScaleOptimizer(opt, 'dynamic')``)."""

    __slots__ = ()
    _fields = ("modern", "legacy", "since", "until", "blocked", "adapter")
    kind = "rename"

    def __new__(cls, modern, legacy, since, until=None, blocked=None, adapter=None):
        return tuple.__new__(cls, (modern, legacy, since, until, blocked, adapter))

    @property
    def id(self):
        return self.modern

    def index(self, ix):
        ix.serve(self.modern, self, self.legacy)
        ix.serve(self.legacy, self, self.modern)

    def resolve(self, server, module, entry):
        value = server.resolve(entry.other, self)
        if self.adapter and value is not server.MISSING:
            return server.adapted(entry, value)
        return value

    def sentence(self, entry, tf_version):
        return _notices.describe(entry.spelled_used, entry.spelled_other, self.modern, self.since, tf_version)

    def spellings(self):
        return self.modern, self.legacy

    def static_patterns(self, target):
        from .._patterns import NOT_FOUND, RENAME_ACTIONS, Pattern
        when_modern_missing, when_legacy_missing = RENAME_ACTIONS.get(self.adapter, (None, None))
        modern_missing, legacy_missing = self._missing(target)
        out = []
        if modern_missing and when_modern_missing is not NOT_FOUND:
            out.append(Pattern("path", self.modern, self.legacy, self, action=when_modern_missing))
        if legacy_missing and when_legacy_missing is not NOT_FOUND:
            out.append(Pattern("path", self.legacy, self.modern, self, action=when_legacy_missing))
        return out

    def claims(self):
        return (self.modern, self.legacy), (self.modern, self.legacy), None


class Method(_Row):
    """A method renamed on a class; the alias is placed on the class that defines
    the other spelling so every subclass has it, and resolves through the
    instance so overrides win."""

    __slots__ = ()
    _fields = ("owner", "modern", "legacy", "since", "until", "blocked")
    kind = "method"

    def __new__(cls, owner, modern, legacy, since, until=None, blocked=None):
        return tuple.__new__(cls, (owner, modern, legacy, since, until, blocked))

    @property
    def id(self):
        return self.owner + "." + self.modern

    def index(self, ix):
        ix.rename_method(self)

    def sentence(self, entry, tf_version):
        return _notices.describe(entry.spelled_used, entry.spelled_other, self.owner + "." + self.modern,
                                 self.since, tf_version)

    def spellings(self):
        return self.owner + "." + self.modern, self.owner + "." + self.legacy

    def static_patterns(self, target):
        # Matched by the method's name alone: only names specific enough to mean the
        # TensorFlow method (``experimental_run_v2``; not ``run``).
        from .._patterns import SHARED_METHOD_NAMES, Pattern, _specific
        modern_missing, legacy_missing = self._missing(target)
        out = []
        if modern_missing and _specific(self.modern):
            out.append(Pattern("method", self.modern, self.legacy, self))
        if legacy_missing and _specific(self.legacy):
            out.append(Pattern("method", self.legacy, self.modern, self))
        elif legacy_missing and self.legacy in SHARED_METHOD_NAMES:   # found, left to a reader
            out.append(Pattern("method-call", self.legacy, None, self, "human:on a %s, write .%s(); another "
                               "class's .%s() may be meant" % (self.owner.rpartition(".")[2], self.modern,
                                                               self.legacy)))
        return out

    def claims(self):
        return (), (), (self.owner, self.legacy, self.modern)


class Namespace(_Row):
    """A module that exists in some releases only; where it is missing it is
    served as a module whose names are the renames declared under it, so
    ``from tensorflow.X import experimental`` and ``import tensorflow.X.experimental.Y``
    keep working."""

    __slots__ = ()
    _fields = ("path", "moved_to", "since", "until", "blocked")
    kind = "namespace"

    def __new__(cls, path, moved_to, since=None, until=None, blocked=None):
        return tuple.__new__(cls, (path, moved_to, since, until, blocked))

    @property
    def id(self):
        return self.path

    def index(self, ix):
        ix.serve_namespace(self)

    def resolve(self, server, module, entry):
        return server.namespace_module(module, self)

    def servable(self, server, entry):
        return server.namespace_servable(self)

    def sentence(self, entry, tf_version):
        return _notices.served_namespace(self.path, self.moved_to, self.since, self.until)

    def spellings(self):
        return self.moved_to, self.path

    def static_patterns(self, target):
        from .._patterns import Pattern
        return [Pattern("path", self.path, self.moved_to, self)] if self._missing(target)[1] else []

    def claims(self):
        return (self.path, self.moved_to), (self.path,), None


class Fallback(_Row):
    """A whole API moved under another namespace: a name ``tf.<path>.<x>`` that
    the release lacks resolves to ``tf.<source>.<path>.<x>`` (TF1 names, which
    TensorFlow 2 keeps under ``tf.compat.v1``).  Applies to ``tf`` and the
    modules below it, down to ``depth`` levels (``_namespaces.FallbackScope``).
    ``graph_mode``: names whose eager-mode error gains a line naming TFPATCH_V1."""

    __slots__ = ()
    _fields = ("source", "since", "depth", "blocked", "graph_mode")
    kind = "fallback"

    def __new__(cls, source, since, depth=2, blocked=None, graph_mode=()):
        return tuple.__new__(cls, (source, since, depth, blocked, tuple(graph_mode)))

    @property
    def id(self):
        return self.source

    @property
    def until(self):
        return None

    def matters_on(self, release):  # from the release that moved them on
        return release >= parse_release(self.since)

    def index(self, ix):
        ix.fallback(self)

    def resolve(self, server, module, entry):
        value = server.resolve(entry.other, self)
        if value is not server.MISSING and not server.v1 and callable(value) \
                and entry.used.rpartition(".")[2] in self.graph_mode:
            value = server.with_graph_mode_hint(value, entry.used)
        return value

    def sentence(self, entry, tf_version):
        return _notices.served_tf1(entry.spelled_used, entry.spelled_other, self.source, self.since)

    def static_patterns(self, target):
        from .._patterns import Pattern
        return [Pattern("fallback", self.source, self.source, self)] if self.matters_on(target) else []

    def spellings(self):
        return "%s.<name>" % self.source, "<name> (any name tf.%s has)" % self.source


class Adapter(_Row):
    """A call that changed while its name stayed: calls that fail or silently
    misbehave on the installed release are translated by the wrapper named
    ``adapter`` (a function in ``tfpatch.adapters``); every other call passes
    through untouched.  ``used`` is the call as the program writes it, ``write``
    the call the installed release needs.  ``since`` is the release the change
    happened in.  ``mends="old"``: ``used`` is the older call, mended on releases
    from ``since`` on; ``mends="new"``: ``used`` is the newer call, mended on
    releases before ``since`` (``ds.unique()`` on 2.3); ``replaced_from``: with ``mends="new"``,
    the release from which another row mends the call instead (``compile(steps_per_execution=)``
    is dropped before 2.3, renamed on 2.3); ``refused_from``: with ``mends="new"``, the first
    release that refuses the call (2.0's ``compile()`` takes any keyword and ignores those it
    does not know, so nothing is mended there).  ``v1_only``: the adapter acts
    only in v1 mode (``TFPATCH_V1=1``); outside it the row is not indexed, so its module
    is not even imported."""

    __slots__ = ()
    _fields = ("name", "target", "adapter", "used", "write", "since", "until", "blocked", "mends", "v1_only",
               "replaced_from", "refused_from")
    kind = "adapter"
    strict_error = TFPatchStrictCallError

    def __new__(cls, name, target, adapter, used, write, since, until=None, blocked=None, mends="old",
                v1_only=False, replaced_from=None, refused_from=None):
        if mends not in ("old", "new"):
            raise ValueError("Adapter %r: mends=%r; accepted: 'old' or 'new'" % (name, mends))
        return tuple.__new__(cls, (name, target, adapter, used, write, since, until, blocked, mends, v1_only,
                                   replaced_from, refused_from))

    @property
    def id(self):
        return self.name

    def matters_on(self, release):
        """Where the calls it mends can be made: before ``since`` for new calls, from it on for old ones."""
        if self.mends == "new":
            return (release < parse_release(self.since)
                    and (self.replaced_from is None or release < parse_release(self.replaced_from))
                    and (self.refused_from is None or release >= parse_release(self.refused_from)))
        return release >= parse_release(self.since)

    def index(self, ix):
        if ix.v1 or not self.v1_only:
            ix.adapter(self)

    def sentence(self, entry, tf_version):
        return _notices.adapted(entry.spelled_used, entry.spelled_other, self.since, self.mends, tf_version)

    def spellings(self):
        return (self.used, self.write) if self.mends == "new" else (self.write, self.used)

    def static_patterns(self, target):
        from .._patterns import adapter_patterns
        return adapter_patterns(self) if self.matters_on(target) else []
