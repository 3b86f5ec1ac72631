"""`gg.layers`: TensorFlow 1.x's functional `tf.layers` (dense, conv2d, pooling, flatten,
dropout, batch_normalization), with TF1's variable names (`dense/kernel`, `dense_1/bias`,
`batch_normalization/moving_mean`) and op names (`dense/MatMul`, `conv2d/Conv2D`).

Each layer opens a variable scope as TF1's layers do (`model/dense/kernel` inside
`variable_scope("model")`) and makes its variables with `get_variable`, so `reuse` and
`AUTO_REUSE` share them as TF1's do.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import math
import numbers
import operator
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, NamedTuple

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, TensorShape, as_tensors, get_default_graph
from .input_spec import InputSpec as InputSpec
from .layers_base import UPDATE_OPS as UPDATE_OPS
from .layers_base import Layer as Layer
from .layers_base import legacy_unique_name
from .ops import conv_ops
from .ops.array_ops import concat, identity, reshape, shape, stop_gradient, where
from .ops.array_ops import shape as array_shape
from .ops.math_ops import cast, matmul
from .ops.nn_ops import batch_normalization as _batch_norm
from .ops.nn_ops import fused_moments, moments
from .ops.random_ops import dropout as _dropout
from .ops.state_ops import Variable, global_variables
from .train.initializers import Initializer, ones_initializer, zeros_initializer
from .train.moving_averages import zero_debiased_assign
from .variable_scope import GraphKeys, get_variable, variable_scope


class _Call(NamedTuple):
    """A layer object's call of its function: which layer, and whether it was built."""

    layer: Any
    again: bool


_LAYER_CALL: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(
    "layer_call", default=None
)
# The `*_constraint` arguments of the layer being built, by variable name (see _layer_scope).
_CONSTRAINTS: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "layer_constraints", default=None
)
# The `activity_regularizer` of the layer being built, which _activate applies.
_ACTIVITY: contextvars.ContextVar[Callable | None] = contextvars.ContextVar(
    "layer_activity", default=None
)


@contextlib.contextmanager
def _layer_scope(
    name: Any,
    default: str,
    reuse: Any,
    constraints: dict | None = None,
    activity: Callable | None = None,
) -> Iterator[str]:
    """The layer's variable scope, as TF1's layers open it: `name` (a string or a scope
    object), else `default` made unique in the enclosing scope (dense, dense_1, ...); its
    ops get the matching name scope. `reuse=True` shares the variables (an error if they
    do not exist), `AUTO_REUSE` shares or creates, otherwise a second layer of the same
    name is an error, all from `get_variable`. Yields the scope's name.

    `constraints` maps a variable's name (kernel, bias, gamma, ...) to the layer's
    `*_constraint`, which `_layer_variable` gives the variable for optimizers to apply;
    `activity` is the layer's `activity_regularizer`, which `_activate` applies."""
    token = _CONSTRAINTS.set(constraints or {})
    token_activity = _ACTIVITY.set(activity)
    try:
        yield from _opened_scope(name, default, reuse)
    finally:
        _ACTIVITY.reset(token_activity)
        _CONSTRAINTS.reset(token)


def _opened_scope(name: Any, default: str, reuse: Any) -> Iterator[str]:
    shared = True if reuse is True else (reuse or None)
    call = _LAYER_CALL.get()
    # Only the layer object's own scope is re-entered: layers built inside it open theirs.
    _LAYER_CALL.set(None)
    if call is not None and call.again:
        # A layer object's later calls: TF1 puts their ops in the name scope of the first
        # call (`fc/Tanh_1`), not a new one (`fc_1/Tanh`).
        graph = get_default_graph()
        with (
            graph.name_scope(call.layer._name_scope),
            variable_scope(name, reuse=shared, auxiliary_name_scope=False) as scope,
        ):
            yield scope.name
        return
    if call is None:
        # TF1's functional form makes a layer object, which takes a name from Keras'
        # counter: the next Keras Dense after `tf.layers.dense` is `dense_1`.
        legacy_unique_name(default)
    with variable_scope(name, default_name=default, reuse=shared) as scope:
        if call is not None:
            call.layer._name_scope = get_default_graph().scope_prefix
        yield scope.name


def _kernel_bias(kernel: Callable | None, bias: Callable | None) -> dict:
    return {"kernel": kernel, "bias": bias}


def _separable_constraints(depthwise, pointwise, bias) -> dict:
    return {"depthwise_kernel": depthwise, "pointwise_kernel": pointwise, "bias": bias}


def _layer_variable(
    name: str,
    shape: tuple[int, ...],
    initializer: Callable | None,
    trainable: bool = True,
    dtype: Any = _dt.float32,
    regularizer: Callable | None = None,
) -> Variable:
    """The layer's variable `name` ("kernel", "bias", ...) in the layer's scope. A kernel
    without an initializer takes `get_variable`'s default, as TF1's layers do: the
    enclosing variable scope's initializer, else Glorot uniform."""
    if any(d is None for d in shape):
        raise error("SHAPE_MISMATCH", f"{name} needs a fully known shape, got {list(shape)}")
    graph = get_default_graph()
    existing = {id(v) for v in global_variables(graph)}
    var = get_variable(
        name,
        shape,
        dtype=_dt.as_dtype(dtype),
        initializer=initializer,
        trainable=trainable,
        constraint=(_CONSTRAINTS.get() or {}).get(name),
    )
    if regularizer is not None and id(var) not in existing:
        # A layer's own regularizer runs in the layer's name scope (`dnn/hidden1/kernel/
        # Regularizer/` under `name_scope("dnn")`), as TF1's layers run it; get_variable's
        # (the variable scope's default) in the variable's, which `name_scope` never moves.
        with graph.name_scope(name + "/Regularizer"):
            loss = regularizer(var)
        if loss is not None:
            graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
    return var


def _activate(y: Tensor, activation: Callable | None) -> Tensor:
    y = y if activation is None else activation(y)
    regularizer = _ACTIVITY.get()
    if regularizer is not None:
        # As TF1's layers (Keras' add_loss): the penalty of the output over the batch size,
        # under `<layer>/ActivityRegularizer/`, in the regularization losses.
        graph = y.op.graph
        with graph.name_scope("ActivityRegularizer"):
            loss = regularizer(y)
            loss = loss / cast(shape(y)[0], loss.dtype)
        graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
    return y


def _ints(value: Any, n: int, what: str) -> tuple[int, ...]:
    """A layer's size argument: one int for every axis, or n of them."""
    if isinstance(value, int):
        return (value,) * n
    items = tuple(operator.index(v) for v in value)
    if len(items) != n:
        raise error("INVALID_ATTR", f"{what} must be an int or {n} ints, got {list(items)}")
    return items


# The same rules under internal-API names, for gg.keras' layers.
size_argument = _ints


def _pair(value: Any, what: str) -> tuple[int, int]:
    return _ints(value, 2, what)


