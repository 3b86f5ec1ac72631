"""Sources, shape manipulation, slicing, gather, selection: forward, inference, gradient."""

from __future__ import annotations

import builtins
import math
import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import GraphgateError, error
from ..graph import (
    Tensor,
    as_tensors,
    constant_op,
    convert_to_tensor,
    get_default_graph,
    op_inputs,
    shape_dims,
)
from ..indexed_slices import IndexedSlices, map_values
from ..limits import check_run_time_size
from ..ragged_tensor import RaggedTensor
from .gather_batch_dims import batch_dims_checked, batch_take, batch_take_grad
from .math_ops import _fixed, _op, reduce_like
from .registry import (
    REQUIRED,
    InferenceError,
    broadcast_shapes,
    check_dtype,
    merge_dim,
    norm_axes,
    norm_axis,
    not_differentiable,
    num_elements,
    read_run_time_axis,
    register_gradient,
    register_op,
    run_time_axis,
    same_dtypes,
)
from .shape_values import (
    constant_value,
    hinted_shape,
    is_dynamic,
    partial_shape,
    read_at_build,
    run_time_shape,
    scalar_index,
    shape_tensor,
    static_arg,
    static_hint,
    static_int,
    static_ints,
    vector_ints,
)

_slice = builtins.slice


def _identity(x):
    return x


def _same(shapes, types, attrs):
    return [(shapes[0], types[0])]


# -- sources -------------------------------------------------------------------------------


def _const_infer(shapes, types, attrs):
    value = attrs["value"]
    return [(value.shape, value.dtype)]


@register_op("Const", arity=0, infer=_const_infer, attrs={"value": ("tensor", REQUIRED)})
def _const(op):
    value = op.attrs["value"]
    return lambda: value


def constant(
    value: Any,
    dtype: Any = None,
    shape: Any = None,
    name: str | None = "Const",
    verify_shape: bool = False,
) -> Tensor:
    """A read-only tensor. Python floats default to float32 and ints to int32; with TF1's
    `verify_shape=True`, a `shape` other than the value's is a TypeError, as TF's."""
    if value is None:  # TF's ValueError, not a dtype's TypeError
        raise error("INVALID_TENSOR", "None values not supported.")
    if verify_shape and shape is not None and not isinstance(value, Tensor):
        got = tuple(np.shape(value))
        if got != tuple(operator.index(d) for d in shape):
            raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {got}.")
    if dtype is not None and not isinstance(value, Tensor):
        # TF's _AssertCompatible: `constant(2.0, tf.int32)` is TypeError, as beside a tensor.
        value = _dt.check_literal(value, _dt.as_dtype(dtype))
    if shape is not None and not isinstance(value, Tensor):
        value = _filled_to(value, dtype, tuple(operator.index(d) for d in shape))
    return constant_op(get_default_graph(), value, dtype, name, shape)


def _filled_to(value: Any, dtype: Any, dims: tuple) -> Any:
    """TF1's `constant(value, shape=...)` with fewer values than the shape holds: the last
    value repeats to fill it (none at all: zeros); more values than it holds: ValueError."""
    if dtype is None:
        arr = _dt.default_array(value)
    else:
        arr = _dt.convert_literal(value, _dt.as_dtype(dtype))
    size = int(np.prod(dims))
    if arr.size in (1, size):
        return value
    if arr.size > size:
        raise error(
            "SHAPE_MISMATCH",
            f"Too many elements provided. Takes at most {size}, but got {arr.size}.",
        )
    flat = arr.reshape(-1)
    if not flat.size:
        return np.zeros(dims, arr.dtype)
    return np.concatenate([flat, np.repeat(flat[-1:], size - flat.size)]).reshape(dims)


def _placeholder_infer(shapes, types, attrs):
    # A document leaves out a shape of unknown rank (None, the default): absent is None.
    return [(attrs.get("shape"), attrs["dtype"])]


@register_op(
    "Placeholder",
    arity=0,
    infer=_placeholder_infer,
    attrs={"dtype": ("dtype", REQUIRED), "shape": ("shape", None)},
    stateful=True,
)
def _placeholder(op):
    def missing():
        raise error(
            "MISSING_FEED", f"you must feed a value for placeholder {op.name}", node=op.name
        )

    return missing


def placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> Tensor:
    """A value fed at run time; `shape` may hold None dims, or be None for unknown rank."""
    dtype = _dt.as_dtype(dtype)
    if shape is not None:
        shape = shape_dims(shape)  # a negative dim is Dimension's INVALID_ATTR
    return (
        get_default_graph()
        .create_op("Placeholder", (), {"dtype": dtype, "shape": shape}, name or "Placeholder")
        .outputs[0]
    )


not_differentiable("Const", "Placeholder")


def _placeholder_with_default_infer(shapes, types, attrs):
    shape, given = attrs.get("shape"), shapes[0]
    if shape is None:
        # TF's `placeholder_with_default(x, None)` is of unknown shape: any value may be fed.
        return [(None, types[0])]
    if given is not None:
        if len(shape) != len(given):
            raise InferenceError(
                "SHAPE_MISMATCH", f"default of shape {list(given)} for shape {list(shape)}"
            )
        for a, b in zip(shape, given, strict=True):
            if a is not None:
                merge_dim(a, b, "placeholder_with_default's default")
    return [(shape, types[0])]


# Stateful so that a constant default is never folded into its consumers: it may be fed.
register_op(
    "PlaceholderWithDefault",
    arity=1,
    infer=_placeholder_with_default_infer,
    attrs={"shape": ("shape", None)},
    stateful=True,
    unknown_rank_ok=True,
)(_fixed(_identity))


def placeholder_with_default(input: Any, shape: Any, name: str | None = None) -> Tensor:
    """`input` unless a value is fed; `shape` may be less specific than `input`'s."""
    return _op(
        "PlaceholderWithDefault",
        (input,),
        name,
        "PlaceholderWithDefault",
        {"shape": shape_dims(shape)},
        ("input",),
    )


@register_gradient("PlaceholderWithDefault")
def _placeholder_with_default_grad(op, g):
    return [g]


register_op("Identity", arity=1, infer=_same, unknown_rank_ok=True)(_fixed(_identity))
register_op("StopGradient", arity=1, infer=_same, unknown_rank_ok=True)(_fixed(_identity))
not_differentiable("StopGradient")
# TF's promise to Grappler that a value is constant: the identity when run.
register_op("GuaranteeConst", arity=1, infer=_same, unknown_rank_ok=True)(_fixed(_identity))


@register_gradient("GuaranteeConst")
def _guarantee_const_grad(op, g):
    # TensorFlow defines no gradient for GuaranteeConst: the same LookupError here.
    raise error("NO_GRADIENT", "no gradient is defined for GuaranteeConst", node=op.name)


def identity(input: Any, name: str | None = None) -> Tensor:
    if isinstance(input, IndexedSlices):  # TF's identity keeps the slices
        return map_values(lambda v: _op("Identity", (v,), name, "Identity"), input)
    return _op("Identity", (input,), name, "Identity")


def guarantee_const(input: Any, name: str | None = None) -> Tensor:
    """TF's `tf.guarantee_const`: `input`, marked as constant for TF's optimizer."""
    return _op("GuaranteeConst", (input,), name, "GuaranteeConst")


def stop_gradient(input: Any, name: str | None = None) -> Tensor:
    """The identity, through which no gradient flows (an IndexedSlices' values, as TF's)."""
    if isinstance(input, IndexedSlices):
        return map_values(lambda v: _op("StopGradient", (v,), name, "StopGradient"), input)
    return _op("StopGradient", (input,), name, "StopGradient")


@register_gradient("Identity")
def _identity_grad(op, g):
    return [g]


# -- fill ----------------------------------------------------------------------------------


def _fill_infer(shapes, types, attrs):
    # One input (value) with a static `shape`, or TensorFlow's two (dims, value).
    if shapes[-1] != ():
        raise InferenceError("SHAPE_MISMATCH", "fill's value must be a scalar")
    if len(shapes) == 2:
        return [(hinted_shape(shapes[0], types[0], attrs, "fill's dims"), types[1])]
    if attrs.get("shape") is None:
        raise InferenceError("INVALID_ATTR", "fill needs a static shape or a dims input")
    return [(attrs["shape"], types[0])]


@register_op(
    "Fill",
    arity=(1, 2),
    infer=_fill_infer,
    attrs={"shape": ("shape", None), "static_shape": ("shape", None)},
    needs_state=True,
)
def _fill(op):
    dtype = op.outputs[0].dtype
    if len(op.inputs) == 1:
        shape = op.attrs["shape"]
        # Called with the run state, or without it when constant folding: value is last.
        return lambda *args: np.full(shape, args[-1], dtype)

    def kernel(state, dims, value):
        shape = run_time_shape(op, dims, "fill's dims")
        check_run_time_size(state, op, shape)
        return np.full(shape, value, dtype)

    return kernel


def _static_shape(shape: Any) -> tuple[int, ...]:
    """A shape this op needs while building: ints, or tensors the graph fixes."""
    known = static_ints(shape)
    if known is None:
        raise error(
            "UNIMPLEMENTED", "this op needs its shape when the graph is built, not at run time"
        )
    shape = known
    if isinstance(shape, int | np.integer):
        shape = (shape,)
    try:
        out = tuple(operator.index(d) for d in shape)
    except TypeError:
        # TF converts such a shape to its int32 input: TypeError ("Expected int32").
        raise error(
            "INVALID_ATTR", f"shape {shape!r} must be a list of ints", also=(TypeError,)
        ) from None
    if builtins.any(d < 0 for d in out):
        raise error("INVALID_ATTR", f"shape {list(out)} has a negative dim")
    return out


def check_layout(layout: Any, fn: str) -> None:
    """TF 2's `layout` keyword (a DTensor layout, for tensors sharded over devices): None,
    its default, is all graphgate's single-device tensors can have."""
    if layout is not None:
        raise error("UNIMPLEMENTED", f"{fn}(layout=...): graphgate has no DTensor layouts")


def fill(dims: Any, value: Any, name: str | None = None, layout: Any = None) -> Tensor:
    """A tensor of shape `dims` filled with the scalar `value`; `dims` may be a tensor or
    a list mixing ints and scalar tensors."""
    check_layout(layout, "fill")
    static = static_ints(dims)
    if static is not None and not isinstance(static, list | tuple) and np.ndim(static) == 0:
        # TF's Fill shape function: "Shape must be rank 1 but is rank 0" (zeros reshapes).
        raise error("SHAPE_MISMATCH", f"fill's dims must be a vector, got the scalar {static}")
    if static is not None:
        return _op("Fill", (value,), name, "Fill", {"shape": _static_shape(static)}, ("value",))
    graph = get_default_graph()
    with graph.name_scope(name, "Fill") as scope:
        dims = shape_tensor(dims, "dims")
        _, (value,) = as_tensors(value, names=("value",))
    attrs = {"static_shape": static_hint(dims)}
    return graph.create_op("Fill", (dims, value), attrs, scope).outputs[0]


def _filled(shape: Any, value: int, dtype: Any, name: str | None, default: str) -> Tensor:
    """`zeros`/`ones`: a Fill named `zeros`, its value constant `zeros/Const` inside (and
    a shape packed from ints and tensors `zeros/packed`)."""
    dtype = _dt.as_dtype(dtype)
    graph = get_default_graph()
    with graph.name_scope(name, default) as scope:
        if is_dynamic(shape) and static_ints(shape) is None:
            shape = shape_tensor(shape, "packed")
        return fill(_as_vector(shape), constant(value, dtype), scope)


def _as_vector(shape: Any) -> Any:
    """TF's zeros and ones read a scalar shape as a vector of one (`reshape(shape, [-1])`),
    where fill refuses it."""
    if isinstance(shape, Tensor):
        return reshape(shape, [-1]) if shape.shape.ndims == 0 else shape
    if not isinstance(shape, list | tuple) and np.ndim(shape) == 0:
        return np.reshape(shape, (1,))
    return shape


def zeros(
    shape: Any, dtype: Any = _dt.float32, name: str | None = None, layout: Any = None
) -> Tensor:
    check_layout(layout, "zeros")
    dtype = _dt.as_dtype(dtype)
    zero = b"" if dtype is _dt.string else False if dtype is _dt.bool else 0
    return _filled(shape, zero, dtype, name, "zeros")


def ones(
    shape: Any, dtype: Any = _dt.float32, name: str | None = None, layout: Any = None
) -> Tensor:
    check_layout(layout, "ones")
    dtype = _dt.as_dtype(dtype)
    return _filled(shape, True if dtype is _dt.bool else 1, dtype, name, "ones")


@register_gradient("Fill")
def _fill_grad(op, g):
    total = _op("Sum", (g,), None, "sum", {"axis": None, "keepdims": False})
    return [total] if len(op.inputs) == 1 else [None, total]


def _like_infer(shapes, types, attrs):
    return [(shapes[0], attrs.get("dtype") or types[0])]


def _ones_like_infer(shapes, types, attrs):
    out = attrs.get("dtype") or types[0]
    if out is _dt.string:
        raise InferenceError("DTYPE_MISMATCH", "a string tensor has no ones")
    return [(shapes[0], out)]


@register_op(
    "ZerosLike", arity=1, infer=_like_infer, attrs={"dtype": ("dtype", None)}, unknown_rank_ok=True
)
def _zeros_like(op):
    dtype = np.dtype(op.outputs[0].dtype)  # a DType costs numpy 1 µs per call to convert
    if dtype.kind == "O":  # TF's zero string is empty
        return lambda x: np.full(np.shape(x), b"", dtype)
    return lambda x: np.zeros(np.shape(x), dtype)


@register_op(
    "OnesLike",
    arity=1,
    infer=_ones_like_infer,
    attrs={"dtype": ("dtype", None)},
    unknown_rank_ok=True,
)
def _ones_like(op):
    dtype = np.dtype(op.outputs[0].dtype)
    return lambda x: np.ones(np.shape(x), dtype)


not_differentiable("ZerosLike", "OnesLike")


def zeros_like(
    tensor: Any, dtype: Any = None, name: str | None = None, optimize: bool = True
) -> Tensor:
    attrs = {} if dtype is None else {"dtype": _dt.as_dtype(dtype)}
    return _op("ZerosLike", (tensor,), name, "zeros_like", attrs)


def ones_like(
    tensor: Any, dtype: Any = None, name: str | None = None, optimize: bool = True
) -> Tensor:
    attrs = {} if dtype is None else {"dtype": _dt.as_dtype(dtype)}
    return _op("OnesLike", (tensor,), name, "ones_like", attrs)


# -- shape ---------------------------------------------------------------------------------


def _out_type(attrs) -> _dt.DType:
    out = attrs.get("out_type", _dt.int32)
    if out not in (_dt.int32, _dt.int64):
        raise InferenceError("INVALID_ATTR", f"out_type must be int32 or int64, got {out.name}")
    return out


