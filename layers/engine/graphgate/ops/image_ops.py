"""TF1's image kernels (resizes, colour spaces) and the space/depth/batch rearrangements:
forward, inference and gradient side by side. The composites of `tf.image` (flips, crops,
adjustments, ssim) are built from these and the other families in `graphgate.image`.

Arithmetic follows TensorFlow's kernels: the resizes compute in float32 whatever the input
(as TF's `static_cast<float>`), with TF's scale and source-position rules, so results agree
with TF's to float32 rounding.
"""

from __future__ import annotations

import builtins
import math
import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, as_tensors, constant_op, convert_to_tensor, name_scope, op_inputs
from ..limits import check_run_time_size
from ..op_results import op_result
from . import topk_order
from .conv_ops import run_time_sizes, valid_windows
from .registry import (
    REQUIRED,
    InferenceError,
    not_differentiable,
    register_gradient,
    register_op,
    without_gradient,
)
from .shape_values import is_dynamic, read_at_build, shape_tensor, static_int, static_ints

_F32 = np.float32
# What TF's resize kernels take (its `realnumbertypes` less the unsigned 32/64-bit ones).
_RESIZABLE = frozenset(
    (
        _dt.float16,
        _dt.float32,
        _dt.float64,
        _dt.int32,
        _dt.int64,
        _dt.uint8,
        _dt.int8,
        _dt.int16,
        _dt.uint16,
    )
)


def _image_dtype(dtype, what: str, allowed=_RESIZABLE) -> None:
    if dtype not in allowed:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"{what} does not take {dtype.name} images",
            got=dtype.name,
        )


def _static_ints(value: Any, what: str) -> tuple[int, ...]:
    """A list of ints given as a Python value or a constant tensor (TF1 takes any int
    tensor; graphgate needs the value when the graph is built)."""
    if is_dynamic(value):
        # A scalar tensor (`tf.constant(10)`, YAD2K's max_boxes_tensor) reads as one int.
        found = static_ints([value] if getattr(value, "static_shape", None) == () else value)
        if found is None and isinstance(value, Tensor):
            # A constant int matrix (space_to_batch_nd's paddings as tf.constant(..., int64)).
            known = read_at_build(value, lambda a: a.dtype.kind in "iu")
            found = None if known is None else np.reshape(known, -1).tolist()
        if found is None:
            raise error("INVALID_ATTR", f"{what} must be a constant (a list of ints)")
        value = found
    try:
        return builtins.tuple(operator.index(v) for v in np.reshape(value, -1).tolist())
    except TypeError:
        raise error("INVALID_ATTR", f"{what} must be a list of ints, got {value!r}") from None


# -- resizes ----------------------------------------------------------------------------------


def _resize_infer(float_out: bool, name: str):
    def infer(shapes, types, attrs):
        src, size = shapes[0], attrs["size"]
        if len(src) != 4:
            raise InferenceError(
                "SHAPE_MISMATCH", f"{name} needs 4-D images, got shape {list(src)}"
            )
        _image_dtype(types[0], name)
        if len(size) != 2 or builtins.min((d for d in size if d is not None), default=1) <= 0:
            raise InferenceError(
                "INVALID_ATTR", f"{name}'s size must be two positive ints, got {list(size)}"
            )
        if None in size and len(shapes) == 1:
            raise InferenceError("INVALID_ATTR", f"{name} without a size input needs a static size")
        if len(shapes) == 2 and types[1] != _dt.int32:
            raise InferenceError("DTYPE_MISMATCH", f"{name}'s size must be an int32 tensor")
        if len(shapes) == 2 and shapes[1] not in ((2,), (None,)):
            raise InferenceError("SHAPE_MISMATCH", f"{name}'s size must have shape [2]")
        return [((src[0], size[0], size[1], src[3]), _dt.float32 if float_out else types[0])]

    return infer


# `size` is the output's height and width when the graph is built; a size known only at
# run time (`tf.shape(other)[1:3]`) is a second input, `size` then holding what is known
# of it (nulls), checked against the values when the op runs.
_RESIZE_ATTRS = {
    "size": ("shape", REQUIRED),
    "align_corners": ("bool", False),
    "half_pixel_centers": ("bool", False),
}


def _out_size(op, state, x, size) -> tuple[int, int]:
    if size is None:
        return op.attrs["size"]
    got = run_time_sizes(op, [np.shape(x)[0], *np.asarray(size).reshape(-1), np.shape(x)[3]], 4)
    if builtins.min(got[1:3]) <= 0:
        raise error("COMPUTE_ERROR", f"output dimensions must be positive, got {list(got[1:3])}")
    check_run_time_size(state, op, got)
    return got[1:3]


def _resize_scale(n_in: int, n_out: int, align: bool) -> np.float32:
    if align and n_out > 1:
        return _F32(n_in - 1) / _F32(n_out - 1)
    return _F32(n_in) / _F32(n_out)


def _source(n_in: int, n_out: int, op, nearest: bool = False) -> np.ndarray:
    """Each output index's position in the input, in float32 as TF's scalers compute it
    (half-pixel: (i + 0.5) * scale - 0.5; nearest's half-pixel scaler omits the - 0.5)."""
    align, half = op.attrs["align_corners"], op.attrs["half_pixel_centers"]
    if align and half:
        raise error("COMPUTE_ERROR", "If half_pixel_centers is True, align_corners must be False.")
    scale = _resize_scale(n_in, n_out, align)
    i = np.arange(n_out, dtype=_F32)
    if not half:
        return i * scale
    pos = (i + _F32(0.5)) * scale
    return pos if nearest else pos - _F32(0.5)


def _bilinear_matrix(n_in: int, n_out: int, op) -> np.ndarray:
    """The (n_out, n_in) float32 weights of TF's bilinear resize along one axis."""
    pos = _source(n_in, n_out, op)
    low_f = np.floor(pos)
    lower = np.maximum(low_f, 0).astype(np.int64)
    upper = np.minimum(np.ceil(pos), n_in - 1).astype(np.int64)
    lerp = pos - low_f
    w = np.zeros((n_out, n_in), _F32)
    rows = np.arange(n_out)
    np.add.at(w, (rows, lower), _F32(1) - lerp)
    np.add.at(w, (rows, upper), lerp)
    return w


def _bilinear_parts(n_in: int, n_out: int, op):
    pos = _source(n_in, n_out, op)
    low_f = np.floor(pos)
    lower = np.maximum(low_f, 0).astype(np.int64)
    upper = np.minimum(np.ceil(pos), n_in - 1).astype(np.int64)
    return lower, upper, pos - low_f


@register_op(
    "ResizeBilinear",
    arity=(1, 2),
    infer=_resize_infer(True, "ResizeBilinear"),
    attrs=_RESIZE_ATTRS,
    heavy=True,
    needs_state=True,
)
def _resize_bilinear(op):
    def kernel(state, x, size=None):
        x = np.asarray(x).astype(_F32, copy=False)
        oh, ow = _out_size(op, state, x, size)
        if (oh, ow) == x.shape[1:3]:
            _source(oh, oh, op)  # the attributes' check comes first, as TF's
            # TF's CPU functor answers a resize to the input's own size with the input as
            # float32; interpolating would make an infinity NaN (inf - inf, times 0).
            return np.array(x, _F32)
        y0, y1, yl = _bilinear_parts(x.shape[1], oh, op)
        x0, x1, xl = _bilinear_parts(x.shape[2], ow, op)
        xl = xl[:, None]
        # TF's compute_lerp, term for term: top and bottom along x, then along y.
        top_rows, bottom_rows = x[:, y0], x[:, y1]
        top = top_rows[:, :, x0] + (top_rows[:, :, x1] - top_rows[:, :, x0]) * xl
        bottom = bottom_rows[:, :, x0] + (bottom_rows[:, :, x1] - bottom_rows[:, :, x0]) * xl
        return top + (bottom - top) * yl[:, None, None]

    return kernel


def _resize_grad_infer(shapes, types, attrs):
    return [(shapes[1], types[1])]


@register_op(
    "ResizeBilinearGrad",
    arity=2,
    infer=_resize_grad_infer,
    attrs={"align_corners": ("bool", False), "half_pixel_centers": ("bool", False)},
    heavy=True,
)
def _resize_bilinear_grad(op):
    def kernel(g, original):
        h, w = np.shape(original)[1:3]
        wy = _bilinear_matrix(h, np.shape(g)[1], op)
        wx = _bilinear_matrix(w, np.shape(g)[2], op)
        out = np.einsum("yi,byxc,xj->bijc", wy, np.asarray(g, _F32), wx, optimize=True)
        return out.astype(np.asarray(original).dtype)

    return kernel


not_differentiable("ResizeBilinearGrad")


@register_gradient("ResizeBilinear")
def _resize_bilinear_gradient(op, g):
    x = op.inputs[0]
    if x.dtype not in _dt.FLOATS:
        return [None] * len(op.inputs)
    attrs = {k: op.attrs[k] for k in ("align_corners", "half_pixel_centers")}
    grad = g.op.graph.create_op("ResizeBilinearGrad", (g, x), attrs, "ResizeBilinearGrad")
    return [grad.outputs[0]] + [None] * (len(op.inputs) - 1)


def _nearest_index(n_in: int, n_out: int, op) -> np.ndarray:
    pos = _source(n_in, n_out, op, nearest=True)
    # TF rounds half away from zero (roundf) when aligning corners, else floors.
    idx = np.floor(pos + _F32(0.5)) if op.attrs["align_corners"] else np.floor(pos)
    return np.clip(idx.astype(np.int64), 0, n_in - 1)


@register_op(
    "ResizeNearestNeighbor",
    arity=(1, 2),
    infer=_resize_infer(False, "ResizeNearestNeighbor"),
    attrs=_RESIZE_ATTRS,
    needs_state=True,
)
def _resize_nearest(op):
    def kernel(state, x, size=None):
        x = np.asarray(x)
        oh, ow = _out_size(op, state, x, size)
        ys = _nearest_index(x.shape[1], oh, op)
        xs = _nearest_index(x.shape[2], ow, op)
        return x[:, ys][:, :, xs]

    return kernel


def _nearest_grad_infer(shapes, types, attrs):
    if types[1] in (_dt.int32, _dt.int64):  # TF's `size` (an imported GraphDef's node)
        g = shapes[0]
        return [(None if g is None else (g[0], None, None, g[3]), types[0])]
    return _resize_grad_infer(shapes, types, attrs)


# graphgate's gradient hands the op the original image; TF's (and so an imported GraphDef)
# hands it the image's size, an int32 [height, width]: the op takes either.
@register_op(
    "ResizeNearestNeighborGrad",
    arity=2,
    infer=_nearest_grad_infer,
    attrs={"align_corners": ("bool", False), "half_pixel_centers": ("bool", False)},
)
def _resize_nearest_grad(op):
    def kernel(g, original):
        g = np.asarray(g)
        if op.inputs[1].dtype in (_dt.int32, _dt.int64):
            h, w = (int(n) for n in np.asarray(original))
        else:
            h, w = np.shape(original)[1:3]
        ys = _nearest_index(h, g.shape[1], op)
        xs = _nearest_index(w, g.shape[2], op)
        out = np.zeros((g.shape[0], h, w, g.shape[3]), g.dtype)
        np.add.at(out, (slice(None), ys[:, None], xs[None, :]), g)
        return out

    return kernel


@register_gradient("ResizeNearestNeighbor")
def _resize_nearest_gradient(op, g):
    x = op.inputs[0]
    if x.dtype not in _dt.FLOATS:
        return [None] * len(op.inputs)
    attrs = {k: op.attrs[k] for k in ("align_corners", "half_pixel_centers")}
    grad = g.op.graph.create_op("ResizeNearestNeighborGrad", (g, x), attrs, "NearestGrad")
    return [grad.outputs[0]] + [None] * (len(op.inputs) - 1)


_CUBIC_TABLE_SIZE = 1024


def _cubic_table(a: float) -> np.ndarray:
    """TF's table of Keys' cubic weights at 1/1024 steps (its bicubic samples it)."""
    x = np.arange(_CUBIC_TABLE_SIZE + 1) / _CUBIC_TABLE_SIZE
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far_x = x + 1
    far = ((a * far_x - 5 * a) * far_x + 8 * a) * far_x - 4 * a
    return np.stack([near, far], 1).astype(_F32)


