"""Static analysis shared by ``tfpatch check`` and ``tfpatch fix``: no TensorFlow needed.

A file is read with :mod:`ast`.  The analysis follows how the file names
TensorFlow (``import tensorflow as tf``, ``from tensorflow.keras import
layers``, ``from tensorflow.keras.mixed_precision import experimental as mp``)
and finds, for a target release, every site tfpatch would serve or adapt at
run time there:

* spellings a catalogue row serves (renames, namespaces, renamed methods);
* calls an adapter row translates (``Adam(lr=...)``, ``fit_generator``,
  ``LossScaleOptimizer(opt, 'dynamic')``, positional ``add_weight`` ...);
* TF1 names the release keeps only under ``tf.compat.v1`` (from the shipped
  API history) and TF1 keyword arguments (TensorFlow's own ``tf_upgrade_v2``
  table, ``adapters/tf1_tables.py``);
* names the target release does not have at all (from the history), which
  need a human;
* sites that cannot be decided statically (an attribute chosen at run time,
  a call through a variable with ``lr=``, ``**kwargs``, ``import *``).

Each finding carries, where the rewrite is mechanical, the edit ``tfpatch fix``
applies (positions are those of :mod:`ast`, in characters); otherwise the
reason a human must decide.
"""
import ast
import gzip
import json
import os


HERE = os.path.dirname(os.path.abspath(__file__))

# --- the history of the public API ------------------------------------------------------


class UnknownRelease(ValueError):
    pass


class History(object):
    """The shipped API history, read for one target release."""

    def __init__(self, target):
        with gzip.open(os.path.join(HERE, "data", "history.json.gz"), "rt") as f:
            data = json.load(f)
        self.releases = data["releases"]
        self.names = data["names"]
        self.moved = data.get("moved", {})
        main = [label for label in self.releases if "-" not in label]
        label = "%d.%d" % tuple(target)
        if label not in main:
            raise UnknownRelease("TensorFlow %s is not a release tfpatch knows (its history covers %s to %s)"
                                 % (label, main[0], main[-1]))
        self.target = tuple(target)
        self.bit = self.releases.index(label)
        self.first = self.releases.index(main[0])

    def _bits(self, path):
        bits = self.names.get(path)
        return None if bits is None else int(bits, 16)

    def known(self, path):
        return path in self.names

    def on_target(self, path):
        bits = self._bits(path)
        return bits is not None and bool(bits >> self.bit & 1)

    def in_tf1(self, path):
        bits = self._bits(path)
        return bits is not None and bool(bits >> self.first & 1)

    def explain(self, path):
        from . import _history
        from .rules.tf1 import LEFT_TENSORFLOW
        parent, _, name = path.rpartition(".")
        text = _history.explain(parent, name, LEFT_TENSORFLOW) or ""
        return text[len("tfpatch: "):] if text.startswith("tfpatch: ") else text


_KEYWORDS = []


def tf1_keywords():
    """``{"tf.reduce_sum": {"keep_dims": "keepdims", ...}, "*.minimize": {...}}``: TF1 keyword
    arguments TensorFlow 2 renamed (a new name) or removed (None), from ``tf_upgrade_v2``."""
    if not _KEYWORDS:  # the one copy of TensorFlow's table, which the runtime adapter reads too
        from .adapters.tf1_tables import KEYWORD_RENAMES
        _KEYWORDS.append({(path if path.startswith("*.") else "tf." + path): renames
                          for path, renames in KEYWORD_RENAMES.items() if not path.startswith("contrib.")})
    return _KEYWORDS[0]


#: TF1 keyword arguments whose removal changes results: a human decides.
TF1_KEYWORDS_FOR_A_HUMAN = {
    "align_corners": "TensorFlow 2's resize has no align_corners; its results differ (half_pixel_centers)",
    "seed2": "TensorFlow 2 takes one seed; the sequence of random numbers changes",
    "verify_shape": "TensorFlow 2's tf.constant always verifies the shape",
    "bad_color": "tf.summary.image has no bad_color",
}

#: TF1 names that need graph mode: a file using them gets tf.compat.v1.disable_v2_behavior().
GRAPH_MODE_NAMES = ("placeholder", "placeholder_with_default", "sparse_placeholder", "Session",
                    "InteractiveSession")

# Keras 2 positional orders, for calls whose translation turns positional arguments into keywords.
ADD_WEIGHT_ORDER = ("name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint")
GENERATOR_ORDERS = {
    "fit_generator": ("generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
                      "validation_steps", "validation_freq", "class_weight", "max_queue_size", "workers",
                      "use_multiprocessing", "shuffle", "initial_epoch"),
    "evaluate_generator": ("generator", "steps", "callbacks", "max_queue_size", "workers",
                           "use_multiprocessing", "verbose"),
    "predict_generator": ("generator", "steps", "callbacks", "max_queue_size", "workers",
                          "use_multiprocessing", "verbose"),
}
from ._patterns import LOADER_KEYWORDS  # noqa: E402

#: Dataset methods whose result is not a Dataset.
DATASET_NON_DATASET = ("reduce", "get_single_element", "cardinality", "as_numpy_iterator", "save",
                       "element_spec", "numpy", "__iter__")

#: Packages inside ``tensorflow`` that are its implementation, not its public API.
PRIVATE_MODULES = ("python", "core", "compiler", "lite", "tools", "include", "libtensorflow_framework")


# --- findings -----------------------------------------------------------------------------------

FIX, HUMAN, UNDECIDED = "fix", "human", "undecided"


