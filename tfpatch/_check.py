"""``tfpatch check``: everything tfpatch would serve or adapt on a release, found statically.

The analysis is in ``_static``, what one catalogue row means statically in
``_patterns``.  Here are the files (``.py`` and notebooks), the problems with them (one message each) and
the output formats: text, JSON and SARIF 2.1.0 (what code-scanning services and
editors read).
"""
import json
import os

from ._static import FIX, HUMAN, UNDECIDED, Catalogue, Finding, History, UnknownRelease, scan  # noqa: F401
from ._patterns import row_patterns  # noqa: F401  (re-exported: the command's view of a row)
from ._api import parse_release

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "env", "site-packages",
             "node_modules", ".tox", ".nox", "build", "dist"}


class BadInput(Exception):
    """A path given on the command line that cannot be used at all (exit status 2)."""


def iter_files(targets):
    """The ``.py`` and ``.ipynb`` files under ``targets``; BadInput for a path that is missing,
    or a directory without any."""
    for target in targets:
        if not os.path.exists(target):
            raise BadInput("no such file or directory: %s" % target)
    for target in targets:
        if os.path.isdir(target):
            found = False
            for root, dirs, files in os.walk(target):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if name.endswith((".py", ".ipynb")):
                        found = True
                        yield os.path.join(root, name)
            if not found:
                raise BadInput("%s: a directory without .py files or notebooks" % target)
        else:
            yield target


MAGIC = "#tfpatch-magic:"


def mask_magics(source):
    """IPython magics and shell escapes are not Python: each such line becomes a comment
    (same line numbers), which ``unmask_magics`` puts back."""
    lines = source.split("\n")
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("%", "!", "?")) or stripped.endswith("?") and stripped[:-1].isidentifier():
            out.append(MAGIC + line)
        else:
            out.append(line)
    return "\n".join(out)


def unmask_magics(source):
    return "\n".join(line[len(MAGIC):] if line.startswith(MAGIC) else line for line in source.split("\n"))


def read_notebook(path, raw):
    """The notebook as JSON, or ValueError saying why it is not one."""
    try:
        notebook = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not a notebook: it is not JSON (%s)" % (str(exc).split(":")[0],))
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells", []), list):
        raise ValueError("not a notebook: no list of cells")
    return notebook


def cell_source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def read_source(raw, path):
    """UTF-8 text of a .py file; ValueError for binary or other encodings."""
    if b"\0" in raw[:8192]:
        raise ValueError("a binary file, not Python source")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("not UTF-8 (byte %d); tfpatch reads Python source as UTF-8" % exc.start)


def scan_file(path, catalogue):
    """``(findings, problem)`` of one file."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
        if path.endswith(".ipynb"):
            notebook = read_notebook(path, raw)
            findings = []
            for number, cell in enumerate(notebook.get("cells", []), 1):
                if cell.get("cell_type") != "code":
                    continue
                name = "%s:cell%d" % (path, number)
                try:
                    findings.extend(scan(mask_magics(cell_source(cell)), name, catalogue))
                except SyntaxError as exc:
                    return findings, "%s: not checked, it does not parse (%s, line %s)" % (name, exc.msg, exc.lineno)
            return findings, None
        return scan(read_source(raw, path), path, catalogue), None
    except SyntaxError as exc:
        return [], "%s: not checked, it does not parse (%s, line %s)" % (path, exc.msg, exc.lineno)
    except (OSError, ValueError) as exc:
        return [], "%s: not checked: %s" % (path, getattr(exc, "strerror", None) or exc)


def check(targets, target_release, catalogue):
    """``(findings, problems)`` for the files under ``targets``; BadInput, UnknownRelease."""
    cat = Catalogue(catalogue, target_release)
    findings, problems = [], []
    for path in iter_files(targets):
        found, problem = scan_file(path, cat)
        findings.extend(found)
        if problem:
            problems.append(problem)
    findings.sort(key=lambda f: (f.file, f.line, f.col, f.found))
    return findings, problems


def summary(findings, target):
    fix = sum(1 for f in findings if f.status == FIX)
    human = sum(1 for f in findings if f.status == HUMAN)
    undecided = sum(1 for f in findings if f.status == UNDECIDED)
    return ("%d site%s TensorFlow %d.%d would need tfpatch for: %d tfpatch fix can rewrite, %d need%s a human, "
            "%d cannot be decided statically" % (len(findings), "" if len(findings) == 1 else "s", target[0],
                                                target[1], fix, human, "s" if human == 1 else "", undecided))


def _split_location(finding):
    """``("nb.ipynb", 2)`` for ``nb.ipynb:cell2``; ``(file, None)`` otherwise."""
    path, sep, cell = finding.file.rpartition(":cell")
    if sep and cell.isdigit():
        return path, int(cell)
    return finding.file, None


def sarif(findings, target, problems=()):
    """The findings as a SARIF 2.1.0 log."""
    from . import __version__
    rules, index = [], {}
    results = []
    for finding in findings:
        rule_id = "%s/%s" % (finding.kind, finding.rule or finding.found)
        if rule_id not in index:
            index[rule_id] = len(rules)
            rules.append({
                "id": rule_id, "name": finding.kind,
                "shortDescription": {"text": "%s: a spelling or call TensorFlow %d.%d lacks" % (
                    finding.rule or finding.found, target[0], target[1])},
                "helpUri": "https://pypi.org/project/tfpatch/",
            })
        path, cell = _split_location(finding)
        text = str(finding).split(": ", 1)[1]
        result = {
            "ruleId": rule_id, "ruleIndex": index[rule_id],
            "level": "warning" if finding.status == FIX else "note" if finding.status == UNDECIDED else "error",
            "message": {"text": text},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": path.replace(os.sep, "/")},
                "region": {"startLine": finding.line, "startColumn": finding.col},
            }}],
            "properties": {"status": finding.status, "found": finding.found, "write": finding.write,
                           "since": finding.since, "reason": finding.reason},
        }
        if cell is not None:
            result["locations"][0]["logicalLocations"] = [{"name": "cell%d" % cell, "kind": "notebookCell"}]
            result["properties"]["cell"] = cell
        results.append(result)
    run = {
        "tool": {"driver": {"name": "tfpatch", "version": __version__, "informationUri":
                            "https://pypi.org/project/tfpatch/", "rules": rules}},
        "results": results,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "warning", "message": {"text": p}} for p in problems]}],
    }
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
