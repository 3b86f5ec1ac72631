"""TF1's `RaggedTensor`: a composite of ordinary tensors (`values` and int64 `row_splits`,
`values` itself a RaggedTensor for each further ragged dimension), never a node of its own.

Everything a RaggedTensor does is built from public graphgate ops (gather, cumsum,
unsorted segment reductions...), so the plan compiler, the wire format and the HTTP
service only ever see dense tensors, as for `SparseTensor` (`sparse_tensor.py`). A session
fetches one as a `RaggedTensorValue` and feeds a `tf.ragged.placeholder` with one
(`expand_fetches` / `expand_feeds` there). The ops of `tf.ragged` and the dispatch of
`tf.add`, `tf.reduce_*`, `tf.concat`... on ragged arguments live in `ragged_ops.py`.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import DenseConvertible, Tensor, TensorShape, convert_to_tensor


def _gg():
    """The public API: a RaggedTensor is a composite of its ops (imported on first use,
    as `graphgate` imports this module)."""
    import graphgate

    return graphgate


class RaggedTensorValue(tuple):
    """TF1's `tf.ragged.RaggedTensorValue(values, row_splits)`, what `Session.run` returns
    for a RaggedTensor: a (values, row_splits) pair of arrays (`values` a RaggedTensorValue
    for each further ragged dimension), kept a tuple with `_fields` so that the plan
    flattens and rebuilds it as it does a SparseTensorValue."""

    __slots__ = ()
    _fields = ("values", "row_splits")

    def __new__(cls, values: Any, row_splits: Any) -> RaggedTensorValue:
        return tuple.__new__(cls, (values, row_splits))

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    values = property(operator.itemgetter(0))
    row_splits = property(operator.itemgetter(1))

    @property
    def flat_values(self) -> Any:
        v = self.values
        return v.flat_values if isinstance(v, RaggedTensorValue) else v

    @property
    def nested_row_splits(self) -> tuple:
        v = self.values
        inner = v.nested_row_splits if isinstance(v, RaggedTensorValue) else ()
        return (self.row_splits, *inner)

    @property
    def ragged_rank(self) -> int:
        return len(self.nested_row_splits)

    @property
    def dtype(self) -> Any:
        return np.asarray(self.flat_values).dtype

    @property
    def shape(self) -> tuple:
        inner = np.shape(self.flat_values)[1:]
        return (len(self.row_splits) - 1, *([None] * self.ragged_rank), *inner)

    def to_list(self) -> list:
        v = self.values
        rows = v.to_list() if isinstance(v, RaggedTensorValue) else np.asarray(v).tolist()
        s = np.asarray(self.row_splits)
        return [rows[s[i] : s[i + 1]] for i in range(len(s) - 1)]

    def __repr__(self) -> str:
        return f"tf.RaggedTensorValue(values={self[0]!r}, row_splits={self[1]!r})"


class RaggedTensor(DenseConvertible):
    """Rows of varying length: row `i` is `values[row_splits[i]:row_splits[i + 1]]`. Build
    one with `tf.ragged.constant` or the `from_*` factories. An op that has no ragged
    version refuses it by name (UnimplementedError) rather than densifying it."""

    __slots__ = ("_row_splits", "_values")

    def __init__(self, values: Any, row_splits: Tensor, internal: bool = False):
        if not internal:
            raise error(
                "INVALID_TENSOR",
                "RaggedTensor constructor is private; use a factory method such as "
                "tf.RaggedTensor.from_row_splits or tf.ragged.constant",
            )
        self._values = values
        self._row_splits = row_splits

    # -- factories ----------------------------------------------------------------------------

    @classmethod
    def from_row_splits(
        cls, values: Any, row_splits: Any, name: str | None = None, validate: bool = True
    ) -> RaggedTensor:
        """`values` split into rows at `row_splits` (0 first, nondecreasing, nvals last)."""
        values = _values(values)
        splits = _int64_vector(row_splits, "row_splits")
        if validate:
            splits = _check_splits(splits, values)
        return cls(values, splits, internal=True)

    @classmethod
    def from_row_lengths(
        cls, values: Any, row_lengths: Any, name: str | None = None, validate: bool = True
    ) -> RaggedTensor:
        tf = _gg()
        lengths = _int64_vector(row_lengths, "row_lengths")
        splits = tf.concat([tf.zeros([1], tf.int64), tf.cumsum(lengths)], 0)
        return cls.from_row_splits(values, splits, validate=validate)

    @classmethod
    def from_row_starts(
        cls, values: Any, row_starts: Any, name: str | None = None, validate: bool = True
    ) -> RaggedTensor:
        tf = _gg()
        values = _values(values)
        starts = _int64_vector(row_starts, "row_starts")
        splits = tf.concat([starts, tf.reshape(_nrows_of(values), [1])], 0)
        return cls.from_row_splits(values, splits, validate=validate)

    @classmethod
    def from_row_limits(
        cls, values: Any, row_limits: Any, name: str | None = None, validate: bool = True
    ) -> RaggedTensor:
        tf = _gg()
        limits = _int64_vector(row_limits, "row_limits")
        splits = tf.concat([tf.zeros([1], tf.int64), limits], 0)
        return cls.from_row_splits(values, splits, validate=validate)

    @classmethod
    def from_value_rowids(
        cls,
        values: Any,
        value_rowids: Any,
        nrows: Any = None,
        name: str | None = None,
        validate: bool = True,
    ) -> RaggedTensor:
        """Value `j` in row `value_rowids[j]` (sorted); `nrows` defaults to the last id + 1."""
        from .ragged_ops import segment_ids_to_row_splits

        rowids = _int64_vector(value_rowids, "value_rowids")
        if validate:
            rowids = _check_rowids(rowids)
        splits = segment_ids_to_row_splits(rowids, nrows)
        return cls.from_row_splits(values, splits, validate=validate)

    @classmethod
    def from_nested_row_splits(
        cls,
        flat_values: Any,
        nested_row_splits: Any,
        name: str | None = None,
        validate: bool = True,
    ) -> RaggedTensor:
        result = flat_values
        for splits in reversed(list(nested_row_splits)):
            result = cls.from_row_splits(result, splits, validate=validate)
        return result

    @classmethod
    def from_nested_row_lengths(
        cls, flat_values: Any, nested_row_lengths: Any, name: str | None = None, validate=True
    ) -> RaggedTensor:
        result = flat_values
        for lengths in reversed(list(nested_row_lengths)):
            result = cls.from_row_lengths(result, lengths)
        return result

    @classmethod
    def from_nested_value_rowids(
        cls,
        flat_values: Any,
        nested_value_rowids: Any,
        nested_nrows: Any = None,
        name: str | None = None,
        validate: bool = True,
    ) -> RaggedTensor:
        ids = list(nested_value_rowids)
        nrows = [None] * len(ids) if nested_nrows is None else list(nested_nrows)
        result = flat_values
        for rowids, n in reversed(list(zip(ids, nrows, strict=True))):
            result = cls.from_value_rowids(result, rowids, n)
        return result

    @classmethod
    def from_tensor(
        cls,
        tensor: Any,
        lengths: Any = None,
        padding: Any = None,
        ragged_rank: int = 1,
        name: str | None = None,
        row_splits_dtype: Any = _dt.int64,
    ) -> RaggedTensor:
        """Each row of a dense `tensor`, cut at `lengths` or before its trailing `padding`."""
        from .ragged_ops import from_dense

        if ragged_rank != 1:
            raise error("UNIMPLEMENTED", "RaggedTensor.from_tensor with ragged_rank != 1")
        if lengths is not None and padding is not None:
            raise error("INVALID_TENSOR", "Specify lengths or padding, but not both")
        return from_dense(convert_to_tensor(tensor, name="tensor"), lengths, padding)

    @classmethod
    def from_sparse(cls, st_input: Any, name: str | None = None, row_splits_dtype=_dt.int64):
        """A 2-D SparseTensor in row-major order, each row its values."""
        from .sparse_tensor import convert

        tf = _gg()
        st = convert(st_input, "st_input")
        static = st.static_dense_shape
        if static is not None and len(static) != 2:
            raise error("INVALID_TENSOR", "rank(st_input) must be 2")
        rowids = st.indices[:, 0]
        nrows = static[0] if static and static[0] is not None else tf.gather(st.dense_shape, 0)
        return cls.from_value_rowids(st.values, rowids, nrows)

    # -- parts --------------------------------------------------------------------------------

    @property
    def values(self) -> Any:
        return self._values

    @property
    def row_splits(self) -> Tensor:
        return self._row_splits

    @property
    def flat_values(self) -> Tensor:
        v = self._values
        return v.flat_values if isinstance(v, RaggedTensor) else v

    @property
    def nested_row_splits(self) -> tuple:
        v = self._values
        inner = v.nested_row_splits if isinstance(v, RaggedTensor) else ()
        return (self._row_splits, *inner)

    @property
    def ragged_rank(self) -> int:
        return len(self.nested_row_splits)

    @property
    def dtype(self) -> Any:
        return self.flat_values.dtype

    @property
    def row_splits_dtype(self) -> Any:
        return _dt.int64

    @property
    def graph(self):
        return self._row_splits.op.graph

    @property
    def shape(self) -> TensorShape:
        """(nrows, None per ragged dimension, the flat values' inner dimensions)."""
        splits = self._row_splits.static_shape
        nrows = None if splits is None or splits[0] is None else splits[0] - 1
        inner = self.flat_values.static_shape
        if inner is None:
            return TensorShape(None)
        return TensorShape([nrows, *([None] * self.ragged_rank), *inner[1:]])

    def get_shape(self) -> TensorShape:
        return self.shape

    def components(self) -> tuple:
        """The tensors a session fetches and feeds: flat values, then each level's splits."""
        return (self.flat_values, *self.nested_row_splits)

    def nrows(self, out_type: Any = _dt.int64, name: str | None = None) -> Tensor:
        tf = _gg()
        n = tf.shape(self._row_splits, out_type=tf.int64)[0] - 1
        return n if _dt.as_dtype(out_type) == _dt.int64 else tf.cast(n, out_type)

    def row_starts(self, name: str | None = None) -> Tensor:
        return self._row_splits[:-1]

    def row_limits(self, name: str | None = None) -> Tensor:
        return self._row_splits[1:]

    def row_lengths(self, axis: int = 1, name: str | None = None) -> Tensor:
        if axis != 1:
            raise error("UNIMPLEMENTED", "RaggedTensor.row_lengths with axis != 1")
        return self._row_splits[1:] - self._row_splits[:-1]

    def value_rowids(self, name: str | None = None) -> Tensor:
        from .ragged_ops import row_splits_to_segment_ids

        return row_splits_to_segment_ids(self._row_splits)

    def nested_row_lengths(self, name: str | None = None) -> tuple:
        rt, out = self, []
        while isinstance(rt, RaggedTensor):
            out.append(rt.row_lengths())
            rt = rt.values
        return tuple(out)

    def bounding_shape(self, axis: Any = None, name: str | None = None, out_type=_dt.int64):
        """[nrows, the longest row of each ragged dimension, the inner dimensions]."""
        tf = _gg()
        dims = [tf.reshape(self.nrows(), [1])]
        rt = self
        while isinstance(rt, RaggedTensor):
            longest = tf.reduce_max(tf.concat([rt.row_lengths(), tf.zeros([1], tf.int64)], 0))
            dims.append(tf.reshape(longest, [1]))
            rt = rt.values
        dims.append(tf.shape(rt, out_type=tf.int64)[1:])
        shape = tf.concat(dims, 0)
        return shape if axis is None else tf.gather(shape, axis)

    def with_values(self, new_values: Any) -> RaggedTensor:
        return RaggedTensor(new_values, self._row_splits, internal=True)

    def with_flat_values(self, new_values: Any) -> RaggedTensor:
        v = self._values
        inner = v.with_flat_values(new_values) if isinstance(v, RaggedTensor) else new_values
        return RaggedTensor(inner, self._row_splits, internal=True)

    # -- conversions --------------------------------------------------------------------------

    def to_tensor(self, default_value: Any = None, name: str | None = None, shape=None):
        """The dense tensor of `bounding_shape()`, `default_value` (0, '') where no value."""
        from .ragged_ops import to_dense

        if shape is not None:
            raise error("UNIMPLEMENTED", "RaggedTensor.to_tensor with a shape")
        return to_dense(self, default_value)

    def to_sparse(self, name: str | None = None):
        from .ragged_ops import to_sparse

        return to_sparse(self)

    def to_list(self) -> list:
        raise error(
            "INVALID_TENSOR",
            "RaggedTensor.to_list() is only supported in eager mode; in graph mode, "
            "evaluate the RaggedTensor first (Session.run) and call to_list() on the value",
        )

    def _as_dense_tensor(self, dtype: Any = None, name: str | None = None) -> Tensor:
        raise error(
            "UNIMPLEMENTED",
            f"{name or 'this op'} has no RaggedTensor version in graphgate; convert with "
            "rt.to_tensor() or rt.flat_values (docs/engine.md, ragged tensors)",
        )

    def eval(self, feed_dict: Any = None, session: Any = None) -> RaggedTensorValue:
        from .session import default_session

        return (session or default_session()).run(self, feed_dict)

    def __getitem__(self, key: Any) -> Any:
        from .ragged_ops import getitem

        return getitem(self, key)

    def __repr__(self) -> str:
        return f"tf.RaggedTensor(values={self._values!r}, row_splits={self._row_splits!r})"

    def __bool__(self) -> bool:
        raise error("DTYPE_MISMATCH", "Using a RaggedTensor as a Python bool is not allowed")

    __hash__ = object.__hash__


def _values(values: Any) -> Any:
    if isinstance(values, RaggedTensor):
        return values
    if isinstance(values, RaggedTensorValue):
        return _constant_of(values)
    return convert_to_tensor(values, name="values")


def _constant_of(value: RaggedTensorValue) -> RaggedTensor:
    return RaggedTensor.from_nested_row_splits(
        value.flat_values, [np.asarray(s, np.int64) for s in value.nested_row_splits]
    )


def _int64_vector(value: Any, what: str) -> Tensor:
    tf = _gg()
    if isinstance(value, Tensor):
        t = value
    else:
        arr = np.asarray(value)
        if arr.size == 0 or arr.dtype.kind in "iu":
            arr = arr.astype(np.int64)
        t = convert_to_tensor(arr, name=what)
    if t.dtype not in (_dt.int32, _dt.int64):
        raise error("INVALID_TENSOR", f"{what} must be int32 or int64, got {t.dtype.name}")
    if t.static_shape is not None and len(t.static_shape) != 1:
        raise error("SHAPE_MISMATCH", f"{what} must be a vector, got shape {t.static_shape}")
    return t if t.dtype == _dt.int64 else tf.cast(t, tf.int64)


def _nrows_of(values: Any) -> Tensor:
    if isinstance(values, RaggedTensor):
        return values.nrows()
    return _gg().shape(values, out_type=_dt.int64)[0]


def _check_splits(splits: Tensor, values: Any) -> Tensor:
    """TF's validation of row_splits (zero first, nondecreasing, the number of values
    last): constant ones checked now, others by an assertion the splits wait for, so a
    bad feed fails the run (InvalidArgumentError) instead of answering wrong rows."""
    from .ops.shape_values import constant_value

    tf = _gg()
    s = constant_value(splits)
    nvals = _nrows_of(values)
    known = constant_value(nvals)
    if s is not None and (known is not None or len(s) == 0 or s[0] != 0):
        s = np.asarray(s)
        n = None if known is None else int(known)
        if (
            len(s) == 0
            or s[0] != 0
            or bool(np.any(np.diff(s) < 0))
            or (n is not None and s[-1] != n)
        ):
            raise error(
                "INVALID_TENSOR",
                f"row_splits {s.tolist()} must start at zero, be nondecreasing and end at "
                f"the number of values ({n})",
            )
        return splits
    ok = tf.logical_and(
        tf.logical_and(tf.size(splits) > 0, tf.reduce_all(tf.equal(splits[:1], 0))),
        tf.logical_and(
            tf.reduce_all(splits[1:] >= splits[:-1]),
            tf.reduce_all(tf.equal(splits[-1:], nvals)),
        ),
    )
    message = "row_splits must start at zero, be nondecreasing and end at the number of values"
    check = tf.debugging.Assert(ok, [message, splits])
    with tf.control_dependencies([check]):
        return tf.identity(splits)


def _check_rowids(rowids: Tensor) -> Tensor:
    """TF's check that value_rowids are sorted and not negative (values regroup wrong
    otherwise); constant ones now, others when run."""
    from .ops.shape_values import constant_value

    tf = _gg()
    ids = constant_value(rowids)
    if ids is not None:
        if bool(np.any(np.diff(ids) < 0)) or bool(np.any(np.asarray(ids) < 0)):
            raise error("INVALID_TENSOR", f"value_rowids {ids.tolist()} must be sorted and >= 0")
        return rowids
    ok = tf.logical_and(tf.reduce_all(rowids[1:] >= rowids[:-1]), tf.reduce_all(rowids >= 0))
    check = tf.debugging.Assert(ok, ["value_rowids must be sorted and >= 0", rowids])
    with tf.control_dependencies([check]):
        return tf.identity(rowids)


def is_ragged(value: Any) -> bool:
    return isinstance(value, RaggedTensor)


__all__ = ["RaggedTensor", "RaggedTensorValue"]


def _operator(op_name: str, reflected: bool = False):
    def method(self, other):
        fn = getattr(_gg(), op_name)
        return fn(other, self) if reflected else fn(self, other)

    return method


def _unary_operator(op_name: str):
    return lambda self: getattr(_gg(), op_name)(self)


# TF's RaggedTensor overloads the operators a Tensor has, each its elementwise op.
for _name, _op_name in (
    ("add", "add"),
    ("sub", "subtract"),
    ("mul", "multiply"),
    ("truediv", "truediv"),
    ("floordiv", "floordiv"),
    ("mod", "floormod"),
    ("pow", "pow"),
    ("and", "logical_and"),
    ("or", "logical_or"),
    ("xor", "logical_xor"),
):
    setattr(RaggedTensor, f"__{_name}__", _operator(_op_name))
    setattr(RaggedTensor, f"__r{_name}__", _operator(_op_name, reflected=True))
for _name, _op_name in (
    ("lt", "less"),
    ("le", "less_equal"),
    ("gt", "greater"),
    ("ge", "greater_equal"),
):
    setattr(RaggedTensor, f"__{_name}__", _operator(_op_name))
for _name, _op_name in (("neg", "negative"), ("abs", "abs"), ("invert", "logical_not")):
    setattr(RaggedTensor, f"__{_name}__", _unary_operator(_op_name))
