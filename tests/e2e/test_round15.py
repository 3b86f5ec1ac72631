"""Adversarial probing, round 15 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding README.md, docs/, the OpenAPI document and the
protocols' own texts (RFC 8259 and I-JSON, TF Serving, KServe) found — a deadline too
large for a double or for DynamoDB, an engine code answered without its category, and a
TF Serving status that called a model with no versions available."""

import io
import json
import time

import numpy as np
import pytest

from tests.hardening import model_graph_request
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FEEDS = {"x": {"datatype": "FP32", "shape": [2], "data": [1.0, 2.0]}}
LARGEST_EXACT = 2**53 - 1  # I-JSON's (RFC 7493) largest integer every reader keeps exact


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round15-e2e", plan="pro")["api_key"])


@pytest.fixture(scope="module")
def graph_id(client):
    created = client.call("POST", "/v1/graphs", model_graph_request("r15"))
    assert created.status == 201, created.body[:300]
    return created.json()["id"]


def _version(client, graph_id, name, outputs=None):
    body = {
        "name": name,
        "graph_id": graph_id,
        "variables": {"w": {"datatype": "FP32", "shape": [], "data": [2.0]}},
        "inputs": {"x": "x"},
        "outputs": outputs or {"y": "y"},
    }
    made = client.call("POST", "/v1/models", body)
    assert made.status == 201, made.body[:300]
    return made.json()["version"]


def test_a_deadline_past_a_double_or_i_json_is_refused_and_the_largest_is_kept(client, graph_id):
    # A timeout_ms of 10**400 was a 500 on every run route; one of 10**41 made an async
    # run its worker could never checkpoint (202, then queued until dead-lettered).
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    routes = [(f"/v1/graphs/{graph_id}/runs", {}), (f"/v1/sessions/{session}/runs", {})]
    routes.append((f"/v1/sessions/{session}/runs", {"Prefer": "respond-async"}))
    request = {"fetches": "y", "feeds": FEEDS}
    for path, headers in routes:
        huge = json.dumps(request)[:-1] + ', "timeout_ms": 1%s}' % ("0" * 400)
        refused = client.call("POST", path, headers=headers, raw=huge.encode())
        assert (refused.status, refused.json()["code"]) == (400, "INVALID_JSON"), refused.body
        assert "overflows a double" in refused.json()["detail"]
        for timeout_ms in (10**41, LARGEST_EXACT + 1):
            refused = client.call("POST", path, {**request, "timeout_ms": timeout_ms}, headers)
            assert refused.status == 400, refused.body[:300]
            assert refused.json()["code"] == "VALIDATION_FAILED"
    # The largest exact integer is a deadline, which the async run keeps to its end.
    accepted = client.call(
        "POST",
        f"/v1/sessions/{session}/runs",
        {**request, "timeout_ms": LARGEST_EXACT},
        {"Prefer": "respond-async"},
    )
    assert accepted.status == 202, accepted.body[:300]
    run_path = f"/v1/sessions/{session}/runs/{accepted.json()['id']}"
    for _ in range(100):
        run = client.call("GET", run_path).json()
        if run["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert run["status"] == "succeeded", run


def test_a_prediction_input_too_large_says_the_engines_category(client, graph_id):
    # Its 422 TENSOR_TOO_LARGE said category UNKNOWN where a run's says RESOURCE_EXHAUSTED.
    _version(client, graph_id, "r15big")
    tensor = {"name": "x", "datatype": "FP32", "shape": [2**40], "data": [1.0]}
    refused = client.call("POST", "/v2/models/r15big/infer", {"inputs": [tensor]})
    assert refused.status == 422, refused.body[:300]
    body = refused.json()
    assert (body["code"], body["category"]) == ("TENSOR_TOO_LARGE", "RESOURCE_EXHAUSTED")
    feed = {k: v for k, v in tensor.items() if k != "name"}
    ran = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "y", "feeds": {"x": feed}})
    assert (ran.status, ran.json()["code"]) == (422, "TENSOR_TOO_LARGE"), ran.body[:300]
    assert ran.json()["category"] == body["category"]


def test_a_model_whose_versions_were_all_deleted_has_no_tf_serving_status(client, graph_id):
    # TF Serving answers NotFound ("Could not find any versions of model"); graphgate's
    # status was 200 {"model_version_status": []} beside its own metadata's 404.
    version = _version(client, graph_id, "r15gone")
    deleted = client.call("DELETE", f"/v1/models/r15gone/versions/{version}")
    assert deleted.status == 204, deleted.body[:300]
    for path in ("/tfserving/v1/models/r15gone", "/tfserving/v1/models/r15gone/metadata"):
        reply = client.call("GET", path)
        assert reply.status == 404, (path, reply.body[:300])
        assert reply.headers["content-type"] == "application/json"
        assert reply.json()["code"] == "MODEL_VERSION_NOT_FOUND"
        assert "no versions" in reply.json()["error"]
    kserve = client.call("GET", "/v2/models/r15gone")
    assert (kserve.status, kserve.json()["code"]) == (404, "MODEL_VERSION_NOT_FOUND")
    # A new version is the model's status again.
    again = _version(client, graph_id, "r15gone")
    status = client.call("GET", "/tfserving/v1/models/r15gone").json()
    assert [s["version"] for s in status["model_version_status"]] == [str(again)]


def _dataset(client):
    buffer = io.BytesIO()
    np.save(buffer, np.arange(6, dtype=np.float32))
    body = buffer.getvalue()
    spec = {"format": "npy", "name": "x", "bytes": len(body)}
    created = client.call("POST", "/v1/datasets", {"name": "r15", "files": [spec]})
    assert created.status == 201, created.body[:300]
    target = created.json()["uploads"][0]
    assert request("PUT", target["url"], target["headers"], body).status == 200
    completed = client.call("POST", f"/v1/datasets/{created.json()['id']}/complete")
    assert completed.status == 200, completed.body[:300]
    return created.json()["id"]


def test_a_batch_listing_model_aliases_no_archive_can_hold_is_400(client, graph_id):
    # Round 12 held a fetches map's keys to the rule; a list names its outputs by its
    # items, which a model version's aliases fill: [""] was a 500, and ["a\0b", "a\0c"]
    # succeeded with each shard's .npz holding two members named "a" (2x and x).
    dataset = _dataset(client)
    _version(client, graph_id, "r15alias", {"": "y", "a\x00b": "y", "a\x00c": "x"})
    batch = {"model": {"name": "r15alias", "version": 1}, "dataset": dataset, "inputs": {"x": "x"}}
    for fetches in ([""], ["a\x00b", "a\x00c"]):
        refused = client.call("POST", "/v1/batches", {**batch, "fetches": fetches})
        assert refused.status == 400, refused.body[:300]
        assert refused.json()["code"] == "VALIDATION_FAILED"
        assert refused.json()["errors"][0]["pointer"] == "/fetches"
    # Named in a map, the same aliases are outputs an archive holds.
    accepted = client.call(
        "POST", "/v1/batches", {**batch, "fetches": {"b": "a\x00b", "c": "a\x00c"}}
    )
    assert accepted.status == 202, accepted.body[:300]
    for _ in range(100):
        done = client.call("GET", f"/v1/batches/{accepted.json()['id']}").json()
        if done["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert done["status"] == "succeeded", done
    shard = np.load(io.BytesIO(request("GET", done["outputs"][0]["url"]).body))
    assert sorted(shard.files) == ["b", "c"]
    np.testing.assert_array_equal(shard["b"], 2 * np.arange(6, dtype=np.float32))
    np.testing.assert_array_equal(shard["c"], np.arange(6, dtype=np.float32))
