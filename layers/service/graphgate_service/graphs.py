"""The graphs resource: what create, read, list, replace, patch and delete
mean. Handlers call these; storage details stay in graph_store."""

import contextlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from graphgate_service import (
    cursors,
    graph_documents,
    onnx_graphs,
    plans,
    problems,
    rest,
    uploads,
)
from graphgate_service.graph_store import CapExceeded, Caps, ConflictingWrite, GraphStore
from graphgate_service.logs import logger

MERGE_PATCH_FIELDS = ("name", "description", "tags")
# A delete looks at the graph's sessions again this many times when one starts meanwhile.
DELETE_ATTEMPTS = 3
# A patch without If-Match (or a patch or replace with `If-Match: *`) reads the graph
# again this many times when a write lands first.
PATCH_ATTEMPTS = 5


def store() -> GraphStore:
    return GraphStore.shared()


def new_id() -> str:
    """Random, so ids reveal nothing (not order, not count)."""
    return "g_" + secrets.token_hex(10)


def new_etag() -> str:
    return '"' + secrets.token_urlsafe(12) + '"'


def create(
    tenant: str, request: dict[str, Any], source: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Store a new graph; `source` says where it came from (an ONNX model), None for a
    graphgate document."""
    require_room(tenant, graphs=1)
    document, described = _validated(request["graph"])
    now = _now_ms()
    meta = {
        "id": new_id(),
        "name": request["name"],
        "description": request.get("description"),
        "tags": _tags(request.get("tags")),
        "revision": 1,
        "etag": new_etag(),
        "content_hash": graph_documents.content_hash(request["graph"]),
        "node_count": described.node_count,
        "created_at": now,
        "updated_at": now,
        **({"source": source} if source else {}),
    }
    # Answered before it is written: once the write has happened, its answer cannot fail.
    answer = shown(tenant, resource(meta, request["graph"], described))
    started = time.perf_counter()
    try:
        with _within_plan(tenant, graphs=1, stored_bytes=len(document)) as caps:
            store().create(tenant, meta, document, caps)
    except (problems.ApiError, ConflictingWrite):
        store().discard(tenant, meta["id"])  # refused: nothing points at what it wrote
        raise
    _log("graph created", meta, started)
    return answer


def get(tenant: str, graph_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(meta, document) of the current revision; 404 for a graph of another tenant too."""
    meta = _meta(tenant, graph_id)
    return meta, _document(tenant, graph_id, meta["revision"])


def document_of(
    tenant: str, graph_id: str, revision: int | None = None
) -> tuple[int, dict[str, Any]]:
    """(revision, document) of the graph's current revision or of `revision`."""
    meta = _meta(tenant, graph_id)
    number = meta["revision"] if revision is None else revision
    document = _document(tenant, graph_id, number, missing_ok=True)
    if document is None:
        raise problems.NotFound(
            f"Graph {graph_id} has no revision {number}.", code="REVISION_NOT_FOUND"
        )
    return number, document


def revision_of(tenant: str, graph_id: str, revision: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """(meta as of `revision`, its document): the current name and tags, the revision's
    number, content_hash, node_count and source."""
    meta = _meta(tenant, graph_id)
    document = _document(tenant, graph_id, revision, missing_ok=True)
    if document is None:
        raise problems.NotFound(
            f"Graph {graph_id} has no revision {revision}.", code="REVISION_NOT_FOUND"
        )
    at = {k: v for k, v in meta.items() if k != "source"}
    if revision == meta["revision"]:
        own = {"source": meta.get("source")}
    else:
        # The revision's own hash and size, not the current one's: the hash names the
        # download of an answer too large to be inline, which held revision n's document
        # under the current revision's name (its graph_url then answered the old graph).
        own = store().revision_record(tenant, graph_id, revision)
    at.update({k: v for k, v in own.items() if k != "source"})
    if own.get("source"):
        at["source"] = own["source"]
    return {**at, "revision": revision, "current_revision": meta["revision"]}, document


def get_revision(tenant: str, graph_id: str, revision: int) -> dict[str, Any]:
    meta, document = revision_of(tenant, graph_id, revision)
    described = graph_documents.describe(document)
    return shown(
        tenant,
        {**resource(meta, document, described), "current_revision": meta["current_revision"]},
    )


def revisions(
    tenant: str, graph_id: str, limit: int | None, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of a graph's revisions, oldest first (a cursor is bound to the graph)."""
    _meta(tenant, graph_id)
    items, next_cursor = cursors.page(
        tenant,
        f"revisions:{graph_id}",
        limit,
        cursor,
        lambda n, start: store().revisions(tenant, graph_id, n, start),
    )
    for r in items:
        shown_source = onnx_graphs.shown_source(r.pop("source", None))
        r["created_at"] = iso(r["created_at"])
        if shown_source:
            r["source"] = shown_source
    return items, next_cursor


def replace(
    tenant: str,
    graph_id: str,
    if_match: str | None,
    request: dict[str, Any],
    source: dict[str, Any] | None = None,
    if_none_match: str | None = None,
) -> dict[str, Any]:
    required = problems.PreconditionRequired(
        "Replacing a graph requires If-Match with its current ETag.", code="IF_MATCH_REQUIRED"
    )
    if not if_match and not if_none_match:
        raise required
    meta = _meta(tenant, graph_id)
    _check_etag(meta, if_match, if_none_match)
    if not if_match:
        raise required
    require_room(tenant, graphs=0)
    document, described = _validated(request["graph"])
    for attempt in range(PATCH_ATTEMPTS):
        if attempt:
            meta = _meta(tenant, graph_id)
            _check_etag(meta, if_match, if_none_match)
        updated = {
            **{k: v for k, v in meta.items() if k != "source"},  # the new revision's, or none
            **({"source": source} if source else {}),
            "name": request["name"],
            "description": request.get("description"),
            "tags": _tags(request.get("tags")),
            "revision": meta["revision"] + 1,
            "etag": new_etag(),
            "content_hash": graph_documents.content_hash(request["graph"]),
            "node_count": described.node_count,
            "updated_at": _now_ms(),
        }
        # As in create; downloads of a refused revision stay under the graph until it goes.
        answer = shown(tenant, resource(updated, request["graph"], described))
        started = time.perf_counter()
        try:
            with _within_plan(tenant, graphs=0, stored_bytes=len(document)) as caps:
                store().replace(tenant, updated, meta["etag"], document, caps)
        except ConflictingWrite:
            # `If-Match: *` holds on whatever revision another PUT made first.
            if not rest.holds_for_any_version(if_match) or store().meta(tenant, graph_id) is None:
                raise _lost_race(tenant, graph_id) from None
            continue
        _log("graph replaced", updated, started)
        return answer
    raise _kept_changing(graph_id, "replaced")


def patch(
    tenant: str,
    graph_id: str,
    if_match: str | None,
    changes: dict[str, Any],
    if_none_match: str | None = None,
) -> dict[str, Any]:
    """RFC 7396 merge patch of the metadata; the revision (graph content) is unchanged.
    Without If-Match (or with `*`) it applies to the graph as it is when written: a write
    that lands between its read and its write makes it read again, not fail with a 412
    whose precondition the client never sent."""
    if changes.get("name", "") is None:
        raise problems.BadRequest(
            "name cannot be removed.",
            code="VALIDATION_FAILED",
            errors=[{"pointer": "/name", "code": "REQUIRED", "message": "name cannot be null"}],
        )
    for _ in range(PATCH_ATTEMPTS):
        meta = _meta(tenant, graph_id)
        _check_etag(meta, if_match, if_none_match)
        updated = {**meta, "etag": new_etag(), "updated_at": _now_ms()}
        for field in MERGE_PATCH_FIELDS:
            if field in changes:
                value = changes[field]
                updated[field] = _tags(value) if field == "tags" else value
        try:
            store().update_meta(tenant, updated, meta["etag"])
        except ConflictingWrite:
            if not rest.holds_for_any_version(if_match) or store().meta(tenant, graph_id) is None:
                raise _lost_race(tenant, graph_id) from None
            continue
        _log("graph patched", updated, None)
        return summary(updated) | {"description": updated.get("description")}
    raise _kept_changing(graph_id, "patched")


def _kept_changing(graph_id: str, verb: str) -> problems.ApiError:
    return problems.ServiceUnavailable(
        f"Graph {graph_id} kept changing while it was being {verb}; retry.",
        code="WRITE_CONFLICT",
    )


def delete(
    tenant: str, graph_id: str, if_match: str | None, force: bool, if_none_match: str | None = None
) -> None:
    # A session started after the listing below makes the delete's condition fail
    # (GraphStore.delete); looking again then finds it, as if it had started first.
    for _ in range(DELETE_ATTEMPTS):
        meta = _meta(tenant, graph_id)
        _check_etag(meta, if_match, if_none_match)
        live = store().sessions(tenant, graph_id)
        if live and not force:
            raise problems.Conflict(
                f"Graph {graph_id} has {len(live)} live session(s); end them or use ?force=true.",
                code="GRAPH_IN_USE",
                extra={"sessions": live},
            )
        if live:
            from graphgate_service import sessions  # sessions build on graphs, not the reverse

            sessions.end_sessions_of_graph(tenant, live)
        try:
            store().delete(tenant, meta)
        except ConflictingWrite:
            current = store().meta(tenant, graph_id)
            changed = current is not None and current["etag"] != meta["etag"]
            if current is not None and (not changed or rest.holds_for_any_version(if_match)):
                # Sessions started meanwhile, or a change that a delete without
                # If-Match does not care about: look again.
                continue
            raise _lost_race(tenant, graph_id) from None
        _log("graph deleted", meta, None)
        return
    if changed:
        # Writes, not sessions, kept landing first: GRAPH_IN_USE said sessions kept
        # starting (`sessions: []`) to a delete that eight `If-Match: *` PUTs outran.
        raise _kept_changing(graph_id, "deleted")
    raise problems.Conflict(
        f"Sessions kept starting on graph {graph_id} while it was being deleted; retry.",
        code="GRAPH_IN_USE",
        headers={"Retry-After": "1"},
        extra={"sessions": live},
    )


def page(
    tenant: str, limit: int | None, cursor: str | None, filters: dict[str, str]
) -> tuple[list[dict[str, Any]], str | None]:
    query = json.dumps(filters, sort_keys=True)
    items, next_cursor = cursors.page(
        tenant, query, limit, cursor, lambda n, start: store().page(tenant, n, start, filters)
    )
    return [summary(i) for i in items], next_cursor


# ------------------------------------------------------------- representations
def summary(meta: dict[str, Any]) -> dict[str, Any]:
    source = onnx_graphs.shown_source(meta.get("source"))
    return {
        **({"source": source} if source else {}),
        "id": meta["id"],
        "name": meta["name"],
        "tags": meta.get("tags", []),
        "revision": meta["revision"],
        "etag": meta["etag"],
        "content_hash": meta["content_hash"],
        "node_count": meta["node_count"],
        "created_at": iso(meta["created_at"]),
        "updated_at": iso(meta["updated_at"]),
    }


def resource(
    meta: dict[str, Any], document: dict[str, Any], described: graph_documents.Described
) -> dict[str, Any]:
    return {
        **summary(meta),
        "description": meta.get("description"),
        "graph": document,
        "signature": described.signature,
    }


# Too large to answer inline, these move behind download URLs (graph_url, signature_url).
LARGE_FIELDS = ("graph", "signature")


def shown(tenant: str, graph: dict[str, Any]) -> dict[str, Any]:
    """`graph` (a resource) as answered: inline if it fits a synchronous response, else
    with its document and signature as downloads. Never a refusal: by the time a write is
    answered it has happened, and a stored graph must stay readable."""
    if uploads.fits_response(graph):
        return graph
    logger.info("graph answered by download", extra={"graph_id": graph["id"]})
    return uploads.offload_fields(
        graph,
        LARGE_FIELDS,
        lambda field: store().export_key(tenant, graph["id"], graph["content_hash"], field),
    )


# ------------------------------------------------------------------ helpers
def _validated(document: Any) -> tuple[bytes, graph_documents.Described]:
    described = graph_documents.describe(document)
    return graph_documents.canonical(document), described


def _meta(tenant: str, graph_id: str) -> dict[str, Any]:
    meta = store().meta(tenant, graph_id) if _plausible_id(graph_id) else None
    if meta is None:
        raise problems.NotFound(f"No graph {graph_id}.", code="GRAPH_NOT_FOUND")
    return meta


def _plausible_id(graph_id: str) -> bool:
    return graph_id.startswith("g_") and len(graph_id) <= 64 and graph_id[2:].isalnum()


class _Revisions:
    """Documents of revisions read by this warm container. A revision is immutable
    (written once, under attribute_not_exists), so a copy never goes stale; a
    deleted graph is refused by its META read, which every caller makes first.
    Bounded in bytes; the parsed dict is not kept, so no caller can change the copy."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._documents: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, int]) -> bytes | None:
        with self._lock:
            raw = self._documents.get(key)
            if raw is not None:
                self._documents.move_to_end(key)
            return raw

    def keep(self, key: tuple[str, str, int], raw: bytes) -> None:
        if len(raw) > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._documents:
                return
            self._documents[key] = raw
            self._bytes += len(raw)
            while self._bytes > self.max_bytes:
                _, dropped = self._documents.popitem(last=False)
                self._bytes -= len(dropped)


REVISION_CACHE_BYTES = 8 * 1024 * 1024
_revisions = _Revisions(REVISION_CACHE_BYTES)


def _document(
    tenant: str, graph_id: str, revision: int, missing_ok: bool = False
) -> dict[str, Any] | None:
    key = (tenant, graph_id, revision)
    raw = _revisions.get(key)
    if raw is None and revision >= 1:
        raw = store().document(tenant, graph_id, revision)
        if raw is not None:
            _revisions.keep(key, raw)
    if raw is None:
        if missing_ok:
            return None
        raise problems.NotFound(f"No graph {graph_id}.", code="GRAPH_NOT_FOUND")
    return json.loads(raw)


def _check_etag(meta: dict[str, Any], if_match: str | None, if_none_match: str | None) -> None:
    """The request's preconditions against the graph as read (RFC 9110 §13.2.2's order).
    ETags are never reused, so one that is not current now never becomes current."""
    if if_match and not rest.if_match_holds(if_match, meta["etag"]):
        raise problems.PreconditionFailed(
            "The graph changed since you read it; fetch it again and reapply your change.",
            code="ETAG_MISMATCH",
            extra={"current_etag": meta["etag"]},
        )
    if if_none_match and not rest.if_none_match_holds(if_none_match, meta["etag"]):
        raise problems.PreconditionFailed(
            "If-None-Match names the graph as it is (or is *): nothing was changed.",
            code="ETAG_MISMATCH",
            extra={"current_etag": meta["etag"]},
        )


def _lost_race(tenant: str, graph_id: str) -> problems.ApiError:
    """The write's condition failed: someone else changed or deleted the graph first."""
    if store().meta(tenant, graph_id) is None:
        return problems.NotFound(f"No graph {graph_id}.", code="GRAPH_NOT_FOUND")
    return problems.PreconditionFailed(
        "The graph changed while your request ran; fetch it again and reapply your change.",
        code="ETAG_MISMATCH",
    )


def require_room(tenant: str, *, graphs: int) -> None:
    """422 naming the cap when the tenant holds as many graphs as its plan allows (and the
    write would add `graphs`), or as many bytes: checked before a document is checked or
    a model converted, which at the node limit takes seconds. (The write's transaction
    holds the caps against races; this spares the work a refusal would waste.)"""
    usage = store().usage(tenant)
    plan = plans.get(usage["plan"])
    if graphs:
        plans.require_within(plan, "graphs", used=usage["graphs"], adding=graphs)
    plans.require_within(plan, "stored_bytes", used=usage["stored_bytes"])


@contextlib.contextmanager
def _within_plan(tenant: str, *, graphs: int, stored_bytes: int) -> Iterator[Caps]:
    """The caps the write must respect; a 422 naming the cap it would break.

    The caps are enforced inside the write's transaction (no race can slip
    past them); this only turns a refusal into a message that names the cap.
    """
    plan = plans.get(store().usage(tenant)["plan"])
    try:
        yield Caps(graphs=plan.graphs, stored_bytes=plan.stored_bytes)
    except CapExceeded:
        usage = store().usage(tenant)
        if graphs and usage["graphs"] + graphs > plan.graphs:
            plans.require_within(plan, "graphs", used=usage["graphs"], adding=graphs)
        plans.require_within(plan, "stored_bytes", used=usage["stored_bytes"], adding=stored_bytes)
        # Room appeared between the refusal and this read: the client may simply retry.
        raise problems.ServiceUnavailable(
            "Usage changed during the write; retry.", code="WRITE_CONFLICT"
        ) from None


def _tags(tags: Any) -> list[str]:
    return sorted(set(tags or []))


def _now_ms() -> int:
    return int(time.time() * 1000)


def iso(ms: int) -> str:
    return (
        datetime.fromtimestamp(ms / 1000, UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _log(message: str, meta: dict[str, Any], started: float | None) -> None:
    fields = {
        "graph_id": meta["id"],
        "revision": meta["revision"],
        "node_count": meta["node_count"],
    }
    if started is not None:
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)
    logger.info(message, extra=fields)
