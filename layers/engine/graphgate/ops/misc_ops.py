"""TF1's remaining top-level functions: `repeat`, `batch_gather`, `where_v2`, `arg_max`/
`arg_min`, `parallel_stack`, `unravel_index`, `histogram_fixed_width(_bins)`,
`broadcast_static_shape`/`broadcast_dynamic_shape`, `get_static_value`, `is_tensor`,
`init_scope`, `count_up_to` and `math.cumulative_logsumexp`: forward, inference and
gradient side by side (ops `UnravelIndex`, `HistogramFixedWidth`, `BroadcastArgs`,
`CountUpTo`, `CumulativeLogsumexp`)."""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Iterator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import (
    Tensor,
    TensorShape,
    as_tensors,
    constant_op,
    convert_to_tensor,
    get_default_graph,
    op_inputs,
)
from .registry import (
    InferenceError,
    broadcast_shapes,
    check_dtype,
    norm_axis,
    not_differentiable,
    register_gradient,
    register_op,
    same_dtypes,
)

newaxis = None


def is_tensor(x: Any) -> bool:
    """True for graph tensors and variables (`tf.is_tensor`)."""
    from .state_ops import Variable

    return isinstance(x, Tensor | Variable)


# -- selection and indexing ------------------------------------------------------------------


def where_v2(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """`x if condition else y` with the three broadcast together (TF 2's `where`); without
    x and y, the coordinates of the true entries (`tf.where_v2`)."""
    from .array_ops import where

    if x is None and y is None:
        return where(condition, name=name)
    if x is None or y is None:
        raise error("INVALID_ATTR", "x and y must both be non-None or both be None.")
    graph, (x, y), name = op_inputs((x, y), name, "SelectV2", ("t", "e"))
    if not isinstance(condition, Tensor):
        with graph.name_scope(name if name.endswith("/") else None, name) as name:
            condition = convert_to_tensor(condition, _dt.bool_, "condition", graph)
    return graph.create_op("SelectV2", (condition, x, y), None, name).outputs[0]


def arg_max(
    input: Any, dimension: Any, output_type: Any = _dt.int64, name: str | None = None
) -> Tensor:
    """TF1's deprecated `tf.arg_max` (an ArgMax node)."""
    from .reduce_ops import argmax

    return argmax(input, dimension, name=name, output_type=output_type)


def arg_min(
    input: Any, dimension: Any, output_type: Any = _dt.int64, name: str | None = None
) -> Tensor:
    """TF1's deprecated `tf.arg_min` (an ArgMin node)."""
    from .reduce_ops import argmin

    return argmin(input, dimension, name=name, output_type=output_type)


def _parallel_concat_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    first = shapes[0]
    for s in shapes:
        if s != first or s[0] != 1:
            raise InferenceError("SHAPE_MISMATCH", "ParallelConcat's inputs must be [1, ...] alike")
    return [((len(shapes), *first[1:]), dtype)]


@register_op("ParallelConcat", arity=(1, 1 << 30), infer=_parallel_concat_infer)
def _parallel_concat(op):
    return lambda *xs: np.concatenate(xs, axis=0)


@register_gradient("ParallelConcat")
def _parallel_concat_grad(op, *grads):
    # TensorFlow defines no gradient for ParallelConcat: the same LookupError here.
    raise error("NO_GRADIENT", "no gradient is defined for ParallelConcat", node=op.name)


def parallel_stack(values: Any, name: str = "parallel_stack") -> Tensor:
    """`stack` along a new first axis as TF's ParallelConcat (fully known shapes, else
    ValueError; no gradient, as TF's)."""
    from .array_ops import expand_dims

    graph, ts = as_tensors(*values)
    for t in ts:
        if t.static_shape is None or None in t.static_shape:
            raise error("SHAPE_MISMATCH", f"parallel_stack needs fully known shapes, got {t}")
    with graph.as_default(), graph.name_scope(name):
        parts = tuple(expand_dims(t, 0) for t in ts)
        return graph.create_op("ParallelConcat", parts, None, "ParallelConcat").outputs[0]


def _static_ints(value: Any, what: str) -> list[int]:
    if isinstance(value, Tensor):
        static = get_static_value(value)
        if static is None:
            raise error("UNIMPLEMENTED", f"{what} must be known while building the graph")
        value = static
    return [operator.index(v) for v in np.reshape(value, -1).tolist()]


def repeat(input: Any, repeats: Any, axis: int | None = None, name: str | None = None) -> Tensor:
    """Each element (slice along `axis`; of the flattened input without one) repeated
    `repeats` times, a scalar or one count per element (`tf.repeat`). graphgate needs the
    counts and the repeated dimension's size while building (UNIMPLEMENTED otherwise)."""
    from .array_ops import reshape

    graph, (x,) = as_tensors(input)
    with graph.as_default():
        if axis is None:  # flattened outside the Repeat scope, as TF's
            x, axis = reshape(x, [-1]), 0
    with graph.as_default(), graph.name_scope(name, "Repeat"):
        if x.static_shape is None:
            raise error("UNKNOWN_RANK", "repeat needs an input of known rank")
        axis = norm_axis(operator.index(axis), len(x.static_shape))
        counts = _static_ints(repeats, "repeat's repeats")
        if len(counts) == 1:
            return _repeat_each(x, axis, counts[0])
        size = x.static_shape[axis]
        if size is None:
            raise error("UNIMPLEMENTED", "repeat needs the repeated dimension's size statically")
        if len(counts) != size or min(counts) < 0:
            raise error(
                "INVALID_ATTR", f"repeats {counts} must be one count or {size} non-negative ones"
            )
        from .array_ops import gather

        index = np.repeat(np.arange(size, dtype=np.int32), counts)
        return gather(x, index, axis=_dense_grad_axis(axis, x))


def _dense_grad_axis(axis: int, x: Tensor) -> int:
    """`axis` counted from the end: TF's repeat has a dense gradient, and only a gather
    along axis 0 has TF's IndexedSlices one (`indexed_slices.from_gradient`)."""
    return axis - len(x.static_shape)


def _repeat_each(x: Tensor, axis: int, count: int) -> Tensor:
    """TF's scalar-count path and node names: expand, tile, reshape (`Repeat/Reshape_1`)."""
    from .array_ops import expand_dims, reshape, tile

    if count < 0:
        raise error("INVALID_ATTR", f"repeats {count} must be non-negative")
    shape = list(x.static_shape)
    if None in shape:
        # Sizes known only at run time: gather each index `count` times (range // count).
        from .array_ops import gather
        from .array_ops import shape as shape_of
        from .extra_array_ops import range as range_

        index = range_(shape_of(x)[axis] * count) // count
        return gather(x, index, axis=_dense_grad_axis(axis, x))
    reshape(constant_op(x.op.graph, np.int32(count), name="repeats"), [])
    multiples = [1] * (len(shape) + 1)
    multiples[axis + 1] = count
    tiled = tile(expand_dims(x, axis + 1), multiples)
    shape[axis] *= count
    return reshape(tiled, shape)


def batch_gather(params: Any, indices: Any, name: str | None = None) -> Tensor:
    """`gather` with the leading dimensions of `indices` as batch dimensions
    (`tf.batch_gather`): out[b..., k] = params[b..., indices[b..., k]]. Batch sizes may be
    unknown while building (a gather_nd over a grid of batch coordinates)."""
    return batched_gather(params, indices, None, name or "BatchGather")


def batched_gather(params: Any, indices: Any, batch: int | None, name: str) -> Tensor:
    """params[b..., indices[b..., k...], ...] with the first `batch` dims of both shared
    (all but the last of `indices` when None): `batch_gather`, and `gather`'s
    `batch_dims` (TF's values, its gradient the gather_nd's)."""
    from .array_ops import expand_dims, shape, stack, zeros_like
    from .extra_array_ops import range as range_
    from .index_ops import gather_nd_of_any_params
    from .math_ops import cast

    # Each converts on its own: indices are ints whatever params hold (strings too).
    graph, (p,) = as_tensors(params)
    _, (i,) = as_tensors(indices)
    ps, is_ = p.static_shape, i.static_shape
    if ps is None or is_ is None:
        raise error("UNKNOWN_RANK", "a batched gather needs params and indices of known rank")
    batch = len(is_) - 1 if batch is None else (batch + len(is_) if batch < 0 else batch)
    if batch < 0 or len(ps) <= batch or batch > len(is_):
        raise error("SHAPE_MISMATCH", f"batched gather: params {list(ps)}, indices {list(is_)}")
    for a, b in zip(ps[:batch], is_[:batch], strict=True):
        if a is not None and b is not None and a != b:
            raise error("SHAPE_MISMATCH", f"batched gather: params {list(ps)}, indices {list(is_)}")
    with graph.as_default(), graph.name_scope(name):
        i = cast(i, _dt.int64) if i.dtype != _dt.int64 else i
        coords = []
        for axis in range(batch):
            grid = cast(range_(shape(i)[axis]), _dt.int64)
            for _ in range(axis):
                grid = expand_dims(grid, 0)
            for _ in range(len(is_) - 1 - axis):
                grid = expand_dims(grid, -1)
            coords.append(grid + zeros_like(i))
        return gather_nd_of_any_params(p, stack([*coords, i], axis=-1))


# -- UnravelIndex ------------------------------------------------------------------------------


def _unravel_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "unravel_index's indices")
    same_dtypes(types)
    indices, dims = shapes
    if len(dims) != 1:
        raise InferenceError("SHAPE_MISMATCH", "unravel_index's dims must be a vector")
    if len(indices) > 1:
        raise InferenceError("SHAPE_MISMATCH", "unravel_index's indices must be 0-D or 1-D")
    return [((dims[0], *indices), types[0])]


