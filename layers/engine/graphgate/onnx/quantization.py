"""ONNX's quantization operators (QDQ models, onnxruntime's dynamic quantization, QLinear
models) lowered to the engine's casts, roundings and matmuls.

Numbers are ONNX's reference: a quantized value is round-half-to-even of x / scale, plus the
zero point, saturated to the integer type's range; integer products are exact (int32, or
float64 for convolutions, whose sums of uint8 x int8 products stay far inside 2**53), and
requantization multiplies them in float64 by the float32 product of the scales.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..graph import Tensor
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import LOWERINGS, Context, Unsupported, _axis, lowers, where

# The integer types a quantized tensor may have (the 4-bit and float8 ones are refused with
# their dtype when the model is checked).
_RANGES = {
    np.dtype(np.uint8): (0, 255),
    np.dtype(np.int8): (-128, 127),
    np.dtype(np.uint16): (0, 65535),
    np.dtype(np.int16): (-32768, 32767),
}
_CODES = {2: np.uint8, 3: np.int8, 4: np.uint16, 5: np.int16}  # TensorProto codes


def _special():
    from ..ops import special_math_ops

    return special_math_ops


def _rint(x: Tensor) -> Tensor:
    return _special().round(x)  # half to even, as numpy's rint


def _saturate(ctx, y: Tensor, dtype) -> Tensor:
    """Clip a float tensor of integers to `dtype`'s range, then cast (exact: every value
    of the range is a float32 integer)."""
    lo, hi = _RANGES[np.dtype(dtype)]
    y = M.minimum(M.maximum(y, ctx.const(lo, y.dtype)), ctx.const(hi, y.dtype))
    return M.cast(y, dtype)


def _per_axis(ctx, i: int, block: int) -> Tensor | None:
    """Input `i` (a scale or zero point) shaped to broadcast against the quantized tensor:
    a scalar, one value per index of `axis`, or (blocked) one per `block` indices."""
    if not ctx.has(i):
        return None
    t = ctx.t(i)
    shape = ctx.shape(i)
    if shape is None:
        raise Unsupported(f"input {i} of unknown rank")
    size = int(np.prod(shape)) if None not in shape else None
    if len(shape) == 0 or size == 1:
        return A.reshape(t, [])
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", 1), rank)  # only read where a scale is per axis
    dim = ctx.shape(0)[axis]
    if not block:
        if len(shape) != 1:
            raise Unsupported(f"a per-axis input {i} of rank {len(shape)}")
        dims = [1] * rank
        dims[axis] = -1
        return A.reshape(t, dims)
    if dim is None:
        raise Unsupported("blocked quantization along an axis of unknown size")
    return A.gather(t, ctx.const(np.arange(dim) // block, np.int64), axis=axis)


def _quant_check(attrs, opset):
    if attrs.get("precision"):
        return "QuantizeLinear with a precision attribute"
    out = attrs.get("output_dtype")
    if out and out not in _CODES:
        return f"quantization to ONNX dtype {out}"
    return None


@lowers("QuantizeLinear", check=_quant_check)
def _quantize(ctx):
    reason = _quant_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    x = ctx.t(0)
    block = ctx.attr("block_size", 0)
    dtype = np.dtype(ctx.dtype(2)) if ctx.has(2) else np.dtype(_CODES[ctx.attr("output_dtype", 2)])
    if dtype not in _RANGES:
        raise Unsupported(f"quantization to {dtype.name}")
    scale = _per_axis(ctx, 1, block)
    y = _rint(M.divide(x, M.cast(scale, x.dtype)))
    zp = _per_axis(ctx, 2, block)
    # In float: out-of-range values saturate rather than wrap through an int32 cast.
    y = M.cast(y, _dt.float64)
    if zp is not None:
        y = M.add(y, M.cast(zp, _dt.float64))
    return [_saturate(ctx, y, dtype)]


@lowers("DequantizeLinear")
def _dequantize(ctx):
    x = ctx.t(0)
    block = ctx.attr("block_size", 0)
    out = ctx.attr("output_dtype")
    if out:
        from .proto import np_dtype

        out = np_dtype(out)
    f32 = _dt.float32
    dx = M.cast(x, f32)
    zp = _per_axis(ctx, 2, block)
    if zp is not None:
        dx = M.subtract(dx, M.cast(zp, f32))
    scale = _per_axis(ctx, 1, block)
    y = M.multiply(dx, M.cast(scale, f32))
    return [M.cast(y, out or ctx.dtype(1))]


@lowers("DynamicQuantizeLinear")
def _dynamic_quantize(ctx):
    x = ctx.t(0)
    if x.dtype != _dt.float32:
        raise Unsupported(f"DynamicQuantizeLinear of {x.dtype.name} values")
    zero, top = ctx.const(0, x.dtype), ctx.const(255, x.dtype)
    hi = M.maximum(zero, R.reduce_max(x))
    lo = M.minimum(zero, R.reduce_min(x))
    span = where(M.equal(hi, lo), ctx.const(1, x.dtype), M.subtract(hi, lo))
    scale = M.divide(span, top)
    zp = _rint(M.minimum(top, M.maximum(zero, M.subtract(zero, M.divide(lo, scale)))))
    y = M.add(_rint(M.divide(x, scale)), zp)
    return [_saturate(ctx, y, np.uint8), scale, M.cast(zp, np.uint8)]


def _centered(ctx, i: int, zp_i: int, zp_shape=None) -> Tensor:
    """Input `i` as int32 minus its zero point (input `zp_i`), as the reference computes."""
    t = M.cast(ctx.t(i), _dt.int32)
    if ctx.has(zp_i):
        zp = M.cast(ctx.t(zp_i), _dt.int32)
        if zp_shape is not None:
            zp = A.reshape(zp, zp_shape)
        t = M.subtract(t, zp)
    return t


def _int_matmul(ctx, a: Tensor, b: Tensor) -> Tensor:
    sub = _sub_context(ctx, [a, b])
    return LOWERINGS["MatMul"].fn(sub)[0]


def _sub_context(ctx, values: list, attrs: dict | None = None) -> Context:
    """A context over tensors computed here, to reuse another operator's lowering."""
    return Context(
        ctx.graph,
        ctx.node,
        ctx.attrs if attrs is None else attrs,
        values,
        ctx.opset,
        lambda k: values[k],
        ctx.max_elements,
    )


