"""TensorFlow ops called on Keras 3's symbolic tensors, as Keras 2 allowed.

Keras 2 (``tf.keras`` up to 2.15) let a functional model apply TensorFlow ops to
its symbolic tensors (``x = tf.nn.relu(inputs)``, ``tf.concat([a, b], -1)``):
it registered a global op dispatcher with TensorFlow, and every op exported
with dispatch support that met a ``KerasTensor`` among its arguments was
turned into a ``TFOpLambda`` layer that runs the op when the model runs.
Keras 3 (``tf.keras`` from 2.16) registers no dispatcher; its ``KerasTensor``
refuses conversion (``__tf_tensor__`` raises "A KerasTensor cannot be used as
input to a TensorFlow function"), the op raises that ``ValueError``, and
TensorFlow's fallback dispatch (``tensorflow/python/util/dispatch.py``:
``add_dispatch_support`` catches ``TypeError``/``ValueError`` and calls
``dispatch(op, args, kwargs)``, which asks the op's dispatchers, then the
global ones) finds nobody to take it.

``install_op_layers`` wraps that module's ``dispatch`` function (the name
``op_dispatch_handler`` and the generated ops look up when they call it, so
the undo log restores it like any wrapped callable).  Only when every
dispatcher TensorFlow has declined and a Keras 3 ``KerasTensor`` is among the
arguments of an op with a public name (``tf.nn.relu``: a Keras 2 layer could
only be saved for those), it builds Keras 3's own ``keras.layers.Lambda``
calling that op and calls it on the symbolic tensors:

* the layer is named as Keras 2 named it (``tf.nn.relu``, ``tf.nn.relu_1``...,
  numbered by Keras 3's own counter, which ``clear_session`` resets), takes no
  part in mixed precision (``autocast=False``, as ``TFOpLambda``) and drops the
  op's ``name=`` (as ``TFOpLambda`` did);
* its output shape and dtype are TensorFlow's own, traced from the op on the
  real input specs (``Lambda`` alone would give every output its compute dtype:
  ``tf.cast``, ``tf.shape`` would come out float32);
* its function is self-contained (it finds the op by name in ``tensorflow`` and
  puts the symbolic inputs back where they stood among the other arguments), so
  a model saved as ``.keras`` loads without tfpatch wherever Keras loads a
  ``Lambda``: with ``safe_mode=False``, Keras' own rule for Python code in a
  model file, which its error states.  A model reloaded that way infers the
  output of each op layer from the layer's compute dtype, as a ``Lambda`` does.

Keras 2's ``KerasTensor.get_shape()`` (a ``tf.TensorShape``) is supplied too.

A loss made of a functional model's own symbolic tensors (``vae.add_loss(kl)``, the
VAE of Keras 2's examples) or a zero-argument callable, given to ``model.add_loss``:
Keras 3's ``Functional.add_loss`` refuses every argument (a bare
``NotImplementedError``).  Where it does, the model runs one graph that computes its
outputs and those losses together, and each call adds their values with Keras 3's
``Layer.add_loss``, as Keras 2's model did with the layers it inserted for them.

An op that cannot be wrapped (it has no dispatch support, or no public name)
keeps Keras' error, which gains one line saying how to wrap the call in a
layer by hand (``KerasTensor.__tf_tensor__`` is wrapped to add it).
"""
import os
import sys

from . import keras_major, notify

MARK = "__keras_tensor__"   # stands for the i-th symbolic input among the op's arguments


def _call_op(inputs, symbol, template):
    """The function of every op layer: ``tf.<symbol>(*args, **kwargs)`` with the
    layer's inputs put back into ``template`` (``[args, kwargs]``).  Saved as code in a
    ``.keras`` file: it uses nothing but builtins, so it loads without tfpatch."""
    op = __import__("tensorflow")
    for part in symbol.split("."):
        op = getattr(op, part)
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]

    def fill(item):
        if isinstance(item, dict):
            if len(item) == 1 and "__keras_tensor__" in item:
                return inputs[item["__keras_tensor__"]]
            return dict((key, fill(value)) for key, value in item.items())
        if isinstance(item, (list, tuple)):
            return type(item)(fill(value) for value in item)
        return item
    args, kwargs = fill(template)
    return op(*args, **kwargs)


