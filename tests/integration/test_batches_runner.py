"""Batch runs through the local runner in this process: HTTP in, the template's
state machine run by moto's interpreter (statemachines/batch.asl.json, the file
that deploys), its Lambda tasks run by the runner's batch worker, output shards
out. Rows come from an in-memory dataset in place of graphgate_service.datasets,
so these tests need nothing but the runner (tests/e2e/test_batches.py drives
real datasets over a runner process)."""

import io
import json
import os
import sys
import threading
import time
import urllib.request
from typing import Any

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate_service import aws as service_aws
from graphgate_service import batches, jobs, problems, settings, tenants
from localrunner.runner import LocalRunner, RunnerConfig
from tests.support import Client, shard_runs

ROWS = 2_000
FETCHES = {"probs": "probs:0", "label": "label:0"}
FEATURES = 64


class MemoryDatasets:
    """The datasets interface (get, read_rows) over arrays held in memory; `fail`
    lets a test make reading a shard's rows raise."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], dict[str, np.ndarray]] = {}
        self.reads: list[tuple[int, int]] = []
        self.fail: Any = None
        self.delay_s = 0.0
        self._lock = threading.Lock()

    def add(self, tenant: str, dataset_id: str, arrays: dict[str, np.ndarray]) -> str:
        self.data[(tenant, dataset_id)] = arrays
        return dataset_id

    def get(self, tenant: str, dataset_id: str) -> dict[str, Any]:
        arrays = self.data.get((tenant, dataset_id))
        if arrays is None:
            raise problems.NotFound(f"No dataset {dataset_id}.", code="DATASET_NOT_FOUND")
        rows = len(next(iter(arrays.values())))
        return {
            "id": dataset_id,
            "name": dataset_id,
            "status": "ready",
            "rows": rows,
            "arrays": {
                name: {"dtype": a.dtype.name, "shape": list(a.shape)} for name, a in arrays.items()
            },
            "bytes": sum(a.nbytes for a in arrays.values()),
            "created_at": 0,
        }

    def read_rows(self, tenant, dataset, start, stop, names=None):
        with self._lock:
            self.reads.append((start, stop))
        if self.fail is not None:
            self.fail(start, stop)
        time.sleep(self.delay_s)
        arrays = self.data[(tenant, dataset["id"])]
        return {n: arrays[n][start:stop] for n in (names or list(arrays))}


@pytest.fixture(scope="module")
def memory():
    return MemoryDatasets()


@pytest.fixture(scope="module")
def runner(memory):
    # The runner sets the process's environment (its endpoint, every function's
    # variables) and the async-run dispatcher: all put back for the tests after these.
    environment = dict(os.environ)
    patch = pytest.MonkeyPatch()
    patch.setattr(batches, "datasets", lambda: memory)
    local = LocalRunner(RunnerConfig(port=0, data_dir=None, state_file=None)).start()
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    yield local
    local.stop()
    patch.undo()
    jobs.set_dispatcher(None)
    os.environ.clear()
    os.environ.update(environment)
    settings.get.cache_clear()
    service_aws.reset()


def new_tenant(runner: LocalRunner, plan: str = "pro") -> tuple[str, Client]:
    ids = runner.template.physical_ids
    made = tenants.create_tenant(
        "batches",
        plan,
        apigateway=runner.clients["apigateway"],
        store=tenants.TenantStore(
            ids["Table"], ids["TensorBucket"], runner.clients["dynamodb"], runner.clients["s3"]
        ),
        usage_plan_id=ids[f"{plan.capitalize()}UsagePlan"],
        stage="local",
    )
    # The gateway looks up an unknown key again at most every 100 ms (localrunner/usage.py):
    # a key made within that of its last lookup is not seen yet.
    time.sleep(0.2)
    return made.tenant_id, Client(runner.server.url, made.api_key)


@pytest.fixture(scope="module")
def tenant(runner):
    return new_tenant(runner)


def mlp(seed: int = 0) -> tuple[gg.Graph, dict[str, np.ndarray]]:
    """A digits-sized MLP (64 -> 32 -> 10), its weights as variables."""
    rng = np.random.default_rng(seed)
    values = {
        "w1": rng.normal(0, 0.2, (FEATURES, 32)).astype(np.float32),
        "b1": rng.normal(0, 0.1, 32).astype(np.float32),
        "w2": rng.normal(0, 0.2, (32, 10)).astype(np.float32),
        "b2": rng.normal(0, 0.1, 10).astype(np.float32),
    }
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, FEATURES], name="x")
        w1 = gg.Variable(values["w1"], name="w1")
        b1 = gg.Variable(values["b1"], name="b1")
        w2 = gg.Variable(values["w2"], name="w2")
        b2 = gg.Variable(values["b2"], name="b2")
        hidden = gg.nn.relu(gg.matmul(x, w1) + b1)
        logits = gg.add(gg.matmul(hidden, w2), b2, name="logits")
        gg.nn.softmax(logits, name="probs")
        gg.argmax(logits, 1, name="label")
    return graph, values


def in_process(graph: gg.Graph, pixels: np.ndarray, rows: int = 250) -> dict[str, np.ndarray]:
    """The reference: one session of the same graph over the batch's shards of `rows`."""
    with graph.as_default():
        init = gg.global_variables_initializer()
    with gg.Session(graph=graph) as session:
        session.run(init)
        return shard_runs(session, FETCHES, "x:0", pixels, rows)


