"""Sparse updates of variables: `scatter_update/add/sub/mul/div/min/max` along the first
axis and `scatter_nd_update/add/sub` at index tuples, and `IndexedSlices` for the
`Variable.scatter_*` methods. Each update works as `assign` does (state_ops): it computes the
variable's new value from its value at that moment of the run, and the run's updates become
visible to later runs when it succeeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor, get_default_graph, op_inputs
from .index_ops import check_scatter_target
from .registry import (
    InferenceError,
    check_dtype,
    not_differentiable,
    register_gradient,
    register_op,
)


def _compatible(got, want, what):
    if got is None or want is None:
        return
    bad = len(got) != len(want) or any(
        a is not None and b is not None and a != b for a, b in zip(got, want, strict=False)
    )
    if bad:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"{what} must have shape {list(want)}, got {list(got)}",
            expected=list(want),
            got=list(got),
        )


# The variable scatters' op definitions: arithmetic over TF's `numbertype` (no bool or
# string), ScatterMin/Max over half, float, double, int32 and int64; a variable of another
# dtype is TF's TypeError when the op is built. Updates take any dtype.
_NUMBERTYPE = _dt.NUMERIC | _dt.SMALL_INTS | _dt.COMPLEX
_VARIABLE_SCATTER_DTYPES = {
    **{f"Scatter{k}": _NUMBERTYPE for k in ("Add", "Sub", "Mul", "Div")},
    **{f"ScatterNd{k}": _NUMBERTYPE for k in ("Add", "Sub", "Min", "Max")},
    "ScatterMin": _dt.NUMERIC,
    "ScatterMax": _dt.NUMERIC,
}


def _scatter_infer(nd: bool, type_: str | None = None) -> Callable:
    allowed = _VARIABLE_SCATTER_DTYPES.get(type_)

    def infer(shapes, types, attrs):
        var, indices, updates = shapes
        if allowed is not None and types[0] not in allowed:
            raise InferenceError(
                "DTYPE_MISMATCH", f"{type_} does not take a {types[0].name} variable"
            )
        check_dtype(types[1], "int", "scatter indices")
        if types[2] != types[0]:
            raise InferenceError(
                "DTYPE_MISMATCH", f"cannot scatter {types[2].name} into a {types[0].name} variable"
            )
        want = None
        if indices is not None and not nd:
            if not var:
                raise InferenceError("SHAPE_MISMATCH", "cannot scatter into a scalar variable")
            want = indices + var[1:]
        elif indices is not None and indices and indices[-1] is not None:
            if indices[-1] > len(var):
                raise InferenceError(
                    "SHAPE_MISMATCH",
                    f"index depth {indices[-1]} exceeds the variable's rank {len(var)}",
                )
            want = indices[:-1] + var[indices[-1] :]
        # A scalar update applies to every indexed slice (TF's scatter kernels allow it).
        if not (updates == () and not nd):
            _compatible(updates, want, "the updates")
        return [(var, types[0])]

    return infer


def _trunc_div(a, b):
    if np.issubdtype(a.dtype, np.integer):
        if np.any(b == 0):
            raise error("COMPUTE_ERROR", "scatter_div by an integer zero")
        q = np.abs(a) // np.abs(b)
        return (np.sign(a) * np.sign(b) * q).astype(a.dtype)
    return a / b


def _at(ufunc):
    def apply(new, index, upd):
        ufunc.at(new, index, upd)

    return apply


def _extremum(ufunc):
    """TF's scatter min and max: an update replaces the element only where it is strictly
    smaller (larger), so a NaN update changes nothing, a NaN element stays NaN and of
    equal zeros (-0.0, 0.0) the first in order stays. np.fmin/fmax skip NaN updates but
    pick either zero of a tie: the NaN elements are put back, and a zero result takes the
    sign of the first zero in order (the element's own, else the first zero update's)."""

    def apply(new, index, upd):
        if new.dtype.kind != "f":
            ufunc.at(new, index, upd)
            return
        was_nan = np.isnan(new)
        zeros = _first_zero_updates(new.shape, index, upd)
        if zeros is not None:
            at, first = zeros
            before = new[at]
        ufunc.at(new, index, upd)
        new[was_nan] = np.nan
        if zeros is not None:
            tie = new[at] == 0
            kept = tuple(a[tie] for a in at)
            new[kept] = np.where(before[tie] == 0, before[tie], first[tie])

    return apply


def _first_zero_updates(shape: tuple, index: Any, upd: np.ndarray) -> tuple | None:
    """The elements zero updates reach (an index of `shape`) and each one's first zero
    update in order (None where no update is a zero). `upd` is [n, *slice] for n
    indexed slices."""
    index = index if isinstance(index, tuple) else (index,)
    size = int(np.prod(shape[len(index) :], dtype=np.int64))
    upd = np.reshape(upd, (len(index[0]), size))
    zero = upd == 0
    if not zero.any():
        return None
    rows = np.ravel_multi_index(index, shape[: len(index)])
    targets = rows[:, None] * size + np.arange(size)
    # C order is update order; np.unique's index is each position's first occurrence.
    at, first = np.unique(targets[zero], return_index=True)
    return np.unravel_index(at, shape), upd[zero][first]


def _set(new, index, upd):
    new[index] = upd


def _div(new, index, upd):
    # Element by element in order, so repeated indices divide repeatedly (ufunc.at has no
    # truncating integer division).
    flat = index if isinstance(index, tuple) else (index,)
    for i, pos in enumerate(zip(*flat, strict=True)):
        new[pos] = _trunc_div(np.asarray(new[pos]), upd[i])


_APPLY = {
    "Update": _set,
    "Add": _at(np.add),
    "Sub": _at(np.subtract),
    "Mul": _at(np.multiply),
    "Div": _div,
    "Min": _extremum(np.fmin),
    "Max": _extremum(np.fmax),
}


def _index(indices: np.ndarray, shape: tuple, nd: bool) -> tuple[tuple, int]:
    """The numpy index of the slices to update and how many there are; out-of-range
    indices raise INDEX_OUT_OF_RANGE with TF's message shape."""
    indices = np.asarray(indices)
    if nd:
        depth = indices.shape[-1] if indices.ndim else 0
        if depth == 0 or depth > len(shape):
            raise error("SHAPE_MISMATCH", f"bad index depth {depth} for shape {list(shape)}")
        flat = indices.reshape(-1, depth)
        bad = np.any((flat < 0) | (flat >= np.asarray(shape[:depth])), axis=1)
        if bad.any():
            raise error(
                "INDEX_OUT_OF_RANGE",
                f"indices{flat[bad][0].tolist()} does not index into shape {list(shape)}",
            )
        return tuple(flat.T), len(flat)
    flat = indices.reshape(-1)
    bad = (flat < 0) | (flat >= shape[0])
    if bad.any():
        i = int(np.argmax(bad))
        raise error(
            "INDEX_OUT_OF_RANGE", f"indices[{i}] = {int(flat[i])} is not in [0, {shape[0]})"
        )
    return (flat,), len(flat)


