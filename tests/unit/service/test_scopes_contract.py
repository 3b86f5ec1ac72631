"""Every operation of the OpenAPI document has a row in the one scope table,
and the document's security agrees with it: a new route without a scope, or
a scoped route the authorizer does not guard, fails the build."""

import pytest

from graphgate_service import openapi, plans, scopes
from graphgate_service.problems import Forbidden, Unauthorized

# x-amazon-apigateway-any-method operations only answer 405 for methods a
# resource lacks; they reach no data, so they need no scope of their own.
OPERATION_KEYS = ("get", "put", "post", "delete", "patch", "head")


def operations():
    for path, item in openapi.spec()["paths"].items():
        for method, operation in item.items():
            if method in OPERATION_KEYS:
                yield path, method, operation


@pytest.mark.parametrize(
    "path, method, operation", list(operations()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_operation_has_a_scope_row_matching_its_security(path, method, operation):
    spec = openapi.spec()
    assert operation["operationId"] in scopes.REQUIRED, f"{method} {path}: add it to scopes.py"
    scope = scopes.REQUIRED[operation["operationId"]]
    requirements = operation.get("security", spec["security"])
    behind_authorizer = all("bearer" in r for r in requirements)
    if scope is None:
        assert not any("bearer" in r for r in requirements), f"{method} {path}"
    else:
        assert scope in plans.SCOPES, scope
        assert behind_authorizer, f"{method} {path} needs the bearer authorizer for {scope}"
        assert {"401", "403"} <= set(operation["responses"]), f"{method} {path}"


def test_only_health_and_token_issuance_take_the_api_key_alone():
    key_only = {op for op, scope in scopes.REQUIRED.items() if scope is None} - scopes.PUBLIC
    assert key_only == {"getHealth", "createToken"}


def test_only_the_console_pages_take_no_credential_at_all():
    spec = openapi.spec()
    open_operations = {
        operation["operationId"]
        for _, _, operation in operations()
        if operation.get("security", spec["security"]) == []
    }
    assert open_operations == scopes.PUBLIC == {"getConsole", "getConsoleAsset", "getDocs"}


def test_the_scopes_the_issue_names_exist():
    assert {"graphs:read", "graphs:write", "sessions:run", "tokens:manage"} <= set(plans.SCOPES)


def event(resource, method, scope=None):
    authorizer = {"tenant_id": "t_1", "scope": scope} if scope is not None else None
    return {
        "resource": resource,
        "httpMethod": method,
        "requestContext": {"authorizer": authorizer, "identity": {"apiKeyId": "k"}},
    }


def test_a_token_lacking_the_scope_is_403_insufficient_scope():
    with pytest.raises(Forbidden) as caught:
        scopes.require(event("/v1/usage", "GET", "graphs:read"))
    assert caught.value.code == "INSUFFICIENT_SCOPE"
    assert caught.value.headers["WWW-Authenticate"].startswith('Bearer error="insufficient_scope"')
    scopes.require(event("/v1/usage", "GET", "graphs:read usage:read"))


def test_a_scoped_route_without_authorizer_context_is_401_not_open():
    with pytest.raises(Unauthorized) as caught:
        scopes.require(event("/v1/usage", "GET"))
    assert caught.value.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_key_only_routes_and_preflights_need_no_token():
    scopes.require(event("/v1/health", "GET"))
    scopes.require(event("/v1/usage", "OPTIONS"))
