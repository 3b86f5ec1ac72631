"""Journeys a user made from README.md and docs/ alone, round 9: a TF1 script trained on
the service hands its checkpoint to TensorFlow and takes TensorFlow's back, and a Keras
user does the same with HDF5 files (graphgate's exports were shown to TensorFlow 2.21 by
`tests/reference/scenarios9.py`, which committed the files TF read and what it computed
from them; each test re-creates graphgate's export over HTTP and holds it to those very
files, so a drift in either the export or the training fails here); a data scientist's
batch cancelled half-way and finished by a second; a script whose answers the network
loses; an operator rotating the token-signing key under live traffic. Each test pins a
place where the product answered otherwise than the docs promised, or one the docs
promise and a change could break."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import secrets
import time
from pathlib import Path

import boto3
import h5py
import jwt
import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate_service import signing
from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS
from tests.e2e.faultproxy import Fault, FaultProxy
from tests.e2e.test_auth import call, forged, get_tokens
from tests.e2e.test_cli import run as cli
from tests.reference import scenarios9 as journey
from tests.support import REPO_ROOT, Client

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
        # THEN it holds the variables of the file TensorFlow restored (graphgate's, made
        # step by step in a local session): the same keys, and values up to the last bits
        # a CPU's float32 kernels may sum differently over 30 Adam steps
        assert prefix.endswith(f"model.ckpt-{journey.STEPS}")
        shown = FIXTURES / "gg" / "ckpt" / f"model.ckpt-{journey.STEPS}"
        _assert_same_checkpoint(prefix, str(shown))
        # and with that file's values, byte for byte that file
        saver.restore(sess, str(shown))
        again = saver.save(sess, str(tmp_path / "again" / "model.ckpt"), global_step=t["step"])
        for suffix in (".index", ".data-00000-of-00001"):
            written = Path(again + suffix)
            assert _sha256(written) == TF["shown"][f"gg/ckpt/{shown.name}{suffix}"], suffix
            assert written.read_bytes() == Path(f"{shown}{suffix}").read_bytes()
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
    # WHEN the export TF made of those same 20 steps (`simple_save`) is made a version with
    # the CLI, as models.md shows
    _serve_saved_model(runner, key, "s9-tf-saved", FIXTURES / "tf" / "saved")
    # THEN TF Serving's REST API answers TF's probabilities too
    tfs = Client(runner.url, key).call(
        "POST", "/tfserving/v1/models/s9-tf-saved:predict", {"instances": DATA["test"].tolist()}
    )
    assert tfs.status == 200, tfs.body
    np.testing.assert_allclose(tfs.json()["predictions"], TF["probs_more"], RTOL)


def _serve_saved_model(runner, key: str, name: str, export: Path) -> None:
    code, out, err = cli(
        "models", "create", name, "--saved-model", str(export), "-o", "json",
        "--url", runner.url, "--api-key", key,
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["version"] == 1


def _assert_same_checkpoint(ours: str, theirs: str) -> None:
    a, b = tf.train.load_checkpoint(ours), tf.train.load_checkpoint(theirs)
    shapes = a.get_variable_to_shape_map()
    assert shapes == b.get_variable_to_shape_map()
    for name in shapes:
        _assert_close(a.get_tensor(name), b.get_tensor(name), name)


def _assert_same_h5(ours: Path, theirs: Path) -> None:
    """Two HDF5 files with the same groups, attributes and dtypes, and values within RTOL
    (the groups first: a difference there says where)."""
    a, b = _h5_tree(ours), _h5_tree(theirs)
    assert {k: (v[0], v[1]) for k, v in a.items()} == {k: (v[0], v[1]) for k, v in b.items()}
    for name, (_, _, value) in a.items():
        if value is not None:
            _assert_close(value, b[name][2], name)


def _assert_close(ours, theirs, name: str) -> None:
    # Relative to the array's scale: a weight trained to near zero keeps the absolute
    # error of the sums that made it (2e-8 on a -1.2e-4 weight of a kernel of weights near 1).
    theirs = np.asarray(theirs)
    scale = float(np.abs(theirs).max()) if theirs.size and theirs.dtype.kind == "f" else 0.0
    np.testing.assert_allclose(ours, theirs, RTOL, RTOL * scale, err_msg=name)


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
    # THEN the file is, group by group and value by value (up to a CPU's last bits), what
    # tf_keras loaded
    shown = FIXTURES / "gg" / "keras.h5"
    _assert_same_h5(tmp_path / "keras.h5", shown)
    # and tf_keras predicted what the service predicted
    np.testing.assert_allclose(predicted, TF["keras_predict_restored"], RTOL)
    # WHEN the user loads that file again, saves it (byte for byte the file), and fits one
    # more epoch, as TF did from it
    with gg.Graph().as_default():
        sess = gg.RemoteSession(runner.url, api_key=key)
        tf.keras.backend.set_session(sess)
        try:
            again = tf.keras.models.load_model(str(shown))
            again.save(str(tmp_path / "again.h5"))
            losses = journey.fit(again, 1)
        finally:
            tf.keras.backend.set_session(None)
            sess.close()
    assert _sha256(tmp_path / "again.h5") == _sha256(shown) == TF["shown"]["gg/keras.h5"]
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
    # THEN TF Serving's REST API answers what tf_keras predicted after that epoch, and so
    # does the SavedModel tf_keras wrote of it (`model.save(dir)`, TF 2's format)
    _serve_saved_model(runner, key, "s9-keras-saved", FIXTURES / "tf" / "keras_saved")
    for name in ("s9-keras-back", "s9-keras-saved"):
        tfs = Client(runner.url, key).call(
            "POST", f"/tfserving/v1/models/{name}:predict", {"instances": DATA["test"].tolist()}
        )
        assert tfs.status == 200, (name, tfs.body)
        np.testing.assert_allclose(tfs.json()["predictions"], TF["keras_predict_more"], RTOL)


# -- a data scientist's batch, cancelled half-way and finished with a second one ----------

ROWS, PER_SHARD = 50_000, 5_000
# Each shard's rows refined this many times: ~0.15 s a shard, so that a cancel after the
# second shard meets the batch running however fast the machine polls
REFINEMENTS = 500


def _scorer() -> gg.Graph:
    """64 features -> 10 classes, refined in a loop (a mean-field step towards the softmax)."""
    rng = np.random.default_rng(9)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 64], name="x")
        w = gg.Variable(rng.normal(0, 0.2, (64, 10)).astype(np.float32), name="w")
        logits = gg.matmul(x, w)

        def refine(i, p):
            return i + 1, 0.5 * p + 0.5 * gg.nn.softmax(logits + 0.1 * p)

        start = [gg.constant(0), gg.nn.softmax(logits)]
        _, probs = gg.while_loop(lambda i, p: i < REFINEMENTS, refine, start)
        gg.identity(probs, name="probs")
        gg.argmax(probs, 1, name="label")
        gg.global_variables_initializer()
    return graph


def _local(graph: gg.Graph, rows: np.ndarray) -> dict:
    with gg.Session(graph=graph) as session:
        session.run("init")
        probs, label = session.run(["probs:0", "label:0"], {"x:0": rows})
    return {"probs": probs, "label": label}


def _settled(api, batch_id: str) -> dict:
    """The batch once its shards in flight at the cancel have finished (batches.md)."""
    deadline = time.monotonic() + 60
    while True:
        batch = api.get_batch(batch_id)
        if len(batch["outputs"]) == batch["shards"]["done"] and not _running(api, batch):
            return batch
        assert time.monotonic() < deadline, batch
        time.sleep(0.2)


def _running(api, batch: dict) -> bool:
    time.sleep(0.5)  # a shard in flight records itself within this
    return api.get_batch(batch["id"])["shards"] != batch["shards"]


def _scores(api, batch: dict) -> list[tuple[int, int, dict]]:
    return [(o["start"], o["stop"], api.batch_shard(o["url"])) for o in batch["outputs"]]


def test_a_cancelled_batch_is_finished_by_a_second_with_no_row_lost_or_scored_twice(
    runner, key, client
):
    graph = _scorer()
    rows = np.random.default_rng(19).normal(size=(ROWS, 64)).astype(np.float32)
    with (
        gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess,
        gg.client.Client(runner.url, key) as api,
    ):
        # GIVEN the model frozen as `s9-scorer` v1, labelled `stable`, and 50,000 rows
        # uploaded as a dataset (models.md, datasets.md)
        sess.run("init")
        outputs = {"probs": "probs", "label": "label"}
        api.create_model_version("s9-scorer", sess.session_id, {"x": "x"}, outputs)
        api.set_label("s9-scorer", "stable", 1)
        dataset = api.upload_dataset({"rows": rows}, "s9-rows")
        body = {
            "model": {"name": "s9-scorer", "label": "stable"},
            "fetches": ["probs", "label"],  # the version's aliases (batches.md)
            "dataset": dataset["id"],
            "inputs": {"x": "rows"},
            "rows_per_shard": PER_SHARD,
            "max_concurrency": 1,
        }
        # WHEN it is scored in 10 shards, one at a time, and the submission is retried
        # with its Idempotency-Key, as after a lost answer (api.md)
        once = {"Idempotency-Key": "s9-first-batch"}
        before = api.usage()
        first = client.call("POST", "/v1/batches", body, once)
        assert first.status == 202, first.body
        batch_id = first.json()["id"]
        replay = client.call("POST", "/v1/batches", body, once)
        assert replay.status == 202 and replay.json()["id"] == batch_id
        assert replay.headers.get("idempotent-replayed") == "true"
        # and cancelled once two shards are done
        deadline = time.monotonic() + 60
        while api.get_batch(batch_id)["shards"]["done"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        cancelled = api.cancel_batch(batch_id)
        # THEN the cancel took, the shards in flight finished, and none started after it
        assert cancelled is not None and cancelled["status"] == "cancelled", cancelled
        batch = _settled(api, batch_id)
        assert batch["status"] == "cancelled"
        done = batch["shards"]["done"]
        assert 2 <= done < 10 and batch["shards"]["failed"] == 0
        assert batch["rows_done"] == done * PER_SHARD
        assert api.cancel_batch(batch_id) is None  # 409 BATCH_FINISHED: it has ended
        # and it was metered as one run of every shard done, those in flight at the cancel
        # included (batches.md: their outputs are delivered, so they are metered)
        runs = {k: api.usage()["runs"][k] - before["runs"][k] for k in ("runs", "feed_bytes")}
        billed = done * PER_SHARD * rows[0].nbytes
        assert runs == {"runs": 1, "feed_bytes": billed}
        # and only one batch was made of the two submissions
        mine = [b for b in api.batches() if b.get("dataset") == dataset["id"]]
        assert [b["id"] for b in mine] == [batch_id]
        # WHEN the rows no shard scored are uploaded and scored by a second batch
        kept = _scores(api, batch)
        resume_at = max(stop for _, stop, _ in kept)
        rest = api.upload_dataset({"rows": rows[resume_at:]}, "s9-rest")
        second = api.submit_batch({**body, "dataset": rest["id"], "max_concurrency": 4})
        deadline = time.monotonic() + 120
        while (finished := api.get_batch(second["id"]))["status"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert finished["status"] == "succeeded", finished
        resumed = [(a + resume_at, b + resume_at, s) for a, b, s in _scores(api, finished)]
    # THEN the two batches' shards cover every row exactly once, in order
    spans = sorted((a, b) for a, b, _ in kept + resumed)
    assert spans[0][0] == 0 and spans[-1][1] == ROWS
    assert all(b == c for (_, b), (c, _) in itertools.pairwise(spans))
    # and each shard holds what the model computes for its rows (compared shard by shard:
    # batches.md, a matmul's last bit depends on its rows)
    for start, stop, shard in kept + resumed:
        want = _local(graph, rows[start:stop])
        assert shard["probs"].shape == (stop - start, 10)
        np.testing.assert_array_equal(shard["probs"], want["probs"])
        np.testing.assert_array_equal(shard["label"], want["label"])


# -- a TF1 script on a network that loses answers -----------------------------------------


def _after(method: str, prefix: str, suffix: str = ""):
    def match(m: str, path: str) -> bool:
        path = path.split("?", 1)[0]
        return m == method and path.startswith(prefix) and path.endswith(suffix)

    return match


def _lost_then_replayed(proxy: FaultProxy, method: str, prefix: str, suffix: str = "") -> None:
    """The write reached the service and was done, its answer lost, and the retry (same
    Idempotency-Key) answered from the first: client.md's promise for every write."""
    tries = [e for e in proxy.seen(method, prefix) if e.path.split("?", 1)[0].endswith(suffix)]
    dropped = [i for i, e in enumerate(tries) if e.fault == "drop"]
    assert dropped, (method, prefix, suffix)
    first, retry = tries[dropped[-1]], tries[dropped[-1] + 1]
    assert first.status is not None and first.status < 300, first
    assert retry.request_headers["idempotency-key"] == first.request_headers["idempotency-key"]
    assert retry.response_headers.get("idempotent-replayed") == "true", retry


