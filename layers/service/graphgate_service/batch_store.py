"""The batch repository: a batch's record (META), one item per finished or failed
shard, the tenant's list entry, and the batch's objects (manifest, frozen
variables, output shards). Every key comes from graphgate_service.keys.

A shard is recorded once: its item is put only if absent, in the same transaction
that counts it on META, so a retried worker can neither count a shard twice nor
overwrite the record of the delivery that finished it.
"""

import time
import zlib
from enum import StrEnum
from typing import Any

import numpy as np
from botocore.exceptions import ClientError

from graphgate_service import keys, storage


class BatchStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


UNFINISHED = (BatchStatus.QUEUED, BatchStatus.RUNNING)
SUMMARY_FIELDS = ("id", "status", "created_at", "rows", "shards_total", "dataset_id", "expires_at")
# A batch's records (TTL) and objects (a lifecycle rule on this tag, template.yaml)
# are kept this long after it is submitted.
RETENTION_DAYS = 30
RETENTION_TAG = "graphgate-retention=batch"


class BatchEnded(Exception):
    """The batch is no longer queued or running (cancelled, or already finished)."""


class BatchStore(storage.Store):
    # ------------------------------------------------------------------ reads
    def get(self, tenant: str, batch_id: str) -> dict[str, Any] | None:
        item = self.dynamodb.get_item(
            TableName=self.table,
            ConsistentRead=True,
            Key=keys.item_key(keys.batch_pk(tenant, batch_id), keys.META),
        ).get("Item")
        return storage.plain(item, keys=False) if item else None

    def shards(self, tenant: str, batch_id: str) -> list[dict[str, Any]]:
        """Every recorded shard (done or failed), in shard order."""
        items = storage.query_all(
            self.dynamodb, self.table, keys.batch_pk(tenant, batch_id), keys.SHARD_PREFIX
        )
        return [{k: v for k, v in i.items() if k not in ("pk", "sk")} for i in items]

    def shard(self, tenant: str, batch_id: str, index: int) -> dict[str, Any] | None:
        item = self.dynamodb.get_item(
            TableName=self.table,
            ConsistentRead=True,
            Key=keys.item_key(keys.batch_pk(tenant, batch_id), keys.shard_sk(index)),
        ).get("Item")
        return storage.plain(item, keys=False) if item else None

    def page(
        self, tenant: str, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to `limit` batches, newest first, and where to continue."""
        request = storage.newest_first(self.table, keys.batches_pk(tenant))
        return storage.page(self.dynamodb, request, limit, start)

    def unfinished(self) -> list[tuple[str, dict[str, Any]]]:
        """(tenant, batch) of every queued or running batch of every tenant: a scan of the
        whole table, for the local runner's restart only (batches.resume_interrupted)."""
        found = storage.scan_all(
            self.dynamodb,
            self.table,
            "sk = :meta AND contains(pk, :batch) AND #s IN (:q, :r)",
            {"#s": "status"},
            {
                ":meta": keys.META,
                ":batch": keys.BATCH_PK_INFIX,
                ":q": BatchStatus.QUEUED.value,
                ":r": BatchStatus.RUNNING.value,
            },
        )
        return [(keys.tenant_of(pk), batch) for pk, batch in found]

    # ----------------------------------------------------------------- writes
    def create(self, tenant: str, batch: dict[str, Any], max_running: int) -> bool:
        """The batch's record and its list entry, counted among the tenant's unfinished
        batches in the same transaction; False (nothing written) if `max_running` are."""
        summary = {k: batch.get(k) for k in SUMMARY_FIELDS}
        reasons = storage.transact(
            self.dynamodb,
            [
                _running(tenant, self.table, +1, max_running),
                storage.put(
                    self.table,
                    keys.batch_pk(tenant, batch["id"]),
                    keys.META,
                    batch,
                    "attribute_not_exists(pk)",
                ),
                storage.put(
                    self.table,
                    keys.batches_pk(tenant),
                    keys.created_sk(batch["created_at"], batch["id"]),
                    summary,
                    None,
                ),
            ],
        )
        return not reasons

    def set_status(
        self,
        tenant: str,
        batch: dict[str, Any],
        status: BatchStatus,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Move an unfinished batch to `status` (with `extra` attributes), on its record
        and its list entry, and out of the tenant's unfinished count when `status` ends
        it (this transition happens once); BatchEnded if it had already ended."""
        values = {f":v{i}": v for i, v in enumerate((extra or {}).values())}
        names = {f"#a{i}": k for i, k in enumerate((extra or {}).keys())}
        sets = ", ".join(f"#a{i} = :v{i}" for i in range(len(names)))
        update = "SET #status = :status" + (f", {sets}" if sets else "")
        common = {
            "ExpressionAttributeNames": {"#status": "status", **names},
            "ExpressionAttributeValues": storage.typed({":status": status.value, **values}),
        }
        unfinished = storage.typed({":queued": BatchStatus.QUEUED, ":running": BatchStatus.RUNNING})
        reasons = storage.transact(
            self.dynamodb,
            [
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": keys.item_key(keys.batch_pk(tenant, batch["id"]), keys.META),
                        "UpdateExpression": update,
                        "ConditionExpression": "#status IN (:queued, :running)",
                        **common,
                        "ExpressionAttributeValues": {
                            **common["ExpressionAttributeValues"],
                            **unfinished,
                        },
                    }
                },
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": keys.item_key(
                            keys.batches_pk(tenant),
                            keys.created_sk(batch["created_at"], batch["id"]),
                        ),
                        "UpdateExpression": "SET #status = :status",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": storage.typed({":status": status.value}),
                    }
                },
                *([] if status in UNFINISHED else [_running(tenant, self.table, -1)]),
            ],
        )
        if reasons:
            raise BatchEnded(batch["id"])

    def record_shard(self, tenant: str, batch_id: str, shard: dict[str, Any], counter: str) -> bool:
        """Record a shard once and count it in META's `counter` (shards_done or
        shards_failed). False if the shard had already been recorded."""
        rows = shard["stop"] - shard["start"] if counter == "shards_done" else 0
        expires_at = int(time.time()) + RETENTION_DAYS * 24 * 3600
        reasons = storage.transact(
            self.dynamodb,
            [
                storage.put(
                    self.table,
                    keys.batch_pk(tenant, batch_id),
                    keys.shard_sk(shard["index"]),
                    {**shard, "recorded_at": int(time.time() * 1000), "expires_at": expires_at},
                    "attribute_not_exists(pk)",
                ),
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": keys.item_key(keys.batch_pk(tenant, batch_id), keys.META),
                        "UpdateExpression": "ADD #counter :one, rows_done :rows, "
                        "compute_ms :ms, feed_bytes :fin, fetched_bytes :fout",
                        "ConditionExpression": "attribute_exists(pk)",
                        "ExpressionAttributeNames": {"#counter": counter},
                        "ExpressionAttributeValues": storage.typed(
                            {
                                ":one": 1,
                                ":rows": rows,
                                ":ms": round(shard.get("compute_ms", 0.0)),
                                ":fin": shard.get("feed_bytes", 0),
                                ":fout": shard.get("fetched_bytes", 0),
                            }
                        ),
                    }
                },
            ],
        )
        return not reasons

    def running(self, tenant: str) -> int:
        """How many of the tenant's batches are unfinished now (what `create` counts)."""
        item = self.dynamodb.get_item(
            TableName=self.table,
            Key=keys.profile(tenant),
            ConsistentRead=True,
            ProjectionExpression="batches_running",
        ).get("Item")
        return int((item or {}).get("batches_running", {}).get("N", 0))

    # ---------------------------------------------------------------- objects
    def forget(self, tenant: str, batch: dict[str, Any]) -> None:
        """Delete the objects a batch that was never recorded wrote under its prefix at
        its submission."""
        prefix = keys.batch_prefix(tenant, batch["id"])
        for field in ("variables_s3_key", "document_s3_key", "manifest_key"):
            if str(batch.get(field, "")).startswith(prefix):
                self.s3.delete_object(Bucket=self.bucket, Key=batch[field])

    def put_json(self, key: str, body: bytes) -> None:
        self.s3.put_object(
            Bucket=self.bucket,
            Key=key,
            Body=body,
            ContentType="application/json",
            Tagging=RETENTION_TAG,
        )

    def read(self, key: str) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put_variables(self, tenant: str, batch_id: str, variables: dict[str, Any]) -> str:
        from graphgate import serialization

        key = keys.batch_variables(tenant, batch_id)
        self.s3.put_object(
            Bucket=self.bucket,
            Key=key,
            Body=zlib.compress(serialization.npz_dumps(variables), 6),
            Tagging=RETENTION_TAG,
        )
        return key

    def variables(self, key: str) -> dict[str, np.ndarray]:
        from graphgate import serialization

        blob = zlib.decompress(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read())
        return serialization.npz_loads(blob)

    def put_output(self, key: str, outputs: dict[str, np.ndarray]) -> bool:
        """Write an output shard unless it exists (a retry after a crash that followed
        the write): each shard's object is written once. False if it was there."""
        from graphgate import serialization

        try:
            self.s3.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=serialization.npz_dumps(outputs),
                IfNoneMatch="*",
                Tagging=RETENTION_TAG,
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("PreconditionFailed", "412"):
                return False
            raise
        return True

    def download_url(self, key: str, expires_s: int) -> str:
        return self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_s
        )


def _running(tenant: str, table: str, change: int, at_most: int | None = None) -> dict[str, Any]:
    """A transaction's Update of the tenant's count of unfinished batches (on its
    PROFILE item); growing, only while fewer than `at_most` are."""
    update: dict[str, Any] = {
        "TableName": table,
        "Key": keys.profile(tenant),
        "UpdateExpression": "ADD batches_running :change",
        "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeValues": {":change": {"N": str(change)}},
    }
    if at_most is not None:
        update["ConditionExpression"] += (
            " AND (attribute_not_exists(batches_running) OR batches_running < :most)"
        )
        update["ExpressionAttributeValues"][":most"] = {"N": str(at_most)}
    return {"Update": update}
