"""TF1 queues through the graphs and sessions functions (moto, in-process): a one-shot
graph run keeps its queues across its steps, as one TF session would; a stored session,
which keeps variables but not a queue's contents between requests, refuses a run that
uses a queue rather than start it empty each request."""

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, tensor

module_aws = _sessions.module_aws
api = _sessions.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        q = gg.FIFOQueue(10, gg.float32, shapes=[[]])
        fill = q.enqueue_many([[1.0, 2.0, 3.0]], name="fill")
        with gg.control_dependencies([fill]):
            gg.identity(q.dequeue(), name="x")
        gg.identity(q.size(), name="size")
        gg.constant(7.0, name="plain")
    return gg.graph_to_dict(g)


def test_a_graph_run_keeps_its_queue_over_its_steps(api):
    graph_id = create_graph(api, body={"name": "queue", "graph": _graph()})
    reply = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"x": "x"}, "steps": 3})
    assert reply.status == 200, reply.text
    # Each step enqueues 1, 2, 3 and dequeues one: the third dequeue is the first run's 3.
    assert tensor(reply.json()["outputs"]["x"]) == 3.0
    again = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"x": "x"}})
    assert tensor(again.json()["outputs"]["x"]) == 1.0  # a fresh session, an empty queue


def test_a_stored_session_refuses_runs_that_use_a_queue(api):
    session = start_session(api, create_graph(api, body={"name": "q", "graph": _graph()}))["id"]
    for body in (
        {"fetches": {"x": "x"}},
        {"fetches": {}, "targets": ["fill"]},
        {"fetches": {"s": "size"}},
    ):
        reply = api.call("post-session-runs", session=session, body=body)
        assert reply.status == 400, reply.text
        problem = reply.json()
        assert problem["code"] == "ITERATOR_STATE_NOT_KEPT"
        assert problem["errors"][0]["node"] == "fifo_queue"
    plain = api.call("post-session-runs", session=session, body={"fetches": {"p": "plain"}})
    assert plain.status == 200, plain.text
    assert tensor(plain.json()["outputs"]["p"]) == 7.0
