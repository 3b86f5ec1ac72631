"""The local runner's CPU time per request of each route in the load test's mix
(tests/load/locustfile.py), one request at a time, against a fresh runner: where
benchmarks/runner_load.py's req/s goes, route by route, and nearly independent of
what else the machine is doing (the runner process's own CPU seconds, from /proc).

    .venv/bin/python benchmarks/runner_routes.py [REQUESTS_PER_ROUTE]
"""

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.runner_load import cpu_seconds
from localrunner.client import Client
from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS

EVENTS = Path(__file__).resolve().parent.parent / "events"
GRAPH = json.loads(json.loads((EVENTS / "post-graphs.json").read_text())["body"])
COUNTER = json.loads(json.loads((EVENTS / "post-graphs-counter.json").read_text())["body"])
ONES = {"datatype": "FP32", "shape": [2], "data": [1.0, 1.0]}
# The load test's weights (its @task numbers), to weigh each route's cost.
WEIGHTS = {
    "POST /v1/graphs": 2,
    "GET /v1/graphs/{id}": 6,
    "GET /v1/graphs": 3,
    "PUT /v1/graphs/{id}": 2,
    "PATCH /v1/graphs/{id}": 1,
    "POST /v1/graphs/{id}/runs": 3,
    "POST /v1/sessions/{id}/runs": 3,
    "GET /v1/health": 1,
}


def routes(client: Client):
    """route -> a function making one request of it (and checking it succeeded)."""
    state = {}

    def ok(reply, status=200):
        assert reply.status == status, (reply.status, reply.body[:300])
        return reply

    def create():
        reply = ok(client.call("POST", "/v1/graphs", {**GRAPH, "name": "bench"}), 201)
        state["graph"], state["etag"] = reply.json()["id"], reply.headers["etag"]

    def replace():
        reply = ok(
            client.call(
                "PUT", f"/v1/graphs/{state['graph']}", GRAPH, headers={"If-Match": state["etag"]}
            )
        )
        state["etag"] = reply.headers["etag"]

    def patch():
        reply = ok(
            client.call(
                "PATCH",
                f"/v1/graphs/{state['graph']}",
                raw=json.dumps({"tags": ["load"]}).encode(),
                headers={"If-Match": state["etag"], "Content-Type": "application/merge-patch+json"},
            )
        )
        state["etag"] = reply.headers["etag"]

    create()
    counter = ok(client.call("POST", "/v1/graphs", {**COUNTER, "name": "counter"}), 201).json()
    session = ok(client.call("POST", "/v1/sessions", {"graph_id": counter["id"]}), 201).json()
    return {
        "POST /v1/graphs": create,
        "GET /v1/graphs/{id}": lambda: ok(client.call("GET", f"/v1/graphs/{state['graph']}")),
        "GET /v1/graphs": lambda: ok(client.call("GET", "/v1/graphs?limit=20")),
        "PUT /v1/graphs/{id}": replace,
        "PATCH /v1/graphs/{id}": patch,
        "POST /v1/graphs/{id}/runs": lambda: ok(
            client.call("POST", f"/v1/graphs/{state['graph']}/runs", {"fetches": "res"})
        ),
        "POST /v1/sessions/{id}/runs": lambda: ok(
            client.call(
                "POST",
                f"/v1/sessions/{session['id']}/runs",
                {"fetches": "add_x", "feeds": {"x": ONES}},
            )
        ),
        "GET /v1/health": lambda: ok(client.call("GET", "/v1/health")),
    }


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with (
        tempfile.TemporaryDirectory() as scratch,
        RunnerProcess(Path(scratch), E2E_PARAMETERS, persist=False) as runner,
    ):
        tenant = runner.create_tenant("bench", plan="pro")
        client = Client(runner.url, tenant["api_key"])
        pid = runner.state["pid"]
        steps = routes(client)
        for step in steps.values():  # warm: every route's modules and environments
            for _ in range(5):
                step()
        costs = {}
        for route, step in steps.items():
            before, started = cpu_seconds(pid), time.perf_counter()
            for _ in range(count):
                step()
            wall = (time.perf_counter() - started) / count
            costs[route] = (cpu_seconds(pid) - before) / count
            print(
                f"{route:30s} runner {costs[route] * 1000:5.1f} ms CPU, "
                f"{wall * 1000:5.1f} ms wall per request",
                flush=True,
            )
    mix = sum(costs[r] * w for r, w in WEIGHTS.items()) / sum(WEIGHTS.values())
    print(f"the load test's mix: {mix * 1000:.1f} ms CPU per request, {1 / mix:.0f} req per CPU-s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
