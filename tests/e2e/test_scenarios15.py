"""Journeys a user made from README.md and docs/ alone, round 15: a TF1 LSTM text classifier
trained over HTTP, frozen with a classification signature and served through TF Serving's
classify (serialized Examples parsed in the graph) and KServe (token ids); a network trained
on a CSV uploaded as a dataset, in a shuffled dataset run, then evaluated batch by batch
with `tf.metrics` in its remote session and served over TF Serving predict; an Estimator
user's custom `model_fn`, trained, evaluated, exported for Examples and served through
regress; a seeded-dropout run cancelled half-way, forked into a new session and finished
there; and two tenants living side by side under the same names until one's key is
disabled. Every number is held to what TensorFlow 2.21 computed
(`tests/reference/scenarios15.py` recorded it)."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate.client import Client as ApiClient
from tests.reference import scenarios15 as journey
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

TF = json.loads((journey.OUT / "expected.json").read_text())
# float32 kernels summing in their own orders (TF's LSTM gates and sigmoids are Eigen's):
# a last bit or two, compounded over a few hundred Adam steps at most; a wrong mask, batch
# or metric is off by far more
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios15-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _close(ours, theirs, what: str, rtol: float = RTOL, atol: float = ATOL) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, rtol, atol, err_msg=what)


# -- 1. an LSTM text classifier, classify and KServe ---------------------------------------


def test_an_lstm_text_classifier_trained_over_http_classifies_examples_as_tf(runner, key, client):
    tokens, labels = journey.lstm_batch()
    examples = journey.lstm_examples()
    want = np.asarray(TF["lstm"]["scores"], np.float32)
    # GIVEN the TF1 script's classifier, trained step by step in a remote session
    with tf.Graph().as_default() as graph:
        journey.lstm_graph(tf)
        init = tf.global_variables_initializer()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        for _ in range(journey.LSTM_STEPS):
            last, _ = sess.run(["loss:0", "train"], {"tokens:0": tokens, "labels:0": labels})
        _close(last, TF["lstm"]["loss"], "the last training loss")
        # WHEN it is frozen twice: a classification signature over serialized Examples
        # (models.md: the one string input `inputs`, outputs `classes` and `scores`) and a
        # predict signature over the token ids (a placeholder_with_default whose default
        # parses the examples: it was SIGNATURE_INVALID)
        api = sess.client
        classify = api.create_model_version(
            "s15-lstm-classify",
            sess.session_id,
            {"inputs": "examples"},
            {"classes": "classes", "scores": "scores"},
            method_name="tensorflow/serving/classify",
        )
        assert classify["signature"]["method_name"] == "tensorflow/serving/classify", classify
        api.create_model_version(
            "s15-lstm", sess.session_id, {"tokens": "tokens"}, {"scores": "scores"}
        )
        # and a third time from the shell, as client.md's `models create --method` does
        from tests.e2e.test_cli import run as cli

        code, out, err = cli(
            "models", "create", "s15-lstm-cli", "--session", sess.session_id,
            "--input", "inputs=examples", "--fetch", "classes=classes", "--fetch",
            "scores=scores", "--method", "classify", "--url", runner.url, "--api-key", key,
        )  # fmt: skip
        assert code == 0, (out, err)
    # THEN TF Serving's classify parses each JSON example in the graph and answers TF's
    # scores, each labelled by the graph's `classes`
    body = {"examples": [{"tokens": row} for row in examples]}
    answer = client.call("POST", "/tfserving/v1/models/s15-lstm-classify:classify", body)
    assert answer.status == 200, answer.body
    results = answer.json()["results"]
    assert [[label for label, _ in pairs] for pairs in results] == [list(journey.CLASSES)] * 4
    _close([[score for _, score in pairs] for pairs in results], want, "classify")
    # and gg.serving.Client's classify answers the same, of either classify version
    for name in ("s15-lstm-classify", "s15-lstm-cli"):
        model = gg.serving.Client(name, url=runner.url, api_key=key)
        pairs = model.classify([{"tokens": row} for row in examples])
        _close([[score for _, score in p] for p in pairs], want, f"{name}: classify")
    # and KServe v2 answers the same scores from the token ids
    infer = {
        "inputs": [
            {"name": "tokens", "datatype": "INT64", "shape": [4, journey.TIME],
             "data": np.ravel(examples).tolist()},
        ]
    }  # fmt: skip
    answer = client.call("POST", "/v2/models/s15-lstm/infer", infer)
    assert answer.status == 200, answer.body
    out = answer.json()["outputs"][0]
    assert out["name"] == "scores" and out["shape"] == [4, 2], out
    _close(np.reshape(out["data"], (4, 2)), want, "kserve")
    # and classify on the predict version is TF Serving's method error
    wrong = client.call("POST", "/tfserving/v1/models/s15-lstm:classify", body)
    assert wrong.status == 400, wrong.body
    assert "tensorflow/serving/classify" in wrong.json()["error"], wrong.body


# -- 2. streaming metrics after a shuffled dataset run -------------------------------------


def test_a_shuffled_dataset_run_then_tf_metrics_in_the_session_are_tfs(
    runner, key, client, tmp_path
):
    lines = journey.metric_csv().splitlines()
    train_csv = tmp_path / "train.csv"
    train_csv.write_text("\n".join(lines[: 1 + journey.METRIC_ROWS]) + "\n")
    x, y = journey.metric_arrays()
    held_x, held_y = x[journey.METRIC_ROWS :], y[journey.METRIC_ROWS :]
    with tf.Graph().as_default() as graph:
        journey.metric_graph(tf)
        values, updates = journey.metric_tensors(graph)
        init = tf.global_variables_initializer()
        local_init = tf.local_variables_initializer()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # GIVEN the CSV uploaded as a dataset, its feature columns one float32 array
        features = [f"f{i}" for i in range(4)]
        dataset = sess.client.upload_dataset(
            train_csv, "s15-rows", columns={"x": features, "y": "label"}, dtype="float32"
        )
        assert dataset["rows"] == journey.METRIC_ROWS, dataset
        sess.run(init)
        # WHEN the network trains on it, shuffled with a seed, three epochs
        job = sess.train(
            ["loss:0", "train"], dataset, {"x:0": "x", "y:0": "y"},
            batch_size=journey.METRIC_BATCH, epochs=journey.METRIC_EPOCHS,
            shuffle=True, seed=journey.METRIC_SEED, wait=False,
        )  # fmt: skip
        job.result(timeout=120)
        # THEN each checkpoint's loss is the one TF computed over datasets.md's order
        history = dict(TF["metrics"]["history"])
        got = job.history("loss")
        assert [step for step, _ in got] == sorted(history), got
        for step, value in got:
            _close(value, history[step], f"loss at step {step}")
        # WHEN tf.metrics evaluates the held-out rows batch by batch in the same session
        sess.run(local_init)
        for start in range(0, journey.HELD_OUT, journey.EVAL_BATCH):
            stop = start + journey.EVAL_BATCH
            sess.run(updates, {"x:0": held_x[start:stop], "y:0": held_y[start:stop]})
        metrics = sess.run(values)
        # THEN the accumulated metrics are TF's
        for name in journey.METRICS:
            _close(metrics[name], TF["metrics"]["metrics"][name], name)
        # and evaluating again from fresh counters gives the same (the updates accumulated
        # in the session, and only there)
        sess.run(local_init)
        assert sess.run(values["accuracy"]) == 0.0
        sess.client.create_model_version("s15-metrics", sess.session_id, {"x": "x"}, {"p": "prob"})
    # and the model frozen from the session predicts the held-out rows as TF did
    answer = client.call(
        "POST", "/tfserving/v1/models/s15-metrics:predict", {"instances": held_x.tolist()}
    )
    assert answer.status == 200, answer.body
    _close(answer.json()["predictions"], TF["metrics"]["prob"], "tf serving predict")


# -- 3. an Estimator user's model_fn, exported for Examples, served through regress -------


def _model_fn(features, labels, mode):
    prediction = journey.estimator_model(tf, features)
    if mode == tf.estimator.ModeKeys.PREDICT:
        outputs = {
            "serving_default": tf.estimator.export.RegressionOutput(prediction),
            "predict": tf.estimator.export.PredictOutput({"value": prediction}),
        }
        return tf.estimator.EstimatorSpec(mode, predictions=prediction, export_outputs=outputs)
    loss = tf.losses.mean_squared_error(labels, prediction)
    optimizer = tf.train.GradientDescentOptimizer(journey.EST_RATE)
    train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    metrics = {
        "mae": tf.metrics.mean_absolute_error(labels, prediction),
        "rmse": tf.metrics.root_mean_squared_error(labels, prediction),
    }
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops=metrics)


def test_an_estimator_model_fn_exported_for_examples_regresses_as_tf(runner, key, client, tmp_path):
    x, y = journey.estimator_data()
    # GIVEN an Estimator over a custom model_fn, trained and evaluated by graphgate's engine
    estimator = tf.estimator.Estimator(_model_fn, model_dir=str(tmp_path / "model"))
    estimator.train(
        tf.estimator.inputs.numpy_input_fn(
            {"x": x}, y, batch_size=journey.EST_BATCH, num_epochs=None, shuffle=False
        ),
        steps=journey.EST_STEPS,
    )
    evaluation = estimator.evaluate(
        tf.estimator.inputs.numpy_input_fn(
            {"x": x}, y, batch_size=journey.EST_EVAL_BATCH, num_epochs=1, shuffle=False
        )
    )
    for name in ("mae", "rmse", "loss"):
        _close(evaluation[name], TF["estimator"]["metrics"][name], f"evaluate {name}")
    assert evaluation["global_step"] == journey.EST_STEPS
    # WHEN it is exported to read tf.train.Examples and served from the export
    spec = {"x": tf.FixedLenFeature([3], tf.float32)}
    receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)
    export = estimator.export_saved_model(str(tmp_path / "export"), receiver).decode()
    with ApiClient(runner.url, key) as api:
        version = api.create_model_version_from_saved_model("s15-estimator", export)
    assert version["signature"]["method_name"] == "tensorflow/serving/regress", version
    # THEN TF Serving's regress answers TF's predictions, one number per example
    examples = [{"x": row} for row in journey.estimator_examples()]
    path = "/tfserving/v1/models/s15-estimator:regress"
    answer = client.call("POST", path, {"examples": examples})
    assert answer.status == 200, answer.body
    want = np.asarray(TF["estimator"]["predictions"], np.float32).ravel()
    _close(answer.json()["results"], want, "regress")
    # and so does gg.serving.Client's regress, with a feature in the context
    model = gg.serving.Client("s15-estimator", url=runner.url, api_key=key)
    got = model.regress(examples[:1], context={"x": [9.0, 9.0, 9.0]})
    _close(got, want[:1], "regress, the example's own feature winning over the context")


# -- 4. a cancelled run forked into a new session and finished there ----------------------


def test_a_cancelled_run_forked_into_a_new_session_ends_with_tfs_variables(runner, key):
    feeds = journey.resume_feeds()
    steps = journey.RESUME_STEPS
    with tf.Graph().as_default() as graph:
        journey.resume_graph(tf)
        init = tf.global_variables_initializer()
    feed_dict = {"x:0": feeds["x"], "t:0": feeds["t"]}
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        # GIVEN a long async run (seeded dropout, Adam), cancelled once it has checkpointed
        job = sess.run(["loss:0", "train"], feed_dict, steps=steps, wait=False)
        deadline = time.monotonic() + 60
        while job.progress()["completed_steps"] < 50:
            assert time.monotonic() < deadline, job.progress()
            time.sleep(0.02)
        assert job.cancel() is True
        done = job.progress()
        while done["status"] not in ("cancelled", "succeeded", "failed"):
            time.sleep(0.05)
            done = job.progress()
        assert done["status"] == "cancelled", done
        completed = done["completed_steps"]
        assert 50 <= completed < steps, done
        api = sess.client
        # WHEN a new session is forked from it (sessions.md: a copy of its variables) and
        # the first is ended
        fork = api.create_session(from_session=sess.session_id)
    assert api.request("GET", f"/v1/sessions/{fork['id']}").status == 200
    with gg.RemoteSession(runner.url, api_key=key, graph=graph, session_id=fork["id"]) as rest:
        # and the steps left run there
        job = rest.run(["loss:0", "train"], feed_dict, steps=steps - completed, wait=False)
        last, _ = job.result(timeout=120)
        variables = rest.get_variables()
    # THEN the loss and variables are those of TF's uninterrupted run: the fork carried the
    # Adam slots and where each seeded dropout stream was, as well as the weights
    _close(last, TF["resume"]["loss"], "the last loss", rtol=1e-4, atol=1e-6)
    for name, value in TF["resume"]["variables"].items():
        _close(variables[name], value, name, rtol=1e-4, atol=1e-5)


# -- 5. two tenants under the same names, one key disabled --------------------------------


TENANTS = {"north": ([[2.0], [-1.0]], 40), "south": ([[-3.0], [0.5]], 64)}


def _pricing_graph():
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        tf.add(tf.matmul(x, w), 0.5, name="price")
        init = tf.global_variables_initializer()
    return graph, init


def _settle(api, batch_id: str) -> dict:
    deadline = time.monotonic() + 60
    batch = api.get_batch(batch_id)
    while batch["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, batch
        time.sleep(0.1)
        batch = api.get_batch(batch_id)
    return batch


def _scores(api, batch: dict) -> np.ndarray:
    shards = sorted(batch["outputs"], key=lambda shard: shard["start"])
    return np.concatenate([api.batch_shard(shard["url"])["price"] for shard in shards])


def test_two_tenants_under_the_same_names_stay_apart_until_one_key_is_disabled(runner):
    graph, init = _pricing_graph()
    rng = np.random.RandomState(1540)
    made, apis, http, mine = {}, {}, {}, {}
    for name in TENANTS:
        made[name] = runner.create_tenant(f"s15-{name}", plan="pro")
        apis[name] = ApiClient(runner.url, made[name]["api_key"])
        http[name] = Client(runner.url, made[name]["api_key"])
    try:
        # GIVEN two tenants that each store the graph `pricing`, freeze model `pricing` v1
        # from their own weights, label it stable, upload dataset `rows` and score it with
        # `pricing@stable` in shards, all under the same names
        for name, (weights, rows) in TENANTS.items():
            api = apis[name]
            with gg.RemoteSession(graph=graph, client=api, graph_name="pricing") as sess:
                sess.run(init)
                sess.set_variables({"w": np.asarray(weights, np.float32)})
                api.create_model_version("pricing", sess.session_id, {"x": "x"}, {"price": "price"})
                api.set_label("pricing", "stable", 1)
                graph_id = sess.graph_id
            data = rng.randn(rows, 2).astype(np.float32)
            dataset = api.upload_dataset({"x": data}, "rows")
            batch = api.submit_batch(
                {"model": {"name": "pricing", "label": "stable"}, "fetches": {"price": "price"},
                 "dataset": dataset["id"], "inputs": {"x": "x"}, "rows_per_shard": 16}
            )  # fmt: skip
            want = data @ np.asarray(weights, np.float32) + 0.5
            ids = {"graph": graph_id, "dataset": dataset["id"], "batch": batch["id"]}
            mine[name] = {**ids, "rows": data, "want": want}
        for name, own in mine.items():
            api = apis[name]
            # THEN each lists only its own, under the one name
            assert [g["id"] for g in api.graphs(name_prefix="pricing")] == [own["graph"]]
            assert [m["name"] for m in api.models()] == ["pricing"]
            assert [d["id"] for d in api.datasets()] == [own["dataset"]]
            assert [b["id"] for b in api.batches()] == [own["batch"]]
            # and its batch scores its rows with its weights, row by row, in its shards
            batch = _settle(api, own["batch"])
            assert batch["status"] == "succeeded", batch
            assert batch["shards"]["total"] == -(-len(own["rows"]) // 16), batch
            _close(_scores(api, batch), own["want"], f"{name}'s batch")
            # and its prediction is its model's
            infer = {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 2],
                                 "data": own["rows"][0].tolist()}]}  # fmt: skip
            answer = http[name].call("POST", "/v2/models/pricing/infer", infer)
            assert answer.status == 200, answer.body
            _close(answer.json()["outputs"][0]["data"], own["want"][0], f"{name}'s predict")
        # and neither reaches the other's dataset, batch or graph by its id
        north, south = http["north"], http["south"]
        for path, code in (
            (f"/v1/datasets/{mine['south']['dataset']}", "DATASET_NOT_FOUND"),
            (f"/v1/batches/{mine['south']['batch']}", "BATCH_NOT_FOUND"),
            (f"/v1/graphs/{mine['south']['graph']}", "GRAPH_NOT_FOUND"),
        ):
            answer = north.call("GET", path)
            assert (answer.status, answer.json()["code"]) == (404, code), (path, answer.body)
        borrowed = north.call(
            "POST", "/v1/batches",
            {"model": {"name": "pricing", "label": "stable"}, "fetches": {"price": "price"},
             "dataset": mine["south"]["dataset"], "inputs": {"x": "x"}},
        )  # fmt: skip
        assert (borrowed.status, borrowed.json()["code"]) == (404, "DATASET_NOT_FOUND")
        # WHEN the operator disables north's key
        runner.admin("disable-key", "--key-id", made["north"]["api_key_id"])
        # THEN north is refused with the documented codes once the gateway has noticed
        # (auth.md: a few seconds, the local runner 2 s; until then a cached answer stands)
        deadline = time.monotonic() + 10
        refused = north.call("GET", "/v1/datasets")
        while refused.status == 200 and time.monotonic() < deadline:
            time.sleep(0.25)
            refused = north.call("GET", "/v1/datasets")
        assert (refused.status, refused.json().get("code")) in (
            (401, "INVALID_TOKEN"), (403, "INVALID_API_KEY"),
        ), refused.body  # fmt: skip
        # and south is untouched: its listing, its prediction, its batch's download
        assert [d["id"] for d in apis["south"].datasets()] == [mine["south"]["dataset"]]
        batch = apis["south"].get_batch(mine["south"]["batch"])
        _close(_scores(apis["south"], batch), mine["south"]["want"], "south after north's end")
        answer = south.call(
            "POST", "/tfserving/v1/models/pricing:predict",
            {"instances": mine["south"]["rows"][:3].tolist()},
        )  # fmt: skip
        assert answer.status == 200, answer.body
        _close(answer.json()["predictions"], mine["south"]["want"][:3], "south's tf serving")
    finally:
        for api in apis.values():
            api.close()