def _bicubic_matrix(n_in: int, n_out: int, op) -> np.ndarray:
    """The (n_out, n_in) weights of TF's bicubic along one axis: Keys' cubic with a = -0.75
    (legacy) or -0.5 (half-pixel centers, taps outside the image dropped and the rest
    renormalized), at the table's quantized offsets."""
    half = op.attrs["half_pixel_centers"]
    table = _cubic_table(-0.5 if half else -0.75)
    pos = _source(n_in, n_out, op)
    loc = np.floor(pos).astype(np.int64)
    offset = np.rint((pos - loc) * _F32(_CUBIC_TABLE_SIZE)).astype(np.int64)
    weights = np.stack(
        [
            table[offset, 1],
            table[offset, 0],
            table[_CUBIC_TABLE_SIZE - offset, 0],
            table[_CUBIC_TABLE_SIZE - offset, 1],
        ],
        1,
    )
    taps = loc[:, None] + np.arange(-1, 3)
    bounded = np.clip(taps, 0, n_in - 1)
    if half:
        weights = np.where(bounded == taps, weights, _F32(0))
        total = weights.sum(1, keepdims=True)
        weights = np.where(np.abs(total) >= 1000 * np.finfo(_F32).tiny, weights / total, weights)
    w = np.zeros((n_out, n_in), _F32)
    np.add.at(w, (np.arange(n_out)[:, None], bounded), weights.astype(_F32))
    return w


@register_op(
    "ResizeBicubic",
    arity=(1, 2),
    infer=_resize_infer(True, "ResizeBicubic"),
    attrs=_RESIZE_ATTRS,
    heavy=True,
    needs_state=True,
)
def _resize_bicubic(op):
    def kernel(state, x, size=None):
        x = np.asarray(x).astype(_F32, copy=False)
        oh, ow = _out_size(op, state, x, size)
        wy = _bicubic_matrix(x.shape[1], oh, op)
        wx = _bicubic_matrix(x.shape[2], ow, op)
        return np.einsum("yi,bijc,xj->byxc", wy, x, wx, optimize=True).astype(_F32)

    return kernel


@register_op(
    "ResizeBicubicGrad",
    arity=2,
    infer=_resize_grad_infer,
    attrs={"align_corners": ("bool", False), "half_pixel_centers": ("bool", False)},
    heavy=True,
)
def _resize_bicubic_grad(op):
    def kernel(g, original):
        h, w = np.shape(original)[1:3]
        wy = _bicubic_matrix(h, np.shape(g)[1], op)
        wx = _bicubic_matrix(w, np.shape(g)[2], op)
        out = np.einsum("yi,byxc,xj->bijc", wy, np.asarray(g, _F32), wx, optimize=True)
        return out.astype(np.asarray(original).dtype)

    return kernel


@register_gradient("ResizeBicubic")
def _resize_bicubic_gradient(op, g):
    x = op.inputs[0]
    if x.dtype not in _dt.FLOATS:
        return [None] * len(op.inputs)
    attrs = {k: op.attrs[k] for k in ("align_corners", "half_pixel_centers")}
    grad = g.op.graph.create_op("ResizeBicubicGrad", (g, x), attrs, "ResizeBicubicGrad")
    return [grad.outputs[0]] + [None] * (len(op.inputs) - 1)


def _area_cells(n_in: int, n_out: int, scale: np.float32):
    """For each output index along one axis, as TF's ResizeArea computes them in float32:
    the input cells [start, end) it covers and the weights of the first and last."""
    lo = np.arange(n_out).astype(_F32) * scale
    hi = (np.arange(n_out) + 1).astype(_F32) * scale
    start = np.floor(lo).astype(np.int64)
    end = np.ceil(hi).astype(np.int64)

    def weight(v):
        v1 = (v + 1).astype(_F32)
        inside = np.where(v1 > hi, hi - v.astype(_F32), _F32(1))
        return np.where(v.astype(_F32) < lo, np.where(v1 > hi, scale, v1 - lo), inside)

    return start, end, weight(start).astype(_F32), weight(end - 1).astype(_F32)


def _area_rows(x, i: int, cols) -> np.ndarray:
    """TF's sum along one input row `i` for every output column: the first cell times its
    weight, the cells between added, the last times its weight, in that order (float32;
    a NaN or inf in a cell no column covers stays out)."""
    start, end, first, last = cols
    w = x.shape[2]
    row = x[:, builtins.min(builtins.max(i, 0), x.shape[1] - 1)]  # [b, w, c]

    def cell(k):
        return row[:, np.clip(k, 0, w - 1)]

    total = cell(start) * first[None, :, None]
    for k in builtins.range(1, int((end - start).max(initial=1)) - 1):
        middle = (start + k < end - 1)[None, :, None]
        total = np.where(middle, total + cell(start + k), total)
    more = (start + 1 != end)[None, :, None]
    return np.where(more, total + cell(end - 1) * last[None, :, None], total)


def _resize_area_values(x: np.ndarray, oh: int, ow: int, align: bool) -> np.ndarray:
    """TF's ResizeArea kernel, operation for operation (resize_area_op.cc): each output
    pixel sums, over the input rows it covers, each row's weighted sum over the columns it
    covers times the row's weight, then scales by 1 / (height_scale * width_scale)."""
    hs = _resize_scale(x.shape[1], oh, align)
    ws = _resize_scale(x.shape[2], ow, align)
    cols = _area_cells(x.shape[2], ow, ws)
    rows = _area_cells(x.shape[1], oh, hs)
    if hs * ws == 0:
        # align_corners from a single row or column: TF's kernel answers finite values
        # its published arithmetic (1 / 0) does not give; refused rather than guessed.
        raise error(
            "UNIMPLEMENTED",
            "resize_area with align_corners of an image with a single row or column",
        )
    scale = _F32(1.0 / float(_F32(hs * ws)))
    out = np.empty((x.shape[0], oh, ow, x.shape[3]), _F32)
    for y in builtins.range(oh):
        start, end = int(rows[0][y]), int(rows[1][y])
        total = np.zeros((x.shape[0], ow, x.shape[3]), _F32)
        for i in builtins.range(start, end):
            sy = rows[2][y] if i == start else rows[3][y] if i == end - 1 else _F32(1)
            total = total + _area_rows(x, i, cols) * sy
        out[:, y] = total * scale
    return out


@register_op(
    "ResizeArea",
    arity=(1, 2),
    infer=_resize_infer(True, "ResizeArea"),
    attrs={"size": ("shape", REQUIRED), "align_corners": ("bool", False)},
    heavy=True,
    needs_state=True,
)
def _resize_area(op):
    def kernel(state, x, size=None):
        x = np.asarray(x).astype(_F32, copy=False)
        oh, ow = _out_size(op, state, x, size)
        with np.errstate(invalid="ignore", over="ignore"):
            return _resize_area_values(x, oh, ow, op.attrs["align_corners"])

    return kernel


def _resize(type_, images, size, name, **attrs) -> Tensor:
    hint = _size_hint(size)
    graph, (x,), name = op_inputs((images,), name, type_, ("images",))
    inputs: tuple = (x,)
    if None in hint:
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            size = _size_tensor(size)
        inputs = (x, size)
    return graph.create_op(type_, inputs, {"size": hint, **attrs}, name).outputs[0]


def _size_tensor(size: Any) -> Tensor:
    """`size` as an int32 tensor; a list holding tensors ([h * 2, w * 2]) is stacked, as
    TF's conversion packs it."""
    if isinstance(size, list | tuple):
        from .math_ops import cast

        return shape_tensor([cast(d, _dt.int32) for d in size], "size")
    return convert_to_tensor(size, _dt.int32, "size")


def _size_hint(size: Any) -> tuple:
    """A resize's static height and width: the ints the graph fixes (a constant,
    `tf.shape(x)[1:3]` of known dims), else both unknown, as TF's shape function (which
    reads the size only when it can evaluate all of it)."""
    if not is_dynamic(size):
        return _static_ints(size, "size")
    known = static_ints(size)
    return (None, None) if known is None else _static_ints(known, "size")


def resize_bilinear(
    images: Any,
    size: Any,
    align_corners: bool = False,
    name: str | None = None,
    half_pixel_centers: bool = False,
) -> Tensor:
    """TF1's `tf.image.resize_bilinear`: 4-D images to `size` (float32)."""
    return _resize(
        "ResizeBilinear",
        images,
        size,
        name,
        align_corners=bool(align_corners),
        half_pixel_centers=bool(half_pixel_centers),
    )


def resize_nearest_neighbor(
    images: Any,
    size: Any,
    align_corners: bool = False,
    name: str | None = None,
    half_pixel_centers: bool = False,
) -> Tensor:
    """TF1's `tf.image.resize_nearest_neighbor` (keeps the dtype)."""
    return _resize(
        "ResizeNearestNeighbor",
        images,
        size,
        name,
        align_corners=bool(align_corners),
        half_pixel_centers=bool(half_pixel_centers),
    )


def resize_bicubic(
    images: Any,
    size: Any,
    align_corners: bool = False,
    name: str | None = None,
    half_pixel_centers: bool = False,
) -> Tensor:
    """TF1's `tf.image.resize_bicubic` (float32)."""
    return _resize(
        "ResizeBicubic",
        images,
        size,
        name,
        align_corners=bool(align_corners),
        half_pixel_centers=bool(half_pixel_centers),
    )


def resize_area(
    images: Any, size: Any, align_corners: bool = False, name: str | None = None
) -> Tensor:
    """TF1's `tf.image.resize_area` (float32)."""
    return _resize("ResizeArea", images, size, name, align_corners=bool(align_corners))


# -- colour spaces and adjustments -----------------------------------------------------------


def _rgb_infer(name, kind="float"):
    def infer(shapes, types, attrs):
        src = shapes[0]
        if len(src) < 1 or src[-1] not in (3, None):
            raise InferenceError(
                "SHAPE_MISMATCH", f"{name} needs a last dimension of 3, got {list(src)}"
            )
        allowed = _dt.FLOATS if kind == "float" else frozenset((_dt.float16, _dt.float32))
        _image_dtype(types[0], name, allowed)
        for s in shapes[1:]:
            if s not in ((), None):
                raise InferenceError("SHAPE_MISMATCH", f"{name}'s factor must be a scalar")
        return [(src, types[0])]

    return infer


def _rgb_to_hsv_values(rgb: np.ndarray):
    """TF's colorspace_op.h, in the input's float dtype. Its value and minimum are Eigen
    reductions over the channels, folded as `acc = std::max(channel, acc)` from r to b: a
    NaN channel is dropped by any channel after it and kept when last ([nan, .5, .2] has
    the value .5, [.2, .5, nan] NaN), as TF 2.21 computes (fuzzseeds)."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = _std_max(b, _std_max(g, r))
    span = v - _std_min(b, _std_min(g, r))
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(v > 0, span / v, 0).astype(rgb.dtype)
        norm = rgb.dtype.type(1) / (rgb.dtype.type(6) * span)
        h = np.where(
            r == v,
            norm * (g - b),
            np.where(g == v, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0),
        ).astype(rgb.dtype)
    h = np.where(span > 0, h, 0).astype(rgb.dtype)
    return np.where(h < 0, h + 1, h).astype(rgb.dtype), s, v


def _hsv_to_rgb_values(hsv: np.ndarray) -> np.ndarray:
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    one = hsv.dtype.type(1)
    dh = h * hsv.dtype.type(6)
    dr = np.clip(np.abs(dh - 3) - one, 0, 1)
    dg = np.clip(2 - np.abs(dh - 2), 0, 1)
    db = np.clip(2 - np.abs(dh - 4), 0, 1)
    one_minus_s = one - s
    out = [(one_minus_s + s * d) * v for d in (dr, dg, db)]
    return np.stack(out, -1).astype(hsv.dtype)


@register_op("RGBToHSV", arity=1, infer=_rgb_infer("RGBToHSV"))
def _rgb_to_hsv(op):
    return lambda x: np.stack(_rgb_to_hsv_values(np.asarray(x)), -1)


@register_op("HSVToRGB", arity=1, infer=_rgb_infer("HSVToRGB"))
def _hsv_to_rgb(op):
    return lambda x: _hsv_to_rgb_values(np.asarray(x))


def _sextant_rgb(h, s, v) -> np.ndarray:
    """The adjust kernels' own hsv_to_rgb (by the sextant of the hue), float32."""
    c = s * v
    m = v - c
    dh = h * _F32(6)
    sextant = np.floor(dh).astype(np.int64)  # h is in [0, 1): floor is C's truncation
    fmodu = np.mod(dh, _F32(2))
    x = c * (_F32(1) - np.abs(fmodu - _F32(1)))
    z = np.zeros_like(c)
    table = [(c, x, z), (x, c, z), (z, c, x), (z, x, c), (x, z, c), (c, z, x)]
    rgb = [np.select([sextant == k for k in range(6)], [t[i] for t in table], 0) for i in range(3)]
    return np.stack([ch + m for ch in rgb], -1).astype(_F32)


