"""Scenarios an outside tester ran from the docs alone, round 2: training, serving,
uploading models, datasets and batches, auth, the CLI and the Python client. Each test
pins a place where the service answered otherwise than the docs or the protocols it
speaks promise. One runner and one tenant serve them all."""

import io
import json
import time
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import client as remote
from graphgate import serialization
from graphgate.client.serving import Client as ModelClient
from tests.support import Client

TF_LAYERS = Path(__file__).parents[1] / "unit" / "engine" / "fixtures" / "tf_layers"

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("scenarios2-e2e", plan="pro")["api_key"])


def _dataset(client: Client, name: str, arrays: dict[str, np.ndarray]) -> str:
    """A ready dataset of `arrays`, uploaded as the docs' three steps say."""
    from io import BytesIO

    from tests.support import request

    files, blobs = [], []
    for array_name, array in arrays.items():
        buffer = BytesIO()
        np.save(buffer, array)
        blobs.append(buffer.getvalue())
        files.append({"format": "npy", "name": array_name, "bytes": len(blobs[-1])})
    created = client.call("POST", "/v1/datasets", {"name": name, "files": files})
    assert created.status == 201, created.body
    for upload, blob in zip(created.json()["uploads"], blobs, strict=True):
        assert request("PUT", upload["url"], upload["headers"], blob).status == 200
    dataset_id = created.json()["id"]
    completed = client.call("POST", f"/v1/datasets/{dataset_id}/complete")
    assert completed.status == 200, completed.body
    return dataset_id


def _until_ended(client: Client, path: str) -> dict:
    deadline = time.monotonic() + 60
    while True:
        record = client.call("GET", path).json()
        if record["status"] not in ("queued", "running"):
            return record
        assert time.monotonic() < deadline, record
        time.sleep(0.1)


def test_a_batch_over_rows_the_graph_refuses_names_the_engines_error_not_lambdas(client):
    # GIVEN a graph that looks its rows up in a table, and rows whose indices fall outside
    # it (the 64 zero rows submission probes with are fine)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 1], name="x")
        table = gg.constant([10.0, 20.0, 30.0, 40.0])
        gg.gather(table, gg.cast(x[:, 0], gg.int32), name="looked_up")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "lookup", "graph": document}).json()
    rows = np.arange(8, dtype=np.float32).reshape(8, 1)
    dataset = _dataset(client, "lookup-rows", {"x": rows})
    # WHEN a batch runs over them
    body = {"graph": {"id": graph_id["id"], "revision": 1}, "fetches": ["looked_up"]}
    body |= {"dataset": dataset, "inputs": {"x": "x"}, "rows_per_shard": 4}
    submitted = client.call("POST", "/v1/batches", body)
    assert submitted.status == 202, submitted.body
    batch = _until_ended(client, submitted.headers["location"])
    # THEN it failed naming the shard and quoting the engine's refusal (batches.md: "its
    # detail quotes the first shard's error"), not the Lambda error document around it,
    # which on AWS carries the worker's stack trace
    assert batch["status"] == "failed", batch
    error = batch["error"]
    assert error["code"] == "BATCH_SHARD_FAILED"
    assert error["failed_shards"] == [1]  # rows 4..7; rows 0..3 index the table fine
    assert error["detail"] == (
        "Shard(s) 1 failed (INDEX_OUT_OF_RANGE: gather indices must be in [0, 4)); "
        "the batch reports no output for them."
    )
    assert [o["shard"] for o in batch["outputs"]] == [0]


def test_a_tf1_script_s_saved_model_written_by_tf2_is_served_with_tfs_answers(runner, client):
    # GIVEN the export a tf.layers + tf.losses + Adam script wrote with simple_save under
    # TensorFlow 2.21 (tests/reference/tf_layers_saved_model.py)
    expected = json.loads((TF_LAYERS / "expected.json").read_text())
    rows = np.asarray(expected["rows"]["value"], np.float32).reshape(expected["rows"]["shape"])
    scores = np.asarray(expected["scores"]["value"], np.float32).reshape(-1, 3)
    # WHEN it is served as models.md says, and asked over KServe and TF Serving
    with remote.Client(runner.url, client.api_key) as api:
        version = api.create_model_version_from_saved_model("tf-layers", TF_LAYERS / "export")
    assert version["version"] == 1
    model = ModelClient("tf-layers", url=runner.url, api_key=client.api_key)
    kserve = model.predict({"rows": rows})["scores"]
    tf_serving = client.call(
        "POST", "/tfserving/v1/models/tf-layers:predict", {"instances": rows.tolist()}
    )
    # THEN both answer TensorFlow's scores
    np.testing.assert_allclose(kserve, scores, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tf_serving.json()["predictions"], scores, rtol=1e-5, atol=1e-7)


