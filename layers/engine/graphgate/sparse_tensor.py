"""TF1's `SparseTensor`: a composite of three dense tensors (int64 `indices` [N, rank],
`values` [N], int64 `dense_shape` [rank]), never a node of its own.

A session fetches one as a `SparseTensorValue` (the namedtuple TF1 returns) and feeds one
(a `sparse_placeholder`) with a `SparseTensorValue` or an `(indices, values, shape)` tuple:
`expand_fetches` and `expand_feeds` turn both into their three component tensors, so the
plan compiler, the wire format and the HTTP service only ever see dense tensors.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import (
    Tensor,
    TensorShape,
    autopack,
    constant_op,
    convert_to_tensor,
    get_default_graph,
    holds_tensor,
)
from .indexed_slices import IndexedSlices, IndexedSlicesValue
from .plan import attrs_fields, dict_like
from .ragged_tensor import RaggedTensor, RaggedTensorValue


class SparseTensorValue(tuple):
    """TF1's `SparseTensorValue(indices, values, dense_shape)`: a namedtuple, written out
    because `collections.namedtuple` compiles code and the session imports this module
    with `import graphgate` (whose import time is budgeted)."""

    __slots__ = ()
    _fields = ("indices", "values", "dense_shape")

    def __new__(cls, indices: Any, values: Any, dense_shape: Any) -> SparseTensorValue:
        return tuple.__new__(cls, (indices, values, dense_shape))

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    indices = property(operator.itemgetter(0))
    values = property(operator.itemgetter(1))
    dense_shape = property(operator.itemgetter(2))

    def _asdict(self) -> dict:
        return dict(zip(self._fields, self, strict=True))

    def _replace(self, **changes: Any) -> SparseTensorValue:
        return SparseTensorValue(**{**self._asdict(), **changes})

    def __repr__(self) -> str:
        return (
            f"SparseTensorValue(indices={self[0]!r}, values={self[1]!r}, dense_shape={self[2]!r})"
        )


def _static_dense_shape(shape: Tensor) -> tuple | None:
    """What TF's `constant_value_as_shape` knows of a dense_shape tensor."""
    from .ops.shape_values import partial_shape  # the op families import this module

    return partial_shape(shape)


class SparseTensor:
    """`values[i]` sits at `indices[i]` of a tensor of `dense_shape`; every other entry is
    zero (or a default value). `indices` and `dense_shape` are int64, as TF1's."""

    def __init__(self, indices: Any, values: Any, dense_shape: Any):
        graph = next(
            (t.op.graph for t in (indices, values, dense_shape) if isinstance(t, Tensor)),
            get_default_graph(),
        )
        with graph.name_scope(None, "SparseTensor"):
            self._indices = _int64(graph, indices, "indices")
            self._values = convert_to_tensor(values, None, "values", graph)
            self._dense_shape = _int64(graph, dense_shape, "dense_shape")
        self._static = _static_dense_shape(self._dense_shape)
        ishape = self._indices.static_shape
        if ishape is not None and len(ishape) != 2:
            raise error("SHAPE_MISMATCH", f"indices must be a matrix, got shape {list(ishape)}")
        vshape = self._values.static_shape
        if vshape is not None and len(vshape) != 1:
            raise error("SHAPE_MISMATCH", f"values must be a vector, got shape {list(vshape)}")
        _check_agree(ishape, vshape, self._dense_shape.static_shape)

    @classmethod
    def from_value(cls, value: Any) -> SparseTensor:
        if isinstance(value, SparseTensor):
            return value
        return cls(*value)

    @property
    def indices(self) -> Tensor:
        return self._indices

    @property
    def values(self) -> Tensor:
        return self._values

    @property
    def dense_shape(self) -> Tensor:
        return self._dense_shape

    @property
    def dtype(self) -> Any:
        return self._values.dtype

    @property
    def op(self):
        return self._values.op

    @property
    def graph(self):
        return self._values.op.graph

    @property
    def static_dense_shape(self) -> tuple | None:
        """The dense shape as far as it is known when building (ints and Nones)."""
        return self._static

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._static)

    def get_shape(self) -> TensorShape:
        return TensorShape(self._static)

    def consumers(self) -> list:
        return [op for t in self.components() for op in t.consumers()]

    def components(self) -> tuple[Tensor, Tensor, Tensor]:
        return (self._indices, self._values, self._dense_shape)

    def eval(self, feed_dict: Any = None, session: Any = None) -> SparseTensorValue:
        from .session import default_session

        return (session or default_session()).run(self, feed_dict)

    # TF1's operators with a dense operand: the result keeps this tensor's indices.
    def __mul__(self, other: Any) -> SparseTensor:
        return _cwise("SparseDenseCwiseMul", self, other, "mul")

    def __truediv__(self, other: Any) -> SparseTensor:
        return _cwise("SparseDenseCwiseDiv", self, other, "truediv")

    def __div__(self, other: Any) -> SparseTensor:
        return _cwise("SparseDenseCwiseDiv", self, other, "div")

    def __repr__(self) -> str:
        return (
            f"SparseTensor(indices={self._indices!r}, values={self._values!r}, "
            f"dense_shape={self._dense_shape!r})"
        )


