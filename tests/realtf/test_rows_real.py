"""Every catalogue row, generated ones included, proven on the real releases of the run.

For each row the test makes its own program from the row: on a release that has one
spelling and lacks the other, the lookup of the missing spelling fails without
tfpatch (AttributeError) and, with tfpatch, resolves to the very same object as the
other spelling (a method: the same function; a namespace: a module serving the
names declared under it as their new home does; a rename with an adapter: the
adapter's wrapper of it).  A blocked row must stay missing.  Adapter rows (and the
TF1 fallback's calls) are proven by the hand-written cases that name them
(cases.py): on a release where the row matters, one of them must break there.

All rows of a release are looked up in one interpreter per mode (rows_probe.py).
On the plain releases (not the tf_keras / Keras 3.0 variants) the lookups also
check each row's numbers: the modern spelling is missing exactly before ``since``
and the legacy one from ``until`` on.
"""
import gzip
import json

import pytest

from cases import CASES
from cases import release_of as keras_or_tf_release
from realenv import PROVEN, ROOT, TF2_ENVS, release_of, run_python
from tfpatch.rules import CATALOGUE
from tfpatch.rules._kinds import matters_on, parse_release
from tfpatch.rules.overrides import MISSING_HOMES, NOT_ON, NOT_ON_CPU

pytestmark = pytest.mark.realtf

# The TF1 fallback is proven through names TensorFlow 2 keeps only under tf.compat.v1.
FALLBACK_NAMES = ("Session", "compat.v1.Session")


def probe_row(rule):
    """The row as rows_probe.py reads it, or None for a row proven by hand-written cases."""
    if rule.kind == "rename":
        return {"id": rule.id, "kind": "rename", "spellings": [rule.modern, rule.legacy]}
    if rule.kind == "method":
        return {"id": rule.id, "kind": "method", "owner": rule.owner, "names": [rule.modern, rule.legacy]}
    if rule.kind == "namespace":
        prefix = rule.path + "."
        names = [[r.legacy[len(prefix):], r.modern, bool(r.adapter), r.id] for r in CATALOGUE
                 if r.kind == "rename" and not r.blocked and r.legacy.startswith(prefix)
                 and "." not in r.legacy[len(prefix):]]
        return {"id": rule.id, "kind": "namespace", "spellings": [rule.path, rule.moved_to], "names": names}
    if rule.kind == "fallback":
        return {"id": rule.id, "kind": "fallback", "spellings": list(FALLBACK_NAMES)}
    return None


PROBED = [probe_row(r) for r in CATALOGUE if probe_row(r) is not None]
BY_CASES = [r for r in CATALOGUE if probe_row(r) is None]
ROWS = {r.id: r for r in CATALOGUE}
SERVED_NAMESPACES = {r.path for r in CATALOGUE if r.kind == "namespace" and not r.blocked}


@pytest.fixture(scope="session")
def row_results(tmp_path_factory):
    """``row_results(env, mode)``: rows_probe.py's JSON, one run per release and mode."""
    cache = {}
    workdir = tmp_path_factory.mktemp("rows")
    rows_file = workdir / "rows.json"
    rows_file.write_text(json.dumps(PROBED))

    def get(env, mode):
        if (env, mode) not in cache:
            out = workdir / ("%s-%s.json" % (env, mode))
            extra = {"PYTHONPATH": str(ROOT)} if mode == "import" else {}
            proc = run_python(env, [str(ROOT / "tests" / "realtf" / "rows_probe.py"), mode, str(rows_file),
                                    str(out)], timeout=300, **extra)
            if proc.returncode != 0 or not out.exists():
                pytest.fail("rows_probe.py failed on %s (%s), exit %s:\n%s"
                            % (env, mode, proc.returncode, proc.stderr[-4000:]), pytrace=False)
            cache[env, mode] = json.loads(out.read_text())
        return cache[env, mode]
    return get


def plain(env):
    return "-" not in env   # the tf_keras and Keras 3.0 variants are not what the rows' numbers describe


