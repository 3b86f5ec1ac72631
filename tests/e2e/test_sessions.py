"""Running graphs over HTTP against the local runner: one-shot runs, sessions,
training, variables, concurrency."""

import io
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("sessions-e2e", plan="pro")["api_key"])


def store(client, graph, name="g"):
    reply = client.call(
        "POST", "/v1/graphs", {"name": name, "graph": serialization.graph_to_dict(graph)}
    )
    assert reply.status == 201, reply.body
    return reply.json()["id"]


def tensor(array):
    return serialization.encode_tensor(np.asarray(array))


def value(wire):
    return serialization.decode_tensor(wire)


def test_the_tutorial_program_gives_3_75(client):
    graph = gg.Graph()
    with graph.as_default():
        a, b = gg.constant(15.0, name="a"), gg.constant(5.0, name="b")
        gg.divide(gg.multiply(a, b), gg.add(a, b), name="res")
    graph_id = store(client, graph, "tutorial")
    before = client.call("GET", "/v1/usage").json()["runs"]
    reply = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "res"})
    assert reply.status == 200, reply.body
    assert value(reply.json()["outputs"]) == pytest.approx(3.75)
    after = client.call("GET", "/v1/usage").json()["runs"]
    assert after["runs"] == before["runs"] + 1  # metered
    assert after["fetched_bytes"] == before["fetched_bytes"] + 4  # one float32


def test_fetches_come_back_in_their_structure_and_feeds_are_checked(client):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.reduce_sum(x, name="total")
        gg.multiply(x, 2.0, name="double")
    graph_id = store(client, graph)
    feeds = {"x": tensor(np.array([[1, 2], [3, 4]], np.float32))}
    reply = client.call(
        "POST",
        f"/v1/graphs/{graph_id}/runs",
        {
            "fetches": {"sum": "total", "both": ["double", "total"]},
            "feeds": feeds,
            "encoding": "b64",
        },
    )
    assert reply.status == 200, reply.body
    outputs = reply.json()["outputs"]
    assert "b64" in outputs["sum"]
    assert value(outputs["sum"]) == 10.0
    assert value(outputs["both"][0]).tolist() == [[2, 4], [6, 8]]

    missing = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "total"})
    assert missing.status == 400 and missing.json()["code"] == "MISSING_FEED"
    assert missing.json()["errors"][0]["node"] == "x"
    wrong = client.call(
        "POST",
        f"/v1/graphs/{graph_id}/runs",
        {"fetches": "total", "feeds": {"x": tensor(np.zeros((2, 3), np.float32))}},
    )
    assert wrong.status == 400 and wrong.json()["code"] == "FEED_SHAPE_MISMATCH"
    unknown = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "nope"})
    assert unknown.status == 400 and unknown.json()["code"] == "UNKNOWN_FETCH"


