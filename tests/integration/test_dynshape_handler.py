"""A TF1 graph whose sizes come from tensors, stored and run through the sessions
function (moto, in-process): the VAE reparameterization `tf.random_normal(tf.shape(mu))`
follows the fed batch, and a run-time size past the service's tensor limit is a problem
with its code, refused before anything is allocated."""

import numpy as np

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, tensor

# The sessions tests' fixtures: moto's resources and a pro tenant.
module_aws = _sessions.module_aws
api = _sessions.api


def _vae_graph():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        n = gg.placeholder(gg.int32, [], name="n")
        w = gg.Variable(np.full((3, 2), 0.5, np.float32), name="w")
        mu = gg.matmul(x, w)
        log_var = gg.zeros_like(mu) - 2.0
        eps = gg.random_normal(gg.shape(mu), seed=7)
        z = gg.add(mu, gg.exp(0.5 * log_var) * eps, name="z")
        gg.identity(gg.reshape(z, [-1]), name="flat")
        gg.zeros([n, n], name="square")
        gg.global_variables_initializer()
    return gg.graph_to_dict(g)


def _run(api, session, body):
    return api.call("post-session-runs", session=session, body=body)


def _x(rows):
    data = np.arange(rows * 3, dtype=np.float32).tolist()
    return {"datatype": "FP32", "shape": [rows, 3], "data": data}


def test_a_vae_sample_follows_the_fed_batch_and_a_run_time_size_is_bounded(api):
    body = {"name": "vae", "graph": _vae_graph()}
    session = start_session(api, create_graph(api, "post-graphs", body))["id"]
    assert _run(api, session, {"fetches": {}, "targets": ["init"]}).status == 200
    for rows in (5, 2):
        reply = _run(
            api, session, {"fetches": {"z": "z", "flat": "flat"}, "feeds": {"x": _x(rows)}}
        )
        assert reply.status == 200, reply.text
        z = tensor(reply.json()["outputs"]["z"])
        assert z.shape == (rows, 2) and np.all(np.isfinite(z))
        assert tensor(reply.json()["outputs"]["flat"]).tolist() == z.reshape(-1).tolist()
    feed = {"n": {"datatype": "INT32", "shape": [], "data": [1_000_000]}}
    reply = _run(api, session, {"fetches": {"square": "square"}, "feeds": feed})
    assert reply.status in (413, 422), reply.text
    assert reply.json()["code"] == "TENSOR_TOO_LARGE"
