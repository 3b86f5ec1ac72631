"""The plan compiler and executor: what one `Session.run` signature computes, and how.

`compile_plan` is a pipeline of named passes, each short:

1. `resolve_fetches`, `resolve_feeds`, `required_ops` — names and objects to graph elements;
2. `needed_ops` — the needed subgraph in creation order (a topological order), found with
   an explicit stack, seeing a control-flow body's nodes through the op that owns them;
3. `check_feeds`, then `check_limits` — a missing feed is reported before any limit;
4. `build_steps` — slots and kernels, with folding and merging decided by `optimize.py`;
5. `optimize.prune` — steps no fetch or target needs;
6. `plan_frees` — big values released after their last use;
7. `place_checks` — where the deadline is read.

A session defers passes 4-7 (`compile_plan(defer=True)`): a plan's first run walks the
needed ops themselves (`interpret_graph`, values freed after their last reader) and its
second run builds the steps, so a graph run once never pays for steps used once. Plans
with shapes known only from the feeds, control-flow ops or a trace build them at once.
Built steps run first through `Plan.interpret`; once they have paid for themselves they
are turned into one straight-line Python function (`Plan.generate`, codegen as torch.fx
does; see docs/decision_log.md 2026-12-04 for why both exist). Only then does
`fusion.fuse` join chains of elementwise steps (and passes 6 and 7 run again): it compiles
kernels, which a plan that runs once would never earn back. Run state — feeds, variable
values, random generators, the deadline — lives in per-run objects, never on nodes.
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from heapq import heappop, heappush
from itertools import compress
from math import prod
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import fusion as _fusion
from . import liveness as _liveness
from . import optimize as _opt
from . import run_bytes as _run_bytes
from .denormals import computing
from .errors import GraphgateError, error
from .graph import Graph, Operation, Tensor
from .limits import (
    Limits,
    check_value_bytes,
    deadline_exceeded,
    element_bytes,
    run_too_large,
    tensor_bytes,
    tensor_too_large,
)
from .ops.registry import InferenceError, num_elements
from .run_metadata import StepStats

# Values at least this big are released after their last use.
FREE_MIN_ELEMENTS = 1 << 12
# A step whose output may be this big gets a clock reading after it.
HEAVY_ELEMENTS = 1 << 16
# Past this many steps compiling the generated function costs more than it saves.
CODEGEN_MAX_STEPS = 50_000

# Kernel factories of ops that hold bodies (control flow): `factory(op, exports, compile)`
# where `exports` are tensors inside the bodies that ops outside read (the kernel returns
# them after the op's outputs), and `compile(body, feeds, fetches, targets)` compiles a
# body into a plan. A factory with `takes_read` set is also given `read=`: the positions
# of the op's outputs the plan reads (None: all of them), so a loop can skip computing
# the loop variables no one reads, as TF1's executor prunes their Exit nodes. Filled by
# ops/control_flow_ops.py (and the dataset ops). A factory with `inputs_read(op, read,
# exports)` names the inputs computing those outputs and exports needs (a cond's: the
# predicate and what the read outputs' branches capture); the needed-ops pass computes
# no others, and the kernel gets None for them.
SUBGRAPH_KERNELS: dict[str, Callable] = {}
# Op types (not control flow) whose kernel factory takes `read=` too: an op that may run
# for one output alone without the effect computing another has (a TensorArray read run
# only for the array's shape, which its gradient reads, clears no element). Filled by
# the op modules; the needed-ops pass records their outputs read inside bodies (at top
# level, nothing reads such an output alone).
READ_KERNELS: set[str] = set()

_now = __import__("time").perf_counter


def _first_again(table: dict[str, set[int]], key: str, indices: Any) -> int | None:
    """Add `indices` to `table[key]`; the first one that was there already, or None."""
    seen = table.setdefault(key, set())
    for i in indices:
        if i in seen:
            return i
        seen.add(i)
    return None


class RunState:
    """What one run reads and writes besides its slots."""

    __slots__ = (
        "charged",
        "consumed",
        "deadline",
        "live",
        "max_bytes",
        "max_elements",
        "rngs",
        "start",
        "store",
        "written",
    )

    def __init__(
        self,
        start: dict,
        rngs: dict,
        deadline: float = np.inf,
        max_elements: int | None = None,
        max_bytes: int | None = None,
    ):
        self.start = start
        self.store: dict | None = None
        self.rngs = rngs
        self.deadline = deadline
        # The limit on a tensor's elements, for kernels whose output size is a value
        # (eye of a run-time size, bincount): static shapes cannot check those.
        self.max_elements = max_elements
        # `Limits.max_run_bytes`, and the bytes the run is charged so far: its values'
        # peak from shapes, then each value sized by a value as it is made (run_bytes.py).
        self.max_bytes = max_bytes
        self.live = 0
        # The values sized by a value the run made, and its strings' text, while alive
        # (`run_bytes.Charges`, made by `run_bytes.charges_of` when first needed).
        self.charged: _run_bytes.Charges | None = None
        # The elements each TensorArray (by its creating op) has had read this run, for
        # TF's clear_after_read: an element read twice in one run is an error.
        self.consumed: dict[str, set[int]] = {}
        # The elements each TensorArray has had written this run: TF writes each once.
        self.written: dict[str, set[int]] = {}

    def held(self) -> int:
        """The bytes the run holds now, against `max_run_bytes` (run_bytes.py)."""
        return _run_bytes.held(self)

    def consume(self, tensor_array: str, indices: Any) -> int | None:
        """Record that `indices` of `tensor_array` were read; the first one already read
        this run, or None."""
        return _first_again(self.consumed, tensor_array, indices)

    def fill(self, tensor_array: str, indices: Any) -> int | None:
        """Record that `indices` of `tensor_array` were written; the first one already
        written this run, or None."""
        return _first_again(self.written, tensor_array, indices)

    def forget(self, tensor_array: str) -> None:
        """A TensorArray made anew (its creating op ran): nothing read or written yet."""
        self.consumed.pop(tensor_array, None)
        self.written.pop(tensor_array, None)

    def read(self, name: str) -> np.ndarray:
        try:
            return self.start[name]
        except KeyError:
            raise _uninitialized(name) from None

    def current(self, name: str) -> np.ndarray:
        if self.store is None:
            return self.read(name)
        try:
            return self.store[name]
        except KeyError:
            raise _uninitialized(name) from None

    def write(self, name: str, value: np.ndarray) -> np.ndarray:
        if self.store is None:
            self.store = dict(self.start)
        value.flags.writeable = False
        self.store[name] = value
        return value

    def philox(self, op: Operation, counters: int) -> tuple[int, int, int]:
        """(seed, seed2, first counter) of `op`'s next draw from TensorFlow's Philox
        stream, reserving `counters` as TF's kernel does (`ops/philox.py`), so a session's
        k-th run of an op draws TF's k-th values. An op without seeds gets two random 64-bit
        ones once per session, as TF's kernel does when it is created."""
        key = ("philox", op.name)
        entry = self.rngs.get(key)
        if entry is None:
            seed, seed2 = op.attrs.get("seed") or 0, op.attrs.get("seed2") or 0
            if seed == 0 and seed2 == 0:
                seed, seed2 = (
                    int(s) for s in np.random.SeedSequence().generate_state(2, np.uint64)
                )
            entry = (seed, seed2, 0)
        seed, seed2, start = entry
        self.rngs[key] = (seed, seed2, start + counters)
        return seed, seed2, start

    def unigram_counts(self, op: Operation, size: int) -> np.ndarray:
        """`op`'s class counts in this session (a learned unigram sampler's, all one at
        first), kept with the session's generators; the caller updates them in place."""
        key = ("unigram", op.name)
        counts = self.rngs.get(key)
        if counts is None:
            counts = self.rngs[key] = np.ones(size, np.int64)
        return counts

    def count(self, op: Operation) -> int:
        """How many times `op` has run in this session, this run included (`Print`'s
        `first_n`); kept with the session's generators, per op."""
        key = ("count", op.name)
        n = self.rngs.get(key, 0) + 1
        self.rngs[key] = n
        return n

    def late(self) -> bool:
        return _now() > self.deadline


def _uninitialized(name: str) -> GraphgateError:
    return error(
        "UNINITIALIZED_VARIABLE",
        f"attempting to use uninitialized variable {name}; run its initializer first",
        node=name,
    )


class Step:
    __slots__ = ("check", "fn", "free", "ins", "op", "outs")

    def __init__(self, op, fn, ins, outs):
        self.op = op
        self.fn = fn
        self.ins = ins
        self.outs = outs
        self.free: tuple[int, ...] = ()
        self.check = False


def finish(v: Any) -> Any:
    """A fetched value as the caller gets it: scalars unwrapped, arrays the caller may edit."""
    if type(v) is np.ndarray:
        if v.ndim == 0:
            return v[()]
        if not v.flags.writeable:
            return v.copy()
    return v


