"""Journeys a user made from README.md and docs/ alone, round 16: a conv net with batch norm
and dropout that TensorFlow 2.21 trained and wrote with `simple_save`, served from that
directory, batch-scored and exported to ONNX from a session started from the version;
transfer learning, a base network's variables restored from TF's checkpoint into a new
graph with a new head and only the head trained; a learning-rate sweep of async runs
forked from one warmed-up session, the best promoted to a label and the rest cleaned up;
a model of a string and a float input and two outputs served through TF Serving (rows and
columns), KServe (JSON and binary) and the client, each output asked for alone; and a
linear model trained from the web console (chromium, as test_console.py drives it) and
checked through the API, its version and label made through the API and checked in the
console. Every number is held to what TensorFlow 2.21 computed
(`tests/reference/scenarios16.py` recorded it) or to onnxruntime."""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from tests.e2e import test_console as console
from tests.e2e.test_cli import run as cli
from tests.reference import scenarios16 as journey
from tests.support import Client, poll_until_finished

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

TF = json.loads((journey.OUT / "expected.json").read_text())
# float32 kernels summing in their own orders (TF's convolution and tanh are Eigen's): a
# last bit or two, compounded over a few dozen steps at most; a wrong moving average, mask,
# head or learning rate is off by far more
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios16-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _close(ours, theirs, what: str, rtol: float = RTOL, atol: float = ATOL) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, rtol, atol, err_msg=what)


# -- 1. a conv net TF trained with batch norm and dropout, from its simple_save ------------


def test_a_bn_dropout_cnn_tf_saved_serves_batch_scores_and_exports_to_onnx_as_tf(
    runner, key, client, tmp_path
):
    import onnxruntime as ort

    rows = journey.cnn_rows()
    want = np.asarray(TF["cnn"]["probs"], np.float32)
    login = ("--url", runner.url, "--api-key", key)
    with gg.client.Client(runner.url, key) as api:
        # GIVEN the directory TF 2.21's simple_save wrote: batch norm and dropout under a
        # `training` placeholder_with_default, trained (so each cond carries cond_v2's
        # gradient intermediates, which the bridge refused: TF_GRAPH_UNSUPPORTED)
        # WHEN it is served as models.md says, and labelled stable
        version = api.create_model_version_from_saved_model("s16-cnn", journey.OUT / "cnn")
        assert version["version"] == 1, version
        api.set_label("s16-cnn", "stable", 1)
        # THEN TF Serving's row format answers TF's probabilities (the moving averages TF
        # trained, dropout off)
        answer = client.call(
            "POST", "/tfserving/v1/models/s16-cnn:predict", {"instances": rows[:8].tolist()}
        )
        assert answer.status == 200, answer.body
        _close(answer.json()["predictions"], want[:8], "tf serving")
        # AND KServe through gg.serving.Client, every row
        model = gg.serving.Client("s16-cnn", label="stable", url=runner.url, api_key=key)
        _close(model.predict({"images": rows})["probs"], want, "kserve")
        assert model.last_version == 1
        # WHEN the rows are uploaded and batch-scored by the label in three shards
        dataset = api.upload_dataset({"images": rows}, "s16-cnn-rows")
        batch = api.submit_batch(
            {
                "model": {"name": "s16-cnn", "label": "stable"},
                "dataset": dataset["id"],
                "fetches": {"probs": "probs"},
                "inputs": {"images": "images"},
                "rows_per_shard": 100,
            }
        )
        # (and the version goes back out as a SavedModel that predicts the same: models.md;
        # TF 2.21's loaders read this download as well, to 2e-7, checked by hand)
        api.export_saved_model("s16-cnn", tmp_path / "download", label="stable")
        with tf.Graph().as_default(), tf.Session() as local:
            meta = tf.saved_model.loader.load(local, ["serve"], str(tmp_path / "download"))
            signature = meta.signature_def["serving_default"]
            feed = {signature.inputs["images"].name: rows}
            _close(local.run(signature.outputs["probs"].name, feed), want, "the download")
        record = poll_until_finished(client, f"/v1/batches/{batch['id']}")
        assert record["status"] == "succeeded", record
        outputs = sorted(record["outputs"], key=lambda o: o["start"])
        scored = np.concatenate([api.batch_shard(o["url"])["probs"] for o in outputs])
        # THEN every row is TF's, in row order
        _close(scored, want, "batch")
        # WHEN a session started from the version exports ONNX with its values (onnx.md:
        # `graphs export --session` converts here, taking the session's variables)
        session = api.create_session(from_model=("s16-cnn", 1))
        path = tmp_path / "cnn.onnx"
        code, out, err = cli(
            "graphs", "export", session["graph_id"], str(path), "--session", session["id"],
            "--fetch", "probs", "--feed", "images", *login,
        )  # fmt: skip
        assert code == 0, (out, err)
        api.delete_session(session["id"])
    # THEN onnxruntime runs the file to TF's numbers
    onnx_model = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (feed,) = onnx_model.get_inputs()
    (ort_probs,) = onnx_model.run(None, {feed.name: rows})
    _close(ort_probs, want, "onnxruntime")


