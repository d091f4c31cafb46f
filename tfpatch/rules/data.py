"""Renames in ``tf.data``."""
from ._kinds import Rename

RULES = [
    # modern spelling  legacy spelling              since
    Rename("data.AUTOTUNE", "data.experimental.AUTOTUNE", "2.4"),
]
