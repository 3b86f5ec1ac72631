"""Index-driven ops: unstack, gather_nd/scatter_nd, boolean_mask, sort/argsort, top_k and
in_top_k: forward, inference and gradient."""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, as_tensors, constant_op, convert_to_tensor
from ..limits import check_run_time_size
from ..plan import RunState, deadline_error
from . import topk_order
from .array_ops import shape as _shape_of
from .array_ops import stack, zeros_like
from .conv_ops import run_time_sizes
from .registry import (
    REQUIRED,
    InferenceError,
    check_dtype,
    merge_dim,
    norm_axis,
    not_differentiable,
    register_gradient,
    register_op,
)
from .shape_values import shape_tensor, static_arg, static_hint, static_int, static_ints

# -- unstack -------------------------------------------------------------------------------


def _unpack_infer(shapes, types, attrs):
    src = shapes[0]
    if not src:
        raise InferenceError("SHAPE_MISMATCH", "cannot unstack a scalar")
    axis = norm_axis(attrs.get("axis", 0), len(src))
    num = attrs["num"]
    if src[axis] is not None and src[axis] != num:
        raise InferenceError("SHAPE_MISMATCH", f"cannot unstack {src[axis]} values into {num}")
    rest = src[:axis] + src[axis + 1 :]
    return [(rest, types[0])] * num


@register_op(
    "Unpack", arity=1, infer=_unpack_infer, attrs={"num": ("int", REQUIRED), "axis": ("int", 0)}
)
def _unpack(op):
    axis, num = op.attrs.get("axis", 0), op.attrs["num"]

    def kernel(x):
        if np.shape(x)[axis] != num:
            raise error("SHAPE_MISMATCH", f"cannot unstack {np.shape(x)[axis]} values into {num}")
        parts = tuple(np.take(x, i, axis) for i in range(num))
        return parts[0] if num == 1 else parts

    return kernel


def unstack(value: Any, num: int | None = None, axis: int = 0, name: str = "unstack") -> list:
    """The slices of `value` along `axis`, as a list (`tf.unstack`)."""
    graph, (x,) = as_tensors(value)
    if x.static_shape is None:
        raise error("UNKNOWN_RANK", "unstack needs an input of known rank")
    rank = len(x.static_shape)
    if not -rank <= operator.index(axis) < rank:  # TF's ValueError, not a bare InferenceError
        raise error("INVALID_ATTR", f"axis = {axis} not in [{-rank}, {rank})")
    a = axis % rank
    if num is None:
        num = x.static_shape[a] if x.static_shape else None
        if num is None:
            raise error(
                "INVALID_ATTR", f"cannot infer num from shape {list(x.static_shape)}; pass num"
            )
    op = graph.create_op("Unpack", (x,), {"num": operator.index(num), "axis": a}, name)
    return list(op.outputs)


@register_gradient("Unpack")
def _unpack_grad(op, *grads):
    parts = [zeros_like(t) if g is None else g for t, g in zip(op.outputs, grads, strict=True)]
    return [stack(parts, op.attrs.get("axis", 0))]


# -- gather_nd / scatter_nd ----------------------------------------------------------------


def _gather_nd_infer(shapes, types, attrs):
    params, indices = shapes
    check_dtype(types[1], "int", "gather_nd's indices")
    if params is None or indices is None:
        return [(None, types[0])]
    if not indices:
        raise InferenceError("SHAPE_MISMATCH", "gather_nd's indices must have rank at least 1")
    if indices[-1] is None:  # the index depth is known when it runs: TF's unknown shape
        return [(None, types[0])]
    depth = indices[-1]
    if depth > len(params):
        raise InferenceError(
            "SHAPE_MISMATCH", f"index depth {depth} exceeds the rank {len(params)} of params"
        )
    return [(indices[:-1] + params[depth:], types[0])]


def _nd_check(indices, shape, what):
    depth = np.shape(indices)[-1]
    bounds = np.asarray(shape[:depth])
    # The count given, not -1: numpy cannot infer it beside a depth of 0.
    flat = np.reshape(indices, (int(np.prod(np.shape(indices)[:-1])), depth))
    if flat.size and (np.any(flat < 0) or np.any(flat >= bounds)):
        bad = flat[np.any((flat < 0) | (flat >= bounds), axis=1)][0]
        raise error(
            "INDEX_OUT_OF_RANGE",
            f"{what} index {bad.tolist()} is out of range for shape {list(shape)}",
        )
    return tuple(flat.T)


@register_op(
    "GatherNd",
    arity=2,
    infer=_gather_nd_infer,
    attrs={"empty_params_ok": ("bool", False)},
    unknown_rank_ok=True,
)
def _gather_nd(op):
    # TF's kernel fails a run asking for any slice of a params with no element, even one
    # in range. graphgate's own lowerings of ops TF computes otherwise (reverse_sequence,
    # a batched gather, ONNX's GatherND) take such params and answer empty slices.
    empty_ok = op.attrs.get("empty_params_ok", False)

    def kernel(params, indices):
        params = np.asarray(params)
        lead, depth = np.shape(indices)[:-1], np.shape(indices)[-1]
        if not empty_ok and params.size == 0 and np.prod(lead, dtype=np.int64) > 0:
            raise error(
                "COMPUTE_ERROR",
                "gather_nd requested more than 0 entries, but params is empty "
                f"(params shape {list(params.shape)})",
            )
        index = _nd_check(indices, params.shape, "gather_nd")
        if depth == 0:
            return np.broadcast_to(params, lead + params.shape).copy()
        return np.reshape(params[index], lead + params.shape[depth:])

    return kernel


