"""Running graphs: the one place the service executes the engine.

Graphs are built once per (tenant, graph, revision) and kept in a small
per-process cache, since Lambda keeps modules warm; run state (variables,
feeds) never lives on the cached graph, only in a Session per request.
"""

import json
import math
import threading
import time
import tracemalloc
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graphgate_service import aws, graph_documents, problems

GRAPH_CACHE_SIZE = 16
# Iterations of any one while_loop (map_fn, scan, folds) per run: the deadline
# already bounds a loop's time; this bounds a loop whose iterations are cheap
# but whose stored values (for its gradient) grow with every iteration.
MAX_LOOP_ITERATIONS = 1_000_000
# A traced run answers with at most this many nodes' stats (the slowest), about 0.5 MB,
# so stats never crowd the outputs out of a response.
TRACE_MAX_NODES = 2000
# Leave the function this much of its remaining time to encode, store and
# answer: storing starts only with aws.CALL_RESERVE_S left (a stalled attempt
# must not outlast the invocation), so a run that ate into that would compute
# for nothing and answer 503.
RESPONSE_MARGIN_S = aws.CALL_RESERVE_S + 2.0

_graphs: "OrderedDict[tuple[str, str, int], Any]" = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class RunLimits:
    max_steps: int
    timeout_s: float
    max_feed_bytes: int
    # The caller's deadline (epoch seconds: timeout_ms after the request arrived),
    # which binds a run in every mode; None when the caller set none.
    deadline_at: float | None = None


@dataclass
class RunResult:
    outputs: Any  # the fetched values of the last step, in the request's structure
    variables: dict[str, Any] | None  # the state after the run (None: nothing changed)
    steps: int
    compute_ms: float
    step_stats: dict[str, Any] | None = None  # the last step's, when traced
    # Where the random ops are in their streams after the run (None: unchanged): part of
    # a session's state, so its next request draws what a TF session's next run would.
    random_state: bytes | None = None


def graph(tenant: str, graph_id: str, revision: int, document: dict[str, Any]) -> Any:
    """The engine graph of a stored revision, built at most once per process."""
    from graphgate import GraphgateError, serialization

    key = (tenant, graph_id, revision)
    with _lock:
        if key in _graphs:
            _graphs.move_to_end(key)
            return _graphs[key]
    try:
        built = serialization.graph_from_dict(document, limits=graph_documents.engine_limits())
    except GraphgateError as exc:
        raise graph_documents.engine_problem(exc, code="GRAPH_INVALID") from None
    with _lock:
        _graphs[key] = built
        while len(_graphs) > GRAPH_CACHE_SIZE:
            _graphs.popitem(last=False)
    return built


def initial_variables(engine_graph: Any) -> dict[str, Any]:
    """Every variable's initial value, as a fresh TF session's initializers give it."""
    return dict(initialized_session(engine_graph).get_variables())


def initialized_session(engine_graph: Any) -> Any:
    """A session under the service's limits with every variable at its initial value.
    The initializers are a run like any other: held to the engine's limits, and to the
    time the invocation has left (an initializer looping for a minute held a session's
    start, and an ONNX export, past the function's timeout: a 503 or the gateway's 502)."""
    from graphgate import GraphgateError

    session = _session(engine_graph)
    initializers = [
        op.attrs["initializer"]
        for op in engine_graph.get_operations()
        if op.type == "VariableV2" and op.attrs.get("initializer")
    ]
    if not initializers:
        return session
    left = aws.remaining_s()
    budget = None if left is None else left - RESPONSE_MARGIN_S
    if budget is not None and budget <= 0:
        raise _initializers_late()
    try:
        session.run([], targets=initializers, timeout=budget)
    except GraphgateError as exc:
        if exc.code == "DEADLINE_EXCEEDED":
            raise _initializers_late() from None
        raise graph_documents.engine_problem(exc) from None
    return session


def _initializers_late() -> problems.DeadlineExceeded:
    return problems.DeadlineExceeded(
        "The variables' initializers did not finish in the time this request has left.",
        code="DEADLINE_EXCEEDED",
    )