def _no_half_kernel(op, x) -> None:
    """TF's graph takes float16 here, but its CPU has no kernel: refused when run, as TF."""
    if np.asarray(x).dtype == np.float16:
        raise error(
            "COMPUTE_ERROR",
            f"No OpKernel was registered to support Op '{op.type}' with these attrs: [T=DT_HALF]",
        )


def _saturation_hsv(rgb: np.ndarray):
    """AdjustSaturation's own rgb_to_hsv (float32): std::max and std::min keep their
    first argument against a NaN, and the hue is zeroed where the span is `<= 0`, so a
    pixel with one NaN channel keeps a value and a saturation where RGBToHSV's are NaN."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = _std_max(r, _std_max(g, b))
    span = v - _std_min(r, _std_min(g, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(v > 0, span / v, _F32(0)).astype(_F32)
        norm = _F32(1) / (_F32(6) * span)
        h = np.where(
            r == v,
            norm * (g - b),
            np.where(g == v, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0),
        ).astype(_F32)
    h = np.where(span <= 0, _F32(0), h)
    return np.where(h < 0, h + _F32(1), h).astype(_F32), s, v


def _std_max(a, b):
    return np.where(a < b, b, a)


def _std_min(a, b):
    return np.where(b < a, b, a)


@register_op("AdjustSaturation", arity=2, infer=_rgb_infer("AdjustSaturation", "float32"))
def _adjust_saturation(op):
    def kernel(x, factor):
        _no_half_kernel(op, x)
        h, s, v = _saturation_hsv(np.asarray(x, _F32))
        with np.errstate(invalid="ignore"):  # TF's std::min(1, std::max(0, s * f)): NaN is 0
            s = _std_min(_F32(1), _std_max(_F32(0), (s * _F32(factor)).astype(_F32)))
        return _sextant_rgb(h, s, v)

    return kernel


def _hue_range(r, g, b):
    """TF's AdjustHue `rgb_to_hv_range`, in float32: the hue in [0, 6) from the sextant
    the comparisons pick (a NaN channel falls through them as TF's does), and the
    channels' min and max."""
    r_lt_g = r < g
    # Sextants 1, 3, 2 where r < g; else 0, 4, 5 (ties go either way, as TF's).
    cat = np.where(r_lt_g, np.where(b < r, 1, np.where(b > g, 3, 2)), 0)
    cat = np.where(r_lt_g, cat, np.where(b < g, 0, np.where(b > r, 4, 5)))
    picks = {  # sextant: (max, mid, min)
        0: (r, g, b),
        1: (g, r, b),
        2: (g, b, r),
        3: (b, g, r),
        4: (b, r, g),
        5: (r, b, g),
    }
    vmax, vmid, vmin = (
        np.select([cat == c for c in range(6)], [picks[c][k] for c in range(6)]) for k in range(3)
    )
    with np.errstate(all="ignore"):
        ratio = (vmid - vmin) / (vmax - vmin)
        h = cat.astype(_F32) + np.where(cat % 2 == 0, ratio, _F32(1) - ratio)
    return np.where(vmax == vmin, _F32(0), h).astype(_F32), vmin, vmax


def _hue_rgb(h, vmin, vmax):
    """TF's `hv_range_to_rgb`: a NaN hue casts to INT_MIN (x86's cvttss2si), an even
    sextant that the switch's default (5) lays out."""
    with np.errstate(all="ignore"):
        cat = np.where(np.isnan(h), np.iinfo(np.int32).min, h.astype(np.int32))
        ratio = (h - cat.astype(_F32)).astype(_F32)
        ratio = np.where(cat % 2 == 0, ratio, _F32(1) - ratio)
        vmid = vmin + ratio * (vmax - vmin)
    layout = {0: (vmax, vmid, vmin), 1: (vmid, vmax, vmin), 2: (vmin, vmax, vmid)}
    layout |= {3: (vmin, vmid, vmax), 4: (vmid, vmin, vmax)}
    conds = [cat == c for c in range(5)]
    default = (vmax, vmin, vmid)
    return np.stack(
        [np.select(conds, [layout[c][k] for c in range(5)], default[k]) for k in range(3)], -1
    ).astype(_F32)


@register_op("AdjustHue", arity=2, infer=_rgb_infer("AdjustHue", "float32"))
def _adjust_hue(op):
    def kernel(x, delta):
        _no_half_kernel(op, x)
        x = np.asarray(x, _F32)
        h, vmin, vmax = _hue_range(x[..., 0], x[..., 1], x[..., 2])
        h = (h + _F32(delta) * _F32(6)).astype(_F32)
        # TF's while loops (h += 6 below 0, h -= 6 from 6), step for step; a hue they
        # never bring into range (delta ~1e8 and more) hangs TF's kernel.
        for _ in range(64):
            low, high = h < 0, h >= 6
            if not (low.any() or high.any()):
                break
            h = np.where(low, h + _F32(6), np.where(high, h - _F32(6), h)).astype(_F32)
        else:
            raise error("COMPUTE_ERROR", "adjust_hue: delta too large to bring the hue to [0, 6)")
        return _hue_rgb(h, vmin, vmax)

    return kernel


def _contrast_infer(shapes, types, attrs):
    src = shapes[0]
    if len(src) < 3:
        raise InferenceError("SHAPE_MISMATCH", f"AdjustContrastv2 needs rank >= 3, got {list(src)}")
    _image_dtype(types[0], "AdjustContrastv2", frozenset((_dt.float16, _dt.float32)))
    return [(src, types[0])]


@register_op("AdjustContrastv2", arity=2, infer=_contrast_infer)
def _adjust_contrast(op):
    def kernel(x, factor):
        _no_half_kernel(op, x)
        x = np.asarray(x)
        f = np.asarray(x, _F32)
        mean = f.mean(axis=(-3, -2), keepdims=True, dtype=_F32)
        return ((f - mean) * _F32(factor) + mean).astype(x.dtype)

    return kernel


# TF registers HSVToRGB as not differentiable (None); the adjust kernels and ResizeArea
# have no gradient at all there (LookupError), and so here.
not_differentiable("HSVToRGB")


without_gradient("AdjustSaturation", "AdjustHue", "AdjustContrastv2", "ResizeArea")
# Nor has TF a gradient for these backprops: a second derivative through them is a
# LookupError there, where a None would silently drop the term through the incoming
# gradient (ResizeBilinearGrad stays None: TF's is, and its Hessians are pinned).
without_gradient("ResizeNearestNeighborGrad", "ResizeBicubicGrad")


def _indicator(t, dtype):
    from .math_ops import cast

    return cast(t, dtype)


def _safe_inv(t):
    from .math_ops import cast, div_no_nan

    return div_no_nan(cast(1.0, t.dtype), t)


def _hue_terms(own, own_max, flat, cases):
    """One channel's hue derivative in TF's five terms: `own` is max, then for each other
    channel being max, this channel min (or not)."""
    total = own[1] * own_max * -1 * own[0] * flat
    for pos, term in cases:
        total = total + pos * term
    return 60 * total / 360


@register_gradient("RGBToHSV")
def _rgb_to_hsv_grad(op, grad):
    """TF's `_RGBToHSVGrad` term for term (image_grad.py), its conventions included: hue
    terms in degrees / 360, ties broken R, G, B as TF breaks them."""
    from .array_ops import stack
    from .math_ops import square

    x, out = op.inputs[0], op.outputs[0]
    r, gr, b = x[..., 0], x[..., 1], x[..., 2]
    sat, val = out[..., 1], out[..., 2]
    dt = x.dtype
    r_max = _indicator((r >= b) & (r >= gr), dt)
    g_max = _indicator((gr > r) & (gr >= b), dt)
    b_max = _indicator((b > r) & (b > gr), dt)
    r_min = _indicator((r < b) & (r < gr), dt)
    g_min = _indicator((gr <= r) & (gr < b), dt)
    b_min = _indicator((b <= r) & (b <= gr), dt)
    r_pos, g_pos, b_pos = _indicator(r > 0, dt), _indicator(gr > 0, dt), _indicator(b > 0, dt)
    inv = _safe_inv
    ds_dr = r_pos * (
        r_max * (g_min * gr + b_min * b) * inv(square(r)) + r_min * -1 * inv(g_max * gr + b_max * b)
    )
    ds_dg = g_pos * (
        g_max * (r_min * r + b_min * b) * inv(square(gr)) + g_min * -1 * inv(r_max * r + b_max * b)
    )
    ds_db = b_pos * (
        b_max * (g_min * gr + r_min * r) * inv(square(b)) + b_min * -1 * inv(g_max * gr + r_max * r)
    )
    flat = inv(square(sat)) * inv(square(val))
    dh_dr = _hue_terms(
        (gr - b, r_pos),
        r_max,
        flat,
        [
            (g_pos, g_max * r_min * (b - gr) * inv(square(r - gr))),
            (g_pos, g_max * b_min * -1 * inv(gr - b)),
            (b_pos, b_max * r_min * (b - gr) * inv(square(b - r))),
            (b_pos, b_max * g_min * inv(b - gr)),
        ],
    )
    dh_dg = _hue_terms(
        (b - r, g_pos),
        g_max,
        flat,
        [
            (r_pos, r_max * g_min * (r - b) * inv(square(r - gr))),
            (r_pos, r_max * b_min * inv(r - b)),
            (b_pos, b_max * g_min * (r - b) * inv(square(b - gr))),
            (b_pos, b_max * r_min * -1 * inv(b - r)),
        ],
    )
    dh_db = _hue_terms(
        (r - gr, b_pos),
        b_max,
        flat,
        [
            (r_pos, r_max * b_min * (gr - r) * inv(square(r - b))),
            (r_pos, r_max * g_min * -1 * inv(r - gr)),
            (g_pos, g_max * b_min * (gr - r) * inv(square(gr - b))),
            (g_pos, g_max * r_min * inv(gr - r)),
        ],
    )
    gh, gs, gv = grad[..., 0], grad[..., 1], grad[..., 2]
    dv = stack([gv * r_max, gv * g_max, gv * b_max], axis=-1)
    ds = stack([gs * ds_dr, gs * ds_dg, gs * ds_db], axis=-1)
    dh = stack([gh * dh_dr, gh * dh_dg, gh * dh_db], axis=-1)
    return [dv + ds + dh]


def _unary_image_op(type_, images, name, *extra):
    graph, ts, name = op_inputs(
        (images, *extra), name, type_, ("images",) + ("factor",) * len(extra)
    )
    return graph.create_op(type_, tuple(ts), None, name).outputs[0]


def rgb_to_hsv(images: Any, name: str | None = None) -> Tensor:
    """RGB in [0, 1] to hue, saturation, value in [0, 1] (last dimension 3)."""
    return _unary_image_op("RGBToHSV", images, name)


def hsv_to_rgb(images: Any, name: str | None = None) -> Tensor:
    """Hue, saturation, value to RGB (the inverse of `rgb_to_hsv`)."""
    return _unary_image_op("HSVToRGB", images, name)


# -- non-max suppression, patches, crops ---------------------------------------------------------


def _known_rank(shape: tuple | None, rank: int) -> tuple:
    """`shape`, or unknown dims of the rank expected (a placeholder of unknown rank)."""
    return (None,) * rank if shape is None else shape


def _nms_infer(shapes, types, attrs):
    boxes, scores = _known_rank(shapes[0], 2), _known_rank(shapes[1], 1)
    if len(boxes) != 2 or boxes[1] not in (4, None) or len(scores) != 1:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"NonMaxSuppressionV3 needs boxes [n, 4] and scores [n], got {list(boxes)}, "
            f"{list(scores)}",
        )
    if boxes[0] is not None and scores[0] is not None and boxes[0] != scores[0]:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"boxes and scores must have the same length, got {boxes[0]} and {scores[0]}",
        )
    _image_dtype(types[0], "NonMaxSuppressionV3", frozenset((_dt.float16, _dt.float32)))
    for shape in shapes[2:]:
        if shape is not None and shape != ():
            raise InferenceError("SHAPE_MISMATCH", f"must be 0-D, got shape {list(shape)}")
    if len(shapes) == 2 and attrs["max_output_size"] < 0:
        raise InferenceError("INVALID_ATTR", "max_output_size must be non-negative")
    return [((None,), _dt.int32)]


