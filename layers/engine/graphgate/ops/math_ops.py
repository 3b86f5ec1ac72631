"""Elementwise arithmetic, comparisons, logic, matmul: forward, inference and gradient."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from .. import fusion as _fusion
from ..errors import error
from ..graph import (
    DenseConvertible,
    Tensor,
    as_tensors,
    constant_op,
    convert_to_tensor,
    converts_in_order,
    is_literal,
    name_scope,
    op_inputs,
)
from ..indexed_slices import IndexedSlices, map_values
from ..limits import check_string_bytes, deadline_exceeded
from ..ragged_tensor import RaggedTensor
from ..sparse_tensor import SparseTensor, with_static
from .registry import (
    REGISTRY,
    REQUIRED,
    InferenceError,
    binary,
    broadcast_shapes,
    check_dtype,
    merge_dim,
    not_differentiable,
    read_run_time_axis,
    register_gradient,
    register_op,
    require_rank,
    run_time_axis,
    same_dtypes,
    unary,
    without_gradient,
)
from .shape_values import read_at_build, static_arg

_ARG_NAMES = ("x", "y")


def _op(
    type_: str,
    inputs: tuple,
    name: str | None,
    default: str,
    attrs: dict | None = None,
    arg_names: tuple[str, ...] = _ARG_NAMES,
) -> Tensor:
    """Add one op of `type_`; literal inputs become constants under its name (`add/y`)."""
    graph, ts, name = op_inputs(inputs, name, default, arg_names)
    return graph.create_op(type_, ts, attrs, name).outputs[0]


def _fixed(fn):
    """A kernel factory for ops whose kernel ignores attributes."""
    return lambda op: fn


def reduce_like(grad: Tensor | None, x: Tensor, other: Tensor | None = None) -> Tensor | None:
    """`grad` summed back to the shape of `x` after broadcasting (the shared unbroadcast).
    Given the op's `other` operand, the reduction is skipped exactly where TF's
    SmartBroadcastGradientArgs skips it, so the gradients carry TF's names."""
    if grad is None:
        return None
    if other is not None:
        if not _may_broadcast(x, other):
            return grad
    elif (
        grad.static_shape == x.static_shape
        and x.static_shape is not None
        and None not in x.static_shape
    ):
        return grad
    # TF names the reduction back Reshape (its Sum + Reshape), Reshape_1 for the second input.
    return grad.op.graph.create_op("UnbroadcastLike", (grad, x), None, "Reshape").outputs[0]


def _may_broadcast(x: Tensor, other: Tensor) -> bool:
    """Whether x may be smaller than `x op other`, as TF decides it while building: unless
    `other` is fully known, of no greater rank, and each of its dimensions 1 or x's."""
    xs, ys = x.static_shape, other.static_shape
    if xs is None or ys is None or None in ys or len(ys) > len(xs):
        return True
    return any(yd != 1 and yd != xd for yd, xd in zip(reversed(ys), reversed(xs), strict=False))


# -- binary arithmetic --------------------------------------------------------------------


def _binary_op(type_, fn, kind, py_name, out=None):
    """Register `type_` and return its public function, named by default as the op type
    (TensorFlow's `tf.add` makes `Add`; the `+` operator makes `add`, see below)."""
    register_op(type_, arity=2, infer=binary(kind, out), unknown_rank_ok=True)(_fixed(fn))

    def api(x: Any, y: Any, name: str | None = None) -> Tensor:
        if type(x) is Tensor and type(y) is Tensor:
            # Two tensors, nothing to convert (what `op_inputs` would find): built once per
            # node of every graph, so without its call.
            return x.op.graph.create_op(type_, (x, y), None, name or type_).outputs[0]
        if isinstance(x, RaggedTensor) or isinstance(y, RaggedTensor):
            return _ragged_binary(api, x, y, name)
        return _op(type_, (x, y), name, type_)

    api.__name__ = py_name
    return api


add = _binary_op("Add", np.add, "addable", "add")
subtract = _binary_op("Sub", np.subtract, "real", "subtract")
multiply = _binary_op("Mul", np.multiply, "real", "multiply")
_realdiv = _binary_op("RealDiv", np.true_divide, "float", "realdiv")
maximum = _binary_op("Maximum", np.maximum, "real", "maximum")
minimum = _binary_op("Minimum", np.minimum, "real", "minimum")


def _power(x: Any, y: Any) -> Any:
    """TF's Pow kernel (the C library's pow) as numpy's power, but for an exponent of one
    element 0.5: numpy takes the square root there, so a base of -inf gave NaN and -0.0
    gave -0.0 where pow (and TF's kernel, as written) gives +inf and +0.0. (TF's grappler
    rewrites pow(x, 0.5) of a non-constant x as Sqrt; graphgate runs the graph as
    written.)"""
    out = np.power(x, y)
    if np.size(y) == 1 and np.asarray(y).dtype.kind == "f" and np.ravel(y)[0] == 0.5:
        x = np.asarray(x)
        out = np.where(x == 0, np.zeros_like(out), np.where(np.isneginf(x), np.inf, out))
    return out


# TF's Pow takes int8 and int16 (numpy's power wraps as its kernel does), not uint8.
pow = _binary_op("Pow", _power, "signed", "pow")
equal = _binary_op("Equal", np.equal, "any", "equal", _dt.bool_)
not_equal = _binary_op("NotEqual", np.not_equal, "any", "not_equal", _dt.bool_)
less = _binary_op("Less", np.less, "real", "less", _dt.bool_)
less_equal = _binary_op("LessEqual", np.less_equal, "real", "less_equal", _dt.bool_)
greater = _binary_op("Greater", np.greater, "real", "greater", _dt.bool_)
greater_equal = _binary_op("GreaterEqual", np.greater_equal, "real", "greater_equal", _dt.bool_)
logical_and = _binary_op("LogicalAnd", np.logical_and, "bool", "logical_and")
logical_or = _binary_op("LogicalOr", np.logical_or, "bool", "logical_or")
not_differentiable(
    "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr"
)

mul = multiply
sub = subtract


def _ragged_binary(api: Any, x: Any, y: Any, name: str | None) -> Any:
    from ..ragged_ops import binary

    return binary(api, x, y, name)


def divide(x: Any, y: Any, name: str | None = None) -> Tensor:
    """True division; integer inputs are cast to float64 first, as `tf.truediv` does."""
    if isinstance(x, RaggedTensor) or isinstance(y, RaggedTensor):
        return _ragged_binary(divide, x, y, name)
    graph, (x, y), name = op_inputs((x, y), name, "truediv", _ARG_NAMES)
    small = x.dtype in _dt.SMALL_INTS and x.dtype == y.dtype
    if small or (x.dtype in _dt.INTS and y.dtype in _dt.INTS):
        x, y, name = _ints_as_floats(graph, x, y, name)
    return graph.create_op("RealDiv", (x, y), None, name).outputs[0]


def _ints_as_floats(graph, x: Tensor, y: Tensor, name: str) -> tuple[Tensor, Tensor, str]:
    """TF's `_TRUEDIV_TABLE`: 8- and 16-bit integers divide as float32, wider ones as
    float64 (truediv, divide_no_nan)."""
    to = _dt.float32 if x.dtype.itemsize <= 2 else _dt.float64
    with graph.name_scope(name if name.endswith("/") else None, name) as name:
        return cast(x, to), cast(y, to), name


truediv = divide


def _add_kernel(op):
    if op.outputs[0].dtype is not _dt.string:
        return np.add

    # TF's Add concatenates strings; their bytes are checked against the run's limits
    # before they are made (a string doubled in a loop stops there).
    def kernel(state, x, y):
        lengths = np.add(_dt.string_lengths(x), _dt.string_lengths(y))
        check_string_bytes(state, op, int(np.sum(lengths)))
        return np.add(x, y)

    kernel.needs_state = True
    return kernel


REGISTRY["Add"].kernel = _add_kernel


@register_gradient("Add")
def _add_grad(op, g):
    x, y = op.inputs
    return [reduce_like(g, x, y), reduce_like(g, y, x)]


