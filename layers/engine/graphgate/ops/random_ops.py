"""Seeded random tensors and dropout. Generator state lives in the session, per op."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Graph, Tensor, get_default_graph, op_inputs
from ..graph import constant_op as graph_const
from ..limits import check_run_time_size
from . import philox
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
from .shape_values import hinted_shape, run_time_shape, shape_tensor, static_hint, static_ints

DEFAULT_GRAPH_SEED = 87654321
_RANDOM_ATTRS = {
    # A static `shape`, or TensorFlow's shape input with what the graph fixes of it.
    "shape": ("shape", None),
    "static_shape": ("shape", None),
    "dtype": ("dtype", _dt.float32),
    "seed": ("seed", None),
    "seed2": ("seed", None),
}


_MAXINT32 = 2**31 - 1


def get_seed(graph: Graph, op_seed: int | None) -> tuple[int | None, int | None]:
    """TensorFlow's rule: with a graph seed, an op without a seed of its own gets the
    number of such ops before it in the graph (0, 1, 2...); seeds are taken modulo
    2**31 - 1, and (0, 0) — which the kernels read as "no seed" — becomes (0, 2**31 - 1)."""
    if graph.seed is not None:
        if op_seed is None:
            op_seed = graph.seeds_drawn
            graph.seeds_drawn += 1
        seeds = (graph.seed % _MAXINT32, op_seed % _MAXINT32)
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, op_seed % _MAXINT32)
    else:
        return None, None
    return (0, _MAXINT32) if seeds == (0, 0) else seeds


def _random_infer(shapes, types, attrs):
    dtype = attrs.get("dtype", _dt.float32)
    check_dtype(dtype, "float", "a random tensor")
    if shapes:
        return [(hinted_shape(shapes[0], types[0], attrs, "a random tensor's shape"), dtype)]
    if attrs.get("shape") is None or None in attrs["shape"]:
        raise InferenceError("INVALID_ATTR", "random tensors need a fully known shape")
    return [(attrs["shape"], dtype)]


def _sizes(op, state, shape):
    """The shape to draw: the static one, or the shape input checked and bounded."""
    if shape is None:
        return op.attrs["shape"]
    if np.ndim(shape) != 1:  # a shape input of unknown rank is checked here
        raise error(
            "COMPUTE_ERROR",
            f"a random tensor's shape must be a vector, got shape {np.shape(shape)}",
            node=op.name,
        )
    sizes = run_time_shape(op, shape, "a random tensor's shape")
    check_run_time_size(state, op, sizes)
    return sizes


def _philox_draw(draw):
    """A kernel drawing from TF's Philox stream of the op's seeds (float16 as TF's: drawn
    in float32 for normals, from 16 bits for uniforms)."""

    def factory(op):
        dtype = np.dtype(op.outputs[0].dtype.as_numpy_dtype)

        def kernel(state, shape=None):
            sizes = _sizes(op, state, shape)
            n = int(np.prod(sizes, dtype=np.int64))
            return draw(*state.philox(op, philox.reserved(n)), n, dtype).reshape(sizes)

        return kernel

    return factory


# The shape may be a tensor of unknown rank (Kipf's GCN draws `random_uniform(noise_shape)`
# of an unshaped int placeholder), as TF's shape function allows: the output's rank is then
# unknown, and the run checks the shape is a vector.
_RANDOM_OP = {
    "arity": (0, 1),
    "infer": _random_infer,
    "attrs": _RANDOM_ATTRS,
    "unknown_rank_ok": True,
}
register_op("RandomStandardNormal", stateful=True, needs_state=True, **_RANDOM_OP)(
    _philox_draw(philox.normal)
)
register_op("RandomUniform", stateful=True, needs_state=True, **_RANDOM_OP)(
    _philox_draw(philox.uniform)
)
register_op("TruncatedNormal", stateful=True, needs_state=True, **_RANDOM_OP)(
    _philox_draw(philox.truncated_normal)
)
not_differentiable("RandomStandardNormal", "RandomUniform", "TruncatedNormal")


def _random(type_, shape, dtype, seed, name, seeds=None):
    """`seeds`: the op's (seed, seed2) as given (raw_ops'), not by the graph's rule."""
    graph = get_default_graph()
    seed, seed2 = get_seed(graph, seed) if seeds is None else seeds
    attrs = {"dtype": _dt.as_dtype(dtype), "seed": seed, "seed2": seed2}
    static = static_ints(shape)
    if static is not None:
        if np.ndim(static) != 1:  # TF's shape function: "Shape must be rank 1" (ValueError)
            raise error("SHAPE_MISMATCH", f"{type_}'s shape must be a vector, got {static!r}")
        attrs["shape"] = _static_shape(static)
        return graph.create_op(type_, (), attrs, name, default_name=type_).outputs[0]
    # TensorFlow packs a list holding tensors as `<scope>/shape` (`random_uniform/shape`).
    shape = shape_tensor(shape, "shape")
    attrs["static_shape"] = static_hint(shape)
    return graph.create_op(type_, (shape,), attrs, name, default_name=type_).outputs[0]


