"""Asynchronous runs: accepted with 202, executed by the worker function in
checkpointed chunks, resumable after a crash, cancellable.

The API function writes the run (status `queued`, with its request) and
invokes the worker asynchronously (Lambda Event invocation; see
docs/sessions.md for why not a queue). The worker runs CHECKPOINT_STEPS steps
at a time and commits the session's variables together with the run's
progress in one transaction conditioned on the session version — a
checkpoint. When its invocation's time is nearly up it invokes itself again
and stops; the next invocation resumes from the last checkpoint. A crash loses
at most the chunk in flight: Lambda retries the event and the retry resumes,
and a run whose worker is gone for good shows as failed (WORKER_LOST).

The caller's deadline (timeout_ms from when the request arrived) is stored
with the run and binds every invocation; the caller's correlation id travels
in the event, so every worker log line names both it and the run. A run is
metered once, when it ends, however many invocations and deliveries it took.
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphgate_service import (
    auth,
    aws,
    dataset_feeds,
    logs,
    metering,
    plans,
    problems,
    runs,
    runtime,
    sessions,
    settings,
)
from graphgate_service.logs import logger
from graphgate_service.runs import UNFINISHED, RunStatus
from graphgate_service.session_store import StaleVersion, run_key

CHECKPOINT_STEPS = 25
HISTORY_LIMIT = 1000
HISTORY_BYTES = 64_000
# Time kept back from the last chunk to checkpoint: AWS calls start only with
# aws.CALL_RESERVE_S left in the invocation.
WORKER_MARGIN_S = aws.CALL_RESERVE_S + 2.0

_dispatcher: Callable[[dict[str, Any]], None] | None = None


def set_dispatcher(dispatcher: Callable[[dict[str, Any]], None] | None) -> None:
    """Replace the Lambda invocation (the local runner runs the worker on a thread)."""
    global _dispatcher
    _dispatcher = dispatcher


def dispatch(payload: dict[str, Any]) -> None:
    if _dispatcher is not None:
        _dispatcher(payload)
        return
    aws.client("lambda").invoke(
        FunctionName=settings.worker_function_name(),
        InvocationType="Event",
        Payload=json.dumps(payload).encode(),
    )


def resume_interrupted() -> int:
    """Dispatch the worker again for every queued or running async run, and return how
    many. The local runner calls this when it starts: its worker invocations were queued
    in its memory, so a run in flight when it stopped would wait out its lease and fail.
    (On AWS, Lambda keeps an asynchronous invocation through any restart.) The worker
    resumes from the run's last checkpoint, and its checkpoints are conditional, so a
    second delivery cannot apply a chunk twice."""
    resumed = 0
    for tenant, session_id, run in sessions.store().unfinished_async_runs():
        payload = {"tenant": tenant, "session_id": session_id, "run_id": run["id"]}
        logger.info("async run redispatched", extra=payload)
        dispatch(payload)
        resumed += 1
    return resumed


# ------------------------------------------------------------------ the API side
def start(
    who: auth.Principal, session_id: str, request: dict[str, Any], arrived_at: float | None = None
) -> dict[str, Any]:
    """Accept a run for the worker, once the graph has been shown to take its fetches,
    targets and every feed batch: a request that cannot run is refused now, not failed
    later in the worker."""
    tenant = who.tenant_id
    plan = plans.get(who.plan or "free")
    meta = sessions.session_meta(tenant, session_id)
    sessions.check_pinned_revision(meta, request)
    limits = runs.limits(who, request, arrived_at)
    batches = runs.decode_batches(tenant, request, limits)
    schedule, checked = None, batches
    if request.get("dataset"):
        schedule = dataset_feeds.schedule(tenant, request, plan)
        checked = dataset_feeds.samples(tenant, schedule, batches)
    steps = schedule.steps if schedule else request.get("steps", 1)
    plans.require_within(plan, "steps", used=0, adding=steps)
    runtime.check(
        sessions.engine_graph(tenant, meta), request["fetches"], checked, request.get("targets")
    )
    if limits.deadline_at is not None and limits.deadline_at <= time.time():
        raise problems.DeadlineExceeded(
            "The run's timeout_ms (counted from when the request arrived) ran out "
            "before it could be queued.",
            code="DEADLINE_EXCEEDED",
            extra={"completed_steps": 0},
        )
    run = runs.new(
        runs.ASYNC,
        request,
        RunStatus.QUEUED,
        steps,
        0,
        0.0,
        heartbeat_at=time.time(),
        history=[],
        plan=plan.name,
        chunk=CHECKPOINT_STEPS,
        start_version=meta["version"],
        feed_bytes=runtime.nbytes(batches),  # what was sent, metered once when it ends
        deadline_at=limits.deadline_at,  # None (not stored) when the caller set none
    )
    if schedule:
        run["dataset"] = schedule.record()
        run["position"] = schedule.position(0)
        run["chunk"] = schedule.chunk(CHECKPOINT_STEPS)
    runs.keep_request(tenant, session_id, run, request)
    runs.add(tenant, session_id, run)
    logs.bind_keys(run_id=run["id"])
    correlation_id = logs.request_id() or run["id"]
    dispatch(
        {
            "tenant": tenant,
            "session_id": session_id,
            "run_id": run["id"],
            "correlation_id": correlation_id,
        }
    )
    logger.info(
        "async run queued", extra={"session_id": session_id, "run_id": run["id"], "steps": steps}
    )
    return runs.view(run)


# --------------------------------------------------------------- the worker side
def work(payload: dict[str, Any], remaining_s: float, slice_s: float | None = None) -> str:
    """Advance one run as far as this invocation's time allows; returns its status."""
    tenant, session_id, run_id = payload["tenant"], payload["session_id"], payload["run_id"]
    started = time.monotonic()
    hard_deadline = started + remaining_s - WORKER_MARGIN_S  # the invocation's own end
    deadline = min(hard_deadline, started + slice_s) if slice_s else hard_deadline
    progressed = False
    run = _kept(tenant, session_id, run_id)
    if run is None:
        return _gone()
    if run["status"] not in UNFINISHED:
        return _ended(tenant, session_id, run)
    run["invocations"] = run.get("invocations", 0) + 1  # saved with the next checkpoint
    logger.info(
        "async run resumed",
        extra={"completed_steps": run["completed_steps"], "invocation": run["invocations"]},
    )
    request = runs.request_of(run)
    if request is None:
        if sessions.store().meta(tenant, session_id) is not None:
            raise RuntimeError("an async run's kept request is missing")  # a fault: alarm
        return _gone()  # its session ended since the run was read (NoSuchKey was retried)
    plan = plans.get(run["plan"])
    who = auth.Principal(tenant_id=tenant, scopes=frozenset(), plan=plan.name)
    limits = runs.limits(who, None)
    try:
        # Read again at every invocation: an upload expired (a day) or a dataset deleted
        # during the run fails it with that error. Raised, it was retried twice and
        # dead-lettered, the run left queued until WORKER_LOST 20 minutes later.
        batches = runs.decode_batches(tenant, request, limits)
        feeder = dataset_feeds.Feeder.of(tenant, run)
    except problems.ApiError as error:
        return _failed(tenant, session_id, run, error)
    job = _Job(payload, request, plan, limits, batches, feeder)
    while True:
        stopped = _stopped(job, run)
        if stopped:
            return stopped
        if progressed and deadline - time.monotonic() <= 0.05:
            dispatch(payload)  # continue in a fresh invocation
            return RunStatus.RUNNING
        # Every invocation makes progress: its first chunk may use all of its time.
        left = (deadline if progressed else hard_deadline) - time.monotonic()
        try:
            advanced = _chunk(job, run, left, progressed)
        except StaleVersion:
            run = _kept(tenant, session_id, run_id)  # cancelled, or the session moved on
            if run is None:
                return _gone()
            if run["status"] not in UNFINISHED:  # another delivery ended it
                return _ended(tenant, session_id, run)
            continue
        if isinstance(advanced, str):  # the chunk ended the run
            return advanced
        run, progressed = advanced, True
        if run["status"] == RunStatus.SUCCEEDED:
            logger.info("async run succeeded", extra={"steps": run["steps"]})
            _meter(tenant, session_id, run)
            return RunStatus.SUCCEEDED


