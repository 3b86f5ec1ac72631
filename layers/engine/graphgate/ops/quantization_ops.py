"""`tf.quantization`'s fake quantization (quantization-aware training): float32 values
rounded to the grid an integer type of `num_bits` would hold between a nudged min and max,
with TF's straight-through gradients. Six ops, as TF's: `FakeQuantWithMinMaxArgs` (the
range in attributes), `...Vars` (in tensors, with gradients for them too), `...VarsPerChannel`
(one range per last-axis channel), and a gradient op for each.

The arithmetic is TF's kernel's (fake_quant_ops_functor.h), step by step in float32, so
results are TF's to the bit: the range is nudged so that zero is exactly representable, and
a value is clamped into it, shifted, scaled, floored and scaled back."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, op_inputs
from .registry import InferenceError, register_gradient, register_op, without_gradient

_F32 = np.float32
_BITS = {"num_bits": ("int", 8), "narrow_range": ("bool", False)}


def _nudge(lo: np.ndarray, hi: np.ndarray, attrs: dict) -> tuple[np.ndarray, ...]:
    """TF's Nudge: (nudged_min, nudged_max, scale, inverse scale) for each range."""
    quant_min = _F32(1 if attrs.get("narrow_range", False) else 0)
    quant_max = _F32((1 << attrs.get("num_bits", 8)) - 1)
    with np.errstate(all="ignore"):
        scale = (hi - lo) / (quant_max - quant_min)
        # TF recomputes the inverse rather than taking 1/scale: it is not the same float.
        inv_scale = (quant_max - quant_min) / (hi - lo)
        from_min = np.asarray(quant_min - lo / scale, np.float64)
        # std::round (half away from zero) of a float32 is exact in float64; a NaN zero
        # point (an empty range) converts to 0, as the C++ cast does on this hardware.
        rounded = np.where(
            np.isfinite(from_min), np.sign(from_min) * np.floor(np.abs(from_min) + 0.5), 0
        )
        zero = np.where(
            from_min < quant_min, quant_min, np.where(from_min > quant_max, quant_max, rounded)
        )
        zero = zero.astype(_F32)
        return (quant_min - zero) * scale, (quant_max - zero) * scale, scale, inv_scale


def _quantize(x: np.ndarray, lo: Any, hi: Any, attrs: dict) -> np.ndarray:
    nudged_min, nudged_max, scale, inv_scale = _nudge(_F32(lo), _F32(hi), attrs)
    with np.errstate(all="ignore"):
        quant_zero = np.floor(-nudged_min * inv_scale + _F32(0.5))
        shifted = np.maximum(np.minimum(x, nudged_max), nudged_min) - nudged_min
        return (np.floor(shifted * inv_scale - quant_zero + _F32(0.5)) * scale).astype(_F32)


def _inside(x: np.ndarray, lo: Any, hi: Any, attrs: dict) -> tuple[np.ndarray, ...]:
    nudged_min, nudged_max, _, _ = _nudge(_F32(lo), _F32(hi), attrs)
    return x < nudged_min, x > nudged_max, (x >= nudged_min) & (x <= nudged_max)


def _check_attrs(op: Any) -> dict:
    """TF's kernels refuse these when they are made, which is at run time."""
    attrs = op.attrs
    bits = attrs.get("num_bits", 8)
    if not 2 <= bits <= 16:
        raise error(
            "COMPUTE_ERROR",
            f"num_bits must be between 2 and 16, inclusive, got {bits}",
            node=op.name,
        )
    if "min" in attrs and not attrs["min"] < attrs["max"]:
        raise error(
            "COMPUTE_ERROR",
            f"min has to be smaller than max, was: {attrs['min']} >= {attrs['max']}",
            node=op.name,
        )
    return attrs


# -- inference -----------------------------------------------------------------------------


def _float32(types: list) -> None:
    for t in types:
        if t != _dt.float32:
            raise InferenceError("DTYPE_MISMATCH", f"fake quantization takes float32, got {t.name}")


