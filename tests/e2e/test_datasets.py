"""Datasets over HTTP against the local runner: register, upload to the presigned
URLs (one PUT, and parts), complete, read, list, delete; and another tenant sees
none of it."""

import io

import numpy as np
import pytest

from tests.support import Client, request

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
        "POST", "/v1/datasets", {"name": "bad", "files": [{"format": "csv", "bytes": 8}]}
    ).json()
    put(registered["uploads"][0], b"a\n1\nx\n\n")
    reply = client.call("POST", f"/v1/datasets/{registered['id']}/complete")
    assert reply.status == 422 and reply.json()["code"] == "DATASET_INVALID"
    assert reply.headers["content-type"] == "application/problem+json"
    shown = client.call("GET", f"/v1/datasets/{registered['id']}").json()
    assert shown["status"] == "failed" and shown["error"]["code"] == "DATASET_INVALID"
