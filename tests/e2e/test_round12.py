"""Adversarial probing, round 12 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding only README.md, docs/ and the OpenAPI document
found answered otherwise than documented, on the routes earlier rounds touched least —
datasets, batches and the console: variables `x` and `x.npy` read back from a session's
archive as one (a wrong number), a refusal quoted whole into a dataset's item (a 500), a
CSV number stored as inf, names numpy.savez takes for its own arguments (a 500, and an
array silently left out), batch output names no archive can hold, a batch's string
outputs read by the client as packed bytes, and If-Match ignored."""

import io
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round12-e2e", plan="pro")["api_key"])


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def uploaded(client, body, spec):
    """A dataset registered with one file `body`, uploaded; (completion's reply, its id)."""
    created = client.call("POST", "/v1/datasets", {"name": "r12", "files": [spec]})
    assert created.status == 201, created.body[:300]
    target = created.json()["uploads"][0]
    assert request("PUT", target["url"], target["headers"], body).status == 200
    dataset_id = created.json()["id"]
    return client.call("POST", f"/v1/datasets/{dataset_id}/complete"), dataset_id


def csv_dataset(client, text, **spec):
    body = text.encode()
    return uploaded(client, body, {"format": "csv", "bytes": len(body), **spec})


def assert_problem(reply, status, code):
    assert reply.status == status, reply.body[:300]
    assert reply.headers["content-type"].startswith("application/problem+json")
    assert reply.json()["code"] == code


def store(client, graph):
    stored = client.call(
        "POST", "/v1/graphs", {"name": "r12", "graph": serialization.graph_to_dict(graph)}
    )
    assert stored.status == 201, stored.body[:300]
    return stored.json()["id"]


def test_variables_named_x_and_x_npy_keep_their_own_values_in_a_session(client):
    # A session's variables live in an .npz archive; read back through numpy's
    # archive["x.npy"], which is member x.npy (array x), x.npy took x's value: the
    # session answered 1 + 1 = 2 where TF and a one-shot run answer 1 + 2 = 3.
    graph = gg.Graph()
    with graph.as_default():
        gg.add(gg.Variable(1.0, name="x"), gg.Variable(2.0, name="x.npy"), name="total")
    graph_id = store(client, graph)
    session_id = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    variables = client.call("GET", f"/v1/sessions/{session_id}/variables").json()["variables"]
    assert (variables["x"]["data"], variables["x.npy"]["data"]) == ([1.0], [2.0])
    ran = client.call("POST", f"/v1/sessions/{session_id}/runs", {"fetches": ["total:0"]})
    assert ran.status == 200 and ran.json()["outputs"][0]["data"] == [3.0], ran.body[:300]


def test_a_batchs_outputs_reach_the_client_under_their_own_names(client):
    # The client read a shard with numpy's archive[name]: a string output came back as
    # "s:BYTES", packed uint8, and an output named "y.npy" as output "y"'s values.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        text = gg.strings.as_string(x, precision=1, name="text")
        doubled = gg.multiply(x, 2.0, name="doubled")
    rows = np.arange(6, dtype=np.float32).reshape(3, 2)
    with gg.RemoteSession(client.url, api_key=client.api_key, graph=graph) as session:
        outputs = session.run_batch({"s": text, "y": doubled, "y.npy": x}, {x: rows}).result()
    assert sorted(outputs) == ["s", "y", "y.npy"]
    assert outputs["s"].tolist()[2] == [b"4.0", b"5.0"]
    np.testing.assert_array_equal(outputs["y"], rows * 2)
    np.testing.assert_array_equal(outputs["y.npy"], rows)


