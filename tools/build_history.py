"""Build tfpatch/data/history.json.gz from history/snapshots/.

    python tools/build_history.py            # write the digest
    python tools/build_history.py --check    # exit 1 if it differs from what the snapshots give

The snapshots (one per TensorFlow release, see history/README.md) weigh well
over a megabyte together; the package ships this digest of them instead::

    {
      "format": 1,
      "releases": ["1.15", "2.0", ..., "2.21", "2.16-tf_keras", ..., "2.21-tf_keras"],
      "names":   {path: "<hex bitmask>"},        # bit i set: path exists in releases[i]
      "members": {"class.member": "<hex bitmask>"},
      "moved":   {path: new_path}
    }

* ``names``: every public name under ``tf`` in any release, including the
  children of modules the snapshots record bare because the walker met them
  under another path first (``optimizers.Adam`` on 2.3 is
  ``keras.optimizers.Adam``: see ``expand_module_aliases``), except the
  ``compat.v1.*`` / ``compat.v2.*`` names below the top level of
  ``compat.v1`` (the top-level ``compat.v1.<name>`` entries stay: they are
  where TensorFlow 2 keeps the TF1 names).
* ``members``: the public members of the classes whose members the snapshots
  record (``distribute.*``, ``keras.optimizers``, ``keras.callbacks``, ...),
  keyed ``<class path>.<member>``; Method rules are checked against these.
* ``moved``: a path present in release R of the main line (1.15, 2.0 ... 2.21)
  and absent from the next one, mapped to a path that names the same object in
  that next release (same identity), when there is one; failing that, to
  another name the object had in R that the next release still has (its
  identity changed as its module was reorganised).  When a path disappears
  more than once, the latest disappearance wins.

The output is deterministic: sorted keys, no whitespace, gzip mtime 0.  The
snapshots that exist are used; missing ones are reported on stderr.

The helpers here (``load_snapshots``, ``main_line`` ...) are shared by
``tools/generate_rules.py`` and ``tools/resolution_matrix.py``.
"""
import argparse
import gzip
import io
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNAPSHOTS = os.path.join(ROOT, "history", "snapshots")
OUTPUT = os.path.join(ROOT, "tfpatch", "data", "history.json.gz")

MAIN_LABELS = ["1.15"] + ["2.%d" % minor for minor in range(0, 22)]
TF_KERAS_LABELS = ["2.%d-tf_keras" % minor for minor in range(16, 22)]
ALL_LABELS = MAIN_LABELS + TF_KERAS_LABELS


def rel(path):
    """A path relative to the repository, for messages (never a machine path)."""
    return os.path.relpath(path, ROOT)


def expand_module_aliases(names):
    """Add the children of modules the snapshot records bare.

    The snapshot walker records a module met a second time under another path
    with its identity but does not walk it again (``tf.optimizers`` on 2.3 is
    ``tf.keras.optimizers``; ``tf.optimizers.legacy`` on 2.16).  Its children
    exist all the same: this copies them from the path that was walked.
    ``names`` is changed in place and returned."""
    for _ in range(8):  # an alias of an alias is filled in on the next round
        parents = set()
        for path in names:
            parts = path.split(".")
            for i in range(1, len(parts)):
                parents.add(".".join(parts[:i]))
        walked = {}
        for path, (kind, ident) in names.items():
            if kind == "module" and path in parents and not path.startswith("compat."):
                walked.setdefault(ident, []).append(path)
        added = {}
        for path, (kind, ident) in names.items():
            if kind != "module" or path in parents or path.startswith("compat.") or ident not in walked:
                continue
            source = min(walked[ident], key=lambda p: (p.count("."), p))
            if path.startswith(source + ".") or source.startswith(path + "."):
                continue
            prefix = source + "."
            for child, entry in names.items():
                if child.startswith(prefix):
                    added.setdefault(path + "." + child[len(prefix):], entry)
        added = {p: e for p, e in added.items() if p not in names}
        if not added:
            break
        names.update(added)
    return names


_LOADED = {}   # (path, size, mtime) -> expanded snapshot: the checks of one process share them


def load_snapshots(labels=ALL_LABELS, quiet=False):
    """``{label: snapshot}`` in the order of ``labels``, for the snapshots that exist,
    with the children of modules recorded bare filled in (``expand_module_aliases``).
    The snapshots are read once per process; treat them as read-only."""
    found, missing = {}, []
    for label in labels:
        path = os.path.join(SNAPSHOTS, label + ".json.gz")
        if not os.path.exists(path):
            missing.append(label)
            continue
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime)
        if key not in _LOADED:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                snapshot = json.load(f)
            expand_module_aliases(snapshot["names"])
            _LOADED[key] = snapshot
        found[label] = _LOADED[key]
    if missing and not quiet:
        sys.stderr.write("note: no snapshot for %s (yet); using the %d that exist\n"
                         % (", ".join(missing), len(found)))
    return found


def main_line(snapshots, with_115=True):
    """The labels of the main line (no ``-tf_keras``) present in ``snapshots``, in order."""
    return [l for l in MAIN_LABELS if l in snapshots and (with_115 or l != "1.15")]


def kept_name(path):
    """True for the paths the history keeps (see the module docstring)."""
    if path.startswith(("compat.v1.", "compat.v2.")):
        return path.startswith("compat.v1.") and path.count(".") == 2
    return True


def is_identity_usable(kind, identity):
    """Identities that name one object: classes, functions and modules, not values
    (whose identity is only their type's name) nor closures made by a factory."""
    return kind in ("class", "function", "module") and "<locals>" not in identity


