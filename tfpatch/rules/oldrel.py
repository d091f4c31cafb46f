"""Newer code on older releases: names and calls of 2.4-2.16 on 2.1-2.15.

Names (served as aliases):

* ``keras.optimizers.legacy`` (2.9+): code written for 2.9-2.15 that chose the
  legacy optimizers.  Before 2.9 the optimizers of ``keras.optimizers`` *are*
  those (OptimizerV2), so each legacy name is the optimizer of that name.
* ``keras.config`` (Keras 3, 2.16+): the global settings Keras 2 keeps in
  ``keras.backend``, ``keras.mixed_precision``, ``keras.utils`` and ``debugging``.

Calls (adapters in tfpatch/adapters/oldrel.py, models.py and layers.py).
"""
from ._kinds import Adapter, Namespace, Rename

_OPT, _LEGACY = "keras.optimizers", "keras.optimizers.legacy"
# Those Keras 3 still names in optimizers.legacy (Adadelta, Adamax, Nadam left it in 2.16:
# a row for them would serve Keras 3's new optimizers under the legacy name there).
LEGACY_OPTIMIZERS = ("Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop", "SGD")
RULES = [Namespace(_LEGACY, moved_to=_OPT, since="2.9")]
# The legacy spelling is the newer one here: it appeared in 2.9 beside the old name.
RULES += [Rename(_LEGACY + "." + name, _OPT + "." + name, "2.9") for name in LEGACY_OPTIMIZERS]

_CONFIG = "keras.config"
# The renames of keras.config's names to keras.backend / keras.utils are found in the history
# (rules/generated.py); the namespace itself, for `from tensorflow.keras.config import ...`,
# and the traceback switches, which Keras 2 leaves to tf.debugging, are written here.
RULES += [Namespace(_CONFIG, moved_to="keras.backend", since="2.16")]
RULES += [Rename(_CONFIG + "." + name, "debugging." + name, "2.16")
          for name in ("enable_traceback_filtering", "disable_traceback_filtering", "is_traceback_filtering_enabled")]
