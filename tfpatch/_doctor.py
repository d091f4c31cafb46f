"""``tfpatch doctor``: what this environment runs, how tfpatch is switched on, what is wrong."""
import os
import platform
import sys

from ._pth import PTH_NAME


def _sitecustomize_files():
    """Every ``sitecustomize.py`` on ``sys.path``, in the order Python looks."""
    found = []
    for entry in sys.path:
        candidate = os.path.join(entry or os.curdir, "sitecustomize.py")
        if os.path.isfile(candidate):
            found.append(os.path.abspath(candidate))
    return found


def _pth_files():
    import site
    dirs = list(getattr(site, "getsitepackages", lambda: [])())
    user = getattr(site, "getusersitepackages", lambda: None)()
    if user:
        dirs.append(user)
    seen, files = set(), []
    for d in dirs:
        path = os.path.join(d, PTH_NAME)
        real = os.path.realpath(path)
        if os.path.isfile(path) and real not in seen:  # a venv's lib64 link is the same file
            seen.add(real)
            files.append(path)
    return files


def _keras_behind_tf_keras(tf):
    """``(fact, problem or None)``: which Keras ``tf.keras`` resolves to, and why."""
    from ._api import release_of
    release = release_of(tf)
    loader = type(vars(tf).get("keras")).__name__ if isinstance(vars(tf), dict) else "?"
    legacy = os.environ.get("TF_USE_LEGACY_KERAS")
    try:
        import importlib.util
        tf_keras = importlib.util.find_spec("tf_keras") is not None
    except (ImportError, ValueError):
        tf_keras = False
    try:
        keras = tf.keras
        name = getattr(keras, "__name__", type(keras).__name__)
    except Exception as exc:
        return "unavailable: %r" % (exc,), None
    top = name.split(".")[0]
    version = getattr(sys.modules.get(top), "__version__", "?")
    which = "tf_keras %s (Keras 2)" % version if top == "tf_keras" else \
        "Keras %s" % version if top == "keras" else "Keras inside TensorFlow"
    fact = "%s, as %s" % (which, name)
    problem = None
    if release is not None and release >= (2, 16):
        why = ("TensorFlow %d.%d: tf.keras is Keras 3 unless TF_USE_LEGACY_KERAS=1 when tf.keras is "
               "first used and tf_keras is installed; here TF_USE_LEGACY_KERAS=%s, tf_keras %s, tf.keras %s"
               % (release + (legacy if legacy is not None else "unset",
                             "installed" if tf_keras else "not installed",
                             "was already resolved before doctor looked" if loader != "KerasLazyLoader"
                             else "resolved just now, reading the variable")))
        fact += "; " + why
        wants_legacy = (legacy or "").strip().lower() in ("1", "true", "yes")
        if wants_legacy and top != "tf_keras":
            problem = ("TF_USE_LEGACY_KERAS=%s asks for Keras 2, but tf.keras is %s" % (legacy, which),
                       "pip install tf_keras==%d.%d.*" % release if not tf_keras else
                       "set TF_USE_LEGACY_KERAS=1 before anything touches tf.keras (it is read once, "
                       "at the first use); with tfpatch, Keras 2 programs also run on Keras 3")
    return fact, problem


def diagnose(import_tf=True):
    """``(facts, rules_lines, problems)``; each problem is ``(what, fix)``."""
    import tfpatch
    from ._api import release_of
    from .rules import CATALOGUE
    facts, problems = [], []
    facts.append(("Python", "%s (%s)" % (platform.python_version(), sys.executable)))
    facts.append(("tfpatch", "%s (%s)" % (tfpatch.__version__, os.path.dirname(tfpatch.__file__))))
    try:
        import wrapt
        facts.append(("wrapt", getattr(wrapt, "__version__", "?")))
    except Exception as exc:
        facts.append(("wrapt", "not importable: %r" % (exc,)))
        problems.append(("wrapt cannot be imported (%r)" % (exc,), "pip install 'wrapt>=1.15,<3'"))
    tf = sys.modules.get("tensorflow")
    if tf is None and import_tf:
        try:
            import tensorflow as tf
        except Exception as exc:
            facts.append(("TensorFlow", "not importable: %s: %s" % (type(exc).__name__, exc)))
    if tf is not None:
        facts.append(("TensorFlow", "%s (%s)" % (tf.__version__, os.path.dirname(tf.__file__))))
        keras_fact, keras_problem = _keras_behind_tf_keras(tf)
        facts.append(("tf.keras", keras_fact))
        if keras_problem is not None:
            problems.append(keras_problem)
    status = tfpatch.status()
    facts.append(("active", "yes, activated by %s%s" % (status["activated_by"], ", strict" if status["strict"] else "")
                  if status["active"] else "no"))
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("TFPATCH"))
    facts.append(("environment", ", ".join("%s=%s" % kv for kv in env) or "no TFPATCH variables set"))
    sites = _sitecustomize_files()
    facts.append(("sitecustomize", sites[0] if sites else "none on sys.path"))
    pths = _pth_files()
    facts.append((".pth", ", ".join(pths) or "not installed"))

    for problem in tfpatch.CONFIG.problems:
        problems.append((problem, "set the variable to one of the accepted values, or unset it"))
    ours = [s for s in sites if _is_tfpatch_sitecustomize(s)]
    if ours and sites and sites[0] not in ours:
        problems.append(("tfpatch's sitecustomize (%s) is shadowed by %s, which Python runs instead" % (ours[0], sites[0]),
                         "put tfpatch's directory before %s on PYTHONPATH, or use `tfpatch install-pth`"
                         % os.path.dirname(sites[0])))
    if len(pths) > 1:
        problems.append(("the .pth is installed %d times: %s" % (len(pths), ", ".join(pths)),
                         "keep one: `tfpatch uninstall-pth` in the other environment, or delete the file"))
    if tfpatch.CONFIG.enabled and not status["active"]:
        problems.append(("TFPATCH=1 is set but tfpatch is not active in this interpreter",
                         "`tfpatch install-pth`, or put sitecustomize_example/ on PYTHONPATH"))

    rules_lines = []
    release = release_of(tf) if tf is not None else None
    for rule in CATALOGUE:
        if release is not None and not rule.matters_on(release):
            continue
        state = ("blocked (%s)" % rule.blocked.split(":")[0] if rule.blocked else
                 "disabled by TFPATCH_DISABLE" if rule.id in tfpatch.CONFIG.disabled else "applies")
        rules_lines.append("%s: %s" % (rule.id, state))
    return facts, rules_lines, problems, release


def _is_tfpatch_sitecustomize(path):
    try:
        with open(path) as f:
            return "import tfpatch" in f.read()
    except OSError:
        return False


def render(import_tf=True):
    facts, rules_lines, problems, release = diagnose(import_tf)
    out = []
    width = max(len(k) for k, _ in facts) + 1
    for key, value in facts:
        out.append("%s %s" % ((key + ":").ljust(width), value))
    out.append("")
    out.append("rules that matter on %s:" % ("TensorFlow %d.%d" % release if release else "some release"))
    out.extend("  " + line for line in rules_lines or ["none"])
    out.append("")
    if problems:
        out.append("problems:")
        for what, fix in problems:
            out.append("  - %s\n    fix: %s" % (what, fix))
    else:
        out.append("no problems found")
    return "\n".join(out), bool(problems)