def _size_infer(shapes, types, attrs):
    return [((), _out_type(attrs))]


_OUT_TYPE = {"out_type": ("dtype", _dt.int32)}


@register_op("Size", arity=1, infer=_size_infer, attrs=_OUT_TYPE, unknown_rank_ok=True)
def _size(op):
    if op.outputs[0].dtype == _dt.int64:
        return lambda x: np.int64(np.size(x))
    return lambda x: np.int32(np.size(x))


def _shape_infer(shapes, types, attrs):
    return [((None if shapes[0] is None else len(shapes[0]),), _out_type(attrs))]


@register_op("Shape", arity=1, infer=_shape_infer, attrs=_OUT_TYPE, unknown_rank_ok=True)
def _shape_op(op):
    if op.outputs[0].dtype == _dt.int64:
        return lambda x: np.array(np.shape(x), np.int64)
    return lambda x: np.array(np.shape(x), np.int32)


not_differentiable("Size", "Shape")


def size(input: Any, name: str | None = None, out_type: Any = _dt.int32) -> Tensor:
    """The number of elements, as an int32 (or `out_type`) scalar."""
    out_type = _dt.as_dtype(out_type)
    attrs = None if out_type == _dt.int32 else {"out_type": out_type}
    return _op("Size", (input,), name, "Size", attrs)


def shape(input: Any, name: str | None = None, out_type: Any = _dt.int32) -> Tensor:
    """The run-time shape, as an int32 (or `out_type`) vector."""
    out_type = _dt.as_dtype(out_type)
    attrs = None if out_type == _dt.int32 else {"out_type": out_type}
    return _op("Shape", (input,), name, "Shape", attrs)


def _reshape_infer(shapes, types, attrs):
    if len(shapes) == 2:
        hint = hinted_shape(shapes[1], types[1], attrs, "reshape's shape")
        return [(_partly_reshaped(shapes[0], hint), types[0])]
    if attrs.get("shape") is None:
        raise InferenceError("INVALID_ATTR", "reshape needs a static shape or a shape input")
    return [(_reshaped(shapes[0], attrs["shape"]), types[0])]


def _reshaped(src: tuple | None, target: tuple) -> tuple:
    if builtins.sum(d == -1 for d in target) > 1:
        raise InferenceError("INVALID_ATTR", f"reshape to {list(target)}: more than one -1")
    if builtins.any(d < -1 for d in target):
        raise InferenceError("INVALID_ATTR", f"reshape to {list(target)}: negative dim")
    n = num_elements(src)
    known = 1
    for d in target:
        if d != -1:
            known *= d
    if -1 in target and 0 in target:
        # TF's shape function knows no -1 beside a 0; its kernel fills it from the rest.
        return tuple(None if d == -1 else d for d in target)
    if -1 in target:
        if n is None:
            return tuple(None if d == -1 else d for d in target)
        if known == 0 or n % known:
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"Dimension size must be evenly divisible by {known} but is {n}: cannot "
                f"reshape {list(src)} to {list(target)}",
            )
        return tuple(n // known if d == -1 else d for d in target)
    if n is not None and n != known:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Cannot reshape a tensor with {n} elements to shape {list(target)} ({known} elements)",
        )
    return tuple(target)


@register_op(
    "Reshape",
    arity=(1, 2),
    infer=_reshape_infer,
    attrs={"shape": ("ints", None), "static_shape": ("shape", None)},
    unknown_rank_ok=True,
)
def _reshape(op):
    if len(op.inputs) == 1:
        target = op.attrs["shape"]
        if -1 in target and 0 in target:
            return lambda x: np.reshape(x, _beside_zero(op, np.shape(x), target))
        return lambda x: np.reshape(x, target)

    def kernel(x, shape):
        target = np.asarray(shape).reshape(-1).tolist()
        n = np.size(x)
        try:
            sizes = _reshaped(np.shape(x), tuple(int(d) for d in target))
            if None in sizes:
                sizes = _beside_zero(op, np.shape(x), tuple(int(d) for d in target))
        except InferenceError:
            raise error(
                "SHAPE_MISMATCH",
                f"Input to reshape is a tensor with {n} values, "
                f"but the requested shape is {target}",
                node=op.name,
            ) from None
        return np.reshape(x, run_time_shape(op, np.array(sizes, np.int64), "reshape's shape"))

    return kernel


def _beside_zero(op, src: tuple, target: tuple) -> tuple:
    """TF's Reshape kernel for a -1 beside a 0: the -1 takes the input's nonzero dims over
    the target's nonzero dims ([0, 4] to [0, -1] is [0, 4])."""
    rest = math.prod(d for d in target if d > 0)
    missing = math.prod(d for d in src if d > 0) // rest
    sizes = tuple(missing if d == -1 else d for d in target)
    if math.prod(sizes) != math.prod(src):
        raise error(
            "SHAPE_MISMATCH",
            f"Input to reshape is a tensor with {math.prod(src)} values, "
            f"but the requested shape is {list(target)}",
            node=op.name,
        )
    return sizes


def reshape(tensor: Any, shape: Any, name: str | None = None) -> Tensor:
    """Reshape to `shape` (one dim may be -1): a list of ints, or a tensor or a list mixing
    ints and scalar tensors, read at run time where the graph does not fix it."""
    static = static_ints(shape)
    if static is not None:
        target = vector_ints(static, "reshape's shape")
        return _op("Reshape", (tensor,), name, "Reshape", {"shape": target})
    graph, (x,), name = op_inputs((tensor,), name, "Reshape", ("tensor",))
    with graph.as_default(), graph.name_scope(name if name.endswith("/") else None, name) as scope:
        shape = shape_tensor(shape, "shape")
    dims = partial_shape(shape)
    hint = None if dims is None else _reshape_hint(dims)
    return graph.create_op("Reshape", (x, shape), {"static_shape": hint}, scope).outputs[0]


def _reshape_hint(dims: tuple) -> tuple:
    """What the graph fixes of a partly known shape: its known dims (a -1 is as unknown as
    a dim read at run time); _reshape_infer resolves the rest from the input's size."""
    return tuple(None if d is None or d < 0 else d for d in dims)


def _partly_reshaped(src: tuple | None, dims: tuple | None) -> tuple | None:
    """TF's Reshape shape function for a shape of known rank: where the input's size is
    known and one dim is not, that dim is the size over the others (ALBERT's
    reshape(x, [tf.shape(ids)[0], seq, width]) of a [12, 8] x is [2, 6, 8]), or the
    reshape cannot happen; where every dim is known, the sizes must agree."""
    n = num_elements(src)
    if dims is None or n is None:
        return dims
    unknown = [i for i, d in enumerate(dims) if d is None]
    rest = math.prod(d for d in dims if d is not None)
    shown = [-1 if d is None else d for d in dims]
    if (not unknown and n != rest) or (len(unknown) == 1 and rest == 0 and n):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Cannot reshape a tensor with {n} elements to shape {shown} ({rest} elements)",
        )
    if len(unknown) != 1 or rest == 0:
        return dims
    if n % rest:
        raise InferenceError(
            "SHAPE_MISMATCH", f"Dimension size must be evenly divisible by {rest} but is {n}"
        )
    return tuple(n // rest if d is None else d for d in dims)


def _like_shape_infer(shapes, types, attrs):
    return [(shapes[1], types[0])]


@register_op("ReshapeLike", arity=2, infer=_like_shape_infer, unknown_rank_ok=True)
def _reshape_like(op):
    return lambda g, x: np.reshape(g, np.shape(x))


BROADCAST_FULL_MAX = 1 << 12


@register_op("BroadcastLike", arity=2, infer=_like_shape_infer, unknown_rank_ok=True)
def _broadcast_like(op):
    def kernel(g, x):
        shape = np.shape(x)
        # One value spread over a small shape (a mean's gradient): np.full makes it in a
        # third of np.broadcast_to's time, as a fresh array nobody else holds.
        if type(g) is np.ndarray and g.size == 1 and g.ndim <= len(shape):
            n = num_elements(shape)
            if n is not None and n <= BROADCAST_FULL_MAX:
                return np.full(shape, g, g.dtype)
        return np.broadcast_to(g, shape)

    return kernel


@register_op("UnbroadcastLike", arity=2, infer=_like_shape_infer, unknown_rank_ok=True)
def _unbroadcast_like(op):
    from .registry import unbroadcast

    return lambda g, x: unbroadcast(g, np.shape(x))


def _reshape_grad(op, g):
    return [_op("ReshapeLike", (g, op.inputs[0]), None, "reshape_grad")]


@register_gradient("Reshape")
def _reshape_grad_fn(op, g):
    grad = _op("ReshapeLike", (g, op.inputs[0]), None, "reshape_grad")
    return [grad] if len(op.inputs) == 1 else [grad, None]


register_gradient("ReshapeLike")(
    lambda op, g: [_op("ReshapeLike", (g, op.inputs[0]), None, "reshape_grad"), None]
)


@register_gradient("BroadcastLike")
def _broadcast_like_grad(op, g):
    return [_op("UnbroadcastLike", (g, op.inputs[0]), None, "unbroadcast"), None]


@register_gradient("UnbroadcastLike")
def _unbroadcast_like_grad(op, g):
    return [_op("BroadcastLike", (g, op.inputs[0]), None, "broadcast"), None]


def _transpose_infer(shapes, types, attrs):
    src, perm = shapes[0], attrs.get("perm")
    if len(shapes) == 2:
        return [(_run_time_perm_infer(src, shapes[1], types[1]), types[0])]
    if perm is None:
        return [(None if src is None else src[::-1], types[0])]
    perm = _axes_from_end(perm)
    if src is None:
        # TF's: an input of unknown rank (an imported loop's variable, an If whose branches
        # differ in rank) takes the perm's rank; the kernel checks it at run time.
        if sorted(perm) != list(range(len(perm))):
            raise InferenceError("INVALID_ATTR", f"perm {list(perm)} is not a permutation")
        return [((None,) * len(perm), types[0])]
    if sorted(perm) != list(range(len(src))):
        raise InferenceError(
            "INVALID_ATTR", f"perm {list(perm)} is not a permutation of the {len(src)} axes"
        )
    return [(tuple(src[p] for p in perm), types[0])]


def _run_time_perm_infer(src: tuple | None, perm: tuple | None, dtype: Any) -> tuple | None:
    """TF's shape of a transpose by a perm known only at run time: the input's rank (or
    the perm's length), every dimension unknown."""
    check_dtype(dtype, "int", "transpose's perm")
    if perm is not None and len(perm) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"transpose's perm must be a vector: {list(perm)}")
    n = None if perm is None else perm[0]
    if src is not None and n is not None and n != len(src):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"transpose's perm has {n} entries for the {len(src)} axes of {list(src)}",
        )
    rank = len(src) if src is not None else n
    return None if rank is None else (None,) * rank


def _axes_from_end(perm: tuple) -> tuple:
    """TF's Transpose reads a negative entry of `perm` from the end, as an axis."""
    n = len(perm)
    return tuple(p % n if -n <= p < 0 else p for p in perm)


@register_op(
    "Transpose",
    arity=(1, 2),
    infer=_transpose_infer,
    attrs={"perm": ("ints", None)},
    unknown_rank_ok=True,
)
def _transpose(op):
    static = op.attrs.get("perm")
    static = None if static is None else _axes_from_end(static)

    def kernel(x, perm=None):
        if perm is not None:  # given at run time (TF's second input)
            perm = _axes_from_end(tuple(int(p) for p in np.asarray(perm).reshape(-1)))
            if len(perm) == np.ndim(x) and sorted(perm) != list(range(len(perm))):
                raise error(
                    "COMPUTE_ERROR",
                    f"transpose's perm {list(perm)} is not a permutation of 0..{len(perm) - 1}",
                    node=op.name,
                )
        else:
            perm = static
        if perm is not None and len(perm) != np.ndim(x):
            raise error(
                "SHAPE_MISMATCH",
                f"transpose expects a vector of size {np.ndim(x)}. But input(1) is a vector "
                f"of size {len(perm)}",
            )
        return np.transpose(x, perm)

    return kernel


def transpose(a: Any, perm: Any = None, name: str | None = None, conjugate=False) -> Tensor:
    if conjugate and isinstance(a, Tensor) and a.dtype.kind == "c":
        from .complex_ops import conj_of

        a = conj_of(a)
    if isinstance(perm, Tensor) and read_at_build(perm) is None:
        return _op("Transpose", (a, perm), name, "transpose", None, ("a", "perm"))
    perm = static_arg(perm, "transpose's perm")
    attrs = {} if perm is None else {"perm": _axes_from_end(tuple(map(operator.index, perm)))}
    return _op("Transpose", (a,), name, "transpose", attrs)


@register_gradient("Transpose")
def _transpose_grad(op, g):
    if len(op.inputs) == 2:  # a perm given at run time: its inverse, at run time too
        from .extra_array_ops import invert_permutation

        return [transpose(g, invert_permutation(op.inputs[1])), None]
    perm = op.attrs.get("perm")
    shape = op.inputs[0].static_shape
    if perm is None and shape is not None:
        # TF's transpose(x) of a known rank holds its reversed axes as `perm`, so the
        # gradient of a fed grad_ys of another rank fails there instead of reversing it
        perm = tuple(range(len(shape) - 1, -1, -1))
    if perm is None:
        return [transpose(g)]
    return [transpose(g, np.argsort(_axes_from_end(perm)).tolist())]


def _expand_infer(shapes, types, attrs):
    src = shapes[0]
    axis = attrs.get("axis")
    if run_time_axis(shapes, types, attrs, 1, "expand_dims's axis", None):  # shape unknown
        if shapes[1] is not None and math.prod(d for d in shapes[1] if d is not None) > 1:
            raise InferenceError(
                "SHAPE_MISMATCH", f"expand_dims's axis must be a single value: {shapes[1]}"
            )
        return [(None, types[0])]
    if axis is None:
        raise InferenceError("INVALID_ATTR", "expand_dims needs an axis, attribute or input")
    if src is None:
        return [(None, types[0])]
    r = len(src) + 1
    if not -r <= axis < r:
        raise InferenceError("INVALID_ATTR", f"dim {axis} not in the interval [{-r}, {r - 1}].")
    axis %= r
    return [((*src[:axis], 1, *src[axis:]), types[0])]


@register_op(
    "ExpandDims",
    arity=(1, 2),
    infer=_expand_infer,
    attrs={"axis": ("int", None)},
    unknown_rank_ok=True,
)
def _expand_dims(op):
    axis = op.attrs.get("axis")
    if axis is None:  # TF's second input, read when run
        return lambda x, dim: _expanded(x, _read_expand_axis(dim, np.ndim(x), op))
    return _expand_kernel(axis)


_EXPAND_RANGE = "Tried to expand dim index {axis} for tensor with {rank} dimensions."


