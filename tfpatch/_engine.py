"""The engine: applies one activation's rules to TensorFlow as it loads.

It listens to the import hooks (``module_loaded``, ``module_missing``: the two
methods of the hooks' listener), gives each namespace module the
``__getattr__`` that serves its missing names (``_server.ModuleHook``), places
method aliases on classes, installs the adapters the release needs, and undoes
all of it.  Every write goes through the patcher (``_patcher``), which keeps the
undo log; what a name resolves to is the server's job (``_server``); what a
row does, the row says (``rules/_kinds.py``).  A failure inside a rule is
reported once and that rule is skipped: it never breaks an import.
"""
import sys

from . import _api, _log
from ._api import MISSING, ModuleType, dict_of, plain_module, release_of, walk
from ._index import RuleIndex
from ._namespaces import SWEEP_AFTER
from ._notices import quiet
from ._patcher import Patcher
from ._server import MethodAlias, ModuleHook, Server


class Engine(object):
    """Applies one set of rules; one engine per activation.

    ``on_ready`` is called once, when TensorFlow has finished importing and the
    pass over what it made is done (the activation's state follows it).
    ``explained``: namespaces hooked only so their missing names gain a line (RuleIndex);
    ``index``: the index to apply instead of one made of ``rules`` (``_index.for_activation``)."""

    def __init__(self, rules=(), strict=False, v1=False, on_ready=None, explained=(), index=None):
        self.index = index if index is not None else RuleIndex(rules, v1, explained)
        self.strict, self.v1 = strict, v1
        self.failures = _log.Failures()
        self.patcher = Patcher(self.failures)
        self.server = Server(self, self.index, self.failures, strict, v1)
        self.adapter_host = AdapterHost(self)
        self.watched = self.index.watched
        self.scope = self.index.scope
        self.active = False
        self._on_ready = on_ready
        self._tf_complete = None       # the tensorflow module once its import has finished
        self._fallback_swept = None    # the tf module object whose API modules got the fallback
        self._v1_done = False
        self._hooks = []               # the module hooks made, whose caches undo() empties

    # --- the hooks' listener ---------------------------------------------------------------
    def module_loaded(self, name, module, path=None):
        """A watched module has just executed (``path``: the tf-relative path it stands for)."""
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
            if path in self.index.adapter_targets and self.ready():  # a fresh copy, loaded later
                self.adapter_host.install(sys.modules.get("tensorflow"), {path: module})
        if name == "tensorflow":  # the end of its import: everything it made, in one pass
            self.sweep(walk_api=True)
            if self._on_ready is not None:
                self._on_ready()
        elif name in SWEEP_AFTER:
            # A Keras root that loads inside TensorFlow's import is swept when tensorflow is.
            if name == "tensorflow_core" or self.ready():
                self.sweep()

    def module_missing(self, fullname):
        """``import <fullname>`` found nothing: the module tfpatch serves for it, or None
        (``tensorflow.contrib``: a ModuleNotFoundError saying where its parts went)."""
        if fullname == "tensorflow.contrib" and self.index.fallback_rule is not None:
            from .rules.tf1 import contrib_explanation
            raise ModuleNotFoundError("No module named %r\n%s" % (fullname, contrib_explanation()),
                                      name=fullname)
        path = self.watched.get(fullname)
        module = self.server.namespace_import(fullname, path) if path is not None else None
        if module is not None:
            parent = plain_module(sys.modules.get(fullname.rpartition(".")[0]))
            self.patcher.served_import(fullname, module, sys.modules,
                                       parent.__dict__ if parent is not None else None)
        return module

    # --- readiness -----------------------------------------------------------------------
    def ready(self):
        """Whether names are served: active, and ``tensorflow`` has finished importing
        (the end-of-import pass is made here if the hooks could not hear it)."""
        if not self.active:
            return False
        tf = _api.tensorflow()
        if tf is None:
            return False
        if self._tf_complete is tf:
            return True
        if not _api.tf_ready(tf):
            return False
        self.catch_up()
        return True

    def catch_up(self):
        """Do the end-of-import pass if tensorflow has finished importing without the
        import hooks hearing it (its spec could not be followed: a finder of another
        kind made it).  Called on the next module loaded and the next name missed."""
        if self._tf_complete is None and self.active:
            tf = _api.tensorflow()
            if tf is not None and _api.tf_ready(tf):
                self.module_loaded("tensorflow", tf, "")

    # --- applying ----------------------------------------------------------------------
    def sweep(self, walk_api=False):
        """Patch what is reachable now: ``tf.<path>`` and ``tf.compat.v2.<path>`` for the
        rules' paths, the renamed methods' classes; once TensorFlow has finished
        importing, its public modules for the TF1 fallback, the adapters and TF1 mode.
        ``walk_api`` (at activation, and at the end of tensorflow's import, which the
        hooks do not follow module by module) also patches every watched module in
        ``sys.modules``."""
        tf = _api.tensorflow()
        roots = [tf] if tf is not None else []
        v2 = walk(tf, "compat.v2") if tf is not None else None
        if v2 is not None:
            roots.append(v2)
        methods = self.index.methods
        for root in roots:
            for path, obj in _api.rule_paths_below(root, self.index.path_tree):
                self.patch_module(obj, path)
            for owner, rules in methods.items():
                self._patch_class(walk(root, owner), rules)
        for owner, rules in methods.items():
            if owner.startswith("keras."):  # tf.keras may still sit behind its lazy loader
                self._patch_class(_api.keras_namespace(owner[len("keras."):], self.index.keras_roots), rules)
        if walk_api:
            modules = sys.modules
            for name, path in self.watched.items():
                mod = modules.get(name)
                if mod is not None:
                    self.patch_module(mod, path)
        if tf is None or not _api.tf_ready(tf):
            # Mid-import, TensorFlow probes its own namespace (hasattr(tf, "keras") on 2.3):
            # adapters and TF1 mode wait until it has finished.
            return
        if self.scope is not None and self._fallback_swept is not tf:
            self._fallback_swept = tf
            self.patch_module(tf, "")
            for path, module in _api.api_modules(tf, self.scope):
                self.patch_module(module, path, api=True)
        if self.scope is not None:
            for path in self.scope.extra:  # Keras's modules: through a loaded tf.keras, never loading it
                module = walk(tf, path) if not path.startswith("keras.") else \
                    _api.keras_namespace(path[len("keras."):], self.index.keras_roots)
                if module is not None:  # tf.losses behind a lazy loader: patched as tf.keras.losses
                    self.patch_module(module, path)
        if self.index.adapters:
            self.adapter_host.install(tf)
        if self.v1 and not self._v1_done:
            self._v1_done = True
            try:
                tf.compat.v1.disable_v2_behavior()
                _log.log("info", "TFPATCH_V1=1: tf.compat.v1.disable_v2_behavior() called")
            except Exception as exc:
                self.failures.report("TFPATCH_V1: tf.compat.v1.disable_v2_behavior()", exc)

    def _fallback_for(self, path):
        """The TF1 fallback rule if it serves ``tf.<path>``, else None."""
        scope = self.scope
        return self.index.fallback_rule if scope is not None and scope.serves(path) else None

    def patch_module(self, obj, path, api=False):
        """Give a module the hook that serves the rules of ``path`` (``api``: the caller
        knows it for one of TensorFlow's API modules).

        One module object can stand for several paths (on 2.3 ``tf.optimizers`` is
        ``tf.keras.optimizers``): its hook serves the rules of all of them.  A hook
        never wraps another hook of tfpatch's.  The sweeps ask again about modules
        already patched: that answer is a few dict lookups."""
        try:
            module = obj if type(obj) is ModuleType else plain_module(obj)
            if module is None:
                return
            d = module.__dict__
            current = d.get("__getattr__", MISSING)
            ours = type(current) is ModuleHook and current._tfpatch_engine is self and current.module is module
            if ours and path in current.paths:
                return
            scope = self.scope
            fallback = self.index.fallback_rule if scope is not None and scope.serves(path) else None
            if fallback is None and path not in self.index.paths:
                return
            # TF1 names only on TensorFlow's own API modules (and the scope's extra ones): a
            # rule path can reach Keras's module (tf.losses on 2.x), which gets none.
            if scope is not None and (fallback is not None or ours):  # else not asked below
                api = api or _api.is_api_module(module)
            if fallback is not None and not api and path not in scope.extra:
                fallback = None
                if path not in self.index.paths:
                    return
            with self.patcher.lock:
                if d.get("__getattr__", MISSING) is not current:  # another thread patched it
                    return self.patch_module(obj, path, api)
                paths = tuple(sorted(set(current.paths + (path,)))) if ours else (path,)
                fallback_path = path if fallback is not None else None if not ours else next(
                    (p for p in paths if self._fallback_for(p) is not None and (api or p in scope.extra)), None)
                hook = ModuleHook(self.server,
                                  current._tfpatch_previous if ours else current,  # ours: chain past it
                                  fallback_path if fallback_path is not None else path,
                                  paths,
                                  self.index.fallback_rule if fallback_path is not None else None,
                                  module)
                self.patcher.set_module_getattr(d, hook)
                self._hooks.append(hook)
        except Exception as exc:
            self.failures.report("patching %s (tf.%s)" % (getattr(obj, "__name__", "?"), path), exc)

    def _patch_class(self, cls, rules):
        """Place the method aliases of ``rules`` on ``cls`` (or the base that defines them)."""
        if not isinstance(cls, type):
            return
        for rule in rules:
            try:
                has = [any(n in c.__dict__ for c in cls.__mro__) for n in (rule.modern, rule.legacy)]
                if has[0] == has[1]:
                    continue
                used, other = (rule.legacy, rule.modern) if has[0] else (rule.modern, rule.legacy)
                # On the class that defines the other spelling (StrategyBase, say), so
                # every strategy has it, the V1 ones included.
                owner = next(c for c in cls.__mro__ if other in c.__dict__)
                with self.patcher.lock:
                    if used not in owner.__dict__:
                        self.patcher.place(owner, used, MethodAlias(self.server, rule, used, other))
            except Exception as exc:
                self.failures.report("rule %s on %r" % (rule.id, cls), exc)

    # --- undoing -----------------------------------------------------------------------
    def undo(self):
        """Remove every name this engine added, newest first."""
        with self.patcher.lock:
            self.active = False
            self.patcher.undo()
            self._scrub_copies()
            self.server.forget()
            for hook in self._hooks:
                hook.cache.clear()
            del self._hooks[:]

    def _scrub_copies(self):
        """Lazy loaders copy the dictionary of the module they load (hook included)
        into themselves; they sit in tf's namespaces and, on 2.1, in sys.modules."""
        tf = _api.tensorflow()
        roots = [tf, walk(tf, "compat.v2"), walk(tf, "compat.v1")] if tf is not None else []
        for name in self.watched:
            roots.append(sys.modules.get(name))
        for root in roots:
            d = dict_of(root) if root is not None else None
            for value in [root] + list(d.values()) if d is not None else ():
                if not isinstance(value, ModuleType):
                    continue
                vd = dict_of(value)
                if vd is not None and getattr(vd.get("__getattr__"), "_tfpatch_engine", None) is self:
                    previous = vd["__getattr__"]._tfpatch_previous
                    if previous is MISSING:
                        del vd["__getattr__"]
                    else:
                        vd["__getattr__"] = previous

    def summary(self):
        changes = self.patcher.changes
        return {
            "rules": self.index.rule_count,
            "index": "plan" if self.index.planned else "catalogue",
            "patched_modules": changes["module"],
            "patched_classes": changes["class"],
            "adapted": changes["adapted"],
            "failures": list(self.failures.seen),
        }