class Finding(object):
    __slots__ = ("file", "line", "col", "found", "write", "since", "rule", "kind", "status", "reason", "edit")

    def __init__(self, file, line, col, found, write, since, rule, kind="rename", status=FIX, reason=None,
                 edit=None):
        self.file, self.line, self.col = file, line, col
        self.found, self.write, self.since, self.rule = found, write, since, rule
        self.kind, self.status, self.reason, self.edit = kind, status, reason, edit

    def as_dict(self):
        d = {k: getattr(self, k) for k in self.__slots__ if k != "edit"}
        return d

    def __str__(self):
        where = "%s:%d:%d: " % (self.file, self.line, self.col)
        if self.status == UNDECIDED:
            return where + "cannot be decided statically: %s" % self.reason
        if self.status == HUMAN:
            return where + "%s: needs a human: %s" % (self.found, self.reason)
        text = where + "%s -> %s" % (self.found, self.write)
        if self.since:
            text += " (since %s)" % self.since
        return text


# Edits (positions: 1-based line, 0-based column in characters, as LibCST counts them).
# ("expr", line, col, old_text, new_text)             a Name/Attribute chain
# ("attr", line, col, old_attr, new_attr)             the last name of an Attribute
# ("call", line, col, func_text, ops)                 arguments of the Call whose func starts there
# ("stmt", line, col, old_text, new_text)             an import statement
# ("insert", after_line, text)                        a new statement after a top-level one
# call ops: ("rename", old, new) ("drop", kw) ("set", kw, text) ("to_keywords", names)
#           ("drop_positional", index) ("func", text) ("replace", text): the whole call


def _tf_path(module):
    """``tensorflow.keras.x`` -> ``keras.x``; ``tensorflow`` -> ``""``; else None."""
    for root in ("tensorflow.compat.v2", "tensorflow_core", "tensorflow"):
        if module == root:
            return ""
        if module.startswith(root + "."):
            return module[len(root) + 1:]
    return None


def _join(prefix, name):
    return name if not prefix else prefix + "." + name


def _is_prefix(prefix, path):
    return prefix == "" or path == prefix or path.startswith(prefix + ".")


class Catalogue(object):
    """The patterns of a whole catalogue for one target, indexed for the scanner."""

    def __init__(self, catalogue, target, history=None):
        self.target = tuple(target)
        self.history = history if history is not None else History(target)
        self.paths = {}        # tf path -> Pattern (what = path)
        self.methods = {}      # attribute name -> Pattern (what = method)
        self.calls = []        # Patterns (what = call)
        self.method_calls = {}  # method name -> [Pattern]
        self.fallback = None
        from ._patterns import row_patterns
        for rule in catalogue:
            for pattern in row_patterns(rule, self.target):
                if pattern.what == "path":
                    self.paths.setdefault(pattern.found, pattern)
                elif pattern.what == "method":
                    self.methods.setdefault(pattern.found, pattern)
                elif pattern.what == "call":
                    self.calls.append(pattern)
                elif pattern.what == "method-call":
                    self.method_calls.setdefault(pattern.found, []).append(pattern)
                elif pattern.what == "fallback":
                    self.fallback = pattern

    def translate(self, path):
        """``(new path, pattern)`` for a tf path the target lacks, ``(path, None)`` otherwise.
        The longest prefix with a pattern wins; the rest of the path follows it."""
        parts = path.split(".") if path else []
        for i in range(len(parts), 0, -1):
            prefix = ".".join(parts[:i])
            pattern = self.paths.get(prefix)
            if pattern is not None:
                rest = parts[i:]
                return ".".join([pattern.write] + rest), pattern
        return path, None

    def tf1(self, path):
        """``(prefix, kind)`` for a path whose prefix the target lacks: ``"compat.v1"`` when
        TensorFlow 2 keeps it there, ``"gone"`` when no release near it has it; else None."""
        if not path or path.startswith(("compat.", "contrib")) and not path == "contrib":
            if path.startswith("contrib"):
                return "contrib", "gone"
            return None
        h = self.history
        parts = path.split(".")
        if parts[0] in PRIVATE_MODULES or parts[0].startswith("_"):
            return None  # tensorflow.python & co: the implementation, not the API tfpatch serves
        keras3 = parts[0] == "keras" and self.target >= (2, 16)  # tf.compat.v1.keras is Keras 3's there
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if not h.known(prefix):
                return None  # not a public name (a member, or not TensorFlow's): nothing to say
            if h.on_target(prefix):
                continue
            if (self.fallback is not None and not keras3 and i <= self.fallback.rule.depth + 1 and h.in_tf1(prefix)
                    and h.on_target("compat.v1." + parts[0])):
                return prefix, "compat.v1"
            return prefix, "gone"
        return None