def _read_expand_axis(value: Any, rank: int, op: Any) -> int:
    """ExpandDims' axis given at run time: one value in [-rank - 1, rank] (TF's kernel
    takes a tensor of one value, of any shape)."""
    message = _EXPAND_RANGE.replace("{rank}", str(rank))
    return read_run_time_axis(
        value,
        rank + 1,
        message,
        node=op.name,
        not_one="expand_dims's axis must be a single value, got {values}",
    )


def _expanded(x: Any, axis: int) -> np.ndarray:
    rank = np.ndim(x)
    if not -rank - 1 <= axis <= rank:
        raise error("INVALID_ATTR", _EXPAND_RANGE.format(axis=axis, rank=rank))
    return np.expand_dims(x, axis)


def _expand_kernel(axis: int):
    def kernel(x):
        # np.expand_dims spends 2 µs validating in Python; a reshape adding a unit axis
        # is the same view.
        if type(x) is np.ndarray and -x.ndim - 1 <= axis <= x.ndim:
            a = axis % (x.ndim + 1)
            return x.reshape((*x.shape[:a], 1, *x.shape[a:]))
        if not -np.ndim(x) - 1 <= axis <= np.ndim(x):
            # Only an input of unknown rank gets here with an axis out of its range.
            raise error(
                "INVALID_ATTR", f"axis {axis} out of range for expand_dims of rank {np.ndim(x)}"
            )
        return np.expand_dims(x, axis)

    return kernel


def expand_dims(input: Any, axis: Any = None, name: str | None = None, dim: Any = None) -> Tensor:
    """`tf.expand_dims`; TF1's deprecated `dim=` is the same as `axis=`."""
    if (axis is None) == (dim is None):
        raise ValueError("expand_dims needs exactly one of axis and dim")
    axis = axis if dim is None else dim
    if isinstance(axis, Tensor) and read_at_build(axis) is None:  # TF's input, read when run
        return _op("ExpandDims", (input, axis), name, "ExpandDims", None, ("input", "axis"))
    axis = _single_axis(static_arg(axis, "expand_dims's axis"))
    return _op("ExpandDims", (input,), name, "ExpandDims", {"axis": axis})


def _single_axis(value: Any) -> int:
    """ExpandDims's `dim` is a tensor of one value, so TF takes `[-1]` (BERT's
    `expand_dims(ids, axis=[-1])`) as well as `-1`; more or fewer values is ValueError."""
    if isinstance(value, list | tuple | np.ndarray):
        flat = np.asarray(value).reshape(-1)
        if flat.size != 1 or flat.dtype.kind not in "iu":
            raise error(
                "SHAPE_MISMATCH",
                f"expand_dims's axis must be a single value, got {np.asarray(value).tolist()}",
            )
        return int(flat[0])
    return operator.index(value)


register_gradient("ExpandDims")(_reshape_grad_fn)  # a run-time axis has no gradient


def _squeeze_infer(shapes, types, attrs):
    src = shapes[0]
    axis = attrs.get("axis")
    if src is None:
        return [(None, types[0])]
    if axis is None:
        if None in src:
            # TF's: which dims are 1 is known only at run time, so neither is the rank.
            return [(None, types[0])]
        return [(tuple(d for d in src if d != 1), types[0])]
    axes = norm_axes(axis, len(src))
    for a in axes:
        if src[a] not in (1, None):
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"Can not squeeze dim[{a}], expected a dimension of 1, got {src[a]}",
            )
    return [(tuple(d for i, d in enumerate(src) if i not in axes), types[0])]


@register_op(
    "Squeeze",
    arity=1,
    infer=_squeeze_infer,
    attrs={"axis": ("axes", None)},
    unknown_rank_ok=True,
)
def _squeeze(op):
    axis = op.attrs.get("axis")
    if axis is None:
        shape = op.outputs[0].static_shape
        # A set_shape after an unknown rank (slim's `squeeze(resize(...)).set_shape([None,
        # None, 3])`) gives a rank but not every dim: squeeze what is 1 when it runs.
        if shape is None or None in shape:
            return np.squeeze
        return lambda x: np.reshape(x, shape)
    if op.inputs[0].static_shape is not None:
        axes = norm_axes(axis, len(op.inputs[0].static_shape))
        return lambda x: np.squeeze(x, axes)

    def kernel(x):
        # Of unknown rank when built: the axes are checked as _squeeze_infer would have.
        try:
            axes = norm_axes(axis, np.ndim(x))
        except InferenceError as exc:
            raise error(exc.code, str(exc)) from None
        if builtins.any(np.shape(x)[a] != 1 for a in axes):
            raise error(
                "SHAPE_MISMATCH", f"cannot squeeze axes {list(axes)} of {list(np.shape(x))}"
            )
        return np.squeeze(x, axes)

    return kernel


def squeeze(
    input: Any, axis: Any = None, name: str | None = None, squeeze_dims: Any = None
) -> Tensor:
    """`tf.squeeze`; TF1's deprecated `squeeze_dims=` is the same as `axis=`."""
    if axis is not None and squeeze_dims is not None:
        raise ValueError("Cannot specify both 'axis' and 'squeeze_dims'.")
    axis = squeeze_dims if axis is None else axis
    attrs = {} if axis is None else {"axis": _axes_attr(axis)}
    return _op("Squeeze", (input,), name, "Squeeze", attrs)


register_gradient("Squeeze")(_reshape_grad)


def _axes_attr(axis: Any) -> int | tuple[int, ...] | None:
    if axis is None or isinstance(axis, int | np.integer):
        return None if axis is None else operator.index(axis)
    if isinstance(axis, Tensor):
        raise error("INVALID_ATTR", "axis must be static (an int or a list of ints)")
    return tuple(operator.index(a) for a in axis)


# -- concat, stack, split, tile, pad -------------------------------------------------------


def _concat_infer(shapes, types, attrs):
    if attrs.get("axis") is None:  # the axis given at run time: TF's last input
        return [_run_time_axis_concat_infer(shapes[:-1], types[:-1], shapes[-1], types[-1])]
    dtype = same_dtypes(types)
    known = [s for s in shapes if s is not None]
    if not known:
        return [(None, dtype)]
    # An input of unknown rank (a TF1 `shape=None` placeholder) has the others' rank.
    shapes = [(None,) * len(known[0]) if s is None else s for s in shapes]
    rank = len(shapes[0])
    if rank == 0:
        raise InferenceError("SHAPE_MISMATCH", "cannot concatenate scalars; use stack")
    axis = norm_axis(attrs["axis"], rank)
    out = list(shapes[0])
    for s in shapes[1:]:
        if len(s) != rank:
            raise InferenceError(
                "SHAPE_MISMATCH",
                "concat inputs must have the same rank",
                shapes=[list(x) for x in shapes],
            )
        for i, d in enumerate(s):
            if i == axis:
                out[i] = None if out[i] is None or d is None else out[i] + d
            else:
                out[i] = merge_dim(out[i], d, f"concat inputs along axis {i}")
    return [(tuple(out), dtype)]


def _run_time_axis_concat_infer(shapes, types, axis_shape, axis_type) -> tuple:
    """TF's shape of a concat along an axis known only at run time: the inputs' rank,
    every dimension unknown."""
    check_dtype(axis_type, "int", "concat's axis")
    if axis_shape not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", f"concat's axis must be a scalar: {axis_shape}")
    dtype = same_dtypes(types)
    ranks = {len(s) for s in shapes if s is not None}
    if len(ranks) > 1:
        raise InferenceError(
            "SHAPE_MISMATCH",
            "concat inputs must have the same rank",
            shapes=[None if x is None else list(x) for x in shapes],
        )
    if not ranks:
        return (None, dtype)
    rank = ranks.pop()
    if rank == 0:
        raise InferenceError("SHAPE_MISMATCH", "cannot concatenate scalars; use stack")
    return ((None,) * rank, dtype)


@register_op(
    "ConcatV2",
    arity=(1, 1 << 30),
    infer=_concat_infer,
    attrs={"axis": ("int", None)},
    unknown_rank_ok=True,
)
def _concat(op):
    axis = op.attrs.get("axis")
    if axis is None:  # TF's last input, read when run
        return lambda *xs: _concatenated(xs[:-1], int(np.asarray(xs[-1])))
    if builtins.all(t.static_shape is not None for t in op.inputs):
        return lambda *xs: np.concatenate(xs, axis)
    return lambda *xs: _concatenated(xs, axis)


def _concatenated(xs: tuple, axis: int) -> np.ndarray:
    """`xs` joined along `axis`, with the checks of shapes known only when run."""
    # Ranks unknown when built are checked here, as _concat_infer checks known ones.
    shapes = [np.shape(x) for x in xs]
    rank = len(shapes[0])
    ok = rank > 0 and -rank <= axis < rank
    a = axis % rank if ok else 0
    if not ok or builtins.any(
        len(s) != rank or s[:a] + s[a + 1 :] != shapes[0][:a] + shapes[0][a + 1 :] for s in shapes
    ):
        raise error("SHAPE_MISMATCH", f"cannot concatenate {shapes} along axis {axis}")
    return np.concatenate(xs, axis)


def concat(values: list, axis: int, name: str | None = None) -> Tensor:
    values = values if isinstance(values, list | tuple) else [values]
    if any(isinstance(v, RaggedTensor) for v in values):
        from ..ragged_ops import concat as ragged_concat

        return ragged_concat(values, axis, name)
    if len(values) == 1:  # TF's degenerate case: an Identity `concat/concat`, axis unchecked
        return _concat_one(values[0], axis, name or "concat")
    if isinstance(axis, Tensor) and read_at_build(axis) is None:  # TF's input, read when run
        graph, ts, name = op_inputs((*values, axis), name, "concat")
        return graph.create_op("ConcatV2", ts, None, name).outputs[0]
    axis = static_arg(axis, "concat's axis")
    graph, ts, name = op_inputs(tuple(values), name, "concat")
    axis = scalar_index(axis, "concat's axis")
    return graph.create_op("ConcatV2", ts, {"axis": axis}, name).outputs[0]


def _concat_one(value: Any, axis: Any, name: str) -> Tensor:
    graph, (x,) = as_tensors(value)
    with graph.as_default(), graph.name_scope(name):
        if not isinstance(axis, Tensor):
            axis = constant_op(graph, axis, _dt.int32, "concat_dim")
        if axis.static_shape not in ((), None):
            raise error("SHAPE_MISMATCH", f"concat's axis must be a scalar: {axis.static_shape}")
        return identity(x, name=name)


def _concat_slice_infer(shapes, types, attrs):
    return [(shapes[1 + attrs["index"]], types[0])]


@register_op(
    "ConcatSlice",
    arity=(2, 1 << 30),
    infer=_concat_slice_infer,
    attrs={"axis": ("int", None), "index": ("int", REQUIRED)},
    unknown_rank_ok=True,  # the kernel reads the axis against g's rank when run
)
def _concat_slice(op):
    """The part of a concat's gradient `g` that is input `index`'s; without an `axis`
    attribute (a concat along an axis known only when run) the last input is the axis."""
    static, index = op.attrs.get("axis"), op.attrs["index"]

    def kernel(g, *xs):
        axis = static
        if axis is None:
            xs, axis = xs[:-1], int(np.asarray(xs[-1]))
        ax = axis % np.ndim(g)
        start = builtins.sum(np.shape(x)[ax] for x in xs[:index])
        sl = (_slice(None),) * ax + (_slice(start, start + np.shape(xs[index])[ax]),)
        return g[sl]

    return kernel


@register_gradient("ConcatSlice")
def _concat_slice_grad(op, g):
    """A concat gradient's own gradient (second derivatives through concat, crelu): the
    slice is linear in the concat's gradient, so its gradient puts `g` back in place among
    zeros shaped like the other inputs; the inputs themselves only lend their shapes."""
    index, inputs = op.attrs["index"], op.inputs[1:]
    axis = op.attrs.get("axis")
    if axis is None:  # given at run time: the last input
        values = [g if i == index else zeros_like(x) for i, x in enumerate(inputs[:-1])]
        placed = g.op.graph.create_op("ConcatV2", (*values, inputs[-1]), None, "concat")
    else:
        parts = [g if i == index else zeros_like(x) for i, x in enumerate(inputs)]
        placed = g.op.graph.create_op("ConcatV2", parts, {"axis": axis}, "concat")
    return [placed.outputs[0], *([None] * len(inputs))]


@register_gradient("ConcatV2")
def _concat_grad(op, g):
    axis = op.attrs.get("axis")
    n = len(op.inputs) - (axis is None)  # a run-time axis is the last input, and no value
    attrs = {} if axis is None else {"axis": axis}
    grads = [
        g.op.graph.create_op(
            "ConcatSlice", (g, *op.inputs), {**attrs, "index": i}, "concat_grad"
        ).outputs[0]
        for i in range(n)
    ]
    return grads + [None] * (len(op.inputs) - n)


def _pack_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    known = [s for s in shapes if s is not None]
    if not known:
        if attrs["axis"] < 0:
            # The gradient slices at a static axis: a negative one needs the rank.
            raise InferenceError("UNKNOWN_RANK", "stack along a negative axis needs a known rank")
        return [(None, dtype)]
    # An input of unknown rank (a TF1 `shape=None` placeholder) has the others' shape.
    shapes = [(None,) * len(known[0]) if s is None else s for s in shapes]
    shape = shapes[0]
    for s in shapes[1:]:
        if len(s) != len(shape):
            raise InferenceError(
                "SHAPE_MISMATCH",
                "stack inputs must have the same shape",
                shapes=[list(x) for x in shapes],
            )
        shape = tuple(merge_dim(a, b, "stack inputs") for a, b in zip(shape, s, strict=True))
    r = len(shape) + 1
    axis = attrs["axis"]
    if not -r <= axis < r:
        raise InferenceError("INVALID_ATTR", f"axis {axis} out of range for stack")
    axis %= r
    return [((*shape[:axis], len(shapes), *shape[axis:]), dtype)]


@register_op(
    "Pack", arity=(1, 1 << 30), infer=_pack_infer, attrs={"axis": ("int", 0)}, unknown_rank_ok=True
)
def _pack(op):
    axis = op.attrs["axis"]
    if builtins.all(t.static_shape is not None for t in op.inputs):
        return lambda *xs: np.stack(xs, axis)

    def kernel(*xs):
        # Shapes unknown when built are checked here, as _pack_infer checks known ones.
        shapes = {np.shape(x) for x in xs}
        rank = len(next(iter(shapes)))
        if len(shapes) != 1 or not -rank - 1 <= axis <= rank:
            raise error("SHAPE_MISMATCH", f"cannot stack {sorted(shapes)} along axis {axis}")
        return np.stack(xs, axis)

    return kernel


