"""Find the renames the snapshots show and write them to tfpatch/rules/generated.py.

    python tools/generate_rules.py            # write the module
    python tools/generate_rules.py --check    # exit 1 if the module is out of date
    python tools/generate_rules.py --explain  # also list what was left out and why

Reads history/snapshots/ (see history/README.md) over the main line 2.0 ... 2.21
(the ``-tf_keras`` variants are not used) and finds three kinds of rename:

1. experimental graduations, both ways: ``X.experimental.Y`` in some releases
   and ``X.Y`` in others, the same object in a release that has both (same
   identity) or at least the same qualified name;
2. other renames: two public names of one object in some release, one of which
   is missing from a release that has the other (``keras.metrics.kld`` and
   ``keras.metrics.kl_divergence``);
3. method renames on the classes whose members the snapshots record: a member
   that leaves a class while a member of a similar name arrives with the same
   signature (``experimental_run_v2`` -> ``run``).

The modern spelling is the one the later releases have; ``since`` is the first
release with it, ``until`` the release after the last one with the legacy
spelling (None when 2.21 still has it).  Where the two spellings are different
objects with different ``__init__`` signatures the row is written with
``blocked=...``; where the signatures are not recorded (functions, classes
outside the recorded areas) the trailing comment says "different objects".

Rows whose id, or either spelling, is already in the hand-written catalogue
(``tfpatch.rules.CATALOGUE``) are left out, as are ``compat.*`` and
``raw_ops.*`` names, modules (a module that moved needs a ``Namespace`` row, to
be written by hand) and renames that never matter (both spellings present in
the same releases).  Only one row per id is possible: where one modern name
had several legacy spellings the one nearest to it is kept and the others are
listed by ``--explain``.
"""
import argparse
import difflib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_history import ROOT, is_identity_usable, load_snapshots, main_line, rel  # noqa: E402

OUTPUT = os.path.join(ROOT, "tfpatch", "rules", "generated.py")
SKIPPED_PREFIXES = ("compat.", "raw_ops.")



#: Renames whose two spellings take different arguments where an adapter of
#: tfpatch/adapters gives each spelling its own call: generated with ``adapter=``
#: rather than ``blocked=`` (hand-checked; the adapter returns None, leaving the name
#: missing, where the release has no equivalent call).
_EXPERIMENTAL_OPTIMIZERS = ("Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Nadam",
                            "RMSprop", "SGD")
ADAPTED = {(prefix + name, prefix + "experimental." + name): "experimental_optimizer"
           for prefix in ("keras.optimizers.", "optimizers.") for name in _EXPERIMENTAL_OPTIMIZERS}


def adapter_for(modern, legacy):
    return ADAPTED.get((modern, legacy))

def load_handwritten():
    """The hand-written rows (``tfpatch.rules.HANDWRITTEN``): the generated rows are
    this tool's own output and must not decide what it writes, or a second run
    would leave out every row the first one wrote."""
    sys.path.insert(0, ROOT)
    from tfpatch.rules import HANDWRITTEN
    return HANDWRITTEN


def runs(present, labels):
    """``"2.0-2.3, 2.6-2.21"`` for the releases (indexes into labels) in ``present``."""
    out, start, prev = [], None, None
    for i in sorted(present):
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            out.append((start, prev))
            start = prev = i
    if start is not None:
        out.append((start, prev))
    return ", ".join(labels[a] if a == b else "%s-%s" % (labels[a], labels[b]) for a, b in out) or "never"


class History(object):
    """Presence and identities of names and members over the main line 2.0 ... 2.21."""

    def __init__(self, snapshots):
        self.labels = main_line(snapshots, with_115=False)
        self.snaps = [snapshots[l] for l in self.labels]
        self.presence = {}   # path -> set of release indexes
        for i, snap in enumerate(self.snaps):
            for path in snap["names"]:
                if not path.startswith(SKIPPED_PREFIXES):
                    self.presence.setdefault(path, set()).add(i)

    def entry(self, path, i):
        return self.snaps[i]["names"].get(path)

    def kind(self, path):
        for i in sorted(self.presence.get(path, ())):
            return self.snaps[i]["names"][path][0]
        return None

    def init_signature(self, path, i):
        """``__init__``'s signature of class ``path`` in release ``i``, from the members
        the snapshot records for it or for another name of the same class."""
        snap = self.snaps[i]
        info = snap["members"].get(path)
        if info is None and path in snap["names"]:
            ident = snap["names"][path][1]
            for other in sorted(snap["members"]):
                if other in snap["names"] and snap["names"][other][1] == ident:
                    info = snap["members"][other]
                    break
        return info and info.get("signatures", {}).get("__init__")