def _kept(tenant: str, session_id: str, run_id: str) -> runs.Run | None:
    """The run's record; None once its session has ended, which deletes its runs."""
    try:
        return runs.read(tenant, session_id, run_id)
    except problems.NotFound:
        return None


def _gone() -> str:
    """A run whose session ended with its records: nothing is left to advance, record or
    meter (metering marks the record), and an error would only be retried by Lambda and
    then dead-lettered, raising the operators' alarm for what a user did on purpose."""
    logger.info("async run ended with its session")
    return RunStatus.FAILED


@dataclass(frozen=True)
class _Job:
    """What every chunk of one run needs, read once per invocation."""

    payload: dict[str, Any]
    request: dict[str, Any]
    plan: plans.Plan
    limits: runtime.RunLimits
    batches: list[dict[str, Any]]
    feeder: dataset_feeds.Feeder | None

    @property
    def tenant(self) -> str:
        return self.payload["tenant"]

    @property
    def session_id(self) -> str:
        return self.payload["session_id"]

    def feeds(self, done: int, chunk: int) -> list[dict[str, Any]]:
        """The feeds of steps done .. done + chunk - 1."""
        if self.feeder:
            return self.feeder.feeds(done, chunk, self.batches)
        return _rotate(self.batches, done)


def _stopped(job: _Job, run: runs.Run) -> str | None:
    """The status a run ends with before its next chunk: cancelled, or past its limits."""
    if run.get("cancel_requested"):
        return _finish(job.tenant, job.session_id, run, RunStatus.CANCELLED)
    error = _limit_reached(run, job.plan)
    if error:
        return _finish(job.tenant, job.session_id, run, RunStatus.FAILED, error=error)
    return None