def stack(values: list, axis: int = 0, name: str | None = None) -> Tensor:
    if len(values) == 0 and axis == 0:  # TF converts the empty list: a float32 of shape [0]
        return convert_to_tensor([], name=name or "stack")
    if any(isinstance(v, RaggedTensor) for v in values):
        from ..ragged_ops import stack as ragged_stack

        return ragged_stack(values, axis, name)
    graph, ts, name = op_inputs(tuple(values), name, "stack")
    return graph.create_op("Pack", ts, {"axis": operator.index(axis)}, name).outputs[0]


@register_gradient("Pack")
def _pack_grad(op, g):
    axis = op.attrs["axis"]
    if axis < 0:  # _pack_infer refuses a negative axis when no input's rank is known
        rank = next(len(t.static_shape) for t in op.inputs if t.static_shape is not None)
        axis %= rank + 1
    return [_strided_slice(g, (_slice(None),) * axis + (i,)) for i in range(len(op.inputs))]


def _split_sizes(dim, splits):
    if isinstance(splits, int):
        if splits <= 0:
            raise InferenceError("INVALID_ATTR", "num_or_size_splits must be positive")
        if dim is not None and dim % splits:
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"Dimension size must be evenly divisible by {splits} but is {dim}",
            )
        return [None if dim is None else dim // splits] * splits
    sizes = list(splits)
    if builtins.sum(s == -1 for s in sizes) > 1 or builtins.any(s < -1 for s in sizes):
        raise InferenceError("INVALID_ATTR", f"bad split sizes {sizes}")
    if -1 in sizes:
        rest = dim - (builtins.sum(sizes) + 1) if dim is not None else None
        if rest is not None and rest < 0:
            raise InferenceError("SHAPE_MISMATCH", f"split sizes {sizes} exceed {dim}")
        sizes = [rest if s == -1 else s for s in sizes]
    elif dim is not None and builtins.sum(sizes) != dim:
        raise InferenceError("SHAPE_MISMATCH", f"split sizes {sizes} do not add up to {dim}")
    return sizes


def _split_infer(shapes, types, attrs):
    src = shapes[0]
    axis = norm_axis(attrs["axis"], len(src))
    sizes = _split_sizes(src[axis], attrs["num_or_size_splits"])
    return [((*src[:axis], s, *src[axis + 1 :]), types[0]) for s in sizes]


@register_op(
    "Split",
    arity=1,
    infer=_split_infer,
    attrs={"num_or_size_splits": ("splits", REQUIRED), "axis": ("int", 0)},
)
def _split(op):
    axis = op.attrs["axis"]
    splits = op.attrs["num_or_size_splits"]
    if len(op.outputs) == 1:
        return _identity
    if isinstance(splits, int):

        def even(x):
            # An axis of unknown size is checked here, as TensorFlow checks it at run time.
            n = np.shape(x)[axis]
            if n % splits:
                raise error(
                    "SHAPE_MISMATCH",
                    f"Number of ways to split should evenly divide the split dimension, "
                    f"but got split_dim {axis} (size = {n}) and num_split {splits}",
                    node=op.name,
                )
            return tuple(np.split(x, splits, axis))

        return even
    sizes = list(splits)

    def kernel(x):
        s = list(sizes)
        if -1 in s:
            s[s.index(-1)] = np.shape(x)[axis] - (builtins.sum(s) + 1)
        return tuple(np.split(x, np.cumsum(s)[:-1].tolist(), axis))

    return kernel


def split(
    value: Any,
    num_or_size_splits: Any,
    axis: int = 0,
    num: Any = None,
    name: str | None = None,
) -> list[Tensor]:
    """`tf.split` in TF1's argument order; `num` (needed by TF only for a size tensor of
    unknown length) must agree with the sizes when given. Sizes known only at run time
    (a tensor the graph does not fix) split when the graph runs, as TF's SplitV."""
    if isinstance(num_or_size_splits, Tensor) and static_ints(num_or_size_splits) is None:
        return _split_at_run_time(value, num_or_size_splits, axis, num, name)
    if num is not None and not isinstance(num_or_size_splits, int):
        sizes = static_arg(num_or_size_splits, "split's num_or_size_splits")
        if len(sizes) != operator.index(num):
            raise ValueError(f"split's num {num} differs from {len(sizes)} sizes")
    num_or_size_splits = static_arg(num_or_size_splits, "split's num_or_size_splits")
    axis = static_arg(axis, "split's axis")
    splits = (
        operator.index(num_or_size_splits)
        if isinstance(num_or_size_splits, int)
        else tuple(operator.index(s) for s in num_or_size_splits)
    )
    graph, (value,), name = op_inputs((value,), name, "split", ("value",))
    op = graph.create_op(
        "Split",
        (value,),
        {"num_or_size_splits": splits, "axis": scalar_index(axis, "split's axis")},
        name,
    )
    return list(op.outputs)


def _split_at_run_time(value: Any, sizes: Tensor, axis: Any, num: Any, name) -> list[Tensor]:
    shape = sizes.static_shape
    if shape == ():
        raise error(
            "INVALID_ATTR",
            "Rank-0 tensors are not supported as the num_or_size_splits argument to split",
        )
    known = None if shape is None else shape[0]
    if num is None and known is None:
        raise error(
            "INVALID_ATTR", f"Cannot infer argument `num` from shape {shape and list(shape)}"
        )
    n = operator.index(num if num is not None else known)
    if known is not None and n != known:
        raise error("INVALID_ATTR", f"split's num {n} differs from the {known} sizes")
    axis = operator.index(static_arg(axis, "split's axis"))
    graph, (x, sizes), name = op_inputs((value, sizes), name, "split", ("value", "size_splits"))
    return list(graph.create_op("SplitV", (x, sizes), {"num": n, "axis": axis}, name).outputs)


def _split_v_infer(shapes, types, attrs):
    src = shapes[0]
    check_dtype(types[1], "int", "split's size_splits")
    if src is None:
        return [(None, types[0])] * attrs["num"]
    axis = norm_axis(attrs["axis"], len(src))
    return [((*src[:axis], None, *src[axis + 1 :]), types[0])] * attrs["num"]


@register_op(
    "SplitV",
    arity=2,
    infer=_split_v_infer,
    attrs={"num": ("int", REQUIRED), "axis": ("int", 0)},
    unknown_rank_ok=True,
)
def _split_v(op):
    axis = op.attrs["axis"]

    def kernel(x, sizes):
        x, s = np.asarray(x), [int(v) for v in np.asarray(sizes).reshape(-1)]
        dim = np.shape(x)[axis]
        if s.count(-1) == 1:
            s[s.index(-1)] = dim - (builtins.sum(s) + 1)
        if len(s) != len(op.outputs) or builtins.any(v < 0 for v in s) or builtins.sum(s) != dim:
            raise error(
                "SHAPE_MISMATCH",
                f"Determined shape must either match input shape along split_dim exactly "
                f"if fully specified, or be less than the size of the input along split_dim "
                f"if not fully specified. Got: {builtins.sum(s)} (sizes {s}, dimension {dim})",
                node=op.name,
            )
        return tuple(np.split(x, np.cumsum(s)[:-1].tolist(), axis))

    return kernel


@register_gradient("SplitV")
def _split_v_grad(op, *grads):
    parts = [zeros_like(t) if g is None else g for t, g in zip(op.outputs, grads, strict=True)]
    return [concat(parts, op.attrs["axis"]), None]


@register_gradient("Split")
def _split_grad(op, *grads):
    parts = [zeros_like(t) if g is None else g for t, g in zip(op.outputs, grads, strict=True)]
    return [concat(parts, op.attrs["axis"])]


def _tile_infer(shapes, types, attrs):
    src = shapes[0]
    if len(shapes) == 2:
        out = hinted_shape(shapes[1], types[1], attrs, "tile's multiples")
        if out is None:  # multiples of unknown length: as many as x has axes, if known
            return [(None if src is None else (None,) * len(src), types[0])]
        if src is not None and len(out) != len(src):
            raise InferenceError(
                "SHAPE_MISMATCH", f"tile's multiples must have one entry per axis of {list(src)}"
            )
        return [(out, types[0])]
    mult = attrs.get("multiples")
    bad = mult is None or (src is not None and len(mult) != len(src))
    if bad or builtins.any(m < 0 for m in mult):
        raise InferenceError(
            "INVALID_ATTR",
            f"multiples {mult} must be one non-negative int per axis of "
            f"{'x' if src is None else list(src)}",
        )
    src = (None,) * len(mult) if src is None else src
    return [(tuple(_dim_product(d, m) for d, m in zip(src, mult, strict=True)), types[0])]


def _dim_product(d: int | None, m: int | None) -> int | None:
    """TF's product of static dimensions: an unknown one times 0 is 0."""
    if d == 0 or m == 0:
        return 0
    return None if d is None or m is None else d * m


@register_op(
    "Tile",
    arity=(1, 2),
    infer=_tile_infer,
    unknown_rank_ok=True,
    attrs={"multiples": ("ints", None), "static_shape": ("shape", None)},
    needs_state=True,
)
def _tile(op):
    if len(op.inputs) == 1:
        mult = op.attrs["multiples"]

        # Called with the run state, or without it when constant folding: x is last.
        def static_kernel(*args):
            if np.ndim(args[-1]) != len(mult):  # x of unknown rank until run
                _tile_mismatch(op, mult, args[-1])
            if op.inputs[0].dtype == _dt.uint16:
                _tile_uint16(op, args[-1], mult)
            return np.tile(args[-1], mult)

        return static_kernel

    def kernel(state, x, multiples):
        mult = np.asarray(multiples)
        if mult.shape != (np.ndim(x),) or np.any(mult < 0):
            _tile_mismatch(op, mult.tolist(), x)
        out = tuple(int(d) * int(m) for d, m in zip(np.shape(x), mult, strict=True))
        check_run_time_size(state, op, run_time_shape(op, np.array(out), "tile's output shape"))
        if op.inputs[0].dtype == _dt.uint16:
            _tile_uint16(op, x, mult)
        return np.tile(x, mult.tolist())

    return kernel


def _tile_mismatch(op, mult, x):
    raise error(
        "SHAPE_MISMATCH",
        f"tile's multiples {list(mult)} must be one non-negative int per axis "
        f"of {list(np.shape(x))}",
        node=op.name,
    )


def _tile_uint16(op, x, mult) -> None:
    """TF's Tile kernel has a case per dtype, uint16 not among them: its run fails, unless
    the output has the input's shape (forwarded) or no element, which the kernel answers
    before it looks at the dtype."""
    out = tuple(int(d) * int(m) for d, m in zip(np.shape(x), mult, strict=True))
    if out != np.shape(x) and 0 not in out:
        raise error(
            "UNIMPLEMENTED",
            "TensorFlow's Tile has no kernel for uint16 (its run fails with UnimplementedError)",
            node=op.name,
        )


def tile(input: Any, multiples: Any, name: str | None = None) -> Tensor:
    """`input` repeated `multiples[i]` times along axis i; `multiples` may be a tensor or
    a list mixing ints and scalar tensors."""
    if isinstance(input, RaggedTensor):
        from ..ragged_ops import tile as ragged_tile

        return ragged_tile(input, multiples, name)
    static = static_ints(multiples)
    if static is not None:
        mult = vector_ints(static, "tile's multiples")
        return _op("Tile", (input,), name, "Tile", {"multiples": mult})
    graph, (x,), name = op_inputs((input,), name, "Tile", ("input",))
    with graph.as_default(), graph.name_scope(name if name.endswith("/") else None, name) as scope:
        multiples = shape_tensor(multiples, "multiples")
    hint = None
    mult, src = partial_shape(multiples), x.static_shape
    if mult is not None and (src is None or len(mult) == len(src)):
        src = (None,) * len(mult) if src is None else src
        hint = tuple(_dim_product(d, m) for d, m in zip(src, mult, strict=True))
    return graph.create_op("Tile", (x, multiples), {"static_shape": hint}, scope).outputs[0]


def _tile_grad_infer(shapes, types, attrs):
    return [(shapes[1], types[0])]


@register_op(
    "TileGrad",
    arity=(2, 3),
    infer=_tile_grad_infer,
    unknown_rank_ok=True,
    attrs={"multiples": ("ints", None)},
)
def _tile_grad_kernel(op):
    """The gradient of a tile: the sum of the copies (multiples static, or the third input)."""
    static = op.attrs.get("multiples")

    def kernel(g, x, multiples=None):
        mult = static if multiples is None else np.asarray(multiples).tolist()
        s = np.shape(x)
        inter = [v for pair in zip(mult, s, strict=True) for v in pair]
        return np.reshape(g, inter).sum(axis=tuple(range(0, 2 * len(s), 2)))

    return kernel


@register_gradient("TileGrad")
def _tile_grad_grad(op, g):
    """A tile gradient's own gradient: summing the copies is linear in the tile's gradient,
    so `g` tiled again (second derivatives through tile, as TF's)."""
    if len(op.inputs) == 3:
        tiled = tile(g, op.inputs[2])
    else:
        tiled = _op("Tile", (g,), None, "Tile", {"multiples": tuple(op.attrs["multiples"])})
    return [tiled, None] + ([None] if len(op.inputs) == 3 else [])


@register_gradient("Tile")
def _tile_grad(op, g):
    if len(op.inputs) == 2:
        ins, attrs = (g, op.inputs[0], op.inputs[1]), {}
    else:
        ins, attrs = (g, op.inputs[0]), {"multiples": op.attrs["multiples"]}
    grad = g.op.graph.create_op("TileGrad", ins, attrs, "tile_grad").outputs[0]
    return [grad] if len(op.inputs) == 1 else [grad, None]


def _pad_infer(shapes, types, attrs):
    src = shapes[0]
    is_string = types[0] is _dt.string
    if (is_string and attrs.get("constant_values", 0.0) != 0) or (
        not is_string and attrs.get("constant_text", "")
    ):
        # A number cannot pad strings, nor a string numbers (TF: TypeError).
        raise InferenceError("DTYPE_MISMATCH", f"{types[0].name} values cannot pad with that")
    if len(shapes) == 2:
        return [(_run_time_pads_infer(src, shapes[1], types[1], attrs), types[0])]
    pads = attrs.get("paddings")
    if pads is None:
        raise InferenceError("INVALID_ATTR", "pad needs static paddings or a paddings input")
    if src is None:  # an input of unknown rank: the paddings' rows are its rank, as TF's
        src = (None,) * len(pads)
    if len(pads) != len(src) or builtins.any(a < 0 or b < 0 for a, b in pads):
        raise InferenceError(
            "INVALID_ATTR",
            f"paddings {[list(p) for p in pads]} must be one "
            f"non-negative pair per axis of {list(src)}",
        )
    return [
        (
            tuple(None if d is None else d + a + b for d, (a, b) in zip(src, pads, strict=True)),
            types[0],
        )
    ]


def _run_time_pads_infer(src, shape, dtype, attrs) -> tuple | None:
    check_dtype(dtype, "int", "pad's paddings")
    if src is None:  # the rank is the paddings' rows, if known (TF's shape function)
        rows = None if shape is None or len(shape) != 2 else shape[0]
        return None if rows is None else (None,) * rows
    if shape is not None and (
        len(shape) != 2 or shape[0] not in (None, len(src)) or shape[1] not in (None, 2)
    ):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"paddings must be one pair per axis of {list(src)}, got {list(shape)}",
        )
    hint = attrs.get("static_shape")
    if hint is not None and len(hint) != len(src):
        raise InferenceError("SHAPE_MISMATCH", f"static_shape {list(hint)} for {list(src)}")
    return tuple(hint) if hint is not None else (None,) * len(src)


