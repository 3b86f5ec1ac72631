"""TF1's top-level one-liners that belong to no op family: regularizer and logger lookups,
argument converters, a dtype check, a collection, the version constants, and two small
composites (`switch_case` over `cond`, `tf.linalg.normalize` over `norm`)."""

from __future__ import annotations

import logging
from typing import Any

from . import dtypes as _dt
from .compat import version as _version
from .errors import error
from .graph import Tensor, convert_to_tensor, get_collection, name_scope

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
    "switch_case",
]


def switch_case(branch_index: Any, branch_fns: Any, default: Any = None, name: str = "switch_case"):
    """Run `branch_fns[branch_index]` (a list, or a dict / pairs keyed by int); an index
    outside them runs `default`, or the last branch when there is none, as TF's."""
    from .ops.control_flow_ops import cond
    from .ops.math_ops import equal

    if isinstance(branch_fns, dict):
        pairs = sorted(branch_fns.items())
    else:
        branch_fns = list(branch_fns)
        pairs = (
            branch_fns
            if branch_fns and isinstance(branch_fns[0], tuple)
            else list(enumerate(branch_fns))
        )
    keys = [k for k, _ in pairs]
    if not pairs or keys != list(range(len(keys))):
        raise error(
            "INVALID_ATTR",
            f"branch indices (keys) must be 0..{len(keys) - 1} in order, got {keys}",
        )
    fallback = default if default is not None else pairs[-1][1]
    with name_scope(name):
        index = convert_to_tensor(branch_index, dtype=_dt.int32, name="branch_index")
        if index.static_shape not in (None, ()):
            raise error("SHAPE_MISMATCH", "branch_index must be a scalar")
        chain = fallback
        for key, fn in reversed(pairs):
            chain = _branch(cond, equal, index, key, fn, chain)
        return chain()


def _branch(cond, equal, index, key, fn, otherwise):
    return lambda: cond(equal(index, key), fn, otherwise)


def linalg_normalize(tensor: Any, ord: Any = "euclidean", axis: Any = None, name: Any = None):
    """`tf.linalg.normalize`: (`tensor` / its norm, the norm kept as dims), as TF's."""
    from .ops.linalg_ops import norm
    from .ops.math_ops import cast

    with name_scope(name, "normalize"):
        tensor = convert_to_tensor(tensor)
        value = cast(norm(tensor, ord, axis, keepdims=True), tensor.dtype)
        return tensor / value, value
