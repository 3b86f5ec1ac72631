"""API keys and usage plans as API Gateway enforces them: which keys are
valid, the token bucket (rate + burst) and the daily quota of each key."""

import json
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class Plan:
    plan_id: str
    name: str
    rate: float
    burst: int
    quota: int | None
    # Per-client per-method limits, "/path/METHOD" -> (rate, burst), checked first.
    methods: dict[str, tuple[float, int]] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Key:
    key_id: str
    enabled: bool
    plan: Plan | None


# How often a lookup of an unknown key may reload the keys: a new key is usable this
# long after it was created, at the latest.
MISS_REFRESH_S = 0.1


class KeyStore:
    """Key value -> Key, read from the (emulated or real) API Gateway and cached.

    A miss refreshes at most every `miss_refresh_s`, so a flood of bad keys
    cannot hammer the backend; a hit is at most `ttl_s` stale (disabling a
    key takes effect within that).
    """

    def __init__(
        self,
        apigateway: Any,
        api_id: str,
        stage: str,
        ttl_s: float = 2.0,
        miss_refresh_s: float = MISS_REFRESH_S,
        listing: Callable[..., list[dict[str, Any]]] | None = None,
    ):
        self._apigateway = apigateway
        # (operation, **params) -> every item of that API Gateway listing; by default the
        # API's pages, the embedded AWS reads its own (EmbeddedAws.key_listing).
        self._list = listing or self._pages
        self._api_id, self._stage = api_id, stage
        self._ttl_s, self._miss_refresh_s = ttl_s, miss_refresh_s
        self._keys: dict[str, Key] = {}
        self.plans: dict[str, Plan] = {}
        self._loaded_at = -math.inf
        self._lock = threading.Lock()

    def lookup(self, value: str) -> Key | None:
        now = time.monotonic()
        with self._lock:
            stale = now - self._loaded_at > self._ttl_s
            if stale or (value not in self._keys and now - self._loaded_at > self._miss_refresh_s):
                self._keys = self._load()
                self._loaded_at = now
            return self._keys.get(value)

    def _load(self) -> dict[str, Key]:
        plans: dict[str, Plan] = {}
        for item in self._list("get_usage_plans"):
            stages = [
                s
                for s in item.get("apiStages", [])
                if s.get("apiId") == self._api_id and s.get("stage") == self._stage
            ]
            if stages:
                throttle, quota = item.get("throttle", {}), item.get("quota")
                plans[item["id"]] = Plan(
                    item["id"],
                    item["name"],
                    float(throttle.get("rateLimit", 10_000)),
                    int(throttle.get("burstLimit", 5_000)),
                    int(quota["limit"]) if quota else None,
                    {
                        method: (float(limits["rateLimit"]), int(limits["burstLimit"]))
                        for method, limits in (stages[0].get("throttle") or {}).items()
                    },
                )
        self.plans = plans
        plan_of_key: dict[str, Plan] = {}
        for plan in plans.values():
            for member in self._list("get_usage_plan_keys", usagePlanId=plan.plan_id):
                plan_of_key[member["id"]] = plan
        return {
            item["value"]: Key(item["id"], bool(item.get("enabled")), plan_of_key.get(item["id"]))
            for item in self._list("get_api_keys", includeValues=True)
        }

    def _pages(self, operation: str, **params: Any) -> list[dict[str, Any]]:
        call = getattr(self._apigateway, operation)
        items, position = [], None
        while True:
            page = call(**params, **({"position": position} if position else {}), limit=500)
            items.extend(page.get("items", []))
            position = page.get("position")
            if not position:
                return items


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class UsageMeter:
    """Token bucket per key (rate, burst) and request count per key per UTC day, per
    usage plan: API Gateway keeps a key's quota in the plan, so a key moved to another
    plan (`graphgate-admin set-plan`) starts that plan's day from 0 (auth.md)."""

    clock: Any = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _days: dict[tuple[str, str, str], int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key_id: str, plan: Plan, method: str | None = None) -> float | None:
        """Consume one token; None if allowed, else seconds until one is available.

        `method` ("/path/METHOD") with a per-method limit in the plan is checked
        first, then the plan's own limit, as API Gateway orders them.
        """
        now = self.clock()
        with self._lock:
            if method in plan.methods:
                rate, burst = plan.methods[method]
                wait = self._take(f"{key_id} {method}", rate, burst, now)
                if wait is not None:
                    return wait
            return self._take(key_id, plan.rate, plan.burst, now)

    def _take(self, bucket_id: str, rate: float, burst: int, now: float) -> float | None:
        bucket = self._buckets.setdefault(bucket_id, _Bucket(float(burst), now))
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) / rate if rate > 0 else 86_400.0

    def used(self, plan_id: str, key_id: str, day: str) -> int:
        """Requests of `key_id` counted against the plan's quota on `day` (YYYY-MM-DD, UTC)."""
        with self._lock:
            return self._days.get((plan_id, key_id, day), 0)

    def count(self, key_id: str, plan: Plan) -> float | None:
        """Count one request against the daily quota; None if within it, else seconds to reset."""
        if plan.quota is None:
            return None
        now = datetime.now(UTC)
        day = now.strftime("%Y-%m-%d")
        with self._lock:
            used = self._days.get((plan.plan_id, key_id, day), 0)
            if used >= plan.quota:
                midnight = (now + timedelta(days=1)).replace(
                    hour=0, minute=0, second=0, microsecond=0
                )
                return (midnight - now).total_seconds()
            self._days[(plan.plan_id, key_id, day)] = used + 1
            return None


_GET_USAGE = re.compile(r"/usageplans/([^/]+)/usage")


def get_usage_responder(meter: UsageMeter, keys: KeyStore):
    """Answers API Gateway's GetUsage for the embedded AWS (moto has no such call)
    from the meter the local gateway enforces, so GET /v1/usage reads usage the
    way it does on AWS. A WSGI-ish hook: environ -> (status, JSON body) or None."""

    def respond(environ: dict[str, Any]) -> tuple[int, bytes] | None:
        match = _GET_USAGE.fullmatch(environ.get("PATH_INFO", ""))
        if environ.get("REQUEST_METHOD") != "GET" or not match:
            return None
        if "/apigateway/" not in environ.get("HTTP_AUTHORIZATION", ""):
            return None
        query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        plan = keys.plans.get(match.group(1))
        if plan is None:
            keys.lookup("")  # refresh the plans once
            plan = keys.plans.get(match.group(1))
        start = datetime.strptime(query["startDate"], "%Y-%m-%d").date()
        end = datetime.strptime(query["endDate"], "%Y-%m-%d").date()
        key_ids = [query["keyId"]] if query.get("keyId") else []
        items = {}
        for key_id in key_ids:
            days = []
            day = start
            while day <= end:
                used = meter.used(match.group(1), key_id, day.isoformat())
                quota = plan.quota if plan else None
                days.append([used, (quota - used) if quota is not None else 0])
                day += timedelta(days=1)
            items[key_id] = days
        body = {
            "usagePlanId": match.group(1),
            "startDate": query["startDate"],
            "endDate": query["endDate"],
            "values": items,  # GetUsage's wire name for `items`
        }
        return 200, json.dumps(body).encode()

    return respond
