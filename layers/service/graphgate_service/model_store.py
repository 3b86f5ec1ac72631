"""Where models live: a META item (counter, labels, routing revision), one immutable
item per version (signature, source, frozen graph and variables snapshot) and a list
entry, all inside the tenant's key space (graphgate_service.keys holds their keys).

A version is written once and never changed; version numbers come from a counter on
META that only grows, so a number is never reused and a cache keyed by it never goes
stale. Labels live together on META and move under its `routing` revision: every
reader sees either the old or the new labels, never half of a move, and a version is
deleted under the same revision, so no label can come to point at a deleted version.
Blobs over the inline limit go to S3 under the tenant's prefix (storage.stored_blob).
"""

import time
from typing import Any

from graphgate_service import keys, storage
from graphgate_service.storage import ITEM_BLOB_INLINE_BYTES

# A version item holds two blobs (the frozen graph and the variables): each gets half
# of the inline room, so the item stays under DynamoDB's 400 KB.
VERSION_BLOB_INLINE_BYTES = ITEM_BLOB_INLINE_BYTES // 2
CREATE_ATTEMPTS = 4


class Conflict(Exception):
    """A condition failed: the model moved on (or the version vanished) meanwhile."""


class CapExceeded(Exception):
    """The version would take the tenant's stored bytes over its plan's cap."""