def check_bad_indices_policy(policy: Any, op: str) -> None:
    """TF 2's `bad_indices_policy` of the gather/scatter-nd ops: "", "DEFAULT" and "ERROR"
    are what graphgate does (an out-of-range index is an error, TF's on a CPU); "IGNORE"
    (skip such indices) is not written, and anything else TF refuses when it runs."""
    if policy in ("", "DEFAULT", "ERROR"):
        return
    if policy == "IGNORE":
        raise error("UNIMPLEMENTED", f"{op}(bad_indices_policy='IGNORE') is not supported yet")
    raise error("INVALID_ATTR", f"Invalid bad_indices_policy: {policy!r}")


def gather_nd(
    params: Any,
    indices: Any,
    name: str | None = None,
    batch_dims: int = 0,
    bad_indices_policy: str = "",
) -> Tensor:
    """Slices of `params` at the index tuples in the last dimension of `indices`; the first
    `batch_dims` axes of both are batch axes, each batch indexing its own params."""
    check_bad_indices_policy(bad_indices_policy, "gather_nd")
    graph, (params,) = as_tensors(params)
    if not isinstance(indices, Tensor):
        indices = convert_to_tensor(indices, graph=graph)
    if batch_dims:
        return _batch_gather_nd(params, indices, batch_dims, name)
    return graph.create_op("GatherNd", (params, indices), None, name or "GatherNd").outputs[0]


def gather_nd_of_any_params(params: Any, indices: Any, name: str | None = None) -> Tensor:
    """`gather_nd` that answers empty slices of a params with no element where TF's
    GatherNd fails: for graphgate's lowerings of ops that take such params."""
    graph, (params,) = as_tensors(params)
    if not isinstance(indices, Tensor):
        indices = convert_to_tensor(indices, graph=graph)
    attrs = {"empty_params_ok": True}
    return graph.create_op("GatherNd", (params, indices), attrs, name or "GatherNd").outputs[0]


def _batch_gather_nd(params: Tensor, indices: Tensor, batch_dims: Any, name) -> Tensor:
    """TF's `batch_gather_nd`: the batch axes flattened into one, whose position is put in
    front of every index tuple, then one plain GatherNd."""
    from .array_ops import concat, reshape
    from .extra_array_ops import broadcast_to, range
    from .math_ops import cast
    from .reduce_ops import reduce_prod

    if isinstance(batch_dims, bool) or not isinstance(batch_dims, int | np.integer):
        raise error("INVALID_ATTR", f"gather_nd's batch_dims must be an int, got {batch_dims!r}")
    if batch_dims < 0 or indices.static_shape is None:
        raise error("INVALID_ATTR", "gather_nd's batch_dims needs >= 0, indices of known rank")
    rank = len(indices.static_shape)
    for what, t in (("indices", indices), ("params", params)):
        if t.static_shape is not None and batch_dims >= len(t.static_shape):
            raise error(
                "INVALID_ATTR",
                f"gather_nd's batch_dims {batch_dims} must be less than the rank of {what}",
            )
    with params.graph.as_default(), params.graph.name_scope(name, "BatchGatherND"):
        p_shape, i_shape = _shape_of(params), _shape_of(indices)
        size = reduce_prod(p_shape[:batch_dims], keepdims=True)
        flat_params = reshape(params, concat([size, p_shape[batch_dims:]], 0))
        flat_indices = reshape(indices, concat([size, i_shape[batch_dims:]], 0))
        ids = reshape(cast(range(size[0]), indices.dtype), [-1] + [1] * (rank - batch_dims))
        ids = broadcast_to(ids, concat([size, i_shape[batch_dims:-1], [1]], 0))
        out = gather_nd(flat_params, concat([ids, flat_indices], -1))
        return reshape(out, concat([p_shape[:batch_dims], _shape_of(out)[1:]], 0))


def _scatter_nd_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "scatter_nd's indices")
    check_dtype(types[2], "int", "scatter_nd's shape")
    hint = attrs.get("static_shape")
    _check_scatter_updates(shapes[0], shapes[1], hint)
    check_scatter_target(hint, shapes[0])
    return [(hint, types[1])]


def check_scatter_target(shape: tuple | None, indices: tuple | None) -> None:
    """TF's shape function for ScatterNd and the TensorScatter ops: indices (any, of a
    known shape) into an empty tensor is ValueError while building."""
    if shape is None or 0 not in shape or indices is None or None in indices:
        return
    if math.prod(indices) > 0:
        raise InferenceError(
            "SHAPE_MISMATCH", f"indices and updates specified for an empty tensor {list(shape)}"
        )


