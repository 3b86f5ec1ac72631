"""Differential fuzzing of graphgate's exports (dev-only): random graphgate programs drawn
from fixed seeds, each written as TF's GraphDef (as the service answers a stored graph),
as a SavedModel (the archive of a session) and as ONNX, loaded by TensorFlow 2.21 and
onnxruntime, and run there; their numbers are compared with graphgate's own run.

    PYTHONPATH=layers/engine /work/tfvenv/bin/python tests/reference/gg_fuzzexport.py \
        > tests/unit/engine/fixtures/gg_fuzzexport.json

A program is a graph built in graphgate (families below: elementwise chains, reductions,
shapes, nn layers, convolutions and pools, normalizations, control flow, variables trained
a few steps, strings), its feeds, its fetches and, where it trains, its train op and
steps. The fixture keeps each program's stored document (`graph_to_dict`), the variables'
values after training, the feeds, and per format what the loader did: the GraphDef's
SHA-256 and TF's outputs (and its variables after TF ran the same training steps from the
initial values), the SavedModel's SHA-256 and TF's predictions from the trained values,
the ONNX model's node types and onnxruntime's predictions; or the export's refusal (the
nodes it names). tests/unit/engine/test_gg_fuzzexport.py replays it on graphgate.

The refusal family is graphs with nodes a format cannot hold beside nodes it can: the
refusal must name exactly the drawn bad nodes, and each bad node's op must be one the
real loader lacks (TF's op registry; ONNX: graphgate's reason) where that is checkable.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "engine"))
sys.path.insert(0, str(Path(__file__).parent))

import fuzzseed  # noqa: E402
import tf1_fuzzdiff as fuzz  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate.errors import GraphgateError  # noqa: E402
from graphgate.serialization import graph_from_dict, graph_to_dict  # noqa: E402

# -- drawing -------------------------------------------------------------------------------


class Draw:
    """One program being drawn: its rng, the graph's placeholders and their feeds."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.feeds: dict[str, np.ndarray] = {}
        self.n = 0
        self.steps = 0  # training steps (a program with a `train` op)
        # The nodes each format must refuse (the refusal family): names, by format.
        self.bad: dict[str, list[str]] | None = None
        self.empty = False  # the next shape drawn gets a dim of 0 (the empty family)

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def coin(self, p=0.5) -> bool:
        return bool(self.rng.random() < p)

    def shape(self, lo=1, hi=3, top=4) -> list[int]:
        dims = [
            int(d) for d in self.rng.integers(1, top + 1, size=int(self.rng.integers(lo, hi + 1)))
        ]
        if self.empty:
            self.empty = False
            dims[0 if self.coin(0.6) else int(self.rng.integers(len(dims)))] = 0
        return dims

    def values(self, shape, dtype="float32", edges=False):
        if np.dtype(dtype).kind == "f":
            v = self.rng.standard_normal(shape)
            if self.coin(0.4):
                v = self.rng.integers(-8, 9, size=shape) / 4.0
            if edges and v.size:
                flat = v.reshape(-1)
                for _ in range(max(1, flat.size // 4)):
                    flat[int(self.rng.integers(flat.size))] = self.pick(
                        [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e30, -1e-30]
                    )
            return np.asarray(v).astype(dtype)
        if dtype == "bool":
            return self.rng.random(shape) < 0.5
        return self.rng.integers(-5, 6, size=shape).astype(dtype)

    def input(self, shape, dtype="float32", edges=False, unknown_batch=None, unknown_rank=False):
        """A placeholder fed drawn values (its leading dim unknown, sometimes)."""
        value = self.values(shape, dtype, edges)
        self.n += 1
        name = f"x{self.n}"
        static = list(shape)
        if static and (self.coin(0.3) if unknown_batch is None else unknown_batch):
            static[0] = None
        static = None if unknown_rank else static
        gg.placeholder(getattr(gg, dtype if dtype != "bool" else "bool"), static, name=name)
        self.feeds[f"{name}:0"] = value
        return gg.get_default_graph().get_tensor_by_name(f"{name}:0")

    def const(self, shape, dtype="float32"):
        return gg.constant(self.values(shape, dtype), dtype=getattr(gg, dtype))


def _unary(d: Draw, x):
    ops = [
        gg.nn.relu,
        gg.tanh,
        gg.sigmoid,
        gg.abs,
        gg.negative,
        gg.square,
        gg.floor,
        gg.math.ceil,
        gg.round,
        gg.sin,
        gg.cos,
        gg.math.erf,
        gg.nn.softplus,
        gg.nn.elu,
        gg.nn.selu,
        gg.nn.relu6,
        gg.nn.softsign,
        gg.sign,
        gg.math.is_finite,
        lambda t: gg.nn.leaky_relu(t, alpha=float(d.pick([0.1, 0.2, 0.5]))),
        lambda t: gg.sqrt(gg.abs(t) + 0.5),
        lambda t: gg.math.rsqrt(gg.abs(t) + 1.0),
        lambda t: gg.math.log(gg.abs(t) + 1.0),
        lambda t: gg.exp(gg.clip_by_value(t, -5.0, 5.0)),
        lambda t: gg.math.reciprocal(gg.abs(t) + 1.0),
        lambda t: gg.math.expm1(t * 0.5),
        lambda t: gg.math.log1p(gg.abs(t)),
        lambda t: gg.atan(t),
        lambda t: gg.math.asinh(t),
        lambda t: gg.clip_by_value(t, -1.0, 1.5),
        lambda t: gg.cast(gg.cast(t, gg.int32), gg.float32),
        lambda t: gg.nn.swish(t) if hasattr(gg.nn, "swish") else gg.nn.relu(t),
    ]
    y = d.pick(ops)(x)
    return gg.cast(y, gg.float32) if y.dtype != gg.float32 else y


def _binary(d: Draw, x, y):
    ops = [
        gg.add,
        gg.subtract,
        gg.multiply,
        gg.maximum,
        gg.minimum,
        gg.math.squared_difference,
        lambda a, b: gg.divide(a, gg.abs(b) + 1.0),
        lambda a, b: gg.math.floordiv(a, gg.abs(b) + 1.0),
        lambda a, b: gg.math.floormod(a, gg.abs(b) + 1.0),
        lambda a, b: gg.pow(gg.abs(a) + 0.5, b * 0.5),
        lambda a, b: gg.where_v2(gg.greater(a, b), a, b * 2.0),
        lambda a, b: gg.where_v2(gg.logical_or(gg.less(a, 0.0), gg.equal(b, 0.5)), a, b),
        lambda a, b: gg.math.atan2(a, b),
        lambda a, b: gg.add_n([a, a * b if a.shape.as_list() == (a * b).shape.as_list() else a, a]),
        lambda a, b: gg.cast(gg.not_equal(a, b), gg.float32),
    ]
    return d.pick(ops)(x, y)


def _partner(d: Draw, x):
    """A tensor that broadcasts against x: a constant or another input."""
    shape = x.shape.as_list()
    other = [1 if d.coin(0.3) else (s if s is not None else 1) for s in shape]
    other = other[int(d.rng.integers(len(other) + 1)) :] if d.coin(0.5) else other
    if d.coin(0.3):
        return d.input(other, unknown_batch=False)
    return d.const(other)


def elementwise(d: Draw, i: int) -> list:
    edges = i % 5 == 4
    x = d.input(d.shape(1, 3), edges=edges)
    t = x
    for _ in range(int(d.rng.integers(1, 6))):
        t = _unary(d, t) if d.coin() else _binary(d, t, _partner(d, t))
    return [gg.identity(t, name="out")]


def _integer_step(d: Draw, t, c, nonzero):
    as_int = getattr(gg, t.dtype.name)
    return d.pick([
        lambda: t + c, lambda: t - c, lambda: t * c, lambda: gg.maximum(t, c),
        lambda: gg.minimum(t, c), lambda: gg.abs(t), lambda: gg.negative(t),
        lambda: gg.square(t), lambda: gg.math.floordiv(t, nonzero),
        lambda: gg.math.floormod(t, nonzero), lambda: gg.truncatediv(t, nonzero),
        lambda: gg.sign(t), lambda: gg.cast(gg.cast(t, gg.float32) * 0.5, as_int),
        lambda: gg.where_v2(gg.less(t, c), t, c), lambda: gg.cast(gg.equal(t, c), as_int),
    ])()  # fmt: skip


def integers(d: Draw, _: int) -> list:
    dtype = d.pick(["int32", "int64"])
    x = d.input(d.shape(1, 3), dtype)
    t = x
    for _ in range(int(d.rng.integers(1, 5))):
        c = gg.constant(d.values(d.pick([[], [1], list(d.feeds[x.name].shape[-1:])]), dtype))
        nonzero = gg.constant(d.pick([2, 3, -2, 5, -1]), dtype=getattr(gg, dtype))
        t = _integer_step(d, t, c, nonzero)
    return [gg.identity(t, name="out"), gg.identity(gg.cast(t, gg.float32) / 3.0, name="scaled")]


_DTYPES = ("float16", "float64", "int8", "uint8", "int16", "uint16", "uint32", "uint64", "bool")
_TYPED_OPS = {
    "add": lambda x: x + x, "mul": lambda x: x * x, "sub": lambda x: x - x,
    "max": lambda x: gg.maximum(x, x * 2 if x.dtype != gg.bool else x),
    "abs": gg.abs, "neg": gg.negative, "relu": gg.nn.relu, "tanh": gg.tanh, "sign": gg.sign,
    "sum": lambda x: gg.reduce_sum(x, 0), "mean": lambda x: gg.reduce_mean(x, -1),
    "prod": gg.reduce_prod, "rmax": lambda x: gg.reduce_max(x, 0), "min": gg.reduce_min,
    "argmax": lambda x: gg.argmax(x, -1), "cumsum": lambda x: gg.cumsum(x, 1),
    "softmax": gg.nn.softmax, "floor": gg.floor, "transpose": gg.transpose,
    "concat": lambda x: gg.concat([x, x], 0), "gather": lambda x: gg.gather(x, [1, 0, 1]),
    "cast": lambda x: gg.cast(x, gg.float32), "equal": lambda x: gg.equal(x, x),
    "less": lambda x: gg.less(x, x), "pad": lambda x: gg.pad(x, [[1, 0], [0, 1]]),
    "clip": lambda x: gg.clip_by_value(x, x[:1], x[1:2]), "tile": lambda x: gg.tile(x, [1, 2]),
    "where": lambda x: gg.where_v2(gg.not_equal(x, x[:1]), x, x[1:2]),
    "reverse": lambda x: gg.reverse(x, [1]), "floordiv": lambda x: gg.math.floordiv(x, x + 1),
    "slice": lambda x: x[1:, ::-1],
}  # fmt: skip


def dtypes(d: Draw, _: int) -> list:
    """One op of the common ones over a dtype other than float32/int32/int64."""
    dtype = d.pick(_DTYPES)
    x = d.input([2, 3], dtype) if dtype != "bool" else d.input([2, 3], "bool")
    if dtype.startswith("u"):
        d.feeds[x.name] = np.abs(d.feeds[x.name].astype(np.int64)).astype(dtype)
    return [gg.identity(d.pick(list(_TYPED_OPS.values()))(x), name="out")]


def reductions(d: Draw, i: int) -> list:
    shape = d.shape(1, 4)
    dtype = d.pick(["float32", "float32", "float64", "int32", "int64"])
    x = d.input(shape, dtype, edges=i % 4 == 3)
    if dtype.startswith("int") and d.coin(0.5):
        x = gg.identity(x)  # integer reductions, where the kinds below take them
    elif dtype.startswith("int"):
        x = gg.cast(x, gg.float32)
    rank = len(shape)
    axis = (
        None
        if d.coin(0.25)
        else d.pick(
            [
                int(d.rng.integers(-rank, rank)),
                sorted({int(a) for a in d.rng.integers(0, rank, size=2)}),
            ]
        )
    )
    keep = d.coin()
    kind = d.pick(["sum", "mean", "max", "min", "prod", "lse", "all", "any", "norm",
                   "argmax", "argmin", "cumsum", "cumprod", "softmax", "log_softmax", "l2",
                   "moments", "top_k"])  # fmt: skip
    one = axis if isinstance(axis, int) else int(d.rng.integers(-rank, rank))
    if kind in ("all", "any"):
        fn = gg.reduce_all if kind == "all" else gg.reduce_any
        y = fn(gg.greater(x, 0.0), axis=axis, keepdims=keep)
    elif kind in ("argmax", "argmin"):
        fn = gg.argmax if kind == "argmax" else gg.argmin
        y = fn(x, axis=one, output_type=d.pick([gg.int32, gg.int64]))
    elif kind in ("cumsum", "cumprod"):
        fn = gg.cumsum if kind == "cumsum" else gg.cumprod
        y = fn(x, axis=one, exclusive=d.coin(), reverse=d.coin())
    elif kind in ("softmax", "log_softmax"):
        fn = gg.nn.softmax if kind == "softmax" else gg.nn.log_softmax
        y = fn(x, axis=d.pick([-1, one]))
    elif kind == "l2":
        y = gg.nn.l2_normalize(x, axis=one)
    elif kind == "moments":
        y = list(gg.nn.moments(x, axes=[one % rank], keepdims=keep))
    elif kind == "top_k":
        k = int(d.rng.integers(1, shape[-1] + 1))
        y = list(gg.nn.top_k(x, k=k, sorted=True))
    else:
        fn = {"sum": gg.reduce_sum, "mean": gg.reduce_mean, "max": gg.reduce_max,
              "min": gg.reduce_min, "prod": gg.reduce_prod, "lse": gg.reduce_logsumexp,
              "norm": gg.math.reduce_euclidean_norm}[kind]  # fmt: skip
        y = fn(x, axis=axis, keepdims=keep)
    ys = y if isinstance(y, list) else [y]
    return [gg.identity(t, name=f"out{i}") for i, t in enumerate(ys)]


def _reshape_target(d: Draw, shape):
    n = int(np.prod(shape))
    dims, left = [], n
    while left > 1 and len(dims) < 3:
        f = [k for k in range(2, left + 1) if left % k == 0]
        k = d.pick(f)
        dims.append(k)
        left //= k
    dims = dims or [1]
    if left > 1:
        dims.append(left)
    if d.coin(0.4):
        dims[int(d.rng.integers(len(dims)))] = -1
    return dims


def _shape_transpose(d: Draw, x, shape, dtype, ax):
    if d.coin(0.3):  # no perm: the axes reversed; of an input of unknown rank, sometimes
        return gg.transpose(x if d.coin() else d.input(shape, dtype, unknown_rank=True))
    return gg.transpose(x, [int(p) for p in d.rng.permutation(len(shape))])


def _shape_unstack(d: Draw, x, shape, dtype, ax):
    if shape[ax] and (ax % len(shape)):
        return gg.unstack(x, axis=ax)
    return [gg.unstack(x, num=shape[0])[0]]


def _shape_split(d: Draw, x, shape, dtype, ax):
    n = shape[ax]
    if n > 1 and d.coin():
        cut = int(d.rng.integers(1, n))
        return gg.split(x, [cut, n - cut], axis=ax)
    return gg.split(x, 1 if n == 1 else next(k for k in (2, 3, 1) if n % k == 0), axis=ax)


def _shape_pad(d: Draw, x, shape, dtype, ax):
    pads = [[int(a), int(b)] for a, b in d.rng.integers(0, 3, size=(len(shape), 2))]
    mode = d.pick(["CONSTANT", "CONSTANT", "REFLECT", "SYMMETRIC"])
    if mode == "REFLECT":
        pads = [[min(a, s - 1), min(b, s - 1)] for (a, b), s in zip(pads, shape, strict=True)]
    value = 0 if mode != "CONSTANT" or d.coin() else 2
    return gg.pad(x, pads, mode=mode, constant_values=value)


def _shape_slice(d: Draw, x, shape, dtype, ax):
    begin = [int(d.rng.integers(0, s)) for s in shape]
    size = [
        int(d.rng.integers(1, s - b + 1)) if d.coin(0.8) else -1
        for s, b in zip(shape, begin, strict=True)
    ]
    return gg.slice(x, begin, size)


def _index_item(d: Draw, s: int) -> list:
    c = d.pick(["all", "int", "range", "rev", "newaxis"])
    if c == "int":
        return [int(d.rng.integers(-s, s))]
    if c == "range":
        stop = int(d.rng.integers(0, s + 1)) or None
        return [slice(int(d.rng.integers(0, s)), stop, int(d.rng.integers(1, 3)))]
    if c == "rev":
        return [slice(None, None, -int(d.rng.integers(1, 3)))]
    return [None, slice(None)] if c == "newaxis" else [slice(None)]


def _shape_strided(d: Draw, x, shape, dtype, ax):
    idx = [item for s in shape for item in _index_item(d, s)]
    if d.coin(0.2):
        idx = [Ellipsis, *idx[1:]]
    return x[tuple(idx)]


def _shape_gather(d: Draw, x, shape, dtype, ax):
    idx = d.rng.integers(0, shape[ax], size=d.shape(1, 2)).astype(d.pick(["int32", "int64"]))
    return gg.gather(x, gg.constant(idx), axis=ax)


def _shape_one_hot(d: Draw, x, shape, dtype, ax):
    idx = d.rng.integers(-1, 5, size=shape[:2]).astype("int32")  # -1 and 4: rows all off
    return gg.one_hot(gg.constant(idx), 4, on_value=2.0, off_value=-1.0, axis=d.pick([-1, 0]))


def _shape_broadcast(d: Draw, x, shape, dtype, ax):
    target = [2, *[s if d.coin() else 1 for s in shape]]
    return gg.broadcast_to(gg.cast(x, gg.float32), [t if t else 1 for t in target])


SHAPE_KINDS = {
    "reshape": lambda d, x, shape, dtype, ax: gg.reshape(x, _reshape_target(d, shape)),
    "transpose": _shape_transpose,
    "expand": lambda d, x, shape, dtype, ax: gg.expand_dims(
        x, int(d.rng.integers(-len(shape) - 1, len(shape) + 1))
    ),
    "squeeze": lambda d, x, shape, dtype, ax: gg.squeeze(
        gg.expand_dims(x, int(d.rng.integers(0, len(shape) + 1)))
    ),
    "concat": lambda d, x, shape, dtype, ax: gg.concat([x, x * 2], axis=ax),
    "stack": lambda d, x, shape, dtype, ax: gg.stack(
        [x, x + x], axis=int(d.rng.integers(-len(shape) - 1, len(shape) + 1))
    ),
    "unstack": _shape_unstack,
    "split": _shape_split,
    "tile": lambda d, x, shape, dtype, ax: gg.tile(
        x, [int(m) for m in d.rng.integers(1, 3, size=len(shape))]
    ),
    "pad": _shape_pad,
    "slice": _shape_slice,
    "gather": _shape_gather,
    "one_hot": _shape_one_hot,
    "reverse": lambda d, x, shape, dtype, ax: gg.reverse(x, [ax]),
    "fill": lambda d, x, shape, dtype, ax: (
        gg.fill([2, 3], 1.5) + gg.reduce_sum(gg.cast(x, gg.float32))
    ),
    "like": lambda d, x, shape, dtype, ax: [gg.zeros_like(x), gg.ones_like(x) + x],
    "shape": lambda d, x, shape, dtype, ax: [gg.shape(x), gg.size(x), gg.rank(x)],
    "range": lambda d, x, shape, dtype, ax: (
        gg.range(1, 2 + shape[0] * 3, 2) + gg.cast(gg.reduce_max(x), gg.int32)
    ),
    "strided": _shape_strided,
    "broadcast": _shape_broadcast,
}


def shapes(d: Draw, _: int) -> list:
    shape = d.shape(1, 4)
    dtype = d.pick(["float32", "float32", "int32", "int64", "float64"])
    x = d.input(shape, dtype, unknown_batch=d.coin(0.2))
    kind = d.pick(list(SHAPE_KINDS))
    ax = int(d.rng.integers(-len(shape), len(shape)))
    y = SHAPE_KINDS[kind](d, x, shape, dtype, ax)
    ys = y if isinstance(y, list) else [y]
    return [gg.identity(t, name=f"out{i}") for i, t in enumerate(ys)]


def _conv_input(d: Draw, rank: int, edges: bool = False):
    spatial = [int(s) for s in d.rng.integers(3, 7, size=rank)]
    c = int(d.rng.integers(1, 4))
    shape = [int(d.rng.integers(1, 3)), *spatial, c]
    return d.input(shape, edges=edges, unknown_batch=d.coin(0.3)), spatial, c


def _nn_matmul(d: Draw, kind: str, pad: str, s: int):
    m, k, n = (int(v) for v in d.rng.integers(1, 5, size=3))
    x = d.input([m, k])
    if kind == "dense":
        return gg.nn.relu(gg.matmul(x, d.const([k, n])) + d.const([n]))
    ta, tb = d.coin(), d.coin()
    a = gg.transpose(x) if ta else x  # a Transpose without perm
    b = d.const([n, k] if tb else [k, n])
    return gg.matmul(a, b, transpose_a=ta, transpose_b=tb)


def _nn_image_2d(d: Draw, kind: str, pad: str, s: int):
    x, spatial, c = _conv_input(d, 2, edges=kind in ("max_pool", "avg_pool") and d.coin())
    kh, kw = (int(v) for v in d.rng.integers(1, 4, size=2))
    kh, kw = min(kh, spatial[0]), min(kw, spatial[1])
    dil = [1, 1] if s > 1 or d.coin(0.6) else [int(v) for v in d.rng.integers(1, 3, size=2)]
    if kind == "conv2d":
        f = d.const([kh, kw, c, int(d.rng.integers(1, 4))])
        return gg.nn.conv2d(x, f, [1, s, s, 1], pad, dilations=[1, *dil, 1])
    if kind == "depthwise":
        f = d.const([kh, kw, c, int(d.rng.integers(1, 3))])
        return gg.nn.depthwise_conv2d(x, f, [1, s, s, 1], pad, rate=dil)
    if kind == "separable":
        m = int(d.rng.integers(1, 3))
        depth, point = d.const([kh, kw, c, m]), d.const([1, 1, c * m, 2])
        return gg.nn.separable_conv2d(x, depth, point, [1, s, s, 1], pad)
    if kind in ("max_pool", "avg_pool"):
        fn = gg.nn.max_pool if kind == "max_pool" else gg.nn.avg_pool
        return fn(x, [1, kh, kw, 1], [1, s, s, 1], pad)
    if kind == "lrn":
        return gg.nn.local_response_normalization(x, depth_radius=int(d.rng.integers(1, 3)))
    if kind == "conv_t":
        n, oc = int(d.feeds[x.name].shape[0]), int(d.rng.integers(1, 3))
        if pad == "SAME":
            out_hw = [h * s for h in spatial]
        else:
            out_hw = [(h - 1) * s + k for h, k in zip(spatial, (kh, kw), strict=True)]
        return gg.nn.conv2d_transpose(
            x, d.const([kh, kw, oc, c]), [n, *out_hw, oc], [1, s, s, 1], pad
        )
    return _nn_channels(d, kind, x, c)


def _nn_channels(d: Draw, kind: str, x, c: int):
    if kind == "bias":
        return gg.nn.bias_add(x, d.const([c]))
    if kind == "fused_bn":
        mean, var = d.const([c]), gg.abs(d.const([c])) + 0.5
        return gg.nn.fused_batch_norm(
            x, d.const([c]), d.const([c]), mean, var, epsilon=0.001, is_training=False
        )[0]
    mean, var = gg.nn.moments(x, axes=[0, 1, 2])
    return gg.nn.batch_normalization(x, mean, var, d.const([c]), d.const([c]), 1e-3)


def _nn_other_ranks(d: Draw, kind: str, pad: str, s: int):
    if kind == "conv1d":
        x, spatial, c = _conv_input(d, 1)
        k = min(int(d.rng.integers(1, 4)), spatial[0])
        return gg.nn.conv1d(x, d.const([k, c, 2]), s, pad)
    if kind == "conv3d":
        x, spatial, c = _conv_input(d, 3)
        k = [min(int(v), sp) for v, sp in zip(d.rng.integers(1, 3, size=3), spatial, strict=True)]
        return gg.nn.conv3d(x, d.const([*k, c, 2]), [1, s, s, s, 1], pad)
    x, spatial, c = _conv_input(d, 3, edges=d.coin())
    fn = gg.nn.max_pool3d if d.coin() else gg.nn.avg_pool3d
    return fn(x, [1, 2, 2, 2, 1], [1, s, s, s, 1], pad)


def _nn_losses(d: Draw, kind: str, pad: str, s: int):
    if kind == "layernorm":
        x = d.input(d.shape(2, 3))
        mean, var = gg.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * gg.math.rsqrt(var + 1e-5)
    if kind == "sparse_xent":
        n, k = int(d.rng.integers(1, 4)), int(d.rng.integers(2, 5))
        x = d.input([n, k])
        labels = gg.constant(d.rng.integers(0, k, size=n).astype("int32"))
        return gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
    if kind == "dropout":  # NaN and infinities dropped are 0; a noise shape, sometimes
        shape = d.shape(1, 3)
        x = d.input(shape, edges=d.coin(), unknown_batch=False)
        noise = [s if d.coin() else 1 for s in shape] if d.coin() else None
        rate = float(d.pick([0.25, 0.5]))
        return gg.nn.dropout(x, rate=rate, seed=int(d.rng.integers(1, 100)), noise_shape=noise)
    x = d.input([int(d.rng.integers(1, 4)), int(d.rng.integers(2, 5))], edges=d.coin(0.2))
    labels = gg.nn.softmax(d.const(list(d.feeds[x.name].shape)))
    if kind == "xent":
        return gg.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x)
    return gg.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=x)


