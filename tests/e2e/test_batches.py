"""Batch runs over HTTP against a local runner process: a dataset uploaded through
the datasets API, the batch state machine (the ASL that deploys, run by moto's
interpreter) fanning its shards out to the batch worker, output shards read back
in row order through presigned URLs, compared bit for bit with one in-process run.

The 1,000,000-row, 16-shard check of issue 19 is marked soak (`make soak`); it
prints the measured speed-up over one worker doing every row."""

import itertools
import json
import time

import numpy as np
import pytest

import graphgate as gg
from graphgate.client import RemoteSession
from graphgate.client.remote import BatchRun
from localrunner import faults
from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS
from tests.hardening import scaled, soak
from tests.support import Client, request, shard_runs

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FEATURES = 64


def digits_mlp(seed: int = 0) -> gg.Graph:
    """A digits-sized MLP: 64 pixels -> 32 relu -> 10 softmax, and the argmax."""
    rng = np.random.default_rng(seed)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, FEATURES], name="x")
        w1 = gg.Variable(rng.normal(0, 0.2, (FEATURES, 32)).astype(np.float32), name="w1")
        b1 = gg.Variable(rng.normal(0, 0.1, 32).astype(np.float32), name="b1")
        w2 = gg.Variable(rng.normal(0, 0.2, (32, 10)).astype(np.float32), name="w2")
        b2 = gg.Variable(rng.normal(0, 0.1, 10).astype(np.float32), name="b2")
        logits = gg.add(gg.matmul(gg.nn.relu(gg.matmul(x, w1) + b1), w2), b2, name="logits")
        gg.nn.softmax(logits, name="probs")
        gg.argmax(logits, 1, name="label")
        gg.global_variables_initializer()
    return graph


def in_process(graph: gg.Graph, pixels: np.ndarray, rows: int) -> dict[str, np.ndarray]:
    """Local runs over the batch's shards of `rows` (tests.support.shard_runs says why not
    one run over every row)."""
    with gg.Session(graph=graph) as session:
        session.run(graph.get_operation_by_name("init"))
        return shard_runs(session, {"probs": "probs:0", "label": "label:0"}, "x:0", pixels, rows)


def pixels(rows: int) -> np.ndarray:
    return np.random.default_rng(7).uniform(0, 16, (rows, FEATURES)).astype(np.float32)


@pytest.fixture
def key(runner):
    return runner.create_tenant("batches-e2e", plan="pro")["api_key"]


def run(session: RemoteSession, dataset: str, rows_per_shard: int, concurrency: int):
    """(outputs, seconds from submission to the end, the batch record)."""
    started = time.perf_counter()
    handle = session.run_batch(
        {"probs": "probs:0", "label": "label:0"},
        dataset=dataset,
        inputs={"x": "x"},
        rows_per_shard=rows_per_shard,
        max_concurrency=concurrency,
    )
    for record in handle.watch(0.05):
        if record["status"] not in ("queued", "running"):
            break
    seconds = time.perf_counter() - started
    return handle.result(), seconds, handle.record


def test_a_50k_row_dataset_in_4_shards_equals_local_runs_of_its_shards(runner, key):
    # GIVEN a dataset uploaded over HTTP and a session of the MLP
    graph, data = digits_mlp(), pixels(50_000)
    with RemoteSession(runner.url, api_key=key, graph=graph) as session:
        session.run("init")
        dataset = session.client.upload_dataset({"x": data}, name="digits-50k")
        assert dataset["status"] == "ready" and dataset["rows"] == 50_000
        # WHEN the batch runs in 4 shards
        outputs, _, batch = run(session, dataset["id"], 12_500, 4)
    # THEN every shard ran once, in row order, and the outputs are its local runs', exactly
    assert batch["status"] == "succeeded", batch
    assert batch["shards"] == {"total": 4, "done": 4, "failed": 0}
    assert [(o["start"], o["stop"]) for o in batch["outputs"]] == [
        (i, i + 12_500) for i in range(0, 50_000, 12_500)
    ]
    assert batch["rows_per_second"] > 0
    expected = in_process(graph, data, 12_500)
    for name in ("probs", "label"):
        assert outputs[name].dtype == expected[name].dtype
        np.testing.assert_array_equal(outputs[name], expected[name])


def test_feed_arrays_become_a_dataset_and_another_tenant_cannot_touch_the_batch(runner, key):
    graph, data = digits_mlp(1), pixels(3_000)
    with RemoteSession(runner.url, api_key=key, graph=graph) as session:
        session.run("init")
        handle = session.run_batch("label:0", {"x": data}, rows_per_shard=1_000)
        label = handle.result(timeout=60, interval=0.05)
    np.testing.assert_array_equal(label, in_process(graph, data, 1_000)["label"])
    stranger = Client(runner.url, runner.create_tenant("batches-other", plan="pro")["api_key"])
    for method in ("GET", "DELETE"):
        assert stranger.call(method, f"/v1/batches/{handle.id}").status == 404
    assert stranger.call("GET", "/v1/batches").json()["items"] == []


def image_mlp() -> gg.Graph:
    """An image-sized MLP: 784 pixels -> 128 relu -> 10 softmax, and the argmax."""
    rng = np.random.default_rng(3)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 784], name="x")
        w1 = gg.Variable(rng.normal(0, 0.05, (784, 128)).astype(np.float32), name="w1")
        w2 = gg.Variable(rng.normal(0, 0.2, (128, 10)).astype(np.float32), name="w2")
        logits = gg.matmul(gg.nn.relu(gg.matmul(x, w1)), w2, name="logits")
        gg.nn.softmax(logits, name="probs")
        gg.argmax(logits, 1, name="label")
        gg.global_variables_initializer()
    return graph