def _channels_last(data_format: str) -> None:
    if data_format != "channels_last":
        raise error(
            "INVALID_ATTR",
            f"data_format {data_format!r} is not supported; graphgate layers are channels_last",
        )


check_channels_last = _channels_last


def _kernel_layer(
    x: Tensor,
    kernel_shape: tuple,
    units: int,
    apply: Callable,
    use_bias: bool,
    initializers: tuple,
    regularizers: tuple,
    trainable: bool,
    activation: Callable | None,
) -> Tensor:
    """A layer's `kernel` and optional `bias` (made in TF1's order), `apply(kernel)`, then
    the bias added and the activation applied: dense and the convolutions."""
    kernel = _layer_variable(
        "kernel",
        kernel_shape,
        initializers[0],
        trainable,
        x.dtype,
        regularizers[0],
    )
    bias = None
    if use_bias:
        bias = _layer_variable(
            "bias", (units,), initializers[1] or zeros_initializer(), trainable, x.dtype,
            regularizers[1],
        )  # fmt: skip
    y = apply(kernel)
    if bias is not None:
        y = conv_ops.bias_add(y, bias, name="BiasAdd")
    return _activate(y, activation)


def dense(
    inputs: Any,
    units: int,
    activation: Callable | None = None,
    use_bias: bool = True,
    kernel_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    kernel_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    kernel_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """activation(inputs @ kernel + bias) over the last axis (`tf.layers.dense`)."""
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) < 2 or shape[-1] is None:
            raise error(
                "SHAPE_MISMATCH",
                f"dense needs inputs of rank ≥ 2 with a known last dimension, got {shape}",
            )
        units = dense_units(units)
        if not x.dtype.is_floating:
            # TF's Dense refuses while building (the convolutions take integer inputs).
            raise error(
                "DTYPE_MISMATCH",
                "A Dense layer can only be built with a floating-point dtype. "
                f"Received: dtype={x.dtype.name}",
            )

        def apply(kernel):
            if len(shape) == 2:
                return matmul(x, kernel, name="MatMul")
            flat = matmul(reshape(x, [-1, shape[-1]]), kernel, name="Tensordot")
            if None not in shape[1:]:
                return reshape(flat, [-1, *shape[1:-1], units])
            # Inner dimensions known only at run time (a decoder's time axis).
            out = reshape(flat, concat([array_shape(x)[:-1], [units]], 0))
            out.set_shape([*shape[:-1], units])
            return out

        constraints = _kernel_bias(kernel_constraint, bias_constraint)
        with _layer_scope(name, "dense", reuse, constraints, activity_regularizer):
            return _kernel_layer(
                x, (shape[-1], units), units, apply, use_bias,
                (kernel_initializer, bias_initializer), (kernel_regularizer, bias_regularizer),
                trainable, activation,
            )  # fmt: skip


def conv2d(
    inputs: Any,
    filters: int,
    kernel_size: Any,
    strides: Any = (1, 1),
    padding: str = "valid",
    data_format: str = "channels_last",
    dilation_rate: Any = (1, 1),
    activation: Callable | None = None,
    use_bias: bool = True,
    kernel_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    kernel_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    kernel_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """2-D convolution layer over NHWC inputs (`tf.layers.conv2d`)."""
    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) != 4 or shape[3] is None:
            raise error("SHAPE_MISMATCH", f"conv2d needs NHWC inputs with known channels: {shape}")
        kh, kw = _pair(kernel_size, "kernel_size")
        filters = operator.index(filters)

        def apply(kernel):
            step, rate = _pair(strides, "strides"), _pair(dilation_rate, "dilation_rate")
            return conv_ops.conv2d(x, kernel, step, padding, dilations=rate, name="Conv2D")

        constraints = _kernel_bias(kernel_constraint, bias_constraint)
        with _layer_scope(name, "conv2d", reuse, constraints, activity_regularizer):
            return _kernel_layer(
                x, (kh, kw, shape[3], filters), filters, apply, use_bias,
                (kernel_initializer, bias_initializer), (kernel_regularizer, bias_regularizer),
                trainable, activation,
            )  # fmt: skip


def _deconv_length(size: int | None, k: int, stride: int, padding: str) -> int | None:
    """The output length of a transposed convolution, as TF's layers compute it."""
    if size is None:
        return None
    if padding.upper() == "VALID":
        return size * stride + max(k - stride, 0)
    return size * stride


def conv2d_transpose(
    inputs: Any,
    filters: int,
    kernel_size: Any,
    strides: Any = (1, 1),
    padding: str = "valid",
    data_format: str = "channels_last",
    activation: Callable | None = None,
    use_bias: bool = True,
    kernel_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    kernel_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    kernel_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """Transposed 2-D convolution layer (`tf.layers.conv2d_transpose`); the batch may be
    unknown until run time."""
    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) != 4 or shape[3] is None:
            raise error("SHAPE_MISMATCH", f"conv2d_transpose needs NHWC inputs: {shape}")
        (kh, kw), (sh, sw) = _pair(kernel_size, "kernel_size"), _pair(strides, "strides")
        filters = operator.index(filters)
        constraints = _kernel_bias(kernel_constraint, bias_constraint)
        with _layer_scope(name, "conv2d_transpose", reuse, constraints, activity_regularizer):
            kernel = _layer_variable(
                "kernel",
                (kh, kw, filters, shape[3]),
                kernel_initializer,
                trainable,
                x.dtype,
                kernel_regularizer,
            )
            bias = None
            if use_bias:
                bias = _layer_variable(
                    "bias",
                    (filters,),
                    bias_initializer or zeros_initializer(),
                    trainable,
                    x.dtype,
                    bias_regularizer,
                )
            y = transposed_conv(x, kernel, (kh, kw), (sh, sw), padding, filters)
            if bias is not None:
                y = conv_ops.bias_add(y, bias, name="BiasAdd")
            return _activate(y, activation)


def _deconv_dims(x: Tensor, size: tuple, strides: tuple, padding: str) -> list:
    """The batch and spatial sizes of a transposed convolution's output: ints where the
    input's are known, else tensors computed when run (as TF's layers compute them)."""
    from .ops.array_ops import shape as _shape

    shape = x.static_shape
    dims = [_shape(x)[0] if shape[0] is None else shape[0]]
    for i, (k, st) in enumerate(zip(size, strides, strict=True), start=1):
        d = _deconv_length(shape[i], k, st, padding)
        if d is None:  # known at run time only
            d = _shape(x)[i] * st
            if padding.upper() == "VALID":
                d = d + max(k - st, 0)
        dims.append(d)
    return dims