class AdapterHost(object):
    """Installs the adapters a release needs (``install``), and is what an adapter
    (``tfpatch/adapters``) sees of tfpatch: it may wrap a callable, add a missing
    attribute, register an undo callback, and record and tell a use, nothing
    more.  Every change lands in the engine's undo log."""

    def __init__(self, engine):
        self._engine = engine
        self.strict, self.v1 = engine.strict, engine.v1
        self._installed = set()   # (adapter name, id of its target module) done
        self._adapter = None      # the adapter being installed

    def install(self, tf, targets=None):
        """Install the adapters that matter on this release, each on the module it
        names (``targets``: path -> module, to install on a fresh copy only)."""
        from .adapters import ADAPTERS, function
        release = release_of(tf)  # None for an unknown release: every adapter looks for itself
        for name, rules in self._engine.index.adapters.items():
            rules = [rule for rule in rules if release is None or rule.matters_on(release)]
            if not rules:  # none of its calls can fail on this release: its module is not imported
                continue
            path = rules[0].target
            if targets is not None:
                target = targets.get(path)
            elif path.startswith("keras."):
                target = _api.keras_namespace(path[len("keras."):], self._engine.index.keras_roots)
            else:
                target = walk(tf, path)
            if target is None or (name, id(target)) in self._installed:
                continue
            self._installed.add((name, id(target)))
            try:
                self._adapter = name
                with quiet():  # lookups made here are tfpatch's own: no notices
                    function(ADAPTERS, name)(self, rules, tf, target)
            except Exception as exc:
                self._engine.failures.report("adapter %s" % name, exc)
            finally:
                self._adapter = None


    def wrap(self, owner, attribute, wrapper):
        """Put a ``wrapt.FunctionWrapper`` around ``owner.<attribute>`` (around another
        adapter's wrapper if there is one: each translates the calls it knows)."""
        return self._engine.patcher.wrap(owner, attribute, wrapper, self._engine, self._adapter)

    def wrap_function(self, module, name, wrapper):
        """``wrap`` for a module-level function, as a plain function (see Patcher.wrap)."""
        return self._engine.patcher.wrap(module, name, wrapper, self._engine, self._adapter, plain=True)

    def precomputed(self, name):
        """What the plan keeps for the adapter ``name`` (``tools/generate_plan.py``), or
        None when the index was made from the catalogue: the adapter computes it."""
        return self._engine.index.adapter_data.get(name)

    def add_attribute(self, owner, name, value, own=False):
        """Give a class (or module) a name it lacks; False if it has it (see Patcher)."""
        return self._engine.patcher.add_attribute(owner, name, value, own)

    def on_undo(self, callback, *args):
        """Call ``callback(*args)`` when tfpatch is deactivated (a registration made
        elsewhere, such as one in TensorFlow's op dispatch)."""
        self._engine.patcher.callback("adapted", callback, callback, *args)

    @property
    def active(self):
        """False once tfpatch is deactivated: a wrapper left in a caller's hands passes through."""
        return self._engine.active

    def keras_namespace(self, subpath):
        """``tf.keras.<subpath>`` if Keras is loaded (never loading it), else None."""
        return _api.keras_namespace(subpath, self._engine.index.keras_roots)

    def adapter_entry(self, rule, used):
        return self._engine.server.adapter_entry(rule, used)

    def first_use(self, entry, frame):
        self._engine.server.first_use(entry, frame)
