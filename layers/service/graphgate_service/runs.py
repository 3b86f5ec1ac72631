"""A run: the fetches of a graph computed over some steps, synchronously (answered in
the request) or asynchronously (accepted with 202 and advanced by the worker; jobs.py).

This module owns what a run is — its record (`Run`), its status, its id and how
clients see it — and the synchronous runs. sessions.py owns the state a run reads
and the commit that applies it (docs/sessions.md's concurrency rule); the record's
storage is the session store's (session_store.run_attributes).
"""

import json
import secrets
import time
from enum import StrEnum
from typing import Any, TypedDict

from graphgate_service import (
    auth,
    cursors,
    dataset_feeds,
    graphs,
    keys,
    logs,
    metering,
    plans,
    problems,
    runtime,
    sessions,
    uploads,
)


class RunStatus(StrEnum):
    """A run's status, as stored and as clients see it (api/openapi.yaml's Run.status)."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


# A run in one of these may still change; the others are final.
UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING)

SYNC, ASYNC = "sync", "async"
# An unfinished run whose worker has not checkpointed for this long is gone (Lambda's
# own limit is 15 minutes per invocation, and every invocation checkpoints).
LEASE_S = 20 * 60
# An async run's request and final outputs up to these many JSON bytes live in its
# record (a DynamoDB item holds 400 KB); larger ones in S3 under the run's prefix.
RUN_RECORD_REQUEST_BYTES = 200_000
RUN_RECORD_OUTPUT_BYTES = 200_000
RUN_RECORD_FETCHES_BYTES = 16_000


class Run(TypedDict, total=False):
    """A run's record, one item under its session (keys.run_sk). `new` makes every one;
    the fields after `version` are an asynchronous run's (jobs.py)."""

    id: str  # new_id: carries created_at, so one run is one read
    mode: str  # SYNC or ASYNC
    fetches: Any  # as the request named them
    status: RunStatus
    steps: int
    completed_steps: int
    created_at: int  # ms
    compute_ms: float
    version: int  # the session's version the run committed (or read)
    heartbeat_at: float  # epoch s of the last checkpoint
    history: list[dict[str, Any]]  # {step, outputs: scalar fetches} per checkpoint
    plan: str  # the plan at the start, which binds every invocation
    chunk: int  # steps per checkpoint, halved when a chunk runs out of time
    start_version: int
    feed_bytes: int  # metered once, when the run ends
    fetched_bytes: int
    deadline_at: float | None  # the caller's timeout_ms, epoch s (not stored when None)
    dataset: dict[str, Any]  # a run over a dataset: its schedule (dataset_feeds)
    position: dict[str, int]  # where such a run stands in it
    invocations: int
    cancel_requested: bool
    request: dict[str, Any]  # or request_s3_key, when larger than the record may hold
    request_s3_key: str
    outputs: Any  # the last step's fetches, or outputs_s3_key when large
    outputs_s3_key: str
    finished_at: int
    error: dict[str, Any]


def new_id(created_ms: int) -> str:
    """A run's id, from which its record's key follows (keys.run_id)."""
    return keys.run_id(created_ms, secrets.token_hex(5)[:9])


def new(
    mode: str,
    request: dict[str, Any],
    status: RunStatus,
    steps: int,
    completed_steps: int,
    compute_ms: float,
    **fields: Any,
) -> Run:
    """A run's record, created now, with `fields` of its mode."""
    created = sessions.now_ms()
    run = Run(
        id=new_id(created),
        mode=mode,
        status=status,
        steps=steps,
        completed_steps=completed_steps,
        created_at=created,
        compute_ms=compute_ms,
        **fields,
    )
    # Kept for whoever reads the table, not answered: fetches of any size (a 450 KB output
    # name, a list of 100,000 names) overflowed the record's item, a 500 after the run.
    if len(json.dumps(request["fetches"])) <= RUN_RECORD_FETCHES_BYTES:
        run["fetches"] = request["fetches"]
    return run


def view(run: Run) -> dict[str, Any]:
    """The run as clients see it (api/openapi.yaml's Run)."""
    shown = {k: run[k] for k in ("id", "mode", "status", "steps", "completed_steps") if k in run}
    shown["created_at"] = graphs.iso(run["created_at"])
    for key in (
        "compute_ms",
        "version",
        "error",
        "history",
        "outputs",
        "cancel_requested",
        "invocations",
        "position",
    ):
        if key in run:
            shown[key] = run[key]
    if "dataset" in run:
        shown["dataset"] = dataset_feeds.Schedule.from_record(run["dataset"]).shown()
    return shown


