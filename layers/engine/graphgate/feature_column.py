"""`tf.feature_column` (TF 1.x): columns that turn a dict of raw feature tensors into the
dense input of a model — `input_layer` for neural networks, `linear_model` for linear
ones — for numeric and integer features.

Columns are immutable descriptions (namedtuples, as TF's); `input_layer` orders them by
name, as TF does, and concatenates each one's `[batch, n]` block. A rank-1 feature is
read as `[batch, 1]`. Integer ids come dense (`-1` marks "no id", as TF's dense-to-sparse
conversion), so multi-valued examples are `[batch, k]` tensors padded with -1, or a
SparseTensor of ids (made dense with -1 where it has no value).

Not here yet: vocabulary files, crossed columns (TF's FingerprintCat64), sequence columns.
"""

from __future__ import annotations

import collections
import itertools
import math
from typing import Any

import numpy as np

import graphgate as gg

from .errors import error
from .ops import string_ops


def _invalid(message: str) -> Exception:
    return error("INVALID_FEATURE_COLUMN", message)


def _missing(what: str) -> Exception:
    return error("UNIMPLEMENTED", f"tf.feature_column.{what} is not supported yet")


# -- reading raw features ---------------------------------------------------------------------
def _raw(features: dict, key: str, ids: bool = False, weights: bool = False) -> Any:
    """The feature under `key` as a tensor of rank >= 2 (a [batch] vector becomes
    [batch, 1]); a SparseTensor of ids becomes dense with -1 where it has no value, one of
    weights with 0."""
    t = features[key]
    if isinstance(t, gg.SparseTensor):
        if weights:
            return gg.sparse_tensor_to_dense(t, default_value=gg.constant(0, t.dtype))
        if not ids:
            raise _invalid(
                "The corresponding Tensor of numerical column must be a Tensor. SparseTensor "
                f"is not supported. key: {key}"
            )
        if t.dtype == gg.string:  # TF's missing value for strings is ''
            return gg.sparse_tensor_to_dense(t, default_value=gg.constant("", gg.string))
        if not t.dtype.is_integer:
            raise _invalid(f"Invalid input, not integer. key: {key} dtype: {t.dtype}")
        return gg.sparse_tensor_to_dense(t, default_value=gg.constant(-1, t.dtype))
    t = gg.convert_to_tensor(t)
    rank = t.get_shape().ndims
    if rank == 0:
        raise _invalid(f"Feature (key: {key}) cannot have rank 0. Given: {t}")
    if rank == 1:
        t = gg.expand_dims(t, -1)
    return t


def _flat(t: Any, n: int) -> Any:
    return gg.reshape(t, [-1, n])


# -- dense columns -----------------------------------------------------------------------------
class NumericColumn(
    collections.namedtuple(
        "NumericColumn", ["key", "shape", "default_value", "dtype", "normalizer_fn"]
    )
):
    """A real-valued feature of fixed `shape` per example, cast to float32."""

    name = property(lambda self: self.key)
    variable_shape = property(lambda self: gg.TensorShape(self.shape))
    _size = property(lambda self: int(np.prod(self.shape)))

    def dense(self, features: dict, state: dict) -> Any:
        t = _raw(features, self.key)
        if self.normalizer_fn is not None:
            t = self.normalizer_fn(t)
        return _flat(gg.cast(t, gg.float32), self._size)


