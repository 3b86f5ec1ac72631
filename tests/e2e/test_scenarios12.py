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
    # GIVEN the directory tf_keras' `model.save(dir)` wrote, made a version by the CLI
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
        # THEN each answers what Keras' `predict` answered
        _close(by_rows.json()["predictions"], predicted, f"v{version} rows")
        _close(by_columns.json()["outputs"], predicted, f"v{version} columns")
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
