"""The import hooks: they see TensorFlow's API modules load, and nothing else.

Both are importlib's own extension points (PEP 302/451), used so that an
import that is not TensorFlow's costs nothing:

* **A path-entry hook** (``sys.path_hooks``).  Python asks path hooks once per
  directory, when it first looks for a module there, and caches the finder
  they give (``sys.path_importer_cache``).  For the directories of the
  packages that hold TensorFlow's and Keras's public modules, the finder is a
  :class:`PatchingFileFinder`: the very ``FileFinder`` Python would have made,
  whose ``find_spec`` wraps the loader of each module tfpatch watches.  After
  the real ``exec_module`` returns, the engine patches the module.  Every
  other directory keeps Python's own ``FileFinder``, untouched.
* **A meta-path importer at the end of** ``sys.meta_path`` (where six puts its
  own): it is asked only about imports no other finder resolved, and serves
  the namespaces a release lacks (``import tensorflow.keras.mixed_precision.
  experimental`` on 2.9+) and explains ``tensorflow.contrib``.

Why not a meta-path finder in front of the others, the usual design:
importlib asks every meta-path finder about every import in the process,
holding the import lock around each call.  That costs 0.3-0.6 us per import of
any module, whatever the finder does (measured in ``benchmarks/run.py``), and
~2,500 of them happen inside ``import tensorflow`` alone.

``tensorflow`` itself is found by the ``FileFinder`` of site-packages, which
tfpatch leaves alone.  Its loading is seen when it imports its first
submodule (Python then asks the path hooks about its directory), and its end
through ``spec._initializing``, which importlib sets to False once the module
has executed (see :func:`_notify_when_executed`).  Before that first look,
only :class:`Waiting` is installed: it knows nothing of the catalogue, which is
read when TensorFlow or Keras starts to import.  Neither wrapt's
post-import hooks nor a proxy are used: wrapt's fire once per module name and
cannot be removed, while TensorFlow loads fresh copies of a module under one
name (``from tensorflow.keras import layers`` on 2.1 and 2.6+), and
``tfpatch.deactivate()`` must leave no trace; ``import wrapt`` would also cost
~100 ms on the import path.

The hooks talk to the engine through a listener of two methods:
``module_loaded(name, module, path)`` after a watched module has executed, and
``module_missing(fullname)`` for an import no finder resolved (the module to
serve, or None).  What they watch (``watched``: import name -> tf path) and
where the TF1 fallback applies (``scope``) are given to them as data.
"""
import os
import sys

from _frozen_importlib import ModuleSpec
from _frozen_importlib_external import FileFinder

from ._namespaces import PRIMARY_API, ROOT_PACKAGES, SWEEP_AFTER, watched_parents
from ._notices import TFPatchStrictError


#: The installed hooks (one :class:`Hooks` at most); what PatchingFileFinder asks.
_active = None
#: The :class:`Waiting` hooks, while tfpatch waits for TensorFlow.
_waiting = None


class PatchingLoader(object):
    """Wraps a module's loader: runs it, then lets the engine patch the module.

    The real loader is put back on the module (``__loader__``, ``__spec__.loader``)
    before the module's code runs, so the module, ``python -m``, pkgutil and
    importlib.resources only ever see the real one; anything else asked of this
    wrapper in between is answered by the real loader."""

    def __init__(self, wrapped, hooks, path):
        self.__wrapped__ = wrapped
        self._hooks = hooks
        self._path = path

    def __getattr__(self, name):
        return getattr(self.__wrapped__, name)

    def create_module(self, spec):
        return self.__wrapped__.create_module(spec)

    def exec_module(self, module):
        real = self.__wrapped__
        d = module.__dict__
        if d.get("__loader__") is self:
            d["__loader__"] = real
        spec = d.get("__spec__")
        if spec is not None and spec.loader is self:
            spec.loader = real
        real.exec_module(module)  # its errors are the module's own: they pass untouched
        hooks = self._hooks
        try:
            hooks.listener.module_loaded(spec.name if spec is not None else module.__name__, module, self._path)
        except Exception as exc:
            hooks.failures.report("patching %s after import" % getattr(module, "__name__", "?"), exc)


