"""What one catalogue row means to a reading of source: the patterns ``tfpatch check``
and ``tfpatch fix`` look for on a target release.

Each row says its own (``static_patterns(target)`` in ``rules/_kinds.py``), as it says
what it serves at run time; this module holds the vocabulary it says it in (``Pattern``)
and, for the rows whose calls an adapter translates, the static twin of each adapter,
by its name (``ADAPTER_PATTERNS``, as ``adapters.ADAPTERS`` names the run-time side).
It is imported only by a reading of source, never by ``import tensorflow``.
"""
#: The loader arguments Keras 3's fit/evaluate/predict refuse (tfpatch drops them).
LOADER_KEYWORDS = ("workers", "use_multiprocessing", "max_queue_size")


# --- what a row means statically -------------------------------------------------------------
class Pattern(object):
    """What the scanner looks for, derived from one catalogue row for one target.

    ``what``: ``"path"`` (a tf path spelling ``found`` -> ``write``), ``"method"``
    (an attribute name ``found`` -> ``write``), ``"call"`` (a call of a tf path
    under ``found``, translated by ``action``), ``"method-call"`` (a call of the
    method ``found`` on anything, translated by ``action``)."""

    __slots__ = ("what", "found", "write", "rule", "action", "keywords")

    def __init__(self, what, found, write, rule, action=None, keywords=()):
        self.what, self.found, self.write, self.rule = what, found, write, rule
        self.action, self.keywords = action, tuple(keywords)


#: Method names with an underscore that other Keras classes define with another meaning
#: (``reset_states``: a metric's, renamed ``reset_state``; a model's or an RNN layer's, not).
SHARED_METHOD_NAMES = frozenset(("reset_states",))


def _specific(name):
    """A method name specific enough to mean TensorFlow's (``experimental_run_v2``, not ``run``)."""
    return "_" in name and name not in SHARED_METHOD_NAMES


def _keywords(args, presence_only=False):
    """The keywords of a call as a row writes it (``"x, keep_dims=True)"`` -> ``["keep_dims"]``);
    ``presence_only``: those written ``kw=...`` (any value)."""
    parts = args.rstrip(")").split(",")
    return [part.split("=")[0].strip() for part in parts
            if (part.strip().endswith("=...") if presence_only else "=" in part)]


def row_patterns(rule, target):
    """The static patterns of one catalogue row on ``target`` (a ``(major, minor)``)."""
    return [] if rule.blocked else rule.static_patterns(target)


# --- renames whose two spellings take different calls: the fix's action, by adapter ----------
#: adapter -> (action where the modern spelling is missing, action where the legacy one is);
#: NOT_FOUND: that direction has no pattern (BatchNormalization always exists).
NOT_FOUND = object()
RENAME_ACTIONS = {
    "sync_batch_norm": (NOT_FOUND, "sync_to_synchronized"),
    "loss_scale_optimizer": ("stable_lso_to_experimental", "experimental_lso_to_stable"),
    "experimental_policy": (None, "experimental_policy"),
    "experimental_optimizer": (None, "experimental_optimizer"),
}


# --- adapters: the call each translates at run time, found and rewritten in source --------
def _optimizer_arguments(rule, name, keywords):
    action = "optimizer_" + keywords[0]
    return [Pattern("call", "keras.optimizers", None, rule, action, keywords),
            Pattern("call", "optimizers", None, rule, action, keywords)]


def _legacy_optimizers(rule, name, keywords):
    return [Pattern("path", "keras.optimizers.legacy", "keras.optimizers", rule)]


def _generator_methods(rule, name, keywords):
    return [Pattern("method-call", name, name.replace("_generator", ""), rule, "generator")]


def _loader_arguments(rule, name, keywords):
    return [Pattern("method-call", method, method, rule, "drop_keywords", LOADER_KEYWORDS)
            for method in ("fit", "evaluate", "predict")]


def _predict_classes(rule, name, keywords):
    return [Pattern("method-call", name, "predict", rule, name)]


def _compile_arguments(rule, name, keywords):
    if " without " in rule.write:   # a performance setting the release lacks: dropped
        return [Pattern("method-call", "compile", "compile", rule, "drop_keywords", tuple(keywords))]
    return [Pattern("method-call", "compile", "compile", rule, "rename_keyword",
                    (keywords[0], rule.write.partition("(")[2].split("=")[0]))]


