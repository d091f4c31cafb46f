"""Write tfpatch/rules/_plan.py: what the default activation needs of the catalogue.

    python tools/generate_plan.py           # write the module
    python tools/generate_plan.py --check   # exit 1 if it is out of date

When TensorFlow starts to import, tfpatch needs the index of its rules (the paths to hook,
the import names to watch, the rows of the renamed methods, the namespaces, the fallback
and the adapters; ``tfpatch/_index.py``).  Made from the catalogue, that means reading its
area modules and indexing every row inside ``import tensorflow``; the plan is that index,
computed here once, for the default activation (no rule disabled, not v1 mode), with
what an adapter would compute from its own tables at that moment (``ADAPTER_DATA``).  It names
the sizes of the files it was made from: when one of them changes (a row added), tfpatch
makes the index from the catalogue until the plan is written again, and the fast tests fail
until it is.  Run it after ``tools/generate_rules.py``.
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "tfpatch")
OUTPUT = os.path.join(PACKAGE, "rules", "_plan.py")
#: The files the plan is made from (relative to tfpatch/): the rows and how they are indexed.
SOURCES = ("_index.py", "_namespaces.py", "rules/__init__.py", "rules/_kinds.py", "rules/data.py",
           "rules/distribute.py", "rules/generated.py", "rules/keras.py", "rules/oldrel.py", "rules/tf1.py",
           "adapters/tf1_arguments.py", "adapters/tf1_tables.py")


class _Recorder(object):
    """Which of a row's index calls it makes: a row that does more than serve names is
    indexed again from the plan."""

    v1 = False

    def __init__(self):
        self.calls = set()

    def __getattr__(self, name):
        def record(*args):
            self.calls.add(name)
        return record


def plan_rows(rules):
    """``[(kind, fields)]``: the rows whose ``index`` does more than ``serve``, in order."""
    rows = []
    for rule in rules:
        recorder = _Recorder()
        rule.index(recorder)
        if recorder.calls - {"serve"}:
            rows.append((type(rule).__name__, tuple(rule)))
    return rows


def _dict(d, indent="    "):
    """A dict literal, one item per line, in the order given."""
    if not d:
        return "{}"
    return "{\n%s}" % "".join("%s%r: %r,\n" % (indent, k, v) for k, v in d.items())


def _tree(node, indent="    "):
    inner = indent + "    "
    items = ["%s%r: %r,\n" % (inner, None, node[None])] if None in node else []
    for part in sorted(k for k in node if k is not None):
        path, children = node[part]
        items.append("%s%r: [%r, %s],\n" % (inner, part, path, _tree(children, inner)))
    return "{\n%s%s}" % ("".join(items), indent) if items else "{}"


def render():
    sys.path.insert(0, ROOT)
    from tfpatch._index import RuleIndex, catalogue_rules
    from tfpatch.rules.tf1 import EXPLAINED_IN
    from tfpatch.adapters.tf1_arguments import keyword_index
    rules = catalogue_rules()
    index = RuleIndex(rules, False, EXPLAINED_IN)
    sizes = {name: os.path.getsize(os.path.join(PACKAGE, *name.split("/"))) for name in SOURCES}
    return '''"""What the default activation needs of the catalogue (generated, do not edit).

Written by ``python tools/generate_plan.py`` from the files in ``SOURCES`` (their sizes):
the index ``tfpatch/_index.py`` makes of the catalogue with no rule disabled, outside v1
mode.  ``ROWS``: the rows whose indexing does more than serve names, as (kind, fields);
``NAMES``: the names served in each namespace path, separated by spaces;
``ADAPTER_DATA``: what an adapter computes from its own tables (the TF 1 argument adapter's
``keyword_index()``).
"""

SOURCES = %s

RULE_COUNT = %d

ROWS = (
%s)

PATHS = (
%s)

WATCHED = %s

WATCHED_PARENTS = %s

KERAS_ROOTS = %r

ADAPTER_TARGETS = %s

NAMES = %s

PATH_TREE = %s

ADAPTER_DATA = {
    "tf1_arguments": %s,
}
''' % (_dict(sizes), len(rules),
       "".join("    %r,\n" % (row,) for row in plan_rows(rules)),
       "".join("    %r,\n" % (path,) for path in sorted(index.paths)),
       _dict(dict(sorted(index.watched.items()))),
       _dict(index.watched_parents),
       tuple(index.keras_roots),
       _dict(dict(sorted((path, tuple(names)) for path, names in index.adapter_targets.items()))),
       _dict(dict(sorted((path, " ".join(sorted(names))) for path, names in index.lookups.items()))),
       _tree(index.path_tree, ""),
       _dict(keyword_index(), "        ")[:-1] + "    }")


def check():
    """``[problem]``: empty when the plan is what the catalogue gives."""
    try:
        with open(OUTPUT) as f:
            if f.read() == render():
                return []
    except FileNotFoundError:
        return ["%s is missing: run python tools/generate_plan.py" % os.path.relpath(OUTPUT, ROOT)]
    return ["%s is out of date: run python tools/generate_plan.py" % os.path.relpath(OUTPUT, ROOT)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the plan is out of date")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or "%s is up to date" % os.path.relpath(OUTPUT, ROOT))
        return 1 if problems else 0
    text = render()
    with open(OUTPUT, "w") as f:
        f.write(text)
    print("wrote %s" % os.path.relpath(OUTPUT, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
