"""Datasets over HTTP against the local runner: register, upload to the presigned
URLs (one PUT, and parts), complete, read, list, delete; and another tenant sees
none of it."""

import io
import json
import socket
import time
from urllib.parse import urlsplit

import numpy as np
import pytest

import graphgate as gg
from graphgate.client import Client as GraphgateClient
from graphgate.client.errors import ApiError
from tests.support import Client, load_event, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("datasets-e2e", plan="pro")["api_key"])


@pytest.fixture
def stranger(runner):
    return Client(runner.url, runner.create_tenant("datasets-other", plan="pro")["api_key"])


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def put(target, body):
    if "url" in target:
        reply = request("PUT", target["url"], target["headers"], body)
        assert reply.status == 200, reply.body
        return
    size = target["part_bytes"]
    for part in target["parts"]:
        start = (part["part_number"] - 1) * size
        reply = request("PUT", part["url"], {}, body[start : start + size])
        assert reply.status == 200, reply.body


def test_a_dataset_is_uploaded_completed_listed_and_deleted_over_http(client, stranger):
    # GIVEN features (6 MB, sent in two parts) and labels (one PUT)
    x = np.random.default_rng(0).standard_normal((12_288, 64)).astype(np.float32)
    y = np.arange(12_288, dtype=np.int32) % 10
    files = [
        {"format": "npy", "name": "x", "bytes": len(npy(x)), "part_bytes": 5 * 1024 * 1024},
        {"format": "npy", "name": "y", "bytes": len(npy(y))},
    ]

    # WHEN it is registered, uploaded and completed
    registered = client.call("POST", "/v1/datasets", {"name": "digits", "files": files})
    assert registered.status == 201, registered.body
    dataset_id = registered.json()["id"]
    assert registered.headers["location"] == f"/v1/datasets/{dataset_id}"
    assert registered.json()["status"] == "pending"
    early = client.call("POST", f"/v1/datasets/{dataset_id}/complete")
    assert early.status == 409 and early.json()["code"] == "DATASET_NOT_UPLOADED"
    for target, body in zip(registered.json()["uploads"], (npy(x), npy(y)), strict=True):
        put(target, body)
    done = client.call("POST", f"/v1/datasets/{dataset_id}/complete")

    # THEN it is ready, listed, its owner's alone, and deleting it ends it
    assert done.status == 200, done.body
    assert done.json()["rows"] == 12_288
    assert done.json()["arrays"] == {
        "x": {"dtype": "float32", "shape": [12_288, 64]},
        "y": {"dtype": "int32", "shape": [12_288]},
    }
    assert client.call("GET", f"/v1/datasets/{dataset_id}").json() == done.json()
    assert [d["id"] for d in client.call("GET", "/v1/datasets").json()["items"]] == [dataset_id]

    assert stranger.call("GET", "/v1/datasets").json()["items"] == []
    for method, path in (
        ("GET", f"/v1/datasets/{dataset_id}"),
        ("POST", f"/v1/datasets/{dataset_id}/complete"),
        ("DELETE", f"/v1/datasets/{dataset_id}"),
    ):
        reply = stranger.call(method, path)
        assert reply.status == 404 and reply.json()["code"] == "DATASET_NOT_FOUND", path

    assert client.call("DELETE", f"/v1/datasets/{dataset_id}").status == 204
    assert client.call("GET", f"/v1/datasets/{dataset_id}").status == 404


def test_a_bad_file_is_refused_with_its_code_over_http(client):
    registered = client.call(
        "POST", "/v1/datasets", {"name": "bad", "files": [{"format": "csv", "bytes": 7}]}
    ).json()
    put(registered["uploads"][0], b"a\n1\nx\n\n")
    reply = client.call("POST", f"/v1/datasets/{registered['id']}/complete")
    assert reply.status == 422 and reply.json()["code"] == "DATASET_INVALID"
    assert reply.json()["category"] == "INVALID_ARGUMENT"  # the code's, not the 422's
    assert reply.headers["content-type"] == "application/problem+json"
    shown = client.call("GET", f"/v1/datasets/{registered['id']}").json()
    assert shown["status"] == "failed" and shown["error"]["code"] == "DATASET_INVALID"


