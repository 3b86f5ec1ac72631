"""Adversarial probing, round 23 (docs/hardening.md), held over HTTP against the local
runner: what a tenant's usage counts when a batch is cancelled with shards in flight, and
what a batch or a graph refused at a plan's cap costs and keeps."""

import io
import time

import boto3
import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate_service import keys
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ROWS, ROWS_PER_SHARD = 2_000, 250


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round23-e2e", plan="pro")["api_key"])


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _dataset(client: Client, arrays: dict[str, np.ndarray]) -> str:
    files = {name: _npy(array) for name, array in arrays.items()}
    registered = client.call(
        "POST",
        "/v1/datasets",
        {
            "name": "round23",
            "files": [{"format": "npy", "name": n, "bytes": len(b)} for n, b in files.items()],
        },
    )
    assert registered.status == 201, registered.body[:300]
    for upload, body in zip(registered.json()["uploads"], files.values(), strict=True):
        assert request("PUT", upload["url"], upload.get("headers") or {}, body).status == 200
    dataset_id = registered.json()["id"]
    completed = client.call("POST", f"/v1/datasets/{dataset_id}/complete")
    assert completed.status == 200, completed.body[:300]
    return dataset_id


def _slow_rows_graph(spins: int = 20_000) -> dict:
    """y = x + 1, after a loop of `spins` steps (a few hundred milliseconds a shard)."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        spin = gg.while_loop(lambda i: i < spins, lambda i: i + 1, [gg.constant(0)])
        gg.add(x, 1.0 + gg.cast(spin, gg.float32) * 0.0, name="y")
    return serialization.graph_to_dict(graph)


def _paced(client: Client, method: str, path: str, body=None):
    """One call, waiting out the free plan's 429s (2 a second in the end-to-end runner)."""
    for _ in range(20):
        reply = client.call(method, path, body)
        if reply.status != 429:
            return reply
        time.sleep(float(reply.headers.get("retry-after", 1)))
    raise AssertionError(f"{method} {path} kept being throttled")


def _settled(client: Client, location: str, quiet_s: float = 2.0) -> dict:
    """The batch once no shard has finished for `quiet_s` (those in flight at a cancel)."""
    deadline = time.monotonic() + 60
    batch = client.call("GET", location).json()
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        again = client.call("GET", location).json()
        if again["status"] != "running" and again["rows_done"] == batch["rows_done"]:
            return again
        batch = again
    raise AssertionError(f"batch still moving: {batch}")


def test_shards_finishing_after_their_batchs_cancel_are_in_the_usage(client):
    # GIVEN a batch of 8 slow shards, two at a time, cancelled as soon as its first shard
    # is done, with the next ones running (the cancel metered the shards done by then;
    # those running finished after it, their rows in `outputs` but never in the usage: a
    # cancel just after the start, at a plan's full concurrency, got up to 1,000 shards of
    # work unmetered)
    stored = client.call("POST", "/v1/graphs", {"name": "round23", "graph": _slow_rows_graph()})
    assert stored.status == 201, stored.body[:300]
    dataset_id = _dataset(client, {"x": np.ones((ROWS, 2), np.float32)})
    before = client.call("GET", "/v1/usage").json()["runs"]
    submitted = client.call(
        "POST",
        "/v1/batches",
        {
            "graph": {"id": stored.json()["id"]},
            "fetches": {"y": "y:0"},
            "dataset": dataset_id,
            "inputs": {"x": "x"},
            "rows_per_shard": ROWS_PER_SHARD,
            "max_concurrency": 2,
        },
    )
    assert submitted.status == 202, submitted.body[:300]
    location = submitted.headers["location"]

    deadline = time.monotonic() + 60
    while client.call("GET", location).json()["rows_done"] == 0:
        assert time.monotonic() < deadline
        time.sleep(0.02)

    # WHEN it is cancelled and the shards in flight have finished
    assert client.call("DELETE", location).status == 202
    batch = _settled(client, location)
    assert batch["status"] == "cancelled"
    assert len(batch.get("outputs", [])) * ROWS_PER_SHARD == batch["rows_done"] > 0, batch

    # THEN the usage holds one run, for every row the outputs hold (8 bytes a row read,
    # 8 written), nothing more and nothing less
    runs = client.call("GET", "/v1/usage").json()["runs"]
    assert runs["runs"] - before["runs"] == (1 if batch["rows_done"] else 0)
    assert runs["feed_bytes"] - before["feed_bytes"] == batch["rows_done"] * 8
    assert runs["fetched_bytes"] - before["fetched_bytes"] == batch["rows_done"] * 8