def transposed_conv(x: Tensor, kernel: Tensor, size: tuple, strides: tuple, padding: str,
                    filters: int) -> Tensor:  # fmt: skip
    """A transposed convolution's op, its output size as TF's layers compute it (shared with
    `gg.keras.layers.Conv2DTranspose`)."""
    from .ops.array_ops import stack

    shape = x.static_shape
    (sh, sw) = strides
    dims = _deconv_dims(x, size, strides, padding)
    sizes = stack([*dims, filters])
    attrs = {
        "strides": (1, sh, sw, 1),
        "padding": conv_ops.checked_padding(padding),
        "dilations": (1, 1, 1, 1),
        "data_format": "NHWC",
    }
    static = (shape[0], *(d if isinstance(d, int) else None for d in dims[1:]), filters)
    return conv_ops.backprop_input(sizes, kernel, x, attrs, static, "conv2d_transpose")


def _pooling(type_, default, inputs, pool_size, strides, padding, data_format, name):
    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default(), _layer_scope(name, default, None):
        fn = conv_ops.max_pool if type_ == "MaxPool" else conv_ops.avg_pool
        return fn(x, _pair(pool_size, "pool_size"), _pair(strides, "strides"), padding, name=type_)


def max_pooling2d(
    inputs: Any,
    pool_size: Any,
    strides: Any,
    padding: str = "valid",
    data_format: str = "channels_last",
    name: str | None = None,
) -> Tensor:
    """Max pooling layer (`tf.layers.max_pooling2d`)."""
    return _pooling(
        "MaxPool", "max_pooling2d", inputs, pool_size, strides, padding, data_format, name
    )


def average_pooling2d(
    inputs: Any,
    pool_size: Any,
    strides: Any,
    padding: str = "valid",
    data_format: str = "channels_last",
    name: str | None = None,
) -> Tensor:
    """Average pooling layer (`tf.layers.average_pooling2d`)."""
    return _pooling(
        "AvgPool", "average_pooling2d", inputs, pool_size, strides, padding, data_format, name
    )


def flatten(inputs: Any, name: str | None = None, data_format: str = "channels_last") -> Tensor:
    """[batch, ...] to [batch, everything else] (`tf.layers.flatten`)."""
    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None or not shape or None in shape[1:]:
        raise error("SHAPE_MISMATCH", f"flatten needs all but the first dimension known: {shape}")
    with graph.as_default(), _layer_scope(name, "flatten", None):
        if not shape[1:]:
            return reshape(x, [-1, 1], name="Reshape")
        return reshape(x, [-1, math.prod(shape[1:])], name="Reshape")


def dropout(
    inputs: Any,
    rate: float = 0.5,
    noise_shape: Any = None,
    seed: int | None = None,
    training: Any = False,
    name: str | None = None,
) -> Tensor:
    """Dropout while `training` (a bool or a bool tensor), the identity otherwise."""
    graph, (x,) = as_tensors(inputs)
    with graph.as_default(), _layer_scope(name, "dropout", None):
        if isinstance(rate, numbers.Real) and rate == 0:
            # tf_keras' Dropout returns its input at rate 0 before it looks at `training`:
            # no cond, no random op, no op seed drawn (AutoInt's dropout_keep_prob 1).
            # contrib.layers.dropout is TF's own older Keras layer, which draws one.
            return identity(x, name="Identity")
        return dropout_body(x, rate, noise_shape, seed, training)


def dropout_body(x: Tensor, rate: float, noise_shape: Any, seed: Any, training: Any) -> Tensor:
    """Dropout's ops in the current scope (shared with `gg.keras.layers.Dropout`)."""
    if isinstance(training, Tensor):
        # A cond, as TF's smart_cond: the random op runs only while training, so a
        # predict or a validation pass does not advance its stream (TF's masks then).
        from .ops.control_flow_ops import cond

        return cond(
            cast(training, _dt.bool_),
            lambda: _dropout(x, rate=rate, noise_shape=noise_shape, seed=seed),
            lambda: identity(x),
        )
    if training:
        return _dropout(x, rate=rate, noise_shape=noise_shape, seed=seed)
    return identity(x, name="Identity")


def _moving_update(var: Variable, value: Tensor, decay: Any, name: str, debias=None) -> Tensor:
    """TF's assign_moving_average: var -= (var - value) * decay; with `debias` (the
    `biased` and `local_step` variables of TF's zero_debias), the biased average moves so
    and var becomes it over 1 - (1 - decay)^step."""
    if isinstance(decay, Tensor):
        decay = cast(decay, var.dtype)
    if debias is None:
        return var.assign_sub((var - cast(value, var.dtype)) * decay, name=name)
    # TF's 1 - decay is a float32 tensor here
    decay = cast(decay, var.dtype.base_dtype)
    return zero_debiased_assign(var, cast(value, var.dtype), decay, debias, name)


def _zero_debias_variables(moving_mean: Variable) -> tuple[Variable, Variable]:
    """TF's _zero_debias makes `biased` and `local_step` in a variable scope named as the
    moving mean's full name, inside the current scope: `bn/bn/moving_mean/biased`."""
    shape, dtype = moving_mean.static_shape, moving_mean.dtype.base_dtype
    with variable_scope(moving_mean.op.name):
        biased = get_variable("biased", shape, dtype, zeros_initializer(), trainable=False)
        step = get_variable("local_step", (), dtype, zeros_initializer(), trainable=False)
    return biased, step


def dense_units(units: Any) -> int:
    """Keras' Dense's `units`: int(units) unless already an int (taki0112's SENet passes
    out_dim / ratio, a float: 2.5 units are 2, as int() makes them); a bool and a negative
    are refused, as TF refuses them."""
    if isinstance(units, bool):
        raise TypeError(f"Dense units must be an integer, got {units!r}")
    if not isinstance(units, int):
        units = int(units)
    if units < 0:
        raise ValueError(
            "Received an invalid value for `units`, expected a positive integer. "
            f"Received: units={units}"
        )
    return units