def page(
    tenant: str, session_id: str, limit: int | None, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the session's runs, newest first."""
    sessions.session_meta(tenant, session_id)
    items, next_cursor = cursors.page(
        tenant,
        f"runs:{session_id}",
        limit,
        cursor,
        lambda n, start: sessions.store().runs(tenant, session_id, n, start),
    )
    return [view(i) for i in items], next_cursor


def ended(run: Run, status: RunStatus, error: dict[str, Any] | None = None) -> Run:
    """The run's record once it has ended with `status` (and `error`, if it failed)."""
    finished = Run(run, status=status, finished_at=sessions.now_ms())
    if error:
        finished["error"] = error
    return finished


def get(tenant: str, session_id: str, run_id: str) -> dict[str, Any]:
    """The run as clients see it; a run whose worker vanished reads as failed."""
    run = of_session(tenant, session_id, run_id)
    if run["status"] in UNFINISHED and time.time() - float(run.get("heartbeat_at", 0)) > LEASE_S:
        run = {
            **run,
            "status": RunStatus.FAILED,
            "error": {
                "code": "WORKER_LOST",
                "detail": "The worker stopped without finishing; "
                "the session keeps the last checkpoint. Start the run again for the rest.",
            },
        }
    shown = view(run)
    if run.get("outputs_s3_key"):
        shown["outputs_url"] = sessions.store().download_url(run["outputs_s3_key"], 900)
    return shown


def cancel(tenant: str, session_id: str, run_id: str) -> dict[str, Any]:
    """Ask an unfinished run to stop (its worker stops at its next checkpoint)."""
    run = of_session(tenant, session_id, run_id)
    if not sessions.store().request_cancel(tenant, session_id, run, UNFINISHED):
        # Ended since it was read, or its session did (then 404, as a cancel after the
        # session's end): the answer says which, as things are now.
        run = of_session(tenant, session_id, run_id)
        raise problems.Conflict(
            f"Run {run_id} has already finished ({run['status']}).", code="RUN_FINISHED"
        )
    return view({**run, "cancel_requested": True})


def of_session(tenant: str, session_id: str, run_id: str) -> Run:
    """A run as the API serves it: 404 once its session has ended or expired, like
    the session's other resources (the run records outlive the session's META)."""
    meta = sessions.session_meta(tenant, session_id)
    try:
        return read(tenant, session_id, run_id, legacy=not meta.get("timed_run_ids"))
    except problems.NotFound:
        # The session's end deletes its runs: one that ended between the two reads is
        # answered as the end, the order in which it happened (a cancel racing the
        # session's DELETE answered RUN_NOT_FOUND, which no serial order gives).
        sessions.session_meta(tenant, session_id)
        raise


def read(tenant: str, session_id: str, run_id: str, legacy: bool = True) -> Run:
    """The run's record, read by its key; 404 RUN_NOT_FOUND. `legacy`: the session may
    hold runs made before ids carried their time (SessionStore.run)."""
    run = sessions.store().run(tenant, session_id, run_id, legacy)
    if run is None:
        raise problems.NotFound(f"No run {run_id}.", code="RUN_NOT_FOUND")
    return run


def put(tenant: str, session_id: str, run: Run, *, existing: bool = False) -> bool:
    """Write the run's record alone (an async run's status, and tests' records); with
    `existing`, only over its record, which ending its session deletes (False then)."""
    return sessions.store().put_run(tenant, session_id, run, existing=existing)


def add(tenant: str, session_id: str, run: Run) -> None:
    """Record a new async run, with the request `keep_request` kept, if its session is still
    there; else free what was kept (the session's end may have listed its objects before)
    and 404 SESSION_NOT_FOUND, as a run asked for after the end is answered."""
    if sessions.store().add_run(tenant, session_id, run):
        return
    if "request_s3_key" in run:
        sessions.store().delete_object(run["request_s3_key"])
    raise problems.NotFound(f"No session {session_id}.", code="SESSION_NOT_FOUND")


def keep_request(tenant: str, session_id: str, run: Run, request: dict[str, Any]) -> None:
    """Keep an async run's request with it: in its record, or in S3 when too large."""
    encoded = json.dumps(request, separators=(",", ":")).encode()
    if len(encoded) <= RUN_RECORD_REQUEST_BYTES:
        run["request"] = request
    else:
        run["request_s3_key"] = keys.run_blob(tenant, session_id, run["id"], "request")
        sessions.store().put_blob(run["request_s3_key"], encoded)


def request_of(run: Run) -> dict[str, Any] | None:
    """The request `keep_request` kept; None if its session ended since the run was read
    (ending it frees the run's objects after its record)."""
    if "request" in run:
        return run["request"]
    kept = sessions.store().get_blob(run["request_s3_key"])
    return None if kept is None else json.loads(kept)


def keep_outputs(tenant: str, session_id: str, run: Run, outputs: Any) -> None:
    """Keep a finished async run's outputs (encoded): in its record, or in S3 when too large."""
    encoded = json.dumps(outputs, separators=(",", ":")).encode()
    if len(encoded) <= RUN_RECORD_OUTPUT_BYTES:
        run["outputs"] = outputs
    else:
        run["outputs_s3_key"] = keys.run_blob(tenant, session_id, run["id"], "outputs")
        sessions.store().put_blob(run["outputs_s3_key"], encoded)


# ----------------------------------------------------------- synchronous runs
def run_graph(
    who: auth.Principal,
    graph_id: str,
    request: dict[str, Any],
    remaining_s: float | None,
    arrived_at: float | None = None,
) -> dict[str, Any]:
    """A one-shot run: fresh variables, nothing kept."""
    if request.get("dataset"):
        raise problems.BadRequest(
            "Training on a dataset runs in a session, asynchronously.",
            code="VALIDATION_FAILED",
            errors=[{"pointer": "/dataset", "code": "INVALID", "message": "needs a session"}],
        )
    tenant = who.tenant_id
    revision, document = graphs.document_of(tenant, graph_id, request.get("graph_revision"))
    graph = runtime.graph(tenant, graph_id, revision, document)
    run_limits = limits(who, request, arrived_at)
    batches = decode_batches(tenant, request, run_limits)
    started = time.monotonic()
    variables = runtime.initial_variables(graph)
    if remaining_s is not None:
        remaining_s -= time.monotonic() - started  # the initializers' time is the run's
    result = _execute(graph, variables, request, batches, run_limits, remaining_s, one_shot=True)
    return _answer(
        tenant,
        request,
        result,
        runtime.nbytes(batches),
        {"graph_id": graph_id, "graph_revision": revision},
    )


def run_session(
    who: auth.Principal,
    session_id: str,
    request: dict[str, Any],
    remaining_s: float | None,
    arrived_at: float | None = None,
) -> dict[str, Any]:
    """Run on the session's state and commit what changed, by the session's rule."""
    tenant = who.tenant_id
    run_limits = limits(who, request, arrived_at)
    batches = decode_batches(tenant, request, run_limits)
    ends_at = None if remaining_s is None else time.monotonic() + remaining_s
    return sessions.update(
        tenant,
        session_id,
        lambda meta: _run_on(tenant, meta, request, batches, run_limits, ends_at),
    )


def _run_on(
    tenant: str,
    meta: dict[str, Any],
    request: dict[str, Any],
    batches: list[dict[str, Any]],
    run_limits: runtime.RunLimits,
    ends_at: float | None,
) -> dict[str, Any]:
    """One attempt of a session run on the state `meta` names (sessions.update)."""
    sessions.check_pinned_revision(meta, request)
    session_id = meta["id"]
    graph = sessions.engine_graph(tenant, meta)
    left = None if ends_at is None else ends_at - time.monotonic()
    variables = sessions.store().variables(tenant, meta)
    result = _execute(
        graph,
        variables,
        request,
        batches,
        run_limits,
        left,
        random_state=sessions.store().random_state(tenant, meta),
    )
    run = new(
        SYNC, request, RunStatus.SUCCEEDED, result.steps, result.steps, round(result.compute_ms, 3)
    )
    logs.bind_keys(run_id=run["id"])
    if result.variables is None and result.random_state is None:
        # Nothing to commit: record the read and answer. Recorded only while the session
        # is there: an end landing since the read has freed the records it listed, and
        # this one would outlive it. The answer stands, read from the session before it.
        run["version"] = meta["version"]
        if sessions.store().add_run(tenant, session_id, run):
            sessions.keep_alive(tenant, meta)
        return _answer(
            tenant,
            request,
            result,
            runtime.nbytes(batches),
            {"session_id": session_id, "run_id": run["id"], "version": meta["version"]},
        )
    # Placed before the commit (outputs too large go to S3): once the session has
    # moved on, its answer cannot fail, and a retry cannot apply the run twice.
    answer = _shown(tenant, request, result, {"session_id": session_id, "run_id": run["id"]})
    updated = sessions.commit(tenant, meta, result.variables, run, result.random_state)
    _meter(tenant, result, runtime.nbytes(batches))
    return {**answer, "version": updated["version"]}


def too_long_for_sync(
    who: auth.Principal,
    session_id: str,
    request: dict[str, Any],
    remaining_s: float | None,
    arrived_at: float | None = None,
) -> bool:
    """Whether a multi-step run would outlast the synchronous budget, judged by timing
    one step (whose result is discarded). A run whose caller's deadline ends within
    that budget stays synchronous: running it asynchronously could not finish it any
    sooner, and its caller gets the same answer as from any run past its deadline."""
    if request.get("dataset"):
        return True  # a run over a dataset is a training loop: always asynchronous
    steps = request.get("steps", 1)
    if steps <= 1:
        return False
    tenant = who.tenant_id
    run_limits = limits(who, request, arrived_at)
    budget = (
        run_limits.timeout_s
        if remaining_s is None
        else min(run_limits.timeout_s, remaining_s - runtime.RESPONSE_MARGIN_S)
    )
    if run_limits.deadline_at is not None and run_limits.deadline_at - time.time() <= budget:
        return False
    meta = sessions.session_meta(tenant, session_id)
    probe = runtime.execute(
        sessions.engine_graph(tenant, meta),
        sessions.store().variables(tenant, meta),
        request["fetches"],
        decode_batches(tenant, request, run_limits)[:1],
        request.get("targets"),
        1,
        run_limits,
        remaining_s,
    )
    return probe.compute_ms / 1000 * steps > budget * 0.8


def _execute(
    graph: Any,
    variables: dict[str, Any],
    request: dict[str, Any],
    batches: list[dict[str, Any]],
    run_limits: runtime.RunLimits,
    left: float | None,
    one_shot: bool = False,
    random_state: bytes | None = None,
) -> runtime.RunResult:
    """The request's steps on `variables` and a session's `random_state`, in the time left
    (None: no bound); `one_shot` for a graph run, whose session (and any iterator's
    position) ends with it."""
    return runtime.execute(
        graph,
        variables,
        request["fetches"],
        batches,
        request.get("targets"),
        request.get("steps", 1),
        run_limits,
        left,
        trace=bool(request.get("trace")),
        one_shot=one_shot,
        random_state=random_state,
    )


def _answer(
    tenant: str,
    request: dict[str, Any],
    result: runtime.RunResult,
    feed_bytes: int,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The response of a finished synchronous run, metered."""
    _meter(tenant, result, feed_bytes)
    return _shown(tenant, request, result, extra)


def _meter(tenant: str, result: runtime.RunResult, feed_bytes: int) -> None:
    metering.record(tenant, result.compute_ms, feed_bytes, runtime.nbytes(result.outputs))


def _shown(
    tenant: str, request: dict[str, Any], result: runtime.RunResult, extra: dict[str, Any]
) -> dict[str, Any]:
    """A run's answer, its outputs behind a download URL when too large to return."""
    answer = {
        "outputs": runtime.encode(result.outputs, request.get("encoding") == "b64"),
        "steps": result.steps,
        "compute_ms": round(result.compute_ms, 3),
        **extra,
    }
    if result.step_stats is not None:
        answer["step_stats"] = result.step_stats
    return uploads.maybe_offload(tenant, "run", answer)


# ------------------------------------------------------- what every run is given
def decode_batches(
    tenant: str, request: dict[str, Any], run_limits: runtime.RunLimits
) -> list[dict[str, Any]]:
    """The request's feeds (or per-step feed batches) as arrays; uploads fetched from S3."""
    if request.get("feeds") and request.get("feed_batches"):
        raise problems.BadRequest("Give feeds or feed_batches, not both.", code="VALIDATION_FAILED")
    raw = request.get("feed_batches") or ([request["feeds"]] if request.get("feeds") else [])
    loaded: dict[str, Any] = {}

    def upload(upload_id: str) -> Any:
        # Each upload is read once, however many batches name it, and together they are
        # the run's feed bytes: 20 batches naming one 50 MB upload read it 20 times (+1 GB).
        if upload_id not in loaded:
            array = uploads.load(tenant, upload_id, run_limits.max_feed_bytes)
            if runtime.nbytes([*loaded.values(), array]) > run_limits.max_feed_bytes:
                raise runtime.feeds_too_large(run_limits.max_feed_bytes)
            loaded[upload_id] = array
        return loaded[upload_id]

    resolved = [
        {
            name: upload(value["upload_id"])
            if isinstance(value, dict) and "upload_id" in value
            else value
            for name, value in batch.items()
        }
        for batch in raw
    ]
    return [runtime.decode_feeds(batch, run_limits) for batch in resolved]


def limits(
    who: auth.Principal, request: dict[str, Any] | None = None, arrived_at: float | None = None
) -> runtime.RunLimits:
    """The plan's run limits, and the caller's deadline: the request's timeout_ms
    counted from when it arrived (`arrived_at`, epoch seconds; default now)."""
    plan = plans.get(who.plan or "free")
    deadline_at = None
    if request and request.get("timeout_ms"):
        start = time.time() if arrived_at is None else arrived_at
        deadline_at = start + request["timeout_ms"] / 1000
    return runtime.RunLimits(
        max_steps=plan.steps,
        timeout_s=plan.run_seconds,
        max_feed_bytes=plan.run_bytes,
        deadline_at=deadline_at,
    )
