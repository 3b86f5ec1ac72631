"""TF's Bessel functions (`tf.math.bessel_i0`, `bessel_i0e`, `bessel_i1`, `bessel_i1e`;
`tf.math.special.bessel_j0`, `j1`, `y0`, `y1`, `k0`, `k0e`, `k1`, `k1e`), `dawsn`,
`expint`, `fresnel_cos`, `fresnel_sin`, `spence` and regularized incomplete functions
(`tf.math.igamma`, `igammac`, `betainc`), in numpy alone, with TF's gradients.

I0e and I1e sum their power series below |x| = 30 and their asymptotic series above (30
terms: both reach float64 precision there); I0 and I1 are those times exp(|x|). The
incomplete gamma function takes its series below x = a + 1 and its continued fraction
above; the incomplete beta function its continued fraction, on the side of the symmetry
where it converges fast. Computed in float64, returned in the input's dtype.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import error
from ..graph import Tensor
from .math_ops import _fixed, _op, reduce_like
from .registry import (
    InferenceError,
    broadcast_shapes,
    check_dtype,
    register_gradient,
    register_op,
    same_dtypes,
    unary,
)

_SERIES_TERMS = 100
_ASYMPTOTIC_TERMS = 30
_SWITCH = 30.0


def _scaled_bessel(x: np.ndarray, order: int) -> np.ndarray:
    """exp(-|x|) I_order(|x|) for float64 x (even for order 0, odd for order 1)."""
    ax = np.abs(x)
    out = np.empty_like(ax)
    small = ax <= _SWITCH
    if small.any():
        xs = ax[small]
        half_sq = (xs / 2.0) ** 2
        term = (xs / 2.0) ** order / math.factorial(order)
        total = term.copy()
        for k in range(1, _SERIES_TERMS):
            term = term * half_sq / (k * (k + order))
            total += term
        out[small] = total * np.exp(-xs)
    if (~small).any():
        xl = ax[~small]
        mu = 4.0 * order * order
        term = np.ones_like(xl)
        total = term.copy()
        for k in range(1, _ASYMPTOTIC_TERMS):
            term = -term * (mu - (2 * k - 1) ** 2) / (k * 8.0 * xl)
            total += term
        out[~small] = total / np.sqrt(2.0 * np.pi * xl)
    return np.sign(x) * out if order % 2 else out


def _bessel_kernel(order: int, scaled: bool):
    def kernel(x):
        x64 = np.asarray(x, np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            y = _scaled_bessel(x64, order)
            if not scaled:
                y = y * np.exp(np.abs(x64))
        return y.astype(x.dtype)

    return kernel


_BESSEL = {
    "BesselI0": (0, False),
    "BesselI0e": (0, True),
    "BesselI1": (1, False),
    "BesselI1e": (1, True),
}
for _type, (_order, _scaled) in _BESSEL.items():
    register_op(_type, arity=1, infer=unary("float"), unknown_rank_ok=True)(
        _fixed(_bessel_kernel(_order, _scaled))
    )


def _scoped(type_: str, x: Any, name: str | None, scope: str) -> Tensor:
    """The op under its function's scope (`bessel_i0/BesselI0`), as TF names it."""
    from .special_math_ops import composite

    with composite(name, scope, (x,), ("x",)) as (graph, (t,), _):
        return graph.create_op(type_, (t,), None, type_).outputs[0]


def bessel_i0(x: Any, name: str | None = None) -> Tensor:
    """The modified Bessel function of order 0 (`tf.math.bessel_i0`)."""
    return _scoped("BesselI0", x, name, "bessel_i0")


def bessel_i0e(x: Any, name: str | None = None) -> Tensor:
    """exp(-|x|) I0(x) (`tf.math.bessel_i0e`)."""
    return _scoped("BesselI0e", x, name, "bessel_i0e")


def bessel_i1(x: Any, name: str | None = None) -> Tensor:
    """The modified Bessel function of order 1 (`tf.math.bessel_i1`)."""
    return _scoped("BesselI1", x, name, "bessel_i1")


def bessel_i1e(x: Any, name: str | None = None) -> Tensor:
    """exp(-|x|) I1(x) (`tf.math.bessel_i1e`)."""
    return _scoped("BesselI1e", x, name, "bessel_i1e")


@register_gradient("BesselI0")
def _bessel_i0_grad(op, g):
    return [g * bessel_i1(op.inputs[0])]


@register_gradient("BesselI0e")
def _bessel_i0e_grad(op, g):
    from .math_ops import sign

    x, y = op.inputs[0], op.outputs[0]
    return [g * (bessel_i1e(x) - sign(x) * y)]


