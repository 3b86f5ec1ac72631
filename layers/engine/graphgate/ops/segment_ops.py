"""Segment reductions (sorted and unsorted), dynamic_partition and dynamic_stitch: forward,
inference and gradient side by side. Gradients are TF's own formulas, built from ops, so
they have gradients too."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, constant_op, convert_to_tensor, op_inputs
from ..limits import check_run_time_size
from .array_ops import expand_dims, gather, ones_like, zeros_like
from .array_ops import where as _select
from .math_ops import cast, divide, equal, greater, logical_and, maximum, multiply, sqrt
from .registry import (
    InferenceError,
    check_dtype,
    register_gradient,
    register_op,
)

# What an empty segment holds: TF's sorted Segment{Max,Min} give 0, the unsorted ones the
# lowest (highest) value of the dtype.
_REDUCERS = {
    "Sum": (np.add, lambda d: 0),
    "Prod": (np.multiply, lambda d: 1),
    "Max": (np.maximum, lambda d: _lowest(d)),
    "Min": (np.minimum, lambda d: -_lowest(d) if d.kind == "f" else np.iinfo(d).max),
    "Mean": (np.add, lambda d: 0),
}


def _lowest(dtype: np.dtype):
    return np.finfo(dtype).min if dtype.kind == "f" else np.iinfo(dtype).min


def _const_ids(t: Tensor) -> np.ndarray | None:
    return t.op.attrs["value"] if t.op.type == "Const" else None


def _segment_infer(shapes, types, attrs):
    check_dtype(types[0], "real", "segment data")  # small ints wrap, as TF's
    check_dtype(types[1], "int", "segment_ids")
    data, ids = shapes[0], shapes[1]
    if ids is not None and len(ids) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"segment_ids must be a vector, got {list(ids)}")
    if data is None:
        return [(None, types[0])]
    if not data:
        raise InferenceError("SHAPE_MISMATCH", "segment data must have rank ≥ 1")
    return [((attrs.get("num"), *data[1:]), types[0])]


def _unsorted_infer(shapes, types, attrs):
    check_dtype(types[0], "real", "segment data")  # small ints wrap, as TF's
    check_dtype(types[1], "int", "segment_ids")
    check_dtype(types[2], "int", "num_segments")
    data, ids = shapes[0], shapes[1]
    if shapes[2] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", "num_segments must be a scalar")
    if attrs.get("num") is not None and attrs["num"] < 0:  # TF's shape function: ValueError
        raise InferenceError(
            "INVALID_ATTR",
            f"Dimension size, given by scalar input 2, must be non-negative but is {attrs['num']}",
        )
    if data is None or ids is None:
        return [(None, types[0])]
    if len(ids) > len(data):
        raise InferenceError(
            "SHAPE_MISMATCH", f"segment_ids {list(ids)} must be a prefix of data {list(data)}"
        )
    for a, b in zip(ids, data, strict=False):
        if a is not None and b is not None and a != b:
            raise InferenceError(
                "SHAPE_MISMATCH", f"segment_ids {list(ids)} must be a prefix of data {list(data)}"
            )
    return [((attrs.get("num"), *data[len(ids) :]), types[0])]


def _reduce(
    kind: str, data: np.ndarray, ids: np.ndarray, n: int, empty, copy_single: bool = False
) -> np.ndarray:
    """Reduce the rows of `data` into `n` segments; negative ids are dropped. With
    `copy_single` (TF's sorted segment kernels) a segment of one row is that row, copied
    as TF copies it: not 0 + x, which a run's flush would zero for a subnormal x."""
    ufunc, _ = _REDUCERS[kind]
    rows = data.reshape((ids.size, *data.shape[ids.ndim :]))
    flat = ids.reshape(-1)
    keep = flat >= 0
    rows, flat = rows[keep], flat[keep]
    out = np.full((n, *rows.shape[1:]), _REDUCERS[kind][1](data.dtype), data.dtype)
    ufunc.at(out, flat, rows)
    counts = np.bincount(flat, minlength=n)
    if kind == "Mean":
        c = np.maximum(counts, 1).reshape((n,) + (1,) * (out.ndim - 1))
        if data.dtype.kind in "fc":
            out = (out / c).astype(data.dtype)
        else:  # C++ integer division, truncating toward zero, in the data's own dtype:
            # uint64 // int64 is float64 in numpy, which lost 2^64 - 1 (0 after the cast)
            c = c.astype(out.dtype)
            q = out // c
            if data.dtype.kind == "i":  # floor to truncation, without abs(INT_MIN)
                q += ((out % c != 0) & (out < 0)).astype(out.dtype)
            out = q
    elif empty is not None:
        out[counts == 0] = empty
    if copy_single and data.dtype.kind in "fc":
        alone = (counts == 1)[flat]
        out[flat[alone]] = rows[alone]
    return out


def _sorted_kernel(kind: str):
    def factory(op):
        num = op.attrs.get("num")
        empty = 0 if kind in ("Max", "Min") else None

        def kernel(*args):
            # With the run state first; without it when constant folding (sizes bounded).
            *state, data, ids = args
            data, ids = np.asarray(data), np.asarray(ids)
            if ids.ndim != 1 or len(ids) != data.shape[0]:
                raise error(
                    "SHAPE_MISMATCH",
                    f"segment_ids should be the same size as dimension 0 of data: "
                    f"{list(ids.shape)} for data {list(data.shape)}",
                )
            if len(ids) and (ids[0] < 0 or np.any(np.diff(ids) < 0)):
                raise error("COMPUTE_ERROR", "segment ids are not increasing")
            n = int(ids[-1]) + 1 if len(ids) else 0
            if num is not None and n != num:
                raise error("SHAPE_MISMATCH", f"{n} segments, the graph said {num}")
            if state:  # the last id sizes the output: [0, 10**9] is a billion rows
                check_run_time_size(state[0], op, (n, *data.shape[1:]))
            return _reduce(kind, data, ids, n, empty, copy_single=True)

        kernel.needs_state = True
        return kernel

    return factory


def _unsorted_kernel(kind: str):
    def factory(op):
        num = op.attrs.get("num")

        def kernel(*args):
            # With the run state first; without it when constant folding (sizes bounded).
            data, ids, n = np.asarray(args[-3]), np.asarray(args[-2]), int(args[-1])
            if data.shape[: ids.ndim] != ids.shape:
                raise error(
                    "SHAPE_MISMATCH",
                    f"segment_ids {list(ids.shape)} must be a prefix of data {list(data.shape)}",
                )
            if n < 0 or (num is not None and n != num):
                raise error("SHAPE_MISMATCH", f"num_segments {n} does not fit the graph's {num}")
            if ids.size and ids.max() >= n:
                bad = int(ids.max())
                raise error(
                    "INDEX_OUT_OF_RANGE", f"segment_ids[...] = {bad} is out of range [0, {n})"
                )
            if len(args) == 4:  # num_segments is a value: its output is sized by it
                check_run_time_size(args[0], op, (n, *data.shape[ids.ndim :]))
            return _reduce(kind, data, ids, n, None)

        return kernel

    return factory


def _complex_data(infer):
    """`infer` letting complex data through, as TF's segment sums, means and products
    do (their gradients are TF's formulas, which TF runs unchanged on complex data)."""

    def widened(shapes, types, attrs):
        if types[0] not in _dt.COMPLEX:
            return infer(shapes, types, attrs)
        out = infer(shapes, [types[0].real_dtype, *types[1:]], attrs)
        return [(shape, types[0]) for shape, _ in out]

    return widened


_SORTED = {k: f"Segment{k}" for k in ("Sum", "Mean", "Max", "Min", "Prod")}
_UNSORTED = {k: f"UnsortedSegment{k}" for k in ("Sum", "Max", "Min", "Prod")}
_COMPLEX_KINDS = ("Sum", "Mean", "Prod")
for _kind, _type in _SORTED.items():
    register_op(
        _type,
        arity=2,
        infer=_complex_data(_segment_infer) if _kind in _COMPLEX_KINDS else _segment_infer,
        attrs={"num": ("int", None)},
        unknown_rank_ok=True,
    )(_sorted_kernel(_kind))
for _kind, _type in _UNSORTED.items():
    register_op(
        _type,
        arity=3,
        infer=_complex_data(_unsorted_infer) if _kind in _COMPLEX_KINDS else _unsorted_infer,
        attrs={"num": ("int", None)},
        unknown_rank_ok=True,
        needs_state=True,
    )(_unsorted_kernel(_kind))


def _segment_api(type_: str):
    def api(data: Any, segment_ids: Any, name: str | None = None) -> Tensor:
        graph, (x,), name = op_inputs((data,), name, type_, ("data",))
        ids = segment_ids
        if not isinstance(ids, Tensor):
            ids = convert_to_tensor(ids, graph=graph)
        # TF leaves the number of segments unknown until run time, constant ids or not.
        return graph.create_op(type_, (x, ids), None, name).outputs[0]

    api.__name__ = type_
    return api


def _num_segments(graph, num: Any, dtype) -> Tensor:
    # A Python number must be an integer (TypeError otherwise, as TF's); a list becomes a
    # tensor whose rank the shape check below refuses with TF's ValueError.
    if isinstance(num, Tensor):
        return num
    return constant_op(graph, num if np.ndim(num) else operator.index(num), dtype)


def _unsorted_op(type_, data, segment_ids, num_segments, name, default=None):
    graph, (x,), name = op_inputs((data,), name, default or type_, ("data",))
    ids = segment_ids
    if not isinstance(ids, Tensor):
        ids = convert_to_tensor(ids, graph=graph)
    num = _num_segments(graph, num_segments, ids.dtype)
    if num.static_shape not in (None, ()):  # TF's shape function: ValueError while building
        got = list(num.static_shape)
        raise error("SHAPE_MISMATCH", f"num_segments must be a scalar, got shape {got}")
    value = _const_ids(num)
    attrs = {"num": None if value is None else int(value)}
    return graph.create_op(type_, (x, ids, num), attrs, name).outputs[0]


def _unsorted_api(type_: str):
    def api(data: Any, segment_ids: Any, num_segments: Any, name: str | None = None) -> Tensor:
        return _unsorted_op(type_, data, segment_ids, num_segments, name)

    api.__name__ = type_
    return api


segment_sum = _segment_api("SegmentSum")
segment_mean = _segment_api("SegmentMean")
segment_max = _segment_api("SegmentMax")
segment_min = _segment_api("SegmentMin")
segment_prod = _segment_api("SegmentProd")
unsorted_segment_sum = _unsorted_api("UnsortedSegmentSum")
unsorted_segment_max = _unsorted_api("UnsortedSegmentMax")
unsorted_segment_min = _unsorted_api("UnsortedSegmentMin")
unsorted_segment_prod = _unsorted_api("UnsortedSegmentProd")


def _segment_counts(data: Tensor, ids: Tensor, num: Tensor | None) -> Tensor:
    """How many entries each segment has, shaped to broadcast against the segments."""
    ones = ones_like(ids, dtype=data.dtype)
    n = segment_sum(ones, ids) if num is None else unsorted_segment_sum(ones, ids, num)
    for _ in range(len(data.static_shape) - len(ids.static_shape)):
        n = expand_dims(n, -1)
    return n


def unsorted_segment_mean(
    data: Any, segment_ids: Any, num_segments: Any, name: str | None = None
) -> Tensor:
    """The mean of each segment (0 for an empty one; negative ids dropped)."""
    return _unsorted_n(data, segment_ids, num_segments, name, "UnsortedSegmentMean", False)


def unsorted_segment_sqrt_n(
    data: Any, segment_ids: Any, num_segments: Any, name: str | None = None
) -> Tensor:
    """The sum of each segment divided by the square root of its size."""
    return _unsorted_n(data, segment_ids, num_segments, name, "UnsortedSegmentSqrtN", True)


def _unsorted_n(data, segment_ids, num_segments, name, default, root):
    graph, (x,), _ = op_inputs((data,), None, default, ("data",))
    with graph.as_default(), graph.name_scope(name, default):
        if root:  # TF's Sqrt of the counts takes floats only; a mean of integers is truediv's
            check_dtype_float(x)
        ids = segment_ids if isinstance(segment_ids, Tensor) else constant_op(graph, segment_ids)
        num = _num_segments(graph, num_segments, ids.dtype)
        if x.static_shape is None or ids.static_shape is None:
            raise error("UNKNOWN_RANK", f"{default} needs data and segment_ids of known rank")
        n = maximum(_segment_counts(x, ids, num), 1)
        summed = _unsorted_op("UnsortedSegmentSum", x, ids, num, None)
        return divide(summed, sqrt(n) if root else n)


def check_dtype_float(x: Tensor) -> None:
    if x.dtype not in _dt.FLOATS:
        raise error("DTYPE_MISMATCH", f"segment means need floating-point data, got {x.dtype.name}")


# -- gradients (TF's formulas) -------------------------------------------------------------


def _gather_drop_negatives(params: Tensor, ids: Tensor) -> tuple[Tensor, Tensor]:
    """gather(params, max(ids, 0)) with zeros where an id is negative (TF's helper)."""
    safe = maximum(ids, 0)
    gathered = gather(params, safe)
    keep = greater(ids, -1)
    for _ in range(len(gathered.static_shape) - len(ids.static_shape)):
        keep = expand_dims(keep, -1)
    return _select(keep, gathered, zeros_like(gathered)), keep


@register_gradient("SegmentSum")
def _segment_sum_grad(op, g):
    return [gather(g, op.inputs[1]), None]


@register_gradient("SegmentMean")
def _segment_mean_grad(op, g):
    data, ids = op.inputs
    counts = maximum(_segment_counts(data, ids, None), 1)
    return [gather(divide(g, counts), ids), None]


@register_gradient("UnsortedSegmentSum")
def _unsorted_sum_grad(op, g):
    return [_gather_drop_negatives(g, op.inputs[1])[0], None, None]


def _min_or_max_grad(op, g, unsorted: bool):
    """Ties share the gradient equally, as TF's _SegmentMinOrMaxGrad."""
    data, ids = op.inputs[0], op.inputs[1]
    if unsorted:
        gathered, keep = _gather_drop_negatives(op.outputs[0], ids)
        selected = logical_and(equal(data, gathered), keep)
        count = unsorted_segment_sum(cast(selected, g.dtype), ids, op.inputs[2])
        weighted = divide(g, count)
        grads, _ = _gather_drop_negatives(weighted, ids)
    else:
        selected = equal(data, gather(op.outputs[0], ids))
        count = segment_sum(cast(selected, g.dtype), ids)
        grads = gather(divide(g, count), ids)
    return _select(selected, grads, zeros_like(data))


@register_gradient("SegmentMax")
def _segment_max_grad(op, g):
    return [_min_or_max_grad(op, g, False), None]


register_gradient("SegmentMin")(_segment_max_grad)


@register_gradient("UnsortedSegmentMax")
def _unsorted_max_grad(op, g):
    return [_min_or_max_grad(op, g, True), None, None]


register_gradient("UnsortedSegmentMin")(_unsorted_max_grad)


def _prod_grad(op, g, unsorted: bool):
    """TF's _SegmentProdGrad / _UnsortedSegmentProdGrad: product over the entry, with
    the product of the non-zero entries where the entry is the segment's one zero."""
    data, ids = op.inputs[0], op.inputs[1]
    zero = equal(data, zeros_like(data))
    if unsorted:
        num = op.inputs[2]
        zeros = unsorted_segment_sum(cast(zero, _dt.int32), ids, num)
    else:
        zeros = segment_sum(cast(zero, _dt.int32), ids)
    g = _select(greater(zeros, 1), zeros_like(g), g)
    non_zero = _select(zero, ones_like(data), data)
    if unsorted:
        non_zero_prod = unsorted_segment_prod(non_zero, ids, num)
        gathered_prod, _ = _gather_drop_negatives(op.outputs[0], ids)
        gathered_non_zero, _ = _gather_drop_negatives(non_zero_prod, ids)
        gathered_grad, _ = _gather_drop_negatives(g, ids)
    else:
        non_zero_prod = segment_prod(non_zero, ids)
        gathered_prod = gather(op.outputs[0], ids)
        gathered_non_zero = gather(non_zero_prod, ids)
        gathered_grad = gather(g, ids)
    partial = _select(zero, gathered_non_zero, divide(gathered_prod, non_zero))
    return multiply(gathered_grad, partial)


@register_gradient("SegmentProd")
def _segment_prod_grad(op, g):
    return [_prod_grad(op, g, False), None]


@register_gradient("UnsortedSegmentProd")
def _unsorted_prod_grad(op, g):
    return [_prod_grad(op, g, True), None, None]


# -- dynamic_partition, dynamic_stitch -----------------------------------------------------


def _partition_infer(shapes, types, attrs):
    check_dtype(types[1], "int", "partitions")
    n = attrs["num_partitions"]
    if n < 1:
        raise InferenceError("INVALID_ATTR", f"num_partitions must be ≥ 1, got {n}")
    data, parts = shapes
    if data is None or parts is None:
        return [(None, types[0])] * n
    if len(parts) > len(data) or any(
        a is not None and b is not None and a != b for a, b in zip(parts, data, strict=False)
    ):
        raise InferenceError(
            "SHAPE_MISMATCH", f"partitions {list(parts)} must be a prefix of data {list(data)}"
        )
    return [((None, *data[len(parts) :]), types[0])] * n


def _partition_check(data, parts, n):
    data, parts = np.asarray(data), np.asarray(parts)
    if data.shape[: parts.ndim] != parts.shape:
        raise error(
            "SHAPE_MISMATCH",
            f"partitions {list(parts.shape)} must be a prefix of data {list(data.shape)}",
        )
    if parts.size and (parts.min() < 0 or parts.max() >= n):
        raise error("INDEX_OUT_OF_RANGE", f"partitions must be in [0, {n})")
    return data, parts


@register_op(
    "DynamicPartition",
    arity=2,
    infer=_partition_infer,
    attrs={"num_partitions": ("int", 1)},
    unknown_rank_ok=True,
)
def _dynamic_partition(op):
    n = op.attrs["num_partitions"]

    def kernel(data, parts):
        data, parts = _partition_check(data, parts, n)
        outs = tuple(data[parts == i] for i in range(n))
        return outs[0] if n == 1 else outs

    return kernel


def dynamic_partition(
    data: Any, partitions: Any, num_partitions: int, name: str | None = None
) -> list[Tensor]:
    """`num_partitions` tensors: entry i holds the slices of `data` whose partition is i."""
    graph, (x,), name = op_inputs((data,), name, "DynamicPartition", ("data",))
    if not isinstance(partitions, Tensor):
        partitions = constant_op(graph, partitions, _dt.int32)
    attrs = {"num_partitions": operator.index(num_partitions)}
    return list(graph.create_op("DynamicPartition", (x, partitions), attrs, name).outputs)


def _partition_grad_infer(shapes, types, attrs):
    return [(shapes[1], types[2])]


@register_op(
    "DynamicPartitionGrad",
    arity=(3, 1 << 30),
    infer=_partition_grad_infer,
    unknown_rank_ok=True,
)
def _dynamic_partition_grad_kernel(op):
    """The gradients of the partitions put back where their slices came from."""

    def kernel(parts, data, *grads):
        data, parts = _partition_check(data, parts, len(grads))
        out = np.zeros(data.shape, np.asarray(grads[0]).dtype)
        for i, g in enumerate(grads):
            out[parts == i] = g
        return out

    return kernel


@register_gradient("DynamicPartition")
def _dynamic_partition_grad(op, *grads):
    data, parts = op.inputs
    gs = [zeros_like(t) if g is None else g for t, g in zip(op.outputs, grads, strict=True)]
    out = op.graph.create_op("DynamicPartitionGrad", (parts, data, *gs), None, "partition_grad")
    return [out.outputs[0], None]


@register_gradient("DynamicPartitionGrad")
def _dynamic_partition_grad_grad(op, g):
    parts = op.inputs[0]
    n = len(op.inputs) - 2
    outs = op.graph.create_op(
        "DynamicPartition", (g, parts), {"num_partitions": n}, "DynamicPartition"
    ).outputs
    return [None, None, *outs]


def _stitch_infer(shapes, types, attrs):
    n = len(shapes) // 2
    if len(shapes) != 2 * n or n == 0:
        raise InferenceError("WRONG_ARITY", "dynamic_stitch takes as many indices as data")
    for t in types[:n]:
        check_dtype(t, "int", "dynamic_stitch's indices")
    dtype = types[n]
    for t in types[n:]:
        if t != dtype:
            raise InferenceError("DTYPE_MISMATCH", "dynamic_stitch's data must share one dtype")
    rest = None
    for idx, data in zip(shapes[:n], shapes[n:], strict=True):
        if idx is None or data is None:
            continue
        if data[: len(idx)] != idx and any(
            a is not None and b is not None and a != b for a, b in zip(idx, data, strict=False)
        ):
            raise InferenceError(
                "SHAPE_MISMATCH", f"indices {list(idx)} must be a prefix of data {list(data)}"
            )
        rest = rest or tuple(data[len(idx) :])
    return [(None if rest is None else (attrs.get("num"), *rest), dtype)]


@register_op(
    "DynamicStitch",
    arity=(2, 1 << 30),
    infer=_stitch_infer,
    attrs={"num": ("int", None)},
    unknown_rank_ok=True,
)
def _dynamic_stitch(op):
    num = op.attrs.get("num")

    def kernel(*args):
        # With the run state first; without it when constant folding (sizes bounded).
        state, args = args[: len(args) % 2], args[len(args) % 2 :]
        n = len(args) // 2
        idxs = [np.asarray(i).reshape(-1) for i in args[:n]]
        datas = [np.asarray(d) for d in args[n:]]
        size = max((int(i.max()) + 1 for i in idxs if i.size), default=0)
        if num is not None and size != num:
            raise error("SHAPE_MISMATCH", f"{size} stitched rows, the graph said {num}")
        rest = datas[0].shape[np.ndim(args[0]) :]
        if state:  # the largest index sizes the output: [10**9] is a billion rows
            check_run_time_size(state[0], op, (size, *rest))
        out = np.zeros((size, *rest), datas[0].dtype)
        for raw, i, d in zip(args[:n], idxs, datas, strict=True):
            if d.shape != np.shape(raw) + rest:
                raise error("SHAPE_MISMATCH", "dynamic_stitch's data do not fit their indices")
            if i.size and i.min() < 0:
                raise error("INDEX_OUT_OF_RANGE", "dynamic_stitch's indices must be ≥ 0")
            out[i] = d.reshape((i.size, *rest))  # later indices win, as TF's
        return out

    kernel.needs_state = True
    return kernel


def _stitch_ids(t: Tensor) -> np.ndarray | None:
    """Indices the graph fixes, as TF's shape inference evaluates them for the stitched
    length: folded constants, and a dynamic_partition of such values (TF's own docstring
    example stitches those); the tensors read can no longer be fed, as TF's."""
    from .shape_values import read_at_build

    if t.op.type != "DynamicPartition":
        return read_at_build(t)
    data = read_at_build(t.op.inputs[0])
    parts = None if data is None else read_at_build(t.op.inputs[1])
    if parts is None or np.shape(parts) != np.shape(data)[: np.ndim(parts)]:
        return None
    return data[parts == t.value_index]


def dynamic_stitch(indices: list, data: list, name: str | None = None) -> Tensor:
    """`merged[indices[m][i]] = data[m][i]`, later `m` winning."""
    if len(indices) != len(data) or not indices:
        raise error("INVALID_ATTR", "dynamic_stitch needs as many indices as data, at least one")
    graph, ds, name = op_inputs(tuple(data), name, "DynamicStitch")
    idxs = [i if isinstance(i, Tensor) else constant_op(graph, i, _dt.int32) for i in indices]
    values = [_stitch_ids(i) for i in idxs]
    num = None
    if all(v is not None for v in values):
        num = max((int(np.max(v)) + 1 for v in values if np.size(v)), default=0)
    return graph.create_op("DynamicStitch", (*idxs, *ds), {"num": num}, name).outputs[0]


parallel_dynamic_stitch = dynamic_stitch


@register_gradient("DynamicStitch")
def _dynamic_stitch_grad(op, g):
    # TF's gradient: every data slice gets the gradient at its index, duplicates included.
    n = len(op.inputs) // 2
    return [None] * n + [gather(g, i) for i in op.inputs[:n]]