def same_object_paths(names, identity):
    """The paths of one snapshot's ``names`` whose identity is ``identity`` (raw_ops
    excluded: ``tf.raw_ops.X`` is a keyword-only copy, not the same callable)."""
    return [p for p, (kind, ident) in names.items()
            if ident == identity and is_identity_usable(kind, ident) and not p.startswith("raw_ops.")]


def identity_index(names):
    """``{identity: [paths]}`` over the usable identities of one snapshot's ``names``."""
    index = {}
    for path, (kind, ident) in names.items():
        if is_identity_usable(kind, ident) and not path.startswith("raw_ops."):
            index.setdefault(ident, []).append(path)
    return index


def _leaf(path):
    return path.rpartition(".")[2]


def _common_tail(a, b):
    a, b = a.split("."), b.split(".")
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a, b):
    n = 0
    for x, y in zip(a.split("."), b.split(".")):
        if x != y:
            break
        n += 1
    return n


def best_new_name(old, candidates):
    """The most likely new name of ``old`` among ``candidates``: outside compat
    first, then the most trailing components in common (the same last name
    first), the most leading ones (the same namespace), the same depth, the
    shortest."""
    def key(path):
        return (path.startswith("compat."), -_common_tail(path, old), -_common_head(path, old),
                abs(path.count(".") - old.count(".")), len(path), path)
    return min(candidates, key=key) if candidates else None


def build(snapshots):
    releases = [l for l in ALL_LABELS if l in snapshots]
    names, members = {}, {}
    for bit, label in enumerate(releases):
        snap = snapshots[label]
        for path in snap["names"]:
            if kept_name(path):
                names[path] = names.get(path, 0) | (1 << bit)
        for cls, info in snap.get("members", {}).items():
            for member in info.get("members", ()):
                key = cls + "." + member
                members[key] = members.get(key, 0) | (1 << bit)

    moved = {}
    line = main_line(snapshots)
    for before, after in zip(line, line[1:]):
        old_names, new_names = snapshots[before]["names"], snapshots[after]["names"]
        index = identity_index(new_names)
        for path, (kind, ident) in sorted(old_names.items()):
            if path in new_names or not kept_name(path) or not is_identity_usable(kind, ident):
                continue
            candidates = [p for p in index.get(ident, ()) if kept_name(p) and p != path]
            if not candidates:
                # The object changed identity as it moved (its module was reorganised):
                # another name it had in ``before`` that ``after`` still has.
                candidates = [p for p in same_object_paths(old_names, ident)
                              if p in new_names and kept_name(p) and p != path]
            new = best_new_name(path, candidates)
            if new is not None:
                moved[path] = new

    return {
        "format": 1,
        "releases": releases,
        "names": {p: "%x" % m for p, m in names.items()},
        "members": {p: "%x" % m for p, m in members.items()},
        "moved": moved,
    }


def dump(history):
    """Deterministic gzip bytes of ``history``."""
    text = json.dumps(history, sort_keys=True, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(text)
    return buf.getvalue()


def differences(old, new, limit=5):
    """Lines saying how the history ``old`` differs from ``new`` (both decoded):
    per section, the paths added, removed and changed, a few of each named."""
    lines = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if not (isinstance(a, dict) and isinstance(b, dict)):
            lines.append("%s: %r in the file, %r regenerated" % (key, a, b))
            continue
        for what, paths in (("only in the file", sorted(set(a) - set(b))),
                            ("only regenerated", sorted(set(b) - set(a))),
                            ("changed", sorted(p for p in set(a) & set(b) if a[p] != b[p]))):
            if paths:
                lines.append("%s: %d %s (%s%s)" % (key, len(paths), what, ", ".join(paths[:limit]),
                                                    ", ..." if len(paths) > limit else ""))
    return lines


def compare_bytes(path, data, load):
    """``[]`` when the file at ``path`` holds exactly ``data``, else lines saying how it
    differs; ``load(bytes)`` decodes one for the comparison of their contents."""
    if not os.path.exists(path):
        return ["%s is missing" % rel(path)]
    with open(path, "rb") as f:
        current = f.read()
    if current == data:
        return []
    lines = ["%s differs from what the snapshots give (%d bytes in the file, %d regenerated)"
             % (rel(path), len(current), len(data))]
    try:
        old, new = load(current), load(data)
    except Exception as exc:  # a damaged file is a difference too
        return lines + ["  the file does not decode: %s: %s" % (type(exc).__name__, exc)]
    found = differences(old, new)
    if not found:
        found = ["same content, different bytes (gzip header or compression: zlib %s)"
                 % __import__("zlib").ZLIB_RUNTIME_VERSION]
    return lines + ["  " + line for line in found]


def load_dump(data):
    return json.loads(gzip.decompress(data).decode("utf-8"))


_REGENERATED = []


def regenerated():
    """The bytes of tfpatch/data/history.json.gz as the snapshots give them (made once
    per process)."""
    if not _REGENERATED:
        _REGENERATED.append(dump(build(load_snapshots(quiet=True))))
    return _REGENERATED[0]


def check():
    """``[]`` when tfpatch/data/history.json.gz is what the snapshots give, else
    lines saying how it differs."""
    return compare_bytes(OUTPUT, regenerated(), load_dump)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory; exit 1 if %s differs" % rel(OUTPUT))
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        if problems:
            print("\n".join(problems))
            print("run: python tools/build_history.py")
            return 1
        print("%s is up to date" % rel(OUTPUT))
        return 0
    snapshots = load_snapshots()
    if not snapshots:
        sys.exit("no snapshots in %s" % rel(SNAPSHOTS))
    history = build(snapshots)
    data = dump(history)
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "wb") as f:
        f.write(data)
    print("%s: %d releases, %d names, %d members, %d moved, %.1f KB"
          % (rel(OUTPUT), len(history["releases"]), len(history["names"]), len(history["members"]),
             len(history["moved"]), len(data) / 1024.0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