def batch_normalization(
    inputs: Any,
    axis: int = -1,
    momentum: float = 0.99,
    epsilon: float = 1e-3,
    center: bool = True,
    scale: bool = True,
    beta_initializer: Callable | None = None,
    gamma_initializer: Callable | None = None,
    moving_mean_initializer: Callable | None = None,
    moving_variance_initializer: Callable | None = None,
    beta_regularizer: Callable | None = None,
    gamma_regularizer: Callable | None = None,
    beta_constraint: Callable | None = None,
    gamma_constraint: Callable | None = None,
    training: Any = False,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
    renorm: bool = False,
    renorm_clipping: Any = None,
    renorm_momentum: float = 0.99,
    fused: bool | None = None,
    virtual_batch_size: Any = None,
    adjustment: Any = None,
    *,
    _beta_first: bool = False,
    _updates_when_frozen: bool = False,
    _zero_debias: bool = False,
) -> Tensor:
    """Batch normalization layer (`tf.layers.batch_normalization`).

    While `training` (a bool or a bool tensor) it normalizes by the batch's moments and
    adds the moving-average updates to the "update_ops" collection (run them, e.g. with
    `control_dependencies(get_collection(UPDATE_OPS))` around `minimize`); otherwise it
    uses the moving mean and variance."""
    if virtual_batch_size is not None or adjustment is not None:
        raise error("INVALID_ATTR", "virtual batches and adjustments are not supported")
    if renorm:
        fused, renorm_clipping = False, renorm_clipping_checked(renorm_clipping)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None:
            raise error("UNKNOWN_RANK", "batch_normalization needs inputs of known rank")
        rank = len(shape)
        axis = operator.index(axis) % rank
        if shape[axis] is None:
            raise error("SHAPE_MISMATCH", f"the normalized axis {axis} of {shape} must be known")
        constraints = {"gamma": gamma_constraint, "beta": beta_constraint}
        with _layer_scope(name, "batch_normalization", reuse, constraints):
            params = (shape[axis],)
            dtype = _dt.float32 if x.dtype == _dt.float16 else x.dtype

            def var(suffix, init, trainable_, reg=None):
                return _layer_variable(suffix, params, init, trainable_, dtype, reg)

            # As TF1's, no gamma without `scale` and no beta without `center`. The Keras
            # layer makes gamma first; contrib's own fused batch norm (`_beta_first`) beta.
            gamma = beta = None
            for which in ("beta", "gamma") if _beta_first else ("gamma", "beta"):
                if which == "gamma" and scale:
                    init = gamma_initializer or ones_initializer()
                    gamma = var("gamma", init, trainable, gamma_regularizer)
                elif which == "beta" and center:
                    init = beta_initializer or zeros_initializer()
                    beta = var("beta", init, trainable, beta_regularizer)
            moving_mean = var("moving_mean", moving_mean_initializer or zeros_initializer(), False)
            moving_var = var(
                "moving_variance", moving_variance_initializer or ones_initializer(), False
            )
            renormed = None
            if renorm:
                renormed = renorm_variables(
                    var, moving_mean_initializer, moving_variance_initializer,
                    renorm_clipping, renorm_momentum,
                )  # fmt: skip
            # contrib's zero_debias_moving_mean (static `training` only: contrib_layers).
            debias = None
            if _zero_debias and training is not False:
                debias = _zero_debias_variables(moving_mean)
            out, updates = batch_norm_with_updates(
                x, axis, rank, momentum, epsilon, training, fused,
                (gamma, beta, moving_mean, moving_var), debias=debias, renorm=renormed,
            )  # fmt: skip
            # The assignment's op, as TF1's (running the collection returns Nones); none
            # for a frozen layer, whose statistics TF1 leaves alone.
            for update in updates if trainable or _updates_when_frozen else []:
                graph.add_to_collection(UPDATE_OPS, update.op)
            return out


def renorm_clipping_checked(clipping: Any) -> dict:
    """Batch renormalization's clipping as a dict, refused as TF refuses it (keys other
    than rmax, rmin and dmax). TF1's layers take `fused=True` with it and normalize
    unfused (TF 2's Keras layer refuses the pair)."""
    clipping = dict(clipping or {})
    if set(clipping) - {"rmax", "rmin", "dmax"}:
        raise ValueError(
            "Received invalid keys for `renorm_clipping` argument: "
            f"{clipping}. Supported values: ['rmax', 'rmin', 'dmax']."
        )
    return clipping


def renorm_variables(var, mean_init, variance_init, clipping, momentum) -> Renorm:
    """moving_stddev, renorm_mean and renorm_stddev, after the moving variance, in the
    order the Keras layer builds them: `var(name, initializer, trainable)` makes each."""
    stddev_init = _SqrtOf(variance_init or ones_initializer())
    return Renorm(
        var("moving_stddev", stddev_init, False),
        var("renorm_mean", mean_init or zeros_initializer(), False),
        var("renorm_stddev", stddev_init, False),
        clipping,
        momentum,
    )


class Renorm(NamedTuple):
    """Batch renormalization's state (Ioffe 2017, as TF 1.x's layer keeps it): the
    inference `moving_stddev` (the moving variance is its square), the `renorm_mean` and
    `renorm_stddev` the corrections r and d are taken against, their clipping and
    momentum."""

    moving_stddev: Variable
    mean: Variable
    stddev: Variable
    clipping: dict
    momentum: float


class _SqrtOf(Initializer):
    """TF's moving_stddev_initializer: the square root of the moving variance's."""

    def __init__(self, initializer: Callable):
        self._initializer = initializer

    def __call__(self, shape, dtype=None, partition_info=None):
        from .ops.math_ops import sqrt

        return sqrt(self._initializer(shape, dtype, partition_info))


def _renorm_correction(renorm: Renorm, mean, variance, epsilon, on, gamma, beta):
    """The batch's (scale, offset) with the corrections r = stddev / renorm_stddev and
    d = (mean - renorm_mean) / renorm_stddev (taken before those move, clipped, r = 1 and
    d = 0 when not training, no gradient) folded into gamma and beta; and the batch
    moments the moving averages then follow, after renorm_mean and renorm_stddev moved
    by renorm_momentum toward the batch's (TF's control dependencies)."""
    from .graph import control_dependencies
    from .ops.array_ops import ones_like, zeros_like
    from .ops.math_ops import maximum, minimum, sqrt

    stddev = sqrt(variance + epsilon)
    floor = maximum(renorm.stddev, sqrt(_dt.float32.type(epsilon)))
    r = stddev / floor
    d = (mean - renorm.mean) / floor
    with control_dependencies([r, d]):
        mean, stddev = identity(mean), identity(stddev)
    clip = renorm.clipping
    if clip.get("rmin") is not None:
        r = maximum(r, clip["rmin"])
    if clip.get("rmax") is not None:
        r = minimum(r, clip["rmax"])
    if clip.get("dmax") is not None:
        d = minimum(maximum(d, -clip["dmax"]), clip["dmax"])
    decay = 1.0 - renorm.momentum
    if on is not None:
        r, d = where(on, r, ones_like(r)), where(on, d, zeros_like(d))
        decay = _picked(on, decay, 0.0, [])
    moved = [
        _moving_update(renorm.mean, mean, decay, "AssignMovingAvg"),
        _moving_update(renorm.stddev, stddev, decay, "AssignMovingAvg"),
    ]
    with control_dependencies(moved):
        mean, variance = identity(mean), identity(variance)
    scale, offset = stop_gradient(r, name="renorm_r"), stop_gradient(d, name="renorm_d")
    if gamma is not None:
        scale, offset = scale * gamma, offset * gamma
    if beta is not None:
        offset = offset + beta
    return (scale, offset), mean, variance


def _renorm_variance_update(renorm: Renorm, moving_var, variance, decay, epsilon, on):
    """The moving stddev moves toward sqrt(variance + epsilon); the moving variance
    becomes relu(stddev^2 - epsilon) (untouched when not training)."""
    from .ops.math_ops import sqrt
    from .ops.nn_ops import relu

    stddev = _moving_update(
        renorm.moving_stddev, sqrt(variance + epsilon), decay, "AssignMovingAvg"
    )
    value = relu(stddev * stddev - epsilon)
    if on is not None:
        value = where(on, value, moving_var)
    return moving_var.assign(value, name="AssignNewValue")


