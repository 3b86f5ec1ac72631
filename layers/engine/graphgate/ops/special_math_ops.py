"""TF1's remaining elementwise math: trigonometric and hyperbolic functions, rounding,
erf/lgamma/digamma/polygamma/zeta, predicates, truncating and Python-2 division,
xlogy/xdivy and the other `*_no_nan` forms; the composite reductions of `tf.math`
(variance, std, euclidean norm, count_nonzero); and counting (confusion_matrix, bincount).
`composite` is the name scope every composite here and in linalg_ops is built under.

Each op's dtypes are TensorFlow's (floats only where TF refuses integers, with a TypeError
at build time), its default name TF's op type, its gradient TF's formula.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import InternalError, error
from ..graph import Tensor, as_tensors, converts_in_order, name_scope, op_inputs
from ..limits import check_run_time_size
from ..ragged_tensor import RaggedTensor
from . import complex_ops as _complex_ops
from . import reduce_ops as _reduce
from .math_ops import (
    _eigen_expm1,
    _fixed,
    _op,
    by_dtype,
    cast,
    exp,
    logical_and,
    logical_not,
    logical_or,
    negative,
    not_equal,
    reciprocal,
    reduce_like,
    rsqrt,
    square,
)
from .math_ops import sqrt as _sqrt
from .registry import (
    REQUIRED,
    InferenceError,
    binary,
    not_differentiable,
    register_gradient,
    register_op,
    unary,
)
from .shape_values import read_at_build, static_arg


@contextlib.contextmanager
def composite(name: str | None, default: str, values: tuple, arg_names: tuple = ()):
    """TensorFlow's `with name_scope(name, default, values)` around a composite op:
    literals among `values` become constants inside the scope. Yields (graph, tensors,
    scope); the scope passed as the last op's name names it exactly the scope's name."""
    tensors = [v for v in values if isinstance(v, Tensor)]
    with name_scope(name, default, tensors or None) as scope:
        graph, ts = as_tensors(*values, names=arg_names)
        yield graph, ts, scope


def _unary(type_: str, kernel, kind: str = "float", out=None, factory=None):
    register = register_op(type_, arity=1, infer=unary(kind, out), unknown_rank_ok=True)
    register(factory or _fixed(kernel))

    def api(x: Any, name: str | None = None) -> Tensor:
        return _op(type_, (x,), name, type_)

    api.__name__ = type_.lower()
    api.__doc__ = f"TensorFlow's `{type_}`, elementwise."
    return api


def _binary(type_: str, kernel, kind: str = "float"):
    register_op(type_, arity=2, infer=binary(kind), unknown_rank_ok=True)(_fixed(kernel))

    def api(x: Any, y: Any, name: str | None = None) -> Tensor:
        return _op(type_, (x, y), name, type_)

    api.__name__ = type_.lower()
    api.__doc__ = f"TensorFlow's `{type_}`, elementwise with broadcasting."
    return api


def _in_float64(fn, half_via_float32: bool = False):
    """A kernel from a scalar float64 function (`math.erf`, ...), in the input's dtype:
    numpy has no ufunc for these, and `math`'s are correctly rounded or close to it.
    `half_via_float32`: float16 results are rounded to float32 first, as TF's half kernel
    (float32 arithmetic, one rounding to half) leaves them (erfc, on every finite half)."""
    vec = np.frompyfunc(fn, 1, 1)

    def kernel(x):
        x = np.asarray(x)
        y = np.asarray(vec(x.astype(np.float64)), np.float64)
        if half_via_float32 and x.dtype == np.float16:
            y = y.astype(np.float32)
        return y.astype(x.dtype)

    return kernel


# -- trigonometric and hyperbolic -----------------------------------------------------------

sin = _unary("Sin", np.sin, factory=by_dtype("Sin", np.sin))
cos = _unary("Cos", np.cos, factory=by_dtype("Cos", np.cos))
tan = _unary("Tan", np.tan)
asin = _unary("Asin", np.arcsin)
acos = _unary("Acos", np.arccos)
atan = _unary("Atan", np.arctan)
sinh = _unary("Sinh", np.sinh)
_half_cosh = by_dtype("Cosh", np.cosh, lambda x: np.float32(0.5) * (np.exp(x) + np.exp(-x)))
cosh = _unary("Cosh", np.cosh, factory=_half_cosh)
asinh = _unary("Asinh", np.arcsinh)
acosh = _unary("Acosh", np.arccosh)
atanh = _unary("Atanh", np.arctanh)
register_op("Atan2", arity=2, infer=binary("float"), unknown_rank_ok=True)(_fixed(np.arctan2))


def atan2(y: Any, x: Any, name: str | None = None) -> Tensor:
    """atan(y / x) in the quadrant of (x, y) (`tf.atan2(y, x)`)."""
    return _op("Atan2", (y, x), name, "Atan2", None, ("y", "x"))


@register_gradient("Sin")
def _sin_grad(op, g):
    return [g * cos(op.inputs[0])]


@register_gradient("Cos")
def _cos_grad(op, g):
    return [-g * sin(op.inputs[0])]


@register_gradient("Tan")
def _tan_grad(op, g):
    return [g * square(reciprocal(cos(op.inputs[0])))]


@register_gradient("Asin")
def _asin_grad(op, g):
    x = op.inputs[0]
    return [g * rsqrt(1 - square(x))]


@register_gradient("Acos")
def _acos_grad(op, g):
    x = op.inputs[0]
    return [-g * rsqrt(1 - square(x))]


@register_gradient("Atan")
def _atan_grad(op, g):
    x = op.inputs[0]
    return [g * reciprocal(1 + square(x))]


@register_gradient("Sinh")
def _sinh_grad(op, g):
    return [g * cosh(op.inputs[0])]


@register_gradient("Cosh")
def _cosh_grad(op, g):
    return [g * sinh(op.inputs[0])]


@register_gradient("Asinh")
def _asinh_grad(op, g):
    return [g / cosh(op.outputs[0])]


@register_gradient("Acosh")
def _acosh_grad(op, g):
    return [g / sinh(op.outputs[0])]


@register_gradient("Atanh")
def _atanh_grad(op, g):
    x = op.inputs[0]
    return [g * reciprocal(1 - square(x))]


@register_gradient("Atan2")
def _atan2_grad(op, g):
    y, x = op.inputs
    g_inv = g / (square(y) + square(x))
    return [reduce_like(x * g_inv, y), reduce_like(-y * g_inv, x)]


# -- rounding ---------------------------------------------------------------------------------

ceil = _unary("Ceil", np.ceil)


def _rint_factory(op):
    if op.inputs[0].dtype == _dt.float16:
        # TF's CPU build registers Rint for float32 and float64 only: every run fails.
        def kernel(x):
            raise error(
                "NO_CPU_KERNEL",
                "No OpKernel was registered to support Op 'Rint' with T=DT_HALF",
                node=op.name,
            )

        return kernel
    return np.rint


rint = _unary("Rint", np.rint, factory=_rint_factory)
# TensorFlow's Round rounds half to even, which is numpy's rint (np.round is not a ufunc).
_unary("Round", np.rint)
# Piecewise constant: TensorFlow's gradient functions for these return None.
not_differentiable("Ceil", "Rint", "Round")


def round(x: Any, name: str | None = None) -> Tensor:
    """Round half to even (banker's rounding), as `tf.round`; integers are returned as
    they are (the very tensor, as TensorFlow does)."""
    graph, (t,), name_ = op_inputs((x,), name, "Round", ("x",))
    if t.dtype in _dt.ALL_INTS:
        return t
    return graph.create_op("Round", (t,), None, name_).outputs[0]


# -- special functions ------------------------------------------------------------------------


def _lgamma_scalar(v: float) -> float:
    try:
        return math.lgamma(v)
    except ValueError:  # a pole (0, -1, -2, ...): TensorFlow gives +inf there
        return math.inf
    except OverflowError:  # past float64's range (lgamma(1e308)): +inf, as TensorFlow
        return math.inf


def _digamma_float64(x: np.ndarray) -> np.ndarray:
    """ψ(x), vectorized: reflection below 0, recurrence up to 10, then the asymptotic
    series (Cephes' psi; relative error about 3e-15); NaN at the poles, as TensorFlow."""
    x = np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        negative = x < 0
        # ψ(1 - x) - ψ(x) = π cot(πx)
        shift = np.where(negative, -np.pi / np.tan(np.pi * x), 0.0)
        v = np.where(negative, 1 - x, x)
        acc = np.zeros_like(v)
        for _ in range(10):
            small = v < 10
            acc -= np.where(small, 1 / v, 0.0)
            v = np.where(small, v + 1, v)
        z = 1 / (v * v)
        series = z * (
            1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * 691 / 32760))))
        )
        out = shift + acc + np.log(v) - 0.5 / v - series
    pole = (x <= 0) & (x == np.floor(x))
    return np.where(pole | (x == -np.inf), np.nan, out)


