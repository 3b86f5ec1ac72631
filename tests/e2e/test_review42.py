"""Review 42's findings over HTTP against the local runner (docs/hardening.md): outputs a
document declares past the node limit (a Split's count, IdentityN's inputs) are refused
as the graph is stored, never built."""

import pytest

from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("review42-e2e", plan="pro")["api_key"])


def document(*nodes):
    x = {"datatype": "FP32", "shape": [2], "data": [1.0, 2.0]}
    nodes = [{"name": "x", "op": "Const", "attrs": {"value": x}}, *nodes]
    return {"name": "review42", "graph": {"format": "graphgate.graph/v1", "nodes": nodes}}


@pytest.mark.parametrize(
    "node",
    [
        # ten million even parts in 100 bytes (a million took 280 MB and 15 s to build)
        {"op": "Split", "inputs": ["x"], "attrs": {"num_or_size_splits": 10**7}},
        # an output each input, four bytes a reference
        {"op": "IdentityN", "inputs": ["x"] * 50_001},
    ],
    ids=["Split", "IdentityN"],
)
def test_outputs_past_the_node_limit_are_refused_as_the_graph_is_stored(client, node):
    reply = client.call("POST", "/v1/graphs", document({"name": "out", **node}))
    assert reply.status == 422, reply.body[:300]
    assert reply.headers["content-type"].startswith(PROBLEM)
    assert reply.json()["code"] == "GRAPH_TOO_LARGE"
    assert client.call("GET", "/v1/graphs").json()["items"] == []
