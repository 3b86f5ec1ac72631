"""TF1's `tf.sets`: set sizes, intersections, unions and differences along the last axis.

A set is what one position of the leading axes holds in the last: every element of a dense
row, the present entries of a sparse one. Results are SparseTensors whose rows hold each
set's members in increasing order (the last dense dimension is the largest set), as
TensorFlow's `DenseToDenseSetOperation`, `DenseToSparseSetOperation`,
`SparseToSparseSetOperation` and `SetSize` kernels compute them, for integers and strings
(ordered by their bytes, as TF's). No gradients (TF has none: the values are ids).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor
from ..limits import check_run_time_size
from ..sparse_tensor import SparseTensor, SparseTensorValue
from .registry import InferenceError, not_differentiable, register_op
from .sparse_ops import _check_indices

_INT64 = _dt.int64
# TF's `_VALID_DTYPES`.
_SET_DTYPES = frozenset(
    (_dt.int8, _dt.int16, _dt.int32, _dt.int64, _dt.uint8, _dt.uint16, _dt.string)
)
_OPERATIONS = {
    "intersection": np.intersect1d,
    "union": np.union1d,
    "a-b": np.setdiff1d,
    "b-a": lambda a, b: np.setdiff1d(b, a),
}
_SET_ATTRS = {"set_operation": ("str", "intersection"), "validate_indices": ("bool", True)}


def _check_set_dtype(dtype, what: str) -> None:
    if dtype not in _SET_DTYPES:
        names = ", ".join(sorted(d.name for d in _SET_DTYPES))
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"'{what}' has invalid dtype {dtype.name} not in supported dtypes: {names}",
        )


def _check_set_dtype_now(dtype, what: str) -> None:
    try:
        _check_set_dtype(dtype, what)
    except InferenceError as e:
        raise error(e.code, e.message) from None


# -- sets of each group: {flat group index: sorted unique members} ----------------------------


def _dense_sets(x: np.ndarray) -> tuple[tuple[int, ...], list]:
    if x.ndim < 2:
        raise error("SHAPE_MISMATCH", f"a dense set operand needs rank >= 2, got {x.ndim}")
    rows = x.reshape(-1, x.shape[-1])
    return x.shape[:-1], [np.unique(r) for r in rows]


def _sparse_sets(indices, values, shape, validate: bool, what: str):
    shape = np.asarray(shape, np.int64).reshape(-1)
    if shape.size < 2:
        raise error("SHAPE_MISMATCH", f"{what}: a sparse set operand needs rank >= 2")
    indices = _check_indices(indices, shape, what, ordered=validate)
    values = np.asarray(values)
    groups = tuple(int(d) for d in shape[:-1])
    flat = np.ravel_multi_index(indices[:, :-1].T, groups) if len(indices) else indices[:0, 0]
    sets: dict[int, np.ndarray] = {}
    for g in np.unique(flat):
        sets[int(g)] = np.unique(values[flat == g])
    return groups, sets


def _same_groups(a: tuple, b: tuple) -> tuple:
    if tuple(a) != tuple(b):
        raise error(
            "SHAPE_MISMATCH",
            f"set operands' leading dimensions differ: {list(a)} and {list(b)}",
        )
    return tuple(a)


def _result(groups: tuple, a_sets, b_sets, operation, dtype):
    """The SparseTensor components of `operation` applied group by group."""
    empty = np.zeros(0, dtype)
    if isinstance(a_sets, list) or isinstance(b_sets, list):
        keys = range(int(np.prod(groups, dtype=np.int64)))  # a dense operand: every group
    else:
        keys = sorted(set(a_sets) | set(b_sets))
    rows, values, width = [], [], 0
    for g in keys:
        a = a_sets[g] if isinstance(a_sets, list) else a_sets.get(g, empty)
        b = b_sets[g] if isinstance(b_sets, list) else b_sets.get(g, empty)
        members = _OPERATIONS[operation](a, b).astype(dtype)
        if members.size:
            prefix = np.unravel_index(g, groups)
            rows += [(*prefix, j) for j in range(members.size)]
            values.append(members)
            width = max(width, members.size)
    indices = np.array(rows, np.int64).reshape(-1, len(groups) + 1)
    out = np.concatenate(values) if values else empty
    return indices, out, np.array([*groups, width], np.int64)


def _check_operation(attrs) -> str:
    operation = attrs.get("set_operation", "intersection")
    if operation not in _OPERATIONS:
        raise InferenceError(
            "INVALID_ATTR", f"set_operation must be one of {sorted(_OPERATIONS)}, got {operation!r}"
        )
    return operation


def _rank_of(shape) -> int | None:
    return None if shape is None else len(shape)


def _infer_outputs(rank: int | None, dtype):
    return [((None, rank), _INT64), ((None,), dtype), ((rank,), _INT64)]


def _dense_dense_infer(shapes, types, attrs):
    _check_operation(attrs)
    if types[0] != types[1]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"Types don't match, {types[0].name} vs {types[1].name}"
        )
    _check_set_dtype(types[0], "a")
    for s in shapes:
        if s is not None and len(s) < 2:
            raise InferenceError(
                "SHAPE_MISMATCH", f"Shape must be at least rank 2 but is rank {len(s)}"
            )
    a, b = shapes
    if a is not None and b is not None:
        if len(a) != len(b):
            raise InferenceError(
                "SHAPE_MISMATCH", f"set operands' ranks differ: {len(a)} and {len(b)}"
            )
        for x, y in zip(a[:-1], b[:-1], strict=True):
            if x is not None and y is not None and x != y:
                raise InferenceError(
                    "SHAPE_MISMATCH", f"set operands' leading dimensions differ: {a} and {b}"
                )
    return _infer_outputs(_rank_of(a) if a is not None else _rank_of(b), types[0])


def _dense_sparse_infer(shapes, types, attrs):
    _check_operation(attrs)
    if types[0] != types[2]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"Types don't match, {types[0].name} vs {types[2].name}"
        )
    _check_set_dtype(types[0], "a")
    if shapes[0] is not None and len(shapes[0]) < 2:
        raise InferenceError(
            "SHAPE_MISMATCH", f"Shape must be at least rank 2 but is rank {len(shapes[0])}"
        )
    return _infer_outputs(_rank_of(shapes[0]), types[0])


def _sparse_sparse_infer(shapes, types, attrs):
    _check_operation(attrs)
    if types[1] != types[4]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"Types don't match, {types[1].name} vs {types[4].name}"
        )
    _check_set_dtype(types[1], "a")
    rank = None if shapes[2] is None else shapes[2][0]
    return _infer_outputs(rank, types[1])


@register_op("DenseToDenseSetOperation", arity=2, infer=_dense_dense_infer, attrs=_SET_ATTRS)
def _dense_to_dense(op):
    operation = op.attrs.get("set_operation", "intersection")

    def kernel(a, b):
        a, b = np.asarray(a), np.asarray(b)
        a_groups, a_sets = _dense_sets(a)
        b_groups, b_sets = _dense_sets(b)
        return _result(_same_groups(a_groups, b_groups), a_sets, b_sets, operation, a.dtype)

    return kernel


@register_op(
    "DenseToSparseSetOperation",
    arity=4,
    infer=_dense_sparse_infer,
    attrs=_SET_ATTRS,
    unknown_rank_ok=True,
)
def _dense_to_sparse(op):
    operation = op.attrs.get("set_operation", "intersection")
    validate = op.attrs.get("validate_indices", True)

    def kernel(a, b_indices, b_values, b_shape):
        a = np.asarray(a)
        a_groups, a_sets = _dense_sets(a)
        b_groups, b_sets = _sparse_sets(b_indices, b_values, b_shape, validate, op.type)
        return _result(_same_groups(a_groups, b_groups), a_sets, b_sets, operation, a.dtype)

    return kernel


@register_op(
    "SparseToSparseSetOperation",
    arity=6,
    infer=_sparse_sparse_infer,
    attrs=_SET_ATTRS,
    unknown_rank_ok=True,
)
def _sparse_to_sparse(op):
    operation = op.attrs.get("set_operation", "intersection")
    validate = op.attrs.get("validate_indices", True)

    def kernel(a_indices, a_values, a_shape, b_indices, b_values, b_shape):
        a_groups, a_sets = _sparse_sets(a_indices, a_values, a_shape, validate, op.type)
        b_groups, b_sets = _sparse_sets(b_indices, b_values, b_shape, validate, op.type)
        dtype = np.asarray(a_values).dtype
        return _result(_same_groups(a_groups, b_groups), a_sets, b_sets, operation, dtype)

    return kernel


def _set_size_infer(shapes, types, attrs):
    _check_set_dtype(types[1], "a")
    # TensorFlow's SetSize leaves the static shape unknown; so does graphgate.
    return [(None, _dt.int32)]


@register_op(
    "SetSize",
    arity=3,
    infer=_set_size_infer,
    attrs={"validate_indices": ("bool", True)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _set_size(op):
    validate = op.attrs.get("validate_indices", True)

    def kernel(state, indices, values, shape):
        groups = tuple(int(d) for d in np.asarray(shape, np.int64).reshape(-1)[:-1])
        check_run_time_size(state, op, groups)
        groups, sets = _sparse_sets(indices, values, shape, validate, op.type)
        out = np.zeros(groups, np.int32)
        flat = out.reshape(-1)
        for g, members in sets.items():
            flat[g] = members.size
        return out

    return kernel


not_differentiable(
    "DenseToDenseSetOperation", "DenseToSparseSetOperation", "SparseToSparseSetOperation", "SetSize"
)


# -- the public functions -----------------------------------------------------------------------


def _operand(value: Any, name: str) -> Tensor | SparseTensor:
    if isinstance(value, SparseTensor):
        return value
    if isinstance(value, SparseTensorValue):
        return SparseTensor(*value)
    return convert_to_tensor(value, name=name)


def _dtype_of(x) -> Any:
    return x.values.dtype if isinstance(x, SparseTensor) else x.dtype


def _operands(a: Any, b: Any) -> tuple[Any, Any, bool]:
    """Both converted, dtypes checked; a (SparseTensor, dense) pair flipped, as TF does."""
    a, b = _operand(a, "a"), _operand(b, "b")
    # Checked before any op is made, as TF's Python wrapper does (no name is used up).
    for x, what in ((a, "a"), (b, "b")):
        if _dtype_of(x) not in _SET_DTYPES:
            _check_set_dtype_now(_dtype_of(x), what)
    if _dtype_of(a) != _dtype_of(b):
        raise error(
            "DTYPE_MISMATCH", f"Types don't match, {_dtype_of(a).name} vs {_dtype_of(b).name}."
        )
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        return b, a, True
    return a, b, False


def _set_operation(a, b, operation: str, validate_indices: bool) -> SparseTensor:
    attrs = {"set_operation": operation, "validate_indices": bool(validate_indices)}
    if isinstance(b, SparseTensor):
        if isinstance(a, SparseTensor):
            type_, inputs = "SparseToSparseSetOperation", (*a.components(), *b.components())
        else:
            type_, inputs = "DenseToSparseSetOperation", (a, *b.components())
    else:
        type_, inputs = "DenseToDenseSetOperation", (a, b)
    op = inputs[0].op.graph.create_op(type_, inputs, attrs, type_)
    return SparseTensor(*op.outputs)


def set_size(a: Any, validate_indices: bool = True) -> Tensor:
    """The number of unique members of each set (the last axis) of SparseTensor `a`."""
    if isinstance(a, SparseTensorValue):
        a = SparseTensor(*a)
    if not isinstance(a, SparseTensor):
        raise error("DTYPE_MISMATCH", f"Expected `SparseTensor`, got {a}.")
    attrs = {"validate_indices": bool(validate_indices)}
    return a.graph.create_op("SetSize", a.components(), attrs, "SetSize").outputs[0]


def set_intersection(a: Any, b: Any, validate_indices: bool = True) -> SparseTensor:
    """The members each pair of sets shares, as a SparseTensor (rows sorted)."""
    a, b, _ = _operands(a, b)
    return _set_operation(a, b, "intersection", validate_indices)


def set_union(a: Any, b: Any, validate_indices: bool = True) -> SparseTensor:
    """The members of either set of each pair, as a SparseTensor (rows sorted)."""
    a, b, _ = _operands(a, b)
    return _set_operation(a, b, "union", validate_indices)


def set_difference(
    a: Any, b: Any, aminusb: bool = True, validate_indices: bool = True
) -> SparseTensor:
    """`a - b` (or `b - a` if not `aminusb`) for each pair of sets, as a SparseTensor."""
    a, b, flipped = _operands(a, b)
    aminusb = aminusb != flipped
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices)


intersection, union, difference, size = set_intersection, set_union, set_difference, set_size

__all__ = [
    "difference",
    "intersection",
    "set_difference",
    "set_intersection",
    "set_size",
    "set_union",
    "size",
    "union",
]
