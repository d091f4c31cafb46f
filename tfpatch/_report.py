"""The migration report: every alias use of a run, written at exit as JSON.

Several processes of one run (workers, children) may write the same file:
each takes an exclusive lock on ``FILE.lock``, merges its uses into what is
there, and replaces the file atomically, so no use is lost and no reader ever
sees half a file.  The path comes from the environment and is used only as
data: a path that is a symbolic link, or sits where nothing can be written,
gets one clear message and the file is left alone.  The program's exit
status never changes.
"""
import json
import os
import sys
import time

FORMAT = 1


class ReportError(Exception):
    """The report could not be written; the message says why and what to do."""


def collect(records=None):
    """The uses recorded in this process, as JSON-ready dicts."""
    from . import __version__
    from ._notices import NOTICES
    from .rules import by_id
    rules = by_id()
    records = NOTICES.uses if records is None else records
    uses = []
    for (rule_id, used, installed, filename, lineno), count in sorted(records.items(), key=str):
        rule = rules.get(rule_id)
        uses.append({
            "rule": rule_id, "used": "tf." + used, "installed": "tf." + installed,
            "since": getattr(rule, "since", None), "file": filename, "line": lineno, "count": count,
        })
    tf = sys.modules.get("tensorflow")
    run = {"pid": os.getpid(), "argv": list(sys.argv), "tensorflow": getattr(tf, "__version__", None),
           "tfpatch": __version__, "time": time.strftime("%Y-%m-%dT%H:%M:%S")}
    return uses, run


def _key(use):
    return (use["rule"], use["used"], use["installed"], use["file"], use["line"])


def merge(existing, uses, run):
    merged = {_key(u): dict(u) for u in existing.get("uses", [])}
    for use in uses:
        key = _key(use)
        if key in merged:
            merged[key]["count"] += use["count"]
        else:
            merged[key] = dict(use)
    runs = list(existing.get("runs", [])) + [run]
    return {"format": FORMAT, "uses": sorted(merged.values(), key=lambda u: (u["file"], u["line"], u["used"])),
            "runs": runs}


def _check_path(path):
    if os.path.islink(path):
        raise ReportError("the report path %s is a symbolic link; tfpatch does not write through links "
                          "(give the path of a regular file)" % path)
    directory = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(directory):
        raise ReportError("the report path %s is in a directory that does not exist (%s)" % (path, directory))
    if os.path.exists(path) and not os.path.isfile(path):
        raise ReportError("the report path %s exists and is not a regular file" % path)
    if not os.access(directory, os.W_OK):
        raise ReportError("the report path %s is in a directory tfpatch cannot write to (%s)" % (path, directory))


def read(path):
    with open(path) as f:
        data = json.load(f)
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("uses"), list):
        raise ReportError("%s is not a tfpatch report (format %d)" % (path, FORMAT))
    return data


def write(path, uses, run):
    """Merge ``uses`` into the report at ``path`` under a lock; atomic replace."""
    _check_path(path)
    lock_path = path + ".lock"
    if os.path.islink(lock_path):
        raise ReportError("the lock file %s is a symbolic link; remove it" % lock_path)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        lock_fd = os.open(lock_path, flags, 0o644)
    except OSError as exc:
        raise ReportError("cannot create the lock file %s: %s" % (lock_path, exc.strerror))
    try:
        try:
            import fcntl
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
        except ImportError:  # no POSIX locks (Windows): write without one
            pass
        existing = {}
        if os.path.exists(path):
            try:
                existing = read(path)
            except (ValueError, ReportError):
                raise ReportError("%s exists and is not a tfpatch report; it was left as it is "
                                  "(choose another path)" % path)
        data = merge(existing, uses, run)
        tmp = "%s.tmp%d" % (path, os.getpid())
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise ReportError("cannot write the report %s: %s" % (path, exc.strerror or exc))
    finally:
        os.close(lock_fd)
    return data


def summary(uses):
    sites = len(uses)
    spellings = len({u["used"] for u in uses})
    count = sum(u["count"] for u in uses)
    return "%d spelling%s this TensorFlow lacks, used at %d call site%s (%d use%s)" % (
        spellings, "" if spellings == 1 else "s", sites, "" if sites == 1 else "s",
        count, "" if count == 1 else "s")


def at_exit(config):
    """Registered at activation: write the report, print one summary line."""
    from . import _log
    try:
        uses, run = collect()
        if config.report:
            try:
                write(config.report, uses, run)
                where = "; report: %s" % config.report
            except ReportError as exc:
                _log.log("warning", "no report written: %s", exc)
                where = ""
        else:
            where = "; `tfpatch run --report FILE` lists them"
        if uses:
            _log.log("warning", "%s%s", summary(uses), where)
    except Exception as exc:  # never change how the program ends
        try:
            _log.log("warning", "internal error while finishing (%r)", exc)
        except Exception:
            pass


# --- showing a report to people ----------------------------------------------------------
def render(data, fmt="text"):
    uses = data.get("uses", [])
    if fmt == "json":
        return json.dumps(data, indent=1)
    by_file = {}
    for use in uses:
        by_file.setdefault(use["file"], []).append(use)
    lines = []
    if fmt == "markdown":
        lines.append("# tfpatch migration report\n")
        lines.append(summary(uses) + ".\n")
        for filename in sorted(by_file):
            lines.append("## `%s`\n" % filename)
            lines.append("| line | written | write instead | since | uses |")
            lines.append("|---:|---|---|---|---:|")
            for u in sorted(by_file[filename], key=lambda u: (u["line"], u["used"])):
                lines.append("| %d | `%s` | `%s` | %s | %d |" % (u["line"], u["used"], u["installed"],
                                                            u["since"] or "-", u["count"]))
            lines.append("")
        return "\n".join(lines)
    lines.append(summary(uses))
    for filename in sorted(by_file):
        lines.append("")
        lines.append(filename)
        for u in sorted(by_file[filename], key=lambda u: (u["line"], u["used"])):
            lines.append("  line %d: %s -> write %s (spelling of the installed release; modern since %s), "
                         "%d use%s" % (u["line"], u["used"], u["installed"], u["since"] or "-", u["count"],
                                       "" if u["count"] == 1 else "s"))
    return "\n".join(lines)
