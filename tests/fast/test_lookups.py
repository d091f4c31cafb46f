"""The per-use lookups (tfpatch/_server.py): the answers, the notices, the counts."""
import sys
import threading
import warnings

import pytest

import tfpatch
from tfpatch import _server
from tfpatch._engine import MethodAlias
from tfpatch._notices import NOTICES

from fakes import run_user_code


def test_engine_uses_the_python_lookups(fake_tf):
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    alias = vars(tf.distribute.Strategy.__mro__[1])["experimental_run_v2"]
    hook = vars(tf.keras.mixed_precision)["__getattr__"]
    assert isinstance(alias, MethodAlias) and type(alias) is _server.MethodAlias
    assert type(hook) is _server.ModuleHook


def test_method_alias_counts_each_site_and_tells_once(new_tf):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ns = run_user_code(
            "import tensorflow as tf\n"
            "s = tf.distribute.Strategy()\n"
            "got = []\n"
            "for _ in range(5):\n"
            "    got.append(s.experimental_run_v2)\n"
            "    got.append(s.experimental_run_v2)\n"   # a second site on its own line
            "cls = tf.distribute.Strategy.experimental_run_v2\n")
    s = ns["s"]
    assert all(m == s.run for m in ns["got"])
    assert ns["cls"] is type(s).run
    assert sorted(w.lineno for w in caught) == [5, 6, 7]
    assert sorted(NOTICES.uses.values()) == [1, 5, 5]


def test_two_sites_on_one_line_are_two_sites(new_tf):
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        run_user_code("import tensorflow as tf\n"
                      "s = tf.distribute.Strategy()\n"
                      "for _ in range(3):\n"
                      "    a, b = s.experimental_run_v2, s.experimental_run_v2\n")
    # one notice for the line (the notices are per file:line) ...
    assert list(NOTICES.uses.values()) == [6]
    # ... and both offsets are known sites: no more calls into Python
    alias = vars(type(new_tf.distribute.Strategy()).__mro__[1])["experimental_run_v2"]
    assert len(alias.sites) == 2


def test_overrides_and_instance_attributes_win(new_tf):
    Strategy = new_tf.distribute.Strategy

    class Mine(Strategy):
        def experimental_run_v2(self, fn):
            return "own"

    s = Strategy()
    s.__dict__["experimental_run_v2"] = "instance"
    assert Mine().experimental_run_v2(None) == "own"
    assert s.experimental_run_v2 == "instance"
    assert NOTICES.uses == {}


def test_strict_mode_raises_at_every_use(fake_tf):
    fake_tf("new")
    tfpatch.activate(strict=True)
    import tensorflow as tf
    s = tf.distribute.Strategy()
    for _ in range(3):
        with pytest.raises(tfpatch.TFPatchStrictError):
            s.experimental_run_v2
        with pytest.raises(tfpatch.TFPatchStrictError):
            tf.keras.mixed_precision.experimental
    assert sorted(NOTICES.uses.values()) == [3, 3]


def test_warning_as_error_propagates_from_the_lookup(new_tf):
    s = new_tf.distribute.Strategy()
    with warnings.catch_warnings():
        warnings.simplefilter("error", tfpatch.TFPatchDeprecationWarning)
        with pytest.raises(tfpatch.TFPatchDeprecationWarning):
            s.experimental_run_v2
        with pytest.raises(tfpatch.TFPatchDeprecationWarning):
            new_tf.keras.mixed_precision.experimental


def test_served_name_counts_each_site_and_misses_raise_as_before(new_tf):
    mp = new_tf.keras.mixed_precision
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ns = run_user_code("import tensorflow as tf\n"
                           "got = [tf.keras.mixed_precision.experimental for _ in range(4)]\n"
                           "again = getattr(tf.keras.mixed_precision, 'experimental')\n")
    assert len({id(m) for m in ns["got"] + [ns["again"]]}) == 1
    assert [w.lineno for w in caught] == [2, 3]
    assert sorted(NOTICES.uses.values()) == [1, 4]
    with pytest.raises(AttributeError) as missing:
        mp.no_such_name
    assert str(missing.value).startswith("module '%s' has no attribute 'no_such_name'" % mp.__name__)


def test_lookups_from_threads_and_generators(new_tf):
    s = new_tf.distribute.Strategy()
    errors = []

    def work():
        try:
            for _ in range(200):
                assert s.experimental_run_v2 == s.run
                new_tf.keras.mixed_precision.experimental
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    gen = (s.experimental_run_v2 for _ in range(3))
    assert all(m == s.run for m in gen)
    assert errors == []
    assert sum(NOTICES.uses.values()) == 4 * 200 * 2 + 3


def test_undo_removes_both_kinds(new_tf):
    Strategy = new_tf.distribute.Strategy
    tfpatch.deactivate()
    assert not hasattr(Strategy(), "experimental_run_v2")
    assert "__getattr__" not in vars(new_tf.keras.mixed_precision)


@pytest.mark.parametrize("filename", ["__autograph_generated_fileab12cd.py",   # 2.7+
                                      "tmpab12cd.py"])                         # 2.4-2.6
def test_a_use_inside_tf_function_is_told_at_the_users_line(filename):
    """Autograph runs its rewrite of the user's function from a temporary file, named by
    release; the notice goes to the user's line its source map gives, whatever the name."""
    from tfpatch import _notices
    source = ("def factory(ag__):\n"
              "    def tf__step():\n"
              "        ag__\n"
              "        return sys._getframe()\n"
              "    return tf__step\n")
    namespace = {"sys": sys}
    exec(compile(source, filename, "exec"), namespace)
    step = namespace["factory"](object())

    class Loc(object):
        filename, lineno = "train.py", 51

    class Origin(object):
        loc = Loc()
    step.ag_source_map = {(filename, 4): Origin()}
    assert _notices.call_site(step())[:2] == ("train.py", 51)


def test_a_call_made_through_autograph_is_told_at_the_users_line():
    """Converted code calls what autograph does not convert (an adapter's function) through
    ag__.converted_call: the notice walks out of autograph's frames to the user's."""
    import os
    from tfpatch import _notices
    api = os.sep.join(["", "site-packages", "tensorflow", "python", "autograph", "impl", "api.py"])
    namespace = {"sys": sys}
    exec(compile("def converted_call(f):\n    return f()\n", api, "exec"), namespace)
    exec(compile("def step(call):\n    return call(lambda: sys._getframe(1))\n", "train.py", "exec"), namespace)
    frame = namespace["step"](namespace["converted_call"])
    assert frame.f_code.co_filename == api
    assert _notices.call_site(frame)[:2] == ("train.py", 2)
