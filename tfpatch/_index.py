"""The rules of one activation, indexed the way the engine looks them up.

Each row tells the index what it serves (``rule.index(ix)``): the index never
asks a row what kind it is.  Made once when TensorFlow starts to import; the
per-name tables are made at the first missing name, not before.

The default activation (no rule disabled, not v1 mode) does not read the
catalogue at that moment: ``rules/_plan.py``, written by
``tools/generate_plan.py``, holds what the index computes from it (the paths to
hook, the import names to watch, the rows of the renamed methods, the
namespaces, the fallback and the adapters, and the names each namespace serves).
The catalogue is read at the first use of a name a row serves, when the per-name
tables are made: a probe of a name no row serves is answered from the plan.  A
plan whose sources changed
since it was written (``SOURCES``: their sizes) is not used: the index is made
from the catalogue, as it is in the other activations.
"""
import os

from . import _log
from ._namespaces import FallbackScope, KERAS_ROOTS, watched_names, watched_parents
from ._server import Alias

_NO_NAMES = {}
_HERE = os.path.dirname(os.path.abspath(__file__))


def catalogue_rules(disabled=()):
    """The rows an activation applies: the catalogue's, less the blocked and ``disabled`` ones."""
    from .rules import CATALOGUE
    return [rule for rule in CATALOGUE if not rule.blocked and not (disabled and rule.id in disabled)]


def for_activation(disabled, v1):
    """The index of an activation: from the plan when it applies and is current, else
    from the catalogue (a plan that cannot be read is said once, in the log)."""
    if not disabled and not v1:
        try:
            from .rules import _plan
            if plan_is_current(_plan):
                return RuleIndex.from_plan(_plan)
            _log.log("debug", "tfpatch/rules/_plan.py is out of date (a source of it changed): the catalogue "
                     "is read instead; python tools/generate_plan.py writes it again")
        except Exception as exc:
            _log.log("warning", "the activation plan could not be read (%r); the catalogue is read instead", exc)
    from .rules.tf1 import EXPLAINED_IN
    return RuleIndex(catalogue_rules(disabled), v1, EXPLAINED_IN)


def plan_is_current(plan):
    """Whether every source the plan was made from has the size it had then."""
    stat, sep = os.stat, os.sep
    try:
        return all(stat(_HERE + sep + name.replace("/", sep)).st_size == size
                   for name, size in plan.SOURCES.items())
    except OSError:
        return False


