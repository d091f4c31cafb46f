"""Runs catalogue cases inside one real-TensorFlow interpreter and reports as JSON.

Usage (by the tests, with an environment's python):
    python runner.py MODE CASES.json OUT.json
MODE: none (no tfpatch), import (tfpatch before TensorFlow), after (tfpatch
after TensorFlow), site (activated by the sitecustomize example, nothing
imported here), off (TFPATCH=0 and `import tfpatch`).
Each case is compiled with the file name "<case ID>" so notices can be
matched to it.  Kept Python 3.7 compatible.
"""
import json
import os
import sys
import traceback
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main():
    mode, cases_path, out_path = sys.argv[1:4]
    with open(cases_path) as f:
        cases = json.load(f)
    if mode in ("import", "off"):
        import tfpatch  # noqa: F401
    import tensorflow as tf
    if mode == "after":
        import tfpatch  # noqa: F401
    results = {"tf_version": tf.__version__, "tfpatch_loaded": "tfpatch" in sys.modules, "cases": {}}
    if "tfpatch" in sys.modules:
        results["status"] = sys.modules["tfpatch"].status()
    for case in cases:
        filename = "<case %s>" % case["id"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                exec(compile(case["code"], filename, "exec"), {"__name__": "case"})
                error = None
            except BaseException as exc:  # noqa: B902 - report everything the case raised
                error = "%s: %s" % (type(exc).__name__, exc)
                if not isinstance(exc, (AttributeError, ImportError)):
                    error += "\n" + traceback.format_exc()
        notices = [{"category": w.category.__name__, "filename": w.filename, "lineno": w.lineno,
                    "message": str(w.message)}
                   for w in caught if w.category.__name__ == "TFPatchDeprecationWarning"]
        results["cases"][case["id"]] = {"error": error, "notices": notices}
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1, default=str)


if __name__ == "__main__":
    main()