def _picked(on: Tensor, train_value: Any, other: Any, shape: Any) -> Tensor:
    """`train_value` while `on`, else `other`, with TF's cond's static shape (a
    `tf.placeholder(tf.bool)` has no known rank; the DCGAN example's conv2d_transpose
    needs the shape after this)."""
    value = where(on, train_value, other)
    value.set_shape(shape)
    return value


def batch_norm_with_updates(
    x, axis, rank, momentum, epsilon, training, fused, variables, debias=None, renorm=None
):
    """The normalized output and the moving-average updates (none when not training);
    shared with `gg.keras.layers.BatchNormalization`, which keeps its updates on the layer
    rather than in the UPDATE_OPS collection, as TF1's Keras does."""
    gamma, beta, moving_mean, moving_var = variables
    if fused is None:
        fused = rank == 4 and axis in (1, 3)
    # TF's fused kernel has no gradient for the mean and variance it is given: the moving
    # statistics get None from tf.gradients (facenet keeps them in TRAINABLE_VARIABLES; an
    # optimizer must not move them), where the unfused layer's formula gives one.
    read_mean, read_var = moving_mean, moving_var
    if fused:
        read_mean, read_var = stop_gradient(moving_mean), stop_gradient(moving_var)
    broadcast = [1] * rank
    broadcast[axis] = x.static_shape[axis]

    def shaped(t):
        return t if t is None or axis == rank - 1 else reshape(t, broadcast)

    def normalize(mean, variance, scale=gamma, offset=beta):
        return _batch_norm(
            x, shaped(mean), shaped(variance), shaped(offset), shaped(scale), epsilon
        )  # fmt: skip

    if training is False:
        return normalize(read_mean, read_var), []
    reduce_axes = [i for i in range(rank) if i != axis]
    if fused:
        with x.graph.name_scope("moments"):
            mean, variance = fused_moments(x, reduce_axes)
    else:
        mean, variance = moments(x, reduce_axes)
    on = cast(training, _dt.bool_) if isinstance(training, Tensor) else None
    params, new_mean, new_variance = (gamma, beta), mean, variance
    if renorm is not None:
        params, new_mean, new_variance = _renorm_correction(
            renorm, mean, variance, epsilon, on, gamma, beta
        )
    if on is not None:
        # As TF's smart_cond, pick the statistics and normalize once: normalizing by both
        # and picking an output would send 0 * NaN into the gradients whenever the
        # unused statistics give NaN (a negative moving variance set by set_weights).
        decay = _picked(on, 1.0 - momentum, 0.0, [])
        out = normalize(
            _picked(on, mean, read_mean, mean.shape),
            _picked(on, variance, read_var, variance.shape),
            *params,
        )
    else:
        decay, out = 1.0 - momentum, normalize(mean, variance, *params)
    if fused:
        # The fused kernel TF picks for 4-D inputs (NHWC or NCHW) feeds the moving variance with the
        # unbiased (Bessel-corrected) batch variance.
        from .ops.array_ops import size

        n = cast(size(x), variance.dtype) / float(x.static_shape[axis])
        new_variance = variance * n / (n - 1.0)
    if renorm is None:
        variance_update = _moving_update(moving_var, new_variance, decay, "AssignMovingAvg_1")
    else:
        variance_update = _renorm_variance_update(
            renorm, moving_var, new_variance, decay, epsilon, on
        )
    return out, [
        _moving_update(moving_mean, new_mean, decay, "AssignMovingAvg", debias),
        variance_update,
    ]


def _single(value: Any, what: str) -> int:
    return _ints(value, 1, what)[0]


def conv1d(
    inputs: Any,
    filters: int,
    kernel_size: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str = "channels_last",
    dilation_rate: Any = 1,
    activation: Callable | None = None,
    use_bias: bool = True,
    kernel_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    kernel_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    kernel_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """1-D convolution layer over [batch, width, channels] (`tf.layers.conv1d`)."""
    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) != 3 or shape[2] is None:
            raise error("SHAPE_MISMATCH", f"conv1d needs NWC inputs with known channels: {shape}")
        k, filters = _single(kernel_size, "kernel_size"), operator.index(filters)

        def apply(kernel):
            step, rate = _single(strides, "strides"), _single(dilation_rate, "dilation_rate")
            return conv_ops.conv1d(x, kernel, step, padding.upper(), dilations=rate)

        constraints = _kernel_bias(kernel_constraint, bias_constraint)
        with _layer_scope(name, "conv1d", reuse, constraints, activity_regularizer):
            return _kernel_layer(
                x, (k, shape[2], filters), filters, apply, use_bias,
                (kernel_initializer, bias_initializer), (kernel_regularizer, bias_regularizer),
                trainable, activation,
            )  # fmt: skip


def separable_conv2d(
    inputs: Any,
    filters: int,
    kernel_size: Any,
    strides: Any = (1, 1),
    padding: str = "valid",
    data_format: str = "channels_last",
    dilation_rate: Any = (1, 1),
    depth_multiplier: int = 1,
    activation: Callable | None = None,
    use_bias: bool = True,
    depthwise_initializer: Callable | None = None,
    pointwise_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    depthwise_regularizer: Callable | None = None,
    pointwise_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    depthwise_constraint: Callable | None = None,
    pointwise_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """Depthwise then pointwise 2-D convolution layer over NHWC inputs
    (`tf.layers.separable_conv2d`): variables `depthwise_kernel` [kh, kw, in, multiplier],
    `pointwise_kernel` [1, 1, in * multiplier, filters] and `bias`."""
    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) != 4 or shape[3] is None:
            raise error(
                "SHAPE_MISMATCH", f"separable_conv2d needs NHWC inputs with known channels: {shape}"
            )
        constraints = _separable_constraints(
            depthwise_constraint, pointwise_constraint, bias_constraint
        )
        with _layer_scope(name, "separable_conv2d", reuse, constraints, activity_regularizer):
            return _separable(
                x,
                _pair(kernel_size, "kernel_size"),
                (1, *_pair(strides, "strides"), 1),
                _pair(dilation_rate, "dilation_rate"),
                padding,
                operator.index(filters),
                operator.index(depth_multiplier),
                (depthwise_initializer, pointwise_initializer, bias_initializer),
                (depthwise_regularizer, pointwise_regularizer, bias_regularizer),
                use_bias,
                trainable,
                activation,
            )


def _separable(
    x,
    kernel,
    strides,
    rate,
    padding,
    filters,
    multiplier,
    inits,
    regs,
    use_bias,
    trainable,
    activation,
):
    channels = x.static_shape[3]
    depthwise = _layer_variable(
        "depthwise_kernel",
        (*kernel, channels, multiplier),
        inits[0],
        trainable,
        x.dtype,
        regs[0],
    )
    pointwise = _layer_variable(
        "pointwise_kernel",
        (1, 1, channels * multiplier, filters),
        inits[1],
        trainable,
        x.dtype,
        regs[1],
    )
    bias = None
    if use_bias:
        bias = _layer_variable(
            "bias", (filters,), inits[2] or zeros_initializer(), trainable, x.dtype, regs[2]
        )
    y = conv_ops.separable_conv2d(x, depthwise, pointwise, strides, padding.upper(), rate=rate)
    if bias is not None:
        y = conv_ops.bias_add(y, bias, name="BiasAdd")
    return _activate(y, activation)


