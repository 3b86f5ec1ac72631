"""Tenants and their API keys.

API Gateway holds the keys (and meters them through usage plans); the table
holds who they belong to. A key's value is shown once, at creation, and is
never stored by us: the table keeps its SHA-256, which is how the authorizer,
seeing only the `x-api-key` header, finds the key's tenant.

Items per key (all written in one transaction; graphgate_service.keys holds their
keys): key id -> tenant (the gateway gives functions the id), key value's hash ->
tenant (for the authorizer), and the tenant's list entry. The first two are keyed
outside a tenant because resolving a key is what establishes the tenant.
A rotated-out key carries `not_after` (epoch s) on all three; after it the
authorizer and the token service refuse it, and `expire_keys` disables it in
API Gateway too (the KEYEXPIRY partition is the schedule).

A tenant's plan lives in two places: its profile (which the authorizer and the token
service read, for caps and scopes) and the usage plan each of its keys belongs to in
API Gateway (rate, burst, quota). `set_plan` changes both.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from graphgate_service import keys, plans, storage

PLANS = tuple(plans.PLANS)
ALL_SCOPES = plans.SCOPES
DEFAULT_GRACE_S = 24 * 3600


@dataclass(frozen=True)
class NewTenant:
    tenant_id: str
    name: str
    plan: str
    api_key_id: str
    api_key: str  # the secret: print once, never log


@dataclass(frozen=True)
class NewKey:
    tenant_id: str
    api_key_id: str
    api_key: str  # the secret: print once, never log
    old_key_id: str
    old_key_not_after: int


@dataclass(frozen=True)
class KeyInfo:
    api_key_id: str
    created_at: int
    enabled: bool
    not_after: int | None


@dataclass(frozen=True)
class KeyOwner:
    tenant_id: str
    api_key_id: str
    not_after: int | None
    disabled: bool

    def usable(self, now: float) -> bool:
        return not self.disabled and (self.not_after is None or now < self.not_after)


def key_hash(value: str) -> str:
    """The table's name for a key value. Keys are 192 random bits: no salt or stretch needed."""
    return hashlib.sha256(value.encode()).hexdigest()


def key_hash_key(value: str) -> dict[str, Any]:
    return keys.api_key_hash(key_hash(value))


def owner_from_item(item: dict[str, Any] | None) -> KeyOwner | None:
    if not item:
        return None
    return KeyOwner(
        tenant_id=item["tenant_id"]["S"],
        api_key_id=item["api_key_id"]["S"],
        not_after=int(item["not_after"]["N"]) if "not_after" in item else None,
        disabled="disabled_at" in item,
    )


class TenantStore(storage.Store):
    """Tenants' profiles and their keys' items. graphgate-admin builds one for the stack
    it is pointed at, with that stack's credentials; it reaches only the table."""

    def owner_of_key(self, value: str) -> KeyOwner | None:
        """Who owns the key whose value is `value`, and whether it may still be used."""
        item = self.dynamodb.get_item(TableName=self.table, Key=key_hash_key(value))
        return owner_from_item(item.get("Item"))

    def owner_by_id(self, api_key_id: str) -> KeyOwner | None:
        """Who owns the key with id `api_key_id` (as the gateway reports it to functions)."""
        item = self.dynamodb.get_item(TableName=self.table, Key=keys.api_key(api_key_id))
        return owner_from_item(item.get("Item"))

    def profile(self, tenant_id: str) -> dict[str, str]:
        """The tenant's name and plan; KeyError for an unknown tenant."""
        item = self.dynamodb.get_item(TableName=self.table, Key=keys.profile(tenant_id))
        if "Item" not in item:
            raise KeyError(f"no tenant {tenant_id}")
        found = item["Item"]
        return {"tenant_id": tenant_id, "name": found["name"]["S"], "plan": found["plan"]["S"]}

    def mapping(self, key_id: str) -> dict[str, Any]:
        """The key id's item (wire form); ValueError if it is not one of ours."""
        key = keys.api_key(key_id)
        item = self.dynamodb.get_item(TableName=self.table, Key=key, ConsistentRead=True)
        if "key_hash" not in item.get("Item", {}):
            raise ValueError(f"no graphgate API key {key_id}")
        return item["Item"]

    def key_entries(self, tenant_id: str) -> list[dict[str, Any]]:
        """The tenant's key list entries (wire form)."""
        return self.dynamodb.query(
            TableName=self.table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :key)",
            ExpressionAttributeValues={
                ":pk": {"S": keys.tenant_pk(tenant_id)},
                ":key": {"S": keys.TENANT_KEY_PREFIX},
            },
            ConsistentRead=True,
        )["Items"]

    def expiries_due(self, now: int) -> list[dict[str, Any]]:
        """The KEYEXPIRY entries due at `now` (wire form)."""
        return self.dynamodb.query(
            TableName=self.table,
            KeyConditionExpression="pk = :pk AND sk <= :cutoff",
            ExpressionAttributeValues={
                ":pk": {"S": keys.KEYEXPIRY},
                ":cutoff": {"S": keys.key_expiry_cutoff(now)},
            },
        )["Items"]

    def delete(self, item: dict[str, Any]) -> None:
        """Delete the item (wire form) at its own key."""
        key = keys.item_key(item["pk"]["S"], item["sk"]["S"])
        self.dynamodb.delete_item(TableName=self.table, Key=key)

    def write(self, items: list[dict[str, Any]], refused: str) -> None:
        """One transaction through storage.transact (which retries a conflict with another
        write); ValueError(`refused`) when one of its conditions failed."""
        if storage.transact(self.dynamodb, items) is not None:
            raise ValueError(refused)


