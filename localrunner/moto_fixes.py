"""Where moto's DynamoDB differs from DynamoDB in ways the local runner cannot
live with, corrected in place. Installed by the embedded AWS only.

TransactWriteItems: moto deep-copies every table a transaction touches, all of
it, before each transaction, to roll back on failure. That is O(table) time and
memory per write: in a 20-minute soak the runner's table reached tens of
thousands of items, each write took seconds (the SDK's 5 s read timeout then
retried writes that had been applied) and the process was OOM-killed at 24 GB.
Here only the items the transaction names are saved and, on failure, restored.
"""

import copy
import functools
import types
from typing import Any


def install() -> None:
    """Patch moto's DynamoDB backend (idempotent)."""
    from moto.dynamodb import models

    original = models.DynamoDBBackend.transact_write_items
    if getattr(original, "graphgate_item_level", False):
        return
    # moto's module-level `copy`, except that a whole table is not copied; the
    # rollback that assigns the "copy" back is then a no-op, and ours restores.
    tables_kept = types.SimpleNamespace(
        deepcopy=lambda value, memo=None: (
            value if isinstance(value, models.Table) else copy.deepcopy(value, memo)
        )
    )

    @functools.wraps(original)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        saved = [_saved(self, entry) for entry in transact_items]
        models.copy = tables_kept  # the emulator serializes calls: no other thread sees this
        try:
            original(self, transact_items)
        except Exception:
            for table_name, key, attributes in reversed([s for s in saved if s]):
                if attributes is not None:
                    self.put_item(table_name, attributes)
                elif self.get_item(table_name, key) is not None:
                    self.delete_item(table_name, key)
            raise
        finally:
            models.copy = copy

    transact_write_items.graphgate_item_level = True  # type: ignore[attr-defined]
    models.DynamoDBBackend.transact_write_items = transact_write_items


def _saved(backend: Any, entry: dict[str, Any]) -> tuple[str, dict[str, Any], Any] | None:
    """(table, key, item attributes or None) as the item is before the transaction."""
    try:
        _, op = next(iter(entry.items()))
        table = backend.get_table(op["TableName"])
        if "Key" in op:
            key = op["Key"]
        else:
            names = [n for n in (table.hash_key_attr, table.range_key_attr) if n]
            key = {name: op["Item"][name] for name in names}
        current = backend.get_item(op["TableName"], key)
    except Exception:
        return None  # malformed: moto refuses it before changing anything
    return op["TableName"], key, copy.deepcopy(current.to_json()["Attributes"]) if current else None