def test_an_npz_datasets_arrays_x_and_x_npy_keep_their_own_rows(client):
    # Completion read each member through numpy's archive[name]: array "x.npy" was
    # stored with x's rows, and a batch over it scored [1, 2, 3] for [7, 8, 9].
    buffer = io.BytesIO()
    np.savez(buffer, **{"x": np.array([1.0, 2.0, 3.0]), "x.npy": np.array([7.0, 8.0, 9.0])})
    body = buffer.getvalue()
    ready, dataset_id = uploaded(client, body, {"format": "npz", "bytes": len(body)})
    assert ready.status == 200, ready.body[:300]
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float64, [None], name="x")
        gg.identity(x, name="y")
    with gg.RemoteSession(client.url, api_key=client.api_key, graph=graph) as session:
        scored = session.run_batch({"y": "y:0"}, dataset=dataset_id, inputs={x: "x.npy"})
        assert scored.result()["y"].tolist() == [7.0, 8.0, 9.0]


def test_completions_racing_on_a_converted_dataset_all_answer_it_ready(client):
    # The first to finish dropped the .npz it converted; a racer reading it then met S3's
    # NoSuchKey, a 500 (2 of 6 racers, the first time this was tried).
    buffer = io.BytesIO()
    np.savez(buffer, x=np.arange(100_000, dtype=np.float32))
    body = buffer.getvalue()
    for _ in range(3):
        created = client.call(
            "POST",
            "/v1/datasets",
            {"name": "r12", "files": [{"format": "npz", "bytes": len(body)}]},
        )
        target = created.json()["uploads"][0]
        assert request("PUT", target["url"], target["headers"], body).status == 200
        path = f"/v1/datasets/{created.json()['id']}/complete"
        with ThreadPoolExecutor(6) as pool:
            replies = list(pool.map(lambda p: client.call("POST", p), [path] * 6))
        assert [r.status for r in replies] == [200] * 6, [r.body[:200] for r in replies]
        assert {r.json()["arrays"]["x"]["shape"][0] for r in replies} == {100_000}


def test_a_csv_refused_with_a_long_detail_fails_its_dataset_not_a_500(client):
    # A header naming 600 columns of 1,000 characters twice: the refusal quoted every
    # repeated name (600 KB), and the failed dataset's item could not hold it.
    names = [f"c{i:04d}" + "z" * 995 for i in range(600)] * 2
    refused, dataset_id = csv_dataset(client, ",".join(names) + "\n" + ",".join(["1"] * 1200))
    assert_problem(refused, 422, "DATASET_INVALID")
    assert len(refused.body) < 5_000
    failed = client.call("GET", f"/v1/datasets/{dataset_id}").json()
    assert failed["status"] == "failed" and failed["error"]["code"] == "DATASET_INVALID"
    assert failed["error"]["detail"].startswith("The CSV header names column c0000")
    again = client.call("POST", f"/v1/datasets/{dataset_id}/complete")
    assert_problem(again, 422, "DATASET_INVALID")


@pytest.mark.parametrize("dtype", [None, "float32"])
def test_a_csv_number_past_float64_is_refused_not_stored_as_inf(client, dtype):
    spec = {"dtype": dtype} if dtype else {}
    refused, _ = csv_dataset(client, "a\n1\n1e400\n", **spec)
    assert_problem(refused, 422, "DATASET_INVALID")
    assert "'1e400' on line 3" in refused.json()["detail"]
    # An infinity written as one is a value like any other.
    ready, _ = csv_dataset(client, "a\n1\ninf\n", **spec)
    assert ready.status == 200 and ready.json()["status"] == "ready", ready.body[:300]


def wait_for(client, batch_id):
    for _ in range(240):
        record = client.call("GET", f"/v1/batches/{batch_id}").json()
        if record["status"] not in ("queued", "running"):
            return record
        time.sleep(0.25)
    raise AssertionError(f"batch {batch_id} did not end")