def _nms_limits(limits: dict[str, Any], thresholds: dict[str, Any]) -> tuple[tuple, dict]:
    """The int limits and float thresholds of a suppression: attributes when all are
    known while building, else (one is a tensor known at run time, as TF takes them)
    extra inputs in TF's order, the limits' attributes then 0 and unused."""
    if not any(is_dynamic(v) for v in (*limits.values(), *thresholds.values())):
        ints = {k: _static_ints(v, k)[0] for k, v in limits.items()}
        return (), {**ints, **{k: float(v) for k, v in thresholds.items()}}
    ints = [convert_to_tensor(v, _dt.int32, name=k) for k, v in limits.items()]
    rest = [convert_to_tensor(v, _dt.float32, name=k) for k, v in thresholds.items()]
    return (*ints, *rest), dict.fromkeys(limits, 0)


_NMS_LIMITS = (
    "max_output_size",
    "iou_threshold",
    "overlap_threshold",
    "score_threshold",
    "soft_nms_sigma",
)


def _run_time_limits(op, values) -> tuple:
    """The limit and thresholds the op was given, in TF's order: its attributes, or its
    extra inputs' values (checked as TF's kernel checks them, when run)."""
    if not values:
        return tuple(op.attrs[k] for k in _NMS_LIMITS if k in op.attrs)
    if int(values[0]) < 0:
        raise error("COMPUTE_ERROR", "max_output_size must be non-negative")
    return (int(values[0]), *(float(v) for v in values[1:]))


def _iou(boxes: np.ndarray, i: int, others: np.ndarray) -> np.ndarray:
    """TF's IOU of box i with boxes `others`: corners in any order, 0 for empty boxes.
    The corners are ordered as Eigen's mini/maxi (std::min/max) order them, which give
    the first of two corners where the other is NaN: a box NaN at its far corner only is
    a point, not NaN."""
    first, second = boxes[:, :2], boxes[:, 2:]
    lo = np.where(second < first, second, first)
    hi = np.where(first < second, second, first)
    area = np.prod(hi - lo, axis=1)
    inter = np.prod(
        np.maximum(np.minimum(hi[i], hi[others]) - np.maximum(lo[i], lo[others]), 0), axis=1
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = inter / (area[i] + area[others] - inter)
    return np.where((area[i] <= 0) | (area[others] <= 0), 0, iou)


@register_op(
    "NonMaxSuppressionV3",
    arity=(2, 5),
    infer=_nms_infer,
    unknown_rank_ok=True,
    attrs={
        "max_output_size": ("int", REQUIRED),
        "iou_threshold": ("float", 0.5),
        "score_threshold": ("float", float("-inf")),
    },
)
def _non_max_suppression(op):
    def kernel(boxes, scores, *given):
        limit, iou_max, floor = _run_time_limits(op, given)
        if not 0 <= iou_max <= 1:
            raise error("COMPUTE_ERROR", "iou_threshold must be in [0, 1]")
        boxes, scores = np.asarray(boxes, _F32), np.asarray(scores, _F32)

        def similarity(i, j):
            return _F32(_iou(boxes, i, np.array([j]))[0])

        # TF's V3 kernel is V5's with sigma 0 (DoNonMaxSuppressionOp).
        return _soft_nms(similarity, scores, limit, iou_max, floor, 0.0)[0]

    return kernel


not_differentiable("NonMaxSuppressionV3")


def non_max_suppression(
    boxes: Any,
    scores: Any,
    max_output_size: Any,
    iou_threshold: float = 0.5,
    score_threshold: float = float("-inf"),
    name: str | None = None,
) -> Tensor:
    """Indices of the boxes kept by greedy non-maximum suppression, best first (int32)."""
    thresholds = {"iou_threshold": iou_threshold, "score_threshold": score_threshold}
    with name_scope(name, "non_max_suppression", [boxes, scores]):
        graph, (b, s) = as_tensors(boxes, scores, names=("boxes", "scores"))
        extra, attrs = _nms_limits({"max_output_size": max_output_size}, thresholds)
        op = graph.create_op("NonMaxSuppressionV3", (b, s, *extra), attrs, "NonMaxSuppressionV3")
        return op.outputs[0]


def _soft_nms(similarity, scores, limit, threshold, floor, sigma):
    """TF's DoNonMaxSuppressionOp: a candidate queue (highest score, then lowest index);
    each candidate's score is scaled by exp(-0.5 s² / sigma) for each kept box of
    similarity s, and (hard NMS, sigma 0) it is dropped once one exceeds the threshold:
    soft NMS drops none by similarity, as TF's kernel (the threshold is ignored there); a
    candidate whose score changed goes back in the queue while above `floor`. Hard NMS's
    weight is 1 at a similarity not above the threshold and 0 otherwise, so a NaN
    similarity (a box with infinite corners) zeroes the score and requeues the box behind
    every positive one, as TF's `suppress_weight` does."""
    import heapq

    soft = sigma > 0
    scale = -0.5 / sigma if soft else 0.0
    queue = [(-float(scores[i]), int(i), 0) for i in range(len(scores)) if scores[i] > floor]
    heapq.heapify(queue)
    kept: list[int] = []
    kept_scores: list[float] = []
    while queue and len(kept) < limit:
        neg, i, begin = heapq.heappop(queue)
        score = original = _F32(-neg)
        suppressed = False
        for j in range(len(kept) - 1, begin - 1, -1):
            sim = similarity(i, kept[j])
            if not soft and sim > threshold:
                suppressed = True
                break
            # glibc's expf, correctly rounded: numpy's float32 exp is 1 ulp off at times.
            power = np.float64(_F32(scale) * sim * sim)
            weight = _F32(np.exp(power)) if soft or sim <= threshold else 0.0
            score = _F32(score * _F32(weight))
            if score <= floor:
                break
        if suppressed:
            continue
        if score == original:
            kept.append(i)
            kept_scores.append(float(score))
        elif score > floor:
            heapq.heappush(queue, (-float(score), i, len(kept)))
    return np.array(kept, np.int32), np.array(kept_scores, _F32)


def _nms5_infer(shapes, types, attrs):
    _nms_infer(shapes, types, attrs)
    return [((None,), _dt.int32), ((None,), types[1])]


@register_op(
    "NonMaxSuppressionV5",
    arity=(2, 6),
    infer=_nms5_infer,
    unknown_rank_ok=True,
    attrs={
        "max_output_size": ("int", REQUIRED),
        "iou_threshold": ("float", 0.5),
        "score_threshold": ("float", float("-inf")),
        "soft_nms_sigma": ("float", 0.0),
    },
)
def _non_max_suppression_v5(op):
    def kernel(boxes, scores, *given):
        limit, iou_max, floor, sigma = _run_time_limits(op, given)
        if not 0 <= iou_max <= 1:
            raise error("COMPUTE_ERROR", "iou_threshold must be in [0, 1]")
        if sigma < 0:
            raise error("COMPUTE_ERROR", "soft_nms_sigma must be non-negative")
        boxes, scores = np.asarray(boxes, _F32), np.asarray(scores, _F32)

        def similarity(i, j):
            return _F32(_iou(boxes, i, np.array([j]))[0])

        kept, kept_scores = _soft_nms(similarity, scores, limit, iou_max, floor, sigma)
        return kept, kept_scores.astype(np.asarray(scores).dtype)

    return kernel


# TF registers no gradient: differentiating the kept scores is LookupError there too.
without_gradient("NonMaxSuppressionV5")


def non_max_suppression_with_scores(
    boxes: Any,
    scores: Any,
    max_output_size: Any,
    iou_threshold: float = 0.5,
    score_threshold: float = float("-inf"),
    soft_nms_sigma: float = 0.0,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """Kept indices and their (soft-NMS-decayed, with `soft_nms_sigma` > 0) scores."""
    thresholds = {
        "iou_threshold": iou_threshold,
        "score_threshold": score_threshold,
        "soft_nms_sigma": soft_nms_sigma,
    }
    with name_scope(name, "non_max_suppression_with_scores", [boxes, scores]):
        graph, (b, s) = as_tensors(boxes, scores, names=("boxes", "scores"))
        extra, attrs = _nms_limits({"max_output_size": max_output_size}, thresholds)
        outs = graph.create_op("NonMaxSuppressionV5", (b, s, *extra), attrs, "NonMaxSuppressionV5")
        return outs.outputs[0], outs.outputs[1]


def _overlaps_infer(shapes, types, attrs):
    overlaps, scores = _known_rank(shapes[0], 2), _known_rank(shapes[1], 1)
    if len(overlaps) != 2 or len(scores) != 1:
        raise InferenceError("SHAPE_MISMATCH", "overlaps must be [n, n] and scores [n]")
    for t in types[:2]:
        _image_dtype(t, "NonMaxSuppressionWithOverlaps", frozenset((_dt.float32,)))
    return [((None,), _dt.int32)]


@register_op(
    "NonMaxSuppressionWithOverlaps",
    arity=(2, 5),
    infer=_overlaps_infer,
    unknown_rank_ok=True,
    attrs={
        "max_output_size": ("int", REQUIRED),
        "overlap_threshold": ("float", 0.5),
        "score_threshold": ("float", float("-inf")),
    },
)
def _non_max_suppression_overlaps(op):
    def kernel(overlaps, scores, *given):
        limit, threshold, floor = _run_time_limits(op, given)
        overlaps, scores = np.asarray(overlaps, _F32), np.asarray(scores, _F32)
        if overlaps.shape != (len(scores), len(scores)):
            raise error("COMPUTE_ERROR", "overlaps must be [n, n] for n scores")
        return _soft_nms(lambda i, j: overlaps[i, j], scores, limit, threshold, floor, 0.0)[0]

    return kernel


not_differentiable("NonMaxSuppressionWithOverlaps")


def non_max_suppression_overlaps(
    overlaps: Any,
    scores: Any,
    max_output_size: Any,
    overlap_threshold: float = 0.5,
    score_threshold: float = float("-inf"),
    name: str | None = None,
) -> Tensor:
    """Greedy suppression by a given [n, n] overlap matrix instead of boxes' IOU."""
    thresholds = {"overlap_threshold": overlap_threshold, "score_threshold": score_threshold}
    with name_scope(name, "non_max_suppression_overlaps", [overlaps, scores]):
        graph, (o, s) = as_tensors(overlaps, scores, names=("overlaps", "scores"))
        extra, attrs = _nms_limits({"max_output_size": max_output_size}, thresholds)
        return graph.create_op(
            "NonMaxSuppressionWithOverlaps", (o, s, *extra), attrs, "NonMaxSuppressionWithOverlaps"
        ).outputs[0]


def _combined_infer(shapes, types, attrs):
    boxes, scores = shapes[:2]
    if len(boxes) != 4 or boxes[3] not in (4, None) or len(scores) != 3:
        raise InferenceError(
            "SHAPE_MISMATCH", "boxes must be [batch, n, q, 4] and scores [batch, n, classes]"
        )
    for t in types[:2]:
        _image_dtype(t, "CombinedNonMaxSuppression", frozenset((_dt.float32,)))
    for shape in shapes[2:]:
        if shape != ():
            raise InferenceError("SHAPE_MISMATCH", f"must be 0-D, got shape {list(shape)}")
    n = _combined_size(attrs, scores[2], given=len(shapes) > 2)
    batch = boxes[0] if boxes[0] is not None else scores[0]
    return [
        ((batch, n, 4), _dt.float32),
        ((batch, n), _dt.float32),
        ((batch, n), _dt.float32),
        ((batch,), _dt.int32),
    ]


def _combined_size(a: dict, classes: int | None, given: bool = False) -> int | None:
    """The detections per image: max_total_size, or with `pad_per_class` no more than
    every class's limit together; None where a size is known only at run time (-1 when
    the sizes are `given` as inputs). Sizes known while building are checked as TF's
    shape function checks them (a zero max_output_size_per_class only by the kernel)."""
    per_class, total = a["max_output_size_per_class"], a["max_total_size"]
    unknown = -1 if given else None
    if any(v < 0 and v != unknown for v in (per_class, total)):
        raise InferenceError("INVALID_ATTR", "max sizes must be non-negative")
    if total == 0:
        raise InferenceError("INVALID_ATTR", "max_total_size should be > 0")
    if total == unknown or (a["pad_per_class"] and (classes is None or per_class == unknown)):
        return None
    return builtins.min(total, per_class * classes) if a["pad_per_class"] else total


_COMBINED_INPUTS = (
    "max_output_size_per_class",
    "max_total_size",
    "iou_threshold",
    "score_threshold",
)


@register_op(
    "CombinedNonMaxSuppression",
    arity=(2, 6),
    infer=_combined_infer,
    attrs={
        "max_output_size_per_class": ("int", REQUIRED),
        "max_total_size": ("int", REQUIRED),
        "iou_threshold": ("float", 0.5),
        "score_threshold": ("float", float("-inf")),
        "pad_per_class": ("bool", False),
        "clip_boxes": ("bool", True),
    },
)
def _combined_nms(op):
    def kernel(boxes, scores, *given):
        a = dict(op.attrs)
        if given:
            values = (int(given[0]), int(given[1]), float(given[2]), float(given[3]))
            a.update(zip(_COMBINED_INPUTS, values, strict=True))
        _check_combined_limits(a)
        boxes, scores = np.asarray(boxes, _F32), np.asarray(scores, _F32)
        batch, n, q, _ = boxes.shape
        classes = scores.shape[2]
        if q not in (1, classes) or scores.shape[:2] != (batch, n):
            raise error("COMPUTE_ERROR", "boxes' third dimension must be 1 or the classes")
        size = _combined_size(a, classes)
        out = (
            np.zeros((batch, size, 4), _F32),
            np.zeros((batch, size), _F32),
            np.zeros((batch, size), _F32),
            np.zeros((batch,), np.int32),
        )
        for b in range(batch):
            _combined_one(a, boxes[b], scores[b], size, [o[b] for o in out[:3]], out[3], b)
        return out

    return kernel


def _check_combined_limits(a: dict) -> None:
    """TF's kernel's checks (InvalidArgumentError when run, the values given either way)."""
    if a["max_output_size_per_class"] <= 0:
        raise error("COMPUTE_ERROR", "max_output_size_per_class must be positive")
    if a["max_total_size"] <= 0:
        raise error("COMPUTE_ERROR", "max_total_size must be positive")
    if not 0 <= a["iou_threshold"] <= 1:
        raise error("COMPUTE_ERROR", "iou_threshold must be in [0, 1]")


def _combined_one(a, boxes, scores, size, outs, valid, b):
    """One image as TF's kernel: NMS per class, candidates popped from a priority queue
    (`queue_order`: equal scores come out in libstdc++'s heap order, not by index), each
    class's kept boxes at its own slots of a vector of min(per_class, n) x classes
    (the rest score -inf), which std::sort orders by score descending (unstable past 16
    entries); the first `size` of the kept ones are the answer."""
    n, classes = scores.shape
    per_class = builtins.min(a["max_output_size_per_class"], n)
    slots: list = [(-math.inf, -1, None)] * (per_class * classes)
    for c in range(classes):
        class_boxes = boxes[:, 0 if boxes.shape[1] == 1 else c]
        column = scores[:, c]
        above = [i for i in range(n) if column[i] > a["score_threshold"]]
        kept: list[int] = []
        for k in topk_order.queue_order([float(column[i]) for i in above]):
            if len(kept) >= per_class:
                break
            i = above[k]
            if not kept or not (_iou(class_boxes, i, np.array(kept)) > a["iou_threshold"]).any():
                slots[per_class * c + len(kept)] = (float(column[i]), c, class_boxes[i])
                kept.append(i)
    topk_order.std_sort(slots, lambda x, y: y[0] < x[0])
    found = [s for s in slots if s[1] >= 0][:size]
    for k, (score, c, box) in enumerate(found):
        outs[0][k] = np.clip(box, 0, 1) if a["clip_boxes"] else box
        outs[1][k] = score
        outs[2][k] = c
    valid[b] = len(found)


without_gradient("CombinedNonMaxSuppression")  # none in TF: LookupError


def combined_non_max_suppression(
    boxes: Any,
    scores: Any,
    max_output_size_per_class: Any,
    max_total_size: Any,
    iou_threshold: float = 0.5,
    score_threshold: float = float("-inf"),
    pad_per_class: bool = False,
    clip_boxes: bool = True,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Per-class NMS over a batch, then the best `max_total_size` detections per image:
    (nmsed_boxes, nmsed_scores, nmsed_classes, valid_detections). The sizes and
    thresholds may be tensors known only at run time, as TF takes them."""
    limits = {
        "max_output_size_per_class": max_output_size_per_class,
        "max_total_size": max_total_size,
    }
    thresholds = {"iou_threshold": iou_threshold, "score_threshold": score_threshold}
    with name_scope(name, "combined_non_max_suppression"):
        graph, (b, s) = as_tensors(boxes, scores, names=("boxes", "scores"))
        extra, attrs = _nms_limits(limits, thresholds)
        if extra:  # the sizes' attributes the outputs' static shape: -1 when unknown
            known = {k: static_int(v) for k, v in limits.items()}
            attrs.update({k: -1 if is_dynamic(v) else int(v) for k, v in known.items()})
        attrs.update(pad_per_class=bool(pad_per_class), clip_boxes=bool(clip_boxes))
        op = graph.create_op(
            "CombinedNonMaxSuppression", (b, s, *extra), attrs, "CombinedNonMaxSuppression"
        )
        return op_result(op)


def _patch_geometry(size, k, stride, rate, padding):
    eff = (k - 1) * rate + 1
    if size is None:
        return None, 0
    if padding == "VALID":
        return valid_windows(size, eff, stride), 0
    out = -(-size // stride)
    return out, max((out - 1) * stride + eff - size, 0) // 2


def _patches_infer(shapes, types, attrs):
    src = _rank4(shapes[0], "ExtractImagePatches")
    ks, st, rt = (attrs[a] for a in ("ksizes", "strides", "rates"))
    for name, v in (("ksizes", ks), ("strides", st), ("rates", rt)):
        if len(v) != 4 or builtins.min(v) < 1:
            raise InferenceError("INVALID_ATTR", f"{name} must be [1, h, w, 1] of positive ints")
        if v[0] != 1 or v[3] != 1:  # TF's kernel: UnimplementedError
            raise InferenceError("UNIMPLEMENTED", f"Only support {name} across space, got {v}")
    if attrs["padding"] not in ("SAME", "VALID"):
        raise InferenceError("INVALID_ATTR", "padding must be SAME or VALID")
    oh, _ = _patch_geometry(src[1], ks[1], st[1], rt[1], attrs["padding"])
    ow, _ = _patch_geometry(src[2], ks[2], st[2], rt[2], attrs["padding"])
    return [((src[0], oh, ow, _mul(src[3], ks[1] * ks[2])), types[0])]


_PATCH_ATTRS = {
    "ksizes": ("ints", REQUIRED),
    "strides": ("ints", REQUIRED),
    "rates": ("ints", REQUIRED),
    "padding": ("str", REQUIRED),
}


def _patch_index(op, h, w):
    """For each (out row, out col, kernel row, kernel col): the source pixel in the padded
    image's coordinates, and the padding offsets."""
    ks, st, rt, pad = (op.attrs[a] for a in ("ksizes", "strides", "rates", "padding"))
    oh, top = _patch_geometry(h, ks[1], st[1], rt[1], pad)
    ow, left = _patch_geometry(w, ks[2], st[2], rt[2], pad)
    rows = np.arange(oh)[:, None] * st[1] + np.arange(ks[1])[None, :] * rt[1] - top
    cols = np.arange(ow)[:, None] * st[2] + np.arange(ks[2])[None, :] * rt[2] - left
    return rows, cols


@register_op("ExtractImagePatches", arity=1, infer=_patches_infer, attrs=_PATCH_ATTRS, heavy=True)
def _extract_patches(op):
    def kernel(x):
        x = np.asarray(x)
        n, h, w, c = x.shape
        rows, cols = _patch_index(op, h, w)
        padded = np.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)])  # row/col -1 and h read zeros
        r = np.where((rows >= 0) & (rows < h), rows + 1, 0)
        q = np.where((cols >= 0) & (cols < w), cols + 1, 0)
        # [n, oh, kh, ow, kw, c] -> [n, oh, ow, kh, kw, c]
        out = padded[:, r[:, :, None, None], q[None, None, :, :]]
        out = out.transpose(0, 1, 3, 2, 4, 5)
        # Sized in full: no patches (a window past the input) leave -1 undecidable.
        return out.reshape(n, rows.shape[0], cols.shape[0], rows.shape[1] * cols.shape[1] * c)

    return kernel


