"""Journeys a TF1 user made from README.md and docs/ alone, round 7: a model TensorFlow
trained elsewhere (its checkpoint and `.meta`) restored into a remote session, trained on
in an async run and on a dataset from the CLI, frozen, served, rolled back and trained
again from its first version; a frozen `.pb` TensorFlow wrote, stored and served through
the CLI, batch-scored and exported to ONNX; an LSTM whose `.meta` graphgate cannot read,
rebuilt and restored instead; two tenants running the same journey at once under the same
names; every listing paged one item at a time; a script leaving its session mid-run. Every
number is held against what TensorFlow computed (`tests/reference/scenarios7_tf.py`
recorded it). Each test pins a place where the product answered otherwise than the docs
promised, or one the docs promise and a change could break."""

import concurrent.futures
import json
import time
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from tests.e2e.test_cli import run as cli
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios7"
TF = json.loads((FIXTURES / "expected.json").read_text())
FEATURES = np.array(TF["features"], np.float32)
LABELS = np.array(TF["labels"], np.int64)
TEST = np.array(TF["test"], np.float32)
# float32 training over a hundred steps: TF's and graphgate's kernels sum in their own
# orders, so a last bit may differ; a step applied twice or a slot lost is far larger
RTOL = 1e-5


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios7-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _login(runner, key):
    return ("--url", runner.url, "--api-key", key)


def _tf_training_graph():
    """engine.md's recipe for a checkpoint TF wrote: import its `.meta`, then restore."""
    with tf.Graph().as_default() as graph:
        saver = tf.train.import_meta_graph(str(FIXTURES / "train" / "model.ckpt-40.meta"))
        train = tf.get_collection("train_op")[0]
    return graph, saver, train


def _scalar(tensor):
    """A wire-format scalar's value."""
    return tensor["data"][0] if isinstance(tensor, dict) else tensor


def _tfs_predict(client, path, body):
    answer = client.call("POST", f"/tfserving/v1/models/{path}:predict", body)
    assert answer.status == 200, answer.body
    return answer


