"""The runner's REQUEST authorizer emulation: identity sources, the result
cache (which bounds how long a revoked token keeps working) and policies."""

import pytest
import yaml

from localrunner.authorizers import Refused, RequestAuthorizer, build
from localrunner.gateway import Request
from tests.support import REPO_ROOT

ARN = "arn:aws:execute-api:us-east-1:123456789012:api1/test/*"


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


class Function:
    logical_id = "AuthorizerFunction"

    def __init__(self, answer):
        self.answer, self.calls = answer, 0

    def invoke(self, event):
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def allow(resource=ARN, effect="Allow"):
    return {
        "principalId": "t_1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
        },
        "context": {"tenant_id": "t_1", "scope": "graphs:read", "n": 3, "ok": True},
    }


def authorizer(answer, ttl=30, clock=None):
    return RequestAuthorizer(
        "bearer",
        Function(answer),
        ("Authorization", "x-api-key"),
        ttl,
        "api1",
        "test",
        clock=clock or Clock(),
    )


def run(auth, headers=(("Authorization", "Bearer t"), ("x-api-key", "k")), method="GET"):
    fields = Request(method, "/v1/usage", list(headers), b"").proxy_headers()
    return auth.authorize(method, "/v1/usage", "/v1/usage", "", {}, fields, {})


def test_a_missing_identity_source_is_401_without_invoking_the_function():
    auth = authorizer(allow())
    with pytest.raises(Refused) as caught:
        run(auth, headers=[("Authorization", "Bearer t")])
    assert caught.value.response_type == "UNAUTHORIZED"
    assert auth.function.calls == 0


def test_the_function_sees_one_value_per_header_whatever_the_case_of_its_names():
    # Keyed by spelling, the function read X-Api-Key's "b" and the cache (and the
    # gateway's key check) the last x-api-key's "a": two keys for one request.
    auth = authorizer(allow())
    seen = []
    auth.function.invoke = lambda event: seen.append(event) or allow()
    headers = [("Authorization", "Bearer t"), ("x-api-key", "a"), ("X-Api-Key", "b")]
    run(auth, headers=[*headers, ("x-api-key", "a")])
    assert seen[0]["headers"] == {"Authorization": "Bearer t", "x-api-key": "a"}
    assert seen[0]["multiValueHeaders"]["x-api-key"] == ["a", "b", "a"]


def test_context_reaches_the_integration_as_strings():
    assert run(authorizer(allow())) == {
        "tenant_id": "t_1",
        "scope": "graphs:read",
        "n": "3",
        "ok": "true",
        "principalId": "t_1",
    }


def test_results_are_cached_per_identity_for_the_ttl_and_no_longer():
    clock = Clock()
    auth = authorizer(allow(), ttl=30, clock=clock)
    run(auth)
    run(auth)
    assert auth.function.calls == 1
    run(auth, headers=[("Authorization", "Bearer t"), ("x-api-key", "other")])
    assert auth.function.calls == 2  # the key is part of the cache key
    clock.now = 30.5
    run(auth)
    assert auth.function.calls == 3


@pytest.mark.parametrize(
    "answer, response_type",
    [
        (Exception("Unauthorized"), "UNAUTHORIZED"),
        (RuntimeError("boom"), "AUTHORIZER_FAILURE"),
        ({"policyDocument": {}}, "AUTHORIZER_FAILURE"),
        (allow(effect="Deny"), "ACCESS_DENIED"),
        (
            allow(resource="arn:aws:execute-api:us-east-1:123456789012:api1/test/POST/*"),
            "ACCESS_DENIED",
        ),
    ],
)
def test_refusals_map_to_the_gateway_response_types(answer, response_type):
    with pytest.raises(Refused) as caught:
        run(authorizer(answer))
    assert caught.value.response_type == response_type


def test_the_document_puts_the_authorizer_on_data_routes_only():
    spec = yaml.safe_load((REPO_ROOT / "api" / "openapi.yaml").read_text("utf-8"))
    routes = build(spec, {"AuthorizerFunction": Function(allow())}, "api1", "test")
    assert ("GET", "/v1/usage") in routes and ("POST", "/v1/tokens/revoke") in routes
    assert ("GET", "/v1/health") not in routes and ("POST", "/v1/tokens") not in routes
    assert not any(method == "OPTIONS" for method, _ in routes)
    auth = routes["GET", "/v1/usage"]
    assert auth.headers == ("Authorization", "x-api-key")
    assert 0 < auth.ttl_s <= 60
