"""Optimizer arguments of Keras 2.2-2.10 on the new optimizers (TF 2.11+, Keras 3).

``Adam(lr=0.01)``: Keras <= 2.10 took ``lr`` for ``learning_rate``; from TF
2.11 the new optimizers ignore it without a word (the rate stays 0.001 and
the model trains wrongly) and Keras 3 refuses it.  ``decay=`` (inverse-time
decay per step) is refused on 2.11-2.15 and ignored by Keras 3.  The adapter
translates exactly these arguments; a call without them is passed through
as it is.
"""
import inspect

from . import parameters


def _optimizer_classes(module):
    found = []
    for name, cls in sorted(vars(module).items()):
        init = cls.__dict__.get("__init__") if isinstance(cls, type) else None
        signature = parameters(init, defaults=True) if init is not None else None
        if signature is None:
            continue
        names, _, defaults = signature
        if "learning_rate" in names and "lr" not in names:
            found.append((name, cls, defaults.get("learning_rate", inspect.Parameter.empty)))
    return found


def install_arguments(engine, rules, tf, optimizers):
    # The engine passes the rows that matter on this release: the arguments it must translate.
    active = {rule.used.rpartition("(")[2].split("=")[0]: rule for rule in rules}
    if not active:
        return
    for name, cls, default_rate in _optimizer_classes(optimizers):
        entries = {arg: engine.adapter_entry(rule, "keras.optimizers.%s(%s=...)" % (name, arg))
                   for arg, rule in active.items()}

        def wrapper(wrapped, instance, args, kwargs, entries=entries, default_rate=default_rate):
            if "lr" not in kwargs and "decay" not in kwargs:
                return wrapped(*args, **kwargs)
            import sys
            frame = sys._getframe(1)
            kwargs = dict(kwargs)
            if "lr" in kwargs and "lr" in entries:
                engine.first_use(entries["lr"], frame)
                rate = kwargs.pop("lr")
                if args:   # learning_rate given by position: lr wins, as it did in Keras 2
                    args = (rate,) + tuple(args[1:])
                else:
                    kwargs["learning_rate"] = rate
            if "decay" in kwargs and "decay" in entries:
                decay = kwargs["decay"]
                rate = args[0] if args else kwargs.get("learning_rate", default_rate)
                if isinstance(rate, (int, float)) and isinstance(decay, (int, float)):
                    engine.first_use(entries["decay"], frame)
                    del kwargs["decay"]
                    if decay:
                        schedule = optimizers.schedules.InverseTimeDecay(
                            float(rate), decay_steps=1, decay_rate=float(decay))
                        if args:
                            args = (schedule,) + tuple(args[1:])
                        else:
                            kwargs["learning_rate"] = schedule
            return wrapped(*args, **kwargs)

        engine.wrap(cls, "__init__", wrapper)


def install_legacy(engine, rules, tf, legacy):
    """Keras 3 keeps ``optimizers.legacy.Adam`` and the others only to raise ImportError
    when called.  Each such name is wrapped so the call builds ``optimizers.Adam``
    with the same arguments (through the ``lr=``/``decay=`` adapter above)."""
    import sys
    optimizers = sys.modules.get(legacy.__name__.rpartition(".")[0])
    if optimizers is None:
        return
    rule = rules[0]
    for name, value in sorted(vars(legacy).items()):
        modern = getattr(optimizers, name, None)
        if name == "Optimizer" or not isinstance(value, type) or value.__name__ != "LegacyOptimizerWarning" \
                or not isinstance(modern, type):
            continue
        entry = engine.adapter_entry(rule, "keras.optimizers.legacy.%s(...)" % name)

        def wrapper(wrapped, instance, args, kwargs, entry=entry, modern=modern):
            engine.first_use(entry, sys._getframe(1))
            return modern(*args, **kwargs)

        engine.wrap(legacy, name, wrapper)