_IMAGE_2D = ("conv2d", "depthwise", "separable", "max_pool", "avg_pool", "bias", "lrn",
             "conv_t", "fused_bn", "batchnorm")  # fmt: skip
_IMAGE_2D = ("conv2d", "depthwise", "separable", "max_pool", "avg_pool", "bias", "lrn",
             "conv_t", "fused_bn", "batchnorm")  # fmt: skip
NN_KINDS = {
    **dict.fromkeys(("dense", "matmul"), _nn_matmul),
    **dict.fromkeys(_IMAGE_2D, _nn_image_2d),
    **dict.fromkeys(("conv1d", "conv3d", "pool3d"), _nn_other_ranks),
    **dict.fromkeys(("layernorm", "xent", "sigmoid_xent", "sparse_xent", "dropout"), _nn_losses),
}


def nn(d: Draw, _: int) -> list:
    kind = d.pick(list(NN_KINDS))
    pad = d.pick(["SAME", "VALID"])
    s = int(d.rng.integers(1, 3))
    return [gg.identity(NN_KINDS[kind](d, kind, pad, s), name="out")]


def control(d: Draw, _: int) -> list:
    x = d.input(d.shape(1, 2))
    kind = d.pick(["cond", "cond_fed", "while", "while_max", "nested"])
    if kind in ("cond", "cond_fed"):
        if kind == "cond_fed":
            p = d.input([], "bool")
        else:
            p = gg.greater(gg.reduce_sum(x), float(d.pick([0.0, -1.0, 1.0])))
        y = gg.cond(p, lambda: _unary(d, x) * 2.0, lambda: _binary(d, x, gg.constant(0.5)))
    elif kind in ("while", "while_max"):
        limit = int(d.rng.integers(0, 5))
        mi = int(d.rng.integers(1, 4)) if kind == "while_max" else None

        def body(i, acc, _d=d):
            # a list, as loop_vars: TF1 compares them by sequence type with a maximum
            return [i + 1, _unary(_d, acc) + gg.cast(i, gg.float32)]

        _, y = gg.while_loop(lambda i, acc: i < limit, body, [gg.constant(0), x],
                             maximum_iterations=mi)  # fmt: skip
    else:

        def inner(_d=d):
            return gg.cond(gg.less(gg.reduce_min(x), 0.0), lambda: x - 1.0, lambda: x * 3.0)

        y = gg.cond(gg.greater(gg.reduce_max(x), 0.5), inner, lambda: gg.square(x))
    return [gg.identity(y, name="out")]


