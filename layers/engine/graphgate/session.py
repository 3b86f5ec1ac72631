"""Session: compiles a plan per fetch/feed/target signature (plan.py), caches it, runs it.

Run state — feeds, variable values, random generators — lives in the session and in
per-run objects, never on nodes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import run_bytes as _run_bytes
from .errors import GraphgateError, OpError, error
from .graph import Graph, Operation, Tensor, get_default_graph
from .indexed_slices import IndexedSlices
from .limits import DEFAULT_LIMITS, Limits
from .plan import (
    Leaf,
    Plan,
    RunState,
    attrs_fields,
    compile_plan,
    finish,
    flatten,
    names_as_operations,
    paused_collection,
    unflatten,
)
from .ragged_tensor import RaggedTensor
from .run_metadata import RunMetadata, RunOptions
from .sparse_tensor import SparseTensor, expand_feeds, expand_fetches, expand_keys, has_sparse

# The HTTP client rebuilds fetch structures with the very same helpers.
_flatten, _Leaf, _unflatten = flatten, Leaf, unflatten

PLAN_CACHE_SIZE = 64

_now = time.perf_counter
_local = threading.local()


def get_default_session() -> Session | None:
    """This thread's innermost default session, or None as TF1's (`tf.test`'s `evaluate`
    and user code branch on that)."""
    stack = getattr(_local, "sessions", None)
    return stack[-1] if stack else None


def default_session() -> Session:
    """The default session `tensor.eval()` and `op.run()` use; an error if there is none."""
    sess = get_default_session()
    if sess is None:
        raise error(
            "SESSION_CLOSED",
            "no default session; use `with gg.Session() as sess:` or pass session=",
        )
    return sess


def push_default_session(sess: Any) -> None:
    """Make `sess` (a `Session` or a `RemoteSession`) this thread's default session, for
    `tensor.eval()` and `op.run()`; internal, for the sessions' `__enter__`."""
    _local.__dict__.setdefault("sessions", []).append(sess)


def pop_default_session(sess: Any) -> None:
    """Undo `push_default_session(sess)` if `sess` is still the innermost default."""
    stack = _local.__dict__.get("sessions", [])
    if stack and stack[-1] is sess:
        stack.pop()


def _flat_feeds(feed_dict: dict | None) -> dict | None:
    """`feed_dict` with each tuple key (an RNN's state, an LSTMStateTuple) fed item by item
    from a value of the same structure, as TF1's `nest.flatten_dict_items` feeds it."""
    if not feed_dict or not any(isinstance(k, tuple) for k in feed_dict):
        return feed_dict
    out: dict = {}

    def add(key: Any, value: Any) -> None:
        if not isinstance(key, tuple):
            out[key] = value
            return
        if not isinstance(value, tuple | list) or len(value) != len(key):
            size = len(value) if isinstance(value, tuple | list) else "not a sequence of"
            raise ValueError(
                f"Could not flatten dictionary. Key had {len(key)} elements, "
                f"but value had {size} elements."
            )
        for k, v in zip(key, value, strict=True):
            add(k, v)

    for key, value in feed_dict.items():
        add(key, value)
    return out


def _fetch_key(fetches: Any) -> Hashable:
    if isinstance(fetches, Tensor | Operation | str):
        return fetches
    if isinstance(fetches, list):
        return ("L", *(_fetch_key(f) for f in fetches))
    if isinstance(fetches, tuple):
        return ("T", type(fetches), *(_fetch_key(f) for f in fetches))
    if isinstance(fetches, dict):
        return ("D", type(fetches), *((k, _fetch_key(v)) for k, v in fetches.items()))
    if isinstance(fetches, SparseTensor | IndexedSlices | RaggedTensor):
        return ("S", fetches)
    names = attrs_fields(fetches)
    if names is not None:
        return ("A", type(fetches), *(_fetch_key(getattr(fetches, n)) for n in names))
    raise error(
        "INVALID_FETCH",
        f"cannot fetch a {type(fetches).__name__}; fetch tensors, "
        "operations or names, in lists, tuples or dicts",
    )


def _immutable(fetches: Any) -> bool:
    if isinstance(fetches, Tensor | Operation | str):
        return True
    return type(fetches) is tuple and all(_immutable(f) for f in fetches)


# -- the session -----------------------------------------------------------------------------


_RANDOM_STATE_KINDS = ("philox", "count", "unigram")


def _random_state_value(kind: str, value: Any) -> Any:
    """One stream's position as JSON-able data; a learned sampler's counts sparsely (those
    above their starting one), as the service keeps the state with the session's item."""
    if kind == "count":
        return value
    if kind == "philox":
        return [int(v) for v in value]
    seen = np.flatnonzero(value != 1)
    return {"size": len(value), "ids": seen.tolist(), "counts": value[seen].tolist()}


