"""Plan optimizations: common-subexpression merging, constant folding, dead-step pruning.

They run while a plan is compiled (plan.py), on the plan's own slots, and never change
results: folding runs the very kernel the step would have run, merging only joins steps
that would compute the same kernel on the same values, and pruning drops steps no fetch
needs. Nothing with state, with control inputs or fed is ever folded or merged: its effects
and its ordering are part of what a run does.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from .denormals import computing
from .ops.registry import num_elements

# Constants up to this many elements are merged by value.
CONST_CSE_MAX_ELEMENTS = 256
# Folding keeps results in the plan; bigger ones are computed per run instead.
FOLD_MAX_ELEMENTS = 1 << 16


def _hashable(value: Any) -> Hashable:
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, _content(value))
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
    return (value.dtype.str, value.shape, _content(value))


def _content(value: np.ndarray) -> bytes | tuple:
    # An object array's bytes are pointers: strings are keyed by what they hold.
    return tuple(value.reshape(-1).tolist()) if value.dtype.kind == "O" else value.tobytes()


def fold(kernel: Any, args: list[Any], n_outputs: int) -> list[Any] | None:
    """Run a pure kernel on constant inputs now; None if it fails (the run will report it)."""
    try:
        with computing():
            out = kernel(*args)
    except Exception:
        return None
    outs = list(out) if n_outputs != 1 else [out]
    for i, v in enumerate(outs):
        if isinstance(v, np.ndarray) and v.flags.writeable:
            v.flags.writeable = False
        outs[i] = v
    return outs


def mergeable(op: Any, fed_ops: set) -> bool:
    """Whether folding and merging may touch `op`: no state, no control inputs, not fed
    (`Merger.reuse` spells the same test inline: it runs once per node)."""
    return not op.definition.stateful and not op.control_inputs and op not in fed_ops


class Merger:
    """The folding and merging decisions of one plan, step by step (all off unless
    `enabled`). `alias` maps a merged op to the op whose step computes its outputs."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        # What holds a key's value: the step computing it, or the slots of constants and
        # folded values (which the template holds).
        self.cse: dict[Hashable, Any] = {}
        self.consts: set[int] = set()
        self.alias: dict[Any, Any] = {}
        # Whether some step was merged away or folded: only then can a step be dead.
        self.changed = False

    def constant_slot(self, op: Any, b: Any) -> bool:
        """Bind a Const's output to a template slot (shared by equal small constants);
        False for a Const that must run as a step (fed, or with control inputs)."""
        if op.type != "Const" or op in b.fed_ops or op.control_inputs:
            return False
        value = op.attrs["value"]
        key = const_key(value) if self.enabled else None
        if key is not None and key in self.cse:
            b.slot_of[op.outputs[0]] = self.cse[key][0]
            return True
        slot = b.new_slot(value)
        self.consts.add(slot)
        b.slot_of[op.outputs[0]] = slot
        if key is not None:
            self.cse[key] = (slot,)
        return True

    def reuse(self, op: Any, ins: tuple[int, ...], b: Any) -> Hashable | bool | None:
        """True when `op`'s outputs were bound to slots already there (merged with an
        earlier step, or folded into constants); otherwise the key to remember its step
        under, or None when it may not be merged."""
        if not self.enabled or op.definition.stateful or op.control_inputs or op in b.fed_ops:
            return None
        attrs = op.attrs
        key = (op.type, ins, attrs_key(attrs)) if attrs else (op.type, ins)
        prior = self.cse.get(key)
        if prior is not None:
            slots, rep = (prior, op) if type(prior) is tuple else (prior.outs, prior.op)
            for t, s in zip(op.outputs, slots, strict=True):
                b.slot_of[t] = s
            self.alias[op] = rep
            self.changed = True
            return True
        if self.consts.issuperset(ins) and self._fold(op, ins, key, b):
            self.changed = True
            return True
        return key

    def _fold(self, op: Any, ins: tuple[int, ...], key: Hashable, b: Any) -> bool:
        sizes = [num_elements(t.static_shape) for t in op.outputs]
        if None in sizes or sum(sizes) > FOLD_MAX_ELEMENTS:
            return False
        # A string's size is not its element count: string kernels check their bytes
        # against the run's limits when they run, never unchecked while compiling.
        if any(t.dtype.kind == "O" for t in op.outputs):
            return False
        values = fold(op.definition.kernel(op), [b.tpl[s] for s in ins], len(op.outputs))
        if values is None:
            return False
        slots = []
        for t, v in zip(op.outputs, values, strict=True):
            slot = b.new_slot(v)
            b.slot_of[t] = slot
            slots.append(slot)
            self.consts.add(slot)
        self.cse[key] = tuple(slots)
        return True

    def remember(self, key: Hashable | None, step: Any) -> None:
        """Record that `step` (an op's step, with `op` and output slots `outs`) computes
        the value of `key`."""
        if key is not None:
            self.cse[key] = step


def prune(steps: list, live: set[int], required: set, alias: dict) -> list:
    """Keep the steps that produce a live slot or whose op is required (targets, control
    inputs of kept steps, seen through `alias` when merged), walking backwards so liveness
    flows to their inputs."""
    kept = []
    for step in reversed(steps):
        op, outs = step.op, step.outs
        if (outs and outs[0] in live) or op in required or any(s in live for s in outs[1:]):
            kept.append(step)
            live.update(step.ins)
            if op.control_inputs:
                required.update(alias.get(c, c) for c in op.control_inputs)
    kept.reverse()
    return kept