def test_a_checkpoint_tf_wrote_trains_on_remotely_serves_and_rolls_back_with_tfs_numbers(
    runner, key, client, tmp_path
):
    name = "s7-iris"
    login = _login(runner, key)
    graph, saver, train = _tf_training_graph()
    with graph.as_default():
        tf_saver = tf.train.Saver(checkpoint_format="tensorflow")
    feeds = {"x:0": FEATURES, "y:0": LABELS}
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # GIVEN TF's checkpoint of step 40 restored into a remote session
        saver.restore(sess, tf.train.latest_checkpoint(str(FIXTURES / "train")))
        np.testing.assert_allclose(sess.run("probs:0", {"x:0": TEST}), TF["probs_saved"], RTOL)
        assert sess.run("global_step:0") == TF["saved_at"]
        # and saved back in TF's format: the files TF's Saver wrote, byte for byte
        # (engine.md), so nothing was lost or rounded on the way through the service
        prefix = tf_saver.save(
            sess, str(tmp_path / "model.ckpt"), global_step=TF["saved_at"], write_meta_graph=False
        )
        for suffix in (".index", ".data-00000-of-00001"):
            written = Path(prefix + suffix).read_bytes()
            assert written == (FIXTURES / "train" / f"model.ckpt-40{suffix}").read_bytes()
        # WHEN it is frozen as version 1 with the CLI, before any more training
        code, out, err = cli(
            "models", "create", name, "--session", sess.session_id,
            "--input", "features=x", "--fetch", "probabilities=probs", "-o", "json", *login,
        )  # fmt: skip
        assert code == 0, err
        assert json.loads(out)["version"] == 1
        # and trained 100 more steps as one async run, as the script did in TF
        job = sess.run(["loss:0", train], feeds, steps=100, wait=False)
        last, _ = job.result(timeout=120)
        # THEN every checkpoint of the run holds TF's loss of that step (Momentum's slots
        # and the global step came from TF's checkpoint too)
        history = job.history("loss:0")
        assert [step for step, _ in history] == [25, 50, 75, 100]
        np.testing.assert_allclose(
            [loss for _, loss in history],
            [TF["losses_after"][step - 1] for step, _ in history],
            RTOL,
        )
        np.testing.assert_allclose(last, TF["losses_after"][-1], RTOL)
        assert sess.run("global_step:0") == TF["global_step_end"]
        # WHEN the trained session is version 2 and `stable` points at it
        code, out, err = cli(
            "models", "create", name, "--session", sess.session_id,
            "--input", "features=x", "--fetch", "probabilities=probs", "-o", "json", *login,
        )  # fmt: skip
        assert code == 0 and json.loads(out)["version"] == 2, err
    assert cli("models", "label", name, "stable", "2", *login)[0] == 0
    # and a script that keeps version 2 under `canary` makes that label only if no one
    # has (api.md: `If-None-Match: *`, "only if it does not exist")
    once = {"If-None-Match": "*"}
    made = client.call("PUT", f"/v1/models/{name}/labels/canary", {"version": 2}, once)
    assert made.status == 200, made.body
    again = client.call("PUT", f"/v1/models/{name}/labels/canary", {"version": 1}, once)
    assert (again.status, again.json()["code"]) == (412, "VERSION_MISMATCH")
    assert client.call("GET", f"/v1/models/{name}/labels/canary").json()["version"] == 2
    # THEN TF Serving's REST API and KServe both answer TF's probabilities after 140 steps
    tfs = _tfs_predict(client, name, {"instances": TEST.tolist()})
    assert tfs.headers["x-model-version"] == "2"
    np.testing.assert_allclose(tfs.json()["predictions"], TF["probs_end"], RTOL)
    served = gg.serving.Client(name, url=runner.url, api_key=key)
    np.testing.assert_allclose(
        served.predict({"features": TEST})["probabilities"], TF["probs_end"], RTOL
    )
    assert served.last_version == 2
    # WHEN the user rolls back: `stable` moves to version 1
    assert cli("models", "label", name, "stable", "1", *login)[0] == 0
    # THEN both protocols answer TF's probabilities at the checkpoint again
    tfs = _tfs_predict(client, name, {"inputs": {"features": TEST.tolist()}})
    assert tfs.headers["x-model-version"] == "1"
    np.testing.assert_allclose(tfs.json()["outputs"], TF["probs_saved"], RTOL)
    np.testing.assert_allclose(
        served.predict({"features": TEST})["probabilities"], TF["probs_saved"], RTOL
    )
    # and version 2 is still there, by number and by its canary label
    tfs = _tfs_predict(client, f"{name}/versions/2", {"instances": TEST.tolist()})
    np.testing.assert_allclose(tfs.json()["predictions"], TF["probs_end"], RTOL)
    tfs = _tfs_predict(client, f"{name}/labels/canary", {"instances": TEST.tolist()})
    np.testing.assert_allclose(tfs.json()["predictions"], TF["probs_end"], RTOL)
    # WHEN a session starts from version 1 (models.md: keep training a served model)
    # and runs the same 100 steps
    started = client.call("POST", "/v1/sessions", {"from_model": {"model": name, "version": 1}})
    assert started.status == 201, started.body
    with gg.RemoteSession(runner.url, api_key=key, session_id=started.json()["id"]) as sess:
        assert sess.run("global_step:0") == TF["saved_at"]
        job = sess.run(["loss:0", "train"], feeds, steps=100, wait=False)
        last, _ = job.result(timeout=120)
        # THEN it trains exactly as TF did from its checkpoint: the version kept every
        # variable of the session, the optimizer's slots included, not only those served
        np.testing.assert_allclose(last, TF["losses_after"][-1], RTOL)
        np.testing.assert_allclose(sess.run("probs:0", {"x:0": TEST}), TF["probs_end"], RTOL)


