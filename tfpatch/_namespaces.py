"""Where the module objects behind TensorFlow's public paths live, release by release.

``tf.distribute`` is one module object reachable as ``tf.distribute``, another
as ``tf.compat.v2.distribute``, and each is registered in ``sys.modules`` under
an import name that changed over the releases.  ``tf.keras`` is a different
package again, and ``import tensorflow.keras...`` loads fresh copies of its
modules.  tfpatch patches a module when it loads under one of the import names
below (each maps an import-name prefix to the ``tf``-relative path it stands
for) and, after TensorFlow or a Keras root loads, whatever is reachable from
``tf`` and ``tf.compat.v2`` through module dictionaries.

Only the roots listed here are trusted by name: ``tensorflow.distribute`` for
instance is an unrelated internal package from 2.7 on.
"""

#: Import-name prefixes of the ``tf`` API tree (children are ``tf.<child>``).
TF_ROOTS = (
    "tensorflow._api.v2",                  # 2.2+
    "tensorflow._api.v2.compat.v2",        # 2.2+: tf.compat.v2, a second set of objects
    "tensorflow_core._api.v2",             # 2.0-2.1
    "tensorflow_core._api.v2.compat.v2",   # 2.0-2.1
    "tensorflow._api.v1.compat.v2",        # 1.15
)

#: Import-name prefixes of the Keras behind ``tf.keras`` (children are ``tf.keras.<child>``).
KERAS_ROOTS = (
    "tensorflow.keras",                              # 2.2-2.5, and fresh copies made by `import tensorflow.keras...`
    "tensorflow_core.keras",                         # 2.0-2.1 fresh copies
    "tensorflow.python.keras.api._v2.keras",         # 2.0-2.5 (tf.compat.v2.keras)
    "tensorflow_core.python.keras.api._v2.keras",    # 2.0-2.1
    "keras.api._v2.keras",                           # 2.6-2.15
    "keras._tf_keras.keras",                         # 2.16+, Keras 3
    "keras",                                         # Keras 3's own public modules (tf.keras.mixed_precision on 2.16+)
    "tf_keras.api._v2.keras",                        # 2.16+ with TF_USE_LEGACY_KERAS=1
)

#: Modules whose loading completes a tree: after them tfpatch sweeps what is reachable.
SWEEP_AFTER = ("tensorflow", "tensorflow_core") + tuple(r for r in KERAS_ROOTS if r != "keras")

#: The top-level packages all of the above live in (found in site-packages, by Python's own finder).
ROOT_PACKAGES = ("tensorflow", "tensorflow_core", "keras", "tf_keras")

#: Import-name prefixes of the primary ``tf`` API tree, whose modules get the TF1 fallback.
PRIMARY_API = ("tensorflow._api.v2.", "tensorflow_core._api.v2.")


class FallbackScope(object):
    """Where the TF1 fallback (``rules.Fallback``) serves names, written once: the
    modules of the primary ``tf`` API tree outside ``keras`` and ``compat``, down to
    ``depth`` levels below ``tf`` (``tf`` itself is level 0), no private part.
    ``tf.compat.v2.X`` modules are the v2 API by name: TF1 spellings are not served
    there.

    ``extra``: namespaces outside that tree whose TF1 names are served too, each
    from its TF1 twin (path -> the twin's path).  None today: Keras's namespaces
    (``tf.losses``, ``tf.metrics``, ``tf.keras.backend``) get their TF1 names in v1
    mode from the ``tf1.losses``/``tf1.metrics``/``tf1.keras.backend`` adapters,
    which also route the TF1 calls of names both have."""

    __slots__ = ("depth", "extra", "_serves")

    def __init__(self, depth, v1=False):
        self.depth = depth
        self._serves = {}
        self.extra = {}   # path -> the path of its TF1 twin

    def twin(self, path):
        """The path under ``tf.compat.v1`` whose names ``tf.<path>`` gets."""
        return self.extra.get(path, path)

    def serves(self, path):
        """Whether the fallback serves names in ``tf.<path>``."""
        found = self._serves.get(path)
        if found is None:
            found = self._serves[path] = path in self.extra or (
                not path.startswith(("keras", "compat")) and (path.count(".") + 1 if path else 0) <= self.depth)
        return found

    def has_children(self, path):
        """Whether the modules below ``tf.<path>`` are served too (a package's directory to watch)."""
        return (path.count(".") + 1 if path else 0) < self.depth

    def api_path(self, name):
        """The ``tf``-relative path of the public module imported as ``name`` when the
        fallback serves names on it, else None."""
        if not name.startswith(PRIMARY_API):
            return None
        rest = name[name.index("._api.v2.") + 9:]
        if "._" in "." + rest or not self.serves(rest):
            return None
        return rest


def watched_names(paths):
    """``{import name: tf-relative path}`` for every namespace path tfpatch patches.

    ``paths`` are tf-relative namespace paths (``"distribute"``,
    ``"keras.mixed_precision"``).  The result is computed once, at activation,
    so the import hook's test for a module name is one dict lookup.
    """
    names = {}
    for path in paths:
        if path == "keras" or path.startswith("keras."):
            rest = path[len("keras"):]  # "" or ".mixed_precision"
            for root in KERAS_ROOTS:
                if rest or root != "keras":
                    names.setdefault(root + rest, path)
        else:
            for root in TF_ROOTS:
                names.setdefault(root + "." + path, path)
    for root in SWEEP_AFTER:
        names.setdefault(root, "keras" if root in KERAS_ROOTS else "")
    return names


def watched_parents(watched):
    """``{top-level package: (package, ...)}``: the packages whose directories hold the
    modules of ``watched`` (import names), each named relative to its top-level package
    (``"_api.v2.distribute"``; ``""`` for the top-level package itself)."""
    parents = {}
    for parent in {name.rpartition(".")[0] for name in watched}:
        if parent:
            top, _, rest = parent.partition(".")
            parents.setdefault(top, set()).add(rest)
    return {top: tuple(sorted(rests)) for top, rests in sorted(parents.items())}
