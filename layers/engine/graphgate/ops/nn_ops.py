"""Activations, softmax and the cross-entropy losses, each with one stable kernel."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from .. import fusion as _fusion
from ..errors import error
from ..graph import Tensor, as_tensors, get_default_graph, op_inputs
from .array_ops import _merged_shape, expand_dims, where
from .math_ops import _fixed, _op, exp, sigmoid
from .reduce_ops import reduce_sum
from .registry import (
    InferenceError,
    check_dtype,
    merge_dim,
    norm_axis,
    register_gradient,
    register_op,
    require_rank,
    same_dtypes,
    unary,
)
from .shape_values import read_at_build, static_arg

# numpy's maximum against a scalar takes a loop without SIMD: against an array of zeros
# it is 3.5x faster (4 µs instead of 13 µs on a 256x128 float32 activation), same bits
# (NaNs and signed zeros included). The zeros are one block per dtype, never written.
RELU_BLOCK = 1 << 16
_RELU_MIN = 1 << 10
_ZEROS: dict[np.dtype, np.ndarray] = {}


def _zeros_block(dtype: np.dtype) -> np.ndarray:
    z = _ZEROS.get(dtype)
    if z is None:
        z = np.zeros(RELU_BLOCK, dtype)
        z.flags.writeable = False
        _ZEROS[dtype] = z
    return z


def _relu(x, out=None):
    if (
        type(x) is not np.ndarray
        or x.size < _RELU_MIN
        or not x.flags.c_contiguous
        or not x.dtype.isnative  # numpy's result is native-endian
        or (out is not None and (out.shape != x.shape or not out.flags.c_contiguous))
    ):
        return np.maximum(x, 0, out=out)
    zeros, n = _zeros_block(x.dtype), x.size
    if n <= RELU_BLOCK:
        return np.maximum(x, zeros[:n].reshape(x.shape), out=out)
    if out is None:
        out = np.empty(x.shape, x.dtype)
    fx, fo = x.reshape(-1), out.reshape(-1)
    for i in range(0, n, RELU_BLOCK):
        j = min(i + RELU_BLOCK, n)
        np.maximum(fx[i:j], zeros[: j - i], out=fo[i:j])
    return out


# TF has Relu and Relu6 kernels for every integer dtype (uint8 to int64), as for floats.
register_op("Relu", arity=1, infer=unary("real"), unknown_rank_ok=True)(_fixed(_relu))
_fusion.register("Relu", _relu, "Relu({0}, out=r)")


def _relu_grad_infer(shapes, types, attrs):
    # TF's ReluGrad, Relu6Grad and LeakyReluGrad take the gradient and the features of one
    # shape (a ValueError where both are known); a broadcast answered numbers TF refuses.
    return [(_merged_shape(shapes[0], shapes[1]), same_dtypes(types))]


def _same_shape(g, x):
    """Refuse at run time what `_relu_grad_infer` could not see: TF's kernels take the
    gradient and the features of one shape, and numpy would broadcast them."""
    if np.shape(g) != np.shape(x):
        raise error(
            "SHAPE_MISMATCH",
            f"gradients and features must be the same shape: {list(np.shape(g))} and "
            f"{list(np.shape(x))}",
        )


def _relu_grad_kernel(g, y):
    # A multiply by the mask is ~6x faster than np.where; it differs only for a
    # non-finite upstream gradient where the unit is off (NaN instead of 0).
    _same_shape(g, y)
    return g * (y > 0)


def _relu_grad_into_g(op):
    def kernel(g, y):
        if (
            type(g) is np.ndarray
            and type(y) is np.ndarray
            and g.shape == y.shape
            and g.dtype == y.dtype
            and g.flags.writeable
        ):
            return np.multiply(g, np.greater(y, 0), out=g)
        return _relu_grad_kernel(g, y)

    return kernel


register_op("ReluGrad", arity=2, infer=_relu_grad_infer, unknown_rank_ok=True)(
    _fixed(_relu_grad_kernel)
)
_fusion.register_in_place("ReluGrad", 0, _relu_grad_into_g)


def relu(features: Any, name: str | None = None) -> Tensor:
    return _op("Relu", (features,), name, "Relu")


@register_gradient("Relu")
def _relu_gradient(op, g):
    return [g.op.graph.create_op("ReluGrad", (g, op.outputs[0]), None, "relu_grad").outputs[0]]


@register_gradient("ReluGrad")
def _relu_grad_gradient(op, g):
    # TF's _ReluGradGrad gives the features zeros, not None: a second derivative through
    # a relu is connected (a hessian of zeros, where None makes tf.hessians raise).
    from .array_ops import zeros_like

    features = op.inputs[1]
    return [
        g.op.graph.create_op("ReluGrad", (g, features), None, "relu_grad").outputs[0],
        zeros_like(features),
    ]


@register_op(
    "LeakyRelu",
    arity=1,
    infer=unary("float"),
    attrs={"alpha": ("float", 0.2)},
    unknown_rank_ok=True,
)
def _leaky_relu(op):
    alpha = _leaky_alpha(op, op.outputs[0].dtype)
    return lambda x: np.where(x > 0, x, x * alpha)


def _leaky_alpha(op, dtype):
    """TF's `alpha` attr is a 32-bit float: float64 inputs see 0.2 as 0.20000000298..."""
    return dtype.type(np.float32(op.attrs.get("alpha", 0.2)))


def leaky_relu(features: Any, alpha: float = 0.2, name: str | None = None) -> Tensor:
    graph, (x,) = as_tensors(features)
    if x.dtype.is_integer:
        # TF's leaky_relu casts integers to float32 first.
        from .math_ops import cast

        with graph.as_default(), graph.name_scope(name, "LeakyRelu") as scope:
            x = cast(x, _dt.float32)
            return _op("LeakyRelu", (x,), scope, "LeakyRelu", {"alpha": float(alpha)})
    return _op("LeakyRelu", (x,), name, "LeakyRelu", {"alpha": float(alpha)})


@register_op(
    "LeakyReluGrad",
    arity=2,
    infer=_relu_grad_infer,
    attrs={"alpha": ("float", 0.2)},
    unknown_rank_ok=True,
)
def _leaky_relu_grad_kernel(op):
    alpha = _leaky_alpha(op, op.outputs[0].dtype)

    def kernel(g, x):
        _same_shape(g, x)
        return np.where(x > 0, g, g * alpha)

    return kernel


def _leaky_relu_grad_op(op, g, features):
    alpha = {"alpha": op.attrs.get("alpha", 0.2)}
    return g.op.graph.create_op("LeakyReluGrad", (g, features), alpha, "LeakyReluGrad").outputs[0]


@register_gradient("LeakyRelu")
def _leaky_relu_grad(op, g):
    return [_leaky_relu_grad_op(op, g, op.inputs[0])]


@register_gradient("LeakyReluGrad")
def _leaky_relu_grad_gradient(op, g):
    # TF's _LeakyReluGradGrad: zeros for the features, as for ReluGrad (not None).
    from .array_ops import zeros_like

    features = op.inputs[1]
    return [_leaky_relu_grad_op(op, g, features), zeros_like(features)]


# -- softmax -------------------------------------------------------------------------------