class ModelStore(storage.Store):
    # ------------------------------------------------------------------ reads
    def meta(self, tenant: str, name: str) -> dict[str, Any] | None:
        item = self.dynamodb.get_item(
            TableName=self.table,
            ConsistentRead=True,
            Key=keys.item_key(keys.model_pk(tenant, name), keys.META),
        ).get("Item")
        return _meta_from_item(storage.plain(item, keys=False)) if item else None

    def version(self, tenant: str, name: str, version: int, blobs: bool = False) -> dict | None:
        """Version `version`, or None; without `blobs`, only its description."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "Key": keys.item_key(keys.model_pk(tenant, name), keys.version_sk(version)),
        }
        if not blobs:
            request["ProjectionExpression"] = (
                "#v, signature_json, #src, created_at, sizes, description"
            )
            request["ExpressionAttributeNames"] = {"#v": "version", "#src": "source"}
        item = self.dynamodb.get_item(**request).get("Item")
        return _version_from_item(storage.plain(item, keys=False)) if item else None

    def newest_version(self, tenant: str, name: str) -> int | None:
        """The highest version number that still exists."""
        request = storage.newest_first(
            self.table, keys.model_pk(tenant, name), prefix=keys.VERSION_PREFIX
        )
        response = self.dynamodb.query(
            **request,
            ConsistentRead=True,
            Limit=1,
            ProjectionExpression="#v",
            ExpressionAttributeNames={"#v": "version"},
        )
        items = response.get("Items") or []
        return int(items[0]["version"]["N"]) if items else None

    def document(self, tenant: str, name: str, version: dict[str, Any]) -> bytes | None:
        """The frozen graph of `version` (as read, with its blobs); None if the version
        was deleted since (its delete frees its objects after its item)."""
        return self._blob(tenant, name, version, "document")

    def variables(self, tenant: str, name: str, version: dict[str, Any]) -> bytes | None:
        """The frozen variables of `version`; None if it was deleted since it was read."""
        return self._blob(tenant, name, version, "variables")

    def _blob(self, tenant: str, name: str, version: dict[str, Any], field: str) -> bytes | None:
        # A predict racing the version's delete met NoSuchKey: a 500.
        try:
            return storage.loaded_blob(self.s3, self.bucket, version, field)
        except self.s3.exceptions.NoSuchKey:
            if self.version(tenant, name, version["version"]) is not None:
                raise  # the version is there and its blob is not: a fault, not a race
            return None

    def versions(
        self, tenant: str, name: str, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to `limit` versions, newest first, without their blobs."""
        request = storage.newest_first(
            self.table, keys.model_pk(tenant, name), prefix=keys.VERSION_PREFIX
        )
        request.update(
            ProjectionExpression="pk, sk, #v, signature_json, #src, created_at, sizes, description",
            ExpressionAttributeNames={"#v": "version", "#src": "source"},
        )
        items, position = storage.page(self.dynamodb, request, limit, start)
        return [_version_from_item(i) for i in items], position

    def page(
        self, tenant: str, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to `limit` models by name, and where to continue."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": keys.models_pk(tenant)}},
        }
        return storage.page(self.dynamodb, request, limit, start)

    # ----------------------------------------------------------------- writes
    def create_version(
        self,
        tenant: str,
        name: str,
        version: dict[str, Any],
        document: bytes,
        variables: bytes,
        max_stored_bytes: int,
    ) -> tuple[int, int]:
        """Store `version` as the model's next version (creating the model on its first)
        and return its number and the `created_at` stored with it. Concurrent creators
        each get a number of their own; the bytes count towards the tenant's stored
        bytes, within `max_stored_bytes`."""
        prefix = keys.model_version_prefix(tenant, name)
        blobs = {
            **storage.stored_blob(
                self.s3, self.bucket, prefix, "document", document, VERSION_BLOB_INLINE_BYTES
            ),
            **storage.stored_blob(
                self.s3, self.bucket, prefix, "variables", variables, VERSION_BLOB_INLINE_BYTES
            ),
        }
        size = blobs["document_bytes"] + blobs["variables_bytes"]
        for _ in range(CREATE_ATTEMPTS):
            meta = self.meta(tenant, name)
            number = (meta["counter"] if meta else 0) + 1
            now = int(time.time() * 1000)
            first = {"name": name, "created_at": now, "labels": {}, "routing": 1}
            items = [
                self._meta_put(tenant, {**first, "counter": number, "updated_at": now})
                if meta is None
                else self._meta_update(
                    tenant, name, {"counter": number, "updated_at": now}, "counter", meta
                ),
                storage.put(
                    self.table,
                    keys.model_pk(tenant, name),
                    keys.version_sk(number),
                    _version_item(
                        {**version, "version": number, "created_at": now, "stored_bytes": size},
                        blobs,
                    ),
                    "attribute_not_exists(pk)",
                ),
            ]
            if meta is None:
                items.append(
                    storage.put(
                        self.table,
                        keys.models_pk(tenant),
                        keys.model_list_sk(name),
                        {"name": name, "created_at": now},
                        None,
                    )
                )
            # The tenant's counters come last, so a refusal by the cap is told apart.
            items.append(
                storage.usage_update(
                    self.table,
                    tenant,
                    graphs=0,
                    stored_bytes=size,
                    max_stored_bytes=max_stored_bytes,
                )
            )
            reasons = storage.transact(self.dynamodb, items)
            if reasons is None:
                return number, now
            if reasons[-1] == "ConditionalCheckFailed":
                self._forget(blobs)
                raise CapExceeded()
        # The objects are this attempt's alone (a prefix of its own): no item points at them.
        self._forget(blobs)
        raise Conflict()

    def _forget(self, blobs: dict[str, Any], keep: frozenset[str] = frozenset()) -> None:
        """Delete the S3 objects of blobs no item points at (a refused or deleted
        version), but those in `keep`."""
        for key in (blobs.get("document_s3_key"), blobs.get("variables_s3_key")):
            if key and key not in keep:
                self.s3.delete_object(Bucket=self.bucket, Key=key)

    def _shared(self, tenant: str, name: str, version: dict[str, Any]) -> frozenset[str]:
        """The keys of a deleted `version` that another version still points at. Only
        objects stored before versions had prefixes of their own (keyed by content under
        the model's prefix) can be shared; no version made now can take such a key, so
        the answer cannot change after it is read."""
        legacy = {
            key
            for key in (version.get("document_s3_key"), version.get("variables_s3_key"))
            if key and key.rpartition("/")[0] + "/" == keys.model_prefix(tenant, name)
        }
        if not legacy:
            return frozenset()
        siblings = storage.query_all(
            self.dynamodb, self.table, keys.model_pk(tenant, name), keys.VERSION_PREFIX
        )
        held = {
            item[field]
            for item in siblings
            for field in ("document_s3_key", "variables_s3_key")
            if field in item
        }
        return frozenset(legacy & held)

    def set_labels(
        self, tenant: str, meta: dict[str, Any], labels: dict[str, Any], must_exist: set[int]
    ) -> dict[str, Any]:
        """Replace the labels if the model's routing is still meta['routing'] and every
        version in `must_exist` still exists. Returns the new meta."""
        updated = {
            **meta,
            "labels": labels,
            "routing": meta["routing"] + 1,
            "updated_at": int(time.time() * 1000),
        }
        written = {k: updated[k] for k in ("routing", "updated_at")}
        written["labels_json"] = storage.to_text(labels)
        items = [
            self._meta_update(tenant, meta["name"], written, "routing", meta),
            *(
                {
                    "ConditionCheck": {
                        "TableName": self.table,
                        "Key": keys.item_key(
                            keys.model_pk(tenant, meta["name"]), keys.version_sk(v)
                        ),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                }
                for v in sorted(must_exist)
            ),
        ]
        if storage.transact(self.dynamodb, items) is not None:
            raise Conflict()
        return updated

    def delete_version(self, tenant: str, meta: dict[str, Any], version: dict[str, Any]) -> None:
        """Delete a version if the model's labels are still those of `meta`."""
        pk = keys.model_pk(tenant, meta["name"])
        items = [
            {
                "ConditionCheck": {
                    "TableName": self.table,
                    "Key": keys.item_key(pk, keys.META),
                    "ConditionExpression": "routing = :expected",
                    "ExpressionAttributeValues": {":expected": {"N": str(meta["routing"])}},
                }
            },
            {
                "Delete": {
                    "TableName": self.table,
                    "Key": keys.item_key(pk, keys.version_sk(version["version"])),
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
            storage.usage_update(
                self.table, tenant, graphs=0, stored_bytes=-int(version.get("stored_bytes", 0))
            ),
        ]
        if storage.transact(self.dynamodb, items) is not None:
            raise Conflict()
        self._forget(version, keep=self._shared(tenant, meta["name"], version))

    def _meta_put(self, tenant: str, meta: dict[str, Any]) -> dict[str, Any]:
        """A new model's META."""
        attributes = {k: v for k, v in meta.items() if k != "labels"}
        attributes["labels_json"] = storage.to_text(meta["labels"])
        return storage.put(
            self.table,
            keys.model_pk(tenant, meta["name"]),
            keys.META,
            attributes,
            "attribute_not_exists(pk)",
        )

    def _meta_update(
        self, tenant: str, name: str, fields: dict[str, Any], guard: str, read: dict[str, Any]
    ) -> dict[str, Any]:
        """Set `fields` of META if its `guard` (counter or routing) is still as `read`.
        Only the fields given are written: a version's creation and a label move each
        guard their own revision, and a whole-item Put by one put back what the other had
        just changed (a moved label reverted, or the counter, so that every later version
        was refused MODEL_BUSY for good)."""
        numbered = list(enumerate(fields.items()))
        return {
            "Update": {
                "TableName": self.table,
                "Key": keys.item_key(keys.model_pk(tenant, name), keys.META),
                "UpdateExpression": "SET " + ", ".join(f"#f{i} = :f{i}" for i, _ in numbered),
                "ConditionExpression": "#guard = :expected",
                "ExpressionAttributeNames": {
                    "#guard": guard,
                    **{f"#f{i}": field for i, (field, _) in numbered},
                },
                "ExpressionAttributeValues": storage.typed(
                    {":expected": read[guard], **{f":f{i}": value for i, (_, value) in numbered}}
                ),
            }
        }


def _meta_from_item(item: dict[str, Any]) -> dict[str, Any]:
    meta = dict(item)
    meta["labels"] = storage.from_text(meta.pop("labels_json", "{}"))
    return meta


def _version_item(version: dict[str, Any], blobs: dict[str, Any]) -> dict[str, Any]:
    # The signature's names are the caller's: JSON text holds any of them.
    item = {k: v for k, v in version.items() if k != "signature"}
    item["signature_json"] = storage.to_text(version["signature"])
    return {**item, **blobs}


def _version_from_item(item: dict[str, Any]) -> dict[str, Any]:
    version = {k: v for k, v in item.items() if k not in ("pk", "sk")}
    version["signature"] = storage.from_text(version.pop("signature_json"))
    return version
