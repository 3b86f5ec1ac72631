"""`tf.ragged` and the ragged versions of the ops TF1's ragged guide uses, each built from
public graphgate ops on a RaggedTensor's parts (`ragged_tensor.py`).

The public ops (`tf.add`, `tf.reduce_sum`, `tf.concat`, `tf.gather`, ...) hand a ragged
argument here (`binary`, `unary`, `reduce`, `concat`, `stack`, `gather`); what has no
ragged version is refused by name (UnimplementedError), never densified.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, convert_to_tensor
from .ragged_tensor import RaggedTensor, RaggedTensorValue, _gg, _int64_vector


def _unimplemented(what: str) -> Exception:
    return error("UNIMPLEMENTED", f"{what} is not supported for a RaggedTensor in graphgate")


# -- building ----------------------------------------------------------------------------------


def constant(
    pylist: Any,
    dtype: Any = None,
    ragged_rank: int | None = None,
    inner_shape: Any = None,
    name: str | None = None,
    row_splits_dtype: Any = _dt.int64,
) -> Any:
    """The RaggedTensor of nested Python lists `pylist` (scalars all at one depth)."""
    levels = _ragged_levels(pylist, ragged_rank, inner_shape, "tf.ragged.constant")
    if levels < 1:
        return _gg().constant(pylist, dtype=dtype)
    items, nested = _flattened(pylist, levels)
    tf = _gg()
    if not items and dtype is None:
        dtype = tf.float32
    try:
        flat = tf.constant(items, dtype=dtype)
    except ValueError as exc:
        raise error("INVALID_TENSOR", f"inner values are not uniform: {exc}") from None
    return RaggedTensor.from_nested_row_splits(flat, nested, validate=False)


def constant_value(
    pylist: Any, dtype: Any = None, ragged_rank: int | None = None, inner_shape=None, **_
) -> Any:
    """`constant`'s numpy twin: a RaggedTensorValue of arrays (int64 splits)."""
    levels = _ragged_levels(pylist, ragged_rank, inner_shape, "tf.ragged.constant_value")
    np_dtype = None if dtype is None else _dt.as_dtype(dtype).as_numpy_dtype
    if levels < 1:
        return np.array(pylist, np_dtype)
    items, nested = _flattened(pylist, levels)
    if not items and np_dtype is None:
        np_dtype = np.float64
    value: Any = np.array(items, np_dtype)
    for splits in reversed(nested):
        value = RaggedTensorValue(value, splits)
    return value


def _ragged_levels(pylist: Any, ragged_rank: Any, inner_shape: Any, what: str) -> int:
    """How many ragged levels `pylist` makes, checked as TF's `ragged.constant` checks it:
    scalars all at one depth and of one kind."""
    depths: set = set()
    kinds: set = set()
    _leaves(pylist, 0, depths, kinds)
    if len(depths) > 1:
        raise error("INVALID_TENSOR", "all scalar values must have the same nesting depth")
    if len(kinds) > 1:
        raise error("DTYPE_MISMATCH", f"{what}: values of more than one type")
    # Without scalars ([[], []]) the depth is the lists' own.
    depth = depths.pop() if depths else _list_depth(pylist)
    levels = depth - 1 if ragged_rank is None else ragged_rank
    if inner_shape is not None:
        raise _unimplemented(f"{what}'s inner_shape")
    return levels


def _flattened(pylist: Any, levels: int) -> tuple[list, list[np.ndarray]]:
    """The items under `levels` levels of lists, and each level's row splits, outer first."""
    items, nested = pylist, []
    for _ in builtins.range(levels):
        nested.append(np.cumsum([0] + [len(x) for x in items], dtype=np.int64))
        items = [y for x in items for y in x]
    return items, nested


def _list_depth(value: Any) -> int:
    if not isinstance(value, list | tuple):
        return 0
    return 1 + max((_list_depth(v) for v in value), default=0)


def _leaves(value: Any, depth: int, depths: set, kinds: set) -> None:
    if isinstance(value, list | tuple):
        for v in value:
            _leaves(v, depth + 1, depths, kinds)
        return
    depths.add(depth)
    kinds.add("str" if isinstance(value, str | bytes) else "number")


