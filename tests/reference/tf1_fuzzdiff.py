"""Differential fuzzing of the engine's numbers against TensorFlow (dev-only): small TF1
graphs drawn with fixed seeds over the public op surface (elementwise ops with
broadcasting, casts between every dtype pair, reductions, cumulative ops, segment ops,
gather/scatter, argmax, sort and top_k, and gradients at edge points), every dtype each
op might take and edge values (signed zeros, infinities, NaN, integer limits, shifts past
the width, negative divisors and exponents), run under `tf.compat.v1` in graph mode:

    /work/tfvenv/bin/python tests/reference/tf1_fuzzdiff.py \
        > tests/unit/engine/fixtures/tf1_fuzzdiff.json

The fixture holds each program (op, attributes, inputs as bit patterns, fed or constant)
and what TF gave: each output's dtype, shape and bit pattern, or the stage ("build" or
"run") and class of what it raised. tests/unit/engine/test_tf1_fuzzdiff.py builds the same
programs with `tf` bound to graphgate (`build` below) and compares.

Subnormals are drawn in a family of their own: TF's CPU threads flush them to zero, and so
do graphgate's runs (the CPU's own modes, decision log).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzseed

INTS = ("int8", "int16", "int32", "int64")
UINTS = ("uint8", "uint16", "uint32", "uint64")
FLOATS = ("float16", "float32", "float64")
COMPLEX = ("complex64", "complex128")
ALL = (*INTS, *UINTS, *FLOATS, *COMPLEX, "bool")
REAL = (*INTS, *UINTS, *FLOATS)

# -- the ops -------------------------------------------------------------------------------
# name: (arity, builder(tf, xs, attrs) -> tensor or list of tensors). Builders use TF1's
# public names only, so that graphgate answers to the same text.


def _attr(tf, path):
    """`tf.math.xlogy` for "math.xlogy"."""
    fn = tf
    for part in path.split("."):
        fn = getattr(fn, part)
    return fn


def _unary(path):
    def build(tf, xs, attrs):
        return _attr(tf, path)(xs[0])

    return 1, build


def _binary(path):
    def build(tf, xs, attrs):
        return _attr(tf, path)(xs[0], xs[1])

    return 2, build


UNARY = {
    name: _unary(path)
    for name, path in {
        "abs": "abs",
        "negative": "negative",
        "sign": "sign",
        "square": "square",
        "sqrt": "sqrt",
        "rsqrt": "rsqrt",
        "exp": "exp",
        "expm1": "expm1",
        "log": "log",
        "log1p": "log1p",
        "floor": "floor",
        "ceil": "ceil",
        "round": "round",
        "rint": "rint",
        "reciprocal": "reciprocal",
        "sin": "sin",
        "cos": "cos",
        "tan": "tan",
        "asin": "asin",
        "acos": "acos",
        "atan": "atan",
        "sinh": "sinh",
        "cosh": "cosh",
        "tanh": "tanh",
        "asinh": "asinh",
        "acosh": "acosh",
        "atanh": "atanh",
        "sigmoid": "sigmoid",
        "erf": "erf",
        "erfc": "erfc",
        "is_nan": "is_nan",
        "is_inf": "is_inf",
        "is_finite": "is_finite",
        "logical_not": "logical_not",
        "invert": "bitwise.invert",
        "relu": "nn.relu",
        "relu6": "nn.relu6",
        "elu": "nn.elu",
        "selu": "nn.selu",
        "softplus": "nn.softplus",
        "softsign": "nn.softsign",
        "leaky_relu": "nn.leaky_relu",
        "conj": "conj",
        "real": "real",
        "imag": "imag",
        "angle": "angle",
        "reciprocal_no_nan": "math.reciprocal_no_nan",
        "zeros_like": "zeros_like",
        "ones_like": "ones_like",
    }.items()
}

BINARY = {
    name: _binary(path)
    for name, path in {
        "add": "add",
        "subtract": "subtract",
        "multiply": "multiply",
        "truediv": "truediv",
        "div": "div",
        "realdiv": "realdiv",
        "floordiv": "floordiv",
        "floormod": "floormod",
        "truncatediv": "truncatediv",
        "truncatemod": "truncatemod",
        "pow": "pow",
        "maximum": "maximum",
        "minimum": "minimum",
        "squared_difference": "squared_difference",
        "atan2": "atan2",
        "equal": "equal",
        "not_equal": "not_equal",
        "less": "less",
        "less_equal": "less_equal",
        "greater": "greater",
        "greater_equal": "greater_equal",
        "logical_and": "logical_and",
        "logical_or": "logical_or",
        "logical_xor": "math.logical_xor",
        "bitwise_and": "bitwise.bitwise_and",
        "bitwise_or": "bitwise.bitwise_or",
        "bitwise_xor": "bitwise.bitwise_xor",
        "left_shift": "bitwise.left_shift",
        "right_shift": "bitwise.right_shift",
        "xdivy": "math.xdivy",
        "xlogy": "math.xlogy",
        "div_no_nan": "div_no_nan",
        "multiply_no_nan": "math.multiply_no_nan",
    }.items()
}

# Ops whose float results come from approximations (Eigen's polynomials, libm) or from
# sums in an order of the kernel's choosing: compared to a few units in the last place.
# Every other float result is IEEE-exact and compared bit for bit.
APPROX = {
    *("exp", "expm1", "log", "log1p", "sin", "cos", "tan", "asin", "acos", "atan"),
    *("sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sigmoid", "erf", "erfc"),
    *("elu", "selu", "softplus", "softsign", "angle", "pow", "atan2", "xlogy", "xdivy"),
    *("rsqrt", "reduce_sum", "reduce_prod", "reduce_mean", "reduce_logsumexp"),
    *("math.reduce_euclidean_norm", "cumsum", "cumprod", "segment_sum", "segment_prod"),
    *("segment_mean", "unsorted_segment_sum", "unsorted_segment_prod"),
    *("unsorted_segment_mean", "unsorted_segment_sqrt_n"),
    # float32 reciprocal: TF's AVX packets refine RCPPS (1/-1 is -0.99999994 in a full
    # packet, exact in the tail; decision log, 2026-12-06 "Composite gradients fuzzed").
    "reciprocal",
}


def approximate(program: dict) -> bool:
    """Whether `program`'s float outputs are compared to a few units in the last place."""
    if program["op"].startswith("grad") or program["op"] == "nn":
        return True
    if any(spec["dtype"].startswith("complex") for spec in program["inputs"]):
        return True  # products of complex numbers round in the kernel's own order
    return program["attrs"].get("fn", program["op"]) in APPROX