@pytest.fixture(scope="module")
def model(tenant):
    _, client = tenant
    graph, _ = mlp()
    reply = client.call(
        "POST", "/v1/graphs", {"name": "mlp", "graph": serialization.graph_to_dict(graph)}
    )
    assert reply.status == 201, reply.body
    session = client.call("POST", "/v1/sessions", {"graph_id": reply.json()["id"]}).json()
    return graph, session["id"]


@pytest.fixture(scope="module")
def pixels(tenant, memory):
    tenant_id, _ = tenant
    rng = np.random.default_rng(1)
    values = rng.uniform(0, 16, (ROWS, FEATURES)).astype(np.float32)
    memory.add(tenant_id, "ds_digits", {"pixels": values, "labels": np.arange(ROWS) % 10})
    return values


def submit(client: Client, session_id: str | None, **extra: Any):
    body = {
        "session": session_id,
        "fetches": {"probs": "probs:0", "label": "label:0"},
        "dataset": "ds_digits",
        "inputs": {"x": "pixels"},
        "rows_per_shard": 250,
        "max_concurrency": 4,
        **extra,
    }
    return client.call("POST", "/v1/batches", {k: v for k, v in body.items() if v is not None})


def wait(client: Client, location: str, timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        batch = client.call("GET", location).json()
        if batch["status"] not in ("queued", "running"):
            return batch
        time.sleep(0.05)
    raise AssertionError(f"batch still {batch['status']} after {timeout_s}s: {batch}")


def outputs(batch: dict[str, Any]) -> dict[str, np.ndarray]:
    parts: dict[str, list[np.ndarray]] = {}
    for shard in batch["outputs"]:
        with urllib.request.urlopen(shard["url"]) as response:
            archive = np.load(io.BytesIO(response.read()))
            for name in archive.files:
                parts.setdefault(name, []).append(archive[name])
    return {name: np.concatenate(values) for name, values in parts.items()}


def test_a_batch_runs_every_shard_and_equals_one_in_process_run(runner, tenant, model, pixels):
    _, client = tenant
    graph, session_id = model
    reply = submit(client, session_id)
    assert reply.status == 202, reply.body
    assert reply.headers["location"] == f"/v1/batches/{reply.json()['id']}"
    batch = wait(client, reply.headers["location"])
    assert batch["status"] == "succeeded", batch
    assert batch["shards"] == {"total": 8, "done": 8, "failed": 0}
    assert batch["rows_done"] == ROWS
    assert [o["start"] for o in batch["outputs"]] == list(range(0, ROWS, 250))
    got, expected = outputs(batch), in_process(graph, pixels)
    for name in ("probs", "label"):
        assert got[name].dtype == expected[name].dtype
        np.testing.assert_array_equal(got[name], expected[name])
    # The record keeps where the map run's ResultWriter wrote, for operators.
    record = batches.store().get(tenant[0], batch["id"])
    assert record["map_run_arn"].startswith("arn:aws:states:")
    assert record["map_run_results"]["Key"].startswith("batch-results/")
    # It expires, and so do its objects (the bucket's lifecycle rule on their tag).
    assert record["expires_at"] > time.time() + 29 * 24 * 3600
    s3, bucket = runner.clients["s3"], runner.template.physical_ids["TensorBucket"]
    first = batches.store().shards(tenant[0], batch["id"])[0]["output_key"]
    tags = s3.get_object_tagging(Bucket=bucket, Key=first)["TagSet"]
    assert tags == [{"Key": "graphgate-retention", "Value": "batch"}]


def test_a_shard_that_crashes_once_is_retried_and_written_once(runner, tenant, model, pixels):
    # GIVEN a worker that dies after writing shard 3's output, before recording it
    _, client = tenant
    graph, session_id = model
    from graphgate_service.batch_store import BatchStore

    original_put, original_record = BatchStore.put_output, BatchStore.record_shard
    puts: list[tuple[str, bool]] = []
    crashed: list[int] = []

    def put_output(self, key, values):
        written = original_put(self, key, values)
        puts.append((key, written))
        return written

    def record_shard(self, tenant_id, batch_id, shard, counter):
        if shard["index"] == 3 and counter == "shards_done" and not crashed:
            crashed.append(3)
            raise RuntimeError("worker died after its write")
        return original_record(self, tenant_id, batch_id, shard, counter)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BatchStore, "put_output", put_output)
        patch.setattr(BatchStore, "record_shard", record_shard)
        # WHEN the batch runs
        batch = wait(client, submit(client, session_id).headers["location"])
    # THEN the shard was retried, its object written once, and the result is exact
    assert crashed == [3]
    assert batch["status"] == "succeeded", batch
    assert batch["shards"] == {"total": 8, "done": 8, "failed": 0}
    shard3 = [written for key, written in puts if key.endswith("/out/000003.npz")]
    assert shard3 == [True, False]  # the retry found it written and left it
    np.testing.assert_array_equal(outputs(batch)["probs"], in_process(graph, pixels)["probs"])


