"""ONNX's detection operators lowered to the engine's image ops: NonMaxSuppression as one
TensorFlow non_max_suppression per (batch, class), whose greedy order (highest score first,
ties by the lower index), strict IoU and score thresholds are ONNX's."""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..graph import Tensor, TensorShape
from ..ops import array_ops as A
from ..ops import math_ops as M
from .lowering import Unsupported, checked, lowers, where


def _image_ops():
    from ..ops import image_ops

    return image_ops


def _nms_check(attrs, opset):
    if attrs.get("center_point_box", 0) not in (0, 1):
        return f"center_point_box {attrs['center_point_box']}"
    return None


def _scalar(ctx, i: int, default):
    """Input `i`'s value known at import, or a scalar tensor a run gives (the engine's
    suppression takes TF's limit and thresholds as inputs then)."""
    if ctx.has(i) and not isinstance(ctx.values[i], np.ndarray):
        if ctx.shape(i) is not None and 0 in ctx.shape(i):
            return default
        return A.reshape(ctx.t(i), [])
    v = ctx.static(i) if ctx.has(i) else None
    return default if v is None or v.size == 0 else v.reshape(-1)[0].item()


def _limits(ctx):
    """max_output_boxes_per_class, iou_threshold and score_threshold; those a run gives as
    tensors (the limit clamped into int32, the engine's; the iou checked into [0, 1])."""
    limit, iou, floor = _scalar(ctx, 2, 0), _scalar(ctx, 3, 0.0), _scalar(ctx, 4, float("-inf"))
    if isinstance(limit, Tensor):
        limit = M.cast(M.minimum(limit, ctx.const(2**31 - 1, limit.dtype)), _dt.int32)
    else:
        limit = int(limit)
    if isinstance(iou, Tensor):
        zero, one = ctx.const(0, iou.dtype), ctx.const(1, iou.dtype)
        inside = M.logical_and(M.greater_equal(iou, zero), M.less_equal(iou, one))
        iou = checked(iou, inside, "NonMaxSuppression: an iou_threshold outside [0, 1]")
    elif not 0 <= float(iou) <= 1:
        raise Unsupported(f"an iou_threshold of {iou} (outside [0, 1])")
    return limit, iou, floor


@lowers("NonMaxSuppression", static=(2, 3, 4), check=_nms_check, run_time=(2, 3, 4))
def _nms(ctx):
    reason = _nms_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    b_shape, s_shape = ctx.shape(0), ctx.shape(1)
    if b_shape is None or s_shape is None or len(b_shape) != 3 or len(s_shape) != 3:
        raise Unsupported("NonMaxSuppression over boxes or scores of a rank unknown at import")
    limit, iou, floor = _limits(ctx)
    boxes, scores = ctx.t(0), ctx.t(1)
    if ctx.attr("center_point_box", 0):
        # [x_center, y_center, width, height] -> corners, as ONNX's reference computes them
        xc, yc, w, h = A.split(boxes, 4, 2)
        half = ctx.const(0.5, boxes.dtype)
        hw, hh = M.multiply(w, half), M.multiply(h, half)
        boxes = A.concat([M.subtract(yc, hh), M.subtract(xc, hw), M.add(yc, hh), M.add(xc, hw)], 2)

    def select(b, c):  # [k, 3] rows of (batch, class, box) for one batch and class
        kept = _image_ops().non_max_suppression(
            A.gather(boxes, b),
            A.gather(A.gather(scores, b), c),
            limit,
            iou_threshold=iou,
            score_threshold=floor,
        )
        box = A.expand_dims(M.cast(kept, _dt.int64), 1)
        zero = A.zeros_like(box)
        return A.concat([M.add(zero, b), M.add(zero, c), box], 1)

    n_batch, n_class = s_shape[0], s_shape[1]
    if n_batch is None or n_class is None:
        return [_nms_loop(ctx, scores, select)]
    rows = [
        select(ctx.const(b, np.int64), ctx.const(c, np.int64))
        for b in range(n_batch)
        for c in range(n_class)
    ]
    if not rows:
        return [ctx.const(np.zeros((0, 3)), np.int64)]
    return [A.concat(rows, 0) if len(rows) > 1 else rows[0]]


