"""The datasets' repository: one item per dataset in the tenant's DATASETS partition
(its sort key leads with the id, which leads with the creation time), and the
objects under the dataset's prefix. The tenant's stored bytes move in the same
transaction as the dataset becoming ready or being deleted."""

import time
from typing import Any

from graphgate_service import keys, storage


class NotPending(Exception):
    """The dataset left `pending` (completed, failed or deleted) under this writer."""


class Replaced(Exception):
    """An array's object is no longer the one validated (its ETag changed)."""


class DatasetStore(storage.Store):
    # ------------------------------------------------------------------ reads
    def get(self, tenant: str, dataset_id: str) -> dict[str, Any] | None:
        """The dataset, or None (also for a pending one whose upload window ended)."""
        item = self.dynamodb.get_item(
            TableName=self.table,
            ConsistentRead=True,
            Key=keys.item_key(keys.datasets_pk(tenant), keys.dataset_sk(dataset_id)),
        ).get("Item")
        if not item:
            return None
        dataset = storage.plain(item, keys=False)
        return None if _expired(dataset) else dataset

    def page(
        self, tenant: str, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to `limit` datasets, newest first, and where to continue."""
        request = storage.newest_first(self.table, keys.datasets_pk(tenant), unexpired=True)
        return storage.page(self.dynamodb, request, limit, start)

    def count(self, tenant: str, at_most: int) -> int:
        """How many datasets the tenant holds (pending ones included), up to `at_most`."""
        request = storage.newest_first(self.table, keys.datasets_pk(tenant), unexpired=True)
        return storage.count(self.dynamodb, request, at_most)

    def object_size(self, key: str) -> int | None:
        """The size of an object, None if there is none."""
        try:
            return self.s3.head_object(Bucket=self.bucket, Key=key)["ContentLength"]
        except self.s3.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def read_range(self, key: str, first: int, last: int, if_match: str | None = None) -> bytes:
        """Bytes first..last (inclusive) of an object: one ranged GET; Replaced if
        `if_match` is given and no longer the object's ETag."""
        return self.read_range_tagged(key, first, last, if_match)[0]

    def read_range_tagged(
        self, key: str, first: int, last: int, if_match: str | None = None
    ) -> tuple[bytes, str]:
        """read_range's bytes and the ETag of the object they were read from."""
        extra = {"IfMatch": if_match} if if_match else {}
        try:
            answer = self.s3.get_object(
                Bucket=self.bucket, Key=key, Range=f"bytes={first}-{last}", **extra
            )
        except self.s3.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] in ("PreconditionFailed", "412"):
                raise Replaced(key) from None
            raise
        return answer["Body"].read(), answer["ETag"]

    def read(self, key: str) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    # ---------------------------------------------------------------- uploads
    def start_upload(self, key: str, tagging: str) -> str:
        """A multipart upload of `key`, its object to carry `tagging`; its upload id."""
        started = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key, Tagging=tagging)
        return started["UploadId"]

    def upload_url(self, key: str, tagging: str, size: int, expires_s: int) -> str:
        """A presigned PUT of `key` in one request of `size` bytes, which must send
        `tagging` and `If-None-Match: *`: S3 refuses it (412) once the key holds an object,
        so the URL, valid for `expires_s`, cannot replace the object that completion
        validates; and refuses another size (403), so it stores no more than registered."""
        return self.s3.generate_presigned_url(
            "put_object",
            ExpiresIn=expires_s,
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ContentType": "application/octet-stream",
                "ContentLength": size,
                "Tagging": tagging,
                "IfNoneMatch": "*",
            },
        )

    def part_url(self, key: str, upload_id: str, number: int, size: int, expires_s: int) -> str:
        """A presigned PUT of part `number` of the multipart upload `upload_id`, of `size`
        bytes (signed: S3 refuses another size)."""
        return self.s3.generate_presigned_url(
            "upload_part",
            ExpiresIn=expires_s,
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "UploadId": upload_id,
                "PartNumber": number,
                "ContentLength": size,
            },
        )

    def held_part_bytes(self, key: str, upload_id: str) -> int | None:
        """The bytes of the parts S3 holds for an open multipart upload; None if it is
        not open (completed before, or never started)."""
        held = self._held_parts(key, upload_id)
        return None if held is None else sum(p["Size"] for p in held)

    def _held_parts(self, key: str, upload_id: str) -> list[dict[str, Any]] | None:
        try:
            listed = self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id)
        except self.s3.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] in ("NoSuchUpload", "404"):
                return None
            raise
        return listed.get("Parts", [])

    def assemble(self, key: str, upload_id: str) -> str | None:
        """Complete a multipart upload from the parts S3 holds (an upload completed
        before, or never started, is left to the size check). S3's error code when it
        refuses to assemble the parts it holds, else None."""
        held = self._held_parts(key, upload_id) or []
        parts = [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in held]
        if not parts:
            return None
        try:
            self.s3.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except self.s3.exceptions.ClientError as exc:
            code = exc.response["Error"]["Code"]
            return None if code == "NoSuchUpload" else code
        return None

    # ----------------------------------------------------------------- writes
    def create(self, tenant: str, dataset: dict[str, Any]) -> None:
        self.dynamodb.put_item(
            TableName=self.table,
            Item=storage.typed(
                {**dataset, "pk": keys.datasets_pk(tenant), "sk": keys.dataset_sk(dataset["id"])}
            ),
            ConditionExpression="attribute_not_exists(pk)",
        )

    def ready(self, tenant: str, dataset: dict[str, Any], max_stored_bytes: int) -> bool:
        """Store `dataset` (now ready, without expires_at) and add its bytes to the
        tenant's, in one transaction; False if that would pass `max_stored_bytes`.
        Raises NotPending if the dataset is no longer pending."""
        reasons = storage.transact(
            self.dynamodb,
            [
                self._replace_pending(tenant, dataset),
                storage.usage_update(
                    self.table,
                    tenant,
                    graphs=0,
                    stored_bytes=dataset["bytes"],
                    max_stored_bytes=max_stored_bytes,
                ),
            ],
        )
        if reasons is None:
            return True
        if reasons[0] == "ConditionalCheckFailed":
            raise NotPending()
        return False

    def fail(self, tenant: str, dataset: dict[str, Any]) -> None:
        """Store `dataset` (failed) over its pending self; raises NotPending if it is not."""
        if storage.transact(self.dynamodb, [self._replace_pending(tenant, dataset)]) is not None:
            raise NotPending()

    def put_object(self, key: str, body: bytes) -> str:
        """Store `body` at `key`; its ETag."""
        return self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)["ETag"]

    def untag(self, key: str) -> None:
        self.s3.delete_object_tagging(Bucket=self.bucket, Key=key)

    def delete(self, tenant: str, dataset: dict[str, Any]) -> bool:
        """Remove the dataset (giving its bytes back when it held any) and free its
        objects; False if it was already gone or is no longer in the status read."""
        items: list[dict[str, Any]] = [
            {
                "Delete": {
                    "TableName": self.table,
                    "ConditionExpression": "#status = :status",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {":status": {"S": dataset["status"]}},
                    "Key": keys.item_key(keys.datasets_pk(tenant), keys.dataset_sk(dataset["id"])),
                }
            }
        ]
        if dataset.get("status") == "ready" and dataset.get("bytes"):
            items.append(
                storage.usage_update(
                    self.table, tenant, graphs=0, stored_bytes=-int(dataset["bytes"])
                )
            )
        if storage.transact(self.dynamodb, items) is not None:
            return False
        self.free(tenant, dataset["id"])
        return True

    def free(self, tenant: str, dataset_id: str) -> None:
        """Delete every object under the dataset's prefix (and abort its multipart
        uploads, which are not objects yet)."""
        prefix = keys.dataset_prefix(tenant, dataset_id)
        storage.free(self.dynamodb, self.table, [], self.s3, self.bucket, prefix)
        listing = self.s3.list_multipart_uploads(Bucket=self.bucket, Prefix=prefix)
        for upload in listing.get("Uploads", []):
            try:
                self.s3.abort_multipart_upload(
                    Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                )
            except self.s3.exceptions.ClientError as exc:
                if exc.response["Error"]["Code"] != "NoSuchUpload":
                    raise
                # A completion racing the delete assembled it since the listing (it was
                # a 500 after the delete had happened): its object is the dataset's too.
                self.s3.delete_object(Bucket=self.bucket, Key=upload["Key"])

    # --------------------------------------------------------------- helpers
    def _replace_pending(self, tenant: str, dataset: dict[str, Any]) -> dict[str, Any]:
        put = storage.put(
            self.table,
            keys.datasets_pk(tenant),
            keys.dataset_sk(dataset["id"]),
            dataset,
            "#status = :pending",  # status is a reserved word in expressions
            {":pending": "pending"},
        )
        put["Put"]["ExpressionAttributeNames"] = {"#status": "status"}
        return put


def _expired(dataset: dict[str, Any]) -> bool:
    return "expires_at" in dataset and dataset["expires_at"] <= time.time()
