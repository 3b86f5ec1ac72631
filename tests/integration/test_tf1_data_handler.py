"""tf.data graphs through the graphs and sessions functions (moto, in-process): a one-shot
graph run iterates within its steps, as a fresh TF session would; a stored session, which
keeps variables but not an iterator's position, refuses a run using an iterator rather
than restart it silently each request."""

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, tensor

module_aws = _sessions.module_aws
api = _sessions.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        scale = gg.constant(10, gg.int64, name="scale")
        ds = gg.data.Dataset.range(10).map(lambda x: x * scale).batch(2)
        gg.identity(ds.make_one_shot_iterator().get_next(), name="batch")
        it = gg.data.Dataset.range(3).make_initializable_iterator()
        gg.identity(it.get_next(), name="item")
        gg.identity(scale, name="plain")
    return gg.graph_to_dict(g), it.initializer.name


def test_a_graph_run_iterates_over_its_steps(api):
    doc, _ = _graph()
    graph_id = create_graph(api, body={"name": "data", "graph": doc})
    reply = api.call(
        "post-graph-runs", graph=graph_id, body={"fetches": {"b": "batch"}, "steps": 3}
    )
    assert reply.status == 200, reply.text
    assert tensor(reply.json()["outputs"]["b"]).tolist() == [40, 50]
    again = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"b": "batch"}})
    assert tensor(again.json()["outputs"]["b"]).tolist() == [0, 10]  # a fresh session
    past_end = api.call(
        "post-graph-runs", graph=graph_id, body={"fetches": {"b": "batch"}, "steps": 6}
    )
    assert past_end.status == 400 and past_end.json()["code"] == "END_OF_SEQUENCE"


def test_a_stored_session_refuses_runs_that_use_an_iterator(api):
    doc, initializer = _graph()
    session = start_session(api, create_graph(api, body={"name": "data", "graph": doc}))["id"]
    for body in (
        {"fetches": {"b": "batch"}},
        {"fetches": {}, "targets": [initializer]},
        {"fetches": {"i": "item"}},
    ):
        reply = api.call("post-session-runs", session=session, body=body)
        assert reply.status == 400, reply.text
        problem = reply.json()
        assert problem["code"] == "ITERATOR_STATE_NOT_KEPT"
        assert problem["errors"][0]["node"] in ("OneShotIterator", "IteratorV2")
    plain = api.call("post-session-runs", session=session, body={"fetches": {"p": "plain"}})
    assert plain.status == 200, plain.text
    assert tensor(plain.json()["outputs"]["p"]) == 10


def test_a_graph_run_batches_sparse_elements_fetched_as_their_parts(api):
    # GIVEN a stored graph batching the SparseTensors a VarLenFeature-like map makes
    g = gg.Graph()
    with g.as_default():
        dense = gg.constant([[0, 1.0, 0], [2.0, 0, 3.0], [0, 0, 0]], name="dense")
        ds = gg.data.Dataset.from_tensor_slices(dense).map(gg.sparse.from_dense).batch(2)
        sp = ds.make_one_shot_iterator().get_next()
        for part, t in zip(("indices", "values", "shape"), sp.components(), strict=True):
            gg.identity(t, name=part)
    graph_id = create_graph(api, body={"name": "sparse-data", "graph": gg.graph_to_dict(g)})
    # WHEN a one-shot run fetches the SparseTensor's three parts
    body = {"fetches": {"i": "indices", "v": "values", "s": "shape"}}
    reply = api.call("post-graph-runs", graph=graph_id, body=body)
    # THEN they are TF's batch of sparse elements, as dense tensors on the wire
    assert reply.status == 200, reply.text
    out = {k: tensor(v).tolist() for k, v in reply.json()["outputs"].items()}
    assert out == {"i": [[0, 1], [1, 0], [1, 2]], "v": [1.0, 2.0, 3.0], "s": [2, 3]}
    # AND the variant that carries a sparse element between dataset ops is refused, not sent
    raw = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"x": "IteratorGetNext"}})
    assert raw.status == 400 and raw.json()["code"] == "UNSUPPORTED_DTYPE"
