"""A stored session keeps where its random ops are in their streams, as a TF session does:
its k-th run draws what a local session's k-th run draws, however the runs are split into
requests or an async run into invocations. (Restarting the streams each request would
give every training step of a remote session the same dropout mask.)"""

import numpy as np

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, tensor, values

module_aws = _sessions.module_aws
api = _sessions.api
invoked = _sessions.invoked


def _graph():
    """w trained on a seeded dropout mask, and an unrelated seeded uniform draw."""
    g = gg.Graph()
    with g.as_default():
        gg.set_random_seed(3)
        w = gg.Variable(np.ones(8, np.float32), name="w")
        mask = gg.nn.dropout(gg.ones([8]), rate=0.5, seed=7, name="mask")
        loss = gg.reduce_sum(w * mask)
        gg.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
        gg.identity(gg.random_uniform([3]), name="noise")
    return g


def _local(fetch, runs, target=None):
    """What one local session gives on its successive runs."""
    g = _graph()
    with gg.Session(graph=g) as sess:
        sess.run(gg.variables_initializer(g.get_collection("variables")))
        seen = [sess.run(fetch) for _ in range(runs)] if target is None else None
        for _ in range(runs if target else 0):
            sess.run(target)
        return seen, sess.run("w:0")


def test_successive_requests_draw_a_local_sessions_successive_numbers(api):
    session = start_session(
        api, create_graph(api, body={"name": "r", "graph": gg.graph_to_dict(_graph())})
    )
    expected, _ = _local("noise:0", 3)
    versions = []
    for k in range(3):
        reply = api.call(
            "post-session-runs", session=session["id"], body={"fetches": {"n": "noise"}}
        )
        assert reply.status == 200, reply.text
        assert np.array_equal(tensor(reply.json()["outputs"]["n"]), expected[k]), k
        versions.append(reply.json()["version"])
    assert versions == sorted(set(versions))  # each draw moved the session on
    # A graph run is a fresh session: always the first draw.
    graph_id = session["graph_id"]
    for _ in range(2):
        reply = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"n": "noise"}})
        assert np.array_equal(tensor(reply.json()["outputs"]["n"]), expected[0])


def test_training_one_step_a_request_uses_a_new_mask_each_step(api):
    doc = gg.graph_to_dict(_graph())
    one_by_one = start_session(api, create_graph(api, body={"name": "r", "graph": doc}))["id"]
    at_once = start_session(api, create_graph(api, body={"name": "r", "graph": doc}))["id"]
    for _ in range(4):
        reply = api.call(
            "post-session-runs", session=one_by_one, body={"fetches": {}, "targets": ["train"]}
        )
        assert reply.status == 200, reply.text
    reply = api.call(
        "post-session-runs", session=at_once, body={"fetches": {}, "targets": ["train"], "steps": 4}
    )
    assert reply.status == 200, reply.text
    _, expected = _local(None, 4, target="train")
    assert not np.allclose(expected, 1 - 0.4 * 2)  # not the same mask four times
    assert np.array_equal(values(api, one_by_one)[1]["w"], expected)
    assert np.array_equal(values(api, at_once)[1]["w"], expected)


def test_an_async_run_carries_the_streams_across_invocations(api, invoked, monkeypatch):
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")  # a fresh invocation after every chunk
    doc = gg.graph_to_dict(_graph())
    session = start_session(api, create_graph(api, body={"name": "r", "graph": doc}))["id"]
    body = {"fetches": {}, "targets": ["train"], "steps": 60}
    reply = api.call("post-session-runs-async", session=session, body=body)
    assert reply.status == 202, reply.text
    statuses = []
    while invoked:
        statuses.append(api.work(invoked.pop())["status"])
    assert statuses[-1] == "succeeded" and len(statuses) > 1
    _, expected = _local(None, 60, target="train")
    assert np.array_equal(values(api, session)[1]["w"], expected)


def test_the_streams_of_thousands_of_random_ops_are_kept_beside_the_item(api):
    """Too large for the session's DynamoDB item (with inline variables): kept in S3."""
    from graphgate_service import runtime, sessions

    g = gg.Graph()
    with g.as_default():
        draws = [gg.random_uniform([1]) for _ in range(2500)]  # unseeded: 64-bit seeds each
        gg.identity(gg.add_n(draws), name="total")
    session = start_session(
        api, create_graph(api, body={"name": "r", "graph": gg.graph_to_dict(g)})
    )
    totals = []
    for _ in range(2):
        reply = api.call(
            "post-session-runs", session=session["id"], body={"fetches": {"t": "total"}}
        )
        assert reply.status == 200, reply.text
        totals.append(tensor(reply.json()["outputs"]["t"]).tolist())
    assert totals[0] != totals[1]  # the second request continued the streams
    meta = sessions.store().meta(api.tenant, session["id"])
    assert "random_state_s3_key" in meta and "random_state" not in meta
    blob = sessions.store().random_state(api.tenant, meta)
    assert len(blob) > 32_000
    # Read back from S3 by the second request: each op is two runs into its stream.
    streams = runtime.decode_random_state(blob)
    assert len(streams) == 2500
    assert {counter for _, _, counter in streams.values()} == {2 * 256}