def placeholder(
    dtype: Any, ragged_rank: int, value_shape: Any = None, name: str | None = None
) -> RaggedTensor:
    """A RaggedTensor fed at run time with a RaggedTensorValue (TF1's ragged.placeholder)."""
    tf = _gg()
    inner = [] if value_shape is None else list(value_shape)
    if value_shape is None:
        raise _unimplemented("tf.ragged.placeholder without a value_shape")
    with tf.name_scope(name, "RaggedPlaceholder"):
        flat = tf.placeholder(dtype, [None, *inner], name="flat_values")
        splits = [
            tf.placeholder(tf.int64, [None], name=f"row_splits_{i}")
            for i in builtins.range(ragged_rank)
        ]
    return RaggedTensor.from_nested_row_splits(flat, splits, validate=False)


def row_splits_to_segment_ids(splits: Any, name: str | None = None, out_type=None) -> Tensor:
    tf = _gg()
    splits = _int64_vector(splits, "splits")
    # The row of value j: how many rows end at or before it.
    positions = tf.range(splits[-1])
    return tf.searchsorted(splits[1:], positions, side="right", out_type=tf.int64)


def segment_ids_to_row_splits(
    segment_ids: Any, num_segments: Any = None, out_type=None, name: str | None = None
) -> Tensor:
    tf = _gg()
    ids = _int64_vector(segment_ids, "segment_ids")
    from .ops.shape_values import constant_value

    known = num_segments if isinstance(num_segments, int) else None
    folded = constant_value(ids) if num_segments is None else None
    if folded is not None:
        known = int(np.max(folded, initial=-1)) + 1
    if num_segments is None:
        num_segments = tf.reduce_max(tf.concat([ids, tf.constant([-1], tf.int64)], 0)) + 1
    else:
        num_segments = tf.cast(num_segments, tf.int64)
    counts = tf.unsorted_segment_sum(tf.ones_like(ids), ids, num_segments)
    splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(counts)], 0)
    if known is not None:
        splits.set_shape([known + 1])
    return splits


