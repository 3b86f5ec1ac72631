"""Journeys a user made from README.md and docs/ alone, round 21: a data scientist whose
training data is a TFRecord file of `tf.train.Example`s from an old pipeline (which a
dataset does not take: the refusal says what to do) reads it into arrays with
`graphgate.compat.v1` as TF reads it, uploads them, trains a TF1 classifier in a
shuffled asynchronous dataset run watched in the web console, freezes it into a model
and batch-scores a CSV with the CLI, downloading the probabilities in the CSV's row
order; and a long dataset run started from the CLI, cancelled on its console page and
continued from the position and seed that page shows, to TF's variables of one
uninterrupted run, then exported to ONNX naming its output alone and run by onnxruntime
on the rows alone. Every number is held to what TensorFlow 2.21 computed
(`tests/reference/scenarios21.py` recorded it)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from tests.e2e import test_console as console
from tests.e2e.test_cli import run as cli
from tests.reference import scenarios21 as journey

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

TF = json.loads((journey.OUT / "expected.json").read_text())
# float32 matmuls, tanh and softmax summed in their own orders: a last bit or two over a
# few dozen Adam steps; a wrong minibatch, shuffle or initial weight is off by far more
RTOL, ATOL = 1e-5, 1e-6

# test_console.py's fixtures: the browser, a fresh tenant, a page watched for leaked
# credentials and console errors
browser = console.browser
tenant = console.tenant
watched = console.watched


def _close(ours, theirs, what: str) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, RTOL, ATOL, err_msg=what)


def _read_tfrecord(path) -> dict[str, np.ndarray]:
    """The records as the user's old input pipeline parsed them, run locally."""
    features = {
        "x": tf.FixedLenFeature([journey.FEATURES], tf.float32),
        "label": tf.FixedLenFeature([], tf.int64),
    }
    with tf.Graph().as_default():
        records = tf.data.TFRecordDataset(str(path))
        batch = records.map(lambda r: tf.parse_single_example(r, features)).batch(1000)
        with tf.Session() as sess:
            return sess.run(batch.make_one_shot_iterator().get_next())


# -- 1. TFRecords to arrays, a dataset run watched in the console, a CSV batch-scored ------


