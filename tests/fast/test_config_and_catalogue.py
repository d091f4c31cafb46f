"""Settings from the environment, the catalogue's shape, the watched names."""
import pytest

from tfpatch import _config
from tfpatch._namespaces import watched_names
from tfpatch.rules import CATALOGUE, by_id
from tfpatch._api import parse_release
from tfpatch.rules._kinds import matters_on

KNOWN = by_id()


@pytest.mark.parametrize("environ, expected, problem", [
    ({}, (None, "warning", set()), None),
    ({"TFPATCH": "0"}, (False, "warning", set()), None),
    ({"TFPATCH": " Off "}, (False, "warning", set()), None),
    ({"TFPATCH": "1"}, (True, "warning", set()), None),
    ({"TFPATCH": "yes"}, (True, "warning", set()), None),
    ({"TFPATCH": ""}, (None, "warning", set()), "TFPATCH=''"),
    ({"TFPATCH": "maybe"}, (None, "warning", set()), "TFPATCH='maybe' is not understood; accepted: 1, true"),
    ({"TFPATCH": "x" * 10000}, (None, "warning", set()), "(10000 characters)"),
    ({"TFPATCH_LOG": "debug"}, (None, "debug", set()), None),
    ({"TFPATCH_LOG": "OFF"}, (None, "off", set()), None),
    ({"TFPATCH_LOG": "loud"}, (None, "warning", set()), "TFPATCH_LOG='loud' is not understood; accepted: debug, info"),
    ({"TFPATCH_DISABLE": "data.AUTOTUNE, distribute.TPUStrategy"},
     (None, "warning", {"data.AUTOTUNE", "distribute.TPUStrategy"}), None),
    ({"TFPATCH_DISABLE": ",,"}, (None, "warning", set()), None),
    # ids that name a call hold commas of their own: only those outside parentheses separate
    ({"TFPATCH_DISABLE": "keras.layers.Layer.add_weight(name, shape),data.AUTOTUNE,"
                         "keras.mixed_precision.LossScaleOptimizer(optimizer, dynamic)"},
     (None, "warning", {"keras.layers.Layer.add_weight(name, shape)", "data.AUTOTUNE",
                        "keras.mixed_precision.LossScaleOptimizer(optimizer, dynamic)"}), None),
    ({"TFPATCH_DISABLE": "data.AUTOTUNE)(,distribute.TPUStrategy"},
     (None, "warning", {"distribute.TPUStrategy"}), "unknown rule id 'data.AUTOTUNE)('"),
    ({"TFPATCH_DISABLE": "data.AUTOTUN"}, (None, "warning", set()),
     "unknown rule id 'data.AUTOTUN' (ignored); did you mean 'data.AUTOTUNE'?"),
    ({"TFPATCH_LGO": "debug"}, (None, "warning", set()), "TFPATCH_LGO is not a tfpatch variable"),
])
def test_environment(environ, expected, problem):
    config = _config.from_environ(environ, KNOWN)
    assert (config.enabled, config.log_level, set(config.disabled)) == expected
    if problem is None:
        assert config.problems == []
    else:
        assert len(config.problems) == 1 and problem in config.problems[0]


@pytest.mark.parametrize("rule", CATALOGUE, ids=[r.id for r in CATALOGUE])
def test_rule_is_well_formed(rule):
    assert rule.kind in ("rename", "method", "namespace", "fallback", "adapter")
    parse_release(rule.since)
    if rule.until:
        assert parse_release(rule.until) >= parse_release(rule.since)  # equal: an abrupt rename
    if rule.kind == "rename":
        assert rule.modern != rule.legacy
        assert rule.modern.rpartition(".")[2] and rule.legacy.rpartition(".")[2]
    if rule.blocked is not None:
        assert len(rule.blocked) > 20  # the reason is written next to the rule


def test_rule_ids_are_unique():
    assert len(by_id()) == len(CATALOGUE)


def test_watched_names_are_the_public_objects_only():
    watched = watched_names({"distribute", "data.experimental", "keras.mixed_precision"})
    assert watched["tensorflow._api.v2.distribute"] == "distribute"
    assert watched["tensorflow._api.v2.compat.v2.distribute"] == "distribute"
    assert watched["tensorflow_core._api.v2.distribute"] == "distribute"
    assert watched["keras._tf_keras.keras.mixed_precision"] == "keras.mixed_precision"
    assert watched["keras.mixed_precision"] == "keras.mixed_precision"
    assert watched["tensorflow.keras.mixed_precision"] == "keras.mixed_precision"
    assert "tensorflow.distribute" not in watched         # internal package from 2.7
    assert "tensorflow.python.distribute" not in watched
    assert "keras" not in watched                         # Keras 3's package itself is not tf.keras
    assert "json" not in watched


@pytest.mark.parametrize("text, expected", [("2.3", (2, 3)), ("2.15.1", (2, 15)), (" 2.21 ", (2, 21))])
def test_parse_release(text, expected):
    assert parse_release(text) == expected


@pytest.mark.parametrize("text", ["", "2", "two.three", "2.3.4.5", "2.x", "9" * 50])
def test_parse_release_rejects(text):
    with pytest.raises(ValueError) as err:
        parse_release(text)
    assert "accepted: MAJOR.MINOR" in str(err.value)


@pytest.mark.parametrize("version, expected", [("2.3.4", (2, 3)), ("2.16.0-rc1", (2, 16)), ("2.21.0", (2, 21)),
                                               ("nightly", None), (None, None)])
def test_release_of_a_tensorflow_module(version, expected):
    import types
    from tfpatch.rules._kinds import release_of
    tf = types.ModuleType("tensorflow")
    if version is not None:
        tf.__version__ = version
    assert release_of(tf) == expected


def test_matters_on():
    tpu = by_id()["distribute.TPUStrategy"]
    assert matters_on(tpu, (2, 2)) and not matters_on(tpu, (2, 3))
    run = by_id()["distribute.Strategy.run"]
    assert matters_on(run, (2, 1)) and not matters_on(run, (2, 3)) and matters_on(run, (2, 4))
    # a newer call mended on older releases, from the first that refuses it: 2.0's compile()
    # takes any keyword, 2.1-2.7's refuse jit_compile=, 2.8+ take it
    jit = by_id()["keras.Model.compile(jit_compile=)"]
    assert [matters_on(jit, (2, minor)) for minor in (0, 1, 7, 8)] == [False, True, True, False]