@lowers("MatMulInteger")
def _matmul_integer(ctx):
    a = _centered(ctx, 0, 2)
    b = _centered(ctx, 1, 3)
    return [_int_matmul(ctx, a, b)]


def _requantize(
    ctx, acc: Tensor, scales: tuple[int, int, int], zp_i: int, like_i: int, w_axis=None
):
    """acc (int32) * (s_a * s_b / s_y), computed as the reference: the scales in float32,
    the product in float64; plus the output zero point, rounded half to even, saturated."""
    f32 = _dt.float32
    sa, sb, sy = (M.cast(ctx.t(i), f32) for i in scales)
    if w_axis is not None:
        sb = A.reshape(sb, w_axis)
    multiplier = M.cast(M.divide(M.multiply(sa, sb), sy), _dt.float64)
    y = M.multiply(M.cast(acc, _dt.float64), multiplier)
    dtype = ctx.dtype(zp_i) if ctx.has(zp_i) else ctx.dtype(like_i)
    if ctx.has(zp_i):
        y = M.add(y, M.cast(ctx.t(zp_i), _dt.float64))
    if np.dtype(dtype) not in _RANGES:
        raise Unsupported(f"requantization to {np.dtype(dtype).name}")
    return _saturate(ctx, _rint(y), dtype)


@lowers("QLinearMatMul")
def _qlinear_matmul(ctx):
    a = _centered(ctx, 0, 2)
    b = _centered(ctx, 3, 5)
    return [_requantize(ctx, _int_matmul(ctx, a, b), (1, 4, 6), 7, 0)]


def _conv_of(ctx, x: Tensor, w: Tensor, bias: Tensor | None = None) -> Tensor:
    """ONNX's Conv (every attribute the float Conv lowering takes) over integers, in float64:
    exact, since the sums stay far inside 2**53."""
    f64 = _dt.float64
    values = [M.cast(x, f64), M.cast(w, f64)] + ([M.cast(bias, f64)] if bias is not None else [])
    return LOWERINGS["Conv"].fn(_sub_context(ctx, values))[0]


def _w_zero_point_shape(ctx, zp_i: int, w_i: int):
    shape = ctx.shape(zp_i) if ctx.has(zp_i) else None
    if shape and int(np.prod(shape)) > 1:
        return [-1] + [1] * (ctx.rank(w_i) - 1)  # one per output channel
    return None


def _conv_integer_check(attrs, opset):
    return LOWERINGS["Conv"].check(attrs, opset) if LOWERINGS["Conv"].check else None


@lowers("ConvInteger", check=_conv_integer_check)
def _conv_integer(ctx):
    x = _centered(ctx, 0, 2)
    w = _centered(ctx, 1, 3, _w_zero_point_shape(ctx, 3, 1))
    return [M.cast(_conv_of(ctx, x, w), _dt.int32)]


