"""The graphs function with `Accept: application/x-protobuf`: a stored graph (or one of
its revisions) answered as TensorFlow's binary GraphDef, in-process against moto. The
bytes are the ones TF 2.21 imported and computed from (fixture tf_graph_download.json,
recorded by tests/reference/tf_graph_download.py)."""

import hashlib
import json
from pathlib import Path

import graphgate as gg
from graphgate.serialization import graph_to_dict
from tests.integration.test_graphs_handler import call, create, graphs  # noqa: F401
from tests.unit.engine.tf_reference.download_programs import PROGRAMS

GRAPH_DEF = "application/x-protobuf"
FIXTURE = json.loads(
    (Path(__file__).parents[1] / "unit/engine/fixtures/tf_graph_download.json").read_text()
)


def document(name: str) -> dict:
    with gg.Graph().as_default() as graph:
        PROGRAMS[name](gg)
    return graph_to_dict(graph)


def test_a_stored_graph_is_answered_as_the_graph_def_tf_computed_from(graphs):  # noqa: F811
    for name, recorded in FIXTURE.items():
        stored = create(graphs, name=f"tf-{name}", graph=document(name))

        reply = call(graphs, "get-graph", graph_id=stored["id"], headers={"Accept": GRAPH_DEF})

        assert reply.status == 200, reply.text
        assert reply.headers["content-type"] == GRAPH_DEF
        assert hashlib.sha256(reply.content).hexdigest() == recorded["sha256"], name
        assert reply.headers["content-disposition"].endswith(f'{stored["id"]}-1.pb"')


def test_the_graph_def_has_its_own_etag_and_revisions_answer_it_too(graphs):  # noqa: F811
    stored = create(graphs, name="tf-mlp", graph=document("mlp"))
    first = call(graphs, "get-graph", graph_id=stored["id"], headers={"Accept": GRAPH_DEF})
    etag = first.headers["etag"]

    again = call(
        graphs,
        "get-graph",
        graph_id=stored["id"],
        headers={"Accept": GRAPH_DEF, "If-None-Match": etag},
    )
    # The JSON's tag does not stand for the GraphDef, nor the GraphDef's for the JSON.
    json_etag = call(graphs, "get-graph", graph_id=stored["id"]).headers["etag"]
    not_it = call(
        graphs,
        "get-graph",
        graph_id=stored["id"],
        headers={"Accept": GRAPH_DEF, "If-None-Match": json_etag},
    )
    revision = call(
        graphs, "get-graph-revision", graph_id=stored["id"], headers={"Accept": GRAPH_DEF}
    )

    assert etag not in (json_etag, stored["etag"]) and etag.endswith('.x-protobuf"')
    assert again.status == 304 and not_it.status == 200
    assert revision.status == 200 and revision.content == first.content


def test_a_graph_tf_cannot_hold_is_422_naming_every_node(graphs):  # noqa: F811
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        gg.sort(x, name="down")  # TF has no Sort op
        gg.sort(x, name="again")
        gg.nn.softmax(x, name="fine")
    stored = create(graphs, name="tf-refused", graph=graph_to_dict(graph))

    reply = call(graphs, "get-graph", graph_id=stored["id"], headers={"Accept": GRAPH_DEF})

    assert reply.status == 422, reply.text
    problem = reply.json()
    assert reply.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "TF_EXPORT_UNSUPPORTED"
    assert problem["category"] == "UNIMPLEMENTED"
    assert sorted(p["node"] for p in problem["problems"]) == ["again", "down"]


def test_a_graph_def_over_the_answers_limit_is_422_naming_its_size(graphs, monkeypatch):  # noqa: F811
    from graphgate_service import settings

    stored = create(graphs, name="tf-mlp", graph=document("mlp"))
    monkeypatch.setattr(settings, "MAX_RESPONSE_BYTES", 1024)

    reply = call(graphs, "get-graph", graph_id=stored["id"], headers={"Accept": GRAPH_DEF})

    assert reply.status == 422, reply.text
    problem = reply.json()
    assert problem["code"] == "RESPONSE_TOO_LARGE" and problem["limit"] == 768
    assert f"{FIXTURE['mlp']['bytes']:,} bytes" in problem["detail"]
