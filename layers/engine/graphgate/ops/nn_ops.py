"""Activations, softmax and the cross-entropy losses, each with one stable kernel."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ..errors import error
from ..graph import Tensor, as_tensors, op_inputs
from .array_ops import expand_dims, where
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


def _relu(x):
    return np.maximum(x, 0)


register_op("Relu", arity=1, infer=unary("numeric"), unknown_rank_ok=True)(_fixed(_relu))


def _relu_grad_infer(shapes, types, attrs):
    return [(shapes[0], same_dtypes(types))]


def _relu_grad_kernel(g, y):
    # A multiply by the mask is ~6x faster than np.where; it differs only for a
    # non-finite upstream gradient where the unit is off (NaN instead of 0).
    return g * (y > 0)


register_op("ReluGrad", arity=2, infer=_relu_grad_infer, unknown_rank_ok=True)(
    _fixed(_relu_grad_kernel)
)


def relu(features: Any, name: str | None = None) -> Tensor:
    return _op("Relu", (features,), name, "Relu")


@register_gradient("Relu")
def _relu_gradient(op, g):
    return [g.op.graph.create_op("ReluGrad", (g, op.outputs[0]), None, "relu_grad").outputs[0]]


@register_gradient("ReluGrad")
def _relu_grad_gradient(op, g):
    return [g.op.graph.create_op("ReluGrad", (g, op.inputs[1]), None, "relu_grad").outputs[0], None]


@register_op(
    "LeakyRelu",
    arity=1,
    infer=unary("float"),
    attrs={"alpha": ("float", 0.2)},
    unknown_rank_ok=True,
)
def _leaky_relu(op):
    alpha = op.outputs[0].dtype.type(op.attrs.get("alpha", 0.2))
    return lambda x: np.where(x > 0, x, x * alpha)


def leaky_relu(features: Any, alpha: float = 0.2, name: str | None = None) -> Tensor:
    return _op("LeakyRelu", (features,), name, "LeakyRelu", {"alpha": float(alpha)})


@register_gradient("LeakyRelu")
def _leaky_relu_grad(op, g):
    x = op.inputs[0]
    return [where(x > 0, g, g * op.attrs.get("alpha", 0.2))]


# -- softmax -------------------------------------------------------------------------------


def _softmax_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    require_rank(shapes[0], 1)
    norm_axis(attrs.get("axis", -1), len(shapes[0]))
    return [(shapes[0], types[0])]


def _softmax_kernel(axis):
    def kernel(x):
        e = np.exp(x - np.max(x, axis, keepdims=True))
        e /= np.sum(e, axis, keepdims=True)
        return e

    return kernel


def _log_softmax_kernel(axis):
    def kernel(x):
        s = x - np.max(x, axis, keepdims=True)
        return s - np.log(np.sum(np.exp(s), axis, keepdims=True))

    return kernel


register_op("Softmax", arity=1, infer=_softmax_infer, attrs={"axis": ("int", -1)})(
    lambda op: _softmax_kernel(op.attrs.get("axis", -1))
)
register_op("LogSoftmax", arity=1, infer=_softmax_infer, attrs={"axis": ("int", -1)})(
    lambda op: _log_softmax_kernel(op.attrs.get("axis", -1))
)


def softmax(logits: Any, axis: int = -1, name: str | None = None) -> Tensor:
    return _op("Softmax", (logits,), name, "Softmax", {"axis": operator.index(axis)})


def log_softmax(logits: Any, axis: int = -1, name: str | None = None) -> Tensor:
    return _op("LogSoftmax", (logits,), name, "LogSoftmax", {"axis": operator.index(axis)})


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
    require_rank(logits, 1, "logits")
    if len(labels) != len(logits):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"labels {list(labels)} and logits {list(logits)} must have the same shape",
        )
    shape = tuple(merge_dim(a, b, "labels and logits") for a, b in zip(logits, labels, strict=True))
    axis = norm_axis(attrs.get("axis", -1), len(shape))
    return [(shape[:axis] + shape[axis + 1 :], dtype), (shape, dtype)]


@register_op(
    "SoftmaxCrossEntropyWithLogits", arity=2, infer=_xent_infer, attrs={"axis": ("int", -1)}
)
def _xent(op):
    axis = op.attrs.get("axis", -1)

    def kernel(logits, labels):
        s = logits - np.max(logits, axis, keepdims=True)
        e = np.exp(s)
        total = np.sum(e, axis, keepdims=True)
        loss = np.sum(labels * (np.log(total) - s), axis)
        # softmax * sum(labels) - labels: exact even when labels do not sum to one.
        e *= np.sum(labels, axis, keepdims=True) / total
        return loss, e - labels

    return kernel


def softmax_cross_entropy_with_logits(
    labels: Any = None,
    logits: Any = None,
    axis: int = -1,
    name: str | None = None,
    dim: int | None = None,
) -> Tensor:
    """Per-example cross-entropy of softmax(logits) against the distributions `labels`."""
    if labels is None or logits is None:
        raise error("INVALID_ATTR", "pass both labels= and logits=")
    graph, (logits, labels), name = op_inputs(
        (logits, labels), name, "softmax_cross_entropy_with_logits", ("logits", "labels")
    )
    attrs = {"axis": operator.index(axis if dim is None else dim)}
    return graph.create_op("SoftmaxCrossEntropyWithLogits", (logits, labels), attrs, name).outputs[
        0
    ]


softmax_cross_entropy_with_logits_v2 = softmax_cross_entropy_with_logits


@register_gradient("SoftmaxCrossEntropyWithLogits")
def _xent_grad(op, g_loss, g_backprop):
    if g_loss is None:
        return [None, None]
    logits = op.inputs[0]
    axis = norm_axis(op.attrs.get("axis", -1), len(logits._shape))
    g = expand_dims(g_loss, axis)
    return [g * op.outputs[1], g * -log_softmax(logits, axis)]


def _sparse_xent_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    check_dtype(types[1], "int", "labels")
    logits, labels = shapes
    require_rank(logits, 1, "logits")
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


@register_op("SparseSoftmaxCrossEntropyWithLogits", arity=2, infer=_sparse_xent_infer)
def _sparse_xent(op):
    def kernel(logits, labels):
        n = np.shape(logits)[-1]
        if np.size(labels) and (np.min(labels) < 0 or np.max(labels) >= n):
            raise error("INDEX_OUT_OF_RANGE", f"labels must be in [0, {n})", details={"classes": n})
        s = logits - np.max(logits, -1, keepdims=True)
        e = np.exp(s)
        total = np.sum(e, -1, keepdims=True)
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
    if g_loss is None:
        return [None, None]
    return [expand_dims(g_loss, -1) * op.outputs[1], None]


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