class _Source(object):
    """The file being read: positions, source segments, findings, and the names a path
    is spelled with (``self.aliases``, ``self.after``).  The attributes are Scanner's."""

    def _col(self, line, byte_col):
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))

    def pos(self, node):
        return node.lineno, self._col(node.lineno, node.col_offset)

    def segment(self, node):
        end_line = getattr(node, "end_lineno", None)
        if end_line is None:  # Python 3.7: no end positions (and no tfpatch fix); the status still holds
            found = self.chain(node) if isinstance(node, (ast.Attribute, ast.Name)) else None
            return ".".join([found[0].id] + found[1]) if found else "..."
        start, end = node.lineno, end_line
        first = self.lines[start - 1].encode("utf-8")
        if start == end:
            return first[node.col_offset:node.end_col_offset].decode("utf-8")
        parts = [first[node.col_offset:].decode("utf-8")]
        parts += self.lines[start:end - 1]
        parts.append(self.lines[end - 1].encode("utf-8")[:node.end_col_offset].decode("utf-8"))
        return "".join(parts)

    def add(self, node, found, write, rule, kind, status=FIX, reason=None, edit=None, since=None):
        line, col = self.pos(node)
        rid = rule.id if rule is not None else None
        if since is None and rule is not None:
            since = getattr(rule, "since", None)
        self.findings.append(Finding(self.filename, line, col + 1, found, write, since, rid, kind, status,
                                     reason, edit))

    def spell(self, path, prefer=None):
        """How this file writes the tf path ``path`` after the fix (None if it cannot): through
        ``prefer`` (the name the expression used) where it can, else through an imported name."""
        if prefer is not None and prefer in self.after and _is_prefix(self.after[prefer], path):
            rest = path[len(self.after[prefer]):].lstrip(".")
            return prefer + ("." + rest if rest else "")
        best = None
        for local, bound in self.after.items():
            if local in self.assigned:
                continue
            if _is_prefix(bound, path) and (best is None or len(bound) > len(self.after[best])):
                best = local
        if best is None:
            return None
        rest = path[len(self.after[best]):].lstrip(".")
        return best + ("." + rest if rest else "")

    def spell_or_import(self, path):
        """``spell``, or ``tf.<path>`` with ``import tensorflow as tf`` added at the top (a finding
        of its own) where the file has no name for it and ``tf`` names nothing else."""
        spelled = self.spell(path)
        if spelled is not None:
            return spelled
        if "tf" in self.aliases or "tf" in self.others or self._uses_tf_name() or self.tf_import_line is None:
            return None
        self.need_import = True
        return _join("tf", path)

    def _uses_tf_name(self):
        import re
        return re.search(r"\btf\b", "".join(self.lines)) is not None

    def chain(self, node):
        """``(root Name, [attrs])`` of a pure Name/Attribute chain, else None."""
        attrs = []
        inner = node
        while isinstance(inner, ast.Attribute):
            attrs.append(inner.attr)
            inner = inner.value
        if isinstance(inner, ast.Name):
            return inner, list(reversed(attrs))
        return None

    def resolve(self, node):
        """The tf path an expression names, or None."""
        found = self.chain(node) if isinstance(node, (ast.Attribute, ast.Name)) else None
        if found is None:
            return None
        root, attrs = found
        base = self.aliases.get(root.id)
        if base is None:
            return None
        path = base
        for attr in attrs:
            path = _join(path, attr)
        return path

    def _kw(self, node, name):
        for keyword in node.keywords:
            if keyword.arg == name:
                return keyword
        return None

    def _literal(self, node):
        try:
            return True, ast.literal_eval(node)
        except Exception:
            return False, None

    def _call_edit(self, node, ops):
        func_text = self.segment(node.func)
        if func_text is None:
            return None
        line, col = self.pos(node.func)
        return ("call", line, col, func_text, tuple(ops))