def range(starts: Any, limits: Any = None, deltas: Any = 1, dtype=None, name=None, **_):
    """Row i is `range(starts[i], limits[i], deltas[i])` (scalars broadcast)."""
    tf = _gg()
    if limits is None:
        starts, limits = 0, starts
    limits = convert_to_tensor(limits, dtype)
    starts = convert_to_tensor(starts, limits.dtype)
    deltas = convert_to_tensor(deltas, limits.dtype)
    zero = starts * 0 + limits * 0 + deltas * 0
    s, lim, d = starts + zero, limits + zero, deltas + zero
    s, lim, d = (tf.reshape(t, [-1]) for t in (s, lim, d))
    lengths = tf.cast(tf.maximum(-((s - lim) // d), 0), tf.int64)
    splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(lengths)], 0)
    ids = row_splits_to_segment_ids(splits)
    pos = tf.cast(tf.range(splits[-1]) - tf.gather(splits, ids), s.dtype)
    values = tf.gather(s, ids) + pos * tf.gather(d, ids)
    return RaggedTensor.from_row_splits(values, splits, validate=False)


def map_flat_values(op: Any, *args: Any, **kwargs: Any) -> RaggedTensor:
    """`op` applied to the flat values of the ragged arguments (all of the same splits)."""
    ragged = [a for a in (*args, *kwargs.values()) if isinstance(a, RaggedTensor)]
    if not ragged:
        raise error("INVALID_TENSOR", "map_flat_values requires at least one RaggedTensor")
    checks = [c for r in ragged[1:] for c in _same_splits(ragged[0], r)]

    def flat(a):
        return a.flat_values if isinstance(a, RaggedTensor) else a

    result = op(*[flat(a) for a in args], **{k: flat(v) for k, v in kwargs.items()})
    return ragged[0].with_flat_values(_after(checks, result))


def _same_splits(x: RaggedTensor, y: RaggedTensor) -> list:
    """The checks that x and y split alike: constant splits compared now, others when run
    (InvalidArgumentError either way, as TF's assertions)."""
    from .ops.shape_values import constant_value

    if x.ragged_rank != y.ragged_rank:
        raise _unimplemented("combining RaggedTensors of different ragged_rank")
    tf = _gg()
    checks = []
    for a, b in zip(x.nested_row_splits, y.nested_row_splits, strict=True):
        if a is b:
            continue
        ca, cb = constant_value(a), constant_value(b)
        if ca is not None and cb is not None:
            if not np.array_equal(ca, cb):
                raise error(
                    "SHAPE_MISMATCH",
                    f"Inputs must have identical ragged splits: {ca.tolist()} vs {cb.tolist()}",
                )
            continue
        same = tf.reduce_all(tf.equal(tf.shape(a), tf.shape(b)))
        checks.append(tf.debugging.Assert(same, ["Inputs must have identical ragged splits"]))
        with tf.control_dependencies(checks[-1:]):
            checks.append(tf.debugging.assert_equal(a, b))
    return checks


def _after(checks: list, value: Tensor) -> Tensor:
    if not checks:
        return value
    tf = _gg()
    with tf.control_dependencies(checks):
        return tf.identity(value)


# -- elementwise -------------------------------------------------------------------------------


def unary(api: Any, x: RaggedTensor, *args: Any, **kwargs: Any) -> RaggedTensor:
    return x.with_flat_values(api(x.flat_values, *args, **kwargs))


def binary(api: Any, x: Any, y: Any, name: str | None = None) -> RaggedTensor:
    if isinstance(x, RaggedTensor) and isinstance(y, RaggedTensor):
        checks = _same_splits(x, y)
        return x.with_flat_values(_after(checks, api(x.flat_values, y.flat_values, name=name)))
    if isinstance(x, RaggedTensor):
        return x.with_flat_values(api(x.flat_values, _dense_for(x, y), name=name))
    return y.with_flat_values(api(_dense_for(y, x), y.flat_values, name=name))


def _dense_for(rt: RaggedTensor, y: Any) -> Tensor:
    """Dense `y` broadcast against `rt`'s flat values: its dimensions that meet a ragged
    dimension must be 1, one that meets the rows is gathered per value."""
    tf = _gg()
    y = convert_to_tensor(y, preferred_dtype=rt.dtype)
    ys, fs = y.static_shape, rt.flat_values.static_shape
    if ys is None or fs is None:
        raise _unimplemented("broadcasting a tensor of unknown rank")
    rr, inner = rt.ragged_rank, len(fs) - 1
    if len(ys) <= inner:
        return y
    rank = 1 + rr + inner
    if len(ys) > rank:
        raise _unimplemented("broadcasting a RaggedTensor to a higher rank")
    k = rank - len(ys)
    for d in builtins.range(max(k, 1), rr + 1):
        if ys[d - k] != 1:
            raise error(
                "SHAPE_MISMATCH",
                f"a dense dimension of size {ys[d - k]} does not broadcast to a ragged one",
            )
    inner_dims = list(ys[rr + 1 - k :])
    if k > 0 or ys[0] == 1:
        return tf.reshape(y, inner_dims)
    rows = tf.reshape(y, [-1, *inner_dims])
    return tf.gather(rows, _flat_rowids(rt))


def _flat_rowids(rt: RaggedTensor) -> Tensor:
    """The outermost row of each flat value."""
    tf = _gg()
    splits = rt.nested_row_splits
    ids = row_splits_to_segment_ids(splits[-1])
    for s in reversed(splits[:-1]):
        ids = tf.gather(row_splits_to_segment_ids(s), ids)
    return ids


# -- reductions --------------------------------------------------------------------------------

_SEGMENT = {
    "reduce_sum": "unsorted_segment_sum",
    "reduce_prod": "unsorted_segment_prod",
    "reduce_max": "unsorted_segment_max",
    "reduce_min": "unsorted_segment_min",
}


def reduce(api: Any, rt: RaggedTensor, axis: Any, keepdims: Any, name: str | None) -> Any:
    """`api` (tf.reduce_*) over `axis` of `rt`: the ragged axis by rows, others by values."""
    tf = _gg()
    kind = api.__name__
    if keepdims:
        raise _unimplemented(f"{kind} with keepdims")
    if axis is None:
        return api(rt.flat_values, name=name)
    if isinstance(axis, Tensor):
        from .ops.shape_values import constant_value

        axis = constant_value(axis)
        if axis is None:
            raise _unimplemented(f"{kind} over an axis known only when run")
        axis = axis.tolist()
    if isinstance(axis, list | tuple):
        if len(axis) != 1:
            raise _unimplemented(f"{kind} over several axes")
        axis = axis[0]
    fs = rt.flat_values.static_shape
    rank = 1 + rt.ragged_rank + (0 if fs is None else len(fs) - 1)
    axis = int(axis) + rank if int(axis) < 0 else int(axis)
    if axis > rt.ragged_rank:
        return rt.with_flat_values(api(rt.flat_values, axis - rt.ragged_rank, name=name))
    if axis >= 2:
        # The rows keep their partition; each row's inner rows are reduced (TF's recursion).
        return rt.with_values(reduce(api, rt.values, axis - 1, None, name))
    if rt.ragged_rank != 1:
        raise _unimplemented(f"{kind} over axis {axis} of ragged_rank {rt.ragged_rank}")
    if axis == 1:
        ids, n = rt.value_rowids(), rt.nrows()
    else:
        ids = tf.range(tf.shape(rt.values, out_type=tf.int64)[0]) - tf.gather(
            rt.row_starts(), rt.value_rowids()
        )
        n = tf.reduce_max(tf.concat([rt.row_lengths(), tf.zeros([1], tf.int64)], 0))
    return _segment_reduce(kind, rt.values, ids, n)


def _segment_reduce(kind: str, values: Tensor, ids: Tensor, n: Tensor) -> Tensor:
    tf = _gg()
    if kind in _SEGMENT:
        return getattr(tf, _SEGMENT[kind])(values, ids, n)
    if kind == "reduce_mean":
        total = tf.unsorted_segment_sum(values, ids, n)
        return tf.truediv(total, tf.unsorted_segment_sum(tf.ones_like(values), ids, n))
    if kind in ("reduce_any", "reduce_all"):
        inner = "reduce_sum" if kind == "reduce_any" else "reduce_prod"
        counted = _segment_reduce(inner, tf.cast(values, tf.int32), ids, n)
        return tf.cast(counted, tf.bool)
    raise _unimplemented(kind)


# -- rows: gather, indexing, concat, stack -----------------------------------------------------


def _ranges(starts: Tensor, splits: Tensor) -> Tensor:
    """starts[i] + 0..len_i-1 for each row i of `splits`, flattened."""
    tf = _gg()
    ids = row_splits_to_segment_ids(splits)
    return tf.gather(starts, ids) + tf.range(splits[-1]) - tf.gather(splits, ids)


def _take(values: Any, idx: Tensor) -> Any:
    return (
        gather_rows(values, idx) if isinstance(values, RaggedTensor) else _gg().gather(values, idx)
    )


def gather_rows(rt: RaggedTensor, rows: Any) -> RaggedTensor:
    tf = _gg()
    rows = tf.cast(rows, tf.int64)
    lengths = tf.gather(rt.row_lengths(), rows)
    splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(lengths)], 0)
    idx = _ranges(tf.gather(rt.row_starts(), rows), splits)
    return RaggedTensor(_take(rt.values, idx), splits, internal=True)


