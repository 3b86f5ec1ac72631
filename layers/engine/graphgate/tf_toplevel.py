"""TF1's top-level one-liners that belong to no op family: regularizer and logger lookups,
argument converters, a dtype check, a collection and the version constants."""

from __future__ import annotations

import logging
from typing import Any

from . import dtypes as _dt
from .compat import version as _version
from .errors import error
from .graph import Tensor, convert_to_tensor, get_collection

COMPILER_VERSION = _version.COMPILER_VERSION
GIT_VERSION = _version.GIT_VERSION
GRAPH_DEF_VERSION = _version.GRAPH_DEF_VERSION
GRAPH_DEF_VERSION_MIN_CONSUMER = _version.GRAPH_DEF_VERSION_MIN_CONSUMER
GRAPH_DEF_VERSION_MIN_PRODUCER = _version.GRAPH_DEF_VERSION_MIN_PRODUCER


def no_regularizer(_: Any) -> None:
    """The regularizer that adds nothing (`get_variable(regularizer=tf.no_regularizer)`)."""
    return None


def get_logger() -> logging.Logger:
    """The `tensorflow` logger, as TF's (handlers and levels are the program's to set)."""
    return logging.getLogger("tensorflow")


def convert_to_tensor_or_sparse_tensor(value: Any, dtype: Any = None, name: Any = None):
    """A SparseTensor (or SparseTensorValue) as a SparseTensor, anything else a Tensor."""
    from .sparse_tensor import SparseTensor, SparseTensorValue

    if isinstance(value, SparseTensorValue):
        value = SparseTensor(*value)
    if isinstance(value, SparseTensor):
        if dtype is not None and _dt.as_dtype(dtype) != value.dtype:
            raise error(
                "DTYPE_MISMATCH",
                f"Sparse dtype mismatch: requested {_dt.as_dtype(dtype).name}, got "
                f"{value.dtype.name}",
            )
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def convert_to_tensor_or_indexed_slices(value: Any, dtype: Any = None, name: Any = None):
    """An IndexedSlices as it is, anything else a Tensor."""
    from .ops.scatter_ops import IndexedSlices

    if isinstance(value, IndexedSlices):
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def assert_same_float_dtype(tensors: Any = None, dtype: Any = None):
    """The one floating dtype shared by `tensors` (and `dtype` if given), float32 if there
    is nothing to go by; ValueError (TF's) for a mix or a non-float."""
    dtypes = {t.dtype for t in tensors or () if isinstance(t, Tensor)}
    if dtype is not None:
        dtypes.add(_dt.as_dtype(dtype))
    if len(dtypes) > 1:
        names = ", ".join(sorted(d.name for d in dtypes))
        raise error("INVALID_ATTR", f"Tensors have different dtypes: {names}")
    found = dtypes.pop() if dtypes else _dt.float32
    if found not in _dt.FLOATS:
        raise error("INVALID_ATTR", f"Expected floating point type, got {found.name}.")
    return found


def moving_average_variables(scope: str | None = None) -> list:
    """The variables an `ExponentialMovingAverage` keeps averages of."""
    return get_collection("moving_average_variables", scope)


__all__ = [
    "COMPILER_VERSION",
    "GIT_VERSION",
    "GRAPH_DEF_VERSION",
    "GRAPH_DEF_VERSION_MIN_CONSUMER",
    "GRAPH_DEF_VERSION_MIN_PRODUCER",
    "assert_same_float_dtype",
    "convert_to_tensor_or_indexed_slices",
    "convert_to_tensor_or_sparse_tensor",
    "get_logger",
    "moving_average_variables",
    "no_regularizer",
]
