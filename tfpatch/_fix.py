"""``tfpatch fix``: rewrite sources to the spellings and calls of a target release.

The sites are ``tfpatch check``'s findings (``_static``), each carrying its
edit; LibCST (the ``fix`` extra) applies them to the concrete syntax tree, so
everything else in the file stays byte for byte as it was: comments,
formatting, quotes, line endings.  A finding without an edit (a fixed loss
scale Keras 3 cannot express, a removed API) is listed with its reason and
left as it is.  A file that does not parse, is not UTF-8, or changed since it
was read is left untouched with one message; ``--write`` replaces each file
atomically.  Fixing a fixed file changes nothing.
"""
import difflib
import json
import os
import sys
import tempfile

from . import _check
from ._static import FIX, scan

MIN_PYTHON = (3, 9)


class FixUnavailable(Exception):
    """LibCST is missing, or this Python is too old for it."""


def require_libcst():
    if sys.version_info < MIN_PYTHON:
        raise FixUnavailable("tfpatch fix needs Python %d.%d or newer (it rewrites with LibCST); this is "
                             "Python %d.%d. `tfpatch check` works here and lists the same sites."
                             % (MIN_PYTHON + sys.version_info[:2]))
    try:
        import libcst  # noqa: F401
    except ImportError:
        raise FixUnavailable('tfpatch fix needs LibCST: pip install "tfpatch[fix]" (or pip install libcst)')


def _code(node):
    import libcst as cst
    if isinstance(getattr(node, "lpar", None), (list, tuple)) and node.lpar:
        node = node.with_changes(lpar=[], rpar=[])
    return cst.Module(body=[]).code_for_node(node)


def _same(a, b):
    return "".join(a.split()) == "".join(b.split())


