"""TF 1 calls of functions that kept their name in TF 2 while their arguments changed.

``tf.reduce_sum(x, keep_dims=True)``, ``reduction_indices=``, ``tf.nn.softmax(logits, dim=)``,
``tf.argmax(x, dimension=)``, ``tf.nn.conv2d(x, filter=...)``: TF 2's function refuses the TF 1
keyword when the call binds its arguments (a ``TypeError``), while its ``tf.compat.v1`` twin,
TF 1's function, still takes it.  The checklist is TensorFlow's own: the tables of its
``tf_upgrade_v2`` script (``tf1_tables``, vendored by ``tools/generate_tf1_arguments.py``).

* ``tf1.arguments``: a call TF 2's function REJECTS at binding (a TF 1 keyword it lacks, more
  positional arguments than it takes) and the twin accepts goes to the twin, with a notice
  naming the TF 2 spelling.  Every call TF 2 accepts passes through as it is.
* ``tf1.argument_order`` (``TFPATCH_V1=1`` only): TF 2 *accepts* some TF 1 positional calls with
  another meaning (TF 1 ``tf.nn.moments(x, axes, None, "m")`` binds ``"m"`` to ``keepdims`` on
  TF 2).  Such a call cannot be told from a valid TF 2 call, so it goes to the twin only in v1
  mode (the program says it is TF 1 code) and only when it comes from the program's own code,
  never from TensorFlow's or Keras's modules.

The functions wrapped are those the tables name, under each name the tables give them
(``tf.reduce_sum`` and ``tf.math.reduce_sum``, one function on TF 2).
Signatures are read on the first call that needs them, not inside ``import tensorflow``.
"""
import os
import sys

from .._api import dict_of, plain_module, wrapper_engine
from . import parameters
from ..rules._kinds import Adapter

_getframe = sys._getframe
_NOT_USER = ("tensorflow", "tensorflow_core", "keras", "tf_keras", "tensorflow_estimator",
             "tensorflow_probability", "tensorflow_addons", "wrapt")




def _names(module):
    """The dictionary of a plain module (through TensorFlow's module wrapper), or None."""
    return dict_of(module) if plain_module(module) is not None else None


def _walk(root, path):
    obj = root
    for part in path.split(".") if path else ():
        d = _names(obj)
        obj = d.get(part) if d is not None else None
        if obj is None:
            return None
    return obj


def _owner(module):
    """The object whose attribute to wrap: the module that holds the names."""
    return plain_module(module) or module


_OWN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # tfpatch's


def _library_dirs():
    """Directories whose code is a library's, not the program's (read each time: Keras may
    load after the first call)."""
    dirs = [_OWN_DIR]
    for name in _NOT_USER:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path:
            dirs.append(os.path.dirname(os.path.abspath(path)) + os.sep)
    return tuple(dirs)


class _Function(object):
    """What is known of one TF 2 function the tables name: filled on first need."""

    __slots__ = ("v1", "paths", "keywords", "renames", "order", "limit", "signature", "entries")

    def __init__(self, v1):
        self.v1 = v1                # the tf.compat.v1 twin
        self.paths = []             # the tables' paths that name it
        self.keywords = set()       # the TF 1 keywords of those paths
        self.renames = None         # TF 1 keyword -> TF 2 keyword (None: dropped), from the tables
        self.order = None           # TF 1 positional order (reorders table) or None
        # Calls with at most this many positional arguments and none of the TF 1 keywords pass
        # straight through: before the signatures are read, the first position the reorders
        # table names; after, the first that TF 2 would refuse or read otherwise.
        self.limit = sys.maxsize
        self.signature = None       # (tf2 names, tf2 **kwargs, twin names, twin **kwargs, moved)
        self.entries = {}

    def read_tables(self):
        """The renames and the TF 1 order, from the tables (read at the first call that needs them)."""
        from .tf1_tables import KEYWORD_RENAMES, REORDERS
        renames = {}
        for path in self.paths:
            renames.update(KEYWORD_RENAMES.get(path, ()))
            self.order = REORDERS.get(path, self.order)
        self.renames = renames