def _softmax_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    if shapes[0] is None:
        return [(None, types[0])]
    require_rank(shapes[0], 1)
    norm_axis(attrs.get("axis", -1), len(shapes[0]))
    return [(shapes[0], types[0])]


# numpy reduces a short last axis row by row, one inner loop per row (12 µs for the max of
# 256 rows of 10); a transposed copy reduced over its first axis runs the rows side by side
# (3 µs). Used only where it wins: a few columns, many rows, float32/float64 (float16 sums
# would round at every add). It adds the columns in order, as numpy's pairwise sum does
# below 8 columns; above, the last bit can differ from np.sum.
_NARROW = {np.maximum: 32, np.add: 16}
_NARROW_MIN_ROWS = 128
_NARROW_DTYPES = frozenset((np.dtype(np.float32), np.dtype(np.float64)))


def _narrow(x: Any, axis: int, ufunc: np.ufunc) -> bool:
    if type(x) is np.ndarray and x.ndim >= 2 and axis in (-1, x.ndim - 1):
        k = x.shape[-1]
        return (
            2 <= k <= _NARROW[ufunc]
            and x.size >= k * _NARROW_MIN_ROWS
            and (x.dtype in _NARROW_DTYPES)
        )
    return False


def reduce_last(ufunc: np.ufunc, x: Any, axis: int, keepdims: bool = True) -> Any:
    """`ufunc.reduce(x, axis, keepdims=keepdims)`, fast when `axis` is a short last axis."""
    if _narrow(x, axis, ufunc):
        r = ufunc.reduce(_columns(x), 0)
        return r.reshape(*x.shape[:-1], 1) if keepdims else r.reshape(x.shape[:-1])
    return ufunc.reduce(x, axis, keepdims=keepdims)


def _columns(x: np.ndarray) -> np.ndarray:
    """A C-contiguous copy of `x` as [last axis, the rest]."""
    if x.ndim == 2:
        return np.ascontiguousarray(x.T)
    k = x.shape[-1]
    return np.ascontiguousarray(x.reshape(x.size // k, k).T)


def _rows(t: np.ndarray, shape: tuple) -> np.ndarray:
    """`_columns` undone, C-contiguous."""
    r = np.ascontiguousarray(t.T)
    return r if len(shape) == 2 else r.reshape(shape)


# Softmax and cross-entropy whose axis `reduce_last` sums through a transposed copy run
# entirely on that copy (`_columns`): the same operations on the same values, so the same
# bits, without a copy per reduction.


def _shifted(x: Any, axis: int) -> Any:
    """x minus its maximum along `axis` (a fresh array)."""
    return np.subtract(x, reduce_last(np.maximum, x, axis))


def _softmax_kernel(axis):
    def kernel(x):
        if not np.size(x):  # TF's empty result, even along an axis of length 0
            return np.array(x, copy=True)
        if _narrow(x, axis, np.add):
            t = _columns(x)
            np.subtract(t, np.maximum.reduce(t, 0), out=t)
            np.exp(t, out=t)
            t /= np.add.reduce(t, 0)
            return _rows(t, x.shape)
        e = _shifted(x, axis)
        e = np.exp(e, out=e) if type(e) is np.ndarray else np.exp(e)
        e /= reduce_last(np.add, e, axis)
        return e

    return kernel


def _log_softmax_kernel(axis):
    def kernel(x):
        if not np.size(x):
            return np.array(x, copy=True)
        s = _shifted(x, axis)
        return s - np.log(reduce_last(np.add, np.exp(s), axis))

    return kernel


register_op(
    "Softmax", arity=1, infer=_softmax_infer, attrs={"axis": ("int", -1)}, unknown_rank_ok=True
)(lambda op: _softmax_kernel(op.attrs.get("axis", -1)))
register_op(
    "LogSoftmax", arity=1, infer=_softmax_infer, attrs={"axis": ("int", -1)}, unknown_rank_ok=True
)(lambda op: _log_softmax_kernel(op.attrs.get("axis", -1)))


def softmax(logits: Any, axis: int = -1, name: str | None = None, dim: Any = None) -> Tensor:
    """`tf.nn.softmax`; TF1's deprecated `dim=` is the same as `axis=`."""
    axis = axis if dim is None else dim
    if isinstance(axis, Tensor) and read_at_build(axis) is None:
        return _along_run_time_axis("Softmax", logits, axis, name)
    axis = static_arg(axis, "softmax's axis")
    return _op("Softmax", (logits,), name, "Softmax", {"axis": operator.index(axis)})


def log_softmax(logits: Any, axis: int = -1, name: str | None = None, dim: Any = None) -> Tensor:
    """`tf.nn.log_softmax`; TF1's deprecated `dim=` is the same as `axis=`."""
    axis = axis if dim is None else dim
    if isinstance(axis, Tensor) and read_at_build(axis) is None:
        return _along_run_time_axis("LogSoftmax", logits, axis, name)
    axis = static_arg(axis, "log_softmax's axis")
    return _op("LogSoftmax", (logits,), name, "LogSoftmax", {"axis": operator.index(axis)})


def _along_run_time_axis(kind: str, logits: Any, axis: Tensor, name: str | None) -> Tensor:
    """TF1's softmax (log_softmax) along an axis given at run time, built as TF's
    `_wrap_2d_function` builds it: the axis swapped with the last by transposes whose perm
    is computed when run, the op along the last axis between. As TF's, a negative axis
    gets the rank added, then the rank is taken modulo: -1 (whose perm then names the last
    axis twice) and -rank-1 fail the run, rank + k answers as k."""
    from .array_ops import concat, convert_to_tensor, stack, transpose
    from .extra_array_ops import range as range_
    from .extra_array_ops import rank
    from .math_ops import floormod, less

    logits = convert_to_tensor(logits)
    shape = logits.shape
    if shape.ndims is None:  # TF's `shape.ndims - 1` fails alike
        raise TypeError(f"{kind} along an axis given as a tensor needs logits of known rank")
    dim = where(less(axis, 0), axis + rank(logits), axis)
    input_rank = rank(logits)
    dim_axis = floormod(dim, shape.ndims)

    def swapped(x: Tensor, name: str | None = None) -> Tensor:
        last = input_rank - 1
        perm = [range_(dim_axis), stack([last]), range_(dim_axis + 1, last), stack([dim_axis])]
        return transpose(x, concat(perm, 0), name=name)

    inner = _op(kind, (swapped(logits),), None, kind, {"axis": -1})
    out = swapped(inner, name)
    out.set_shape(shape)
    return out


@register_gradient("Softmax")
def _softmax_grad(op, g):
    y, axis = op.outputs[0], op.attrs.get("axis", -1)
    return [(g - reduce_sum(g * y, axis, keepdims=True)) * y]


@register_gradient("LogSoftmax")
def _log_softmax_grad(op, g):
    y, axis = op.outputs[0], op.attrs.get("axis", -1)
    return [g - exp(y) * reduce_sum(g, axis, keepdims=True)]


# -- cross-entropy -------------------------------------------------------------------------


def _xent_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "float")
    logits, labels = shapes
    if logits is None:
        if attrs.get("axis", -1) != -1:
            raise InferenceError(
                "UNKNOWN_RANK",
                "softmax cross-entropy along an axis but the last needs logits of known rank",
            )
        # TF's placeholders of no shape: the rank and shapes are checked when it runs.
        return [(None, dtype), (None, dtype)]
    require_rank(logits, 1, "logits")
    if labels is None:  # one_hot of TF1's `shape=(None)` labels: the logits' shape
        labels = logits
    if len(labels) != len(logits):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"labels {list(labels)} and logits {list(logits)} must have the same shape",
        )
    # TF's kernel broadcasts a dimension of 1 in either (one label row for a batch).
    shape = tuple(_xent_dim(a, b) for a, b in zip(logits, labels, strict=True))
    axis = norm_axis(attrs.get("axis", -1), len(shape))
    return [(shape[:axis] + shape[axis + 1 :], dtype), (shape, dtype)]


