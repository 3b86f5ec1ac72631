"""Journeys a user made from README.md and docs/ alone, round 18: a text classifier TF
exported with `tf.compat.v1.saved_model.Builder` (vocabularies in `assets/`, tables filled
by a `legacy_init_op`, OOV buckets) shown, uploaded, predicted and downloaded with the CLI,
served over TF Serving by rows and by columns, and its download loaded by TensorFlow; a
frozen `.pb` from a TF1 tutorial imported under a new placeholder and fine-tuned by a new
head of variables in a remote session, then frozen, served and its download loaded by TF;
a model shared by a team from one tenant to another the documented way (download, upload),
each tenant's usage counted apart and each id of the first a 404 to the second; a
hand-written log loss under `check_numerics` meeting NaN in an async run a free tenant's
client polls through its plan's `429`s and `Retry-After`, continued from the run's last
checkpoint at a lower learning rate; and the same program written as a GraphDef and driven
by the CLI alone, a failed run its documented exit 8 and each mistake its exit code. Every
number is held to what TensorFlow 2.21 computed (`tests/reference/scenarios18.py` recorded
it)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate.client import Client as ApiClient
from graphgate.client.errors import RunFailedError
from tests.e2e.test_cli import run as cli_run
from tests.reference import scenarios18 as journey
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

TF = json.loads((journey.OUT / "expected.json").read_text())
# float32 kernels summing in their own orders: a last bit or two over a few dozen steps; a
# wrong lookup, head, optimizer step or checkpoint is off by far more
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios18-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _close(ours, theirs, what: str, rtol: float = RTOL, atol: float = ATOL) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, rtol, atol, err_msg=what)


def _history(job, losses: list[float], what: str) -> None:
    """Each checkpoint's recorded loss (every 25 steps, sessions.md) is TF's at that step."""
    recorded = job.history("loss")
    assert recorded, job.progress()
    for step, value in recorded:
        _close(value, losses[step - 1], f"{what} at step {step}")


# -- 1. a text classifier TF exported with its vocabularies, through the CLI -------------


def test_a_text_classifier_tf_built_with_a_legacy_init_op_serves_and_goes_back_to_tf(
    runner, key, client, tmp_path
):
    def cli(*argv: str) -> tuple[int, str, str]:
        return cli_run(*argv, "--url", runner.url, "--api-key", key)

    export, want = journey.OUT / "text" / "1", TF["text"]["tf"]
    # GIVEN TF's export, shown offline as saved_model_cli would
    code, out, err = cli("saved-model", "show", str(export), "-o", "json")
    assert code == 0, err
    shown = json.dumps(json.loads(out))
    assert "sentences" in shown and "token_ids" in shown and "legacy_init_op" not in shown
    # WHEN it is served as the next version of a model
    code, out, err = cli("models", "create", "s18-text", "--saved-model", str(export), "-o", "json")
    assert code == 0, err
    assert json.loads(out)["version"] == 1
    # THEN the CLI's prediction of the sentences is TF's: OOV words in their buckets
    # (11, 12, 13), an empty token skipped, a capital an OOV word
    code, out, err = cli("models", "predict", "s18-text", "--input",
                         f"sentences={json.dumps(journey.SENTENCES)}", "-o", "json")  # fmt: skip
    assert code == 0, err
    outputs = json.loads(out)["outputs"]
    assert outputs["label"] == want["label"]
    assert outputs["token_ids"] == want["token_ids"]
    _close(outputs["probabilities"], want["probabilities"], "CLI probabilities")
    # AND TF Serving's predict answers the same by rows and by columns
    path = "/tfserving/v1/models/s18-text:predict"
    rows = client.call("POST", path, {"instances": journey.SENTENCES})
    assert rows.status == 200, rows.body
    predictions = rows.json()["predictions"]
    assert [p["label"] for p in predictions] == want["label"]
    assert [p["token_ids"] for p in predictions] == want["token_ids"]
    _close([p["probabilities"] for p in predictions], want["probabilities"], "rows")
    encoded = [{"b64": base64.b64encode(s.encode()).decode()} for s in journey.SENTENCES]
    binary = client.call("POST", path, {"instances": encoded})  # TF Serving's binary values
    assert binary.status == 200, binary.body
    assert binary.json() == rows.json()
    columns = client.call("POST", path, {"inputs": {"sentences": journey.SENTENCES}})
    assert columns.status == 200, columns.body
    answered = columns.json()["outputs"]
    assert answered["label"] == want["label"] and answered["token_ids"] == want["token_ids"]
    _close(answered["probabilities"], want["probabilities"], "columns")
    # WHEN the version is downloaded again as a SavedModel
    code, out, err = cli("models", "export", "s18-text", str(tmp_path / "back"))
    assert code == 0, err
    # THEN it is, byte for byte, the export TF 2.21 loaded and answered TF's answers from
    assert journey.files_sha256(tmp_path / "back") == TF["text"]["gg_sha256"]
    assert TF["text"]["round_trip"] == want
    # AND strings are no dataset (datasets.md): a batch over sentences is refused at upload
    np.save(tmp_path / "sentences.npy", np.array(journey.SENTENCES, "S"))
    code, out, err = cli("datasets", "upload", str(tmp_path / "sentences.npy"))
    assert code == 5, (out, err)
    assert "DATASET_DTYPE_UNSUPPORTED" in err, err


# -- 2. a frozen tutorial graph fine-tuned under a new head ------------------------------


def test_a_frozen_tutorial_graph_fine_tuned_under_a_new_head_trains_and_serves_as_tf(
    runner, key, client, tmp_path
):
    want, data = TF["finetune"], journey.finetune_data()
    # GIVEN the frozen `.pb` a TF1 tutorial wrote, read the tutorial's way
    graph_def = tf.GraphDef()
    with tf.gfile.GFile(str(journey.OUT / "frozen.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    with tf.Graph().as_default() as graph:
        t = journey.build_finetune(tf, graph_def)
        init = tf.global_variables_initializer()
        assert [v.op.name for v in tf.trainable_variables()] == want["trainable"]
    feed = {t["x"]: data["x"], t["y"]: data["y"]}
    # WHEN the new head trains in a remote session, one request a step
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        losses = [sess.run([t["loss"], t["train"]], feed)[0] for _ in range(journey.FT_STEPS)]
        # THEN each step's loss is TF's, and only the head's variables exist and moved
        _close(losses, want["losses"], "fine-tuning losses")
        variables = sess.client.get_variables(sess.session_id)
        assert {k for k in variables if not k.endswith("Momentum")} == {"head/w", "head/b"}
        _close(variables["head/w"], want["w"], "head/w")
        _close(variables["head/b"], want["b"], "head/b")
        # WHEN the session is frozen into a model version
        version = sess.client.create_model_version(
            "s18-finetuned", sess.session_id, inputs={"x": "x:0"}, outputs={"probs": "probs:0"}
        )
    assert version["version"] == 1
    # THEN TF Serving's predict, after the session has ended, answers TF's probabilities
    answer = client.call(
        "POST", "/tfserving/v1/models/s18-finetuned:predict", {"instances": data["test"].tolist()}
    )
    assert answer.status == 200, answer.body
    _close(answer.json()["predictions"], want["probs"], "served probabilities")
    # AND its download is, byte for byte, the SavedModel TF 2.21 loaded and predicted from
    with ApiClient(runner.url, key) as api:
        api.export_saved_model("s18-finetuned", tmp_path / "export", version=1)
    assert journey.files_sha256(tmp_path / "export") == want["gg_sha256"]
    _close(want["round_trip"], want["probs"], "TF's predictions from the download")


# -- 3. a model shared from one tenant to another -----------------------------------------


def _usage_runs(api: ApiClient) -> int:
    """Today's runs (`GET /v1/usage`'s `runs`, absent before a tenant's first)."""
    return api.usage().get("runs", {}).get("runs", 0)