def test_a_script_whose_answers_are_lost_does_each_write_once(runner):
    key = runner.create_tenant("scenarios9-flaky", plan="pro")["api_key"]  # its own listings
    # GIVEN a TF1 training script (README's linear model, with a global step) talking to the
    # service through a network that loses an answer after the service acted on it
    points = np.random.default_rng(3).normal(size=(32, 2)).astype(np.float32)
    targets = points @ np.array([[2.0], [-1.0]], np.float32) + 0.5
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        pred = tf.identity(tf.matmul(x, w), name="pred")
        loss = tf.reduce_mean(tf.square(pred - y), name="loss")
        step = tf.train.get_or_create_global_step()
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
        init = tf.global_variables_initializer()
    feeds = {x: points, y: targets}
    with gg.Session(graph=graph) as local:  # what 10 steps, each once, give
        local.run(init)
        for _ in range(10):
            local.run(train, feeds)
        want = local.run(w)
    sessions_path = "/v1/sessions/"
    with FaultProxy(runner.url) as proxy, gg.client.Client(proxy.url, key) as api:
        # WHEN the session's creation, every other training step, an async run's start, a
        # version's freezing, a dataset's registration, a batch's submission and the
        # session's end each lose their answer once
        proxy.inject(Fault(_after("POST", "/v1/sessions", "/v1/sessions"), "drop"))
        sess = gg.RemoteSession(graph=graph, client=api)
        sess.run(init)
        for i in range(6):
            if i % 2 == 0:
                proxy.inject(Fault(_after("POST", sessions_path, "/runs"), "drop"))
            sess.run(train, feeds)
        _lost_then_replayed(proxy, "POST", sessions_path, "/runs")
        proxy.inject(Fault(_after("POST", sessions_path, "/runs"), "drop"))
        sess.run(train, feeds, steps=4, wait=False).result(timeout=60)
        # THEN every step ran once: TF1's global step and the weights of 10 steps, as local
        assert sess.run(step) == 10
        np.testing.assert_array_equal(sess.run(w), want)
        assert [s["id"] for s in api.sessions()] == [sess.session_id]
        # and one version, one dataset and one batch were made
        proxy.inject(Fault(_after("POST", "/v1/models"), "drop"))
        made = api.create_model_version("s9-flaky", sess.session_id, {"x": "x"}, {"y": "pred"})
        _lost_then_replayed(proxy, "POST", "/v1/models")
        assert [v["version"] for v in api.model_versions("s9-flaky")] == [made["version"]] == [1]
        proxy.inject(Fault(_after("POST", "/v1/datasets", "/v1/datasets"), "drop"))
        dataset = api.upload_dataset({"x": points}, "s9-flaky-rows")
        _lost_then_replayed(proxy, "POST", "/v1/datasets", "/v1/datasets")
        assert [d["id"] for d in api.datasets()] == [dataset["id"]]
        proxy.inject(Fault(_after("POST", "/v1/batches"), "drop"))
        handle = sess.run_batch(pred, dataset=dataset["id"], inputs={x: "x"})
        _lost_then_replayed(proxy, "POST", "/v1/batches")
        np.testing.assert_array_equal(handle.result(timeout=60), points @ want)
        assert [b["id"] for b in api.batches()] == [handle.id]
        # and the session's end, its answer lost, ends it once and raises nothing
        proxy.inject(Fault(_after("DELETE", sessions_path), "drop"))
        sess.close()
        _lost_then_replayed(proxy, "DELETE", sessions_path)
        assert [s["id"] for s in api.sessions()] == []


