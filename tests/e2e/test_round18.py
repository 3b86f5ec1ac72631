"""Adversarial probing, round 18 (docs/hardening.md), held over HTTP against the local
runner: what today's merges added, attacked from outside. A TensorFlow GraphDef's
`DenseBincount` fed hostile weights and sizes answers what TF 2.21 computes
(tests/reference/round18.py), or TF's refusal as a documented 400; an old revision read
after a PUT shows its own content_hash and never replaces the current graph's download."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate.meta_graph import GraphDef
from tests.support import Client, request

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


def _split_graph(value: float) -> dict:
    # 9,002 nodes with long names: the document (4.2 MB) and its signature (2.5 MB) make
    # the answer too large to be inline, so both are answered as downloads (graph_url).
    # (One node of 200,000 outputs did it before; such a count is now refused, as nodes.)
    graph = gg.Graph()
    with graph.as_default():
        t = gg.constant([value], name="c")
        for i in range(9_000):
            t = gg.identity(t, name=f"step_{i:04d}_" + "x" * 200)
        gg.identity(t, name="y")
    return serialization.graph_to_dict(graph)


def _constant_of(document: dict) -> list:
    return next(n for n in document["nodes"] if n["op"] == "Const")["attrs"]["value"]["data"]


def test_an_old_revision_read_keeps_its_own_hash_and_never_replaces_the_current_download(
    client,
):
    # GIVEN a graph replaced once: revision 1 fills with 1.0, revision 2 with 2.0
    created = client.call("POST", "/v1/graphs", {"name": "r18", "graph": _split_graph(1.0)})
    assert created.status == 201, created.body[:300]
    graph_id = created.json()["id"]
    replaced = client.call(
        "PUT",
        f"/v1/graphs/{graph_id}",
        {"name": "r18", "graph": _split_graph(2.0)},
        headers={"If-Match": created.headers["etag"]},
    )
    assert replaced.status == 200, replaced.body[:300]

    # WHEN the current graph is read, then revision 1, then the current's download fetched
    current = client.call("GET", f"/v1/graphs/{graph_id}").json()
    old = client.call("GET", f"/v1/graphs/{graph_id}/revisions/1").json()
    listed = client.call("GET", f"/v1/graphs/{graph_id}/revisions").json()["items"]
    current_document = request("GET", current["graph_url"], {}, None).json()
    old_document = request("GET", old["graph_url"], {}, None).json()

    # THEN revision 1 shows its own hash and size (the current's before round 18), and
    # the current's download is still revision 2 (it held revision 1's document, written
    # over it under the current hash)
    assert current["revision"] == 2 and old["revision"] == 1
    assert old["content_hash"] == listed[0]["content_hash"] != current["content_hash"]
    assert old["node_count"] == listed[0]["node_count"]
    assert _constant_of(current_document) == [2.0]
    assert _constant_of(old_document) == [1.0]


def test_a_continued_run_shows_the_schedule_asked_for_which_continues_again(runner):
    # GIVEN a session over a dataset of 100 rows
    key = runner.create_tenant("round18-start", plan="pro")["api_key"]
    rng = np.random.default_rng(18)
    features = rng.standard_normal((100, 4)).astype(np.float32)
    labels = (np.arange(100) % 3).astype(np.int32)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 4], name="x")
        y = gg.placeholder(gg.int32, [None], name="y")
        w = gg.Variable(gg.zeros([4, 3]), name="w")
        logits = gg.matmul(x, w)
        loss = gg.reduce_mean(
            gg.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        gg.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    client = Client(runner.url, key)
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        dataset = sess.client.upload_dataset({"features": features, "labels": labels}, "r18")
        sess.run(loss, {x: features[:1], y: labels[:1]})
        asked = {
            "id": dataset["id"],
            "map": {"features": "x:0", "labels": "y:0"},
            "batch_size": 10,
            "epochs": 2,
            "shuffle": True,
            "seed": 5,
            "drop_remainder": False,
            "start": {"epoch": 1, "offset": 30},
        }
        body = {"fetches": ["loss:0"], "targets": ["train"], "dataset": asked}

        # WHEN a run continues from epoch 1, row 30
        started = client.call("POST", f"/v1/sessions/{sess.session_id}/runs", body)

    # THEN it shows the schedule asked for (with the dataset's rows), not the worker's
    # own fields (`row_bytes`, `start_step`, which a client sending it back had refused)
    assert started.status == 202, started.body[:300]
    run = started.json()
    assert run["steps"] == 7
    assert run["dataset"] == {**asked, "rows": 100}


@pytest.mark.parametrize("name", sorted(FIXTURE["optimizer"]["cases"]))
def test_an_imported_optimizer_step_fed_a_gradient_of_another_shape_is_refused_unwritten(
    client, name
):
    # GIVEN a session on TF's GraphDef of one ApplyAdaMax step over a variable of 3
    recorded = FIXTURE["optimizer"]
    document = dict(GraphDef.FromString(base64.b64decode(recorded["graph_def"])))
    created = client.call("POST", "/v1/graphs", {"name": "adamax", "graph": document})
    assert created.status == 201, created.body[:300]
    session = client.call("POST", "/v1/sessions", {"graph_id": created.json()["id"]}).json()
    grad = recorded["cases"][name]

    # WHEN the step is run with that gradient
    feeds = {"grad:0": {"datatype": "FP32", "shape": [len(grad)], "data": grad}}
    body = {"fetches": [], "targets": ["train"], "feeds": feeds}
    reply = client.call("POST", f"/v1/sessions/{session['id']}/runs", body)
    variables = client.call("GET", f"/v1/sessions/{session['id']}/variables").json()

    # THEN the variable is TF's after the step, or, where TF's kernel refuses the
    # gradient, a 400 and the variable as it was (a gradient of [1] was broadcast and
    # written before round 18)
    expected = recorded["answers"][name]
    if "var" in expected:
        assert reply.status == 200, reply.body[:300]
        assert variables["variables"]["var"]["data"] == expected["var"]
    else:
        assert reply.status == 400, reply.body[:300]
        assert reply.headers["content-type"].startswith("application/problem+json")
        assert reply.json()["code"] == "ASSERTION_FAILED"
        assert variables["version"] == session["version"]
        assert variables["variables"]["var"]["data"] == [1.0, -2.0, 3.0]
