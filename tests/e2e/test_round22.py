"""Adversarial probing, round 22 (docs/hardening.md), held over HTTP against the local
runner: a path is routed as the client sent it, an empty segment wherever it stands."""

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


def test_an_absolute_form_target_keeps_its_paths_empty_segment(client):
    # RFC 9112 §3.2.2: the target's path is the path, `//` included
    parts = urlsplit(client.url)
    raw = (
        f"GET http://elsewhere//v1/usage HTTP/1.1\r\nHost: h\r\nx-api-key: {client.api_key}\r\n"
        f"Authorization: Bearer {client.token}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(raw.encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
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
