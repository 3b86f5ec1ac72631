"""Fault injection (issue 9.4): the embedded AWS throttles, loses answers and
drops connections on command (localrunner/faults.py), and the graphs API must
answer a clear 503 with Retry-After (never a 502/504, never a hang), or
succeed, and write nothing partial or twice."""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from localrunner import faults
from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS
from tests.hardening import Tenant, graph_request
from tests.support import request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only, pytest.mark.faults]

# The slowest honest 503: 3 attempts with backoff, per AWS call, well under
# API Gateway's 29 s.
BOUND_S = 12.0


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("faults")
    with (
        pytest.MonkeyPatch.context() as patch,
        open(workdir / "runner.log", "w", encoding="utf-8") as log,
    ):
        patch.setenv(faults.ENV_FLAG, "1")
        process = RunnerProcess(workdir, E2E_PARAMETERS, log=log).start()
        patch.delenv(faults.ENV_FLAG)
        yield process
        process.stop()


@pytest.fixture
def tenant(runner):
    tenant = Tenant.create(runner, "faults")
    tenant.new_graph("before")
    yield tenant
    inject(runner, [])


def inject(runner, rules: list[dict]) -> list[dict]:
    url = runner.state["aws_endpoint"] + faults.CONTROL_PATH
    if not rules:
        return request("DELETE", url).json()
    reply = request("POST", url, {"Content-Type": "application/json"}, json.dumps(rules).encode())
    assert reply.status == 200, reply.body
    return reply.json()


def stored(runner, tenant: Tenant) -> dict:
    """What the table holds for the tenant: graphs (META items) and the usage counters."""
    dynamodb = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1"
    ).client("dynamodb", endpoint_url=runner.state["aws_endpoint"])
    items = [
        item
        for page in dynamodb.get_paginator("scan").paginate(TableName=runner.state["table"])
        for item in page["Items"]
        if item["pk"]["S"].startswith(f"TENANT#{tenant.tenant_id}#GRAPH")
        or item["pk"]["S"] == f"TENANT#{tenant.tenant_id}"
    ]
    metas = {i["pk"]["S"].rsplit("#", 1)[1]: i for i in items if i["sk"]["S"] == "META"}
    profile = next(i for i in items if i["sk"]["S"] == "PROFILE")
    return {
        "graphs": {gid: (m["etag"]["S"], int(m["revision"]["N"])) for gid, m in metas.items()},
        "revisions": sorted(i["pk"]["S"] + i["sk"]["S"] for i in items if "REV#" in i["sk"]["S"]),
        "listed": sorted(
            i["sk"]["S"].rsplit("#", 1)[1] for i in items if "#GRAPHS" in i["pk"]["S"]
        ),
        "graph_count": int(profile.get("graph_count", {"N": "0"})["N"]),
        "stored_bytes": int(profile.get("stored_bytes", {"N": "0"})["N"]),
    }


def timed(call):
    started = time.monotonic()
    reply = call()
    return reply, time.monotonic() - started


def assert_clear_503(reply, elapsed: float) -> None:
    assert reply.status == 503, (reply.status, reply.body[:300])
    assert int(reply.headers["retry-after"]) >= 1
    assert reply.json()["code"] in ("DEPENDENCY_UNAVAILABLE", "WRITE_CANCELLED", "WRITE_CONFLICT")
    assert elapsed < BOUND_S


