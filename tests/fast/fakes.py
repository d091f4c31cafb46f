"""Small module trees shaped like TensorFlow releases, for tests without TensorFlow.

``old``: a 2.2-like tree (only the experimental spellings, Keras in
``tensorflow.keras``).  ``new``: a 2.21-like tree (stable spellings only where
TensorFlow removed the old ones, ``tf.keras`` behind a lazy loader, and
``import tensorflow.keras...`` loading fresh copies through ``__path__``).
``broken``: a tree whose ``tensorflow/__init__`` fails part-way.
"""
import textwrap

STRATEGY_OLD = '''
class StrategyBase(object):
    def experimental_run_v2(self, fn, args=()):
        return fn(*args)
    def experimental_distribute_datasets_from_function(self, fn):
        return fn(None)
class Strategy(StrategyBase):
    pass
class TPUStrategy(Strategy):
    pass
class MultiWorkerMirroredStrategy(Strategy):
    def run(self, fn, args=()):  # a subclass's own method always wins
        return ("own run", fn(*args))
'''

STRATEGY_NEW = '''
class StrategyBase(object):
    def run(self, fn, args=()):
        return fn(*args)
    def distribute_datasets_from_function(self, fn):
        return fn(None)
    def experimental_distribute_datasets_from_function(self, fn):
        return fn(None)
class Strategy(StrategyBase):
    pass
class TPUStrategy(Strategy):
    pass
class MultiWorkerMirroredStrategy(Strategy):
    pass
'''

MP_IMPL = '''
_policy = ["float32"]
def set_policy(p):
    _policy[0] = p
def global_policy():
    return _policy[0]
class Policy(object):
    def __init__(self, name):
        self.name = name
'''