def test_tfrecords_read_into_a_dataset_train_in_the_console_s_view_and_score_a_csv_as_tf(
    watched, runner, tenant, tmp_path
):
    login = ("--url", runner.url, "--api-key", tenant)
    records = journey.OUT / "train.tfrecord"
    # GIVEN a TFRecord file from an old pipeline, which the CLI is asked to upload as is
    code, _, err = cli("datasets", "upload", str(records), *login)
    # THEN it is refused before anything is sent, saying how to bring such data
    assert code == 2, err
    assert "a dataset file is .npy, .npz or .csv" in err, err
    assert "TFRecord" in err and "arrays" in err, err
    # WHEN the user reads the records into arrays with graphgate.compat.v1, as TF reads them
    data = _read_tfrecord(records)
    assert data["x"].dtype == np.float32 and data["label"].dtype == np.int64
    np.testing.assert_array_equal(data["x"], np.asarray(TF["records"]["x"], np.float32))
    np.testing.assert_array_equal(data["label"], TF["records"]["label"])
    # AND trains the TF1 classifier on them uploaded as a dataset, shuffled, asynchronously
    with tf.Graph().as_default() as graph:
        t = journey.build_classifier(tf)
    sess = gg.RemoteSession(runner.url, api_key=tenant, graph=graph, graph_name="s21-flowers")
    dataset = sess.client.upload_dataset({"x": data["x"], "y": data["label"]}, "s21-records")
    assert dataset["status"] == "ready" and dataset["rows"] == journey.TRAIN_ROWS
    assert dataset["arrays"]["y"] == {"dtype": "int64", "shape": [journey.TRAIN_ROWS]}
    # (mapping the records' feature name, `label`, is refused naming the arrays there are)
    with pytest.raises(gg.client.errors.ApiError) as refused:
        sess.train([t["loss"], t["train"]], dataset["id"], {t["y"]: "label"}, batch_size=32)
    assert refused.value.code == "VALIDATION_FAILED"
    assert f"Dataset {dataset['id']} has no array label (its arrays: x, y)." in str(refused.value)
    job = sess.train(
        [t["loss"], t["train"]],
        dataset["id"],
        {t["x"]: "x", t["y"]: "y"},
        batch_size=journey.BATCH_SIZE,
        epochs=journey.EPOCHS,
        shuffle=True,
        seed=journey.SEED,
        wait=False,
    )
    final_loss, _ = job.result(timeout=60)
    # THEN its losses at each checkpoint and its variables are TF's over the documented order
    steps = [step for step, _ in job.history(t["loss"])]
    assert steps == [25, 50], steps
    _close([loss for _, loss in job.history(t["loss"])], TF["checkpoint_losses"], "losses")
    _close(final_loss, TF["checkpoint_losses"][-1], "final loss")
    ours = sess.get_variables()
    for name in journey.VARIABLES:
        _close(ours[name], np.asarray(TF["variables"][name], np.float32), name)
    # AND the console's page of the run shows it ended, its loss plotted at each checkpoint,
    # and the dataset it read, its epochs and where it ended (it showed neither before
    # round 21: a run page named only its session)
    console.sign_in(watched, runner.url, tenant)
    page = watched.page
    page.goto(f"{runner.url}/console#/sessions/{sess.session_id}/runs/{job.id}")
    page.wait_for_selector('#run-status[data-status="succeeded"]')
    assert page.inner_text("#run-status").startswith("succeeded · 50 of 50 steps")
    assert console.points(page, "loss") == 2
    assert page.inner_text("#run-dataset") == (
        f"dataset {dataset['id']} · 150 rows in batches of 32 · 10 of 10 epochs done"
        f" · position epoch 10, offset 0, seed {journey.SEED}"
    )
    page.click(f"#run-dataset a[href='#/datasets/{dataset['id']}']")
    page.wait_for_selector("#arrays")
    assert page.inner_text("#page-title") == "s21-records"
    # WHEN the session is frozen into a model and a CSV of new rows uploaded with the CLI
    made = sess.client.create_model_version(
        "s21-flowers", sess.session_id, {"x": "x:0"}, {"probs": "probs:0"}
    )
    assert made["version"] == 1
    sess.close()
    score = tmp_path / "score.csv"
    score.write_bytes((journey.OUT / "score.csv").read_bytes())
    columns = "x=" + ",".join(f"f{i}" for i in range(journey.FEATURES))
    code, out, err = cli(
        "datasets", "upload", str(score), "--column", columns, "--dtype", "float32",
        *login, "-o", "json",
    )  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)
    assert rows["arrays"] == {"x": {"dtype": "float32", "shape": [journey.SCORE_ROWS, 4]}}
    # AND batch-scored by the model with the CLI (its input first mapped from a column of
    # the CSV, refused naming the arrays the upload made), which downloads the outputs
    code, _, err = cli("batches", "submit", "--model", "s21-flowers", "--dataset", rows["id"],
                       "--input", "x=f0", "--fetch", "probs=probs", *login)  # fmt: skip
    assert code == 5 and "BATCH_INPUT_MISMATCH" in err, err
    assert f"Dataset {rows['id']} has no array 'f0' (its arrays: x)." in err, err
    results = tmp_path / "probs.npz"
    code, out, err = cli(
        "batches", "submit", "--model", "s21-flowers", "--dataset", rows["id"],
        "--input", "x=x", "--fetch", "probs=probs", "--watch", "--out", str(results), *login,
    )  # fmt: skip
    # THEN every row's probabilities are TF's for that CSV row, in the CSV's order
    assert code == 0, err
    with np.load(results) as saved:
        assert saved.files == ["probs"]
        _close(saved["probs"], np.asarray(TF["score_probs"], np.float32), "batch probs")


