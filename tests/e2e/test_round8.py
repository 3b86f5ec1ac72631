"""Adversarial probing, round 8 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding only README.md, docs/ and the OpenAPI document
found answered otherwise than documented."""

import concurrent.futures
import io
import json
import threading
import time

import numpy as np
import pytest

import graphgate as gg
from graphgate.serialization import graph_to_dict
from tests.hardening import counter_request
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round8-e2e", plan="pro")["api_key"])


# ---------------------------------------------------------------------- names
@pytest.mark.parametrize("name", ["x\u0000y", "ends\n", " lead", "trail ", "\u202eexe.png"])
def test_a_graph_or_dataset_name_that_is_not_printable_text_is_refused(client, name):
    graph = client.call("POST", "/v1/graphs", {**counter_request(), "name": name})
    assert graph.status == 400, graph.body
    assert graph.json()["errors"][0]["pointer"] == "/name"
    files = [{"format": "npy", "name": "x", "bytes": 10}]
    dataset = client.call("POST", "/v1/datasets", {"name": name, "files": files})
    assert dataset.status == 400, dataset.body
    assert dataset.json()["errors"][0]["pointer"] == "/name"
    tagged = client.call("POST", "/v1/graphs", {**counter_request(), "tags": [name]})
    assert tagged.status == 400, tagged.body


def test_a_name_of_any_printable_text_is_stored_and_listed_as_sent(client):
    name = "modèle 日本 👩\u200d🔬 v1"
    graph = client.call("POST", "/v1/graphs", {**counter_request(), "name": name})
    assert graph.status == 201, graph.body
    listed = client.call("GET", "/v1/graphs?name_prefix=mod%C3%A8le").json()["items"]
    assert [g["name"] for g in listed] == [name]


# ------------------------------------------------------------------- metering
def _log_lines(runner, run_id):
    runner.log.flush()
    text = (runner.workdir / "runner.log").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("run_id") == run_id]


def _npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _slow_counter():
    graph = gg.Graph()
    with graph.as_default():
        counter = gg.Variable(0.0, name="counter")
        gg.assign_add(counter, 1.0, name="increment")
        square = gg.random_normal([600, 600], seed=1)
        gg.reduce_sum(gg.matmul(square, square), name="work")
    return {"name": "slow counter", "graph": graph_to_dict(graph)}


def test_the_steps_an_async_run_applied_before_its_session_was_deleted_are_metered(runner):
    # GIVEN a fresh tenant's long async run, some checkpoints in, whose steps are slow
    # enough that the session ends during a chunk (its worker then finds no record)
    client = Client(runner.url, runner.create_tenant("round8-usage", plan="pro")["api_key"])
    graph = client.call("POST", "/v1/graphs", _slow_counter()).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
    body = {"fetches": "work", "targets": ["increment"], "steps": 100_000}
    started = client.call(
        "POST", f"/v1/sessions/{session['id']}/runs", body, {"Prefer": "respond-async"}
    )
    assert started.status == 202, started.body
    run_url, run_id = started.headers["location"], started.json()["id"]
    deadline = time.monotonic() + 60
    while (run := client.call("GET", run_url).json())["completed_steps"] < 50:
        assert time.monotonic() < deadline, run
        time.sleep(0.05)
    # WHEN the session is deleted under it, and its worker has stopped
    assert client.call("DELETE", f"/v1/sessions/{session['id']}").status == 204
    ended = {"async run ended with its session", "async run finished"}
    while not any(line["message"] in ended for line in _log_lines(runner, run_id)):
        assert time.monotonic() < deadline, _log_lines(runner, run_id)[-3:]
        time.sleep(0.1)
    # THEN the usage counts the run once, with the compute of at least the steps seen
    usage = client.call("GET", "/v1/usage").json()["runs"]
    assert usage["runs"] == 1
    assert usage["compute_ms"] >= run["compute_ms"] > 0