def _patches_grad_infer(shapes, types, attrs):
    return [(shapes[1], types[0])]


@register_op(
    "ExtractImagePatchesGrad", arity=2, infer=_patches_grad_infer, attrs=_PATCH_ATTRS, heavy=True
)
def _extract_patches_grad(op):
    def kernel(g, x):
        n, h, w, c = np.shape(x)
        rows, cols = _patch_index(op, h, w)
        g = np.asarray(g).reshape(n, rows.shape[0], cols.shape[0], rows.shape[1], cols.shape[1], c)
        out = np.zeros((n, h + 2, w + 2, c), g.dtype)
        r = np.where((rows >= 0) & (rows < h), rows + 1, 0)
        q = np.where((cols >= 0) & (cols < w), cols + 1, 0)
        index = (slice(None), r[:, None, :, None], q[None, :, None, :])
        np.add.at(out, index, g)
        return out[:, 1 : h + 1, 1 : w + 1]

    return kernel


@register_gradient("ExtractImagePatchesGrad")
def _extract_patches_grad_gradient(op, g):
    """Scattering patches back is linear in them, its adjoint the extraction itself: `g`'s
    patches (second derivatives through extract_image_patches, as TF's gather-based
    gradient has them); the image only lends its shape."""
    patches = g.op.graph.create_op("ExtractImagePatches", (g,), dict(op.attrs), "patches")
    return [patches.outputs[0], None]


@register_gradient("ExtractImagePatches")
def _extract_patches_gradient(op, g):
    x = op.inputs[0]
    grad = g.op.graph.create_op("ExtractImagePatchesGrad", (g, x), dict(op.attrs), "patches_grad")
    return [grad.outputs[0]]


def extract_image_patches(
    images: Any,
    ksizes: Any = None,
    strides: Any = None,
    rates: Any = None,
    padding: Any = None,
    name: str | None = None,
    sizes: Any = None,
) -> Tensor:
    """Patches of `ksizes` at `strides` (dilated by `rates`), flattened into the depth."""
    attrs = {
        "ksizes": builtins.tuple(ksizes if ksizes is not None else sizes),
        "strides": builtins.tuple(strides),
        "rates": builtins.tuple(rates),
        "padding": str(padding).upper(),
    }
    graph, (x,), name = op_inputs((images,), name, "ExtractImagePatches", ("images",))
    return graph.create_op("ExtractImagePatches", (x,), attrs, name).outputs[0]


def extract_patches(images, sizes, strides, rates, padding, name=None) -> Tensor:
    """TF 2's spelling of `extract_image_patches` (also in TF1.15's `tf.image`)."""
    return extract_image_patches(images, sizes, strides, rates, padding, name)


def _crop_infer(shapes, types, attrs):
    image, boxes, index = shapes
    _rank4(image, "CropAndResize")
    if len(boxes) != 2 or boxes[1] not in (4, None) or len(index) != 1:
        raise InferenceError("SHAPE_MISMATCH", "CropAndResize needs boxes [n, 4] and box_ind [n]")
    _image_dtype(types[0], "CropAndResize")
    _image_dtype(types[1], "CropAndResize's boxes", frozenset((_dt.float32,)))
    if types[2] not in (_dt.int32, _dt.int64):
        raise InferenceError("DTYPE_MISMATCH", "box_ind must be int32 or int64")
    size = attrs["crop_size"]
    if len(size) != 2 or builtins.min(size) <= 0:
        raise InferenceError("INVALID_ATTR", "crop_size must be two positive ints")
    if attrs["method"] not in ("bilinear", "nearest"):
        raise InferenceError("INVALID_ATTR", "method must be 'bilinear' or 'nearest'")
    return [((boxes[0] if boxes[0] is not None else index[0], *size, image[3]), _dt.float32)]


def _finite_boxes(boxes) -> np.ndarray:
    """Boxes as float32, refusing NaN and infinities (TF casts them to indices unchecked,
    which has no defined result)."""
    boxes = np.asarray(boxes, _F32)
    if not np.isfinite(boxes).all():
        raise error("COMPUTE_ERROR", "boxes must be finite (a NaN or an infinity was given)")
    return boxes