def store() -> TenantStore:
    return TenantStore.shared()


def _new_key(apigateway: Any, stage: str, tenant_id: str, description: str, plan_id: str):
    value = "gg_" + secrets.token_hex(24)
    key = apigateway.create_api_key(
        name=f"graphgate-{stage}-{tenant_id}-{secrets.token_hex(3)}",
        value=value,
        enabled=True,
        description=description,
        customerId=tenant_id,
    )
    apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=key["id"], keyType="API_KEY")
    return key["id"], value


def _key_puts(table: str, tenant_id: str, key_id: str, value: str, now: int) -> list[dict]:
    common = {"tenant_id": {"S": tenant_id}, "api_key_id": {"S": key_id}}
    common["created_at"] = {"N": str(now)}
    items = [
        {**keys.api_key(key_id), "key_hash": {"S": key_hash(value)}},
        {**key_hash_key(value)},
        keys.tenant_api_key(tenant_id, key_id),
    ]
    return [
        {
            "Put": {
                "TableName": table,
                "ConditionExpression": "attribute_not_exists(pk)",
                "Item": {**item, **common},
            }
        }
        for item in items
    ]


def create_tenant(
    name: str,
    plan: str,
    *,
    apigateway: Any,
    store: TenantStore,
    usage_plan_id: str,
    stage: str,
) -> NewTenant:
    """Create a tenant on `plan`, issue its API key and attach the key to the plan."""
    if plan not in PLANS:
        raise ValueError(f"plan must be one of {', '.join(PLANS)}")
    # The name is printed on the operator's one line per tenant (and in the key's
    # description): a newline or a terminal escape in it forged or garbled those lines.
    if not name or len(name) > 100 or not name.isprintable():
        raise ValueError("name must be 1-100 printable characters")
    tenant_id = "t_" + secrets.token_hex(8)
    key_id, value = _new_key(
        apigateway, stage, tenant_id, f"graphgate tenant {name}", usage_plan_id
    )
    now = int(time.time())
    profile = {
        "Put": {
            "TableName": store.table,
            "ConditionExpression": "attribute_not_exists(pk)",
            "Item": {
                **keys.profile(tenant_id),
                "name": {"S": name},
                "plan": {"S": plan},
                "created_at": {"N": str(now)},
            },
        }
    }
    store.write(
        [profile, *_key_puts(store.table, tenant_id, key_id, value, now)],
        "a new tenant's or key's id is taken; try again",
    )
    return NewTenant(tenant_id, name, plan, key_id, value)


def _key_item_keys(item: dict[str, Any]) -> list[dict[str, Any]]:
    tenant_id, key_id = item["tenant_id"]["S"], item["api_key_id"]["S"]
    return [
        keys.api_key(key_id),
        keys.api_key_hash(item["key_hash"]["S"]),
        keys.tenant_api_key(tenant_id, key_id),
    ]


def list_keys(tenant_id: str, *, apigateway: Any, store: TenantStore) -> list[KeyInfo]:
    """The tenant's keys, oldest first, with their state in API Gateway; ValueError for
    an unknown tenant (a mistyped id is not a tenant without keys: every tenant has one)."""
    try:
        store.profile(tenant_id)
    except KeyError:
        raise ValueError(f"no tenant {tenant_id}") from None
    found = []
    for item in store.key_entries(tenant_id):
        owner = owner_from_item(item)
        assert owner is not None
        enabled = apigateway.get_api_key(apiKey=owner.api_key_id)["enabled"]
        found.append(
            KeyInfo(
                owner.api_key_id,
                int(item["created_at"]["N"]),
                bool(enabled) and not owner.disabled,
                owner.not_after,
            )
        )
    return sorted(found, key=lambda k: k.created_at)