def test_a_shard_that_fails_for_good_fails_the_batch_naming_it(
    runner, tenant, model, pixels, memory
):
    _, client = tenant
    _, session_id = model

    def fail(start, stop):
        if start == 5 * 250:
            raise OSError("the rows of shard 5 cannot be read")

    memory.fail = fail
    memory.reads.clear()
    try:
        batch = wait(client, submit(client, session_id).headers["location"])
    finally:
        memory.fail = None
    assert batch["status"] == "failed", batch
    assert batch["error"]["code"] == "BATCH_SHARD_FAILED"
    assert batch["error"]["failed_shards"] == [5]
    assert "Shard(s) 5 failed" in batch["error"]["detail"]
    assert batch["shards"] == {"total": 8, "done": 7, "failed": 1}
    assert batch["rows_done"] == 7 * 250
    # Nothing is reported done that is not: shard 5 has no output.
    assert [o["shard"] for o in batch["outputs"]] == [0, 1, 2, 3, 4, 6, 7]
    assert memory.reads.count((1250, 1500)) == 3  # the first try and two retries


def test_cancelling_half_way_starts_no_new_shard(
    runner, tenant, model, pixels, memory, monkeypatch
):
    _, client = tenant
    _, session_id = model
    from graphgate_service import batch_runs

    # Shard invocations inside `run_shard`, from before their status check to their end:
    # one that passed the check just before the cancel may reach its read of rows well
    # after it on a loaded machine, so "no new shard" is judged once none is inside.
    inside, real_run_shard = [0], batch_runs.run_shard

    def counted(*args, **kwargs):
        with memory._lock:
            inside[0] += 1
        try:
            return real_run_shard(*args, **kwargs)
        finally:
            with memory._lock:
                inside[0] -= 1

    monkeypatch.setattr(batch_runs, "run_shard", counted)
    memory.delay_s = 0.4
    memory.reads.clear()
    try:
        reply = submit(client, session_id, max_concurrency=2)
        location = reply.headers["location"]
        deadline = time.monotonic() + 30
        while client.call("GET", location).json()["shards"]["done"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        cancelled = client.call("DELETE", location)
        started_by_then = len(memory.reads)
        deadline = time.monotonic() + 30
        assert cancelled.status == 202, cancelled.body
        assert cancelled.json()["status"] == "cancelled"
        # The shards in flight finish, however long a busy machine makes them take (a
        # fixed 1.5 s was too short at a load average of 10) ...
        while inside[0] or client.call("GET", location).json()["shards"]["done"] < len(
            memory.reads
        ):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        settled = len(memory.reads)
        time.sleep(1.0)  # ... and no new one starts after them
    finally:
        memory.delay_s = 0.0
    batch = client.call("GET", location).json()
    assert batch["status"] == "cancelled"
    # At most the two in flight (one may have passed its status check just before
    # the cancel), and nothing after them.
    assert started_by_then <= settled <= started_by_then + 2
    assert len(memory.reads) == settled
    assert batch["shards"]["done"] == settled < 8
    # The done shards' outputs, once each and in order; not always a prefix: of the two
    # started together after the cancel's last finished one, the later may have passed
    # its status check before the cancel and the earlier after it.
    shards = [o["shard"] for o in batch["outputs"]]
    assert shards == sorted(set(shards)) and len(shards) == batch["shards"]["done"]
    again = client.call("DELETE", location)
    assert again.status == 409 and again.json()["code"] == "BATCH_FINISHED"


def test_polling_a_running_batch_reads_its_record_not_every_shard(
    runner, tenant, model, pixels, memory
):
    # GIVEN a running batch, and every read of a batch's shard records counted by caller
    _, client = tenant
    _, session_id = model
    from graphgate_service.batch_store import BatchStore

    original, readers = BatchStore.shards, []

    def shards(self, tenant_id, batch_id):
        readers.append(sys._getframe(1).f_code.co_name)
        return original(self, tenant_id, batch_id)

    memory.delay_s = 0.2
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(BatchStore, "shards", shards)
            location = submit(client, session_id, max_concurrency=2).headers["location"]
            # WHEN it is polled while it runs
            polls = [client.call("GET", location).json() for _ in range(5)]
            assert {p["status"] for p in polls} == {"running"}
            assert readers.count("get") == 0  # THEN its shard records are not read
            # AND once it has ended, they are: its outputs come from them
            batch = wait(client, location)
    finally:
        memory.delay_s = 0.0
    assert batch["status"] == "succeeded"
    assert len(batch["outputs"]) == 8 and readers.count("get") == 1


def session_of(client: Client, graph: gg.Graph, name: str) -> str:
    reply = client.call(
        "POST", "/v1/graphs", {"name": name, "graph": serialization.graph_to_dict(graph)}
    )
    assert reply.status == 201, reply.body
    return client.call("POST", "/v1/sessions", {"graph_id": reply.json()["id"]}).json()["id"]


@pytest.fixture(scope="module")
def scorer(tenant, model):
    """Model "scorer": v1 the module's MLP, v2 another, `stable` on v1."""
    _, client = tenant
    _, session_id = model
    signature = {"inputs": {"pixels": "x"}, "outputs": {"probs": "probs", "label": "label"}}
    for source in (session_id, session_of(client, mlp(seed=5)[0], "mlp-5")):
        body = {"name": "scorer", "session_id": source, **signature}
        made = client.call("POST", "/v1/models", body)
        assert made.status == 201, made.body
    assert client.call("PUT", "/v1/models/scorer/labels/stable", {"version": 1}).status == 200
    return "scorer"


def test_a_batch_over_a_labelled_model_runs_the_version_it_resolved_to_the_end(
    runner, tenant, model, pixels, memory, scorer
):
    # GIVEN model "scorer", `stable` on v1
    _, client = tenant
    graph, _ = model
    memory.delay_s = 0.2
    try:
        # WHEN a batch names the label, by the signature's aliases
        reply = submit(
            client,
            None,
            session=None,
            model={"name": "scorer", "label": "stable"},
            fetches=["probs", "label"],
            inputs={"pixels": "pixels"},
            max_concurrency=2,
        )
        assert reply.status == 202, reply.body
        assert reply.json()["model"] == {"name": "scorer", "version": 1, "label": "stable"}
        location = reply.headers["location"]
        deadline = time.monotonic() + 30
        while client.call("GET", location).json()["shards"]["done"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        # AND the label moves to v2 and v1 is deleted while it runs
        assert client.call("PUT", "/v1/models/scorer/labels/stable", {"version": 2}).status == 200
        assert client.call("DELETE", "/v1/models/scorer/versions/1").status == 204
        batch = wait(client, location)
    finally:
        memory.delay_s = 0.0
    # THEN every shard ran v1, as resolved at submission
    assert batch["status"] == "succeeded", batch
    assert batch["model"] == {"name": "scorer", "version": 1, "label": "stable"}
    got, expected = outputs(batch), in_process(graph, pixels)
    for name in ("probs", "label"):
        np.testing.assert_array_equal(got[name], expected[name])


def test_a_batch_over_a_model_takes_its_aliases_or_its_tensors_and_refuses_others(
    runner, tenant, pixels, scorer
):
    _, client = tenant
    by_tensor = submit(client, None, session=None, model={"name": "scorer"}, inputs={"x": "pixels"})
    assert by_tensor.status == 202, by_tensor.body
    assert by_tensor.json()["fetches"] == {"probs": "probs:0", "label": "label:0"}
    assert wait(client, by_tensor.headers["location"])["status"] == "succeeded"
    unknown = submit(client, None, session=None, model={"name": "scorer"}, inputs={"pix": "pixels"})
    assert unknown.status == 422 and unknown.json()["code"] == "BATCH_INPUT_MISMATCH"
    missing = submit(client, None, session=None, model={"name": "nope"})
    assert missing.status == 404 and missing.json()["code"] == "MODEL_NOT_FOUND"
    # The CLI names a version by number or label after "@"
    from graphgate import cli

    common = ["--url", runner.server.url, "--api-key", client.api_key, "-o", "json"]
    for ref, version in (("scorer@2", 2), ("scorer@stable", None)):
        out = io.StringIO()
        argv = ["batches", "submit", "--model", ref, "--dataset", "ds_digits"]
        argv += ["--input", "pixels=pixels", "--fetch", "label=label", *common]
        assert cli.main(argv, stdout=out) == 0
        submitted = json.loads(out.getvalue())["model"]
        assert submitted["name"] == "scorer" and submitted["version"] in (version or 1, 2)
        assert ("label" in submitted) == (version is None)


def test_a_batch_whose_chosen_version_is_deleted_before_it_loads_runs_the_next(
    runner, tenant, model, pixels, monkeypatch
):
    from graphgate_service import model_store
    from graphgate_service.model_store import ModelStore

    # GIVEN model "churn" with two versions whose graphs live in S3 and no label: a batch
    # naming neither version nor label is answered by the newest (2)
    _, client = tenant
    _, session_id = model
    monkeypatch.setattr(model_store, "VERSION_BLOB_INLINE_BYTES", 0)
    signature = {"inputs": {"pixels": "x"}, "outputs": {"probs": "probs", "label": "label"}}
    for source in (session_of(client, mlp(seed=5)[0], "mlp-5b"), session_id):
        body = {"name": "churn", "session_id": source, **signature}
        made = client.call("POST", "/v1/models", body)
        assert made.status == 201, made.body
    # AND version 2 deleted after the batch chose it, before it read its graph
    real, deleted = ModelStore.document, []

    def deleted_meanwhile(self, tenant_id, name, found):
        if name == "churn" and found["version"] == 2 and not deleted:
            deleted.append(client.call("DELETE", "/v1/models/churn/versions/2").status)
        return real(self, tenant_id, name, found)

    monkeypatch.setattr(ModelStore, "document", deleted_meanwhile)
    # WHEN the batch is submitted THEN it runs version 1, the newest there now: in no
    # serial order was the model without a version (it was a 404 MODEL_VERSION_NOT_FOUND)
    reply = submit(client, None, session=None, model={"name": "churn"}, inputs={"x": "pixels"})
    assert deleted == [204]
    assert reply.status == 202, reply.body
    assert reply.json()["model"] == {"name": "churn", "version": 1}
    batch = wait(client, reply.headers["location"])
    assert batch["status"] == "succeeded", batch
    expected = in_process(mlp(seed=5)[0], pixels)
    np.testing.assert_array_equal(outputs(batch)["probs"], expected["probs"])


def test_two_batches_over_one_dataset_at_once_each_score_every_row(runner, tenant, model, pixels):
    # GIVEN two batches over the same dataset, submitted together, sharded differently
    _, client = tenant
    graph, session_id = model
    first = submit(client, session_id, rows_per_shard=300)
    second = submit(client, session_id, rows_per_shard=700, max_concurrency=2)
    assert first.status == second.status == 202
    # THEN each ends with every row once, in order, equal to in-process runs of its shards
    for reply, shards, rows in ((first, 7, 300), (second, 3, 700)):
        batch = wait(client, reply.headers["location"])
        assert batch["status"] == "succeeded", batch
        assert batch["shards"] == {"total": shards, "done": shards, "failed": 0}
        np.testing.assert_array_equal(
            outputs(batch)["probs"], in_process(graph, pixels, rows)["probs"]
        )


def test_a_shard_past_2_30_multiply_adds_equals_a_local_run_of_its_rows(runner, tenant, memory):
    # GIVEN a 1024 -> 1024 layer (weights computed in the graph: a small document) and
    # one shard of 1,100 rows: 1.15e9 multiply-adds, past BAND_MULTIPLY_ADDS (2^30)
    tenant_id, client = tenant
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 1024], name="x")
        w = gg.Variable(gg.reshape(gg.sin(gg.range(0.0, 1024.0 * 1024.0)), [1024, 1024]) * 0.05)
        gg.matmul(x, w, name="y")
        init = gg.global_variables_initializer()
    made = client.call(
        "POST", "/v1/graphs", {"name": "wide", "graph": serialization.graph_to_dict(graph)}
    )
    assert made.status == 201, made.body
    rows = np.random.default_rng(4).uniform(0, 16, (1_100, 1024)).astype(np.float32)
    memory.add(tenant_id, "ds_wide", {"x": rows})
    # WHEN a batch runs it
    reply = submit(
        client,
        None,
        graph={"id": made.json()["id"]},
        fetches={"y": "y:0"},
        dataset="ds_wide",
        inputs={"x": "x"},
        rows_per_shard=1_100,
    )
    assert reply.status == 202, reply.body
    batch = wait(client, reply.headers["location"])
    assert batch["status"] == "succeeded", batch
    # THEN its rows are a local run's over the shard, bit for bit: the worker ran the
    # product in one call (with the invocation's deadline it was made in bands of 1,024
    # rows, and rows 1,020 on differed in the last bit with OpenBLAS on this machine)
    with gg.Session(graph=graph) as local:
        local.run(init)
        expected = local.run("y:0", {"x:0": rows})
    np.testing.assert_array_equal(outputs(batch)["y"], expected)