@register_gradient("Sub")
def _sub_grad(op, g):
    x, y = op.inputs
    return [reduce_like(g, x, y), reduce_like(-g, y, x)]


@register_gradient("Mul")
def _mul_grad(op, g):
    x, y = op.inputs
    return [reduce_like(g * y, x, y), reduce_like(g * x, y, x)]


@register_gradient("RealDiv")
def _div_grad(op, g):
    x, y = op.inputs
    # TF's _RealDivGrad divides twice: y * y is 0 under a run's flush for |y| < 1.1e-19
    # (float32), which made 0 / y's gradient NaN and x / y's inf where TF's is finite.
    return [reduce_like(g / y, x, y), reduce_like(g * (-x / y / y), y, x)]


# TF's _MaximumMinimumGrad selects: the gradient where the mask holds, zeros elsewhere
# (+0, where multiplying by the mask gives -0 for a negative gradient and NaN for an
# infinite one).
@register_gradient("Maximum")
def _max_grad(op, g):
    x, y = op.inputs
    return _select_grads(greater_equal(x, y), g, x, y)


@register_gradient("Minimum")
def _min_grad(op, g):
    x, y = op.inputs
    return _select_grads(less_equal(x, y), g, x, y)


def _select_grads(xmask, g, x, y):
    from .array_ops import zeros_like

    zeros = zeros_like(g)
    return [reduce_like(_where(xmask, g, zeros), x, y), reduce_like(_where(xmask, zeros, g), y, x)]


@register_gradient("Pow")
def _pow_grad(op, g):
    x, y = op.inputs
    z = op.outputs[0]
    gx = g * y * pow(x, y - 1)
    tiny = float(np.finfo(x.dtype).tiny)
    safe_log = _where(greater(x, 0), log(maximum(x, tiny)), 0)
    return [reduce_like(gx, x), reduce_like(g * z * safe_log, y)]


def _where(condition, x, y):
    graph, (x, y), name = op_inputs((x, y), None, "Select", ("t", "e"))
    return graph.create_op("SelectV2", (condition, x, y), None, name).outputs[0]


# -- unary ---------------------------------------------------------------------------------


def _unary_op(type_, fn, kind, py_name, out=None, sparse=False, factory=None):
    """`sparse`: the op keeps zeros zero, so TF1 applies it to a SparseTensor's values.
    `factory`: the kernel per op (`by_dtype`), instead of `fn` for every op."""
    register = register_op(type_, arity=1, infer=unary(kind, out), unknown_rank_ok=True)
    register(factory or _fixed(fn))

    def api(x: Any, name: str | None = None) -> Tensor:
        if type(x) is Tensor:
            return x.op.graph.create_op(type_, (x,), None, name or type_).outputs[0]
        if sparse and isinstance(x, SparseTensor):
            values = api(x.values, name)
            return with_static(SparseTensor(x.indices, values, x.dense_shape), x.static_dense_shape)
        if isinstance(x, RaggedTensor):
            return x.with_flat_values(api(x.flat_values, name))
        return _op(type_, (x,), name, type_)

    api.__name__ = py_name
    return api


def _sigmoid(x):
    if x.dtype == np.float16:
        return _half_sigmoid(x)
    return 1 / (1 + np.exp(-x))


# float16: TF's kernels run Eigen's formulas on halves, each primitive (exp, +, /) in
# float rounded back to half, so the formula's shape decides the last bit. numpy's float16
# ufuncs round the same way per primitive, so each half kernel below spells TF's formula.
_HALF_ONE = np.float16(1)


def _half_sigmoid(x):
    e = np.exp(x)  # Eigen's scalar_logistic_op: e / (1 + e), 1 where e overflows
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(e), _HALF_ONE, e / (_HALF_ONE + e))


def _rsqrt(x):
    if x.dtype == np.float16:
        return (1 / np.sqrt(x.astype(np.float32))).astype(np.float16)  # one rounding, as TF
    return 1 / np.sqrt(x)


def half_in_float32(ufunc, formula=None):
    """A kernel that computes float16 values as TF's half kernels do: in float32 (by
    `formula` where TF's is Eigen's own, else `ufunc`), rounded to half once (numpy's
    float16 loops round differently where the float32 result is a half tie: exp(0.0073) is
    1.008 in TF, 1.007 in numpy). Checked on every finite half; other dtypes go to `ufunc`
    as they are."""
    half = formula or ufunc

    def kernel(x, out=None):
        if x.dtype == np.float16:
            with np.errstate(all="ignore"):
                y = half(x.astype(np.float32)).astype(np.float16)
            if out is None:
                return y
            out[...] = y
            return out
        return ufunc(x, out=out)

    kernel.__name__ = f"half_{ufunc.__name__}"
    return kernel


_F32_ONE = np.float32(1)


def _eigen_log1p(x):
    # Eigen's generic_plog1p: x * log(1 + x) / ((1 + x) - 1), x itself where 1 + x is 1
    # or overflows.
    x1p = _F32_ONE + x
    log1 = np.log(x1p)
    return np.where((x1p == _F32_ONE) | (x1p == log1), x, x * (log1 / (x1p - _F32_ONE)))


def _eigen_expm1(x):
    # Eigen's generic_expm1: (e^x - 1) * x / log(e^x), with its three edge cases.
    u = np.exp(x)
    um1 = u - _F32_ONE
    logu = np.log(u)
    y = np.where(logu == u, u, um1 * (x / logu))
    return np.where(u == _F32_ONE, x, np.where(um1 == -_F32_ONE, -_F32_ONE, y))


def by_dtype(op_type, ufunc, formula=None):
    """A kernel factory: TF's half kernel (`half_in_float32`) for a float16 op, the ufunc
    itself for any other, so that plain steps and fused chains (fusion.FUSIBLE names the
    ufunc) call it directly: through a wrapper, issue 17's 1,000-op chain ran 2.6x slower.
    Float16 chains fuse with the half kernel (fusion.HALF_KERNELS)."""
    half = half_in_float32(ufunc, formula)
    _fusion.register_half(op_type, half)

    def factory(op):
        return half if op.outputs[0].dtype is _dt.float16 else ufunc

    return factory


# TF takes int8 and int16 (not the unsigned ones) for the sign-changing ops, and every
# small integer for Square; numpy keeps those dtypes and wraps as TF's kernels.
negative = _unary_op("Neg", np.negative, "signed", "negative", sparse=True)
square = _unary_op("Square", np.square, "real", "square", sparse=True)
sqrt = _unary_op("Sqrt", np.sqrt, "float", "sqrt")
exp = _unary_op("Exp", np.exp, "float", "exp", factory=by_dtype("Exp", np.exp))
log = _unary_op("Log", np.log, "float", "log", factory=by_dtype("Log", np.log))
log1p = _unary_op(
    "Log1p", np.log1p, "float", "log1p", factory=by_dtype("Log1p", np.log1p, _eigen_log1p)
)
_abs = _unary_op("Abs", np.abs, "signed", "abs", sparse=True)


def abs(x: Any, name: str | None = None) -> Any:
    """|x|; of a complex tensor its real modulus (TF's ComplexAbs, named `Abs`)."""
    if isinstance(x, Tensor) and x.dtype.kind == "c":
        from .complex_ops import complex_abs

        return complex_abs(x, name)
    return _abs(x, name)


_sign = _unary_op("Sign", np.sign, "signed", "sign", sparse=True)


def sign(x: Any, name: str | None = None) -> Any:
    """-1, 0 or 1 by `x`'s sign; of a complex tensor x / |x| (0 at 0) built as TF's
    `tf.sign` builds it, DivNoNan(x, Cast(ComplexAbs(x))), so it has TF's gradient."""
    if isinstance(x, Tensor) and x.dtype in _dt.COMPLEX:
        return div_no_nan(x, cast(abs(x), x.dtype), name=name)
    return _sign(x, name)


