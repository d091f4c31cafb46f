"""The patch engine: applies the catalogue to TensorFlow's objects and undoes it.

Names are added without touching any name that exists:

* a module gets a PEP 562 ``__getattr__`` in its ``__dict__``.  Python calls it
  only for names the module lacks, so an existing name is never shadowed, and
  the alias is looked up at access time: the value served is the very object
  the other spelling names, and the notice is given where the lookup happens.
* a class gets a small non-data descriptor for a renamed method; it answers
  through the instance, so a subclass's own method wins.

Every change goes into an undo log; :meth:`Engine.undo` replays it backwards
and leaves each module and class exactly as it was.  A failure inside a rule
is reported once and that rule is skipped: it never breaks an import.
"""
import os
import sys
import _thread


from . import _log
from ._namespaces import SWEEP_AFTER, watched_names
from ._notices import NOTICES, TFPatchStrictCallError, describe
from .rules._kinds import matters_on, release_of

MISSING = object()
_ModuleType = type(sys)
_getframe = sys._getframe
_tls = _thread._local()

SPEEDUPS_ERROR = None
try:  # the per-use lookups, the path hook and a walk step in C (tfpatch/_speedups.c); optional
    from . import _speedups
    if not hasattr(_speedups, "PathHook"):  # built from an older source
        _speedups, SPEEDUPS_ERROR = None, "%s was built from an older _speedups.c" % _speedups.__file__
except ImportError as _exc:
    _speedups, SPEEDUPS_ERROR = None, str(_exc) or type(_exc).__name__


class Alias(object):
    """One spelling served as another: ``used`` is looked up, ``other`` is resolved.

    ``sites`` maps a calling frame's ``(id(code), instruction offset)`` to its use record, so a
    repeated use from a known call site is one dict hit (see ``_notices``)."""

    __slots__ = ("rule", "used", "other", "spelled_used", "spelled_other", "sites")
    kind = "alias"

    def __init__(self, rule, used, other):
        self.rule, self.used, self.other = rule, used, other
        self.spelled_used, self.spelled_other = used, other
        self.sites = {}


class NamespaceEntry(object):
    """A namespace served where the release lacks it (see ``rules.Namespace``)."""

    __slots__ = ("rule", "spelled_used", "spelled_other", "sites")
    kind = "namespace"

    def __init__(self, rule):
        self.rule = rule
        self.spelled_used, self.spelled_other = rule.path, rule.moved_to
        self.sites = {}


def _leaf(spelling):
    return spelling.rpartition(".")


def _dict_of(obj):
    """The dictionary holding a module's names.  TensorFlow's ``TFModuleWrapper``
    keeps them in the module it wraps (whose ``__getattr__`` it honours, while
    one in the wrapper's own ``__dict__`` is ignored on 2.15+)."""
    try:
        d = object.__getattribute__(obj, "__dict__")
    except Exception:
        return None
    wrapped = d.get("_tfmw_wrapped_module")
    if wrapped is not None and wrapped is not obj:
        return _dict_of(wrapped)
    return d


def _plain_module(obj):
    """The plain module to patch for ``obj``, or None (lazy loaders and other
    module subclasses are left alone: patching them could load them early)."""
    if type(obj) is _ModuleType:
        return obj
    try:
        wrapped = object.__getattribute__(obj, "__dict__").get("_tfmw_wrapped_module")
    except Exception:
        return None
    return wrapped if type(wrapped) is _ModuleType else None


def walk(root, path):
    """``root.<path>`` through module dictionaries only: never calls a lazy
    loader, never imports.  None when any step is not there yet."""
    obj = root
    for part in path.split(".") if path else ():
        if not isinstance(obj, _ModuleType):
            return None
        d = _dict_of(obj)
        obj = d.get(part) if d is not None else None
        if obj is None:
            return None
    return obj


def _py_submodules(d):
    """``[(name, module)]`` for the plain modules in ``d`` under public names
    (``_speedups.submodules`` is the same in C)."""
    return [(n, v) for n, v in d.items() if type(v) is _ModuleType and type(n) is str and n[:1] != "_"]