def test_a_dataset_deleted_mid_batch_fails_its_shards_at_once_naming_it(
    runner, tenant, model, pixels, memory
):
    # GIVEN a batch over a dataset of its own, its shards slow enough to delete under
    tenant_id, client = tenant
    _, session_id = model
    memory.add(tenant_id, "ds_doomed", {"pixels": pixels})
    memory.delay_s = 0.3
    memory.reads.clear()
    try:
        reply = submit(client, session_id, dataset="ds_doomed", max_concurrency=2)
        location = reply.headers["location"]
        deadline = time.monotonic() + 30
        while client.call("GET", location).json()["shards"]["done"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        # WHEN the dataset is deleted while it runs
        del memory.data[(tenant_id, "ds_doomed")]
        batch = wait(client, location)
    finally:
        memory.delay_s = 0.0
    # THEN the batch fails naming the dataset's absence, not a worker's crash
    assert batch["status"] == "failed", batch
    assert batch["error"]["code"] == "BATCH_SHARD_FAILED"
    assert "DATASET_NOT_FOUND" in batch["error"]["detail"], batch["error"]
    assert batch["shards"]["done"] >= 2 and batch["shards"]["failed"] >= 1
    # AND no shard's read was retried: no retry brings deleted rows back
    assert len(memory.reads) == len(set(memory.reads))
    # AND the shards that finished before are reported, in row order
    reported = [o["shard"] for o in batch["outputs"]]
    assert reported == sorted(reported) and len(reported) == batch["shards"]["done"]


def test_a_cancel_that_read_the_batch_running_names_the_status_it_ended_in(
    runner, tenant, model, pixels, monkeypatch
):
    # GIVEN a batch read as running by its cancel, ended before the cancel's write
    _, client = tenant
    _, session_id = model
    reply = submit(client, session_id)
    batch = wait(client, reply.headers["location"])
    assert batch["status"] == "succeeded", batch
    read = batches._batch
    stale = iter([{**read(tenant[0], batch["id"]), "status": "running"}])
    monkeypatch.setattr(batches, "_batch", lambda *args: next(stale, None) or read(*args))
    # WHEN it lands THEN it is refused naming how the batch ended ("(running)" before)
    cancelled = client.call("DELETE", reply.headers["location"])
    assert cancelled.status == 409 and cancelled.json()["code"] == "BATCH_FINISHED"
    assert "(succeeded)" in cancelled.json()["detail"], cancelled.json()


@pytest.mark.parametrize("source", ["graph", "session"])
def test_a_graph_deleted_before_its_batch_runs_changes_nothing_it_computes(
    runner, tenant, pixels, monkeypatch, source
):
    # GIVEN a stored graph (and, for a session's batch, a session on it)
    _, client = tenant
    graph, _ = mlp(seed=9)
    made = client.call(
        "POST", "/v1/graphs", {"name": "doomed", "graph": serialization.graph_to_dict(graph)}
    )
    graph_id = made.json()["id"]
    session_id = None
    if source == "session":
        session_id = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    # AND the graph deleted once the batch is accepted, before its first shard runs
    real_start, deleted = batches._start, []

    def start_after_the_delete(tenant_id, batch):
        deleted.append(client.call("DELETE", f"/v1/graphs/{graph_id}?force=true").status)
        real_start(tenant_id, batch)

    monkeypatch.setattr(batches, "_start", start_after_the_delete)
    extra = {"graph": {"id": graph_id}} if source == "graph" else {}
    # WHEN the batch runs
    reply = submit(client, session_id, **extra)
    assert reply.status == 202, reply.body
    assert deleted == [204]
    batch = wait(client, reply.headers["location"])
    # THEN it scores every row with the graph as submitted, as a model version's batch
    # does (every shard failed GRAPH_NOT_FOUND before: the worker read the graph)
    assert batch["status"] == "succeeded", batch
    np.testing.assert_array_equal(outputs(batch)["probs"], in_process(graph, pixels)["probs"])


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros((100, FEATURES), np.float64), "float64"),
        (np.zeros((100, FEATURES - 1), np.float32), "[63]"),
    ],
)
def test_a_dataset_that_does_not_fit_the_placeholder_is_refused_at_submission(
    runner, tenant, model, memory, array, message
):
    tenant_id, client = tenant
    _, session_id = model
    memory.add(tenant_id, "ds_odd", {"pixels": array})
    before = client.call("GET", "/v1/batches?limit=100").json()["items"]
    reply = submit(client, session_id, dataset="ds_odd")
    assert reply.status == 422, reply.body
    assert reply.json()["code"] == "BATCH_INPUT_MISMATCH"
    assert message in reply.json()["detail"]
    assert client.call("GET", "/v1/batches?limit=100").json()["items"] == before  # none made