def _optimizer(d: Draw):
    lr = float(d.pick([0.1, 0.05, 0.3]))
    return d.pick([
        lambda: gg.train.GradientDescentOptimizer(lr),
        lambda: gg.train.MomentumOptimizer(lr, 0.9, use_nesterov=d.coin()),
        lambda: gg.train.AdamOptimizer(lr * 0.1),
        lambda: gg.train.RMSPropOptimizer(lr * 0.1),
        lambda: gg.train.AdagradOptimizer(lr),
    ])()  # fmt: skip


def training(d: Draw, i: int) -> list:
    kind = d.pick(["mlp", "conv", "embedding", "loop"])
    if kind == "mlp":
        n, k, h = int(d.rng.integers(2, 5)), int(d.rng.integers(1, 4)), int(d.rng.integers(2, 5))
        x = d.input([n, k])
        w1 = gg.Variable(d.values([k, h]) * 0.5, name="w1")
        b1 = gg.Variable(np.zeros(h, np.float32), name="b1")
        w2 = gg.Variable(d.values([h, 2]) * 0.5, name="w2")
        act = d.pick([gg.nn.relu, gg.tanh, gg.sigmoid])
        logits = gg.matmul(act(gg.matmul(x, w1) + b1), w2)
        labels = gg.constant(d.rng.integers(0, 2, size=n).astype("int32"))
        loss = gg.reduce_mean(
            gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        )
        y = gg.nn.softmax(logits)
    elif kind == "conv":
        x = d.input([2, 4, 4, 1])
        f = gg.Variable(d.values([2, 2, 1, 2]) * 0.5, name="conv/kernel")
        b = gg.Variable(np.zeros(2, np.float32), name="conv/bias")
        h = gg.nn.relu(
            gg.nn.bias_add(gg.nn.conv2d(x, f, [1, 1, 1, 1], d.pick(["SAME", "VALID"])), b)
        )
        pooled = gg.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        y = gg.reduce_mean(pooled, axis=[1, 2])
        loss = gg.reduce_sum(gg.square(y - 0.5))
    elif kind == "embedding":
        table = gg.Variable(d.values([5, 3]), name="embedding")
        ids = gg.constant(d.rng.integers(0, 5, size=4).astype("int32"))
        x = d.input([4, 3])
        e = gg.nn.embedding_lookup(table, ids)
        y = gg.reduce_sum(e * x, axis=1)
        loss = gg.reduce_mean(gg.square(y))
    else:
        x = d.input([3])
        w = gg.Variable(d.values([3]) * 0.5, name="w")
        _, y = gg.while_loop(lambda j, a: j < 2, lambda j, a: (j + 1, gg.tanh(a * w)),
                             [gg.constant(0), x])  # fmt: skip
        loss = gg.reduce_sum(gg.square(y))
    _optimizer(d).minimize(loss, name="train")
    d.steps = int(d.rng.integers(1, 4))
    return [gg.identity(y, name="out"), gg.identity(loss, name="loss")]