def test_a_batch_refused_at_the_running_cap_does_no_work_and_keeps_nothing(runner):
    # GIVEN a free tenant running the two batches its plan runs at once (a third was
    # refused only after its probe run of the graph, with its manifest and variables
    # written to S3 and kept there for the batch retention's 30 days, no record pointing
    # at them)
    tenant = runner.create_tenant("round23-cap", plan="free")
    client = Client(runner.url, tenant["api_key"])
    # shards of a second or more: the two batches run through the third's submission
    slow = _slow_rows_graph(spins=60_000)
    stored = _paced(client, "POST", "/v1/graphs", {"name": "cap", "graph": slow})
    assert stored.status == 201, stored.body[:300]
    dataset_id = _dataset(client, {"x": np.ones((ROWS, 2), np.float32)})
    body = {
        "graph": {"id": stored.json()["id"]},
        "fetches": {"y": "y:0"},
        "dataset": dataset_id,
        "inputs": {"x": "x"},
        "rows_per_shard": ROWS_PER_SHARD,
        "max_concurrency": 1,
    }
    running = [_paced(client, "POST", "/v1/batches", body) for _ in range(2)]
    assert [reply.status for reply in running] == [202, 202], running[-1].body[:300]
    s3 = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1"
    ).client("s3", endpoint_url=runner.state["aws_endpoint"])
    bucket = next(b["Name"] for b in s3.list_buckets()["Buckets"] if "tensor" in b["Name"])
    prefix = keys.batch_prefix(tenant["tenant_id"], "").removesuffix("/")  # every batch's

    def batches_in_s3() -> set[str]:
        listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
        return {o["Key"][len(prefix) :].split("/")[0] for o in listed}

    held = batches_in_s3()
    assert held == {reply.json()["id"] for reply in running}

    # WHEN a third is submitted
    third = _paced(client, "POST", "/v1/batches", body)

    # THEN it is the cap's 422, and nothing of it is stored
    assert third.status == 422, third.body[:300]
    assert (third.json()["code"], third.json()["cap"]) == ("PLAN_LIMIT_EXCEEDED", "batches_running")
    assert batches_in_s3() == held
    for reply in running:
        _paced(client, "DELETE", reply.headers["location"])


def test_a_graph_refused_at_the_plans_cap_is_refused_before_its_document_is_checked(runner, client):
    # GIVEN a free tenant holding its plan's 20 graphs (a document was checked by the engine
    # before the cap refused it: 6-13 s of the graphs function for one near the node limit)
    capped = Client(runner.url, runner.create_tenant("round23-graphs", plan="free")["api_key"])
    empty = {"format": "graphgate.graph/v1", "nodes": []}
    for n in range(20):
        made = _paced(capped, "POST", "/v1/graphs", {"name": f"g{n}", "graph": empty})
        assert made.status == 201, made.body[:300]
    # and a document the schema accepts and only the engine refuses: a matmul of vectors
    vector = {"op": "Placeholder", "attrs": {"dtype": "FP32", "shape": [3]}}
    nodes = [{"name": "a", **vector}, {"name": "b", **vector}]
    nodes.append({"name": "ab", "op": "MatMul", "inputs": ["a", "b"]})
    unbuildable = {"name": "unbuildable", "graph": {**empty, "nodes": nodes}}
    checked = client.call("POST", "/v1/graphs", unbuildable)
    assert checked.status in (400, 422) and checked.json()["code"] != "PLAN_LIMIT_EXCEEDED"

    # WHEN the capped tenant sends it
    over = _paced(capped, "POST", "/v1/graphs", unbuildable)

    # THEN it is the cap's 422, not the engine's answer: the engine never saw it
    assert over.status == 422, over.body[:300]
    assert (over.json()["code"], over.json()["cap"]) == ("PLAN_LIMIT_EXCEEDED", "graphs")