def test_the_plan_caps_shards_up_front(runner, model, memory):
    tenant_id, client = new_tenant(runner, plan="free")
    graph, _ = mlp()
    reply = client.call(
        "POST", "/v1/graphs", {"name": "mlp", "graph": serialization.graph_to_dict(graph)}
    )
    session = client.call("POST", "/v1/sessions", {"graph_id": reply.json()["id"]}).json()
    memory.add(tenant_id, "ds_digits", {"pixels": np.zeros((2000, FEATURES), np.float32)})
    reply = submit(client, session["id"], rows_per_shard=100)  # 20 shards; free allows 16
    assert reply.status == 422, reply.body
    refused = reply.json()
    assert refused["code"] == "PLAN_LIMIT_EXCEEDED"
    # A per-request cap: nothing is in use; the body says what the request needed
    assert {k: refused[k] for k in ("cap", "limit", "used", "requested")} == {
        "cap": "batch_shards",
        "limit": 16,
        "used": 0,
        "requested": 20,
    }


def test_one_idempotency_key_starts_one_batch_and_other_tenants_see_nothing(
    runner, tenant, model, pixels
):
    _, client = tenant
    _, session_id = model
    body = {
        "session": session_id,
        "fetches": ["label:0"],
        "dataset": "ds_digits",
        "inputs": {"x": "pixels"},
        "rows_per_shard": 1000,
    }
    key = {"Idempotency-Key": "batch-once-1"}
    first = client.call("POST", "/v1/batches", body, key)
    second = client.call("POST", "/v1/batches", body, key)
    assert first.status == second.status == 202
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("idempotent-replayed") == "true"
    listed = [b["id"] for b in client.call("GET", "/v1/batches?limit=100").json()["items"]]
    assert listed.count(first.json()["id"]) == 1
    batch = wait(client, first.headers["location"])
    assert batch["status"] == "succeeded"

    _, stranger = new_tenant(runner)
    location = first.headers["location"]
    assert stranger.call("GET", location).status == 404
    assert stranger.call("DELETE", location).status == 404
    assert stranger.call("GET", "/v1/batches").json()["items"] == []
    # Nor can it run its own batch over the other tenant's dataset or session.
    assert stranger.call("POST", "/v1/batches", body).status == 404