def _xent_dim(a, b):
    if a == 1 and b is not None:
        return b
    if b == 1 and a is not None:
        return a
    return merge_dim(a, b, "labels and logits")


@register_op(
    "SoftmaxCrossEntropyWithLogits",
    arity=2,
    infer=_xent_infer,
    attrs={"axis": ("int", -1)},
    unknown_rank_ok=True,
)
def _xent(op):
    axis = op.attrs.get("axis", -1)

    def kernel(logits, labels):
        if _xent_narrow(logits, labels, axis):
            return _xent_columns(logits, labels, True)
        _check_xent_shapes(logits, labels)
        s = _shifted(logits, axis)
        e = np.exp(s)
        total = reduce_last(np.add, e, axis)
        # s and e are fresh and of the logits' shape: written into where labels have it.
        same = _like(labels, s)
        t = np.subtract(np.log(total), s, out=s)
        t = np.multiply(labels, t, out=t) if same else labels * t
        loss = reduce_last(np.add, t, axis, keepdims=False)
        # TF's backprop, softmax - labels, whatever the labels sum to (the exact
        # gradient would be softmax * sum(labels) - labels; TF's kernel assumes one).
        e /= total
        return loss, np.subtract(e, labels, out=e) if same else e - labels

    return kernel


def _check_xent_shapes(logits: Any, labels: Any) -> None:
    """What the shape function could not check for logits of unknown rank."""
    ls, gs = np.shape(labels), np.shape(logits)
    if (
        not gs
        or len(ls) != len(gs)
        or any(a != b and 1 not in (a, b) for a, b in zip(gs, ls, strict=False))
    ):
        raise error(
            "SHAPE_MISMATCH",
            f"labels {list(ls)} and logits {list(gs)} must have the same shape of rank ≥ 1",
        )


def _like(labels: Any, x: np.ndarray) -> bool:
    """Whether `labels` has `x`'s shape and dtype: an op of the two may write into `x`."""
    return type(labels) is np.ndarray and labels.shape == x.shape and labels.dtype == x.dtype


def _xent_narrow(logits: Any, labels: Any, axis: int) -> bool:
    return _narrow(logits, axis, np.add) and _like(labels, logits)


def _xent_columns(logits: np.ndarray, labels: np.ndarray, with_loss: bool) -> tuple:
    """The cross-entropy kernel's operations on `_columns` copies; the loss as zeros
    unless `with_loss`."""
    t, lt = _columns(logits), _columns(labels)
    np.subtract(t, np.maximum.reduce(t, 0), out=t)
    e = np.exp(t)
    total = np.add.reduce(e, 0)
    if with_loss:
        np.subtract(np.log(total), t, out=t)
        loss = np.add.reduce(np.multiply(lt, t, out=t), 0).reshape(logits.shape[:-1])
    else:
        loss = _fusion.zeros_shaped(logits.shape[:-1], logits.dtype)
    e /= total  # softmax - labels, as TF's kernel
    return loss, _rows(np.subtract(e, lt, out=e), logits.shape)


def _xent_backprop_only(op, needed):
    """The kernel when only the loss's shape is read (a mean's gradient reads it, the
    training step fetches nothing else): the backprop computed as the full kernel does,
    the loss left as zeros of its shape."""
    if needed != (False, True):
        return None
    axis = op.attrs.get("axis", -1)
    dtype = np.dtype(op.outputs[0].dtype)

    def kernel(logits, labels):
        if _xent_narrow(logits, labels, axis):
            return _xent_columns(logits, labels, False)
        _check_xent_shapes(logits, labels)
        s = _shifted(logits, axis)
        e = np.exp(s, out=s)
        total = reduce_last(np.add, e, axis)
        e /= total
        same = _like(labels, e)
        backprop = np.subtract(e, labels, out=e) if same else e - labels
        a = axis % backprop.ndim
        loss = _fusion.zeros_shaped(backprop.shape[:a] + backprop.shape[a + 1 :], dtype)
        return loss, backprop

    return kernel


_fusion.register_shape_stub("SoftmaxCrossEntropyWithLogits", _xent_backprop_only)


def softmax_cross_entropy_with_logits_v2(
    labels: Any = None,
    logits: Any = None,
    axis: int = -1,
    name: str | None = None,
    dim: int | None = None,
) -> Tensor:
    """Per-example cross-entropy of softmax(logits) against the distributions `labels`;
    the gradient reaches `labels` too."""
    if labels is None or logits is None:
        raise error("INVALID_ATTR", "pass both labels= and logits=")
    graph, (logits, labels), name = op_inputs(
        (logits, labels), name, "softmax_cross_entropy_with_logits", ("logits", "labels")
    )
    attrs = {"axis": operator.index(axis if dim is None else dim)}
    labels = _one_label_row(logits, labels, attrs["axis"], name)
    return graph.create_op("SoftmaxCrossEntropyWithLogits", (logits, labels), attrs, name).outputs[
        0
    ]


def _one_label_row(logits: Tensor, labels: Tensor, axis: int, name: str) -> Tensor:
    """Labels of another rank than the logits' but one row (a [classes] distribution for
    a [batch, classes] batch): TF flattens both to [-1, classes] before its kernel, which
    broadcasts the one row; the labels take the logits' rank with dims of 1, as that does."""
    ls, gs = labels.static_shape, logits.static_shape
    if ls is None or gs is None or len(ls) == len(gs) or not ls or not gs:
        return labels
    if axis not in (-1, len(gs) - 1) or any(d != 1 for d in ls[:-1]):
        return labels
    from .array_ops import reshape

    # Beside the op, not in a scope of its name: that would take the name from the op.
    return reshape(labels, [1] * (len(gs) - 1) + [-1], name=f"{name.rstrip('/')}_labels_row")


def softmax_cross_entropy_with_logits(
    labels: Any = None,
    logits: Any = None,
    dim: int = -1,
    name: str | None = None,
    axis: int | None = None,
) -> Tensor:
    """TF1's deprecated first version: as `_v2`, but no gradient reaches `labels` (TF
    wraps them in `stop_gradient`), which matters where the labels are computed by the
    network (distillation, a policy's own samples). Its op is TF's middle node,
    `softmax_cross_entropy_with_logits_sg`."""
    from .array_ops import stop_gradient

    if labels is None or logits is None:
        raise error("INVALID_ATTR", "pass both labels= and logits=")
    graph, (logits, labels), scope = op_inputs(
        (logits, labels), name, "softmax_cross_entropy_with_logits_sg", ("logits", "labels")
    )
    with graph.name_scope(scope if scope.endswith("/") else None, scope) as scope:
        labels = stop_gradient(labels, name="labels_stop_gradient")
        return softmax_cross_entropy_with_logits_v2(
            labels=labels, logits=logits, axis=dim if axis is None else axis, name=scope
        )


