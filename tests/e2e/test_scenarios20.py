"""Journeys a user made from README.md and docs/ alone, round 20: a Keras 3 user (TF 2.21's
`tf.keras`) whose .h5 graphgate cannot read is told to export it; whose model, exported
for serving with two signatures, is served a version per signature from the CLI, asked
for batches of rows by signature name over TF Serving's REST API and KServe, and
batch-scores a dataset; and whose `tf.saved_model.save` of it, which TF's own loader
cannot run either, is refused before anything is stored. An operator following auth.md's
keys runbook mistypes a tenant, names one with a newline, rotates a key with no grace
and expires it. A TF1 user's async run over feed batches fails on a bad one, says at
which step in the API, the CLI and the console, and resumes from its checkpoint. Every
number is held to what TensorFlow computed (`tests/reference/scenarios20.py`)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import time

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
import graphgate_admin.__main__ as graphgate_admin
from graphgate.serialization import graph_to_dict
from tests.e2e import test_console as console
from tests.e2e.test_cli import run as cli
from tests.reference import scenarios20 as journey
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

TF = json.loads((journey.OUT / "expected.json").read_text())
# float32 convolution, batch norm and softmax summed in their own orders: a last bit or
# two; a wrong moving average, signature or variable is off by far more
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios20-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _close(ours, theirs, what: str) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, RTOL, ATOL, err_msg=what)


# -- 1. a Keras 3 model exported with two signatures, served by name ------------------------


def test_a_keras3_export_serves_each_signature_by_name_and_a_saved_model_tf_cannot_run_is_refused(
    runner, key, client, tmp_path
):
    rows = journey.rows()
    probs = np.asarray(TF["probs"], np.float32)
    embedding = np.asarray(TF["embedding"], np.float32)
    login = ("--url", runner.url, "--api-key", key)
    # GIVEN the .h5 Keras 3 (TF 2.21's tf.keras) wrote, which tf_keras cannot load either
    assert TF["h5_tf_keras_error"] == "TypeError"
    # WHEN the user follows models.md's "From a Keras file" with it
    with pytest.raises(gg.errors.InvalidArgumentError) as info:
        gg.keras.models.load_model(str(journey.OUT / "conv.h5"), compile=False)
    # THEN the error says which Keras wrote it and what to do instead
    assert info.value.code == "INVALID_KERAS_FILE"
    assert "Keras 3." in str(info.value) and "model.export(dir)" in str(info.value)
    export = str(journey.OUT / "conv")
    # GIVEN the directory Keras 3's ExportArchive wrote: `graphgate saved-model show`
    # (offline) lists both endpoints with their inputs and outputs
    code, out, err = cli("saved-model", "show", export)
    assert code == 0, err
    assert "signature embed (tensorflow/serving/predict)" in out
    assert "output embedding:" in out and "output probs:" in out
    # WHEN each signature is served as models.md says: the default, then `--signature embed`
    code, out, err = cli("models", "create", "s20-conv", "--saved-model", export, *login)
    assert code == 0, err
    code, out, err = cli(
        "models", "create", "s20-conv", "--saved-model", export, "--signature", "embed", *login
    )
    assert code == 0, err
    assert "version     2" in out
    # THEN TF Serving's row format answers a batch of 12 with TF's probabilities, whether
    # the signature is named, empty (the default, as TF Serving reads it) or left out
    for body in ({"signature_name": "serving_default"}, {"signature_name": ""}, {}):
        answer = client.call(
            "POST",
            "/tfserving/v1/models/s20-conv/versions/1:predict",
            {**body, "instances": rows.tolist()},
        )
        assert answer.status == 200, answer.body
        _close(answer.json()["predictions"], probs, f"predict {body}")
    # AND version 2 answers TF's pooled embedding under its own signature's name, in rows
    # and in columns, and through KServe v2
    answer = client.call(
        "POST",
        "/tfserving/v1/models/s20-conv/versions/2:predict",
        {"signature_name": "embed", "instances": rows.tolist()},
    )
    assert answer.status == 200, answer.body
    _close(answer.json()["predictions"], embedding, "embed rows")
    answer = client.call(
        "POST",
        "/tfserving/v1/models/s20-conv/versions/2:predict",
        {"signature_name": "embed", "inputs": {"series": rows[:3].tolist()}},
    )
    assert answer.status == 200, answer.body
    _close(answer.json()["outputs"], embedding[:3], "embed columns")
    infer = {"inputs": [{"name": "series", "shape": list(rows.shape), "datatype": "FP32"}]}
    infer["inputs"][0]["data"] = rows.ravel().tolist()
    answer = client.call("POST", "/v2/models/s20-conv/versions/2/infer", infer)
    assert answer.status == 200, answer.body
    [output] = answer.json()["outputs"]
    assert output["name"] == "embedding" and output["shape"] == [12, journey.CHANNELS]
    _close(np.reshape(output["data"], output["shape"]), embedding, "kserve embed")
    # WHEN a dataset of 257 series is uploaded and batch-scored by version 2 from the CLI
    np.savez(tmp_path / "rows.npz", series=journey.batch_rows())
    code, out, err = cli("-o", "json", "datasets", "upload", str(tmp_path / "rows.npz"),
                         "--name", "s20-rows", *login)  # fmt: skip
    assert code == 0, err
    code, out, err = cli("batches", "submit", "--model", "s20-conv@2", "--dataset",
                         json.loads(out)["id"], "--input", "series=series", "--fetch",
                         "emb=embedding", "--rows-per-shard", "100", "--watch", "--out",
                         str(tmp_path / "emb.npz"), *login)  # fmt: skip
    # THEN its three shards give TF's embedding of every row, in row order
    assert code == 0 and "total=3 done=3 failed=0" in out, (out, err)
    with np.load(tmp_path / "emb.npz") as scored:
        _close(scored["emb"], np.asarray(TF["batch_embedding"], np.float32), "batch")
    # AND each version's metadata names its own signature; the other's name is TF
    # Serving's error shape, saying which signature the version has
    meta = client.call("GET", "/tfserving/v1/models/s20-conv/versions/2/metadata").json()
    assert list(meta["metadata"]["signature_def"]["signature_def"]) == ["embed"]
    answer = client.call(
        "POST",
        "/tfserving/v1/models/s20-conv/versions/1:predict",
        {"signature_name": "embed", "instances": rows[:1].tolist()},
    )
    assert answer.status == 400 and answer.json()["code"] == "SIGNATURE_NOT_FOUND"
    assert "serving_default" in answer.json()["error"]

    # GIVEN the same model given to tf.saved_model.save, whose signature reads variables
    # its checkpoint restores only into copies: TF's TF1 loader (TF Serving's path) fails
    assert TF["saved_tf1_error"]["class"] == "FailedPreconditionError"
    tf_named = TF["saved_tf1_error"]["message"].rpartition(" ")[2]
    saved = str(journey.OUT / "saved")
    # WHEN the user serves it the same way
    code, out, err = cli("models", "create", "s20-keras3", "--saved-model", saved, *login)
    # THEN it is a usage error (exit 2) naming the variables and what to do instead, where
    # it was the service's VARIABLE_MISSING with the graph already stored
    assert code == 2, (out, err)
    assert "UNINITIALIZED_VARIABLE" in err and "does not restore" in err, err
    assert tf_named in err and "model.export(dir)" in err, err
    assert "Traceback" not in err
    # AND nothing was stored: no model, no graph under its name
    assert client.call("GET", "/v1/models/s20-keras3").status == 404
    listing = client.call("GET", "/v1/graphs?name_prefix=s20-keras3").json()
    assert listing["items"] == [], listing


# -- 2. an operator's keys runbook, with the mistakes an operator makes ---------------------


def _admin(runner, *argv: str) -> subprocess.CompletedProcess:
    """`graphgate-admin ARGV` against this runner, in this process (a new interpreter for
    each command took most of the journey's time): its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = graphgate_admin.main(["--local-state", str(runner.state_file), *argv])
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def test_an_operator_s_mistyped_tenant_and_bad_name_are_refused_and_a_rotated_key_expires(
    runner,
):
    # GIVEN a tenant made by `create-tenant` (JSON output, as a script reads it)
    made = _admin(runner, "create-tenant", "--name", "s20-ops", "--output", "json")
    assert made.returncode == 0, made.stderr
    tenant = json.loads(made.stdout)
    time.sleep(runner.key_miss_refresh_s)
    # WHEN the operator mistypes its id in `list-keys`
    typo = tenant["tenant_id"][:-1] + ("0" if tenant["tenant_id"][-1] != "0" else "1")
    listed = _admin(runner, "list-keys", "--tenant", typo)
    # THEN it is refused as set-plan refuses it (it was "(no keys)", exit 0: a tenant
    # that exists with no keys, which none does)
    assert listed.returncode == 2 and listed.stdout == "", listed
    assert listed.stderr.strip() == f"graphgate-admin: no tenant {typo}"
    assert _admin(runner, "set-plan", "--tenant", typo, "--plan", "pro").returncode == 2
    # AND a name with a line break (which forged a second line of create-tenant's
    # output) is refused, and no tenant is made
    forged = _admin(runner, "create-tenant", "--name", "acme\napi key  gg_forged")
    assert forged.returncode == 2 and forged.stdout == "", forged
    assert "printable" in forged.stderr
    # WHEN the key is rotated with no grace and `expire-keys` run (the local runner has no
    # scheduler, auth.md: it is the only way there)
    rotated = _admin(
        runner, "rotate-key", "--key-id", tenant["api_key_id"], "--grace-seconds", "0",
        "--output", "json",
    )  # fmt: skip
    assert rotated.returncode == 0, rotated.stderr
    new = json.loads(rotated.stdout)
    assert new["old_key_id"] == tenant["api_key_id"] and new["tenant_id"] == tenant["tenant_id"]
    time.sleep(max(runner.key_miss_refresh_s, 1.0))  # the grace (whole seconds) ends
    expired = _admin(runner, "expire-keys", "--output", "json")
    assert tenant["api_key_id"] in json.loads(expired.stdout)["disabled"], expired
    # THEN list-keys shows the old key disabled and the new one enabled, oldest first (by
    # `created_at`, whole seconds: a key rotated within its tenant's first second ties with
    # it, and ties come in either order)
    keys = json.loads(
        _admin(runner, "list-keys", "--tenant", tenant["tenant_id"], "--output", "json").stdout
    )["keys"]
    assert sorted((k["api_key_id"], k["enabled"]) for k in keys) == sorted(
        [(tenant["api_key_id"], False), (new["api_key_id"], True)]
    )
    assert [k["created_at"] for k in keys] == sorted(k["created_at"] for k in keys)
    # AND the old key gets no token (403 INVALID_API_KEY), the new one does
    tokens = f"{runner.url}/v1/tokens"
    body = b"{}"
    deadline = time.monotonic() + 10
    while True:
        old = request("POST", tokens, {"x-api-key": tenant["api_key"]}, body)
        if old.status == 403 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert old.status == 403 and old.json()["code"] == "INVALID_API_KEY", old.body
    assert request("POST", tokens, {"x-api-key": new["api_key"]}, body).status == 200


# -- 3. an async run failing on a bad feed batch, resumed from its last checkpoint -----------


def _wire(batch: dict) -> dict:
    """A feed batch in the wire format (wire-format.md), as a raw-HTTP user writes it."""
    return {
        name: {
            "datatype": "INT32" if value.dtype == np.int32 else "FP32",
            "shape": list(value.shape),
            "data": value.ravel().tolist(),
        }
        for name, value in batch.items()
    }


def _ended(client, location: str) -> dict:
    deadline = time.monotonic() + 60
    while True:
        run = client.call("GET", location).json()
        if run["status"] not in ("queued", "running"):
            return run
        assert time.monotonic() < deadline, run
        time.sleep(0.2)


# test_console.py's fixtures: the browser, a fresh tenant, a page watched for leaked
# credentials and console errors
browser = console.browser
tenant = console.tenant
watched = console.watched


def test_an_async_run_failing_on_a_bad_batch_names_its_step_and_resumes_to_tfs_variables(
    watched, runner, tenant
):
    client = Client(runner.url, tenant)
    want = TF["resume"]
    every, bad = journey.CHECKPOINT_EVERY, journey.BAD_BATCH
    with tf.Graph().as_default() as graph:
        journey.build_resume(tf)
    # GIVEN the TF1 script's graph stored and a session on it, over raw HTTP
    made = client.call("POST", "/v1/graphs", {"name": "s20-resume", "graph": graph_to_dict(graph)})
    assert made.status == 201, made.body
    session = client.call("POST", "/v1/sessions", {"graph_id": made.json()["id"]})
    assert session.status == 201, session.body
    runs = f"/v1/sessions/{session.json()['id']}/runs"
    request = {"fetches": {"loss": "loss"}, "targets": ["train"], "steps": journey.RESUME_STEPS}
    # WHEN an async run goes through the feed batches, one of which has an id past the
    # embedding (shapes and dtypes are right, so nothing refuses it before it starts)
    batches = [_wire(b) for b in journey.resume_batches(bad=True)]
    started = client.call(
        "POST", runs, {**request, "feed_batches": batches}, {"Prefer": "respond-async"}
    )
    assert started.status == 202, started.body
    run = _ended(client, started.headers["location"])
    # THEN it failed with the engine's code, naming the step and the node as a
    # synchronous answer names the node (the run's step is the batch's index + 1)
    assert run["status"] == "failed", run
    assert run["error"]["code"] == "INDEX_OUT_OF_RANGE" and run["error"]["status"] == 400
    assert run["error"]["step"] == bad + 1 and run["error"]["node"], run["error"]
    # AND it kept the last checkpoint before that step: its loss and variables are TF's
    assert run["completed_steps"] == every * (bad // every)
    _close([h["outputs"]["loss"] for h in run["history"]], want["checkpoint_losses"][:1], "loss")
    kept = client.call("GET", runs.rpartition("/runs")[0] + "/variables").json()["variables"]
    for name, value in zip(("emb", "w"), want["kept"], strict=True):
        ours = np.reshape(kept[name]["data"], kept[name]["shape"])
        _close(ours, np.asarray(value, np.float32), f"{name} kept")
    # AND the CLI says it too: `runs get` in its table, `runs watch` as its exit's reason
    ids = started.headers["location"].split("/")[3::2]  # the session's, the run's
    login = ("--url", runner.url, "--api-key", tenant)
    code, out, err = cli("runs", "get", *ids, *login)
    assert code == 0 and "code=INDEX_OUT_OF_RANGE" in out and f"step={bad + 1}" in out, out
    code, out, err = cli("runs", "watch", *ids, *login)
    assert code == 8 and f"failed at step {bad + 1} of {journey.RESUME_STEPS}:" in err, err
    # AND the console's page of the run says the same, where the user looks first
    console.sign_in(watched, runner.url, tenant)
    watched.page.goto(f"{runner.url}/console#{started.headers['location'][3:]}")
    watched.page.wait_for_selector('#run-status[data-status="failed"]')
    shown = watched.page.inner_text("#run-failed-at")
    assert shown.startswith(f"Failed at step {bad + 1} of {journey.RESUME_STEPS} in node "), shown
    assert f"checkpoint after step {run['completed_steps']}." in shown, shown
    assert watched.page.get_attribute(".run-result .problem", "data-code") == "INDEX_OUT_OF_RANGE"
    # WHEN the user fixes the batch and runs the steps left, from the one after the
    # checkpoint
    left = journey.RESUME_STEPS - run["completed_steps"]
    fixed = [_wire(b) for b in journey.resume_batches()][run["completed_steps"] :]
    resumed = client.call(
        "POST",
        runs,
        {**request, "steps": left, "feed_batches": fixed},
        {"Prefer": "respond-async"},
    )
    assert resumed.status == 202, resumed.body
    run = _ended(client, resumed.headers["location"])
    # THEN the session ends where TF's one uninterrupted run over the good batches ends
    assert run["status"] == "succeeded", run
    _close(run["outputs"]["loss"]["data"], want["last_loss"], "last loss")
    final = client.call("GET", runs.rpartition("/runs")[0] + "/variables").json()["variables"]
    for name, value in zip(("emb", "w"), want["final"], strict=True):
        ours = np.reshape(final[name]["data"], final[name]["shape"])
        _close(ours, np.asarray(value, np.float32), f"{name} final")
