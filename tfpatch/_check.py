"""``tfpatch check``: the catalogue, applied statically to source, with no TensorFlow.

It follows how a file names TensorFlow (``import tensorflow as tf``, ``from
tensorflow.keras import layers``, ``from tensorflow.keras.mixed_precision
import experimental as mp``) and reports every spelling the target release
lacks, with the one to write for it.  Method renames are matched on the
attribute name alone (the receiver's type is not known statically); generic
names such as ``run`` are only reported where the runtime would see them.
"""
import ast
import json
import os

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "env", "site-packages",
             "node_modules", ".tox", ".nox", "build", "dist"}


class Spelling(object):
    """One spelling of a rule that ``target`` lacks, and what to write instead."""

    __slots__ = ("rule", "found", "write", "since", "method")

    def __init__(self, rule, found, write, since, method=False):
        self.rule, self.found, self.write, self.since, self.method = rule, found, write, since, method


def missing_spellings(catalogue, target):
    """``({tf path: Spelling}, {method name: Spelling})`` missing on ``target``."""
    paths, methods = {}, {}
    for rule in catalogue:
        if rule.blocked:
            continue
        for found, write, since, is_method in rule.static_spellings(target):
            (methods if is_method else paths)[found] = Spelling(rule, found, write, since, is_method)
    return paths, methods


class Finding(object):
    __slots__ = ("file", "line", "col", "found", "write", "since", "rule")

    def __init__(self, file, line, col, found, write, since, rule):
        self.file, self.line, self.col = file, line, col
        self.found, self.write, self.since, self.rule = found, write, since, rule

    def as_dict(self):
        return {k: getattr(self, k) for k in self.__slots__}

    def __str__(self):
        return "%s:%d:%d: %s -> %s (since %s)" % (self.file, self.line, self.col, self.found, self.write,
                                                 self.since)


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


class _Scanner(ast.NodeVisitor):
    def __init__(self, filename, paths, methods):
        self.filename, self.paths, self.methods = filename, paths, methods
        self.aliases = {}  # local name -> tf path
        self.findings = []

    def _report(self, node, spelling, prefix="tf."):
        if spelling.method:
            found, write = "." + spelling.found, "." + spelling.write
        else:
            found, write = prefix + spelling.found, prefix + spelling.write
        self.findings.append(Finding(self.filename, node.lineno, node.col_offset + 1, found, write,
                                     spelling.since, spelling.rule.id))

    def _check_path(self, node, path):
        spelling = self.paths.get(path)
        if spelling is not None:
            self._report(node, spelling)

    def visit_Import(self, node):
        for alias in node.names:
            path = _tf_path(alias.name)
            if path is None:
                continue
            if alias.asname:
                self.aliases[alias.asname] = path
            else:
                self.aliases[alias.name.split(".")[0]] = ""
            parts = path.split(".") if path else []
            for i in range(1, len(parts) + 1):
                self._check_path(node, ".".join(parts[:i]))

    def visit_ImportFrom(self, node):
        if node.level or not node.module:
            return
        base = _tf_path(node.module)
        if base is None:
            return
        parts = base.split(".") if base else []
        for i in range(1, len(parts) + 1):
            self._check_path(node, ".".join(parts[:i]))
        for alias in node.names:
            if alias.name == "*":
                continue
            path = _join(base, alias.name)
            self.aliases[alias.asname or alias.name] = path
            self._check_path(node, path)

    def visit_Attribute(self, node):
        spelling = self.methods.get(node.attr)
        if spelling is not None:
            self._report(node, spelling)
        chain = []
        inner = node
        while isinstance(inner, ast.Attribute):
            chain.append(inner.attr)
            inner = inner.value
        if isinstance(inner, ast.Name) and inner.id in self.aliases:
            path = self.aliases[inner.id]
            for attr in reversed(chain):
                path = _join(path, attr)
            if spelling is None:
                self._check_path(node, path)
        self.generic_visit(node)


def _notebook_cells(path):
    with open(path) as f:
        notebook = json.load(f)
    for number, cell in enumerate(notebook.get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        # IPython magics and shell escapes are not Python: blank them, keep line numbers.
        lines = ["" if line.lstrip().startswith(("%", "!", "?")) else line for line in source.split("\n")]
        yield number, "\n".join(lines)


def scan_source(source, filename, paths, methods):
    scanner = _Scanner(filename, paths, methods)
    scanner.visit(ast.parse(source, filename))
    return scanner.findings


def iter_files(targets):
    for target in targets:
        if os.path.isdir(target):
            for root, dirs, files in os.walk(target):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if name.endswith((".py", ".ipynb")):
                        yield os.path.join(root, name)
        else:
            yield target


def check(targets, target_release, catalogue):
    """``(findings, problems)`` for the files under ``targets``."""
    paths, methods = missing_spellings(catalogue, target_release)
    findings, problems = [], []
    for path in iter_files(targets):
        try:
            if path.endswith(".ipynb"):
                for number, source in _notebook_cells(path):
                    findings.extend(scan_source(source, "%s:cell%d" % (path, number), paths, methods))
            else:
                with open(path, "rb") as f:
                    source = f.read()
                findings.extend(scan_source(source, path, paths, methods))
        except SyntaxError as exc:
            problems.append("%s: not checked, it does not parse (%s, line %s)" % (path, exc.msg, exc.lineno))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            problems.append("%s: not checked (%s)" % (path, exc))
    findings.sort(key=lambda f: (f.file, f.line, f.col, f.found))
    return findings, problems
