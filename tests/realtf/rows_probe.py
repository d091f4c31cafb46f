"""Looks up both spellings of every catalogue row in one real-TensorFlow interpreter.

Usage (by tests/realtf/test_rows_real.py, with an environment's python):
    python rows_probe.py MODE ROWS.json OUT.json
MODE: none (no tfpatch) or import (tfpatch imported before TensorFlow).  ROWS.json
is the list test_rows_real.py makes from the catalogue; OUT.json gets, for each
row, the status of each spelling (true, or "ErrorType: message") and, where both
resolve, whether they are the very same object.  Kept Python 3.7 compatible.
"""
import json
import os
import sys
import types
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def lookup(root, path):
    """(value, None) or (None, "ErrorType: first line") for ``root.<path>``."""
    obj = root
    try:
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj, None
    except Exception as exc:  # noqa: B902 - report what the lookup raised, whatever it is
        return None, "%s: %s" % (type(exc).__name__, (str(exc).splitlines() or [""])[0][:300])


def function_of(value):
    """A method seen through its class: the plain function (unwrapping bound methods)."""
    return getattr(value, "__func__", value)


def main():
    mode, rows_path, out_path = sys.argv[1:4]
    with open(rows_path) as f:
        rows = json.load(f)
    warnings.simplefilter("ignore")
    if mode == "import":
        import tfpatch  # noqa: F401
    import tensorflow as tf
    tf.keras.layers  # load tf.keras as a program does
    out = {"tf_version": tf.__version__, "tfpatch_loaded": "tfpatch" in sys.modules, "rows": {}}
    for row in rows:
        found = {}
        if row["kind"] == "method":
            cls, error = lookup(tf, row["owner"])
            if error is not None:
                found = {"owner": error}
            else:
                values = {}
                for which, name in zip(("modern", "legacy"), row["names"]):
                    values[which], found[which] = lookup(cls, name)
                    found[which] = found[which] or True
                if found["modern"] is True and found["legacy"] is True:
                    found["same"] = function_of(values["modern"]) is function_of(values["legacy"])
        else:
            values = {}
            for which, path in zip(("modern", "legacy"), row["spellings"]):
                values[which], error = lookup(tf, path)
                found[which] = error or True
                parent = path.rpartition(".")[0]
                if error and parent:  # is it the name that is missing, or its namespace?
                    found[which + "_parent"] = lookup(tf, parent)[1] or True
            if found["modern"] is True and found["legacy"] is True:
                found["same"] = values["modern"] is values["legacy"]
                wrapped = getattr(values["modern"], "__wrapped__", None), getattr(values["legacy"], "__wrapped__", None)
                found["wraps"] = wrapped[0] is values["legacy"] or wrapped[1] is values["modern"]
            if row["kind"] == "namespace":
                # the module (served or not) answers each name declared under it as its new home does
                module = values["modern"]
                found["module"] = isinstance(module, types.ModuleType)
                names = {}
                for leaf, home, adapted, _ in row.get("names", ()):
                    target, home_error = lookup(tf, home)
                    if module is None:   # not served: whether each name has a home here
                        names[leaf] = {"served": "not served", "home": home_error or True, "same": False,
                                       "wraps": False}
                        continue
                    value, error = lookup(module, leaf)
                    names[leaf] = {"served": error or True, "home": home_error or True,
                                   "same": error is None and home_error is None and value is target,
                                   "wraps": error is None and home_error is None and adapted
                                   and getattr(value, "__wrapped__", None) is target}
                found["names"] = names
        out["rows"][row["id"]] = found
    with open(out_path, "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)


if __name__ == "__main__":
    main()
