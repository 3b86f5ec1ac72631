"""Elementwise fusion: a chain of elementwise steps becomes one step (a plan pass).

A chain is a run of steps whose kernels are elementwise numpy functions of one dtype, each
reading the previous one's value, which nothing else reads (not another step, not a fetch).
The fused step calls the same functions on the same operands in the same order, so its
result is the same bit for bit (except which NaN comes out when two meet: numpy's own SIMD
and scalar loops do not agree on that either); what it saves is what a chain costs besides
arithmetic:

- **whole**: the first op allocates the result, or writes into an operand that dies there
  (a matmul's fresh output, say), and every later op writes into it (`out=`), instead of
  one fresh array per op: in-place bias adds and activations;
- **blocked**: on big tensors the chain runs block by block over a flat view, so a block
  stays in cache through all the ops and memory is read and written once;
- **scalar**: on one-element tensors it runs on numpy scalars, where arithmetic operators
  and unary ufuncs cost a fraction of an array ufunc call. Rank-0 values, which chains
  leave alone, get the same operators one step at a time (`spell_scalars`).

The result is a fresh array no other value shares, so writing into it never touches a
feed, a constant, a variable or a value a caller holds. An operand is written into only
when its producer's kernel returns fresh arrays and nothing reads its value again (no
step, no fetch; ops that read only its shape may). Every kernel first compares its
operands' shapes and dtypes with the static ones it relies on (`set_shape` may claim a
shape a value does not have) and runs the ops one by one when they differ. Kernels are
generated Python, compiled once per shape of chain (op types and operand positions) and
cached.

The same liveness facts drive two more rewrites of single steps, before and after the
chains are formed: `stub_unread` gives an op whose outputs only shape readers read a
kernel that skips computing them (a train step's unfetched loss), and `donate` gives an op
with an in-place kernel the argument it may write into (an SGD update into its gradient).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt
from .ops.registry import num_elements

# Op types fused, with the kernel their steps must have (checked per step, so a kernel
# that changes stops being fused rather than silently computing something else) and their
# spelling on numpy scalars, where an operator is cheaper than a call (None: the kernel).
# Kernels that are not ufuncs add how they write into `r` with `register`.
FUSIBLE: dict[str, tuple[Callable, str | None]] = {
    "Add": (np.add, "{0} + {1}"),
    "Sub": (np.subtract, "{0} - {1}"),
    "Mul": (np.multiply, "{0} * {1}"),
    "RealDiv": (np.true_divide, "{0} / {1}"),
    "Maximum": (np.maximum, "({0} if {0} > {1} or {0} != {0} else {1})"),
    "Minimum": (np.minimum, "({0} if {0} < {1} or {0} != {0} else {1})"),
    "Neg": (np.negative, "-{0}"),
    "Abs": (np.absolute, "abs({0})"),
    "Square": (np.square, "{0} * {0}"),
    "Sqrt": (np.sqrt, None),
    "Exp": (np.exp, None),
    "Log": (np.log, None),
    "Log1p": (np.log1p, None),
    "Reciprocal": (np.reciprocal, None),
    "Tanh": (np.tanh, None),
    "Floor": (np.floor, None),
    "Sign": (np.sign, None),
    # TF1's other elementwise math (ops/special_math_ops.py): ufunc kernels, so bit-exact.
    "Sin": (np.sin, None),
    "Cos": (np.cos, None),
    "Tan": (np.tan, None),
    "Asin": (np.arcsin, None),
    "Acos": (np.arccos, None),
    "Atan": (np.arctan, None),
    "Sinh": (np.sinh, None),
    "Cosh": (np.cosh, None),
    "Asinh": (np.arcsinh, None),
    "Acosh": (np.arccosh, None),
    "Atanh": (np.arctanh, None),
    "Atan2": (np.arctan2, None),
    "Ceil": (np.ceil, None),
    "Rint": (np.rint, None),
    "Round": (np.rint, None),
    "Expm1": (np.expm1, None),
}
# A spelling is used only once it agrees with its ufunc on every pair of these, in this
# process: which of two equal zeros `maximum` returns is the platform numpy's choice.
_SPECIALS = (0.0, -0.0, 1.0, -1.0, 3.0, 1e-30, np.inf, -np.inf, np.nan, -np.nan)
# Blocks of this many elements stay in cache across a chain's ufuncs (measured on the
# 20-op, 1M-float chain: 32K-128K elements all do about as well).
BLOCK_ELEMENTS = 1 << 16
# Scalar arithmetic matches the array ufuncs bit for bit for these dtypes.
_SCALAR_DTYPES = frozenset((_dt.float32, _dt.float64))
_OUT_FORMS: dict[str, str] = {}
# Ops whose kernels return a fresh array for outputs of rank ≥ 1 (besides the fused ones).
FRESH = frozenset(("MatMul", "ReluGrad", "BiasAdd"))
# Ops whose output is their first operand itself or a fresh array: fresh when that operand
# is and nothing else reads it.
PASS_THROUGH = frozenset(("UnbroadcastLike",))
# Ops with a kernel that writes its result into one of its arguments, used when the plan
# knows that argument is fresh and read by nobody else: op type -> (argument position,
# factory(op) -> kernel). The kernel checks shapes and dtypes and falls back to the plain
# computation when the argument cannot hold the result. Filled with `register_in_place`.
IN_PLACE: dict[str, tuple[int, Callable]] = {}
# Ops that can skip computing outputs nobody reads beyond their shape (a loss whose mean
# only its gradient's shape ops read): op type -> factory(op, needed) -> kernel or None,
# `needed[i]` telling whether output i's value is read. The kernel returns every output
# with the shape (and dtype) the full kernel gives; unread ones hold zeros. Filled with
# `register_shape_stub`.
SHAPE_STUBS: dict[str, Callable] = {}
# Inputs whose kernels read only the shape (and dtype): writing into such a value in place
# leaves what they compute unchanged, so they do not keep a chain from writing into it.
SHAPE_ONLY = frozenset(
    (
        ("UnbroadcastLike", 1),
        ("BroadcastLike", 1),
        ("ZerosLike", 0),
        ("OnesLike", 0),
        ("Size", 0),
        ("Shape", 0),
    )
)
# Writing into one array instead of allocating per op saves 3-6% of a chain's time at any
# size, and a kernel costs ~1 ms to compile: whole-array chains are fused from this size
# (or when they write into a dying operand, which also spares the first allocation).
WHOLE_MIN_ELEMENTS = 1 << 15
# A fused step does at most about this many element-ops (~20-50 ms), or this many ops when
# its size is known only when fed, so that the deadline is still read that often.
MAX_CHAIN_WORK = 1 << 24
MAX_CHAIN_UNSIZED = 8
# Kernels compiled per plan at most (a large generated graph has many shapes of chain);
# past it, a chain of a new shape stays as it is.
NEW_KERNELS_PER_PLAN = 32
_CACHE_MAX = 512
_FACTORIES: dict[tuple, Callable] = {}


# The float16 kernels of op types whose half results TF rounds otherwise than numpy's
# float16 loops (ops/math_ops.py `by_dtype`): a float16 chain calls these, any other the
# ufunc of FUSIBLE.
HALF_KERNELS: dict[str, Callable] = {}


def register_half(op_type: str, kernel: Callable) -> None:
    """Let float16 `op_type` steps whose kernel is `kernel` (which takes `out=`) be fused."""
    HALF_KERNELS[op_type] = kernel


def register(op_type: str, kernel: Callable, out_form: str) -> None:
    """Let `op_type` steps whose kernel is `kernel` (elementwise, fresh results) be fused;
    `out_form` computes it from operands {0}, {1}... into `r`, as `np.maximum({0}, 0,
    out=r)` does for Relu."""
    FUSIBLE[op_type] = (kernel, None)
    _OUT_FORMS[op_type] = out_form


def register_in_place(op_type: str, position: int, factory: Callable) -> None:
    """Let `op_type` steps write into argument `position` (of the kernel's call, the run
    state included) when the plan donates it; see IN_PLACE."""
    IN_PLACE[op_type] = (position, factory)


def register_shape_stub(op_type: str, factory: Callable) -> None:
    """Let `op_type` steps compute only the outputs whose values are read; see SHAPE_STUBS."""
    SHAPE_STUBS[op_type] = factory


# numpy broadcasts a short operand along leading axes with one inner loop per row: a
# (128,) bias added to a 256x128 activation takes 5.7 µs where a same-shape add takes
# 3.1 µs, a 6-channel bias over a 64x24x24x6 convolution 171 µs instead of 20 µs. Such a
# "periodic" operand (a trailing block of the other's shape) is repeated into a tile as
# big as the other operand, up to TILE_ELEMENTS, and the op runs block by block against
# it over flat views: the same operations on the same values. Only exactly rounded ops
# take this path, so the result is the same bits whichever loop numpy picks for it. Each
# block costs ~1 µs of calls (8,192-element blocks made the 256x128 add slower than
# numpy's broadcast), hence tiles of a whole activation where they fit.
# The path costs ~1.5 µs of checks and calls, which fewer rows than PERIODIC_MIN_ROWS do
# not earn back (a 10-wide bias over 256 rows lost 0.9 µs, a 128-wide one gained 1.1).
TILE_ELEMENTS = 1 << 16
PERIODIC_MAX_ELEMENTS = 1 << 10
PERIODIC_MIN_ROWS = 1 << 10
PERIODIC_OPS = frozenset(("Add", "Sub", "Mul", "RealDiv", "Maximum", "Minimum"))


def tile_cache() -> list:
    """A cache for `periodic`: one slot holding (operand bytes, dtype, tile). Replaced
    whole, never edited, so threads sharing it at most build a tile twice; bounded by
    one tile."""
    return [None]


def _tile(b: np.ndarray, n: int, cache: list | None) -> np.ndarray:
    """`b` flattened and repeated into a read-only tile of a whole number of periods, at
    most `n` elements (what it is applied to) or about TILE_ELEMENTS. Keyed by `b`'s
    bytes, not its identity: a caller's array may change in place."""
    p = b.size
    size = max(1, min(TILE_ELEMENTS, n) // p) * p
    key = b.tobytes()
    entry = None if cache is None else cache[0]
    if entry is not None and entry[0] == key and entry[1] == b.dtype and entry[2].size == size:
        return entry[2]
    t = np.empty(size, b.dtype)
    t[:p] = b.reshape(-1)
    filled = p
    while filled < t.size:  # doubling: a few memcpys, not a broadcast per period
        m = min(filled, t.size - filled)
        t[filled : filled + m] = t[:m]
        filled += m
    t.flags.writeable = False
    if cache is not None:
        cache[0] = (key, b.dtype, t)
    return t


def _is_period(x: Any, b: Any) -> bool:
    """Whether `b` repeats along the flat C order of `x`: `x`'s trailing dimensions are
    `b`'s shape without its leading ones, both C-contiguous of one dtype."""
    if type(x) is not np.ndarray or type(b) is not np.ndarray or x.dtype != b.dtype:
        return False
    if b.ndim > x.ndim:  # leading ones of `b` beyond `x`'s rank add axes to the result
        return False
    shape = b.shape
    while shape and shape[0] == 1:
        shape = shape[1:]
    p = b.size
    return (
        1 < p <= PERIODIC_MAX_ELEMENTS
        and x.size >= p * PERIODIC_MIN_ROWS
        and len(shape) <= x.ndim
        and x.shape[x.ndim - len(shape) :] == shape
        and x.flags.c_contiguous
        and b.flags.c_contiguous
    )


def periodic(
    fn: Callable, x: Any, b: Any, out: Any = None, b_first: bool = False, cache: list | None = None
) -> Any:
    """`fn(x, b, out=out)` (`fn(b, x, out=out)` when `b_first`) for an elementwise,
    exactly rounded `fn`, fast when `b` is periodic along `x` (see TILE_ELEMENTS); `out`
    may be `x` itself. Anything else is the plain call."""
    if not _is_period(x, b) or (
        out is not None and (out.shape != x.shape or not out.flags.c_contiguous)
    ):
        return fn(b, x, out=out) if b_first else fn(x, b, out=out)
    if out is None:
        out = np.empty(x.shape, x.dtype)
    t = _tile(b, x.size, cache)
    fx, fo, n, k = x.reshape(-1), out.reshape(-1), x.size, t.size
    for i in range(0, n, k):
        j = min(i + k, n)
        part = t if j - i == k else t[: j - i]
        if b_first:
            fn(part, fx[i:j], out=fo[i:j])
        else:
            fn(fx[i:j], part, out=fo[i:j])
    return out


_ZERO: dict[np.dtype, np.ndarray] = {}


def zeros_shaped(shape: tuple, dtype: np.dtype) -> np.ndarray:
    """A read-only value of `shape` for readers of its shape only (no memory if big)."""
    zero = _ZERO.get(dtype)
    if zero is None:
        zero = _ZERO[dtype] = np.zeros((), dtype)
        zero.flags.writeable = False
    if not shape:
        return zero
    if num_elements(shape) <= BLOCK_ELEMENTS:
        z = np.zeros(shape, dtype)
        z.flags.writeable = False
        return z
    return np.broadcast_to(zero, shape)


class _Chain:
    """Steps being fused: the external operand slots and, per op, its operands as either
    "r" (the chain's value) or an index into the external operands. `donor` is the
    operand the first op may write into, if any."""

    __slots__ = (
        "arg_shapes",
        "args",
        "donor",
        "index",
        "last_index",
        "layout",
        "out",
        "shape",
        "steps",
        "types",
    )

    def __init__(self, step: Any, donor: int | None):
        self.steps: list[Any] = []
        self.args: list[int] = []
        self.index: dict[int, int] = {}
        self.arg_shapes: list[tuple | None] = []
        self.layout: list[tuple] = []
        self.types: list[str] = []
        self.shape = step.op.outputs[0].static_shape
        self.last_index = -1
        self.extend(step, None)
        self.donor = None if donor is None else self.index[step.ins[donor]]

    def extend(self, step: Any, chain_slot: int | None) -> None:
        refs: list[int | str] = []
        for s, t in zip(step.ins, step.op.inputs, strict=True):
            if s == chain_slot:
                refs.append("r")
            elif s in self.index:  # a constant merged by value is passed once
                refs.append(self.index[s])
            else:
                refs.append(len(self.args))
                self.index[s] = len(self.args)
                self.args.append(s)
                self.arg_shapes.append(t.static_shape)
        self.steps.append(step)
        self.layout.append(tuple(refs))
        self.types.append(step.op.type)
        self.out = step.outs[0]


def fusible(step: Any) -> bool:
    """Whether `step` may be part of a chain: a fused op type with that very kernel, no
    ordering constraints, one output of the inputs' dtype, of known rank ≥ 1 and of a size
    some kernel takes (one element, many, or unknown until fed)."""
    op = step.op
    entry = FUSIBLE.get(op.type)
    if entry is None or op.control_inputs or len(step.outs) != 1:
        return False
    if step.fn is not entry[0] and step.fn is not HALF_KERNELS.get(op.type):
        return False
    out = op.outputs[0]
    if not out.static_shape:  # unknown rank, or a scalar (ufuncs return numpy scalars there)
        return False
    n = num_elements(out.static_shape)
    if n is not None and 1 < n < min(WHOLE_MIN_ELEMENTS, 2 * BLOCK_ELEMENTS):
        return False
    return all(t.dtype is out.dtype or t.dtype == out.dtype for t in op.inputs)


def fits(side: tuple | None, chain: tuple) -> bool:
    """Whether an operand of static shape `side` broadcasts into `chain` without ever
    growing it: each of its dimensions is 1 or known and equal to the chain's."""
    if side is None or len(side) > len(chain):
        return False
    off = len(chain) - len(side)
    return all(d == 1 or (d is not None and d == chain[off + i]) for i, d in enumerate(side))


def _fitting(step: Any, slot: int) -> bool:
    """Whether every operand of `step` besides `slot` fits its output's shape."""
    shape = step.op.outputs[0].static_shape
    return all(
        fits(t.static_shape, shape)
        for s, t in zip(step.ins, step.op.inputs, strict=True)
        if s != slot
    )


def _extends(step: Any, chains: dict[int, _Chain], uses: dict[int, int]) -> tuple | None:
    """The chain `step` continues and the slot it reads it through, or None."""
    shape = step.op.outputs[0].static_shape
    for s in step.ins:
        chain = chains.get(s)
        if chain is not None and uses.get(s) == 1 and chain.shape == shape and _fitting(step, s):
            return (chain, s) if len(chain.steps) < _longest(shape) else None
    return None


def _longest(shape: tuple) -> int:
    """How many ops a chain over `shape` may hold: the run's deadline is read between
    steps, so one fused step may not do much more work than one heavy op. A shape with no
    element (an empty batch) costs nothing per op: it counts as one element."""
    n = num_elements(shape)
    return MAX_CHAIN_UNSIZED if n is None else max(2, MAX_CHAIN_WORK // max(n, 1))


def _donor(step: Any, fresh: set[int], reads: dict[int, int]) -> int | None:
    """The operand `step` may write its result into: a fresh value of its output's shape
    whose value nothing else reads."""
    shape = step.op.outputs[0].static_shape
    for k, (s, t) in enumerate(zip(step.ins, step.op.inputs, strict=True)):
        if s in fresh and reads.get(s) == 1 and t.static_shape == shape and _fitting(step, s):
            return k
    return None


def _count(steps: list, keep: set[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Per slot: how many inputs read it, and how many of those read more than its shape
    (a kept slot counts as read twice in both)."""
    uses: dict[int, int] = {}
    reads: dict[int, int] = {}
    for step in steps:
        op_type = step.op.type
        for k, s in enumerate(step.ins):
            uses[s] = uses.get(s, 0) + 1
            if (op_type, k) not in SHAPE_ONLY:
                reads[s] = reads.get(s, 0) + 1
    for s in keep:
        uses[s] = uses.get(s, 0) + 2
        reads[s] = reads.get(s, 0) + 2
    return uses, reads


def _chains(steps: list, keep: set[int]) -> dict[int, _Chain]:
    """Every chain, by the index of its last step."""
    uses, reads = _count(steps, keep)
    ordering = {c for step in steps for c in step.op.control_inputs}
    fresh = {st.outs[0] for st in steps if st.op.type in FRESH and len(st.outs) == 1}
    chains: dict[int, _Chain] = {}  # by the slot holding the chain's current value
    ended: dict[int, _Chain] = {}
    for i, step in enumerate(steps):
        if step.op in ordering or not fusible(step):
            continue
        fresh.add(step.outs[0])
        found = _extends(step, chains, uses)
        if found is None:
            chain = _Chain(step, _donor(step, fresh, reads))
        else:
            chain, slot = found
            del chains[slot], ended[chain.last_index]
            chain.extend(step, slot)
        chain.last_index = i
        chains[chain.out] = chain
        ended[i] = chain
    return ended


def fuse(steps: list, keep: set[int], make_step: Callable) -> list:
    """The steps with every chain that gains from it replaced by one step, made by
    `make_step(last_op, kernel, ins, outs)` and placed where the chain ended. Slots in
    `keep` (fetched values, the discard slot) are never a chain's inner value."""
    steps = stub_unread(steps, keep, make_step)
    ended = _chains(steps, keep)
    budget = [NEW_KERNELS_PER_PLAN]
    kernels = {i: kernel(c, budget) for i, c in ended.items()}
    kernels = {i: fn for i, fn in kernels.items() if fn is not None}
    if not kernels:
        return spell_scalars(donate(steps, keep, make_step, set()), make_step)
    members = {id(s) for i in kernels for s in ended[i].steps}
    out = []
    for i, step in enumerate(steps):
        if i in kernels:
            out.append(make_step(step.op, kernels[i], tuple(ended[i].args), step.outs))
        elif id(step) not in members:
            out.append(step)
    return spell_scalars(
        donate(out, keep, make_step, {steps[i].outs[0] for i in kernels}), make_step
    )


def stub_unread(steps: list, keep: set[int], make_step: Callable) -> list:
    """The steps with each SHAPE_STUBS op some of whose outputs only shape readers read
    (no fetch: `keep`) given the kernel that skips them. Walks backwards, so a stubbed
    step, which reads its inputs' shapes only, lets its producers be stubbed in turn.
    The same list when no step changes."""
    if not any(step.op.type in SHAPE_STUBS for step in steps):
        return steps
    _, reads = _count(steps, keep)
    out = list(steps)
    for i in range(len(steps) - 1, -1, -1):
        step = steps[i]
        factory = SHAPE_STUBS.get(step.op.type)
        if factory is None:
            continue
        needed = tuple(reads.get(s, 0) > 0 for s in step.outs)
        fn = None if all(needed) else factory(step.op, needed)
        if fn is None:
            continue
        out[i] = make_step(step.op, fn, step.ins, step.outs)
        if not any(needed):
            for s in step.ins:
                reads[s] -= 1
    return out if any(a is not b for a, b in zip(out, steps, strict=True)) else steps


def donate(steps: list, keep: set[int], make_step: Callable, fused: set[int]) -> list:
    """The steps with each IN_PLACE op whose argument is a fresh value nothing else reads
    (no other step, no fetch: `keep`) given the kernel that writes into it; `fused` are
    the outputs of fused steps (fresh). The same list when no step changes."""
    if not any(step.op.type in IN_PLACE for step in steps):
        return steps
    _, reads = _count(steps, keep)
    fresh = set(fused)
    out = []
    for step in steps:
        op, ins = step.op, step.ins
        entry = IN_PLACE.get(op.type)
        if entry is not None and len(ins) > entry[0]:
            s = ins[entry[0]]
            if s in fresh and reads.get(s) == 1:
                step = make_step(op, entry[1](op), ins, step.outs)
        if len(step.outs) == 1 and (
            op.type in FRESH
            or (op.type in PASS_THROUGH and ins[0] in fresh and reads.get(ins[0]) == 1)
        ):
            fresh.add(step.outs[0])
        out.append(step)
    return out if any(a is not b for a, b in zip(out, steps, strict=True)) else steps


# Rank-0 steps of these ops, left alone by chains, run as their operands' own operators.
# A ufunc given two numpy scalars costs 0.38 µs (it makes arrays of them), their operator
# 0.04 with the same bits (`_agrees`); given a 0-d array, the operator calls the ufunc.
SCALAR_OPERATORS = {
    "Add": operator.add,
    "Sub": operator.sub,
    "Mul": operator.mul,
    "RealDiv": operator.truediv,
}


def spell_scalars(steps: list, make_step: Callable) -> list:
    """The steps with each rank-0 float32/float64 step of SCALAR_OPERATORS given its
    operator as kernel; the same list when no step changes. The result is the numpy scalar
    the ufunc returns, so what reads it, and whether it may be written into, is as before."""
    out = []
    for step in steps:
        op = step.op
        spelled = SCALAR_OPERATORS.get(op.type)
        if spelled is not None and step.fn is FUSIBLE[op.type][0] and _scalar_step(op):
            step = make_step(op, spelled, step.ins, step.outs)
        out.append(step)
    return out if any(a is not b for a, b in zip(out, steps, strict=True)) else steps


def _scalar_step(op: Any) -> bool:
    out = op.outputs[0]
    return (
        out.static_shape == ()
        and out.dtype in _SCALAR_DTYPES
        and all(t.dtype is out.dtype or t.dtype == out.dtype for t in op.inputs)
        and _agrees(op.type)
    )


# -- kernels -----------------------------------------------------------------------------------


def kernel(chain: _Chain, budget: list[int]) -> Callable | None:
    """The fused kernel of `chain` (f(*values of chain.args) -> the chain's last value),
    or None when fusing would not gain anything or its operands do not allow it."""
    shape, sizes = chain.shape, [num_elements(s) for s in chain.arg_shapes]
    dtype = chain.steps[-1].op.outputs[0].dtype
    n = num_elements(shape)
    several = len(chain.steps) > 1
    if several and n == 1 and dtype in _SCALAR_DTYPES and None not in sizes:
        make = _factory("scalar", chain, tuple(len(s) for s in chain.arg_shapes), budget)
        return make and make(shape, dtype, SHAPES=tuple(chain.arg_shapes))
    if several and n is not None and n >= 2 * BLOCK_ELEMENTS and None not in sizes:
        # Blocks are slices of flat views: every operand is whole-size or one element.
        kinds = tuple("full" if s == shape else "one" for s in chain.arg_shapes)
        if all(k == "full" or m == 1 for k, m in zip(kinds, sizes, strict=True)):
            make = _factory("blocked", chain, kinds, budget)
            return make and make(shape, dtype, n, BLOCK_ELEMENTS, tuple(chain.arg_shapes))
    if chain.donor is not None or (several and n is not None and n >= WHOLE_MIN_ELEMENTS):
        known = tuple(i for i, d in enumerate(shape) if d is not None)
        exact = tuple(k for k, s in enumerate(chain.arg_shapes) if s is not None and None not in s)
        rows = tuple(k for k in exact if _periodic_shape(chain.arg_shapes[k], shape))
        kinds = (chain.donor, len(shape), known, exact, rows)
        make = _factory("whole", chain, kinds, budget)
        return make and make(shape, dtype, SHAPES=tuple(chain.arg_shapes))
    return None


def _periodic_shape(side: tuple, shape: tuple) -> bool:
    """Whether an operand of static shape `side` may be periodic along a chain of static
    shape `shape` (`periodic` checks the values themselves)."""
    while side and side[0] == 1:
        side = side[1:]
    n, total = num_elements(side), num_elements(shape)
    return (
        n is not None
        and 1 < n <= PERIODIC_MAX_ELEMENTS
        and (total is None or total >= n * PERIODIC_MIN_ROWS)
        and len(side) < len(shape)
        and tuple(shape[len(shape) - len(side) :]) == side
    )


def _factory(mode: str, chain: _Chain, kinds: tuple, budget: list[int]) -> Callable | None:
    half = chain.steps[-1].op.outputs[0].dtype is _dt.float16
    key = (mode, tuple(chain.types), tuple(chain.layout), kinds, half)
    make = _FACTORIES.get(key)
    if make is None:
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        if len(_FACTORIES) >= _CACHE_MAX:
            _FACTORIES.clear()
        make = _FACTORIES[key] = _compile(mode, chain.types, chain.layout, kinds, half)
    return make


def _compile(
    mode: str, types: list[str], layout: list[tuple], kinds: tuple, half: bool = False
) -> Callable:
    n_args = _n_args(layout)
    params = _params(layout)
    body = _BODIES[mode](types, layout, kinds)
    head = ["def make(SHAPE=None, DTYPE=None, N=None, B=None, SHAPES=None):"]
    if mode != "spelled":
        # Kernels index, slice and write in place by the static shapes and dtype, which
        # a value may not have (`set_shape` claims a shape nothing checks at run time; a
        # kernel may widen a dtype): operands that differ take the ops one by one, as
        # the plain plan would. Builtin dtypes are singletons, so `is` is exact enough:
        # a false alarm only costs the fused speed.
        head += ["    DT = np.dtype(DTYPE)", *(f"    S{k} = SHAPES[{k}]" for k in range(n_args))]
        # One tile cache per periodic operand of each chain (each plan's own kernel).
        for k in kinds[4] if mode == "whole" else ():
            head += [f"    C{k} = tile_cache()", f"    N{k} = ROWS * num_elements(S{k})"]
        head += [f"    def plain({params}):"]
        head += [f"        {line}" for line in _plain(types, layout)]
        exact = kinds[3] if mode == "whole" else range(n_args)
        checks = [f"a{k}.dtype is not DT" for k in range(n_args)]
        checks += [f"a{k}.shape != S{k}" for k in exact]
        body = [f"if {' or '.join(checks)}:", f"    return plain({params})", *body]
    lines = [*head, f"    def fused({params}):", *(f"        {line}" for line in body)]
    src = "\n".join([*lines, "    return fused", ""])
    kernels = {t: (half and HALF_KERNELS.get(t)) or FUSIBLE[t][0] for t in set(types)}
    ns: dict[str, Any] = {"np": np, **kernels}
    ns.update(PERIODIC=periodic, tile_cache=tile_cache, ROWS=PERIODIC_MIN_ROWS)
    ns["num_elements"] = num_elements
    exec(compile(src, f"<graphgate fused {mode} {'-'.join(types)}>", "exec"), ns)
    return ns["make"]


def _n_args(layout: list[tuple]) -> int:
    return 1 + max((r for refs in layout for r in refs if r != "r"), default=-1)


def _params(layout: list[tuple]) -> str:
    return ", ".join(f"a{k}" for k in range(_n_args(layout)))


def _into_r(op_type: str, args: list[str]) -> str:
    """`op_type` computed from `args` into `r`."""
    form = _OUT_FORMS.get(op_type)
    if form is not None:
        return form.format(*args)
    return f"{op_type}({', '.join(args)}, out=r)"


def _plain(types: list[str], layout: list[tuple]) -> list[str]:
    """The chain's ops one by one, each result fresh: what the unfused steps compute."""
    lines = []
    for t, refs in zip(types, layout, strict=True):
        lines.append(f"r = {t}({', '.join('r' if r == 'r' else f'a{r}' for r in refs)})")
    return [*lines, "return r"]


def _whole(types: list[str], layout: list[tuple], kinds: tuple) -> list[str]:
    # Writing into `r` is what the plain ops compute when `r` has the chain's known
    # dimensions and every operand of a fully known shape has it (those are all the
    # operands besides the first op's, and all the donor's co-operands: `_compile`
    # checks them).
    donor, rank, known, _, rows = kinds
    first = [f"a{r}" for r in layout[0]]
    checks = [f"len(r.shape) != {rank}", *(f"r.shape[{i}] != SHAPE[{i}]" for i in known)]
    guard = [f"if {' or '.join(checks)}:", f"    return plain({_params(layout)})"]
    if donor is None:
        lines = [f"r = {types[0]}({', '.join(first)})", *guard]
    else:
        lines = [f"r = a{donor}", *guard, *_periodic_into_r(types[0], layout[0], rows, donor)]
    for t, refs in zip(types[1:], layout[1:], strict=True):
        lines += _periodic_into_r(t, refs, rows, "r")
    return [*lines, "return r"]


def _periodic_into_r(op_type: str, refs: tuple, rows: tuple, whole: Any) -> list[str]:
    """`op_type` of operands `refs` into `r`, through `periodic` when it combines the
    value `r` holds (`whole`: "r" or the donor operand) with an operand in `rows` and
    `r` has enough rows (N{k}, set by `_compile`; tested here, as a call costs more)."""
    plain = _into_r(op_type, ["r" if r == "r" else f"a{r}" for r in refs])
    if op_type in PERIODIC_OPS and len(refs) == 2 and whole in refs:
        side = refs[1 - refs.index(whole)]
        if side != whole and side in rows:
            b_first = refs[0] == side
            call = f"PERIODIC({op_type}, r, a{side}, r, {b_first}, C{side})"
            return [f"if r.size >= N{side}:", f"    {call}", "else:", f"    {plain}"]
    return [plain]


def _blocked(types: list[str], layout: list[tuple], kinds: tuple) -> list[str]:
    lines = ["out = np.empty(SHAPE, DTYPE)", "o = out.reshape(-1)"]
    lines += [f"f{k} = a{k}.reshape(-1)" for k in range(len(kinds))]
    lines += ["for i in range(0, N, B):", "    j = i + B", "    r = o[i:j]"]

    def operand(r):
        if r == "r":
            return "r"
        return f"f{r}[i:j]" if kinds[r] == "full" else f"f{r}"

    for t, refs in zip(types, layout, strict=True):
        lines.append("    " + _into_r(t, [operand(r) for r in refs]))
    return [*lines, "return out"]


def _scalar(types: list[str], layout: list[tuple], kinds: tuple, checked: bool = True) -> list[str]:
    # kinds: each operand's rank; index it down to a numpy scalar of its dtype.
    lines = [f"s{k} = a{k}[{', '.join(['0'] * rank) or '()'}]" for k, rank in enumerate(kinds)]
    for t, refs in zip(types, layout, strict=True):
        names = ["v" if r == "r" else f"s{r}" for r in refs]
        spelling = FUSIBLE[t][1]
        if spelling is not None and (not checked or _agrees(t)):
            lines.append(f"v = {spelling.format(*names)}")
        else:
            lines.append(f"v = {t}({', '.join(names)})")
    return [*lines, "return np.asarray(v, DTYPE).reshape(SHAPE)"]


_BODIES = {
    "whole": _whole,
    "blocked": _blocked,
    "scalar": _scalar,
    "spelled": lambda types, layout, kinds: _scalar(types, layout, kinds, checked=False),
}


_AGREES: dict[str, bool] = {}


def _agrees(op_type: str) -> bool:
    """Whether `op_type`'s scalar spelling gives the bits its ufunc gives on one-element
    arrays (any NaN for a NaN), for every pair of special values in both scalar dtypes."""
    found = _AGREES.get(op_type)
    if found is None:
        ufunc = FUSIBLE[op_type][0]
        layout = [tuple(range(ufunc.nin))]
        make = _compile("spelled", [op_type], layout, (1,) * ufunc.nin)
        found = all(_same(ufunc, make((1,), dt), dt) for dt in (np.float32, np.float64))
        _AGREES[op_type] = found
    return found


def _same(ufunc: np.ufunc, fn: Callable, dt: type) -> bool:
    values = [np.array([v], dt) for v in _SPECIALS]
    pairs = [(a, b) for a in values for b in values] if ufunc.nin == 2 else [(a,) for a in values]
    with np.errstate(all="ignore"):
        for args in pairs:
            want, got = ufunc(*args), fn(*args)
            if got.dtype != want.dtype:
                return False
            if got.tobytes() != want.tobytes() and not (np.isnan(got) & np.isnan(want)).all():
                return False
    return True