def numeric_column(
    key: str,
    shape: Any = (1,),
    default_value: Any = None,
    dtype: Any = gg.float32,
    normalizer_fn: Any = None,
) -> NumericColumn:
    """A column of real values (`shape` per example), `normalizer_fn` applied first."""
    _check_key(key)
    shape = _check_shape(shape, key)
    dtype = gg.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise _invalid(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    if default_value is not None:
        default_value = _check_default(default_value, shape, key)
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise error(
            "INVALID_ESTIMATOR_TYPE", f"normalizer_fn must be a callable. Given: {normalizer_fn}"
        )
    return NumericColumn(key, shape, default_value, dtype, normalizer_fn)


def _check_key(key: Any) -> None:
    if not isinstance(key, str):
        raise _invalid(f"key must be a string. Given: {key}")


def _check_shape(shape: Any, key: str) -> tuple:
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    for d in shape:
        if not isinstance(d, int | np.integer):
            raise error(
                "INVALID_ESTIMATOR_TYPE", f"shape dimensions must be integer. shape: {shape}"
            )
        if d < 1:
            raise _invalid(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    return tuple(int(d) for d in shape)


def _check_default(value: Any, shape: tuple, key: str) -> tuple | float:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return float(arr) if not shape or np.prod(shape) >= 1 else value
    if arr.shape != shape:
        raise _invalid(
            f"The shape of default_value must be equal to given shape. default_value: "
            f"{value}, shape: {shape}, key: {key}"
        )
    return value


class BucketizedColumn(collections.namedtuple("BucketizedColumn", ["source_column", "boundaries"])):
    """A numeric column's values as the index of their bucket between `boundaries`:
    bucket i holds boundaries[i-1] <= x < boundaries[i]."""

    name = property(lambda self: f"{self.source_column.name}_bucketized")
    num_buckets = property(lambda self: self.source_column._size * (len(self.boundaries) + 1))
    variable_shape = property(
        lambda self: gg.TensorShape([*self.source_column.shape, len(self.boundaries) + 1])
    )
    _size = num_buckets

    def _buckets(self, features: dict, state: dict, dtype: Any = gg.int64) -> Any:
        x = gg.expand_dims(self.source_column.dense(features, state), -1)  # [batch, n, 1]
        edges = gg.constant(np.asarray(self.boundaries, np.float32))
        # NaN is past every boundary, in the last bucket, as TF's Bucketize puts it
        above = gg.cast(gg.logical_or(gg.greater_equal(x, edges), gg.is_nan(x)), dtype)
        return gg.reduce_sum(above, axis=-1)  # [batch, n]

    def dense(self, features: dict, state: dict) -> Any:
        width = len(self.boundaries) + 1
        one_hot = gg.one_hot(self._buckets(features, state), width, dtype=gg.float32)
        return _flat(one_hot, self._size)

    def ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        """Each source value's bucket, offset by its position: distinct ids per value,
        int32 as TF's Bucketize makes them (the dtype of a lookup's gradient indices)."""
        return self._offset_ids(features, state, gg.int32), None

    def sparse_ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        """What a cross reads: the same ids, as int64."""
        return self._offset_ids(features, state, gg.int64), None

    def _offset_ids(self, features: dict, state: dict, dtype: Any) -> Any:
        width = len(self.boundaries) + 1
        offsets = np.arange(self.source_column._size, dtype=dtype.as_numpy_dtype) * width
        return self._buckets(features, state, dtype) + gg.constant(offsets)


def bucketized_column(source_column: Any, boundaries: Any) -> BucketizedColumn:
    """The bucket of a `numeric_column`'s values between sorted `boundaries`."""
    if not isinstance(source_column, NumericColumn):
        raise _invalid(
            "source_column must be a column generated with numeric_column(). Given: "
            f"{source_column}"
        )
    if len(source_column.shape) > 1:
        raise _invalid(f"source_column must be one-dimensional column. Given: {source_column}")
    if not boundaries or not isinstance(boundaries, list | tuple):
        raise _invalid(f"boundaries must be a sorted list. Given: {boundaries}")
    for a, b in itertools.pairwise(boundaries):
        if a >= b:
            raise _invalid(f"boundaries must be a sorted list. Given: {boundaries}")
    return BucketizedColumn(source_column, tuple(float(b) for b in boundaries))


# -- categorical columns -----------------------------------------------------------------------
class IdentityCategoricalColumn(
    collections.namedtuple("IdentityCategoricalColumn", ["key", "number_buckets", "default_value"])
):
    """Integer ids in [0, num_buckets) used as they are."""

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: self.number_buckets)

    def ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        """The ids ([batch, k] int64) and which are present (-1 marks an absent id)."""
        raw = _raw(features, self.key, ids=True)
        if not raw.dtype.is_integer:
            raise _invalid(f"Invalid input, not integer. key: {self.key} dtype: {raw.dtype}")
        ids = gg.cast(raw, gg.int64)
        present = gg.not_equal(ids, -1)
        if self.default_value is None:
            # TF 1.x checks no range here: an id past the end is an all-zero indicator
            # row and fails an embedding's lookup.
            return ids, present
        kept = gg.where(present, ids, gg.zeros_like(ids))
        outside = gg.logical_or(gg.less(kept, 0), gg.greater_equal(kept, self.number_buckets))
        default = gg.fill(gg.shape(kept), gg.constant(self.default_value, gg.int64))
        return gg.where(outside, default, kept), present

    sparse_ids = ids  # what a cross reads: the same ids


def categorical_column_with_identity(
    key: str, num_buckets: int, default_value: int | None = None
) -> IdentityCategoricalColumn:
    """Integer features used as ids in [0, num_buckets); ids outside that range become
    `default_value` (when given)."""
    _check_key(key)
    if num_buckets < 1:
        raise _invalid(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and (default_value < 0 or default_value >= num_buckets):
        raise _invalid(
            f"default_value {default_value} not in range [0, {num_buckets}), column_name {key}"
        )
    return IdentityCategoricalColumn(key, int(num_buckets), default_value)


class VocabularyListCategoricalColumn(
    collections.namedtuple(
        "VocabularyListCategoricalColumn",
        ["key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"],
    )
):
    """Values looked up in `vocabulary_list`: the id is the position of the value,
    `default_value` (-1: no id) for one not there."""

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: len(self.vocabulary_list) + self.num_oov_buckets)

    def ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        ids, given = self.sparse_ids(features, state)
        # Lookups that found nothing with default -1 are no ids either.
        return ids, gg.logical_and(given, gg.greater_equal(ids, 0))

    def sparse_ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        """TF's id tensor: a lookup for each value given ('' and -1 are not), -1 (the
        default) or an OOV bucket for a value not in the vocabulary."""
        values, absent = _lookup_values(features, self.key, self.dtype)
        vocab = gg.constant(np.asarray(self.vocabulary_list, _numpy_of(self.dtype)))
        match = gg.equal(gg.expand_dims(values, -1), vocab)  # [batch, k, vocabulary]
        found = gg.reduce_any(match, axis=-1)
        position = gg.argmax(gg.cast(match, gg.int32), axis=-1)
        if self.num_oov_buckets:
            # TF's IdTableWithHashBuckets: past the vocabulary, FarmHash of the text.
            text = values if self.dtype == gg.string else gg.as_string(values)
            bucket = gg.strings.to_hash_bucket_fast(text, self.num_oov_buckets)
            missing = gg.cast(bucket, gg.int64) + len(self.vocabulary_list)
        else:
            missing = gg.fill(gg.shape(position), gg.constant(self.default_value, gg.int64))
        return gg.where(found, position, missing), gg.not_equal(values, absent)


def _numpy_of(dtype: Any) -> Any:
    return object if dtype == gg.string else np.int64


def _lookup_values(features: dict, key: str, dtype: Any) -> tuple[Any, Any]:
    """A categorical column's raw values in the column's kind (strings, or int64 ids) and
    the value TF reads as absent ('' or -1)."""
    raw = _raw(features, key, ids=True)
    if (raw.dtype == gg.string) != (dtype == gg.string) or not (
        raw.dtype == gg.string or raw.dtype.is_integer
    ):
        raise _invalid(
            "Column dtype and SparseTensors dtype must be compatible. key: "
            f"{key}, column dtype: {dtype}, tensor dtype: {raw.dtype}"
        )
    if raw.dtype == gg.string:
        return raw, ""
    return gg.cast(raw, gg.int64), -1


def _is_integer_dtype(dtype: Any) -> bool:
    try:
        return gg.as_dtype(dtype).is_integer
    except gg.GraphgateError:  # tf.string: named, not computed with, and not an integer
        return False


def categorical_column_with_vocabulary_list(
    key: str,
    vocabulary_list: Any,
    dtype: Any = None,
    default_value: int = -1,
    num_oov_buckets: int = 0,
) -> VocabularyListCategoricalColumn:
    """Values (strings or integers) mapped to their position in `vocabulary_list`; one
    not there gets `default_value` (-1: no id) or, with `num_oov_buckets`, a bucket past
    the vocabulary chosen by FarmHash of its text, as TF's lookup table does."""
    _check_key(key)
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise _invalid(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: {key}")
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise _invalid(f"Duplicate keys in vocabulary_list {vocabulary_list}, column_name: {key}")
    if num_oov_buckets:
        if default_value != -1:
            raise _invalid(f"Can't specify both num_oov_buckets and default_value in {key}.")
        if num_oov_buckets < 0:
            raise _invalid(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")
    kind = np.array(vocabulary_list).dtype.kind
    if kind in "USO":
        if dtype is not None and gg.as_dtype(dtype) != gg.string:
            raise _invalid(
                f"dtype {dtype} and vocabulary dtype string do not match, column_name: {key}"
            )
        vocabulary = tuple(v.decode() if isinstance(v, bytes) else str(v) for v in vocabulary_list)
        column_dtype = gg.string
    elif kind in "iu":
        if dtype is not None and not _is_integer_dtype(dtype):
            raise _invalid(
                f"dtype {dtype} and vocabulary dtype int64 do not match, column_name: {key}"
            )
        vocabulary = tuple(int(v) for v in vocabulary_list)
        column_dtype = gg.as_dtype(dtype) if dtype is not None else gg.int64
    else:
        raise _invalid(f"column_name: {key} vocabulary dtype must be string or integer.")
    return VocabularyListCategoricalColumn(
        key, vocabulary, column_dtype, int(default_value), int(num_oov_buckets)
    )


class VocabularyFileCategoricalColumn(
    collections.namedtuple(
        "VocabularyFileCategoricalColumn",
        ["key", "vocabulary_file", "vocabulary_size", "num_oov_buckets", "default_value", "dtype"],
    )
):
    """Values looked up in the first `vocabulary_size` lines of `vocabulary_file` by TF's
    table (`index_table_from_file`): the file is held by the graph (`build_files`), read
    into the table when `tf.tables_initializer()` runs, and a saved model writes it as an
    asset that TF's loader reads, as TF's column does."""

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: self.vocabulary_size + self.num_oov_buckets)

    def ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        ids, given = self.sparse_ids(features, state)
        # Lookups that found nothing with default -1 are no ids either.
        return ids, gg.logical_and(given, gg.greater_equal(ids, 0))

    def sparse_ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        """TF's id tensor: a lookup for each value given ('' and -1 are not), the default
        (-1) or an OOV bucket (FarmHash of the text, past the vocabulary) for one not in
        the file's lines."""
        from .ops.lookup_ops import index_table_from_file

        values, absent = _lookup_values(features, self.key, self.dtype)
        default = -1 if self.default_value is None else self.default_value
        table = index_table_from_file(
            self.vocabulary_file,
            vocab_size=self.vocabulary_size,
            default_value=-1 if self.num_oov_buckets else default,
            key_dtype=_dt_key(self.dtype),
        )
        ids = table.lookup(values)
        if self.num_oov_buckets:
            text = values if self.dtype == gg.string else gg.as_string(values)
            bucket = gg.strings.to_hash_bucket_fast(text, self.num_oov_buckets)
            missing = gg.cast(bucket, gg.int64) + self.vocabulary_size
            ids = gg.where(gg.equal(ids, -1), missing, ids)
        return ids, gg.not_equal(values, absent)


def _dt_key(dtype: Any) -> Any:
    return gg.string if dtype == gg.string else gg.int64


def categorical_column_with_vocabulary_file(
    key: str,
    vocabulary_file: str,
    vocabulary_size: int | None = None,
    num_oov_buckets: int = 0,
    default_value: int | None = None,
    dtype: Any = "string",
) -> VocabularyFileCategoricalColumn:
    """Values mapped to their line in `vocabulary_file` (its first `vocabulary_size`
    lines; all of them by default); one not there gets `default_value` or, with
    `num_oov_buckets`, a FarmHash bucket past the vocabulary, as TF's."""
    if not vocabulary_file:
        raise _invalid(f"Missing vocabulary_file in {key}.")
    if vocabulary_size is None:
        try:
            with open(vocabulary_file, "rb") as handle:
                vocabulary_size = sum(1 for _ in handle)
        except OSError:
            raise _invalid(f"vocabulary_file in {key} does not exist.") from None
    if vocabulary_size < 1:
        raise _invalid(f"Invalid vocabulary_size in {key}.")
    if num_oov_buckets:
        if default_value is not None:
            raise _invalid(f"Can't specify both num_oov_buckets and default_value in {key}.")
        if num_oov_buckets < 0:
            raise _invalid(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")
    column_dtype = gg.as_dtype(dtype)
    if column_dtype != gg.string and not column_dtype.is_integer:
        raise _invalid(f"column_name: {key} dtype must be string or integer. dtype: {dtype}.")
    _check_key(key)
    return VocabularyFileCategoricalColumn(
        key,
        vocabulary_file,
        int(vocabulary_size),
        int(num_oov_buckets or 0),
        -1 if default_value is None else int(default_value),
        column_dtype,
    )


class HashedCategoricalColumn(
    collections.namedtuple("HashedCategoricalColumn", ["key", "hash_bucket_size", "dtype"])
):
    """Values (strings, or integers as their text) hashed into `hash_bucket_size` ids."""

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: self.hash_bucket_size)

    def ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        values, absent = _lookup_values(features, self.key, self.dtype)
        text = values if self.dtype == gg.string else gg.as_string(values)
        ids = gg.cast(gg.strings.to_hash_bucket_fast(text, self.hash_bucket_size), gg.int64)
        return ids, gg.not_equal(values, absent)


def categorical_column_with_hash_bucket(
    key: str, hash_bucket_size: int, dtype: Any = "string"
) -> HashedCategoricalColumn:
    """Ids from FarmHash of each value's text modulo `hash_bucket_size`, as TF's."""
    _check_key(key)
    if hash_bucket_size is None or hash_bucket_size < 1:
        raise _invalid(
            f"hash_bucket_size must be at least 1. hash_bucket_size: {hash_bucket_size}, key: {key}"
        )
    column_dtype = gg.as_dtype(dtype)
    if column_dtype != gg.string and not column_dtype.is_integer:
        raise _invalid(
            f"dtype must be string or integer. dtype: {column_dtype}, column_name: {key}"
        )
    return HashedCategoricalColumn(key, int(hash_bucket_size), column_dtype)


# TF's default `hash_key` of a cross (sparse_ops' _DEFAULT_HASH_KEY).
_CROSS_HASH_KEY = 0xDECAFCAFFE


class CrossedColumn(
    collections.namedtuple("CrossedColumn", ["keys", "hash_bucket_size", "hash_key"])
):
    """Every combination of the keys' values in an example (raw string or integer
    features, or categorical columns' ids), hashed into `hash_bucket_size` ids exactly as
    TF's `sparse_cross_hashed`, the first key's values varying slowest."""

    name = property(lambda self: "_X_".join(sorted(_leaf_name(k) for k in self.leaves())))
    num_buckets = property(lambda self: self.hash_bucket_size)

    def leaves(self) -> list:
        """The keys, a crossed column among them replaced by its own keys (as TF's)."""
        out: list = []
        for key in self.keys:
            out.extend(key.leaves() if isinstance(key, CrossedColumn) else [key])
        return out

    def ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        # TF's cross takes its sparse inputs (categorical ids, SparseTensor features) before
        # its dense ones, whatever the keys' order, and the hash depends on the order.
        leaves = self.leaves()
        ordered = [k for k in leaves if _sparse_in_cross(k, features)]
        ordered += [k for k in leaves if not _sparse_in_cross(k, features)]
        parts = [_cross_part(key, features, state) for key in ordered]
        n = len(parts)
        values, present = [], None
        for i, (v, p) in enumerate(parts):
            # [batch, k_i] -> [batch, 1, .., k_i, .., 1]: broadcasting makes every combination.
            shape = gg.stack([gg.shape(v)[0], *[1] * i, -1, *[1] * (n - 1 - i)])
            values.append(gg.reshape(v, shape))
            p = gg.reshape(p, shape)
            present = p if present is None else gg.logical_and(present, p)
        crossed = string_ops.fingerprint_cross(
            values,
            self.hash_bucket_size,
            _CROSS_HASH_KEY if self.hash_key is None else self.hash_key,
        )
        flat = gg.stack([gg.shape(crossed)[0], -1])
        present = gg.logical_and(present, gg.ones_like(crossed, dtype=gg.bool))
        return gg.reshape(crossed, flat), gg.reshape(present, flat)


def _leaf_name(key: Any) -> str:
    return key if isinstance(key, str) else key.name


def _sparse_in_cross(key: Any, features: dict) -> bool:
    """Whether TF's cross gets `key` as a SparseTensor (a column's ids, a sparse feature)."""
    return not isinstance(key, str) or isinstance(features.get(key), gg.SparseTensor)


def _cross_part(key: Any, features: dict, state: dict) -> tuple[Any, Any]:
    """One crossed key's values ([batch, k]: strings, or int64 ids) and which are there:
    every value of a dense feature (even '' or -1: TF crosses the raw tensor), the
    entries of a SparseTensor, a categorical column's sparse ids (a vocabulary's -1 for
    a word it lacks is crossed too, as TF's)."""
    if isinstance(key, WeightedCategoricalColumn):
        raise _invalid(
            "crossed_column does not support weight_tensor, but the given column populates "
            f"weight_tensor. Given column: {key.name}"
        )
    if not isinstance(key, str):
        ids, present = key.sparse_ids(features, state)
        return ids, gg.ones_like(ids, dtype=gg.bool) if present is None else present
    raw = _raw(features, key, ids=True)
    if raw.dtype != gg.string and not raw.dtype.is_integer:
        raise _invalid(
            f"crossed_column's feature {key} must be strings or integers, got {raw.dtype}"
        )
    values = raw if raw.dtype == gg.string else gg.cast(raw, gg.int64)
    t = features[key]
    if not isinstance(t, gg.SparseTensor):
        return values, gg.ones_like(values, dtype=gg.bool)
    there = gg.SparseTensor(t.indices, gg.ones_like(t.values, dtype=gg.bool), t.dense_shape)
    return values, gg.sparse_tensor_to_dense(there, default_value=False)


def crossed_column(keys: Any, hash_bucket_size: int, hash_key: int | None = None) -> CrossedColumn:
    """The hashed combinations of several features' values (`keys`: feature names or
    categorical columns other than hashed ones), as TF's."""
    if not hash_bucket_size or hash_bucket_size < 1:
        raise _invalid(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise _invalid(f"keys must be a list with length > 1. Given: {keys}")
    for key in keys:
        if not isinstance(key, (str, CrossedColumn, WeightedCategoricalColumn, *_CATEGORICAL)):
            raise _invalid(
                "Unsupported key type. All keys must be either string, or categorical column "
                f"except HashedCategoricalColumn. Given: {key}"
            )
        if isinstance(key, HashedCategoricalColumn):
            raise _invalid(
                "categorical_column_with_hash_bucket is not supported for crossing. Hashing "
                "before crossing will increase probability of collision. Instead, use the "
                f"feature name as a string. Given: {key}"
            )
    return CrossedColumn(tuple(keys), int(hash_bucket_size), hash_key)


# Categorical columns: a linear model looks their weights up by id, a bucketized column's
# too (TF's is categorical before it is dense there), so every one's gradient is sparse.
_CATEGORICAL = (
    IdentityCategoricalColumn,
    VocabularyListCategoricalColumn,
    VocabularyFileCategoricalColumn,
    HashedCategoricalColumn,
    CrossedColumn,
    BucketizedColumn,
)


def _check_categorical(column: Any, what: str) -> None:
    if not isinstance(column, (*_CATEGORICAL, WeightedCategoricalColumn)):
        raise _invalid(f"{what} must be a categorical column. Given: {column}")


class IndicatorColumn(collections.namedtuple("IndicatorColumn", ["categorical_column"])):
    """A categorical column as a multi-hot vector: the count of each id per example."""

    name = property(lambda self: f"{self.categorical_column.name}_indicator")
    variable_shape = property(lambda self: gg.TensorShape([self.categorical_column.num_buckets]))

    def dense(self, features: dict, state: dict) -> Any:
        ids, weight = _id_weights(self.categorical_column, features, state)
        depth = self.categorical_column.num_buckets
        one_hot = gg.one_hot(ids, depth, on_value=1.0, off_value=0.0)  # [batch, k, depth]
        # The count of each id, or the sum of its weights for a weighted column (TF's).
        return gg.reduce_sum(one_hot * gg.expand_dims(weight, -1), axis=-2)


def indicator_column(categorical_column: Any) -> IndicatorColumn:
    """A categorical column in multi-hot form, for `input_layer`."""
    _check_categorical(categorical_column, "categorical_column")
    return IndicatorColumn(categorical_column)


class EmbeddingColumn(
    collections.namedtuple(
        "EmbeddingColumn",
        [
            "categorical_column",
            "dimension",
            "combiner",
            "initializer",
            "ckpt_to_load_from",
            "tensor_name_in_ckpt",
            "max_norm",
            "trainable",
        ],
    )
):
    """A categorical column's ids looked up in a trainable [num_buckets, dimension] table
    (`embedding_weights`) and combined per example (sum, mean or sqrtn)."""

    name = property(lambda self: f"{self.categorical_column.name}_embedding")
    variable_shape = property(lambda self: gg.TensorShape([self.dimension]))

    def dense(self, features: dict, state: dict) -> Any:
        table = gg.get_variable(
            "embedding_weights",
            [self.categorical_column.num_buckets, self.dimension],
            dtype=gg.float32,
            initializer=self.initializer,
            trainable=self.trainable,
        )
        if self.combiner not in ("mean", "sqrtn", "sum"):
            raise _invalid(
                f"combiner must be one of 'mean', 'sqrtn' or 'sum'. Given: {self.combiner}"
            )
        return _combine(table, self.categorical_column, features, state, self.combiner)


def embedding_column(
    categorical_column: Any,
    dimension: int,
    combiner: str = "mean",
    initializer: Any = None,
    ckpt_to_load_from: Any = None,
    tensor_name_in_ckpt: Any = None,
    max_norm: Any = None,
    trainable: bool = True,
    use_safe_embedding_lookup: bool = True,
) -> EmbeddingColumn:
    """A categorical column as a learned dense vector of `dimension` per example, looked
    up as TF's default `use_safe_embedding_lookup=True` does (invalid ids pruned, empty
    rows zero); TF's unsafe lookup is not written."""
    if not use_safe_embedding_lookup:
        raise _missing("embedding_column(use_safe_embedding_lookup=False)")
    if dimension is None or dimension < 1:
        raise _invalid(f"Invalid dimension {dimension}.")
    if ckpt_to_load_from is not None or tensor_name_in_ckpt is not None:
        if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
            raise _invalid("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt`.")
        raise _missing("embedding_column(ckpt_to_load_from=...)")
    if max_norm is not None:
        raise _missing("embedding_column(max_norm=...)")
    if initializer is not None and not callable(initializer):
        raise _invalid("initializer must be callable if specified.")
    _check_categorical(categorical_column, "categorical_column")
    if initializer is None:
        initializer = gg.truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))
    return EmbeddingColumn(
        categorical_column,
        int(dimension),
        combiner,
        initializer,
        ckpt_to_load_from,
        tensor_name_in_ckpt,
        max_norm,
        trainable,
    )


class SharedEmbeddingColumn(
    collections.namedtuple(
        "SharedEmbeddingColumn",
        [
            "categorical_column",
            "dimension",
            "combiner",
            "initializer",
            "shared_embedding_collection_name",
            "trainable",
        ],
    )
):
    """An embedding whose table is shared with the other columns of its
    `shared_embedding_columns` call: the first to be built makes it (in the variable scope
    named after the collection) and puts it in the graph collection of that name."""

    name = property(lambda self: f"{self.categorical_column.name}_shared_embedding")
    variable_shape = property(lambda self: gg.TensorShape([self.dimension]))
    # input_layer opens this scope for the column: the one table's name.
    scope_name = property(lambda self: self.shared_embedding_collection_name)

    def dense(self, features: dict, state: dict) -> Any:
        shape = [self.categorical_column.num_buckets, self.dimension]
        shared = gg.get_collection(self.shared_embedding_collection_name)
        if len(shared) > 1:
            raise _invalid(
                f"Collection {shared} can only contain one variable. Suggested fix A: "
                "Choose a unique name for this collection. Suggested fix B: Do not add any "
                "variables to this collection. The feature_column library already adds a "
                "variable under the hood."
            )
        if shared:
            table = shared[0]
            if table.get_shape().as_list() != shape:
                raise _invalid(
                    f"Shared embedding collection {self.shared_embedding_collection_name} "
                    f"contains variable {table.name} of unexpected shape "
                    f"{table.get_shape()}. Expected shape is {tuple(shape)}."
                )
        else:
            table = gg.get_variable(
                "embedding_weights",
                shape,
                dtype=gg.float32,
                initializer=self.initializer,
                trainable=self.trainable,
            )
            gg.add_to_collection(self.shared_embedding_collection_name, table)
        if self.combiner not in ("mean", "sqrtn", "sum"):
            raise _invalid(
                f"combiner must be one of 'mean', 'sqrtn' or 'sum'. Given: {self.combiner}"
            )
        # The columns share a variable scope; each gets a name scope of its own, as TF.
        with gg.name_scope(None, default_name=self.name):
            return _combine(table, self.categorical_column, features, state, self.combiner)


def shared_embedding_columns(
    categorical_columns: Any,
    dimension: int,
    combiner: str = "mean",
    initializer: Any = None,
    shared_embedding_collection_name: str | None = None,
    ckpt_to_load_from: Any = None,
    tensor_name_in_ckpt: Any = None,
    max_norm: Any = None,
    trainable: bool = True,
    use_safe_embedding_lookup: bool = True,
) -> list:
    """Embedding columns (in the given order) of categorical columns with the same number
    of buckets, all looking up one table."""
    if dimension is None or dimension < 1:
        raise _invalid(f"Invalid dimension {dimension}.")
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise _invalid("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt`.")
    if ckpt_to_load_from is not None:
        raise _missing("shared_embedding_columns(ckpt_to_load_from=...)")
    if max_norm is not None:
        raise _missing("shared_embedding_columns(max_norm=...)")
    if initializer is not None and not callable(initializer):
        raise _invalid("initializer must be callable if specified.")
    if initializer is None:
        initializer = gg.truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))
    columns = sorted(categorical_columns, key=lambda c: c.name)
    kinds = [_unweighted(c) for c in columns]
    for c in columns:
        _check_categorical(c, "All categorical_columns")
    for c, kind in zip(columns[1:], kinds[1:], strict=True):
        if type(kind) is not type(kinds[0]):
            raise _invalid(
                "To use shared_embedding_column, all categorical_columns must have the same "
                f"type, or be weighted_categorical_column or sequence column of the same "
                f"type. Given column: {kinds[0]} does not match given column: {kind}"
            )
        if c.num_buckets != columns[0].num_buckets:
            raise _invalid(
                "To use shared_embedding_column, all categorical_columns must have the same "
                f"number of buckets: {columns[0]} has {columns[0].num_buckets}, {c} has "
                f"{c.num_buckets}"
            )
    name = shared_embedding_collection_name or (
        "_".join(c.name for c in columns) + "_shared_embedding"
    )
    return [
        SharedEmbeddingColumn(c, int(dimension), combiner, initializer, name, trainable)
        for c in categorical_columns
    ]


