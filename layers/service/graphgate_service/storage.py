"""The DynamoDB repository. Handlers never see key expressions: they call
methods named for what they mean, and every key starts with the tenant."""

from dataclasses import dataclass
from typing import Any

from graphgate_service import aws
from graphgate_service.settings import Settings


def tenant_pk(tenant_id: str, *parts: str) -> str:
    """A partition key inside one tenant's key space: TENANT#<id>[#PART...]."""
    if not tenant_id or "#" in tenant_id:
        raise ValueError("tenant id must be non-empty and free of '#'")
    return "#".join(("TENANT", tenant_id, *parts))


@dataclass
class Repository:
    table_name: str
    client: Any

    @classmethod
    def from_settings(cls, config: Settings) -> "Repository":
        return cls(config.table_name, aws.client("dynamodb"))

    def ping(self) -> None:
        """One cheap read proving the table exists and the role may read it."""
        self.client.get_item(
            TableName=self.table_name,
            Key={"pk": {"S": "HEALTH"}, "sk": {"S": "HEALTH"}},
            ProjectionExpression="pk",
        )