def logistic_regression():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 400)
    centers = np.array([[-1.5, -1.0], [1.5, 1.0]], np.float32)
    points = (centers[labels] + rng.normal(size=(400, 2))).astype(np.float32)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        logits = gg.squeeze(gg.matmul(x, w), [1]) + b
        loss = gg.reduce_mean(gg.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
        gg.identity(loss, name="loss")
        hits = gg.equal(gg.cast(logits > 0, gg.float32), y)
        gg.reduce_mean(gg.cast(hits, gg.float32), name="accuracy")
        train = gg.train.GradientDescentOptimizer(0.5).minimize(loss)
    feeds = {"x": tensor(points), "y": tensor(labels.astype(np.float32))}
    return graph, train.name, feeds


def test_a_session_trains_logistic_regression_through_many_runs(client):
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg")
    created = client.call("POST", "/v1/sessions", {"graph_id": graph_id})
    assert created.status == 201, created.body
    session = created.json()
    assert {v["name"] for v in session["variables"]} == {"w", "b"}
    path = f"/v1/sessions/{session['id']}"
    before = client.call("POST", f"{path}/runs", {"fetches": "loss", "feeds": feeds})
    losses = [float(value(before.json()["outputs"]))]
    for _ in range(10):
        reply = client.call(
            "POST",
            f"{path}/runs",
            {"fetches": "loss", "feeds": feeds, "targets": [train], "steps": 10},
        )
        assert reply.status == 200, reply.body
        losses.append(float(value(reply.json()["outputs"])))
    accuracy = client.call("POST", f"{path}/runs", {"fetches": "accuracy", "feeds": feeds})
    assert float(value(accuracy.json()["outputs"])) >= 0.9  # the stated accuracy
    assert losses[-1] < losses[0] / 2  # from log(2) at the zero initialisation
    assert client.call("GET", path).json()["version"] == 11  # 10 training runs committed
    runs = client.call("GET", f"{path}/runs?limit=5").json()
    assert len(runs["items"]) == 5 and runs["next_cursor"]


def test_concurrent_runs_on_one_session_lose_no_update(client):
    graph = gg.Graph()
    with graph.as_default():
        counter = gg.Variable(0.0, name="counter")
        gg.assign_add(counter, 1.0, name="increment")
    graph_id = store(client, graph, "counter")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    path = f"/v1/sessions/{session['id']}"
    barrier = threading.Barrier(8)

    def increment(_):
        barrier.wait()
        for _ in range(20):  # a 409 SESSION_BUSY is the documented signal to retry
            reply = client.call("POST", f"{path}/runs", {"fetches": [], "targets": ["increment"]})
            if reply.status == 200:
                return 1
            assert reply.status == 409 and reply.json()["code"] == "SESSION_BUSY", reply.body
        return 0

    with ThreadPoolExecutor(8) as pool:
        succeeded = sum(pool.map(increment, range(8)))
    variables = client.call("GET", f"{path}/variables").json()
    assert value(variables["variables"]["counter"]) == succeeded == 8


def test_variables_can_be_read_assigned_exported_imported_and_forked(client):
    graph, _, _ = logistic_regression()
    graph_id = store(client, graph)
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    path = f"/v1/sessions/{session['id']}"
    assigned = client.call("PUT", f"{path}/variables/w", tensor(np.ones((2, 1), np.float32)))
    assert assigned.status == 200, assigned.body
    wrong = client.call("PUT", f"{path}/variables/w", tensor(np.ones((3, 1), np.float32)))
    assert wrong.status == 400
    stale = client.call("PUT", f"{path}/variables/b", tensor(np.float32(2)), {"If-Match": '"1"'})
    assert stale.status == 412

    exported = client.call("GET", f"{path}/variables", headers={"Accept": "application/x-npz"})
    assert exported.status == 200
    archive = np.load(io.BytesIO(exported.body))
    assert archive["w"].tolist() == [[1.0], [1.0]]

    fork = client.call("POST", "/v1/sessions", {"from_session": session["id"]}).json()
    other = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    buffer = io.BytesIO()
    np.savez(buffer, w=np.full((2, 1), 3, np.float32), b=np.float32(0.5))
    imported = client.call(
        "PUT",
        f"/v1/sessions/{other['id']}/variables",
        raw=buffer.getvalue(),
        headers={"Content-Type": "application/x-npz"},
    )
    assert imported.status == 200, imported.body
    forked_w = client.call("GET", f"/v1/sessions/{fork['id']}/variables").json()
    other_w = client.call("GET", f"/v1/sessions/{other['id']}/variables").json()
    assert value(forked_w["variables"]["w"]).tolist() == [[1.0], [1.0]]
    assert value(other_w["variables"]["w"]).tolist() == [[3.0], [3.0]]


def test_a_run_past_its_deadline_is_504_and_changes_nothing(client):
    graph = gg.Graph()
    with graph.as_default():
        m = gg.Variable(gg.ones([1000, 1000]), name="m")
        product = m
        for _ in range(20):  # one step of many large matmuls: far beyond 20 ms
            product = gg.matmul(product, m) / 1000.0
        gg.assign(m, product, name="square")
    graph_id = store(client, graph)
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    path = f"/v1/sessions/{session['id']}"
    reply = client.call(
        "POST", f"{path}/runs", {"fetches": [], "targets": ["square"], "timeout_ms": 20}
    )
    assert reply.status == 504, reply.body
    assert reply.json()["code"] == "DEADLINE_EXCEEDED"
    assert client.call("GET", path).json()["version"] == 1


def test_a_graph_in_use_is_kept_unless_forced_and_forcing_ends_its_sessions(client):
    graph, _, _ = logistic_regression()
    graph_id = store(client, graph)
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    in_use = client.call("DELETE", f"/v1/graphs/{graph_id}")
    assert in_use.status == 409 and in_use.json()["sessions"] == [session["id"]]
    assert client.call("DELETE", f"/v1/graphs/{graph_id}?force=true").status == 204
    assert client.call("GET", f"/v1/sessions/{session['id']}").status == 404


def test_large_feeds_upload_through_s3_and_large_outputs_come_back_as_urls(client):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float64, [None], name="x")
        gg.reduce_sum(x, name="total")
        gg.identity(x * 2.0, name="doubled")
    graph_id = store(client, graph, "big")
    values = np.random.default_rng(3).standard_normal(1_000_000)  # 8 MB: over the 6 MB limit
    buffer = io.BytesIO()
    np.save(buffer, values)
    upload = client.call("POST", "/v1/uploads", {"bytes": len(buffer.getvalue())})
    assert upload.status == 201, upload.body
    target = upload.json()
    put = request(target["method"], target["url"], target["headers"], buffer.getvalue())
    assert put.status == 200

    feeds = {"x": {"upload_id": target["upload_id"]}}
    total = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "total", "feeds": feeds})
    assert total.status == 200, total.body
    assert value(total.json()["outputs"]) == pytest.approx(values.sum())

    doubled = client.call(
        "POST",
        f"/v1/graphs/{graph_id}/runs",
        {"fetches": "doubled", "feeds": feeds, "encoding": "b64"},
    )
    assert doubled.status == 200 and "outputs" not in doubled.json()
    download = request("GET", doubled.json()["outputs_url"])
    fetched = value(json.loads(download.body))
    np.testing.assert_array_equal(fetched, values * 2.0)

    unknown = client.call(
        "POST",
        f"/v1/graphs/{graph_id}/runs",
        {"fetches": "total", "feeds": {"x": {"upload_id": "u_000000000000000000000000"}}},
    )
    assert unknown.status == 400 and unknown.json()["code"] == "UNKNOWN_UPLOAD"