def _digamma_kernel(x):
    x = np.asarray(x)
    return _digamma_float64(x).astype(x.dtype)


# Cephes' zeta.c coefficients of the Euler-Maclaurin tail.
_ZETA_A = (
    12.0,
    -720.0,
    30240.0,
    -1209600.0,
    47900160.0,
    -1.8924375803183791606e9,
    7.47242496e10,
    -2.950130727918164224e12,
    1.1646782814350067249e14,
    -4.5979787224074726105e15,
    1.8152105401943546773e17,
    -7.1661652561756670113e18,
)


def _zeta_scalar(s: float, q: float) -> float:
    """Hurwitz ζ(s, q) = Σ (k + q)^-s for s > 1 (Cephes' zeta by Euler-Maclaurin)."""
    if math.isnan(s) or math.isnan(q) or s < 1:
        return math.nan
    if s == 1:
        return math.inf
    if q == math.inf:
        return 0.0
    if s == math.inf:
        return 1.0 if q == 1 else (0.0 if q > 1 else math.inf)
    try:
        return _zeta_series(s, q)
    except OverflowError:  # q ** -s past the largest float: a pole's neighbourhood
        return math.inf


# Below this q the series sums one term per unit of |q| (as Eigen's does, in TensorFlow):
# refused rather than let one element hold a run for minutes.
_ZETA_MIN_Q = -1e6


def _zeta_series(s: float, q: float) -> float:
    if q <= 0:
        if q == math.floor(q):
            # A pole: Eigen's zeta (TF's) answers inf for an even integer s, else NaN.
            return math.inf if s == math.floor(s) and int(s) % 2 == 0 else math.nan
        if s != math.floor(s):
            return math.nan  # q^-s is not real
        if q < _ZETA_MIN_Q:
            raise error("COMPUTE_ERROR", f"zeta/polygamma at {q}: arguments below -1e6 are refused")
    total = (q**-s) if q > 0 else abs(q) ** -s * (-1 if s % 2 else 1)
    a, i, b = q, 0, 0.0
    while i < 9 or a <= 9.0:
        i += 1
        a += 1.0
        b = a**-s if a > 0 else abs(a) ** -s * (-1 if s % 2 else 1)
        total += b
        if total and abs(b / total) < 1.1e-16:
            return total
    w = a
    total += b * w / (s - 1) - 0.5 * b
    fact, k = 1.0, 0.0
    for coef in _ZETA_A:
        fact *= s + k
        b /= w
        term = fact * b / coef
        total += term
        if total and abs(term / total) < 1.1e-16:
            break
        k += 1.0
        fact *= s + k
        b /= w
        k += 1.0
    return total


def _polygamma_scalar(n: float, x: float) -> float:
    """ψ⁽ⁿ⁾(x) for integer n ≥ 0; NaN for other n, as TensorFlow."""
    if math.isnan(n) or n < 0 or n != math.floor(n):
        return math.nan
    if n == 0:
        return float(_digamma_float64(np.float64(x)))
    sign = 1.0 if int(n) % 2 else -1.0
    return sign * math.gamma(n + 1) * _zeta_scalar(n + 1, x)


erf = _unary("Erf", _in_float64(math.erf))
erfc = _unary("Erfc", _in_float64(math.erfc, half_via_float32=True))
_lgamma_float64 = _in_float64(_lgamma_scalar)


def _lgamma_kernel(x):
    """lgamma; of a float32 or float64 subnormal, what TF's glibc lgamma answers under the
    run's denormals-are-zero mode (graphgate/denormals.py): -log|x| by a logf that scales
    the subnormal up, which DAZ makes 0, so -log 2^-150 (float32) or -log 2^-1075 whatever
    the subnormal: not the pole's inf that the flushed input would give."""
    x = np.asarray(x)
    y = _lgamma_float64(x)
    if x.dtype in (np.float32, np.float64):
        info = np.finfo(x.dtype)
        # From the bits: under DAZ a subnormal compares equal to 0.
        bits = x.view(f"u{x.itemsize}")
        mantissa = (1 << info.nmant) - 1
        exponent = ((1 << (info.bits - 1)) - 1) ^ mantissa
        subnormal = ((bits & bits.dtype.type(exponent)) == 0) & (
            (bits & bits.dtype.type(mantissa)) != 0
        )
        if subnormal.any():
            y = np.where(subnormal, x.dtype.type((info.nmant + 1 - info.minexp) * math.log(2)), y)
    return y


lgamma = _unary("Lgamma", _lgamma_kernel)
digamma = _unary("Digamma", _digamma_kernel)
expm1 = _unary("Expm1", np.expm1, factory=by_dtype("Expm1", np.expm1, _eigen_expm1))


def _binary_in_float64(fn):
    vec = np.frompyfunc(fn, 2, 1)

    def kernel(a, x):
        dtype = np.result_type(a, x)
        out = vec(np.asarray(a, np.float64), np.asarray(x, np.float64))
        return np.asarray(out, np.float64).astype(dtype)

    return kernel


register_op("Polygamma", arity=2, infer=binary("float"), unknown_rank_ok=True)(
    _fixed(_binary_in_float64(_polygamma_scalar))
)
register_op("Zeta", arity=2, infer=binary("float"), unknown_rank_ok=True)(
    _fixed(_binary_in_float64(_zeta_scalar))
)


def polygamma(a: Any, x: Any, name: str | None = None) -> Tensor:
    """ψ⁽ᵃ⁾(x), the a-th derivative of digamma (`tf.polygamma`; a a whole number ≥ 0)."""
    return _op("Polygamma", (a, x), name, "Polygamma", None, ("a", "x"))


def zeta(x: Any, q: Any, name: str | None = None) -> Tensor:
    """The Hurwitz zeta function ζ(x, q) (`tf.zeta`)."""
    return _op("Zeta", (x, q), name, "Zeta", None, ("x", "q"))


_TWO_OVER_ROOT_PI = 2 / np.sqrt(np.pi)


_ERF = np.frompyfunc(math.erf, 1, 1)
_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _erfcinv_float64(z: np.ndarray) -> np.ndarray:
    """x with erfc(x) = z, for z in (0, 1]: Winitzki's approximation, then Newton on
    log erfc (not on 1 - erf, which loses every digit in the tail, nor on erfc, which
    converges slowly there); five steps take its 1e-3 to rounding down to z = 1e-300."""
    with np.errstate(all="ignore"):
        log_z = np.log(z)
        log_term = log_z + np.log(2 - z)  # ln(1 - y²) with y = 1 - z, exactly
        a = 0.147
        b = 2 / (np.pi * a) + log_term / 2
        x = np.sqrt(np.sqrt(b * b - log_term / a) - b)
        for _ in range(5):
            e = np.asarray(_ERFC(x), np.float64)
            slope = _TWO_OVER_ROOT_PI * np.exp(-x * x)
            step = (np.log(e) - log_z) * e / slope
            x = np.where((slope > 0) & (e > 0), x + step, x)
    return x


def _erfinv_float64(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, np.float64)
    with np.errstate(all="ignore"):
        small = np.abs(y) <= 0.5
        # Near 0: Newton on erf from the tail formula's start; past 0.5: 1 - |y| is exact.
        tail = np.sign(y) * _erfcinv_float64(np.where(small, 0.5, 1 - np.abs(y)))
        x = np.where(small, y * np.sqrt(np.pi) / 2, tail)
        for _ in range(4):
            slope = _TWO_OVER_ROOT_PI * np.exp(-x * x)
            x = np.where(small, x - (np.asarray(_ERF(x), np.float64) - y) / slope, x)
        x = np.where(np.abs(y) == 1, np.sign(y) * np.inf, x)
    return np.where(np.abs(y) > 1, np.nan, x)


def _ndtri_float64(p: np.ndarray) -> np.ndarray:
    p = np.asarray(p, np.float64)
    with np.errstate(all="ignore"):
        # Φ⁻¹(p) = -√2 erfc⁻¹(2p); the upper half through 1 - p, which is exact there.
        lower = p <= 0.5
        z = np.where(lower, 2 * p, 2 * (1 - p))
        x = np.sqrt(2.0) * _erfcinv_float64(np.where((z > 0) & (z <= 1), z, 1.0))
        x = np.where(lower, -x, x)
        x = np.where(p == 0, -np.inf, np.where(p == 1, np.inf, np.where(p == 0.5, 0.0, x)))
    return np.where((p < 0) | (p > 1) | np.isnan(p), np.nan, x)


def _float64_kernel(fn):
    def kernel(x):
        x = np.asarray(x)
        return fn(x).astype(x.dtype)

    return kernel