def gather(params: Any, indices: Any, axis: Any = None, batch_dims: int = 0, name=None):
    if not isinstance(params, RaggedTensor) or axis not in (None, 0) or batch_dims:
        raise _unimplemented("tf.gather with ragged indices, an axis or batch_dims")
    indices = convert_to_tensor(indices)
    if indices.static_shape is None or len(indices.static_shape) != 1:
        raise _unimplemented("tf.gather of a RaggedTensor with indices not a vector")
    return gather_rows(params, indices)


def getitem(rt: RaggedTensor, key: Any) -> Any:
    """TF's ragged indexing: rows by int or slice, then a slice of the ragged dimension
    (an int there is refused with ValueError, as TF refuses it)."""
    tf = _gg()
    key = key if isinstance(key, tuple) else (key,)
    if not key:
        return rt
    first, rest = key[0], key[1:]
    if first is Ellipsis or first is None:
        raise _unimplemented("indexing with Ellipsis or newaxis")
    if isinstance(first, slice):
        rows = rt if first == slice(None) else gather_rows(rt, tf.range(rt.nrows())[first])
        return _slice_inner(rows, rest) if rest else rows
    row = _row(rt, first)
    return row[rest] if rest else row


def _row(rt: RaggedTensor, i: Any) -> Any:
    from .ops.shape_values import constant_value

    tf = _gg()
    splits = constant_value(rt.row_splits)
    if isinstance(i, int) and splits is not None:
        n = len(splits) - 1
        if not -n <= i < n:
            raise error("INVALID_TENSOR", f"row index {i} out of bounds for {n} rows")
        i = i % n
        start, limit = int(splits[i]), int(splits[i + 1])
        if isinstance(rt.values, Tensor):
            return rt.values[start:limit]
        return _take(rt.values, tf.range(start, limit, dtype=tf.int64))
    i = tf.cast(i, tf.int64)
    i = tf.where(i < 0, i + rt.nrows(), i)
    rows = tf.range(tf.gather(rt.row_splits, i), tf.gather(rt.row_splits, i + 1))
    return _take(rt.values, rows)


