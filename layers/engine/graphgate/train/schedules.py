"""Learning-rate schedules driven by a `global_step` variable."""

from __future__ import annotations

from typing import Any

from .. import dtypes as _dt
from ..graph import Graph, Tensor, get_default_graph
from ..ops.array_ops import where
from ..ops.math_ops import cast, floor, pow
from ..ops.state_ops import Variable

GLOBAL_STEP = "global_step"


def get_global_step(graph: Graph | None = None) -> Variable | None:
    found = (graph or get_default_graph()).get_collection(GLOBAL_STEP)
    return found[0] if found else None


def create_global_step(graph: Graph | None = None) -> Variable:
    """An int64 scalar variable named `global_step`, not trainable."""
    graph = graph or get_default_graph()
    with graph.as_default(), graph.name_scope(""):
        step = Variable(_dt.int64.type(0), trainable=False, name="global_step")
    graph.add_to_collection(GLOBAL_STEP, step)
    return step


def get_or_create_global_step(graph: Graph | None = None) -> Variable:
    return get_global_step(graph) or create_global_step(graph)


def exponential_decay(
    learning_rate: float,
    global_step: Tensor,
    decay_steps: int,
    decay_rate: float,
    staircase: bool = False,
    dtype: Any = _dt.float32,
) -> Tensor:
    """learning_rate * decay_rate ** (global_step / decay_steps), floored if staircase."""
    p = cast(global_step, dtype) / float(decay_steps)
    if staircase:
        p = floor(p)
    return learning_rate * pow(
        cast(decay_rate, dtype)
        if isinstance(decay_rate, Tensor)
        else _const(decay_rate, dtype, global_step),
        p,
    )


def _const(value: float, dtype: Any, like: Tensor) -> Tensor:
    from ..graph import constant_op

    return constant_op(like.op.graph, value, dtype)


def piecewise_constant(
    x: Tensor, boundaries: list, values: list, dtype: Any = _dt.float32
) -> Tensor:
    """values[i] while boundaries[i-1] < x <= boundaries[i] (values has one more entry)."""
    if len(values) != len(boundaries) + 1:
        from ..errors import error

        raise error("INVALID_ATTR", "piecewise_constant needs len(values) == len(boundaries) + 1")
    out = _const(values[-1], dtype, x)
    for b, v in zip(reversed(boundaries), reversed(values[:-1]), strict=True):
        out = where(x <= _const(b, x.dtype, x), _const(v, dtype, x), out)
    return out
