"""``Dataset`` methods that graduated from ``tf.data.experimental`` functions.

On a release that lacks the method, it is supplied from the function the
catalogue row names (``rules/data.py``), in one of three shapes read from the
row's ``write`` spelling:

* ``data.Dataset.apply(data.experimental.unique(...))``: a transformation;
* ``data.experimental.cardinality(dataset, ...)``: a function of the dataset;
* ``data.experimental.sample_from_datasets(...)``: a static method.

``name=`` (an op name the old functions do not take) is dropped; any other
argument the old function lacks gets Python's own TypeError.
"""
from . import method_name, has, notify


def _function_name(write):
    return write.split("data.experimental.", 1)[1].split("(", 1)[0]


def _transformation(function, tell):
    def method(self, *args, **kwargs):
        tell()
        kwargs.pop("name", None)
        return self.apply(function(*args, **kwargs))
    return method


def _of_dataset(function, tell):
    def method(self, *args, **kwargs):
        tell()
        kwargs.pop("name", None)
        return function(self, *args, **kwargs)
    return method


def _static(function, tell):
    def method(*args, **kwargs):
        tell()
        kwargs.pop("name", None)
        return function(*args, **kwargs)
    return staticmethod(method)


def install_methods(engine, rules, tf, data):
    dataset = vars(data).get("Dataset")
    experimental = vars(data).get("experimental")
    if not isinstance(dataset, type) or experimental is None:
        return
    for rule in rules:
        name = method_name(rule.used)
        function = getattr(experimental, _function_name(rule.write), None)
        if has(dataset, name) or function is None:
            continue
        tell = notify(engine, rule, rule.used)
        if rule.write.startswith("data.Dataset.apply("):
            method = _transformation(function, tell)
        elif "(dataset" in rule.write:
            method = _of_dataset(function, tell)
        else:
            method = _static(function, tell)
        target = method.__func__ if isinstance(method, staticmethod) else method
        target.__name__ = name
        target.__doc__ = "Supplied by tfpatch for this TensorFlow: tf.%s" % rule.write
        engine.add_attribute(dataset, name, method)