class Plan:
    """A compiled run: slots, steps, feeds and how to rebuild the fetch structure."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.steps: list[Step] = []
        self.template: list[Any] = []
        self.feeds: list[tuple[Any, int, Tensor]] = []
        self.fetch_slots: list[int | None] = []
        self.rebuild: Callable = lambda outs: outs
        self.single = False
        self.const_result: Any = None
        self.is_const = False
        self.dynamic: list[Step] | None = None
        # Per set of fed shapes: the run's peak bytes and the op at it (None unbudgeted).
        self.shape_cache: dict[tuple, tuple | None] = {}
        # Per feed key, the dtype and shape of an array last fed as it was (`feed`).
        self.accepted: dict[Any, tuple] = {}
        # The peak of a plan whose shapes are all static, feeds aside (compile_plan).
        self.peak: tuple[int, Operation | None] | None = None
        # Its walk, when `peak` is the bound of all its values together (no op): made only
        # if a run inside another (`Session.run_within`) finds the bound too large.
        self.walk_peak: Any = None
        # A control-flow body's plan: its run is charged to the run that calls it, its
        # values' peak for as long as it runs (`call`).
        self.nested = False
        self.runs = 0
        self.size_of: dict[int, int | None] = {}
        self.fusable = False
        self.trash = 0
        self.fn: Callable | None = None
        self.lines: list[int] = []
        self.check_interval = max(1, limits.check_interval)
        # Fed SparseTensors, which the session expands into their three tensors per run.
        self.sparse_feeds = False
        # (fetch index, variable name) for each fetch that is a variable's buffer in TF1
        # (`variable_buffer`): it is fetched as the variable's value at the end of the run.
        self.buffers: list[tuple[int, str]] = []
        # What `compile_plan(defer=True)` found, kept until the plan's second run builds
        # its steps; None once built (or when built at once).
        self.deferred: Deferred | None = None
        # (fetch position, TF's Retval index, tensor) of each fetched value that may be
        # dead: a run fails once it has run if one is (`liveness.py`).
        self.dead_fetches: list[tuple[int, int, Tensor]] = []

    # -- running -----------------------------------------------------------------------------
    def execute(self, state: RunState, feed_dict: dict | None, stats: StepStats | None) -> list:
        """Run with `state`'s variables and deadline; `stats` (when given) receives one
        entry per step. Returns the fetched values in order."""
        if not self.feeds and self.peak is not None:
            self.check_bytes(state, self.peak, 0)
        deferred = self.deferred
        if deferred is not None:
            if not self.runs and stats is None:
                try:
                    outs = interpret_graph(self, deferred, state, feed_dict)
                except GraphgateError:
                    # A failed first run counts: the next builds the steps. (A run late
                    # only for want of folding would otherwise never reach them.)
                    self.runs = 1
                    raise
                if outs is not None:
                    self.runs = 1
                    return outs
            deferred.build(self)
        if self.fn is None:
            n = len(self.steps)
            if (self.runs == 1 and n <= 2000) or (self.runs == 8 and n <= CODEGEN_MAX_STEPS):
                self.generate()
        self.runs += 1
        if not self.feeds and self.dynamic is not None:
            # Shapes that come from values (a Fill of a computed shape) are unknown
            # without feeds too: what they feed is guarded as it is when fed.
            peak = self.check_shapes([])
            if peak is not None:
                self.check_bytes(state, peak, 0)
        if self.fn is not None and stats is None:
            # The generated function takes the run state and the feeds only; constants
            # are bound into it, so no slot list is built per run.
            args = [state]
            if self.feeds:
                self.feed(feed_dict, args)
            with computing():
                outs = self.run_generated(args, state.deadline)
        else:
            vals = self.template.copy()
            vals[0] = state
            if self.feeds:
                self.feed(feed_dict, vals)
            with computing():
                outs = self.interpret(vals, state.deadline, stats)
        if self.dead_fetches:
            self.check_live(outs)
        return outs

    def check_live(self, outs: list) -> None:
        """Fail a run that fetched a dead value, as TF fails it once its live ops ran:
        naming the first dead one in TF's order (`Retval` index), not the fetch's."""
        dead = [(retval, t) for i, retval, t in self.dead_fetches if outs[i] is None]
        if dead:
            retval, t = min(dead, key=lambda d: d[0])
            raise _liveness.dead_fetch(t, retval)

    def call(self, state: RunState, values: list) -> list:
        """Run a body's plan on values the engine computed (no conversion of feeds)."""
        limits = self.limits
        peak = self.peak
        if self.dynamic is not None and (
            limits.max_tensor_elements is not None or limits.max_run_bytes is not None
        ):
            peak = self.check_shapes(
                [
                    t.static_shape if v is None else np.shape(v)  # a dead capture: liveness.py
                    for v, (_, _, t) in zip(values, self.feeds, strict=True)
                ]
            )
        if peak is not None and getattr(state, "max_bytes", None) is not None:
            # The body's values are held beside the calling run's (a cond's branch, a
            # loop's iteration): refused before it runs if both pass the budget, and
            # charged while it runs, so that a body it calls, or a value it sizes at run
            # time, is checked against both; what it charged is released with it.
            nbytes, op = peak
            if op is not None:
                check_value_bytes(state, op, nbytes)
            live = state.live
            state.live += nbytes
            try:
                return self._call(state, values)
            finally:
                state.live = live
        return self._call(state, values)

    def _call(self, state: RunState, values: list) -> list:
        if self.fn is None and len(self.steps) <= CODEGEN_MAX_STEPS:
            self.generate()
        if self.fn is not None:
            return self.run_generated([state, *values], state.deadline)
        vals = self.template.copy()
        vals[0] = state
        for (_, slot, _), v in zip(self.feeds, values, strict=True):
            vals[slot] = v
        return self.interpret(vals, state.deadline, None)

    def feed(self, feed_dict: dict, vals: list) -> None:
        """Check and convert the feeds into their slots of `vals`, or append them in
        order when `vals` holds only the run state (the generated function's arguments)."""
        append = len(vals) == 1
        total = held = 0
        accepted = self.accepted
        budgeted = self.limits.max_run_bytes is not None
        for key, slot, t in self.feeds:
            given = feed_dict[key]
            if type(given) is np.ndarray and accepted.get(key) == (given.dtype, given.shape):
                # An array of a dtype and shape `convert_feed` took as they were: its checks
                # pass again (an object array's, of its contents, are never skipped).
                v = given
                total += v.nbytes
            else:
                v = convert_feed(given, t)
                if v is given and v.dtype.kind != "O":
                    accepted[key] = (v.dtype, v.shape)
                total += v.nbytes if v.dtype.kind != "O" else tensor_bytes(v)
            if v is given and v.ndim:
                # The caller's own array, seen read-only: a result that is a view of it
                # (an identity, a reshape, a reduction of one element each) is then copied
                # by `finish`, so editing a fetched value never edits the caller's input,
                # as in TF. (A 0-d value comes back as an immutable numpy scalar.)
                v = v.view()
                v.flags.writeable = False
            if budgeted:
                held += _run_bytes.held_bytes(v)
            if append:
                vals.append(v)
            else:
                vals[slot] = v
        limit = self.limits.max_feed_bytes
        if limit is not None and total > limit:
            raise error(
                "FEED_TOO_LARGE",
                f"the feeds hold {total} bytes, more than the limit of {limit}",
                details={"bytes": total, "limit": limit},
            )
        if self.dynamic is not None:
            fed = vals[1:] if append else [vals[slot] for _, slot, _ in self.feeds]
            peak = self.check_shapes([v.shape for v in fed])
        else:
            peak = self.peak
        if peak is not None:
            self.check_bytes(vals[0], peak, held)

    def check_bytes(self, state: RunState | None, peak: tuple, fed_bytes: int) -> None:
        """Refuse a run whose values at once, `peak` (bytes, op) and the feeds' bytes,
        pass `max_run_bytes`; otherwise the run starts charged with them."""
        nbytes, op = peak
        # (a run's state starts at 0; one run inside another, `Session.run_within`,
        # starts at what the outer run holds: its charge and its values sized by a value
        # still alive, whose weak references the two share)
        live = held = 0
        if state is not None:
            live, held = state.live, state.held()
        total = nbytes + fed_bytes + held
        limit = self.limits.max_run_bytes
        if op is None and total > limit and self.walk_peak is not None:
            self.peak = peak = self.walk_peak()  # the bound does not fit: the real peak
            self.walk_peak = None
            nbytes, op = peak
            total = nbytes + fed_bytes + held
        if op is not None and total > limit:
            raise run_too_large(op, total, limit)
        if state is not None:
            state.live = nbytes + fed_bytes + live

    def check_shapes(self, fed_shapes: list) -> tuple | None:
        """Infer every shape from the feeds' shapes (once per set of shapes), so a run that
        would make a tensor over the limit or mismatch shapes is refused before anything
        is computed. The run's peak bytes (feeds aside) and the op at it, under a budget."""
        key = tuple(fed_shapes)
        if key in self.shape_cache:
            return self.shape_cache[key]
        shapes: dict[int, tuple] = {
            i: np.shape(v) for i, v in enumerate(self.template) if i and v is not None
        }
        for (_, slot, _), shape in zip(self.feeds, fed_shapes, strict=True):
            shapes[slot] = shape
        limit, budget = self.limits.max_tensor_elements, self.limits.max_run_bytes
        guard = limit is not None or budget is not None
        guarded = False
        for step in self.dynamic:
            _infer_step(step, shapes, limit)
            if guard and any(num_elements(shapes.get(s)) is None for s in step.outs):
                guarded |= _guard_size(step, limit, budget)
        if guarded and self.fn is not None:
            self.generate()  # generated before a step needed its guard: it bound it unguarded
        peak = None
        if budget is not None:
            fetched = set(self.fetch_slots)
            peak = _run_bytes.steps_peak(
                self.dynamic, shapes, fetched, {0, self.trash}, FREE_MIN_ELEMENTS
            )
        if len(self.shape_cache) > 256:
            self.shape_cache.clear()
        self.shape_cache[key] = peak
        return peak

    def interpret(self, vals: list, deadline: float, stats: StepStats | None) -> list:
        """The reference executor: first runs, plans too long to generate, traced runs."""
        if stats is not None:
            return self.trace(vals, deadline, stats)
        step = None
        try:
            # A first run of a large graph spends a tenth of its time in this loop: keep
            # it to what every step needs (tracing has its own copy below).
            for step in self.steps:
                ins = step.ins
                n = len(ins)
                if n == 1:
                    r = step.fn(vals[ins[0]])
                elif n == 2:
                    r = step.fn(vals[ins[0]], vals[ins[1]])
                else:
                    r = step.fn(*[vals[i] for i in ins])
                outs = step.outs
                if len(outs) == 1:
                    vals[outs[0]] = r
                elif outs:
                    for s, v in zip(outs, r, strict=True):
                        vals[s] = v
                if step.free:
                    for s in step.free:
                        vals[s] = None
                if step.check and _now() > deadline:
                    raise _deadline(step.op)
        except Exception as exc:
            raise run_error(exc, step.op if step is not None else None) from None
        return [None if s is None else vals[s] for s in self.fetch_slots]

    def trace(self, vals: list, deadline: float, stats: StepStats) -> list:
        """`interpret`, recording each step's time and outputs in `stats`."""
        step = None
        try:
            for step in self.steps:
                t0 = _now()
                ins = step.ins
                n = len(ins)
                if n == 1:
                    r = step.fn(vals[ins[0]])
                elif n == 2:
                    r = step.fn(vals[ins[0]], vals[ins[1]])
                else:
                    r = step.fn(*[vals[i] for i in ins])
                outs = step.outs
                if len(outs) == 1:
                    vals[outs[0]] = r
                elif outs:
                    for s, v in zip(outs, r, strict=True):
                        vals[s] = v
                stats.record(step.op, t0, _now(), [vals[s] for s in outs])
                for s in step.free:
                    vals[s] = None
                if _now() > deadline:
                    raise _deadline(step.op)
        except Exception as exc:
            raise run_error(exc, step.op if step is not None else None) from None
        return [None if s is None else vals[s] for s in self.fetch_slots]

    def run_generated(self, args: list, deadline: float) -> list:
        try:
            return self.fn(args, deadline)
        except Exception as exc:
            raise run_error(exc, self._failed_op(exc)) from None

    def _failed_op(self, exc: Exception) -> Operation | None:
        tb = exc.__traceback__
        line = None
        while tb is not None:
            if tb.tb_frame.f_code is self.fn.__code__:
                line = tb.tb_lineno
            tb = tb.tb_next
        if line is not None and 0 <= line - 1 < len(self.lines):
            index = self.lines[line - 1]
            return self.steps[index].op if index >= 0 else None
        return None

    def fuse(self) -> None:
        """Join chains of elementwise steps (fusion.py), then place frees and checks anew."""
        self.fusable = False
        steps = _fusion.fuse(self.steps, {*self.fetch_slots, self.trash}, Step)
        if steps is self.steps:
            return
        for step in steps:
            step.free, step.check = (), False
        plan_frees(steps, self.size_of, set(self.fetch_slots))
        place_checks(steps, self.size_of, self.check_interval)
        self.steps = steps

    def generate(self) -> None:
        """Turn the steps into one straight-line function of (args, deadline)."""
        if self.fusable:
            self.fuse()
        ns: dict[str, Any] = {"_now": _now, "_late": _late, "np": np}
        body: list[str] = []
        lines: list[int] = [-1]

        def emit(line: str, step_index: int = -1) -> None:
            body.append("    " + line)
            lines.append(step_index)

        sources = [0] + [slot for _, slot, _ in self.feeds]
        for i, s in enumerate(sources):
            emit(f"v{s} = V[{i}]")
        for s, value in enumerate(self.template):
            if value is not None and s:
                ns[f"v{s}"] = value
        # A slot some step reads before any step writes it holds its template value (None
        # if it has none) from the start: a local of the function, as the slots written.
        # The trash slot is both: a ref input's placeholder and where a fed output is
        # dropped, so an update whose output is fed wrote `v<trash>` after an earlier
        # read had made it a local (UnboundLocalError, an INTERNAL_ERROR on every
        # generated run).
        assigned = {s for step in self.steps for s in step.outs}
        written = set(sources)
        for step in self.steps:
            for s in step.ins:
                if s not in written:
                    written.add(s)
                    value = self.template[s]
                    if value is None:
                        emit(f"v{s} = None")
                    elif s in assigned:
                        ns[f"c{s}"] = value
                        emit(f"v{s} = c{s}")
            written.update(step.outs)
        for i, step in enumerate(self.steps):
            ns[f"k{i}"] = step.fn
            args = ", ".join(f"v{s}" for s in step.ins)
            emit(f"{_targets(step.outs)} = k{i}({args})", i)
            if step.free:
                emit("del " + ", ".join(f"v{s}" for s in step.free), i)
            if step.check:
                ns[f"o{i}"] = step.op
                emit(f"if _now() > D: _late(o{i})", i)
        rets = ", ".join("None" if s is None else f"v{s}" for s in self.fetch_slots)
        emit(f"return [{rets}]")
        src = "def _plan(V, D):\n" + "\n".join(body) + "\n"
        exec(compile(src, "<graphgate plan>", "exec"), ns)
        self.fn = ns["_plan"]
        self.lines = lines


