"""The bytes a run holds at once, through the sessions function (moto, in-process): the
budget follows the function's configured memory (graph_documents.run_bytes_budget), and
a run past it is `422 RUN_TOO_LARGE` naming the step, before the step allocates."""

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, tensor

module_aws = _sessions.module_aws
api = _sessions.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        dims = gg.placeholder(gg.int32, [2], name="dims")
        gg.reduce_sum(gg.add_n([gg.fill(dims, float(i)) for i in range(6)]), name="y")
        gg.reduce_sum(gg.add_n([gg.zeros([2000, 2000]) + float(i) for i in range(6)]), name="z")
    return gg.graph_to_dict(g)


def _dims(rows, cols):
    return {"dims": {"datatype": "INT32", "shape": [2], "data": [rows, cols]}}


def _run(api, graph_id, fetch, feeds=None):
    return api.call(
        "post-graph-runs", graph=graph_id, body={"fetches": {"y": fetch}, "feeds": feeds or {}}
    )


def _refused(reply, node):
    assert reply.status == 422, reply.text
    problem = reply.json()
    assert problem["code"] == "RUN_TOO_LARGE" and problem["category"] == "RESOURCE_EXHAUSTED"
    assert problem["errors"][0]["node"] == node
    return problem


def test_a_run_past_the_functions_memory_is_422_run_too_large(api, monkeypatch):
    graph_id = create_graph(api, body={"name": "six", "graph": _graph()})
    # a 128 MB function may hold 32 MiB at once (a quarter: its memory is under the margin)
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
    reply = _run(api, graph_id, "y", _dims(1000, 1000))  # six 4 MB fills: 24 MB
    assert reply.status == 200, reply.text
    assert tensor(reply.json()["outputs"]["y"]) == 15e6
    # six 16 MB fills: the third would take the run past 32 MiB, and is not made
    problem = _refused(_run(api, graph_id, "y", _dims(2000, 2000)), "Fill_2")
    assert "more than the limit of 33554432" in problem["detail"]
    # static shapes: refused from them before any step runs
    _refused(_run(api, graph_id, "z"), "add_5")
    # AND the sessions function's 2,048 MB runs both
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048")
    assert _run(api, graph_id, "y", _dims(2000, 2000)).status == 200
    assert tensor(_run(api, graph_id, "z").json()["outputs"]["y"]) == 60e6


def test_a_session_run_is_held_to_the_same_budget(api, monkeypatch):
    session = start_session(api, create_graph(api, body={"name": "six", "graph": _graph()}))
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
    body = {"fetches": {"y": "y"}, "feeds": _dims(2000, 2000)}
    _refused(api.call("post-session-runs", session=session["id"], body=body), "Fill_2")