def strings(d: Draw, _: int) -> list:
    words = np.array(
        [d.pick([b"ab", b"", b"hello", b"x y", b"12", b"-3.5"]) for _ in range(3)], object
    )
    d.n += 1
    x = gg.placeholder(gg.string, [None], name=f"x{d.n}")
    d.feeds[x.name] = words
    kind = d.pick(
        ["length", "join", "upper", "substr", "regex", "number", "as_string", "eq", "pad"]
    )
    if kind == "pad":
        y = gg.pad(x, [[1, int(d.rng.integers(0, 3))]], constant_values=d.pick(["", "z"]))
    elif kind == "length":
        y = gg.strings.length(x) * 2
    elif kind == "join":
        y = gg.strings.join([x, gg.constant("-"), x])
    elif kind == "upper":
        y = gg.strings.upper(x)
    elif kind == "substr":
        y = gg.strings.substr(x, 0, 2)
    elif kind == "regex":
        y = gg.strings.regex_replace(x, "[a-z]", "Z")
    elif kind == "number":
        y = gg.strings.to_number(gg.constant(["1.5", "-2", "7"]))
    elif kind == "as_string":
        y = gg.strings.as_string(gg.constant([1.5, -2.25]))
    else:
        y = gg.equal(x, gg.constant("ab"))
    return [gg.identity(y, name="out")]


