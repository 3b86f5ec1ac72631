import pytest

from localrunner.usage import KeyStore, Plan, UsageMeter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


PLAN = Plan("p1", "free", rate=2.0, burst=4, quota=None)


def test_a_full_bucket_allows_exactly_the_burst(clock):
    meter = UsageMeter(clock=clock)
    assert [meter.take("k", PLAN) for _ in range(4)] == [None] * 4
    wait = meter.take("k", PLAN)
    assert wait == pytest.approx(0.5)  # one token at 2/s


def test_tokens_refill_at_the_rate_and_cap_at_the_burst(clock):
    meter = UsageMeter(clock=clock)
    for _ in range(4):
        meter.take("k", PLAN)
    clock.now += 1.0  # two tokens back
    assert meter.take("k", PLAN) is None
    assert meter.take("k", PLAN) is None
    assert meter.take("k", PLAN) is not None
    clock.now += 3600  # a long idle never grants more than the burst
    assert [meter.take("k", PLAN) for _ in range(5)].count(None) == 4


def test_keys_have_separate_buckets(clock):
    meter = UsageMeter(clock=clock)
    for _ in range(4):
        meter.take("a", PLAN)
    assert meter.take("a", PLAN) is not None
    assert meter.take("b", PLAN) is None


def test_the_quota_counts_requests_and_reports_seconds_to_reset():
    meter = UsageMeter()
    plan = Plan("p2", "free", rate=100, burst=100, quota=2)
    assert meter.count("k", plan) is None
    assert meter.count("k", plan) is None
    wait = meter.count("k", plan)
    assert wait is not None and 0 < wait <= 86_400


def test_no_quota_means_unlimited():
    meter = UsageMeter()
    plan = Plan("p3", "pro", rate=1, burst=1, quota=None)
    assert all(meter.count("k", plan) is None for _ in range(1000))


def test_a_keys_quota_is_counted_per_usage_plan_as_api_gateway_does():
    # auth.md: a key moved to another plan starts that plan's day from 0
    meter = UsageMeter()
    free = Plan("p4", "free", rate=100, burst=100, quota=2)
    pro = Plan("p5", "pro", rate=100, burst=100, quota=100)
    day = meter_day()
    assert [meter.count("k", free) for _ in range(3)][:2] == [None, None]
    assert meter.used("p4", "k", day) == 2 and meter.used("p5", "k", day) == 0
    assert meter.count("k", pro) is None
    assert meter.used("p5", "k", day) == 1


def meter_day() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%d")


class FakeApiGateway:
    """API keys of one usage plan on stage `v1` of api `a1`, counting reloads."""

    def __init__(self):
        self.values: list[str] = ["k-old"]
        self.loads = 0

    def get_usage_plans(self, **_):
        self.loads += 1
        return {
            "items": [{"id": "p1", "name": "pro", "apiStages": [{"apiId": "a1", "stage": "v1"}]}]
        }

    def get_usage_plan_keys(self, **_):
        return {"items": [{"id": f"id-{v}"} for v in self.values]}

    def get_api_keys(self, **_):
        return {"items": [{"id": f"id-{v}", "value": v, "enabled": True} for v in self.values]}


@pytest.mark.parametrize(("miss_refresh_s", "found"), [(3600.0, False), (0.0, True)])
def test_a_key_made_after_a_load_is_found_once_the_miss_refresh_allows(miss_refresh_s, found):
    # GIVEN a key store that has just loaded the keys
    apigateway = FakeApiGateway()
    keys = KeyStore(apigateway, "a1", "v1", miss_refresh_s=miss_refresh_s)
    assert keys.lookup("k-old").plan.name == "pro"
    # WHEN a key is made and used at once
    apigateway.values.append("k-new")
    key = keys.lookup("k-new")
    # THEN a miss reloads only when the last load is older than miss_refresh_s
    assert (key is not None) is found
    assert apigateway.loads == (2 if found else 1)
    # AND a known key never reloads before the TTL, however short the miss refresh
    keys.lookup("k-old")
    assert apigateway.loads == (2 if found else 1)
