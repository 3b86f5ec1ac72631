"""ONNX's rearranging, scattering and selecting operators lowered to the engine's reshapes,
transposes, scatters and masks: DepthToSpace, SpaceToDepth, ScatterElements, ScatterND,
Compress, NonZero, Hardmax, CumProd, EyeLike, ReverseSequence, Det, and the normalizations
LpNormalization, MeanVarianceNormalization, GroupNormalization and RMSNormalization."""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, constant_op
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, _axis, _special_math, checked, lowers, scan_axis, where


def _static_shape(ctx, i: int, what: str, lead_unknown_ok: bool = True) -> tuple:
    shape = ctx.shape(i)
    if shape is None or None in shape[1 if lead_unknown_ok else 0 :]:
        raise Unsupported(f"{what} of an input whose shape is not known at import")
    return shape


# -- depth and space -----------------------------------------------------------------------


def _image_dims(ctx, what: str):
    """(c, h, w) of an NCHW input: c must be known at import; h and w may be tensors read at
    run time (a dynamic image size: torch's PixelShuffle with dynamic axes)."""
    shape = ctx.shape(0)
    if shape is None or len(shape) != 4 or shape[1] is None:
        raise Unsupported(f"{what} of an input whose channels are not known at import")
    _, c, h, w = shape
    if h is not None and w is not None:
        return c, h, w
    dims = A.shape(ctx.t(0), out_type=_dt.int64)
    return c, A._strided_slice(dims, (slice(2, 3),)), A._strided_slice(dims, (slice(3, 4),))


def _target(ctx, dims: list) -> list | Tensor:
    """A reshape target of ints and run-time [1] int64 tensors: a list, or one tensor."""
    if all(isinstance(d, int | np.integer) for d in dims):
        return [int(d) for d in dims]
    parts = [d if isinstance(d, Tensor) else ctx.const([int(d)], np.int64) for d in dims]
    return A.concat(parts, 0)


def _times(d, k: int):
    if isinstance(d, int | np.integer):
        return d * k
    return M.multiply(d, constant_op(d.graph, np.array([k], np.int64)))


def _over(d, k: int):
    if isinstance(d, int | np.integer):
        return d // k
    return M.floordiv(d, constant_op(d.graph, np.array([k], np.int64)))