def _check_scatter_updates(indices: tuple | None, updates: tuple | None, shape) -> None:
    """TF's shape function: updates are indices.shape[:-1] + shape[indices.shape[-1]:]."""
    if indices is None or updates is None or shape is None or not indices:
        return
    depth = indices[-1]
    if depth is None or depth > len(shape):
        return
    want = (*indices[:-1], *shape[depth:])
    if len(want) != len(updates) or any(
        a is not None and b is not None and a != b for a, b in zip(want, updates, strict=True)
    ):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"updates of shape {list(updates)} for indices {list(indices)} into a tensor "
            f"of shape {list(shape)}: expected {list(want)}",
        )


@register_op(
    "ScatterNd",
    arity=3,
    infer=_scatter_nd_infer,
    attrs={"static_shape": ("shape", None)},
    unknown_rank_ok=True,
    needs_state=True,
)
def _scatter_nd(op):
    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, indices, updates, shape = args
        shape = run_time_sizes(op, shape)
        if state:
            check_run_time_size(state[0], op, shape)
        depth = np.shape(indices)[-1]
        index = _nd_check(indices, shape, "scatter_nd")
        dtype = np.asarray(updates).dtype
        # Strings start empty and repeated indices concatenate, as TF's ScatterNd adds.
        out = np.full(shape, b"", dtype) if dtype.kind == "O" else np.zeros(shape, dtype)
        if depth == 0:
            raise error("SHAPE_MISMATCH", "scatter_nd's indices need a last dimension ≥ 1")
        np.add.at(out, index, np.reshape(updates, (len(index[0]), *shape[depth:])))
        return out

    return kernel


def scatter_nd(
    indices: Any, updates: Any, shape: Any, name: str | None = None, bad_indices_policy: str = ""
) -> Tensor:
    """A zero tensor of `shape` with `updates` added at `indices` (duplicates summed)."""
    check_bad_indices_policy(bad_indices_policy, "scatter_nd")
    graph, (updates,) = as_tensors(updates)
    if not isinstance(indices, Tensor):
        indices = convert_to_tensor(indices, graph=graph)
    known = static_ints(shape)
    if known is not None:
        static = tuple(operator.index(d) for d in known)
        shape = constant_op(graph, np.array(static, indices.dtype))
    else:
        with graph.as_default():
            shape = shape_tensor(shape, "shape")
        static = static_hint(shape)
    attrs = {"static_shape": static}
    return graph.create_op(
        "ScatterNd", (indices, updates, shape), attrs, name or "ScatterNd"
    ).outputs[0]


@register_gradient("GatherNd")
def _gather_nd_grad(op, g):
    params, indices = op.inputs
    grad = g.op.graph.create_op(
        "ScatterNd",
        (indices, g, _shape_of(params)),
        {"static_shape": params.static_shape},
        "GatherNdGrad",
    )
    return [grad.outputs[0], None]


@register_gradient("ScatterNd")
def _scatter_nd_grad(op, g):
    return [None, gather_nd(g, op.inputs[0]), None]


# -- boolean_mask --------------------------------------------------------------------------


def _mask_infer(shapes, types, attrs):
    check_dtype(types[1], "bool", "the mask")
    x, m = shapes
    if m is None:
        raise InferenceError("UNKNOWN_RANK", "boolean_mask needs a mask of known rank")
    if not m:
        raise InferenceError("SHAPE_MISMATCH", "the mask cannot be a scalar")
    if x is None:
        return [(None, types[0])]
    axis = norm_axis(attrs.get("axis", 0), len(x))
    if axis + len(m) > len(x):
        raise InferenceError(
            "SHAPE_MISMATCH", f"a mask of shape {list(m)} does not fit a tensor of {list(x)}"
        )
    for i, d in enumerate(m):
        merge_dim(x[axis + i], d, "the mask and the tensor")
    return [((*x[:axis], None, *x[axis + len(m) :]), types[0])]


def _mask_index(x, mask, axis):
    mask = np.asarray(mask)
    if np.shape(x)[axis : axis + mask.ndim] != mask.shape:
        raise error(
            "SHAPE_MISMATCH",
            f"a mask of shape {list(mask.shape)} does not fit a tensor of {list(np.shape(x))}",
        )
    return (slice(None),) * axis + (mask,)


@register_op(
    "BooleanMask", arity=2, infer=_mask_infer, attrs={"axis": ("int", 0)}, unknown_rank_ok=True
)
def _boolean_mask(op):
    axis = op.attrs.get("axis", 0)

    def kernel(x, mask):
        x = np.asarray(x)
        return x[_mask_index(x, mask, axis % x.ndim)]

    return kernel


def _mask_grad_infer(shapes, types, attrs):
    return [(shapes[2], types[0])]


@register_op(
    "BooleanMaskGrad",
    arity=3,
    infer=_mask_grad_infer,
    attrs={"axis": ("int", 0)},
    unknown_rank_ok=True,
)
def _boolean_mask_grad(op):
    axis = op.attrs.get("axis", 0)

    def kernel(g, mask, x):
        out = np.zeros(np.shape(x), np.asarray(g).dtype)
        out[_mask_index(out, mask, axis % out.ndim)] = g
        return out

    return kernel