# Constructs a format cannot hold, each with the names of the nodes its refusal must list,
# by format ("graphdef", the SavedModel too, and "onnx"): built on x, a [None, 3] input.
def _bad_lgamma(x):
    return gg.math.lgamma(gg.abs(x) + 1.0, name="bad_lgamma"), {"onnx": ["bad_lgamma"]}


def _bad_uniform(x):
    y = x + gg.random_uniform([3], seed=3, name="bad_uniform")
    return y, {"onnx": ["bad_uniform/RandomUniform"]}


def _bad_dropout(x):
    return gg.nn.dropout(x, rate=0.5, seed=4, name="bad_dropout"), {"onnx": ["bad_dropout"]}


def _bad_noise_shape(x):
    y = gg.nn.dropout(x, rate=0.5, noise_shape=[1, 3], seed=4, name="bad_noise")
    return y, {"onnx": ["bad_noise"]}


def _bad_sort(x):
    return gg.sort(x, name="bad_sort"), {"graphdef": ["bad_sort"], "onnx": ["bad_sort"]}


def _bad_mask(x):
    y = gg.boolean_mask(x, gg.constant([True, False, True]), axis=1, name="bad_mask")
    return y, {"graphdef": ["bad_mask/GatherV2"], "onnx": ["bad_mask/GatherV2"]}


