"""Complex numbers: `tf.complex`, the part ops (Real, Imag, Conj, Angle, ComplexAbs), and
complex64/complex128 through the arithmetic TF defines on them.

The arithmetic ops keep their own (real) inference and kernels; this module widens them
to complex inputs and gives them TF's complex gradients. TF's convention for a real loss
L of a complex z is grad = dL/dRe(z) + i dL/dIm(z), which makes the chain rule through
z * w multiply by conj(w) (TF's math_grad.py conjugates the other operand).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..graph import Tensor, op_inputs
from .registry import (
    REGISTRY,
    InferenceError,
    broadcast_shapes,
    register_gradient,
    register_op,
    same_dtypes,
)

_COMPLEX_OF = {_dt.float32: _dt.complex64, _dt.float64: _dt.complex128}

# The ops TF defines on complex numbers whose numpy kernels compute them as TF does: a
# complex input runs their real inference on its part dtype (same shapes, same rules).
_WIDENED = (
    "Add",
    "AddN",
    "Sub",
    "Mul",
    "RealDiv",
    "DivNoNan",
    "Neg",
    "Square",
    "MatMul",
    "BatchMatMulV2",
    "Sum",
    "Mean",
    "Reciprocal",
    "Exp",
    *(_HOLOMORPHIC := ("Log", "Log1p", "Sqrt", "Rsqrt", "Sigmoid", "Tanh")),
    # Their gradients' ops: the holomorphic rule below hands them conj(g).
    "SqrtGrad",
    "RsqrtGrad",
    "ReciprocalGrad",
    # Linear (their gradients hold for complex numbers as they are), or piecewise constant.
    "Cumsum",
    "Cumprod",  # its gradient is TF's formula, which TF runs on complex numbers unchanged
    "Sign",  # z / |z|, numpy's (since 2.0) and TF's
    # Holomorphic in each factor: TF's gradient conjugates (below).
    "Prod",
    # numpy's kernel differs: see _complex_pow.
    "Pow",
)


def _widen(type_: str) -> None:
    opdef = REGISTRY.get(type_)
    if opdef is None:
        return
    base = opdef.infer

    def infer(shapes, types, attrs):
        try:
            return base(shapes, types, attrs)
        except InferenceError:
            # Only a uniform complex input list is let through: complex64 with float32
            # stays a DTYPE_MISMATCH, as in TF.
            if not types or types[0] not in _dt.COMPLEX:
                raise
            same_dtypes(list(types))
        part = types[0].real_dtype
        out = base(shapes, [part] * len(types), attrs)
        return [(s, types[0] if d == part else d) for s, d in out]

    opdef.infer = infer


for _type in _WIDENED:
    _widen(_type)


def widen(type_: str, complex_kernel=None) -> None:
    """Let complex inputs into `type_`, registered by a module loaded later than this one
    (conv_ops, special_math_ops), with `complex_kernel` for them where numpy's kernel
    computes otherwise than TF's."""
    _widen(type_)
    if complex_kernel is not None:
        _on_complex_kernel(type_, complex_kernel)


def _on_complex_kernel(type_: str, complex_kernel) -> None:
    opdef = REGISTRY[type_]
    base = opdef.kernel

    def factory(op):
        if op.inputs[0].dtype in _dt.COMPLEX:
            return complex_kernel
        return base(op)

    opdef.kernel = factory


def _complex_pow(x, y):
    # TF's (std::pow, C's cpow): exp(y log x), so 0 ** 0 is NaN where numpy's power is 1.
    with np.errstate(all="ignore"):
        out = np.exp(np.multiply(y, np.log(x)))
    return out.astype(np.result_type(x, y), copy=False)


_on_complex_kernel("Pow", _complex_pow)


def complex_divide(x, y) -> np.ndarray:
    """x / y of complex arrays by Smith's algorithm, dividing twice where numpy's kernel
    multiplies by 1 / (c + d r): inside a run the CPU flushes subnormals, as TF's does, and
    that reciprocal is one for |y| past 1 / tiny (sign(1.8e308 - 7.8j) came out 0, TF's is
    1 - 4.4e-308j). A zero y divides each part by |Re y|, as numpy's."""
    x, y = np.asarray(x), np.asarray(y)
    dtype = np.result_type(x, y)
    a, b, c, d = np.real(x), np.imag(x), np.real(y), np.imag(y)
    with np.errstate(all="ignore"):
        wide = np.abs(c) >= np.abs(d)
        r = np.where(wide, d / c, c / d)
        den = np.where(wide, c + d * r, c * r + d)
        re = np.where(wide, a + b * r, a * r + b) / den
        im = np.where(wide, b - a * r, b * r - a) / den
        zero = (c == 0) & (d == 0)
        re = np.where(zero, a / np.abs(c), re)
        im = np.where(zero, b / np.abs(c), im)
    out = np.empty(np.broadcast_shapes(np.shape(re), np.shape(im)), dtype)
    out.real, out.imag = re, im
    return out


def _complex_div_no_nan(x, y):
    out = complex_divide(x, y)
    return np.where(np.asarray(y) == 0, np.zeros((), out.dtype), out)