class _CallTranslations(object):
    """Calls of a tf path: renamed functions, the keywords and positions a target
    release takes (TF 1 tables, adapter rows), each a finding with its edit."""

    def _path_call(self, node, path):
        cat = self.cat
        new, pattern = cat.translate(path)
        if pattern is not None and pattern.action:
            before = len(self.findings)
            self._rename_action(node, path, pattern)
            if any(f.status != FIX for f in self.findings[before:]):
                # the call needs a human: its spelling stays, or the call would change meaning
                root = self.chain(node.func)[0].id
                self._held.append((id(node.func), root, node.lineno))
        for call in cat.calls:
            if not _is_prefix(call.found, path) or path == call.found and call.action.startswith("optimizer_"):
                continue
            self._call_pattern(node, path, call)
        self._tf1_keywords(node, path)

    def _tf1_keywords(self, node, path):
        if self.cat.target < (2, 0) or not node.keywords:
            return
        table = tf1_keywords().get("tf." + path)
        if table is None or not self.h.on_target(path):
            return
        self._apply_keyword_table(node, "tf." + path, table)

    def _star_minimize(self, node):
        if self.cat.target < (2, 0) or not self.aliases:
            return
        table = tf1_keywords().get("*." + node.func.attr)
        if table:
            self._apply_keyword_table(node, "." + node.func.attr, table)

    def _apply_keyword_table(self, node, name, table):
        for keyword in node.keywords:
            if keyword.arg not in table:
                continue
            new = table[keyword.arg]
            found = "%s(%s=)" % (name, keyword.arg)
            rule = None
            if keyword.arg in TF1_KEYWORDS_FOR_A_HUMAN:
                self.add(keyword if hasattr(keyword, "lineno") else node, found, None, rule, "keyword", HUMAN,
                         TF1_KEYWORDS_FOR_A_HUMAN[keyword.arg], since="2.0")
                continue
            if new is not None and self._kw(node, new) is not None:
                self.add(node, found, None, rule, "keyword", HUMAN, "both %s= and %s= are given" % (keyword.arg, new),
                         since="2.0")
                continue
            op = ("rename", keyword.arg, new) if new else ("drop", keyword.arg)
            write = "%s(%s=)" % (name, new) if new else "%s() without %s=" % (name, keyword.arg)
            self.add(node, found, write, rule, "keyword", edit=self._call_edit(node, [op]), since="2.0")

    def _rename_action(self, node, path, pattern):
        action = pattern.action
        rule = pattern.rule
        found = "tf.%s(...)" % pattern.found
        target = self.cat.target
        keras3 = target >= (2, 16)
        args, kws = node.args, node.keywords
        if action == "experimental_optimizer":
            # 2.15's experimental optimizers took jit_compile= (XLA for the update step only);
            # Keras 3's refuse it and compute the same updates without it.
            if self._kw(node, "jit_compile") is not None:
                self.add(node, "tf.%s(jit_compile=)" % path, "tf.%s()" % pattern.write, rule, "adapter",
                         edit=self._call_edit(node, [("drop", "jit_compile")]))
            elif len(args) > 5:
                self.add(node, found + " with %d positional arguments" % len(args), None, rule, "adapter", HUMAN,
                         "Keras 3's optimizers order their later arguments otherwise: pass them by keyword")
            return
        if action == "experimental_lso_to_stable":
            scale = args[1] if len(args) > 1 else (self._kw(node, "loss_scale").value
                                                     if self._kw(node, "loss_scale") else None)
            if scale is None:
                return
            known, value = self._literal(scale)
            kw_scale = len(args) <= 1
            drop = ("drop", "loss_scale") if kw_scale else ("drop_positional", 1)
            if known and value == "dynamic":
                self.add(node, found + " with loss_scale='dynamic'", "tf.%s(optimizer)" % pattern.write, rule,
                         "adapter", edit=self._call_edit(node, [drop]))
            elif known and isinstance(value, (int, float)) and not isinstance(value, bool) and not keras3:
                self.add(node, found + " with a fixed loss scale",
                         "tf.%s(optimizer, dynamic=False, initial_scale=%r)" % (pattern.write, value), rule,
                         "adapter", edit=self._call_edit(node, [drop, ("set", "dynamic", "False"),
                                                                ("set", "initial_scale", self.segment(scale))]))
            elif known and isinstance(value, (int, float)):
                self.add(node, found + " with a fixed loss scale", None, rule, "adapter", HUMAN,
                         "Keras 3 has no fixed loss scale: LossScaleOptimizer(opt, initial_scale=%r) is a dynamic "
                         "one starting there (what tfpatch serves); decide whether that is what you want" % value)
            else:
                self.add(node, found + " with a loss scale computed at run time", None, rule, "adapter",
                         UNDECIDED, "the loss scale is not a literal: 'dynamic' and a number need different calls")
        elif action == "stable_lso_to_experimental":
            dynamic = self._kw(node, "dynamic")
            initial = self._kw(node, "initial_scale")
            others = [k.arg for k in kws if k.arg not in ("dynamic", "initial_scale", "inner_optimizer")]
            if len(args) > 1 or others or (dynamic is None) != (initial is None) and dynamic is not None:
                self.add(node, found, None, rule, "adapter", HUMAN,
                         "TensorFlow %d.%d's experimental LossScaleOptimizer takes (optimizer, loss_scale): "
                         "write a DynamicLossScale for these arguments" % target)
                return
            if dynamic is None and initial is None:
                edit = self._call_edit(node, [("append", "'dynamic'")])
                self.add(node, found, "tf.%s(optimizer, 'dynamic')" % pattern.write, rule, "adapter", edit=edit)
                return
            known, value = self._literal(dynamic.value) if dynamic is not None else (True, True)
            if known and value is False and initial is not None:
                edit = self._call_edit(node, [("drop", "dynamic"), ("drop", "initial_scale"),
                                              ("append", self.segment(initial.value))])
                self.add(node, found, "tf.%s(optimizer, loss_scale)" % pattern.write, rule, "adapter", edit=edit)
            else:
                self.add(node, found, None, rule, "adapter", HUMAN,
                         "write tf.mixed_precision.experimental.DynamicLossScale(initial_scale, ...) as loss_scale")
        elif action == "experimental_policy":
            keyword = self._kw(node, "loss_scale")
            scale = keyword.value if keyword is not None else (args[1] if len(args) > 1 else None)
            if scale is None:
                return
            known, value = self._literal(scale)
            drop = ("drop", "loss_scale") if keyword is not None else ("drop_positional", 1)
            if known and value in ("dynamic", None):
                self.add(node, found + " with loss_scale=%r" % (value,), "tf.%s(name)" % pattern.write, rule,
                         "adapter", edit=self._call_edit(node, [drop]))
            else:
                self.add(node, found + " with a loss scale", None, rule, "adapter", HUMAN,
                         "from TensorFlow 2.4 the loss scale is the optimizer's: pass it to "
                         "LossScaleOptimizer(opt, dynamic=False, initial_scale=N)")
        elif action == "sync_to_synchronized":
            if self._kw(node, "synchronized") is None:
                self.add(node, found, "tf.%s(..., synchronized=True)" % pattern.write, rule, "adapter",
                         edit=self._call_edit(node, [("set", "synchronized", "True")]))

    def _call_pattern(self, node, path, pattern):
        action = pattern.action
        rule = pattern.rule
        if action in ("rename_keyword",) or action.startswith("human_keyword:"):
            if path == pattern.found:  # this function's own keywords, not those of the names below it
                self._keyword_pattern(node, path, pattern)
            return
        if action.startswith("human:"):
            self.add(node, "tf.%s(...)" % path, None, rule, "adapter", HUMAN, action[6:])
            return
        if action.startswith("optimizer_"):
            leaf = path.rsplit(".", 1)[-1]
            if not leaf[:1].isupper() or leaf in ("Optimizer",) and False:
                return
            keyword = self._kw(node, pattern.keywords[0])
            if keyword is None:
                if any(k.arg is None for k in node.keywords) and pattern.keywords[0] == "lr":
                    self.add(node, "tf.%s(**...)" % path, None, rule, "adapter", UNDECIDED,
                             "keywords passed with ** may hold lr= or decay=, which TensorFlow %d.%d's "
                             "optimizers do not take" % self.cat.target)
                return
            found = "tf.%s(%s=)" % (path, keyword.arg)
            if keyword.arg == "lr":
                if self._kw(node, "learning_rate") is not None:
                    self.add(node, found, None, rule, "adapter", HUMAN, "both lr= and learning_rate= are given")
                    return
                self.add(node, found, "tf.%s(learning_rate=)" % path, rule, "adapter",
                         edit=self._call_edit(node, [("rename", "lr", "learning_rate")]))
            elif keyword.arg == "decay":
                rate = self._kw(node, "learning_rate") or self._kw(node, "lr")
                known, value = self._literal(keyword.value)
                if known and value == 0:
                    self.add(node, found, "tf.%s() without decay=0" % path, rule, "adapter",
                             edit=self._call_edit(node, [("drop", "decay")]))
                    return
                schedule = self.spell_or_import("keras.optimizers.schedules.InverseTimeDecay")
                if rate is None or node.args or schedule is None:
                    self.add(node, found, None, rule, "adapter", HUMAN,
                             "decay= becomes learning_rate=InverseTimeDecay(rate, 1, decay): give the rate as "
                             "learning_rate= (the default differs per optimizer)")
                    return
                text = "%s(%s, decay_steps=1, decay_rate=%s)" % (schedule, self.segment(rate.value),
                                                                   self.segment(keyword.value))
                ops = [("drop", "decay"), ("drop", rate.arg), ("set", "learning_rate", text)]
                self.add(node, found, "tf.%s(learning_rate=InverseTimeDecay(rate, 1, decay))" % path, rule,
                         "adapter", edit=self._call_edit(node, ops))
        elif action == "synchronized_to_sync":
            keyword = self._kw(node, "synchronized")
            if keyword is None:
                return
            known, value = self._literal(keyword.value)
            found = "tf.%s(synchronized=)" % path
            if known and value is False:
                self.add(node, found, "tf.%s()" % path, rule, "adapter", edit=self._call_edit(node, [("drop", "synchronized")]))
            elif known and value is True:
                spelled = self.spell_or_import(pattern.write)
                if spelled is None:
                    self.add(node, found, "tf." + pattern.write, rule, "adapter", HUMAN,
                             "this file has no name for tf.%s" % pattern.write)
                    return
                self.add(node, found, "tf.%s()" % pattern.write, rule, "adapter",
                         edit=self._call_edit(node, [("drop", "synchronized"), ("func", spelled)]))
            else:
                self.add(node, found, None, rule, "adapter", UNDECIDED, "synchronized= is not a literal")

    def _keyword_pattern(self, node, path, pattern):
        """``tf.<path>(old=)`` -> ``tf.<path>(new=)``, or a keyword the target lacks, for a human."""
        action, rule = pattern.action, pattern.rule
        if action == "rename_keyword":
            old, new = pattern.keywords
            if self._kw(node, old) is None:
                return
            if self._kw(node, new) is not None:
                self.add(node, "tf.%s(%s=)" % (path, old), None, rule, "adapter", HUMAN,
                         "both %s= and %s= are given" % (old, new))
                return
            self.add(node, "tf.%s(%s=)" % (path, old), "tf.%s(%s=)" % (path, new), rule, "adapter",
                     edit=self._call_edit(node, [("rename", old, new)]))
            return
        present = [k for k in pattern.keywords if self._kw(node, k) is not None]
        if present:
            self.add(node, "tf.%s(%s)" % (path, ", ".join(k + "=" for k in present)), None, rule, "adapter",
                     HUMAN, action[len("human_keyword:"):])