SHAPES = {
    "old": {
        "tensorflow/__init__.py": '''
            __version__ = "2.2.9"
            from tensorflow._api.v2 import distribute, data, compat
            from tensorflow import keras
            ''',
        "tensorflow/_api/__init__.py": "",
        "tensorflow/_api/v2/__init__.py": "",
        "tensorflow/_api/v2/distribute/__init__.py": '''
            from tensorflow.python.strategy import Strategy
            from tensorflow._api.v2.distribute import experimental
            ''',
        "tensorflow/_api/v2/distribute/experimental/__init__.py":
            "from tensorflow.python.strategy import TPUStrategy, MultiWorkerMirroredStrategy\n",
        "tensorflow/_api/v2/data/__init__.py": "from tensorflow._api.v2.data import experimental\n",
        "tensorflow/_api/v2/data/experimental/__init__.py": "AUTOTUNE = -1\n",
        "tensorflow/_api/v2/compat/__init__.py": "from tensorflow._api.v2.compat import v2\n",
        "tensorflow/_api/v2/compat/v2/__init__.py": "from tensorflow._api.v2.compat.v2 import distribute\n",
        "tensorflow/_api/v2/compat/v2/distribute/__init__.py": '''
            from tensorflow.python.strategy import Strategy
            from tensorflow._api.v2.distribute import experimental
            ''',
        "tensorflow/python/__init__.py": "",
        "tensorflow/python/strategy.py": STRATEGY_OLD,
        "tensorflow/python/mp.py": MP_IMPL,
        "tensorflow/keras/__init__.py": "from tensorflow.keras import mixed_precision\n",
        "tensorflow/keras/mixed_precision/__init__.py":
            "from tensorflow.keras.mixed_precision import experimental\n",
        "tensorflow/keras/mixed_precision/experimental/__init__.py":
            "from tensorflow.python.mp import set_policy, global_policy, Policy\n",
    },
    "new": {
        "tensorflow/__init__.py": '''
            import os as _os
            __version__ = "2.21.9"
            from tensorflow._api.v2 import distribute, data, compat
            from tensorflow.python.util.lazy_loader import KerasLazyLoader as _KerasLazyLoader

            keras = _KerasLazyLoader("keras", globals(), "keras._tf_keras.keras")
            __path__ = [_os.path.join(_os.path.dirname(_os.path.dirname(__file__)), "keras", "_tf_keras")] + __path__
            ''',
        "tensorflow/_api/__init__.py": "",
        "tensorflow/_api/v2/__init__.py": "",
        "tensorflow/_api/v2/distribute/__init__.py": '''
            from tensorflow.python.strategy import Strategy, TPUStrategy, MultiWorkerMirroredStrategy
            from tensorflow._api.v2.distribute import experimental
            ''',
        "tensorflow/_api/v2/distribute/experimental/__init__.py":
            "from tensorflow.python.strategy import TPUStrategy, MultiWorkerMirroredStrategy\n",
        "tensorflow/_api/v2/data/__init__.py":
            "AUTOTUNE = -1\nfrom tensorflow._api.v2.data import experimental\n",
        "tensorflow/_api/v2/data/experimental/__init__.py": "AUTOTUNE = -1\n",
        "tensorflow/_api/v2/compat/__init__.py": "from tensorflow._api.v2.compat import v2, v1\n",
        "tensorflow/_api/v2/compat/v2/__init__.py": "from tensorflow._api.v2.compat.v2 import distribute\n",
        "tensorflow/_api/v2/compat/v2/distribute/__init__.py": '''
            from tensorflow.python.strategy import Strategy, TPUStrategy, MultiWorkerMirroredStrategy
            from tensorflow._api.v2.distribute import experimental
            ''',
        "tensorflow/_api/v2/compat/v1/__init__.py": '''
            from tensorflow._api.v2.compat.v1 import train
            V2_DISABLED = []
            def placeholder(dtype, shape=None):
                raise RuntimeError("tf.placeholder() is not compatible with eager execution.")
            class Session(object):
                pass
            def disable_v2_behavior():
                V2_DISABLED.append(True)
            ''',
        "tensorflow/_api/v2/compat/v1/train/__init__.py": "class GradientDescentOptimizer(object):\n    pass\n",
        "tensorflow/python/__init__.py": "",
        "tensorflow/python/strategy.py": STRATEGY_NEW,
        # where TensorFlow keeps it: the user's tf.keras.X goes through its __getattr__
        "tensorflow/python/util/__init__.py": "",
        "tensorflow/python/util/lazy_loader.py": '''
            import importlib as _importlib
            import types as _types

            class KerasLazyLoader(_types.ModuleType):
                def __init__(self, local_name, parent_globals, name):
                    super(KerasLazyLoader, self).__init__(name)
                    self._tfll_local_name = local_name
                    self._tfll_parent_globals = parent_globals
                def _load(self):
                    module = _importlib.import_module(self.__name__)
                    self._tfll_parent_globals[self._tfll_local_name] = module
                    self.__dict__.update(module.__dict__)
                    return module
                def __getattr__(self, item):
                    return getattr(self._load(), item)
            ''',
        # an unrelated internal package, as on 2.7+: never to be patched by name
        "tensorflow/distribute/__init__.py": "INTERNAL = True\n",
        "keras/__init__.py": '__version__ = "3.9.9"\n',
        "keras/src/__init__.py": "",
        "keras/src/mp.py": MP_IMPL.replace("def set_policy", "def set_global_policy"),
        "keras/_tf_keras/__init__.py": "",
        "keras/_tf_keras/keras/__init__.py":
            "from keras._tf_keras.keras import mixed_precision, layers, optimizers\n",
        "keras/_tf_keras/keras/optimizers/__init__.py": '''
            from keras.src.opt import Adam, SGD
            from keras._tf_keras.keras.optimizers import schedules
            ''',
        "keras/_tf_keras/keras/optimizers/schedules/__init__.py": "from keras.src.opt import InverseTimeDecay\n",
        "keras/src/opt.py": '''
            class BaseOptimizer(object):
                def __init__(self, learning_rate, **kwargs):
                    if kwargs:
                        raise ValueError("Argument(s) not recognized: %r" % (kwargs,))
                    self.learning_rate = learning_rate
            class Adam(BaseOptimizer):
                def __init__(self, learning_rate=0.001, beta_1=0.9, **kwargs):
                    super(Adam, self).__init__(learning_rate, **kwargs)
            class SGD(BaseOptimizer):
                def __init__(self, learning_rate=0.01, momentum=0.0, **kwargs):
                    super(SGD, self).__init__(learning_rate, **kwargs)
            class InverseTimeDecay(object):
                def __init__(self, initial_learning_rate, decay_steps, decay_rate):
                    self.args = (initial_learning_rate, decay_steps, decay_rate)
                def __call__(self, step):
                    rate, steps, decay = self.args
                    return rate / (1 + decay * step / steps)
            ''',
        "keras/_tf_keras/keras/mixed_precision/__init__.py":
            "from keras.src.mp import set_global_policy, global_policy, Policy\n",
        "keras/_tf_keras/keras/layers/__init__.py": "Dense = object\n",
    },
    "broken": {
        "tensorflow/__init__.py": '''
            __version__ = "2.21.9"
            from tensorflow._api.v2 import data
            raise ImportError("numpy.core.multiarray failed to import")
            ''',
        "tensorflow/_api/__init__.py": "",
        "tensorflow/_api/v2/__init__.py": "",
        "tensorflow/_api/v2/data/__init__.py": "AUTOTUNE = -1\n",
    },
}


def write_tree(root, shape):
    for rel, source in SHAPES[shape].items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"))
    return root


FAKE_PREFIXES = ("tensorflow", "keras")


def _purge():
    """Forget every module of the fake trees."""
    import sys
    for name in list(sys.modules):
        if name.split(".")[0] in FAKE_PREFIXES:
            del sys.modules[name]


def run_user_code(source, filename="user_code.py", namespace=None):
    """Execute ``source`` as if it were a user's file; returns its namespace."""
    namespace = {"__name__": "user_code"} if namespace is None else namespace
    exec(compile(source, filename, "exec"), namespace)
    return namespace