def _targets(outs: tuple[int, ...]) -> str:
    if not outs:
        return "_"
    if len(outs) == 1:
        return f"v{outs[0]}"
    return ", ".join(f"v{s}" for s in outs) + ","


def _zero_or_one(v: Any) -> bool:
    """Whether a bool placeholder's feed holds only 0s and 1s, which TF reads as False and
    True; a list of them too (`[1, 0]`), as TF's `np.asarray(v, bool)` reads it."""
    if type(v) in (int, float):
        return v in (0, 1)
    if isinstance(v, list | tuple):
        try:
            v = np.asarray(v)
        except ValueError:  # ragged: convert names the problem
            return False
    if not isinstance(v, np.ndarray | np.number):
        return False
    a = np.asarray(v)
    return a.dtype.kind in "iuf" and bool(np.all((a == 0) | (a == 1)))


def _as_strings(v: Any) -> Any:
    # numpy gives an object array's entry as the object itself (`x[0]`, `np.take`, a ufunc
    # of 0-d arrays): kept as a 0-d object array, since the next kernel's np.asarray would
    # make `bytes` an 'S' array, which drops trailing NUL bytes.
    if type(v) is np.ndarray and v.dtype.kind == "O":
        return v
    if isinstance(v, bytes):
        return np.array(bytes(v), dtype=object)
    if type(v) is np.ndarray and v.dtype.kind == "S":
        return _dt.strings(v)
    return v


def _string_outputs(fn: Any, strings: list[int], n: int) -> Any:
    """`fn` whose string outputs are always object arrays (see `_as_strings`)."""
    if n == 1:
        return lambda *args: _as_strings(fn(*args))

    def run(*args):
        out = list(fn(*args))
        for i in strings:
            out[i] = _as_strings(out[i])
        return out

    return run


def convert_feed(v: Any, t: Tensor) -> np.ndarray:
    """`v` as a feed of `t`, checked as a run checks it (dtype, exactness, static shape);
    the remote client reads Python values with it before they travel."""
    dtype = t.dtype
    if dtype is _dt.string:
        v = _strings(v, t)
    elif dtype is _dt.bool_ and _zero_or_one(v):
        # TF1 programs feed Keras' learning phase as `{K.learning_phase(): 1}`; 0 and 1
        # are exactly False and True, other numbers stay refused.
        v = np.asarray(v).astype(bool)
    # Against the numpy dtype (DType's slot): comparing with a DType costs 1 µs a feed.
    elif type(v) is not np.ndarray or v.dtype != dtype.dtype:
        try:
            v = _convert_numbers(v, dtype)
        except GraphgateError as exc:
            code = exc.code if exc.code != "UNSUPPORTED_DTYPE" else "FEED_DTYPE_MISMATCH"
            raise error(
                code,
                f"cannot feed {t.name}: {exc.message}",
                node=t.op.name,
                details={"tensor": t.name, **exc.details},
            ) from None
    static = t.static_shape
    if static is not None and v.shape != static:  # equal: every dimension known and met
        shape = v.shape
        if len(shape) != len(static) or any(
            s is not None and s != d for s, d in zip(static, shape, strict=True)
        ):
            raise error(
                "FEED_SHAPE_MISMATCH",
                f"cannot feed a value of shape {list(shape)} to {t.name}, "
                f"which has shape {list(static)}",
                node=t.op.name,
                details={"tensor": t.name, "expected": list(static), "got": list(shape)},
            )
    return v


def _convert_numbers(v: Any, dtype: Any) -> np.ndarray:
    """A feed read as TF's session reads it (`np.asarray(v, dtype)`) where that loses
    nothing: a bool into a number is 1 or 0 (`y == 3` labels fed to a float placeholder),
    alone or among numbers. The wire's `convert` refuses JSON's `true` as a number, so the
    bools are read only after it has refused them, which keeps the common feed's path as
    it was."""
    try:
        return _dt.convert(v, dtype)
    except GraphgateError as exc:
        if exc.details.get("got") != "bool" or dtype is _dt.bool_:
            raise
    return _dt.convert(_dt.bools_as_ints(v), dtype)


def _strings(v: Any, t: Tensor) -> np.ndarray:
    """A feed of a string placeholder: str, bytes, lists, numpy text or object arrays."""
    if type(v) is np.ndarray and v.dtype.kind == "O" and _all_bytes(v):
        return v
    try:
        return _dt.strings(v)
    except GraphgateError as exc:
        raise error(
            "FEED_DTYPE_MISMATCH",
            f"cannot feed {t.name}: a string tensor takes bytes or str: {exc.message}",
            node=t.op.name,
            details={"tensor": t.name},
        ) from None


def _all_bytes(v: np.ndarray) -> bool:
    return all(type(x) is bytes for x in v.reshape(-1))


def _infer_step(step: Step, shapes: dict[int, tuple], limit: int | None) -> None:
    op = step.op
    in_shapes = [
        shapes.get(s, t.static_shape)
        for s, t in zip(step.ins[len(step.ins) - len(op.inputs) :], op.inputs, strict=True)
    ]
    try:
        specs = op.definition.infer(in_shapes, [t.dtype for t in op.inputs], op.attrs)
    except InferenceError as exc:
        raise error(
            exc.code,
            f"with the shapes fed: {exc.message}",
            node=op.name,
            details={"op": op.type, **exc.details},
        ) from None
    # A control-flow step's exports follow its declared outputs; their shapes stay unknown.
    for slot, (shape, _) in zip(step.outs, specs, strict=False):
        shapes[slot] = shape
        n = num_elements(shape)
        if limit is not None and n is not None and n > limit:
            raise tensor_too_large(op, shape, n, limit)