def _nms_loop(ctx, scores, select):
    """A batch (or classes) only run time knows, as a torch export with a dynamic batch
    writes it: a while_loop over the (batch, class) pairs in ONNX's order, batch-major,
    its selected rows growing by each pair's."""
    from ..ops.control_flow_ops import while_loop

    dims = M.cast(A.shape(scores), _dt.int64)
    n_class = A.gather(dims, ctx.const(1, np.int64))
    pairs = M.multiply(A.gather(dims, ctx.const(0, np.int64)), n_class)

    def body(i, rows):
        b, c = M.floordiv(i, n_class), M.floormod(i, n_class)
        return i + 1, A.concat([rows, select(b, c)], 0)

    _, rows = while_loop(
        lambda i, _: M.less(i, pairs),
        body,
        [ctx.const(0, np.int64), ctx.const(np.zeros((0, 3)), np.int64)],
        shape_invariants=[TensorShape(()), TensorShape((None, 3))],
    )
    return rows


def _roi_align_check(attrs, opset):
    if attrs.get("mode", "avg") not in ("avg", "max"):
        return f"RoiAlign mode {attrs['mode']!r}"
    if int(attrs.get("sampling_ratio", 0)) <= 0:
        return "RoiAlign with an adaptive sampling_ratio (a grid per roi known at run time)"
    if attrs.get("coordinate_transformation_mode", "half_pixel") not in (
        "half_pixel",
        "output_half_pixel",
    ):
        return f"RoiAlign coordinate_transformation_mode {attrs['coordinate_transformation_mode']}"
    return None


def _roi_axis(ctx, start, end, pooled: int, size: int, ratio: int, half_pixel: bool):
    """Per roi, the averaging-and-interpolation matrix along one axis [R, pooled, size]:
    sample points spread evenly in each bin, each read by linear interpolation with ONNX's
    clamping (a point past -1 or size reads 0), averaged over the bin's samples."""
    dtype = start.dtype

    def c(v):
        return ctx.const(v, dtype)

    extent = M.subtract(end, start)
    if not half_pixel:
        extent = M.maximum(extent, c(1.0))  # malformed rois are 1 pixel
    bin_size = M.divide(extent, c(float(pooled)))
    # offsets of the samples within the roi, in bins: p + (i + 0.5) / ratio
    steps = np.array([p + (i + 0.5) / ratio for p in range(pooled) for i in range(ratio)])
    pos = M.add(A.expand_dims(start, 1), M.multiply(A.expand_dims(bin_size, 1), c(steps)))
    valid = M.logical_and(M.greater_equal(pos, c(-1.0)), M.less_equal(pos, c(float(size))))
    y = M.maximum(pos, c(0.0))
    low = M.floor(y)
    at_end = M.greater_equal(low, c(size - 1.0))
    low = where(at_end, M.add(A.zeros_like(low), c(size - 1.0)), low)
    y = where(at_end, low, y)
    high = where(at_end, low, M.add(low, c(1.0)))
    frac = M.subtract(y, low)
    keep = M.cast(valid, dtype)
    w_low = M.multiply(M.subtract(c(1.0), frac), keep)
    w_high = M.multiply(frac, keep)

    def spread(index, weight):  # [R, pooled * ratio] -> [R, pooled * ratio, size]
        hot = A.one_hot(M.cast(index, _dt.int64), size, dtype=dtype)
        return M.multiply(hot, A.expand_dims(weight, -1))

    per_sample = M.add(spread(low, w_low), spread(high, w_high))
    binned = A.reshape(per_sample, [-1, pooled, ratio, size])
    from ..ops import reduce_ops as R

    return M.divide(R.reduce_sum(binned, [2]), c(float(ratio)))


@lowers("RoiAlign", check=_roi_align_check)
def _roi_align(ctx):
    """Average RoiAlign with a fixed sampling ratio, separable by axis: per roi, a [PH, H]
    and a [PW, W] matrix around the roi's batch image, as Mask R-CNN heads pool."""
    reason = _roi_align_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    xs = ctx.shape(0)
    if xs is None or len(xs) != 4 or None in xs[1:]:
        raise Unsupported("RoiAlign over a feature map whose size is not known at import")
    _, channels, height, width = xs
    x, rois = ctx.t(0), ctx.t(1)
    rois = M.cast(rois, x.dtype)
    half = ctx.attr("coordinate_transformation_mode", "half_pixel") == "half_pixel"
    scale = ctx.const(ctx.attr("spatial_scale", 1.0), x.dtype)
    offset = ctx.const(0.5 if half else 0.0, x.dtype)
    x1, y1, x2, y2 = (
        M.subtract(M.multiply(A.squeeze(t, [1]), scale), offset) for t in A.split(rois, 4, 1)
    )
    ph, pw = ctx.attr("output_height", 1), ctx.attr("output_width", 1)
    ratio = int(ctx.attr("sampling_ratio"))
    if ctx.attr("mode", "avg") == "max":
        image = A.gather(x, M.cast(ctx.t(2), _dt.int64))  # [R, C, H, W]
        ys = _max_axis(ctx, y1, y2, ph, height, ratio, half)
        xs = _max_axis(ctx, x1, x2, pw, width, ratio, half)
        return [_roi_max(image, ys, xs, (ph, pw, ratio))]
    rows = _roi_axis(ctx, y1, y2, ph, height, ratio, half)  # [R, PH, H]
    cols = _roi_axis(ctx, x1, x2, pw, width, ratio, half)  # [R, PW, W]
    image = A.gather(x, M.cast(ctx.t(2), _dt.int64))  # [R, C, H, W]
    tile = [1, channels, 1, 1]
    rows = A.tile(A.expand_dims(rows, 1), tile)
    cols = A.tile(A.expand_dims(cols, 1), tile)
    return [M.matmul(M.matmul(rows, image), cols, transpose_b=True)]