def _softmax_second_order(logits: Tensor, g_backprop: Tensor, axis: int) -> Tensor:
    """TF's term for a gradient flowing into the ops' backprop output (softmax - labels):
    the softmax's own derivative, so second derivatives (gradient penalties, Hessian
    products) of a cross-entropy exist, as in TF."""
    sm = softmax(logits, axis)
    return (g_backprop - reduce_sum(g_backprop * sm, axis, keepdims=True)) * sm


@register_gradient("SoftmaxCrossEntropyWithLogits")
def _xent_grad(op, g_loss, g_backprop):
    logits = op.inputs[0]
    axis = op.attrs.get("axis", -1)
    if logits.static_shape is not None:  # else -1, the only axis the shape function allows
        axis = norm_axis(axis, len(logits.static_shape))
    grad = labels_grad = None
    if g_loss is not None:
        g = expand_dims(g_loss, axis)
        grad, labels_grad = g * op.outputs[1], g * -log_softmax(logits, axis)
    if g_backprop is not None:
        second = _softmax_second_order(logits, g_backprop, axis)
        grad = second if grad is None else grad + second
    return [grad, labels_grad]


def _sparse_xent_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    check_dtype(types[1], "int", "labels")
    logits, labels = shapes
    if logits is None:
        return [(labels, types[0]), (None, types[0])]
    require_rank(logits, 1, "logits")
    if labels is None:
        # TF1's `tf.placeholder(tf.int32, shape=(None))` labels: of unknown rank, they
        # take the logits' shape without its last axis (checked when the kernel runs).
        labels = logits[:-1]
    if len(labels) != len(logits) - 1:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"labels {list(labels)} must have the shape "
            f"of logits {list(logits)} without its last axis",
        )
    batch = tuple(
        merge_dim(a, b, "labels and logits") for a, b in zip(logits[:-1], labels, strict=True)
    )
    return [(batch, types[0]), ((*batch, logits[-1]), types[0])]


@register_op(
    "SparseSoftmaxCrossEntropyWithLogits",
    arity=2,
    infer=_sparse_xent_infer,
    unknown_rank_ok=True,
)
def _sparse_xent(op):
    def kernel(logits, labels):
        if np.ndim(logits) < 1 or np.shape(labels) != np.shape(logits)[:-1]:
            raise error(
                "SHAPE_MISMATCH",
                f"labels {list(np.shape(labels))} must have the shape "
                f"of logits {list(np.shape(logits))} without its last axis",
            )
        n = np.shape(logits)[-1]
        if np.size(labels) and (np.min(labels) < 0 or np.max(labels) >= n):
            raise error("INDEX_OUT_OF_RANGE", f"labels must be in [0, {n})", details={"classes": n})
        s = _shifted(logits, -1)
        e = np.exp(s)
        total = reduce_last(np.add, e, -1)
        idx = np.expand_dims(labels, -1)
        loss = (np.log(total) - np.take_along_axis(s, idx, -1))[..., 0]
        e /= total
        np.put_along_axis(e, idx, np.take_along_axis(e, idx, -1) - 1, -1)
        return loss, e

    return kernel


def sparse_softmax_cross_entropy_with_logits(
    labels: Any = None, logits: Any = None, name: str | None = None
) -> Tensor:
    """Per-example cross-entropy of softmax(logits) against integer class `labels`."""
    if labels is None or logits is None:
        raise error("INVALID_ATTR", "pass both labels= and logits=")
    default = "SparseSoftmaxCrossEntropyWithLogits"
    graph, (logits,), name = op_inputs((logits,), name, default, ("logits",))
    if not isinstance(labels, Tensor):
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            _, (labels,) = as_tensors(labels, names=("labels",))
    return graph.create_op(default, (logits, labels), None, name).outputs[0]


@register_gradient("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_xent_grad(op, g_loss, g_backprop):
    grad = None if g_loss is None else expand_dims(g_loss, -1) * op.outputs[1]
    if g_backprop is not None:
        second = _softmax_second_order(op.inputs[0], g_backprop, -1)
        grad = second if grad is None else grad + second
    return [grad, None]


def _sigmoid_xent_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "float")
    logits, labels = shapes
    if logits is not None and labels is not None:
        if len(logits) != len(labels):
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"labels {list(labels)} and logits {list(logits)} must have the same shape",
            )
        logits = tuple(
            merge_dim(a, b, "labels and logits") for a, b in zip(logits, labels, strict=True)
        )
    return [(logits if logits is not None else labels, dtype)]


def _sigmoid_xent_kernel(x, z):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


register_op(
    "SigmoidCrossEntropyWithLogits", arity=2, infer=_sigmoid_xent_infer, unknown_rank_ok=True
)(_fixed(_sigmoid_xent_kernel))


def sigmoid_cross_entropy_with_logits(
    labels: Any = None, logits: Any = None, name: str | None = None
) -> Tensor:
    """Elementwise logistic loss, stable for large |logits|."""
    if labels is None or logits is None:
        raise error("INVALID_ATTR", "pass both labels= and logits=")
    graph, (logits, labels), name = op_inputs(
        (logits, labels), name, "logistic_loss", ("logits", "labels")
    )
    return graph.create_op("SigmoidCrossEntropyWithLogits", (logits, labels), None, name).outputs[0]


@register_gradient("SigmoidCrossEntropyWithLogits")
def _sigmoid_xent_grad(op, g):
    x, z = op.inputs
    return [g * (sigmoid(x) - z), g * -x]


# -- l2 loss and normalization, moments, batch normalization, embeddings --------------------


def _l2_loss_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    return [((), types[0])]


@register_op("L2Loss", arity=1, infer=_l2_loss_infer, unknown_rank_ok=True)
def _l2_loss(op):
    dtype = op.outputs[0].dtype
    return lambda x: dtype.type(np.sum(np.square(x)) / 2)


def l2_loss(t: Any, name: str | None = None) -> Tensor:
    """sum(t ** 2) / 2, without the square root (`tf.nn.l2_loss`)."""
    return _op("L2Loss", (t,), name, "L2Loss")


@register_gradient("L2Loss")
def _l2_loss_grad(op, g):
    return [op.inputs[0] * g]


def _axes_arg(axis: Any, dim: Any) -> Any:
    return static_arg(dim if axis is None else axis, "axis")


def l2_normalize(
    x: Any,
    axis: Any = None,
    epsilon: float = 1e-12,
    name: str | None = None,
    dim: Any = None,
) -> Tensor:
    """x / sqrt(max(sum(x ** 2, axis), epsilon)), as `tf.nn.l2_normalize`."""
    from .complex_ops import complex as complex_
    from .math_ops import maximum, rsqrt, square
    from .special_math_ops import imag, real

    graph, (x,) = as_tensors(x)
    with graph.as_default(), graph.name_scope(name or "l2_normalize") as scope:
        if x.dtype.is_complex:
            # The norm of |x|, real and imaginary parts scaled apart (TF's complex branch).
            re, im = real(x), imag(x)
            square_sum = reduce_sum(square(re) + square(im), _axes_arg(axis, dim), keepdims=True)
            inv_norm = rsqrt(maximum(square_sum, epsilon))
            return complex_(re * inv_norm, im * inv_norm)
        square_sum = reduce_sum(square(x), _axes_arg(axis, dim), keepdims=True)
        inv_norm = rsqrt(maximum(square_sum, epsilon))
        # TensorFlow names the result after the scope itself ("l2_normalize:0").
        return graph.create_op("Mul", (x, inv_norm), None, scope[:-1], exact_name=True).outputs[0]


