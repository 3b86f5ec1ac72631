import gzip
import json

import pytest
import yaml

from localrunner.cfn import load_yaml
from localrunner.gateway import Gateway, Reply, Request, _compile, build_routes
from tests.support import REPO_ROOT


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load((REPO_ROOT / "api" / "openapi.yaml").read_text("utf-8"))


class FakeFunction:
    def __init__(self, logical_id):
        self.logical_id = logical_id


def fake_functions():
    resources = load_yaml(REPO_ROOT / "template.yaml")["Resources"]
    return {
        name: FakeFunction(name)
        for name, r in resources.items()
        if r["Type"] == "AWS::Serverless::Function"
    }


def gateway(spec, minimum_compression_size=1024):
    routes = build_routes(spec, fake_functions())
    return Gateway(
        spec=spec,
        routes=routes,
        keys=None,
        stage="test",
        api_id="api1",
        minimum_compression_size=minimum_compression_size,
    )


def test_path_templates_capture_parameters_and_greedy_proxies():
    assert _compile("/v1/graphs/{graphId}").fullmatch("/v1/graphs/g_1").groupdict() == {
        "graphId": "g_1"
    }
    assert _compile("/v1/graphs/{graphId}").fullmatch("/v1/graphs/a/b") is None
    assert _compile("/files/{path+}").fullmatch("/files/a/b").groupdict() == {"path": "a/b"}


def test_routes_follow_the_openapi_security_of_each_operation(spec):
    routes = {(r.method, r.resource): r for r in build_routes(spec, fake_functions())}
    assert routes["GET", "/v1/health"].api_key_required
    assert not routes["OPTIONS", "/v1/health"].api_key_required


def test_an_operation_without_a_known_function_is_a_startup_error(spec):
    with pytest.raises(ValueError, match="no Lambda integration"):
        build_routes(spec, {})


def test_gateway_responses_render_from_the_document_with_retry_after(spec):
    reply = gateway(spec).gateway_response("THROTTLED", {"requestId": "r-1"}, retry_after=2.2)
    assert reply.status == 429
    body = json.loads(reply.body)
    assert body["code"] == "RATE_LIMITED" and body["request_id"] == "r-1"
    headers = dict(reply.headers)
    assert headers["Retry-After"] == "3"
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["X-Request-ID"] == "r-1"


def test_unknown_response_types_fall_back_to_the_defaults(spec):
    reply = gateway(spec).gateway_response(
        "API_CONFIGURATION_ERROR", {"requestId": "r"}, status=500, message='a "quoted" reason'
    )
    body = json.loads(reply.body)  # the message is escaped, so the body stays JSON
    assert body["code"] == "GATEWAY_ERROR"


def test_a_function_outliving_the_gateway_is_a_504_to_retry_idempotently(spec):
    reply = gateway(spec).gateway_response("INTEGRATION_TIMEOUT", {"requestId": "r"}, status=504)
    body = json.loads(reply.body)
    assert (reply.status, body["code"]) == (504, "GATEWAY_TIMEOUT")
    assert "Idempotency-Key" in body["detail"]
    assert dict(reply.headers)["Retry-After"] == "5"


@pytest.mark.parametrize(
    "size, accept, compressed",
    [
        (2000, "gzip, deflate", True),
        (2000, "identity", False),
        (100, "gzip", False),
        (2000, "GZIP;Q=0.5", True),
        # RFC 9110 §12.5.3: q=0 refuses a coding; both were answered in gzip, as the
        # header was searched for "gzip" anywhere in it.
        (2000, "gzip;q=0, identity", False),
        (2000, "br, gzip ; q=0", False),
        (2000, "x-nogzip", False),
        (2000, "*", False),  # API Gateway compresses for a coding named, only
    ],
)
def test_large_responses_are_gzipped_when_the_client_accepts_it(spec, size, accept, compressed):
    body = b"x" * size
    request = Request("GET", "/v1/health", [("Accept-Encoding", accept)], b"")
    reply = gateway(spec)._compress(request, Reply(200, [], body))
    assert (("Content-Encoding", "gzip") in reply.headers) == compressed
    assert (gzip.decompress(reply.body) if compressed else reply.body) == body


def test_message_string_is_substituted_quoted_as_api_gateway_does(spec):
    # AWS: $context.error.messageString is "the quoted value of $context.error.message",
    # so a template writes it bare; in quotes it made `"detail":""…""` on a real stage.
    responses = spec["x-amazon-apigateway-gateway-responses"]
    for name, config in responses.items():
        template = config["responseTemplates"]["application/json"]
        assert '"$context.error.messageString' not in template, name
    reply = gateway(spec).gateway_response(
        "BAD_REQUEST_BODY", {"requestId": "r"}, status=400, message='a "quoted" reason'
    )
    body = json.loads(reply.body)
    assert body["code"] == "GATEWAY_REJECTED" and body["detail"] == 'a "quoted" reason'


def test_every_gateway_refusal_carries_the_error_member_model_clients_read(spec):
    # OIP (tritonclient) and TF Serving clients show `error`; the gateway answers their
    # routes too (a missing token, throttling), so its problems carry it beside `detail`.
    for name in spec["x-amazon-apigateway-gateway-responses"]:
        reply = gateway(spec).gateway_response(name, {"requestId": "r"}, message="why")
        body = json.loads(reply.body)
        assert body["error"] == body["detail"], name
