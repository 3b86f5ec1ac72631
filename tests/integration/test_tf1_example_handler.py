"""Serialized tf.train.Examples through the service (moto, in-process): a stored graph
that parses them (ParseExampleV2 in a graph document), fed BYTES over HTTP, and a frozen
model of it answering TF Serving's predict with `{"b64": ...}` Examples — what a client
of an estimator exported with `build_parsing_serving_input_receiver_fn` sends."""

import base64
import json

import numpy as np

import graphgate as gg
from tests.integration import test_models_handler as _models
from tests.support import load_event

module_aws = _models.module_aws
api = _models.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        examples = gg.placeholder(gg.string, [None], name="examples")
        spec = {
            "x": gg.io.FixedLenFeature([2], gg.float32),
            "ids": gg.io.VarLenFeature(gg.int64),
        }
        parsed = gg.io.parse_example(examples, spec)
        w = gg.constant([[1.0], [10.0]])
        count = gg.cast(gg.sparse.reduce_sum(parsed["ids"], axis=1), gg.float32)
        gg.add(gg.reshape(gg.matmul(parsed["x"], w), [-1]), count, name="y")
    return gg.graph_to_dict(g)


def _example(x, ids):
    ex = gg.train.Example()
    ex.features.feature["x"].float_list.value.extend(x)
    ex.features.feature["ids"].int64_list.value.extend(ids)
    return ex.SerializeToString()


RECORDS = [_example([1.0, 2.0], [5, -1]), _example([0.5, 0.0], [])]
EXPECTED = [21.0 + 4.0, 0.5]


def _b64(data):
    return {"b64": base64.b64encode(data).decode()}


def test_examples_fed_as_bytes_are_parsed_in_a_stored_session(api):
    created = api.call("post-graphs", body={"name": "examples", "graph": _graph()})
    assert created.status == 201, created.text
    session = api.call("post-sessions", body={"graph_id": created.json()["id"]}).json()["id"]
    feeds = {"examples": {"datatype": "BYTES", "shape": [2], "data": [_b64(r) for r in RECORDS]}}
    reply = api.session_run(session, {"fetches": "y", "feeds": feeds})
    assert reply.status == 200, reply.text
    np.testing.assert_allclose(reply.json()["outputs"]["data"], EXPECTED)
    # A malformed Example is the engine's INVALID_EXAMPLE, a problem and not a 5xx.
    bad = {"examples": {"datatype": "BYTES", "shape": [1], "data": [_b64(b"\x0a\x05abc")]}}
    failed = api.session_run(session, {"fetches": "y", "feeds": bad})
    assert failed.status == 400, failed.text
    assert failed.json()["code"] == "INVALID_EXAMPLE"


def test_a_frozen_example_model_answers_tf_serving_predict(api):
    created = api.call("post-graphs", body={"name": "examples", "graph": _graph()})
    graph_id = created.json()["id"]
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": graph_id,
        "inputs": {"examples": "examples"},
        "outputs": {"y": "y"},
    }
    del body["session_id"]
    assert api.call("post-models", body=body).status == 201
    reply = api.call("post-tfserving-predict", body={"instances": [_b64(r) for r in RECORDS]})
    assert reply.status == 200, reply.text
    np.testing.assert_allclose(reply.json()["predictions"], EXPECTED)