def _cwise(type_: str, sp: SparseTensor, other: Any, name: str) -> SparseTensor:
    from .ops.sparse_ops import sparse_dense_cwise

    if isinstance(other, SparseTensor):
        raise error("DTYPE_MISMATCH", f"{name} of two SparseTensors; one must be dense")
    return sparse_dense_cwise(type_, sp, other, name)


def _int64(graph, value: Any, name: str) -> Tensor:
    if isinstance(value, Tensor):
        if value.dtype != _dt.int64:
            raise error(
                "DTYPE_MISMATCH",
                f"SparseTensor's {name} must be int64, got {value.dtype.name}",
            )
        return value
    if holds_tensor(value):  # `[[0], [n]]`: packed (and cast to int64) as TF packs it
        return autopack(value, _dt.int64, name)
    arr = np.asarray(value)
    if arr.size and arr.dtype.kind not in "iu":
        raise error("DTYPE_MISMATCH", f"SparseTensor's {name} must be integers, got {arr.dtype}")
    return constant_op(graph, arr.astype(np.int64), _dt.int64, name)


def with_static(sp: SparseTensor, shape: tuple | None) -> SparseTensor:
    """`sp`, its static dense shape refined by what the builder knows (an op's result
    whose dense_shape is computed at run time but whose size is known when building)."""
    if shape is not None and (sp._static is None or None in sp._static):
        sp._static = tuple(shape)
    return sp


def convert(value: Any, what: str = "sp_input") -> SparseTensor:
    """A SparseTensor argument: a SparseTensor or a SparseTensorValue (made constants)."""
    if isinstance(value, SparseTensor):
        return value
    if isinstance(value, SparseTensorValue):
        return SparseTensor(*value)
    raise error("DTYPE_MISMATCH", f"{what} must be a SparseTensor, got a {type(value).__name__}")


def sparse_placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> SparseTensor:
    """A SparseTensor fed at run time, as `{sp: SparseTensorValue(...)}` or
    `{sp: (indices, values, dense_shape)}`; TF1 names its parts `name/indices`,
    `name/values` and `name/shape`."""
    from .ops.array_ops import placeholder

    def part(suffix):
        return None if name is None else f"{name}/{suffix}"

    if isinstance(shape, Tensor):
        return _placeholder_of_shape_tensor(dtype, shape, part)
    rank = None if shape is None else len(shape)
    values = placeholder(dtype, [None], name=part("values"))
    indices = placeholder(_dt.int64, [None, rank], name=part("indices"))
    graph = values.op.graph
    static = None if shape is None else tuple(None if d is None else int(d) for d in shape)
    if static is not None and None not in static:
        dense_shape = constant_op(graph, np.array(static, np.int64), _dt.int64, part("shape"))
    else:
        dense_shape = placeholder(_dt.int64, [rank], name=part("shape"))
    return with_static(SparseTensor(indices, values, dense_shape), static)


def _placeholder_of_shape_tensor(dtype: Any, shape: Tensor, part) -> SparseTensor:
    """A sparse placeholder whose dense shape is a tensor (Kipf's GCN passes
    `tf.constant(features[2], dtype=tf.int64)`): as TF, the shape is a feedable
    placeholder_with_default of it, and what the graph fixes of it is the static shape."""
    from .ops.array_ops import placeholder, placeholder_with_default
    from .ops.math_ops import cast
    from .ops.shape_values import static_ints

    if shape.static_shape is not None and len(shape.static_shape) != 1:
        raise error("SHAPE_MISMATCH", f"a sparse placeholder's shape must be a vector, got {shape}")
    rank = None if shape.static_shape is None else shape.static_shape[0]
    known = static_ints(shape)
    static = None if known is None else tuple(None if d < 0 else d for d in known)
    values = placeholder(dtype, [None], name=part("values"))
    indices = placeholder(_dt.int64, [None, rank], name=part("indices"))
    dense_shape = placeholder_with_default(cast(shape, _dt.int64), [rank], name=part("shape"))
    return with_static(SparseTensor(indices, values, dense_shape), static)


# -- the session's side ----------------------------------------------------------------------


def expand_fetches(fetches: Any) -> Any:
    """`fetches` with each SparseTensor as a SparseTensorValue of its three tensors, and
    each IndexedSlices as an IndexedSlicesValue of its parts (the plan rebuilds those
    namedtuples with the arrays)."""
    if isinstance(fetches, SparseTensor):
        return SparseTensorValue(*fetches.components())
    if isinstance(fetches, IndexedSlices):
        return IndexedSlicesValue(fetches.values, fetches.indices, fetches.dense_shape)
    if isinstance(fetches, RaggedTensor):
        return RaggedTensorValue(expand_fetches(fetches.values), fetches.row_splits)
    if isinstance(fetches, list):
        return [expand_fetches(f) for f in fetches]
    if isinstance(fetches, tuple):
        items = [expand_fetches(f) for f in fetches]
        return type(fetches)(*items) if hasattr(fetches, "_fields") else tuple(items)
    if isinstance(fetches, dict):
        return dict_like(fetches, ((k, expand_fetches(v)) for k, v in fetches.items()))
    names = attrs_fields(fetches)
    if names is not None:
        return type(fetches)(*(expand_fetches(getattr(fetches, n)) for n in names))
    return fetches


