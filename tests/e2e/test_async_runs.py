"""Asynchronous runs over HTTP: 202 and polling, several worker invocations,
identical results to synchronous training, cancellation, resume after a crash."""

import io
import json
import time

import numpy as np
import pytest

from graphgate import serialization
from graphgate_service import keys
from localrunner import faults
from localrunner.client import request
from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS
from tests.e2e.test_sessions import logistic_regression, store, tensor, value
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

STEPS = 200


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("async-e2e", plan="pro")["api_key"])


def wait(client, location, timeout_s=60.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        run = client.call("GET", location).json()
        if run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.05)
    raise AssertionError(f"run still {run['status']} after {timeout_s}s: {run}")


def variables(client, session_id):
    body = client.call("GET", f"/v1/sessions/{session_id}/variables").json()
    return {k: value(v) for k, v in body["variables"].items()}


def train_sync(client, graph_id, train, feeds):
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    for _ in range(STEPS // 20):
        reply = client.call(
            "POST",
            f"/v1/sessions/{session['id']}/runs",
            {"fetches": "loss", "feeds": feeds, "targets": [train], "steps": 20},
        )
        assert reply.status == 200, reply.body
    return variables(client, session["id"])


def start_async(client, graph_id, train, feeds, steps=STEPS):
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    reply = client.call(
        "POST",
        f"/v1/sessions/{session['id']}/runs",
        {"fetches": "loss", "feeds": feeds, "targets": [train], "steps": steps},
        {"Prefer": "respond-async"},
    )
    assert reply.status == 202, reply.body
    assert reply.headers["preference-applied"] == "respond-async"
    assert reply.json()["status"] == "queued"
    return session["id"], reply.headers["location"]


def test_an_async_run_spans_invocations_and_matches_sync_training(client):
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg-async")
    expected = train_sync(client, graph_id, train, feeds)

    session_id, location = start_async(client, graph_id, train, feeds)
    run = wait(client, location)
    assert run["status"] == "succeeded", run
    assert run["completed_steps"] == STEPS
    assert run["invocations"] >= 2  # it was continued by a fresh invocation
    losses = [h["outputs"]["loss"] for h in run["history"]]
    assert len(losses) >= 2 and losses[-1] < losses[0]
    assert value(run["outputs"]) == pytest.approx(losses[-1])
    trained = variables(client, session_id)
    for name in ("w", "b"):
        np.testing.assert_allclose(trained[name], expected[name], rtol=0, atol=1e-6)


def test_a_run_too_long_for_its_own_timeout_answers_504_and_is_not_queued(client):
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg-own-timeout")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    path = f"/v1/sessions/{session['id']}"
    reply = client.call(
        "POST",
        f"{path}/runs",
        {"fetches": "loss", "feeds": feeds, "targets": [train], "steps": 50_000, "timeout_ms": 50},
    )
    assert reply.status == 504, reply.body
    assert reply.json()["code"] == "DEADLINE_EXCEEDED"
    assert client.call("GET", f"{path}/runs").json()["items"] == []
    assert client.call("GET", path).json()["version"] == 1


def test_an_async_run_past_its_timeout_ms_ends_failed_with_deadline_exceeded(client):
    # GIVEN far more steps than any machine computes in `timeout_ms`, which is ample
    # for the API to queue the run
    timeout_ms = 5_000
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg-async-timeout")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    body = {"fetches": "loss", "feeds": feeds, "targets": [train], "steps": 100_000}
    # WHEN it runs asynchronously with the caller's deadline
    reply = client.call(
        "POST",
        f"/v1/sessions/{session['id']}/runs",
        {**body, "timeout_ms": timeout_ms},
        {"Prefer": "respond-async"},
    )
    assert reply.status == 202, reply.body
    run = wait(client, reply.headers["location"])
    # THEN it ends failed at the deadline, having computed only within it
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "DEADLINE_EXCEEDED"
    assert run["completed_steps"] < 100_000
    assert run["compute_ms"] <= timeout_ms


def test_a_cancelled_async_run_keeps_exactly_its_last_checkpoint(client):
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg-cancel")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    reply = client.call(
        "POST",
        f"/v1/sessions/{session['id']}/runs",
        {"fetches": "loss", "feeds": feeds, "targets": [train], "steps": 50_000},
        {"Prefer": "respond-async"},
    )
    assert reply.status == 202, reply.body
    cancelled = client.call("DELETE", reply.headers["location"])
    assert cancelled.status == 202
    run = wait(client, reply.headers["location"])
    assert run["status"] == "cancelled"
    assert run["completed_steps"] < 50_000
    # The session kept exactly its last checkpoint: its version counts the chunks.
    session_now = client.call("GET", f"/v1/sessions/{session['id']}").json()
    assert session_now["version"] == 1 + len(run["history"])
    again = client.call("DELETE", reply.headers["location"])
    assert again.status == 409 and again.json()["code"] == "RUN_FINISHED"