def _bad_complex(x):
    y = gg.abs(gg.complex(x, x, name="bad_complex"), name="bad_complex_abs")
    return y, {"onnx": ["bad_complex", "bad_complex_abs"]}


def _bad_one_hot(x):
    y = gg.one_hot(gg.constant([0, 1, 2]), gg.shape(x)[0] + 1, name="bad_one_hot")
    return y, {"onnx": ["bad_one_hot"]}


def _bad_slice(x):
    y = gg.slice(x, gg.stack([gg.shape(x)[0] - 1, 0]), [1, 2], name="bad_slice")
    return y, {"onnx": ["bad_slice"]}


def _bad_cumprod(x):
    return gg.math.cumprod(x, axis=1, name="bad_cumprod"), {"onnx": ["bad_cumprod"]}


def _bad_strings(x):
    text = gg.strings.as_string(x, name="bad_text")
    y = gg.cast(gg.strings.length(text, name="bad_length"), gg.float32)
    return y, {"onnx": ["bad_text", "bad_length"]}


def _bad_cond_update(x):
    v = gg.Variable(np.zeros(3, np.float32), name="bad_v")
    y = gg.cond(
        gg.reduce_sum(x) > 0.0,
        lambda: gg.identity(gg.assign_add(v, [1.0, 2.0, 3.0])),
        lambda: v + 0.0,
        name="bad_cond",
    )
    return x + y, {"graphdef": ["bad_cond"], "onnx": ["bad_cond"]}


BAD = (
    _bad_lgamma, _bad_uniform, _bad_dropout, _bad_noise_shape, _bad_sort, _bad_mask,
    _bad_complex, _bad_one_hot, _bad_slice, _bad_cumprod, _bad_strings, _bad_cond_update,
)  # fmt: skip


def refusals(d: Draw, i: int) -> list:
    """Good ops around one, two or three constructs a format cannot hold: the first 12
    programs take each construct alone, the rest two or three drawn."""
    x = d.input([2, 3], unknown_batch=True)
    t = d.pick([gg.tanh, gg.nn.relu, gg.abs, gg.sigmoid, gg.square])(x)  # each format holds it
    picks = (
        [BAD[i]]
        if i < len(BAD)
        else [BAD[k] for k in d.rng.choice(len(BAD), int(d.rng.integers(2, 4)), replace=False)]
    )
    bad: dict[str, list[str]] = {"graphdef": [], "onnx": []}
    outs = []
    for k, construct in enumerate(picks):
        with gg.name_scope(f"p{k}"):
            y, names = construct(t)
        for fmt in bad:
            bad[fmt] += [f"p{k}/{n}" for n in names.get(fmt, [])]
        outs.append(gg.identity(gg.cast(y, gg.float32), name=f"out{k}"))
    d.bad = bad
    return outs


def empty(d: Draw, i: int) -> list:
    """An input with no element, most often a batch of no rows (a request of 0 instances),
    through an elementwise chain or a reduction: each format keeps the empty shapes and a
    reduction's identity (0, 1, -inf, inf, NaN for a mean)."""
    d.empty = True
    return (reductions if i % 2 else elementwise)(d, i)


FAMILIES = {
    "elementwise": elementwise,
    "integers": integers,
    "dtypes": dtypes,
    "reductions": reductions,
    "shapes": shapes,
    "nn": nn,
    "control": control,
    "training": training,
    "strings": strings,
    "refusals": refusals,
    "empty": empty,
}


# -- graphgate's side: the program, its run and its exports ---------------------------------


def _initializers(graph) -> list[str]:
    return [
        op.attrs["initializer"]
        for op in graph.get_operations()
        if op.type == "VariableV2" and op.attrs.get("initializer")
    ]


def graphgate_run(document: dict, feeds: dict, fetches: list, steps: int):
    """graphgate's session on the stored document: initialized, trained `steps` times
    (`train` with the feeds), then the fetches; (outputs, variables, session)."""
    graph = graph_from_dict(document)
    session = gg.Session(graph)
    session.run([], targets=_initializers(graph))
    for _ in range(steps):
        session.run([], feeds, targets=["train"])
    outputs = session.run(fetches, feeds)
    return outputs, dict(session.get_variables()), session