def test_a_labelled_image_model_scores_an_uploaded_dataset_row_for_row(runner, key):
    # GIVEN an image model frozen into version 1 of "digits784", labelled stable, and a
    # dataset of 784-pixel rows uploaded over HTTP (1,000,000 rows, 3.1 GB, in make soak)
    rows = scaled(4_000, 1_000_000)
    graph = image_mlp()
    data = np.random.default_rng(11).uniform(0, 1, (rows, 784)).astype(np.float32)
    with RemoteSession(runner.url, api_key=key, graph=graph) as session:
        session.run("init")
        client = session.client
        signature = ({"pixels": "x"}, {"probs": "probs", "label": "label"})
        client.create_model_version("digits784", session.session_id, *signature)
        client.set_label("digits784", "stable", 1)
        dataset = client.upload_dataset({"pixels": data}, name="pixels")
        # WHEN a batch scores it by the label, its shards sized by the service (in make
        # test, 4 shards of 1,000 rows)
        request = {
            "model": {"name": "digits784", "label": "stable"},
            "dataset": dataset["id"],
            "inputs": {"pixels": "pixels"},
            "fetches": ["probs", "label"],
            **({} if soak() else {"rows_per_shard": 1_000}),
        }
        handle = BatchRun(client, client.submit_batch(request))
        outputs = handle.result(timeout=scaled(120, 1800), interval=0.1)
    batch = handle.record
    # THEN every row was scored once, in order, by version 1
    assert batch["status"] == "succeeded" and batch["model"]["version"] == 1
    spans = [(o["start"], o["stop"]) for o in batch["outputs"]]
    assert spans[0][0] == 0 and spans[-1][1] == rows
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert batch["rows_done"] == rows and outputs["label"].shape == (rows,)
    # AND each row is what a local run over its shard gives, bit for bit (a float32
    # row's last bits depend on how many rows its matmul had, as in TensorFlow)
    with gg.Session(graph=graph) as local:
        local.run("init")
        for start, stop in spans:
            probs, label = local.run(["probs:0", "label:0"], {"x:0": data[start:stop]})
            np.testing.assert_array_equal(outputs["probs"][start:stop], probs)
            np.testing.assert_array_equal(outputs["label"][start:stop], label)


@pytest.mark.soak
def test_a_million_rows_in_16_shards_equal_one_run_and_beat_one_worker(runner, key):
    graph, data = digits_mlp(), pixels(1_000_000)
    with RemoteSession(runner.url, api_key=key, graph=graph) as session:
        session.run("init")
        dataset = session.client.upload_dataset({"x": data}, name="digits-1m")
        one, one_s, _ = run(session, dataset["id"], 1_000_000, 1)
        many, many_s, batch = run(session, dataset["id"], 62_500, 16)
    assert batch["shards"] == {"total": 16, "done": 16, "failed": 0}
    for outputs, rows in ((one, 1_000_000), (many, 62_500)):
        expected = in_process(graph, data, rows)
        for name in ("probs", "label"):
            np.testing.assert_array_equal(outputs[name], expected[name])
    print(
        f"\n1,000,000 rows: one worker {one_s:.2f} s, 16 shards {many_s:.2f} s, "
        f"speed-up {one_s / many_s:.2f}x, {batch['rows_per_second']:.0f} rows/s reported"
    )
    assert many_s < one_s


@pytest.mark.soak
def test_a_worker_that_dies_after_writing_its_shard_is_retried_and_counted_once(tmp_path):
    # GIVEN a runner whose S3 applies the third output shard's PUT, then kills its caller
    log = open(tmp_path / "runner.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    env = {faults.ENV_FLAG: "1"}
    graph, data = digits_mlp(2), pixels(20_000)
    with RunnerProcess(tmp_path, E2E_PARAMETERS, log=log, env=env) as crashing:
        key = crashing.create_tenant("batches-crash", plan="pro")["api_key"]
        with RemoteSession(crashing.url, api_key=key, graph=graph) as session:
            session.run("init")
            dataset = session.client.upload_dataset({"x": data}, name="digits-20k")
            crash = {
                "service": "s3",
                "operation": "PutObject",
                "mode": "crash_after_apply",
                "contains": "PK\u0003\u0004",  # a zip's first bytes: output shards (.npz) only
                "after": 2,
                "times": 1,
            }
            control = crashing.state["aws_endpoint"] + faults.CONTROL_PATH
            headers = {"Content-Type": "application/json"}
            assert request("POST", control, headers, json.dumps([crash]).encode()).status == 200
            # WHEN the batch runs
            outputs, _, batch = run(session, dataset["id"], 5_000, 2)
            (rule,) = json.loads(request("GET", control).body)
    log.close()
    # THEN the crash happened once, the shard was retried, and everything counts once
    assert rule["hits"] == 1, json.dumps(rule)
    assert "function error" in (tmp_path / "runner.log").read_text()
    assert batch["status"] == "succeeded", batch
    assert batch["shards"] == {"total": 4, "done": 4, "failed": 0}
    assert batch["rows_done"] == 20_000
    expected = in_process(graph, data, 5_000)
    for name in ("probs", "label"):
        np.testing.assert_array_equal(outputs[name], expected[name])
