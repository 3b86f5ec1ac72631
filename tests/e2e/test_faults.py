"""Fault injection (issue 9.4): the embedded AWS throttles, stalls, loses
answers, drops connections and kills a worker after its write on command
(localrunner/faults.py), and the API must answer a clear 503 with Retry-After
(never a 502/504, never a hang), or succeed, and write nothing partial or
twice; async runs resume from their last checkpoint."""

import json
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import boto3
import pytest

from graphgate.serialization import decode_tensor
from graphgate_service import keys
from graphgate_service.storage import ITEM_BLOB_INLINE_BYTES
from localrunner import faults
from localrunner.client import Client
from localrunner.gateway import INTEGRATION_TIMEOUT_MS
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
    """Put `rules` in force; with none, clear them and return them with their hits."""
    url = runner.state["aws_endpoint"] + faults.CONTROL_PATH
    if not rules:
        in_force = request("GET", url).json()
        request("DELETE", url)
        return in_force
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
        if item["pk"]["S"].startswith(keys.graph_pk(tenant.tenant_id, ""))
        or item["pk"]["S"] in (keys.graphs_pk(tenant.tenant_id), keys.tenant_pk(tenant.tenant_id))
    ]
    metas = {i["pk"]["S"].rsplit("#", 1)[1]: i for i in items if i["sk"]["S"] == keys.META}
    profile = next(i for i in items if i["sk"]["S"] == keys.PROFILE)
    return {
        "graphs": {gid: (m["etag"]["S"], int(m["revision"]["N"])) for gid, m in metas.items()},
        "revisions": sorted(
            i["pk"]["S"] + i["sk"]["S"] for i in items if keys.REVISION_PREFIX in i["sk"]["S"]
        ),
        "listed": sorted(
            i["sk"]["S"].rsplit("#", 1)[1]
            for i in items
            if i["pk"]["S"] == keys.graphs_pk(tenant.tenant_id)
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


def graph_routes(tenant: Tenant, graph_id: str, etag: str) -> dict:
    """A call of each graphs route, by name, for the scenarios that fail them all."""
    return {
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
    }


def test_dynamodb_throttling_every_call_is_a_clear_503_on_every_route(runner, tenant):
    # GIVEN a graph, a warm authorizer cache (its decision is cached 30 s)
    graph_id = next(iter(tenant.graphs))
    etag = tenant.graphs[graph_id]
    assert tenant.client.call("GET", "/v1/graphs").status == 200
    before = stored(runner, tenant)
    calls = {
        **graph_routes(tenant, graph_id, etag),
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


# ------------------------------------------------------------- stalled calls
# A stall longer than the SDK's 5 s read timeout: every attempt times out.
STALL_S = 6.0
# The API functions' timeout in the stall runner: the template's 10 s of the
# token and health functions for all of them, so that a second stalled
# attempt, anywhere, would outlast its invocation (a 502 without the guard).
SHORT_TIMEOUT_S = 10
SHORT_TIMEOUTS = {"GraphsFunction": SHORT_TIMEOUT_S, "SessionsFunction": SHORT_TIMEOUT_S}
# A 503 (not the runner's 502 for a function past its timeout, nor a "Task timed out"
# line) shows the function answered in time; the client's own clock only shows the
# answer came before API Gateway would have given up, whatever else the machine runs.
GATEWAY_TIMEOUT_S = INTEGRATION_TIMEOUT_MS / 1000


@dataclass
class Stalled:
    """A runner with short function timeouts, over data stored before it started."""

    runner: RunnerProcess
    tenant: Tenant  # a graph, a large graph (in S3) and a session on a counter graph
    graph_id: str
    big_id: str
    session_id: str


@pytest.fixture(scope="module")
def stalled(tmp_path_factory):
    # The GIVEN state is stored under the template's timeouts: storing a large graph on
    # a loaded machine may take longer than the short ones leave, and that is not what
    # these tests are about. The same data is then served with SHORT_TIMEOUTS.
    workdir = tmp_path_factory.mktemp("faults-short")
    with (
        pytest.MonkeyPatch.context() as patch,
        open(workdir / "runner.log", "w", encoding="utf-8") as log,
    ):
        with RunnerProcess(workdir, E2E_PARAMETERS, log=log) as normal:
            tenant = Tenant.create(normal, "stalled")
            graph_id = tenant.new_graph("before")
            big = tenant.client.call("POST", "/v1/graphs", big_graph_request())
            assert big.status == 201, big.body[:300]
            tenant.graphs[big.json()["id"]] = big.json()["etag"]
            session_id = tenant.new_session()
        patch.setenv(faults.ENV_FLAG, "1")
        process = RunnerProcess(
            workdir, E2E_PARAMETERS, log=log, function_timeouts=SHORT_TIMEOUTS
        ).start()
        patch.delenv(faults.ENV_FLAG)
        tenant.client.url = process.url  # its token outlives the restart, as its data does
        yield Stalled(process, tenant, graph_id, big.json()["id"], session_id)
        process.stop()


def big_graph_request() -> dict:
    """A graph just over ITEM_BLOB_INLINE_BYTES compressed: stored in S3, not inline."""
    big = graph_request("big")
    values = [(i * 7919 % 104729) / 104729 for i in range(24_000)]
    big["graph"]["nodes"][0]["attrs"]["value"].update(shape=[len(values)], data=values)
    big["graph"]["nodes"][1]["attrs"]["value"].update(shape=[len(values)], data=values[::-1])
    compressed = zlib.compress(json.dumps(big["graph"]).encode(), 6)
    assert ITEM_BLOB_INLINE_BYTES < len(compressed) < 2 * ITEM_BLOB_INLINE_BYTES
    return big


def session_state(tenant: Tenant, session_id: str) -> tuple[int, float]:
    """(version, counter) of a session on the counter graph."""
    session = tenant.client.call("GET", f"/v1/sessions/{session_id}").json()
    body = tenant.client.call("GET", f"/v1/sessions/{session_id}/variables").json()
    return session["version"], float(decode_tensor(body["variables"]["counter"]))


def test_stalled_dependencies_are_a_clear_503_within_the_function_timeout(stalled):
    # GIVEN a tenant with a graph, a large graph (in S3), a session, a warm
    # authorizer cache for one client and a cold one for another
    short_runner, tenant, graph_id = stalled.runner, stalled.tenant, stalled.graph_id
    session_id, etag = stalled.session_id, tenant.graphs[graph_id]
    cold = Client(short_runner.url, tenant.api_key)
    assert tenant.client.call("GET", "/v1/graphs").status == 200
    before, session_before = stored(short_runner, tenant), session_state(tenant, session_id)
    run = {"fetches": "counter", "targets": ["increment"], "steps": 2}
    calls = {
        **graph_routes(tenant, graph_id, etag),
        "idempotent create": lambda: tenant.client.call(
            "POST", "/v1/graphs", graph_request("k"), {"Idempotency-Key": "stalled-1"}
        ),
        "session run": lambda: tenant.client.call("POST", f"/v1/sessions/{session_id}/runs", run),
        "async run": lambda: tenant.client.call(
            "POST", f"/v1/sessions/{session_id}/runs", run, {"Prefer": "respond-async"}
        ),
        "token": lambda: request(
            "POST",
            f"{short_runner.url}/v1/tokens",
            {"x-api-key": tenant.api_key, "Content-Type": "application/json"},
            b"{}",
        ),
        "health": lambda: request(
            "GET", f"{short_runner.url}/v1/health", {"x-api-key": tenant.api_key}
        ),
        "cold authorizer": lambda: cold.call("GET", "/v1/graphs"),
    }
    # WHEN every DynamoDB call stalls past the SDK's read timeout
    inject(
        short_runner,
        [{"service": "dynamodb", "operation": "*", "mode": "stall", "seconds": STALL_S}],
    )
    with ThreadPoolExecutor(len(calls)) as pool:
        replies = dict(zip(calls, pool.map(lambda c: timed(c), calls.values()), strict=True))
    # THEN every route answers 503 with Retry-After before its function's
    # timeout (never the gateway's 502/504), and nothing was written
    inject(short_runner, [])
    for name, (reply, elapsed) in replies.items():
        assert reply.status == 503, (name, reply.status, reply.body[:300])
        assert int(reply.headers["retry-after"]) >= 1, name
        assert elapsed < GATEWAY_TIMEOUT_S, (name, elapsed)
    assert replies["cold authorizer"][0].json()["code"] == "AUTHORIZER_UNAVAILABLE"
    assert all(
        r.json()["code"] == "DEPENDENCY_UNAVAILABLE"
        for n, (r, _) in replies.items()
        if n != "cold authorizer"
    )
    assert stored(short_runner, tenant) == before
    assert session_state(tenant, session_id) == session_before
    assert "Task timed out" not in (short_runner.workdir / "runner.log").read_text()
    assert tenant.client.call("GET", f"/v1/graphs/{graph_id}").headers["etag"] == etag
    assert cold.call("GET", "/v1/graphs").status == 200


def test_stalled_s3_is_a_clear_503_for_large_graphs_only(stalled):
    # GIVEN a large graph stored in S3 and a small one inline
    short_runner, tenant = stalled.runner, stalled.tenant
    small_id, big_id = stalled.graph_id, stalled.big_id
    before = stored(short_runner, tenant)
    # WHEN S3 stalls past the read timeout, and a large graph is stored and read
    inject(short_runner, [{"service": "s3", "operation": "*", "mode": "stall", "seconds": STALL_S}])
    with ThreadPoolExecutor(2) as pool:
        created = pool.submit(
            timed, lambda: tenant.client.call("POST", "/v1/graphs", big_graph_request())
        )
        read = pool.submit(timed, lambda: tenant.client.call("GET", f"/v1/graphs/{big_id}"))
        small = tenant.client.call("GET", f"/v1/graphs/{small_id}")
        created, read = created.result(), read.result()
    inject(short_runner, [])
    # THEN both are 503 with Retry-After in time, the small graph is unaffected,
    # nothing was written, and the large graph is whole afterwards
    for reply, elapsed in (created, read):
        assert reply.status == 503, (reply.status, reply.body[:300])
        assert reply.json()["code"] == "DEPENDENCY_UNAVAILABLE"
        assert int(reply.headers["retry-after"]) >= 1 and elapsed < GATEWAY_TIMEOUT_S
    assert small.status == 200
    assert stored(short_runner, tenant) == before
    assert "Task timed out" not in (short_runner.workdir / "runner.log").read_text()
    assert tenant.client.call("GET", f"/v1/graphs/{big_id}").status == 200


# ------------------------------------------------------- the authorizer, cold
def test_a_cold_authorizer_cache_under_throttling_is_a_503_then_works(runner, tenant):
    # GIVEN credentials the authorizer has never seen (its cache is cold for them)
    cold = Client(runner.url, tenant.api_key)
    # WHEN DynamoDB throttles the tenant's every call
    inject(
        runner,
        [
            {
                "service": "dynamodb",
                "operation": "*",
                "mode": "throttle",
                "contains": tenant.tenant_id,
            }
        ],
    )
    refused, elapsed = timed(lambda: cold.call("GET", "/v1/graphs"))
    inject(runner, [])
    # THEN a 503 with Retry-After (not 500/401/403), which is not cached:
    # once the fault clears the same credentials work
    assert refused.status == 503, (refused.status, refused.body[:300])
    assert refused.json()["code"] == "AUTHORIZER_UNAVAILABLE"
    assert int(refused.headers["retry-after"]) >= 1 and elapsed < BOUND_S
    assert cold.call("GET", "/v1/graphs").status == 200


# ------------------------------------------------------------ async runs
ASYNC_STEPS = 200  # 8 checkpoints of 25 steps


def start_counting(tenant: Tenant, session_id: str) -> str:
    reply = tenant.client.call(
        "POST",
        f"/v1/sessions/{session_id}/runs",
        {"fetches": "counter", "targets": ["increment"], "steps": ASYNC_STEPS},
        {"Prefer": "respond-async"},
    )
    assert reply.status == 202, reply.body
    return reply.headers["location"]


def wait_for(tenant: Tenant, location: str, timeout_s: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        reply = tenant.client.call("GET", location)
        # The poll itself may meet the fault: a 503 is to be retried, as any client would.
        run = reply.json()
        if reply.status != 503 and run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.05)
    raise AssertionError(f"run still {run['status']} after {timeout_s} s: {run}")


def assert_counted_once(tenant: Tenant, session_id: str, run: dict) -> None:
    """Every step applied exactly once: the counter, the versions and the history agree."""
    assert run["status"] == "succeeded", run
    assert run["completed_steps"] == ASYNC_STEPS
    steps = [h["step"] for h in run["history"]]
    assert steps == list(range(25, ASYNC_STEPS + 1, 25)), steps
    # (a variable fetched with its update target is its value after the step: TF1 fetches
    # its buffer once the step has run)
    assert [h["outputs"]["counter"] for h in run["history"]] == [float(s) for s in steps]
    assert session_state(tenant, session_id) == (1 + len(steps), float(ASYNC_STEPS))


@pytest.mark.parametrize("mode", ["crash_after_apply", "throttle_after_apply"])
def test_a_worker_dying_after_a_checkpoint_resumes_from_it(runner, tenant, mode):
    # GIVEN the third checkpoint of a run is applied and then its worker dies
    # (crash_after_apply), or only its answer is lost (throttle_after_apply); the
    # session's first transaction is the run's start
    session_id = tenant.new_session()
    rule = {
        "service": "dynamodb",
        "operation": "TransactWriteItems",
        "mode": mode,
        "contains": session_id,
        "after": 3,
        "times": 1,
    }
    inject(runner, [rule])
    # WHEN the run goes on (Lambda retries a failed event; the SDK a lost answer)
    run = wait_for(tenant, start_counting(tenant, session_id))
    (hit,) = inject(runner, [])
    # THEN the fault struck, and the run ends as an uninterrupted one would:
    # 200 increments, each checkpoint once, none applied twice
    assert hit["hits"] == 1
    assert_counted_once(tenant, session_id, run)
    if mode == "crash_after_apply":  # the invocation failed, and Lambda's retry resumed
        assert "InjectedCrash" in (runner.workdir / "runner.log").read_text()


def test_throttling_during_an_async_run_is_retried_and_nothing_is_half_applied(runner, tenant):
    # GIVEN DynamoDB throttles the session's calls five times in a row, after a
    # few went through: more than the SDK's 3 attempts absorb, so one worker
    # invocation fails and Lambda's retry of it carries on
    session_id = tenant.new_session()
    inject(
        runner,
        [
            {
                "service": "dynamodb",
                "operation": "*",
                "mode": "throttle",
                "contains": session_id,
                "after": 6,
                "times": 5,
            }
        ],
    )
    run = wait_for(tenant, start_counting(tenant, session_id))
    (hit,) = inject(runner, [])
    assert hit["hits"] == 5
    assert_counted_once(tenant, session_id, run)


def test_persistent_throttling_stops_a_run_at_its_last_checkpoint(runner, tenant):
    # GIVEN every checkpoint after the second is throttled, for good (the first of the
    # session's transactions is the run's start: its record, checked against the session)
    session_id = tenant.new_session()
    inject(
        runner,
        [
            {
                "service": "dynamodb",
                "operation": "TransactWriteItems",
                "mode": "throttle",
                "contains": session_id,
                "after": 3,
            }
        ],
    )
    location = start_counting(tenant, session_id)
    # WHEN Lambda's retries of the worker event are used up (dead-lettered)
    log = runner.workdir / "runner.log"
    deadline = time.monotonic() + 30
    while "worker event dead-lettered" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    inject(runner, [])
    # THEN the session holds exactly the last checkpoint the run reports:
    # 50 increments, nothing of the chunk that could not be stored
    run = tenant.client.call("GET", location).json()
    assert "worker event dead-lettered" in log.read_text()
    assert run["completed_steps"] == 50, run
    assert session_state(tenant, session_id) == (3, 50.0)


# --------------------------------------------------- deleting under throttling
def test_a_delete_whose_cleanup_batch_is_throttled_leaves_no_revisions(runner, tenant):
    # GIVEN a graph with several revisions, and the cleanup's BatchWriteItem
    # throttled twice (the SDK retries the whole batch; the service its leftovers)
    graph_id = tenant.new_graph("revised")
    for value in (2.0, 3.0, 4.0):
        reply = tenant.client.call(
            "PUT",
            f"/v1/graphs/{graph_id}",
            graph_request("revised", value),
            {"If-Match": tenant.graphs[graph_id]},
        )
        assert reply.status == 200, reply.body
        tenant.graphs[graph_id] = reply.headers["etag"]
    assert any(graph_id in r for r in stored(runner, tenant)["revisions"])
    inject(
        runner,
        [
            {
                "service": "dynamodb",
                "operation": "BatchWriteItem",
                "mode": "partial_batch",
                "contains": graph_id,
                "times": 3,
            }
        ],
    )
    # WHEN it is deleted
    reply = tenant.client.call("DELETE", f"/v1/graphs/{graph_id}")
    (hit,) = inject(runner, [])
    # THEN 204, and not one of its items is left behind
    assert hit["hits"] == 3
    assert reply.status == 204, reply.body
    assert not [r for r in stored(runner, tenant)["revisions"] if graph_id in r]