def boolean_mask(
    tensor: Any, mask: Any, name: str = "boolean_mask", axis: int | None = None
) -> Tensor:
    """The entries of `tensor` where `mask` is true; the mask's dimensions become one."""
    graph, (x,) = as_tensors(tensor)
    attrs = {"axis": 0 if axis is None else operator.index(axis)}
    # TF1's result is the gather at the end of its scope: `boolean_mask/GatherV2`.
    with graph.name_scope(name, "boolean_mask"):
        if not isinstance(mask, Tensor):
            mask = convert_to_tensor(mask, _dt.bool_, "mask", graph)
        mask = _nonzero(mask)
        return graph.create_op("BooleanMask", (x, mask), attrs, "GatherV2").outputs[0]


def _nonzero(mask: Tensor) -> Tensor:
    """TF's mask goes to a `Where`, which keeps a number's nonzero entries (NaN too, not
    -0.0): minigo masks by a float one_hot. A string mask is TF's TypeError."""
    if mask.dtype == _dt.bool_:
        return mask
    if mask.dtype == _dt.string:
        raise TypeError(f"a boolean_mask's mask must be bool or a number, not {mask.dtype.name}")
    from .math_ops import not_equal

    return not_equal(mask, zeros_like(mask))


@register_gradient("BooleanMask")
def _boolean_mask_gradient(op, g):
    x, mask = op.inputs
    grad = g.op.graph.create_op("BooleanMaskGrad", (g, mask, x), dict(op.attrs), "mask_grad")
    return [grad.outputs[0], None]


@register_gradient("BooleanMaskGrad")
def _boolean_mask_grad_gradient(op, g):
    _, mask, _ = op.inputs
    out = g.op.graph.create_op("BooleanMask", (g, mask), dict(op.attrs), "boolean_mask")
    return [out.outputs[0], None, None]


# -- sort, argsort, top_k ------------------------------------------------------------------


def _sort_infer(shapes, types, attrs):
    check_dtype(types[0], "real")
    src = shapes[0]
    if src is not None:
        if not src:
            raise InferenceError("SHAPE_MISMATCH", "cannot sort a scalar")
        norm_axis(attrs.get("axis", -1), len(src))
    return [(src, types[0]), (src, _dt.int32)]


def _descending_key(x):
    # ~x reverses integer order without overflowing at the minimum; -x for floats.
    return ~x if np.issubdtype(x.dtype, np.integer) else -x


def _order(x, axis, descending, whole=True, late=None):
    """Stable: equal values keep their order, as TensorFlow's top_k-based sort does. Rows
    holding NaN sorted `whole` (all of a row wanted) in TF's own order (`topk_order`)."""
    key = _descending_key(x) if descending else x
    idx = np.argsort(key, axis=axis, kind="stable")
    if whole and x.dtype.kind == "f" and x.size and np.isnan(x).any():
        # TF sorts descending: an ascending sort is a descending one of -x.
        idx = _nan_rows_as_tf(x if descending else -x, idx, axis, late)
    return idx


def _clock(state: list, op):
    """A sort's `late` from its run state (none when constant folding)."""
    if not state:
        return None

    def late() -> None:
        if state[0].late():
            raise deadline_error(op)

    return late


def _nan_rows_as_tf(key, idx, axis, late):
    """The replay is Python, O(n log n) a row and up to O(n^2) with NaN placed against it:
    `late` (None when constant folding) stops it at the run's deadline."""
    keys, idx = np.moveaxis(key, axis, -1), np.moveaxis(idx, axis, -1).copy()
    nan_rows = np.isnan(keys).any(axis=-1)
    for pos in np.ndindex(nan_rows.shape):
        if nan_rows[pos]:
            idx[pos] = topk_order.full_row(keys[pos].tolist(), late or topk_order.never)
    return np.moveaxis(idx, -1, axis)


@register_op(
    "Sort",
    arity=1,
    infer=_sort_infer,
    attrs={"axis": ("int", -1), "descending": ("bool", False)},
    unknown_rank_ok=True,
)
def _sort(op):
    axis, desc = op.attrs.get("axis", -1), op.attrs.get("descending", False)

    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, x = args
        x = np.asarray(x)
        idx = _order(x, axis, desc, late=_clock(state, op))
        return np.take_along_axis(x, idx, axis), idx.astype(np.int32)

    # The run state on the kernel, not the registration: static shapes still fold it.
    kernel.needs_state = True
    return kernel


def _direction(direction: str) -> bool:
    if direction not in ("ASCENDING", "DESCENDING"):
        raise error("INVALID_ATTR", f"direction must be ASCENDING or DESCENDING, got {direction!r}")
    return direction == "DESCENDING"


def _sort_op(values, axis, direction, name):
    graph, (x,) = as_tensors(values)
    attrs = {"axis": operator.index(axis), "descending": _direction(direction)}
    return graph.create_op("Sort", (x,), attrs, name)


def sort(
    values: Any, axis: int = -1, direction: str = "ASCENDING", name: str | None = None
) -> Tensor:
    """`values` sorted along `axis` (`tf.sort`)."""
    return _sort_op(values, axis, direction, name or "sort").outputs[0]