def _slice_inner(rt: RaggedTensor, key: tuple) -> RaggedTensor:
    tf = _gg()
    first, rest = key[0], key[1:]
    if not isinstance(first, slice):
        raise error("INVALID_TENSOR", "Cannot index into an inner ragged dimension.")
    if first.step not in (None, 1):
        raise _unimplemented("a strided slice of a ragged dimension")
    lengths = rt.row_lengths()

    def bound(v: Any, default: Tensor) -> Tensor:
        if v is None:
            return default
        if v >= 0:
            return tf.minimum(tf.constant(v, tf.int64), lengths)
        return tf.maximum(lengths + v, 0)

    begin = bound(first.start, tf.zeros_like(lengths))
    end = bound(first.stop, lengths)
    new_lengths = tf.maximum(end - begin, 0)
    splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(new_lengths)], 0)
    values = _take(rt.values, _ranges(rt.row_starts() + begin, splits))
    if rest:
        values = values[(slice(None), *rest)]
    return RaggedTensor(values, splits, internal=True)


def _as_ragged(values: list, what: str) -> list:
    dtype = next(v.dtype for v in values if isinstance(v, RaggedTensor))
    out = []
    for v in values:
        if not isinstance(v, RaggedTensor):
            t = convert_to_tensor(v, dtype)
            if t.static_shape is None or len(t.static_shape) != 2:
                raise _unimplemented(f"{what} of a RaggedTensor with a dense tensor not 2-D")
            v = from_dense(t, None, None)
        out.append(v)
    if len({v.ragged_rank for v in out}) != 1:
        raise _unimplemented(f"{what} of RaggedTensors of different ragged_rank")
    return out


def _concat_rows(values: list) -> Any:
    tf = _gg()
    if not isinstance(values[0], RaggedTensor):
        return tf.concat(values, 0)
    parts, offset = [values[0].row_splits], values[0].row_splits[-1]
    for v in values[1:]:
        parts.append(v.row_splits[1:] + offset)
        offset = offset + v.row_splits[-1]
    inner = _concat_rows([v.values for v in values])
    return RaggedTensor(inner, tf.concat(parts, 0), internal=True)


def concat(values: list, axis: int, name: str | None = None) -> RaggedTensor:
    values = _as_ragged(list(values), "tf.concat")
    rank = 1 + values[0].ragged_rank + len(values[0].flat_values.static_shape or (0,)) - 1
    axis = axis + rank if axis < 0 else axis
    if axis == 0:
        return _concat_rows(values)
    if axis == 1 and all(v.ragged_rank == 1 for v in values):
        return _concat_columns(values)
    raise _unimplemented(f"tf.concat along axis {axis}")