@lowers("DepthToSpace")
def _depth_to_space(ctx):
    c, h, w = _image_dims(ctx, "DepthToSpace")
    b = ctx.attr("blocksize")
    x = ctx.t(0)
    if ctx.attr("mode", "DCR") == "DCR":
        y = A.transpose(
            A.reshape(x, _target(ctx, [-1, b, b, c // (b * b), h, w])), [0, 3, 4, 1, 5, 2]
        )
    else:  # CRD
        y = A.transpose(
            A.reshape(x, _target(ctx, [-1, c // (b * b), b, b, h, w])), [0, 1, 4, 2, 5, 3]
        )
    return [A.reshape(y, _target(ctx, [-1, c // (b * b), _times(h, b), _times(w, b)]))]


@lowers("SpaceToDepth")
def _space_to_depth(ctx):
    c, h, w = _image_dims(ctx, "SpaceToDepth")
    b = ctx.attr("blocksize")
    y = A.reshape(ctx.t(0), _target(ctx, [-1, c, _over(h, b), b, _over(w, b), b]))
    crd = ctx.attr("mode", "DCR") == "CRD"
    y = A.transpose(y, [0, 1, 3, 5, 2, 4] if crd else [0, 3, 5, 1, 2, 4])
    return [A.reshape(y, _target(ctx, [-1, c * b * b, _over(h, b), _over(w, b)]))]


# -- scatters: every update's full index tuple, then the engine's tensor_scatter_nd --------


def _scatter_check(attrs, opset):
    reduction = attrs.get("reduction", "none")
    if reduction not in ("none", "add", "mul", "max", "min"):
        return f"scatter with reduction {reduction!r}"
    return None


def _scatter_nd_with(ctx, data: Tensor, index: Tensor, updates: Tensor) -> Tensor:
    from ..ops import scatter_ops

    reduction = ctx.attr("reduction", "none")
    if reduction == "add":
        return scatter_ops.tensor_scatter_nd_add(data, index, updates)
    if reduction != "none":
        return _scatter_reduce(ctx, data, index, updates, reduction)
    # Repeated indices: the last update wins, as ONNX's reference.
    return scatter_ops.tensor_scatter_nd_update(data, index, updates)


def _scatter_reduce(ctx, data, index, updates, reduction: str) -> Tensor:
    """mul / max / min: the updates at each element combined by a segment reduction over
    flat positions, then with the data where any update landed (element indices only)."""
    from ..ops import segment_ops as S

    shape = data.static_shape
    i_shape = index.static_shape
    if shape is None or None in shape or i_shape is None or None in i_shape:
        raise Unsupported(f"scatter {reduction} over a shape unknown at import")
    q = i_shape[-1]
    if q < len(shape):  # index tuples of slices: one tuple per element of each slice
        lead, rest = list(i_shape[:-1]), list(shape[q:])
        grid = np.moveaxis(np.indices(rest, dtype=np.int64), 0, -1)
        grid = np.broadcast_to(grid, (*lead, *rest, len(rest)))
        prefix = A.reshape(index, [*lead, *([1] * len(rest)), q])
        prefix = M.add(prefix, ctx.const(np.zeros((*lead, *rest, q)), np.int64))
        index = A.concat([prefix, ctx.const(grid, np.int64)], -1)
    size = int(np.prod(shape))
    strides = [int(np.prod(shape[k + 1 :])) for k in range(len(shape))]
    flat = R.reduce_sum(M.multiply(index, ctx.const(strides, np.int64)), [-1])
    flat = A.reshape(flat, [-1])
    values = A.reshape(updates, [-1])
    n = ctx.const(size, np.int64)
    fn = {"mul": S.unsorted_segment_prod, "max": S.unsorted_segment_max}
    fn["min"] = S.unsorted_segment_min
    combined = fn[reduction](values, flat, n)
    hits = S.unsorted_segment_sum(A.ones_like(flat), flat, n)
    base = A.reshape(data, [-1])
    op = {"mul": M.multiply, "max": M.maximum, "min": M.minimum}[reduction]
    out = where(M.greater(hits, ctx.const(0, np.int64)), op(base, combined), base)
    return A.reshape(out, list(shape))


@lowers("ScatterElements", "Scatter", check=_scatter_check)
def _scatter_elements(ctx):
    reason = _scatter_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    shape = ctx.shape(1)
    if shape is None:
        raise Unsupported("ScatterElements with indices of a rank not known at import")
    rank = len(shape)
    axis = _axis(ctx.attr("axis", 0), rank)
    data, idx = ctx.t(0), M.cast(ctx.t(1), _dt.int64)
    dim = ctx.shape(0)[axis]
    size = ctx.const(dim, np.int64) if dim is not None else M.cast(A.shape(data)[axis], np.int64)
    idx = where(M.less(idx, ctx.const(0, np.int64)), M.add(idx, size), idx)
    if None in shape:  # torch.scatter over a dynamic batch: the coordinates at run time
        coords = [idx if k == axis else _coordinate(idx, k, rank) for k in range(rank)]
    else:
        grid = np.indices(shape, dtype=np.int64)  # every element's own coordinates
        coords = [idx if k == axis else ctx.const(grid[k], np.int64) for k in range(rank)]
    index = A.stack(coords, rank)  # [*shape, rank]
    return [_scatter_nd_with(ctx, data, index, ctx.t(2))]


def _coordinate(idx: Tensor, k: int, rank: int) -> Tensor:
    """Each element's position along axis k, in idx's run-time shape (np.indices's k-th)."""
    from ..ops.extra_array_ops import range as range_

    along = range_(M.cast(A.shape(idx)[k], _dt.int64))
    along = A.reshape(along, [-1 if j == k else 1 for j in range(rank)])
    return M.add(A.zeros_like(idx), along)


@lowers("ScatterND", check=_scatter_check)
def _scatter_nd(ctx):
    reason = _scatter_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    return [_scatter_nd_with(ctx, ctx.t(0), M.cast(ctx.t(1), _dt.int64), ctx.t(2))]


# -- selecting -----------------------------------------------------------------------------


@lowers("NonZero")
def _non_zero(ctx):
    x = ctx.t(0)
    mask = x if x.dtype == _dt.bool_ else M.not_equal(x, ctx.const(0, x.dtype))
    if ctx.rank(0) == 0:
        raise Unsupported("NonZero of a scalar")
    return [A.transpose(A.where(mask))]  # [nnz, rank] -> ONNX's [rank, nnz]


@lowers("Compress")
def _compress(ctx):
    from ..ops.index_ops import boolean_mask

    x, cond = ctx.t(0), ctx.t(1)
    axis = ctx.attr("axis")
    if axis is None:
        x, axis = A.reshape(x, [-1]), 0
    else:
        axis = _axis(axis, ctx.rank(0))
    dim = x.static_shape[axis] if x.static_shape is not None else None
    c_len = cond.static_shape[0] if cond.static_shape else None
    if dim is None or c_len is None:
        raise Unsupported("Compress with sizes not known at import")
    if c_len < dim:  # a short condition selects nothing past its end
        cond = A.concat([cond, ctx.const(np.zeros(dim - c_len), _dt.bool_)], 0)
    elif c_len > dim:
        raise Unsupported("Compress with a condition longer than the axis")
    return [boolean_mask(x, cond, axis=axis)]


@lowers("Hardmax")
def _hardmax(ctx):
    x = ctx.t(0)
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", -1), rank)
    depth = ctx.shape(0)[axis]
    if depth is None:
        raise Unsupported("Hardmax along an axis of unknown size")
    if depth == 0:  # no element: onnxruntime's empty answer, where argmax finds nothing
        return [A.zeros_like(x)]
    first = R.argmax(x, axis)  # the first maximum, as ONNX
    return [A.one_hot(first, depth, on_value=1.0, off_value=0.0, axis=axis, dtype=x.dtype)]


@lowers("CumProd", static=(1,), run_time=(1,))
def _cumprod(ctx):
    axis = scan_axis(ctx)
    return [
        M.cumprod(
            ctx.t(0),
            axis,
            exclusive=bool(ctx.attr("exclusive", 0)),
            reverse=bool(ctx.attr("reverse", 0)),
        )
    ]


@lowers("EyeLike")
def _eye_like(ctx):
    shape = _static_shape(ctx, 0, "EyeLike", lead_unknown_ok=False)
    if len(shape) != 2:
        raise Unsupported("EyeLike of other than a matrix")
    code = ctx.attr("dtype")
    if code is not None:
        from .proto import np_dtype

        dtype = np_dtype(code)
    else:
        dtype = ctx.dtype(0)
    return [ctx.const(np.eye(*shape, k=ctx.attr("k", 0)), dtype)]


@lowers("ReverseSequence")
def _reverse_sequence(ctx):
    from ..ops.extra_array_ops import reverse_sequence

    return [
        reverse_sequence(
            ctx.t(0),
            M.cast(ctx.t(1), _dt.int64),
            seq_axis=ctx.attr("time_axis", 0),
            batch_axis=ctx.attr("batch_axis", 1),
        )
    ]


@lowers("Det")
def _det(ctx):
    from ..ops.linalg_ops import matrix_determinant

    return [matrix_determinant(ctx.t(0))]


# -- normalizations ------------------------------------------------------------------------


@lowers("LpNormalization")
def _lp_normalization(ctx):
    x = ctx.t(0)
    axis = _axis(ctx.attr("axis", -1), ctx.rank(0))
    p = ctx.attr("p", 2)
    if p == 1:
        norm = R.reduce_sum(M.abs(x), [axis], keepdims=True)
    elif p == 2:
        norm = M.sqrt(R.reduce_sum(M.multiply(x, x), [axis], keepdims=True))
    else:
        raise Unsupported(f"LpNormalization with p={p}")
    zero = ctx.const(0, x.dtype)
    # A zero vector stays zero (the reference's guarded division).
    return [M.divide(x, where(M.equal(norm, zero), ctx.const(1, x.dtype), norm))]


@lowers("MeanVarianceNormalization")
def _mean_variance_normalization(ctx):
    x = ctx.t(0)
    axes = [_axis(a, ctx.rank(0)) for a in ctx.attr("axes", [0, 2, 3])]
    mean = R.reduce_mean(x, axes, keepdims=True)
    # The reference's E[x^2] - E[x]^2, then 1e-9 added to the standard deviation.
    var = M.subtract(R.reduce_mean(M.multiply(x, x), axes, keepdims=True), M.multiply(mean, mean))
    std = M.add(M.sqrt(var), ctx.const(1e-9, x.dtype))
    return [M.divide(M.subtract(x, mean), std)]


@lowers("GroupNormalization")
def _group_normalization(ctx):
    shape = _static_shape(ctx, 0, "GroupNormalization")
    groups = ctx.attr("num_groups")
    c = shape[1]
    x = ctx.t(0)
    rank = len(shape)
    grouped = A.reshape(x, [-1, groups, c // groups, *shape[2:]])
    axes = list(range(2, rank + 1))
    mean = R.reduce_mean(grouped, axes, keepdims=True)
    centered = M.subtract(grouped, mean)
    var = R.reduce_mean(M.multiply(centered, centered), axes, keepdims=True)
    eps = ctx.const(ctx.attr("epsilon", 1e-5), x.dtype)
    y = A.reshape(M.divide(centered, M.sqrt(M.add(var, eps))), [-1, *shape[1:]])
    per_channel = [-1] + [1] * (rank - 2)
    scale, bias = ctx.t(1), ctx.t(2)
    if ctx.opset < 21 and ctx.shape(1) is not None and ctx.shape(1)[0] == groups != c:
        # opset 18's scale and bias are per group
        scale = A.reshape(A.tile(A.expand_dims(scale, 1), [1, c // groups]), [-1])
        bias = A.reshape(A.tile(A.expand_dims(bias, 1), [1, c // groups]), [-1])
    return [M.add(M.multiply(y, A.reshape(scale, per_channel)), A.reshape(bias, per_channel))]


@lowers("RMSNormalization")
def _rms_normalization(ctx):
    x = ctx.t(0)
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", -1), rank)
    axes = list(range(axis, rank))
    code = ctx.attr("stash_type", 1)
    from .proto import np_dtype

    stash = np_dtype(code)
    xs = M.cast(x, stash)
    ms = R.reduce_mean(M.multiply(xs, xs), axes, keepdims=True)
    eps = ctx.const(ctx.attr("epsilon", 1e-5), stash)
    y = M.cast(M.divide(xs, M.sqrt(M.add(ms, eps))), x.dtype)
    return [M.multiply(y, ctx.t(1))]


@lowers("CenterCropPad", static=(1,), run_time=(1,))
def _center_crop_pad(ctx):
    shape = ctx.shape(0)
    rank = ctx.rank(0)
    axes = [_axis(a, rank) for a in ctx.attr("axes", range(rank))]
    if not isinstance(ctx.values[1], np.ndarray):
        return [_run_time_center_crop_pad(ctx, rank, axes)]
    target = ctx.ints(1, "shape")
    x = ctx.t(0)
    index = [slice(None)] * rank
    pads = [[0, 0] for _ in range(rank)]
    for a, size in zip(axes, target, strict=False):
        dim = shape[a]
        if dim is None:
            raise Unsupported("CenterCropPad along an axis of unknown size")
        if size < dim:  # the centre, the odd element cut from the end
            begin = (dim - size) // 2
            index[a] = slice(begin, begin + size)
        elif size > dim:
            begin = (size - dim) // 2
            pads[a] = [begin, size - dim - begin]
    if any(s != slice(None) for s in index):
        x = A._strided_slice(x, tuple(index))
    if any(p != [0, 0] for p in pads):
        x = A.pad(x, pads)
    return [x if x is not ctx.t(0) else A.identity(x)]


def _run_time_center_crop_pad(ctx, rank: int, axes: list[int]) -> Tensor:
    """CenterCropPad to lengths a run gives: per named axis the centre of the input, the
    odd element cut from the end, or the input padded evenly, the odd one at the end."""
    i64 = np.int64
    x = ctx.t(0)
    sizes = A.reshape(M.cast(ctx.t(1), _dt.int64), [-1])
    if ctx.shape(1) != (len(axes),):
        raise Unsupported("CenterCropPad with a shape of another length than its axes")
    zero, two = ctx.const(0, i64), ctx.const(2, i64)
    ok = R.reduce_all(M.greater_equal(sizes, zero))
    x = checked(x, ok, "CenterCropPad: a negative length")
    dims = A.shape(x, out_type=_dt.int64)
    pick = np.zeros(rank, i64)
    pick[axes] = range(len(axes))
    named = np.isin(np.arange(rank), axes)  # an axis not named keeps its length
    target = where(ctx.const(named, _dt.bool_), A.gather(sizes, ctx.const(pick, i64)), dims)
    crop, grow = (
        M.maximum(M.subtract(dims, target), zero),
        M.maximum(M.subtract(target, dims), zero),
    )
    x = A.slice(x, M.floordiv(crop, two), M.minimum(dims, target))
    before = M.floordiv(grow, two)
    return A.pad(x, A.stack([before, M.subtract(grow, before)], 1))


def _reference_value(ctx) -> np.ndarray:
    """The node run by ONNX's reference on its (import-time) inputs: for operators that
    make a constant from sizes (signal windows, mel filter banks)."""
    from onnx import helper
    from onnx.reference import ReferenceEvaluator

    from .proto import FROM_NP

    names = [f"i{k}" for k in range(ctx.n_inputs)]
    values = [ctx.static(k, "size") for k in range(ctx.n_inputs)]
    node = helper.make_node(ctx.op_type, names, ["y"], **ctx.attrs)
    graph = helper.make_graph(
        [node],
        "fold",
        [
            helper.make_tensor_value_info(n, FROM_NP[_dt.as_dtype(v.dtype)], v.shape)
            for n, v in zip(names, values, strict=True)
        ],
        [helper.make_tensor_value_info("y", 0, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", ctx.opset)])
    try:
        out = ReferenceEvaluator(model).run(None, dict(zip(names, values, strict=True)))[0]
    except (ValueError, IndexError, ZeroDivisionError) as exc:
        # A mel bank whose upper edge is past sample_rate / 2 indexes past the spectrum:
        # a number no runtime gives, refused as sizes no operator can take are.
        raise error("INVALID_ATTR", f"{ctx.op_type} of these inputs: {exc}") from None
    return np.asarray(out)


@lowers("HannWindow", "HammingWindow", "BlackmanWindow", static=(0,), run_time=(0,))
def _window(ctx):
    if not isinstance(ctx.values[0], np.ndarray):
        return [_run_time_window(ctx)]
    ctx.check_elements(ctx.positive(0, "size"), "a window")
    return [_reference_value(ctx)]


def _run_time_window(ctx) -> Tensor:
    """A window whose length a run gives: ONNX's reference's formulas in its dtypes (Hann's
    and Hamming's positions times pi in the output dtype, then float64 over the length;
    Blackman's in float64), once the run shows a positive length."""
    from ..ops.extra_array_ops import range as range_
    from .proto import np_dtype

    f64, i64 = _dt.float64, np.int64
    dtype = np_dtype(ctx.attr("output_datatype", 1))
    size = A.reshape(M.cast(ctx.t(0), _dt.int64), [])
    size = checked(size, M.greater(size, ctx.const(0, i64)), f"{ctx.op_type}: a size below 1")
    ni = range_(ctx.const(0, i64), size, ctx.const(1, i64), dtype=_dt.int64)
    n_1 = M.cast(size if ctx.attr("periodic", 1) else M.subtract(size, 1), f64)

    def turn(times_pi: float) -> Tensor:  # ni * times_pi / N_1, in the reference's order
        if ctx.op_type == "BlackmanWindow":
            return M.divide(M.multiply(M.cast(ni, f64), ctx.const(times_pi, f64)), n_1)
        own = M.multiply(M.cast(ni, dtype), ctx.const(np.pi, dtype))
        if times_pi != np.pi:
            own = M.multiply(own, ctx.const(times_pi / np.pi, dtype))
        return M.divide(M.cast(own, f64), n_1)

    trig = _special_math()
    if ctx.op_type == "HannWindow":
        y = M.square(trig.sin(turn(np.pi)))
    elif ctx.op_type == "HammingWindow":
        alpha = 25.0 / 46.0
        y = M.subtract(ctx.const(alpha, f64), M.multiply(trig.cos(turn(2 * np.pi)), 1 - alpha))
    else:
        y = M.multiply(trig.cos(turn(2 * np.pi)), -0.5)
        y = M.add(M.add(y, M.multiply(trig.cos(turn(4 * np.pi)), 0.08)), 0.42)
    return M.cast(y, dtype)


@lowers("MelWeightMatrix", static=(0, 1, 2, 3, 4), run_time=(0, 1, 2, 3, 4))
def _mel_weight_matrix(ctx):
    if not all(isinstance(ctx.values[k], np.ndarray) for k in range(5)):
        return [_run_time_mel(ctx)]
    bins, length = ctx.positive(0, "num_mel_bins"), ctx.positive(1, "dft_length")
    ctx.positive(2, "sample_rate")
    edges = [float(np.reshape(ctx.static(k, "edge"), -1)[0]) for k in (3, 4)]
    if not all(np.isfinite(edges)) or not 0 <= edges[0] < edges[1]:
        # ONNX's reference indexed its bins with NaN cast to an int (IndexError)
        raise error(
            "INVALID_ATTR", f"MelWeightMatrix's edges must be 0 <= lower < upper, got {edges}"
        )
    ctx.check_elements((length // 2 + 1) * (bins + 2), "a mel filter bank")
    return [_reference_value(ctx)]


def _run_time_mel(ctx) -> Tensor:
    """ONNX's reference's mel filter bank of sizes and edges a run gives, in its dtypes
    (numpy's log1p and expm1, as the engine's float32 and float64 kernels are): the edges'
    mels, log1p in the edges' type, then float64; the bin edges floored to spectrum rows by
    numpy's floor_divide; each filter's rising, then falling, slope (the falling one
    written last) over the [dft_length // 2 + 1] rows. The run fails where the reference
    refuses: sizes below 1, edges not 0 <= lower < upper, a bin past the spectrum."""
    from ..ops.extra_array_ops import range as range_
    from .proto import np_dtype

    f64, i64 = _dt.float64, np.int64
    bins, length, rate = (A.reshape(M.cast(ctx.t(k), _dt.int64), []) for k in range(3))
    low, high = (A.reshape(ctx.t(k), []) for k in (3, 4))
    edge = low.dtype
    if edge not in _dt.FLOATS or high.dtype != edge:
        raise Unsupported("MelWeightMatrix's edges of another type than one float")
    zero = ctx.const(0, i64)
    ok = [M.greater(v, zero) for v in (bins, length, rate)]
    finite = M.logical_and(M.equal(high, high), M.less(high, ctx.const(np.inf, edge)))
    ok += [M.greater_equal(low, ctx.const(0, edge)), M.less(low, high), finite]

    def mel(hz):  # 2595 * log1p(hz / 700) in the edges' type, / log(10) in float64
        grown = M.multiply(ctx.const(2595, edge), M.log1p(M.divide(hz, ctx.const(700, edge))))
        return M.divide(M.cast(grown, f64), ctx.const(np.log(10), np.float64))

    lo_mel = mel(low)
    step = M.divide(M.subtract(mel(high), lo_mel), M.cast(M.add(bins, 2), f64))
    at = M.cast(range_(M.add(bins, 2), dtype=_dt.int64), f64)
    points = M.add(M.multiply(at, step), lo_mel)
    turns = M.multiply(M.divide(points, ctx.const(2595.0, np.float64)), np.log(10))
    hz = M.multiply(ctx.const(700.0, np.float64), _special_math().expm1(turns))
    edges = _numpy_floor_divide(M.multiply(M.cast(M.add(length, 1), f64), hz), M.cast(rate, f64))
    spectrum = M.cast(M.add(M.floordiv(length, 2), 1), f64)
    # the reference writes rows up to the last centre and the last right edge - 1
    ok.append(M.less(edges[-2], spectrum))
    ok.append(M.logical_or(M.less_equal(edges[-1], spectrum), M.equal(edges[-1], edges[-2])))
    message = "MelWeightMatrix: sizes below 1, edges not 0 <= lower < upper, or a bin past "
    spectrum = checked(spectrum, R.reduce_all(A.stack(ok)), message + "the spectrum")
    left, centre, right = (A.reshape(v, [1, -1]) for v in (edges[:-2], edges[1:-1], edges[2:]))
    j = A.reshape(
        range_(ctx.const(0.0, np.float64), spectrum, ctx.const(1.0, np.float64), dtype=f64), [-1, 1]
    )
    rising = M.logical_and(M.greater_equal(j, left), M.less_equal(j, centre))
    up = M.divide(M.subtract(j, left), M.maximum(M.subtract(centre, left), 1.0))
    up = where(M.equal(centre, left), A.ones_like(up), up)
    falling = M.logical_and(M.greater_equal(j, centre), M.less(j, right))
    down = M.divide(M.subtract(right, j), M.maximum(M.subtract(right, centre), 1.0))
    out = where(falling, down, where(rising, up, A.zeros_like(up)))
    return M.cast(out, np_dtype(ctx.attr("output_datatype", 1)))


def _numpy_floor_divide(a: Tensor, b: Tensor) -> Tensor:
    """numpy's floor_divide of positive floats ((a - fmod(a, b)) / b, rounded to the
    nearest whole number), where the engine's (TF's) is floor(a / b): the reference's mel
    bins are numpy's."""
    div = M.divide(M.subtract(a, M.floormod(a, b)), b)
    whole = M.floor(div)
    return M.add(whole, M.cast(M.greater(M.subtract(div, whole), 0.5), div.dtype))


@lowers("Unique")
def _unique(ctx):
    """numpy's unique of the flattened input, or of its slices along `axis`: values, each
    value's first index, each entry's slot and each value's count."""
    from ..ops.debug_ops import Assert

    x = ctx.t(0)
    if x.dtype in _dt.FLOATS:
        # numpy's unique makes one value of every NaN, the engine's keeps each apart:
        # a NaN fails the run rather than answer a different set.
        check = Assert(R.reduce_all(M.equal(x, x)), ["Unique of a NaN (numpy merges them)"])
        with ctx.graph.control_dependencies([check]):
            x = A.identity(x)
    axis = ctx.attr("axis")
    outs = _unique_flat(ctx, x) if axis is None else _unique_slices(ctx, x, axis)
    return outs[: max(ctx.n_outputs, 1)]


def _unique_flat(ctx, x) -> list:
    """The engine's unique (first-appearance order) gives the values and each entry's slot;
    segment minima of the positions give each value's first index, segment sums its
    count; sorted=1 reorders all by value."""
    from ..ops.extra_array_ops import range as range_
    from ..ops.extra_array_ops import unique
    from ..ops.index_ops import argsort
    from ..ops.segment_ops import unsorted_segment_min, unsorted_segment_sum

    x = A.reshape(x, [-1])
    values, slot = unique(x, out_idx=_dt.int64)
    n = A.size(values, out_type=_dt.int64)
    positions = range_(A.size(x, out_type=_dt.int64), dtype=_dt.int64)
    first = unsorted_segment_min(positions, slot, n)
    counts = unsorted_segment_sum(A.ones_like(positions), slot, n)
    if ctx.attr("sorted", 1):
        order = M.cast(argsort(values), _dt.int64)  # stable
        rank_of = M.cast(argsort(order), _dt.int64)  # the inverse permutation
        values, first, counts = (A.gather(t, order) for t in (values, first, counts))
        slot = A.gather(rank_of, slot)
    return [values, first, slot, counts]


def _lexicographic_order(rows):
    """The stable order of the rows of a matrix, lexicographically by their entries: a
    stable sort by each column, last column first (an LSD radix sort), in a while_loop
    so that the row length need not be known at import."""
    from ..ops.control_flow_ops import while_loop
    from ..ops.extra_array_ops import range as range_
    from ..ops.index_ops import argsort

    if rows.dtype == _dt.bool_:
        rows = M.cast(rows, _dt.int8)  # the sort takes numbers; False < True as numpy's
    shape = A.shape(rows, out_type=_dt.int64)

    def body(c, order):
        column = A.gather(A.gather(rows, c, axis=1), order)
        return c - 1, A.gather(order, M.cast(argsort(column), _dt.int64))

    start = (shape[1] - 1, range_(shape[0], dtype=_dt.int64))
    return while_loop(lambda c, order: c >= 0, body, start)[1]


def _unique_slices(ctx, x, axis: int) -> list:
    """numpy's unique of the slices along `axis`: the slices sorted lexicographically as
    rows of a matrix, equal neighbours grouped; sorted=0 reorders the groups by first
    appearance (onnxruntime's order)."""
    from ..ops.index_ops import argsort
    from ..ops.segment_ops import unsorted_segment_min, unsorted_segment_sum

    if x.dtype == _dt.string:
        raise Unsupported("Unique along an axis of strings")
    rank = ctx.rank(0)
    axis = _axis(axis, rank)
    perm = [axis, *(d for d in range(rank) if d != axis)]
    front = A.transpose(x, perm)
    shape = A.shape(front, out_type=_dt.int64)
    n = shape[0]
    rows = A.reshape(front, A.stack([n, R.reduce_prod(shape[1:])]))
    order = _lexicographic_order(rows)
    ordered = A.gather(rows, order)
    same = R.reduce_all(M.equal(ordered[1:], ordered[:-1]), axis=1)
    starts = A.slice(A.concat([[True], M.logical_not(same)], 0), [0], A.reshape(n, [1]))
    group = M.cumsum(M.cast(starts, _dt.int64)) - 1  # each sorted row's slot
    k = R.reduce_sum(M.cast(starts, _dt.int64))
    first = unsorted_segment_min(order, group, k)
    counts = unsorted_segment_sum(A.ones_like(order), group, k)
    slot = A.gather(group, M.cast(argsort(order), _dt.int64))
    if not ctx.attr("sorted", 1):
        by_first = M.cast(argsort(first), _dt.int64)
        first, counts = A.gather(first, by_first), A.gather(counts, by_first)
        slot = A.gather(M.cast(argsort(by_first), _dt.int64), slot)
    values = A.transpose(A.gather(front, first), list(np.argsort(perm)))
    return [values, first, slot, counts]


@lowers("Col2Im", static=(1, 2), run_time=(1, 2))
def _col2im(ctx):
    """Blocks summed back into an image (PyTorch's fold): a fixed 0/1 matrix from each
    (kernel offset, block position) to its image position, applied by one matmul."""
    if any(not isinstance(ctx.values[k], np.ndarray) for k in (1, 2)):
        return [_run_time_col2im(ctx)]
    image = ctx.ints(1, "image_shape")
    block = ctx.ints(2, "block_shape")
    n = len(image)
    dil = list(ctx.attr("dilations", [1] * n))
    strides = list(ctx.attr("strides", [1] * n))
    pads = list(ctx.attr("pads", [0] * 2 * n))
    shape = ctx.shape(0)
    if shape is None or None in shape[1:]:
        raise Unsupported("Col2Im of an input whose size is not known at import")
    kernel = int(np.prod(block))
    blocks = [
        (image[i] + pads[i] + pads[n + i] - dil[i] * (block[i] - 1) - 1) // strides[i] + 1
        for i in range(n)
    ]
    count = int(np.prod(blocks))
    if shape[2] != count or shape[1] % kernel:
        raise Unsupported("Col2Im whose input does not match its image and block shapes")
    positions = int(np.prod(image))
    matrix = np.zeros((kernel * count, positions), np.float64)
    for k, offset in enumerate(np.ndindex(*block)):
        for li, where_ in enumerate(np.ndindex(*blocks)):
            pos = [where_[i] * strides[i] - pads[i] + offset[i] * dil[i] for i in range(n)]
            if all(0 <= p < image[i] for i, p in enumerate(pos)):
                matrix[k * count + li, np.ravel_multi_index(pos, image)] += 1.0
    x = ctx.t(0)
    channels = shape[1] // kernel
    flat = A.reshape(x, [-1, kernel * count])
    y = M.matmul(flat, ctx.const(matrix, x.dtype))
    return [A.reshape(y, [-1, channels, *image])]


def _run_time_col2im(ctx) -> Tensor:
    """Col2Im over an image or block shape a run gives: the same 0/1 matrix, each row's
    image position computed when run (one_hot of -1, a position off the image, is a row
    of zeros), once the run shows the input holds the blocks those shapes make."""
    from ..ops.extra_array_ops import range as range_

    n = ctx.shape(1)[0] if ctx.shape(1) is not None and len(ctx.shape(1)) == 1 else None
    if n is None or ctx.shape(2) != (n,) or ctx.rank(0) != 3:
        raise Unsupported("Col2Im whose image_shape and block_shape lengths are unknown")
    i64 = np.int64
    dil, strides = ctx.attr("dilations", [1] * n), ctx.attr("strides", [1] * n)
    pads = ctx.attr("pads", [0] * 2 * n)
    image = A.reshape(M.cast(ctx.t(1), _dt.int64), [n])
    block = A.reshape(M.cast(ctx.t(2), _dt.int64), [n])
    at = [
        (A.gather(image, ctx.const(i, i64)), A.gather(block, ctx.const(i, i64))) for i in range(n)
    ]
    blocks = [
        M.add(
            M.floordiv(
                M.subtract(M.subtract(im + (pads[i] + pads[n + i]), M.multiply(bl - 1, dil[i])), 1),
                strides[i],
            ),
            1,
        )
        for i, (im, bl) in enumerate(at)
    ]
    kernel, count = R.reduce_prod(block), R.reduce_prod(A.stack(blocks))
    x = ctx.t(0)
    shape = A.shape(x, out_type=_dt.int64)
    fits = M.logical_and(
        M.equal(shape[2], count), M.equal(M.floormod(shape[1], kernel), ctx.const(0, i64))
    )
    fits = M.logical_and(fits, R.reduce_all(M.greater(A.stack(blocks), ctx.const(0, i64))))
    x = checked(x, fits, "Col2Im: the input does not hold the blocks of its image and block shapes")
    rows = range_(M.multiply(kernel, count), dtype=_dt.int64)
    k, li = M.floordiv(rows, count), M.floormod(rows, count)
    where_, offset = [None] * n, [None] * n
    for i in reversed(range(n)):
        where_[i], li = M.floormod(li, blocks[i]), M.floordiv(li, blocks[i])
        offset[i], k = M.floormod(k, at[i][1]), M.floordiv(k, at[i][1])
    flat, inside = ctx.const(0, i64), None
    for i in range(n):
        pos = M.add(
            M.subtract(M.multiply(where_[i], strides[i]), pads[i]), M.multiply(offset[i], dil[i])
        )
        ok = M.logical_and(M.greater_equal(pos, ctx.const(0, i64)), M.less(pos, at[i][0]))
        inside = ok if inside is None else M.logical_and(inside, ok)
        flat = M.add(M.multiply(flat, at[i][0]), pos)
    flat = where(inside, flat, A.zeros_like(flat) - 1)
    matrix = A.one_hot(flat, R.reduce_prod(image), dtype=x.dtype)
    y = M.matmul(A.reshape(x, A.stack([ctx.const(-1, i64), M.multiply(kernel, count)])), matrix)
    channels = M.floordiv(shape[1], kernel)
    return A.reshape(y, A.concat([shape[0:1], A.reshape(channels, [1]), image], 0))