def test_listing_pages_newest_first_with_a_cursor(runner, tenant, model, pixels):
    _, client = tenant
    _, session_id = model
    # three of its own, so that the test holds whichever tests ran before it
    made = [submit(client, session_id, rows_per_shard=1000) for _ in range(3)]
    assert [reply.status for reply in made] == [202] * 3
    for reply in made:
        wait(client, reply.headers["location"])
    everything = client.call("GET", "/v1/batches?limit=100").json()["items"]
    assert {reply.json()["id"] for reply in made} <= {b["id"] for b in everything}
    first = client.call("GET", "/v1/batches?limit=2").json()
    rest = client.call("GET", f"/v1/batches?limit=100&cursor={first['next_cursor']}").json()
    assert [b["id"] for b in first["items"] + rest["items"]] == [b["id"] for b in everything]
    created = [b["created_at"] for b in everything]
    assert created == sorted(created, reverse=True)


def test_the_client_runs_a_batch_and_streams_its_result_in_row_order(runner, tenant, model, pixels):
    from graphgate.client import BatchCancelledError, RemoteSession

    _, client = tenant
    graph, session_id = model
    with RemoteSession(runner.server.url, api_key=client.api_key, session_id=session_id) as sess:
        handle = sess.run_batch(
            {"p": "probs:0", "l": "label:0"},
            dataset="ds_digits",
            inputs={"x": "pixels"},
            rows_per_shard=500,
        )
        result = handle.result(timeout=60, interval=0.05)
        assert handle.progress()["shards"] == {"total": 4, "done": 4, "failed": 0}
        expected = in_process(graph, pixels, 500)
        np.testing.assert_array_equal(result["p"], expected["probs"])
        np.testing.assert_array_equal(result["l"], expected["label"])
        assert handle.cancel() is False  # already finished

        memory.delay_s = 1.0  # so that the cancel meets the batch running
        try:
            slow = sess.run_batch("label:0", dataset="ds_digits", inputs={"x": "pixels"})
            assert slow.cancel() is True
            with pytest.raises(BatchCancelledError):
                slow.result(timeout=30, interval=0.05)
        finally:
            memory.delay_s = 0.0