def random_normal(
    shape: Any,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: Any = _dt.float32,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """Normal samples; with a seed the sequence over runs repeats in every new session."""
    return _scaled("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(
    shape: Any,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: Any = _dt.float32,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """Normal samples, redrawn where beyond two standard deviations from the mean."""
    return _scaled("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype, seed, name)


def _scaled(
    type_: str, default: str, shape: Any, mean: float, stddev: float, dtype: Any, seed: Any, name
) -> Tensor:
    """Standard samples times stddev plus mean, the last node taking the scope's name as
    TF1's does (and no Mul or Add where stddev is 1 or mean is 0)."""
    with get_default_graph().name_scope(name, default) as scope:
        affine = (stddev != 1.0, mean != 0.0)
        out = _random(type_, shape, dtype, seed, None if any(affine) else scope)
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
    if _dt.as_dtype(dtype) in _dt.INTS:
        from .random_extra_ops import random_uniform_int

        return random_uniform_int(shape, minval, maxval, _dt.as_dtype(dtype), seed, name)
    if _dt.as_dtype(dtype) not in _dt.FLOATS:
        raise error("UNSUPPORTED_DTYPE", "random_uniform supports float and int dtypes only")
    maxval = 1.0 if maxval is None else maxval
    graph = get_default_graph()
    # TensorFlow returns `random_uniform/RandomUniform` itself for [0, 1).
    with graph.name_scope(name, "random_uniform") as scope:
        out = _random("RandomUniform", shape, dtype, seed, None)
        if (minval, maxval) != (0.0, 1.0):
            out = add(out * (maxval - minval), minval, name=scope)
        return out


def _noise_infer(shape, attrs):
    noise = attrs.get("noise_shape")
    if noise is None or shape is None:
        return
    if len(noise) != len(shape) or any(
        n not in (None, 1) and d is not None and n != d for n, d in zip(noise, shape, strict=True)
    ):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"noise_shape {list(noise)} does not broadcast to x's shape {list(shape)}",
        )


def _scale(dtype, rate: float):
    """1 / (1 - rate) computed in x's dtype, as TF's graph computes it."""
    one = dtype.type(1)
    return one / (one - dtype.type(rate))


def _keep_mask(op, state, x, rate, scale):
    """The scaled keep mask, drawn in noise_shape (None dims are x's) and broadcast to x."""
    shape = np.shape(x)
    noise = op.attrs.get("noise_shape")
    if noise is not None:
        if len(noise) != len(shape) or any(
            n not in (None, 1, d) for n, d in zip(noise, shape, strict=True)
        ):
            raise error(
                "SHAPE_MISMATCH",
                f"noise_shape {list(noise)} does not broadcast to x's shape {list(shape)}",
            )
        shape = tuple(d if n is None else n for n, d in zip(noise, shape, strict=True))
    # TF draws the mask's uniforms in x's dtype and keeps those >= rate (in x's dtype).
    dtype = np.asarray(x).dtype
    n = int(np.prod(shape, dtype=np.int64))
    uniform = philox.uniform(*state.philox(op, philox.reserved(n)), n, dtype).reshape(shape)
    keep = uniform >= dtype.type(rate)
    return np.broadcast_to(keep * scale, np.shape(x))


def _masked(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """TF's dropout output: x scaled where kept and a +0.0 where dropped (its `where_v2`,
    not a product: a dropped NaN or infinity is 0, a dropped negative not -0.0)."""
    return np.where(mask != 0, x * mask, np.zeros((), np.asarray(x).dtype))


def _dropout_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    _noise_infer(shapes[0], attrs)
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
    attrs={
        "rate": ("float", REQUIRED),
        "seed": ("seed", None),
        "seed2": ("seed", None),
        "noise_shape": ("shape", None),
    },
)
def _dropout(op):
    rate = op.attrs["rate"]
    dtype = op.outputs[0].dtype
    scale = _scale(dtype, rate)

    def kernel(state, x):
        mask = _keep_mask(op, state, x, rate, scale)
        return _masked(x, mask), mask

    return kernel


def _dropout_v2_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    if types[1] != types[0]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"the rate must be {types[0].name} like x, got {types[1].name}"
        )
    if shapes[1] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", f"the rate must be a scalar, got {list(shapes[1])}")
    _noise_infer(shapes[0], attrs)
    return [(shapes[0], types[0]), (shapes[0], types[0])]


@register_op(
    "DropoutV2",
    arity=2,
    infer=_dropout_v2_infer,
    stateful=True,
    needs_state=True,
    attrs={"seed": ("seed", None), "seed2": ("seed", None), "noise_shape": ("shape", None)},
    unknown_rank_ok=True,
)
def _dropout_v2(op):
    """Dropout whose rate is a tensor (a fed `keep_prob`), checked at run time."""
    dtype = op.outputs[0].dtype

    def kernel(state, x, rate):
        rate = float(rate)
        if not 0 <= rate < 1:
            raise error(
                "INVALID_ATTR", f"dropout rate must be in [0, 1) (keep_prob in (0, 1]), got {rate}"
            )
        mask = _keep_mask(op, state, x, rate, _scale(dtype, rate))
        return _masked(x, mask), mask

    return kernel


@register_gradient("DropoutV2")
def _dropout_v2_grad(op, g, g_mask):
    if g is None:
        return [None, None]
    from .reduce_ops import reduce_sum

    # y = x * keep / (1 - rate), so dy/drate = y / (1 - rate) for the mask drawn.
    y, rate = op.outputs[0], op.inputs[1]
    kept = _kept(op, g)
    return [kept * op.outputs[1], reduce_sum(kept * y) / (1 - rate)]


def _noise_dims(noise_shape: Any, x: Tensor) -> tuple:
    """noise_shape as ints, None standing for x's own dim: a value the graph fixes, or
    `tf.shape(x)[i]` at position i (x's dim, whatever it is at run time)."""
    if isinstance(noise_shape, Tensor):
        known = static_ints(noise_shape)
        if known is None and noise_shape.op.type == "Shape" and noise_shape.op.inputs[0] is x:
            known = None if x.static_shape is None else (None,) * len(x.static_shape)
        noise_shape = known
    if noise_shape is None:
        raise error("UNIMPLEMENTED", "dropout's noise_shape must be known when building")
    return tuple(_noise_dim(d, i, x) for i, d in enumerate(noise_shape))


def _noise_dim(d: Any, i: int, x: Tensor) -> int | None:
    if not isinstance(d, Tensor):
        return None if d is None else int(d)
    known = static_ints([d])
    if known is not None:
        return known[0]
    op = d.op
    index = op.attrs.get("index") if op.type == "StridedSlice" and len(op.inputs) == 1 else None
    src = op.inputs[0].op
    if index and len(index) == 1 and src.type == "Shape" and src.inputs[0] is x:
        rank = len(x.static_shape or ())
        if isinstance(index[0], int) and rank and index[0] % rank == i:
            return None
    raise error("UNIMPLEMENTED", "dropout's noise_shape must be known when building")


def dropout(
    x: Any,
    keep_prob: Any = None,
    noise_shape: Any = None,
    seed: int | None = None,
    name: str | None = None,
    rate: Any = None,
) -> Tensor:
    """Zero elements with probability `rate` (or 1 - keep_prob) and scale the rest up by
    1 / (1 - rate). Either may be a tensor, such as a placeholder fed 0.5 while training
    and 1.0 while testing."""
    if (rate is None) == (keep_prob is None):
        raise error("INVALID_ATTR", "pass exactly one of rate and keep_prob")
    graph, (x,), name = op_inputs((x,), name, "dropout", ("x",))
    noise = None if noise_shape is None else _noise_dims(noise_shape, x)
    if isinstance(keep_prob, Tensor) or isinstance(rate, Tensor):
        with graph.as_default(), graph.name_scope(name):
            from .math_ops import cast

            if rate is None:
                rate = 1 - cast(keep_prob, x.dtype)
            elif isinstance(rate, Tensor):
                rate = cast(rate, x.dtype)
            else:
                rate = graph_const(graph, rate, x.dtype)
            seed, seed2 = get_seed(graph, seed)
            attrs = {"seed": seed, "seed2": seed2, "noise_shape": noise}
            return graph.create_op("DropoutV2", (x, rate), attrs, "dropout").outputs[0]
    rate = float(1 - keep_prob if rate is None else rate)
    seed, seed2 = get_seed(graph, seed)
    attrs = {"rate": rate, "seed": seed, "seed2": seed2, "noise_shape": noise}
    return graph.create_op("Dropout", (x,), attrs, name).outputs[0]


def _kept(op: Any, g: Tensor) -> Tensor:
    """TF's gradient through its dropout's `where_v2`: g where kept, a +0.0 where dropped,
    whatever g is there (an infinite or NaN g is not multiplied by 0)."""
    from .array_ops import zeros_like
    from .math_ops import not_equal
    from .misc_ops import where_v2

    return where_v2(not_equal(op.outputs[1], 0), g, zeros_like(g))


@register_gradient("Dropout")
def _dropout_grad(op, g, g_mask):
    return [None if g is None else _kept(op, g) * op.outputs[1]]


# -- tf.nn.experimental's dropouts: TF's composition around a sampler ------------------------
# x scaled by 1 / (1 - rate), kept where the sampler's draw is at least `rate`, else 0: the
# ops TF builds (Mul or RealDiv, GreaterEqual, SelectV2), so values and gradients are TF's.


def _dropout_rate(rate: Any, x: Tensor, graph: Graph) -> tuple[Any, Tensor | None]:
    """(the rate as the comparison takes it, x scaled), or x itself for a rate of 0."""
    from ..graph import convert_to_tensor
    from .math_ops import cast, subtract
    from .special_math_ops import realdiv

    if isinstance(rate, Tensor):
        if rate.static_shape is not None and len(rate.static_shape) != 0:
            raise ValueError(f"Shape must be rank 0 but is rank {len(rate.static_shape)}")
        rate = rate if rate.dtype == x.dtype else cast(rate, x.dtype)
        return rate, realdiv(x, subtract(graph_const(graph, 1, x.dtype), rate))
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate < 1:
        raise ValueError(
            f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}"
        )
    if rate == 0:
        return rate, None
    scale = convert_to_tensor(1 / (1 - rate), x.dtype, "scale", graph)
    return rate, multiply(x, scale)


