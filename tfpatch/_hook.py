"""The meta-path import hook: notices TensorFlow's API modules as they load.

Why not wrapt's ``register_post_import_hook``: its hooks fire once per module
name and cannot be removed, while TensorFlow loads fresh copies of a module
under the same name (``from tensorflow.keras import layers`` on 2.1 and
2.6+) and ``tfpatch.deactivate()`` must leave no trace.  Nor is wrapt imported
here: ``import wrapt`` 2.x costs about 100 ms, and the loader wrapper is
visible only until the module starts executing, so a plain delegating class
does the job.

The finder's first test is one dict lookup on the module name, so every other
import in the process pays nothing more.  For a watched name it asks the other
finders directly (no re-entrant ``importlib.util.find_spec``, which has
deadlocked other hooks on the import lock) and wraps the loader: after the
real ``exec_module`` returns, the engine patches the module.  When the real
loader raises, the exception passes through untouched.
"""
import sys
import _thread

from ._notices import TFPatchStrictError


def _restore_loader(module, proxy, real):
    d = module.__dict__
    if d.get("__loader__") is proxy:
        d["__loader__"] = real
    spec = d.get("__spec__")
    if spec is not None and spec.loader is proxy:
        spec.loader = real


class PatchingLoader(object):
    """Wraps a module's loader: runs it, then lets the engine patch the module.

    The real loader is put back on the module (``__loader__``, ``__spec__.loader``)
    before the module's code runs, so the module, ``python -m``, pkgutil and
    importlib.resources only ever see the real one; anything else asked of this
    wrapper in between is answered by the real loader."""

    def __init__(self, wrapped, finder):
        self.__wrapped__ = wrapped
        self._finder = finder

    def __getattr__(self, name):
        return getattr(self.__wrapped__, name)

    def create_module(self, spec):
        return self.__wrapped__.create_module(spec)

    def exec_module(self, module):
        real = self.__wrapped__
        _restore_loader(module, self, real)
        real.exec_module(module)
        self._finder.loaded(module)


class _ServedLoader(object):
    """Loads a namespace module served by tfpatch (``import tf...experimental``)."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class TFPatchFinder(object):
    """The meta-path finder; ``watched`` maps import names to tf-relative paths."""

    def __init__(self, engine):
        self.engine = engine
        self.watched = engine.watched
        self._local = _thread._local()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.watched:
            return None
        local = self._local
        if getattr(local, "busy", False):
            return None
        local.busy = True
        try:
            spec = None
            for finder in list(sys.meta_path):
                if finder is self or isinstance(finder, TFPatchFinder):
                    continue
                find = getattr(finder, "find_spec", None)
                if find is None:
                    continue
                spec = find(fullname, path, target)
                if spec is not None:
                    break
        finally:
            local.busy = False
        try:
            if spec is None:
                return self._served_spec(fullname)
        except TFPatchStrictError as exc:  # strict mode: the import statement fails, saying why
            raise ImportError(str(exc), name=fullname) from None
        except ImportError:
            raise
        except Exception as exc:
            self.engine.fail("import hook for %s" % fullname, exc)
            return None
        try:
            if spec.loader is None or not hasattr(spec.loader, "exec_module"):
                return spec
            spec.loader = PatchingLoader(spec.loader, self)
            return spec
        except Exception as exc:
            self.engine.fail("import hook for %s" % fullname, exc)
            return spec

    def _served_spec(self, fullname):
        if fullname == "tensorflow.contrib" and self.engine.fallback is not None:
            from .rules.tf1 import contrib_explanation
            raise ModuleNotFoundError("No module named %r\n%s" % (fullname, contrib_explanation()),
                                      name=fullname)
        module = self.engine.namespace_import(fullname)
        if module is None:
            return None
        from importlib.machinery import ModuleSpec
        self.engine.note_served_import(fullname, module)
        return ModuleSpec(fullname, _ServedLoader(module))

    def loaded(self, module):
        try:
            spec = module.__dict__.get("__spec__")
            name = spec.name if spec is not None else module.__name__
            self.engine.loaded(name, module)
        except Exception as exc:
            self.engine.fail("patching %s after import" % getattr(module, "__name__", "?"), exc)


def install(engine):
    """Put one finder first on ``sys.meta_path`` (dropping stale ones)."""
    uninstall()
    finder = TFPatchFinder(engine)
    sys.meta_path.insert(0, finder)
    return finder


def uninstall():
    """Remove every tfpatch finder, including one left by a reloaded tfpatch."""
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "TFPatchFinder"]