def _scatter_kernel(kind: str, nd: bool) -> Callable:
    apply = _APPLY[kind]

    def factory(op):
        name = op.inputs[0].op.name

        def kernel(state, var, indices, updates):
            current = state.current(name)
            new = np.array(current, copy=True)
            index, n = _index(indices, current.shape, nd)
            depth = len(index) if nd else 1
            rest = current.shape[depth:]
            upd = np.asarray(updates, current.dtype)
            if upd.shape != () and upd.size != n * int(np.prod(rest, dtype=np.int64)):
                raise error(
                    "SHAPE_MISMATCH",
                    f"updates of shape {list(upd.shape)} for {n} slices of {list(rest)}",
                )
            upd = np.broadcast_to(upd, (n, *rest)) if upd.shape == () else upd.reshape(n, *rest)
            apply(new, index if nd else index[0], upd)
            return state.write(name, new)

        return kernel

    return factory


_TYPES: dict[str, tuple[str, bool]] = {}
for _kind in ("Update", "Add", "Sub", "Mul", "Div", "Min", "Max"):
    _TYPES[f"Scatter{_kind}"] = (_kind, False)
# ScatterNdMin/Max have no TF1 function (tf.raw_ops and imported graphs write them).
for _kind in ("Update", "Add", "Sub", "Min", "Max"):
    _TYPES[f"ScatterNd{_kind}"] = (_kind, True)
