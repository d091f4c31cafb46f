"""Runs catalogue cases on one real TensorFlow and reports as JSON.

Usage (by the tests, with an environment's python):
    python runner.py MODE CASES.json OUT.json
MODE: none (no tfpatch), import (tfpatch before TensorFlow), after (tfpatch
after TensorFlow), site (activated by the sitecustomize example, nothing
imported here), off (TFPATCH=0 and `import tfpatch`).

The interpreter imports TensorFlow once; then each case runs in a child of its
own, forked from that state (``os.fork``), so every case starts where a program
starts after ``import tensorflow``: a module another case imported, a name
another case resolved, a notice another case got, none of it is seen by the
next one.  A child that dies or hangs is reported as the case's error.
Each case is compiled with the file name "<case ID>" so notices can be matched
to it.  Kept Python 3.7 compatible.
"""
import json
import os
import select
import linecache
import sys
import time
import traceback
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

CASE_TIMEOUT = float(os.environ.get("TFPATCH_CASE_TIMEOUT", "300"))


def run_case(case):
    """``{"error": ..., "notices": [...]}`` for one case, in this process."""
    filename = "<case %s>" % case["id"]
    # Its source, for what reads it as a program's file would be read (autograph converts from it)
    linecache.cache[filename] = (len(case["code"]), None, case["code"].splitlines(True), filename)
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
    return {"error": error, "notices": notices}


def _read_all(fd, pid, deadline):
    """Everything the child writes to ``fd`` until it closes it; None past ``deadline``."""
    chunks = []
    while True:
        left = deadline - time.time()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def run_isolated(case):
    """``run_case(case)`` in a forked child: the parent's state stays as it was."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report through the pipe, leave without cleanup
        status = 0
        try:
            os.close(read_end)
            data = json.dumps(run_case(case), default=str).encode("utf-8")
            while data:
                data = data[os.write(write_end, data):]
        except BaseException:  # noqa: B902 - the parent reports a child that said nothing
            status = 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(status)
    os.close(write_end)
    try:
        data = _read_all(read_end, pid, time.time() + CASE_TIMEOUT)
    finally:
        os.close(read_end)
    if data is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        return {"error": "case timed out after %ds (child process killed)" % CASE_TIMEOUT, "notices": []}
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return {"error": "the case's process died of signal %d" % os.WTERMSIG(status), "notices": []}
    if not data:
        return {"error": "the case's process exited with %d and no result" % os.WEXITSTATUS(status),
                "notices": []}
    return json.loads(data.decode("utf-8"))


def main():
    mode, cases_path, out_path = sys.argv[1:4]
    with open(cases_path) as f:
        cases = json.load(f)
    if mode in ("import", "off"):
        import tfpatch  # noqa: F401
    import tensorflow as tf
    if mode == "after":
        import tfpatch  # noqa: F401,F811
    results = {"tf_version": tf.__version__, "tfpatch_loaded": "tfpatch" in sys.modules, "cases": {},
               "isolated": True}
    if "tfpatch" in sys.modules:
        results["status"] = sys.modules["tfpatch"].status()
    for case in cases:
        results["cases"][case["id"]] = run_isolated(case)
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1, default=str)


if __name__ == "__main__":
    main()
