"""ONNX's Resize: one answer whether the image sizes are known at import or only at run time.

Nearest, linear and cubic resizing with the `half_pixel`, `pytorch_half_pixel`,
`asymmetric`, `align_corners` and `half_pixel_symmetric` transformations go through one
kernel: per resized axis, each output position's source pixel (nearest), two pixels and a
weight (linear) or four and their cubic weights, computed from the axis lengths and scale
in float32 in onnxruntime's order (in float64, 3 / 0.6f falls below 5 and picks another
pixel). With lengths known at import the kernel runs then, on a scratch graph, and the
model gathers at constant indices (or, where faster, multiplies by the matrix of those
taps); over lengths known only at run time the same ops are part of the model.

`align_corners` divides by the resized tensor's length, as the spec's text and onnxruntime
(and PyTorch) do; ONNX's reference implementation divides by the unrounded input x scale
(scale 0.6 over 4 pixels: 1.4 instead of 1), which two backend cases' expected values
carry. Where onnxruntime and the spec disagree the model is refused rather than answered
one way: an output length that onnxruntime's float32 product (scale x length) rounds past a
whole number (6 x 17/6f is 16.9999995, floor 16; onnxruntime computes 17), a scale other
than 1 that leaves every length unchanged (onnxruntime copies the input; the spec
interpolates), and a crop box on an axis that is not resized (onnxruntime ignores it).
Over run-time lengths the first two are checks that fail the run.

Antialiased and `tf_crop_and_resize` resizing over lengths known at import are a linear map
per axis, ONNX's reference applied to the identity; over lengths, scales or a crop box a
run gives, the gathering kernel takes the crop box's positions (onnxruntime's float32
ones), and antialiasing is the reference's taps computed when run, as a matrix per axis.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..graph import Graph, Tensor, constant_op
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, _axis, checked, lowers, where

# The nearest rule of Upsample (opsets 7-9) and Resize-10, which name none: onnxruntime
# truncates the coordinate, or takes its ceiling where an axis is downsampled. The importer
# gives it to the Resize nodes the version converter makes of them.
LEGACY_NEAREST = "graphgate_legacy"

_GATHER_COORDS = (
    "half_pixel",
    "pytorch_half_pixel",
    "asymmetric",
    "align_corners",
    "half_pixel_symmetric",
)


def _resize_check(attrs, opset):
    policy = attrs.get("keep_aspect_ratio_policy", "stretch")
    if policy not in ("stretch", "not_larger", "not_smaller"):
        return f"Resize keep_aspect_ratio_policy {policy!r}"
    if policy != "stretch" and any(a < 0 for a in attrs.get("axes", ())):
        # onnxruntime 1.31/1.32 then answers a copy or half-resized tensor (not the shape
        # its own inference declares); ONNX's reference takes no negative axes here.
        return "Resize keep_aspect_ratio_policy with negative axes (onnxruntime ignores it)"
    crop = attrs.get("coordinate_transformation_mode") == "tf_crop_and_resize"
    if crop and attrs.get("mode", "nearest") == "nearest":
        # ONNX's reference and onnxruntime pick different pixels here; neither is guessed.
        return "Resize nearest with tf_crop_and_resize (ONNX's reference and onnxruntime differ)"
    return None


def _antialiased(ctx) -> bool:
    return bool(ctx.attr("antialias", 0)) and ctx.attr("mode", "nearest") != "nearest"


def _by_gathers(ctx) -> bool:
    mode = ctx.attr("mode", "nearest")
    coords = ctx.attr("coordinate_transformation_mode", "half_pixel")
    antialiased = ctx.attr("antialias", 0) and mode != "nearest"
    if coords == _CROP:  # a crop box at import: ONNX's reference's matrices (below)
        return mode in ("linear", "cubic") and not antialiased and _crop_at_run_time(ctx)
    if antialiased:  # lengths at import: the reference's matrices; else its taps, when run
        return coords == "half_pixel" and _crop_at_run_time(ctx)
    return mode in ("nearest", "linear", "cubic") and coords in _GATHER_COORDS and not antialiased


_CROP = "tf_crop_and_resize"


def _crop_at_run_time(ctx) -> bool:
    """A crop box, scales or sizes a run gives, or a resized length only run time knows."""
    if any(ctx.has(k) and not isinstance(ctx.values[k], np.ndarray) for k in (1, 2, 3)):
        return True
    src = ctx.shape(0)
    return src is None or any(src[a] is None for a in _axes(ctx))


@lowers("Resize", static=(1, 2, 3), check=_resize_check, run_time=(1, 2, 3))
def _resize(ctx):
    reason = _resize_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    if _by_gathers(ctx):
        return [_resize_by_gathers(ctx)]
    if _run_time_lengths(ctx):
        mode = ctx.attr("mode", "nearest")
        coords = ctx.attr("coordinate_transformation_mode", "half_pixel")
        aa = "antialiased " if ctx.attr("antialias", 0) else ""
        raise Unsupported(f"{aa}Resize {mode} / {coords} over sizes known only at run time")
    return [_resize_by_matrices(ctx)]


def _run_time_lengths(ctx) -> bool:
    """Sizes computed at run time (torch's interpolate(size=y.shape[-2:])), or a resized
    axis whose length only run time knows (a dynamic image size)."""
    if ctx.has(3) and not isinstance(ctx.values[3], np.ndarray):
        return True
    src = ctx.shape(0)
    if src is None:
        return False
    return any(src[a] is None for a in _axes(ctx)) and (ctx.has(3) or ctx.has(2))


def _axes(ctx) -> list[int]:
    rank = ctx.rank(0)
    return [_axis(a, rank) for a in ctx.attr("axes", range(rank))]


def _run_time_scales(ctx) -> Tensor | None:
    """Scales a run gives (a graph input) to the gathering kernel: a float32 vector, one
    per resized axis (an empty one, where sizes are given, is None)."""
    if not ctx.has(2) or isinstance(ctx.values[2], np.ndarray) or not _by_gathers(ctx):
        return None
    n = ctx.shape(2)
    if n == (0,) and ctx.has(3):
        return None
    if n != (len(_axes(ctx)),):
        raise Unsupported("Resize with run-time scales of a length other than its axes'")
    return A.reshape(M.cast(ctx.t(2), _dt.float32), [-1])


def _scales(ctx) -> list[float] | None:
    if ctx.has(2) and not isinstance(ctx.values[2], np.ndarray) and ctx.shape(2) == (0,):
        return None  # an empty scales input a run gives: the sizes say
    scales = ctx.static(2, "scales") if ctx.has(2) else None
    if scales is None or scales.size == 0:
        return None
    scales = [float(v) for v in np.asarray(scales, np.float32).reshape(-1)]
    if len(scales) != len(_axes(ctx)):
        raise Unsupported(f"Resize with {len(scales)} scales for {len(_axes(ctx))} axes")
    return scales


def _ort_length(n: int, scale: float) -> int:
    """onnxruntime's output length, int64(float(scale) * n), refused where the spec's exact
    floor(n x scale) is another number."""
    ort = int(np.float32(scale) * np.float32(n))
    exact = int(np.floor(np.float64(np.float32(scale)) * n))  # exact: 24 x 29 bits < 53
    if ort != exact:
        raise Unsupported(
            f"Resize of {n} by scale {np.float32(scale)}: the spec's length is {exact}, "
            f"onnxruntime's float32 product gives {ort}"
        )
    return ort


def _refuse_unchanged(n_ins: list, n_outs: list, scales: list) -> None:
    if n_ins == n_outs and any(s != 1 for s in scales):
        raise Unsupported(
            "Resize by a scale other than 1 that leaves every length unchanged "
            "(onnxruntime copies the input, the spec interpolates)"
        )


# -- nearest, linear and cubic: one kernel of gathers -------------------------------------


def _resize_by_gathers(ctx) -> Tensor:
    x = ctx.t(0)
    src = ctx.shape(0)
    rank = ctx.rank(0)
    axes = _axes(ctx)
    scales = _run_time_scales(ctx)
    if scales is None:
        scales = _scales(ctx)
    if scales is None and not ctx.has(3):
        raise Unsupported("Resize without scales or sizes")
    static = (
        ctx.attr("coordinate_transformation_mode") != _CROP
        and not _antialiased(ctx)
        and not isinstance(scales, Tensor)
        and (not ctx.has(3) or isinstance(ctx.values[3], np.ndarray))
        and all(src[a] is not None for a in axes)
    )
    if static:
        return _static_gathers(ctx, x, src, rank, axes, scales)
    return _run_time_gathers(ctx, x, rank, axes, scales)


def _policy(ctx) -> str:
    return ctx.attr("keep_aspect_ratio_policy", "stretch") if ctx.has(3) else "stretch"


def _kept_aspect(policy: str, n_ins: list[int], n_outs: list[int]):
    """keep_aspect_ratio_policy: one scale for every axis, the smallest (`not_larger`) or
    largest (`not_smaller`) of sizes / lengths, and lengths round(scale x length), half up.
    onnxruntime computes in float32, ONNX's reference in float64: where they round to
    other lengths it is refused."""
    pick = min if policy == "not_larger" else max
    scale = pick(np.float32(o) / np.float32(i) for o, i in zip(n_outs, n_ins, strict=True))
    exact = pick(o / i for o, i in zip(n_outs, n_ins, strict=True))
    outs = [int(np.floor(np.float32(scale) * np.float32(n) + np.float32(0.5))) for n in n_ins]
    if outs != [int(exact * n + 0.5) for n in n_ins]:
        raise Unsupported(
            f"Resize keep_aspect_ratio_policy {policy} of {n_ins} to {n_outs}: float32 and "
            "float64 round to other lengths (onnxruntime and ONNX's reference differ)"
        )
    return outs, [scale] * len(n_ins)


def _static_gathers(ctx, x, src, rank, axes, scales):
    """Lengths known at import: the kernel runs now and the model gathers at constants."""
    n_ins = [int(src[a]) for a in axes]
    if scales is None:
        n_outs = [int(v) for v in ctx.static(3, "sizes").reshape(-1)]
        if len(n_outs) != len(axes):
            raise Unsupported(f"Resize with {len(n_outs)} sizes for {len(axes)} axes")
        pairs = zip(n_outs, n_ins, strict=True)
        ratios = [np.float32(o) / np.float32(i) if i else 1.0 for o, i in pairs]
        if _policy(ctx) != "stretch":
            n_outs, ratios = _kept_aspect(_policy(ctx), n_ins, n_outs)
    else:
        n_outs = [_ort_length(n, s) for n, s in zip(n_ins, scales, strict=True)]
        ratios = scales
        _refuse_unchanged(n_ins, n_outs, scales)
    for a, n_in, n_out, scale in zip(axes, n_ins, n_outs, ratios, strict=True):
        if n_out == n_in and scale == 1:
            continue
        taps = _fold_taps(ctx, n_in, n_out, scale)
        if len(taps) == 8 or (len(taps) == 3 and n_in <= _MATMUL_UP_TO):
            x = _matrix_axis(ctx, x, a, rank, _tap_matrix(taps, n_in))
        else:
            x = _apply_taps(ctx, x, a, rank, [ctx.const(t, t.dtype) for t in taps])
    return x if x is not ctx.t(0) else A.identity(x)


# The same taps summed by one matmul beat the gathers for cubic (2.3 against 43 ms for a
# 64x56x56 image doubled; 68 against 102 ms for 16x256x256) and for linear up to about
# 128 pixels (7 against 18 ms at 56, even at 128, 44 against 34 ms at 192): one thread,
# same process, interleaved medians, on the shared two-core machine under load.
_MATMUL_UP_TO = 128


def _tap_matrix(taps: list[np.ndarray], n_in: int) -> np.ndarray:
    """Linear or cubic taps as the [n_in, n_out] matrix they sum by; clamped taps that
    meet at an edge add up."""
    if len(taps) == 3:
        low, high, frac = taps
        indices, weights = [low, high], [1 - frac.astype(np.float64), frac]
    else:
        indices, weights = taps[:4], taps[4:]
    matrix = np.zeros((n_in, indices[0].size), np.float64)
    for i, w in zip(indices, weights, strict=True):
        np.add.at(matrix, (i, np.arange(i.size)), w)
    return matrix


def _fold_taps(ctx, n_in: int, n_out: int, scale: float) -> list[np.ndarray]:
    from ..session import Session

    scratch = Graph()
    with scratch.as_default():

        def const(v, dtype):
            return constant_op(scratch, np.asarray(v, dtype), name="Const")

        f32 = np.float32
        taps = _taps(ctx, const, const(n_in, f32), const(n_out, f32), const(scale, f32))
    with Session(scratch) as sess:
        return [np.asarray(t) for t in sess.run(taps)]


def _run_time_gathers(ctx, x, rank, axes, scales):
    """Lengths known only at run time: the kernel is part of the model, with run-time
    checks where onnxruntime and the spec disagree."""
    in_shape = A.shape(x, out_type=_dt.int64)
    target = None if scales is not None else A.reshape(M.cast(ctx.t(3), _dt.int64), [-1])
    f32, f64 = np.float32, _dt.float64
    checks = []
    changed = []
    boxes = _run_time_boxes(ctx, len(axes))
    n_ins = [M.cast(A.gather(in_shape, ctx.const(a, np.int64)), _dt.float32) for a in axes]
    if target is not None:
        n_outs = [
            M.cast(A.gather(target, ctx.const(k, np.int64)), _dt.float32) for k in range(len(axes))
        ]
        ratios = [M.divide(o, i) for o, i in zip(n_outs, n_ins, strict=True)]
        if _policy(ctx) != "stretch":
            if _antialiased(ctx) or boxes:
                raise Unsupported("Resize keep_aspect_ratio_policy with antialiasing or a crop box")
            n_outs, ratios, check = _run_time_kept_aspect(ctx, _policy(ctx), n_ins, n_outs)
            checks.append(check)
    for k, a in enumerate(axes):
        n_in = n_ins[k]
        if target is not None:
            n_out, scale = n_outs[k], ratios[k]
        else:
            if isinstance(scales, Tensor):  # a run's scales: an axis of 1 is resized too
                scale = A.gather(scales, ctx.const(k, np.int64))
            elif scales[k] == 1:
                if boxes:
                    checks.append(_whole_box(ctx, boxes[k]))
                continue
            else:
                scale = ctx.const(scales[k], f32)
            n_out = M.floor(M.multiply(scale, n_in))  # int64(scale * size), as onnxruntime
            exact = M.floor(M.multiply(M.cast(scale, _dt.float64), M.cast(n_in, _dt.float64)))
            checks.append(M.equal(M.cast(n_out, _dt.float64), exact))
            changed.append(M.not_equal(n_out, n_in))
        box = boxes[k] if boxes else None
        if _antialiased(ctx):
            exact = None if target is None else M.divide(M.cast(n_out, f64), M.cast(n_in, f64))
            x = _antialiased_axis(ctx, x, a, rank, (n_in, n_out), scale if exact is None else exact)
            continue
        taps = _taps(ctx, ctx.const, n_in, n_out, scale, box)
        x = _apply_taps(ctx, x, a, rank, taps)
        if box is not None:
            x = _extrapolated(ctx, x, a, rank, n_in, n_out, box)
            # onnxruntime copies an axis its scale leaves as it is, crop box or not
            unchanged = M.logical_and(M.equal(n_out, n_in), M.equal(scale, ctx.const(1, f32)))
            checks.append(M.logical_or(M.logical_not(unchanged), _whole_box(ctx, box)))
    if isinstance(scales, Tensor):  # scales of 1 everywhere leave the input as it is
        changed.append(R.reduce_all(M.equal(scales, ctx.const(1, f32))))
    return _checked(x, checks, changed)


def _antialiased_axis(ctx, x, a, rank, lengths, scale):
    """ONNX's reference's antialiased taps along one axis (half_pixel), in float64 as it
    computes them: a filter widened by 1 / scale when downsampling, so its tap count is a
    run's; applied as the [n_in, n_out] matrix they sum by (edge taps clamp and add up)."""
    from ..ops.extra_array_ops import range as range_

    f64, i64 = _dt.float64, np.int64
    n_in, n_out = (M.cast(v, f64) for v in lengths)
    scale = M.cast(scale, f64)
    const = ctx.const

    def c(v):
        return const(v, np.float64)

    pos = M.subtract(
        M.divide(M.add(range_(c(0.0), n_out, c(1.0), dtype=f64), c(0.5)), scale), c(0.5)
    )
    whole = M.floor(pos)
    ratio = where(M.equal(pos, whole), A.ones_like(pos), M.subtract(pos, whole))
    narrow = M.minimum(scale, c(1.0))
    cubic = ctx.attr("mode") == "cubic"
    start = M.add(M.floor(M.divide(c(-2.0 if cubic else -1.0), narrow)), c(1.0))
    n = M.cast(M.subtract(c(2.0), M.multiply(c(2.0), start)), _dt.int64)  # even
    t = A.reshape(M.cast(range_(n, dtype=_dt.int64), f64), [1, -1])
    args = M.multiply(M.subtract(M.add(start, t), A.reshape(ratio, [-1, 1])), narrow)
    coeffs = _cubic_coeff(ctx, M.abs(args)) if cubic else _linear_coeff(ctx, args)
    coeffs = M.divide(coeffs, R.reduce_sum(coeffs, axis=1, keepdims=True))
    half = M.floordiv(n, const(2, i64))
    padded = M.add(pos, M.cast(half, f64))
    p = M.floor(padded)
    first = where(M.equal(padded, p), M.negative(half), M.add(M.negative(half), const(1, i64)))
    first = M.subtract(M.add(M.cast(p, _dt.int64), first), half)
    index = M.add(A.reshape(first, [-1, 1]), M.cast(t, _dt.int64))  # [n_out, n]
    last = M.subtract(M.cast(n_in, _dt.int64), const(1, i64))
    if ctx.attr("exclude_outside", 0):
        inside = M.logical_and(M.greater_equal(index, const(0, i64)), M.less_equal(index, last))
        coeffs = where(inside, coeffs, A.zeros_like(coeffs))
        total = R.reduce_sum(coeffs, axis=1, keepdims=True)
        coeffs = M.divide(coeffs, where(M.equal(total, c(0.0)), A.ones_like(total), total))
    index = M.minimum(M.maximum(index, const(0, i64)), last)
    hot = A.one_hot(index, M.cast(n_in, _dt.int64), dtype=f64)  # [n_out, n, n_in]
    matrix = A.transpose(R.reduce_sum(M.multiply(hot, A.expand_dims(coeffs, 2)), axis=1), [1, 0])
    return M.cast(_matrix_axis(ctx, M.cast(x, f64), a, rank, matrix), x.dtype)


def _linear_coeff(ctx, args):
    one = ctx.const(1.0, np.float64)
    return M.minimum(M.maximum(M.subtract(one, M.abs(args)), ctx.const(0.0, np.float64)), one)


def _cubic_coeff(ctx, d):
    """Keys' cubic of |d| in the reference's antialiased form: (A+2)d^3 - (A+3)d^2 + 1
    up to 1, A d^3 - 5A d^2 + 8A d - 4A up to 2, 0 beyond."""
    f64 = np.float64
    a = ctx.const(ctx.attr("cubic_coeff_a", -0.75), f64)
    d2 = M.multiply(d, d)
    d3 = M.multiply(d, d2)
    near = M.add(
        M.subtract(M.multiply(M.add(a, 2.0), d3), M.multiply(M.add(a, 3.0), d2)),
        ctx.const(1.0, f64),
    )
    far = M.subtract(
        M.add(
            M.subtract(M.multiply(a, d3), M.multiply(M.multiply(a, 5.0), d2)),
            M.multiply(M.multiply(a, 8.0), d),
        ),
        M.multiply(a, 4.0),
    )
    zero = A.zeros_like(d)
    return where(M.less_equal(d, 1.0), near, where(M.less(d, 2.0), far, zero))


def _run_time_boxes(ctx, n: int) -> list | None:
    """tf_crop_and_resize's box per resized axis, (start, end) as float32 scalars, once the
    run shows a roi of two values per axis."""
    if ctx.attr("coordinate_transformation_mode") != _CROP:
        return None
    if not ctx.has(1):
        raise Unsupported("tf_crop_and_resize without a roi for every axis")
    roi = A.reshape(M.cast(ctx.t(1), _dt.float32), [-1])
    fits = M.equal(A.size(roi, out_type=_dt.int64), ctx.const(2 * n, np.int64))
    roi = checked(roi, fits, "Resize: tf_crop_and_resize without a roi for every axis")
    at = [A.gather(roi, ctx.const(k, np.int64)) for k in range(2 * n)]
    return [(at[k], at[n + k]) for k in range(n)]


def _whole_box(ctx, box) -> Tensor:
    zero, one = ctx.const(0, np.float32), ctx.const(1, np.float32)
    return M.logical_and(M.equal(box[0], zero), M.equal(box[1], one))


def _crop_positions(const, o, n_in, n_out, box) -> Tensor:
    """onnxruntime's float32 source positions of tf_crop_and_resize (ONNX's reference
    computes the same in float64)."""
    start, end = box
    one = const(1.0, np.float32)
    span = M.subtract(n_in, one)
    pos = M.divide(M.multiply(M.multiply(o, M.subtract(end, start)), span), M.subtract(n_out, one))
    pos = M.add(M.multiply(start, span), pos)
    centre = M.multiply(M.multiply(const(0.5, np.float32), M.add(start, end)), span)
    return where(M.greater(n_out, one), pos, M.add(A.zeros_like(pos), centre))


def _extrapolated(ctx, x, a, rank, n_in, n_out, box) -> Tensor:
    """The extrapolation value where tf_crop_and_resize's position falls outside the input."""
    from ..ops.extra_array_ops import range as range_

    f32 = np.float32
    o = range_(ctx.const(0.0, f32), n_out, ctx.const(1.0, f32), dtype=_dt.float32)
    pos = _crop_positions(ctx.const, o, n_in, n_out, box)
    last = M.subtract(n_in, ctx.const(1.0, f32))
    outside = M.logical_or(M.less(pos, ctx.const(0.0, f32)), M.greater(pos, last))
    shape = [1] * rank
    shape[a] = -1
    outside = A.reshape(outside, shape)
    fill = ctx.const(ctx.attr("extrapolation_value", 0.0), x.dtype)
    return where(outside, M.add(A.zeros_like(x), fill), x)


def _run_time_kept_aspect(ctx, policy: str, n_ins: list, n_outs: list):
    """_kept_aspect over sizes a run gives: onnxruntime's float32 scale and lengths, and
    a check that ONNX's reference's float64 ones round to the same lengths."""
    f64 = _dt.float64
    pick = R.reduce_min if policy == "not_larger" else R.reduce_max
    scale = pick(A.stack([M.divide(o, i) for o, i in zip(n_outs, n_ins, strict=True)]))
    exact = pick(
        A.stack(
            [M.divide(M.cast(o, f64), M.cast(i, f64)) for o, i in zip(n_outs, n_ins, strict=True)]
        )
    )
    half = ctx.const(0.5, np.float32)
    outs = [M.floor(M.add(M.multiply(scale, n), half)) for n in n_ins]
    wants = [M.floor(M.add(M.multiply(exact, M.cast(n, f64)), 0.5)) for n in n_ins]
    same = R.reduce_all(
        A.stack([M.equal(M.cast(o, f64), w) for o, w in zip(outs, wants, strict=True)])
    )
    return outs, [scale] * len(n_ins), same


def _checked(x: Tensor, checks: list, changed: list) -> Tensor:
    """The run-time form of _ort_length's, _refuse_unchanged's and _kept_aspect's refusals."""
    if not checks:
        return x
    from ..ops.debug_ops import Assert

    lengths = Assert(
        R.reduce_all(A.stack(checks)),
        [
            "Resize: onnxruntime's float32 length (scale x length, or the kept aspect "
            "ratio's) is not the spec's"
        ],
    )
    asserts = [lengths]
    if changed:
        moved = Assert(
            R.reduce_any(A.stack(changed)),
            [
                "Resize by a scale other than 1 that leaves every length unchanged "
                "(onnxruntime copies the input, the spec interpolates)"
            ],
        )
        asserts.append(moved)
    with x.graph.control_dependencies(asserts):
        return A.identity(x)


def _taps(ctx, const, n_in, n_out, scale, box=None) -> list[Tensor]:
    """Per output position along one axis, float32 in onnxruntime's order: [index] for
    nearest, [low, high, weight of high] for linear, four indices and four weights for
    cubic. Past either edge the neighbours clamp."""
    from ..ops.extra_array_ops import range as range_

    f32 = np.float32
    mode = ctx.attr("mode", "nearest")
    coords = ctx.attr("coordinate_transformation_mode", "half_pixel")
    zero, half, one = const(0.0, f32), const(0.5, f32), const(1.0, f32)
    o = range_(zero, n_out, one, dtype=_dt.float32)
    if coords == _CROP:
        pos = _crop_positions(const, o, n_in, n_out, box)
    elif coords == "asymmetric":
        pos = M.divide(o, scale)
    elif coords == "align_corners":  # o * (in - 1) / (out - 1); one output reads 0
        span = M.maximum(M.subtract(n_out, one), one)
        pos = M.divide(M.multiply(o, M.subtract(n_in, one)), span)
        pos = where(M.greater(n_out, one), pos, A.zeros_like(pos))
    elif coords == "half_pixel_symmetric":
        pos = _symmetric_positions(const, o, n_in, n_out, scale)
    else:
        pos = M.subtract(M.divide(M.add(o, half), scale), half)
        if coords == "pytorch_half_pixel":
            pos = where(M.greater(n_out, one), pos, A.zeros_like(pos))
    last = M.subtract(n_in, one)

    def index(p):
        return M.cast(M.minimum(M.maximum(p, zero), last), _dt.int64)

    low = M.floor(pos)
    frac = M.subtract(pos, low)  # exact in float32
    if mode == "nearest":
        rule = ctx.attr("nearest_mode", "round_prefer_floor")
        up = {
            "round_prefer_floor": M.greater(frac, half),
            "round_prefer_ceil": M.greater_equal(frac, half),
            "floor": None,
            "ceil": M.greater(frac, zero),
            # Upsample and Resize-10 (LEGACY_NEAREST): truncate, or ceil when downsampling
            LEGACY_NEAREST: M.logical_and(M.less(scale, one), M.greater(frac, zero)),
        }[rule]
        pick = low if up is None else M.add(low, M.cast(up, _dt.float32))
        return [index(pick)]
    if mode == "linear":
        return [index(low), index(M.add(low, one)), frac]
    return _cubic_taps(ctx, const, low, frac, last, index)


def _cubic_taps(ctx, const, low, t, last, index) -> list[Tensor]:
    """Four taps around the source, low - 1 .. low + 2, edge-clamped, with Keys' cubic
    weights for coefficient a (onnxruntime's and the reference's formula); with
    exclude_outside, taps past either edge weigh 0 and the rest are renormalized."""
    f32 = np.float32
    a = const(ctx.attr("cubic_coeff_a", -0.75), f32)
    one, two = const(1.0, f32), const(2.0, f32)

    def outer(d):  # |d| in [1, 2): ((a d - 5a) d + 8a) d - 4a
        five, eight, four = (M.multiply(a, const(k, f32)) for k in (5.0, 8.0, 4.0))
        return M.subtract(
            M.multiply(M.add(M.multiply(M.subtract(M.multiply(a, d), five), d), eight), d), four
        )

    def inner(d):  # |d| < 1: ((a + 2) d - (a + 3)) d d + 1
        c = M.subtract(M.multiply(M.add(a, two), d), M.add(a, const(3.0, f32)))
        return M.add(M.multiply(M.multiply(c, d), d), one)

    u = M.subtract(one, t)
    weights = [outer(M.add(t, one)), inner(t), inner(u), outer(M.add(u, one))]
    spots = [M.add(low, const(k, f32)) for k in (-1.0, 0.0, 1.0, 2.0)]
    if ctx.attr("exclude_outside", 0):
        zero = const(0.0, f32)
        inside = [M.logical_and(M.greater_equal(p, zero), M.less_equal(p, last)) for p in spots]
        weights = [where(k, w, A.zeros_like(w)) for k, w in zip(inside, weights, strict=True)]
        total = M.add_n(weights)
        weights = [M.divide(w, total) for w in weights]
    return [index(p) for p in spots] + weights


def _symmetric_positions(const, o, n_in, n_out, scale) -> Tensor:
    """half_pixel_symmetric as onnxruntime computes it (and the spec's text says): the
    offset that centres the whole-pixel output in float32, the rest in float64."""
    f32, f64 = np.float32, _dt.float64
    width = M.multiply(scale, n_in)
    offset = M.multiply(
        M.divide(n_in, const(2.0, f32)), M.subtract(const(1.0, f32), M.divide(n_out, width))
    )
    half = const(0.5, np.float64)
    pos = M.divide(M.add(M.cast(o, f64), half), M.cast(scale, f64))
    return M.cast(M.subtract(M.add(M.cast(offset, f64), pos), half), _dt.float32)


def _apply_taps(ctx, x, a, rank, taps):
    if len(taps) == 1:  # nearest: a gather, exact for inf and NaN too
        return A.gather(x, taps[0], axis=a)
    shape = [1] * rank
    shape[a] = -1
    if len(taps) == 3:  # linear
        low, high, frac = taps
        t = A.reshape(M.cast(frac, x.dtype), shape)
        x0, x1 = A.gather(x, low, axis=a), A.gather(x, high, axis=a)
        return M.add(M.multiply(x0, M.subtract(ctx.const(1, x.dtype), t)), M.multiply(x1, t))
    indices, weights = taps[:4], taps[4:]  # cubic
    terms = [
        M.multiply(A.gather(x, i, axis=a), A.reshape(M.cast(w, x.dtype), shape))
        for i, w in zip(indices, weights, strict=True)
    ]
    return M.add_n(terms)


# -- antialiased, cropped: a linear map per axis from ONNX's reference ---------------------


def _resize_by_matrices(ctx) -> Tensor:
    x = ctx.t(0)
    src = ctx.shape(0)
    rank = ctx.rank(0)
    axes = _axes(ctx)
    scales = _scales(ctx)
    sizes = None if scales is not None else [int(v) for v in ctx.static(3, "sizes").reshape(-1)]
    if sizes is not None and _policy(ctx) != "stretch":
        raise Unsupported("Resize keep_aspect_ratio_policy with antialiasing or a crop box")
    crop = ctx.attr("coordinate_transformation_mode") == "tf_crop_and_resize"
    roi = ctx.static(1, "roi").reshape(-1) if crop and ctx.has(1) else None
    if crop and (roi is None or roi.size != 2 * len(axes)):
        raise Unsupported("tf_crop_and_resize without a roi for every axis")
    if any(src[a] is None for a in axes):
        raise Unsupported("Resize along an axis of unknown size")
    n_ins = [int(src[a]) for a in axes]
    if scales is not None:
        n_outs = [_ort_length(n, s) for n, s in zip(n_ins, scales, strict=True)]
        _refuse_unchanged(n_ins, n_outs, scales)
    extrapolation = ctx.attr("extrapolation_value", 0.0)
    for k, a in enumerate(axes):
        scale, size = (None, sizes[k]) if sizes else (scales[k], None)
        pair = None if roi is None else (float(roi[k]), float(roi[k + len(axes)]))
        if (size is not None and size == src[a]) or scale == 1.0:
            if pair is None or pair == (0.0, 1.0):
                continue
            # onnxruntime copies an axis whose scale is 1, crop box or not
            raise Unsupported(
                "Resize tf_crop_and_resize with a crop box on an axis it does not resize "
                "(onnxruntime ignores the box there)"
            )
        if size is None and crop and not ctx.attr("antialias", 0):
            # The reference would use the unrounded n x scale as the resized length, where
            # the spec's text and onnxruntime use the resized tensor's: give it the length
            # (without antialiasing, nothing else reads the scale).
            scale, size = None, n_outs[k]
        matrix, outside = _resize_matrix(ctx, src[a], scale, size, pair)
        x = _matrix_axis(ctx, x, a, rank, matrix)
        if outside is not None and outside.any():
            shape = [1] * rank
            shape[a] = outside.size
            mask = ctx.const(outside.reshape(shape), _dt.bool_)
            x = where(mask, M.add(A.zeros_like(x), ctx.const(extrapolation, x.dtype)), x)
    return x if x is not ctx.t(0) else A.identity(x)


def _resize_probe(
    ctx, x: np.ndarray, scale: float | None, size: int | None, roi, extrapolation: float
) -> np.ndarray:
    """ONNX's reference Resize of `x` along its first axis."""
    from onnx import TensorProto, helper
    from onnx.reference import ReferenceEvaluator

    keep = ("mode", "coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside")
    keep += ("nearest_mode", "antialias")
    attrs = {k: v for k, v in ctx.attrs.items() if k in keep}
    attrs["extrapolation_value"] = extrapolation
    by_size = size is not None
    inputs = ["x", "roi" if roi is not None else "", "" if by_size else "s", "s" if by_size else ""]
    node = helper.make_node("Resize", inputs, ["y"], **attrs)
    s_type = TensorProto.INT64 if by_size else TensorProto.FLOAT
    graph = helper.make_graph(
        [node],
        "probe",
        [
            helper.make_tensor_value_info("x", TensorProto.DOUBLE, None),
            helper.make_tensor_value_info("roi", TensorProto.FLOAT, None),
            helper.make_tensor_value_info("s", s_type, None),
        ],
        [helper.make_tensor_value_info("y", TensorProto.DOUBLE, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", max(ctx.opset, 19))])
    rows = x.shape[1]  # the probe resizes the last axis of x.T, keeping its rows
    s = np.array([rows, size], np.int64) if by_size else np.array([1.0, scale], np.float32)
    feeds = {"x": x.T, "s": s}
    if roi is not None:
        feeds["roi"] = np.array([0.0, roi[0], 1.0, roi[1]], np.float32)
    return ReferenceEvaluator(model).run(None, feeds)[0].T


def _resize_matrix(ctx, n_in, scale, size, roi):
    """Resize along one axis is a linear map plus, for tf_crop_and_resize, the extrapolation
    value at the outputs that fall outside the input: ONNX's reference applied to the
    identity (extrapolating 0) gives the matrix [n_in, n_out]; applied to zeros
    (extrapolating 1), the outputs that extrapolate."""
    matrix = _resize_probe(ctx, np.eye(n_in), scale, size, roi, 0.0).T
    outside = None
    if roi is not None:
        outside = _resize_probe(ctx, np.zeros((n_in, 1)), scale, size, roi, 1.0)[:, 0]
        outside = outside != 0
    return matrix, outside


def _matrix_axis(ctx, x, a, rank, matrix):
    perm = list(range(rank))
    perm[a], perm[-1] = perm[-1], perm[a]
    moved = A.transpose(x, perm) if a != rank - 1 else x
    y = M.matmul(moved, matrix if isinstance(matrix, Tensor) else ctx.const(matrix, x.dtype))
    return A.transpose(y, perm) if a != rank - 1 else y
