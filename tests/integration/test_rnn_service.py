"""A TF1 recurrent network (dynamic_rnn over an LSTM, TensorArrays inside a while_loop)
stored through the graphs function and trained in a session, in-process against moto."""

import numpy as np

import graphgate as gg
from graphgate import serialization
from tests.integration import test_sessions_handler as sessions

# The sessions tests' moto and API fixtures, and their helpers.
module_aws, api = sessions.module_aws, sessions.api
create_graph, start_session, tensor = sessions.create_graph, sessions.start_session, sessions.tensor


def _lstm_graph() -> gg.Graph:
    g = gg.Graph()
    with g.as_default():
        x = gg.constant(np.sin(np.arange(24.0)).reshape(3, 4, 2).astype(np.float32), name="x")
        y = gg.constant([[1.0], [0.0], [1.0]], name="y")
        init = gg.constant_initializer(0.1)
        cell = gg.nn.rnn_cell.LSTMCell(3, initializer=init)
        _, state = gg.nn.dynamic_rnn(cell, x, sequence_length=[4, 2, 3], dtype=gg.float32)
        w = gg.get_variable("w", [3, 1], initializer=gg.constant_initializer(0.5))
        logits = gg.matmul(state.h, w)
        loss = gg.reduce_mean(
            gg.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        gg.train.GradientDescentOptimizer(1.0).minimize(loss, name="train")
        gg.global_variables_initializer()  # named "init"
    return g


def test_an_lstm_stored_over_the_api_trains_in_a_session_as_it_does_locally(api):
    # GIVEN an LSTM classifier's graph document, stored
    g = _lstm_graph()
    body = {"name": "lstm", "graph": serialization.graph_to_dict(g)}
    session = start_session(api, create_graph(api, "post-graphs", body=body))
    # WHEN three training steps run in a session
    remote = []
    for _ in range(3):
        reply = api.call(
            "post-session-runs",
            session=session["id"],
            body={"fetches": {"loss": "loss"}, "targets": ["train"]},
        )
        assert reply.status == 200, reply.text
        remote.append(float(tensor(reply.json()["outputs"]["loss"])))
    # THEN the losses fall, and are those of the same steps in a local session
    with gg.Session(graph=g) as sess:
        sess.run("init")
        local = [float(sess.run(["loss:0", "train"])[0]) for _ in range(3)]
    np.testing.assert_allclose(remote, local, rtol=1e-6)
    assert remote[0] > remote[1] > remote[2]
