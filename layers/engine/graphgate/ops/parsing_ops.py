"""TF1's Example parsing: `tf.io.FixedLenFeature`, `VarLenFeature`,
`FixedLenSequenceFeature`, and `parse_example` / `parse_single_example` as one op,
`ParseExampleV2`, with TensorFlow's inputs, output order and run-time errors.

Inputs (as TF's): the serialized Examples (a vector, or a scalar for one Example), their
names (for messages), the sparse keys and dense keys (string constants), an empty ragged
key list and one default per dense key (empty for a required feature). Outputs: for each
sparse key (sorted) its indices, then values, then dense shapes; then each dense value.
Attributes: `num_sparse`, `sparse_types` and `dense_shapes` (a JSON list; a sequence
feature's shape begins with null), written as tf.data's element specs are.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..example_proto import decode_features
from ..graph import Tensor, constant_op, convert_to_tensor, get_default_graph
from ..limits import check_run_time_size
from ..sparse_tensor import SparseTensor, with_static
from ..tf_proto import TENSOR, TF_DTYPE_NAMES, decode, shape_of, tensor_proto, tensor_value
from .dataset_ops import encode_types
from .registry import REQUIRED, VARIADIC, InferenceError, not_differentiable, register_op

__all__ = [
    "FixedLenFeature",
    "FixedLenSequenceFeature",
    "SparseFeature",
    "VarLenFeature",
    "parse_example",
    "parse_single_example",
    "parse_single_sequence_example",
    "parse_tensor",
    "serialize_tensor",
]

_TYPES = (_dt.float32, _dt.int64, _dt.string)
# The list kind each dtype reads, and the names TF's messages give both.
_KIND = {"float32": "float", "int64": "int64", "string": "bytes"}
_TYPE_NAME = {"float32": "float", "int64": "int64", "string": "string"}
_KIND_TYPE_NAME = {"float": "float", "int64": "int64", "bytes": "string"}


class FixedLenFeature(tuple):
    """tf.io.FixedLenFeature(shape, dtype, default_value=None): a dense feature."""

    __slots__ = ()
    _fields = ("shape", "dtype", "default_value")

    def __new__(cls, shape: Any, dtype: Any, default_value: Any = None):
        return tuple.__new__(cls, (shape, dtype, default_value))

    shape = property(lambda self: self[0])
    dtype = property(lambda self: self[1])
    default_value = property(lambda self: self[2])

    def __repr__(self) -> str:
        return f"FixedLenFeature(shape={self[0]!r}, dtype={self[1]!r}, default_value={self[2]!r})"


class FixedLenSequenceFeature(tuple):
    """tf.io.FixedLenSequenceFeature(shape, dtype, allow_missing=False, default_value=None):
    a list of values of `shape` per Example, padded with `default_value` to the longest."""

    __slots__ = ()
    _fields = ("shape", "dtype", "allow_missing", "default_value")

    def __new__(cls, shape: Any, dtype: Any, allow_missing: bool = False, default_value=None):
        return tuple.__new__(cls, (shape, dtype, allow_missing, default_value))

    shape = property(lambda self: self[0])
    dtype = property(lambda self: self[1])
    allow_missing = property(lambda self: self[2])
    default_value = property(lambda self: self[3])

    def __repr__(self) -> str:
        return (
            f"FixedLenSequenceFeature(shape={self[0]!r}, dtype={self[1]!r}, "
            f"allow_missing={self[2]!r}, default_value={self[3]!r})"
        )


class VarLenFeature(tuple):
    """tf.io.VarLenFeature(dtype): a sparse feature."""

    __slots__ = ()
    _fields = ("dtype",)

    def __new__(cls, dtype: Any):
        return tuple.__new__(cls, (dtype,))

    dtype = property(lambda self: self[0])

    def __repr__(self) -> str:
        return f"VarLenFeature(dtype={self[0]!r})"


# -- the op -----------------------------------------------------------------------------------


def _decode_spec(attrs: dict, n_dense: int) -> tuple[list, list]:
    try:
        sparse = [_dt.as_dtype(t) for t in attrs["sparse_types"].split(",") if t]
        shapes = json.loads(attrs["dense_shapes"])
    except (TypeError, ValueError, AttributeError):
        raise InferenceError("INVALID_ATTR", "sparse_types or dense_shapes is malformed") from None
    ok = isinstance(shapes, list) and len(shapes) == n_dense
    ok = ok and all(
        isinstance(s, list)
        and all(type(d) is int and d >= 0 for d in s[1 if s and s[0] is None else 0 :])
        for s in shapes
    )
    if not ok or len(sparse) != attrs["num_sparse"] or any(t not in _TYPES for t in sparse):
        raise InferenceError(
            "INVALID_ATTR",
            "ParseExampleV2 needs num_sparse sparse_types of float32, int64 or string and "
            "one dense shape (a JSON list of ints, a sequence's led by null) per default",
        )
    return sparse, [tuple(s) for s in shapes]


def _parse_infer(shapes, types, attrs):
    n_dense = len(types) - 5
    sparse, dense_shapes = _decode_spec(attrs, n_dense)
    if any(t != _dt.string for t in types[:5]) or any(t not in _TYPES for t in types[5:]):
        raise InferenceError(
            "DTYPE_MISMATCH", "ParseExampleV2 takes strings and float32, int64 or string defaults"
        )
    serialized = shapes[0]
    if serialized is not None and len(serialized) > 1:
        raise InferenceError("SHAPE_MISMATCH", "serialized must be a scalar or a vector")
    rank = None if serialized is None else len(serialized)
    batch = () if rank == 0 else ((None,) if serialized is None else (serialized[0],))
    n = len(sparse)
    idx_width = None if rank is None else rank + 1
    outs = [((None, idx_width), _dt.int64)] * n
    outs += [((None,), t) for t in sparse]
    outs += [((idx_width,), _dt.int64)] * n
    for shape, t in zip(dense_shapes, types[5:], strict=True):
        out = batch + shape if rank is not None else None
        outs.append((out, t))
    return outs


@register_op(
    "ParseExampleV2",
    arity=(5, VARIADIC),
    infer=_parse_infer,
    attrs={
        "num_sparse": ("int", REQUIRED),
        "sparse_types": ("str", ""),
        "dense_shapes": ("str", "[]"),
    },
    needs_state=True,
    unknown_rank_ok=True,
)
def _parse_example_kernel(op):
    sparse_types, dense_shapes = _decode_spec(op.attrs, len(op.inputs) - 5)
    dense_types = [t.dtype for t in op.inputs[5:]]

    def kernel(state, serialized, names, sparse_keys, dense_keys, _ragged, *defaults):
        serialized = np.asarray(serialized, object)
        single = serialized.ndim == 0
        records = serialized.reshape(-1)
        names = np.asarray(names, object).reshape(-1)
        parsed = [_parse_one(r, op) for r in records]
        where = _Where(names, single)
        outs_sparse = [
            _sparse(parsed, k, t, where, single)
            for k, t in zip(np.asarray(sparse_keys, object).reshape(-1), sparse_types, strict=True)
        ]
        dense = [
            _dense(state, op, parsed, k, t, s, d, where)
            for k, t, s, d in zip(
                np.asarray(dense_keys, object).reshape(-1),
                dense_types,
                dense_shapes,
                defaults,
                strict=True,
            )
        ]
        if single:
            dense = [d[0] for d in dense]
        outs = (
            *(s[0] for s in outs_sparse),
            *(s[1] for s in outs_sparse),
            *(s[2] for s in outs_sparse),
            *dense,
        )
        return outs[0] if len(outs) == 1 else outs  # a single output is returned bare

    return kernel


not_differentiable("ParseExampleV2")


def _parse_one(record: Any, op) -> dict:
    try:
        return decode_features(bytes(record))
    except Exception as exc:
        if getattr(exc, "code", None) != "INVALID_PROTO":
            raise
        shown = bytes(record).decode("utf-8", "replace")
        raise error(
            "INVALID_EXAMPLE", f"Could not parse example input, value: '{shown}'", node=op.name
        ) from None


class _Where:
    """How TF's messages place a failure: `Name: <name>, Key: k, Index: i.` in a batch,
    `Key: k.` for a scalar input."""

    def __init__(self, names: np.ndarray, single: bool):
        self.names, self.single = names, single

    def name(self, i: int) -> str:
        if len(self.names) > i and self.names[i]:
            return self.names[i].decode("utf-8", "replace")
        return "<unknown>"

    def key(self, key: bytes, i: int) -> str:
        k = key.decode("utf-8", "replace")
        return f"Key: {k}." if self.single else f"Name: {self.name(i)}, Key: {k}, Index: {i}."


def _fail(message: str) -> Exception:
    return error("INVALID_EXAMPLE", message)


def _sparse(parsed: list, key: bytes, dtype, where: _Where, single: bool):
    want = _KIND[dtype.name]
    rows, values = [], []
    for i, feats in enumerate(parsed):
        kind, vals = feats.get(key, (None, []))
        if kind is not None and kind != want:
            raise _fail(
                f"{where.key(key, i)}  Data types don't match. Expected type: "
                f"{_TYPE_NAME[dtype.name]}, Actual type: {_KIND_TYPE_NAME[kind]}"
            )
        rows.append(len(vals))
        values.extend(vals)
    width = max(rows, default=0)
    cols = np.concatenate([np.arange(n, dtype=np.int64) for n in rows] or [np.zeros(0, np.int64)])
    if single:
        indices, shape = cols.reshape(-1, 1), np.array([width], np.int64)
    else:
        batch = np.repeat(np.arange(len(rows), dtype=np.int64), rows)
        indices = np.stack([batch, cols], axis=1).reshape(-1, 2)
        shape = np.array([len(rows), width], np.int64)
    return indices, _array(values, dtype), shape


def _array(values: list, dtype) -> np.ndarray:
    if dtype == _dt.string:
        out = np.empty(len(values), object)
        out[:] = values
        return out
    return np.asarray(values, dtype.as_numpy_dtype).reshape(-1)


def _dense(state, op, parsed, key, dtype, shape, default, where):
    if shape and shape[0] is None:
        return _sequence(state, op, parsed, key, dtype, shape[1:], default, where)
    want, size = _KIND[dtype.name], int(np.prod(shape, dtype=np.int64))
    default = np.asarray(default)
    # The batch is a value: a document's dense shape times it is checked before allocating.
    check_run_time_size(state, op, (len(parsed), *shape))
    out = np.empty((len(parsed), *shape), dtype.as_numpy_dtype)
    for i, feats in enumerate(parsed):
        kind, vals = feats.get(key, (None, []))
        if kind is None:  # absent, or a Feature with no list set
            if default.size == 0:
                k = key.decode("utf-8", "replace")
                prefix = "" if where.single else f"Name: {where.name(i)}, "
                raise _fail(
                    f"{prefix}Feature: {k} (data type: {dtype.name}) is required but could "
                    "not be found."
                )
            out[i, ...] = default.reshape(shape)
            continue
        _check_kind(kind, want, dtype, key, i, where)
        if len(vals) != size:
            if where.single:
                raise _fail(
                    f"{where.key(key, i)}  Can't parse serialized Example: Some {want}_list "
                    "slice was not parsed."
                )
            raise _fail(
                f"{where.key(key, i)}  Number of {want} values != expected.  Values size: "
                f"{len(vals)} but output shape: {_shape_text(shape)}"
            )
        out[i, ...] = _array(vals, dtype).reshape(shape)
    return out


def _check_kind(kind, want, dtype, key, i, where) -> None:
    if kind != want:
        raise _fail(
            f"{where.key(key, i)}  Data types don't match. Data type: "
            f"{_KIND_TYPE_NAME[kind]} but expected type: {_TYPE_NAME[dtype.name]}"
        )


def _sequence(state, op, parsed, key, dtype, shape, default, where):
    want, stride = _KIND[dtype.name], int(np.prod(shape, dtype=np.int64))
    rows = []
    for i, feats in enumerate(parsed):
        kind, vals = feats.get(key, (None, []))
        if kind is not None:
            _check_kind(kind, want, dtype, key, i, where)
        if stride == 0 or len(vals) % stride:
            if where.single:
                raise _fail(
                    f"Error while parsing feature with key {key.decode('utf-8', 'replace')}: "
                    f"number of elements should be divisible by {stride}, found {len(vals)} instead"
                )
            raise _fail(
                f"{where.key(key, i)}  Number of {want} values is not a multiple of stride "
                f"length. Saw {len(vals)} values but output shape is: "
                f"{_shape_text(('?', *shape))}"
            )
        rows.append(_array(vals, dtype).reshape(-1, *shape))
    longest = max((len(r) for r in rows), default=0)
    check_run_time_size(state, op, (len(rows), longest, *shape))
    pad = np.asarray(default).reshape(-1)
    fill = pad[0] if pad.size else (b"" if dtype == _dt.string else 0)
    out = np.full((len(rows), longest, *shape), fill, dtype.as_numpy_dtype)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# -- the public functions ----------------------------------------------------------------------


def _check_dtype(key: str, dtype: Any) -> Any:
    dtype = _dt.as_dtype(dtype)
    if dtype not in _TYPES:
        raise error(
            "UNSUPPORTED_DTYPE",
            f"Unsupported dtype {dtype.name} for feature {key!r}: parse_example reads "
            "float32, int64 and string",
        )
    return dtype


def _dense_default(key: str, feature: Any, dtype, shape: tuple, graph) -> Tensor:
    """The default input for a dense key: the value reshaped to the feature's shape, or an
    empty tensor for a required one (TF's)."""
    value = feature.default_value
    if value is None:
        return constant_op(graph, np.zeros(0, dtype.as_numpy_dtype), dtype, "Const")
    if isinstance(feature, FixedLenSequenceFeature):
        return convert_to_tensor(value, dtype, "padding", graph)
    if isinstance(value, Tensor):
        # slim's datasets give `default_value=tf.zeros([], dtype=tf.int64)`: TF converts
        # the default to a tensor and reshapes it to the feature's shape.
        from .array_ops import reshape

        with graph.as_default():
            return reshape(convert_to_tensor(value, dtype, graph=graph), list(shape))
    arr = np.asarray(_dt.convert(value, dtype))
    if arr.size != int(np.prod(shape, dtype=np.int64)):
        raise error(
            "SHAPE_MISMATCH",
            f"default_value of feature {key!r} has {arr.size} values, its shape "
            f"{list(shape)} holds {int(np.prod(shape, dtype=np.int64))}",
        )
    return constant_op(graph, arr.reshape(shape), dtype, "Reshape")


class SparseFeature(tuple):
    """tf.io.SparseFeature(index_key, value_key, dtype, size, already_sorted=False): a
    SparseTensor whose indices are read from int64 feature(s) `index_key` and whose values
    from feature `value_key`, of dense shape `size` (TF's `sparse_merge` of the two)."""

    __slots__ = ()
    _fields = ("index_key", "value_key", "dtype", "size", "already_sorted")

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return tuple.__new__(cls, (index_key, value_key, dtype, size, already_sorted))

    index_key = property(lambda self: self[0])
    value_key = property(lambda self: self[1])
    dtype = property(lambda self: self[2])
    size = property(lambda self: self[3])
    already_sorted = property(lambda self: self[4])

    def __repr__(self) -> str:
        return (
            f"SparseFeature(index_key={self[0]!r}, value_key={self[1]!r}, dtype={self[2]!r}, "
            f"size={self[3]!r}, already_sorted={self[4]!r})"
        )


def _raw_features(features: dict) -> dict:
    """`features` with each SparseFeature replaced by the VarLenFeatures TF parses for it
    (int64 indices, values of its dtype); a key asked for twice with two kinds is TF's
    ValueError."""
    raw = {k: f for k, f in features.items() if not isinstance(f, SparseFeature)}
    for key in sorted(k for k, f in features.items() if isinstance(f, SparseFeature)):
        feature = features[key]
        index_keys = (
            [feature.index_key] if isinstance(feature.index_key, str) else feature.index_key
        )
        sizes = [feature.size] if isinstance(feature.size, int) else list(feature.size or [])
        if not index_keys or feature.value_key is None or feature.dtype is None:
            raise ValueError(f"Missing index_key, value_key or dtype for SparseFeature {feature}")
        if len(sizes) != len(index_keys) or any(not isinstance(n, int) or n < 0 for n in sizes):
            raise ValueError(f"SparseFeature {key}: size must match index_key, each an int >= 0")
        wanted = [(k, _dt.int64) for k in index_keys] + [(feature.value_key, feature.dtype)]
        for name, dtype in wanted:
            have = raw.get(name)
            if have is not None and (
                not isinstance(have, VarLenFeature) or _dt.as_dtype(have.dtype) != dtype
            ):
                raise ValueError(
                    f"Conflicting type {have} vs {VarLenFeature(dtype)} for key {name}."
                )
            raw[name] = VarLenFeature(dtype)
    return raw


def _sparse_features(features: dict, parsed: dict) -> dict:
    """The SparseTensors of `features`' SparseFeatures made from their parsed parts (TF's
    `sparse_merge`), the parts dropped unless asked for themselves."""
    from .sparse_ops import sparse_merge

    for key in sorted(features):
        feature = features[key]
        if isinstance(feature, SparseFeature):
            if isinstance(feature.index_key, str):
                ids = parsed[feature.index_key]
            else:
                ids = [parsed[k] for k in feature.index_key]
            parsed[key] = sparse_merge(
                ids, parsed[feature.value_key], feature.size,
                already_sorted=feature.already_sorted,
            )  # fmt: skip
    return {k: v for k, v in parsed.items() if k in features}


def _features(features: dict) -> tuple[list, list]:
    if not features:
        raise error("INVALID_ATTR", "Missing: features was empty.")
    sparse, dense = [], []
    for key in sorted(features):
        feature = features[key]
        if isinstance(feature, VarLenFeature):
            sparse.append((key, _check_dtype(key, feature.dtype)))
        elif isinstance(feature, FixedLenFeature | FixedLenSequenceFeature):
            dense.append((key, _check_dtype(key, feature.dtype), feature))
        else:
            raise error(
                "INVALID_ATTR",
                f"Unsupported feature type: {type(feature).__name__} for key {key!r} "
                "(graphgate parses FixedLenFeature, FixedLenSequenceFeature, VarLenFeature)",
            )
    return sparse, dense


def _dense_shape(key: str, feature: Any, in_sequence: bool = False) -> list:
    shape = feature.shape
    try:
        dims = [int(d) for d in (shape if isinstance(shape, list | tuple) else list(shape))]
    except (TypeError, ValueError):
        raise error(
            "INVALID_ATTR", f"Missing shape for feature {key}: a fully defined shape is needed"
        ) from None
    if isinstance(feature, FixedLenSequenceFeature):
        # In an Example a sequence feature may be absent from some; in a SequenceExample
        # `allow_missing` only says whether its list may be.
        if not feature.allow_missing and not in_sequence:
            raise error(
                "INVALID_ATTR",
                "Unsupported: FixedLenSequenceFeature requires allow_missing to be True.",
            )
        return [None, *dims]
    return dims


def _keys(group: list) -> np.ndarray:
    out = np.empty(len(group), object)
    out[:] = [k.encode("utf-8") for k, *_ in group]
    return out


def _parse(serialized, features, names, scope: str):
    features = dict(features or {})
    if any(isinstance(f, SparseFeature) for f in features.values()):
        graph = serialized.op.graph if isinstance(serialized, Tensor) else get_default_graph()
        with graph.as_default():
            return _sparse_features(
                features, _parse(serialized, _raw_features(features), names, scope)
            )
    sparse, dense = _features(features)
    graph = serialized.op.graph if isinstance(serialized, Tensor) else get_default_graph()
    with graph.name_scope(scope):
        serialized = convert_to_tensor(serialized, _dt.string, "serialized", graph)
        shapes = [_dense_shape(k, f) for k, _, f in dense]
        # TF's names: the op's own constants under its name, `ParseExample/ParseExampleV2`.
        names = convert_to_tensor(
            [] if names is None else names, _dt.string, "ParseExampleV2/names", graph
        )
        keys = [
            constant_op(graph, _keys(group), _dt.string, f"ParseExampleV2/{what}")
            for group, what in ((sparse, "sparse_keys"), (dense, "dense_keys"), ((), "ragged_keys"))
        ]
        defaults = [
            _dense_default(k, f, t, tuple(s if s[:1] != [None] else s[1:]), graph)
            for (k, t, f), s in zip(dense, shapes, strict=True)
        ]
        attrs = {
            "num_sparse": len(sparse),
            "sparse_types": encode_types([t for _, t in sparse]),
            "dense_shapes": json.dumps(shapes),
        }
        op = graph.create_op(
            "ParseExampleV2", (serialized, names, *keys, *defaults), attrs, "ParseExampleV2"
        )
    n = len(sparse)
    out: dict[str, Any] = {}
    static = serialized.static_shape  # () for one Example, (batch,) for a vector
    dense_shape = None if static is None else ((*static, None) if static else (None,))
    for j, (key, _) in enumerate(sparse):
        sp = SparseTensor(op.outputs[j], op.outputs[n + j], op.outputs[2 * n + j])
        out[key] = with_static(sp, dense_shape)
    for j, (key, *_) in enumerate(dense):
        out[key] = op.outputs[3 * n + j]
    return out


def parse_example(
    serialized: Any, features: dict, name: str | None = None, example_names: Any = None
) -> dict:
    """TF1's `tf.io.parse_example`: a vector of serialized Examples parsed by `features`
    (key to FixedLenFeature, FixedLenSequenceFeature or VarLenFeature).

    Returns a dict: a FixedLenFeature's key maps to a dense tensor `[batch] + shape`
    (its default where an Example lacks it), a FixedLenSequenceFeature's to `[batch,
    longest] + shape` padded with its default, a VarLenFeature's to a SparseTensor of
    dense shape `[batch, longest]`.

    Raises InvalidArgumentError (INVALID_EXAMPLE) at run time for bytes that are no
    Example, a required feature missing, a feature of another list kind or size.
    """
    return _parse(serialized, features, example_names, name or "ParseExample")


def parse_single_example(
    serialized: Any, features: dict, name: str | None = None, example_names: Any = None
) -> dict:
    """TF1's `tf.io.parse_single_example`: `parse_example` of one scalar serialized
    Example, without the batch dimension."""
    graph = serialized.op.graph if isinstance(serialized, Tensor) else get_default_graph()
    with graph.name_scope(name or "ParseSingleExample"):
        return _parse(serialized, features, example_names, "ParseExample")


# -- SequenceExamples ----------------------------------------------------------------------------

# ParseSequenceExampleV2's inputs before the context defaults.
_SEQ_FIXED_INPUTS = 9


def _seq_spec(attrs: dict, n_context_dense: int) -> tuple[list, list, list, list, list]:
    try:
        ctx_sparse = _types_of(attrs["context_sparse_types"])
        ctx_shapes = json.loads(attrs["context_dense_shapes"])
        fl_sparse = _types_of(attrs["feature_list_sparse_types"])
        fl_dense = _types_of(attrs["feature_list_dense_types"])
        fl_shapes = json.loads(attrs["feature_list_dense_shapes"])
    except (TypeError, ValueError, AttributeError):
        fl_dense = None
    ok = fl_dense is not None and all(
        isinstance(shapes, list)
        and len(shapes) == n
        and all(isinstance(s, list) and all(type(d) is int and d >= 0 for d in s) for s in shapes)
        for shapes, n in ((ctx_shapes, n_context_dense), (fl_shapes, len(fl_dense or ())))
    )
    ok = ok and len(ctx_sparse) == attrs["num_context_sparse"]
    ok = ok and len(fl_sparse) == attrs["num_feature_list_sparse"]
    if not ok or any(t not in _TYPES for t in (*ctx_sparse, *fl_sparse, *fl_dense)):
        raise InferenceError(
            "INVALID_ATTR",
            "ParseSequenceExampleV2 needs its sparse and dense types (float32, int64 or "
            "string) and one dense shape (a JSON list of ints) per dense key",
        )
    return (
        ctx_sparse,
        [tuple(s) for s in ctx_shapes],
        fl_sparse,
        fl_dense,
        [tuple(s) for s in fl_shapes],
    )


def _types_of(text: str) -> list:
    return [_dt.as_dtype(t) for t in text.split(",") if t]


def _parse_sequence_infer(shapes, types, attrs):
    ctx_sparse, ctx_shapes, fl_sparse, fl_dense, fl_shapes = _seq_spec(
        attrs, len(types) - _SEQ_FIXED_INPUTS
    )
    if any(t != _dt.string for t in types[:_SEQ_FIXED_INPUTS]):
        raise InferenceError("DTYPE_MISMATCH", "ParseSequenceExampleV2 takes string inputs")
    if shapes[0] is not None and len(shapes[0]) > 1:
        raise InferenceError(
            "SHAPE_MISMATCH", f"Shape must be at most rank 1 but is rank {len(shapes[0])}"
        )
    if shapes[0] is None:  # a scalar or a vector: the outputs' ranks are not known
        return _parse_sequence_unknown_rank(types, ctx_sparse, fl_sparse, fl_dense)
    # A vector of SequenceExamples (TF's parse_sequence_example) puts its length first.
    batch = tuple(shapes[0])
    rank = 1 + len(batch)
    outs = [((None, rank), _dt.int64)] * len(ctx_sparse)
    outs += [((None,), t) for t in ctx_sparse]
    outs += [((rank,), _dt.int64)] * len(ctx_sparse)
    outs += [((*batch, *s), t) for s, t in zip(ctx_shapes, types[_SEQ_FIXED_INPUTS:], strict=True)]
    outs += [((None, rank + 1), _dt.int64)] * len(fl_sparse)
    outs += [((None,), t) for t in fl_sparse]
    outs += [((rank + 1,), _dt.int64)] * len(fl_sparse)
    outs += [((*batch, None, *s), t) for s, t in zip(fl_shapes, fl_dense, strict=True)]
    outs += [(batch, _dt.int64)] * len(fl_dense)  # each dense list's number of steps
    return outs


def _parse_sequence_unknown_rank(types, ctx_sparse, fl_sparse, fl_dense) -> list:
    outs = [((None, None), _dt.int64)] * len(ctx_sparse)
    outs += [((None,), t) for t in ctx_sparse]
    outs += [((None,), _dt.int64)] * len(ctx_sparse)
    outs += [(None, t) for t in types[_SEQ_FIXED_INPUTS:]]
    outs += [((None, None), _dt.int64)] * len(fl_sparse)
    outs += [((None,), t) for t in fl_sparse]
    outs += [((None,), _dt.int64)] * len(fl_sparse)
    outs += [(None, t) for t in fl_dense]
    return outs + [(None, _dt.int64)] * len(fl_dense)


@register_op(
    "ParseSequenceExampleV2",
    arity=(_SEQ_FIXED_INPUTS, VARIADIC),
    infer=_parse_sequence_infer,
    attrs={
        "num_context_sparse": ("int", REQUIRED),
        "context_sparse_types": ("str", ""),
        "context_dense_shapes": ("str", "[]"),
        "num_feature_list_sparse": ("int", REQUIRED),
        "feature_list_sparse_types": ("str", ""),
        "feature_list_dense_types": ("str", ""),
        "feature_list_dense_shapes": ("str", "[]"),
    },
    needs_state=True,
    unknown_rank_ok=True,
)
def _parse_sequence_kernel(op):
    spec = _seq_spec(op.attrs, len(op.inputs) - _SEQ_FIXED_INPUTS)
    ctx_types = [t.dtype for t in op.inputs[_SEQ_FIXED_INPUTS:]]

    def kernel(state, serialized, debug_name, *rest):
        keys = [np.asarray(k, object).reshape(-1) for k in rest[:7]]
        records = np.asarray(serialized, object)
        names = np.asarray(debug_name, object).reshape(-1)
        parsed = [
            _parse_sequence_each(state, op, spec, ctx_types, keys, rest[7:], record, name)
            for record, name in zip(
                records.reshape(-1), _debug_names(names, records.size), strict=True
            )
        ]
        if records.ndim == 0:
            sparse, dense, fl_sp, fl_de = parsed[0]
            lengths = [np.int64(len(v)) for v in fl_de]
        else:
            sparse, dense, fl_sp, fl_de, lengths = _batched(state, op, spec, ctx_types, parsed)
        outs = (
            *(s[i] for i in range(3) for s in sparse),
            *dense,
            *(s[i] for i in range(3) for s in fl_sp),
            *fl_de,
            *lengths,
        )
        return outs[0] if len(outs) == 1 else outs

    return kernel


def _debug_names(names: np.ndarray, n: int) -> list[str]:
    """Each record's name in TF's messages: its `debug_name`, else `<unknown>`."""
    if len(names) != n or not all(names):
        return ["<unknown>"] * n
    return [v.decode("utf-8", "replace") for v in names]


def _parse_sequence_each(state, op, spec, ctx_types, keys, defaults, record, name):
    ctx_sparse, ctx_shapes, fl_sparse, fl_dense, fl_shapes = spec
    assumed_empty = set(keys[6].tolist())
    context, lists = _parse_sequence_one(np.asarray(record, object).reshape(()), name)
    sparse = [
        _context_sparse(context, k, t, name) for k, t in zip(keys[0], ctx_sparse, strict=True)
    ]
    dense = [
        _context_dense(context, k, t, s, d, name)
        for k, t, s, d in zip(keys[1], ctx_types, ctx_shapes, defaults, strict=True)
    ]
    fl_sp = [_list_sparse(lists, k, t, name) for k, t in zip(keys[3], fl_sparse, strict=True)]
    fl_de = [
        _list_dense(state, op, lists, k, t, s, k in assumed_empty, name)
        for k, t, s in zip(keys[4], fl_dense, fl_shapes, strict=True)
    ]
    return sparse, dense, fl_sp, fl_de


def _batched(state, op, spec, ctx_types, parsed: list) -> tuple:
    """A vector of SequenceExamples' outputs from each one's: sparse indices prefixed by
    the record's position, dense context stacked, dense lists padded with zeros to the
    longest (their lengths beside them), as TF's kernel batches them."""
    ctx_sparse, ctx_shapes, fl_sparse, fl_dense, fl_shapes = spec
    n = len(parsed)
    sparse = [_stack_sparse([p[0][j] for p in parsed], 1, t) for j, t in enumerate(ctx_sparse)]
    dense = [
        np.array([p[1][j] for p in parsed], t.as_numpy_dtype).reshape((n, *shape))
        for j, (shape, t) in enumerate(zip(ctx_shapes, ctx_types, strict=True))
    ]
    fl_sp = [_stack_sparse([p[2][j] for p in parsed], 2, t) for j, t in enumerate(fl_sparse)]
    fl_de, lengths = [], []
    for j, (t, shape) in enumerate(zip(fl_dense, fl_shapes, strict=True)):
        steps = [p[3][j] for p in parsed]
        longest = max((len(v) for v in steps), default=0)
        check_run_time_size(state, op, (n, longest, *shape))
        out = np.zeros((n, longest, *shape), t.as_numpy_dtype)
        if t == _dt.string:
            out = np.full((n, longest, *shape), b"", object)
        for b, v in enumerate(steps):
            out[b, : len(v)] = v
        fl_de.append(out)
        lengths.append(np.array([len(v) for v in steps], np.int64))
    return sparse, dense, fl_sp, fl_de, lengths


def _stack_sparse(parts: list, rank: int, dtype) -> tuple:
    """One SparseTensor of records' (indices, values, shape) of `rank`: each index
    prefixed by its record's position, the dense shape the records' largest."""
    indices = [np.zeros((0, rank + 1), np.int64)]
    indices += [
        np.concatenate([np.full((len(ix), 1), b, np.int64), np.asarray(ix, np.int64)], axis=1)
        for b, (ix, _, _) in enumerate(parts)
    ]
    values = [np.zeros(0, dtype.as_numpy_dtype), *(np.asarray(v) for _, v, _ in parts)]
    shape = np.max([np.zeros(rank, np.int64), *(np.asarray(s) for _, _, s in parts)], axis=0)
    return (
        np.concatenate(indices),
        np.concatenate(values).astype(dtype.as_numpy_dtype),
        np.array([len(parts), *shape], np.int64),
    )


not_differentiable("ParseSequenceExampleV2")


def _parse_sequence_one(record: Any, name: str) -> tuple[dict, dict]:
    from ..example_proto import decode_sequence

    try:
        return decode_sequence(bytes(record.item()))
    except Exception as exc:
        if getattr(exc, "code", None) != "INVALID_PROTO":
            raise
        raise _fail(f"Invalid protocol message input, example id: {name}") from None


def _text(key: bytes) -> str:
    return key.decode("utf-8", "replace")


def _context_sparse(context: dict, key: bytes, dtype, name: str):
    kind, vals = context.get(key, (None, []))
    if kind is not None and kind != _KIND[dtype.name]:
        raise _fail(
            f"Name: {name}, Context feature: {_text(key)}.  Data types don't match. "
            f"Expected type: {_TYPE_NAME[dtype.name]}"
        )
    indices = np.arange(len(vals), dtype=np.int64).reshape(-1, 1)
    return indices, _array(vals, dtype), np.array([len(vals)], np.int64)


def _context_dense(context: dict, key: bytes, dtype, shape: tuple, default, name: str):
    kind, vals = context.get(key, (None, []))
    size = int(np.prod(shape, dtype=np.int64))
    if kind is None and np.asarray(default).size:
        return np.asarray(default, dtype.as_numpy_dtype).reshape(shape)
    if kind is not None and kind != _KIND[dtype.name]:
        raise _fail(
            f"Name: {name}, Context feature: {_text(key)}.  Data types don't match. "
            f"Expected type: {_TYPE_NAME[dtype.name]}"
        )
    if len(vals) != size:
        raise _fail(
            f"Inconsistent max number of elements for feature {_text(key)}: expected "
            f"{size}, but found {len(vals)}"
        )
    return _array(vals, dtype).reshape(shape)


def _check_steps(steps: list, key: bytes, dtype, name: str) -> None:
    want = _KIND[dtype.name]
    for t, (kind, _) in enumerate(steps):
        if kind is not None and kind != want:
            raise _fail(
                f"Name: {name}, Feature list: {_text(key)}, Index: {t}.  Data types don't "
                f"match. Expected type: {_TYPE_NAME[dtype.name]}"
            )


def _list_sparse(lists: dict, key: bytes, dtype, name: str):
    steps = lists.get(key, [])
    _check_steps(steps, key, dtype, name)
    rows = [len(vals) for _, vals in steps]
    values = [v for _, vals in steps for v in vals]
    cols = np.concatenate([np.arange(n, dtype=np.int64) for n in rows] or [np.zeros(0, np.int64)])
    step = np.repeat(np.arange(len(rows), dtype=np.int64), rows)
    indices = np.stack([step, cols], axis=1).reshape(-1, 2)
    shape = np.array([len(rows), max(rows, default=0)], np.int64)
    return indices, _array(values, dtype), shape


def _list_dense(state, op, lists, key, dtype, shape, allow_missing: bool, name: str):
    if key not in lists:
        if not allow_missing:
            raise _fail(
                f"Name: {name}, Feature list '{_text(key)}' is required but could not be "
                "found.  Did you mean to include it in feature_list_dense_missing_assumed_empty"
                " or feature_list_dense_defaults?"
            )
        return np.zeros((0, *shape), dtype.as_numpy_dtype)
    steps = lists[key]
    _check_steps(steps, key, dtype, name)
    stride = int(np.prod(shape, dtype=np.int64))
    total = sum(len(vals) for _, vals in steps)
    if stride == 0 or total % stride:
        raise _fail(
            f"Feature list '{_text(key)}' has an unexpected number of values.  Total values "
            f"size: {total} is not consistent with output shape: {_shape_text(('?', *shape))}"
        )
    for t, (_, vals) in enumerate(steps):
        if len(vals) != stride:
            raise _fail(
                f"Name: {name}, Key: {_text(key)}, Index: {t}.  Number of values != expected."
                f"  values size: {len(vals)} but output shape: {_shape_text(shape)}"
            )
    check_run_time_size(state, op, (len(steps), *shape))
    values = [v for _, vals in steps for v in vals]
    return _array(values, dtype).reshape((len(steps), *shape))


def _sequence_features(context_features: dict, sequence_features: dict):
    ctx_sparse, ctx_dense = _features(context_features) if context_features else ([], [])
    if any(isinstance(f, FixedLenSequenceFeature) for _, _, f in ctx_dense):
        raise error("INVALID_ATTR", "context_features cannot hold a FixedLenSequenceFeature")
    fl_sparse, fl_dense = _features(sequence_features) if sequence_features else ([], [])
    if any(not isinstance(f, FixedLenSequenceFeature) for _, _, f in fl_dense):
        raise error(
            "INVALID_ATTR",
            "sequence_features take FixedLenSequenceFeature and VarLenFeature, not FixedLenFeature",
        )
    return ctx_sparse, ctx_dense, fl_sparse, fl_dense


def parse_single_sequence_example(
    serialized: Any,
    context_features: dict | None = None,
    sequence_features: dict | None = None,
    example_name: Any = None,
    name: str | None = None,
) -> tuple[dict, dict]:
    """TF1's `tf.io.parse_single_sequence_example`: one serialized SequenceExample's
    context (FixedLenFeature: dense with defaults; VarLenFeature: a SparseTensor) and
    feature lists (FixedLenSequenceFeature: `[steps] + shape`, every step holding exactly
    `shape`'s values, an absent list empty only with `allow_missing`; VarLenFeature: a
    SparseTensor of dense shape `[steps, longest]`).

    Raises InvalidArgumentError (INVALID_EXAMPLE) at run time with TF's messages.
    """
    context, lists, _ = _parse_sequence(
        serialized, context_features, sequence_features, example_name, name, "Single"
    )
    return context, lists


def parse_sequence_example(
    serialized: Any,
    context_features: dict | None = None,
    sequence_features: dict | None = None,
    example_names: Any = None,
    name: str | None = None,
) -> tuple[dict, dict, dict]:
    """TF's `tf.io.parse_sequence_example`: a vector of serialized SequenceExamples
    parsed as `parse_single_sequence_example` parses one, batched as TF batches them
    (context `[batch] + shape`; a dense feature list `[batch, longest] + shape`, padded
    with zeros, and its lengths in the third dict; a VarLenFeature's SparseTensor with the
    record's position first). A scalar parses as `parse_single_sequence_example` does,
    with its lists' lengths.

    Raises InvalidArgumentError (INVALID_EXAMPLE) at run time with TF's messages.
    """
    return _parse_sequence(serialized, context_features, sequence_features, example_names, name)


def _parse_sequence(serialized, context_features, sequence_features, names, name, single=""):
    """The ParseSequenceExampleV2 node, under TF's scopes (`name/name/name` when named)."""
    if not context_features and not sequence_features:
        raise error(
            "INVALID_ATTR",
            "Both `context_features` and `sequence_features` argument are None, but at "
            "least one should have values.",
        )
    ctx_sparse, ctx_dense, fl_sparse, fl_dense = _sequence_features(
        dict(context_features or {}), dict(sequence_features or {})
    )
    graph = serialized.op.graph if isinstance(serialized, Tensor) else get_default_graph()
    outer = name or f"Parse{single}SequenceExample"
    op_name = name or "ParseSequenceExampleV2"
    with graph.name_scope(outer), _inner_scope(graph, name, single):
        serialized = convert_to_tensor(serialized, _dt.string, "serialized", graph)
        ctx_shapes = [_dense_shape(k, f) for k, _, f in ctx_dense]
        defaults = [
            _dense_default(k, f, t, tuple(s), graph)
            for (k, t, f), s in zip(ctx_dense, ctx_shapes, strict=True)
        ]
        debug = convert_to_tensor(
            "" if names is None else names,
            _dt.string,
            f"{op_name}/debug_name",
            graph,
        )
        assumed_empty = [(k,) for k, _, f in fl_dense if f.allow_missing]
        keys = [
            constant_op(graph, _keys(group), _dt.string, f"{op_name}/{what}")
            for group, what in (
                (ctx_sparse, "context_sparse_keys"),
                (ctx_dense, "context_dense_keys"),
                ((), "context_ragged_keys"),
                (fl_sparse, "feature_list_sparse_keys"),
                (fl_dense, "feature_list_dense_keys"),
                ((), "feature_list_ragged_keys"),
                (assumed_empty, "feature_list_dense_missing_assumed_empty"),
            )
        ]
        attrs = {
            "num_context_sparse": len(ctx_sparse),
            "context_sparse_types": encode_types([t for _, t in ctx_sparse]),
            "context_dense_shapes": json.dumps(ctx_shapes),
            "num_feature_list_sparse": len(fl_sparse),
            "feature_list_sparse_types": encode_types([t for _, t in fl_sparse]),
            "feature_list_dense_types": encode_types([t for _, t, _ in fl_dense]),
            "feature_list_dense_shapes": json.dumps(
                [_dense_shape(k, f, in_sequence=True)[1:] for k, _, f in fl_dense]
            ),
        }
        op = graph.create_op(
            "ParseSequenceExampleV2",
            (serialized, debug, *keys, *defaults),
            attrs,
            op_name,
        )
    return _sequence_outputs(list(op.outputs), ctx_sparse, ctx_dense, fl_sparse, fl_dense)


def _inner_scope(graph, name: str | None, single: str) -> Any:
    """TF's scope inside the outer one: `ParseSequenceExample`, or the name given, which
    TF's single-example path enters twice (its node is `x/x_1/x`)."""
    if name and single:
        with graph.name_scope(name):
            pass
    return graph.name_scope(name or "ParseSequenceExample")


def _sequence_outputs(outs, ctx_sparse, ctx_dense, fl_sparse, fl_dense) -> tuple:
    """The op's outputs as TF's three dicts: context, feature lists, the lists' lengths."""
    context: dict[str, Any] = {}
    n = len(ctx_sparse)
    for j, (key, _) in enumerate(ctx_sparse):
        context[key] = _sparse_output(outs[j], outs[n + j], outs[2 * n + j])
    for j, (key, *_) in enumerate(ctx_dense):
        context[key] = outs[3 * n + j]
    outs = outs[3 * n + len(ctx_dense) :]
    lists: dict[str, Any] = {}
    m = len(fl_sparse)
    for j, (key, _) in enumerate(fl_sparse):
        lists[key] = _sparse_output(outs[j], outs[m + j], outs[2 * m + j])
    for j, (key, *_) in enumerate(fl_dense):
        lists[key] = outs[3 * m + j]
    lengths = {key: outs[3 * m + len(fl_dense) + j] for j, (key, *_) in enumerate(fl_dense)}
    return context, lists, lengths


def _sparse_output(indices: Tensor, values: Tensor, shape: Tensor) -> SparseTensor:
    rank = shape.shape.as_list()[0]
    return with_static(
        SparseTensor(indices, values, shape), None if rank is None else (None,) * rank
    )


# -- serialize_tensor / parse_tensor ------------------------------------------------------


def _serialize_infer(shapes, types, attrs):
    return [((), _dt.string)]


@register_op("SerializeTensor", arity=1, infer=_serialize_infer, unknown_rank_ok=True)
def _serialize_tensor(op):
    def kernel(value):
        out = np.empty((), object)
        out[()] = tensor_proto(np.asarray(value))
        return out

    return kernel


def _parse_tensor_infer(shapes, types, attrs):
    if types[0] != _dt.string:
        raise InferenceError("DTYPE_MISMATCH", f"serialized must be a string, got {types[0].name}")
    if shapes[0] is not None and len(shapes[0]) != 0:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 0 but is rank {len(shapes[0])}")
    return [(None, attrs["out_type"])]


@register_op(
    "ParseTensor",
    arity=1,
    infer=_parse_tensor_infer,
    attrs={"out_type": ("dtype", REQUIRED)},
    needs_state=True,
    unknown_rank_ok=True,
)
def _parse_tensor(op):
    want = op.attrs["out_type"]

    def refuse(why: str) -> Exception:
        return error("COMPUTE_ERROR", why, node=op.name)

    def kernel(state, serialized):
        data = serialized[()] if isinstance(serialized, np.ndarray) else serialized

        def corrupt() -> Exception:
            sample = base64.b64encode(bytes(data)[:64]).decode()
            return refuse(f"Could not parse `serialized` as TensorProto, base64: {sample}")

        proto = decode(bytes(data), TENSOR, corrupt)  # raises only what corrupt() makes
        shape = shape_of(proto.get("tensor_shape"))
        if shape is None or None in shape:
            raise corrupt()
        # The shape is checked against the run's limits before the values are expanded.
        check_run_time_size(state, op, tuple(shape))
        enum = proto.get("dtype", 0)
        if enum != want.as_datatype_enum:
            got = TF_DTYPE_NAMES.get(enum) or _dt.as_dtype(enum).name
            raise refuse(f"Type mismatch between parsed tensor ({got}) and dtype ({want.name})")
        return tensor_value(proto, corrupt)

    return kernel


not_differentiable("SerializeTensor", "ParseTensor")


def serialize_tensor(tensor: Any, name: str | None = None) -> Tensor:
    """`tensor` as a scalar string: TF's TensorProto bytes, which `parse_tensor` (here or
    in TensorFlow) reads back."""
    t = convert_to_tensor(tensor)
    return t.graph.create_op("SerializeTensor", (t,), None, name or "SerializeTensor").outputs[0]


def parse_tensor(serialized: Any, out_type: Any, name: str | None = None) -> Tensor:
    """The tensor a serialized TensorProto holds, of dtype `out_type` (a different one
    fails the run, as TF's); its shape is known only when it runs."""
    t = convert_to_tensor(serialized, _dt.string)
    attrs = {"out_type": _dt.as_dtype(out_type)}
    return t.graph.create_op("ParseTensor", (t,), attrs, name or "ParseTensor").outputs[0]
