"""The patcher: the only code that writes to TensorFlow's objects.

Each change is made together with the callback that undoes it, and the
callbacks are kept on a stack, as ``contextlib.ExitStack`` keeps them:
:meth:`Patcher.undo` replays them newest first.  An undo callback checks that
the object still holds what tfpatch put there before restoring, so a value
someone else placed since is never clobbered.  A failing callback is reported
and the others still run.
"""
import _thread
from functools import update_wrapper
from types import FunctionType

from ._api import MISSING, dict_of, wrapper_engine

#: What each change is, for ``status()``: a module's ``__getattr__``, a class's method
#: alias, an adapter's wrapper or added attribute, an import served by tfpatch.
TAGS = ("module", "class", "adapted", "import")


class Patcher(object):
    """Makes and undoes changes; ``changes`` counts them by tag (see :data:`TAGS`)."""

    def __init__(self, failures):
        self.failures = failures
        self.lock = _thread.RLock()
        self._stack = []        # (tag, target, undo callback, args)
        self.changes = dict.fromkeys(TAGS, 0)

    def callback(self, tag, target, undo, *args):
        """Register ``undo(*args)`` for a change already made to ``target``."""
        with self.lock:
            self._stack.append((tag, target, undo, args))
            self.changes[tag] += 1

    def targets(self, tag):
        """The objects changed under ``tag``, oldest first (for tests and diagnostics)."""
        return [target for t, target, _, _ in self._stack if t == tag]

    # --- the changes -------------------------------------------------------------------
    def set_module_getattr(self, namespace, hook):
        """``namespace["__getattr__"] = hook`` (a module's dictionary)."""
        with self.lock:
            previous = namespace.get("__getattr__", MISSING)
            namespace["__getattr__"] = hook
            self._stack.append(("module", namespace, _restore_item, (namespace, "__getattr__", hook, previous)))
            self.changes["module"] += 1

    def place(self, owner, name, value, tag="class"):
        """``owner.<name> = value`` for a name ``owner`` lacks (a method alias)."""
        setattr(owner, name, value)
        self.callback(tag, owner, _remove_attribute, owner, name, value)

    def add_attribute(self, owner, name, value, own=False):
        """Give a class (or module) a name it lacks; False, changing nothing, if it has
        it (for a class: anywhere in its MRO but ``object``; with ``own``: in its own
        dictionary, for ``__new__`` and the like)."""
        with self.lock:
            if not isinstance(owner, type):
                if name in (dict_of(owner) or {}):
                    return False
            elif name in owner.__dict__ or not own and any(name in c.__dict__ for c in owner.__mro__[1:-1]):
                return False
            self.place(owner, name, value, "adapted")
        return True

    def wrap(self, owner, attribute, wrapper, marker, tag=None, plain=False):
        """Put a ``wrapt.FunctionWrapper`` around ``owner.<attribute>``.  Wrappers of one
        ``marker`` (the engine that asks) stack, one per ``tag`` (the adapter that
        asks): installing an adapter again (on a fresh copy of its module) changes
        nothing.  ``plain``: a plain function (``functools.wraps``) rather than a wrapt
        proxy, for module-level functions that run inside ``tf.function``: autograph
        passes a function of TensorFlow's through unconverted, as it always did, where
        it warns about every wrapt proxy."""
        original = owner.__dict__[attribute]
        inner = original
        while wrapper_engine(inner) is marker:
            if getattr(inner, "_self_tfpatch_tag", None) == tag:
                return inner
            inner = inner.__wrapped__
        if plain:
            def wrapped(*args, **kwargs):
                return wrapper(original, None, args, kwargs)
            if type(original) is FunctionType:  # update_wrapper's copies, without its loop
                wrapped.__module__, wrapped.__name__, wrapped.__qualname__, wrapped.__doc__ = \
                    original.__module__, original.__name__, original.__qualname__, original.__doc__
                wrapped.__annotations__ = original.__annotations__
                wrapped.__dict__.update(original.__dict__)
            else:
                update_wrapper(wrapped, original)
            # __wrapped__ and _self_wrapper as a wrapt FunctionWrapper has them; whose it is
            wrapped.__dict__.update(__wrapped__=original, _self_wrapper=wrapper,
                                    _self_tfpatch_engine=marker, _self_tfpatch_tag=tag)
        else:
            import wrapt
            wrapped = wrapt.FunctionWrapper(original, wrapper)
            wrapped._self_tfpatch_engine = marker
            wrapped._self_tfpatch_tag = tag
        with self.lock:
            setattr(owner, attribute, wrapped)
            self._stack.append(("adapted", owner, _unwrap, (owner, attribute, original, wrapped)))
            self.changes["adapted"] += 1
        return wrapped

    def served_import(self, name, module, modules, parent):
        """Undo what the import system does with a module tfpatch served: its
        ``sys.modules`` entry and the attribute it sets on the parent (a dict)."""
        self.callback("import", name, _forget_import, modules, name, module, parent)

    # --- undoing -----------------------------------------------------------------------
    def undo(self):
        """Replay every undo callback, newest first."""
        with self.lock:
            while self._stack:
                tag, target, undo, args = self._stack.pop()
                self.changes[tag] -= 1
                try:
                    undo(*args)
                except Exception as exc:
                    self.failures.report("undoing a change of %s" % (getattr(target, "__name__", tag),), exc)


def _restore_item(namespace, key, value, previous):
    if namespace.get(key) is not value:  # replaced since: not ours to restore
        return
    if previous is MISSING:
        del namespace[key]
    else:
        namespace[key] = previous


def _remove_attribute(owner, name, value):
    if (dict_of(owner) or {}).get(name) is value:
        delattr(owner, name)


def _unwrap(owner, attribute, original, wrapped):
    if owner.__dict__.get(attribute) is wrapped:
        setattr(owner, attribute, original)


def _forget_import(modules, name, module, parent):
    if modules.get(name) is module:
        del modules[name]
    if parent is not None:
        leaf = name.rpartition(".")[2]
        if parent.get(leaf) is module:
            del parent[leaf]