# -- 2. transfer learning: TF's checkpoint as the base, a new head trained alone -----------


def _transfer_graph(restore: str):
    """The new network (`journey.head_graph`), its base from TF's checkpoint: by
    `init_from_checkpoint` (the initializers become the checkpoint's values) or by a
    `Saver(var_list=base)` the caller restores; returns the graph and that Saver."""
    with tf.Graph().as_default() as graph:
        base = journey.head_graph(tf)
        if restore == "init_from_checkpoint":
            tf.train.init_from_checkpoint(
                str(journey.OUT / "base" / "model.ckpt"), {"base/": "base/"}
            )
        saver = tf.train.Saver(var_list=base)
        init = tf.global_variables_initializer()
    return graph, saver, init


@pytest.mark.parametrize("restore", ["init_from_checkpoint", "saver"])
def test_a_new_head_on_tfs_checkpointed_base_trains_alone_and_serves_as_tf(
    runner, key, client, restore
):
    want = TF["transfer"]
    x, labels = journey.head_data()
    feeds = {"x:0": x, "labels:0": labels}
    graph, saver, init = _transfer_graph(restore)
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # GIVEN the base's variables restored from the checkpoint TF wrote
        sess.run(init)
        if restore == "saver":
            saver.restore(sess, str(journey.OUT / "base" / "model.ckpt"))
        # WHEN only the head is trained (`minimize(var_list=head)`): ten steps one request
        # each, the rest in one async run
        losses = [sess.run(["loss:0", "train"], feeds)[0] for _ in range(10)]
        job = sess.run(
            "loss:0", feeds, targets=["train"], steps=journey.HEAD_STEPS - 10, wait=False
        )
        losses.append(job.result(timeout=120))
        variables = sess.run({name: f"{name}:0" for name in want["variables"]})
        # THEN the losses and every variable are TF's: the base as the checkpoint holds it
        _close(losses, want["losses"][:10] + want["losses"][-1:], f"{restore}: losses")
        for name, value in variables.items():
            _close(value, want["variables"][name], f"{restore}: {name}")
        # WHEN it is frozen and asked over TF Serving's columnar format
        model = f"s16-transfer-{restore.replace('_', '-')}"
        sess.client.create_model_version(model, sess.session_id, {"x": "x"}, {"probs": "probs"})
    body = {"inputs": journey.transfer_rows().tolist()}
    answer = client.call("POST", f"/tfserving/v1/models/{model}:predict", body)
    # THEN it predicts TF's probabilities
    assert answer.status == 200, answer.body
    _close(answer.json()["outputs"], want["probs"], f"{restore}: tf serving")


# -- 3. a learning-rate sweep forked from one warmed-up session -----------------------------


def _runs_today(api) -> dict:
    return api.usage()["runs"]


