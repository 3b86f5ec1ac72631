"""Adversarial probing, round 22 (docs/hardening.md), held over HTTP against the local
runner: a path is routed as the client sent it, an empty segment wherever it stands; and a
number written in thousands of digits (a Content-Length, KServe's header length, a JSON
integer, a text StringToNumber reads) is read or refused as documented, never handed to
Python's int(), which refuses a text past 4,300 digits in its own words."""

import socket
from urllib.parse import urlsplit

import pytest

from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round22-e2e", plan="pro")["api_key"])


@pytest.mark.parametrize(
    "path",
    [
        # http.server reduced a leading `//` to `/`: these three answered 200 while
        # `/v1//usage` and `/local//v1/usage` were 404
        "//v1/usage",
        "///v1/usage",
        "//local/v1/usage",
        "/v1//usage",
        "/local//v1/usage",
    ],
)
def test_a_path_with_an_empty_segment_is_no_route_wherever_the_segment_stands(client, path):
    # GIVEN a path that is a route's but for an empty segment
    # WHEN it is called with a valid key and token
    reply = request("GET", f"{client.url}{path}", client.headers())

    # THEN it is the gateway's 404 ROUTE_NOT_FOUND, as any path no route matches
    assert reply.status == 404, reply.body[:300]
    assert reply.headers["content-type"].startswith(PROBLEM)
    assert reply.json()["code"] == "ROUTE_NOT_FOUND"
    # and the route itself still answers
    assert request("GET", f"{client.url}/v1/usage", client.headers()).status == 200


def test_a_write_to_a_path_starting_with_two_slashes_is_not_done(client):
    # GIVEN a graph-creating POST sent to `//v1/graphs` (it was stored, 201)
    before = client.call("GET", "/v1/graphs").json()["items"]
    body = b'{"name": "x", "graph": {"format": "graphgate.graph/v1", "nodes": []}}'
    headers = client.headers({"Content-Type": "application/json"})

    # WHEN it is sent THEN it is 404 and nothing is stored
    reply = request("POST", f"{client.url}//v1/graphs", headers, body)
    assert reply.status == 404, reply.body[:300]
    assert reply.json()["code"] == "ROUTE_NOT_FOUND"
    assert client.call("GET", "/v1/graphs").json()["items"] == before


