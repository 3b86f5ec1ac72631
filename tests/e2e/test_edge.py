"""The gateway's edge over HTTP: keys, plans, sizes, CORS, correlation ids."""

import gzip
import json
import re
import time
from urllib.parse import urljoin

import pytest

from tests.support import Client, clear_of_utc_midnight, load_event, request

pytestmark = pytest.mark.e2e

EMPTY_GRAPH = {"format": "graphgate.graph/v1", "nodes": []}


def test_a_request_without_an_api_key_is_403_problem_json(api):
    reply = request("GET", f"{api.url}/v1/health")
    assert reply.status == 403
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["code"] == "INVALID_API_KEY"
    assert reply.json()["category"] == "UNAUTHENTICATED"  # the gateway's refusals carry it too
    assert reply.headers["x-request-id"] == reply.json()["request_id"]


def test_an_unknown_api_key_is_403(api):
    reply = request("GET", f"{api.url}/v1/health", {"x-api-key": "gg_" + "0" * 48})
    assert reply.status == 403
    assert reply.json()["code"] == "INVALID_API_KEY"


def test_health_answers_with_a_valid_key_and_echoes_the_request_id(api):
    reply = request(
        "GET", f"{api.url}/v1/health", {"x-api-key": api.key, "X-Request-ID": "e2e-health-1"}
    )
    assert reply.status == 200, reply.body
    assert reply.json()["status"] == "ok"
    assert reply.json()["checks"] == {"table": "ok"}
    assert reply.headers["x-request-id"] == "e2e-health-1"


def test_an_unsafe_request_id_is_replaced(api):
    reply = request(
        "GET", f"{api.url}/v1/health", {"x-api-key": api.key, "X-Request-ID": "<script>"}
    )
    assert reply.status == 200
    assert reply.headers["x-request-id"] not in ("", "<script>")


def test_an_unknown_route_is_404_problem_json(api):
    reply = request("GET", f"{api.url}/v1/no-such-thing", {"x-api-key": api.key})
    assert reply.status == 404
    assert reply.json()["code"] == "ROUTE_NOT_FOUND"


def test_cors_preflight_needs_no_key(api):
    reply = request(
        "OPTIONS",
        f"{api.url}/v1/health",
        {
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )
    assert reply.status == 204
    assert reply.headers["access-control-allow-origin"] == "*"
    assert "x-api-key" in reply.headers["access-control-allow-headers"].lower()


@pytest.mark.local_only
def test_a_burst_beyond_the_plan_is_429_with_retry_after(runner):
    key = runner.create_tenant("bursty", plan="free")["api_key"]  # burst 4, 2 requests/s
    replies = [request("GET", f"{runner.url}/v1/health", {"x-api-key": key}) for _ in range(8)]
    statuses = [r.status for r in replies]
    assert statuses[:4] == [200] * 4, statuses
    throttled = [r for r in replies if r.status == 429]
    assert throttled, statuses
    assert throttled[0].json()["code"] == "RATE_LIMITED"
    retry_after = int(throttled[0].headers["retry-after"])
    assert 1 <= retry_after <= 2

    time.sleep(retry_after)
    assert request("GET", f"{runner.url}/v1/health", {"x-api-key": key}).status == 200


@pytest.mark.local_only
def test_the_daily_quota_is_429_until_midnight_utc(tmp_path):
    from localrunner.process import RunnerProcess

    with RunnerProcess(tmp_path, {"FreeDailyQuota": "3", "FreeBurstLimit": "50"}) as runner:
        key = runner.create_tenant("thrifty", plan="free")["api_key"]
        clear_of_utc_midnight(30)
        statuses = [
            request("GET", f"{runner.url}/v1/health", {"x-api-key": key}).status for _ in range(3)
        ]
        over = request("GET", f"{runner.url}/v1/health", {"x-api-key": key})
    assert statuses == [200, 200, 200]
    assert over.status == 429
    assert over.json()["code"] == "QUOTA_EXCEEDED"
    assert 0 < int(over.headers["retry-after"]) <= 86_400


@pytest.mark.local_only
def test_a_body_over_the_gateway_limit_is_413_without_being_read(api):
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(api.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest("POST", "/v1/health")
    connection.putheader("x-api-key", api.key)
    connection.putheader("Content-Length", str(11 * 1024 * 1024))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert b"REQUEST_TOO_LARGE" in response.read()
    connection.close()


@pytest.mark.local_only
def test_a_body_over_lambdas_6mb_event_limit_is_413(api):
    reply = request(
        "GET", f"{api.url}/v1/health", {"x-api-key": api.key}, body=b"x" * (6 * 1024 * 1024 + 1)
    )
    assert reply.status == 413
    assert reply.json()["code"] == "REQUEST_TOO_LARGE"


@pytest.mark.local_only
@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "FOO"])
@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/v1/no-such-thing", 404, "ROUTE_NOT_FOUND"),  # no route at all
        ("/v1/health", 405, "METHOD_NOT_ALLOWED"),  # ANY takes it, behind the key
        ("/v1/graphs", 401, "INVALID_TOKEN"),  # ANY takes it, behind the authorizer
    ],
)
def test_any_method_gets_the_gateways_problem_json(api, method, path, status, code):
    reply = request(method, f"{api.url}{path}", {"x-api-key": api.key})
    assert reply.status == status
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["code"] == code