def _cast(tf, xs, attrs):
    return tf.cast(xs[0], getattr(tf, attrs["to"]))


def _saturate_cast(tf, xs, attrs):
    return tf.saturate_cast(xs[0], getattr(tf, attrs["to"]))


def _reduce(tf, xs, attrs):
    fn = _attr(tf, attrs["fn"])
    return fn(xs[0], axis=attrs["axis"], keepdims=attrs["keepdims"])


def _count_nonzero(tf, xs, attrs):
    return tf.count_nonzero(xs[0], axis=attrs["axis"], keepdims=attrs["keepdims"])


def _arg(tf, xs, attrs):
    fn = tf.argmax if attrs["fn"] == "argmax" else tf.argmin
    return fn(xs[0], axis=attrs["axis"], output_type=getattr(tf, attrs["out"]))


def _cumulative(tf, xs, attrs):
    fn = tf.cumsum if attrs["fn"] == "cumsum" else tf.cumprod
    return fn(xs[0], axis=attrs["axis"], exclusive=attrs["exclusive"], reverse=attrs["reverse"])


def _segment(tf, xs, attrs):
    return getattr(tf, attrs["fn"])(xs[0], xs[1])


def _unsorted_segment(tf, xs, attrs):
    return getattr(tf, attrs["fn"])(xs[0], xs[1], attrs["num"])


def _gather(tf, xs, attrs):
    return tf.gather(xs[0], xs[1], axis=attrs["axis"])


def _gather_nd(tf, xs, attrs):
    return tf.gather_nd(xs[0], xs[1])


def _scatter(tf, xs, attrs):
    if attrs["fn"] == "scatter_nd":
        return tf.scatter_nd(xs[1], xs[2], attrs["shape"])
    return getattr(tf, attrs["fn"])(xs[0], xs[1], xs[2])


def _sort(tf, xs, attrs):
    fn = tf.sort if attrs["fn"] == "sort" else tf.argsort
    return fn(xs[0], axis=attrs["axis"], direction=attrs["direction"])


def _top_k(tf, xs, attrs):
    values, indices = tf.nn.top_k(xs[0], k=attrs["k"], sorted=attrs["sorted"])
    return [values, indices]


def _clip(tf, xs, attrs):
    return tf.clip_by_value(xs[0], xs[1], xs[2])


def _grad(tf, xs, attrs):
    ys = _OPS[attrs["fn"]][1](tf, xs, {})
    seed = None
    if attrs.get("seed") is not None:  # a complex y's gradient needs one (TypeError without)
        seed = tf.ones_like(ys) * tf.constant(complex(*attrs["seed"]), ys.dtype)
    return [tf.identity(ys), *tf.gradients(ys, xs, grad_ys=seed)]


def _grad_clip(tf, xs, attrs):
    ys = tf.clip_by_value(xs[0], xs[1], xs[2])
    return [ys, *tf.gradients(ys, xs)]


def _grad_reduce(tf, xs, attrs):
    ys = _attr(tf, attrs["fn"])(xs[0], axis=attrs["axis"])
    return [ys, *tf.gradients(ys, xs)]


def _grad_cumulative(tf, xs, attrs):
    fn = tf.cumsum if attrs["fn"] == "cumsum" else tf.cumprod
    ys = fn(xs[0], axis=0, exclusive=attrs["exclusive"], reverse=attrs["reverse"])
    return [ys, *tf.gradients(ys, xs)]


_OPS = {**UNARY, **BINARY}
OPS = {
    **_OPS,
    "cast": (1, _cast),
    "saturate_cast": (1, _saturate_cast),
    "reduce": (1, _reduce),
    "count_nonzero": (1, _count_nonzero),
    "arg": (1, _arg),
    "cumulative": (1, _cumulative),
    "segment": (2, _segment),
    "unsorted_segment": (2, _unsorted_segment),
    "gather": (2, _gather),
    "gather_nd": (2, _gather_nd),
    "scatter": (3, _scatter),
    "sort": (1, _sort),
    "top_k": (1, _top_k),
    "clip": (3, _clip),
    "grad": (None, _grad),
    "grad_clip": (3, _grad_clip),
    "grad_reduce": (1, _grad_reduce),
    "grad_cumulative": (1, _grad_cumulative),
}


def build(tf, program: dict) -> tuple[list, dict]:
    """The program's graph in the default graph of `tf`: its outputs and the feed dict."""
    xs, feed = [], {}
    for spec in program["inputs"]:
        value = decode(spec)
        if program["feed"]:
            x = tf.placeholder(getattr(tf, spec["dtype"]), list(value.shape))
            feed[x] = value
        else:
            x = tf.constant(value, getattr(tf, spec["dtype"]))
        xs.append(x)
    ys = OPS[program["op"]][1](tf, xs, program["attrs"])
    return (list(ys) if isinstance(ys, list | tuple) else [ys]), feed


# -- bit patterns --------------------------------------------------------------------------