def _qualname_leaf(identity):
    return identity.rpartition(".")[2]


def experimental_pairs(hist):
    """``(X.experimental.Y, X.Y)`` for every such pair of names the main line has."""
    pairs = []
    for path in hist.presence:
        parts = path.split(".")
        for i, part in enumerate(parts[:-1]):
            if part == "experimental":
                other = ".".join(parts[:i] + parts[i + 1:])
                if other in hist.presence:
                    pairs.append((path, other))
    return pairs


def alias_pairs(hist):
    """``{(a, b)}``: two names of one object in some release (sorted pair)."""
    pairs = set()
    for i, snap in enumerate(hist.snaps):
        groups = {}
        for path, (kind, ident) in snap["names"].items():
            if path.startswith(SKIPPED_PREFIXES) or not is_identity_usable(kind, ident):
                continue
            groups.setdefault(ident, []).append(path)
        for paths in groups.values():
            paths.sort()
            for x in range(len(paths)):
                for y in range(x + 1, len(paths)):
                    pairs.add((paths[x], paths[y]))
    return pairs


def relation(hist, a, b):
    """How ``a`` and ``b`` relate: ``"same"`` when they are one object wherever both
    exist, ``"value"`` when both are plain values of the same type wherever both
    exist (constants such as ``AUTOTUNE``: their identity is only a type name),
    ``("different", i)`` when release ``i`` has both as different objects,
    ``"qualname"`` when they never coexist but share a qualified name and kind,
    None otherwise."""
    both = sorted(hist.presence[a] & hist.presence[b])
    values = True
    for i in both:
        (ka, ia), (kb, ib) = hist.entry(a, i), hist.entry(b, i)
        if ka == kb == "other" and ia == ib:
            continue
        values = False
        if ia != ib or not is_identity_usable(ka, ia):
            return ("different", i)
    if both:
        return "value" if values else "same"
    names_a = {_qualname_leaf(hist.entry(a, i)[1]) for i in hist.presence[a]}
    names_b = {_qualname_leaf(hist.entry(b, i)[1]) for i in hist.presence[b]}
    kinds = {hist.entry(a, i)[0] for i in hist.presence[a]} | {hist.entry(b, i)[0] for i in hist.presence[b]}
    if names_a & names_b and len(kinds) == 1:
        return "qualname"
    return None


def choose_modern(hist, a, b):
    """(modern, legacy): the spelling the later releases have is modern; on a tie the
    one that is not experimental, then the one that appeared later."""
    pa, pb = hist.presence[a], hist.presence[b]
    def key(p, pres):
        return (max(pres), ".experimental." not in "." + p + ".", min(pres), len(pres), p)
    return (a, b) if key(a, pa) > key(b, pb) else (b, a)


def since_until(present_modern, present_legacy, n):
    """Indexes of ``since``: the first release with the modern spelling from which
    on every release with the legacy spelling has the modern one too (None if
    there is none); and ``until``: the release after the last one with the
    legacy spelling (None if release ``n - 1``, the last, has it)."""
    since = None
    for i in range(n - 1, -1, -1):
        if i in present_modern:
            since = i
        elif i in present_legacy:
            break
    last = max(present_legacy)
    until = None if last == n - 1 else last + 1
    return since, until


def nearness(a, b):
    """How alike two spellings are: same last name, same namespace, similar text."""
    pa, pb = a.split("."), b.split(".")
    head = 0
    for x, y in zip(pa, pb):
        if x != y:
            break
        head += 1
    return (pa[-1] == pb[-1], head, difflib.SequenceMatcher(None, a, b).ratio())


def needs(hist, a, b):
    """What a row for ``a`` and ``b`` serves: ``{(spelling, release)}`` where one of
    them is missing and the other exists."""
    pa, pb = hist.presence[a], hist.presence[b]
    return {(a, i) for i in pb - pa} | {(b, i) for i in pa - pb}