@pytest.mark.local_only
@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GET /v1/health HTTP/9.9\r\n\r\n", 505),  # a version it does not speak
        (b"GET /v1/health HTTP/1.1\r\nx-api-key: " + b"k" * 70_000 + b"\r\n\r\n", 431),
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /v1/health\r\n\r\n", 400),  # HTTP/0.9: no headers, no key, no status line
        (b"POST /v1/graphs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411),
        (b"POST /v1/graphs HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400),
        (b"POST /v1/graphs HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400),
        # RFC 9112 §6.3: two lengths that differ are an unrecoverable framing error (the
        # runner waited for the first one's bytes until the client gave up).
        (
            b"POST /v1/tokens HTTP/1.1\r\nHost: h\r\n"
            b"Content-Length: 9\r\nContent-Length: 2\r\n\r\n{}",
            400,
        ),
        (b"POST /v1/tokens HTTP/1.1\r\nHost: h\r\nContent-Length: 9, 2\r\n\r\n{}", 400),
        # Any transfer coding, not only a bare "chunked": its body was read as empty and the
        # chunks left on the connection as a next request.
        (
            b"POST /v1/tokens HTTP/1.1\r\nHost: h\r\n"
            b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            411,
        ),
        # RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is a 400.
        (b"GET /v1/health HTTP/1.1\r\n\r\n", 400),
        (b"GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        # RFC 9112 §5: a line that is no `name: value` ended the headers for the parser:
        # the ones after it (this Content-Length) were dropped, and the body was read as
        # the next request on the connection. A space before the colon is the same.
        (
            b"POST /v1/tokens HTTP/1.1\r\nHost: h\r\ngarbage\r\n"
            b"Content-Length: 38\r\n\r\nGET /v1/health HTTP/1.1\r\nHost: h\r\n\r\n",
            400,
        ),
        (b"GET /v1/health HTTP/1.1\r\nHost: h\r\nx-api-key : k\r\n\r\n", 400),
        (b"GET /v1/health HTTP/1.1\r\nHost: h\r\nx-api-key: k\r\n k\r\n\r\n", 400),  # folded
        # RFC 9110 §5.5: a field value holding NUL is refused, not passed on.
        (b"GET /v1/health HTTP/1.1\r\nHost: h\r\nx-api-key: k\x00k\r\n\r\n", 400),
    ],
)
def test_a_request_the_http_layer_refuses_is_problem_json(api, raw, status):
    answer = _exchange(api.url, raw)
    # One answer: nothing smuggled in as a second request.
    assert len(re.findall(rb"HTTP/1\.[01] \d{3} ", answer)) == 1, answer
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ", 2)[1] == str(status).encode(), head
    assert b"application/problem+json" in head
    assert f'"status":{status}'.encode() in body


def _exchange(url: str, raw: bytes) -> bytes:
    """Send `raw` on a new connection; every byte the runner sends until it closes."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(raw)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.mark.local_only
def test_a_body_cut_short_of_its_content_length_is_never_served(api):
    """RFC 9112 §8: a request whose connection ends before its Content-Length is an
    incomplete message. The runner handed the bytes it had to the function: a graph cut
    short where its JSON still parsed was stored, and a raw KServe body cut at a row's
    end would be answered for fewer rows. API Gateway never invokes with a partial body."""
    import socket
    from urllib.parse import urlsplit

    client = Client(api.url, api.key)
    body = json.dumps({"name": "cut", "graph": EMPTY_GRAPH}).encode()
    head = "".join(f"{k}: {v}\r\n" for k, v in client.headers().items())
    raw = (
        f"POST /v1/graphs HTTP/1.1\r\nHost: h\r\n{head}Content-Type: application/json\r\n"
        f"Content-Length: {len(body) + 20}\r\n\r\n"
    ).encode() + body
    parts = urlsplit(api.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(raw)
        connection.shutdown(socket.SHUT_WR)  # the client is gone: no more bytes come
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.split(b" ", 2)[1] == b"400", answer
    assert b"application/problem+json" in answer
    assert client.call("GET", "/v1/graphs").json()["items"] == []


@pytest.mark.local_only
@pytest.mark.parametrize(
    "form", ["http://127.0.0.1/v1/graphs?limit=1", "HTTP://h.example/v1/graphs?limit=1"]
)
def test_an_absolute_form_request_target_is_served(api, form):
    # RFC 9112 §3.2.2: a server MUST accept it. It was routed as a path: 404.
    client = Client(api.url, api.key)
    raw = (
        f"GET {form} HTTP/1.1\r\nHost: elsewhere\r\nx-api-key: {api.key}\r\n"
        f"Authorization: Bearer {client.token}\r\nConnection: close\r\n\r\n"
    )
    answer = _exchange(api.url, raw.encode())
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["items"] == []  # a new tenant's list


@pytest.mark.local_only
def test_a_body_that_will_be_refused_is_refused_before_100_continue(api):
    # RFC 9110 §10.1.1: the runner said `100 Continue`, then refused the 20 MB it had
    # invited the client to send.
    head = (
        "POST /v1/tokens HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
        f"x-api-key: {api.key}\r\nExpect: 100-continue\r\nContent-Length: 20000000\r\n\r\n"
    )
    answer = _exchange(api.url, head.encode())
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:100]
    assert b"100 Continue" not in answer
    ok = head.replace("20000000", "2").encode() + b"{}"
    assert _exchange(
        api.url, ok.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)
    ).startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 ")


@pytest.mark.local_only
def test_one_header_spelled_in_two_cases_is_one_header_to_every_reader(runner):
    # Field names are case-insensitive (RFC 9110 §5.1). The authorizer function read
    # `X-Api-Key` (tenant a's key, with a's token: allowed, as a) while the gateway
    # checked and metered the last `x-api-key` (tenant b's): a's requests on b's plan.
    a = Client(runner.url, runner.create_tenant("case-a", plan="pro")["api_key"])
    b = Client(runner.url, runner.create_tenant("case-b", plan="pro")["api_key"])
    used_before = b.call("GET", "/v1/usage").json()["quota"]["used"]
    raw = (
        f"GET /v1/graphs HTTP/1.1\r\nHost: h\r\nx-api-key: {b.api_key}\r\n"
        f"X-Api-Key: {a.api_key}\r\nx-api-key: {b.api_key}\r\n"
        f"Authorization: Bearer {a.token}\r\nConnection: close\r\n\r\n"
    )
    answer = _exchange(runner.url, raw.encode())
    # One key, b's, to the gateway and the authorizer alike: a's token is not b's.
    assert answer.startswith(b"HTTP/1.1 401 "), answer[:200]
    used = b.call("GET", "/v1/usage").json()["quota"]["used"]
    assert used == used_before + 1  # the second usage request; nothing of a's


def test_a_precondition_in_two_header_lines_binds_as_one_list(api):
    # RFC 9110 §5.3: two If-None-Match lines are one list. The second line alone was
    # read, so a PUT that the first line (the current tag) forbids was applied.
    client = Client(api.url, api.key)
    created = client.call("POST", "/v1/graphs", _graph_body())
    graph_id, etag = created.json()["id"], created.headers["etag"]
    body = json.dumps({**_graph_body(), "description": "must not land"})
    raw = (
        f"PUT /v1/graphs/{graph_id} HTTP/1.1\r\nHost: h\r\nx-api-key: {api.key}\r\n"
        f"Authorization: Bearer {client.token}\r\nContent-Type: application/json\r\n"
        f'If-Match: {etag}\r\nIf-None-Match: {etag}\r\nIf-None-Match: "x"\r\n'
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    )
    answer = _exchange(api.url, raw.encode())
    assert answer.startswith(b"HTTP/1.1 412 "), answer[:200]
    current = client.call("GET", f"/v1/graphs/{graph_id}")
    assert current.headers["etag"] == etag and current.json()["revision"] == 1


def test_a_write_whose_target_has_no_etag_refuses_a_precondition_it_cannot_meet(api):
    # RFC 9110 §13.1: both were ignored, the session ended and the graph created.
    client = Client(api.url, api.key)
    graph_id = client.call("POST", "/v1/graphs", _graph_body()).json()["id"]
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    variables = client.call("GET", f"/v1/sessions/{session['id']}/variables")
    ended = client.call(
        "DELETE", f"/v1/sessions/{session['id']}", headers={"If-Match": variables.headers["etag"]}
    )
    assert ended.status == 412 and ended.json()["code"] == "PRECONDITION_FAILED", ended.body
    assert ended.headers["content-type"] == "application/problem+json"
    assert client.call("GET", f"/v1/sessions/{session['id']}").status == 200  # still live
    listed = client.call("GET", "/v1/graphs?limit=100").json()["items"]
    created = client.call("POST", "/v1/graphs", _graph_body(), headers={"If-None-Match": "*"})
    assert created.status == 412 and created.json()["code"] == "PRECONDITION_FAILED"
    assert client.call("GET", "/v1/graphs?limit=100").json()["items"] == listed
    assert (
        client.call("DELETE", f"/v1/sessions/{session['id']}", headers={"If-Match": "*"}).status
        == 204
    )


@pytest.mark.parametrize("accept", ["gzip;q=0", "gzip;q=0, identity", "br, gzip;q=0"])
def test_a_client_refusing_gzip_gets_no_gzip(api, accept):
    # RFC 9110 §12.5.3: q=0 refuses a coding. The runner searched the header for "gzip"
    # and compressed for these clients too.
    client = Client(api.url, api.key)
    for _ in range(12):  # a listing past the 1,024 bytes the API compresses from
        client.call("POST", "/v1/graphs", _graph_body())
    reply = client.call("GET", "/v1/graphs?limit=12", headers={"Accept-Encoding": accept})
    assert reply.status == 200 and len(reply.body) > 1024
    assert "content-encoding" not in reply.headers
    assert len(reply.json()["items"]) == 12
    assert (
        client.call("GET", "/v1/graphs?limit=12", headers={"Accept-Encoding": "gzip"}).headers[
            "content-encoding"
        ]
        == "gzip"
    )


def _graph_body():
    return json.loads(load_event("post-graphs")["body"])


def test_whitespace_around_a_header_value_is_not_part_of_it(api):
    # RFC 9110 §5.5: a key sent with a trailing space (a careless copy) was refused, 403.
    reply = request("GET", f"{api.url}/v1/health", {"x-api-key": f"{api.key} \t"})
    assert reply.status == 200, reply.body


@pytest.mark.parametrize("coding", ["gzip", "deflate", "GZIP", "identity", "gzip, identity"])
def test_a_compressed_request_body_is_decompressed_as_api_gateway_does(api, coding):
    import zlib

    body = b'{"scope": "usage:read"}'
    for name in reversed([c.strip().lower() for c in coding.split(",")]):
        body = {"gzip": gzip.compress, "deflate": zlib.compress}.get(name, bytes)(body)
    headers = {"x-api-key": api.key, "Content-Type": "application/json"}
    reply = request("POST", f"{api.url}/v1/tokens", headers | {"Content-Encoding": coding}, body)
    assert reply.status == 200, reply.body
    assert reply.json()["scope"] == "usage:read"


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("br", b'{"scope": "usage:read"}'),  # a coding API Gateway does not support
        ("gzip", b'{"scope": "usage:read"}'),  # not what the header says
        ("gzip", gzip.compress(b'{"scope": "usage:read"}')[:-6]),  # truncated
        ("deflate", gzip.compress(b"{}")),
    ],
    ids=["unsupported", "not-compressed", "truncated", "wrong-coding"],
)
def test_a_body_that_does_not_decode_with_its_content_encoding_is_415(api, coding, body):
    headers = {"x-api-key": api.key, "Content-Type": "application/json"}
    reply = request("POST", f"{api.url}/v1/tokens", headers | {"Content-Encoding": coding}, body)
    assert reply.status == 415, reply.body
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["code"] == "UNSUPPORTED_MEDIA_TYPE"


@pytest.mark.local_only
def test_a_compressed_body_that_inflates_past_the_limits_is_413(api):
    bomb = gzip.compress(b" " * (11 * 1024 * 1024))
    headers = {"x-api-key": api.key, "Content-Type": "application/json"}
    reply = request("POST", f"{api.url}/v1/tokens", headers | {"Content-Encoding": "gzip"}, bomb)
    assert reply.status == 413
    assert reply.json()["code"] == "REQUEST_TOO_LARGE"


@pytest.mark.local_only
@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/v1/health", "GET, OPTIONS"),
        ("GET", "/v1/tokens", "POST, OPTIONS"),
        ("POST", "/v1/usage", "GET, OPTIONS"),
        ("DELETE", "/v1/models", "GET, POST, OPTIONS"),
        ("POST", "/v1/models/m/versions/1", "GET, DELETE, OPTIONS"),
        ("POST", "/v2/models/m/ready", "GET, OPTIONS"),
        ("GET", "/v2/models/m/infer", "POST, OPTIONS"),
        ("DELETE", "/tfserving/v1/models/m", "GET, POST, OPTIONS"),
        ("PUT", "/tfserving/v1/models/m/labels/l/metadata", "GET, OPTIONS"),
        ("POST", "/console", "GET, OPTIONS"),
        ("HEAD", "/v1/tokens", "POST, OPTIONS"),  # HEAD is GET's: no GET, no HEAD
    ],
)
def test_every_path_answers_a_method_it_lacks_with_405_and_allow(runner, method, path, allow):
    # Not only the resources that happened to have an ANY method: API Gateway's own
    # answer there is a 403 "Missing Authentication Token", which says nothing useful.
    client = Client(runner.url, runner.create_tenant("edge-405", plan="pro")["api_key"])
    reply = client.call(method, path)
    assert reply.status == 405, reply.body
    assert reply.headers["allow"] == allow
    if method != "HEAD":
        assert reply.json()["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.local_only
@pytest.mark.parametrize("path", ["/v1/usage", "/v1/graphs", "/v2/health/ready"])
def test_head_answers_like_get_without_content(runner, path):
    client = Client(runner.url, runner.create_tenant("edge-head", plan="pro")["api_key"])
    get = client.call("GET", path)
    head = client.call("HEAD", path)
    assert head.status == get.status == 200
    assert head.body == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def _followed(client: Client, called: str, reference: str):
    """GET what a Location or Link names, resolved against the URL called (RFC 3986 §5)."""
    return request("GET", urljoin(called, reference), client.headers())


def test_location_and_link_resolve_against_the_url_called_to_the_resource(runner, api):
    """The stack's ApiUrl names the stage (`https://<api>.execute-api.../<stage>`); the
    runner serves that URL as well as the bare one. A Location or Link of `/v1/...` drops
    the stage when a client resolves it there, and API Gateway refuses that URL."""
    bases = [api.url]
    if runner is not None:
        stage = request("GET", f"{api.url}/v1/health", {"x-api-key": api.key}).json()["stage"]
        bases.append(f"{api.url}/{stage}")
    for base in bases:
        client = Client(base, api.key)
        made = [client.call("POST", "/v1/graphs", {"name": n, "graph": EMPTY_GRAPH}) for n in "ab"]
        assert [r.status for r in made] == [201, 201], made[0].body
        created = made[1]
        followed = _followed(client, f"{base}/v1/graphs", created.headers["location"])
        assert followed.status == 200, (base, created.headers["location"], followed.body)
        assert followed.json()["id"] == created.json()["id"]
        page = client.call("GET", "/v1/graphs?limit=1")
        link = re.fullmatch(r'<([^>]+)>; rel="next"', page.headers["link"])
        assert link, page.headers["link"]
        following = _followed(client, f"{base}/v1/graphs?limit=1", link.group(1))
        assert following.status == 200, (base, link.group(1), following.body)
        assert following.json()["items"][0]["id"] == made[0].json()["id"]


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/v1/health", "GET, OPTIONS"),
        ("/v1/graphs/g_00000000000000000000", "GET, PUT, PATCH, DELETE, OPTIONS"),
        ("/v1/sessions/s_00000000000000000000/variables/w", "PUT, OPTIONS"),
        ("/v1/models/m/labels/stable", "GET, PUT, DELETE, OPTIONS"),
        ("/v2/models/m/infer", "POST, OPTIONS"),
        ("/tfserving/v1/models/m/metadata", "GET, OPTIONS"),
    ],
)
def test_options_and_a_preflight_name_the_methods_of_their_path(api, path, allow):
    """RFC 9110 §9.3.7: OPTIONS says what its target takes, as a 405's Allow does. Each
    function's answer listed every method of its routes (POST on a graph, DELETE on a
    KServe infer path), so a browser was told a method the path answers 405 to."""
    plain = request("OPTIONS", f"{api.url}{path}")
    preflight = request(
        "OPTIONS",
        f"{api.url}{path}",
        {"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"},
    )
    for reply in (plain, preflight):
        assert reply.status == 204, reply.body
        assert reply.headers["allow"] == allow
        assert reply.headers["access-control-allow-methods"] == allow
        # RFC 5789 §3.1: where PATCH is taken, OPTIONS names its formats.
        patches = "application/merge-patch+json" if "PATCH" in allow else None
        assert reply.headers.get("accept-patch") == patches
    assert preflight.headers["access-control-allow-origin"] == "*"


@pytest.mark.local_only
def test_a_method_is_case_sensitive(runner, api):
    """RFC 9110 §9.1. The functions routed on the method upper-cased: `delete` deleted, and
    `post /v1/tokens` issued tokens past POST's own throttle (free: burst 3), which the
    gateway keys by the method as sent."""
    client = Client(runner.url, api.key)
    graph = client.call("POST", "/v1/graphs", {"name": "kept", "graph": EMPTY_GRAPH}).json()
    for method, path, allow in [
        ("delete", f"/v1/graphs/{graph['id']}", "GET, PUT, PATCH, DELETE, OPTIONS"),
        ("Delete", f"/v1/graphs/{graph['id']}", "GET, PUT, PATCH, DELETE, OPTIONS"),
        ("post", "/v1/tokens", "POST, OPTIONS"),
    ]:
        reply = request(method, f"{runner.url}{path}", client.headers())
        assert reply.status == 405, (method, reply.body)
        assert reply.headers["allow"] == allow
        assert reply.json()["code"] == "METHOD_NOT_ALLOWED"
    assert client.call("GET", f"/v1/graphs/{graph['id']}").status == 200


def test_an_idempotent_replay_answers_as_the_retrys_accept_allows(api):
    """A retry is a request of its own: its Accept is honoured as the first's was. A
    replay answered the stored JSON to `Accept: text/csv`; and a first attempt refused
    406 (nothing done) was replayed to the retry that fixed its Accept, so the write
    never happened under that key."""
    client = Client(api.url, api.key)
    body = {"name": "replayed", "graph": EMPTY_GRAPH}
    # GIVEN a graph created under a key
    first = client.call("POST", "/v1/graphs", body, {"Idempotency-Key": "p7-accept-1"})
    assert first.status == 201, first.body
    # WHEN it is retried accepting only a type the answer is not in
    retried = client.call(
        "POST", "/v1/graphs", body, {"Idempotency-Key": "p7-accept-1", "Accept": "text/csv"}
    )
    # THEN 406 says so
    assert retried.status == 406, retried.body
    assert retried.headers["content-type"] == "application/problem+json"
    assert retried.json()["code"] == "NOT_ACCEPTABLE"
    # AND a retry accepting JSON is still the replay of the one graph
    again = client.call("POST", "/v1/graphs", body, {"Idempotency-Key": "p7-accept-1"})
    assert again.status == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    # GIVEN a first attempt refused for its Accept
    refused = client.call(
        "POST", "/v1/graphs", body, {"Idempotency-Key": "p7-accept-2", "Accept": "text/csv"}
    )
    assert refused.status == 406, refused.body
    # WHEN the retry accepts JSON THEN it is done, not the 406 replayed
    done = client.call(
        "POST", "/v1/graphs", body, {"Idempotency-Key": "p7-accept-2", "Accept": "*/*"}
    )
    assert done.status == 201, done.body
    assert "idempotent-replayed" not in done.headers
    assert done.json()["id"] != first.json()["id"]


@pytest.mark.parametrize(
    "path", ["/v1/graphs", "/v1/sessions", "/v1/datasets", "/v1/models", "/v1/batches"]
)
def test_an_empty_cursor_is_an_invalid_cursor(api, path):
    """`?cursor=` is no cursor the service issued: read as the first page, a client whose
    cursor variable was empty looped over page one and was never told."""
    client = Client(api.url, api.key)
    for query in ("?cursor=", "?limit=1&cursor="):
        reply = client.call("GET", path + query)
        assert reply.status == 400, (path, query, reply.body)
        assert reply.headers["content-type"] == "application/problem+json"
        assert reply.json()["code"] == "INVALID_CURSOR"


def test_a_problems_instance_is_the_path_the_client_called(runner, api):
    """RFC 9457 §3.1.5: `instance` is a URI reference to the occurrence; on the stage's
    URL (the stack's `ApiUrl`) the API's path alone dropped the stage, as Location and
    Link once did."""
    bases = [("", api.url)]
    if runner is not None:
        stage = request("GET", f"{api.url}/v1/health", {"x-api-key": api.key}).json()["stage"]
        bases.append((f"/{stage}", f"{api.url}/{stage}"))
    for prefix, base in bases:
        client = Client(base, api.key)
        missing = client.call("GET", "/v1/graphs/g_00000000000000000000")
        assert missing.status == 404, missing.body
        assert missing.json()["instance"] == f"{prefix}/v1/graphs/g_00000000000000000000"
        # A replay's too: the stored problem is given back as the retry's URL needs
        refused = client.call("POST", "/v1/graphs", {"name": 1}, {"Idempotency-Key": "p7-i"})
        assert refused.status == 400, refused.body
        assert refused.json()["instance"] == f"{prefix}/v1/graphs"


def test_a_refusal_of_a_requests_headers_is_not_replayed_to_the_retry_that_corrects_them(api):
    """A 415 (Content-Type) or 412 (If-Match) applied nothing, but was kept under the
    Idempotency-Key and replayed to the retry that fixed the header: the write never
    happened, and the retry was told the fixed header was still wrong."""
    client = Client(api.url, api.key)
    raw = json.dumps({"name": "typed", "graph": EMPTY_GRAPH}).encode()
    # GIVEN a create sent as text/plain under a key, refused 415
    typed = {"Idempotency-Key": "p7-ct"}
    refused = client.call(
        "POST", "/v1/graphs", raw=raw, headers={**typed, "Content-Type": "text/plain"}
    )
    assert refused.status == 415, refused.body
    # WHEN it is retried as JSON THEN it is done
    done = client.call(
        "POST", "/v1/graphs", raw=raw, headers={**typed, "Content-Type": "application/json"}
    )
    assert done.status == 201 and "idempotent-replayed" not in done.headers, done.body
    # GIVEN a replacement refused 412 for a stale If-Match
    graph = done.json()
    body = {"name": "replaced", "graph": EMPTY_GRAPH}
    keyed = {"Idempotency-Key": "p7-im"}
    path = f"/v1/graphs/{graph['id']}"
    stale = client.call("PUT", path, body, {**keyed, "If-Match": '"stale"'})
    assert stale.status == 412, stale.body
    # WHEN it is retried with the current ETag THEN it is applied
    current = client.call("PUT", path, body, {**keyed, "If-Match": graph["etag"]})
    assert current.status == 200 and current.json()["name"] == "replaced", current.body
    # AND a retry of that is the replay, as ever
    again = client.call("PUT", path, body, {**keyed, "If-Match": graph["etag"]})
    assert again.status == 200 and again.headers["idempotent-replayed"] == "true"
