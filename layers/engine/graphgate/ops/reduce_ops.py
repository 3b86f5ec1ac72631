"""Reductions over axes (sum, mean, max, min, prod, logsumexp) and argmax/argmin."""

from __future__ import annotations

import operator
import types
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from .. import dtypes as _dt
from .. import fusion as _fusion
from ..errors import GraphgateError, error
from ..graph import Tensor, op_inputs, reserve_name
from ..ragged_tensor import RaggedTensor
from .array_ops import expand_dims
from .math_ops import cast, equal, exp
from .registry import (
    REQUIRED,
    InferenceError,
    check_dtype,
    norm_axes,
    norm_axis,
    not_differentiable,
    num_elements,
    read_run_time_axis,
    register_gradient,
    register_op,
    run_time_axis,
)
from .shape_values import read_at_build, static_arg

_REDUCE_ATTRS = {"axis": ("axes", None), "keepdims": ("bool", False)}


def _reduce_shape(shape, attrs):
    keep = attrs.get("keepdims", False)
    if shape is None:
        if attrs.get("axis") is None and not keep:
            return ()
        return None
    axis, rank = attrs.get("axis"), len(shape)
    for a in () if axis is None else (axis,) if isinstance(axis, int) else axis:
        if not -rank <= a < rank:  # TF's wording: ported tests match it
            raise InferenceError(
                "INVALID_ATTR", f"Invalid reduction dimension {a} for input with {rank} dimensions."
            )
    axes = norm_axes(axis, rank)
    if keep:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _reduce_infer(kind):
    def infer(shapes, types, attrs):
        check_dtype(types[0], kind)
        return [(_reduce_shape(shapes[0], attrs), types[0])]

    return infer


def _axes_of(op):
    shape = op.inputs[0].static_shape
    axis = op.attrs.get("axis")
    if shape is None:
        return axis if axis is None or isinstance(axis, int) else tuple(axis)
    return norm_axes(axis, len(shape))


def _reduce_op(type_, kind, factory):
    register_op(
        type_, arity=1, infer=_reduce_infer(kind), attrs=_REDUCE_ATTRS, unknown_rank_ok=True
    )(factory)


def _sum(op):
    axes, keep, dtype = _axes_of(op), op.attrs.get("keepdims", False), op.outputs[0].dtype
    if dtype in _dt.ALL_INTS:
        # In the dtype itself: a small integer's sum wraps, as TF's (numpy would widen it).
        return lambda x: np.sum(x, axes, dtype, keepdims=keep)
    return _copying_one_each(lambda x: np.sum(x, axes, keepdims=keep), axes, keep)