for _type, (_kind, _nd) in _TYPES.items():
    register_op(
        _type,
        arity=3,
        infer=_scatter_infer(_nd, _type),
        attrs={"use_locking": ("bool", False)},
        stateful=True,
        side_effects=True,
        needs_state=True,
        ref_input=True,
        unknown_rank_ok=True,
    )(_scatter_kernel(_kind, _nd))
not_differentiable(*_TYPES)


def _scatter(type_: str, ref: Any, indices: Any, updates: Any, use_locking, name) -> Tensor:
    if not isinstance(ref, Tensor) or ref.op.type != "VariableV2":
        raise error("INVALID_ATTR", f"{type_} needs a Variable, got {ref!r}")
    graph = ref.op.graph
    with graph.name_scope(name, type_) as scope:
        # convert_to_tensor packs a list holding tensors (`[tf.reduce_sum(v)]`), as TF's.
        indices = convert_to_tensor(indices, None, "indices", graph)
        updates = convert_to_tensor(updates, ref.dtype, "updates", graph)
        attrs = {"use_locking": bool(use_locking)}
        return graph.create_op(type_, (ref, indices, updates), attrs, scope).outputs[0]


def _api(type_: str, doc: str) -> Callable:
    def api(
        ref: Any, indices: Any, updates: Any, use_locking: bool = True, name: str | None = None
    ) -> Tensor:
        return _scatter(type_, ref, indices, updates, use_locking, name)

    api.__name__ = "scatter_" + (
        ("nd_" + type_[9:].lower()) if type_.startswith("ScatterNd") else type_[7:].lower()
    )
    api.__doc__ = doc + " The output is the variable's new value."
    return api


scatter_update = _api("ScatterUpdate", "Set rows `indices` of `ref` to `updates`.")
scatter_add = _api("ScatterAdd", "Add `updates` to rows `indices` of `ref` (repeats add up).")
scatter_sub = _api("ScatterSub", "Subtract `updates` from rows `indices` of `ref`.")
scatter_mul = _api("ScatterMul", "Multiply rows `indices` of `ref` by `updates`.")
scatter_div = _api("ScatterDiv", "Divide rows `indices` of `ref` by `updates`.")
scatter_min = _api("ScatterMin", "The minimum of rows `indices` of `ref` and `updates`.")
scatter_max = _api("ScatterMax", "The maximum of rows `indices` of `ref` and `updates`.")
scatter_nd_update = _api("ScatterNdUpdate", "Set the slices of `ref` at index tuples.")
scatter_nd_add = _api("ScatterNdAdd", "Add `updates` at the index tuples of `ref`.")
scatter_nd_sub = _api("ScatterNdSub", "Subtract `updates` at the index tuples of `ref`.")
# No tf.* function of TF1's: its variables' scatter_nd_min/scatter_nd_max methods write them.
scatter_nd_min = _api("ScatterNdMin", "The minimum of `updates` and `ref` at its index tuples.")
scatter_nd_max = _api("ScatterNdMax", "The maximum of `updates` and `ref` at its index tuples.")


