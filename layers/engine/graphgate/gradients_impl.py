"""Symbolic differentiation: `gradients` adds the backward pass to the graph as ordinary
nodes (as `tf.gradients` does), so gradients can be fetched, serialized and run remotely."""

from __future__ import annotations

from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import Operation, Tensor
from .ops.array_ops import ones_like
from .ops.math_ops import add_n
from .ops.registry import REGISTRY


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, list | tuple) else [x]


def gradients(
    ys: Any,
    xs: Any,
    grad_ys: Any = None,
    name: str = "gradients",
    stop_gradients: Any = None,
    *,
    within: Any = None,
) -> list[Tensor | None]:
    """Gradients of `sum(ys)` with respect to each of `xs`, as new graph nodes.

    Parameters
    ----------
    ys, xs:
        A tensor or a list of tensors of one graph.
    grad_ys:
        Upstream gradients for `ys` (ones by default).
    stop_gradients:
        Tensors treated as constants.
    within:
        A control-flow body: only its own ops are differentiated (xs are then its
        arguments and captures); used by the gradients of cond and while_loop.

    Returns
    -------
    One tensor per x, with x's shape and dtype, or None when x does not affect ys (or only
    through integer, boolean or `stop_gradient` paths). Fan-out is summed, broadcasting is
    reduced back to each input's shape.

    Raises
    ------
    GraphgateError
        NO_GRADIENT if an op on the path has no gradient function.
    """
    ys, xs = _as_list(ys), _as_list(xs)
    if not ys or not xs:  # TF1: nothing to differentiate, or nothing to differentiate by
        return [None] * len(xs)
    graph = ys[0].op.graph
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    stops = {t for t in _as_list(stop_gradients)} if stop_gradients is not None else set()

    # Tensors that depend on some x, walking forward in creation (topological) order.
    reached: set[Tensor] = set(xs)
    first = min(x.op.index for x in xs)
    last = max(y.op.index for y in ys)
    for op in graph.op_list[first : last + 1]:
        if any(t in reached for t in op.inputs):
            reached.update(op.outputs)
    # The operations between xs and ys.
    between: set[Operation] = set()
    stack = [y.op for y in ys if y in reached]
    while stack:
        op = stack.pop()
        if op in between or (within is not None and graph.body_of(op) is not within):
            continue
        between.add(op)
        for t in op.inputs:
            if t in reached and t not in stops and t.op not in between:
                stack.append(t.op)

    pending: dict[Tensor, list[Tensor]] = {}
    with graph.as_default(), graph.name_scope(name), graph.control_dependencies(None):
        for i, (y, gy) in enumerate(zip(ys, grad_ys, strict=True)):
            if y.dtype not in _dt.FLOATS:
                continue
            seed = ones_like(y, name=f"grad_ys_{i}") if gy is None else gy
            pending.setdefault(y, []).append(seed)

        def total(t: Tensor) -> Tensor | None:
            parts = pending.get(t)
            if not parts:
                return None
            if len(parts) > 1:
                parts[:] = [add_n(parts)]
            return parts[0]

        xset = set(xs)
        for op in sorted(between, key=lambda o: o.index, reverse=True):
            out_grads = [total(t) for t in op.outputs]
            if all(g is None for g in out_grads):
                continue
            if all(t in xset for t in op.outputs) and not any(t in reached for t in op.inputs):
                continue
            d = REGISTRY[op.type]
            if not d.differentiable:
                continue
            if d.grad is None:
                raise error(
                    "NO_GRADIENT",
                    f"no gradient is defined for {op.type}",
                    node=op.name,
                    details={"op": op.type},
                )
            # Each op's gradient nodes live under `gradients/<op>_grad/`, as TensorFlow's.
            with graph.name_scope(op.name + "_grad"):
                in_grads = d.grad(op, *out_grads)
            for t, g in zip(op.inputs, in_grads, strict=True):
                if g is None or t not in reached or t in stops or t.dtype not in _dt.FLOATS:
                    continue
                pending.setdefault(t, []).append(g)
        return [total(x) if x.dtype in _dt.FLOATS else None for x in xs]
