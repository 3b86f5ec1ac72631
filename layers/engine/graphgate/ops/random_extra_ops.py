"""TF1's other random ops: random_shuffle, multinomial/categorical, random_crop,
random_poisson and integer random_uniform. Seeded as random_ops' (TF's seed rules, numpy's
bit stream); generator state lives in the session, per op."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, constant_op, convert_to_tensor, get_default_graph, op_inputs
from ..limits import check_run_time_size
from . import philox
from .array_ops import _static_shape
from .random_ops import get_seed
from .registry import (
    REQUIRED,
    InferenceError,
    check_dtype,
    not_differentiable,
    register_gradient,
    register_op,
    without_gradient,
)
from .shape_values import hinted_shape, run_time_shape, shape_tensor, static_hint, static_ints

_SEEDS = {"seed": ("seed", None), "seed2": ("seed", None)}


def _seeds(graph, seed) -> dict:
    seed, seed2 = get_seed(graph, seed)
    return {"seed": seed, "seed2": seed2}


# -- random_shuffle ------------------------------------------------------------------------


def _shuffle_infer(shapes, types, attrs):
    return [(shapes[0], types[0])]


@register_op(
    "RandomShuffle",
    arity=1,
    infer=_shuffle_infer,
    attrs=_SEEDS,
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _random_shuffle(op):
    def kernel(state, x):
        x = np.asarray(x)
        if x.size <= 1 or x.shape[0] <= 1:
            return x  # TF's kernel draws nothing here, so later runs see the same stream
        draws = x.shape[0] - 1
        order = philox.permutation(*state.philox(op, -(-draws // 4)), x.shape[0])
        return x[order]

    return kernel


def random_shuffle(value: Any, seed: int | None = None, name: str | None = None) -> Tensor:
    """`value` with its first dimension in a random order."""
    graph, (x,), name = op_inputs((value,), name, "RandomShuffle", ("value",))
    return graph.create_op("RandomShuffle", (x,), _seeds(graph, seed), name).outputs[0]


# -- multinomial / categorical -------------------------------------------------------------


def _multinomial_infer(shapes, types, attrs):
    check_dtype(types[0], "float", "logits")
    check_dtype(types[1], "int", "num_samples")
    out = attrs.get("output_dtype", _dt.int64)
    check_dtype(out, "int", "output_dtype")
    logits = shapes[0]
    if logits is not None and len(logits) != 2:
        raise InferenceError("SHAPE_MISMATCH", f"logits must be 2-D, got {list(logits)}")
    batch = None if logits is None else logits[0]
    return [((batch, attrs.get("num")), out)]


@register_op(
    "Multinomial",
    arity=2,
    infer=_multinomial_infer,
    attrs={**_SEEDS, "output_dtype": ("dtype", _dt.int64), "num": ("int", None)},
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _multinomial(op):
    dtype, num = op.outputs[0].dtype, op.attrs.get("num")

    def kernel(state, logits, num_samples):
        logits, n = _multinomial_args(logits, num_samples, num)
        check_run_time_size(state, op, (logits.shape[0], n))  # n is a value
        ceil4 = -(-n // 4) * 4
        key = state.philox(op, philox.reserved(logits.shape[0] * ceil4 * 2))
        return _multinomial_draw(logits, n, key, dtype)

    return kernel


def _multinomial_args(logits, num_samples, num) -> tuple[np.ndarray, int]:
    logits = np.asarray(logits, np.float64)
    n = int(num_samples)
    if n < 0 or (num is not None and n != num):
        raise error("COMPUTE_ERROR", f"num_samples should be nonnegative, got {n}")
    if logits.ndim != 2 or logits.shape[1] == 0:
        raise error("COMPUTE_ERROR", "logits should be a matrix with at least one class")
    return logits, n


def _multinomial_draw(logits: np.ndarray, n: int, key: tuple[int, int, int], dtype) -> np.ndarray:
    """TF's kernel: an unnormalized float64 CDF of exp(logit - max) over the finite logits
    (-inf ones never drawn), searched for uniform doubles times its total."""
    finite = np.isfinite(logits)
    top = np.max(np.where(finite, logits, -np.inf), axis=1, keepdims=True)
    p = np.where(finite, np.exp(logits - np.where(np.isfinite(top), top, 0)), 0.0)
    cdf = np.cumsum(p, axis=1)
    rows = logits.shape[0]
    # SimplePhilox doubles for all rows in turn (TF's kernel when it runs in one shard,
    # as it does for small batches).
    u = philox.unit_doubles(philox.WordStream(*key), rows * n).reshape(rows, n) * cdf[:, -1:]
    out = np.stack([np.searchsorted(c, row, side="right") for c, row in zip(cdf, u, strict=True)])
    return np.minimum(out, logits.shape[1] - 1).astype(dtype).reshape(rows, n)


def _categorical(logits, num_samples, dtype, seed, name, default):
    graph = logits.op.graph if isinstance(logits, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, default):
        x = convert_to_tensor(logits, None, "logits", graph)
        if isinstance(num_samples, Tensor):
            if num_samples.dtype != _dt.int32:  # TF's op takes int32 alone, when built
                raise TypeError(
                    "Input 'num_samples' of 'Multinomial' Op has type "
                    f"{num_samples.dtype.name} that does not match expected type of int32."
                )
            n, num = num_samples, None
        else:
            num = operator.index(num_samples)
            n = constant_op(graph, num, _dt.int32, "num_samples")
        attrs = {**_seeds(graph, seed), "output_dtype": _dt.as_dtype(dtype or _dt.int64)}
        attrs["num"] = num
        return graph.create_op("Multinomial", (x, n), attrs, "Multinomial").outputs[0]


def multinomial(
    logits: Any,
    num_samples: Any,
    seed: int | None = None,
    name: str | None = None,
    output_dtype: Any = None,
) -> Tensor:
    """`num_samples` class indices per row of `logits` (unnormalized log-probabilities)."""
    return _categorical(logits, num_samples, output_dtype, seed, name, "multinomial")


def categorical(
    logits: Any,
    num_samples: Any,
    dtype: Any = None,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """`tf.random.categorical`: `multinomial` under its TF 2 name."""
    return _categorical(logits, num_samples, dtype, seed, name, "categorical")


# -- random_crop ---------------------------------------------------------------------------


def _crop_infer(shapes, types, attrs):
    size, src = attrs["size"], shapes[0]
    if src is not None:
        if len(src) != len(size):
            raise InferenceError(
                "SHAPE_MISMATCH", f"crop size {list(size)} does not fit rank {len(src)}"
            )
        for d, s in zip(src, size, strict=True):
            if d is not None and s > d:
                raise InferenceError(
                    "SHAPE_MISMATCH", f"Need value.shape >= size, got {list(src)} and {list(size)}"
                )
    return [(tuple(size), types[0]), ((len(size),), _dt.int32)]


@register_op(
    "RandomCrop",
    arity=1,
    infer=_crop_infer,
    attrs={**_SEEDS, "size": ("ints", REQUIRED)},
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _random_crop(op):
    size = tuple(op.attrs["size"])

    def kernel(state, x):
        x = np.asarray(x)
        if x.ndim != len(size) or any(s > d for s, d in zip(size, x.shape, strict=True)):
            raise error(
                "COMPUTE_ERROR", f"Need value.shape >= size, got {list(x.shape)} and {list(size)}"
            )
        # TF's: integers in [0, int32 max) modulo each dimension's room (its numbers).
        seed, seed2, start = state.philox(op, philox.reserved(len(size)))
        draws = philox.uniform_int(seed, seed2, start, len(size), 0, 2**31 - 1, np.int32)
        offsets = draws % (np.array(x.shape, np.int32) - np.array(size, np.int32) + 1)
        index = tuple(slice(o, o + s) for o, s in zip(offsets, size, strict=True))
        return x[index].copy(), offsets.astype(np.int32)

    return kernel


def _crop_grad_infer(shapes, types, attrs):
    return [(shapes[2], types[0])]


@register_op("RandomCropGrad", arity=3, infer=_crop_grad_infer, unknown_rank_ok=True)
def _random_crop_grad_kernel(op):
    def kernel(g, offsets, x):
        out = np.zeros(np.shape(x), np.asarray(g).dtype)
        index = tuple(slice(o, o + s) for o, s in zip(offsets, np.shape(g), strict=True))
        out[index] = g
        return out

    return kernel


@register_gradient("RandomCrop")
def _random_crop_grad(op, g, g_offsets):
    if g is None:
        return [None]
    grad = op.graph.create_op("RandomCropGrad", (g, op.outputs[1], op.inputs[0]), None, "crop_grad")
    return [grad.outputs[0]]


@register_gradient("RandomCropGrad")
def _random_crop_grad_grad(op, g):
    # The gradient's slice again, at the offsets the forward crop drew.
    out = op.graph.create_op("CropAt", (g, op.inputs[1], op.inputs[0]), None, "crop")
    return [out.outputs[0], None, None]


def _crop_at_infer(shapes, types, attrs):
    return [(shapes[2], types[0])]


@register_op("CropAt", arity=3, infer=_crop_at_infer, unknown_rank_ok=True)
def _crop_at(op):
    def kernel(g, offsets, like):
        index = tuple(slice(o, o + s) for o, s in zip(offsets, np.shape(like), strict=True))
        return np.asarray(g)[index]

    return kernel


@register_gradient("CropAt")
def _crop_at_grad(op, g):
    grad = op.graph.create_op("RandomCropGrad", (g, op.inputs[1], op.inputs[0]), None, "crop_grad")
    return [grad.outputs[0], None, None]


def random_crop(value: Any, size: Any, seed: int | None = None, name: str | None = None):
    """A slice of `value` of shape `size` at a uniformly random offset."""
    graph, (x,), name = op_inputs((value,), name, "random_crop", ("value",))
    attrs = {**_seeds(graph, seed), "size": _static_shape(size)}
    return graph.create_op("RandomCrop", (x,), attrs, name).outputs[0]


# -- random_poisson, integer random_uniform ------------------------------------------------


def _poisson_infer(shapes, types, attrs):
    check_dtype(types[0], "float", "lam")
    out = attrs.get("dtype", _dt.float32)
    check_dtype(out, "numeric", "random_poisson's dtype")
    lam = shapes[0]
    return [(None if lam is None else tuple(attrs["shape"]) + lam, out)]


@register_op(
    "RandomPoissonV2",
    arity=1,
    infer=_poisson_infer,
    attrs={**_SEEDS, "shape": ("shape", REQUIRED), "dtype": ("dtype", _dt.float32)},
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _random_poisson(op):
    shape, dtype = tuple(op.attrs["shape"]), op.outputs[0].dtype

    np_dtype = np.dtype(dtype.as_numpy_dtype)

    def kernel(state, lam):
        lam = np.asarray(lam)
        _check_rates(lam, "random_poisson")
        samples = int(np.prod(shape, dtype=np.int64))
        seed, seed2, start = state.philox(op, philox.reserved(samples * lam.size))
        values = _poisson_draws(seed, seed2, start, lam, samples, np_dtype)
        # Rate-major in TF's numbering, sample-major in the output.
        return values.T.reshape(shape + lam.shape).astype(np_dtype)

    return kernel


def _check_rates(lam: np.ndarray, what: str) -> None:
    # TF's sampler never ends on a NaN rate: refused.
    if np.isnan(lam).any():
        raise error("COMPUTE_ERROR", f"{what} needs rates (lam) that are not NaN")


def _poisson_draws(key, counter, start: int, lam: np.ndarray, samples: int, np_dtype) -> Any:
    """TF's Poisson sampler's draws of `samples` for each rate, rate-major: a negative
    rate, -inf too, draws 0 (Knuth's first uniform is below exp(-lam) > 1), as a zero rate
    does; +inf is TF's numeric_limits<dtype>::infinity() without a draw (an integer type's
    is 0). Each rate has its own stretch of the stream, so the others are unchanged."""
    values = philox.poisson(key, counter, start, np.where(lam > 0, lam, 0), samples)
    values = values.reshape(lam.size, samples)
    values[np.isposinf(lam).reshape(-1)] = np.inf if np_dtype.kind == "f" else 0
    return values


def random_poisson(
    lam: Any,
    shape: Any,
    dtype: Any = _dt.float32,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """Poisson samples of rates `lam`: shape `shape + lam.shape` (TF1's argument order)."""
    graph = lam.op.graph if isinstance(lam, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "random_poisson"):
        # A literal lam takes a float output dtype, else its own (TF passes it as is: an
        # int32 draw from [3.0] has float32 rates).
        own = isinstance(lam, Tensor) or not _dt.as_dtype(dtype).is_floating
        rates = convert_to_tensor(lam, None if own else dtype, "lam", graph)
        attrs = {**_seeds(graph, seed), "shape": _static_shape(shape)}
        attrs["dtype"] = _dt.as_dtype(dtype)
        return graph.create_op("RandomPoissonV2", (rates,), attrs, "RandomPoissonV2").outputs[0]


def _uniform_int_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "minval")
    if types[1] != types[0]:
        raise InferenceError("DTYPE_MISMATCH", "minval and maxval must have one dtype")
    if len(shapes) == 3:
        return [(hinted_shape(shapes[2], types[2], attrs, "random_uniform's shape"), types[0])]
    if attrs.get("shape") is None:
        raise InferenceError("INVALID_ATTR", "random_uniform needs a static shape or a shape input")
    return [(tuple(attrs["shape"]), types[0])]