def test_usage_counts_an_async_run_once_for_the_bytes_it_was_sent(runner):
    # GIVEN a fresh tenant's 200-step run over 40 feed batches, spanning invocations
    client = Client(runner.url, runner.create_tenant("usage-e2e", plan="pro")["api_key"])
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg-usage")
    x, y = value(feeds["x"]), value(feeds["y"])
    batches = [{"x": tensor(x[i : i + 10]), "y": tensor(y[i : i + 10])} for i in range(0, 400, 10)]
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    reply = client.call(
        "POST",
        f"/v1/sessions/{session['id']}/runs",
        {"fetches": "loss", "feed_batches": batches, "targets": [train], "steps": STEPS},
        {"Prefer": "respond-async"},
    )
    assert reply.status == 202, reply.body
    run = wait(client, reply.headers["location"])
    assert run["status"] == "succeeded" and run["invocations"] >= 2, run
    # WHEN the tenant reads its usage
    usage = client.call("GET", "/v1/usage")
    assert usage.status == 200, usage.body
    # THEN the run counts once: the bytes sent, its compute, the loss it answered
    runs = usage.json()["runs"]
    sent = sum(x[i : i + 10].nbytes + y[i : i + 10].nbytes for i in range(0, 400, 10))
    assert sent == x.nbytes + y.nbytes == 4_800
    assert (runs["runs"], runs["feed_bytes"], runs["fetched_bytes"]) == (1, sent, 4)
    assert runs["compute_ms"] == pytest.approx(run["compute_ms"], abs=0.01)


def test_a_worker_that_dies_mid_run_is_retried_and_resumes_from_its_checkpoint(tmp_path):
    log = open(tmp_path / "runner.log", "w", encoding="utf-8")  # noqa: SIM115
    env = {faults.ENV_FLAG: "1"}
    with RunnerProcess(tmp_path, E2E_PARAMETERS, log=log, env=env) as crashing:
        client = Client(crashing.url, crashing.create_tenant("crash", plan="pro")["api_key"])
        graph, train, feeds = logistic_regression()
        graph_id = store(client, graph, "logreg-crash")
        expected = train_sync(client, graph_id, train, feeds)
        # From now on the transactions naming a run are its start (its record, checked
        # against the session) and the worker's checkpoints: the second checkpoint is
        # applied, then its worker dies.
        crash = {
            "service": "dynamodb",
            "operation": "TransactWriteItems",
            "mode": "crash_after_apply",
            "contains": keys.RUN_PREFIX,
            "after": 2,
            "times": 1,
        }
        control = crashing.state["aws_endpoint"] + faults.CONTROL_PATH
        headers = {"Content-Type": "application/json"}
        assert request("POST", control, headers, json.dumps([crash]).encode()).status == 200
        session_id, location = start_async(client, graph_id, train, feeds)
        run = wait(client, location)
        trained = variables(client, session_id)
        retried = "worker invocation failed" in (tmp_path / "runner.log").read_text()
        (rule,) = json.loads(request("GET", control).body)
    assert rule["hits"] == 1
    assert run["status"] == "succeeded", run
    assert run["completed_steps"] == STEPS
    for name in ("w", "b"):
        np.testing.assert_allclose(trained[name], expected[name], rtol=0, atol=1e-6)
    assert retried  # the crash happened, and Lambda's retry (emulated) resumed the run


def test_large_async_outputs_come_back_as_a_download_url(client):
    import graphgate as gg

    graph = gg.Graph()
    with graph.as_default():
        big = gg.Variable(gg.zeros([300, 300]), name="big")
        gg.assign_add(big, gg.ones([300, 300]), name="bump")
    graph_id = store(client, graph, "big-output")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    reply = client.call(
        "POST",
        f"/v1/sessions/{session['id']}/runs",
        {"fetches": "big", "targets": ["bump"], "steps": 3},
        {"Prefer": "respond-async"},
    )
    run = wait(client, reply.headers["location"])
    assert run["status"] == "succeeded"
    assert "outputs" not in run and run["outputs_url"].startswith("http")
    import zlib

    download = request("GET", run["outputs_url"])
    assert download.status == 200
    fetched = serialization.decode_tensor(json.loads(zlib.decompress(download.body)))
    # the variable as step 3 left it: a fetched variable is its value after the step's updates
    assert fetched.shape == (300, 300) and float(fetched[0, 0]) == 3.0


def test_an_async_run_reads_the_upload_it_was_accepted_with_to_its_end(client):
    """A run's worker reads its feeds' uploads again at every invocation, and an upload's
    URL stays valid 15 minutes: bytes sent to it once the run was accepted (checked
    against the graph) were what the next invocation trained on, or failed on."""
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg-upload")
    # GIVEN the points uploaded, and an async run over them accepted
    points = np.asarray(feeds["x"]["data"], np.float32).reshape(feeds["x"]["shape"])
    buffer = io.BytesIO()
    np.save(buffer, points)
    original = buffer.getvalue()
    target = client.call("POST", "/v1/uploads", {"bytes": len(original)}).json()
    put = request("PUT", target["url"], target["headers"], original)
    assert put.status == 200, put.body
    upload_feeds = {"x": {"upload_id": target["upload_id"]}, "y": feeds["y"]}
    _, location = start_async(client, graph_id, train, upload_feeds, steps=2000)
    # WHEN the upload's URL is sent other bytes of its size meanwhile
    replaced = request("PUT", target["url"], target["headers"], b"x" * len(original))
    # THEN storage refuses them: the URL writes its upload once
    assert replaced.status == 412, replaced.body
    run = wait(client, location)
    # AND the run trains to its end on the points it was accepted with
    assert run["status"] == "succeeded", run
    assert run["invocations"] >= 2
