"""The C types of tfpatch._speedups on their own: misuse raises, cycles are
collected, and a call site recorded in Python is known in C."""
import gc
import sys

import pytest

from tfpatch import _engine


@pytest.fixture
def speedups():
    if _engine._speedups is None:
        pytest.fail("tfpatch._speedups is not built for this Python (%s): run "
                    "`python tools/build_speedups.py` (scripts/test.sh does)" % _engine.SPEEDUPS_ERROR)
    return _engine._speedups


def test_c_getattr_base_misused_raises_not_crashes(speedups):
    class Hook(speedups.ServedGetattr):
        def slow(self, name):
            return "slow:" + name

    with pytest.raises(TypeError):
        Hook()
    with pytest.raises(TypeError):
        Hook(1, 2, 3, 4, 5, 6, module=None)
    hook = Hook("engine", None, "path", ("path",), None, "module")
    assert (hook._tfpatch_engine, hook._tfpatch_paths, hook._module, hook._table) == \
        ("engine", ("path",), "module", None)
    with pytest.raises(AttributeError):   # the state is set once, at construction
        hook._module = "another"
    assert hook("x") == "slow:x"          # an empty cache: everything is slow
    hook.cache = "not a dict"
    assert hook("x") == "slow:x"
    hook.cache = {"x": "not a hit tuple", "y": ({}, 1, None)}
    assert hook("x") == "slow:x"
    with pytest.raises(TypeError):
        hook()
    with pytest.raises(TypeError):
        hook("x", name="y")
    with pytest.raises(AttributeError):   # a new site and no _first_use: Python's own error
        hook("y")
    bare = speedups.ServedGetattr.__new__(speedups.ServedGetattr)
    with pytest.raises(AttributeError):   # never initialised, no slow: the same
        bare("x")


def test_c_descriptor_before_setup_raises_not_crashes(speedups):
    class Half(speedups.MethodAliasBase):
        pass

    class Owner(object):
        name = Half()

    with pytest.raises(TypeError):
        Owner().name
    half = Owner.__dict__["name"]
    half.other, half.sites = "__class__", {}
    with pytest.raises(AttributeError):  # no _first_use: Python's own error, nothing swallowed
        Owner().name
    half.sites = "not a dict"
    with pytest.raises(TypeError):
        Owner().name
    half.sites = {}
    Half._first_use = lambda self, frame: self.sites.__setitem__((id(frame.f_code), frame.f_lasti), [0])
    assert Owner().name is Owner
    assert Owner.name is type
    assert len(half.sites) == 2


def test_c_types_are_collected(speedups):
    class Hook(speedups.ServedGetattr):
        __slots__ = ("note",)

    gc.collect()
    before = sum(type(o) is Hook for o in gc.get_objects())
    for _ in range(200):
        module = type(sys)("m")
        hook = Hook(None, None, "", ("",), None, module)
        module.__getattr__ = hook                # a cycle through the module
        hook.cache = {"me": ({}, hook, None)}   # one through the cache
        hook.note = hook                         # and one through a slot
    del hook, module
    gc.collect()
    assert sum(type(o) is Hook for o in gc.get_objects()) == before


def test_frame_keys_match_python_spelling(speedups):
    """A site recorded in Python is known in C: the keys are spelled alike."""
    told = []

    class Alias(speedups.MethodAliasBase):
        def _first_use(self, frame):
            told.append(frame.f_lineno)
            self.sites[(id(frame.f_code), frame.f_lasti)] = [1]

    class Owner(object):
        def target(self):
            return 1

    alias = Alias()
    alias.other, alias.sites = "target", {}
    Owner.old = alias
    o = Owner()
    for _ in range(3):
        assert o.old() == 1
    assert len(told) == 1 and list(alias.sites.values()) == [[3]]
    assert sys.getrefcount(alias) < 10
