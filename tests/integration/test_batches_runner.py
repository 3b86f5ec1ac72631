"""Batch runs through the local runner in this process: HTTP in, the template's
state machine run by moto's interpreter (statemachines/batch.asl.json, the file
that deploys), its Lambda tasks run by the runner's batch worker, output shards
out. Rows come from an in-memory dataset in place of graphgate_service.datasets,
so these tests need nothing but the runner (tests/e2e/test_batches.py drives
real datasets over a runner process)."""

import io
import threading
import time
import urllib.request
from typing import Any

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate_service import batches, problems, tenants
from localrunner.runner import LocalRunner, RunnerConfig
from tests.support import Client

ROWS = 2_000
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
def runner(memory, tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setattr(batches, "datasets", lambda: memory)
    local = LocalRunner(RunnerConfig(port=0, data_dir=None, state_file=None)).start()
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    yield local
    local.stop()
    patch.undo()


def new_tenant(runner: LocalRunner, plan: str = "pro") -> tuple[str, Client]:
    ids = runner.template.physical_ids
    made = tenants.create_tenant(
        "batches",
        plan,
        apigateway=runner.clients["apigateway"],
        dynamodb=runner.clients["dynamodb"],
        table=ids["Table"],
        usage_plan_id=ids[f"{plan.capitalize()}UsagePlan"],
        stage="local",
    )
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


def in_process(graph: gg.Graph, pixels: np.ndarray) -> dict[str, np.ndarray]:
    """The reference: one session of the same graph over every row at once."""
    with graph.as_default():
        init = gg.global_variables_initializer()
    with gg.Session(graph=graph) as session:
        session.run(init)
        probs, label = session.run(["probs:0", "label:0"], {"x:0": pixels})
    return {"probs": probs, "label": label}


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


def submit(client: Client, session_id: str, **extra: Any):
    body = {
        "session": session_id,
        "fetches": {"probs": "probs:0", "label": "label:0"},
        "dataset": "ds_digits",
        "inputs": {"x": "pixels"},
        "rows_per_shard": 250,
        "max_concurrency": 4,
        **extra,
    }
    return client.call("POST", "/v1/batches", body)


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