def test_a_frozen_pb_tf_wrote_is_stored_served_and_batch_scored_from_the_cli(
    runner, key, client, tmp_path
):
    name = "s7-frozen"
    login = _login(runner, key)
    # GIVEN the frozen `.pb` TF wrote, stored as it is by `graphgate graphs create`
    # (client.md: a graph document, or TensorFlow's binary GraphDef)
    code, out, err = cli(
        "graphs", "create", str(FIXTURES / "frozen.pb"), "--name", name, "--tag", "from-tf",
        "-o", "json", *login,
    )  # fmt: skip
    assert code == 0, err
    # and one holding ops graphgate cannot map is refused before anything is sent, as a
    # bad input file (exit 2), naming the engine's code
    unsupported = Path(__file__).parents[1] / "unit/engine/fixtures/tf_formats/unsupported.pb"
    code, _, err = cli("graphs", "create", str(unsupported), "--name", "no", *login)
    assert code == 2 and "TF_GRAPH_UNSUPPORTED" in err, err
    stored = json.loads(out)
    # WHEN it is frozen with no variables to give (models.md's ONNX recipe: all constants)
    created = client.call(
        "POST",
        "/v1/models",
        {
            "name": name,
            "graph_id": stored["id"],
            "graph_revision": 1,
            "variables": {},
            "inputs": {"features": "x"},
            "outputs": {"probabilities": "probs"},
            "max_batch_size": 8,
        },
    )
    assert created.status == 201, created.body
    assert created.headers["location"].endswith(f"/v1/models/{name}/versions/1")
    # and a request of more rows than its max_batch_size is refused on either protocol,
    # in that protocol's shape, naming the input
    tfs = client.call(
        "POST", f"/tfserving/v1/models/{name}:predict", {"instances": FEATURES[:9].tolist()}
    )
    assert (tfs.status, tfs.json()["code"]) == (400, "INPUT_TOO_MANY_ROWS")
    assert "features" in tfs.json()["error"]
    assert tfs.headers["content-type"].startswith("application/json")
    infer = {"inputs": [{"name": "features", "datatype": "FP32", "shape": [9, 4],
                         "data": FEATURES[:9].ravel().tolist()}]}  # fmt: skip
    kserve = client.call("POST", f"/v2/models/{name}/infer", infer)
    assert (kserve.status, kserve.json()["code"], kserve.json()["input"]) == (
        400,
        "INPUT_TOO_MANY_ROWS",
        "features",
    )
    # THEN TF Serving's metadata gives the signature TF's placeholder had
    meta = client.call("GET", f"/tfserving/v1/models/{name}/metadata").json()
    signature = meta["metadata"]["signature_def"]["signature_def"]["serving_default"]
    features = signature["inputs"]["features"]
    assert features["dtype"] == "DT_FLOAT"
    assert [int(d["size"]) for d in features["tensor_shape"]["dim"]] == [-1, 4]
    # and the CLI's prediction prints TF's probabilities of the first test row
    code, out, err = cli(
        "models", "predict", name, "--input", f"features={TEST[:1].tolist()}", "-o", "json", *login
    )
    assert code == 0, err
    printed = json.loads(out)
    assert printed["model_version"] == 1
    np.testing.assert_allclose(printed["outputs"]["probabilities"], TF["probs_saved"][:1], RTOL)
    # WHEN the training rows are uploaded as a dataset and scored by the model's version,
    # in shards of twice its max_batch_size (batches.md: it bounds a request, not a batch)
    np.save(tmp_path / "features.npy", FEATURES)
    code, out, err = cli(
        "datasets", "upload", str(tmp_path / "features.npy"), "--name", "s7-rows", "-o", "json",
        *login,
    )  # fmt: skip
    assert code == 0, err
    dataset = json.loads(out)
    scored = tmp_path / "scored.npz"
    code, out, err = cli(
        "batches", "submit", "--model", f"{name}@1", "--dataset", dataset["id"],
        "--input", "features=features", "--fetch", "p=probabilities", "--rows-per-shard", "16",
        "--watch", "--out", str(scored), *login,
    )  # fmt: skip
    assert code == 0, err
    # THEN every row, in order across the shards, is TF's probability of that row
    with np.load(scored) as outputs:
        np.testing.assert_allclose(outputs["p"], TF["train_probs_saved"], RTOL)
    # and the batch, newest in the listing, names the version it ran, in four shards
    newest = client.call("GET", "/v1/batches?limit=1").json()["items"][0]
    assert (newest["dataset"], newest["rows"], newest["shards_total"]) == (dataset["id"], 60, 4)
    batch = client.call("GET", f"/v1/batches/{newest['id']}").json()
    assert batch["model"] == {"name": name, "version": 1}
    assert batch["shards"] == {"total": 4, "done": 4, "failed": 0}
    # WHEN the user takes the stored graph on to ONNX with the CLI (onnx.md)
    exported = tmp_path / "iris.onnx"
    code, _, err = cli(
        "graphs", "export", stored["id"], str(exported), "--fetch", "probs", "--feed", "x", *login
    )
    assert code == 0, err
    # THEN onnxruntime computes TF's probabilities from it
    import onnxruntime

    ort = onnxruntime.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    (got,) = ort.run(None, {ort.get_inputs()[0].name: FEATURES})
    np.testing.assert_allclose(got, TF["train_probs_saved"], RTOL)


