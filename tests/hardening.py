"""Helpers for the hardening suites (issue 9): fuzzing, the stateful model,
races, fault injection, load and the secrets scan. Fixtures stay in the test
modules; this holds what several of them share."""

import copy
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from localrunner.client import Client, HttpReply, request
from tests.support import load_event

# Example graph from events/: a*b/(a+b) over constants.
GRAPH_REQUEST: dict[str, Any] = json.loads(load_event("post-graphs")["body"])


def counter_request(name: str = "counter") -> dict[str, Any]:
    """A graph with state: variable `counter`, `increment` adds the fed `by` (default 1)."""
    import graphgate as gg  # numpy: only the suites that run sessions pay for it
    from graphgate import serialization

    graph = gg.Graph()
    with graph.as_default():
        counter = gg.Variable(0.0, name="counter")
        by = gg.constant(1.0, name="by")  # any tensor may be fed
        gg.assign_add(counter, by, name="increment")
    return {"name": name, "graph": serialization.graph_to_dict(graph)}


def model_request(name: str) -> dict[str, Any]:
    """A model version to freeze from a graph revision: y = x * w, w given as 2."""
    return {
        "name": name,
        "variables": {"w": {"datatype": "FP32", "shape": [], "data": [2.0]}},
        "inputs": {"x": "x"},
        "outputs": {"y": "y"},
    }


def model_graph_request(name: str = "model") -> dict[str, Any]:
    import graphgate as gg
    from graphgate import serialization

    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.multiply(x, gg.Variable(1.0, name="w"), name="y")
    return {"name": name, "graph": serialization.graph_to_dict(graph)}


def soak() -> bool:
    """True under `make soak`: the long variants run."""
    return os.environ.get("HYPOTHESIS_PROFILE") == "soak"


def scaled(fast: int, long: int) -> int:
    return long if soak() else fast


def graph_request(name: str, value: float = 1.0, **fields: Any) -> dict[str, Any]:
    """A valid create/replace body whose document differs with `value`."""
    body = copy.deepcopy(GRAPH_REQUEST)
    body["graph"]["nodes"][0]["attrs"]["value"]["data"] = [float(value)]
    return {**body, "name": name, **fields}


