"""TF1's remaining array ops: range, linspace, reverse, reverse_sequence, broadcast_to,
rank, shape_n, sequence_mask, unique, meshgrid, invert_permutation, setdiff1d, tuple and
the norm clips: forward, inference and gradient side by side."""

from __future__ import annotations

import builtins
import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import (
    Dimension,
    Tensor,
    as_tensors,
    constant_op,
    convert_to_tensor,
    get_default_graph,
    known_dimension,
    op_inputs,
    reserve_name,
    shape_literal,
)
from ..limits import check_run_time_size
from ..op_results import result_type
from .array_ops import _static_shape, expand_dims, identity, ones_like, reshape, stack
from .array_ops import size as _size_of
from .array_ops import where as _select
from .conv_ops import run_time_sizes
from .math_ops import cast, less, maximum, minimum, negative, rsqrt, sqrt
from .reduce_ops import reduce_max, reduce_sum
from .registry import (
    REQUIRED,
    InferenceError,
    check_dtype,
    merge_dim,
    norm_axes,
    norm_axis,
    not_differentiable,
    read_run_time_axis,
    register_gradient,
    register_op,
    run_time_axis,
    same_dtypes,
    without_gradient,
)
from .shape_values import (
    constant_value,
    read_at_build,
    scalar_index,
    shape_tensor,
    static_arg,
    static_hint,
    static_ints,
)
from .state_ops import group

_REAL = frozenset((_dt.float32, _dt.float64, _dt.int32, _dt.int64))


def _scalars(shapes, what):
    for s in shapes:
        if s not in ((), None):
            raise InferenceError("SHAPE_MISMATCH", f"{what} must be scalars, got {list(s)}")


def _const_value(t: Tensor) -> Any:
    """The value of `t` where the graph fixes it (TF's shape functions evaluate such
    inputs), else None: `shape_values.constant_value`, the one owner of that rule."""
    return constant_value(t)


# -- range ---------------------------------------------------------------------------------


def _range_infer(shapes, types, attrs):
    _scalars(shapes, "range's start, limit and delta")
    dtype = same_dtypes(types)
    if dtype not in _REAL:
        check_dtype(dtype, "int", "range's arguments")
    return [((attrs.get("length"),), dtype)]


def _range_length(start, limit, delta) -> int:
    """TensorFlow's RangeOp size, with its checks (the messages are TF's)."""
    if delta == 0:
        raise ValueError("Requires delta != 0")
    # Written as TF's checks are (`start <= limit` must hold), so that NaN fails them.
    if delta > 0 and not start <= limit:
        raise ValueError(f"Requires start <= limit when delta > 0: {start}/{limit}")
    if delta < 0 and not start >= limit:
        raise ValueError(f"Requires start >= limit when delta < 0: {start}/{limit}")
    if isinstance(delta, np.integer):
        return int((abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)))
    # In the tensor's dtype, as TF's kernel computes it.
    size = np.ceil(np.abs((limit - start) / delta))
    if not size <= np.iinfo(np.int64).max:
        raise ValueError(f"Requires ((limit - start) / delta) <= {np.iinfo(np.int64).max}")
    return int(size)


def _range_values(start, limit, delta, dtype, state, op) -> np.ndarray:
    n = _range_length(start, limit, delta)
    if state:  # a limit read at run time, before the values exist
        check_run_time_size(state[0], op, (n,))
    if n == 0:
        return np.zeros(0, dtype)
    # TF's kernel computes start + i * delta in the dtype (2.x; 1.x added delta n-1 times,
    # whose float values drift: 0.1 added 8 times is 0.7999999999999999, 8 * 0.1 is 0.8).
    return (start + np.arange(n, dtype=dtype) * delta).astype(dtype, copy=False)