reciprocal = _unary_op("Reciprocal", np.reciprocal, "float", "reciprocal")
sigmoid = _unary_op("Sigmoid", _sigmoid, "float", "sigmoid")
tanh = _unary_op("Tanh", np.tanh, "float", "tanh")
logical_not = _unary_op("LogicalNot", np.logical_not, "bool", "logical_not")
floor = _unary_op("Floor", np.floor, "float", "floor")
not_differentiable("LogicalNot", "Floor")
neg = negative


_BUCKETIZE_TYPES = frozenset((_dt.int32, _dt.int64, _dt.float32, _dt.float64))


def _bucketize_infer(shapes, types, attrs):
    if types[0] not in _BUCKETIZE_TYPES:
        raise InferenceError(
            "UNSUPPORTED_DTYPE",
            f"Bucketize takes int32, int64, float32 or float64, not {types[0].name}",
        )
    edges = attrs["boundaries"]
    if any(b > a for a, b in zip(edges[1:], edges, strict=False)):
        raise InferenceError("INVALID_ATTR", "Expected sorted boundaries")
    return [(shapes[0], _dt.int32)]


@register_op(
    "Bucketize",
    arity=1,
    attrs={"boundaries": ("floats", REQUIRED)},
    infer=_bucketize_infer,
    unknown_rank_ok=True,
)
def _bucketize_kernel(op):
    """TF's kernel: the count of `boundaries` (float32) at or below each value, the C++
    comparison's way — a double against the float widened, an integer against it in
    float32 — and NaN, below no boundary, past them all."""
    edges = np.asarray(op.attrs["boundaries"], np.float32)

    def kernel(x):
        x = np.asarray(x)
        compared = np.float64 if x.dtype == np.float64 else np.float32
        return np.searchsorted(edges.astype(compared), x.astype(compared), side="right").astype(
            np.int32
        )

    return kernel


without_gradient("Bucketize")


@register_gradient("Sign")
def _sign_grad(op, g):
    # TF's _SignGrad: zeros, not None, so that a sum of gradients through sign still adds.
    from .array_ops import zeros_like

    return [zeros_like(op.inputs[0])]


@register_gradient("Neg")
def _neg_grad(op, g):
    return [-g]


@register_gradient("Square")
def _square_grad(op, g):
    return [g * (2 * op.inputs[0])]


# TF's SqrtGrad, RsqrtGrad and ReciprocalGrad kernels give 0 wherever the incoming
# gradient is 0, even where y is 0 or NaN: the gradient of tf.where(x > 0, tf.sqrt(x), 0)
# is 0, not NaN, on the branch not taken. The kernels keep TF's order of operations.
def _zero_where_dy_zero(fn):
    def kernel(y, dy):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out = fn(np.asarray(y), np.asarray(dy))
        return np.where(np.asarray(dy) == 0, np.zeros((), out.dtype), out)

    return kernel


def _sqrt_grad_kernel(y, dy):
    return y.dtype.type(0.5) * dy / y


def _rsqrt_grad_kernel(y, dy):
    return y.dtype.type(-0.5) * (dy * y) * (y * y)


def _reciprocal_grad_kernel(y, dy):
    # Eigen's scalar_inverse_gradient_op: -(y * y) * dy, y squared first; -dy * y * y
    # rounds differently.
    return -(y * y) * dy


for _kind, _fn in (
    ("SqrtGrad", _sqrt_grad_kernel),
    ("RsqrtGrad", _rsqrt_grad_kernel),
    ("ReciprocalGrad", _reciprocal_grad_kernel),
):
    register_op(_kind, arity=2, infer=binary("float"), unknown_rank_ok=True)(
        _fixed(_zero_where_dy_zero(_fn))
    )


def _unary_grad_op(kind: str, y: Tensor, g: Tensor) -> Tensor:
    return _op(kind, (y, g), None, kind)


@register_gradient("Sqrt")
def _sqrt_grad(op, g):
    return [_unary_grad_op("SqrtGrad", op.outputs[0], g)]


@register_gradient("SqrtGrad")
def _sqrt_grad_grad(op, g):
    # TF's _SqrtGradGrad: d/dy (dy / 2y) = -out / y, d/d(dy) = 1 / 2y.
    ga = g / op.inputs[0]
    return [-ga * op.outputs[0], 0.5 * ga]


@register_gradient("Exp")
def _exp_grad(op, g):
    return [g * op.outputs[0]]


@register_gradient("Log")
def _log_grad(op, g):
    return [g / op.inputs[0]]


@register_gradient("Log1p")
def _log1p_grad(op, g):
    return [g / (1 + op.inputs[0])]


@register_gradient("Abs")
def _abs_grad(op, g):
    return [g * sign(op.inputs[0])]


@register_gradient("Reciprocal")
def _reciprocal_grad(op, g):
    return [_unary_grad_op("ReciprocalGrad", op.outputs[0], g)]


@register_gradient("ReciprocalGrad")
def _reciprocal_grad_grad(op, g):
    y, dy = op.inputs
    return [g * -2.0 * dy * y, _unary_grad_op("ReciprocalGrad", y, g)]


@register_gradient("Sigmoid")
def _sigmoid_grad(op, g):
    y = op.outputs[0]
    return [g * y * (1 - y)]


@register_gradient("Tanh")
def _tanh_grad(op, g):
    y = op.outputs[0]
    return [g * (1 - y * y)]


# -- n-ary ---------------------------------------------------------------------------------


def _add_n_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "real")  # int8 to uint16 sum and wrap in their dtype, as TF's
    shape = shapes[0]
    for s in shapes[1:]:
        if shape is None or s is None:
            shape = s if shape is None else shape  # a scalar's () is a known shape
            continue
        if len(s) != len(shape):
            raise InferenceError("SHAPE_MISMATCH", "add_n inputs must have the same shape")
        shape = tuple(merge_dim(a, b, "add_n inputs") for a, b in zip(shape, s, strict=True))
    return [(shape, dtype)]


# TF's AddN kernel (aggregate_ops.cc) adds its first 8 or 9 inputs (or the remainder of
# N by 8, when that is 2 to 7) left to right, then each following 8 left to right among
# themselves before adding their sum: past 9 inputs floats round otherwise than a
# left-to-right sum (recorded: tests/reference/tf1_add_n_groups.py).
_ADD_N_GROUP = 8


def add_n_in_tf_order(xs, add):
    """The sum of `xs` (two or more) as TF's AddN kernel adds them, `add(a, b)` adding
    two: the kernel's and the ONNX exporter's one order."""
    first = len(xs) % _ADD_N_GROUP
    first += _ADD_N_GROUP if first < 2 else 0
    out = _left_to_right(xs[:first], add)
    for start in range(first, len(xs), _ADD_N_GROUP):
        out = add(out, _left_to_right(xs[start : start + _ADD_N_GROUP], add))
    return out


def _add_n_kernel(*xs):
    return add_n_in_tf_order(xs, operator.add)


def _left_to_right(xs, add):
    out = add(xs[0], xs[1])
    for x in xs[2:]:
        out = add(out, x)
    return out


@register_op("AddN", arity=(1, 1 << 30), infer=_add_n_infer, unknown_rank_ok=True)
def _add_n(op):
    return (
        (lambda x: x) if len(op.inputs) == 1 else np.add if len(op.inputs) == 2 else _add_n_kernel
    )


def add_n(inputs: list, name: str | None = None) -> Tensor:
    """Sum of same-shaped tensors (an IndexedSlices among them made dense first, and one
    alone just made dense, as TF's)."""
    inputs = list(inputs)
    if not inputs:  # TF's ValueError, before any op is made
        raise error(
            "INVALID_ATTR",
            "Inputs must be an iterable of at least one Tensor/IndexedSlices with the same "
            "dtype and shape.",
        )
    if len(inputs) == 1 and isinstance(inputs[0], DenseConvertible):
        return convert_to_tensor(inputs[0], name=name)
    # TF converts each input on its own (convert_n_to_tensor), so a literal keeps its own
    # dtype and one of another dtype than the tensors is TypeError, not cast to theirs.
    dtypes = {v.dtype for v in inputs if isinstance(v, Tensor)}
    if len(dtypes) == 1:
        (dtype,) = dtypes
        for v in inputs:
            if is_literal(v):
                own = _dt.as_dtype(_dt.default_array(v).dtype)
                if own != dtype:
                    raise error(
                        "DTYPE_MISMATCH",
                        f"Tensors in list passed to 'inputs' of 'AddN' Op have types "
                        f"[{dtype.name}, {own.name}] that don't all match.",
                        details={"expected": dtype.name, "got": own.name},
                    )
    return _op("AddN", tuple(inputs), name, "AddN", None, ())


