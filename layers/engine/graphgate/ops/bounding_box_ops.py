"""`SampleDistortedBoundingBoxV2` (TF1's `tf.image.sample_distorted_bounding_box`) and its
stateless twin: a random crop of an image that covers enough of one of its boxes, drawn as
TF's kernel draws it — up to `max_attempts` aspect ratios from SimplePhilox, each giving a
height uniform between the area bounds' heights and a uniform offset, in float32 with
C's rounding (`lrintf`) — so a seeded op's k-th run gives TF's k-th box. When no attempt
satisfies the constraints, the whole image is the crop (TF's fallback)."""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..plan import deadline_error
from . import philox
from .registry import InferenceError, not_differentiable, register_op

_F = np.float32
_INTS = (_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64)


def _lrint(x: np.float32) -> int:
    return int(np.rint(_F(x)))


def _random_crop(width: int, height: int, area_range, aspect: np.float32, stream):
    """TF's GenerateRandomCrop: (x, y, x + w, y + h) or None."""
    lo, hi = _F(area_range[0]), _F(area_range[1])
    if hi <= 0 or aspect <= 0 or width <= 0 or height <= 0 or lo > hi:
        return None
    min_area = lo * _F(width) * _F(height)
    max_area = hi * _F(width) * _F(height)
    h = _lrint(np.sqrt(_F(min_area / aspect)))
    max_h = _lrint(np.sqrt(_F(max_area / aspect)))
    if _lrint(_F(max_h) * aspect) > width:
        max_h = int((width + 0.5 - float(_F(1e-7))) / float(aspect))
        if _lrint(_F(max_h) * aspect) > width:
            max_h -= 1
    max_h = min(max_h, height)
    h = min(h, max_h)
    if h < max_h:
        h += int(philox.exact_uniform(stream, max_h - h + 1, 1, False)[0])
    w = _lrint(_F(h) * aspect)
    area = _F(w * h)
    if area < min_area:
        h += 1
        w = _lrint(_F(h) * aspect)
        area = _F(w * h)
    if area > max_area:
        h -= 1
        w = _lrint(_F(h) * aspect)
        area = _F(w * h)
    if area < min_area or area > max_area or w > width or h > height or w <= 0 or h <= 0:
        return None
    y = int(philox.exact_uniform(stream, height - h, 1, False)[0]) if h < height else 0
    x = int(philox.exact_uniform(stream, width - w, 1, False)[0]) if w < width else 0
    return (x, y, x + w, y + h)


def _area(r) -> np.float32:
    return _F((r[2] - r[0]) * (r[3] - r[1]))


def _covers(crop, covered: np.float32, rects: np.ndarray) -> bool:
    """TF's SatisfiesOverlapConstraints: the crop holds a pixel and covers at least
    `covered` of one box of a pixel or more. Over every box at once: a graph may hold
    many, and each attempt tests them all."""
    if _area(crop) < 1:
        return False
    x0, y0, x1, y1 = rects.T
    whole = ((x1 - x0) * (y1 - y0)).astype(_F)
    w = np.minimum(crop[2], x1) - np.maximum(crop[0], x0)
    h = np.minimum(crop[3], y1) - np.maximum(crop[1], y0)
    inter = np.where((w < 0) | (h < 0), 0, w * h).astype(_F)
    real = whole >= 1
    return bool(np.any(real & (inter / np.where(real, whole, _F(1)) >= covered)))


def _boxes(image_size, bounding_boxes, use_image: bool) -> tuple[int, int, np.ndarray]:
    size = np.asarray(image_size)
    if size.shape != (3,):
        raise error("COMPUTE_ERROR", f"image_size must contain 3 elements, got {list(size.shape)}")
    height, width = int(size[0]), int(size[1])
    if not (0 <= height < 2**31 - 1 and 0 <= width < 2**31 - 1):
        raise error("COMPUTE_ERROR", "image height and width must be in [0, int32 max)")
    boxes = np.asarray(bounding_boxes, _F)
    if boxes.ndim != 3 or boxes.shape[-1] != 4:
        raise error(
            "COMPUTE_ERROR", f"bounding boxes must have shape [*, *, 4], got {list(boxes.shape)}"
        )
    flat = boxes.reshape(-1, 4)
    if not np.all((flat >= 0) & (flat <= 1)):
        raise error("COMPUTE_ERROR", "All bounding box coordinates must be in [0.0, 1.0]")
    # (x0, y0, x1, y1) in pixels: float32 products truncated, as TF's casts.
    scale = np.array([width, height, width, height], _F)
    rects = (flat[:, [1, 0, 3, 2]] * scale).astype(np.int64)
    if not len(rects):
        if not use_image:
            raise error(
                "COMPUTE_ERROR",
                "No bounding boxes provided as input. One must enable "
                "use_image_if_no_bounding_boxes if you wish to not provide any bounding boxes.",
            )
        rects = np.array([[0, 0, width, height]], np.int64)
    return height, width, rects


