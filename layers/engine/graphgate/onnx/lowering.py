"""ONNX operators lowered to graphgate ops: the one table the importer and `check` read.

Each entry turns one ONNX node into graphgate tensors (or values known at import time).
Where ONNX and TensorFlow disagree (integer division, `Gemm`'s transposes and scales,
`Reshape`'s 0, `Slice`'s clamping, `Pad`'s modes, `Gather`'s negative indices), the lowering
spells ONNX's rule out with engine ops, so the numbers are ONNX's.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, constant_op
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import nn_ops as N
from ..ops import reduce_ops as R
from ..ops import registry as _registry
from ..ops.extra_array_ops import ensure_shape

# Convolution, pooling and index ops register on first import (`gg.nn` imports them
# lazily); the lowering table needs them registered whether or not `gg.nn` was touched.
for _family in ("conv_ops", "index_ops"):
    with contextlib.suppress(ImportError):
        importlib.import_module(f"graphgate.ops.{_family}")


class Unsupported(Exception):
    """This node cannot be lowered as it is; the importer names the node."""


class Partial:
    """A small int vector known at import time except some entries (None): a shape whose
    batch dim is only known at run time. `runtime()` builds the value as a tensor."""

    __slots__ = ("_runtime", "_tensor", "dtype", "values")

    def __init__(self, values: np.ndarray, runtime: Callable[[], Tensor], dtype=np.int64):
        self.values = values
        self._runtime = runtime
        self._tensor: Tensor | None = None
        # The value's ONNX dtype: tf2onnx casts shapes to int32 and back.
        self.dtype = np.dtype(dtype)

    def tensor(self) -> Tensor:
        if self._tensor is None:
            self._tensor = self._runtime()
        return self._tensor

    def fresh_tensor(self) -> Tensor:
        """The value as a new tensor, made where it is asked for (inside a branch or body)."""
        return self._runtime()


class Dim:
    """An entry of a Partial shape: dim `axis` of `tensor`, known only at run time."""

    __slots__ = ("axis", "tensor")

    def __init__(self, tensor: Tensor, axis: int):
        self.tensor = tensor
        self.axis = axis

    def __repr__(self) -> str:
        return f"{self.tensor.name}[{self.axis}]"


def is_int(d: Any) -> bool:
    return isinstance(d, int | np.integer)


class Lowering:
    __slots__ = ("check", "fn", "run_time", "static")

    def __init__(self, fn, static, check, run_time=()):
        self.fn = fn
        self.static = static
        self.check = check
        self.run_time = run_time

    @property
    def import_only(self) -> tuple[int, ...]:
        """The static positions a graph input cannot fill: no run-time path for them."""
        return tuple(k for k in self.static if k not in self.run_time)


# op type -> Lowering. `static` lists the input positions whose values the engine needs
# at import time (its shapes, axes and paddings are attributes, not tensors): they are
# folded when constant. `run_time` lists those of them the lowering also takes as a tensor
# only a run knows (a graph input, as ONNX's backend tests feed them, or a value computed
# from one); the others refuse a graph input before importing.
LOWERINGS: dict[str, Lowering] = {}


def lowers(
    *op_types: str,
    static: tuple[int, ...] = (),
    check: Callable | None = None,
    run_time: tuple[int, ...] = (),
):
    def decorate(fn):
        for t in op_types:
            LOWERINGS[t] = Lowering(fn, static, check, run_time)
        return fn

    return decorate


class Context:
    """What a lowering sees of its node: attributes, inputs as tensors or static values."""

    def __init__(
        self,
        graph,
        node,
        attrs: dict,
        values: list,
        opset: int,
        tensor_of: Callable,
        max_elements: int | None = None,
    ):
        self.graph = graph
        self.node = node
        self.op_type = node.op_type
        self.attrs = attrs
        self.values = values  # per input: Tensor | np.ndarray | Partial | None (absent)
        self.opset = opset
        self._tensor_of = tensor_of
        self.max_elements = max_elements  # the import's limits' max_tensor_elements

    def check_elements(self, n: int, what: str) -> None:
        """Refuse, before it is allocated, an array of `n` elements a lowering would make
        while importing (a DFT's matrix, a window): sizes come from the model's values."""
        if self.max_elements is not None and n > self.max_elements:
            raise error(
                "TENSOR_TOO_LARGE",
                f"{self.op_type} would make {what} of {n} elements while importing, more "
                f"than the limit of {self.max_elements}",
                details={"elements": n, "limit": self.max_elements},
            )

    def positive(self, i: int, what: str) -> int:
        """Static input `i`'s first value, refused unless it is a positive integer."""
        v = self.ints(i, what)[0]
        if v <= 0:
            raise error("INVALID_ATTR", f"{self.op_type}'s {what} must be positive, got {v}")
        return v

    @property
    def n_inputs(self) -> int:
        return len(self.values)

    @property
    def n_outputs(self) -> int:
        return len(self.node.output)

    def wanted(self, i: int) -> bool:
        return i < len(self.node.output) and self.node.output[i] != ""

    def attr(self, name: str, default: Any = None) -> Any:
        if isinstance(default, float):
            # ONNX's float attributes, defaults too, are float32: HardSigmoid's 0.2 is
            # 0.20000000298..., which a float64 model computes with (onnxruntime does).
            default = float(np.float32(default))
        return self.attrs.get(name, default)

    def has(self, i: int) -> bool:
        return i < len(self.values) and self.values[i] is not None

    def t(self, i: int) -> Tensor | None:
        """Input `i` as a tensor (a static value becomes a Const), or None if absent."""
        if not self.has(i):
            return None
        return self._tensor_of(i)

    def static(self, i: int, what: str = "") -> np.ndarray | None:
        """Input `i` as a numpy value known at import time, or None if absent."""
        if not self.has(i):
            return None
        v = self.values[i]
        if isinstance(v, np.ndarray):
            return v
        raise Unsupported(
            f"input {i}{' (' + what + ')' if what else ''} must be known when the model is "
            "imported (an initializer or computed from constants), not computed at run time"
        )

    def ints(self, i: int, what: str = "") -> list[int] | None:
        v = self.static(i, what)
        return None if v is None else [int(x) for x in np.reshape(v, -1)]

    def shape(self, i: int) -> tuple | None:
        v = self.values[i]
        if isinstance(v, np.ndarray):
            return v.shape
        if isinstance(v, Partial):
            return v.values.shape
        return v.static_shape

    def rank(self, i: int) -> int:
        s = self.shape(i)
        if s is None:
            raise Unsupported(f"input {i} must have a known rank")
        return len(s)

    def dtype(self, i: int) -> np.dtype:
        v = self.values[i]
        if isinstance(v, np.ndarray):
            return v.dtype
        return v.dtype

    def const(self, value: Any, dtype: Any) -> Tensor:
        return constant_op(self.graph, np.asarray(value, dtype=dtype), name="Const")


def where(cond: Tensor, x: Tensor, y: Tensor) -> Tensor:
    """numpy's (and ONNX's) where: shapes aligned on the right. TF1's `where` picks whole
    rows for a vector condition and matrices instead, so such a condition gets leading unit
    dims first."""
    ranks = [len(s) for s in (x.static_shape, y.static_shape) if s is not None]
    c_shape = cond.static_shape
    if c_shape is not None and len(c_shape) == 1 and ranks and max(ranks) >= 2:
        for _ in range(max(ranks) - 1):
            cond = A.expand_dims(cond, 0)
    return A.where(cond, x, y)


def _axis(axis: int, rank: int) -> int:
    if not -rank <= axis < max(rank, 1):
        raise Unsupported(f"axis {axis} is out of range for rank {rank}")
    return axis % rank if rank else 0


# -- elementwise ---------------------------------------------------------------------------

_BINARY = {
    "Add": M.add,
    "Sub": M.subtract,
    "Mul": M.multiply,
    "Equal": M.equal,
    "Less": M.less,
    "LessOrEqual": M.less_equal,
    "Greater": M.greater,
    "GreaterOrEqual": M.greater_equal,
    "And": M.logical_and,
    "Or": M.logical_or,
    "Xor": M.not_equal,
}


@lowers(*_BINARY)
def _binary(ctx):
    # ONNX's multidirectional broadcasting is numpy's, which the engine's binary ops follow.
    return [_BINARY[ctx.op_type](ctx.t(0), ctx.t(1))]


_UNARY = {
    "Neg": M.negative,
    "Abs": M.abs,
    "Sqrt": M.sqrt,
    "Exp": M.exp,
    "Log": M.log,
    "Tanh": M.tanh,
    "Sigmoid": M.sigmoid,
    "Relu": N.relu,
    "Reciprocal": M.reciprocal,
    "Floor": M.floor,
    "Sign": M.sign,
    "Not": M.logical_not,
}


@lowers(*_UNARY)
def _unary(ctx):
    x = ctx.t(0)
    if ctx.op_type == "Abs" and x.dtype.kind == "u":
        # ONNX's Abs takes unsigned integers (their own absolute value); the engine's does not.
        return [x]
    return [_UNARY[ctx.op_type](x)]


def _special_math():
    from ..ops import special_math_ops

    return special_math_ops


_TRIG = ("Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh")


@lowers(*_TRIG)
def _trig(ctx):
    # The engine's kernels are numpy's ufuncs in the input's dtype, as ONNX's reference.
    return [getattr(_special_math(), ctx.op_type.lower())(ctx.t(0))]


@lowers("Round")
def _round(ctx):
    return [_special_math().round(ctx.t(0))]  # half to even in both


@lowers("Swish")
def _swish(ctx):
    x = ctx.t(0)
    return [M.multiply(x, M.sigmoid(M.multiply(ctx.const(ctx.attr("alpha", 1.0), x.dtype), x)))]


@lowers("SwiGLU")
def _swiglu(ctx):
    a, b = ctx.t(0), ctx.t(1)
    alpha = ctx.const(ctx.attr("alpha", 1.0), a.dtype)
    return [M.multiply(M.multiply(a, M.sigmoid(M.multiply(alpha, a))), b)]


@lowers("OptionalHasElement")
def _optional_has_element(ctx):
    # graphgate has no optional type: an input is a tensor (it has its element) or absent
    return [np.array(ctx.has(0))]


@lowers("OptionalGetElement")
def _optional_get_element(ctx):
    # Of a tensor (opset 18 takes one): the tensor itself. An optional-typed input is
    # refused with its type before any lowering runs.
    if not ctx.has(0):
        raise Unsupported("OptionalGetElement of an empty optional")
    return [A.identity(ctx.t(0))]


@lowers("Shrink")
def _shrink(ctx):
    x = ctx.t(0)
    lambd, bias = (
        ctx.const(ctx.attr("lambd", 0.5), x.dtype),
        ctx.const(ctx.attr("bias", 0.0), x.dtype),
    )
    low = where(M.less(x, M.negative(lambd)), M.add(x, bias), ctx.const(0, x.dtype))
    return [where(M.greater(x, lambd), M.subtract(x, bias), low)]


def _bitwise():
    from ..ops import bitwise_ops

    return bitwise_ops


@lowers("BitwiseAnd", "BitwiseOr", "BitwiseXor")
def _bitwise_binary(ctx):
    fn = {"BitwiseAnd": "bitwise_and", "BitwiseOr": "bitwise_or", "BitwiseXor": "bitwise_xor"}
    return [getattr(_bitwise(), fn[ctx.op_type])(ctx.t(0), ctx.t(1))]


@lowers("BitwiseNot")
def _bitwise_not(ctx):
    return [_bitwise().invert(ctx.t(0))]


def _bit_shift_check(attrs, opset):
    if attrs.get("direction") not in ("LEFT", "RIGHT"):
        return f"BitShift direction {attrs.get('direction')!r}"
    return None


@lowers("BitShift", check=_bit_shift_check)
def _bit_shift(ctx):
    x, y = ctx.t(0), ctx.t(1)
    left = ctx.attr("direction") == "LEFT"
    shifted = (_bitwise().left_shift if left else _bitwise().right_shift)(x, y)
    # A count below 0 or of the width or more shifts everything out in ONNX (a negative
    # value shifted right arithmetically is -1); TensorFlow clamps the count instead.
    bits = ctx.const(np.dtype(x.dtype).itemsize * 8, y.dtype)
    zero = ctx.const(0, x.dtype)
    out = M.logical_or(M.less(y, ctx.const(0, y.dtype)), M.greater_equal(y, bits))
    gone = zero
    if not left and x.dtype.kind == "i":
        gone = where(M.less(x, zero), ctx.const(-1, x.dtype), zero)
    return [where(out, gone, shifted)]


@lowers("Identity")
def _identity(ctx):
    return [A.identity(ctx.t(0))]


@lowers("Ceil")
def _ceil(ctx):
    return [M.negative(M.floor(M.negative(ctx.t(0))))]  # exact: negation never rounds


@lowers("IsNaN")
def _isnan(ctx):
    x = ctx.t(0)
    return [M.not_equal(x, x)]


@lowers("IsInf")
def _isinf(ctx):
    x = ctx.t(0)
    pos, neg = ctx.attr("detect_positive", 1), ctx.attr("detect_negative", 1)
    inf = ctx.const(np.inf, x.dtype)
    hits = [M.equal(x, inf)] if pos else []
    if neg:
        hits.append(M.equal(x, M.negative(inf)))
    if not hits:
        return [M.not_equal(x, x) & M.equal(x, x)]
    return [hits[0] if len(hits) == 1 else M.logical_or(*hits)]


@lowers("Div")
def _div(ctx):
    x, y = ctx.t(0), ctx.t(1)
    if x.dtype in _dt.FLOATS:
        return [x.op.graph.create_op("RealDiv", (x, y), None, "truediv").outputs[0]]
    return [_trunc_div(ctx, x, y)]


def _trunc_div(ctx, x, y):
    """ONNX (and C) integer division truncates toward zero; TensorFlow's floordiv floors."""
    if _registry.known("FloorDiv"):
        q = x.op.graph.create_op("FloorDiv", (x, y), None, "floordiv").outputs[0]
        r = M.subtract(x, M.multiply(q, y))
        inexact = M.logical_and(
            M.not_equal(r, ctx.const(0, x.dtype)),
            M.not_equal(M.less(x, ctx.const(0, x.dtype)), M.less(y, ctx.const(0, y.dtype))),
        )
        return where(inexact, M.add(q, ctx.const(1, x.dtype)), q)
    f64 = _dt.float64

    def quotient(a, b):  # float64 quotient, truncated toward zero by the cast
        return M.cast(M.divide(M.cast(a, f64), M.cast(b, f64)), x.dtype)

    q = quotient(x, y)
    if x.dtype == _dt.int32:
        # |x|, |y| < 2**31: the float64 quotient never rounds across an integer.
        return q
    # int64: float64 keeps 53 bits, so refine. The remainder of the first guess is small
    # (a few thousand |y| at most), its own quotient is off by at most one, and the last
    # step puts the remainder in ONNX's range: |r| < |y|, with the sign of x.
    q = M.add(q, quotient(M.subtract(x, M.multiply(q, y)), y))
    r = M.subtract(x, M.multiply(q, y))
    zero = ctx.const(0, x.dtype)
    sign = M.multiply(M.sign(x), M.sign(y))
    overshot = M.logical_and(M.not_equal(r, zero), M.not_equal(M.less(r, zero), M.less(x, zero)))
    short = M.greater_equal(M.abs(r), M.abs(y))
    q = where(overshot, M.subtract(q, sign), q)
    return where(short, M.add(q, sign), q)


@lowers("Mod")
def _mod(ctx):
    x, y = ctx.t(0), ctx.t(1)
    if x.dtype in _dt.FLOATS:
        # C's fmod is the engine's truncatemod, exact in any precision (float16 through
        # float32: its remainder is representable in float16 again).
        wide = _dt.float32 if x.dtype == _dt.float16 else x.dtype
        xw, yw = M.cast(x, wide), M.cast(y, wide)
        r = _special_math().truncatemod(xw, yw)
        if not ctx.attr("fmod", 0):
            # numpy's mod (opset 28 allows it for floats): the sign of the divisor, a zero
            # result signed as the divisor.
            zero = ctx.const(0, wide)
            differ = M.logical_and(
                M.not_equal(r, zero), M.not_equal(M.less(r, zero), M.less(yw, zero))
            )
            r = where(differ, M.add(r, yw), r)
            signed_zero = where(M.less(yw, zero), ctx.const(-0.0, wide), zero)
            r = where(M.equal(r, zero), signed_zero, r)
        return [M.cast(r, x.dtype)]
    if not _registry.known("FloorMod"):
        raise Unsupported("integer Mod needs the engine's floormod")
    r = x.op.graph.create_op("FloorMod", (x, y), None, "FloorMod").outputs[0]
    if not ctx.attr("fmod", 0):
        return [r]  # Python's %: the sign of the divisor
    # C's fmod: the sign of the dividend.
    zero = ctx.const(0, x.dtype)
    differ = M.logical_and(M.not_equal(r, zero), M.not_equal(M.less(x, zero), M.less(y, zero)))
    return [where(differ, M.subtract(r, y), r)]


@lowers("Pow")
def _pow(ctx):
    x, y = ctx.t(0), ctx.t(1)
    if y.dtype != x.dtype:
        if x.dtype not in _dt.FLOATS and y.dtype in _dt.FLOATS:
            # numpy's (and ONNX's reference) promotion: a float64 power, truncated back.
            f64 = _dt.float64
            return [M.cast(M.pow(M.cast(x, f64), M.cast(y, f64)), x.dtype)]
        y = M.cast(y, x.dtype)
    return [M.pow(x, y)]


@lowers("Max", "Min", "Sum", "Mean")
def _variadic(ctx):
    fn = {"Max": M.maximum, "Min": M.minimum, "Sum": M.add, "Mean": M.add}[ctx.op_type]
    ts = [ctx.t(i) for i in range(ctx.n_inputs)]
    out = ts[0]
    for t in ts[1:]:
        out = fn(out, t)
    if ctx.op_type == "Mean":
        out = M.divide(out, ctx.const(len(ts), out.dtype))
    elif len(ts) == 1:
        out = A.identity(out)
    return [out]


@lowers("Where")
def _where(ctx):
    return [where(ctx.t(0), ctx.t(1), ctx.t(2))]


@lowers("Cast")
def _cast(ctx):
    return [M.cast(ctx.t(0), _onnx_dtype(ctx.attr("to")))]


@lowers("CastLike")
def _cast_like(ctx):
    return [M.cast(ctx.t(0), ctx.dtype(1))]


def _onnx_dtype(code: int) -> np.dtype:
    from .proto import np_dtype

    return np_dtype(code)


@lowers("Clip")
def _clip(ctx):
    x = ctx.t(0)
    lo, hi = ctx.t(1), ctx.t(2)
    if x.dtype in _dt.FLOATS:
        # An omitted bound is the dtype's finite limit (the spec's numeric_limits, and
        # onnxruntime's): torch's clamp(min=eps) of inf gives the largest float, not inf.
        limits = np.finfo(np.dtype(x.dtype))
        lo = ctx.const(limits.min, x.dtype) if lo is None else lo
        hi = ctx.const(limits.max, x.dtype) if hi is None else hi
    # numpy's clip order: max with the lower bound first, so min > max gives max.
    if lo is not None:
        x = M.maximum(x, lo)
    if hi is not None:
        x = M.minimum(x, hi)
    return [x if lo is not None or hi is not None else A.identity(x)]


# -- activations ---------------------------------------------------------------------------


@lowers("LeakyRelu")
def _leaky_relu(ctx):
    return [N.leaky_relu(ctx.t(0), alpha=ctx.attr("alpha", 0.01))]


def _elu_of(ctx, x, alpha):
    zero = ctx.const(0, x.dtype)
    neg = M.multiply(ctx.const(alpha, x.dtype), M.subtract(M.exp(x), ctx.const(1, x.dtype)))
    return where(M.greater(x, zero), x, neg)


@lowers("Elu")
def _elu(ctx):
    return [_elu_of(ctx, ctx.t(0), ctx.attr("alpha", 1.0))]


@lowers("Selu")
def _selu(ctx):
    x = ctx.t(0)
    alpha = ctx.attr("alpha", 1.67326319217681884765625)
    gamma = ctx.attr("gamma", 1.05070102214813232421875)
    zero = ctx.const(0, x.dtype)
    neg = M.subtract(M.multiply(ctx.const(alpha, x.dtype), M.exp(x)), ctx.const(alpha, x.dtype))
    return [M.multiply(ctx.const(gamma, x.dtype), where(M.greater(x, zero), x, neg))]


@lowers("Celu")
def _celu(ctx):
    x = ctx.t(0)
    alpha = ctx.attr("alpha", 1.0)
    zero = ctx.const(0, x.dtype)
    a = ctx.const(alpha, x.dtype)
    neg = M.multiply(a, M.subtract(M.exp(M.divide(x, a)), ctx.const(1, x.dtype)))
    return [M.add(M.maximum(zero, x), M.minimum(zero, neg))]


@lowers("ThresholdedRelu")
def _thresholded_relu(ctx):
    x = ctx.t(0)
    alpha = ctx.const(ctx.attr("alpha", 1.0), x.dtype)
    return [where(M.greater(x, alpha), x, ctx.const(0, x.dtype))]


@lowers("PRelu")
def _prelu(ctx):
    x, slope = ctx.t(0), ctx.t(1)
    return [where(M.less(x, ctx.const(0, x.dtype)), M.multiply(slope, x), x)]


@lowers("HardSigmoid")
def _hard_sigmoid(ctx):
    x = ctx.t(0)
    a, b = ctx.attr("alpha", 0.2), ctx.attr("beta", 0.5)
    y = M.add(M.multiply(x, ctx.const(a, x.dtype)), ctx.const(b, x.dtype))
    return [M.minimum(M.maximum(y, ctx.const(0, x.dtype)), ctx.const(1, x.dtype))]


@lowers("HardSwish")
def _hard_swish(ctx):
    x = ctx.t(0)
    y = M.add(M.multiply(x, ctx.const(1 / 6, x.dtype)), ctx.const(0.5, x.dtype))
    y = M.minimum(M.maximum(y, ctx.const(0, x.dtype)), ctx.const(1, x.dtype))
    return [M.multiply(x, y)]


@lowers("Softplus")
def _softplus(ctx):
    x = ctx.t(0)
    return [M.log(M.add(M.exp(x), ctx.const(1, x.dtype)))]


@lowers("Softsign")
def _softsign(ctx):
    x = ctx.t(0)
    return [M.divide(x, M.add(M.abs(x), ctx.const(1, x.dtype)))]


@lowers("Mish")
def _mish(ctx):
    x = ctx.t(0)
    return [M.multiply(x, M.tanh(M.log1p(M.exp(x))))]


@lowers("Softmax", "LogSoftmax")
def _softmax(ctx):
    fn = N.softmax if ctx.op_type == "Softmax" else N.log_softmax
    return [fn(ctx.t(0), axis=ctx.attr("axis", -1))]


# Numerical Recipes' erfc (Chebyshev fit, fractional error < 1.2e-7 everywhere), evaluated
# in float64: exact to float32's last bit or so. float64 inputs are refused rather than
# given float32 accuracy.
_ERFC = (
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277,
)


def _erf_of(ctx, x):
    if x.dtype == _dt.float64:
        raise Unsupported("Erf of float64 values (the engine's erf is float32-accurate)")
    if x.dtype not in _dt.FLOATS:
        raise Unsupported(f"Erf of {x.dtype.name} values")
    f64 = _dt.float64
    z = M.abs(M.cast(x, f64))
    t = M.divide(
        ctx.const(1.0, f64), M.add(ctx.const(1.0, f64), M.multiply(ctx.const(0.5, f64), z))
    )
    poly = ctx.const(_ERFC[-1], f64)
    for c in _ERFC[-2::-1]:
        poly = M.add(M.multiply(poly, t), ctx.const(c, f64))
    erfc = M.multiply(t, M.exp(M.subtract(poly, M.multiply(z, z))))
    erf = M.multiply(M.sign(M.cast(x, f64)), M.subtract(ctx.const(1.0, f64), erfc))
    return M.cast(erf, x.dtype)


@lowers("Erf")
def _erf(ctx):
    return [_erf_of(ctx, ctx.t(0))]


@lowers("Gelu")
def _gelu(ctx):
    x = ctx.t(0)
    half, one = ctx.const(0.5, x.dtype), ctx.const(1, x.dtype)
    if ctx.attr("approximate", "none") == "tanh":
        inner = M.multiply(
            ctx.const(math.sqrt(2 / math.pi), x.dtype),
            M.add(x, M.multiply(ctx.const(0.044715, x.dtype), M.pow(x, ctx.const(3, x.dtype)))),
        )
        return [M.multiply(M.multiply(half, x), M.add(one, M.tanh(inner)))]
    scaled = M.divide(x, ctx.const(math.sqrt(2), x.dtype))
    return [M.multiply(M.multiply(half, x), M.add(one, _erf_of(ctx, scaled)))]


@lowers("Dropout", static=(2,), run_time=(2,))
def _dropout(ctx):
    x = ctx.t(0)
    training = ctx.values[2] if ctx.has(2) else None
    if isinstance(training, np.ndarray) and not bool(training):
        training = None  # inference: the ratio does not matter
    ratio = ctx.values[1] if ctx.has(1) else np.array(0.5)
    if training is not None:
        if isinstance(training, np.ndarray) and isinstance(ratio, np.ndarray):
            if float(ratio) != 0:
                raise Unsupported("Dropout in training mode (training_mode=1) draws random masks")
        else:
            # A ratio (or mode) the graph computes: ONNX's result is defined, x itself, only
            # where no mask is drawn; a random mask is refused when the run meets one.
            rate = ctx.t(1) if ctx.has(1) else ctx.const(0.5, np.float32)
            drawn = M.not_equal(A.reshape(rate, []), ctx.const(0, rate.dtype))
            if not isinstance(training, np.ndarray):
                drawn = M.logical_and(drawn, A.reshape(M.cast(ctx.t(2), _dt.bool_), []))
            x = checked(
                x,
                M.logical_not(drawn),
                "Dropout in training mode with a ratio other than 0 draws a random mask, "
                "which graphgate does not import",
            )
    out = [A.identity(x)]
    if ctx.wanted(1):
        out.append(A.ones_like(x, dtype=_dt.bool_))
    return out


# -- matmul and friends --------------------------------------------------------------------


@lowers("MatMul")
def _matmul(ctx):
    a, b = ctx.t(0), ctx.t(1)
    ra, rb = ctx.rank(0), ctx.rank(1)
    # numpy's rules for 1-D operands: prepend / append a dim, then drop it.
    if ra == 1:
        a = A.expand_dims(a, 0)
    if rb == 1:
        b = A.expand_dims(b, -1)
    y = M.matmul(a, b)
    if rb == 1:
        y = A.squeeze(y, [-1])
    if ra == 1:
        y = A.squeeze(y, [-1 if rb == 1 else -2])
    return [y]


@lowers("Einsum")
def _einsum(ctx):
    from ..ops.linalg_ops import einsum

    # ONNX's Einsum is numpy's, as the engine's (spaces aside).
    equation = ctx.attr("equation").replace(" ", "")
    return [einsum(equation, *(ctx.t(i) for i in range(ctx.n_inputs)))]


@lowers("Gemm")
def _gemm(ctx):
    a, b, c = ctx.t(0), ctx.t(1), ctx.t(2)
    alpha, beta = ctx.attr("alpha", 1.0), ctx.attr("beta", 1.0)
    y = M.matmul(
        a, b, transpose_a=bool(ctx.attr("transA", 0)), transpose_b=bool(ctx.attr("transB", 0))
    )
    if alpha != 1.0:
        y = M.multiply(y, ctx.const(alpha, y.dtype))
    if c is not None and beta != 0.0:
        if beta != 1.0:
            c = M.multiply(c, ctx.const(beta, c.dtype))
        y = M.add(y, c)
    return [y]


# -- shapes --------------------------------------------------------------------------------


def _static_dims(ctx, i: int) -> list:
    """The target dims of a shape input: ints, or Dim / None where only run time knows."""
    v = ctx.values[i]
    if isinstance(v, Partial):
        return [int(d) if is_int(d) else d for d in v.values.reshape(-1)]
    return ctx.ints(i, "shape")


@lowers("Reshape", static=(1,), run_time=(1,))
def _reshape(ctx):
    if not isinstance(ctx.values[1], np.ndarray | Partial):
        return [_run_time_reshape(ctx)]  # a shape the graph computes from run-time values
    src = ctx.shape(0)
    dims = _static_dims(ctx, 1)
    allowzero = ctx.attr("allowzero", 0)
    out = []
    for i, d in enumerate(dims):
        if d == 0 and not allowzero:
            if src is None or i >= len(src):
                raise Unsupported("Reshape copies a dim (0) of an input of unknown rank")
            # ONNX's 0 copies the input's dim; TensorFlow's means a zero dim.
            d = src[i] if src[i] is not None else Dim(ctx.t(0), i)
        out.append(d)
    try:
        return [_reshape_to(ctx.t(0), out)]
    except Unsupported:
        # Several dims only run time knows: a Partial shape, or 0s copying several of the
        # input's unknown dims ([0, 0, 24] after a recurrent layer with dynamic axes).
        return [_run_time_reshape(ctx)]


def _run_time_reshape(ctx) -> Tensor:
    """Reshape to a shape tensor: its 0s copy the input's dims (unless allowzero), its -1
    is inferred when the run comes."""
    x = ctx.t(0)
    target = M.cast(ctx.t(1), _dt.int64)
    n = ctx.shape(1)
    if n is None or len(n) != 1 or n[0] is None:
        raise Unsupported("Reshape to a shape of unknown length")
    n = n[0]
    if not ctx.attr("allowzero", 0):
        rank = ctx.rank(0)
        own = A.shape(x, out_type=_dt.int64)
        if n <= rank:
            own = A._strided_slice(own, (slice(0, n),))
        else:
            own = A.concat([own, ctx.const(np.ones(n - rank), np.int64)], 0)
        target = where(M.equal(target, ctx.const(0, np.int64)), own, target)
    return A.reshape(x, target)


def _reshape_to(x: Tensor, dims: list) -> Tensor:
    dims = _resolve_dims(x, dims)
    unknown = sum(1 for d in dims if not is_int(d) or d == -1)
    if unknown > 1:
        raise Unsupported(
            f"Reshape to {['?' if d is None else d for d in dims]}: more than one dim "
            "unknown when the model is imported"
        )
    return A.reshape(x, [d if is_int(d) else -1 for d in dims])


def _resolve_dims(x: Tensor, dims: list) -> list:
    """Where the run-time dims of the target are exactly the input's own unknown dims
    (x.reshape([batch, -1])), the -1 is static: the product of the known dims. Not when
    that product is 0: the unknown dims then go to a -1 of their own, which a tensor of no
    element does not determine ([?, 2, 0] to [batch, -1] would read as [-1, 0]), so the
    run computes the shape."""
    src = x.static_shape
    refs = [d for d in dims if isinstance(d, Dim) and d.tensor is x]
    if src is None or len(refs) + dims.count(-1) < 2 or any(d is None for d in dims):
        return dims
    if sorted(r.axis for r in refs) != [i for i, d in enumerate(src) if d is None]:
        return dims
    known_src = int(np.prod([d for d in src if d is not None], dtype=np.int64))
    known_dst = int(np.prod([d for d in dims if is_int(d) and d != -1], dtype=np.int64))
    if dims.count(-1) == 1 and known_dst and known_src and known_src % known_dst == 0:
        dims = [known_src // known_dst if is_int(d) and d == -1 else d for d in dims]
    return dims


@lowers("Flatten")
def _flatten(ctx):
    src = ctx.shape(0)
    if src is None:
        raise Unsupported("Flatten of an input of unknown rank")
    axis = ctx.attr("axis", 1)
    axis = axis + len(src) if axis < 0 else axis

    def prod(ds):
        return None if None in ds else int(np.prod(ds, dtype=np.int64))

    x = ctx.t(0)
    lead, rest = prod(src[:axis]), prod(src[axis:])
    if lead is None and rest is None:  # [batch, seq, ...] at axis 2: both products at run time
        shape = A.shape(x, out_type=_dt.int64)
        sides = [R.reduce_prod(shape[:axis], [0]), R.reduce_prod(shape[axis:], [0])]
        return [A.reshape(x, A.stack(sides, 0))]
    return [_reshape_to(x, [lead, rest])]


@lowers("Transpose")
def _transpose(ctx):
    perm = ctx.attr("perm")
    x = ctx.t(0)
    return [A.transpose(x) if perm is None else _transposed(x, list(perm))]


def _transposed(x: Tensor, perm: list[int]) -> Tensor:
    """x transposed by `perm`, or the value before x's own transpose where `perm` undoes
    it: graphgate's exporter writes a convolution or a pool between two transposes (and
    its filter transposed), which their lowerings undo; without this each export → import
    → export would write both again."""
    inner, axes = x.op, list(range(len(perm)))
    first = inner.attrs.get("perm") if inner.type == "Transpose" else None
    undone = (
        first is not None
        and len(inner.inputs) == 1
        and len(first) == len(perm)
        and sorted(perm) == axes
        and [first[p] for p in perm] == axes
    )
    if undone and _top_level(x.graph):
        return inner.inputs[0]
    return A.transpose(x, perm)


def _axes_input(ctx, i: int = 1, attr: str = "axes") -> list[int] | None:
    if attr in ctx.attrs:
        return list(ctx.attrs[attr])
    return ctx.ints(i, attr)


def _fed_axes(ctx) -> Tensor | None:
    """Squeeze's and Unsqueeze's axes input when a run gives it (a graph input): an int64
    vector, whose length must be known at import (it sets the output's rank)."""
    if "axes" in ctx.attrs or not ctx.has(1) or isinstance(ctx.values[1], np.ndarray):
        return None
    n = ctx.shape(1)
    if n is None or len(n) != 1 or n[0] is None or ctx.shape(0) is None:
        raise Unsupported("axes computed at run time, of a length unknown at import")
    return A.reshape(M.cast(ctx.t(1), _dt.int64), [-1])


def _axis_hits(ctx, axes: Tensor, rank: int) -> tuple[Tensor, Tensor]:
    """[rank, n]: whether entry j of `axes` (negatives counted from the end) names
    position i; and whether every axis is in range and none repeated."""
    r = ctx.const(rank, np.int64)
    axes = where(M.less(axes, ctx.const(0, np.int64)), M.add(axes, r), axes)
    hits = M.equal(A.reshape(ctx.const(np.arange(rank), np.int64), [-1, 1]), axes)
    counts = M.cast(hits, _dt.int64)
    in_range = R.reduce_all(M.equal(R.reduce_sum(counts, [0]), 1))
    once = R.reduce_all(M.less_equal(R.reduce_sum(counts, [1]), 1))
    return hits, M.logical_and(in_range, once)


@lowers("Squeeze", static=(1,), run_time=(1,))
def _squeeze(ctx):
    fed = _fed_axes(ctx)
    if fed is not None:
        return [_run_time_squeeze(ctx, fed)]
    axes = _axes_input(ctx)
    x = ctx.t(0)
    if axes is None:
        src = ctx.shape(0)
        if src is None:
            raise Unsupported("Squeeze without axes of an input of unknown rank")
        axes = [i for i, d in enumerate(src) if d == 1]
        unknown = [i for i, d in enumerate(src) if d is None]
        if unknown:
            x = _kept_dims(ctx, x, unknown)
        if not axes:
            return [A.identity(x)]
    return [A.squeeze(x, axes)]


def _run_time_squeeze(ctx, axes: Tensor) -> Tensor:
    """Squeeze over axes a run gives: the input reshaped to its dims the axes do not name,
    once the run shows those they name are 1 (an empty axes input removes nothing)."""
    from ..ops.index_ops import boolean_mask

    x, rank, n = ctx.t(0), ctx.rank(0), ctx.shape(1)[0]
    if n == 0:
        return A.identity(x)
    hits, each_once = _axis_hits(ctx, axes, rank)
    named = R.reduce_any(hits, [1])
    dims = A.shape(x, out_type=_dt.int64)
    ones = R.reduce_all(M.logical_or(M.logical_not(named), M.equal(dims, 1)))
    ok = M.logical_and(each_once, ones)
    x = checked(x, ok, "Squeeze: an axis out of range, repeated, or of a dim other than 1")
    return ensure_shape(A.reshape(x, boolean_mask(dims, M.logical_not(named))), [None] * (rank - n))


def _kept_dims(ctx, x: Tensor, unknown: list[int]) -> Tensor:
    """Squeeze without axes keeps the dims whose length only run time knows (a batch): the
    output's rank must be known when the model is imported, so a run where one of them is
    1, which ONNX would remove, fails rather than answer in another rank."""
    dims = A.gather(A.shape(x, out_type=_dt.int64), ctx.const(unknown, np.int64))
    kept = R.reduce_all(M.not_equal(dims, ctx.const(1, np.int64)))
    return checked(
        x,
        kept,
        f"Squeeze without axes: dim {unknown} of its input is 1 in this run; it was not known "
        "when the model was imported, so graphgate keeps it (give the Squeeze axes)",
    )


def checked(x: Tensor, condition: Tensor, message: str) -> Tensor:
    """`x`, once `condition` holds at run time (the run fails with ASSERTION_FAILED and
    `message` otherwise): a rule ONNX applies to values graphgate only sees then."""
    from ..ops.debug_ops import Assert

    check = Assert(condition, [message])
    with x.graph.control_dependencies([check]):
        return A.identity(x)


@lowers("Unsqueeze", static=(1,), run_time=(1,))
def _unsqueeze(ctx):
    fed = _fed_axes(ctx)
    if fed is not None:
        return [_run_time_unsqueeze(ctx, fed)]
    axes = _axes_input(ctx)
    x = ctx.t(0)
    rank = ctx.rank(0) + len(axes)
    for a in sorted(_axis(a, rank) for a in axes):  # axes index the output
        x = A.expand_dims(x, a)
    return [x]


def _run_time_unsqueeze(ctx, axes: Tensor) -> Tensor:
    """Unsqueeze at axes a run gives (they index the output): each output dim is 1 where
    named, else the input's next dim, and the input reshaped to them."""
    x, n = ctx.t(0), ctx.shape(1)[0]
    rank = ctx.rank(0) + n
    hits, each_once = _axis_hits(ctx, axes, rank)
    named = R.reduce_any(hits, [1])
    source = M.subtract(M.cumsum(M.cast(M.logical_not(named), _dt.int64), 0), 1)
    dims = A.concat([A.shape(x, out_type=_dt.int64), ctx.const([1], np.int64)], 0)
    source = M.minimum(M.maximum(source, ctx.const(0, np.int64)), ctx.const(rank - n, np.int64))
    shape = where(named, ctx.const(1, np.int64), A.gather(dims, source))
    x = checked(x, each_once, "Unsqueeze: an axis out of range or repeated")
    return ensure_shape(A.reshape(x, shape), [None] * rank)


@lowers("Concat")
def _concat(ctx):
    ts = [ctx.t(i) for i in range(ctx.n_inputs) if ctx.has(i)]
    return [A.concat(ts, _axis(ctx.attr("axis"), ctx.rank(0)))]


def _split_sizes(ctx, dim) -> list[int] | int:
    sizes = ctx.ints(1, "split") if "split" not in ctx.attrs else list(ctx.attrs["split"])
    if sizes is not None:
        return sizes
    n = ctx.attr("num_outputs", ctx.n_outputs)
    if dim is None:
        return n
    if dim % n == 0:
        return n
    chunk = -(-dim // n)  # opset 18: the last part is smaller
    return [chunk] * (n - 1) + [dim - chunk * (n - 1)]


@lowers("Split", static=(1,), run_time=(1,))
def _split(ctx):
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", 0), rank)
    if ctx.has(1) and not isinstance(ctx.values[1], np.ndarray):
        if ctx.shape(1) != (ctx.n_outputs,):
            raise Unsupported(f"Split into {ctx.n_outputs} parts by sizes of another length")
        return _run_time_split(ctx, A.reshape(M.cast(ctx.t(1), _dt.int64), [-1]), axis, rank)
    dim = ctx.shape(0)[axis]
    sizes = _split_sizes(ctx, dim)
    if dim is None and isinstance(sizes, int) and "num_outputs" in ctx.attrs:
        # An axis only the run measures: opset 18's parts of ceil(dim / n), the last
        # smaller, as _split_sizes gives them for a known one.
        return _run_time_split(ctx, _num_outputs_sizes(ctx, axis, sizes), axis, rank)
    return A.split(ctx.t(0), sizes, axis)


def _num_outputs_sizes(ctx, axis: int, n: int) -> Tensor:
    i64 = np.int64
    dim = A.gather(A.shape(ctx.t(0), out_type=_dt.int64), ctx.const([axis], i64))
    chunk = M.floordiv(M.add(dim, ctx.const(n - 1, i64)), ctx.const(n, i64))
    last = M.subtract(dim, M.multiply(chunk, ctx.const(n - 1, i64)))
    return A.concat([A.fill(ctx.const([n - 1], i64), A.reshape(chunk, [])), last], 0)


def _run_time_split(ctx, sizes: Tensor, axis: int, rank: int) -> list[Tensor]:
    """Split by sizes a run gives: each part a slice from the sum of the sizes before it,
    once the run shows the sizes are whole and add up to the axis's length."""
    x, i64 = ctx.t(0), np.int64
    starts = M.cumsum(sizes, 0, exclusive=True)
    dim = A.gather(A.shape(x, out_type=_dt.int64), ctx.const(axis, i64))
    ok = M.logical_and(
        M.equal(R.reduce_sum(sizes), dim),
        R.reduce_all(M.greater_equal(sizes, ctx.const(0, i64))),
    )
    x = checked(x, ok, "Split: the sizes are negative or do not add up to the axis's length")
    at = ctx.const(np.eye(rank, dtype=i64)[axis], i64)  # 1 at the axis
    # Each part keeps the input's dims off the axis (its rank too, which later nodes read).
    dims = [None if i == axis else d for i, d in enumerate(ctx.shape(0))]
    parts = []
    for k in range(ctx.n_outputs):
        k = ctx.const(k, i64)
        size = M.subtract(M.multiply(at, M.add(A.gather(sizes, k), 1)), 1)  # -1 elsewhere
        parts.append(ensure_shape(A.slice(x, M.multiply(at, A.gather(starts, k)), size), dims))
    return parts


@lowers("Slice", static=(1, 2, 3, 4), run_time=(1, 2, 3, 4))
def _slice(ctx):
    if any(ctx.has(k) and not isinstance(ctx.values[k], np.ndarray) for k in (3, 4)):
        return [_gathered_slice(ctx)]
    if not all(isinstance(ctx.values[k], np.ndarray) for k in (1, 2)):
        return [_dynamic_slice(ctx)]
    starts, ends = ctx.ints(1, "starts"), ctx.ints(2, "ends")
    rank = ctx.rank(0)
    axes = ctx.ints(3, "axes") or list(range(len(starts)))
    steps = ctx.ints(4, "steps") or [1] * len(starts)
    if not len(starts) == len(ends) == len(axes) == len(steps):
        raise error(
            "INVALID_DOCUMENT",
            f"Slice's starts, ends, axes and steps have lengths {len(starts)}, {len(ends)}, "
            f"{len(axes)} and {len(steps)}",
        )
    index = [slice(None)] * rank
    dims = ctx.shape(0)
    backward = []  # (axis, start, end, step): see _run_time_backward_slice
    for a, s, e, st in zip(axes, starts, ends, steps, strict=True):
        if st == 0:
            raise Unsupported("Slice with a step of 0")
        if st < 0 and e in _SENTINEL_ENDS:
            # The spec clamps this end to the last index (an empty slice; onnx's inference
            # and reference evaluator agree) where onnxruntime, which the model's exporter
            # most likely checked it against, reads it as "through index 0". Either
            # reading would be a wrong number for a model that meant the other.
            raise Unsupported(
                f"Slice with a negative step and an end of {e}: the ONNX spec selects "
                "nothing, onnxruntime reads it as through index 0; write INT64_MIN for "
                "through index 0"
            )
        axis = _axis(a, rank)
        if dims[axis] is None and st < 0 and s < -1:
            backward.append((axis, s, e, st))
            continue
        index[axis] = _onnx_slice(s, e, st, dims[axis])
    y = A._strided_slice(ctx.t(0), tuple(index))
    for axis, s, e, st in backward:
        y = _run_time_backward_slice(ctx, y, axis, s, e, st)
    return [y]


def _run_time_backward_slice(ctx, x: Tensor, axis: int, start: int, end: int, step: int):
    """A negative-step Slice from start -k (k > 1) over an axis only run time sizes: ONNX
    starts at index 0 when the axis is shorter than k, where a Python slice selects
    nothing, so the indices are ONNX's, counted on the run-time length and gathered."""
    from ..ops.extra_array_ops import range as range_

    i64 = np.int64
    dim = A.gather(A.shape(x, out_type=_dt.int64), ctx.const(axis, i64))
    zero, one = ctx.const(0, i64), ctx.const(1, i64)
    last = M.subtract(dim, one)

    def bound(v: int, low: int) -> Tensor:  # from the end if negative, into [low, dim - 1]
        t = M.add(ctx.const(v, i64), dim) if v < 0 else ctx.const(v, i64)
        return M.minimum(M.maximum(t, ctx.const(low, i64)), last)

    first = bound(start, 0)
    stop = bound(max(end, -(2**62)), -1)  # an end of -dim-1 or below: through index 0
    stride = ctx.const(-step, i64)
    span = M.add(M.subtract(first, stop), ctx.const(-step - 1, i64))
    count = M.maximum(M.floordiv(span, stride), zero)  # ceil((first - stop) / -step)
    index = M.subtract(first, M.multiply(range_(zero, count, one, dtype=_dt.int64), stride))
    return A.gather(x, index, axis=axis)


def _dynamic_slice(ctx) -> Tensor:
    """Slice with starts and ends computed at run time (a loop's iteration count, say):
    each such axis keeps the indices ONNX's clamped range selects, by a mask over the
    axis's static length. Positive steps only, known when the model is imported."""
    x, rank = ctx.t(0), ctx.rank(0)
    n = _bounds_length(ctx)
    axes = ctx.ints(3, "axes") or list(range(n))
    steps = ctx.ints(4, "steps") or [1] * n
    if len(axes) != n or len(steps) != n:
        raise error(
            "INVALID_DOCUMENT", "Slice's starts, ends, axes and steps have different lengths"
        )
    dims = [x.static_shape[_axis(a, rank)] for a in axes]
    if any(st <= 0 or (d is None and st > 1) for st, d in zip(steps, dims, strict=True)):
        return _gathered_slice(ctx)
    starts, ends = (A.reshape(M.cast(ctx.t(k), np.int64), [-1]) for k in (1, 2))
    for k, (a, st) in enumerate(zip(axes, steps, strict=True)):
        axis = _axis(a, rank)
        dim = x.static_shape[axis] if x.static_shape is not None else None
        if dim is None:
            x = _run_time_length_slice(ctx, x, axis, A.gather(starts, k), A.gather(ends, k))
            continue
        idx = ctx.const(np.arange(dim), np.int64)
        zero = ctx.const(0, np.int64)
        lo, hi = (_clamped(A.gather(v, k), ctx.const(dim, np.int64), zero) for v in (starts, ends))
        keep = M.logical_and(M.greater_equal(idx, lo), M.less(idx, hi))
        if st > 1:
            on_step = M.equal(M.floormod(M.subtract(idx, lo), ctx.const(st, np.int64)), zero)
            keep = M.logical_and(keep, on_step)
        from ..ops.index_ops import boolean_mask

        x = boolean_mask(x, keep, axis=axis)
    return x


def _bounds_length(ctx) -> int:
    """How many axes a Slice with run-time bounds names: the length of its starts, which
    must be a vector whose length import knows (an unknown one was read as none, and the
    input came back unsliced)."""
    n = ctx.shape(1)
    if n is None or len(n) != 1 or n[0] is None:
        raise Unsupported("Slice with run-time starts of a length unknown at import")
    return n[0]


def _gathered_slice(ctx) -> Tensor:
    """Slice with axes or steps a run gives (ONNX's backend tests feed every input), or
    a negative step with run-time bounds: for each axis of the input, the start, end and
    step of the entry naming it (or the whole axis), clamped by ONNX's rules on the run's
    length, and the indices range(start, end, step) gathered along it."""
    from ..ops.extra_array_ops import range as range_

    x, rank = ctx.t(0), ctx.rank(0)
    n, i64 = _bounds_length(ctx), np.int64

    def vector(k: int, default) -> Tensor:
        if not ctx.has(k):
            return ctx.const(default, i64)
        return A.reshape(M.cast(ctx.t(k), _dt.int64), [-1])

    zero, one = ctx.const(0, i64), ctx.const(1, i64)
    starts, ends, steps = vector(1, None), vector(2, None), vector(4, np.ones(n))
    hits, each_once = _axis_hits(ctx, vector(3, np.arange(n)), rank)
    sentinel = M.logical_or(*(M.equal(ends, ctx.const(e, i64)) for e in _SENTINEL_ENDS))
    valid = [
        each_once,
        R.reduce_all(M.not_equal(steps, zero)),
        M.logical_not(R.reduce_any(M.logical_and(M.less(steps, zero), sentinel))),
    ]
    x = checked(
        x,
        R.reduce_all(A.stack(valid, 0)),
        "Slice: an axis out of range or repeated, a step of 0, or a negative step with an "
        f"end of {_SENTINEL_ENDS[0]} or {_SENTINEL_ENDS[1]} (the ONNX spec selects nothing, "
        "onnxruntime reads it as through index 0; write INT64_MIN for through index 0)",
    )
    steps = where(M.equal(steps, zero), A.ones_like(steps), steps)  # the check fails first
    dims = A.shape(x, out_type=_dt.int64)
    for i in range(rank):
        hit = A.gather(hits, ctx.const(i, i64))
        named = R.reduce_any(hit)

        def pick(v, default, hit=hit, named=named):
            return where(named, R.reduce_sum(where(hit, v, A.zeros_like(v))), default)

        dim = A.gather(dims, ctx.const(i, i64))
        step = pick(steps, one)
        back = M.less(step, zero)
        start, end = (pick(v, d) for v, d in ((starts, zero), (ends, dim)))
        start, end = (where(M.less(v, zero), M.add(v, dim), v) for v in (start, end))
        low, high = where(back, ctx.const(-1, i64), zero), where(back, M.subtract(dim, one), dim)
        start = M.minimum(M.maximum(start, zero), high)
        end = M.minimum(M.maximum(end, low), high)
        end = where(back, M.minimum(end, start), M.maximum(end, start))
        x = A.gather(x, range_(start, end, step, dtype=_dt.int64), axis=i)
    return x


def _run_time_length_slice(ctx, x: Tensor, axis: int, start: Tensor, end: Tensor) -> Tensor:
    """x[start:end] along an axis whose length only run time knows (tf2onnx crops a
    transposed convolution's output so), ONNX's clamping on the run-time length."""
    rank = len(x.static_shape)
    dim = A.reshape(A._strided_slice(A.shape(x, out_type=_dt.int64), (slice(axis, axis + 1),)), [])
    zero = ctx.const(0, np.int64)
    lo, hi = _clamped(start, dim, zero), _clamped(end, dim, zero)
    length = M.maximum(M.subtract(hi, lo), zero)
    at = ctx.const(np.eye(rank, dtype=np.int64)[axis], np.int64)  # 1 at the axis
    begin = M.multiply(at, lo)
    size = M.subtract(M.multiply(at, M.add(length, ctx.const(1, np.int64))), ctx.const(1, np.int64))
    return A.slice(x, begin, size)  # -1 (all) on every other axis


def _clamped(v: Tensor, size: Tensor, zero: Tensor) -> Tensor:
    """A run-time slice bound as ONNX reads it: negative counts from the end, then clamped
    into [0, dim]."""
    v = where(M.less(v, zero), M.add(v, size), v)
    return M.minimum(M.maximum(v, zero), size)


_INT64_MAX = 2**63 - 1
_SENTINEL_ENDS = (2**31 - 1, _INT64_MAX)  # the ends onnxruntime reads as numpy's None


def _onnx_slice(start: int, end: int, step: int, dim: int | None = None) -> slice:
    # ONNX clamps like Python's slices, except that an end of -dim-1 or below with a negative
    # step means "through index 0", which a Python end of None says without knowing dim,
    # and that a negative step from a start of -dim-1 or below starts at index 0, where
    # Python's slice selects nothing (for an unknown dim, see _run_time_backward_slice).
    if step < 0 and end <= -(2**31):
        end = None
    if step < 0 and dim is not None and start < -dim:
        start = 0
    # A huge end with a negative step is clamped to dim - 1, as Python's slice clamps it
    # (the sentinels INT32_MAX and INT64_MAX are refused before, see _slice).
    if step > 0 and end is not None and end >= _INT64_MAX // 2:
        end = None
    return slice(start, end, step)


@lowers("Gather", static=())
def _gather(ctx):
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", 0), rank)
    idx = ctx.values[1]
    dim = ctx.shape(0)[axis]
    if isinstance(idx, np.ndarray):
        idx = idx.astype(np.int64)
        if dim is not None:
            idx = np.where(idx < 0, idx + dim, idx)  # ONNX allows negative indices
            return [A.gather(ctx.t(0), ctx.const(idx, np.int64), axis=axis)]
    x, i = ctx.t(0), ctx.t(1)
    d = ctx.const(dim, i.dtype) if dim is not None else M.cast(A.gather(A.shape(x), axis), i.dtype)
    i = where(M.less(i, ctx.const(0, i.dtype)), M.add(i, d), i)
    return [A.gather(x, i, axis=axis)]


@lowers("Shape")
def _shape(ctx):
    src = ctx.shape(0)
    if src is None:
        raise Unsupported("Shape of an input of unknown rank")
    start, end = ctx.attr("start", 0), ctx.attr("end", None)
    sl = slice(start, end)
    if None not in src:
        return [np.array(src, np.int64)[sl]]
    x = ctx.t(0)

    def runtime():
        s = M.cast(A.shape(x), _dt.int64)
        return s if (start, end) == (0, None) else A._strided_slice(s, (sl,))

    dims = np.array([Dim(x, i) if d is None else d for i, d in enumerate(src)], object)
    return [Partial(dims[sl], runtime)]


@lowers("Size")
def _size(ctx):
    src = ctx.shape(0)
    if src is not None and None not in src:
        return [np.array(int(np.prod(src, dtype=np.int64)), np.int64)]
    return [M.cast(A.size(ctx.t(0)), _dt.int64)]


@lowers("Expand")
def _expand(ctx):
    x = ctx.t(0)
    if isinstance(ctx.values[1], np.ndarray):
        dims = ctx.ints(1, "shape")
    else:  # a shape the graph computes (Shape of a run-time batch): a tensor
        dims = M.cast(ctx.t(1), _dt.int64)
    true = A.fill(dims, constant_op(ctx.graph, np.array(True)))
    # where(all-true, x, x) broadcasts x to broadcast(x.shape, dims) for any dtype, exactly.
    return [where(true, x, x)]


@lowers("Tile", static=(1,), run_time=(1,))
def _tile(ctx):
    if not isinstance(ctx.values[1], np.ndarray):  # repeats the graph computes
        return [A.tile(ctx.t(0), M.cast(ctx.t(1), _dt.int64))]
    return [A.tile(ctx.t(0), ctx.ints(1, "repeats"))]


@lowers("ConstantOfShape", static=(0,), run_time=(0,))
def _constant_of_shape(ctx):
    value = ctx.attr("value")
    value = np.zeros(1, np.float32) if value is None else value
    value = np.reshape(value, ())
    if not isinstance(ctx.values[0], np.ndarray):  # a shape the graph computes
        return [A.fill(M.cast(ctx.t(0), _dt.int64), constant_op(ctx.graph, value))]
    dims = ctx.ints(0, "shape")
    if int(np.prod(dims, dtype=np.int64)) <= _SMALL:
        return [np.full(dims, value, value.dtype)]
    return [A.fill(dims, constant_op(ctx.graph, value))]


@lowers("Range", static=(0, 1, 2), run_time=(0, 1, 2))
def _range(ctx):
    dtype = ctx.dtype(0)
    if not all(isinstance(ctx.values[i], np.ndarray) for i in range(3)):
        # Bounds computed at run time (a sequence length, a cache's position): the engine's
        # range, whose length ceil((limit - start) / delta) is ONNX's where it is positive.
        from ..ops.extra_array_ops import range as range_

        # The engine's range has no float16: float64, as the import-time path computes.
        wide = np.float64 if dtype == np.float16 else dtype
        start, limit, delta = (A.reshape(M.cast(ctx.t(i), wide), []) for i in range(3))
        # ONNX's length is max(..., 0): a limit behind the start (for delta's sign) is an
        # empty range, where TF's (the engine's) refuses it ("Requires start <= limit").
        zero = ctx.const(0, wide)
        limit = where(M.greater(delta, zero), M.maximum(limit, start), M.minimum(limit, start))
        y = range_(start, limit, delta, dtype=wide)
        return [y if wide == dtype else M.cast(y, dtype)]
    start, limit, delta = (ctx.static(i).item() for i in range(3))
    if delta == 0 or not all(math.isfinite(v) for v in (start, limit, delta)):
        # onnxruntime: "delta in Range operator can not be zero" (here a ZeroDivisionError)
        raise error(
            "INVALID_ATTR",
            f"Range needs finite bounds and a delta other than 0, got {[start, limit, delta]}",
        )
    n = max(math.ceil((limit - start) / delta), 0)
    if n > _BIG:
        raise Unsupported(f"Range of {n} elements")
    return [
        (start + np.arange(n, dtype=np.float64 if dtype.kind == "f" else np.int64) * delta).astype(
            dtype
        )
    ]


_SMALL = 1 << 16  # statically known values up to this many elements stay folded
_BIG = 100_000_000


# -- constants -----------------------------------------------------------------------------


@lowers("Constant")
def _constant(ctx):
    a = ctx.attrs
    if "value" in a:
        return [a["value"]]
    if "value_float" in a:
        return [np.array(a["value_float"], np.float32)]
    if "value_floats" in a:
        return [np.array(a["value_floats"], np.float32)]
    if "value_int" in a:
        return [np.array(a["value_int"], np.int64)]
    if "value_ints" in a:
        return [np.array(a["value_ints"], np.int64)]
    raise Unsupported(f"a Constant given as {', '.join(a) or 'nothing'}")


def _constant_check(attrs, opset):
    if not {"value", "value_float", "value_floats", "value_int", "value_ints"} & set(attrs):
        return f"a Constant given as {', '.join(attrs) or 'nothing'}"
    return None


LOWERINGS["Constant"].check = _constant_check


# -- padding -------------------------------------------------------------------------------


def _pad_check(attrs, opset):
    mode = attrs.get("mode", "constant")
    if mode not in ("constant", "reflect", "edge", "wrap"):
        return f"Pad mode {mode!r}"
    return None


@lowers("Pad", static=(1, 3), check=_pad_check, run_time=(1, 3))
def _pad(ctx):
    x = ctx.t(0)
    rank = ctx.rank(0)
    if "pads" not in ctx.attrs and any(
        ctx.has(k) and not isinstance(ctx.values[k], np.ndarray) for k in (1, 3)
    ):
        return [_run_time_pad(ctx, x, rank)]
    pads = ctx.ints(1, "pads") if "pads" not in ctx.attrs else list(ctx.attrs["pads"])
    axes = ctx.ints(3, "axes")
    axes = list(range(rank)) if axes is None else [_axis(a, rank) for a in axes]
    n = len(axes)
    before, after = [0] * rank, [0] * rank
    for k, a in enumerate(axes):
        before[a], after[a] = pads[k], pads[k + n]
    value = ctx.values[2] if ctx.has(2) else None
    value = 0.0 if value is None else value.item() if isinstance(value, np.ndarray) else value
    mode = ctx.attr("mode", "constant")
    # Negative pads crop: slice first, then pad by the positive parts.
    if any(p < 0 for p in before + after):
        if mode != "constant":
            _check_crop(ctx.shape(0) or (None,) * rank, before, after, mode)
        index = tuple(
            slice(-b if b < 0 else None, a if a < 0 else None)
            for b, a in zip(before, after, strict=True)
        )
        x = A._strided_slice(x, index)
        before = [max(b, 0) for b in before]
        after = [max(a, 0) for a in after]
    if mode == "constant":
        pairs = [list(p) for p in zip(before, after, strict=True)]
        if isinstance(value, float | int | bool) and float(value) == value:
            return [A.pad(x, pairs, constant_values=value)]
        # A value known only at run time (or one a float attribute would round): select it
        # wherever a padded mask is False.
        inside = A.pad(A.ones_like(x, dtype=_dt.bool_), pairs)
        fill = M.cast(ctx.t(2), x.dtype) if ctx.has(2) else ctx.const(value, x.dtype)
        return [where(inside, A.pad(x, pairs), A.reshape(fill, []))]
    for a in range(rank):
        if before[a] or after[a]:
            x = _pad_axis(x, a, before[a], after[a], mode)
    return [x]


def _check_crop(dims, before, after, mode) -> None:
    """onnxruntime refuses edge, reflect and wrap padding where negative pads crop an axis
    to nothing (ONNX's reference evaluator takes no negative pads in these modes)."""
    for a, (d, b, e) in enumerate(zip(dims, before, after, strict=True)):
        if min(b, e) < 0 and d is not None and d + min(b, 0) + min(e, 0) <= 0:
            raise Unsupported(f"Pad {mode}: negative pads crop axis {a} to nothing")


def _run_time_pad(ctx, x, rank: int):
    """Padding by pads the graph computes (a centre crop-or-pad's arithmetic), on the axes
    given: negative pads crop first, as over static pads; then constant padding is the
    engine's pad by a tensor of [begin, end] pairs, and edge, reflect and wrap gather each
    axis's positions, counted when the run comes."""
    i64 = np.int64
    if ctx.has(3) and not isinstance(ctx.values[3], np.ndarray):
        pairs, axes = _pairs_on_fed_axes(ctx, rank), list(range(rank))
    else:
        axes = ctx.ints(3, "axes")
        axes = list(range(rank)) if axes is None else [_axis(a, rank) for a in axes]
        n = len(axes)
        pads = A.concat([A.reshape(M.cast(ctx.t(1), _dt.int64), [-1]), ctx.const([0], i64)], 0)
        index = np.full((rank, 2), 2 * n, i64)  # an axis not in `axes` reads the appended 0
        for k, a in enumerate(axes):
            index[a] = [k, k + n]
        pairs = A.gather(pads, ctx.const(index, i64))
    zero = ctx.const(0, i64)
    crop = M.maximum(M.negative(pairs), zero)
    begin = A.gather(crop, ctx.const(0, i64), axis=1)
    size = M.subtract(
        M.subtract(A.shape(x, out_type=_dt.int64), begin), A.gather(crop, ctx.const(1, i64), axis=1)
    )
    x = A.slice(x, begin, size)
    pairs = M.maximum(pairs, zero)
    mode = ctx.attr("mode", "constant")
    if mode != "constant":
        # onnxruntime refuses edge, reflect and wrap where cropping empties an axis
        cropped = M.greater(M.add(begin, A.gather(crop, ctx.const(1, i64), axis=1)), zero)
        kept = R.reduce_all(M.logical_or(M.logical_not(cropped), M.greater(size, zero)))
        x = checked(x, kept, f"Pad {mode}: negative pads crop an axis to nothing")
        for a in axes:
            b, e = (A.gather(A.gather(pairs, ctx.const(a, i64)), ctx.const(j, i64)) for j in (0, 1))
            x = _run_time_pad_positions(ctx, x, a, b, e, mode)
        return x
    value = ctx.values[2] if ctx.has(2) else np.array(0.0)
    if isinstance(value, np.ndarray) and float(value.item()) == value.item():
        return A.pad(x, pairs, constant_values=value.item())
    # a value known only at run time: selected wherever a padded mask is False
    inside = A.pad(A.ones_like(x, dtype=_dt.bool_), pairs)
    return where(inside, A.pad(x, pairs), A.reshape(M.cast(ctx.t(2), x.dtype), []))


def _pairs_on_fed_axes(ctx, rank: int) -> Tensor:
    """Pad's [begin, end] per axis of the input where a run gives the axes: each axis's
    pads are those of the entry naming it (0 for none), once the run shows the axes in
    range and none repeated."""
    n = ctx.shape(3)
    if n is None or len(n) != 1 or n[0] is None:
        raise Unsupported("Pad axes a run gives, of a length unknown at import")
    hits, each_once = _axis_hits(ctx, A.reshape(M.cast(ctx.t(3), _dt.int64), [-1]), rank)
    pads = A.reshape(M.cast(ctx.t(1), _dt.int64), [2, -1])  # [begins, ends]
    zeros = ctx.const(np.zeros((rank, n[0]), np.int64), np.int64)
    pairs = A.stack(
        [
            R.reduce_sum(where(hits, A.gather(pads, ctx.const(j, np.int64)), zeros), [1])
            for j in (0, 1)
        ],
        1,
    )
    return checked(pairs, each_once, "Pad: an axis out of range or repeated")


def _run_time_pad_positions(ctx, x, axis: int, b: Tensor, e: Tensor, mode: str) -> Tensor:
    """Edge, reflect or wrap padding by `b` before and `e` after (run-time, >= 0) along
    `axis`: the padded axis's positions -b .. dim + e - 1 mapped into the input and
    gathered, after a check that the axis is long enough (the static path's rule)."""
    from ..ops.extra_array_ops import range as range_

    i64 = np.int64
    one = ctx.const(1, i64)
    dim = A.gather(A.shape(x, out_type=_dt.int64), ctx.const(axis, i64))
    pos = range_(M.negative(b), M.add(dim, e), one, dtype=_dt.int64)
    last = M.subtract(dim, one)
    wide = M.maximum(b, e)
    if mode == "edge":
        ok = M.logical_or(M.equal(wide, ctx.const(0, i64)), M.greater_equal(dim, one))
        pos = M.minimum(M.maximum(pos, ctx.const(0, i64)), last)
    elif mode == "reflect":
        ok = M.logical_or(M.equal(wide, ctx.const(0, i64)), M.greater(dim, wide))
        pos = M.abs(pos)
        pos = M.minimum(pos, M.subtract(M.multiply(ctx.const(2, i64), last), pos))
    else:  # wrap
        ok = M.logical_or(
            M.equal(wide, ctx.const(0, i64)),
            M.logical_and(M.greater_equal(dim, wide), M.greater_equal(dim, one)),
        )
        pos = M.floormod(pos, M.maximum(dim, one))
    y = A.gather(x, pos, axis=axis)
    return checked(y, ok, f"Pad {mode}: the axis is shorter than the padding needs")


def _take(x, axis, sl):
    index = (slice(None),) * axis + (sl,)
    return A._strided_slice(x, index)


def _pad_axis(x, axis, b, a, mode):
    dim = x.static_shape[axis]
    if dim is None:
        return _run_time_pad_axis(x, axis, b, a, mode)
    if mode == "reflect" and (b >= dim or a >= dim):
        raise Unsupported("reflect padding wider than the axis")
    if mode == "wrap" and (b > dim or a > dim):
        raise Unsupported("wrap padding wider than the axis")
    return A.concat(_pad_parts(x, axis, b, a, mode), axis)


def _pad_parts(x, axis, b, a, mode):
    """The pieces edge, reflect or wrap padding joins along `axis` around `x`: slices
    counted from either end, so that they serve an axis whose length only run time knows."""
    parts = []
    if mode == "edge":
        mult = [1] * len(x.static_shape)
        if b:
            mult[axis] = b
            parts.append(A.tile(_take(x, axis, slice(0, 1)), mult))
        parts.append(x)
        if a:
            mult[axis] = a
            parts.append(A.tile(_take(x, axis, slice(-1, None)), mult))
    elif mode == "reflect":
        if b:
            parts.append(_take(x, axis, slice(b, 0, -1)))
        parts.append(x)
        if a:
            parts.append(_take(x, axis, slice(-2, -2 - a, -1)))
    else:  # wrap
        if b:
            parts.append(_take(x, axis, slice(-b, None)))
        parts.append(x)
        if a:
            parts.append(_take(x, axis, slice(0, a)))
    return parts


def _run_time_pad_axis(x, axis, b, a, mode):
    """Edge, reflect or wrap padding along an axis whose length only run time knows (torch's
    F.pad(mode="reflect") over a dynamic image), with a run-time check that the axis is long
    enough for reflect and wrap, where clamped slices would quietly take fewer elements."""
    need = {"edge": 1, "reflect": max(a, b) + 1}.get(mode, max(a, b, 1))
    dim = A.gather(A.shape(x, out_type=_dt.int64), constant_op(x.graph, np.int64(axis)))
    long_enough = M.greater_equal(dim, constant_op(x.graph, np.int64(need)))
    return checked(
        A.concat(_pad_parts(x, axis, b, a, mode), axis),
        long_enough,
        f"Pad {mode}: the axis is shorter than the padding needs",
    )


# -- reductions ----------------------------------------------------------------------------

_REDUCE = {
    "ReduceSum": R.reduce_sum,
    "ReduceMean": R.reduce_mean,
    "ReduceMax": R.reduce_max,
    "ReduceMin": R.reduce_min,
    "ReduceProd": R.reduce_prod,
    "ReduceLogSumExp": R.reduce_logsumexp,
    "ReduceL1": None,
    "ReduceL2": None,
    "ReduceSumSquare": None,
    "ReduceLogSum": None,
}


@lowers(*_REDUCE, static=(1,), run_time=(1,))
def _reduce(ctx):
    x = ctx.t(0)
    axes = _reduce_axes(ctx)
    keep = bool(ctx.attr("keepdims", 1))
    if axes is None or (isinstance(axes, list) and not axes):
        # A reduction over no axes still takes its other steps (ReduceL1 is |x|, ReduceLogSum
        # log x): the attribute's text since opset 18, and onnxruntime's answer.
        axes = [] if ctx.attr("noop_with_empty_axes", 0) else None
    if x.static_shape is not None and len(x.static_shape) == 0:
        axes = None
    y = _reduced(ctx, x, axes, keep)
    if isinstance(axes, Tensor) and not keep:
        # The engine's reduction over run-time axes keeps only the rank of a keepdims
        # result; without keepdims the rank is the input's less the axes' count.
        y = ensure_shape(y, [None] * (ctx.rank(0) - ctx.shape(1)[0]))
    return [y]


def _reduce_axes(ctx) -> list[int] | Tensor | None:
    """The axes attribute or input; a run-time input (a graph input) as a tensor, whose
    length must be known at import: it sets the output's rank."""
    if "axes" in ctx.attrs or not ctx.has(1) or isinstance(ctx.values[1], np.ndarray):
        return _axes_input(ctx)
    n = ctx.shape(1)
    if n is None or len(n) != 1 or n[0] is None:
        raise Unsupported("reduction axes computed at run time, of a length unknown at import")
    if ctx.shape(0) is None:
        raise Unsupported("reduction over run-time axes of an input of unknown rank")
    return [] if n[0] == 0 else ctx.t(1)


def _reduced(ctx, x: Tensor, axes, keep: bool) -> Tensor:
    t = ctx.op_type
    if t == "ReduceL1":
        return R.reduce_sum(M.abs(x), axes, keep)
    if t == "ReduceL2":
        return M.sqrt(R.reduce_sum(M.multiply(x, x), axes, keep))
    if t == "ReduceSumSquare":
        return R.reduce_sum(M.multiply(x, x), axes, keep)
    if t == "ReduceLogSum" or (t == "ReduceLogSumExp" and _empty_reduction(x, axes)):
        # Over an empty set ONNX's log-sum-exp is log(0) = -inf; the engine's op (TF's)
        # refuses to reduce nothing, so the sum is spelled out.
        y = x if t == "ReduceLogSum" else M.exp(x)
        return M.log(R.reduce_sum(y, axes, keep))
    if x.dtype == _dt.bool_ and t in ("ReduceMax", "ReduceMin"):
        # any / all; over an empty set int32's extremes compare to False / True as ONNX says.
        y = _REDUCE[t](M.cast(x, _dt.int32), axes, keep)
        return M.greater(y, ctx.const(0, _dt.int32))
    return _REDUCE[t](x, axes, keep)


def _empty_reduction(x: Tensor, axes) -> bool:
    shape = x.static_shape
    if shape is None:
        return False
    if isinstance(axes, Tensor):  # x is empty: its log-sum-exp needs no shift
        return 0 in shape
    picked = range(len(shape)) if axes is None else axes
    return any(shape[a] == 0 for a in picked)


@lowers("ArgMax", "ArgMin")
def _arg(ctx):
    x = ctx.t(0)
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", 0), rank)
    fn = R.argmax if ctx.op_type == "ArgMax" else R.argmin
    if ctx.attr("select_last_index", 0):
        dim = ctx.shape(0)[axis]
        if dim is None:
            raise Unsupported("select_last_index along an axis of unknown size")
        rev = _take(x, axis, slice(None, None, -1))
        y = M.subtract(ctx.const(dim - 1, np.int64), fn(rev, axis))
    else:
        y = fn(x, axis)
    if ctx.attr("keepdims", 1):
        y = A.expand_dims(y, axis)
    return [y]


# -- normalization (no convolution needed) -------------------------------------------------


def _channel_param(ctx, t: Tensor, rank: int) -> Tensor:
    """A per-channel [C] vector shaped [C, 1, ...] to broadcast over NC... inputs."""
    return A.reshape(t, [-1] + [1] * (rank - 2))


@lowers("BatchNormalization")
def _batch_norm(ctx):
    x = ctx.t(0)
    rank = ctx.rank(0)
    scale, bias, mean, var = (_channel_param(ctx, ctx.t(i), rank) for i in range(1, 5))
    eps = ctx.const(ctx.attr("epsilon", 1e-5), var.dtype)
    training = bool(ctx.attr("training_mode", 0))
    if training:
        # The batch's own statistics (population variance), and running statistics moved
        # toward them by `momentum`, as ONNX's reference.
        axes = [a for a in range(rank) if a != 1]
        batch_mean = R.reduce_mean(x, axes, keepdims=True)
        centered = M.subtract(x, batch_mean)
        batch_var = R.reduce_mean(M.multiply(centered, centered), axes, keepdims=True)
        momentum = ctx.const(ctx.attr("momentum", 0.9), x.dtype)
        rest = ctx.const(1 - ctx.attr("momentum", 0.9), x.dtype)
        running = [
            A.reshape(M.add(M.multiply(old, momentum), M.multiply(new, rest)), [-1])
            for old, new in ((mean, batch_mean), (var, batch_var))
        ]
        mean, var = batch_mean, batch_var
    if training:
        # ONNX's reference order: (x - mean) / sqrt(var + eps) * scale + bias.
        y = M.divide(M.subtract(x, mean), M.sqrt(M.add(var, eps)))
        return [M.add(M.multiply(y, scale), bias), *running]
    # onnxruntime's order, two passes over x rather than four: x * k + (bias - mean * k)
    # with k = scale / sqrt(var + eps) per channel.
    k = M.multiply(M.reciprocal(M.sqrt(M.add(var, eps))), scale)
    return [M.add(M.multiply(x, k), M.subtract(bias, M.multiply(mean, k)))]


@lowers("InstanceNormalization")
def _instance_norm(ctx):
    x = ctx.t(0)
    rank = ctx.rank(0)
    axes = list(range(2, rank))
    scale, bias = (_channel_param(ctx, ctx.t(i), rank) for i in (1, 2))
    mean = R.reduce_mean(x, axes, keepdims=True)
    var = R.reduce_mean(M.square(M.subtract(x, mean)), axes, keepdims=True)
    eps = ctx.const(ctx.attr("epsilon", 1e-5), x.dtype)
    y = M.divide(M.subtract(x, mean), M.sqrt(M.add(var, eps)))
    return [M.add(M.multiply(y, scale), bias)]


@lowers("LayerNormalization")
def _layer_norm(ctx):
    x = ctx.t(0)
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", -1), rank)
    axes = list(range(axis, rank))
    mean = R.reduce_mean(x, axes, keepdims=True)
    centered = M.subtract(x, mean)
    var = R.reduce_mean(M.multiply(centered, centered), axes, keepdims=True)
    inv_std = M.reciprocal(M.sqrt(M.add(var, ctx.const(ctx.attr("epsilon", 1e-5), x.dtype))))
    y = M.multiply(centered, inv_std)
    y = M.multiply(y, ctx.t(1))
    if ctx.has(2):
        y = M.add(y, ctx.t(2))
    return [y, mean, inv_std][: max(ctx.n_outputs, 1)]


@lowers("GlobalAveragePool", "GlobalMaxPool")
def _global_pool(ctx):
    x = ctx.t(0)
    axes = list(range(2, ctx.rank(0)))
    fn = R.reduce_mean if ctx.op_type == "GlobalAveragePool" else R.reduce_max
    xh = _as_nhwc(x) if len(axes) == 2 else None
    if xh is not None:  # reduced where it was computed: [N, 1, 1, C] is cheap to transpose
        return [_nchw(fn(xh, [1, 2], keepdims=True))]
    return [fn(x, axes, keepdims=True)]


@lowers("OneHot", static=(1, 2), run_time=(1, 2))
def _one_hot(ctx):
    idx = ctx.t(0)
    if idx.dtype not in _dt.INTS:
        idx = M.cast(idx, _dt.int64)  # ONNX casts float indices, truncating
    # A depth below 1 fails onnxruntime's run ("Depth is negative", 0 too; the spec leaves
    # 0 unsaid, its reference evaluator answers [..., 0]): refused as onnxruntime does.
    if isinstance(ctx.values[1], np.ndarray):
        depth = int(ctx.static(1, "depth").item())
        if depth < 1:
            raise error("INVALID_ATTR", f"OneHot's depth must be positive, got {depth}")
        size = ctx.const(depth, idx.dtype)
    else:  # a depth the graph computes: the engine's one_hot of a depth tensor
        depth = A.reshape(M.cast(ctx.t(1), _dt.int32), [])
        depth = checked(depth, M.greater(depth, 0), "OneHot's depth must be positive")
        size = M.cast(depth, idx.dtype)
    # Negative indices count from the end in ONNX.
    idx = where(M.less(idx, ctx.const(0, idx.dtype)), M.add(idx, size), idx)
    axis = ctx.attr("axis", -1)
    axis = axis + ctx.rank(0) + 1 if axis < 0 else axis  # of the output's rank
    if not isinstance(ctx.values[2], np.ndarray):  # [off, on] a run gives: selected
        hot = A.one_hot(idx, depth, on_value=True, off_value=False, axis=axis, dtype=_dt.bool_)
        values = A.reshape(ctx.t(2), [-1])
        off, on = (A.gather(values, ctx.const(i, np.int64)) for i in (0, 1))
        return [where(hot, on, off)]
    values = ctx.static(2, "values")
    off, on = values.reshape(-1)[:2]
    if values.dtype.kind not in "fiub":
        raise Unsupported(f"OneHot values of dtype {values.dtype}")
    return [
        A.one_hot(
            idx,
            depth,
            on_value=on,  # numpy scalars of the values' dtype, as one_hot checks it
            off_value=off,
            axis=axis,
            dtype=values.dtype,
        )
    ]


# -- ai.onnx.ml: what scikit-learn pipelines export (skl2onnx) -----------------------------


@lowers("ai.onnx.ml.Scaler")
def _scaler(ctx):
    x = M.cast(ctx.t(0), _dt.float32)  # the spec's output is float
    offset = ctx.const(ctx.attr("offset", [0.0]), _dt.float32)
    scale = ctx.const(ctx.attr("scale", [1.0]), _dt.float32)
    return [M.multiply(M.subtract(x, offset), scale)]


def _linear_classifier_check(attrs, opset):
    if "classlabels_ints" not in attrs:
        return "LinearClassifier with string class labels (graphgate has no string tensors)"
    n = len(attrs["classlabels_ints"])
    if len(attrs.get("coefficients", ())) % max(len(attrs.get("intercepts", ())), 1):
        return "LinearClassifier whose coefficients do not match its intercepts"
    if len(attrs.get("intercepts", ())) != n:
        return "a binary LinearClassifier (one score for two classes)"
    if attrs.get("post_transform", "NONE") not in ("NONE", "SOFTMAX", "LOGISTIC"):
        return f"LinearClassifier post_transform {attrs['post_transform']}"
    return None


@lowers("ai.onnx.ml.LinearClassifier", check=_linear_classifier_check)
def _linear_classifier(ctx):
    reason = _linear_classifier_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    x = M.cast(ctx.t(0), _dt.float32)
    labels = np.array(ctx.attr("classlabels_ints"), np.int64)
    coef = np.array(ctx.attr("coefficients"), np.float32).reshape(len(labels), -1)
    scores = M.add(
        M.matmul(x, ctx.const(coef, _dt.float32), transpose_b=True),
        ctx.const(ctx.attr("intercepts"), _dt.float32),
    )
    post = ctx.attr("post_transform", "NONE")
    if post == "SOFTMAX":
        scores = N.softmax(scores)
    elif post == "LOGISTIC":
        scores = M.sigmoid(scores)
    label = A.gather(ctx.const(labels, np.int64), R.argmax(scores, 1))
    return [label, scores]


@lowers("ai.onnx.ml.Normalizer")
def _normalizer(ctx):
    x = M.cast(ctx.t(0), _dt.float32)
    norm = ctx.attr("norm", "MAX")
    if norm == "MAX":
        d = R.reduce_max(x, [-1], keepdims=True)
    elif norm == "L1":
        d = R.reduce_sum(M.abs(x), [-1], keepdims=True)
    elif norm == "L2":
        d = M.sqrt(R.reduce_sum(M.multiply(x, x), [-1], keepdims=True))
    else:
        raise Unsupported(f"Normalizer norm {norm!r}")
    return [M.divide(x, d)]


@lowers("ai.onnx.ml.ArrayFeatureExtractor")
def _array_feature_extractor(ctx):
    x, idx = ctx.t(0), ctx.t(1)
    rank = ctx.rank(0)
    # onnxruntime's output ends in one entry per index, a scalar index included
    y = A.gather(x, A.reshape(idx, [-1]), axis=rank - 1)
    return [A.expand_dims(y, 0) if rank == 1 else y]  # onnxruntime's [1, n] for 1-D data


# -- convolution and pooling: ONNX's NCHW around the engine's NHWC ops ---------------------


def _conv_ops():
    try:
        from ..ops import conv_ops
    except ImportError:
        return None
    return conv_ops if _registry.known("Conv2D") else None


_NO_CONV = "needs the engine's convolution and pooling ops, which this graphgate lacks"


_POOLS = ("MaxPool", "AveragePool", "LpPool")


class _EngineSame(Exception):
    """SAME_UPPER padding that only run time can size: TensorFlow's SAME, the same rule."""


def _spatial_pads(
    ctx, sizes, kernel, strides, dilations, engine_same: bool = False
) -> tuple[list[int], list[int]]:
    """ONNX's (begin, end) padding per spatial axis, from `pads` or `auto_pad`; with
    `engine_same`, raises _EngineSame where SAME_UPPER needs a size only run time knows."""
    n = len(kernel)
    auto = ctx.attr("auto_pad", "NOTSET")
    if auto in ("NOTSET", ""):
        pads = list(ctx.attr("pads", [0] * 2 * n))
        return pads[:n], pads[n:]
    if auto == "VALID":
        return [0] * n, [0] * n
    dilated = any(d != 1 and k != 1 for k, d in zip(kernel, dilations, strict=True))
    if ctx.op_type in _POOLS and dilated:
        # The spec pads for the dilated window; onnxruntime pads as if it were undilated.
        raise Unsupported(f"{ctx.op_type} auto_pad {auto} with dilations (onnxruntime differs)")
    begin, end = [], []
    for size, k, s, d in zip(sizes, kernel, strides, dilations, strict=True):
        if size is None and s != 1:
            if engine_same and auto == "SAME_UPPER":
                raise _EngineSame()
            raise Unsupported(f"auto_pad {auto} with stride {s} over a dim unknown at import")
        # With stride 1 the padding is (k - 1) * d whatever the size (a sequence axis that
        # only run time knows: Keras's Conv1D padding="same" through tf2onnx).
        out = size if s == 1 else -(-size // s)
        total = (k - 1) * d if s == 1 else max((out - 1) * s + (k - 1) * d + 1 - size, 0)
        small, big = total // 2, total - total // 2
        begin.append(small if auto == "SAME_UPPER" else big)
        end.append(big if auto == "SAME_UPPER" else small)
    return begin, end


def _window_check(attrs, opset):
    if _conv_ops() is None:
        return _NO_CONV
    return None


def _transpose_check(attrs, opset):
    strides, dil = attrs.get("strides", ()), attrs.get("dilations", ())
    if len(strides) == 3 and any(s > 1 for s in strides) and any(d > 1 for d in dil):
        return "strides and dilations both greater than 1 over a volume"
    return _window_check(attrs, opset)


def _nhwc(x):
    y = _as_nhwc(x)
    if y is None:
        y = _transposed(x, [0, 2, 3, 1])
        if _top_level(x.graph):  # the next reader of x in NHWC takes this one
            _NHWC_MEMO.setdefault(x.graph, {})[(x.op, x.value_index)] = y
    return y


# Elementwise engine ops (of the lowerings of Relu, Sigmoid, Clip, HardSwish, BatchNorm...)
# that give the same numbers in either layout: an NCHW chain of them between an NHWC op and
# the next is redone in NHWC, so no full-size transposes go back and forth between them.
_LAYOUT_FREE_UNARY = frozenset(
    [
        "Relu",
        "Relu6",
        "Elu",
        "Selu",
        "Sigmoid",
        "Tanh",
        "Softplus",
        "Neg",
        "Abs",
        "Exp",
        "Erf",
        "Sqrt",
        "Square",
        "Identity",
        "LeakyRelu",
        "Floor",
        "Ceil",
        "Reciprocal",
    ]
)
_LAYOUT_FREE_BINARY = frozenset(
    ("Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow")
)
_NHWC_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_NHWC_DEPTH = 64  # a longer chain than this is transposed rather than followed


def _as_nhwc(x, depth: int = 0):
    """NHWC `x`, built without transposing a full-size tensor, or None where it cannot be:
    `x` undoes a transpose to NHWC, or applies layout-free elementwise ops to such values
    and to per-channel or single values. The NCHW original stays in the graph (other nodes
    may read it); a session runs only what its fetches need."""
    shape = x.static_shape
    if shape is None or len(shape) != 4 or depth > _NHWC_DEPTH or not _top_level(x.graph):
        return None
    memo = _NHWC_MEMO.setdefault(x.graph, {})
    key = (x.op, x.value_index)
    if key in memo:
        return memo[key]
    memo[key] = None  # while in progress, and if it fails
    op = x.op
    out = None
    if op.type == "Transpose" and tuple(op.attrs.get("perm", ())) == (0, 3, 1, 2):
        out = op.inputs[0]
    elif op.type in _LAYOUT_FREE_UNARY and len(op.inputs) == 1:
        inner = _as_nhwc(op.inputs[0], depth + 1)
        if inner is not None:
            out = _clone(op, [inner])
    elif op.type in _LAYOUT_FREE_BINARY and len(op.inputs) == 2:
        ins = [_operand_nhwc(t, shape, depth + 1) for t in op.inputs]
        if None not in ins and any(t is not None and t[1] for t in ins):
            out = _clone(op, [t[0] for t in ins])
    elif op.type == "ConcatV2" and "axis" in op.attrs:  # DenseNet's, SqueezeNet's blocks
        ins = [_operand_nhwc(t, shape, depth + 1) for t in op.inputs]
        full = all(t is not None and len(t[0].static_shape or ()) == 4 for t in ins)
        if full and any(t[1] for t in ins):
            axis = (0, 3, 1, 2)[op.attrs["axis"] % 4]
            out = A.concat([t[0] for t in ins], axis, name=f"{op.name}_nhwc")
    memo[key] = out
    return out


def _operand_nhwc(t, out_shape, depth):
    """(`t` as an NHWC operand, whether it is a full-rank activation) or None: per-channel
    [C, 1, 1] parameters become [C], single values stay, [N, C, 1, 1] is transposed (it is
    small); anything else must itself come from NHWC."""
    shape = t.static_shape
    if shape is None:
        return None
    if all(d == 1 for d in shape):
        return t, False
    full = (1,) * (4 - len(shape)) + tuple(shape)
    if len(shape) > 4:
        return None
    if full[0] == 1 and full[2] == 1 and full[3] == 1:
        return A.reshape(t, [-1]), False
    nhwc = _as_nhwc(t, depth) if len(shape) == 4 else None
    if nhwc is not None:
        return nhwc, True
    if len(shape) == 4:
        # Small ([N, C, 1, 1]), or an activation not from NHWC (a residual's input): one
        # transpose here spares two, of the other operand and of the result.
        return _nhwc(t), False
    return None


def _top_level(graph) -> bool:
    """Outside every branch and loop body: a value made in one is not readable elsewhere,
    so NHWC values are only shared at top level."""
    return not graph._bodies


def _clone(op, inputs):
    return op.graph.create_op(op.type, inputs, dict(op.attrs), f"{op.name}_nhwc").outputs[0]


def _nchw(x):
    return _transposed(x, [0, 3, 1, 2])


class _Window:
    """One conv/pool node's geometry, with 1-D made 2-D by a unit height."""

    def __init__(self, ctx, kernel):
        xs = ctx.shape(0)
        if xs is None or len(xs) not in (3, 4):
            raise Unsupported(f"{ctx.op_type} over rank {None if xs is None else len(xs)} inputs")
        self.one_d = len(xs) == 3
        n = len(xs) - 2
        self.kernel = list(kernel)
        self.strides = list(ctx.attr("strides", [1] * n))
        self.dilations = list(ctx.attr("dilations", [1] * n))
        self.padding = "VALID"  # after the explicit padding of `pad`
        try:
            self.begin, self.end = _spatial_pads(
                ctx, xs[2:], self.kernel, self.strides, self.dilations, engine_same=True
            )
        except _EngineSame:
            # An image size only run time knows (tf2onnx's fully convolutional Keras
            # models), strided: TensorFlow's SAME pads as SAME_UPPER, the extra at the end.
            self.padding = "SAME"
            self.begin, self.end = [0] * n, [0] * n
        self.sizes = list(xs[2:])
        if self.one_d:
            self.kernel, self.strides, self.dilations = (
                [1, *self.kernel],
                [1, *self.strides],
                [1, *self.dilations],
            )
            self.begin, self.end, self.sizes = [0, *self.begin], [0, *self.end], [1, *self.sizes]

    def four(self, values):
        return [1, *values, 1]

    def to_nhwc(self, x):
        if self.one_d:
            x = A.expand_dims(x, 2)
        return _nhwc(x)

    def to_nchw(self, y):
        y = _nchw(y)
        return A.squeeze(y, [2]) if self.one_d else y

    def pad(self, xh, value=0.0):
        if not any(self.begin) and not any(self.end):
            return xh
        pads = [[0, 0], *zip(self.begin, self.end, strict=True), [0, 0]]
        return A.pad(xh, [list(p) for p in pads], constant_values=value)


@lowers("Conv", check=_window_check)
def _conv(ctx):
    cv = _conv_ops()
    if cv is None:
        raise Unsupported(_NO_CONV)
    w_shape = ctx.shape(1)
    if ctx.shape(0) is not None and len(ctx.shape(0)) == 5:
        return [_volume().conv3d(ctx)]
    win = _Window(ctx, ctx.attr("kernel_shape") or w_shape[2:])
    # The engine's (TF's) convolution does not stride and dilate at once: convolve with
    # stride 1 and keep every stride-th output, the same windows.
    step = win.strides if win.padding == "VALID" and max(win.dilations) > 1 else None
    if step is not None and max(step) > 1:
        win.strides = [1] * len(step)
    else:
        step = None
    x, w = ctx.t(0), ctx.t(1)
    if win.one_d:
        w = A.expand_dims(w, 2)
    xh = win.pad(win.to_nhwc(x))
    f = _transposed(w, [2, 3, 1, 0])  # [M, C/g, KH, KW] -> [KH, KW, C/g, M]
    group = ctx.attr("group", 1)

    def conv(a, b):
        return cv.conv2d(
            a, b, win.four(win.strides), win.padding, dilations=win.four(win.dilations)
        )

    if group == 1:
        y = conv(xh, f)
    elif group > 1 and w_shape[1] == 1 and None not in w_shape:
        # One input channel per group (MobileNet's, EfficientNet's depthwise layers): the
        # engine's depthwise op, not `group` (hundreds of) convolutions side by side.
        # [C*m, 1, KH, KW] -> [KH, KW, C, m]: output channel c*m + k in both layouts.
        k = w_shape[0] // group
        fd = A.transpose(A.reshape(w, [group, k, *win.kernel]), [2, 3, 0, 1])
        y = cv.depthwise_conv2d(
            xh, fd, win.four(win.strides), win.padding, dilations=win.four(win.dilations)
        )
    else:  # a grouped convolution is `group` convolutions side by side
        pairs = zip(A.split(xh, group, 3), A.split(f, group, 3), strict=True)
        y = A.concat([conv(a, b) for a, b in pairs], 3)
    if step is not None:
        y = A._strided_slice(
            y, (slice(None), slice(None, None, step[0]), slice(None, None, step[1]))
        )
    if ctx.has(2):
        y = M.add(y, ctx.t(2))
    return [win.to_nchw(y)]


def _volume():
    from . import volume

    return volume


@lowers("ConvTranspose", check=_transpose_check)
def _conv_transpose(ctx):
    cv = _conv_ops()
    if cv is None:
        raise Unsupported(_NO_CONV)
    xs, w_shape = ctx.shape(0), ctx.shape(1)
    if xs is not None and len(xs) == 5:
        return [_volume().conv3d_transpose(ctx)]
    if len(xs) not in (3, 4):
        raise Unsupported(f"ConvTranspose over rank {len(xs)} inputs")
    if xs[1] is None or None in w_shape:
        raise Unsupported("ConvTranspose with channels or kernel unknown at import")
    one_d = len(xs) == 3
    x, w = ctx.t(0), ctx.t(1)
    lead = [1] if one_d else []  # 1-D is 2-D with a unit height
    if one_d:
        x, w, xs, w_shape = (
            A.expand_dims(x, 2),
            A.expand_dims(w, 2),
            (*xs[:2], 1, xs[2]),
            (
                *w_shape[:2],
                1,
                w_shape[2],
            ),
        )
    kernel = list(w_shape[2:])
    strides = lead + list(ctx.attr("strides", [1] * (2 - len(lead))))
    dil = lead + list(ctx.attr("dilations", [1] * (2 - len(lead))))
    out_pad = [0] * len(lead) + list(ctx.attr("output_padding", [0] * (2 - len(lead))))
    group = ctx.attr("group", 1)
    # The full output s * (i - 1) + output_padding + (k - 1) * d + 1 is i * s + `extra`.
    extra = [
        op + (k - 1) * d + 1 - s for k, s, d, op in zip(kernel, strides, dil, out_pad, strict=True)
    ]
    full = [
        None if i is None else i * s + e for i, s, e in zip(xs[2:], strides, extra, strict=True)
    ]
    if ctx.attr("auto_pad", "NOTSET") in ("SAME_UPPER", "SAME_LOWER") and min(extra) < 0:
        # The spec's SAME output is i * s, longer than the full output here; onnxruntime
        # drops the negative padding and answers i * s + extra.
        raise Unsupported(
            "ConvTranspose auto_pad SAME with a kernel shorter than its stride "
            "(onnxruntime's output is shorter than the spec's input x stride)"
        )
    if None in full:
        begin, end = _run_time_transpose_pads(ctx, extra, one_d)
    else:
        begin, end = _transpose_pads(ctx, xs[2:], full, strides, one_d)
    xh = _nhwc(x)
    f = _transposed(w, [2, 3, 1, 0])  # [C, M/g, KH, KW] -> [KH, KW, M/g, C]
    f, dil = _dilated_kernel(ctx, f, kernel, strides, dil)

    def deconv(a, b, channels):
        if None in full:  # an image size only run time knows (tf2onnx's Keras U-Nets)
            dims = A._strided_slice(A.shape(a), (slice(0, 3),))
            scale = ctx.const([1, *strides], _dt.int32)
            shift = ctx.const([0, *extra], _dt.int32)
            lead = M.add(M.multiply(dims, scale), shift)
            shape = A.concat([lead, ctx.const([channels], _dt.int32)], 0)
        elif xs[0] is None:
            batch = A._strided_slice(A.shape(a), (slice(0, 1),))
            shape = A.concat([batch, ctx.const([*full, channels], _dt.int32)], 0)
        else:
            shape = [xs[0], *full, channels]
        return cv.conv2d_transpose(a, b, shape, [1, *strides, 1], "VALID", dilations=[1, *dil, 1])

    if group == 1:
        y = deconv(xh, f, w_shape[1])
    else:
        pairs = zip(A.split(xh, group, 3), A.split(f, group, 3), strict=True)
        y = A.concat([deconv(a, b, w_shape[1]) for a, b in pairs], 3)
    # Positive pads crop the full output; negative ones (an output_shape larger than it)
    # extend it with zeros at that side.
    if any(p > 0 for p in begin + end):
        index = (
            slice(None),
            *(slice(max(b, 0), -e if e > 0 else None) for b, e in zip(begin, end, strict=True)),
        )
        y = A._strided_slice(y, index)
    if any(p < 0 for p in begin + end):
        grow = [[0, 0], *([max(-b, 0), max(-e, 0)] for b, e in zip(begin, end, strict=True))]
        y = A.pad(y, [*grow, [0, 0]])
    if ctx.has(2):
        y = M.add(y, ctx.t(2))
    y = _nchw(y)
    return [A.squeeze(y, [2]) if one_d else y]


def _dilated_kernel(ctx, f: Tensor, kernel: list, strides: list, dil: list) -> tuple:
    """TF's strided transposed convolution takes no dilation (torch's ConvTranspose2d(
    stride=2, dilation=2) has both): then the kernel [KH, KW, M, C] dilated with d - 1
    zeros between its taps, the same sum, and dilations of 1."""
    if all(s == 1 for s in strides) or all(d == 1 for d in dil):
        return f, dil
    for axis, (k, d) in enumerate(zip(kernel, dil, strict=True)):
        if d == 1:
            continue
        dims = list(f.static_shape)
        taps = A.expand_dims(f, axis + 1)  # [..., k, 1, ...]
        gap = ctx.const(np.zeros([*dims[: axis + 1], d - 1, *dims[axis + 1 :]]), f.dtype)
        spread = A.concat([taps, gap], axis + 1)
        spread = A.reshape(spread, [*dims[:axis], k * d, *dims[axis + 1 :]])
        index = tuple(slice(0, (k - 1) * d + 1) if a == axis else slice(None) for a in range(4))
        f = A._strided_slice(spread, index)
    return f, [1] * len(dil)


def _run_time_transpose_pads(ctx, extra, one_d):
    """ConvTranspose's padding where the input's size is known only at run time: given
    pads, or auto_pad SAME (its target i * s leaves `extra` to crop whatever i is); an
    `output_shape` would need the size."""
    auto = ctx.attr("auto_pad", "NOTSET")
    if ctx.attr("output_shape") is not None:
        raise Unsupported("ConvTranspose output_shape over sizes unknown at import")
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        small = [e // 2 for e in extra]
        big = [e - e // 2 for e in extra]
        return (small, big) if auto == "SAME_UPPER" else (big, small)
    if auto == "VALID":
        return [0, 0], [0, 0]
    n = 1 if one_d else 2
    pads = list(ctx.attr("pads", [0] * 2 * n))
    if any(p < 0 for p in pads):
        raise Unsupported("ConvTranspose negative pads over sizes unknown at import")
    return [0] * (2 - n) + pads[:n], [0] * (2 - n) + pads[n:]


def _transpose_pads(ctx, sizes, full, strides, one_d):
    """ConvTranspose's padding: given, or following `output_shape` / `auto_pad` as ONNX's
    spec says (SAME_UPPER puts the odd element at the end)."""
    auto = ctx.attr("auto_pad", "NOTSET")
    target = ctx.attr("output_shape")
    if target is not None and one_d:
        target = [1, *list(target)[-1:]]
    if target is None and auto in ("SAME_UPPER", "SAME_LOWER"):
        target = [i * s for i, s in zip(sizes, strides, strict=True)]
    if target is None:
        if auto == "VALID":
            return [0, 0], [0, 0]
        n = 1 if one_d else 2
        pads = list(ctx.attr("pads", [0] * 2 * n))
        return [0] * (2 - n) + pads[:n], [0] * (2 - n) + pads[n:]
    target = list(target)[-2:]
    begin, end = [], []
    for f, t in zip(full, target, strict=True):
        total = f - t
        if auto == "SAME_UPPER":
            begin.append(total // 2)
            end.append(total - total // 2)
        else:
            begin.append(total - total // 2)
            end.append(total // 2)
    return begin, end


def _ceil_extra(win: _Window, run_time_ok: bool = False) -> list[int]:
    """Extra end padding for ceil_mode: ONNX keeps a last window that starts inside the
    input or its begin padding, and drops one that would start in the end padding. Over a
    size only run time knows (with `run_time_ok`), s - 1: enough for the last window, which
    `_ceil_crop` drops again where ONNX would."""
    extra = []
    for size, k, s, b, e in zip(
        win.sizes, win.kernel, win.strides, win.begin, win.end, strict=True
    ):
        if size is None and run_time_ok:
            extra.append(s - 1)
            continue
        if size is None:
            raise Unsupported("ceil_mode over spatial dims unknown at import")
        span = size + b + e
        out = -(-(span - k) // s) + 1
        if (out - 1) * s >= size + b:
            out -= 1
        extra.append(max((out - 1) * s + k - span, 0))
    return extra


def _ceil_crop(ctx, win: _Window, xh: Tensor, y: Tensor, given_end: list[int]) -> Tensor:
    """The ceil_mode pool's own output rows over sizes only run time knows: ceil((size +
    pads - k) / s) + 1, less the last window where it would start in the end padding."""
    sizes = A.shape(xh, out_type=_dt.int64)
    out_dims = A.shape(y, out_type=_dt.int64)
    keep = [ctx.const(-1, np.int64)] * 4
    for i, (size, k, s, b, e) in enumerate(
        zip(win.sizes, win.kernel, win.strides, win.begin, given_end, strict=True)
    ):
        if size is not None:
            continue
        n = A.gather(sizes, ctx.const(i + 1, np.int64))
        span = M.add(n, ctx.const(b + e, np.int64))
        out = M.add(
            M.floordiv(M.add(span, ctx.const(s - 1 - k, np.int64)), ctx.const(s, np.int64)),
            ctx.const(1, np.int64),
        )
        late = M.greater_equal(
            M.multiply(M.subtract(out, ctx.const(1, np.int64)), ctx.const(s, np.int64)),
            M.add(n, ctx.const(b, np.int64)),
        )
        out = M.subtract(out, M.cast(late, _dt.int64))
        keep[i + 1] = M.minimum(out, A.gather(out_dims, ctx.const(i + 1, np.int64)))
    size = A.stack(keep, 0)
    cropped = A.slice(y, ctx.const([0, 0, 0, 0], np.int64), size)
    if y.static_shape is not None:  # a slice by run-time sizes knows none of its dims
        dims = list(y.static_shape)
        for i, known in enumerate(win.sizes):
            dims[i + 1] = dims[i + 1] if known is not None else None
        cropped.set_shape(dims)
    return cropped


def _pool_check(attrs, opset):
    if _conv_ops() is None:
        return _NO_CONV
    return None


def _pooling():
    from . import pooling

    return pooling


@lowers("MaxPool", check=_pool_check)
def _max_pool(ctx):
    cv = _conv_ops()
    if cv is None:
        raise Unsupported(_NO_CONV)
    if ctx.wanted(1) or _pooling().needs_slices(ctx):
        return _pooling().max_pool(ctx)
    win = _Window(ctx, ctx.attr("kernel_shape"))
    ceil = ctx.attr("ceil_mode", 0) and win.padding == "VALID"
    given_end = list(win.end)
    if ceil:
        win.end = [e + x for e, x in zip(win.end, _ceil_extra(win, True), strict=True)]
    x = ctx.t(0)
    lowest = float(-np.inf) if x.dtype in _dt.FLOATS else float(np.iinfo(x.dtype).min)
    xh = win.to_nhwc(x)
    y = cv.max_pool(win.pad(xh, lowest), win.four(win.kernel), win.four(win.strides), win.padding)
    if ceil and None in win.sizes:  # padding never wins a max
        y = _ceil_crop(ctx, win, xh, y, given_end)
    return [win.to_nchw(y)]


@lowers("AveragePool", check=_pool_check)
def _avg_pool(ctx):
    cv = _conv_ops()
    if cv is None:
        raise Unsupported(_NO_CONV)
    if _pooling().needs_slices(ctx):
        return _pooling().average_pool(ctx)
    win = _Window(ctx, ctx.attr("kernel_shape"))
    include = ctx.attr("count_include_pad", 0)
    ceil = ctx.attr("ceil_mode", 0) and win.padding == "VALID"
    given_end = list(win.end)
    if ceil:
        extra = _ceil_extra(win, run_time_ok=not include)
        if include and any(extra):
            raise Unsupported("ceil_mode windows past the padding with count_include_pad")
        win.end = [e + x for e, x in zip(win.end, extra, strict=True)]
    x = ctx.t(0)
    ksize, strides = win.four(win.kernel), win.four(win.strides)
    if include and win.padding == "SAME":
        raise Unsupported(
            "AveragePool auto_pad over sizes unknown at import with count_include_pad"
        )
    # TensorFlow's SAME mean counts only the input's elements, as count_include_pad=0 does.
    xh = win.to_nhwc(x)
    mean = cv.avg_pool(win.pad(xh), ksize, strides, win.padding)
    if include or (not any(win.begin) and not any(win.end)):
        return [win.to_nchw(mean)]
    # Divide by the real elements of each window: the window mean of a padded mask, its
    # sizes the input's own where only run time knows them (torch's dynamic image axes).
    if None in win.sizes:
        mask = A.ones_like(A.slice(xh, ctx.const([0, 0, 0, 0], np.int64),
                                   ctx.const([1, -1, -1, 1], np.int64)))  # fmt: skip
    else:
        mask = constant_op(ctx.graph, np.ones((1, *win.sizes, 1), x.dtype), name="mask")
    counts = cv.avg_pool(win.pad(mask), ksize, strides, "VALID")
    y = M.divide(mean, counts)
    if ceil and None in win.sizes:  # the last windows ONNX drops (all padding: 0 / 0)
        y = _ceil_crop(ctx, win, xh, y, given_end)
    return [win.to_nchw(y)]


def _lrn_check(attrs, opset):
    if not hasattr(N, "lrn_of_any_float"):
        return "needs the engine's local_response_normalization"
    if attrs.get("size", 1) % 2 == 0:
        return "LRN over an even window (ONNX's is lopsided; TensorFlow's is centred)"
    return None


@lowers("LRN", check=_lrn_check)
def _lrn(ctx):
    reason = _lrn_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    if ctx.rank(0) != 4:
        raise Unsupported("LRN over other than 4-D (NCHW) inputs")
    size = ctx.attr("size")
    y = N.lrn_of_any_float(  # ONNX's LRN takes doubles too
        _nhwc(ctx.t(0)),
        depth_radius=(size - 1) // 2,
        bias=ctx.attr("bias", 1.0),
        alpha=ctx.attr("alpha", 1e-4) / size,  # ONNX scales alpha by the window size
        beta=ctx.attr("beta", 0.75),
    )
    return [_nchw(y)]


# -- indexing and scans (with the engine's index ops) --------------------------------------


def _needs(*op_types: str) -> Callable:
    def check(attrs, opset):
        missing = [t for t in op_types if not _registry.known(t)]
        return f"needs the engine's {', '.join(missing)}" if missing else None

    return check


def _require(*op_types: str) -> None:
    reason = _needs(*op_types)(None, None)
    if reason:
        raise Unsupported(reason)


def _wrap_negative(ctx, idx: Tensor, dim: int | None, x: Tensor, axis: int) -> Tensor:
    """ONNX counts negative indices from the end. One below -size is out of range, as
    onnxruntime refuses it: moved past the end, where the gather fails the run (numpy's
    take_along_axis would count it from the end once more)."""
    zero = ctx.const(0, idx.dtype)
    if dim is not None:
        size = ctx.const(dim, idx.dtype)
    else:
        size = M.cast(A.gather(A.shape(x), axis), idx.dtype)
    wrapped = where(M.less(idx, zero), M.add(idx, size), idx)
    return where(M.less(wrapped, zero), M.subtract(size, wrapped), wrapped)


@lowers("TopK", static=(1,), check=_needs("TopKV2"), run_time=(1,))
def _top_k(ctx):
    _require("TopKV2")
    from ..ops.index_ops import top_k

    x = ctx.t(0)
    rank = ctx.rank(0)
    axis = _axis(ctx.attr("axis", -1), rank)
    if isinstance(ctx.values[1], np.ndarray):
        k = int(ctx.static(1, "k").reshape(-1)[0])
    else:  # k the graph computes (min(k, boxes) in detection heads): a k tensor
        k = A.reshape(M.cast(ctx.t(1), _dt.int32), [])
    largest = ctx.attr("largest", 1)
    if not largest and x.dtype not in _dt.FLOATS:
        raise Unsupported("TopK of the smallest integers")  # -x overflows at the minimum
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    moved = x if axis == rank - 1 else A.transpose(x, perm)
    values, indices = top_k(moved if largest else M.negative(moved), k)
    if not largest:
        values = M.negative(values)  # ties still keep the lower index first
    if axis != rank - 1:
        values, indices = A.transpose(values, perm), A.transpose(indices, perm)
    return [values, M.cast(indices, _dt.int64)]


def scan_axis(ctx) -> int | Tensor:
    """CumSum's and CumProd's axis: an int, or a scalar tensor a run gives (the engine's
    cumulative ops take TF's axis input, negative axes counted from the end)."""
    if not isinstance(ctx.values[1], np.ndarray):
        return A.reshape(ctx.t(1), [])
    return _axis(int(ctx.static(1, "axis").reshape(-1)[0]), ctx.rank(0))


@lowers("CumSum", static=(1,), check=_needs("Cumsum"), run_time=(1,))
def _cumsum(ctx):
    _require("Cumsum")
    axis = scan_axis(ctx)
    return [
        M.cumsum(
            ctx.t(0),
            axis,
            exclusive=bool(ctx.attr("exclusive", 0)),
            reverse=bool(ctx.attr("reverse", 0)),
        )
    ]


@lowers("GatherElements", check=_needs("TakeAlongAxis"))
def _gather_elements(ctx):
    _require("TakeAlongAxis")
    x, idx = ctx.t(0), ctx.t(1)
    axis = _axis(ctx.attr("axis", 0), ctx.rank(0))
    idx = _wrap_negative(ctx, idx, ctx.shape(0)[axis], x, axis)
    x = _to_index_extent(ctx, x, idx, axis)
    return [ctx.graph.create_op("TakeAlongAxis", (x, idx), {"axis": axis}, "gather").outputs[0]]


def _to_index_extent(ctx, x: Tensor, idx: Tensor, axis: int) -> Tensor:
    """The data cut to the indices' extent on every other axis. GatherElements reads each
    index at its own coordinates there, indices no longer than the data (onnxruntime refuses
    longer ones); numpy's take_along_axis broadcasts instead: a [1, 2] index over [3, 4]
    data gave three rows where ONNX gives one, and a [2, 2] one was refused. The cut is a
    gather of the first rows, so indices longer than the data fail the run (out of range)
    as onnxruntime's do, and it exports as ONNX's Gather."""
    from ..ops.extra_array_ops import range as range_

    have, want = ctx.shape(0), ctx.shape(1)
    if have is None or want is None:
        raise Unsupported("GatherElements of data or indices of unknown rank")
    if len(want) != len(have):
        raise Unsupported("GatherElements' indices must have the data's rank")
    for i in range(len(have)):
        if i == axis or (have[i] is not None and have[i] == want[i]):
            continue
        if want[i] is not None:
            rows = ctx.const(np.arange(want[i]), np.int32)
        else:
            rows = range_(0, A.gather(A.shape(idx), i), dtype=_dt.int32)
        x = A.gather(x, rows, axis=i)
    return x


def _gather_nd_check(attrs, opset):
    return _needs("GatherNd")(attrs, opset)


@lowers("GatherND", check=_gather_nd_check)
def _gather_nd(ctx):
    reason = _gather_nd_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    from ..ops.index_ops import gather_nd_of_any_params

    b = ctx.attr("batch_dims", 0)
    index = _gather_nd_wrapped(ctx, b)
    if b:
        # The engine's gather_nd has no batch dims: each index tuple gets its batch
        # coordinates in front, then the leading batch dims are one.
        shape = ctx.shape(1)
        if shape is None or None in shape:
            raise Unsupported("GatherND with batch_dims over indices of unknown shape")
        grid = np.moveaxis(np.indices(shape[:-1], dtype=np.int64)[:b], 0, -1)
        index = A.concat([ctx.const(grid, np.int64), M.cast(index, _dt.int64)], -1)
    return [gather_nd_of_any_params(ctx.t(0), index)]


def _gather_nd_wrapped(ctx, b: int) -> Tensor:
    """GatherND's indices with the negative ones counted from the end of their axes (the
    data's axes past the batch ones), as ONNX reads them; one still negative is out of
    range, which the engine's gather_nd refuses as onnxruntime does."""
    given = ctx.values[1]
    if isinstance(given, np.ndarray) and not np.any(given < 0):
        return ctx.t(1)
    index = M.cast(ctx.t(1), _dt.int64)
    sizes = A.shape(ctx.t(0), out_type=_dt.int64)
    depth = (ctx.shape(1) or [None])[-1]
    if depth is not None:
        sizes = sizes[b : b + depth]
    else:
        sizes = A.slice(sizes, [b], A.shape(index, out_type=_dt.int64)[-1:])
    zero = ctx.const(0, np.int64)
    return where(M.less(index, zero), M.add(index, sizes), index)


@lowers("Trilu", static=(1,), run_time=(1,))
def _trilu(ctx):
    src = ctx.shape(0)
    if src is None or len(src) < 2:
        raise Unsupported("Trilu over an input of unknown rank")
    if ctx.has(1) and not isinstance(ctx.values[1], np.ndarray):  # a k a run gives
        return [_run_time_trilu(ctx, A.reshape(M.cast(ctx.t(1), _dt.int64), []), len(src))]
    k = ctx.ints(1, "k")
    k = 0 if k is None else k[0]
    if None in src[-2:]:
        return [_run_time_trilu(ctx, k, len(src))]
    rows, cols = src[-2:]
    keep = np.triu(np.ones((rows, cols), bool), k) if ctx.attr("upper", 1) else None
    if keep is None:
        keep = np.tril(np.ones((rows, cols), bool), k)
    x = ctx.t(0)
    return [where(ctx.const(keep, _dt.bool_), x, ctx.const(0, x.dtype))]


def _run_time_trilu(ctx, k: int | Tensor, rank: int) -> Tensor:
    """Trilu over a matrix whose size only run time knows (GPT-2's causal mask with a
    dynamic sequence, through the TorchScript exporter), or with a k only run time knows:
    the kept triangle from run-time row and column positions, j - i >= k (upper) or <= k
    (lower)."""
    from ..ops.extra_array_ops import range as range_

    x = ctx.t(0)
    dims = A.shape(x, out_type=_dt.int64)
    zero, one = ctx.const(0, np.int64), ctx.const(1, np.int64)

    def positions(axis):
        n = A.gather(dims, ctx.const(rank + axis, np.int64))
        return range_(zero, n, one, dtype=_dt.int64)

    i = A.reshape(positions(-2), [-1, 1])
    j = A.reshape(positions(-1), [1, -1])
    diagonal = M.subtract(j, i)
    limit = k if isinstance(k, Tensor) else ctx.const(k, np.int64)
    keep = (
        M.greater_equal(diagonal, limit) if ctx.attr("upper", 1) else M.less_equal(diagonal, limit)
    )
    return where(keep, x, ctx.const(0, x.dtype))
