"""The repository: the one way the service reaches its table and bucket.

Every store is a `Store` (the table, the bucket and the clients reaching them) with
methods named for what they mean, so handlers and domain modules never see a key
expression or a client; `Store.shared()` builds one of each kind per cold start.
Keys come from `graphgate_service.keys` (a tenant's data under partitions that start
with the tenant). Shared here: the items' wire form, paging and the newest-first
listing query, transactions (`transact`, the only code that reads a cancelled one),
batch writes, blobs inline or in S3, and the usage counters' guarded update."""

import json
import math
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer

from graphgate_service import aws, keys, problems, settings
from graphgate_service.logs import logger

# BatchWriteItem's leftovers (UnprocessedItems, what DynamoDB did not get to
# under throttling) are sent again this many times, backing off from
# BATCH_BACKOFF_S; each resend is an AWS call, so the deadline guard bounds it.
BATCH_ATTEMPTS = 6
BATCH_BACKOFF_S = 0.05
# A transaction cancelled only because another one held an item is tried this often.
TRANSACT_ATTEMPTS = 4
# Reads of one listing page at most, when a filter leaves pages short.
PAGE_READS = 10
# Entries a filtered listing reads a time once a read came back short: a filter applies
# after DynamoDB's Limit, and reading only what a page lacked read one entry a query for
# a page of one.
FILTERED_READ = 100
# DynamoDB items stop at 400 KB: a blob (graph document, session variables) of up
# to this many bytes, compressed, lives inline in its item; a larger one in S3,
# leaving room for the item's other attributes.
ITEM_BLOB_INLINE_BYTES = 300_000


S = TypeVar("S", bound="Store")


