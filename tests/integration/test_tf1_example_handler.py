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


def test_an_estimator_exported_for_examples_serves_them_through_the_bridge(api, tmp_path):
    """The demanding user's path: a LinearRegressor exported with
    build_parsing_serving_input_receiver_fn, taken into the service by the serving bridge
    (its graph stored, frozen with its variables), called as TF Serving with b64 Examples."""
    from graphgate import serialization
    from graphgate.saved_model.loader import servable

    # GIVEN a trained regressor exported to read serialized Examples
    fc = gg.feature_column
    columns = [fc.numeric_column("x", shape=(2,)), fc.categorical_column_with_identity("slot", 3)]
    x = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]], np.float32)
    slot = np.array([[0], [2], [1]], np.int64)
    with gg.Graph().as_default():
        est = gg.estimator.LinearRegressor(columns, model_dir=str(tmp_path / "m"))
        fn = gg.estimator.inputs.numpy_input_fn(
            {"x": x, "slot": slot}, np.array([[1.0], [0.0], [2.0]], np.float32), shuffle=False
        )
        est.train(fn, steps=20)
        predict_fn = gg.estimator.inputs.numpy_input_fn({"x": x, "slot": slot}, shuffle=False)
        expected = np.reshape([p["predictions"] for p in est.predict(predict_fn)], -1)
        receiver = gg.estimator.export.build_parsing_serving_input_receiver_fn(
            fc.make_parse_example_spec(columns)
        )
        path = est.export_saved_model(str(tmp_path / "e"), receiver)
    model = servable(path if isinstance(path, str) else path.decode())

    # WHEN the bridge's two requests make it a model version
    stored = api.call("post-graphs-linear", body={"name": "examples", "graph": model["graph"]})
    assert stored.status == 201, stored.text
    body = {
        "name": _models.MODEL,
        "graph_id": stored.json()["id"],
        "graph_revision": stored.json()["revision"],
        "variables": {
            k: serialization.encode_tensor(v, b64=True) for k, v in model["variables"].items()
        },
        "inputs": model["inputs"],
        "outputs": model["outputs"],
    }
    created = api.call("post-models", body=body)
    assert created.status == 201, created.text

    # THEN TF Serving's predict of the Examples, base64, answers the estimator's predictions
    records = [
        gg.train.Example(
            features=gg.train.Features(
                feature={
                    "x": gg.train.Feature(float_list=gg.train.FloatList(value=x[i])),
                    "slot": gg.train.Feature(int64_list=gg.train.Int64List(value=slot[i])),
                }
            )
        ).SerializeToString()
        for i in range(3)
    ]
    reply = api.call("post-tfserving-predict", body={"instances": [_b64(r) for r in records]})
    assert reply.status == 200, reply.text
    assert model["inputs"] == {"inputs": "input_example_tensor:0"}
    np.testing.assert_allclose(np.reshape(reply.json()["predictions"], -1), expected, rtol=1e-6)
