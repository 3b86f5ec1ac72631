"""Fed by the table's stream, filtered to the TTL's deletions (template.yaml): when the
idle TTL deletes a session's META, release what the session left (its run records and
its objects) as its `DELETE` does (`session_leftovers`).

Each record is released within the invocation's time, a page at a time; a record not
finished is reported as the batch's first failure (`ReportBatchItemFailures`), so Lambda
sends it, and those after it, again: the pages already released are gone, so the next
attempt carries on. A record that fails every attempt goes to the dead-letter queue."""

from graphgate_service import aws, keys, logs, session_leftovers

logger = logs.logger

# What a page of releases can take (a query and 20 batch writes, or a page of objects):
# no new page starts with less than this left.
PAGE_BUDGET_S = 20.0


def lambda_handler(event, context):
    logs.bind_request(context.aws_request_id)
    try:
        with aws.deadline(context):
            return {"batchItemFailures": _reap_all(event.get("Records", []))}
    finally:
        logs.unbind_request()


def _reap_all(records: list[dict]) -> list[dict[str, str]]:
    for record in records:
        try:
            done = _reap(record)
        except Exception:
            logger.exception("reaping failed", extra={"sequence": _sequence(record)})
            done = False
        if not done:
            # Streams are retried from the lowest sequence number reported, in order.
            return [{"itemIdentifier": _sequence(record)}]
    return []


def _reap(record: dict) -> bool:
    session = _expired_session(record)
    if session is None:
        return True  # another item the filter let through (a batch's META): not ours
    tenant, session_id = session
    done = session_leftovers.leftovers().reap(tenant, session_id, _time_left)
    logger.info(
        "expired session released" if done else "expired session partly released",
        extra={"tenant": tenant, "session_id": session_id},
    )
    return done


def _expired_session(record: dict) -> tuple[str, str] | None:
    """(tenant, session id) of a record of the TTL deleting a session's META."""
    identity = record.get("userIdentity") or {}
    if record.get("eventName") != "REMOVE" or identity.get("type") != "Service":
        return None
    if identity.get("principalId") != "dynamodb.amazonaws.com":
        return None
    key = record.get("dynamodb", {}).get("Keys", {})
    pk, sk = key.get("pk", {}).get("S"), key.get("sk", {}).get("S")
    if not isinstance(pk, str) or not isinstance(sk, str):
        return None
    return keys.session_of_meta(pk, sk)


def _time_left() -> bool:
    remaining = aws.remaining_s()
    return remaining is None or remaining > PAGE_BUDGET_S


def _sequence(record: dict) -> str:
    return record.get("dynamodb", {}).get("SequenceNumber", "")
