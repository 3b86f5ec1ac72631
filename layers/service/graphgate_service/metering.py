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

from graphgate_service import keys, storage
from graphgate_service.logs import logger

RETENTION_S = 400 * 24 * 3600


class UsageStore(storage.Store):
    """Each tenant's usage items, one per UTC day."""

    def add(
        self, tenant: str, day: str, counts: dict[str, str], once: dict[str, Any] | None
    ) -> bool:
        """ADD `counts` (attribute -> number) to the tenant's `day`; with `once` (the key of
        a run's record), only if that record is not yet marked metered, marking it in the
        same transaction. False when it was already marked (or is gone)."""
        names = [f"{name} :{name}" for name in counts]
        update = {
            "TableName": self.table,
            "Key": keys.usage(tenant, day),
            "UpdateExpression": f"ADD {', '.join(names)} SET expires_at = :expires",
            "ExpressionAttributeValues": {
                **{f":{name}": {"N": value} for name, value in counts.items()},
                ":expires": {"N": str(int(time.time()) + RETENTION_S)},
            },
        }
        if once is None:
            self.dynamodb.update_item(**update)
            return True
        mark = {
            "TableName": self.table,
            "Key": once,
            "UpdateExpression": "SET metered_at = :now",
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(metered_at)",
            "ExpressionAttributeValues": {":now": {"N": str(int(time.time()))}},
        }
        return storage.transact(self.dynamodb, [{"Update": mark}, {"Update": update}]) is None

    def day(self, tenant: str, day: str) -> dict[str, Any]:
        """The tenant's usage item of `day` (wire form; empty before its first run)."""
        key = keys.usage(tenant, day)
        return self.dynamodb.get_item(TableName=self.table, Key=key).get("Item") or {}


def record(
    tenant: str,
    compute_ms: float,
    feed_bytes: int,
    fetched_bytes: int,
    once: dict[str, Any] | None = None,
) -> None:
    """Count one run; with `once` (the key of the run's record), only if that record is
    not yet marked metered. Metering never fails a run: an error is logged, not raised."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    counts = {
        "runs": "1",
        "compute_ms": str(round(compute_ms, 3)),
        "feed_bytes": str(feed_bytes),
        "fetched_bytes": str(fetched_bytes),
    }
    try:
        if not UsageStore.shared().add(tenant, day, counts, once):
            logger.info("run not metered again: already metered, or gone", extra={"tenant": tenant})
    except Exception:
        logger.exception("could not meter a run", extra={"tenant": tenant})


def record_run(tenant: str, run: dict[str, Any], once: dict[str, Any]) -> None:
    """Count an asynchronous run from its record (`once` its key): what its checkpoints
    applied, once. A run that applied no step is not counted, as a synchronous run past
    its deadline is not."""
    if run["completed_steps"] == 0 or run.get("metered_at") is not None:
        return
    record(
        tenant,
        float(run["compute_ms"]),
        int(run.get("feed_bytes", 0)),
        int(run.get("fetched_bytes", 0)),
        once=once,
    )


def today(tenant: str) -> dict[str, Any]:
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    item = UsageStore.shared().day(tenant, day)

    def number(name: str) -> float:
        return float(item[name]["N"]) if name in item else 0

    return {
        "date": day,
        "runs": int(number("runs")),
        "compute_ms": number("compute_ms"),
        "feed_bytes": int(number("feed_bytes")),
        "fetched_bytes": int(number("fetched_bytes")),
    }