def moments(
    x: Any,
    axes: Any,
    shift: Any = None,
    name: str | None = None,
    keep_dims: bool | None = None,
    keepdims: bool | None = None,
) -> tuple[Tensor, Tensor]:
    """(mean, variance) over `axes`; the variance treats the mean as a constant, as
    TensorFlow's does (its gradient flows through the squared differences only)."""
    from .array_ops import squeeze, stop_gradient
    from .complex_ops import conj_of, is_complex_tensor
    from .math_ops import cast, square
    from .reduce_ops import reduce_mean

    keep = bool(keepdims if keepdims is not None else keep_dims)
    graph, (x,) = as_tensors(x)
    axes = _axes_arg(axes, None)
    with graph.as_default(), graph.name_scope(name or "moments"):
        y = cast(x, np.float32) if x.dtype == np.float16 else x
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        d = y - stop_gradient(mean)
        # TF's SquaredDifference is d * conj(d) on complex: |d|², not d².
        sq = d * conj_of(d) if is_complex_tensor(d) else square(d)
        variance = reduce_mean(sq, axes, keepdims=True, name="variance")
        if not keep:
            mean = squeeze(mean, axes)
            variance = squeeze(variance, axes)
        if x.dtype == np.float16:
            return cast(mean, x.dtype), cast(variance, x.dtype)
        return mean, variance


def fused_moments(
    x: Tensor, axes: list[int], keepdims: bool = False, by_reciprocal: bool = False
) -> tuple[Tensor, Tensor]:
    """(mean, variance) over `axes` as TF's FusedBatchNorm kernel computes them: its gradient
    (FusedBatchNormGrad, and that op's own gradient) is the exact derivative through both
    statistics, where `moments` holds the mean constant inside the variance. The two agree
    to first order only, so second-order gradients through a fused batch norm need this.
    TF 2.21's x86 build runs two kernels: a static-shaped FusedBatchNorm divides each sum
    by its count (oneDNN's); one of run-time shape, as Keras' LayerNormalization makes,
    scales it by the count's reciprocal (Eigen's `rest_size_inv`): `by_reciprocal`. The
    two round apart, and a value near 100 spread by 0.01 carries that rounding into its
    normalized value 2e-4 apart (measured, tests/reference/tf_centred_norms.py)."""
    from .array_ops import squeeze
    from .math_ops import cast, square
    from .reduce_ops import reduce_mean

    y = cast(x, np.float32) if x.dtype == np.float16 else x
    if by_reciprocal:
        inv = _reciprocal_count(y, axes)
        mean = reduce_sum(y, axes, keepdims=True, name="mean") * inv
        variance = reduce_sum(square(y - mean), axes, keepdims=True, name="variance") * inv
    else:
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduce_mean(square(y - mean), axes, keepdims=True, name="variance")
    if not keepdims:
        mean, variance = squeeze(mean, axes), squeeze(variance, axes)
    if x.dtype == np.float16:
        return cast(mean, x.dtype), cast(variance, x.dtype)
    return mean, variance


def _reciprocal_count(x: Tensor, axes: list[int]) -> Any:
    """1 / the number of elements each statistic over `axes` sums, rounded to x's dtype."""
    from .array_ops import gather, shape
    from .math_ops import cast, reciprocal
    from .reduce_ops import reduce_prod

    dims = x.static_shape
    if dims is not None and all(dims[a] is not None for a in axes):
        count = np.asarray(np.prod([dims[a] for a in axes]), x.dtype.as_numpy_dtype)
        return np.asarray(1, count.dtype) / count
    return reciprocal(cast(reduce_prod(gather(shape(x), axes)), x.dtype))


def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    offset: Any,
    scale: Any,
    variance_epsilon: float,
    name: str | None = None,
) -> Tensor:
    """(x - mean) * scale / sqrt(variance + epsilon) + offset, in TensorFlow's order of
    operations: x * inv + (offset - mean * inv) with inv = scale * rsqrt(variance + eps)."""
    from .math_ops import rsqrt

    graph, (x,) = as_tensors(x)
    with graph.as_default(), graph.name_scope(name or "batchnorm"):
        _, (mean, variance) = as_tensors(mean, variance)
        inv = rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        shift = (offset - mean * inv) if offset is not None else -mean * inv
        return x * inv + shift


def embedding_lookup(
    params: Any,
    ids: Any,
    partition_strategy: str = "mod",
    name: str | None = None,
    validate_indices: bool = True,
    max_norm: float | None = None,
) -> Tensor:
    """Rows of `params` at `ids` (`tf.nn.embedding_lookup`): one table, or a list of shards
    split by `partition_strategy` ("mod": id i in shard i % n; "div": contiguous ranges),
    as TF's algorithm (partition the ids, gather per shard, stitch back); `max_norm` clips
    each looked-up embedding's L2 norm."""
    from ..partitioned import PartitionedVariable
    from .array_ops import gather, identity

    if isinstance(params, PartitionedVariable):  # its slices are the shards, as in TF
        params = list(params)
    if isinstance(params, list | tuple) and len(params) > 1:
        return _sharded_lookup(list(params), ids, partition_strategy, name, max_norm)
    if isinstance(params, list | tuple):
        params = params[0]

    graph = params.op.graph if isinstance(params, Tensor) else get_default_graph()
    # TF's: the gather named as the scope, clipped to `max_norm` if given, its result through
    # `<scope>/Identity` (which also orders TF's backward pass, and so the slices of a
    # table's gradient).
    with graph.as_default(), graph.name_scope(name, "embedding_lookup") as scope:
        found = gather(params, ids, name=scope)
        if max_norm is not None:
            found = _clip_rows(found, ids, max_norm)
        return identity(found)


def _clip_rows(found: Tensor, ids: Any, max_norm: float) -> Tensor:
    """TF's `_clip`: each embedding (the axes past the ids' own) clipped to `max_norm`."""
    from .extra_array_ops import clip_by_norm, rank
    from .extra_array_ops import range as range_

    ids_rank = as_tensors(ids)[1][0].static_shape
    rows_rank = found.static_shape
    if ids_rank is not None and rows_rank is not None:
        axes = list(range(len(ids_rank), len(rows_rank)))
    else:
        axes = range_(rank(ids), rank(found))
    return clip_by_norm(found, max_norm, axes=axes)


