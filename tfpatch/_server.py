"""Serving a spelling the release lacks: the per-use lookups, and the server they ask.

* :class:`ModuleHook` is a module's PEP 562 ``__getattr__``: Python calls it
  only for names the module lacks, so an existing name is never shadowed.
* :class:`MethodAlias` is a non-data descriptor on a class: an instance's own
  attribute and a subclass's own method win.

Both answer a use from a call site they know with one dictionary hit: each
entry keeps ``sites``, a dict from the calling frame's ``(id(code), instruction
offset)`` to the shared ``[count]`` record of ``_notices``; only a new call site
goes to the :class:`Server` (a notice, the strict-mode error).  The value served
is found through the other spelling at first use and is the very same object.

The server answers a name's first use: which names a namespace serves, the object
behind an entry (the row decides, ``rule.resolve``), the notice, and the history's
line for a name that is missing.  It writes nothing to TensorFlow's objects itself:
a namespace module it makes is patched by the engine.
"""
import _thread
import sys

from . import _api, _notices
from ._api import MISSING, ModuleType, no_attribute
from ._notices import NOTICES, quiet

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


# --- the server ------------------------------------------------------------------------
class Server(object):
    """Serves the names of one engine (``engine``: readiness and patching)."""

    MISSING = MISSING

    def __init__(self, engine, index, failures, strict, v1):
        self.engine, self.index, self.failures = engine, index, failures
        self.strict, self.v1 = strict, v1
        self.lock = _thread.RLock()
        self._busy = _thread._local()   # spellings being resolved, per thread (a cycle guard)
        self._fallback_entries = {}
        self._adapter_entries = {}
        self._adapted = {}              # (spelling, id(object)) -> (object, its adapter's wrapper)
        self._namespace_modules = {}    # (id(parent), leaf) -> (parent, module)

    # --- what a hook asks ------------------------------------------------------------
    def serving(self):
        """Whether names are served now: tfpatch active, TensorFlow fully imported."""
        return self.engine.ready()

    def table(self, paths):
        return self.index.hook_table(paths)

    def fallback_entry(self, path, name):
        """The alias of ``tf.<path>.<name>`` to ``tf.compat.v1.<path>.<name>`` (one per name)."""
        used = path + "." + name if path else name
        entry = self._fallback_entries.get(used)
        if entry is None:
            rule = self.index.fallback_rule
            twin = self.index.scope.twin(path)
            other = "%s.%s.%s" % (rule.source, twin, name) if twin else "%s.%s" % (rule.source, name)
            entry = self._fallback_entries[used] = Alias(rule, used, other)
        return entry

    def adapter_entry(self, rule, used):
        """The entry an adapter's call ``used`` is recorded and told under."""
        entry = self._adapter_entries.get(used)
        if entry is None:
            entry = self._adapter_entries[used] = Alias(rule, used, rule.write)
        return entry

    def first_use(self, entry, frame):
        """A use from a call site this entry has not seen: record it, tell it once."""
        NOTICES.first_use(entry.sites, frame, entry.rule.id, entry.spelled_used, entry.spelled_other,
                          lambda: entry.rule.sentence(entry, self.tf_version()), self.strict,
                          entry.rule.strict_error)

    @staticmethod
    def tf_version():
        return getattr(_api.tensorflow(), "__version__", "?")

    # --- what a row asks (rules/_kinds.py) ----------------------------------------------
    def resolve(self, spelling, rule):
        """``tf.<spelling>`` by ordinary attribute access, or MISSING.  Guarded against
        cycles (both spellings missing); quiet: it is tfpatch's own lookup."""
        tf = _api.tensorflow()
        if tf is None:
            return MISSING
        busy = self._busy.__dict__.setdefault("spellings", set())
        if spelling in busy:
            return MISSING
        busy.add(spelling)
        try:
            with quiet():
                obj = tf
                for part in spelling.split("."):
                    obj = getattr(obj, part)
            return obj
        except AttributeError:
            return MISSING
        except Exception as exc:
            self.failures.report("rule %s resolving tf.%s" % (rule.id, spelling), exc)
            return MISSING
        finally:
            busy.discard(spelling)

    def adapted(self, entry, value):
        """A rename whose spellings take different arguments: the adapter's wrapper of
        ``value`` (one per spelling and object).  If the adapter fails or the release
        has no equivalent call, the name stays missing: a plain alias would change
        what the call means."""
        key = (entry.used, id(value))
        with self.lock:
            found = self._adapted.get(key)
            if found is not None and found[0] is value:
                return found[1]
            try:
                from .adapters import SERVED, function
                wrapped = function(SERVED, entry.rule.adapter)(self.engine.adapter_host, entry, value)
            except Exception as exc:
                self.failures.report("adapter %s for tf.%s" % (entry.rule.adapter, entry.used), exc)
                return MISSING
            if wrapped is None:
                return MISSING
            self._adapted[key] = (value, wrapped)
            return wrapped

    def with_graph_mode_hint(self, function, spelling):
        """A TF1 call that needs graph mode: its eager-mode error gains a line naming TFPATCH_V1."""
        import wrapt
        hint = _notices.graph_mode_hint(spelling)

        def wrapper(wrapped, instance, args, kwargs):
            try:
                return wrapped(*args, **kwargs)
            except RuntimeError as exc:
                if "eager" not in str(exc):
                    raise
                if hasattr(exc, "add_note"):
                    exc.add_note(hint)
                    raise
                exc.args = ("%s\n%s" % (exc.args[0], hint),) + tuple(exc.args[1:]) if exc.args else (hint,)
                raise

        return wrapt.FunctionWrapper(function, wrapper)

    def namespace_module(self, parent, rule):
        """The module served for a namespace a release lacks (one per parent object).
        It is a package (``__path__`` empty), so deeper imports such as
        ``import tensorflow.keras.layers.experimental.preprocessing`` reach the
        meta-path importer, which serves them too."""
        if not self.namespace_servable(rule):
            return MISSING
        table = self.index.table((rule.path,))
        leaf = rule.path.rpartition(".")[2]
        key = (id(parent), leaf)
        with self.lock:
            found = self._namespace_modules.get(key)
            if found is not None:
                return found[1]
            name = "%s.%s" % (getattr(parent, "__name__", "tf." + rule.path.rpartition(".")[0]), leaf)
            module = ModuleType(name, "tf.%s, served by tfpatch: this TensorFlow has these names "
                                      "in tf.%s." % (rule.path, rule.moved_to))
            d = module.__dict__
            d["__tfpatch_namespace__"] = rule.path
            d["__path__"] = []
            d["__dir__"] = lambda: sorted(table)
            self._namespace_modules[key] = (parent, module)
        self.engine.patch_module(module, rule.path)
        return module

    def namespace_servable(self, rule):
        """Whether the namespace of ``rule`` would be served: its names' home is a module and
        one of its names (a nested namespace: one that would be served) exists here in a form
        that computes the same.  An empty module would only mislead feature tests (hasattr)."""
        # Asked again while deciding (on 2.0 both spellings of every preprocessing layer are
        # missing, and each one's other spelling goes through this very namespace): not served,
        # so the decision is one pass over its names, not one per order of them.
        deciding = self._busy.__dict__.setdefault("namespaces", set())
        if rule.path in deciding:
            return False
        deciding.add(rule.path)
        try:
            if not isinstance(self.resolve(rule.moved_to, rule), ModuleType):
                return False
            table = self.index.table((rule.path,))
            return not table or self._serves_a_name(table)
        finally:
            deciding.discard(rule.path)

    def _serves_a_name(self, table):
        for entries in table.values():
            for entry in entries:
                try:
                    if entry.rule.servable(self, entry):
                        return True
                except Exception as exc:
                    self.failures.report("rule %s resolving tf.%s" % (entry.rule.id, entry.used), exc)
        return False

    def namespace_import(self, fullname, path):
        """The served module for ``import <fullname>`` (``tf.<path>``) when no finder
        has it, or None."""
        entry = self.index.namespaces.get(path)
        if entry is None or not self.engine.active:
            return None
        parent = sys.modules.get(fullname.rpartition(".")[0])
        if parent is None:
            return None
        module = self.namespace_module(parent, entry.rule)
        if module is MISSING:
            return None
        self.first_use(entry, sys._getframe(1))
        return module

    def forget(self):
        """Drop what was served (``deactivate()``)."""
        with self.lock:
            self._adapted.clear()
            self._namespace_modules.clear()

    # --- missing names ----------------------------------------------------------------
    def explains(self, frame):
        """Whether a missing public name looked up from ``frame`` gains a line from the
        history.  Not for probes whose error nobody reads: TensorFlow's own while it
        imports (``hasattr(tf, "keras")`` on 2.3), importlib's ``from x import y``
        fallback, tfpatch's own lookups.  Reading the history costs ~7 ms once: that
        must not land inside ``import tensorflow``."""
        if not self.engine.active or _notices.is_quiet() or not self.engine.ready():
            return False
        return not frame.f_code.co_filename.startswith("<frozen importlib")

    def explain(self, path, name):
        """The line an AttributeError for ``tf.<path>.<name>`` gains, or None."""
        try:
            from .rules.tf1 import LEFT_TENSORFLOW, contrib_explanation
            if self.index.fallback_rule is not None and not path and name == "contrib":
                return contrib_explanation()
            from ._history import explain
            return explain(path, name, LEFT_TENSORFLOW)
        except Exception as exc:
            self.failures.report("explaining tf.%s" % (path + "." + name if path else name), exc)
            return None
