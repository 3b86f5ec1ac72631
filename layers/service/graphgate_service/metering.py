"""What a tenant's runs consume, per UTC day: runs, compute_ms, feed_bytes and
fetched_bytes, on one item per tenant and day (keys.usage).

One atomic ADD per run, so concurrent runs never lose a count. Kept ~13 months.
A run counts once, for the bytes of the feeds it was sent (not once per step or
per chunk that cycles through them), its compute time and what it answered.
An asynchronous run, which many worker invocations and Lambda's redeliveries
may see finish, is counted with its record marked `metered_at` in the same
transaction, so only the first of them counts it. A batch is counted from its
record's running totals, as they grow: its shards still running when it is
cancelled finish after the cancel counted it, and are counted as they are recorded
(`record_growth`).
"""

import time
from datetime import UTC, datetime
from typing import Any

from graphgate_service import keys, storage
from graphgate_service.logs import logger

RETENTION_S = 400 * 24 * 3600


class UsageStore(storage.Store):
    """Each tenant's usage items, one per UTC day."""

    def _added(self, tenant: str, day: str, counts: dict[str, str]) -> dict[str, Any]:
        """The update that ADDs `counts` (attribute -> number) to the tenant's `day`."""
        names = [f"{name} :{name}" for name in counts]
        return {
            "TableName": self.table,
            "Key": keys.usage(tenant, day),
            "UpdateExpression": f"ADD {', '.join(names)} SET expires_at = :expires",
            "ExpressionAttributeValues": {
                **{f":{name}": {"N": value} for name, value in counts.items()},
                ":expires": {"N": str(int(time.time()) + RETENTION_S)},
            },
        }

    def add(
        self, tenant: str, day: str, counts: dict[str, str], once: dict[str, Any] | None
    ) -> bool:
        """ADD `counts` (attribute -> number) to the tenant's `day`; with `once` (the key of
        a run's record), only if that record is not yet marked metered, marking it in the
        same transaction. False when it was already marked (or is gone)."""
        update = self._added(tenant, day, counts)
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

    def add_growth(
        self,
        tenant: str,
        day: str,
        counts: dict[str, str],
        record: dict[str, Any],
        marks: dict[str, str],
        before: str | None,
    ) -> bool:
        """ADD `counts` to the tenant's `day` and SET `marks` (attribute -> number) on the
        record keyed `record`, in one transaction, if the record's `metered_parts` is still
        `before` (None: the record was never metered). False when it is not (another
        metering came first) or the record is gone."""
        update = self._added(tenant, day, counts)
        values = {f":{name}": {"N": value} for name, value in marks.items()}
        values[":now"] = {"N": str(int(time.time()))}
        condition = "attribute_exists(pk) AND attribute_not_exists(metered_at)"
        if before is not None:
            condition = "attribute_exists(pk) AND metered_parts = :before"
            values[":before"] = {"N": before}
        mark = {
            "TableName": self.table,
            "Key": record,
            "UpdateExpression": "SET metered_at = if_not_exists(metered_at, :now), "
            + ", ".join(f"{name} = :{name}" for name in marks),
            "ConditionExpression": condition,
            "ExpressionAttributeValues": values,
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


# The running totals of a record that grows part by part (a batch's, shard by shard),
# each with the attribute that keeps how much of it has been metered.
GROWING = {
    "compute_ms": "metered_compute_ms",
    "feed_bytes": "metered_feed_bytes",
    "fetched_bytes": "metered_fetched_bytes",
}


def record_growth(tenant: str, item: dict[str, Any], key: dict[str, Any], parts: str) -> bool:
    """Count what `item` (a plain record keyed `key`, holding running totals of
    `compute_ms`, `feed_bytes` and `fetched_bytes` over its `parts`, a count) grew by
    since it was last metered: one run the first time, and only the growth after. Two
    meterings reading the same state never both count it: the one that finds the record
    metered past what it read is False, to read it again. True when nothing is left
    to count, and on an error (logged: metering never fails what it meters)."""
    done = int(item.get(parts, 0))
    if item.get("metered_at") is not None and "metered_parts" not in item:
        return True  # metered whole, before records were metered as they grew
    before = item.get("metered_parts")
    if done == 0 or (before is not None and int(before) >= done):
        return True
    counts = {"runs": "0" if before is not None else "1"}
    marks = {"metered_parts": str(done)}
    for total, metered in GROWING.items():
        now, then = float(item.get(total, 0)), float(item.get(metered, 0))
        counts[total] = str(round(now - then, 3) if total == "compute_ms" else int(now - then))
        marks[metered] = str(item.get(total, 0))
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    try:
        return UsageStore.shared().add_growth(
            tenant, day, counts, key, marks, None if before is None else str(before)
        )
    except Exception:
        logger.exception("could not meter a record's growth", extra={"tenant": tenant})
        return True


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