def upload_csv(client, body, spec):
    registered = client.call(
        "POST", "/v1/datasets", {"name": "notes", "files": [{**spec, "bytes": len(body)}]}
    ).json()
    put(registered["uploads"][0], body)
    return client.call("POST", f"/v1/datasets/{registered['id']}/complete")


def test_a_long_free_text_cell_costs_a_csv_nothing_and_a_long_number_cell_is_refused(client):
    # GIVEN 50,000 rows of a number and a note, one note of 100,000 characters: every
    # cell of the file was held as wide as that one, 40 GB asked for (a 1,000-character
    # note in a 2 MB file took the runner to 2.8 GB, past the function's 2 GB)
    rows = [f"{i}.5,{'n' * 100_000 if i == 7 else 'a'}" for i in range(50_000)]
    body = ("x,note\n" + "\n".join(rows) + "\n").encode()
    # WHEN it completes with `columns` leaving the note out, THEN it is ready
    done = upload_csv(client, body, {"format": "csv", "columns": {"x": "x"}, "dtype": "float32"})
    assert done.status == 200, done.body
    assert done.json()["arrays"] == {"x": {"dtype": "float32", "shape": [50_000]}}
    # AND the same cell in a column read as numbers is refused by its line, as a 422
    refused = upload_csv(client, body, {"format": "csv"})
    assert refused.status == 422 and refused.json()["code"] == "DATASET_INVALID"
    assert "100,000 characters" in refused.json()["detail"]
    assert "line 9" in refused.json()["detail"]


def test_a_float32_csv_value_is_the_float32_tfs_decode_csv_reads(runner, tmp_path):
    # GIVEN texts that float64 reads as exactly half way between two float32s: rounded
    # again, to even, the first was stored 1.0 and the second 1 + 2**-22 (review 34)
    key = runner.create_tenant("datasets-halves", plan="pro")["api_key"]
    path = tmp_path / "halves.csv"
    path.write_text("x\n1.0000000596046448\n1.0000001788139343\n0.5\n")
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        y = gg.identity(x, name="y")
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # WHEN they are uploaded as float32 and a batch reads them back
        ready = sess.client.upload_dataset(str(path), "halves", dtype="float32")
        out = sess.run_batch({"y": y}, dataset=ready["id"], inputs={x: "x"}).result(timeout=60)
    # THEN each is the float32 TF 2.21's decode_csv reads from its text
    want = np.array([1 + 2**-23, 1 + 2**-23, 0.5], np.float32)
    assert out["y"].tobytes() == want.tobytes(), out["y"].tolist()


# ------------------------------------------------------ the client, training, the CLI
def digits_like(rows=300):
    """Rows of 8 features and a label in 0..2, learnable by softmax regression."""
    rng = np.random.default_rng(5)
    labels = rng.integers(0, 3, rows)
    centers = rng.normal(scale=3.0, size=(3, 8)).astype(np.float32)
    features = (centers[labels] + rng.normal(size=(rows, 8))).astype(np.float32)
    return features, labels.astype(np.int32)