@register_op("UnravelIndex", arity=2, infer=_unravel_infer)
def _unravel_index(op):
    def kernel(indices, dims):
        if np.any(dims <= 0) or np.any(indices < 0) or np.any(indices >= np.prod(dims)):
            raise error(
                "INDEX_OUT_OF_RANGE",
                f"index out of bounds: indices {indices.tolist()} for dims {dims.tolist()}",
            )
        return np.stack(np.unravel_index(indices, tuple(dims.tolist()))).astype(indices.dtype)

    return kernel


not_differentiable("UnravelIndex")


def unravel_index(indices: Any, dims: Any, name: str | None = None) -> Tensor:
    """The coordinates in an array of shape `dims` of flat `indices` (`tf.unravel_index`):
    [len(dims)] for a scalar index, [len(dims), n] for n of them."""
    graph, ts, name = op_inputs((indices, dims), name, "UnravelIndex", ("indices", "dims"))
    return graph.create_op("UnravelIndex", ts, None, name).outputs[0]


# -- histograms --------------------------------------------------------------------------------


def _histogram_infer(shapes, types, attrs):
    check_dtype(types[0], "numeric", "histogram_fixed_width's values")
    same_dtypes(types[:2])
    if shapes[1] not in ((2,), (None,)):
        raise InferenceError("SHAPE_MISMATCH", "value_range must be a vector of 2 values")
    out = attrs.get("dtype", _dt.int32)
    if out not in (_dt.int32, _dt.int64):
        raise InferenceError("DTYPE_MISMATCH", f"dtype must be int32 or int64, got {out}")
    return [((attrs.get("nbins_hint"),), out)]


