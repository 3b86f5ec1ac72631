"""Batch normalization inside `tf.cond(is_training, ...)` trained over HTTP against the
local runner: the train op waits on the branch's UPDATE_OPS, so it trains while
is_training is fed True and is dead (nothing moves) while it is False, as TF1's; a fetch
of a value under the dead updates is TF's `Retval[0] does not have value`, a 400
problem with code DEAD_FETCH. The variables after each step are TF 2.21's
(tests/reference/tf1_deadbranch.py, program batch_norm_in_cond_control_dependencies)."""

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.e2e.test_sessions import store, tensor, value
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURE = Path(__file__).resolve().parents[1] / "unit/engine/fixtures/tf1_deadbranch.json"
VARIABLES = ["W", "gamma", "beta", "moving_mean", "moving_variance"]


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("deadbranch-e2e", plan="pro")["api_key"])


def _bn_in_cond():
    """The recorded program's graph (same data, same names), with `loss`, `train` and
    `under`, a value waiting on the updates."""
    rng = np.random.RandomState(3)
    xs = rng.normal(2.0, 3.0, (5, 8, 3)).astype(np.float32)
    ys = rng.normal(0.0, 1.0, (5, 8, 2)).astype(np.float32)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        t = gg.placeholder(gg.float32, [None, 2], name="t")
        is_training = gg.placeholder(gg.bool, [], name="is_training")
        w = gg.Variable(rng.normal(0.0, 0.5, (3, 2)).astype(np.float32), name="W")
        gamma = gg.Variable(np.ones(2, np.float32), name="gamma")
        beta = gg.Variable(np.zeros(2, np.float32), name="beta")
        mm = gg.Variable(np.zeros(2, np.float32), trainable=False, name="moving_mean")
        mv = gg.Variable(np.ones(2, np.float32), trainable=False, name="moving_variance")
        h = gg.matmul(x, w)

        def train_bn():
            mean, var = gg.nn.moments(h, [0])
            for moving, v in ((mm, mean), (mv, var)):
                update = gg.assign_sub(moving, (moving - v) * 0.1)
                gg.add_to_collection(gg.GraphKeys.UPDATE_OPS, update)
            return gg.nn.batch_normalization(h, mean, var, beta, gamma, 1e-3)

        def infer_bn():
            return gg.nn.batch_normalization(h, mm, mv, beta, gamma, 1e-3)

        bn = gg.cond(is_training, train_bn, infer_bn)
        loss = gg.reduce_mean(gg.square(gg.nn.relu(bn) - t))
        gg.identity(loss, name="loss")
        with gg.control_dependencies(gg.get_collection(gg.GraphKeys.UPDATE_OPS)):
            gg.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
            gg.identity(loss * 2.0, name="under")
        gg.variables_initializer(gg.global_variables(), name="init")
    return graph, xs, ys


def test_batch_norm_in_a_cond_trains_over_http_as_tf(client):
    # GIVEN the graph stored and a session on it
    graph, xs, ys = _bn_in_cond()
    want = json.loads(FIXTURE.read_text())["programs"]["batch_norm_in_cond_control_dependencies"]
    session = client.call("POST", "/v1/sessions", {"graph_id": store(client, graph, "bn")}).json()
    runs = f"/v1/sessions/{session['id']}/runs"
    assert client.call("POST", runs, {"fetches": [], "targets": ["init"]}).status == 200

    # WHEN it runs the train op three steps with is_training True, then two with False
    for step, training in enumerate((True, True, True, False, False)):
        feeds = {"x": tensor(xs[step]), "t": tensor(ys[step]), "is_training": tensor(training)}
        body = {"fetches": "loss", "feeds": feeds, "targets": ["train"]}
        reply = client.call("POST", runs, body)

        # THEN the loss and every variable are TF's after each step
        assert reply.status == 200, reply.body
        assert value(reply.json()["outputs"]) == pytest.approx(want[f"step{step}"]["value"][0])
        got = client.call("GET", f"/v1/sessions/{session['id']}/variables").json()["variables"]
        for name, tf_value in zip(VARIABLES, want[f"step{step}"]["variables"], strict=True):
            np.testing.assert_allclose(value(got[name]), tf_value, rtol=1e-5, atol=1e-6)

    # AND a value under the updates answers when they run and is dead when they do not
    feeds = {"x": tensor(xs[0]), "t": tensor(ys[0]), "is_training": tensor(False)}
    dead = client.call("POST", runs, {"fetches": "under", "feeds": feeds})
    assert dead.status == 400, dead.body
    assert dead.headers["content-type"].startswith("application/problem+json")
    assert dead.json()["code"] == "DEAD_FETCH"
    assert "Retval[0] does not have value" in dead.json()["detail"]
    feeds["is_training"] = tensor(True)
    live = client.call("POST", runs, {"fetches": "under", "feeds": feeds})
    assert live.status == 200, live.body
