"""ONNX's DeformConv (opset 19) over images (NCHW), as ONNX's reference computes it: each
kernel tap reads the input at its place in the window moved by that output position's
offset, sampled bilinearly (a neighbour off the image reads 0: GridSample's zeros padding
with align_corners), times its mask, then the grouped convolution of those samples with
the weights, plus the bias. Channels, image and output sizes must be known at import (the
batch need not be); gradients are not lowered."""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, checked, lowers


def _geometry(ctx):
    xs, ws, os_ = ctx.shape(0), ctx.shape(1), ctx.shape(2)
    if xs is None or len(xs) != 4:
        raise Unsupported("DeformConv other than over images (NCHW)")
    if None in xs[1:] or ws is None or None in ws or os_ is None or None in os_[1:]:
        raise Unsupported("DeformConv whose channels or sizes are not known at import")
    kernel = list(ctx.attr("kernel_shape", ws[2:]))
    group, offset_group = ctx.attr("group", 1), ctx.attr("offset_group", 1)
    channels, out_channels = xs[1], ws[0]
    k = kernel[0] * kernel[1]
    if (
        channels != ws[1] * group
        or out_channels % group
        or channels % offset_group
        or os_[1] != offset_group * k * 2
        or list(ws[2:]) != kernel
    ):
        raise Unsupported(
            f"DeformConv's shapes do not agree: X {xs}, W {ws}, offset {os_}, "
            f"group {group}, offset_group {offset_group}"
        )
    strides = list(ctx.attr("strides", [1, 1]))
    dil = list(ctx.attr("dilations", [1, 1]))
    pads = list(ctx.attr("pads", [0, 0, 0, 0]))
    for d in range(2):
        span = (kernel[d] - 1) * dil[d] + 1
        if os_[2 + d] != (xs[2 + d] - span + pads[d] + pads[d + 2]) // strides[d] + 1:
            raise Unsupported("DeformConv whose offsets' sizes are not its output's")
    return kernel, strides, dil, pads, group, offset_group


def _base(kernel, strides, dil, pads, out_hw) -> list[np.ndarray]:
    """Per axis, each tap's place before its offset: [kh * kw, oh, ow]."""
    out = []
    for d in range(2):
        taps = np.arange(kernel[d]) * dil[d]
        starts = np.arange(out_hw[d]) * strides[d] - pads[d]
        per_tap = taps[:, None] + starts[None, :]  # [k_d, o_d]
        grid = per_tap[:, None, :, None] if d == 0 else per_tap[None, :, None, :]
        shape = (kernel[0], kernel[1], out_hw[0], out_hw[1])
        out.append(np.broadcast_to(grid, shape).reshape(-1, *out_hw).astype(np.float64))
    return out


@lowers("DeformConv")
def _deform_conv(ctx):
    kernel, strides, dil, pads, group, offset_group = _geometry(ctx)
    x, w = ctx.t(0), ctx.t(1)
    if x.dtype not in _dt.FLOATS:
        raise Unsupported(f"DeformConv of {x.dtype.name} values")
    _, c, h, wd = ctx.shape(0)
    out_c = ctx.shape(1)[0]
    oh, ow = ctx.shape(2)[2:]
    k, og, cg = kernel[0] * kernel[1], offset_group, c // offset_group
    offset = ctx.t(2)
    # ONNX's reference fails on a NaN or infinite offset (no pixel to read): so does the run
    finite = R.reduce_all(M.less(M.abs(offset), ctx.const(np.inf, offset.dtype)))
    offset = checked(offset, finite, "DeformConv: an offset that is NaN or infinite")
    offset = A.reshape(offset, [-1, og, k, 2, oh, ow])
    base_y, base_x = _base(kernel, strides, dil, pads, (oh, ow))
    py = M.add(offset[:, :, :, 0], ctx.const(base_y, x.dtype))  # [N, og, k, oh, ow]
    px = M.add(offset[:, :, :, 1], ctx.const(base_x, x.dtype))
    # [N, og, h * w, cg]: each offset group's channels, last, gathered by position
    image = A.transpose(A.reshape(x, [-1, og, cg, h * wd]), [0, 1, 3, 2])
    sampled = _bilinear(ctx, image, py, px, (og, k * oh * ow), (h, wd))  # [N, og, P, cg]
    if ctx.has(4):
        mask = A.reshape(M.cast(ctx.t(4), x.dtype), [-1, og, k * oh * ow, 1])
        sampled = M.multiply(sampled, mask)
    # columns [N, group, (c / group) * k, oh * ow], channel-major as the weights
    cols = A.transpose(A.reshape(sampled, [-1, og, k, oh * ow, cg]), [0, 1, 4, 2, 3])
    cols = A.reshape(cols, [-1, group, (c // group) * k, oh * ow])
    weights = A.reshape(w, [group, out_c // group, (c // group) * k])
    y = A.reshape(M.matmul(weights, cols), [-1, out_c, oh, ow])
    if ctx.has(3):
        y = M.add(y, A.reshape(ctx.t(3), [1, out_c, 1, 1]))
    return [y]


def _bilinear(ctx, image, py, px, groups_points: tuple, size: tuple):
    """Samples of `image` [N, og, h * w, cg] at float positions [N, og, k, oh, ow] (P points
    per offset group): the four neighbours' values weighted by their nearness, those off
    the image reading 0."""
    dtype = image.dtype
    og, points = groups_points
    h, wd = size
    y0, x0 = M.floor(py), M.floor(px)
    fy, fx = M.subtract(py, y0), M.subtract(px, x0)
    one = ctx.const(1, dtype)
    total = None
    for dy, wy in ((0, M.subtract(one, fy)), (1, fy)):
        for dx, wx in ((0, M.subtract(one, fx)), (1, fx)):
            yy, xx = M.add(y0, ctx.const(dy, dtype)), M.add(x0, ctx.const(dx, dtype))
            inside = M.logical_and(
                M.logical_and(M.greater_equal(yy, 0), M.less_equal(yy, h - 1)),
                M.logical_and(M.greater_equal(xx, 0), M.less_equal(xx, wd - 1)),
            )
            weight = M.multiply(M.multiply(wy, wx), M.cast(inside, dtype))
            yi = M.cast(M.minimum(M.maximum(yy, 0), h - 1), _dt.int64)
            xi = M.cast(M.minimum(M.maximum(xx, 0), wd - 1), _dt.int64)
            flat = A.reshape(M.add(M.multiply(yi, wd), xi), [-1, og, points])
            values = A.gather(image, flat, axis=2, batch_dims=2)  # [N, og, P, cg]
            term = M.multiply(values, A.reshape(weight, [-1, og, points, 1]))
            total = term if total is None else M.add(total, term)
    return total
