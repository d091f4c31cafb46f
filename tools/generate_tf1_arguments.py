"""Write tfpatch/adapters/tf1_tables.py from TensorFlow's own tf_upgrade_v2 tables.

    python tools/generate_tf1_arguments.py SOURCE_DIR           # write the module
    python tools/generate_tf1_arguments.py SOURCE_DIR --check   # exit 1 if it is out of date

SOURCE_DIR holds TensorFlow's ``tf_upgrade_v2.py`` and ``reorders_v2.py``: a TensorFlow
checkout's ``tensorflow/tools/compatibility`` (github.com/tensorflow/tensorflow), or the same
directory of an installed ``tensorflow`` package, e.g.
``$(python tools/tfenvs.py path tf2.21 | xargs dirname | xargs dirname)/lib/python3.11/site-packages/tensorflow/tools/compatibility``.
Nothing is imported from it (TensorFlow is not needed): the two tables are read from the
source with ``ast``:

* ``TFAPIChangeSpec.function_keyword_renames`` in ``tf_upgrade_v2.py``: for a TF 1 function,
  ``{old keyword: TF 2 keyword, or None where TF 2 dropped the argument}``;
* ``reorders`` in ``reorders_v2.py``: the TF 1 positional order of the functions whose order
  changed in TF 2 (``None``: a leading argument the upgrade script leaves as it is).

The tables are written as they are (the ``tf.`` prefix dropped; ``*.minimize`` stands for the
optimizer method of that name; ``contrib.`` rows are kept, for the coverage figure).
"""
import argparse
import ast
import hashlib
import os
import pprint
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "tfpatch", "adapters", "tf1_tables.py")


def keyword_renames(source):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Attribute) and \
                node.targets[0].attr == "function_keyword_renames" and \
                isinstance(node.value, ast.Dict) and node.value.keys:
            return ast.literal_eval(node.value)
    raise SystemExit("no function_keyword_renames table found")


def reorders(source):
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "reorders":
            return ast.literal_eval(node.value)
    raise SystemExit("no reorders table found")


def strip(name):
    return name[3:] if name.startswith("tf.") else name


def render(source_dir):
    files = {}
    for name in ("tf_upgrade_v2.py", "reorders_v2.py"):
        with open(os.path.join(source_dir, name), "rb") as f:
            files[name] = f.read()
    renames = {strip(k): dict(v) for k, v in keyword_renames(files["tf_upgrade_v2.py"].decode("utf-8")).items()}
    orders = {strip(k): tuple(v) for k, v in reorders(files["reorders_v2.py"].decode("utf-8")).items()}
    digests = "\n".join("  %s  sha256 %s" % (n, hashlib.sha256(b).hexdigest()) for n, b in sorted(files.items()))
    return '''"""TensorFlow's own tables of the TF 1 -> TF 2 argument changes (generated, do not edit).

Copied from tensorflow/tools/compatibility (github.com/tensorflow/tensorflow, Apache License
2.0), the tables of its tf_upgrade_v2 script, from these files:
%s
Regenerate with ``python tools/generate_tf1_arguments.py <that directory>`` (a TensorFlow
checkout's, or an installed tensorflow package's).  Names are relative to ``tf``.

KEYWORD_RENAMES: ``TFAPIChangeSpec.function_keyword_renames``: for a TF 1 function, ``{TF 1
keyword: TF 2 keyword}`` (``None``: TF 2 dropped the argument).
REORDERS: ``reorders_v2.reorders``: the TF 1 positional order of the functions whose order
changed (``None``: an argument in the same place in TF 2).
"""

KEYWORD_RENAMES = %s

REORDERS = %s
''' % (digests, pprint.pformat(renames, width=110), pprint.pformat(orders, width=110))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render(args.source_dir)
    if args.check:
        with open(OUTPUT) as f:
            same = f.read() == text
        print("%s is %s" % (os.path.relpath(OUTPUT, ROOT), "up to date" if same else "out of date"))
        return 0 if same else 1
    with open(OUTPUT, "w") as f:
        f.write(text)
    print("wrote %s" % os.path.relpath(OUTPUT, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