def argsort(
    values: Any,
    axis: int = -1,
    direction: str = "ASCENDING",
    stable: bool = False,
    name: str | None = None,
) -> Tensor:
    """int32 indices that sort `values` along `axis` (always stable here)."""
    return _sort_op(values, axis, direction, name or "argsort").outputs[1]


def _scatter_along_infer(shapes, types, attrs):
    return [(shapes[2], types[0])]


@register_op(
    "ScatterAlongAxis",
    arity=3,
    infer=_scatter_along_infer,
    attrs={"axis": ("int", -1)},
    unknown_rank_ok=True,
)
def _scatter_along_axis(op):
    """The gradient of taking `indices` along `axis`: g added back where it came from."""
    axis = op.attrs.get("axis", -1)

    def kernel(g, indices, x):
        out = np.zeros(np.shape(x), np.asarray(g).dtype)
        np.put_along_axis(out, np.asarray(indices, np.intp), g, axis)
        return out

    return kernel


def _take_along_infer(shapes, types, attrs):
    return [(shapes[1], types[0])]


@register_op(
    "TakeAlongAxis",
    arity=2,
    infer=_take_along_infer,
    attrs={"axis": ("int", -1)},
    unknown_rank_ok=True,
)
def _take_along_axis(op):
    axis = op.attrs.get("axis", -1)
    return lambda x, indices: np.take_along_axis(np.asarray(x), np.asarray(indices, np.intp), axis)


def _along(type_, inputs, axis, name):
    return inputs[0].op.graph.create_op(type_, inputs, {"axis": axis}, name).outputs[0]


@register_gradient("ScatterAlongAxis")
def _scatter_along_grad(op, g):
    return [
        _along("TakeAlongAxis", (g, op.inputs[1]), op.attrs.get("axis", -1), "gather"),
        None,
        None,
    ]


@register_gradient("TakeAlongAxis")
def _take_along_grad(op, g):
    x, idx = op.inputs
    return [_along("ScatterAlongAxis", (g, idx, x), op.attrs.get("axis", -1), "scatter"), None]


@register_gradient("Sort")
def _sort_grad(op, g, g_idx):
    if g is None:
        return [None]
    x, idx = op.inputs[0], op.outputs[1]
    return [_along("ScatterAlongAxis", (g, idx, x), op.attrs.get("axis", -1), "sort_grad")]


def _top_k_infer(shapes, types, attrs):
    check_dtype(types[0], "real")
    src, k = shapes[0], attrs.get("k", 1)
    if len(shapes) == 2:
        # TF's TopKV2(input, k): a k read at run time, its column count unknown.
        check_dtype(types[1], "int", "top_k's k")
        if shapes[1] not in ((), None):
            raise InferenceError("SHAPE_MISMATCH", "top_k's k must be a scalar")
        k = None
    elif k < 0:
        raise InferenceError("INVALID_ATTR", f"k must be non-negative, got {k}")
    if src is None:
        return [(None, types[0]), (None, _dt.int32)]
    if not src:
        raise InferenceError("SHAPE_MISMATCH", "top_k needs an input of rank ≥ 1")
    if k is not None and src[-1] is not None and src[-1] < k:
        raise InferenceError(
            "SHAPE_MISMATCH", f"input must have at least k={k} columns, got {src[-1]}"
        )
    out = (*src[:-1], k)
    return [(out, types[0]), (out, _dt.int32)]


@register_op(
    "TopKV2",
    arity=(1, 2),
    infer=_top_k_infer,
    attrs={"k": ("int", 1), "sorted": ("bool", True)},
    unknown_rank_ok=True,
)
def _top_k(op):
    static, ordered = op.attrs.get("k", 1), op.attrs.get("sorted", True)

    def kernel(*args):
        # (state?, x, k?): the run state is absent when constant folding.
        state = args[:1] if isinstance(args[0], RunState) else ()
        x, *rest = args[len(state) :]
        k = rest[0] if rest else None
        x = np.asarray(x)
        k = static if k is None else int(k)
        if k < 0 or x.shape[-1] < k:
            raise error(
                "SHAPE_MISMATCH",
                f"input must have at least k={k} columns, got {x.shape[-1]}",
                node=op.name,
            )
        heap = 1 < k < x.shape[-1] and not (ordered and not _has_nan(x))
        if heap:
            idx = _heap_top(x, k, ordered, _clock(state, op) or topk_order.never)
        else:
            idx = top_indices(x, k, _clock(state, op))
        return np.take_along_axis(x, idx, -1), idx.astype(np.int32)

    kernel.needs_state = True
    return kernel


def _has_nan(x: np.ndarray) -> bool:
    return x.dtype.kind == "f" and bool(np.isnan(x).any())


def _heap_top(x: np.ndarray, k: int, ordered: bool, late) -> np.ndarray:
    """TF's top k of each row for 1 < k < n from its heap (`topk_order.heap_top`): as the
    heap leaves them for `sorted=False`, which programs see when they index the result;
    sorted from the heap where a NaN makes the comparison no order (otherwise that is
    `top_indices`' order, found faster)."""
    rows = x.reshape(-1, x.shape[-1])
    idx = np.array([topk_order.heap_top(r.tolist(), k, ordered, late) for r in rows], np.int64)
    return idx.reshape(*x.shape[:-1], k)