class RuleIndex(object):
    """``paths``: the namespace paths some rule serves a name in; ``methods``: class
    path -> Method rows; ``namespaces``: path -> the entry of a served namespace;
    ``fallback_rule`` and ``scope``: the TF1 fallback and where it applies;
    ``adapters``: adapter name -> Adapter rows; ``watched``: import name -> the
    ``tf``-relative path of every module the hooks must see load (``explained``: more
    namespace paths to hook, whose missing names gain a line of explanation), and
    ``watched_parents`` the packages holding them (``_namespaces.watched_parents``);
    ``rules``: the rows (``rule_count`` of them); ``planned``: made from the plan, which
    keeps in ``adapter_data`` what an adapter would compute from its own tables."""

    planned = False

    def __init__(self, rules, v1=False, explained=()):
        self._rules = tuple(rules)
        self.rule_count = len(self._rules)
        self._start(v1)
        for rule in self._rules:
            rule.index(self)
        # Namespaces where no row serves a name but a missing one is explained (``explained``:
        # rules/tf1.py EXPLAINED_IN): hooked all the same, so the AttributeError gains its line.
        self.paths.update(explained)
        self.scope = FallbackScope(self.fallback_rule.depth, v1) if self.fallback_rule is not None else None
        watched = set(self.paths)
        if self.scope is not None:
            watched.update(self.scope.extra)
        watched.update(owner.rpartition(".")[0] for owner in self.methods)
        # Fresh copies of an adapter's module (`from tensorflow.keras.optimizers.legacy import
        # Adam` on 2.16+) are seen loading, so the adapter reaches them too.
        watched.update(rules[0].target for rules in self.adapters.values())
        self.watched = watched_names(watched)
        self.keras_roots = [name for name, path in self.watched.items() if path == "keras"]
        if self.fallback_rule is not None:
            self.watched.setdefault("tensorflow.contrib", "contrib")  # to explain its absence
        self.watched_parents = watched_parents(self.watched)
        self.path_tree = _tree(self.paths)
        self.adapter_targets = {}
        for name, rules in self.adapters.items():
            self.adapter_targets.setdefault(rules[0].target, []).append(name)

    @classmethod
    def from_plan(cls, plan):
        """The index of the default activation as ``plan`` (``rules/_plan.py``) has it: its
        rows that do more than serve names are indexed, the rest is read as it was
        computed; the catalogue is read when the per-name tables are made."""
        from .rules import _kinds
        self = cls.__new__(cls)
        self._rules, self.planned = None, True
        self.rule_count = plan.RULE_COUNT
        self._start(False)
        self._plan_names = plan.NAMES
        for kind, fields in plan.ROWS:
            tuple.__new__(getattr(_kinds, kind), fields).index(self)
        self.paths = set(plan.PATHS)
        self.scope = FallbackScope(self.fallback_rule.depth, False) if self.fallback_rule is not None else None
        self.watched = dict(plan.WATCHED)
        self.watched_parents = plan.WATCHED_PARENTS
        self.keras_roots = list(plan.KERAS_ROOTS)
        self.path_tree = plan.PATH_TREE
        self.adapter_targets = {path: list(names) for path, names in plan.ADAPTER_TARGETS.items()}
        self.adapter_data = plan.ADAPTER_DATA
        return self

    def _start(self, v1):
        self.v1 = v1
        self.paths = set()
        self.methods = {}
        self.namespaces = {}
        self.fallback_rule = None
        self.adapters = {}
        self.adapter_data = {}    # adapter name -> what the plan computed for it
        self._names = []          # (spelling, entry) for the lookup tables
        self._lookups = None
        self._plan_names = None   # an index from the plan: path -> the names served there

    @property
    def rules(self):
        if self._rules is None:  # an index from the plan
            self._rules = tuple(catalogue_rules())
        return self._rules

    # --- what the rows call (see rules/_kinds.py) --------------------------------------
    def serve(self, spelling, rule, other):
        """``tf.<spelling>`` is served, where missing, as ``tf.<other>``."""
        self.paths.add(spelling.rpartition(".")[0])
        self._names.append((spelling, rule, other))  # entries are made with the tables

    def serve_namespace(self, rule):
        """``tf.<rule.path>`` is served, where missing, as a module of its own."""
        entry = self.namespaces[rule.path] = Alias(rule, rule.path, rule.moved_to)
        self.paths.add(rule.path.rpartition(".")[0])
        self.paths.add(rule.path)  # its own names are served inside it
        self._names.append((rule.path, entry, None))

    def rename_method(self, rule):
        self.methods.setdefault(rule.owner, []).append(rule)

    def fallback(self, rule):
        self.fallback_rule = rule

    def adapter(self, rule):
        self.adapters.setdefault(rule.adapter, []).append(rule)

    # --- lookups -----------------------------------------------------------------------
    @property
    def lookups(self):
        """``{namespace path: {name: (entry, ...)}}``: made the first time a missing
        name is looked up, not at activation: most runs look up few."""
        if self._lookups is None:
            if self.planned:  # the names of every row, in order (the plan has the other calls)
                names = _Names(self.namespaces)
                for rule in self.rules:
                    rule.index(names)
                self._names = names.names
            lookups = {}
            for spelling, entry, other in self._names:
                if other is not None:
                    entry = Alias(entry, spelling, other)
                parent, _, leaf = spelling.rpartition(".")
                names = lookups.setdefault(parent, {})
                names[leaf] = names.get(leaf, ()) + (entry,)
            self._lookups = lookups
        return self._lookups

    def hook_table(self, paths):
        """``table(paths)`` for a module's hook.  Before the catalogue is read (an index from
        the plan), a table that answers from the plan for the names no row serves in
        ``paths`` (TensorFlow's and Keras's probes, ``hasattr``), and reads the catalogue at
        the first name one serves."""
        if self._lookups is None and self._plan_names is not None:
            return _Unread(self, paths)
        return self.table(paths)

    def table(self, paths):
        """The names a hook serving ``paths`` (a tuple) serves: ``{name: (entry, ...)}``."""
        if len(paths) == 1:
            return self.lookups.get(paths[0], _NO_NAMES)
        table = {}
        for p in paths:
            for name, entries in self.lookups.get(p, _NO_NAMES).items():
                table[name] = table.get(name, ()) + entries
        return table


class _Unread(object):
    """A hook's table while the catalogue is unread: ``get`` as the table's."""

    __slots__ = ("index", "paths", "names", "table")

    def __init__(self, index, paths):
        self.index, self.paths, self.table = index, paths, None
        plan_names = index._plan_names
        self.names = frozenset(" ".join(plan_names.get(p, "") for p in paths).split())

    def get(self, name, default=None):
        if name not in self.names:
            return default
        if self.table is None:
            self.index.lookups  # reads the catalogue
            self.table = self.index.table(self.paths)
        return self.table.get(name, default)


class _Names(object):
    """What an index from the plan asks of the rows to make its per-name tables: the
    names each serves, the namespaces' entries being those made from the plan."""

    v1 = False

    def __init__(self, namespaces):
        self.namespaces, self.names = namespaces, []

    def serve(self, spelling, rule, other):
        self.names.append((spelling, rule, other))

    def serve_namespace(self, rule):
        self.names.append((rule.path, self.namespaces[rule.path], None))

    def rename_method(self, rule):
        pass

    fallback = adapter = rename_method


def _tree(paths):
    """``{part: [path or None, {part: ...}]}``; the key None is True when "" (``tf``) is a path."""
    tree = {None: "" in paths}
    for path in paths:
        node = tree
        parts = path.split(".") if path else []
        for i, part in enumerate(parts):
            here = node.setdefault(part, [None, {}])
            if i == len(parts) - 1:
                here[0] = path
            node = here[1]
    return tree


__all__ = ["RuleIndex", "KERAS_ROOTS"]