def general_dropout(
    x: Any, rate: Any, uniform_sampler: Any, noise_shape: Any = None, name: str | None = None
) -> Tensor:
    """`tf.nn.experimental.general_dropout`: dropout whose uniform draws are
    `uniform_sampler(shape=..., dtype=...)`'s."""
    return _sampled_dropout(x, rate, uniform_sampler, noise_shape, name, "general_dropout")


def stateless_dropout(
    x: Any, rate: Any, seed: Any, rng_alg: Any = None, noise_shape: Any = None,
    name: str | None = None,
) -> Tensor:  # fmt: skip
    """`tf.nn.experimental.stateless_dropout`: the mask drawn by `stateless_uniform` from
    `seed`, TF's same mask for the same seed."""
    from .random_extra_ops import philox_algorithm, stateless_random_uniform

    philox_algorithm(rng_alg)

    def sampler(shape, dtype):
        return stateless_random_uniform(shape, seed=seed, dtype=dtype)

    return _sampled_dropout(x, rate, sampler, noise_shape, name, "stateless_dropout")


def _sampled_dropout(x, rate, sampler, noise_shape, name, default) -> Tensor:
    from ..graph import convert_to_tensor
    from .misc_ops import where_v2

    graph = x.graph if isinstance(x, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, default):
        x = convert_to_tensor(x, None, "x", graph)
        if not x.dtype.is_floating:
            raise ValueError(
                "x has to be a floating point tensor since it's going to be scaled. "
                f"Got a {x.dtype!r} tensor instead."
            )
        rate, scaled = _dropout_rate(rate, x, graph)
        if scaled is None:
            return x
        shape = x.static_shape if noise_shape is None else _noise_dims(noise_shape, x)
        if shape is None or None in shape:
            raise error("UNIMPLEMENTED", f"{default}'s noise shape must be known when building")
        keep = sampler(shape=list(shape), dtype=x.dtype) >= rate
        return where_v2(keep, scaled, graph_const(graph, 0, x.dtype))