def _guard_size(step: Step, limit: int | None, budget: int | None) -> bool:
    """Make `step` refuse, before its kernel allocates, an output over `limit` elements
    or one that would take the run's values past its `budget` of bytes; the output's
    bytes are charged to the run while it lives (a body's too: six values sized by a
    value in a branch, each checked alone, were a way round the budget).

    For a step whose output size the feeds' shapes do not tell, because it depends on a
    value (what a Fill of a computed shape feeds: `ones(n) @ transpose(ones(n))` is n²
    from a vector of n): its output shape is inferred from the shapes its inputs have
    when it runs. Steps the feeds' shapes do size are never wrapped, so they stay fusible
    and cost nothing more; a guarded step is no elementwise kernel and is never fused.
    """
    op = step.op
    if getattr(step.fn, "sized", False) or op.definition.ref_input or op.type in SUBGRAPH_KERNELS:
        return False
    fn, n_in = step.fn, len(op.inputs)
    infer, dtypes, attrs = op.definition.infer, [t.dtype for t in op.inputs], op.attrs
    # A guarded step's guards come first (liveness.py): dead, it computes nothing.
    n_guards = getattr(fn, "guards", 0)
    takes_state = len(step.ins) - n_guards > n_in
    if n_guards:
        fn = fn.inner

    def sized(*args):
        try:
            specs = infer([np.shape(a) for a in args[len(args) - n_in :]], dtypes, attrs)
        except InferenceError:
            specs = ()  # the kernel says what is wrong, as it would unguarded
        nbytes = _output_bytes(op, specs, limit)
        # The run state comes first once the step reads it (below); a run that read the
        # step's inputs before that is not charged.
        if budget is None or len(args) == n_in:
            return fn(*args)
        state, given = args[0], args if takes_state else args[1:]
        if getattr(state, "max_bytes", None) is None:
            return fn(*given)  # no run's state (a dataset's function read outside a run)
        check_value_bytes(state, op, nbytes)
        out = fn(*given)
        _run_bytes.charge(state, out)
        return out

    sized.sized = True
    sized.needs_state = takes_state or budget is not None
    guards = step.ins[:n_guards]
    if n_guards:
        sized = _liveness.guard(sized, n_guards, *step.fn.shape)
    step.fn = sized
    if budget is not None and not takes_state:
        # The run state, which the budget is charged on; after `fn`, so that a run in
        # another thread never calls the unguarded kernel with it.
        step.ins = (*guards, 0, *step.ins[n_guards:])
    return True


def _output_bytes(op: Operation, specs: Any, limit: int | None) -> int:
    """The bytes of `op`'s outputs of the shapes inferred as it runs (those known),
    refusing one over `limit` elements."""
    nbytes = 0
    for (shape, _), t in zip(specs, op.outputs, strict=False):
        n = num_elements(shape)
        if n is None:
            continue
        if limit is not None and n > limit:
            raise tensor_too_large(op, shape, n, limit)
        nbytes += n * element_bytes(t.dtype)
    return nbytes


def _late(op: Operation) -> None:
    raise _deadline(op)


def _deadline(op: Operation) -> GraphgateError:
    return deadline_exceeded(op)


def deadline_error(op: Operation) -> GraphgateError:
    return _deadline(op)


def run_error(exc: Exception, op: Operation | None) -> GraphgateError:
    name = op.name if op is not None else None
    if isinstance(exc, GraphgateError):
        if exc.node is None:
            exc.node = name
        if op is not None and getattr(exc, "op", False) is None:
            exc.op = op  # TF's `e.op` is the op that failed (the node may be its variable)
        return exc
    if isinstance(exc, MemoryError):
        return error("OUT_OF_MEMORY", "out of memory while computing the node", node=name)
    what = f"{op.type} failed" if op is not None else "the run failed"
    if isinstance(exc, IndexError):
        return error(
            "INDEX_OUT_OF_RANGE",
            f"{what}: an index is out of range",
            node=name,
            details={"reason": str(exc)[:200]},
        )
    if isinstance(exc, ValueError | TypeError | ArithmeticError):
        return error(
            "COMPUTE_ERROR",
            f"{what}: {str(exc)[:200]}",
            node=name,
            details={"exception": type(exc).__name__},
        )
    return error(
        "INTERNAL_ERROR",
        f"{what} unexpectedly",
        node=name,
        details={"exception": type(exc).__name__},
    )


# -- pass 1: resolving fetches, feeds and targets ----------------------------------------------


class Leaf:
    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


def attrs_fields(obj: Any) -> tuple[str, ...] | None:
    """The field names of an instance of an `attrs` class, or None: TF's fetch mapper takes
    any object whose class has `__attrs_attrs__` as a structure of its fields, in order."""
    fields = getattr(type(obj), "__attrs_attrs__", None)
    return None if fields is None else tuple(a.name for a in fields)


def dict_like(template: dict, items: Any) -> dict:
    """A dict of `template`'s type holding `items`, as TF rebuilds a fetched dict (an
    OrderedDict stays one, a defaultdict keeps its factory)."""
    kind = type(template)
    if kind is dict:
        return dict(items)
    if isinstance(template, defaultdict):
        return kind(template.default_factory, items)
    return kind(items)


class _AttrsFetch:
    """An attrs instance in a fetch template: its class and its fields' templates."""

    __slots__ = ("cls", "items")

    def __init__(self, cls: type, items: list):
        self.cls, self.items = cls, items


def flatten(fetches: Any, leaves: list) -> Any:
    if isinstance(fetches, list):
        return [flatten(f, leaves) for f in fetches]
    if isinstance(fetches, tuple):
        # An IndexedSlicesValue without a dense_shape keeps that None (fetched as None).
        keep = getattr(fetches, "_optional_fields", False)
        items = [f if keep and f is None else flatten(f, leaves) for f in fetches]
        return type(fetches)(*items) if hasattr(fetches, "_fields") else tuple(items)
    if isinstance(fetches, dict):
        return dict_like(fetches, ((k, flatten(v, leaves)) for k, v in fetches.items()))
    names = attrs_fields(fetches)
    if names is not None:
        return _AttrsFetch(type(fetches), [flatten(getattr(fetches, n), leaves) for n in names])
    leaves.append(fetches)
    return Leaf(len(leaves) - 1)


def unflatten(template: Any, values: list) -> Any:
    """`flatten`'s template with each leaf replaced by its value: the fetched structure."""
    if isinstance(template, Leaf):
        return values[template.index]
    if template is None:  # an IndexedSlicesValue without a dense_shape
        return None
    if isinstance(template, list):
        return [unflatten(t, values) for t in template]
    if isinstance(template, tuple):
        items = [unflatten(t, values) for t in template]
        return type(template)(*items) if hasattr(template, "_fields") else tuple(items)
    if isinstance(template, _AttrsFetch):
        return template.cls(*(unflatten(t, values) for t in template.items))
    return dict_like(template, ((k, unflatten(v, values)) for k, v in template.items()))


def _rebuilder(template: Any) -> Callable:
    return partial(unflatten, template)


def element(graph: Graph, obj: Any, what: str) -> Tensor | Operation:
    try:
        return graph.resolve(obj)
    except GraphgateError as exc:
        if what == "feed" and exc.code == "UNKNOWN_FETCH":
            raise error(
                "UNKNOWN_FEED", exc.message.replace("tensor", "tensor to feed", 1), node=exc.node
            ) from None
        raise


def names_as_operations(graph: Graph, fetches: Any) -> Any:
    """`fetches` with each name of an operation (no `:<index>`) as the operation: TF1's
    `sess.run("train")` runs it and answers None, where `"train:0"` is its value. (The
    HTTP API's fetch names are its nodes' first outputs instead: its Session says so.)"""
    if isinstance(fetches, str):
        op = graph.ops_by_name.get(fetches) if ":" not in fetches else None
        return fetches if op is None else op
    if isinstance(fetches, list):
        return [names_as_operations(graph, f) for f in fetches]
    if type(fetches) is tuple:
        return tuple(names_as_operations(graph, f) for f in fetches)
    if isinstance(fetches, tuple) and hasattr(fetches, "_fields"):  # a namedtuple
        return type(fetches)(*(names_as_operations(graph, f) for f in fetches))
    if isinstance(fetches, dict):
        return dict_like(fetches, ((k, names_as_operations(graph, v)) for k, v in fetches.items()))
    names = attrs_fields(fetches)
    if names is not None:
        return type(fetches)(*(names_as_operations(graph, getattr(fetches, n)) for n in names))
    return fetches


def resolve_fetches(plan: Plan, graph: Graph, fetches: Any) -> list[Tensor | Operation]:
    """The fetched elements in order; the plan learns how to rebuild their structure."""
    leaves: list = []
    template = flatten(fetches, leaves)
    plan.single = isinstance(template, Leaf)
    plan.rebuild = _rebuilder(template)
    elements = [element(graph, x, "fetch") for x in leaves]
    for x in elements:
        if not graph.is_fetchable(x):
            raise error(
                "FETCH_NOT_ALLOWED", f"Operation {x.name!r} has been marked as not fetchable."
            )
    return elements


# Ops whose output is their input's buffer in TF's kernels (IdentityOp forwards it);
# ref_reads re-reads through them, and through reshapes (which a fetch is not read through).
_FORWARDING = frozenset(("Identity", "StopGradient", "ReadVariableOp"))


def variable_buffer(element: Tensor | Operation, fed: dict) -> str | None:
    """The variable whose buffer `element` is in TF1, or None: the variable's own output, an
    update's (a ref variable's Assign, AssignAdd, scatter or apply op outputs its ref) and
    identities of those. TF updates that buffer in place and copies fetched values out only
    when the run ends, so such a fetch is the variable's value after all of the run's
    updates, whatever order its executor ran them in (CountUpTo outputs a copy)."""
    t = element
    while isinstance(t, Tensor):
        op = t.op
        if op.type == "VariableV2":
            return op.name
        d = op.definition
        forwards = op.type in _FORWARDING or (
            d.ref_input and d.side_effects and op.type != "CountUpTo"
        )
        if not forwards or not op.inputs:
            return None
        t = op.inputs[0]
    return None


