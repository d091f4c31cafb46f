import sys

import pytest

import tfpatch
from tfpatch._notices import NOTICES

from fakes import _purge, write_tree


@pytest.fixture
def fake_tf(tmp_path):
    """``fake_tf(shape)`` puts a fake TensorFlow tree first on sys.path.

    tfpatch starts deactivated; everything is restored afterwards."""
    tfpatch.deactivate()
    NOTICES.reset()
    _purge()
    saved_path = sys.path[:]
    saved_meta = sys.meta_path[:]

    def make(shape):
        root = write_tree(tmp_path / shape, shape)
        sys.path.insert(0, str(root))
        return root

    yield make
    tfpatch.deactivate()
    _purge()
    sys.path[:] = saved_path
    sys.meta_path[:] = saved_meta
    NOTICES.reset()


@pytest.fixture
def new_tf(fake_tf):
    """The fake 2.21-shaped TensorFlow, imported with tfpatch active (warnings silenced)."""
    import warnings
    fake_tf("new")
    tfpatch.activate()
    import tensorflow as tf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield tf


@pytest.fixture(params=["C", "Python"])
def lookups(request, monkeypatch):
    """Runs a test once with each implementation of the per-use lookups: the C
    one (``tfpatch._speedups``, which the test command builds) and the Python one.
    A missing build fails here rather than testing Python twice."""
    from tfpatch import _engine
    if request.param == "C" and _engine._speedups is None:
        pytest.fail("tfpatch._speedups is not built for this Python (%s): run "
                    "`python tools/build_speedups.py` (scripts/test.sh does)" % _engine.SPEEDUPS_ERROR)
    monkeypatch.setattr(tfpatch.CONFIG, "speedups", request.param == "C")
    return request.param
