"""How much of one release's API resolves on another, natively and with tfpatch.

    python tools/resolution_matrix.py           # tables on stdout, docs/resolution-matrix.md and .png
    python tools/resolution_matrix.py --check   # exit 1 if docs/resolution-matrix.md is out of date

For every pair (S = the release the code was written for, T = the release
installed) of the main line 2.0 ... 2.21, two views of S's public names
(``compat.v1.*`` / ``compat.v2.*`` below the top level of ``compat.v1`` left out):

* what a user meets: over ALL of S's names, the share that resolves on T
  natively (the same path exists on T), the share that resolves with tfpatch
  (natively, or through the catalogue: hand-written rows plus
  ``tfpatch/rules/generated.py``, the way the engine resolves a missing name),
  and the share removed: names with no equivalent at all on T, which no
  rename can serve (``keras.ops`` on 2.15 for code written for 2.16, say);
* tfpatch's coverage: over S's names that have an equivalent on T, the share
  that resolves natively and with tfpatch.

A name has an equivalent on T when the same path exists there, when a path with
the same identity (the same object: class, function or module) does, when an
unblocked Rename/Namespace row maps it to a spelling T has, or when T has it
under ``compat.v1`` (the TF1 fallback).

How a name resolves with tfpatch (``Resolver.resolve``): its parent must
resolve first; then the name resolves if T has it, if its parent resolved to
another module that has it (an alias of a module), if an unblocked Rename row
has it as one spelling and the other spelling resolves (rows chain, as the
engine's attribute lookups do), if a Namespace row serves it and its
``moved_to`` resolves, or, outside ``keras`` and ``compat`` and at most three
levels deep, if ``compat.v1.<name>`` exists on T (the Fallback row).  The
snapshots record ``compat.v1`` one level deep only, so the fallback is credited
for top-level TF1 names only.  Blocked rows are not used.

Class members (the classes the snapshots record members for, see
history/README.md) get a table of their own the same way: the member of class
C resolves on T when C resolves with tfpatch to a class C' whose members
include it, or include the other spelling of an unblocked Method row for it.

The Markdown is the matrix's data: it is a function of the snapshots and the
catalogue only, and ``--check`` compares it byte for byte.  matplotlib draws
the PNG; it is not a dependency of tfpatch, and the picture may differ from
one matplotlib version to another.  Where it is not installed the PNG is
skipped with a message (install it in a throw-away virtual environment and run
this script with that environment's python).
"""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_history import ROOT, identity_index, is_identity_usable, load_snapshots, main_line, rel  # noqa: E402

DOCS = os.path.join(ROOT, "docs")
MD = os.path.join(DOCS, "resolution-matrix.md")
PNG = os.path.join(DOCS, "resolution-matrix.png")
THRESHOLD = 99.0
NS_SERVED = "<served namespace>"


def load_rules():
    """``(hand-written rows, generated rows)`` of the catalogue."""
    sys.path.insert(0, ROOT)
    from tfpatch.rules import HANDWRITTEN, generated
    return list(HANDWRITTEN), list(generated.RULES)


_INDEXES = {}


def cached_identity_index(names):
    """``identity_index(names)``, computed once per snapshot."""
    key = id(names)
    if key not in _INDEXES:
        _INDEXES[key] = (names, identity_index(names))
    return _INDEXES[key][1]


