"""Idempotency-Key for unsafe methods: a retried write gets the original answer.

    pk = TENANT#<t>#IDEMPOTENCY#<sha256(key)>   sk = IDEMPOTENCY

The first request claims the key with a conditional put (status IN_PROGRESS),
does its work and stores its response. A retry with the same key and the same
request replays that response; with a different request it is a 422; while the
first is still running it is a 409 with Retry-After. Records expire after 24 h.
"""

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from graphgate_service import problems
from graphgate_service.logs import logger
from graphgate_service.storage import tenant_pk

TTL_S = 24 * 3600
# A claim older than this belongs to a request that died; it may be taken over.
STALE_CLAIM_S = 60
MAX_KEY_LENGTH = 255
TRANSIENT = frozenset({409, 429, 500, 502, 503, 504})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Stored:
    status: int
    headers: dict[str, str]
    body: str


def fingerprint(method: str, path: str, body: str | None) -> str:
    return hashlib.sha256(f"{method} {path}\n{body or ''}".encode()).hexdigest()


def run(
    dynamodb: Any,
    table: str,
    tenant: str,
    key: str,
    request_fingerprint: str,
    work: Callable[[], Stored],
) -> tuple[Stored, bool]:
    """(response, replayed): `work()`'s response, or the stored one of a previous attempt."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise problems.BadRequest(
            f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} characters.",
            code="INVALID_IDEMPOTENCY_KEY",
        )
    item_key = {
        "pk": {"S": tenant_pk(tenant, "IDEMPOTENCY", hashlib.sha256(key.encode()).hexdigest())},
        "sk": {"S": "IDEMPOTENCY"},
    }
    now = int(time.time())
    # The SDK retries a put whose answer was lost; the claim's own id lets the
    # retry see the claim is its own rather than another request's in progress.
    claim = secrets.token_hex(8)
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
        return _replay(dynamodb, table, item_key, request_fingerprint), True
    try:
        response = work()
    except Exception:
        # A failed request changed nothing: free the key for the retry.
        dynamodb.delete_item(TableName=table, Key=item_key)
        raise
    if response.status in TRANSIENT:
        # Worth retrying for real, so not worth remembering.
        dynamodb.delete_item(TableName=table, Key=item_key)
        return response, False
    try:
        dynamodb.update_item(
            TableName=table,
            Key=item_key,
            UpdateExpression="SET #state = :done, #response = :response",
            ExpressionAttributeNames={"#state": "state", "#response": "response"},
            ExpressionAttributeValues={
                ":done": {"S": "DONE"},
                ":response": {
                    "S": json.dumps(
                        {
                            "status": response.status,
                            "headers": response.headers,
                            "body": response.body,
                        }
                    )
                },
            },
        )
    except (ClientError, BotoCoreError):
        # The work is done: answering 503 now would invite a retry that, once
        # the claim goes stale, does it twice. Retries meanwhile get 409.
        logger.warning("idempotent response not stored", exc_info=True)
    return response, False


def _replay(
    dynamodb: Any, table: str, item_key: dict[str, Any], request_fingerprint: str
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
    stored = json.loads(item["response"]["S"])
    return Stored(stored["status"], stored["headers"], stored["body"])
