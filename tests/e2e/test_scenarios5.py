"""Journeys a newcomer made from README.md and docs/ alone, round 5: a data engineer who
uploads a CSV and an NPZ dataset in parts exactly as datasets.md shows, scores them with a
model version (batches.md) and checks the downloaded results row by row, and walks the
failure paths datasets.md describes. Each test pins a place where the product answered
otherwise than the docs promised, or one the docs promise and a change could break."""

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import cli
from tests.e2e.test_cli import run as _cli
from tests.e2e.test_scenarios4 import _until_ended
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

W = np.array([[2.0], [-1.0]], np.float32)


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios5-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _graph():
    """models.md's shape of model: a placeholder `x`, a prediction `pred`, one variable."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        w = gg.Variable(W, name="w")
        pred = gg.add(gg.matmul(x, w), 0.5, name="pred")
        init = gg.global_variables_initializer()
    return graph, x, pred, init


def _local(rows):
    """What a local session computes over `rows` in one run: a shard's answer."""
    graph, x, pred, init = _graph()
    with gg.Session(graph=graph) as sess:
        sess.run(init)
        return sess.run(pred, {x: rows})


@pytest.fixture(scope="module")
def model(runner, key):
    """The model `s5-lin`, version 1 labelled `stable`, frozen as models.md shows."""
    graph, _, _, init = _graph()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        api = sess.client
        api.create_model_version("s5-lin", sess.session_id, {"x": "x"}, {"pred": "pred"})
        api.set_label("s5-lin", "stable", 1)
    return "s5-lin"


def _register(client, name, files):
    created = client.call("POST", "/v1/datasets", {"name": name, "files": files})
    assert created.status == 201, created.body
    assert created.headers["location"] == f"/v1/datasets/{created.json()['id']}"
    assert created.json()["uploads_expire_in"] == 3600  # datasets.md: the URLs' lifetime
    return created.json()


def _put(upload, blob, part_bytes=None):
    """datasets.md step 2: a plain PUT of the bytes (or of each part) to its URL, with
    the headers given; no key or token goes to the storage host."""
    if "parts" not in upload:
        put = request("PUT", upload["url"], dict(upload.get("headers") or {}), blob)
        assert put.status == 200, put.body[:300]
        return
    for part in upload["parts"]:
        start = (part["part_number"] - 1) * part_bytes
        headers = dict(upload.get("headers") or {})
        put = request("PUT", part["url"], headers, blob[start : start + part_bytes])
        assert put.status == 200, put.body[:300]


def _csv(rows, labels, bad_line=None):
    lines = ["a,b,label"]
    for (a, b), label in zip(rows, labels, strict=True):
        lines.append(f"{float(a)!r},{float(b)!r},{label}")
    if bad_line is not None:
        # the header is line 1, so line n holds row n - 2
        lines[bad_line - 1] = "n/a,1.0,0"
    return ("\n".join(lines) + "\n").encode()


ROWS = np.random.default_rng(5).normal(size=(300, 2)).astype(np.float32)
LABELS = np.arange(300) % 3


