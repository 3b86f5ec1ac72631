"""Where graphs live: a META item (current metadata, ETag, revision), one immutable
REV item per revision (the document), a record per live session pinned to the graph
and a list entry (a summary copy), all inside the tenant's key space
(graphgate_service.keys holds their keys).

Documents over ITEM_BLOB_INLINE_BYTES (compressed) go to S3 under the tenant's prefix,
keyed by graph and content hash, and the revision item points at them. Every
write is one conditional transaction: two writers can never both win.
"""

import time
import zlib
from dataclasses import dataclass
from typing import Any

from graphgate_service import keys, problems, storage
from graphgate_service.storage import ITEM_BLOB_INLINE_BYTES


class ConflictingWrite(Exception):
    """A condition failed: the item changed (or appeared, or vanished) meanwhile."""


class CapExceeded(Exception):
    """The write would take the tenant over one of its plan's caps."""


@dataclass(frozen=True)
class Caps:
    graphs: int
    stored_bytes: int


class GraphStore(storage.Store):
    # ------------------------------------------------------------------ reads
    def meta(self, tenant: str, graph_id: str) -> dict[str, Any] | None:
        item = self.dynamodb.get_item(
            TableName=self.table,
            ConsistentRead=True,
            Key=keys.item_key(keys.graph_pk(tenant, graph_id), keys.META),
        ).get("Item")
        return storage.plain(item, keys=False) if item else None

    def document(self, tenant: str, graph_id: str, revision: int) -> bytes | None:
        """The canonical JSON bytes of a revision, or None if there is no such revision
        (also when the graph's delete freed it between the item's read and its body's)."""
        key = keys.item_key(keys.graph_pk(tenant, graph_id), keys.revision_sk(revision))
        item = self.dynamodb.get_item(TableName=self.table, Key=key).get("Item")
        if not item:
            return None
        if "body" in item:
            return zlib.decompress(item["body"]["B"])
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=item["body_s3_key"]["S"])
        except self.s3.exceptions.NoSuchKey:
            read = self.dynamodb.get_item(TableName=self.table, Key=key, ConsistentRead=True)
            if "Item" in read:
                raise  # the revision is there and its body is not: a fault, not a race
            return None
        return zlib.decompress(body["Body"].read())

    def revisions(
        self, tenant: str, graph_id: str, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to `limit` revisions oldest first, from `start`, and where to continue. The
        projection leaves the documents out: a revision item holds up to 400 KB of body."""
        request = {
            **storage.newest_first(
                self.table, keys.graph_pk(tenant, graph_id), keys.REVISION_PREFIX
            ),
            # read forwards: a revision written while a client pages comes on a later page
            "ScanIndexForward": True,
            "ConsistentRead": True,
            "ProjectionExpression": (
                "pk, sk, revision, content_hash, node_count, created_at, #source"
            ),
            "ExpressionAttributeNames": {"#source": "source"},
        }
        items, position = storage.page(self.dynamodb, request, limit, start)
        return [
            {
                "revision": int(i["revision"]),
                "content_hash": i["content_hash"],
                "node_count": int(i["node_count"]),
                "created_at": int(i["created_at"]),
                **({"source": i["source"]} if "source" in i else {}),
            }
            for i in items
        ], position

    def revision_record(self, tenant: str, graph_id: str, revision: int) -> dict[str, Any]:
        """A revision's own content_hash and node_count, and where it came from (`source`:
        an ONNX model's opset and producer) if it says."""
        item = self.dynamodb.get_item(
            TableName=self.table,
            Key=keys.item_key(keys.graph_pk(tenant, graph_id), keys.revision_sk(revision)),
            ProjectionExpression="content_hash, node_count, #source",
            ExpressionAttributeNames={"#source": "source"},
        ).get("Item")
        record = storage.plain(item, keys=False) if item else {}
        if "node_count" in record:
            record["node_count"] = int(record["node_count"])
        return record

    def sessions(self, tenant: str, graph_id: str) -> list[str]:
        """Ids of live sessions pinned to the graph (written by the sessions API)."""
        now = int(time.time())
        return [
            i["session_id"]
            for i in storage.query_all(
                self.dynamodb,
                self.table,
                keys.graph_pk(tenant, graph_id),
                keys.GRAPH_SESSION_PREFIX,
            )
            if int(i.get("expires_at", now + 1)) > now
        ]

    def page(
        self, tenant: str, limit: int, start: dict[str, Any] | None, filters: dict[str, str]
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to `limit` list entries, newest first, and where to continue (or None)."""
        request = storage.newest_first(self.table, keys.graphs_pk(tenant))
        expression, names, values = _filter_expression(filters)
        if expression:
            request.update(FilterExpression=expression, ExpressionAttributeNames=names)
            request["ExpressionAttributeValues"].update(values)
        return storage.page(self.dynamodb, request, limit, start)

    # ----------------------------------------------------------------- writes
    def create(self, tenant: str, meta: dict[str, Any], document: bytes, caps: Caps) -> None:
        """Store a new graph as revision 1, if the tenant's plan has room for it."""
        body = self._body(tenant, meta["id"], meta["content_hash"], document)
        self._transact(
            [
                *self._current(tenant, meta, "attribute_not_exists(pk)", None),
                self._revision_put(tenant, meta, body),
                self._usage(tenant, graphs=1, stored_bytes=body["size"], caps=caps),
            ]
        )

    def replace(
        self, tenant: str, meta: dict[str, Any], expected_etag: str, document: bytes, caps: Caps
    ) -> None:
        """Store revision meta['revision'] and make it current, if the ETag still matches."""
        body = self._body(tenant, meta["id"], meta["content_hash"], document)
        self._transact(
            [
                *self._current(tenant, meta, "etag = :expected", expected_etag),
                self._revision_put(tenant, meta, body),
                self._usage(tenant, graphs=0, stored_bytes=body["size"], caps=caps),
            ]
        )

    def update_meta(self, tenant: str, meta: dict[str, Any], expected_etag: str) -> None:
        self._transact(self._current(tenant, meta, "etag = :expected", expected_etag))

    def _current(
        self, tenant: str, meta: dict[str, Any], condition: str, expected_etag: str | None
    ) -> list[dict[str, Any]]:
        """The META item (under `condition`) and its list entry, written together."""
        values = {":expected": expected_etag} if expected_etag else None
        listed = "attribute_not_exists(pk)" if expected_etag is None else "attribute_exists(pk)"
        return [
            storage.put(
                self.table, keys.graph_pk(tenant, meta["id"]), keys.META, meta, condition, values
            ),
            storage.put(
                self.table,
                keys.graphs_pk(tenant),
                keys.created_sk(meta["created_at"], meta["id"]),
                _summary(meta),
                listed,
            ),
        ]

    def _revision_put(
        self, tenant: str, meta: dict[str, Any], body: dict[str, Any]
    ) -> dict[str, Any]:
        """Revision meta['revision'], immutable: it must not exist yet."""
        return storage.put(
            self.table,
            keys.graph_pk(tenant, meta["id"]),
            keys.revision_sk(meta["revision"]),
            {**_revision(meta), **body},
            "attribute_not_exists(pk)",
        )

    def delete(self, tenant: str, meta: dict[str, Any]) -> None:
        """Delete the graph if unchanged since `meta` was read (its ETag, and no session
        started on it since), then its revisions."""
        pk = keys.graph_pk(tenant, meta["id"])
        leftovers = storage.query_all(self.dynamodb, self.table, pk, "")
        freed = sum(int(i.get("size", 0)) for i in leftovers)
        condition, values = "etag = :expected", {":expected": {"S": meta["etag"]}}
        if "sessions_started" in meta:
            condition += " AND sessions_started = :started"
            values[":started"] = {"N": str(meta["sessions_started"])}
        else:
            condition += " AND attribute_not_exists(sessions_started)"
        self._transact(
            [
                {
                    "Delete": {
                        "TableName": self.table,
                        "Key": keys.item_key(pk, keys.META),
                        "ConditionExpression": condition,
                        "ExpressionAttributeValues": values,
                    }
                },
                {
                    "Delete": {
                        "TableName": self.table,
                        "Key": keys.item_key(
                            keys.graphs_pk(tenant), keys.created_sk(meta["created_at"], meta["id"])
                        ),
                    }
                },
                self._usage(tenant, graphs=-1, stored_bytes=-freed, caps=None),
            ]
        )
        # The graph is gone for every reader now; what follows only frees space.
        storage.free(
            self.dynamodb,
            self.table,
            leftovers,
            self.s3,
            self.bucket,
            keys.graph_prefix(tenant, meta["id"]),
        )

    # --------------------------------------------------------------- helpers
    def discard(self, tenant: str, graph_id: str) -> None:
        """Delete the objects of a graph whose creation was refused (none of its items exist)."""
        storage.free(
            self.dynamodb, self.table, [], self.s3, self.bucket, keys.graph_prefix(tenant, graph_id)
        )

    def export_key(self, tenant: str, graph_id: str, content_hash: str, field: str) -> str:
        """A field of a graph's representation as plain JSON, for a download URL."""
        return keys.graph_export(tenant, graph_id, content_hash.split(":")[-1], field)

    def _body(
        self, tenant: str, graph_id: str, content_hash: str, document: bytes
    ) -> dict[str, Any]:
        compressed = zlib.compress(document, 6)
        if len(compressed) <= ITEM_BLOB_INLINE_BYTES:
            return {"body": compressed, "size": len(document)}
        # Written before the item that points at it, so no item points at nothing.
        key = keys.graph_body(tenant, graph_id, content_hash.split(":")[-1])
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=compressed)
        return {"body_s3_key": key, "size": len(document)}

    def usage(self, tenant: str) -> dict[str, Any]:
        """The tenant's profile: its plan and what it stores now."""
        item = self.dynamodb.get_item(
            TableName=self.table,
            ConsistentRead=True,
            Key=keys.profile(tenant),
        ).get("Item")
        if not item:
            raise problems.Forbidden("This tenant does not exist.", code="UNKNOWN_TENANT")
        profile = storage.plain(item, keys=False)
        return {
            "plan": profile["plan"],
            "graphs": profile.get("graph_count", 0),
            "stored_bytes": profile.get("stored_bytes", 0),
        }

    def _usage(
        self, tenant: str, graphs: int, stored_bytes: int, caps: Caps | None
    ) -> dict[str, Any]:
        """The update of the tenant's counters, guarded by the plan's caps when growing."""
        return storage.usage_update(
            self.table,
            tenant,
            graphs=graphs,
            stored_bytes=stored_bytes,
            max_graphs=caps.graphs if caps else None,
            max_stored_bytes=caps.stored_bytes if caps else None,
        )

    def _transact(self, items: list[dict[str, Any]]) -> None:
        """Write all or nothing. The tenant's usage counters, when present, come last."""
        reasons = storage.transact(self.dynamodb, items)
        if reasons is None:
            return
        if reasons[-1] == "ConditionalCheckFailed" and "Update" in items[-1]:
            raise CapExceeded()
        raise ConflictingWrite()


def _revision(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "revision": meta["revision"],
        "content_hash": meta["content_hash"],
        "node_count": meta["node_count"],
        "created_at": meta["updated_at"],
        **({"source": meta["source"]} if "source" in meta else {}),
    }


def _summary(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k != "description"}


def _filter_expression(filters: dict[str, str]) -> tuple[str, dict[str, str], dict[str, Any]]:
    clauses, names, values = [], {}, {}
    if filters.get("name_prefix"):
        clauses.append("begins_with(#name, :name_prefix)")
        names["#name"] = "name"
        values[":name_prefix"] = {"S": filters["name_prefix"]}
    if filters.get("tag"):
        clauses.append("contains(#tags, :tag)")
        names["#tags"] = "tags"
        values[":tag"] = {"S": filters["tag"]}
    if filters.get("content_hash"):
        clauses.append("#hash = :content_hash")
        names["#hash"] = "content_hash"
        values[":content_hash"] = {"S": filters["content_hash"]}
    return " AND ".join(clauses), names, values