# -- an operator rotating the token-signing key under live traffic ---------------------------


@pytest.fixture
def own_runner(tmp_path):
    """A runner of this test's own: the rotation changes the key every token is signed
    with, and the functions' caches must start from the test's first login."""
    with RunnerProcess(tmp_path / "runner", E2E_PARAMETERS, persist=False) as process:
        yield process


def _keysets(runner):
    client = boto3.client(
        "secretsmanager",
        endpoint_url=runner.state["aws_endpoint"],
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    name = "graphgate-local-TokenSigningSecret"

    def read() -> dict:
        return json.loads(client.get_secret_value(SecretId=name)["SecretString"])

    def write(keyset: dict) -> None:
        client.put_secret_value(SecretId=name, SecretString=json.dumps(keyset))

    return read, write


def _kid(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


def test_rotating_the_signing_key_as_auth_md_says_fails_no_token_it_says_works(own_runner):
    runner = own_runner
    tenant = runner.create_tenant("rotation", plan="pro")
    key, usage = tenant["api_key"], f"{runner.url}/v1/usage"
    read, write = _keysets(runner)
    # auth.md's procedure: add the new kid, wait, make it current, wait, remove the old one
    # (the waits are minutes: this journey takes the steps at once, and checks that what it
    # meets fits them)
    doc = (REPO_ROOT / "docs" / "auth.md").read_text()
    waits = re.search(r"Remove the old kid (\d+) minutes after step 2", doc)
    assert waits, "auth.md's Signing keys section says when to remove the old kid"
    remove_after_s = int(waits.group(1)) * 60
    # GIVEN live traffic: a client logged in and working, its token signed by the old kid
    live = get_tokens(runner.url, key)["access_token"]
    old = read()["current"]
    assert _kid(live) == old
    assert call("GET", usage, key, live).status == 200
    # WHEN the operator adds a new kid beside the current one
    new = f"k{secrets.token_hex(4)}"
    write({**read(), new: secrets.token_urlsafe(48)})
    # THEN the live token keeps working, and so does one the new kid signed (an insider's,
    # as a function that already re-read the secret would sign it): an unknown kid makes
    # the authorizer re-read the secret at once
    assert call("GET", usage, key, live).status == 200
    early = forged((new, read()[new].encode()), tenant["tenant_id"])
    assert call("GET", usage, key, early).status == 200
    # WHEN the new kid is made current
    write({**read(), "current": new})
    switched = time.time()
    time.sleep(1.1)  # a token's times are whole seconds: the next one is issued after this
    # THEN the live token still works, and a login now is still signed by the old kid (the
    # token function read the secret seconds ago and re-reads it every 5 minutes), and
    # valid for 15 minutes: auth.md must not have the operator remove the old kid before
    # then (it said 15 minutes after the switch, which refused such tokens early)
    assert call("GET", usage, key, live).status == 200
    after = get_tokens(runner.url, key)
    assert _kid(after["access_token"]) == old
    assert call("GET", usage, key, after["access_token"]).status == 200
    claims = jwt.decode(after["access_token"], options={"verify_signature": False})
    accepted_until = claims["exp"] + signing.LEEWAY_S
    assert accepted_until <= switched + remove_after_s, (claims, switched, remove_after_s)
    # and a refresh (the client's own, 30 s before expiry) is answered the same way
    refreshed = get_tokens(
        runner.url, key, grant_type="refresh_token", refresh_token=after["refresh_token"]
    )
    assert call("GET", usage, key, refreshed["access_token"]).status == 200
