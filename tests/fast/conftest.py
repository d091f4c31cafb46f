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
