"""Serving protocols as their own clients speak them, round 3: TF Serving's REST API and
KServe's Open Inference Protocol driven the way their specs and clients (tritonclient, the
kserve SDK, TF Serving's documented requests) do. Each test pins a place where graphgate
answered otherwise. One runner, one tenant, one small model."""

import json

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ROWS = np.array([[1.0, 2.0], [3.0, -1.0]], np.float32)


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("scenarios3-e2e", plan="pro")["api_key"])


@pytest.fixture(scope="module")
def served(client):
    """`affine` v1: y = x @ [[2], [-1]] + 0.5, and its class (y > 0) as a second output."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.add(gg.matmul(x, gg.constant([[2.0], [-1.0]])), 0.5, name="y")
        gg.greater(y, 0.0, name="positive")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "affine", "graph": document}).json()
    body = {"name": "affine", "graph_id": graph_id["id"], "graph_revision": 1, "variables": {}}
    body |= {"inputs": {"x": "x"}, "outputs": {"y": "y", "positive": "positive"}}
    created = client.call("POST", "/v1/models", body)
    assert created.status == 201, created.body
    return ROWS @ np.array([[2.0], [-1.0]], np.float32) + 0.5


def _tfserving(client, path, body):
    url = f"{client.url}/tfserving/v1/models/{path}"
    return request("POST", url, client.headers({"Content-Type": "application/json"}), body)


def test_tf_serving_reads_an_empty_signature_name_as_the_default(client, served):
    # GIVEN the signature name TF Serving's own metadata answers ("signature_name": ""),
    # echoed back by a client
    body = json.dumps({"signature_name": "", "instances": ROWS.tolist()}).encode()
    # WHEN it predicts
    reply = _tfserving(client, "affine:predict", body)
    # THEN the default signature answers, as TF Serving's GetInfoMap reads ""
    assert reply.status == 200, reply.body
    got = [row["y"] for row in reply.json()["predictions"]]
    np.testing.assert_allclose(got, served, rtol=1e-6)
    # and a name that is no string is TF Serving's refusal, not a lookup of its text
    body = json.dumps({"signature_name": 7, "instances": ROWS.tolist()}).encode()
    refused = _tfserving(client, "affine:predict", body)
    assert refused.status == 400
    assert refused.json() == {
        "error": "'signature_name' key must be a string value.",
        "code": "VALIDATION_FAILED",
    }


GOOD = {
    "inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 2], "data": ROWS.ravel().tolist()}]
}


def _infer(client, path, body, headers=None):
    url = f"{client.url}/v2/models/{path}"
    extra = {"Content-Type": "application/json", **(headers or {})}
    return request("POST", url, client.headers(extra), json.dumps(body).encode())


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("nope/infer", GOOD, 404, "MODEL_NOT_FOUND"),
        ("affine/versions/9/infer", GOOD, 404, "MODEL_VERSION_NOT_FOUND"),
        (
            "affine/infer",
            {"inputs": [{"name": "x", "datatype": "INT32", "shape": [1, 2], "data": [1, 2]}]},
            400,
            "INPUT_DTYPE_MISMATCH",
        ),
        (
            "affine/infer",
            {"inputs": [{"name": "z", "datatype": "FP32", "shape": [1, 2], "data": [1, 2]}]},
            400,
            "INPUT_UNKNOWN",
        ),
    ],
    ids=["model", "version", "datatype", "name"],
)
def test_kserve_errors_are_json_whose_error_the_kserve_sdk_reads(
    client, served, path, body, status, code
):
    # WHEN an OIP request fails in the function
    reply = _infer(client, path, body)
    # THEN the body is OIP's {"error": ...} (graphgate's problem members beside it), typed
    # application/json as KServe's and Triton's servers type it: the kserve SDK's
    # InferenceRESTClient reads `error` only from exactly that type, else shows ''
    assert reply.status == status, reply.body
    assert reply.headers["content-type"] == "application/json"
    answer = reply.json()
    assert answer["code"] == code and answer["error"] == answer["detail"] and answer["error"]


def test_a_binary_body_with_bytes_past_its_inputs_is_refused_not_read_short(client, served):
    # GIVEN tritonclient's binary request as it sends it (no Content-Type), and the same
    # body as API Gateway hands it on when it reads it as text: bytes that are not UTF-8
    # replaced, so the body grows past what binary_data_size says
    header = {
        "inputs": [
            {
                "name": "x",
                "datatype": "FP32",
                "shape": [2, 2],
                "parameters": {"binary_data_size": 16},
            }
        ],
        "outputs": [{"name": "y", "parameters": {"binary_data": True}}],
    }
    head = json.dumps(header).encode()
    exact = head + ROWS.tobytes()
    mangled = exact.decode("utf-8", "replace").encode()
    assert len(mangled) > len(exact)
    url = f"{client.url}/v2/models/affine/infer"
    length = {"Inference-Header-Content-Length": str(len(head))}
    # WHEN both are posted
    good = request("POST", url, client.headers(length), exact)
    bad = request("POST", url, client.headers(length), mangled)
    # THEN the exact one answers, and the altered one is Triton's refusal of additional
    # input data, never an answer computed from its first bytes
    assert good.status == 200, good.body
    out = good.json()["outputs"][0]
    np.testing.assert_allclose(np.reshape(out["data"], out["shape"]), served, rtol=1e-6)
    assert bad.status == 400, bad.body
    assert bad.json()["code"] == "VALIDATION_FAILED"
    assert "unexpected additional input data" in bad.json()["error"]


@pytest.mark.parametrize(
    "parameters",
    [{"classification": 1}, {"shared_memory_region": "out0", "shared_memory_byte_size": 8}],
    ids=["classification", "shared-memory"],
)
def test_an_output_asked_for_by_an_extension_graphgate_lacks_is_refused(client, served, parameters):
    # GIVEN tritonclient's InferRequestedOutput("y", class_count=1) (Triton's classification
    # extension: top-n "value:index" strings) or set_shared_memory (the answer written into
    # the client's own memory), neither listed in GET /v2's extensions
    body = {**GOOD, "outputs": [{"name": "y", "parameters": parameters}]}
    # WHEN it infers
    reply = _infer(client, "affine/infer", body)
    # THEN a 400 says so, rather than raw data the client reads as something else
    assert reply.status == 400, reply.body
    assert reply.json()["code"] == "VALIDATION_FAILED"
    assert "does not serve" in reply.json()["error"]
    assert "classification" not in client.call("GET", "/v2").json()["extensions"]


def test_outputs_asked_for_as_binary_data_come_as_bytes_to_a_client_that_accepts_them(
    client, served
):
    # GIVEN a request asking for `y` as binary data (Triton's binary-data extension) and
    # `positive` as JSON, from a client that accepts application/octet-stream
    body = {**GOOD, "outputs": [{"name": "y", "parameters": {"binary_data": True}}]}
    body["outputs"].append({"name": "positive"})
    # WHEN it infers, naming the binary type in Accept
    reply = _infer(client, "affine/infer", body, {"Accept": "application/octet-stream"})
    # THEN the answer is the JSON header, then y's float32 bytes, as Triton answers
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"] == "application/octet-stream"
    split = int(reply.headers["inference-header-content-length"])
    header, tail = json.loads(reply.body[:split]), reply.body[split:]
    y, positive = header["outputs"]
    assert y == {
        "name": "y",
        "datatype": "FP32",
        "shape": [2, 1],
        "parameters": {"binary_data_size": 8},
    }
    np.testing.assert_array_equal(np.frombuffer(tail, "<f4").reshape(2, 1), served)
    assert positive["data"] == (served > 0).ravel().tolist()
    # and binary_data_output (tritonclient's default) makes every output binary, in the
    # order answered: BOOL one byte each
    every = {**GOOD, "parameters": {"binary_data_output": True}}
    reply = _infer(client, "affine/infer", every, {"Accept": "application/octet-stream"})
    split = int(reply.headers["inference-header-content-length"])
    sizes = [o["parameters"]["binary_data_size"] for o in json.loads(reply.body[:split])["outputs"]]
    names = [o["name"] for o in json.loads(reply.body[:split])["outputs"]]
    assert sorted(zip(names, sizes, strict=True)) == [("positive", 2), ("y", 8)]
    at = split + (8 if names[0] == "y" else 0)
    assert np.frombuffer(reply.body[at : at + 2], np.uint8).tolist() == [1, 1]
    # and a client that names no binary type (tritonclient sends no Accept) gets JSON,
    # which a deployed stage can pass on: API Gateway decodes a base64 answer into bytes
    # only for a request whose Accept names a binary media type
    plain = _infer(client, "affine/infer", body)
    assert plain.headers["content-type"] == "application/json"
    assert plain.json()["outputs"][0]["data"] == served.ravel().tolist()


def test_tritonclient_reads_binary_strings_as_bytes_when_it_accepts_them(client, runner):
    http = pytest.importorskip("tritonclient.http")
    # GIVEN a model whose string output holds bytes that are not UTF-8
    with gg.Graph().as_default() as graph:
        words = gg.placeholder(gg.string, [None], name="words")
        gg.identity(words, name="same")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "echo", "graph": document}).json()
    body = {"name": "echo", "graph_id": graph_id["id"], "graph_revision": 1, "variables": {}}
    created = client.call(
        "POST", "/v1/models", body | {"inputs": {"words": "words"}, "outputs": {"same": "same"}}
    )
    assert created.status == 201, created.body
    triton = http.InferenceServerClient(url=runner.url.removeprefix("http://"))
    words = np.array([b"plain", b"\xff\x00\x80"], dtype=object)
    tensor = http.InferInput("words", [2], "BYTES")
    tensor.set_data_from_numpy(words)
    binary = {"Content-Type": "application/octet-stream", "Accept": "application/octet-stream"}
    # WHEN tritonclient infers with its defaults (binary inputs and outputs)
    result = triton.infer("echo", [tensor], headers=client.headers(binary))
    # THEN it reads the bytes back as bytes, as from Triton, not JSON's text or {"b64"}
    assert result.as_numpy("same").tolist() == [b"plain", b"\xff\x00\x80"]


def test_a_classify_saved_model_tensorflow_wrote_answers_tf_servings_classify(client):
    from pathlib import Path

    from graphgate.client import Client as ApiClient

    export = Path(__file__).parents[1] / "unit/engine/fixtures/tf_formats/saved_examples"
    expected = json.loads((export / "expected.json").read_text())["outputs"]
    # GIVEN TF's export of a classification signature over tf.io.parse_example
    # (tests/reference/tf_saved_examples.py), uploaded through the saved-model bridge
    with ApiClient(client.url, client.api_key) as api:
        api.create_model_version_from_saved_model("tf-classifier", export)
    # WHEN TF Serving's documented classify body carries the same three Examples as JSON
    examples = [
        {"word": "good", "x": [0.5, 1.5], "ids": [3, 1], "seq": [1.0, 2.0, 3.0, 4.0]},
        {"x": [-1.0, 0.25]},
        {"word": "bad", "x": [2.0, -2.0], "ids": [7], "seq": [0.5, 0.5]},
    ]
    body = json.dumps({"signature_name": "serving_default", "examples": examples}).encode()
    reply = _tfserving(client, "tf-classifier:classify", body)
    # THEN each is labelled with TF's classes and scored as TF scored it
    assert reply.status == 200, reply.body
    results = reply.json()["results"]
    assert [[label for label, _ in r] for r in results] == [["neg", "pos"]] * 3
    scores = [[score for _, score in r] for r in results]
    np.testing.assert_allclose(scores, expected["scores"]["value"], rtol=1e-6)


def test_a_binary_input_too_short_for_its_shape_is_named_as_binary_data(client, served):
    # GIVEN a binary input whose 8 bytes cannot fill FP32 [2, 2]
    header = {
        "inputs": [
            {
                "name": "x",
                "datatype": "FP32",
                "shape": [2, 2],
                "parameters": {"binary_data_size": 8},
            }
        ]
    }
    head = json.dumps(header).encode()
    url = f"{client.url}/v2/models/affine/infer"
    length = {"Inference-Header-Content-Length": str(len(head))}
    # WHEN it infers
    reply = request("POST", url, client.headers(length), head + ROWS.tobytes()[:8])
    # THEN the error speaks of the binary data the client sent, not of graphgate's base64
    assert reply.status == 400, reply.body
    assert reply.json()["code"] == "INPUT_SHAPE_MISMATCH"
    assert "binary data holds 8 bytes" in reply.json()["error"], reply.json()


@pytest.mark.parametrize("size", [True, 8.0, -8, "8"])
def test_a_binary_data_size_that_is_no_byte_count_is_refused_as_such(client, served, size):
    # GIVEN a binary input whose binary_data_size is no non-negative integer: JSON's true
    # was read as Python's 1 (one byte taken), 8.0 and -8 said to overrun the body
    header = {
        "inputs": [
            {
                "name": "x",
                "datatype": "FP32",
                "shape": [2, 2],
                "parameters": {"binary_data_size": size},
            }
        ]
    }
    head = json.dumps(header).encode()
    url = f"{client.url}/v2/models/affine/infer"
    length = {"Inference-Header-Content-Length": str(len(head))}
    # WHEN it infers
    reply = request("POST", url, client.headers(length), head + ROWS.tobytes())
    # THEN the parameter itself is named as the fault
    assert reply.status == 400, reply.body
    assert reply.json()["code"] == "INPUT_MALFORMED"
    assert "is not a byte count" in reply.json()["error"], reply.json()


def test_kserve_takes_the_nan_and_infinity_tokens_tritonclient_writes(client, served):
    # GIVEN tritonclient's JSON request for an FP32 input holding NaN and Infinity: it
    # writes them with json.dumps, as the bare tokens Triton's parser takes
    raw = b'{"inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 2], '
    raw += b'"data": [NaN, 1.0, Infinity, -Infinity]}], "outputs": [{"name": "y"}]}'
    # WHEN it infers
    reply = request(
        "POST",
        f"{client.url}/v2/models/affine/infer",
        client.headers({"Content-Type": "application/json"}),
        raw,
    )
    # THEN y is computed from them (NaN*2 - 1 + 0.5; inf*2 - (-inf) + 0.5), written as the
    # wire's strings for values JSON lacks
    assert reply.status == 200, reply.body
    assert reply.json()["outputs"][0]["data"] == ["NaN", "Infinity"]


def test_a_raw_binary_request_gives_the_one_input_its_bytes(client, served):
    # GIVEN Triton's raw binary request: Inference-Header-Content-Length 0, the body the
    # one input's bytes (its variable dimension from their count), as curl sends it
    url = f"{client.url}/v2/models/affine/infer"
    raw = {"Inference-Header-Content-Length": "0", "Content-Type": "application/octet-stream"}
    # WHEN it infers, accepting binary outputs (Triton answers them so)
    reply = request(
        "POST", url, client.headers({**raw, "Accept": "application/octet-stream"}), ROWS.tobytes()
    )
    # THEN every output comes back binary, y as computed from the two rows
    assert reply.status == 200, reply.body
    split = int(reply.headers["inference-header-content-length"])
    outputs = {o["name"]: o for o in json.loads(reply.body[:split])["outputs"]}
    assert outputs["y"]["shape"] == [2, 1] and outputs["positive"]["shape"] == [2, 1]
    order = [o["name"] for o in json.loads(reply.body[:split])["outputs"]]
    at = split + (2 if order[0] == "positive" else 0)
    np.testing.assert_array_equal(
        np.frombuffer(reply.body[at : at + 8], "<f4").reshape(2, 1), served
    )
    # and bytes that fill no whole row are refused, not cut
    short = request("POST", url, client.headers(raw), ROWS.tobytes()[:6])
    assert short.status == 400 and short.json()["code"] == "VALIDATION_FAILED", short.body