def _make_transformer():
    import libcst as cst
    from libcst.metadata import PositionProvider

    def comma():
        return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))

    def new_arg(keyword, text):
        value = cst.parse_expression(text)
        if keyword is None:
            return cst.Arg(value=value)
        return cst.Arg(value=value, keyword=cst.Name(keyword),
                       equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                             whitespace_after=cst.SimpleWhitespace("")))

    def apply_ops(call, ops):
        args = list(call.args)
        last_comma = args[-1].comma if args else cst.MaybeSentinel.DEFAULT
        func = call.func
        order = {"drop": 0, "drop_positional": 0, "set_positional": 1, "set": 1, "rename": 2, "to_keywords": 2,
                 "append": 3,
                 "method": 4, "func": 4}
        for op in sorted(ops, key=lambda o: order.get(o[0], 5)):
            name = op[0]
            if name == "replace":
                return cst.parse_expression(op[1])
            if name == "drop":
                args = [a for a in args if not (a.keyword is not None and a.keyword.value == op[1])]
            elif name == "drop_positional":
                positional = [i for i, a in enumerate(args) if a.keyword is None and not a.star]
                if op[1] < len(positional):
                    del args[positional[op[1]]]
            elif name == "rename":
                args = [a.with_changes(keyword=cst.Name(op[2])) if a.keyword is not None and
                        a.keyword.value == op[1] else a for a in args]
            elif name == "to_keywords":
                names, start = op[1], op[2]
                positional = [i for i, a in enumerate(args) if a.keyword is None and not a.star]
                for offset, keyword in enumerate(names):
                    if start + offset < len(positional):
                        i = positional[start + offset]
                        args[i] = args[i].with_changes(
                            keyword=cst.Name(keyword),
                            equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                  whitespace_after=cst.SimpleWhitespace("")))
            elif name == "set":
                for i, a in enumerate(args):
                    if a.keyword is not None and a.keyword.value == op[1]:
                        args[i] = a.with_changes(value=cst.parse_expression(op[2]))
                        break
                else:
                    args.append(new_arg(op[1], op[2]))
            elif name == "set_positional":
                positional = [i for i, a in enumerate(args) if a.keyword is None and not a.star]
                if op[1] < len(positional):
                    i = positional[op[1]]
                    args[i] = args[i].with_changes(value=cst.parse_expression(op[2]))
            elif name == "append":
                positional = [i for i, a in enumerate(args) if a.keyword is None and not a.star]
                at = positional[-1] + 1 if positional else 0
                args.insert(at, new_arg(None, op[1]))
            elif name == "method":
                func = func.with_changes(attr=cst.Name(op[1]))
            elif name == "func":
                func = cst.parse_expression(op[1])
        fixed = []
        for i, a in enumerate(args):
            if i < len(args) - 1:
                if isinstance(a.comma, cst.MaybeSentinel):
                    a = a.with_changes(comma=comma())
            else:
                a = a.with_changes(comma=last_comma)
            fixed.append(a)
        return call.with_changes(func=func, args=fixed)

    class Apply(cst.CSTTransformer):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def __init__(self, findings):
            super().__init__()
            self.expr, self.attr, self.call, self.stmt, self.insert = {}, {}, {}, {}, {}
            self.applied = set()
            for index, finding in enumerate(findings):
                edit = finding.edit
                kind = edit[0]
                if kind == "expr":
                    self.expr[(edit[1], edit[2])] = (edit[3], edit[4], index)
                elif kind == "attr":
                    self.attr.setdefault((edit[1], edit[2], edit[3]), (edit[4], index))
                elif kind == "call":
                    self.call.setdefault((edit[1], edit[2]), []).append((edit[3], edit[4], index))
                elif kind == "stmt":
                    self.stmt[(edit[1], edit[2])] = (edit[3], edit[4], index)
                elif kind == "insert":
                    self.insert.setdefault(edit[1], []).append((edit[2], index))

        def _start(self, node):
            pos = self.get_metadata(PositionProvider, node).start
            return pos.line, pos.column

        def leave_Attribute(self, original, updated):
            key = self._start(original)
            found = self.expr.get(key)
            if found is not None and _same(_code(original), found[0]):
                self.applied.add(found[2])
                return cst.parse_expression(found[1]).with_changes(lpar=updated.lpar, rpar=updated.rpar)
            attr = self.attr.get(key + (original.attr.value,))
            if attr is not None:
                self.applied.add(attr[1])
                return updated.with_changes(attr=cst.Name(attr[0]))
            return updated

        def leave_Call(self, original, updated):
            key = self._start(original.func)
            edits = self.call.get(key)
            if not edits:
                return updated
            text = _code(original.func)
            ops = []
            for func_text, call_ops, index in edits:
                if _same(text, func_text):
                    ops.extend(call_ops)
                    self.applied.add(index)
            if not ops:
                return updated
            result = apply_ops(updated, ops)
            if isinstance(result, cst.Call) or not hasattr(updated, "lpar"):
                return result
            return result.with_changes(lpar=updated.lpar, rpar=updated.rpar)

        def leave_SimpleStatementLine(self, original, updated):
            body = list(updated.body)
            changed = False
            for i, statement in enumerate(original.body):
                found = self.stmt.get(self._start(statement))
                if found is not None and _same(_code(statement), found[0]):
                    body[i] = cst.parse_statement(found[1]).body[0]
                    self.applied.add(found[2])
                    changed = True
            return updated.with_changes(body=body) if changed else updated

        def leave_Module(self, original, updated):
            if not self.insert:
                return updated
            body = list(updated.body)
            out = []
            for statement, new in zip(original.body, body):
                out.append(new)
                where = self.get_metadata(PositionProvider, statement)
                for line in sorted(self.insert):
                    if where.start.line <= line <= where.end.line:
                        for text, index in self.insert.pop(line):
                            out.append(cst.parse_statement(text + updated.default_newline))
                            self.applied.add(index)
            return updated.with_changes(body=out)

    return Apply


