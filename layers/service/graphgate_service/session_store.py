"""Where sessions live: a META item (graph, version, variables, expiry), one item per
run (sync or async) and its progress, a list entry and the graph's record of the live
session, all inside the tenant's key space (graphgate_service.keys holds their keys).

Variables are one .npz blob: inline (zlib) up to ITEM_BLOB_INLINE_BYTES, else in S3 by
content hash under the tenant's prefix. Every state change is one
transaction conditioned on the session's version, so two runs can never both
commit on the same state.
"""

import hashlib
import time
import zlib
from typing import Any

import numpy as np
from botocore.exceptions import ClientError

from graphgate_service import keys, problems, storage
from graphgate_service.session_leftovers import run_key
from graphgate_service.storage import ITEM_BLOB_INLINE_BYTES

# Run fields whose shape the caller chose (fetch and feed names become keys): stored as
# JSON text, which holds any name the API accepts, where a DynamoDB map cannot.
CALLER_SHAPED = ("request", "fetches", "history", "outputs", "dataset")


RANDOM_STATE_INLINE_BYTES = 32_000


def run_attributes(run: dict[str, Any]) -> dict[str, Any]:
    """A run as the attributes of its item."""
    item = {k: v for k, v in run.items() if k not in CALLER_SHAPED}
    for name in CALLER_SHAPED:
        if name in run:
            item[f"{name}_json"] = storage.to_text(run[name])
    return item


def run_from_item(item: dict[str, Any]) -> dict[str, Any]:
    """A run read back (items written before the text fields hold maps, read as they are)."""
    run = dict(item)
    for name in CALLER_SHAPED:
        text = run.pop(f"{name}_json", None)
        if text is not None:
            run[name] = storage.from_text(text)
    return run


class StaleVersion(Exception):
    """The session changed (or ended) since its state was read."""


def pack(variables: dict[str, Any]) -> bytes:
    from graphgate import serialization  # string variables pack as the engine writes them

    return serialization.npz_dumps(variables)


def unpack(blob: bytes) -> dict[str, np.ndarray]:
    from graphgate import serialization

    return serialization.npz_loads(blob)


