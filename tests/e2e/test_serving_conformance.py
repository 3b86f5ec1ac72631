"""The serving routes against what TF Serving's REST API and KServe's Open Inference
Protocol v2 document, over real HTTP against the local runner: numbers that survive
exactly, TF Serving's row rules and base64 values, and the client and CLI beside them."""

import base64
import io
import json

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

BIG = 2**53 + 1  # float64's first integer gap: a JSON reader through float64 loses it
TOP = 2**64 - 1


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("conformance", plan="pro")["api_key"])


def _model(client, name, build, inputs, outputs):
    graph = gg.Graph()
    with graph.as_default():
        build()
    document = serialization.graph_to_dict(graph)
    made = client.call("POST", "/v1/graphs", {"name": name, "graph": document})
    assert made.status == 201, made.body
    body = {"name": name, "graph_id": made.json()["id"], "graph_revision": 1}
    created = client.call("POST", "/v1/models", {**body, "inputs": inputs, "outputs": outputs})
    assert created.status == 201, created.body


@pytest.fixture(scope="module")
def models(client):
    """GIVEN `ints` (INT64 x [-1, 2] and UINT64 u [-1], each echoed) and `blob` (one
    scalar string input, echoed as y and as y_bytes, TF Serving's binary name)."""

    def ints():
        gg.identity(gg.placeholder(gg.int64, [None, 2], name="x"), name="y")
        gg.identity(gg.placeholder(gg.uint64, [None], name="u"), name="v")

    def blob():
        x = gg.placeholder(gg.string, [], name="x")
        gg.identity(x, name="y")
        gg.identity(x, name="y_bytes")

    _model(client, "ints", ints, {"x": "x", "u": "u"}, {"y": "y", "v": "v"})
    _model(client, "blob", blob, {"x": "x"}, {"y": "y", "y_bytes": "y_bytes"})
    return client


def _post(client, path, body):
    return client.call("POST", path, body)


def test_integers_past_2_to_the_53_come_back_exactly_on_every_route(models):
    # numpy read [2**53 + 1, 1.0] through float64: 9007199254740992 was served, no error.
    kserve = _post(
        models,
        "/v2/models/ints/infer",
        {
            "inputs": [
                {"name": "x", "datatype": "INT64", "shape": [1, 2], "data": [BIG, 1.0]},
                {"name": "u", "datatype": "UINT64", "shape": [1], "data": [TOP]},
            ]
        },
    )
    assert kserve.status == 200, kserve.body
    assert {o["name"]: o["data"] for o in kserve.json()["outputs"]} == {"y": [BIG, 1], "v": [TOP]}
    rows = _post(
        models, "/tfserving/v1/models/ints:predict", {"instances": [{"x": [BIG, 1.0], "u": TOP}]}
    )
    assert rows.status == 200, rows.body
    assert rows.json() == {"predictions": [{"y": [BIG, 1], "v": TOP}]}
    columns = {"inputs": {"x": [[BIG, -(2**63)]], "u": [TOP, 0.0]}}
    answer = _post(models, "/tfserving/v1/models/ints:predict", columns)
    assert answer.json() == {"outputs": {"y": [[BIG, -(2**63)]], "v": [TOP, 0]}}
    # and one past the range is refused, never wrapped or rounded into it
    over = _post(
        models, "/tfserving/v1/models/ints:predict", {"inputs": {"x": [[2**63, 1.0]], "u": [0]}}
    )
    assert over.status == 400 and over.json()["code"] == "INPUT_DTYPE_MISMATCH"


def test_the_python_client_sends_integers_past_2_to_the_53_exactly(models, runner):
    api = gg.client.Client(runner.url, models.api_key)
    with gg.serving.Client("ints", client=api) as model:
        got = model.predict({"x": [[BIG, 1.0]], "u": [TOP]})
    assert got["y"].tolist() == [[BIG, 1]] and got["v"].tolist() == [TOP]


def test_a_lone_b64_object_is_the_one_string_inputs_value(models):
    # TF Serving's columnar format: "inputs" may be a base64 object when the model has one
    # input. It was read as an input named b64: 400 INPUT_UNKNOWN.
    raw = b"\xff\x00binary"
    value = {"b64": base64.b64encode(raw).decode()}
    answer = _post(models, "/tfserving/v1/models/blob:predict", {"inputs": value})
    assert answer.status == 200, answer.body
    # y_bytes is always base64 (TF Serving's _bytes rule); y is too, not being UTF-8
    assert answer.json() == {"outputs": {"y": value, "y_bytes": value}}
    text = _post(models, "/tfserving/v1/models/blob:predict", {"inputs": "café"})
    b64 = base64.b64encode("café".encode()).decode()
    assert text.json() == {"outputs": {"y": "café", "y_bytes": {"b64": b64}}}


@pytest.mark.parametrize(
    ("instances", "words"),
    [
        ([], "No values in 'instances' array"),
        ([{"x": [1, 2], "u": 3}, [[1, 2], 3]], "Instance 1 of 'instances'"),
        ([[[1, 2], 3]], "Instance 0 of 'instances'"),
    ],
    ids=["no rows", "named then bare", "bare for two inputs"],
)
def test_tf_serving_row_format_refusals_keep_its_error_shape(models, instances, words):
    reply = _post(models, "/tfserving/v1/models/ints:predict", {"instances": instances})
    assert reply.status == 400, reply.body
    assert reply.headers["content-type"] == "application/json"
    assert reply.json()["code"] == "VALIDATION_FAILED" and words in reply.json()["error"]


def test_the_cli_prints_string_outputs_as_the_wire_writes_them_and_refuses_bad_values(
    models, runner, tmp_path, monkeypatch, capsys
):
    from graphgate import cli

    monkeypatch.setenv("GRAPHGATE_API_URL", runner.url)
    monkeypatch.setenv("GRAPHGATE_API_KEY", models.api_key)
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    raw = tmp_path / "raw.npy"
    np.save(raw, np.array(b"\x00\xff"))  # numpy drops trailing NULs

    out = io.StringIO()
    code = cli.main(["models", "predict", "blob", "--input", f"x=@{raw}", "-o", "json"], stdout=out)
    # bytes that are not UTF-8 made json.dumps raise: a traceback, not an answer
    assert code == 0, capsys.readouterr().err
    assert json.loads(out.getvalue())["outputs"] == {
        "y": {"b64": "AP8="},
        "y_bytes": {"b64": "AP8="},
    }

    out = io.StringIO()
    argv = ["models", "predict", "ints", "--input", "x=[[1.5, 2]]", "--input", "u=[1]"]
    code = cli.main([*argv, "-o", "json"], stdout=out)
    # a fraction for INT64, refused by the client before sending: was a traceback
    assert code == cli.USAGE and not out.getvalue()
    assert "input x (INT64)" in capsys.readouterr().err