# Keras' Lambda saves a function as its code only when it is a lambda.
_call_op.__name__ = _call_op.__qualname__ = "<lambda>"


def _mark(structure, is_symbolic):
    """``(template, inputs)``: ``structure`` with each symbolic tensor replaced by
    ``{MARK: i}`` (the same tensor twice, the same i), and the tensors in order."""
    found, index = [], {}

    def mark(item):
        if is_symbolic(item):
            if id(item) not in index:
                index[id(item)] = len(found)
                found.append(item)
            return {MARK: index[id(item)]}
        if isinstance(item, dict):
            return dict((key, mark(value)) for key, value in item.items())
        if isinstance(item, (list, tuple)) and type(item) in (list, tuple):
            return type(item)(mark(value) for value in item)
        return item
    return mark(structure), found


def _has_symbolic(structure, is_symbolic, depth=0):
    if is_symbolic(structure):
        return True
    if depth > 20:
        return False
    if isinstance(structure, dict):
        return any(_has_symbolic(v, is_symbolic, depth + 1) for v in structure.values())
    if isinstance(structure, (list, tuple)):
        return any(_has_symbolic(v, is_symbolic, depth + 1) for v in structure)
    return False


def _package_dir(module):
    path = getattr(module, "__file__", None)
    return os.path.dirname(os.path.abspath(path)) + os.sep if path else None


def _caller(frame, skip):
    """The first frame outside the packages in ``skip`` (TensorFlow, Keras)."""
    f = frame
    while f is not None and f.f_code.co_filename.startswith(skip):
        f = f.f_back
    return f if f is not None else frame


def _written_op(frame, dispatch_file):
    """The op the program called, when the op being dispatched was called by TensorFlow's
    own code inside it (``tf.reduce_mean`` calls ``tf.rank`` on Keras 3's ``KerasTensor``,
    whose shape has no ``rank``; ``tf.shape`` calls TF 1's ``shape``): the op of the
    outermost dispatch handler reached through TensorFlow's frames only.  None when the
    op being dispatched is the one the program called, or when that cannot be told."""
    tf_dir = os.path.dirname(os.path.dirname(os.path.dirname(dispatch_file))) + os.sep
    f = frame
    while f is not None and f.f_code.co_filename != dispatch_file:  # to this op's handler
        f = f.f_back
    outer = None
    f = f.f_back if f is not None else None
    while f is not None and f.f_code.co_filename.startswith(tf_dir):
        if f.f_code.co_filename == dispatch_file and f.f_code.co_name == "op_dispatch_handler":
            outer = f
        f = f.f_back
    return outer.f_locals.get("op_dispatch_handler") if outer is not None else None


def _uniquify(keras_root):
    """Keras 3's own name counter (``clear_session`` resets it), else a plain one."""
    naming = sys.modules.get(keras_root.__name__ + ".src.utils.naming")
    if naming is not None and callable(getattr(naming, "uniquify", None)):
        return naming.uniquify
    counts = {}

    def uniquify(name):
        n = counts.get(name, 0)
        counts[name] = n + 1
        return name if n == 0 else "%s_%d" % (name, n)
    return uniquify


HINT = ("tfpatch: this TensorFlow function has no op dispatch (or no public name), so it cannot be "
        "made into a layer as Keras 2 did; make the layer yourself: "
        "keras.layers.Lambda(lambda t: <the call, on t>)(<the KerasTensor>)")


UNKNOWN_OUTPUT = ("tfpatch: tf.%s on a KerasTensor was made into a layer (keras.layers.Lambda) as Keras 2 "
                  "did, and running the op on the symbolic inputs failed (above); if its arguments are right, "
                  "Keras 3 cannot describe what it returns (a tensor of unknown rank, say): make the layer "
                  "yourself and give its output: keras.layers.Lambda(lambda t: tf.%s(...), output_shape=...)")


