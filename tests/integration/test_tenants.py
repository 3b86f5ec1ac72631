import pytest

from graphgate_service import keys, tenants


def test_a_new_tenant_gets_an_enabled_key_on_its_plan(aws):
    clients, ids = aws["clients"], aws["ids"]
    tenant = tenants.create_tenant(
        "acme",
        "pro",
        apigateway=clients["apigateway"],
        store=tenants.store(),
        usage_plan_id=ids["ProUsagePlan"],
        stage="test",
    )

    key = clients["apigateway"].get_api_key(apiKey=tenant.api_key_id, includeValue=True)
    assert key["enabled"] and key["value"] == tenant.api_key
    members = clients["apigateway"].get_usage_plan_keys(usagePlanId=ids["ProUsagePlan"])
    assert [m["id"] for m in members["items"]] == [tenant.api_key_id]
    profile = clients["dynamodb"].get_item(
        TableName=ids["Table"],
        Key=keys.profile(tenant.tenant_id),
    )["Item"]
    assert profile["plan"]["S"] == "pro"
    mapping = clients["dynamodb"].get_item(
        TableName=ids["Table"],
        Key=keys.api_key(tenant.api_key_id),
    )["Item"]
    assert mapping["tenant_id"]["S"] == tenant.tenant_id
    assert "api_key" not in str(profile) and tenant.api_key not in str(mapping)


def test_two_tenants_never_share_ids_or_keys(aws):
    clients, ids = aws["clients"], aws["ids"]
    made = [
        tenants.create_tenant(
            f"t{i}",
            "free",
            apigateway=clients["apigateway"],
            store=tenants.store(),
            usage_plan_id=ids["FreeUsagePlan"],
            stage="test",
        )
        for i in range(5)
    ]
    assert len({t.tenant_id for t in made}) == 5
    assert len({t.api_key for t in made}) == 5


@pytest.mark.parametrize(
    "name, plan",
    [
        ("", "free"),
        ("x" * 101, "free"),
        ("acme", "gold"),
        ("acme\napi key  gg_forged", "free"),  # a second line of create-tenant's output
        ("acme\x1b[2J", "free"),  # a terminal escape
    ],
)
def test_bad_tenant_requests_are_refused_before_anything_is_created(aws, name, plan):
    clients, ids = aws["clients"], aws["ids"]
    with pytest.raises(ValueError):
        tenants.create_tenant(
            name,
            plan,
            apigateway=clients["apigateway"],
            store=tenants.store(),
            usage_plan_id=ids["FreeUsagePlan"],
            stage="test",
        )
    assert clients["apigateway"].get_api_keys()["items"] == []


def test_a_key_rotated_meanwhile_is_a_clear_refusal_not_a_cancelled_transaction(aws):
    # GIVEN a key another rotation reached first (its key-id item not yet showing it,
    # as a rotation racing this one would leave it when this one reads)
    clients, ids = aws["clients"], aws["ids"]
    common = {"apigateway": clients["apigateway"], "store": tenants.store()}
    tenant = tenants.create_tenant(
        "acme", "free", **common, usage_plan_id=ids["FreeUsagePlan"], stage="t"
    )
    plans = {"free": ids["FreeUsagePlan"], "pro": ids["ProUsagePlan"]}
    rotate = {"grace_s": 60, "usage_plan_ids": plans, "stage": "t", **common}
    tenants.rotate_key(tenant.api_key_id, **rotate)
    clients["dynamodb"].update_item(
        TableName=ids["Table"],
        Key=keys.api_key(tenant.api_key_id),
        UpdateExpression="REMOVE not_after",
    )
    # WHEN it is rotated again, THEN the refusal names the key (graphgate-admin prints it)
    with pytest.raises(ValueError, match="already rotated out"):
        tenants.rotate_key(tenant.api_key_id, **rotate)


def _members(clients, plan_id):
    return {
        m["id"] for m in clients["apigateway"].get_usage_plan_keys(usagePlanId=plan_id)["items"]
    }


def test_set_plan_moves_the_profile_and_every_key_and_running_it_again_changes_nothing(aws):
    # GIVEN a free tenant with two keys (one rotated in), and another free tenant
    clients, ids = aws["clients"], aws["ids"]
    common = {"apigateway": clients["apigateway"], "store": tenants.store()}
    plans = {"free": ids["FreeUsagePlan"], "pro": ids["ProUsagePlan"]}
    tenant = tenants.create_tenant("acme", "free", **common, usage_plan_id=plans["free"], stage="t")
    other = tenants.create_tenant("other", "free", **common, usage_plan_id=plans["free"], stage="t")
    rotated = tenants.rotate_key(
        tenant.api_key_id, grace_s=60, usage_plan_ids=plans, stage="t", **common
    )
    # WHEN it is upgraded (twice: a re-run finishes a half-done move)
    for _ in range(2):
        moved = tenants.set_plan(tenant.tenant_id, "pro", usage_plan_ids=plans, **common)
        # THEN its profile and both its keys are on pro; the other tenant is untouched
        assert sorted(moved) == sorted([tenant.api_key_id, rotated.api_key_id])
        assert tenants.store().profile(tenant.tenant_id)["plan"] == "pro"
        assert _members(clients, plans["pro"]) == set(moved)
        assert _members(clients, plans["free"]) == {other.api_key_id}
    # AND a downgrade moves them back
    tenants.set_plan(tenant.tenant_id, "free", usage_plan_ids=plans, **common)
    assert tenants.store().profile(tenant.tenant_id)["plan"] == "free"
    assert _members(clients, plans["pro"]) == set()


@pytest.mark.parametrize("tenant_id, plan", [("t_0000000000000000", "pro"), (None, "gold")])
def test_set_plan_refuses_an_unknown_tenant_or_plan_and_changes_nothing(aws, tenant_id, plan):
    clients, ids = aws["clients"], aws["ids"]
    common = {"apigateway": clients["apigateway"], "store": tenants.store()}
    plans = {"free": ids["FreeUsagePlan"], "pro": ids["ProUsagePlan"]}
    tenant = tenants.create_tenant("acme", "free", **common, usage_plan_id=plans["free"], stage="t")
    with pytest.raises(ValueError):
        tenants.set_plan(tenant_id or tenant.tenant_id, plan, usage_plan_ids=plans, **common)
    assert tenants.store().profile(tenant.tenant_id)["plan"] == "free"
    assert _members(clients, plans["free"]) == {tenant.api_key_id}


def test_list_keys_refuses_an_unknown_tenant_where_it_listed_none(aws):
    clients = aws["clients"]
    common = {"apigateway": clients["apigateway"], "store": tenants.store()}
    tenant = tenants.create_tenant(
        "acme", "free", **common, usage_plan_id=aws["ids"]["FreeUsagePlan"], stage="t"
    )
    assert [k.api_key_id for k in tenants.list_keys(tenant.tenant_id, **common)] == [
        tenant.api_key_id
    ]
    with pytest.raises(ValueError, match="no tenant t_0000000000000000"):
        tenants.list_keys("t_0000000000000000", **common)