def test_a_model_shared_between_tenants_serves_tfs_numbers_and_keeps_their_things_apart(
    runner, key, tmp_path
):
    want, data = TF["shared"], journey.shared_data()
    other_key = runner.create_tenant("scenarios18-team-b", plan="pro")["api_key"]
    ours, theirs = ApiClient(runner.url, key), ApiClient(runner.url, other_key)
    before = _usage_runs(ours)
    # GIVEN tenant A trains the regressor and freezes it
    with tf.Graph().as_default() as graph:
        t = journey.build_shared(tf)
    feed = {t["x"]: data["x"], t["y"]: data["y"]}
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        losses = [sess.run([t["loss"], t["train"]], feed)[0] for _ in range(journey.SHARE_STEPS)]
        _close(losses, want["losses"], "tenant A's losses")
        job = sess.run(t["loss"], feed, steps=2, wait=False)  # a run to poll, by id
        job.result(timeout=60)
        ours.create_model_version(
            "s18-shared-a", sess.session_id, {"x": "x:0"}, {"prediction": "prediction:0"}
        )
        dataset = ours.upload_dataset({"x": data["x"]}, "s18-shared-rows")
        ids = {"graph": sess.graph_id, "session": sess.session_id, "run": job.id}
        # WHEN A downloads the version and B uploads it, the way models.md shares one
        ours.export_saved_model("s18-shared-a", tmp_path / "handed", version=1)
        theirs.create_model_version_from_saved_model("s18-shared-b", tmp_path / "handed")
        # THEN both tenants' predictions are TF's
        for api, name in ((ours, "s18-shared-a"), (theirs, "s18-shared-b")):
            answer = api.request(
                "POST",
                f"/tfserving/v1/models/{name}:predict",
                json_body={"instances": data["test"].tolist()},
            ).json()
            _close(answer["predictions"], want["prediction"], f"{name} predictions")
        # AND B's key finds none of A's things, on any route: 404, never 403 (auth.md)
        probes = [
            ("GET", f"/v1/graphs/{ids['graph']}", None),
            ("GET", f"/v1/graphs/{ids['graph']}/revisions", None),
            ("DELETE", f"/v1/graphs/{ids['graph']}", None),
            ("POST", "/v1/sessions", {"graph_id": ids["graph"]}),
            ("GET", f"/v1/sessions/{ids['session']}", None),
            ("GET", f"/v1/sessions/{ids['session']}/variables", None),
            ("POST", f"/v1/sessions/{ids['session']}/runs", {"fetches": ["prediction"]}),
            ("GET", f"/v1/sessions/{ids['session']}/runs/{ids['run']}", None),
            ("DELETE", f"/v1/sessions/{ids['session']}", None),
            ("GET", f"/v1/datasets/{dataset['id']}", None),
            ("DELETE", f"/v1/datasets/{dataset['id']}", None),
            ("GET", "/v1/models/s18-shared-a", None),
            ("GET", "/v1/models/s18-shared-a/versions/1", None),
            ("GET", "/v2/models/s18-shared-a", None),
            ("POST", "/tfserving/v1/models/s18-shared-a:predict", {"instances": [[0, 0, 0]]}),
            ("GET", "/tfserving/v1/models/s18-shared-a/metadata", None),
            (
                "POST",
                "/v2/models/s18-shared-a/infer",
                {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [0, 0, 0]}]},
            ),
            ("PUT", "/v1/models/s18-shared-a/labels/stable", {"version": 1}),
            ("DELETE", "/v1/models/s18-shared-a/versions/1", None),
        ]
        b = Client(runner.url, other_key)
        for method, path, body in probes:
            answer = b.call(method, path, body)
            assert answer.status == 404, (method, path, answer.status, answer.body)
        # nor names them in a batch of its own, nor downloads them in TF's formats
        batch = {"graph": {"id": ids["graph"], "revision": 1}, "dataset": dataset["id"],
                 "inputs": {"x": "x"}, "fetches": ["prediction:0"]}  # fmt: skip
        for method, path, body, accept in (
            ("POST", "/v1/batches", batch, None),
            ("POST", "/v1/batches", {**batch, "graph": None, "session": ids["session"]}, None),
            ("GET", f"/v1/graphs/{ids['graph']}", None, "application/x-protobuf"),
            ("GET", "/v1/models/s18-shared-a/versions/1", None, "application/zip"),
            ("GET", f"/v1/sessions/{ids['session']}?fetch=prediction:0", None, "application/zip"),
        ):
            body = {k: v for k, v in body.items() if v is not None} if body else None
            answer = b.call(method, path, body, headers={"Accept": accept} if accept else None)
            assert answer.status == 404, (method, path, answer.status, answer.body)
        # AND B's version downloads again with the very variables A handed over (its graph
        # is graphgate's import of A's download, written again: not the same bytes)
        theirs.export_saved_model("s18-shared-b", tmp_path / "again", version=1)
        handed, again = (journey.files_sha256(tmp_path / d) for d in ("handed", "again"))
        assert {k: v for k, v in again.items() if k.startswith("variables/")} == {
            k: v for k, v in handed.items() if k.startswith("variables/")
        }
        # and A's session, dataset and model are all still there and answer A
        _close(sess.run(t["prediction"], {t["x"]: data["test"]}), want["prediction"], "A after")
        assert ours.get_dataset(dataset["id"])["status"] == "ready"
    # AND each tenant's usage counts its own runs alone: B's one prediction (metered like a
    # run, models.md), none of its refusals; A's steps, its async run, its prediction and
    # its last run
    assert _usage_runs(theirs) == 1
    assert _usage_runs(ours) - before == journey.SHARE_STEPS + 3


