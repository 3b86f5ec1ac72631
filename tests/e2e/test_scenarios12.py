"""Journeys a user made from README.md and docs/ alone, round 12: a tf_keras classifier TF
trained, its SavedModel and its HDF5 file served over TF Serving REST and KServe v2 (JSON
and binary), batch-scored over a CSV by the CLI, downloaded again and loaded by TF; a TF1
script's `Saver` loop ported to a `RemoteSession` whose session is lost mid-training and
restored from the newest checkpoint; a small ONNX CNN at opsets 13 and 17 imported, served,
exported back and batch-scored in ten shards, as onnxruntime runs it; the mistakes a
newcomer makes on the quick start, each a documented problem the detail says how to fix;
a tenant's team whose usage report counts exactly the calls it made. Every TF number is
held to what TensorFlow 2.21 computed (`tests/reference/scenarios12.py` recorded it, and
what TF read back from graphgate's download)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.e2e.test_cli import run as cli
from tests.reference import scenarios12 as journey
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = journey.OUT
TF = json.loads((FIXTURES / "expected.json").read_text())
# TF's and graphgate's float32 kernels sum in their own orders, so a last bit or two may
# differ over a few dozen Adam steps; a step lost or applied twice is far larger
RTOL, ATOL = 1e-5, 1e-7


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios12-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _close(ours, theirs, what: str) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, RTOL, ATOL, err_msg=what)


# -- 1. a tf_keras model TF trained: served, batch-scored, taken out and loaded by TF -----


def test_a_keras_model_tf_trained_gives_tfs_predictions_at_every_hop_and_back_in_tf(
    runner, key, client, tmp_path
):
    rows = journey.keras_rows()
    predicted = np.asarray(TF["keras"]["predict_test"], np.float32)
    flags = ("--url", runner.url, "--api-key", key)
    # GIVEN the directory tf_keras' `model.save(dir)` wrote, shown offline as TF reads it
    code, out, err = cli("saved-model", "show", str(FIXTURES / "tf" / "keras"), "-o", "json")
    assert code == 0, err
    (meta_graph,) = json.loads(out)["meta_graphs"]
    shown = meta_graph["signatures"]["serving_default"]
    assert shown["method_name"] == TF["keras"]["signature"]["method_name"]
    for side in ("inputs", "outputs"):
        assert {k: [v["name"], v["dtype"], v["shape"]] for k, v in shown[side].items()} == TF[
            "keras"
        ]["signature"][side]
    # and made a version by the CLI
    code, out, err = cli(
        "models", "create", "s12-keras", "--saved-model", str(FIXTURES / "tf" / "keras"),
        "-o", "json", *flags,
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["version"] == 1
    # and the same model's HDF5 file, through models.md's Keras recipe, as version 2 (its
    # optimizer is tf_keras' TF 2 Adam, which graphgate refuses to restore: the recipe
    # loads the model without it)
    with gg.Graph().as_default():
        model = gg.keras.models.load_model(str(FIXTURES / "tf" / "keras.h5"), compile=False)
        gg.keras.experimental.export_saved_model(model, str(tmp_path / "h5" / "1"))
    with gg.client.Client(runner.url, key) as api:
        assert (
            api.create_model_version_from_saved_model("s12-keras", tmp_path / "h5")["version"] == 2
        )
        api.set_label("s12-keras", "stable", 1)
    # WHEN TF Serving's predict is asked, by rows and by columns, of each version
    for version in (1, 2):
        path = f"/tfserving/v1/models/s12-keras/versions/{version}:predict"
        by_rows = client.call("POST", path, {"instances": rows["test"].tolist()})
        assert by_rows.status == 200, by_rows.body
        by_columns = client.call("POST", path, {"inputs": {"features": rows["test"].tolist()}})
        assert by_columns.status == 200, by_columns.body
        named = [{"features": row} for row in rows["test"].tolist()]
        by_names = client.call(
            "POST", path, {"signature_name": "serving_default", "instances": named}
        )
        assert by_names.status == 200, by_names.body
        _close(by_names.json()["predictions"], predicted, f"v{version} named rows")
        # THEN each answers what Keras' `predict` answered
        _close(by_rows.json()["predictions"], predicted, f"v{version} rows")
        _close(by_columns.json()["outputs"], predicted, f"v{version} columns")
    # and TF Serving's metadata is the signature TF read from the directory, and KServe's
    # the same names, dtypes and shapes
    meta = client.call("GET", "/tfserving/v1/models/s12-keras/versions/1/metadata").json()
    served_signature = meta["metadata"]["signature_def"]["signature_def"]["serving_default"]
    want = TF["keras"]["signature"]
    assert served_signature["method_name"] == want["method_name"]
    for side in ("inputs", "outputs"):
        got = {
            alias: [
                info["name"],
                info["dtype"],
                [int(d["size"]) for d in info["tensor_shape"]["dim"]],
            ]
            for alias, info in served_signature[side].items()
        }
        assert got == {k: [n, "DT_FLOAT", dims] for k, (n, _, dims) in want[side].items()}
    kserve = client.call("GET", "/v2/models/s12-keras/versions/1").json()
    assert [(i["name"], i["datatype"], i["shape"]) for i in kserve["inputs"]] == [
        ("features", "FP32", want["inputs"]["features"][2])
    ]
    # and classify and regress, on a predict signature, are TF Serving's refusal
    examples = {"examples": [{"features": rows["test"][0].tolist()}]}
    for verb in ("classify", "regress"):
        refused = client.call("POST", f"/tfserving/v1/models/s12-keras:{verb}", examples)
        assert refused.status == 400, refused.body
        assert "tensorflow/serving/predict" in refused.json()["error"], refused.body
    # and KServe v2, as JSON and with the binary extension tritonclient speaks
    served = gg.serving.Client("s12-keras", url=runner.url, api_key=key)
    _close(served.predict({"features": rows["test"]})["probs"], predicted, "kserve json")
    import tritonclient.http as triton

    binary = {**client.headers(), "Content-Type": "application/octet-stream"}
    triton_client = triton.InferenceServerClient(runner.url.split("://", 1)[1])
    sent = triton.InferInput("features", list(rows["test"].shape), "FP32")
    sent.set_data_from_numpy(rows["test"], binary_data=True)
    asked = [triton.InferRequestedOutput("probs", binary_data=True)]
    result = triton_client.infer("s12-keras", [sent], outputs=asked, headers=dict(binary))
    _close(result.as_numpy("probs"), predicted, "kserve binary")
    # WHEN a CSV of new rows is uploaded and batch-scored with `stable` by the CLI
    table = tmp_path / "rows.csv"
    table.write_text(journey.csv_text(rows["csv"]))
    code, out, err = cli(
        "datasets", "upload", str(table), "--name", "s12-rows", "--column",
        "x=f0,f1,f2,f3", "--dtype", "float32", "-o", "json", *flags,
    )  # fmt: skip
    assert code == 0, err
    dataset = json.loads(out)
    assert dataset["arrays"] == {"x": {"dtype": "float32", "shape": [journey.CSV_ROWS, 4]}}
    scored = tmp_path / "scored.npz"
    code, out, err = cli(
        "batches", "submit", "--model", "s12-keras@stable", "--dataset", dataset["id"],
        "--input", "features=x", "--fetch", "probs=probs", "--rows-per-shard", "16",
        "--watch", "--out", str(scored), *flags,
    )  # fmt: skip
    assert code == 0, err
    # THEN every row is scored as Keras' `predict` scored it, in row order
    _close(np.load(scored)["probs"], np.asarray(TF["keras"]["predict_csv"]), "batch")
    # WHEN the version is taken out as a SavedModel, over HTTP and by the CLI
    archive = client.call(
        "GET", "/v1/models/s12-keras/versions/1", headers={"Accept": "application/zip"}
    )
    assert archive.status == 200, archive.body[:300]
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive.body)) as unzipped:
        unzipped.extractall(tmp_path / "http")
    code, _, err = cli("models", "export", "s12-keras", str(tmp_path / "cli"), "--label",
                       "stable", *flags)  # fmt: skip
    assert code == 0, err
    # THEN both are, file for file, the export TensorFlow loaded, and TF's signature
    # computed from it what Keras' `predict` computed
    for taken in (tmp_path / "http", tmp_path / "cli"):
        files = sorted(p for p in taken.rglob("*") if p.is_file())
        got = {str(p.relative_to(taken)): _sha256(p) for p in files}
        assert got == TF["download"]["shown"], taken.name
    assert TF["download"]["signature"] == {
        "method_name": "tensorflow/serving/predict", "inputs": ["features"], "outputs": ["probs"]
    }  # fmt: skip
    _close(TF["download"]["v1_test"], predicted, "tf1 loader")
    _close(TF["download"]["v2_test"], predicted, "tf2 load")


# -- 2. a TF1 Saver loop ported to a RemoteSession, its session lost mid-training --------


def test_a_tf1_saver_loop_on_a_remote_session_outlives_losing_it_with_tfs_variables(
    runner, key, tmp_path
):
    import graphgate.compat.v1 as tf

    want = TF["saver"]
    d = journey.data()
    prefix = str(tmp_path / "model.ckpt")
    # GIVEN the TF1 script, its `tf.Session()` made a `gg.RemoteSession` (client.md)
    with tf.Graph().as_default() as graph:
        t = journey.saver_script(tf)
    sess = gg.RemoteSession(runner.url, api_key=key, graph=graph, idle_ttl_s=60)
    sess.run(t["init"])
    # WHEN it trains, saving every EVERY steps, until its session is lost (it expires after
    # `idle_ttl_s` idle; ended here, which answers the same 404, sessions.md)
    first = journey.train_until(tf, sess, t, prefix, journey.LOST)
    with gg.client.Client(runner.url, key) as api:
        api.delete_session(sess.session_id)
    with pytest.raises(gg.client.NotFoundError) as lost:
        sess.run(t["loss"], {t["x"]: d["features"], t["y"]: d["targets"]})
    assert lost.value.code == "SESSION_NOT_FOUND", lost.value
    sess.close()
    # and a new process builds the graph again, restores the newest checkpoint into a new
    # remote session and trains to the end
    with tf.Graph().as_default() as graph:
        t = journey.saver_script(tf)
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        latest = tf.train.latest_checkpoint(str(tmp_path))
        t["saver"].restore(sess, latest)
        restored = int(sess.run(t["step"]))
        second = journey.train_until(tf, sess, t, prefix, journey.STEPS)
        final = {name: sess.run(t[name]) for name in journey.VARIABLES}
    # THEN every step's loss, the step restored and the variables are TF's
    _close(first, want["losses_first"], "losses before")
    assert (Path(latest).name, restored) == (want["latest_at_restart"], want["step_restored"])
    _close(second, want["losses_second"], "losses after")
    for name in journey.VARIABLES:
        _close(final[name], want["variables"][name], name)
    # and the directory holds what TF's Savers left: the new Saver's KEEP newest in the
    # `checkpoint` state, the first Saver's files kept as TF keeps them (each data file in
    # graphgate's own format, engine.md: `P.data-<sha>.npz` where TF writes
    # `P.data-00000-of-00001`)
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert Path(state.model_checkpoint_path).name == want["state"]["model_checkpoint_path"]
    kept = [Path(p).name for p in state.all_model_checkpoint_paths]
    assert kept == want["state"]["all_model_checkpoint_paths"]
    ours = sorted(re.sub(r"\.data-[0-9a-f]{8}\.npz$", ".data", p.name) for p in tmp_path.iterdir())
    assert ours == sorted(name.replace(".data-00000-of-00001", ".data") for name in want["files"])


# -- 3. a small ONNX CNN at opsets 13 and 17: served, exported back, scored in 10 shards --


def _onnx_cnn(opset: int) -> bytes:
    """A model-zoo-style CNN built with onnx.helper: Conv, BatchNormalization, Relu,
    MaxPool, Flatten, (at opset 17, its LayerNormalization), Gemm and Softmax."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.RandomState(opset)

    def weight(name, *shape, scale=0.5, offset=0.0):
        value = (rng.randn(*shape) * scale + offset).astype(np.float32)
        return numpy_helper.from_array(value, name)

    weights = [
        weight("conv_w", 4, 1, 3, 3), weight("conv_b", 4, scale=0.1),
        weight("bn_scale", 4, scale=0.1, offset=1.0), weight("bn_bias", 4, scale=0.1),
        weight("bn_mean", 4, scale=0.1), weight("bn_var", 4, scale=0.1, offset=1.0),
        weight("fc_w", 64, 3, scale=0.2), weight("fc_b", 3, scale=0.1),
    ]  # fmt: skip
    nodes = [
        helper.make_node("Conv", ["images", "conv_w", "conv_b"], ["conv"], pads=[1, 1, 1, 1]),
        helper.make_node(
            "BatchNormalization", ["conv", "bn_scale", "bn_bias", "bn_mean", "bn_var"], ["bn"]
        ),
        helper.make_node("Relu", ["bn"], ["relu"]),
        helper.make_node("MaxPool", ["relu"], ["pool"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["pool"], ["flat"], axis=1),
    ]
    features = "flat"
    if opset >= 17:
        weights += [weight("ln_scale", 64, scale=0.1, offset=1.0), weight("ln_bias", 64, scale=0.1)]
        nodes.append(
            helper.make_node("LayerNormalization", ["flat", "ln_scale", "ln_bias"], ["norm"])
        )
        features = "norm"
    nodes += [
        helper.make_node("Gemm", [features, "fc_w", "fc_b"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probs"], axis=-1),
        helper.make_node("ArgMax", ["probs"], ["label"], axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, f"cnn{opset}",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["N", 1, 8, 8])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["N", 3]),
         helper.make_tensor_value_info("label", TensorProto.INT64, ["N"])],
        weights,
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model.SerializeToString()


def _ort(model: bytes, images: np.ndarray) -> dict:
    import onnxruntime as ort

    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    probs, label = session.run(["probs", "label"], {"images": images})
    return {"probs": probs, "label": label}


@pytest.mark.parametrize("opset", [13, 17])
def test_an_onnx_cnn_is_served_exported_back_and_scored_in_ten_shards_as_ort_runs_it(
    runner, key, client, tmp_path, opset
):
    flags = ("--url", runner.url, "--api-key", key)
    images = np.random.RandomState(120 + opset).rand(1000, 1, 8, 8).astype(np.float32)
    name = f"s12-cnn{opset}"
    model_file = tmp_path / "cnn.onnx"
    model_file.write_bytes(_onnx_cnn(opset))
    ort = _ort(model_file.read_bytes(), images)
    # GIVEN the model checked offline and stored with its weights as constants by the CLI
    code, out, err = cli("onnx", "check", str(model_file))
    assert code == 0, (out, err)
    code, out, err = cli(
        "graphs", "import", str(model_file), "--name", name, "--constants", "-o", "json", *flags
    )
    assert code == 0, err
    stored = json.loads(out)
    assert stored["source"]["opset"] == opset, stored["source"]
    # WHEN that revision is frozen as models.md's ONNX recipe does, with no variables
    body = {"name": name, "graph_id": stored["id"], "graph_revision": 1, "variables": {},
            "inputs": {"images": "images"},
            "outputs": {"probs": "probs", "label": "label"}}  # fmt: skip
    created = client.call("POST", "/v1/models", body)
    assert created.status == 201, created.body
    # THEN KServe v2 describes the model's input as ONNX does (its batch free), and it and
    # TF Serving answer what onnxruntime computes
    described = client.call("GET", f"/v2/models/{name}").json()
    assert described["inputs"] == [{"name": "images", "datatype": "FP32", "shape": [-1, 1, 8, 8]}]
    served = gg.serving.Client(name, url=runner.url, api_key=key)
    predicted = served.predict({"images": images[:8]})
    _close(predicted["probs"], ort["probs"][:8], "kserve")
    assert predicted["label"].dtype == np.int64
    np.testing.assert_array_equal(predicted["label"], ort["label"][:8])
    tfs = client.call(
        "POST", f"/tfserving/v1/models/{name}:predict", {"instances": images[:8].tolist()}
    )
    assert tfs.status == 200, tfs.body
    rows = tfs.json()["predictions"]
    _close([row["probs"] for row in rows], ort["probs"][:8], "tf serving")
    assert [row["label"] for row in rows] == ort["label"][:8].tolist()
    # WHEN the stored graph is exported back to ONNX by the service (the CLI's export)
    exported = tmp_path / "back.onnx"
    code, _, err = cli("graphs", "export", stored["id"], str(exported), *flags)
    assert code == 0, err
    # THEN it is a valid model (of opset 17 whatever it came in: onnx.md), whose batch
    # dimension stays free, and onnxruntime runs it to what it ran the original to
    import onnx

    back = onnx.load_from_string(exported.read_bytes())
    onnx.checker.check_model(back, full_check=True)
    assert [(o.domain, o.version) for o in back.opset_import] == [("", 17)]
    (feed,) = back.graph.input
    assert [d.dim_value for d in feed.type.tensor_type.shape.dim] == [0, 1, 8, 8]
    back_ort = _ort(exported.read_bytes(), images[:64])
    _close(back_ort["probs"], ort["probs"][:64], "exported")
    np.testing.assert_array_equal(back_ort["label"], ort["label"][:64])
    # WHEN the images are uploaded as an .npz and scored by the version in ten shards
    archive = tmp_path / "images.npz"
    np.savez(archive, pixels=images)
    with gg.client.Client(runner.url, key) as api:
        dataset = api.upload_dataset(str(archive), name=f"s12-images{opset}")
    scored = tmp_path / "scored.npz"
    code, out, err = cli(
        "batches", "submit", "--model", f"{name}@1", "--dataset", dataset["id"],
        "--input", "images=pixels", "--fetch", "probs=probs", "--fetch", "label=label",
        "--rows-per-shard", "100",
        "--watch", "--out", str(scored), "-o", "json", *flags,
    )  # fmt: skip
    assert code == 0, err
    batch = json.loads(out)
    # THEN there were ten shards, and every row is what onnxruntime computed for it
    assert batch["status"] == "succeeded" and len(batch["outputs"]) == 10, batch
    outputs = np.load(scored)
    _close(outputs["probs"], ort["probs"], "batch")
    assert outputs["label"].dtype == np.int64
    np.testing.assert_array_equal(outputs["label"], ort["label"])


# -- 4. the quick start's mistakes: each a documented problem that says what to do -------


def _problem(reply, status: int, code: str) -> dict:
    assert reply.status == status, reply.body[:300]
    assert reply.headers["content-type"] == "application/problem+json", reply.headers
    problem = reply.json()
    assert problem["code"] == code and problem["status"] == status, problem
    return problem


def test_each_mistake_of_the_quick_start_is_a_documented_problem_saying_what_to_do(
    runner, key, client, monkeypatch
):
    docs = journey.OUT.parents[2].parent / "docs"
    # api.md's tables, and engine.md's for the engine's codes (api.md: Engine codes)
    tables = (docs / "api.md").read_text() + (docs / "engine.md").read_text()
    url = runner.url
    # WHEN the README's curl is typed without its key THEN 403, naming the header
    met = []
    no_key = _problem(request("GET", f"{url}/v1/health", {}, None), 403, "INVALID_API_KEY")
    assert "x-api-key" in no_key["detail"]
    met.append(no_key)
    # WHEN a data route is called with the key but no token (auth.md's step skipped)
    # THEN 401, naming where a token comes from
    no_token = request("GET", f"{url}/v1/graphs", {"x-api-key": key}, None)
    problem = _problem(no_token, 401, "INVALID_TOKEN")
    assert no_token.headers["www-authenticate"].startswith("Bearer")
    assert "POST /v1/tokens" in problem["detail"]
    met.append(problem)
    # WHEN the base URL is a deployed stage's pattern, or the path is mistyped THEN 404,
    # naming the base URL to check, from the gateway (no resource) and from the function
    for path in ("/prod/v1/health", "/v1/helth"):
        wrong = request("GET", url + path, {"x-api-key": key}, None)
        problem = _problem(wrong, 404, "ROUTE_NOT_FOUND")
        assert "base URL" in problem["detail"] and "/v1/health" in problem["detail"]
    met.append(_problem(client.call("GET", "/v1/graphs/g_1/nope"), 404, "ROUTE_NOT_FOUND"))
    with pytest.raises(gg.client.NotFoundError) as stage:
        gg.client.Client(url + "/prod", key).health()
    assert stage.value.code == "ROUTE_NOT_FOUND" and "/prod/v1/health" in str(stage.value)
    # WHEN the README's Python program runs without its environment THEN it says which
    monkeypatch.delenv("GRAPHGATE_API_URL", raising=False)
    monkeypatch.delenv("GRAPHGATE_API_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(journey.OUT / "no-such-config"))
    with pytest.raises(gg.client.ConfigurationError) as unset:
        gg.RemoteSession(graph=gg.Graph())
    assert "GRAPHGATE_API_URL" in str(unset.value)
    # WHEN the quick start's model is fed rows of the wrong width, or fetches a node it
    # lacks, remotely THEN each is the ValueError TF1 raises for it, and over HTTP a 400
    # naming the node
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.reduce_sum(gg.multiply(x, 2.0), name="y")
    with gg.RemoteSession(url, api_key=key, graph=graph) as sess:
        with pytest.raises(ValueError) as shape:
            sess.run("y:0", {x: np.ones((4, 3), np.float32)})
        assert shape.value.code == "FEED_SHAPE_MISMATCH" and "[4, 3]" in str(shape.value)
        with pytest.raises(ValueError) as missing:
            sess.run("nope:0")
        assert "does not exist in the graph" in str(missing.value)
        graph_id = sess.graph_id
    # and the same two mistakes typed into the CLI are exit 5, "refused as sent" (client.md),
    # with the code and the node on stderr
    flags = ("--url", url, "--api-key", key)
    code, _, err = cli("run", graph_id, "y", "--feed", "x=[[1, 2, 3]]", *flags)
    assert code == 5 and "FEED_SHAPE_MISMATCH" in err and "[node x]" in err, (code, err)
    code, _, err = cli("run", graph_id, "nope", "--feed", "x=[[1, 2]]", *flags)
    assert code == 5 and "UNKNOWN_FETCH" in err, (code, err)
    feed = {"x": {"datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}}
    run = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": {"y": "y"}, "feeds": feed})
    problem = _problem(run, 400, "FEED_SHAPE_MISMATCH")
    assert problem["errors"][0]["node"] == "x", problem
    met.append(problem)
    feed = {"x": {"datatype": "FP32", "shape": [1, 2], "data": [1, 2]}}
    run = client.call(
        "POST", f"/v1/graphs/{graph_id}/runs", {"fetches": {"z": "nope"}, "feeds": feed}
    )
    problem = _problem(run, 400, "UNKNOWN_FETCH")
    assert "nope" in problem["detail"]
    met.append(problem)
    # WHEN a dataset's upload URL is used after it expired (its date moved back past its
    # `uploads_expire_in`) THEN storage refuses it, and the registration sent again with its
    # Idempotency-Key signs new URLs (api.md), which take the file
    blob = journey.csv_text(journey.keras_rows()["csv"]).encode()
    spec = {"format": "csv", "name": "rows", "bytes": len(blob), "dtype": "float32",
            "columns": {"x": ["f0", "f1", "f2", "f3"]}}  # fmt: skip
    body = {"name": "s12-late", "files": [spec]}
    once = {"Idempotency-Key": "s12-late-upload"}
    first = client.call("POST", "/v1/datasets", body, headers=once)
    assert first.status == 201, first.body
    upload = first.json()["uploads"][0]
    stale = re.sub(r"X-Amz-Date=\d{8}T\d{6}Z", "X-Amz-Date=20000101T000000Z", upload["url"])
    late = request("PUT", stale, dict(upload["headers"]), blob)
    assert late.status == 403 and b"Request has expired" in late.body, late.body[:300]
    pending = client.call("POST", f"/v1/datasets/{first.json()['id']}/complete")
    met.append(_problem(pending, 409, pending.json()["code"]))
    again = client.call("POST", "/v1/datasets", body, headers=once)
    assert again.status == 201 and again.json()["id"] == first.json()["id"], again.body
    upload = again.json()["uploads"][0]
    assert request("PUT", upload["url"], dict(upload["headers"]), blob).status == 200
    done = client.call("POST", f"/v1/datasets/{first.json()['id']}/complete")
    assert done.status == 200 and done.json()["status"] == "ready", done.body
    # THEN every code met is in the docs' tables, and every detail says something to do
    for problem in met:
        assert f"| `{problem['code']}`" in tables, problem["code"]
        assert len(problem["detail"]) > 20, problem


# -- 5. a team on one tenant: scoped tokens, a key rotation, usage that counts its calls --


def _tokens(url: str, key: str, expect: int = 200, **body) -> dict:
    headers = {"x-api-key": key, "Content-Type": "application/json"}
    reply = request("POST", f"{url}/v1/tokens", headers, json.dumps(body).encode())
    assert reply.status == expect, reply.body
    return reply.json()


def _as(method: str, url: str, key: str, token: str | None, body=None):
    headers = {"x-api-key": key} | ({"Authorization": f"Bearer {token}"} if token else {})
    if body is not None:
        headers["Content-Type"] = "application/json"
    return request(method, url, headers, json.dumps(body).encode() if body is not None else None)


def test_a_team_s_scoped_tokens_survive_a_key_rotation_and_usage_counts_each_call(runner):
    url = runner.url
    tenant = runner.create_tenant("s12-team", plan="pro")
    old = tenant["api_key"]
    calls = 0  # requests the gateway admitted for the key: what its quota counts
    # GIVEN a lead signed in with every scope, who stores a graph
    lead = _tokens(url, old)
    with gg.Graph().as_default() as graph:
        gg.multiply(gg.placeholder(gg.float32, [None], name="x"), 2.0, name="y")
    document = serialization.graph_to_dict(graph)
    stored = _as(
        "POST", f"{url}/v1/graphs", old, lead["access_token"], {"name": "g", "graph": document}
    )
    assert stored.status == 201, stored.body
    calls += 2
    # WHEN an analyst signs in read-only (auth.md: ask for fewer scopes than the plan's)
    analyst = _tokens(url, old, scope="graphs:read models:predict usage:read")
    assert analyst["scope"] == "graphs:read models:predict usage:read"
    token = analyst["access_token"]
    listed = _as("GET", f"{url}/v1/graphs", old, token)
    assert listed.status == 200 and len(listed.json()["items"]) == 1, listed.body
    calls += 2
    # THEN each write is 403 INSUFFICIENT_SCOPE naming the scope it needs, and nothing changes
    graph_url = f"{url}/v1/graphs/{stored.json()['id']}"
    writes = [
        ("POST", f"{url}/v1/graphs", {"name": "h", "graph": document}, "graphs:write"),
        ("DELETE", graph_url, None, "graphs:write"),
        ("POST", f"{url}/v1/sessions", {"graph_id": stored.json()["id"]}, "sessions:run"),
        ("POST", f"{url}/v1/tokens/revoke", {"token": lead["refresh_token"]}, "tokens:manage"),
    ]
    for method, target, body, scope in writes:
        refused = _as(method, target, old, token, body)
        assert refused.status == 403, (method, target, refused.body)
        assert refused.json()["code"] == "INSUFFICIENT_SCOPE", refused.body
        assert f'scope="{scope}"' in refused.headers["www-authenticate"], refused.headers
        calls += 1
    assert _as("GET", graph_url, old, lead["access_token"]).status == 200
    calls += 1
    # and a call without a token is the authorizer's 401, which the quota never sees
    assert _as("GET", f"{url}/v1/graphs", old, None).status == 401
    # WHEN the operator rotates the key with a grace (auth.md: For operators)
    rotated = runner.admin("rotate-key", "--key-id", tenant["api_key_id"], "--grace-seconds", "60")
    new = rotated["api_key"]
    # THEN the lead's login refreshes with the new key, the old refresh token is spent, and
    # presenting it again revokes the whole login: the refreshed tokens are refused too
    # (the access token at once, never having been used: auth.md's 30 s cache)
    fresh = _tokens(url, new, grant_type="refresh_token", refresh_token=lead["refresh_token"])
    assert fresh["scope"] == lead["scope"] and fresh["refresh_token"] != lead["refresh_token"]
    reused = _tokens(
        url, new, expect=400, grant_type="refresh_token", refresh_token=lead["refresh_token"]
    )
    assert reused["code"] == "REFRESH_TOKEN_REUSED"
    assert _as("GET", f"{url}/v1/graphs", new, fresh["access_token"]).status == 401
    gone = _tokens(
        url, new, expect=400, grant_type="refresh_token", refresh_token=fresh["refresh_token"]
    )
    assert gone["code"] == "INVALID_GRANT"
    new_calls = 3
    # and the analyst's token, issued with the old key, works with it through the grace
    usage = _as("GET", f"{url}/v1/usage", old, token)
    calls += 1
    assert usage.status == 200, usage.body
    # THEN the old key's usage counts every call it made that the gateway admitted
    quota = usage.json()["quota"]
    assert quota["used"] == calls, (quota, calls)
    assert quota["remaining"] == quota["limit"] - calls
    # and the new key's its own, from 0 (API Gateway counts a quota per key)
    again = _tokens(url, new, scope="usage:read")
    mine = _as("GET", f"{url}/v1/usage", new, again["access_token"])
    new_calls += 2
    assert mine.status == 200, mine.body
    assert mine.json()["quota"]["used"] == new_calls, (mine.json(), new_calls)