def fix_source(source, findings):
    """``(new source, applied findings, findings not applied)``: the FIX findings' edits,
    applied with LibCST.  ``source`` is text; the result keeps everything else."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper
    todo = [f for f in findings if f.status == FIX and f.edit is not None]
    if not todo:
        return source, [], []
    bom = source.startswith("\ufeff")
    module = cst.parse_module(source[1:] if bom else source)
    transformer = _make_transformer()(todo)
    new = MetadataWrapper(module).visit(transformer).code
    if bom:
        new = "\ufeff" + new
    applied = [f for i, f in enumerate(todo) if i in transformer.applied]
    missed = [f for i, f in enumerate(todo) if i not in transformer.applied]
    import ast
    ast.parse(new.lstrip("\ufeff"))  # a rewrite that does not parse is a bug: never written
    return new, applied, missed


class FileResult(object):
    def __init__(self, path):
        self.path = path
        self.findings = []     # every finding of the file
        self.applied = []
        self.missed = []       # FIX findings whose edit could not be applied
        self.problem = None    # why the file was left untouched
        self.old = self.new = None
        self.written = False
        self.report_notes = []

    @property
    def changed(self):
        return self.new is not None and self.new != self.old

    def diff(self):
        if not self.changed:
            return ""
        if self.path.endswith(".ipynb"):
            old, new = self.old_text, self.new_text
        else:
            old, new = self.old, self.new
        return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                            "a/" + self.path.lstrip("/"), "b/" + self.path.lstrip("/")))


def _nb_style(raw, notebook):
    """``json.dumps`` keywords that reproduce the notebook's bytes, or None."""
    text = raw.decode("utf-8")
    tail = text[len(text.rstrip("\n")):]
    for indent in (1, 2, 4, None, 0, 3):
        for sort_keys in (True, False):
            for ensure_ascii in (False, True):
                style = dict(indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
                if json.dumps(notebook, **style) + tail == text:
                    return style, tail
    return None, tail


def _uses_by_line(report_uses, path):
    """The runtime report's uses for ``path``: ``{line: [use]}``."""
    lines = {}
    real = os.path.realpath(path)
    for use in report_uses:
        name = use.get("file", "")
        if os.path.realpath(name) == real or (not os.path.isabs(name) and real.endswith(os.sep + name)):
            lines.setdefault(int(use["line"]), []).append(use)
    return lines


def _report_findings(source, filename, findings, uses):
    """Keep the findings at the report's lines; for a use the static pass did not see, an
    edit of the same name on that line, if the line still shows it; notes for the rest."""
    import ast
    from ._static import Finding
    kept = [f for f in findings if f.line in uses]
    notes = []
    tree = ast.parse(source)
    lines = source.splitlines(True)
    for line, line_uses in sorted(uses.items()):
        for use in line_uses:
            used_leaf = use["used"].rsplit(".", 1)[-1]
            installed_leaf = use["installed"].rsplit(".", 1)[-1]
            if any(f.line == line and (f.found.endswith(used_leaf) or used_leaf in f.found) for f in kept):
                continue
            if not used_leaf.isidentifier() or not installed_leaf.isidentifier():
                notes.append("%s:%d: %s: the runtime report's call is not one tfpatch fix can rewrite here"
                             % (filename, line, use["used"]))
                continue
            edit = None
            for node in ast.walk(tree):
                if getattr(node, "lineno", None) != line:
                    continue
                col = len(lines[line - 1].encode("utf-8")[:node.col_offset].decode("utf-8", "replace"))
                if isinstance(node, ast.Attribute) and node.attr == used_leaf:
                    edit = ("attr", line, col, used_leaf, installed_leaf)
                    break
            if edit is None:
                notes.append("%s:%d: the line no longer shows %s: left alone" % (filename, line, use["used"]))
                continue
            kept.append(Finding(filename, line, edit[2] + 1, use["used"], use["installed"], use.get("since"),
                                use.get("rule"), "report", FIX, "seen at run time", edit))
    return kept, notes


def fix_file(path, catalogue, write=False, report_uses=None):
    result = FileResult(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
        stat = os.stat(path)
    except OSError as exc:
        result.problem = "%s: left untouched: %s" % (path, exc.strerror)
        return result
    try:
        if path.endswith(".ipynb") and report_uses is not None:
            result.problem = ("%s: left untouched: a runtime report names the kernel's temporary files, "
                              "not a notebook's cells; fix it without --from-report" % path)
            return result
        if path.endswith(".ipynb"):
            _fix_notebook(result, raw, catalogue, report_uses)
        else:
            text = _check.read_source(raw, path)
            findings = scan(text.lstrip("\ufeff"), path, catalogue)
            notes = []
            if report_uses is not None:
                findings, notes = _report_findings(text.lstrip("\ufeff"), path, findings,
                                                   _uses_by_line(report_uses, path))
            result.findings = findings
            result.report_notes = notes
            result.old = text
            result.new, result.applied, result.missed = fix_source(text, findings)
            result.old_bytes, result.new_bytes = raw, result.new.encode("utf-8")
    except SyntaxError as exc:
        result.problem = "%s: left untouched: it does not parse (%s, line %s)" % (path, exc.msg, exc.lineno)
        return result
    except ValueError as exc:
        result.problem = "%s: left untouched: %s" % (path, exc)
        return result
    except Exception as exc:  # LibCST's own parser is stricter in places: never half-write
        result.problem = "%s: left untouched: %s: %s" % (path, type(exc).__name__, str(exc).splitlines()[0][:200])
        return result
    if write and result.changed:
        _write(result, path, raw, stat)
    return result


def _fix_notebook(result, raw, catalogue, report_uses):
    notebook = _check.read_notebook(result.path, raw)
    style, tail = _nb_style(raw, notebook)
    old_cells, new_cells = [], []
    changed = False
    for number, cell in enumerate(notebook.get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        name = "%s:cell%d" % (result.path, number)
        source = _check.cell_source(cell)
        masked = _check.mask_magics(source)
        try:
            findings = scan(masked, name, catalogue)
        except SyntaxError as exc:
            raise SyntaxError("%s (cell %d)" % (exc.msg, number), (name, exc.lineno, exc.offset, ""))
        result.findings.extend(findings)
        new, applied, missed = fix_source(masked, findings)
        result.applied += applied
        result.missed += missed
        new = _check.unmask_magics(new)
        old_cells.append("# %s\n%s\n" % (name, source))
        new_cells.append("# %s\n%s\n" % (name, new))
        if new != source:
            changed = True
            cell["source"] = new.splitlines(True) if isinstance(cell.get("source"), list) else new
    result.old_text, result.new_text = "".join(old_cells), "".join(new_cells)
    result.old = raw.decode("utf-8")
    if not changed:
        result.new = result.old
        return
    if style is None:
        style = dict(indent=1, sort_keys=True, ensure_ascii=False)
        result.report_notes.append("%s: its JSON layout is not one tfpatch can reproduce; written as "
                                   "Jupyter writes notebooks" % result.path)
    result.new = json.dumps(notebook, **style) + (tail or "\n")
    result.old_bytes, result.new_bytes = raw, result.new.encode("utf-8")


def _write(result, path, raw, stat):
    """Replace ``path`` atomically, unless it changed since it was read."""
    try:
        with open(path, "rb") as f:
            now = f.read()
    except OSError as exc:
        result.problem = "%s: left untouched: %s" % (path, exc.strerror)
        return
    if now != raw:
        result.problem = "%s: left untouched: it changed since tfpatch read it; run tfpatch fix again" % path
        return
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tfpatch-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(result.new_bytes)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.st_mode & 0o7777)
        os.replace(tmp, path)
        result.written = True
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        result.problem = "%s: left untouched: %s" % (path, exc.strerror or exc)


def fix(targets, target_release, catalogue, write=False, report=None):
    """``[FileResult]`` for the files under ``targets``; BadInput, UnknownRelease, FixUnavailable."""
    require_libcst()
    cat = _check.Catalogue(catalogue, target_release)
    uses = None
    if report is not None:
        uses = report.get("uses", [])
    results = []
    for path in _check.iter_files(targets):
        results.append(fix_file(path, cat, write=write, report_uses=uses))
    return results