def _tenant_journey(runner, key, labels):
    """One tenant's script: TF's checkpoint restored, trained 100 steps on `labels` in an
    async run, frozen as `shared` (stable), its rows uploaded as `rows` and batch-scored,
    under the names the other tenant uses too."""
    graph, saver, train = _tf_training_graph()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        saver.restore(sess, tf.train.latest_checkpoint(str(FIXTURES / "train")))
        job = sess.run(["loss:0", train], {"x:0": FEATURES, "y:0": labels}, steps=100, wait=False)
        job.result(timeout=120)
        api = sess.client
        created = api.create_model_version(
            "shared", sess.session_id, {"features": "x"}, {"probabilities": "probs"}
        )
        api.set_label("shared", "stable", created["version"])
        dataset = api.upload_dataset({"features": FEATURES}, "rows")
        batch = api.submit_batch(
            {
                "model": {"name": "shared", "label": "stable"},
                "dataset": dataset["id"],
                "inputs": {"features": "features"},
                "fetches": {"p": "probabilities"},
            }
        )
        return {
            "graph": sess.graph_id,
            "session": sess.session_id,
            "run": job.id,
            "dataset": dataset["id"],
            "batch": batch["id"],
            "version": created["version"],
            "predicted": gg.serving.Client("shared", url=runner.url, api_key=key).predict(
                {"features": TEST}
            )["probabilities"],
        }


def _locally(labels):
    graph, saver, train = _tf_training_graph()
    with tf.Session(graph=graph) as sess:
        saver.restore(sess, tf.train.latest_checkpoint(str(FIXTURES / "train")))
        for _ in range(100):
            sess.run(train, {"x:0": FEATURES, "y:0": labels})
        return sess.run("probs:0", {"x:0": TEST})