def _concat_columns(values: list) -> RaggedTensor:
    """Row i of the result is row i of each input in turn: each value's place in the
    result, inverted into the order to gather the inputs' values in."""
    tf = _gg()
    lengths = [v.row_lengths() for v in values]
    total = tf.add_n(lengths) if len(lengths) > 1 else lengths[0]
    splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(total)], 0)
    before = splits[:-1]
    places = []
    for v, n in zip(values, lengths, strict=True):
        ids = v.value_rowids()
        column = tf.range(tf.shape(v.values, out_type=tf.int64)[0]) - tf.gather(v.row_starts(), ids)
        places.append(tf.gather(before, ids) + column)
        before = before + n
    order = tf.invert_permutation(tf.concat(places, 0))
    flat = tf.gather(tf.concat([v.values for v in values], 0), order)
    return RaggedTensor(flat, splits, internal=True)


def stack(values: list, axis: int = 0, name: str | None = None) -> RaggedTensor:
    tf = _gg()
    values = _as_ragged(list(values), "tf.stack")
    if axis != 0:
        raise _unimplemented(f"tf.stack along axis {axis}")
    counts = tf.stack([v.nrows() for v in values])
    splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(counts)], 0)
    return RaggedTensor(_concat_rows(values), splits, internal=True)


def tile(rt: RaggedTensor, multiples: Any, name: str | None = None) -> RaggedTensor:
    """Rows repeated `multiples[0]` times, each row's values `multiples[1]` times in it
    (ragged_rank 1; the inner dimensions tiled as a dense tensor's)."""
    from .ops.shape_values import constant_value

    tf = _gg()
    m = constant_value(convert_to_tensor(multiples))
    fs = rt.flat_values.static_shape
    if m is None or rt.ragged_rank != 1 or fs is None or len(m) != len(fs) + 1:
        raise _unimplemented("tf.tile of a RaggedTensor (ragged_rank 1, constant multiples)")
    m = [int(v) for v in m]
    if min(m) < 0:
        raise error("INVALID_TENSOR", f"multiples must be non-negative, got {m}")
    lengths = rt.row_lengths()
    splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(lengths * m[1])], 0)
    ids = row_splits_to_segment_ids(splits)
    within = tf.range(splits[-1]) - tf.gather(splits, ids)
    source = tf.gather(rt.row_starts(), ids) + within % tf.maximum(tf.gather(lengths, ids), 1)
    values = tf.gather(rt.values, source)
    if len(m) > 2:
        values = tf.tile(values, [1, *m[2:]])
    tiled = RaggedTensor(values, splits, internal=True)
    if m[0] == 1:
        return tiled
    return gather_rows(tiled, tf.tile(tf.range(rt.nrows()), [m[0]]))


def boolean_mask(data: Any, mask: Any, name: str | None = None) -> Any:
    """TF's ragged boolean_mask: a 1-D mask keeps rows; a mask of data's rows and
    columns (ragged of the same splits, or both dense 2-D) keeps values within rows."""
    tf = _gg()
    if not isinstance(mask, RaggedTensor):
        mask = convert_to_tensor(mask, tf.bool)
        ms = mask.static_shape
        if ms is not None and len(ms) == 1:
            if isinstance(data, RaggedTensor):
                return gather_rows(data, tf.where(mask)[:, 0])
            return tf.boolean_mask(data, mask)
        if ms is None or len(ms) != 2:
            raise _unimplemented("tf.ragged.boolean_mask with a mask not 1-D or 2-D")
        mask = from_dense(mask, None, None)
    if not isinstance(data, RaggedTensor):
        data = from_dense(convert_to_tensor(data), None, None)
    if data.ragged_rank != 1 or mask.ragged_rank != 1:
        raise _unimplemented("tf.ragged.boolean_mask of ragged_rank > 1")
    checks = _same_splits(data, mask)
    keep = _after(checks, mask.values)
    lengths = tf.unsorted_segment_sum(tf.cast(keep, tf.int64), data.value_rowids(), data.nrows())
    return RaggedTensor.from_row_lengths(tf.boolean_mask(data.values, keep), lengths)


