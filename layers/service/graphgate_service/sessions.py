"""Sessions: variable state kept between runs of a stored graph, like a TF
Session, and the commit that applies a run to it (the runs themselves are runs.py's).

Concurrency rule (docs/sessions.md): a run reads the session at version v,
computes, and commits v+1 only if the session is still at v. A run that lost
the race is recomputed from the new state, up to COMMIT_ATTEMPTS times in
all; after that the client gets 409 SESSION_BUSY with Retry-After. Runs have
no effect outside the session, so recomputing is the same as having queued.
"""

import contextlib
import io
import secrets
import time
import zipfile
from collections.abc import Callable
from typing import Any, TypeVar

from graphgate_service import (
    auth,
    cursors,
    graphs,
    plans,
    problems,
    rest,
    runtime,
    session_leftovers,
    uploads,
)
from graphgate_service.logs import logger
from graphgate_service.session_store import SessionStore, StaleVersion

DEFAULT_IDLE_TTL_S = 3600
MAX_IDLE_TTL_S = 7 * 24 * 3600
MIN_IDLE_TTL_S = 60
COMMIT_ATTEMPTS = 3
T = TypeVar("T")
# A read-only run extends the idle expiry once it has slipped by this much (docs/sessions.md).
TOUCH_AFTER_S = 60


def store() -> SessionStore:
    return SessionStore.shared()


def new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(10)


# ------------------------------------------------------------------ lifecycle
def create(who: auth.Principal, request: dict[str, Any]) -> dict[str, Any]:
    tenant = who.tenant_id
    plan = _plan(who)
    if "graph_revision" in request and "graph_id" not in request:
        # A fork or a model's session is on its source's revision: another given was
        # ignored, and the session answered 201 on a revision the request did not ask for.
        raise problems.BadRequest(
            "graph_revision goes with graph_id; a session started from a session or a "
            "model is on its source's revision.",
            code="VALIDATION_FAILED",
            errors=[
                {
                    "pointer": "/graph_revision",
                    "code": "CONFLICT",
                    "message": "given without graph_id",
                }
            ],
        )
    plans.require_within(plan, "sessions", used=store().live_count(tenant, plan.sessions))
    random_state = None
    if "from_session" in request:
        source = session_meta(tenant, request["from_session"])
        graph_id, revision = source["graph_id"], source["graph_revision"]
        variables = store().variables(tenant, source)
        # A fork is a copy of the session: its random ops go on from where the source's
        # are, so a run on the fork draws what the same run on the source would have (a
        # seeded dropout run cancelled, forked and finished ends as one run ends).
        random_state = store().random_state(tenant, source)
    elif "from_model" in request:
        from graphgate_service import models

        graph_id, revision, variables = models.starting_point(tenant, request["from_model"])
    else:
        graph_id = request["graph_id"]
        revision, document = graphs.document_of(tenant, graph_id, request.get("graph_revision"))
        variables = runtime.initial_variables(runtime.graph(tenant, graph_id, revision, document))
    ttl = _idle_ttl(request.get("idle_ttl_s"))
    created = now_ms()
    meta = {
        "id": new_id("s_"),
        "graph_id": graph_id,
        "graph_revision": revision,
        "version": 1,
        "idle_ttl_s": ttl,
        "created_at": created,
        "updated_at": created,
        "expires_at": int(created / 1000) + ttl,
        # Every run of this session has an id carrying its time (runs.new_id), so one
        # that its key does not find does not exist (SessionStore.run).
        "timed_run_ids": True,
    }
    try:
        store().create(tenant, meta, variables, random_state)
    except StaleVersion:
        raise problems.NotFound(f"No graph {graph_id}.", code="GRAPH_NOT_FOUND") from None
    # Counting before cannot stop starts that race past the cap together; counting
    # again after can: each start that finds the cap exceeded steps back, so at
    # worst two racers both do, and never do both stay.
    live = store().live_count(tenant, plan.sessions + 1)
    if live > plan.sessions:
        with contextlib.suppress(StaleVersion):
            end(tenant, meta)
        logger.info("session start lost a race for the cap", extra={"session_id": meta["id"]})
        plans.require_within(plan, "sessions", used=live - 1)
    logger.info(
        "session created",
        extra={"session_id": meta["id"], "graph_id": graph_id, "revision": revision},
    )
    return describe(meta, variables)


