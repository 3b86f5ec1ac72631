"""Adversarial probing, round 14 (docs/hardening.md), held over HTTP against the local
runner: what an outside tester holding README.md, docs/, the OpenAPI document and
TensorFlow found — a sum of many inputs rounded otherwise than TF's, a model's versions
and labels that undid each other's writes when made at once, and a 405 that bound its
Idempotency-Key."""

import threading
import uuid

import pytest

from tests.hardening import model_graph_request
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

# Enough moves and versions at once that, before the fix, a version landed between a
# label move's read and write within the first few (5 of 115 in six seconds, measured).
MOVES = VERSIONS = 40


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round14-e2e", plan="pro")["api_key"])


def test_an_add_n_of_ten_thousand_inputs_sums_as_tensorflow(client):
    # TF's AddN kernel adds past its first 8 inputs in groups of 8: TF 2.21 answers
    # 49,995,000 for the float32 scalars 0..9,999; a sum left to right, 49,992,896.
    count = 10_000
    nodes = [
        {
            "name": f"c{i}",
            "op": "Const",
            "attrs": {"value": {"datatype": "FP32", "shape": [], "data": [float(i)]}},
        }
        for i in range(count)
    ]
    nodes.append({"name": "total", "op": "AddN", "inputs": [f"c{i}" for i in range(count)]})
    graph = {"name": "r14-add-n", "graph": {"format": "graphgate.graph/v1", "nodes": nodes}}
    created = client.call("POST", "/v1/graphs", graph)
    assert created.status == 201, created.body[:300]
    ran = client.call("POST", f"/v1/graphs/{created.json()['id']}/runs", {"fetches": "total"})
    assert ran.status == 200, ran.body[:300]
    assert ran.json()["outputs"]["data"] == [49_995_000.0]


def _version(client, graph_id, w):
    body = {
        "name": "r14m",
        "graph_id": graph_id,
        "variables": {"w": {"datatype": "FP32", "shape": [], "data": [float(w)]}},
        "inputs": {"x": "x"},
        "outputs": {"y": "y"},
    }
    return client.call("POST", "/v1/models", body)


def test_versions_made_while_a_label_moves_keep_counting_and_the_moves_stay(client):
    # A version's creation and a label move each wrote the whole META item they had read:
    # a move landing meanwhile was put back (answered 200, then lost), or the version
    # counter went back, and from then on every new version was 409 MODEL_BUSY, for good.
    graph_id = client.call("POST", "/v1/graphs", model_graph_request("r14m")).json()["id"]
    assert _version(client, graph_id, 1).status == 201
    answers, moves = [], []

    def make_versions():
        answers.extend(_version(client, graph_id, w).status for w in range(2, VERSIONS + 2))

    def move_labels():
        for i in range(MOVES):
            moved = client.call("PUT", "/v1/models/r14m/labels/stable", {"version": 1})
            other = client.call("PUT", f"/v1/models/r14m/labels/l{i % 4}", {"version": 1})
            moves.append((moved.status, other.status))

    threads = [threading.Thread(target=make_versions), threading.Thread(target=move_labels)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(moves) == {(200, 200)}, moves
    # 409 MODEL_BUSY is documented (retry); a model stuck in it is not.
    assert set(answers) <= {201, 409}, answers
    made = 1 + answers.count(201)
    after = _version(client, graph_id, 99)
    assert after.status == 201, after.body[:300]
    assert after.json()["version"] == made + 1
    model = client.call("GET", "/v1/models/r14m").json()
    assert model["latest_version"] == made + 1
    assert sorted(model["labels"]) == ["l0", "l1", "l2", "l3", "stable"], model["labels"]


def test_a_method_a_path_does_not_take_never_binds_its_idempotency_key(client):
    # The 405 was kept under the key: the retry with the right method was 422
    # IDEMPOTENCY_KEY_REUSED, and a key another method had used made a 405 a 422.
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = model_graph_request("r14i")
    refused = client.call("PUT", "/v1/graphs", body, key)
    assert refused.status == 405, refused.body[:300]
    assert refused.headers["allow"] == "GET, POST, OPTIONS"
    created = client.call("POST", "/v1/graphs", body, key)
    assert created.status == 201, created.body[:300]
    again = client.call("POST", "/v1/graphs", body, key)
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == created.json()["id"]
    refused = client.call("PUT", "/v1/graphs", body, key)
    assert (refused.status, refused.json()["code"]) == (405, "METHOD_NOT_ALLOWED")


def test_a_problems_title_is_rfc_9110s_phrase_for_its_status(client):
    # Python 3.11 (this runner) titled a 422 "Unprocessable Entity" where Lambda's 3.13 says
    # "Unprocessable Content"; the gateway's 413 said "Payload Too Large".
    value = {"datatype": "FP32", "shape": [2**63, 2**63], "data": []}
    node = {"name": "c", "op": "Const", "attrs": {"value": value}}
    graph = {"name": "r14-title", "graph": {"format": "graphgate.graph/v1", "nodes": [node]}}
    refused = client.call("POST", "/v1/graphs", graph)
    assert refused.status == 422, refused.body[:300]
    assert refused.json()["title"] == "Unprocessable Content"
    too_large = client.call("POST", "/v1/graphs", raw=b" " * (7 * 1024 * 1024))
    assert too_large.status == 413, too_large.body[:300]
    assert too_large.json()["title"] == "Content Too Large"
