"""Adversarial probing, round 10 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding only README.md, docs/ and the OpenAPI document
found answered otherwise than documented — numbers at a datatype's edge, and strings the
schema leaves unbounded that were kept whole on a DynamoDB item (400 KB at most), whose
write then failed: a 500."""

import io
import time

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.hardening import model_graph_request, model_request
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

LONG = "k" * 450_000  # past an item's 400 KB on its own, well inside the 6 MB body


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round10-e2e", plan="pro")["api_key"])


@pytest.fixture(scope="module")
def doubling(client):
    """A graph computing y = x * w (x FP32 [-1], w = 1)."""
    reply = client.call("POST", "/v1/graphs", model_graph_request("r10"))
    assert reply.status == 201, reply.body
    return reply.json()["id"]


def run(client, graph_id, tensor):
    return client.call(
        "POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "y", "feeds": {"x": tensor}}
    )


# --------------------------------------------------------------- tensors at the edges
@pytest.mark.parametrize("shape", [[2**63, 0], [0, 2**40, 2**40]])
def test_an_empty_shape_no_array_can_have_is_invalid_tensor_not_a_500(client, doubling, shape):
    reply = run(client, doubling, {"datatype": "FP32", "shape": shape, "data": []})
    assert reply.status == 400, reply.body
    assert reply.json()["code"] == "INVALID_TENSOR"


def test_an_integer_past_float16s_range_is_refused_not_fed_as_infinity(client, doubling):
    # [70000] as FP16 was fed as inf (and y answered Infinity), where 70000.0 was refused.
    for data in ([70000], [70000.0], [65535, 1]):
        shape = [len(data)]
        reply = run(client, doubling, {"datatype": "FP16", "shape": shape, "data": data})
        assert reply.status == 400, reply.body
        assert reply.json()["code"] == "VALUE_NOT_REPRESENTABLE"
    fits = run(client, doubling, {"datatype": "FP16", "shape": [1], "data": [65504]})
    assert fits.status == 200 and fits.json()["outputs"]["data"] == [65504.0]


