"""`tf.keras.backend` of TF 1.x graph mode: the Keras session, the learning phase, per-graph
layer-name counters, and the thin tensor helpers Keras programs call (`K.mean`, `K.dot`,
`K.categorical_crossentropy`, ...), all spelled over graphgate's own ops."""

from __future__ import annotations

import contextlib
import math
import weakref
from collections.abc import Iterator
from typing import Any

import numpy as np

import graphgate as _tf

from ..errors import error
from ..graph import Graph, Tensor, get_default_graph
from ..ops.state_ops import Variable

_EPSILON = 1e-7
_FLOATX = "float32"
_IMAGE_DATA_FORMAT = "channels_last"


class _GraphState:
    """What Keras keeps per graph: object-name counters and the learning-phase tensor."""

    def __init__(self) -> None:
        self.uids: dict[str, int] = {}
        self.learning_phase: Tensor | None = None
        self.fixed_phase: int | None = None
        # tensor -> (layer, node index, tensor index) for tensors made from Keras inputs
        self.history: dict = {}
        # tensor -> its Keras mask (bool [batch, time]) where a layer computed one
        self.masks: dict = {}
        # tensor -> the logits Keras' own sigmoid or softmax made it from, which every
        # cross-entropy then takes instead (tf_keras' `_keras_logits`)
        self.logits: dict = {}
        # a remote session's initialized-variable check: (variable names, bool tensor)
        self.report: tuple | None = None
        # how many layer calls are under way: ops a layer's `call` makes are its own,
        # never wrapped in op layers (tf_keras' call context)
        self.calls = 0
        # tensors that come from no Keras tensor (a raw op never needs wrapping on them)
        self.checked: set = set()


_STATES: weakref.WeakKeyDictionary[Graph, _GraphState] = weakref.WeakKeyDictionary()
_SESSION: dict[str, Any] = {"session": None}


def _state(graph: Graph | None = None) -> _GraphState:
    graph = graph if graph is not None else get_default_graph()
    state = _STATES.get(graph)
    if state is None:
        state = _STATES[graph] = _GraphState()
    return state


def get_uid(prefix: str = "") -> int:
    """1, 2, ... for successive calls with `prefix` in the default graph."""
    uids = _state().uids
    uids[prefix] = uids.get(prefix, 0) + 1
    return uids[prefix]


def unique_object_name(name: str) -> str:
    """`name`, then `name_1`, `name_2`, ...: Keras' layer and model names, counted per graph
    (not by the graph's op names, which is why a second call's ops go in `dense_1_1`)."""
    uid = get_uid(name)
    return name if uid == 1 else f"{name}_{uid - 1}"


def reset_uids() -> None:
    _state().uids.clear()


# -- session -----------------------------------------------------------------------------------


def get_session() -> Any:
    """The default session if one is entered, else Keras' own (made for the default graph
    on first use); variables not yet initialized in it are initialized, as TF1's Keras
    does, so layers can be used without running an initializer."""
    from ..session import Session, get_default_session

    sess = get_default_session()
    if sess is None:
        sess = _SESSION["session"]
        if sess is None or sess.graph is not get_default_graph():
            sess = _SESSION["session"] = Session()
    _initialize_variables(sess)
    return sess


def _initialize_variables(sess: Any) -> None:
    names = set(_uninitialized(sess))
    if not names:
        return
    graph = sess.graph
    inits = [v.initializer for v in _tf.global_variables() if v.op.name in names]
    inits += [v.initializer for v in graph.get_collection("local_variables") if v.op.name in names]
    if inits:
        sess.run(inits)


def _uninitialized(sess: Any) -> list[str]:
    """Names of the session's uninitialized variables: asked of a local session; in a
    remote one, one bool op over the variables (made again when variables are added;
    strings such as `report_uninitialized_variables` do not travel over the API)."""
    local = getattr(sess, "uninitialized_variables", None)
    if local is not None:
        return local()
    variables = _tf.global_variables()
    if not variables:
        return []
    state = _state(sess.graph)
    key = tuple(v.op.name for v in variables)
    if state.report is None or state.report[0] != key:
        with sess.graph.as_default(), sess.graph.name_scope(None):
            flags = _tf.stack([_tf.is_variable_initialized(v) for v in variables])
        state.report = (key, flags)
    done = sess.run(state.report[1])
    return [name for name, ok in zip(key, done, strict=True) if not ok]