class Resolver(object):
    """Resolution of S's names on release T with a set of rules."""

    def __init__(self, target, rules):
        self.names = target["names"]
        self.members = target.get("members", {})
        self.index = cached_identity_index(self.names)
        self.renames, self.namespaces, self.methods, self.fallbacks = {}, {}, {}, []
        for rule in rules:
            if rule.blocked is None:
                rule.index(self)   # each row says what it serves, as it tells the engine's RuleIndex
        self._cache = {}
        self._busy = set()

    # --- what the rows call (the engine's tfpatch/_index.py RuleIndex has the same) ------
    v1 = False   # the matrix is TF 2 behaviour: rows of TFPATCH_V1=1 mode only stay out

    def serve(self, spelling, rule, other):
        self.renames.setdefault(spelling, []).append(other)

    def serve_namespace(self, rule):
        self.namespaces.setdefault(rule.path, []).append(rule.moved_to)

    def rename_method(self, rule):
        self.methods.setdefault(rule.modern, []).append(rule.legacy)
        self.methods.setdefault(rule.legacy, []).append(rule.modern)

    def fallback(self, rule):
        self.fallbacks.append((rule.source, rule.depth))

    def adapter(self, rule):
        """Adapters mend calls; they serve no name."""

    def resolve(self, path):
        """The path on T that ``tf.<path>`` gives with tfpatch, NS_SERVED for a
        namespace tfpatch serves, or None."""
        if path in self._cache:
            return self._cache[path]
        if path in self._busy:
            return None
        self._busy.add(path)
        try:
            found = self._resolve(path)
        finally:
            self._busy.discard(path)
        self._cache[path] = found
        return found

    def _resolve(self, path):
        if path in self.names:
            return path
        parent, _, leaf = path.rpartition(".")
        if parent:
            where = self.resolve(parent)
            if where is None:
                return None
            if where not in (parent, NS_SERVED) and where + "." + leaf in self.names:
                return where + "." + leaf   # the parent is an alias of another module
        for other in self.renames.get(path, ()):
            found = self.resolve(other)
            if found is not None:
                return found
        for moved_to in self.namespaces.get(path, ()):
            found = self.resolve(moved_to)
            if found is not None and (found == NS_SERVED or self.names[found][0] == "module"):
                return NS_SERVED
        if not path.startswith(("keras.", "compat.")) and path not in ("keras", "compat"):
            for source, depth in self.fallbacks:
                if path.count(".") <= depth:
                    candidate = source + "." + path
                    if candidate in self.names:
                        return candidate
        return None

    def equivalent(self, path, kind, identity):
        """True when T has an equivalent of S's ``path`` (see the module docstring)."""
        if path in self.names:
            return True
        if is_identity_usable(kind, identity) and identity in self.index:
            return True
        for other in list(self.renames.get(path, ())) + list(self.namespaces.get(path, ())):
            if other in self.names:
                return True
        return self.resolve(path) is not None

    def beyond_snapshots(self, path):
        """True when the TF1 fallback might serve ``path`` from ``compat.v1.<path>`` below
        the one level of ``compat.v1`` the snapshots record (T has ``compat.v1.<top>``):
        the matrix cannot tell, and counts such a name as removed."""
        if "." not in path or path.startswith(("keras.", "compat.")):
            return False
        return any(path.count(".") <= depth and source + "." + path.partition(".")[0] in self.names
                   for source, depth in self.fallbacks)

    def class_members(self, path):
        return set(self.members.get(path, {}).get("members", ()))



def name_cell(source, target, rules, without=None):
    """(equivalents, native, tfpatch, [unresolved paths]) for S's names on T;
    ``without``, a list, receives S's names that have no equivalent on T."""
    res = Resolver(target, rules)
    total = native = patched = 0
    missing = []
    for path, (kind, ident) in sorted(source["names"].items()):
        if path.startswith(("compat.v1.", "compat.v2.")) and path.count(".") > 2:
            continue
        if not res.equivalent(path, kind, ident):
            if without is not None:
                without.append(path)
            continue
        total += 1
        if path in res.names:
            native += 1
            patched += 1
        elif res.resolve(path) is not None:
            patched += 1
        else:
            missing.append(path)
    return total, native, patched, missing


def member_cell(source, target, rules):
    """The same over the members of the classes the snapshots record members for."""
    res = Resolver(target, rules)
    total = native = patched = 0
    missing = []
    for cls, info in sorted(source.get("members", {}).items()):
        where = res.resolve(cls)
        kind, ident = source["names"].get(cls, ("class", ""))
        if where is None and is_identity_usable(kind, ident):
            where_equiv = next((p for p in res.index.get(ident, ()) if p in res.members), None)
        else:
            where_equiv = where
        have = res.class_members(where) if where not in (None, NS_SERVED) else set()
        have_equiv = res.class_members(where_equiv) if where_equiv not in (None, NS_SERVED) else set()
        for member in info.get("members", ()):
            served = member in have or any(o in have for o in res.methods.get(member, ()))
            if not (served or member in have_equiv or any(o in have_equiv for o in res.methods.get(member, ()))):
                continue
            total += 1
            if cls in res.members and member in res.class_members(cls):
                native += 1
                patched += 1
            elif served:
                patched += 1
            else:
                missing.append(cls + "." + member)
    return total, native, patched, missing


def pct(part, whole):
    return 100.0 * part / whole if whole else 100.0


def fmt(value):
    """A share rounded down to 0.1 ("100" only when nothing is missing)."""
    return "100" if value >= 100.0 else "%.1f" % (math.floor(value * 10) / 10.0)