class PatchingFileFinder(FileFinder):
    """Python's ``FileFinder`` for one of TensorFlow's package directories; it also
    wraps the loaders of the modules tfpatch patches.  It holds no state of its
    own: :func:`uninstall` turns it back into a plain ``FileFinder`` in place."""

    def find_spec(self, fullname, target=None):
        spec = FileFinder.find_spec(self, fullname, target)
        hooks = _active
        if hooks is None and _waiting is not None:  # tensorflow imports through a directory
            hooks = _waiting.start()                # Python had looked in before (a retry)
        if spec is not None and hooks is not None:
            hooks.found(spec)
        return spec


def _completion_class(cls, _made={}):
    """A subclass of ``cls`` (a ModuleSpec class) that calls back when importlib sets
    ``_initializing`` to False, i.e. when the module's code has run (or failed).
    Only writes are intercepted (``__setattr__``): importlib reads ``_initializing``
    at every import of the module while it runs, ~1,200 times for ``tensorflow``."""
    sub = _made.get(cls)
    if sub is None:
        def __setattr__(spec, name, value):
            cls.__setattr__(spec, name, value)
            if name == "_initializing" and not value:
                spec.__class__ = cls
                hooks = spec.__dict__.pop("_tfpatch_hooks", None)
                if hooks is not None:
                    hooks.root_executed(spec)

        sub = _made[cls] = type(cls.__name__, (cls,), {"__setattr__": __setattr__, "__slots__": (),
                                                      "__module__": cls.__module__})
    return sub


def _notify_when_executed(spec, hooks):
    """Have ``hooks.root_executed(spec)`` called once the module of ``spec`` has
    executed.  importlib keeps no other trace of that moment for a module loaded
    by a finder tfpatch does not wrap (``tensorflow``, found in site-packages).
    False when ``spec`` cannot be followed (a spec of another kind): then watched
    modules are patched as they load, and the end-of-import pass runs at the next
    module loaded or name missed (the engine's ``catch_up``)."""
    if not isinstance(spec, ModuleSpec) or not spec.__dict__.get("_initializing", False):
        return False
    if "_tfpatch_hooks" in spec.__dict__:
        return True
    try:
        spec.__dict__["_tfpatch_hooks"] = hooks
        spec.__class__ = _completion_class(type(spec))
    except Exception:
        spec.__dict__.pop("_tfpatch_hooks", None)
        return False
    return True


def _forget_notification(spec):
    d = getattr(spec, "__dict__", None)
    if d is not None and d.pop("_tfpatch_hooks", None) is not None:
        spec.__class__ = type(spec).__bases__[0]