@register_op(
    "Pad",
    arity=(1, 2),
    infer=_pad_infer,
    attrs={
        "paddings": ("pads", None),
        "constant_values": ("float", 0.0),
        # A string tensor's padding value (TF's PadV2 of strings), as text.
        "constant_text": ("str", ""),
        "static_shape": ("shape", None),
    },
    needs_state=True,
    unknown_rank_ok=True,
)
def _pad(op):
    if op.outputs[0].dtype is _dt.string:  # TF pads strings with empty ones by default
        value = np.array(op.attrs.get("constant_text", "").encode(), dtype=object)
    else:
        value = op.outputs[0].dtype.type(op.attrs.get("constant_values", 0.0))
    if len(op.inputs) == 1:
        pads = op.attrs["paddings"]

        def static_kernel(*args):
            # Called with the run state, or without it when constant folding: x is last.
            x = args[-1]
            if np.ndim(x) != len(pads):  # an input of unknown rank when built
                _run_time_pairs(op, x, np.asarray(pads, np.int64).reshape(-1, 2))
            if not pads:  # a scalar's [0, 2] paddings: numpy's pad has no axis to walk
                return np.array(x, copy=True)
            return np.pad(x, pads, constant_values=value)

        return static_kernel

    def kernel(state, x, paddings):
        pads = _run_time_pairs(op, x, paddings)
        out = np.shape(x) + pads.sum(axis=1)
        check_run_time_size(state, op, run_time_shape(op, out, "pad's output shape"))
        if not pads.size:  # a scalar: numpy's pad has no axis to walk
            return np.array(x, copy=True)
        return np.pad(x, pads, constant_values=value)

    return kernel


def pad(
    tensor: Any,
    paddings: Any,
    mode: str = "CONSTANT",
    constant_values: float = 0,
    name: str | None = None,
) -> Tensor:
    """TF1's `tf.pad`: a constant (`Pad`, or `PadV2` when the value is not zero, as TF
    names them), or the input mirrored (`REFLECT` leaves the edge out, `SYMMETRIC`
    repeats it: `MirrorPad`). Paddings may be known only at run time (a tensor, or pairs
    holding scalar tensors)."""
    kind = str(mode).upper()
    if kind not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise error("INVALID_ATTR", f"pad mode {mode!r}: expected CONSTANT, REFLECT or SYMMETRIC")
    text = None
    if isinstance(constant_values, str | bytes):  # a string tensor's padding
        text, constant_values = _pad_text(constant_values), 0.0
    elif isinstance(constant_values, complex) and kind == "CONSTANT":
        return _complex_value_pad(tensor, paddings, constant_values, name)
    elif not isinstance(constant_values, int | float):
        raise error("UNIMPLEMENTED", f"pad's constant_values {constant_values!r}")
    # TF's test: the value equals its type's zero (0, or '' for a string).
    default = "Pad" if (text is None and constant_values == 0) or text == "" else "PadV2"
    if isinstance(paddings, list | tuple) and not paddings:
        # TF reads [] as a tensor of rank 1 (a scalar's paddings are of shape [0, 2]).
        raise error("SHAPE_MISMATCH", "paddings must be of rank 2 (a pair per axis), got rank 1")
    pairs = _static_pads(paddings)
    if pairs is None and kind == "CONSTANT":
        if text:
            raise error("UNIMPLEMENTED", "padding strings with run-time paddings")
        return _run_time_pad(tensor, paddings, float(constant_values), name, default)
    if pairs is None:
        return _run_time_pad(tensor, paddings, None, name, "MirrorPad", kind)
    if any(np.ndim(p) != 1 or len(p) != 2 for p in pairs):  # TF's shape function's ValueError
        raise error("SHAPE_MISMATCH", "paddings must be of rank 2 (a pair per axis)")
    pads = tuple((operator.index(a), operator.index(b)) for a, b in pairs)
    if kind != "CONSTANT":
        return _op("MirrorPad", (tensor,), name, "MirrorPad", {"paddings": pads, "mode": kind})
    attrs = {"paddings": pads, "constant_values": float(constant_values)}
    if text:
        attrs["constant_text"] = text
    return _op("Pad", (tensor,), name, default, attrs)


def _complex_value_pad(tensor: Any, paddings: Any, value: complex, name: str | None) -> Tensor:
    """A pad with a complex value, which Pad's float attribute cannot hold: x padded with
    zeros plus the value where the padding went (x + 0 is x, 0 + value the value)."""
    graph, (x,), scope = op_inputs((tensor,), name, "Pad", ("input",))
    if x.dtype not in _dt.COMPLEX:  # TF's TypeError
        raise error(
            "DTYPE_MISMATCH",
            f"Expected {x.dtype.name} passed to parameter 'constant_values' of op 'PadV2', "
            f"got {value!r} of type 'complex' instead.",
        )
    with graph.name_scope(scope if scope.endswith("/") else None, scope) as scope:
        inside = pad(ones_like(x), paddings, name="inside")
        outside = (constant(1, x.dtype) - inside) * constant(value, x.dtype)
        padded = pad(x, paddings, name="padded")
        return graph.create_op("Add", (padded, outside), None, scope[:-1], exact_name=True).outputs[
            0
        ]


def _pad_text(value: str | bytes) -> str:
    """A string padding value as the attribute holds it (text)."""
    if isinstance(value, str):
        return value
    try:
        return value.decode()
    except UnicodeDecodeError:
        raise error("UNIMPLEMENTED", "padding with bytes that are not UTF-8") from None


def _static_pads(paddings: Any) -> Any:
    """Paddings as pairs of ints where the graph fixes them, else None."""
    if isinstance(paddings, Tensor):
        known = read_at_build(paddings)
        return None if known is None or known.dtype.kind not in "iu" else known.tolist()
    rows = [static_ints(row) for row in paddings]
    return None if builtins.any(r is None for r in rows) else rows


def _run_time_pad(tensor, paddings, value, name, default, mode=None) -> Tensor:
    """A Pad (`value`) or MirrorPad (`mode`) whose paddings are its second input."""
    graph, (x,), name = op_inputs((tensor,), name, default, ("tensor",))
    with graph.as_default(), graph.name_scope(name if name.endswith("/") else None, name) as scope:
        if not isinstance(paddings, Tensor):
            rows = [shape_tensor(r, "row") if is_dynamic(r) else list(r) for r in paddings]
            paddings = stack(rows, name="paddings")
    attrs = {"static_shape": _pads_hint(x.static_shape, paddings)}
    if mode is not None:
        return graph.create_op("MirrorPad", (x, paddings), {**attrs, "mode": mode}, scope).outputs[
            0
        ]
    attrs["constant_values"] = value
    return graph.create_op("Pad", (x, paddings), attrs, scope).outputs[0]


def _pads_hint(src: tuple | None, paddings: Tensor) -> tuple | None:
    """TF1's `tf.pad` sets the dims whose pair of paddings and input dim are known."""
    if src is None or paddings.op.type != "Pack" or len(paddings.op.inputs) != len(src):
        return None
    rows = [partial_shape(r) for r in paddings.op.inputs]
    return tuple(
        None if d is None or r is None or None in r else d + r[0] + r[1]
        for d, r in zip(src, rows, strict=True)
    )


@register_gradient("Pad")
def _pad_grad(op, g):
    if len(op.inputs) == 2:
        x, paddings = op.inputs
        begin = _strided_slice(paddings, (_slice(None), 0))
        return [slice(g, begin, shape(x)), None]
    index = tuple(_slice(a, -b if b else None) for a, b in op.attrs["paddings"])
    return [_strided_slice(g, index)]


def _mirror_sources(n: int, pads: tuple[int, int], mode: str) -> np.ndarray:
    """For each position of the padded axis, the input position it copies. TF refuses
    (at run time) pads the mirror cannot fill: REFLECT needs each side < n, SYMMETRIC <= n."""
    limit = n - 1 if mode == "REFLECT" else n
    if builtins.max(pads) > limit:
        raise error(
            "INVALID_ATTR",
            f"{mode} paddings {[int(p) for p in pads]} must be at most {limit} on an axis of "
            f"size {n}",
        )
    return np.pad(np.arange(n), pads, mode=mode.lower())


# MirrorPad and MirrorPadGrad take their paddings as an attribute where they are known
# while building, else as a second input (TF's only form), read when run.
_MIRROR_ATTRS = {
    "paddings": ("pads", None),
    "mode": ("str", REQUIRED),
    "static_shape": ("shape", None),
}


def _run_time_pairs(op, x, paddings) -> np.ndarray:
    """A Pad's or MirrorPad's paddings input, checked: one non-negative pair per axis."""
    pads = np.asarray(paddings)
    if pads.shape != (np.ndim(x), 2) or np.any(pads < 0):
        raise error(
            "SHAPE_MISMATCH",
            f"paddings {pads.tolist()} must be one non-negative pair per axis of "
            f"{list(np.shape(x))}",
            node=op.name,
        )
    return pads.astype(np.int64).reshape(-1, 2)


def _check_mirror_mode(mode: Any) -> None:
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise InferenceError("INVALID_ATTR", f"mirror pad mode {mode!r}: REFLECT or SYMMETRIC")


def _mirror_pad_infer(shapes, types, attrs):
    # TF refuses another mode as the node is made (the attr's allowed values), so a
    # document naming one is refused when stored, not at each run.
    _check_mirror_mode(attrs.get("mode"))
    return _pad_infer(shapes, types, attrs)


@register_op(
    "MirrorPad", arity=(1, 2), infer=_mirror_pad_infer, attrs=_MIRROR_ATTRS, unknown_rank_ok=True
)
def _mirror_pad(op):
    mode = op.attrs["mode"]
    _check_mirror_mode(mode)

    def kernel(x, *paddings):
        pads = _run_time_pairs(op, x, paddings[0]) if paddings else op.attrs["paddings"]
        if np.ndim(x) != len(pads):  # an input of unknown rank when built
            _run_time_pairs(op, x, np.asarray(pads, np.int64).reshape(-1, 2))
        if not np.ndim(x):
            return np.array(x, copy=True)
        for axis, pair in enumerate(pads):
            _mirror_sources(x.shape[axis], pair, mode)
        return np.pad(x, pads, mode=mode.lower())

    return kernel


def _mirror_pad_grad_infer(shapes, types, attrs):
    _check_mirror_mode(attrs.get("mode"))
    src, pads = shapes[0], attrs.get("paddings")
    if len(shapes) == 2:  # the input's shape, when the gradient function knew it
        hint = attrs.get("static_shape")
        return [(hint if hint is not None else (None,) * len(src), types[0])]
    if len(pads) != len(src):
        raise InferenceError("INVALID_ATTR", "paddings must have one pair per axis")
    return [
        (
            tuple(None if d is None else d - a - b for d, (a, b) in zip(src, pads, strict=True)),
            types[0],
        )
    ]


@register_op("MirrorPadGrad", arity=(1, 2), infer=_mirror_pad_grad_infer, attrs=_MIRROR_ATTRS)
def _mirror_pad_grad(op):
    """Folds the gradient of the padded tensor back onto the input: each padded position
    adds into the position it copied, one axis at a time (the mirror is separable)."""
    mode = op.attrs["mode"]

    def kernel(g, *paddings):
        pads = _run_time_pairs(op, g, paddings[0]) if paddings else op.attrs["paddings"]
        for axis, (a, b) in enumerate(pads):
            n = g.shape[axis] - a - b
            if n < 1:  # TF's kernel: each axis of the input kept an element
                raise error(
                    "INVALID_ATTR",
                    f"total paddings {a + b} must be less than the gradient's axis size "
                    f"{g.shape[axis]}",
                    node=op.name,
                )
            folded = np.zeros((*g.shape[:axis], n, *g.shape[axis + 1 :]), g.dtype)
            np.add.at(
                np.moveaxis(folded, axis, 0),
                _mirror_sources(n, (a, b), mode),
                np.moveaxis(g, axis, 0),
            )
            g = folded
        return g

    return kernel


@register_gradient("MirrorPad")
def _mirror_pad_grad_fn(op, g):
    attrs = dict(op.attrs)
    if len(op.inputs) == 2:
        attrs["static_shape"] = op.inputs[0].static_shape
    grad = g.op.graph.create_op("MirrorPadGrad", (g, *op.inputs[1:]), attrs, "MirrorPadGrad")
    return [grad.outputs[0], *([None] * (len(op.inputs) - 1))]


@register_gradient("MirrorPadGrad")
def _mirror_pad_grad_grad(op, g):
    attrs = {**op.attrs, "static_shape": op.inputs[0].static_shape}
    again = g.op.graph.create_op("MirrorPad", (g, *op.inputs[1:]), attrs, "MirrorPad")
    return [again.outputs[0], *([None] * (len(op.inputs) - 1))]


# -- slicing and gather --------------------------------------------------------------------


class _RunTime:
    """An index item with a bound known only at run time: an int index (`x[i]`) or a
    slice (`x[:n - 1]`) whose length inference leaves unknown."""

    __slots__ = ("is_int",)

    def __init__(self, is_int: bool):
        self.is_int = is_int


def _marked(index: tuple, codes: tuple, n_bounds: int) -> tuple:
    """The index with the items that take a run-time bound replaced by `_RunTime` markers.
    Bound k sets field `codes[k] % 4` (start, stop, step, or 3: the whole item is an int
    index) of item `codes[k] // 4`, whose place in `index` holds a slice."""
    if not codes and not n_bounds:
        return index
    if len(codes) != n_bounds:
        raise InferenceError(
            "INVALID_ATTR", f"a strided slice with {n_bounds} bound inputs needs as many codes"
        )
    items = list(index)
    for code in codes:
        pos, field = divmod(code, 4)
        it = items[pos] if 0 <= pos < len(items) else None
        if not isinstance(it, _slice | _RunTime) or (
            isinstance(it, _RunTime) and (it.is_int or field == 3)
        ):
            raise InferenceError("INVALID_ATTR", f"bound code {code} names no slice of the index")
        items[pos] = _RunTime(field == 3)
    return tuple(items)


# The whole-axis slice an index is filled up with: these axes keep their static size
# even when a bound of the explicit items is read at run time (as TF's shape function).
_FILL = _slice(None)
# The index items that use up an axis.
_USED = (int, _slice, _RunTime)


