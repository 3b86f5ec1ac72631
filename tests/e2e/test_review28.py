"""Review 28 (docs/hardening.md), held over HTTP against the local runner: this session's
merges (If-Match: * retried on the new state, a session's JSON read conditionally, the
dataset completion overtaken, ROUTE_NOT_FOUND's detail) as an outside user meets them."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from tests.hardening import model_graph_request
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("review28-e2e", plan="pro")["api_key"])


def at_once(calls):
    """Each of `calls` started together (a barrier), their replies in order."""
    barrier = threading.Barrier(len(calls))

    def started(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(started, calls))


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def test_reads_without_an_etag_meet_if_match_and_if_none_match_star(client):
    # A dataset, a listing, a revision answered 200 to `If-Match: "nope"` and to
    # `If-None-Match: *`, though docs/api.md reads every representation without an ETag
    # as a session's JSON (412, 304).
    graph = client.call("POST", "/v1/graphs", model_graph_request("r28")).json()
    files = [{"format": "npy", "name": "x", "bytes": 128}]
    dataset = client.call("POST", "/v1/datasets", {"name": "r28", "files": files}).json()
    for path in (
        f"/v1/datasets/{dataset['id']}",
        "/v1/datasets",
        f"/v1/graphs/{graph['id']}/revisions/1",
        "/v1/usage",
    ):
        unchanged = client.call("GET", path, headers={"If-None-Match": "*"})
        assert (unchanged.status, unchanged.body) == (304, b""), path
        refused = client.call("GET", path, headers={"If-Match": '"nope"'})
        assert refused.status == 412 and refused.json()["code"] == "PRECONDITION_FAILED", path
        assert client.call("GET", path, headers={"If-Match": "*"}).status == 200, path
        assert client.call("GET", path, headers={"If-None-Match": '"x"'}).status == 200, path
    missing = client.call("GET", "/v1/datasets/ds_" + "0" * 20, headers={"If-Match": '"x"'})
    assert missing.status == 404  # RFC 9110 §13.2.1


def test_a_delete_racing_puts_with_if_match_star_answers_as_a_serial_order_could(client):
    # One DELETE and seven PUTs, all `If-Match: *`: the DELETE outrun three times was 409
    # GRAPH_IN_USE "Sessions kept starting" with `sessions: []`.
    created = client.call("POST", "/v1/graphs", model_graph_request("r28d")).json()
    path, document = f"/v1/graphs/{created['id']}", model_graph_request("r28d")["graph"]
    star = {"If-Match": "*"}

    def put(i):
        return lambda: client.call("PUT", path, {"name": f"p{i}", "graph": document}, star)

    deleted, *puts = at_once(
        [lambda: client.call("DELETE", path, headers=star)] + [put(i) for i in range(7)]
    )
    assert deleted.status in (204, 503), deleted.body[:300]
    if deleted.status == 503:
        assert deleted.json()["code"] == "WRITE_CONFLICT" and "retry-after" in deleted.headers
    # A PUT that lost its read-and-write to others more times than it retries is a 503
    # WRITE_CONFLICT that wrote nothing (eight writers at once can do that to one)
    assert {p.status for p in puts} <= {200, 404, 503}, [p.body[:200] for p in puts]
    for busy in (p for p in puts if p.status == 503):
        assert busy.json()["code"] == "WRITE_CONFLICT" and "retry-after" in busy.headers
    after = client.call("GET", path)
    assert after.status == (404 if deleted.status == 204 else 200)
    if after.status == 200:  # every PUT landed, one revision each
        assert after.json()["revision"] == 1 + sum(p.status == 200 for p in puts)


def test_deletes_racing_completions_of_a_multipart_upload_are_never_a_500(client):
    # Four completions and two deletes of a 6 MB .npy sent in parts: a DELETE whose abort
    # of the upload a completion had just assembled was S3's NoSuchUpload, a 500.
    body = npy(np.arange(6 * 1024 * 1024 // 8, dtype=np.float64))
    files = [{"format": "npy", "name": "x", "bytes": len(body), "part_bytes": 5 << 20}]
    registered = client.call("POST", "/v1/datasets", {"name": "r28m", "files": files}).json()
    target = registered["uploads"][0]
    for part in target["parts"]:
        start = (part["part_number"] - 1) * target["part_bytes"]
        reply = request("PUT", part["url"], {}, body[start : start + target["part_bytes"]])
        assert reply.status == 200
    path = f"/v1/datasets/{registered['id']}"

    def complete():
        return client.call("POST", f"{path}/complete")

    replies = at_once([complete, complete, lambda: client.call("DELETE", path)] * 2)
    statuses = [r.status for r in replies]
    assert set(statuses) <= {200, 204, 404}, [r.body[:300] for r in replies]
    assert statuses.count(204) == 1 and client.call("GET", path).status == 404


@pytest.mark.parametrize("base", ["", "/local"])
def test_route_not_found_says_what_a_base_url_ends_in_wherever_it_is_reached(runner, base):
    for path in ("/v1/helth", "/prod/v1/health", "/v1/graphs/g_1/nope"):
        reply = request("GET", runner.url + base + path, {}, None)
        assert reply.status == 404 and reply.json()["code"] == "ROUTE_NOT_FOUND", path
        detail = reply.json()["detail"]
        assert "custom domain" in detail and "/local" in detail and "/docs" in detail
    # the reference it names is there, without a key
    assert request("GET", runner.url + base + "/docs", {}, None).status == 200
