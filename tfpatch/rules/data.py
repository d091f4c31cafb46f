"""Renames in ``tf.data``."""
from ._kinds import Adapter, Rename

RULES = [
    # modern spelling  legacy spelling              since
    Rename("data.AUTOTUNE", "data.experimental.AUTOTUNE", "2.4"),
]

# Dataset methods that graduated from tf.data.experimental functions: on a release
# without the method it is supplied from the function (tfpatch/adapters/oldrel.py reads
# the shape of the call from the second column).  The functions are all still there
# on 2.21, so only this direction is needed.
_APPLY = "data.Dataset.apply(data.experimental.%s(...))"
DATASET_METHODS = [
    # method                      how a release without it writes the call                     since
    ("cardinality",               "data.experimental.cardinality(dataset)",                    "2.3"),
    ("bucket_by_sequence_length", _APPLY % "bucket_by_sequence_length",                        "2.6"),
    ("get_single_element",        "data.experimental.get_single_element(dataset)",             "2.6"),
    ("group_by_window",           _APPLY % "group_by_window",                                  "2.6"),
    ("random",                    "data.experimental.RandomDataset(...)",                      "2.6"),
    ("scan",                      _APPLY % "scan",                                             "2.6"),
    ("snapshot",                  _APPLY % "snapshot",                                         "2.6"),
    ("take_while",                _APPLY % "take_while",                                       "2.6"),
    ("unique",                    _APPLY % "unique",                                           "2.6"),
    ("choose_from_datasets",      "data.experimental.choose_from_datasets(...)",               "2.7"),
    ("rejection_resample",        _APPLY % "rejection_resample",                               "2.7"),
    ("sample_from_datasets",      "data.experimental.sample_from_datasets(...)",               "2.7"),
    # load, save, snapshot: not before 2.3, which has no tf.data.experimental ones (rules/overrides.py NOT_ON)
    ("load",                      "data.experimental.load(...)",                               "2.10"),
    ("save",                      "data.experimental.save(dataset, ...)",                      "2.10"),
    ("counter",                   "data.experimental.Counter(...)",                            "2.11"),
    ("ignore_errors",             _APPLY % "ignore_errors",                                    "2.11"),
    ("ragged_batch",              _APPLY % "dense_to_ragged_batch",                            "2.12"),
    ("sparse_batch",              _APPLY % "dense_to_sparse_batch",                            "2.12"),
]
RULES += [Adapter("data.Dataset." + name, "data", "dataset_methods", used="data.Dataset.%s(...)" % name,
                  write=write, since=since, mends="new") for name, write, since in DATASET_METHODS]