def _expand_index(index: tuple, rank: int) -> tuple:
    n_ell = builtins.sum(it is Ellipsis for it in index)
    if n_ell > 1:
        raise InferenceError("INVALID_ATTR", "an index can only have one ellipsis")
    used = builtins.sum(isinstance(it, _USED) for it in index)
    if used > rank:
        raise InferenceError("INVALID_ATTR", f"too many indices ({used}) for rank {rank}")
    fill_ = (_FILL,) * (rank - used)
    if n_ell:
        at = index.index(Ellipsis)
        return index[:at] + fill_ + index[at + 1 :]
    return index + fill_


def _slice_infer(shapes, types, attrs):
    src = shapes[0]
    for shape, dtype in zip(shapes[1:], types[1:], strict=True):
        check_dtype(dtype, "int", "a slice bound")
        if shape not in ((), None):
            raise InferenceError("SHAPE_MISMATCH", f"a slice bound must be a scalar, got {shape}")
    codes = tuple(attrs.get("dynamic") or ())
    index = _marked(attrs["index"], codes, len(shapes) - 1)
    if builtins.any(c % 4 == 2 for c in codes):
        return [(None, types[0])]  # TF knows not even the rank when a stride is a tensor
    if src is None:
        # TF's too: a decoded image's `image[0]` (CS20's filters) is of unknown rank, and
        # an index past the run-time rank fails the run.
        return [(None, types[0])]
    out = []
    dim = 0
    for it in _expand_index(index, len(src)):
        if it is None:
            out.append(1)
            continue
        d = src[dim]
        dim += 1
        if isinstance(it, _RunTime):
            if not it.is_int:
                out.append(None)
            continue
        if isinstance(it, int):
            if d is not None and not -d <= it < d:
                raise InferenceError(
                    "INDEX_OUT_OF_RANGE",
                    f"slice index {it} of dimension {dim - 1} out of bounds (size {d}).",
                )
            continue
        if it.step == 0:
            raise InferenceError("INVALID_ATTR", "strides must be non-zero (a slice step of 0)")
        # Once a bound is read at run time, TF's shape function knows a sliced dim only
        # where the slice takes the whole axis (`x[:, t]`'s first), as the filled ones.
        whole = it.start is None and it.stop is None
        out.append(None if d is None or (codes and not whole) else len(range(*it.indices(d))))
    return [(tuple(out), types[0])]


def _resolved(op, bounds: tuple) -> tuple:
    """The index of a strided slice with its run-time bounds filled in."""
    items = list(op.attrs["index"])
    for code, value in zip(op.attrs.get("dynamic") or (), bounds, strict=True):
        pos, field = divmod(code, 4)
        if np.ndim(value) != 0:  # a bound of unknown rank
            raise error(
                "COMPUTE_ERROR",
                f"a slice index or bound must be a scalar, got shape {np.shape(value)}",
                node=op.name,
            )
        v = int(value)
        if field == 3:
            items[pos] = v
            continue
        parts = [items[pos].start, items[pos].stop, items[pos].step]
        parts[field] = v
        if parts[2] == 0:
            raise error("COMPUTE_ERROR", "strides must be non-zero", node=op.name)
        items[pos] = _slice(*parts)
    return tuple(items)


@register_op(
    "StridedSlice",
    arity=(1, 1 << 30),
    infer=_slice_infer,
    attrs={"index": ("index", REQUIRED), "dynamic": ("ints", ())},
    unknown_rank_ok=True,
)
def _strided_slice_kernel(op):
    index = op.attrs["index"]
    if len(op.inputs) == 1 and op.inputs[0].static_shape is not None:
        return lambda x: x[index]
    if len(op.inputs) == 1:

        def checked(x):
            try:
                return x[index]
            except IndexError as exc:
                raise error("INDEX_OUT_OF_RANGE", str(exc), node=op.name) from None

        return checked

    def kernel(x, *bounds):
        at = _resolved(op, bounds)
        try:
            return x[at]
        except IndexError as exc:
            raise error("INDEX_OUT_OF_RANGE", str(exc), node=op.name) from None

    return kernel


def _strided_slice(x: Tensor, index: tuple, name: str | None = None, bounds=(), codes=()):
    attrs = {"index": index, "dynamic": tuple(codes)} if bounds else {"index": index}
    return x.op.graph.create_op(
        "StridedSlice", (x, *bounds), attrs, name or "strided_slice"
    ).outputs[0]


def _index_item(it: Any) -> Any:
    if it is None or it is Ellipsis:
        return it
    if isinstance(it, (bool, Tensor)):
        raise error(
            "INVALID_ATTR",
            "only scalar int tensors, ints, slices, ellipsis and newaxis can index a Tensor; "
            "use gg.gather or gg.boolean_mask",
        )
    if isinstance(it, _slice):
        return _slice(
            *(None if v is None else operator.index(v) for v in (it.start, it.stop, it.step))
        )
    try:
        return operator.index(it)
    except TypeError:
        raise error("INVALID_ATTR", f"cannot index a Tensor with {it!r}") from None


def _run_time_bound(v: Tensor) -> Any:
    """A tensor index or slice bound: its int where the graph fixes it, else the tensor
    itself, which must be a scalar int (TF refuses anything else). One of unknown rank
    is taken as TF takes it (MorvanZhou's `probs[0, a]` of `placeholder(tf.int32, None)`):
    the run checks that it is a scalar."""
    v = static_int(v)
    if isinstance(v, Tensor) and (v.static_shape not in ((), None) or v.dtype.kind not in "iu"):
        return _index_item(v)  # refused there
    return v


def _getitem(self: Tensor, key: Any) -> Tensor:
    """`x[...]` as TF1: ints, slices, ellipsis, newaxis, and scalar int tensors as indices
    or slice bounds (read at run time where the graph does not fix them); a bool tensor or
    numpy bool array is a mask (`boolean_mask`), as TF's `__getitem__`."""
    if (isinstance(key, Tensor) and key.dtype == _dt.bool_) or (
        isinstance(key, np.ndarray) and key.dtype == np.bool_
    ):
        from .index_ops import boolean_mask

        return boolean_mask(self, key)
    return indexed(self, key if isinstance(key, tuple) else (key,))


def _holds_bound(key: tuple) -> bool:
    """Whether an index holds a tensor (as an item or a slice bound): `x[...]` runs for
    every slice built, so the plain case takes no more than this loop."""
    for k in key:
        if isinstance(k, Tensor):
            return True
        if type(k) is _slice and (
            isinstance(k.start, Tensor) or isinstance(k.stop, Tensor) or isinstance(k.step, Tensor)
        ):
            return True
    return False


def indexed(x: Tensor, key: tuple, name: str | None = None) -> Tensor:
    """The strided slice of `x` by the index items of `key` (scalar int tensors allowed
    as indices and bounds)."""
    if not _holds_bound(key):
        return _strided_slice(x, tuple(_index_item(k) for k in key), name)
    items, bounds, codes = [], [], []
    for pos, k in enumerate(key):
        if isinstance(k, Tensor):
            k = _run_time_bound(k)
            if isinstance(k, Tensor):
                bounds.append(k)
                codes.append(4 * pos + 3)
                k = _slice(None)
        elif isinstance(k, _slice):
            fields = [k.start, k.stop, k.step]
            for i, f in enumerate(fields):
                f = _run_time_bound(f) if isinstance(f, Tensor) else f
                if isinstance(f, Tensor):
                    bounds.append(f)
                    codes.append(4 * pos + i)
                    f = None
                fields[i] = f
            k = _slice(*fields)
        items.append(_index_item(k))
    return _strided_slice(x, tuple(items), name, bounds=tuple(bounds), codes=tuple(codes))


Tensor.__getitem__ = _getitem


def slice(input_: Any, begin: Any, size: Any, name: str | None = None) -> Tensor:
    """`size[i]` elements from `begin[i]` along each axis; a size of -1 takes the rest.
    Static `begin` and `size` make a strided slice; tensors (or lists mixing ints and
    scalar tensors) TensorFlow's `Slice` op, which reads them at run time."""
    graph, (x,), name = op_inputs((input_,), name, "Slice", ("input",))
    b, n = static_ints(begin), static_ints(size)
    src = x.static_shape
    if n is not None and builtins.any(v < -1 for v in n):  # TF's shape function: ValueError
        raise error("INVALID_ATTR", f"Invalid value in tensor used for shape: {min(n)}")
    if b is not None and n is not None and src is not None and len(b) == len(n) == len(src):
        for i, (bi, ni, d) in enumerate(zip(b, n, src, strict=True)):
            if ni == -1 and d is not None and bi > d:
                raise error(
                    "SHAPE_MISMATCH",
                    f"slice begin[{i}] {bi} is past dimension {i} of size {d}",
                )
    if b is None or n is None or not _in_bounds(src, b, n):
        # Bounds not proven within the input (an unknown dim, a negative begin, a size past
        # the end) are TF's run-time InvalidArgumentError: a strided slice would clip them.
        return _dynamic_slice(graph, x, begin, size, name)
    index = tuple(
        _slice(operator.index(b), None if s == -1 else operator.index(b) + operator.index(s))
        for b, s in zip(b, n, strict=True)
    )
    return _strided_slice(x, index, name)


def _in_bounds(src: tuple | None, begin: list, size: list) -> bool:
    """Whether a Slice's static begin and size lie within a fully known input shape."""
    if src is None or len(begin) != len(src) or len(size) != len(src) or None in src:
        return False
    return all(
        0 <= b <= d and (n == -1 or 0 <= n <= d - b)
        for b, n, d in zip(begin, size, src, strict=True)
    )


def _dynamic_slice(graph, x: Tensor, begin: Any, size: Any, name: str) -> Tensor:
    # TF's shape function resolves a -1 size only when the whole size is a constant.
    constant_size = static_ints(size) is not None
    with graph.as_default(), graph.name_scope(name if name.endswith("/") else None, name) as scope:
        begin = constant(begin, _dt.int32, name="begin") if not is_dynamic(begin) else begin
        begin = shape_tensor(begin, "begin")
        size = constant(size, _dt.int32, name="size") if not is_dynamic(size) else size
        size = shape_tensor(size, "size")
    known_begin = partial_shape(begin) if constant_size else None
    hint = _slice_hint(x.static_shape, known_begin, partial_shape(size))
    return graph.create_op("Slice", (x, begin, size), {"static_shape": hint}, scope).outputs[0]


def _slice_hint(src: tuple | None, begin: tuple | None, size: tuple | None) -> tuple | None:
    """TensorFlow's static shape of a `Slice` op: the known sizes, and a -1 size the rest
    of a known dim after a known `begin` (None: unknown, as TensorFlow leaves it)."""
    if size is None:
        return None if src is None else (None,) * len(src)
    if src is None or begin is None or len(src) != len(size) or len(begin) != len(size):
        return tuple(n if n is not None and n >= 0 else None for n in size)
    return tuple(
        n
        if n is not None and n >= 0
        else (d - b if n == -1 and None not in (b, d) and 0 <= b <= d else None)
        for b, n, d in zip(begin, size, src, strict=True)
    )


def _dyn_slice_infer(shapes, types, attrs):
    src = shapes[0]
    if src is None:
        # An input of unknown rank has the rank of begin and size (checked when run).
        n = next((s[0] for s in shapes[1:] if s is not None and len(s) == 1), None)
        hint = attrs.get("static_shape")
        n = len(hint) if hint is not None else n
        src = None if n is None else (None,) * n
    if src is None:
        for dtype, what in zip(types[1:], ("begin", "size"), strict=True):
            check_dtype(dtype, "int", f"slice's {what}")
        return [(None, types[0])]
    for shape, dtype, what in zip(shapes[1:], types[1:], ("begin", "size"), strict=True):
        check_dtype(dtype, "int", f"slice's {what}")
        if shape is not None and (len(shape) != 1 or shape[0] not in (None, len(src))):
            raise InferenceError(
                "SHAPE_MISMATCH", f"slice's {what} must have one entry per axis of {list(src)}"
            )
    hint = attrs.get("static_shape")
    if hint is not None and len(hint) != len(src):
        raise InferenceError("SHAPE_MISMATCH", f"static_shape {list(hint)} for {list(src)}")
    begin = attrs.get("static_begin")
    if hint is not None and begin is not None and len(begin) == len(src):
        # An imported Slice of constant begin and size: a -1 size (None in the hint) is the
        # rest of a known dim, as TF's shape function resolves it once the input is known
        hint = _slice_hint(src, tuple(begin), tuple(-1 if n is None else n for n in hint))
    return [(tuple(hint) if hint is not None else (None,) * len(src), types[0])]


def _run_time_index(op, x, begin, size) -> tuple:
    """TensorFlow's checks of a Slice's begin and size against the input, at run time."""
    begin, size = np.asarray(begin).reshape(-1), np.asarray(size).reshape(-1)
    dims = np.shape(x)
    if len(begin) != len(dims) or len(size) != len(dims):
        raise error(
            "SHAPE_MISMATCH", f"slice of rank {len(dims)} needs one begin and size per axis"
        )
    index = []
    for i, (b, n, d) in enumerate(zip(begin.tolist(), size.tolist(), dims, strict=True)):
        n = d - b if n == -1 else n
        if not (0 <= b <= d and 0 <= n <= d - b):
            raise error(
                "INDEX_OUT_OF_RANGE",
                f"Expected size[{i}] in [0, {d - b}] and begin[{i}] in [0, {d}], "
                f"but got begin {b}, size {n}",
                node=op.name,
            )
        index.append(_slice(b, b + n))
    run_time_shape(op, np.array([s.stop - s.start for s in index]), "slice's size")
    return tuple(index)


@register_op(
    "Slice",
    arity=3,
    infer=_dyn_slice_infer,
    attrs={"static_shape": ("shape", None), "static_begin": ("ints", None)},
    unknown_rank_ok=True,
)
def _dyn_slice(op):
    return lambda x, begin, size: x[_run_time_index(op, x, begin, size)]


def _slice_pad_infer(shapes, types, attrs):
    return [(shapes[1], types[0])]


@register_op("SliceGrad", arity=3, infer=_slice_pad_infer, unknown_rank_ok=True)
def _slice_pad(op):
    """The gradient of a Slice: zeros of the input's shape, the slice's gradient at begin."""

    def kernel(g, x, begin):
        out = np.zeros(np.shape(x), np.asarray(g).dtype)
        at = np.asarray(begin).reshape(-1).tolist()
        out[tuple(_slice(b, b + n) for b, n in zip(at, np.shape(g), strict=True))] = g
        return out

    return kernel


@register_gradient("Slice")
def _dyn_slice_grad(op, g):
    x, begin, _ = op.inputs
    grad = g.op.graph.create_op("SliceGrad", (g, x, begin), None, "Slice_grad").outputs[0]
    return [grad, None, None]