def name_rows(hist, taken, explain):
    """Rename rows (as dicts) from experimental graduations and aliases.

    Every candidate pair serves the (spelling, release) needs where one of its
    spellings is missing and the other exists.  Rows are chosen nearest
    spellings first (same last name, then same namespace), then the pair
    serving most needs not yet served, if it serves any, at most one row per
    id (the modern spelling); unblocked rows first, then blocked ones for the
    needs that are still unserved."""
    candidates = {}
    pairs = [(p, q, "experimental") for p, q in sorted(experimental_pairs(hist))]
    pairs += [(p, q, "alias") for p, q in sorted(alias_pairs(hist))]
    for a, b, origin in pairs:
        if hist.presence[a] == hist.presence[b]:
            continue  # never one without the other: nothing to serve
        modern, legacy = choose_modern(hist, a, b)
        if (modern, legacy) in candidates:
            continue
        if hist.kind(a) == "module" or hist.kind(b) == "module":
            explain.append("module, needs a Namespace row: %s / %s" % (modern, legacy))
            continue
        if modern in taken and legacy in taken:  # one spelling alone may pair with another there
            explain.append("spellings in the hand-written catalogue: %s / %s" % (modern, legacy))
            continue
        how = relation(hist, a, b)
        where = how[1] if isinstance(how, tuple) else None
        how = how[0] if isinstance(how, tuple) else how
        if how is None:
            continue  # X.experimental.Y and X.Y that are unrelated objects
        if origin == "alias" and how != "same":
            explain.append("one object in some releases, different objects in %s: %s / %s"
                           % (hist.labels[where], modern, legacy))
            continue
        since, until = since_until(hist.presence[modern], hist.presence[legacy], len(hist.labels))
        if since is None or (until is not None and until < since):
            explain.append("gap between the spellings, left out: %s (%s) / %s (%s)"
                           % (modern, runs(hist.presence[modern], hist.labels), legacy,
                              runs(hist.presence[legacy], hist.labels)))
            continue
        blocked, note = None, None
        if how == "value":
            note = "values of the same type"
        elif how != "same":
            if where is not None:
                old_sig, new_sig = hist.init_signature(legacy, where), hist.init_signature(modern, where)
            else:
                old_sig = hist.init_signature(legacy, max(hist.presence[legacy]))
                new_sig = hist.init_signature(modern, min(hist.presence[modern]))
            if old_sig is not None and new_sig is not None:
                if old_sig != new_sig:
                    blocked = "signatures differ: %s vs %s" % (old_sig, new_sig)
                else:
                    note = "different objects, same __init__ signature"
            else:
                note = "different objects, signatures not recorded"
        adapter = adapter_for(modern, legacy)
        if adapter is not None:  # an adapter gives each spelling its own call
            blocked, note = None, "calls differ: adapter %s" % adapter
        candidates[(modern, legacy)] = dict(
            kind="rename", id=modern, modern=modern, legacy=legacy, since=hist.labels[since],
            until=None if until is None else hist.labels[until], blocked=blocked, origin=origin, note=note,
            adapter=adapter,
            needs=needs(hist, modern, legacy),
            comment="%s: %s; %s: %s" % (modern, runs(hist.presence[modern], hist.labels), legacy,
                                        runs(hist.presence[legacy], hist.labels)))
    rows, served, used_ids = [], set(), set()
    for want_blocked in (False, True):
        pool = [c for c in candidates.values() if (c["blocked"] is not None) == want_blocked]
        while pool:
            def gain(c):
                return (nearness(c["modern"], c["legacy"]), len(c["needs"] - served), c["modern"], c["legacy"])
            best = max(pool, key=gain)
            pool.remove(best)
            if not best["needs"] - served:
                explain.append("serves nothing new, left out: %s <- %s" % (best["modern"], best["legacy"]))
                continue
            if best["id"] in used_ids:
                explain.append("one row per id, left out: %s <- %s" % (best["modern"], best["legacy"]))
                continue
            rows.append(best)
            used_ids.add(best["id"])
            served |= best["needs"]
    # What is left unserved, once chains of rows are followed as the engine does
    # (it resolves the other spelling by attribute access, through other rows).
    edges = {}
    for row in rows:
        edges.setdefault(row["modern"], set()).add(row["legacy"])
        edges.setdefault(row["legacy"], set()).add(row["modern"])
    unserved = set()
    for c in candidates.values():
        for spelling, i in c["needs"] - served:
            seen, todo = {spelling}, [spelling]
            while todo:
                for nxt in edges.get(todo.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            if not any(i in hist.presence[x] for x in seen):
                unserved.add((spelling, i))
    for spelling in sorted({s for s, _ in unserved}):
        explain.append("not served (one row per id): %s on %s"
                       % (spelling, runs({i for s, i in unserved if s == spelling}, hist.labels)))
    return rows


def _normal_member(name):
    for prefix in ("experimental_", "get_"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    for suffix in ("_v2", "_v1", "s"):
        if name.endswith(suffix):
            name = name[:-len(suffix)]
    return name


def similar_members(a, b):
    na, nb = _normal_member(a), _normal_member(b)
    return na == nb or difflib.SequenceMatcher(None, na, nb).ratio() >= 0.8


def method_rows(hist, catalogue, explain):
    """Method rows from members that leave a class as a similar one arrives."""
    found = {}   # (legacy, modern) -> {class: (members at the rename, info)}
    classes = sorted({c for snap in hist.snaps for c in snap["members"]})
    for cls in classes:
        present_cls = [i for i, snap in enumerate(hist.snaps) if cls in snap["members"]]
        pres, sigs = {}, {}
        for i in present_cls:
            info = hist.snaps[i]["members"][cls]
            for m in info.get("members", ()):
                if m.startswith("_"):
                    continue
                pres.setdefault(m, []).append(i)
                sigs.setdefault(m, {})[i] = info.get("signatures", {}).get(m)
        gone = [m for m, p in pres.items() if p[-1] < present_cls[-1]]
        new = [m for m, p in pres.items() if p[0] > present_cls[0]]
        for old in gone:
            for mod in new:
                po, pn = pres[old], pres[mod]
                if old == mod or pn[0] > po[-1] + 1 or pn[0] <= po[0]:
                    continue
                so, sn = sigs[old][po[-1]], sigs[mod][pn[0]]
                if so is None or sn is None or so != sn or not similar_members(old, mod):
                    continue
                at = pn[0]  # the first release with the modern name
                found.setdefault((old, mod), {})[cls] = (set(hist.snaps[at]["members"][cls]["members"]), po, pn, so)
    by_pair_catalogue = {}
    for rule in catalogue:
        method = rule.claims()[2]
        if method is not None:
            owner, legacy, modern = method
            found.setdefault((legacy, modern), {})
            by_pair_catalogue[legacy, modern] = owner
    rows = []
    for (old, mod), owners in sorted(found.items()):
        # Keep the base classes only: a class whose members include all of another
        # owner's is taken for its subclass (dir() lists inherited members).
        handwritten = by_pair_catalogue.get((old, mod))
        for cls, (members, po, pn, sig) in sorted(owners.items()):
            bases = [c for c, info in owners.items() if c != cls and info[0] < members]
            if handwritten is not None:
                explain.append("method in the hand-written catalogue (%s.%s): %s.%s" % (handwritten, mod, cls, mod))
                continue
            if bases:
                explain.append("method of a subclass, left out: %s.%s (base %s)" % (cls, mod, sorted(bases)[0]))
                continue
            last_cls = max(i for i, snap in enumerate(hist.snaps) if cls in snap["members"])
            since, until = since_until(set(pn), set(po), last_cls + 1)
            if since is None:
                continue
            since, until = hist.labels[since], None if until is None else hist.labels[until]
            rows.append(dict(kind="method", id=cls + "." + mod, owner=cls, modern=mod, legacy=old, since=since,
                             until=until, blocked=None, origin="member", note=None,
                             comment="%s: %s; %s: %s; %s" % (mod, runs(pn, hist.labels), old,
                                                             runs(po, hist.labels), sig)))
    return rows


def render(rows):
    lines = [
        '"""Renames found in the API snapshots of TensorFlow 2.0 ... 2.21 (generated, do not edit).',
        "",
        "Regenerate with ``python tools/generate_rules.py`` from ``history/snapshots/``; rows",
        "already in the hand-written catalogue are left out.  Each row's comment gives the",
        "releases that have each spelling; ``blocked`` rows are kept for the record only.",
        '"""',
        "from ._kinds import Method, Rename",
        "",
        "RULES = [",
    ]
    for row in rows:
        if row["kind"] == "rename":
            args = [repr(row["modern"]), repr(row["legacy"]), repr(row["since"])]
        else:
            args = [repr(row["owner"]), repr(row["modern"]), repr(row["legacy"]), repr(row["since"])]
        if row["until"] is not None:
            args.append("until=%r" % row["until"])
        if row["blocked"] is not None:
            args.append("blocked=%r" % row["blocked"])
        if row.get("adapter"):
            args.append("adapter=%r" % row["adapter"])
        comment = row["comment"] + ("; " + row["note"] if row["note"] else "")
        lines.append("    %s(%s),  # %s" % ("Rename" if row["kind"] == "rename" else "Method", ", ".join(args), comment))
    lines.append("]")
    return "\n".join(lines) + "\n"


def namespace_gaps(hist, rows, catalogue):
    """Modules missing where a row would serve a name under them: the row cannot
    be reached there without a (hand-written) Namespace row for the module.
    ``{module: (releases it is missing from where needed, [row spellings])}``."""
    served = set()   # namespaces served by hand, and modules renamed by hand
    for rule in catalogue:
        served.update(rule.claims()[1])
    gaps = {}
    for row in rows:
        if row["kind"] != "rename" or row["blocked"] is not None:
            continue
        for spelling, i in sorted(row["needs"]):
            parts = spelling.split(".")
            for k in range(1, len(parts)):
                parent = ".".join(parts[:k])
                if i not in hist.presence.get(parent, ()) and parent not in served:
                    where, names = gaps.setdefault(parent, (set(), set()))
                    where.add(i)
                    names.add(spelling)
                    break
    return gaps


def generate(explain):
    snapshots = load_snapshots()
    hist = History(snapshots)
    catalogue = load_handwritten()
    ids = {rule.id for rule in catalogue}
    taken = set()
    for rule in catalogue:
        taken.update(rule.claims()[0])
    rows = name_rows(hist, taken, explain) + method_rows(hist, catalogue, explain)
    kept = []
    for row in rows:
        if row["id"] in ids:
            explain.append("id in the hand-written catalogue: %s" % row["id"])
        else:
            kept.append(row)
    kept.sort(key=lambda r: (r["kind"] != "rename", r["id"]))
    gaps = namespace_gaps(hist, kept, catalogue)
    notes = ["needs a hand-written Namespace row: tf.%s is missing on %s, where %d generated row(s) "
             "would serve a name under it (%s)" % (module, runs(where, hist.labels), len(names),
                                                   ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else ""))
             for module, (where, names) in sorted(gaps.items())]
    return kept, notes


def text_differences(path, text, limit=12):
    """``[]`` when the file at ``path`` holds ``text``, else a summary of a unified diff
    (the lines only in the file, the lines only regenerated, a few of them shown)."""
    if not os.path.exists(path):
        return ["%s is missing" % rel(path)]
    with open(path, encoding="utf-8", newline="") as f:
        current = f.read()
    if current == text:
        return []
    diff = [line for line in difflib.unified_diff(current.splitlines(), text.splitlines(),
                                                  "committed", "regenerated", lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))]
    gone = sum(1 for line in diff if line.startswith("-"))
    lines = ["%s differs from what the snapshots give: %d line(s) only in the file, %d only regenerated"
             % (rel(path), gone, len(diff) - gone)]
    lines += ["  " + line[:160] for line in diff[:limit]]
    if len(diff) > limit:
        lines.append("  ... (%d more)" % (len(diff) - limit))
    if not diff:
        lines.append("  same lines, different line endings or final newline")
    return lines