def table(labels, cells, title):
    head = "| S \\ T | " + " | ".join(labels) + " |"
    lines = [head, "|" + "---|" * (len(labels) + 1)]
    for s in labels:
        row = []
        for t in labels:
            total, native, patched, _ = cells[s, t]
            row.append("%s/%s" % (fmt(pct(native, total)), fmt(pct(patched, total))))
        lines.append("| **%s** | %s |" % (s, " | ".join(row)))
    return "### %s\n\n%s\n" % (title, "\n".join(lines))


def summary(labels, cells, what, noun="names"):
    share = {(s, t): pct(cells[s, t][2], cells[s, t][0]) for s in labels for t in labels}
    worst = min(share, key=lambda k: (share[k], k))
    low = sorted((k for k in share if share[k] < THRESHOLD), key=lambda k: (share[k], k))
    lines = ["Minimum tfpatch share (%s): %.2f%% (written for %s, run on %s)."
             % (what, share[worst], worst[0], worst[1])]
    if low:
        lines.append("Pairs under %.0f%% (%s): %d" % (THRESHOLD, what, len(low)))
        for s, t in low:
            total, native, patched, _ = cells[s, t]
            lines.append("  %s -> %s: %.2f%% with tfpatch (%.2f%% natively), %d of %d %s unresolved"
                         % (s, t, share[s, t], pct(native, total), total - patched, total, noun))
    else:
        lines.append("No pair under %.0f%% (%s)." % (THRESHOLD, what))
    return lines, share, low


def prefix_counts(paths, depth=2):
    counts = {}
    for p in paths:
        key = ".".join(p.split(".")[:depth])
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))



def fmt_up(value):
    """A share rounded up to 0.1 ("0" only when there is none): the removals are
    never understated."""
    return "0" if value <= 0.0 else "%.1f" % (math.ceil(value * 10 - 1e-9) / 10.0)


def user_view(names, without):
    """``{(s, t): (all names, native, with tfpatch, removed)}``: over ALL of S's names
    (those with an equivalent on T and those without), from the cells of
    ``name_cell`` and the names it left out as having no equivalent."""
    view = {}
    for key, (total, native, patched, _) in names.items():
        removed = len(without[key])
        view[key] = (total + removed, native, patched, removed)
    return view


def user_table(labels, view):
    head = "| S \\ T | " + " | ".join(labels) + " |"
    lines = [head, "|" + "---|" * (len(labels) + 1)]
    for s in labels:
        row = []
        for t in labels:
            everything, native, patched, removed = view[s, t]
            row.append("%s/%s/%s" % (fmt(pct(native, everything)), fmt(pct(patched, everything)),
                                     fmt_up(100.0 * removed / everything if everything else 0.0)))
        lines.append("| **%s** | %s |" % (s, " | ".join(row)))
    return "\n".join(lines) + "\n"


def user_summary(labels, view):
    """Lines on what a user meets: the pairs where tfpatch adds most, the means over
    upgrades (T after S) and downgrades (T before S)."""
    def shares(key):
        everything, native, patched, removed = view[key]
        return pct(native, everything), pct(patched, everything), 100.0 * removed / everything
    pairs = [(s, t) for s in labels for t in labels if s != t]
    best = max(pairs, key=lambda k: (shares(k)[1] - shares(k)[0], k))
    lines = []
    n, p, r = shares(best)
    lines.append("Largest gain with tfpatch: code written for %s run on %s, %.2f%% of its names resolve "
                 "natively, %.2f%% with tfpatch; %.2f%% were removed (%d of %d names)."
                 % (best[0], best[1], n, p, r, view[best][3], view[best][0]))
    order = {label: i for i, label in enumerate(labels)}
    for what, keep in (("upgrades (T newer than S)", lambda s, t: order[t] > order[s]),
                       ("downgrades (T older than S)", lambda s, t: order[t] < order[s])):
        chosen = [k for k in pairs if keep(*k)]
        if not chosen:
            continue
        mean = [sum(shares(k)[i] for k in chosen) / len(chosen) for i in range(3)]
        lines.append("Mean over the %d %s: %.2f%% natively, %.2f%% with tfpatch, %.2f%% removed, "
                     "%.2f%% with an equivalent tfpatch does not reach."
                     % (len(chosen), what, mean[0], mean[1], mean[2], 100.0 - mean[1] - mean[2]))
    worst = min(pairs, key=lambda k: (shares(k)[1], k))
    n, p, r = shares(worst)
    lines.append("Lowest share with tfpatch: written for %s run on %s, %.2f%% (%.2f%% natively, %.2f%% removed)."
                 % (worst[0], worst[1], p, n, r))
    return lines


def gain(value):
    """Percentage points added by tfpatch, rounded down to 0.1 ("0" for none)."""
    return "0" if value <= 0.0 else "+%.1f" % (math.floor(value * 10 + 1e-9) / 10.0)