def separable_conv1d(
    inputs: Any,
    filters: int,
    kernel_size: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str = "channels_last",
    dilation_rate: Any = 1,
    depth_multiplier: int = 1,
    activation: Callable | None = None,
    use_bias: bool = True,
    depthwise_initializer: Callable | None = None,
    pointwise_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    depthwise_regularizer: Callable | None = None,
    pointwise_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    depthwise_constraint: Callable | None = None,
    pointwise_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """`tf.layers.separable_conv1d`: the 2-D layer over a height of one, as TF1 computes it
    (kernels `depthwise_kernel` [k, in, multiplier], `pointwise_kernel` [1, in *
    multiplier, filters])."""
    from .ops.array_ops import expand_dims, squeeze

    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) != 3 or shape[2] is None:
            raise error(
                "SHAPE_MISMATCH", f"separable_conv1d needs NWC inputs with known channels: {shape}"
            )
        k, m = _single(kernel_size, "kernel_size"), operator.index(depth_multiplier)
        constraints = _separable_constraints(
            depthwise_constraint, pointwise_constraint, bias_constraint
        )
        with _layer_scope(name, "separable_conv1d", reuse, constraints, activity_regularizer):
            depthwise = _layer_variable(
                "depthwise_kernel",
                (k, shape[2], m),
                depthwise_initializer,
                trainable,
                x.dtype,
                depthwise_regularizer,
            )
            pointwise = _layer_variable(
                "pointwise_kernel",
                (1, shape[2] * m, operator.index(filters)),
                pointwise_initializer,
                trainable,
                x.dtype,
                pointwise_regularizer,
            )
            y = conv_ops.separable_conv2d(
                expand_dims(x, 1),
                expand_dims(depthwise, 0),
                expand_dims(pointwise, 0),
                (1, 1, _single(strides, "strides"), 1),
                padding.upper(),
                rate=(1, _single(dilation_rate, "dilation_rate")),
            )
            y = squeeze(y, [1])
            if use_bias:
                bias = _layer_variable(
                    "bias",
                    (operator.index(filters),),
                    bias_initializer or zeros_initializer(),
                    trainable,
                    x.dtype,
                    bias_regularizer,
                )
                y = conv_ops.bias_add(y, bias, name="BiasAdd")
            return _activate(y, activation)


def _pooling1d(type_, default, inputs, pool_size, strides, padding, data_format, name):
    from .ops.array_ops import expand_dims, squeeze

    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default(), _layer_scope(name, default, None):
        fn = conv_ops.max_pool if type_ == "MaxPool" else conv_ops.avg_pool
        k, s = _single(pool_size, "pool_size"), _single(strides, "strides")
        y = fn(expand_dims(x, 1), (1, k), (1, s), padding, name=type_)
        return squeeze(y, [1], name="Squeeze")


def max_pooling1d(
    inputs: Any,
    pool_size: Any,
    strides: Any,
    padding: str = "valid",
    data_format: str = "channels_last",
    name: str | None = None,
) -> Tensor:
    """1-D max pooling layer (`tf.layers.max_pooling1d`)."""
    return _pooling1d(
        "MaxPool", "max_pooling1d", inputs, pool_size, strides, padding, data_format, name
    )


def average_pooling1d(
    inputs: Any,
    pool_size: Any,
    strides: Any,
    padding: str = "valid",
    data_format: str = "channels_last",
    name: str | None = None,
) -> Tensor:
    """1-D average pooling layer (`tf.layers.average_pooling1d`)."""
    return _pooling1d(
        "AvgPool", "average_pooling1d", inputs, pool_size, strides, padding, data_format, name
    )


# -- 3-D: volumes [batch, depth, height, width, channels] --------------------------------------


def _triple(value: Any, what: str) -> tuple[int, int, int]:
    return _ints(value, 3, what)


def conv3d(
    inputs: Any,
    filters: int,
    kernel_size: Any,
    strides: Any = (1, 1, 1),
    padding: str = "valid",
    data_format: str = "channels_last",
    dilation_rate: Any = (1, 1, 1),
    activation: Callable | None = None,
    use_bias: bool = True,
    kernel_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    kernel_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    kernel_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """3-D convolution layer over NDHWC inputs (`tf.layers.conv3d`)."""
    from .ops.conv3d_ops import conv3d as _conv3d

    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) != 5 or shape[4] is None:
            raise error("SHAPE_MISMATCH", f"conv3d needs NDHWC inputs with known channels: {shape}")
        filters = operator.index(filters)

        def apply(kernel):
            step = (1, *_triple(strides, "strides"), 1)
            rate = (1, *_triple(dilation_rate, "dilation_rate"), 1)
            return _conv3d(x, kernel, step, padding.upper(), dilations=rate, name="Conv3D")

        constraints = _kernel_bias(kernel_constraint, bias_constraint)
        with _layer_scope(name, "conv3d", reuse, constraints, activity_regularizer):
            return _kernel_layer(
                x, (*_triple(kernel_size, "kernel_size"), shape[4], filters), filters, apply,
                use_bias, (kernel_initializer, bias_initializer),
                (kernel_regularizer, bias_regularizer), trainable, activation,
            )  # fmt: skip


def conv3d_transpose(
    inputs: Any,
    filters: int,
    kernel_size: Any,
    strides: Any = (1, 1, 1),
    padding: str = "valid",
    data_format: str = "channels_last",
    activation: Callable | None = None,
    use_bias: bool = True,
    kernel_initializer: Callable | None = None,
    bias_initializer: Callable | None = None,
    kernel_regularizer: Callable | None = None,
    bias_regularizer: Callable | None = None,
    activity_regularizer: Callable | None = None,
    kernel_constraint: Callable | None = None,
    bias_constraint: Callable | None = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: Any = None,
) -> Tensor:
    """Transposed 3-D convolution layer over NDHWC inputs (`tf.layers.conv3d_transpose`);
    the batch and spatial sizes may be unknown until run time."""
    from .ops.array_ops import stack
    from .ops.conv3d_ops import conv3d_transpose as _conv3d_transpose

    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default():
        shape = x.static_shape
        if shape is None or len(shape) != 5 or shape[4] is None:
            raise error("SHAPE_MISMATCH", f"conv3d_transpose needs NDHWC inputs: {shape}")
        size, step = _triple(kernel_size, "kernel_size"), _triple(strides, "strides")
        filters = operator.index(filters)

        def apply(kernel):
            dims = _deconv_dims(x, size, step, padding)
            known = all(isinstance(d, int) for d in dims)
            sizes = [*dims, filters] if known else stack([*dims, filters])
            y = _conv3d_transpose(
                x, kernel, sizes, (1, *step, 1), padding.upper(), name="conv3d_transpose"
            )
            y.set_shape([*(d if isinstance(d, int) else None for d in dims), filters])
            return y

        constraints = _kernel_bias(kernel_constraint, bias_constraint)
        with _layer_scope(name, "conv3d_transpose", reuse, constraints, activity_regularizer):
            return _kernel_layer(
                x, (*size, filters, shape[4]), filters, apply, use_bias,
                (kernel_initializer, bias_initializer), (kernel_regularizer, bias_regularizer),
                trainable, activation,
            )  # fmt: skip


