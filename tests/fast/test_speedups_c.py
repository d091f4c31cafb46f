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


def test_submodules_matches_python(speedups):
    """The C walk step answers what the Python one does: plain modules only,
    public names only, dict order; anything but a dict is refused."""
    import types

    class Lazy(types.ModuleType):  # a module subclass (a lazy loader): left alone
        pass

    plain, other = types.ModuleType("plain"), types.ModuleType("other")
    d = {"a": plain, "_private": plain, "lazy": Lazy("lazy"), "f": len, "b": other, "": plain, 1: plain}
    assert speedups.submodules(d) == _engine._py_submodules(d) == [("a", plain), ("b", other), ("", plain)]
    assert speedups.submodules({}) == []
    with pytest.raises(TypeError):
        speedups.submodules([("a", plain)])


def test_path_hook_asks_the_hooks_after_it_and_considers_only_what_matters(speedups, monkeypatch, tmp_path):
    from _frozen_importlib_external import FileFinder
    import types
    considered, delegated = [], []
    wanted, top, other = str(tmp_path / "wanted"), str(tmp_path / "top"), str(tmp_path / "other")

    def refuse(path):
        raise ImportError("not mine")

    def make(path):
        return FileFinder(path)

    hook = speedups.PathHook(lambda path, finder: considered.append((path, type(finder))), {wanted},
                             ("fakeroot",), FileFinder, lambda path: delegated.append(path) or "fallback")
    assert hook._tfpatch_hook is True and hook.dirs == {wanted}
    package = types.ModuleType("fakeroot")
    package.__path__ = [top]
    monkeypatch.setitem(sys.modules, "fakeroot", package)
    monkeypatch.setattr(sys, "path_hooks", [hook, refuse, make])
    for path in (wanted, top, other):
        finder = hook(path)
        assert type(finder) is FileFinder and finder.path == path
    assert considered == [(wanted, FileFinder), (top, FileFinder)] and delegated == []
    monkeypatch.setattr(sys, "path_hooks", [hook, refuse])
    assert hook(other) is None                                  # no hook takes it: importlib's answer
    monkeypatch.setattr(sys, "path_hooks", [hook, lambda path: object()])
    assert type(hook(wanted)) is object and len(considered) == 2  # only FileFinders are considered
    monkeypatch.setattr(sys, "path_hooks", [hook, lambda path: 1 / 0])
    with pytest.raises(ZeroDivisionError):                      # other errors are the hooks' own
        hook(other)
    monkeypatch.setattr(sys, "path_hooks", [make, hook])
    assert hook(other) == "fallback" and delegated == [other]   # not first: the Python version answers


def test_path_hook_misused_raises_not_crashes(speedups):
    from _frozen_importlib_external import FileFinder
    with pytest.raises(TypeError):
        speedups.PathHook()
    with pytest.raises(TypeError):
        speedups.PathHook(print, [], (), FileFinder, print)       # dirs must be a set
    with pytest.raises(TypeError):
        speedups.PathHook(print, set(), (), FileFinder, print, consider=print)
    hook = speedups.PathHook(print, set(), (), FileFinder, print)
    with pytest.raises(TypeError):
        hook()
    with pytest.raises(TypeError):
        hook("a", "b")


def test_path_hook_cycles_are_collected(speedups):
    from _frozen_importlib_external import FileFinder

    class Owner(object):
        def consider(self, path, finder):
            pass

    before = sum(type(o) is Owner for o in gc.get_objects())
    for _ in range(3):
        owner = Owner()
        owner.hook = speedups.PathHook(owner.consider, set(), (), FileFinder, owner.consider)
    del owner
    gc.collect()
    assert sum(type(o) is Owner for o in gc.get_objects()) == before
