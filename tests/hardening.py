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

from localrunner.client import Client, HttpReply
from tests.support import load_event

# Example graph from events/: a*b/(a+b) over constants.
GRAPH_REQUEST: dict[str, Any] = json.loads(load_event("post-graphs")["body"])


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