def _unweighted(column: Any) -> Any:
    while isinstance(column, WeightedCategoricalColumn):
        column = column.categorical_column
    return column


def _id_weights(column: Any, features: dict, state: dict) -> tuple[Any, Any]:
    """A categorical column's ids ([batch, k], each a valid row) and their float32
    weights: 0 for an absent id (row 0 stands in for it), the weight feature's value for
    a weighted column, else 1."""
    ids, weight, _ = _lookup_args(column, features, state)
    return ids, weight


def _lookup_args(column: Any, features: dict, state: dict) -> tuple[Any, Any, Any]:
    """`_id_weights`' ids and weights, and which ids are there (None: all of them)."""
    ids, present = column.ids(features, state)
    if present is None:  # (TF's OnesLike keeps its input's dtype: a GraphDef has no cast one)
        weight = gg.ones(gg.shape(ids), dtype=gg.float32)
    else:
        ids = gg.where(present, ids, gg.zeros_like(ids))
        weight = gg.cast(present, gg.float32)
    if isinstance(column, WeightedCategoricalColumn):
        weight = weight * column.weight_values(features)
    return ids, weight, present


def _combine(table: Any, column: Any, features: dict, state: dict, combiner: str) -> Any:
    """The weighted rows of `table` for each example of categorical `column`: summed,
    divided by the sum of the weights (mean) or by the root of the sum of their squares
    (sqrtn); an example without ids gives zeros, as TF's safe embedding lookup."""
    ids, weight, present = _lookup_args(column, features, state)
    # TF's lookup without weights reads the table with a sparse segment reduction, whose
    # gradient holds the rows in order of id; with weights it gathers them, in order of
    # appearance.
    in_order = not isinstance(column, WeightedCategoricalColumn)
    rows = _looked_up(table, ids, present, in_order)  # [batch, k, width]
    total = gg.reduce_sum(rows * gg.expand_dims(weight, -1), axis=-2)
    if combiner == "sum":
        return total
    if combiner == "mean":
        denominator = gg.reduce_sum(weight, axis=-1, keepdims=True)
    else:
        denominator = gg.sqrt(gg.reduce_sum(weight * weight, axis=-1, keepdims=True))
    nonzero = gg.not_equal(denominator, 0.0)
    safe = gg.where(nonzero, denominator, gg.ones_like(denominator))
    return gg.where(
        gg.tile(nonzero, gg.stack([1, gg.shape(total)[-1]])), total / safe, gg.zeros_like(total)
    )