def encode(value) -> dict:
    """An array as {dtype, shape, bits}: floats by their bit pattern (complex: real, imag)."""
    a = np.asarray(value)
    flat = a.ravel()
    if a.dtype.kind == "c":
        flat = flat.view(flat.real.dtype)
    if flat.dtype.kind == "f":
        flat = flat.view(f"u{flat.dtype.itemsize}")
    return {"dtype": a.dtype.name, "shape": list(a.shape), "bits": [int(v) for v in flat]}


def decode(spec: dict) -> np.ndarray:
    """The array `encode` gave `spec` for."""
    dtype = np.dtype(spec["dtype"])
    if dtype.kind in "fc":
        width = dtype.itemsize // (2 if dtype.kind == "c" else 1)
        flat = np.array(spec["bits"], f"u{width}").view(dtype)
    else:
        flat = np.array(spec["bits"], dtype)
    return flat.reshape(spec["shape"])


# -- drawing programs ----------------------------------------------------------------------


def _float_pool(dtype: str) -> list:
    info = np.finfo(dtype)
    return [
        *(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.0, -3.0, 7.0, -7.0),
        *(np.inf, -np.inf, np.nan, float(info.max), -float(info.max), 0.1, 100.0, -100.0),
        *(65504.0, 1e30, -1e30, 89.0, 710.0, 12.0, 2.0**31, -(2.0**31), 2.0**63),
        *(4.5, -4.5, 0.25, 1e-3, float(info.tiny) * 4, 40.0),
    ]


def _int_pool(dtype: str) -> list:
    info = np.iinfo(dtype)
    bits = info.bits
    pool = [0, 1, 2, 3, 7, bits - 1, bits, bits + 1, info.max, info.max - 1, 5]
    if info.min < 0:
        pool += [-1, -2, -3, -7, info.min, info.min + 1, -bits]
    return pool


def draw(rng, dtype: str, shape, pool_share: float = 0.6) -> np.ndarray:
    """An array of `dtype`, each element an edge value with probability `pool_share`."""
    n = int(np.prod(shape, dtype=np.int64))
    if dtype == "bool":
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if dtype.startswith("complex"):
        part = "float32" if dtype == "complex64" else "float64"
        re, im = draw(rng, part, shape, pool_share), draw(rng, part, shape, pool_share)
        return (re + 1j * im).astype(dtype)
    if dtype.startswith("float"):
        pool = np.array(_float_pool(dtype), np.float64)
        with np.errstate(over="ignore"):
            pool = pool.astype(dtype)
        scale = 10.0 ** rng.integers(0, 4, n)
        free = np.round(rng.normal(0, 4, n) * scale) / scale
        picked = pool[rng.integers(0, len(pool), n)]
        special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan], dtype)[rng.integers(0, 5, n)]
        picked = np.where(rng.random(n) < 0.4, special, picked)  # the values most ops special-case
        with np.errstate(over="ignore"):
            values = np.where(rng.random(n) < pool_share, picked, free.astype(dtype))
        return values.astype(dtype).reshape(shape)
    info = np.iinfo(dtype)
    pool = np.array(_int_pool(dtype), dtype)
    free = rng.integers(max(info.min, -20), min(info.max, 20), n, endpoint=True).astype(dtype)
    picked = pool[rng.integers(0, len(pool), n)]
    return np.where(rng.random(n) < pool_share, picked, free).astype(dtype).reshape(shape)


def _shape(rng, max_rank=3, zero=0.05) -> list:
    rank = int(rng.integers(0, max_rank + 1))
    return [0 if rng.random() < zero else int(rng.integers(1, 4)) for _ in range(rank)]


def _broadcast_shapes(rng, arity) -> list:
    out = _shape(rng)
    shapes = []
    for _ in range(arity):
        keep = int(rng.integers(0, len(out) + 1)) if rng.random() < 0.3 else len(out)
        dims = out[len(out) - keep :]
        shapes.append([1 if d and rng.random() < 0.25 else d for d in dims])
    return shapes


def _program(op, inputs, attrs=None, feed=False) -> dict:
    return {"op": op, "attrs": attrs or {}, "inputs": [encode(x) for x in inputs], "feed": feed}


def _elementwise(rng, op) -> list:
    arity = OPS[op][0]
    programs = []
    for dtype in ALL:
        for _ in range(3):
            shapes = _broadcast_shapes(rng, arity)
            xs = [draw(rng, dtype, s) for s in shapes]
            programs.append(_program(op, xs, feed=bool(rng.random() < 0.5)))
    return programs


def _casts(rng) -> list:
    programs = []
    for src in ALL:
        for to in ALL:
            x = draw(rng, src, [int(rng.integers(4, 9))], 0.8)
            if src in FLOATS and to in (*INTS, *UINTS) and rng.random() < 0.5:
                x = x[np.isfinite(x) & (np.abs(x.astype(np.float64)) < 100)]
            programs.append(_program("cast", [x], {"to": to}, feed=bool(rng.random() < 0.5)))
            if src != "bool" and to != "bool" and rng.random() < 0.3:
                y = draw(rng, src, [6], 0.8)
                programs.append(_program("saturate_cast", [y], {"to": to}))
    return programs


def _axis(rng, rank):
    if rank == 0 or rng.random() < 0.2:
        return None
    choice = rng.random()
    if choice < 0.6:
        return int(rng.integers(-rank, rank))
    k = int(rng.integers(0, rank + 1))
    return sorted(int(a) for a in rng.choice(np.arange(-rank, rank), size=k, replace=False))


