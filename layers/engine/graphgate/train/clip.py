"""Gradient clipping by global norm, as `tf.clip_by_global_norm`."""

from __future__ import annotations

from typing import Any

from .. import dtypes as _dt
from ..graph import Tensor, constant_op, get_default_graph
from ..ops.math_ops import cast, minimum, sqrt
from ..ops.reduce_ops import reduce_sum


def global_norm(t_list: list[Tensor | None], name: str | None = None) -> Tensor:
    """sqrt(sum of squares of every element of every tensor), None entries skipped: TF's
    nodes (`<scope>/global_norm` = sqrt(sum(stack(l2_loss(t))) * 2))."""
    from ..indexed_slices import IndexedSlices
    from ..ops.array_ops import indexed_slices, stack
    from ..ops.nn_ops import l2_loss

    tensors = [t for t in t_list if t is not None]
    # Of no tensor (every gradient None) TF's norm is 0.0: the sum of an empty float32 stack.
    graph = tensors[0].op.graph if tensors else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "global_norm"):
        # A gradient TF holds as IndexedSlices counts its slices' values: a row looked up
        # twice (a repeated word's embedding) counts twice, as in TF.
        values = [
            t.values if isinstance(t, IndexedSlices) else (indexed_slices(t) or (t,))[0]
            for t in tensors
        ]
        losses = [l2_loss(t) for t in values]
        half = reduce_sum(stack(losses) if losses else constant_op(graph, [], _dt.float32))
        return sqrt(half * constant_op(graph, 2.0, half.dtype, name="Const"), name="global_norm")


def clip_by_global_norm(
    t_list: list[Tensor | None],
    clip_norm: Any,
    use_norm: Tensor | None = None,
    name: str | None = None,
) -> tuple[list[Tensor | None], Tensor]:
    """Scale all tensors by clip_norm / max(global_norm, clip_norm); returns the clipped
    list and the global norm."""
    graph = next((t.op.graph for t in t_list if t is not None), None) or get_default_graph()
    # TF computes the norm before opening its scope (`global_norm/global_norm`) and names
    # each clipped tensor `<scope>_<i>` inside the scope: `clip_by_global_norm/
    # clip_by_global_norm/_0`, names a checkpoint or a fetch by name may depend on.
    norm = global_norm(t_list, name) if use_norm is None else use_norm
    with graph.name_scope(name, "clip_by_global_norm") as scope:
        clip = (
            cast(clip_norm, norm.dtype)
            if isinstance(clip_norm, Tensor)
            else constant_op(norm.op.graph, clip_norm, norm.dtype)
        )
        # TF's `+ (norm - norm)`: a norm of inf or NaN makes every clipped tensor NaN, so a
        # diverged step shows as NaN rather than as a silent zero update.
        scale = clip * minimum(1.0 / norm, 1.0 / clip) + (norm - norm)
        clipped = [
            None if t is None else _scaled(t, scale, f"{scope}_{i}") for i, t in enumerate(t_list)
        ]
        return clipped, norm


def _scaled(t: Tensor, scale: Tensor, name: str) -> Tensor:
    """`t * scale` named `name`; a gradient TF holds as IndexedSlices stays one (its
    values scaled), so an optimizer still updates only its rows, as TF's sparse kernels."""
    from ..indexed_slices import IndexedSlices, map_values
    from ..ops.array_ops import from_indexed_slices, identity, indexed_slices

    def scaled(v: Tensor) -> Tensor:
        return identity(v * cast(scale, v.dtype), name=name)

    if isinstance(t, IndexedSlices):
        return map_values(scaled, t)
    slices = indexed_slices(t)
    if slices is None:
        return scaled(t)
    values, indices, params = slices
    return from_indexed_slices(scaled(values), indices, params)