def _range_shape(shapes: list, channels: bool) -> tuple:
    """The min and max inputs' shape: scalars, or one entry per last-axis channel."""
    x, lo, hi = shapes[0], shapes[-2], shapes[-1]
    if not channels:
        for s in (lo, hi):
            if s is not None and len(s) != 0:
                raise InferenceError("SHAPE_MISMATCH", f"min and max must be rank 0, got {s}")
        return ()
    depth = x[-1] if x else None
    if x is not None and len(x) == 0:
        raise InferenceError("SHAPE_MISMATCH", "per-channel inputs must be at least rank 1")
    for s in (lo, hi):
        if s is None:
            continue
        if len(s) != 1:
            raise InferenceError("SHAPE_MISMATCH", f"min and max must be rank 1, got {s}")
        if None not in (depth, s[0]) and s[0] != depth:
            raise InferenceError(
                "SHAPE_MISMATCH", f"Dimensions must be equal, but are {depth} and {s[0]}"
            )
        depth = s[0] if depth is None else depth
    return (depth,)


def _args_infer(shapes, types, attrs):
    _float32(types)
    return [(shapes[-1], _dt.float32)]


def _vars_infer(channels: bool):
    def infer(shapes, types, attrs):
        _float32(types)
        _range_shape(shapes, channels)
        return [(shapes[0], _dt.float32)]

    return infer


def _vars_grad_infer(channels: bool):
    def infer(shapes, types, attrs):
        _float32(types)
        ranged = _range_shape(shapes[1:], channels)
        return [(shapes[1], _dt.float32), (ranged, _dt.float32), (ranged, _dt.float32)]

    return infer


# -- the ops -------------------------------------------------------------------------------

_ARGS = {"min": ("float", -6.0), "max": ("float", 6.0), **_BITS}


@register_op("FakeQuantWithMinMaxArgs", arity=1, infer=_args_infer, attrs=_ARGS)
def _args(op):
    attrs = _check_attrs(op)
    return lambda x: _quantize(x, attrs.get("min", -6.0), attrs.get("max", 6.0), attrs)


@register_op("FakeQuantWithMinMaxArgsGradient", arity=2, infer=_args_infer, attrs=_ARGS)
def _args_gradient(op):
    attrs = _check_attrs(op)

    def kernel(g, x):
        return g * _inside(x, attrs.get("min", -6.0), attrs.get("max", 6.0), attrs)[2]

    return kernel


def _vars_kernel(op):
    attrs = _check_attrs(op)
    return lambda x, lo, hi: _quantize(x, lo, hi, attrs)


def _vars_gradient_kernel(op):
    attrs = _check_attrs(op)

    def kernel(g, x, lo, hi):
        below, above, inside = _inside(x, lo, hi, attrs)
        axes = tuple(range(x.ndim - np.ndim(lo)))
        return (
            g * inside,
            np.sum(np.where(below, g, _F32(0)), axis=axes, dtype=_F32),
            np.sum(np.where(above, g, _F32(0)), axis=axes, dtype=_F32),
        )

    return kernel


for _channels, _suffix in ((False, ""), (True, "PerChannel")):
    register_op(
        f"FakeQuantWithMinMaxVars{_suffix}", arity=3, infer=_vars_infer(_channels), attrs=_BITS
    )(_vars_kernel)
    register_op(
        f"FakeQuantWithMinMaxVars{_suffix}Gradient",
        arity=4,
        infer=_vars_grad_infer(_channels),
        attrs=_BITS,
    )(_vars_gradient_kernel)


@register_gradient("FakeQuantWithMinMaxArgs")
def _args_grad(op, g):
    graph = op.graph
    attrs = {k: op.attrs[k] for k in _ARGS if k in op.attrs}
    grad = graph.create_op("FakeQuantWithMinMaxArgsGradient", (g, op.inputs[0]), attrs, None)
    return [grad.outputs[0]]


def _vars_grad(op, g):
    attrs = {k: op.attrs[k] for k in _BITS if k in op.attrs}
    grad = op.graph.create_op(f"{op.type}Gradient", (g, *op.inputs), attrs, None)
    return list(grad.outputs)


register_gradient("FakeQuantWithMinMaxVars")(_vars_grad)
register_gradient("FakeQuantWithMinMaxVarsPerChannel")(_vars_grad)


# TensorFlow defines none for the gradient ops: the same LookupError here.
without_gradient(*(f"FakeQuantWithMinMax{t}Gradient" for t in ("Args", "Vars", "VarsPerChannel")))


# -- the public functions ------------------------------------------------------------------


def _build(op_type: str, values: tuple, attrs: dict, name: str | None, names: tuple) -> Any:
    # The ops take float32 only, so literals are float32 whatever Python type they are.
    values = tuple(v if isinstance(v, Tensor) else np.asarray(v, _F32) for v in values)
    graph, inputs, name = op_inputs(values, name, op_type, names)
    op = graph.create_op(op_type, inputs, attrs, name)
    return op.outputs[0] if len(op.outputs) == 1 else tuple(op.outputs)


