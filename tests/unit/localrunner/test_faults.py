"""The fault registry in front of the embedded AWS, without a network."""

import json
import socket
import time
from io import BytesIO

import pytest

from graphgate_service import keys
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
    s3 = environ(path=f"/bucket/{keys.graph_body('t', 'g', 'h')}", method="PUT", service="s3")
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


def test_a_stall_holds_the_call_then_serves_it_late():
    registry = faults.Faults(enabled=True)
    registry.rules = [faults.Rule("dynamodb", "GetItem", "stall", seconds=0.2)]
    applied = []
    started = time.monotonic()
    status, answer = call(registry, environ("DynamoDB_20120810.GetItem", body=b"g"), applied)
    assert time.monotonic() - started >= 0.2
    assert status == "200 OK" and applied == [b"g"] and answer == b"{}"
    assert registry.rules[0].hits == 1


def test_a_stalled_call_whose_caller_hung_up_is_never_applied(monkeypatch):
    registry = faults.Faults(enabled=True)
    registry.rules = [faults.Rule("dynamodb", "*", "stall", seconds=5)]
    server, client = socket.socketpair()
    client.close()  # the SDK gave up (its read timeout) while the call was held
    env = {**environ("DynamoDB_20120810.PutItem", body=b"p"), "werkzeug.socket": server}
    applied = []
    # The stall's own sleeps counted, not the wall clock: it lets go at once, not at 5 s
    slept = []
    sleep = time.sleep
    monkeypatch.setattr(time, "sleep", lambda s: (slept.append(s), sleep(s)))
    call(registry, env, applied)
    server.close()
    assert applied == [] and sum(slept) < 1


def test_after_lets_calls_through_then_crash_after_apply_fails_the_caller():
    registry = faults.Faults(enabled=True)
    registry.rules = [
        faults.Rule("dynamodb", "TransactWriteItems", "crash_after_apply", times=1, after=2)
    ]
    applied = []
    statuses = [
        call(registry, environ("DynamoDB_20120810.TransactWriteItems", body=b"%d" % i), applied)
        for i in range(4)
    ]
    assert [s for s, _ in statuses] == ["200 OK", "200 OK", "400 Bad Request", "200 OK"]
    assert b"InjectedCrash" in statuses[2][1]
    assert applied == [b"0", b"1", b"2", b"3"]  # the crashed call was applied


@pytest.mark.parametrize(
    "spec",
    [
        {"service": "dynamodb", "mode": "stall"},
        {"service": "dynamodb", "mode": "throttle", "seconds": 1},
        {"service": "dynamodb", "mode": "stall", "seconds": 0},
        {"service": "dynamodb", "mode": "explode"},
    ],
)
def test_malformed_rules_are_refused(spec):
    registry = faults.Faults(enabled=True)
    body = json.dumps([spec]).encode()
    status, _ = registry.control(environ(path=faults.CONTROL_PATH, body=body))
    assert status == 400 and registry.rules == []


def test_partial_batch_applies_half_and_returns_the_rest_unprocessed():
    registry = faults.Faults(enabled=True)
    registry.rules = [faults.Rule("dynamodb", "BatchWriteItem", "partial_batch", times=1)]
    requests = [{"DeleteRequest": {"Key": {"sk": {"S": keys.revision_sk(i)}}}} for i in range(5)]
    body = json.dumps({"RequestItems": {"t": requests}}).encode()
    applied = []
    status, answer = call(registry, environ("DynamoDB_20120810.BatchWriteItem", body=body), applied)
    assert status == "200 OK"
    assert json.loads(applied[0])["RequestItems"]["t"] == requests[:2]
    assert json.loads(answer) == {"UnprocessedItems": {"t": requests[2:]}}