def _pooling3d(type_, default, inputs, pool_size, strides, padding, data_format, name):
    from .ops import conv3d_ops

    _channels_last(data_format)
    graph, (x,) = as_tensors(inputs)
    with graph.as_default(), _layer_scope(name, default, None):
        fn = conv3d_ops.max_pool3d if type_ == "MaxPool3D" else conv3d_ops.avg_pool3d
        window = (1, *_triple(pool_size, "pool_size"), 1)
        step = (1, *_triple(strides, "strides"), 1)
        return fn(x, window, step, padding.upper(), name=type_)


def max_pooling3d(
    inputs: Any,
    pool_size: Any,
    strides: Any,
    padding: str = "valid",
    data_format: str = "channels_last",
    name: str | None = None,
) -> Tensor:
    """3-D max pooling layer (`tf.layers.max_pooling3d`)."""
    return _pooling3d(
        "MaxPool3D", "max_pooling3d", inputs, pool_size, strides, padding, data_format, name
    )


def average_pooling3d(
    inputs: Any,
    pool_size: Any,
    strides: Any,
    padding: str = "valid",
    data_format: str = "channels_last",
    name: str | None = None,
) -> Tensor:
    """3-D average pooling layer (`tf.layers.average_pooling3d`)."""
    return _pooling3d(
        "AvgPool3D", "average_pooling3d", inputs, pool_size, strides, padding, data_format, name
    )


# -- layer objects: tf.layers.Dense(...)(inputs) ---------------------------------------------


class _FunctionLayer(Layer):
    """A layer object over the functional form: the first call creates its variables under
    its name, later calls share them (`reuse=True`)."""

    _function: Callable

    def __init__(self, *args: Any, name: str | None = None, dtype: Any = None, **kwargs: Any):
        # `dtype` is the layer's (Tacotron-2's Dense(..., dtype=tf.float32)): TF's layer
        # casts floating inputs to it, so its variables are of it.
        super().__init__(name=name, trainable=kwargs.get("trainable", True), dtype=dtype)
        self._args, self._kwargs = args, kwargs
        self._variables: list[Variable] = []

    def __call__(self, inputs: Any, training: Any = None, **kwargs: Any) -> Tensor:
        graph = get_default_graph()
        # The scope is fixed at the first call, in the enclosing scope of that call,
        # and made unique there even for a given name (TF1's layer objects: two
        # Dense(name="d") are d/ and d_1/; the functional tf.layers.dense(name=...)
        # shares by name instead).
        self._set_scope(None)
        extra = dict(self._kwargs)
        if "trainable" in inspect.signature(type(self)._function).parameters:
            extra["trainable"] = self.trainable  # frozen after construction counts, as TF1's
        if training is not None:
            extra["training"] = training
        before = {id(v) for v in global_variables(graph)}
        updates_before = {id(u) for u in graph.get_collection(UPDATE_OPS)}
        inputs = self._cast_inputs(inputs)
        token = _LAYER_CALL.set(_Call(self, self.built))
        try:
            out = type(self)._function(
                inputs, *self._args, name=self._scope, **self._reuse_kwargs(), **extra
            )
        finally:
            _LAYER_CALL.reset(token)
        if not self.built:
            self._variables = [v for v in global_variables(graph) if id(v) not in before]
            self.built = True
            first = inputs[0] if isinstance(inputs, list | tuple) and inputs else inputs
            if self.dtype is None and isinstance(first, Tensor) and first.dtype.is_floating:
                # TF1's layers take their first input's dtype (a built layer's config says it).
                self.dtype = first.dtype.base_dtype.name
        # The call's own updates: its ops' name scope need not be its variable scope's
        # (`batch_normalization_2/AssignMovingAvg` of scope `batch_normalization`).
        self._updates += [
            u for u in graph.get_collection(UPDATE_OPS) if id(u) not in updates_before
        ]
        self._keras_node(inputs, out)
        return out

    def _cast_inputs(self, inputs: Any) -> Any:
        """A floating input cast to the layer's dtype, when one was given and differs."""
        if self.dtype is None or not isinstance(inputs, Tensor):
            return inputs
        want = _dt.as_dtype(self.dtype)
        if not inputs.dtype.is_floating or inputs.dtype.base_dtype == want:
            return inputs
        return cast(inputs, want)

    def _expects(self, arg: str) -> bool:
        return arg in inspect.signature(type(self)._function).parameters

    def _set_scope(self, scope: Any = None) -> None:
        # No name scope yet: the function opens it at the first call (`dense/MatMul`).
        if self._scope is None:
            opened = variable_scope(None, default_name=self._base_name, auxiliary_name_scope=False)
            with opened as captured:
                self._scope = captured

    def _reuse_kwargs(self) -> dict[str, Any]:
        return {"reuse": True} if self.built else {}

    apply = __call__

    @property
    def variables(self) -> list[Variable]:
        return list(self._variables)

    weights = variables

    @property
    def trainable_variables(self) -> list[Variable]:
        # A frozen layer (`layer.trainable = False`, as fine-tuning sets it) lists none, so
        # a Keras model holding it does not train it, as TF's.
        return [v for v in self._variables if v.trainable] if self.trainable else []

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self) -> list[Variable]:
        frozen = [v for v in self._variables if v.trainable and not self.trainable]
        return frozen + [v for v in self._variables if not v.trainable]

    non_trainable_weights = non_trainable_variables

    def _collected(self, key: str) -> list:
        """What the layer's calls added to collection `key` (its regularization losses,
        batch normalization's moving-average updates), found by the layer's scope."""
        if self._scope is None:
            return []
        prefix = self._scope.name + "/"
        return [t for t in get_default_graph().get_collection(key) if t.name.startswith(prefix)]

    @property
    def losses(self) -> list:
        return self._collected("regularization_losses")

    def count_params(self) -> int:
        return sum(math.prod(v.static_shape) for v in self._variables)

    def _variable(self, suffix: str) -> Variable | None:
        return next((v for v in self._variables if v.op.name.endswith("/" + suffix)), None)

    @property
    def kernel(self) -> Variable | None:
        return self._variable("kernel")

    @property
    def bias(self) -> Variable | None:
        return self._variable("bias")

    # -- configs (TF's legacy layers' `get_config`, recorded in tests/reference/tf1_keras_mix.py)
    # `_config_keys` in TF's order; `_config_sizes` the size arguments TF writes as one
    # int per axis; `_config_defaults` TF's value where the function's default differs
    # (None) or the function has no such argument. No keys: no config yet.
    _config_keys: tuple[str, ...] = ()
    _config_sizes: tuple[str, ...] = ()
    _config_rank = 0
    _config_defaults: ClassVar[dict[str, Any]] = {}

    def _given(self) -> dict[str, Any]:
        signature = inspect.signature(type(self)._function)
        params = [p for p in signature.parameters if p != "inputs"]
        return {**dict(zip(params, self._args, strict=False)), **self._kwargs}

    def get_config(self) -> dict:
        """TF's config: `type(layer).from_config(layer.get_config())` makes an equal,
        unbuilt layer."""
        from .keras.engine import config_value

        given = self._given()
        lost = set(given) - set(self._config_keys) - {"trainable"}
        if not self._config_keys or lost:
            raise error(
                "UNIMPLEMENTED",
                f"tf.layers.{type(self).__name__} has no config for "
                f"{sorted(lost) or 'its settings'} in graphgate yet",
            )
        defaults = inspect.signature(type(self)._function).parameters
        config: dict[str, Any] = {
            "name": self.name,
            "trainable": given.get("trainable", True),
            "dtype": self.dtype,
        }
        for key in self._config_keys:
            if key in given:
                value = given[key]
            elif key in self._config_defaults:
                value = self._config_defaults[key]()
            else:
                value = defaults[key].default
            config[key] = _config_value(key, value, self, config_value)
        return config

    @classmethod
    def from_config(cls, config: dict) -> _FunctionLayer:
        from .keras import activations, constraints, initializers, regularizers

        kwargs = dict(config)
        name, dtype = kwargs.pop("name", None), kwargs.pop("dtype", None)
        if dtype is not None or kwargs.pop("groups", 1) != 1 or kwargs.pop("output_padding", None):
            raise error("UNIMPLEMENTED", f"tf.layers.{cls.__name__}: {config} in graphgate")
        readers = {
            "_initializer": initializers.get,
            "_regularizer": regularizers.get,
            "_constraint": constraints.get,
            "activation": activations.get,
        }
        for key, value in kwargs.items():
            reader = next((r for end, r in readers.items() if key.endswith(end)), None)
            if reader is not None and value is not None:
                kwargs[key] = reader(value)
        return cls(name=name, **kwargs)


