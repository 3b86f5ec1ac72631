"""ONNX's DFT lowered to one float64 matmul: for a transform length known at import, the
DFT along an axis (forward or inverse, real or complex input, one-sided, zero-padded or
truncated to dft_length) is a linear map of the (real, imaginary) values along that axis.
ONNX's reference applied to the basis vectors gives its matrix."""

from __future__ import annotations

import contextlib

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, _axis, lowers


def _probe(attrs: dict, opset: int, n_in: int, c_in: int, length: int | None, axis_attr: bool):
    """The DFT of every basis vector [n_in * c_in, n_in, c_in] -> [n_in * c_in, n_out, c_out]."""
    from onnx import TensorProto, helper
    from onnx.reference import ReferenceEvaluator

    basis = np.eye(n_in * c_in).reshape(n_in * c_in, n_in, c_in)
    inputs = ["x", "n" if length is not None else ""]
    feeds = {"x": basis}
    keep = {k: v for k, v in attrs.items() if k in ("inverse", "onesided")}
    values = [helper.make_tensor_value_info("x", TensorProto.DOUBLE, None)]
    if length is not None:
        feeds["n"] = np.array(length, np.int64)
        values.append(helper.make_tensor_value_info("n", TensorProto.INT64, None))
    if axis_attr:
        keep["axis"] = 1
    else:
        inputs.append("a")
        feeds["a"] = np.array(1, np.int64)
        values.append(helper.make_tensor_value_info("a", TensorProto.INT64, None))
    while inputs[-1] == "":
        inputs.pop()
    node = helper.make_node("DFT", inputs, ["y"], **keep)
    graph = helper.make_graph(
        [node], "probe", values, [helper.make_tensor_value_info("y", TensorProto.DOUBLE, None)]
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    return ReferenceEvaluator(model).run(None, feeds)[0]


def _check_probe(ctx, n_basis: int, n_out: int) -> None:
    """A DFT's probe makes an identity of n_basis² values and a map of n_basis x n_out
    complex ones: refused past the import's limits before either is made."""
    ctx.check_elements(n_basis * n_basis, "a DFT's basis")
    ctx.check_elements(n_basis * n_out * 2, "a DFT's matrix")


@lowers("DFT", static=(1, 2), run_time=(2,))
def _dft(ctx):
    x = ctx.t(0)
    shape = ctx.shape(0)
    if shape is None or shape[-1] not in (1, 2):
        raise Unsupported("DFT of an input whose last (complex) axis is not 1 or 2")
    if x.dtype not in _dt.FLOATS:
        raise Unsupported(f"DFT of {x.dtype.name} values")
    rank = len(shape)
    length = ctx.positive(1, "dft_length") if ctx.has(1) else None
    if ctx.opset >= 20 and ctx.has(2) and not isinstance(ctx.values[2], np.ndarray):
        return [_dft_along_a_fed_axis(ctx, x, shape, length)]
    axis_attr = ctx.opset < 20
    axis = _axis(ctx.attr("axis", 1) if axis_attr else (ctx.ints(2, "axis") or [-2])[0], rank)
    return [_by_matrix(x, shape, axis, _dft_map(ctx, shape, axis, length), ctx)]


def _dft_map(ctx, shape, axis: int, length: int | None) -> np.ndarray:
    """The transform along `axis` as ONNX's reference computes it on the basis vectors."""
    if axis == len(shape) - 1:
        raise Unsupported("DFT along the complex axis")
    n_in, c_in = shape[axis], shape[-1]
    if n_in is None:
        raise Unsupported("DFT along an axis of unknown length")
    _check_probe(ctx, n_in * c_in, length or n_in)
    axis_attr = ctx.opset < 20
    opset = max(ctx.opset, 20) if not axis_attr else ctx.opset
    try:
        out = _probe(ctx.attrs, opset, n_in, c_in, length, axis_attr)
    except ValueError as exc:  # numpy's: a one-sided inverse of one point has no length
        raise Unsupported(f"DFT of {n_in} points along axis {axis}: {exc}") from None
    return out


def _dft_along_a_fed_axis(ctx, x, shape, length: int | None):
    """The axis a run gives (opset 20's input): the transform along each axis it may name
    (not the complex one, a length known at import), the run taking the one it names
    through nested conds; an axis out of range or the complex one fails the run."""
    from ..ops.control_flow_ops import cond
    from .lowering import checked

    rank = len(shape)
    axis = A.reshape(M.cast(ctx.t(2), _dt.int64), [])
    axis = M.add(axis, M.multiply(M.cast(M.less(axis, 0), _dt.int64), rank))
    maps = {}
    for a in range(rank - 1):
        with contextlib.suppress(Unsupported):  # the run fails if it names this axis
            maps[a] = _dft_map(ctx, shape, a, length)
    if not maps:
        raise Unsupported("DFT along a run's axis, where no axis can be transformed")
    axes = list(maps)

    def along(k: int):
        a = axes[k]
        if k == len(axes) - 1:
            ok = M.equal(axis, ctx.const(a, np.int64))
            message = "DFT: the axis is out of range, the complex one, or one it cannot take"
            return lambda: _by_matrix(checked(x, ok, message), shape, a, maps[a], ctx)
        named = M.equal(axis, ctx.const(a, np.int64))
        return lambda: cond(named, lambda: _by_matrix(x, shape, a, maps[a], ctx), along(k + 1))

    return along(0)()


def _by_matrix(x, shape, axis: int, out: np.ndarray, ctx):
    """x transformed along `axis` by the probed map (out: [n_in * c_in, n_out, c_out])."""
    rank = len(shape)
    n_in, c_in = shape[axis], shape[-1]
    n_out, c_out = out.shape[1], out.shape[2]
    matrix = out.reshape(n_in * c_in, n_out * c_out)
    # Move the transformed axis next to the complex one, flatten the two, multiply.
    perm = [d for d in range(rank - 1) if d != axis] + [axis, rank - 1]
    moved = A.transpose(x, perm) if perm != list(range(rank)) else x
    lead = [d if d is not None else -1 for d in (shape[d] for d in perm[:-2])]
    if lead.count(-1) > 1:
        raise Unsupported("DFT over more than one axis of unknown size")
    flat = A.reshape(M.cast(moved, _dt.float64), [-1, n_in * c_in])
    y = M.matmul(flat, ctx.const(matrix, _dt.float64))
    y = M.cast(A.reshape(y, [*lead, n_out, c_out]), x.dtype)
    back = np.argsort(perm).tolist()
    return A.transpose(y, back) if perm != list(range(rank)) else y


@lowers("STFT", static=(1, 3), run_time=(1, 3))
def _stft(ctx):
    """Frames of the signal (gathered at import-time offsets), weighted by the window, each
    transformed by the DFT matrix of its length, as ONNX's reference."""
    x = ctx.t(0)
    shape = ctx.shape(0)
    if shape is None or len(shape) != 3 or shape[2] not in (1, 2):
        raise Unsupported("STFT of a signal whose rank or complex dim is not known at import")
    fed = [ctx.has(k) and not isinstance(ctx.values[k], np.ndarray) for k in (1, 3)]
    w_shape = ctx.shape(2) if ctx.has(2) else None
    if any(fed) or shape[1] is None or (not ctx.has(3) and w_shape and w_shape[0] is None):
        return [_run_time_stft(ctx, x, shape[2])]
    step = ctx.positive(1, "frame_step")
    window = ctx.t(2) if ctx.has(2) else None
    length = ctx.positive(3, "frame_length") if ctx.has(3) else (w_shape[0] if w_shape else None)
    if length is None:
        raise Unsupported("STFT without a frame length or a window")
    if length > shape[1]:
        raise error(
            "INVALID_ATTR", f"STFT's frame_length {length} is longer than the signal ({shape[1]})"
        )
    frames = 1 + (shape[1] - length) // step
    ctx.check_elements(frames * length, "frame offsets")
    _check_probe(ctx, length * shape[2], length)
    starts = np.arange(frames)[:, None] * step + np.arange(length)[None, :]
    framed = A.gather(x, ctx.const(starts, np.int64), axis=1)  # [B, F, length, c]
    if window is not None:
        framed = M.multiply(framed, A.reshape(M.cast(window, x.dtype), [length, 1]))
    attrs = {"onesided": ctx.attr("onesided", 1)}
    out = _probe(attrs, 20, length, shape[2], length, axis_attr=False)
    fshape = (shape[0], frames, length, shape[2])
    return [_by_matrix(framed, fshape, 2, out, ctx)]


def _run_time_stft(ctx, x, c: int):
    """STFT with a frame step or length a run gives (or a signal whose length only run
    time knows): the frames gathered at offsets computed when run, each multiplied in
    float64 by the cosines and sines of its DFT, whose angles 2 pi (k n mod L) / L stay
    exact in the integers. The run fails unless step and length are positive and the
    length fits the signal (and the window's)."""
    from ..ops.extra_array_ops import range as range_
    from .lowering import _special_math, checked

    i64, f64 = np.int64, _dt.float64
    if not ctx.has(1):
        raise Unsupported("STFT without a frame step")
    n = A.shape(x, out_type=_dt.int64)[1]
    step = A.reshape(M.cast(ctx.t(1), _dt.int64), [])
    window = ctx.t(2) if ctx.has(2) else None
    if ctx.has(3):
        length = A.reshape(M.cast(ctx.t(3), _dt.int64), [])
    elif window is not None:
        length = A.size(window, out_type=_dt.int64)
    else:
        raise Unsupported("STFT without a frame length or a window")
    zero = ctx.const(0, i64)
    ok = R.reduce_all(
        A.stack([M.greater(step, zero), M.greater(length, zero), M.less_equal(length, n)])
    )
    if window is not None:
        ok = M.logical_and(ok, M.equal(A.size(window, out_type=_dt.int64), length))
    message = "STFT: the frame step and length must be positive, the length within the signal"
    length = checked(length, ok, message)
    frames = M.add(M.floordiv(M.subtract(n, length), step), 1)
    starts = M.add(
        A.reshape(M.multiply(range_(frames, dtype=_dt.int64), step), [-1, 1]),
        A.reshape(range_(length, dtype=_dt.int64), [1, -1]),
    )
    framed = M.cast(A.gather(x, starts, axis=1), f64)  # [B, F, L, c]
    if window is not None:
        framed = M.multiply(framed, A.reshape(M.cast(window, f64), [-1, 1]))
    bins = M.add(M.floordiv(length, 2), 1) if ctx.attr("onesided", 1) else length
    k = A.reshape(range_(bins, dtype=_dt.int64), [1, -1])
    turns = M.floormod(M.multiply(A.reshape(range_(length, dtype=_dt.int64), [-1, 1]), k), length)
    angle = M.divide(
        M.multiply(M.cast(turns, f64), ctx.const(-2 * np.pi, np.float64)), M.cast(length, f64)
    )
    trig = _special_math()
    cos, sin = trig.cos(angle), trig.sin(angle)  # [L, bins]
    real = framed[..., 0]
    re, im = M.matmul(real, cos), M.matmul(real, sin)
    if c == 2:
        imag = framed[..., 1]
        re, im = M.subtract(re, M.matmul(imag, sin)), M.add(im, M.matmul(imag, cos))
    return M.cast(A.stack([re, im], axis=-1), x.dtype)
