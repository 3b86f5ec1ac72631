"""Plan optimizations: common-subexpression keys, constant folding, dead-step pruning.

They run while a plan is compiled, on the plan's own slots, and never change results:
folding runs the very kernel the step would have run, merging only joins steps that would
compute the same kernel on the same values, and pruning drops steps no fetch needs.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

# Constants up to this many elements are merged by value.
CONST_CSE_MAX_ELEMENTS = 256


def _hashable(value: Any) -> Hashable:
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, slice):
        return ("slice", value.start, value.stop, value.step)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, float) and value != value:
        return ("nan",)
    return value


def attrs_key(attrs: dict) -> Hashable:
    """A hashable key equal for attribute dicts that make the same kernel."""
    if not attrs:
        return ()
    return tuple(sorted((k, _hashable(v)) for k, v in attrs.items()))


def const_key(value: np.ndarray) -> Hashable | None:
    """A key for merging small constants by dtype, shape and bytes (NaN payloads too)."""
    if value.size > CONST_CSE_MAX_ELEMENTS:
        return None
    return (value.dtype.str, value.shape, value.tobytes())


def fold(kernel: Any, args: list[Any], n_outputs: int) -> list[Any] | None:
    """Run a pure kernel on constant inputs now; None if it fails (the run will report it)."""
    try:
        with np.errstate(all="ignore"):
            out = kernel(*args)
    except Exception:
        return None
    outs = list(out) if n_outputs != 1 else [out]
    for i, v in enumerate(outs):
        if isinstance(v, np.ndarray) and v.flags.writeable:
            v.flags.writeable = False
        outs[i] = v
    return outs


def prune(steps: list, live: set[int], required: set, alias: dict) -> list:
    """Keep the steps that produce a live slot or whose op is required (targets, control
    inputs of kept steps, seen through `alias` when merged), walking backwards so liveness
    flows to their inputs."""
    kept = []
    for step in reversed(steps):
        op, outs = step.op, step.outs
        if op in required or (outs and (outs[0] in live or any(s in live for s in outs))):
            kept.append(step)
            live.update(step.ins)
            if op.control_inputs:
                required.update(alias.get(c, c) for c in op.control_inputs)
    kept.reverse()
    return kept