def test_two_tenants_running_one_journey_at_once_under_one_set_of_names_never_meet(runner):
    keys = [runner.create_tenant(f"scenarios7-{who}", plan="pro")["api_key"] for who in "ab"]
    # GIVEN two teams with the same script and names, and labels of their own
    labels = [LABELS, (LABELS + 1) % 3]
    # WHEN both run it at the same moment
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        made = list(pool.map(_tenant_journey, [runner] * 2, keys, labels))
    # THEN each got its own of everything, the same content stored twice included
    for kind in ("graph", "session", "run", "dataset", "batch"):
        assert made[0][kind] != made[1][kind], kind
    assert made[0]["version"] == made[1]["version"] == 1
    # and each one's model answers what its own training made: tenant a's TF's numbers
    np.testing.assert_allclose(made[0]["predicted"], TF["probs_end"], RTOL)
    np.testing.assert_allclose(made[1]["predicted"], _locally(labels[1]), RTOL)
    assert not np.allclose(made[0]["predicted"], made[1]["predicted"], atol=1e-2)
    clients = [Client(runner.url, key) for key in keys]
    for own, other, client in ((made[0], made[1], clients[0]), (made[1], made[0], clients[1])):
        # each listing holds its own and nothing of the other's
        for path, kind in (("graphs", "graph"), ("datasets", "dataset"), ("batches", "batch")):
            listed = [item["id"] for item in client.call("GET", f"/v1/{path}").json()["items"]]
            assert listed == [own[kind]], (path, listed)
        models = client.call("GET", "/v1/models").json()["items"]
        assert [model["name"] for model in models] == ["shared"]
        version = client.call("GET", "/v1/models/shared/versions/1").json()
        assert version["source"]["session_id"] == own["session"], version
        # and every id of the other's is a 404 of its kind, as one that never existed
        for path, code in (
            (f"/v1/graphs/{other['graph']}", "GRAPH_NOT_FOUND"),
            (f"/v1/sessions/{other['session']}", "SESSION_NOT_FOUND"),
            (f"/v1/sessions/{other['session']}/runs/{other['run']}", "SESSION_NOT_FOUND"),
            (f"/v1/datasets/{other['dataset']}", "DATASET_NOT_FOUND"),
            (f"/v1/batches/{other['batch']}", "BATCH_NOT_FOUND"),
        ):
            answer = client.call("GET", path)
            assert (answer.status, answer.json()["code"]) == (404, code), path
        # nor can a batch of its own name the other's dataset, nor a session its graph
        refused = client.call(
            "POST",
            "/v1/batches",
            {
                "model": {"name": "shared"},
                "dataset": other["dataset"],
                "inputs": {"features": "features"},
                "fetches": ["probabilities"],
            },
        )
        assert (refused.status, refused.json()["code"]) == (404, "DATASET_NOT_FOUND")
        refused = client.call("POST", "/v1/sessions", {"graph_id": other["graph"]})
        assert (refused.status, refused.json()["code"]) == (404, "GRAPH_NOT_FOUND")
    # and the same script's Idempotency-Key in both tenants is two keys: each write is
    # done once for each tenant, and each replays only its own answer
    once = {"Idempotency-Key": "s7-resume-training"}
    body = {"from_model": {"model": "shared", "version": 1}}
    started = []
    for client in clients:
        first = client.call("POST", "/v1/sessions", body, once)
        again = client.call("POST", "/v1/sessions", body, once)
        assert first.status == 201, first.body
        assert again.headers.get("idempotent-replayed") == "true"
        assert again.json()["id"] == first.json()["id"]
        started.append(first.json())
    assert started[0]["id"] != started[1]["id"]
    assert [s["graph_id"] for s in started] == [m["graph"] for m in made]


def test_tfs_checkpoint_trained_on_a_dataset_from_the_cli_ends_with_tfs_variables(
    runner, key, tmp_path
):
    login = _login(runner, key)
    # GIVEN TF's checkpoint restored into a remote session, and the rows TF trained on
    # uploaded as one dataset from an .npz
    graph, saver, _ = _tf_training_graph()
    np.savez(tmp_path / "iris.npz", x=FEATURES, labels=LABELS)
    code, out, err = cli("datasets", "upload", str(tmp_path / "iris.npz"), "-o", "json", *login)
    assert code == 0, err
    dataset = json.loads(out)
    assert dataset["arrays"] == {
        "x": {"dtype": "float32", "shape": [60, 4]},
        "labels": {"dtype": "int64", "shape": [60]},
    }
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        saver.restore(sess, tf.train.latest_checkpoint(str(FIXTURES / "train")))
        _train_from_the_shell(runner, key, sess.session_id, dataset["id"], tmp_path)