def softmax_graph():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 8], name="x")
        y = gg.placeholder(gg.int32, [None], name="y")
        w = gg.Variable(gg.zeros([8, 3]), name="w")
        b = gg.Variable(gg.zeros([3]), name="b")
        logits = gg.matmul(x, w) + b
        loss = gg.reduce_mean(
            gg.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    return graph, x, y, loss, train


def local_training(graph, train, x, y, features, labels, batch_size, epochs, seed):
    """What a local session ends with over the documented minibatch order."""
    rows = len(features)
    with graph.as_default(), gg.Session() as session:
        session.run(gg.global_variables_initializer())
        for epoch in range(epochs):
            order = np.random.RandomState([seed, epoch]).permutation(rows)
            for start in range(0, rows, batch_size):
                picked = order[start : start + batch_size]
                session.run(train, {x: features[picked], y: labels[picked]})
        return {v.op.name: session.run(v) for v in gg.global_variables()}


def test_remote_session_trains_on_uploaded_arrays_as_a_local_loop_does(runner):
    # GIVEN arrays uploaded through the client (the runner's worker hands on every 10 ms)
    key = runner.create_tenant("datasets-train", plan="pro")["api_key"]
    features, labels = digits_like()
    graph, x, y, loss, train = softmax_graph()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        dataset = sess.client.upload_dataset({"features": features, "labels": labels}, "blobs")
        assert dataset["status"] == "ready" and dataset["rows"] == 300
        before = sess.run(loss, {x: features, y: labels})

        # WHEN the session trains on it: 4 shuffled epochs of 32 (10 batches each)
        handle = sess.train(
            [loss, train],
            dataset["id"],
            {x: "features", y: "labels"},
            batch_size=32,
            epochs=4,
            shuffle=True,
            seed=21,
            wait=False,
        )
        last_loss, _ = handle.result(timeout=120)
        record = handle.progress()
        trained = sess.get_variables()
        after = sess.run(loss, {x: features, y: labels})

    # THEN it ran every step over several invocations, the loss fell, and the
    # variables are a local loop's over the same order, bit for bit
    assert record["steps"] == record["completed_steps"] == 40
    assert record["invocations"] > 1
    assert record["position"] == {"epoch": 4, "offset": 0, "seed": 21}
    assert after < before / 2 and np.isfinite(last_loss)
    expected = local_training(graph, train, x, y, features, labels, 32, 4, 21)
    for name, value in expected.items():
        assert trained[name].tobytes() == value.tobytes(), name


def test_a_run_continued_from_another_runs_position_trains_as_one_run_over_http(runner):
    # GIVEN a shuffled run of 2 epochs of a 4-epoch schedule, finished (the integration
    # test cancels one mid-epoch; over HTTP its stopping point would be a race)
    key = runner.create_tenant("datasets-continue", plan="pro")["api_key"]
    features, labels = digits_like()
    graph, x, y, loss, train = softmax_graph()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        dataset = sess.client.upload_dataset({"features": features, "labels": labels}, "blobs")
        feed_map = {x: "features", y: "labels"}
        first = sess.train(
            [loss, train],
            dataset["id"],
            feed_map,
            batch_size=32,
            epochs=2,
            shuffle=True,
            seed=21,
            wait=False,
        )
        first.result(timeout=120)
        position = first.progress()["position"]
        assert position == {"epoch": 2, "offset": 0, "seed": 21}
        # WHEN the 4-epoch schedule is continued from its position (its seed comes along)
        rest = sess.train(
            [loss, train],
            dataset["id"],
            feed_map,
            batch_size=32,
            epochs=4,
            shuffle=True,
            start=position,
            wait=False,
        )
        rest.result(timeout=120)
        record = rest.progress()
        trained = sess.get_variables()
        # AND a start no run reaches is refused by name
        with pytest.raises(ApiError) as info:
            sess.train(
                [loss, train],
                dataset["id"],
                feed_map,
                batch_size=32,
                epochs=4,
                start={"epoch": 0, "offset": 5},
                wait=False,
            )

    # THEN it ran the steps left, and the variables are those of one 4-epoch run
    assert record["steps"] == record["completed_steps"] == 20
    assert record["position"] == {"epoch": 4, "offset": 0, "seed": 21}
    expected = local_training(graph, train, x, y, features, labels, 32, 4, 21)
    for name, value in expected.items():
        assert trained[name].tobytes() == value.tobytes(), name
    assert info.value.status == 400 and info.value.code == "VALIDATION_FAILED"


def test_the_cli_uploads_lists_shows_and_deletes_datasets(runner, tmp_path, monkeypatch):
    from graphgate import cli

    key = runner.create_tenant("datasets-cli", plan="pro")["api_key"]
    monkeypatch.setenv("GRAPHGATE_API_URL", runner.url)
    monkeypatch.setenv("GRAPHGATE_API_KEY", key)
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "none.toml"))
    table = tmp_path / "iris.csv"
    table.write_text("a,b,c,kind\n1,2,3,0\n4,5,6,1\n7,8,9,2\n")

    def run(*argv):
        out = io.StringIO()
        return cli.main(list(argv), stdout=out), out.getvalue()

    code, out = run(
        "datasets", "upload", str(table), "--column", "x=a,b,c", "--column", "y=kind",
        "--dtype", "float32", "-o", "json",
    )  # fmt: skip
    assert code == 0, out
    dataset = json.loads(out)
    assert dataset["name"] == "iris" and dataset["arrays"] == {
        "x": {"dtype": "float32", "shape": [3, 3]},
        "y": {"dtype": "float32", "shape": [3]},
    }
    # a session trains on it from the command line: 2 steps an epoch (3 rows, batches of 2)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        y = gg.placeholder(gg.float32, [None], name="y")
        w = gg.Variable(gg.zeros([3]), name="w")
        loss = gg.reduce_mean(gg.square(gg.reduce_sum(x * w, axis=1) - y), name="loss")
        gg.train.GradientDescentOptimizer(0.001).minimize(loss, name="train")
    with GraphgateClient(runner.url, api_key=key) as client:
        stored = client.upload_graph(graph, "cli-train")
        session = client.create_session(stored["id"])["id"]
    code, out = run(
        "run", "-", "loss", "--session", session, "--target", "train",
        "--dataset", dataset["id"], "--map", "x=x", "--map", "y=y",
        "--batch-size", "2", "--epochs", "3", "--shuffle", "--seed", "4", "--watch", "-o", "json",
    )  # fmt: skip
    assert code == 0, out
    trained = json.loads(out)["run"]
    assert trained["completed_steps"] == 6 and trained["position"]["seed"] == 4
    # ... and goes on from that position: a fourth epoch is its 2 steps, not 8 from the start
    position = trained["position"]
    code, out = run(
        "run", "-", "loss", "--session", session, "--target", "train",
        "--dataset", dataset["id"], "--map", "x=x", "--map", "y=y", "--batch-size", "2",
        "--epochs", "4", "--shuffle", "--seed", str(position["seed"]),
        "--start", f"{position['epoch']}:{position['offset']}", "--watch", "-o", "json",
    )  # fmt: skip
    assert code == 0, out
    continued = json.loads(out)["run"]
    assert continued["completed_steps"] == 2 and continued["position"]["epoch"] == 4
    for wrong in ("3", "3:x", "-1:0"):
        argv = ["--dataset", dataset["id"], "--map", "x=x", "--batch-size", "2", "--start", wrong]
        with pytest.raises(SystemExit) as refused:  # argparse's own usage error
            run("run", "-", "loss", "--session", session, *argv)
        assert refused.value.code == cli.USAGE
    assert run("run", "-", "loss", "--dataset", dataset["id"], "--batch-size", "2")[0] == cli.USAGE

    code, out = run("datasets", "list")
    assert code == 0 and dataset["id"] in out and "x:float32[3,3]" in out
    code, out = run("datasets", "get", dataset["id"], "-o", "json")
    assert code == 0 and json.loads(out)["rows"] == 3
    assert run("datasets", "delete", dataset["id"])[0] == 0
    code, _ = run("datasets", "get", dataset["id"])
    assert code == cli.NOT_FOUND

    bad = tmp_path / "bad.csv"
    bad.write_text("a\n1\nnot-a-number\n")
    code, _ = run("datasets", "upload", str(bad))
    assert code == cli.REJECTED
    for wrong in (tmp_path / "missing.npy", table.with_suffix(".parquet")):
        assert run("datasets", "upload", str(wrong))[0] == cli.USAGE


