"""TF1's scatter updates and tf.Print through the sessions function (moto, in-process):
updates persist between runs of a session, and what tf.Print logs is a structured log line
of the run, never unstructured output."""

import json

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, values

# The sessions tests' fixtures: moto's resources and a pro tenant.
module_aws = _sessions.module_aws
api = _sessions.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        rows = gg.Variable(gg.zeros([3, 2]), name="rows")
        hits = gg.Variable(gg.zeros([3], gg.int32), name="hits")
        idx = gg.placeholder(gg.int32, [None], name="idx")
        seen = gg.scatter_add(hits, idx, gg.ones_like(idx))
        with gg.control_dependencies([seen]):
            logged = gg.Print(gg.identity(idx), [hits, idx], "hits then idx: ", name="logged")
            step = gg.scatter_update(rows, idx, gg.cast(gg.stack([idx, idx], 1), gg.float32))
        gg.group(step, logged, name="train")
        gg.global_variables_initializer()
    return gg.graph_to_dict(g)


def _run(api, session, body):
    reply = api.call("post-session-runs", session=session, body=body)
    assert reply.status == 200, reply.text
    return reply.json()


def test_scatter_updates_persist_and_print_reaches_the_structured_log(api, capsys):
    body = {"name": "scatter", "graph": _graph()}
    session = start_session(api, create_graph(api, "post-graphs", body))["id"]
    _run(api, session, {"fetches": {}, "targets": ["init"]})
    capsys.readouterr()
    feed = {"idx": {"datatype": "INT32", "shape": [2], "data": [2, 0]}}
    first = _run(api, session, {"fetches": {}, "targets": ["train"], "feeds": feed})
    _run(api, session, {"fetches": {}, "targets": ["train"], "feeds": feed})
    version, variables = values(api, session)
    assert variables["hits"] == [2, 0, 2]
    assert variables["rows"] == [[0.0, 0.0], [0.0, 0.0], [2.0, 2.0]]
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    printed = [x for x in lines if x.get("engine_logger") == "graphgate.tf.print"]
    assert [x["message"] for x in printed] == [
        "hits then idx: [1 0 1][2 0]",
        "hits then idx: [2 0 2][2 0]",
    ]
    # The request's keys, as every line of the request (the run id is bound once it ends).
    assert printed[0]["node"] == "logged" and printed[0]["correlation_id"]
    assert first["version"] == version - 1


def test_a_failed_assertion_is_a_problem_with_its_code_and_a_py_func_graph_is_refused(api):
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        with gg.control_dependencies([gg.assert_positive(x, message="x > 0")]):
            gg.identity(x, name="y")
    session = start_session(
        api, create_graph(api, "post-graphs", {"name": "asserts", "graph": gg.graph_to_dict(g)})
    )
    feed = {"x": {"datatype": "FP32", "shape": [2], "data": [1.0, -1.0]}}
    reply = api.call(
        "post-session-runs", session=session["id"], body={"fetches": {"y": "y"}, "feeds": feed}
    )
    assert reply.status == 400, reply.text
    problem = reply.json()
    assert problem["code"] == "ASSERTION_FAILED" and "x > 0" in problem["detail"]
    doc = {"format": "graphgate.graph/v1", "nodes": [{"name": "f", "op": "PyFunc"}]}
    refused = api.call("post-graphs", body={"name": "py", "graph": doc})
    assert refused.status in (400, 422), refused.text
    # Graph validation reports every engine problem under GRAPH_INVALID, with its code.
    assert refused.json()["code"] == "GRAPH_INVALID"
    assert refused.json()["errors"][0]["code"] == "PYTHON_FUNCTION"


def test_a_print_in_a_long_loop_writes_a_bounded_number_of_lines(api, capsys, monkeypatch):
    from graphgate_service import logs

    monkeypatch.setattr(logs, "MAX_ENGINE_LINES_PER_REQUEST", 5)
    g = gg.Graph()
    with g.as_default():
        n = gg.placeholder(gg.int32, [], name="n")

        def body(i):
            return gg.Print(i + 1, [i], "step ")

        gg.while_loop(lambda i: i < n, body, [gg.constant(0)], name="loop")
    session = start_session(
        api, create_graph(api, "post-graphs", {"name": "loop", "graph": gg.graph_to_dict(g)})
    )
    capsys.readouterr()
    feed = {"n": {"datatype": "INT32", "shape": [], "data": [50]}}
    for _ in range(2):  # the budget is per request
        _run(api, session["id"], {"fetches": {"out": "loop:0"}, "feeds": feed})
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    dropped = [x for x in lines if x.get("message") == "engine log lines dropped"]
    printed = [
        x["message"]
        for x in lines
        if x.get("engine_logger") == "graphgate.tf.print" and x not in dropped
    ]
    assert printed == [f"step [{i}]" for i in range(5)] * 2
    assert len(dropped) == 2 and dropped[0]["limit"] == 5