def has_sparse(fetches: Any) -> bool:
    if isinstance(fetches, SparseTensor | IndexedSlices | RaggedTensor):
        return True
    if isinstance(fetches, list | tuple):
        return any(has_sparse(f) for f in fetches)
    if isinstance(fetches, dict):
        return any(has_sparse(f) for f in fetches.values())
    names = attrs_fields(fetches)
    return names is not None and any(has_sparse(getattr(fetches, n)) for n in names)


def expand_keys(feed_keys: tuple) -> tuple:
    """Feed keys with each SparseTensor as its three component tensors."""
    out: list = []
    for key in feed_keys:
        out.extend(_parts(key) or (key,))
    return tuple(out)


def _parts(key: Any) -> tuple | None:
    if isinstance(key, RaggedTensor):
        return key.components()
    if isinstance(key, SparseTensor):
        return key.components()
    if isinstance(key, IndexedSlices):
        # A constant dense_shape (a gradient's) is not fed, as TF will not feed it.
        shape = key.dense_shape
        fed = () if shape is None or shape.op.type == "Const" else (shape,)
        return (key.values, key.indices, *fed)
    return None


def expand_feeds(feed_dict: dict) -> dict:
    """`feed_dict` with each SparseTensor key fed as its three component tensors."""
    out = {}
    for key, value in feed_dict.items():
        parts = _parts(key)
        if parts is None:
            out[key] = value
            continue
        if isinstance(key, RaggedTensor):
            out.update(_ragged_feed(key, parts, value))
            continue
        kind, fields = (
            ("SparseTensor", "(indices, values, dense_shape)")
            if isinstance(key, SparseTensor)
            else ("IndexedSlices", "(values, indices, dense_shape)")
        )
        # TF feeds an IndexedSlices the parts the value has (values and indices at least).
        lengths = (3,) if isinstance(key, SparseTensor) else (len(parts), 3)
        if isinstance(value, SparseTensor | IndexedSlices) or not (
            isinstance(value, tuple | list) and len(value) in lengths
        ):
            raise error(
                "FEED_DTYPE_MISMATCH",
                f"a {kind} is fed a {kind}Value or a {fields} tuple, not a {type(value).__name__}",
                node=key.values.op.name,
            )
        if len(value) > len(parts) and value[-1] is not None:
            _same_constant_shape(key, value[-1])
        for t, v in zip(parts, value, strict=False):
            out[t] = v
    return out


def _ragged_feed(key: RaggedTensor, parts: tuple, value: Any) -> dict:
    """A RaggedTensor is fed a RaggedTensorValue of its ragged_rank, part by part."""
    if not isinstance(value, RaggedTensorValue) or value.ragged_rank != key.ragged_rank:
        raise error(
            "FEED_DTYPE_MISMATCH",
            f"a RaggedTensor of ragged_rank {key.ragged_rank} is fed a RaggedTensorValue "
            f"of that ragged_rank, not a {type(value).__name__}",
            node=key.flat_values.op.name,
        )
    return dict(zip(parts, (value.flat_values, *value.nested_row_splits), strict=True))


def _same_constant_shape(key: IndexedSlices, fed: Any) -> None:
    """A fed dense_shape that is not the IndexedSlices' constant one is refused, not
    dropped: TF will not feed a constant, and a dropped value would answer for another
    shape than the caller meant."""
    constant = key.dense_shape.op.attrs["value"]
    if not np.array_equal(np.asarray(fed), constant):
        raise error(
            "FEED_SHAPE_MISMATCH",
            f"{key.dense_shape.name} may not be fed: its dense_shape is the constant "
            f"{constant.tolist()}, fed {np.asarray(fed).tolist()}",
            node=key.dense_shape.op.name,
        )


def _check_agree(ishape: Any, vshape: Any, sshape: Any) -> None:
    """TF's SparseTensor checks, when built, that there is one value per index row and one
    dense_shape entry per index column (ValueError)."""
    pairs = (
        (ishape and ishape[0], vshape and vshape[0], "index rows", "values"),
        (ishape and ishape[1], sshape and sshape[0], "index columns", "dense_shape entries"),
    )
    for a, b, what_a, what_b in pairs:
        if a is not None and b is not None and a != b:
            raise error(
                "SHAPE_MISMATCH",
                f"Dimensions {a} and {b} are not compatible: {a} {what_a}, {b} {what_b}",
            )


__all__ = [
    "SparseTensor",
    "SparseTensorValue",
    "convert",
    "sparse_placeholder",
]
