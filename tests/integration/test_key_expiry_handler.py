"""The scheduled key-expiry function in-process against moto, driven by its
events/ fixture: rotated-out keys past their grace leave API Gateway, keys
still in their grace stay."""

import importlib
import sys
import time
from types import SimpleNamespace

import pytest

from graphgate_service import tenants
from tests.support import REPO_ROOT, load_event


@pytest.fixture
def keyexpiry(aws):
    sys.path.insert(0, str(REPO_ROOT / "functions" / "keyexpiry"))
    try:
        yield importlib.import_module("keyexpiry")
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / "keyexpiry"))


def rotated(aws, name: str, grace_s: int) -> tuple[str, str]:
    """A tenant whose first key was rotated out with `grace_s`: (old key id, new key id)."""
    clients, ids = aws["clients"], aws["ids"]
    common = {"apigateway": clients["apigateway"], "store": tenants.store()}
    tenant = tenants.create_tenant(
        name, "pro", **common, usage_plan_id=ids["ProUsagePlan"], stage="test"
    )
    new = tenants.rotate_key(
        tenant.api_key_id,
        grace_s=grace_s,
        **common,
        usage_plan_ids={"pro": ids["ProUsagePlan"], "free": ids["FreeUsagePlan"]},
        stage="test",
    )
    return tenant.api_key_id, new.api_key_id


def enabled(aws, key_id: str) -> bool:
    return aws["clients"]["apigateway"].get_api_key(apiKey=key_id)["enabled"]


def test_keys_past_their_grace_are_disabled_and_only_those(aws, keyexpiry):
    expired_old, expired_new = rotated(aws, "past", grace_s=0)
    graced_old, _ = rotated(aws, "within", grace_s=3600)
    time.sleep(1.1)  # not_after is in whole seconds
    context = SimpleNamespace(aws_request_id="c0ffee00-0000-4000-8000-000000000001")

    result = keyexpiry.lambda_handler(load_event("scheduled-key-expiry"), context)

    assert result == {"disabled": [expired_old]}
    assert not enabled(aws, expired_old)
    assert enabled(aws, expired_new) and enabled(aws, graced_old)
    # Done once: the next scheduled run finds nothing due.
    assert keyexpiry.lambda_handler(load_event("scheduled-key-expiry"), context) == {"disabled": []}
