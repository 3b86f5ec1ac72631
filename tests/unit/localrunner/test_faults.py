"""The fault registry in front of the embedded AWS, without a network."""

import json
from io import BytesIO

from localrunner import faults


def environ(target="", path="/", method="POST", body=b"{}", service="dynamodb"):
    return {
        "HTTP_X_AMZ_TARGET": target,
        "HTTP_AUTHORIZATION": f"AWS4-HMAC-SHA256 Credential=local/20261121/us-east-1/{service}/"
        "aws4_request, SignedHeaders=host, Signature=x",
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": BytesIO(body),
    }


def call(registry, env, applied):
    seen = {}

    def app(env, start_response):
        applied.append(env["wsgi.input"].read())
        start_response("200 OK", [])
        return [b"{}"]

    def start_response(status, headers, exc_info=None):
        seen["status"] = status

    body = b"".join(registry.serve(env, start_response, app))
    return seen.get("status"), body


def test_requests_are_named_by_service_and_operation():
    assert faults.describe(environ("DynamoDB_20120810.TransactWriteItems")) == (
        "dynamodb",
        "TransactWriteItems",
    )
    s3 = environ(path="/bucket/tenants/t/g.json.z", method="PUT", service="s3")
    assert faults.describe(s3) == ("s3", "PutObject")
    assert faults.describe({**s3, "REQUEST_METHOD": "GET", "PATH_INFO": "/bucket"}) == (
        "s3",
        "ListObjectsV2",
    )


def test_without_the_flag_the_control_path_is_not_answered():
    registry = faults.Faults(enabled=False)
    assert registry.control(environ(path=faults.CONTROL_PATH)) is None
    applied = []
    assert call(registry, environ("DynamoDB_20120810.GetItem"), applied)[0] == "200 OK"
    assert applied == [b"{}"]


def test_a_rule_applies_the_given_number_of_times_to_matching_bodies_only():
    registry = faults.Faults(enabled=True)
    rule = {"service": "dynamodb", "operation": "PutItem", "times": 1, "contains": "t_1"}
    body = json.dumps([rule]).encode()
    assert registry.control(environ(path=faults.CONTROL_PATH, body=body))[0] == 200
    applied = []
    other = environ("DynamoDB_20120810.PutItem", body=b'{"pk": "t_2"}')
    assert call(registry, other, applied)[0] == "200 OK"
    status, answer = call(registry, environ("DynamoDB_20120810.PutItem", body=b"t_1"), applied)
    assert status.startswith("400") and b"ProvisionedThroughputExceeded" in answer
    assert applied == [b'{"pk": "t_2"}']  # the throttled call was not applied
    assert call(registry, environ("DynamoDB_20120810.PutItem", body=b"t_1"), applied)[0] == (
        "200 OK"
    )


def test_throttle_after_apply_applies_then_loses_the_answer():
    registry = faults.Faults(enabled=True)
    registry.rules = [faults.Rule("dynamodb", "UpdateItem", "throttle_after_apply", times=1)]
    applied = []
    status, _ = call(registry, environ("DynamoDB_20120810.UpdateItem", body=b"u"), applied)
    assert status.startswith("400") and applied == [b"u"]


def test_a_transaction_retried_with_its_client_token_is_not_applied_twice():
    registry = faults.Faults(enabled=False)
    body = json.dumps({"TransactItems": [], "ClientRequestToken": "tok-1"}).encode()
    applied = []
    for _ in range(2):
        status, _ = call(
            registry, environ("DynamoDB_20120810.TransactWriteItems", body=body), applied
        )
        assert status.startswith("200")
    assert applied == [body]
