"""cos(πx) and sin(πx), the one transcendental the cosine learning-rate schedules need,
each the other's gradient. graphgate's math ops have no `cos` of their own (yet); these
private op types keep the schedules from registering TF's `Cos`/`Sin`, which belong with
the math family."""

from __future__ import annotations

import numpy as np

from ..graph import Tensor
from .registry import register_gradient, register_op, unary

register_op("CosPi", arity=1, infer=unary("float"), unknown_rank_ok=True)(
    lambda op: lambda x: np.cos(np.asarray(x).dtype.type(np.pi) * x)
)
register_op("SinPi", arity=1, infer=unary("float"), unknown_rank_ok=True)(
    lambda op: lambda x: np.sin(np.asarray(x).dtype.type(np.pi) * x)
)


def cos_pi(x: Tensor, name: str = "Cos") -> Tensor:
    """cos(πx), π rounded to x's dtype as TF's `cos(constant(math.pi) * x)`."""
    return x.op.graph.create_op("CosPi", (x,), None, name).outputs[0]


def sin_pi(x: Tensor, name: str = "Sin") -> Tensor:
    return x.op.graph.create_op("SinPi", (x,), None, name).outputs[0]


@register_gradient("CosPi")
def _cos_pi_grad(op, g):
    x = op.inputs[0]
    return [g * sin_pi(x) * x.dtype.type(-np.pi)]


@register_gradient("SinPi")
def _sin_pi_grad(op, g):
    x = op.inputs[0]
    return [g * cos_pi(x) * x.dtype.type(np.pi)]