def _chunk(job: _Job, run: runs.Run, left: float, progressed: bool) -> runs.Run | str:
    """Compute the run's next chunk in `left` seconds and checkpoint it: the run as
    advanced, or the status the chunk ended it with. StaleVersion if the checkpoint
    lost to a cancellation or to another commit on the session."""
    tenant, session_id = job.tenant, job.session_id
    meta = sessions.store().meta(tenant, session_id)
    if meta is None:
        return _finish(
            tenant,
            session_id,
            run,
            RunStatus.FAILED,
            error={
                "status": 404,
                "code": "SESSION_NOT_FOUND",
                "detail": "The session ended during the run.",
            },
        )
    chunk = min(run["chunk"], run["steps"] - run["completed_steps"])
    feeds = job.feeds(run["completed_steps"], chunk)
    try:
        result = runtime.execute(
            sessions.engine_graph(tenant, meta),
            sessions.store().variables(tenant, meta),
            job.request["fetches"],
            feeds,
            job.request.get("targets"),
            chunk,
            runtime.RunLimits(chunk, left, job.limits.max_feed_bytes, run.get("deadline_at")),
            None,
            random_state=sessions.store().random_state(tenant, meta),
        )
    except problems.DeadlineExceeded:
        return _out_of_time(job.payload, run, job.plan, chunk, progressed)
    except problems.ApiError as error:
        return _failed(tenant, session_id, run, error)
    try:
        run = _advance(run, result, job.request)
    except problems.ApiError as error:  # its outputs too large to encode: failed, not retried
        return _failed(tenant, session_id, run, error)
    if job.feeder:  # the rows read are a dataset run's feeds, metered with it
        run["feed_bytes"] = run.get("feed_bytes", 0) + job.feeder.nbytes(feeds)
    _checkpoint(tenant, meta, run, result)
    return run


