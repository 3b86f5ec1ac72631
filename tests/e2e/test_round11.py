"""Adversarial probing, round 11 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding only README.md, docs/ and the OpenAPI document
found answered otherwise than documented — records that grow with use until DynamoDB's
400 KB item refuses the write that would grow them once more: a 500."""

import pytest

from graphgate_service import models
from tests.hardening import model_graph_request, model_request
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round11-e2e", plan="pro")["api_key"])


@pytest.fixture(scope="module")
def model(client):
    """Model `r11` with versions 1 and 2 of y = x * w."""
    graph = client.call("POST", "/v1/graphs", model_graph_request("r11"))
    assert graph.status == 201, graph.body
    for _ in range(2):
        body = {**model_request("r11"), "graph_id": graph.json()["id"]}
        assert client.call("POST", "/v1/models", body).status == 201
    return "r11"


def label(i: int) -> str:
    return f"L{i:05d}" + "x" * 58  # 64 characters, the longest a label may be


def test_a_label_past_the_most_a_model_keeps_is_422_not_a_500(client, model):
    # Every label lives on the model's one record: the 3,460th label of 64 characters
    # with a canary passed 400 KB and its write was a 500.
    target = {"version": 1, "canary": {"version": 2, "weight": 0.1}}

    # One at a time: concurrent label moves may answer 409 MODEL_BUSY (documented).
    for i in range(models.MAX_LABELS):
        put = client.call("PUT", f"/v1/models/{model}/labels/{label(i)}", target)
        assert put.status == 200, put.body[:300]
    refused = client.call("PUT", f"/v1/models/{model}/labels/one-more", target)
    assert refused.status == 422, refused.body[:300]
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (problem["code"], problem["limit"], problem["used"]) == (
        "TOO_MANY_LABELS",
        models.MAX_LABELS,
        models.MAX_LABELS,
    )
    assert client.call("GET", f"/v1/models/{model}/labels/one-more").status == 404
    # Moving a label the model has, and deleting one, are never refused.
    assert client.call("PUT", f"/v1/models/{model}/labels/{label(0)}", {"version": 2}).status == 200
    assert client.call("DELETE", f"/v1/models/{model}/labels/{label(1)}").status == 204
    assert client.call("PUT", f"/v1/models/{model}/labels/one-more", target).status == 200
    listed = client.call("GET", f"/v1/models/{model}").json()["labels"]
    assert len(listed) == models.MAX_LABELS and listed[label(0)] == {"version": 2}
