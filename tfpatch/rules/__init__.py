"""The catalogue: every rename tfpatch knows, as data, one row per rename.

Each module here covers one area of TensorFlow and defines ``RULES``.  To add
a rename, add a row to the right module (see ``_kinds`` for the row types);
the engine and the tests pick it up from ``CATALOGUE``.  ``generated.py`` is
written by ``tools/generate_rules.py`` from the API history; do not edit it.
"""
from . import data, distribute, generated, keras, oldrel, tf1
from ._kinds import Fallback, Method, Namespace, Rename

#: Written and proven by hand on real releases (tests/realtf/cases.py has a case for each).
HANDWRITTEN = tuple(distribute.RULES + data.RULES + keras.RULES + oldrel.RULES + tf1.RULES)
#: Found in TensorFlow's history by tools/generate_rules.py, checked against it (tests/fast/test_history.py).
CATALOGUE = HANDWRITTEN + tuple(generated.RULES)

__all__ = ["CATALOGUE", "HANDWRITTEN", "Fallback", "Method", "Namespace", "Rename", "by_id"]


def by_id():
    """``{rule id: rule}`` for the whole catalogue."""
    return {rule.id: rule for rule in CATALOGUE}