def _crop_positions(lo, hi, n_in, n_out):
    """TF's source positions along one axis for each box (float32), and the ratio."""
    lo, hi = lo.astype(_F32), hi.astype(_F32)
    if n_out > 1:
        scale = (hi - lo) * _F32(n_in - 1) / _F32(n_out - 1)
        pos = lo[:, None] * _F32(n_in - 1) + np.arange(n_out, dtype=_F32)[None, :] * scale[:, None]
    else:
        pos = (_F32(0.5) * (lo + hi) * _F32(n_in - 1))[:, None]
    return pos


@register_op(
    "CropAndResize",
    arity=3,
    infer=_crop_infer,
    attrs={
        "crop_size": ("ints", REQUIRED),
        "method": ("str", "bilinear"),
        "extrapolation_value": ("float", 0.0),
    },
    heavy=True,
)
def _crop_and_resize(op):
    ch, cw = op.attrs["crop_size"]
    fill = _F32(op.attrs["extrapolation_value"])

    def kernel(image, boxes, box_ind):
        image = np.asarray(image).astype(_F32, copy=False)
        boxes, box_ind = _finite_boxes(boxes), np.asarray(box_ind)
        n, h, w, _ = image.shape
        if box_ind.size and (box_ind.min() < 0 or box_ind.max() >= n):
            raise error("BOX_INDEX_OUT_OF_RANGE", f"box_ind has values outside [0, {n})")
        ys = _crop_positions(boxes[:, 0], boxes[:, 2], h, ch)
        xs = _crop_positions(boxes[:, 1], boxes[:, 3], w, cw)
        inside = ((ys >= 0) & (ys <= h - 1))[:, :, None] & ((xs >= 0) & (xs <= w - 1))[:, None, :]
        b = box_ind[:, None, None]
        if op.attrs["method"] == "nearest":
            yi = np.clip(np.floor(ys + _F32(0.5)), 0, h - 1).astype(np.int64)  # roundf
            xi = np.clip(np.floor(xs + _F32(0.5)), 0, w - 1).astype(np.int64)
            out = image[b, yi[:, :, None], xi[:, None, :]]
        else:
            y0 = np.clip(np.floor(ys), 0, h - 1).astype(np.int64)
            y1 = np.clip(np.ceil(ys), 0, h - 1).astype(np.int64)
            x0 = np.clip(np.floor(xs), 0, w - 1).astype(np.int64)
            x1 = np.clip(np.ceil(xs), 0, w - 1).astype(np.int64)
            yl = (ys - np.floor(ys))[:, :, None, None]
            xl = (xs - np.floor(xs))[:, None, :, None]
            tl = image[b, y0[:, :, None], x0[:, None, :]]
            tr = image[b, y0[:, :, None], x1[:, None, :]]
            bl = image[b, y1[:, :, None], x0[:, None, :]]
            br = image[b, y1[:, :, None], x1[:, None, :]]
            top = tl + (tr - tl) * xl
            bottom = bl + (br - bl) * xl
            out = top + (bottom - top) * yl
        return np.where(inside[..., None], out, fill).astype(_F32)

    return kernel


def _crop_grad_infer(shapes, types, attrs):
    # inputs (grad, boxes, box_ind, image): the boxes' gradient is shaped as the boxes
    return [(shapes[3], types[3])] if attrs["part"] == "image" else [(shapes[1], _dt.float32)]


@register_op(
    "CropAndResizeGrad",
    arity=4,
    infer=_crop_grad_infer,
    attrs={"part": ("str", REQUIRED), "method": ("str", "bilinear")},
    heavy=True,
)
def _crop_and_resize_grad(op):
    """TF's CropAndResizeGradImage (`part` "image") and CropAndResizeGradBoxes ("boxes",
    always the bilinear formula, as TF's): inputs (grad, boxes, box_ind, image)."""

    def kernel(g, boxes, box_ind, image):
        g = np.asarray(g, _F32)
        image_f = np.asarray(image).astype(_F32, copy=False)
        boxes = np.asarray(boxes, _F32)
        h, w = image_f.shape[1:3]
        ch, cw = g.shape[1:3]
        ys = _crop_positions(boxes[:, 0], boxes[:, 2], h, ch)
        xs = _crop_positions(boxes[:, 1], boxes[:, 3], w, cw)
        inside = ((ys >= 0) & (ys <= h - 1))[:, :, None] & ((xs >= 0) & (xs <= w - 1))[:, None, :]
        g = np.where(inside[..., None], g, _F32(0))
        b = np.asarray(box_ind)[:, None, None]
        if op.attrs["part"] == "image":
            return _crop_image_grad(op, g, b, ys, xs, image)
        return _crop_boxes_grad(g, b, ys, xs, image_f)

    return kernel


def _corners(ys, xs, h, w):
    y0 = np.clip(np.floor(ys), 0, h - 1).astype(np.int64)
    y1 = np.clip(np.ceil(ys), 0, h - 1).astype(np.int64)
    x0 = np.clip(np.floor(xs), 0, w - 1).astype(np.int64)
    x1 = np.clip(np.ceil(xs), 0, w - 1).astype(np.int64)
    yl = (ys - np.floor(ys))[:, :, None, None]
    xl = (xs - np.floor(xs))[:, None, :, None]
    return y0[:, :, None], y1[:, :, None], x0[:, None, :], x1[:, None, :], yl, xl


def _crop_image_grad(op, g, b, ys, xs, image):
    image = np.asarray(image)
    n, h, w, c = image.shape
    out = np.zeros((n, h, w, c), _F32)
    if op.attrs["method"] == "nearest":
        yi = np.clip(np.floor(ys + _F32(0.5)), 0, h - 1).astype(np.int64)
        xi = np.clip(np.floor(xs + _F32(0.5)), 0, w - 1).astype(np.int64)
        np.add.at(out, (b, yi[:, :, None], xi[:, None, :]), g)
        return out.astype(image.dtype)
    y0, y1, x0, x1, yl, xl = _corners(ys, xs, h, w)
    top, bottom = (1 - yl) * g, yl * g
    np.add.at(out, (b, y0, x0), (1 - xl) * top)
    np.add.at(out, (b, y0, x1), xl * top)
    np.add.at(out, (b, y1, x0), (1 - xl) * bottom)
    np.add.at(out, (b, y1, x1), xl * bottom)
    return out.astype(image.dtype)


def _crop_boxes_grad(g, b, ys, xs, image):
    h, w = image.shape[1:3]
    ch, cw = g.shape[1:3]
    y0, y1, x0, x1, yl, xl = _corners(ys, xs, h, w)
    tl, tr = image[b, y0, x0], image[b, y0, x1]
    bl, br = image[b, y1, x0], image[b, y1, x1]
    dy = (((1 - xl) * (bl - tl) + xl * (br - tr)) * g).sum(axis=3)
    dx = (((1 - yl) * (tr - tl) + yl * (br - bl)) * g).sum(axis=3)
    out = np.zeros((g.shape[0], 4), _F32)
    for axis, (d, size, steps) in enumerate(((dy.sum(2), h, ch), (dx.sum(1), w, cw))):
        if steps > 1:
            ratio = _F32(size - 1) / _F32(steps - 1)
            at = np.arange(steps, dtype=_F32) * ratio
            out[:, axis] = (d * (_F32(size - 1) - at)).sum(1)
            out[:, axis + 2] = (d * at).sum(1)
        else:
            out[:, axis] = out[:, axis + 2] = d.sum(1) * _F32(0.5) * _F32(size - 1)
    return out


without_gradient("CropAndResizeGrad")  # none in TF: LookupError, as above


@register_gradient("CropAndResize")
def _crop_and_resize_gradient(op, g):
    image, boxes, box_ind = op.inputs
    graph = g.op.graph
    inputs = (g, boxes, box_ind, image)
    method = op.attrs["method"]
    grad_image = None
    if image.dtype in _dt.FLOATS:
        attrs = {"part": "image", "method": method}
        grad_image = graph.create_op("CropAndResizeGrad", inputs, attrs, "GradImage").outputs[0]
    attrs = {"part": "boxes", "method": method}
    grad_boxes = graph.create_op("CropAndResizeGrad", inputs, attrs, "GradBoxes").outputs[0]
    return [grad_image, grad_boxes, None]


def crop_and_resize(
    image: Any,
    boxes: Any,
    box_ind: Any = None,
    crop_size: Any = None,
    method: str = "bilinear",
    extrapolation_value: float = 0.0,
    name: str | None = None,
    box_indices: Any = None,
) -> Tensor:
    """Crops of `image` at normalized `boxes` ([y1, x1, y2, x2]), each resized to
    `crop_size` (float32); positions outside the image take `extrapolation_value`."""
    index = box_ind if box_ind is not None else box_indices
    attrs = {
        "crop_size": _static_ints(crop_size, "crop_size"),
        "method": method,
        "extrapolation_value": float(extrapolation_value),
    }
    graph, (x, b), name = op_inputs((image, boxes), name, "CropAndResize", ("image", "boxes"))
    if not isinstance(index, Tensor):
        # box_ind is int32 whatever the image's dtype (a literal would take the image's).
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            index = constant_op(graph, np.asarray(index, np.int32), None, "box_ind")
    return graph.create_op("CropAndResize", (x, b, index), attrs, name).outputs[0]


def _glimpse_infer(shapes, types, attrs):
    image, offsets = shapes
    _rank4(image, "ExtractGlimpse")
    if len(offsets) != 2 or offsets[1] not in (2, None):
        raise InferenceError("SHAPE_MISMATCH", "offsets must be [batch, 2] (y, x)")
    if types[0] != _dt.float32 or types[1] != _dt.float32:
        raise InferenceError("DTYPE_MISMATCH", "ExtractGlimpse takes float32 images and offsets")
    size = attrs["size"]
    if len(size) != 2 or builtins.min(size) < 0:
        raise InferenceError("INVALID_ATTR", "size must be two non-negative ints (height, width)")
    _glimpse_noise(attrs)
    batch = image[0] if image[0] is not None else offsets[0]
    if None not in (image[0], offsets[0]) and image[0] != offsets[0]:
        raise InferenceError("SHAPE_MISMATCH", "offsets must hold one (y, x) per image")
    return [((batch, *size, image[3]), _dt.float32)]


def _glimpse_noise(attrs) -> str:
    """The noise TF's kernel fills a glimpse's part outside the image with: `noise`, or
    Gaussian where `uniform_noise` is False and `noise` is its default."""
    noise = attrs.get("noise", "uniform")
    if attrs.get("uniform_noise", True) and noise not in ("", "uniform"):
        raise InferenceError(
            "INVALID_ATTR", "The uniform_noise should not be True when noise is not uniform"
        )
    if noise not in ("", "uniform", "gaussian", "zero"):
        raise InferenceError("INVALID_ATTR", f"noise must be uniform, gaussian or zero: {noise}")
    if noise in ("", "uniform"):
        return "uniform" if attrs.get("uniform_noise", True) else "gaussian"
    return noise


def _glimpse_corner(offset, n_in: int, n_out: int, attrs, version: int) -> int:
    """The glimpse's first row (column) in the image from its offset, in float32 as
    TF's kernel computes it, then truncated toward zero; an offset that is no number, or
    none an int64 holds, puts the glimpse wholly outside (TF's cast has no defined
    result there: its glimpse is all noise)."""
    x = _F32(offset)
    normalized, centered = attrs.get("normalized", True), attrs.get("centered", True)
    if normalized:
        x = _F32(x * _F32(n_in))
    if centered and (normalized or version == 1):
        x = _F32(_F32(x / _F32(2)) + _F32(_F32(n_in) / _F32(2)))
    elif centered:
        x = _F32(x + _F32(_F32(n_in) / _F32(2)))
    if version == 1 or (normalized and centered):
        x = _F32(x - _F32(_F32(n_out) / _F32(2)))
    if not np.isfinite(x) or abs(float(x)) >= 2.0**62:
        return -(2**62)
    return int(np.trunc(x))


def _glimpse_span(corner: int, n_in: int, n_out: int) -> tuple[int, int, int]:
    """(first image index, first glimpse index, length) of the part inside the image."""
    if corner < 0:
        length = builtins.max(0, n_out + corner)
        return 0, n_out - length, builtins.min(n_in, length)
    return corner, 0, builtins.max(0, builtins.min(n_out, n_in - corner))