def test_a_csv_and_an_npz_uploaded_in_parts_score_row_by_row_with_a_model_version(client, model):
    # GIVEN a CSV whose two feature columns make `x` (datasets.md's `columns`, `dtype`),
    # registered as a multipart upload, and the same rows as an .npz archive's member
    csv_blob = _csv(ROWS.astype(float).round(6), LABELS)
    csv_file = {
        "format": "csv", "name": "table", "bytes": len(csv_blob), "multipart": True,
        "dtype": "float32", "columns": {"x": ["a", "b"], "label": "label"},
    }  # fmt: skip
    csv_set = _register(client, "s5-csv", [csv_file])
    buffer = io.BytesIO()
    np.savez(buffer, x=ROWS, label=LABELS)
    npz_blob = buffer.getvalue()
    npz_set = _register(
        client, "s5-npz", [{"format": "npz", "name": "arch", "bytes": len(npz_blob)}]
    )
    # WHEN each file is PUT as step 2 says and completed as step 3 says
    assert len(csv_set["uploads"][0]["parts"]) == 1
    _put(csv_set["uploads"][0], csv_blob, part_bytes=len(csv_blob))
    _put(npz_set["uploads"][0], npz_blob)
    csv_ready = client.call("POST", f"/v1/datasets/{csv_set['id']}/complete")
    npz_ready = client.call("POST", f"/v1/datasets/{npz_set['id']}/complete")
    # THEN each is ready with the arrays the docs describe
    assert csv_ready.status == 200, csv_ready.json()["detail"]
    assert csv_ready.json()["status"] == "ready"
    assert csv_ready.json()["arrays"] == {
        "x": {"dtype": "float32", "shape": [300, 2]},
        "label": {"dtype": "float32", "shape": [300]},
    }
    assert npz_ready.status == 200, npz_ready.body
    assert npz_ready.json()["arrays"] == {
        "x": {"dtype": "float32", "shape": [300, 2]},
        "label": {"dtype": "int64", "shape": [300]},
    }
    # and a batch of the model's stable version over each (batches.md's body, the
    # signature's aliases) gives, downloaded shard by shard, the local answer row by row
    want_rows = ROWS.astype(float).round(6).astype(np.float32)
    for dataset, rows in ((csv_set["id"], want_rows), (npz_set["id"], ROWS)):
        body = {
            "model": {"name": model, "label": "stable"}, "dataset": dataset,
            "inputs": {"x": "x"}, "fetches": {"pred": "pred"}, "rows_per_shard": 128,
        }  # fmt: skip
        submitted = client.call("POST", "/v1/batches", body)
        assert submitted.status == 202, submitted.body
        batch = _until_ended(client, submitted.headers["location"])
        assert batch["status"] == "succeeded", batch
        assert batch["model"]["version"] == 1
        spans = [(o["start"], o["stop"]) for o in batch["outputs"]]
        assert spans == [(0, 128), (128, 256), (256, 300)]
        assert [o["shard"] for o in batch["outputs"]] == [0, 1, 2]
        for out in batch["outputs"]:
            got = request("GET", out["url"], {}, None)
            assert got.status == 200, got.body[:200]
            pred = np.load(io.BytesIO(got.body))["pred"]
            np.testing.assert_array_equal(pred, _local(rows[out["start"] : out["stop"]]))


def test_a_csv_with_a_bad_cell_fails_naming_its_column_value_and_line(client):
    # GIVEN a CSV whose line 5 (the header is line 1) holds `n/a`
    blob = _csv(ROWS[:10].astype(float).round(6), LABELS[:10], bad_line=5)
    files = [{"format": "csv", "name": "table", "bytes": len(blob)}]
    dataset = _register(client, "s5-bad", files)
    _put(dataset["uploads"][0], blob)
    # WHEN it is completed
    completed = client.call("POST", f"/v1/datasets/{dataset['id']}/complete")
    # THEN the refusal is datasets.md's: the column, the first bad value, its line
    assert completed.status == 422, completed.body
    problem = completed.json()
    assert problem["code"] == "DATASET_INVALID"
    assert "CSV column a holds a value that is not a number: 'n/a' on line 5" in problem["detail"]
    # and the dataset shows `status: failed` with that error
    record = client.call("GET", f"/v1/datasets/{dataset['id']}").json()
    assert record["status"] == "failed"
    assert "on line 5" in str(record["error"])


def test_an_unfinished_upload_is_409_and_stays_pending_until_its_file_arrives(client, model):
    # GIVEN a dataset registered with two files, one uploaded
    x = io.BytesIO()
    np.save(x, ROWS[:20])
    y = io.BytesIO()
    np.save(y, LABELS[:20])
    files = [
        {"format": "npy", "name": "x", "bytes": len(x.getvalue())},
        {"format": "npy", "name": "y", "bytes": len(y.getvalue())},
    ]
    dataset = _register(client, "s5-half", files)
    _put(dataset["uploads"][0], x.getvalue())
    # WHEN it is completed early
    early = client.call("POST", f"/v1/datasets/{dataset['id']}/complete")
    # THEN it is datasets.md's 409, the dataset stays pending, and a batch over it is
    # batches.md's 409 DATASET_NOT_READY
    assert early.status == 409, early.body
    assert early.json()["code"] == "DATASET_NOT_UPLOADED"
    assert client.call("GET", f"/v1/datasets/{dataset['id']}").json()["status"] == "pending"
    body = {"model": {"name": model}, "dataset": dataset["id"], "inputs": {"x": "x"},
            "fetches": {"pred": "pred"}}  # fmt: skip
    refused = client.call("POST", "/v1/batches", body)
    assert refused.status == 409, refused.body
    assert refused.json()["code"] == "DATASET_NOT_READY"
    # and once the other file arrives it completes
    _put(dataset["uploads"][1], y.getvalue())
    late = client.call("POST", f"/v1/datasets/{dataset['id']}/complete")
    assert late.status == 200, late.body
    assert late.json()["rows"] == 20