_unary("Erfinv", _float64_kernel(_erfinv_float64))
_unary("Ndtri", _float64_kernel(_ndtri_float64))


def erfinv(x: Any, name: str | None = None) -> Tensor:
    """The inverse of erf (`tf.math.erfinv`; ±inf at ±1, NaN outside [-1, 1])."""
    with composite(name, "erfinv", (x,), ("x",)) as (graph, (t,), _):
        return graph.create_op("Erfinv", (t,), None, "Erfinv").outputs[0]


def ndtri(x: Any, name: str | None = None) -> Tensor:
    """The inverse of the standard normal CDF (`tf.math.ndtri`)."""
    with composite(name, "ndtri", (x,), ("x",)) as (graph, (t,), _):
        return graph.create_op("Ndtri", (t,), None, "Ndtri").outputs[0]


def erfcinv(x: Any, name: str | None = None) -> Tensor:
    """The inverse of erfc (`tf.math.erfcinv`): -ndtri(x / 2) / sqrt(2), as TF builds it."""
    with composite(name, "erfcinv", (x,), ("x",)) as (_, (t,), _scope):
        return -ndtri(0.5 * t) * np.sqrt(0.5)


@register_gradient("Erfinv")
def _erfinv_grad(op, g):
    return [g * (np.sqrt(np.pi) / 2) * exp(square(op.outputs[0]))]


@register_gradient("Ndtri")
def _ndtri_grad(op, g):
    return [g * np.sqrt(2 * np.pi) * exp(square(op.outputs[0]) / 2)]


@register_gradient("Erf")
def _erf_grad(op, g):
    x = op.inputs[0]
    return [g * _TWO_OVER_ROOT_PI * exp(-square(x))]


@register_gradient("Erfc")
def _erfc_grad(op, g):
    x = op.inputs[0]
    return [g * -_TWO_OVER_ROOT_PI * exp(-square(x))]


@register_gradient("Lgamma")
def _lgamma_grad(op, g):
    return [g * digamma(op.inputs[0])]


@register_gradient("Digamma")
def _digamma_grad(op, g):
    x = op.inputs[0]
    return [g * polygamma(np.ones((), x.dtype), x)]


@register_gradient("Polygamma")
def _polygamma_grad(op, g):
    # No gradient with respect to the order, as TensorFlow.
    n, x = op.inputs
    return [None, reduce_like(g * polygamma(n + 1, x), x)]


@register_gradient("Zeta")
def _zeta_grad(op, g):
    # TensorFlow's: none with respect to x, -x ζ(x + 1, q) with respect to q.
    x, q = op.inputs
    return [None, reduce_like(g * -x * zeta(x + 1, q), q)]


@register_gradient("Expm1")
def _expm1_grad(op, g):
    return [g * exp(op.inputs[0])]


def log_sigmoid(x: Any, name: str | None = None) -> Tensor:
    """log(sigmoid(x)) computed stably as -softplus(-x) (TensorFlow's ops, under
    `LogSigmoid/`)."""
    from .nn_ops import softplus

    with composite(name, "LogSigmoid", (x,), ("x",)) as (_, (t,), scope):
        return negative(softplus(negative(t)), name=scope)


# -- predicates -------------------------------------------------------------------------------

is_nan = _unary("IsNan", np.isnan, out=_dt.bool_)
is_inf = _unary("IsInf", np.isinf, out=_dt.bool_)
is_finite = _unary("IsFinite", np.isfinite, out=_dt.bool_)
not_differentiable("IsNan", "IsInf", "IsFinite")
is_nan.__name__, is_inf.__name__, is_finite.__name__ = "is_nan", "is_inf", "is_finite"