@register_op(
    "HistogramFixedWidth",
    arity=3,
    infer=_histogram_infer,
    attrs={"dtype": ("dtype", _dt.int32), "nbins_hint": ("int", None)},
    needs_state=True,
)
def _histogram(op):
    from ..limits import check_run_time_size

    def kernel(state, values, value_range, nbins):
        nbins = int(nbins)
        if nbins <= 0:
            raise error("INVALID_TENSOR", f"nbins should be a positive number, but got '{nbins}'")
        lo, hi = value_range
        if not lo < hi:
            raise error(
                "INVALID_TENSOR",
                "value_range should satisfy value_range[0] < value_range[1], but got "
                f"'[{lo}, {hi}]'",
            )
        check_run_time_size(state, op, (nbins,))
        if values.dtype.kind == "f" and np.isnan(values).any():
            raise error("INVALID_TENSOR", "Histogram values must not contain NaN")
        # TF's kernel: (max(v, lo) - lo) / step in double, clipped to the last bin. The
        # subtraction too is in double (TF 2.21): in the values' dtype an int64 near its
        # maximum wrapped (a refusal) and a float32 rounded across a bin's edge.
        step = (float(hi) - float(lo)) / nbins
        shifted = np.maximum(values, lo).astype(np.float64) - float(lo)
        index = np.minimum(shifted / step, nbins - 1).astype(np.int64)
        counts = np.bincount(index.ravel(), minlength=nbins)
        return counts.astype(op.attrs.get("dtype", _dt.int32))

    return kernel


not_differentiable("HistogramFixedWidth")


