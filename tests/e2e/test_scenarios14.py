"""Journeys a user made from README.md and docs/ alone, round 14: a TF1 user computing a
Jacobian-vector and a Hessian-vector product over HTTP (the graph graphgate builds from the
script, and the frozen `.pb` TensorFlow wrote of it); a tf_keras model of two inputs and
two outputs, from HDF5 and from a SavedModel, served over KServe v2 (JSON and binary) and
TF Serving (rows and columns); an ONNX MLP written by hand, imported, trained on as
variables, served and exported back to onnxruntime; a TF1 user's whole day with the
`graphgate` CLI alone, from a trainable `.pb` TF wrote to a batch's downloaded results;
and a model replaced under traffic. Every number is held to what TensorFlow 2.21, tf_keras
or onnxruntime computed (`tests/reference/scenarios14.py` recorded it)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate import serialization
from tests.reference import scenarios14 as journey
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = journey.OUT
TF = json.loads((FIXTURES / "expected.json").read_text())
# float32 kernels summing in their own orders (TF's tanh is Eigen's approximation): a last
# bit or two; a wrong derivative is off by far more
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios14-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _close(ours, theirs, what: str, rtol: float = RTOL, atol: float = ATOL) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, rtol, atol, err_msg=what)


def _store(client, name: str, document: dict) -> str:
    created = client.call("POST", "/v1/graphs", {"name": name, "graph": document})
    assert created.status == 201, created.body
    return created.json()["id"]


def _one_shot(client, graph_id: str, fetches, feeds: dict) -> dict:
    body = {"fetches": fetches, "feeds": {k: gg.encode_tensor(v) for k, v in feeds.items()}}
    answer = client.call("POST", f"/v1/graphs/{graph_id}/runs", body)
    assert answer.status == 200, answer.body
    return answer.json()["outputs"]


# -- 1. gradients as a service -------------------------------------------------------------


def test_jacobian_and_hessian_vector_products_over_http_are_tfs_from_script_and_pb(client):
    feeds = journey.grad_feeds()
    fetches = {name: name for name in journey.GRAD_FETCHES}
    # GIVEN the TF1 script's graph, built by graphgate's compat.v1 and stored as a document
    with tf.Graph().as_default() as graph:
        journey.gradient_graph(tf)
    built = _store(client, "s14-grads", serialization.graph_to_dict(graph))
    # and the frozen GraphDef TensorFlow wrote of the same script (TF's own gradient ops:
    # TanhGrad, BroadcastGradientArgs, ...), read as `graphgate graphs create` reads it
    document = gg.GraphDef.FromString((FIXTURES / "grads.pb").read_bytes())
    frozen = _store(client, "s14-grads-pb", dict(document))
    for graph_id, what in ((built, "script"), (frozen, "tf's .pb")):
        # WHEN one one-shot run fetches the loss, its gradient by the fed input, J v and H v
        outputs = _one_shot(client, graph_id, fetches, feeds)
        # THEN each is what TF computed
        for name in journey.GRAD_FETCHES:
            _close(gg.decode_tensor(outputs[name]), TF["grads"][name], f"{what}: {name}")
    # and the gradient by a fed placeholder is asked for alone, with only what it needs
    alone = _one_shot(client, built, "dloss_dx", {"x": feeds["x"], "t": feeds["t"]})
    _close(gg.decode_tensor(alone), TF["grads"]["dloss_dx"], "dloss_dx alone")
    # and J v is linear in v: twice the direction, twice the product (no cached answer)
    doubled = _one_shot(client, built, "jvp", {"x": feeds["x"], "vx": 2 * feeds["vx"]})
    _close(gg.decode_tensor(doubled), 2 * np.asarray(TF["grads"]["jvp"]), "J (2v)")


# -- 2. a tf_keras model of two inputs and two outputs, to KServe and TF Serving ----------


def _kserve_binary(runner, client, model: str, version: int, rows: dict) -> dict:
    """tritonclient's request, both inputs and outputs in the binary-data extension."""
    import tritonclient.http as triton

    headers = client.headers(
        {"Content-Type": "application/octet-stream", "Accept": "application/octet-stream"}
    )
    api = triton.InferenceServerClient(runner.url.split("://", 1)[1])
    sent = []
    for name, datatype in (("tokens", "INT32"), ("numbers", "FP32")):
        one = triton.InferInput(name, list(rows[name].shape), datatype)
        one.set_data_from_numpy(rows[name], binary_data=True)
        sent.append(one)
    asked = [triton.InferRequestedOutput(n, binary_data=True) for n in ("score", "logits")]
    result = api.infer(model, sent, outputs=asked, model_version=str(version), headers=headers)
    assert result.get_response()["model_version"] == str(version)
    return {n: result.as_numpy(n) for n in ("score", "logits")}


