"""Journeys a user made from README.md and docs/ alone, round 10: a TF1 script training on
a dataset in an async run while the operator restarts the runner under it; a small conv
net TensorFlow froze with `convert_variables_to_constants`, served PNG images as base64
over TF Serving, floats over KServe's binary extension with tritonclient, and batch-scored
over 20,000 rows; the same stored graph exported to ONNX by the service, checked in
onnxruntime and served again from that file; a tf_keras HDF5 file with its Adam state
fine-tuned on the service and trained on from the download; a second tenant trying every
id route of the OpenAPI document on the first tenant's ids. Every number is held to what
TensorFlow computed (`tests/reference/scenarios10.py` recorded it) or to onnxruntime."""

from __future__ import annotations

import base64
import concurrent.futures
import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
import yaml

import graphgate as gg
import graphgate.compat.v1 as tf
from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS
from tests.reference import scenarios10 as journey
from tests.support import Client, poll_until_finished

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = journey.OUT
TF = json.loads((FIXTURES / "expected.json").read_text())
CNN_PROBS = np.load(FIXTURES / "cnn_probs.npy")
# TF's and graphgate's kernels sum in their own orders, so a last bit or two may differ
# (over dozens of Adam steps, a few); a step lost or applied twice is far larger
RTOL, ATOL = 1e-5, 1e-6
TERMINAL = {"succeeded", "failed", "cancelled"}


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios10-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


# -- 1. an async run over a dataset, the runner restarted under it -------------------------