def set_session(session: Any) -> None:
    """Make `session` the one Keras runs in."""
    _SESSION["session"] = session


def clear_session() -> None:
    """A fresh default graph, Keras' session and name counters dropped (`dense` again)."""
    sess = _SESSION["session"]
    if sess is not None:
        sess.close()
    _SESSION["session"] = None
    _tf.reset_default_graph()


# -- learning phase ----------------------------------------------------------------------------


def learning_phase() -> Any:
    """The training flag layers such as Dropout and BatchNormalization follow: the value
    fixed by `set_learning_phase`, else a bool placeholder `keras_learning_phase` defaulting
    to False (inference), which `fit` feeds with True."""
    state = _state()
    if state.fixed_phase is not None:
        return state.fixed_phase
    if state.learning_phase is None:
        graph = get_default_graph()
        with graph.name_scope(None), graph.control_dependencies(None):
            state.learning_phase = _tf.placeholder_with_default(
                False, shape=(), name="keras_learning_phase"
            )
    return state.learning_phase


def set_learning_phase(value: int) -> None:
    """Fix the learning phase of the default graph to 0 (test) or 1 (train)."""
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    _state().fixed_phase = int(value)


def _phase_placeholder(graph: Graph | None = None) -> Tensor | None:
    """The learning-phase placeholder to feed, if the graph has one and it is not fixed."""
    state = _state(graph)
    return None if state.fixed_phase is not None else state.learning_phase


@contextlib.contextmanager
def learning_phase_scope(value: int) -> Iterator[None]:
    state = _state()
    old = state.fixed_phase
    state.fixed_phase = int(value)
    try:
        yield
    finally:
        state.fixed_phase = old


def in_train_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """`x` while training, `alt` otherwise; either may be a callable."""
    if training is None:
        training = learning_phase()
    if training is True or (training == 1 and not isinstance(training, Tensor)):
        return x() if callable(x) else x
    if training is False or (training == 0 and not isinstance(training, Tensor)):
        return alt() if callable(alt) else alt
    return _tf.cond(
        training, x if callable(x) else lambda: x, alt if callable(alt) else lambda: alt
    )


def in_test_phase(x: Any, alt: Any, training: Any = None) -> Any:
    return in_train_phase(alt, x, training)


# -- configuration -----------------------------------------------------------------------------


def floatx() -> str:
    return _FLOATX


def set_floatx(value: str) -> None:
    global _FLOATX
    if value not in ("float16", "float32", "float64"):
        raise ValueError(f"Unknown floatx type: {value}")
    _FLOATX = str(value)


def epsilon() -> float:
    return _EPSILON


def set_epsilon(value: float) -> None:
    global _EPSILON
    _EPSILON = float(value)


def image_data_format() -> str:
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format: str) -> None:
    if data_format != "channels_last":
        raise error("INVALID_ATTR", "graphgate's Keras layers are channels_last only")


def cast_to_floatx(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=_FLOATX)


# -- tensors and variables ---------------------------------------------------------------------


def placeholder(
    shape: Any = None,
    ndim: int | None = None,
    dtype: Any = None,
    sparse: bool = False,
    name: str | None = None,
) -> Tensor:
    if sparse:
        raise error("UNIMPLEMENTED", "sparse Keras placeholders are not supported")
    if shape is None and ndim is not None:
        shape = (None,) * ndim
    return _tf.placeholder(dtype or _FLOATX, shape=shape, name=name)


def is_placeholder(x: Any) -> bool:
    return isinstance(x, Tensor) and x.op.type in ("Placeholder", "PlaceholderWithDefault")


def variable(value: Any, dtype: Any = None, name: str | None = None, constraint=None) -> Variable:
    """A variable holding `value` (converted to `dtype`, default floatx)."""
    value = np.asarray(value, dtype=_tf.as_dtype(dtype or _FLOATX).as_numpy_dtype)
    return _tf.Variable(value, name=name or "Variable", use_resource=True)


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str | None = None) -> Tensor:
    return _tf.constant(value, dtype=dtype or _FLOATX, shape=shape, name=name)


def is_keras_tensor(x: Any) -> bool:
    from .engine import keras_history

    if not isinstance(x, Tensor):
        raise ValueError(f"Unexpectedly found an instance of type `{type(x)}`. Expected a tensor.")
    return keras_history(x) is not None


