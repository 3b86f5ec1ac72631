"""Adversarial probing, round 9 (docs/hardening.md), held over HTTP against the local
runner: round 8's low items, decided, and what an outside tester holding only README.md,
docs/ and the OpenAPI document found answered otherwise than documented."""

import datetime
import time
from urllib.parse import parse_qs, quote, urlsplit

import numpy as np
import pytest

import graphgate as gg
from graphgate.client import RemoteSession
from tests.hardening import counter_request, model_graph_request, model_request
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round9-e2e", plan="pro")["api_key"])


@pytest.fixture(scope="module")
def served(client):
    """Model `r9` v1: y = 2x, x FP32 [-1], at most 4 rows a request."""
    graph = client.call("POST", "/v1/graphs", model_graph_request("r9")).json()
    body = {**model_request("r9"), "graph_id": graph["id"], "max_batch_size": 4}
    reply = client.call("POST", "/v1/models", body)
    assert reply.status == 201, reply.body
    return "r9"


def infer(client, model, tensor):
    return client.call("POST", f"/v2/models/{model}/infer", {"inputs": [{"name": "x", **tensor}]})


# --------------------------------------------------------------- input codes
@pytest.mark.parametrize(
    ("tensor", "code"),
    [
        ({"datatype": "FP32", "shape": [2], "b64": "!!!!"}, "INPUT_MALFORMED"),
        ({"datatype": "FP32", "shape": [2], "b64": "AAAA"}, "INPUT_SHAPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [2], "data": [1.0, True]}, "INPUT_DTYPE_MISMATCH"),
    ],
)
def test_an_input_is_coded_by_what_is_wrong_with_it(client, served, tensor, code):
    # Invalid base64 was INPUT_SHAPE_MISMATCH: the code was read from the message's words.
    reply = infer(client, served, tensor)
    assert reply.status == 400, reply.body
    assert (reply.json()["code"], reply.json()["input"]) == (code, "x")


def test_rows_past_the_batch_size_are_refused_before_the_input_is_decoded(client, served):
    # Nine rows of broken base64 were decoded first: the answer was about the base64.
    reply = infer(client, served, {"datatype": "FP32", "shape": [9], "b64": "!!!!"})
    assert reply.status == 400, reply.body
    assert reply.json()["code"] == "INPUT_TOO_MANY_ROWS"
    fits = infer(client, served, {"datatype": "FP32", "shape": [4], "data": [1, 2, 3, 4]})
    assert fits.status == 200 and fits.json()["outputs"][0]["data"] == [2, 4, 6, 8]
    # TF Serving's columns too: the column was decoded first, its bad value answered
    url = f"/tfserving/v1/models/{served}:predict"
    column = client.call("POST", url, {"inputs": {"x": [1.0, "a"] * 5}})
    assert (column.status, column.json()["code"]) == (400, "INPUT_TOO_MANY_ROWS"), column.body


# ------------------------------------------------------------------ feeds
def test_a_remote_feed_of_python_ints_is_exact_and_a_bool_is_one_as_locally(runner, client):
    graph = gg.Graph()
    with graph.as_default():
        ids = gg.placeholder(gg.int64, [None], name="ids")
        gg.identity(ids, name="same")
    with RemoteSession(runner.url, api_key=client.api_key, graph=graph) as session:
        # numpy reads [2**60 + 1, 1.0] as floats: 2**60 was fed, a wrong number
        got = session.run("same:0", {ids: [2**60 + 1, 1.0]})
        assert got.tolist() == [2**60 + 1, 1]
        # a bool is 1, as a local run (and TF's feed) reads it, the int beside it exact
        for value, want in (([True], [1]), ([True, 2**60 + 1], [1, 2**60 + 1])):
            assert session.run("same:0", {ids: value}).tolist() == want
            assert gg.Session(graph).run("same:0", {ids: value}).tolist() == want
        with pytest.raises(gg.errors.InvalidArgumentError) as refused:
            session.run("same:0", {ids: ["1"]})
        assert refused.value.code == "FEED_DTYPE_MISMATCH"


# ------------------------------------------------------------- descriptions
@pytest.mark.parametrize("text", ["nul\u0000", "escape \u001b[31mred", "cr\r\n", "\u202egnp"])
def test_a_description_with_control_characters_is_refused_everywhere_it_is_set(
    client, served, text
):
    graph = client.call("POST", "/v1/graphs", {**counter_request(), "description": text})
    assert graph.status == 400, graph.body
    assert graph.json()["errors"][0]["pointer"] == "/description"
    stored = client.call("POST", "/v1/graphs", counter_request()).json()
    merge = {"Content-Type": "application/merge-patch+json"}
    patch = client.call("PATCH", f"/v1/graphs/{stored['id']}", {"description": text}, merge)
    assert patch.status == 400, patch.body
    assert client.call("GET", f"/v1/graphs/{stored['id']}").json()["description"] is None
    body = {**model_request(served), "graph_id": stored["id"], "description": text}
    version = client.call("POST", "/v1/models", body)
    assert version.status == 400 and version.json()["errors"][0]["pointer"] == "/description"
    onnx = client.call(
        "POST",
        f"/v1/graphs?description={quote(text)}",
        raw=b"\x08\x07",
        headers={"Content-Type": "application/onnx"},
    )
    assert onnx.status == 400, onnx.body


def test_a_description_of_prose_is_stored_as_sent(client):
    text = "Trained on moons.\n\n- lr 0.1\n\t- 500 steps  \nمدل 日本 👩\u200d🔬"
    graph = client.call("POST", "/v1/graphs", {**counter_request(), "description": text})
    assert graph.status == 201, graph.body
    assert client.call("GET", f"/v1/graphs/{graph.json()['id']}").json()["description"] == text


# ---------------------------------------------------------------- replays
def _signed_at(url):
    stamp = parse_qs(urlsplit(url).query)["X-Amz-Date"][0]
    return datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")


def test_an_upload_replayed_by_its_idempotency_key_has_a_url_signed_at_the_replay(client):
    key = {"Idempotency-Key": "round9-upload"}
    first = client.call("POST", "/v1/uploads", {"bytes": 128}, key)
    assert first.status == 201, first.body
    # The signing clock has seconds: the replay comes in a later second than the first.
    while datetime.datetime.now(datetime.UTC).replace(tzinfo=None) < _signed_at(
        first.json()["url"]
    ) + datetime.timedelta(seconds=1):
        time.sleep(0.05)
    again = client.call("POST", "/v1/uploads", {"bytes": 128}, key)
    assert again.status == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["upload_id"] == first.json()["upload_id"]
    assert _signed_at(again.json()["url"]) > _signed_at(first.json()["url"])
    assert again.headers["location"] == again.json()["url"]


# ------------------------------------------------------ classify and regress
def test_examples_are_counted_and_bounded_before_their_context_is_merged_into_each(
    client, tmp_path
):
    # GIVEN a regressor exported for serialized Examples, served by the client's bridge
    from graphgate.client import Client as ApiClient
    from tests.e2e.test_tfserving_classify import _export

    path, _ = _export(
        tmp_path, gg.estimator.LinearRegressor, np.array([[1.0], [0.0], [2.0]], np.float32)
    )
    with ApiClient(client.url, client.api_key) as api:
        api.create_model_version_from_saved_model("r9-regress", path)
    url = "/tfserving/v1/models/r9-regress:regress"
    context = {f"f{i}": [1.5] * 50 for i in range(200)}  # 10,000 floats: a 72 kB body
    # WHEN more examples than the version's 1,024 rows come with it
    reply = client.call("POST", url, {"context": context, "examples": [{}] * 1025})
    # THEN they are refused as rows: they were first each merged with the context as
    # messages, 25 ms apiece, and the function ran out of time (502)
    assert reply.status == 400, reply.body
    assert reply.json()["code"] == "INPUT_TOO_MANY_ROWS"
    # AND within the rows, the merge is quick and the answer the regressor's
    row = {"x": [1.0, 2.0], "slot": 0}
    merged = client.call("POST", url, {"context": context, "examples": [row] * 50})
    plain = client.call("POST", url, {"examples": [row]})
    assert merged.status == plain.status == 200, merged.body
    assert merged.json()["results"] == plain.json()["results"] * 50


# ------------------------------------------------------- binary answers, keyed
def test_a_binary_answer_under_an_idempotency_key_is_its_bytes_first_and_replayed(client, served):
    body = {"inputs": [{"name": "x", "datatype": "FP32", "shape": [2], "data": [1.0, 2.0]}]}
    body["parameters"] = {"binary_data_output": True}
    url = f"/v2/models/{served}/infer"
    binary = {"Accept": "application/octet-stream"}
    plain = client.call("POST", url, body, binary)
    keyed = {**binary, "Idempotency-Key": "round9-binary"}
    first, again = (client.call("POST", url, body, keyed) for _ in range(2))
    # the key's answers were the bytes' base64, as text
    assert plain.status == first.status == again.status == 200
    assert first.body == again.body == plain.body
    length = int(plain.headers["inference-header-content-length"])
    assert np.frombuffer(plain.body[length:], "<f4").tolist() == [2.0, 4.0]


# ---------------------------------------------------------------------- CLI
def test_run_watch_without_async_follows_an_async_run(client, monkeypatch, tmp_path):
    # `--watch` alone was silently ignored: the run was synchronous and printed outputs.
    import io
    import json

    from graphgate import cli

    monkeypatch.setenv("GRAPHGATE_API_URL", client.url)
    monkeypatch.setenv("GRAPHGATE_API_KEY", client.api_key)
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "none.toml"))
    graph = client.call("POST", "/v1/graphs", counter_request("watched")).json()
    session = client.call("POST", "/v1/sessions", {"graph_id": graph["id"]}).json()["id"]
    out = io.StringIO()
    argv = ["run", "-", "counter", "--session", session, "--target", "increment"]
    code = cli.main([*argv, "--steps", "30", "--watch", "-o", "json"], stdout=out)
    assert code == 0, out.getvalue()
    followed = json.loads(out.getvalue())["run"]
    assert (followed["mode"], followed["status"], followed["completed_steps"]) == (
        "async",
        "succeeded",
        30,
    )