def signature(graph, feeds: dict, fetches: list):
    """The SavedModel's signature: the feeds as `in<k>`, the fetches as `out<k>`."""
    from graphgate.saved_model.signature_def_utils import build_signature_def
    from graphgate.saved_model.utils import build_tensor_info

    def infos(names, stem):
        return {
            f"{stem}{k}": build_tensor_info(graph.get_tensor_by_name(n))
            for k, n in enumerate(names)
        }

    return build_signature_def(
        infos(list(feeds), "in"), infos(fetches, "out"), "tensorflow/serving/predict"
    )


def exports(document: dict, variables: dict, feeds: dict, fetches: list) -> dict:
    """Each format's bytes (or the refusal's problems) as the service writes them."""
    from graphgate.onnx import export_onnx
    from graphgate.saved_model import archive
    from graphgate.tf_export import graph_def_bytes

    out = {}
    graph = graph_from_dict(document)
    try:
        out["graphdef"] = graph_def_bytes(graph)
    except GraphgateError as exc:
        out["graphdef"] = exc.details.get("problems") or [
            {"node": "?", "op": "?", "reason": exc.message}
        ]
    session = gg.Session(graph)
    session.set_variables(variables)
    try:
        out["saved_model"] = archive(session, {"serving_default": signature(graph, feeds, fetches)})
    except GraphgateError as exc:
        out["saved_model"] = exc.details.get("problems") or [
            {"node": "?", "op": "?", "reason": exc.message}
        ]
    try:
        model = export_onnx(graph, fetches, [n.split(":")[0] for n in feeds], session=session)
        out["onnx"] = model
    except GraphgateError as exc:
        out["onnx"] = exc.details.get("problems") or [
            {"node": "?", "op": "?", "reason": exc.message}
        ]
    return out


def problems_of(exported) -> list | None:
    if isinstance(exported, list):
        return [{k: p[k] for k in ("node", "op", "reason") if k in p} for p in exported]
    return None


def onnx_problems(exported) -> list | None:
    if isinstance(exported, list):
        return [
            {"node": p.get("node"), "op": p.get("op_type", p.get("op")), "reason": p.get("reason")}
            for p in exported
        ]
    return None


def onnx_structure(model) -> list[str]:
    """What an ONNX export must keep: its nodes' types, inputs' and outputs' names."""
    g = model.graph
    return [
        *(f"in:{v.name}" for v in g.input),
        *(f"out:{v.name}" for v in g.output),
        *(n.op_type for n in g.node),
    ]


# -- the loaders ---------------------------------------------------------------------------


def _error(exc: Exception) -> str:
    lines = str(exc).strip().splitlines() or [""]
    return f"{type(exc).__name__}: {lines[0][:300]}"


def tf_graphdef(tf, blob: bytes, program: dict) -> dict:
    """TF imports the GraphDef, runs the variables' initializers and the training steps,
    then fetches the outputs and every variable."""
    t = tf.compat.v1
    graph_def = t.GraphDef()
    try:
        graph_def.ParseFromString(blob)
        with tf.Graph().as_default() as graph, t.Session(graph=graph) as sess:
            t.import_graph_def(graph_def, name="")
            if program["initializers"]:
                sess.run(program["initializers"])
            feeds = {k: decode_feed(v) for k, v in program["feeds"].items()}
            for _ in range(program["steps"]):
                sess.run("train", feeds)
            outputs = sess.run(program["fetches"], feeds)
            names = sorted(program["variables"])
            variables = sess.run([f"{n}:0" for n in names]) if names else []
    except Exception as exc:  # TF's own classes: what failed is what is recorded
        return {"error": _error(exc)}
    return {
        "outputs": [encode(o) for o in outputs],
        "variables": dict(zip(names, map(encode, variables), strict=True)),
    }


def tf_saved_model(tf, blob: bytes, program: dict) -> dict:
    t = tf.compat.v1
    try:
        with tempfile.TemporaryDirectory() as directory:
            zipfile.ZipFile(io.BytesIO(blob)).extractall(directory)
            with tf.Graph().as_default() as graph, t.Session(graph=graph) as sess:
                meta = t.saved_model.loader.load(sess, ["serve"], directory)
                sig = meta.signature_def["serving_default"]
                feeds = {
                    sig.inputs[f"in{k}"].name: decode_feed(v)
                    for k, v in enumerate(program["feeds"].values())
                }
                names = [sig.outputs[f"out{k}"].name for k in range(len(program["fetches"]))]
                outputs = sess.run(names, feeds)
    except Exception as exc:
        return {"error": _error(exc)}
    return {"outputs": [encode(o) for o in outputs]}


def ort_run(model, program: dict) -> dict:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    try:
        sess = ort.InferenceSession(
            model.SerializeToString(), opts, providers=["CPUExecutionProvider"]
        )
        feeds = {k.split(":")[0]: decode_feed(v) for k, v in program["feeds"].items()}
        outputs = sess.run(None, feeds)
    except Exception as exc:
        return {"error": _error(exc)}
    return {"outputs": [encode(np.asarray(o)) for o in outputs]}


def encode_feed(value: np.ndarray) -> dict:
    if value.dtype == object:
        return {
            "dtype": "string",
            "shape": list(value.shape),
            "strings": [v.decode("latin-1") for v in value.ravel()],
        }
    return encode(value)


def decode_feed(spec: dict) -> np.ndarray:
    if spec["dtype"] == "string":
        flat = np.array([s.encode("latin-1") for s in spec["strings"]], object)
        return flat.reshape(spec["shape"])
    return decode(spec)


def encode(value) -> dict:
    a = np.asarray(value)
    if a.dtype == object or a.dtype.kind in "SU":
        flat = [v if isinstance(v, bytes) else str(v).encode() for v in a.ravel()]
        return {
            "dtype": "string",
            "shape": list(a.shape),
            "strings": [v.decode("latin-1") for v in flat],
        }
    return fuzz.encode(a)


def decode(spec: dict) -> np.ndarray:
    return decode_feed(spec) if spec["dtype"] == "string" else fuzz.decode(spec)


# -- comparing -----------------------------------------------------------------------------


# Relative tolerances by float width: the loaders' kernels round the last bits otherwise.
_RTOL = {2: 2e-3, 4: 1e-5, 8: 1e-12}