def sample_box(attrs: dict, image_size, bounding_boxes, covered, stream, late) -> list:
    """begin, size and the box [[[y0, x0, y1, x1]]] of the crop, as TF's kernel computes
    them from SimplePhilox's `stream`. `late()` raises once the run's deadline is past:
    max_attempts is the graph's to choose, and attempts that never satisfy run them all."""
    covered = _F(np.asarray(covered).reshape(()))
    if covered < 0:
        raise error("COMPUTE_ERROR", f"Min object covered must be non-negative: {covered}")
    height, width, rects = _boxes(
        image_size, bounding_boxes, attrs["use_image_if_no_bounding_boxes"]
    )
    lo, hi = _F(attrs["aspect_ratio_min"]), _F(attrs["aspect_ratio_max"])
    area_range = (attrs["area_min"], attrs["area_max"])
    crop = None
    for _ in range(attrs["max_attempts"]):
        late()
        u = philox._unit_float(stream.take(1))[0]
        candidate = _random_crop(width, height, area_range, _F(u * (hi - lo) + lo), stream)
        if candidate is not None and _covers(candidate, covered, rects):
            crop = candidate
            break
    x0, y0, x1, y1 = crop if crop is not None else (0, 0, width, height)
    dtype = np.asarray(image_size).dtype
    begin = np.array([y0, x0, 0], dtype)
    size = np.array([y1 - y0, x1 - x0, -1], dtype)
    box = np.array([[[y0 / _F(height), x0 / _F(width), y1 / _F(height), x1 / _F(width)]]], _F)
    return [begin, size, box]


def check_attrs(op_name: str, attrs: dict) -> None:
    aspect = (attrs["aspect_ratio_min"], attrs["aspect_ratio_max"])
    area = (attrs["area_min"], attrs["area_max"])
    if min(aspect) <= 0:
        raise error(
            "INVALID_ATTR", f"Aspect ratio range must be non-negative: {list(aspect)}", node=op_name
        )
    if min(area) <= 0 or max(area) > 1:
        raise error("INVALID_ATTR", f"Area range must be in (0, 1]: {list(area)}", node=op_name)
    if attrs["max_attempts"] <= 0:
        raise error(
            "INVALID_ATTR",
            f"Max attempts must be non-negative: {attrs['max_attempts']}",
            node=op_name,
        )


def _infer(shapes, types, attrs):
    if types[0] not in _INTS:
        raise InferenceError(
            "DTYPE_MISMATCH", f"image_size must be an integer, got {types[0].name}"
        )
    if shapes[0] is not None and tuple(shapes[0]) not in ((3,), (None,)):
        raise InferenceError(
            "SHAPE_MISMATCH", f"image_size must have shape [3], got {list(shapes[0])}"
        )
    if types[1] != _dt.float32 or (shapes[1] is not None and len(shapes[1]) != 3):
        raise InferenceError("SHAPE_MISMATCH", "bounding_boxes must be a float32 [batch, N, 4]")
    if types[2] != _dt.float32 or shapes[2] not in (None, ()):
        raise InferenceError("SHAPE_MISMATCH", "min_object_covered must be a float32 scalar")
    return [((3,), types[0]), ((3,), types[0]), ((1, 1, 4), _dt.float32)]


# TF's two-float range attributes as their ends (a document's attributes have no list of
# floats).
_ATTRS = {
    "aspect_ratio_min": ("float", 0.75),
    "aspect_ratio_max": ("float", 1.33),
    "area_min": ("float", 0.05),
    "area_max": ("float", 1.0),
    "max_attempts": ("int", 100),
    "use_image_if_no_bounding_boxes": ("bool", False),
}


@register_op(
    "SampleDistortedBoundingBoxV2",
    arity=3,
    infer=_infer,
    attrs={**_ATTRS, "seed": ("seed", None), "seed2": ("seed", None)},
    stateful=True,
    needs_state=True,
)
def _sample(op):
    check_attrs(op.name, op.attrs)
    attrs = dict(op.attrs)

    def kernel(state, image_size, boxes, covered):
        # TF's kernel reserves one counter (four words) per attempt each run.
        stream = philox.WordStream(*state.philox(op, attrs["max_attempts"]))
        return sample_box(attrs, image_size, boxes, covered, stream, _clock(state, op))

    return kernel


def _clock(state, op):
    def late() -> None:
        if state.late():
            raise deadline_error(op)

    return late


def _stateless_infer(shapes, types, attrs):
    if types[3] not in (_dt.int32, _dt.int64):
        raise InferenceError("DTYPE_MISMATCH", "seed must be an int32 or int64 [2]")
    return _infer(shapes[:3], types[:3], attrs)


# The run state only for its deadline; a kernel taking it is never folded, so no run of up to
# max_attempts attempts happens while compiling, where no deadline is read.
@register_op(
    "StatelessSampleDistortedBoundingBox",
    arity=4,
    infer=_stateless_infer,
    attrs=_ATTRS,
    needs_state=True,
)
def _stateless_sample(op):
    check_attrs(op.name, op.attrs)
    attrs = dict(op.attrs)

    def kernel(state, image_size, boxes, covered, seed):
        stream = philox.WordStream(*philox.stateless_seeds(seed), 0)
        return sample_box(attrs, image_size, boxes, covered, stream, _clock(state, op))

    return kernel


not_differentiable("SampleDistortedBoundingBoxV2", "StatelessSampleDistortedBoundingBox")