_REGENERATED = []


def regenerated():
    """The text of tfpatch/rules/generated.py as the snapshots and the hand-written
    catalogue give it (made once per process)."""
    if not _REGENERATED:
        _REGENERATED.append(render(generate([])[0]))
    return _REGENERATED[0]


def check():
    """``[]`` when tfpatch/rules/generated.py is what the snapshots and the hand-written
    catalogue give, else lines saying how it differs."""
    return text_differences(OUTPUT, regenerated())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory; exit 1 if %s differs" % rel(OUTPUT))
    parser.add_argument("--explain", action="store_true", help="list the candidates left out and why")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        if problems:
            print("\n".join(problems))
            print("run: python tools/generate_rules.py")
            return 1
        print("%s is up to date" % rel(OUTPUT))
        return 0
    explain = []
    rows, notes = generate(explain)
    text = render(rows)
    if args.explain:
        for line in sorted(set(explain)):
            print("left out:", line)
    for line in notes:
        print(line)
    counts = {}
    for row in rows:
        key = (row["kind"], row["origin"], row["blocked"] is not None)
        counts[key] = counts.get(key, 0) + 1
    summary = ", ".join("%s/%s%s: %d" % (k[0], k[1], " blocked" if k[2] else "", n) for k, n in sorted(counts.items()))
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("%s: %d rows (%s)" % (rel(OUTPUT), len(rows), summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
