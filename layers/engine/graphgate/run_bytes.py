"""The bytes one run holds at once, from shapes: the budget `Limits.max_run_bytes`.

`max_tensor_elements` bounds each tensor, not a run: six tensors each within it can pass
a Lambda's memory together. So a plan walks its steps in run order, once per set of fed
shapes (the shapes it infers anyway), adding each value's bytes when its step makes it
and taking them away when it dies, and keeps the peak and the step at it; a run whose
peak passes the budget is refused before any step runs (`RUN_TOO_LARGE`). A plan whose
shapes are all static and whose values all fit the budget together is not walked
(`plan.static_peak`): the sum, which `check_limits` reads anyway, bounds the peak.

A value dies after its last reader when the plan releases it there (`plan.plan_frees`
releases values of `FREE_MIN_ELEMENTS` or more, the first run releases all); a small
value, a fetched one and one nothing reads live to the run's end. Fed values live from
the start (their caller holds them). Not counted: constants (the graph holds them, bounded
by `max_constant_bytes`) and a kernel's working memory (bounded per kernel by
`check_working_bytes`). A value sized by a value (its shape unknown until it runs) is
checked against what the run holds as it is made and charged while it lives
(`plan._guard_size`, `limits.check_run_time_size`): held by a weak reference, its charge
ends when the run drops the array, at the plan's release point, whichever executor runs
the plan, at no cost to runs that make no such value (`charge`, `held`). A string
output's text, which shapes do not tell, is charged so too (`charging_strings`). The walk
takes each value to hold its own bytes: under a budget, a slice that would be a view
into a larger array, keeping all of it alive past its release, is a copy (`owning`).

A `while_loop`'s or `cond`'s body is walked as its own plan (once per set of its inputs'
shapes), and its peak is checked beside what the calling run is charged (the run's own
peak: conservative) and charged while the body runs (`Plan.call`); what a loop keeps of
each iteration for its gradient is charged as it grows, while it lives (the stacks live
on as the loop's outputs, which the run's walk cannot size; `control_flow_ops._charge_kept`).
A body's values sized at run time are charged as a run's are, while they live: a
TensorArray's buffer, which lives on as a loop variable and the loop's output, is seen by
the values after it, and an array charged again (written in place, or kept for the
gradient) counts once (charges are keyed by the array).

What the run holds is read in one place, `held` (`RunState.held`): `state.live`, the part
from shapes, is written as the run goes and saved and restored around a body
(`Plan.call`) and a run inside another (`Session.run_within`, which shares the charged
values), but every check reads `held`, so none misses a value sized by a value."""

from __future__ import annotations

import weakref
from math import prod
from typing import Any

import numpy as np

from .limits import STRING_ELEMENT_BYTES, element_bytes, tensor_bytes


def value_bytes(shape: tuple, dtype: Any) -> int:
    """The bytes a value of a static `shape` and `dtype` is charged."""
    return prod(shape) * element_bytes(dtype)


def peak_bytes(walk: list[tuple[Any, Any, Any]], nbytes: dict, released: list) -> tuple[int, Any]:
    """The most bytes alive at once over `walk`, (op, keys read, keys written) in run
    order, and the op at that peak. `nbytes` holds the bytes of each key a step writes
    (any other key counts nothing: constants, feeds, sizes known only as the run goes);
    `released` keys die after their last reader, the others live to the run's end."""
    # Walking backwards, the first step to read a key is its last reader (plan_frees).
    pending = set(released)
    dies: dict[int, list] = {}
    for i in range(len(walk) - 1, -1, -1):
        if not pending:
            break
        for k in walk[i][1]:
            if k in pending:
                pending.discard(k)
                dies.setdefault(i, []).append(k)
    live = peak = 0
    at = None
    get = nbytes.get
    for i, (op, _, outs) in enumerate(walk):
        for k in outs:
            live += get(k, 0)
        if live > peak or at is None:
            peak, at = live, op
        dead = dies.get(i)
        if dead:
            for k in dead:
                live -= nbytes[k]
    return peak, at


class _Sizes:
    """The bytes of the values a walk's steps write, and which of them the plan releases
    after their last reader (at least `free_min` elements, not fetched)."""

    def __init__(self, kept: set, free_min: int):
        self.kept, self.free_min = kept, free_min
        self.nbytes: dict = {}
        self.released: list = []
        self.itemsize: dict = {}  # per DType: one lookup per value, not three

    def add(self, key: Any, shape: tuple | None, dtype: Any) -> None:
        if shape is None or None in shape:
            return  # sized as the run goes: charged then, not here
        size = self.itemsize.get(dtype)
        if size is None:
            size = self.itemsize[dtype] = element_bytes(dtype)
        n = prod(shape)
        if n:
            self.nbytes[key] = n * size
            if n >= self.free_min and key not in self.kept:
                self.released.append(key)


def ops_peak(order: list, fed: dict, elems: list, free_min: int) -> tuple[int, Any]:
    """`peak_bytes` over a plan's needed ops in creation order (the run order of a plan
    whose shapes are all static), feeds aside."""
    sizes = _Sizes(set(elems), free_min)
    add = sizes.add
    walk = []
    for op in order:
        outs = op.outputs
        if fed:
            outs = [t for t in outs if t not in fed]
        if op.type == "Const" and outs:
            continue
        for t in outs:
            add(t, t.static_shape, t.dtype)
        walk.append((op, op.inputs[1:] if op.definition.ref_input else op.inputs, outs))
    return peak_bytes(walk, sizes.nbytes, sizes.released)