def batch_scatter_update(
    ref: Any, indices: Any, updates: Any, use_locking: bool = True, name: str | None = None
) -> Tensor:
    """TF1's `tf.batch_scatter_update`: `ref[b..., indices[b..., k], ...] = updates[b...,
    k, ...]`, the leading dimensions of `indices` batch dimensions; built as TF builds it,
    a ScatterNdUpdate at `indices` prefixed with each element's batch coordinates."""
    from .array_ops import concat, expand_dims, ones_like, reshape, shape
    from .extra_array_ops import range as range_
    from .math_ops import cast

    graph = ref.op.graph if isinstance(ref, Tensor) else None
    with (graph or get_default_graph()).name_scope(name, "BatchScatterUpdate"):
        indices = convert_to_tensor(indices, name="indices")
        if indices.static_shape is None:
            raise error("UNKNOWN_RANK", "batch_gather does not allow indices with unknown shape.")
        rank = len(indices.static_shape)
        indices_shape = shape(indices)
        nd_indices = expand_dims(indices, axis=-1)
        coordinates = []
        for dimension in range(rank - 1):
            size = indices_shape[dimension]
            broadcast = [1] * (rank + 1)
            broadcast[dimension] = size
            grid = reshape(range_(0, size, 1), broadcast)
            if grid.dtype != nd_indices.dtype:
                grid = cast(grid, nd_indices.dtype)
            coordinates.append(grid * ones_like(nd_indices))
        coordinates.append(nd_indices)
        return scatter_nd_update(ref, concat(coordinates, axis=-1), updates, use_locking)


# `Variable.scatter_*(sparse_delta)` (TF1's RefVariable methods), by method name.
SPARSE_METHODS = {
    "scatter_update": scatter_update,
    "scatter_add": scatter_add,
    "scatter_sub": scatter_sub,
    "scatter_mul": scatter_mul,
    "scatter_div": scatter_div,
    "scatter_min": scatter_min,
    "scatter_max": scatter_max,
}
ND_METHODS = {
    "scatter_nd_update": scatter_nd_update,
    "scatter_nd_add": scatter_nd_add,
    "scatter_nd_sub": scatter_nd_sub,
}


def sparse_update(method: str, var: Any, sparse_delta: Any, use_locking: bool, name) -> Tensor:
    """A `Variable.scatter_*` method: `sparse_delta` is an `IndexedSlices`."""
    values = getattr(sparse_delta, "values", None)
    indices = getattr(sparse_delta, "indices", None)
    if values is None or indices is None:
        raise error("INVALID_ATTR", f"{method} needs an IndexedSlices, got {sparse_delta!r}")
    return SPARSE_METHODS[method](var, indices, values, use_locking, name)


# -- tensor_scatter_nd_* (TF 1.15): the same updates on a tensor, giving a new tensor -------


# TF registers TensorScatterMax and Min for real numbers, Add and Sub for numbers: numpy's
# kernels compared strings' bytes and concatenated them.
_TENSOR_SCATTER_DTYPES = {
    "Add": _dt.NUMERIC | _dt.SMALL_INTS | _dt.COMPLEX,
    "Sub": _dt.NUMERIC | _dt.SMALL_INTS | _dt.COMPLEX,
    "Max": _dt.NUMERIC | _dt.SMALL_INTS,
    "Min": _dt.NUMERIC | _dt.SMALL_INTS,
}


def _tensor_scatter_infer(kind: str) -> Callable:
    allowed = _TENSOR_SCATTER_DTYPES.get(kind)

    def infer(shapes, types, attrs):
        if allowed is not None and types[0] not in allowed:
            raise InferenceError(
                "DTYPE_MISMATCH", f"TensorScatter{kind} does not take {types[0].name} tensors"
            )
        return _tensor_scatter_shapes(shapes, types, attrs)

    return infer


def _tensor_scatter_shapes(shapes, types, attrs):
    if shapes[0] is None:
        check_dtype(types[1], "int", "scatter indices")
        if types[2] != types[0]:
            raise InferenceError("DTYPE_MISMATCH", "tensor and updates must have one dtype")
        return [(None, types[0])]
    check_scatter_target(shapes[0], shapes[1])
    return _scatter_infer(True)(shapes, types, attrs)