def _looked_up(table: Any, ids: Any, present: Any, in_order: bool) -> Any:
    """`table`'s rows of `ids` ([batch, k, width]; zeros where no id is), looked up as TF's
    embedding_lookup_sparse does: each id there once (`unique`; sorted when `in_order`),
    so the table's gradient is IndexedSlices of distinct rows with their occurrences
    summed, and the optimizers that update sparsely leave the other rows alone. Its norm
    is TF's, which `clip_by_global_norm` (the ML Crash Course clips every estimator) takes
    of the values."""
    flat = gg.reshape(ids, [-1])
    if present is None:
        positions = gg.range(gg.size(flat))
    else:  # absent ids (row 0 stands in) are not looked up
        positions = gg.reshape(gg.where(gg.reshape(present, [-1])), [-1])
    distinct, idx = gg.unique(gg.gather(flat, positions))
    if in_order:  # top_k, not argsort: a TF GraphDef has TopKV2 and no Sort
        order = gg.nn.top_k(-distinct, k=gg.size(distinct)).indices
        distinct, idx = gg.gather(distinct, order), gg.gather(gg.invert_permutation(order), idx)
    rows = gg.gather(gg.gather(table, distinct), idx)
    width = table.get_shape().as_list()[-1]
    # TF's ScatterNd takes its shape in the indices' dtype (int64 from `where`): a GraphDef
    # written with an int32 shape is one TF refuses to import.
    shape = gg.cast(gg.stack([gg.size(flat), width]), positions.dtype)
    placed = gg.scatter_nd(gg.expand_dims(positions, 1), rows, shape)
    return gg.reshape(placed, gg.concat([gg.shape(ids), [width]], 0))