def disable_key(key_id: str, *, apigateway: Any, store: TenantStore) -> None:
    """Disable a key at once, in API Gateway and for the authorizer."""
    item = store.mapping(key_id)
    apigateway.update_api_key(
        apiKey=key_id, patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}]
    )
    now = str(int(time.time()))
    store.write(
        [
            {
                "Update": {
                    "TableName": store.table,
                    "Key": key,
                    "UpdateExpression": "SET disabled_at = :now",
                    "ExpressionAttributeValues": {":now": {"N": now}},
                }
            }
            for key in _key_item_keys(item)
        ],
        f"key {key_id} changed while being disabled; try again",
    )


def rotate_key(
    key_id: str,
    *,
    grace_s: int,
    apigateway: Any,
    store: TenantStore,
    usage_plan_ids: dict[str, str],
    stage: str,
) -> NewKey:
    """Issue a new key for the owner of `key_id`; the old one works `grace_s` longer."""
    if not 0 <= grace_s <= 30 * 86400:
        raise ValueError("grace must be between 0 s and 30 days")
    item = store.mapping(key_id)
    owner = owner_from_item(item)
    assert owner is not None
    if not owner.usable(time.time()):
        raise ValueError(f"key {key_id} is disabled or already rotated out")
    plan = store.profile(owner.tenant_id)["plan"]
    new_id, value = _new_key(
        apigateway, stage, owner.tenant_id, f"rotated from {key_id}", usage_plan_ids[plan]
    )
    now = int(time.time())
    not_after = now + grace_s
    expire = [
        {
            "Update": {
                "TableName": store.table,
                "Key": key,
                "UpdateExpression": "SET not_after = :t",
                "ConditionExpression": "attribute_not_exists(not_after)",
                "ExpressionAttributeValues": {":t": {"N": str(not_after)}},
            }
        }
        for key in _key_item_keys(item)
    ]
    schedule = {
        "Put": {
            "TableName": store.table,
            "Item": {**keys.key_expiry(not_after, key_id), "api_key_id": {"S": key_id}},
        }
    }
    store.write(
        [*_key_puts(store.table, owner.tenant_id, new_id, value, now), *expire, schedule],
        f"key {key_id} is disabled or already rotated out",
    )
    return NewKey(owner.tenant_id, new_id, value, key_id, not_after)


def expire_keys(*, apigateway: Any, store: TenantStore, now: float | None = None) -> list:
    """Disable in API Gateway every rotated-out key whose grace period is over."""
    expired = []
    for entry in store.expiries_due(int(now if now is not None else time.time())):
        key_id = entry["api_key_id"]["S"]
        disable_key(key_id, apigateway=apigateway, store=store)
        store.delete(entry)
        expired.append(key_id)
    return expired


def set_plan(
    tenant_id: str,
    plan: str,
    *,
    apigateway: Any,
    store: TenantStore,
    usage_plan_ids: dict[str, str],
) -> list[str]:
    """Move the tenant to `plan`: its profile, then each of its keys (disabled and
    rotated-out ones too) to the plan's usage plan. Returns the keys' ids.

    Idempotent, so running it again finishes a move that failed half-way. API Gateway
    refuses a key in two usage plans of one stage, so a key leaves its old plan before
    joining the new one: for that instant it has none, and a request it makes as the
    gateway reloads its keys is refused 403."""
    if plan not in PLANS:
        raise ValueError(f"plan must be one of {', '.join(PLANS)}")
    try:
        store.profile(tenant_id)
    except KeyError:
        raise ValueError(f"no tenant {tenant_id}") from None
    store.write(
        [
            {
                "Update": {
                    "TableName": store.table,
                    "Key": keys.profile(tenant_id),
                    "UpdateExpression": "SET #plan = :plan",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeNames": {"#plan": "plan"},
                    "ExpressionAttributeValues": {":plan": {"S": plan}},
                }
            }
        ],
        f"no tenant {tenant_id}",
    )
    moved = [item["api_key_id"]["S"] for item in store.key_entries(tenant_id)]
    for key_id in moved:
        for other in (i for name, i in usage_plan_ids.items() if name != plan):
            if _in_usage_plan(apigateway, other, key_id):
                apigateway.delete_usage_plan_key(usagePlanId=other, keyId=key_id)
        if not _in_usage_plan(apigateway, usage_plan_ids[plan], key_id):
            apigateway.create_usage_plan_key(
                usagePlanId=usage_plan_ids[plan], keyId=key_id, keyType="API_KEY"
            )
    return moved


def _in_usage_plan(apigateway: Any, usage_plan_id: str, key_id: str) -> bool:
    try:
        apigateway.get_usage_plan_key(usagePlanId=usage_plan_id, keyId=key_id)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NotFoundException":
            return False
        raise
    return True