def int_shape(x: Any) -> tuple | None:
    shape = x.static_shape if isinstance(x, Tensor) else np.shape(x)
    return None if shape is None else tuple(shape)


def ndim(x: Any) -> int | None:
    shape = int_shape(x)
    return None if shape is None else len(shape)


def dtype(x: Any) -> str:
    return _tf.as_dtype(x.dtype).name


def count_params(x: Any) -> int:
    return math.prod(int_shape(x))


def eval(x: Any) -> np.ndarray:
    return get_value(x)


def get_value(x: Any) -> Any:
    if not isinstance(x, Tensor):
        return x
    return get_session().run(x)


def batch_get_value(tensors: list) -> list:
    return get_session().run(list(tensors)) if tensors else []


def set_value(x: Variable, value: Any) -> None:
    batch_set_value([(x, value)])


def batch_set_value(tuples: list) -> None:
    """Set variables from numpy values without adding ops to the graph."""
    sess = get_session()
    sess.set_variables({v.op.name: np.asarray(value) for v, value in tuples})


def get_variable_shape(x: Any) -> tuple:
    return int_shape(x)


def zeros(shape: Any, dtype: Any = None, name: str | None = None) -> Variable:
    return variable(np.zeros(shape), dtype, name)


def ones(shape: Any, dtype: Any = None, name: str | None = None) -> Variable:
    return variable(np.ones(shape), dtype, name)


def eye(size: int, dtype: Any = None, name: str | None = None) -> Variable:
    return variable(np.eye(size), dtype, name)


def zeros_like(x: Any, dtype: Any = None, name: str | None = None) -> Tensor:
    return _tf.zeros_like(x, dtype=dtype, name=name)


def ones_like(x: Any, dtype: Any = None, name: str | None = None) -> Tensor:
    return _tf.ones_like(x, dtype=dtype, name=name)


def identity(x: Any, name: str | None = None) -> Tensor:
    return _tf.identity(x, name=name)


def cast(x: Any, dtype: Any) -> Tensor:
    return _tf.cast(x, dtype)


def update(x: Variable, new_x: Any) -> Tensor:
    return _tf.assign(x, new_x)


def update_add(x: Variable, increment: Any) -> Tensor:
    return _tf.assign_add(x, increment)


def update_sub(x: Variable, decrement: Any) -> Tensor:
    return _tf.assign_sub(x, decrement)


def moving_average_update(x: Variable, value: Any, momentum: float) -> Tensor:
    return _tf.assign_sub(x, (x - value) * (1.0 - momentum))


def shape(x: Any) -> Tensor:
    return _tf.shape(x)


def name_scope(name: str) -> Any:
    return _tf.name_scope(name)


# -- elementwise and reductions ----------------------------------------------------------------