class WeightedCategoricalColumn(
    collections.namedtuple(
        "WeightedCategoricalColumn", ["categorical_column", "weight_feature_key", "dtype"]
    )
):
    """A categorical column whose ids carry the weights of another feature (same shape)."""

    name = property(
        lambda self: f"{self.categorical_column.name}_weighted_by_{self.weight_feature_key}"
    )
    num_buckets = property(lambda self: self.categorical_column.num_buckets)

    def ids(self, features: dict, state: dict) -> tuple[Any, Any]:
        return self.categorical_column.ids(features, state)

    def weight_values(self, features: dict) -> Any:
        w = _raw(features, self.weight_feature_key, weights=True)
        if not (w.dtype.is_floating or w.dtype.is_integer):
            raise _invalid(f"Bad dtype, expected {self.dtype}, but got {w.dtype}.")
        return gg.cast(w, gg.float32)


def weighted_categorical_column(
    categorical_column: Any, weight_feature_key: str, dtype: Any = gg.float32
) -> WeightedCategoricalColumn:
    """`categorical_column` whose ids are weighed by the feature `weight_feature_key`."""
    if dtype is None or not (gg.as_dtype(dtype).is_integer or gg.as_dtype(dtype).is_floating):
        raise _invalid(f"dtype {dtype} is not convertible to float.")
    _check_categorical(categorical_column, "categorical_column")
    return WeightedCategoricalColumn(categorical_column, weight_feature_key, gg.as_dtype(dtype))


