"""ONNX's GridSample lowered to the engine's gathers: each output point is a weighted sum of
the input values at the corners around its coordinates (1 for nearest, 2 per axis for
linear, 4 for cubic), with ONNX's reference for the coordinate mapping, rounding, border
clamping and reflection, and zeros outside the input."""

from __future__ import annotations

import itertools

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, lowers, where

_MODES = {"bilinear": "linear", "bicubic": "cubic", "linear": "linear", "cubic": "cubic"}
_ALPHA = -0.75  # the cubic convolution's coefficient (Keys), as ONNX and PyTorch


def _grid_check(attrs, opset):
    mode = attrs.get("mode", "bilinear" if opset < 20 else "linear")
    if mode != "nearest" and mode not in _MODES:
        return f"GridSample mode {mode!r}"
    padding = attrs.get("padding_mode", "zeros")
    if padding not in ("zeros", "border", "reflection"):
        return f"GridSample padding_mode {padding!r}"
    if padding == "border" and _MODES.get(mode) == "cubic":
        # ONNX's reference clamps the coordinate, then each tap; onnxruntime (and PyTorch)
        # clamp only the taps. The two differ; neither is given as the answer.
        return "GridSample cubic with border padding (ONNX's reference and onnxruntime differ)"
    return None


class _Axis:
    """One spatial axis: its size and ONNX's borders for reflection."""

    def __init__(self, ctx, size: int, align: bool):
        self.ctx = ctx
        self.size = size
        self.lo, self.hi = (0.0, size - 1.0) if align else (-0.5, size - 0.5)

    def c(self, v, dtype=_dt.float32):
        return self.ctx.const(v, dtype)

    def reflect(self, x: Tensor) -> Tensor:
        """Reflect by the near border until inside [lo, hi] (the reference's _gs_reflect)."""
        lo, hi = self.c(self.lo, x.dtype), self.c(self.hi, x.dtype)
        span = self.c(self.hi - self.lo, x.dtype)
        two = self.c(2, x.dtype)

        def fold(dx, near, far):
            n = M.floor(M.divide(dx, span))  # dx >= 0: the reference's int() truncation
            r = M.subtract(dx, M.multiply(n, span))
            even = M.equal(M.floormod(n, two), self.c(0, x.dtype))
            return where(even, near(r), far(r))

        below = fold(M.subtract(lo, x), lambda r: M.add(lo, r), lambda r: M.subtract(hi, r))
        above = fold(M.subtract(x, hi), lambda r: M.subtract(hi, r), lambda r: M.add(lo, r))
        return where(M.less(x, lo), below, where(M.greater(x, hi), above, x))

    def fix_coordinate(self, x: Tensor, padding: str) -> Tensor:
        """Out-of-border coordinates clamped or reflected, as the reference does first."""
        outside = M.logical_or(M.less(x, self.c(self.lo)), M.greater(x, self.c(self.hi)))
        if padding == "border":
            fixed = M.minimum(M.maximum(x, self.c(0.0)), self.c(self.size - 1.0))
        elif padding == "reflection":
            fixed = self.reflect(x)
        else:
            return x
        return where(outside, fixed, x)

    def index(self, i: Tensor, padding: str) -> tuple[Tensor, Tensor | None]:
        """An integer pixel index (float32 holding an integer) made valid, and for zeros
        padding a mask of the indices that were inside."""
        if padding == "border":
            return M.minimum(M.maximum(i, self.c(0.0)), self.c(self.size - 1.0)), None
        if padding == "reflection":
            r = self.reflect(i)
            return M.multiply(M.sign(r), M.floor(M.abs(r))), None  # int() truncates
        inside = M.logical_and(M.greater_equal(i, self.c(0.0)), M.less(i, self.c(float(self.size))))
        safe = where(inside, i, A.zeros_like(i))
        return safe, inside


def _weights(t: Tensor, kind: str, ctx, dtype) -> list[Tensor]:
    t = M.cast(t, dtype)

    def c(v):
        return ctx.const(v, dtype)

    if kind == "linear":
        return [M.subtract(c(1), t), t]
    a = _ALPHA

    def far(x):  # |x| in [1, 2)
        return M.subtract(
            M.multiply(
                M.add(M.multiply(M.subtract(M.multiply(c(a), x), c(5 * a)), x), c(8 * a)), x
            ),
            c(4 * a),
        )

    def near(x):  # |x| < 1
        return M.add(
            M.multiply(M.multiply(M.subtract(M.multiply(c(a + 2), x), c(a + 3)), x), x), c(1)
        )

    one = c(1)
    return [far(M.add(t, one)), near(t), near(M.subtract(one, t)), far(M.subtract(c(2), t))]


