"""A TF1 training script's `tf.saved_model` export served through the local runner: the
client and `graphgate models create --saved-model` upload its graph and freeze that
revision with its variables, under its signature's names (docs/models.md)."""

import io
import json
import sys

import numpy as np
import pytest

import graphgate as tf
from graphgate import cli
from graphgate.client import Client
from graphgate.client.serving import Client as ModelClient

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ROWS = np.array([[1.0, 2.0], [-0.5, 4.0]], np.float32)


@pytest.fixture
def client(runner):
    with Client(runner.url, runner.create_tenant("saved-e2e", plan="pro")["api_key"]) as c:
        yield c


def export(base, version, scale):
    """GIVEN a model trained with a train op and a global step in the graph, exported by
    simple_save as `base/<version>`; its expected answers for ROWS."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="features")
        t = tf.placeholder(tf.float32, [None, 1], name="target")
        w = tf.Variable([[1.0], [-1.0]], name="w")
        b = tf.Variable([0.25], name="b")
        y = tf.add(tf.matmul(x, w), b, name="score")
        loss = tf.reduce_mean(tf.square(y - t))
        step = tf.train.get_or_create_global_step()
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, {x: ROWS, t: [[scale], [0.0]]})
            expected = sess.run(y, {x: ROWS})
            tf.saved_model.simple_save(
                sess, str(base / str(version)), inputs={"rows": x}, outputs={"scores": y}
            )
    return expected


def test_a_saved_model_is_served_under_its_signature(client, tmp_path):
    expected = export(tmp_path, 1, 1.0)

    # WHEN the client serves the export directory
    version = client.create_model_version_from_saved_model("saved", tmp_path / "1")

    # THEN the version's signature is the SignatureDef's, and it predicts what the
    # session computed
    assert version["version"] == 1
    signature = version["signature"]
    assert [(i["name"], i["shape"]) for i in signature["inputs"]] == [("rows", [-1, 2])]
    assert [o["name"] for o in signature["outputs"]] == ["scores"]
    with ModelClient("saved", version=1, client=client) as model:
        scores = model.predict({"rows": ROWS})["scores"]
    np.testing.assert_allclose(scores, expected, rtol=1e-6)


def test_the_cli_serves_the_newest_numbered_export(client, runner, tmp_path, monkeypatch):
    for name, value in (("GRAPHGATE_API_URL", runner.url), ("GRAPHGATE_API_KEY", client.api_key)):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    export(tmp_path, 1, 1.0)
    newest = export(tmp_path, 2, 5.0)

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stderr", err)
        code = cli.main([*argv, "-o", "json"], stdout=out)
        return code, out.getvalue(), err.getvalue()

    # WHEN the base directory is given, the highest version (2) is served
    code, out, _ = run("models", "create", "cli-saved", "--saved-model", str(tmp_path))
    assert code == 0, out
    assert json.loads(out)["version"] == 1
    with ModelClient("cli-saved", client=client) as model:
        np.testing.assert_allclose(model.predict({"rows": ROWS})["scores"], newest, rtol=1e-6)

    # THEN a signature the export lacks, a directory without an export, or --input with
    # --saved-model are usage errors naming the problem, not tracebacks
    code, _, err = run(
        "models", "create", "cli-saved", "--saved-model", str(tmp_path), "--signature", "nope"
    )
    assert code == cli.USAGE and "UNKNOWN_SIGNATURE" in err and "serving_default" in err
    code, _, err = run("models", "create", "cli-saved", "--saved-model", str(tmp_path / "none"))
    assert code == cli.USAGE and "SAVED_MODEL_NOT_FOUND" in err
    code, _, err = run(
        "models", "create", "cli-saved", "--saved-model", str(tmp_path), "--input", "a=b"
    )
    assert code == cli.USAGE and "signature" in err


def test_a_model_trained_remotely_saves_and_serves_as_one_trained_locally(client, tmp_path):
    # GIVEN a model trained in a RemoteSession, exported from it with simple_save
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[0.5], [0.5]], name="w")
        y = tf.matmul(x, w, name="y")
        loss = tf.reduce_mean(tf.square(y - 1.0))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.RemoteSession(client=client, graph=graph) as remote:
            remote.run(tf.global_variables_initializer())
            for _ in range(2):
                remote.run(train, {x: ROWS})
            expected = remote.run(y, {x: ROWS})
            tf.saved_model.simple_save(remote, str(tmp_path / "1"), {"x": x}, {"y": y})

    # WHEN it is loaded locally and served
    with tf.Session(graph=tf.Graph()) as local:
        meta = tf.saved_model.loader.load(local, ["serve"], str(tmp_path / "1"))
        sig = meta.signature_def["serving_default"]
        loaded = local.run(sig.outputs["y"].name, {sig.inputs["x"].name: ROWS})
    client.create_model_version_from_saved_model("remote-trained", tmp_path)

    # THEN all three agree
    np.testing.assert_allclose(loaded, expected, rtol=1e-6)
    with ModelClient("remote-trained", client=client) as model:
        np.testing.assert_allclose(model.predict({"x": ROWS})["y"], expected, rtol=1e-6)


def test_a_saved_model_loads_into_a_remote_session_that_trains_on(client, tmp_path):
    # GIVEN a saved model with its train op in the TRAIN_OP collection
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[0.5], [0.5]], name="w")
        y = tf.matmul(x, w, name="y")
        train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_mean(tf.square(y)))
        tf.add_to_collection(tf.GraphKeys.TRAIN_OP, train)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"x": x}, {"y": y})
            sess.run(train, {x: ROWS})
            local_after = sess.run(y, {x: ROWS})

    # WHEN a remote session on an empty graph loads it and runs its train op
    with tf.RemoteSession(client=client, graph=tf.Graph()) as remote:
        tf.saved_model.loader.load(remote, ["serve"], str(tmp_path / "m"))
        before = remote.run("y:0", {"x:0": ROWS})
        remote.run(remote.graph.get_collection(tf.GraphKeys.TRAIN_OP)[0], {"x:0": ROWS})
        after = remote.run("y:0", {"x:0": ROWS})

    # THEN it starts from the saved values and trains as the local session did
    np.testing.assert_allclose(before, ROWS @ np.array([[0.5], [0.5]], np.float32), rtol=1e-6)
    np.testing.assert_allclose(after, local_after, rtol=1e-6)
