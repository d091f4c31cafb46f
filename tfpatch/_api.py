"""A read-only view of TensorFlow's API: its release, the module objects behind public paths.

Nothing here writes to TensorFlow's objects, calls a lazy loader or imports:
everything is read through module dictionaries (``tf.keras`` behind its lazy
loader is "not there yet").  The patcher writes; this module only finds.
"""
import os
import sys
from _operator import is_
from types import FunctionType
from itertools import compress, repeat

from ._namespaces import PRIMARY_API

#: "no such object": distinct from None, which a module may hold.
MISSING = object()
ModuleType = type(sys)
_API_DIR = os.sep + "_api" + os.sep  # where TensorFlow's generated public modules live


# --- releases ------------------------------------------------------------------------
# The one place release numbers are parsed.  A release is a ``(major, minor)`` tuple, so
# releases compare as tuples do: ``(2, 3) < (2, 16)``; patch levels and suffixes never
# matter to tfpatch.

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


# --- modules ---------------------------------------------------------------------------
def wrapper_engine(obj):
    """The engine whose wrapper ``obj`` is (the patcher marks each one it makes), or
    None.  A plain function's dictionary is read directly: a missing attribute would
    cost an exception inside ``getattr``."""
    if type(obj) is FunctionType:
        return obj.__dict__.get("_self_tfpatch_engine")
    return getattr(obj, "_self_tfpatch_engine", None)


def dict_of(obj):
    """The dictionary holding a module's names.  TensorFlow's ``TFModuleWrapper``
    keeps them in the module it wraps (whose ``__getattr__`` it honours, while
    one in the wrapper's own ``__dict__`` is ignored on 2.15+)."""
    try:
        d = object.__getattribute__(obj, "__dict__")
    except Exception:
        return None
    wrapped = d.get("_tfmw_wrapped_module")
    if wrapped is not None and wrapped is not obj:
        return dict_of(wrapped)
    return d


def plain_module(obj):
    """The plain module to patch for ``obj``, or None (lazy loaders and other
    module subclasses are left alone: patching them could load them early)."""
    if type(obj) is ModuleType:
        return obj
    try:
        wrapped = object.__getattribute__(obj, "__dict__").get("_tfmw_wrapped_module")
    except Exception:
        return None
    return wrapped if type(wrapped) is ModuleType else None


def walk(root, path):
    """``root.<path>`` through module dictionaries only: never calls a lazy
    loader, never imports.  None when any step is not there yet."""
    obj = root
    for part in path.split(".") if path else ():
        if not isinstance(obj, ModuleType):
            return None
        d = dict_of(obj)
        obj = d.get(part) if d is not None else None
        if obj is None:
            return None
    return obj


def tensorflow():
    """The ``tensorflow`` module if it is imported (or importing), else None."""
    return sys.modules.get("tensorflow")


def tf_ready(tf):
    """Whether the ``tensorflow`` module ``tf`` has finished importing."""
    d = dict_of(tf) or {}
    return "__version__" in d and not getattr(d.get("__spec__"), "_initializing", False)


def keras_namespace(subpath, keras_roots):
    """``tf.keras.<subpath>`` once Keras is loaded, without loading it: through
    ``tf`` when its lazy loader has resolved, else through a loaded Keras root
    (``keras_roots``: import names of the trees behind ``tf.keras``)."""
    tf = tensorflow()
    found = walk(tf, "keras." + subpath) if tf is not None else None
    if found is None:
        for name in keras_roots:
            root = sys.modules.get(name)
            found = walk(root, subpath) if root is not None else None
            if found is not None:
                break
    return found


def rule_paths_below(root, tree):
    """``(path, object)`` for each path of ``tree`` (``RuleIndex.path_tree``: the rules'
    namespace paths as a tree of their parts) reachable from ``root`` as ``walk``
    would find it, shared prefixes looked up once."""
    if tree.get(None):
        yield "", root
    stack = [(root, tree)]
    while stack:
        obj, node = stack.pop()
        d = dict_of(obj) if isinstance(obj, ModuleType) else None
        if d is None:
            continue
        for part, value in node.items():
            if part is None:
                continue
            path, below = value
            child = d.get(part)
            if child is None:
                continue
            if path is not None:
                yield path, child
            if below:
                stack.append((child, below))


def _submodules(d):
    """``[(name, module)]`` for the plain modules in ``d`` under public names.  The
    modules are picked out in C (``compress``): the dictionaries of TensorFlow's API
    hold ~8,000 names, a few hundred of them modules."""
    mask = list(map(is_, map(type, d.values()), repeat(ModuleType)))   # no Python code runs meanwhile
    return [(n, v) for n, v in zip(compress(d, mask), compress(d.values(), mask))
            if type(n) is str and n[:1] != "_"]


_NO_NAMES = {}


def api_modules(tf, scope):
    """``(path, module)`` for TensorFlow's public API modules below ``tf`` that the
    TF1 fallback ``scope`` serves, through dictionaries only (lazy loaders are
    left alone): its own (``tensorflow._api.v2...``) and those of other packages
    it exposes (``tf.estimator``).  TensorFlow's internal packages (``tf.python``,
    ``tf.core``: attributes of ``tf`` because they were imported) are not API.
    Dict order, not sorted: no API module is reachable by two paths this deep
    (checked on 2.1-2.21)."""
    stack = [("", tf)]
    seen = {id(tf)}
    looked_in = sys.path_importer_cache
    while stack:
        prefix, parent = stack.pop()
        if not scope.has_children(prefix):
            continue
        d = dict_of(parent) or _NO_NAMES
        if prefix and _no_child_imported(d, looked_in):
            continue
        for name, value in _submodules(d):  # a snapshot: the caller patches between yields
            if id(value) in seen:
                continue
            path = prefix + "." + name if prefix else name
            if not scope.serves(path):
                continue
            if not is_api_module(value):
                continue
            seen.add(id(value))
            yield path, value
            stack.append((path, value))


def _no_child_imported(d, looked_in):
    """Whether the package of TensorFlow's API tree whose dictionary is ``d`` has no
    module of its own below it: none was imported from its directory, which Python
    would have looked in, caching a finder (``looked_in``, ``sys.path_importer_cache``).
    Its dictionary (``tf.raw_ops``: ~1,300 names) then need not be read for modules;
    the hooks learn the API packages' directories the same way."""
    name = d.get("__name__")
    if not isinstance(name, str) or not name.startswith(PRIMARY_API):
        return False
    path = d.get("__path__")
    return isinstance(path, list) and not any(directory in looked_in for directory in path)


def is_api_module(module):
    """Whether ``module`` is one of TensorFlow's public API modules (its generated ``_api``
    files) or another package's that ``tf`` exposes (``tf.estimator``), not an internal
    package (``tf.python``) nor Keras's (``tf.losses`` on 2.x)."""
    d = module.__dict__
    module_name = d.get("__name__")
    if not isinstance(module_name, str) or not module_name.startswith("tensorflow"):
        return False
    if not module_name.startswith(("tensorflow.", "tensorflow_core.")):
        return True
    location = d.get("__file__", _API_DIR)
    return _API_DIR in (location if isinstance(location, str) else str(location))


def no_attribute(module, name):
    """The AttributeError Python itself raises for ``module.name``, same text."""
    d = dict_of(module) or {}
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