def _api_children(tf, depth, submodules=_py_submodules):
    """``(path, module)`` for TensorFlow's public API modules below ``tf``, ``depth``
    levels deep, through dictionaries only (lazy loaders are left alone): its own
    (``tensorflow._api.v2...``) and those of other packages it exposes
    (``tf.estimator``).  TensorFlow's internal packages (``tf.python``, ``tf.core``:
    attributes of ``tf`` because they were imported) are not API.  Dict order, not
    sorted: no API module is reachable by two paths this deep (checked on
    2.1-2.21), and sorting the ~8,000 names cost more than the rest of this."""
    stack = [("", tf, 0)]
    seen = {id(tf)}
    while stack:
        prefix, parent, level = stack.pop()
        if level >= depth:
            continue
        for name, value in submodules(_dict_of(parent) or _NO_NAMES):  # a snapshot: the caller
            if id(value) in seen:                                        # patches between yields
                continue
            if not prefix and name in ("compat", "keras"):
                continue
            d = value.__dict__  # a plain module (the type test above)
            module_name = str(d.get("__name__", ""))
            if not module_name.startswith("tensorflow") or (module_name.startswith(
                    ("tensorflow.", "tensorflow_core.")) and _API_DIR not in str(d.get("__file__", _API_DIR))):
                continue  # neither TensorFlow's API (its generated _api files) nor another package's
            seen.add(id(value))
            path = prefix + "." + name if prefix else name
            yield path, value
            stack.append((path, value, level + 1))


def _graph_mode_hint(function, spelling):
    """A TF1 call that needs graph mode: its eager-mode error gains a line naming TFPATCH_V1."""
    import wrapt

    hint = ("tfpatch: tf.%s is TensorFlow 1.x graph code; run the program with TFPATCH_V1=1 (or "
            "tfpatch.activate(v1=True)) and tfpatch calls tf.compat.v1.disable_v2_behavior() when "
            "TensorFlow loads" % spelling)

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


def no_attribute(module, name):
    """The AttributeError Python itself raises for ``module.name``, same text."""
    d = _dict_of(module) or {}
    mod_name = d.get("__name__")
    if not isinstance(mod_name, str):
        return AttributeError("module has no attribute '%s'" % (name,))
    spec = d.get("__spec__")
    if sys.version_info >= (3, 12) and name in (getattr(spec, "_uninitialized_submodules", None) or ()):
        return AttributeError("cannot access submodule '%s' of module '%s' "
                              "(most likely due to a circular import)" % (name, mod_name))
    if sys.version_info >= (3, 8) and getattr(spec, "_initializing", False):
        return AttributeError("partially initialized module '%s' has no attribute '%s' "
                              "(most likely due to a circular import)" % (mod_name, name))
    return AttributeError("module '%s' has no attribute '%s'" % (mod_name, name))


class _PyMethodAliasBase(object):
    """The per-use lookup of a method alias in Python: the twin of
    ``_speedups.MethodAliasBase`` (used when that is not built, or with
    ``TFPATCH_SPEEDUPS=0``).  Both keep ``sites`` the same way."""

    __slots__ = ("other", "sites")

    def __get__(self, obj, owner=None, _getframe=_getframe, id=id):
        f = _getframe(1)
        record = self.sites.get((id(f.f_code), f.f_lasti))
        if record is None:
            self._first_use(f)
        else:
            record[0] += 1
        if obj is None:
            return getattr(owner, self.other)
        return getattr(obj, self.other)


class MethodAlias(object):
    """A renamed method on a class: ``obj.legacy`` is ``obj.modern`` (or the reverse).

    A non-data descriptor: an instance's own attribute and a subclass's own
    method win.  It answers through ``getattr`` on the instance, so what it
    returns is exactly what the other spelling returns.  The lookup itself
    (``__get__``) comes from a base class: in C when ``tfpatch._speedups`` is
    built, in Python otherwise; :func:`method_alias` picks it."""

    __slots__ = ()
    kind = "method"

    def _setup(self, engine, rule, used, other):
        self.engine, self.rule, self.used, self.other = engine, rule, used, other
        self.spelled_used = rule.owner + "." + used
        self.spelled_other = rule.owner + "." + other
        self.sites = {}

    def _first_use(self, frame):
        self.engine.first_use(self, frame)


_ALIAS_FIELDS = ("engine", "rule", "used", "spelled_used", "spelled_other")
_PyMethodAlias = type("MethodAlias", (MethodAlias, _PyMethodAliasBase), {"__slots__": _ALIAS_FIELDS})
_CMethodAlias = (type("MethodAlias", (MethodAlias, _speedups.MethodAliasBase), {"__slots__": _ALIAS_FIELDS})
                 if _speedups is not None else None)


def method_alias(engine, rule, used, other):
    """A :class:`MethodAlias`, with the C lookup when the engine uses speedups."""
    alias = (_CMethodAlias if engine.speedups else _PyMethodAlias)()
    alias._setup(engine, rule, used, other)
    return alias


class _PyGetattrBase(object):
    """The per-use lookup of a served module name in Python: the twin of
    ``_speedups.ServedGetattr`` (used when that is not built, or with
    ``TFPATCH_SPEEDUPS=0``).  Both keep ``cache`` and the sites the same way."""

    __slots__ = ("cache", "_table", "_tfpatch_engine", "_tfpatch_previous", "_tfpatch_path",
                 "_tfpatch_paths", "_tfpatch_fallback", "_module")

    def __init__(self, engine, previous, path, paths, fallback, module):
        self.cache, self._table = {}, None
        self._tfpatch_engine, self._tfpatch_previous, self._tfpatch_path = engine, previous, path
        self._tfpatch_paths, self._tfpatch_fallback, self._module = paths, fallback, module

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
            self._first_use(entry, f)
        return value