def test_a_saved_model_whose_train_op_graphgate_cannot_map_is_still_served(runner, client):
    # GIVEN a TF1 export whose train op holds ApplyAdadelta and a tf.cond's gradient
    # (graphgate maps neither), beside a conv net signature it maps
    expected = json.loads((TF_LAYERS / "expected.json").read_text())["cond"]
    images = np.asarray(expected["images"]["value"], np.float32).reshape(-1, 6, 6, 1)
    probs = np.asarray(expected["probs"]["value"], np.float32).reshape(-1, 2)
    # WHEN it is served (TF Serving runs the signature, never the training ops)
    with remote.Client(runner.url, client.api_key) as api:
        version = api.create_model_version_from_saved_model("tf-cond", TF_LAYERS / "cond")
    # THEN it is, with TensorFlow's answers
    assert version["version"] == 1
    model = ModelClient("tf-cond", url=runner.url, api_key=client.api_key)
    np.testing.assert_allclose(model.predict({"images": images})["probs"], probs, rtol=1e-5)


def test_dataset_parts_put_as_curl_data_binary_sends_them_are_taken(client):
    # GIVEN a dataset registered in parts (datasets.md: "a presigned PUT per part")
    from io import BytesIO

    from tests.support import request

    rows = np.random.default_rng(3).normal(size=(170_000, 8)).astype(np.float32)
    buffer = BytesIO()
    np.save(buffer, rows)
    blob = buffer.getvalue()
    part_bytes = 5 * 2**20
    files = [{"format": "npy", "name": "x", "bytes": len(blob), "part_bytes": part_bytes}]
    created = client.call("POST", "/v1/datasets", {"name": "curl-parts", "files": files})
    assert created.status == 201, created.body
    parts = created.json()["uploads"][0]["parts"]
    assert len(parts) == 2
    # WHEN each part is a plain PUT of its bytes, labelled as `curl --data-binary` labels
    # any body (S3 takes a PUT's body as bytes, whatever its Content-Type)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for part in parts:
        start = (part["part_number"] - 1) * part_bytes
        put = request("PUT", part["url"], form, blob[start : start + part_bytes])
        assert put.status == 200, put.body[:200]
    # THEN the dataset completes with every row
    completed = client.call("POST", f"/v1/datasets/{created.json()['id']}/complete")
    assert completed.status == 200, completed.body
    assert completed.json()["arrays"] == {"x": {"dtype": "float32", "shape": [170_000, 8]}}


def test_token_answers_are_never_cached_as_oauth_requires(client):
    # auth.md's tokens are OAuth 2.0's (grant_type, refresh_token, invalid_grant; RFC
    # 7009 revocation), and RFC 6749 section 5.1 says an answer holding tokens MUST carry
    # Cache-Control: no-store (and Pragma: no-cache), so no proxy or browser keeps them
    from tests.support import request

    headers = {"x-api-key": client.api_key, "Content-Type": "application/json"}
    login = request("POST", f"{client.url}/v1/tokens", headers, b"{}")
    assert login.status == 200, login.body
    body = json.dumps(
        {"grant_type": "refresh_token", "refresh_token": login.json()["refresh_token"]}
    )
    refreshed = request("POST", f"{client.url}/v1/tokens", headers, body.encode())
    assert refreshed.status == 200, refreshed.body
    for answer in (login, refreshed):
        assert answer.headers.get("cache-control") == "no-store"
        assert answer.headers.get("pragma") == "no-cache"


def test_a_keras_h5_file_tensorflow_wrote_is_served_by_the_recipe_models_md_gives(
    runner, client, tmp_path
):
    # GIVEN a Keras model file TensorFlow's tf_keras wrote, and what TF predicted with it
    import importlib.util

    engine = Path(__file__).parents[1] / "unit" / "engine"
    reference = Path(__file__).parents[1] / "reference" / "tf1_keras_io.py"
    spec = importlib.util.spec_from_file_location("tf1_keras_io", reference)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    predicted = json.loads((engine / "fixtures" / "tf1_keras_io.json").read_text())
    # WHEN it is loaded, exported and served as models.md says
    with gg.Graph().as_default():
        model = gg.keras.models.load_model(str(engine / "fixtures" / "keras_io" / "dense_model.h5"))
        rows = ref.inputs_for(model)[0]
        gg.keras.experimental.export_saved_model(model, str(tmp_path / "1"))
    with remote.Client(runner.url, client.api_key) as api:
        version = api.create_model_version_from_saved_model("keras-dense", tmp_path)
    served = ModelClient("keras-dense", url=runner.url, api_key=client.api_key)
    (name,) = [i["name"] for i in served.metadata()["inputs"]]
    (output,) = [o["name"] for o in served.metadata()["outputs"]]
    # THEN it answers TensorFlow's predictions
    assert version["version"] == 1
    want = np.asarray(predicted["models"]["dense"]["trained_predict"], np.float32)[0]
    np.testing.assert_allclose(served.predict({name: rows})[output], want, rtol=1e-5, atol=1e-6)