@lowers("QLinearConv", check=_conv_integer_check)
def _qlinear_conv(ctx):
    x = _centered(ctx, 0, 2)
    w = _centered(ctx, 3, 5, _w_zero_point_shape(ctx, 5, 3))
    bias = ctx.t(8) if ctx.has(8) else None
    acc = M.cast(_conv_of(ctx, x, w, bias), _dt.int32)
    s_shape = ctx.shape(4)
    per_channel = s_shape is not None and len(s_shape) == 1 and s_shape[0] not in (None, 1)
    w_axis = [1, -1] + [1] * (ctx.rank(0) - 2) if per_channel else None
    return [_requantize(ctx, acc, (1, 4, 6), 7, 0, w_axis)]


# -- onnxruntime's com.microsoft quantized operators (its QOperator models use them) ------
# Numbers are onnxruntime's (MLAS): scale ratios and requantization in float32, rounded half
# to even, saturated.


def _f32(ctx, i: int) -> Tensor:
    return M.cast(ctx.t(i), _dt.float32)


def _centered_f32(ctx, i: int, zp_i: int) -> Tensor:
    x = _f32(ctx, i)
    return M.subtract(x, _f32(ctx, zp_i)) if ctx.has(zp_i) else x


def _out_dtype(ctx, zp_i: int, like_i: int):
    dtype = np.dtype(ctx.dtype(zp_i) if ctx.has(zp_i) else ctx.dtype(like_i))
    if dtype not in _RANGES:
        raise Unsupported(f"quantization to {dtype.name}")
    return dtype


def _finish(ctx, y: Tensor, zp_i: int, dtype) -> Tensor:
    y = _rint(y)
    if ctx.has(zp_i):
        y = M.add(y, _f32(ctx, zp_i))
    return _saturate(ctx, y, dtype)


@lowers("com.microsoft.QLinearAdd", "com.microsoft.QLinearMul")
def _qlinear_binary(ctx):
    a = _centered_f32(ctx, 0, 2)
    b = _centered_f32(ctx, 3, 5)
    sa, sb, sc = _f32(ctx, 1), _f32(ctx, 4), _f32(ctx, 6)
    if ctx.op_type == "QLinearAdd":
        y = M.add(M.multiply(M.divide(sa, sc), a), M.multiply(M.divide(sb, sc), b))
    else:
        y = M.multiply(M.divide(M.multiply(sa, sb), sc), M.multiply(a, b))
    return [_finish(ctx, y, 7, _out_dtype(ctx, 7, 0))]


@lowers("com.microsoft.QLinearGlobalAveragePool")
def _qlinear_global_average_pool(ctx):
    shape = ctx.shape(0)
    if shape is None or None in shape[1:]:
        raise Unsupported("QLinearGlobalAveragePool over sizes unknown at import")
    last = bool(ctx.attr("channels_last", 0))
    axes = list(range(1, len(shape) - 1)) if last else list(range(2, len(shape)))
    count = int(np.prod([shape[a] for a in axes]))
    total = R.reduce_sum(M.cast(ctx.t(0), _dt.int32), axes, keepdims=True)
    if ctx.has(2):
        total = M.subtract(
            total, M.multiply(M.cast(ctx.t(2), _dt.int32), ctx.const(count, np.int32))
        )
    scale = M.divide(_f32(ctx, 1), M.multiply(_f32(ctx, 3), ctx.const(float(count), np.float32)))
    y = M.multiply(M.cast(total, _dt.float32), scale)
    return [_finish(ctx, y, 4, _out_dtype(ctx, 4, 0))]


@lowers("com.microsoft.QGemm")
def _qgemm(ctx):
    a = _centered(ctx, 0, 2)
    # Per-channel weights (onnxruntime's quantizer with per_channel=True) have one zero
    # point per output column: a column of B^T's rows when transB is set.
    per_channel = ctx.has(5) and int(np.prod(ctx.shape(5) or (1,))) > 1
    b = _centered(ctx, 3, 5, [-1, 1] if per_channel and ctx.attr("transB", 0) else None)
    acc = M.matmul(
        a, b, transpose_a=bool(ctx.attr("transA", 0)), transpose_b=bool(ctx.attr("transB", 0))
    )
    if ctx.has(6):
        acc = M.add(acc, M.cast(ctx.t(6), _dt.int32))
    scale = M.multiply(
        M.multiply(_f32(ctx, 1), _f32(ctx, 4)), ctx.const(ctx.attr("alpha", 1.0), np.float32)
    )
    if not ctx.has(7):  # a float output
        return [M.multiply(M.cast(acc, _dt.float32), scale)]
    y = M.multiply(M.cast(acc, _dt.float32), M.divide(scale, _f32(ctx, 7)))
    return [_finish(ctx, y, 8, _out_dtype(ctx, 8, 0))]
