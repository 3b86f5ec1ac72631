"""The bytes one run holds at once, from shapes: the budget `Limits.max_run_bytes`.

`max_tensor_elements` bounds each tensor, not a run: six tensors each within it can pass
a Lambda's memory together. So a plan walks its steps in run order, once per set of fed
shapes (the shapes it infers anyway), adding each value's bytes when its step makes it
and taking them away when it dies, and keeps the peak and the step at it; a run whose
peak passes the budget is refused before any step runs (`RUN_TOO_LARGE`).

A value dies after its last reader when the plan releases it there (`plan.plan_frees`
releases values of `FREE_MIN_ELEMENTS` or more, the first run releases all); a small
value, a fetched one and one nothing reads live to the run's end. Fed values live from
the start (their caller holds them). Not counted: constants (the graph holds them, bounded
by `max_constant_bytes`), a kernel's working memory (bounded per kernel by
`check_working_bytes`), and the values inside a `while_loop`'s or `cond`'s bodies (each
bounded by `max_tensor_elements`; the op's outputs count). A value sized by a value (its
shape unknown until it runs) is checked against what the run holds as it is made and
charged from then on, never released: conservative (`plan._guard_size`,
`limits.check_run_time_size`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .limits import STRING_ELEMENT_BYTES, element_bytes, tensor_bytes
from .ops.registry import num_elements


def value_size(shape: tuple | None, dtype: Any) -> tuple[int | None, int]:
    """(elements, bytes) of a value of `shape` and `dtype`; an unknown size is (None, 0):
    it is charged when the run makes it."""
    n = num_elements(shape)
    return n, 0 if n is None else n * element_bytes(dtype)


def peak_bytes(
    walk: Iterable[tuple[Any, tuple, tuple]], sizes: dict, kept: set, free_min: int
) -> tuple[int, Any]:
    """The most bytes alive at once over `walk`, (op, keys read, keys written) in run
    order, and the op at that peak. `sizes` gives (elements, bytes) of each key a step
    writes (other keys, constants and feeds, count nothing here); `kept` are fetched."""
    walk = list(walk)
    last: dict[Any, int] = {}
    for i, (_, ins, _) in enumerate(walk):
        for k in ins:
            last[k] = i
    dies: dict[int, list] = {}
    for k, i in last.items():
        if k in sizes and k not in kept:
            n = sizes[k][0]
            if n is None or n >= free_min:
                dies.setdefault(i, []).append(k)
    live = peak = 0
    at = None
    for i, (op, _, outs) in enumerate(walk):
        for k in outs:
            live += sizes.get(k, (0, 0))[1]
        if at is None or live > peak:
            peak, at = live, op
        for k in dies.get(i, ()):
            live -= sizes[k][1]
    return peak, at


def ops_peak(order: list, fed: dict, elems: list, free_min: int) -> tuple[int, Any]:
    """`peak_bytes` over a plan's needed ops in creation order (the run order of a plan
    whose shapes are all static), feeds aside."""
    sizes: dict = {}
    walk = []
    for op in order:
        if op.type == "Const" and op.outputs[0] not in fed:
            continue
        outs = tuple(t for t in op.outputs if t not in fed)
        for t in outs:
            sizes[t] = value_size(t.static_shape, t.dtype)
        walk.append((op, op.inputs[1:] if op.definition.ref_input else op.inputs, outs))
    kept = {x for x in elems if x in sizes}
    return peak_bytes(walk, sizes, kept, free_min)


def steps_peak(
    steps: list, shapes: dict, fetched: set, ignored: set, free_min: int
) -> tuple[int, Any]:
    """`peak_bytes` over built steps, with the slots' shapes inferred for one set of fed
    shapes, feeds aside; `ignored` slots (the run state, the trash) hold nothing."""
    sizes: dict = {}
    walk = []
    for step in steps:
        # A control-flow step's exports follow its outputs; their shapes are unknown.
        for slot, t in zip(step.outs, step.op.outputs, strict=False):
            if slot not in ignored:
                sizes[slot] = value_size(shapes.get(slot), t.dtype)
        walk.append((step.op, step.ins, step.outs))
    return peak_bytes(walk, sizes, fetched, free_min)


def held_bytes(value: Any) -> int:
    """The bytes a value the run holds is charged: an array's, a string tensor's text and
    its elements' estimate; a kernel's several outputs together."""
    if isinstance(value, list | tuple):
        return sum(held_bytes(v) for v in value)
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        return 0
    if dtype.kind == "O":
        return value.size * STRING_ELEMENT_BYTES + tensor_bytes(value)
    return int(value.nbytes)
