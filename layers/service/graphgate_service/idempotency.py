"""Idempotency-Key for unsafe methods: a retried write gets the original answer.
The record is keyed by the tenant and the key's SHA-256 (keys.idempotency).

The first request claims the key with a conditional put (status IN_PROGRESS),
does its work and stores its response. A retry with the same key and the same
request replays that response; with a different request it is a 422; while the
first is still running it is a 409 with Retry-After. Records expire after 24 h. A
transient failure, or a refusal of the request's headers (412, 415, 428), is not kept.

A response is kept compressed in the record; one that still does not fit a
DynamoDB item (400 KB: a large graph's echo) is kept in S3 under idempotency/,
which the bucket's lifecycle expires, so that a retry is always a replay: a
record left IN_PROGRESS would let a retry past STALE_CLAIM_S do the write again.
"""

import hashlib
import json
import secrets
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from graphgate_service import keys, problems, storage
from graphgate_service.logs import logger

TTL_S = 24 * 3600
# A claim older than this belongs to a request that died; it may be taken over.
STALE_CLAIM_S = 60
MAX_KEY_LENGTH = 255
TRANSIENT = frozenset({409, 429, 500, 502, 503, 504})
# Refused for a header the fingerprint does not hold (If-Match, If-None-Match,
# Content-Type), the method was not applied (RFC 9110 §15.5.13, §15.5.16; RFC 6585 §3):
# kept, the refusal was replayed to the retry that corrected the header, which never
# happened. Not kept, a retry is a new attempt.
UNAPPLIED = frozenset({412, 415, 428})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Compressed responses up to this size stay in the record (an item holds 400 KB).
MAX_INLINE_RESPONSE_BYTES = 300_000


@dataclass(frozen=True)
class Stored:
    status: int
    headers: dict[str, str]
    body: str
    # A binary answer's body is its bytes' base64 (a KServe binary-data answer): replayed
    # as text without the flag, it reached the client as base64 characters.
    base64: bool = False


def fingerprint(method: str, path: str, body: str | None) -> str:
    return hashlib.sha256(f"{method} {path}\n{body or ''}".encode()).hexdigest()


def run(
    store: storage.Store,
    tenant: str,
    key: str,
    request_fingerprint: str,
    work: Callable[[], Stored],
) -> tuple[Stored, bool]:
    """(response, replayed): `work()`'s response, or the stored one of a previous attempt.
    The record is in `store`'s table; responses too large for it, in its bucket."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise problems.BadRequest(
            f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} characters.",
            code="INVALID_IDEMPOTENCY_KEY",
        )
    item_key = keys.idempotency(tenant, hashlib.sha256(key.encode()).hexdigest())
    now = int(time.time())
    # The SDK retries a put whose answer was lost; the claim's own id lets the
    # retry see the claim is its own rather than another request's in progress.
    claim = secrets.token_hex(8)
    dynamodb, table, blobs = store.dynamodb, store.table, (store.s3, store.bucket)
    try:
        dynamodb.put_item(
            TableName=table,
            Item={
                **item_key,
                "state": {"S": "IN_PROGRESS"},
                "fingerprint": {"S": request_fingerprint},
                "claim": {"S": claim},
                "claimed_at": {"N": str(now)},
                "expires_at": {"N": str(now + TTL_S)},
            },
            ConditionExpression="attribute_not_exists(pk) OR expires_at < :now OR "
            "(#state = :in_progress AND (claimed_at < :stale OR #claim = :claim))",
            ExpressionAttributeNames={"#state": "state", "#claim": "claim"},
            ExpressionAttributeValues={
                ":now": {"N": str(now)},
                ":in_progress": {"S": "IN_PROGRESS"},
                ":stale": {"N": str(now - STALE_CLAIM_S)},
                ":claim": {"S": claim},
            },
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        return _replay(dynamodb, table, item_key, request_fingerprint, blobs), True
    try:
        response = work()
    except Exception:
        # A failed request changed nothing: free the key for the retry.
        dynamodb.delete_item(TableName=table, Key=item_key)
        raise
    if response.status in TRANSIENT or response.status in UNAPPLIED:
        # Worth retrying for real (or with the header corrected), so not worth remembering.
        dynamodb.delete_item(TableName=table, Key=item_key)
        return response, False
    try:
        name, value = _kept(response, blobs, tenant, item_key)
        dynamodb.update_item(
            TableName=table,
            Key=item_key,
            UpdateExpression="SET #state = :done, #response = :response",
            ExpressionAttributeNames={"#state": "state", "#response": name},
            ExpressionAttributeValues={":done": {"S": "DONE"}, ":response": value},
        )
    except (ClientError, BotoCoreError):
        # The work is done: answering 503 now would invite a retry that, once
        # the claim goes stale, does it twice. Retries meanwhile get 409.
        logger.warning("idempotent response not stored", exc_info=True)
    return response, False


def _kept(
    response: Stored, blobs: tuple[Any, str] | None, tenant: str, item_key: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The record's attribute holding `response`: compressed inline, or a pointer to S3."""
    document = {"status": response.status, "headers": response.headers, "body": response.body}
    if response.base64:
        document["base64"] = True
    packed = zlib.compress(json.dumps(document).encode(), 6)
    if len(packed) <= MAX_INLINE_RESPONSE_BYTES or blobs is None:
        return "response_z", {"B": packed}
    s3, bucket = blobs
    key = keys.idempotent_response(tenant, keys.idempotency_digest(item_key))
    s3.put_object(Bucket=bucket, Key=key, Body=packed)
    return "response_s3_key", {"S": key}


def _unkept(item: dict[str, Any], blobs: tuple[Any, str] | None) -> dict[str, Any]:
    if "response" in item:  # written before responses were compressed
        return json.loads(item["response"]["S"])
    if "response_z" in item:
        return json.loads(zlib.decompress(item["response_z"]["B"]))
    if blobs is None:
        raise RuntimeError("an idempotent response kept in S3, and no bucket to read it from")
    s3, bucket = blobs
    body = s3.get_object(Bucket=bucket, Key=item["response_s3_key"]["S"])["Body"].read()
    return json.loads(zlib.decompress(body))


def _replay(
    dynamodb: Any,
    table: str,
    item_key: dict[str, Any],
    request_fingerprint: str,
    blobs: tuple[Any, str] | None,
) -> Stored:
    item = dynamodb.get_item(TableName=table, Key=item_key, ConsistentRead=True).get("Item")
    if not item:  # released between our put and this read: the first attempt failed
        raise problems.Conflict(
            "The first request with this Idempotency-Key failed; retry.",
            code="IDEMPOTENCY_RETRY",
            headers={"Retry-After": "1"},
        )
    if item["fingerprint"]["S"] != request_fingerprint:
        raise problems.Unprocessable(
            "This Idempotency-Key was used for a different request.", code="IDEMPOTENCY_KEY_REUSED"
        )
    if item["state"]["S"] != "DONE":
        raise problems.Conflict(
            "A request with this Idempotency-Key is still in progress.",
            code="IDEMPOTENCY_IN_PROGRESS",
            headers={"Retry-After": "1"},
        )
    stored = _unkept(item, blobs)
    return Stored(stored["status"], stored["headers"], stored["body"], stored.get("base64", False))