def _sharded_lookup(params: list, ids: Any, strategy: str, name: Any, max_norm: Any) -> Tensor:
    from .array_ops import concat, gather, reshape, shape, size
    from .extra_array_ops import range as range_
    from .math_ops import cast
    from .segment_ops import dynamic_partition, dynamic_stitch

    graph, (ids,) = as_tensors(ids)
    with graph.as_default(), graph.name_scope(name, "embedding_lookup") as scope:
        _, params = as_tensors(*params)
        n = len(params)
        flat = reshape(ids, [-1])
        original = range_(size(flat))
        if strategy == "mod":
            assign, new_ids = flat % n, flat // n
        elif strategy == "div":
            assign, new_ids = _div_assignments(params, flat, n)
        else:
            raise ValueError(
                f"Unrecognized partition strategy: {strategy}. Must be one of either `mod` "
                "or `div`."
            )
        assign = cast(assign, "int32")
        gather_ids = dynamic_partition(new_ids, assign, n)
        positions = dynamic_partition(original, assign, n)
        rows = [gather(p, i) for p, i in zip(params, gather_ids, strict=True)]
        found = dynamic_stitch(positions, rows, name=scope)
        element = params[0].shape[1:]
        for p in params[1:]:
            element = element.merge_with(p.shape[1:])
        dims = element.as_list() if element.is_fully_defined() else shape(params[0])[1:]
        found = reshape(found, concat([shape(ids), dims], 0))
        found.set_shape(ids.shape.concatenate(element))
        return found if max_norm is None else _clip_rows(found, ids, max_norm)