def not_on(rule, env):
    """The reason ``rule`` cannot be served on ``env`` (tfpatch/rules/overrides.py), or None."""
    release = release_of(env)
    for since, until, why in NOT_ON.get(rule.id, ()):
        if (since is None or release >= parse_release(since)) and (until is None or release < parse_release(until)):
            return why
    return None


def _history():
    with gzip.open(str(ROOT / "tfpatch" / "data" / "history.json.gz"), "rt") as f:
        return json.load(f)


HISTORY = _history()


def in_history(path, env):
    """Whether the shipped history says ``tf.<path>`` exists on ``env``'s release (None: not
    recorded there, as for the Keras 3.0 variant or a name the history does not list)."""
    label = "%d.%d" % release_of(env) + ("-tf_keras" if env.endswith("-tf_keras") else "")
    if label not in HISTORY["releases"] or "-keras3." in env:
        return None
    bits = HISTORY["names"].get(path) or HISTORY["members"].get(path)
    if bits is None:
        return None
    return bool(int(bits, 16) >> HISTORY["releases"].index(label) & 1)


def spellings(rule):
    if rule.kind == "namespace":
        return {"modern": rule.path, "legacy": rule.moved_to}
    if rule.kind == "method":
        return {"modern": rule.owner + "." + rule.modern, "legacy": rule.owner + "." + rule.legacy}
    if rule.kind == "fallback":
        return dict(zip(("modern", "legacy"), FALLBACK_NAMES))
    return {"modern": rule.modern, "legacy": rule.legacy}


def check_numbers(rule, env, native):
    """What the release has agrees with the row's numbers (on a plain release: the modern
    spelling is missing before ``since``, the legacy one from ``until`` on) and with the
    shipped history (tfpatch/data/history.json.gz) for both spellings."""
    if "owner" in native:
        return
    missing = {k: native[k] is not True for k in ("modern", "legacy") if k in native}
    names = spellings(rule)
    if plain(env) and rule.kind != "fallback":
        release = release_of(env)
        # (a rename with an adapter dates its call, not its name: BatchNormalization(synchronized=))
        if rule.kind != "namespace" and not getattr(rule, "adapter", None) and rule.since \
                and release < parse_release(rule.since):
            assert missing["modern"], "tf.%s is there on %s; the row says it arrived in %s" % (
                names["modern"], env, rule.since)
        if rule.until and release >= parse_release(rule.until):
            which = "modern" if rule.kind == "namespace" else "legacy"
            assert missing[which], "tf.%s is there on %s; the row says it left in %s" % (
                names[which], env, rule.until)
    for which, path in names.items():
        expected = in_history(path, env)
        if expected is not None and which in missing:
            assert missing[which] != expected, "tf.%s is %s on %s; the history says the opposite" % (
                path, "missing" if missing[which] else "there", env)


