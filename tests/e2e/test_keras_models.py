"""A model built and trained with `tf.keras` (graphgate's) is an ordinary graph: exported
with `tf.saved_model.simple_save` from Keras' session, it is stored and served through the
local runner like any TF1 export, answering what `model.predict` answered locally."""

import numpy as np
import pytest

import graphgate as tf
from graphgate.client import Client
from graphgate.client.serving import Client as ModelClient

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture
def client(runner):
    with Client(runner.url, runner.create_tenant("keras-e2e", plan="pro")["api_key"]) as c:
        yield c


def train_and_export(path):
    """GIVEN a Sequential with Dropout and BatchNormalization (whose behaviour depends on
    Keras' learning phase) fitted for a few epochs and exported; its local predictions."""
    rng = np.random.RandomState(0)
    x = rng.randn(32, 3).astype(np.float32)
    y = np.eye(2, dtype=np.float32)[(x.sum(axis=1) > 0).astype(int)]
    graph = tf.Graph()
    with graph.as_default():
        layers = tf.keras.layers
        model = tf.keras.Sequential(
            [
                layers.Dense(8, activation="relu", input_shape=(3,)),
                layers.BatchNormalization(),
                layers.Dropout(0.25),
                layers.Dense(2, activation="softmax"),
            ]
        )
        model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(x, y, batch_size=8, epochs=3, verbose=0)
        expected = model.predict(x[:4])
        tf.saved_model.simple_save(
            tf.keras.backend.get_session(),
            str(path),
            inputs={"rows": model.input},
            outputs={"probabilities": model.output},
        )
    return x[:4], expected, history


def test_a_keras_model_trained_locally_is_served(client, tmp_path):
    rows, expected, history = train_and_export(tmp_path / "1")
    assert sorted(history.history) == ["acc", "loss"]

    # WHEN the export is stored as a served model version
    version = client.create_model_version_from_saved_model("keras", tmp_path / "1")

    # THEN it answers in inference mode (the learning phase's default), as predict did
    assert [i["name"] for i in version["signature"]["inputs"]] == ["rows"]
    with ModelClient("keras", version=1, client=client) as served:
        answer = served.predict({"rows": rows})["probabilities"]
    np.testing.assert_allclose(answer, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(answer.sum(axis=1), 1.0, rtol=1e-5)


def test_keras_trains_in_a_remote_session(client, runner):
    """GIVEN Keras' session set to a RemoteSession: fit, evaluate and predict run on the
    service, and answer as the same model fitted locally does."""
    rng = np.random.RandomState(1)
    x = rng.randn(16, 2).astype(np.float32)
    y = x @ np.array([[1.5], [-0.5]], np.float32)
    answers = []
    for remote in (False, True):
        graph = tf.Graph()
        with graph.as_default():
            model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
            model.compile(tf.keras.optimizers.SGD(0.1), "mse")
            if remote:
                sess = tf.RemoteSession(runner.url, api_key=client.api_key, graph=graph)
            else:
                sess = tf.Session(graph=graph)
            tf.keras.backend.set_session(sess)
            model.set_weights([np.zeros((2, 1), np.float32), np.zeros(1, np.float32)])
            history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
            answers.append((history.history["loss"], model.predict(x[:3])))
            sess.close()
    tf.keras.backend.set_session(None)
    np.testing.assert_allclose(answers[1][0], answers[0][0], rtol=1e-6)
    np.testing.assert_allclose(answers[1][1], answers[0][1], rtol=1e-6)
