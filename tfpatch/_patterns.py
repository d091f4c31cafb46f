"""What one catalogue row means to a reading of source: the patterns ``tfpatch check``
and ``tfpatch fix`` look for on a target release.

``row_patterns`` is one function of the row's fields and of the adapter a row
names: the static twin of what the row and its adapter do at run time.
"""
from ._release import parse_release

#: The loader arguments Keras 3's fit/evaluate/predict refuse (tfpatch drops them).
LOADER_KEYWORDS = ("workers", "use_multiprocessing", "max_queue_size")


def matters_on(rule, release):
    return rule.matters_on(release)


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


def _specific(name):
    """A method name specific enough to mean TensorFlow's (``experimental_run_v2``, not ``run``)."""
    return "_" in name


def _keywords(args, presence_only=False):
    """The keywords of a call as a row writes it (``"x, keep_dims=True)"`` -> ``["keep_dims"]``);
    ``presence_only``: those written ``kw=...`` (any value)."""
    parts = args.rstrip(")").split(",")
    return [part.split("=")[0].strip() for part in parts
            if (part.strip().endswith("=...") if presence_only else "=" in part)]


def row_patterns(rule, target):
    """The static patterns of one catalogue row on ``target`` (a ``(major, minor)``),
    from the row's fields alone: one place, so it can move onto the rows."""
    if rule.blocked:
        return []
    kind = rule.kind
    since = parse_release(rule.since) if rule.since else None
    until = parse_release(rule.until) if rule.until else None
    modern_missing = since is not None and target < since
    legacy_missing = until is not None and target >= until
    out = []
    if kind == "namespace":
        if legacy_missing:
            out.append(Pattern("path", rule.path, rule.moved_to, rule))
        return out
    if kind == "rename":
        adapter = rule.adapter
        if adapter == "sync_batch_norm":  # BatchNormalization always exists; the legacy class goes
            if legacy_missing:
                out.append(Pattern("path", rule.legacy, rule.modern, rule, action="sync_to_synchronized"))
            return out
        if modern_missing:
            out.append(Pattern("path", rule.modern, rule.legacy, rule,
                               action={"loss_scale_optimizer": "stable_lso_to_experimental"}.get(adapter)))
        if legacy_missing:
            out.append(Pattern("path", rule.legacy, rule.modern, rule,
                               action={"loss_scale_optimizer": "experimental_lso_to_stable",
                                       "experimental_policy": "experimental_policy",
                                       "experimental_optimizer": "experimental_optimizer"}.get(adapter)))
        return out
    if kind == "method":
        if modern_missing and _specific(rule.modern):
            out.append(Pattern("method", rule.modern, rule.legacy, rule))
        if legacy_missing and _specific(rule.legacy):
            out.append(Pattern("method", rule.legacy, rule.modern, rule))
        return out
    if kind == "fallback":
        if target >= since:
            out.append(Pattern("fallback", rule.source, rule.source, rule))
        return out
    if kind != "adapter" or not matters_on(rule, target):
        return out
    used = rule.used
    callee, _, args = used.partition("(")
    keywords = _keywords(args)
    name = callee.rsplit(".", 1)[-1]
    adapter = rule.adapter
    if adapter == "optimizer_arguments":
        out.append(Pattern("call", "keras.optimizers", None, rule, "optimizer_" + keywords[0], keywords))
        out.append(Pattern("call", "optimizers", None, rule, "optimizer_" + keywords[0], keywords))
    elif adapter == "legacy_optimizers":
        out.append(Pattern("path", "keras.optimizers.legacy", "keras.optimizers", rule))
    elif adapter == "generator_methods":
        out.append(Pattern("method-call", name, name.replace("_generator", ""), rule, "generator"))
    elif adapter == "loader_arguments":
        for method in ("fit", "evaluate", "predict"):
            out.append(Pattern("method-call", method, method, rule, "drop_keywords", LOADER_KEYWORDS))
    elif adapter == "predict_classes":
        out.append(Pattern("method-call", name, "predict", rule, name))
    elif adapter == "compile_arguments":
        if " without " in rule.write:   # a performance setting the release lacks: dropped
            out.append(Pattern("method-call", "compile", "compile", rule, "drop_keywords", tuple(keywords)))
        else:
            out.append(Pattern("method-call", "compile", "compile", rule, "rename_keyword",
                               (keywords[0], rule.write.partition("(")[2].split("=")[0])))
    elif adapter == "add_weight_positional":
        out.append(Pattern("method-call", "add_weight", "add_weight", rule, "add_weight"))
    elif adapter == "batch_norm_synchronized":
        out.append(Pattern("call", "keras.layers.BatchNormalization", rule.write.partition("(")[0], rule,
                           "synchronized_to_sync", keywords))
    elif adapter == "unscaled_gradients":
        out.append(Pattern("method-call", name, None, rule, "human:Keras 3's LossScaleOptimizer unscales the "
                           "gradients inside apply_gradients: pass it the scaled gradients and drop this call"))
    elif adapter == "dataset_methods":
        write = rule.write
        if write.startswith("data.Dataset.apply("):
            function = write[len("data.Dataset.apply("):].partition("(")[0]
            # a generic name (unique, scan) only where the receiver is known to be a Dataset
            out.append(Pattern("method-call", name, function, rule, "dataset_apply",
                               () if _specific(name) else ("dataset receiver",)))
            out.append(Pattern("call", "data.Dataset." + name, function, rule, "human:an unbound "
                               "Dataset method; write dataset.apply(tf.%s(...))" % function))
        else:
            function = write.partition("(")[0]
            static = "(dataset)" not in write and "(dataset," not in write
            if static:  # Dataset.sample_from_datasets(...) is a static method: a plain rename
                out.append(Pattern("path", "data.Dataset." + name, function, rule))
            else:
                out.append(Pattern("method-call", name, function, rule, "dataset_function",
                                   () if _specific(name) else ("dataset receiver",)))
    else:  # an adapter this analysis does not know yet: found by name, left for a human
        if _specific(name):
            out.append(Pattern("method-call", name, None, rule,
                               "human:tfpatch adapts this call at run time (%s); write %s" % (rule.id, rule.write)))
        # A keyword of a tf function whose presence alone the release refuses (`used` reads
        # "f(kw=...)": tf.function(jit_compile=...) on 2.3): renamed where the row's other call
        # is the same function with one other keyword, else left for a human.
        present_only = _keywords(args, presence_only=True)
        if present_only and used.count("(") == 1 and used.endswith(")"):
            keywords = present_only
            write_callee, _, write_args = rule.write.partition("(")
            write_keywords = _keywords(write_args)
            if write_callee == callee and len(keywords) == 1 and len(write_keywords) == 1 and \
                    write_keywords != keywords:
                out.append(Pattern("call", callee, None, rule, "rename_keyword", (keywords[0], write_keywords[0])))
            else:
                out.append(Pattern("call", callee, None, rule, "human_keyword:tfpatch adapts this call at run "
                                   "time (%s); write %s" % (rule.id, rule.write), keywords))
    return out