def _train_from_the_shell(runner, key, session, dataset, tmp_path):
    """The rest of the journey, from the shell, on the live session."""
    login = _login(runner, key)
    want = TF["minibatches"]
    # WHEN the shell trains it as datasets.md shows: shuffled minibatches, 10 epochs
    code, out, err = cli(
        "run", "-", "loss", "--session", session, "--target", "train",
        "--dataset", dataset, "--map", "x=x", "--map", "labels=y",
        "--batch-size", str(want["batch_size"]), "--epochs", str(want["epochs"]),
        "--shuffle", "--seed", str(want["seed"]), "-o", "json", *login,
    )  # fmt: skip
    assert code == 0, err
    # THEN the last step's loss is TF's, fed the minibatches in the documented order
    printed = json.loads(out)
    np.testing.assert_allclose(_scalar(printed["outputs"]["loss"]), want["losses"][-1], RTOL)
    # and the run, as `runs get` shows it, holds TF's loss at each of its checkpoints
    code, out, err = cli("runs", "get", session, printed["run"]["id"], "-o", "json", *login)
    assert code == 0, err
    record = json.loads(out)
    assert record["dataset"]["seed"] == want["seed"]
    assert record["position"] == {"epoch": want["epochs"], "offset": 0, "seed": want["seed"]}
    assert record["completed_steps"] == len(want["losses"]) == 40
    steps = [entry["step"] for entry in record["history"]]
    assert steps == [25, 40], record["history"]
    np.testing.assert_allclose(
        [_scalar(entry["outputs"]["loss"]) for entry in record["history"]],
        [want["losses"][step - 1] for step in steps],
        RTOL,
    )
    # and the variables the shell downloads are TF's, the optimizer's slots and step too
    code, _, err = cli("sessions", "vars", session, "--npz", str(tmp_path / "vars.npz"), *login)
    assert code == 0, err
    with np.load(tmp_path / "vars.npz") as got:
        assert sorted(got.files) == sorted(want["variables"])
        for name, value in want["variables"].items():
            np.testing.assert_allclose(got[name], value, RTOL, atol=1e-7, err_msg=name)


def _linear():
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 4], name="x")
        w = gg.Variable(gg.ones([4, 1]), name="w")
        gg.matmul(x, w, name="pred")
        gg.assign_add(w, gg.ones([4, 1]), name="bump")
    return graph


def _pages(client, path):
    """Every page of a listing of one item a page, followed by its `Link` as a browser
    resolves it; each page's `next_cursor` checked against the link."""
    items, url, cursors = [], f"{path}?limit=1", []
    while True:
        page = client.call("GET", url)
        assert page.status == 200, (url, page.body)
        body = page.json()
        items += [item.get("id") or item.get("name") or item["version"] for item in body["items"]]
        if body["next_cursor"] is None:
            assert "link" not in page.headers, page.headers["link"]
            return items, cursors
        link = page.headers["link"]
        assert link.startswith(f"<{path}?") and link.endswith('>; rel="next"'), link
        url = link[1 : -len('>; rel="next"')]
        cursors.append(body["next_cursor"])
        assert f"cursor={body['next_cursor']}" in url.replace("%3D", "="), (url, body)


