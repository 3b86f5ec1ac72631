"""TF1's string tensors over HTTP against the local runner: a stored graph with a string
placeholder, fed BYTES, joined by `string_join` and fetched back, in a one-shot graph run
and in a session; a body holding more string bytes than a run may take is refused."""

import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("strings-e2e", plan="pro")["api_key"])


def _graph_id(client):
    graph = gg.Graph()
    with graph.as_default():
        name = gg.placeholder(gg.string, [None], name="name")
        gg.string_join(["Hello,", name], separator=" ", name="greeting")
    doc = {"name": "hello", "graph": serialization.graph_to_dict(graph)}
    created = client.call("POST", "/v1/graphs", doc)
    assert created.status == 201, created.body
    return created.json()["id"]


def test_a_string_placeholder_is_joined_and_fetched_over_http(client):
    graph_id = _graph_id(client)
    feeds = {"name": {"datatype": "BYTES", "shape": [2], "data": ["TensorFlow!", "wörld"]}}
    run = client.call(
        "POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "greeting", "feeds": feeds}
    )
    assert run.status == 200, run.body
    assert run.json()["outputs"] == {
        "datatype": "BYTES",
        "shape": [2],
        "data": ["Hello, TensorFlow!", "Hello, wörld"],
    }
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()
    binary = {"name": {"datatype": "BYTES", "shape": [1], "data": [{"b64": "/w=="}]}}
    again = client.call(
        "POST", f"/v1/sessions/{session['id']}/runs", {"fetches": "greeting", "feeds": binary}
    )
    assert again.status == 200, again.body
    assert serialization.decode_tensor(again.json()["outputs"]).tolist() == [b"Hello, \xff"]


def test_a_number_where_a_string_is_fed_is_a_problem_not_a_500(client):
    graph_id = _graph_id(client)
    feeds = {"name": {"datatype": "BYTES", "shape": [1], "data": [1.5]}}
    run = client.call(
        "POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "greeting", "feeds": feeds}
    )
    assert run.status == 400, run.body
    assert run.headers["content-type"].startswith("application/problem+json")
    assert run.json()["code"] == "INVALID_TENSOR"


def test_a_remote_session_feeds_and_fetches_strings_and_string_variables(runner):
    # GIVEN a TF1 program with a string placeholder and a string variable, run remotely
    key = runner.create_tenant("strings-remote", plan="pro")["api_key"]
    graph = gg.Graph()
    with graph.as_default():
        name = gg.placeholder(gg.string, [None], name="name")
        seen = gg.Variable("", name="seen")
        remember = seen.assign(gg.reduce_join(name, separator=","))
        hello = gg.string_join(["Hello,", name], separator=" ")
        init = gg.global_variables_initializer()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        # WHEN strings (one not UTF-8) are fed, fetched and kept in a variable
        out = sess.run(hello, {name: ["TensorFlow!", b"\xff"]})
        sess.run(remember, {name: ["a", "b"]})
        # THEN they come back as TF1's bytes, and the variable holds between requests
        assert out.tolist() == [b"Hello, TensorFlow!", b"Hello, \xff"]
        assert sess.run(seen) == b"a,b"