def histogram_fixed_width(
    values: Any, value_range: Any, nbins: Any = 100, dtype: Any = _dt.int32, name: str | None = None
) -> Tensor:
    """Counts of `values` in `nbins` equal bins over `value_range`, values beyond it in the
    first or last bin (`tf.histogram_fixed_width`)."""
    graph, (v,) = as_tensors(values)
    with graph.as_default(), graph.name_scope(name, "histogram_fixed_width") as scope:
        r = convert_to_tensor(value_range, v.dtype, name="value_range")
        hint = None
        if not isinstance(nbins, Tensor):
            hint = operator.index(nbins)
            if hint <= 0:
                raise error("INVALID_ATTR", f"nbins should be a positive number, but got '{hint}'")
        n = convert_to_tensor(nbins, _dt.int32, name="nbins")
        attrs = {"dtype": _dt.as_dtype(dtype), "nbins_hint": hint}
        return graph.create_op("HistogramFixedWidth", (v, r, n), attrs, scope).outputs[0]


def histogram_fixed_width_bins(
    values: Any, value_range: Any, nbins: Any = 100, dtype: Any = _dt.int32, name: str | None = None
) -> Tensor:
    """The bin of each value (`tf.histogram_fixed_width_bins`), with TF's nodes."""
    from .array_ops import reshape
    from .math_ops import cast, clip_by_value, floor, truediv

    graph, (v,) = as_tensors(values)
    with graph.as_default(), graph.name_scope(name, "histogram_fixed_width_bins"):
        r = convert_to_tensor(value_range, name="value_range")
        n = cast(convert_to_tensor(nbins, _dt.int32, name="nbins"), v.dtype)
        static = v.static_shape
        known = static is not None and None not in static
        flat = reshape(v, [-1]) if known else v  # as TF's nodes (Reshape ... Reshape_1)
        scaled = truediv(flat - r[0], r[1] - r[0], name="scaled_values")
        index = floor(n * scaled, name="indices")
        index = cast(clip_by_value(index, 0, n - 1), _dt.int32)
        return reshape(index, list(static)) if known else index


# -- shapes --------------------------------------------------------------------------------------


def broadcast_static_shape(shape_x: Any, shape_y: Any) -> TensorShape:
    """The broadcast of two static shapes (`tf.broadcast_static_shape`); ValueError when
    they cannot be broadcast."""
    x, y = TensorShape(shape_x), TensorShape(shape_y)
    if x.rank is None or y.rank is None:
        return TensorShape(None)
    try:
        return TensorShape(broadcast_shapes(tuple(x.as_list()), tuple(y.as_list())))
    except InferenceError:
        raise ValueError(f"Incompatible shapes for broadcasting: {x} and {y}") from None


def _broadcast_args_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "int", "broadcast_dynamic_shape's shapes")
    for s in shapes:
        if len(s) != 1:
            raise InferenceError("SHAPE_MISMATCH", "broadcast_dynamic_shape takes shape vectors")
    a, b = shapes[0][0], shapes[1][0]
    return [((None if a is None or b is None else max(a, b),), dtype)]


@register_op("BroadcastArgs", arity=2, infer=_broadcast_args_infer)
def _broadcast_args(op):
    def kernel(a, b):
        try:
            shape = np.broadcast_shapes(tuple(a.tolist()), tuple(b.tolist()))
        except ValueError:
            raise error(
                "SHAPE_MISMATCH", f"Incompatible shapes: {a.tolist()} vs. {b.tolist()}"
            ) from None
        return np.array(shape, a.dtype)

    return kernel


not_differentiable("BroadcastArgs")


def broadcast_dynamic_shape(shape_x: Any, shape_y: Any) -> Tensor:
    """The broadcast of two shape vectors, as a tensor (`tf.broadcast_dynamic_shape`)."""
    graph, ts, name = op_inputs((shape_x, shape_y), None, "BroadcastArgs", ("s0", "s1"))
    return graph.create_op("BroadcastArgs", ts, None, name).outputs[0]


def get_static_value(tensor: Any, partial: bool = False) -> np.ndarray | None:
    """The value of `tensor` if it is known while building, else None
    (`tf.get_static_value`): constants, shapes, sizes and ranks of known static shapes,
    and identities, casts and stacks of those."""
    from .state_ops import Variable

    if isinstance(tensor, Variable):
        return None
    if not isinstance(tensor, Tensor):
        return np.asarray(tensor)
    op = tensor.op
    if op.type == "Const":
        return np.asarray(op.attrs["value"])
    if op.type in ("Shape", "Size", "Rank"):
        src = op.inputs[0].static_shape
        if src is None or (op.type != "Rank" and None in src):
            return None
        value = {"Shape": src, "Size": int(np.prod(src, dtype=np.int64)), "Rank": len(src)}
        return np.asarray(value[op.type], tensor.dtype)
    if op.type in ("Identity", "StopGradient", "Cast", "Pack"):
        parts = [get_static_value(t) for t in op.inputs]
        if any(p is None for p in parts):
            return None
        if op.type == "Pack":
            return np.stack(parts, axis=op.attrs.get("axis", 0)).astype(tensor.dtype)
        return np.asarray(parts[0]).astype(tensor.dtype)
    return None