def _glimpse_filled(image: np.ndarray, shape: tuple, noise: str, rng) -> np.ndarray:
    if noise == "zero":
        return np.zeros(shape, _F32)
    lo, hi = image.min(), image.max()
    if noise == "uniform":
        return _F32(lo) + (rng.random(shape, _F32) * _F32(hi - lo)).astype(_F32)
    mean = image.mean(axis=(0, 1), dtype=_F32)
    sigma = np.sqrt(((image - mean) ** 2).mean(axis=(0, 1), dtype=_F32))
    out = mean + rng.standard_normal(shape, _F32) * sigma
    return np.clip(out, image.min(axis=(0, 1)), image.max(axis=(0, 1))).astype(_F32)


def _glimpse_kernel(op):
    h, w = op.attrs["size"]
    noise = _glimpse_noise(op.attrs)
    version = 2 if op.type == "ExtractGlimpseV2" else 1

    def kernel(image, offsets):
        image, offsets = np.asarray(image, _F32), np.asarray(offsets, _F32)
        n, ih, iw, c = image.shape
        if offsets.shape != (n, 2):
            raise error("SHAPE_MISMATCH", f"offsets must be [{n}, 2], got {list(offsets.shape)}")
        out = np.zeros((n, h, w, c), _F32)
        if out.size == 0:
            return out
        rng = np.random.default_rng()
        for i in range(n):
            y0, gy, ny = _glimpse_span(
                _glimpse_corner(offsets[i, 0], ih, h, op.attrs, version), ih, h
            )
            x0, gx, nx = _glimpse_span(
                _glimpse_corner(offsets[i, 1], iw, w, op.attrs, version), iw, w
            )
            if ny < h or nx < w:
                out[i] = _glimpse_filled(image[i], (h, w, c), noise, rng)
            out[i, gy : gy + ny, gx : gx + nx] = image[i, y0 : y0 + ny, x0 : x0 + nx]
        return out

    return kernel


_GLIMPSE_ATTRS = {
    "size": ("ints", REQUIRED),
    "centered": ("bool", True),
    "normalized": ("bool", True),
    "uniform_noise": ("bool", True),
    "noise": ("str", "uniform"),
}
for _type in ("ExtractGlimpse", "ExtractGlimpseV2"):
    register_op(_type, arity=2, infer=_glimpse_infer, attrs=_GLIMPSE_ATTRS, heavy=True)(
        _glimpse_kernel
    )
not_differentiable("ExtractGlimpse", "ExtractGlimpseV2")


def extract_glimpse(
    input: Any,
    size: Any,
    offsets: Any,
    centered: bool = True,
    normalized: bool = True,
    uniform_noise: bool = True,
    name: str | None = None,
) -> Tensor:
    """TF1's `tf.image.extract_glimpse`: a `size` (height, width) window of each image
    at its (y, x) `offsets` (from the image's centre, as a fraction of its size, unless
    `centered`/`normalized` say otherwise), float32; its part outside the image is
    noise (uniform over the image's range, else Gaussian of each channel's statistics)."""
    return glimpse_op(
        "ExtractGlimpse", input, size, offsets, centered, normalized, uniform_noise, name=name
    )


def glimpse_op(
    op_type: str,
    input: Any,
    size: Any,
    offsets: Any,
    centered: bool = True,
    normalized: bool = True,
    uniform_noise: bool = True,
    noise: str = "uniform",
    name: str | None = None,
) -> Tensor:
    """An ExtractGlimpse (or V2: TF 2's offsets where not both normalized and centered)
    node; its size is needed when the graph is built."""
    attrs = {
        "size": _static_ints(size, "size"),
        "centered": bool(centered),
        "normalized": bool(normalized),
        "uniform_noise": bool(uniform_noise),
        "noise": str(noise),
    }
    graph, (x, o), name = op_inputs((input, offsets), name, op_type, ("input", "offsets"))
    return graph.create_op(op_type, (x, o), attrs, name).outputs[0]


_BOX_COLOURS = np.array(
    [
        [1, 1, 0, 1],
        [0, 0, 1, 1],
        [1, 0, 0, 1],
        [0, 1, 0, 1],
        [0.5, 0, 0.5, 1],
        [0.5, 0.5, 0, 1],
        [0.5, 0, 0, 1],
        [0, 0, 0.5, 1],
        [0, 1, 1, 1],
        [1, 0, 1, 1],
    ],
    _F32,
)


def _draw_infer(shapes, types, attrs):
    images, boxes = shapes
    _rank4(images, "DrawBoundingBoxes")
    if len(boxes) != 3 or boxes[2] not in (4, None):
        raise InferenceError("SHAPE_MISMATCH", "boxes must be [batch, n, 4]")
    if images[3] not in (1, 3, 4, None):
        raise InferenceError(
            "INVALID_ATTR", "Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)"
        )
    _image_dtype(types[0], "DrawBoundingBoxes", frozenset((_dt.float16, _dt.float32)))
    _image_dtype(types[1], "DrawBoundingBoxes' boxes", frozenset((_dt.float32,)))
    return [(images, types[0])]


def _draw_infer_v2(shapes, types, attrs):
    _image_dtype(types[2], "DrawBoundingBoxesV2's colors", frozenset((_dt.float32,)))
    return _draw_infer(shapes[:2], types[:2], attrs)


def _box_colours(colors, depth: int) -> np.ndarray:
    """TF's colour table: the `colors` given (V2), else its default cycle, whose first
    channel is 1 for a grey image (white boxes)."""
    if colors is not None:
        colors = np.asarray(colors, _F32)
        if colors.ndim != 2:
            raise error("COMPUTE_ERROR", f"colors must be a 2-D matrix, got {list(colors.shape)}")
        if colors.shape[1] < depth:
            raise error(
                "COMPUTE_ERROR",
                "colors must have equal or more channels than the image provided: "
                f"{list(colors.shape)}",
            )
        if colors.size:
            return colors
    colours = _BOX_COLOURS.copy()
    if depth == 1:
        colours[:, 0] = 1
    return colours


@register_op("DrawBoundingBoxes", arity=2, infer=_draw_infer)
def _draw_bounding_boxes(op):
    return _draw_kernel


@register_op("DrawBoundingBoxesV2", arity=3, infer=_draw_infer_v2)
def _draw_bounding_boxes_v2(op):
    return _draw_kernel


def _draw_kernel(images, boxes, colors=None):
    canvas = np.array(images, copy=True)
    _, h, w, depth = canvas.shape
    colours = _box_colours(colors, depth)
    for b, row in enumerate(_finite_boxes(boxes)):
        for k, box in enumerate(row):
            _draw_box(canvas[b], box, colours[k % len(colours), :depth], h, w)
    return canvas


def _draw_box(canvas, box, colour, h, w):
    """TF's DrawBoundingBoxes for one box: corners truncated toward zero, an inverted or
    wholly outside box skipped, each side drawn only where it lies inside the image."""
    top, left = int(box[0] * _F32(h - 1)), int(box[1] * _F32(w - 1))
    bottom, right = int(box[2] * _F32(h - 1)), int(box[3] * _F32(w - 1))
    if top > bottom or left > right or top >= h or bottom < 0 or left >= w or right < 0:
        return
    rows = slice(max(top, 0), min(bottom, h - 1) + 1)
    cols = slice(max(left, 0), min(right, w - 1) + 1)
    if top >= 0:
        canvas[top, cols] = colour
    if bottom < h:
        canvas[bottom, cols] = colour
    if left >= 0:
        canvas[rows, left] = colour
    if right < w:
        canvas[rows, right] = colour


without_gradient("DrawBoundingBoxes", "DrawBoundingBoxesV2")


def draw_bounding_boxes(
    images: Any, boxes: Any, name: str | None = None, colors: Any = None
) -> Tensor:
    """Draw each box's outline ([y1, x1, y2, x2], normalized) over float images, in TF's
    colour cycle or, given `colors` ([n, >= depth] float32), in theirs (DrawBoundingBoxesV2)."""
    if colors is None:
        graph, ts, name = op_inputs((images, boxes), name, "DrawBoundingBoxes", ("images", "boxes"))
        return graph.create_op("DrawBoundingBoxes", tuple(ts), None, name).outputs[0]
    graph, ts, name = op_inputs(
        (images, boxes, colors), name, "DrawBoundingBoxesV2", ("images", "boxes", "colors")
    )
    return graph.create_op("DrawBoundingBoxesV2", tuple(ts), None, name).outputs[0]


# -- depth_to_space, space_to_depth ------------------------------------------------------------


def _block_attr_check(attrs, name):
    if attrs.get("data_format", "NHWC") != "NHWC":
        raise InferenceError("INVALID_ATTR", f"{name} takes data_format NHWC only (as TF on CPU)")
    if attrs["block_size"] < 2:
        raise InferenceError(
            "INVALID_ATTR", f"{name}'s block_size must be at least 2, got {attrs['block_size']}"
        )
    return attrs["block_size"]