def _i1_like_grad(op, g, scaled: bool):
    # TF 1.15's: I1'(x) = I0(x) - I1(x) / x, 0.5 within eps of 0 (and the scaled form's
    # sign term). TF 2's returns 1.0 at exactly 0 for I1, which is not I1'(0) = 1/2.
    from .array_ops import where
    from .math_ops import abs as abs_
    from .math_ops import greater, reciprocal, sign

    x, y = op.inputs[0], op.outputs[0]
    eps = np.finfo(x.dtype).eps
    not_tiny = greater(abs_(x), eps)
    safe = where(not_tiny, x, np.finfo(x.dtype).eps + x * 0)
    if scaled:
        slope = bessel_i0e(safe) - y * (sign(safe) + reciprocal(safe))
    else:
        slope = bessel_i0(safe) - y / safe
    return [g * where(not_tiny, slope, 0.5 + x * 0)]


register_gradient("BesselI1")(lambda op, g: _i1_like_grad(op, g, False))
register_gradient("BesselI1e")(lambda op, g: _i1_like_grad(op, g, True))


# -- Bessel functions of the first and second kinds, modified of the second kind -------------
#
# TF's kernels are Cephes' rational approximations. Here, in float64: J0/J1 by their power
# series below 2; J_m (all orders a Neumann series needs) by the trapezoid rule over a
# period of Bessel's integral J_m(x) = (1/2π)∫cos(mτ - x sin τ)dτ, exact to rounding once
# the points exceed the orders by about 64; Y0/Y1 by Neumann's series in those J_m; K0/K1
# (and the scaled forms) by the trapezoid rule over K_n(x) = ∫_0^∞ exp(-x cosh t) cosh(nt)
# dt, exact to rounding for the step 0.1 up to x = 25; above 25, Hankel's asymptotic
# expansions (error about exp(-2x)). They agree with Cephes to about 1e-14 absolute (J, Y)
# and 1e-14 relative (K); float32's J and Y keep the rounding of TF's float32 phase.

_EULER = 0.57721566490153286061
_J_SERIES_BELOW = 2.0
_HANKEL_ABOVE = 25.0
_PERIOD_POINTS = 160
_NEUMANN_ORDERS = 72
_K_STEP = 0.1
_CHUNK = 1024
_K_CHUNK = 256  # rows of up to 7,000 quadrature points (x near 1e-300)


def _orders_j(x: np.ndarray, orders: int) -> np.ndarray:
    """[len(x), orders]: J_m(x), m < orders, for 0 ≤ x ≤ 25: the trapezoid rule over a
    period of exp(i x sin τ), whose Fourier coefficients are the J_m, is one FFT."""
    tau = 2.0 * np.pi * np.arange(_PERIOD_POINTS) / _PERIOD_POINTS
    out = np.empty((x.size, orders))
    for lo in range(0, x.size, _CHUNK):
        wave = np.exp(1j * x[lo : lo + _CHUNK, None] * np.sin(tau))
        out[lo : lo + _CHUNK] = np.fft.fft(wave, axis=-1).real[:, :orders] / _PERIOD_POINTS
    return out


def _series_j(x: np.ndarray, n: int) -> np.ndarray:
    half = x / 2.0
    term = half**n / math.factorial(n)
    total = term.copy()
    for k in range(1, 30):
        term = -term * half * half / (k * (k + n))
        total = total + term
    return total