@register_gradient("SliceGrad")
def _slice_pad_grad(op, g):
    g_in, _, begin = op.inputs
    return [slice(g, begin, shape(g_in)), None, None]


def _slice_grad_infer(shapes, types, attrs):
    return [(shapes[1], types[0])]


@register_op(
    "StridedSliceGrad",
    arity=(2, 1 << 30),
    infer=_slice_grad_infer,
    attrs={"index": ("index", REQUIRED), "dynamic": ("ints", ())},
    unknown_rank_ok=True,
)
def _strided_slice_grad_kernel(op):
    static = op.attrs["index"]

    def kernel(g, x, *bounds):
        out = np.zeros(np.shape(x), np.asarray(g).dtype)
        out[_resolved(op, bounds) if bounds else static] = g
        return out

    return kernel


@register_gradient("StridedSlice")
def _strided_slice_grad(op, g):
    x, *bounds = op.inputs
    grad = g.op.graph.create_op(
        "StridedSliceGrad", (g, x, *bounds), dict(op.attrs), "strided_slice_grad"
    ).outputs[0]
    return [grad, *(None for _ in bounds)]


@register_gradient("StridedSliceGrad")
def _strided_slice_grad_grad(op, g):
    _, _, *bounds = op.inputs
    codes = op.attrs.get("dynamic") or ()
    sliced = _strided_slice(g, op.attrs["index"], bounds=tuple(bounds), codes=codes)
    return [sliced, None, *(None for _ in bounds)]


def _gather_infer(shapes, types, attrs):
    params, indices = shapes[:2]
    check_dtype(types[1], "int", "gather's indices")
    run_time = run_time_axis(shapes, types, attrs, 2, "gather's axis", 0, 0)  # TF's third input
    if params is None or indices is None:
        # params of unknown rank (map_fn's rows of TF1's `tf.placeholder(tf.float32)`), or
        # ids of unknown rank (`shape=(None)` placeholders): so is the result.
        return [(None, types[0])]
    if not params:
        raise InferenceError("SHAPE_MISMATCH", "cannot gather from a scalar")
    if run_time:  # TF's: the rank known, which dims are the indices' not
        batch = attrs.get("batch_dims") or 0
        batch += len(indices) if batch < 0 else 0
        return [((None,) * (len(params) + len(indices) - 1 - batch), types[0])]
    axis = norm_axis(attrs.get("axis", 0), len(params))
    # An imported GatherV2's batch_dims along a constant axis: its kernel's shape.
    batch = attrs.get("batch_dims") or 0
    batch += len(indices) if batch < 0 else 0
    if not 0 <= batch <= min(axis, len(indices)):
        raise InferenceError(
            "INVALID_ATTR",
            f"gather's batch_dims ({attrs.get('batch_dims')}) must be in [0, {axis}] for "
            f"axis {axis} and indices of rank {len(indices)}",
        )
    return [(params[:axis] + indices[batch:] + params[axis + 1 :], types[0])]


def gathers_along_axis_zero(op: Any) -> bool:
    """Whether a GatherV2 (or its GatherGrad) takes rows: its axis attribute 0 (or none),
    not an axis given at run time (the op's last input then)."""
    plain = 2 if op.type == "GatherV2" else 3
    return len(op.inputs) == plain and op.attrs.get("axis", 0) == 0


_GATHER_RANGE = "Expected axis in the range [{lo}, {hi}), but got {axis}"


def _gather_axis(axis: int, rank: int) -> int:
    """`axis` of params of `rank` from 0, checked when run as TF's kernel checks it (params
    of a rank unknown when built)."""
    if not -rank <= axis < rank:
        raise error("INVALID_ATTR", _GATHER_RANGE.format(lo=-rank, hi=rank, axis=axis))
    return axis % rank


def _read_gather_axis(value: Any, rank: int, op: Any) -> int:
    """GatherV2's (GatherGrad's) axis given at run time, checked as TF's kernel."""
    return read_run_time_axis(
        value,
        rank,
        _GATHER_RANGE,
        node=op.name,
        not_one="gather's axis must be a single value, got {values}",
    )


@register_op(
    "GatherV2",
    arity=(2, 3),
    infer=_gather_infer,
    # batch_dims as TF's attribute, read by TF's kernel: an axis given at run time's, or
    # an imported GatherV2's along a constant axis; `gather` with an axis known when
    # built makes transposes around a batched gather (`_batch_dims_gather`).
    attrs={"axis": ("int", 0), "batch_dims": ("int", None)},
    unknown_rank_ok=True,
)
def _gather(op):
    static, batch = op.attrs.get("axis", 0), op.attrs.get("batch_dims") or 0

    def kernel(params, indices, axis=None):
        if np.ndim(params) == 0:
            raise error("SHAPE_MISMATCH", "cannot gather from a scalar")
        if axis is None:
            axis = _gather_axis(static, np.ndim(params))
        else:
            axis = _read_gather_axis(axis, np.ndim(params), op)
        if batch:
            params, indices = np.asarray(params), np.asarray(indices)
            return batch_take(
                params, indices, axis, batch_dims_checked(params, indices, axis, batch)
            )
        shape = np.shape(params)
        n = shape[axis]
        if not (
            np.prod(shape[:axis], dtype=np.int64) and np.prod(shape[axis + 1 :], dtype=np.int64)
        ):
            # TF's kernel copies nothing where the dims around the axis hold no element,
            # and so reads (checks) no index.
            out = (*shape[:axis], *np.shape(indices), *shape[axis + 1 :])
            return np.zeros(out, np.asarray(params).dtype)
        if np.size(indices) and (np.min(indices) < 0 or np.max(indices) >= n):
            raise error(
                "INDEX_OUT_OF_RANGE", f"gather indices must be in [0, {n})", details={"size": n}
            )
        return np.take(params, indices, axis)

    return kernel


def gather(
    params: Any,
    indices: Any,
    validate_indices: Any = None,
    name: str | None = None,
    axis: Any = None,
    batch_dims: int = 0,
) -> Tensor:
    """`tf.gather` in TF1's argument order (the third is `validate_indices`, which TF
    ignores, not `axis`); indices out of range fail when the op runs, as on TF's CPU."""
    if isinstance(params, RaggedTensor) or isinstance(indices, RaggedTensor):
        from ..ragged_ops import gather as ragged_gather

        return ragged_gather(params, indices, axis, batch_dims, name)
    _check_axis_dtype(axis)
    if batch_dims != 0 and not _is_zero(axis) and not _is_run_time(axis):
        # TF1's gather drops batch_dims where axis is 0 (its sparse_read path: a GatherV2
        # without it), so graphgate answers what TF does (decision log).
        return _batch_dims_gather(params, indices, batch_dims, axis, name)
    run_time = _is_run_time(axis)  # TF's input
    if not run_time:
        axis = scalar_index(
            static_arg(0 if axis is None else axis, "gather's axis"), "gather's axis"
        )
    graph, (params,), name = op_inputs((params,), name, "GatherV2", ("params",))
    if not isinstance(indices, Tensor):
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            indices = convert_to_tensor(indices, name="indices", graph=graph)
    if run_time:  # with batch_dims, TF's GatherV2 attribute, which its kernel reads
        attrs = {"batch_dims": operator.index(batch_dims)} if batch_dims else None
        return graph.create_op("GatherV2", (params, indices, axis), attrs, name).outputs[0]
    return graph.create_op("GatherV2", (params, indices), {"axis": axis}, name).outputs[0]


def _check_axis_dtype(axis: Any) -> None:
    """GatherV2's axis is int32 or int64, as TF converts it: a bool (False is not 0 there)
    or a float is TypeError, a tensor of another dtype too."""
    if isinstance(axis, Tensor):
        dtype = axis.dtype
    elif axis is None or (isinstance(axis, int | np.integer) and not isinstance(axis, bool)):
        return
    elif isinstance(axis, float):
        dtype = _dt.float32  # a Python float's dtype, as TF converts it
    else:
        dtype = _dt.as_dtype(np.asarray(axis).dtype)
    if dtype not in (_dt.int32, _dt.int64):
        raise error(
            "DTYPE_MISMATCH",
            f"Value passed to parameter 'axis' has DataType {dtype.name} not in list of "
            "allowed values: int32, int64",
        )


def _is_run_time(axis: Any) -> bool:
    return isinstance(axis, Tensor) and read_at_build(axis) is None


def _is_zero(axis: Any) -> bool:
    """Whether `axis` is 0 when the graph is built (TF's `constant_value(axis) == 0`)."""
    if isinstance(axis, Tensor):
        known = constant_value(axis)
        return known is not None and np.ndim(known) == 0 and known == 0
    return axis is not None and not isinstance(axis, bool) and axis == 0


def _batch_dims_gather(params: Any, indices: Any, batch_dims: int, axis: Any, name: Any):
    """TF's `gather(..., batch_dims=b, axis=a)` (a defaults to b, a negative a counts from
    params' end): params' axis a moved next to its batch dims, gathered, and the result's
    dims put back in TF's order."""
    from .misc_ops import batched_gather

    graph, (params,) = as_tensors(params)
    _, (indices,) = as_tensors(indices)
    prank, irank = params.static_shape, indices.static_shape
    if prank is None or irank is None:
        raise error("UNKNOWN_RANK", "gather's batch_dims needs params and indices of known rank")
    prank, irank = len(prank), len(irank)
    batch = operator.index(batch_dims)
    batch = batch + irank if batch < 0 else batch
    axis = batch_dims if axis is None else operator.index(static_arg(axis, "gather's axis"))
    axis = axis + prank if axis < 0 else axis
    if not batch <= axis < prank:  # TF: ValueError building, InvalidArgumentError running
        raise error(
            "INVALID_ATTR", f"batch_dims = {batch} must be less than or equal to axis = {axis}"
        )
    scope = name or "GatherV2"
    if axis == batch:
        return batched_gather(params, indices, batch, scope)
    with graph.as_default(), graph.name_scope(scope):
        moved = [*range(batch), axis, *range(batch, axis), *range(axis + 1, prank)]
        found = batched_gather(transpose(params, moved), indices, batch, "GatherV2")
        start = irank + axis - batch
        back = [*range(batch), *range(irank, start), *range(batch, irank)]
        return transpose(found, [*back, *range(start, irank + prank - batch - 1)])


def _gather_grad_infer(shapes, types, attrs):
    return [(shapes[2], types[0])]


# Of unknown rank too: a gather's indices fed through a shapeless placeholder (dennybritz's
# REINFORCE, `tf.gather(probs, tf.placeholder(tf.int32))`) have a gradient in TF.
@register_op(
    "GatherGrad",
    arity=(3, 4),
    infer=_gather_grad_infer,
    attrs={"axis": ("int", 0), "batch_dims": ("int", None)},
    unknown_rank_ok=True,
)
def _gather_grad_kernel(op):
    static, batch = op.attrs.get("axis", 0), op.attrs.get("batch_dims") or 0

    def kernel(g, indices, params, axis=None):  # `axis`: the gather's, given at run time
        pshape = np.shape(params)
        axis = static % len(pshape) if axis is None else _read_gather_axis(axis, len(pshape), op)
        if batch < 0:
            # TF's gradient of such a gather fails when run (its shape function adds a
            # negative batch_dims, the gradient's shapes then disagree): refused alike.
            raise error(
                "INVALID_ATTR",
                "the gradient of a gather along an axis given at run time takes no "
                f"negative batch_dims ({batch}), as TF's fails",
                node=op.name,
            )
        if batch:
            return batch_take_grad(g, np.asarray(indices), params, axis, batch)
        out = np.zeros(pshape, np.asarray(g).dtype)
        flat = np.reshape(indices, -1)
        g = np.reshape(g, (*pshape[:axis], flat.size, *pshape[axis + 1 :]))
        np.add.at(out, (_slice(None),) * axis + (flat,), g)
        return out

    return kernel


@register_gradient("GatherV2")
def _gather_grad(op, g):
    params, indices, *axis = op.inputs  # an axis given at run time is the last input
    out = g.op.graph.create_op(
        "GatherGrad", (g, indices, params, *axis), dict(op.attrs), "gather_grad"
    ).outputs[0]
    return [out, None, *([None] * len(axis))]


def _slices_parts(t: Tensor) -> list[tuple[Tensor, Tensor, Tensor]] | None:
    op = t.op
    while op.type == "Identity":
        op = op.inputs[0].op
    if op.type == "AddN":
        parts = [_slices_parts(x) for x in op.inputs]
        if any(p is None for p in parts):
            return None
        return [x for p in parts for x in p]
    if op.type != "GatherGrad" or not gathers_along_axis_zero(op):
        return None
    g, indices, params = op.inputs
    rest = None if params.static_shape is None else list(params.static_shape[1:])
    if rest is None or None in rest:
        return None
    return [(reshape(g, [-1, *rest]), reshape(indices, [-1]), params)]


def indexed_slices(t: Tensor) -> tuple[Tensor, Tensor, Tensor] | None:
    """(values, indices, params) where TF1 holds gradient `t` as IndexedSlices: the gradient
    of a gather or embedding_lookup along axis 0, through identities, or the sum of several
    (TF concatenates their slices); `values` one row per index, as TF's. None for a
    gradient TF holds dense.

    graphgate's gradients are dense; what reads an IndexedSlices' values (global_norm,
    clip_by_norm, clip_by_value, the optimizers' sparse updates) uses this to compute TF's
    numbers: a row looked up twice counts twice in TF's global norm."""
    parts = _slices_parts(t)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    values = concat([v for v, _, _ in parts], 0)
    indices = [i for _, i, _ in parts]
    if len({i.dtype for i in indices}) > 1:  # TF casts mixed indices to int64
        from .math_ops import cast

        indices = [cast(i, _dt.int64) for i in indices]
    return values, concat(indices, 0), parts[0][2]


def from_indexed_slices(values: Tensor, indices: Tensor, params: Tensor) -> Tensor:
    """The dense tensor of an IndexedSlices, as TF converts one: each row added at its
    index of a tensor shaped as `params`."""
    graph = values.op.graph
    return graph.create_op(
        "GatherGrad", (values, indices, params), {"axis": 0}, "gather_grad"
    ).outputs[0]


@register_gradient("GatherGrad")
def _gather_grad_grad(op, g):
    axis = op.inputs[3] if len(op.inputs) == 4 else op.attrs.get("axis", 0)
    batch = op.attrs.get("batch_dims") or 0
    return [gather(g, op.inputs[1], axis=axis, batch_dims=batch), *([None] * (len(op.inputs) - 1))]


# -- selection, one-hot --------------------------------------------------------------------


def _select_infer(shapes, types, attrs):
    check_dtype(types[0], "bool", "where's condition")
    dtype = same_dtypes(types[1:])
    shape = broadcast_shapes(broadcast_shapes(shapes[0], shapes[1]), shapes[2])
    return [(shape, dtype)]