@dataclass
class Tenant:
    """A tenant as the tests see it: its key, a client with a token, its graphs."""

    name: str
    tenant_id: str
    api_key: str
    client: Client
    graphs: dict[str, str] = field(default_factory=dict)  # id -> last ETag its owner saw
    sessions: dict[str, str] = field(default_factory=dict)  # live session id -> its graph id
    # Sessions the fuzzer started: when each first expires if left idle (epoch seconds).
    session_expiry: dict[str, float] = field(default_factory=dict)
    runs: dict[str, str] = field(default_factory=dict)  # async run id -> its session id
    # Sessions of counter graphs made by `new_session`: the ones `new_run` can run on
    # (a session the fuzzer started may be on any graph).
    counters: set[str] = field(default_factory=set)
    models: set[str] = field(default_factory=set)  # names of models with a version
    datasets: set[str] = field(default_factory=set)  # ids of its datasets, of any status
    batches: set[str] = field(default_factory=set)  # ids of its batches, of any status

    @classmethod
    def create(cls, runner: Any, name: str, plan: str = "pro") -> "Tenant":
        created = runner.create_tenant(name, plan=plan)
        return cls(
            name, created["tenant_id"], created["api_key"], Client(runner.url, created["api_key"])
        )

    def headers(self) -> dict[str, str]:
        return self.client.headers()

    def new_graph(self, name: str = "seed") -> str:
        reply = self.client.call("POST", "/v1/graphs", graph_request(name))
        assert reply.status == 201, reply.body
        graph = reply.json()
        self.graphs[graph["id"]] = graph["etag"]
        return graph["id"]

    def new_session(self) -> str:
        """A session on a new counter graph (so runs have state to change)."""
        reply = self.client.call("POST", "/v1/graphs", counter_request())
        assert reply.status == 201, reply.body
        graph = reply.json()
        self.graphs[graph["id"]] = graph["etag"]
        reply = self.client.call("POST", "/v1/sessions", {"graph_id": graph["id"]})
        assert reply.status == 201, reply.body
        self.sessions[reply.json()["id"]] = graph["id"]
        self.counters.add(reply.json()["id"])
        return reply.json()["id"]

    def new_model(self) -> str:
        """A model with one version (frozen from a graph revision, no session)."""
        reply = self.client.call("POST", "/v1/graphs", model_graph_request())
        assert reply.status == 201, reply.body
        self.graphs[reply.json()["id"]] = reply.json()["etag"]
        name = f"model-{len(self.models)}-{self.tenant_id[-6:]}"
        body = {**model_request(name), "graph_id": reply.json()["id"]}
        reply = self.client.call("POST", "/v1/models", body)
        assert reply.status == 201, reply.body
        self.models.add(name)
        return name

    def new_dataset(self) -> str:
        """A ready dataset of one array, x: float32 [4, 2], uploaded as one .npy."""
        import io

        import numpy as np  # only the suites that aim at datasets pay for it

        buffer = io.BytesIO()
        np.save(buffer, np.arange(8, dtype=np.float32).reshape(4, 2))
        body = buffer.getvalue()
        files = [{"format": "npy", "name": "x", "bytes": len(body)}]
        reply = self.client.call("POST", "/v1/datasets", {"name": "seed", "files": files})
        assert reply.status == 201, reply.body
        dataset_id, (target,) = reply.json()["id"], reply.json()["uploads"]
        assert request("PUT", target["url"], target["headers"], body).status == 200
        reply = self.client.call("POST", f"/v1/datasets/{dataset_id}/complete")
        assert reply.status == 200, reply.body
        self.datasets.add(dataset_id)
        return dataset_id

    def new_batch(self) -> str:
        """A batch doubling a new dataset's rows (y = 2x, over x: float32 [4, 2])."""
        import graphgate as gg  # only the suites that aim at batches pay for it
        from graphgate import serialization

        graph = gg.Graph()
        with graph.as_default():
            gg.multiply(gg.placeholder(gg.float32, [None, 2], name="x"), 2.0, name="y")
        body = {"name": "batch-seed", "graph": serialization.graph_to_dict(graph)}
        reply = self.client.call("POST", "/v1/graphs", body)
        assert reply.status == 201, reply.body
        self.graphs[reply.json()["id"]] = reply.json()["etag"]
        batch = {
            "graph": {"id": reply.json()["id"]},
            "fetches": ["y:0"],
            "dataset": self.new_dataset(),
            "inputs": {"x": "x"},
        }
        reply = self.client.call("POST", "/v1/batches", batch)
        assert reply.status == 202, reply.body
        self.batches.add(reply.json()["id"])
        return reply.json()["id"]

    def counter_session(self, pick: Any) -> str:
        """A live session on a counter graph, a new one if none is left."""
        live = sorted(self.counters & set(self.sessions))
        return pick.choice(live) if live else self.new_session()

    def new_run(self, session_id: str) -> str:
        """An asynchronous run of a few increments on the session (of a counter graph)."""
        reply = self.client.call(
            "POST",
            f"/v1/sessions/{session_id}/runs",
            {"fetches": "counter", "targets": ["increment"], "steps": 3},
            {"Prefer": "respond-async"},
        )
        assert reply.status == 202, reply.body
        self.runs[reply.json()["id"]] = session_id
        return reply.json()["id"]


def retry_transient(call: Callable[[], HttpReply], attempts: int = 20) -> HttpReply:
    """The call, retried after Retry-After while it is 409 IDEMPOTENCY_IN_PROGRESS or 503."""
    for _ in range(attempts):
        reply = call()
        if reply.status not in (409, 503) or "retry-after" not in reply.headers:
            return reply
        time.sleep(min(float(reply.headers["retry-after"]), 1.0) / 10)
    return reply


def report(request: Any, line: str) -> None:
    """Print a figure (cases, req/s, ...) in pytest's output, past output capture."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter and capture:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n{line}")