# A few of many columns (a beam's k of a vocabulary's logits) are selected by partition,
# O(n), where a whole stable sort is O(n log n): 5 of 5,000 over 40 rows 13 → 3 ms. Rows
# holding NaN keep the sort, whose NaN order is TF's.
_PARTITION_MIN_COLUMNS = 64


def top_indices(x: np.ndarray, k: int, late=None) -> np.ndarray:
    """The indices of the k largest entries of each last-axis row, largest first, ties
    by lower index: the first k of the stable descending sort (`_order`), exactly.

    By partition: every key below the k-th smallest, then the lowest-indexed keys equal
    to it, ordered by a stable sort of just those k."""
    n = x.shape[-1]
    if (
        k * 4 > n
        or n < _PARTITION_MIN_COLUMNS
        or k == 0
        or (x.dtype.kind == "f" and np.isnan(x).any())
    ):
        return _order(x, -1, True, whole=k == n, late=late)[..., :k]
    key = _descending_key(x).reshape(-1, n)
    kth = np.partition(key, k - 1, axis=-1)[:, k - 1 : k]
    below, tied = key < kth, key == kth
    room = k - below.sum(axis=-1, keepdims=True)
    chosen = below | (tied & (np.cumsum(tied, axis=-1) <= room))
    idx = np.nonzero(chosen)[1].reshape(-1, k)  # ascending within each row
    order = np.argsort(np.take_along_axis(key, idx, -1), axis=-1, kind="stable")
    return np.take_along_axis(idx, order, -1).reshape(*x.shape[:-1], k)


class TopKV2(tuple):
    """(values, indices), also as `.values` and `.indices`; a namedtuple to `Session.run`,
    which fetches it as one, as TF's."""

    __slots__ = ()
    _fields = ("values", "indices")

    def __new__(cls, values, indices):
        return super().__new__(cls, (values, indices))

    @property
    def values(self) -> Tensor:
        return self[0]

    @property
    def indices(self) -> Tensor:
        return self[1]


def top_k(
    input: Any,
    k: int = 1,
    sorted: bool = True,
    name: str | None = None,
    index_type: Any = _dt.int32,
) -> TopKV2:
    """The k largest entries of the last dimension and their indices (int32, or TF 2's
    `index_type` int16/int64: a cast of the int32 indices, which TF's kernel computes in
    the type asked for); ties keep the lower index first."""
    index_type = _dt.as_dtype(index_type)
    if index_type not in (_dt.int16, _dt.int32, _dt.int64):
        raise TypeError(
            f"Value passed to parameter 'index_type' has DataType {index_type.name} not in "
            "list of allowed values: int16, int32, int64"
        )
    values, indices = _top_k(input, k, sorted, name)
    if index_type is not _dt.int32:
        from .math_ops import cast

        indices = cast(indices, index_type)
    return TopKV2(values, indices)


def _top_k(input: Any, k: Any, sorted: bool, name: str | None) -> TopKV2:
    k = static_int(k)
    graph, (x,) = as_tensors(input)
    if isinstance(k, Tensor):
        op = graph.create_op("TopKV2", (x, k), {"sorted": bool(sorted)}, name or "TopKV2")
        return TopKV2(*op.outputs)
    op = graph.create_op(
        "TopKV2", (x,), {"k": operator.index(k), "sorted": bool(sorted)}, name or "TopKV2"
    )
    return TopKV2(*op.outputs)


@register_gradient("TopKV2")
def _top_k_grad(op, g, g_idx):
    k_grad = [None] * (len(op.inputs) - 1)
    if g is None:
        return [None, *k_grad]
    grad = _along("ScatterAlongAxis", (g, op.outputs[1], op.inputs[0]), -1, "TopKV2_grad")
    return [grad, *k_grad]


# -- ApproxTopK: TF's CPU kernel is TopK's, registered for the last axis and max k only ------


def _approx_top_k_infer(shapes, types, attrs):
    if types[0] not in (_dt.float16, _dt.float32):
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"Value passed to parameter 'input' has DataType {types[0].name} not in list of "
            "allowed values: float16, bfloat16, float32",
        )
    k, recall = attrs["k"], attrs["recall_target"]
    if not 0 <= recall <= 1:
        raise InferenceError(
            "INVALID_ATTR", f"Invalid recall target: {recall}. Valid value range in : [0, 1.0]."
        )
    if not attrs["aggregate_to_topk"]:
        # TF's shape function then promises TPU's partial reduction (256 of 1,000 columns
        # for k=10), which its CPU kernel does not give (10): neither shape is sure.
        raise InferenceError(
            "UNIMPLEMENTED", "approx_max_k with aggregate_to_topk=False: graphgate runs TF's "
            "CPU kernel, whose result does not have the shape TF's graph promises"
        )  # fmt: skip
    shape = shapes[0]
    rank = -1 if shape is None else len(shape)
    dim = attrs["reduction_dimension"]
    axis = dim + rank if dim < 0 else dim
    if not 0 <= axis < max(rank, 0):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Invalid reduction dimension: {dim}. Must be within the range of "
            f"[{-rank}, {rank - 1}]",
        )
    size = shape[axis]
    if size is None or size < k:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"input must have last dimension >= k = {k} but was {-1 if size is None else size}",
        )
    out = (*shape[:axis], k, *shape[axis + 1 :])
    return [(out, types[0]), (out, _dt.int32)]