def test_fetching_an_update_applies_it_as_in_tensorflow(client):
    graph = gg.Graph()
    with graph.as_default():
        counter = gg.Variable(0.0, name="counter")
        gg.assign_add(counter, 1.0, name="increment")
    graph_id = store(client, graph, "fetch-update")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    path = f"/v1/sessions/{session['id']}"
    reply = client.call("POST", f"{path}/runs", {"fetches": "increment"})
    assert reply.status == 200, reply.body
    assert reply.json()["version"] == 2
    read = client.call("POST", f"{path}/runs", {"fetches": "counter"})
    assert value(read.json()["outputs"]) == 1.0 and read.json()["version"] == 2


def test_token_requests_ignore_idempotency_keys(runner):
    key = runner.create_tenant("idem-tokens", plan="pro")["api_key"]
    headers = {"x-api-key": key, "Content-Type": "application/json", "Idempotency-Key": "t-1"}
    first = request("POST", f"{runner.url}/v1/tokens", headers, b"{}")
    second = request("POST", f"{runner.url}/v1/tokens", headers, b"{}")
    assert first.status == second.status == 200
    assert first.json()["access_token"] != second.json()["access_token"]


def test_forking_needs_only_the_source_session(client):
    graph, _, _ = logistic_regression()
    source = client.call("POST", "/v1/sessions", {"graph_id": store(client, graph)}).json()
    fork = client.call("POST", "/v1/sessions", {"from_session": source["id"]})
    assert fork.status == 201, fork.body
    assert fork.json()["graph_id"] == source["graph_id"]
    missing = client.call("POST", "/v1/sessions", {"from_session": ""})
    assert missing.status == 404 and missing.json()["code"] == "SESSION_NOT_FOUND"
