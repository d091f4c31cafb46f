"""Adapters: wrappers for calls that changed while their names stayed.

Two registries, both named by catalogue rows; only the functions registered
here can be named, so nothing else is ever imported from a rule:

* ``ADAPTERS``: ``install(engine, rules, tf, target)`` for ``Adapter`` rows
  (``target``: the loaded module the rows name).  It wraps what the installed
  release needs with ``engine.wrap`` (a ``wrapt.FunctionWrapper``) or adds a
  missing method with ``engine.add_attribute``; both are in the undo log.
  It decides from what the release has (a signature, a missing method), not
  from its version number, wherever it can.
* ``SERVED``: ``make(engine, entry, value)`` for ``Rename`` rows whose two
  spellings take different arguments: the object served for ``entry.used`` is
  ``value`` wrapped so that the call written for that spelling means the same,
  or None where the release has no equivalent call (the name stays missing).
"""
#: adapter name -> (module of this package, function): imported on first use, so a
#: release imports only the adapter modules its catalogue rows need.
ADAPTERS = {
    "optimizer_arguments": ("optimizers", "install_arguments"),
    "legacy_optimizers": ("optimizers", "install_legacy"),
    "unscaled_gradients": ("mixed_precision", "install_unscaled_gradients"),
    "generator_methods": ("models", "install_generator_methods"),
    "loader_arguments": ("models", "install_loader_arguments"),
    "predict_classes": ("models", "install_predict_classes"),
    "steps_per_execution": ("models", "install_steps_per_execution"),
    "add_weight_positional": ("layers", "install_add_weight"),
    "batch_norm_synchronized": ("layers", "install_synchronized"),
    "dataset_methods": ("data", "install_methods"),
}

SERVED = {
    "loss_scale_optimizer": ("mixed_precision", "served_loss_scale_optimizer"),
    "experimental_policy": ("mixed_precision", "served_experimental_policy"),
    "sync_batch_norm": ("layers", "served_sync_batch_norm"),
}


def function(registry, name):
    """The function ``registry`` (ADAPTERS or SERVED) names ``name`` (KeyError if none)."""
    entry = registry[name]
    if callable(entry):
        return entry
    module, attribute = entry
    return getattr(__import__("%s.%s" % (__name__, module), fromlist=[attribute]), attribute)