_on_complex_kernel("RealDiv", complex_divide)
_on_complex_kernel("DivNoNan", _complex_div_no_nan)


def _complex_reciprocal(x):
    out = complex_divide(np.ones((), x.dtype), x)
    with np.errstate(all="ignore"):  # 1 / 0j: numpy's reciprocal is TF's NaN there
        return np.where(x == 0, np.reciprocal(x), out)


_on_complex_kernel("Reciprocal", _complex_reciprocal)


# -- the part ops -----------------------------------------------------------------------------


def _complex_infer(shapes, types, attrs):
    dtype = same_dtypes(list(types))
    if dtype not in _COMPLEX_OF:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"complex needs float32 or float64 parts, got {dtype.name}",
            got=dtype.name,
        )
    return [(broadcast_shapes(*shapes), _COMPLEX_OF[dtype])]


def _complex_kernel(op):
    dtype = np.dtype(op.outputs[0].dtype)

    def kernel(re, im):
        re, im = np.broadcast_arrays(re, im)
        out = np.empty(re.shape, dtype)
        out.real, out.imag = re, im
        return out

    return kernel


register_op("Complex", arity=2, infer=_complex_infer, unknown_rank_ok=True)(_complex_kernel)


def _part_infer(to_real: bool):
    def infer(shapes, types, attrs):
        dtype = types[0]
        if dtype not in _dt.COMPLEX:
            raise InferenceError(
                "DTYPE_MISMATCH", f"input must be complex64 or complex128, got {dtype.name}"
            )
        return [(shapes[0], dtype.real_dtype if to_real else dtype)]

    return infer


def _part_op(type_: str, fn, to_real: bool = True) -> None:
    register_op(type_, arity=1, infer=_part_infer(to_real), unknown_rank_ok=True)(lambda op: fn)


_part_op("Real", lambda x: np.real(x).copy())  # not ascontiguousarray: it makes 0-d 1-d
_part_op("Imag", lambda x: np.imag(x).copy())
_part_op("Angle", np.angle)
_part_op("ComplexAbs", np.abs)
_part_op("Conj", np.conj, to_real=False)


def _create(type_: str, inputs: tuple, name: str | None, default: str, args=("x",)) -> Tensor:
    graph, ts, name = op_inputs(inputs, name, default, args)
    return graph.create_op(type_, ts, None, name).outputs[0]


def complex(real: Any, imag: Any, name: str | None = None) -> Tensor:
    """`real + i imag`: float32 parts make complex64, float64 parts complex128."""
    return _create("Complex", (real, imag), name, "Complex", ("real", "imag"))


def is_complex_tensor(x: Any) -> bool:
    return isinstance(x, Tensor) and x.dtype in _dt.COMPLEX


def real_part(x: Tensor, name: str | None = None) -> Tensor:
    return _create("Real", (x,), name, "Real", ("input",))


def imag_part(x: Tensor, name: str | None = None) -> Tensor:
    return _create("Imag", (x,), name, "Imag", ("input",))


def conj_of(x: Tensor, name: str | None = None) -> Tensor:
    return _create("Conj", (x,), name, "Conj", ("input",))


def angle_of(x: Tensor, name: str | None = None) -> Tensor:
    return _create("Angle", (x,), name, "Angle", ("input",))


def complex_abs(x: Tensor, name: str | None = None) -> Tensor:
    """`tf.abs` of a complex tensor: TF names the ComplexAbs node `Abs`."""
    return _create("ComplexAbs", (x,), name, "Abs")


def _conj(x: Tensor) -> Tensor:
    """TF's `math_ops.conj`: the tensor itself when it is real (no node)."""
    return conj_of(x) if x.dtype in _dt.COMPLEX else x


def _zero(dtype) -> Tensor:
    from .array_ops import constant

    return constant(0, dtype=dtype)


# -- gradients (TF's math_grad.py) ----------------------------------------------------------


@register_gradient("Complex")
def _complex_grad(op, g):
    from .math_ops import reduce_like

    x, y = op.inputs
    return [reduce_like(real_part(g), x, y), reduce_like(imag_part(g), y, x)]


@register_gradient("Real")
def _real_grad(op, g):
    return [complex(g, _zero(g.dtype))]


@register_gradient("Imag")
def _imag_grad(op, g):
    return [complex(_zero(g.dtype), g)]


@register_gradient("Conj")
def _conj_grad(op, g):
    return [conj_of(g)]


@register_gradient("Angle")
def _angle_grad(op, g):
    from .math_ops import reciprocal

    x = op.inputs[0]
    z = reciprocal(complex(imag_part(x), real_part(x)))
    return [-complex(g, _zero(g.dtype)) * z]


@register_gradient("ComplexAbs")
def _complex_abs_grad(op, g):
    from .array_ops import zeros_like
    from .math_ops import div_no_nan

    y = op.outputs[0]
    return [div_no_nan(complex(g, zeros_like(g)) * op.inputs[0], complex(y, zeros_like(y)))]