def decode_feeds(feeds: dict[str, Any], limits: RunLimits) -> dict[str, Any]:
    """Wire tensors to arrays, refusing oversized feeds before decoding more of them."""
    from graphgate import GraphgateError, serialization
    from graphgate.limits import tensor_bytes

    engine_limits = graph_documents.engine_limits(limits.max_feed_bytes)
    arrays, total = {}, 0
    for name, value in feeds.items():
        if hasattr(value, "nbytes"):  # already an array (an upload)
            array = value
        else:
            try:
                array = serialization.decode_tensor(value, limits=engine_limits, node=name)
            except GraphgateError as exc:
                raise graph_documents.engine_problem(exc, pointer=f"/feeds/{name}") from None
        total += tensor_bytes(array)
        if total > limits.max_feed_bytes:
            raise feeds_too_large(limits.max_feed_bytes)
        arrays[name] = array
    return arrays


def feeds_too_large(limit: int) -> problems.ApiError:
    """422 FEED_TOO_LARGE: a run's feeds past the plan's bytes per run."""
    return problems.Unprocessable(
        f"Feeds exceed the plan's {limit} bytes per run.",
        code="FEED_TOO_LARGE",
        extra={"cap": "run_bytes", "limit": limit},
    )


# What encoding one element as JSON holds at once: tolist's Python number and its list
# entry, its text, and the text's bytes (68-70 bytes measured for float32 and float64); a
# string's each byte up to six times (`\\u00e9`) in text and bytes; b64 the raw bytes,
# the base64 text and its bytes in the answer's JSON.
ENCODE_BYTES_PER_ELEMENT = 80
ENCODE_BYTES_PER_STRING_BYTE = 12
ENCODE_BYTES_PER_B64_BYTE = 5


def encode(value: Any, b64: bool) -> Any:
    """Fetched values (any nesting of lists and dicts) to wire tensors, refused with 422
    OUTPUTS_TOO_LARGE before anything is encoded when encoding them would not fit the
    function's memory (a value fetched 20 times is encoded 20 times)."""
    _check_encodable(value, b64)
    return _encode(value, b64)


def _encode(value: Any, b64: bool) -> Any:
    from graphgate import serialization

    if isinstance(value, dict):
        return {k: _encode(v, b64) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v, b64) for v in value]
    if value is None:
        return None
    return serialization.encode_tensor(value, b64=b64)


def _check_encodable(value: Any, b64: bool) -> None:
    held: dict[int, int] = {}
    need = _encoding_bytes(value, b64, held) + sum(held.values())
    limit = graph_documents.run_bytes_budget()
    if need > limit:
        raise problems.Unprocessable(
            f"Encoding the outputs would hold about {need:,} bytes, more than the "
            f"{limit:,} this function has for them; fetch fewer or smaller tensors"
            + ("." if b64 else ', or ask for "encoding": "b64" (a few bytes per byte).'),
            code="OUTPUTS_TOO_LARGE",
            extra={"bytes": need, "limit": limit},
        )