def test_every_listing_pages_one_by_one_through_exactly_what_one_page_shows(runner):
    key = runner.create_tenant("scenarios7-pages", plan="pro")["api_key"]
    client = Client(runner.url, key)
    # GIVEN three of everything a tenant can list, from a user's script
    with gg.RemoteSession(runner.url, api_key=key, graph=_linear()) as sess:
        for _ in range(3):
            sess.run("bump")
        api, graph_id = sess.client, sess.graph_id
        for name in ("b", "c"):
            api.create_graph(name, _linear())
        for _ in range(2):
            api.create_session(graph_id)
        datasets = [api.upload_dataset({"x": FEATURES[:8]}, f"d{i}")["id"] for i in range(3)]
        for dataset in datasets:
            api.submit_batch(
                {
                    "session": sess.session_id,
                    "dataset": dataset,
                    "inputs": {"x": "x"},
                    "fetches": ["pred:0"],
                }
            )
        for name in ("m-a", "m-b", "m-b", "m-b", "m-c"):
            api.create_model_version(name, sess.session_id, {"x": "x"}, {"pred": "pred"})
        listings = {
            "/v1/graphs": 3,
            "/v1/sessions": 3,
            f"/v1/sessions/{sess.session_id}/runs": 3,
            "/v1/datasets": 3,
            "/v1/batches": 3,
            "/v1/models": 3,
            "/v1/models/m-b/versions": 3,
        }
        # WHEN each listing is walked one item a page, following its Link
        cursors = {}
        for path, count in listings.items():
            items, cursors[path] = _pages(client, path)
            # THEN it gives, once each and in order, what one page of them all shows
            whole = client.call("GET", f"{path}?limit=100").json()
            assert whole["next_cursor"] is None
            assert items == [
                item.get("id") or item.get("name") or item["version"] for item in whole["items"]
            ], path
            assert len(items) == count, (path, items)
        assert _pages(client, "/v1/models/m-b/versions")[0] == [3, 2, 1]
        assert _pages(client, "/v1/models")[0] == ["m-a", "m-b", "m-c"]
        # and a cursor is good only for the listing that issued it (graphs.md: bound to the
        # query that produced it) and the tenant it was issued to
        stranger = Client(runner.url, runner.create_tenant("s7-stranger", plan="pro")["api_key"])
        paths = [path for path in listings if cursors[path]]
        for issued, other in zip(paths, paths[1:] + paths[:1], strict=True):
            cursor = cursors[issued][0]
            answer = client.call("GET", f"{other}?limit=1&cursor={cursor}")
            assert (answer.status, answer.json()["code"]) == (400, "INVALID_CURSOR"), (
                issued,
                other,
            )
            if issued.count("/") == 2:  # a listing the stranger has too
                answer = stranger.call("GET", f"{issued}?limit=1&cursor={cursor}")
                assert (answer.status, answer.json()["code"]) == (400, "INVALID_CURSOR"), issued


def _log_lines(runner, run_id):
    runner.log.flush()
    text = (runner.workdir / "runner.log").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("run_id") == run_id]


def test_a_script_leaving_its_session_mid_run_stops_the_run_without_an_alarm(runner, key, client):
    # GIVEN TF's checkpoint training in a long async run a script does not wait for
    graph, saver, train = _tf_training_graph()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        saver.restore(sess, tf.train.latest_checkpoint(str(FIXTURES / "train")))
        feeds = {"x:0": FEATURES, "y:0": LABELS}
        job = sess.run(["loss:0", train], feeds, steps=50_000, wait=False)
        deadline = time.monotonic() + 60
        while job.progress()["completed_steps"] < 50:
            assert time.monotonic() < deadline, job.progress()
            time.sleep(0.05)
        session = sess.session_id
    # WHEN the `with` block ends, ending the session as TF1's `with tf.Session()` does
    # THEN the run ends with it: its URL is the session's 404, as every resource of it
    gone = client.call("GET", f"/v1/sessions/{session}/runs/{job.id}")
    assert (gone.status, gone.json()["code"]) == (404, "SESSION_NOT_FOUND")
    # and the worker stops at its next checkpoint, quietly: an error there is retried
    # and then dead-lettered, which raises the operators' alarm (operations.md)
    deadline = time.monotonic() + 60
    ended = {"async run ended with its session", "async run finished"}  # after or before
    while not any(
        line["message"] in ended or line["level"] == "ERROR" for line in _log_lines(runner, job.id)
    ):
        assert time.monotonic() < deadline, _log_lines(runner, job.id)[-3:]
        time.sleep(0.1)
    errors = [line for line in _log_lines(runner, job.id) if line["level"] == "ERROR"]
    assert errors == []


