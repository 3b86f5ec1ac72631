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
from tests.support import Client, request

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
    for dtype in DTYPES.values():

        def echo(dtype=dtype):
            gg.identity(gg.placeholder(dtype, [None, 2], name="x"), name="y")

        _model(client, f"echo_{dtype.name}", echo, {"x": "x"}, {"y": "y"})
    return client


# Each OIP datatype, its TF Serving metadata name, and extremes that must come back whole.
DTYPES = {"FP16": gg.float16, "FP32": gg.float32, "FP64": gg.float64, "BOOL": gg.bool}
DTYPES |= {"INT8": gg.int8, "UINT8": gg.uint8, "INT16": gg.int16, "UINT16": gg.uint16}
DTYPES |= {"INT32": gg.int32, "UINT32": gg.uint32}
TF_NAMES = {"FP16": "DT_HALF", "FP32": "DT_FLOAT", "FP64": "DT_DOUBLE"}
EXTREMES = {
    "FP16": [[65504.0, -0.0], [6e-08, 0.0999755859375]],  # max, -0, the least subnormal
    "FP64": [[1.7976931348623157e308, 5e-324], [-0.0, 0.1]],
    "BOOL": [[True, False], [False, True]],
}


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


def _bits(values, dtype):
    return np.asarray(values, np.float64).astype(dtype).view(f"u{np.dtype(dtype).itemsize}")


def test_float32_values_survive_both_protocols_bit_for_bit(models):
    # GIVEN float32 values of every kind (random bit patterns with a fixed seed, the
    # subnormals, -0.0, the largest), sent as the float64 a JSON writer widens them to
    rng = np.random.default_rng(8)
    patterns = rng.integers(0, 2**32, 512, dtype=np.uint64).astype(np.uint32).view(np.float32)
    special = np.array(
        [1e-45, -1e-45, 1.1754942e-38, 3.4028235e38, -0.0, 0.1, 16777217], np.float32
    )
    values = np.concatenate([patterns[np.isfinite(patterns)], special]).astype(np.float32)
    values = values[: len(values) // 2 * 2].reshape(-1, 2)
    kserve = _post(
        models,
        "/v2/models/echo_float32/infer",
        {
            "inputs": [
                {
                    "name": "x",
                    "datatype": "FP32",
                    "shape": list(values.shape),
                    "data": values.ravel().tolist(),
                }
            ]
        },
    )
    rows = _post(
        models, "/tfserving/v1/models/echo_float32:predict", {"instances": values.tolist()}
    )
    # THEN each comes back as the same float32, bit for bit (TF Serving's short digits too)
    assert kserve.status == rows.status == 200, (kserve.body, rows.body)
    want = values.view(np.uint32).ravel()
    assert (_bits(kserve.json()["outputs"][0]["data"], np.float32) == want).all()
    assert (_bits(rows.json()["predictions"], np.float32).ravel() == want).all()


def test_non_finite_floats_are_each_protocols_tokens(models):
    # TF Serving reads and writes NaN/Infinity tokens; OIP answers write the wire's strings
    body = b'{"instances": [[NaN, -Infinity], [Infinity, 1.5]]}'
    headers = models.headers({"Content-Type": "application/json"})
    tf = request("POST", f"{models.url}/tfserving/v1/models/echo_float32:predict", headers, body)
    assert tf.status == 200 and tf.body == b'{"predictions":[[NaN,-Infinity],[Infinity,1.5]]}'
    tensor = {"name": "x", "datatype": "FP64", "shape": [1, 2], "data": ["NaN", "-Infinity"]}
    oip = _post(models, "/v2/models/echo_float64/infer", {"inputs": [tensor]})
    assert oip.json()["outputs"][0]["data"] == ["NaN", "-Infinity"]


@pytest.mark.parametrize("datatype", sorted(DTYPES))
def test_each_datatype_is_declared_and_echoed_whole_by_both_protocols(models, datatype):
    dtype = DTYPES[datatype]
    name = f"echo_{dtype.name}"
    meta = models.call("GET", f"/v2/models/{name}").json()
    assert meta["inputs"] == [{"name": "x", "datatype": datatype, "shape": [-1, 2]}]
    tf_meta = models.call("GET", f"/tfserving/v1/models/{name}/metadata").json()
    signature = tf_meta["metadata"]["signature_def"]["signature_def"]["serving_default"]
    assert signature["inputs"]["x"]["dtype"] == TF_NAMES.get(datatype, f"DT_{datatype}")
    if datatype in EXTREMES:
        data = EXTREMES[datatype]
    elif datatype[0] in "IU":
        info = np.iinfo(dtype.as_numpy_dtype)
        data = [[int(info.min), int(info.max)], [0, 1]]
    else:
        data = [[3.4028234663852886e38, -1.401298464324817e-45], [-0.0, 0.1]]
    tensor = {"name": "x", "datatype": datatype, "shape": [2, 2], "data": data}
    oip = _post(models, f"/v2/models/{name}/infer", {"inputs": [tensor]})
    assert oip.status == 200, oip.body
    out = oip.json()["outputs"][0]
    assert (out["datatype"], out["shape"]) == (datatype, [2, 2])
    want = np.asarray(data, dtype.as_numpy_dtype)
    got = serialization.decode_tensor({k: out[k] for k in ("datatype", "shape", "data")})
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
    tf = _post(models, f"/tfserving/v1/models/{name}:predict", {"inputs": data})
    assert tf.status == 200, tf.body
    assert np.asarray(tf.json()["outputs"], dtype.as_numpy_dtype).tobytes() == want.tobytes()


@pytest.mark.parametrize(
    ("tensor", "code"),
    [
        ({"datatype": "FP64", "shape": [1, 2], "data": [1, 2]}, "INPUT_DTYPE_MISMATCH"),
        ({"datatype": "BF16", "shape": [1, 2], "data": [1, 2]}, "INPUT_DTYPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [1, 2], "data": [1, 2, 3]}, "INPUT_SHAPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [2, 2], "data": [[1, 2], [3]]}, "INPUT_SHAPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [2, 2], "data": [[1, 2, 3, 4]]}, "INPUT_SHAPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}, "INPUT_SHAPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [1, 2], "data": [1, True]}, "INPUT_DTYPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [1, 2], "data": [1, "nan"]}, "INPUT_DTYPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [1, 2], "data": [1, 3.5e38]}, "INPUT_DTYPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [2**31, 2**31], "data": [1]}, "TENSOR_TOO_LARGE"),
        # MLServer's base64 content type changes what the data mean: never read as they stand
        (
            {
                "datatype": "FP32",
                "shape": [1, 2],
                "data": [1, 2],
                "parameters": {"content_type": "base64"},
            },
            "INPUT_DTYPE_MISMATCH",
        ),
    ],
    ids=repr,
)
def test_a_tensor_that_does_not_match_its_declaration_is_refused_naming_the_input(
    models, tensor, code
):
    reply = _post(models, "/v2/models/echo_float32/infer", {"inputs": [{"name": "x", **tensor}]})
    assert reply.status in (400, 422), reply.body
    assert reply.headers["content-type"] == "application/json"
    assert reply.json()["code"] == code and reply.json()["input"] == "x"
    assert "x" in reply.json()["error"]
