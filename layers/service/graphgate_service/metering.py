"""What a tenant's runs consume, per UTC day: runs, compute time and bytes.

    pk = TENANT#<t>   sk = USAGE#<yyyy-mm-dd>   runs, compute_ms, feed_bytes, fetched_bytes

One atomic ADD per run, so concurrent runs never lose a count. Kept ~13 months.
"""

import time
from datetime import UTC, datetime
from typing import Any

from graphgate_service import aws, settings
from graphgate_service.logs import logger
from graphgate_service.storage import tenant_pk

RETENTION_S = 400 * 24 * 3600


def record(tenant: str, compute_ms: float, feed_bytes: int, fetched_bytes: int) -> None:
    """Count one run. Metering never fails a run: an error here is logged, not raised."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    try:
        aws.client("dynamodb").update_item(
            TableName=settings.get().table_name,
            Key={"pk": {"S": tenant_pk(tenant)}, "sk": {"S": f"USAGE#{day}"}},
            UpdateExpression="ADD runs :one, compute_ms :ms, feed_bytes :fin, "
            "fetched_bytes :fout SET expires_at = :expires",
            ExpressionAttributeValues={
                ":one": {"N": "1"},
                ":ms": {"N": str(round(compute_ms, 3))},
                ":fin": {"N": str(feed_bytes)},
                ":fout": {"N": str(fetched_bytes)},
                ":expires": {"N": str(int(time.time()) + RETENTION_S)},
            },
        )
    except Exception:
        logger.exception("could not meter a run", extra={"tenant": tenant})


def today(tenant: str) -> dict[str, Any]:
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    item = (
        aws.client("dynamodb")
        .get_item(
            TableName=settings.get().table_name,
            Key={"pk": {"S": tenant_pk(tenant)}, "sk": {"S": f"USAGE#{day}"}},
        )
        .get("Item")
        or {}
    )

    def number(name: str) -> float:
        return float(item[name]["N"]) if name in item else 0

    return {
        "date": day,
        "runs": int(number("runs")),
        "compute_ms": number("compute_ms"),
        "feed_bytes": int(number("feed_bytes")),
        "fetched_bytes": int(number("fetched_bytes")),
    }
