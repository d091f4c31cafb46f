"""Record the public API of the TensorFlow installed in this Python.

    python tools/snapshot_api.py OUT.json.gz [--label LABEL]

Run it with the interpreter of an environment that has TensorFlow (1.15 or
any 2.x).  It walks ``tf.*`` through module objects, ``tf.keras`` included,
and writes one gzip-compressed JSON document with sorted keys that is
byte-identical from one run to the next:

    {"label": ..., "tensorflow": tf.__version__, "keras": "<keras behind tf.keras>",
     "python": "3.x.y",
     "names": {"<path under tf>": [kind, identity], ...},
     "members": {"<class path>": {"members": [...], "signatures": {name: sig}}}}

``kind`` is ``module``, ``class``, ``function`` or ``other``.  ``identity`` is
``__module__.__qualname__`` for classes and functions, ``__name__`` for
modules and the type's name for other values, so two paths that name the same
object carry the same identity.  ``tf.compat.v1`` is recorded one level deep
(``compat.v1.NAME``); ``tf.compat.v2`` is recorded as a name but not walked
(it repeats ``tf``).  Implementation packages that leak into the API as
attributes (``tf.python``, ``tf.core``, ``keras.src`` ...) are recorded as a
name but not walked.

``members`` holds, for the classes users call methods on (strategies under
``distribute``, ``data.Dataset``, ``keras.Model``, ``keras.Sequential``,
``keras.layers.Layer``, ``keras.metrics.Metric`` and every class under
``keras.optimizers``, ``keras.mixed_precision`` and ``keras.callbacks``), the
public names of ``dir(cls)`` and the signatures of ``__init__`` and of each
public method.  When the compressed file would exceed MAX_BYTES the
signatures of methods other than ``__init__`` are dropped.

Runs on Python 3.7 and later; needs nothing beyond TensorFlow itself.
"""
import argparse
import gzip
import inspect
import io
import json
import logging
import os
import platform
import re
import sys
import types
import warnings

MAX_BYTES = 1500 * 1000
MAX_DEPTH = 8

# Modules whose __name__ starts with one of these are TensorFlow's or Keras's own.
OWN_PREFIXES = ("tensorflow", "tensorflow_core", "keras", "tf_keras", "tensorflow_estimator",
                # tf.summary is TensorBoard's module whenever TensorBoard is installed.
                "tensorboard.summary._tf")

# A dotted-name component that marks an implementation package, not an API
# module, unless the name also has an API component (the Keras and Estimator
# API trees of older releases live under ".python.").
IMPL_COMPONENTS = frozenset(["python", "core", "src", "compiler", "include", "tsl", "tools"])
API_COMPONENTS = frozenset(["api", "_api"])

# Classes whose members are recorded: exact paths and path prefixes.
MEMBER_CLASSES = frozenset([
    "data.Dataset",
    "keras.Model",
    "keras.Sequential",
    "keras.layers.Layer",
    "keras.metrics.Metric",
])
MEMBER_PREFIXES = (
    "distribute.",
    "keras.optimizers.",
    "keras.mixed_precision.",
    "keras.callbacks.",
)

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _quiet():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.simplefilter("ignore")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)


