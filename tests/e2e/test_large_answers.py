"""Writes whose answer would not fit a synchronous response: the write is answered
(with download URLs) and what it stored stays readable, over HTTP and the client."""

import json

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate.client import Client as SdkClient
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("large-e2e", plan="pro")["api_key"])


def chain(n):
    """A 50,000-node chain sent as 3 MB answers with 7.7 MB as Lambda counts it."""
    value = {"datatype": "FP32", "shape": [], "data": [1.0]}
    nodes = [{"name": "n0", "op": "Const", "attrs": {"value": value}}]
    nodes += [{"name": f"n{i}", "op": "Identity", "inputs": [f"n{i - 1}"]} for i in range(1, n)]
    return {"format": "graphgate.graph/v1", "nodes": nodes}


def test_the_largest_graph_is_stored_answered_and_read_back(runner, client):
    # GIVEN a graph at the node limit whose echo would not fit a Lambda response
    document = chain(50_000)
    # WHEN it is created THEN the answer is a success with downloads, not a 422 or 502
    created = client.call("POST", "/v1/graphs", {"name": "chain", "graph": document})
    assert created.status == 201, created.body[:300]
    graph = created.json()
    assert graph["node_count"] == 50_000 and "graph" not in graph
    assert json.loads(request("GET", graph["graph_url"]).body) == document
    signature = json.loads(request("GET", graph["signature_url"]).body)
    assert len(signature["nodes"]) == 50_000
    # AND it stays readable, over HTTP and through the Python client
    fetched = client.call("GET", f"/v1/graphs/{graph['id']}")
    assert fetched.status == 200 and fetched.json()["etag"] == graph["etag"]
    with SdkClient(runner.url, client.api_key) as sdk:
        assert sdk.get_graph(graph["id"])["graph"] == document
        # a revision answers with downloads too (graphs.md), which the client follows
        revision = sdk.get_graph_revision(graph["id"], 1)
        assert revision["graph"] == document and len(revision["signature"]["nodes"]) == 50_000
    assert client.call("DELETE", f"/v1/graphs/{graph['id']}").status == 204


def test_a_session_whose_state_does_not_fit_a_response_stays_readable(runner, client):
    # GIVEN a session holding 6 MB of variables (a small graph can start big)
    graph = gg.Graph()
    with graph.as_default():
        w = gg.Variable(gg.fill([1_500_000], 0.5), name="w")
        gg.assign_add(w, gg.ones([1_500_000]), name="bump")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "big-state", "graph": document})
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id.json()["id"]})
    assert session.status == 201, session.body[:300]
    path = f"/v1/sessions/{session.json()['id']}"
    # WHEN a run writes it THEN the write is answered
    run = client.call("POST", f"{path}/runs", {"fetches": [], "targets": ["bump"]})
    assert run.status == 200, run.body[:300]
    # AND the state reads back as JSON with a download, and through the client
    shown = client.call("GET", f"{path}/variables?encoding=b64")
    assert shown.status == 200, shown.body[:300]
    assert "variables" not in shown.json() and shown.json()["version"] == 2
    wires = json.loads(request("GET", shown.json()["variables_url"]).body)
    np.testing.assert_array_equal(serialization.decode_tensor(wires["w"]), 1.5)
    with SdkClient(runner.url, client.api_key) as sdk:
        np.testing.assert_array_equal(sdk.get_variables(session.json()["id"])["w"], 1.5)
