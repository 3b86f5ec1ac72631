"""The token and authorizer handlers in-process against moto, driven by the
events/ fixtures (the same files `sam local invoke -e` takes)."""

import json

import pytest

from graphgate_service import secrets, tenants
from tests.support import load_event


@pytest.fixture
def env(aws, monkeypatch):
    monkeypatch.setenv("SIGNING_SECRET_ARN", aws["ids"]["TokenSigningSecret"])
    secrets.forget()
    clients, ids = aws["clients"], aws["ids"]

    def tenant(name="acme"):
        return tenants.create_tenant(
            name,
            "free",
            apigateway=clients["apigateway"],
            store=tenants.store(),
            usage_plan_id=ids["FreeUsagePlan"],
            stage="test",
        )

    yield tenant
    secrets.forget()


def issue(new_tenant):
    import tokens as handler  # functions/tokens, on sys.path via the runner's loader

    event = load_event("post-tokens")
    event["requestContext"]["identity"]["apiKeyId"] = new_tenant.api_key_id
    response = handler.lambda_handler(event, None)
    return response, json.loads(response["body"])


def authorize(token, api_key):
    import authorizer

    event = load_event("authorize-get-usage")
    event["headers"].update(Authorization=f"Bearer {token}", **{"x-api-key": api_key})
    return authorizer.lambda_handler(event, None)


@pytest.fixture(autouse=True)
def function_paths(monkeypatch):
    from tests.support import REPO_ROOT

    for family in ("tokens", "authorizer"):
        monkeypatch.syspath_prepend(str(REPO_ROOT / "functions" / family))


def test_the_token_handler_issues_what_the_event_asks_for(env):
    acme = env()
    response, body = issue(acme)
    assert response["statusCode"] == 200, body
    assert body["scope"] == "graphs:read usage:read" and body["expires_in"] == 300
    assert body["refresh_token"].startswith("ggr_")
    assert body["refresh_token"] not in json.dumps(scan_table(env))  # stored as a hash only


def scan_table(env):
    from graphgate_service import aws, settings

    return aws.client("dynamodb").scan(TableName=settings.get().table_name)["Items"]


def test_the_authorizer_allows_the_owner_with_its_context_and_nobody_else(env):
    acme, other = env("acme"), env("other")
    _, body = issue(acme)
    policy = authorize(body["access_token"], acme.api_key)
    assert policy["principalId"] == acme.tenant_id
    assert policy["context"]["tenant_id"] == acme.tenant_id
    assert policy["context"]["scope"] == "graphs:read usage:read"
    assert policy["context"]["plan"] == "free"
    (statement,) = policy["policyDocument"]["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Resource"] == "arn:aws:execute-api:us-east-1:123456789012:abc123/staging/*"

    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorize(body["access_token"], other.api_key)


def test_a_rotated_out_key_gets_no_tokens(env, aws):
    acme = env()
    clients, ids = aws["clients"], aws["ids"]
    tenants.rotate_key(
        acme.api_key_id,
        grace_s=0,
        apigateway=clients["apigateway"],
        store=tenants.store(),
        usage_plan_ids={"free": ids["FreeUsagePlan"], "pro": ids["ProUsagePlan"]},
        stage="test",
    )
    response, body = issue(acme)
    assert response["statusCode"] == 403 and body["code"] == "INVALID_API_KEY"