def _hankel(x: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(J_n, Y_n) for x > 25: sqrt(2/(πx)) (P cos χ ∓ Q sin χ), χ = x - (n/2 + 1/4)π, with
    cos χ and sin χ from cos x and sin x (no rounding of x - π/4 for large x)."""
    mu = 4.0 * n * n
    p, q, term = np.ones_like(x), np.zeros_like(x), np.ones_like(x)
    for k in range(1, 40):
        term = term * (mu - (2 * k - 1) ** 2) / (k * 8.0 * x)
        sign = -1.0 if (k // 2) % 2 else 1.0
        if k % 2:
            q = q + sign * term
        else:
            p = p + sign * term
    # TF's float64 kernels round χ = x - π/4 (or 3π/4) to float64 before its sine and
    # cosine; so does this (about 1e-10 relative at 1e6, TF's own rounding).
    chi = x - (0.25 + 0.5 * n) * np.pi
    cos_chi, sin_chi = np.cos(chi), np.sin(chi)
    r = np.sqrt(2.0 / (np.pi * x))
    return r * (p * cos_chi - q * sin_chi), r * (p * sin_chi + q * cos_chi)


def _bessel_j(x: np.ndarray, n: int) -> np.ndarray:
    ax = np.abs(x)
    out = np.full_like(ax, np.nan)
    small, big = ax < _J_SERIES_BELOW, ax > _HANKEL_ABOVE
    mid = ~small & ~big & ~np.isnan(ax)
    out[small] = _series_j(ax[small], n)
    out[mid] = _orders_j(ax[mid], n + 1)[:, n]
    out[big] = _hankel(ax[big], n)[0]
    return np.sign(x) * out if n else out


def _bessel_y(x: np.ndarray, n: int) -> np.ndarray:
    """Y_n(x): -inf at x ≤ 0 (TF's), NaN at inf and NaN."""
    out = np.full_like(x, np.nan)
    out[x <= 0] = -np.inf
    inner = (x > 0) & (x <= _HANKEL_ABOVE)
    xi = x[inner]
    js = _orders_j(xi, _NEUMANN_ORDERS)
    k = np.arange(1, _NEUMANN_ORDERS // 2 - 1)
    alternating = (-1.0) ** k / k
    log_term = (2.0 / np.pi) * (np.log(xi / 2.0) + _EULER)
    if n == 0:
        out[inner] = log_term * js[:, 0] - (4.0 / np.pi) * (js[:, 2 * k] @ alternating)
    else:  # -d/dx of Y0's series, J_2k' = (J_2k-1 - J_2k+1) / 2
        neumann = (js[:, 2 * k - 1] - js[:, 2 * k + 1]) @ alternating
        out[inner] = -(2.0 / np.pi) * js[:, 0] / xi + log_term * js[:, 1] + 2.0 / np.pi * neumann
    big = x > _HANKEL_ABOVE
    out[big] = _hankel(x[big], n)[1]
    return out


def _k_trapezoid(x: np.ndarray, n: int) -> np.ndarray:
    """exp(x) K_n(x) for 0 < x ≤ 25: the integrand exp(-x (cosh t - 1)) cosh(nt) is even
    and analytic, so the trapezoid rule is exact to rounding (error about exp(-π²/step))."""
    out = np.empty_like(x)
    for lo in range(0, x.size, _K_CHUNK):
        xc = x[lo : lo + _K_CHUNK]
        top = np.arccosh(1.0 + 800.0 / xc.min())  # past it, every term underflows
        t = np.arange(0.0, top + _K_STEP, _K_STEP)
        weight = np.full(t.shape, _K_STEP)
        weight[0] = _K_STEP / 2
        bend = 2.0 * np.sinh(t / 2) ** 2  # cosh t - 1 without cancellation
        f = np.exp(-xc[:, None] * bend)
        out[lo : lo + _K_CHUNK] = (f * np.cosh(t) if n else f) @ weight
    return out


def _bessel_k_scaled(x: np.ndarray, n: int) -> np.ndarray:
    """exp(x) K_n(x): inf at x ≤ 0 (TF's), 0 at inf, NaN at NaN."""
    out = np.full_like(x, np.nan)
    out[x <= 0] = np.inf
    out[x == np.inf] = 0.0
    inner = (x > 0) & (x <= _HANKEL_ABOVE)
    out[inner] = _k_trapezoid(x[inner], n)
    big = (x > _HANKEL_ABOVE) & (x < np.inf)
    xl = x[big]
    mu = 4.0 * n * n
    term, total = np.ones_like(xl), np.ones_like(xl)
    for k in range(1, 40):
        term = term * (mu - (2 * k - 1) ** 2) / (k * 8.0 * xl)
        total = total + term
    out[big] = total * np.sqrt(np.pi / (2.0 * xl))
    return out


def _bessel_k(x: np.ndarray, n: int) -> np.ndarray:
    scaled = _bessel_k_scaled(x, n)
    return np.where(x > 0, scaled * np.exp(-np.where(x > 0, x, 0.0)), scaled)


def _float32_phase(x: np.ndarray, n: int, second: bool) -> np.ndarray:
    """J_n or Y_n (`second`) as TF's float32 kernels give them above |x| = 2: their
    modulus times the cosine (sine) of a phase x + offset(x) whose sum they round to
    float32; that rounding (up to 1e-3 relative at 1e4) is TF's answer, so it is kept.
    The exact modulus and phase come from the float64 J and Y."""
    ax = np.abs(x.astype(np.float64))
    j, y = _bessel_j(ax, n), _bessel_y(ax, n)
    modulus, theta = np.hypot(j, y), np.arctan2(y, j)
    offset = np.mod(theta - ax + np.pi, 2 * np.pi) - np.pi
    angle = (np.abs(x).astype(np.float32) + offset.astype(np.float32)).astype(np.float64)
    out = modulus * (np.sin(angle) if second else np.cos(angle))
    return np.sign(x) * out if n and not second else out


def _second_kind_kernel(fn, n: int, float32_zero: float | None = None):
    """The float64 function `fn` of order `n` for every float dtype; float32 and half as
    TF's float32 kernels round them (J and Y's phase; `float32_zero` at 0)."""
    oscillating = fn in (_bessel_j, _bessel_y)

    def kernel(x):
        x = np.asarray(x)
        with np.errstate(all="ignore"):
            y = fn(x.astype(np.float64), n)
            if x.dtype != np.float64 and oscillating:
                wide = np.isfinite(x) & (np.abs(x) > 2) & ((x > 0) | (fn is _bessel_j))
                y[wide] = _float32_phase(x[wide], n, fn is _bessel_y)
        if float32_zero is not None and x.dtype != np.float64:
            y = np.where(x == 0, float32_zero, y)
        return y.astype(x.dtype)

    return kernel


_SECOND_KIND = {
    "BesselJ0": (_bessel_j, 0, None),
    "BesselJ1": (_bessel_j, 1, None),
    "BesselY0": (_bessel_y, 0, None),
    # TF's float32 (and half) Y1 is NaN at exactly 0, its float64 -inf.
    "BesselY1": (_bessel_y, 1, np.nan),
    "BesselK0": (_bessel_k, 0, None),
    "BesselK1": (_bessel_k, 1, None),
    "BesselK0e": (_bessel_k_scaled, 0, None),
    "BesselK1e": (_bessel_k_scaled, 1, None),
}
for _type, (_fn, _n, _zero) in _SECOND_KIND.items():
    register_op(_type, arity=1, infer=unary("float"), unknown_rank_ok=True)(
        _fixed(_second_kind_kernel(_fn, _n, _zero))
    )


def bessel_j0(x: Any, name: str | None = None) -> Tensor:
    """The Bessel function of the first kind of order 0 (`tf.math.special.bessel_j0`)."""
    return _scoped("BesselJ0", x, name, "bessel_j0")


def bessel_j1(x: Any, name: str | None = None) -> Tensor:
    """The Bessel function of the first kind of order 1 (`tf.math.special.bessel_j1`)."""
    return _scoped("BesselJ1", x, name, "bessel_j1")


def bessel_y0(x: Any, name: str | None = None) -> Tensor:
    """The Bessel function of the second kind of order 0 (`tf.math.special.bessel_y0`)."""
    return _scoped("BesselY0", x, name, "bessel_y0")


def bessel_y1(x: Any, name: str | None = None) -> Tensor:
    """The Bessel function of the second kind of order 1 (`tf.math.special.bessel_y1`)."""
    return _scoped("BesselY1", x, name, "bessel_y1")


def bessel_k0(x: Any, name: str | None = None) -> Tensor:
    """The modified Bessel function of the second kind of order 0 (`bessel_k0`)."""
    return _scoped("BesselK0", x, name, "bessel_k0")


def bessel_k0e(x: Any, name: str | None = None) -> Tensor:
    """exp(x) K0(x) (`tf.math.special.bessel_k0e`)."""
    return _scoped("BesselK0e", x, name, "bessel_k0e")


def bessel_k1(x: Any, name: str | None = None) -> Tensor:
    """The modified Bessel function of the second kind of order 1 (`bessel_k1`)."""
    return _scoped("BesselK1", x, name, "bessel_k1")


def bessel_k1e(x: Any, name: str | None = None) -> Tensor:
    """exp(x) K1(x) (`tf.math.special.bessel_k1e`)."""
    return _scoped("BesselK1e", x, name, "bessel_k1e")


# TF's gradients (math_grad.py), term for term: K1's and Y1's are NaN or infinite at 0, as
# TF leaves them; J1's is 0.5 there.
register_gradient("BesselJ0")(lambda op, g: [g * -bessel_j1(op.inputs[0])])
register_gradient("BesselY0")(lambda op, g: [g * -bessel_y1(op.inputs[0])])
register_gradient("BesselK0")(lambda op, g: [g * -bessel_k1(op.inputs[0])])
register_gradient("BesselK0e")(lambda op, g: [g * (op.outputs[0] - bessel_k1e(op.inputs[0]))])


@register_gradient("BesselJ1")
def _bessel_j1_grad(op, g):
    from .array_ops import where
    from .math_ops import equal

    x, y = op.inputs[0], op.outputs[0]
    slope = where(equal(x, 0.0), 0.5 + x * 0, bessel_j0(x) - y / x)
    return [g * slope]


@register_gradient("BesselY1")
def _bessel_y1_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    return [g * (bessel_y0(x) - y / x)]


@register_gradient("BesselK1")
def _bessel_k1_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    return [g * (-bessel_k0(x) - y / x)]


@register_gradient("BesselK1e")
def _bessel_k1e_grad(op, g):
    from .math_ops import reciprocal

    x, y = op.inputs[0], op.outputs[0]
    return [g * (y * (1.0 - reciprocal(x)) - bessel_k0e(x))]


# -- Dawson's integral, the exponential integral, Spence's function ----------------------------
#
# Float64 again: Dawson's F(x) by its Taylor series below 0.2, Rybicki's sum (step 0.2,
# error about exp(-(π/0.4)²)) up to 50 and its asymptotic series above; Ei(x) by its series
# of positive terms up to 40 and its asymptotic series above (exp(x) first, so it is inf
# past 709.78, as TF's); Spence's function Li2(1 - x) by Li2's series after the reflection
# and Landen transformations that bring its argument within 1/2.

_RYBICKI_STEP = 0.2
_RYBICKI_TERMS = 20


def _dawsn(x: np.ndarray) -> np.ndarray:
    ax = np.abs(x)
    out = np.full_like(ax, np.nan)
    small, big = ax < 0.2, (ax > 50.0) & ~np.isnan(ax)
    mid = ~small & ~big & ~np.isnan(ax)
    xs = ax[small]
    term, total = xs.copy(), xs.copy()
    for k in range(1, 20):
        term = -term * 2.0 * xs * xs / (2 * k + 1)
        total = total + term
    out[small] = total
    xm, h = ax[mid], _RYBICKI_STEP
    n0 = 2.0 * np.round(0.5 * xm / h)
    xp = xm - n0 * h
    e1, e2 = np.exp(2.0 * xp * h), np.exp(4.0 * xp * h)
    d1, d2 = n0 + 1.0, n0 - 1.0
    total = np.zeros_like(xm)
    for i in range(1, _RYBICKI_TERMS + 1):
        total += np.exp(-(((2 * i - 1) * h) ** 2)) * (e1 / d1 + 1.0 / (d2 * e1))
        d1, d2, e1 = d1 + 2.0, d2 - 2.0, e1 * e2
    out[mid] = np.exp(-xp * xp) * total / np.sqrt(np.pi)
    xl = ax[big]
    term, total = np.ones_like(xl), np.ones_like(xl)
    for k in range(1, 12):
        term = term * (2 * k - 1) / (2.0 * xl * xl)
        total = total + term
    out[big] = np.where(np.isinf(xl), 0.0, total / (2.0 * xl))
    return np.sign(x) * out


def _expint(x: np.ndarray) -> np.ndarray:
    """Ei(x): NaN below 0 and at inf (TF's), -inf at 0."""
    out = np.full_like(x, np.nan)
    out[x == 0] = -np.inf
    small = (x > 0) & (x <= 40.0)
    xs = x[small]
    term, total = np.ones_like(xs), np.zeros_like(xs)
    for k in range(1, 160):
        term = term * xs / k
        total = total + term / k
    out[small] = _EULER + np.log(xs) + total
    big = (x > 40.0) & (x < np.inf)
    xl = x[big]
    term, total = np.ones_like(xl), np.ones_like(xl)
    for k in range(1, 41):
        term = term * k / xl
        total = total + term
    out[big] = np.exp(xl) / xl * total
    return out


def _li2_series(z: np.ndarray) -> np.ndarray:
    """Li2(z) = Σ z^k / k² for |z| ≤ 1/2."""
    power, total = z.copy(), z.copy()
    for k in range(2, 60):
        power = power * z
        total = total + power / (k * k)
    return total


def _spence(x: np.ndarray) -> np.ndarray:
    """Li2(1 - x) for x ≥ 0 (π²/6 at 0); NaN below 0 and at inf, as TF's."""
    out = np.full_like(x, np.nan)
    pi2_6 = np.pi**2 / 6.0
    out[x == 0] = pi2_6
    low = (x > 0) & (x < 0.5)  # reflection: Li2(1-x) = π²/6 - ln x ln(1-x) - Li2(x)
    xl = x[low]
    out[low] = pi2_6 - np.log(xl) * np.log1p(-xl) - _li2_series(xl)
    near = (x >= 0.5) & (x <= 1.5)
    out[near] = _li2_series(1.0 - x[near])
    high = (x > 1.5) & (x < np.inf)  # Landen: Li2(1-x) = -Li2((x-1)/x) - ln²x / 2
    xh = x[high]
    w = (xh - 1.0) / xh
    li2_w = np.where(
        w <= 0.5,
        _li2_series(np.minimum(w, 0.5)),
        pi2_6 - np.log(w) * np.log(1.0 / xh) - _li2_series(np.minimum(1.0 / xh, 0.5)),
    )
    out[high] = -li2_w - 0.5 * np.log(xh) ** 2
    return out


def _float64_kernel(fn, name: str):
    def kernel(x):
        x = np.asarray(x)
        if x.dtype == np.float16:
            # TF registers these ops for half but has no CPU kernel: the run fails.
            raise error("COMPUTE_ERROR", f"{name} has no kernel for float16 (as TF's)")
        with np.errstate(all="ignore"):
            return fn(x.astype(np.float64)).astype(x.dtype)

    return kernel


for _type, _fn in (("Dawsn", _dawsn), ("Expint", _expint), ("Spence", _spence)):
    register_op(_type, arity=1, infer=unary("float"), unknown_rank_ok=True)(
        _fixed(_float64_kernel(_fn, _type))
    )


def dawsn(x: Any, name: str | None = None) -> Tensor:
    """Dawson's integral exp(-x²) ∫_0^x exp(t²) dt (`tf.math.special.dawsn`)."""
    return _scoped("Dawsn", x, name, "dawsn")


def expint(x: Any, name: str | None = None) -> Tensor:
    """The exponential integral Ei(x) (`tf.math.special.expint`; NaN below 0)."""
    return _scoped("Expint", x, name, "expint")


def spence(x: Any, name: str | None = None) -> Tensor:
    """Spence's function ∫_1^x ln t / (1 - t) dt (`tf.math.special.spence`; NaN below 0)."""
    return _scoped("Spence", x, name, "spence")


register_gradient("Dawsn")(lambda op, g: [g * (1.0 - 2 * op.inputs[0] * op.outputs[0])])


@register_gradient("Expint")
def _expint_grad(op, g):
    from .math_ops import exp

    x = op.inputs[0]
    return [g * exp(x) / x]


@register_gradient("Spence")
def _spence_grad(op, g):
    from .array_ops import where
    from .math_ops import equal, log

    x = op.inputs[0]
    slope = where(equal(x, 1.0), -(x * 0 + 1.0), log(x) / (1 - x))
    return [g * slope]


# -- Fresnel integrals ----------------------------------------------------------------------
#
# C(x) = ∫_0^x cos(πt²/2) dt and S(x) likewise with sin. Below |x| = 1.6 (TF's x² < 2.5625)
# their power series; above, TF writes them with auxiliary functions f and g,
# C = 1/2 + f sin z - g cos z, S = 1/2 - f cos z - g sin z, z = (π/2) x², and rounds
# x², then z, to the input's dtype before the sine and cosine: up to 2e-5 in float32 at 700,
# and TF's answer. So f and g are computed exactly (from C and S by Gauss-Legendre
# quadrature up to 10, by their asymptotic series above) and combined with TF's rounded z.
# Past |x| = 36974 both are ±1/2, as TF's.

_FRESNEL_SERIES_BELOW = 1.6
_FRESNEL_ASYMPTOTIC_ABOVE = 10.0
_FRESNEL_FLAT_ABOVE = 36974.0
_LEGENDRE_POINTS = 160


def _fresnel_series(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(C, S) for |x| < 1.6: Σ_k (-1)^(k//2) x a^k / (k! (2k + 1)), a = πx²/2, the even
    k summing C and the odd k S."""
    a = np.pi / 2 * x * x
    sums = [np.zeros_like(x), np.zeros_like(x)]
    power = x.copy()  # x a^k / k!
    for k in range(40):
        if k:
            power = power * a / k
        sign = -1.0 if (k // 2) % 2 else 1.0
        sums[k % 2] = sums[k % 2] + sign * power / (2 * k + 1)
    return sums[0], sums[1]


def _fresnel_quadrature(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(C, S) for 0 < x ≤ 10 by Gauss-Legendre over [0, x]: at most 25 oscillations of an
    entire integrand, exact to rounding with 160 points."""
    nodes, weights = np.polynomial.legendre.leggauss(_LEGENDRE_POINTS)
    t = x[:, None] * (nodes + 1.0) / 2.0
    phase = np.pi / 2 * t * t
    half = x / 2.0
    return half * (np.cos(phase) @ weights), half * (np.sin(phase) @ weights)


def _fresnel_auxiliary(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(f, g), the auxiliary functions, for 1.6 ≤ x (exact z = πx²/2 in float64)."""
    f, g = np.empty_like(x), np.empty_like(x)
    mid = x <= _FRESNEL_ASYMPTOTIC_ABOVE
    xm = x[mid]
    c, s = _fresnel_quadrature(xm)
    z = np.pi / 2 * xm * xm
    a, b = c - 0.5, 0.5 - s
    f[mid] = a * np.sin(z) + b * np.cos(z)
    g[mid] = b * np.sin(z) - a * np.cos(z)
    xl = x[~mid]
    r = 1.0 / (np.pi * xl * xl)  # f ~ Σ (-1)^k (4k-1)!! r^2k / (πx), g ~ Σ ... (4k+1)!!
    f_term, g_term = np.ones_like(xl), r.copy()
    f_sum, g_sum = f_term.copy(), g_term.copy()
    for k in range(1, 30):
        f_term = -f_term * (4 * k - 3) * (4 * k - 1) * r * r
        g_term = -g_term * (4 * k - 1) * (4 * k + 1) * r * r
        f_sum, g_sum = f_sum + f_term, g_sum + g_term
    f[~mid], g[~mid] = f_sum / (np.pi * xl), g_sum / (np.pi * xl)
    return f, g


def _fresnel(x: np.ndarray, sine: bool) -> np.ndarray:
    """C(x) or S(x) (`sine`) of x in its own dtype, TF's rounding of z kept."""
    ax = np.abs(x)
    wide = ax.astype(np.float64)
    out = np.full(x.shape, np.nan)
    small = wide < _FRESNEL_SERIES_BELOW
    out[small] = _fresnel_series(wide[small])[1 if sine else 0]
    flat = wide > _FRESNEL_FLAT_ABOVE
    out[flat] = 0.5
    mid = ~small & ~flat & ~np.isnan(wide)
    f, g = _fresnel_auxiliary(wide[mid])
    x2 = ax[mid] * ax[mid]  # rounded to x's dtype, as TF's
    z = (x2 * x.dtype.type(np.pi / 2)).astype(np.float64)
    if sine:
        out[mid] = 0.5 - f * np.cos(z) - g * np.sin(z)
    else:
        out[mid] = 0.5 + f * np.sin(z) - g * np.cos(z)
    return np.sign(x.astype(np.float64)) * out


def _fresnel_kernel(sine: bool, name: str):
    def kernel(x):
        x = np.asarray(x)
        if x.dtype == np.float16:
            raise error("COMPUTE_ERROR", f"{name} has no kernel for float16 (as TF's)")
        with np.errstate(all="ignore"):
            return _fresnel(x, sine).astype(x.dtype)

    return kernel


for _type, _sine in (("FresnelCos", False), ("FresnelSin", True)):
    register_op(_type, arity=1, infer=unary("float"), unknown_rank_ok=True)(
        _fixed(_fresnel_kernel(_sine, _type))
    )


def fresnel_cos(x: Any, name: str | None = None) -> Tensor:
    """The Fresnel cosine integral ∫_0^x cos(πt²/2) dt (`tf.math.special.fresnel_cos`)."""
    return _scoped("FresnelCos", x, name, "fresnel_cos")


def fresnel_sin(x: Any, name: str | None = None) -> Tensor:
    """The Fresnel sine integral ∫_0^x sin(πt²/2) dt (`tf.math.special.fresnel_sin`)."""
    return _scoped("FresnelSin", x, name, "fresnel_sin")


def _fresnel_grad(op, g, sine: bool):
    from .math_ops import square
    from .special_math_ops import cos, sin

    z = (np.pi / 2.0) * square(op.inputs[0])
    return [g * (sin(z) if sine else cos(z))]


register_gradient("FresnelCos")(lambda op, g: _fresnel_grad(op, g, False))
register_gradient("FresnelSin")(lambda op, g: _fresnel_grad(op, g, True))


# -- incomplete gamma --------------------------------------------------------------------------

_ITERATIONS = 500
_TINY = 1e-300


def _gamma_series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(a, x) by its series (x < a + 1)."""
    term = 1.0 / a
    total = term.copy()
    ap = a.copy()
    for _ in range(_ITERATIONS):
        ap = ap + 1.0
        term = term * x / ap
        total = total + term
        if np.all(np.abs(term) < np.abs(total) * 1e-17):
            break
    return total * np.exp(-x + a * np.log(x) - _lgamma(a))


def _gamma_fraction(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Q(a, x) by its continued fraction (modified Lentz; x ≥ a + 1)."""
    b = x + 1.0 - a
    c = np.full_like(x, 1.0 / _TINY)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, _ITERATIONS):
        an = -i * (i - a)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        delta = d * c
        h = h * delta
        if np.all(np.abs(delta - 1.0) < 1e-16):
            break
    return np.exp(-x + a * np.log(x) - _lgamma(a)) * h


def _lgamma(a: np.ndarray) -> np.ndarray:
    return np.vectorize(math.lgamma, otypes=[np.float64])(a) if a.size else a


def _igamma_pair(a: Any, x: Any) -> tuple[np.ndarray, np.ndarray]:
    """(P, Q) for float64 broadcast a, x; NaN where TF's is (a ≤ 0, x < 0, NaN; but P is 0
    wherever x is 0)."""
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    p, q = np.full(a.shape, np.nan), np.full(a.shape, np.nan)
    valid = (a > 0) & (x >= 0)
    zero = valid & (x == 0)
    p[zero], q[zero] = 0.0, 1.0
    inf = valid & np.isinf(x)
    p[inf], q[inf] = 1.0, 0.0
    # An infinite a: TF's (Eigen's) series gives P = 0, and Q = 1 but at x = inf, 0.
    huge = valid & np.isinf(a)
    p[huge], q[huge] = 0.0, np.where(np.isinf(x[huge]), 0.0, 1.0)
    use_series = valid & ~zero & ~inf & ~huge & (x < a + 1.0)
    use_fraction = valid & ~zero & ~inf & ~huge & (x >= a + 1.0)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        if use_series.any():
            p[use_series] = _gamma_series(a[use_series], x[use_series])
            q[use_series] = 1.0 - p[use_series]
        if use_fraction.any():
            q[use_fraction] = _gamma_fraction(a[use_fraction], x[use_fraction])
            p[use_fraction] = 1.0 - q[use_fraction]
    # Eigen's igamma (TF's) answers 0 at x = 0 before it looks at a: P(-1, 0), P(NaN, 0)
    # and P(0, 0) are 0 there, where Q stays NaN.
    p[x == 0] = 0.0
    return p, q


def _ternary_or_binary_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "float")
    shape = shapes[0]
    for s in shapes[1:]:
        shape = broadcast_shapes(shape, s)
    if len(types) == 3 and any(s is None for s in shapes):
        raise InferenceError("UNKNOWN_RANK", "betainc needs inputs of known rank")
    return [(shape, dtype)]


def _igamma_kernel(which: int):
    def kernel(a, x):
        return _igamma_pair(a, x)[which].astype(np.result_type(a, x))

    return kernel


register_op("Igamma", arity=2, infer=_ternary_or_binary_infer, unknown_rank_ok=True)(
    _fixed(_igamma_kernel(0))
)
register_op("Igammac", arity=2, infer=_ternary_or_binary_infer, unknown_rank_ok=True)(
    _fixed(_igamma_kernel(1))
)


def igamma(a: Any, x: Any, name: str | None = None) -> Tensor:
    """The regularized lower incomplete gamma function P(a, x) (`tf.math.igamma`)."""
    return _op("Igamma", (a, x), name, "Igamma", arg_names=("a", "x"))


def igammac(a: Any, x: Any, name: str | None = None) -> Tensor:
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)
    (`tf.math.igammac`)."""
    return _op("Igammac", (a, x), name, "Igammac", arg_names=("a", "x"))


def igamma_dx(a: Tensor, x: Tensor) -> Tensor:
    """dP/dx = exp(-x) x^(a-1) / Γ(a)."""
    from .math_ops import exp, log
    from .special_math_ops import lgamma

    return exp(-x + (a - 1.0) * log(x) - lgamma(a))


def _igamma_grad_a_kernel(a, x):
    """dP(a, x)/da by central differences in float64 with one Richardson step (error
    near 1e-12 relative, far below float32's): TF's IgammaGradA has no closed form either."""
    a64, x64 = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    h = np.minimum(1e-3 * a64, 1e-3)

    def central(step):
        return (_igamma_pair(a64 + step, x64)[0] - _igamma_pair(a64 - step, x64)[0]) / (2 * step)

    with np.errstate(invalid="ignore", divide="ignore"):
        out = (4.0 * central(h / 2) - central(h)) / 3.0
    return out.astype(np.result_type(a, x))


register_op("IgammaGradA", arity=2, infer=_ternary_or_binary_infer, unknown_rank_ok=True)(
    _fixed(_igamma_grad_a_kernel)
)


@register_gradient("IgammaGradA")
def _igamma_grad_a_grad(op, g):
    from ..errors import error

    raise error("NO_GRADIENT", "no gradient is defined for IgammaGradA", node=op.name)


def igamma_grad_a(a: Tensor, x: Tensor) -> Tensor:
    """dP(a, x)/da (TF's IgammaGradA op)."""
    return a.op.graph.create_op("IgammaGradA", (a, x), None, "IgammaGradA").outputs[0]


@register_gradient("Igamma")
def _igamma_grad(op, g):
    a, x = op.inputs
    return [reduce_like(g * igamma_grad_a(a, x), a), reduce_like(g * igamma_dx(a, x), x)]


@register_gradient("Igammac")
def _igammac_grad(op, g):
    a, x = op.inputs
    return [reduce_like(-g * igamma_grad_a(a, x), a), reduce_like(-g * igamma_dx(a, x), x)]


# -- incomplete beta ----------------------------------------------------------------------------


def _beta_fraction(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The continued fraction of I_x(a, b) (modified Lentz), valid for x < (a+1)/(a+b+2)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = np.where(np.abs(d) < _TINY, _TINY, d)
    d = 1.0 / d
    h = d.copy()
    for m in range(1, _ITERATIONS):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        h = h * d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        delta = d * c
        h = h * delta
        if np.all(np.abs(delta - 1.0) < 1e-16):
            break
    return h


def _betainc(a: Any, b: Any, x: Any) -> np.ndarray:
    a, b, x = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in (a, b, x)))
    out = np.full(a.shape, np.nan)
    valid = (a > 0) & (b > 0) & (x >= 0) & (x <= 1)
    out[valid & (x == 0)] = 0.0
    out[valid & (x == 1)] = 1.0
    inner = valid & (x > 0) & (x < 1)
    if inner.any():
        ai, bi, xi = a[inner], b[inner], x[inner]
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            log_front = (
                _lgamma(ai + bi) - _lgamma(ai) - _lgamma(bi)
                + ai * np.log(xi) + bi * np.log1p(-xi)
            )  # fmt: skip
            front = np.exp(log_front)
            direct = xi < (ai + 1.0) / (ai + bi + 2.0)
            res = np.empty_like(xi)
            res[direct] = (
                front[direct] * _beta_fraction(ai[direct], bi[direct], xi[direct]) / ai[direct]
            )
            flip = ~direct
            res[flip] = (
                1.0 - front[flip] * _beta_fraction(bi[flip], ai[flip], 1.0 - xi[flip]) / bi[flip]
            )
        out[inner] = res
    return out


@register_op("Betainc", arity=3, infer=_ternary_or_binary_infer)
def _betainc_op(op):
    def kernel(a, b, x):
        return _betainc(a, b, x).astype(np.result_type(a, b, x))

    return kernel


def betainc(a: Any, b: Any, x: Any, name: str | None = None) -> Tensor:
    """The regularized incomplete beta function I_x(a, b) (`tf.math.betainc`)."""
    return _op("Betainc", (a, b, x), name, "Betainc", arg_names=("a", "b", "x"))


@register_gradient("Betainc")
def _betainc_grad(op, g):
    # TF's: only x's gradient, x^(a-1) (1-x)^(b-1) / B(a, b); none for a and b.
    from .math_ops import exp
    from .special_math_ops import lgamma, xlog1py, xlogy

    a, b, x = op.inputs
    log_beta = lgamma(a) + lgamma(b) - lgamma(a + b)
    partial = exp(xlog1py(b - 1.0, -x) + xlogy(a - 1.0, x) - log_beta)
    return [None, None, reduce_like(g * partial, x)]