@register_op(
    "Range",
    arity=3,
    infer=_range_infer,
    attrs={"length": ("int", None)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _range(op):
    length = op.attrs.get("length")
    dtype = op.outputs[0].dtype

    def kernel(*args):
        # Called with the run state, or without it when constant folding (a known length).
        *state, start, limit, delta = args
        try:
            args = (dtype.type(start), dtype.type(limit), dtype.type(delta))
            out = _range_values(*args, dtype, state, op)
        except ValueError as exc:
            raise error("COMPUTE_ERROR", str(exc)) from None
        if length is not None and len(out) != length:
            raise error("SHAPE_MISMATCH", f"range of {len(out)} values, the graph said {length}")
        return out

    return kernel


not_differentiable("Range")

# TF's dtype_hierarchy: the widest of the arguments' dtypes wins.
_RANGE_ORDER = (_dt.int32, _dt.int64, _dt.float32, _dt.float64)


def _range_dtype(values) -> Any:
    found = [v.dtype for v in values if isinstance(v, Tensor)]
    found += [_dt.default_array(v).dtype for v in values if not isinstance(v, Tensor)]
    known = [d for d in found if d in _RANGE_ORDER]
    return builtins.max(known, key=_RANGE_ORDER.index) if known else found[0]


def _range_op(graph, start, limit, delta, dtype, scope, length=None) -> Tensor:
    """A Range node of `dtype` under `scope`; `length`, when the caller knows it, is checked
    at run time, and read from constant arguments otherwise (as TF's shape function)."""
    ts = []
    for arg, v in zip(("start", "limit", "delta"), (start, limit, delta), strict=True):
        t = v if isinstance(v, Tensor) else constant_op(graph, v, dtype, arg)
        ts.append(t if t.dtype == dtype else cast(t, dtype))
    values = [_const_value(t) for t in ts]
    if length is None and builtins.all(v is not None for v in values):
        try:
            length = _range_length(*(dtype.type(v) for v in values))
        except ValueError as exc:
            raise error("INVALID_ATTR", str(exc), node=scope.rstrip("/")) from None
    return graph.create_op("Range", builtins.tuple(ts), {"length": length}, scope).outputs[0]


def range(
    start: Any,
    limit: Any = None,
    delta: Any = 1,
    dtype: Any = None,
    name: str = "range",
) -> Tensor:
    """`[start, start + delta, ...)` below `limit` (`tf.range`); ints give int32, floats
    float32, unless `dtype` says otherwise."""
    if limit is None:
        start, limit = 0, start
    # A static shape's Dimension (`tf.range(probs.shape[0])`) is its int, as TF converts it.
    start, limit, delta = (
        shape_literal(known_dimension(v)) if isinstance(v, Dimension) else v
        for v in (start, limit, delta)
    )
    graph = get_default_graph()
    for v in (start, limit, delta):
        if isinstance(v, Tensor):
            graph = v.op.graph
        elif np.ndim(v) != 0:  # TF's shape function: "Shape must be rank 0" (ValueError)
            raise error("SHAPE_MISMATCH", f"range's start, limit and delta must be scalars: {v!r}")
    with graph.as_default(), graph.name_scope(name, "Range") as scope:
        if dtype is None:
            dtype = _range_dtype((start, limit, delta))
            start, limit, delta = (_by_default(v, dtype) for v in (start, limit, delta))
        return _range_op(graph, start, limit, delta, _dt.as_dtype(dtype), scope)


def _by_default(value: Any, dtype: Any) -> Any:
    """A Python float as TF's range takes it without a dtype: converted by its own default
    (float32) before the cast to the widest argument's dtype, so a float64 start with
    delta 0.1 steps by 0.10000000149 (not 0.1)."""
    if isinstance(value, Tensor):
        return value
    array = _dt.default_array(value)
    return array.astype(np.dtype(dtype)) if array.dtype.kind == "f" else value


# -- linspace ------------------------------------------------------------------------------


def _linspace_infer(shapes, types, attrs):
    _scalars(shapes, "linspace's start, stop and num")
    check_dtype(types[0], "float", "linspace's start")
    same_dtypes(types[:2])
    check_dtype(types[2], "int", "linspace's num")
    return [((attrs.get("length"),), types[0])]


@register_op(
    "LinSpace",
    arity=3,
    infer=_linspace_infer,
    attrs={"length": ("int", None)},
    unknown_rank_ok=True,
)
def _linspace(op):
    length = op.attrs.get("length")
    dtype = op.outputs[0].dtype

    def kernel(*args):
        # With the run state first; without it when constant folding (sizes bounded).
        *state, start, stop, num = args
        num = int(num)
        if num < 0:
            raise error("COMPUTE_ERROR", f"Requires num >= 0: {num}")
        if length is not None and num != length:
            raise error("SHAPE_MISMATCH", f"linspace of {num} values, the graph said {length}")
        if state:  # num is a value: the output is sized by it, checked before allocating
            check_run_time_size(state[0], op, (num,))
        if num == 0:  # TF 2's linspace (its linspace_nd) of 0 values: empty
            return np.zeros([0], dtype)
        if num == 1:
            return np.array([start], dtype)
        # TF's kernel: start + i * step, step computed in the dtype, and stop itself last.
        step = (dtype.type(stop) - dtype.type(start)) / dtype.type(num - 1)
        out = (dtype.type(start) + np.arange(num).astype(dtype) * step).astype(dtype)
        out[-1] = stop
        return out

    kernel.needs_state = True
    return kernel


not_differentiable("LinSpace")


def _linspace_nd(start: Tensor, stop: Tensor, num: Any, axis: int) -> Tensor:
    """TF's `linspace_nd` step by step (its rounding too): start, start + delta * i for
    0 < i < num - 1, stop, concatenated along `axis` and cut to `num`."""
    from .array_ops import concat, shape, slice, zeros_like
    from .misc_ops import broadcast_dynamic_shape

    if start.dtype not in _dt.FLOATS:
        raise error(
            "DTYPE_MISMATCH", f"linspace needs float start and stop, got {start.dtype.name}"
        )
    stop = cast(stop, start.dtype)
    wide = broadcast_dynamic_shape(shape(start), shape(stop))
    first = expand_dims(broadcast_to(start, wide), axis)
    last = expand_dims(broadcast_to(stop, wide), axis)
    ndims = first.shape.ndims
    axis = axis if axis >= 0 else ndims + axis
    num = num if isinstance(num, Tensor) else convert_to_tensor(num, _dt.int32, "num")
    n_steps = maximum(num - 1, 1)
    delta = (last - first) / cast(n_steps, start.dtype)
    steps = cast(range(1, n_steps, dtype=_dt.int64), start.dtype)
    along = [reshape(maximum(num - 2, 0), [1]) if i == axis else [1] for i in builtins.range(ndims)]
    inner = first + delta * reshape(steps, concat(along, 0))
    dims = shape(first)
    size = concat([dims[:axis], reshape(num, [1]), dims[axis + 1 :]], 0)
    return slice(concat([first, inner, last], axis), zeros_like(dims), size)


def linspace(start: Any, stop: Any, num: Any, name: str | None = None, axis: int = 0) -> Tensor:
    """`num` evenly spaced values from `start` to `stop` inclusive (float32/float64).
    Non-scalar bounds (broadcast together) get them along a new axis `axis`, as TF's
    `linspace_nd` computes them; scalars have one axis, 0 (or -1), and TF refuses any
    other (ValueError)."""
    graph, (start, stop), name = op_inputs((start, stop), name, "LinSpace", ("start", "stop"))
    ranks = (start.shape.ndims, stop.shape.ndims)
    if ranks != (0, 0) and None not in ranks:
        with graph.as_default(), graph.name_scope(name, "linspace"):
            return _linspace_nd(start, stop, num, axis)
    if axis not in (0, -1):
        raise ValueError(f"dim {axis} not in the interval [-1, 0].")
    if start.dtype not in _dt.FLOATS:
        # TF1's LinSpace takes floats only; an int start is refused, never cast.
        raise error(
            "DTYPE_MISMATCH", f"linspace needs float start and stop, got {start.dtype.name}"
        )
    if not isinstance(num, Tensor):
        if builtins.isinstance(num, builtins.bool) or scalar_index(num, "linspace's num") < 0:
            raise error("INVALID_ATTR", f"Requires num >= 0: {num}")
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            num = constant_op(graph, operator.index(num), _dt.int32, "num")
    length = _const_value(num)
    attrs = {"length": None if length is None else int(length)}
    return graph.create_op("LinSpace", (start, stop, num), attrs, name).outputs[0]


lin_space = linspace


# -- reverse, reverse_sequence -------------------------------------------------------------


def _reverse_infer(shapes, types, attrs):
    src = shapes[0]
    if run_time_axis(shapes, types, attrs, 1, "reverse's axis", 1):  # TF's second input
        return [(src, types[0])]
    if attrs.get("axis") is None:
        raise InferenceError("INVALID_ATTR", "reverse needs an axis, attribute or input")
    if src is not None:
        norm_axes(attrs["axis"], len(src))
    return [(src, types[0])]


@register_op(
    "ReverseV2",
    arity=(1, 2),
    infer=_reverse_infer,
    attrs={"axis": ("ints", None)},
    unknown_rank_ok=True,
)
def _reverse(op):
    if len(op.inputs) == 2:  # TF's second input, read when run
        return lambda x, axis: _reversed(x, axis)
    axis = builtins.tuple(op.attrs["axis"])
    return lambda x: np.flip(x, axis) if axis else np.asarray(x)


def _reversed(x: Any, axis: Any) -> np.ndarray:
    """`x` reversed along the axes given at run time, checked as TF's kernel checks them."""
    rank, axes = np.ndim(x), []
    for i, a in enumerate(np.asarray(axis).reshape(-1).tolist()):
        a = read_run_time_axis(a, rank, f"'axis'[{i}] = {{axis}} is out of valid range [0, {{hi}})")
        if a in axes:
            raise error("INVALID_ATTR", f"axis {a} specified more than once.")
        axes.append(a)
    return np.flip(x, builtins.tuple(axes)) if axes else np.asarray(x)


@register_gradient("ReverseV2")
def _reverse_grad(op, g):
    grad = g.op.graph.create_op("ReverseV2", (g, *op.inputs[1:]), dict(op.attrs), "ReverseV2")
    return [grad.outputs[0], *([None] * (len(op.inputs) - 1))]


def reverse(tensor: Any, axis: Any, name: str | None = None) -> Tensor:
    """`tensor` with the order of the `axis` dimensions (a list of ints) reversed."""
    if isinstance(axis, Tensor) and read_at_build(axis) is None:  # TF's input, read when run
        graph, (x, axis), name = op_inputs((tensor, axis), name, "ReverseV2", ("tensor", "axis"))
        return graph.create_op("ReverseV2", (x, axis), None, name).outputs[0]
    axis = static_arg(axis, "reverse's axis")
    axes = builtins.tuple(operator.index(a) for a in np.reshape(axis, -1).tolist())
    graph, (x,), name = op_inputs((tensor,), name, "ReverseV2", ("tensor",))
    return graph.create_op("ReverseV2", (x,), {"axis": axes}, name).outputs[0]


reverse_v2 = reverse


def _reverse_sequence_infer(shapes, types, attrs):
    check_dtype(types[1], "int", "seq_lengths")
    src, lengths = shapes
    seq, batch = attrs["seq_dim"], attrs.get("batch_dim", 0)
    if src is None:
        return [(None, types[0])]
    rank = len(src)
    if seq == batch or not (0 <= seq < rank and 0 <= batch < rank):
        raise InferenceError(
            "INVALID_ATTR", f"seq_dim {seq} and batch_dim {batch} must be two axes of rank {rank}"
        )
    if lengths is not None:
        if len(lengths) != 1:
            raise InferenceError("SHAPE_MISMATCH", "seq_lengths must be a vector")
        merge_dim(src[batch], lengths[0], "seq_lengths and the batch dimension")
    return [(src, types[0])]


@register_op(
    "ReverseSequence",
    arity=2,
    infer=_reverse_sequence_infer,
    attrs={"seq_dim": ("int", REQUIRED), "batch_dim": ("int", 0)},
    unknown_rank_ok=True,
)
def _reverse_sequence(op):
    seq, batch = op.attrs["seq_dim"], op.attrs.get("batch_dim", 0)

    def kernel(x, lengths):
        x = np.asarray(x)
        lengths = np.asarray(lengths).reshape(-1)
        if len(lengths) != x.shape[batch]:
            raise error("SHAPE_MISMATCH", "seq_lengths must have one length per batch entry")
        if np.any(lengths < 0) or np.any(lengths > x.shape[seq]):
            raise error(
                "COMPUTE_ERROR", f"seq_lengths must be in [0, {x.shape[seq]}], got {lengths}"
            )
        # Position p of row b reads p' = len - 1 - p when p < len, else itself.
        pos = np.arange(x.shape[seq])
        src = np.where(pos < lengths[:, None], lengths[:, None] - 1 - pos, pos)
        shape = [1] * x.ndim
        shape[batch], shape[seq] = len(lengths), x.shape[seq]
        if batch > seq:
            src = src.T
        index = np.broadcast_to(np.reshape(src, shape), x.shape)
        return np.take_along_axis(x, index, seq)

    return kernel


@register_gradient("ReverseSequence")
def _reverse_sequence_grad(op, g):
    out = g.op.graph.create_op(
        "ReverseSequence", (g, op.inputs[1]), dict(op.attrs), "ReverseSequence"
    )
    return [out.outputs[0], None]


def reverse_sequence(
    input: Any,
    seq_lengths: Any,
    seq_axis: int | None = None,
    batch_axis: int | None = None,
    name: str | None = None,
    seq_dim: int | None = None,
    batch_dim: int | None = None,
) -> Tensor:
    """Reverse the first `seq_lengths[b]` entries along `seq_axis` of each batch row `b`."""
    seq = seq_axis if seq_axis is not None else seq_dim
    batch = batch_axis if batch_axis is not None else batch_dim
    if seq is None:
        raise error("INVALID_ATTR", "reverse_sequence needs seq_axis")
    graph, (x,), name = op_inputs((input,), name, "ReverseSequence", ("input",))
    if not isinstance(seq_lengths, Tensor):
        seq_lengths = constant_op(graph, seq_lengths, _dt.int64)
    rank = None if x.static_shape is None else len(x.static_shape)
    seq, batch = operator.index(seq), operator.index(batch or 0)
    if rank is not None:
        seq, batch = norm_axis(seq, rank), norm_axis(batch, rank)
    attrs = {"seq_dim": seq, "batch_dim": batch}
    return graph.create_op("ReverseSequence", (x, seq_lengths), attrs, name).outputs[0]


# -- broadcast_to, rank, shape_n -----------------------------------------------------------


def _broadcast_to_infer(shapes, types, attrs):
    check_dtype(types[1], "int", "broadcast_to's shape")
    target, src = attrs.get("static_shape"), shapes[0]
    if target is None and shapes[1] is not None and len(shapes[1]) == 1:
        # A shape computed at run time (a gradient's Shape of a tensor) still has its
        # length: the result's rank, as TF's shape function knows it.
        length = shapes[1][0]
        target = None if length is None else (None,) * length
    if target is None or src is None:
        return [(target, types[0])]
    if len(src) > len(target):
        raise InferenceError("SHAPE_MISMATCH", f"cannot broadcast {list(src)} to {list(target)}")
    for d, t in zip(src[::-1], target[::-1], strict=False):
        if d not in (1, None) and t is not None and d != t:
            raise InferenceError(
                "SHAPE_MISMATCH", f"cannot broadcast {list(src)} to {list(target)}"
            )
    # TF's shape function: an input dim past 1 is the output's (only a 1 broadcasts), so
    # a shape known only at run time still leaves those dims known.
    out = list(target)
    for i, d in enumerate(reversed(src)):
        if d is not None and d > 1:
            out[len(out) - 1 - i] = d
    return [((*out,), types[0])]  # (this module's `tuple` is tf.tuple)


@register_op(
    "BroadcastTo",
    arity=2,
    infer=_broadcast_to_infer,
    attrs={"static_shape": ("shape", None)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _broadcast_to(op):
    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, x, shape = args
        shape = run_time_sizes(op, shape)
        if state:
            check_run_time_size(state[0], op, shape)
        try:
            return np.broadcast_to(x, shape).copy()
        except ValueError:
            raise error(
                "COMPUTE_ERROR", f"cannot broadcast {list(np.shape(x))} to {list(shape)}"
            ) from None

    return kernel


@register_gradient("BroadcastTo")
def _broadcast_to_grad(op, g):
    x = op.inputs[0]
    out = g.op.graph.create_op("UnbroadcastLike", (g, x), None, "BroadcastTo_grad")
    return [out.outputs[0], None]


def broadcast_to(input: Any, shape: Any, name: str | None = None) -> Tensor:
    """`input` broadcast (numpy's rules) to `shape`: a list of ints, an int tensor, or a
    list mixing ints and scalar tensors."""
    graph, (x,), name = op_inputs((input,), name, "BroadcastTo", ("input",))
    if not isinstance(shape, Tensor):
        static = static_ints(shape)
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            if static is None:
                shape = shape_tensor(shape, "shape")
            else:
                shape = constant_op(graph, np.array(_static_shape(static), np.int32), None, "shape")
    attrs = {"static_shape": static_hint(shape)}
    return graph.create_op("BroadcastTo", (x, shape), attrs, name).outputs[0]


def _rank_infer(shapes, types, attrs):
    return [((), _dt.int32)]


@register_op("Rank", arity=1, infer=_rank_infer, unknown_rank_ok=True)
def _rank(op):
    return lambda x: np.int32(np.ndim(x))


def _shape_n_infer(shapes, types, attrs):
    out = attrs.get("out_type", _dt.int32)
    check_dtype(out, "int", "shape_n's out_type")
    return [((None if s is None else len(s),), out) for s in shapes]


@register_op(
    "ShapeN",
    arity=(1, 1 << 30),
    infer=_shape_n_infer,
    attrs={"out_type": ("dtype", _dt.int32)},
    unknown_rank_ok=True,
)
def _shape_n(op):
    dtype = op.outputs[0].dtype
    if len(op.outputs) == 1:  # a kernel of one output answers its value, not a 1-tuple
        return lambda x: np.array(np.shape(x), dtype)
    return lambda *xs: builtins.tuple(np.array(np.shape(x), dtype) for x in xs)


not_differentiable("Rank", "ShapeN")


def _concat_offset_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "ConcatOffset's concat_dim")
    for t in types[1:]:
        check_dtype(t, "int", "ConcatOffset's shapes")
    return [(s, t) for s, t in zip(shapes[1:], types[1:], strict=True)]


@register_op("ConcatOffset", arity=(3, 1 << 30), infer=_concat_offset_infer)
def _concat_offset(op):
    """Where each input of a concat starts in its result (TF's gradient of concat slices
    the upstream gradient there): zeros but along `concat_dim`, the sizes before it."""

    def kernel(dim, *shapes):
        first = np.asarray(shapes[0])
        axis = int(dim) + first.size if int(dim) < 0 else int(dim)
        if not 0 <= axis < first.size:
            raise error("COMPUTE_ERROR", f"Concat dim is out of range: {int(dim)} vs. {first.size}")
        out, at = [], 0
        for i, shape in enumerate(np.asarray(s) for s in shapes):
            others = np.arange(first.size) != axis
            if shape.shape != first.shape or np.any(shape[others] != first[others]):
                raise error(
                    "COMPUTE_ERROR",
                    f"input dimensions other than {axis} must match: shape[0] = "
                    f"{first.tolist()} and shape[{i}] = {shape.tolist()}",
                )
            offset = np.zeros_like(shape)
            offset[axis] = at
            at += int(shape[axis])
            out.append(offset)
        return builtins.tuple(out)

    return kernel


not_differentiable("ConcatOffset")


def rank(input: Any, name: str | None = None) -> Tensor:
    """The number of dimensions, an int32 scalar: a constant where the rank is static."""
    graph, (x,), name = op_inputs((input,), name, "Rank", ("input",))
    if x.static_shape is not None:
        return constant_op(graph, np.int32(len(x.static_shape)), _dt.int32, name)
    return graph.create_op("Rank", (x,), None, name).outputs[0]


def shape_n(input: Any, out_type: Any = _dt.int32, name: str | None = None) -> list[Tensor]:
    """The shapes of the tensors in `input`, one int vector each."""
    graph, ts, name = op_inputs(builtins.tuple(input), name, "ShapeN")
    if len({t.dtype for t in ts}) > 1:
        # TF's ShapeN has one type attribute for all its inputs: TypeError when built.
        kinds = ", ".join(t.dtype.name for t in ts)
        raise error("DTYPE_MISMATCH", f"Tensors passed to ShapeN have types [{kinds}] that differ")
    attrs = {"out_type": _dt.as_dtype(out_type)}
    return list(graph.create_op("ShapeN", ts, attrs, name).outputs)


# -- sequence_mask, meshgrid ---------------------------------------------------------------


def sequence_mask(
    lengths: Any, maxlen: Any = None, dtype: Any = _dt.bool_, name: str | None = None
) -> Tensor:
    """`mask[..., j] = j < lengths[...]`, `maxlen` columns (default: the largest length)."""
    graph = lengths.op.graph if isinstance(lengths, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "SequenceMask"):
        if not isinstance(lengths, Tensor):
            lengths = constant_op(graph, lengths)
        known = None
        if maxlen is None:
            # TF evaluates a constant `lengths` while inferring shapes: the width is static.
            value = _const_value(lengths)
            if value is not None:
                known = builtins.max(0, int(np.max(value, initial=0)))
            maxlen = maximum(constant_op(graph, 0, lengths.dtype), reduce_max(lengths))
        elif not isinstance(maxlen, Tensor):
            maxlen = constant_op(graph, maxlen)
        if maxlen.static_shape not in ((), None):
            raise error("INVALID_ATTR", "maxlen must be scalar for sequence_mask")
        with graph.name_scope("Range") as scope:
            row = _range_op(graph, 0, maxlen, 1, maxlen.dtype, scope, known)
        # TF's gen_math_ops.cast: a Cast node even between equal dtypes (names match TF's).
        expanded = expand_dims(lengths, -1)
        matrix = graph.create_op("Cast", (expanded,), {"dtype": maxlen.dtype}, "Cast").outputs[0]
        mask = less(row, matrix)
        dtype = _dt.as_dtype(dtype)
        return mask if dtype == _dt.bool_ else cast(mask, dtype)


def meshgrid(*args: Any, **kwargs: Any) -> list[Tensor]:
    """Coordinate matrices from coordinate vectors (`indexing` "xy", the default, or "ij")."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise error("INVALID_ATTR", f"meshgrid got unknown arguments {sorted(kwargs)}")
    if indexing not in ("xy", "ij"):
        raise error("INVALID_ATTR", "indexing must be 'xy' or 'ij'")
    graph = get_default_graph()
    with graph.name_scope(name, "meshgrid"):
        graph, xs = as_tensors(*args)
        n = len(xs)
        flat = [reshape(x, [-1]) for x in xs]
        order = builtins.list(builtins.range(n))
        if indexing == "xy" and n > 1:
            order[0], order[1] = 1, 0
        sizes = [_size_of(flat[i]) for i in order]
        target = stack(sizes)
        static = builtins.tuple(flat[i].static_shape[0] for i in order)
        outs = []
        for i, x in enumerate(flat):
            at = order.index(i)
            shape = [1] * n
            shape[at] = -1
            out = graph.create_op(
                "BroadcastTo", (reshape(x, shape), target), {"static_shape": static}, "mul"
            )
            outs.append(out.outputs[0])
        return outs


# -- unique, setdiff1d, invert_permutation, where(condition) -------------------------------


def _unique_infer(shapes, types, attrs):
    src = shapes[0]
    if src is not None and len(src) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"unique needs a vector, got {list(src)}")
    idx = attrs.get("out_idx", _dt.int32)
    check_dtype(idx, "int", "out_idx")
    outs = [((None,), types[0]), (src if src is not None else (None,), idx)]
    if attrs.get("counts", False):
        outs.append(((None,), idx))
    return outs


@register_op(
    "Unique",
    arity=1,
    infer=_unique_infer,
    attrs={"out_idx": ("dtype", _dt.int32), "counts": ("bool", False)},
    unknown_rank_ok=True,
)
def _unique(op):
    idx_dtype = op.outputs[1].dtype
    counts = op.attrs.get("counts", False)

    def kernel(x):
        x = np.asarray(x)
        if x.dtype.kind == "c":
            # TF's graph takes complex values, but no device has a kernel: refused when
            # run, as TF (numpy would order them and answer).
            tf_type = "UniqueWithCounts" if counts else "Unique"
            idx = np.dtype(idx_dtype.as_numpy_dtype).name.upper()
            raise error(
                "COMPUTE_ERROR",
                f"No OpKernel was registered to support Op '{tf_type}' with these attrs: "
                f"[T=DT_{x.dtype.name.upper()}, out_idx=DT_{idx}]",
            )
        if x.ndim != 1:
            raise error("SHAPE_MISMATCH", "unique needs a vector")
        # Each NaN is its own value, as in TF's hash map (NaN != NaN); numpy merges them.
        values, first, inverse, count = np.unique(
            x, return_index=True, return_inverse=True, return_counts=True, equal_nan=False
        )
        # TF orders the unique values by first appearance, numpy by value.
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        out = (values[order], rank[inverse].astype(idx_dtype))
        return (*out, count[order].astype(idx_dtype)) if counts else out

    return kernel


def _unique_v2_infer(shapes, types, attrs):
    axis, src = builtins.tuple(attrs.get("axis") or ()), shapes[0]
    idx = attrs.get("out_idx", _dt.int32)
    check_dtype(idx, "int", "out_idx")
    if len(axis) > 1:
        raise InferenceError(
            "SHAPE_MISMATCH", "axis does not support input tensors larger than 1 elements."
        )
    counts = [((None,), idx)] if attrs.get("counts", False) else []
    if not axis:
        if src is not None and len(src) != 1:
            raise InferenceError("SHAPE_MISMATCH", "x expects a 1D vector.")
        return [((None,), types[0]), (src if src is not None else (None,), idx), *counts]
    if src is None:
        return [(None, types[0]), ((None,), idx), *counts]
    if not -len(src) <= axis[0] < len(src):
        raise InferenceError(
            "SHAPE_MISMATCH", f"axis expects to be in the range [{-len(src)}, {len(src)})"
        )
    return [((None,) * len(src), types[0]), ((src[axis[0]],), idx), *counts]


@register_op(
    "UniqueV2",
    arity=1,
    infer=_unique_v2_infer,
    attrs={"axis": ("ints", ()), "out_idx": ("dtype", _dt.int32), "counts": ("bool", False)},
    unknown_rank_ok=True,
)
def _unique_v2(op):
    """TF's UniqueV2: the distinct slices of `x` along `axis` (a vector's values when no
    axis is given) in order of first appearance, and each slice's index among them; with
    `counts` (TF's UniqueWithCountsV2) how often each occurs too.
    Slices are equal element by element, as TF compares them: -0.0 is 0.0, a slice
    holding a NaN equals no other."""
    idx_dtype = op.outputs[1].dtype
    axis = builtins.tuple(op.attrs.get("axis") or ())
    counts = op.attrs.get("counts", False)

    def kernel(x):
        x = np.asarray(x)
        if x.dtype.kind == "c":
            raise error("COMPUTE_ERROR", "No OpKernel was registered to support Op 'UniqueV2'")
        at = axis[0] % x.ndim if axis else 0
        moved = np.moveaxis(x, at, 0)
        rows = moved.reshape(moved.shape[0], int(np.prod(moved.shape[1:], dtype=np.int64)))
        if rows.dtype.kind == "f":
            rows = rows + 0.0  # -0.0 + 0.0 is 0.0: one key for the equal zeros
        groups: dict = {}
        first, index = [], np.empty(len(rows), np.int64)
        for i, row in enumerate(rows):
            key = _slice_key(row, i)
            if key not in groups:
                groups[key] = len(first)
                first.append(i)
            index[i] = groups[key]
        unique = np.moveaxis(moved[np.asarray(first, np.int64)], 0, at)
        out = (unique, index.astype(idx_dtype.as_numpy_dtype))
        if counts:
            return (*out, np.bincount(index, minlength=len(first)).astype(out[1].dtype))
        return out

    return kernel


def _slice_key(row: np.ndarray, i: int) -> Any:
    """What equal slices share: their bytes (their values, for strings); a slice holding
    a NaN its own key, as it equals no other."""
    if row.dtype == object:
        return builtins.tuple(row)
    if row.dtype.kind == "f" and np.isnan(row).any():
        return ("nan", i)
    return row.tobytes()


# TF registers no gradient for UniqueV2 (Unique has None): LookupError, as TF's.
without_gradient("UniqueV2")


def unique_v2(x: Any, axis: Any, out_idx: Any = _dt.int32, name: str | None = None) -> Any:
    """`tf.raw_ops.UniqueV2`: `x`'s distinct slices along `axis` (a constant vector of at
    most one element; none for a vector's values) and each slice's index among them."""
    graph, (x,), name = op_inputs((x,), name, "UniqueV2", ("x",))
    static = static_ints(axis)
    if static is None:
        raise error("UNIMPLEMENTED", "UniqueV2's axis must be known when the graph is built")
    static = [static] if isinstance(static, int | np.integer) else builtins.list(static)
    attrs = {"axis": builtins.tuple(int(a) for a in static), "out_idx": _dt.as_dtype(out_idx)}
    return result_type("UniqueV2")(*graph.create_op("UniqueV2", (x,), attrs, name).outputs)


# namedtuples, as TF's results, so that a session fetches them as such.
Unique = result_type("Unique")
UniqueWithCounts = result_type("UniqueWithCounts")
ListDiff = result_type("ListDiff")


def _unique_op(x, out_idx, counts, name, default):
    graph, (x,), name = op_inputs((x,), name, default, ("x",))
    attrs = {"out_idx": _dt.as_dtype(out_idx), "counts": counts}
    return graph.create_op("Unique", (x,), attrs, name).outputs


def unique(x: Any, out_idx: Any = _dt.int32, name: str | None = None) -> Any:
    """The distinct values of the vector `x` in order of first appearance (`y`), and for
    each entry of `x` the index of its value in `y` (`idx`)."""
    return Unique(*_unique_op(x, out_idx, False, name, "Unique"))


def unique_with_counts(x: Any, out_idx: Any = _dt.int32, name: str | None = None) -> Any:
    """`unique`, and how often each value appears (`count`)."""
    return UniqueWithCounts(*_unique_op(x, out_idx, True, name, "UniqueWithCounts"))


def _list_diff_infer(shapes, types, attrs):
    same_dtypes(types)
    for s in shapes:
        if s is not None and len(s) != 1:
            raise InferenceError("SHAPE_MISMATCH", f"setdiff1d needs vectors, got {list(s)}")
    idx = attrs.get("out_idx", _dt.int32)
    check_dtype(idx, "int", "index_dtype")
    return [((None,), types[0]), ((None,), idx)]


@register_op(
    "ListDiff",
    arity=2,
    infer=_list_diff_infer,
    attrs={"out_idx": ("dtype", _dt.int32)},
    unknown_rank_ok=True,
)
def _list_diff(op):
    idx_dtype = op.outputs[1].dtype

    def kernel(x, y):
        keep = ~np.isin(np.asarray(x), np.asarray(y))
        return np.asarray(x)[keep], np.flatnonzero(keep).astype(idx_dtype)

    return kernel


def setdiff1d(x: Any, y: Any, index_dtype: Any = _dt.int32, name: str | None = None) -> Any:
    """The entries of `x` not in `y`, in order (`out`), and their positions in `x`."""
    graph, (x, y), name = op_inputs((x, y), name, "ListDiff", ("x", "y"))
    attrs = {"out_idx": _dt.as_dtype(index_dtype)}
    return ListDiff(*graph.create_op("ListDiff", (x, y), attrs, name).outputs)


def _invert_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "invert_permutation's input")
    if shapes[0] is not None and len(shapes[0]) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"a permutation is a vector, got {list(shapes[0])}")
    return [(shapes[0], types[0])]


@register_op("InvertPermutation", arity=1, infer=_invert_infer, unknown_rank_ok=True)
def _invert_permutation(op):
    def kernel(x):
        x = np.asarray(x).reshape(-1)
        if not np.array_equal(np.sort(x), np.arange(len(x))):
            raise error("COMPUTE_ERROR", f"{x.tolist()[:20]} is not a permutation of 0..{len(x)}")
        out = np.empty_like(x)
        out[x] = np.arange(len(x), dtype=x.dtype)
        return out

    return kernel


def invert_permutation(x: Any, name: str | None = None) -> Tensor:
    """`y[x[i]] = i`: the inverse of the permutation `x`."""
    graph, (x,), name = op_inputs((x,), name, "InvertPermutation", ("x",))
    return graph.create_op("InvertPermutation", (x,), None, name).outputs[0]


not_differentiable("InvertPermutation")
# TF registers no gradient for these (its InvertPermutation is declared without one):
# differentiating unique's or setdiff1d's float values is LookupError there, not None.
without_gradient("Unique", "ListDiff")


# -- tuple, the norm clips -----------------------------------------------------------------


def tuple(tensors: Any, name: str | None = None, control_inputs: Any = None) -> list:
    """The `tensors`, each available only once all of them are computed (`tf.tuple`)."""
    from ..indexed_slices import IndexedSlices

    graph = get_default_graph()
    for t in tensors:
        if isinstance(t, Tensor | IndexedSlices):
            graph = t.op.graph
            break
    with graph.as_default(), graph.name_scope(name, "tuple"):
        # An IndexedSlices (an embedding's gradient) is gated by its values, as TF's.
        gating = [t.values if isinstance(t, IndexedSlices) else t for t in tensors]
        gate = group(*(t for t in gating if t is not None), *(control_inputs or ()))
        out = []
        for t in tensors:
            if isinstance(t, IndexedSlices):
                with graph.control_dependencies([gate]):
                    values = identity(t.values, name="control_dependency")
                out.append(IndexedSlices(values, t.indices, t.dense_shape))
            elif isinstance(t, Tensor):
                with graph.control_dependencies([gate]):
                    out.append(identity(t, name="control_dependency"))
            else:
                out.append(t)
        return out


def clip_by_norm(t: Any, clip_norm: Any, axes: Any = None, name: str | None = None) -> Tensor:
    """`t * clip_norm / max(l2norm(t), clip_norm)` over `axes` (TF1's formula, whose gradient
    stays finite at a zero `t`)."""
    from ..indexed_slices import IndexedSlices
    from .array_ops import from_indexed_slices, indexed_slices

    given = t if isinstance(t, IndexedSlices) else None
    graph = t.op.graph if isinstance(t, Tensor | IndexedSlices) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "clip_by_norm") as scope:
        t = convert_to_tensor(t if given is None else given.values, None, "t", graph)
        # TF clips an IndexedSlices gradient by the norm of its values (rows per lookup).
        slices = None if given is not None else indexed_slices(t)
        values = t if slices is None else slices[0]
        # TF 2's clip_by_norm treats a negative clip_norm as zero (a zero tensor, where
        # TF 1.15 flipped the sign): tensors are clamped and cast to t's dtype as TF does.
        if np.isscalar(clip_norm):
            clip_norm = builtins.max(clip_norm, 0)
        else:
            clip_norm = cast(maximum(clip_norm, 0), values.dtype)
        l2sum = reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        safe = _select(pred, l2sum, ones_like(l2sum))
        l2norm = _select(pred, sqrt(safe), l2sum)
        scaled = values * clip_norm
        if slices is not None:
            clipped = scaled / maximum(l2norm, clip_norm)
            return identity(from_indexed_slices(clipped, *slices[1:]), name=scope)
        clipped = identity(scaled / maximum(l2norm, clip_norm), name=scope)
        if given is not None:
            return IndexedSlices(clipped, given.indices, given.dense_shape)
        return clipped


def clip_by_average_norm(t: Any, clip_norm: Any, name: str | None = None) -> Tensor:
    """`t * clip_norm / max(l2norm(t) / size(t), clip_norm)` (TF1's float32 formula)."""
    graph = t.op.graph if isinstance(t, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "clip_by_average_norm") as scope:
        t = convert_to_tensor(t, None, "t", graph)
        n = cast(_size_of(t), _dt.float32)
        inv = rsqrt(reduce_sum(t * t, None))
        cap = constant_op(graph, 1.0) / clip_norm
        return identity(t * clip_norm * minimum(inv * n, cap), name=scope)


# -- strided_slice, ensure_shape, roll, identity_n, searchsorted -----------------------------


def _bit(mask: int, i: int) -> bool:
    return bool(mask >> i & 1)


def strided_slice(
    input_: Any,
    begin: Any,
    end: Any,
    strides: Any = None,
    begin_mask: int = 0,
    end_mask: int = 0,
    ellipsis_mask: int = 0,
    new_axis_mask: int = 0,
    shrink_axis_mask: int = 0,
    var: Any = None,
    name: str | None = None,
) -> Tensor:
    """TF's `strided_slice` with its masks (the same node as `t[...]`); begin, end and
    strides may be tensors of static length, or lists holding scalar tensors, read at
    run time where the graph does not fix them."""
    from .array_ops import indexed

    _check_index_dtype(begin, end, strides)
    values = [_slice_entries(v) for v in (begin, end, strides)]
    if values[2] is None:
        values[2] = [1] * len(values[0])
    b, e, s = values
    if not len(b) == len(e) == len(s):
        raise error("INVALID_ATTR", "begin, end and strides must have the same length")
    index = []
    for i in builtins.range(len(b)):
        if _bit(ellipsis_mask, i):
            index.append(Ellipsis)
        elif _bit(new_axis_mask, i):
            index.append(None)
        elif _bit(shrink_axis_mask, i):
            if isinstance(s[i], int) and s[i] <= 0:  # TF's ValidateStridedSliceOp
                raise error("INVALID_ATTR", "only stride 1 allowed on non-range indexing.")
            index.append(b[i])
        else:
            start = None if _bit(begin_mask, i) else b[i]
            stop = None if _bit(end_mask, i) else e[i]
            index.append(builtins.slice(start, stop, s[i]))
    _, (x,), name = op_inputs((input_,), name, "StridedSlice", ("input",))
    return indexed(x, builtins.tuple(index), name)


def _index_dtype(v: Any) -> Any:
    """The dtype TF converts a strided slice's begin, end or strides to on its own: a
    tensor's or an array's, a list's of scalar tensors, int32 for Python ints that fit."""
    if isinstance(v, Tensor):
        return v.dtype
    if isinstance(v, np.ndarray):
        return _dt.as_dtype(v.dtype)
    parts = [x.dtype for x in v if isinstance(x, Tensor)]
    if parts:
        return parts[0]
    fits = builtins.all(-(2**31) <= operator.index(x) < 2**31 for x in v)
    return _dt.int32 if fits else _dt.int64


def _check_index_dtype(begin: Any, end: Any, strides: Any) -> None:
    """TF's StridedSlice binds begin, end and strides to one type, `Index`: the first sets
    it, a later Python list is converted to it, a later tensor of another dtype is a
    TypeError when built (`end` int64 after `begin` int32)."""
    first = None
    for name, v in (("begin", begin), ("end", end), ("strides", strides)):
        if v is None:
            continue
        if first is None:
            first = (name, _index_dtype(v))
            continue
        if isinstance(v, Tensor | np.ndarray) and _index_dtype(v) != first[1]:
            raise error(
                "DTYPE_MISMATCH",
                f"Input '{name}' of 'StridedSlice' Op has type {_index_dtype(v).name} that "
                f"does not match type {first[1].name} of argument '{first[0]}'.",
            )


def _slice_entries(v: Any) -> list | None:
    """begin, end or strides as a list of ints and scalar int tensors."""
    if v is None or not isinstance(v, Tensor):
        return None if v is None else [x if isinstance(x, Tensor) else operator.index(x) for x in v]
    known = _const_value(v)
    if known is not None:
        return [operator.index(x) for x in np.reshape(known, -1).tolist()]
    if v.op.type == "Pack" and builtins.all(t.static_shape == () for t in v.op.inputs):
        return builtins.list(v.op.inputs)
    n = None if v.static_shape is None or len(v.static_shape) != 1 else v.static_shape[0]
    if n is None:
        raise error("UNIMPLEMENTED", "strided_slice needs begin, end and strides of static length")
    return [v[i] for i in builtins.range(n)]


def _ensure_shape_infer(shapes, types, attrs):
    want, have = attrs["shape"], shapes[0]
    if want is None:
        return [(have, types[0])]
    if have is None:
        return [(want, types[0])]
    if len(want) != len(have):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Shape of tensor {list(have)} is not compatible with expected shape {list(want)}",
        )
    merged = builtins.tuple(
        merge_dim(a, b, "ensure_shape") for a, b in zip(have, want, strict=True)
    )
    return [(merged, types[0])]


@register_op(
    "EnsureShape",
    arity=1,
    infer=_ensure_shape_infer,
    attrs={"shape": ("shape", None)},
    unknown_rank_ok=True,
)
def _ensure_shape(op):
    want = op.attrs.get("shape")

    def kernel(x):
        got = np.shape(x)
        ok = want is None or (
            len(got) == len(want)
            and all(w is None or w == g for w, g in zip(want, got, strict=True))
        )
        if not ok:
            wanted = ",".join("?" if w is None else str(w) for w in want)
            raise error(
                "SHAPE_MISMATCH",
                f"Shape of tensor {op.inputs[0].name} {list(got)} is not compatible with "
                f"expected shape [{wanted}].",
            )
        return x

    return kernel


@register_gradient("EnsureShape")
def _ensure_shape_grad(op, g):
    return [g]


def ensure_shape(x: Any, shape: Any, name: str | None = None) -> Tensor:
    """`x`, its static shape merged with `shape` and checked against it at run time."""
    graph, (t,), name = op_inputs((x,), name, "EnsureShape", ("x",))
    if getattr(shape, "rank", 0) is None:  # TensorShape(None): any shape, as None
        shape = None
    if shape is not None:
        shape = builtins.tuple(None if d is None else operator.index(d) for d in shape)
    return graph.create_op("EnsureShape", (t,), {"shape": shape}, name).outputs[0]


def _roll_infer(shapes, types, attrs):
    if shapes[0] == ():  # TF's shape function refuses a scalar while building (ValueError)
        raise InferenceError("SHAPE_MISMATCH", "roll's input must be 1-D or higher")
    if shapes[0] is not None:
        for a in attrs["axis"]:
            norm_axis(a, len(shapes[0]))
    if len(shapes) == 2:
        # TF's Roll(input, shift, axis): a shift read at run time, one per axis.
        check_dtype(types[1], "int", "roll's shift")
        n = shapes[1]
        if n is not None and (len(n) > 1 or (n and n[0] not in (None, len(attrs["axis"])))):
            raise InferenceError("SHAPE_MISMATCH", "roll's shift must have one entry per axis")
    elif len(attrs.get("shift") or ()) != len(attrs["axis"]):
        raise InferenceError("INVALID_ATTR", "shift and axis must have the same length")
    return [(shapes[0], types[0])]


@register_op(
    "Roll",
    arity=(1, 2),
    infer=_roll_infer,
    attrs={"shift": ("ints", None), "axis": ("ints", REQUIRED)},
    unknown_rank_ok=True,
)
def _roll(op):
    axis = builtins.tuple(op.attrs["axis"])
    if len(op.inputs) == 2:
        return lambda x, shift: np.roll(x, np.reshape(shift, -1).tolist(), axis)
    shift = builtins.tuple(op.attrs["shift"])
    return lambda x: np.roll(x, shift, axis) if axis else np.asarray(x)


@register_gradient("Roll")
def _roll_grad(op, g):
    if len(op.inputs) == 2:
        back = negative(op.inputs[1])
        attrs = {"axis": op.attrs["axis"]}
        return [g.op.graph.create_op("Roll", (g, back), attrs, "Roll").outputs[0], None]
    attrs = {"shift": builtins.tuple(-s for s in op.attrs["shift"]), "axis": op.attrs["axis"]}
    return [g.op.graph.create_op("Roll", (g,), attrs, "Roll").outputs[0]]


def roll(input: Any, shift: Any, axis: Any, name: str | None = None) -> Tensor:
    """Entries shifted by `shift` along `axis` (ints or lists of them), wrapping around;
    `shift` may be a tensor read at run time, `axis` must be known while building."""
    axis = static_arg(axis, "roll's axis")
    axes = builtins.tuple(operator.index(v) for v in np.reshape(axis, -1).tolist())
    graph, (x,), name = op_inputs((input,), name, "Roll", ("input",))
    known = _static_shifts(shift)
    if known is not None:
        return graph.create_op("Roll", (x,), {"shift": known, "axis": axes}, name).outputs[0]
    with graph.as_default(), graph.name_scope(name if name.endswith("/") else None, name) as scope:
        shift = shape_tensor(shift, "shift")
    return graph.create_op("Roll", (x, shift), {"axis": axes}, scope).outputs[0]


def _static_shifts(shift: Any) -> builtins.tuple | None:
    if isinstance(shift, Tensor):
        value = read_at_build(shift)
        return None if value is None else builtins.tuple(np.reshape(value, -1).tolist())
    if isinstance(shift, list | builtins.tuple):
        known = static_ints(shift)
        return None if known is None else builtins.tuple(operator.index(v) for v in known)
    return builtins.tuple(operator.index(v) for v in np.reshape(shift, -1).tolist())


def _identity_n_infer(shapes, types, attrs):
    return list(zip(shapes, types, strict=True))


@register_op("IdentityN", arity=(1, 1 << 30), infer=_identity_n_infer, unknown_rank_ok=True)
def _identity_n(op):
    return lambda *xs: xs[0] if len(xs) == 1 else xs


@register_gradient("IdentityN")
def _identity_n_grad(op, *grads):
    return list(grads)


def identity_n(input: Any, name: str | None = None) -> list[Tensor]:
    """The tensors of `input`, unchanged, from one node."""
    if not builtins.len(input):  # TF's IdentityN takes at least one (ValueError)
        raise error("INVALID_ATTR", "identity_n needs at least one tensor, got an empty list")
    graph, ts, name = op_inputs(builtins.tuple(input), name, "IdentityN")
    return list(graph.create_op("IdentityN", ts, None, name).outputs)


def _search_infer(shapes, types, attrs):
    same_dtypes(types)
    out = attrs.get("out_type", _dt.int32)
    check_dtype(out, "int", "out_type")
    seq, values = shapes
    if seq is not None and values is not None:
        if len(seq) != len(values) or not seq:
            raise InferenceError(
                "SHAPE_MISMATCH", "sorted_sequence and values must have the same rank ≥ 1"
            )
        for a, b in zip(seq[:-1], values[:-1], strict=True):
            merge_dim(a, b, "the leading dimensions")
    return [(values, out)]


def _search_kernel(side: str):
    def factory(op):
        dtype = op.outputs[0].dtype

        def kernel(seq, values):
            seq, values = np.asarray(seq), np.asarray(values)
            if seq.shape[:-1] != values.shape[:-1]:
                raise error(
                    "SHAPE_MISMATCH", "sorted_sequence and values differ before the last axis"
                )
            # The row count spelled out: -1 is ambiguous when a row is empty.
            lead = int(np.prod(seq.shape[:-1], dtype=np.int64))
            rows_s = seq.reshape(lead, seq.shape[-1])
            rows_v = values.reshape(lead, values.shape[-1])
            return _bounds(rows_s, rows_v, side).astype(dtype).reshape(values.shape)

        return kernel

    return factory


def _bounds(seq: np.ndarray, values: np.ndarray, side: str) -> np.ndarray:
    """Each row of `values`' place in its row of `seq`, found as TF's kernel finds it:
    libstdc++'s std::lower_bound (`s[i] < v`) or std::upper_bound (`!(v < s[i])`), their
    halving steps taken for every value at once. np.searchsorted orders NaN after every
    number; these comparisons are false both ways, so TF puts a NaN value first (left) and
    steps over a NaN in the sequence to the right (right)."""
    first = np.zeros(values.shape, np.int64)
    count = np.full(values.shape, seq.shape[-1], np.int64)
    while count.any():  # log2(n) + 1 rounds
        step = count // 2
        # Values already placed (count 0) may stand at n: their probe is clipped, unused.
        at = np.minimum(first + step, seq.shape[-1] - 1)
        probe = np.take_along_axis(seq, at, axis=-1)
        after = probe < values if side == "left" else ~(values < probe)
        after &= count > 0
        first = np.where(after, first + step + 1, first)
        count = np.where(after, count - step - 1, step)
    return first


for _type, _side in (("LowerBound", "left"), ("UpperBound", "right")):
    register_op(
        _type,
        arity=2,
        infer=_search_infer,
        attrs={"out_type": ("dtype", _dt.int32)},
        unknown_rank_ok=True,
    )(_search_kernel(_side))
not_differentiable("LowerBound", "UpperBound")


def searchsorted(
    sorted_sequence: Any,
    values: Any,
    side: str = "left",
    out_type: Any = _dt.int32,
    name: str | None = None,
) -> Tensor:
    """Where each of `values` would go in the rows of `sorted_sequence` (innermost axis)."""
    if side not in ("left", "right"):
        raise error("INVALID_ATTR", f"side must be 'left' or 'right', got {side!r}")
    type_ = "LowerBound" if side == "left" else "UpperBound"
    graph = get_default_graph()
    for v in (sorted_sequence, values):
        if isinstance(v, Tensor):
            graph = v.op.graph
    with graph.as_default():
        graph, ts = as_tensors(sorted_sequence, values)
        # TF flattens both to 2-D (`Reshape`, `Reshape_1`), searches, and reshapes back:
        # the result is its third Reshape. The kernel here works on any rank.
        reserve_name(graph, "Reshape")
        reserve_name(graph, "Reshape")
        attrs = {"out_type": _dt.as_dtype(out_type)}
        out = graph.create_op(type_, builtins.tuple(ts), attrs, name or type_).outputs[0]
        return identity(out, name="Reshape")
