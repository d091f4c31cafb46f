"""The kinds of rule a catalogue row can be.

Every spelling is written relative to the ``tf`` namespace, the way users
write it after ``import tensorflow as tf``: ``"distribute.TPUStrategy"``,
``"keras.mixed_precision.set_global_policy"``.  A row is symmetric: whichever
spelling the installed release lacks is served as an alias of the one it has.

``since`` is the first release with the modern spelling; ``until`` the first
release without the legacy one (``None`` while it is still there).  ``blocked``
holds the reason a row is kept in the catalogue but not applied (the calls of
the two spellings differ, so a plain alias would change behaviour).
"""
from _operator import itemgetter


def parse_release(text, _parsed={}):
    """``"2.3"`` or ``"2.3.4"`` -> ``(2, 3)``; ValueError naming the input otherwise."""
    found = _parsed.get(text)
    if found is not None:  # the catalogue spells ~20 releases, each many times
        return found
    parts = text.strip().split(".")
    if len(parts) in (2, 3) and all(p.isdigit() and len(p) <= 4 for p in parts):
        found = _parsed[text] = int(parts[0]), int(parts[1])
        return found
    raise ValueError("release %r is not understood; accepted: MAJOR.MINOR or MAJOR.MINOR.PATCH, "
                     "e.g. 2.3 or 2.15.1" % (text[:40],))


def release_of(tf):
    """``(major, minor)`` of the imported TensorFlow module ``tf`` (``"2.16.0-rc1"``
    -> ``(2, 16)``), or None when its version is missing or not understood."""
    try:
        return parse_release(".".join(str(getattr(tf, "__version__", "")).split(".")[:2]))
    except ValueError:
        return None


def matters_on(rule, release):
    """True when one of the rule's spellings is missing on ``release`` (a (major, minor)):
    for an adapter, when the calls it mends can be made there."""
    if rule.kind == "adapter" and rule.mends == "new":  # new calls, before the release that made them
        return release < parse_release(rule.since)
    if rule.kind in ("fallback", "adapter"):  # from the release that moved or changed them on
        return release >= parse_release(rule.since)
    since = parse_release(rule.since) if rule.since else None
    until = parse_release(rule.until) if rule.until else None
    return bool((since and release < since) or (until and release >= until))


class _Row(tuple):
    """A catalogue row: an immutable tuple with named fields (a namedtuple without
    the cost of importing ``collections`` at interpreter start).  Each field is a
    property reading one item in C, so the engine's ~2,000 field reads at
    activation cost no Python call each."""

    __slots__ = ()
    _fields = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for index, field in enumerate(cls.__dict__.get("_fields", ())):
            setattr(cls, field, property(itemgetter(index)))

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__,
                           ", ".join("%s=%r" % (f, v) for f, v in zip(self._fields, self) if v is not None))


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


class Namespace(_Row):
    """A module that exists in some releases only; where it is missing it is
    served as a module whose names are the renames declared under it, so
    ``from tensorflow.X import experimental`` keeps working."""

    __slots__ = ()
    _fields = ("path", "moved_to", "since", "until", "blocked")
    kind = "namespace"

    def __new__(cls, path, moved_to, since=None, until=None, blocked=None):
        return tuple.__new__(cls, (path, moved_to, since, until, blocked))

    @property
    def id(self):
        return self.path


class Fallback(_Row):
    """A whole API moved under another namespace: a name ``tf.<path>.<x>`` that
    the release lacks resolves to ``tf.<source>.<path>.<x>`` (TF1 names, which
    TensorFlow 2 keeps under ``tf.compat.v1``).  Applies to ``tf`` and the
    modules below it, down to ``depth`` levels."""

    __slots__ = ()
    _fields = ("source", "since", "depth", "blocked")
    kind = "fallback"

    def __new__(cls, source, since, depth=2, blocked=None):
        return tuple.__new__(cls, (source, since, depth, blocked))

    @property
    def id(self):
        return self.source

    @property
    def until(self):
        return None


class Adapter(_Row):
    """A call that changed while its name stayed: calls that fail or silently
    misbehave on the installed release are translated by the wrapper named
    ``adapter`` (a function in ``tfpatch.adapters``); every other call passes
    through untouched.  ``used`` is the call as the program writes it, ``write``
    the call the installed release needs.  ``since`` is the release the change
    happened in.  ``mends="old"``: ``used`` is the older call, mended on releases
    from ``since`` on; ``mends="new"``: ``used`` is the newer call, mended on
    releases before ``since`` (``ds.unique()`` on 2.3)."""

    __slots__ = ()
    _fields = ("name", "target", "adapter", "used", "write", "since", "until", "blocked", "mends")
    kind = "adapter"

    def __new__(cls, name, target, adapter, used, write, since, until=None, blocked=None, mends="old"):
        if mends not in ("old", "new"):
            raise ValueError("Adapter %r: mends=%r; accepted: 'old' or 'new'" % (name, mends))
        return tuple.__new__(cls, (name, target, adapter, used, write, since, until, blocked, mends))

    @property
    def id(self):
        return self.name