@dataclass
class Store:
    """What every store is: the table and the bucket, and the clients that reach them.
    Each store subclasses it with methods named for what they mean; `shared` builds
    one of each kind per process (per cold start), not one per call."""

    table: str
    bucket: str
    dynamodb: Any
    s3: Any

    @classmethod
    def shared(cls: type[S]) -> S:
        """This process's store of this kind, built on first use from the settings and
        the shared clients; aws.reset() forgets it with the clients it holds."""
        return _shared(cls, settings.get())

    def delete_object(self, key: str) -> None:
        """Delete one object of the bucket (absent already: nothing to do, as S3 says)."""
        self.s3.delete_object(Bucket=self.bucket, Key=key)

    def ping(self) -> None:
        """One cheap read proving the table exists and the role may read it."""
        self.dynamodb.get_item(
            TableName=self.table,
            Key=keys.health(),
            ProjectionExpression="pk",
        )

    def get_many(self, wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The items (in DynamoDB's wire form) at the keys `wanted` that exist, read
        consistently in one BatchGetItem; what DynamoDB leaves unprocessed is asked for
        again twice, then it is an error (never a partial answer)."""
        request = {self.table: {"Keys": wanted, "ConsistentRead": True}}
        found: list[dict[str, Any]] = []
        for _ in range(3):
            reply = self.dynamodb.batch_get_item(RequestItems=request)
            found += reply.get("Responses", {}).get(self.table, [])
            request = reply.get("UnprocessedKeys") or {}
            if not request:
                return found
        raise RuntimeError("DynamoDB left keys unprocessed")


class _OnFirstUse:
    """The shared client of `service`, made when first used: making one costs ~50 ms
    of CPU, which a function that never reaches the bucket (the authorizer, the token
    service) should not pay at every cold start for holding a store."""

    def __init__(self, service: str):
        self.service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(aws.client(self.service), name)


@aws.built_once
def _shared(kind: type[S], config: settings.Settings) -> S:
    return kind(config.table_name, config.bucket_name, _OnFirstUse("dynamodb"), _OnFirstUse("s3"))


# ------------------------------------------------------------ items, shared
# Plain Python values <-> DynamoDB's typed attributes, for every store. boto3's
# own serializer does the typing; numbers come back as int when integral.
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _finite(value: float) -> Any:
    if math.isfinite(value):
        return value
    # DynamoDB numbers and JSON have no NaN: proto3 JSON's names
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


def _to_dynamo(value: Any) -> Any:
    if isinstance(value, float):
        value = _finite(value)
        return Decimal(repr(value)) if isinstance(value, float) else value
    if isinstance(value, dict):
        if "" in value:
            # DynamoDB refuses an empty map key, and moto stores one that no read can
            # return: a value shaped by a caller is stored with `to_text` instead.
            raise ValueError("an empty map key cannot be stored; store the value as text")
        return {k: _to_dynamo(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_to_dynamo(v) for v in value]
    return value


def _from_dynamo(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Binary):
        return bytes(value)
    if isinstance(value, dict):
        return {k: _from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list | set):
        return [_from_dynamo(v) for v in value]
    return value


def to_text(value: Any) -> str:
    """JSON text for a value whose shape the caller chose (names as map keys): it holds
    any JSON the API accepted, where a DynamoDB map cannot (an empty key)."""
    return json.dumps(_plain_floats(value), separators=(",", ":"), allow_nan=False)


def from_text(text: str) -> Any:
    return json.loads(text)


def _plain_floats(value: Any) -> Any:
    if isinstance(value, float):
        return _finite(value)
    if isinstance(value, dict):
        return {k: _plain_floats(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_floats(v) for v in value]
    return value


def typed(attributes: dict[str, Any]) -> dict[str, Any]:
    """An item in DynamoDB's wire form; None values are left out."""
    return {
        name: _serializer.serialize(_to_dynamo(value))
        for name, value in attributes.items()
        if value is not None
    }


def plain(item: dict[str, Any], keys: bool = True) -> dict[str, Any]:
    """An item as plain values; without pk/sk when keys=False."""
    return {
        name: _from_dynamo(_deserializer.deserialize(value))
        for name, value in item.items()
        if keys or name not in ("pk", "sk")
    }


def put(
    table: str,
    pk: str,
    sk: str,
    attributes: dict[str, Any],
    condition: str | None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A transaction's Put of `attributes` at (pk, sk), with an optional condition."""
    request: dict[str, Any] = {
        "TableName": table,
        "Item": typed({**attributes, "pk": pk, "sk": sk}),
    }
    if condition:
        request["ConditionExpression"] = condition
    if values:
        request["ExpressionAttributeValues"] = typed(values)
    return {"Put": request}


def page(
    dynamodb: Any, request: dict[str, Any], limit: int, position: dict[str, str] | None
) -> tuple[list[dict[str, Any]], dict[str, str] | None]:
    """Up to `limit` items of a query from `position` (a cursor's key), and where to
    continue (None at the end). A FilterExpression applies after DynamoDB's Limit, so
    once a read comes back short this reads FILTERED_READ entries a time, a bounded
    number of times, until the page is full, and continues after the last item it
    keeps; the position stays exact either way."""
    items: list[dict[str, Any]] = []
    filtered = "FilterExpression" in request
    for read in range(PAGE_READS):
        wanted = limit - len(items)
        widen = filtered and read > 0  # the first read costs what an unfiltered one does
        query = {**request, "Limit": max(wanted, FILTERED_READ) if widen else wanted}
        if position:
            query["ExclusiveStartKey"] = {k: {"S": v} for k, v in position.items()}
        response = dynamodb.query(**query)
        found = [plain(i) for i in response.get("Items", [])]
        last = response.get("LastEvaluatedKey")
        position = {k: v["S"] for k, v in last.items()} if last else None
        if len(found) > wanted:
            found = found[:wanted]
            position = {"pk": found[-1]["pk"], "sk": found[-1]["sk"]}
        items.extend(found)
        if position is None or len(items) >= limit:
            break
    return items, position


def newest_first(table: str, pk: str, prefix: str = "", unexpired: bool = False) -> dict[str, Any]:
    """A query of partition `pk` (the sort keys starting with `prefix`), last sort key
    first: newest first, where sort keys start with the creation time. `unexpired`
    leaves out the items whose `expires_at` has passed (TTL deletes them only up to
    days later); an item without one never expires."""
    request: dict[str, Any] = {
        "TableName": table,
        "ScanIndexForward": False,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": pk}},
    }
    if prefix:
        request["KeyConditionExpression"] += " AND begins_with(sk, :prefix)"
        request["ExpressionAttributeValues"][":prefix"] = {"S": prefix}
    if unexpired:
        request["FilterExpression"] = "attribute_not_exists(expires_at) OR expires_at > :now"
        request["ExpressionAttributeValues"][":now"] = {"N": str(int(time.time()))}
    return request


def count(dynamodb: Any, request: dict[str, Any], at_most: int) -> int:
    """How many items the query `request` finds, counted up to `at_most`. DynamoDB
    applies a query's Limit before its filter, so counting one page would stop early
    behind expired items TTL has not removed yet, and undercount."""
    request = {**request, "Select": "COUNT"}
    found = 0
    while True:
        response = dynamodb.query(**request)
        found += response["Count"]
        if found >= at_most or "LastEvaluatedKey" not in response:
            return found
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def query_all(dynamodb: Any, table: str, pk: str, prefix: str = "") -> list[dict[str, Any]]:
    """Every item of a partition (whose sort key starts with `prefix`), consistently read."""
    items, start = [], None
    while True:
        request: dict[str, Any] = {
            "TableName": table,
            "ConsistentRead": True,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
        }
        if prefix:
            request["KeyConditionExpression"] += " AND begins_with(sk, :prefix)"
            request["ExpressionAttributeValues"][":prefix"] = {"S": prefix}
        if start:
            request["ExclusiveStartKey"] = start
        response = dynamodb.query(**request)
        items.extend(plain(i) for i in response.get("Items", []))
        start = response.get("LastEvaluatedKey")
        if not start:
            return items


def scan_all(
    dynamodb: Any, table: str, condition: str, names: dict[str, str], values: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """(partition key, item) of every item of the table matching `condition`: a scan of
    the whole table, for the rare sweep over every tenant (the local runner's restart)."""
    request = {
        "TableName": table,
        "FilterExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": typed(values),
    }
    return [
        (item["pk"]["S"], plain(item, keys=False))
        for page in dynamodb.get_paginator("scan").paginate(**request)
        for item in page.get("Items", [])
    ]


def transact(client: Any, items: list[dict[str, Any]]) -> list[str | None] | None:
    """Write all or nothing. None when written; the cancellation reasons (one per item)
    when a condition failed. While another transaction holds one of the items
    (TransactionConflict, which concurrent writers to one counter cause on DynamoDB),
    retry briefly; then, or for any other cancellation, 503 with Retry-After.

    No retry here or above (a write on `If-Match: *` read again) can apply a commit
    twice: this loop retries only cancellations, which wrote nothing, and botocore fills
    the call's ClientRequestToken once, so its own retry of a commit whose answer timed
    out is DynamoDB's replay of that commit, not a second one that then conflicts."""
    from botocore.exceptions import ClientError

    for attempt in range(TRANSACT_ATTEMPTS):
        try:
            client.transact_write_items(TransactItems=items)
            return None
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
        if "ConditionalCheckFailed" in reasons:
            return reasons
        if "TransactionConflict" not in reasons:
            raise problems.ServiceUnavailable(
                "The write was cancelled; retry.", code="WRITE_CANCELLED"
            )
        time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # jittered: let the other through
    raise problems.ServiceUnavailable(
        "Concurrent writes to the same items kept colliding; retry.", code="WRITE_CONFLICT"
    )


def free(
    dynamodb: Any, table: str, items: list[dict[str, Any]], s3: Any, bucket: str, prefix: str
) -> None:
    """Delete `items` (of one partition) and every S3 object under `prefix`.

    Used after the transaction that made a resource disappear for readers:
    this only frees space."""
    delete_items(dynamodb, table, items)
    delete_objects(s3, bucket, prefix)


def delete_items(dynamodb: Any, table: str, items: list[dict[str, Any]]) -> None:
    """Delete `items` (each with its `pk` and `sk`), 25 to a BatchWriteItem."""
    for start in range(0, len(items), 25):
        write_batch(
            dynamodb,
            {
                table: [
                    {"DeleteRequest": {"Key": keys.item_key(i["pk"], i["sk"])}}
                    for i in items[start : start + 25]
                ]
            },
        )


def delete_objects(s3: Any, bucket: str, prefix: str) -> None:
    """Delete every object under `prefix`, which must name a folder: an empty or
    partial prefix would reach other owners' objects."""
    if not prefix.endswith("/") or prefix.count("/") < 3 or "//" in prefix:
        raise ValueError(f"refusing to delete under {prefix!r}: not an owner's folder")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for entry in page.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=entry["Key"])


def write_batch(dynamodb: Any, requests: dict[str, list[dict[str, Any]]]) -> None:
    """One BatchWriteItem, its unprocessed items sent again until none are left.

    Raises ServiceUnavailable (503 DEPENDENCY_UNAVAILABLE) if some remain after
    BATCH_ATTEMPTS, naming how many in the log."""
    for attempt in range(BATCH_ATTEMPTS):
        if attempt:
            time.sleep(BATCH_BACKOFF_S * 2 ** (attempt - 1))
        requests = dynamodb.batch_write_item(RequestItems=requests).get("UnprocessedItems") or {}
        if not requests:
            return
    left = sum(len(r) for r in requests.values())
    logger.warning("batch write left items unprocessed", extra={"unprocessed": left})
    raise problems.ServiceUnavailable(
        "A storage dependency is busy; retry after the indicated delay.",
        code="DEPENDENCY_UNAVAILABLE",
    )


# -------------------------------------------------------------- blobs, shared
def stored_blob(
    s3: Any, bucket: str, prefix: str, field: str, blob: bytes, limit: int = ITEM_BLOB_INLINE_BYTES
) -> dict[str, Any]:
    """The attributes holding `blob` (zlib): inline as `field` up to `limit` bytes,
    else in S3 under `prefix` by content hash, `<field>_s3_key` pointing at it. Written
    before the item that points at it, so no item ever points at nothing."""
    import hashlib
    import zlib

    compressed = zlib.compress(blob, 6)
    if len(compressed) <= limit:
        return {field: compressed, f"{field}_bytes": len(compressed)}
    key = f"{prefix}{hashlib.sha256(compressed).hexdigest()}.z"
    s3.put_object(Bucket=bucket, Key=key, Body=compressed)
    return {f"{field}_s3_key": key, f"{field}_bytes": len(compressed)}


def loaded_blob(s3: Any, bucket: str, item: dict[str, Any], field: str) -> bytes:
    """The blob `stored_blob` stored in `item` (a plain item), wherever it lives."""
    import zlib

    if field in item:
        return zlib.decompress(item[field])
    return zlib.decompress(s3.get_object(Bucket=bucket, Key=item[f"{field}_s3_key"])["Body"].read())


# ------------------------------------------------------------- usage, shared
def usage_update(
    table: str,
    tenant: str,
    *,
    graphs: int,
    stored_bytes: int,
    max_graphs: int | None = None,
    max_stored_bytes: int | None = None,
) -> dict[str, Any]:
    """A transaction's Update of the tenant's counters (on its PROFILE item), guarded
    by the caps given when growing: in the same transaction as the write it accounts
    for, so two writers can never both squeeze under a cap."""
    update: dict[str, Any] = {
        "TableName": table,
        "Key": keys.profile(tenant),
        "UpdateExpression": "SET graph_count = if_not_exists(graph_count, :zero) + :graphs, "
        "stored_bytes = if_not_exists(stored_bytes, :zero) + :bytes",
        "ExpressionAttributeValues": {
            ":zero": {"N": "0"},
            ":graphs": {"N": str(graphs)},
            ":bytes": {"N": str(stored_bytes)},
        },
        "ConditionExpression": "attribute_exists(pk)",
    }
    if max_graphs is not None and graphs > 0:
        _guard(update, "graph_count", ":graph_room", max_graphs - graphs)
    if max_stored_bytes is not None and stored_bytes > 0:
        _guard(update, "stored_bytes", ":byte_room", max_stored_bytes - stored_bytes)
    return {"Update": update}


def _guard(update: dict[str, Any], counter: str, placeholder: str, room: int) -> None:
    """Add to `update` the condition that `counter` (absent: 0) is at most `room` before the
    write. With no room even a counter that does not exist yet fails it: the first write is
    capped too."""
    update["ExpressionAttributeValues"][placeholder] = {"N": str(room)}
    if room < 0:
        update["ConditionExpression"] += f" AND {counter} <= {placeholder}"  # false either way
        return
    update["ConditionExpression"] += (
        f" AND (attribute_not_exists({counter}) OR {counter} <= {placeholder})"
    )
