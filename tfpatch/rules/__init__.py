"""The catalogue: every rename tfpatch knows, as data, one row per rename.

Each module here covers one area of TensorFlow and defines ``RULES``.  To add
a rename, add a row to the right module (see ``_kinds`` for the row types);
the engine and the tests pick it up from ``CATALOGUE``.  ``generated.py`` is
written by ``tools/generate_rules.py`` from the API history; do not edit it.
``_plan.py`` is what an activation needs of the catalogue when TensorFlow
starts to import, written by ``tools/generate_plan.py`` (see ``_index``).

The area modules are read at the first use of ``CATALOGUE``, ``HANDWRITTEN`` or
``by_id`` (PEP 562), so that importing ``_kinds`` or ``_plan`` reads no row.
"""
__all__ = ["CATALOGUE", "HANDWRITTEN", "Fallback", "Method", "Namespace", "Rename", "by_id"]


def __getattr__(name):
    if name in ("CATALOGUE", "HANDWRITTEN"):
        from . import data, distribute, generated, keras, oldrel, tf1
        #: Written and proven by hand on real releases (tests/realtf/cases.py has a case for each).
        handwritten = tuple(distribute.RULES + data.RULES + keras.RULES + oldrel.RULES + tf1.RULES)
        globals().update(HANDWRITTEN=handwritten,
                         # Found in TensorFlow's history by tools/generate_rules.py, checked against it
                         # (tests/fast/test_history.py).
                         CATALOGUE=handwritten + tuple(generated.RULES))
        return globals()[name]
    if name in ("Fallback", "Method", "Namespace", "Rename"):
        from . import _kinds
        return getattr(_kinds, name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def by_id():
    """``{rule id: rule}`` for the whole catalogue."""
    return {rule.id: rule for rule in __getattr__("CATALOGUE")}
