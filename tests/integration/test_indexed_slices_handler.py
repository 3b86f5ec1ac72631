"""A sparse gradient through the sessions function (moto, in-process): an IndexedSlices is
no node of its own, so a run fetches its three parts by name, as dense tensors in the
ordinary wire format, and the answer holds TF's values (repeated indices not summed) —
what the Python client reassembles into an IndexedSlicesValue."""

import numpy as np

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session

# The sessions tests' fixtures: moto's resources and a pro tenant.
module_aws = _sessions.module_aws
api = _sessions.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        table = gg.Variable(np.arange(8, dtype=np.float32).reshape(4, 2), name="table")
        ids = gg.placeholder(gg.int32, [None], name="ids")
        loss = gg.reduce_sum(gg.square(gg.nn.embedding_lookup(table, ids)), name="loss")
        (grad,) = gg.gradients(loss, table)
    return g, grad


def test_a_sparse_gradient_is_fetched_as_its_parts_with_tf_values(api):
    # GIVEN a stored graph whose table gradient is an IndexedSlices
    g, grad = _graph()
    body = {"name": "slices", "graph": gg.graph_to_dict(g)}
    session = start_session(api, create_graph(api, "post-graphs", body))["id"]
    parts = {"values": grad.values, "indices": grad.indices, "dense_shape": grad.dense_shape}
    feeds = {"ids": {"datatype": "INT32", "shape": [3], "data": [2, 0, 2]}}
    # WHEN a run fetches its parts by name
    run = {"fetches": {k: t.name for k, t in parts.items()}, "feeds": feeds}
    reply = api.call("post-session-runs", session=session, body=run)
    # THEN they come back dense, as a local session gives them in its IndexedSlicesValue
    assert reply.status == 200, reply.text
    outputs = reply.json()["outputs"]
    with g.as_default(), gg.Session(graph=g) as sess:
        sess.run(gg.global_variables_initializer())
        local = sess.run(grad, {"ids:0": [2, 0, 2]})
    assert outputs["indices"]["data"] == [2, 0, 2] == local.indices.tolist()
    assert outputs["dense_shape"]["data"] == [4, 2]
    assert outputs["values"]["shape"] == [3, 2]
    assert outputs["values"]["data"] == local.values.reshape(-1).tolist()
