"""TF1's sparse ops (`tf.sparse.*`, `tf.sparse_*`): kernels over the three tensors of a
SparseTensor, their inference and gradients side by side. Gradients are TF's formulas
(sparse_grad.py), with respect to the values and the dense operand.

Static dense shapes travel as a `static_shape` attribute decided when building (from the
SparseTensor's constant dense_shape, as TF's `constant_value_as_shape`), as ScatterNd's do;
the kernels check the run-time shape against it, so a document cannot make them disagree.
Invalid indices (out of range, or unordered where TF requires order) raise at run time.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, as_tensors, constant_op, convert_to_tensor, get_default_graph
from ..indexed_slices import IndexedSlices
from ..limits import check_run_time_size
from ..sparse_tensor import SparseTensor, SparseTensorValue, convert, with_static
from .array_ops import (
    concat,
    expand_dims,
    gather,
    identity,
    ones_like,
    reshape,
    transpose,
    where,
    zeros_like,
)
from .array_ops import shape as _shape
from .conv_ops import run_time_sizes
from .ctc_ops import dense_ctc_loss
from .debug_ops import assert_less_equal, assert_positive
from .extra_array_ops import ensure_shape, invert_permutation, setdiff1d, unique
from .extra_array_ops import range as range_
from .index_ops import gather_nd, scatter_nd
from .math_ops import (
    cast,
    div_no_nan,
    greater,
    logical_and,
    multiply,
    not_equal,
    sqrt,
    subtract,
)
from .reduce_ops import reduce_sum
from .registry import (
    InferenceError,
    check_dtype,
    not_differentiable,
    register_gradient,
    register_op,
)
from .segment_ops import segment_sum, unsorted_segment_sum

_INT64 = _dt.int64


# -- shared checks -----------------------------------------------------------------------------


def _check_indices(
    indices, shape, what: str, ordered: bool = False, bounded: bool = True
) -> np.ndarray:
    """`indices` as an [N, rank] int64 array inside `shape` (with `bounded`;
    lexicographically increasing and unrepeated if `ordered`), else TF's
    InvalidArgumentError."""
    indices = np.asarray(indices, np.int64)
    shape = np.asarray(shape, np.int64).reshape(-1)
    if indices.ndim != 2 or indices.shape[1] != shape.size:
        raise error(
            "SHAPE_MISMATCH",
            f"{what}: indices of shape {list(indices.shape)} for a dense shape {shape.tolist()}",
        )
    bad = np.any((indices < 0) | (indices >= shape), axis=1)
    if bounded and bad.any():
        i = int(np.argmax(bad))
        raise error(
            "INDEX_OUT_OF_RANGE",
            f"{what}: indices[{i}] = {indices[i].tolist()} is out of bounds: need "
            f"0 <= index < {shape.tolist()}",
        )
    if ordered and len(indices) > 1:
        step = _row_steps(indices)
        if np.any(step <= 0):
            i = int(np.argmax(step <= 0)) + 1
            kind = "repeated" if step[i - 1] == 0 else "out of order"
            raise error(
                "INDEX_OUT_OF_RANGE",
                f"{what}: indices[{i}] = {indices[i].tolist()} is {kind}. Many sparse ops "
                f"require sorted indices; use tf.sparse.reorder to create a correctly "
                f"ordered copy.",
            )
    return indices


def _row_steps(indices: np.ndarray) -> np.ndarray:
    """The sign of each row against the one before it in lexicographic order (1 after,
    0 equal, -1 before), without forming row-major positions that could overflow."""
    diff = np.sign(indices[1:] - indices[:-1])
    if diff.shape[1] == 0:
        return np.zeros(len(diff), np.int64)
    first = np.argmax(diff != 0, axis=1)
    return diff[np.arange(len(diff)), first]


def _order(indices: np.ndarray, shape: np.ndarray) -> np.ndarray:
    if len(indices) == 0:
        return np.zeros(0, np.int64)
    return np.lexsort(indices.T[::-1]) if indices.shape[1] else np.arange(len(indices))


def _static_of(sp: SparseTensor) -> tuple | None:
    return sp.static_dense_shape


def _sp_infer(shapes, types, what: str):
    check_dtype(types[0], "int", f"{what}'s indices")
    check_dtype(types[2], "int", f"{what}'s dense_shape")
    if shapes[1] is not None and len(shapes[1]) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"{what}'s values must be a vector")


def _hint(attrs) -> tuple | None:
    s = attrs.get("static_shape")
    return None if s is None else tuple(s)


# -- SparseToDense -----------------------------------------------------------------------------


def _to_dense_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "sparse_indices")
    check_dtype(types[1], "int", "output_shape")
    if types[2] != types[3]:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"sparse_values ({types[2].name}) and default_value ({types[3].name}) differ",
        )
    if shapes[3] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", "default_value must be a scalar")
    hint, out_shape = _hint(attrs), shapes[1]
    if hint is None and out_shape is not None and len(out_shape) == 1 and out_shape[0] is not None:
        hint = (None,) * out_shape[0]  # the rank, from the length of output_shape
    return [(hint, types[2])]


@register_op(
    "SparseToDense",
    arity=4,
    infer=_to_dense_infer,
    attrs={"validate_indices": ("bool", True), "static_shape": ("shape", None)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _sparse_to_dense(op):
    validate = op.attrs.get("validate_indices", True)

    def kernel(state, indices, shape, values, default):
        shape = run_time_sizes(op, shape)
        check_run_time_size(state, op, shape)
        indices = np.asarray(indices, np.int64)
        if indices.ndim < 2:  # TF takes a scalar or a vector of first-axis indices too
            indices = indices.reshape(-1, 1) if len(shape) == 1 else indices.reshape(1, -1)
        indices = _check_indices(indices, shape, "SparseToDense", ordered=validate)
        values = np.asarray(values)
        if values.ndim == 0:
            values = np.broadcast_to(values, (len(indices),))
        if values.shape != (len(indices),):
            raise error(
                "SHAPE_MISMATCH",
                f"sparse_values has shape {list(values.shape)}, need [{len(indices)}]",
            )
        out = np.full(shape, default, values.dtype)
        out[tuple(indices.T)] = values
        return out

    return kernel


@register_gradient("SparseToDense")
def _sparse_to_dense_grad(op, g):
    indices = op.inputs[0]
    values_grad = gather_nd(g, indices)
    default_grad = subtract(reduce_sum(g), reduce_sum(values_grad))
    return [None, None, values_grad, default_grad]


def sparse_to_dense(
    sparse_indices: Any,
    output_shape: Any,
    sparse_values: Any,
    default_value: Any = 0,
    validate_indices: bool = True,
    name: str | None = None,
) -> Tensor:
    """A dense tensor of `output_shape` holding `sparse_values` at `sparse_indices` and
    `default_value` elsewhere (TF1's deprecated `tf.sparse_to_dense`)."""
    graph, (values,) = as_tensors(sparse_values)
    if not isinstance(sparse_indices, Tensor):
        sparse_indices = convert_to_tensor(sparse_indices, graph=graph)
    static = None
    if not isinstance(output_shape, Tensor):
        static = tuple(operator.index(d) for d in np.asarray(output_shape).reshape(-1))
        output_shape = constant_op(graph, np.array(static, sparse_indices.dtype))
    elif output_shape.op.type == "Const":
        static = tuple(int(d) for d in np.asarray(output_shape.op.attrs["value"]).reshape(-1))
    if not isinstance(default_value, Tensor):
        default_value = constant_op(graph, default_value, values.dtype)
    attrs = {"validate_indices": bool(validate_indices), "static_shape": static}
    inputs = (sparse_indices, output_shape, values, default_value)
    return graph.create_op("SparseToDense", inputs, attrs, name or "SparseToDense").outputs[0]


def sparse_tensor_to_dense(
    sp_input: Any, default_value: Any = None, validate_indices: bool = True, name: str | None = None
) -> Tensor:
    """The dense tensor `sp_input` stands for, `default_value` (0) where it has no entry."""
    sp = convert(sp_input)
    default = 0 if default_value is None else default_value
    if not isinstance(default, Tensor):
        default = constant_op(sp.graph, default, sp.dtype)
    inputs = (sp.indices, sp.dense_shape, sp.values, default)
    attrs = {"validate_indices": bool(validate_indices), "static_shape": _static_of(sp)}
    return sp.graph.create_op("SparseToDense", inputs, attrs, name or "SparseToDense").outputs[0]


def from_dense(tensor: Any, name: str | None = None) -> SparseTensor:
    """The nonzero entries of a dense tensor, in row-major order."""
    graph, (x,) = as_tensors(tensor)
    with graph.name_scope(name, "dense_to_sparse"):
        if x.dtype == _dt.string:  # TF's not_equal to zeros_like: the empty string
            present = not_equal(x, constant_op(graph, b"", _dt.string, "zeros_like"))
        else:
            present = cast(x, _dt.bool_) if x.dtype != _dt.bool_ else x
        indices = where(present)
        values = gather_nd(x, indices)
        shape = cast(_shape(x), _INT64)
    return with_static(SparseTensor(indices, values, shape), x.static_shape)


# -- SparseTensorDenseMatMul -------------------------------------------------------------------


# The dtypes TF registers SparseTensorDenseMatMul's CPU kernel for (int64 has none).
_MATMUL_DTYPES = _dt.FLOATS | _dt.COMPLEX | frozenset((_dt.int32,))


def _matmul_infer(shapes, types, attrs):
    _sp_infer(shapes, types, "sparse_tensor_dense_matmul")
    if types[1] != types[3]:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"SparseTensorDenseMatMul's values ({types[1].name}) and b ({types[3].name}) differ",
        )
    if types[3] not in _MATMUL_DTYPES:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"SparseTensorDenseMatMul has no kernel for {types[3].name} (TF's CPU kernels: "
            "float16, float32, float64, int32, complex64, complex128)",
        )
    a, b = _hint(attrs), shapes[3]
    if b is not None and len(b) != 2:
        raise InferenceError("SHAPE_MISMATCH", f"b must be a matrix, got {list(b)}")
    if a is not None and len(a) != 2:
        raise InferenceError("SHAPE_MISMATCH", f"the sparse operand must be a matrix, got {a}")
    rows = None if a is None else a[1 if attrs.get("adjoint_a") else 0]
    inner_a = None if a is None else a[0 if attrs.get("adjoint_a") else 1]
    cols = None if b is None else b[0 if attrs.get("adjoint_b") else 1]
    inner_b = None if b is None else b[1 if attrs.get("adjoint_b") else 0]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise InferenceError("SHAPE_MISMATCH", f"inner dimensions differ: {inner_a} and {inner_b}")
    return [((rows, cols), types[1])]


@register_op(
    "SparseTensorDenseMatMul",
    arity=4,
    infer=_matmul_infer,
    attrs={
        "adjoint_a": ("bool", False),
        "adjoint_b": ("bool", False),
        "static_shape": ("shape", None),
    },
    unknown_rank_ok=True,
    heavy=True,
    needs_state=True,
)
def _sparse_dense_matmul(op):
    adj_a, adj_b = op.attrs.get("adjoint_a", False), op.attrs.get("adjoint_b", False)

    def kernel(state, indices, values, shape, b):
        shape = _sizes(shape, op)
        if len(shape) != 2:
            raise error("SHAPE_MISMATCH", f"the sparse operand must be a matrix, got {list(shape)}")
        indices = _check_indices(indices, shape, "SparseTensorDenseMatMul")
        b = np.asarray(b)
        if adj_b:
            b = np.conj(b.T)
        rows, inner = (shape[1], shape[0]) if adj_a else (shape[0], shape[1])
        r, c = (indices[:, 1], indices[:, 0]) if adj_a else (indices[:, 0], indices[:, 1])
        if b.shape[0] != inner:
            raise error(
                "SHAPE_MISMATCH",
                f"cannot multiply A and B because inner dimension does not match: "
                f"{inner} vs. {b.shape[0]}",
            )
        vals = np.conj(values) if adj_a else np.asarray(values)
        check_run_time_size(state, op, (rows, b.shape[1]))
        out = np.zeros((rows, b.shape[1]), b.dtype)
        np.add.at(out, r, vals[:, None] * b[c])
        return out

    return kernel