class _MethodCalls(object):
    """Calls of a method on any object (``fit_generator``, ``ds.unique()``), TF ops on
    symbolic Keras tensors, and uses a reading cannot decide (``getattr(tf, name)``)."""

    def _method_call(self, node, pattern):
        action = pattern.action
        rule = pattern.rule
        name = node.func.attr
        found = ".%s(...)" % name
        if "dataset receiver" in pattern.keywords and not self._is_dataset(node.func.value):
            return
        if action.startswith("human:"):
            self.add(node, found, None, rule, "adapter", HUMAN, action[6:])
        elif action == "generator":
            order = GENERATOR_ORDERS.get(name, ())
            if any(k.arg is None for k in node.keywords) or any(isinstance(a, ast.Starred) for a in node.args):
                self.add(node, found, "." + pattern.write, rule, "adapter", UNDECIDED,
                         "arguments passed with * or ** cannot be matched to .%s's" % pattern.write)
                return
            ops = [("method", pattern.write)]
            if len(node.args) > 1:
                ops.append(("to_keywords", order[1:len(node.args)], 1))
            if self.cat.target >= (2, 16):
                present = [k.arg for k in node.keywords] + list(order[1:len(node.args)])
                ops += [("drop", k) for k in LOADER_KEYWORDS if k in present]
                first = node.args[0] if node.args else (self._kw(node, "generator").value
                                                        if self._kw(node, "generator") else None)
                if name == "predict_generator" and first is not None:
                    # Keras 2 took a generator of bare inputs, Keras 3 wants tuples (as the adapter gives)
                    text = "(_batch if isinstance(_batch, tuple) else (_batch,) for _batch in %s)" % \
                        self.segment(first)
                    ops.append(("set_positional", 0, text) if node.args else ("set", "generator", text))
                if self._kw(node, "generator") is not None:
                    ops.append(("rename", "generator", "x"))
            self.add(node, found, ".%s(...)" % pattern.write, rule, "adapter", edit=self._call_edit(node, ops))
        elif action == "drop_keywords":
            present = [k for k in pattern.keywords if self._kw(node, k) is not None]
            if present:
                self.add(node, ".%s(%s)" % (name, ", ".join(k + "=" for k in present)), ".%s(...)" % name, rule,
                         "adapter", edit=self._call_edit(node, [("drop", k) for k in present]))
        elif action == "predict_proba":
            self.add(node, found, ".predict(...)", rule, "adapter", edit=self._call_edit(node, [("method", "predict")]))
        elif action == "predict_classes":
            self.add(node, found, None, rule, "adapter", HUMAN,
                     "write np.argmax(model.predict(x), axis=-1) for several outputs, "
                     "(model.predict(x) > 0.5).astype('int32') for one: it depends on the model")
        elif action == "rename_keyword":
            old, new = pattern.keywords
            if self._kw(node, old) is not None:
                self.add(node, ".%s(%s=)" % (name, old), ".%s(%s=)" % (name, new), rule, "adapter",
                         edit=self._call_edit(node, [("rename", old, new)]))
        elif action == "add_weight":
            args = node.args
            if not args:
                return
            known, first = self._literal(args[0])
            first_is_name = known and isinstance(first, str)
            if not first_is_name and len(args) < 2:
                return  # a single positional that is not a name: Keras 3's own call (shape)
            if any(isinstance(a, ast.Starred) for a in args):
                self.add(node, found, None, rule, "adapter", UNDECIDED, "arguments passed with *")
                return
            self.add(node, ".add_weight(name, shape, ...)", ".add_weight(name=..., shape=..., ...)", rule,
                     "adapter", edit=self._call_edit(node, [("to_keywords", ADD_WEIGHT_ORDER[:len(args)], 0)]))
        elif action in ("dataset_apply", "dataset_function"):
            spelled = self.spell_or_import(pattern.write)
            receiver = self.segment(node.func.value)
            if spelled is None or receiver is None:
                self.add(node, found, "tf." + pattern.write, rule, "adapter", HUMAN,
                         "this file has no name for tf.%s" % pattern.write)
                return
            inner = ", ".join(self.segment(a) for a in node.args)
            kw = ", ".join(self.segment(k) for k in node.keywords if hasattr(k, "lineno")) if node.keywords else ""
            if node.keywords and sys_version_below_39():
                self.add(node, found, "tf." + pattern.write, rule, "adapter", HUMAN, "keyword arguments")
                return
            allargs = ", ".join(x for x in (inner, kw) if x)
            if action == "dataset_apply":
                text = "%s.apply(%s(%s))" % (receiver, spelled, allargs)
            else:
                text = "%s(%s)" % (spelled, ", ".join(x for x in (receiver, allargs) if x))
            self.add(node, found, "tf." + pattern.write, rule, "adapter",
                     edit=self._call_edit(node, [("replace", text)]))

    def _is_symbolic(self, node):
        """True when ``node`` is known to be a symbolic Keras tensor (``tf.keras.Input(...)``, or
        a layer applied to one)."""
        if isinstance(node, ast.Name):
            return node.id in self.symbolic
        if isinstance(node, (ast.List, ast.Tuple)):
            return any(self._is_symbolic(e) for e in node.elts)
        if not isinstance(node, ast.Call):
            return False
        path = self.resolve(node.func)
        if path is not None:  # an Input, or a function on a symbolic tensor (Keras 2 made one)
            if path in ("keras.Input", "keras.layers.Input"):
                return True
            leaf = path.rsplit(".", 1)[-1]
            return leaf[:1].islower() and path.split(".")[0] not in PRIVATE_MODULES and \
                any(self._is_symbolic(a) for a in node.args)
        return any(self._is_symbolic(a) for a in node.args)  # a layer called on one

    def _tf_op_on_symbolic(self, node, path):
        if self.cat.target < (2, 16) or not self.symbolic or path.startswith("keras") or path == "":
            return
        if path.split(".")[0] in PRIVATE_MODULES or not path.rsplit(".", 1)[-1][:1].islower():
            return  # an implementation module, or a class (a Checkpoint of a model): not an op
        arguments = list(node.args) + [k.value for k in node.keywords]
        if any(self._is_symbolic(a) for a in arguments):
            self.add(node, "tf.%s(<symbolic Keras tensor>)" % path, None, None, "keras3-ops", HUMAN,
                     "Keras 3 refuses TensorFlow ops on symbolic Keras tensors: use the keras.ops "
                     "function, or wrap the op in a layer (a Lambda or a Layer subclass)", since="2.16")

    def _is_dataset(self, node):
        """True when ``node`` is known to be a ``tf.data.Dataset``."""
        if isinstance(node, ast.Name):
            return node.id in self.datasets
        if isinstance(node, ast.Call):
            path = self.resolve(node.func)
            if path is not None:
                return path.startswith("data.") and "Dataset" in path and not path.endswith("Dataset.load") \
                    or path.startswith("data.Dataset.")
            func = node.func
            return isinstance(func, ast.Attribute) and func.attr not in DATASET_NON_DATASET and \
                self._is_dataset(func.value)
        return False

    def _dynamic(self, node, path):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
            owner = self.resolve(node.args[0])
            if owner is not None:
                known, value = self._literal(node.args[1])
                if known and isinstance(value, str):
                    full = _join(owner, value)
                    new, pattern = self.cat.translate(full)
                    if pattern is not None:
                        self.add(node, "tf." + pattern.found, "tf." + pattern.write, pattern.rule, "rename", HUMAN,
                                 "named by a string in getattr()")
                else:
                    self.add(node, "getattr(tf.%s, ...)" % owner if owner else "getattr(tf, ...)", None, None,
                             "undecided", UNDECIDED,
                             "an attribute of tf.%s chosen at run time" % owner if owner else
                             "an attribute of tf chosen at run time")
            return
        if path is not None or not self.aliases:
            return
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and (root.id in self.others or root.id in self.aliases):
            return
        if self.cat.calls and self._kw(node, "lr") is not None and any(
                c.action == "optimizer_lr" for c in self.cat.calls):
            self.add(node, "(...)(lr=)", None, None, "undecided", UNDECIDED,
                     "a call through a variable with lr=: if it makes a Keras optimizer, TensorFlow %d.%d "
                     "needs learning_rate=" % self.cat.target)