def test_a_script_waiting_on_a_dataset_run_outlasts_a_runner_restart_with_tfs_variables(
    tmp_path,
):
    data = journey.mlp_data()
    with tf.Graph().as_default() as graph:
        t = journey.mlp(tf)
    # GIVEN a runner that keeps its data (`make serve`), and a TF1 script's classifier in a
    # remote session, training on an uploaded dataset, shuffled, in one async run
    with RunnerProcess(tmp_path, E2E_PARAMETERS, persist=True) as runner:
        key = runner.create_tenant("s10-restart", plan="pro")["api_key"]
        # (not a `with` block: leaving one would stop the run, sessions.md)
        sess = gg.RemoteSession(runner.url, api_key=key, graph=graph)
        sess.run(tf.global_variables_initializer(graph=graph))
        dataset = sess.client.upload_dataset({"x": data["x"], "y": data["y"]}, "s10-mlp")
        job = sess.train(
            [t["loss"], t["train"]], dataset["id"], {t["x"]: "x", t["y"]: "y"},
            batch_size=journey.BATCH, epochs=journey.EPOCHS, shuffle=True,
            seed=journey.SEED, wait=False,
        )  # fmt: skip
        # and the script blocked waiting for it, as `train(..., wait=True)` waits
        with concurrent.futures.ThreadPoolExecutor(1) as script:
            waited = script.submit(job.result, timeout=120)
            # WHEN the operator restarts the runner mid-run (SIGTERM, as a supervisor),
            # back on its port after some seconds without an answer
            while (progress := job.progress())["completed_steps"] < 1:
                time.sleep(0.01)
            runner.stop()
            assert progress["status"] not in TERMINAL, "the run ended before the restart"
            runner.port = urlsplit(runner.url).port
            runner.start()
            # THEN the script's wait ends with the run's last loss, as without the restart
            # (before the fix it died with the transport's TransportError after ~8 s)
            (last_loss, _) = waited.result(timeout=150)
        # AND the run resumed from its last checkpoint (local-runner.md) and ended
        record = job.progress()
        assert record["status"] == "succeeded", record
        assert record["invocations"] > progress["invocations"]
        assert record["completed_steps"] == journey.EPOCHS * -(-len(data["x"]) // journey.BATCH)
        remote = sess.run(t["weights"] + [t["step"]])
        sess.close()
    np.testing.assert_allclose(last_loss, TF["mlp_last_loss"], RTOL, ATOL)
    # AND its variables are, bit for bit, what a local loop over datasets.md's minibatch
    # order ends with: no step lost or applied twice across the restart
    with tf.Session(graph=graph) as local:
        local.run(tf.global_variables_initializer(graph=graph))
        for rows in journey.minibatches(len(data["x"])):
            local.run(t["train"], {t["x"]: data["x"][rows], t["y"]: data["y"][rows]})
        expected = local.run(t["weights"] + [t["step"]])
    for ours, theirs in zip(remote, expected, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    # AND TensorFlow's, over the same order
    assert remote[-1] == TF["mlp_steps"]
    for variable, value in zip(t["weights"], remote, strict=False):
        np.testing.assert_allclose(value, TF["mlp_variables"][variable.op.name], RTOL, ATOL)


# -- 2. a frozen conv net TF wrote: PNG over TF Serving, binary KServe, a 20,000-row batch --


def _frozen_cnn() -> gg.Graph:
    """engine.md: a frozen `.pb` TF wrote, imported into a graph of its own."""
    with tf.Graph().as_default() as graph:
        graph_def = tf.GraphDef.FromString((FIXTURES / "frozen_cnn.pb").read_bytes())
        tf.import_graph_def(graph_def, name="")
    return graph


@pytest.fixture(scope="module")
def cnn(client):
    """The frozen net stored, and frozen into two models (models.md, all constants):
    `s10-cnn` takes `images` (floats), `s10-cnn-png` takes `png` (encoded images)."""
    with gg.client.Client(client.url, client.api_key) as api:
        stored = api.create_graph("s10-cnn", _frozen_cnn())
    for name, inputs, outputs in (
        ("s10-cnn", {"images": "images"}, {"probabilities": "probs"}),
        ("s10-cnn-png", {"png": "png"}, {"probabilities": "png_probs"}),
    ):
        body = {"name": name, "graph_id": stored["id"], "graph_revision": 1, "variables": {},
                "inputs": inputs, "outputs": outputs}  # fmt: skip
        created = client.call("POST", "/v1/models", body)
        assert created.status == 201, created.body
        label = client.call("PUT", f"/v1/models/{name}/labels/stable", {"version": 1})
        assert label.status in (200, 201), label.body
    return stored


def test_a_frozen_conv_net_tf_wrote_serves_png_and_floats_and_scores_20000_rows_as_tf(
    runner, key, client, cnn
):
    pngs = TF["png_b64"]
    # GIVEN the net TF froze, as models `s10-cnn` and `s10-cnn-png`
    # WHEN PNG images are sent as TF Serving's base64 objects, in its row format
    rows = client.call(
        "POST", "/tfserving/v1/models/s10-cnn-png:predict",
        {"instances": [{"b64": b} for b in pngs]},
    )  # fmt: skip
    # THEN each prediction is what TF computed from those bytes
    assert rows.status == 200, rows.body
    np.testing.assert_allclose(rows.json()["predictions"], TF["png_probs"], RTOL, ATOL)
    # AND so in its columnar format, the output named as the signature names it
    columns = client.call(
        "POST", "/tfserving/v1/models/s10-cnn-png/labels/stable:predict",
        {"inputs": {"png": [{"b64": b} for b in pngs[:3]]}},
    )  # fmt: skip
    assert columns.status == 200, columns.body
    np.testing.assert_allclose(columns.json()["outputs"], TF["png_probs"][:3], RTOL, ATOL)
    # WHEN floats go over KServe's binary extension, as models.md's tritonclient recipe does
    import tritonclient.http as triton

    images = journey.cnn_images()
    auth = client.headers()
    binary = {**auth, "Content-Type": "application/octet-stream",
              "Accept": "application/octet-stream"}  # fmt: skip
    triton_client = triton.InferenceServerClient(runner.url.split("://", 1)[1])
    sent = triton.InferInput("images", [256, 8, 8, 1], "FP32")
    sent.set_data_from_numpy(images[:256])
    wanted = [triton.InferRequestedOutput("probabilities", binary_data=True)]
    result = triton_client.infer(
        "s10-cnn", [sent], model_version="stable", outputs=wanted, headers=dict(binary)
    )
    # THEN the answer is TF's
    np.testing.assert_allclose(result.as_numpy("probabilities"), CNN_PROBS[:256], RTOL, ATOL)
    # AND the PNG files themselves go as BYTES, raw in the binary body
    encoded = triton.InferInput("png", [len(pngs)], "BYTES")
    encoded.set_data_from_numpy(np.array([base64.b64decode(b) for b in pngs], dtype=object))
    result = triton_client.infer("s10-cnn-png", [encoded], outputs=wanted, headers=dict(binary))
    np.testing.assert_allclose(result.as_numpy("probabilities"), TF["png_probs"], RTOL, ATOL)
    # WHEN all 20,000 rows are uploaded and batch-scored by the model's label (batches.md)
    with gg.client.Client(runner.url, key) as api:
        dataset = api.upload_dataset({"images": images}, "s10-cnn-rows")
        batch = api.submit_batch(
            {
                "model": {"name": "s10-cnn", "label": "stable"},
                "dataset": dataset["id"],
                "fetches": {"probabilities": "probabilities"},
                "inputs": {"images": "images"},
                "rows_per_shard": 5000,
            }
        )
        record = poll_until_finished(client, f"/v1/batches/{batch['id']}", timeout=180)
        assert record["status"] == "succeeded", record
        assert record["shards"] == {"total": 4, "done": 4, "failed": 0}
        outputs = sorted(record["outputs"], key=lambda o: o["start"])
        scored = np.concatenate([api.batch_shard(o["url"])["probabilities"] for o in outputs])
    # THEN every row's prediction is TF's, in row order
    assert scored.shape == CNN_PROBS.shape
    np.testing.assert_allclose(scored, CNN_PROBS, RTOL, ATOL)
    assert (scored.argmax(1) == CNN_PROBS.argmax(1)).all()


# -- 3. the stored net exported to ONNX by the service, and served from that file ---------


def test_the_service_exports_the_frozen_net_to_onnx_and_serves_that_file_as_ort_runs_it(
    runner, key, client, cnn
):
    import onnxruntime as ort
    import tritonclient.http as triton

    images = journey.cnn_images()[:64]
    with gg.client.Client(runner.url, key) as api:
        # GIVEN the stored graph TF froze, exported by the service for its float branch
        # (onnx.md: `client.export_onnx(graph_id)`, fetches and feeds named)
        exported = api.export_onnx(cnn["id"], fetch=["probs"], feed=["images"])
        # THEN onnxruntime runs the file to TF's numbers
        model = ort.InferenceSession(exported, providers=["CPUExecutionProvider"])
        (feed,) = model.get_inputs()
        (ort_probs,) = model.run(None, {feed.name: images})
        np.testing.assert_allclose(ort_probs, CNN_PROBS[:64], RTOL, ATOL)
        # WHEN the file is imported back, frozen and served (models.md's ONNX recipe)
        imported = api.import_onnx(exported, "s10-cnn-onnx")
        session = api.create_session(imported["id"])
        (output,) = model.get_outputs()
        api.create_model_version(
            "s10-cnn-onnx", session["id"], {"images": feed.name}, {"probabilities": output.name}
        )
    # THEN tritonclient's binary request gets what onnxruntime computed
    binary = {**client.headers(), "Content-Type": "application/octet-stream",
              "Accept": "application/octet-stream"}  # fmt: skip
    triton_client = triton.InferenceServerClient(runner.url.split("://", 1)[1])
    sent = triton.InferInput("images", list(images.shape), "FP32")
    sent.set_data_from_numpy(images)
    result = triton_client.infer("s10-cnn-onnx", [sent], headers=dict(binary))
    np.testing.assert_allclose(result.as_numpy("probabilities"), ort_probs, RTOL, ATOL)


# -- 4. a tf_keras HDF5 file, fine-tuned on the service and trained on from the download --


def test_a_tf_keras_h5_with_its_adam_state_is_fine_tuned_remotely_to_tfs_losses(
    runner, key, tmp_path
):
    data = journey.keras_data()
    # GIVEN the model tf_keras fitted and saved with its optimizer, loaded with Keras'
    # session set to a remote one (engine.md: fit and train_on_batch run on the service)
    with (
        tf.Graph().as_default() as graph,
        gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess,
    ):
        tf.keras.backend.set_session(sess)
        model = tf.keras.models.load_model(str(FIXTURES / "keras.h5"))
        # THEN it predicts what tf_keras predicted from the file
        np.testing.assert_allclose(model.predict(data["x"][:6]), TF["keras_predict"], RTOL, ATOL)
        # WHEN fine-tuned a few batches on the service
        tuned = [float(model.train_on_batch(x, y)) for x, y in journey.keras_batches(6)]
        # THEN the losses are TF's: Adam's moments and its step count came from the file
        np.testing.assert_allclose(tuned, TF["keras_tuned_losses"], RTOL, ATOL)
        # WHEN saved (the variables downloaded) and loaded where the user goes on
        model.save(str(tmp_path / "tuned.h5"))
        tf.keras.backend.set_session(None)
    with tf.Graph().as_default(), tf.Session() as local:
        tf.keras.backend.set_session(local)
        again = tf.keras.models.load_model(str(tmp_path / "tuned.h5"))
        more = [
            float(again.train_on_batch(x, y))
            for x, y in journey.keras_batches(journey.KERAS_MORE, journey.KERAS_STEPS)
        ]
        predicted = again.predict(data["x"][:6])
        tf.keras.backend.set_session(None)
    # THEN training goes on to the losses tf_keras reached from its own fine-tuned file
    np.testing.assert_allclose(more, TF["keras_more_losses"], RTOL, ATOL)
    np.testing.assert_allclose(predicted, TF["keras_more_predict"], RTOL, ATOL)


# -- 5. another tenant on every id route of the OpenAPI document --------------------------


def _id_routes() -> list[tuple[str, str]]:
    spec = yaml.safe_load((ROOT / "api" / "openapi.yaml").read_text(encoding="utf-8"))
    return [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete") and "{" in path
        and not path.startswith("/console")
    ]  # fmt: skip


@pytest.fixture(scope="module")
def owned(runner, key, client):
    """Everything tenant A owns: a graph, a session with a finished run, a dataset, a
    finished batch, a model with a version and a label; the ids by path parameter."""
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        v = tf.Variable([[1.0], [2.0]], name="v")
        tf.matmul(x, v, name="y")
        bump = tf.assign_add(v, tf.ones([2, 1]), name="bump")
    sess = gg.RemoteSession(runner.url, api_key=key, graph=graph)
    sess.run(tf.global_variables_initializer(graph=graph))
    job = sess.run(bump, steps=3, wait=False)
    job.result(timeout=60)
    with gg.client.Client(runner.url, key) as api:
        dataset = api.upload_dataset({"x": np.ones((4, 2), np.float32)}, "s10-owned")
        batch = api.submit_batch(
            {
                "session": sess.session_id,
                "fetches": ["y:0"],
                "dataset": dataset["id"],
                "inputs": {"x": "x"},
            }
        )
        api.create_model_version("s10-owned", sess.session_id, {"x": "x"}, {"y": "y"})
    assert poll_until_finished(client, f"/v1/batches/{batch['id']}")["status"] == "succeeded"
    label = client.call("PUT", "/v1/models/s10-owned/labels/stable", {"version": 1})
    assert label.status in (200, 201), label.body
    yield {
        "graphId": sess.graph_id, "revision": "1", "sessionId": sess.session_id,
        "runId": job.id, "datasetId": dataset["id"], "batchId": batch["id"],
        "model": "s10-owned", "version": "1", "label": "stable", "name": "v",
    }  # fmt: skip
    sess.close()


def test_another_tenant_is_refused_on_every_id_route_and_the_owners_things_stay(
    runner, client, owned
):
    # GIVEN tenant B, pro like A, with A's ids in hand, and ids of the same shapes that
    # were never issued
    other = Client(runner.url, runner.create_tenant("s10-other", plan="pro")["api_key"])
    never = {k: re.sub(r"[0-9a-f]{20}$", "0" * 20, v) for k, v in owned.items()}
    never.update(model="s10-never")
    seen = []
    # WHEN B sends every method of every route of api/openapi.yaml with A's ids
    for method, path in _id_routes():
        body = None if method in ("GET", "DELETE") else {}
        answers = [
            other.call(method, re.sub(r"\{(\w+)\}", lambda m, ids=ids: ids[m.group(1)], path), body)
            for ids in (owned, never)
        ]
        theirs, unknown = ([a.status, a.body] for a in answers)
        seen.append((method, path, theirs[0]))
        # THEN B is refused without a success or a 5xx, and learns nothing: the answer is
        # the one for an id that never existed, but for the id it sent itself
        assert 400 <= theirs[0] < 500, (method, path, theirs)
        for key_, value in owned.items():
            if key_.endswith("Id") or key_ == "model":
                theirs[1] = theirs[1].replace(value.encode(), never[key_].encode())
        as_json = [json.loads(b) for b in (theirs[1], unknown[1])]
        for answer in as_json:
            answer.pop("request_id", None)
        assert as_json[0] == as_json[1], (method, path)
        if method in ("GET", "DELETE"):
            assert theirs[0] == 404, (method, path, theirs)
    assert len(seen) >= 40
    # AND every thing of A's is still there, as it was
    for method, path in _id_routes():
        if method == "GET" and "{" in path and not path.startswith("/tfserving"):
            concrete = re.sub(r"\{(\w+)\}", lambda m: owned[m.group(1)], path)
            assert client.call("GET", concrete).status == 200, concrete