def _max_axis(ctx, start, end, pooled: int, size: int, ratio: int, half_pixel: bool):
    """onnxruntime's sample points along one axis, [R, pooled * ratio] each, in its float
    steps (start + p * bin, plus (i + 0.5) * bin / ratio): whether each is inside
    [-1, size], its lower and upper neighbours, and their weights (1 - l, l)."""
    dtype = start.dtype

    def c(v):
        return ctx.const(v, dtype)

    extent = M.subtract(end, start)
    if not half_pixel:
        extent = M.maximum(extent, c(1.0))  # malformed rois are 1 pixel
    bin_size = A.expand_dims(M.divide(extent, c(float(pooled))), 1)
    bins = np.repeat(np.arange(pooled), ratio).astype(np.float32)
    inner = np.tile(np.arange(ratio) + 0.5, pooled).astype(np.float32)
    pos = M.add(
        M.add(A.expand_dims(start, 1), M.multiply(c(bins), bin_size)),
        M.divide(M.multiply(c(inner), bin_size), c(float(ratio))),
    )
    valid = M.logical_and(M.greater_equal(pos, c(-1.0)), M.less_equal(pos, c(float(size))))
    y = M.maximum(pos, c(0.0))
    low = M.floor(y)
    at_end = M.greater_equal(low, c(size - 1.0))
    low = where(at_end, M.add(A.zeros_like(low), c(size - 1.0)), low)
    y = where(at_end, low, y)
    high = where(at_end, low, M.add(low, c(1.0)))
    frac = M.subtract(y, low)
    return valid, M.cast(low, _dt.int64), M.cast(high, _dt.int64), M.subtract(c(1.0), frac), frac


def _larger(a, b):
    """C++'s std::max(a, b): b only when a < b (a NaN stays where it is first)."""
    return where(M.less(a, b), b, a)


def _roi_max(image, ys, xs, sizes):
    """onnxruntime's max RoiAlign: per sample, the largest of its four corners each times
    its bilinear weight (not the largest interpolated value), then the largest sample of
    each bin, row by row; a sample outside the map reads the map's first pixel, weight 0."""
    ph, pw, ratio = sizes
    y_ok, y_lo, y_hi, y_h, y_l = ys
    x_ok, x_lo, x_hi, x_h, x_l = xs
    ok = A.expand_dims(M.logical_and(A.expand_dims(y_ok, 2), A.expand_dims(x_ok, 1)), 1)
    first = image[:, :, :1, :1]
    products = None
    for yi, wy in ((y_lo, y_h), (y_hi, y_l)):
        rows = A.gather(image, yi, axis=2, batch_dims=1)  # [R, C, PH * G, W]
        for xi, wx in ((x_lo, x_h), (x_hi, x_l)):
            weight = M.multiply(A.expand_dims(wy, 2), A.expand_dims(wx, 1))  # [R, PHG, PWG]
            weight = where(ok, A.expand_dims(weight, 1), A.zeros_like(first))
            value = where(ok, A.gather(rows, xi, axis=3, batch_dims=1), first)
            term = M.multiply(weight, value)
            products = term if products is None else _larger(products, term)
    channels = A.shape(image)[1]
    grid = A.reshape(products, A.stack([-1, channels, ph, ratio, pw, ratio]))
    grid = A.transpose(grid, [0, 1, 2, 4, 3, 5])  # [R, C, PH, PW, G, G], samples row-major
    out = None
    for iy in range(ratio):
        for ix in range(ratio):
            sample = grid[:, :, :, :, iy, ix]
            out = sample if out is None else _larger(out, sample)
    return out