def _get(obj, name):
    """getattr that never raises: (True, value) or (False, None)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, getattr(obj, name)
    except BaseException as exc:  # noqa: B902 - lazy loaders raise anything
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        return False, None


def _dir(obj):
    try:
        names = dir(obj)
    except Exception:
        try:
            names = list(vars(obj))
        except Exception:
            return []
    out = []
    for name in names:
        if isinstance(name, str) and name and not name.startswith("_"):
            out.append(name)
    return sorted(set(out))


def _str_attr(obj, name):
    ok, value = _get(obj, name)
    if ok and isinstance(value, str):
        return value
    return None


def _is_module(obj):
    try:
        return isinstance(obj, types.ModuleType)
    except Exception:
        return False


def _is_class(obj):
    try:
        return inspect.isclass(obj)
    except Exception:
        return False


def _is_function(obj):
    try:
        if inspect.isroutine(obj):
            return True
        # functools.partial and the like: callable, named, not a class.
        return callable(obj) and isinstance(getattr(obj, "__wrapped__", None), types.FunctionType)
    except Exception:
        return False


def _qualified(obj):
    module = _str_attr(obj, "__module__") or "?"
    name = _str_attr(obj, "__qualname__") or _str_attr(obj, "__name__") or "?"
    return module + "." + name


def describe(obj):
    """[kind, identity] of one value."""
    if _is_module(obj):
        return ["module", _str_attr(obj, "__name__") or "?"]
    if _is_class(obj):
        return ["class", _qualified(obj)]
    if _is_function(obj):
        return ["function", _qualified(obj)]
    try:
        tname = type(obj).__name__
    except Exception:
        tname = "?"
    return ["other", tname]


def _own(module_name):
    for prefix in OWN_PREFIXES:
        if module_name == prefix or module_name.startswith(prefix + "."):
            return True
    return False


def _walkable(module_name):
    """Whether a module reached through a public name is walked."""
    if not module_name or not _own(module_name):
        return False
    parts = module_name.split(".")
    if API_COMPONENTS.intersection(parts):
        return True
    return not IMPL_COMPONENTS.intersection(parts[1:])


def _signature(func):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = str(inspect.signature(func))
    except Exception:
        return None
    return _ADDRESS.sub("", text)


def _wants_members(path):
    return path in MEMBER_CLASSES or path.startswith(MEMBER_PREFIXES)


def class_members(cls):
    members = _dir(cls)
    signatures = {}
    ok, init = _get(cls, "__init__")
    if ok:
        sig = _signature(init)
        if sig is not None:
            signatures["__init__"] = sig
    for name in members:
        ok, value = _get(cls, name)
        if not ok or _is_class(value):
            continue
        try:
            routine = inspect.isroutine(value)
        except Exception:
            routine = False
        if not routine:
            continue
        sig = _signature(value)
        if sig is not None:
            signatures[name] = sig
    return {"members": members, "signatures": signatures}


def _bfs(roots, names, members, seen):
    """Walk breadth first from roots [(path prefix, module, depth)], children sorted."""
    queue = list(roots)
    while queue:
        next_queue = []
        for prefix, module, depth in queue:
            for name in _dir(module):
                ok, value = _get(module, name)
                if not ok:
                    continue
                path = prefix + name
                entry = describe(value)
                names[path] = entry
                if entry[0] == "class" and _wants_members(path) and path not in members:
                    members[path] = class_members(value)
                if entry[0] != "module":
                    continue
                if path == "compat.v2":
                    continue
                if path == "compat.v1":
                    for sub in _dir(value):
                        ok, subvalue = _get(value, sub)
                        if ok:
                            names[path + "." + sub] = describe(subvalue)
                    continue
                if id(value) in seen or depth + 1 >= MAX_DEPTH:
                    continue
                if not _walkable(entry[1]):
                    continue
                seen.add(id(value))
                next_queue.append((path + ".", value, depth + 1))
        queue = next_queue


def walk(tf):
    """{path: [kind, identity]} and {class path: members} for the module tf.

    A module reached under several paths is walked under one of them only:
    tf.keras first (so tf.optimizers.legacy, which is Keras's, does not take
    keras.optimizers.legacy's children), then the rest breadth first, so the
    shortest (alphabetically first) path wins.  The other paths are recorded
    with the same identity.
    """
    names = {}
    members = {}
    seen = set([id(tf)])
    ok, keras = _get(tf, "keras")
    if ok and _is_module(keras):
        entry = describe(keras)
        names["keras"] = entry
        if _walkable(entry[1]):
            seen.add(id(keras))
            _bfs([("keras.", keras, 1)], names, members, seen)
    _bfs([("", tf, 0)], names, members, seen)
    return names, members


def keras_version(tf):
    ok, keras = _get(tf, "keras")
    if not ok or keras is None:
        return None
    name = _str_attr(keras, "__name__") or ""
    root = name.split(".")[0]
    if root in ("keras", "tf_keras"):
        mod = sys.modules.get(root)
        version = _str_attr(mod, "__version__") if mod is not None else None
        if version:
            return version
    return _str_attr(keras, "__version__")


def encode(doc):
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("ascii"))
    return buf.getvalue()


def snapshot(label=None):
    _quiet()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import tensorflow as tf
    try:
        tf.get_logger().setLevel("ERROR")
    except Exception:
        pass
    try:
        from tensorflow.python.util import deprecation
        deprecation._PRINT_DEPRECATION_WARNINGS = False
    except Exception:
        pass
    _get(tf, "keras")  # force the lazy loader
    names, members = walk(tf)
    doc = {
        "label": label or tf.__version__,
        "tensorflow": tf.__version__,
        "keras": keras_version(tf),
        "python": platform.python_version(),
        "names": names,
        "members": members,
    }
    data = encode(doc)
    if len(data) > MAX_BYTES:
        for info in members.values():
            sigs = info["signatures"]
            info["signatures"] = dict((k, v) for k, v in sigs.items() if k == "__init__")
        data = encode(doc)
    return doc, data


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="the .json.gz file to write")
    parser.add_argument("--label", help="the label recorded (default: tf.__version__)")
    args = parser.parse_args(argv)
    doc, data = snapshot(args.label)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, args.out)
    print("%s: TensorFlow %s, Keras %s, Python %s: %d names, %d classes with members, %d bytes"
          % (args.out, doc["tensorflow"], doc["keras"], doc["python"], len(doc["names"]),
             len(doc["members"]), len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