def test_a_sweep_of_forked_async_runs_promotes_tfs_best_and_meters_each_run_once(runner):
    want = TF["sweep"]
    x, y = journey.sweep_data()
    key = runner.create_tenant("s16-sweep", plan="pro")["api_key"]
    with tf.Graph().as_default() as graph:
        journey.sweep_graph(tf)
    feeds = {"x:0": x, "y:0": y, "learning_rate:0": journey.SWEEP_RATES[0]}
    with gg.client.Client(runner.url, key) as api:
        # GIVEN one session warmed up SWEEP_WARM steps in one run (a new tenant: no runs yet)
        with gg.RemoteSession(runner.url, api_key=key, graph=graph) as warm:
            warm.run("train", feeds, steps=journey.SWEEP_WARM)
            warmed = _runs_today(api)
            assert warmed["runs"] == 1, warmed
            _close(warm.run("loss:0", feeds), want["warm_loss"], "the warm-up's loss")
            before = _runs_today(api)
            # WHEN it is forked once per learning rate (sessions.md: a copy of the variables)
            # and each fork trains SWEEP_STEPS steps at its rate in an async run, at once
            forks = {
                rate: api.create_session(from_session=warm.session_id)["id"]
                for rate in journey.SWEEP_RATES
            }
            warm_id = warm.session_id
            jobs = {}
            for rate, fork in forks.items():
                sess = gg.RemoteSession(runner.url, api_key=key, graph=graph, session_id=fork)
                rated = {**feeds, "learning_rate:0": rate}
                jobs[rate] = (
                    sess,
                    sess.run(
                        "loss:0", rated, targets=["train"], steps=journey.SWEEP_STEPS, wait=False
                    ),
                )
            for _, job in jobs.values():
                job.result(timeout=120)
            # THEN each run is metered once, for its feeds once (not per step): three runs,
            # each of the bytes the warm-up's one run of the same feeds counted
            after = _runs_today(api)
            assert after["runs"] - before["runs"] == 3, (before, after)
            assert after["feed_bytes"] - before["feed_bytes"] == 3 * warmed["feed_bytes"], (
                warmed, before, after,
            )  # fmt: skip
            # AND each fork ends with TF's loss and variables for its rate
            losses = {}
            for rate, (sess, _) in jobs.items():
                losses[rate] = float(sess.run("loss:0", feeds))
                tf_run = want["runs"][str(rate)]
                _close(losses[rate], tf_run["loss"], f"rate {rate}: loss", rtol=1e-4)
                got = sess.run({name: f"{name}:0" for name in tf_run["variables"]})
                for name, value in got.items():
                    _close(
                        value,
                        tf_run["variables"][name],
                        f"rate {rate}: {name}",
                        rtol=1e-4,
                        atol=1e-5,
                    )
            # WHEN the best is frozen and promoted to `stable`, and every session deleted
            best = min(losses, key=losses.get)
            assert str(best) == min(want["runs"], key=lambda r: want["runs"][r]["loss"])
            api.create_model_version("s16-sweep", forks[best], {"x": "x"}, {"pred": "pred"})
            api.set_label("s16-sweep", "stable", 1)
            for sess, _ in jobs.values():
                sess.close()
            for fork in forks.values():
                api.delete_session(fork)
        # (the warm-up's own session ends with its `with`)
        # THEN no session is left, and the label serves the best fork's predictions
        assert [s["id"] for s in api.sessions()] == [], "sessions left behind"
        with pytest.raises(gg.client.errors.NotFoundError):
            api.get_session(warm_id)
        variables = want["runs"][str(best)]["variables"]
        hidden = np.tanh(x[:5] @ np.float32(variables["w1"]) + np.float32(variables["b1"]))
        model = gg.serving.Client("s16-sweep", label="stable", url=runner.url, api_key=key)
        _close(
            model.predict({"x": x[:5]})["pred"],
            hidden @ np.float32(variables["w2"]),
            "served",
            rtol=1e-4,
            atol=1e-5,
        )


# -- 4. a string and a float input, a float and a string output, every protocol ------------


