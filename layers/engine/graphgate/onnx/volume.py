"""3-D `Conv` and `ConvTranspose` (rank-5 NCDHW inputs: video, medical volumes) as the
engine's conv3d / conv3d_transpose over NDHWC, with ONNX's explicit padding, `auto_pad`,
`group`, `output_padding` and `output_shape`. The volume's spatial sizes and channels must
be known when the model is imported (the batch need not be), except that a stride-1 Conv
pads the same whatever the size."""

from __future__ import annotations

import numpy as np

from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops.conv3d_ops import conv3d as _conv3d
from ..ops.conv3d_ops import conv3d_transpose as _conv3d_transpose
from .lowering import Unsupported, _spatial_pads

_TO_NDHWC, _TO_NCDHW = [0, 2, 3, 4, 1], [0, 4, 1, 2, 3]
_FILTER = [2, 3, 4, 1, 0]  # [M, C/g, KD, KH, KW] -> [KD, KH, KW, C/g, M] (and transposed)


def _grouped(ctx, x, f, build):
    group = ctx.attr("group", 1)
    if group == 1:
        return build(x, f)
    pairs = zip(A.split(x, group, 4), A.split(f, group, 4), strict=True)
    return A.concat([build(a, b) for a, b in pairs], 4)


def conv3d(ctx):
    xs, w_shape = ctx.shape(0), ctx.shape(1)
    if w_shape is None or None in w_shape:
        raise Unsupported("Conv over a volume with a kernel unknown at import")
    kernel = list(ctx.attr("kernel_shape") or w_shape[2:])
    strides = list(ctx.attr("strides", [1, 1, 1]))
    dil = list(ctx.attr("dilations", [1, 1, 1]))
    begin, end = _spatial_pads(ctx, xs[2:], kernel, strides, dil)
    x = A.transpose(ctx.t(0), _TO_NDHWC)
    if any(begin) or any(end):
        x = A.pad(x, [[0, 0], *([b, e] for b, e in zip(begin, end, strict=True)), [0, 0]])
    f = A.transpose(ctx.t(1), _FILTER)
    y = _grouped(
        ctx,
        x,
        f,
        lambda a, b: _conv3d(a, b, [1, *strides, 1], "VALID", dilations=[1, *dil, 1]),
    )
    if ctx.has(2):
        y = M.add(y, ctx.t(2))
    return A.transpose(y, _TO_NCDHW)


def _transpose_pads(ctx, sizes, full, strides):
    """ONNX's (begin, end) crop of the full transposed output, from `pads`, or from the
    `output_shape` / `auto_pad` SAME target (SAME_UPPER puts the odd element at the end)."""
    auto = ctx.attr("auto_pad", "NOTSET")
    target = ctx.attr("output_shape")
    if target is None and auto in ("SAME_UPPER", "SAME_LOWER"):
        target = [i * s for i, s in zip(sizes, strides, strict=True)]
    if target is None:
        if auto == "VALID":
            return [0] * 3, [0] * 3
        pads = list(ctx.attr("pads", [0] * 6))
        return pads[:3], pads[3:]
    total = [f - t for f, t in zip(full, list(target)[-3:], strict=True)]
    small, big = [t // 2 for t in total], [t - t // 2 for t in total]
    return (small, big) if auto == "SAME_UPPER" else (big, small)


def conv3d_transpose(ctx):
    xs, w_shape = ctx.shape(0), ctx.shape(1)
    if None in xs[1:] or w_shape is None or None in w_shape:
        raise Unsupported("ConvTranspose over a volume whose sizes are unknown at import")
    kernel = list(w_shape[2:])
    strides = list(ctx.attr("strides", [1, 1, 1]))
    dil = list(ctx.attr("dilations", [1, 1, 1]))
    out_pad = list(ctx.attr("output_padding", [0, 0, 0]))
    extra = [
        op + (k - 1) * d + 1 - s for k, s, d, op in zip(kernel, strides, dil, out_pad, strict=True)
    ]
    if ctx.attr("auto_pad", "NOTSET") in ("SAME_UPPER", "SAME_LOWER") and min(extra) < 0:
        raise Unsupported(
            "ConvTranspose auto_pad SAME with a kernel shorter than its stride "
            "(onnxruntime's output is shorter than the spec's input x stride)"
        )
    full = [i * s + e for i, s, e in zip(xs[2:], strides, extra, strict=True)]
    begin, end = _transpose_pads(ctx, xs[2:], full, strides)
    x = A.transpose(ctx.t(0), _TO_NDHWC)
    f = A.transpose(ctx.t(1), _FILTER)  # [C, M/g, KD, KH, KW] -> [KD, KH, KW, M/g, C]
    channels = w_shape[1]

    def deconv(a, b):
        if xs[0] is None:
            batch = A._strided_slice(A.shape(a), (slice(0, 1),))
            shape = A.concat([batch, ctx.const([*full, channels], np.int32)], 0)
        else:
            shape = [xs[0], *full, channels]
        return _conv3d_transpose(a, b, shape, [1, *strides, 1], "VALID", dilations=[1, *dil, 1])

    y = _grouped(ctx, x, f, deconv)
    # Positive pads crop the full output; negative ones (an output_shape larger than it)
    # extend it with zeros at that side.
    if any(p > 0 for p in begin + end):
        crop = (slice(None), *(slice(max(b, 0), f - max(e, 0)) for b, e, f in zip(
            begin, end, full, strict=True)))  # fmt: skip
        y = A._strided_slice(y, crop)
    if any(p < 0 for p in begin + end):
        grow = [[0, 0], *([max(-b, 0), max(-e, 0)] for b, e in zip(begin, end, strict=True))]
        y = A.pad(y, [*grow, [0, 0]])
    if ctx.has(2):
        y = M.add(y, ctx.t(2))
    return A.transpose(y, _TO_NCDHW)
