"""Reversibility and idempotence, as a state machine over activate, deactivate,
import, reload, purge, settings changes and alias lookups, on the fake trees.

After every step: at most one finder; no name a module had is replaced; after
deactivate no trace of tfpatch is left; every lookup from a new call site while
active gives exactly one notice, and none when inactive.

``STATEMACHINE_RUNS`` machines of up to 50 steps run (default 20); the test
command runs 240 on one Python and requires ``STATEMACHINE_MIN_STEPS=10000``.
The steps actually run are counted, so a run that shrank for any reason
fails instead of passing quietly.
"""
import os
import importlib
import itertools
import sys

from hypothesis import settings, strategies as st  # noqa: E402
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule  # noqa: E402

import tfpatch  # noqa: E402
from tfpatch._engine import MethodAlias  # noqa: E402
from tfpatch._notices import NOTICES  # noqa: E402

from fakes import FAKE_PREFIXES, _purge  # noqa: E402
from fakes import write_tree  # noqa: E402

RUNS = int(os.environ.get("STATEMACHINE_RUNS", "20"))
STEPS_PER_RUN = 50
STEPS = [0]

ACCESSES = {
    "old": ["tf.data.AUTOTUNE", "tf.distribute.TPUStrategy", "tf.keras.mixed_precision.set_global_policy",
            "tf.distribute.Strategy().run", "tf.compat.v2.distribute.TPUStrategy"],
    "new": ["tf.keras.mixed_precision.experimental.global_policy", "tf.distribute.Strategy().experimental_run_v2",
            "tf.keras.mixed_precision.experimental"],
}
_sites = itertools.count()


def fake_modules():
    return {n: m for n, m in sys.modules.items() if n.split(".")[0] in FAKE_PREFIXES and m is not None}


def own_names(module):
    """A module's names, less tfpatch's hook and the one name the release itself
    rebinds: ``tf.keras`` (its lazy loader, and ``from tensorflow.keras import``)."""
    skip = ("__getattr__", "keras") if getattr(module, "__name__", None) == "tensorflow" else ("__getattr__",)
    return {k: id(v) for k, v in vars(module).items() if k not in skip}


class TfpatchMachine(RuleBasedStateMachine):
    def __init__(self):
        super(TfpatchMachine, self).__init__()
        tfpatch.deactivate()
        _purge()
        NOTICES.reset()
        import tempfile
        self.tmp = tempfile.mkdtemp()
        from pathlib import Path
        self.roots = {shape: str(write_tree(Path(self.tmp) / shape, shape)) for shape in ("old", "new")}
        self.shape = None
        self.native = {}        # module name -> names it had right after loading
        self.saved_path = sys.path[:]
        self.saved_disabled = tfpatch.CONFIG.disabled

    def teardown(self):
        tfpatch.deactivate()
        tfpatch.CONFIG.disabled = self.saved_disabled
        _purge()
        sys.path[:] = self.saved_path
        NOTICES.reset()
        import shutil
        shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def active(self):
        return tfpatch.status()["active"]

    def remember_native(self):
        for name, module in fake_modules().items():
            if name not in self.native:
                self.native[name] = own_names(module)

    @rule()
    def activate(self):
        tfpatch.activate()
        self.remember_native()

    @rule()
    def deactivate(self):
        tfpatch.deactivate()
        modules = list(fake_modules().values())
        tf = sys.modules.get("tensorflow")
        if tf is not None:  # lazy loaders are not in sys.modules but copy what they load
            modules += [v for v in list(vars(tf).values()) if isinstance(v, type(sys))]
        for module in modules:
            hook = vars(module).get("__getattr__")
            assert getattr(hook, "_tfpatch_engine", None) is None, module
            for value in list(vars(module).values()):
                if isinstance(value, type):
                    for cls in value.__mro__:
                        assert not any(isinstance(v, MethodAlias) for v in vars(cls).values())

    @rule(shape=st.sampled_from(["old", "new"]))
    def import_tensorflow(self, shape):
        if self.shape is None:
            self.shape = shape
            sys.path.insert(0, self.roots[shape])
        import tensorflow  # noqa: F401
        self.remember_native()

    @precondition(lambda self: self.shape == "new" and "tensorflow" in sys.modules)
    @rule()
    def from_import_rebinds_tf_keras(self):
        exec("from tensorflow.keras import layers", {})
        self.remember_native()

    @precondition(lambda self: "tensorflow._api.v2.data" in sys.modules)
    @rule()
    def reload_a_module(self):
        module = sys.modules["tensorflow._api.v2.data"]
        hook = vars(module).get("__getattr__")
        importlib.reload(module)
        # a reload re-runs the module's code in the same dictionary: the hook stays,
        # and the module sees its real loader, never tfpatch's wrapper
        assert vars(module).get("__getattr__") is hook
        assert type(module.__loader__).__name__ != "PatchingLoader"
        assert type(module.__spec__.loader).__name__ != "PatchingLoader"
        self.native["tensorflow._api.v2.data"] = own_names(module)  # a reload renews __spec__ & co.

    @rule()
    def purge(self):
        tfpatch.deactivate()
        _purge()
        self.native.clear()

    @rule(strict=st.booleans(), disable=st.sampled_from([frozenset(), frozenset(["data.AUTOTUNE"])]))
    def change_settings(self, strict, disable):
        tfpatch.CONFIG.disabled = disable
        tfpatch.deactivate()
        tfpatch.activate(strict=strict)
        self.remember_native()

    @precondition(lambda self: self.shape is not None and "tensorflow" in sys.modules)
    @rule(data=st.data())
    def use_an_alias(self, data):
        expr = data.draw(st.sampled_from(ACCESSES[self.shape]))
        filename = "site_%d.py" % next(_sites)
        code = compile("import tensorflow as tf\nvalue = %s\n" % expr, filename, "exec")
        before = dict(NOTICES.uses)
        status = tfpatch.status()
        disabled = "AUTOTUNE" in expr and "data.AUTOTUNE" in tfpatch.CONFIG.disabled
        try:
            exec(code, {})
            served = True
        except AttributeError as exc:
            served = False
            if status["active"] and not disabled:
                assert status["strict"], exc
                assert type(exc).__name__ == "TFPatchStrictError"
        new = {k: v for k, v in NOTICES.uses.items() if k not in before}
        if status["active"] and not disabled:
            assert served != status["strict"]
            assert new and all(k[3] == filename and v == 1 for k, v in new.items())
        else:
            assert not served and not new
        self.remember_native()

    @invariant()
    def count_steps(self):
        STEPS[0] += 1

    @invariant()
    def one_finder_at_most(self):
        finders = [f for f in sys.meta_path if type(f).__name__ == "TFPatchFinder"]
        assert len(finders) == (1 if self.active else 0)

    @invariant()
    def no_name_replaced(self):
        for name, module in fake_modules().items():
            if name in self.native:
                assert own_names(module) == self.native[name], name


TfpatchMachine.TestCase.settings = settings(max_examples=RUNS, stateful_step_count=STEPS_PER_RUN,
                                            deadline=None, database=None)
test_state_machine = TfpatchMachine.TestCase


MIN_STEPS = int(os.environ.get("STATEMACHINE_MIN_STEPS", RUNS * STEPS_PER_RUN * 3 // 4))


def test_the_machine_really_ran():
    # hypothesis may end a run early; the invariants count every step that ran
    assert STEPS[0] >= MIN_STEPS, STEPS[0]
