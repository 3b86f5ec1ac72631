"""Round 17's gap, held over HTTP against the local runner: `add_n` of six `fill`s of a
fed `[10000, 10000]` (each 1e8 float32, within the tensor limit) held 3.4 GB at once, past
the sessions function's 2,048 MB (on Lambda an out-of-memory kill and a 502). The run's
byte budget (the function's memory less 768 MiB) refuses it with `422 RUN_TOO_LARGE`
before the fill that would pass it is made, and the runner never holds the six."""

from pathlib import Path

import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

BUDGET = 2048 * 2**20 - 768 * 2**20  # graph_documents.run_bytes_budget() for 2,048 MB
FILL = 400_000_000  # bytes of one [10000, 10000] float32


def _high_water_bytes(pid: int) -> int:
    """The most resident memory process `pid` has held (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_six_fills_of_a_fed_shape_are_422_before_they_pass_the_functions_memory(runner):
    client = Client(runner.url, runner.create_tenant("runbytes-e2e", plan="pro")["api_key"])
    graph = gg.Graph()
    with graph.as_default():
        dims = gg.placeholder(gg.int32, [2], name="dims")
        gg.reduce_sum(gg.add_n([gg.fill(dims, float(i)) for i in range(6)]), name="y")
    body = {"name": "six", "graph": serialization.graph_to_dict(graph)}
    created = client.call("POST", "/v1/graphs", body)
    assert created.status == 201, created.body[:300]

    def run(side):
        feeds = {"dims": {"datatype": "INT32", "shape": [2], "data": [side, side]}}
        path = f"/v1/graphs/{created.json()['id']}/runs"
        return client.call("POST", path, {"fetches": ["y"], "feeds": feeds})

    small = run(100)
    assert small.status == 200, small.body[:300]
    before = _high_water_bytes(runner.pid)
    refused = run(10_000)
    grown = _high_water_bytes(runner.pid) - before
    assert refused.status == 422, refused.body[:300]
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["code"] == "RUN_TOO_LARGE" and problem["category"] == "RESOURCE_EXHAUSTED"
    # three fills fit the 1.25 GiB budget; the fourth, which would pass it, is not made
    assert problem["errors"][0]["node"] == "Fill_3"
    assert f"more than the limit of {BUDGET}" in problem["detail"]
    assert grown < BUDGET, grown  # was 3.4 GB: the six fills and their sum
