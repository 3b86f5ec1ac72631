"""Journeys a newcomer made from README.md and docs/ alone, round 4: a TF1 user who trains
over HTTP, checkpoints, restores, freezes and serves, and scores a dataset; an operator who
follows one request's id through the logs of the work it caused; a CLI user who types the
commands the docs show. Each test pins a place where the product answered otherwise than
the docs promised, and checks that every way of asking gives one answer."""

import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import cli
from graphgate.client import Client as ApiClient
from graphgate.client.serving import Client as ModelClient
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ROWS = np.random.default_rng(4).normal(size=(96, 2)).astype(np.float32)
TARGETS = (ROWS @ np.array([[2.0], [-1.0]], np.float32) + 0.5).astype(np.float32)


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios4-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _linear():
    """The docs' linear model (client.md, Remote sessions), with its prediction named."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None, 1], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        pred = gg.add(gg.matmul(x, w), b, name="pred")
        loss = gg.reduce_mean(gg.square(pred - y), name="loss")
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
        init = gg.global_variables_initializer()
        saver = gg.train.Saver()
    return (
        graph,
        {"x": x, "y": y, "w": w, "pred": pred, "loss": loss, "train": train},
        (
            init,
            saver,
        ),
    )


def _local(graph, t, init, steps, rows_per_run=ROWS.shape[0]):
    """What a local gg.Session computes: the reference every remote answer must equal.
    The predictions are made `rows_per_run` rows at a time: OpenBLAS's last bit of a row
    depends on how many rows its matmul has (docs/batches.md), so a batch's shards are
    compared with runs over the same rows."""
    with gg.Session(graph=graph) as sess:
        sess.run(init)
        for _ in range(steps):
            sess.run(t["train"], {t["x"]: ROWS, t["y"]: TARGETS})
        parts = range(0, len(ROWS), rows_per_run)
        pred = [sess.run(t["pred"], {t["x"]: ROWS[i : i + rows_per_run]}) for i in parts]
        return np.concatenate(pred), sess.run(t["w"])


def _until_ended(client, path, deadline_s=60):
    deadline = time.monotonic() + deadline_s
    while True:
        record = client.call("GET", path).json()
        if record["status"] not in ("queued", "running"):
            return record
        assert time.monotonic() < deadline, record
        time.sleep(0.1)


def test_a_tf1_user_trains_restores_serves_and_scores_with_one_answer_everywhere(
    runner, key, client, tmp_path
):
    # GIVEN the docs' linear model trained 20 steps by a local session
    graph, t, (init, saver) = _linear()
    want_pred, want_w = _local(graph, t, init, 20)
    # WHEN a TF1 user trains it over HTTP, one step a request, and saves a checkpoint
    with gg.RemoteSession(runner.url, api_key=key, graph=graph, graph_name="s4-lin") as sess:
        sess.run(init)
        for _ in range(20):
            sess.run([t["train"], t["loss"]], feed_dict={t["x"]: ROWS, t["y"]: TARGETS})
        np.testing.assert_array_equal(sess.run(t["w"]), want_w)
        path = saver.save(sess, str(tmp_path / "ckpt" / "model"))
    # and restores it into a new session, as another process would
    restored = gg.RemoteSession(runner.url, api_key=key, graph=graph)
    saver.restore(restored, path)
    np.testing.assert_array_equal(restored.run(t["pred"], {t["x"]: ROWS}), want_pred)
    # THEN the version frozen from it answers the 201 with the created_at every read gives
    api: ApiClient = restored.client
    created = api.create_model_version("s4-lin", restored.session_id, {"x": "x"}, {"pred": "pred"})
    assert created["version"] == 1
    read = client.call("GET", "/v1/models/s4-lin/versions/1").json()
    assert read["created_at"] == created["created_at"]
    listed = [v for v in api.model_versions("s4-lin") if v["version"] == 1]
    assert listed[0]["created_at"] == created["created_at"]
    api.set_label("s4-lin", "stable", 1)
    # and the Python serving client, KServe v2 and TF Serving REST all give the local answer
    served = ModelClient("s4-lin", label="stable", url=runner.url, api_key=key)
    np.testing.assert_array_equal(served.predict({"x": ROWS})["pred"], want_pred)
    infer = {"inputs": [{"name": "x", "datatype": "FP32", "shape": [96, 2]}]}
    infer["inputs"][0]["data"] = ROWS.ravel().tolist()
    kserve = client.call("POST", "/v2/models/s4-lin/versions/stable/infer", infer).json()
    got = np.array(kserve["outputs"][0]["data"], np.float32).reshape(96, 1)
    np.testing.assert_array_equal(got, want_pred)
    tfs = client.call("POST", "/tfserving/v1/models/s4-lin:predict", {"instances": ROWS.tolist()})
    np.testing.assert_array_equal(np.array(tfs.json()["predictions"], np.float32), want_pred)
    # and a batch over the rows (the session's own, frozen at submission) gives it in row order
    handle = restored.run_batch({"pred": t["pred"]}, {t["x"]: ROWS}, rows_per_shard=40)
    by_shard, _ = _local(graph, t, init, 20, rows_per_run=40)
    np.testing.assert_array_equal(handle.result(timeout=120)["pred"], by_shard)
    restored.close()


def test_an_async_run_s_steps_equal_the_same_steps_run_locally(runner, key):
    # GIVEN the model untrained, and 60 local steps of it
    graph, t, (init, _) = _linear()
    _, want_w = _local(graph, t, init, 60)
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # WHEN the 60 steps run as one asynchronous run on the service (README's `job`)
        feeds = {t["x"]: ROWS, t["y"]: TARGETS}
        job = sess.run(t["loss"], feeds, targets=[t["train"]], steps=60, wait=False)
        job.result(timeout=120)
        # THEN its checkpoints are every 25 steps and the variables are the local ones
        assert [step for step, _ in job.history("loss")] == [25, 50, 60]
        np.testing.assert_array_equal(sess.run(t["w"]), want_w)


def _lines(runner):
    runner.log.flush()
    text = (runner.workdir / "runner.log").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_one_request_id_finds_every_log_line_of_the_batch_it_started(runner, client):
    # GIVEN a stored graph and a ready dataset of its rows
    graph, _, _ = _linear()
    stored = client.call(
        "POST", "/v1/graphs", {"name": "s4-batch", "graph": gg.graph_to_dict(graph)}
    ).json()
    dataset = ApiClient(runner.url, client.api_key).upload_dataset({"rows": ROWS}, "s4-rows")
    # WHEN an operator's job submits a batch of three shards with its own X-Request-ID
    body = {"graph": {"id": stored["id"], "revision": 1}, "dataset": dataset["id"]}
    body |= {"inputs": {"x": "rows"}, "fetches": {"pred": "pred"}, "rows_per_shard": 32}
    submitted = client.call("POST", "/v1/batches", body, {"X-Request-ID": "s4-nightly-7"})
    assert submitted.status == 202, submitted.body
    batch = _until_ended(client, f"/v1/batches/{submitted.json()['id']}")
    assert batch["status"] == "succeeded" and batch["shards"]["total"] == 3
    # (and the 202 showed it started when a GET says it did, not without a start)
    assert submitted.json()["started_at"] == batch["started_at"]
    # THEN every line of its work carries that id, as an async run's do (operations.md):
    # the submission, its access line, each shard and the finish
    lines = _lines(runner)
    work = [line for line in lines if line.get("batch_id") == batch["id"]]
    assert {line.get("action") for line in work} >= {"shard", "finish"}
    assert sorted(line["shard"] for line in work if line["message"] == "batch shard done") == [
        0,
        1,
        2,
    ]
    assert {line["correlation_id"] for line in work} == {"s4-nightly-7"}
    access = [line for line in lines if line.get("message") == "access"]
    assert any(
        line["correlation_id"] == "s4-nightly-7" and line["path"] == "/v1/batches"
        for line in access
    )


def test_an_async_runs_request_id_is_on_its_access_line_and_every_worker_line(runner, client):
    # GIVEN a session on the linear model
    graph, _, _ = _linear()
    stored = client.call(
        "POST", "/v1/graphs", {"name": "s4-async", "graph": gg.graph_to_dict(graph)}
    ).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": stored["id"]}).json()
    # WHEN a run of 60 steps is started asynchronously with an X-Request-ID
    feeds = {
        "x": {"datatype": "FP32", "shape": [96, 2], "data": ROWS.ravel().tolist()},
        "y": {"datatype": "FP32", "shape": [96, 1], "data": TARGETS.ravel().tolist()},
    }
    body = {"fetches": ["loss"], "targets": ["train"], "feeds": feeds, "steps": 60}
    headers = {"Prefer": "respond-async", "X-Request-ID": "s4-async-3"}
    started = client.call("POST", f"/v1/sessions/{session['id']}/runs", body, headers)
    assert started.status == 202, started.body
    run = _until_ended(client, f"/v1/sessions/{session['id']}/runs/{started.json()['id']}")
    assert run["status"] == "succeeded" and run["invocations"] > 1
    # THEN one search for the id finds the request's access line and every worker line
    lines = _lines(runner)
    found = [line for line in lines if line.get("correlation_id") == "s4-async-3"]
    assert any(line.get("message") == "access" for line in found)
    worker = [line for line in lines if line.get("run_id") == run["id"]]
    assert len(worker) > run["invocations"]
    assert {line["correlation_id"] for line in worker} == {"s4-async-3"}


def _cli(*argv):
    out, err, saved = io.StringIO(), io.StringIO(), sys.stderr
    sys.stderr = err
    try:
        code = cli.main(list(argv), stdout=out)
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def test_the_models_md_loop_typed_as_written_labels_promotes_predicts_and_scores(
    runner, key, client, tmp_path, monkeypatch
):
    # GIVEN a configured CLI and two trained sessions of the linear model
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "config.toml"))
    for name in ("GRAPHGATE_API_URL", "GRAPHGATE_API_KEY", "GRAPHGATE_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    assert _cli("configure", "--url", runner.url, "--api-key", key)[0] == 0
    graph, t, (init, _) = _linear()
    want_three, _ = _local(graph, t, init, 40, rows_per_run=3)
    sessions = []
    for steps in (5, 40):
        sess = gg.RemoteSession(runner.url, api_key=key, graph=graph)
        sess.run(t["loss"], {t["x"]: ROWS, t["y"]: TARGETS}, targets=[t["train"]], steps=steps)
        sessions.append(sess)
    # WHEN the user types models.md's loop: create two versions, a canary, a promotion
    for sess in sessions:
        code, out, err = _cli(
            "models", "create", "s4-cli", "--session", sess.session_id, "--input", "x=x",
            "--fetch", "pred=pred",
        )  # fmt: skip
        assert code == 0, err
    code, out, err = _cli(
        "models", "label", "s4-cli", "stable", "1", "--canary", "2", "--weight", "0.1"
    )
    assert code == 0, err
    # THEN the canary reads as the docs' own words, not a Python dict
    assert "canary   version=2 weight=0.1" in out, out
    # and the listing tells the canary from the version the label points at
    code, out, err = _cli("models", "ls", "s4-cli")
    assert code == 0, err
    v2, v1 = out.splitlines()[1:]
    assert v2.startswith("2 ") and "  stable (canary 10%)  " in v2, out
    assert v1.startswith("1 ") and "  stable  " in v1 and "canary" not in v1, out
    assert _cli("models", "label", "s4-cli", "stable", "2")[0] == 0
    # and a prediction of a .npy batch is version 2's, the promoted one
    np.save(tmp_path / "batch.npy", ROWS[:3])
    code, out, err = _cli(
        "-o", "json", "models", "predict", "s4-cli", "--input", f"x=@{tmp_path / 'batch.npy'}"
    )
    assert code == 0, err
    want, _ = _local(graph, t, init, 40)
    answer = json.loads(out)
    assert answer["model_version"] == 2
    got = np.array(answer["outputs"]["pred"], np.float32)
    np.testing.assert_array_equal(got, want_three[:3])
    # and batches.md's `submit --model NAME@stable … --watch --out` scores every row so
    dataset = sessions[1].client.upload_dataset({"pixels": ROWS}, "s4-cli-rows")
    out_file = tmp_path / "pred.npz"
    code, out, err = _cli(
        "batches", "submit", "--model", "s4-cli@stable", "--dataset", dataset["id"],
        "--input", "x=pixels", "--fetch", "pred=pred", "--watch", "--out", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    assert "shards           total=1 done=1 failed=0" in out, out
    np.testing.assert_array_equal(np.load(out_file)["pred"], want)
    for sess in sessions:
        sess.close()


ONNX_FIXTURES = Path(__file__).parents[1] / "unit" / "engine" / "fixtures" / "onnx"


def test_an_sklearn_user_checks_imports_serves_and_batch_scores_a_pipeline(
    runner, key, client, tmp_path, monkeypatch
):
    # GIVEN scikit-learn's StandardScaler + LogisticRegression on the bundled digits,
    # exported by skl2onnx without ZipMap, as onnx.md asks
    ort = pytest.importorskip("onnxruntime")
    skl2onnx = pytest.importorskip("skl2onnx")
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    features, labels = load_digits(return_X_y=True)
    features = features.astype(np.float32)
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=300))
    pipe.fit(features[:1500], labels[:1500])
    options = {id(pipe.steps[-1][1]): {"zipmap": False}}
    model = skl2onnx.to_onnx(pipe, features[:1], options=options)
    path = tmp_path / "digits_lr.onnx"
    path.write_bytes(model.SerializeToString())
    rows = features[1500:]
    want_label, want_probs = ort.InferenceSession(str(path)).run(None, {"X": rows})
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "config.toml"))
    assert _cli("configure", "--url", runner.url, "--api-key", key)[0] == 0
    # WHEN they check it, import it with its weights as constants and freeze it by the
    # recipe models.md gives (no variables to give)
    code, out, err = _cli("onnx", "check", str(path))
    assert code == 0 and "every node can be imported" in out, (out, err)
    code, out, err = _cli(
        "-o", "json", "graphs", "import", str(path), "--name", "s4-lr", "--constants"
    )
    assert code == 0, err
    body = {"name": "s4-lr", "graph_id": json.loads(out)["id"], "graph_revision": 1}
    body |= {"variables": {}, "inputs": {"X": "X"}}
    body |= {"outputs": {"label": "label", "probabilities": "probabilities"}}
    assert client.call("POST", "/v1/models", body).status == 201
    # THEN KServe answers onnxruntime's labels and probabilities
    infer = {"inputs": [{"name": "X", "datatype": "FP32", "shape": [8, 64]}]}
    infer["inputs"][0]["data"] = rows[:8].ravel().tolist()
    outputs = client.call("POST", "/v2/models/s4-lr/infer", infer).json()["outputs"]
    got = {o["name"]: np.array(o["data"]).reshape(o["shape"]) for o in outputs}
    np.testing.assert_array_equal(got["label"], want_label[:8])
    np.testing.assert_allclose(got["probabilities"], want_probs[:8], rtol=1e-5, atol=1e-6)
    # and a batch over every held-out row, by the model's name, gives them in row order
    np.save(tmp_path / "rows.npy", rows)
    code, out, err = _cli("-o", "json", "datasets", "upload", str(tmp_path / "rows.npy"))
    assert code == 0, err
    out_file = tmp_path / "scored.npz"
    code, out, err = _cli(
        "batches", "submit", "--model", "s4-lr", "--dataset", json.loads(out)["id"],
        "--input", "X=rows", "--fetch", "label=label", "--fetch", "probabilities=probabilities",
        "--watch", "--out", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    scored = np.load(out_file)
    np.testing.assert_array_equal(scored["label"], want_label)
    np.testing.assert_allclose(scored["probabilities"], want_probs, rtol=1e-5, atol=1e-6)
    # and the stored graph exports back to a model onnxruntime runs to the same answer
    code, _, err = _cli("graphs", "export", body["graph_id"], str(tmp_path / "back.onnx"))
    assert code == 0, err
    back = ort.InferenceSession(str(tmp_path / "back.onnx")).run(None, {"X": rows})
    np.testing.assert_array_equal(back[0], want_label)


def test_a_torch_user_serves_a_cnn_the_default_exporter_wrote_at_any_batch_size(runner, key):
    # GIVEN a small CNN exported by torch 2.14's default (dynamo) exporter, dynamic batch
    ort = pytest.importorskip("onnxruntime")
    path = ONNX_FIXTURES / "torch_small_cnn_dynamo20.onnx"
    images = np.random.default_rng(4).normal(size=(5, 1, 8, 8)).astype(np.float32)
    (want,) = ort.InferenceSession(str(path)).run(None, {"images": images})
    # WHEN it is imported through the Python client (its weights as variables), a
    # session is started on it and frozen, as models.md says for such a graph
    api = ApiClient(runner.url, key)
    stored = api.import_onnx(str(path), "s4-cnn")
    assert stored["source"]["producer"] == "pytorch"
    session = api.create_session(stored["id"])
    api.create_model_version("s4-cnn", session["id"], {"images": "images"}, {"probs": "probs"})
    # THEN the serving client answers onnxruntime's probabilities for a batch of 5, one
    # the export never saw
    served = ModelClient("s4-cnn", url=runner.url, api_key=key)
    np.testing.assert_allclose(
        served.predict({"images": images})["probs"], want, rtol=1e-5, atol=1e-7
    )
    api.delete_session(session["id"])


def test_a_tf1_script_with_dropout_and_adam_draws_the_same_masks_however_runs_are_split(
    runner, key
):
    # GIVEN a TF1 script, unchanged but for its import (README), with seeded dropout and
    # Adam, and its per-step losses over 60 steps in a local session
    import graphgate.compat.v1 as tf

    with tf.Graph().as_default() as graph:
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        y = tf.placeholder(tf.int64, [None], name="y")
        hidden = tf.nn.dropout(tf.layers.dense(x, 16, activation=tf.nn.relu), rate=0.3)
        logits = tf.layers.dense(hidden, 3)
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        )
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        init = tf.global_variables_initializer()
    rng = np.random.default_rng(0)
    feeds = {x: rng.normal(size=(64, 4)).astype(np.float32), y: rng.integers(0, 3, 64)}
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        want = [sess.run([loss, train], feeds)[0] for _ in range(60)]
    # WHEN the same steps run remotely: five a request each, five in one request, and
    # fifty in an async run that spans several worker invocations
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        got = [sess.run([loss, train], feeds)[0] for _ in range(5)]
        ten, _ = sess.run([loss, train], feeds, steps=5)
        job = sess.run([loss, train], feeds, steps=50, wait=False)
        last, _ = job.result(timeout=120)
    # THEN every step drew the masks the local session drew: the losses are its own
    assert got == want[:5]
    assert ten == want[9]
    # and its history is read by the tensor, though the script never named it
    assert dict(job.history(loss))[25] == want[34]
    assert last == want[59]


def test_an_async_run_past_its_timeout_fails_with_the_504_the_docs_table_names(runner, key):
    # GIVEN a session, and an async run far longer than the timeout= it is given
    from graphgate.client import errors

    graph, t, _ = _linear()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        feeds = {t["x"]: ROWS, t["y"]: TARGETS}
        job = sess.run(
            t["loss"], feeds, targets=[t["train"]], steps=90_000, timeout=0.5, wait=False
        )
        # WHEN its result is asked for
        with pytest.raises(errors.RunFailedError) as failed:
            job.result(timeout=120)
    # THEN it failed as client.md's table says: DeadlineExceededError, 504 DEADLINE_EXCEEDED,
    # and reported so, not as a 500
    error = failed.value.error
    assert isinstance(error, errors.DeadlineExceededError)
    assert (error.status, error.code) == (504, "DEADLINE_EXCEEDED")
    assert "DEADLINE_EXCEEDED (504)" in str(error)