@register_op(
    "ApproxTopK",
    arity=1,
    infer=_approx_top_k_infer,
    attrs={
        "k": ("int", REQUIRED),
        "reduction_dimension": ("int", -1),
        "recall_target": ("float", 0.95),
        "is_max_k": ("bool", True),
        "reduction_input_size_override": ("int", -1),
        "aggregate_to_topk": ("bool", True),
    },
)
def _approx_top_k(op):
    """TF registers its CPU TopK kernel (sorted, exact) as ApproxTopK's for
    `reduction_dimension=-1` (that value, not its axis spelled positively) and `is_max_k`;
    any other ApproxTopK finds no kernel when the graph is run."""
    k = op.attrs["k"]
    if op.attrs["reduction_dimension"] != -1 or not op.attrs["is_max_k"]:

        def refused(*args):
            raise error(
                "COMPUTE_ERROR",
                f"No OpKernel was registered to support Op 'ApproxTopK' used by {op.name} "
                f"with reduction_dimension={op.attrs['reduction_dimension']}, "
                f"is_max_k={op.attrs['is_max_k']}: TF's CPU kernel takes -1 and true",
                node=op.name,
            )

        refused.needs_state = True
        return refused

    def kernel(*args):
        # (state?, x): the run state is absent when constant folding.
        state, x = args[:-1], np.asarray(args[-1])
        if 1 < k < x.shape[-1] and _has_nan(x):
            idx = _heap_top(x, k, True, _clock(state, op) or topk_order.never)
        else:
            idx = top_indices(x, k, _clock(state, op))
        return np.take_along_axis(x, idx, -1), idx.astype(np.int32)

    kernel.needs_state = True
    return kernel


@register_gradient("ApproxTopK")
def _approx_top_k_grad(op, g, g_idx):
    if g is None:
        return [None]
    return [_along("ScatterAlongAxis", (g, op.outputs[1], op.inputs[0]), -1, "ApproxTopK_grad")]


def _approx_k(operand, k, dim, recall, max_k, override, aggregate, name) -> tuple:
    graph, (x,) = as_tensors(operand)
    attrs = {
        "k": operator.index(k),
        "reduction_dimension": operator.index(dim),
        "recall_target": float(recall),
        "is_max_k": max_k,
        "reduction_input_size_override": operator.index(override),
        "aggregate_to_topk": bool(aggregate),
    }
    return tuple(graph.create_op("ApproxTopK", (x,), attrs, name or "ApproxTopK").outputs)


def approx_max_k(
    operand: Any, k: int, reduction_dimension: int = -1, recall_target: float = 0.95,
    reduction_input_size_override: int = -1, aggregate_to_topk: bool = True,
    name: str | None = None,
) -> tuple:  # fmt: skip
    """(values, indices) of the k largest along `reduction_dimension`
    (`tf.math.approx_max_k`): TF's CPU kernel, exact and sorted, ties by lower index, for
    the last axis spelled -1."""
    return _approx_k(
        operand, k, reduction_dimension, recall_target, True, reduction_input_size_override,
        aggregate_to_topk, name,
    )  # fmt: skip


def approx_min_k(
    operand: Any, k: int, reduction_dimension: int = -1, recall_target: float = 0.95,
    reduction_input_size_override: int = -1, aggregate_to_topk: bool = True,
    name: str | None = None,
) -> tuple:  # fmt: skip
    """`tf.math.approx_min_k`: built as TF builds it; TF's CPU has no kernel to run it."""
    return _approx_k(
        operand, k, reduction_dimension, recall_target, False, reduction_input_size_override,
        aggregate_to_topk, name,
    )  # fmt: skip


def _in_top_k_infer(shapes, types, attrs):
    if types[0] != _dt.float32:  # TF's OpDef: predictions: float (TypeError otherwise)
        raise InferenceError(
            "DTYPE_MISMATCH", f"in_top_k's predictions must be float32, got {types[0].name}"
        )
    check_dtype(types[1], "int", "targets")
    p, t = shapes[:2]
    if len(shapes) == 3:  # TF's InTopKV2(predictions, targets, k): k read at run time
        if types[2] != types[1]:
            raise InferenceError(
                "DTYPE_MISMATCH",
                f"in_top_k's k is {types[2].name} and its targets {types[1].name}: TF's "
                "InTopKV2 takes them of one dtype",
            )
        if shapes[2] not in ((), None):
            raise InferenceError("SHAPE_MISMATCH", f"k must be a scalar, got {list(shapes[2])}")
    if p is not None and len(p) != 2:
        raise InferenceError("SHAPE_MISMATCH", f"predictions must be a matrix, got {list(p)}")
    if t is not None and len(t) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"targets must be a vector, got {list(t)}")
    batch = merge_dim(None if p is None else p[0], None if t is None else t[0], "batch")
    return [((batch,), _dt.bool_)]