def test_dynamodb_throttling_every_call_is_a_clear_503_on_every_route(runner, tenant):
    # GIVEN a graph, a warm authorizer cache (its decision is cached 30 s)
    graph_id = next(iter(tenant.graphs))
    etag = tenant.graphs[graph_id]
    assert tenant.client.call("GET", "/v1/graphs").status == 200
    before = stored(runner, tenant)
    calls = {
        "create": lambda: tenant.client.call("POST", "/v1/graphs", graph_request("new")),
        "list": lambda: tenant.client.call("GET", "/v1/graphs"),
        "get": lambda: tenant.client.call("GET", f"/v1/graphs/{graph_id}"),
        "replace": lambda: tenant.client.call(
            "PUT", f"/v1/graphs/{graph_id}", graph_request("r", 2.0), {"If-Match": etag}
        ),
        "patch": lambda: tenant.client.call(
            "PATCH",
            f"/v1/graphs/{graph_id}",
            raw=b'{"name": "p"}',
            headers={"Content-Type": "application/merge-patch+json"},
        ),
        "delete": lambda: tenant.client.call("DELETE", f"/v1/graphs/{graph_id}"),
        "revisions": lambda: tenant.client.call("GET", f"/v1/graphs/{graph_id}/revisions"),
        "idempotent create": lambda: tenant.client.call(
            "POST", "/v1/graphs", graph_request("k"), {"Idempotency-Key": "throttled-1"}
        ),
        "token": lambda: request(
            "POST",
            f"{runner.url}/v1/tokens",
            {"x-api-key": tenant.api_key, "Content-Type": "application/json"},
            b"{}",
        ),
        "health": lambda: request("GET", f"{runner.url}/v1/health", {"x-api-key": tenant.api_key}),
    }
    # WHEN every DynamoDB call is throttled
    inject(runner, [{"service": "dynamodb", "operation": "*", "mode": "throttle"}])
    with ThreadPoolExecutor(len(calls)) as pool:
        replies = dict(zip(calls, pool.map(lambda c: timed(c), calls.values()), strict=True))
    inject(runner, [])
    # THEN each route says 503 with Retry-After, quickly, and nothing was written
    for name, (reply, elapsed) in replies.items():
        assert reply.status == 503, (name, reply.status, reply.body[:300])
        assert_clear_503(reply, elapsed)
    assert stored(runner, tenant) == before
    after = tenant.client.call("GET", f"/v1/graphs/{graph_id}")
    assert after.status == 200 and after.headers["etag"] == etag


@pytest.mark.parametrize("operation", ["create", "replace", "patch", "delete"])
def test_a_write_applied_whose_answer_was_lost_is_retried_harmlessly(runner, tenant, operation):
    # GIVEN DynamoDB applies the next write of this tenant, then answers "throttled"
    graph_id = next(iter(tenant.graphs))
    etag = tenant.graphs[graph_id]
    before = stored(runner, tenant)
    inject(
        runner,
        [
            {
                "service": "dynamodb",
                "operation": "TransactWriteItems",
                "mode": "throttle_after_apply",
                "times": 1,
                "contains": tenant.tenant_id,
            }
        ],
    )
    # WHEN the client makes that write
    reply = {
        "create": lambda: tenant.client.call("POST", "/v1/graphs", graph_request("once")),
        "replace": lambda: tenant.client.call(
            "PUT", f"/v1/graphs/{graph_id}", graph_request("r", 3.0), {"If-Match": etag}
        ),
        "patch": lambda: tenant.client.call(
            "PATCH",
            f"/v1/graphs/{graph_id}",
            raw=b'{"tags": ["patched"]}',
            headers={"Content-Type": "application/merge-patch+json", "If-Match": etag},
        ),
        "delete": lambda: tenant.client.call("DELETE", f"/v1/graphs/{graph_id}"),
    }[operation]()
    inject(runner, [])
    assert reply.status in (200, 201, 204), reply.body
    # THEN the SDK's retry, carrying the same ClientRequestToken, succeeded
    # without applying twice: the store changed by exactly one write
    after = stored(runner, tenant)
    if operation == "create":
        assert len(after["graphs"]) == len(before["graphs"]) + 1
        assert after["graph_count"] == before["graph_count"] + 1
        assert len(after["listed"]) == len(before["listed"]) + 1
    elif operation == "delete":
        assert graph_id not in after["graphs"] and graph_id not in after["listed"]
        assert after["graph_count"] == before["graph_count"] - 1
    else:
        revision = before["graphs"][graph_id][1] + (operation == "replace")
        assert after["graphs"][graph_id] == (reply.headers["etag"], revision)
        assert len(after["revisions"]) == len(before["revisions"]) + (operation == "replace")