# -- 2. a dataset run cancelled in the console, continued from the CLI where it stopped ------


def test_a_dataset_run_cancelled_in_the_console_continues_from_its_shown_position_as_tf(
    watched, runner, tenant, tmp_path
):
    login = ("--url", runner.url, "--api-key", tenant)
    x, y = journey.train_rows()
    with tf.Graph().as_default() as graph:
        journey.build_classifier(tf)
    # GIVEN the classifier stored with a session on it, and its rows as a dataset
    api = gg.client.Client(runner.url, tenant)
    session = api.create_session(api.upload_graph(graph, "s21-long")["id"])["id"]
    dataset = api.upload_dataset({"x": x, "y": y}, "s21-long")["id"]
    schedule = (
        "--dataset", dataset, "--map", "x=x", "--map", "y=y", "--batch-size", "32",
        "--epochs", str(journey.LONG_EPOCHS), "--shuffle", "--seed", str(journey.SEED),
    )  # fmt: skip
    console.sign_in(watched, runner.url, tenant)
    page = watched.page
    # WHEN a long shuffled run is started from the CLI and cancelled on its console page
    code, out, err = cli("run", "-", "loss", "--session", session, "--target", "train",
                         *schedule, "--async", *login, "-o", "json")  # fmt: skip
    assert code == 0, err
    run = json.loads(out)["id"]
    page.goto(f"{runner.url}/console#/sessions/{session}/runs/{run}")
    page.wait_for_selector("#cancel-run:not([disabled])")
    page.click("#cancel-run")
    page.wait_for_selector('#run-status[data-status="cancelled"]')
    # THEN the page shows where it stopped: the position and seed continuing asks for
    ended = api.get_run(session, run)
    at = ended["position"]
    assert 0 < ended["completed_steps"] < 5 * journey.LONG_EPOCHS, ended
    shown = page.inner_text("#run-dataset")
    assert shown.endswith(
        f" · position epoch {at['epoch']}, offset {at['offset']}, seed {journey.SEED}"
    ), shown
    assert f" · {at['epoch']} of {journey.LONG_EPOCHS} epochs done" in shown, shown
    # WHEN the user continues it with the CLI from what the page showed
    code, out, err = cli("run", "-", "loss", "--session", session, "--target", "train",
                         *schedule, "--start", f"{at['epoch']}:{at['offset']}", *login)  # fmt: skip
    # THEN it runs the steps left and the session ends as TF's one uninterrupted run
    assert code == 0, err
    runs = {r["id"]: r for r in api.session_runs(session)}
    (continued,) = set(runs) - {run}
    left = 5 * journey.LONG_EPOCHS - ended["completed_steps"]
    assert runs[continued]["steps"] == left and runs[continued]["status"] == "succeeded"
    ours = api.get_variables(session)
    for name in journey.VARIABLES:
        _close(ours[name], np.asarray(TF["long"]["variables"][name], np.float32), name)
    # WHEN the trained session is exported to ONNX as onnx.md's CLI line has it, naming the
    # output alone
    exported = tmp_path / "classifier.onnx"
    graph_id = api.get_session(session)["graph_id"]
    code, out, err = cli("graphs", "export", graph_id, str(exported), "--fetch", "probs",
                         "--session", session, *login)  # fmt: skip
    assert code == 0, err
    # THEN onnxruntime takes the rows alone (the labels, which only the loss reads, were an
    # input it insisted on before round 21) and answers TF's probabilities
    ort = pytest.importorskip("onnxruntime")
    model = ort.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    assert [i.name for i in model.get_inputs()] == ["x"]
    rows = np.asarray(TF["score_rows"], np.float32)
    (probs,) = model.run(["probs"], {"x": rows})
    _close(probs, np.asarray(TF["long"]["score_probs"], np.float32), "onnxruntime")
