"""Pooling the engine's 2-D pool ops cannot express (dilated windows, 3-D inputs, small
integers, LpPool), as a reduction over the kernel's shifted strided slices of the padded
NCHW input: one slice per kernel offset, combined with maximum, sum or sum of powers."""

from __future__ import annotations

import itertools

import numpy as np

from .. import dtypes as _dt
from ..graph import Tensor
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, _spatial_pads, lowers, where


class _Geometry:
    """Kernel, strides, dilations, pads and output size per spatial axis."""

    def __init__(self, ctx):
        shape = ctx.shape(0)
        if shape is None or len(shape) < 3 or None in shape[2:]:
            raise Unsupported(f"{ctx.op_type} over spatial dims unknown at import")
        self.sizes = list(shape[2:])
        n = len(self.sizes)
        self.kernel = list(ctx.attr("kernel_shape"))
        self.strides = list(ctx.attr("strides", [1] * n))
        self.dilations = list(ctx.attr("dilations", [1] * n))
        self.begin, self.end = _spatial_pads(
            ctx, self.sizes, self.kernel, self.strides, self.dilations
        )
        self.extra = [0] * n  # ceil_mode's padding past the explicit pads
        self.out = []
        ceil = bool(ctx.attr("ceil_mode", 0))
        for i in range(n):
            span = self.sizes[i] + self.begin[i] + self.end[i]
            eff = (self.kernel[i] - 1) * self.dilations[i] + 1
            steps = span - eff
            out = (-(-steps // self.strides[i]) if ceil else steps // self.strides[i]) + 1
            if ceil and (out - 1) * self.strides[i] >= self.sizes[i] + self.begin[i]:
                out -= 1  # a last window starting in the end padding is dropped
            self.out.append(out)
            self.extra[i] = max((out - 1) * self.strides[i] + eff - span, 0)

    def pairs(self, with_extra: bool = True) -> list[list[int]]:
        tail = self.extra if with_extra else [0] * len(self.sizes)
        return [[0, 0], [0, 0]] + [
            [b, e + x] for b, e, x in zip(self.begin, self.end, tail, strict=True)
        ]

    def slices(self, x):
        """One [N, C, *out] slice per kernel offset."""
        for offset in itertools.product(*(range(k) for k in self.kernel)):
            index = [slice(None), slice(None)]
            for o, d, s, n in zip(offset, self.dilations, self.strides, self.out, strict=True):
                start = o * d
                index.append(slice(start, start + (n - 1) * s + 1, s))
            yield A._strided_slice(x, tuple(index))


def _lowest(dtype) -> float:
    return float(-np.inf) if dtype in _dt.FLOATS else float(np.iinfo(np.dtype(dtype)).min)


def max_pool(ctx):
    """MaxPool by slices (padding never wins: it is the dtype's lowest value); with the
    Indices output, each maximum's flat index into the input, the first in the window on
    a tie, as ONNX's reference."""
    geo = _Geometry(ctx)
    x = ctx.t(0)
    padded = A.pad(x, geo.pairs(), constant_values=_lowest(x.dtype))
    if ctx.wanted(1):
        return _max_pool_with_indices(ctx, geo, x, padded)
    out = None
    for part in geo.slices(padded):
        out = part if out is None else M.maximum(out, part)
    return [out]


def _max_pool_with_indices(ctx, geo, x, padded):
    from ..ops.extra_array_ops import range as range_

    sizes = geo.sizes
    spatial = int(np.prod(sizes))
    column_major = bool(ctx.attr("storage_order", 0))
    # Each slice's input positions, flattened as ONNX counts them (row- or column-major).
    padded_sizes = [
        s + b + e + x_ for s, b, e, x_ in zip(sizes, geo.begin, geo.end, geo.extra, strict=True)
    ]
    coords = np.indices(padded_sizes)
    for k, b in enumerate(geo.begin):
        coords[k] -= b
    if column_major:
        flat = sum(coords[k] * int(np.prod(sizes[:k])) for k in range(len(sizes)))
    else:
        flat = sum(coords[k] * int(np.prod(sizes[k + 1 :])) for k in range(len(sizes)))
    where_from = ctx.const(flat[None, None], np.int64)
    # the offset of each (batch, channel) image in the flattened input
    images = M.multiply(
        range_(
            M.cast(
                M.divide(A.size(x, out_type=_dt.int64), ctx.const(spatial, np.int64)), _dt.int64
            ),
            dtype=_dt.int64,
        ),
        ctx.const(spatial, np.int64),
    )
    images = A.reshape(images, [-1, ctx.shape(0)[1], *([1] * len(sizes))])
    best = index = None
    for part, pos in zip(geo.slices(padded), geo.slices(where_from), strict=True):
        if best is None:
            best, index = part, M.add(pos, A.zeros_like(M.cast(part, _dt.int64)))
            continue
        better = M.greater(part, best)
        best = M.maximum(best, part)
        index = where(better, M.add(pos, A.zeros_like(index)), index)
    return [best, M.add(index, images)]


@lowers("MaxUnpool", static=(2,), run_time=(2,))
def _max_unpool(ctx):
    """Each value written at its flat index into zeros of output_shape, or of the shape
    kernel, strides and pads unpool to without one: onnxruntime's and PyTorch's reading,
    in which MaxPool's own indices of an odd-sized image unpool back to its size (ONNX's
    backend case reads an index in the unpooled shape instead; docs/onnx.md). An index
    outside the output fails the run (the scatter's INDEX_OUT_OF_RANGE), as onnxruntime's."""
    from ..ops.scatter_ops import tensor_scatter_nd_update

    shape = ctx.shape(0)
    if shape is None or None in shape[1:]:
        raise Unsupported("MaxUnpool over sizes unknown at import")
    kernel = list(ctx.attr("kernel_shape"))
    n = len(kernel)
    strides = list(ctx.attr("strides", [1] * n))
    pads = list(ctx.attr("pads", [0] * 2 * n))
    inferred = [
        (shape[2 + d] - 1) * strides[d] - (pads[d] + pads[n + d]) + kernel[d] for d in range(n)
    ]
    x = ctx.t(0)
    batch = A.shape(x, out_type=_dt.int64)[0:1]
    if ctx.has(2) and not isinstance(ctx.values[2], np.ndarray):
        spatial = _run_time_unpool_shape(ctx, inferred)
        dims = A.concat([batch, ctx.const([shape[1]], np.int64), spatial], 0)
        total = A.reshape(R.reduce_prod(dims), [1])
    else:
        spatial = _static_unpool_shape(ctx, shape, inferred)
        dims = [-1, shape[1], *spatial]
        total = M.multiply(batch, ctx.const([shape[1] * int(np.prod(spatial))], np.int64))
    # Overlapping windows repeat an index: written, not added (scatter_nd would sum).
    zeros = A.fill(total, ctx.const(0, x.dtype))
    index = A.reshape(M.cast(ctx.t(1), _dt.int64), [-1, 1])
    flat = tensor_scatter_nd_update(zeros, index, A.reshape(x, [-1]))
    return [A.reshape(flat, dims)]


def _static_unpool_shape(ctx, shape, inferred: list[int]) -> list[int]:
    """The spatial dims of a known output_shape (the unpooled ones without it), refused
    where onnxruntime refuses it: another rank, batch or channels than X's, or smaller
    than the unpooled shape anywhere."""
    target = ctx.ints(2, "output_shape")
    if target is None:
        return inferred
    if len(target) != len(shape):
        raise Unsupported("MaxUnpool's output_shape must have one entry per dim of its input")
    if target[1] != shape[1] or shape[0] not in (None, target[0]):
        raise Unsupported("MaxUnpool's output_shape must keep its input's batch and channels")
    if any(t < i for t, i in zip(target[2:], inferred, strict=True)):
        raise Unsupported("MaxUnpool to an output_shape smaller than the unpooled input")
    return target[2:]


def _run_time_unpool_shape(ctx, inferred: list[int]) -> Tensor:
    """The spatial dims of an output_shape a run gives, once the run shows it is of the
    input's rank, keeps its batch and channels and is nowhere smaller than the unpooled
    shape (onnxruntime's checks)."""
    from .lowering import checked

    if ctx.shape(2) not in ((ctx.rank(0),), None):
        raise Unsupported("MaxUnpool's output_shape must have one entry per dim of its input")
    target = A.reshape(M.cast(ctx.t(2), _dt.int64), [-1])
    same_rank = M.equal(A.size(target, out_type=_dt.int64), ctx.const(ctx.rank(0), np.int64))
    target = checked(target, same_rank, "MaxUnpool: output_shape of another rank than X")
    planes = A.shape(ctx.t(0), out_type=_dt.int64)[0:2]
    target = checked(
        target,
        R.reduce_all(M.equal(target[0:2], planes)),
        "MaxUnpool: output_shape's batch and channels are not its input's",
    )
    spatial = target[2:]
    return checked(
        spatial,
        R.reduce_all(M.greater_equal(spatial, ctx.const(inferred, np.int64))),
        "MaxUnpool: an output_shape smaller than the unpooled input",
    )


def average_pool(ctx):
    """AveragePool by slices, divided by each window's count of input elements (and of
    explicit padding with count_include_pad; ceil_mode's extra padding never counts)."""
    geo = _Geometry(ctx)
    x = ctx.t(0)
    total = _sum(geo, A.pad(x, geo.pairs()))
    ones = np.ones([1, 1, *geo.sizes], np.float64)
    if ctx.attr("count_include_pad", 0):
        ones = np.pad(ones, geo.pairs(with_extra=False), constant_values=1.0)
        mask = np.pad(ones, [[0, 0], [0, 0]] + [[0, e] for e in geo.extra])
    else:
        mask = np.pad(ones, geo.pairs())
    counts = _sum(geo, ctx.const(mask, x.dtype))
    return [M.divide(total, counts)]


def _sum(geo, x):
    out = None
    for part in geo.slices(x):
        out = part if out is None else M.add(out, part)
    return out


@lowers("LpPool")
def _lp_pool(ctx):
    geo = _Geometry(ctx)
    x = ctx.t(0)
    if x.dtype not in _dt.FLOATS:
        raise Unsupported(f"LpPool of {x.dtype.name} values")
    p = ctx.attr("p", 2)
    powered = M.pow(M.abs(x), ctx.const(p, x.dtype))
    total = _sum(geo, A.pad(powered, geo.pairs()))
    return [M.pow(total, ctx.const(1.0 / p, x.dtype))]


def needs_slices(ctx) -> bool:
    """Pools the engine's own ops cannot run: dilated, 3-D, or of integers."""
    dil = ctx.attr("dilations", ())
    rank = ctx.rank(0)
    return any(d != 1 for d in dil) or rank not in (3, 4) or ctx.dtype(0) not in _dt.FLOATS