@register_gradient("AddN")
def _add_n_grad(op, g):
    return [g] * len(op.inputs)


def _clip_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "real")
    shape = broadcast_shapes(broadcast_shapes(shapes[0], shapes[1]), shapes[2])
    return [(shape, dtype)]


def _clip_kernel(t, lo, hi):
    # TF's kernel takes the min with `hi` first, so inverted bounds (lo > hi) give `lo`.
    return np.maximum(np.minimum(t, hi), lo)


# `kernel_gradient`: the op is TF's ClipByValue kernel (imported, or raw_ops'), whose
# gradient differs from tf.clip_by_value's (Minimum, then Maximum) where `t` is NaN or
# the bounds are inverted; graphgate's clip_by_value stands for the latter.
register_op(
    "ClipByValue",
    arity=3,
    infer=_clip_infer,
    attrs={"kernel_gradient": ("bool", False)},
    unknown_rank_ok=True,
)(_fixed(_clip_kernel))


def clip_by_value(
    t: Any, clip_value_min: Any, clip_value_max: Any, name: str | None = None
) -> Tensor:
    """Clamp `t` to [min, max] elementwise (bounds broadcast against `t`). A gradient TF
    holds as IndexedSlices is clamped row by row before the rows are summed, as in TF."""
    from .array_ops import from_indexed_slices, identity, indexed_slices

    if isinstance(t, IndexedSlices):  # TF clips the values and keeps the slices
        graph = t.graph
        with graph.as_default(), graph.name_scope(name, "clip_by_value") as scope:
            return map_values(
                lambda v: identity(
                    _op(
                        "ClipByValue",
                        (v, clip_value_min, clip_value_max),
                        None,
                        "clip_by_value",
                        None,
                        ("t", "clip_value_min", "clip_value_max"),
                    ),
                    name=scope,
                ),
                t,
            )
    slices = indexed_slices(t) if isinstance(t, Tensor) else None
    if slices is not None:
        graph = t.op.graph
        with graph.as_default(), graph.name_scope(name, "clip_by_value") as scope:
            clipped = _op(
                "ClipByValue",
                (slices[0], clip_value_min, clip_value_max),
                None,
                "clip_by_value",
                None,
                ("t", "clip_value_min", "clip_value_max"),
            )
            return identity(from_indexed_slices(clipped, *slices[1:]), name=scope)
    return _op(
        "ClipByValue",
        (t, clip_value_min, clip_value_max),
        name,
        "clip_by_value",
        None,
        ("t", "clip_value_min", "clip_value_max"),
    )


@register_gradient("ClipByValue")
def _clip_grad(op, g):
    t, lo, hi = op.inputs
    if not op.attrs.get("kernel_gradient"):
        return _clip_by_value_grad(t, lo, hi, g)
    below = less(t, lo)
    above = greater(t, hi)
    inside = _where(logical_or(below, above), 0, g)
    g_lo = _where(below, g, 0)
    g_hi = _where(above, g, 0)
    return [reduce_like(inside, t), reduce_like(g_lo, lo), reduce_like(g_hi, hi)]


def _clip_by_value_grad(t, lo, hi, g):
    """The gradient of tf.clip_by_value as TF builds it, minimum(t, hi) then maximum with
    lo, through Minimum's and Maximum's gradients: a NaN `t` passes nothing to `t` and
    all to `lo`, and inverted bounds (lo > hi) pass everything to `lo`."""
    top = minimum(t, hi)
    g_top, g_lo = _select_grads(greater_equal(top, lo), g, top, lo)
    g_t, g_hi = _select_grads(less_equal(t, hi), g_top, t, hi)
    return [g_t, g_lo, g_hi]


# -- matmul --------------------------------------------------------------------------------


def _matmul_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "numeric")
    a, b = shapes
    if a is None or b is None:
        # A shape-less placeholder: the kernel checks the ranks at run time.
        for s, what in ((a, "first"), (b, "second")):
            if s is not None:
                require_rank(s, 2, f"matmul's {what} input")
        return [(None, dtype)]
    require_rank(a, 2, "matmul's first input")
    require_rank(b, 2, "matmul's second input")
    m, ka = (a[-1], a[-2]) if attrs.get("transpose_a") else (a[-2], a[-1])
    kb, n = (b[-1], b[-2]) if attrs.get("transpose_b") else (b[-2], b[-1])
    if ka is not None and kb is not None and ka != kb:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Dimensions must be equal, but are {ka} and {kb}: matmul of shapes {list(a)} "
            f"and {list(b)}",
            shapes=[list(a), list(b)],
        )
    batch = broadcast_shapes(a[:-2], b[:-2])
    return [((*batch, m, n), dtype)]


def _swap(x):
    return np.swapaxes(x, -1, -2)


@register_op(
    "MatMul",
    arity=2,
    infer=_matmul_infer,
    heavy=True,
    attrs={"transpose_a": ("bool", False), "transpose_b": ("bool", False)},
    unknown_rank_ok=True,
)
def _matmul(op):
    kernel = _matmul_kernel(op)
    if not _may_pass_a_band(op):
        return _checked_ranks(op, kernel)
    banded = _banded_matmul(op, _checked_ranks(op, kernel))
    banded.needs_state = True  # the plan passes the run state (its deadline) first
    return banded


# A 2-D product of more multiply-adds than this is made in bands of rows, the run's
# deadline read after each: one MatMul of two 7,000² float32 matrices ran 16 s past a
# 10 s budget, and a larger one ran into the function's timeout (a 502, no answer).
BAND_MULTIPLY_ADDS = 1 << 30
# Bands keep at least this many rows: BLAS's gemm, not a row-at-a-time product.
BAND_MIN_ROWS = 64


def _may_pass_a_band(op) -> bool:
    """Whether the product may exceed BAND_MULTIPLY_ADDS: unknown sizes may."""
    a, b = (t.static_shape for t in op.inputs)
    out = op.outputs[0].static_shape
    if a is None or b is None or out is None or len(a) < 2 or None in out:
        return True
    k = a[-2] if op.attrs.get("transpose_a") else a[-1]
    return k is None or int(np.prod(out, dtype=np.int64)) * k > BAND_MULTIPLY_ADDS


def _banded_matmul(op, kernel):
    ta, tb = op.attrs.get("transpose_a", False), op.attrs.get("transpose_b", False)

    def banded(state, a, b):
        # The sizes' product bounds the multiply-adds: most products leave here at once.
        # Without a deadline (the library's default, a batch shard) a product is one call.
        if a.size * b.size <= BAND_MULTIPLY_ADDS or state.deadline == np.inf:
            return kernel(a, b)
        if a.ndim == 2 and b.ndim == 2:
            a, b = (_swap(a) if ta else a), (_swap(b) if tb else b)
            return _in_row_bands(op, state, a, b)
        if a.ndim == b.ndim and a.ndim > 2 and a.shape[:-2] == b.shape[:-2]:
            return _in_matrix_bands(op, state, a, b, kernel)
        return kernel(a, b)

    return banded