def _bits(num_bits: int, narrow_range: bool) -> dict:
    return {"num_bits": int(num_bits), "narrow_range": bool(narrow_range)}


def fake_quant_with_min_max_args(
    inputs: Any,
    min: float = -6.0,
    max: float = 6.0,
    num_bits: int = 8,
    narrow_range: bool = False,
    name: str | None = None,
) -> Tensor:
    """`inputs` rounded to `num_bits`' grid over [min, max], nudged so zero is on it."""
    attrs = {"min": float(min), "max": float(max), **_bits(num_bits, narrow_range)}
    return _build("FakeQuantWithMinMaxArgs", (inputs,), attrs, name, ("inputs",))


def fake_quant_with_min_max_args_gradient(
    gradients: Any,
    inputs: Any,
    min: float = -6.0,
    max: float = 6.0,
    num_bits: int = 8,
    narrow_range: bool = False,
    name: str | None = None,
) -> Tensor:
    """`gradients` where `inputs` is inside the nudged range, else zero."""
    attrs = {"min": float(min), "max": float(max), **_bits(num_bits, narrow_range)}
    values = (gradients, inputs)
    return _build("FakeQuantWithMinMaxArgsGradient", values, attrs, name, ("gradients", "inputs"))


def fake_quant_with_min_max_vars(
    inputs: Any,
    min: Any,
    max: Any,
    num_bits: int = 8,
    narrow_range: bool = False,
    name: str | None = None,
) -> Tensor:
    """As `fake_quant_with_min_max_args`, with the range in scalar tensors (variables that
    training moves: the gradient flows to them from values outside the range)."""
    values = (inputs, min, max)
    attrs = _bits(num_bits, narrow_range)
    return _build("FakeQuantWithMinMaxVars", values, attrs, name, ("inputs", "min", "max"))