def keyword_index(order=False):
    """``{path: (TF 1 keywords, first position TF 1's order names or None)}``, sorted: what
    the adapter wraps, read from the tables (``order``: the reordered functions too, for
    v1 mode).  ``tools/generate_plan.py`` keeps a copy in the plan, so that the default
    activation reads the tables only at the first TF 1 call."""
    from .tf1_tables import KEYWORD_RENAMES, REORDERS
    paths = sorted(set(KEYWORD_RENAMES) | set(REORDERS)) if order else sorted(KEYWORD_RENAMES)
    return {path: (tuple(sorted(KEYWORD_RENAMES.get(path, ()))),
                   next((i for i, name in enumerate(REORDERS[path]) if name is not None), len(REORDERS[path]))
                   if path in REORDERS else None)
            for path in paths}


class _Translator(object):
    def __init__(self, engine, keyword_rule, order_rule):
        self.engine, self.keyword_rule, self.order_rule = engine, keyword_rule, order_rule

    def signature(self, info, function):
        if info.signature is None:
            if info.renames is None:
                info.read_tables()
            tf2 = parameters(function)
            twin = parameters(info.v1)
            if tf2 is None or twin is None:
                info.signature = False
            else:
                moved = None
                if info.order is not None:
                    # TF 1's order, its names given their TF 2 spelling, against TF 2's order.
                    for i, name in enumerate(twin[0]):
                        tf2_name = info.renames.get(name, name)
                        if i >= len(tf2[0]) or tf2[0][i] != tf2_name:
                            moved = i
                            break
                info.signature = (tf2[0], tf2[1], twin[0], twin[1], moved)
                if info.order is not None:
                    info.limit = moved if moved is not None and self.order_rule is not None else len(tf2[0])
        return info.signature

    @staticmethod
    def is_users(frame):
        """Whether the call comes from the program's code (tfpatch's and wrapt's frames are
        walked out of; autograph's rewrite of the program's function is the program's)."""
        dirs = _library_dirs()
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename.startswith(_OWN_DIR) or (os.sep + "wrapt" + os.sep) in filename:
                frame = frame.f_back
                continue
            return "__autograph_generated_file" in filename or not filename.startswith(dirs)
        return False

    def notice(self, info, path, used, write, rule, frame):
        if frame is None:  # asked by callee(): no call is made
            return
        entry = info.entries.get(used)
        if entry is None:
            row = Adapter(rule.name, rule.target, rule.adapter, used, write, rule.since)
            entry = info.entries[used] = self.engine.adapter_entry(row, used)
        self.engine.first_use(entry, frame)

    def route(self, info, path, function, args, kwargs, frame):
        """The function to call for this call: the twin, after a notice, or None (TF 2's).
        ``frame`` None: only say which (no notice; the program's own code assumed)."""
        found = self.signature(info, function)
        if not found:
            return None
        names, takes_kwargs, twin_names, twin_kwargs, moved = found
        refused = [k for k in kwargs if k not in names] if not takes_kwargs else []
        if len(args) > len(names) or refused:
            if self.keyword_rule is None:
                return None
            if len(args) > len(twin_names) or (not twin_kwargs and any(k not in twin_names for k in kwargs)):
                return None  # the twin refuses it too: TensorFlow's own error
            for key in refused:
                new = info.renames.get(key, "")
                if new and new not in names:
                    new = None  # 'verify_shape' -> 'verify_shape_is_now_always_true': no argument
                if new:
                    write = "%s(%s=...)" % (path, new)
                elif new is None:
                    write = "%s() without %s= (TensorFlow 2 dropped it)" % (path, key)
                else:
                    write = "compat.v1.%s(%s=...) (tf.%s has no %s=)" % (path, key, path, key)
                self.notice(info, path, "%s(%s=...)" % (path, key), write, self.keyword_rule, frame)
            if len(args) > len(names):
                self.notice(info, path, "%s() with %d positional arguments" % (path, len(args)),
                            "%s(%s) (TensorFlow 2's order; the rest by keyword)" % (path, ", ".join(names)),
                            self.keyword_rule, frame)
            return info.v1
        if moved is None or len(args) <= moved or self.order_rule is None:
            return None
        if frame is not None and not self.is_users(frame):
            return None
        self.notice(info, path, "%s(%s) (TensorFlow 1's order)" % (path, ", ".join(twin_names[:len(args)])),
                    "%s(%s) (TensorFlow 2's order)" % (path, ", ".join(names[:len(args)])),
                    self.order_rule, frame)
        return info.v1


