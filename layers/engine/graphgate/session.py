"""Session: compiles a plan per fetch/feed/target signature, caches it, runs it.

A plan is the needed subgraph only, in creation order (a topological order, found without
recursion), after merging common subexpressions, folding constants and pruning dead steps.
Its first runs go through a tight interpreter; a plan that keeps being run is turned into
a straight-line Python function (codegen, as torch.fx does). Run state — feeds, variable
values, random generators — lives in the session and in per-run objects, never on nodes.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import optimize as _opt
from .errors import GraphgateError, error
from .graph import Graph, Operation, Tensor, get_default_graph
from .limits import DEFAULT_LIMITS, Limits
from .ops.registry import InferenceError, num_elements

# Folding keeps results in the plan; bigger ones are computed per run instead.
FOLD_MAX_ELEMENTS = 1 << 16
# Values at least this big are released after their last use.
FREE_MIN_ELEMENTS = 1 << 12
# A step whose output may be this big gets a clock reading after it.
HEAVY_ELEMENTS = 1 << 16
CODEGEN_MAX_STEPS = 50_000
PLAN_CACHE_SIZE = 64

_now = time.perf_counter
_local = threading.local()


def get_default_session() -> Session:
    stack = getattr(_local, "sessions", None)
    if not stack:
        raise error(
            "SESSION_CLOSED",
            "no default session; use `with gg.Session() as sess:` or pass session=",
        )
    return stack[-1]


class RunOptions:
    """TensorFlow-style run options: a timeout and a trace level."""

    NO_TRACE = 0
    FULL_TRACE = 3

    def __init__(self, timeout_in_ms: int = 0, trace_level: int = 0):
        self.timeout_in_ms = timeout_in_ms
        self.trace_level = trace_level


class RunMetadata:
    """Filled by `Session.run` when given: `step_stats` has one dict per executed node."""

    def __init__(self):
        self.step_stats: list[dict[str, Any]] = []


class _RunState:
    """What one run reads and writes besides its slots."""

    __slots__ = ("rngs", "start", "store")

    def __init__(self, start: dict, rngs: dict):
        self.start = start
        self.store: dict | None = None
        self.rngs = rngs

    def read(self, name: str) -> np.ndarray:
        try:
            return self.start[name]
        except KeyError:
            raise error(
                "UNINITIALIZED_VARIABLE",
                f"attempting to use uninitialized variable {name}; run its initializer first",
                node=name,
            ) from None

    def current(self, name: str) -> np.ndarray:
        if self.store is None:
            return self.read(name)
        try:
            return self.store[name]
        except KeyError:
            raise error(
                "UNINITIALIZED_VARIABLE",
                f"attempting to use uninitialized variable {name}; run its initializer first",
                node=name,
            ) from None

    def write(self, name: str, value: np.ndarray) -> np.ndarray:
        if self.store is None:
            self.store = dict(self.start)
        value.flags.writeable = False
        self.store[name] = value
        return value

    def rng(self, op: Operation) -> np.random.Generator:
        gen = self.rngs.get(op.name)
        if gen is None:
            seed, seed2 = op.attrs.get("seed"), op.attrs.get("seed2")
            gen = np.random.default_rng(None if seed is None else [seed, seed2 or 0])
            self.rngs[op.name] = gen
        return gen


class _Step:
    __slots__ = ("check", "fn", "free", "ins", "op", "outs")

    def __init__(self, op, fn, ins, outs):
        self.op = op
        self.fn = fn
        self.ins = ins
        self.outs = outs
        self.free: tuple[int, ...] = ()
        self.check = False


def _finish(v: Any) -> Any:
    if type(v) is np.ndarray:
        if v.ndim == 0:
            return v[()]
        if not v.flags.writeable:
            return v.copy()
    return v


class Plan:
    """A compiled run: slots, steps, feeds and how to rebuild the fetch structure."""

    def __init__(self):
        self.steps: list[_Step] = []
        self.template: list[Any] = []
        self.feeds: list[tuple[Any, int, Tensor]] = []
        self.fetch_slots: list[int | None] = []
        self.rebuild: Callable = lambda outs: outs
        self.single = False
        self.const_result: Any = None
        self.is_const = False
        self.dynamic: list[_Step] | None = None
        self.shape_cache: dict[tuple, bool] = {}
        self.runs = 0
        self.fn: Callable | None = None
        self.lines: list[int] = []
        self.check_interval = 64

    # -- running -----------------------------------------------------------------------------
    def execute(
        self, sess: Session, feed_dict: dict | None, deadline: float, metadata: RunMetadata | None
    ) -> Any:
        state = _RunState(sess._vars, sess._rngs)
        if self.fn is None:
            n = len(self.steps)
            if (self.runs == 1 and n <= 2000) or (self.runs == 8 and n <= CODEGEN_MAX_STEPS):
                self._codegen()
        self.runs += 1
        if self.fn is not None and metadata is None:
            # The generated function takes the run state and the feeds only; constants
            # are bound into it, so no slot list is built per run.
            args = [state]
            if self.feeds:
                self._feed(sess, feed_dict, args)
            with np.errstate(all="ignore"):
                outs = self._run_generated(args, deadline)
        else:
            vals = self.template.copy()
            vals[0] = state
            if self.feeds:
                self._feed(sess, feed_dict, vals)
            with np.errstate(all="ignore"):
                if metadata is not None:
                    outs = self._trace(vals, deadline, metadata)
                else:
                    outs = self._interpret(vals, deadline)
        if state.store is not None:
            sess._vars = state.store
        if self.single:
            return _finish(outs[0])
        return self.rebuild([_finish(v) for v in outs])

    def _feed(self, sess: Session, feed_dict: dict, vals: list) -> None:
        """Check and convert the feeds into their slots of `vals`, or append them in
        order when `vals` holds only the run state (the generated function's arguments)."""
        append = len(vals) == 1
        total = 0
        shapes = []
        for key, slot, t in self.feeds:
            v = feed_dict[key]
            dtype = t.dtype
            if type(v) is not np.ndarray or v.dtype != dtype:
                try:
                    v = _dt.convert(v, dtype)
                except GraphgateError as exc:
                    code = exc.code if exc.code != "UNSUPPORTED_DTYPE" else "FEED_DTYPE_MISMATCH"
                    raise error(
                        code,
                        f"cannot feed {t.name}: {exc.message}",
                        node=t.op.name,
                        details={"tensor": t.name, **exc.details},
                    ) from None
            static = t._shape
            if static is not None:
                shape = v.shape
                if len(shape) != len(static) or any(
                    s is not None and s != d for s, d in zip(static, shape, strict=True)
                ):
                    raise error(
                        "FEED_SHAPE_MISMATCH",
                        f"cannot feed a value of shape "
                        f"{list(shape)} to {t.name}, which has shape {list(static)}",
                        node=t.op.name,
                        details={"tensor": t.name, "expected": list(static), "got": list(shape)},
                    )
            total += v.nbytes
            if append:
                vals.append(v)
            else:
                vals[slot] = v
            shapes.append(v.shape)
        limit = sess.limits.max_feed_bytes
        if limit is not None and total > limit:
            raise error(
                "FEED_TOO_LARGE",
                f"the feeds hold {total} bytes, more than the limit of {limit}",
                details={"bytes": total, "limit": limit},
            )
        if self.dynamic is not None:
            key = tuple(shapes)
            if key not in self.shape_cache:
                self._check_concrete_shapes(sess.limits, shapes)
                if len(self.shape_cache) > 256:
                    self.shape_cache.clear()
                self.shape_cache[key] = True

    def _check_concrete_shapes(self, limits: Limits, fed_shapes: list) -> None:
        """Infer every shape from the feeds' shapes, so a run that would make a tensor
        over the limit or mismatch shapes is refused before anything is computed."""
        shapes: dict[int, tuple] = {
            i: np.shape(v) for i, v in enumerate(self.template) if i and v is not None
        }
        for (_, slot, _), shape in zip(self.feeds, fed_shapes, strict=True):
            shapes[slot] = shape
        limit = limits.max_tensor_elements
        for step in self.dynamic:
            op = step.op
            in_shapes = [
                shapes.get(s, t._shape)
                for s, t in zip(step.ins[op._def.needs_state :], op.inputs, strict=True)
            ]
            try:
                specs = op._def.infer(in_shapes, [t.dtype for t in op.inputs], op.attrs)
            except InferenceError as exc:
                raise error(
                    exc.code,
                    f"with the shapes fed: {exc.message}",
                    node=op.name,
                    details={"op": op.type, **exc.details},
                ) from None
            for slot, (shape, _) in zip(step.outs, specs, strict=True):
                shapes[slot] = shape
                n = num_elements(shape)
                if limit is not None and n is not None and n > limit:
                    raise _too_large(op, shape, n, limit)

    def _interpret(self, vals: list, deadline: float) -> list:
        step = None
        try:
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
                for s in step.free:
                    vals[s] = None
                if step.check and _now() > deadline:
                    raise _deadline(step.op)
        except Exception as exc:
            raise _run_error(exc, step.op if step is not None else None) from None
        return [None if s is None else vals[s] for s in self.fetch_slots]

    def _trace(self, vals: list, deadline: float, metadata: RunMetadata) -> list:
        step = None
        stats = metadata.step_stats
        try:
            for step in self.steps:
                t0 = _now()
                r = step.fn(*[vals[i] for i in step.ins])
                seconds = _now() - t0
                outs = step.outs
                results = [r] if len(outs) == 1 else list(r) if outs else []
                for s, v in zip(outs, results, strict=True):
                    vals[s] = v
                stats.append(
                    {
                        "node": step.op.name,
                        "op": step.op.type,
                        "seconds": seconds,
                        "shapes": [list(np.shape(v)) for v in results],
                    }
                )
                if _now() > deadline:
                    raise _deadline(step.op)
        except Exception as exc:
            raise _run_error(exc, step.op if step is not None else None) from None
        return [None if s is None else vals[s] for s in self.fetch_slots]

    def _run_generated(self, args: list, deadline: float) -> list:
        try:
            return self.fn(args, deadline)
        except Exception as exc:
            tb = exc.__traceback__
            line = None
            while tb is not None:
                if tb.tb_frame.f_code is self.fn.__code__:
                    line = tb.tb_lineno
                tb = tb.tb_next
            op = None
            if line is not None and 0 <= line - 1 < len(self.lines):
                index = self.lines[line - 1]
                op = self.steps[index].op if index >= 0 else None
            raise _run_error(exc, op) from None

    def _codegen(self) -> None:
        """Turn the steps into one straight-line function of (vals, deadline)."""
        ns: dict[str, Any] = {"_now": _now, "_late": _late, "np": np}
        body: list[str] = []
        lines: list[int] = [-1]
        sources = [0] + [slot for _, slot, _ in self.feeds]
        for i, s in enumerate(sources):
            body.append(f"    v{s} = V[{i}]")
            lines.append(-1)
        for s, value in enumerate(self.template):
            if value is not None and s:
                ns[f"v{s}"] = value
        defined = set(sources) | {s for step in self.steps for s in step.outs}
        for s in sorted({s for step in self.steps for s in step.ins} - defined):
            if self.template[s] is None:
                body.append(f"    v{s} = None")
                lines.append(-1)
        for i, step in enumerate(self.steps):
            ns[f"k{i}"] = step.fn
            args = ", ".join(f"v{s}" for s in step.ins)
            outs = step.outs
            target = (
                "_"
                if not outs
                else f"v{outs[0]}"
                if len(outs) == 1
                else ", ".join(f"v{s}" for s in outs) + ","
            )
            body.append(f"    {target} = k{i}({args})")
            lines.append(i)
            if step.free:
                body.append("    del " + ", ".join(f"v{s}" for s in step.free))
                lines.append(i)
            if step.check:
                ns[f"o{i}"] = step.op
                body.append(f"    if _now() > D: _late(o{i})")
                lines.append(i)
        rets = ", ".join("None" if s is None else f"v{s}" for s in self.fetch_slots)
        body.append(f"    return [{rets}]")
        lines.append(-1)
        src = "def _plan(V, D):\n" + "\n".join(body) + "\n"
        exec(compile(src, "<graphgate plan>", "exec"), ns)
        self.fn = ns["_plan"]
        self.lines = lines


def _late(op: Operation) -> None:
    raise _deadline(op)


def _deadline(op: Operation) -> GraphgateError:
    return error(
        "DEADLINE_EXCEEDED",
        "the run exceeded its time budget; run it asynchronously or raise the timeout",
        node=op.name,
        details={"retry": "asynchronous"},
    )


def _too_large(op: Operation, shape: tuple, n: int, limit: int) -> GraphgateError:
    return error(
        "TENSOR_TOO_LARGE",
        f"{op.type} would produce a tensor of shape "
        f"{list(shape)} ({n} elements), more than the limit of {limit}",
        node=op.name,
        details={"shape": list(shape), "elements": n, "limit": limit},
    )


def _run_error(exc: Exception, op: Operation | None) -> GraphgateError:
    name = op.name if op is not None else None
    if isinstance(exc, GraphgateError):
        if exc.node is None:
            exc.node = name
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


# -- compiling -------------------------------------------------------------------------------


class _Leaf:
    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


def _fetch_key(fetches: Any) -> Hashable:
    if isinstance(fetches, Tensor | Operation | str):
        return fetches
    if isinstance(fetches, list):
        return ("L", *(_fetch_key(f) for f in fetches))
    if isinstance(fetches, tuple):
        return ("T", type(fetches), *(_fetch_key(f) for f in fetches))
    if isinstance(fetches, dict):
        return ("D", *((k, _fetch_key(v)) for k, v in fetches.items()))
    raise error(
        "INVALID_FETCH",
        f"cannot fetch a {type(fetches).__name__}; fetch tensors, "
        "operations or names, in lists, tuples or dicts",
    )


def _immutable(fetches: Any) -> bool:
    if isinstance(fetches, Tensor | Operation | str):
        return True
    return type(fetches) is tuple and all(_immutable(f) for f in fetches)


def _flatten(fetches: Any, leaves: list) -> Any:
    if isinstance(fetches, list):
        return [_flatten(f, leaves) for f in fetches]
    if isinstance(fetches, tuple):
        items = [_flatten(f, leaves) for f in fetches]
        return type(fetches)(*items) if hasattr(fetches, "_fields") else tuple(items)
    if isinstance(fetches, dict):
        return {k: _flatten(v, leaves) for k, v in fetches.items()}
    leaves.append(fetches)
    return _Leaf(len(leaves) - 1)


def _rebuilder(template: Any) -> Callable:
    def build(t, outs):
        if isinstance(t, _Leaf):
            return outs[t.index]
        if isinstance(t, list):
            return [build(x, outs) for x in t]
        if isinstance(t, tuple):
            items = [build(x, outs) for x in t]
            return type(t)(*items) if hasattr(t, "_fields") else tuple(items)
        return {k: build(v, outs) for k, v in t.items()}

    return lambda outs: build(template, outs)


def _element(graph: Graph, obj: Any, what: str) -> Tensor | Operation:
    try:
        return graph.as_graph_element(obj)
    except GraphgateError as exc:
        if what == "feed" and exc.code == "UNKNOWN_FETCH":
            raise error(
                "UNKNOWN_FEED", exc.message.replace("tensor", "tensor to feed", 1), node=exc.node
            ) from None
        raise


def compile_plan(sess: Session, fetches: Any, feed_keys: tuple, targets: Any) -> Plan:
    graph, limits, optimize = sess.graph, sess.limits, sess.optimize
    plan = Plan()
    plan.check_interval = max(1, limits.check_interval)
    leaves: list = []
    template = _flatten(fetches, leaves)
    plan.single = isinstance(template, _Leaf)
    plan.rebuild = _rebuilder(template)
    elems = [_element(graph, x, "fetch") for x in leaves]

    fed: dict[Tensor, Any] = {}
    for key in feed_keys:
        t = _element(graph, key, "feed")
        if not isinstance(t, Tensor):
            raise error(
                "FEED_NOT_ALLOWED",
                f"{t.name} is an operation without outputs and cannot be fed",
                node=t.name,
            )
        if t.op._def.side_effects:
            raise error(
                "FEED_NOT_ALLOWED",
                f"{t.name} is produced by {t.op.type}, which updates state; it cannot be fed",
                node=t.op.name,
            )
        if t in fed:
            raise error("FEED_NOT_ALLOWED", f"{t.name} is fed twice", node=t.op.name)
        fed[t] = key

    required: set[Operation] = set()
    for x in elems:
        if isinstance(x, Operation):
            required.add(x)
    target_list = (
        targets if isinstance(targets, list | tuple) else ([] if targets is None else [targets])
    )
    for x in target_list:
        x = _element(graph, x, "fetch")
        required.add(x.op if isinstance(x, Tensor) else x)

    # The needed subgraph, found with an explicit stack: deep graphs need no recursion.
    needed: set[Operation] = set()
    stack = [x.op for x in elems if isinstance(x, Tensor) and x not in fed] + list(required)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        for t in op.inputs[1:] if op._def.ref_input else op.inputs:
            if t not in fed and t.op not in needed:
                stack.append(t.op)
        stack.extend(c for c in op.control_inputs if c not in needed)
    order = sorted(needed, key=lambda o: o._id)

    if limits.max_nodes is not None and len(order) > limits.max_nodes:
        raise error(
            "GRAPH_TOO_LARGE",
            f"the run needs {len(order)} nodes, more than the limit of {limits.max_nodes}",
            details={"nodes": len(order), "limit": limits.max_nodes},
        )
    max_el = limits.max_tensor_elements
    dynamic = False
    for op in order:
        if op.type == "Placeholder" and op.outputs[0] not in fed:
            raise error(
                "MISSING_FEED",
                f"you must feed a value for placeholder {op.name}",
                node=op.name,
                details={"tensor": op.outputs[0].name},
            )
        for t in op.outputs:
            n = num_elements(t._shape)
            if n is None:
                dynamic = True
            elif max_el is not None and n > max_el:
                raise _too_large(op, t._shape, n, max_el)
    dynamic = dynamic or any(num_elements(t._shape) is None for t in fed)

    # Slots: 0 holds the run state, then feeds, constants and step outputs.
    tpl: list[Any] = [None]
    slot_of: dict[Tensor, int] = {}
    for t, key in fed.items():
        slot_of[t] = len(tpl)
        tpl.append(None)
        plan.feeds.append((key, slot_of[t], t))
    consts: set[int] = set()
    trash = len(tpl)
    tpl.append(None)
    cse: dict[Hashable, tuple[int, ...]] = {}
    alias: dict[Operation, Operation] = {}
    rep_op: dict[tuple[int, ...], Operation] = {}
    steps: list[_Step] = []
    size_of: dict[int, int | None] = {}
    fed_ops = {t.op for t in fed}
    for op in order:
        d = op._def
        outs_t = op.outputs
        op_type = op.type
        if op_type == "Const" and op not in fed_ops and not op.control_inputs:
            value = op.attrs["value"]
            key = _opt.const_key(value) if optimize else None
            if key is not None and key in cse:
                slot_of[outs_t[0]] = cse[key][0]
                continue
            slot = len(tpl)
            tpl.append(value)
            consts.add(slot)
            slot_of[outs_t[0]] = slot
            if key is not None:
                cse[key] = (slot,)
            continue
        if d.ref_input:
            ins = (trash, *[slot_of[t] for t in op.inputs[1:]])
        else:
            ins = tuple([slot_of[t] for t in op.inputs])
        pure = optimize and not d.stateful and not op.control_inputs and op not in fed_ops
        if pure:
            attrs = op.attrs
            key = (op_type, ins, _opt.attrs_key(attrs) if attrs else ())
            prior = cse.get(key)
            if prior is not None:
                for t, s in zip(outs_t, prior, strict=True):
                    slot_of[t] = s
                alias[op] = rep_op.get(prior, op)
                continue
            if all(s in consts for s in ins):
                sizes = [num_elements(t._shape) for t in outs_t]
                if None not in sizes and sum(sizes) <= FOLD_MAX_ELEMENTS:
                    values = _opt.fold(d.kernel(op), [tpl[s] for s in ins], len(outs_t))
                    if values is not None:
                        slots = []
                        for t, v in zip(outs_t, values, strict=True):
                            slot_of[t] = len(tpl)
                            slots.append(len(tpl))
                            consts.add(len(tpl))
                            tpl.append(v)
                        cse[key] = tuple(slots)
                        continue
        if len(outs_t) == 1 and op not in fed_ops:
            slot = len(tpl)
            t = outs_t[0]
            slot_of[t] = slot
            size_of[slot] = num_elements(t._shape)
            tpl.append(None)
            outs = (slot,)
        else:
            outs_l = []
            for t in outs_t:
                if t in fed:
                    outs_l.append(trash)
                else:
                    slot_of[t] = len(tpl)
                    size_of[len(tpl)] = num_elements(t._shape)
                    outs_l.append(len(tpl))
                    tpl.append(None)
            outs = tuple(outs_l)
        try:
            fn = d.kernel(op)
        except GraphgateError as exc:
            exc.node = exc.node or op.name
            raise
        steps.append(_Step(op, fn, (0, *ins) if d.needs_state else ins, outs))
        if pure:
            cse[key] = outs
            rep_op[outs] = op

    plan.fetch_slots = [slot_of[x] if isinstance(x, Tensor) else None for x in elems]
    live = {s for s in plan.fetch_slots if s is not None}
    req = {alias.get(op, op) for op in required}
    if optimize:
        steps = _opt.prune(steps, live, req, alias)
    plan.steps = steps
    plan.template = tpl

    # Big values are released after their last use; slow steps get a clock reading.
    fetched = set(plan.fetch_slots)
    big = {
        s for s, n in size_of.items() if (n is None or n >= FREE_MIN_ELEMENTS) and s not in fetched
    }
    if big:
        last_use: dict[int, int] = {}
        for i, step in enumerate(steps):
            for s in step.ins:
                if s in big:
                    last_use[s] = i
        frees: dict[int, list[int]] = {}
        for s, i in last_use.items():
            frees.setdefault(i, []).append(s)
        for i, slots in frees.items():
            steps[i].free = tuple(slots)
    heavy = {s for s, n in size_of.items() if n is None or n >= HEAVY_ELEMENTS}
    since_check = 0
    interval = plan.check_interval
    for step in steps:
        since_check += 1
        outs = step.outs
        if since_check >= interval or step.op._def.heavy or (outs and outs[0] in heavy):
            step.check = True
            since_check = 0
    if dynamic:
        plan.dynamic = steps
    if not steps and not plan.feeds:
        plan.is_const = True
        outs = [None if s is None else tpl[s] for s in plan.fetch_slots]
        plan.const_result = outs
    return plan


# -- the session -----------------------------------------------------------------------------


class Session:
    """Runs a graph; holds variable values and random generators between runs.

    Parameters
    ----------
    graph:
        The graph to run (the default graph when None). Servers always pass it.
    limits:
        Resource limits; `Limits()` by default.
    optimize:
        Constant folding, common-subexpression elimination and pruning (default on;
        results are identical either way).
    """

    def __init__(
        self,
        graph: Graph | None = None,
        *,
        limits: Limits | None = None,
        optimize: bool = True,
        config: Any = None,
        target: str = "",
    ):
        self.graph = graph if graph is not None else get_default_graph()
        self.limits = limits if limits is not None else DEFAULT_LIMITS
        self.optimize = optimize
        self._vars: dict[str, np.ndarray] = {}
        self._rngs: dict[str, np.random.Generator] = {}
        self._plans: dict[Hashable, Plan] = {}
        self._closed = False
        self._last_fetches: Any = None
        self._last_plan: Plan | None = None

    def run(
        self,
        fetches: Any,
        feed_dict: dict | None = None,
        options: RunOptions | None = None,
        run_metadata: RunMetadata | None = None,
        *,
        targets: Any = None,
        timeout: float | None = None,
    ) -> Any:
        """Evaluate `fetches` (a tensor, an op, a name, or lists/tuples/dicts of them).

        Parameters
        ----------
        fetches:
            What to compute; the result has the same structure (None for operations).
        feed_dict:
            Values for placeholders or any other tensor of an op without side effects,
            keyed by tensor or name.
        targets:
            Operations run only for their effect (updates, initializers).
        timeout:
            Wall-clock budget in seconds (the limits' `run_timeout` also applies).
        run_metadata:
            If given, `step_stats` receives each node's time and output shapes.

        Raises
        ------
        GraphgateError
            With a stable `code`: MISSING_FEED, FEED_SHAPE_MISMATCH, UNKNOWN_FETCH,
            DEADLINE_EXCEEDED, TENSOR_TOO_LARGE, UNINITIALIZED_VARIABLE, ...
        """
        if (
            fetches is self._last_fetches
            and not feed_dict
            and targets is None
            and timeout is None
            and options is None
            and run_metadata is None
            and not self._closed
        ):
            plan = self._last_plan
            if plan.is_const:
                if plan.single:
                    return _finish(plan.const_result[0])
                return plan.rebuild([_finish(v) for v in plan.const_result])
            return plan.execute(self, None, self._deadline(None), None)
        if self._closed:
            raise error("SESSION_CLOSED", "attempted to use a closed session")
        feed_keys = tuple(feed_dict) if feed_dict else ()
        fkey = fetches if isinstance(fetches, Tensor) else _fetch_key(fetches)
        key = (fkey, feed_keys, None if targets is None else _fetch_key(targets))
        plan = self._plans.get(key)
        if plan is None:
            # Compiling allocates many small objects at once; collecting meanwhile would
            # only rescan the graph.
            collecting = gc.isenabled()
            gc.disable()
            try:
                plan = compile_plan(self, fetches, feed_keys, targets)
            finally:
                if collecting:
                    gc.enable()
            if len(self._plans) >= PLAN_CACHE_SIZE:
                self._plans.pop(next(iter(self._plans)))
            self._plans[key] = plan
        if options is not None and options.timeout_in_ms:
            timeout = min(timeout or np.inf, options.timeout_in_ms / 1000)
        if (
            not feed_keys
            and targets is None
            and run_metadata is None
            and timeout is None
            and _immutable(fetches)
        ):
            # The fast path above trusts identity, so it may only remember fetches that
            # cannot change in place: a list or dict edited between runs needs a new plan.
            self._last_fetches = fetches
            self._last_plan = plan
        if plan.is_const and not feed_keys:
            if plan.single:
                return _finish(plan.const_result[0])
            return plan.rebuild([_finish(v) for v in plan.const_result])
        return plan.execute(self, feed_dict, self._deadline(timeout), run_metadata)

    def check(self, fetches: Any, feed_dict: dict | None = None, *, targets: Any = None) -> None:
        """Raise what `run` would raise about these fetches, feeds and targets before
        computing anything (unknown names, missing feeds, feed dtypes and shapes, limits),
        without computing: a request can be refused before it is queued."""
        if self._closed:
            raise error("SESSION_CLOSED", "attempted to use a closed session")
        feed_keys = tuple(feed_dict) if feed_dict else ()
        plan = compile_plan(self, fetches, feed_keys, targets)
        if plan.feeds:
            plan._feed(self, feed_dict, [None])  # converted values are thrown away

    def _deadline(self, timeout: float | None) -> float:
        if timeout is None and self.limits.run_timeout is None:
            return np.inf
        return self.limits.deadline_from(_now(), timeout)

    # -- variables ---------------------------------------------------------------------------
    def _variable_ops(self) -> dict[str, Operation]:
        return {op.name: op for op in self.graph._ops if op.type == "VariableV2"}

    def get_variables(self) -> dict[str, np.ndarray]:
        """The values of the initialized variables by name (read-only arrays)."""
        self._check_open()
        return dict(self._vars)

    def set_variables(self, values: dict[str, Any]) -> None:
        """Set variables by name, checking each name, dtype and shape; all or nothing."""
        self._check_open()
        ops = self._variable_ops()
        staged = {}
        for name, value in values.items():
            op = ops.get(name)
            if op is None:
                raise error(
                    "UNKNOWN_VARIABLE", f"no variable named {name!r} in the graph", node=name
                )
            t = op.outputs[0]
            try:
                arr = _dt.convert(value, t.dtype)
            except GraphgateError as exc:
                exc.node = name
                raise
            if arr.shape != t._shape:
                raise error(
                    "SHAPE_MISMATCH",
                    f"variable {name} has shape {list(t._shape)}, "
                    f"got a value of shape {list(arr.shape)}",
                    node=name,
                    details={"expected": list(t._shape), "got": list(arr.shape)},
                )
            arr = np.array(arr, copy=True)
            arr.flags.writeable = False
            staged[name] = arr
        self._vars = {**self._vars, **staged}

    def uninitialized_variables(self) -> list[str]:
        return [name for name in self._variable_ops() if name not in self._vars]

    # -- lifecycle ---------------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise error("SESSION_CLOSED", "attempted to use a closed session")

    def close(self) -> None:
        """Release plans and variable values; later runs fail with SESSION_CLOSED."""
        self._closed = True
        self._plans.clear()
        self._vars = {}
        self._last_fetches = None
        self._last_plan = None

    def as_default(self):
        return _DefaultSession(self)

    def __enter__(self) -> Session:
        _local.__dict__.setdefault("sessions", []).append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        stack = _local.__dict__.get("sessions", [])
        if stack and stack[-1] is self:
            stack.pop()
        self.close()


class _DefaultSession:
    def __init__(self, sess: Session):
        self.sess = sess

    def __enter__(self) -> Session:
        _local.__dict__.setdefault("sessions", []).append(self.sess)
        return self.sess

    def __exit__(self, *exc: Any) -> None:
        _local.sessions.pop()