# -- 4. NaN from check_numerics in an async run, continued from its last checkpoint -------


def test_an_async_run_meeting_nan_continues_from_its_last_checkpoint_to_tfs_losses(runner):
    want, data = TF["nan"], journey.nan_data()
    with tf.Graph().as_default() as graph:
        t = journey.build_nan(tf)
    feed = {t["x"]: data["x"], t["y"]: data["y"]}
    # GIVEN a free tenant (the e2e runner's free plan: 2 requests a second, burst 4), whose
    # client sees every retry (client.md)
    free_key = runner.create_tenant("scenarios18-free")["api_key"]
    retries = []
    api = ApiClient(runner.url, free_key, on_retry=retries.append)
    with api, gg.RemoteSession(graph=graph, client=api) as sess:
        # WHEN a long async run at too high a learning rate meets NaN mid-run
        job = sess.run(t["loss"], {**feed, t["rate"]: journey.HIGH_RATE}, targets=[t["train"]],
                       steps=journey.NAN_STEPS, wait=False)  # fmt: skip
        with pytest.raises(RunFailedError) as failed:
            job.result(timeout=120, interval=0.1)  # faster than the plan allows
        # THEN it failed with the engine's code and TF's message, at TF's step
        assert failed.value.error.code == "NOT_FINITE", failed.value.error
        assert want["message"] in str(failed.value.error)
        kept = journey.CHECKPOINT_EVERY * (want["failed_at"] // journey.CHECKPOINT_EVERY)
        assert job.progress()["completed_steps"] == kept, job.progress()
        _history(job, want["high"], "high rate")
        # AND the session keeps the last checkpoint's variables, TF's at that step
        w, b = sess.run([t["w"], t["b"]])
        _close(w, want["kept"][0], "w kept")
        _close(b, want["kept"][1], "b kept")
        # WHEN the run goes on from there at a lower rate
        job = sess.run(t["loss"], {**feed, t["rate"]: journey.LOW_RATE}, targets=[t["train"]],
                       steps=journey.LOW_STEPS, wait=False)  # fmt: skip
        last = job.result(timeout=120, interval=0.1)
        # THEN it ends where TF's same steps end
        _history(job, want["low"], "low rate")
        _close(last, want["low"][-1], "last loss")
        w, b = sess.run([t["w"], t["b"]])
        _close(w, want["w"], "w")
        _close(b, want["b"], "b")
    # AND every 429 the polling met (how many depends on the machine's speed: a fast run
    # can end inside the plan's burst, so none is required) was waited out for its
    # Retry-After (at least the gateway's 1 s) rather than failing the journey
    throttled = [r for r in retries if r.status == 429]
    assert all(r.reason == "RATE_LIMITED" and r.delay >= 1.0 for r in throttled), throttled


# -- 5. the same program as a GraphDef, with the CLI alone --------------------------------


def test_the_nan_journey_with_the_cli_alone_exits_as_client_md_says(runner, key, tmp_path):
    def cli(*argv: str, api_key: str = key) -> tuple[int, str, str]:
        return cli_run(*argv, "--url", runner.url, "--api-key", api_key)

    want, data = TF["nan"], journey.nan_data()
    # GIVEN the program written as TensorFlow's GraphDef, and its data as an .npz
    with tf.Graph().as_default() as graph:
        journey.build_nan(tf)
    tf.io.write_graph(graph, str(tmp_path), "nan.pb", as_text=False)
    np.savez(tmp_path / "data.npz", x=data["x"], y=data["y"])
    code, out, err = cli("graphs", "create", str(tmp_path / "nan.pb"), "--name", "s18-nan",
                         "-o", "json")  # fmt: skip
    assert code == 0, err
    graph_id = json.loads(out)["id"]
    code, out, err = cli("sessions", "create", graph_id, "-o", "json")
    assert code == 0, err
    session = json.loads(out)["id"]

    def train(rate: float, steps: int) -> tuple[int, str, str]:
        return cli("run", "-", "loss", "--session", session, "--feeds", str(tmp_path / "data.npz"),
                   "--feed", f"rate={rate}", "--target", "train", "--steps", str(steps),
                   "--watch", "-o", "json")  # fmt: skip

    # WHEN the run at too high a rate meets NaN THEN the CLI exits 8 naming the engine's code
    code, out, err = train(journey.HIGH_RATE, journey.NAN_STEPS)
    assert code == 8, (out, err)
    assert "NOT_FINITE" in err and want["message"] in err, err
    code, out, err = cli("runs", "ls", session, "-o", "json")
    assert code == 0, err
    kept = journey.CHECKPOINT_EVERY * (want["failed_at"] // journey.CHECKPOINT_EVERY)
    assert [(r["status"], r["completed_steps"]) for r in json.loads(out)] == [("failed", kept)]
    code, out, err = cli("sessions", "vars", session, "--npz", str(tmp_path / "kept.npz"))
    assert code == 0, err
    _close(np.load(tmp_path / "kept.npz")["w"], want["kept"][0], "w kept")
    # WHEN it goes on at the lower rate THEN the last loss and the variables are TF's
    code, out, err = train(journey.LOW_RATE, journey.LOW_STEPS)
    assert code == 0, err
    _close(json.loads(out)["outputs"]["loss"], want["low"][-1], "last loss")
    code, out, err = cli("sessions", "vars", session, "--npz", str(tmp_path / "end.npz"))
    assert code == 0, err
    _close(np.load(tmp_path / "end.npz")["w"], want["w"], "w")
    # AND each mistake is its exit code (client.md): a bad key 3, a missing graph 4,
    # a feed that is no JSON 2, all before anything runs
    code, _, err = cli("graphs", "get", graph_id, api_key="gg_live_" + "x" * 40)
    assert code == 3, err
    code, _, err = cli("graphs", "get", "g_" + "0" * 20)
    assert code == 4 and "GRAPH_NOT_FOUND" in err, err
    code, _, err = cli("run", "-", "loss", "--session", session, "--feed", "x=[[1, 2]",
                       "--feed", "y=[[1]]", "--feed", "rate=0.1")  # fmt: skip
    assert code == 2, err
    code, out, err = cli("runs", "ls", session, "-o", "json")
    assert len(json.loads(out)) == 2, out