def _wrapper(translator, info, path):
    old_keys = frozenset(info.keywords)

    def wrapper(wrapped, instance, args, kwargs):
        if len(args) <= info.limit and (not kwargs or old_keys.isdisjoint(kwargs)):
            return wrapped(*args, **kwargs)  # the usual TF 2 call: as it is
        target = translator.route(info, path, wrapped, args, kwargs, _getframe(1))
        if target is None:
            return wrapped(*args, **kwargs)
        return target(*args, **kwargs)

    def callee(function, args, kwargs):
        """The function a call with ``args``/``kwargs`` would reach, without making it."""
        return translator.route(info, path, function, args, kwargs, None) or function
    wrapper.callee = callee
    return wrapper


def install_arguments(engine, rules, tf, compat_v1):
    """Wrap the TF 2 functions the tables name (rows ``tf1.arguments``, ``tf1.argument_order``)."""
    keyword_rule = next((r for r in rules if r.name == "tf1.arguments"), None)
    order_rule = next((r for r in rules if r.name == "tf1.argument_order"), None)
    if order_rule is not None and not engine.v1:
        order_rule = None
    if keyword_rule is None and order_rule is None:
        return
    translator = _Translator(engine, keyword_rule, order_rule)
    # Outside v1 mode only the functions with TF 1 keywords are wrapped: a reordered function
    # without any (tf.shape, tf.transpose, tf.pad, tf.while_loop, ...) is only wrongly called by
    # more positional arguments than TF 2 takes, which is rare, and some of those are called
    # very often (Keras 3 calls tf.shape and tf.transpose in every step).
    # The tables' paths are TF 1's public names, aliases included (``argmax`` and
    # ``math.argmax``), which are the names TF 1 code calls: a name only TF 2 has is not
    # looked for (on 2.0-2.21 every alias of a wrapped function is in the tables).
    index = engine.precomputed("tf1_arguments") if order_rule is None else None
    if index is None:
        index = keyword_index(order_rule is not None)
    functions = {}   # id(TF 2 function) -> _Function, shared by the paths that hold it
    found = []       # (module, name, path, _Function): the attributes to wrap
    parent_names = {}   # parent path -> (module to patch, its names, tf.compat.v1.<parent>'s names)
    for path, (keywords, first) in index.items():
        if path[0] == "*" or path.startswith("contrib."):
            continue
        parent, _, leaf = path.rpartition(".")
        names = parent_names.get(parent)
        if names is None:
            module = _walk(tf, parent)
            names = parent_names[parent] = (_owner(module), _names(module) or {},
                                            _names(_walk(compat_v1, parent)) or {})
        function = names[1].get(leaf)
        v1 = names[2].get(leaf)
        if function is None or v1 is None or function is v1 or not callable(function) or \
                isinstance(function, type) or wrapper_engine(function) is not None:
            continue  # missing (the TF1 fallback serves it), or TF 1's own, or not a function
        info = functions.get(id(function))
        if info is None:
            info = functions[id(function)] = _Function(v1)
        info.paths.append(path)
        info.keywords.update(keywords)
        if first is not None:
            info.limit = min(info.limit, first)
        found.append((names[0], leaf, path, info))
    for module, name, path, info in found:  # each wrapper knows its function's every keyword
        engine.wrap_function(module, name, _wrapper(translator, info, path))