def _resign(token, **overrides):
    """The token's claims with `overrides`, signed with the stage's current key."""
    import base64
    import hashlib
    import hmac

    from graphgate_service import signing

    def part(document):
        raw = json.dumps(document, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    head, body, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    keys = signing.keyset.get()
    signing_input = f"{head}.{part({**claims, **overrides})}"
    mac = hmac.new(keys.keys[keys.current], signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


@pytest.mark.parametrize(
    "overrides",
    [
        {"exp": "9999999999"},
        {"iat": "0"},
        {"nbf": True},
        {"exp": [9999999999]},
        {"sub": {"tenant": "t"}},
        {"jti": 7},
        {"fam": ["f"]},
    ],
    ids=repr,
)
def test_a_signed_token_with_a_malformed_claim_is_unauthorized_not_a_failure(env, overrides):
    # GIVEN a real token, re-signed with the stage's key after one claim was mistyped
    acme = env()
    _, body = issue(acme)
    assert authorize(_resign(body["access_token"]), acme.api_key)["principalId"] == acme.tenant_id
    # WHEN the authorizer sees it THEN it answers Unauthorized (401), not an error (5xx)
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorize(_resign(body["access_token"], **overrides), acme.api_key)


def _refresh(new_tenant, refresh_token):
    import tokens as handler

    event = load_event("post-tokens")
    event["requestContext"]["identity"]["apiKeyId"] = new_tenant.api_key_id
    event["body"] = json.dumps({"grant_type": "refresh_token", "refresh_token": refresh_token})
    response = handler.lambda_handler(event, None)
    return response, json.loads(response["body"])


def _conflicting(monkeypatch, times, reason="TransactionConflict"):
    """The table's client, its next `times` transactions cancelled for `reason` on their
    first item (TransactionConflict: another one holding an item; ThrottlingError: the
    table over its capacity; transient both, nothing is wrong with the login)."""
    from botocore.exceptions import ClientError

    from graphgate_service import aws, storage

    client = aws.client("dynamodb")
    real, left = client.transact_write_items, [times]

    def transact_write_items(**request):
        if left[0] > 0:
            left[0] -= 1
            reasons = [{"Code": reason}] + [{"Code": "None"}] * (len(request["TransactItems"]) - 1)
            error = {"Code": "TransactionCanceledException", "Message": "conflict"}
            raise ClientError(
                {"Error": error, "CancellationReasons": reasons}, "TransactWriteItems"
            )
        return real(**request)

    monkeypatch.setattr(client, "transact_write_items", transact_write_items)
    monkeypatch.setattr(storage.time, "sleep", lambda _s: None)
    return left


def test_a_refresh_that_meets_a_concurrent_write_is_retried_not_called_revoked(env, monkeypatch):
    # GIVEN a login, and a table where the refresh's transaction first collides
    acme = env()
    _, first = issue(acme)
    _conflicting(monkeypatch, times=1)
    # WHEN the client refreshes
    response, body = _refresh(acme, first["refresh_token"])
    # THEN it gets new tokens, and the old refresh token is spent (not the login revoked)
    assert response["statusCode"] == 200, body
    assert body["refresh_token"] != first["refresh_token"]
    again, reused = _refresh(acme, first["refresh_token"])
    assert again["statusCode"] == 400 and reused["code"] == "REFRESH_TOKEN_REUSED"


def test_a_refresh_that_keeps_colliding_is_a_503_to_retry_not_a_revoked_login(env, monkeypatch):
    acme = env()
    _, first = issue(acme)
    collisions = _conflicting(monkeypatch, times=100)
    response, body = _refresh(acme, first["refresh_token"])
    assert response["statusCode"] == 503, body
    headers = {**response.get("headers", {}), **response.get("multiValueHeaders", {})}
    assert body["code"] == "WRITE_CONFLICT" and "Retry-After" in headers
    # the token was not spent: once the collisions stop, it still refreshes
    collisions[0] = 0
    response, body = _refresh(acme, first["refresh_token"])
    assert response["statusCode"] == 200, body


@pytest.mark.parametrize("reason", ["ThrottlingError", "ProvisionedThroughputExceeded"])
def test_a_refresh_cancelled_by_throttling_is_a_503_to_retry_not_a_revoked_login(
    env, monkeypatch, reason
):
    acme = env()
    _, first = issue(acme)
    _conflicting(monkeypatch, times=1, reason=reason)
    response, body = _refresh(acme, first["refresh_token"])
    assert response["statusCode"] == 503, body
    assert body["code"] == "WRITE_CANCELLED" and "Retry-After" in _headers(response)
    # nothing was written: the same token still refreshes, once
    response, body = _refresh(acme, first["refresh_token"])
    assert response["statusCode"] == 200, body


def _headers(response):
    return {**response.get("headers", {}), **response.get("multiValueHeaders", {})}


def test_a_reused_token_whose_login_is_held_by_a_transaction_is_a_503_then_revoked(
    env, monkeypatch
):
    # GIVEN a login refreshed once, and the family item held by another transaction in
    # flight (a refresh rotating in it): a single-item write to it is refused with
    # TransactionConflictException, which the SDK does not retry
    from botocore.exceptions import ClientError

    from graphgate_service import aws

    acme = env()
    _, first = issue(acme)
    assert _refresh(acme, first["refresh_token"])[0]["statusCode"] == 200
    client = aws.client("dynamodb")
    real, held = client.update_item, [1]

    def update_item(**request):
        if held[0]:
            held[0] -= 1
            error = {"Code": "TransactionConflictException", "Message": "ongoing transaction"}
            raise ClientError({"Error": error}, "UpdateItem")
        return real(**request)

    monkeypatch.setattr(client, "update_item", update_item)
    # WHEN the spent token comes back
    response, body = _refresh(acme, first["refresh_token"])
    # THEN a 503 to retry (transient), not a 500
    assert response["statusCode"] == 503, body
    assert body["code"] == "DEPENDENCY_UNAVAILABLE" and "Retry-After" in _headers(response)
    # and the retry revokes the login
    response, body = _refresh(acme, first["refresh_token"])
    assert response["statusCode"] == 400 and body["code"] == "REFRESH_TOKEN_REUSED"


def test_a_login_ends_360_days_after_its_sign_in_however_often_it_is_refreshed(env, monkeypatch):
    # GIVEN a login refreshed every 29 days (each refresh token lives 30)
    from graphgate_service import tokens

    clock = [1_800_000_000]
    monkeypatch.setattr(tokens.time, "time", lambda: clock[0])
    acme = env()
    _, body = issue(acme)
    day, lived = 86400, []
    for _ in range(13):
        clock[0] += 29 * day
        response, body = _refresh(acme, body["refresh_token"])
        if response["statusCode"] != 200:
            break
        lived.append(body["refresh_expires_in"] // day)
    # THEN each refresh token is promised 30 days until the login's end is nearer,
    # and the chain stops at the end (348 days refreshed, 12 days left, then over)
    assert lived == [30] * 11 + [12], lived
    assert response["statusCode"] == 400 and body["code"] == "INVALID_GRANT", body


def test_a_token_from_before_logins_ended_is_refused_at_its_logins_end_as_ended(env, monkeypatch):
    # GIVEN a refresh token written without `login_ends` (as before logins had an end),
    # so its own expiry does not stop at the login's
    from graphgate_service import aws, keys, settings, tokens

    clock = [1_800_000_000]
    monkeypatch.setattr(tokens.time, "time", lambda: clock[0])
    acme = env()
    _, body = issue(acme)

    def legacy(token):
        aws.client("dynamodb").update_item(
            TableName=settings.get().table_name,
            Key=keys.refresh_token(acme.tenant_id, tokens.refresh_hash(token)),
            UpdateExpression="REMOVE login_ends",
        )

    legacy(body["refresh_token"])
    for _ in range(12):
        clock[0] += 29 * 86400
        response, body = _refresh(acme, body["refresh_token"])
        assert response["statusCode"] == 200, body
        legacy(body["refresh_token"])
    # WHEN it is presented after the login's 360 days, within its own 30
    clock[0] += 13 * 86400
    response, body = _refresh(acme, body["refresh_token"])
    # THEN the login's own end refuses it, and says so (not "revoked")
    assert response["statusCode"] == 400 and body["code"] == "INVALID_GRANT", body
    assert "360 days" in body["detail"] and "revoked" not in body["detail"], body


def _issue_form(new_tenant, form: str):
    import tokens as handler

    event = load_event("post-tokens")
    event["requestContext"]["identity"]["apiKeyId"] = new_tenant.api_key_id
    event["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
    event["body"] = form
    response = handler.lambda_handler(event, None)
    return response, json.loads(response["body"])


def test_a_token_is_issued_for_a_form_as_oauth_2_clients_send_it(env):
    """RFC 6749 §4.4.2: a token endpoint takes application/x-www-form-urlencoded, and
    `client_credentials` is the grant of a client's own credential (here the API key).
    The form was a 415, so no OAuth 2 client library could get a token."""
    acme = env()
    response, body = _issue_form(
        acme, "grant_type=client_credentials&scope=graphs%3Aread+usage%3Aread&expires_in=120"
    )
    assert response["statusCode"] == 200, body
    assert body["scope"] == "graphs:read usage:read" and body["expires_in"] == 120
    assert authorize(body["access_token"], acme.api_key)["principalId"] == acme.tenant_id
    response, again = _issue_form(
        acme, f"grant_type=refresh_token&refresh_token={body['refresh_token']}"
    )
    assert response["statusCode"] == 200, again
    assert again["refresh_token"] != body["refresh_token"]


@pytest.mark.parametrize(
    ("form", "code", "pointer"),
    [
        ("scope=usage%3Aread&scope=graphs%3Aread", "VALIDATION_FAILED", "/scope"),
        ("expires_in=2e2", "VALIDATION_FAILED", "/expires_in"),
        ("client_id=x", "VALIDATION_FAILED", "/"),
        ("grant_type", "INVALID_FORM", None),
        ("scope=%FF", "INVALID_FORM", None),
    ],
)
def test_a_form_that_says_something_twice_or_is_no_form_is_a_problem(env, form, code, pointer):
    response, body = _issue_form(env(), form)
    assert response["statusCode"] == 400, body
    assert response["multiValueHeaders"]["Content-Type"] == ["application/problem+json"]
    assert body["code"] == code
    assert pointer is None or body["errors"][0]["pointer"] == pointer
