"""What a tenant's runs consume, per UTC day: runs, compute_ms, feed_bytes and
fetched_bytes, on one item per tenant and day (keys.usage).

One atomic ADD per run, so concurrent runs never lose a count. Kept ~13 months.
A run counts once, for the bytes of the feeds it was sent (not once per step or
per chunk that cycles through them), its compute time and what it answered.
An asynchronous run, which many worker invocations and Lambda's redeliveries
may see finish, is counted with its record marked `metered_at` in the same
transaction, so only the first of them counts it.
"""

import time
from datetime import UTC, datetime
from typing import Any

from graphgate_service import aws, keys, settings, storage
from graphgate_service.logs import logger

RETENTION_S = 400 * 24 * 3600


def record(
    tenant: str,
    compute_ms: float,
    feed_bytes: int,
    fetched_bytes: int,
    once: dict[str, Any] | None = None,
) -> None:
    """Count one run; with `once` (the key of the run's record), only if that record is
    not yet marked metered. Metering never fails a run: an error is logged, not raised."""
    table = settings.get().table_name
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    update = {
        "TableName": table,
        "Key": keys.usage(tenant, day),
        "UpdateExpression": "ADD runs :one, compute_ms :ms, feed_bytes :fin, "
        "fetched_bytes :fout SET expires_at = :expires",
        "ExpressionAttributeValues": {
            ":one": {"N": "1"},
            ":ms": {"N": str(round(compute_ms, 3))},
            ":fin": {"N": str(feed_bytes)},
            ":fout": {"N": str(fetched_bytes)},
            ":expires": {"N": str(int(time.time()) + RETENTION_S)},
        },
    }
    try:
        if once is None:
            aws.client("dynamodb").update_item(**update)
            return
        mark = {
            "TableName": table,
            "Key": once,
            "UpdateExpression": "SET metered_at = :now",
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(metered_at)",
            "ExpressionAttributeValues": {":now": {"N": str(int(time.time()))}},
        }
        if storage.transact(aws.client("dynamodb"), [{"Update": mark}, {"Update": update}]):
            logger.info("run not metered again: already metered, or gone", extra={"tenant": tenant})
    except Exception:
        logger.exception("could not meter a run", extra={"tenant": tenant})


def today(tenant: str) -> dict[str, Any]:
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    item = (
        aws.client("dynamodb")
        .get_item(
            TableName=settings.get().table_name,
            Key=keys.usage(tenant, day),
        )
        .get("Item")
        or {}
    )

    def number(name: str) -> float:
        return float(item[name]["N"]) if name in item else 0

    return {
        "date": day,
        "runs": int(number("runs")),
        "compute_ms": number("compute_ms"),
        "feed_bytes": int(number("feed_bytes")),
        "fetched_bytes": int(number("fetched_bytes")),
    }
