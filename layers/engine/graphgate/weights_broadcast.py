"""TF1's rule for spreading weights over values (`weights_broadcast_ops`), which the losses
and the metrics share: the weights are a scalar, or have the values' rank with each
dimension 1 or the values' own. Stricter than numpy's broadcasting (weights of shape [3]
never spread over values of shape [2, 3]). What the static shapes settle is a ValueError
when the graph is built; the rest an assertion that fails the run (InvalidArgumentError).
"""

from __future__ import annotations

from typing import Any

from .errors import error
from .graph import Tensor, get_default_graph
from .ops.array_ops import ones_like, reshape, shape, slice
from .ops.extra_array_ops import rank
from .ops.math_ops import equal, logical_and, logical_or, minimum, multiply
from .ops.reduce_ops import reduce_all

MESSAGE = "weights can not be broadcast to values."


def _static_verdict(ws: tuple | None, vs: tuple | None) -> bool | None:
    """True or False where the static shapes decide, None where only the run can."""
    if ws == ():
        return True
    if ws is None or vs is None:
        return None
    if len(ws) != len(vs):
        return False
    if None in ws or None in vs:  # TF checks the dimensions statically only when all known
        return None
    return all(w in (1, v) for w, v in zip(ws, vs, strict=True))


def _run_time_check(weights: Tensor, values: Tensor) -> Tensor:
    """A scalar bool: weights of rank 0, or of the values' rank with each dimension 1 or
    equal (compared over the shorter shape, so that shapes of two ranks never meet)."""
    w_shape, v_shape = shape(weights), shape(values)
    n = minimum(rank(weights), rank(values))
    w = slice(w_shape, [0], reshape(n, [1]))
    v = slice(v_shape, [0], reshape(n, [1]))
    dims = reduce_all(logical_or(equal(w, 1), equal(w, v)))
    same_rank = logical_and(equal(rank(weights), rank(values)), dims)
    return logical_or(equal(rank(weights), 0), same_rank)


def assert_broadcastable(weights: Tensor, values: Tensor) -> Any:
    """None where the static shapes show `weights` spread over `values`; ValueError where
    they show they cannot; otherwise the Assert op that checks it when run."""
    from .ops.debug_ops import Assert

    verdict = _static_verdict(weights.static_shape, values.static_shape)
    if verdict is True:
        return None
    if verdict is False:
        raise error(
            "SHAPE_MISMATCH",
            f"weights of shape {weights.shape} cannot be broadcast to values of shape "
            f"{values.shape}: give them the values' rank, each dimension 1 or the values'",
            details={"weights": str(weights.shape), "values": str(values.shape)},
        )
    return Assert(_run_time_check(weights, values), [MESSAGE], name="assert_broadcastable")


def broadcast_weights(weights: Tensor, values: Tensor) -> Tensor:
    """`weights` spread to `values`' shape, after TF1's check (`broadcast_weights`)."""
    check = assert_broadcastable(weights, values)
    if check is None:
        return multiply(weights, ones_like(values))
    with get_default_graph().control_dependencies([check]):
        return multiply(weights, ones_like(values))