def draw(labels, view, path):
    """Three panels over ALL of S's names: natively, what tfpatch adds (percentage
    points), and what is left: removed from T."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: %s not drawn (install it in a throw-away virtual "
              "environment and run this script with its python)" % rel(path))
        return False
    n = len(labels)
    native = [[pct(view[s, t][1], view[s, t][0]) for t in labels] for s in labels]
    added = [[pct(view[s, t][2], view[s, t][0]) - native[i][j] for j, t in enumerate(labels)]
             for i, s in enumerate(labels)]
    removed = [[100.0 * view[s, t][3] / view[s, t][0] for t in labels] for s in labels]
    low = min(min(row) for row in native)
    side = 1.0 + 0.42 * n
    fig, axes = plt.subplots(1, 3, figsize=(3 * side + 1.5, side + 0.8))
    panels = (("% of S's names that resolve natively", native, "RdYlGn",
               max(0.0, math.floor(low / 5.0) * 5.0), 100.0, fmt, False),
              ("+ percentage points tfpatch adds", added, "Greens",
               0.0, max(1.0, max(max(row) for row in added)), gain, True),
              ("% left: removed from T (no equivalent)", removed, "Reds",
               0.0, max(1.0, max(max(row) for row in removed)), fmt_up, True))
    for ax, (title, data, cmap, lo, hi, show, dark_high) in zip(axes, panels):
        image = ax.imshow(data, cmap=cmap, vmin=lo, vmax=hi)
        ax.set_xticks(range(n))
        ax.set_xticklabels(labels, rotation=90, fontsize=7)
        ax.set_yticks(range(n))
        ax.set_yticklabels(labels, fontsize=7)
        ax.set_xlabel("T: release installed")
        ax.set_ylabel("S: release the code was written for")
        ax.set_title(title, fontsize=10)
        for i in range(n):
            for j in range(n):
                value = data[i][j]
                dark = value > lo + (hi - lo) * 0.6 if dark_high else value < lo + (hi - lo) * 0.25
                ax.text(j, i, show(value), ha="center", va="center", fontsize=4.5,
                        color="white" if dark else "black")
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    fig.suptitle("Code written for S, run on T: all of S's public names (natively + tfpatch + left = 100, "
                 "less what has an equivalent tfpatch does not reach)", fontsize=11)
    fig.tight_layout()
    # Deterministic output: no creation date or software version in the metadata.
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return True


_COMPUTED = []


def compute():
    """Everything the outputs are made of: ``(text of the Markdown, labels, user view,
    lines for stdout)``; reads the snapshots and the catalogue, writes nothing.
    Computed once per process."""
    if not _COMPUTED:
        _COMPUTED.append(_compute())
    return _COMPUTED[0]


def _compute():
    snapshots = load_snapshots(quiet=True)
    labels = main_line(snapshots, with_115=False)
    handwritten, generated = load_rules()
    rules = handwritten + generated
    names, members, names_hand, without = {}, {}, {}, {}
    for s in labels:
        for t in labels:
            without[s, t] = []
            names[s, t] = name_cell(snapshots[s], snapshots[t], rules, without[s, t])
            members[s, t] = member_cell(snapshots[s], snapshots[t], rules)
            names_hand[s, t] = name_cell(snapshots[s], snapshots[t], handwritten)
    view = user_view(names, without)

    out = []
    user_lines = user_summary(labels, view)
    name_lines, share, low = summary(labels, names, "public names")
    member_lines, member_share, member_low = summary(labels, members, "class members", "members")
    hand_lines, _, _ = summary(labels, names_hand, "public names, hand-written rules only")
    missing_releases = [l for l in ["2.%d" % m for m in range(22)] if l not in labels]
    most = max(without, key=lambda k: (len(without[k]), k))
    n_most = len(without[most])
    all_most = n_most + names[most][0]
    without_line = ("Names left out as having no equivalent at all on T: at most %d of %d (%.1f%%), written for "
                    "%s and run on %s; mostly %s." % (n_most, all_most, pct(n_most, all_most), most[0], most[1],
                                                     ", ".join("`%s` %d" % kv for kv in prefix_counts(without[most])[:6])))

    out.append("# Resolution matrix")
    out.append("")
    out.append("Generated by `python tools/resolution_matrix.py` from `history/snapshots/` and the catalogue "
               "(hand-written rows plus `tfpatch/rules/generated.py`, %d + %d rows, blocked rows not used); "
               "do not edit (`python tools/resolution_matrix.py --check` tells whether it is up to date)."
               % (len(handwritten), len(generated)))
    out.append("")
    out.append("Rows: S, the release the code was written for. Columns: T, the release installed.")
    if missing_releases:
        out.append("")
        out.append("No snapshot yet for %s: not in the tables." % ", ".join(missing_releases))
    out.append("")
    out.append("![What code written for S meets on T](resolution-matrix.png)")
    out.append("")
    out.append("## What a user meets")
    out.append("")
    out.append("Over ALL of S's public names, each cell is `native/tfpatch/removed`: the percentage that "
               "resolves on T without tfpatch, the percentage that resolves with it, and the percentage "
               "removed, that has no equivalent at all on T (no path naming the same object, no catalogue "
               "row, no `compat.v1.<name>`), which no alias can bring back. What is missing from 100 "
               "besides the removed names has an equivalent on T that tfpatch does not reach (the tables "
               "further down count those). The first two are rounded down to 0.1 (`100`: every name "
               "resolves), the removed share up (`0`: none). The snapshots record `compat.v1` one "
               "level deep, so a TF1 name below it that tfpatch serves from `compat.v1` on T "
               "(`tf.train.experimental.FixedLossScale`) is counted as removed.")
    out.append("")
    for line in user_lines:
        out.append("* " + line)
    out.append("")
    out.append("### native/tfpatch/removed, % of all of S's public names")
    out.append("")
    out.append(user_table(labels, view))
    out.append("## tfpatch's coverage")
    out.append("")
    out.append("Each cell is `native/tfpatch`: over S's public names that have an equivalent on T "
               "(the same path, a path naming the same object, a catalogue row leading to a "
               "spelling T has, or `compat.v1.<name>` on T), the percentage that resolves on T "
               "without tfpatch and with it. Shares are rounded down to 0.1; `100` means every name "
               "resolves.")
    out.append("")
    for line in name_lines + member_lines + hand_lines + [without_line]:
        out.append(("    * " + line.strip()) if line.startswith("  ") else "* " + line)
    out.append("")
    out.append("### Public names")
    out.append("")
    out.append(table(labels, names, "native/tfpatch, % of the names with an equivalent on T").replace("### ", "#### ", 1))
    out.append("### Class members")
    out.append("")
    out.append("Members of the classes whose members the snapshots record (`distribute`, `keras.optimizers`, "
               "`keras.mixed_precision`, `keras.callbacks`, `data.Dataset`, `keras.Model`, `keras.Sequential`, "
               "`keras.layers.Layer`, `keras.metrics.Metric`); Method rows apply here.")
    out.append("")
    out.append(table(labels, members, "native/tfpatch, % of the members with an equivalent on T").replace("### ", "#### ", 1))
    for title, cells, shares, lows, depth in (("public names", names, share, low, 2),
                                              ("class members", members, member_share, member_low, 3)):
        if not lows:
            continue
        out.append("### What the pairs under %.0f%% miss (%s)" % (THRESHOLD, title))
        out.append("")
        out.append("Those with an equivalent on T that tfpatch does not resolve, counted by the first %d parts "
                   "of the path, for the ten lowest pairs:" % depth)
        out.append("")
        for s, t in lows[:10]:
            counts = prefix_counts(cells[s, t][3], depth)
            out.append("* %s -> %s (%.2f%%): %s" % (s, t, shares[s, t], ", ".join(
                "`%s` %d" % kv for kv in counts[:8])))
        out.append("")
    text = "\n".join(out).rstrip() + "\n"
    stdout = [table(labels, names, "Public names with an equivalent on T: native/tfpatch (%), rows S written "
                                   "for, columns T installed"),
              table(labels, members, "Class members: native/tfpatch (%)")]
    stdout += user_lines + name_lines + member_lines + hand_lines + [without_line]
    return text, labels, view, stdout


def check():
    """``[]`` when docs/resolution-matrix.md is what the snapshots and the catalogue give,
    else lines saying how it differs."""
    from generate_rules import text_differences
    return text_differences(MD, compute()[0])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory; exit 1 if %s differs (the PNG is not compared)" % rel(MD))
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        if problems:
            print("\n".join(problems))
            print("run: python tools/resolution_matrix.py")
            return 1
        print("%s is up to date" % rel(MD))
        return 0
    text, labels, view, stdout = compute()
    for line in stdout:
        print(line)
    os.makedirs(DOCS, exist_ok=True)
    with open(MD, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s" % rel(MD))
    if draw(labels, view, PNG):
        print("wrote %s" % rel(PNG))
    return 0


if __name__ == "__main__":
    sys.exit(main())
