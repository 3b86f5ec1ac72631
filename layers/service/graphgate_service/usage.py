"""What GET /v1/usage reports: the plan, its limits and today's use of the quota.

Usage comes from API Gateway's own meter (GetUsage) on AWS and, through the
same call, from the local runner's meter, which answers GetUsage for its
embedded API Gateway. So the function reads usage one way everywhere.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from graphgate_service import auth, aws, metering, plans, settings


def usage_plan_ids() -> dict[str, str]:
    return settings.usage_plan_ids()


def report(who: auth.Principal, now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    plan = plans.get(who.plan or "")
    plan_id = usage_plan_ids()[plan.name]
    apigateway = aws.client("apigateway")
    limits = apigateway.get_usage_plan(usagePlanId=plan_id)
    today = now.strftime("%Y-%m-%d")
    reply = apigateway.get_usage(
        usagePlanId=plan_id, keyId=who.api_key_id, startDate=today, endDate=today
    )
    days = (reply.get("items") or {}).get(who.api_key_id) or [[0, None]]
    used = int(days[-1][0])
    limit = int(limits["quota"]["limit"]) if limits.get("quota") else None
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "plan": plan.name,
        "api_key_id": who.api_key_id,
        "quota": {
            "period": "DAY",
            "limit": limit,
            "used": used,
            "remaining": None if limit is None else max(0, limit - used),
            "resets_at": midnight.isoformat().replace("+00:00", "Z"),
        },
        "throttle": {
            "rate_limit": float(limits.get("throttle", {}).get("rateLimit", 0)),
            "burst_limit": int(limits.get("throttle", {}).get("burstLimit", 0)),
        },
        "caps": {cap: getattr(plan, cap) for cap in plans.CAPS},
        "runs": metering.today(who.tenant_id),
    }