def _sizes(shape, op) -> tuple[int, ...]:
    """The run-time dense shape, checked against the static one the graph promised (a fed
    dense_shape, or a document, cannot make them disagree)."""
    sizes = tuple(int(v) for v in np.asarray(shape).reshape(-1))
    static = op.attrs.get("static_shape")
    if static is not None and (
        len(static) != len(sizes)
        or any(s is not None and s != v for s, v in zip(static, sizes, strict=True))
    ):
        raise error(
            "SHAPE_MISMATCH",
            f"the dense shape {list(sizes)} given at run time does not fit {list(static)}",
        )
    return sizes


@register_gradient("SparseTensorDenseMatMul")
def _sparse_dense_matmul_grad(op, g):
    from .special_math_ops import conj

    indices, values, shape, b = op.inputs
    adj_a, adj_b = op.attrs.get("adjoint_a", False), op.attrs.get("adjoint_b", False)
    a_static = op.attrs.get("static_shape")
    b_grad = _matmul_op(indices, values, shape, g, not adj_a, False, a_static, None)
    if adj_b:
        b_grad = conj(transpose(b_grad))
    rows, cols = indices[:, 0], indices[:, 1]
    parts_a = gather(g, cols if adj_a else rows)
    parts_b = gather(transpose(b) if adj_b else b, rows if adj_a else cols)
    # TF's gradient conjugates the incoming rows under adjoint_a and b's (plainly
    # transposed under adjoint_b) when both adjoints or neither are set; conj is the
    # identity on real values.
    if adj_a:
        parts_a = conj(parts_a)
    if adj_a == adj_b:
        parts_b = conj(parts_b)
    values_grad = reduce_sum(multiply(parts_a, parts_b), axis=1)
    return [None, values_grad, None, b_grad]


def _matmul_op(indices, values, shape, b, adj_a, adj_b, static, name):
    attrs = {"adjoint_a": bool(adj_a), "adjoint_b": bool(adj_b), "static_shape": static}
    graph = values.op.graph
    with graph.name_scope(name, "SparseTensorDenseMatMul"):
        return graph.create_op(
            "SparseTensorDenseMatMul", (indices, values, shape, b), attrs
        ).outputs[0]


def sparse_tensor_dense_matmul(
    sp_a: Any,
    b: Any,
    adjoint_a: bool = False,
    adjoint_b: bool = False,
    name: str | None = None,
) -> Tensor:
    """The dense product of a rank-2 SparseTensor and a dense matrix."""
    sp = convert(sp_a, "sp_a")
    graph = sp.graph
    if not isinstance(b, Tensor):
        b = constant_op(graph, b, sp.dtype, "b")
    inner = sp.static_dense_shape
    if inner is not None and len(inner) != 2:
        raise error("SHAPE_MISMATCH", f"sp_a must be a matrix, got dense shape {list(inner)}")
    return _matmul_op(sp.indices, sp.values, sp.dense_shape, b, adjoint_a, adjoint_b, inner, name)


# -- reductions ------------------------------------------------------------------------------


def _reduced_static(static: tuple | None, axes: list | None, keep: bool) -> tuple | None:
    if axes is None:
        return (1,) * len(static) if keep and static is not None else (() if not keep else None)
    if static is None:
        return None
    rank = len(static)
    axes = {a % rank for a in axes}
    if keep:
        return tuple(1 if i in axes else d for i, d in enumerate(static))
    return tuple(d for i, d in enumerate(static) if i not in axes)


def _reduce_infer(shapes, types, attrs):
    _sp_infer(shapes, types, "sparse_reduce")
    check_dtype(types[1], "numeric", "values")
    static, axes = _hint(attrs), attrs.get("axes")
    return [(_reduced_static(static, axes, attrs.get("keep_dims", False)), types[1])]


def _reduce_kernel(ufunc, empty):
    def factory(op):
        axes, keep = op.attrs.get("axes"), op.attrs.get("keep_dims", False)

        def kernel(state, indices, values, shape):
            shape = _sizes(shape, op)
            indices = _check_indices(indices, shape, f"Sparse{op.type[6:]}")
            rank = len(shape)
            if axes is not None and any(not -rank <= a < rank for a in axes):
                raise error("INVALID_ATTR", f"reduction axes {axes} out of range for rank {rank}")
            red = set(range(rank)) if axes is None else {a % rank for a in axes}
            values = np.asarray(values)
            out_shape = tuple(1 if i in red else d for i, d in enumerate(shape))
            check_run_time_size(state, op, out_shape)
            out = np.full(out_shape, empty(values.dtype), values.dtype)
            at = tuple(
                np.zeros(len(indices), np.int64) if i in red else indices[:, i] for i in range(rank)
            )
            ufunc.at(out, at, values)
            # An output no entry reaches is 0, as TF's (a max over present entries only).
            seen = np.zeros(out_shape, bool)
            seen[at] = True
            out[~seen] = 0
            if not keep:
                out = out.reshape(tuple(d for i, d in enumerate(shape) if i not in red))
            return out

        return kernel

    return factory


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


_REDUCE_ATTRS = {
    "axes": ("axes", None),
    "keep_dims": ("bool", False),
    "static_shape": ("shape", None),
}
for _type, _ufunc, _empty in (
    ("SparseReduceSum", np.add, lambda d: 0),
    ("SparseReduceMax", np.maximum, _lowest),
):
    # needs_state: the output's size is a value (the dense shape), checked before allocating.
    register_op(
        _type,
        arity=3,
        infer=_reduce_infer,
        attrs=_REDUCE_ATTRS,
        unknown_rank_ok=True,
        needs_state=True,
    )(_reduce_kernel(_ufunc, _empty))


@register_gradient("SparseReduceMax")
def _sparse_reduce_max_grad(op, g):
    # TensorFlow registers none: tf.gradients through it raises LookupError, as this does.
    raise error("NO_GRADIENT", "no gradient is defined for SparseReduceMax", node=op.name)


def _rank_of(op) -> int:
    static = op.attrs.get("static_shape")
    if static is not None:
        return len(static)
    ishape = op.inputs[0].static_shape
    if ishape is None or ishape[1] is None:
        raise error("NO_GRADIENT", f"{op.type}'s gradient needs indices of known rank")
    return ishape[1]


def _at_reduced(g: Tensor, indices: Tensor, axes, keep: bool, rank: int) -> Tensor:
    """Each entry's element of `g`, the gradient of a reduction of the entries over
    `axes` (None: all): TF's gather of the kept-dims gradient, without a reshape."""
    red = set(range(rank)) if axes is None else {a % rank for a in axes}
    graph = indices.op.graph
    if keep:
        mask = np.array([i not in red for i in range(rank)], np.int64)
        return gather_nd(g, indices * constant_op(graph, mask))
    kept = [i for i in range(rank) if i not in red]
    if not kept:
        return gather(reshape(g, [1]), zeros_like(indices[:, 0]))
    cols = constant_op(graph, np.array(kept, np.int32))
    return gather_nd(g, gather(indices, cols, axis=1))


@register_gradient("SparseReduceSum")
def _sparse_reduce_sum_grad(op, g):
    indices = op.inputs[0]
    axes, keep = op.attrs.get("axes"), op.attrs.get("keep_dims", False)
    return [None, _at_reduced(g, indices, axes, keep, _rank_of(op)), None]


def _reduce_api(type_: str):
    def api(
        sp_input: Any,
        axis: Any = None,
        keepdims: bool | None = None,
        reduction_axes: Any = None,
        keep_dims: bool | None = None,
        name: str | None = None,
    ) -> Tensor:
        sp = convert(sp_input)
        axes = reduction_axes if axis is None else axis
        if axes is not None:
            axes = [operator.index(a) for a in np.asarray(axes).reshape(-1)]
            static = sp.static_dense_shape
            if static is not None and any(not -len(static) <= a < len(static) for a in axes):
                raise error(
                    "INVALID_ATTR", f"reduction axes {axes} out of range for rank {len(static)}"
                )
        keep = bool(keepdims if keepdims is not None else keep_dims)
        attrs = {"axes": axes, "keep_dims": keep, "static_shape": sp.static_dense_shape}
        return sp.graph.create_op(type_, sp.components(), attrs, name or type_).outputs[0]

    api.__name__ = type_
    return api


sparse_reduce_sum = _reduce_api("SparseReduceSum")
sparse_reduce_max = _reduce_api("SparseReduceMax")


# -- adding ----------------------------------------------------------------------------------


def _dense_add_infer(shapes, types, attrs):
    _sp_infer(shapes, types, "sparse_add")
    if types[1] != types[3]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"sparse ({types[1].name}) and dense ({types[3].name}) differ"
        )
    return [(shapes[3], types[3])]


@register_op("SparseTensorDenseAdd", arity=4, infer=_dense_add_infer, unknown_rank_ok=True)
def _sparse_dense_add(op):
    def kernel(indices, values, shape, b):
        b = np.asarray(b)
        shape = _sizes(shape, op)
        if shape != b.shape:
            raise error(
                "SHAPE_MISMATCH",
                f"Dimensions [{list(shape)}] and [{list(b.shape)}] are incompatible",
            )
        indices = _check_indices(indices, shape, "SparseTensorDenseAdd")
        out = b.copy()
        np.add.at(out, tuple(indices.T), values)
        return out

    return kernel


@register_gradient("SparseTensorDenseAdd")
def _sparse_dense_add_grad(op, g):
    return [None, gather_nd(g, op.inputs[0]), None, g]


def _sparse_add_infer(shapes, types, attrs):
    _sp_infer(shapes[:3], types[:3], "sparse_add")
    _sp_infer(shapes[3:6], types[3:6], "sparse_add")
    if types[1] != types[4]:
        raise InferenceError("DTYPE_MISMATCH", f"sparse_add of {types[1].name} and {types[4].name}")
    rank = next((s[1] for s in (shapes[0], shapes[3]) if s is not None and len(s) == 2), None)
    return [((None, rank), _INT64), ((None,), types[1])]


@register_op("SparseAdd", arity=7, infer=_sparse_add_infer, unknown_rank_ok=True)
def _sparse_add(op):
    def kernel(a_ind, a_val, a_shape, b_ind, b_val, b_shape, thresh):
        shape = np.asarray(a_shape, np.int64).reshape(-1)
        if shape.tolist() != np.asarray(b_shape).reshape(-1).tolist():
            raise error(
                "SHAPE_MISMATCH",
                f"Operands do not have the same ranks or shapes: {shape.tolist()} and "
                f"{np.asarray(b_shape).reshape(-1).tolist()}",
            )
        a_ind = _check_indices(a_ind, shape, "SparseAdd")
        b_ind = _check_indices(b_ind, shape, "SparseAdd")
        ind, val, both = _merge(a_ind, np.asarray(a_val), b_ind, np.asarray(b_val), shape)
        # TF's merge tests only a sum of two entries (thresh <= |sum|: a NaN sum goes); an
        # entry of one operand is copied whatever its magnitude.
        with np.errstate(invalid="ignore"):
            keep = ~both | (np.asarray(thresh) <= np.abs(val))
        return ind[keep], val[keep]

    return kernel