def _exchange(url: str, raw: bytes) -> bytes:
    """Send `raw` on a new connection; every byte the runner sends until it closes."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(raw)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def test_an_absolute_form_target_keeps_its_paths_empty_segment(client):
    # RFC 9112 §3.2.2: the target's path is the path, `//` included
    raw = (
        f"GET http://elsewhere//v1/usage HTTP/1.1\r\nHost: h\r\nx-api-key: {client.api_key}\r\n"
        f"Authorization: Bearer {client.token}\r\nConnection: close\r\n\r\n"
    )
    answer = _exchange(client.url, raw.encode())
    assert answer.startswith(b"HTTP/1.1 404 "), answer[:200]
    assert b'"code":"ROUTE_NOT_FOUND"' in answer


@pytest.mark.parametrize("route", ["/v1/graphs", "/tfserving/v1/models/m:predict"])
def test_an_integer_past_pythons_digit_limit_is_a_number_overflowing_a_double(client, route):
    # GIVEN a body holding an integer of 5,001 digits (past a double's range, as one of
    # 310 digits is, and past the 4,300 digits Python's int() reads)
    body = ('{"instances": [1%s]}' if "tfserving" in route else '{"name": 1%s}') % ("0" * 5000)

    # WHEN it is sent
    headers = {"Content-Type": "application/json"}
    reply = client.call("POST", route, headers=headers, raw=body.encode())

    # THEN it is 400 INVALID_JSON saying so, as api.md lists it, not Python's own words
    # ("malformed JSON: Exceeds the limit (4300 digits) ... use sys.set_int_max_str_digits()")
    assert reply.status == 400, reply.body[:300]
    problem = reply.json()
    assert problem["code"] == "INVALID_JSON"
    said = problem.get("detail") or problem["error"]
    assert "overflows a double" in said and "sys." not in said


def test_a_content_length_of_thousands_of_digits_is_413_never_an_unanswered_close(client):
    # GIVEN a Content-Length of 5,000 digits (int() refuses past 4,300: the runner closed
    # the connection with no answer)
    head = (
        f"POST /v1/graphs HTTP/1.1\r\nHost: h\r\nx-api-key: {client.api_key}\r\n"
        f"Authorization: Bearer {client.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {'1' * 5000}\r\n\r\n{{}}"
    )

    # WHEN it is sent THEN it is over the limit, refused unread, as problem+json
    answer = _exchange(client.url, head.encode())
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"application/problem+json" in answer and b'"REQUEST_TOO_LARGE"' in answer


def test_a_kserve_binary_header_length_of_thousands_of_digits_is_a_400_not_a_500(client):
    # GIVEN a model, and a binary-data request whose Inference-Header-Content-Length has
    # 5,000 digits (int() refused it inside the models function: 500 INTERNAL)
    graph = client.call("POST", "/v1/graphs", _tutorial()).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
    version = {"name": "round22", "session_id": session["id"], "inputs": {"x": "x"}}
    assert client.call("POST", "/v1/models", {**version, "outputs": {"y": "y"}}).status == 201
    header = b'{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1], '
    header += b'"parameters": {"binary_data_size": 4}}]}'
    for length in ("1" * 5000, "0" * 5000 + "100000"):
        headers = {"Content-Type": "application/octet-stream"}
        headers["Inference-Header-Content-Length"] = length

        # WHEN it is sent
        reply = client.call(
            "POST", "/v2/models/round22/infer", headers=headers, raw=header + b"\0\0\x80?"
        )

        # THEN it is KServe's 400 VALIDATION_FAILED, as any length that is not the header's
        assert reply.status == 400, reply.body[:300]
        assert reply.json()["code"] == "VALIDATION_FAILED"


def _tutorial():
    const = {"datatype": "FP32", "shape": [], "data": [2.0]}
    nodes = [
        {"name": "a", "op": "Const", "attrs": {"value": const}},
        {"name": "x", "op": "Placeholder", "attrs": {"dtype": "FP32", "shape": [None]}},
        {"name": "y", "op": "Mul", "inputs": ["a", "x"]},
    ]
    return {"name": "round22", "graph": {"format": "graphgate.graph/v1", "nodes": nodes}}


@pytest.mark.parametrize(
    ("text", "out_type", "answer"),
    [
        ("0" * 5000 + "7", "INT64", 7),  # TF reads the zeros; int() refused 4,300 digits
        ("1" * 5000, "INT32", None),  # out of range: TF's refusal, in TF's words
    ],
)
def test_string_to_number_of_thousands_of_digits_is_tfs_answer(client, text, out_type, answer):
    # GIVEN a stored graph parsing a 5,000-digit text (tests/reference/round22.py)
    value = {"datatype": "BYTES", "shape": [1], "data": [text]}
    nodes = [
        {"name": "s", "op": "Const", "attrs": {"value": value}},
        {"name": "out", "op": "StringToNumber", "inputs": ["s"], "attrs": {"out_type": out_type}},
    ]
    doc = {"name": "round22", "graph": {"format": "graphgate.graph/v1", "nodes": nodes}}
    created = client.call("POST", "/v1/graphs", doc)
    assert created.status == 201, created.body[:300]

    # WHEN it runs
    reply = client.call("POST", f"/v1/graphs/{created.json()['id']}/runs", {"fetches": ["out"]})

    # THEN it is TF's number, or TF's refusal (no Python int() words in it)
    if answer is None:
        assert reply.status == 400, reply.body[:300]
        assert reply.json()["code"] == "COMPUTE_ERROR"
        assert "could not correctly convert" in reply.json()["detail"]
    else:
        assert reply.status == 200, reply.body[:300]
        assert reply.json()["outputs"][0]["data"] == [answer]