def _encoding_bytes(value: Any, b64: bool, held: dict[int, int]) -> int:
    """The bytes encoding `value` holds at once (estimated per element, above); `held`
    collects the bytes of each distinct array encoded."""
    from graphgate.limits import tensor_bytes

    if isinstance(value, dict):
        return sum(_encoding_bytes(v, b64, held) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(_encoding_bytes(v, b64, held) for v in value)
    size = getattr(value, "size", None)
    if size is None:
        return 0
    nbytes = tensor_bytes(value)
    held[id(value)] = nbytes
    if b64:
        return ENCODE_BYTES_PER_B64_BYTE * (nbytes + 4 * size)
    strings = ENCODE_BYTES_PER_STRING_BYTE * nbytes if value.dtype.kind == "O" else 0
    return ENCODE_BYTES_PER_ELEMENT * int(size) + strings


def execute(
    engine_graph: Any,
    variables: dict[str, Any] | None,
    fetches: Any,
    feed_batches: list[dict[str, Any]],
    targets: list[str] | None,
    steps: int,
    limits: RunLimits,
    remaining_s: float | None,
    trace: bool = False,
    one_shot: bool = False,
    random_state: bytes | None = None,
) -> RunResult:
    """Run `steps` times (feeds cycling through `feed_batches`) from `variables` and the
    random streams' positions `random_state` (as a previous run returned it);
    with `trace`, the last step's step stats come back too. Only a `one_shot` run (its
    session ends with the request, as a graph run's) may use a tf.data iterator: a
    stored session keeps variables between requests, not an iterator's position.

    The deadline is the smallest of the caller's (`limits.deadline_at`), the
    plan's and what the invocation has left minus a margin, so a run is cut off
    by us with DEADLINE_EXCEEDED rather than by the gateway.
    """
    from graphgate import RunMetadata

    if steps > limits.max_steps:
        raise problems.Unprocessable(
            f"The plan allows at most {limits.max_steps} steps per run.",
            code="TOO_MANY_STEPS",
            extra={"cap": "steps", "limit": limits.max_steps},
        )
    budget = limits.timeout_s
    if remaining_s is not None:
        budget = min(budget, remaining_s - RESPONSE_MARGIN_S)
    if limits.deadline_at is not None:
        caller_left = limits.deadline_at - time.time()
        if caller_left <= 0:
            raise problems.DeadlineExceeded(
                "The run's timeout_ms (counted from when the request arrived) ran out "
                "before it could start.",
                code="DEADLINE_EXCEEDED",
                extra={"completed_steps": 0},
            )
        budget = min(budget, caller_left)
    if budget <= 0:
        raise problems.DeadlineExceeded(
            "No time is left for this run; run it asynchronously.", code="DEADLINE_EXCEEDED"
        )
    _refuse_unencodable(engine_graph, fetches)
    if not one_shot:
        _refuse_iterators(engine_graph, [fetches, targets])
    session = _session(engine_graph)
    if variables:
        _engine_call(lambda: session.set_variables(variables))
    streams = decode_random_state(random_state)
    _engine_call(lambda: session.set_random_state(streams))
    before = dict(session.get_variables())
    started = time.perf_counter()
    deadline = started + budget
    outputs = None
    metadata = RunMetadata() if trace else None
    for step in range(steps):
        feeds = feed_batches[step % len(feed_batches)] if feed_batches else None
        left = deadline - time.perf_counter()
        if left <= 0:
            raise _deadline(step, steps)
        md = metadata if step == steps - 1 else None
        try:
            outputs = _engine_call(
                lambda f=feeds, t=left, m=md: session.run(
                    fetches, f, targets=targets, timeout=t, run_metadata=m
                )
            )
        except problems.DeadlineExceeded:
            raise _deadline(step, steps) from None
        except problems.ApiError as exc:
            exc.failed_step = step
            raise
    # An update (a target, or an assign op fetched as in TF) replaces a variable's
    # array; the engine never writes one in place, so identity tells what changed.
    after = dict(session.get_variables())
    changed = after if any(after[k] is not before.get(k) for k in after) else None
    stats = _step_stats(metadata) if metadata is not None else None
    moved = session.get_random_state()
    random_after = encode_random_state(moved) if moved != streams else None
    elapsed = (time.perf_counter() - started) * 1000
    return RunResult(outputs, changed, steps, elapsed, stats, random_after)


def encode_random_state(state: dict[str, Any]) -> bytes:
    """A session's random streams as stored with it (compressed JSON; its integers exceed
    what a DynamoDB number holds)."""
    return zlib.compress(json.dumps(state, separators=(",", ":")).encode(), 6)


def decode_random_state(blob: bytes | None) -> dict[str, Any]:
    return {} if not blob else json.loads(zlib.decompress(bytes(blob)))


def _step_stats(metadata: Any) -> dict[str, Any]:
    """The run's step stats as plain data, cut to the TRACE_MAX_NODES slowest nodes."""
    stats = metadata.step_stats.to_dict()
    for device in stats["dev_stats"]:
        nodes = device["node_stats"]
        if len(nodes) > TRACE_MAX_NODES:
            slowest = sorted(range(len(nodes)), key=lambda i: -nodes[i]["seconds"])
            keep = sorted(slowest[:TRACE_MAX_NODES])
            stats["truncated_nodes"] = len(nodes) - len(keep)
            device["node_stats"] = [nodes[i] for i in keep]
    return stats


def timed_run(
    engine_graph: Any, variables: dict[str, Any] | None, fetches: Any, feeds: dict[str, Any]
) -> tuple[Any, float, int]:
    """(outputs, seconds, row_bytes) of one run timed after a first, untimed one: what a
    run costs once its plan is compiled, as in a warm worker. `row_bytes` is the most
    memory the run's rows took at once: the larger of its row-sized values alive
    together (`peak_row_bytes`, from the first run's trace) and what it allocated at
    its peak for these rows over what it allocated for half of them, doubled (which
    counts a kernel's scratch, an im2col's patches, that no node outputs; measured only
    where one invocation runs at a time, see `_shared`). A batch runs
    each shard in a session of its own, so an iterator would restart per shard: refused."""
    from graphgate import RunMetadata

    _refuse_iterators(engine_graph, fetches)
    session = _session(engine_graph)
    if variables:
        _engine_call(lambda: session.set_variables(variables))
    metadata = RunMetadata()
    _engine_call(lambda: session.run(fetches, feeds, run_metadata=metadata))
    rows = min((len(v) for v in feeds.values()), default=0)
    held = peak_row_bytes(engine_graph, metadata, rows)
    if rows >= 2 and not _shared:
        half = {name: value[: rows // 2] for name, value in feeds.items()}
        small = _allocated_at_peak(lambda: session.run(fetches, half))
        large = _allocated_at_peak(lambda: session.run(fetches, feeds))
        held = max(held, round((large - small) * rows / (rows - rows // 2)))
    started = time.perf_counter()
    outputs = _engine_call(lambda: session.run(fetches, feeds))
    return outputs, time.perf_counter() - started, held


_tracing = threading.Lock()
# Whether this process runs invocations on several threads at once (the local runner)
# rather than one at a time (a Lambda environment). Switching tracemalloc off there can
# crash the process: CPython 3.11's `tracemalloc.stop()` frees the buffer its allocator
# hook writes each allocation's traceback to, while another thread may be in that hook
# waiting for the GIL, which it then writes through (gh-128679, fixed in 3.12.9 and
# 3.13.2 only) — and numpy's buffered ufunc loops allocate there with the GIL released,
# so any engine run on another thread can be that thread. Such a process measures no
# allocations (`timed_run` counts the traced values alone).
_shared = False


def share_process() -> None:
    """Say that this process runs invocations on threads at once (see `_shared`)."""
    global _shared
    _shared = True


def _allocated_at_peak(run: Any) -> int:
    """The most bytes `run` had allocated at once, by tracemalloc (numpy reports its
    buffers to it). Only where nothing else runs meanwhile (see `_shared`); one
    measurement at a time per process all the same."""
    with _tracing:
        started = not tracemalloc.is_tracing()
        if started:
            tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            _engine_call(run)
            return max(0, tracemalloc.get_traced_memory()[1] - before)
        finally:
            if started:
                tracemalloc.stop()


def peak_row_bytes(engine_graph: Any, metadata: Any, rows: int) -> int:
    """The most bytes of `rows`-row values (first dimension `rows`) a traced run held at
    once: each node's outputs live from the node until the last traced node that reads
    them (to the end if none does, as a fetched value). Values of a fixed size
    (variables) are left out: they do not grow with a shard. The engine frees big values
    after their last use exactly so, and a view (a Reshape) counts as a copy: the figure
    errs high, never low."""
    from graphgate import GraphgateError
    from graphgate.dtypes import FROM_OIP

    nodes = metadata.step_stats.dev_stats[0].node_stats if metadata.step_stats.dev_stats else []
    last_read: dict[str, int] = {}
    for index, node in enumerate(nodes):
        try:
            op = engine_graph.get_operation_by_name(node.node_name)
        except GraphgateError:
            continue  # a node of a body (control flow): its outputs stay to the end
        for tensor in op.inputs:
            last_read[tensor.name] = index
    freed_after: dict[int, int] = {}
    live = peak = 0
    for index, node in enumerate(nodes):
        for slot, output in enumerate(node.output):
            dims = output.tensor_description.shape.as_list() or []
            if not dims or dims[0] != rows or any(d < 0 for d in dims):
                continue
            dtype = FROM_OIP.get(output.tensor_description.dtype)
            size = math.prod(dims) * (dtype.itemsize if dtype is not None else 8)
            live += size
            end = last_read.get(f"{node.node_name}:{slot}", len(nodes))
            freed_after[max(end, index)] = freed_after.get(max(end, index), 0) + size
        peak = max(peak, live)
        live -= freed_after.pop(index, 0)
    return peak


def checked_variables(engine_graph: Any, values: dict[str, Any]) -> dict[str, Any]:
    """`values` merged into a session of the graph: names, dtypes and shapes checked."""
    return dict(session_with(engine_graph, values).get_variables())


def session_with(engine_graph: Any, values: dict[str, Any]) -> Any:
    """A gg.Session of the graph holding `values` (names, dtypes and shapes checked)."""
    session = _session(engine_graph)
    _engine_call(lambda: session.set_variables(values))
    return session


def frozen(
    engine_graph: Any, values: dict[str, Any], document: dict[str, Any], names: list[str]
) -> dict[str, Any]:
    """The document cut to what `names` need, its variables made constants of `values`
    (TF1's convert_variables_to_constants), with the initializers of the lookup tables it
    reads: nothing computes them from the outputs, and a version's session fills its
    tables first (`_session`), as TF Serving runs a model's table initializers (its main
    op) when it loads it. Raises the engine's GraphgateError."""
    import graphgate as gg
    from graphgate.ops import lookup_ops

    session = session_with(engine_graph, values)
    fillers = lookup_ops.table_initializers(engine_graph)
    if fillers:
        kept = {n["name"] for n in gg.graph_util.extract_sub_graph(document, names)["nodes"]}
        names = [*names, *(op.name for op in fillers if op.inputs[0].op.name in kept)]
    return gg.graph_util.convert_variables_to_constants(session, document, names)


def nbytes(value: Any) -> int:
    """Bytes of arrays in any nesting of lists and dicts (for metering)."""
    from graphgate.limits import tensor_bytes

    if isinstance(value, dict):
        return sum(nbytes(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(nbytes(v) for v in value)
    return tensor_bytes(value)


def _deadline(step: int, steps: int) -> problems.ApiError:
    return problems.DeadlineExceeded(
        f"The run reached its deadline after {step} of {steps} steps and was not applied; "
        "raise timeout_ms or run it asynchronously (Prefer: respond-async).",
        code="DEADLINE_EXCEEDED",
        extra={"completed_steps": step},
    )


def check(
    engine_graph: Any, fetches: Any, feed_batches: list[dict[str, Any]], targets: list[str] | None
) -> None:
    """Refuse, as a run would, fetches, targets or feeds the graph cannot take, computing
    nothing: an asynchronous run is checked this way before it is accepted."""

    _refuse_unencodable(engine_graph, fetches)
    _refuse_iterators(engine_graph, [fetches, targets])
    session = _session(engine_graph)
    for feeds in feed_batches or [None]:
        _engine_call(lambda f=feeds: session.check(fetches, f, targets=targets))


def _refuse_unencodable(engine_graph: Any, fetches: Any) -> None:
    """Refuse, before anything runs, a fetch whose dtype has no wire form (the engine's
    string results: summaries, `report_uninitialized_variables`)."""
    from graphgate import GraphgateError, Tensor, dtypes
    from graphgate.errors import error

    names = [fetches] if isinstance(fetches, str) else []
    stack = [fetches]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, str) and item is not fetches:
            names.append(item)
    for name in names:
        try:
            element = engine_graph.resolve(name)
        except GraphgateError:
            continue  # the run reports unknown names itself
        if isinstance(element, Tensor) and element.dtype not in dtypes.TO_OIP:
            exc = error(
                "UNSUPPORTED_DTYPE",
                f"{name} is a {element.dtype.name} tensor, which cannot be fetched over the "
                "API; fetch it in a local session",
                node=element.op.name,
            )
            raise graph_documents.engine_problem(exc)


def _refuse_iterators(engine_graph: Any, fetches: Any) -> None:
    """Refuse a run that would read or initialize a tf.data iterator whose position the
    service would lose (or keep only in one warm process) between requests: restarting it
    silently each request would be a wrong answer."""
    from graphgate.ops import dataset_ops

    op = dataset_ops.iterator_needed(engine_graph, fetches)
    if op is not None:
        raise graph_documents.engine_problem(dataset_ops.state_not_kept(op))


def _session(engine_graph: Any) -> Any:
    """A session under the service's engine limits, its lookup tables filled: every
    request starts a fresh session, so the tables' initializers (those of constants) run
    first, as TF Serving runs a model's when it loads it."""
    import graphgate as gg

    limits = graph_documents.engine_limits(max_loop_iterations=MAX_LOOP_ITERATIONS)
    # The API's fetch names are its nodes' first outputs (docs/sessions.md), not TF1's ops.
    session = gg.Session(engine_graph, limits=limits, names_are_outputs=True)
    from graphgate.ops import lookup_ops

    if any(op.type in lookup_ops.TABLE_FILLERS for op in engine_graph.op_list):
        _engine_call(lambda: session.run(lookup_ops.table_initializers(engine_graph)))
    return session


def _engine_call(call: Any) -> Any:
    from graphgate import GraphgateError

    try:
        return call()
    except GraphgateError as exc:
        raise graph_documents.engine_problem(exc) from None


# ------------------------------------------------------------------- serving
# Sessions of frozen model versions, kept warm: a version never changes, so a warm
# function compiles its plan once and answers every later prediction from it.
SERVED_CACHE_SIZE = 32


@dataclass
class Served:
    session: Any  # a gg.Session of the frozen graph; it holds no variables
    description: dict[str, Any]  # what the loader attached (the version's signature)
    lock: threading.Lock  # one run at a time: a plan's run counters are not thread-safe


_served: "OrderedDict[tuple[str, ...], Served]" = OrderedDict()


def served(key: tuple[str, ...], load: Any) -> Served:
    """The warm session of an immutable frozen graph; `load()` gives (document,
    description) on the first request of a process only.

    A session keeps the limits it was made under, and the run budget is the invoked
    function's memory (`run_bytes_budget`): the local runner serves every function in
    one process, so the cache is keyed by the budget too, and a function of other
    memory gets a session of its own limits, not those of the first request's."""
    from graphgate import GraphgateError, serialization

    key = (*key, str(graph_documents.run_bytes_budget()))
    with _lock:
        if key in _served:
            _served.move_to_end(key)
            return _served[key]
    document, description = load()
    try:
        graph = serialization.graph_from_dict(document, limits=graph_documents.engine_limits())
    except GraphgateError as exc:
        raise graph_documents.engine_problem(exc, code="GRAPH_INVALID") from None
    entry = Served(_session(graph), description, threading.Lock())
    with _lock:
        entry = _served.setdefault(key, entry)
        while len(_served) > SERVED_CACHE_SIZE:
            _served.popitem(last=False)
    return entry


def predict(
    entry: Served,
    fetches: dict[str, str],
    feeds: dict[str, Any],
    limits: RunLimits,
    remaining_s: float | None,
) -> RunResult:
    """One stateless run of a frozen graph: nothing to commit, nothing recorded."""
    budget = limits.timeout_s
    if remaining_s is not None:
        budget = min(budget, remaining_s - RESPONSE_MARGIN_S)
    if budget <= 0:
        raise problems.DeadlineExceeded(
            "No time is left for this prediction.", code="DEADLINE_EXCEEDED"
        )
    _refuse_iterators(entry.session.graph, fetches)
    with entry.lock:
        started = time.perf_counter()
        outputs = _engine_call(lambda: entry.session.run(fetches, feeds, timeout=budget))
        elapsed_ms = (time.perf_counter() - started) * 1000
    return RunResult(outputs, None, 1, elapsed_ms)