@register_op(
    "RandomUniformInt",
    arity=(2, 3),
    infer=_uniform_int_infer,
    attrs={**_SEEDS, "shape": ("shape", None), "static_shape": ("shape", None)},
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _random_uniform_int(op):
    """Integers in [lo, hi) of a static shape, or of a shape read at run time (a third
    input, bounded by the limits before drawing)."""
    np_dtype = np.dtype(op.outputs[0].dtype.as_numpy_dtype)

    def kernel(state, lo, hi, sizes=None):
        if not lo < hi:
            raise error("COMPUTE_ERROR", f"Need minval < maxval: {lo} >= {hi}")
        if sizes is None:
            shape = tuple(op.attrs["shape"])
        else:
            shape = run_time_shape(op, sizes, "random_uniform's shape")
            check_run_time_size(state, op, shape)
        n = int(np.prod(shape, dtype=np.int64))
        seed, seed2, start = state.philox(op, philox.reserved(n))
        return philox.uniform_int(seed, seed2, start, n, int(lo), int(hi), np_dtype).reshape(shape)

    return kernel


not_differentiable(
    "RandomShuffle",
    "Multinomial",
    "RandomUniformInt",
)
# TF registers no gradient for the Poisson sampler: differentiating its samples by the
# rates is LookupError there, not None.
without_gradient("RandomPoissonV2")


def random_uniform_int(shape, minval, maxval, dtype, seed, name) -> Tensor:
    """Integers in [minval, maxval) (`random_uniform` with an integer dtype)."""
    if maxval is None:
        raise error("INVALID_ATTR", f"Must specify maxval for integer dtype {dtype.name}")
    graph = get_default_graph()
    with graph.name_scope(name, "random_uniform") as scope:
        lo = minval if isinstance(minval, Tensor) else constant_op(graph, minval, dtype, "min")
        hi = maxval if isinstance(maxval, Tensor) else constant_op(graph, maxval, dtype, "max")
        attrs = _seeds(graph, seed)
        if static_ints(shape) is not None:
            attrs["shape"] = _static_shape(shape)
            return graph.create_op("RandomUniformInt", (lo, hi), attrs, scope).outputs[0]
        shape = shape_tensor(shape, "shape")
        attrs["static_shape"] = static_hint(shape)
        return graph.create_op("RandomUniformInt", (lo, hi, shape), attrs, scope).outputs[0]


# -- random_gamma --------------------------------------------------------------------------


def _gamma_infer(shapes, types, attrs):
    check_dtype(types[0], "float", "alpha")
    alpha = shapes[0]
    lead = attrs.get("shape")
    lead = attrs.get("static_shape") if lead is None else lead
    return [(None if alpha is None or lead is None else tuple(lead) + alpha, types[0])]


@register_op(
    "RandomGamma",
    arity=(1, 2),
    infer=_gamma_infer,
    attrs={**_SEEDS, "shape": ("shape", None), "static_shape": ("shape", None)},
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _random_gamma(op):
    """Gamma draws of a static shape, or of a shape read at run time (a second input:
    mixmatch samples its Beta mix per example of a fed batch)."""
    dtype = op.outputs[0].dtype
    np_dtype = np.dtype(dtype.as_numpy_dtype)

    def kernel(state, alpha, sizes=None):
        alpha = np.asarray(alpha)
        if sizes is None:
            shape = tuple(op.attrs["shape"])
        else:
            shape = _gamma_shape(op, sizes, alpha.shape)
            check_run_time_size(state, op, shape + alpha.shape)
        if np.any(alpha <= 0):
            raise error("COMPUTE_ERROR", "random_gamma needs alpha > 0")
        samples = int(np.prod(shape, dtype=np.int64))
        seed, seed2, start = state.philox(op, philox.reserved(samples * alpha.size))
        values = philox.gamma(seed, seed2, start, alpha.astype(np.float64), samples)
        # Samples are alpha-major in TF's numbering, sample-major in the output; float16
        # rounds through float32 as Eigen's half conversion does.
        values = values.reshape(alpha.size, samples).T.reshape(shape + alpha.shape)
        if np_dtype == np.float16:
            values = values.astype(np.float32)
        return values.astype(np_dtype)

    return kernel


def _gamma_shape(op, sizes, alpha_shape) -> tuple:
    """The leading shape read at run time, checked as `run_time_shape` checks one: its
    draws (shape + alpha's) must fit the static shape the graph promised."""
    shape = tuple(int(v) for v in np.asarray(sizes).reshape(-1))
    full, static = shape + tuple(alpha_shape), op.outputs[0].static_shape
    same_rank = static is None or len(static) == len(full)
    fits = min(shape, default=0) >= 0 and same_rank
    if fits and static is not None:
        fits = all(s in (None, v) for s, v in zip(static, full, strict=True))
    if not fits:
        raise error(
            "SHAPE_MISMATCH",
            f"random_gamma's shape {list(shape)} given at run time does not fit "
            f"{'an unknown shape' if static is None else list(static)}",
            node=op.name,
        )
    return shape


@register_gradient("RandomGamma")
def _random_gamma_grad(op, g):
    return [_gamma_alpha_grad(op, g, op.inputs[0], _gamma_lead_rank(op)), None][: len(op.inputs)]


def _gamma_alpha_grad(op, g: Tensor, alpha: Tensor, lead: int | None) -> Tensor:
    """TF's implicit reparameterization: each sample x of shape alpha moves with alpha as
    dx/dalpha = -(dP(alpha, x)/dalpha) / (dP(alpha, x)/dx), P the gamma CDF (TF's
    RandomGammaGrad), summed over the `lead` sample dimensions in front of alpha's."""
    from .array_ops import reshape
    from .math_ops import multiply, negative
    from .reduce_ops import reduce_sum
    from .special_extra_ops import igamma_dx, igamma_grad_a

    sample, alpha_shape = op.outputs[0], alpha.static_shape
    if alpha.dtype not in (_dt.float32, _dt.float64):  # RandomGammaGrad's kernel types
        raise error(
            "UNSUPPORTED_DTYPE",
            f"a gamma sample's gradient takes float32 or float64 alpha, not "
            f"{alpha.dtype.name} ({op.name})",
            node=op.name,
        )
    if lead is None or alpha_shape is None or None in alpha_shape:
        raise error(
            "NO_GRADIENT",
            f"a gamma sample's gradient needs static shapes of alpha and the samples ({op.name})",
            node=op.name,
        )
    a = reshape(alpha, [1] * lead + list(alpha_shape))
    partial = negative(igamma_grad_a(a, sample) / igamma_dx(a, sample))
    return reduce_sum(multiply(g, partial), list(range(lead)))


def _gamma_lead_rank(op) -> int | None:
    """How many sample dimensions RandomGamma puts in front of alpha's."""
    if op.attrs.get("shape") is not None:
        return len(op.attrs["shape"])
    sizes = op.inputs[1].static_shape
    return None if sizes is None or sizes[0] is None else sizes[0]


def random_gamma(
    shape: Any,
    alpha: Any,
    beta: Any = None,
    dtype: Any = _dt.float32,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """Gamma samples of shape `shape + broadcast(alpha, beta).shape`, rate `beta`
    (default 1), floored at the dtype's smallest normal number as TF's."""
    from .array_ops import zeros_like
    from .math_ops import divide, maximum

    graph = get_default_graph()
    for v in (alpha, beta):
        if isinstance(v, Tensor):
            graph = v.op.graph
    dtype = _dt.as_dtype(dtype)
    with graph.as_default(), graph.name_scope(name, "random_gamma"):
        # TF converts both to `dtype`: a tensor of another dtype is its ValueError.
        a = convert_to_tensor(alpha, dtype, "alpha", graph)
        b = convert_to_tensor(1 if beta is None else beta, dtype, "beta", graph)
        attrs = _seeds(graph, seed)
        inputs = [a + zeros_like(b)]
        if static_ints(shape) is not None:
            attrs["shape"] = _static_shape(shape)
        else:
            sizes = shape_tensor(shape, "shape")
            attrs["static_shape"] = static_hint(sizes)
            inputs.append(sizes)
        sample = graph.create_op("RandomGamma", inputs, attrs, "RandomGamma")
        tiny = constant_op(graph, np.finfo(dtype).tiny, dtype)
        return maximum(tiny, divide(sample.outputs[0], b))


# -- stateless random ops (`tf.random.stateless_*`) -----------------------------------------
# TF draws them from a key and counter made of the seed tensor (`philox.stateless_seeds`):
# the same seed gives the same values in every run, session and graph.


def _seed_check(shape, dtype) -> None:
    if dtype not in (_dt.int32, _dt.int64):
        raise InferenceError("DTYPE_MISMATCH", f"seed must be int32 or int64, got {dtype.name}")
    # TF's rule: a vector of 2, or of a length known at run time only (a batch of seeds).
    if shape is not None and (len(shape) != 1 or shape[0] not in (2, None)):
        raise InferenceError("SHAPE_MISMATCH", f"seed must have shape [2], got {list(shape)}")


def _stateless_infer(shapes, types, attrs):
    _seed_check(shapes[0], types[0])
    out = attrs["dtype"]
    if len(shapes) == 3:
        check_dtype(out, "int", "an integer stateless uniform's dtype")
        if types[1] != out or types[2] != out:
            raise InferenceError("DTYPE_MISMATCH", "minval and maxval must have the dtype")
        for bound, what in zip(shapes[1:], ("minval", "maxval"), strict=True):
            if bound is not None and len(bound) != 0:
                raise InferenceError("SHAPE_MISMATCH", f"{what} must be a scalar")
    else:
        check_dtype(out, "float", "a stateless random tensor")
    return [(tuple(attrs["shape"]), out)]


def _stateless_kernel(draw):
    def factory(op):
        shape = tuple(op.attrs["shape"])
        n = int(np.prod(shape, dtype=np.int64))
        np_dtype = np.dtype(op.attrs["dtype"].as_numpy_dtype)

        def kernel(seed, *bounds):
            key, counter = philox.stateless_seeds(seed)
            return draw(key, counter, n, np_dtype, *bounds).reshape(shape)

        return kernel

    return factory


def _draw_uniform_int(key, counter, n, dtype, lo, hi):
    if not lo < hi:
        raise error("COMPUTE_ERROR", f"Need minval < maxval, got {lo} >= {hi}")
    return philox.uniform_int(key, counter, 0, n, int(lo), int(hi), dtype)


def _full_int_infer(shapes, types, attrs):
    _seed_check(shapes[0], types[0])
    if attrs["dtype"] not in (_dt.int32, _dt.int64, _dt.uint32, _dt.uint64):
        raise InferenceError(
            "DTYPE_MISMATCH", "StatelessRandomUniformFullInt's dtype is (u)int32 or (u)int64"
        )
    return [(tuple(attrs["shape"]), attrs["dtype"])]


register_op(
    "StatelessRandomUniformFullInt",
    arity=1,
    infer=_full_int_infer,
    attrs={"shape": ("shape", REQUIRED), "dtype": ("dtype", _dt.uint64)},
)(_stateless_kernel(lambda k, c, n, dtype: philox.full_int(k, c, 0, n, dtype)))
not_differentiable("StatelessRandomUniformFullInt")

_STATELESS_ATTRS = {"shape": ("shape", REQUIRED), "dtype": ("dtype", _dt.float32)}
for _type, _draw in (
    ("StatelessRandomNormal", lambda k, c, n, dtype: philox.normal(k, c, 0, n, dtype)),
    ("StatelessRandomUniform", lambda k, c, n, dtype: philox.uniform(k, c, 0, n, dtype)),
    ("StatelessTruncatedNormal", lambda k, c, n, dtype: philox.truncated_normal(k, c, 0, n, dtype)),
    ("StatelessRandomUniformInt", _draw_uniform_int),
):
    register_op(
        _type, arity=(1, 3), infer=_stateless_infer, attrs=_STATELESS_ATTRS
    )(_stateless_kernel(_draw))  # fmt: skip


def _stateless_multinomial_infer(shapes, types, attrs):
    _seed_check(shapes[1], types[1])
    return _multinomial_infer([shapes[0], ()], [types[0], _dt.int32], attrs)


@register_op(
    "StatelessMultinomial",
    arity=2,
    infer=_stateless_multinomial_infer,
    attrs={"output_dtype": ("dtype", _dt.int64), "num": ("int", REQUIRED)},
)
def _stateless_multinomial(op):
    dtype, num = op.outputs[0].dtype, op.attrs["num"]

    def kernel(logits, seed):
        logits, n = _multinomial_args(logits, num, num)
        return _multinomial_draw(logits, n, (*philox.stateless_seeds(seed), 0), dtype)

    return kernel


not_differentiable(
    "StatelessRandomNormal",
    "StatelessRandomUniform",
    "StatelessTruncatedNormal",
    "StatelessRandomUniformInt",
    "StatelessMultinomial",
)


_ALGORITHMS = {"philox": 1, "threefry": 2, "auto_select": 3}


def philox_algorithm(alg: Any) -> int:
    """TF's number for a random algorithm (`"philox"`, `"auto_select"`, 1, 3, an
    `Algorithm`; None is Philox): Philox's, which auto-select is on TF's CPU kernels.
    ThreeFry is refused: TF 2.21's CPU kernels fail on its key and counter when run, and
    graphgate has Philox's streams only, which would be another algorithm's numbers."""
    number = getattr(alg, "value", alg)
    if alg is None:
        number = 1
    elif isinstance(number, str):
        if number.lower() not in _ALGORITHMS:
            raise ValueError(f"Unknown algorithm name: {alg}")
        number = _ALGORITHMS[number.lower()]
    elif isinstance(number, bool) or number not in (1, 2, 3):
        raise ValueError(f"Unknown algorithm: {alg!r}")
    if number == 2:
        raise error(
            "INVALID_ATTR", "random algorithm ThreeFry: graphgate draws Philox's numbers only"
        )
    return 1


def _stateless_seed(graph, seed) -> Tensor:
    if not isinstance(seed, Tensor | np.ndarray):
        # TF converts a Python seed as it is: floats (even integral ones) are float32,
        # which the stateless ops' int32/int64 seed refuses (TypeError when built). (A
        # float numpy array of integral values it takes: TF 2.21 draws as for the ints.)
        kind = np.asarray(seed).dtype.kind
        if kind in "fcb":
            name = {"f": "float32", "c": "complex128", "b": "bool"}[kind]
            raise error(
                "DTYPE_MISMATCH",
                f"Value passed to parameter 'seed' has DataType {name} not in list of "
                "allowed values: int32, int64",
            )
    return convert_to_tensor(seed, None if isinstance(seed, Tensor) else _dt.int64, "seed", graph)


def _stateless_shape(shape) -> tuple:
    static = static_ints(shape)
    if static is None:
        raise error(
            "UNIMPLEMENTED", "stateless random ops take a shape graphgate can read while building"
        )
    return _static_shape(static)


def _stateless_scaled(type_, default, shape, seed, mean, stddev, dtype, name) -> Tensor:
    """TF's composition: the draw times stddev plus mean, always, the last node named as
    the scope."""
    graph = get_default_graph()
    dtype = _dt.as_dtype(dtype)
    with graph.name_scope(name, default) as scope:
        attrs = {"shape": _stateless_shape(shape), "dtype": dtype}
        mean_t = convert_to_tensor(mean, dtype, "mean", graph)
        stddev_t = convert_to_tensor(stddev, dtype, "stddev", graph)
        draw = graph.create_op(type_, (_stateless_seed(graph, seed),), attrs, type_).outputs[0]
        from .math_ops import add, multiply

        return add(multiply(draw, stddev_t), mean_t, name=scope)


def stateless_random_normal(
    shape: Any, seed: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = _dt.float32,
    name: str | None = None, alg: str = "auto_select",
) -> Tensor:  # fmt: skip
    """Normal samples determined by `seed` (a [2] int tensor) alone
    (`tf.random.stateless_normal`): TF's numbers for the same seed, every run."""
    philox_algorithm(alg)
    return _stateless_scaled(
        "StatelessRandomNormal", "stateless_random_normal", shape, seed, mean, stddev, dtype, name
    )


def stateless_truncated_normal(
    shape: Any, seed: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = _dt.float32,
    name: str | None = None, alg: str = "auto_select",
) -> Tensor:  # fmt: skip
    """Truncated normal samples determined by `seed` (`tf.random.stateless_truncated_normal`)."""
    philox_algorithm(alg)
    return _stateless_scaled(
        "StatelessTruncatedNormal", "stateless_truncated_normal", shape, seed, mean, stddev,
        dtype, name,
    )  # fmt: skip


def stateless_random_uniform(
    shape: Any, seed: Any, minval: Any = 0, maxval: Any = None, dtype: Any = _dt.float32,
    name: str | None = None, alg: str = "auto_select",
) -> Tensor:  # fmt: skip
    """Uniform samples in [minval, maxval) determined by `seed`
    (`tf.random.stateless_uniform`); an integer dtype takes both bounds, or neither for
    the whole range of the dtype (TF's StatelessRandomUniformFullInt, the only draw of
    uint32 and uint64)."""
    philox_algorithm(alg)
    graph = get_default_graph()
    dtype = _dt.as_dtype(dtype)
    integer = dtype in _dt.INTS or dtype in (_dt.uint32, _dt.uint64)
    if integer and (minval is None) != (maxval is None):
        raise error(
            "INVALID_ATTR",
            f"For integer dtype {dtype.name}, minval and maxval must be both None or not None",
        )
    if integer and minval is not None and dtype in (_dt.uint32, _dt.uint64):
        raise error("INVALID_ATTR", f"{dtype.name} draws the whole range only (no minval/maxval)")
    with graph.name_scope(name, "stateless_random_uniform") as scope:
        attrs = {"shape": _stateless_shape(shape), "dtype": dtype}
        if integer and minval is None:
            seed_t = _stateless_seed(graph, seed)
            op = graph.create_op("StatelessRandomUniformFullInt", (seed_t,), attrs, scope)
            return op.outputs[0]
        lo = convert_to_tensor(minval, dtype, "min", graph)
        hi = convert_to_tensor(1 if maxval is None else maxval, dtype, "max", graph)
        seed_t = _stateless_seed(graph, seed)
        if integer:
            op = graph.create_op("StatelessRandomUniformInt", (seed_t, lo, hi), attrs, scope)
            return op.outputs[0]
        draw = graph.create_op("StatelessRandomUniform", (seed_t,), attrs, "StatelessRandomUniform")
        from .math_ops import add, multiply, subtract

        return add(multiply(draw.outputs[0], subtract(hi, lo)), lo, name=scope)


# -- stateless gamma and Poisson: the stateful kernels' draws from the seed's key ------------
# TF's kernels number the draws as RandomGamma's and RandomPoissonV2's, starting at counter 0
# of the key and counter the seed makes; the shape given is the whole output's, ending in
# alpha's (or lam's), and is checked only when run, as TF's.

_POISSON_TYPES = (_dt.float16, _dt.float32, _dt.float64, _dt.int32, _dt.int64)


def _gamma_v2_infer(shapes, types, attrs):
    _seed_check(shapes[0], types[0])
    check_dtype(types[1], "float", "alpha")
    return [(tuple(attrs["shape"]), types[1])]


def _poisson_infer_stateless(shapes, types, attrs):
    _seed_check(shapes[0], types[0])
    for dtype, what in ((types[1], "lam"), (attrs["dtype"], "dtype")):
        if dtype not in _POISSON_TYPES:
            raise InferenceError(
                "DTYPE_MISMATCH",
                f"Value passed to parameter '{what}' has DataType {dtype.name} not in list of "
                "allowed values: float16, float32, float64, int32, int64",
            )
    return [(tuple(attrs["shape"]), attrs["dtype"])]


def _per_parameter(op, shape: tuple, param: np.ndarray) -> int:
    """How many draws each alpha (or lam) gets: the shape must end with its shape."""
    if shape[len(shape) - param.ndim :] != param.shape or param.ndim > len(shape):
        raise error(
            "COMPUTE_ERROR", "Shape passed in must end with broadcasted shape.", node=op.name
        )
    return int(np.prod(shape[: len(shape) - param.ndim], dtype=np.int64))


@register_op(
    "StatelessRandomGammaV2",
    arity=2,
    infer=_gamma_v2_infer,
    attrs={"shape": ("shape", REQUIRED)},
)
def _stateless_gamma(op):
    shape = tuple(op.attrs["shape"])
    np_dtype = np.dtype(op.outputs[0].dtype.as_numpy_dtype)

    def kernel(seed, alpha):
        alpha = np.asarray(alpha, np.float64)
        samples = _per_parameter(op, shape, alpha)
        key, counter = philox.stateless_seeds(seed)
        flat = np.repeat(alpha.reshape(-1), samples)
        # TF's loop: alpha 0 is boosted by u ** inf, 0; a negative or NaN alpha makes
        # every draw NaN (its rejection test then accepts NaN).
        # (Those are drawn as alpha 1, one block each, and replaced: each output's draws
        # are at its own counters, whatever the others'.)
        positive = alpha.reshape(-1) > 0
        values = philox.gamma(key, counter, 0, np.where(positive, alpha.reshape(-1), 1.0), samples)
        keep = np.repeat(positive, samples)
        values[~keep] = np.where(flat[~keep] == 0, 0.0, np.nan)
        values = values.reshape(alpha.size, samples).T.reshape(shape)
        if np_dtype == np.float16:
            values = values.astype(np.float32)
        return values.astype(np_dtype)

    return kernel


@register_gradient("StatelessRandomGammaV2")
def _stateless_gamma_grad(op, g):
    alpha = op.inputs[1]
    rank = None if alpha.static_shape is None else len(alpha.static_shape)
    lead = None if rank is None else len(op.attrs["shape"]) - rank
    return [None, _gamma_alpha_grad(op, g, alpha, lead)]


@register_op(
    "StatelessRandomPoisson",
    arity=2,
    infer=_poisson_infer_stateless,
    attrs={"shape": ("shape", REQUIRED), "dtype": ("dtype", REQUIRED)},
)
def _stateless_poisson(op):
    shape = tuple(op.attrs["shape"])
    np_dtype = np.dtype(op.outputs[0].dtype.as_numpy_dtype)

    def kernel(seed, lam):
        lam = np.asarray(lam, np.float64)
        samples = _per_parameter(op, shape, lam)
        _check_rates(lam, "stateless_poisson")
        key, counter = philox.stateless_seeds(seed)
        values = _poisson_draws(key, counter, 0, lam, samples, np_dtype)
        return values.T.reshape(shape).astype(np_dtype)

    return kernel


not_differentiable("StatelessRandomPoisson")


# -- stateless binomial: TF's inversion and BTRS from the seed's key -------------------------

_BINOMIAL_OUT = (_dt.float16, _dt.float32, _dt.float64, _dt.int32, _dt.int64)


def _binomial_infer(shapes, types, attrs):
    _seed_check(shapes[0], types[0])
    if types[1] != types[2] or types[1] not in (_dt.float16, _dt.float32, _dt.float64):
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"counts and probs must have one dtype of float16, float32 or float64, not "
            f"{types[1].name} and {types[2].name}",
        )
    if attrs["dtype"] not in _BINOMIAL_OUT:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"a binomial draw's dtype is float16, float32, float64, int32 or int64, not "
            f"{attrs['dtype'].name}",
        )
    return [(tuple(attrs["shape"]), attrs["dtype"])]


def _binomial_values(op, shape: tuple, key, counts, probs, np_dtype) -> np.ndarray:
    """TF's draws of `shape` (ending in counts' and probs' broadcast shape) from Philox
    `key` (seed, seed2, start): the stateless and the generator's kernels share them."""
    try:
        counts, probs = np.broadcast_arrays(np.asarray(counts), np.asarray(probs))
    except ValueError:
        raise error(
            "COMPUTE_ERROR",
            f"counts and probs must have compatible batch dimensions: "
            f"{list(np.shape(counts))} vs. {list(np.shape(probs))}",
            node=op.name,
        ) from None
    samples = _per_parameter(op, shape, counts)
    values = philox.binomial(key, counts.reshape(-1), probs.reshape(-1), samples)
    if np.issubdtype(np_dtype, np.integer) and np.isnan(values).any():
        # TF's kernel casts NaN to the integer type: undefined, and run to run it differs
        raise error(
            "COMPUTE_ERROR",
            "a NaN probability has no integer binomial draw (TF's kernel writes an "
            "undefined value); draw a float dtype for NaN",
            node=op.name,
        )
    return values.reshape(shape).astype(np_dtype)


@register_op(
    "StatelessRandomBinomial",
    arity=3,
    infer=_binomial_infer,
    attrs={"shape": ("shape", REQUIRED), "dtype": ("dtype", _dt.int64)},
)
def _stateless_binomial(op):
    shape = tuple(op.attrs["shape"])
    np_dtype = np.dtype(op.outputs[0].dtype.as_numpy_dtype)

    def kernel(seed, counts, probs):
        key, counter = philox.stateless_seeds(seed)
        return _binomial_values(op, shape, (key, counter, 0), counts, probs, np_dtype)

    return kernel


not_differentiable("StatelessRandomBinomial")


def _binomial_parameters(graph, counts: Any, probs: Any) -> tuple[Tensor, Tensor]:
    """probs (float32 unless a tensor says otherwise) and counts in probs' dtype, as TF's
    wrappers convert them (a counts tensor of another dtype is TF's TypeError)."""
    probs_t = convert_to_tensor(probs, None if isinstance(probs, Tensor) else _dt.float32,
                                "probs", graph)  # fmt: skip
    counts_t = convert_to_tensor(
        counts, None if isinstance(counts, Tensor) else probs_t.dtype, "counts", graph
    )
    if counts_t.dtype != probs_t.dtype:
        raise TypeError(
            f"Input 'probs' of 'StatelessRandomBinomial' Op has type {probs_t.dtype.name} that "
            f"does not match type {counts_t.dtype.name} of argument 'counts'."
        )
    return counts_t, probs_t


def stateless_random_binomial(
    shape: Any, seed: Any, counts: Any, probs: Any, output_dtype: Any = _dt.int32,
    name: str | None = None,
) -> Tensor:  # fmt: skip
    """Binomial samples of the whole shape `shape` (ending in broadcast(counts, probs)'s),
    determined by `seed` (`tf.random.stateless_binomial`): TF's numbers."""
    graph = get_default_graph()
    with graph.name_scope(name, "stateless_random_binomial"):
        attrs = {"shape": _stateless_shape(shape), "dtype": _dt.as_dtype(output_dtype)}
        seed_t = _stateless_seed(graph, seed)
        counts_t, probs_t = _binomial_parameters(graph, counts, probs)
        op = graph.create_op("StatelessRandomBinomial", (seed_t, counts_t, probs_t), attrs,
                             "StatelessRandomBinomial")  # fmt: skip
        return op.outputs[0]


def stateless_random_gamma(
    shape: Any, seed: Any, alpha: Any, beta: Any = None, dtype: Any = _dt.float32,
    name: str | None = None,
) -> Tensor:  # fmt: skip
    """Gamma samples of the whole shape `shape` (ending in broadcast(alpha, beta)'s), rate
    `beta`, determined by `seed` (`tf.random.stateless_gamma`): TF's numbers."""
    from .array_ops import zeros_like
    from .math_ops import divide, maximum

    graph = get_default_graph()
    dtype = _dt.as_dtype(dtype)
    with graph.name_scope(name, "stateless_random_gamma"):
        attrs = {"shape": _stateless_shape(shape)}
        a = convert_to_tensor(alpha, dtype, "alpha", graph)
        b = convert_to_tensor(1 if beta is None else beta, dtype, "beta", graph)
        inputs = (_stateless_seed(graph, seed), a + zeros_like(b))
        draw = graph.create_op("StatelessRandomGammaV2", inputs, attrs, "StatelessRandomGammaV2")
        tiny = constant_op(graph, np.finfo(dtype.as_numpy_dtype).tiny, dtype)
        return maximum(tiny, divide(draw.outputs[0], b))


def stateless_random_poisson(
    shape: Any, seed: Any, lam: Any, dtype: Any = _dt.int32, name: str | None = None
) -> Tensor:
    """Poisson samples of the whole shape `shape` (ending in lam's), determined by `seed`
    (`tf.random.stateless_poisson`): TF's numbers."""
    graph = get_default_graph()
    with graph.name_scope(name, "stateless_random_poisson"):
        attrs = {"shape": _stateless_shape(shape), "dtype": _dt.as_dtype(dtype)}
        inputs = (_stateless_seed(graph, seed), convert_to_tensor(lam, None, "lam", graph))
        op = graph.create_op("StatelessRandomPoisson", inputs, attrs, "StatelessRandomPoisson")
        return op.outputs[0]


def split(seed: Any, num: int = 2, alg: str = "auto_select") -> Tensor:
    """`num` new [2] seeds from `seed` (`tf.random.split`): TF's full-range draws of the
    seed's dtype, shape [num, 2]."""
    graph = get_default_graph()
    # TF converts the seed as it is (a list of ints is int32, drawing int32 seeds).
    seed_t = convert_to_tensor(seed, None, "seed", graph)
    return stateless_random_uniform([num, 2], seed_t, None, None, seed_t.dtype, alg=alg)


def fold_in(seed: Any, data: Any, alg: str = "auto_select") -> Tensor:
    """A new [2] seed of `seed` and `data` (`tf.random.fold_in`): TF's one full-range draw
    of data's dtype stacked with data."""
    from .array_ops import stack

    graph = get_default_graph()
    data_t = convert_to_tensor(data, None, "data", graph)
    drawn = stateless_random_uniform([], seed, None, None, data_t.dtype, alg=alg)
    return stack([drawn, data_t])


def _stateless_categorical(logits, num_samples, seed, dtype, name, default) -> Tensor:
    graph = logits.op.graph if isinstance(logits, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, default):
        x = convert_to_tensor(logits, None, "logits", graph)
        attrs = {"output_dtype": _dt.as_dtype(dtype), "num": operator.index(num_samples)}
        inputs = (x, _stateless_seed(graph, seed))
        return graph.create_op(
            "StatelessMultinomial", inputs, attrs, "StatelessMultinomial"
        ).outputs[0]


def stateless_categorical(
    logits: Any, num_samples: int, seed: Any, dtype: Any = _dt.int64, name: str | None = None
) -> Tensor:
    """Class indices drawn from `logits` rows, determined by `seed`
    (`tf.random.stateless_categorical`)."""
    return _stateless_categorical(logits, num_samples, seed, dtype, name, "stateless_categorical")


def stateless_multinomial(
    logits: Any, num_samples: int, seed: Any, output_dtype: Any = _dt.int64, name: str | None = None
) -> Tensor:
    """TF1's name for `stateless_categorical` (`tf.random.stateless_multinomial`)."""
    return _stateless_categorical(
        logits, num_samples, seed, output_dtype, name, "stateless_multinomial"
    )