SEQ = json.loads((FIXTURES / "seq_expected.json").read_text())


def _lstm_script():
    """The TF1 script that trained the LSTM, unchanged but for its import (engine.md:
    build the model in graphgate, then restore TF's checkpoint into it)."""
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [None, 5, 3], name="seqs")
        y = tf.placeholder(tf.int64, [None], name="labels")
        step = tf.train.get_or_create_global_step()
        _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(6), x, dtype=tf.float32)
        w = tf.get_variable("out/kernel", [6, 2])
        b = tf.get_variable("out/bias", [2], initializer=tf.zeros_initializer())
        logits = tf.matmul(state.h, w) + b
        tf.nn.softmax(logits, name="probs")
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        train = tf.train.AdamOptimizer(0.01).minimize(loss, step, name="train")
        saver = tf.train.Saver()
    return graph, saver, train


def test_an_lstm_tf_trained_is_rebuilt_restored_trained_on_and_served_with_tfs_numbers(
    runner, key, client
):
    name = "s7-lstm"
    seqs = np.array(SEQ["seqs"], np.float32)
    checkpoint = tf.train.latest_checkpoint(str(FIXTURES / "seq_train"))
    # GIVEN the .meta TF wrote: its loop's gradient is refused, every problem at a node
    with pytest.raises(tf.errors.InvalidArgumentError) as refused, tf.Graph().as_default():
        tf.train.import_meta_graph(str(FIXTURES / "seq_train" / "model.ckpt-20.meta"))
    assert refused.value.code == "TF_GRAPH_UNSUPPORTED"
    problems = refused.value.details["problems"]
    assert all(problem["node"] for problem in problems)
    assert "StackPushV2" in {problem["op"] for problem in problems}
    # WHEN the script's model is built in graphgate and TF's checkpoint restored remotely
    graph, saver, train = _lstm_script()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        saver.restore(sess, checkpoint)
        # THEN it predicts what TF did at the checkpoint, and trains on as TF did: the
        # LSTM's kernel layout, Adam's slots and powers all restored by their TF names
        np.testing.assert_allclose(
            sess.run("probs:0", {"seqs:0": seqs[:4]}), SEQ["probs_saved"], RTOL
        )
        feeds = {"seqs:0": seqs, "labels:0": np.array(SEQ["labels"], np.int64)}
        job = sess.run(["loss:0", train], feeds, steps=30, wait=False)
        last, _ = job.result(timeout=120)
        np.testing.assert_allclose(last, SEQ["losses_after"][-1], RTOL)
        np.testing.assert_allclose(
            [loss for _, loss in job.history("loss:0")], [SEQ["losses_after"][24], last], RTOL
        )
        assert sess.run("global_step:0") == SEQ["saved_at"] + 30
        # WHEN the trained LSTM is frozen and served
        created = sess.client.create_model_version(
            name, sess.session_id, {"seqs": "seqs"}, {"probs": "probs"}
        )
    assert created["signature"]["inputs"][0]["shape"] == [-1, 5, 3]
    # THEN TF Serving's rows of sequences and KServe's batch answer TF's probabilities
    tfs = _tfs_predict(client, name, {"instances": seqs[:4].tolist()})
    np.testing.assert_allclose(tfs.json()["predictions"], SEQ["probs_end"], RTOL)
    served = gg.serving.Client(name, url=runner.url, api_key=key)
    np.testing.assert_allclose(served.predict({"seqs": seqs[:4]})["probs"], SEQ["probs_end"], RTOL)
