"""Tokens, the authorizer, scopes and keys over HTTP against the local runner."""

import base64
import json
import time

import boto3
import jwt
import pytest

from graphgate_service import openapi, plans, scopes
from tests.support import clear_of_utc_midnight, load_event, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

JSON = {"Content-Type": "application/json"}


def get_tokens(url, key, expect=200, **body):
    reply = request(
        "POST", f"{url}/v1/tokens", {"x-api-key": key, **JSON}, json.dumps(body).encode()
    )
    assert reply.status == expect, reply.body
    return reply.json()


def call(method, url, key=None, token=None, body=None, headers=None):
    sent = dict(headers or {})
    if key:
        sent["x-api-key"] = key
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if body is not None:
        sent.setdefault("Content-Type", JSON["Content-Type"])
    return request(method, url, sent, json.dumps(body).encode() if body is not None else None)


def assert_invalid_token(reply):
    assert reply.status == 401, reply.body
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert reply.json()["code"] == "INVALID_TOKEN"
    assert reply.json()["request_id"] == reply.headers["x-request-id"]


@pytest.fixture
def tenant(runner):
    return runner.create_tenant("auth", plan="pro")


@pytest.fixture(scope="module")
def signing_key(runner):
    """The runner's real signing key, to forge tokens only an insider could."""
    client = boto3.client(
        "secretsmanager",
        endpoint_url=runner.state["aws_endpoint"],
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    keyset = json.loads(
        client.get_secret_value(SecretId="graphgate-local-TokenSigningSecret")["SecretString"]
    )
    return keyset["current"], keyset[keyset["current"]].encode()


# ------------------------------------------------------------------ the happy path


def test_an_api_key_gets_a_short_lived_token_that_opens_data_routes(runner, tenant):
    pair = get_tokens(runner.url, tenant["api_key"])
    assert pair["token_type"] == "Bearer" and pair["expires_in"] == 900
    claims = jwt.decode(pair["access_token"], options={"verify_signature": False})
    assert claims["sub"] == tenant["tenant_id"]
    assert claims["exp"] - claims["iat"] <= 900
    assert {"iss", "aud", "nbf", "jti", "scope"} <= set(claims)
    assert jwt.get_unverified_header(pair["access_token"])["kid"]
    reply = call("GET", f"{runner.url}/v1/usage", tenant["api_key"], pair["access_token"])
    assert reply.status == 200, reply.body
    assert reply.json()["plan"] == "pro"


def test_narrower_scope_and_shorter_life_are_granted_wider_never(runner, tenant):
    narrow = get_tokens(runner.url, tenant["api_key"], scope="graphs:read", expires_in=120)
    claims = jwt.decode(narrow["access_token"], options={"verify_signature": False})
    assert claims["scope"] == "graphs:read" and claims["exp"] - claims["iat"] == 120
    wider = get_tokens(runner.url, tenant["api_key"], expect=400, scope="graphs:read admin:all")
    assert wider["code"] == "INVALID_SCOPE"
    longer = get_tokens(runner.url, tenant["api_key"], expect=400, expires_in=3600)
    assert longer["code"] == "VALIDATION_FAILED"


# ---------------------------------------------------------------------- attacks


def forged(signing_key, tenant_id, header=None, **claims):
    kid, key = signing_key
    now = int(time.time())
    body = {
        "iss": "urn:graphgate:local:tokens",
        "aud": "urn:graphgate:local:api",
        "sub": tenant_id,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": f"forged-{time.monotonic_ns()}",
        "scope": "usage:read",
    }
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(
        body, key, algorithm="HS256", headers={"kid": kid, "typ": "at+jwt", **(header or {})}
    )


def test_a_correctly_forged_control_token_is_accepted(runner, tenant, signing_key):
    # Guards the attack tests below: they fail for the attack, not the forgery.
    token = forged(signing_key, tenant["tenant_id"])
    assert call("GET", f"{runner.url}/v1/usage", tenant["api_key"], token).status == 200


def reheader(token, keep_signature=True, **header):
    """`token` with its header replaced: what an attacker can do without the key."""
    _, claims, signature = token.split(".")
    fields = {**jwt.get_unverified_header(token), **header}
    encoded = base64.urlsafe_b64encode(json.dumps(fields).encode()).rstrip(b"=").decode()
    return f"{encoded}.{claims}.{signature if keep_signature else ''}"


ATTACKS = {
    "alg none": lambda sk, t: reheader(forged(sk, t), keep_signature=False, alg="none"),
    "HS/RS confusion (RS256 header)": lambda sk, t: reheader(forged(sk, t), alg="RS256"),
    "wrong signature": lambda sk, t: forged((sk[0], b"k" * 64), t),
    "expired": lambda sk, t: forged(sk, t, iat=int(time.time()) - 900, exp=int(time.time()) - 30),
    "not yet valid": lambda sk, t: forged(sk, t, nbf=int(time.time()) + 120),
    "wrong audience": lambda sk, t: forged(sk, t, aud="urn:graphgate:prod:api"),
    "wrong issuer": lambda sk, t: forged(sk, t, iss="urn:someone-else"),
    "missing exp": lambda sk, t: forged(sk, t, exp=None),
    "missing iat": lambda sk, t: forged(sk, t, iat=None),
    "missing sub": lambda sk, t: forged(sk, t, sub=None),
    "missing aud": lambda sk, t: forged(sk, t, aud=None),
    "missing iss": lambda sk, t: forged(sk, t, iss=None),
    "unknown kid": lambda sk, t: forged(sk, t, header={"kid": "nope"}),
    # Signed with the real key, but the claims are not what we sign (were a 503).
    "exp a numeric string": lambda sk, t: forged(sk, t, exp=str(int(time.time()) + 300)),
    "iat a bool": lambda sk, t: forged(sk, t, iat=True),
    "nbf a list": lambda sk, t: forged(sk, t, nbf=[int(time.time())]),
    "sub an object": lambda sk, t: forged(sk, t, sub={"tenant": t}),
    "not a bearer scheme": lambda sk, t: None,
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_every_jwt_attack_is_401(runner, tenant, signing_key, attack):
    token = ATTACKS[attack](signing_key, tenant["tenant_id"])
    headers = {"x-api-key": tenant["api_key"]}
    headers["Authorization"] = f"Bearer {token}" if token else "Basic dXNlcjpwYXNz"
    reply = request("GET", f"{runner.url}/v1/usage", headers)
    assert_invalid_token(reply)


def test_the_header_attacks_really_carry_their_algorithm(signing_key):
    for attack, alg in (("HS/RS confusion (RS256 header)", "RS256"), ("alg none", "none")):
        assert jwt.get_unverified_header(ATTACKS[attack](signing_key, "t"))["alg"] == alg


def test_no_token_is_401_even_with_a_good_key(runner, tenant):
    assert_invalid_token(call("GET", f"{runner.url}/v1/usage", tenant["api_key"]))


def test_a_token_with_another_tenants_api_key_is_401(runner, tenant):
    other = runner.create_tenant("other", plan="pro")
    token = get_tokens(runner.url, tenant["api_key"])["access_token"]
    assert_invalid_token(call("GET", f"{runner.url}/v1/usage", other["api_key"], token))


def test_a_revoked_token_is_401(runner, tenant):
    victim = get_tokens(runner.url, tenant["api_key"])["access_token"]
    manager = get_tokens(runner.url, tenant["api_key"], scope="tokens:manage")["access_token"]
    reply = call(
        "POST", f"{runner.url}/v1/tokens/revoke", tenant["api_key"], manager, {"token": victim}
    )
    assert reply.status == 200, reply.body
    assert_invalid_token(call("GET", f"{runner.url}/v1/usage", tenant["api_key"], victim))


def test_revoking_another_tenants_token_does_nothing_and_says_nothing(runner, tenant):
    other = runner.create_tenant("other", plan="pro")
    theirs = get_tokens(runner.url, other["api_key"])["access_token"]
    mine = get_tokens(runner.url, tenant["api_key"], scope="tokens:manage")["access_token"]
    reply = call(
        "POST", f"{runner.url}/v1/tokens/revoke", tenant["api_key"], mine, {"token": theirs}
    )
    assert reply.status == 200
    assert call("GET", f"{runner.url}/v1/usage", other["api_key"], theirs).status == 200


# ------------------------------------------------------------------------ scopes


def scoped_operations():
    for path, item in openapi.spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and scopes.REQUIRED.get(operation.get("operationId")):
                yield method.upper(), path, scopes.REQUIRED[operation["operationId"]]


@pytest.mark.parametrize("method, path, scope", sorted(scoped_operations()))
def test_every_scoped_route_refuses_a_token_without_its_scope(runner, tenant, method, path, scope):
    # Walks the OpenAPI document: a new route is covered the moment it exists.
    concrete = path.replace("{", "x").replace("}", "")
    others = " ".join(s for s in plans.SCOPES if s != scope)
    token = get_tokens(runner.url, tenant["api_key"], scope=others)["access_token"]
    body = {} if method in ("POST", "PUT", "PATCH") else None
    reply = call(method, f"{runner.url}{concrete}", tenant["api_key"], token, body)
    assert reply.status == 403, (method, path, reply.body)
    assert reply.json()["code"] == "INSUFFICIENT_SCOPE"
    assert reply.headers["www-authenticate"].startswith('Bearer error="insufficient_scope"')
    assert_invalid_token(call(method, f"{runner.url}{concrete}", tenant["api_key"], None, body))


# ---------------------------------------------------------------- refresh tokens


def test_refresh_rotates_and_reuse_revokes_the_whole_login(runner, tenant):
    key = tenant["api_key"]
    first = get_tokens(runner.url, key)
    second = get_tokens(
        runner.url, key, grant_type="refresh_token", refresh_token=first["refresh_token"]
    )
    assert second["refresh_token"] != first["refresh_token"]
    assert call("GET", f"{runner.url}/v1/usage", key, second["access_token"]).status == 200

    reused = get_tokens(
        runner.url,
        key,
        expect=400,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )
    assert reused["code"] == "REFRESH_TOKEN_REUSED"
    # The whole family is gone: the newest refresh token and its unused access token.
    third = get_tokens(
        runner.url,
        key,
        expect=400,
        grant_type="refresh_token",
        refresh_token=second["refresh_token"],
    )
    assert third["code"] == "INVALID_GRANT"
    fresh_in_family = first["access_token"]  # never presented before, so never cached
    assert_invalid_token(call("GET", f"{runner.url}/v1/usage", key, fresh_in_family))


def test_a_refresh_may_narrow_but_never_widen(runner, tenant):
    key = tenant["api_key"]
    pair = get_tokens(runner.url, key, scope="graphs:read usage:read")
    wider = get_tokens(
        runner.url,
        key,
        expect=400,
        grant_type="refresh_token",
        refresh_token=pair["refresh_token"],
        scope="graphs:write",
    )
    assert wider["code"] == "INVALID_SCOPE"
    narrower = get_tokens(
        runner.url,
        key,
        grant_type="refresh_token",
        refresh_token=pair["refresh_token"],
        scope="usage:read",
    )
    assert narrower["scope"] == "usage:read"


def test_a_refresh_token_of_another_tenant_is_unknown(runner, tenant):
    other = runner.create_tenant("other", plan="pro")
    theirs = get_tokens(runner.url, other["api_key"])["refresh_token"]
    reply = get_tokens(
        runner.url, tenant["api_key"], expect=400, grant_type="refresh_token", refresh_token=theirs
    )
    assert reply["code"] == "INVALID_GRANT"


# -------------------------------------------------------------------- keys


def test_the_admin_command_creates_a_tenant_whose_key_works_at_once(runner):
    # The fixtures make tenants in process; this is the command an operator runs.
    created = runner.admin("create-tenant", "--name", "operator-made", "--plan", "free")
    assert created["plan"] == "free" and created["name"] == "operator-made"
    assert created["tenant_id"] != runner.create_tenant("operator-made")["tenant_id"]
    assert call("GET", f"{runner.url}/v1/usage", created["api_key"]).status == 401  # no token
    token = get_tokens(runner.url, created["api_key"])["access_token"]
    assert call("GET", f"{runner.url}/v1/usage", created["api_key"], token).status == 200


def test_a_rotated_key_works_alongside_the_new_one_until_its_grace_ends(runner, tenant):
    old = tenant["api_key"]
    early_token = get_tokens(runner.url, old)["access_token"]  # issued in grace, used after
    rotated = runner.admin("rotate-key", "--key-id", tenant["api_key_id"], "--grace-seconds", "5")
    new = rotated["api_key"]
    assert new != old

    # During the grace period both keys work (checked first: starting another admin
    # process takes seconds on a busy machine, and would eat into the grace).
    for key in (old, new):
        token = get_tokens(runner.url, key)["access_token"]
        assert call("GET", f"{runner.url}/v1/usage", key, token).status == 200
    listed = runner.admin("list-keys", "--tenant", tenant["tenant_id"])["keys"]
    assert {k["api_key_id"] for k in listed} == {tenant["api_key_id"], rotated["api_key_id"]}

    time.sleep(max(0.0, rotated["old_key_not_after"] - time.time()) + 0.5)
    assert get_tokens(runner.url, old, expect=403)["code"] == "INVALID_API_KEY"
    assert_invalid_token(call("GET", f"{runner.url}/v1/usage", old, early_token))
    token = get_tokens(runner.url, new)["access_token"]
    assert call("GET", f"{runner.url}/v1/usage", new, token).status == 200

    # The scheduled disable takes the old key out of API Gateway too.
    assert tenant["api_key_id"] in runner.admin("expire-keys")["disabled"]
    time.sleep(2.2)  # the gateway's key cache
    assert call("GET", f"{runner.url}/v1/health", old).status == 403
    assert call("GET", f"{runner.url}/v1/health", new).status == 200


def test_a_disabled_key_is_refused_at_once(runner, tenant):
    token = get_tokens(runner.url, tenant["api_key"])["access_token"]
    runner.admin("disable-key", "--key-id", tenant["api_key_id"])
    assert_invalid_token(call("GET", f"{runner.url}/v1/usage", tenant["api_key"], token))


# ------------------------------------------------------------------ plans


def test_the_token_route_is_throttled_harder_than_the_rest(runner):
    key = runner.create_tenant("eager", plan="free")["api_key"]  # token burst 3 at 1/s
    statuses = [
        request("POST", f"{runner.url}/v1/tokens", {"x-api-key": key, **JSON}, b"{}").status
        for _ in range(4)
    ]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429, statuses
    # The key's own budget (burst 4) is not what ran out.
    assert request("GET", f"{runner.url}/v1/health", {"x-api-key": key}).status == 200


def test_usage_reports_the_plan_quota_and_todays_use(runner, tenant):
    key = tenant["api_key"]
    clear_of_utc_midnight(30)
    token = get_tokens(runner.url, key, scope="usage:read")["access_token"]
    first = call("GET", f"{runner.url}/v1/usage", key, token).json()
    second = call("GET", f"{runner.url}/v1/usage", key, token).json()
    assert first["plan"] == "pro" and first["quota"]["limit"] == 1_000_000
    assert first["quota"]["used"] >= 2  # the token request and this one
    assert second["quota"]["used"] == first["quota"]["used"] + 1
    assert second["quota"]["remaining"] == 1_000_000 - second["quota"]["used"]
    assert second["caps"]["graphs"] == plans.PLANS["pro"].graphs


# ------------------------------------------------------------------ tenancy


@pytest.mark.skipif("/v1/graphs" not in openapi.spec()["paths"], reason="no graphs API yet")
def test_another_tenants_graph_is_404_for_read_update_and_delete(runner, tenant):
    owner = tenant
    intruder = runner.create_tenant("intruder", plan="pro")
    mine = get_tokens(runner.url, owner["api_key"])["access_token"]
    theirs = get_tokens(runner.url, intruder["api_key"])["access_token"]
    body = json.loads(load_event("post-graphs")["body"])
    created = call("POST", f"{runner.url}/v1/graphs", owner["api_key"], mine, body)
    assert created.status == 201, created.body
    url = f"{runner.url}/v1/graphs/{created.json()['id']}"
    etag = {"If-Match": created.headers["etag"]}
    attempts = [
        call("GET", url, intruder["api_key"], theirs),
        call("PUT", url, intruder["api_key"], theirs, body, etag),
        call(
            "PATCH",
            url,
            intruder["api_key"],
            theirs,
            {"description": "mine now"},
            {**etag, "Content-Type": "application/merge-patch+json"},
        ),
        call("DELETE", url, intruder["api_key"], theirs, None, etag),
    ]
    assert [r.status for r in attempts] == [404] * 4, [r.body for r in attempts]
    assert call("GET", url, owner["api_key"], mine).status == 200


@pytest.mark.parametrize(
    "body", [{"grant_type": "refresh_token"}, {"refresh_token": "ggr_" + "x" * 43}]
)
def test_refresh_token_and_its_grant_type_come_together(runner, tenant, body):
    reply = get_tokens(runner.url, tenant["api_key"], expect=400, **body)
    assert reply["code"] == "VALIDATION_FAILED"


# ------------------------------------------------------------ which answer for which key


def assert_invalid_api_key(reply):
    assert reply.status == 403, reply.body
    assert reply.json()["code"] == "INVALID_API_KEY"
    assert "www-authenticate" not in reply.headers


def test_a_bad_api_key_is_403_on_key_routes_and_401_behind_the_authorizer(runner, tenant):
    """docs/auth.md, "Which answer for which key", pinned. API Gateway runs the bearer
    authorizer (identity sources Authorization and x-api-key) before its own key check."""
    # GIVEN a good token, an unknown key and a key that was disabled
    token = get_tokens(runner.url, tenant["api_key"])["access_token"]
    unknown = "gg_" + "0" * 48
    disabled = runner.create_tenant("disabled", plan="pro")
    disabled_token = get_tokens(runner.url, disabled["api_key"])["access_token"]
    runner.admin("disable-key", "--key-id", disabled["api_key_id"])
    time.sleep(2.2)  # the gateway's key cache (API Gateway's own lags too)
    # THEN routes that take only a key (health, tokens) answer 403 INVALID_API_KEY
    for key in (None, unknown, disabled["api_key"]):
        assert_invalid_api_key(call("GET", f"{runner.url}/v1/health", key))
        assert_invalid_api_key(call("POST", f"{runner.url}/v1/tokens", key, body={}))
    # AND routes behind the authorizer answer 401 INVALID_TOKEN: a missing key is a
    # missing identity source, an unknown or disabled one is refused by the authorizer
    for key, bearer in ((None, token), (unknown, token), (disabled["api_key"], disabled_token)):
        assert_invalid_token(call("GET", f"{runner.url}/v1/usage", key, bearer))


def test_a_key_disabled_while_the_authorizer_answer_is_cached_is_403(runner):
    # GIVEN a key and token that just passed the authorizer (its answer is cached 30 s)
    tenant = runner.create_tenant("cached", plan="pro")
    token = get_tokens(runner.url, tenant["api_key"])["access_token"]
    assert call("GET", f"{runner.url}/v1/usage", tenant["api_key"], token).status == 200
    # WHEN the key is disabled THEN the gateway's own key check refuses it
    runner.admin("disable-key", "--key-id", tenant["api_key_id"])
    time.sleep(2.2)  # the gateway's key cache; the authorizer's (30 s) still holds
    assert_invalid_api_key(call("GET", f"{runner.url}/v1/usage", tenant["api_key"], token))