def _refused(name: str):
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise _unimplemented(f"tf.ragged.{name}")

    refuse.__name__ = name
    return refuse


cross = _refused("cross")
cross_hashed = _refused("cross_hashed")
stack_dynamic_partitions = _refused("stack_dynamic_partitions")


def string_join(inputs: list, api: Any, separator: str = "", name: str | None = None):
    ragged = [x for x in inputs if isinstance(x, RaggedTensor)]
    checks = [c for r in ragged[1:] for c in _same_splits(ragged[0], r)]
    flats = [
        x.flat_values if isinstance(x, RaggedTensor) else _dense_for(ragged[0], x) for x in inputs
    ]
    return ragged[0].with_flat_values(_after(checks, api(flats, separator=separator, name=name)))


# -- dense and sparse --------------------------------------------------------------------------


def from_dense(t: Tensor, lengths: Any, padding: Any) -> RaggedTensor:
    tf = _gg()
    shape = t.static_shape
    if shape is None or len(shape) < 2:
        raise error("INVALID_TENSOR", "RaggedTensor.from_tensor needs a tensor of rank >= 2")
    dims = tf.shape(t, out_type=tf.int64)
    nrows, ncols = dims[0], dims[1]
    if padding is not None:
        keep = tf.not_equal(t, tf.cast(padding, t.dtype))
        if len(shape) > 2:
            keep = tf.reduce_any(keep, axis=list(builtins.range(2, len(shape))))
        column = tf.range(1, ncols + 1)
        lengths = tf.maximum(tf.reduce_max(tf.cast(keep, tf.int64) * column, axis=1), 0)
    if lengths is None:
        values = tf.reshape(t, tf.concat([[-1], dims[2:]], 0))
        return RaggedTensor.from_row_splits(values, tf.range(nrows + 1) * ncols, validate=False)
    lengths = _int64_vector(lengths, "lengths")
    values = tf.boolean_mask(t, tf.sequence_mask(lengths, ncols))
    return RaggedTensor.from_row_lengths(values, lengths)


def to_dense(rt: RaggedTensor, default: Any) -> Tensor:
    tf = _gg()
    values = rt.values
    if isinstance(values, RaggedTensor):
        values = to_dense(values, default)
    if default is None:
        default = "" if values.dtype == tf.string else 0
    vshape = tf.shape(values, out_type=tf.int64)
    pad = tf.fill(tf.concat([[1], vshape[1:]], 0), tf.cast(default, values.dtype))
    padded = tf.concat([values, pad], 0)
    lengths = rt.row_lengths()
    longest = tf.reduce_max(tf.concat([lengths, tf.zeros([1], tf.int64)], 0))
    column = tf.range(longest)
    valid = tf.cast(tf.less(column[None, :], lengths[:, None]), tf.int64)
    idx = (rt.row_starts()[:, None] + column[None, :]) * valid + vshape[0] * (1 - valid)
    dense = tf.gather(padded, idx)
    dense.set_shape([rt.shape[0], None, *values.shape[1:]])
    return dense


def to_sparse(rt: RaggedTensor) -> Any:
    from .sparse_tensor import SparseTensor

    tf = _gg()
    fs = rt.flat_values.static_shape
    if rt.ragged_rank != 1 or fs is None or len(fs) != 1:
        raise _unimplemented("to_sparse of a RaggedTensor not 2-D")
    ids = rt.value_rowids()
    column = tf.range(tf.shape(rt.values, out_type=tf.int64)[0]) - tf.gather(rt.row_starts(), ids)
    longest = tf.reduce_max(tf.concat([rt.row_lengths(), tf.zeros([1], tf.int64)], 0))
    return SparseTensor(tf.stack([ids, column], 1), rt.values, tf.stack([rt.nrows(), longest]))


__all__ = [
    "RaggedTensorValue",
    "boolean_mask",
    "constant",
    "constant_value",
    "cross",
    "cross_hashed",
    "map_flat_values",
    "placeholder",
    "range",
    "row_splits_to_segment_ids",
    "segment_ids_to_row_splits",
    "stack",
    "stack_dynamic_partitions",
]
