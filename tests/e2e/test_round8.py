"""Adversarial probing, round 8 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding only README.md, docs/ and the OpenAPI document
found answered otherwise than documented."""

import pytest

from tests.hardening import counter_request
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round8-e2e", plan="pro")["api_key"])


# ---------------------------------------------------------------------- names
@pytest.mark.parametrize("name", ["x\u0000y", "ends\n", " lead", "trail ", "\u202eexe.png"])
def test_a_graph_or_dataset_name_that_is_not_printable_text_is_refused(client, name):
    graph = client.call("POST", "/v1/graphs", {**counter_request(), "name": name})
    assert graph.status == 400, graph.text
    assert graph.json()["errors"][0]["pointer"] == "/name"
    files = [{"format": "npy", "name": "x", "bytes": 10}]
    dataset = client.call("POST", "/v1/datasets", {"name": name, "files": files})
    assert dataset.status == 400, dataset.text
    assert dataset.json()["errors"][0]["pointer"] == "/name"
    tagged = client.call("POST", "/v1/graphs", {**counter_request(), "tags": [name]})
    assert tagged.status == 400, tagged.text


def test_a_name_of_any_printable_text_is_stored_and_listed_as_sent(client):
    name = "modèle 日本 👩\u200d🔬 v1"
    graph = client.call("POST", "/v1/graphs", {**counter_request(), "name": name})
    assert graph.status == 201, graph.text
    listed = client.call("GET", "/v1/graphs?name_prefix=mod%C3%A8le").json()["items"]
    assert [g["name"] for g in listed] == [name]
