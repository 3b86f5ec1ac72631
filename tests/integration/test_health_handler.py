"""The health function, in-process against moto, driven by events/ fixtures."""

import importlib
import json
import sys

import pytest

from tests.support import REPO_ROOT, load_event


@pytest.fixture
def health(aws):
    sys.path.insert(0, str(REPO_ROOT / "functions" / "health"))
    try:
        yield importlib.import_module("health")
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / "health"))


def test_health_reports_ok_when_the_table_answers(health):
    response = health.lambda_handler(load_event("get-health"), None)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {
        "status": "ok",
        "stage": "test",
        "version": "0.1.0",
        "checks": {"table": "ok"},
    }
    assert response["headers"]["X-Request-ID"] == "client-chosen-id-42"


def test_an_unsafe_request_id_is_replaced_by_the_gateway_id(health):
    event = load_event("get-health-unsafe-request-id")
    response = health.lambda_handler(event, None)
    assert response["headers"]["X-Request-ID"] == event["requestContext"]["requestId"]


def test_health_is_503_with_retry_after_when_the_table_is_gone(health, aws):
    aws["clients"]["dynamodb"].delete_table(TableName=aws["ids"]["Table"])
    response = health.lambda_handler(load_event("get-health"), None)
    # A missing table is a misconfiguration, not throttling: 500, no internals.
    assert response["statusCode"] == 500
    assert "ResourceNotFound" not in response["body"]


def test_preflight_is_answered_without_touching_storage(health, aws):
    aws["clients"]["dynamodb"].delete_table(TableName=aws["ids"]["Table"])
    response = health.lambda_handler(load_event("options-health-preflight"), None)
    assert response["statusCode"] == 204
    headers = response["multiValueHeaders"]
    assert headers["Access-Control-Allow-Origin"] == ["*"]
    assert "x-api-key" in headers["Access-Control-Allow-Headers"][0].lower()


def test_every_log_line_carries_the_correlation_id(health, capfd):
    health.lambda_handler(load_event("get-unknown-route"), None)
    health.lambda_handler(load_event("get-health"), None)
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines() if line]
    assert lines, "expected the functions to log"
    assert all(line.get("correlation_id") == "client-chosen-id-42" for line in lines)


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/xml", 406),
        ("text/html", 406),
        ("application/json;q=0", 406),
        ("*/*;q=0", 406),
        ("application/problem+json", 406),
        ("application/json", 200),
        ("application/*", 200),
        ("text/html, */*;q=0.1", 200),
        ("", 200),
        # The most specific range sets a type's quality (RFC 9110 §12.5.1): these
        # refuse JSON, which */* or application/* alone would take. Both were 200.
        ("application/json;q=0, */*", 406),
        ("application/*;q=1, application/json;q=0", 406),
        ("application/json; Q=0", 406),  # parameter names are case-insensitive
        ("application/json;q=2", 406),  # outside the grammar of a weight
        ("application/json;q=0, application/*;q=0.5, */*", 406),
        ("text/html;q=0, */*", 200),
        # Java's HttpURLConnection sends this by default: `q=.2` (no leading zero) and a
        # bare `*` are outside the grammar, but the client means "anything, at 0.2".
        ("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", 200),
        ("*; q=.2", 200),
        ("*/*;q=0.5000", 200),
        ("application/json;q=nan", 406),
    ],
)
def test_an_accept_header_the_route_cannot_satisfy_is_406(health, accept, status):
    # Every route answers in the media types openapi.yaml lists for it, not only the
    # ones that offer several (RFC 9110 §12.5.1).
    event = load_event("get-health")
    event["headers"]["Accept"] = accept
    response = health.lambda_handler(event, None)
    assert response["statusCode"] == status
    if status == 406:
        problem = json.loads(response["body"])
        assert problem["code"] == "NOT_ACCEPTABLE"
        assert "application/json" in problem["detail"]


def test_head_is_answered_as_get_would_be(health):
    # RFC 9110 §9.3.2: the same status and headers as GET; the gateway sends no content.
    get = health.lambda_handler(load_event("get-health"), None)
    event = load_event("get-health")
    event["httpMethod"] = "HEAD"
    event["requestContext"]["httpMethod"] = "HEAD"
    head = health.lambda_handler(event, None)
    assert head["statusCode"] == 200
    assert json.loads(head["body"])["status"] == json.loads(get["body"])["status"]