def _add_line(exc, line):
    if hasattr(exc, "add_note"):
        exc.add_note(line)
    elif exc.args and isinstance(exc.args[0], str):
        exc.args = ("%s\n%s" % (exc.args[0], line),) + tuple(exc.args[1:])


def _install_get_shape(engine, rule, keras_tensor):
    """``x.get_shape()`` on a symbolic tensor: Keras 2's KerasTensor had it (a
    ``tf.TensorShape``), as TensorFlow's tensors do; Keras 3's has only ``shape``."""
    from . import notify
    tell = notify(engine, rule, rule.used)

    def get_shape(self):
        tell()
        return sys.modules["tensorflow"].TensorShape(self.shape)
    get_shape.__doc__ = "Keras 2's KerasTensor.get_shape(), supplied by tfpatch: tf.TensorShape(self.shape)."
    engine.add_attribute(keras_tensor, "get_shape", get_shape)


def install_op_layers(engine, rules, tf, layers):
    lambda_layer = getattr(layers, "Lambda", None)
    if not isinstance(lambda_layer, type) or keras_major(lambda_layer) < 3:
        return   # Keras 2 has its own dispatcher (TFOpLambda)
    keras_root = sys.modules.get(lambda_layer.__module__.split(".")[0])
    dispatch = sys.modules.get("tensorflow.python.util.dispatch")
    export = sys.modules.get("tensorflow.python.util.tf_export")
    if keras_root is None or dispatch is None or export is None:
        return
    backend = getattr(keras_root, "backend", None)
    if backend is None or getattr(backend, "backend", lambda: None)() != "tensorflow":
        return   # a model on JAX or torch cannot run TensorFlow ops
    kt_module = sys.modules.get(keras_root.__name__ + ".src.backend.common.keras_tensor")
    keras_tensor = vars(keras_root).get("KerasTensor") or getattr(kt_module, "KerasTensor", None)
    compute_output_spec = getattr(backend, "compute_output_spec", None)
    if compute_output_spec is None:
        tf_backend = sys.modules.get(keras_root.__name__ + ".src.backend")
        compute_output_spec = getattr(tf_backend, "compute_output_spec", None)
    canonical = getattr(export, "get_canonical_name_for_symbol", None)
    not_supported = getattr(getattr(dispatch, "OpDispatcher", None), "NOT_SUPPORTED", None)
    dispatch_file = getattr(getattr(vars(dispatch).get("dispatch"), "__code__", None), "co_filename", None)
    if not isinstance(keras_tensor, type) or compute_output_spec is None or canonical is None \
            or not_supported is None or not callable(vars(dispatch).get("dispatch")) or not dispatch_file:
        return
    rule = next((r for r in rules if r.name == "keras.layers.Lambda(tf op)"), None)
    shape_rule = next((r for r in rules if r.name == "keras.KerasTensor.get_shape"), None)
    if shape_rule is not None:
        _install_get_shape(engine, shape_rule, keras_tensor)
    if rule is None:
        return
    skip = tuple(d for d in (_package_dir(tf), _package_dir(keras_root), _package_dir(sys.modules[__name__.split(".")[0]]))
                 if d)
    uniquify = _uniquify(keras_root)

    def is_symbolic(x):
        return isinstance(x, keras_tensor)

    def op_layer(op, args, kwargs):
        symbol = canonical(op, add_prefix_to_v1_names=True)
        if not symbol:
            return not_supported   # an op inside a public one: the public one is dispatched next
        kwargs = dict(kwargs)
        kwargs.pop("name", None)
        template, inputs = _mark([list(args), kwargs], is_symbolic)
        if not inputs:
            return not_supported   # a KerasTensor inside something tfpatch does not look into
        # The layer is named after the op dispatched, as Keras 2 named it (tf.shape's layer is
        # tf.compat.v1.shape); the notice names the call the program wrote.
        written = _written_op(sys._getframe(1), dispatch_file)
        shown = (canonical(written, add_prefix_to_v1_names=True) if written is not None else None) or symbol
        engine.first_use(engine.adapter_entry(rule, "%s(<KerasTensor>)" % shown), _caller(sys._getframe(1), skip))
        layer = lambda_layer(_call_op, arguments={"symbol": symbol, "template": template},
                             name=uniquify("tf." + symbol), autocast=False)

        def output_spec(*a, **k):   # TensorFlow's shapes and dtypes, traced on the real input specs
            return compute_output_spec(layer.call, *a, **k)
        layer.__dict__["compute_output_spec"] = output_spec
        try:
            return layer(inputs[0] if len(inputs) == 1 else inputs)
        except Exception as exc:
            _add_line(exc, UNKNOWN_OUTPUT % (symbol, symbol))
            raise

    def dispatch_wrapper(wrapped, instance, args, kwargs):
        result = wrapped(*args, **kwargs)
        if result is not not_supported or len(args) != 3 or kwargs:
            return result
        op, op_args, op_kwargs = args
        if not engine.active or not _has_symbolic([op_args, op_kwargs], is_symbolic):
            return result
        return op_layer(op, op_args, op_kwargs)

    engine.wrap(dispatch, "dispatch", dispatch_wrapper)

    owner = next((c for c in keras_tensor.__mro__ if "__tf_tensor__" in c.__dict__), None)
    if owner is not None:
        def tf_tensor(wrapped, instance, args, kwargs):
            try:
                return wrapped(*args, **kwargs)
            except ValueError as exc:
                _add_line(exc, HINT)
                raise
        engine.wrap(owner, "__tf_tensor__", tf_tensor)


