"""The catalogue: every rename tfpatch knows, as data, one row per rename.

Each module here covers one area of TensorFlow and defines ``RULES``.  To add
a rename, add a row to the right module (see ``_kinds`` for the row types);
the engine and the tests pick it up from ``CATALOGUE``.
"""
from . import data, distribute, keras, tf1
from ._kinds import Fallback, Method, Namespace, Rename

CATALOGUE = tuple(distribute.RULES + data.RULES + keras.RULES + tf1.RULES)

__all__ = ["CATALOGUE", "Fallback", "Method", "Namespace", "Rename", "by_id"]


def by_id():
    """``{rule id: rule}`` for the whole catalogue."""
    return {rule.id: rule for rule in CATALOGUE}