def test_a_two_input_two_output_saved_model_answers_tfs_values_on_every_protocol(
    runner, key, client
):
    import tritonclient.http as triton

    want = TF["tagger"]
    words, features = journey.tagger_rows()
    n = len(words)
    # GIVEN TF's simple_save of a model of a string `word` (hashed into an embedding) and
    # float `features`, answering a float `score` and a string `tag`
    with gg.client.Client(runner.url, key) as api:
        api.create_model_version_from_saved_model("s16-tagger", journey.OUT / "tagger")
    # THEN TF Serving's metadata is the signature TF's loader reads, and KServe's says it
    # in OIP's types
    meta = client.call("GET", "/tfserving/v1/models/s16-tagger/metadata").json()
    sig = meta["metadata"]["signature_def"]["signature_def"]["serving_default"]
    for side in ("inputs", "outputs"):
        got = {
            alias: [info["dtype"], [int(d["size"]) for d in info["tensor_shape"]["dim"]]]
            for alias, info in sig[side].items()
        }
        assert got == want["signature"][side], (side, sig)
    oip = {"DT_STRING": "BYTES", "DT_FLOAT": "FP32"}
    kserve = client.call("GET", "/v2/models/s16-tagger").json()
    for side in ("inputs", "outputs"):
        got = {t["name"]: [t["datatype"], t["shape"]] for t in kserve[side]}
        assert got == {k: [oip[d], s] for k, (d, s) in want["signature"][side].items()}, kserve
    path = "/tfserving/v1/models/s16-tagger:predict"
    # WHEN TF Serving's row format names both inputs in each instance
    instances = [{"word": w, "features": f} for w, f in zip(words, features.tolist(), strict=True)]
    rows = client.call("POST", path, {"instances": instances})
    # THEN each prediction is an object of both outputs, TF's
    assert rows.status == 200, rows.body
    predictions = rows.json()["predictions"]
    assert [p["tag"] for p in predictions] == want["tag"]
    _close([p["score"] for p in predictions], want["score"], "tf serving rows")
    # AND its columnar format answers the same, the non-ASCII word as TF hashed its UTF-8
    columns = client.call("POST", path, {"inputs": {"word": words, "features": features.tolist()}})
    assert columns.status == 200, columns.body
    assert columns.json()["outputs"]["tag"] == want["tag"]
    _close(columns.json()["outputs"]["score"], want["score"], "tf serving columns")
    # WHEN KServe's JSON asks for each output alone
    inputs = [
        {"name": "word", "datatype": "BYTES", "shape": [n], "data": words},
        {"name": "features", "datatype": "FP32", "shape": [n, 2],
         "data": np.ravel(features).tolist()},
    ]  # fmt: skip
    for output in ("score", "tag"):
        answer = client.call(
            "POST", "/v2/models/s16-tagger/infer", {"inputs": inputs, "outputs": [{"name": output}]}
        )
        assert answer.status == 200, answer.body
        (out,) = answer.json()["outputs"]
        # THEN only that output comes back, TF's
        assert out["name"] == output and out["shape"] == [n], out
        if output == "tag":
            assert out["datatype"] == "BYTES" and out["data"] == want["tag"], out
        else:
            assert out["datatype"] == "FP32", out
            _close(out["data"], want["score"], "kserve json score")
    # WHEN tritonclient sends both inputs in the binary extension and asks for both outputs
    # as binary data (models.md's two octet-stream headers)
    binary = {**client.headers(), "Content-Type": "application/octet-stream",
              "Accept": "application/octet-stream"}  # fmt: skip
    triton_client = triton.InferenceServerClient(runner.url.split("://", 1)[1])
    sent = [triton.InferInput("word", [n], "BYTES"), triton.InferInput("features", [n, 2], "FP32")]
    sent[0].set_data_from_numpy(np.array([w.encode() for w in words], dtype=object))
    sent[1].set_data_from_numpy(features)
    wanted = [triton.InferRequestedOutput(name, binary_data=True) for name in ("tag", "score")]
    result = triton_client.infer("s16-tagger", sent, outputs=wanted, headers=dict(binary))
    # THEN the tags come back as bytes and the scores as float32, TF's
    assert [t.decode() for t in result.as_numpy("tag")] == want["tag"]
    _close(result.as_numpy("score"), want["score"], "kserve binary")
    # AND gg.serving.Client asks for one output and gets it alone, as numpy
    model = gg.serving.Client("s16-tagger", url=runner.url, api_key=key)
    only = model.predict({"word": words, "features": features}, outputs=["tag"])
    assert list(only) == ["tag"], only
    assert [t.decode() for t in only["tag"]] == want["tag"]  # TF1's bytes, as client.md says
    both = model.predict({"word": words, "features": features})
    _close(both["score"], want["score"], "client")


# -- 5. the console user: trained in the browser, checked through the API, and back ------

# test_console.py's fixtures: the browser, a fresh tenant, a page watched for leaked
# credentials, console errors and localStorage use
browser = console.browser
tenant = console.tenant
watched = console.watched


