"""Journeys a user made from README.md and docs/ alone, round 13: a TF1 estimator user
whose DNNClassifier and LinearRegressor over feature columns, exported by TensorFlow to
read `tf.Example`s, are served through TF Serving's classify, regress and predict, and
whose same program, run by graphgate, exports and serves the same; a checkpoint handed
from TF to the service and back, three hands of 100 steps ending where TF's 300 alone end.
Every TF number is held to what TensorFlow computed (`tests/reference/scenarios13.py`
recorded it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate.client.errors import ApiError
from tests.e2e.test_cli import run as cli
from tests.reference import scenarios13 as journey
from tests.support import REPO_ROOT, Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = journey.OUT
TF = json.loads((FIXTURES / "expected.json").read_text())
# TF's and graphgate's kernels sum in their own orders: a last bit or two over 30 steps
RTOL = 1e-5


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios13-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _serve_saved_model(runner, key: str, name: str, export: Path, *signature: str) -> None:
    code, out, err = cli(
        "models", "create", name, "--saved-model", str(export), *signature, "-o", "json",
        "--url", runner.url, "--api-key", key,
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["version"] == 1


def _tf_serving(client, model: str, verb: str, body: dict):
    return client.call("POST", f"/tfserving/v1/models/{model}:{verb}", body)


def _classified(client, model: str, examples: list[dict]) -> tuple[list, list]:
    answer = _tf_serving(client, model, "classify", {"examples": examples})
    assert answer.status == 200, answer.body
    results = answer.json()["results"]
    return [[c for c, _ in r] for r in results], [[s for _, s in r] for r in results]


def _assert_serves_tfs_answers(client, classifier: str, regressor: str) -> None:
    rows = journey.examples(journey.estimator_data()["TEST"])
    theirs = TF["estimator"]
    # THEN classify answers TF's classes and scores (models.md: TF Serving's classify)
    classes, scores = _classified(client, classifier, rows)
    assert classes == theirs["classifier"]["classification"]["outputs"]["classes"]
    np.testing.assert_allclose(
        scores, theirs["classifier"]["classification"]["outputs"]["scores"], RTOL
    )
    # and an Example without its `color` is embedded as TF embeds a missing word: zeros
    colorless = [{k: v for k, v in r.items() if k != "color"} for r in rows]
    _, scores = _classified(client, classifier, colorless)
    bare = theirs["classifier_without_color"]["classification"]["outputs"]["scores"]
    np.testing.assert_allclose(scores, bare, RTOL)
    # and so are several words, words outside the vocabulary and the buckets' edges
    _, scores = _classified(client, classifier, journey.ODD_EXAMPLES)
    odd = theirs["classifier_odd"]["classification"]["outputs"]["scores"]
    np.testing.assert_allclose(scores, odd, RTOL)
    # and regress answers TF's regression, with and without `color`, and the odd ones
    for examples, recorded in (
        (rows, theirs["regressor"]),
        (colorless, theirs["regressor_without_color"]),
        (journey.ODD_EXAMPLES, theirs["regressor_odd"]),
    ):
        answer = _tf_serving(client, regressor, "regress", {"examples": examples})
        assert answer.status == 200, answer.body
        expected = np.ravel(recorded["regression"]["outputs"]["outputs"])
        np.testing.assert_allclose(answer.json()["results"], expected, RTOL)
    # and the `predict` signature (a version serves one: models.md) reads the serialized
    # Examples TF made, base64 as TF Serving's REST API takes bytes
    b64 = [{"b64": s} for s in theirs["serialized"]]
    answer = _tf_serving(
        client, classifier + "-predict", "predict", {"signature_name": "predict", "instances": b64}
    )
    assert answer.status == 200, answer.body
    predicted = answer.json()["predictions"]
    recorded = theirs["classifier"]["predict"]["outputs"]
    np.testing.assert_allclose(
        [p["probabilities"] for p in predicted], recorded["probabilities"], RTOL
    )
    assert [p["class_ids"] for p in predicted] == recorded["class_ids"]
    # and an Example without `age`, which has no default, is refused as TF refuses it
    answer = _tf_serving(client, regressor, "regress", {"examples": [{"x": [0.0, 0.0]}]})
    assert answer.status == 400, answer.body
    assert "age" in answer.json()["error"], answer.body


def test_a_tf_estimator_exported_for_examples_classifies_and_regresses_as_tf_did(
    runner, key, client, tmp_path
):
    # GIVEN the exports TensorFlow's own estimator wrote, made versions with the CLI
    classifier = FIXTURES / "tf" / "classifier" / "1"
    _serve_saved_model(runner, key, "s13-tf-classifier", classifier)
    _serve_saved_model(runner, key, "s13-tf-regressor", FIXTURES / "tf" / "regressor" / "1")
    predict = ("--signature", "predict")
    _serve_saved_model(runner, key, "s13-tf-classifier-predict", classifier, *predict)
    # WHEN TF Serving's documented bodies are posted, THEN the answers are TF's
    _assert_serves_tfs_answers(client, "s13-tf-classifier", "s13-tf-regressor")

    # GIVEN the same TF1 program run by graphgate (engine.md: Estimators)
    with tf.Graph().as_default():
        ours = journey.run_estimator_program(tf, str(tmp_path))
    # THEN it trains to TF's predictions (TF's initial weights, from `tf_random_seed`)
    np.testing.assert_allclose(ours["probabilities"], TF["estimator"]["probabilities"], RTOL)
    np.testing.assert_allclose(ours["predictions"], TF["estimator"]["predictions"], RTOL)
    # and its exports, served, answer what TF's do
    _serve_saved_model(runner, key, "s13-gg-classifier", Path(ours["classifier"]))
    _serve_saved_model(runner, key, "s13-gg-regressor", Path(ours["regressor"]))
    _serve_saved_model(runner, key, "s13-gg-classifier-predict", Path(ours["classifier"]), *predict)
    _assert_serves_tfs_answers(client, "s13-gg-classifier", "s13-gg-regressor")

    # GIVEN TF's wide-and-deep and linear classifiers of string labels over a hashed column
    # and a cross (TF alone: tf_only in the reference script)
    rows = [*journey.examples(journey.estimator_data()["TEST"]), *journey.ODD_EXAMPLES]
    for name in journey.TF_ONLY:
        _serve_saved_model(runner, key, f"s13-{name}", FIXTURES / "tf" / name / "1")
        # WHEN classify is asked, THEN the labels are TF's words and the scores TF's
        classes, scores = _classified(client, f"s13-{name}", rows)
        recorded = TF["estimator"][name]["classification"]["outputs"]
        assert classes == recorded["classes"], name
        np.testing.assert_allclose(scores, recorded["scores"], RTOL, err_msg=name)


def test_a_checkpoint_handed_tf_service_tf_ends_where_tfs_300_steps_alone_end(
    runner, key, tmp_path
):
    theirs = TF["checkpoint"]
    d = journey.checkpoint_data()
    feeds = {"x:0": d["x"], "y:0": d["y"]}
    first = FIXTURES / "tf" / "first" / f"model.ckpt-{journey.HAND}"
    with tf.Graph().as_default() as graph:
        t = journey.build(tf)
        saver = tf.train.Saver(checkpoint_format="tensorflow")
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # GIVEN TF's checkpoint of steps 1-100 (Nesterov momentum's slots, the moving
        # averages, the global step the learning rate decays by) restored remotely
        saver.restore(sess, str(first))
        assert sess.run(t["step"]) == journey.HAND
        # WHEN steps 101-200 run as one async run on the service
        job = sess.run(t["loss"], feeds, targets=[t["train"]], steps=journey.HAND, wait=False)
        job.result(timeout=120)
        # THEN its recorded losses (by the run's own step) are TF's steps 101-200 of its
        # 300 alone: the restored slots, averages and decayed rate are TF's
        for step, loss in job.history("loss"):
            alone = theirs["losses_alone"][journey.HAND + step - 1]
            np.testing.assert_allclose(loss, alone, RTOL, err_msg=step)
        assert job.history("loss")[-1][0] == journey.HAND
        # WHEN the session is saved in TF's format and downloaded
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=t["step"])
    # THEN it is the checkpoint TF restored and trained steps 201-300 from (the reference
    # script's graphgate hand), every variable, slot and average
    assert prefix.endswith(f"model.ckpt-{2 * journey.HAND}")
    ours = tf.train.load_checkpoint(prefix)
    shown = tf.train.load_checkpoint(str(FIXTURES / "gg" / f"model.ckpt-{2 * journey.HAND}"))
    assert sorted(ours.get_variable_to_shape_map()) == theirs["variables_restored"]
    for name in theirs["variables_restored"]:
        want = shown.get_tensor(name)
        scale = float(np.abs(want).max())
        np.testing.assert_allclose(ours.get_tensor(name), want, RTOL, RTOL * scale, err_msg=name)
    # and TF's third hand ended where TF's 300 steps alone end
    for name, alone in theirs["variables_alone"].items():
        scale = float(np.abs(alone).max())
        handed = theirs["variables_handed"][name]
        np.testing.assert_allclose(handed, alone, RTOL, RTOL * scale, err_msg=name)
    np.testing.assert_allclose(theirs["losses_last"], theirs["losses_alone"][200:], RTOL)


FREE_ROWS, FREE_SHARDS = 100_000, 16  # batches.md#limits, the free plan


def _scorer(rng) -> dict:
    w = rng.normal(size=(8, 3)).astype(np.float32)
    b = rng.normal(size=3).astype(np.float32)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 8], name="x")
        weights = gg.Variable(w, name="w")
        bias = gg.Variable(b, name="b")
        probs = gg.nn.softmax(gg.matmul(x, weights) + bias, name="probs")
        gg.argmax(probs, axis=1, name="label")
    return {"graph": graph, "w": w, "b": b}


def _numpy_scores(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    z = x.astype(np.float32) @ w + b
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _limit(error, cap: str) -> dict:
    assert error.value.status == 422, error.value
    body = error.value.problem
    assert body["code"] == "PLAN_LIMIT_EXCEEDED" and body["cap"] == cap, body
    return body


def test_a_free_tenant_scores_its_largest_batch_in_its_most_shards_row_by_row(runner):
    # GIVEN a free tenant (rows 100,000 and 16 shards a batch) and a model frozen from a
    # session of a small classifier
    key = runner.create_tenant("s13-free-batches", plan="free")["api_key"]
    rng = np.random.default_rng(13)
    scorer = _scorer(rng)
    with gg.RemoteSession(runner.url, api_key=key, graph=scorer["graph"]) as sess:
        sess.run(gg.global_variables_initializer(graph=scorer["graph"]))
        api = sess.client
        api.create_model_version("s13-limits", sess.session_id, {"rows": "x"},
                                 {"probs": "probs", "label": "label"})  # fmt: skip
    # and a dataset of exactly the plan's rows
    x = rng.normal(size=(FREE_ROWS, 8)).astype(np.float32)
    full = api.upload_dataset({"pixels": x}, "s13-full")
    assert full["rows"] == FREE_ROWS
    request = {
        "model": {"name": "s13-limits"},
        "dataset": full["id"],
        "inputs": {"rows": "pixels"},
        "fetches": {"probs": "probs", "label": "label"},
    }
    # WHEN a shard one row smaller than an even split would make a 17th shard
    with pytest.raises(ApiError) as refused:
        api.submit_batch({**request, "rows_per_shard": FREE_ROWS // FREE_SHARDS - 1})
    # THEN it is refused naming the cap (batches.md: PLAN_LIMIT_EXCEEDED, batch_shards)
    body = _limit(refused, "batch_shards")
    assert body["limit"] == FREE_SHARDS
    # and so is a concurrency above the plan's
    with pytest.raises(ApiError) as refused:
        api.submit_batch({**request, "max_concurrency": 5})
    _limit(refused, "batch_concurrency")
    # WHEN the batch is the plan's largest in its most shards
    batch = api.submit_batch({**request, "rows_per_shard": FREE_ROWS // FREE_SHARDS})
    handle = gg.client.BatchRun(api, batch)
    out = handle.result(timeout=120)
    # THEN it ran in 16 shards, and every row is what numpy computes from the variables
    done = handle.record
    assert done["status"] == "succeeded" and done["shards"]["total"] == FREE_SHARDS, done
    assert done["rows_done"] == FREE_ROWS and done["model"]["version"] == 1
    want = _numpy_scores(x, scorer["w"], scorer["b"])
    np.testing.assert_allclose(out["probs"], want, rtol=1e-5, atol=1e-7)
    assert out["label"].tolist() == np.argmax(out["probs"], axis=1).tolist()
    assert [(o["start"], o["stop"]) for o in done["outputs"]] == [
        (i * 6250, (i + 1) * 6250) for i in range(FREE_SHARDS)
    ]
    # WHEN a dataset one row past the plan's rows is scored
    over = api.upload_dataset({"pixels": np.zeros((FREE_ROWS + 1, 8), np.float32)}, "s13-over")
    with pytest.raises(ApiError) as refused:
        api.submit_batch({**request, "dataset": over["id"]})
    # THEN it is refused before anything runs, naming the cap, the limit and what it asked
    # (a per-run cap: `used` is what other runs hold, none)
    body = _limit(refused, "batch_rows")
    assert (body["limit"], body["used"]) == (FREE_ROWS, 0)
    assert f"would need {FREE_ROWS + 1}" in body["detail"], body


def _csv(x: np.ndarray, bad: tuple[int, str] | None = None) -> bytes:
    """Rows of `x` under a header, an id and a quoted note column of free text (commas,
    doubled quotes, line breaks) first; `bad` puts a cell in row `bad[0]`'s last column."""
    lines = ['"id","note",' + ",".join(f'"p{j}"' for j in range(x.shape[1]))]
    for i, row in enumerate(x):
        note = '"line one\nline two"' if i % 7 == 0 else f'"row {i}, said ""ok"""'
        cells = [repr(float(v)) for v in row]
        if bad is not None and bad[0] == i:
            cells[-1] = bad[1]
        lines.append(f"{i},{note}," + ",".join(f'"{c}"' if i % 2 else c for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_csv_with_quoted_notes_is_scored_row_by_row_and_bad_cells_named_by_line(
    runner, key, tmp_path
):
    # GIVEN a model of the small classifier, on a pro tenant
    rng = np.random.default_rng(131)
    scorer = _scorer(rng)
    with gg.RemoteSession(runner.url, api_key=key, graph=scorer["graph"]) as sess:
        sess.run(gg.global_variables_initializer(graph=scorer["graph"]))
        api = sess.client
        api.create_model_version("s13-csv", sess.session_id, {"rows": "x"},
                                 {"probs": "probs", "label": "label"})  # fmt: skip
    x = rng.normal(size=(300, 8)).astype(np.float32)
    columns = {"pixels": [f"p{j}" for j in range(8)], "id": "id"}
    # WHEN a CSV with a quoted header, quoted cells and notes holding commas, quotes and
    # line breaks is uploaded, its pixel columns grouped (datasets.md)
    path = tmp_path / "rows.csv"
    path.write_bytes(_csv(x))
    ready = api.upload_dataset(str(path), "s13-rows", columns=columns, dtype="float32")
    # THEN it holds every row, the notes left out
    assert ready["rows"] == 300 and sorted(ready["arrays"]) == ["id", "pixels"], ready
    batch = api.submit_batch({
        "model": {"name": "s13-csv"}, "dataset": ready["id"],
        "inputs": {"rows": "pixels"}, "fetches": ["probs", "label"],
    })  # fmt: skip
    out = gg.client.BatchRun(api, batch).result(timeout=60)
    # and scored, every row is numpy's
    np.testing.assert_allclose(out["probs"], _numpy_scores(x, scorer["w"], scorer["b"]), 1e-5)
    # WHEN a cell is missing, or written as Python reads but no CSV reader does
    for cell, shown in (("", "''"), ("1_000", "'1_000'"), ("١٢", "'١٢'")):
        path.write_bytes(_csv(x, bad=(100, cell)))
        with pytest.raises(ApiError) as refused:
            api.upload_dataset(str(path), "s13-bad", columns=columns, dtype="float32")
        # THEN the file is refused naming the column, the value and the line row 100
        # starts on: 100 rows, 15 of them two lines long (notes of rows 0, 7, ..., 98)
        assert refused.value.code == "DATASET_INVALID", refused.value
        assert f"CSV column p7 holds a value that is not a number: {shown} on line 117" in (
            refused.value.detail
        ), refused.value.detail


def test_a_newcomer_outside_the_repository_installs_the_wheel_and_runs_the_readme(runner, tmp_path):
    from tests.e2e.test_scenarios11 import TF as READ_ME_TF
    from tests.e2e.test_scenarios11 import _numbers
    from tests.unit.test_readme import readme_program

    # GIVEN the wheel `make dist` builds (its own command) and a new venv outside the
    # repository, the wheel installed with its client as the README says
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    engine = REPO_ROOT / "layers" / "engine"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run(*pip, "wheel", "--no-deps", "--wheel-dir", str(dist), str(engine), cwd=tmp_path)
    (wheel,) = dist.glob("graphgate-*.whl")
    _run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    _run(str(venv / "bin" / "pip"), "install", "-q", f"{wheel}[client]", cwd=tmp_path)
    key = runner.create_tenant("s13-outsider", plan="pro")["api_key"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHGATE_", "PYTHON"))}
    env |= {"GRAPHGATE_API_URL": runner.url, "GRAPHGATE_API_KEY": key}
    # WHEN the README's program is saved as quickstart.py and run there
    (tmp_path / "quickstart.py").write_text(readme_program())
    out = _run(str(venv / "bin" / "python"), "quickstart.py", cwd=tmp_path, env=env)
    # THEN it is the wheel's graphgate that ran (nothing of the repository on its path)
    # and it prints what the README's comments say, TF's numbers (scenarios11 recorded them)
    assert out.startswith("3.75\n"), out
    _, loss, w1, w2, bias, last, *history = _numbers(out.replace("float32", ""))
    readme = READ_ME_TF["readme"]
    np.testing.assert_allclose([loss, bias], [readme["loss_50"], readme["bias_50"]], RTOL)
    np.testing.assert_allclose([[w1], [w2]], readme["w_50"], RTOL)
    np.testing.assert_allclose(last, readme["loss_550"], RTOL)
    assert history[0::2] == [475, 500], out
    # WHEN the README's shell steps follow with the venv's own `graphgate`
    graphgate = str(venv / "bin" / "graphgate")
    listed = json.loads(_run(graphgate, "graphs", "ls", "-o", "json", cwd=tmp_path, env=env))
    (graph,) = listed
    ran = _run(graphgate, "run", graph["id"], "res", cwd=tmp_path, env=env)
    # THEN the CLI computes the tutorial's 3.75 from the stored graph
    assert ran.splitlines()[1].split() == ["res", "float32", "-", "3.75"], ran
    where = _run(str(venv / "bin" / "python"), "-c", "import graphgate; print(graphgate.__file__)",
                 cwd=tmp_path, env=env)  # fmt: skip
    assert where.startswith(str(venv)), where


def _run(*argv: str, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, (argv, done.stdout, done.stderr)
    return done.stdout