# --- model.add_loss(<symbolic tensor>) on a functional model ---------------------------------
def _unpack_singleton(x):
    return x[0] if isinstance(x, (list, tuple)) and len(x) == 1 else x


def install_symbolic_add_loss(engine, rules, tf, models):
    model = getattr(models, "Model", None)
    if not isinstance(model, type) or keras_major(model) < 3:
        return
    keras_tensor = getattr(sys.modules.get(model.__module__.split(".")[0]), "KerasTensor", None)
    if not isinstance(keras_tensor, type):
        return
    functional = next((c for c in model.__subclasses__() if c.__name__ == "Functional"), None)
    if functional is None or "add_loss" not in functional.__dict__ or "call" not in functional.__dict__:
        return
    layer_add_loss = next(c.__dict__["add_loss"] for c in functional.__mro__[1:] if "add_loss" in c.__dict__)
    tree = tf.nest
    tell = notify(engine, rules[0], rules[0].used)

    def add_loss(wrapped, instance, args, kwargs):
        try:
            return wrapped(*args, **kwargs)
        except NotImplementedError:   # Keras 3's refusal, whatever the argument
            losses = tree.flatten(args[0] if args else kwargs.get("loss"))
            if instance is None or not losses or not all(isinstance(x, keras_tensor) or callable(x) for x in losses):
                raise
        tell()
        state = instance.__dict__   # not tracked by Keras: neither the losses nor the graph are layers
        added = state["_tfpatch_added_losses"] = state.get("_tfpatch_added_losses", []) + losses
        symbolic = [x for x in added if isinstance(x, keras_tensor)]
        if symbolic:
            outputs = tree.flatten(instance._outputs_struct)
            # Raises Keras' own "graph disconnected" error for a loss the inputs do not reach.
            state["_tfpatch_loss_graph"] = (functional(instance._inputs_struct, outputs + symbolic), len(outputs))

    def call(wrapped, instance, args, kwargs):
        added = instance.__dict__.get("_tfpatch_added_losses") if instance is not None else None
        if not added:
            return wrapped(*args, **kwargs)
        graph = instance.__dict__.get("_tfpatch_loss_graph")
        if graph is None:
            result, values = wrapped(*args, **kwargs), []
        else:
            graph, count = graph
            flat = tree.flatten(graph.call(*args, **kwargs))
            result = _unpack_singleton(tree.pack_sequence_as(instance._outputs_struct, flat[:count]))
            values = flat[count:]
        values += [loss() for loss in added if not isinstance(loss, keras_tensor)]
        for value in values:
            layer_add_loss(instance, value)
        return result

    engine.wrap(functional, "add_loss", add_loss)
    engine.wrap(functional, "call", call)