def test_variables_and_outputs_named_like_savez_arguments_are_kept(client):
    # numpy.savez(file, *args, allow_pickle=True, **kwds) packs a session's variables and
    # a shard's outputs: a variable named `file` was a 500 for every session of its graph,
    # and one named `allow_pickle` was taken for the flag and left out of the archive.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        w = gg.Variable(gg.ones([2, 2]), name="allow_pickle")
        b = gg.Variable(gg.ones([2]), name="file")
        gg.add(gg.matmul(x, w), b, name="y")
    session = client.call("POST", "/v1/sessions", {"graph_id": store(client, graph)})
    assert session.status == 201, session.body[:300]
    session_id = session.json()["id"]
    assigned = client.call(
        "PUT",
        f"/v1/sessions/{session_id}/variables/allow_pickle",
        {"datatype": "FP32", "shape": [2, 2], "data": [5, 5, 5, 5]},
    )
    assert assigned.status == 200, assigned.body[:300]
    variables = client.call("GET", f"/v1/sessions/{session_id}/variables").json()["variables"]
    assert variables["allow_pickle"]["data"] == [5.0] * 4 and variables["file"]["data"] == [1, 1]

    rows = np.arange(8, dtype=np.float32).reshape(4, 2)
    ready, dataset_id = uploaded(
        client, npy(rows), {"format": "npy", "name": "x", "bytes": len(npy(rows))}
    )
    assert ready.status == 200, ready.body[:300]
    submitted = client.call(
        "POST",
        "/v1/batches",
        {
            "session": session_id,
            "dataset": dataset_id,
            "inputs": {"x": "x"},
            "fetches": {"file": "y:0", "allow_pickle": "y:0"},
        },
    )
    assert submitted.status == 202, submitted.body[:300]
    record = wait_for(client, submitted.json()["id"])
    assert record["status"] == "succeeded", record
    shard = np.load(io.BytesIO(request("GET", record["outputs"][0]["url"]).body))
    expected = rows @ np.full((2, 2), 5, np.float32) + 1
    assert sorted(shard.files) == ["allow_pickle", "file"]
    np.testing.assert_array_equal(shard["file"], expected)
    np.testing.assert_array_equal(shard["allow_pickle"], expected)


@pytest.mark.parametrize("output", ["", "a\x00b"])
def test_a_batch_output_name_an_archive_cannot_hold_is_400(client, output):
    # "" was a 500 (DynamoDB refuses an empty map key); "a\0b" and "a\0c" were both
    # written as member "a" of each shard's .npz (zip ends a name at a NUL).
    batch = {"graph": {"id": "g_0"}, "dataset": "ds_0", "inputs": {"x": "x"}}
    refused = client.call("POST", "/v1/batches", {**batch, "fetches": {output: "y:0"}})
    assert_problem(refused, 400, "VALIDATION_FAILED")
    assert refused.json()["errors"][0]["pointer"] == "/fetches"


@pytest.mark.parametrize("query", ["fetch=y&feed=x,x", "fetch=x,x&feed=x", "fetch=w,w,y"])
def test_an_onnx_export_naming_a_feed_or_copied_output_twice_is_a_model(client, query):
    # Two inputs named x, or two Identity nodes writing x/output, failed onnx.checker's
    # SSA rule inside the export: a 500.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.multiply(x, gg.Variable(2.0, name="w"), name="y")
    graph_id = store(client, graph)
    exported = client.call(
        "GET", f"/v1/graphs/{graph_id}?{query}", headers={"Accept": "application/onnx"}
    )
    assert exported.status == 200, exported.body[:300]
    assert exported.headers["content-type"] == "application/onnx"


@pytest.mark.parametrize("path", ["/console", "/console/console.js", "/docs"])
def test_the_consoles_files_honour_if_match(runner, path):
    current = request("GET", runner.url + path)
    assert current.status == 200
    etag = current.headers["etag"]
    for stale in ('"an-old-deploy"', f"W/{etag}"):
        refused = request("GET", runner.url + path, {"If-Match": stale})
        assert_problem(refused, 412, "PRECONDITION_FAILED")
    for holds in (etag, "*", f'"x", {etag}'):
        assert request("GET", runner.url + path, {"If-Match": holds}).status == 200
    both = request("GET", runner.url + path, {"If-Match": etag, "If-None-Match": etag})
    assert both.status == 304 and both.headers["etag"] == etag