def test_registering_twice_with_one_idempotency_key_registers_once(client):
    body = {"name": "once", "files": [{"format": "npy", "name": "x", "bytes": 136}]}
    headers = {"Idempotency-Key": "register-once-1"}
    first = client.call("POST", "/v1/datasets", body, headers)
    again = client.call("POST", "/v1/datasets", body, headers)
    assert first.status == again.status == 201
    assert again.json()["id"] == first.json()["id"]
    listed = client.call("GET", "/v1/datasets").json()["items"]
    assert [d["id"] for d in listed] == [first.json()["id"]]


def test_a_ready_dataset_is_not_changed_by_a_put_to_its_upload_url(client):
    # GIVEN a dataset validated as FP32 [4, 2], and a session of y = x @ [[1], [2]] + 0.5
    x = np.arange(8, dtype=np.float32).reshape(4, 2)
    body = npy(x)
    files = [{"format": "npy", "name": "x", "bytes": len(body)}]
    registered = client.call("POST", "/v1/datasets", {"name": "kept", "files": files}).json()
    target = registered["uploads"][0]
    assert target["headers"]["If-None-Match"] == "*"
    put(target, body)
    ready = client.call("POST", f"/v1/datasets/{registered['id']}/complete")
    assert ready.status == 200 and ready.json()["status"] == "ready", ready.body
    document = json.loads(load_event("post-graphs-linear")["body"])
    graph = client.call("POST", "/v1/graphs", document).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()
    # WHEN the upload URL, still valid, is sent another array of the same size: INT32
    replacement = npy(x.astype(np.int32))
    assert len(replacement) == len(body)
    replaced = request("PUT", target["url"], target["headers"], replacement)
    # THEN storage refuses it: the URL writes its key once (it took it, and a run over
    # other bytes by the FP32 layout succeeded with a wrong answer; later, with the rows
    # read If-Match, failed, the bytes still stored past the plan's)
    assert replaced.status == 412, replaced.body
    # AND so is one whose `*` has whitespace around it, which is no part of a field's
    # value (RFC 9110 5.5) and which the signature, over the trimmed value, holds for
    spaced = {**target["headers"], "If-None-Match": "* "}
    assert request("PUT", target["url"], spaced, replacement).status == 412
    # AND without the If-None-Match it is signed for, or with more bytes than registered
    # (FP64), 403 as S3 answers: the signature does not hold for that request
    unsigned = {k: v for k, v in target["headers"].items() if k != "If-None-Match"}
    assert request("PUT", target["url"], unsigned, replacement).status == 403
    larger = request("PUT", target["url"], target["headers"], npy(x.astype(np.float64)))
    assert larger.status == 403 and b"SignatureDoesNotMatch" in larger.body
    # AND the URL stripped of its signature is an anonymous PUT (403), and one whose
    # algorithm is renamed a query S3 cannot read (400): moto, checking none, took both
    assert request("PUT", target["url"].split("?")[0], unsigned, replacement).status == 403
    renamed = target["url"].replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4")
    assert request("PUT", renamed, unsigned, replacement).status == 400
    # AND the dataset computes on the rows validated
    run = client.call(
        "POST",
        f"/v1/sessions/{session['id']}/runs",
        {"fetches": ["y"], "dataset": {"id": registered["id"], "map": {"x": "x"}, "batch_size": 4}},
    )
    assert run.status == 202, run.body
    for _ in range(300):
        ended = client.call("GET", run.headers["location"]).json()
        if ended["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert ended["status"] == "succeeded", ended
    assert ended["outputs"][0]["data"] == [2.5, 8.5, 14.5, 20.5], ended["outputs"]


def _chunked_put(url, headers, body):
    """A PUT whose body is sent chunked, as a client streaming it sends it (no size)."""
    parts = urlsplit(url)
    head = f"PUT {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sent:
        sent.sendall(head.encode() + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
        answer = b""
        while chunk := sent.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


def test_a_chunked_put_to_an_upload_url_is_refused_and_stores_nothing(client):
    # GIVEN an upload URL, which writes its key once
    body = npy(np.arange(3.0))
    target = client.call("POST", "/v1/uploads", {"bytes": len(body)}).json()
    # WHEN the file is sent chunked (a stream of unknown size: `curl -T -`, a generator)
    status, answer = _chunked_put(target["url"], target["headers"], body)
    # THEN storage refuses it as S3 does (501 NotImplemented, naming Transfer-Encoding):
    # the runner stored an empty file (200), and the URL, written once, took no other
    assert status == 501 and b"Transfer-Encoding" in answer, answer
    # AND the file sent with its size is stored
    assert request("PUT", target["url"], target["headers"], body).status == 200