def _mean(op):
    axes, keep, dtype = _axes_of(op), op.attrs.get("keepdims", False), op.outputs[0].dtype
    if dtype == _dt.uint64:
        # TF accumulates uint64 in uint64 (the sum wraps), then divides.
        def wrapped_mean(x):
            total = np.sum(x, axes, np.uint64, keepdims=keep)
            count = max(np.size(x) // max(np.size(total), 1), 1)
            return (total // np.uint64(count)).astype(dtype)

        return wrapped_mean
    if dtype in _dt.ALL_INTS:

        def int_mean(x):
            total = np.sum(x, axes, np.int64, keepdims=keep)
            count = max(np.size(x) // max(np.size(total), 1), 1)
            return (np.sign(total) * (np.abs(total) // count)).astype(dtype)

        return int_mean

    def float_mean(x):
        if x.dtype.kind == "c" and not np.size(x):
            # TF's complex Mean of nothing is 0 (its NaN identity is for real floats only).
            return np.sum(x, axes, keepdims=keep)
        if not np.size(x):  # TF's 0 / 0 (NaN), without numpy's "Mean of empty slice" warning
            with np.errstate(invalid="ignore"):
                return np.true_divide(np.sum(x, axes, keepdims=keep), x.dtype.type(0))
        if x.dtype == np.float16:
            # TF's MeanReducer<half>: the sum as a half (inf past 65504), divided by the
            # count as a half, where numpy's mean would keep the sum in float32.
            total = np.sum(x, axes, keepdims=keep)
            count = np.float16(np.size(x) // max(np.size(total), 1))
            with np.errstate(over="ignore", invalid="ignore"):
                return np.true_divide(total, count)
        return np.mean(x, axes, keepdims=keep)

    return _copying_one_each(float_mean, axes, keep)


def _shape_stub(op, needed):
    """Sum or Mean when only the result's shape is read: that shape, as numpy gives it
    (numpy's own error for an axis the value does not have)."""
    axis, keep = _axes_of(op), op.attrs.get("keepdims", False)  # the axes the kernel takes
    dtype = np.dtype(op.outputs[0].dtype)
    # Every axis of a value of this rank (None: of any rank): a scalar, a mean loss's case.
    every = None if axis is None else -1
    if isinstance(axis, tuple) and axis == tuple(range(len(axis))):
        every = len(axis)
    if keep:
        every = -1

    def kernel(x):
        shape = np.shape(x)
        if every is None or every == len(shape):
            return _fusion.zeros_shaped((), dtype)
        axes = range(len(shape)) if axis is None else normalize_axis_tuple(axis, len(shape))
        if keep:
            out = tuple(1 if i in axes else d for i, d in enumerate(shape))
        else:
            out = tuple(d for i, d in enumerate(shape) if i not in axes)
        return _fusion.zeros_shaped(out, dtype)

    return kernel


def _extreme(fn, lowest):
    def factory(op):
        axes, keep, dtype = _axes_of(op), op.attrs.get("keepdims", False), op.outputs[0].dtype
        initial = lowest(dtype)
        return _copying_one_each(lambda x: fn(x, axes, keepdims=keep, initial=initial), axes, keep)

    return factory


def _lowest(dtype):
    return -np.inf if dtype in _dt.FLOATS else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype in _dt.FLOATS else np.iinfo(dtype).max


def _prod(op):
    axes, keep, dtype = _axes_of(op), op.attrs.get("keepdims", False), op.outputs[0].dtype

    def kernel(x):
        if x.dtype == np.float16:
            return _half_product(x, axes, keep)
        return np.prod(x, axes, dtype, keepdims=keep)

    return _copying_one_each(kernel, axes, keep) if dtype.kind in "fc" else kernel


def _half_product(x: np.ndarray, axes, keep: bool) -> np.ndarray:
    """A float16 product rounded to half at each step, as TF's Eigen multiplies halves (so
    300 * 300 * 0.001 overflows to inf); numpy's keeps the running product in float32."""
    dims = _reduced_dims(x.ndim, axes)
    kept = [d for d in range(x.ndim) if d not in dims]
    rows = np.transpose(x, [*dims, *kept]).reshape(-1, *[x.shape[d] for d in kept])
    if not len(rows):
        return np.ones(_kept_shape(x.shape, dims, keep), np.float16)
    with np.errstate(over="ignore", invalid="ignore"):  # numpy's f16 accumulate rounds each
        acc = np.multiply.accumulate(rows, axis=0)[-1]
    return acc.reshape(_kept_shape(x.shape, dims, keep))


def _copying_one_each(kernel: Callable, axes, keep: bool) -> Callable:
    """`kernel` but for a reduction of one element into each output, which TF's
    ReductionHelper reshapes: numpy's 0 + x (1 * x) would flush a subnormal x in a run,
    turn -0.0 into 0.0, and (nan+inf j) * 1 is nan+nan j."""
    # The reduced dims per rank, normalized once: this check runs before every reduction.
    dims_of: dict[int, tuple[int, ...]] = {}

    def reduce(x):
        if x.dtype.kind in "fc" and x.size:
            dims = dims_of.get(x.ndim)
            if dims is None:
                dims = dims_of[x.ndim] = _reduced_dims(x.ndim, axes)
            if all(x.shape[a] == 1 for a in dims):
                return np.reshape(x, _kept_shape(x.shape, dims, keep))
        return kernel(x)

    return reduce


def _reduced_dims(ndim: int, axes) -> tuple[int, ...]:
    return tuple(range(ndim)) if axes is None else normalize_axis_tuple(axes, ndim)


def _kept_shape(shape: tuple, dims: tuple, keep: bool) -> tuple:
    if keep:
        return tuple(1 if i in dims else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in dims)


def _logsumexp(op):
    axes, keep = _axes_of(op), op.attrs.get("keepdims", False)

    def kernel(x):
        # An empty reduction is log(0) = -inf, as TF's.
        m = np.max(x, axes, keepdims=True, initial=-np.inf)
        m = np.where(np.isfinite(m), m, 0)
        with np.errstate(divide="ignore"):
            out = np.log(np.sum(np.exp(x - m), axes, keepdims=True)) + m
        return out if keep else np.squeeze(out, axes)

    return kernel


# The small integers reduce as TF's kernels do (fixture tf1_image.json): sums and products
# wrap in the dtype, means of 8- to 32-bit integers sum exactly before dividing.
_reduce_op("Sum", "real", _sum)
_reduce_op("Mean", "real", _mean)
_fusion.register_shape_stub("Sum", _shape_stub)
_fusion.register_shape_stub("Mean", _shape_stub)
_reduce_op("Max", "real", _extreme(np.max, _lowest))
_reduce_op("Min", "real", _extreme(np.min, _highest))
_reduce_op("Prod", "real", _prod)
_reduce_op("ReduceLogSumExp", "float", _logsumexp)


def _axis_attr(axis: Any) -> Any:
    axis = static_arg(axis, "a reduction's axis")
    if axis is None or isinstance(axis, int | np.integer):
        return None if axis is None else operator.index(axis)
    if np.ndim(axis) > 1:  # TF's shape function: ValueError
        raise error("INVALID_ATTR", f"reduction axes must be at most rank 1, got {axis!r}")
    return tuple(operator.index(a) for a in axis)


def _one_of(what: str, new: Any, old: Any, old_name: str) -> Any:
    """TF1's deprecated spelling (`reduction_indices`, `keep_dims`) in place of the new."""
    if old is None:
        return new
    if new is not None and new is not False:
        from ..errors import error

        raise error("INVALID_ATTR", f"pass only one of {what} and {old_name}")
    return old


def _reduce_api(type_, py_name):
    def api(
        input_tensor: Any,
        axis: Any = None,
        keepdims: bool | None = None,
        name: str | None = None,
        reduction_indices: Any = None,
        keep_dims: bool | None = None,
    ) -> Tensor:
        axis = _one_of("axis", axis, reduction_indices, "reduction_indices")
        keepdims = _one_of("keepdims", keepdims, keep_dims, "keep_dims")
        if isinstance(input_tensor, RaggedTensor):
            from ..ragged_ops import reduce

            return reduce(api, input_tensor, axis, keepdims, name)
        graph, (x,), name = op_inputs((input_tensor,), name, type_, ("input",))
        if axis is None and x.static_shape is not None:
            # TensorFlow builds the all-axes list as a top-level `Const` here.
            reserve_name(graph, "Const")
        if _known_only_when_run(axis):
            attrs = {"kind": type_, "keepdims": bool(keepdims)}
            return graph.create_op("ReduceDynamic", (x, axis), attrs, name).outputs[0]
        attrs = {"axis": _axis_attr(axis), "keepdims": bool(keepdims)}
        return graph.create_op(type_, (x,), attrs, name).outputs[0]

    api.__name__ = py_name
    api.__doc__ = (
        f"`{py_name}` over `axis` (all axes when None), as TensorFlow's; TF1's "
        "`reduction_indices` and `keep_dims` are accepted."
    )
    return api


reduce_sum = _reduce_api("Sum", "reduce_sum")
reduce_mean = _reduce_api("Mean", "reduce_mean")
reduce_max = _reduce_api("Max", "reduce_max")
reduce_min = _reduce_api("Min", "reduce_min")
reduce_prod = _reduce_api("Prod", "reduce_prod")
reduce_logsumexp = _reduce_api("ReduceLogSumExp", "reduce_logsumexp")
logsumexp = reduce_logsumexp


def _kept(op, t):
    """`t` (a reduction's output or its gradient) with the reduced axes put back as 1."""
    if op.attrs.get("keepdims", False):
        return t
    shape = op.inputs[0].static_shape
    if shape is None:
        if op.attrs.get("axis") is None:
            return t  # a scalar broadcasts against any shape
        # The rank is only known at run time: put the axes back there.
        return t.op.graph.create_op(
            "ExpandReduced", (t, op.inputs[0]), {"axis": op.attrs.get("axis")}, "expand_reduced"
        ).outputs[0]
    axes = norm_axes(op.attrs.get("axis"), len(shape))
    if len(axes) == len(shape):
        return t
    for a in axes:
        t = expand_dims(t, a)
    return t


def _runtime_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return tuple(sorted({a % ndim if ndim else 0 for a in axes}))


def _expand_reduced_infer(shapes, types, attrs):
    shape = shapes[1]
    if shape is None:
        return [(None, types[0])]
    axes = norm_axes(attrs.get("axis"), len(shape))
    return [(tuple(1 if i in axes else d for i, d in enumerate(shape)), types[0])]


@register_op(
    "ExpandReduced",
    arity=2,
    infer=_expand_reduced_infer,
    attrs={"axis": ("axes", None)},
    unknown_rank_ok=True,
)
def _expand_reduced(op):
    """A reduction's gradient reshaped to its input's rank, reduced axes as 1; for inputs
    whose rank is only known at run time."""
    axis = op.attrs.get("axis")

    def kernel(g, x):
        shape = np.shape(x)
        axes = _runtime_axes(axis, len(shape))
        return np.reshape(g, [1 if i in axes else d for i, d in enumerate(shape)])

    return kernel


@register_gradient("ExpandReduced")
def _expand_reduced_grad(op, g):
    return [
        g.op.graph.create_op("ReshapeLike", (g, op.inputs[0]), None, "reshape").outputs[0],
        None,
    ]


def _broadcast_like(g, x):
    # TF tiles the (reshaped) gradient: gradients/Sum_grad/Tile.
    return g.op.graph.create_op("BroadcastLike", (g, x), None, "Tile").outputs[0]


@register_gradient("Sum")
def _sum_grad(op, g):
    return [_broadcast_like(_kept(op, g), op.inputs[0])]


@register_gradient("Mean")
def _mean_grad(op, g):
    x, y = op.inputs[0], op.outputs[0]
    n_in, n_out = num_elements(x.static_shape), num_elements(y.static_shape)
    grad = _broadcast_like(_kept(op, g), x)
    if n_in is not None and n_out is not None:
        return [grad * (1.0 / max(n_in // max(n_out, 1), 1))]
    from .array_ops import size

    count = cast(size(x), g.dtype) / cast(size(y), g.dtype)
    return [grad / count]


def _extreme_grad(op, g):
    x = op.inputs[0]
    mask = cast(equal(x, _kept(op, op.outputs[0])), g.dtype)
    count = reduce_sum(mask, op.attrs.get("axis"), keepdims=True)
    return [_kept(op, g) * mask / count]


register_gradient("Max")(_extreme_grad)
register_gradient("Min")(_extreme_grad)


def _logsumexp_input_grad(x: Tensor, g_kept: Tensor, axes: Any) -> Tensor:
    """TF's gradient of reduce_logsumexp, which TF builds from its parts: log(sum(exp(x -
    m))) + m with m the finite maximum held still, so the gradient is exp(x - m) * (g /
    sum) -- exactly 1/n for n equal entries, where exp(x - result) would round."""
    from .array_ops import stop_gradient, where, zeros_like
    from .math_ops import reciprocal
    from .special_math_ops import is_finite

    raw = reduce_max(x, axes, keepdims=True)
    m = stop_gradient(where(is_finite(raw), raw, zeros_like(raw)))
    e = exp(x - m)
    return g_kept * reciprocal(reduce_sum(e, axes, keepdims=True)) * e


@register_gradient("ReduceLogSumExp")
def _logsumexp_grad(op, g):
    return [_logsumexp_input_grad(op.inputs[0], _kept(op, g), op.attrs.get("axis"))]


def _prod_others_infer(shapes, types, attrs):
    return [(shapes[0], types[0])]


@register_op(
    "ProdOthers",
    arity=(1, 2),
    infer=_prod_others_infer,
    attrs={"axis": ("axes", None)},
    unknown_rank_ok=True,
)
def _prod_others(op):
    """For each element, the product of the others in its reduction group (zeros allowed);
    the group's axes are the attribute's, or a second input's (a reduction over run-time axes)."""
    axis = op.attrs.get("axis")

    def kernel(x, *axes):
        x = np.asarray(x)
        if not x.size:  # an empty tensor's gradient is empty, as TF's
            return x.copy()
        flat, back = _groups(x, _checked_axes(axes[0], x.ndim) if axes else axis)
        left, right = _exclusive_products(flat)
        return back(left * right)

    return kernel


def _groups(x: np.ndarray, axis: Any):
    """`x` with its reduction group last, flattened, and the function putting a result of
    that layout back in `x`'s."""
    axes = _runtime_axes(axis, x.ndim)
    rest = [i for i in range(x.ndim) if i not in axes]
    moved = np.transpose(x, rest + list(axes))
    flat = moved.reshape((*moved.shape[: len(rest)], -1))
    order = np.argsort(rest + list(axes))
    return flat, lambda v: np.transpose(v.reshape(moved.shape), order)


def _exclusive_products(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the product of the entries before each one, and of those after it."""
    ones = np.ones((*flat.shape[:-1], 1), flat.dtype)
    # dtype=: numpy's cumprod widens small integers, and the value must be its tensor's.
    left = np.cumprod(np.concatenate([ones, flat[..., :-1]], -1), -1, dtype=flat.dtype)
    right = np.cumprod(np.concatenate([ones, flat[..., :0:-1]], -1), -1, dtype=flat.dtype)
    return left, right[..., ::-1]


@register_op(
    "ProdOthersGrad",
    arity=(2, 3),
    infer=_prod_others_infer,
    attrs={"axis": ("axes", None)},
    unknown_rank_ok=True,
)
def _prod_others_grad(op):
    """The gradient of ProdOthers: out_j = sum over i != j of g_i times the product of the
    group's entries but i and j (so a Prod's second derivative exists, as TF's cumprod
    gradient gives it). Two running sums, one from each end, keep it linear and zero-safe:
    out_j = R_j A_j + L_j B_j with A_{j+1} = A_j x_j + g_j L_j, B_{j-1} = B_j x_j + g_j R_j."""
    axis = op.attrs.get("axis")

    def kernel(g, x, *axes):
        x = np.asarray(x)
        if not x.size:
            return x.copy()
        group = _checked_axes(axes[0], x.ndim) if axes else axis
        flat, back = _groups(x, group)
        gflat, _ = _groups(np.broadcast_to(np.asarray(g, x.dtype), x.shape), group)
        left, right = _exclusive_products(flat)
        a, b = np.zeros_like(flat), np.zeros_like(flat)
        for j in range(1, flat.shape[-1]):
            a[..., j] = a[..., j - 1] * flat[..., j - 1] + gflat[..., j - 1] * left[..., j - 1]
        for j in range(flat.shape[-1] - 2, -1, -1):
            b[..., j] = b[..., j + 1] * flat[..., j + 1] + gflat[..., j + 1] * right[..., j + 1]
        return back(right * a + left * b)

    return kernel


@register_gradient("ProdOthersGrad")
def _prod_others_grad_gradient(op, g):
    # A product's third derivative: TF has it; refused here rather than silently None.
    from ..errors import error

    raise error("NO_GRADIENT", "graphgate has no third derivative of reduce_prod", node=op.name)


@register_gradient("ProdOthers")
def _prod_others_gradient(op, g):
    axis = {"axis": op.attrs.get("axis")}
    inputs = (g, *op.inputs)  # and the run-time axes, if the group has them
    grad = g.op.graph.create_op("ProdOthersGrad", inputs, axis, "prod_others_grad")
    return [grad.outputs[0]] + [None] * (len(op.inputs) - 1)


def _prod_input_grad(x: Tensor, g_kept: Tensor, axis: Any, axes: tuple[Tensor, ...] = ()):
    """TF's gradient of reduce_prod: g times the product of the others in x's group."""
    others = x.op.graph.create_op("ProdOthers", (x, *axes), {"axis": axis}, "prod_grad")
    return _broadcast_like(g_kept, x) * others.outputs[0]


@register_gradient("Prod")
def _prod_grad(op, g):
    return [_prod_input_grad(op.inputs[0], _kept(op, g), op.attrs.get("axis"))]


def _arg_infer(shapes, types, attrs):
    if types[0] != _dt.bool_:  # TF's ArgMax/ArgMin take bool too (True wins)
        check_dtype(types[0], "real")
    src = shapes[0]
    run_time = run_time_axis(shapes, types, attrs, 1, "argmax's axis", 0, 0)  # TF's `dimension`
    if src is None:
        return [(None, attrs.get("output_type", _dt.int64))]
    if not src:
        raise InferenceError("SHAPE_MISMATCH", "argmax/argmin need at least one axis")
    if run_time:  # TF's: one dim fewer, which not known
        return [((None,) * (len(src) - 1), attrs.get("output_type", _dt.int64))]
    axis = norm_axis(attrs.get("axis", 0), len(src))
    return [(src[:axis] + src[axis + 1 :], attrs.get("output_type", _dt.int64))]


def _arg_factory(fn, nan_as):
    def factory(op):
        static = op.attrs.get("axis", 0)
        dtype = op.outputs[0].dtype

        def kernel(x, axis=None):  # `axis` given at run time: TF's second input
            # An input of unknown rank, or an axis given at run time, is checked here.
            axis = read_run_time_axis(
                static if axis is None else axis,
                np.ndim(x),
                "Expected dimension in the range [{lo}, {hi}), but got {axis}",
                node=op.name,
                not_scalar="argmax's axis must be a scalar: {shape}",
            )
            x = np.asarray(x)
            if x.dtype.kind == "f" and np.isnan(x).any():
                # TF's reducer compares with > (<), so a NaN never wins; numpy's picks it.
                x = np.where(np.isnan(x), nan_as, x)
            return np.asarray(fn(x, axis)).astype(dtype)

        return kernel

    return factory


_ARG_ATTRS = {"axis": ("int", 0), "output_type": ("dtype", _dt.int64)}
_ARG_OPTS = {"arity": (1, 2), "infer": _arg_infer, "attrs": _ARG_ATTRS, "unknown_rank_ok": True}
register_op("ArgMax", **_ARG_OPTS)(_arg_factory(np.argmax, -np.inf))
register_op("ArgMin", **_ARG_OPTS)(_arg_factory(np.argmin, np.inf))
not_differentiable("ArgMax", "ArgMin")


def _arg_api(type_, py_name):
    def api(
        input: Any,
        axis: int | None = None,
        name: str | None = None,
        dimension: int | None = None,
        output_type: Any = _dt.int64,
    ) -> Tensor:
        axis = _one_of("axis", axis, dimension, "dimension")
        if isinstance(axis, Tensor) and read_at_build(axis) is None:  # TF's input, when run
            graph, ts, name = op_inputs((input, axis), name, type_, ("input", "dimension"))
            attrs = {"output_type": _dt.as_dtype(output_type)}
            return graph.create_op(type_, ts, attrs, name).outputs[0]
        axis = static_arg(axis, "argmax's axis")
        graph, (x,), name = op_inputs((input,), name, type_, ("input",))
        attrs = {
            "axis": 0 if axis is None else operator.index(axis),
            "output_type": _dt.as_dtype(output_type),
        }
        return graph.create_op(type_, (x,), attrs, name).outputs[0]

    api.__name__ = py_name
    return api


argmax = _arg_api("ArgMax", "argmax")
argmin = _arg_api("ArgMin", "argmin")


# -- logical reductions --------------------------------------------------------------------


def _logical(fn):
    def factory(op):
        axes, keep = _axes_of(op), op.attrs.get("keepdims", False)
        return lambda x: np.asarray(fn(x, axes, keepdims=keep))

    return factory


_reduce_op("Any", "bool", _logical(np.any))
_reduce_op("All", "bool", _logical(np.all))
not_differentiable("Any", "All")
reduce_any = _reduce_api("Any", "reduce_any")
reduce_all = _reduce_api("All", "reduce_all")

# -- axes known only at run time: one op runs the reduction `kind` names -----------------


def _known_only_when_run(axis: Any) -> bool:
    if not isinstance(axis, Tensor):
        return False
    try:
        static_arg(axis, "a reduction's axis")
    except GraphgateError as exc:
        if exc.code == "UNIMPLEMENTED":
            return True
        raise
    return False


_DYNAMIC_KINDS = {
    "Sum": ("real", _sum),
    "Mean": ("real", _mean),
    "Max": ("real", _extreme(np.max, _lowest)),
    "Min": ("real", _extreme(np.min, _highest)),
    "Prod": ("real", _prod),
    "ReduceLogSumExp": ("float", _logsumexp),
    "Any": ("bool", _logical(np.any)),
    "All": ("bool", _logical(np.all)),
}


def _dynamic_infer(shapes, types, attrs):
    kind, keep = attrs["kind"], attrs.get("keepdims", False)
    if kind not in _DYNAMIC_KINDS:
        raise InferenceError("INVALID_ATTR", f"no reduction {kind!r}")
    check_dtype(types[0], _DYNAMIC_KINDS[kind][0])
    check_dtype(types[1], "int", "reduction axes")
    if shapes[1] is not None and len(shapes[1]) > 1:
        raise InferenceError("INVALID_ATTR", "reduction axes must be at most rank 1")
    # TF's: only the rank survives, and only with keepdims.
    src = shapes[0]
    return [((None,) * len(src) if keep and src is not None else None, types[0])]


def _checked_axes(axes: Any, rank: int) -> tuple[int, ...]:
    out = []
    for a in np.asarray(axes).reshape(-1).tolist():
        if not -rank <= a < rank:
            raise error(
                "INVALID_ATTR", f"Invalid reduction dimension {a} for input with {rank} dimensions."
            )
        if a % rank in out:
            raise error("INVALID_ATTR", f"Axes contains duplicate dimension: {a % rank}")
        out.append(a % rank)
    return tuple(sorted(out))


@register_op(
    "ReduceDynamic",
    arity=2,
    infer=_dynamic_infer,
    attrs={"kind": ("str", REQUIRED), "keepdims": ("bool", False)},
    unknown_rank_ok=True,
)
def _reduce_dynamic(op):
    """The reduction's own kernel, made for the axes each run brings (and kept per axes)."""
    factory = _DYNAMIC_KINDS[op.attrs["kind"]][1]
    dtype, keep = op.outputs[0].dtype, op.attrs.get("keepdims", False)
    made: dict = {}

    def kernel(x, axes):
        x = np.asarray(x)
        key = (x.ndim, _checked_axes(axes, x.ndim))
        if key not in made:
            fixed = types.SimpleNamespace(
                attrs={"axis": key[1], "keepdims": keep},
                inputs=[types.SimpleNamespace(static_shape=(None,) * x.ndim)],
                outputs=[types.SimpleNamespace(dtype=dtype)],
                name=op.name,
            )
            made[key] = factory(fixed)
        return made[key](x)

    return kernel


@register_op(
    "ExpandReducedDynamic", arity=3, infer=lambda s, t, a: [(s[1], t[0])], unknown_rank_ok=True
)
def _expand_reduced_dynamic(op):
    def kernel(g, x, axes):
        shape = np.shape(x)
        kept = _checked_axes(axes, len(shape))
        return np.reshape(g, [1 if i in kept else d for i, d in enumerate(shape)])

    return kernel


@register_gradient("ExpandReducedDynamic")
def _expand_reduced_dynamic_grad(op, g):
    reshaped = g.op.graph.create_op("ReshapeLike", (g, op.inputs[0]), None, "reshape")
    return [reshaped.outputs[0], None, None]


def _kept_dynamic(op, t):
    if op.attrs.get("keepdims", False):
        return t
    x, axes = op.inputs
    return t.op.graph.create_op("ExpandReducedDynamic", (t, x, axes), None, "expand").outputs[0]


@register_gradient("ReduceDynamic")
def _reduce_dynamic_grad(op, g):
    """TF's gradients of Sum, Mean, Max, Min, Prod and LogSumExp with the axes read when run."""
    from .array_ops import size

    kind, x, y = op.attrs["kind"], op.inputs[0], op.outputs[0]
    g_kept = _kept_dynamic(op, g)
    if kind in ("Sum", "Mean"):
        grad = _broadcast_like(g_kept, x)
        if kind == "Mean":
            grad = grad / (cast(size(x), g.dtype) / cast(size(y), g.dtype))
        return [grad, None]
    if kind in ("Max", "Min"):
        mask = cast(equal(x, _kept_dynamic(op, y)), g.dtype)
        count = reduce_sum(mask, op.inputs[1], keepdims=True)
        return [g_kept * mask / count, None]
    if kind == "ReduceLogSumExp":
        return [_logsumexp_input_grad(x, g_kept, op.inputs[1]), None]
    if kind == "Prod":
        return [_prod_input_grad(x, g_kept, None, (op.inputs[1],)), None]
    raise error("NO_GRADIENT", f"graphgate has no gradient of {kind} over run-time axes")


# The small internal API other families build reductions with (special_math_ops'
# EuclideanNorm and the moments of `tf.math`): the same attributes, inference, axes,
# TF1 argument spellings and gradient shapes as the reductions here.
REDUCE_ATTRS = _REDUCE_ATTRS
reduce_infer = _reduce_infer
axes_of = _axes_of
reduce_api = _reduce_api
kept = _kept
one_of = _one_of
