"""Scenarios an outside tester ran from the docs alone, round 2: training, serving,
uploading models, datasets and batches, auth, the CLI and the Python client. Each test
pins a place where the service answered otherwise than the docs or the protocols it
speaks promise. One runner and one tenant serve them all."""

import time

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("scenarios2-e2e", plan="pro")["api_key"])


def _dataset(client: Client, name: str, arrays: dict[str, np.ndarray]) -> str:
    """A ready dataset of `arrays`, uploaded as the docs' three steps say."""
    from io import BytesIO

    from tests.support import request

    files, blobs = [], []
    for array_name, array in arrays.items():
        buffer = BytesIO()
        np.save(buffer, array)
        blobs.append(buffer.getvalue())
        files.append({"format": "npy", "name": array_name, "bytes": len(blobs[-1])})
    created = client.call("POST", "/v1/datasets", {"name": name, "files": files})
    assert created.status == 201, created.body
    for upload, blob in zip(created.json()["uploads"], blobs, strict=True):
        assert request("PUT", upload["url"], upload["headers"], blob).status == 200
    dataset_id = created.json()["id"]
    completed = client.call("POST", f"/v1/datasets/{dataset_id}/complete")
    assert completed.status == 200, completed.body
    return dataset_id


def _until_ended(client: Client, path: str) -> dict:
    deadline = time.monotonic() + 60
    while True:
        record = client.call("GET", path).json()
        if record["status"] not in ("queued", "running"):
            return record
        assert time.monotonic() < deadline, record
        time.sleep(0.1)


def test_a_batch_over_rows_the_graph_refuses_names_the_engines_error_not_lambdas(client):
    # GIVEN a graph that looks its rows up in a table, and rows whose indices fall outside
    # it (the 64 zero rows submission probes with are fine)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 1], name="x")
        table = gg.constant([10.0, 20.0, 30.0, 40.0])
        gg.gather(table, gg.cast(x[:, 0], gg.int32), name="looked_up")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "lookup", "graph": document}).json()
    rows = np.arange(8, dtype=np.float32).reshape(8, 1)
    dataset = _dataset(client, "lookup-rows", {"x": rows})
    # WHEN a batch runs over them
    body = {"graph": {"id": graph_id["id"], "revision": 1}, "fetches": ["looked_up"]}
    body |= {"dataset": dataset, "inputs": {"x": "x"}, "rows_per_shard": 4}
    submitted = client.call("POST", "/v1/batches", body)
    assert submitted.status == 202, submitted.body
    batch = _until_ended(client, submitted.headers["location"])
    # THEN it failed naming the shard and quoting the engine's refusal (batches.md: "its
    # detail quotes the first shard's error"), not the Lambda error document around it,
    # which on AWS carries the worker's stack trace
    assert batch["status"] == "failed", batch
    error = batch["error"]
    assert error["code"] == "BATCH_SHARD_FAILED"
    assert error["failed_shards"] == [1]  # rows 4..7; rows 0..3 index the table fine
    assert error["detail"] == (
        "Shard(s) 1 failed (INDEX_OUT_OF_RANGE: gather indices must be in [0, 4)); "
        "the batch reports no output for them."
    )
    assert [o["shard"] for o in batch["outputs"]] == [0]