class _ServedLoader(object):
    """Loads a namespace module served by tfpatch (``import tf...experimental``)."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class TFPatchFinder(object):
    """The meta-path importer, last on ``sys.meta_path``: asked only about imports
    that no other finder resolved, it asks the listener for a module to serve."""

    def __init__(self, hooks):
        self.hooks = hooks
        self.watched = hooks.watched if hooks is not None else {}  # waiting: declines all

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.watched:
            return None
        try:
            module = self.hooks.listener.module_missing(fullname)
        except TFPatchStrictError as exc:  # strict mode: the import statement fails, saying why
            raise ImportError(str(exc), name=fullname) from None
        except ImportError:
            raise
        except Exception as exc:
            self.hooks.failures.report("import hook for %s" % fullname, exc)
            return None
        return ModuleSpec(fullname, _ServedLoader(module)) if module is not None else None


class Hooks(object):
    """Both hooks of one listener, and the directories whose modules they watch.

    A watched module is found in the directory of its parent package; those
    directories are known once the top-level package's are (``tensorflow.__path__``
    and so on): ``below`` holds each one relative to its top-level package.  The
    directories of the API packages whose children get the TF1 fallback are learnt
    as those packages are found.  Only ``dirs`` get a :class:`PatchingFileFinder`:
    Python's other ~300 directories under TensorFlow keep their plain one.

    While ``import tensorflow`` runs (from the first look into its directory to
    the end of its code, ``_roots_followed``), nothing is wrapped: the engine
    patches everything the import made in one pass at its end, which costs less
    than ~130 wrapped loads, and nothing is served before that anyway.  Modules
    that load later (``from tensorflow.keras import layers``, a lazily loaded
    Keras) are patched as they load."""

    def __init__(self, listener, watched, scope, failures, parents):
        self.listener, self.watched, self.scope, self.failures = listener, watched, scope, failures
        # top-level package -> {relative directory of a watched module's parent}
        # (``parents``: ``_namespaces.watched_parents(watched)``, as the index has it)
        sep = os.sep
        self.below = {top: {rest.replace(".", sep) for rest in rests} for top, rests in parents.items()}
        self.dirs = set()
        self.finder = TFPatchFinder(self)
        self.path_hook = _path_hook(self.consider)
        self._roots_followed = set()   # ids of the root specs whose end is being watched
        self._stepped_aside = False    # the meta-path importer is off sys.meta_path for now
        self._hook_aside = False       # the path hook is off sys.path_hooks for now

    # --- the path hook -------------------------------------------------------------
    def consider(self, directory, finder):
        """``finder`` is the plain FileFinder Python made for the new directory ``directory``:
        made a PatchingFileFinder if ``directory`` holds watched modules.  A directory of
        a top-level package (found in site-packages, not through tfpatch) teaches the
        directories of that package."""
        try:
            dirs = self.dirs
            if directory not in dirs:
                top_level = False
                modules = sys.modules
                for top in ROOT_PACKAGES:  # ~300 new directories inside import tensorflow: inlined
                    module = modules.get(top)
                    if module is not None and directory in (module.__dict__.get("__path__") or ()):
                        self._learn_top_level(top, module)
                        top_level = True
                if not top_level:
                    return
                self._follow_roots()
            if directory in dirs and not self._roots_followed:
                finder.__class__ = PatchingFileFinder
        except Exception as exc:
            self.failures.report("path hook for %s" % directory, exc)

    def _learn_top_level(self, top, module):
        relative = self.below.get(top, ())
        for d in list(module.__dict__.get("__path__") or ()):
            self._add_dirs(_below(d, relative))

    def found(self, spec):
        """A PatchingFileFinder found ``spec``: wrap the loader of a module tfpatch
        patches; note the directory of an API package whose children get the TF1
        fallback."""
        try:
            name = spec.name
            scope = self.scope
            api = scope.api_path(name) if scope is not None else None
            path = self.watched.get(name, api)
            if path is None:
                return
            if api is not None and spec.submodule_search_locations and scope.has_children(api):
                self._add_dirs(spec.submodule_search_locations)
            if not self._roots_followed:
                self._follow_roots()
            loader = spec.loader
            if loader is not None and hasattr(loader, "exec_module") and not isinstance(loader, PatchingLoader):
                spec.loader = PatchingLoader(loader, self, path)
        except Exception as exc:
            self.failures.report("import hook for %s" % getattr(spec, "name", "?"), exc)

    def _add_dirs(self, locations):
        cache, dirs = sys.path_importer_cache, self.dirs
        swap = not self._roots_followed
        for d in locations:
            if d not in dirs:
                dirs.add(d)
                finder = cache.get(d) if swap else None
                if finder is not None and type(finder) is FileFinder:  # cached before it mattered
                    finder.__class__ = PatchingFileFinder

    def _patch_finders(self):
        """The FileFinders of ``dirs`` become patching ones (after tensorflow's import)."""
        cache = sys.path_importer_cache
        for d in self.dirs:
            finder = cache.get(d)
            if type(finder) is FileFinder:
                finder.__class__ = PatchingFileFinder

    def _follow_roots(self):
        """Arrange to hear when ``tensorflow`` (and ``tensorflow_core``) finish
        executing: the moment the engine patches what their import made."""
        modules = sys.modules
        for root in SWEEP_AFTER:
            if "." in root:
                continue
            spec = getattr(modules.get(root), "__spec__", None)
            if spec is not None and id(spec) not in self._roots_followed:
                if _notify_when_executed(spec, self):
                    self._roots_followed.add(id(spec))
                    self._step_aside()

    def _step_aside(self):
        """While tensorflow imports, the meta-path importer is off ``sys.meta_path``:
        it would be asked about each import that fails (h5py alone tries ~370 on
        2.3) and has nothing to serve before tensorflow has loaded; an import of a
        served namespace imports tensorflow first, so it finds it back."""
        meta_path = sys.meta_path
        if self.finder in meta_path:
            meta_path.remove(self.finder)
            self._stepped_aside = True
        # So is the path hook, which would be asked about ~300 new directories and only
        # learn them: at the end, the top-level packages are learnt again and the plain
        # finders Python cached meanwhile are patched.  Not on 2.0-2.1, whose tensorflow
        # imports a second top-level package (tensorflow_core) the hook must see start.
        tf = sys.modules.get("tensorflow")
        locations = list(getattr(tf, "__dict__", {}).get("__path__") or ())
        if self.path_hook in sys.path_hooks and locations and not any(
                os.path.isdir(os.path.join(os.path.dirname(d), "tensorflow_core")) for d in locations):
            sys.path_hooks.remove(self.path_hook)
            self._hook_aside = True

    # --- events ------------------------------------------------------------------------
    def root_executed(self, spec):
        """``tensorflow`` (or ``tensorflow_core``) has executed: patch what it made, in
        one pass, and from now on patch watched modules as they load.  Called from
        inside importlib: it must never raise."""
        try:
            self._roots_followed.discard(id(spec))
            if not self._roots_followed:
                if self._hook_aside and _active is self:
                    self._hook_aside = False
                    sys.path_hooks.insert(0, self.path_hook)
                    modules = sys.modules
                    for top in ROOT_PACKAGES:
                        module = modules.get(top)
                        if module is not None and type(module) is type(sys):
                            self._learn_top_level(top, module)
                self._patch_finders()
                if self._stepped_aside and _active is self:
                    self._stepped_aside = False
                    sys.meta_path.append(self.finder)
            module = sys.modules.get(spec.name)
            if module is not None and module.__dict__.get("__spec__") is spec:
                self.listener.module_loaded(spec.name, module, "")
                self._learn_api_packages()  # for API modules loaded later
        except Exception as exc:
            self.failures.report("patching %s after import" % spec.name, exc)

    # --- install / uninstall -------------------------------------------------------------
    def install(self, waiting_ended=False):
        global _active
        _active = self
        sys.path_hooks.insert(0, self.path_hook)
        sys.meta_path.append(self.finder)
        # Directories Python looked in before tfpatch was active (TensorFlow imported
        # first, or a package of it scanned): their FileFinders become patching ones.
        modules = sys.modules
        for top in ROOT_PACKAGES:
            module = modules.get(top)
            if module is not None and type(module) is type(sys):
                self._learn_top_level(top, module)
                self._follow_roots()  # installed from inside its import (Waiting.start)
        for top, d, _ in _cached_top_level_finders():  # looked in, not imported
            self._add_dirs(_below(d, self.below.get(top, ())))
        if not waiting_ended:  # else called as tensorflow begins to import: none of its API loaded yet
            self._learn_api_packages()

    def _learn_api_packages(self):
        """The directories of the API packages imported so far whose children get the
        TF1 fallback: their modules loaded later are patched as they load (after
        ``import tensorflow``, whose own imports the engine's pass patches)."""
        scope = self.scope
        if scope is None:
            return
        # Read off the directories Python has looked in (~500, where sys.modules holds ~4,000
        # names): an API package's children were imported from its directory, whose finder
        # Python cached; a package none of whose children was imported has no module there.
        sep = os.sep
        roots = []  # the directory of an API tree: <tensorflow's directory>/_api/v2/
        modules = sys.modules
        for prefix in PRIMARY_API:  # "tensorflow._api.v2."
            top, _, rest = prefix.partition(".")
            for d in (getattr(modules.get(top), "__dict__", {}).get("__path__") or ()):
                root = d.rstrip(sep) + sep + rest.replace(".", sep) if isinstance(d, str) else None
                if root is not None and root not in roots:  # 2.3's tensorflow.__path__ holds one twice
                    roots.append(root)
        starts = tuple(roots)
        for d in list(sys.path_importer_cache) if starts else ():
            if isinstance(d, str) and d.startswith(starts):
                # the tf path of the package in d, as scope.api_path reads it from its import name
                for root in roots:
                    if d.startswith(root):
                        break
                path = d[len(root):].replace(sep, ".")
                if "._" not in "." + path and scope.serves(path) and scope.has_children(path):
                    self._add_dirs((d,))


def _path_hook(consider):
    """A path hook (Python asks it once per new directory, ~300 times inside
    ``import tensorflow``): the finder the hooks after it give, as importlib would
    ask them; a plain FileFinder is handed to ``consider(directory, finder)`` first.
    ``_tfpatch_hook`` marks it for uninstall(), even a reloaded tfpatch's."""
    def path_hook(directory):
        hooks = sys.path_hooks
        if hooks and hooks[0] is path_hook:
            rest = hooks[1:]
        else:  # moved, or removed while Python was walking the hooks
            rest = [h for h in hooks if not getattr(h, "_tfpatch_hook", False)]
        for hook in rest:
            try:
                finder = hook(directory)
            except ImportError:
                continue
            if type(finder) is FileFinder:
                consider(directory, finder)
            return finder
        return None
    path_hook._tfpatch_hook = True
    return path_hook


def _below(directory, relative):
    """``os.path.join(directory, rel)`` for each ``rel`` of ``relative`` (``""``: the
    directory itself), joined as strings: ~150 of them, twice inside ``import tensorflow``."""
    if not isinstance(directory, str):
        return [os.path.join(directory, rel) if rel else directory for rel in relative]
    prefix = directory if directory.endswith(os.sep) else directory + os.sep
    return [prefix + rel if rel else directory for rel in relative]


def _top_levels(directory):
    """``(name, module)`` of each top-level package (``tensorflow``, ``keras``...)
    being or already imported whose ``__path__`` holds the directory ``directory``."""
    modules = sys.modules
    for top in ROOT_PACKAGES:
        module = modules.get(top)
        if module is not None and directory in (module.__dict__.get("__path__") or ()):
            yield top, module


def _cached_top_level_finders():
    """``(name, directory, finder)`` for each top-level package directory on
    ``sys.path`` (``site-packages/tensorflow``...) whose plain FileFinder Python
    has cached: it looked in there before tfpatch was installed."""
    cache = sys.path_importer_cache
    for entry in list(sys.path):
        for top in ROOT_PACKAGES if isinstance(entry, str) else ():
            d = os.path.join(entry, top)
            finder = cache.get(d)
            if type(finder) is FileFinder:
                yield top, d, finder


class Waiting(object):
    """tfpatch active, TensorFlow not imported yet: a path hook that only looks for
    the directories of TensorFlow's and Keras's top-level packages, and an importer
    that declines everything.  ``start()`` is called at the first such directory,
    when ``import tensorflow`` (or ``keras``) begins: it makes the index of the
    rules, the engine and installs the real hooks.  So an interpreter that never
    imports TensorFlow pays for a few small modules, not for the catalogue."""

    def __init__(self, start):
        self.start = start
        self.finder = TFPatchFinder(None)
        self.path_hook = _path_hook(self.consider)

    def consider(self, directory, finder):
        if next(_top_levels(directory), None) is not None:
            hooks = self.start()
            if hooks is not None:
                hooks.consider(directory, finder)

    def install(self):
        global _waiting
        _waiting = self
        sys.path_hooks.insert(0, self.path_hook)
        sys.meta_path.append(self.finder)
        # A top-level directory Python looked in already (a failed or purged import of
        # tensorflow) is not asked about again: its cached finder calls start() instead.
        for _, _, finder in _cached_top_level_finders():
            finder.__class__ = PatchingFileFinder


def wait(start):
    """Install the hooks that wait for TensorFlow (dropping stale ones)."""
    uninstall()
    waiting = Waiting(start)
    waiting.install()
    return waiting


def install(listener, watched, scope, failures, parents=None):
    """Install hooks that tell ``listener`` about the modules of ``watched`` (dropping stale
    ones); ``parents``: ``_namespaces.watched_parents(watched)`` if the caller has it."""
    waiting_ended = _waiting is not None
    uninstall()
    if parents is None:
        parents = watched_parents(watched)
    hooks = Hooks(listener, watched, scope, failures, parents)
    hooks.install(waiting_ended)
    return hooks


def uninstall():
    """Remove every hook of tfpatch, including those of a reloaded tfpatch, and turn
    the PatchingFileFinders Python cached back into plain FileFinders."""
    global _active, _waiting
    _active = _waiting = None
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "TFPatchFinder"]
    sys.path_hooks[:] = [h for h in sys.path_hooks if not getattr(h, "_tfpatch_hook", False)]
    for finder in list(sys.path_importer_cache.values()):
        cls = type(finder)
        if cls.__name__ == "PatchingFileFinder" and issubclass(cls, FileFinder):
            finder.__class__ = FileFinder
    for name in ROOT_PACKAGES:
        _forget_notification(getattr(sys.modules.get(name), "__spec__", None))