register_op("SelectV2", arity=3, infer=_select_infer, unknown_rank_ok=True)(_fixed(np.where))


def _select_v1_infer(shapes, types, attrs):
    check_dtype(types[0], "bool", "where's condition")
    dtype = same_dtypes(types[1:])
    c, x, y = shapes
    if x is not None and y is not None and len(x) != len(y):
        raise InferenceError("SHAPE_MISMATCH", f"Select of shapes {list(x)} and {list(y)}")
    known = x if x is not None else y
    if c is not None and known is not None and len(c) not in (0, 1, len(known)):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Select's condition of shape {list(c)} is neither a scalar, a vector nor of "
            f"the rank of its values {list(known)}",
        )
    return [(None if x is None or y is None else broadcast_shapes(x, y), dtype)]


@register_op("Select", arity=3, infer=_select_v1_infer, unknown_rank_ok=True)
def _select_v1(op):
    """TF1's Select (what TF1 graphs hold for `tf.where(c, x, y)`): x and y of one shape,
    the condition of that shape, a scalar, or a vector picking whole rows."""

    def kernel(c, x, y):
        c, x, y = np.asarray(c), np.asarray(x), np.asarray(y)
        if x.shape != y.shape:
            raise error(
                "SHAPE_MISMATCH",
                f"'then' and 'else' must have the same size. but received: "
                f"{list(x.shape)} vs. {list(y.shape)}",
                node=op.name,
            )
        if c.ndim == 1 and x.ndim > 1:
            if c.shape[0] != x.shape[0]:
                raise error(
                    "SHAPE_MISMATCH",
                    f"Number of batches of 'then' must match size of 'cond', but saw: "
                    f"{x.shape[0]} vs. {c.shape[0]}",
                    node=op.name,
                )
            c = c.reshape(-1, *[1] * (x.ndim - 1))
        elif c.ndim and c.shape != x.shape:
            raise error(
                "SHAPE_MISMATCH",
                f"'then' and 'cond' must have the same size. but received: "
                f"{list(x.shape)} vs. {list(c.shape)}",
                node=op.name,
            )
        return np.where(c, x, y)

    return kernel


@register_gradient("Select")
def _select_v1_grad(op, g):
    c = op.inputs[0]
    zeros = zeros_like(g)
    graph = g.graph
    return [
        None,
        graph.create_op("Select", (c, g, zeros), None, "Select_grad_x").outputs[0],
        graph.create_op("Select", (c, zeros, g), None, "Select_grad_y").outputs[0],
    ]


def _where_infer(shapes, types, attrs):
    src = shapes[0]
    # TF's Where takes any number type (complex, the small ints too): their nonzeros.
    if types[0] not in _dt.NUMERIC | _dt.COMPLEX | _dt.SMALL_INTS:
        check_dtype(types[0], "bool", "where's condition")
    if types[0] is _dt.float16:  # every run of TF's fails
        raise InferenceError("UNIMPLEMENTED", "No WhereOp available for float16/half type on CPU")
    if src == ():  # TF's kernel walks 1 to 8 dims: every run fails
        raise InferenceError("INVALID_ATTR", "WhereOp : Unhandled input dimensions: 0")
    return [((None, None if src is None else len(src)), _dt.int64)]


@register_op("Where", arity=1, infer=_where_infer, unknown_rank_ok=True)
def _where(op):
    return lambda c: np.argwhere(np.asarray(c)).astype(np.int64)


not_differentiable("Where")


def where(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """Elementwise `x if condition else y`, all three broadcast together, except that a
    vector condition picks whole rows of matrices, as TF1's; with neither `x`
    nor `y`, the int64 coordinates of the true (nonzero) entries of `condition`, one row
    each in row-major order (TF1's one-argument `where`)."""
    if x is None and y is None:
        graph, (c,), name = op_inputs((condition,), name, "Where", ("input",))
        return graph.create_op("Where", (c,), None, name).outputs[0]
    if x is None or y is None:
        raise error("INVALID_ATTR", "x and y must both be non-None or both be None.")
    graph, (x, y), name = op_inputs((x, y), name, "Select", ("t", "e"))
    if not isinstance(condition, Tensor):
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            condition = convert_to_tensor(condition, _dt.bool_, "condition", graph)
    condition, name = _rows_condition(graph, condition, x, y, name)
    return graph.create_op("SelectV2", (condition, x, y), None, name).outputs[0]


def where_v1(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """`tf.where` of TF1 (its Select op): `where`, with Select's build-time shape checks --
    `x` and `y` of one shape, `condition` of theirs, a vector along their first axis, or a
    scalar -- a ValueError as TF's, where `where` (graphgate's own callers) broadcasts."""
    if x is not None and y is not None:
        shapes = [
            t.static_shape if isinstance(t, Tensor) else np.shape(t) for t in (condition, x, y)
        ]
        data = _merged_shape(shapes[1], shapes[2])
        c = shapes[0]
        if c is not None and data is not None and len(c) != 0:
            if len(c) != 1 or len(data) == 0:
                _merged_shape(data, c)
            else:
                _merged_shape(c, data[:1])
    return where(condition, x, y, name)


def _merged_shape(a: tuple | None, b: tuple | None) -> tuple | None:
    """TF's shape Merge: one shape both may be (None dims take the other's), else the
    ValueError TF's shape inference raises."""
    if a is None or b is None:
        return b if a is None else a
    if len(a) != len(b):
        raise error("SHAPE_MISMATCH", f"Shapes must be equal rank, but are {len(a)} and {len(b)}")
    merged = []
    for i, (p, q) in enumerate(zip(a, b, strict=True)):
        if p is not None and q is not None and p != q:
            raise error(
                "SHAPE_MISMATCH",
                f"Dimension {i} in both shapes must be equal, but are {p} and {q}. "
                f"Shapes are {list(a)} and {list(b)}.",
            )
        merged.append(q if p is None else p)
    return tuple(merged)


def _rows_condition(graph, condition: Tensor, x: Tensor, y: Tensor, name: str):
    """TF1's `where` (Select) with a vector condition and matrices picks whole rows;
    broadcasting would align the vector with the last axis instead (columns: a wrong
    answer when the two sizes agree). The vector becomes a column [n, 1, ...]; returns it
    and the name to give the Select."""
    shapes = [t.static_shape for t in (condition, x, y)]
    if any(s is None for s in shapes) or len(shapes[0]) != 1:
        return condition, name
    rank = max(len(shapes[1]), len(shapes[2]))
    if rank < 2:
        return condition, name
    with graph.name_scope(name if name.endswith("/") else None, name) as scope:
        return reshape(condition, [-1] + [1] * (rank - 1), name="condition_rows"), scope


@register_gradient("SelectV2")
def _select_grad(op, g):
    # SelectV2's own broadcasting, not `where`'s: its vector condition picks rows (TF1's
    # Select), which a where_v2 of a vector and a matrix does not.
    c, x, y = op.inputs
    zero = zeros_like(g)
    pick = [
        op.graph.create_op("SelectV2", (c, *ab), None, "Select").outputs[0]
        for ab in ((g, zero), (zero, g))
    ]
    return [None, reduce_like(pick[0], x), reduce_like(pick[1], y)]


_HOT_INDICES = _dt.INTS | frozenset((_dt.uint8, _dt.int8))


def _one_hot_infer(shapes, types, attrs):
    if types[0] not in _HOT_INDICES:  # TF's OneHot takes uint8, int8, int32 and int64
        check_dtype(types[0], "int", "one_hot's indices")
    src = shapes[0]
    depth = attrs.get("depth")
    if len(shapes) == 2:
        check_dtype(types[1], "int", "one_hot's depth")
        if shapes[1] not in ((), None):
            raise InferenceError("SHAPE_MISMATCH", "one_hot's depth must be a scalar")
        depth = None
    elif depth is None or depth < 0:
        raise InferenceError("INVALID_ATTR", "depth must be a non-negative int")
    axis = attrs.get("axis", -1)
    if src is None:  # TF1's `shape=(None)` labels: the rank is known when it runs
        return [(None, attrs.get("dtype", _dt.float32))]
    if axis == -1:
        axis = len(src)
    if not 0 <= axis <= len(src):
        raise InferenceError("INVALID_ATTR", f"axis {axis} out of range for one_hot")
    return [((*src[:axis], depth, *src[axis:]), attrs.get("dtype", _dt.float32))]


@register_op(
    "OneHot",
    arity=(1, 2),
    infer=_one_hot_infer,
    attrs={
        "depth": ("int", None),
        "on_value": ("float", 1.0),
        "off_value": ("float", 0.0),
        "axis": ("int", -1),
        "dtype": ("dtype", _dt.float32),
    },
    needs_state=True,
    unknown_rank_ok=True,
)
def _one_hot(op):
    """One-hot vectors of a static depth, or of a depth read at run time (a second input:
    TensorFlow's `OneHot(indices, depth, ...)`), bounded before allocating."""
    a = op.attrs
    dtype = op.outputs[0].dtype
    on, off = dtype.type(a.get("on_value", 1.0)), dtype.type(a.get("off_value", 0.0))
    axis = a.get("axis", -1)

    def hot(indices, depth):
        out = np.where(np.expand_dims(indices, -1) == np.arange(depth), on, off)
        return out if axis == -1 else np.moveaxis(out, -1, axis)

    if len(op.inputs) == 1:
        # Called with the run state, or without it when constant folding: indices last.
        return lambda *args: hot(args[-1], a["depth"])

    def kernel(state, indices, depth):
        depth = int(depth)
        if depth < 0:
            raise error("COMPUTE_ERROR", f"depth must be non-negative, got: {depth}", node=op.name)
        check_run_time_size(state, op, (*np.shape(indices), depth))
        return hot(indices, depth)

    return kernel


not_differentiable("OneHot")


def one_hot(
    indices: Any,
    depth: Any,
    on_value: Any = None,
    off_value: Any = None,
    axis: int = -1,
    dtype: Any = None,
    name: str | None = None,
) -> Tensor:
    """One-hot vectors along `axis`; `depth` an int, or a scalar int tensor read at run
    time where the graph does not fix it. The dtype is `dtype`, else `on_value`'s or
    `off_value`'s, else float32; values of another dtype are a TypeError, as TF's.
    Ragged indices one-hot their flat values (TF's ragged dispatch)."""
    if isinstance(indices, RaggedTensor):
        return _ragged_one_hot(indices, depth, on_value, off_value, axis, dtype, name)
    graph, (indices,), name = op_inputs((indices,), name, "one_hot", ("indices",))
    depth = static_int(depth)
    dtype = None if dtype is None else _dt.as_dtype(dtype)
    on_dtype, on = _hot_value(on_value, dtype)
    off_dtype, off = _hot_value(off_value, dtype)
    given = [d for d in (on_dtype, off_dtype) if d is not None]
    dtype = dtype or (given[0] if given else _dt.float32)
    if any(d != dtype for d in given):
        raise error(
            "DTYPE_MISMATCH",
            f"one_hot's on_value ({on_dtype and on_dtype.name}) and off_value "
            f"({off_dtype and off_dtype.name}) must both have dtype {dtype.name}",
        )
    if dtype == _dt.string or (dtype in _dt.COMPLEX and (on is not None or off is not None)):
        # The attrs hold a float: strings and complex values are picked by a bool one_hot.
        return _one_hot_by_select(graph, indices, depth, (on, off), axis, dtype, name)
    if dtype == _dt.bool and (on is None or off is None):
        # TF converts the default 1 and 0 to the dtype, and no int converts to bool.
        raise error("DTYPE_MISMATCH", "one_hot of dtype bool needs on_value and off_value")
    attrs = {
        "on_value": 1.0 if on is None else float(on),
        "off_value": 0.0 if off is None else float(off),
        "axis": -1 if axis is None else operator.index(static_arg(axis, "one_hot's axis")),
        "dtype": dtype,
    }
    if isinstance(depth, Tensor):
        return graph.create_op("OneHot", (indices, depth), attrs, name).outputs[0]
    attrs["depth"] = scalar_index(depth, "one_hot's depth")
    return graph.create_op("OneHot", (indices,), attrs, name).outputs[0]


def _one_hot_by_select(graph, indices, depth, on_off, axis, dtype, name) -> Tensor:
    """A one_hot of values the OneHot op's float attributes cannot hold (strings, complex
    numbers): a bool one_hot selecting between them, the same values as TF's OneHot."""
    on, off = on_off
    if dtype == _dt.string and (on is None or off is None):
        # TF converts the default 1 and 0 to the dtype, and no number converts to a string.
        raise error("DTYPE_MISMATCH", "one_hot of dtype string needs on_value and off_value")
    on, off = (1 if on is None else on), (0 if off is None else off)
    with graph.name_scope(name if name.endswith("/") else None, name) as scope:
        mask = one_hot(indices, depth, True, False, axis, _dt.bool_, name="mask")
        values = [constant(v, dtype, name=n) for v, n in ((on, "on_value"), (off, "off_value"))]
        return graph.create_op(
            "SelectV2", (mask, *values), None, scope[:-1], exact_name=True
        ).outputs[0]


def _ragged_one_hot(indices, depth, on_value, off_value, axis, dtype, name) -> RaggedTensor:
    """TF's ragged one_hot: the new axis among the uniform ones after the ragged ones."""
    ndims = indices.shape.ndims
    axis = operator.index(static_arg(-1 if axis is None else axis, "one_hot's axis"))
    if ndims is not None and axis < 0:
        axis = axis + ndims + 1  # TF's get_positive_axis for the result's rank
    if axis < 0 or axis < indices.ragged_rank + 1:
        raise error("INVALID_ATTR", "axis may not be less than indices.ragged_rank.")
    flat = one_hot(
        indices.flat_values, depth, on_value, off_value, axis - indices.ragged_rank, dtype, name
    )
    return indices.with_flat_values(flat)


def _hot_value(value: Any, hint: Any) -> tuple:
    """(dtype, scalar) of a one_hot on/off value as TF's `convert_to_tensor(value,
    dtype_hint=dtype)` would type it, or (None, None) when not given; no node is added."""
    if value is None:
        return None, None
    if isinstance(value, Tensor):
        known = read_at_build(value)
        if known is None:
            raise error("UNIMPLEMENTED", "one_hot's on/off value must be known when built")
        return value.dtype, np.asarray(known).reshape(())
    arr = _dt.default_array(value)
    # TF's hint retypes a Python int as any number and a Python float as a float only.
    kinds = {"i": "iuf", "f": "f"}.get(arr.dtype.kind, "") if type(value) in (int, float) else ""
    if hint is not None and np.dtype(hint).kind in kinds:
        try:
            return hint, _dt.convert(value, hint).reshape(())
        except (GraphgateError, TypeError, ValueError):
            pass
    return _dt.as_dtype(arr.dtype), arr.reshape(())