def _merge(a_ind, a_val, b_ind, b_val, shape):
    """The union of two sets of entries in row-major order, values at a shared index
    summed, and which entries were such sums."""
    ind = np.concatenate([a_ind, b_ind]).reshape(-1, shape.size)
    val = np.concatenate([a_val, b_val]).astype(np.result_type(a_val, b_val))
    if len(ind) == 0:
        return ind, val, np.zeros(0, bool)
    uniq, inverse = np.unique(ind, axis=0, return_inverse=True)
    out = np.zeros(len(uniq), val.dtype)
    np.add.at(out, inverse.reshape(-1), val)
    return uniq, out, np.bincount(inverse.reshape(-1), minlength=len(uniq)) > 1


def _sparse_add_grad_infer(shapes, types, attrs):
    return [((None if shapes[i] is None else shapes[i][0],), types[0]) for i in (1, 2)]


@register_op("SparseAddGrad", arity=4, infer=_sparse_add_grad_infer, unknown_rank_ok=True)
def _sparse_add_grad_kernel(op):
    def kernel(g, a_ind, b_ind, sum_ind):
        g = np.asarray(g)
        sum_ind, a_ind, b_ind = (np.asarray(x, np.int64) for x in (sum_ind, a_ind, b_ind))
        n, na = len(sum_ind), len(a_ind)
        if n + na + len(b_ind) == 0:  # no entry anywhere (reshape(0, -1) has no answer)
            return np.zeros(0, g.dtype), np.zeros(0, g.dtype)
        rows = np.concatenate([sum_ind, a_ind, b_ind]).reshape(n + na + len(b_ind), -1)
        _, ids = np.unique(rows, axis=0, return_inverse=True)
        ids = ids.reshape(-1)
        # An entry the threshold dropped from the sum gets no gradient, as TF's.
        padded = np.append(g, np.zeros(1, g.dtype))
        where_in_sum = np.full(ids.max() + 1, n)
        where_in_sum[ids[:n]] = np.arange(n)
        return padded[where_in_sum[ids[n : n + na]]], padded[where_in_sum[ids[n + na :]]]

    return kernel


not_differentiable("SparseAddGrad")


@register_gradient("SparseAdd")
def _sparse_add_grad(op, g_ind, g_val):
    a_ind, b_ind, sum_ind = op.inputs[0], op.inputs[3], op.outputs[0]
    grad = op.graph.create_op("SparseAddGrad", (g_val, a_ind, b_ind, sum_ind), None, None)
    return [None, grad.outputs[0], None, None, grad.outputs[1], None, None]


def _check_compatible(a, b) -> None:
    """TF's sparse.add asserts the operands' static dense shapes compatible when built."""
    if a is None or b is None:
        return
    if len(a) != len(b) or any(
        x is not None and y is not None and x != y for x, y in zip(a, b, strict=True)
    ):
        raise error("SHAPE_MISMATCH", f"Shapes {list(a)} and {list(b)} are incompatible")


def sparse_add(a: Any, b: Any, threshold: Any = 0, thresh: Any = None, name: str | None = None):
    """`a + b` where one or both are SparseTensors: a dense tensor when one is dense, a
    SparseTensor (entries with |value| < threshold dropped) when both are sparse."""
    if thresh is not None:
        threshold = thresh
    a_sp, b_sp = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if not (a_sp or b_sp):
        raise error("DTYPE_MISMATCH", "sparse_add needs at least one SparseTensor")
    if a_sp and b_sp:
        _check_compatible(a.static_dense_shape, b.static_dense_shape)
        graph = a.graph
        if not isinstance(threshold, Tensor):
            threshold = constant_op(graph, threshold, a.dtype, "threshold")
        inputs = (*a.components(), *b.components(), threshold)
        op = graph.create_op("SparseAdd", inputs, None, name or "SparseAdd")
        out = SparseTensor(op.outputs[0], op.outputs[1], a.dense_shape)
        return with_static(out, a.static_dense_shape or b.static_dense_shape)
    sp, dense = (a, b) if a_sp else (b, a)
    if not isinstance(dense, Tensor):
        dense = constant_op(sp.graph, dense, sp.dtype)
    inputs = (*sp.components(), dense)
    return sp.graph.create_op(
        "SparseTensorDenseAdd", inputs, None, name or "SparseTensorDenseAdd"
    ).outputs[0]


# -- reordering and reshaping ----------------------------------------------------------------


def _reorder_infer(shapes, types, attrs):
    _sp_infer(shapes, types, "sparse_reorder")
    return [(shapes[0], types[0]), (shapes[1], types[1])]


@register_op("SparseReorder", arity=3, infer=_reorder_infer, unknown_rank_ok=True)
def _sparse_reorder(op):
    def kernel(indices, values, shape):
        shape = np.asarray(shape, np.int64).reshape(-1)
        # TF's kernel sorts indices outside the shape too, lexicographically: the ops that
        # read the result refuse them.
        indices = _check_indices(indices, shape, "SparseReorder", bounded=False)
        order = _order(indices, shape)
        return indices[order], np.asarray(values)[order]

    return kernel


@register_gradient("SparseReorder")
def _sparse_reorder_grad(op, _, g):
    indices, _, shape = op.inputs
    n = _shape(indices)[0]

    entries = range_(n)
    perm = op.graph.create_op(
        "SparseReorder", (indices, cast(entries, _INT64), shape), None, None
    ).outputs[1]
    return [None, gather(g, invert_permutation(cast(perm, _dt.int32))), None]


def sparse_reorder(sp_input: Any, name: str | None = None) -> SparseTensor:
    """The same SparseTensor with its entries in row-major (canonical) order."""
    sp = convert(sp_input)
    op = sp.graph.create_op("SparseReorder", sp.components(), None, name or "SparseReorder")
    out = SparseTensor(op.outputs[0], op.outputs[1], sp.dense_shape)
    return with_static(out, sp.static_dense_shape)


def _reshape_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "input_indices")
    n = None if shapes[0] is None else shapes[0][0]
    rank = None if shapes[2] is None else shapes[2][0]
    return [((n, rank), _INT64), ((rank,), _INT64)]


@register_op("SparseReshape", arity=3, infer=_reshape_infer, unknown_rank_ok=True)
def _sparse_reshape(op):
    def kernel(indices, shape, new_shape):
        shape = np.asarray(shape, np.int64).reshape(-1)
        new = np.asarray(new_shape, np.int64).reshape(-1).copy()
        indices = _check_indices(indices, shape, "SparseReshape")
        # Python ints: a product of int64 dims may wrap, and a wrapped size could match.
        total = math.prod(int(d) for d in shape)
        if total >= 2**63:
            raise error("SHAPE_MISMATCH", f"the dense shape {shape.tolist()} has too many elements")
        unknown = np.flatnonzero(new == -1)
        if len(unknown) > 1 or np.any(new < -1):
            raise error("INVALID_ATTR", f"invalid new shape {new.tolist()}")
        known = math.prod(int(d) for d in new if d != -1)
        if len(unknown):
            if known == 0 or total % known:
                raise error(
                    "SHAPE_MISMATCH",
                    f"Input to reshape is a SparseTensor with {total} dense values, but the "
                    f"requested shape {new.tolist()} does not fit",
                )
            new[unknown[0]] = total // known
        if math.prod(int(d) for d in new) != total:
            raise error(
                "SHAPE_MISMATCH",
                f"Input to reshape is a tensor with {total} dense values, but the requested "
                f"shape has {math.prod(int(d) for d in new)}",
            )
        flat = np.ravel_multi_index(tuple(indices.T), tuple(shape)) if len(indices) else []
        flat = np.asarray(flat, np.int64)  # an empty list would unravel as floats
        out = np.array(np.unravel_index(flat, tuple(new)), np.int64).T.reshape(-1, new.size)
        return out, new

    return kernel


not_differentiable("SparseReshape")


def sparse_reshape(sp_input: Any, shape: Any, name: str | None = None) -> SparseTensor:
    """The same entries in a dense shape of as many elements (one -1 dimension inferred)."""
    sp = convert(sp_input)
    graph = sp.graph
    static = None
    if not isinstance(shape, Tensor):
        static = [operator.index(d) for d in np.asarray(shape).reshape(-1)]
        shape = constant_op(graph, np.array(static, np.int64), _INT64)
        _check_reshape_static(sp.static_dense_shape, static)
    with graph.name_scope(name, "SparseReshape") as scope:
        op = graph.create_op("SparseReshape", (sp.indices, sp.dense_shape, shape), None, scope)

        values = identity(sp.values)
    out = SparseTensor(op.outputs[0], values, op.outputs[1])
    return with_static(out, _reshaped_static(sp.static_dense_shape, static))


