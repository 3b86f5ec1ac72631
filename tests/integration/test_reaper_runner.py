"""An expired session's leftovers through the local runner in this process: sessions
made and run over HTTP, their idle TTL passed (their items' `expires_at` moved into the
past, as time would), then the runner's TTL sweep (what DynamoDB's TTL does in the
background) deletes the expired items and hands the stream's records, through the
template's filter, to the reaper function. Nothing of the expired session is left in
the table or the bucket; everything of other sessions and tenants is."""

import os
import threading
import time
from typing import Any

import pytest

import graphgate as gg
from graphgate import serialization
from graphgate_service import aws as service_aws
from graphgate_service import jobs, keys, settings, tenants
from localrunner.runner import LocalRunner, RunnerConfig
from tests.support import Client

# Over the item's inline size once compressed: the variables go to S3.
BIG = 120_000


@pytest.fixture(scope="module")
def runner():
    environment = dict(os.environ)
    local = LocalRunner(RunnerConfig(port=0, data_dir=None, state_file=None)).start()
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    yield local
    local.stop()
    jobs.set_dispatcher(None)
    os.environ.clear()
    os.environ.update(environment)
    settings.get.cache_clear()
    service_aws.reset()


def new_tenant(runner: LocalRunner) -> tuple[str, Client]:
    ids = runner.template.physical_ids
    made = tenants.create_tenant(
        "reaper",
        "pro",
        apigateway=runner.clients["apigateway"],
        store=tenants.TenantStore(
            ids["Table"], ids["TensorBucket"], runner.clients["dynamodb"], runner.clients["s3"]
        ),
        usage_plan_id=ids["ProUsagePlan"],
        stage="local",
    )
    time.sleep(0.2)  # the gateway's next look-up of unknown keys (localrunner/usage.py)
    return made.tenant_id, Client(runner.server.url, made.api_key)


def big_graph() -> dict[str, Any]:
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable(gg.random_uniform([BIG], seed=1), name="v")
        x = gg.placeholder(gg.float32, [], name="x")
        gg.assign_add(v, gg.fill([BIG], x), name="add_x")
        gg.reduce_sum(v, name="total")
    return serialization.graph_to_dict(graph)


def session_with_runs(client: Client, graph_id: str) -> str:
    """A session with variables in S3, a committed run and an async run's record."""
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id, "idle_ttl_s": 60})
    assert session.status == 201, session.body
    session_id = session.json()["id"]
    run = {
        "fetches": {"t": "total:0"},
        "feeds": {"x": {"datatype": "FP32", "shape": [], "data": [1.0]}},
        "targets": ["add_x"],
    }
    reply = client.call("POST", f"/v1/sessions/{session_id}/runs", run)
    assert reply.status == 200, reply.body
    reply = client.call(
        "POST",
        f"/v1/sessions/{session_id}/runs",
        {**run, "steps": 3},
        headers={"Prefer": "respond-async"},
    )
    assert reply.status == 202, reply.body
    run_id = reply.json()["id"]
    for _ in range(200):  # the worker's thread
        run_status = client.call("GET", f"/v1/sessions/{session_id}/runs/{run_id}").json()
        if run_status["status"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    assert run_status["status"] == "succeeded", run_status
    return session_id


def left(runner: LocalRunner, tenant: str, session_id: str) -> tuple[list[str], list[str]]:
    """(sort keys of the session's partition, its object keys)."""
    ids = runner.template.physical_ids
    items = runner.clients["dynamodb"].query(
        TableName=ids["Table"],
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.session_pk(tenant, session_id)}},
    )["Items"]
    objects = runner.clients["s3"].list_objects_v2(
        Bucket=ids["TensorBucket"], Prefix=keys.session_prefix(tenant, session_id)
    )
    return [i["sk"]["S"] for i in items], [o["Key"] for o in objects.get("Contents", [])]


def idle_past_ttl(runner: LocalRunner, tenant: str, session_id: str) -> None:
    """Move the session's expiry into the past on the items that carry it, as its idle
    time passing would (the service reads them as expired, the TTL may delete them)."""
    dynamodb, table = runner.clients["dynamodb"], runner.template.physical_ids["Table"]
    past = {":past": {"N": str(int(time.time()) - 10)}}
    carried = [
        item
        for pk in (keys.session_pk(tenant, session_id), keys.sessions_pk(tenant))
        for item in dynamodb.query(
            TableName=table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
        )["Items"]
        if "expires_at" in item and session_id in (item["pk"]["S"] + item["sk"]["S"])
    ]
    graph_id = dynamodb.get_item(
        TableName=table, Key=keys.item_key(keys.session_pk(tenant, session_id), keys.META)
    )["Item"]["graph_id"]["S"]
    carried.append(
        keys.item_key(keys.graph_pk(tenant, graph_id), keys.graph_session_sk(session_id))
    )
    assert len(carried) == 3  # META, list entry, the graph's record of it
    for key in carried:
        dynamodb.update_item(
            TableName=table,
            Key={"pk": key["pk"], "sk": key["sk"]},
            UpdateExpression="SET expires_at = :past",
            ExpressionAttributeValues=past,
        )


def test_an_expired_sessions_records_and_objects_are_released_and_nothing_else(runner):
    tenant, client = new_tenant(runner)
    other_tenant, other_client = new_tenant(runner)
    graph = client.call("POST", "/v1/graphs", {"name": "big", "graph": big_graph()})
    assert graph.status == 201, graph.body
    expiring = session_with_runs(client, graph.json()["id"])
    kept = session_with_runs(client, graph.json()["id"])
    other_graph = other_client.call("POST", "/v1/graphs", {"name": "big", "graph": big_graph()})
    elsewhere = session_with_runs(other_client, other_graph.json()["id"])
    records, objects = left(runner, tenant, expiring)
    assert sum(sk.startswith(keys.RUN_PREFIX) for sk in records) == 2 and len(objects) >= 1
    before = {s: left(runner, t, s) for t, s in ((tenant, kept), (other_tenant, elsewhere))}

    idle_past_ttl(runner, tenant, expiring)
    assert client.call("GET", f"/v1/sessions/{expiring}").status == 404  # expired already
    assert runner.sweep_ttl() >= 3

    assert left(runner, tenant, expiring) == ([], [])
    # The other session of the tenant, and the other tenant's, are as they were.
    assert {s: left(runner, t, s) for t, s in ((tenant, kept), (other_tenant, elsewhere))} == before
    assert client.call("GET", f"/v1/sessions/{kept}").status == 200
    assert other_client.call("GET", f"/v1/sessions/{elsewhere}").status == 200
    listed = client.call("GET", "/v1/sessions").json()
    assert [s["id"] for s in listed["items"]] == [kept], listed
    # A second sweep finds nothing more to do.
    assert runner.sweep_ttl() == 0


def test_a_deleted_session_is_released_as_before_and_its_sweep_has_nothing_to_do(runner):
    tenant, client = new_tenant(runner)
    graph = client.call("POST", "/v1/graphs", {"name": "big", "graph": big_graph()})
    session_id = session_with_runs(client, graph.json()["id"])
    assert client.call("DELETE", f"/v1/sessions/{session_id}").status == 204
    assert left(runner, tenant, session_id) == ([], [])
    runner.sweep_ttl()
    assert left(runner, tenant, session_id) == ([], [])
