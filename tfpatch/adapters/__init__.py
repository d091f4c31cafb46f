"""Adapters: wrappers for calls that changed while their names stayed.

Each adapter is a function ``install(engine, rules, tf, target)`` (``target``:
the loaded module the rules name) that wraps what the installed release needs with ``engine.wrap`` (a ``wrapt.FunctionWrapper``
recorded in the undo log).  Catalogue rows name them; only the functions
registered here can be named, so nothing else is ever imported from a rule.
"""
from . import optimizers

ADAPTERS = {
    "optimizer_arguments": optimizers.install_arguments,
}
