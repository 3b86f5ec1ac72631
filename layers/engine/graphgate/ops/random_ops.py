"""Seeded random tensors and dropout. Generator state lives in the session, per op."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Graph, Tensor, get_default_graph, op_inputs
from .array_ops import _static_shape
from .math_ops import add, multiply
from .registry import (
    REQUIRED,
    InferenceError,
    check_dtype,
    not_differentiable,
    register_gradient,
    register_op,
)

DEFAULT_GRAPH_SEED = 87654321
_RANDOM_ATTRS = {
    "shape": ("shape", REQUIRED),
    "dtype": ("dtype", _dt.float32),
    "seed": ("seed", None),
    "seed2": ("seed", None),
}


def get_seed(graph: Graph, op_seed: int | None) -> tuple[int | None, int | None]:
    """TensorFlow's rule: a graph seed alone gives each op a seed from its position."""
    if graph.seed is not None:
        return graph.seed, op_seed if op_seed is not None else len(graph._ops)
    if op_seed is not None:
        return DEFAULT_GRAPH_SEED, op_seed
    return None, None


def _random_infer(shapes, types, attrs):
    dtype = attrs.get("dtype", _dt.float32)
    check_dtype(dtype, "float", "a random tensor")
    if attrs["shape"] is None or None in attrs["shape"]:
        raise InferenceError("INVALID_ATTR", "random tensors need a fully known shape")
    return [(attrs["shape"], dtype)]


def _draw(method):
    def factory(op):
        shape, dtype = op.attrs["shape"], op.outputs[0].dtype
        draw_dtype = _dt.float32 if dtype == _dt.float16 else dtype

        def kernel(state):
            out = getattr(state.rng(op), method)(shape, dtype=draw_dtype)
            return out if draw_dtype == dtype else out.astype(dtype)

        return kernel

    return factory


register_op(
    "RandomStandardNormal",
    arity=0,
    infer=_random_infer,
    attrs=_RANDOM_ATTRS,
    stateful=True,
    needs_state=True,
)(_draw("standard_normal"))
register_op(
    "RandomUniform",
    arity=0,
    infer=_random_infer,
    attrs=_RANDOM_ATTRS,
    stateful=True,
    needs_state=True,
)(_draw("random"))
not_differentiable("RandomStandardNormal", "RandomUniform")


def _random(type_, shape, dtype, seed, name):
    graph = get_default_graph()
    seed, seed2 = get_seed(graph, seed)
    attrs = {
        "shape": _static_shape(shape),
        "dtype": _dt.as_dtype(dtype),
        "seed": seed,
        "seed2": seed2,
    }
    return graph.create_op(type_, (), attrs, name, default_name=type_).outputs[0]


def random_normal(
    shape: Any,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: Any = _dt.float32,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """Normal samples; with a seed the sequence over runs repeats in every new session."""
    graph = get_default_graph()
    with graph.name_scope(name, "random_normal") as scope:
        affine = (stddev != 1.0, mean != 0.0)
        out = _random("RandomStandardNormal", shape, dtype, seed, None if any(affine) else scope)
        if affine[0]:
            out = multiply(out, stddev, name=None if affine[1] else scope)
        if affine[1]:
            out = add(out, mean, name=scope)
        return out


def random_uniform(
    shape: Any,
    minval: float = 0.0,
    maxval: float | None = None,
    dtype: Any = _dt.float32,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """Uniform samples in [minval, maxval) (maxval defaults to 1)."""
    if _dt.as_dtype(dtype) not in _dt.FLOATS:
        raise error("UNSUPPORTED_DTYPE", "random_uniform supports floating-point dtypes only")
    maxval = 1.0 if maxval is None else maxval
    graph = get_default_graph()
    # TensorFlow returns `random_uniform/RandomUniform` itself for [0, 1).
    with graph.name_scope(name, "random_uniform") as scope:
        out = _random("RandomUniform", shape, dtype, seed, None)
        if (minval, maxval) != (0.0, 1.0):
            out = add(out * (maxval - minval), minval, name=scope)
        return out


def _dropout_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    rate = attrs["rate"]
    if not 0 <= rate < 1:
        raise InferenceError("INVALID_ATTR", f"dropout rate must be in [0, 1), got {rate}")
    return [(shapes[0], types[0]), (shapes[0], types[0])]


@register_op(
    "Dropout",
    arity=1,
    infer=_dropout_infer,
    stateful=True,
    needs_state=True,
    attrs={"rate": ("float", REQUIRED), "seed": ("seed", None), "seed2": ("seed", None)},
)
def _dropout(op):
    rate = op.attrs["rate"]
    dtype = op.outputs[0].dtype
    scale = dtype.type(1 / (1 - rate))

    def kernel(state, x):
        keep = state.rng(op).random(np.shape(x)) >= rate
        mask = keep * scale
        return x * mask, mask

    return kernel


def dropout(
    x: Any,
    keep_prob: float | None = None,
    seed: int | None = None,
    name: str | None = None,
    rate: float | None = None,
) -> Tensor:
    """Zero elements with probability `rate` (or 1 - keep_prob) and scale the rest up."""
    if (rate is None) == (keep_prob is None):
        raise error("INVALID_ATTR", "pass exactly one of rate and keep_prob")
    rate = float(1 - keep_prob if rate is None else rate)
    graph, (x,), name = op_inputs((x,), name, "dropout", ("x",))
    seed, seed2 = get_seed(graph, seed)
    return graph.create_op(
        "Dropout", (x,), {"rate": rate, "seed": seed, "seed2": seed2}, name
    ).outputs[0]


@register_gradient("Dropout")
def _dropout_grad(op, g, g_mask):
    return [None if g is None else g * op.outputs[1]]