def test_the_cli_submits_watches_and_saves_a_batch(runner, tenant, model, pixels, tmp_path):
    import contextlib

    from graphgate import cli

    _, client = tenant
    graph, session_id = model
    common = ["--url", runner.server.url, "--api-key", client.api_key]
    saved = tmp_path / "out.npz"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(
            [
                "batches",
                "submit",
                "--session",
                session_id,
                "--dataset",
                "ds_digits",
                "--input",
                "x=pixels",
                "--fetch",
                "label=label:0",
                "--rows-per-shard",
                "700",
                "--watch",
                "--out",
                str(saved),
                *common,
                "-o",
                "json",
            ],
            stdout=out,
        )
    assert code == 0, err.getvalue()
    assert "shards 3/3" in err.getvalue()  # the progress bar counted shards
    with np.load(saved) as archive:
        np.testing.assert_array_equal(archive["label"], in_process(graph, pixels, 700)["label"])
    listed = io.StringIO()
    assert cli.main(["batches", "ls", *common], stdout=listed) == 0
    assert json.loads(out.getvalue())["id"] in listed.getvalue()


def test_a_batch_is_metered_once_as_one_run_for_what_it_read_and_wrote(runner, memory):
    tenant_id, client = new_tenant(runner)
    session_id = session_of(client, mlp()[0], "mlp")
    memory.add(tenant_id, "ds_digits", {"pixels": np.ones((1_000, FEATURES), np.float32)})
    before = client.call("GET", "/v1/usage").json()["runs"]
    batch = wait(client, submit(client, session_id).headers["location"])
    assert batch["status"] == "succeeded", batch
    runs = client.call("GET", "/v1/usage").json()["runs"]
    assert runs["runs"] == before["runs"] + 1
    assert runs["feed_bytes"] - before["feed_bytes"] == 1_000 * FEATURES * 4
    assert runs["fetched_bytes"] - before["fetched_bytes"] == 1_000 * (10 * 4 + 8)
    assert runs["compute_ms"] > before["compute_ms"]


def test_a_batch_read_ended_is_already_in_the_usage(runner, memory, monkeypatch):
    # The end was written before the batch was metered: a client polling it to its end
    # and reading GET /v1/usage at once could miss it (scenarios17's journey)
    from graphgate_service import metering
    from graphgate_service.batch_store import BatchStore

    tenant_id, client = new_tenant(runner)
    seen: list[int] = []
    end = BatchStore.set_status

    def set_status(self, tenant, batch, status, extra=None):
        seen.append(metering.today(tenant)["runs"])
        return end(self, tenant, batch, status, extra)

    monkeypatch.setattr(BatchStore, "set_status", set_status)
    session_id = session_of(client, mlp()[0], "mlp")
    memory.add(tenant_id, "ds_digits", {"pixels": np.ones((100, FEATURES), np.float32)})
    batch = wait(client, submit(client, session_id, rows_per_shard=50).headers["location"])
    assert batch["status"] == "succeeded", batch
    # the statuses written: running (nothing metered yet), then succeeded (metered)
    assert seen == [0, 1]


def test_shards_finishing_after_their_batchs_cancel_are_metered_once(runner, memory):
    # GIVEN a batch cancelled while its first shards are still reading their rows (the
    # cancel metered the shards done by then, none; those in flight finished after it,
    # listed in `outputs` but never metered: a cancel right after the start got them free)
    tenant_id, client = new_tenant(runner)
    session_id = session_of(client, mlp()[0], "mlp")
    memory.add(tenant_id, "ds_digits", {"pixels": np.ones((1_000, FEATURES), np.float32)})
    before = client.call("GET", "/v1/usage").json()["runs"]
    memory.delay_s = 0.4
    memory.reads.clear()
    try:
        location = submit(client, session_id, max_concurrency=2).headers["location"]
        deadline = time.monotonic() + 30
        while not memory.reads:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        # WHEN it is cancelled with a shard in flight
        cancelled = client.call("DELETE", location)
        assert cancelled.status == 202, cancelled.body
        while client.call("GET", location).json()["shards"]["done"] < len(memory.reads):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        memory.delay_s = 0.0
    batch = client.call("GET", location).json()
    assert batch["status"] == "cancelled" and batch["rows_done"] > 0, batch

    # THEN the usage counts the batch as one run, for every row its outputs hold
    runs = client.call("GET", "/v1/usage").json()["runs"]
    assert runs["runs"] == before["runs"] + 1
    assert runs["feed_bytes"] - before["feed_bytes"] == batch["rows_done"] * FEATURES * 4
    assert runs["fetched_bytes"] - before["fetched_bytes"] == batch["rows_done"] * (10 * 4 + 8)
    # and metering it again (its end delivered late) counts nothing more
    from graphgate_service import batch_runs

    batch_runs.meter(tenant_id, batch["id"])
    assert client.call("GET", "/v1/usage").json()["runs"] == runs