def steps_peak(
    steps: list, shapes: dict, fetched: set, ignored: set, free_min: int
) -> tuple[int, Any]:
    """`peak_bytes` over built steps, with the slots' shapes inferred for one set of fed
    shapes, feeds aside; `ignored` slots (the run state, the trash) hold nothing."""
    sizes = _Sizes(fetched | ignored, free_min)
    add = sizes.add
    walk = []
    for step in steps:
        op, outs = step.op, step.outs
        # A control-flow step's exports follow its outputs; their shapes are unknown.
        for slot, t in zip(outs, op.outputs, strict=False):
            if slot not in ignored:
                add(slot, shapes.get(slot), t.dtype)
        walk.append((op, step.ins, outs))
    return peak_bytes(walk, sizes.nbytes, sizes.released)


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


# Kernels whose outputs may be views into a part of their input (numpy's basic slicing,
# `np.split`): a view the walk sizes by its own shape keeps its input's whole buffer alive
# after the walk has released the input (six rows of six 4 MB fills held 23 MB under a
# 10 MB budget). Under a budget they answer with copies, as TF's kernels allocate theirs.
VIEWING_KERNELS = frozenset(("StridedSlice", "Slice", "Split", "SplitV"))


def owning(fn: Any) -> Any:
    """`fn`, a kernel of `VIEWING_KERNELS`, each output that views a larger buffer copied:
    the bytes a value holds are then the bytes of its shape, which the walk counts."""

    def kernel(*args):
        out = fn(*args)
        if type(out) is tuple:
            return tuple(map(_owned, out))
        return _owned(out)

    return kernel


def _owned(value: Any) -> Any:
    base = getattr(value, "base", None)
    if isinstance(base, np.ndarray) and value.nbytes < base.nbytes:
        return value.copy()
    return value


def charging_strings(fn: Any, op: Any, indices: list[int], takes_state: bool) -> Any:
    """`fn`, a kernel whose outputs at `indices` are strings, taking the run state first
    and charging each new string output's text while it lives. The walk counts a string
    element `STRING_ELEMENT_BYTES` (its pointer and header); its text, up to
    `max_tensor_elements` bytes a tensor, only the run can count: six 4 MB joins of a
    fed word held 46 MB under a 10 MB budget. Checked once made (a kernel checks the
    text against `max_tensor_elements` before it makes it)."""
    from .limits import check_value_bytes

    def kernel(state: Any, *args: Any) -> Any:
        out = fn(state, *args) if takes_state else fn(*args)
        if getattr(state, "max_bytes", None) is None:
            return out
        parts = out if len(op.outputs) > 1 else (out,)
        for i in indices:
            value = parts[i]
            if any(value is a or _shares(value, a) for a in args):
                continue  # an input passed through or viewed (a reshape): charged as that
            nbytes = tensor_bytes(value)
            if nbytes:
                check_value_bytes(state, op, nbytes)
                if not charges_of(state).add(value, nbytes):
                    state.live += nbytes
        return out

    return kernel


def _shares(value: Any, other: Any) -> bool:
    return type(other) is np.ndarray and np.may_share_memory(value, other)


class Charges:
    """The values sized by a value a run holds, by id (weak reference, bytes), and their
    bytes summed: added as each is charged and taken off by its weak reference's callback
    as it dies, so reading what the run holds costs nothing per value (summing them at
    each check made a loop keeping n values for its gradient take n² steps: 8,000
    iterations under a budget took 25 s, 0.1 s without one)."""

    __slots__ = ("__weakref__", "bytes", "entries")

    def __init__(self):
        self.bytes = 0
        self.entries: dict[int, tuple] = {}

    def add(self, value: Any, nbytes: int) -> bool:
        """Charge `value` while it lives; False (nothing charged) if it takes no weak
        reference. Keyed by the array: one charged again (written in place, or kept for
        a gradient) replaces its own entry, so it counts once."""
        key = id(value)
        me = weakref.ref(self)  # the callback holds no strong reference: no cycle

        def died(ref: Any) -> None:
            charges = me()
            if charges is not None and charges.entries.get(key, (None,))[0] is ref:
                del charges.entries[key]
                charges.bytes -= nbytes

        try:
            ref = weakref.ref(value, died)
        except TypeError:
            return False
        old = self.entries.get(key)
        if old is not None:  # the same array (a dead one's entry is gone with it)
            self.bytes -= old[1]
        self.entries[key] = (ref, nbytes)
        self.bytes += nbytes
        return True

    def holds(self, value: Any) -> bool:
        entry = self.entries.get(id(value))
        return entry is not None and entry[0]() is value


def charges_of(state: Any) -> Charges:
    """The run `state`'s `Charges`, made when first needed: most runs charge nothing,
    and making one for each run cost a fed scalar run 4 % (0.12 of 3.2 µs)."""
    charged = state.charged
    if charged is None:
        charged = state.charged = Charges()
    return charged


def charge(state: Any, value: Any) -> None:
    """Charge the run `state` with `value`, a value sized by a value just made, while it
    lives: an array by a weak reference, dropped from the charge once the run releases
    the array; what takes none (a numpy scalar, a list) to the run's end."""
    for part in value if isinstance(value, tuple) else (value,):
        nbytes = held_bytes(part)
        if nbytes and not charges_of(state).add(part, nbytes):
            state.live += nbytes


def uncharged_bytes(state: Any, values: list) -> int:
    """The bytes of `values` that `charge` has not charged already (a loop's kept value
    sized by a value is charged once, not twice: a loop ran under 61 MB, not 32)."""
    charged = state.charged
    return sum(held_bytes(v) for v in values if charged is None or not charged.holds(v))


def held(state: Any) -> int:
    """The bytes the run `state` holds now: its values' peak from shapes and the feeds
    (`state.live`), and the charged values still alive."""
    charged = state.charged
    return state.live if charged is None else state.live + charged.bytes