def _add_weight_positional(rule, name, keywords):
    return [Pattern("method-call", "add_weight", "add_weight", rule, "add_weight")]


def _batch_norm_synchronized(rule, name, keywords):
    return [Pattern("call", "keras.layers.BatchNormalization", rule.write.partition("(")[0], rule,
                    "synchronized_to_sync", keywords)]


def _unscaled_gradients(rule, name, keywords):
    return [Pattern("method-call", name, None, rule, "human:Keras 3's LossScaleOptimizer unscales the "
                    "gradients inside apply_gradients: pass it the scaled gradients and drop this call")]


def _dataset_methods(rule, name, keywords):
    write = rule.write
    # a generic name (unique, scan) only where the receiver is known to be a Dataset
    receiver = () if _specific(name) else ("dataset receiver",)
    if write.startswith("data.Dataset.apply("):
        function = write[len("data.Dataset.apply("):].partition("(")[0]
        return [Pattern("method-call", name, function, rule, "dataset_apply", receiver),
                Pattern("call", "data.Dataset." + name, function, rule, "human:an unbound "
                        "Dataset method; write dataset.apply(tf.%s(...))" % function)]
    function = write.partition("(")[0]
    if "(dataset)" not in write and "(dataset," not in write:
        # Dataset.sample_from_datasets(...) is a static method: a plain rename
        return [Pattern("path", "data.Dataset." + name, function, rule)]
    return [Pattern("method-call", name, function, rule, "dataset_function", receiver)]


def _run_time_only(rule, name, keywords):
    """No pattern: the call cannot be told apart in source from one the release keeps
    (a Model's ``reset_states()`` from a stateful layer's, a functional model's ``add_loss``
    from a layer's inside ``call()``); the run-time notice finds it."""
    return []


def _by_name_and_keywords(rule, name, keywords):
    """An adapter this analysis has no twin for: its call found by name, left for a human;
    a keyword of a tf function whose presence alone the release refuses (``used`` reads
    ``f(kw=...)``: ``tf.function(jit_compile=...)`` on 2.3) renamed where the row's other
    call is the same function with one other keyword, else left for a human."""
    out = []
    if _specific(name):
        out.append(Pattern("method-call", name, None, rule,
                           "human:tfpatch adapts this call at run time (%s); write %s" % (rule.id, rule.write)))
    callee, _, args = rule.used.partition("(")
    present_only = _keywords(args, presence_only=True)
    if present_only and rule.used.count("(") == 1 and rule.used.endswith(")"):
        write_callee, _, write_args = rule.write.partition("(")
        write_keywords = _keywords(write_args)
        if write_callee == callee and len(present_only) == 1 and len(write_keywords) == 1 and \
                write_keywords != present_only:
            out.append(Pattern("call", callee, None, rule, "rename_keyword", (present_only[0], write_keywords[0])))
        else:
            out.append(Pattern("call", callee, None, rule, "human_keyword:tfpatch adapts this call at run "
                               "time (%s); write %s" % (rule.id, rule.write), present_only))
    return out


#: adapter name -> ``f(rule, method or function name, keywords of the call)``: its patterns.
ADAPTER_PATTERNS = {
    "optimizer_arguments": _optimizer_arguments,
    "legacy_optimizers": _legacy_optimizers,
    "generator_methods": _generator_methods,
    "loader_arguments": _loader_arguments,
    "predict_classes": _predict_classes,
    "compile_arguments": _compile_arguments,
    "add_weight_positional": _add_weight_positional,
    "batch_norm_synchronized": _batch_norm_synchronized,
    "unscaled_gradients": _unscaled_gradients,
    "dataset_methods": _dataset_methods,
    "model_reset_states": _run_time_only,
    "symbolic_add_loss": _run_time_only,
    "keras2_call_autograph": _run_time_only,
}


def adapter_patterns(rule):
    """The patterns of an Adapter row where it matters: its adapter's static twin."""
    callee, _, args = rule.used.partition("(")
    make = ADAPTER_PATTERNS.get(rule.adapter, _by_name_and_keywords)
    return make(rule, callee.rsplit(".", 1)[-1], _keywords(args))