def _config_value(key: str, value: Any, layer: _FunctionLayer, convert: Callable) -> Any:
    if key in layer._config_sizes:
        return list(_ints(value, layer._config_rank, key))
    if value is None and not key.endswith("activation"):
        return None
    return convert(key, value)


class _Stateless(_FunctionLayer):
    def _reuse_kwargs(self) -> dict[str, Any]:
        return {}


def _layer_class(
    function: Callable, default: str, base: type = _FunctionLayer, **config: Any
) -> type:
    return type(
        default,
        (base,),
        {
            "_function": staticmethod(function),
            "__doc__": f"`tf.layers.{default}`: a layer object over `{function.__name__}`.",
            **{"_config_" + key: value for key, value in config.items()},
        },
    )


_WEIGHTS = (
    "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
    "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint",
)  # fmt: skip
_BIAS_ZEROS = {"bias_initializer": zeros_initializer}


def _conv_config(rank: int, transpose: bool = False) -> dict:
    """TF's config of a convolution object of `rank`: a transposed one has `output_padding`
    and, in 3-D, no `dilation_rate`."""
    dilation = ("dilation_rate",) if not (transpose and rank == 3) else ()
    keys = ("filters", "kernel_size", "strides", "padding", "data_format", *dilation, "groups")
    return {
        "keys": keys + _WEIGHTS + (("output_padding",) if transpose else ()),
        "sizes": ("kernel_size", "strides", "dilation_rate"),
        "rank": rank,
        "defaults": {
            **_BIAS_ZEROS,
            "dilation_rate": lambda: 1,
            "groups": lambda: 1,
            "output_padding": lambda: None,
        },
    }


def _pool_config(rank: int) -> dict:
    return {
        "keys": ("pool_size", "padding", "strides", "data_format"),
        "sizes": ("pool_size", "strides"),
        "rank": rank,
    }


class _DenseLayer(_FunctionLayer):
    @property
    def units(self) -> int:
        return self._kwargs["units"] if "units" in self._kwargs else self._args[0]

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        """The input's shape with its last dimension `units` (TF1's `Dense`)."""
        dims = TensorShape(input_shape).as_list()
        return TensorShape([*dims[:-1], self.units])


Dense = _layer_class(dense, "Dense", _DenseLayer, keys=("units", *_WEIGHTS), defaults=_BIAS_ZEROS)
Conv1D = _layer_class(conv1d, "Conv1D", **_conv_config(1))
Conv2D = _layer_class(conv2d, "Conv2D", **_conv_config(2))
Conv2DTranspose = _layer_class(conv2d_transpose, "Conv2DTranspose", **_conv_config(2, True))
Conv3D = _layer_class(conv3d, "Conv3D", **_conv_config(3))
Conv3DTranspose = _layer_class(conv3d_transpose, "Conv3DTranspose", **_conv_config(3, True))
MaxPooling3D = _layer_class(max_pooling3d, "MaxPooling3D", _Stateless, **_pool_config(3))
AveragePooling3D = _layer_class(
    average_pooling3d, "AveragePooling3D", _Stateless, **_pool_config(3)
)
# No configs: TF's writes a GlorotUniform kernel_initializer the layer does not use.
SeparableConv1D = _layer_class(separable_conv1d, "SeparableConv1D")
SeparableConv2D = _layer_class(separable_conv2d, "SeparableConv2D")
BatchNormalization = _layer_class(
    batch_normalization,
    "BatchNormalization",
    keys=(
        "axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
        "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
        "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
    ),
    defaults={
        "beta_initializer": zeros_initializer,
        "gamma_initializer": ones_initializer,
        "moving_mean_initializer": zeros_initializer,
        "moving_variance_initializer": ones_initializer,
    },
)  # fmt: skip
MaxPooling2D = _layer_class(max_pooling2d, "MaxPooling2D", _Stateless, **_pool_config(2))
AveragePooling2D = _layer_class(
    average_pooling2d, "AveragePooling2D", _Stateless, **_pool_config(2)
)
MaxPooling1D = _layer_class(max_pooling1d, "MaxPooling1D", _Stateless, **_pool_config(1))
AveragePooling1D = _layer_class(
    average_pooling1d, "AveragePooling1D", _Stateless, **_pool_config(1)
)
Flatten = _layer_class(flatten, "Flatten", _Stateless, keys=("data_format",))
Dropout = _layer_class(dropout, "Dropout", _Stateless, keys=("rate", "noise_shape", "seed"))
