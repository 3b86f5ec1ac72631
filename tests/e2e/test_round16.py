"""Adversarial probing, round 16 (docs/hardening.md), held over HTTP against the local
runner: lifecycles driven out of order — a batch whose graph is deleted after it was
accepted, a run accepted as its session is deleted — each answer checked against
the state the docs describe and the store read directly for what was left behind."""

import io
import threading
import time

import boto3
import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate_service import keys
from tests.hardening import counter_request
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def tenant(runner):
    return runner.create_tenant("round16-e2e", plan="pro")


@pytest.fixture(scope="module")
def client(runner, tenant):
    return Client(runner.url, tenant["api_key"])


def _aws(runner, service):
    return boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1"
    ).client(service, endpoint_url=runner.state["aws_endpoint"])


def _dataset(client, rows):
    buffer = io.BytesIO()
    np.save(buffer, np.arange(rows, dtype=np.float32))
    body = buffer.getvalue()
    spec = {"format": "npy", "name": "x", "bytes": len(body)}
    created = client.call("POST", "/v1/datasets", {"name": "r16", "files": [spec]})
    assert created.status == 201, created.body[:300]
    target = created.json()["uploads"][0]
    assert request("PUT", target["url"], target["headers"], body).status == 200
    completed = client.call("POST", f"/v1/datasets/{created.json()['id']}/complete")
    assert completed.status == 200, completed.body[:300]
    return created.json()["id"]


def _ended(client, location):
    for _ in range(600):
        batch = client.call("GET", location).json()
        if batch["status"] not in ("queued", "running"):
            return batch
        time.sleep(0.05)
    raise AssertionError(f"batch still {batch['status']}")


def test_a_graph_deleted_under_its_batch_changes_nothing_the_batch_computes(client):
    # A graph's batch read the graph in each shard's worker: deleted after the 202 (a
    # plain DELETE: a batch is no session), every shard not yet loaded failed with
    # GRAPH_NOT_FOUND (40 of 40), where a model version's batch ran on its own copy.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.multiply(x, gg.Variable(3.0, name="w"), name="y")
    document = {"name": "r16batch", "graph": serialization.graph_to_dict(graph)}
    graph_id = client.call("POST", "/v1/graphs", document).json()["id"]
    dataset = _dataset(client, 4000)
    body = {"graph": {"id": graph_id}, "fetches": ["y"], "dataset": dataset, "inputs": {"x": "x"}}
    submitted = client.call("POST", "/v1/batches", {**body, "rows_per_shard": 500})
    assert submitted.status == 202, submitted.body[:300]
    assert client.call("DELETE", f"/v1/graphs/{graph_id}").status == 204
    batch = _ended(client, submitted.headers["location"])
    assert batch["status"] == "succeeded", batch
    assert batch["shards"] == {"total": 8, "done": 8, "failed": 0}
    for shard in batch["outputs"]:
        got = np.load(io.BytesIO(request("GET", shard["url"]).body))["y"]
        np.testing.assert_array_equal(got, 3.0 * np.arange(shard["start"], shard["stop"]))


@pytest.mark.parametrize("mode", ["async", "read-only"])
def test_a_run_racing_its_sessions_delete_is_answered_and_leaves_nothing(
    runner, tenant, client, mode
):
    # A run whose start had read the session as its DELETE landed left its record in the
    # table for good: an async run's (1 race in 10, answered 202), a read-only run's (3 in
    # 16, answered 200). Now the async run is 202 and ended with the session, or the 404
    # a run asked for after the end gets; the read-only run answers what it read, or 404;
    # either way nothing of it is left.
    graph_id = client.call("POST", "/v1/graphs", counter_request("r16race")).json()["id"]
    run = {"fetches": "counter"}
    headers, answered = {}, 200
    if mode == "async":
        run |= {"targets": ["increment"], "steps": 400}
        headers, answered = {"Prefer": "respond-async"}, 202
    sessions = []
    for attempt in range(12):
        session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
        sessions.append(session)
        replies = {}

        def start(session=session, replies=replies):
            path = f"/v1/sessions/{session}/runs"
            replies["run"] = client.call("POST", path, run, headers)

        def delete(session=session, replies=replies):
            replies["delete"] = client.call("DELETE", f"/v1/sessions/{session}")

        threads = [threading.Thread(target=start), threading.Thread(target=delete)]
        for thread in threads if attempt % 2 else threads[::-1]:
            thread.start()
        for thread in threads:
            thread.join()
        assert replies["delete"].status == 204, replies["delete"].body[:300]
        started = replies["run"]
        assert started.status in (answered, 404), started.body[:300]
        if started.status == 404:
            assert started.json()["code"] == "SESSION_NOT_FOUND"
    if mode == "async":
        time.sleep(1.0)  # the workers of the runs accepted find their sessions gone
    dynamodb = _aws(runner, "dynamodb")
    for session in sessions:
        assert client.call("GET", f"/v1/sessions/{session}").status == 404
        pk = keys.session_pk(tenant["tenant_id"], session)
        left = dynamodb.query(
            TableName=runner.state["table"],
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
        )["Items"]
        assert left == [], left


def test_a_cancel_racing_its_sessions_delete_is_answered_as_one_order_gives(client):
    # A cancel that read the run before the session's DELETE freed it answered
    # "409 RUN_FINISHED: has already finished (running)" (1 race in 20): no serial order
    # gives that; cancel first is 202, delete first 404.
    graph_id = client.call("POST", "/v1/graphs", counter_request("r16cancel")).json()["id"]
    run = {"fetches": "counter", "targets": ["increment"], "steps": 5000}
    for attempt in range(12):
        session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
        path = f"/v1/sessions/{session}/runs"
        location = client.call("POST", path, run, {"Prefer": "respond-async"}).headers["location"]
        replies = {}

        def cancel(location=location, replies=replies):
            replies["cancel"] = client.call("DELETE", location)

        def delete(session=session, replies=replies, pause=0.003 * (attempt % 4)):
            time.sleep(pause)
            replies["delete"] = client.call("DELETE", f"/v1/sessions/{session}")

        threads = [threading.Thread(target=cancel), threading.Thread(target=delete)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert replies["delete"].status == 204, replies["delete"].body[:300]
        cancelled = replies["cancel"]
        assert cancelled.status in (202, 404), cancelled.body[:300]
        if cancelled.status == 404:
            assert cancelled.json()["code"] == "SESSION_NOT_FOUND"