def resolve_feeds(graph: Graph, feed_keys: tuple, body: bool = False) -> dict[Tensor, Any]:
    """Each fed tensor with the key it is fed under; refuses what a caller cannot feed (a
    body's inputs are values the engine computed). An update's output may be fed, as in
    TF: the update then runs only where something else needs it (a control dependency)."""
    fed: dict[Tensor, Any] = {}
    for key in feed_keys:
        t = element(graph, key, "feed")
        if not isinstance(t, Tensor):
            raise error(
                "FEED_NOT_ALLOWED",
                f"{t.name} is an operation without outputs and cannot be fed",
                node=t.name,
            )
        if t in fed:
            raise error("FEED_NOT_ALLOWED", f"{t.name} is fed twice", node=t.op.name)
        if not body and not graph.is_feedable(t):
            raise error(
                "FEED_NOT_ALLOWED",
                f"{t.name} may not be fed: its value was read while the graph was built",
                node=t.op.name,
            )
        fed[t] = key
    return fed


def required_ops(graph: Graph, elems: list, targets: Any) -> set[Operation]:
    """Operations run for their effect: fetched operations and targets."""
    required = {x for x in elems if isinstance(x, Operation)}
    target_list = (
        targets if isinstance(targets, list | tuple) else ([] if targets is None else [targets])
    )
    for x in target_list:
        x = element(graph, x, "fetch")
        required.add(x.op if isinstance(x, Tensor) else x)
    return required


# -- pass 2: the needed subgraph -------------------------------------------------------------


class Needed:
    """The needed operations of one scope in creation order, and for each control-flow op
    the tensors inside its bodies that are read from outside them."""

    def __init__(
        self,
        order: list[Operation],
        exports: dict[Operation, list[Tensor]],
        read: dict[Operation, set[int] | None] | None = None,
        folded: list[Tensor] | None = None,
    ):
        self.order = order
        self.exports = exports
        # Per control-flow op, the positions of its outputs that are read (None: all).
        self.read = read or {}
        # Tensors only read for their static shape, whose ops do not run (`_folded`).
        self.folded = folded or []


# The ops with an input read only for its shape (fusion.SHAPE_ONLY).
_SHAPE_READERS = frozenset(t for t, _ in _fusion.SHAPE_ONLY)


def _unfolded(op: Operation, inputs: Any, folded: dict) -> list:
    """`op`'s inputs less those it reads only the shape of when that shape is static: TF
    makes `tf.shape`, `tf.size`, `zeros_like`, `ones_like` and a gradient's shapes of a
    fully defined shape constants, so a fetch reaching an op only through them does not
    run it (`tf.shape(v.assign_add(1.0))` leaves v as it was; a gradient needs only the
    shape of an uninitialized variable it gathers from). Numbers and strings (TF folds a
    string's shape too: an iterator's element only measured does not move it); a variant
    or resource value stays computed. The skipped ones are `folded`'s keys."""
    out = []
    for k, t in enumerate(inputs):
        shape = t.static_shape
        if (
            (op.type, k) in _fusion.SHAPE_ONLY
            and shape is not None
            and None not in shape
            and (t.dtype.dtype.kind in "biufc" or t.dtype == _dt.string)
        ):
            folded[t] = None
        else:
            out.append(t)
    return out


def shape_stub(t: Tensor) -> np.ndarray:
    """A value of `t`'s static shape and dtype that costs no memory, for a reader of its
    shape only (`_unfolded`)."""
    return np.broadcast_to(np.zeros((), t.dtype.dtype), t.static_shape)


def placer(graph: Graph, op: Operation, scope: Any) -> Operation | None:
    """The op of `scope` that computes `op`'s outputs: `op` itself, or the control-flow op
    whose body holds it; None when `op` lies outside `scope`."""
    body = graph.body_of(op)
    while body is not scope:
        if body is None:
            return None
        op = body.op
        body = graph.body_of(op)
    return op


def _misplaced(t: Tensor, user: str) -> GraphgateError:
    return error(
        "INVALID_CONTROL_FLOW",
        f"{t.name} is computed inside a cond or while_loop body and {user} reads it from "
        "outside; use the outputs of the cond or while_loop",
        node=t.op.name,
        details={"tensor": t.name},
    )


class _Reads(dict):
    """Per control-flow op, the positions of its outputs that are read (None: all)."""

    def output(self, t: Tensor) -> None:
        """`t` is read."""
        kind = t.op.type  # once: this runs for every edge the walk follows in a body
        if kind in SUBGRAPH_KERNELS or kind in READ_KERNELS:
            outs = self.setdefault(t.op, set())
            if outs is not None:
                outs.add(t.value_index)

    def whole(self, op: Operation) -> None:
        """`op` is run for its effect (fetched as an op, a target, a control input): all of
        its outputs are computed."""
        if op.type in SUBGRAPH_KERNELS or op.type in READ_KERNELS:
            self[op] = None


class _Places:
    """Where the needed-ops walk finds each tensor it reads: the op of the walk's scope
    computing it (`place`), with the tensors inside control-flow ops that readers outside
    them read (`exports`) and the outputs of control-flow ops read (`read`)."""

    def __init__(self, graph: Graph, scope: Any):
        self.graph, self.scope = graph, scope
        self.exports: dict[Operation, dict[Tensor, None]] = {}
        self.read = _Reads()

    def place(self, t: Tensor, reader: Operation | None) -> Operation:
        p = placer(self.graph, t.op, self.scope)
        if p is None:
            raise error(
                "INVALID_CONTROL_FLOW",
                f"{t.name} comes from outside the body but is not one of its inputs",
                node=t.op.name,
            )
        if p is not t.op:
            self.check_reader(t, p, reader)
            self.exports.setdefault(p, {})[t] = None
            self.read.setdefault(p, set())  # none of its outputs, unless a reader reads one
        else:
            self.read.output(t)
        return p

    def check_reader(self, t: Tensor, p: Operation, reader: Operation | None) -> None:
        """Refuse `reader` (None: the fetch) of `t`, inside the control-flow op `p`, unless
        it is a control-flow op created after `p` (a gradient reading what its forward op
        stored) or `t` lies in cond branches alone: any op, or the fetch, may read a
        branch's value, dead when that branch is not taken (TF1 allows it outside while
        loops: liveness.py)."""
        if reader is None:
            refused = self.scope is None
        else:
            refused = reader.type not in SUBGRAPH_KERNELS or p.index > reader.index
        if refused and not in_branches(self.graph, t.op, p):
            raise _misplaced(t, "the fetch" if reader is None else reader.name)

    def require(self, op: Operation, flat: bool) -> Operation:
        """The op of the walk's scope to run for the required `op` (a target or fetched
        operation): itself, or the cond whose branch made it, which runs it then."""
        p = op if flat else placer(self.graph, op, self.scope)
        if p is not op and p is not None:
            self.branch_control(op, p, None)
            return p
        self.read.whole(op)
        return op

    def branch_control(self, c: Operation, p: Operation, reader: Operation | None) -> None:
        """`reader` outside the cond `p` waits on `c`, an op of one of its branches
        (however deeply nested in conds), or runs it (a target: `reader` None): TF1's
        `tf.group` of what a branch made, an update of batch normalization in
        `cond(is_training, ...)` that the train op waits on. The cond runs `c` with its
        branch and answers whether it ran: `c` is one of `p`'s exports, as an op. When
        another branch is taken `c` is dead, and so is what waits on it (`_Liveness`)."""
        if not in_branches(self.graph, c, p):
            what = c.outputs[0] if c.outputs else _NoTensor(c)
            raise _misplaced(what, "the fetch" if reader is None else reader.name)
        self.exports.setdefault(p, {})[c] = None
        self.read.setdefault(p, set())


def in_branches(graph: Graph, op: Operation, p: Operation) -> bool:
    """Whether `op` lies inside the cond `p` through cond branches alone (no loop body:
    TF1 refuses a value or control from a while_loop read outside it)."""
    body = graph.body_of(op)
    while body is not None and body.op.type == "If":
        if body.op is p:
            return True
        body = graph.body_of(body.op)
    return False


def needed_ops(
    graph: Graph,
    elems: list,
    required: set[Operation],
    fed: dict[Tensor, Any],
    scope: Any = None,
) -> Needed:
    """Walk back from the fetches and required ops with an explicit stack (deep graphs need
    no recursion). Inside a body (`scope`), the walk stops at the body's edge: what comes
    from outside is fed, and outer control inputs were moved onto the control-flow op."""
    places = _Places(graph, scope)
    place, read, exports = places.place, places.read, places.exports
    # Without control-flow bodies every op is its own placer: skip asking per edge.
    flat = scope is None and not graph.has_bodies()
    stack = [place(x, None) for x in elems if isinstance(x, Tensor) and x not in fed]
    stack += [places.require(op, flat) for op in required]
    # One mark per op of the graph, by creation index: the order falls out of the marks
    # (creation order is topological), with no set of ops and no sort.
    seen = bytearray(len(graph.op_list))
    folded: dict[Tensor, None] = {}
    waiting = _Waiting()
    # Checked per op: a set lookup, not a call (the walk runs once per node of a plan).
    waits = () if flat else _WAITING_TYPES or _waiting_types()
    while True:
        while stack:
            op = stack.pop()
            i = op.index
            if seen[i]:
                continue
            inputs = op.inputs[1:] if op.definition.ref_input else op.inputs
            controls = op.control_inputs
            if waits and op.type in waits:
                chosen = waiting.inputs(op)
                if chosen is None:
                    continue
                inputs, controls = chosen
            seen[i] = 1
            if op.type in _SHAPE_READERS:
                inputs = _unfolded(op, inputs, folded)
            for t in inputs:
                if t not in fed:
                    stack.append(t.op if flat else place(t, op))
            for c in controls:
                if c.type == "Placeholder" and c.outputs[0] in fed:
                    # TF moves a fed placeholder's control edges onto its feed (tf.tuple
                    # and tf.group of a placeholder gate on it): nothing to run.
                    continue
                p = c if flat else placer(graph, c, scope)
                if p is c:
                    stack.append(c)
                    read.whole(c)
                elif p is not None:
                    places.branch_control(c, p, op)
                    stack.append(p)
        if not waiting.take(read, exports, stack):
            break
    order = list(compress(graph.op_list, seen))
    unrun = [t for t in folded if not seen[t.op.index] and t not in fed]
    return Needed(order, {op: list(ts) for op, ts in exports.items()}, read, unrun)


