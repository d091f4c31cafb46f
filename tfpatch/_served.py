"""What answers a use of a spelling the release lacks: the per-use lookups.

* :class:`ModuleHook` is a module's PEP 562 ``__getattr__``: Python calls it
  only for names the module lacks, so an existing name is never shadowed.
* :class:`MethodAlias` is a non-data descriptor on a class: an instance's own
  attribute and a subclass's own method win.

Both answer a use from a call site they know with one dictionary hit: each
entry keeps ``sites``, a dict from the calling frame's ``(id(code), instruction
offset)`` to the shared ``[count]`` record of ``_notices``; only a new call site
goes to the server (a notice, the strict-mode error).  The value served is
found through the other spelling at first use and is the very same object.
"""
import sys

from ._api import MISSING, no_attribute

_getframe = sys._getframe


class Alias(object):
    """One spelling served as another: ``used`` is looked up, ``other`` is resolved."""

    __slots__ = ("rule", "used", "other", "spelled_used", "spelled_other", "sites")

    def __init__(self, rule, used, other):
        self.rule, self.used, self.other = rule, used, other
        self.spelled_used, self.spelled_other = used, other
        self.sites = {}


class MethodAlias(object):
    """A renamed method on a class: ``obj.used`` is ``obj.other``, resolved through
    ``getattr`` on the instance, so what it returns is exactly what the other
    spelling returns."""

    __slots__ = ("server", "rule", "used", "other", "spelled_used", "spelled_other", "sites")

    def __init__(self, server, rule, used, other):
        self.server, self.rule, self.used, self.other = server, rule, used, other
        self.spelled_used = rule.owner + "." + used
        self.spelled_other = rule.owner + "." + other
        self.sites = {}

    def __get__(self, obj, owner=None, _getframe=_getframe, id=id):
        f = _getframe(1)
        record = self.sites.get((id(f.f_code), f.f_lasti))
        if record is None:
            self.server.first_use(self, f)
        else:
            record[0] += 1
        if obj is None:
            return getattr(owner, self.other)
        return getattr(obj, self.other)


class ModuleHook(object):
    """A module's ``__getattr__``: serves the names of the namespace paths ``paths``.

    A name already served is one cache hit and one call-site lookup; the first
    lookup of a name, and every name tfpatch does not serve, go through
    :meth:`slow`.  ``previous`` is the ``__getattr__`` the module had before
    (MISSING if none), ``path`` the path whose TF1 names ``fallback`` (a rule or
    None) serves, ``table`` the names served (made on the first miss).

    ``_tfpatch_engine`` and ``_tfpatch_previous`` name the engine and the previous
    hook for anyone who finds this object in a module's dictionary (a lazy loader
    copies it into itself)."""

    __slots__ = ("cache", "table", "server", "_tfpatch_engine", "_tfpatch_previous", "path", "paths",
                 "fallback", "module")

    def __init__(self, server, previous, path, paths, fallback, module):
        self.cache, self.table = {}, None
        self.server, self._tfpatch_engine, self._tfpatch_previous = server, server.engine, previous
        self.path, self.paths, self.fallback, self.module = path, paths, fallback, module

    def __call__(self, name, _getframe=_getframe, id=id):
        hit = self.cache.get(name)
        if hit is None:
            return self.slow(name, 2)
        sites, value, entry = hit
        f = _getframe(1)
        record = sites.get((id(f.f_code), f.f_lasti))
        if record is not None:
            record[0] += 1
        else:
            self.server.first_use(entry, f)
        return value

    def slow(self, name, depth=1):
        server, module = self.server, self.module
        # Nothing is served before TensorFlow has finished importing: its own probes
        # (hasattr(tf, "keras") on 2.3) see the release as it is.
        entries = None
        # No rule serves a private name: Python's probes (__mro__, __path__) and autograph's
        # (__module__ on every module-level object) go straight on, building no table.
        if name[:1] != "_" and server.serving():
            table = self.table
            if table is None:
                table = self.table = server.table(self.paths)
            entries = table.get(name)
            if entries is None and self.fallback is not None and name[:1] != "_":
                entries = (server.fallback_entry(self.path, name),)
        if entries is not None:
            for entry in entries:
                value = entry.rule.resolve(server, module, entry)
                if value is not MISSING:
                    self.cache[name] = (entry.sites, value, entry)
                    server.first_use(entry, _getframe(depth))
                    return value
        previous = self._tfpatch_previous
        if previous is not MISSING:
            return previous(name)
        exc = no_attribute(module, name)
        if name[:1] != "_" and server.explains(_getframe(depth)):  # one line from the history
            line = server.explain(self.path, name)
            if line:
                exc = AttributeError("%s\n%s" % (exc, line))
        raise exc