def _depth_to_space_infer(shapes, types, attrs):
    bs = _block_attr_check(attrs, "DepthToSpace")
    n, h, w, c = _rank4(shapes[0], "DepthToSpace")
    if c is not None and c % (bs * bs):
        raise InferenceError(
            "SHAPE_MISMATCH", f"DepthToSpace: depth {c} is not divisible by {bs * bs}"
        )
    return [((n, _mul(h, bs), _mul(w, bs), None if c is None else c // (bs * bs)), types[0])]


def _space_to_depth_infer(shapes, types, attrs):
    bs = _block_attr_check(attrs, "SpaceToDepth")
    n, h, w, c = _rank4(shapes[0], "SpaceToDepth")
    for d in (h, w):
        if d is not None and d % bs:
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"SpaceToDepth: height and width {h}, {w} must be divisible by {bs}",
            )
    return [((n, _div(h, bs), _div(w, bs), _mul(c, bs * bs)), types[0])]


def _rank4(shape, name):
    if len(shape) != 4:
        raise InferenceError("SHAPE_MISMATCH", f"{name} needs a 4-D input, got {list(shape)}")
    return shape


def _mul(d, k):
    return None if d is None else d * k


def _div(d, k):
    return None if d is None else d // k


_BLOCK_ATTRS = {"block_size": ("int", REQUIRED), "data_format": ("str", "NHWC")}


@register_op("DepthToSpace", arity=1, infer=_depth_to_space_infer, attrs=_BLOCK_ATTRS)
def _depth_to_space(op):
    bs = op.attrs["block_size"]

    def kernel(x):
        n, h, w, c = np.shape(x)
        y = np.reshape(x, (n, h, w, bs, bs, c // (bs * bs))).transpose(0, 1, 3, 2, 4, 5)
        return y.reshape(n, h * bs, w * bs, c // (bs * bs))

    return kernel


@register_op("SpaceToDepth", arity=1, infer=_space_to_depth_infer, attrs=_BLOCK_ATTRS)
def _space_to_depth(op):
    bs = op.attrs["block_size"]

    def kernel(x):
        n, h, w, c = np.shape(x)
        y = np.reshape(x, (n, h // bs, bs, w // bs, bs, c)).transpose(0, 1, 3, 2, 4, 5)
        return y.reshape(n, h // bs, w // bs, bs * bs * c)

    return kernel


@register_gradient("DepthToSpace")
def _depth_to_space_grad(op, g):
    return [g.op.graph.create_op("SpaceToDepth", (g,), dict(op.attrs), "SpaceToDepth").outputs[0]]


@register_gradient("SpaceToDepth")
def _space_to_depth_grad(op, g):
    return [g.op.graph.create_op("DepthToSpace", (g,), dict(op.attrs), "DepthToSpace").outputs[0]]


def depth_to_space(
    input: Any, block_size: int, name: str | None = None, data_format: str = "NHWC"
) -> Tensor:
    """Move depth into blocks of space: [n, h, w, c] to [n, h*b, w*b, c/(b*b)]."""
    graph, (x,), name = op_inputs((input,), name, "DepthToSpace", ("input",))
    attrs = {"block_size": operator.index(block_size), "data_format": data_format}
    return graph.create_op("DepthToSpace", (x,), attrs, name).outputs[0]


def space_to_depth(
    input: Any, block_size: int, name: str | None = None, data_format: str = "NHWC"
) -> Tensor:
    """Move blocks of space into depth: [n, h, w, c] to [n, h/b, w/b, c*b*b]."""
    graph, (x,), name = op_inputs((input,), name, "SpaceToDepth", ("input",))
    attrs = {"block_size": operator.index(block_size), "data_format": data_format}
    return graph.create_op("SpaceToDepth", (x,), attrs, name).outputs[0]


# -- space_to_batch_nd, batch_to_space_nd -------------------------------------------------------


def _block_check(shape, block, pads, name, dtype=None):
    if dtype is not None and (dtype is _dt.bool or dtype in _dt.COMPLEX):
        # TF registers these kernels for real numbers only: every run fails.
        raise InferenceError(
            "NO_CPU_KERNEL",
            f"No OpKernel was registered to support Op '{name}' with T={dtype.name} on CPU",
        )
    m = len(block)
    if m < 1 or builtins.min(block) < 1:
        raise InferenceError(
            "INVALID_ATTR", f"{name}: block_shape must be positive ints, got {list(block)}"
        )
    if len(pads) != m or builtins.any(a < 0 or b < 0 for a, b in pads):
        raise InferenceError(
            "INVALID_ATTR", f"{name}: needs one non-negative pair per block dimension"
        )
    if len(shape) < m + 1:
        raise InferenceError(
            "SHAPE_MISMATCH", f"{name}: input of shape {list(shape)} has too few dimensions"
        )


def _space_to_batch_infer(shapes, types, attrs):
    src, block, pads = shapes[0], attrs["block_shape"], attrs["paddings"]
    _block_check(src, block, pads, "SpaceToBatchND", types[0])
    spatial = []
    for d, b, (lo, hi) in zip(src[1 : len(block) + 1], block, pads, strict=True):
        if d is not None and (d + lo + hi) % b:
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"SpaceToBatchND: padded size {d + lo + hi} is not divisible by block {b}",
            )
        spatial.append(None if d is None else (d + lo + hi) // b)
    batch = _mul(src[0], math.prod(block))
    return [((batch, *spatial, *src[len(block) + 1 :]), types[0])]


def _batch_to_space_infer(shapes, types, attrs):
    src, block, crops = shapes[0], attrs["block_shape"], attrs["crops"]
    _block_check(src, block, crops, "BatchToSpaceND", types[0])
    prod = math.prod(block)
    if src[0] is not None and src[0] % prod:
        raise InferenceError(
            "SHAPE_MISMATCH", f"BatchToSpaceND: batch {src[0]} is not divisible by {prod}"
        )
    spatial = []
    for d, b, (lo, hi) in zip(src[1 : len(block) + 1], block, crops, strict=True):
        if d is not None and lo + hi > d * b:
            raise InferenceError(
                "SHAPE_MISMATCH", f"BatchToSpaceND: crops {lo}+{hi} exceed the size {d * b}"
            )
        spatial.append(None if d is None else d * b - lo - hi)
    return [((_div(src[0], prod), *spatial, *src[len(block) + 1 :]), types[0])]


def _fed_infer(shapes, types, attrs, name: str):
    """The shape of a SpaceToBatchND or BatchToSpaceND whose block shape and paddings (or
    crops) are inputs, known when run, as TF's shape function gives it: the rank and
    the trailing dimensions, the batch too where the block is known while building."""
    for t, what in zip(types[1:], ("block_shape", "paddings"), strict=True):
        if t not in (_dt.int32, _dt.int64):
            raise InferenceError("DTYPE_MISMATCH", f"{name}: {what} must be int32 or int64")
    src, given = shapes[0], shapes[1]
    m = given[0] if given is not None and len(given) == 1 else None
    if src is None or m is None:
        return [(None if src is None else (None,) * len(src), types[0])]
    if len(src) < m + 1:
        raise InferenceError(
            "SHAPE_MISMATCH", f"{name}: input of shape {list(src)} has too few dimensions"
        )
    block = attrs.get("block_shape")
    batch = None
    if block is not None and src[0] is not None:
        k = math.prod(block)
        batch = src[0] * k if name == "SpaceToBatchND" else src[0] // k
    return [((batch, *(None,) * m, *src[m + 1 :]), types[0])]


def _run_time_block(op, x, given, key: str) -> tuple[tuple, tuple]:
    """The block shape and pairs an op was given when run, checked as its static form
    checks its attributes (TF's InvalidArgumentError)."""
    block, pairs = np.asarray(given[0]), np.asarray(given[1])
    if block.ndim != 1 or pairs.shape != (block.size, 2):
        raise error(
            "SHAPE_MISMATCH",
            f"{op.type}: block_shape must be a vector and {key} of shape [{block.size}, 2], "
            f"got {list(block.shape)} and {list(pairs.shape)}",
            node=op.name,
        )
    found = builtins.tuple(int(v) for v in block.tolist())
    pairs = builtins.tuple((int(a), int(b)) for a, b in pairs.tolist())
    infer = _space_to_batch_infer if op.type == "SpaceToBatchND" else _batch_to_space_infer
    try:
        infer([np.shape(x)], [None], {"block_shape": found, key: pairs})
    except InferenceError as exc:
        raise error(exc.code, exc.message, node=op.name) from None
    return found, pairs


@register_op(
    "SpaceToBatchND",
    arity=(1, 3),
    infer=lambda shapes, types, attrs: (
        _fed_infer(shapes, types, attrs, "SpaceToBatchND")
        if len(shapes) == 3
        else _space_to_batch_infer(shapes, types, attrs)
    ),
    # Attributes where both are known while building; else TF's inputs, read when run
    # (a block known while building stays an attribute too: it gives the batch size).
    attrs={"block_shape": ("ints", None), "paddings": ("pads", None)},
)
def _space_to_batch(op):
    def kernel(x, *given):
        x = np.asarray(x)
        if given:
            block, pads = _run_time_block(op, x, given, "paddings")
        else:
            block, pads = op.attrs["block_shape"], op.attrs["paddings"]
        return _to_batch(x, block, pads)

    return kernel


def _to_batch(x: np.ndarray, block: tuple, pads: tuple) -> np.ndarray:
    m = len(block)
    rest = x.ndim - m - 1
    x = np.pad(x, [(0, 0), *pads, *[(0, 0)] * rest])
    b = x.shape[0]
    inner = [v for d, k in zip(x.shape[1 : m + 1], block, strict=True) for v in (d // k, k)]
    y = x.reshape(b, *inner, *x.shape[m + 1 :])
    perm = [2 + 2 * i for i in builtins.range(m)] + [0]
    perm += [1 + 2 * i for i in builtins.range(m)] + list(builtins.range(2 * m + 1, y.ndim))
    y = y.transpose(perm)
    return y.reshape(b * math.prod(block), *inner[::2], *x.shape[m + 1 :])


@register_op(
    "BatchToSpaceND",
    arity=(1, 3),
    infer=lambda shapes, types, attrs: (
        _fed_infer(shapes, types, attrs, "BatchToSpaceND")
        if len(shapes) == 3
        else _batch_to_space_infer(shapes, types, attrs)
    ),
    attrs={"block_shape": ("ints", None), "crops": ("pads", None)},  # as SpaceToBatchND's
)
def _batch_to_space(op):
    def kernel(x, *given):
        x = np.asarray(x)
        if given:
            block, crops = _run_time_block(op, x, given, "crops")
        else:
            block, crops = op.attrs["block_shape"], op.attrs["crops"]
        return _to_space(x, block, crops)

    return kernel


def _to_space(x: np.ndarray, block: tuple, crops: tuple) -> np.ndarray:
    m = len(block)
    b = x.shape[0] // math.prod(block)
    spatial, rest = x.shape[1 : m + 1], x.shape[m + 1 :]
    y = x.reshape(*block, b, *spatial, *rest)
    perm = [m] + [v for i in builtins.range(m) for v in (m + 1 + i, i)]
    perm += list(builtins.range(2 * m + 1, y.ndim))
    y = y.transpose(perm).reshape(b, *(d * k for d, k in zip(spatial, block, strict=True)), *rest)
    index = (slice(None), *(slice(lo, y.shape[i + 1] - hi) for i, (lo, hi) in enumerate(crops)))
    return y[index]


def _inverse(op, g, inverse: str, key: str, inverse_key: str) -> list:
    graph = g.op.graph
    if len(op.inputs) == 3:  # the same block and pairs, as TF's gradient passes them on
        attrs = {"block_shape": op.attrs["block_shape"]} if op.attrs.get("block_shape") else {}
        inputs = (g, op.inputs[1], op.inputs[2])
        return [graph.create_op(inverse, inputs, attrs, inverse).outputs[0], None, None]
    attrs = {"block_shape": op.attrs["block_shape"], inverse_key: op.attrs[key]}
    return [graph.create_op(inverse, (g,), attrs, inverse).outputs[0]]


@register_gradient("SpaceToBatchND")
def _space_to_batch_grad(op, g):
    return _inverse(op, g, "BatchToSpaceND", "paddings", "crops")


@register_gradient("BatchToSpaceND")
def _batch_to_space_grad(op, g):
    return _inverse(op, g, "SpaceToBatchND", "crops", "paddings")


def _pairs(value: Any, m: int, what: str) -> tuple:
    flat = _static_ints(value, what)
    if len(flat) != 2 * m:
        raise error("INVALID_ATTR", f"{what} must be {m} pairs of ints, got {list(flat)}")
    return builtins.tuple((flat[2 * i], flat[2 * i + 1]) for i in builtins.range(m))


def _known_ints(value: Any, what: str) -> tuple[int, ...] | None:
    """`_static_ints` of a value known while building, None for one known when run."""
    if is_dynamic(value):
        if getattr(value, "static_shape", None) == ():
            found = static_ints([value])
        else:
            found = static_ints(value)
        if found is None and isinstance(value, Tensor):
            found = read_at_build(value, lambda a: a.dtype.kind in "iu")
        if found is None:
            return None
    return _static_ints(value, what)


def _space_batch_op(op_type: str, key: str, input: Any, block_shape: Any, pairs: Any, name):
    """SpaceToBatchND or BatchToSpaceND: its block and pairs as attributes where both are
    known while building, else as TF's inputs (fed, or computed), which the op reads."""
    block = _known_ints(block_shape, "block_shape")
    if block is not None and _known_ints(pairs, key) is not None:
        attrs = {"block_shape": block, key: _pairs(pairs, len(block), key)}
        graph, (x,), name = op_inputs((input,), name, op_type, ("input",))
        return graph.create_op(op_type, (x,), attrs, name).outputs[0]
    with name_scope(name or op_type) as scope:  # the ints keep their own dtype
        x = convert_to_tensor(input, name="input")
        inputs = (
            x,
            *(
                convert_to_tensor(v, name=n)
                for v, n in ((block_shape, "block_shape"), (pairs, key))
            ),
        )
    attrs = {} if block is None else {"block_shape": block}
    return x.op.graph.create_op(op_type, inputs, attrs, scope).outputs[0]


def space_to_batch_nd(
    input: Any, block_shape: Any, paddings: Any, name: str | None = None
) -> Tensor:
    """Zero-pad the spatial dimensions and move blocks of them into the batch."""
    return _space_batch_op("SpaceToBatchND", "paddings", input, block_shape, paddings, name)


def batch_to_space_nd(input: Any, block_shape: Any, crops: Any, name: str | None = None) -> Tensor:
    """The inverse of `space_to_batch_nd`: move batch blocks back into space, then crop."""
    return _space_batch_op("BatchToSpaceND", "crops", input, block_shape, crops, name)


def space_to_batch(
    input: Any, paddings: Any, block_size: Any = None, name: str | None = None, block_shape=None
) -> Tensor:
    """TF1's `tf.space_to_batch`: `space_to_batch_nd` with a square block on 4-D input."""
    size = block_size if block_size is not None else block_shape
    block = (operator.index(size),) * 2 if not isinstance(size, list | tuple) else size
    return space_to_batch_nd(input, block, paddings, name or "SpaceToBatchND")


def batch_to_space(
    input: Any, crops: Any, block_size: Any, name: str | None = None, block_shape=None
) -> Tensor:
    """TF1's `tf.batch_to_space`: `batch_to_space_nd` with a square block on 4-D input."""
    size = block_size if block_size is not None else block_shape
    block = (operator.index(size),) * 2 if not isinstance(size, list | tuple) else size
    return batch_to_space_nd(input, block, crops, name or "BatchToSpaceND")


__all__ = [
    "batch_to_space",
    "batch_to_space_nd",
    "combined_non_max_suppression",
    "crop_and_resize",
    "depth_to_space",
    "draw_bounding_boxes",
    "extract_image_patches",
    "extract_patches",
    "hsv_to_rgb",
    "non_max_suppression",
    "non_max_suppression_overlaps",
    "non_max_suppression_with_scores",
    "resize_area",
    "resize_bicubic",
    "resize_bilinear",
    "resize_nearest_neighbor",
    "rgb_to_hsv",
    "space_to_batch",
    "space_to_batch_nd",
    "space_to_depth",
]