def _shown(page, fetch: str) -> np.ndarray:
    """An output's table as the console shows it: each value the shortest decimal that is
    its float32 (console.md)."""
    cells = page.eval_on_selector_all(
        f'.output[data-fetch="{fetch}"] td', "cells => cells.map(c => c.textContent)"
    )
    return np.array([float(c) for c in cells if c.strip() and not c.startswith("[")], np.float32)


def test_a_model_trained_in_the_console_is_tfs_through_the_api_and_the_api_s_in_the_console(
    watched, runner, tenant
):
    want = TF["console"]
    x, y = journey.console_data()
    page = watched.page
    api = Client(runner.url, tenant)
    # GIVEN a TF1 script's linear model stored through the API
    with tf.Graph().as_default() as graph:
        journey.console_graph(tf)
    with gg.client.Client(runner.url, tenant) as remote:
        graph_id = remote.upload_graph(graph, name="c16-linear")["id"]
    console.sign_in(watched, runner.url, tenant)
    # WHEN the console runs `pred` in a new session, the rows typed as JSON
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    page.select_option("#run-fetches", ["pred"])
    page.fill('textarea[data-feed="x"]', json.dumps(x.tolist()))
    page.check('input[name="mode"][value="session"]')
    page.click("#run-form button[type=submit]")
    page.wait_for_selector('.output[data-fetch="pred"] td')
    # THEN it shows TF's predictions of the untrained model
    _close(_shown(page, "pred"), np.ravel(want["before"]), "the console's pred")
    # WHEN the session's async form trains it CONSOLE_STEPS steps, recording the loss
    page.click("text=Open the session")
    page.wait_for_selector("#async-form")
    session = page.url.rsplit("/", 1)[1]
    page.select_option("#async-fetches", ["loss"])
    page.select_option("#async-targets", ["train"])
    page.fill('#async-form textarea[data-feed="x"]', json.dumps(x.tolist()))
    page.fill('#async-form textarea[data-feed="y"]', json.dumps(y.tolist()))
    page.fill("#async-steps", str(journey.CONSOLE_STEPS))
    page.click("#async-form button[type=submit]")
    page.wait_for_selector('#run-status[data-status="succeeded"]')
    page.wait_for_selector('.output[data-fetch="loss"] td')
    run_id = page.url.rsplit("/", 1)[1]
    # THEN the page's last loss is TF's, and the API's run record holds what it plotted
    _close(_shown(page, "loss"), [want["loss"]], "the console's loss")
    run = api.call("GET", f"/v1/sessions/{session}/runs/{run_id}").json()
    assert run["status"] == "succeeded" and run["completed_steps"] == journey.CONSOLE_STEPS, run
    plotted = int(page.get_attribute('svg.plot[data-metric="loss"]', "data-points"))
    assert plotted == len(run["history"]), (plotted, run["history"])
    # AND the API's variables of that session are TF's after those steps
    with gg.client.Client(runner.url, tenant) as remote:
        variables = remote.get_variables(session)
    for name, value in want["variables"].items():
        _close(variables[name], value, f"the API's {name}")
    # WHEN the API freezes the session and labels the version stable
    body = {
        "name": "c16-linear",
        "session_id": session,
        "inputs": {"x": "x"},
        "outputs": {"pred": "pred"},
    }
    assert api.call("POST", "/v1/models", body).status == 201
    assert api.call("PUT", "/v1/models/c16-linear/labels/stable", {"version": 1}).status == 200
    # THEN the console's model page shows the label and the version's signature
    page.goto(f"{runner.url}/console#/models/c16-linear")
    page.wait_for_selector("#versions")
    assert page.inner_text('#labels tr[data-label="stable"] td:nth-child(2)') == "version 1"
    assert page.inner_text('#versions tr[data-version="1"] td:nth-child(2)') == "x FP32 [?, 2]"
    # WHEN the console ends the session (two clicks)
    page.goto(f"{runner.url}/console#/sessions/{session}")
    page.click("#end-session")
    page.click("#end-session")
    page.wait_for_selector("#page-title >> text=Sessions")
    # THEN the API has no such session, and the version it froze still predicts TF's values
    assert api.call("GET", f"/v1/sessions/{session}").status == 404
    model = gg.serving.Client("c16-linear", label="stable", url=runner.url, api_key=tenant)
    _close(model.predict({"x": x})["pred"], want["after"], "served after the session ended")