def _unigram_counts(value: dict[str, Any]) -> np.ndarray:
    counts = np.ones(int(value["size"]), np.int64)
    ids = np.array(value["ids"], np.int64)
    if ids.size and (ids.min() < 0 or ids.max() >= counts.size):
        raise ValueError("unigram ids")
    counts[ids] = np.array(value["counts"], np.int64)
    return counts


_NOTHING_RUN = (object(), (), None, None)


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
    names_are_outputs:
        A fetched name without `:<index>` is its node's first output (the HTTP API's
        fetch names), not, as in TF1 (the default), the operation, whose value is None.
    """

    def __init__(
        self,
        graph: Graph | None = None,
        *,
        limits: Limits | None = None,
        optimize: bool = True,
        config: Any = None,
        target: str = "",
        names_are_outputs: bool = False,
    ):
        self.graph = graph if graph is not None else get_default_graph()
        self.names_are_outputs = names_are_outputs
        self.limits = limits if limits is not None else DEFAULT_LIMITS
        self.optimize = optimize
        self._vars: dict[str, np.ndarray] = {}
        self._rngs: dict[str, np.random.Generator] = {}
        self._plans: dict[Hashable, Plan] = {}
        self._closed = False
        self._graph_context: Any = None
        # The last signature run, for the fast path: (fetches, feed keys, plan, the
        # result if a constant scalar). A fresh object, never a caller's fetches, first:
        # `run(None)` must not take the fast path.
        self._last: tuple = _NOTHING_RUN

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
        """Evaluate `fetches` (a tensor, an op, a name, or lists/tuples/dicts of them): a
        name without `:<index>` is the operation, run and answered None, as in TF1.

        Parameters
        ----------
        fetches:
            What to compute; the result has the same structure (None for operations).
            A fetched variable (an identity of it, an update's output) is its value
            after the run's updates, as TF1 fetches its buffer.
        feed_dict:
            Values for placeholders or any other tensor, keyed by tensor or name; a fed
            update's output leaves the update unrun, as in TF, and a fed variable may
            not be updated (FEED_NOT_ALLOWED).
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
        try:
            return self._run(fetches, feed_dict, options, run_metadata, targets, timeout)
        except OpError as exc:
            if exc.op is None and exc.node is not None:
                # TF's run-time errors carry the failing operation, which programs read
                # (`e.op.name`); the engine's name the node.
                exc.op = self.graph.ops_by_name.get(exc.node)
            raise

    def _run(
        self,
        fetches: Any,
        feed_dict: dict | None,
        options: RunOptions | None,
        run_metadata: RunMetadata | None,
        targets: Any,
        timeout: float | None,
    ) -> Any:
        # The signature run last, again: (close() forgets it, so a closed session never
        # takes this path.)
        last = self._last
        if (
            fetches is last[0]
            and targets is None
            and timeout is None
            and options is None
            and run_metadata is None
        ):
            if not feed_dict:
                if last[3] is not None:  # (remembered for unfed signatures only)
                    return last[3]
                if not last[1]:
                    plan = last[2]
                    if plan.is_const:
                        if plan.single:
                            return finish(plan.const_result[0])
                        return plan.rebuild([finish(v) for v in plan.const_result])
                    return self._execute(plan, None, None, None)
            elif tuple(feed_dict) == last[1]:
                return self._execute(last[2], feed_dict, None, None)
        if self._closed:
            raise error("SESSION_CLOSED", "attempted to use a closed session")
        feed_dict = _flat_feeds(feed_dict)
        feed_keys = tuple(feed_dict) if feed_dict else ()
        plan = self._plan(fetches, feed_keys, targets, feed_dict)
        if options is not None and options.timeout_in_ms:
            timeout = min(timeout or np.inf, options.timeout_in_ms / 1000)
        if targets is None and run_metadata is None and timeout is None:
            # (The keys remembered are the flattened ones, which feeds keyed by tuples,
            # flattened anew every run, never equal.)
            self._remember(fetches, feed_keys, plan)
        if plan.is_const and not feed_keys and run_metadata is None:
            if plan.single:
                return finish(plan.const_result[0])
            return plan.rebuild([finish(v) for v in plan.const_result])
        if plan.sparse_feeds:
            feed_dict = expand_feeds(feed_dict)
        return self._execute(plan, feed_dict, timeout, run_metadata)

    def _remember(self, fetches: Any, feed_keys: tuple, plan: Plan) -> None:
        """Make this signature the fast path's, if it may be."""
        if plan.deferred is not None or plan.sparse_feeds or not _immutable(fetches):
            # The fast path trusts identity, so it may only remember fetches that cannot
            # change in place: a list or dict edited between runs needs a new plan. Sparse
            # feeds are expanded per run. A plan is remembered once its steps are built
            # (its second run builds them): only then is it known whether its result is
            # a constant.
            return
        scalar = None
        if plan.is_const and plan.single and not feed_keys:
            # A constant scalar result is an immutable numpy scalar: the same one serves
            # every later run of these fetches.
            result = finish(plan.const_result[0])
            scalar = result if isinstance(result, np.generic) else None
        # One tuple, so that no thread reads one signature's fetches with another's plan.
        self._last = (fetches, feed_keys, plan, scalar)

    def make_callable(self, fetches: Any, feed_list: Any = None, accept_options: bool = False):
        """TF1's `Session.make_callable`: a function that runs `fetches`, its positional
        arguments fed to `feed_list`'s keys in order, as `run` does (TF's own callable is
        `run` with a feed dict once there are feeds; it zips, so surplus arguments are
        dropped). Without `feed_list` it takes no arguments (`options` and `run_metadata`
        only `accept_options`), and its fetches are checked when it is made, as TF's are."""
        if feed_list is not None:
            if not isinstance(feed_list, list | tuple):
                raise TypeError(
                    f"Argument `feed_list` must be a list or tuple. Received: feed_list={feed_list}"
                )
            keys = list(feed_list)

            def run_fed(*feed_args: Any, **kwargs: Any) -> Any:
                return self.run(fetches, dict(zip(keys, feed_args, strict=False)), **kwargs)

            return run_fed
        self._check_open()
        if not isinstance(fetches, Tensor):
            _fetch_key(fetches)
        if accept_options:

            def run_with_options(options: Any = None, run_metadata: Any = None) -> Any:
                return self.run(fetches, options=options, run_metadata=run_metadata)

            return run_with_options
        return lambda: self.run(fetches)

    def _plan(self, fetches: Any, feed_keys: tuple, targets: Any, feed_dict: Any) -> Plan:
        """The cached plan of this signature, compiled if new."""
        fkey = fetches if isinstance(fetches, Tensor) else _fetch_key(fetches)
        key = (fkey, feed_keys, None if targets is None else _fetch_key(targets))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._new_plan(fetches, feed_keys, targets, feed_dict)
            if len(self._plans) >= PLAN_CACHE_SIZE:
                self._plans.pop(next(iter(self._plans)))
            self._plans[key] = plan
        return plan

    def _new_plan(self, fetches: Any, feed_keys: tuple, targets: Any, feed_dict: Any) -> Plan:
        with paused_collection():
            try:
                return self._compile(fetches, feed_keys, targets, defer=True)
            except GraphgateError as exc:
                if exc.code == "MISSING_FEED" and feed_keys:
                    # TF checks the fed values (a shape: ValueError) before it finds a
                    # feed missing; so does graphgate.
                    self.check([], feed_dict)
                raise

    def _compile(self, fetches: Any, feed_keys: tuple, targets: Any, defer: bool = False) -> Plan:
        # A SparseTensor is fetched and fed as its three tensors (sparse_tensor.py).
        sparse_feeds = any(
            isinstance(k, SparseTensor | IndexedSlices | RaggedTensor) for k in feed_keys
        )
        if sparse_feeds:
            feed_keys = expand_keys(feed_keys)
        if has_sparse(fetches):
            fetches = expand_fetches(fetches)
        if not self.names_are_outputs:
            fetches = names_as_operations(self.graph, fetches)
        plan = compile_plan(
            self.graph, self.limits, self.optimize, fetches, feed_keys, targets, defer=defer
        )
        plan.sparse_feeds = sparse_feeds
        return plan

    def _execute(
        self, plan: Plan, feed_dict: dict | None, timeout: float | None, md: RunMetadata | None
    ) -> Any:
        limits = self.limits
        deadline = (
            np.inf
            if timeout is None and limits.run_timeout is None
            else limits.deadline_from(_now(), timeout)
        )
        state = RunState(
            self._vars, self._rngs, deadline, limits.max_tensor_elements, limits.max_run_bytes
        )
        try:
            outs = plan.execute(state, feed_dict, None if md is None else md.begin_trace())
        except BaseException:
            # TF's kernels update a variable when they run: a run that fails keeps the
            # updates run before the failing op (the service never stores a failed
            # step's: it discards this session).
            if state.store is not None:
                self._vars = state.store
            raise
        if state.store is not None:
            self._vars = state.store
            for i, name in plan.buffers:
                if name in state.store:
                    outs[i] = state.store[name]
        if plan.single:
            return finish(outs[0])
        return plan.rebuild([finish(v) for v in outs])

    def run_within(self, state: RunState, targets: Any) -> None:
        """Run `targets` inside a run in progress, reading and writing its variables and
        session state: a queue runner's enqueue, run on demand by a dequeue where TF's
        runner thread would have run it (`ops/queue_ops.py`)."""
        key = (None, (), _fetch_key(targets))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._compile([], (), targets)
        start = state.store if state.store is not None else state.start
        inner = RunState(start, state.rngs, state.deadline, state.max_elements, state.max_bytes)
        inner.live, inner.charged = state.live, _run_bytes.charges_of(state)
        plan.execute(inner, None, None)
        if inner.store is not None:
            state.store = inner.store

    @property
    def session_state(self) -> dict:
        """The per-session state beside variables (random streams, iterators, queues and
        their started runners), keyed as `RunState.rngs`; internal to the engine."""
        return self._rngs

    def check(self, fetches: Any, feed_dict: dict | None = None, *, targets: Any = None) -> None:
        """Raise what `run` would raise about these fetches, feeds and targets before
        computing anything (unknown names, missing feeds, feed dtypes and shapes, limits),
        without computing: a request can be refused before it is queued."""
        if self._closed:
            raise error("SESSION_CLOSED", "attempted to use a closed session")
        feed_dict = _flat_feeds(feed_dict)
        feed_keys = tuple(feed_dict) if feed_dict else ()
        plan = self._compile(fetches, feed_keys, targets)
        if plan.feeds:
            # Converted values are thrown away.
            plan.feed(expand_feeds(feed_dict) if plan.sparse_feeds else feed_dict, [None])

    # -- variables ---------------------------------------------------------------------------
    def _variable_ops(self) -> dict[str, Operation]:
        return {op.name: op for op in self.graph.op_list if op.type == "VariableV2"}

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
            if arr.shape != t.static_shape:
                raise error(
                    "SHAPE_MISMATCH",
                    f"variable {name} has shape {list(t.static_shape)}, "
                    f"got a value of shape {list(arr.shape)}",
                    node=name,
                    details={"expected": list(t.static_shape), "got": list(arr.shape)},
                )
            arr = np.array(arr, copy=True)
            arr.flags.writeable = False
            staged[name] = arr
        self._vars = {**self._vars, **staged}

    # -- random streams ----------------------------------------------------------------------
    def get_random_state(self) -> dict[str, Any]:
        """Where this session's random ops are in their streams (and `Print`'s counts), as
        JSON-able data: what a session kept between requests needs besides its variables so
        that its next run draws what TensorFlow's session would. Iterators are not here."""
        self._check_open()
        state: dict[str, Any] = {}
        for key, value in self._rngs.items():
            # numpy generators come only from states stored before every random op drew
            # TF's Philox numbers; they are kept so such a state still loads.
            if isinstance(value, np.random.Generator):
                state[f"numpy:{key}"] = value.bit_generator.state
            elif isinstance(key, tuple) and key[0] in _RANDOM_STATE_KINDS:
                state[f"{key[0]}:{key[1]}"] = _random_state_value(key[0], value)
        return state

    def set_random_state(self, state: dict[str, Any]) -> None:
        """Continue the streams `get_random_state` described (of this graph or an equal one)."""
        self._check_open()
        restored: dict[Any, Any] = {}
        for name, value in state.items():
            kind, _, op = name.partition(":")
            try:
                if kind == "numpy":
                    gen = np.random.default_rng()
                    gen.bit_generator.state = value
                    restored[op] = gen
                elif kind == "philox":
                    restored[("philox", op)] = tuple(int(v) for v in value)
                elif kind == "count":
                    restored[("count", op)] = int(value)
                elif kind == "unigram":
                    restored[("unigram", op)] = _unigram_counts(value)
                else:
                    raise ValueError(kind)
            except (TypeError, ValueError, KeyError):
                raise error("INVALID_DOCUMENT", f"not a random state: {name!r}") from None
        self._rngs.update(restored)

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
        self._last = _NOTHING_RUN

    @property
    def graph_def(self):
        """The session's graph as a `GraphDef` (TF's `sess.graph_def`)."""
        return self.graph.as_graph_def()

    def as_default(self):
        return _DefaultSession(self)

    def __enter__(self) -> Session:
        # TF1's `with tf.Session(graph=g) as sess:` also makes g the default graph, so the
        # ops a block builds land in the graph its session runs.
        self._graph_context = self.graph.as_default()
        self._graph_context.__enter__()
        push_default_session(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        pop_default_session(self)
        graph_context, self._graph_context = self._graph_context, None
        if graph_context is not None:
            graph_context.__exit__(*exc)
        self.close()


class _DefaultSession:
    def __init__(self, sess: Session):
        self.sess = sess

    def __enter__(self) -> Session:
        push_default_session(self.sess)
        return self.sess

    def __exit__(self, *exc: Any) -> None:
        _local.sessions.pop()