def _out_of_time(
    payload: dict[str, Any], run: dict[str, Any], plan: plans.Plan, chunk: int, progressed: bool
) -> str:
    """A chunk ran out of time: the run's limits ended it, or a fresh invocation
    continues it with smaller chunks."""
    error = _limit_reached(run, plan)
    if error is None and chunk == 1 and not progressed:
        error = {
            "status": 504,
            "code": "DEADLINE_EXCEEDED",
            "detail": "A single step does not fit in one worker invocation.",
        }
    if error:
        return _finish(payload["tenant"], payload["session_id"], run, RunStatus.FAILED, error=error)
    run["chunk"] = max(1, chunk // 2)  # smaller checkpoints next time
    dispatch(payload)
    return RunStatus.RUNNING


def _ended(tenant: str, session_id: str, run: dict[str, Any]) -> str:
    """A run that has already ended: metered in case the invocation that ended it
    crashed before it could be (metering counts a run at most once)."""
    _meter(tenant, session_id, run)
    return run["status"]


def _limit_reached(run: dict[str, Any], plan: plans.Plan) -> dict[str, Any] | None:
    """The error a run ends with for passing its plan's time or its caller's deadline."""
    if run["compute_ms"] / 1000 > plan.async_run_seconds:
        return {
            "status": 504,
            "code": "DEADLINE_EXCEEDED",
            "detail": f"The run used the plan's {plan.async_run_seconds:.0f} s.",
        }
    deadline_at = run.get("deadline_at")
    if deadline_at is not None and time.time() >= deadline_at:
        return {
            "status": 504,
            "code": "DEADLINE_EXCEEDED",
            "detail": f"The run reached its timeout_ms after {run['completed_steps']} of "
            f"{run['steps']} steps; the session keeps the variables of that step.",
        }
    return None


def _meter(tenant: str, session_id: str, run: dict[str, Any]) -> None:
    """Bill a finished run, once (ending its session bills one that never finished)."""
    metering.record_run(tenant, run, run_key(tenant, session_id, run))


def _advance(
    run: dict[str, Any], result: runtime.RunResult, request: dict[str, Any]
) -> dict[str, Any]:
    done = run["completed_steps"] + result.steps
    history = [
        *run["history"],
        {"step": done, "outputs": _scalars(request["fetches"], result.outputs)},
    ]
    run = {
        **run,
        "status": RunStatus.RUNNING,
        "completed_steps": done,
        "history": _newest_that_fit(history[-HISTORY_LIMIT:]),
        "heartbeat_at": time.time(),
        "compute_ms": round(run["compute_ms"] + result.compute_ms, 3),
    }
    if "dataset" in run:
        run["position"] = dataset_feeds.Schedule.from_record(run["dataset"]).position(done)
    if done >= run["steps"]:
        run = runs.ended(run, RunStatus.SUCCEEDED)
        run["final_outputs"] = runtime.encode(result.outputs, request.get("encoding") == "b64")
        run["fetched_bytes"] = runtime.nbytes(result.outputs)
    return run


def _checkpoint(
    tenant: str, meta: dict[str, Any], run: dict[str, Any], result: runtime.RunResult
) -> None:
    """Variables and progress in one transaction: a crash keeps both or neither."""
    outputs = run.pop("final_outputs", None)
    if outputs is not None:
        runs.keep_outputs(tenant, meta["id"], run, outputs)
    sessions.checkpoint(tenant, meta, result.variables, run, result.random_state)


def _finish(
    tenant: str,
    session_id: str,
    run: dict[str, Any],
    status: str,
    error: dict[str, Any] | None = None,
) -> str:
    finished = runs.ended(run, status, error)
    if not runs.put(tenant, session_id, finished, existing=True):
        return _gone()  # not written again under a session that has ended
    logger.info("async run finished", extra={"status": status})
    _meter(tenant, session_id, finished)
    return status


def _failed(tenant: str, session_id: str, run: runs.Run, error: problems.ApiError) -> str:
    # The status the error answers with synchronously, so a client types and reports an
    # async run's failure as it would the same error answered at once; and where it
    # happened, the run's step (1-based) and the node, which a synchronous answer's
    # `errors` carry: a user resuming from the last checkpoint needs to know which feed
    # batch or row was bad, not only that one was.
    record = {"status": int(error.status), "code": error.code}
    record["detail"] = problems.shown_detail(error)
    if error.failed_step is not None:
        record["step"] = run["completed_steps"] + error.failed_step + 1
    node = next((e["node"] for e in error.errors or [] if e.get("node")), None)
    if node:
        record["node"] = node
    return _finish(tenant, session_id, run, RunStatus.FAILED, error=record)


def _rotate(batches: list[Any], offset: int) -> list[Any]:
    if not batches:
        return batches
    offset %= len(batches)
    return batches[offset:] + batches[:offset]


def _newest_that_fit(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest entries within HISTORY_BYTES: the run's record holds them, and scalar
    fetches' names are the caller's (one of 450 KB failed the first checkpoint's write,
    and the run was dead-lettered)."""
    kept, size = [], 0
    for entry in reversed(history):
        size += len(json.dumps(entry))
        if size > HISTORY_BYTES:
            break
        kept.append(entry)
    return kept[::-1]


def _scalars(fetches: Any, outputs: Any) -> dict[str, float]:
    """Named scalar fetches (losses, accuracies) for the progress history."""
    pairs: list[tuple[str, Any]] = []
    if isinstance(fetches, str):
        pairs = [(fetches, outputs)]
    elif isinstance(fetches, dict):
        pairs = [(k, outputs[k]) for k, v in fetches.items() if isinstance(v, str)]
    elif isinstance(fetches, list):
        pairs = [(f, o) for f, o in zip(fetches, outputs, strict=False) if isinstance(f, str)]
    found = {}
    for name, value in pairs:
        try:
            if getattr(value, "size", 2) == 1:
                found[name] = float(value)
        except (TypeError, ValueError):
            continue
    return found