_WAITING_TYPES: frozenset[str] = frozenset()


def _waiting_types() -> frozenset[str]:
    """The op types whose kernel factory has `inputs_read` (found once the op modules
    have filled SUBGRAPH_KERNELS)."""
    global _WAITING_TYPES
    _WAITING_TYPES = frozenset(t for t, f in SUBGRAPH_KERNELS.items() if hasattr(f, "inputs_read"))
    return _WAITING_TYPES


class _Waiting:
    """Control-flow ops whose inputs depend on which of their outputs are read (a cond's:
    TF1 reaches a captured value only through the Switch of the outputs reading it): each
    waits until every reader has been walked. Readers come later in creation order, so
    the latest waiting op, taken once the walk has nothing else, has all of its readers."""

    def __init__(self):
        self.ops: dict[int, Operation] = {}
        self.later: list[int] = []
        self.chosen: dict[Operation, list[Tensor]] = {}

    def inputs(self, op: Operation) -> tuple[list[Tensor], list[Operation]] | None:
        """The inputs and control inputs to walk from `op` once taken; None while it
        waits (now held)."""
        chosen = self.chosen.pop(op, None)
        if chosen is None and op.index not in self.ops:
            self.ops[op.index] = op
            heappush(self.later, -op.index)
        return chosen

    def take(self, read: _Reads, exports: dict, stack: list) -> bool:
        """Put the latest waiting op back on the walk's `stack` with the inputs its read
        outputs and exports need; False when none waits."""
        if not self.later:
            return False
        op = self.ops.pop(-heappop(self.later))
        kernel = SUBGRAPH_KERNELS[op.type]
        outs, inside = read.get(op), exports.get(op, ())
        controls = getattr(kernel, "controls_read", None)
        self.chosen[op] = (
            kernel.inputs_read(op, outs, inside),
            op.control_inputs if controls is None else controls(op, outs, inside),
        )
        stack.append(op)
        return True


class _NoTensor:
    """Stands for an output-less op in an error message."""

    def __init__(self, op: Operation):
        self.name = op.name
        self.op = op


# -- pass 3: feeds present, then limits --------------------------------------------------------


def check_feeds(order: list[Operation], fed: dict[Tensor, Any], body: bool = False) -> None:
    """Refuse a run missing a placeholder's feed, or updating a fed variable (a body's
    inputs, variables included, are the engine's own values)."""
    for op in order:
        if op.type == "Placeholder" and op.outputs[0] not in fed:
            raise error(
                "MISSING_FEED",
                f"you must feed a value for placeholder {op.name}",
                node=op.name,
                details={"tensor": op.outputs[0].name},
            )
        if not body and op.definition.ref_input and op.inputs and op.inputs[0] in fed:
            _refuse_fed_ref(op)


def check_fed_inside(graph: Graph, order: list[Operation], fed: dict[Tensor, Any]) -> None:
    """Refuse a feed of a tensor that a cond's or loop's body reads when the run runs
    that body: TF's feed replaces the tensor inside the body too, which a body's plan
    (fed its captures alone) would not see, computing the tensor's own value instead.
    (Read from outside alone, as a branch's value is, the feed is honoured.)"""
    inside = [t for t in fed if graph.body_of(t.op) is not None]
    if not inside:
        return
    needed = set(order)
    for t in inside:
        holder = placer(graph, t.op, None)
        if holder in needed and _read_inside(graph, t, holder):
            raise error(
                "FEED_NOT_ALLOWED",
                f"{t.name} is computed inside the body of {holder.name}, which this run "
                "runs: a feed of it would not reach the body; feed a value the body reads "
                "from outside instead",
                node=t.op.name,
                details={"tensor": t.name},
            )


def _read_inside(graph: Graph, t: Tensor, holder: Operation) -> bool:
    """Whether `t` is an output of its body or read by an op inside `holder`."""
    if t in graph.body_of(t.op).outputs:
        return True
    return any(placer(graph, op, None) is holder for op in t.consumers())


def _refuse_fed_ref(op: Operation) -> None:
    """A fed variable is a value, not the variable: TF fails a run whose update (assign,
    scatter, initializer) or `is_variable_initialized` takes it by reference. TF's
    `read_value` is an Identity and reads the fed value; graphgate's reads the variable, so
    it is refused too rather than answering the variable's value."""
    t = op.inputs[0]
    raise error(
        "FEED_NOT_ALLOWED",
        f"Input 0 of node {op.name} was passed {t.dtype.name} from {t.name} incompatible "
        f"with expected {t.dtype.name}_ref: a fed variable cannot be updated or read by "
        "reference",
        node=op.name,
    )


def check_limits(
    order: list[Operation], fed: dict[Tensor, Any], limits: Limits
) -> tuple[bool, int]:
    """Refuse a plan over the node or tensor limits. Whether some shape is only known
    once the feeds are (the plan then checks shapes per run), and under `max_run_bytes`
    the bytes of every value of a static shape the plan makes (constants aside): an upper
    bound of what its run holds at once, read here to spare most plans the walk."""
    if limits.max_nodes is not None and len(order) > limits.max_nodes:
        raise error(
            "GRAPH_TOO_LARGE",
            f"the run needs {len(order)} nodes, more than the limit of {limits.max_nodes}",
            details={"nodes": len(order), "limit": limits.max_nodes},
        )
    max_el = limits.max_tensor_elements
    budgeted = limits.max_run_bytes is not None
    dynamic = False
    total = 0
    for op in order:
        for t in op.outputs:
            shape = t.static_shape
            if shape is None or None in shape:
                dynamic = True
                continue
            n = prod(shape)
            if max_el is not None and n > max_el:
                raise tensor_too_large(op, shape, n, max_el)
            if budgeted and op.type != "Const":
                total += n * element_bytes(t.dtype)
    return dynamic or any(num_elements(t.static_shape) is None for t in fed), total


# -- pass 4: slots and steps -------------------------------------------------------------------


class _Builder:
    """Slots: 0 holds the run state, then feeds, a trash slot, constants and step outputs."""

    def __init__(self, plan: Plan, fed: dict[Tensor, Any], optimize: bool, compile_body):
        self.plan = plan
        self.budgeted = plan.limits.max_run_bytes is not None
        self.fed = fed
        self.fed_ops = {t.op for t in fed}
        self.tpl: list[Any] = [None]
        self.slot_of: dict[Tensor, int] = {}
        self.size_of: dict[int, int | None] = {}
        self.steps: list[Step] = []
        self.merger = _opt.Merger(optimize)
        self.compile_body = compile_body
        # (key, slot, tensor) of each feed, for `plan.feeds`.
        self.feeds: list[tuple[Any, int, Tensor]] = []
        for t, key in fed.items():
            self.slot_of[t] = self.new_slot(None)
            self.feeds.append((key, self.slot_of[t], t))
        self.trash = self.new_slot(None)
        self.dead: int | None = None
        # What may be dead in this plan: set by `build_steps` when a cond exports.
        self.liveness: _liveness.Liveness | None = None
        self.true: int | None = None

    def token(self, op: Operation) -> int:
        """The slot telling whether `op` ran: its token when it may be dead, else a
        constant True (a body's plan answers it for an op its cond exports)."""
        slot = self.slot_of.get(op)
        if slot is None:
            if self.true is None:
                self.true = self.new_slot(True)
            slot = self.true
        return slot

    def new_slot(self, value: Any) -> int:
        self.tpl.append(value)
        return len(self.tpl) - 1

    def add(self, op: Operation, exports: list[Tensor], read: set[int] | None = None) -> None:
        # Runs once per needed node of every compiled plan: the common case (one output,
        # not fed, nothing exported) stays inline.
        if op.type == "Const" and self.merger.constant_slot(op, self):
            return
        d = op.definition
        slot_of = self.slot_of
        inputs = op.inputs
        try:
            if d.ref_input:
                ins = (self.trash, *map(slot_of.__getitem__, inputs[1:]))
            elif len(inputs) == 2:
                ins = (slot_of[inputs[0]], slot_of[inputs[1]])
            else:
                ins = tuple(map(slot_of.__getitem__, inputs))
        except KeyError:
            ins = self.dead_inputs(op)
        if self.liveness is not None and self.add_guarded(op, exports, read, ins):
            return
        key = self.merger.reuse(op, ins, self)
        if key is True:
            return
        outputs = op.outputs
        if exports or len(outputs) != 1 or outputs[0] in self.fed:
            outs = self.output_slots(op, exports)
        else:
            t = outputs[0]
            slot = len(self.tpl)
            self.tpl.append(None)
            slot_of[t] = slot
            self.size_of[slot] = num_elements(t.static_shape)
            outs = (slot,)
        fn, takes_state = step_kernel(op, exports, self.compile_body, read, self.budgeted)
        step = Step(op, fn, (0, *ins) if takes_state else ins, outs)
        self.steps.append(step)
        if key is not None:
            self.merger.remember(key, step)
        if self.liveness is not None:
            self.liveness.added(op, ins, outs, exports, fn, False)

    def add_guarded(self, op: Operation, exports: list, read: set[int] | None, ins: tuple) -> bool:
        """Add `op`'s step guarded by what may make it dead (`liveness.py`); False when
        nothing may, and the step is added as any other. A guarded step is never merged
        or folded: its outputs are dead or not with it."""
        live = self.liveness
        guards, captures, passed = live.guards(op, ins, self.slot_of)
        if not guards and not captures and not passed:
            return False
        outs = self.output_slots(op, exports)
        token = op in live.waited and bool(guards)
        if token:
            slot = self.new_slot(None)
            self.size_of[slot] = 0
            self.slot_of[op] = slot
            outs = (*outs, slot)
        compile_body = self.compile_body
        if captures or passed:
            # Its branches' plans are built knowing which of their feeds may be dead, and
            # fed the tokens of the ops outside that their ops wait on, after the captures.
            dead = frozenset(op.inputs[i + 1] for i in captures)
            tokens = tuple(c for c, _ in passed)
            compile_body = partial(_compiling_with_dead, self.compile_body, dead, tokens)
            ins = (*ins, *(s for _, s in passed))
        fn, takes_state = step_kernel(op, exports, compile_body, read, self.budgeted)
        step_ins = (0, *ins) if takes_state else ins
        if guards:
            n_outs = len(outs) - token
            fn, step_ins = _liveness.guard(fn, len(guards), n_outs, token), (*guards, *step_ins)
        self.steps.append(Step(op, fn, step_ins, outs))
        live.added(op, ins, outs, exports, fn, bool(guards))
        return True

    def dead_inputs(self, op: Operation) -> tuple[int, ...]:
        """The slots of a control-flow op's inputs where the needed-ops pass computed only
        those its read outputs need (`inputs_read`): the others read a slot never
        written, whose None no body reads."""
        if not hasattr(SUBGRAPH_KERNELS.get(op.type), "inputs_read"):
            raise KeyError(op.name)
        if self.dead is None:
            self.dead = self.new_slot(None)
        return tuple(self.slot_of.get(t, self.dead) for t in op.inputs)

    def output_slots(self, op: Operation, exports: list[Tensor]) -> tuple[int, ...]:
        outs = []
        for t in (*op.outputs, *exports):
            if t in self.fed:
                outs.append(self.trash)
                continue
            slot = self.new_slot(None)
            self.slot_of[t] = slot
            # An exported op (a branch's op a tf.group outside waits on) holds nothing.
            self.size_of[slot] = num_elements(t.static_shape) if isinstance(t, Tensor) else 0
            outs.append(slot)
        return tuple(outs)