def _in_row_bands(op, state, a, b):
    """a @ b in bands of rows, the deadline read after each. A band's rows are the same
    dot products, but BLAS may round a row's last bit differently in another band size,
    so a product is banded only when it must be."""
    (m, k), n = a.shape, b.shape[1]
    rows = max(BAND_MIN_ROWS, BAND_MULTIPLY_ADDS // max(n * k, 1))
    if m * n * k <= BAND_MULTIPLY_ADDS or m <= rows:
        return np.matmul(a, b)
    out = np.empty((m, n), np.result_type(a, b))
    for r in range(0, m, rows):
        np.matmul(a[r : r + rows], b, out=out[r : r + rows])
        if state.late():
            raise deadline_exceeded(op)
    return out


def _in_matrix_bands(op, state, a, b, kernel):
    """A stack of products in bands of whole matrices, the deadline read after each:
    numpy makes a stack one matrix at a time, so the bits are those of one call."""
    lead = a.shape[:-2]
    a3, b3 = a.reshape(-1, *a.shape[-2:]), b.reshape(-1, *b.shape[-2:])
    per_matrix = max(a3[0].size * b3.shape[-1] if b3.shape[0] else 1, 1)
    step = max(1, BAND_MULTIPLY_ADDS // per_matrix)
    parts = []
    for i in range(0, a3.shape[0], step):
        parts.append(kernel(a3[i : i + step], b3[i : i + step]))
        if state.late():
            raise deadline_exceeded(op)
    out = np.concatenate(parts) if parts else kernel(a3, b3)
    return out.reshape(*lead, *out.shape[-2:])


def _checked_ranks(op, kernel):
    if op.outputs[0].static_shape is not None:
        return kernel

    def checked(a, b):
        if np.ndim(a) < 2 or np.ndim(b) < 2:
            raise error(
                "SHAPE_MISMATCH",
                f"matmul needs inputs of rank ≥ 2, got shapes {list(np.shape(a))} "
                f"and {list(np.shape(b))}",
            )
        return kernel(a, b)

    return checked


def _matmul_kernel(op):
    ta, tb = op.attrs.get("transpose_a", False), op.attrs.get("transpose_b", False)
    if not ta and not tb:
        return np.matmul
    if ta and tb:
        return lambda a, b: np.matmul(_swap(a), _swap(b))
    if ta:
        return lambda a, b: np.matmul(_swap(a), b)
    return lambda a, b: np.matmul(a, _swap(b))


def matmul(
    a: Any,
    b: Any,
    transpose_a: bool = False,
    transpose_b: bool = False,
    adjoint_a: bool = False,
    adjoint_b: bool = False,
    a_is_sparse: bool = False,
    b_is_sparse: bool = False,
    name: str | None = None,
    output_type: Any = None,
    grad_a: bool = False,
    grad_b: bool = False,
) -> Tensor:
    """Matrix product over the last two axes; leading axes broadcast as in numpy. TF1's
    `adjoint_*` are the conjugate transposes; `*_is_sparse` and TF 2's `grad_*` (which
    operand is a gradient) are hints, ignored (but for TF's refusal of a batch of
    matrices with a sparsity hint, which TF sends to SparseMatMul or MatMul). TF 2's `output_type`
    other than the inputs' dtype builds a BatchMatMulV3 whose CPU kernels are (u)int8 ->
    int32 only, and int8 is refused by MatMul: graphgate refuses every other type at once,
    as TF does when run."""
    if output_type is not None:
        a, b = _matmul_operands(a, b, output_type)
    if a_is_sparse or b_is_sparse:
        _check_sparse_matmul_ranks(a, b)
    for t, adj, which in ((transpose_a, adjoint_a, "a"), (transpose_b, adjoint_b, "b")):
        if t and adj:
            raise ValueError(f"Only one of transpose_{which} and adjoint_{which} can be True.")
    if adjoint_a or adjoint_b:  # of a complex matrix, the conjugate transpose (TF's)
        from .complex_ops import conj_of

        a = conj_of(a) if adjoint_a and getattr(a, "dtype", None) in _dt.COMPLEX else a
        b = conj_of(b) if adjoint_b and getattr(b, "dtype", None) in _dt.COMPLEX else b
    transpose_a, transpose_b = transpose_a or adjoint_a, transpose_b or adjoint_b
    attrs = {}
    if transpose_a:
        attrs["transpose_a"] = True
    if transpose_b:
        attrs["transpose_b"] = True
    return _op("MatMul", (a, b), name, "MatMul", attrs, ("a", "b"))


def sparse_matmul(
    a: Any,
    b: Any,
    transpose_a: bool = False,
    transpose_b: bool = False,
    a_is_sparse: bool = False,
    b_is_sparse: bool = False,
    name: str | None = None,
) -> Tensor:
    """TF1's `tf.sparse_matmul` (SparseMatMul): the float32 product of two matrices; the
    sparsity hints only choose TF's kernel, so graphgate computes it as MatMul (in a
    `SparseMatMul` name scope), and its gradient is MatMul's. Literals are float32, as
    SparseMatMul's default type; a tensor of another dtype is TF's TypeError (its
    bfloat16 is a dtype graphgate lacks)."""
    with name_scope(name, "SparseMatMul", [t for t in (a, b) if isinstance(t, Tensor)]):
        ts = []
        for value, which in ((a, "a"), (b, "b")):
            t = convert_to_tensor(value, None if isinstance(value, Tensor) else _dt.float32, which)
            if t.dtype != _dt.float32:
                raise error(
                    "DTYPE_MISMATCH",
                    f"Value passed to parameter '{which}' has DataType {t.dtype.name} not in "
                    "list of allowed values: float32, bfloat16",
                )
            if t.static_shape is not None and len(t.static_shape) != 2:
                raise error(
                    "SHAPE_MISMATCH", f"Shape must be rank 2 but is rank {len(t.static_shape)}"
                )
            ts.append(t)
        return matmul(ts[0], ts[1], transpose_a=transpose_a, transpose_b=transpose_b)


def _check_sparse_matmul_ranks(a: Any, b: Any) -> None:
    """TF's matmul takes operands with a sparsity hint to SparseMatMul (float32) or MatMul
    (the other dtypes), never to BatchMatMul: both multiply matrices only, and a batch is
    their shape function's ValueError."""
    for t in (a, b):
        shape = t.static_shape if isinstance(t, Tensor) else np.shape(t)
        if shape is not None and len(shape) != 2:
            raise error("SHAPE_MISMATCH", f"Shape must be rank 2 but is rank {len(shape)}")


_BYTE_INTS = (_dt.int8, _dt.uint8)


def _matmul_operands(a: Any, b: Any, output_type: Any) -> tuple:
    """`a` and `b` for a product of dtype `output_type`: TF's BatchMatMulV3 kernels take
    int8 and uint8 (mixed too) to int32, whose products are those of the inputs widened;
    any other dtype but the inputs' own is refused."""
    want = _dt.as_dtype(output_type)
    graph, (a, b) = as_tensors(a, b)
    if want == _dt.int32 and a.dtype in _BYTE_INTS and b.dtype in _BYTE_INTS:
        with graph.as_default():  # beside the product, whose name stays TF's
            return cast(a, _dt.int32), cast(b, _dt.int32)
    _check_matmul_output_type(a, b, want)
    return a, b


def _check_matmul_output_type(a: Any, b: Any, output_type: Any) -> None:
    want = _dt.as_dtype(output_type)
    tensors = [t for t in (a, b) if isinstance(t, Tensor)]
    have = tensors[0].dtype if tensors else _dt.as_dtype(convert_to_tensor(a).dtype)
    if want != have:
        raise error(  # InvalidArgumentError, TF's when it finds no kernel for the types
            "INVALID_ATTR",
            f"matmul(output_type={want.name}) of {have.name} inputs: only the inputs' own "
            "dtype is supported",
        )


@register_gradient("MatMul")
def _matmul_grad(op, g):
    a, b = op.inputs
    if a.dtype in _dt.COMPLEX:
        from .complex_ops import conj_of

        # TF's convention for complex inputs: the conjugates' products (dL/dRe + i dL/dIm).
        a, b = conj_of(a), conj_of(b)
    ta, tb = op.attrs.get("transpose_a", False), op.attrs.get("transpose_b", False)
    if not ta and not tb:
        ga, gb = matmul(g, b, transpose_b=True), matmul(a, g, transpose_a=True)
    elif not ta:
        ga, gb = matmul(g, b), matmul(g, a, transpose_a=True)
    elif not tb:
        ga, gb = matmul(b, g, transpose_b=True), matmul(a, g)
    else:
        ga = matmul(b, g, transpose_a=True, transpose_b=True)
        gb = matmul(g, a, transpose_a=True, transpose_b=True)
    if _batch_shapes_match(op.inputs[0].static_shape, op.inputs[1].static_shape):
        # TF's gradient reduces nothing then: the products have the inputs' shapes, and
        # their static shapes are the products' (a dim the input's feed left unknown is
        # known from the other operand), with no reduction op in the graph.
        return [ga, gb]
    return [reduce_like(ga, op.inputs[0]), reduce_like(gb, op.inputs[1])]


def _batch_shapes_match(a: tuple | None, b: tuple | None) -> bool:
    """TF's BatchMatMulV2 gradient's test for skipping the reduction over broadcast batch
    axes: both operands matrices, or both batch shapes known and equal."""
    if a is not None and b is not None and len(a) <= 2 and len(b) <= 2:
        return True
    if a is None or b is None:
        return False
    return None not in a[:-2] and None not in b[:-2] and a[:-2] == b[:-2]


# -- casting -------------------------------------------------------------------------------


def _cast_infer(shapes, types, attrs):
    return [(shapes[0], attrs["dtype"])]


@register_op(
    "Cast", arity=1, infer=_cast_infer, attrs={"dtype": ("dtype", REQUIRED)}, unknown_rank_ok=True
)
def _cast(op):
    dtype = np.dtype(op.attrs["dtype"])  # a DType costs numpy 1 µs per call to convert
    if (dtype.kind == "O") != (op.inputs[0].dtype.kind == "O"):
        return _cast_unsupported(op)
    if dtype in _NARROW_INTS:
        return lambda x: _float_to_narrow(np.asarray(x), dtype)
    return lambda x: np.asarray(x).astype(dtype)


_NARROW_INTS = frozenset(d.dtype for d in _dt.SMALL_INTS)


def _cast_unsupported(op):
    # TF builds a Cast between strings and numbers and fails when it runs: so does this
    # (`as_string` and `string_to_number` convert).
    src, dst = op.inputs[0].dtype.name, op.attrs["dtype"].name

    def kernel(x):
        raise error("UNIMPLEMENTED", f"Cast {src} to {dst} is not supported", node=op.name)

    return kernel


def _float_to_narrow(x: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Floats to the small integer dtypes, truncating toward zero. TensorFlow's result for
    NaN, infinities and values out of the target's range follows no rule (its vectorized
    loop saturates, its scalar loop wraps, so a value casts differently by where it sits
    in a tensor): those are refused rather than guessed; `saturate_cast` clamps first."""
    if x.dtype.kind != "f":
        return x.astype(dtype)
    info = np.iinfo(dtype)
    with np.errstate(invalid="ignore"):
        t = np.trunc(x)
        ok = (t >= info.min) & (t <= info.max)
    if not ok.all():
        raise error(
            "VALUE_NOT_REPRESENTABLE",
            f"a NaN, infinite or out-of-range value cannot be cast to {dtype.name} "
            "(saturate_cast clamps first)",
            details={"dtype": dtype.name},
        )
    return t.astype(dtype)


def cast(x: Any, dtype: Any, name: str | None = None) -> Tensor:
    """Convert to `dtype` (floats to ints truncate toward zero, as in TensorFlow); a
    SparseTensor's values, as TF1's."""
    dtype = _dt.as_dtype(dtype)
    if isinstance(x, SparseTensor):
        values = cast(x.values, dtype, name)
        return with_static(SparseTensor(x.indices, values, x.dense_shape), x.static_dense_shape)
    if isinstance(x, IndexedSlices):  # TF casts the values and keeps the slices
        return map_values(lambda v: cast(v, dtype, name), x)
    graph, (x,), name = op_inputs((x,), name, "Cast", _ARG_NAMES)
    if x.dtype == dtype:
        return x
    return graph.create_op("Cast", (x,), {"dtype": dtype}, name).outputs[0]


_BITS = frozenset(_dt.NUMERIC | _dt.SMALL_INTS | _dt.COMPLEX)


def _bitcast_infer(shapes, types, attrs):
    src, dst = np.dtype(types[0]), np.dtype(attrs["type"])
    for t in (types[0], attrs["type"]):
        if t not in _BITS:
            raise InferenceError("DTYPE_MISMATCH", f"bitcast of {t.name} is not supported")
    s = shapes[0]
    if s is None or src.itemsize == dst.itemsize:
        return [(s, attrs["type"])]
    if src.itemsize > dst.itemsize:
        return [((*s, src.itemsize // dst.itemsize), attrs["type"])]
    ratio = dst.itemsize // src.itemsize
    if not s or s[-1] not in (None, ratio):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Cannot bitcast {types[0].name} to {attrs['type'].name}: the last dim of "
            f"{list(s)} must be {ratio}",
        )
    return [(s[:-1], attrs["type"])]


@register_op("Bitcast", arity=1, infer=_bitcast_infer, attrs={"type": ("dtype", REQUIRED)})
def _bitcast(op):
    src, dst = np.dtype(op.inputs[0].dtype), np.dtype(op.attrs["type"])

    def kernel(x):
        x = np.asarray(x)
        x = x if x.flags.c_contiguous else x.copy()  # ascontiguousarray makes a 0-d array 1-d
        if src.itemsize < dst.itemsize and x.shape[-1:] != (dst.itemsize // src.itemsize,):
            raise error("SHAPE_MISMATCH", f"Cannot bitcast {list(x.shape)} to {dst.name}")
        shape = x.shape[:-1] if src.itemsize < dst.itemsize else x.shape
        # A last axis of one lets numpy view a 0-d input too (TF gives it the ratio's axis).
        out = x.reshape((*x.shape, 1)).view(dst) if src.itemsize > dst.itemsize else x.view(dst)
        return out.reshape((*shape, -1) if src.itemsize > dst.itemsize else shape)

    return kernel


without_gradient("Bitcast")  # none in TF: LookupError, not None, through a float result


def bitcast(input: Any, type: Any, name: str | None = None) -> Tensor:
    """The bits of `input` read as `type`: a wider input gains a last dim of the ratio, a
    narrower one loses its last dim, which must be the ratio (TF's `tf.bitcast`)."""
    graph, (x,), name = op_inputs((input,), name, "Bitcast", ("input",))
    return graph.create_op("Bitcast", (x,), {"type": _dt.as_dtype(type)}, name).outputs[0]


def saturate_cast(value: Any, dtype: Any, name: str | None = None) -> Tensor:
    """Cast to `dtype`, first clamping `value` to what `dtype` holds, as TF's
    `saturate_cast` (a `clamp` ClipByValue, then the Cast)."""
    dtype = _dt.as_dtype(dtype)
    with name_scope(name, "saturate_cast", [value]) as scope:
        graph, (x,) = as_tensors(value, names=("value",))
        if x.dtype in _dt.COMPLEX and dtype in _dt.COMPLEX:
            return _complex_saturate_cast(x, dtype, scope)
        if x.dtype in _dt.COMPLEX:  # TF's: the real part, clamped as a real value is
            from .complex_ops import real_part

            x = real_part(x)
        if x.dtype in (_dt.uint32, _dt.uint64):
            # TF builds the clamp, and every run fails: its ClipByValue has no such kernel.
            raise error(
                "DTYPE_MISMATCH",
                f"saturate_cast clamps with ClipByValue, which has no {x.dtype.name} kernel",
            )
        lo, hi = _saturation_limits(x.dtype, dtype.real_dtype)
        bounds = (
            constant_op(graph, lo, x.dtype, "Const"),
            constant_op(graph, hi, x.dtype, "Const"),
        )
        kernel = {"kernel_gradient": True}  # TF's saturate_cast runs the kernel itself
        clamped = graph.create_op("ClipByValue", (x, *bounds), kernel, "clamp").outputs[0]
        return cast(clamped, dtype, name=scope)


def _complex_saturate_cast(x: Tensor, dtype: Any, scope: str) -> Tensor:
    if x.dtype.real_dtype.max <= dtype.real_dtype.max:
        return cast(x, dtype, name=scope)
    # TF clamps complex128 into complex64 with a complex ClipByValue, whose answer at
    # non-finite parts has no rule (1 - inf j clamped to [-2-2j, 2+2j] is nan - 2j): refused.
    raise error(
        "UNSUPPORTED_DTYPE",
        f"saturate_cast from {x.dtype.name} to {dtype.name} is not supported: cast the "
        "real and imaginary parts with saturate_cast and combine them with complex()",
    )


def _saturation_limits(src: Any, dst: Any) -> tuple:
    """TF's clamp bounds: the tighter of the two ranges, as `src` values, nudged toward
    zero where rounding into `src` would land outside `dst` (float32 to uint32)."""
    sdt = np.dtype(src)
    lo = sdt.type(np.maximum(src.min, dst.min))
    if np.array([lo, dst.min], np.promote_types(sdt, np.dtype(dst)))[0] < dst.min:
        lo = np.nextafter(lo, sdt.type(0), dtype=sdt)
    hi = sdt.type(np.minimum(float(src.max), float(dst.max)))
    if np.array([hi, dst.max], np.promote_types(sdt, np.dtype(dst)))[0] > dst.max:
        hi = np.nextafter(hi, sdt.type(0), dtype=sdt)
    return lo, hi


def to_float(x: Any, name: str = "ToFloat") -> Tensor:
    """TF1's `to_float`: cast to float32."""
    return cast(x, _dt.float32, name)


def to_bfloat16(x: Any, name: str = "ToBFloat16") -> Tensor:
    """TF1's `tf.to_bfloat16`: refused as `cast` to bfloat16 is (numpy has no bfloat16)."""
    return cast(x, _dt.bfloat16, name=name)


def to_double(x: Any, name: str = "ToDouble") -> Tensor:
    return cast(x, _dt.float64, name)


def to_int32(x: Any, name: str = "ToInt32") -> Tensor:
    return cast(x, _dt.int32, name)


def to_int64(x: Any, name: str = "ToInt64") -> Tensor:
    return cast(x, _dt.int64, name)


@register_gradient("Cast")
def _cast_grad(op, g):
    x = op.inputs[0]
    if x.dtype in _dt.FLOATS and g.dtype in _dt.FLOATS:
        return [cast(g, x.dtype)]
    return [None]


# -- operators on Tensor, as TensorFlow's math_ops attaches them ---------------------------


def _r(fn):
    return lambda self, other: fn(other, self)


def _named(fn, name):
    """`fn` with TensorFlow's default name for the operator (`a + b` is `add`, `tf.add` is
    `Add`)."""
    return lambda x, y: fn(x, y, name=name)


Tensor.__add__ = _named(add, "add")
Tensor.__radd__ = _r(_named(add, "add"))
Tensor.__sub__ = _named(subtract, "sub")
Tensor.__rsub__ = _r(_named(subtract, "sub"))
Tensor.__mul__ = _named(multiply, "mul")
Tensor.__rmul__ = _r(_named(multiply, "mul"))
Tensor.__truediv__ = lambda self, other: divide(self, other)
Tensor.__rtruediv__ = _r(divide)
Tensor.__matmul__ = _named(matmul, "matmul")
Tensor.__rmatmul__ = _r(_named(matmul, "matmul"))
Tensor.__pow__ = _named(pow, "pow")
Tensor.__rpow__ = _r(_named(pow, "pow"))
Tensor.__neg__ = lambda self: negative(self)
Tensor.__abs__ = lambda self: abs(self)
Tensor.__lt__ = lambda self, other: less(self, other)
Tensor.__le__ = lambda self, other: less_equal(self, other)
Tensor.__gt__ = lambda self, other: greater(self, other)
Tensor.__ge__ = lambda self, other: greater_equal(self, other)
Tensor.__and__ = _named(logical_and, "and")
Tensor.__rand__ = _r(_named(logical_and, "and"))
Tensor.__or__ = _named(logical_or, "or")
Tensor.__ror__ = _r(_named(logical_or, "or"))
Tensor.__invert__ = lambda self: logical_not(self)


def _xor_operator(x: Any, y: Any) -> Tensor:
    # TF1's `a ^ b` on bool tensors: logical_xor in a `xor` scope, the scope's name its own.
    from .special_math_ops import logical_xor

    tensors = [v for v in (x, y) if isinstance(v, Tensor)]
    with name_scope(None, "xor", tensors) as scope:
        if not isinstance(x, Tensor):
            _, (x,) = as_tensors(x, names=("x",))
        return logical_xor(x, y, name=scope)


Tensor.__xor__ = _xor_operator
Tensor.__rxor__ = lambda self, other: _xor_operator(other, self)


# -- floor division and modulo (Python's `//` and `%`) ---------------------------------------


def _floordiv_kernel(x, y):
    if np.issubdtype(np.result_type(x, y), np.integer):
        if np.any(np.asarray(y) == 0):
            raise error("COMPUTE_ERROR", "integer division by zero")
        return np.floor_divide(x, y)
    # TensorFlow's FloorDiv on floats is floor(x / y), which np.floor_divide is not always.
    return np.floor(np.true_divide(x, y))


def _floormod_kernel(x, y):
    if np.issubdtype(np.result_type(x, y), np.integer) and np.any(np.asarray(y) == 0):
        raise error("COMPUTE_ERROR", "integer division by zero")
    if not np.issubdtype(np.result_type(x, y), np.floating):
        return np.mod(x, y)
    # TF's float FloorMod is fmod moved into y's sign: a zero keeps x's sign, where numpy's
    # np.mod gives it y's (100 mod -1 is 0.0 in TF, -0.0 in numpy).
    r = np.fmod(x, y)
    return np.where((r != 0) & ((y < 0) != (r < 0)), r + y, r)


register_op("FloorDiv", arity=2, infer=binary("real"), unknown_rank_ok=True)(
    _fixed(_floordiv_kernel)
)
register_op("FloorMod", arity=2, infer=binary("real"), unknown_rank_ok=True)(
    _fixed(_floormod_kernel)
)


def floordiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x / y rounded toward negative infinity (integers stay integers), as `tf.floordiv`."""
    if isinstance(x, RaggedTensor) or isinstance(y, RaggedTensor):
        return _ragged_binary(floordiv, x, y, name)
    return _op("FloorDiv", (x, y), name, "floordiv")


def floormod(x: Any, y: Any, name: str | None = None) -> Tensor:
    """The remainder of floordiv: x - floor(x / y) * y, with the sign of y."""
    if isinstance(x, RaggedTensor) or isinstance(y, RaggedTensor):
        return _ragged_binary(floormod, x, y, name)
    return _op("FloorMod", (x, y), name, "FloorMod")


floor_div = floordiv
mod = floormod


@register_gradient("FloorDiv")
def _floordiv_grad(op, g):
    return [None, None]  # piecewise constant: TensorFlow defines no gradient either


@register_gradient("FloorMod")
def _floormod_grad(op, g):
    x, y = op.inputs
    return [reduce_like(g, x), reduce_like(-g * floordiv(x, y), y)]


Tensor.__floordiv__ = lambda self, other: floordiv(self, other)
Tensor.__rfloordiv__ = _r(floordiv)
Tensor.__mod__ = lambda self, other: floormod(self, other, name="mod")
Tensor.__rmod__ = _r(_named(floormod, "mod"))


# -- cumulative sum --------------------------------------------------------------------------


def _cumsum_infer(shapes, types, attrs):
    check_dtype(types[0], "real")  # the kernels keep the dtype: small integers wrap, as TF's
    run_time = run_time_axis(shapes, types, attrs, 1, "a cumulative op's axis", 0, 0)  # TF's input
    if shapes[0] is not None:
        if not shapes[0]:
            raise InferenceError("SHAPE_MISMATCH", "cumsum needs an input of rank ≥ 1")
        from .registry import norm_axis

        if not run_time:
            norm_axis(attrs.get("axis", 0), len(shapes[0]))
    return [(shapes[0], types[0])]


def _shifted(out: np.ndarray, axis: int, start: int) -> np.ndarray:
    """An exclusive running sum or product from the inclusive one: `start` first, the last
    element dropped (an empty axis stays empty)."""
    if out.shape[axis] == 0:
        return out
    head = np.full_like(np.take(out, [0], axis), start)
    return np.concatenate([head, np.take(out, range(out.shape[axis] - 1), axis)], axis)


def _computed_first(out: np.ndarray, axis: int, start: int) -> np.ndarray:
    """A running sum (product) whose first element is 0 + x (1 * x), as TF's scan starts
    from its identity, where numpy's copies x: inside a run a subnormal x is then flushed,
    and 0 + -0.0 is 0.0."""
    if out.dtype.kind in "fc" and out.size:
        first = out[(slice(None),) * (axis % out.ndim) + (slice(0, 1),)]  # a view
        if start:
            first *= out.dtype.type(1)
        else:
            first += out.dtype.type(0)
    return out


def _scan_axis(axis: Any) -> int:
    """A cumulative op's axis as an int; TF's kernel refuses any other shape when run
    (InvalidArgumentError, "axis must be a scalar")."""
    axis = static_arg(axis, "a cumulative op's axis")
    if np.ndim(axis) != 0:
        raise error("INVALID_ATTR", f"axis must be a scalar, not {np.shape(axis)}")
    return operator.index(axis)


def _scan_kernel(op, running, start: int):
    """A Cumsum's (Cumprod's) kernel: `running` (np.cumsum, np.cumprod) along the axis,
    the attribute's or, given at run time, the op's second input, checked as TF's kernel
    checks it."""
    static = op.attrs.get("axis", 0)
    exclusive, reverse = op.attrs.get("exclusive", False), op.attrs.get("reverse", False)

    def kernel(x, axis=None):
        x = np.asarray(x)
        if axis is not None:
            axis = read_run_time_axis(
                axis,
                x.ndim,
                "ScanOp: Expected scan axis in the range [{lo}, {hi}), but got {axis}",
                node=op.name,
                not_scalar="axis must be a scalar, not {shape}",
            )
        else:
            axis = static
        if reverse:
            x = np.flip(x, axis)
        out = _computed_first(running(x, axis, dtype=x.dtype), axis, start)
        if exclusive:
            out = _shifted(out, axis, start)
        return np.flip(out, axis) if reverse else out

    return kernel


def _scan(kind: str, x: Any, axis: Any, exclusive: Any, reverse: Any, name: str | None):
    attrs = {"exclusive": bool(exclusive), "reverse": bool(reverse)}
    if isinstance(axis, Tensor) and read_at_build(axis) is None:  # TF's input, read when run
        return _op(kind, (x, axis), name, kind, attrs, ("x", "axis"))
    return _op(kind, (x,), name, kind, {"axis": _scan_axis(axis), **attrs})


def _scan_axis_of(op) -> Any:
    """A Cumsum's (Cumprod's) axis for its gradient: the attribute, or the input given at
    run time."""
    return op.inputs[1] if len(op.inputs) == 2 else op.attrs.get("axis", 0)


@register_op(
    "Cumsum",
    arity=(1, 2),
    infer=_cumsum_infer,
    attrs={"axis": ("int", 0), "exclusive": ("bool", False), "reverse": ("bool", False)},
    unknown_rank_ok=True,
)
def _cumsum(op):
    return _scan_kernel(op, np.cumsum, 0)


def cumsum(
    x: Any, axis: int = 0, exclusive: bool = False, reverse: bool = False, name: str | None = None
) -> Tensor:
    """Running sums along `axis`; `exclusive` starts at 0, `reverse` sums from the end."""
    return _scan("Cumsum", x, axis, exclusive, reverse, name)


@register_gradient("Cumsum")
def _cumsum_grad(op, g):
    a = op.attrs
    grad = cumsum(g, _scan_axis_of(op), a.get("exclusive", False), not a.get("reverse", False))
    return [grad, *([None] * (len(op.inputs) - 1))]


register_op("Rsqrt", arity=1, infer=unary("float"), unknown_rank_ok=True)(_fixed(_rsqrt))


def rsqrt(x: Any, name: str | None = None) -> Tensor:
    """1 / sqrt(x)."""
    return _op("Rsqrt", (x,), name, "Rsqrt")


@register_gradient("Rsqrt")
def _rsqrt_grad(op, g):
    return [_unary_grad_op("RsqrtGrad", op.outputs[0], g)]


@register_gradient("RsqrtGrad")
def _rsqrt_grad_grad(op, g):
    y, dy = op.inputs
    return [-1.5 * g * dy * square(y), _unary_grad_op("RsqrtGrad", y, g)]


def _div_no_nan_kernel(x, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(x, y)
    return np.where(np.asarray(y) == 0, np.zeros((), out.dtype), out)


register_op("DivNoNan", arity=2, infer=binary("float"), unknown_rank_ok=True)(
    _fixed(_div_no_nan_kernel)
)


def div_no_nan(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x / y, or 0 where y is 0 (`tf.div_no_nan`); integers of one dtype divide as
    truediv's floats, as TF 2's does."""
    graph, (x, y), name = op_inputs((x, y), name, "div_no_nan", _ARG_NAMES)
    if x.dtype in _dt.ALL_INTS and x.dtype == y.dtype:
        x, y, name = _ints_as_floats(graph, x, y, name)
    return graph.create_op("DivNoNan", (x, y), None, name).outputs[0]


@register_gradient("DivNoNan")
def _div_no_nan_grad(op, g):
    x, y = op.inputs
    return [reduce_like(div_no_nan(g, y), x), reduce_like(g * div_no_nan(div_no_nan(-x, y), y), y)]


# -- cumulative product --------------------------------------------------------------------


@register_op(
    "Cumprod",
    arity=(1, 2),
    infer=_cumsum_infer,
    attrs={"axis": ("int", 0), "exclusive": ("bool", False), "reverse": ("bool", False)},
    unknown_rank_ok=True,
)
def _cumprod(op):
    return _scan_kernel(op, np.cumprod, 1)


def cumprod(
    x: Any, axis: int = 0, exclusive: bool = False, reverse: bool = False, name: str | None = None
) -> Tensor:
    """Running products along `axis`; `exclusive` starts at 1, `reverse` from the end."""
    return _scan("Cumprod", x, axis, exclusive, reverse, name)


@register_gradient("Cumprod")
def _cumprod_grad(op, g):
    # TensorFlow's formula, div_no_nan included: 0 where x is 0 (not the true gradient).
    a = op.attrs
    x, out = op.inputs[0], op.outputs[0]
    axis, exclusive, reverse = _scan_axis_of(op), a.get("exclusive", False), a.get("reverse", False)
    grad = div_no_nan(cumsum(g * out, axis, exclusive, not reverse), x)
    return [grad, *([None] * (len(op.inputs) - 1))]


# TF's op functions convert their inputs in order: `tf.add(2, t)` of a float `t` is
# TypeError, `2 + t` is not. The operators above were attached the unchecked functions.
add, subtract, multiply, maximum, minimum, pow = map(
    converts_in_order, (add, subtract, multiply, maximum, minimum, pow)
)
equal, not_equal, less, less_equal, greater, greater_equal = map(
    converts_in_order, (equal, not_equal, less, less_equal, greater, greater_equal)
)
floordiv, floormod = converts_in_order(floordiv), converts_in_order(floormod)
mul, sub, floor_div, mod = multiply, subtract, floordiv, floormod
# tf.truediv converts y with x's dtype and refuses a mismatch; tf.divide converts x with
# y's (the `/` operator's way), so only truediv is checked.
truediv = converts_in_order(divide)