_DENSE = (NumericColumn, BucketizedColumn, IndicatorColumn, EmbeddingColumn, SharedEmbeddingColumn)


# -- models ------------------------------------------------------------------------------------
def _sorted_columns(feature_columns: Any, allowed: tuple, message: str) -> list:
    if isinstance(feature_columns, _DENSE + _CATEGORICAL + (WeightedCategoricalColumn,)):
        feature_columns = [feature_columns]
    columns = list(feature_columns or ())
    if not columns:
        raise _invalid("feature_columns must not be empty.")
    for c in columns:
        if not isinstance(c, allowed):
            raise _invalid(f"{message} Given: {c}")
    names = [c.name for c in columns]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise _invalid(f"Duplicate feature column name found for columns: {duplicates}")
    return sorted(columns, key=lambda c: c.name)


def input_layer(
    features: dict,
    feature_columns: Any,
    weight_collections: Any = None,
    trainable: bool = True,
    cols_to_vars: dict | None = None,
    cols_to_output_tensors: dict | None = None,
) -> Any:
    """The dense `[batch, n]` float32 input of a network: each column's block, columns in
    order of name, in the variable scope `input_layer`."""
    if not isinstance(features, dict):
        raise _invalid(
            f"features should be a dictionary of `Tensor`s. Given type: {type(features)}"
        )
    columns = _sorted_columns(
        feature_columns,
        _DENSE,
        "Items of feature_columns must be a _DenseColumn. You can wrap a categorical column "
        "with an embedding_column or indicator_column.",
    )
    state: dict = {}
    blocks = []
    with gg.variable_scope(None, default_name="input_layer"):
        for column in columns:
            scope = getattr(column, "scope_name", column.name)
            with gg.variable_scope(None, default_name=scope):
                before = set(gg.global_variables())
                block = column.dense(features, state)
                if cols_to_vars is not None:
                    cols_to_vars[column] = [v for v in gg.global_variables() if v not in before]
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = block
                blocks.append(block)
        _add_to(weight_collections, cols_to_vars)
        return gg.concat(blocks, 1)