def _compiling_with_dead(
    compile_body: Callable,
    dead: frozenset,
    tokens: tuple,
    body: Any,
    feeds: list,
    outputs: list,
    targets=(),
) -> Plan:
    """`compile_body` for a cond whose captures `dead` may be dead when it runs, and whose
    branches' ops wait on the ops `tokens` outside, which may be dead too."""
    return compile_body(body, feeds, outputs, targets, dead=dead & set(feeds), tokens=tokens)


def step_kernel(
    op: Operation,
    exports: Any,
    compile_body: Any,
    read: set[int] | None = None,
    budgeted: bool = False,
) -> tuple[Callable, bool]:
    """`op`'s kernel as a step calls it, and whether it takes the run state first
    (`read`: the outputs a control-flow op's readers use, None for all; `budgeted`: the
    run has a `max_run_bytes`, whose walk counts each value by its shape: a view into a
    larger array is copied then, and a string output's text charged)."""
    d = op.definition
    try:
        if op.type in SUBGRAPH_KERNELS:
            factory = SUBGRAPH_KERNELS[op.type]
            if getattr(factory, "takes_read", False):
                fn = factory(op, exports, compile_body, read=read)
            else:
                fn = factory(op, exports, compile_body)
        elif read is not None and op.type in READ_KERNELS:
            fn = d.kernel(op, read=read)
        else:
            fn = d.kernel(op)
    except GraphgateError as exc:
        exc.node = exc.node or op.name
        raise
    except InferenceError as exc:
        # A kernel's factory checking its attributes as inference does (a node read from a
        # document was never inferred with them): the run's error, not an unexpected one.
        raise error(
            exc.code, exc.message, node=op.name, details={"op": op.type, **exc.details}
        ) from None
    except KeyError as exc:  # an attribute the document left out and nothing required
        raise error(
            "INVALID_ATTR",
            f"{op.type} needs the attribute {exc.args[0]!r}",
            node=op.name,
            details={"op": op.type, "attr": str(exc.args[0])},
        ) from None
    except (ValueError, TypeError, ArithmeticError, IndexError) as exc:
        # A factory reading an attribute no kernel could take (a document's, which nothing
        # checked as TF's op registry would): a failed node, as its kernel's would be.
        raise run_error(exc, op) from None
    # A kernel may ask for the run state for some dtypes only (Add of strings).
    takes_state = d.needs_state or getattr(fn, "needs_state", False)
    if budgeted and op.type in _run_bytes.VIEWING_KERNELS:
        fn = _run_bytes.owning(fn)
    # Made once per node of every graph: one identity test for one output.
    outputs = op.outputs
    strings = None
    if len(outputs) == 1:
        if outputs[0].dtype is _dt.string:
            fn, strings = _string_outputs(fn, [0], 1), [0]
    elif any(t.dtype is _dt.string for t in outputs):
        strings = [i for i, t in enumerate(outputs) if t.dtype is _dt.string]
        fn = _string_outputs(fn, strings, len(outputs))
    if strings and budgeted:
        fn, takes_state = _run_bytes.charging_strings(fn, op, strings, takes_state), True
    return fn, takes_state


def build_steps(
    plan: Plan,
    needed: Needed,
    fed: dict,
    optimize: bool,
    compile_body,
    elems: list = (),
    dead: frozenset = frozenset(),
    tokens: tuple = (),
) -> _Builder:
    b = _Builder(plan, fed, optimize, compile_body)
    for c in tokens:
        # Fed after the captures: whether an op outside that this body's ops wait on ran.
        b.slot_of[c] = b.new_slot(None)
        b.feeds.append((c, b.slot_of[c], _TOKEN))
    for t in needed.folded:
        b.slot_of[t] = b.new_slot(shape_stub(t))
    exports, read = needed.exports, needed.read
    if dead or tokens or any(p.type == "If" for p in exports):
        # A cond exports a branch's value or op, or this branch's plan captures a value
        # that may be dead: what reads or waits on them may be dead.
        fetched = [x for x in elems if isinstance(x, Operation)]
        b.liveness = _liveness.Liveness(needed.order, fetched)
        b.liveness.dead.update(b.slot_of[t] for t in dead if t in b.slot_of)
    add = b.add
    if exports or read:
        for op in needed.order:
            add(op, exports.get(op, ()), read.get(op))
    else:
        for op in needed.order:
            add(op, ())
    return b


class _Token:
    """Stands for the tensor of a token fed to a body's plan (`build_steps`' `tokens`):
    a scalar, True or None."""

    static_shape = ()


_TOKEN = _Token()


# -- passes 7 and 8: freeing and deadline checks -----------------------------------------------


def plan_frees(steps: list[Step], size_of: dict[int, int | None], fetched: set) -> None:
    """Release big values after their last use (fetched values are kept)."""
    big = {s for s, n in size_of.items() if n is None or n >= FREE_MIN_ELEMENTS}
    big -= fetched
    if not big:
        return
    # Walking backwards, the first step to read a slot is its last reader.
    last_read = big.intersection
    remove = big.remove
    for step in reversed(steps):
        ins = step.ins
        if len(ins) == 2:
            # Most steps read two slots: tested one by one, no set made per step.
            a, b = ins
            if a in big:
                remove(a)
                if b in big:
                    remove(b)
                    step.free = (a, b)
                else:
                    step.free = (a,)
            elif b in big:
                remove(b)
                step.free = (b,)
            continue
        dead = last_read(ins)
        if dead:
            big -= dead
            step.free = tuple(dead)


def place_checks(steps: list[Step], size_of: dict[int, int | None], interval: int) -> None:
    """A clock reading every `interval` steps and after every step that may be slow."""
    heavy = {s for s, n in size_of.items() if n is None or n >= HEAVY_ELEMENTS}
    since_check = 0
    for step in steps:
        since_check += 1
        outs = step.outs
        if since_check >= interval or step.op.definition.heavy or (outs and outs[0] in heavy):
            step.check = True
            since_check = 0


# -- the pipeline ------------------------------------------------------------------------------


def compile_plan(
    graph: Graph,
    limits: Limits,
    optimize: bool,
    fetches: Any,
    feed_keys: tuple,
    targets: Any = None,
    scope: Any = None,
    *,
    defer: bool = False,
    dead: frozenset = frozenset(),
    tokens: tuple = (),
) -> Plan:
    """Compile what `fetches` need given `feed_keys` (tensors or names) and `targets`;
    `scope` is a control-flow body when compiling one (its inputs are the feeds; those in
    `dead` may be dead when it runs: a cond's captures, and so may the ops outside
    `tokens` that its ops wait on, fed after them: `liveness.py`).

    With `defer`, a plan whose shapes are all known stops after the checks (passes 1-3):
    its first run interprets the needed ops (`interpret_graph`) and its second builds the
    steps (passes 4-7), so a graph run once never pays for steps it would use once."""
    plan = Plan(limits)
    plan.nested = scope is not None
    elems = resolve_fetches(plan, graph, fetches)
    fed = resolve_feeds(graph, feed_keys, scope is not None)
    if scope is None:
        plan.buffers = [(i, v) for i, e in enumerate(elems) if (v := variable_buffer(e, fed))]
    required = required_ops(graph, elems, targets)
    needed = needed_ops(graph, elems, required, fed, scope)
    check_feeds(needed.order, fed, scope is not None)
    if scope is None and fed and graph.has_bodies():
        check_fed_inside(graph, needed.order, fed)
    dynamic, upper = check_limits(needed.order, fed, limits)
    if not dynamic and limits.max_run_bytes is not None:
        set_static_peak(plan, needed.order, fed, elems, upper)
    deferred = Deferred(graph, optimize, elems, fed, required, needed)
    deferred.dead, deferred.tokens = dead, tokens
    if defer and not dynamic and not needed.exports:
        plan.deferred = deferred
        plan.feeds = [(key, 0, t) for t, key in fed.items()]
    else:
        deferred.build_steps(plan, dynamic)
    return plan


def set_static_peak(plan: Plan, order: list, fed: dict, elems: list, upper: int) -> None:
    """`plan.peak` of a plan whose shapes are all static: a body's walked (`Plan.call`
    adds it to the calling run's), a run's from `static_peak`, refused now if it alone
    passes the budget with no feeds."""
    if plan.nested:
        plan.peak = _run_bytes.ops_peak(order, fed, elems, FREE_MIN_ELEMENTS)
        return
    plan.peak = static_peak(order, fed, elems, upper, plan.limits.max_run_bytes)
    if plan.peak[1] is None:
        plan.walk_peak = lambda: _run_bytes.ops_peak(order, fed, elems, FREE_MIN_ELEMENTS)
    if not fed:
        plan.check_bytes(None, plan.peak, 0)  # refused before it is built