class ModuleHook(object):
    """A module's PEP 562 ``__getattr__``: serves the names of ``_tfpatch_paths``.

    Python consults it only for names the module lacks.  A name already served is
    one cache hit and one call-site lookup (in C when ``tfpatch._speedups`` is
    built); the first lookup of a name, and every name tfpatch does not serve,
    go through :meth:`slow`.  One object per module, made by one call
    ``ModuleHook(engine, previous, path, paths, fallback, module)``: a hook is made
    for each of TensorFlow's ~300 API modules inside ``import tensorflow``.

    ``_tfpatch_previous`` is the ``__getattr__`` the module had before (MISSING if
    none), ``_tfpatch_path`` the path whose TF1 names ``_tfpatch_fallback`` (a rule
    or None) serves, ``_table`` the names served (made on the first miss)."""

    __slots__ = ()

    def slow(self, name, depth=1):
        engine, module = self._tfpatch_engine, self._module
        # Nothing is served before TensorFlow has finished importing: its own probes
        # (hasattr(tf, "keras") on 2.3) see the release as it is.
        if engine.active and engine.tf_ready():
            if engine._tf_complete is None:
                engine.catch_up()
            table = self._table
            if table is None:
                table = self._table = engine.table(self._tfpatch_paths)
            entries = table.get(name)
            if entries is None and self._tfpatch_fallback is not None and name[:1] != "_":
                entries = (engine.fallback_entry(self._tfpatch_path, name),)
        else:
            entries = None
        if entries is not None:
            for entry in entries:
                value = engine.value_of(module, entry)
                if value is not MISSING:
                    self.cache[name] = (entry.sites, value, entry)
                    engine.first_use(entry, _getframe(depth))
                    return value
        previous = self._tfpatch_previous
        if previous is not MISSING:
            return previous(name)
        exc = no_attribute(module, name)
        if name[:1] != "_" and engine.explains(_getframe(depth)):  # one line from the history
            line = engine.explain(self._tfpatch_path, name)
            if line:
                exc = AttributeError("%s\n%s" % (exc, line))
        raise exc

    def _first_use(self, entry, frame):
        self._tfpatch_engine.first_use(entry, frame)


_PyModuleHook = type("ModuleHook", (ModuleHook, _PyGetattrBase), {"__slots__": ()})
_CModuleHook = (type("ModuleHook", (ModuleHook, _speedups.ServedGetattr), {"__slots__": ()})
                if _speedups is not None else None)
_NO_NAMES = {}  # the table of a module that only has the TF1 fallback (never written to)
_API_DIR = os.sep + "_api" + os.sep  # where TensorFlow's generated public modules live


