"""A graph using TF1's sparse ops through the sessions function (moto, in-process): a
SparseTensor is three dense tensors, so the stored graph is an ordinary document and a
sparse placeholder is fed over HTTP as three feeds named after its parts; invalid indices
are a problem with a stable code, never an answer."""

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session

# The sessions tests' fixtures: moto's resources and a pro tenant.
module_aws = _sessions.module_aws
api = _sessions.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        ids = gg.sparse_placeholder(gg.float32, shape=[None, 4], name="bow")
        w = gg.constant([[1.0], [2.0], [3.0], [4.0]], name="w")
        gg.identity(gg.sparse_tensor_dense_matmul(ids, w), name="scores")
        gg.identity(gg.sparse_reduce_sum(ids, axis=1), name="totals")
    return gg.graph_to_dict(g)


def _feed(indices, values, shape):
    n = len(values)
    return {
        "bow/indices": {
            "datatype": "INT64",
            "shape": [n, 2],
            "data": [i for row in indices for i in row],
        },
        "bow/values": {"datatype": "FP32", "shape": [n], "data": values},
        "bow/shape": {"datatype": "INT64", "shape": [2], "data": shape},
    }


def _session(api):
    body = {"name": "sparse", "graph": _graph()}
    return start_session(api, create_graph(api, "post-graphs", body))["id"]


def test_a_sparse_placeholder_is_fed_as_its_three_parts(api):
    session = _session(api)
    body = {
        "fetches": {"scores": "scores", "totals": "totals"},
        "feeds": _feed([[0, 1], [0, 3], [1, 0]], [1.0, 0.5, 2.0], [2, 4]),
    }
    reply = api.call("post-session-runs", session=session, body=body)
    assert reply.status == 200, reply.text
    outputs = reply.json()["outputs"]
    assert outputs["scores"]["data"] == [4.0, 2.0]
    assert outputs["totals"]["data"] == [1.5, 2.0]


def test_an_index_out_of_range_is_a_problem_not_an_answer(api):
    session = _session(api)
    body = {"fetches": {"scores": "scores"}, "feeds": _feed([[0, 7]], [1.0], [2, 4])}
    reply = api.call("post-session-runs", session=session, body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "INDEX_OUT_OF_RANGE"