def test_a_csv_header_that_names_no_array_is_refused_and_mapped_with_columns(client):
    # GIVEN a spreadsheet's export, whose headers are no array names (datasets.md)
    blob = b"price ($),1st\n1.5,2\n3.0,4\n"
    plain = _register(client, "s5-hdr", [{"format": "csv", "name": "t", "bytes": len(blob)}])
    _put(plain["uploads"][0], blob)
    # WHEN it is completed as it is, THEN the refusal names the header
    refused = client.call("POST", f"/v1/datasets/{plain['id']}/complete")
    assert refused.status == 422, refused.body
    assert "'price ($)'" in refused.json()["detail"]
    # and with `columns` naming its arrays it is ready
    spec = {"format": "csv", "name": "t", "bytes": len(blob)}
    spec["columns"] = {"price": "price ($)", "first": "1st"}
    mapped = _register(client, "s5-hdr", [spec])
    _put(mapped["uploads"][0], blob)
    ready = client.call("POST", f"/v1/datasets/{mapped['id']}/complete")
    assert ready.status == 200, ready.body
    assert sorted(ready.json()["arrays"]) == ["first", "price"]


def test_a_csv_upload_cut_short_is_refused_not_read_as_fewer_rows(client):
    # GIVEN a CSV registered whole, and an upload that stopped at a line's end (a file
    # still being written, a copy cut short): it parses, with rows missing
    blob = _csv(ROWS[:50].astype(float).round(6), LABELS[:50])
    files = [{"format": "csv", "name": "table", "bytes": len(blob)}]
    dataset = _register(client, "s5-short", files)
    cut = blob[: blob.index(b"\n", len(blob) // 2) + 1]
    upload = dataset["uploads"][0]
    # WHEN it is sent: THEN storage refuses it, its URL signed for the registered size
    refused = request("PUT", upload["url"], dict(upload["headers"]), cut)
    assert refused.status == 403, refused.body[:300]
    # AND completing finds nothing to read as fewer rows: datasets.md's 409, left pending
    short = client.call("POST", f"/v1/datasets/{dataset['id']}/complete")
    assert short.status == 409, short.body
    assert short.json()["code"] == "DATASET_NOT_UPLOADED"
    assert client.call("GET", f"/v1/datasets/{dataset['id']}").json()["status"] == "pending"
    # and the whole file, sent again, completes with every row
    _put(dataset["uploads"][0], blob)
    whole = client.call("POST", f"/v1/datasets/{dataset['id']}/complete")
    assert whole.status == 200, whole.body
    assert whole.json()["rows"] == 50


def _keras_model(gg_keras):
    """A functional model with two named inputs, as engine.md's Keras section builds one."""
    layers = gg_keras.layers
    a = layers.Input(shape=(3,), name="a")
    b = layers.Input(shape=(2,), name="b")
    h = layers.Dense(8, activation="relu", name="hidden")(layers.concatenate([a, b]))
    out = layers.Dense(2, activation="softmax", name="probs")(h)
    model = gg_keras.Model([a, b], out)
    model.compile(gg_keras.optimizers.Adam(0.01), "categorical_crossentropy", ["accuracy"])
    return model


def test_a_keras_user_fits_remotely_saves_h5_and_serves_what_predict_answers(
    runner, key, client, tmp_path
):
    # GIVEN a functional Keras model fitted in a RemoteSession (engine.md: Remote sessions)
    rng = np.random.RandomState(5)
    a, b = rng.randn(40, 3).astype(np.float32), rng.randn(40, 2).astype(np.float32)
    y = np.eye(2, dtype=np.float32)[(a.sum(1) > b.sum(1)).astype(int)]
    graph = gg.Graph()
    with graph.as_default():
        gg.set_random_seed(5)
        model = _keras_model(gg.keras)
        sess = gg.RemoteSession(runner.url, api_key=key, graph=graph)
        gg.keras.backend.set_session(sess)
        history = model.fit([a, b], y, batch_size=8, epochs=3, shuffle=False, verbose=0)
        want = model.predict([a[:5], b[:5]])
        # WHEN it is saved to HDF5 (models.md: From a Keras file) from that session
        model.save(str(tmp_path / "model.h5"))
        sess.close()
    gg.keras.backend.set_session(None)
    assert sorted(history.history) == ["acc", "loss"]
    # and loaded back, exported and made a version as models.md shows
    with gg.Graph().as_default():
        loaded = gg.keras.models.load_model(str(tmp_path / "model.h5"))
        np.testing.assert_allclose(loaded.predict([a[:5], b[:5]]), want, rtol=1e-6)
        gg.keras.experimental.export_saved_model(loaded, str(tmp_path / "export" / "1"))
    with gg.client.Client(runner.url, key) as api:
        version = api.create_model_version_from_saved_model("s5-keras", tmp_path / "export")
    # THEN the signature is keyed by the input and output layers' names
    assert sorted(i["name"] for i in version["signature"]["inputs"]) == ["a", "b"]
    assert [o["name"] for o in version["signature"]["outputs"]] == ["probs"]
    # and TF Serving's row format (one object of named inputs a row) answers predict's
    rows = [{"a": a[i].tolist(), "b": b[i].tolist()} for i in range(5)]
    tfs = client.call("POST", "/tfserving/v1/models/s5-keras:predict", {"instances": rows})
    assert tfs.status == 200, tfs.body
    np.testing.assert_allclose(np.array(tfs.json()["predictions"]), want, rtol=1e-5)


PRICES = Path(__file__).parents[1] / "unit" / "engine" / "fixtures" / "tf_formats" / "saved_prices"


def test_a_tf_serving_migrant_s_saved_model_answers_tf_serving_s_documented_requests(
    runner, key, client, monkeypatch
):
    # GIVEN a SavedModel TensorFlow wrote (predict `serving_default`, regression `regress`)
    expected = json.loads((PRICES / "expected.json").read_text())
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(PRICES / "absent.toml"))
    monkeypatch.setenv("GRAPHGATE_API_URL", runner.url)
    monkeypatch.setenv("GRAPHGATE_API_KEY", key)
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    # WHEN models.md's commands make a version of each signature
    code, _, err = _cli("models", "create", "s5-prices", "--saved-model", str(PRICES))
    assert code == 0, err
    code, _, err = _cli(
        "models", "create", "s5-regress", "--saved-model", str(PRICES), "--signature", "regress"
    )
    assert code == 0, err
    # THEN model status is TF Serving's (its REST page's GetModelStatus answer)
    status = client.call("GET", "/tfserving/v1/models/s5-prices")
    assert status.status == 200, status.body
    assert status.json()["model_version_status"] == [
        {"version": "1", "state": "AVAILABLE", "status": {"error_code": "OK", "error_message": ""}}
    ]
    # and metadata holds the SignatureDef as TF Serving prints TensorFlow's
    for model, key_ in (("s5-prices", "serving_default"), ("s5-regress", "regress")):
        meta = client.call("GET", f"/tfserving/v1/models/{model}/versions/1/metadata").json()
        assert meta["model_spec"] == {"name": model, "signature_name": "", "version": "1"}
        got = meta["metadata"]["signature_def"]["signature_def"][key_]
        want = expected["signature_def"][key_]
        assert {k: got[k] for k in ("inputs", "outputs", "method_name")} == {
            k: want[k] for k in ("inputs", "outputs", "method_name")
        }
    # and predict in rows and in columns, and regress, answer TensorFlow's values
    rows = expected["rows"]
    want_price = np.array(expected["price"], np.float32)
    predicted = client.call(
        "POST", "/tfserving/v1/models/s5-prices:predict", {"instances": rows}
    ).json()
    np.testing.assert_array_equal(np.array(predicted["predictions"], np.float32), want_price)
    columns = client.call(
        "POST", "/tfserving/v1/models/s5-prices/versions/1:predict", {"inputs": {"x": rows}}
    ).json()
    np.testing.assert_array_equal(np.array(columns["outputs"], np.float32), want_price)
    body = {"signature_name": "regress", "examples": [{"x": r} for r in rows]}
    regressed = client.call("POST", "/tfserving/v1/models/s5-regress:regress", body)
    assert regressed.status == 200, regressed.body
    got = np.array(regressed.json()["results"], np.float32)
    np.testing.assert_array_equal(got, np.array(expected["regress"], np.float32))
    # and a regress request without `signature_name` is TF Serving's: no `serving_default`
    del body["signature_name"]
    missing = client.call("POST", "/tfserving/v1/models/s5-regress:regress", body)
    assert missing.status == 400, missing.body
    assert "No signature was found with the name: serving_default" in missing.json()["error"]


def _doc_curls():
    """Every `curl` command in README.md's and docs/'s shell blocks, as written: from a
    line starting `curl` to the next such line or the block's end (a quoted body spans
    lines), comment lines dropped."""
    root = Path(__file__).parents[2]
    found = []
    for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        if path.name == "decision_log.md":
            continue
        for block in path.read_text(encoding="utf-8").split("```sh\n")[1:]:
            lines = [ln for ln in block.split("```")[0].splitlines() if not ln.startswith("#")]
            starts = [i for i, ln in enumerate(lines) if ln.startswith("curl ")]
            for i, start in enumerate(starts):
                stop = next((s for s in starts[i + 1 :]), len(lines))
                command = "\n".join(ln for ln in lines[start:stop] if ln.strip())
                found.append((path.name, command.split("  #")[0]))
    return found


def _onnx_mlp(path):
    """onnx.md's kind of model: input `input`, output `probs` (models.md's curl names)."""
    pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    w = numpy_helper.from_array(np.eye(4, 3, dtype=np.float32), "W")
    nodes = [
        helper.make_node("MatMul", ["input", "W"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probs"], axis=-1),
    ]
    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])]
    outputs = [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 3])]
    graph = helper.make_graph(nodes, "mlp", inputs, outputs, [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    path.write_bytes(model.SerializeToString())


def _assert_downloaded(path):
    """A downloaded file: a SavedModel archive holds TF's graph and its variables/ (empty
    for a model without variables, as TF's simple_save leaves it)."""
    assert path.stat().st_size > 0, path
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            assert {"saved_model.pb", "variables/"} <= set(archive.namelist())


def test_every_curl_example_in_the_docs_runs_as_written(runner, key, client, tmp_path):
    import shutil
    import subprocess

    if shutil.which("curl") is None:
        pytest.skip("no curl on this machine")
    # GIVEN the shell a reader has: $API, $KEY, a token, and a model.onnx in the directory
    _onnx_mlp(tmp_path / "model.onnx")
    token = client.call("POST", "/v1/tokens", {}).json()["access_token"]
    # keyword names: the shell's variables, not storage keys (test_keys scans literals)
    env = dict(PATH="/usr/bin:/bin", API=runner.url, KEY=key, TOKEN=token, ACCESS_TOKEN=token)
    examples = _doc_curls()
    assert len(examples) >= 5, examples
    graph_id = None
    for doc, command in examples:
        # the docs' placeholders, filled as the reader fills them
        command = command.replace("<key>", "$KEY").replace("http://127.0.0.1:3000", "$API")
        if graph_id:
            command = command.replace("g_…", graph_id)
        # WHEN it runs as written (plus curl's own way to print the status)
        command = command.replace("curl ", "curl -sS -w '\\n%{http_code}' ", 1)
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        # THEN it succeeds with JSON, or with the file it writes (`-o`)
        assert done.returncode == 0, (doc, command, done.stderr)
        body, status = done.stdout.rsplit("\n", 1)
        assert status.startswith("2"), (doc, command, status, body)
        written = re.search(r" -o (\S+)", command)
        if written:
            _assert_downloaded(tmp_path / written.group(1))
            continue
        answer = json.loads(body)
        if answer.get("id", "").startswith("g_"):
            graph_id = answer["id"]
    assert graph_id is not None


def test_the_cli_uploads_a_csv_by_columns_and_lists_and_removes_as_every_group_does(
    runner, key, tmp_path, monkeypatch
):
    # GIVEN the CLI configured by environment (client.md) and a CSV
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("GRAPHGATE_API_URL", runner.url)
    monkeypatch.setenv("GRAPHGATE_API_KEY", key)
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    table = tmp_path / "table.csv"
    table.write_bytes(_csv(ROWS[:4].astype(float).round(6), LABELS[:4]))
    # WHEN client.md's `datasets upload FILE --column ARRAY=COL,COL --dtype D` runs
    code, out, err = _cli(
        "-o", "json", "datasets", "upload", str(table), "--name", "s5-cli",
        "--column", "x=a,b", "--column", "label=label", "--dtype", "float32",
    )  # fmt: skip
    assert code == 0, err
    dataset = json.loads(out)
    assert dataset["arrays"]["x"] == {"dtype": "float32", "shape": [4, 2]}
    # THEN `datasets ls` and `datasets rm` work as `sessions ls`/`rm`, `graphs ls`/`rm` do
    code, out, err = _cli("datasets", "ls")
    assert code == 0 and dataset["id"] in out, err
    assert _cli("datasets", "rm", dataset["id"])[0] == 0
    assert _cli("datasets", "get", dataset["id"])[0] == cli.NOT_FOUND
