"""Tenants and their API keys.

API Gateway holds the keys (and meters them through usage plans); the table
holds who they belong to. A key's value is shown once, at creation, and is
never stored by us.
"""

import secrets
import time
from dataclasses import dataclass
from typing import Any

PLANS = ("free", "pro")


@dataclass(frozen=True)
class NewTenant:
    tenant_id: str
    name: str
    plan: str
    api_key_id: str
    api_key: str  # the secret: print once, never log


def create_tenant(
    name: str,
    plan: str,
    *,
    apigateway: Any,
    dynamodb: Any,
    table: str,
    usage_plan_id: str,
    stage: str,
) -> NewTenant:
    """Create a tenant on `plan`, issue its API key and attach the key to the plan."""
    if plan not in PLANS:
        raise ValueError(f"plan must be one of {', '.join(PLANS)}")
    if not name or len(name) > 100:
        raise ValueError("name must be 1-100 characters")
    tenant_id = "t_" + secrets.token_hex(8)
    value = "gg_" + secrets.token_hex(24)
    key = apigateway.create_api_key(
        name=f"graphgate-{stage}-{tenant_id}",
        value=value,
        enabled=True,
        description=f"graphgate tenant {name}",
        customerId=tenant_id,
    )
    apigateway.create_usage_plan_key(usagePlanId=usage_plan_id, keyId=key["id"], keyType="API_KEY")
    now = int(time.time())
    dynamodb.transact_write_items(
        TransactItems=[
            {
                "Put": {
                    "TableName": table,
                    "ConditionExpression": "attribute_not_exists(pk)",
                    "Item": {
                        "pk": {"S": f"TENANT#{tenant_id}"},
                        "sk": {"S": "PROFILE"},
                        "name": {"S": name},
                        "plan": {"S": plan},
                        "created_at": {"N": str(now)},
                    },
                }
            },
            # The one item keyed outside a tenant: resolving a key to its tenant
            # is what establishes the tenant in the first place.
            {
                "Put": {
                    "TableName": table,
                    "ConditionExpression": "attribute_not_exists(pk)",
                    "Item": {
                        "pk": {"S": f"APIKEY#{key['id']}"},
                        "sk": {"S": "APIKEY"},
                        "tenant_id": {"S": tenant_id},
                        "created_at": {"N": str(now)},
                    },
                }
            },
        ]
    )
    return NewTenant(tenant_id, name, plan, key["id"], value)


ALL_SCOPES = ("graphs:read", "graphs:write", "sessions:run", "tokens:manage", "usage:read")


def tenant_of_key(table: str, api_key_id: str) -> str | None:
    """The tenant that owns API key `api_key_id`, or None."""
    from graphgate_service import aws

    item = (
        aws.client("dynamodb")
        .get_item(
            TableName=table,
            Key={"pk": {"S": f"APIKEY#{api_key_id}"}, "sk": {"S": "APIKEY"}},
            ConsistentRead=True,
        )
        .get("Item")
    )
    return item["tenant_id"]["S"] if item else None
