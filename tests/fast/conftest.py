import sys

import pytest

import tfpatch
from tfpatch._notices import NOTICES

from fakes import write_tree

FAKE_PREFIXES = ("tensorflow", "keras")


def _purge():
    for name in list(sys.modules):
        if name.split(".")[0] in FAKE_PREFIXES:
            del sys.modules[name]


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


def run_user_code(source, filename="user_code.py", namespace=None):
    """Execute ``source`` as if it were a user's file; returns its namespace."""
    namespace = {"__name__": "user_code"} if namespace is None else namespace
    exec(compile(source, filename, "exec"), namespace)
    return namespace