def differs(ours: np.ndarray, theirs: np.ndarray, atol=1e-6) -> str | None:
    """Why two outputs differ (None where they agree): dtype, shape, NaN or infinity
    positions, integers and strings exactly, floats within a few units of their width."""
    a, b = np.asarray(ours), np.asarray(theirs)
    rtol = _RTOL.get(a.dtype.itemsize, 1e-5) if a.dtype.kind == "f" else 1e-5
    if a.dtype != b.dtype and not (a.dtype == object and b.dtype == object):
        return f"dtype {a.dtype} != {b.dtype}"
    if a.shape != b.shape:
        return f"shape {a.shape} != {b.shape}"
    if a.dtype.kind not in "fc":
        return (
            None if np.array_equal(a, b) else f"values differ: {a.ravel()[:6]} vs {b.ravel()[:6]}"
        )
    if not np.array_equal(np.isnan(a), np.isnan(b)):
        return "NaN positions differ"
    finite = np.isfinite(a) & np.isfinite(b)
    if not np.array_equal(a[~finite & ~np.isnan(a)], b[~finite & ~np.isnan(b)]):
        return "infinities differ"
    gap = np.abs(a[finite].astype(np.float64) - b[finite])
    bound = atol + rtol * np.abs(b[finite].astype(np.float64))
    if np.any(gap > bound):
        k = int(np.argmax(gap - bound))
        return f"by {gap[k]:.3g} ({a[finite][k]!r} vs {b[finite][k]!r})"
    return None


def compare(ours: list, recorded: dict) -> str | None:
    if "error" in recorded:
        return None
    theirs = [decode(o) for o in recorded["outputs"]]
    if len(theirs) != len(ours):
        return f"{len(theirs)} outputs, graphgate {len(ours)}"
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        why = differs(a, b)
        if why:
            return f"output {k}: {why}"
    return None


# -- the run -------------------------------------------------------------------------------


def draw(family: str, index: int, rng) -> dict:
    """One program of `family`: its stored document, feeds, fetches, steps and variables."""
    with gg.Graph().as_default() as graph, np.errstate(all="ignore"):
        d = Draw(rng)
        fetches = [t.name for t in FAMILIES[family](d, index)]
    document = graph_to_dict(graph)
    outputs, variables, _ = graphgate_run(document, d.feeds, fetches, d.steps)
    program = {
        "document": document,
        "feeds": {k: encode_feed(v) for k, v in d.feeds.items()},
        "fetches": fetches,
        "steps": d.steps,
        "initializers": _initializers(graph_from_dict(document)),
        "variables": {k: encode(v) for k, v in variables.items()},
        "graphgate": [encode(o) for o in outputs],
    }
    if d.bad is not None:
        program["bad"] = d.bad
    return program


def record_one(tf, program: dict) -> dict:
    feeds = {k: decode_feed(v) for k, v in program["feeds"].items()}
    variables = {k: decode(v) for k, v in program["variables"].items()}
    made = exports(program["document"], variables, feeds, program["fetches"])
    seen = {}
    blob = made["graphdef"]
    if isinstance(blob, bytes):
        seen["graphdef"] = {
            "sha256": hashlib.sha256(blob).hexdigest(),
            "tf": tf_graphdef(tf, blob, program),
        }
    else:
        seen["graphdef"] = {"refused": problems_of(blob)}
        # "TensorFlow has no op X": TF's own registry must lack X.
        from tensorflow.python.framework import op_def_registry

        for p in seen["graphdef"]["refused"]:
            if p["reason"].startswith("TensorFlow has no op "):
                lacked = p["reason"].removeprefix("TensorFlow has no op ")
                p["tf_has_op"] = op_def_registry.get(lacked) is not None
    blob = made["saved_model"]
    if isinstance(blob, bytes):
        seen["saved_model"] = {
            "sha256": hashlib.sha256(blob).hexdigest(),
            "tf": tf_saved_model(tf, blob, program),
        }
    else:
        seen["saved_model"] = {"refused": problems_of(blob)}
    model = made["onnx"]
    if isinstance(model, list):
        seen["onnx"] = {"refused": onnx_problems(model)}
    else:
        seen["onnx"] = {"structure": onnx_structure(model), "ort": ort_run(model, program)}
    return seen


def main() -> None:
    import tensorflow as tf

    tf.compat.v1.disable_eager_execution()
    only = sys.argv[1:]
    recorded = {}
    for family in FAMILIES:
        if only and family not in only:
            continue
        rng = np.random.default_rng(fuzzseed.seed(f"fuzzexport.{family}"))
        for i in range(COUNTS[family]):
            name = f"{family}.{i}"
            try:
                program = draw(family, i, rng)
            except Exception as exc:  # a drawing graphgate refuses: reported, not recorded
                print(f"{name}: not drawn: {_error(exc)}", file=sys.stderr)
                continue
            program |= record_one(tf, program)
            recorded[name] = program
            report(name, program)
    json.dump(
        {"tensorflow": tf.__version__, "programs": recorded}, sys.stdout, separators=(",", ":")
    )
    sys.stdout.write("\n")


def report(name: str, program: dict) -> None:
    ours = [decode(o) for o in program["graphgate"]]
    notes = []
    for fmt, key in (("graphdef", "tf"), ("saved_model", "tf"), ("onnx", "ort")):
        seen = program[fmt]
        if "refused" in seen:
            notes.append(
                f"{fmt} refused {[(p['node'], p['op'], p['reason'][:80]) for p in seen['refused']]}"
            )
        elif "error" in seen[key]:
            notes.append(f"{fmt} LOAD ERROR {seen[key]['error']}")
        else:
            why = compare(ours, seen[key])
            if why:
                notes.append(f"{fmt} DIFFERS {why}")
    if program["steps"] and "outputs" in program["graphdef"].get("tf", {}):
        for var, spec in program["graphdef"]["tf"]["variables"].items():
            why = differs(decode(program["variables"][var]), decode(spec))
            if why:
                notes.append(f"graphdef variable {var} DIFFERS {why}")
    if notes:
        print(f"{name}: " + " | ".join(notes), file=sys.stderr)


COUNTS = {
    "elementwise": 70,
    "integers": 40,
    "dtypes": 60,
    "reductions": 60,
    "shapes": 70,
    "nn": 80,
    "control": 40,
    "training": 45,
    "strings": 20,
    "refusals": 32,
    "empty": 40,
}


if __name__ == "__main__":
    main()