def test_an_onnx_model_is_served_by_the_recipe_models_md_gives(client):
    # GIVEN an ONNX MLP built with the onnx package, as onnx.md builds them
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(5)
    w1, b1 = rng.normal(size=(4, 8)).astype(np.float32), rng.normal(size=8).astype(np.float32)
    w2 = rng.normal(size=(8, 3)).astype(np.float32)
    nodes = [
        helper.make_node("Gemm", ["input", "W1", "B1"], ["h"]),
        helper.make_node("Relu", ["h"], ["r"]),
        helper.make_node("MatMul", ["r", "W2"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probs"], axis=-1),
    ]
    weights = [numpy_helper.from_array(a, n) for a, n in ((w1, "W1"), (b1, "B1"), (w2, "W2"))]
    io_ = [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])]
    out = [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 3])]
    graph = helper.make_graph(nodes, "mlp", io_, out, weights)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model, full_check=True)
    # WHEN it is stored with its weights as constants and frozen with no variables
    from tests.support import request

    headers = client.headers({"Content-Type": "application/onnx"})
    url = f"{client.url}/v1/graphs?name=onnx-mlp&constants=true"
    stored = request("POST", url, headers, model.SerializeToString())
    assert stored.status == 201, stored.body
    body = {"name": "onnx-mlp", "graph_id": stored.json()["id"], "graph_revision": 1}
    body |= {"variables": {}, "inputs": {"input": "input"}, "outputs": {"probs": "probs"}}
    created = client.call("POST", "/v1/models", body)
    assert created.status == 201, created.body
    # THEN TF Serving's predict answers the model's own numbers
    rows = rng.normal(size=(2, 4)).astype(np.float32)
    logits = np.maximum(rows @ w1 + b1, 0) @ w2
    want = np.exp(logits - logits.max(1, keepdims=True))
    want /= want.sum(1, keepdims=True)
    answer = client.call(
        "POST", "/tfserving/v1/models/onnx-mlp:predict", {"instances": rows.tolist()}
    )
    np.testing.assert_allclose(answer.json()["predictions"], want, rtol=1e-5)


def test_preference_applied_names_only_a_preference_the_request_stated(client):
    # RFC 7240: Preference-Applied says which of the request's Prefer tokens were
    # honoured. A run over a dataset is asynchronous whatever Prefer says (datasets.md);
    # asked without Prefer, its 202 honoured no preference.
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 1], name="x")
        w = gg.Variable([[0.0]], name="w")
        gg.reduce_mean(gg.square(gg.matmul(x, w) - 1.0), name="loss")
        gg.assign_add(w, [[0.1]], name="step")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "prefer", "graph": document}).json()["id"]
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    dataset = _dataset(client, "prefer-rows", {"x": np.ones((4, 1), np.float32)})
    body = {"fetches": ["loss"], "targets": ["step"]}
    body["dataset"] = {"id": dataset, "map": {"x": "x"}, "batch_size": 2}
    unasked = client.call("POST", f"/v1/sessions/{session}/runs", body)
    asked = client.call("POST", f"/v1/sessions/{session}/runs", body, {"Prefer": "respond-async"})
    assert unasked.status == asked.status == 202
    assert "preference-applied" not in unasked.headers
    assert asked.headers.get("preference-applied") == "respond-async"


def test_cancelling_an_ended_run_from_the_cli_is_the_apis_409_exit_5(runner, client, capsys):
    # GIVEN a run that has ended
    from graphgate import cli

    with gg.Graph().as_default() as graph:
        gg.assign_add(gg.Variable(0.0, name="n"), 1.0, name="bump")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "ended", "graph": document}).json()["id"]
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    body = {"fetches": ["n"], "targets": ["bump"], "steps": 3}
    started = client.call("POST", f"/v1/sessions/{session}/runs", body, {"Prefer": "respond-async"})
    run = _until_ended(client, started.headers["location"])
    # WHEN the CLI is asked to cancel it
    args = ["--url", runner.url, "--api-key", client.api_key, "runs", "cancel", session, run["id"]]
    code = cli.main(args, stdout=io.StringIO())
    # THEN it is what client.md's exit codes say of a 409, with the API's code and request
    err = capsys.readouterr().err
    assert code == 5, err
    assert "RUN_FINISHED (409)" in err and "[request " in err