class _Paths(object):
    """Spellings of tf paths the target lacks (attribute chains, imports), TF 1 names among
    them, each a finding with its edit."""

    def _check_tf1_import(self, node, base, names):
        for alias, path, new, pattern in names:
            verdict = self.cat.tf1(path)
            if verdict is None:
                continue
            prefix, kind = verdict
            self._tf1_finding(node, prefix, kind, None)
            return

    def _path_finding(self, node, pattern, path, new, edit, why_not=None, locals_=()):
        found = pattern.found
        write = pattern.write
        if edit is not None:
            self._roots.append((None, set(locals_), None))
        if edit is None and why_not:
            self.add(node, "tf." + found, "tf." + write, pattern.rule, "rename", HUMAN, why_not)
        else:
            self.add(node, "tf." + found, "tf." + write, pattern.rule, "rename", FIX if edit else HUMAN,
                     None if edit else "the source of this statement could not be read", edit)
        if edit is not None:
            self._roots[-1] = (self.findings[-1], set(locals_), None)

    def _mark_chain(self, node):
        inner = node.value
        while isinstance(inner, ast.Attribute):
            self._chains.add(id(inner))
            inner = inner.value

    def _chain_finding(self, node, path):
        new, pattern = self.cat.translate(path)
        text = self.segment(node)
        if pattern is not None:
            spelled = self.spell(new, prefer=self.chain(node)[0].id) or self.spell_or_import(new)
            if spelled is not None and text is not None:
                line, col = self.pos(node)
                edit = ("expr", line, col, text, spelled)
                self.add(node, "tf." + pattern.found, "tf." + pattern.write, pattern.rule, "rename", edit=edit)
                self._roots.append((self.findings[-1], {self.chain(node)[0].id, spelled.split(".")[0]},
                                    id(node)))
            else:
                self.add(node, "tf." + pattern.found, "tf." + pattern.write, pattern.rule, "rename", HUMAN,
                         "this file has no name for tf.%s (add `import tensorflow as tf`)" % new)
            return
        verdict = self.cat.tf1(path)
        if verdict is not None:
            self._tf1_finding(node, verdict[0], verdict[1], text)

    def _tf1_finding(self, node, prefix, kind, text):
        h = self.h
        if kind == "compat.v1":
            rule = self.cat.fallback.rule
            write = "compat.v1." + prefix
            if prefix.rsplit(".", 1)[-1] in GRAPH_MODE_NAMES:
                self.graph_mode = True
            edit = None
            if text is not None and isinstance(node, ast.Attribute):
                root, attrs = self.chain(node)
                base = self.aliases[root.id]
                full = base
                for attr in attrs:
                    full = _join(full, attr)
                spelled = self.spell("compat.v1." + full)
                if spelled is not None and _is_prefix(base, prefix) and base != prefix:
                    line, col = self.pos(node)
                    edit = ("expr", line, col, text, spelled)
            self.add(node, "tf." + prefix, "tf." + write, rule, "tf1", FIX if edit else HUMAN,
                     None if edit else "a TF1 name imported by name: import it from tensorflow.compat.v1",
                     edit, since="2.0")
        else:
            reason = h.explain(prefix) or "tf.%s is not in TensorFlow %d.%d" % ((prefix,) + h.target)
            if prefix == "contrib" or prefix.startswith("contrib."):
                from .rules.tf1 import contrib_explanation
                reason = contrib_explanation()[len("tfpatch: "):]
            self.add(node, "tf." + prefix, None, None, "removed", HUMAN, reason)