def test_a_lost_idempotency_claim_does_not_block_its_own_request(runner, tenant):
    # GIVEN the Idempotency-Key claim is applied but its answer is lost
    inject(
        runner,
        [
            {
                "service": "dynamodb",
                "operation": "PutItem",
                "mode": "throttle_after_apply",
                "times": 1,
                "contains": tenant.tenant_id,
            }
        ],
    )
    before = stored(runner, tenant)
    # WHEN the create runs (the SDK retries the claim)
    reply = tenant.client.call(
        "POST", "/v1/graphs", graph_request("claimed"), {"Idempotency-Key": "lost-claim"}
    )
    inject(runner, [])
    # THEN the retried claim is recognised as this request's own, the work is
    # done once, and a later retry by the client replays it
    assert reply.status == 201, reply.body
    again = tenant.client.call(
        "POST", "/v1/graphs", graph_request("claimed"), {"Idempotency-Key": "lost-claim"}
    )
    assert again.status == 201 and again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == reply.json()["id"]
    assert stored(runner, tenant)["graph_count"] == before["graph_count"] + 1


@pytest.mark.parametrize("times", [1, None])
def test_a_connection_dropped_before_the_write(runner, tenant, times):
    # GIVEN the connection to DynamoDB drops before the write reaches it
    # (once: the SDK's retry gets through; always: it gives up)
    before = stored(runner, tenant)
    rule = {"service": "dynamodb", "operation": "TransactWriteItems", "mode": "disconnect"}
    inject(runner, [{**rule, "contains": tenant.tenant_id, "times": times}])
    reply, elapsed = timed(
        lambda: tenant.client.call("POST", "/v1/graphs", graph_request("dropped"))
    )
    inject(runner, [])
    after = stored(runner, tenant)
    if times == 1:
        assert reply.status == 201, reply.body
        assert after["graph_count"] == before["graph_count"] + 1
    else:
        assert_clear_503(reply, elapsed)
        assert after == before


def test_s3_unavailable_is_a_clear_503_and_leaves_no_graph_pointing_at_nothing(runner, tenant):
    # GIVEN a graph too large to keep inline (it goes to S3), and S3 down
    big = graph_request("big")
    values = [(i * 7919 % 104729) / 104729 for i in range(120_000)]
    big["graph"]["nodes"][0]["attrs"]["value"].update(shape=[len(values)], data=values)
    big["graph"]["nodes"][1]["attrs"]["value"].update(shape=[len(values)], data=values[::-1])
    stored_big = tenant.client.call("POST", "/v1/graphs", big)
    assert stored_big.status == 201, stored_big.body[:300]
    big_id = stored_big.json()["id"]
    before = stored(runner, tenant)
    inject(runner, [{"service": "s3", "operation": "*", "mode": "throttle"}])
    # WHEN it is stored again, and the stored one is read
    created, created_s = timed(lambda: tenant.client.call("POST", "/v1/graphs", big))
    read, read_s = timed(lambda: tenant.client.call("GET", f"/v1/graphs/{big_id}"))
    small = tenant.client.call("GET", f"/v1/graphs/{next(iter(tenant.graphs))}")
    inject(runner, [])
    # THEN both are 503 with Retry-After, nothing was written, small graphs still work
    assert_clear_503(created, created_s)
    assert_clear_503(read, read_s)
    assert small.status == 200
    assert stored(runner, tenant) == before
    assert tenant.client.call("GET", f"/v1/graphs/{big_id}").status == 200


def test_the_control_path_is_inert_without_the_flag():
    # The shared e2e runner starts without GRAPHGATE_FAULT_INJECTION: moto
    # answers the path as an unknown request, and no rule can be set.
    assert faults.Faults(enabled=False).control({"PATH_INFO": faults.CONTROL_PATH}) is None