def _check_reshape_static(old, new: list) -> None:
    """TF's sparse_reshape refuses when built, given a fully known input shape: two -1s,
    or a size the new shape cannot have (its -1 taken as the floor quotient, unless a 0
    dim leaves it undecidable)."""
    if old is None or None in old:
        return
    if new.count(-1) > 1:
        raise error("INVALID_ATTR", f"At most one dimension can be inferred (-1). Found: {new}")
    if -1 in new and 0 in new:
        return
    size = math.prod(old)
    known = math.prod(d for d in new if d != -1)
    result = [size // known if d == -1 and known else d for d in new]
    if math.prod(result) != size:
        raise error(
            "INVALID_ATTR",
            f"Cannot reshape a tensor with {size} elements to shape {new} "
            f"({math.prod(result)} elements).",
        )


def _reshaped_static(old, new) -> tuple | None:
    if new is None:
        return None
    if -1 in new and old is not None and None not in old:
        known = int(np.prod([d for d in new if d != -1]))
        total = int(np.prod(old))
        if known and total % known == 0:
            return tuple(total // known if d == -1 else d for d in new)
    return tuple(None if d == -1 else d for d in new)


def sparse_transpose(sp_input: Any, perm: Any = None, name: str | None = None) -> SparseTensor:
    """The SparseTensor with its dimensions permuted (reversed by default), reordered."""
    sp = convert(sp_input)
    graph = sp.graph
    static = sp.static_dense_shape
    with graph.name_scope(name, "SparseTranspose"):
        if perm is None:
            if static is None:
                raise error("UNKNOWN_RANK", "sparse.transpose needs a known rank")
            perm = list(range(len(static)))[::-1]
        perm = [operator.index(p) for p in perm]
        p = constant_op(graph, np.array(perm, np.int32), _dt.int32, "perm")
        indices = transpose(gather(transpose(sp.indices), p))
        shape = gather(sp.dense_shape, p)
        out = sparse_reorder(SparseTensor(indices, sp.values, shape))
    return with_static(out, None if static is None else tuple(static[i] for i in perm))


def sparse_reset_shape(sp_input: Any, new_shape: Any = None) -> SparseTensor:
    """`sp_input` with dense shape `new_shape` (at least its old one in every dim, checked
    when run), or else the tightest shape that holds its entries, as TF's."""
    from .math_ops import add, maximum
    from .reduce_ops import reduce_max

    sp = convert(sp_input)
    graph = sp.graph
    with graph.as_default(), graph.name_scope(None, "SparseResetShape"):
        if new_shape is None:
            zero = constant_op(graph, 0, _INT64)
            shape = maximum(zero, add(reduce_max(sp.indices, 0), ones_like(sp.dense_shape)))
            return SparseTensor(identity(sp.indices), identity(sp.values), shape)
        shape = new_shape if isinstance(new_shape, Tensor) else constant_op(graph, new_shape)
        shape = cast(shape, _INT64)
        old, new = sp.dense_shape.static_shape, shape.static_shape
        if old and new and None not in (old[0], new[0]) and old[0] != new[0]:
            raise error("SHAPE_MISMATCH", f"new_shape has rank {new[0]}, the input {old[0]}")
        from .shape_values import constant_value

        known_old, known_new = constant_value(sp.dense_shape), constant_value(shape)
        if known_old is not None and known_new is not None and (known_old > known_new).any():
            raise error(
                "SHAPE_MISMATCH",
                f"new_shape {known_new.tolist()} is smaller than the shape "
                f"{known_old.tolist()} in some dimension",
            )
        check = assert_less_equal(sp.dense_shape, shape)
        with graph.control_dependencies([check]):
            shape = identity(shape)
        return SparseTensor(identity(sp.indices), identity(sp.values), shape)


def sparse_retain(sp_input: Any, to_retain: Any) -> SparseTensor:
    """The entries of `sp_input` where the boolean vector `to_retain` is true."""
    sp = convert(sp_input)
    graph = sp.graph
    if not isinstance(to_retain, Tensor):
        to_retain = constant_op(graph, np.asarray(to_retain, bool), _dt.bool_)
    mask = to_retain.static_shape
    if mask is not None and len(mask) != 1:
        raise error("SHAPE_MISMATCH", f"Shape {list(mask)} must have rank 1")
    nnz = sp.values.static_shape
    if mask and nnz and None not in (mask[0], nnz[0]) and mask[0] != nnz[0]:
        raise error("SHAPE_MISMATCH", f"Dimensions {nnz[0]} and {mask[0]} are not compatible")
    keep = reshape(where(to_retain), [-1])
    out = SparseTensor(gather(sp.indices, keep), gather(sp.values, keep), sp.dense_shape)
    return with_static(out, sp.static_dense_shape)


# -- concat ----------------------------------------------------------------------------------


def _concat_infer(shapes, types, attrs):
    n = len(shapes) // 3
    for i in range(n):
        check_dtype(types[i], "int", "indices")
    rank = next(
        (s[1] for s in shapes[:n] if s is not None and len(s) == 2 and s[1] is not None), None
    )
    total = 0
    for s in shapes[:n]:
        total = None if total is None or s is None or s[0] is None else total + s[0]
    return [((total, rank), _INT64), ((total,), types[n]), ((rank,), _INT64)]


@register_op(
    "SparseConcat",
    arity=(6, 3 * 1024),
    infer=_concat_infer,
    attrs={"concat_dim": ("int", 0)},
    unknown_rank_ok=True,
)
def _sparse_concat(op):
    axis = op.attrs.get("concat_dim", 0)

    def kernel(*parts):
        n = len(parts) // 3
        shapes = [np.asarray(s, np.int64).reshape(-1) for s in parts[2 * n :]]
        rank = len(shapes[0])
        ax = axis % rank if -rank <= axis < rank else None
        if ax is None or any(len(s) != rank for s in shapes):
            raise error("INVALID_ATTR", f"concat_dim {axis} out of range for rank {rank}")
        for s in shapes[1:]:
            if any(a != b for i, (a, b) in enumerate(zip(s, shapes[0], strict=True)) if i != ax):
                raise error(
                    "SHAPE_MISMATCH",
                    f"input shapes {shapes[0].tolist()} and {s.tolist()} differ off dim {ax}",
                )
        offset, inds, vals = 0, [], []
        for i in range(n):
            ind = _check_indices(parts[i], shapes[i], "SparseConcat").copy()
            ind[:, ax] += offset
            offset += int(shapes[i][ax])
            inds.append(ind)
            vals.append(np.asarray(parts[n + i]))
        out_shape = shapes[0].copy()
        out_shape[ax] = offset
        ind, val = np.concatenate(inds), np.concatenate(vals)
        order = _order(ind, out_shape)
        return ind[order], val[order], out_shape

    return kernel


not_differentiable("SparseConcat")


def sparse_concat(
    axis: int,
    sp_inputs: list,
    name: str | None = None,
    expand_nonconcat_dim: bool = False,
    concat_dim: int | None = None,
    expand_nonconcat_dims: bool | None = None,
) -> SparseTensor:
    """SparseTensors joined along `axis` (entries in row-major order)."""
    if concat_dim is not None:
        axis = concat_dim
    sps = [convert(s, "sp_inputs") for s in sp_inputs]
    # TF's Python returns one input as it is, before it looks at the axis; its SparseConcat
    # takes two or more (ValueError).
    if len(sps) == 1:
        return sps[0]
    if not sps:
        raise ValueError("sparse_concat needs at least one SparseTensor, got an empty list")
    axis = operator.index(axis)
    rank = next((len(s.static_dense_shape) for s in sps if s.static_dense_shape), None)
    if rank is not None and not -rank <= axis < rank:
        # TF's Python indexes the static shape with it: IndexError when built.
        raise IndexError(f"sparse_concat axis {axis} is out of range for rank {rank}")
    shapes = [s.dense_shape for s in sps]
    expand = expand_nonconcat_dim if expand_nonconcat_dims is None else expand_nonconcat_dims
    if expand:
        shapes = _expanded_shapes(shapes, axis)
    inputs = (*(s.indices for s in sps), *(s.values for s in sps), *shapes)
    graph = sps[0].graph
    op = graph.create_op("SparseConcat", inputs, {"concat_dim": axis}, name or "SparseConcat")
    static = None if expand else _concat_static(sps, axis)
    return with_static(SparseTensor(*op.outputs), static)


def _expanded_shapes(shapes: list, axis: int) -> list:
    """TF's `expand_nonconcat_dim`: each input's shape with its dims off `axis` raised to
    the largest among the inputs."""
    from .reduce_ops import reduce_max

    rank = next((s.static_shape[0] for s in shapes if s.static_shape), None)
    if rank is None:
        raise error("UNKNOWN_RANK", "sparse_concat's expand_nonconcat_dim needs a known rank")
    largest = reduce_max(_stack_rows(shapes), 0)
    at_axis = constant_op(shapes[0].op.graph, np.arange(rank) == axis % rank, _dt.bool_)
    return [where(at_axis, s, largest) for s in shapes]


def _stack_rows(shapes: list) -> Tensor:
    return concat([reshape(s, [1, -1]) for s in shapes], 0)


def _concat_static(sps, axis) -> tuple | None:
    statics = [s.static_dense_shape for s in sps]
    if any(s is None for s in statics):
        return None
    rank = len(statics[0])
    ax = axis % rank
    out = list(statics[0])
    dims = [s[ax] for s in statics]
    out[ax] = None if None in dims else sum(dims)
    return tuple(out)


# -- softmax -----------------------------------------------------------------------------------


def _softmax_infer(shapes, types, attrs):
    _sp_infer(shapes, types, "sparse_softmax")
    check_dtype(types[1], "float", "values")
    return [(shapes[1], types[1])]


@register_op("SparseSoftmax", arity=3, infer=_softmax_infer, unknown_rank_ok=True)
def _sparse_softmax(op):
    def kernel(indices, values, shape):
        shape = np.asarray(shape, np.int64).reshape(-1)
        if shape.size < 2:
            raise error("SHAPE_MISMATCH", "sparse_softmax needs a rank of at least 2")
        indices = _check_indices(indices, shape, "SparseSoftmax")
        values = np.asarray(values)
        if len(values) == 0:
            return values.copy()
        rows = indices[:, :-1]
        _, group = np.unique(rows, axis=0, return_inverse=True)
        group = group.reshape(-1)
        top = np.full(group.max() + 1, -np.inf, values.dtype)
        np.maximum.at(top, group, values)
        e = np.exp(values - top[group])
        total = np.zeros_like(top)
        np.add.at(total, group, e)
        return (e / total[group]).astype(values.dtype)

    return kernel


@register_gradient("SparseSoftmax")
def _sparse_softmax_grad(op, g):
    indices, _, shape = op.inputs
    y = op.outputs[0]
    rank = _rank_of(op)
    total = op.graph.create_op(
        "SparseReduceSum", (indices, multiply(y, g), shape), {"axes": [-1], "keep_dims": True}
    ).outputs[0]
    row_sum = _at_reduced(total, indices, [-1], True, rank)
    return [None, multiply(subtract(g, row_sum), y), None]


def sparse_softmax(sp_input: Any, name: str | None = None) -> SparseTensor:
    """Softmax over the entries present in each innermost row (absent ones take no part)."""
    sp = convert(sp_input)
    graph = sp.graph
    with graph.name_scope(name, "SparseSoftmax"):
        values = graph.create_op("SparseSoftmax", sp.components()).outputs[0]
    return with_static(SparseTensor(sp.indices, values, sp.dense_shape), sp.static_dense_shape)


# -- sparse segment reductions -----------------------------------------------------------------


def _sparse_segment_infer(kind: str):
    # TF's SparseSegmentMean and SqrtN take floating-point data only.
    data_kind = "numeric" if kind == "Sum" else "float"

    def infer(shapes, types, attrs):
        check_dtype(types[0], data_kind, "data")
        check_dtype(types[1], "int", "indices")
        check_dtype(types[2], "int", "segment_ids")
        if len(types) == 4:
            check_dtype(types[3], "int", "num_segments")
        data = shapes[0]
        if data is None:
            return [(None, types[0])]
        if not data:
            raise InferenceError("SHAPE_MISMATCH", "data must have rank >= 1")
        return [((attrs.get("num"), *data[1:]), types[0])]

    return infer


def _sparse_segment_kernel(kind: str):
    def factory(op):
        def kernel(state, data, indices, seg, *num_segments):
            data = np.asarray(data)
            indices = np.asarray(indices).reshape(-1)
            seg = np.asarray(seg).reshape(-1)
            if len(indices) != len(seg):
                raise error(
                    "SHAPE_MISMATCH",
                    f"segment_ids and indices should have same size: {len(seg)} vs {len(indices)}",
                )
            bad = (indices < 0) | (indices >= data.shape[0])
            if bad.any():
                i = int(np.argmax(bad))
                raise error(
                    "INDEX_OUT_OF_RANGE",
                    f"Bad: indices[{i}] == {int(indices[i])} out of range [0, {data.shape[0]})",
                )
            if len(seg) and (seg[0] < 0 or np.any(np.diff(seg) < 0)):
                raise error("INDEX_OUT_OF_RANGE", "segment ids are not increasing")
            n = int(seg[-1]) + 1 if len(seg) else 0
            if num_segments:  # the WithNumSegments ops: rows past the last id are empty
                n = _num_segments(op, num_segments[0], n)
            check_run_time_size(state, op, (n, *data.shape[1:]))
            out = np.zeros((n, *data.shape[1:]), data.dtype)
            np.add.at(out, seg, data[indices])
            if kind != "Sum":
                counts = np.bincount(seg, minlength=n).astype(data.dtype)
                scale = np.maximum(counts, 1)
                scale = np.sqrt(scale) if kind == "SqrtN" else scale
                out = (out / scale.reshape((n,) + (1,) * (out.ndim - 1))).astype(data.dtype)
            return out

        return kernel

    return factory


def _num_segments(op, value, needed: int) -> int:
    n = int(value)
    if n < needed or op.attrs.get("num") not in (None, n):
        raise error(
            "INDEX_OUT_OF_RANGE",
            f"segment ids need {needed} segments, num_segments is {n}"
            + ("" if op.attrs.get("num") is None else f" (the graph said {op.attrs['num']})"),
        )
    return n


for _kind in ("Sum", "Mean", "SqrtN"):
    register_op(
        f"SparseSegment{_kind}",
        arity=3,
        infer=_sparse_segment_infer(_kind),
        unknown_rank_ok=True,
        needs_state=True,  # the number of segments is a value, checked before allocating
    )(_sparse_segment_kernel(_kind))
    register_op(
        f"SparseSegment{_kind}WithNumSegments",
        arity=4,
        infer=_sparse_segment_infer(_kind),
        attrs={"num": ("int", None)},
        unknown_rank_ok=True,
        needs_state=True,
    )(_sparse_segment_kernel(_kind))


def _sparse_segment_grad(kind: str):
    def grad(op, g):
        data, indices, seg = op.inputs[:3]
        rows = gather(g, seg)
        if kind != "Sum":
            counts = segment_sum(cast(ones_like(seg), g.dtype), seg)
            scale = counts if kind == "Mean" else sqrt(counts)
            weight = gather(scale, seg)
            shape = [-1] + [1] * (len(g.static_shape) - 1) if g.static_shape else [-1]
            rows = rows / reshape(weight, shape)
        n = _shape(data)[0]
        return [unsorted_segment_sum(rows, indices, n), *[None] * (len(op.inputs) - 1)]

    return grad


for _kind in ("Sum", "Mean", "SqrtN"):
    register_gradient(f"SparseSegment{_kind}")(_sparse_segment_grad(_kind))
    register_gradient(f"SparseSegment{_kind}WithNumSegments")(_sparse_segment_grad(_kind))


def _sparse_segment_api(kind: str):
    type_ = f"SparseSegment{kind}"

    def api(
        data: Any,
        indices: Any,
        segment_ids: Any,
        name: str | None = None,
        num_segments: Any = None,
        sparse_gradient: bool = False,
    ) -> Tensor:
        graph, (x,) = as_tensors(data)
        if not isinstance(indices, Tensor):
            indices = constant_op(graph, np.asarray(indices, np.int32))
        if not isinstance(segment_ids, Tensor):
            segment_ids = constant_op(graph, np.asarray(segment_ids, np.int32))
        inputs: tuple = (x, indices, segment_ids)
        if num_segments is None:
            return graph.create_op(type_, inputs, None, name or type_).outputs[0]
        num = num_segments
        if not isinstance(num, Tensor):
            num = constant_op(graph, np.int32(operator.index(num)), _dt.int32)
        known = num.op.attrs["value"] if num.op.type == "Const" else None
        attrs = {"num": None if known is None else int(known)}
        type_n = f"{type_}WithNumSegments"
        return graph.create_op(type_n, (*inputs, num), attrs, name or type_n).outputs[0]

    api.__name__ = type_
    return api


sparse_segment_sum = _sparse_segment_api("Sum")
sparse_segment_mean = _sparse_segment_api("Mean")
sparse_segment_sqrt_n = _sparse_segment_api("SqrtN")


# -- embedding_lookup_sparse -------------------------------------------------------------------


def embedding_lookup_sparse(
    params: Any,
    sp_ids: Any,
    sp_weights: Any,
    partition_strategy: str = "mod",
    name: str | None = None,
    combiner: str | None = None,
    max_norm: Any = None,
    allow_fast_lookup: bool = False,
) -> Tensor:
    """One combined embedding per row of `sp_ids` (rank 2): the rows of `params` its ids
    name, weighted by `sp_weights` (or 1), combined by "sum", "mean" (TF1's default) or
    "sqrtn", each row first clipped to `max_norm` if given. As TensorFlow's, the result has
    a row up to the last non-empty row only."""
    combiner = "mean" if combiner is None else combiner
    if combiner not in ("mean", "sqrtn", "sum"):
        raise error("INVALID_ATTR", "combiner must be one of 'mean', 'sqrtn' or 'sum'")
    from ..partitioned import PartitionedVariable

    if isinstance(params, PartitionedVariable):
        params = list(params)
    if isinstance(params, list | tuple):
        if len(params) != 1:
            raise error("INVALID_ATTR", "partitioned params are not supported")
        params = params[0]
    sp = convert(sp_ids, "sp_ids")
    graph = sp.graph
    if not isinstance(params, Tensor):
        params = constant_op(graph, params)
    with graph.name_scope(name, "embedding_lookup_sparse") as scope:
        segment_ids = cast(sp.indices[:, 0], _dt.int32)
        ids, idx = unique(sp.values)
        if max_norm is None:
            embeddings = gather(params, ids)
        else:  # TF's: each looked-up row clipped to max_norm before combining
            from .nn_ops import embedding_lookup

            embeddings = embedding_lookup(params, ids, max_norm=max_norm)
        if sp_weights is None:
            fn = {"sum": sparse_segment_sum, "mean": sparse_segment_mean}.get(
                combiner, sparse_segment_sqrt_n
            )
            return fn(embeddings, idx, segment_ids, name=scope)
        weights = convert(sp_weights, "sp_weights").values
        embeddings = gather(embeddings, idx)
        w = expand_dims(cast(weights, embeddings.dtype), -1)
        embeddings = multiply(embeddings, w)
        total = segment_sum(embeddings, segment_ids)
        if combiner == "sum":
            return identity(total, name=scope)
        # TF divides with div_no_nan: a row whose ids are missing (or whose weights sum
        # to 0) is 0, not 0/0.
        if combiner == "mean":
            return div_no_nan(total, segment_sum(w, segment_ids), name=scope)
        return div_no_nan(total, sqrt(segment_sum(multiply(w, w), segment_ids)), name=scope)


def sparse_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """`tf.sparse.sparse_dense_matmul`: either operand may be the SparseTensor."""
    if isinstance(sp_a, SparseTensor | tuple) and not isinstance(sp_a, Tensor):
        return sparse_tensor_dense_matmul(sp_a, b, adjoint_a, adjoint_b, name)
    # dense @ sparse = (sparse' @ dense')'
    out = sparse_tensor_dense_matmul(b, sp_a, not adjoint_b, not adjoint_a, name)
    return transpose(out)


# -- slice and split -------------------------------------------------------------------------


def _slice_infer(shapes, types, attrs):
    _sp_infer(shapes[:3], types[:3], "sparse.slice")
    rank = None if shapes[2] is None else shapes[2][0]
    return [((None, rank), _INT64), ((None,), types[1]), ((rank,), _INT64)]


def _slice_window(indices, shape, start, size):
    """Which entries fall in [start, start + size) and the window's (clipped) shape."""
    start = np.asarray(start, np.int64).reshape(-1)
    size = np.asarray(size, np.int64).reshape(-1)
    if start.size != shape.size or size.size != shape.size:
        raise error(
            "SHAPE_MISMATCH",
            f"start {start.tolist()} and size {size.tolist()} need one entry per dimension "
            f"of {shape.tolist()}",
        )
    if np.any(start < 0) or np.any(size < 0):
        raise error("INVALID_ATTR", f"slice start {start.tolist()} and size {size.tolist()}")
    out_shape = np.maximum(np.minimum(start + size, shape) - start, 0)
    keep = np.all((indices >= start) & (indices < start + out_shape), axis=1)
    return keep, start, out_shape


@register_op("SparseSlice", arity=5, infer=_slice_infer, unknown_rank_ok=True)
def _sparse_slice(op):
    def kernel(indices, values, shape, start, size):
        shape = np.asarray(shape, np.int64).reshape(-1)
        indices = _check_indices(indices, shape, "SparseSlice")
        keep, start, out_shape = _slice_window(indices, shape, start, size)
        return indices[keep] - start, np.asarray(values)[keep], out_shape

    return kernel


def _slice_grad_infer(shapes, types, attrs):
    return [((None if shapes[1] is None else shapes[1][0],), types[0])]


@register_op("SparseSliceGrad", arity=4, infer=_slice_grad_infer, unknown_rank_ok=True)
def _sparse_slice_grad_kernel(op):
    def kernel(g, in_indices, start, out_indices):
        g = np.asarray(g)
        in_indices = np.asarray(in_indices, np.int64)
        shifted = np.asarray(out_indices, np.int64) + np.asarray(start, np.int64).reshape(-1)
        out = np.zeros(len(in_indices), g.dtype)
        if len(shifted):
            rows = np.concatenate([shifted, in_indices]).reshape(len(shifted) + len(out), -1)
            _, ids = np.unique(rows, axis=0, return_inverse=True)
            ids = ids.reshape(-1)
            first = np.full(ids.max() + 1, -1)
            first[ids[: len(shifted)]] = np.arange(len(shifted))
            at = first[ids[len(shifted) :]]
            out[at >= 0] = g[at[at >= 0]]
        return out

    return kernel


not_differentiable("SparseSliceGrad")


@register_gradient("SparseSlice")
def _sparse_slice_grad(op, _, g, __):
    indices, start, out_indices = op.inputs[0], op.inputs[3], op.outputs[0]
    grad = op.graph.create_op("SparseSliceGrad", (g, indices, start, out_indices)).outputs[0]
    return [None, grad, None, None, None]


def _int64_vector(graph, value, name):
    if isinstance(value, Tensor):
        return cast(value, _INT64) if value.dtype != _INT64 else value
    return constant_op(graph, np.asarray(value, np.int64).reshape(-1), _INT64, name)


def sparse_slice(sp_input: Any, start: Any, size: Any, name: str | None = None) -> SparseTensor:
    """The entries inside the window [start, start + size), re-indexed from its corner."""
    sp = convert(sp_input)
    graph = sp.graph
    start = _int64_vector(graph, start, "start")
    size = _int64_vector(graph, size, "size")
    op = graph.create_op(
        "SparseSlice", (*sp.components(), start, size), None, name or "SparseSlice"
    )
    return SparseTensor(*op.outputs)


def _split_infer(shapes, types, attrs):
    n = attrs["num_split"]
    rank = None if shapes[3] is None else shapes[3][0]
    return [((None, rank), _INT64)] * n + [((None,), types[2])] * n + [((rank,), _INT64)] * n


@register_op(
    "SparseSplit",
    arity=4,
    infer=_split_infer,
    attrs={"num_split": ("int", 1)},
    unknown_rank_ok=True,
)
def _sparse_split(op):
    n = op.attrs["num_split"]
    if n < 1:
        raise error("INVALID_ATTR", f"num_split must be at least 1, got {n}", node=op.name)

    def kernel(axis, indices, values, shape):
        shape = np.asarray(shape, np.int64).reshape(-1)
        indices = _check_indices(indices, shape, "SparseSplit")
        axis = int(axis)
        if not -len(shape) <= axis < len(shape):
            raise error("INVALID_ATTR", f"split_dim {axis} out of range for rank {len(shape)}")
        axis %= len(shape)
        dim = int(shape[axis])
        if n > dim:
            raise error("INVALID_ATTR", f"num_split {n} is larger than dimension {dim}")
        # TF gives the first (dim % n) parts one extra row.
        sizes = [dim // n + (1 if i < dim % n else 0) for i in range(n)]
        bounds = np.cumsum([0, *sizes])
        parts_i, parts_v, parts_s = [], [], []
        for i in range(n):
            keep = (indices[:, axis] >= bounds[i]) & (indices[:, axis] < bounds[i + 1])
            ind = indices[keep].copy()
            ind[:, axis] -= bounds[i]
            parts_i.append(ind)
            parts_v.append(np.asarray(values)[keep])
            part_shape = shape.copy()
            part_shape[axis] = sizes[i]
            parts_s.append(part_shape)
        return (*parts_i, *parts_v, *parts_s)

    return kernel


@register_gradient("SparseSplit")
def _sparse_split_grad(op, *grads):
    # TensorFlow registers none: tf.gradients through it raises LookupError, as this does.
    raise error("NO_GRADIENT", "no gradient is defined for SparseSplit", node=op.name)


def sparse_split(
    keyword_required: Any = None,
    sp_input: Any = None,
    num_split: int | None = None,
    axis: int | None = None,
    name: str | None = None,
    split_dim: int | None = None,
) -> list:
    """`num_split` SparseTensors cut along `axis` (keyword arguments only, as TF1)."""
    if keyword_required is not None:
        raise error("INVALID_ATTR", "sparse.split takes keyword arguments only")
    axis = split_dim if axis is None else axis
    if sp_input is None or num_split is None or axis is None:
        raise error("INVALID_ATTR", "sparse.split needs sp_input, num_split and axis")
    sp = convert(sp_input)
    graph = sp.graph
    n = operator.index(num_split)
    axis_t = constant_op(graph, np.int64(operator.index(axis)), _INT64, "split_dim")
    op = graph.create_op(
        "SparseSplit", (axis_t, *sp.components()), {"num_split": n}, name or "SparseSplit"
    )
    outs = op.outputs
    return [SparseTensor(outs[i], outs[n + i], outs[2 * n + i]) for i in range(n)]


# -- fill_empty_rows and safe_embedding_lookup_sparse ------------------------------------------


def _fill_infer(shapes, types, attrs):
    _sp_infer(shapes[:3], types[:3], "sparse.fill_empty_rows")
    if types[3] != types[1]:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"default_value ({types[3].name}) must have the values' dtype ({types[1].name})",
        )
    rank = None if shapes[0] is None else shapes[0][1]
    rows = attrs.get("rows")
    n = None if shapes[1] is None else shapes[1][0]
    return [
        ((None, rank), _INT64),
        ((None,), types[1]),
        ((rows,), _dt.bool_),
        ((n,), _INT64),
    ]


@register_op(
    "SparseFillEmptyRows",
    arity=4,
    infer=_fill_infer,
    attrs={"rows": ("int", None)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _sparse_fill_empty_rows(op):
    def kernel(state, indices, values, shape, default):
        shape = np.asarray(shape, np.int64).reshape(-1)
        indices = _check_indices(indices, shape, "SparseFillEmptyRows")
        values = np.asarray(values)
        rows = int(shape[0]) if shape.size else 0
        check_run_time_size(state, op, (rows,))
        if op.attrs.get("rows") not in (None, rows):
            raise error(
                "SHAPE_MISMATCH", f"{rows} rows at run time, the graph said {op.attrs['rows']}"
            )
        empty = np.bincount(indices[:, 0], minlength=rows) == 0 if rows else np.zeros(0, bool)
        fill = np.zeros((int(empty.sum()), shape.size), np.int64)
        fill[:, 0] = np.flatnonzero(empty)
        all_ind = np.concatenate([indices, fill])
        all_val = np.concatenate([values, np.full(len(fill), default, values.dtype)])
        # Entries grouped by row in a stable order (TF's kernel), fillers in their rows.
        order = np.argsort(all_ind[:, 0], kind="stable")
        reverse = np.empty(len(all_ind), np.int64)
        reverse[order] = np.arange(len(all_ind))
        return all_ind[order], all_val[order], empty, reverse[: len(indices)]

    return kernel


@register_gradient("SparseFillEmptyRows")
def _sparse_fill_empty_rows_grad(op, _, g, __, ___):
    reverse = op.outputs[3]
    d_values = gather(g, reverse)
    return [None, d_values, None, subtract(reduce_sum(g), reduce_sum(d_values))]


def sparse_fill_empty_rows(sp_input: Any, default_value: Any, name: str | None = None):
    """`(sp, empty_row_indicator)`: every empty row of `sp_input` given one entry
    `[row, 0, ...] = default_value`."""
    sp = convert(sp_input)
    graph = sp.graph
    static = sp.static_dense_shape
    rows = None if not static else static[0]
    with graph.name_scope(name, "SparseFillEmptyRows"):
        if not isinstance(default_value, Tensor):
            default_value = constant_op(graph, default_value, sp.dtype, "default_value")
        op = graph.create_op(
            "SparseFillEmptyRows", (*sp.components(), default_value), {"rows": rows}
        )
    out = SparseTensor(op.outputs[0], op.outputs[1], sp.dense_shape)
    return with_static(out, static), op.outputs[2]


def safe_embedding_lookup_sparse(
    embedding_weights: Any,
    sparse_ids: Any,
    sparse_weights: Any = None,
    combiner: str = "mean",
    default_id: int | None = None,
    name: str | None = None,
    partition_strategy: str = "div",
    max_norm: Any = None,
    allow_fast_lookup: bool = False,
) -> Tensor:
    """embedding_lookup_sparse that skips invalid ids (< 0) and, but for "sum", weights
    ≤ 0, and gives each empty row the embedding of `default_id` (zeros when None); one
    result row per row of `sparse_ids` (rank 2 here)."""
    if isinstance(embedding_weights, list | tuple):
        if len(embedding_weights) != 1:
            raise error("INVALID_ATTR", "partitioned embedding_weights are not supported")
        embedding_weights = embedding_weights[0]
    ids = convert(sparse_ids, "sparse_ids")
    static = ids.static_dense_shape
    if static is None or len(static) != 2:
        raise error("INVALID_ATTR", "safe_embedding_lookup_sparse supports rank-2 sparse_ids")
    graph = ids.graph
    with graph.name_scope(name, "embedding_lookup") as scope:
        weights = None if sparse_weights is None else convert(sparse_weights, "sparse_weights")
        keep = ids.values >= 0
        if weights is not None and combiner != "sum":
            keep = logical_and(keep, greater(weights.values, 0))
        ids_kept = sparse_retain(ids, keep)
        ids_kept, empty = sparse_fill_empty_rows(ids_kept, default_id or 0)
        if weights is not None:
            weights = sparse_retain(weights, keep)
            weights, _ = sparse_fill_empty_rows(weights, 1.0)
        result = embedding_lookup_sparse(
            embedding_weights,
            ids_kept,
            weights,
            combiner=combiner,
            max_norm=max_norm,
            name=None if default_id is None else scope,
        )
        if default_id is None:
            result = where(empty, zeros_like(result), result, name=scope)
    dim = embedding_weights.static_shape if isinstance(embedding_weights, Tensor) else None
    result.set_shape([static[0], None if not dim else dim[-1]])
    return result


# -- elementwise with a dense operand --------------------------------------------------------


def _cwise_infer(shapes, types, attrs):
    _sp_infer(shapes[:3], types[:3], "a sparse-dense elementwise op")
    if types[1] != types[3]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"sparse ({types[1].name}) and dense ({types[3].name}) differ"
        )
    return [(shapes[1], types[1])]


def _dense_at(indices, shape, y):
    """The dense operand broadcast to the sparse shape, read at each entry (TF lets only
    the dense side broadcast)."""
    y = np.asarray(y)
    if y.ndim > len(shape) or any(
        d not in (1, s) for d, s in zip(y.shape[::-1], shape[::-1], strict=False)
    ):
        raise error(
            "SHAPE_MISMATCH",
            f"the dense operand of shape {list(y.shape)} does not broadcast to the sparse "
            f"shape {shape.tolist()}",
        )
    tail = indices[:, len(shape) - y.ndim :] * (np.array(y.shape) != 1)
    return y[tuple(tail.T)] if y.ndim else np.broadcast_to(y, (len(indices),))


def _cwise_kernel(fn):
    def factory(op):
        def kernel(indices, values, shape, y):
            shape = np.asarray(shape, np.int64).reshape(-1)
            indices = _check_indices(indices, shape, op.type)
            return fn(np.asarray(values), _dense_at(indices, shape, y)).astype(
                np.asarray(values).dtype
            )

        return kernel

    return factory


for _type, _fn in (
    ("SparseDenseCwiseMul", np.multiply),
    ("SparseDenseCwiseDiv", np.divide),
    ("SparseDenseCwiseAdd", np.add),
):
    register_op(_type, arity=4, infer=_cwise_infer, unknown_rank_ok=True)(_cwise_kernel(_fn))


def _cwise_grad(is_mul: bool):
    def grad(op, g):
        indices, values, _, y = op.inputs
        ystatic, rank = y.static_shape, _sp_rank(indices)
        if ystatic is None or None in ystatic or rank is None:
            raise error("NO_GRADIENT", f"{op.type}'s gradient needs static shapes", node=op.name)
        added = rank - len(ystatic)
        graph = op.graph
        cols = constant_op(graph, np.arange(added, rank, dtype=np.int32))
        mask = constant_op(graph, (np.array(ystatic, np.int64) != 1).astype(np.int64))
        scaled = gather(indices, cols, axis=1) * mask
        dense_vals = gather_nd(y, scaled)
        if is_mul:
            dx, dy_val = multiply(g, dense_vals), multiply(g, values)
        else:
            dx = g / dense_vals
            dy_val = multiply(g, -values / (dense_vals * dense_vals))

        return [None, dx, None, scatter_nd(scaled, dy_val, list(ystatic))]

    return grad


def _sp_rank(indices: Tensor) -> int | None:
    s = indices.static_shape
    return None if s is None else s[1]


register_gradient("SparseDenseCwiseMul")(_cwise_grad(True))
register_gradient("SparseDenseCwiseDiv")(_cwise_grad(False))


@register_gradient("SparseDenseCwiseAdd")
def _sparse_dense_cwise_add_grad(op, g):
    # TensorFlow raises NotImplementedError for this gradient; a clear refusal here too.
    raise error("NO_GRADIENT", "no gradient is implemented for SparseDenseCwiseAdd", node=op.name)


def sparse_dense_cwise(type_: str, sp: SparseTensor, y: Any, name: str) -> SparseTensor:
    """`sp` (op) dense `y` at `sp`'s entries, the op named `name` as TF's operators name
    theirs (`mul`, `truediv`); the result keeps `sp`'s indices."""
    graph = sp.graph
    with graph.name_scope(None, name) as scope:
        if not isinstance(y, Tensor):
            y = constant_op(graph, y, sp.dtype, "y")
        values = graph.create_op(type_, (*sp.components(), y), None, scope).outputs[0]
    return with_static(SparseTensor(sp.indices, values, sp.dense_shape), sp.static_dense_shape)


# -- expand_dims, sparse results of reductions, sparse_mask ------------------------------------


def sparse_expand_dims(sp_input: Any, axis: int | None = None, name: str | None = None):
    """The SparseTensor with a dimension of size 1 inserted at `axis` (default -1)."""
    sp = convert(sp_input)
    graph = sp.graph
    static = sp.static_dense_shape
    rank = _sp_rank(sp.indices) if static is None else len(static)
    if rank is None:
        raise error("UNKNOWN_RANK", "sparse.expand_dims needs a known rank")
    axis = -1 if axis is None else operator.index(axis)
    if not -rank - 1 <= axis <= rank:
        raise error("INVALID_ATTR", f"axis {axis} out of range for rank {rank}")
    axis = axis if axis >= 0 else axis + rank + 1

    with graph.name_scope(name, "expand_dims"):
        ind = sp.indices
        zeros = zeros_like(ind[:, :1])
        indices = concat([ind[:, :axis], zeros, ind[:, axis:]], 1)
        one = constant_op(graph, np.array([1], np.int64), _INT64)
        shape = concat([sp.dense_shape[:axis], one, sp.dense_shape[axis:]], 0)
    out = SparseTensor(indices, sp.values, shape)
    return with_static(out, None if static is None else (*static[:axis], 1, *static[axis:]))


def _reduce_sparse_infer(shapes, types, attrs):
    _sp_infer(shapes, types, "sparse reduce_*_sparse")
    check_dtype(types[1], "numeric", "values")
    # TensorFlow infers no shapes for these ops' outputs, so neither does graphgate.
    return [(None, _INT64), (None, types[1]), (None, _INT64)]


def _reduce_sparse_kernel(ufunc):
    def factory(op):
        axes, keep = op.attrs.get("axes"), op.attrs.get("keep_dims", False)

        def kernel(indices, values, shape):
            shape = np.asarray(shape, np.int64).reshape(-1)
            indices = _check_indices(indices, shape, op.type)
            rank = shape.size
            red = set(range(rank)) if axes is None else {a % rank for a in axes}
            kept = [i for i in range(rank) if keep or i not in red]
            zero = [i in red for i in kept]
            key = indices[:, kept] * ~np.array(zero, bool) if kept else indices[:, :0]
            values = np.asarray(values)
            out_shape = np.array([1 if z else shape[i] for i, z in zip(kept, zero, strict=True)])
            if len(values) == 0:
                return key.reshape(0, len(kept)), values[:0], out_shape.astype(np.int64)
            uniq, group = np.unique(key, axis=0, return_inverse=True)
            group = group.reshape(-1)
            out = np.zeros(len(uniq), values.dtype) if ufunc is np.add else None
            if out is None:
                out = np.full(len(uniq), _lowest(values.dtype), values.dtype)
            ufunc.at(out, group, values)
            return uniq.reshape(len(uniq), len(kept)), out, out_shape.astype(np.int64)

        return kernel

    return factory


for _type, _ufunc in (("SparseReduceSumSparse", np.add), ("SparseReduceMaxSparse", np.maximum)):
    register_op(
        _type,
        arity=3,
        infer=_reduce_sparse_infer,
        attrs=_REDUCE_ATTRS,
        unknown_rank_ok=True,
    )(_reduce_sparse_kernel(_ufunc))


@register_gradient("SparseReduceSumSparse")
@register_gradient("SparseReduceMaxSparse")
def _reduce_sparse_grad(op, *grads):
    # TensorFlow registers none: tf.gradients through it raises LookupError, as this does.
    raise error("NO_GRADIENT", f"no gradient is defined for {op.type}", node=op.name)


def _reduce_sparse_api(type_: str):
    dense = _reduce_api(type_)

    def api(
        sp_input: Any,
        axis: Any = None,
        keepdims: bool | None = None,
        reduction_axes: Any = None,
        keep_dims: bool | None = None,
        name: str | None = None,
    ) -> SparseTensor:
        first = dense(sp_input, axis, keepdims, reduction_axes, keep_dims, name).op
        return SparseTensor(*first.outputs)

    api.__name__ = type_
    return api


sparse_reduce_sum_sparse = _reduce_sparse_api("SparseReduceSumSparse")
sparse_reduce_max_sparse = _reduce_sparse_api("SparseReduceMaxSparse")


def sparse_mask(a: Any, mask_indices: Any, name: str | None = None):
    """The IndexedSlices `a` without the rows whose index is in `mask_indices`."""
    graph = a.values.op.graph
    with graph.name_scope(name, "sparse_mask") as scope:
        indices = a.indices
        out_indices, to_gather = setdiff1d(indices, mask_indices)
        out_values = gather(a.values, to_gather, name=scope)
    return IndexedSlices(out_values, out_indices, a.dense_shape)


# -- maximum/minimum, eye, to_indicator --------------------------------------------------------


def _sparse_sparse_infer(shapes, types, attrs):
    _sp_infer(shapes[:3], types[:3], "sparse.maximum")
    _sp_infer(shapes[3:], types[3:], "sparse.maximum")
    if types[1] != types[4]:
        raise InferenceError("DTYPE_MISMATCH", f"operands of {types[1].name} and {types[4].name}")
    check_dtype(types[1], "numeric", "values")
    return [((None, None), _INT64), ((None,), types[1])]


def _sparse_sparse_kernel(ufunc):
    def factory(op):
        def kernel(a_ind, a_val, a_shape, b_ind, b_val, b_shape):
            shape = np.asarray(a_shape, np.int64).reshape(-1)
            if shape.tolist() != np.asarray(b_shape).reshape(-1).tolist():
                raise error(
                    "SHAPE_MISMATCH",
                    f"operands' shapes do not match: {shape.tolist()} and "
                    f"{np.asarray(b_shape).reshape(-1).tolist()}",
                )
            a_ind = _check_indices(a_ind, shape, op.type)
            b_ind = _check_indices(b_ind, shape, op.type)
            rows = np.concatenate([a_ind, b_ind]).reshape(-1, shape.size)
            a_val, b_val = np.asarray(a_val), np.asarray(b_val)
            if len(rows) == 0:
                return rows, a_val[:0]
            uniq, ids = np.unique(rows, axis=0, return_inverse=True)
            ids = ids.reshape(-1)
            # An entry missing from one operand counts as its implicit zero, as TF's.
            a_full = np.zeros(len(uniq), a_val.dtype)
            b_full = np.zeros(len(uniq), a_val.dtype)
            a_full[ids[: len(a_ind)]] = a_val
            b_full[ids[len(a_ind) :]] = b_val
            return uniq, ufunc(a_full, b_full)

        return kernel

    return factory


for _type, _ufunc in (("SparseSparseMaximum", np.maximum), ("SparseSparseMinimum", np.minimum)):
    register_op(_type, arity=6, infer=_sparse_sparse_infer, unknown_rank_ok=True)(
        _sparse_sparse_kernel(_ufunc)
    )


@register_gradient("SparseSparseMaximum")
@register_gradient("SparseSparseMinimum")
def _sparse_sparse_grad(op, *grads):
    # TensorFlow's gradient raises NotImplementedError; a clear refusal here.
    raise error("NO_GRADIENT", f"no gradient is implemented for {op.type}", node=op.name)


def _sparse_sparse_api(type_: str):
    def api(sp_a: Any, sp_b: Any, name: str | None = None) -> SparseTensor:
        a, b = convert(sp_a, "sp_a"), convert(sp_b, "sp_b")
        op = a.graph.create_op(type_, (*a.components(), *b.components()), None, name or type_)
        out = SparseTensor(op.outputs[0], op.outputs[1], a.dense_shape)
        return with_static(out, a.static_dense_shape)

    api.__name__ = type_
    return api


sparse_maximum = _sparse_sparse_api("SparseSparseMaximum")
sparse_minimum = _sparse_sparse_api("SparseSparseMinimum")


def sparse_eye(
    num_rows: int, num_columns: int | None = None, dtype: Any = _dt.float32, name: str | None = None
) -> SparseTensor:
    """A SparseTensor holding ones on the main diagonal."""
    rows = operator.index(num_rows)
    cols = rows if num_columns is None else operator.index(num_columns)
    n = min(rows, cols)
    graph = get_default_graph()
    with graph.name_scope(name, "eye"):
        diag = np.arange(n, dtype=np.int64)
        indices = constant_op(graph, np.stack([diag, diag], 1), _INT64, "stack")
        values = constant_op(graph, np.ones(n), _dt.as_dtype(dtype), "ones")
        return SparseTensor(indices, values, [rows, cols])


def sparse_to_indicator(sp_input: Any, vocab_size: int, name: str | None = None) -> Tensor:
    """Dense bool `[..., vocab_size]`: true at the ids each row of `sp_input` holds."""
    sp = convert(sp_input)
    graph = sp.graph
    check = sp.dtype
    if check not in (_dt.int32, _dt.int64):
        raise error("DTYPE_MISMATCH", f"sp_input must hold int32 or int64 ids, got {check.name}")
    vocab = operator.index(vocab_size)
    static = sp.static_dense_shape
    with graph.name_scope(name, "SparseToIndicator") as scope:
        ids = expand_dims(cast(sp.values, _INT64), 1)
        indices = concat([sp.indices[:, :-1], ids], 1)
        last = constant_op(graph, np.array([vocab], np.int64), _INT64)
        shape = concat([sp.dense_shape[:-1], last], 0)
        true = constant_op(graph, True, _dt.bool_)
        false = constant_op(graph, False, _dt.bool_)
        out_static = None if static is None else (*static[:-1], vocab)
        attrs = {"validate_indices": False, "static_shape": out_static}
        return graph.create_op(
            "SparseToDense", (indices, shape, true, false), attrs, scope
        ).outputs[0]


def _merge_operands(sp_ids: Any, vocab_size: Any) -> tuple[list, list]:
    """(ids, vocab sizes) as lists, refused as TF1 refuses them (TypeError, ValueError)."""
    import numbers
    from collections.abc import Iterable

    def size_ok(v):
        return isinstance(v, Tensor | numbers.Integral) and not isinstance(v, bool)

    if isinstance(sp_ids, SparseTensor | SparseTensorValue):
        if not size_ok(vocab_size):
            raise error(
                "DTYPE_MISMATCH",
                f"vocab_size has to be a Tensor or Python int. Found {type(vocab_size)}",
            )
        return [sp_ids], [vocab_size]
    if not isinstance(sp_ids, Iterable):
        raise error(
            "DTYPE_MISMATCH",
            f"sp_ids has to be a SparseTensor or list thereof. Found {type(sp_ids)}",
        )
    if not isinstance(vocab_size, Iterable) or not all(size_ok(v) for v in vocab_size):
        raise error(
            "DTYPE_MISMATCH",
            f"vocab_size has to be a list of Tensors or Python ints. Found {type(vocab_size)}",
        )
    sp_ids, vocab_size = list(sp_ids), list(vocab_size)
    if len(sp_ids) != len(vocab_size):
        raise error("INVALID_ATTR", "sp_ids and vocab_size have to have equal lengths.")
    return sp_ids, vocab_size


def sparse_merge(
    sp_ids: Any,
    sp_values: Any,
    vocab_size: Any,
    name: str | None = None,
    already_sorted: bool = False,
) -> SparseTensor:
    """A batch of feature ids and their values as one SparseTensor (`tf.sparse_merge`,
    TF1's `tf.sparse.merge`): each entry's last index becomes its id (one index column
    per SparseTensor of ids), its value the matching entry of `sp_values`, the last
    dimensions the vocabulary sizes; reordered unless `already_sorted`."""
    sp_ids, vocab_size = _merge_operands(sp_ids, vocab_size)
    graph = get_default_graph()
    with graph.name_scope(name, "SparseMerge"):
        sp_ids = [convert(s) for s in sp_ids]
        values = convert(sp_values)
        ids = [expand_dims(cast(s.values, _INT64), 1) for s in sp_ids]
        sizes = [cast(v, _INT64) for v in vocab_size]
        indices = concat([sp_ids[0].indices[:, :-1], *ids], 1)
        shape = concat([sp_ids[0].dense_shape[:-1], *(reshape(v, [1]) for v in sizes)], 0)
        merged = SparseTensor(indices, values.values, shape)
        if already_sorted:
            return merged
        ordered = sparse_reorder(merged)
        return SparseTensor(ordered.indices, ordered.values, shape)


# -- edit_distance ---------------------------------------------------------------------------


def _edit_distance_infer(shapes, types, attrs):
    _sp_infer(shapes[:3], types[:3], "edit_distance's hypothesis")
    _sp_infer(shapes[3:], types[3:], "edit_distance's truth")
    if types[1] != types[4]:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"hypothesis ({types[1].name}) and truth ({types[4].name}) differ",
        )
    return [(_hint(attrs), _dt.float32)]


def _levenshtein(a: np.ndarray, b: np.ndarray) -> int:
    row = np.arange(len(b) + 1)
    for i, x in enumerate(a, 1):
        prev, row = row, np.empty_like(row)
        row[0] = i
        cost = (b != x).astype(np.int64)
        # Insertions need a running minimum along the row; substitutions and deletions
        # come from the previous row.
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost[j - 1])
    return int(row[-1])


def _sequences(indices: np.ndarray, values: np.ndarray) -> dict:
    """The values of each sequence (an index prefix), in the order of the last index."""
    order = _order(indices, None)
    groups: dict = {}
    for row, v in zip(indices[order].tolist(), values[order].tolist(), strict=True):
        groups.setdefault(tuple(row[:-1]), []).append(v)
    return {k: np.array(v) for k, v in groups.items()}


def _distance(hyp, truth, normalize: bool) -> float:
    if truth is None:
        return np.inf if normalize else float(len(hyp))
    if hyp is None:
        return 1.0 if normalize else float(len(truth))
    d = float(_levenshtein(hyp, truth))
    return d / len(truth) if normalize else d


def _sequence_indices(indices: Any, bound: np.ndarray) -> np.ndarray:
    """[N, rank] int64 indices whose sequence part (all but the last) lies in `bound`."""
    indices = np.asarray(indices, np.int64)
    if indices.ndim != 2 or indices.shape[1] != bound.size:
        _check_indices(indices, bound, "EditDistance")  # its message for the wrong width
    _check_indices(indices[:, :-1], bound[:-1], "EditDistance")
    return indices


@register_op(
    "EditDistance",
    arity=6,
    infer=_edit_distance_infer,
    attrs={"normalize": ("bool", True), "static_shape": ("shape", None)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _edit_distance(op):
    normalize = op.attrs.get("normalize", True)

    def kernel(state, h_ind, h_val, h_shape, t_ind, t_val, t_shape):
        h_shape = np.asarray(h_shape, np.int64).reshape(-1)
        t_shape = np.asarray(t_shape, np.int64).reshape(-1)
        if h_shape.size != t_shape.size or h_shape.size < 2:
            raise error(
                "SHAPE_MISMATCH",
                f"hypothesis and truth must have one rank of at least 2: "
                f"{h_shape.tolist()} and {t_shape.tolist()}",
            )
        # TF bounds a sequence's index by the output's shape (the larger of the two in
        # each dim) and never checks the position within it: the Cookbook's
        # SparseTensor([[0, 0, 3], ...], chars, [1, 1, 1]) is a sequence of 4.
        bound = np.maximum(h_shape, t_shape)
        h_ind = _sequence_indices(h_ind, bound)
        t_ind = _sequence_indices(t_ind, bound)
        out_shape = _sizes(np.maximum(h_shape, t_shape)[:-1], op)
        check_run_time_size(state, op, out_shape)
        hyp = _sequences(h_ind, np.asarray(h_val))
        truth = _sequences(t_ind, np.asarray(t_val))
        out = np.zeros(out_shape, np.float32)
        for key in set(hyp) | set(truth):
            out[key] = _distance(hyp.get(key), truth.get(key), normalize)
        return out

    return kernel


not_differentiable("EditDistance")


def edit_distance(
    hypothesis: Any, truth: Any, normalize: bool = True, name: str = "edit_distance"
) -> Tensor:
    """The Levenshtein distance between the sequences (the last dimension) of two
    SparseTensors, divided by the truth's length if `normalize`; float32, of the dense
    shape without its last dimension."""
    h, t = convert(hypothesis, "hypothesis"), convert(truth, "truth")
    hs, ts = h.static_dense_shape, t.static_dense_shape
    static = None
    if hs is not None and ts is not None and len(hs) == len(ts):
        static = tuple(
            None if a is None or b is None else max(a, b)
            for a, b in zip(hs[:-1], ts[:-1], strict=True)
        )
    elif hs is not None or ts is not None:
        static = (None,) * (len(hs or ts) - 1)
    attrs = {"normalize": bool(normalize), "static_shape": static}
    return h.graph.create_op(
        "EditDistance", (*h.components(), *t.components()), attrs, name or "edit_distance"
    ).outputs[0]


# -- ctc_loss with sparse labels ---------------------------------------------------------------


def ctc_loss(
    labels: Any,
    inputs: Any = None,
    sequence_length: Any = None,
    preprocess_collapse_repeated: bool = False,
    ctc_merge_repeated: bool = True,
    ignore_longer_outputs_than_inputs: bool = False,
    time_major: bool = True,
    logits: Any = None,
) -> Tensor:
    """TF1's `tf.nn.ctc_loss`: sparse int32 `labels` [batch, max_label], logits `inputs`
    [time, batch, classes] (time_major), the blank the last class. Computed by the dense
    CTC op (`ctc_loss_v2` with `blank_index=-1`), the same loss and gradient."""
    sp = convert(labels, "labels")
    if sp.dtype != _dt.int32:
        raise error("DTYPE_MISMATCH", f"ctc_loss's labels must be int32, got {sp.dtype.name}")
    x = logits if inputs is None else inputs
    if x is None or sequence_length is None:
        raise error("INVALID_ATTR", "ctc_loss needs inputs and sequence_length")
    graph = sp.graph
    if not isinstance(sequence_length, Tensor):
        sequence_length = constant_op(graph, np.asarray(sequence_length, np.int32), _dt.int32)
    dense = sparse_tensor_to_dense(sp, 0, validate_indices=False)
    # TF's CTCLoss reads the labels' indices as [N, 2] and never their dense shape, so
    # labels of unknown rank (a `sparse_placeholder`) are a batch of rows all the same.
    dense = ensure_shape(dense, [None, None])
    ones = SparseTensor(sp.indices, ones_like(sp.values), sp.dense_shape)
    lengths = cast(sparse_reduce_sum(ones, axis=1), _dt.int32)
    lengths = ensure_shape(lengths, [None])
    # TF's kernel refuses an entry without labels ("Labels length is zero in batch b").
    with graph.control_dependencies([assert_positive(lengths, message="Labels length is zero")]):
        lengths = identity(lengths)
    if ignore_longer_outputs_than_inputs:
        # TF's loss and gradient for such an entry are 0: its label is taken as empty (a
        # finite loss whose gradient the mask then zeroes), and its loss masked.
        too_long = greater(lengths, sequence_length)
        lengths = where(too_long, zeros_like(lengths), lengths)
    else:
        # TF refuses a label longer than its sequence (InvalidArgumentError); the dense op
        # would answer inf.
        check = assert_less_equal(
            lengths, sequence_length, message="labels longer than their sequence_length"
        )
        with graph.control_dependencies([check]):
            lengths = identity(lengths)
    loss = dense_ctc_loss(
        dense, x, lengths, sequence_length, time_major, -1, softmax_when_infeasible=True,
        merge_repeated=ctc_merge_repeated, collapse_repeated=preprocess_collapse_repeated,
    )  # fmt: skip
    if ignore_longer_outputs_than_inputs:
        loss = where(too_long, zeros_like(loss), loss)
    # Fetched by TF's name for the result (its CTCLoss op's).
    return identity(loss, name="CTCLoss")


def _greedy_infer(shapes, types, attrs):
    check_dtype(types[0], "float", "inputs")
    check_dtype(types[1], "int", "sequence_length")
    x = shapes[0]
    if x is not None and len(x) != 3:
        raise InferenceError("SHAPE_MISMATCH", f"inputs must be [time, batch, classes], got {x}")
    batch = None if x is None else x[1]
    return [((None, 2), _INT64), ((None,), _INT64), ((2,), _INT64), ((batch, 1), types[0])]


@register_op(
    "CTCGreedyDecoder",
    arity=2,
    infer=_greedy_infer,
    attrs={"merge_repeated": ("bool", True)},
    unknown_rank_ok=True,
)
def _ctc_greedy_decoder(op):
    merge = op.attrs.get("merge_repeated", True)

    def kernel(inputs, seq_len):
        x = np.asarray(inputs)
        # A negative length decodes as 0, as TF's kernel (its loops run no step).
        seq_len = np.maximum(np.asarray(seq_len).reshape(-1), 0)
        steps, batch, classes = x.shape
        if seq_len.shape != (batch,) or np.any(seq_len > steps):
            raise error(
                "INDEX_OUT_OF_RANGE",
                f"sequence_length {seq_len.tolist()} must be {batch} lengths in [0, {steps}]",
            )
        blank = classes - 1
        best = x.argmax(axis=2)
        rows, cols, vals = [], [], []
        logp = np.zeros((batch, 1), x.dtype)
        for b in range(batch):
            path = best[: seq_len[b], b]
            logp[b, 0] = -x[np.arange(seq_len[b]), b, path].sum()
            keep = path != blank
            if merge and len(path):
                keep &= np.concatenate([[True], path[1:] != path[:-1]])
            labels = path[keep]
            rows += [b] * len(labels)
            cols += range(len(labels))
            vals += labels.tolist()
        longest = max((c + 1 for c in cols), default=0)
        indices = np.array([rows, cols], np.int64).T.reshape(-1, 2)
        shape = np.array([batch, longest], np.int64)
        return indices, np.array(vals, np.int64), shape, logp

    return kernel


not_differentiable("CTCGreedyDecoder")


def ctc_greedy_decoder(
    inputs: Any, sequence_length: Any, merge_repeated: bool = True, blank_index: Any = None
) -> tuple[list, Tensor]:
    """`([decoded], log_probabilities)`: the most likely class per step, repeats merged
    (if `merge_repeated`) and blanks (the last class) removed, as a SparseTensor; and
    minus the sum of each step's largest logit, [batch, 1]."""
    if blank_index is not None and blank_index != -1:
        raise error("UNIMPLEMENTED", "ctc_greedy_decoder's blank is the last class here")
    graph, (x,) = as_tensors(inputs)
    if not isinstance(sequence_length, Tensor):
        sequence_length = constant_op(graph, np.asarray(sequence_length, np.int32), _dt.int32)
    attrs = {"merge_repeated": bool(merge_repeated)}
    op = graph.create_op("CTCGreedyDecoder", (x, sequence_length), attrs, "CTCGreedyDecoder")
    return [SparseTensor(*op.outputs[:3])], op.outputs[3]


__all__ = [
    "ctc_greedy_decoder",
    "ctc_loss",
    "edit_distance",
    "embedding_lookup_sparse",
    "from_dense",
    "safe_embedding_lookup_sparse",
    "sparse_add",
    "sparse_concat",
    "sparse_dense_matmul",
    "sparse_expand_dims",
    "sparse_eye",
    "sparse_fill_empty_rows",
    "sparse_mask",
    "sparse_maximum",
    "sparse_merge",
    "sparse_minimum",
    "sparse_reduce_max",
    "sparse_reduce_max_sparse",
    "sparse_reduce_sum",
    "sparse_reduce_sum_sparse",
    "sparse_reorder",
    "sparse_reshape",
    "sparse_retain",
    "sparse_segment_mean",
    "sparse_segment_sqrt_n",
    "sparse_segment_sum",
    "sparse_slice",
    "sparse_softmax",
    "sparse_split",
    "sparse_tensor_dense_matmul",
    "sparse_tensor_to_dense",
    "sparse_to_dense",
    "sparse_to_indicator",
    "sparse_transpose",
]


# -- serialize_sparse, serialize_many_sparse, deserialize_many_sparse --------------------------


def _serialize(op_type: str, sp_input: Any, name: str | None, out_type: Any) -> Tensor:
    from .dataset_ops import variant

    sp = convert(sp_input)
    out = variant if out_type is variant else _dt.as_dtype(out_type)
    if out is not variant and out != _dt.string:
        raise error("INVALID_ATTR", f"out_type must be string or variant, not {out.name}")
    attrs = {"out_type": out}
    return sp.graph.create_op(op_type, sp.components(), attrs, name or op_type).outputs[0]


def serialize_sparse(sp_input: Any, name: str | None = None, out_type: Any = _dt.string):
    """`tf.serialize_sparse`: a SparseTensor as 3 strings, its indices', values' and dense
    shape's TensorProtos (TF's bytes)."""
    return _serialize("SerializeSparse", sp_input, name, out_type)


def serialize_many_sparse(sp_input: Any, name: str | None = None, out_type: Any = _dt.string):
    """`tf.serialize_many_sparse`: each row of a SparseTensor (of rank 2 or more, indices
    in order) as `serialize_sparse` writes it: an [N, 3] string matrix."""
    return _serialize("SerializeManySparse", sp_input, name, out_type)


def deserialize_many_sparse(
    serialized_sparse: Any, dtype: Any, rank: int | None = None, name: str | None = None
) -> SparseTensor:
    """`tf.deserialize_many_sparse`: the SparseTensor whose rows an [N, 3] string matrix
    serializes (each dimension of the result the largest of the rows'); `rank` is the
    result's static rank, as TF sets it."""
    graph, (t,) = as_tensors(serialized_sparse)
    attrs = {"dtype": _dt.as_dtype(dtype)}
    op = graph.create_op("DeserializeManySparse", (t,), attrs, name or "DeserializeManySparse")
    indices, values, shape = op.outputs
    if rank is not None:
        indices.set_shape([None, rank])
        shape.set_shape([rank])
    return SparseTensor(indices, values, shape)