def verdict(rule, env, native, patched):
    """How ``rule`` is proven on ``env``: "lookup" (served, the very object), "blocked" (left
    missing), "chained" (neither spelling native, both served as one object through another
    row), "present" (nothing missing), "neither" (nothing to serve from), "cannot: <why>"
    (overrides.py); AssertionError when tfpatch fails it."""
    if "owner" in native:
        assert native["owner"].startswith("AttributeError"), native["owner"]
        why = MISSING_HOMES.get(rule.owner)
        assert why, "tf.%s itself is missing on %s (%s): say why in tfpatch/rules/overrides.py MISSING_HOMES" % (
            rule.owner, env, native["owner"])
        return "cannot: " + why
    have = {k: native[k] is True for k in ("modern", "legacy")}
    if rule.kind == "namespace":
        if have["modern"]:
            return "present"
        assert native["modern"].startswith("AttributeError"), native["modern"]
        if not have["legacy"]:
            assert patched["modern"] is not True, "a namespace served with no home"
            return "neither"
        ids = {leaf: row_id for leaf, _, _, row_id in probe_row(rule)["names"]}
        found = patched.get("names", {})
        if ids and not any(found.get(leaf, {}).get("home") is True and not not_on(ROWS[row_id], env)
                           for leaf, row_id in ids.items()):
            # none of its names has a home here, or can be served from it (overrides.NOT_ON):
            # an empty namespace would only mislead feature tests (hasattr): it stays missing
            assert patched["modern"] == native["modern"], "tfpatch changed the error: %s" % patched["modern"]
            return "cannot: none of its names can be served on this release"
        assert patched["modern"] is True and patched["module"], "tf.%s is not served on %s: %s" % (
            rule.path, env, patched["modern"])
        for leaf, found in sorted(patched["names"].items()):
            if found["served"] is not True and not_on(ROWS[ids[leaf]], env):
                continue   # the row of that name cannot be served here, and says why
            if found["home"] is True:
                assert found["same"] or found["wraps"], "tf.%s.%s is not tf.%s's object: %r" % (
                    rule.path, leaf, rule.moved_to, found)
            else:
                assert found["served"] is not True, "tf.%s.%s served with no home" % (rule.path, leaf)
        return "lookup"
    if have["modern"] and have["legacy"]:
        assert patched["modern"] is True and patched["legacy"] is True
        return "present"
    if not have["modern"] and not have["legacy"]:
        if patched["modern"] is True or patched["legacy"] is True:
            homeless = [spellings(rule)[w].rpartition(".")[0] for w in ("modern", "legacy")
                        if patched[w] is not True and native.get(w + "_parent", True) is not True]
            if homeless and homeless[0] in MISSING_HOMES:   # one spelling has no home here
                assert all(patched[w] == native[w] for w in ("modern", "legacy") if patched[w] is not True)
                return "cannot: " + MISSING_HOMES[homeless[0]]
            # served through another row (keras.metrics.log_cosh -> keras.losses.log_cosh ->
            # keras.losses.logcosh) or the TF1 fallback: one object under every spelling
            assert patched.get("same") is True, "the spellings resolve to different objects: %r" % (patched,)
            return "chained"
        return "neither"
    missing = "modern" if not have["modern"] else "legacy"
    assert native[missing].startswith("AttributeError"), "the missing spelling fails with %s" % native[missing]
    if rule.blocked:
        assert patched[missing] is not True, "a blocked row was served: %s" % rule.blocked
        parent = spellings(rule)[missing].rpartition(".")[0]
        if native.get(missing + "_parent", True) is not True and parent in SERVED_NAMESPACES \
                and patched.get(missing + "_parent", True) is True:
            # its namespace is served for the other names in it: the error is the served
            # module's, naming the name
            leaf = spellings(rule)[missing].rpartition(".")[2]
            assert patched[missing].startswith("AttributeError") and repr(leaf) in patched[missing], \
                patched[missing]
            return "blocked"
        assert patched[missing] == native[missing], "a blocked row changed the error"
        return "blocked"
    parent = spellings(rule)[missing].rpartition(".")[0]
    if native.get(missing + "_parent", True) is not True and parent not in SERVED_NAMESPACES:
        why = MISSING_HOMES.get(parent)
        assert why, ("tf.%s is missing on %s and no row serves it, so tf.%s cannot be served: say why in "
                     "tfpatch/rules/overrides.py MISSING_HOMES" % (parent, env, spellings(rule)[missing]))
        assert patched[missing] == native[missing], "tfpatch changed the error"
        return "cannot: " + why
    reason = not_on(rule, env)
    if reason is not None:
        assert patched[missing] is not True, "served, though overrides.NOT_ON says it cannot be: " + reason
        return "cannot: " + reason
    assert patched[missing] is True, "with tfpatch the missing spelling still fails: %s" % patched[missing]
    if getattr(rule, "adapter", None):
        assert patched["wraps"] or patched["same"], "the served object is not the adapter's wrapper of the other"
        assert cases_for(rule), "a rename with an adapter needs a hand-written case"
    else:
        assert patched["same"] is True, "the two spellings resolve to different objects with tfpatch"
    return "lookup"


def cases_for(rule):
    return [c for c in CASES if rule.id in c.rules]


PAIRS = [(env, r) for env in TF2_ENVS for r in CATALOGUE if probe_row(r) is not None]


@pytest.mark.parametrize("env, rule", PAIRS, ids=["%s-%s" % (r.id, e) for e, r in PAIRS])
def test_row_on_release(row_results, env, rule):
    native = row_results(env, "none")["rows"][rule.id]
    patched = row_results(env, "import")["rows"][rule.id]
    check_numbers(rule, env, native)
    how = verdict(rule, env, native, patched)
    PROVEN.setdefault(rule.id, {})[env] = how