class Scanner(_Source, _Paths, _CallTranslations, _MethodCalls, ast.NodeVisitor):
    """One file (or notebook cell): its findings, with edits where mechanical.  The visitor
    and the file's state are here; reading positions and names (``_Source``), paths
    (``_Paths``), calls of tf paths (``_CallTranslations``) and method calls
    (``_MethodCalls``) are the parts above, one job each, sharing this state."""

    def __init__(self, filename, source, catalogue):
        self.filename, self.cat, self.h = filename, catalogue, catalogue.history
        self.lines = source.splitlines(True) if isinstance(source, str) else \
            source.decode("utf-8").splitlines(True)
        self.aliases = {}      # local name -> tf path
        self.others = set()    # names bound by imports of other modules
        self.findings = []
        self.tf_import_line = None
        self.tf_name = None    # a local name bound to tf itself
        self.graph_mode = False
        self.disables_v2 = False
        self._chains = set()   # ids of Attribute nodes inside a chain already handled
        self.after = {}        # local name -> tf path after the fix (imports rewritten)
        self._held = []        # (id of a call's func, its root name, line): a call a human must fix first
        self.need_import = False  # a rewrite spells tf.<path>: `import tensorflow as tf` is added
        self.datasets = set()  # local names known to hold a tf.data.Dataset
        self.symbolic = set()  # local names known to hold a symbolic Keras tensor
        self.assigned = set()  # local names bound by an assignment (not used to spell other paths)
        self._roots = []       # (finding, local names its edit relies on)

    # imports ----------------------------------------------------------------------------------
    def visit_Import(self, node):
        for alias in node.names:
            path = _tf_path(alias.name)
            if path is None:
                self.others.add(alias.asname or alias.name.split(".")[0])
                continue
            if self.tf_import_line is None:
                self.tf_import_line = getattr(node, "end_lineno", node.lineno)
            local = alias.asname or alias.name.split(".")[0]
            bound = path if alias.asname else ""
            self.aliases[local] = bound
            if bound == "":
                self.tf_name = self.tf_name or local
            new, pattern = self.cat.translate(path)
            self.after[local] = self.cat.translate(bound)[0]
            if pattern is not None:
                if len(node.names) == 1:
                    old = self.segment(node)
                    text = "import tensorflow.%s%s" % (new, " as " + alias.asname if alias.asname else "")
                    edit = ("stmt",) + self.pos(node) + (old, text) if old is not None else None
                else:
                    edit = None
                self._path_finding(node, pattern, path, new, edit, "an import of several modules in one line",
                                   locals_=(local,))

    def visit_ImportFrom(self, node):
        if node.level or not node.module:
            return
        base = _tf_path(node.module)
        if base is None:
            for alias in node.names:
                self.others.add(alias.asname or alias.name)
            return
        if self.tf_import_line is None:
            self.tf_import_line = getattr(node, "end_lineno", node.lineno)
        changed = []
        names = []
        for alias in node.names:
            if alias.name == "*":
                self.add(node, "from tensorflow.%s import *" % base, None, None, "undecided", UNDECIDED,
                         "`import *` from TensorFlow: the names it binds are not known statically")
                continue
            path = _join(base, alias.name)
            local = alias.asname or alias.name
            self.aliases[local] = path
            new, pattern = self.cat.translate(path)
            self.after[local] = new
            names.append((alias, path, new, pattern))
            if pattern is not None:
                changed.append((alias, path, new, pattern))
        if not changed:
            self._check_tf1_import(node, base, names)
            return
        parents = set(new.rpartition(".")[0] for _, _, new, _ in names)
        old = self.segment(node)
        edit = None
        if len(parents) == 1 and old is not None:
            parent = parents.pop()
            parts = []
            for alias, path, new, pattern in names:
                leaf = new.rpartition(".")[2]
                local = alias.asname or alias.name
                parts.append(leaf if leaf == local else "%s as %s" % (leaf, local))
            text = "from %s import %s" % ("tensorflow" + ("." + parent if parent else ""), ", ".join(parts))
            edit = ("stmt",) + self.pos(node) + (old, text)
        for i, (alias, path, new, pattern) in enumerate(changed):
            self._path_finding(node, pattern, path, new, edit if i == 0 else None,
                               None if i == 0 or edit is not None else
                               "its names now come from different modules: split the import",
                               locals_=[a.asname or a.name for a, _, _, _ in names])

    # expressions ------------------------------------------------------------------------------
    def visit_Attribute(self, node):
        if id(node) in self._chains:
            self.generic_visit(node)
            return
        method = self.cat.methods.get(node.attr)
        path = self.resolve(node)
        if path is None and method is not None:
            line, col = self.pos(node)
            self.add(node, "." + method.found, "." + method.write, method.rule, "method",
                     edit=("attr", line, col, method.found, method.write))
        if path is not None:
            self._mark_chain(node)
            self._chain_finding(node, path)
        self.generic_visit(node)

    # assignments: `mp = tf.keras.mixed_precision.experimental`, `ds = tf.data.Dataset.range(3)` --------
    def visit_Assign(self, node):
        before = len(self._roots)
        self.generic_visit(node)
        if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            return
        name = node.targets[0].id
        path = self.resolve(node.value)
        if path is not None:
            self.aliases[name] = path
            self.after[name] = self.cat.translate(path)[0]
            self.assigned.add(name)
            for finding, locals_, _ in self._roots[before:]:  # its rewrite re-points the name
                locals_.add(name)
        elif name in self.assigned:
            self.aliases.pop(name, None)
            self.after.pop(name, None)
        if self._is_dataset(node.value):
            self.datasets.add(name)
        else:
            self.datasets.discard(name)
        if self._is_symbolic(node.value):
            self.symbolic.add(name)
        else:
            self.symbolic.discard(name)

    def visit_FunctionDef(self, node):
        """Symbolic tensors are followed within one function (its parameters shadow the rest)."""
        outer, self.symbolic = self.symbolic, set()
        try:
            self.generic_visit(node)
        finally:
            self.symbolic = outer

    visit_AsyncFunctionDef = visit_Lambda = visit_FunctionDef

    # calls ------------------------------------------------------------------------------------
    def visit_Call(self, node):
        func = node.func
        path = self.resolve(func)
        if path is not None:
            self._path_call(node, path)
            self._tf_op_on_symbolic(node, path)
        elif isinstance(func, ast.Attribute):
            for pattern in self.cat.method_calls.get(func.attr, ()):
                self._method_call(node, pattern)
            self._star_minimize(node)
        self._dynamic(node, path)
        if isinstance(func, ast.Attribute) and func.attr in ("disable_v2_behavior", "disable_eager_execution"):
            self.disables_v2 = True
        self.generic_visit(node)

    # the end of a file ------------------------------------------------------------------------
    def finish(self):
        if self.need_import and any(f.status == FIX and f.edit for f in self.findings):
            line = self.tf_import_line
            self.findings.append(Finding(self.filename, line + 1, 1, "(a rewrite below spells tf.<name>)",
                                         "import tensorflow as tf", None, None, "add-line", FIX,
                                         "the file has no name for TensorFlow itself",
                                         ("insert", line, "import tensorflow as tf")))
        held_funcs = set(func for func, _, _ in self._held)
        held_roots = {}
        for func, root, line in self._held:
            if self.aliases.get(root) not in (None, ""):  # through an alias an import rewrite re-points
                held_roots.setdefault(root, line)
        for finding, locals_, node_id in self._roots:
            if finding is None or finding.status != FIX:
                continue
            lines = [held_roots[name] for name in locals_ if name in held_roots]
            if node_id in held_funcs:
                finding.status, finding.edit = HUMAN, None
                finding.reason = "its call needs a human first (the finding on the same line)"
            elif lines:
                finding.status, finding.edit = HUMAN, None
                finding.reason = "a call through the same name needs a human first (line %d)" % min(lines)
        for finding in self.findings:  # the calls' own translations assume the new spelling
            edit = finding.edit
            if finding.status == FIX and finding.kind == "adapter" and edit and edit[0] == "call":
                root = edit[3].split(".")[0].strip("( ")
                if root in held_roots:
                    finding.status, finding.edit = HUMAN, None
                    finding.reason = "a call through the same name needs a human first (line %d)" % held_roots[root]
        if self.graph_mode and not self.disables_v2 and self.tf_import_line is not None:
            spelled = self.spell("compat.v1.disable_v2_behavior")
            if spelled is not None:
                line = self.tf_import_line
                text = "%s()" % spelled
                self.findings.append(Finding(self.filename, line + 1, 1, "(a TF1 graph program)", text, "2.0",
                                             "compat.v1", "add-line", FIX,
                                             "placeholders and sessions need graph mode",
                                             ("insert", line, text)))


def sys_version_below_39():
    import sys
    return sys.version_info < (3, 9)


def scan(source, filename, catalogue):
    """The findings of one source text (str or UTF-8 bytes)."""
    tree = ast.parse(source, filename)
    scanner = Scanner(filename, source, catalogue)
    scanner.visit(tree)
    scanner.finish()
    scanner.findings.sort(key=lambda f: (f.line, f.col))
    return scanner.findings