# ------------------------------------------------- strings kept on an item, unbounded
def test_fetches_of_any_length_are_answered_and_run_async(client):
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable(0.0, name="v")
        gg.assign_add(v, 1.0, name="inc")
    document = {"name": "r10-counter", "graph": serialization.graph_to_dict(graph)}
    graph_id = client.call("POST", "/v1/graphs", document).json()["id"]
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    runs = f"/v1/sessions/{session}/runs"
    body = {"fetches": {LONG: "v"}, "targets": ["inc"]}
    ran = client.call("POST", runs, body)
    assert ran.status == 200, ran.body[:300]
    assert ran.json()["outputs"][LONG]["data"] == [1.0]  # v after the run's update
    accepted = client.call("POST", runs, {**body, "steps": 30}, {"Prefer": "respond-async"})
    assert accepted.status == 202, accepted.body[:300]
    for _ in range(100):  # the worker's first checkpoint failed at every retry
        shown = client.call("GET", accepted.headers["location"]).json()
        if shown["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert (shown["status"], shown["completed_steps"]) == ("succeeded", 30)
    variables = client.call("GET", f"/v1/sessions/{session}/variables").json()["variables"]
    assert variables["v"]["data"] == [31.0]  # one step, then thirty


def test_a_model_alias_too_long_to_keep_is_signature_invalid(client, doubling):
    body = {**model_request("r10-long"), "graph_id": doubling, "outputs": {LONG: "y"}}
    reply = client.call("POST", "/v1/models", body)
    assert reply.status == 400, reply.body[:300]
    assert reply.json()["code"] == "SIGNATURE_INVALID"
    assert client.call("GET", "/v1/models/r10-long").status == 404


def test_a_dataset_registration_too_large_to_keep_is_refused(client):
    columns = {"x": [f"c{i}" + "z" * 999 for i in range(4096)]}
    files = [{"format": "csv", "bytes": 10, "columns": columns}]
    reply = client.call("POST", "/v1/datasets", {"name": "r10", "files": files})
    assert reply.status == 400, reply.body[:300]
    assert reply.json()["errors"][0]["pointer"] == "/files"
    assert client.call("GET", "/v1/datasets").json()["items"] == []


def test_a_batch_output_name_too_long_to_keep_is_refused(client, doubling):
    buffer = io.BytesIO()
    np.save(buffer, np.arange(4, dtype=np.float32))
    blob = buffer.getvalue()
    files = [{"format": "npy", "name": "x", "bytes": len(blob)}]
    dataset = client.call("POST", "/v1/datasets", {"name": "r10-rows", "files": files}).json()
    upload = dataset["uploads"][0]
    assert request("PUT", upload["url"], upload.get("headers", {}), blob).status == 200
    assert client.call("POST", f"/v1/datasets/{dataset['id']}/complete").status == 200
    body = {"graph": {"id": doubling}, "dataset": dataset["id"], "inputs": {"x": "x"}}
    refused = client.call("POST", "/v1/batches", {**body, "fetches": {LONG: "y"}})
    assert refused.status == 400, refused.body[:300]
    assert refused.json()["errors"][0]["code"] == "MAXLENGTH"
    assert client.call("POST", "/v1/batches", {**body, "fetches": {"y": "y"}}).status == 202


def test_an_onnx_models_long_producer_is_fitted_and_long_names_refused(client):
    pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    def post(model):
        blob = model.SerializeToString()
        headers = {"Content-Type": "application/onnx"}
        return client.call("POST", "/v1/graphs?name=r10-onnx", headers=headers, raw=blob)

    def vec(name):
        return helper.make_tensor_value_info(name, TensorProto.FLOAT, [1])

    opset = [helper.make_opsetid("", 17)]
    relu = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [vec("x")], [vec("y")])
    model = helper.make_model(relu, producer_name=LONG, opset_imports=opset)
    stored = post(model)
    assert stored.status == 201, stored.body[:300]
    assert stored.json()["source"]["producer"] == LONG[:200]
    inputs = [vec(f"x{i}_" + "n" * 1000) for i in range(500)]
    total = helper.make_node("Sum", [v.name for v in inputs], ["y"])
    wide = helper.make_model(
        helper.make_graph([total], "g", inputs, [vec("y")]), opset_imports=opset
    )
    refused = post(wide)
    assert refused.status == 422, refused.body[:300]
    assert refused.json()["code"] == "GRAPH_TOO_LARGE"


def test_a_problem_quoting_a_long_name_is_that_problem_not_too_large(client, doubling):
    # A 2.5 MB name, quoted whole in detail and errors: 422 RESPONSE_TOO_LARGE instead of
    # the error, and on KServe's route (which adds OIP's `error`) the gateway's 502.
    name = "z" * 2_500_000
    fetched = client.call("POST", f"/v1/graphs/{doubling}/runs", {"fetches": name})
    assert fetched.status == 400 and fetched.json()["code"] == "UNKNOWN_FETCH", fetched.body[:300]
    assert len(fetched.body) < 10_000
    body = {**model_request("r10-quoted"), "graph_id": doubling}
    assert client.call("POST", "/v1/models", body).status == 201
    tensor = {"name": "x", "datatype": "FP32", "shape": [1], "data": [1.0]}
    infer = {"inputs": [tensor], "outputs": [{"name": name}]}
    refused = client.call("POST", "/v2/models/r10-quoted/infer", infer)
    assert refused.status == 400 and refused.json()["code"] == "OUTPUT_UNKNOWN", refused.body[:300]


@pytest.mark.parametrize("name", ["tag", "content_hash"])
def test_an_empty_tag_or_hash_filter_is_refused_not_every_graph(client, doubling, name):
    reply = client.call("GET", f"/v1/graphs?{name}=")
    assert reply.status == 400, reply.body[:300]
    assert reply.json()["errors"][0]["pointer"] == f"?{name}"