# (an adapter of a Keras call matters by the Keras tf.keras gives: tf_keras is Keras 2.15's API;
# tf.compat.v1.layers is Keras code too, though the row acts on TensorFlow's compat.v1)
KERAS_CALLS_IN_TF_MODULES = {"tf1.layers"}


def _about_keras(rule):
    return rule.kind == "adapter" and (rule.target.startswith("keras") or rule.id in KERAS_CALLS_IN_TF_MODULES)


ADAPTER_PAIRS = [(env, r) for env in TF2_ENVS for r in BY_CASES
                 if matters_on(r, keras_or_tf_release(env, keras=_about_keras(r)))]


@pytest.mark.parametrize("env, rule", ADAPTER_PAIRS, ids=["%s-%s" % (r.id, e) for e, r in ADAPTER_PAIRS])
def test_adapter_row_has_a_case_on_release(env, rule):
    """An adapter row is proven on a release where it matters by a hand-written case that
    breaks there (test_catalogue_real.py runs it), or says why it cannot serve it."""
    if rule.v1_only:   # TFPATCH_V1=1 only: test_tf1_args_real.py and test_tf1_namespaces_real.py run them
        PROVEN.setdefault(rule.id, {})[env] = "v1 mode: tests/realtf/test_tf1_*_real.py"
        return
    reason = not_on(rule, env)
    breaking = [c.id for c in cases_for(rule) if env in c.breaks]
    if reason is not None:
        PROVEN.setdefault(rule.id, {})[env] = "cannot: " + reason
        return
    assert breaking, "no hand-written case of %s breaks on %s, where the row matters" % (rule.id, env)
    PROVEN.setdefault(rule.id, {})[env] = "case " + breaking[0]


@pytest.mark.parametrize("env", TF2_ENVS)
def test_the_probe_ran_on_the_release(row_results, env):
    expected = "%d.%d." % release_of(env)
    for mode in ("none", "import"):
        data = row_results(env, mode)
        assert data["tf_version"].startswith(expected), data["tf_version"]
        assert data["tfpatch_loaded"] == (mode == "import")


def test_not_on_cpu_rows_are_in_the_catalogue():
    """The notes of rows whose calls need hardware name rows that exist (none turned off)."""
    assert set(NOT_ON_CPU) <= set(ROWS), sorted(set(NOT_ON_CPU) - set(ROWS))
    assert set(NOT_ON) <= set(ROWS), sorted(set(NOT_ON) - set(ROWS))


def provable_on(rule):
    """The environments (all of tools/tfenvs.py RELEASES, not only this run's) where the shipped
    history says ``rule`` has one spelling and lacks the other, under a namespace that exists."""
    from cases import TF2
    found = []
    for env in TF2:
        have = {k: in_history(p, env) for k, p in spellings(rule).items()}
        if None in have.values() or have["modern"] == have["legacy"]:
            continue
        missing = "modern" if not have["modern"] else "legacy"
        parent = spellings(rule)[missing].rpartition(".")[0]
        if parent and parent not in SERVED_NAMESPACES and in_history(parent, env) is False:
            continue
        if not_on(rule, env):
            continue
        found.append(env)
    return found


@pytest.mark.parametrize("rule", [r for r in CATALOGUE if probe_row(r) is not None and not r.blocked
                                  and r.kind != "fallback"], ids=lambda r: r.id)
def test_every_row_has_a_release_to_be_proven_on(rule):
    """No TF: every row that is not blocked has, among all the releases tfpatch supports,
    one where the history says it can be proven (the rotation reaches it), or a reason
    why no release can serve it (tfpatch/rules/overrides.py)."""
    if provable_on(rule):
        return
    names = spellings(rule)
    homes = [p.rpartition(".")[0] for p in names.values()] + ([rule.owner] if rule.kind == "method" else [])
    assert any(h in MISSING_HOMES for h in homes) or rule.id in NOT_ON, (
        "%s can be proven on no release: block it or say why in tfpatch/rules/overrides.py" % rule.id)