def _on_complex(type_: str, complex_grad) -> None:
    """`complex_grad` for complex inputs of `type_`, its own gradient for real ones."""
    base = REGISTRY[type_].grad

    def grad(op, g):
        if op.inputs[0].dtype in _dt.COMPLEX:
            return complex_grad(op, g)
        return base(op, g)

    REGISTRY[type_].grad = grad


def _mul_grad(op, g):
    from .math_ops import multiply, reduce_like

    x, y = op.inputs
    return [reduce_like(multiply(g, _conj(y)), x, y), reduce_like(multiply(_conj(x), g), y, x)]


def _realdiv_grad(op, g):
    from .math_ops import reduce_like

    x, y = op.inputs
    cx, cy = _conj(x), _conj(y)
    return [reduce_like(g / cy, x, y), reduce_like(g * (-cx / cy / cy), y, x)]


def _square_grad(op, g):
    from .math_ops import multiply

    return [multiply(g, multiply(_conj(op.inputs[0]), 2.0))]


def _reciprocal_grad(op, g):
    # TF's ReciprocalGrad: -g * conj(y * y).
    y = _conj(op.outputs[0])
    return [-g * (y * y)]


def _div_no_nan_grad(op, g):
    from .math_ops import div_no_nan, reduce_like

    x, y = op.inputs
    cx, cy = _conj(x), _conj(y)
    return [
        reduce_like(div_no_nan(g, cy), x, y),
        reduce_like(g * div_no_nan(div_no_nan(-cx, cy), cy), y, x),
    ]


def _exp_grad(op, g):
    # TF's _ExpGrad: g * conj(y) (a DCT's twiddles, exp(-i pi k / 2n), are made so).
    return [g * _conj(op.outputs[0])]


def _conjugated(type_: str):
    """TF's gradient of a holomorphic f on complex inputs, g * conj(f'(x)), from the real
    one, g * f'(x) (linear in g, its ops defined on complex numbers): conj(real(conj g)).
    For each input of a binary f (xlogy) the same, with f's partial derivative."""
    base = REGISTRY[type_].grad

    def grad(op, g):
        return [None if back is None else conj_of(back) for back in base(op, conj_of(g))]

    return grad


def widen_holomorphic(*types: str) -> None:
    """Let complex inputs into the elementwise ops `types` (registered by a module loaded
    later than this one, as special_math_ops' Sin and Cos) with TF's gradient."""
    for type_ in types:
        _widen(type_)
        _on_complex(type_, _conjugated(type_))


for _type in _HOLOMORPHIC:
    _on_complex(_type, _conjugated(_type))
_on_complex("Exp", _exp_grad)
_on_complex("Reciprocal", _reciprocal_grad)
_on_complex("DivNoNan", _div_no_nan_grad)
_on_complex("Mul", _mul_grad)
_on_complex("RealDiv", _realdiv_grad)
_on_complex("Square", _square_grad)
_on_complex("Prod", _conjugated("Prod"))


def _pow_grad(op, g):
    # TF's _PowGrad on the conjugates; log(x) is 0 where x is 0 (TF's mask, x != 0).
    from .array_ops import ones_like, zeros_like
    from .math_ops import _where, log, not_equal, pow, reduce_like

    x, y = op.inputs
    cx, cy = _conj(x), _conj(y)
    mask = not_equal(cx, 0)
    log_x = _where(mask, log(_where(mask, cx, ones_like(x))), zeros_like(x))
    return [
        reduce_like(g * cy * pow(cx, cy - 1), x, y),
        reduce_like(g * _conj(op.outputs[0]) * log_x, y, x),
    ]


_on_complex("Pow", _pow_grad)


# -- Cast: complex to real keeps the real part (TF's rule, for bool too: 1j casts to False) --


def _widen_cast() -> None:
    opdef = REGISTRY["Cast"]
    base = opdef.kernel

    def factory(op):
        kernel = base(op)
        if op.inputs[0].dtype not in _dt.COMPLEX or op.attrs["dtype"] in _dt.COMPLEX:
            return kernel
        return lambda x: kernel(np.real(x).copy())

    opdef.kernel = factory


_widen_cast()

_INEXACT = _dt.FLOATS | _dt.COMPLEX


def _cast_grad(op, g):
    # TF's _CastGrad: between floats and complex numbers the gradient casts back (complex
    # to float keeps the real part); anything else has none.
    from .math_ops import cast

    x = op.inputs[0]
    if x.dtype in _INEXACT and g.dtype in _INEXACT:
        return [cast(g, x.dtype)]
    return [None]


REGISTRY["Cast"].grad = _cast_grad


def to_complex64(x: Any, name: str = "ToComplex64") -> Tensor:
    """TF1's `to_complex64`: cast to complex64."""
    from .math_ops import cast

    return cast(x, _dt.complex64, name)


def to_complex128(x: Any, name: str = "ToComplex128") -> Tensor:
    """TF1's `to_complex128`: cast to complex128."""
    from .math_ops import cast

    return cast(x, _dt.complex128, name)


__all__ = ["complex", "to_complex64", "to_complex128"]