def test_a_two_input_two_output_keras_model_serves_predicts_answers_both_ways(
    runner, key, client, tmp_path
):
    from tests.e2e.test_cli import run as cli

    rows = journey.keras_rows()
    want = {n: np.asarray(TF["keras"][n], np.float32) for n in ("score", "logits")}
    signature = TF["keras"]["signature"]
    flags = ("--url", runner.url, "--api-key", key)
    # GIVEN the SavedModel tf_keras' `model.save(dir)` wrote, made version 1 by the CLI
    code, out, err = cli(
        "models", "create", "s14-keras", "--saved-model", str(FIXTURES / "keras"), "-o", "json",
        *flags,
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["version"] == 1
    # and its HDF5 file, through models.md's Keras recipe, as version 2
    with gg.Graph().as_default():
        model = gg.keras.models.load_model(str(FIXTURES / "keras.h5"), compile=False)
        gg.keras.experimental.export_saved_model(model, str(tmp_path / "h5" / "1"))
    with gg.client.Client(runner.url, key) as api:
        created = api.create_model_version_from_saved_model("s14-keras", tmp_path / "h5")
        assert created["version"] == 2
    for version in (1, 2):
        # THEN KServe's metadata names the model's inputs and outputs as TF's signature
        meta = client.call("GET", f"/v2/models/s14-keras/versions/{version}").json()
        types = {"float32": "FP32", "int32": "INT32"}
        for side in ("inputs", "outputs"):
            got = {t["name"]: [t["datatype"], t["shape"]] for t in meta[side]}
            assert got == {n: [types[d], s] for n, (d, s) in signature[side].items()}, meta
        # WHEN KServe v2 is asked in JSON, both inputs, both outputs
        body = {
            "inputs": [
                {"name": "tokens", "datatype": "INT32", "shape": [6, 4],
                 "data": rows["tokens"].ravel().tolist()},
                {"name": "numbers", "datatype": "FP32", "shape": [6, 3],
                 "data": rows["numbers"].ravel().tolist()},
            ]
        }  # fmt: skip
        answer = client.call("POST", f"/v2/models/s14-keras/versions/{version}/infer", body)
        assert answer.status == 200, answer.body
        outputs = {o["name"]: o for o in answer.json()["outputs"]}
        # THEN each output is tf_keras' `predict`, named and shaped as its signature
        assert sorted(outputs) == ["logits", "score"]
        for name, value in want.items():
            assert outputs[name]["shape"] == list(value.shape)
            got = np.reshape(outputs[name]["data"], outputs[name]["shape"])
            _close(got, value, f"v{version} kserve json {name}")
        # and so in the binary-data extension, as tritonclient sends and reads it
        for name, value in _kserve_binary(runner, client, "s14-keras", version, rows).items():
            _close(value, want[name], f"v{version} kserve binary {name}")
        # and TF Serving's predict, by rows (an object per row) and by columns
        path = f"/tfserving/v1/models/s14-keras/versions/{version}:predict"
        instances = [
            {"tokens": t, "numbers": n}
            for t, n in zip(rows["tokens"].tolist(), rows["numbers"].tolist(), strict=True)
        ]
        by_rows = client.call("POST", path, {"instances": instances})
        assert by_rows.status == 200, by_rows.body
        predictions = by_rows.json()["predictions"]
        for name, value in want.items():
            _close([p[name] for p in predictions], value, f"v{version} rows {name}")
        columns = {"tokens": rows["tokens"].tolist(), "numbers": rows["numbers"].tolist()}
        by_columns = client.call("POST", path, {"inputs": columns})
        assert by_columns.status == 200, by_columns.body
        for name, value in want.items():
            _close(by_columns.json()["outputs"][name], value, f"v{version} columns {name}")
        # and TF Serving's metadata is TF's signature
        served = client.call("GET", f"/tfserving/v1/models/s14-keras/versions/{version}/metadata")
        sig = served.json()["metadata"]["signature_def"]["signature_def"]["serving_default"]
        for side in ("inputs", "outputs"):
            got = {
                alias: [info["dtype"], [int(d["size"]) for d in info["tensor_shape"]["dim"]]]
                for alias, info in sig[side].items()
            }
            tf_types = {"float32": "DT_FLOAT", "int32": "DT_INT32"}
            assert got == {n: [tf_types[d], s] for n, (d, s) in signature[side].items()}


# -- 3. an ONNX MLP written by hand: imported, trained on, served, exported back ----------


def test_an_onnx_mlp_trained_on_as_variables_serves_and_exports_tfs_weights_to_onnxruntime(
    runner, key, client, tmp_path
):
    import onnxruntime

    from tests.e2e.test_cli import run as cli

    rows = journey.onnx_rows()
    want = TF["onnx"]
    blob = (FIXTURES / "mlp.onnx").read_bytes()
    # GIVEN the model imported over HTTP as onnx.md's curl does, its initializers variables
    imported = client.call(
        "POST", "/v1/graphs?name=s14-mlp", raw=blob, headers={"Content-Type": "application/onnx"}
    )
    assert imported.status == 201, imported.body
    graph_id = imported.json()["id"]
    assert imported.json()["source"]["inputs"] == ["input"]
    assert imported.json()["source"]["outputs"] == ["logits", "probs"]
    variables = {v["name"] for v in imported.json()["signature"]["variables"]}
    assert variables == {"W1", "B1", "W2", "B2"}, imported.body
    # and with `constants=true`, onnx.md's other choice, its weights constants instead
    frozen = client.call(
        "POST", "/v1/graphs?name=s14-mlp-constants&constants=true", raw=blob,
        headers={"Content-Type": "application/onnx"},
    )  # fmt: skip
    assert frozen.status == 201, frozen.body
    assert frozen.json()["signature"]["variables"] == [], frozen.body
    # WHEN either runs one-shot THEN it answers what onnxruntime answers
    for stored in (graph_id, frozen.json()["id"]):
        outputs = _one_shot(client, stored, ["logits", "probs"], {"input": rows["test"]})
        _close(gg.decode_tensor(outputs[0]), want["logits"], "logits")
        _close(gg.decode_tensor(outputs[1]), want["probs"], "probs")
    # WHEN the user grows the stored graph by a loss and a step (onnx.md, Keep training an
    # imported model) and trains it in a remote session, a request per step
    document = client.call("GET", f"/v1/graphs/{graph_id}").json()["graph"]
    graph = gg.graph_from_dict(document)
    with graph.as_default():
        labels = gg.placeholder(gg.int64, [None], name="labels")
        logits = graph.get_tensor_by_name("logits:0")
        loss = gg.reduce_mean(
            gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        )
        step = gg.train.GradientDescentOptimizer(journey.ONNX_RATE).minimize(loss)
    feeds = {"input:0": rows["input"], labels: rows["labels"]}
    with gg.RemoteSession(runner.url, api_key=key, graph=graph, graph_name="s14-mlp-tune") as sess:
        losses = [float(sess.run([step, loss], feeds)[1]) for _ in range(journey.ONNX_STEPS)]
        # THEN it trains to TF's losses and weights
        _close(losses, want["losses"], "losses")
        for name, value in zip(
            ("W1", "B1", "W2", "B2"), sess.run(["W1:0", "B1:0", "W2:0", "B2:0"]), strict=True
        ):
            _close(value, want["trained"][name], name)
        session_id, tuned_graph = sess.session_id, sess.graph_id
        # WHEN the CLI exports the tuned graph with the session's weights as ONNX
        exported = tmp_path / "tuned.onnx"
        code, _, err = cli(
            "graphs", "export", tuned_graph, str(exported), "--fetch", "probs", "--feed",
            "input", "--session", session_id, "--url", runner.url, "--api-key", key,
        )  # fmt: skip
        assert code == 0, err
        # and the session is frozen into a model version
        with gg.client.Client(runner.url, key) as api:
            api.create_model_version("s14-mlp", session_id, {"input": "input"}, {"probs": "probs"})
    # THEN onnxruntime runs the export to TF's trained probabilities
    ort = onnxruntime.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    (probs,) = ort.run(["probs"], {"input": rows["test"]})
    _close(probs, want["trained_probs"], "onnxruntime of the export")
    # and the version answers them over KServe
    served = gg.serving.Client("s14-mlp", url=runner.url, api_key=key)
    _close(served.predict({"input": rows["test"]})["probs"], want["trained_probs"], "served")


# -- 4. a TF1 user's whole day with the CLI alone ------------------------------------------


def test_a_tf1_users_day_with_the_cli_alone_from_tfs_trainable_pb_to_batch_results(
    runner, key, tmp_path
):
    from tests.e2e.test_cli import run

    def cli(*argv: str) -> tuple[int, str, str]:
        return run(*argv, "--url", runner.url, "--api-key", key)

    rows, want = journey.cli_rows(), TF["cli"]
    np.save(tmp_path / "test.npy", rows["test"])
    np.save(tmp_path / "score.npy", rows["score"])
    np.savez(tmp_path / "data.npz", x=rows["x"], y=rows["y"])
    test_feed = f"x=@{tmp_path / 'test.npy'}"
    # GIVEN the trainable graph TF wrote (`tf.io.write_graph(..., as_text=False)`: resource
    # variables, a GradientDescent step), stored by `graphs create`
    code, out, err = cli("graphs", "create", str(FIXTURES / "train.pb"), "--name", "s14-day",
                         "-o", "json")  # fmt: skip
    assert code == 0, err
    graph_id, content_hash = json.loads(out)["id"], json.loads(out)["content_hash"]
    # and the same graph in protobuf's text format (`write_graph`'s default) is the same
    code, out, err = cli("graphs", "create", str(FIXTURES / "train.pbtxt"), "--name",
                         "s14-day-text", "-o", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["content_hash"] == content_hash
    # THEN `graphs get` shows its placeholders and variables as TF's script made them
    code, out, err = cli("graphs", "get", graph_id, "-o", "json")
    assert code == 0, err
    signature = json.loads(out)["signature"]
    assert [(p["name"], p["shape"]) for p in signature["placeholders"]] == [
        ("x", [None, 2]), ("y", [None, 1])
    ]  # fmt: skip
    assert [(v["name"], v["shape"]) for v in signature["variables"]] == [("w", [2, 1]), ("b", [])]
    # WHEN it runs one-shot with a feed from a file THEN the table and the JSON print the
    # fetch at the variables' initial values
    initial = rows["test"] @ np.array([[0.1], [-0.2]], np.float32)
    code, out, err = cli("run", graph_id, "pred", "--feed", test_feed)
    assert code == 0, err
    assert out.split()[:8] == ["NAME", "DTYPE", "SHAPE", "VALUE", "pred", "float32", "3,1",
                               f"[[{initial[0, 0]:.6f}],"]  # fmt: skip
    code, out, err = cli("run", graph_id, "pred", "--feed", test_feed, "-o", "json")
    assert code == 0, err
    _close(json.loads(out)["outputs"]["pred"], initial, "one-shot pred")
    # WHEN a session trains it 40 steps in one asynchronous run, followed to its end
    code, out, err = cli("sessions", "create", graph_id, "-o", "json")
    assert code == 0, err
    session = json.loads(out)["id"]
    code, out, err = cli("run", "-", "loss", "--session", session, "--feeds",
                         str(tmp_path / "data.npz"), "--target", "train", "--steps",
                         str(journey.STEPS), "--watch", "-o", "json")  # fmt: skip
    assert code == 0, err
    # THEN the last step's loss is TF's, and the progress bar ended as client.md draws it
    _close(json.loads(out)["outputs"]["loss"], want["losses"][-1], "last loss", 1e-3, 1e-9)
    assert f"step {journey.STEPS}/{journey.STEPS}" in err.splitlines()[-1], err
    assert err.splitlines()[-1].endswith("succeeded"), err
    code, out, err = cli("runs", "ls", session, "-o", "json")
    assert code == 0, err
    assert [(r["status"], r["completed_steps"]) for r in json.loads(out)] == [
        ("succeeded", journey.STEPS)
    ]
    # and the variables it saves as .npz are TF's after as many steps
    code, out, err = cli("sessions", "vars", session, "--npz", str(tmp_path / "vars.npz"))
    assert code == 0, err
    saved = np.load(tmp_path / "vars.npz")
    _close(saved["w"], want["w"], "w")
    _close(saved["b"], want["b"], "b")
    # WHEN the session is frozen into a version, labelled, and asked to predict
    code, out, err = cli("models", "create", "s14-day", "--session", session, "--input",
                         "x=x", "--fetch", "y=pred", "-o", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["version"] == 1
    code, out, err = cli("models", "label", "s14-day", "stable", "1")
    assert code == 0, err
    code, out, err = cli("models", "predict", "s14-day", "--label", "stable", "--input",
                         test_feed, "-o", "json")  # fmt: skip
    assert code == 0, err
    # THEN it prints the version that answered and each output, TF's prediction after
    # training (client.md's `models predict` row)
    answer = json.loads(out)
    assert (answer["model_version"], list(answer["outputs"])) == (1, ["y"])
    _close(answer["outputs"]["y"], want["predict_test"], "predict")
    code, out, err = cli("models", "ls", "s14-day")
    assert code == 0, err
    assert out.split()[3:5] == ["1", "stable"], out
    # WHEN a .npy of new rows is uploaded and batch-scored with `stable`, its outputs saved
    code, out, err = cli("datasets", "upload", str(tmp_path / "score.npy"), "-o", "json")
    assert code == 0, err
    dataset = json.loads(out)
    assert dataset["arrays"] == {"score": {"dtype": "float32", "shape": [50, 2]}}
    code, out, err = cli("batches", "submit", "--model", "s14-day@stable", "--dataset",
                         dataset["id"], "--input", "x=score", "--fetch", "y=y",
                         "--rows-per-shard", "20", "--watch", "--out",
                         str(tmp_path / "out.npz"))  # fmt: skip
    assert code == 0, err
    assert "shards           total=3 done=3 failed=0" in out, out
    # THEN every row is TF's prediction, in row order
    _close(np.load(tmp_path / "out.npz")["y"], want["predict_score"], "batch")
    # and each mistake of the day is the exit code client.md gives it, one line on stderr
    missing = "g_00000000000000000000"
    mistakes = [
        (("graphs", "get", missing), 4, "GRAPH_NOT_FOUND (404)"),
        (("run", graph_id, "nope"), 5, "UNKNOWN_FETCH (400)"),
        (("run", graph_id, "pred"), 5, "MISSING_FEED (400)"),
        (("models", "predict", "s14-day", "--input", f"x=@{tmp_path / 'none.npy'}"), 2, ""),
        (("batches", "submit", "--model", "s14-day", "--dataset", dataset["id"], "--input",
          "x=score", "--fetch", "y=y", "--out", str(tmp_path / "o.npz")), 2, "--watch"),
        (("models", "label", "s14-day", "stable", "7"), 4, "MODEL_VERSION_NOT_FOUND (404)"),
    ]  # fmt: skip
    for argv, exit_code, says in mistakes:
        code, out, err = cli(*argv)
        assert (code, out) == (exit_code, ""), (argv, code, out, err)
        assert says in err and len(err.strip().splitlines()) == 1, (argv, err)


# -- 5. a model replaced under traffic -----------------------------------------------------


def _shifter(client, model: str, shift: float) -> int:
    """A version of `model` answering y = x + shift, frozen from a stored graph."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.add(x, shift, name="y")
    graph_id = _store(client, f"{model}-{shift:g}", serialization.graph_to_dict(graph))
    body = {"name": model, "graph_id": graph_id, "graph_revision": 1, "variables": {}}
    created = client.call(
        "POST", "/v1/models", body | {"inputs": {"x": "x"}, "outputs": {"y": "y"}}
    )
    assert created.status == 201, created.body
    return created.json()["version"]


def test_a_model_replaced_under_traffic_answers_each_request_from_exactly_one_live_version(
    client,
):
    import threading
    import time

    rows = np.array([[0.5, -1.0], [2.0, 3.0]], np.float32)
    body = {"inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 2],
                        "data": rows.ravel().tolist()}]}  # fmt: skip
    # GIVEN version 1 (x + 1) labelled `stable`, and clients predicting in a loop by the
    # model's name (its `stable` label) and by version 1, and watching version 1's
    # readiness and metadata
    assert _shifter(client, "s14-swap", 1.0) == 1
    assert client.call("PUT", "/v1/models/s14-swap/labels/stable", {"version": 1}).status in (
        200, 201,
    )  # fmt: skip
    seen: list[tuple[str, float, float, int, dict, dict]] = []
    stop = threading.Event()

    def loop(kind: str, method: str, path: str) -> None:
        while not stop.is_set():
            start = time.monotonic()
            answer = client.call(method, path, body if method == "POST" else None)
            payload = json.loads(answer.body) if answer.body else {}
            seen.append((kind, start, time.monotonic(), answer.status, payload, answer.headers))

    loops = [
        ("stable", "POST", "/v2/models/s14-swap/infer"),
        ("pinned", "POST", "/v2/models/s14-swap/versions/1/infer"),
        ("ready", "GET", "/v2/models/s14-swap/versions/1/ready"),
        ("meta", "GET", "/v2/models/s14-swap/versions/1"),
    ]
    threads = [threading.Thread(target=loop, args=spec) for spec in loops]
    for thread in threads:
        thread.start()

    def answered_since(since: float, each: int = 3) -> None:
        """Until every loop has started `each` requests after `since` (no fixed sleeps: a
        loaded machine only makes this slower)."""
        deadline = time.monotonic() + 60
        while any(sum(s[0] == kind and s[1] > since for s in seen) < each for kind, *_ in loops):
            assert time.monotonic() < deadline, "the loops stopped answering"
            time.sleep(0.05)

    try:
        answered_since(0.0)
        # WHEN version 2 (x + 2) is made, `stable` moved to it, and version 1 deleted
        assert _shifter(client, "s14-swap", 2.0) == 2
        answered_since(time.monotonic())
        moved = client.call("PUT", "/v1/models/s14-swap/labels/stable", {"version": 2})
        assert moved.status == 200, moved.body
        moved_at = time.monotonic()
        answered_since(moved_at)
        deleting = time.monotonic()
        deleted = client.call("DELETE", "/v1/models/s14-swap/versions/1")
        assert deleted.status == 204, deleted.body
        deleted_at = time.monotonic()
        answered_since(deleted_at)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    # THEN nothing was a server error, and every prediction came from exactly one version:
    # its outputs are x + v for the v its body and its header name
    assert {s[3] for s in seen} <= {200, 404}, sorted({s[3] for s in seen})
    predictions = [s for s in seen if s[0] in ("stable", "pinned") and s[3] == 200]
    for _, _, _, _, payload, headers in predictions:
        version = int(payload["model_version"])
        assert headers["x-model-version"] == str(version)
        (output,) = payload["outputs"]
        np.testing.assert_array_equal(np.reshape(output["data"], [2, 2]), rows + version)
    # and `stable` answered version 1 before its move and version 2 once the move returned
    stable = [(s[1], int(s[4]["model_version"])) for s in seen if s[0] == "stable"]
    assert all(version == 2 for start, version in stable if start > moved_at), stable
    assert {version for _, version in stable} == {1, 2}
    # and version 1, by its number, answered until its delete began and never once the
    # delete returned: a 404 naming it, in KServe's error shape, as were its readiness and
    # metadata
    for kind in ("pinned", "ready", "meta"):
        runs = [s for s in seen if s[0] == kind]
        assert all(s[3] == 200 for s in runs if s[2] < deleting), kind
        after = [s for s in runs if s[1] > deleted_at]
        assert after and all(s[3] == 404 for s in after), (kind, [s[3] for s in after])
        assert all(s[4]["code"] == "MODEL_VERSION_NOT_FOUND" and s[4]["error"] for s in after)
    ready = [s[4] for s in seen if s[0] == "ready" and s[3] == 200]
    assert ready and all(r == {"name": "s14-swap", "version": "1", "ready": True} for r in ready)
    # and the model's metadata lists the one version left
    assert client.call("GET", "/v2/models/s14-swap").json()["versions"] == ["2"]
