"""Adversarial probing, round 13 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding only README.md, docs/ and the OpenAPI document
found answered otherwise than a serial order of the same requests would — writers that
sent `If-Match: *` at once, refused 412 though `*` names no version."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.hardening import model_graph_request, model_request
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

# A writer loses its commit only to another that commits, once: five writers need at most
# the five attempts a graph write makes (graphs.PATCH_ATTEMPTS), so none is 503.
WRITERS = 5


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round13-e2e", plan="pro")["api_key"])


def at_once(calls):
    """Each of `calls` started together (a barrier), their replies in order."""
    barrier = threading.Barrier(len(calls))

    def started(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(started, calls))


def test_graph_writes_with_if_match_star_at_once_all_apply_in_some_order(client):
    # Of eight PUTs with `If-Match: *` at once, six were 412 ETAG_MISMATCH: each lost its commit
    # to another and was refused, where a serial order answers every one 200.
    created = client.call("POST", "/v1/graphs", model_graph_request("r13"))
    assert created.status == 201, created.body[:300]
    graph_id, document = created.json()["id"], model_graph_request("r13")["graph"]
    path, star = f"/v1/graphs/{graph_id}", {"If-Match": "*"}

    def put(i):
        return lambda: client.call("PUT", path, {"name": f"p{i}", "graph": document}, star)

    replies = at_once([put(i) for i in range(WRITERS)])
    assert [r.status for r in replies] == [200] * WRITERS, [r.body[:200] for r in replies]
    answered = sorted((r.json()["revision"], r.json()["name"]) for r in replies)
    assert [n for n, _ in answered] == list(range(2, WRITERS + 2))  # one revision each
    stored = client.call("GET", path).json()
    assert (stored["revision"], stored["name"]) == answered[-1]  # the last one's body

    def patch(i):
        body = f'{{"description": "d{i}"}}'.encode()
        headers = {**star, "Content-Type": "application/merge-patch+json"}
        return lambda: client.call("PATCH", path, headers=headers, raw=body)

    replies = at_once([patch(i) for i in range(WRITERS)])
    assert [r.status for r in replies] == [200] * WRITERS, [r.body[:200] for r in replies]
    assert client.call("GET", path).json()["revision"] == WRITERS + 1  # patches add none


def test_label_moves_with_if_match_star_at_once_all_apply_in_some_order(client):
    # Of eight moves of one label with `If-Match: *`, two were 412 VERSION_MISMATCH; `*`
    # asks only that the label exist, which it does whichever move lands first.
    graph = client.call("POST", "/v1/graphs", model_graph_request("r13m"))
    for _ in range(2):
        body = {**model_request("r13m"), "graph_id": graph.json()["id"]}
        assert client.call("POST", "/v1/models", body).status == 201
    label = "/v1/models/r13m/labels/stable"
    assert client.call("PUT", label, {"version": 1}).status == 200

    def move(i):
        return lambda: client.call("PUT", label, {"version": 1 + i % 2}, {"If-Match": "*"})

    replies = at_once([move(i) for i in range(WRITERS)])
    # 409 MODEL_BUSY (documented, with Retry-After) is a serial answer too: the model
    # kept changing under the request; a 412 is not, `*` held throughout.
    statuses = [r.status for r in replies]
    assert set(statuses) <= {200, 409} and statuses.count(200) >= 1, statuses
    assert all(r.json()["code"] == "MODEL_BUSY" for r in replies if r.status == 409)
    assert client.call("GET", label).json()["version"] in (1, 2)


def test_a_sessions_json_is_read_conditionally_though_it_has_no_etag(client):
    # The document's If-None-Match answers 304 for `*` on every GET that takes it; a
    # session's JSON (no ETag, unlike its archive) ignored both headers: 200.
    graph = client.call("POST", "/v1/graphs", model_graph_request("r13s")).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
    path = f"/v1/sessions/{session['id']}"
    unchanged = client.call("GET", path, headers={"If-None-Match": "*"})
    assert (unchanged.status, unchanged.body) == (304, b"")
    refused = client.call("GET", path, headers={"If-Match": '"1"'})
    assert refused.status == 412, refused.body[:300]
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "PRECONDITION_FAILED"
    assert client.call("GET", path, headers={"If-Match": "*"}).status == 200
