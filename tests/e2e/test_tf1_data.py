"""A tf.data graph over HTTP against the local runner: a one-shot graph run iterates
within its steps; a stored session refuses a run that would lose the iterator's position
between requests, and answers the runs that do not use it."""

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("data-e2e", plan="pro")["api_key"])


def test_iterators_run_in_graph_runs_and_are_refused_in_sessions(client):
    graph = gg.Graph()
    with graph.as_default():
        ds = gg.data.Dataset.from_tensor_slices(np.arange(8.0).reshape(4, 2)).batch(2)
        gg.reduce_sum(ds.make_one_shot_iterator().get_next(), name="total")
        gg.constant(7.0, name="seven")
    doc = {"name": "data", "graph": serialization.graph_to_dict(graph)}
    graph_id = client.call("POST", "/v1/graphs", doc).json()["id"]

    run = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "total", "steps": 2})
    assert run.status == 200, run.body
    assert serialization.decode_tensor(run.json()["outputs"]) == 4 + 5 + 6 + 7

    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    path = f"/v1/sessions/{session['id']}/runs"
    refused = client.call("POST", path, {"fetches": "total"})
    assert refused.status == 400, refused.body
    assert refused.json()["code"] == "ITERATOR_STATE_NOT_KEPT"
    assert refused.headers["content-type"].startswith("application/problem+json")
    plain = client.call("POST", path, {"fetches": "seven"})
    assert plain.status == 200, plain.body