@lowers("GridSample", check=_grid_check)
def _grid_sample(ctx):
    reason = _grid_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    xs = ctx.shape(0)
    if xs is None or len(xs) < 3 or None in xs[1:]:
        raise Unsupported("GridSample of an input whose channels and size are not known")
    dims = list(xs[2:])
    k = len(dims)
    mode = ctx.attr("mode", "bilinear" if ctx.opset < 20 else "linear")
    kind = "nearest" if mode == "nearest" else _MODES[mode]
    padding = ctx.attr("padding_mode", "zeros")
    align = bool(ctx.attr("align_corners", 0))
    x, grid = ctx.t(0), M.cast(ctx.t(1), _dt.float32)
    axes = [_Axis(ctx, d, align) for d in dims]
    # The grid's last axis lists coordinates innermost first (x, y, ...).
    parts = A.split(grid, k, -1)
    coords = []
    for i, ax in enumerate(axes):
        g = A.squeeze(parts[k - 1 - i], [-1])
        if align:
            v = M.multiply(M.divide(M.add(g, ax.c(1.0)), ax.c(2.0)), ax.c(ax.size - 1.0))
        else:
            v = M.divide(
                M.subtract(M.multiply(M.add(g, ax.c(1.0)), ax.c(float(ax.size))), ax.c(1.0)),
                ax.c(2.0),
            )
        if kind == "nearest":
            v = _rint(v)  # half to even, as the reference (and PyTorch)
        coords.append(ax.fix_coordinate(v, padding))
    taps = []  # per axis: [(index, weight or None)]
    for ax, v in zip(axes, coords, strict=True):
        if kind == "nearest":
            taps.append([(M.multiply(M.sign(v), M.floor(M.abs(v))), None)])
            continue
        base = M.floor(v)
        t = M.subtract(v, base)
        offsets = (0, 1) if kind == "linear" else (-1, 0, 1, 2)
        ws = _weights(t, kind, ctx, x.dtype)
        taps.append([(M.add(base, ax.c(float(o))), w) for o, w in zip(offsets, ws, strict=True)])
    return [_gather_sum(ctx, x, dims, axes, taps, padding)]


def _rint(v):
    from ..ops import special_math_ops

    return special_math_ops.round(v)


def _gather_sum(ctx, x, dims, axes, taps, padding):
    """Sum over every corner of the product of its weights and the input there."""
    k = len(dims)
    c_dim = ctx.shape(0)[1]
    positions = int(np.prod(dims))
    # [N, C, *dims] -> [N * P, C]: one gather of flat (batch, position) indices
    flat = A.reshape(A.transpose(x, [0, *range(2, 2 + k), 1]), [-1, c_dim])
    strides = [int(np.prod(dims[i + 1 :])) for i in range(k)]
    out_rank = len(taps[0][0][0].static_shape)  # [N, *out]
    from ..ops.extra_array_ops import range as range_

    batch = range_(A.shape(taps[0][0][0], out_type=_dt.int64)[0], dtype=_dt.int64)
    batch = A.reshape(
        M.multiply(batch, ctx.const(positions, np.int64)), [-1] + [1] * (out_rank - 1)
    )
    total = None
    for combo in itertools.product(*taps):
        index = batch
        weight, inside = None, None
        for ax, stride, (i, w) in zip(axes, strides, combo, strict=True):
            safe, ok = ax.index(i, padding)
            index = M.add(index, M.multiply(M.cast(safe, _dt.int64), ctx.const(stride, np.int64)))
            if w is not None:
                weight = w if weight is None else M.multiply(weight, w)
            if ok is not None:
                inside = ok if inside is None else M.logical_and(inside, ok)
        v = A.gather(flat, index)  # [N, *out, C]
        if inside is not None:
            v = where(A.expand_dims(inside, -1), v, A.zeros_like(v))
        if weight is not None:
            v = M.multiply(v, A.expand_dims(weight, -1))
        total = v if total is None else M.add(total, v)
    return A.transpose(total, [0, out_rank, *range(1, out_rank)])


