"""Journeys a user made from README.md and docs/ alone, round 14: a TF1 user computing a
Jacobian-vector and a Hessian-vector product over HTTP (the graph graphgate builds from the
script, and the frozen `.pb` TensorFlow wrote of it); a tf_keras model of two inputs and
two outputs, from HDF5 and from a SavedModel, served over KServe v2 (JSON and binary) and
TF Serving (rows and columns); an ONNX MLP written by hand, imported, trained on as
variables, served and exported back to onnxruntime; a TF1 user's whole day with the
`graphgate` CLI alone, from a trainable `.pb` TF wrote to a batch's downloaded results;
and a model replaced under traffic. Every number is held to what TensorFlow 2.21, tf_keras
or onnxruntime computed (`tests/reference/scenarios14.py` recorded it)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate import serialization
from tests.reference import scenarios14 as journey
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = journey.OUT
TF = json.loads((FIXTURES / "expected.json").read_text())
# float32 kernels summing in their own orders (TF's tanh is Eigen's approximation): a last
# bit or two; a wrong derivative is off by far more
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios14-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _close(ours, theirs, what: str, rtol: float = RTOL, atol: float = ATOL) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, rtol, atol, err_msg=what)


def _store(client, name: str, document: dict) -> str:
    created = client.call("POST", "/v1/graphs", {"name": name, "graph": document})
    assert created.status == 201, created.body
    return created.json()["id"]


def _one_shot(client, graph_id: str, fetches, feeds: dict) -> dict:
    body = {"fetches": fetches, "feeds": {k: gg.encode_tensor(v) for k, v in feeds.items()}}
    answer = client.call("POST", f"/v1/graphs/{graph_id}/runs", body)
    assert answer.status == 200, answer.body
    return answer.json()["outputs"]


# -- 1. gradients as a service -------------------------------------------------------------


def test_jacobian_and_hessian_vector_products_over_http_are_tfs_from_script_and_pb(client):
    feeds = journey.grad_feeds()
    fetches = {name: name for name in journey.GRAD_FETCHES}
    # GIVEN the TF1 script's graph, built by graphgate's compat.v1 and stored as a document
    with tf.Graph().as_default() as graph:
        journey.gradient_graph(tf)
    built = _store(client, "s14-grads", serialization.graph_to_dict(graph))
    # and the frozen GraphDef TensorFlow wrote of the same script (TF's own gradient ops:
    # TanhGrad, BroadcastGradientArgs, ...), read as `graphgate graphs create` reads it
    document = gg.GraphDef.FromString((FIXTURES / "grads.pb").read_bytes())
    frozen = _store(client, "s14-grads-pb", dict(document))
    for graph_id, what in ((built, "script"), (frozen, "tf's .pb")):
        # WHEN one one-shot run fetches the loss, its gradient by the fed input, J v and H v
        outputs = _one_shot(client, graph_id, fetches, feeds)
        # THEN each is what TF computed
        for name in journey.GRAD_FETCHES:
            _close(gg.decode_tensor(outputs[name]), TF["grads"][name], f"{what}: {name}")
    # and the gradient by a fed placeholder is asked for alone, with only what it needs
    alone = _one_shot(client, built, "dloss_dx", {"x": feeds["x"], "t": feeds["t"]})
    _close(gg.decode_tensor(alone), TF["grads"]["dloss_dx"], "dloss_dx alone")
    # and J v is linear in v: twice the direction, twice the product (no cached answer)
    doubled = _one_shot(client, built, "jvp", {"x": feeds["x"], "vx": 2 * feeds["vx"]})
    _close(gg.decode_tensor(doubled), 2 * np.asarray(TF["grads"]["jvp"]), "J (2v)")