def static_peak(order: list, fed: dict, elems: list, upper: int, limit: int) -> tuple:
    """(bytes, op at the peak) of a plan whose shapes are all static, feeds aside; when
    all of its values and feeds fit the budget together, their bytes and no op (nothing
    to refuse, and no walk: it costs a pass over the ops, five times a deferred compile)."""
    fed_bytes = sum(_run_bytes.value_bytes(t.static_shape, t.dtype) for t in fed)
    if upper + fed_bytes <= limit and not _holds_beside_the_run(order):
        return upper, None
    return _run_bytes.ops_peak(order, fed, elems, FREE_MIN_ELEMENTS)


# Op types (prefixes) that hold bytes beside the run's values and check them against what
# the run is charged as they run: a queue runner's enqueue run by a dequeue
# (`Session.run_within`), a queue's elements, a tf.data buffer filled by a get_next, a
# TensorArray's buffer sized as it runs.
_HOLDS_BESIDE = (
    "QueueDequeue",
    "QueueEnqueue",
    "IteratorGetNext",
    "DatasetToSingleElement",
    "TensorArray",
)


def _holds_beside_the_run(order: list) -> bool:
    """Whether an op runs a plan inside the run (a control-flow body, `_HOLDS_BESIDE`) or
    holds bytes beside it, checked beside what the run is charged, which must then be the
    run's peak: the bound of all its values together refused a 52 MB enqueue whose run
    held 12 MB at once under a 54 MB budget that a 20 MB one ran. A string output's text
    is charged as it is made (`run_bytes.charging_strings`), so such a plan is walked too."""
    return any(
        op.type in SUBGRAPH_KERNELS
        or op.type.startswith(_HOLDS_BESIDE)
        or any(t.dtype is _dt.string for t in op.outputs)
        for op in order
    )


class Deferred:
    """What passes 1-3 found, from which passes 4-7 build the steps."""

    def __init__(self, graph, optimize, elems, fed, required, needed):
        self.graph, self.optimize = graph, optimize
        self.elems, self.fed, self.required, self.needed = elems, fed, required, needed
        # The feeds of a body's plan that may be dead (`compile_plan`'s `dead`).
        self.dead: frozenset = frozenset()
        # The ops outside a body whose tokens its plan is fed (`compile_plan`'s `tokens`).
        self.tokens: tuple = ()
        self.lock = threading.Lock()

    def build(self, plan: Plan) -> None:
        """Build the steps of a deferred plan (once, whichever thread comes first)."""
        with self.lock, paused_collection():
            if plan.deferred is self:
                self.build_steps(plan, False)
                plan.deferred = None

    def compile_body(self, limits: Limits) -> Callable:
        def compile_body(
            body: Any,
            feeds: list,
            outputs: list,
            targets: Any = (),
            dead: frozenset = frozenset(),
            tokens: tuple = (),
        ) -> Plan:
            fetches, feed_keys = list(outputs), tuple(feeds)
            return compile_plan(
                self.graph,
                limits,
                self.optimize,
                fetches,
                feed_keys,
                list(targets),
                body,
                dead=dead,
                tokens=tokens,
            )

        return compile_body

    def build_steps(self, plan: Plan, dynamic: bool) -> None:
        """Passes 4-7 into `plan`."""
        elems, optimize = self.elems, self.optimize
        b = build_steps(
            plan,
            self.needed,
            self.fed,
            optimize,
            self.compile_body(plan.limits),
            elems,
            self.dead,
            self.tokens,
        )
        # One assignment: a first run in another thread may be reading the feeds.
        plan.feeds = b.feeds
        # A body's plan answers whether each op its cond exports ran (`_Builder.token`).
        nested = plan.nested
        plan.fetch_slots = [
            b.slot_of[x] if isinstance(x, Tensor) else b.token(x) if nested else None for x in elems
        ]
        if b.liveness is not None:
            plan.dead_fetches = b.liveness.dead_fetches(elems, plan.fetch_slots, self.fed)
        steps = b.steps
        if optimize and b.merger.changed:
            # Every needed op's step is needed unless merging or folding orphaned it.
            live = {s for s in plan.fetch_slots if s is not None}
            alias = {**b.merger.alias, **_branch_ops_by_cond(self.needed.exports)}
            req = {alias.get(op, op) for op in self.required}
            steps = _opt.prune(steps, live, req, alias)
        if dynamic:
            plan.dynamic = steps
        plan.steps = steps
        plan.template = b.tpl
        plan.size_of = b.size_of
        plan.fusable = optimize
        plan.trash = b.trash
        plan_frees(steps, b.size_of, set(plan.fetch_slots))
        place_checks(steps, b.size_of, plan.check_interval)
        if not steps and not plan.feeds:
            plan.is_const = True
            plan.const_result = [None if s is None else b.tpl[s] for s in plan.fetch_slots]


def _branch_ops_by_cond(exports: dict) -> dict:
    """The cond that runs each branch op an op outside waits on (`_Places.branch_control`):
    pruning keeps the cond's step for such a waiter, which has no value of it to keep
    alive (a `tf.group` of a branch's update fetched beside a folded constant left the
    update unrun)."""
    return {c: p for p, ts in exports.items() for c in ts if isinstance(c, Operation)}


@contextmanager
def paused_collection() -> Iterator[None]:
    """Compiling allocates many small objects at once; collecting meanwhile would only
    rescan the graph. (Paused around the engine's own work, never its caller's.)"""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# -- the first run of a deferred plan: the needed ops, interpreted -----------------------------


class _Discarded:
    """Where the output of a fed tensor's op goes (the fed value stays)."""


_DISCARDED = _Discarded()


def interpret_graph(
    plan: Plan, d: Deferred, state: RunState, feed_dict: dict | None
) -> list | None:
    """Run a deferred plan's needed ops in creation order without building steps: what
    `build_steps` and `Plan.interpret` would compute, with each value released after its
    last reader. None, before anything is computed, when some op needs steps (a
    control-flow op compiles its bodies)."""
    fed = d.fed
    vals: dict[Any, Any] = {}
    # How many reads of each value are left; a fetched value is read once more, at the end.
    reads: dict[Tensor, int] = dict.fromkeys((x for x in d.elems if isinstance(x, Tensor)), 1)
    calls = _first_run_calls(d.needed.order, fed, state, vals, reads)
    if calls is None:
        return None
    for t in d.needed.folded:
        vals[t] = shape_stub(t)
    if plan.feeds:
        args = [state]
        plan.feed(feed_dict, args)
        vals.update(zip(fed, args[1:], strict=True))
    with computing():
        _run_calls(*calls, vals, reads, state.deadline, plan.check_interval)
    return [vals[x] if isinstance(x, Tensor) else None for x in d.elems]


def _first_run_calls(
    order: list[Operation], fed: dict, state: RunState, vals: dict, reads: dict
) -> tuple[list, list] | None:
    """The ops to run and their kernels, counting reads per tensor; constants go straight
    into `vals`. A kernel that does not read `op.inputs` into `op.outputs` comes as a
    tuple (kernel, input tensors, output keys). Every kernel is made before any runs, so
    that an op no kernel can be made for fails the run before it starts, as it fails
    compiling; no tuple is made for the common case (a tracked object per node costs the
    collector's time)."""
    fed_ops = {t.op for t in fed}
    ops, fns = [], []
    get = reads.get
    for op in order:
        if op.type == "Const" and op not in fed_ops and not op.control_inputs:
            vals[op.outputs[0]] = op.attrs["value"]
            continue
        if op.type in SUBGRAPH_KERNELS:
            return None
        fn, takes_state = step_kernel(op, (), None, None, state.max_bytes is not None)
        ins = op.inputs
        for t in ins[1:] if op.definition.ref_input else ins:
            reads[t] = get(t, 0) + 1
        ops.append(op)
        if takes_state or op.definition.ref_input or (fed_ops and op in fed_ops):
            fns.append(_special_call(op, fn, takes_state, state, fed))
        else:
            fns.append(fn)
    return ops, fns


def _special_call(op: Operation, fn: Callable, takes_state: bool, state: RunState, fed: dict):
    ins, outs = op.inputs, op.outputs
    prefix = (state,) if takes_state else ()
    if op.definition.ref_input:
        # A ref input (the variable an assign updates) is read through the run state;
        # the kernel gets None in its place, as from the compiled plan's trash slot.
        prefix, ins = (*prefix, None), ins[1:]
    if prefix:
        fn = partial(fn, *prefix)
    return fn, ins, tuple(_DISCARDED if t in fed else t for t in outs)


def _slow(op: Operation) -> bool:
    """Whether the clock is read after `op`, as `place_checks` decides for a step."""
    if op.definition.heavy:
        return True
    if not op.outputs:
        return False
    n = num_elements(op.outputs[0].static_shape)
    return n is None or n >= HEAVY_ELEMENTS


def _run_calls(
    ops: list, fns: list, vals: dict, reads: dict, deadline: float, interval: int
) -> None:
    # A first run of a large graph spends a tenth of its time in this loop: keep it to
    # what every op needs.
    timed = deadline != np.inf
    since_check = 0
    op = None
    try:
        for op, fn in zip(ops, fns, strict=True):
            if type(fn) is tuple:
                fn, ins, outs = fn
            else:
                ins, outs = op.inputs, op.outputs
            n = len(ins)
            if n == 2:
                r = fn(vals[ins[0]], vals[ins[1]])
            elif n == 1:
                r = fn(vals[ins[0]])
            else:
                r = fn(*[vals[t] for t in ins])
            if len(outs) == 1:
                vals[outs[0]] = r
            elif outs:
                vals.update(zip(outs, r, strict=True))
            for t in ins:
                left = reads[t] - 1
                if left:
                    reads[t] = left
                else:
                    del vals[t]
            if timed:
                since_check += 1
                if since_check >= interval or _slow(op):
                    since_check = 0
                    if _now() > deadline:
                        raise _deadline(op)
    except Exception as exc:
        raise run_error(exc, op) from None