# -------------------------------------------------------------------- uploads
def test_an_upload_url_stores_no_more_than_the_size_declared(client):
    # GIVEN a graph that sums a fed vector, and an upload declared as a 3-value .npy
    graph = gg.Graph()
    with graph.as_default():
        gg.reduce_sum(gg.placeholder(gg.float64, [None], name="x"), name="total")
    stored = client.call("POST", "/v1/graphs", {"name": "sum", "graph": graph_to_dict(graph)})
    body = _npy(np.arange(3.0))
    target = client.call("POST", "/v1/uploads", {"bytes": len(body)}).json()
    # WHEN a larger file is sent to its URL
    larger = request("PUT", target["url"], target["headers"], _npy(np.arange(3000.0)))
    # THEN storage refuses it (it took up to 5 GB) and keeps nothing
    assert larger.status == 403, larger.body
    feeds = {"x": {"upload_id": target["upload_id"]}}
    run = {"fetches": "total", "feeds": feeds}
    missing = client.call("POST", f"/v1/graphs/{stored.json()['id']}/runs", run)
    assert (missing.status, missing.json()["code"]) == (400, "UNKNOWN_UPLOAD")
    # AND the file of the size declared is taken
    assert request("PUT", target["url"], target["headers"], body).status == 200
    total = client.call("POST", f"/v1/graphs/{stored.json()['id']}/runs", run)
    assert total.status == 200, total.body


def test_an_upload_asked_for_without_its_size_is_told_which_field_it_lacks(client):
    reply = client.call("POST", "/v1/uploads")
    assert reply.status == 400, reply.body
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["code"] == "VALIDATION_FAILED"
    assert "'bytes' is a required property" in reply.json()["errors"][0]["message"]


# ---------------------------------------------------------- unconditional patches
def test_patches_without_if_match_at_once_all_apply(client):
    # GIVEN a graph, and six clients patching it at once without If-Match, 5 times
    graph = client.call("POST", "/v1/graphs", counter_request("patched")).json()
    url = f"/v1/graphs/{graph['id']}"
    merge = {"Content-Type": "application/merge-patch+json"}
    statuses = []
    for round_ in range(5):
        barrier = threading.Barrier(6)

        def patch(i, round_=round_, barrier=barrier):
            barrier.wait()
            change = {"tags": [f"t{round_}-{i}"]} if i % 2 else {"description": f"{round_}-{i}"}
            return client.call("PATCH", url, change, merge).status

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            statuses += list(pool.map(patch, range(6)))
    # THEN every one applies (none sent a precondition that could fail: 412 was wrong)
    assert statuses == [200] * 30


# ----------------------------------------------------- reads racing deletes
def _race(client, readers, delete):
    """`readers` and `delete` released together; the statuses the readers got."""
    barrier = threading.Barrier(len(readers) + 1)

    def released(call):
        barrier.wait()
        return call()

    with concurrent.futures.ThreadPoolExecutor(len(readers) + 1) as pool:
        deleted = pool.submit(released, delete)
        got = list(pool.map(released, readers))
    assert deleted.result().status == 204, deleted.result().body
    return got


def _large_state_graph():
    """A graph whose document (a 300 KB constant) and variables live in S3."""
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 300], name="x")
        w = gg.Variable(gg.random_normal([300, 300], seed=1), name="w")
        c = gg.constant(np.random.default_rng(0).standard_normal((300, 300)).astype(np.float32))
        gg.matmul(x, w + c, name="y")
        gg.reduce_sum(w, name="total")
    return {"name": "large state", "graph": graph_to_dict(graph)}