class SessionStore(storage.Store):
    # ------------------------------------------------------------------ reads
    def meta(self, tenant: str, session_id: str) -> dict[str, Any] | None:
        """The session, or None if it does not exist or has expired."""
        item = self.dynamodb.get_item(
            TableName=self.table,
            ConsistentRead=True,
            Key=keys.item_key(keys.session_pk(tenant, session_id), keys.META),
        ).get("Item")
        if not item:
            return None
        meta = storage.plain(item)
        return meta if meta["expires_at"] > time.time() else None

    def variables(self, tenant: str, meta: dict[str, Any]) -> dict[str, np.ndarray]:
        return unpack(zlib.decompress(self._blob(tenant, meta, "variables")))

    def random_state(self, tenant: str, meta: dict[str, Any]) -> bytes | None:
        """Where the session's random ops are in their streams (runtime's encoding), or
        None before any run drew a number."""
        return self._blob(tenant, meta, "random_state")

    def _blob(self, tenant: str, meta: dict[str, Any], name: str) -> bytes | None:
        """The META item's `name`, held inline or (`<name>_s3_key`) in S3; None if neither.
        404 SESSION_NOT_FOUND if the session ended since `meta` was read: ending it frees
        its objects, and a run, a read or a fork racing the delete met NoSuchKey (500)."""
        if name in meta:
            return bytes(meta[name])
        key = meta.get(f"{name}_s3_key")
        if key is None:
            return None
        try:
            return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            if self.meta(tenant, meta["id"]) is not None:
                raise  # the session is there and its state is not: a fault, not a race
            raise problems.NotFound(f"No session {meta['id']}.", code="SESSION_NOT_FOUND") from None

    def unfinished_async_runs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(tenant, session id, run) of every queued or running async run of every tenant:
        a scan of the whole table, for the local runner's restart only
        (jobs.resume_interrupted)."""
        found = storage.scan_all(
            self.dynamodb,
            self.table,
            "begins_with(sk, :run) AND #s IN (:q, :r) AND #m = :async",
            {"#s": "status", "#m": "mode"},
            {":run": keys.RUN_PREFIX, ":q": "queued", ":r": "running", ":async": "async"},
        )
        return [(keys.tenant_of(pk), keys.session_of(pk), run_from_item(run)) for pk, run in found]

    def runs(
        self, tenant: str, session_id: str, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        request: dict[str, Any] = {
            "TableName": self.table,
            "ScanIndexForward": False,
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :run)",
            "ExpressionAttributeValues": {
                ":pk": {"S": keys.session_pk(tenant, session_id)},
                ":run": {"S": keys.RUN_PREFIX},
            },
        }
        items, position = storage.page(self.dynamodb, request, limit, start)
        return [run_from_item(i) for i in items], position

    def run(
        self, tenant: str, session_id: str, run_id: str, legacy: bool = True
    ) -> dict[str, Any] | None:
        """One run, read by its key (which its id names). With `legacy` (a session that
        may hold runs made before ids carried their creation time), an id that read
        misses is looked for among the session's runs."""
        created = keys.run_created_ms(run_id)
        if created is not None:
            item = self.dynamodb.get_item(
                TableName=self.table,
                ConsistentRead=True,
                Key=keys.item_key(
                    keys.session_pk(tenant, session_id), keys.run_sk(created, run_id)
                ),
            ).get("Item")
            if item:
                return run_from_item(storage.plain(item))
        if not legacy:
            return None
        items = storage.query_all(
            self.dynamodb, self.table, keys.session_pk(tenant, session_id), keys.RUN_PREFIX
        )
        return next((run_from_item(i) for i in items if i["id"] == run_id), None)

    def page(
        self, tenant: str, limit: int, start: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to `limit` live sessions, newest first, and where to continue."""
        request = storage.newest_first(self.table, keys.sessions_pk(tenant), unexpired=True)
        return storage.page(self.dynamodb, request, limit, start)

    def live_count(self, tenant: str, at_most: int) -> int:
        """How many sessions are live, counted up to `at_most`."""
        request = storage.newest_first(self.table, keys.sessions_pk(tenant), unexpired=True)
        return storage.count(self.dynamodb, request, at_most)

    # ----------------------------------------------------------------- writes
    def create(
        self,
        tenant: str,
        meta: dict[str, Any],
        variables: dict[str, Any],
        random_state: bytes | None = None,
    ) -> None:
        stored = self._variables(tenant, meta["id"], variables)
        item = {**meta, **stored}
        if random_state is not None:
            item.update(self._random_state(tenant, meta["id"], random_state))
        self._transact(
            [
                *self._current(tenant, item, "attribute_not_exists(pk)", None),
                # The graph must still exist: a session of a deleted graph is never born.
                # Counting the sessions started on it lets a delete that listed them
                # before this one see that it missed one (GraphStore.delete).
                {
                    "Update": {
                        "TableName": self.table,
                        "ConditionExpression": "attribute_exists(pk)",
                        "UpdateExpression": "ADD sessions_started :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                        "Key": keys.item_key(keys.graph_pk(tenant, meta["graph_id"]), keys.META),
                    }
                },
            ]
        )

    def commit(
        self,
        tenant: str,
        meta: dict[str, Any],
        expected_version: int,
        variables: dict[str, Any] | None,
        run: dict[str, Any] | None,
        unless_cancelled: bool = False,
        random_state: bytes | None = None,
    ) -> dict[str, Any]:
        """Make `meta` (version expected_version + 1) current, with new variables, random
        streams' positions and a run record, if the session is still at `expected_version`
        (and, `unless_cancelled`, the run was not asked to cancel: an async run's checkpoint
        must not overwrite a cancellation). Returns the new meta."""
        updated = dict(meta)
        if variables is not None:
            _replace(updated, "variables", self._variables(tenant, meta["id"], variables))
        if random_state is not None:
            _replace(updated, "random_state", self._random_state(tenant, meta["id"], random_state))
        items = self._current(tenant, updated, "version = :expected", expected_version)
        if run is not None:
            put = storage.put(
                self.table,
                keys.session_pk(tenant, meta["id"]),
                keys.run_sk(run["created_at"], run["id"]),
                run_attributes(run),
                "attribute_not_exists(cancel_requested)" if unless_cancelled else None,
            )
            items.append(put)
        self._transact(items)
        return updated

    def _current(
        self, tenant: str, meta: dict[str, Any], condition: str, expected_version: int | None
    ) -> list[dict[str, Any]]:
        """The META item (under `condition`), its list entry and the graph's record of it:
        the three items that change together."""
        values = {":expected": expected_version} if expected_version is not None else None
        others = "attribute_not_exists(pk)" if expected_version is None else "attribute_exists(pk)"
        return [
            storage.put(
                self.table, keys.session_pk(tenant, meta["id"]), keys.META, meta, condition, values
            ),
            storage.put(
                self.table,
                keys.sessions_pk(tenant),
                keys.created_sk(meta["created_at"], meta["id"]),
                _summary(meta),
                others,
            ),
            storage.put(
                self.table,
                keys.graph_pk(tenant, meta["graph_id"]),
                keys.graph_session_sk(meta["id"]),
                {"session_id": meta["id"], "expires_at": meta["expires_at"]},
                others,
            ),
        ]

    def touch(self, tenant: str, meta: dict[str, Any], expires_at: int) -> None:
        """Push the session's expiry to `expires_at` (a read-only run keeps it alive) on
        the three items that carry it, leaving its version alone, so a concurrent
        writer's commit is neither blocked nor undone. A session that ended meanwhile
        stays ended: StaleVersion."""

        def update(pk: str, sk: str) -> dict[str, Any]:
            return {
                "Update": {
                    "TableName": self.table,
                    "Key": keys.item_key(pk, sk),
                    "UpdateExpression": "SET expires_at = :expires",
                    "ConditionExpression": "attribute_exists(pk) AND expires_at < :expires",
                    "ExpressionAttributeValues": {":expires": {"N": str(expires_at)}},
                }
            }

        self._transact(
            [
                update(keys.session_pk(tenant, meta["id"]), keys.META),
                update(keys.sessions_pk(tenant), keys.created_sk(meta["created_at"], meta["id"])),
                update(keys.graph_pk(tenant, meta["graph_id"]), keys.graph_session_sk(meta["id"])),
            ]
        )

    def put_run(
        self, tenant: str, session_id: str, run: dict[str, Any], *, existing: bool = False
    ) -> bool:
        """Write a run record alone (a read-only run, or an async run's status); with
        `existing`, only over a record still there and not yet metered (False otherwise:
        ending its session meters a run left unfinished, and a write over that mark
        would let the worker meter it again)."""
        item = {
            "TableName": self.table,
            "Item": storage.typed(
                {
                    **run_attributes(run),
                    "pk": keys.session_pk(tenant, session_id),
                    "sk": keys.run_sk(run["created_at"], run["id"]),
                }
            ),
        }
        if existing:
            item["ConditionExpression"] = (
                "attribute_exists(pk) AND attribute_not_exists(metered_at)"
            )
        try:
            self.dynamodb.put_item(**item)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def add_run(self, tenant: str, session_id: str, run: dict[str, Any]) -> bool:
        """Write a new run record (an async run, queued, or a read-only run) only while its
        session is there; False if it has ended. Written after the end had read the records
        to free, it was left behind for good."""
        pk = keys.session_pk(tenant, session_id)
        session = {
            "TableName": self.table,
            "Key": keys.item_key(pk, keys.META),
            "ConditionExpression": "attribute_exists(pk)",
        }
        put = storage.put(
            self.table, pk, keys.run_sk(run["created_at"], run["id"]), run_attributes(run), None
        )
        return storage.transact(self.dynamodb, [{"ConditionCheck": session}, put]) is None

    def request_cancel(
        self, tenant: str, session_id: str, run: dict[str, Any], unfinished: tuple[str, ...]
    ) -> bool:
        """Flag a run for cancellation while its status is one of `unfinished`; False if
        it has already finished."""
        statuses = {f":s{n}": {"S": str(status)} for n, status in enumerate(unfinished)}
        try:
            self.dynamodb.update_item(
                TableName=self.table,
                Key=run_key(tenant, session_id, run),
                UpdateExpression="SET cancel_requested = :yes",
                ConditionExpression=f"#status IN ({', '.join(statuses)})",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":yes": {"BOOL": True}, **statuses},
            )
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    def put_blob(self, key: str, blob: bytes) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=zlib.compress(blob, 6))

    def download_url(self, key: str, expires_s: int) -> str:
        """A presigned GET of an object of the bucket."""
        return self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_s
        )

    def get_blob(self, key: str) -> bytes | None:
        """A blob `put_blob` kept (a run's large request); None once its session's end has
        freed it."""
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            return None
        return zlib.decompress(body)

    def end(self, tenant: str, meta: dict[str, Any]) -> list[dict[str, Any]]:
        """Make the session disappear for every reader and writer (its META, list entry and
        graph record, in one transaction: no checkpoint commits after it), and return the
        records it leaves behind, for `session_leftovers`. StaleVersion if it had ended
        already."""
        pk = keys.session_pk(tenant, meta["id"])
        self._transact(
            [
                {
                    "Delete": {
                        "TableName": self.table,
                        "ConditionExpression": "attribute_exists(pk)",
                        "Key": keys.item_key(pk, keys.META),
                    }
                },
                {
                    "Delete": {
                        "TableName": self.table,
                        "Key": keys.item_key(
                            keys.sessions_pk(tenant),
                            keys.created_sk(meta["created_at"], meta["id"]),
                        ),
                    }
                },
                {
                    "Delete": {
                        "TableName": self.table,
                        "Key": keys.item_key(
                            keys.graph_pk(tenant, meta["graph_id"]),
                            keys.graph_session_sk(meta["id"]),
                        ),
                    }
                },
            ]
        )
        return storage.query_all(self.dynamodb, self.table, pk, "")

    @staticmethod
    def export_key(tenant: str, session_id: str, name: str) -> str:
        """A download of the session's state, under its prefix so that it ends with it."""
        return keys.session_export(tenant, session_id, name)

    # --------------------------------------------------------------- helpers
    def _variables(self, tenant: str, session_id: str, variables: dict[str, Any]) -> dict[str, Any]:
        blob = zlib.compress(pack(variables), 6)
        kept = self._keep(
            "variables",
            blob,
            ITEM_BLOB_INLINE_BYTES,
            lambda digest: keys.session_variables(tenant, session_id, digest),
        )
        return {**kept, "variables_bytes": len(blob)}

    def _random_state(self, tenant: str, session_id: str, blob: bytes) -> dict[str, Any]:
        # Inline up to a size that keeps the META item (with inline variables) under
        # DynamoDB's 400 KB; a graph of thousands of random ops goes to S3.
        return self._keep(
            "random_state",
            blob,
            RANDOM_STATE_INLINE_BYTES,
            lambda digest: keys.session_random_state(tenant, session_id, digest),
        )

    def _keep(self, name: str, blob: bytes, inline_limit: int, s3_key: Any) -> dict[str, Any]:
        """The META attribute that keeps `blob`: `name` inline up to `inline_limit` bytes,
        else `<name>_s3_key`, the object named by its digest."""
        if len(blob) <= inline_limit:
            return {name: blob}
        key = s3_key(hashlib.sha256(blob).hexdigest())
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=blob)
        return {f"{name}_s3_key": key}

    def _transact(self, items: list[dict[str, Any]]) -> None:
        # Only a failed condition means the session (or its graph) moved on; a
        # conflict with a concurrent transaction (two sessions starting on one
        # graph both count on its record) is retried by storage.transact.
        if storage.transact(self.dynamodb, items) is not None:
            raise StaleVersion()


def _replace(meta: dict[str, Any], name: str, kept: dict[str, Any]) -> None:
    """Put `kept` (SessionStore._keep's) in `meta` in place of where `name` was kept."""
    meta.pop(name, None)
    meta.pop(f"{name}_s3_key", None)
    meta.update(kept)


def _summary(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        k: meta[k]
        for k in (
            "id",
            "graph_id",
            "graph_revision",
            "version",
            "created_at",
            "updated_at",
            "expires_at",
            "idle_ttl_s",
        )
    }