def logical_xor(x: Any, y: Any, name: str = "LogicalXor") -> Tensor:
    """x XOR y, as TensorFlow builds it: (x or y) and not (x and y), under `LogicalXor`."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


# -- binary -----------------------------------------------------------------------------------


def _squared_difference_kernel(x, y):
    d = np.subtract(x, y)
    return d * d


squared_difference = _binary("SquaredDifference", _squared_difference_kernel, "numeric")
squared_difference.__name__ = "squared_difference"


def _complex_squared_difference(x, y):
    # TF's complex kernel: (x - y) * conj(x - y) multiplied term by term, so the imaginary
    # part is exactly 0 for finite values (numpy's complex product, fused, leaves 2e-4
    # there) and NaN where a*b overflows, as TF's.
    d = np.subtract(x, y)
    a, b = d.real, d.imag
    out = np.empty_like(d)
    out.real, out.imag = a * a + b * b, a * -b + b * a
    return out


# Its gradient stays TF's 2 g (x - y), unconjugated for complex inputs as TF's is.
_complex_ops.widen("SquaredDifference", _complex_squared_difference)


@register_gradient("SquaredDifference")
def _squared_difference_grad(op, g):
    x, y = op.inputs
    gx = 2 * g * (x - y)
    return [reduce_like(gx, x), reduce_like(-gx, y)]


def _check_int_divisor(x, y):
    # TF's TruncateDiv and TruncateMod kernels fail an integer division by zero with
    # InternalError ("Unexpected error in binary operator"), FloorDiv with
    # InvalidArgumentError: the error answers to both, its code stays the client's
    # INVALID_ARGUMENT (a caller's zero is no fault of the service).
    if np.issubdtype(np.result_type(x, y), np.integer) and np.any(np.asarray(y) == 0):
        raise error("COMPUTE_ERROR", "integer division by zero", also=(InternalError,))


def _truncatediv_kernel(x, y):
    _check_int_divisor(x, y)
    if np.issubdtype(np.result_type(x, y), np.integer):
        q = np.floor_divide(x, y)
        # floor and truncation differ where the remainder is non-zero and the signs differ.
        fix = (np.remainder(x, y) != 0) & ((np.asarray(x) < 0) != (np.asarray(y) < 0))
        return q + fix.astype(q.dtype)
    return np.trunc(np.true_divide(x, y))


def _truncatemod_infer(shapes, types, attrs):
    # TensorFlow has no float16 TruncateMod kernel.
    if types[0] == _dt.float16:
        raise InferenceError("DTYPE_MISMATCH", "truncatemod takes no float16", got="float16")
    return binary("numeric")(shapes, types, attrs)


def _truncatemod_kernel(x, y):
    _check_int_divisor(x, y)
    return np.fmod(x, y)


truncatediv = _binary("TruncateDiv", _truncatediv_kernel, "real")  # TF's takes 8/16-bit ints
register_op("TruncateMod", arity=2, infer=_truncatemod_infer, unknown_rank_ok=True)(
    _fixed(_truncatemod_kernel)
)


def truncatemod(x: Any, y: Any, name: str | None = None) -> Tensor:
    """The remainder of truncatediv, with the sign of x (C's fmod), as `tf.truncatemod`."""
    return _op("TruncateMod", (x, y), name, "TruncateMod")


truncatediv.__name__ = "truncatediv"


@register_gradient("TruncateDiv")
def _truncatediv_grad(op, g):
    return [None, None]  # piecewise constant: TensorFlow's gradient is None too


@register_gradient("TruncateMod")
def _truncatemod_grad(op, g):
    # TensorFlow defines no gradient for TruncateMod: the same LookupError here.
    raise error(
        "NO_GRADIENT",
        "no gradient is defined for TruncateMod",
        node=op.name,
        details={"op": op.type},
    )


def _xlogy_kernel(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.multiply(x, np.log(y))
    return np.where(np.asarray(x) == 0, np.zeros((), out.dtype), out)


def _xdivy_kernel(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(x, y)
    return np.where(np.asarray(x) == 0, np.zeros((), out.dtype), out)


register_op("Xlogy", arity=2, infer=binary("float"), unknown_rank_ok=True)(_fixed(_xlogy_kernel))
register_op("Xdivy", arity=2, infer=binary("float"), unknown_rank_ok=True)(_fixed(_xdivy_kernel))


def xlogy(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x * log(y), 0 where x is 0 (`tf.math.xlogy`)."""
    return _op("Xlogy", (x, y), name, "Xlogy")


def xdivy(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x / y, 0 where x is 0 (`tf.math.xdivy`, under `xdivy/` as TensorFlow's)."""
    with composite(name, "xdivy", (x, y), ("x", "y")) as (graph, (tx, ty), _):
        return graph.create_op("Xdivy", (tx, ty), None, "Xdivy").outputs[0]


def _nonzero(x):
    return cast(not_equal(x, np.zeros((), x.dtype)), x.dtype)


@register_gradient("Xlogy")
def _xlogy_grad(op, g):
    x, y = op.inputs
    return [reduce_like(xlogy(_nonzero(x), y) * g, x), reduce_like(xdivy(x, y) * g, y)]


@register_gradient("Xdivy")
def _xdivy_grad(op, g):
    x, y = op.inputs
    gx = xdivy(_nonzero(x), y) * g
    gy = xdivy(negative(x), square(y)) * g
    return [reduce_like(gx, x), reduce_like(gy, y)]


def realdiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x / y of floating-point tensors (`tf.realdiv`; integer inputs are refused here,
    where TensorFlow divides them truncating)."""
    return _op("RealDiv", (x, y), name, "RealDiv")


# -- composite reductions of tf.math ------------------------------------------------------------


def _euclidean_norm(op):
    axes, keep = _reduce.axes_of(op), op.attrs.get("keepdims", False)

    def kernel(x):
        x = np.asarray(x)
        if x.dtype.kind in "iu":
            return _int_euclidean_norm(x, axes, keep)
        if x.dtype.kind == "c":  # TF's: the complex root of the sum of x conj(x)
            return np.sqrt(np.sum(_complex_squared_difference(x, 0), axes, keepdims=keep))
        return np.sqrt(np.sum(x * x, axes, keepdims=keep))

    return kernel


def _int_euclidean_norm(x, axes, keep):
    # TF's: the sum of squares wraps in the dtype, the root is truncated. A sum that wraps
    # negative has the root NaN, which TF casts back as its CPU does (0 on x86 for int8,
    # the minimum for int32): refused, as a cast of NaN to an integer is.
    total = np.sum(x * x, axes, x.dtype, keepdims=keep)
    if np.any(total < 0):
        raise error(
            "VALUE_NOT_REPRESENTABLE",
            f"the sum of squares of a {x.dtype.name} euclidean norm wrapped negative: its "
            "root is NaN, which has no integer value",
        )
    return np.sqrt(total.astype(np.float64)).astype(x.dtype)


register_op(
    "EuclideanNorm",
    arity=1,
    infer=_reduce.reduce_infer("real"),
    attrs=_reduce.REDUCE_ATTRS,
    unknown_rank_ok=True,
)(_euclidean_norm)
_complex_ops.widen("EuclideanNorm")
reduce_euclidean_norm = _reduce.reduce_api("EuclideanNorm", "reduce_euclidean_norm")


@register_gradient("EuclideanNorm")
def _euclidean_norm_grad(op, g):
    # TensorFlow's formula: x / (norm / g), NaN where the norm is 0 as there.
    return [op.inputs[0] / (_reduce.kept(op, op.outputs[0]) / _reduce.kept(op, g))]


def _moment_args(axis, keepdims, reduction_indices, keep_dims):
    axis = _reduce.one_of("axis", axis, reduction_indices, "reduction_indices")
    keepdims = _reduce.one_of("keepdims", keepdims, keep_dims, "keep_dims")
    return axis, bool(keepdims)


def reduce_variance(
    input_tensor: Any,
    axis: Any = None,
    keepdims: bool | None = None,
    name: str | None = None,
    reduction_indices: Any = None,
    keep_dims: bool | None = None,
) -> Tensor:
    """The variance over `axis` (divided by n), as `tf.math.reduce_variance`; integer
    inputs are refused (TypeError), as TensorFlow does."""
    axis, keepdims = _moment_args(axis, keepdims, reduction_indices, keep_dims)
    with composite(name or "reduce_variance", None, (input_tensor,)) as (_, (x,), _):
        if x.dtype not in _dt.FLOATS:
            raise error(
                "DTYPE_MISMATCH",
                f"Input must be either real or complex. Received integer type {x.dtype.name}.",
            )
        means = _reduce.reduce_mean(x, axis, keepdims=True)
        return _reduce.reduce_mean(square(x - means), axis, keepdims=keepdims)


def reduce_std(
    input_tensor: Any,
    axis: Any = None,
    keepdims: bool | None = None,
    name: str | None = None,
    reduction_indices: Any = None,
    keep_dims: bool | None = None,
) -> Tensor:
    """The standard deviation over `axis` (sqrt of `reduce_variance`)."""
    axis, keepdims = _moment_args(axis, keepdims, reduction_indices, keep_dims)
    with composite(name or "reduce_std", None, (input_tensor,)) as (_, (x,), _):
        return _sqrt(reduce_variance(x, axis=axis, keepdims=keepdims))


def count_nonzero(
    input_tensor: Any = None,
    axis: Any = None,
    keepdims: bool | None = None,
    dtype: Any = _dt.int64,
    name: str | None = None,
    reduction_indices: Any = None,
    keep_dims: bool | None = None,
    input: Any = None,
) -> Tensor:
    """How many elements are not 0 (or False) over `axis`, as `dtype` (int64 by default)."""
    if input is not None:
        input_tensor = input
    axis, keepdims = _moment_args(axis, keepdims, reduction_indices, keep_dims)
    with composite(name, "count_nonzero", (input_tensor,)) as (_, (x,), _):
        # TF's zero of a string is the empty one.
        zero = b"" if x.dtype is _dt.string else np.zeros((), x.dtype.as_numpy_dtype)
        flags = cast(not_equal(x, zero), _dt.int64)
        return cast(_reduce.reduce_sum(flags, axis, keepdims=keepdims), dtype)


# -- the rest of TF1's arithmetic spellings -------------------------------------------------------


def div(x: Any, y: Any, name: str | None = None) -> Tensor:
    """TF1's `tf.div`: Python 2 division, floor division for integers and true division
    for floats (one FloorDiv or RealDiv named `div`)."""
    with composite(None, name or "div", (x, y), ("x", "y")) as (graph, (tx, ty), scope):
        # TF's `_div_python2`: true division for floats and complex, else floor division.
        type_ = "RealDiv" if tx.dtype in _dt.FLOATS | _dt.COMPLEX else "FloorDiv"
        return graph.create_op(type_, (tx, ty), None, scope).outputs[0]


def scalar_mul(scalar: Any, x: Any, name: str | None = None) -> Tensor:
    """`scalar * x` for a scalar (`tf.scalar_mul`; one Mul named `Mul`)."""
    shape = np.shape(scalar) if not isinstance(scalar, Tensor) else scalar.static_shape
    if shape not in ((), None):
        raise ValueError(f"Only scalar multiply works, got shape {list(shape)}")
    from ..indexed_slices import IndexedSlices, map_values

    if isinstance(x, IndexedSlices):  # TF scales the values and keeps the slices
        return map_values(lambda v: _op("Mul", (scalar, v), name, "Mul", None, ("x", "y")), x)
    return _op("Mul", (scalar, x), name, "Mul", None, ("x", "y"))


def accumulate_n(
    inputs: list, shape: Any = None, tensor_dtype: Any = None, name: str | None = None
):
    """The sum of same-shaped tensors (`tf.accumulate_n`, an AddN)."""
    from .math_ops import add_n

    return add_n(inputs, name=name)


def reciprocal_no_nan(x: Any, name: str | None = None) -> Tensor:
    """1 / x, or 0 where x is 0 (one DivNoNan named `reciprocal_no_nan`)."""
    with composite(name, "reciprocal_no_nan", (x,), ("x",)) as (graph, (t,), scope):
        from .array_ops import constant

        one = constant(np.ones((), t.dtype.as_numpy_dtype), name="ones")
        return graph.create_op("DivNoNan", (one, t), None, scope).outputs[0]


def _mul_no_nan_kernel(x, y):
    with np.errstate(invalid="ignore", over="ignore"):
        out = np.multiply(x, y)
    return np.where(np.asarray(y) == 0, np.zeros((), out.dtype), out)


register_op("MulNoNan", arity=2, infer=binary("float"), unknown_rank_ok=True)(
    _fixed(_mul_no_nan_kernel)
)


def multiply_no_nan(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x * y, or 0 where y is 0 even if x is inf or NaN (`tf.math.multiply_no_nan`)."""
    with composite(name, "multiply_no_nan", (x, y), ("x", "y")) as (graph, ts, scope):
        return graph.create_op("MulNoNan", tuple(ts), None, scope).outputs[0]


@register_gradient("MulNoNan")
def _mul_no_nan_grad(op, g):
    x, y = op.inputs
    graph = g.op.graph
    gx = graph.create_op("MulNoNan", (g, y), None, "MulNoNan").outputs[0]
    gy = graph.create_op("MulNoNan", (x, g), None, "MulNoNan").outputs[0]
    return [reduce_like(gx, x), reduce_like(gy, y)]


def _xlog1py_kernel(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.multiply(x, np.log1p(y))
    return np.where(np.asarray(x) == 0, np.zeros((), out.dtype), out)


register_op("Xlog1py", arity=2, infer=binary("float"), unknown_rank_ok=True)(
    _fixed(_xlog1py_kernel)
)


def xlog1py(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x * log1p(y), 0 where x is 0 (`tf.math.xlog1py`, under `xlog1py/`)."""
    with composite(name, "xlog1py", (x, y), ("x", "y")) as (graph, ts, _):
        return graph.create_op("Xlog1py", tuple(ts), None, "Xlog1py").outputs[0]


@register_gradient("Xlog1py")
def _xlog1py_grad(op, g):
    x, y = op.inputs
    return [reduce_like(xlog1py(_nonzero(x), y) * g, x), reduce_like(xdivy(x, y + 1.0) * g, y)]


def _next_after_infer(shapes, types, attrs):
    out = binary("float")(shapes, types, attrs)
    if types[0] == _dt.float16:  # TF's NextAfter: float32 and float64 only
        raise InferenceError("DTYPE_MISMATCH", "nextafter takes float32 or float64, got float16")
    return out


register_op("NextAfter", arity=2, infer=_next_after_infer, unknown_rank_ok=True)(
    _fixed(np.nextafter)
)


def nextafter(x1: Any, x2: Any, name: str | None = None) -> Tensor:
    """The next float after x1 toward x2, elementwise (`tf.math.nextafter`)."""
    return _op("NextAfter", (x1, x2), name, "NextAfter", None, ("x1", "x2"))


@register_gradient("NextAfter")
def _next_after_grad(op, g):
    # TF's: 1 for x1, 0 for x2.
    from .array_ops import zeros_like

    x1, x2 = op.inputs
    return [reduce_like(g, x1), reduce_like(zeros_like(g), x2)]


def lbeta(x: Any, name: str | None = None) -> Tensor:
    """log |B(x)| over the last axis: sum of lgamma minus lgamma of the sum (`tf.lbeta`)."""
    with composite(name, "lbeta", (x,), ("x",)) as (_, (t,), _):
        log_prod_gamma = _reduce.reduce_sum(lgamma(t), axis=[-1])
        return log_prod_gamma - lgamma(_reduce.reduce_sum(t, axis=[-1]))


def polyval(coeffs: list, x: Any, name: str | None = None) -> Tensor:
    """coeffs[0] x^(n-1) + ... + coeffs[n-1] by Horner's rule (`tf.math.polyval`)."""
    tensors = [c for c in [*coeffs, x] if isinstance(c, Tensor)]
    with name_scope(name, "polyval", tensors or None) as scope:
        _, (t,) = as_tensors(x, names=("x",))
        if not coeffs:
            from .array_ops import zeros_like

            return zeros_like(t, name=scope)
        _, cs = as_tensors(*coeffs, names=tuple(f"coeff_{i}" for i in range(len(coeffs))))
        p = cs[0]
        for c in cs[1:]:
            p = c + p * t
        return p


def _monotonic(x: Any, name: str | None, default: str, compare) -> Tensor:
    from .array_ops import reshape

    with composite(name, default, (x,), ("x",)) as (_, (t,), _):
        if t.dtype not in _dt.NUMERIC:
            raise TypeError(f"Expected x to be numeric, instead found: {t}")
        if t.static_shape is None or None in t.static_shape:
            raise error("UNIMPLEMENTED", f"{default} needs a static shape here")
        flat = reshape(t, [-1])
        n = int(np.prod(t.static_shape))
        if n < 2:
            return _reduce.reduce_all(np.zeros((0,), np.bool_))
        return _reduce.reduce_all(compare(flat[1:], flat[:-1]))


def is_non_decreasing(x: Any, name: str | None = None) -> Tensor:
    """Whether x[i] <= x[i + 1] throughout (flattened), as `tf.math.is_non_decreasing`."""
    from .math_ops import greater_equal

    return _monotonic(x, name, "is_non_decreasing", greater_equal)


def is_strictly_increasing(x: Any, name: str | None = None) -> Tensor:
    """Whether x[i] < x[i + 1] throughout (flattened)."""
    from .math_ops import greater

    return _monotonic(x, name, "is_strictly_increasing", greater)


# -- counting: confusion matrices and bincount ---------------------------------------------------

_NONE = -1  # an int attribute left to the data (TF's `None`)


def _check_classes(v: np.ndarray, what: str, n: int | None) -> None:
    if v.size and v.min() < 0:
        raise error("COMPUTE_ERROR", f"assertion failed: [`{what}` contains negative values.]")
    if n is not None and v.size and v.max() >= n:
        raise error("COMPUTE_ERROR", f"assertion failed: [`{what}` out of bound]")


def _confusion_infer(shapes, types, attrs):
    from .registry import check_dtype

    for t, what in zip(types[:2], ("labels", "predictions"), strict=True):
        check_dtype(t, "int", what)
    if len(types) == 3:
        check_dtype(types[2], "numeric", "weights")
    for s in shapes:
        if s is not None and len(s) != 1:
            raise InferenceError("SHAPE_MISMATCH", f"confusion_matrix takes vectors, got {list(s)}")
    n = _count_attr(attrs, "num_classes")
    return [((n, n), attrs["dtype"])]


def _count_attr(attrs: dict, key: str) -> int | None:
    """An int attribute that is a size, or -1 for "from the data" (None)."""
    n = attrs.get(key, _NONE)
    if n == _NONE:
        return None
    if n < 0:
        raise InferenceError("INVALID_ATTR", f"{key} must be -1 (none) or ≥ 0, got {n}")
    return n


@register_op(
    "ConfusionMatrix",
    arity=(2, 3),
    infer=_confusion_infer,
    attrs={"num_classes": ("int", _NONE), "dtype": ("dtype", _dt.int32)},
    needs_state=True,
    unknown_rank_ok=True,
)
def _confusion(op):
    attr = op.attrs.get("num_classes", _NONE)
    dtype = op.outputs[0].dtype

    def kernel(state, labels, predictions, weights=None):
        labels, predictions = np.asarray(labels, np.int64), np.asarray(predictions, np.int64)
        if labels.shape != predictions.shape or labels.ndim != 1:
            raise error("SHAPE_MISMATCH", "labels and predictions must be vectors of one shape")
        fixed = None if attr == _NONE else attr
        _check_classes(labels, "labels", fixed)
        _check_classes(predictions, "predictions", fixed)
        n = (
            fixed
            if fixed is not None
            else int(max(labels.max(initial=-1), predictions.max(initial=-1)) + 1)
        )
        check_run_time_size(state, op, (n, n))
        out = np.zeros((n, n), dtype)
        values = (
            np.ones(labels.shape, dtype) if weights is None else np.asarray(weights).astype(dtype)
        )
        np.add.at(out, (labels, predictions), values)
        return out

    return kernel


def confusion_matrix(
    labels: Any,
    predictions: Any,
    num_classes: int | None = None,
    dtype: Any = _dt.int32,
    name: str | None = None,
    weights: Any = None,
) -> Tensor:
    """Counts (or summed `weights`) of each (label, prediction) pair, `num_classes` square
    (one more than the largest class seen when None), as `tf.confusion_matrix`; negative or
    out-of-range classes fail at run time (InvalidArgumentError), as TF's assertions do."""
    num_classes = static_arg(num_classes, "confusion_matrix's num_classes")
    values = (labels, predictions) if weights is None else (labels, predictions, weights)
    names = ("labels", "predictions", "weights")
    tensors = [v for v in values if isinstance(v, Tensor)]
    with name_scope(name, "confusion_matrix", tensors or None):
        # Each argument is converted on its own, as TF's: float weights of an int matrix
        # are cast by the kernel, not refused for not fitting the labels' dtype.
        converted = [as_tensors(v, names=(n,)) for v, n in zip(values, names, strict=False)]
        graph, ts = converted[0][0], [t[0] for _, t in converted]
        _same_static_shapes(ts[0], ts[1])
        if num_classes is None:
            num_classes = _classes_at_build(ts[0], ts[1])
        attrs = {
            "num_classes": _NONE if num_classes is None else int(num_classes),
            "dtype": _dt.as_dtype(dtype),
        }
        return graph.create_op("ConfusionMatrix", tuple(ts), attrs, "ScatterNd").outputs[0]


def _same_static_shapes(labels: Tensor, predictions: Tensor) -> None:
    """TF stacks labels and predictions: vectors of two known lengths are its ValueError."""
    a, b = labels.static_shape, predictions.static_shape
    known = a is not None and b is not None and len(a) == len(b) == 1 and None not in (*a, *b)
    if known and a != b:
        raise error(
            "SHAPE_MISMATCH", f"labels {list(a)} and predictions {list(b)} must have the same shape"
        )


def _classes_at_build(labels: Tensor, predictions: Tensor) -> int | None:
    """The class count of labels and predictions the graph fixes (TF's shape inference
    folds its max + 1, so the matrix's static shape is known), else None. Fixing it is the
    same as leaving it to the run: no class is past it."""

    def classes(v):
        v = np.asarray(v)
        return v.ndim == 1 and v.size > 0 and v.dtype.kind in "iu" and v.min() >= 0

    la = read_at_build(labels, classes)
    pr = None if la is None else read_at_build(predictions, classes)
    return None if pr is None else int(max(la.max(), pr.max())) + 1


@register_gradient("ConfusionMatrix")
def _confusion_grad(op, g):
    # Only the weights are differentiable: each takes the gradient of its cell.
    if len(op.inputs) < 3:
        return [None, None]
    from .array_ops import stack
    from .index_ops import gather_nd

    labels, predictions, weights = op.inputs
    indices = stack([cast(labels, _dt.int64), cast(predictions, _dt.int64)], axis=1)
    return [None, None, cast(gather_nd(g, indices), weights.dtype)]


_BINCOUNT_WEIGHTS = frozenset((_dt.int32, _dt.int64, _dt.float32, _dt.float64))


def _bincount_infer(shapes, types, attrs):
    from .registry import check_dtype

    if len(types) == 3:
        return _tf_bincount_infer(shapes, types, attrs)
    if types[0] not in (_dt.int32, _dt.int64):  # TF 2's DenseBincount: Tidx
        raise InferenceError(
            "DTYPE_MISMATCH", f"bincount takes int32 or int64 values, got {types[0].name}"
        )
    if len(types) == 2 and types[1] not in _BINCOUNT_WEIGHTS:
        # TF's Bincount kernels: not float16 nor the small integers.
        check_dtype(types[1], "numeric", "weights")
        raise InferenceError(
            "DTYPE_MISMATCH", f"bincount's weights may not be {types[1].name}", got=types[1].name
        )
    _count_attr(attrs, "minlength")
    _count_attr(attrs, "maxlength")
    length = attrs.get("length", _NONE)
    return [((None if length == _NONE else length,), attrs["dtype"])]


def _tf_bincount_infer(shapes, types, attrs):
    """TF's DenseBincount(input, size, weights): [size] of a vector, [rows, size] of a
    matrix, in the weights' dtype."""
    if types[0] not in (_dt.int32, _dt.int64) or types[1] != types[0]:
        raise InferenceError("DTYPE_MISMATCH", "DenseBincount's input and size are one int type")
    if types[2] not in _BINCOUNT_WEIGHTS:
        raise InferenceError("DTYPE_MISMATCH", f"bincount's weights may not be {types[2].name}")
    src = shapes[0]
    if src is not None and len(src) > 2:
        raise InferenceError("SHAPE_MISMATCH", "DenseBincount's input must be at most a matrix")
    rows = () if src is None or len(src) < 2 else (src[0],)
    return [(None if src is None else (*rows, None), types[2])]


@register_op(
    "DenseBincount",
    arity=(1, 3),
    infer=_bincount_infer,
    attrs={
        "minlength": ("int", _NONE),
        "maxlength": ("int", _NONE),
        "dtype": ("dtype", _dt.int32),
        # The length where the graph fixes arr: TF's shape inference folds its size input.
        "length": ("int", _NONE),
        # TF's form (input, size, weights): each value counted 1, whatever its weight.
        "binary_output": ("bool", False),
    },
    unknown_rank_ok=True,
    needs_state=True,
)
def _bincount(op):
    if len(op.inputs) == 3:
        return _tf_dense_bincount(op)
    lo, hi = op.attrs.get("minlength", _NONE), op.attrs.get("maxlength", _NONE)
    dtype = op.outputs[0].dtype

    def kernel(state, arr, weights=None):
        arr = np.asarray(arr).reshape(-1)
        if arr.size and arr.min() < 0:
            raise error("COMPUTE_ERROR", "Input arr must be non-negative!")
        size = int(arr.max()) + 1 if arr.size else 0
        size = max(size, lo) if lo != _NONE else size
        size = min(size, hi) if hi != _NONE else size
        check_run_time_size(state, op, (size,))
        keep = arr < size
        if weights is None:
            return np.bincount(arr[keep], minlength=size)[:size].astype(dtype)
        # Summed in the weights' dtype, in order, as TF's kernel: np.bincount's float64
        # sums lose int64 weights' low bits and round float32 ones once instead of each time.
        out = np.zeros(size, dtype)
        np.add.at(out, arr[keep], np.asarray(weights, dtype).reshape(-1)[keep])
        return out

    return kernel


def _tf_bincount_size(size: Any) -> int:
    if np.ndim(size) != 0:
        raise error("SHAPE_MISMATCH", f"size must be a scalar, got shape {list(np.shape(size))}")
    if int(size) < 0:
        raise error("SHAPE_MISMATCH", f"size ({int(size)}) must be non-negative")
    return int(size)


def _counted(state, op, rows: np.ndarray, values: np.ndarray, weights: Any, shape: tuple):
    """Counts of `shape` ([rows, size]): each value's weight (1 when `weights` is None)
    added to its row's bin in order, in the output's dtype, as TF's kernels sum them;
    values at or past the size left out; `binary_output` 1 wherever a value falls."""
    check_run_time_size(state, op, shape)
    out = np.zeros(shape, op.outputs[0].dtype.as_numpy_dtype)
    keep = values < shape[-1]
    at = (rows[keep], values[keep])
    if op.attrs.get("binary_output", False):
        out[at] = 1
    elif weights is None:
        np.add.at(out, at, 1)
    else:
        np.add.at(out, at, np.asarray(weights, out.dtype)[keep])
    return out


def _tf_dense_bincount(op):
    """TF's DenseBincount: a vector's values counted into `size` bins, a matrix's per row;
    an empty `weights` (constant or fed) counts each value once."""

    def kernel(state, arr, size, weights):
        arr, weights, size = np.asarray(arr), np.asarray(weights), _tf_bincount_size(size)
        if arr.ndim > 2:
            raise error("SHAPE_MISMATCH", "DenseBincount's input must be at most a matrix")
        if arr.size and arr.min() < 0:
            raise error("COMPUTE_ERROR", "Input arr must be non-negative!")
        if weights.size and weights.shape != arr.shape:
            raise error("SHAPE_MISMATCH", "Input arr and weights should have the same shape")
        grid = arr.reshape(-1, arr.shape[-1]) if arr.ndim == 2 else arr.reshape(1, -1)
        rows = np.repeat(np.arange(grid.shape[0]), grid.shape[1])
        given = weights.reshape(-1) if weights.size else None
        out = _counted(state, op, rows, grid.reshape(-1), given, (grid.shape[0], size))
        return out if arr.ndim == 2 else out[0]

    return kernel


def _sparse_bincount_infer(shapes, types, attrs):
    if types[1] not in (_dt.int32, _dt.int64) or types[3] != types[1]:
        raise InferenceError("DTYPE_MISMATCH", "SparseBincount's values and size are one int type")
    if types[4] not in _BINCOUNT_WEIGHTS:
        raise InferenceError("DTYPE_MISMATCH", f"bincount's weights may not be {types[4].name}")
    rank = shapes[2][0] if shapes[2] is not None and len(shapes[2]) == 1 else None
    if rank is None:
        return [(None, types[4])]
    return [((None,) if rank == 1 else (None, None), types[4])]


@register_op(
    "SparseBincount",
    arity=5,
    infer=_sparse_bincount_infer,
    attrs={"binary_output": ("bool", False)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _sparse_bincount(op):
    """TF's SparseBincount: a SparseTensor's values counted into `size` bins, per row
    (its first index) when it is of rank 2 or more; negative values are left out, as
    TF's kernel leaves them."""

    def kernel(state, indices, values, dense_shape, size, weights):
        indices, values = np.asarray(indices), np.asarray(values).reshape(-1)
        dense_shape, weights = np.asarray(dense_shape).reshape(-1), np.asarray(weights)
        size = _tf_bincount_size(size)
        if weights.size and weights.shape != values.shape:
            raise error("SHAPE_MISMATCH", "weights and values should have the same shape")
        if len(dense_shape) < 2:
            rows, shape = np.zeros(len(values), np.int64), (1, size)
        else:
            rows, shape = indices[:, 0].astype(np.int64), (int(dense_shape[0]), size)
            if rows.size and (rows.min() < 0 or rows.max() >= shape[0]):
                raise error("COMPUTE_ERROR", "SparseBincount: an index is past the dense shape")
        kept = values >= 0
        given = weights[kept] if weights.size else None
        out = _counted(state, op, rows[kept], values[kept], given, shape)
        return out if len(dense_shape) >= 2 else out[0]

    return kernel


@register_gradient("SparseBincount")
def _sparse_bincount_grad(op, g):
    raise error(
        "NO_GRADIENT",
        "no gradient is defined for SparseBincount (as in TensorFlow)",
        node=op.name,
        details={"op": op.type},
    )


# -- TF 2's counts with a sparse result (`tf.sparse.bincount`) ------------------------------


def _count_infer(shapes, types, attrs):
    """(indices, values, dense_shape) of the counts: int64, the weights' dtype, int64."""
    weights, given = types[-1], attrs.get("output_type")
    if weights not in _BINCOUNT_WEIGHTS or (given is not None and given != weights):
        raise InferenceError("DTYPE_MISMATCH", "the counts' output_type is the weights' dtype")
    # The result's rank, as TF's shape functions give it: the values' (dense, 1 or 2) or
    # the dense shape's length (sparse, whose rank 1 counts all, 2 per row).
    known = shapes[0] if len(shapes) == 2 else shapes[2]
    rank = None
    if known is not None and len(known) == 1 and len(shapes) == 4:
        rank = known[0] if known[0] in (1, 2) else None
    elif known is not None and len(shapes) == 2 and len(known) in (1, 2):
        rank = len(known)
    return [((None, rank), _dt.int64), ((None,), weights), ((rank,), _dt.int64)]


_COUNT_ATTRS = {
    "minlength": ("int", -1),
    "maxlength": ("int", -1),
    "binary_output": ("bool", REQUIRED),
    "output_type": ("dtype", None),
}


def _sparse_counts(op, rows: np.ndarray, values: np.ndarray, weights: Any, batches: int, flat):
    """TF's count kernels' sparse result: per row, each value (under `maxlength` when it
    is given: 0 counts none) its weights summed in order (1 each without weights, 1 for
    `binary_output`), sorted by row and value; the bins `maxlength` when given, else the
    largest value counted + 1, at least `minlength`. A negative value is refused, as
    TF's kernels refuse it."""
    lo, hi = op.attrs.get("minlength", -1), op.attrs.get("maxlength", -1)
    if values.size and values.min() < 0:
        raise error("COMPUTE_ERROR", "Input values must all be non-negative", node=op.name)
    keep = (values < hi) if hi >= 0 else np.ones(values.shape, bool)
    rows, values = rows[keep].astype(np.int64), values[keep].astype(np.int64)
    top = int(values.max()) if values.size else 0
    bins = hi if hi >= 0 else max(top + 1, lo)
    keys, at = np.unique(rows * (top + 1) + values, return_inverse=True)
    dtype = op.outputs[1].dtype.as_numpy_dtype
    counts = np.zeros(len(keys), dtype)
    if op.attrs.get("binary_output"):
        counts[:] = 1
    else:
        np.add.at(counts, at, 1 if weights is None else np.asarray(weights, dtype)[keep])
    row, value = keys // (top + 1), keys % (top + 1)
    if flat:
        return value[:, None], counts, np.array([bins], np.int64)
    return np.stack([row, value], 1), counts, np.array([batches, bins], np.int64)


@register_op("DenseCountSparseOutput", arity=2, infer=_count_infer, attrs=_COUNT_ATTRS)
def _dense_count(op):
    def kernel(values, weights):
        values, weights = np.asarray(values), np.asarray(weights)
        if values.ndim not in (1, 2):
            raise error("SHAPE_MISMATCH", "Input must be a 1 or 2-dimensional tensor")
        if weights.size and weights.shape != values.shape:
            raise error("SHAPE_MISMATCH", "Weights and data must have the same shape")
        if values.ndim == 2 and values.shape[0] == 0:
            raise error("SHAPE_MISMATCH", "Invalid input: Shapes dimension cannot be 0.")
        grid = values if values.ndim == 2 else values.reshape(1, -1)  # [n, 0]: no -1 to read
        rows = np.repeat(np.arange(grid.shape[0]), grid.shape[1])
        given = weights.reshape(-1) if weights.size else None
        return _sparse_counts(op, rows, grid.reshape(-1), given, grid.shape[0], values.ndim == 1)

    return kernel


@register_op("SparseCountSparseOutput", arity=4, infer=_count_infer, attrs=_COUNT_ATTRS)
def _sparse_count(op):
    def kernel(indices, values, dense_shape, weights):
        indices, values = np.asarray(indices, np.int64), np.asarray(values).reshape(-1)
        shape, weights = np.asarray(dense_shape, np.int64).reshape(-1), np.asarray(weights)
        if indices.ndim != 2 or indices.shape != (len(values), len(shape)) or not len(shape):
            raise error("SHAPE_MISMATCH", "the indices are not [values, dims] of the dense shape")
        if indices.size and ((indices < 0).any() or (indices >= shape).any()):
            raise error("SHAPE_MISMATCH", "an index is past the dense shape")
        if weights.size and weights.shape != values.shape:
            raise error("SHAPE_MISMATCH", "Weights and values must have the same shape")
        flat = len(shape) == 1
        batches = 1 if flat else int(shape[0])
        if batches <= 0:
            raise error("SHAPE_MISMATCH", f"Cannot allocate {batches} batches")
        rows = np.zeros(len(values), np.int64) if flat else indices[:, 0]
        return _sparse_counts(op, rows, values, weights if weights.size else None, batches, flat)

    return kernel


@register_op("RaggedCountSparseOutput", arity=3, infer=_count_infer, attrs=_COUNT_ATTRS)
def _ragged_count(op):
    def kernel(splits, values, weights):
        splits, values = np.asarray(splits, np.int64).reshape(-1), np.asarray(values).reshape(-1)
        weights = np.asarray(weights)
        batches = splits.size - 1
        if batches <= 0:
            raise error(
                "SHAPE_MISMATCH", "Must provide at least 2 elements for the splits argument"
            )
        if splits[0] != 0 or splits[-1] != values.size:
            raise error(
                "SHAPE_MISMATCH",
                f"Splits must start with 0 and end with the number of values ({values.size}), "
                f"got {splits[0]} and {splits[-1]}",
            )
        if weights.size and weights.size != values.size:
            raise error("SHAPE_MISMATCH", "Weights and values must have the same shape")
        # TF's kernel walks the splits forward from each value's batch to the next: a
        # value's batch is the first split past its position, as in a running maximum.
        rows = np.searchsorted(np.maximum.accumulate(splits), np.arange(values.size), "right") - 1
        given = weights.reshape(-1) if weights.size else None
        return _sparse_counts(op, rows, values, given, batches, False)

    return kernel


not_differentiable("DenseCountSparseOutput", "SparseCountSparseOutput", "RaggedCountSparseOutput")


def sparse_bincount(
    values: Any, weights: Any = None, axis: int | None = 0, minlength: Any = None,
    maxlength: Any = None, binary_output: bool = False, name: str | None = None,
) -> Any:  # fmt: skip
    """`tf.sparse.bincount`: counts (or summed weights) of each value as a SparseTensor,
    over all values (`axis` 0) or per row of a matrix (`axis` -1); TF's count ops."""
    from ..graph import constant_op, convert_to_tensor, get_default_graph
    from ..sparse_tensor import SparseTensor
    from ..sparse_tensor import convert as convert_sparse

    if weights is not None and binary_output:
        raise ValueError(
            "Arguments `binary_output` and `weights` are mutually exclusive. Please specify "
            "only one."
        )
    axis = 0 if axis is None else axis
    if axis not in (0, -1):
        raise ValueError(
            f"Unsupported value for argument axis={axis}. Only 0 and -1 are currently supported."
        )
    attrs = {
        "minlength": -1 if minlength is None else int(static_arg(minlength, "minlength")),
        "maxlength": -1 if maxlength is None else int(static_arg(maxlength, "maxlength")),
        "binary_output": bool(binary_output),
    }
    if isinstance(values, RaggedTensor):
        return _ragged_sparse_bincount(values, weights, axis, attrs, name)
    graph = values.graph if isinstance(values, Tensor | SparseTensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "count"):
        if isinstance(values, SparseTensor):
            sp = convert_sparse(values)
            w = weights.values if isinstance(weights, SparseTensor) else weights
            inputs = [sp.indices, sp.values, sp.dense_shape]
            if axis == 0:
                inputs = [sp.indices[:, -1:], sp.values, sp.dense_shape[-1:]]
            op_type = "SparseCountSparseOutput"
            values_t = sp.values
        else:
            from .array_ops import reshape

            values_t = convert_to_tensor(values, None, "values", graph)
            w = weights
            if axis == 0:
                values_t = reshape(values_t, [-1])
                w = None if weights is None else reshape(weights, [-1])
            inputs = [values_t]
            op_type = "DenseCountSparseOutput"
        if w is None:
            w_t = constant_op(graph, np.zeros(0, values_t.dtype.as_numpy_dtype), values_t.dtype)
        else:
            w_t = convert_to_tensor(w, None, "weights", graph)
        attrs["output_type"] = w_t.dtype
        op = graph.create_op(op_type, (*inputs, w_t), attrs, op_type)
        return SparseTensor(*op.outputs)


def _ragged_sparse_bincount(values: Any, weights: Any, axis: int, attrs: dict, name) -> Any:
    """`tf.sparse.bincount` of a RaggedTensor, as TF's: over its values (`axis` 0), or per
    row of its innermost rows (TF's RaggedCountSparseOutput), weights a RaggedTensor of
    the same row splits (TF's assertion where they are other tensors)."""
    from ..graph import constant_op
    from ..sparse_tensor import SparseTensor

    _check_ragged_weights(weights)
    graph = values.row_splits.graph
    with graph.as_default(), graph.name_scope(name, "count"):
        if axis == 0:
            values, weights = values.values, None if weights is None else weights.values
        if not isinstance(values, RaggedTensor):  # TF's dense count of what is left
            lo, hi = (None if attrs[k] == -1 else attrs[k] for k in ("minlength", "maxlength"))
            return sparse_bincount(values, weights, -1, lo, hi, attrs["binary_output"])
        if isinstance(values.values, RaggedTensor):  # TF's op takes a tensor of values
            raise error("DTYPE_MISMATCH", "sparse.bincount per row takes a ragged_rank-1 tensor")
        given = _ragged_weight_values(values, weights)
        if given is None:
            given = constant_op(graph, np.zeros(0, values.dtype.as_numpy_dtype), values.dtype)
        inputs = (values.row_splits, values.values, given)
        attrs = {**attrs, "output_type": given.dtype}
        op = graph.create_op("RaggedCountSparseOutput", inputs, attrs, "RaggedCountSparseOutput")
        return SparseTensor(*op.outputs)


def _check_ragged_weights(weights: Any) -> None:
    if weights is not None and not isinstance(weights, RaggedTensor):
        raise ValueError(
            "`weights` must be a RaggedTensor if `values` is a RaggedTensor. Received "
            f"argument weights={weights} of type: {type(weights).__name__}."
        )


def _ragged_weight_values(values: RaggedTensor, weights: Any) -> Any:
    """Ragged `weights`' flat values beside `values`' (None without weights), asserted
    when run to share `values`' row splits (TF's message) unless they are the same tensor."""
    from .array_ops import identity
    from .debug_ops import assert_equal

    if weights is None:
        return None
    given = weights.flat_values
    if weights.row_splits is not values.row_splits:
        message = "'weights' and 'values' must have the same row splits."
        check = assert_equal(weights.row_splits, values.row_splits, message=message)
        with values.row_splits.graph.control_dependencies([check]):
            given = identity(given)
    return given


def bincount(
    arr: Any,
    weights: Any = None,
    minlength: int | None = None,
    maxlength: int | None = None,
    dtype: Any = _dt.int32,
    name: str | None = None,
) -> Tensor:
    """How often each value of `arr` (int32, ≥ 0) occurs, or the sum of its `weights`
    (`tf.bincount`); length max(arr) + 1, at least `minlength`, values past `maxlength`
    dropped."""
    minlength = static_arg(minlength, "bincount's minlength")
    maxlength = static_arg(maxlength, "bincount's maxlength")
    if isinstance(arr, RaggedTensor):  # TF counts its values, ragged weights' beside them
        _check_ragged_weights(weights)
        with arr.row_splits.graph.as_default():
            arr, weights = arr.flat_values, _ragged_weight_values(arr, weights)
    values = (arr,) if weights is None else (arr, weights)
    with composite(name, "bincount", values[:1], ("arr",)) as (graph, ts, _):
        # Each converted on its own, as TF1's: a list of ints is int32 whatever the weights.
        if weights is not None:
            ts = (*ts, as_tensors(weights, names=("weights",))[1][0])
        shapes = [t.static_shape for t in ts]
        if len(shapes) == 2 and None not in shapes and shapes[0] != shapes[1]:
            # TF's Bincount kernel refuses it when run (InvalidArgumentError).
            raise error("SHAPE_MISMATCH", "Input arr and weights should have the same shape")
        attrs = {
            "minlength": _NONE if minlength is None else int(minlength),
            "maxlength": _NONE if maxlength is None else int(maxlength),
            "dtype": ts[1].dtype if weights is not None else _dt.as_dtype(dtype),
        }
        known = read_at_build(ts[0])
        if known is not None and (known.size == 0 or known.min() >= 0):
            length = int(known.max()) + 1 if known.size else 0
            length = length if minlength is None else max(length, int(minlength))
            attrs["length"] = length if maxlength is None else min(length, int(maxlength))
        return graph.create_op("DenseBincount", tuple(ts), attrs, "DenseBincount").outputs[0]


@register_gradient("DenseBincount")
def _bincount_grad(op, g):
    raise error(
        "NO_GRADIENT",
        "no gradient is defined for DenseBincount (as in TensorFlow)",
        node=op.name,
        details={"op": op.type},
    )


_complex_ops.widen_holomorphic("Sin", "Cos", "Expm1", "Tan", "Sinh", "Cosh")
_complex_ops.widen_holomorphic("Asin", "Acos", "Atan", "Asinh", "Acosh", "Atanh")
# TF's gradients of these do not conjugate: their real formulas, as TF runs them on complex.
for _type in ("MulNoNan", "Xlogy"):
    _complex_ops.widen(_type)


def _complex_xdivy(x, y):
    out = _complex_ops.complex_divide(x, y)
    return np.where(np.asarray(x) == 0, np.zeros((), out.dtype), out)


_complex_ops.widen("Xdivy", _complex_xdivy)


# -- complex-number parts ---------------------------------------------------------------------
# Of a complex tensor, the part ops (complex_ops); of a real tensor, what TensorFlow returns
# there (TF1 code calls these inside norms and spectral code): the input, zeros, or 0/π.


# TF's `is_floating or is_integer`: the dtypes whose real part and conjugate are themselves.
_REAL = _dt.FLOATS | _dt.ALL_INTS


def conj(x: Any, name: str | None = None) -> Tensor:
    """The complex conjugate: a real tensor itself (`tf.conj`)."""
    if isinstance(x, Tensor) and x.dtype in _REAL:
        return x
    if _complex_ops.is_complex_tensor(x):
        return _complex_ops.conj_of(x, name)
    with composite(name, "Conj", (x,), ("x",)) as (_, (t,), _):
        if t.dtype not in _REAL:
            raise TypeError(f"Expected numeric or variant tensor, got dtype {t.dtype.name}.")
        return t


def real(input: Any, name: str | None = None) -> Tensor:
    """The real part: a real tensor itself (`tf.real`)."""
    if _complex_ops.is_complex_tensor(input):
        return _complex_ops.real_part(input, name)
    with composite(name, "Real", (input,), ("input",)) as (_, (t,), _):
        if t.dtype not in _REAL:
            raise TypeError(
                f"input must be a numeric tensor, but got tensor with dtype {t.dtype.name}"
            )
        return t


def imag(input: Any, name: str | None = None) -> Tensor:
    """The imaginary part: zeros for a real tensor (`tf.imag`)."""
    if _complex_ops.is_complex_tensor(input):
        return _complex_ops.imag_part(input, name)
    from .array_ops import zeros_like

    with composite(name, "Imag", (input,), ("input",)) as (_, (t,), _):
        return zeros_like(t)


def angle(input: Any, name: str | None = None) -> Tensor:
    """The argument: π where a real tensor is negative, else 0 (`tf.angle`)."""
    if _complex_ops.is_complex_tensor(input):
        return _complex_ops.angle_of(input, name)
    from .array_ops import ones_like, where, zeros_like
    from .math_ops import less

    with composite(name, "Angle", (input,), ("input",)) as (_, (t,), _):
        return where(
            less(t, np.zeros((), t.dtype.as_numpy_dtype)), np.pi * ones_like(t), zeros_like(t)
        )


# TF's op functions convert their inputs in order (graph.converts_in_order).
atan2, squared_difference, truncatediv, truncatemod, xlogy, xdivy, realdiv = map(
    converts_in_order, (atan2, squared_difference, truncatediv, truncatemod, xlogy, xdivy, realdiv)
)

__all__ = [
    "accumulate_n",
    "acos",
    "acosh",
    "angle",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "bincount",
    "ceil",
    "confusion_matrix",
    "conj",
    "cos",
    "cosh",
    "count_nonzero",
    "digamma",
    "div",
    "erf",
    "erfc",
    "erfinv",
    "expm1",
    "imag",
    "is_finite",
    "is_inf",
    "is_nan",
    "is_non_decreasing",
    "is_strictly_increasing",
    "lbeta",
    "lgamma",
    "log_sigmoid",
    "logical_xor",
    "multiply_no_nan",
    "ndtri",
    "polygamma",
    "polyval",
    "real",
    "realdiv",
    "reciprocal_no_nan",
    "reduce_euclidean_norm",
    "reduce_std",
    "reduce_variance",
    "rint",
    "round",
    "scalar_mul",
    "sin",
    "sinh",
    "squared_difference",
    "tan",
    "truncatediv",
    "truncatemod",
    "xdivy",
    "xlog1py",
    "xlogy",
    "zeta",
]