def _add_to(weight_collections: Any, cols_to_vars: Any) -> None:
    if not weight_collections or not cols_to_vars:
        return
    for variables in cols_to_vars.values():
        for v in variables:
            for key in weight_collections:
                gg.add_to_collection(key, v)


def _linear_block(column: Any, features: dict, state: dict, units: int, combiner: str) -> Any:
    """One column's contribution to a linear model's logits, and its variables (its
    weights first, as TF's `cols_to_vars`)."""
    if isinstance(column, (*_CATEGORICAL, WeightedCategoricalColumn)):
        weights = gg.get_variable(
            "weights", [column.num_buckets, units], initializer=gg.zeros_initializer()
        )
        return _combine(weights, column, features, state, combiner), [weights]
    before = set(gg.global_variables())
    block = column.dense(features, state)  # an embedding's table is made here
    made = [v for v in gg.global_variables() if v not in before]
    size = block.get_shape().as_list()[-1]
    weights = gg.get_variable("weights", [size, units], initializer=gg.zeros_initializer())
    return gg.matmul(block, weights), [weights, *made]


def linear_model(
    features: dict,
    feature_columns: Any,
    units: int = 1,
    sparse_combiner: str = "sum",
    weight_collections: Any = None,
    trainable: bool = True,
    cols_to_vars: dict | None = None,
) -> Any:
    """A linear model's `[batch, units]` logits: each column times its `weights` (zeros
    at first), plus `bias_weights`, in the variable scope `linear_model`."""
    if sparse_combiner not in ("sum", "mean", "sqrtn"):
        raise _invalid(
            f"sparse_combiner must be one of 'mean', 'sqrtn', 'sum'. Given: {sparse_combiner}"
        )
    columns = _sorted_columns(
        feature_columns,
        _DENSE + _CATEGORICAL + (WeightedCategoricalColumn,),
        "Items of feature_columns must be either a _DenseColumn or _CategoricalColumn.",
    )
    state: dict = {}
    parts = []
    with gg.variable_scope(None, default_name="linear_model"):
        for column in columns:
            with gg.variable_scope(None, default_name=column.name):
                part, variables = _linear_block(column, features, state, units, sparse_combiner)
                parts.append(part)
                if cols_to_vars is not None:
                    cols_to_vars[column] = variables
        bias = gg.get_variable("bias_weights", [units], initializer=gg.zeros_initializer())
        if cols_to_vars is not None:
            cols_to_vars["bias"] = [bias]
        _add_to(weight_collections, cols_to_vars)
        return gg.nn.bias_add(gg.add_n(parts), bias, name="weighted_sum")


