"""Journeys a user made from README.md and docs/ alone, round 9: a TF1 script trained on
the service hands its checkpoint to TensorFlow and takes TensorFlow's back, and a Keras
user does the same with HDF5 files (graphgate's exports were shown to TensorFlow 2.21 by
`tests/reference/scenarios9.py`, which committed the files TF read and what it computed
from them; each test re-creates graphgate's export over HTTP and holds it to those very
files, so a drift in either the export or the training fails here). Each test pins a
place where the product answered otherwise than the docs promised, or one the docs
promise and a change could break."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import h5py
import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from tests.reference import scenarios9 as journey
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = journey.OUT
TF = json.loads((FIXTURES / "expected.json").read_text())
DATA = journey.data()
# TF's and graphgate's kernels sum in their own orders, so a last bit or two may differ
# over a few dozen Adam steps; a step lost, applied twice or a slot not restored is far larger
RTOL = 1e-5


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios9-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_checkpoint_trained_on_the_service_restores_in_tensorflow_and_back(runner, key, tmp_path):
    feeds = {"x:0": DATA["features"], "y:0": DATA["labels"]}
    with tf.Graph().as_default() as graph:
        t = journey.build(tf)
        # engine.md: `checkpoint_format="tensorflow"` writes TF's V2 files, which
        # `tf.train.Saver.restore` reads; a remote session's variables are downloaded to save
        saver = tf.train.Saver(checkpoint_format="tensorflow")
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # GIVEN the TF1 script's classifier trained 30 steps as one async run on the service
        sess.run(tf.global_variables_initializer(graph=graph))
        job = sess.run(t["train"], feeds, steps=journey.STEPS, wait=False)
        job.result(timeout=120)
        # WHEN saved in TF's format from the remote session
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=t["step"])
        # THEN the files are, byte for byte, those TensorFlow restored: the same training
        # as step by step in a local session, exported the same way
        assert prefix.endswith(f"model.ckpt-{journey.STEPS}")
        for suffix in (".index", ".data-00000-of-00001"):
            written = Path(prefix + suffix)
            shown = f"gg/ckpt/model.ckpt-{journey.STEPS}{suffix}"
            assert _sha256(written) == TF["shown"][shown], suffix
            assert written.read_bytes() == (FIXTURES / shown).read_bytes()
        # and TensorFlow's Saver found every variable the script's made, Adam's slots too
        made = sorted(v.op.name for v in graph.get_collection("variables"))
        assert TF["variables_restored"] == made
        assert TF["restored_step"] == journey.STEPS
        # and the service predicts what TF predicted from that checkpoint
        np.testing.assert_allclose(
            sess.run("probs:0", {"x:0": DATA["test"]}), TF["probs_restored"], RTOL
        )
        # WHEN the user trains on in graphgate as TF trained on from the checkpoint
        losses = [sess.run(["loss:0", t["train"]], feeds)[0] for _ in range(journey.MORE)]
        # THEN the losses are TF's: Adam's slots and powers crossed in the file, or TF's
        # first steps from it would have been other steps
        np.testing.assert_allclose(losses, TF["losses_more"], RTOL)
        ours = sess.run("probs:0", {"x:0": DATA["test"]})
        # WHEN TF's checkpoint of those 20 steps comes back and is restored remotely
        back = FIXTURES / "tf" / "ckpt"
        saver.restore(sess, tf.train.latest_checkpoint(str(back)))
        # THEN the session holds TF's step and predicts TF's probabilities, which are ours
        assert sess.run(t["step"]) == journey.STEPS + journey.MORE
        theirs = sess.run("probs:0", {"x:0": DATA["test"]})
        np.testing.assert_allclose(theirs, TF["probs_more"], RTOL)
        np.testing.assert_allclose(ours, TF["probs_more"], RTOL)
        # and a version frozen from it serves them over KServe (models.md)
        with gg.client.Client(runner.url, key) as api:
            made = api.create_model_version(
                "s9-tf-back", sess.session_id, {"features": "x"}, {"probabilities": "probs"}
            )
    assert made["version"] == 1
    served = gg.serving.Client("s9-tf-back", url=runner.url, api_key=key)
    np.testing.assert_allclose(
        served.predict({"features": DATA["test"]})["probabilities"], TF["probs_more"], RTOL
    )


def _h5_tree(path: Path) -> dict:
    """An HDF5 file as Keras reads it: every group's attributes and every dataset's value."""
    tree: dict = {}

    def visit(name: str, item) -> None:
        attrs = {k: np.asarray(v).tolist() for k, v in item.attrs.items()}
        value = np.asarray(item).tolist() if isinstance(item, h5py.Dataset) else None
        dtype = str(item.dtype) if isinstance(item, h5py.Dataset) else None
        tree[name] = (attrs, dtype, value)

    with h5py.File(path, "r") as f:
        visit("/", f)
        f.visititems(visit)
    return tree


def test_a_keras_model_fitted_on_the_service_loads_in_tf_keras_and_back(runner, key, tmp_path):
    # GIVEN the Keras model fitted 3 epochs in a RemoteSession (engine.md's Keras section)
    with gg.Graph().as_default():
        sess = gg.RemoteSession(runner.url, api_key=key)
        tf.keras.backend.set_session(sess)
        try:
            model = journey.keras_model(tf)
            journey.fit(model, journey.KERAS_EPOCHS)
            # WHEN it is saved to HDF5 (engine.md: HDF5 files TF's)
            model.save(str(tmp_path / "keras.h5"))
            predicted = model.predict(DATA["test"])
        finally:
            tf.keras.backend.set_session(None)
            sess.close()
    # THEN the file holds, group by group and value by value, what tf_keras loaded
    shown = FIXTURES / "gg" / "keras.h5"
    assert _h5_tree(tmp_path / "keras.h5") == _h5_tree(shown)
    assert _sha256(shown) == TF["shown"]["gg/keras.h5"]
    # and tf_keras predicted what the service predicted
    np.testing.assert_allclose(predicted, TF["keras_predict_restored"], RTOL)
    # WHEN the user loads it again and fits one more epoch, as TF did from the file
    with gg.Graph().as_default():
        sess = gg.RemoteSession(runner.url, api_key=key)
        tf.keras.backend.set_session(sess)
        try:
            again = tf.keras.models.load_model(str(tmp_path / "keras.h5"))
            losses = journey.fit(again, 1)
        finally:
            tf.keras.backend.set_session(None)
            sess.close()
    # THEN the loss is TF's: Adam's moments and step count went through the file both ways
    np.testing.assert_allclose(losses, TF["keras_losses_more"], RTOL)
    # WHEN TF's own file of that epoch is loaded, exported and made a version (models.md:
    # From a Keras file)
    with gg.Graph().as_default():
        loaded = tf.keras.models.load_model(str(FIXTURES / "tf" / "keras.h5"))
        tf.keras.experimental.export_saved_model(loaded, str(tmp_path / "export" / "1"))
    with gg.client.Client(runner.url, key) as api:
        version = api.create_model_version_from_saved_model("s9-keras-back", tmp_path / "export")
    assert [o["name"] for o in version["signature"]["outputs"]] == ["probs"]
    # THEN TF Serving's REST API answers what tf_keras predicted after that epoch
    tfs = Client(runner.url, key).call(
        "POST", "/tfserving/v1/models/s9-keras-back:predict", {"instances": DATA["test"].tolist()}
    )
    assert tfs.status == 200, tfs.body
    np.testing.assert_allclose(tfs.json()["predictions"], TF["keras_predict_more"], RTOL)
