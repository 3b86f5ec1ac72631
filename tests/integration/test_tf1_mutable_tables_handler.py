"""TF's mutable lookup tables through the graphs and sessions functions (moto,
in-process): a one-shot graph run inserts and looks up in one session, as TF would; a
stored session, which keeps variables but not a table's contents between requests,
refuses a run that uses one rather than start it empty each request."""

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, tensor

module_aws = _sessions.module_aws
api = _sessions.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        table = gg.lookup.experimental.MutableHashTable(gg.int64, gg.float32, -1.0, name="ids")
        keys = gg.constant([3, 5], gg.int64)
        fill = table.insert(keys, gg.constant([0.5, 2.5]), name="fill")
        with gg.control_dependencies([fill]):
            gg.identity(table.lookup(gg.constant([5, 4], gg.int64)), name="found")
        gg.constant(7.0, name="plain")
    return gg.graph_to_dict(g)


def test_a_graph_run_inserts_and_looks_up_in_one_session(api):
    graph_id = create_graph(api, body={"name": "table", "graph": _graph()})
    reply = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"f": "found"}})
    assert reply.status == 200, reply.text
    assert tensor(reply.json()["outputs"]["f"]).tolist() == [2.5, -1.0]


def test_a_stored_session_refuses_runs_that_use_a_mutable_table(api):
    session = start_session(api, create_graph(api, body={"name": "t", "graph": _graph()}))["id"]
    # The insert op is `fill/LookupTableInsertV2`: TF names it in its `name` scope.
    for body in (
        {"fetches": {"f": "found"}},
        {"fetches": {}, "targets": ["fill/LookupTableInsertV2"]},
    ):
        reply = api.call("post-session-runs", session=session, body=body)
        assert reply.status == 400, reply.text
        problem = reply.json()
        assert problem["code"] == "ITERATOR_STATE_NOT_KEPT"
        assert problem["errors"][0]["node"] == "ids"
    plain = api.call("post-session-runs", session=session, body={"fetches": {"p": "plain"}})
    assert plain.status == 200, plain.text
    assert tensor(plain.json()["outputs"]["p"]) == 7.0