class Engine(object):
    """Applies one set of rules; one engine per activation."""

    def __init__(self, rules, strict=False, v1=False, speedups=True):
        self.rules = tuple(rules)
        self.strict = strict
        self.v1 = v1
        self.speedups = bool(speedups) and _speedups is not None   # the C lookups, when built
        self.fallback = next((r for r in self.rules if r.kind == "fallback"), None)
        self.adapters = {}
        for rule in self.rules:
            if rule.kind == "adapter":
                self.adapters.setdefault(rule.adapter, []).append(rule)
        self._adapters_installed = set()   # (adapter name, id of the keras module) done
        self._adapter_entries = {}
        self._served = {}         # (spelling, id(object)) -> (object, its adapter's wrapper)
        self._fallback_entries = {}
        self._fallback_swept = None   # the tf module object whose children got the fallback
        self._v1_done = False
        self._tf_complete = None      # the tensorflow module once its import has finished
        self.paths = set()      # the namespace paths some rule serves a name in
        self._path_tree = None  # the same as a tree of their parts (_rule_paths_below)
        self._lookups = None    # namespace path -> {name: (Alias or NamespaceEntry, ...)}, made on first use
        self.methods = {}       # class path -> [Method rule, ...]
        self.namespaces = {}    # namespace path -> NamespaceEntry
        for rule in self.rules:
            kind = rule.kind
            if kind == "rename":
                self.paths.add(rule.modern.rpartition(".")[0])
                self.paths.add(rule.legacy.rpartition(".")[0])
            elif kind == "namespace":
                self.paths.add(rule.path.rpartition(".")[0])
                self.paths.add(rule.path)  # its own names are served inside it
                self.namespaces[rule.path] = NamespaceEntry(rule)
            elif kind == "method":
                self.methods.setdefault(rule.owner, []).append(rule)
        paths = set(self.paths)
        paths.update(owner.rpartition(".")[0] for owner in self.methods)
        self.watched = watched_names(paths)
        self._keras_roots = [name for name, path in self.watched.items() if path == "keras"]
        if self.fallback is not None:
            self.watched.setdefault("tensorflow.contrib", "contrib")  # to explain its absence
        self.active = False
        self._lock = _thread.RLock()
        self._undo = []          # (kind, target, key, previous)
        self._patched = set()    # (id(class), name) of the method aliases placed
        self._synthetic = {}     # (id(parent), leaf) -> (parent, module)
        self._hooks = []         # the module hooks made, whose caches undo() empties
        self._fallback_paths = {}  # tf-relative path -> whether the TF1 fallback may serve it
        self._told_failures = set()
        self.failures = []       # (context, repr(exc)) for status()

    @property
    def lookups(self):
        """``{namespace path: {name: (entry, ...)}}``: what each namespace serves.  Made
        the first time a missing name is looked up, not at activation: most runs
        look up few, and this is ~650 entries."""
        if self._lookups is None:
            lookups = {}

            def add(spelling, entry):
                parent, _, leaf = _leaf(spelling)
                names = lookups.setdefault(parent, {})
                names[leaf] = names.get(leaf, ()) + (entry,)

            for rule in self.rules:
                if rule.kind == "rename":
                    add(rule.modern, Alias(rule, rule.modern, rule.legacy))
                    add(rule.legacy, Alias(rule, rule.legacy, rule.modern))
                elif rule.kind == "namespace":
                    add(rule.path, self.namespaces[rule.path])
            self._lookups = lookups
        return self._lookups

    def table(self, paths):
        """The names a hook serving ``paths`` (a tuple) serves: ``{name: (entry, ...)}``."""
        if len(paths) == 1:
            return self.lookups.get(paths[0], _NO_NAMES)
        table = {}
        for p in paths:
            for name, entries in self.lookups.get(p, _NO_NAMES).items():
                table[name] = table.get(name, ()) + entries
        return table

    # --- diagnostics -------------------------------------------------------------
    def fail(self, context, exc):
        """Report a failure inside tfpatch once per context; tfpatch steps aside there."""
        self.failures.append((context, repr(exc)))
        if context in self._told_failures:
            return
        self._told_failures.add(context)
        _log.log("warning", "internal error in %s: %r; this part is skipped, TensorFlow is "
                 "left as it is (please report it)", context, exc)

    # --- applying ------------------------------------------------------------------
    def sweep(self, walk_api=False):
        """Patch what is reachable now: ``tf.<path>`` and ``tf.compat.v2.<path>`` for the
        rules' paths (one module object can stand for several paths), the renamed
        methods' classes; once TensorFlow has finished importing, ``tf`` itself, every
        public module two levels below it (for the TF1 fallback), the adapters and
        TF1 mode.  ``walk_api`` (at activation, and at the end of tensorflow's import,
        which the hooks do not follow module by module) also patches every watched
        module in ``sys.modules``."""
        tf = sys.modules.get("tensorflow")
        roots = []
        if tf is not None:
            roots.append(tf)
            v2 = walk(tf, "compat.v2")
            if v2 is not None:
                roots.append(v2)
        for root in roots:
            for path, obj in self._rule_paths_below(root):
                self.patch_module(obj, path)
            for owner, rules in self.methods.items():
                cls = walk(root, owner)
                if isinstance(cls, type):
                    for rule in rules:
                        self.patch_class(cls, rule)
        for owner, rules in self.methods.items():
            if owner.startswith("keras."):  # tf.keras may still sit behind its lazy loader
                cls = self.keras_namespace(owner[len("keras."):])
                if isinstance(cls, type):
                    for rule in rules:
                        self.patch_class(cls, rule)
        if walk_api:
            modules = sys.modules
            for name, path in self.watched.items():
                mod = modules.get(name)
                if mod is not None:
                    self.patch_module(mod, path)
        if tf is None or not self._tf_ready(tf):
            # Mid-import, TensorFlow probes its own namespace (hasattr(tf, "keras") on 2.3):
            # adapters and TF1 mode wait until it has finished.
            return
        if self.fallback is not None and self._fallback_swept is not tf:
            self._fallback_swept = tf
            self.patch_module(tf, "")
            for path, module in _api_children(tf, self.fallback.depth,
                                              _speedups.submodules if self.speedups else _py_submodules):
                self.patch_module(module, path)
        if self.adapters:
            self._install_adapters(tf)
        if self.v1 and not self._v1_done:
            self._v1_done = True
            self._enable_v1(tf)

    def _rule_paths_below(self, root):
        """``(path, object)`` for each rule path reachable from ``root`` as ``walk`` would
        find it, shared prefixes looked up once (the paths as a tree, made once)."""
        tree = self._path_tree
        if tree is None:
            tree = self._path_tree = {}
            for path in self.paths:
                node = tree
                parts = path.split(".") if path else []
                for i, part in enumerate(parts):
                    here = node.setdefault(part, [None, {}])
                    if i == len(parts) - 1:
                        here[0] = path
                    node = here[1]
        if "" in self.paths:
            yield "", root
        stack = [(root, tree)]
        while stack:
            obj, node = stack.pop()
            d = _dict_of(obj) if isinstance(obj, _ModuleType) else None
            if d is None:
                continue
            for part, (path, below) in node.items():
                child = d.get(part)
                if child is None:
                    continue
                if path is not None:
                    yield path, child
                if below:
                    stack.append((child, below))

    def fallback_package_dirs(self):
        """The directories of the API packages whose children get the TF1 fallback."""
        depth = self.fallback.depth if self.fallback is not None else 0
        dirs = []
        for hook in self._hooks:
            path = hook._tfpatch_path
            if hook._tfpatch_fallback is not None and path and path.count(".") + 1 < depth:
                dirs.extend(hook._module.__dict__.get("__path__") or ())
        return dirs

    def catch_up(self):
        """Do the end-of-import pass if tensorflow has finished importing without the
        import hooks hearing it (its spec could not be followed: a finder of another
        kind made it).  Called on the next module loaded and the next name missed."""
        if self._tf_complete is None and self.active:
            tf = sys.modules.get("tensorflow")
            if tf is not None and self._tf_ready(tf):
                self.loaded("tensorflow", tf, "")

    def tf_ready(self):
        """Whether ``tensorflow`` has finished importing."""
        tf = sys.modules.get("tensorflow")
        return tf is not None and self._tf_ready(tf)

    def explains(self, frame):
        """Whether a missing public name looked up from ``frame`` gains a line from the
        history.  Not for probes whose error nobody reads: TensorFlow's own while it
        imports (``hasattr(tf, "keras")`` on 2.3), importlib's ``from x import y``
        fallback, tfpatch's own lookups.  Reading the history costs ~7 ms once: that
        must not land inside ``import tensorflow``."""
        if not self.active or getattr(_tls, "resolving", None):
            return False
        tf = sys.modules.get("tensorflow")
        if tf is None or not self._tf_ready(tf):
            return False
        return not frame.f_code.co_filename.startswith("<frozen importlib")

    def explain(self, path, name):
        """The line an AttributeError for ``tf.<path>.<name>`` gains, or None."""
        try:
            from .rules.tf1 import LEFT_TENSORFLOW, contrib_explanation
            if self.fallback is not None and not path and name == "contrib":
                return contrib_explanation()
            from ._history import explain
            return explain(path, name, LEFT_TENSORFLOW)
        except Exception as exc:
            self.fail("explaining tf.%s" % (path + "." + name if path else name), exc)
            return None

    def _tf_ready(self, tf):
        if self._tf_complete is tf:
            return True
        d = _dict_of(tf) or {}
        return "__version__" in d and not getattr(d.get("__spec__"), "_initializing", False)

    def keras_namespace(self, subpath):
        """``tf.keras.<subpath>`` once Keras is loaded, without loading it: through
        ``tf`` when its lazy loader has resolved, else through a loaded Keras root."""
        tf = sys.modules.get("tensorflow")
        found = walk(tf, "keras." + subpath) if tf is not None else None
        if found is None:
            for name in self._keras_roots:
                root = sys.modules.get(name)
                found = walk(root, subpath) if root is not None else None
                if found is not None:
                    break
        return found

    def _install_adapters(self, tf):
        from .adapters import ADAPTERS, function
        release = release_of(tf)  # None for an unknown release: every adapter looks for itself
        for name, rules in self.adapters.items():
            rules = [rule for rule in rules if release is None or matters_on(rule, release)]
            if not rules:  # none of its calls can fail on this release: its module is not imported
                continue
            target = self.keras_namespace(rules[0].target[len("keras."):]) if rules[0].target.startswith("keras.") \
                else walk(tf, rules[0].target)
            if target is None or (name, id(target)) in self._adapters_installed:
                continue
            self._adapters_installed.add((name, id(target)))
            busy = _tls.__dict__.setdefault("resolving", set())
            busy.add("<installing adapters>")  # lookups made here are tfpatch's own: no notices
            try:
                function(ADAPTERS, name)(self, rules, tf, target)
            except Exception as exc:
                self.fail("adapter %s" % name, exc)
            finally:
                busy.discard("<installing adapters>")

    def wrap(self, owner, attribute, wrapper):
        """Put a ``wrapt.FunctionWrapper`` around ``owner.<attribute>``; undone by undo()."""
        import wrapt
        original = owner.__dict__[attribute]
        if getattr(original, "_self_tfpatch_engine", None) is self:
            return
        wrapped = wrapt.FunctionWrapper(original, wrapper)
        wrapped._self_tfpatch_engine = self
        with self._lock:
            setattr(owner, attribute, wrapped)
            self._undo.append(("attr", owner, attribute, (original, wrapped)))

    def add_attribute(self, owner, name, value, own=False):
        """Give a class (or module) a name it lacks, such as a method an adapter
        supplies; undone by undo().  Returns False, changing nothing, if ``owner``
        already has the name (for a class: anywhere in its MRO but ``object``; with
        ``own``: in its own dictionary, for ``__new__`` and the like)."""
        mro = (owner,) if own else getattr(owner, "__mro__", (owner,))
        if any(name in (_dict_of(c) or {}) for c in mro if c is not object):
            return False
        with self._lock:
            setattr(owner, name, value)
            self._undo.append(("added", owner, name, value))
        return True

    def adapter_entry(self, rule, used):
        entry = self._adapter_entries.get(used)
        if entry is None:
            entry = self._adapter_entries[used] = Alias(rule, used, rule.write)
        return entry

    def _enable_v1(self, tf):
        try:
            tf.compat.v1.disable_v2_behavior()
            _log.log("info", "TFPATCH_V1=1: tf.compat.v1.disable_v2_behavior() called")
        except Exception as exc:
            self.fail("TFPATCH_V1: tf.compat.v1.disable_v2_behavior()", exc)

    def loaded(self, name, module, path=None):
        """Called by the import hooks when a watched module has just executed
        (``path``: the tf-relative path it stands for)."""
        if not self.active:
            return
        if path is None:
            path = self.watched.get(name)
        if name == "tensorflow":
            self._tf_complete = module
        else:
            self.catch_up()
        if path is not None:
            self.patch_module(module, path)
        if name == "tensorflow":  # the end of its import: everything it made, in one pass
            self.sweep(walk_api=True)
        elif name in SWEEP_AFTER:
            # A Keras root that loads inside TensorFlow's import is swept when tensorflow is.
            if name == "tensorflow_core" or self.tf_ready():
                self.sweep()

    def _fallback_for(self, path):
        """The TF1 fallback rule if it serves ``tf.<path>``, else None: for paths outside
        keras and compat, up to the rule's depth.  (It serves names only once
        TensorFlow has finished importing: :meth:`ModuleHook.slow` checks.)"""
        rule = self.fallback
        if rule is None:
            return None
        applies = self._fallback_paths.get(path)
        if applies is None:
            applies = self._fallback_paths[path] = not path.startswith(("keras", "compat")) and \
                (path.count(".") + 1 if path else 0) <= rule.depth
        return rule if applies else None

    def patch_module(self, obj, path):
        """Give a module the hook that serves the rules of ``path``.

        One module object can stand for several paths (on 2.3 ``tf.optimizers`` is
        ``tf.keras.optimizers``): its hook serves the rules of all of them.  A hook
        never wraps another hook of tfpatch's.  The sweeps ask again about modules
        already patched: that answer is a few dict lookups."""
        fallback = self._fallback_for(path)
        if fallback is None and path not in self.paths:
            return
        try:
            module = obj if type(obj) is _ModuleType else _plain_module(obj)
            if module is None:
                return
            d = module.__dict__
            current = d.get("__getattr__", MISSING)
            ours = isinstance(current, ModuleHook) and current._tfpatch_engine is self \
                and current._module is module
            if ours and path in current._tfpatch_paths:
                return
            with self._lock:
                if d.get("__getattr__", MISSING) is not current:  # another thread patched it
                    return self.patch_module(obj, path)
                paths = tuple(sorted(set(current._tfpatch_paths + (path,)))) if ours else (path,)
                fallback_path = path if fallback is not None else \
                    next((p for p in paths if self._fallback_for(p) is not None), None)
                hook = (_CModuleHook if self.speedups else _PyModuleHook)(
                    self,
                    getattr(current, "_tfpatch_previous", current),  # a hook of ours: chain past it
                    fallback_path if fallback_path is not None else path,
                    paths,
                    self.fallback if fallback_path is not None else None,
                    module)
                d["__getattr__"] = hook
                self._undo.append(("dict", d, "__getattr__", current))
                self._hooks.append(hook)
        except Exception as exc:
            self.fail("patching %s (tf.%s)" % (getattr(obj, "__name__", "?"), path), exc)

    def patch_class(self, cls, rule):
        try:
            has = [any(n in c.__dict__ for c in cls.__mro__) for n in (rule.modern, rule.legacy)]
            if has[0] == has[1]:
                return
            used, other = (rule.legacy, rule.modern) if has[0] else (rule.modern, rule.legacy)
            # On the class that defines the other spelling (StrategyBase, say), so
            # every strategy has it, the V1 ones included.
            owner = next(c for c in cls.__mro__ if other in c.__dict__)
            with self._lock:
                if (id(owner), used) in self._patched:
                    return
                setattr(owner, used, method_alias(self, rule, used, other))
                self._undo.append(("class", owner, used, MISSING))
                self._patched.add((id(owner), used))
        except Exception as exc:
            self.fail("rule %s on %r" % (rule.id, cls), exc)

    # --- serving ---------------------------------------------------------------------
    def value_of(self, module, entry):
        """The object ``entry`` stands for, seen from ``module``; MISSING if none."""
        if entry.kind == "namespace":
            return self.namespace_module(module, entry.rule)
        value = self.resolve(entry.other, entry.rule)
        if value is not MISSING and entry.rule.kind == "rename" and entry.rule.adapter:
            return self._served_adapter(entry, value)
        if entry.rule.kind == "fallback" and value is not MISSING and not self.v1:
            from .rules.tf1 import NEED_GRAPH_MODE
            if entry.used.rpartition(".")[2] in NEED_GRAPH_MODE and callable(value):
                value = _graph_mode_hint(value, entry.used)
        return value

    def _served_adapter(self, entry, value):
        """A rename whose spellings take different arguments: the adapter's wrapper of
        ``value`` (one per spelling and object).  If the adapter fails, the name stays
        missing: a plain alias would change what the call means."""
        key = (entry.used, id(value))
        with self._lock:
            found = self._served.get(key)
            if found is not None and found[0] is value:
                return found[1]
            try:
                from .adapters import SERVED, function
                wrapped = function(SERVED, entry.rule.adapter)(self, entry, value)
            except Exception as exc:
                self.fail("adapter %s for tf.%s" % (entry.rule.adapter, entry.used), exc)
                return MISSING
            if wrapped is None:  # the release has no equivalent call
                return MISSING
            self._served[key] = (value, wrapped)
            return wrapped

    def fallback_entry(self, path, name):
        """The alias of ``tf.<path>.<name>`` to ``tf.compat.v1.<path>.<name>`` (one per name)."""
        used = path + "." + name if path else name
        entry = self._fallback_entries.get(used)
        if entry is None:
            entry = self._fallback_entries[used] = Alias(self.fallback, used, self.fallback.source + "." + used)
        return entry

    def resolve(self, spelling, rule):
        """``tf.<spelling>`` by ordinary attribute access, or MISSING.  Guarded
        against cycles (both spellings missing) and quiet inside itself."""
        tf = sys.modules.get("tensorflow")
        if tf is None:
            return MISSING
        busy = _tls.__dict__.setdefault("resolving", set())
        if spelling in busy:
            return MISSING
        busy.add(spelling)
        try:
            obj = tf
            for part in spelling.split("."):
                obj = getattr(obj, part)
            return obj
        except AttributeError:
            return MISSING
        except Exception as exc:
            self.fail("rule %s resolving tf.%s" % (rule.id, spelling), exc)
            return MISSING
        finally:
            busy.discard(spelling)

    def namespace_module(self, parent, rule):
        """The module served for a namespace a release lacks (one per parent object)."""
        if not isinstance(self.resolve(rule.moved_to, rule), _ModuleType):
            return MISSING
        leaf = _leaf(rule.path)[2]
        key = (id(parent), leaf)
        with self._lock:
            found = self._synthetic.get(key)
            if found is not None:
                return found[1]
            name = "%s.%s" % (getattr(parent, "__name__", "tf." + _leaf(rule.path)[0]), leaf)
            module = _ModuleType(name, "tf.%s, served by tfpatch: this TensorFlow has these names "
                                       "in tf.%s." % (rule.path, rule.moved_to))
            module.__dict__["__tfpatch_namespace__"] = rule.path
            table = self.table((rule.path,))
            module.__dict__["__dir__"] = lambda: sorted(table)
            self._synthetic[key] = (parent, module)
        self.patch_module(module, rule.path)
        return module

    def namespace_import(self, fullname):
        """The served module for ``import <fullname>`` when no finder has it, or None."""
        path = self.watched.get(fullname)
        entry = self.namespaces.get(path)
        if entry is None or not self.active:
            return None
        parent = sys.modules.get(fullname.rpartition(".")[0])
        if parent is None:
            return None
        module = self.namespace_module(parent, entry.rule)
        if module is MISSING:
            return None
        self.first_use(entry, _getframe(1))
        return module

    def first_use(self, entry, frame):
        """A use from a call site this alias has not seen: record it, tell it once."""
        if getattr(_tls, "resolving", None):  # an inner lookup made by tfpatch itself
            return
        NOTICES.first_use(entry.sites, frame, entry.rule.id, entry.spelled_used,
                          entry.spelled_other, lambda: self.describe(entry), self.strict,
                          TFPatchStrictCallError if entry.rule.kind == "adapter" else None)

    def describe(self, entry):
        rule = entry.rule
        if entry.kind == "namespace":
            return ("tf.%s is served by tfpatch; this TensorFlow has its names in tf.%s "
                    "(since %s; tf.%s was removed in %s)" % (rule.path, rule.moved_to, rule.since,
                                                             rule.path, rule.until))
        if rule.kind == "adapter":
            version = getattr(sys.modules.get("tensorflow"), "__version__", "?")
            if rule.mends == "new":  # new code on an old release
                return ("tf.%s is adapted by tfpatch: this TensorFlow (%s) needs tf.%s (tf.%s since %s)"
                        % (entry.spelled_used, version, entry.spelled_other, entry.spelled_used, rule.since))
            return ("tf.%s is adapted by tfpatch: this TensorFlow needs tf.%s (a call valid before %s)"
                    % (entry.spelled_used, entry.spelled_other, rule.since))
        if rule.kind == "fallback":
            return ("tf.%s is served by tfpatch; this TensorFlow calls it tf.%s (TensorFlow 1.x API, "
                    "under tf.%s since %s)" % (entry.spelled_used, entry.spelled_other, rule.source, rule.since))
        modern = rule.owner + "." + rule.modern if entry.kind == "method" else rule.modern
        tf = sys.modules.get("tensorflow")
        return describe(entry.spelled_used, entry.spelled_other, modern, rule.since,
                        getattr(tf, "__version__", "?"))

    # --- undoing ---------------------------------------------------------------------
    def undo(self):
        """Remove every name this engine added, newest first."""
        with self._lock:
            self.active = False
            while self._undo:
                kind, target, key, previous = self._undo.pop()
                try:
                    if kind == "dict":
                        if previous is MISSING:
                            target.pop(key, None)
                        else:
                            target[key] = previous
                    elif kind == "class":
                        if isinstance(target.__dict__.get(key), MethodAlias):
                            delattr(target, key)
                    elif kind == "attr":
                        original, wrapped = previous
                        if target.__dict__.get(key) is wrapped:
                            setattr(target, key, original)
                    elif kind == "added":
                        if (_dict_of(target) or {}).get(key) is previous:
                            delattr(target, key)
                    elif kind == "dict-if":
                        if target.get(key) is previous:
                            del target[key]
                    elif kind == "sys.modules":
                        if sys.modules.get(key) is previous:
                            del sys.modules[key]
                except Exception as exc:
                    self.fail("undoing %s %s" % (kind, key), exc)
            self._scrub_copies()
            self._patched.clear()
            self._synthetic.clear()
            self._served.clear()
            for hook in self._hooks:
                hook.cache.clear()
            del self._hooks[:]

    def _scrub_copies(self):
        """Lazy loaders copy the dictionary of the module they load (hook included)
        into themselves; they sit in tf's namespaces and, on 2.1, in sys.modules."""
        tf = sys.modules.get("tensorflow")
        roots = [tf, walk(tf, "compat.v2"), walk(tf, "compat.v1")] if tf is not None else []
        for name in self.watched:
            roots.append(sys.modules.get(name))
        for root in roots:
            d = _dict_of(root) if root is not None else None
            for value in [root] + list(d.values()) if d is not None else ():
                if not isinstance(value, _ModuleType):
                    continue
                vd = _dict_of(value)
                if vd is not None and getattr(vd.get("__getattr__"), "_tfpatch_engine", None) is self:
                    previous = vd["__getattr__"]._tfpatch_previous
                    if previous is MISSING:
                        del vd["__getattr__"]
                    else:
                        vd["__getattr__"] = previous

    def note_served_import(self, name, module):
        """Undo what the import system does with a module tfpatch served: its
        ``sys.modules`` entry and the attribute it sets on the parent."""
        parent_name, _, leaf = name.rpartition(".")
        parent = _plain_module(sys.modules.get(parent_name))
        with self._lock:
            self._undo.append(("sys.modules", None, name, module))
            if parent is not None:
                self._undo.append(("dict-if", parent.__dict__, leaf, module))

    def summary(self):
        return {
            "rules": len(self.rules),
            "patched_modules": sum(1 for u in self._undo if u[0] == "dict"),
            "patched_classes": sum(1 for u in self._undo if u[0] == "class"),
            "adapted": sum(1 for u in self._undo if u[0] in ("attr", "added")),
            "failures": list(self.failures),
        }