@register_op(
    "InTopKV2",
    arity=(2, 3),
    infer=_in_top_k_infer,
    attrs={"k": ("int", None)},
    unknown_rank_ok=True,
)
def _in_top_k(op):
    static = op.attrs.get("k")

    def kernel(predictions, targets, k=None):
        if k is None:
            k = static
        elif np.ndim(k) != 0:
            raise error("SHAPE_MISMATCH", f"k must be a scalar, got shape {list(np.shape(k))}")
        p = np.asarray(predictions)
        t = np.asarray(targets)
        if p.ndim != 2 or t.shape != (p.shape[0],):
            raise error("SHAPE_MISMATCH", "predictions [batch, classes] and targets [batch] differ")
        valid = (t >= 0) & (t < p.shape[1])
        target = np.take_along_axis(p, np.where(valid, t, 0)[:, None].astype(np.intp), 1)
        # As TensorFlow's kernel: ties at the boundary count as in the top k; a row with
        # any non-finite prediction, or a target out of range, is false.
        above = np.sum(p > target, axis=1)
        return valid & np.all(np.isfinite(p), axis=1) & (above < k)

    return kernel


not_differentiable("InTopKV2")


def in_top_k(predictions: Any, targets: Any, k: int, name: str | None = None) -> Tensor:
    """Whether each target class is among the k highest predictions of its row."""
    if not isinstance(predictions, Tensor):  # a literal is float32, the op's only type
        predictions = convert_to_tensor(predictions, _dt.float32)
    graph, (p,) = as_tensors(predictions)
    if not isinstance(targets, Tensor):
        targets = constant_op(graph, targets, _dt.int32)
    k = static_int(k)
    with graph.name_scope(name, "in_top_k"):  # TF1: `in_top_k/InTopKV2`
        if isinstance(k, Tensor):  # TF's input, read when run
            return graph.create_op("InTopKV2", (p, targets, k), {}, "InTopKV2").outputs[0]
        attrs = {"k": operator.index(static_arg(k, "in_top_k's k"))}
        return graph.create_op("InTopKV2", (p, targets), attrs, "InTopKV2").outputs[0]


# -- NthElement (tf.raw_ops; TF1's contrib.nn.nth_element) ---------------------------------


def _nth_infer(shapes, types, attrs):
    check_dtype(types[0], "real")
    if types[1] != _dt.int32 or shapes[1] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", "NthElement's n must be an int32 scalar")
    src = shapes[0]
    if src is None:
        return [(None, types[0])]
    if not src:
        raise InferenceError("SHAPE_MISMATCH", "NthElement needs an input of rank ≥ 1")
    return [(src[:-1], types[0])]


# A fed input or n of unknown rank is checked when run, as TF's kernel does.
@register_op(
    "NthElement",
    arity=2,
    infer=_nth_infer,
    attrs={"reverse": ("bool", False)},
    unknown_rank_ok=True,
)
def _nth_element(op):
    reverse = op.attrs.get("reverse", False)

    def kernel(x, n):
        x, n = np.asarray(x), np.asarray(n)
        if x.ndim == 0 or n.ndim != 0:
            raise error(
                "SHAPE_MISMATCH",
                f"NthElement needs an input of rank >= 1 (rank {x.ndim}) and a scalar n "
                f"(rank {n.ndim})",
            )
        n = int(n)
        if not 0 <= n < x.shape[-1]:
            raise error(
                "SHAPE_MISMATCH", f"Input must have at least n+1 columns: n {n}, {x.shape[-1]}"
            )
        k = x.shape[-1] - 1 - n if reverse else n
        return np.partition(x, k, axis=-1)[..., k]

    return kernel


@register_gradient("NthElement")
def _nth_element_grad(op, g):
    # TF's: the gradient shared equally among the entries equal to the answer.
    from .array_ops import expand_dims
    from .math_ops import cast, divide, equal
    from .reduce_ops import reduce_sum

    x, out = op.inputs[0], op.outputs[0]
    hits = cast(equal(expand_dims(out, -1), x), g.dtype)
    count = expand_dims(reduce_sum(hits, -1), -1)
    return [divide(hits, count) * expand_dims(g, -1), None]


def nth_element(input: Any, n: Any, reverse: bool = False, name: str | None = None) -> Tensor:
    """The n-th smallest entry of each last-axis vector (largest with `reverse`)."""
    graph, (x,) = as_tensors(input)
    if not isinstance(n, Tensor) and np.ndim(n) != 0:
        raise error("SHAPE_MISMATCH", f"NthElement's n must be a scalar, but has rank {np.ndim(n)}")
    known = static_arg(n, "NthElement's n") if not isinstance(n, Tensor) else None
    cols = None if x.static_shape is None or not x.static_shape else x.static_shape[-1]
    if known is not None and (known < 0 or (cols is not None and known >= cols)):
        raise error("SHAPE_MISMATCH", f"Input must have at least n+1 columns: n {known}, {cols}")
    n_t = n if isinstance(n, Tensor) else convert_to_tensor(np.int32(n), _dt.int32, "n", graph)
    op = graph.create_op("NthElement", (x, n_t), {"reverse": bool(reverse)}, name or "NthElement")
    return op.outputs[0]