# -- parsing specs ----------------------------------------------------------------------------
def _parse_spec(column: Any) -> dict:
    """What `parse_example` must read for `column`: TF's `parse_example_spec`."""
    from .ops.parsing_ops import FixedLenFeature, VarLenFeature

    if isinstance(column, NumericColumn):
        return {column.key: FixedLenFeature(column.shape, column.dtype, column.default_value)}
    if isinstance(column, BucketizedColumn):
        return _parse_spec(column.source_column)
    if isinstance(column, IdentityCategoricalColumn):
        return {column.key: VarLenFeature(gg.int64)}
    if isinstance(
        column,
        VocabularyListCategoricalColumn | VocabularyFileCategoricalColumn | HashedCategoricalColumn,
    ):
        return {column.key: VarLenFeature(column.dtype)}
    if isinstance(column, CrossedColumn):
        spec = {}
        for key in column.keys:
            spec.update(
                _parse_spec(key) if not isinstance(key, str) else {key: VarLenFeature(gg.string)}
            )
        return spec
    if isinstance(column, WeightedCategoricalColumn):
        spec = _parse_spec(column.categorical_column)
        return {**spec, column.weight_feature_key: VarLenFeature(column.dtype)}
    if isinstance(column, IndicatorColumn | EmbeddingColumn | SharedEmbeddingColumn):
        return _parse_spec(column.categorical_column)
    raise _invalid(f"All feature_columns must be FeatureColumn instances. Given: {column}")


def make_parse_example_spec(feature_columns: Any) -> dict:
    """TF's `tf.feature_column.make_parse_example_spec`: the `parse_example` spec
    (key to FixedLenFeature / VarLenFeature) that reads every column's raw features."""
    result: dict = {}
    for column in feature_columns:
        for key, feature in _parse_spec(column).items():
            if key in result and result[key] != feature:
                raise _invalid(
                    f"feature_columns contain different parse_spec for key {key}. Given "
                    f"{feature} and {result[key]}"
                )
            result[key] = feature
    return result


__all__ = [
    "bucketized_column",
    "categorical_column_with_hash_bucket",
    "categorical_column_with_identity",
    "categorical_column_with_vocabulary_file",
    "categorical_column_with_vocabulary_list",
    "crossed_column",
    "embedding_column",
    "indicator_column",
    "input_layer",
    "linear_model",
    "make_parse_example_spec",
    "numeric_column",
    "shared_embedding_columns",
    "weighted_categorical_column",
]