def test_reads_racing_the_delete_of_what_they_read_from_s3_are_404_never_500(client):
    # GIVEN a graph, a session and a model version whose state lives in S3
    graph = client.call("POST", "/v1/graphs", _large_state_graph()).json()
    x = {"name": "x", "datatype": "FP32", "shape": [1, 300], "data": [0.5] * 300}
    answers = []
    for _ in range(4):
        # WHEN each is read, run and forked while it is deleted
        session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
        at = f"/v1/sessions/{session['id']}"
        answers += _race(
            client,
            [
                lambda at=at: client.call("POST", f"{at}/runs", {"fetches": "total"}),
                lambda at=at: client.call("GET", f"{at}/variables"),
                lambda at=at: client.call("GET", at),
                lambda s=session: client.call("POST", "/v1/sessions", {"from_session": s["id"]}),
            ],
            lambda at=at: client.call("DELETE", at),
        )
        source = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
        body = {"name": "large", "session_id": source["id"], "inputs": {"x": "x"}}
        version = client.call("POST", "/v1/models", {**body, "outputs": {"y": "y"}}).json()
        at = f"/v2/models/large/versions/{version['version']}"
        answers += _race(
            client,
            [
                lambda at=at: client.call("POST", f"{at}/infer", {"inputs": [x]}),
                lambda v=version: client.call(
                    "POST",
                    "/v1/sessions",
                    {"from_model": {"model": "large", "version": v["version"]}},
                ),
            ],
            lambda v=version: client.call("DELETE", f"/v1/models/large/versions/{v['version']}"),
        )
        copy = client.call("POST", "/v1/graphs", _large_state_graph()).json()
        at = f"/v1/graphs/{copy['id']}"
        answers += _race(
            client,
            [
                lambda at=at: client.call("GET", at),
                lambda at=at: client.call("POST", f"{at}/runs", {"fetches": "total"}),
                lambda c=copy: client.call("POST", "/v1/sessions", {"graph_id": c["id"]}),
            ],
            lambda at=at: client.call("DELETE", at),
        )
    # THEN every reader got its answer or the 404 of what is gone: never a 500
    assert {a.status for a in answers} <= {200, 201, 404}, [a.body for a in answers]


# ------------------------------------------------------ conflicting parameters
def test_a_delete_saying_force_both_ways_is_refused_and_deletes_nothing(client):
    graph = client.call("POST", "/v1/graphs", counter_request("forced")).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
    at = f"/v1/graphs/{graph['id']}"
    reply = client.call("DELETE", f"{at}?force=false&force=true")
    assert reply.status == 400, reply.body
    assert reply.json()["errors"][0]["code"] == "CONFLICT"
    assert client.call("GET", at).status == 200
    assert client.call("GET", f"/v1/sessions/{session['id']}").status == 200
    listed = client.call("GET", "/v1/graphs?tag=a&tag=b")
    assert (listed.status, listed.json()["errors"][0]["pointer"]) == (400, "?tag")


# ------------------------------------------------------------ conflicting fields
def test_a_model_frozen_from_a_session_with_other_values_given_is_refused(client):
    from tests.hardening import model_graph_request, model_request

    graph = client.call("POST", "/v1/graphs", model_graph_request()).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
    # GIVEN values w = 2 beside a session whose w is 1
    body = {**model_request("conflicting"), "session_id": session["id"]}
    reply = client.call("POST", "/v1/models", body)
    # THEN the request is refused, not frozen with the session's w and answered 201
    assert reply.status == 400, reply.body
    assert reply.json()["errors"][0]["pointer"] == "/variables"
    assert client.call("GET", "/v1/models/conflicting").status == 404


def test_a_revision_a_session_does_not_run_is_refused_not_ignored(client):
    from tests.hardening import model_graph_request

    # GIVEN a graph of two revisions and a session pinned to the first
    graph = client.call("POST", "/v1/graphs", model_graph_request()).json()
    headers = {"If-Match": graph["etag"]}
    replaced = client.call("PUT", f"/v1/graphs/{graph['id']}", model_graph_request(), headers)
    assert replaced.status == 200, replaced.body
    body = {"graph_id": graph["id"], "graph_revision": 1}
    session = client.call("POST", "/v1/sessions", body).json()
    # WHEN a run, or a fork, names revision 2 THEN it is refused (both ran revision 1)
    at = f"/v1/sessions/{session['id']}/runs"
    run = client.call("POST", at, {"fetches": "w", "graph_revision": 2})
    fork = client.call("POST", "/v1/sessions", {"from_session": session["id"], "graph_revision": 2})
    for reply in (run, fork):
        assert reply.status == 400, reply.body
        assert reply.json()["errors"][0]["code"] == "CONFLICT"
