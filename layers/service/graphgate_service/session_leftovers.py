"""What a session leaves when it ends, and their release: its run records (`RUN#`
items, which carry no `expires_at`) and its objects (everything under
`keys.session_prefix`: variables and random streams past the item's inline size, runs'
kept requests and outputs, downloads). Ending by `DELETE` (`sessions.end`) and ending
by the idle TTL (the reaper function, fed by the table's stream) both release them here.

Free of numpy and the engine: the reaper is a lean function (tests/unit/test_template.py).
"""

from collections.abc import Callable
from typing import Any

from graphgate_service import keys, metering, storage

# Records read and deleted per step of a reap, so that a session of many thousands of
# runs is released over several steps, each one invocation's work at most.
PAGE_ITEMS = 500


class SessionLeftovers(storage.Store):
    def release(self, tenant: str, session_id: str, records: list[dict[str, Any]]) -> None:
        """Meter the async runs left unfinished among `records` (their workers, finding the
        session gone, have no record left to meter them by), then delete the records and
        every object of the session. Idempotent: a run is metered once (its mark)."""
        self._release_records(tenant, session_id, records)
        storage.delete_objects(self.s3, self.bucket, keys.session_prefix(tenant, session_id))

    def reap(self, tenant: str, session_id: str, time_left: Callable[[], bool]) -> bool:
        """Release what the session left, a page of records at a time while `time_left()`;
        True once nothing is left, False if it stopped early (reaping again carries on).
        For a session whose META is gone (its TTL deleted it): no run can be added to
        it any more, so what is read here is all there will be."""
        pk = keys.session_pk(tenant, session_id)
        while True:
            page, more = self._page(pk)
            self._release_records(tenant, session_id, page)
            if not more:
                break
            if not time_left():
                return False
        if not time_left():
            return False
        storage.delete_objects(self.s3, self.bucket, keys.session_prefix(tenant, session_id))
        return True

    def _page(self, pk: str) -> tuple[list[dict[str, Any]], bool]:
        response = self.dynamodb.query(
            TableName=self.table,
            ConsistentRead=True,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
            Limit=PAGE_ITEMS,
        )
        items = [storage.plain(i) for i in response.get("Items", [])]
        return items, "LastEvaluatedKey" in response

    def _release_records(self, tenant: str, session_id: str, records: list[dict[str, Any]]) -> None:
        for run in unfinished_async_runs(records):
            metering.record_run(tenant, run, run_key(tenant, session_id, run))
        storage.delete_items(self.dynamodb, self.table, records)


def unfinished_async_runs(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The queued or running asynchronous runs among a session's records (a run that
    ended was metered by its worker, or, before runs were marked, per chunk)."""
    return [
        r
        for r in records
        if r["sk"].startswith(keys.RUN_PREFIX)
        and r.get("mode") == "async"
        and r.get("status") in ("queued", "running")
    ]


def run_key(tenant: str, session_id: str, run: dict[str, Any]) -> dict[str, Any]:
    """The DynamoDB key of a run's record."""
    return keys.item_key(
        keys.session_pk(tenant, session_id), keys.run_sk(run["created_at"], run["id"])
    )


def leftovers() -> SessionLeftovers:
    return SessionLeftovers.shared()
