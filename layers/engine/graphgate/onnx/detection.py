"""ONNX's detection operators lowered to the engine's image ops: NonMaxSuppression as one
TensorFlow non_max_suppression per (batch, class), whose greedy order (highest score first,
ties by the lower index), strict IoU and score thresholds are ONNX's."""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..ops import array_ops as A
from ..ops import math_ops as M
from .lowering import Unsupported, lowers


def _image_ops():
    from ..ops import image_ops

    return image_ops


def _nms_check(attrs, opset):
    if attrs.get("center_point_box", 0) not in (0, 1):
        return f"center_point_box {attrs['center_point_box']}"
    return None


def _scalar(ctx, i: int, default):
    v = ctx.static(i) if ctx.has(i) else None
    return default if v is None or v.size == 0 else v.reshape(-1)[0].item()


@lowers("NonMaxSuppression", static=(2, 3, 4), check=_nms_check)
def _nms(ctx):
    reason = _nms_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    b_shape, s_shape = ctx.shape(0), ctx.shape(1)
    if b_shape is None or s_shape is None or None in s_shape[:2] or len(b_shape) != 3:
        raise Unsupported("NonMaxSuppression over batches or classes unknown at import")
    limit = int(_scalar(ctx, 2, 0))
    iou = float(_scalar(ctx, 3, 0.0))
    floor = float(_scalar(ctx, 4, float("-inf")))
    if not 0 <= iou <= 1:
        raise Unsupported(f"an iou_threshold of {iou} (outside [0, 1])")
    boxes, scores = ctx.t(0), ctx.t(1)
    if ctx.attr("center_point_box", 0):
        # [x_center, y_center, width, height] -> corners, as ONNX's reference computes them
        xc, yc, w, h = A.split(boxes, 4, 2)
        half = ctx.const(0.5, boxes.dtype)
        hw, hh = M.multiply(w, half), M.multiply(h, half)
        boxes = A.concat([M.subtract(yc, hh), M.subtract(xc, hw), M.add(yc, hh), M.add(xc, hw)], 2)
    rows = []
    n_batch, n_class = s_shape[0], s_shape[1]
    for b in range(n_batch):
        batch_boxes = A.gather(boxes, ctx.const(b, np.int64))
        for c in range(n_class):
            kept = _image_ops().non_max_suppression(
                batch_boxes,
                A.gather(A.gather(scores, ctx.const(b, np.int64)), ctx.const(c, np.int64)),
                limit,
                iou_threshold=iou,
                score_threshold=floor,
            )
            box = A.expand_dims(M.cast(kept, _dt.int64), 1)
            zero = A.zeros_like(box)
            rows.append(
                A.concat(
                    [M.add(zero, ctx.const(b, np.int64)), M.add(zero, ctx.const(c, np.int64)), box],
                    1,
                )
            )
    if not rows:
        return [ctx.const(np.zeros((0, 3)), np.int64)]
    return [A.concat(rows, 0) if len(rows) > 1 else rows[0]]