def _tensor_scatter_kernel(kind: str) -> Callable:
    apply = _APPLY[kind]

    def factory(op):
        def kernel(tensor, indices, updates):
            new = np.array(tensor, copy=True)
            index, n = _index(indices, new.shape, True)
            rest = new.shape[len(index) :]
            upd = np.asarray(updates, new.dtype)
            if upd.size != n * int(np.prod(rest, dtype=np.int64)):
                raise error(
                    "SHAPE_MISMATCH",
                    f"updates of shape {list(upd.shape)} for {n} slices of {list(rest)}",
                )
            apply(new, index, upd.reshape(n, *rest))
            return new

        return kernel

    return factory


for _kind in ("Update", "Add", "Sub", "Max", "Min"):
    register_op(
        f"TensorScatter{_kind}", arity=3, infer=_tensor_scatter_infer(_kind), unknown_rank_ok=True
    )(_tensor_scatter_kernel(_kind))


def _tensor_scatter(
    type_: str, tensor: Any, indices: Any, updates: Any, name, bad_indices_policy: str = ""
) -> Tensor:
    from .index_ops import check_bad_indices_policy  # late, as the other index_ops uses here

    check_bad_indices_policy(bad_indices_policy, type_)
    graph, (t,), name = op_inputs((tensor,), name, type_, ("tensor",))
    indices = convert_to_tensor(indices, graph=graph)  # packs `[[i]]` holding a tensor
    updates = convert_to_tensor(
        updates, None if isinstance(updates, Tensor) else t.dtype, graph=graph
    )
    return graph.create_op(type_, (t, indices, updates), None, name).outputs[0]


def tensor_scatter_nd_update(tensor: Any, indices: Any, updates: Any, name=None) -> Tensor:
    """A copy of `tensor` with the slices at the index tuples `indices` set to `updates`."""
    return _tensor_scatter("TensorScatterUpdate", tensor, indices, updates, name)


def tensor_scatter_nd_add(
    tensor: Any, indices: Any, updates: Any, name=None, bad_indices_policy: str = ""
) -> Tensor:
    """A copy of `tensor` with `updates` added at the index tuples (repeats add up)."""
    return _tensor_scatter("TensorScatterAdd", tensor, indices, updates, name, bad_indices_policy)


def tensor_scatter_nd_sub(
    tensor: Any, indices: Any, updates: Any, name=None, bad_indices_policy: str = ""
) -> Tensor:
    return _tensor_scatter("TensorScatterSub", tensor, indices, updates, name, bad_indices_policy)


def tensor_scatter_nd_max(
    tensor: Any, indices: Any, updates: Any, name=None, bad_indices_policy: str = ""
) -> Tensor:
    """A copy of `tensor` whose slices at the index tuples keep the larger of their value
    and `updates` (repeats compare in turn)."""
    return _tensor_scatter("TensorScatterMax", tensor, indices, updates, name, bad_indices_policy)


def tensor_scatter_nd_min(
    tensor: Any, indices: Any, updates: Any, name=None, bad_indices_policy: str = ""
) -> Tensor:
    """As `tensor_scatter_nd_max`, keeping the smaller value."""
    return _tensor_scatter("TensorScatterMin", tensor, indices, updates, name, bad_indices_policy)


tensor_scatter_update = tensor_scatter_nd_update
tensor_scatter_add = tensor_scatter_nd_add
tensor_scatter_sub = tensor_scatter_nd_sub


@register_gradient("TensorScatterUpdate")
def _tensor_scatter_update_grad(op, g):
    from .array_ops import zeros_like
    from .index_ops import gather_nd

    _, indices, updates = op.inputs
    cleared = tensor_scatter_nd_update(g, indices, zeros_like(updates))
    return [cleared, None, gather_nd(g, indices)]


@register_gradient("TensorScatterAdd")
def _tensor_scatter_add_grad(op, g):
    from .index_ops import gather_nd

    return [g, None, gather_nd(g, op.inputs[1])]


@register_gradient("TensorScatterSub")
def _tensor_scatter_sub_grad(op, g):
    from .index_ops import gather_nd

    return [g, None, -gather_nd(g, op.inputs[1])]