def test_two_meterings_of_one_batch_state_count_it_once(runner, memory):
    # GIVEN a finished batch's record, as two meterings read it before either wrote
    from graphgate_service import keys, metering

    tenant_id, client = new_tenant(runner)
    session_id = session_of(client, mlp()[0], "mlp")
    memory.add(tenant_id, "ds_digits", {"pixels": np.ones((100, FEATURES), np.float32)})
    batch = wait(client, submit(client, session_id, rows_per_shard=50).headers["location"])
    record = batches.store().get(tenant_id, batch["id"])
    stale = {k: v for k, v in record.items() if not k.startswith("metered")}
    counted = client.call("GET", "/v1/usage").json()["runs"]
    key = keys.item_key(keys.batch_pk(tenant_id, batch["id"]), keys.META)

    # WHEN the state read before the end's metering is metered again
    # THEN it is refused as stale, and the record as it is now has nothing left to count
    assert metering.record_growth(tenant_id, stale, key, "shards_done") is False
    assert metering.record_growth(tenant_id, record, key, "shards_done") is True
    assert client.call("GET", "/v1/usage").json()["runs"] == counted
    assert counted["runs"] == 1 and counted["feed_bytes"] == 100 * FEATURES * 4


def test_a_plan_runs_so_many_batches_at_once_and_an_ended_one_frees_its_place(runner, memory):
    tenant_id, client = new_tenant(runner, plan="free")  # two at once
    session_id = session_of(client, mlp()[0], "mlp")
    memory.add(tenant_id, "ds_digits", {"pixels": np.zeros((100, FEATURES), np.float32)})
    memory.delay_s = 1.0
    try:
        first, second = (submit(client, session_id, rows_per_shard=100) for _ in range(2))
        assert first.status == second.status == 202
        third = submit(client, session_id, rows_per_shard=100)
        assert third.status == 422, third.body
        assert (third.json()["code"], third.json()["cap"]) == (
            "PLAN_LIMIT_EXCEEDED",
            "batches_running",
        )
        assert client.call("DELETE", first.headers["location"]).status == 202
        assert submit(client, session_id, rows_per_shard=100).status == 202
    finally:
        memory.delay_s = 0.0
    wait(client, second.headers["location"])


def test_a_submission_at_the_running_cap_is_refused_before_its_work_and_keeps_nothing(
    runner, memory, monkeypatch
):
    # GIVEN a free tenant running the two batches its plan runs at once (a third was
    # refused only after its probe run, and the manifest and variables it had written
    # stayed in S3 for the batch retention's 30 days, no record pointing at them)
    from graphgate_service import keys
    from graphgate_service.batch_store import BatchStore

    tenant_id, client = new_tenant(runner, plan="free")
    session_id = session_of(client, mlp()[0], "mlp")
    memory.add(tenant_id, "ds_digits", {"pixels": np.zeros((100, FEATURES), np.float32)})
    s3, bucket = runner.clients["s3"], runner.template.physical_ids["TensorBucket"]

    def objects() -> list[str]:
        every_batch = keys.batch_prefix(tenant_id, "").removesuffix("/")
        listed = s3.list_objects_v2(Bucket=bucket, Prefix=every_batch)
        return sorted(o["Key"] for o in listed.get("Contents", []))

    probes, probe = [], batches._probe
    monkeypatch.setattr(batches, "_probe", lambda *a: probes.append(1) or probe(*a))
    memory.delay_s = 4.0  # both running through the four submissions, on a loaded machine
    try:
        running = [submit(client, session_id, rows_per_shard=100) for _ in range(2)]
        assert [reply.status for reply in running] == [202, 202]
        kept = objects()

        # WHEN a third is submitted THEN it is refused before its probe, writing nothing
        third = submit(client, session_id, rows_per_shard=100)
        assert third.status == 422, third.body
        assert (third.json()["cap"], third.json()["used"]) == ("batches_running", 2)
        assert len(probes) == 2 and objects() == kept

        # and one that passed the check as another took the last place keeps nothing
        monkeypatch.setattr(BatchStore, "running", lambda self, tenant: 0)
        raced = submit(client, session_id, rows_per_shard=100)
        assert raced.status == 422 and raced.json()["cap"] == "batches_running", raced.body
        assert len(probes) == 3 and objects() == kept
    finally:
        memory.delay_s = 0.0
    for reply in running:
        wait(client, reply.headers["location"])


def test_a_batch_whose_execution_vanished_is_resumed_when_the_runner_starts(
    runner, tenant, model, pixels
):
    # GIVEN a batch recorded as running whose execution is gone, as after a restart of a
    # runner whose Step Functions executions lived in memory
    _, client = tenant
    graph, session_id = model
    sfn = service_aws.client("stepfunctions")
    real = sfn.start_execution
    gone = "arn:aws:states:us-east-1:123456789012:execution:graphgate-batch:gone"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sfn, "start_execution", lambda **_: {"executionArn": gone})
        reply = submit(client, session_id)
    assert reply.status == 202, reply.body
    location = reply.headers["location"]
    assert client.call("GET", location).json()["status"] == "running"
    # WHEN the runner starts: it asks the batch worker to resume what was interrupted
    assert sfn.start_execution == real
    worker = runner.template.physical_ids["BatchWorkerFunction"]
    answer = service_aws.client("lambda").invoke(
        FunctionName=worker, Payload=json.dumps({"action": "resume_interrupted"})
    )
    # THEN that batch, and only it, runs again to the same result as in one process
    assert json.loads(answer["Payload"].read()) == {"resumed": 1}
    batch = wait(client, location)
    assert batch["status"] == "succeeded", batch
    got, expected = outputs(batch), in_process(graph, pixels)
    np.testing.assert_array_equal(got["probs"], expected["probs"])
    again = service_aws.client("lambda").invoke(
        FunctionName=worker, Payload=json.dumps({"action": "resume_interrupted"})
    )
    assert json.loads(again["Payload"].read()) == {"resumed": 0}  # nothing left to resume