def get(tenant: str, session_id: str) -> dict[str, Any]:
    meta = session_meta(tenant, session_id)
    return describe(meta, store().variables(tenant, meta))


def delete(tenant: str, session_id: str) -> None:
    meta = session_meta(tenant, session_id)
    try:
        end(tenant, meta)
    except StaleVersion:
        raise problems.NotFound(f"No session {session_id}.", code="SESSION_NOT_FOUND") from None


def end(tenant: str, meta: dict[str, Any]) -> None:
    """End a session, and with it its runs' records. An async run it leaves unfinished is
    metered first for the steps its checkpoints applied: its worker, finding the session
    gone, has no record left to meter it by (StaleVersion if the session had ended)."""
    records = store().end(tenant, meta)
    session_leftovers.leftovers().release(tenant, meta["id"], records)


def end_sessions_of_graph(tenant: str, session_ids: list[str]) -> None:
    """End sessions pinned to a graph being force-deleted."""
    for session_id in session_ids:
        meta = store().meta(tenant, session_id)
        if meta:
            with contextlib.suppress(StaleVersion):  # ended meanwhile
                end(tenant, meta)


def page(
    tenant: str, limit: int | None, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = cursors.page(
        tenant, "sessions", limit, cursor, lambda n, start: store().page(tenant, n, start)
    )
    return [summary(i) for i in items], next_cursor


# ------------------------------------------------------------------ variables
def variables(tenant: str, session_id: str, b64: bool) -> dict[str, Any]:
    meta = session_meta(tenant, session_id)
    values = store().variables(tenant, meta)
    answer = {
        "version": meta["version"],
        "variables": runtime.encode(dict(values), b64),
    }
    if uploads.fits_response(answer):
        return answer
    # A graph may hold more state than one response can: then it comes as a download.
    name = f"v{meta['version']}-{'b64' if b64 else 'list'}"
    return uploads.offload_fields(
        answer, ("variables",), lambda field: store().export_key(tenant, session_id, name)
    )


def export_npz(tenant: str, session_id: str) -> tuple[bytes, int]:
    from graphgate_service.session_store import pack

    meta = session_meta(tenant, session_id)
    return pack(store().variables(tenant, meta)), meta["version"]


def assign(
    who: auth.Principal,
    session_id: str,
    values: dict[str, Any],
    if_match: str | None,
    if_none_match: str | None = None,
) -> dict[str, Any]:
    """Set variables (shape- and dtype-checked by the engine), all or nothing.

    Losing the commit race to another writer is the same as having read an old
    version: with If-Match that is a 412; without, the assignment is merged
    into the new state like a run's update."""
    tenant = who.tenant_id

    def attempt(meta: dict[str, Any]) -> dict[str, Any]:
        version = str(meta["version"])
        if (if_match is not None and not rest.if_match_holds(if_match, version)) or (
            if_none_match and not rest.if_none_match_holds(if_none_match, version)
        ):
            raise problems.PreconditionFailed(
                "The session changed since you read it (or If-None-Match names it as it is).",
                code="VERSION_MISMATCH",
                extra={"current_version": meta["version"]},
            )
        graph = engine_graph(tenant, meta)
        current = store().variables(tenant, meta)
        checked = runtime.checked_variables(graph, {**current, **values})
        updated = commit(tenant, meta, checked, None)
        return {"version": updated["version"], "assigned": sorted(values)}

    return update(tenant, session_id, attempt)


def decode_variables(request: dict[str, Any]) -> dict[str, Any]:
    """{"variables": {name: wire tensor}} to arrays; 400 naming a bad tensor."""
    from graphgate import GraphgateError, serialization
    from graphgate_service import graph_documents

    values = {}
    for name, tensor in request["variables"].items():
        try:
            values[name] = serialization.decode_tensor(
                tensor, limits=graph_documents.engine_limits(), node=name
            )
        except GraphgateError as exc:
            raise graph_documents.engine_problem(exc, pointer=f"/variables/{name}") from None
    return values


def import_npz(who: auth.Principal, blob: bytes | str | None) -> dict[str, Any]:
    """The arrays of an `application/x-npz` assignment; 400 INVALID_NPZ if unreadable,
    422 FEED_TOO_LARGE, unread, if it unpacks past the plan's run_bytes (a compressed
    archive is a few MB that can unpack to gigabytes)."""
    from graphgate_service.session_store import unpack

    data = blob if isinstance(blob, bytes) else (blob or "").encode()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        unpacked = 0  # not an archive: unpack's own refusal below says so
    limit = plans.get(who.plan or "free").run_bytes
    if unpacked > limit:
        raise problems.Unprocessable(
            f"The archive unpacks to {unpacked} bytes; the plan allows {limit} per run.",
            code="FEED_TOO_LARGE",
            extra={"cap": "run_bytes", "limit": limit},
        )
    try:
        return unpack(data)
    except ValueError as exc:  # which member and why (`x` and `x.npy` both, not an array)
        raise problems.BadRequest(
            f"The body is not a readable .npz archive: {str(exc)[:200]}.", code="INVALID_NPZ"
        ) from None
    except Exception:  # numpy raises several types for a bad archive
        raise problems.BadRequest(
            "The body is not a readable .npz archive.", code="INVALID_NPZ"
        ) from None


# ------------------------------------------------------------ representations
def summary(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": meta["id"],
        "graph_id": meta["graph_id"],
        "graph_revision": meta["graph_revision"],
        "version": meta["version"],
        "idle_ttl_s": meta["idle_ttl_s"],
        "created_at": graphs.iso(meta["created_at"]),
        "updated_at": graphs.iso(meta["updated_at"]),
        "expires_at": graphs.iso(meta["expires_at"] * 1000),
    }


def describe(meta: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    from graphgate import dtypes

    return {
        **summary(meta),
        "variables": [
            {
                "name": name,
                "dtype": dtypes.TO_OIP.get(value.dtype, str(value.dtype)),
                "shape": list(value.shape),
            }
            for name, value in sorted(values.items())
        ],
    }


# ------------------------------------------------------------------- helpers
class SessionBusy(Exception):
    """The session moved on while this run computed."""


def busy() -> problems.Conflict:
    return problems.Conflict(
        "Other runs kept changing this session; retry shortly.",
        code="SESSION_BUSY",
        headers={"Retry-After": "1"},
    )


def update(tenant: str, session_id: str, attempt: Callable[[dict[str, Any]], T]) -> T:
    """The rule above, in one place: `attempt` computes from the session as read (its
    `meta`) and commits with `commit`, which raises SessionBusy when another commit came
    first; then it is attempted again on the new state, COMMIT_ATTEMPTS times in all,
    and after that the client gets 409 SESSION_BUSY. (An async run's worker retries
    differently, bounded by its invocation's time: it resumes from its own checkpoint.)"""
    for n in range(1, COMMIT_ATTEMPTS + 1):
        meta = session_meta(tenant, session_id)
        try:
            return attempt(meta)
        except SessionBusy:
            logger.info(
                "session commit lost a race", extra={"session_id": session_id, "attempt": n}
            )
    raise busy()


def checkpoint(
    tenant: str,
    meta: dict[str, Any],
    variables: dict[str, Any] | None,
    run: dict[str, Any],
    random_state: bytes | None = None,
) -> dict[str, Any]:
    """Commit an async run's chunk: the session's next version and the run's progress,
    unless the run was asked to cancel meanwhile."""
    updated = _next(meta, variables is not None or random_state is not None)
    run["version"] = updated["version"]
    return store().commit(tenant, updated, meta["version"], variables, run, True, random_state)


def _next(meta: dict[str, Any], changed: bool) -> dict[str, Any]:
    """The session after a committed run: a new version if state changed (its variables,
    or where its random ops are in their streams), a fresh expiry."""
    now = now_ms()
    return {
        **meta,
        "version": meta["version"] + (1 if changed else 0),
        "updated_at": now,
        "expires_at": int(now / 1000) + meta["idle_ttl_s"],
    }


def keep_alive(tenant: str, meta: dict[str, Any]) -> None:
    """A read-only run is use: push the idle expiry out as a committing run would. Written
    only once the expiry has slipped by TOUCH_AFTER_S (a tenth of a short TTL), so a
    stream of reads costs one write a minute, not one each."""
    expires_at = int(time.time()) + meta["idle_ttl_s"]
    if expires_at - meta["expires_at"] < min(TOUCH_AFTER_S, meta["idle_ttl_s"] // 10):
        return
    with contextlib.suppress(StaleVersion):  # ended, or extended by another, meanwhile
        store().touch(tenant, meta, expires_at)


def commit(
    tenant: str,
    meta: dict[str, Any],
    variables: dict[str, Any] | None,
    run: dict[str, Any] | None,
    random_state: bytes | None = None,
) -> dict[str, Any]:
    """Commit the session's next version (with new variables and random streams' positions,
    if any) and `run`'s record, if the session is still at meta's version: SessionBusy if
    it has moved on, 404 if it has ended."""
    updated = _next(meta, variables is not None or random_state is not None)
    if run is not None:
        run["version"] = updated["version"]
    try:
        return store().commit(
            tenant, updated, meta["version"], variables, run, random_state=random_state
        )
    except StaleVersion:
        if store().meta(tenant, meta["id"]) is None:
            raise problems.NotFound(f"No session {meta['id']}.", code="SESSION_NOT_FOUND") from None
        raise SessionBusy() from None


def check_pinned_revision(meta: dict[str, Any], request: dict[str, Any]) -> None:
    """A session runs the revision it is pinned to: a run naming another (RunRequest's
    `graph_revision`, for one-shot runs) was run on the pinned one, answered 200."""
    asked = request.get("graph_revision")
    if asked is not None and asked != meta["graph_revision"]:
        raise problems.BadRequest(
            f"Session {meta['id']} runs revision {meta['graph_revision']} of its graph; "
            "start a session on the revision you want.",
            code="VALIDATION_FAILED",
            errors=[
                {
                    "pointer": "/graph_revision",
                    "code": "CONFLICT",
                    "message": f"the session is on revision {meta['graph_revision']}",
                }
            ],
        )


def _plan(who: auth.Principal) -> plans.Plan:
    return plans.get(who.plan or "free")


def session_meta(tenant: str, session_id: str) -> dict[str, Any]:
    meta = store().meta(tenant, session_id) if _plausible(session_id) else None
    if meta is None:
        raise problems.NotFound(f"No session {session_id}.", code="SESSION_NOT_FOUND")
    return meta


def _plausible(session_id: str) -> bool:
    return session_id.startswith("s_") and len(session_id) <= 64 and session_id[2:].isalnum()


def engine_graph(tenant: str, meta: dict[str, Any]) -> Any:
    return runtime.graph(tenant, meta["graph_id"], meta["graph_revision"], document(tenant, meta))


def document(tenant: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The document of the session's graph revision; 409 GRAPH_DELETED once it is gone."""
    try:
        return graphs.document_of(tenant, meta["graph_id"], meta["graph_revision"])[1]
    except problems.NotFound:
        raise problems.Conflict(
            "The session's graph has been deleted.", code="GRAPH_DELETED"
        ) from None


def _idle_ttl(requested: int | None) -> int:
    ttl = DEFAULT_IDLE_TTL_S if requested is None else int(requested)
    if not MIN_IDLE_TTL_S <= ttl <= MAX_IDLE_TTL_S:
        raise problems.BadRequest(
            f"idle_ttl_s must be between {MIN_IDLE_TTL_S} and {MAX_IDLE_TTL_S}.",
            code="VALIDATION_FAILED",
            errors=[
                {"pointer": "/idle_ttl_s", "code": "RANGE", "message": f"{ttl} is out of range"}
            ],
        )
    return ttl


def now_ms() -> int:
    return int(time.time() * 1000)