@register_gradient("TensorScatterMax")
@register_gradient("TensorScatterMin")
def _tensor_scatter_min_max_grad(op, g):
    """TF's: the gradient goes to whichever of `tensor` and `updates` gave the output, split
    evenly between them where they tie."""
    from .array_ops import shape
    from .index_ops import gather_nd, scatter_nd
    from .math_ops import cast, equal

    x, indices, y = op.inputs
    out = op.outputs[0]
    x_hits = cast(equal(x, out), g.dtype)
    y_hits = cast(equal(y, gather_nd(out, indices)), g.dtype)
    hits = x_hits + scatter_nd(indices, y_hits, shape(x, out_type=indices.dtype))
    return [g * x_hits / hits, None, gather_nd(g / hits, indices) * y_hits]


# -- v[...].assign(value): TF1's sliced assignment ------------------------------------------


def _slice_assign_infer(shapes, types, attrs):
    if types[1] != types[0]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"cannot assign {types[1].name} to a {types[0].name} variable"
        )
    return [(shapes[0], types[0])]


@register_op(
    "StridedSliceAssign",
    arity=(2, 1 << 30),
    infer=_slice_assign_infer,
    attrs={"index": ("index", None), "dynamic": ("ints", ())},
    stateful=True,
    side_effects=True,
    needs_state=True,
    ref_input=True,
    unknown_rank_ok=True,
)
def _strided_slice_assign(op):
    from .array_ops import _resolved

    name, index = op.inputs[0].op.name, op.attrs.get("index") or ()

    def kernel(state, var, value, *bounds):
        at = _resolved(op, bounds) if bounds else index
        new = np.array(state.current(name), copy=True)
        try:
            target = new[at]
        except IndexError as exc:
            raise error("INDEX_OUT_OF_RANGE", f"{name}[...]: {exc}") from None
        value = np.asarray(value, new.dtype)
        while value.ndim > target.ndim and value.shape[0] == 1:
            value = value[0]  # TF's kernel drops leading 1s, as numpy's setitem
        try:
            # tests/reference/tf1_slice_assign.py pins the broadcasts TF takes.
            new[at] = np.broadcast_to(value, target.shape)
        except ValueError:
            raise error(
                "COMPUTE_ERROR",
                f"Cannot broadcast input shape {list(np.shape(value))} into final shape "
                f"{list(np.shape(target))} (assigning to a slice of {name})",
            ) from None
        return state.write(name, new)

    return kernel


@register_gradient("StridedSliceAssign")
def _strided_slice_assign_grad(op, g):
    # TF registers no gradient for it (unlike Assign, which is NotDifferentiable): the
    # same LookupError.
    raise error("NO_GRADIENT", f"no gradient is defined for {op.type}", node=op.name)


def slice_assign(sliced: Tensor, value: Any, name: str | None = None) -> Tensor:
    """`var[index].assign(value)`: the variable with that slice set; the output is the
    whole variable's new value (TF1's `strided_slice_assign`)."""
    ref = sliced.op.inputs[0]
    if ref.op.type == "ReadVariableOp":
        ref = ref.op.inputs[0]
    if sliced.op.type != "StridedSlice" or ref.op.type != "VariableV2":
        raise error("INVALID_ATTR", "only a slice of a Variable can be assigned to")
    graph = ref.op.graph
    if not isinstance(value, Tensor):
        value = convert_to_tensor(value, ref.dtype, graph=graph)  # packs `[t, 1.0]`, as TF's
    # A slice's run-time bounds (`v[i:i + 2]`) are read again by the assignment.
    inputs = (ref, value, *sliced.op.inputs[1:])
    attrs = {"index": sliced.op.attrs["index"]}
    if len(sliced.op.inputs) > 1:
        attrs["dynamic"] = sliced.op.attrs["dynamic"]
    if name is not None:
        return graph.create_op("StridedSliceAssign", inputs, attrs, name).outputs[0]
    # TF names it inside the slice's own scope: `strided_slice/_assign`.
    target = graph.unique_name(sliced.op.name + "/_assign")
    op = graph.create_op("StridedSliceAssign", inputs, attrs, target, exact_name=True)
    return op.outputs[0]
