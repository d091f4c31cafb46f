"""Renames in ``tf.distribute``."""
from ._kinds import Method, Rename

RULES = [
    # modern spelling                               legacy spelling                                        since  legacy gone
    # not on a CPU: a TPUStrategy needs a TPU to run; the lookup is proven (rules/overrides.py NOT_ON_CPU)
    Rename("distribute.TPUStrategy",                 "distribute.experimental.TPUStrategy",                 "2.3"),
    Rename("distribute.MultiWorkerMirroredStrategy", "distribute.experimental.MultiWorkerMirroredStrategy", "2.4"),
    # class                 modern name                          legacy name                                        since  legacy gone
    Method("distribute.Strategy", "run",                               "experimental_run_v2",                            "2.2", until="2.4"),
    Method("distribute.Strategy", "distribute_datasets_from_function", "experimental_distribute_datasets_from_function", "2.4"),
]