def _axis(axis: Any) -> Any:
    return list(axis) if isinstance(axis, tuple) else axis


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.reduce_sum(x, _axis(axis), keepdims=keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x = _tf.convert_to_tensor(x)
    if x.dtype == _tf.bool:
        x = _tf.cast(x, _FLOATX)
    return _tf.reduce_mean(x, _axis(axis), keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.reduce_max(x, _axis(axis), keepdims=keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.reduce_min(x, _axis(axis), keepdims=keepdims)


def prod(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.reduce_prod(x, _axis(axis), keepdims=keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    m = _tf.reduce_mean(x, _axis(axis), keepdims=True)
    return _tf.reduce_mean(_tf.square(x - m), _axis(axis), keepdims=keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.sqrt(var(x, axis, keepdims))


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.reduce_any(_tf.cast(x, _tf.bool), _axis(axis), keepdims=keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.reduce_all(_tf.cast(x, _tf.bool), _axis(axis), keepdims=keepdims)


def argmax(x: Any, axis: int = -1) -> Tensor:
    return _tf.argmax(x, axis)


def argmin(x: Any, axis: int = -1) -> Tensor:
    return _tf.argmin(x, axis)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _tf.reduce_logsumexp(x, _axis(axis), keepdims=keepdims)


def square(x: Any) -> Tensor:
    return _tf.square(x)


def abs(x: Any) -> Tensor:
    return _tf.abs(x)


def sqrt(x: Any) -> Tensor:
    """Keras' sqrt clips below at zero first."""
    return _tf.sqrt(_tf.maximum(x, _tf.zeros_like(x)))


def exp(x: Any) -> Tensor:
    return _tf.exp(x)


def log(x: Any) -> Tensor:
    return _tf.log(x)


def pow(x: Any, a: Any) -> Tensor:
    return _tf.pow(x, a)


def sign(x: Any) -> Tensor:
    return _tf.sign(x)


def round(x: Any) -> Tensor:
    return _tf.round(x)


def clip(x: Any, min_value: Any, max_value: Any) -> Tensor:
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    return _tf.clip_by_value(x, min_value, max_value)


def maximum(x: Any, y: Any) -> Tensor:
    return _tf.maximum(x, y)


def minimum(x: Any, y: Any) -> Tensor:
    return _tf.minimum(x, y)


def equal(x: Any, y: Any) -> Tensor:
    return _tf.equal(x, y)


def not_equal(x: Any, y: Any) -> Tensor:
    return _tf.not_equal(x, y)


def greater(x: Any, y: Any) -> Tensor:
    return _tf.greater(x, y)


def less(x: Any, y: Any) -> Tensor:
    return _tf.less(x, y)


def cumsum(x: Any, axis: int = 0) -> Tensor:
    return _tf.cumsum(x, axis=axis)


def switch(condition: Any, then_expression: Any, else_expression: Any) -> Any:
    return in_train_phase(then_expression, else_expression, training=_tf.cast(condition, "bool"))


# -- shapes ------------------------------------------------------------------------------------


def dot(x: Any, y: Any) -> Tensor:
    """Matrix product over x's last and y's second-to-last axis, as Keras' `dot`."""
    x, y = _tf.convert_to_tensor(x), _tf.convert_to_tensor(y)
    if len(x.static_shape) > 2 or len(y.static_shape) > 2:
        return _tf.tensordot(x, y, [[len(x.static_shape) - 1], [len(y.static_shape) - 2]])
    return _tf.matmul(x, y)


def batch_dot(x: Any, y: Any, axes: Any = None) -> Tensor:
    if axes is not None:
        raise error("UNIMPLEMENTED", "batch_dot with explicit axes is not supported")
    return _tf.matmul(x, y)


def transpose(x: Any) -> Tensor:
    return _tf.transpose(x)


def reshape(x: Any, shape: Any) -> Tensor:
    return _tf.reshape(x, shape)


def concatenate(tensors: list, axis: int = -1) -> Tensor:
    return _tf.concat(list(tensors), axis)


def stack(x: list, axis: int = 0) -> Tensor:
    return _tf.stack(list(x), axis=axis)


def expand_dims(x: Any, axis: int = -1) -> Tensor:
    return _tf.expand_dims(x, axis)


def squeeze(x: Any, axis: int) -> Tensor:
    return _tf.squeeze(x, [axis])


def flatten(x: Any) -> Tensor:
    return _tf.reshape(x, [-1])


def batch_flatten(x: Any) -> Tensor:
    x = _tf.convert_to_tensor(x)
    return _tf.reshape(x, [-1, math.prod(x.static_shape[1:])])


def permute_dimensions(x: Any, pattern: Any) -> Tensor:
    return _tf.transpose(x, perm=list(pattern))


def tile(x: Any, n: Any) -> Tensor:
    return _tf.tile(x, [n] if isinstance(n, int) else n)


def repeat(x: Any, n: int) -> Tensor:
    return _tf.tile(_tf.expand_dims(x, 1), [1, n, 1])


def gather(reference: Any, indices: Any) -> Tensor:
    return _tf.gather(reference, indices)


def one_hot(indices: Any, num_classes: int) -> Tensor:
    return _tf.one_hot(indices, depth=num_classes, axis=-1)


def l2_normalize(x: Any, axis: Any = None) -> Tensor:
    return _tf.nn.l2_normalize(x, axis=axis)


def stop_gradient(variables: Any) -> Any:
    if isinstance(variables, (list, tuple)):
        return [_tf.stop_gradient(v) for v in variables]
    return _tf.stop_gradient(variables)


def gradients(loss: Any, variables: list) -> list:
    return _tf.gradients(loss, variables)


# -- activations and losses --------------------------------------------------------------------


def relu(x: Any, alpha: float = 0.0, max_value: Any = None, threshold: float = 0.0) -> Tensor:
    if threshold != 0.0:
        raise error("UNIMPLEMENTED", "relu with a threshold is not supported")
    y = _tf.nn.leaky_relu(x, alpha=alpha) if alpha else _tf.nn.relu(x)
    if max_value is not None:
        y = _tf.minimum(y, _tf.cast(max_value, y.dtype))
    return y


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    y = _tf.nn.elu(x)
    return y if alpha == 1 else _tf.where(_tf.greater(x, 0.0), y, alpha * y)


def softmax(x: Any, axis: int = -1) -> Tensor:
    """Softmax over `axis` (a tuple of axes too), remembered as made from `x`."""
    x = _tf.convert_to_tensor(x)
    if x.static_shape is not None and len(x.static_shape) <= 1:
        raise ValueError(f"Cannot apply softmax to a tensor that is 1D. Received input: {x}")
    if isinstance(axis, int):
        output = _tf.nn.softmax(x, axis=axis)
    else:
        numerator = _tf.exp(x - _tf.reduce_max(x, axis=axis, keepdims=True))
        output = numerator / _tf.reduce_sum(numerator, axis=axis, keepdims=True)
    _state(x.graph).logits[output] = x
    return output


def softplus(x: Any) -> Tensor:
    return _tf.nn.softplus(x)


def softsign(x: Any) -> Tensor:
    return _tf.nn.softsign(x)


def sigmoid(x: Any) -> Tensor:
    """Elementwise sigmoid, remembered as made from `x`."""
    x = _tf.convert_to_tensor(x)
    output = _tf.sigmoid(x)
    _state(x.graph).logits[output] = x
    return output


def hard_sigmoid(x: Any) -> Tensor:
    """clip(0.2 x + 0.5, 0, 1), Keras' piecewise-linear sigmoid."""
    x = _tf.convert_to_tensor(x)
    point_two = _tf.constant(0.2, x.dtype)
    point_five = _tf.constant(0.5, x.dtype)
    return _tf.clip_by_value(x * point_two + point_five, 0.0, 1.0)


def tanh(x: Any) -> Tensor:
    return _tf.tanh(x)


def _epsilon_like(x: Tensor) -> Tensor:
    return _tf.constant(_EPSILON, x.dtype)


def _logits_of(output: Tensor, from_logits: bool, op_type: str) -> tuple[Tensor, bool]:
    """Keras' rule for probabilities a Softmax (or Sigmoid) op made: the cross-entropy is
    computed from that op's input, the logits, so saturated outputs are not clipped to
    epsilon (TF 1.15's backend and tf_keras' `_get_logits`). TF's Softmax op is over the
    last axis only (another axis is a transpose there), hence the check. Output of Keras'
    own sigmoid or softmax (`activation='sigmoid'`) is taken as logits whichever
    cross-entropy it meets, as tf_keras does: categorical cross-entropy of sigmoids is
    the softmax cross-entropy of their logits there."""
    logits = _state(output.graph).logits.get(output)
    if logits is not None:
        return logits, True
    op = output.op
    if from_logits or op.type != op_type:
        return output, from_logits
    if op_type == "Softmax" and op.attrs.get("axis", -1) not in (-1, len(output.static_shape) - 1):
        return output, from_logits
    return op.inputs[0], True


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1):
    """-sum(target log(output)) over `axis`; `output` probabilities are renormalized and
    clipped to [epsilon, 1 - epsilon] as Keras does, unless `from_logits` (or made by a
    softmax, whose logits are used instead)."""
    target, output = _tf.convert_to_tensor(target), _tf.convert_to_tensor(output)
    output, from_logits = _logits_of(output, from_logits, "Softmax")
    if from_logits:
        return _tf.nn.softmax_cross_entropy_with_logits_v2(labels=target, logits=output, axis=axis)
    output = output / _tf.reduce_sum(output, axis, keepdims=True)
    eps = _epsilon_like(output)
    output = _tf.clip_by_value(output, eps, 1.0 - eps)
    return -_tf.reduce_sum(target * _tf.log(output), axis)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> Tensor:
    """Cross-entropy against integer class ids; probabilities are clipped and logged first
    (Keras' order), so the result matches Keras' to rounding."""
    output = _tf.convert_to_tensor(output)
    if axis not in (-1, len(output.static_shape) - 1):
        raise error("UNIMPLEMENTED", "sparse_categorical_crossentropy over a non-last axis")
    output, from_logits = _logits_of(output, from_logits, "Softmax")
    if not from_logits:
        eps = _epsilon_like(output)
        output = _tf.log(_tf.clip_by_value(output, eps, 1.0 - eps))
    labels = _tf.cast(_tf.convert_to_tensor(target), _tf.int64)
    rank = len(output.static_shape)
    if labels.static_shape is not None and len(labels.static_shape) == rank:
        labels = _tf.squeeze(labels, [-1])
    return _tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=output)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Tensor:
    """Elementwise binary cross-entropy; probabilities are clipped to [epsilon, 1 - epsilon]
    and epsilon added inside the logs, as tf_keras computes it (from the logits when a
    sigmoid made `output`)."""
    target, output = _tf.convert_to_tensor(target), _tf.convert_to_tensor(output)
    output, from_logits = _logits_of(output, from_logits, "Sigmoid")
    if from_logits:
        return _tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = _epsilon_like(output)
    output = _tf.clip_by_value(output, eps, 1.0 - eps)
    bce = target * _tf.log(output + eps)
    bce = bce + (1.0 - target) * _tf.log(1.0 - output + eps)
    return -bce


def dropout(x: Any, level: float, noise_shape: Any = None, seed: int | None = None) -> Tensor:
    return _tf.nn.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None) -> Tensor:
    return _tf.random_uniform(shape, minval, maxval, dtype=dtype or _FLOATX, seed=seed)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    return _tf.random_normal(shape, mean, stddev, dtype=dtype or _FLOATX, seed=seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    return _tf.truncated_normal(shape, mean, stddev, dtype=dtype or _FLOATX, seed=seed)


# -- functions ---------------------------------------------------------------------------------


class Function:
    """A callable running `outputs` (and `updates`) for values fed to `inputs`."""

    def __init__(self, inputs: list, outputs: list, updates: Any = None, name: str | None = None):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.name = name
        self.single = False
        ops = []
        for u in updates or []:
            ops.append(_tf.assign(*u) if isinstance(u, tuple) else u)
        self.updates = ops

    def __call__(self, inputs: list) -> list:
        if len(inputs) != len(self.inputs):
            raise ValueError(
                f"Expected {len(self.inputs)} inputs to the function, got {len(inputs)}"
            )
        feed = {}
        for t, value in zip(self.inputs, inputs, strict=True):
            feed[t] = value
        sess = get_session()
        out = sess.run([self.outputs, self.updates], feed)[0]
        return out[0] if self.single else out


def function(inputs: list, outputs: Any, updates: Any = None, name: str | None = None, **kw):
    """`K.function(inputs, outputs, updates)`: a callable over lists of numpy values."""
    if kw:
        raise ValueError(f"Invalid argument {sorted(kw)[0]!r} passed to K.function")
    single = not isinstance(outputs, (list, tuple))
    f = Function(inputs, [outputs] if single else outputs, updates, name)
    if single:
        f.single = True
    return f


# -- more of Keras' backend: convolutions, padding, control flow, CTC --------------------------


def bias_add(x: Any, bias: Any, data_format: str | None = None) -> Tensor:
    if data_format not in (None, "channels_last"):
        raise error("INVALID_ATTR", "graphgate's Keras backend is channels_last only")
    return _tf.nn.bias_add(x, bias)


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1) -> Tensor:
    if data_format not in (None, "channels_last"):
        raise error("INVALID_ATTR", "graphgate's Keras backend is channels_last only")
    return _tf.nn.conv1d(x, kernel, strides, padding.upper(), dilations=dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    if data_format not in (None, "channels_last"):
        raise error("INVALID_ATTR", "graphgate's Keras backend is channels_last only")
    return _tf.nn.conv2d(
        x, kernel, (1, *strides, 1), padding.upper(), dilations=(1, *dilation_rate, 1)
    )


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    if data_format not in (None, "channels_last"):
        raise error("INVALID_ATTR", "graphgate's Keras backend is channels_last only")
    if pool_mode not in ("max", "avg"):
        raise ValueError(f"Invalid pooling mode: {pool_mode}")
    fn = _tf.nn.max_pool if pool_mode == "max" else _tf.nn.avg_pool
    return fn(x, (1, *pool_size, 1), (1, *strides, 1), padding.upper())


def temporal_padding(x: Any, padding: Any = (1, 1)) -> Tensor:
    return _tf.pad(x, [[0, 0], list(padding), [0, 0]])


def spatial_2d_padding(x: Any, padding: Any = ((1, 1), (1, 1)), data_format=None) -> Tensor:
    if data_format not in (None, "channels_last"):
        raise error("INVALID_ATTR", "graphgate's Keras backend is channels_last only")
    return _tf.pad(x, [[0, 0], list(padding[0]), list(padding[1]), [0, 0]])


def repeat_elements(x: Any, rep: int, axis: int) -> Tensor:
    """Each slice along `axis` repeated `rep` times in place (Keras' `repeat_elements`)."""
    x = _tf.convert_to_tensor(x)
    rank = len(x.static_shape)
    axis = axis % rank
    tiled = _tf.tile(
        _tf.expand_dims(x, axis + 1), [1] * (axis + 1) + [rep] + [1] * (rank - axis - 1)
    )
    shape = [-1 if d is None else d for d in x.static_shape]
    if shape[axis] != -1:
        shape[axis] *= rep
    if shape.count(-1) > 1:
        dynamic = _tf.unstack(_tf.shape(x))
        shape = [dynamic[i] if d == -1 else d for i, d in enumerate(shape)]
        shape[axis] = dynamic[axis] * rep
        return _tf.reshape(tiled, _tf.stack(shape))
    return _tf.reshape(tiled, shape)


def reverse(x: Any, axes: Any) -> Tensor:
    return _tf.reverse(x, [axes] if isinstance(axes, int) else list(axes))


def arange(start: Any, stop: Any = None, step: int = 1, dtype: str = "int32") -> Tensor:
    if stop is None:
        start, stop = 0, start
    return _tf.cast(_tf.range(start, stop, step), dtype)


def print_tensor(x: Any, message: str = "") -> Tensor:
    return _tf.Print(x, [x], message)


def in_top_k(predictions: Any, targets: Any, k: int) -> Tensor:
    return _tf.nn.in_top_k(predictions, targets, k)


def resize_images(x, height_factor, width_factor, data_format=None, interpolation="nearest"):
    """Nearest-neighbour upsampling of NHWC images by integer factors."""
    from .layers import UpSampling2D

    if data_format not in (None, "channels_last") or interpolation != "nearest":
        raise error("UNIMPLEMENTED", "resize_images is channels_last and nearest only")
    return UpSampling2D((height_factor, width_factor)).call(x)


def map_fn(fn: Any, elems: Any, name: str | None = None, dtype: Any = None) -> Tensor:
    return _tf.map_fn(fn, elems, name=name, dtype=dtype)


def foldl(fn: Any, elems: Any, initializer: Any = None, name: str | None = None) -> Tensor:
    return _tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn: Any, elems: Any, initializer: Any = None, name: str | None = None) -> Tensor:
    return _tf.foldr(fn, elems, initializer=initializer, name=name)


def random_binomial(shape: Any, p: float = 0.0, dtype: Any = None, seed: Any = None) -> Tensor:
    dtype = dtype or _FLOATX
    draws = _tf.random_uniform(shape, dtype=dtype, seed=seed)
    return _tf.where(draws <= p, _tf.ones(shape, dtype), _tf.zeros(shape, dtype))


def ctc_batch_cost(y_true: Any, y_pred: Any, input_length: Any, label_length: Any) -> Tensor:
    """CTC loss per sample, [batch, 1]: `y_pred` softmax outputs [batch, time, classes]
    (the last class the blank), `y_true` padded labels, the lengths [batch, 1]."""
    y_pred = _tf.convert_to_tensor(y_pred)
    label_length = _tf.cast(_tf.squeeze(label_length, [-1]), _tf.int32)
    input_length = _tf.cast(_tf.squeeze(input_length, [-1]), _tf.int32)
    logits = _tf.log(y_pred + _epsilon_like(y_pred))
    loss = _tf.nn.ctc_loss_v2(
        labels=_tf.cast(y_true, _tf.int32),
        logits=logits,
        label_length=label_length,
        logit_length=input_length,
        logits_time_major=False,
        blank_index=y_pred.static_shape[-1] - 1,
    )
    return _tf.expand_dims(loss, 1)