def _div_assignments(params: list, flat: Tensor, n: int) -> tuple[Tensor, Tensor]:
    """TF's "div": the first (total % n) shards hold one id more than the others."""
    from .array_ops import shape, stack, where
    from .math_ops import cast, maximum

    sizes = [p.shape[0].value for p in params]
    if None not in sizes:
        total = sum(sizes)
    else:
        dims = [s if s is not None else shape(p)[0] for s, p in zip(sizes, params, strict=True)]
        total = reduce_sum(cast(stack(dims), flat.dtype))
    per, extras = total // n, total % n
    assign = maximum(flat // (per + 1), (flat - extras) // per)
    new_ids = where(assign < extras, flat % (per + 1), (flat - extras) % per)
    return assign, new_ids


# -- more activations ----------------------------------------------------------------------


def _activation(type_, fn, default, kinds="float"):
    register_op(type_, arity=1, infer=unary(kinds), unknown_rank_ok=True)(_fixed(fn))

    def api(features: Any, name: str | None = None) -> Tensor:
        return _op(type_, (features,), name, default)

    api.__name__ = default.lower()
    return api


def _exp_below_zero(x):
    """exp(min(x, 0)) as TF's Elu and Selu kernels take it, for their exp(x) - 1: near
    zero their answer is exp's last bits. float32's rounded from float64's exp agrees
    with TF's bit for bit far more often than numpy's float32 exp (28,183 of 30,002
    inputs against 23,114; expm1 8,626: decision log)."""
    low = np.minimum(x, 0)
    if x.dtype == np.float32:
        return np.exp(low.astype(np.float64)).astype(np.float32)
    return np.exp(low)


def _elu_kernel(x):
    # x < 0 as TF's select: a subnormal (0 to the run's comparisons) and -0.0 are x itself.
    return np.where(x < 0, _exp_below_zero(x) - x.dtype.type(1), x)


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
SELU_SCALE_ALPHA = 1.7580993408473768599402175208123  # TF's one constant for scale * alpha


def _selu_kernel(x):
    # TF's kernel, its constants in the input's dtype: scale_alpha * (exp(x) - 1) below
    # zero, scale * x elsewhere.
    kind = x.dtype.type
    negative = kind(SELU_SCALE_ALPHA) * (_exp_below_zero(x) - kind(1))
    return np.where(x < 0, negative, kind(SELU_SCALE) * x)


# TF's softplus for half: x above -threshold, exp(x) below threshold, log1p(exp(x))
# between. The threshold is the one TF's results show: probed over every finite half,
# -7.0078125 reproduces all but 3 of 63,488 (last-bit differences of exp and log1p near 0).
_HALF_THRESHOLD = np.float16(-7.0078125)


def _softplus_kernel(x):
    if x.dtype == np.float16:
        with np.errstate(over="ignore"):
            e = np.exp(x)
            middle = np.log1p(e)
        return np.where(x > -_HALF_THRESHOLD, x, np.where(x < _HALF_THRESHOLD, e, middle))
    return np.logaddexp(x, 0).astype(x.dtype, copy=False)


# Relu6 takes integers as TF's kernel does (int8 in, int8 out).
relu6 = _activation(
    "Relu6", lambda x: np.clip(x, 0, 6).astype(x.dtype, copy=False), "Relu6", "real"
)
elu = _activation("Elu", _elu_kernel, "Elu")
selu = _activation("Selu", _selu_kernel, "Selu")
softplus = _activation("Softplus", _softplus_kernel, "Softplus")
softsign = _activation("Softsign", lambda x: x / (1 + np.abs(x)), "Softsign")


def _relu6_grad_kernel(g, x):
    # A product, as TF's kernel: a NaN g stays NaN where the unit is off.
    _same_shape(g, x)
    return g * ((x > 0) & (x < 6))


register_op("Relu6Grad", arity=2, infer=_relu_grad_infer, unknown_rank_ok=True)(
    _fixed(_relu6_grad_kernel)
)


@register_gradient("Relu6")
def _relu6_grad(op, g):
    return [g.op.graph.create_op("Relu6Grad", (g, op.inputs[0]), None, "Relu6Grad").outputs[0]]


@register_gradient("Relu6Grad")
def _relu6_grad_gradient(op, g):
    # TF's _Relu6GradGrad: zeros for the features, as for ReluGrad (a hessian, not None).
    from .array_ops import zeros_like

    features = op.inputs[1]
    return [
        g.op.graph.create_op("Relu6Grad", (g, features), None, "Relu6Grad").outputs[0],
        zeros_like(features),
    ]


@register_gradient("Elu")
def _elu_grad(op, g):
    y = op.outputs[0]
    return [where(y < 0, g * (y + 1), g)]


@register_gradient("Selu")
def _selu_grad(op, g):
    y = op.outputs[0]
    return [where(y < 0, g * (y + SELU_SCALE_ALPHA), g * SELU_SCALE)]


@register_gradient("Softplus")
def _softplus_grad(op, g):
    return [g * sigmoid(op.inputs[0])]


@register_gradient("Softsign")
def _softsign_grad(op, g):
    from .math_ops import abs as _abs
    from .math_ops import square

    return [g / square(1 + _abs(op.inputs[0]))]


def xw_plus_b(x: Any, weights: Any, biases: Any, name: str | None = None) -> Tensor:
    """matmul(x, weights) + biases (`tf.nn.xw_plus_b`), named after its scope as TF's."""
    from .math_ops import matmul

    graph, (x,) = as_tensors(x)
    with graph.as_default(), graph.name_scope(name or "xw_plus_b") as scope:
        _, (mm, b) = as_tensors(matmul(x, weights, name="MatMul"), biases)
        return graph.create_op("BiasAdd", (mm, b), None, scope[:-1], exact_name=True).outputs[0]


# -- local response normalization ----------------------------------------------------------


def _window_sum_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    if attrs.get("depth_radius", 5) < 0:
        raise InferenceError("INVALID_ATTR", "depth_radius must be non-negative")
    return [(shapes[0], types[0])]


@register_op(
    "ChannelWindowSum",
    arity=1,
    infer=_window_sum_infer,
    attrs={"depth_radius": ("int", 5)},
    unknown_rank_ok=True,
)
def _channel_window_sum(op):
    """For every channel d, the sum over channels d - r .. d + r (clipped at the edges)."""
    r = op.attrs.get("depth_radius", 5)

    def kernel(v):
        c = np.shape(v)[-1]
        total = np.cumsum(v, axis=-1)
        total = np.concatenate([np.zeros_like(total[..., :1]), total], -1)
        hi = np.minimum(np.arange(c) + r + 1, c)
        lo = np.maximum(np.arange(c) - r, 0)
        return total[..., hi] - total[..., lo]

    return kernel


@register_gradient("ChannelWindowSum")
def _channel_window_sum_grad(op, g):
    # The window is symmetric, so the sum is its own transpose.
    return [g.op.graph.create_op("ChannelWindowSum", (g,), dict(op.attrs), "window_sum").outputs[0]]


def local_response_normalization(
    input: Any,
    depth_radius: int = 5,
    bias: float = 1.0,
    alpha: float = 1.0,
    beta: float = 0.5,
    name: str | None = None,
) -> Tensor:
    """input / (bias + alpha * sum of squares over 2r+1 neighbouring channels) ** beta
    (`tf.nn.lrn`), differentiable to any order."""
    _, (x,) = as_tensors(input)
    if x.dtype not in (_dt.float16, _dt.bfloat16, _dt.float32):  # TF's LRN op's T
        raise error(
            "UNSUPPORTED_DTYPE",
            f"Value passed to parameter 'input' has DataType {x.dtype.name} not in list of "
            "allowed values: float16, bfloat16, float32",
        )
    return lrn_of_any_float(x, depth_radius, bias, alpha, beta, name)


def lrn_of_any_float(
    input: Any,
    depth_radius: int = 5,
    bias: float = 1.0,
    alpha: float = 1.0,
    beta: float = 0.5,
    name: str | None = None,
) -> Tensor:
    """`local_response_normalization` of float64 too: ONNX's LRN takes doubles (TF's op
    does not), and gradient checks run in float64."""
    from .math_ops import pow, square

    graph, (x,) = as_tensors(input)
    if x.static_shape is not None and len(x.static_shape) != 4:
        raise error("SHAPE_MISMATCH", f"lrn needs a 4-D input, got {list(x.static_shape)}")
    with graph.as_default(), graph.name_scope(name or "LRN") as scope:
        attrs = {"depth_radius": operator.index(depth_radius)}
        sums = graph.create_op("ChannelWindowSum", (square(x),), attrs, "sqr_sum").outputs[0]
        scale = pow(bias + alpha * sums, -float(beta))
        # Named after the scope, as TF's single LRN op would be ("LRN:0").
        return graph.create_op("Mul", (x, scale), None, scope[:-1], exact_name=True).outputs[0]


lrn = local_response_normalization


# -- fused batch norm, weighted and Poisson losses -----------------------------------------


def fused_batch_norm(
    x: Any,
    scale: Any,
    offset: Any,
    mean: Any = None,
    variance: Any = None,
    epsilon: float = 0.001,
    data_format: str = "NHWC",
    is_training: bool = True,
    name: str | None = None,
    exponential_avg_factor: float = 1.0,
) -> tuple[Tensor, Tensor, Tensor]:
    """(y, batch_mean, batch_variance) over the channels of a 4-D NHWC or NCHW input, as
    `tf.nn.fused_batch_norm`: training normalizes by the batch's moments and returns the
    Bessel-corrected variance (through which, as in TF, no gradient flows), each moved
    from `mean`/`variance` by `exponential_avg_factor` when that is below 1; inference
    uses `mean` and `variance`. A float16 input is normalized in float32, as TF's kernel."""
    if data_format not in ("NHWC", "NCHW"):
        raise error("INVALID_ATTR", f"data_format {data_format!r} is not supported")
    graph, (x,) = as_tensors(x)
    with graph.as_default(), graph.name_scope(name or "FusedBatchNorm"):
        parts = fused_batch_norm_parts(
            x,
            scale,
            offset,
            mean,
            variance,
            epsilon,
            exponential_avg_factor,
            data_format,
            is_training,
        )
        return parts[:3]


def fused_batch_norm_parts(
    x: Tensor,
    scale: Any,
    offset: Any,
    mean: Any,
    variance: Any,
    epsilon: float,
    exponential_avg_factor: float,
    data_format: str,
    is_training: bool,
) -> tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    """TF's FusedBatchNorm outputs, built in the current scope: y, batch_mean,
    batch_variance (as `fused_batch_norm`), and the statistics TF's CPU kernel keeps for
    its gradient (`reserve_space_1` and `_2`): the batch's mean and uncorrected variance in
    training, the `mean` and `variance` given in inference."""
    from .array_ops import stop_gradient
    from .math_ops import cast

    if x.static_shape is not None and len(x.static_shape) != 4:
        raise error(
            "SHAPE_MISMATCH", f"fused_batch_norm needs a 4-D input, got {list(x.static_shape)}"
        )
    half = x.dtype == _dt.float16
    xf = cast(x, _dt.float32) if half else x
    if not is_training:
        if mean is None or variance is None:
            raise error("INVALID_ATTR", "inference needs mean and variance")
        # TF's FusedBatchNormGrad gives mean and variance no gradient: a trainable
        # moving mean fed here is never trained, in TF and so here.
        _, (mean, variance) = as_tensors(mean, variance)
        mean, variance = stop_gradient(mean), stop_gradient(variance)
        y = _channel_norm(xf, mean, variance, offset, scale, epsilon, data_format)
        return (cast(y, _dt.float16) if half else y), mean, variance, mean, variance
    y, batch_mean, batch_var, corrected = _fused_training(xf, scale, offset, epsilon, data_format)
    moved_mean, moved_var = batch_mean, corrected
    if exponential_avg_factor != 1.0:
        if mean is None or variance is None:
            raise error("INVALID_ATTR", "exponential_avg_factor needs mean and variance")
        f = float(exponential_avg_factor)
        _, (mean, variance) = as_tensors(mean, variance)
        moved_mean = stop_gradient((1.0 - f) * mean + f * batch_mean)
        moved_var = stop_gradient((1.0 - f) * variance + f * corrected)
    return (cast(y, _dt.float16) if half else y), moved_mean, moved_var, batch_mean, batch_var


def _channel_norm(x, mean, variance, offset, scale, epsilon, data_format) -> Tensor:
    """batch_normalization with per-channel parameters along NHWC's last or NCHW's second
    axis. (TF's training kernel centres first, `centered_normalization`, which takes TF's
    forward values bit for bit; its gradient through this composite then drifts from TF's
    FusedBatchNormGrad by up to 8e-4 relative (tf1_kernel_tests' fused batch norm), where
    this order's holds it.)"""
    from .array_ops import reshape

    if data_format == "NCHW":
        mean, variance, offset, scale = (
            reshape(t, [-1, 1, 1]) for t in as_tensors(mean, variance, offset, scale)[1]
        )
    return batch_normalization(x, mean, variance, offset, scale, epsilon)


def centered_normalization(x, mean, variance, offset, scale, epsilon) -> Tensor:
    """(x - mean) * (scale / sqrt(variance + epsilon)) + offset: the order of TF 2.21's
    FusedBatchNorm in training, which tf_keras' LayerNormalization runs (its inference,
    like `batch_normalization`, scales x first and shifts by offset - mean * scale').
    Centring first keeps x's spread when its mean is large beside it, where x * inv -
    mean * inv cancels (1e-5 apart near 5 spread by 0.3)."""
    from .math_ops import sqrt

    _, (x, mean, variance) = as_tensors(x, mean, variance)
    with get_default_graph().name_scope("batchnorm"):
        factor = (1.0 if scale is None else scale) / sqrt(variance + epsilon)
        y = (x - mean) * factor
        return y + offset if offset is not None else y


def _fused_training(x, scale, offset, epsilon, data_format) -> tuple[Tensor, ...]:
    from .array_ops import size, stop_gradient
    from .math_ops import cast, maximum

    with get_default_graph().name_scope("moments"):
        axes = [0, 1, 2] if data_format == "NHWC" else [0, 2, 3]
        batch_mean, batch_var = fused_moments(x, axes)
    y = _channel_norm(x, batch_mean, batch_var, offset, scale, epsilon, data_format)
    count = cast(size(x) // size(batch_mean), batch_var.dtype)
    corrected = batch_var * count / maximum(count - 1, 1)
    # TF's FusedBatchNormGrad takes the gradient of y only; the statistics it returns
    # pass none back.
    return y, stop_gradient(batch_mean), stop_gradient(batch_var), stop_gradient(corrected)


def weighted_cross_entropy_with_logits(
    labels: Any = None,
    logits: Any = None,
    pos_weight: Any = None,
    name: str | None = None,
    targets: Any = None,
) -> Tensor:
    """Logistic loss with positives weighted by `pos_weight`, stable for large |logits|:
    (1 - z) x + (1 + (q - 1) z) (log1p(exp(-|x|)) + relu(-x))."""
    from .math_ops import abs as _abs
    from .math_ops import log1p

    labels = targets if labels is None else labels
    if labels is None or logits is None or pos_weight is None:
        raise error("INVALID_ATTR", "pass labels, logits and pos_weight")
    graph, (x, z) = as_tensors(logits, labels)
    with graph.as_default(), graph.name_scope(name or "logistic_loss"):
        log_weight = 1 + (pos_weight - 1) * z
        # relu, as TF's, not maximum: at x = 0 relu's gradient is 0 where maximum's is
        # -1, and the gradient there is TF's 1 - z only with relu.
        return (1 - z) * x + log_weight * (log1p(exp(-_abs(x))) + relu(-x))


def log_poisson_loss(
    targets: Any, log_input: Any, compute_full_loss: bool = False, name: str | None = None
) -> Tensor:
    """exp(log_input) - log_input * targets, plus Stirling's term for targets > 1 when
    `compute_full_loss`."""
    from .math_ops import log

    graph, (c, z) = as_tensors(log_input, targets)
    with graph.as_default(), graph.name_scope(name or "log_poisson_loss"):
        result = exp(c) - c * z
        if not compute_full_loss:
            return result
        # Stirling's term, zero for targets in [0, 1]; NaN for negative targets, as TF's.
        in_unit = (z >= 0) & (z <= 1)
        safe = where(in_unit, z * 0 + 1, z)
        stirling = safe * log(safe) - safe + 0.5 * log(2 * np.pi * safe)
        return result + where((z >= 0) & (z <= 1), z * 0, stirling)


def sufficient_statistics(
    x: Any,
    axes: Any,
    shift: Any = None,
    keep_dims: bool | None = None,
    name: str | None = None,
    keepdims: bool | None = None,
) -> tuple[Tensor, Tensor, Tensor, Tensor | None]:
    """(count, sum of x - shift, sum of (x - shift)², shift) over `axes`, as TF's."""
    from .array_ops import size
    from .math_ops import cast, square

    keep = bool(keepdims if keepdims is not None else keep_dims)
    graph, (x,) = as_tensors(x)
    axes = _axes_arg(axes, None)
    with graph.as_default(), graph.name_scope(name or "sufficient_statistics"):
        total = reduce_sum(x, axes, keepdims=keep)
        count = cast(size(x) // size(total), x.dtype, name="count")
        if shift is None:
            return (
                count,
                reduce_sum(x, axes, keepdims=keep, name="mean_ss"),
                reduce_sum(square(x), axes, keepdims=keep, name="var_ss"),
                None,
            )
        _, (x, shift) = as_tensors(x, shift)
        m_ss = reduce_sum(x - shift, axes, keepdims=keep, name="mean_ss")
        v_ss = reduce_sum(square(x - shift), axes, keepdims=keep, name="var_ss")
        return count, m_ss, v_ss, shift


def normalize_moments(
    counts: Any, mean_ss: Any, variance_ss: Any, shift: Any, name: str | None = None
) -> tuple[Tensor, Tensor]:
    """(mean, variance) from sufficient statistics."""
    from .math_ops import square

    graph, (counts, mean_ss, variance_ss) = as_tensors(counts, mean_ss, variance_ss)
    with graph.as_default(), graph.name_scope(name or "normalize"):
        divisor = 1 / counts
        shifted_mean = mean_ss * divisor
        mean = shifted_mean + shift if shift is not None else shifted_mean
        variance = variance_ss * divisor - square(shifted_mean)
        return mean, variance


def weighted_moments(
    x: Any,
    axes: Any,
    frequency_weights: Any,
    name: str | None = None,
    keep_dims: bool | None = None,
    keepdims: bool | None = None,
) -> tuple[Tensor, Tensor]:
    """(mean, variance) over `axes` with `frequency_weights` broadcast against x."""
    from .array_ops import squeeze
    from .math_ops import cast, div_no_nan, square

    keep = bool(keepdims if keepdims is not None else keep_dims)
    graph, (x, w) = as_tensors(x, frequency_weights)
    axes = _axes_arg(axes, None)
    with graph.as_default(), graph.name_scope(name or "weighted_moments"):
        # As TF's: float16 is summed in float32, and the weights take x's dtype.
        half = x.dtype == _dt.float16
        if half:
            x = cast(x, _dt.float32)
        if w.dtype != x.dtype:
            w = cast(w, x.dtype)
        weighted_sum = reduce_sum(w * x, axes, keepdims=True)
        sum_of_weights = reduce_sum(w + x * 0, axes, keepdims=True)
        # div_no_nan, as TF's: a zero total weight gives a mean and variance of 0.
        mean = div_no_nan(weighted_sum, sum_of_weights)
        variance = div_no_nan(reduce_sum(w * square(x - mean), axes, keepdims=True), sum_of_weights)
        if not keep:
            mean, variance = squeeze(mean, axes), squeeze(variance, axes)
        if half:
            mean, variance = cast(mean, _dt.float16), cast(variance, _dt.float16)
        return mean, variance


def zero_fraction(value: Any, name: str | None = None) -> Tensor:
    """The fraction of zeros in `value`, a float32 scalar (`tf.nn.zero_fraction`)."""
    from .math_ops import cast, equal
    from .reduce_ops import reduce_mean

    graph, (x,) = as_tensors(value)
    with graph.as_default(), graph.name_scope(name or "zero_fraction"):
        return reduce_mean(cast(equal(x, x.dtype.type(0)), np.float32))
