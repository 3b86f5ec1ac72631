"""Adversarial probing, round 18 (docs/hardening.md), held over HTTP against the local
runner: what today's merges added, attacked from outside. A TensorFlow GraphDef's
`DenseBincount` fed hostile weights and sizes answers what TF 2.21 computes
(tests/reference/round18.py), or TF's refusal as a documented 400."""

import base64
import json
from pathlib import Path

import pytest

from graphgate.meta_graph import GraphDef
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "round18.json").read_text())


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round18-e2e", plan="pro")["api_key"])


@pytest.fixture(scope="module")
def bincount_graph(client) -> str:
    # As `graphgate graphs create g.pb` stores it: the GraphDef read on the client.
    document = dict(GraphDef.FromString(base64.b64decode(FIXTURE["graph_def"])))
    created = client.call("POST", "/v1/graphs", {"name": "bincount", "graph": document})
    assert created.status == 201, created.body[:300]
    return created.json()["id"]


def _feeds(case):
    def tensor(datatype, value):
        data = value if isinstance(value, list) else [value]
        return {
            "datatype": datatype,
            "shape": [len(data)] if isinstance(value, list) else [],
            "data": data,
        }

    return {
        "x:0": tensor("INT32", case["x"]),
        "size:0": tensor("INT32", case["size"]),
        "w:0": tensor("FP32", case["w"]),
    }


@pytest.mark.parametrize("name", sorted(FIXTURE["cases"]))
def test_an_imported_dense_bincount_fed_hostile_weights_answers_as_tf(client, bincount_graph, name):
    # GIVEN TF's answer for these feeds: the counts, or its kernel's refusal
    expected = FIXTURE["answers"][name]

    # WHEN they are fed over HTTP
    body = {"fetches": ["y:0"], "feeds": _feeds(FIXTURE["cases"][name])}
    reply = client.call("POST", f"/v1/graphs/{bincount_graph}/runs", body)

    # THEN the same counts, or a 400 problem with a stable code (a single weight was
    # broadcast to every value, and size 0 was refused, before round 18)
    if "y" in expected:
        assert reply.status == 200, reply.body[:300]
        answer = reply.json()["outputs"][0]
        assert answer["shape"] == [len(expected["y"])]
        assert answer["data"] == expected["y"]
    else:
        assert expected["error"] == "InvalidArgumentError"
        assert reply.status == 400, reply.body[:300]
        assert reply.headers["content-type"].startswith("application/problem+json")
        problem = reply.json()
        # (two weights for three values do not broadcast: the fed shapes refuse them first)
        assert problem["code"] in ("ASSERTION_FAILED", "SHAPE_MISMATCH"), problem
        if problem["code"] == "ASSERTION_FAILED":
            assert "should have the same shape" in problem["detail"]