def _base_grid(ctx, dims: list[int]) -> np.ndarray:
    """The normalized sampling grid [*dims, k] of the identity transform, by ONNX's
    reference (its coordinates come from float arange, kept as it computes them)."""
    from onnx import TensorProto, helper
    from onnx.reference import ReferenceEvaluator

    k = len(dims)
    theta = np.concatenate([np.eye(k), np.zeros((k, 1))], 1)[None].astype(np.float32)
    node = helper.make_node(
        "AffineGrid", ["t", "s"], ["g"], align_corners=ctx.attr("align_corners", 0)
    )
    graph = helper.make_graph(
        [node],
        "probe",
        [
            helper.make_tensor_value_info("t", TensorProto.FLOAT, None),
            helper.make_tensor_value_info("s", TensorProto.INT64, None),
        ],
        [helper.make_tensor_value_info("g", TensorProto.FLOAT, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", max(ctx.opset, 20))])
    size = np.array([1, 1, *dims], np.int64)
    return ReferenceEvaluator(model).run(None, {"t": theta, "s": size})[0][0]


@lowers("AffineGrid", static=(1,), run_time=(1,))
def _affine_grid(ctx):
    """grid[n, p] = theta[n] @ (base[p], 1): spatial transformers' sampling grid for
    GridSample."""
    if not isinstance(ctx.values[1], np.ndarray):
        return [_run_time_affine_grid(ctx)]
    size = ctx.ints(1, "size")
    dims = size[2:]
    if len(dims) not in (2, 3):
        raise Unsupported(f"AffineGrid of {len(dims)} spatial dims")
    if min(dims) < 0:  # numpy's ValueError in ONNX's reference, once a 500
        raise error("INVALID_ATTR", f"AffineGrid's size must not be negative, got {size}")
    base = _base_grid(ctx, dims)
    homo = np.concatenate([base, np.ones((*dims, 1), base.dtype)], -1)  # [*dims, k + 1]
    theta = ctx.t(0)
    k = len(dims)
    # [N * k, k + 1] @ [k + 1, P] as the reference's matmul, then [N, *dims, k]
    flat = M.matmul(
        A.reshape(theta, [-1, k + 1]), ctx.const(homo.reshape(-1, k + 1).T, theta.dtype)
    )
    grid = A.transpose(A.reshape(flat, [-1, k, int(np.prod(dims))]), [0, 2, 1])
    return [A.reshape(grid, [-1, *dims, k])]


def _run_time_affine_grid(ctx) -> Tensor:
    """AffineGrid of a size a run gives: each spatial axis's coordinates as ONNX's
    reference makes them (numpy's float64 arange: start + i x (the second value - start)),
    the homogeneous grid broadcast over the run's dims, theta applied in float64 as the
    reference's matmul of float32 theta and its float64 grid, then float32."""
    from ..ops.extra_array_ops import range as range_

    n = ctx.shape(1)
    if n is None or len(n) != 1 or n[0] not in (4, 5):
        raise Unsupported("AffineGrid with a size of a length other than 4 or 5")
    k, f64, i64 = n[0] - 2, _dt.float64, np.int64

    def c(v):
        return ctx.const(v, np.float64)

    dims = A.slice(A.reshape(M.cast(ctx.t(1), _dt.int64), [-1]), [2], [k])
    zeros = A.fill(dims, ctx.const(0.0, np.float64))
    axes = []
    for j in range(k):
        d = M.cast(A.gather(dims, ctx.const(j, i64)), f64)
        if ctx.attr("align_corners", 0):
            start, step = c(-1.0), M.divide(c(2.0), M.subtract(d, c(1.0)))
        else:
            step = M.divide(c(2.0), d)
            start = M.add(c(-1.0), M.divide(step, c(2.0)))
        delta = M.subtract(M.add(start, step), start)
        count = A.gather(dims, ctx.const(j, i64))
        i = M.cast(range_(ctx.const(0, i64), count, ctx.const(1, i64), dtype=_dt.int64), f64)
        # numpy sets the first value to start itself: one pixel with align_corners steps
        # by 2 / 0, and 0 x inf would be NaN
        a = where(M.equal(i, c(0.0)), A.zeros_like(i), M.multiply(i, delta))
        a = M.add(start, a)
        axes.append(M.add(A.reshape(a, [-1 if m == j else 1 for m in range(k)]), zeros))
    homo = A.stack([*axes[::-1], M.add(zeros, c(1.0))], k)  # (x, y[, z], 1) per point
    theta = M.cast(A.reshape(ctx.t(0), [-1, k + 1]), f64)
    flat = M.matmul(theta, A.transpose(A.reshape(homo, [-1, k + 1])))  # [N * k, P]
    points = A.stack([ctx.const(-1, i64), ctx.const(k, i64), R.reduce_prod(dims)], 0)
    grid = A.transpose(A.reshape(flat, points), [0, 2, 1])
    shape = A.concat([ctx.const([-1], i64), dims, ctx.const([k], i64)], 0)
    return M.cast(A.reshape(grid, shape), ctx.dtype(0))