_REDUCE = (
    *("reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "reduce_mean", "reduce_any"),
    *("reduce_all", "reduce_logsumexp", "math.reduce_euclidean_norm"),
)


def _reductions(rng) -> list:
    programs = []
    for fn in _REDUCE:
        dtypes = ("bool",) if fn in ("reduce_any", "reduce_all") else ALL
        for dtype in dtypes:
            for _ in range(3 if dtype != "bool" else 12):
                shape = _shape(rng, zero=0.15)
                attrs = {
                    "fn": fn,
                    "axis": _axis(rng, len(shape)),
                    "keepdims": bool(rng.random() < 0.4),
                }
                x = draw(rng, dtype, shape, 0.4)
                programs.append(_program("reduce", [x], attrs, feed=bool(rng.random() < 0.5)))
    for dtype in ALL:
        shape = _shape(rng, zero=0.15)
        attrs = {"axis": _axis(rng, len(shape)), "keepdims": bool(rng.random() < 0.4)}
        programs.append(_program("count_nonzero", [draw(rng, dtype, shape, 0.6)], attrs))
    return programs


def _args(rng) -> list:
    programs = []
    for dtype in (*REAL, "bool", *COMPLEX):
        for fn in ("argmax", "argmin"):
            for _ in range(3):
                shape = [int(rng.integers(1, 5)) for _ in range(int(rng.integers(1, 3)))]
                x = draw(rng, dtype, shape, 0.7)
                if rng.random() < 0.5:  # ties
                    x = np.resize(x.ravel()[:2], x.size).reshape(shape)
                attrs = {
                    "fn": fn,
                    "axis": int(rng.integers(-len(shape), len(shape))),
                    "out": "int32" if rng.random() < 0.5 else "int64",
                }
                programs.append(_program("arg", [x], attrs, feed=bool(rng.random() < 0.5)))
    return programs


def _cumulatives(rng) -> list:
    programs = []
    for dtype in ALL:
        for fn in ("cumsum", "cumprod"):
            for _ in range(2):
                shape = [
                    int(rng.integers(0 if rng.random() < 0.1 else 1, 5))
                    for _ in range(int(rng.integers(1, 3)))
                ]
                attrs = {
                    "fn": fn,
                    "axis": int(rng.integers(-len(shape), len(shape))),
                    "exclusive": bool(rng.random() < 0.5),
                    "reverse": bool(rng.random() < 0.5),
                }
                programs.append(_program("cumulative", [draw(rng, dtype, shape, 0.4)], attrs))
    return programs


_SEGMENT = ("segment_sum", "segment_prod", "segment_max", "segment_min", "segment_mean")
_UNSORTED = (
    *("unsorted_segment_sum", "unsorted_segment_prod", "unsorted_segment_max"),
    *("unsorted_segment_min", "unsorted_segment_mean", "unsorted_segment_sqrt_n"),
)


def _segments(rng) -> list:
    programs = []
    for fn in (*_SEGMENT, *_UNSORTED):
        for dtype in (*REAL, *COMPLEX):
            n = int(rng.integers(1, 6))
            data = draw(rng, dtype, [n, int(rng.integers(1, 3))], 0.4)
            ids = np.sort(rng.integers(0, 4, n))
            if rng.random() < 0.3:  # unsorted, negative or out of range
                ids = rng.integers(-1, 5, n)
            ids = ids.astype("int32" if rng.random() < 0.5 else "int64")
            if fn in _SEGMENT:
                programs.append(_program("segment", [data, ids], {"fn": fn}))
            else:
                attrs = {"fn": fn, "num": int(rng.integers(1, 5))}
                programs.append(_program("unsorted_segment", [data, ids], attrs))
    return programs


def _gathers(rng) -> list:
    programs = []
    for dtype in ("float32", "int32", "bool", "complex64", "uint8", "float16", "int64"):
        for _ in range(6):
            shape = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
            params = draw(rng, dtype, shape, 0.3)
            axis = int(rng.integers(-2, 2))
            n = shape[axis]
            lo, hi = (-n - 1, n + 1) if rng.random() < 0.4 else (0, n - 1)
            idx = rng.integers(lo, hi, [int(rng.integers(0, 4))], endpoint=True).astype("int32")
            feed = bool(rng.random() < 0.5)
            programs.append(_program("gather", [params, idx], {"axis": axis}, feed))
            nd = rng.integers(lo, hi, [int(rng.integers(1, 3)), 2], endpoint=True).astype("int64")
            programs.append(_program("gather_nd", [params, nd], {}, feed))
            for fn in ("tensor_scatter_nd_update", "tensor_scatter_nd_add", "scatter_nd"):
                k = int(rng.integers(1, 3))
                where = rng.integers(lo, hi, [k, 1], endpoint=True).astype("int32")
                if fn == "tensor_scatter_nd_update":
                    where = rng.integers(0, shape[0], [k, 1]).astype("int32")
                updates = draw(rng, dtype, [k, shape[1]], 0.3)
                attrs = {"fn": fn, "shape": shape}
                programs.append(_program("scatter", [params, where, updates], attrs, feed))
    return programs


def _sorts(rng) -> list:
    programs = []
    for dtype in (*REAL, "bool"):
        for _ in range(3):
            shape = [int(rng.integers(1, 6)) for _ in range(int(rng.integers(1, 3)))]
            x = draw(rng, dtype, shape, 0.7)
            if rng.random() < 0.5:
                x = np.resize(x.ravel()[: max(1, x.size // 2)], x.size).reshape(shape)
            for fn in ("sort", "argsort"):
                attrs = {
                    "fn": fn,
                    "axis": -1 if rng.random() < 0.6 else 0,
                    "direction": "ASCENDING" if rng.random() < 0.5 else "DESCENDING",
                }
                programs.append(_program("sort", [x], attrs, feed=bool(rng.random() < 0.5)))
            attrs = {"k": int(rng.integers(0, shape[-1] + 1)), "sorted": bool(rng.random() < 0.7)}
            programs.append(_program("top_k", [x], attrs, feed=bool(rng.random() < 0.5)))
    return programs


def _clips(rng) -> list:
    programs = []
    for dtype in (*REAL, *COMPLEX):
        for _ in range(3):
            shape = _shape(rng, 2)
            x = draw(rng, dtype, shape)
            lo, hi = draw(rng, dtype, [], 0.5), draw(rng, dtype, [], 0.5)
            if rng.random() < 0.7 and dtype not in COMPLEX:
                lo, hi = min(lo, hi), max(lo, hi)
            programs.append(_program("clip", [x, np.array(lo, dtype), np.array(hi, dtype)]))
    return programs


_GRAD_EDGES = [0.0, -0.0, 1.0, -1.0, 6.0, 2.0, 0.5, -2.0, 3.0, np.inf, -np.inf, np.nan]
_GRAD_OPS = (
    *("abs", "sqrt", "rsqrt", "relu", "relu6", "elu", "selu", "leaky_relu", "softplus"),
    *("softsign", "sign", "square", "negative", "reciprocal", "log", "log1p", "exp"),
    *("tanh", "sigmoid", "floor", "round", "atan", "asin", "acos", "sin", "cos"),
    *("maximum", "minimum", "pow", "truediv", "multiply", "squared_difference"),
    *("atan2", "floormod", "floordiv", "xlogy", "xdivy", "div_no_nan", "add", "subtract"),
)


_COMPLEX_POINTS = [0.5 + 1j, -1.5 + 0.25j, 2 - 1j, 0.3j, 1 + 0j, -0.75 - 0.5j]
_COMPLEX_GRAD_OPS = (
    *("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh"),
    *("acosh", "atanh", "exp", "expm1", "log", "log1p", "sqrt", "rsqrt", "sigmoid"),
    *("square", "reciprocal", "negative", "conj", "real", "imag", "abs", "sign"),
    *("multiply", "truediv", "add", "subtract", "xlogy", "xdivy", "multiply_no_nan"),
    *("div_no_nan", "squared_difference", "pow"),
)


def _grads(rng) -> list:
    programs = []
    for op in _GRAD_OPS:
        arity = OPS[op][0]
        for dtype in ("float32", "float64"):
            for _ in range(2):
                n = int(rng.integers(3, 8))
                xs = [np.array(rng.choice(_GRAD_EDGES, n), dtype) for _ in range(arity)]
                if arity == 2 and rng.random() < 0.5:  # ties
                    xs[1] = xs[0].copy()
                programs.append(_program("grad", xs, {"fn": op}, feed=True))
    for op in _COMPLEX_GRAD_OPS:  # TF's convention: g * conj(f'(z)) (finite points only)
        for dtype in COMPLEX:
            n = int(rng.integers(2, 5))
            xs = [np.array(rng.choice(_COMPLEX_POINTS, n), dtype) for _ in range(OPS[op][0])]
            seed = None if rng.random() < 0.1 else [0.5, -0.25]
            programs.append(_program("grad", xs, {"fn": op, "seed": seed}, feed=True))
    for dtype in ("float32", "float64"):
        for _ in range(4):
            x = np.array(rng.choice([-1.0, 0.0, 1.0, 2.0, 0.5], 6), dtype)
            lo, hi = sorted(rng.choice([-1.0, 0.0, 1.0, 2.0], 2))
            programs.append(_program("grad_clip", [x, np.array(lo, dtype), np.array(hi, dtype)]))
        for fn in (
            "reduce_max",
            "reduce_min",
            "reduce_prod",
            "math.reduce_euclidean_norm",
            "reduce_logsumexp",
            "reduce_mean",
        ):
            x = np.array(rng.choice([0.0, 1.0, 1.0, 2.0, -np.inf], (2, 3)), dtype)
            programs.append(
                _program("grad_reduce", [x], {"fn": fn, "axis": int(rng.integers(-2, 2))})
            )
        for fn in ("cumsum", "cumprod"):
            for exclusive in (False, True):
                for reverse in (False, True):
                    x = np.array(rng.choice([0.0, 1.0, 2.0, -3.0], 5), dtype)
                    attrs = {"fn": fn, "exclusive": exclusive, "reverse": reverse}
                    programs.append(_program("grad_cumulative", [x], attrs))
    return programs


def _special_operands(rng) -> list:
    """Operands elementwise drawing leaves to chance: shifts by every count, integer powers
    with negative exponents, integer division by zero and by -1 at the minimum."""
    programs = []
    for dtype in (*INTS, *UINTS):
        info = np.iinfo(dtype)
        counts = np.arange(-1 if info.min < 0 else 0, info.bits + 2).astype(dtype)
        base = np.resize(np.array(_int_pool(dtype), dtype), counts.size)
        for fn in ("left_shift", "right_shift"):
            programs.append(_program(fn, [base, counts]))
        exps = np.resize(np.arange(-2 if info.min < 0 else 0, 6).astype(dtype), 8)
        programs.append(_program("pow", [np.resize(base, 8), exps]))
        programs.append(_program("pow", [np.resize(base, 8), np.abs(exps).astype(dtype)]))
        for fn in ("floordiv", "floormod", "truncatediv", "truncatemod", "div"):
            num = np.array([7, 7, 0, info.max, info.min, 5, 3, 6], dtype)
            den = np.array([2, 3, 3, 2, 3, 5, 1, 4], dtype)
            if info.min < 0:
                num = np.array([-7, 7, -7, info.min, info.min, 7, -1, 0], dtype)
                den = np.array([2, -2, -2, -1, 3, 3, -5, -3], dtype)
            programs.append(_program(fn, [num, den], feed=bool(rng.random() < 0.5)))
            zero = den.copy()
            zero[3] = 0
            programs.append(_program(fn, [num, zero], feed=True))
    for dtype in FLOATS:
        num = [-7.0, 7.0, -7.0, 7.0, 0.0, -0.0, 1.0, -1.0, np.inf, 5.5, 0.0, -0.0, 6.0, -6.0]
        den = [2.0, -2.0, -2.0, 2.0, 3.0, -3.0, 0.0, -0.0, 2.0, np.inf, -3.0, 3.0, -3.0, 3.0]
        num, den = np.array([*num, -1.0, 1.0], dtype), np.array([*den, np.inf, -np.inf], dtype)
        for fn in ("floordiv", "floormod", "truncatemod", "div", "pow", "atan2"):
            programs.append(_program(fn, [num, den]))
        halves = np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, -0.0, 0.49999997, 1e30], dtype)
        for fn in ("round", "rint"):
            programs.append(_program(fn, [halves]))
    return programs


# -- nn and composite math: softmax and cross entropies at infinite logits, norms at zero,
# bincount, unique, one_hot out of range --------------------------------------------------

_NN = {
    "softmax": (1, lambda tf, xs, a: tf.nn.softmax(xs[0], axis=a["axis"])),
    "log_softmax": (1, lambda tf, xs, a: tf.nn.log_softmax(xs[0], axis=a["axis"])),
    "sigmoid_ce": (
        2,
        lambda tf, xs, a: tf.nn.sigmoid_cross_entropy_with_logits(labels=xs[0], logits=xs[1]),
    ),
    "softmax_ce": (
        2,
        lambda tf, xs, a: tf.nn.softmax_cross_entropy_with_logits_v2(labels=xs[0], logits=xs[1]),
    ),
    "sparse_softmax_ce": (
        2,
        lambda tf, xs, a: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=xs[0], logits=xs[1]
        ),
    ),
    "l2_normalize": (1, lambda tf, xs, a: tf.math.l2_normalize(xs[0], axis=a["axis"])),
    "clip_by_norm": (1, lambda tf, xs, a: tf.clip_by_norm(xs[0], a["norm"])),
    "reduce_std": (1, lambda tf, xs, a: tf.math.reduce_std(xs[0], axis=a["axis"])),
    "reduce_variance": (1, lambda tf, xs, a: tf.math.reduce_variance(xs[0], axis=a["axis"])),
    "log_sigmoid": (1, lambda tf, xs, a: tf.math.log_sigmoid(xs[0])),
    "cumulative_logsumexp": (
        1,
        lambda tf, xs, a: tf.math.cumulative_logsumexp(
            xs[0], axis=a["axis"], exclusive=a["exclusive"], reverse=a["reverse"]
        ),
    ),
    "bincount": (
        2,
        lambda tf, xs, a: tf.math.bincount(
            xs[0], weights=xs[1], minlength=a["minlength"], maxlength=a["maxlength"]
        ),
    ),
    "unique": (1, lambda tf, xs, a: list(tf.unique(xs[0]))),
    "one_hot": (1, lambda tf, xs, a: tf.one_hot(xs[0], a["depth"], dtype=tf.float32)),
    "where": (3, lambda tf, xs, a: tf.where_v2(xs[0], xs[1], xs[2])),
    "nextafter": (2, lambda tf, xs, a: tf.math.nextafter(xs[0], xs[1])),
    "add_n": (3, lambda tf, xs, a: tf.add_n(xs)),
    "bias_add": (2, lambda tf, xs, a: tf.nn.bias_add(xs[0], xs[1])),
}


def _nn(tf, xs, attrs):
    return _NN[attrs["fn"]][1](tf, xs, attrs)


def _grad_nn(tf, xs, attrs):
    ys = _NN[attrs["fn"]][1](tf, xs, attrs)
    return [ys, *tf.gradients(ys, xs)]


OPS["nn"] = (None, _nn)
OPS["grad_nn"] = (None, _grad_nn)


def _logits(rng, dtype, shape):
    x = draw(rng, dtype, shape, 0.5)
    if rng.random() < 0.5:  # finite rows besides
        x = np.where(np.isfinite(x), x, 1.5).astype(dtype)
    return x


def _nn_float(rng, fn, dtype) -> dict:
    shape = [int(rng.integers(1, 4)), int(rng.integers(1, 5))]
    axis = int(rng.integers(-2, 2))
    attrs = {"fn": fn, "axis": axis}
    if fn in ("sigmoid_ce", "softmax_ce"):
        labels = rng.choice([0.0, 1.0, 0.5, 0.25], shape).astype(dtype)
        return _program("nn", [labels, _logits(rng, dtype, shape)], attrs, bool(rng.random() < 0.5))
    if fn == "sparse_softmax_ce":
        labels = rng.integers(-1, shape[1] + 1, shape[0]).astype("int32")
        if rng.random() < 0.7:
            labels = np.clip(labels, 0, shape[1] - 1).astype("int32")
        return _program("nn", [labels, _logits(rng, dtype, shape)], attrs, bool(rng.random() < 0.5))
    if fn == "clip_by_norm":
        attrs["norm"] = float(rng.choice([0.0, 0.5, 1.0, 3.0]))
    if fn == "cumulative_logsumexp":
        attrs.update(exclusive=bool(rng.random() < 0.5), reverse=bool(rng.random() < 0.5))
    x = _logits(rng, dtype, shape)
    if rng.random() < 0.3:
        x = np.zeros(shape, dtype)  # norms and deviations of zeros
    return _program("nn", [x], attrs, bool(rng.random() < 0.5))


_NN_FLOAT = (
    *("softmax", "log_softmax", "sigmoid_ce", "softmax_ce", "sparse_softmax_ce"),
    *("l2_normalize", "clip_by_norm", "reduce_std", "reduce_variance", "log_sigmoid"),
    "cumulative_logsumexp",
)


def _nn_programs(rng) -> list:
    programs = [_nn_float(rng, fn, d) for fn in _NN_FLOAT for d in FLOATS for _ in range(3)]
    for dtype in ("int32", "int64", "float32", "float64", "uint8", "bool"):
        for _ in range(3):
            n = int(rng.integers(0, 7))
            arr = rng.integers(-1 if rng.random() < 0.2 else 0, 5, n).astype("int32")
            w = draw(rng, "float32" if dtype == "bool" else dtype, [n], 0.3)
            attrs = {
                "fn": "bincount",
                "minlength": int(rng.integers(0, 4)) if rng.random() < 0.5 else None,
                "maxlength": int(rng.integers(0, 6)) if rng.random() < 0.3 else None,
            }
            programs.append(_program("nn", [arr, w], attrs))
            programs.append(_program("nn", [draw(rng, dtype, [n], 0.8)], {"fn": "unique"}))
            idx = rng.integers(-2, 5, [n]).astype(
                dtype if dtype in ("int32", "int64", "uint8") else "int32"
            )
            programs.append(
                _program("nn", [idx], {"fn": "one_hot", "depth": int(rng.integers(0, 4))})
            )
    for dtype in ALL:
        for _ in range(2):
            shapes = _broadcast_shapes(rng, 3)
            cond = draw(rng, "bool", shapes[0])
            xs = [cond, draw(rng, dtype, shapes[1]), draw(rng, dtype, shapes[2])]
            programs.append(_program("nn", xs, {"fn": "where"}, bool(rng.random() < 0.5)))
            same = _shape(rng, 2)
            xs = [draw(rng, dtype, same) for _ in range(3)]
            programs.append(_program("nn", xs, {"fn": "add_n"}))
            x = draw(rng, dtype, [2, 3])
            programs.append(_program("nn", [x, draw(rng, dtype, [3])], {"fn": "bias_add"}))
    for dtype in FLOATS:
        for _ in range(3):
            shapes = _broadcast_shapes(rng, 2)
            xs = [draw(rng, dtype, s, 0.8) for s in shapes]
            programs.append(_program("nn", xs, {"fn": "nextafter"}))
    return programs


def _nn_grads(rng) -> list:
    programs = []
    for fn in _NN_FLOAT:
        for dtype in ("float32", "float64"):
            for _ in range(2):
                program = _nn_float(rng, fn, dtype)
                program["op"] = "grad_nn"
                program["feed"] = True
                programs.append(program)
    return programs


# -- data movement and ranges: strided slices with steps and out-of-range bounds, roll,
# pad modes, range and linspace counts, histograms and searchsorted at the edges ----------


def _slice_item(item):
    if item == "...":
        return Ellipsis
    if item == "new":
        return None
    if isinstance(item, list):
        return slice(*item)
    return item


_ARRAY = {
    "strided": (1, lambda tf, xs, a: xs[0][tuple(_slice_item(i) for i in a["items"])]),
    "roll": (1, lambda tf, xs, a: tf.roll(xs[0], a["shift"], a["axis"])),
    "reverse": (1, lambda tf, xs, a: tf.reverse(xs[0], a["axis"])),
    "tile": (1, lambda tf, xs, a: tf.tile(xs[0], a["multiples"])),
    "pad": (1, lambda tf, xs, a: tf.pad(xs[0], a["paddings"], mode=a["mode"])),
    "range": (0, lambda tf, xs, a: tf.range(*a["args"], dtype=getattr(tf, a["dtype"]))),
    "linspace": (0, lambda tf, xs, a: tf.linspace(*a["args"])),
    "histogram": (
        1,
        lambda tf, xs, a: tf.histogram_fixed_width(
            xs[0], tf.constant(a["range"], xs[0].dtype), nbins=a["nbins"]
        ),
    ),
    "searchsorted": (
        2,
        lambda tf, xs, a: tf.searchsorted(xs[0], xs[1], side=a["side"], out_type=tf.int32),
    ),
}


def _array(tf, xs, attrs):
    return _ARRAY[attrs["fn"]][1](tf, xs, attrs)


OPS["array"] = (None, _array)


def _slice_items(rng, shape) -> list:
    items, dims = [], list(shape)
    if rng.random() < 0.2:
        items.append("...")
        dims = dims[-1:]
    for d in dims:
        r = rng.random()
        if r < 0.15:
            items.append(int(rng.integers(-d - 1, d + 1)))  # may be out of range
        elif r < 0.25:
            items.append("new")
        else:
            step = int(rng.choice([1, 1, 2, -1, -2, 3]))
            items.append([_bound(rng, d), _bound(rng, d), step])
    return items


def _bound(rng, d: int) -> int | None:
    """A slice bound for a dim of `d`: omitted, negative or past either end."""
    return None if rng.random() < 0.3 else int(rng.integers(-d - 2, d + 3))


def _array_programs(rng) -> list:
    programs = []
    for _ in range(60):
        shape = [
            int(rng.integers(0 if rng.random() < 0.1 else 1, 5))
            for _ in range(int(rng.integers(1, 4)))
        ]
        x = np.arange(int(np.prod(shape)), dtype="int32").reshape(shape)
        feed = bool(rng.random() < 0.5)
        programs.append(
            _program("array", [x], {"fn": "strided", "items": _slice_items(rng, shape)}, feed)
        )
        axis = int(rng.integers(-len(shape), len(shape)))
        shift = int(rng.integers(-7, 8))
        programs.append(_program("array", [x], {"fn": "roll", "shift": shift, "axis": axis}, feed))
        programs.append(_program("array", [x], {"fn": "reverse", "axis": [axis]}, feed))
        multiples = [int(rng.integers(0, 3)) for _ in shape]
        programs.append(_program("array", [x], {"fn": "tile", "multiples": multiples}, feed))
        mode = str(rng.choice(["CONSTANT", "REFLECT", "SYMMETRIC"]))
        paddings = [[int(rng.integers(0, 3)), int(rng.integers(0, 3))] for _ in shape]
        programs.append(
            _program("array", [x], {"fn": "pad", "paddings": paddings, "mode": mode}, feed)
        )
    for dtype in ("int32", "int64", "float32", "float64"):
        for _ in range(8):
            if dtype.startswith("int"):
                args = [int(v) for v in rng.integers(-6, 7, 2)] + [
                    int(rng.choice([-3, -1, 1, 2, 5]))
                ]
            else:
                args = [
                    float(rng.choice([0.0, 0.1, -1.5, 1.0, 3.3])),
                    float(rng.choice([1.0, 2.9, -0.7, 0.3, 5.0])),
                    float(rng.choice([0.1, 0.3, -0.2, 0.7, 1.0])),
                ]
            programs.append(_program("array", [], {"fn": "range", "args": args, "dtype": dtype}))
    for _ in range(8):
        args = [
            float(rng.choice([0.0, -1.0, 0.1, 1e-3])),
            float(rng.choice([1.0, 0.3, -2.0, 7.7])),
            int(rng.integers(1, 7)),
        ]
        programs.append(_program("array", [], {"fn": "linspace", "args": args}))
    for dtype in ("float32", "float64", "int32", "int64"):
        for _ in range(4):
            values = draw(rng, dtype, [int(rng.integers(0, 9))], 0.5)
            lo, hi = (-2.0, 3.0) if rng.random() < 0.5 else (0.0, 1.0)
            attrs = {"fn": "histogram", "range": [lo, hi], "nbins": int(rng.integers(1, 6))}
            if dtype.startswith("int"):
                attrs["range"] = [int(lo), int(hi) + 2]
            programs.append(_program("array", [values], attrs))
            seq = np.sort(draw(rng, dtype, [int(rng.integers(1, 6))], 0.3))
            if dtype.startswith("float"):
                seq = seq[~np.isnan(seq)] if np.any(~np.isnan(seq)) else np.zeros(1, dtype)
            probes = np.concatenate([seq[:2], draw(rng, dtype, [3], 0.3)]).astype(dtype)
            side = "left" if rng.random() < 0.5 else "right"
            programs.append(
                _program("array", [seq[None], probes[None]], {"fn": "searchsorted", "side": side})
            )
    return programs


# -- subnormals: TF's CPU threads flush them (FTZ and DAZ), inputs and results alike ------


def _subnormal_draw(rng, dtype: str, shape) -> np.ndarray:
    info = np.finfo(dtype)
    tiny, least = float(info.tiny), float(info.smallest_subnormal)
    pool = [least, tiny / 2, tiny * 0.75, tiny, 2 * tiny, 0.0, 1.0, 0.5, 3.0, 1e-3]
    values = np.array(rng.choice(pool, shape), np.float64) * rng.choice([-1.0, 1.0], shape)
    return values.astype(dtype)


_SUBNORMAL_OPS = (
    *("abs", "negative", "sign", "square", "sqrt", "rsqrt", "exp", "log", "log1p", "floor"),
    *("reciprocal", "sin", "tanh", "sigmoid", "relu", "is_finite", "softsign"),
    *("add", "subtract", "multiply", "truediv", "maximum", "minimum", "equal", "less"),
    *("greater_equal", "floordiv", "floormod", "squared_difference", "div_no_nan", "pow"),
)


def _subnormals(rng) -> list:
    programs = []
    for op in _SUBNORMAL_OPS:
        for dtype in FLOATS:
            shapes = _broadcast_shapes(rng, OPS[op][0])
            xs = [_subnormal_draw(rng, dtype, s) for s in shapes]
            programs.append(_program(op, xs, feed=bool(rng.random() < 0.5)))
    for src in FLOATS:
        for to in (*FLOATS, "int32", "bool"):
            x = _subnormal_draw(rng, src, [6])
            if src == "float64" and to != "float64":  # values that land below to's tiny
                x = (x * float(np.finfo(to).tiny) * 4 if to.startswith("float") else x).astype(src)
            programs.append(_program("cast", [x], {"to": to}, feed=bool(rng.random() < 0.5)))
    for fn in ("reduce_sum", "reduce_max", "reduce_prod", "reduce_mean"):
        for dtype in FLOATS:
            x = _subnormal_draw(rng, dtype, [2, 3])
            attrs = {"fn": fn, "axis": int(rng.integers(-2, 2)), "keepdims": False}
            programs.append(_program("reduce", [x], attrs, feed=True))
    return programs


FAMILIES = {
    **{op: (lambda rng, op=op: _elementwise(rng, op)) for op in (*UNARY, *BINARY)},
    "casts": _casts,
    "reductions": _reductions,
    "args": _args,
    "cumulatives": _cumulatives,
    "segments": _segments,
    "gathers": _gathers,
    "sorts": _sorts,
    "clips": _clips,
    "grads": _grads,
    "special_operands": _special_operands,
    "nn": _nn_programs,
    "nn_grads": _nn_grads,
    "arrays": _array_programs,
    "subnormals": _subnormals,
}


def programs() -> dict:
    """Every family's programs, each drawn from a generator seeded by the family's name."""
    out = {}
    for family, draw_family in FAMILIES.items():
        rng = np.random.default_rng(fuzzseed.seed(family))
        with np.errstate(all="ignore"):
            for i, program in enumerate(draw_family(rng)):
                out[f"{family}.{i}"] = program
    return out


# -- recording -----------------------------------------------------------------------------


def _class_name(exc: Exception) -> str:
    return type(exc).__name__


def observe(tf, program: dict, classes=_class_name) -> dict:
    """What `tf` gives for `program`: {"outputs": [...]} or {"error": [stage, class]}
    (`classes(exc)` names what was raised)."""
    with tf.Graph().as_default():
        try:
            ys, feed = build(tf, program)
        except Exception as exc:  # the class is what is recorded
            return {"error": ["build", classes(exc)]}
        fetch = [y for y in ys if y is not None]  # a gradient may be None
        try:
            with tf.Session() as sess:
                got = sess.run(fetch, feed)
        except Exception as exc:
            return {"error": ["run", classes(exc)]}
    values = iter(got)
    return {"outputs": [None if y is None else encode(next(values)) for y in ys]}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    recorded = {}
    for name, program in programs().items():
        recorded[name] = {**program, "tf": observe(tf, program)}
    json.dump(
        {"tensorflow": tf.__version__, "programs": recorded}, sys.stdout, separators=(",", ":")
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