@contextlib.contextmanager
def init_scope() -> Iterator[None]:
    """Lift the ops made inside out of control-flow bodies and control dependencies, as
    `tf.init_scope` does in graph mode (the name scope stays)."""
    graph = get_default_graph()
    with graph.outside_bodies(), graph.control_dependencies(None):
        yield


# -- CountUpTo ---------------------------------------------------------------------------------


def _count_up_to_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "count_up_to's ref")
    if shapes[0] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", "count_up_to needs a scalar variable")
    return [((), types[0])]


@register_op(
    "CountUpTo",
    arity=1,
    infer=_count_up_to_infer,
    attrs={"limit": ("int", 0)},
    stateful=True,
    side_effects=True,
    needs_state=True,
    ref_input=True,
)
def _count_up_to(op):
    name, limit = op.inputs[0].op.name, op.attrs.get("limit", 0)

    def kernel(state, _):
        old = state.current(name)
        if old >= limit:
            raise error("COUNT_LIMIT_REACHED", f"Reached limit of {limit}", node=op.name)
        state.write(name, np.asarray(old + 1, old.dtype))
        return np.asarray(old, old.dtype)

    return kernel


not_differentiable("CountUpTo")


def count_up_to(ref: Any, limit: int, name: str | None = None) -> Tensor:
    """Increment the integer variable `ref` until `limit`, returning the value it had
    before; OutOfRangeError once it reached `limit` (`tf.count_up_to`)."""
    if not isinstance(ref, Tensor) or ref.op.type != "VariableV2":
        raise error("INVALID_ATTR", f"count_up_to needs a Variable, got {ref!r}")
    attrs = {"limit": operator.index(limit)}
    return ref.op.graph.create_op("CountUpTo", (ref,), attrs, name or "CountUpTo").outputs[0]


# -- CumulativeLogsumexp ------------------------------------------------------------------------


def _cumulative_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    norm_axis(attrs.get("axis", 0), len(shapes[0]))
    return [(shapes[0], types[0])]


@register_op(
    "CumulativeLogsumexp",
    arity=1,
    infer=_cumulative_infer,
    attrs={"axis": ("int", 0), "exclusive": ("bool", False), "reverse": ("bool", False)},
)
def _cumulative_logsumexp(op):
    a = op.attrs

    def kernel(x):
        axis = a.get("axis", 0) % x.ndim
        if a.get("reverse"):
            x = np.flip(x, axis)
        out = _logsumexp_scan(x, axis)
        if a.get("exclusive"):
            first = np.full_like(np.take(out, [0], axis=axis), -np.inf)
            out = np.concatenate([first, np.delete(out, -1, axis=axis)], axis=axis)
        return np.flip(out, axis) if a.get("reverse") else out

    return kernel


def _logsumexp_scan(x: np.ndarray, axis: int) -> np.ndarray:
    """TF's running log-sum-exp along `axis`. logaddexp's running sum (exact where
    exp(x - max) would underflow) computes TF's finite steps; where x is NaN or +inf, TF's
    step is its own formula (`_logsumexp_step`), taken position by position."""
    x = np.moveaxis(x, axis, 0)
    out = np.empty_like(x)
    acc = np.full(x.shape[1:], -np.inf, x.dtype)
    lanes = int(np.prod(x.shape[1:], dtype=np.int64))
    special = (np.isnan(x) | (x == np.inf)).reshape(len(x), lanes).any(axis=1)
    start = 0
    for p in [*np.flatnonzero(special).tolist(), len(x)]:
        if p > start:
            run = np.logaddexp.accumulate(np.concatenate([acc[None], x[start:p]]), axis=0)
            out[start:p] = run[1:]
            acc = run[-1]
        if p < len(x):
            acc = out[p] = _logsumexp_step(acc, x[p])
        start = p + 1
    return np.moveaxis(out, 0, axis)