def fake_quant_with_min_max_vars_gradient(
    gradients: Any,
    inputs: Any,
    min: Any,
    max: Any,
    num_bits: int = 8,
    narrow_range: bool = False,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """(backprops_wrt_input, backprop_wrt_min, backprop_wrt_max)."""
    values = (gradients, inputs, min, max)
    names = ("gradients", "inputs", "min", "max")
    return _build(
        "FakeQuantWithMinMaxVarsGradient", values, _bits(num_bits, narrow_range), name, names
    )


def fake_quant_with_min_max_vars_per_channel(
    inputs: Any,
    min: Any,
    max: Any,
    num_bits: int = 8,
    narrow_range: bool = False,
    name: str | None = None,
) -> Tensor:
    """As `fake_quant_with_min_max_vars`, one range per channel of the last axis."""
    values = (inputs, min, max)
    attrs = _bits(num_bits, narrow_range)
    names = ("inputs", "min", "max")
    return _build("FakeQuantWithMinMaxVarsPerChannel", values, attrs, name, names)


def fake_quant_with_min_max_vars_per_channel_gradient(
    gradients: Any,
    inputs: Any,
    min: Any,
    max: Any,
    num_bits: int = 8,
    narrow_range: bool = False,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """(backprops_wrt_input, backprop_wrt_min, backprop_wrt_max), per channel."""
    values = (gradients, inputs, min, max)
    names = ("gradients", "inputs", "min", "max")
    attrs = _bits(num_bits, narrow_range)
    return _build("FakeQuantWithMinMaxVarsPerChannelGradient", values, attrs, name, names)


# -- quantize_and_dequantize (QuantizeAndDequantizeV2) ------------------------------------

_QDQ_ATTRS = {
    "signed_input": ("bool", True),
    "num_bits": ("int", 8),
    "range_given": ("bool", False),
    "round_mode": ("str", "HALF_TO_EVEN"),
    "narrow_range": ("bool", False),
    "axis": ("int", -1),
}


def _qdq_infer(shapes, types, attrs):
    dtype = types[0]
    if dtype not in (_dt.float16, _dt.float32, _dt.float64):
        raise InferenceError(
            "UNSUPPORTED_DTYPE", f"quantize_and_dequantize takes floats, not {dtype}"
        )
    if types[1] != dtype or types[2] != dtype:
        raise InferenceError(
            "DTYPE_MISMATCH", "input_min and input_max must have the input's dtype"
        )
    bits, signed = attrs.get("num_bits", 8), attrs.get("signed_input", True)
    if not 0 < bits < (62 if signed else 63):
        raise InferenceError("INVALID_ATTR", f"num_bits is out of range: {bits}")
    if attrs.get("round_mode", "HALF_TO_EVEN") not in ("HALF_TO_EVEN", "HALF_UP"):
        raise InferenceError("INVALID_ATTR", "round_mode must be HALF_TO_EVEN or HALF_UP")
    return [(shapes[0], dtype)]


def _qdq_range(lo, hi, attrs):
    """TF's ComputeQuantizationRange: the scale that keeps zero on the grid, taken from
    the side of the range that limits it, and the other side moved to match."""
    bits, signed = attrs.get("num_bits", 8), attrs.get("signed_input", True)
    if signed:
        q_min = -(1 << (bits - 1)) + (1 if attrs.get("narrow_range", False) else 0)
        q_max = (1 << (bits - 1)) - 1
    else:
        q_min, q_max = 0, (1 << bits) - 1
    dtype = lo.dtype.type
    big = np.finfo(lo.dtype).max
    from_min = dtype(q_min / lo) if q_min * lo > 0 else big
    from_max = dtype(q_max / hi) if q_max * hi > 0 else big
    if from_min < from_max:
        inverse = dtype(lo / dtype(q_min))
        return from_min, inverse, lo, dtype(dtype(q_max) * inverse)
    inverse = dtype(hi / dtype(q_max))
    return from_max, inverse, dtype(dtype(q_min) * inverse), hi


@register_op("QuantizeAndDequantizeV2", arity=3, infer=_qdq_infer, attrs=_QDQ_ATTRS)
def _quantize_and_dequantize(op):
    attrs = dict(op.attrs)
    half_up = attrs.get("round_mode", "HALF_TO_EVEN") == "HALF_UP"

    def kernel(x, lo, hi):
        x = np.asarray(x)
        if np.ndim(lo) or np.ndim(hi):  # TF's V2 kernel: one range (its axis aside)
            raise error("SHAPE_MISMATCH", "input_min must be a scalar.")
        if attrs.get("range_given", False):
            lo, hi = np.asarray(lo, x.dtype), np.asarray(hi, x.dtype)
            if lo > hi:
                raise error("COMPUTE_ERROR", f"Invalid range: input_min {lo} > input_max {hi}")
        elif x.size:
            lo, hi = x.min(), x.max()
        else:
            return x.copy()
        scale, inverse, lo, hi = _qdq_range(lo, hi, attrs)
        with np.errstate(over="ignore", invalid="ignore"):
            # Clamped only to a given range, as TF's (ScaleAndRound otherwise).
            v = np.clip(x, lo, hi) if attrs.get("range_given", False) else x
            scaled = v * scale
            rounded = np.floor(scaled + x.dtype.type(0.5)) if half_up else np.rint(scaled)
            return (rounded * inverse).astype(x.dtype)

    return kernel


@register_gradient("QuantizeAndDequantizeV2")
def _quantize_and_dequantize_grad(op, g):
    return [g, None, None]  # TF's straight-through gradient for V2, range or not


def quantize_and_dequantize(
    input: Any,
    input_min: Any,
    input_max: Any,
    signed_input: bool = True,
    num_bits: int = 8,
    range_given: bool = False,
    round_mode: str = "HALF_TO_EVEN",
    name: str | None = None,
    narrow_range: bool = False,
    axis: int | None = None,
) -> Tensor:
    """`input` rounded to the grid `num_bits` integers hold over its range (or the given
    one), and back: TF's QuantizeAndDequantizeV2, its straight-through gradient with it."""
    attrs = {
        "signed_input": bool(signed_input),
        "num_bits": int(num_bits),
        "range_given": bool(range_given),
        "round_mode": str(round_mode),
        "narrow_range": bool(narrow_range),
        "axis": -1 if axis is None else int(axis),
    }
    if not isinstance(input, Tensor):
        input = np.asarray(input, _F32)  # a Python float is float32, as TF converts it
    dtype = np.dtype(input.dtype.as_numpy_dtype if isinstance(input, Tensor) else input.dtype)
    lo, hi = (v if isinstance(v, Tensor) else np.asarray(v, dtype) for v in (input_min, input_max))
    names = ("input", "input_min", "input_max")
    graph, inputs, name = op_inputs((input, lo, hi), name, "QuantizeAndDequantizeV2", names)
    return graph.create_op("QuantizeAndDequantizeV2", inputs, attrs, name).outputs[0]