def _logsumexp_step(acc: np.ndarray, x: np.ndarray) -> np.ndarray:
    """TF's LogSumExp(acc, x) (scan_ops.h): min and max as std::min and std::max take them
    (a NaN x loses to acc: NaN adds log 2), ma + log1p(exp(mi - ma)), and ma itself where
    ma is -inf (inf + inf is NaN there: inf - inf)."""
    mi, ma = np.where(x < acc, x, acc), np.where(acc < x, x, acc)
    with np.errstate(invalid="ignore", over="ignore"):
        summed = ma + np.log1p(np.exp(mi - ma))
    return np.where(ma < np.finfo(ma.dtype).min, ma, summed).astype(acc.dtype)


@register_gradient("CumulativeLogsumexp")
def _cumulative_logsumexp_grad(op, g):
    # TF's: the incoming gradient split by sign so that both parts can be taken in logs.
    from .math_ops import exp, greater, less, log

    x, out = op.inputs[0], op.outputs[0]
    a = op.attrs
    lowest = np.finfo(g.dtype).min
    pos = where_v2(greater(g, 0), log(g), lowest)
    neg = where_v2(less(g, 0), log(-g), lowest)

    def back(part):
        return exp(
            cumulative_logsumexp(
                part - out, a.get("axis", 0), a.get("exclusive", False), not a.get("reverse")
            )
            + x
        )

    return [back(pos) - back(neg)]


def cumulative_logsumexp(
    x: Any, axis: int = 0, exclusive: bool = False, reverse: bool = False, name: str | None = None
) -> Tensor:
    """log(cumsum(exp(x))) along `axis`, computed stably (`tf.math.cumulative_logsumexp`)."""
    graph, (t,), name = op_inputs((x,), name, "CumulativeLogsumexp", ("x",))
    if isinstance(axis, Tensor):
        axis = get_static_value(axis)
        if axis is None:
            raise error("UNIMPLEMENTED", "cumulative_logsumexp needs a static axis")
    attrs = {"axis": operator.index(axis), "exclusive": bool(exclusive), "reverse": bool(reverse)}
    return graph.create_op("CumulativeLogsumexp", (t,), attrs, name).outputs[0]


# -- random draws of a run-time shape (tf.distributions' samples) ------------------------------


def _shaped_random_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "a random tensor's shape")
    dtype = attrs.get("dtype", _dt.float32)
    check_dtype(dtype, "float", "a random tensor")
    if len(shapes[0]) != 1:
        raise InferenceError("SHAPE_MISMATCH", "a random tensor's shape must be a vector")
    hint = attrs.get("static_shape")
    return [(hint if hint is not None else (None,) * (shapes[0][0] or 0) or None, dtype)]


def _shaped_draw(kind):
    """TF's RandomStandardNormal / RandomUniform numbers (`ops/philox.py`), of a shape
    read at run time."""

    def factory(op):
        from ..limits import check_run_time_size
        from . import philox
        from .conv_ops import run_time_sizes

        dtype = np.dtype(op.outputs[0].dtype.as_numpy_dtype)
        draw = philox.normal if kind == "normal" else philox.uniform

        def kernel(state, sizes):
            shape = run_time_sizes(op, sizes)
            check_run_time_size(state, op, shape)
            n = int(np.prod(shape, dtype=np.int64))
            return draw(*state.philox(op, philox.reserved(n)), n, dtype).reshape(shape)

        return kernel

    return factory


for _type, _method in (("StandardNormalOfShape", "normal"), ("UniformOfShape", "uniform")):
    register_op(
        _type,
        arity=1,
        infer=_shaped_random_infer,
        attrs={
            "dtype": ("dtype", _dt.float32),
            "seed": ("seed", None),
            "seed2": ("seed", None),
            "static_shape": ("shape", None),
        },
        stateful=True,
        needs_state=True,
        unknown_rank_ok=True,
    )(_shaped_draw(_method))
not_differentiable("StandardNormalOfShape", "UniformOfShape")


def random_of_shape(
    kind: str, shape: Tensor, static: tuple | None, dtype: Any, seed: int | None
) -> Tensor:
    """Standard normal ("normal") or [0, 1) uniform draws of a shape known at run time
    (`shape`, an int32 vector; `static`, what is known of it while building)."""
    from .random_ops import get_seed

    graph = shape.op.graph
    seed, seed2 = get_seed(graph, seed)
    attrs = {"dtype": _dt.as_dtype(dtype), "seed": seed, "seed2": seed2, "static_shape": static}
    type_ = "StandardNormalOfShape" if kind == "normal" else "UniformOfShape"
    return graph.create_op(type_, (shape,), attrs, type_).outputs[0]
