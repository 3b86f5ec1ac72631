"""Adversarial probing, round 20 (docs/hardening.md), held over HTTP against the local
runner: a SavedModel download of a hosted graph never holds a file of the machine that
wrote it, whatever path the graph's vocabulary table names; a vocabulary's numbers read as
TF 2.21 reads them (a NaN value, hexadecimal floats)."""

import base64

import pytest

from tests.integration.test_assets_handler import fed_vocabulary_graph
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ZIP = "application/zip"


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round20-e2e", plan="pro")["api_key"])


def _created(reply) -> dict:
    assert reply.status == 201, reply.body[:300]
    return reply.json()


def test_a_download_never_reads_a_file_of_the_service_machine(client, tmp_path):
    # GIVEN a file on the runner's machine, and a graph whose vocabulary table names it
    # with its files table fed (the archive held the file as assets/secret.txt before)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"AWS_SESSION_TOKEN=round20-not-for-export\n")
    graph = {"name": "round20", "graph": fed_vocabulary_graph(str(secret))}
    graph_id = _created(client.call("POST", "/v1/graphs", graph))["id"]
    version = {"name": "round20-assets", "graph_id": graph_id, "graph_revision": 1}
    version.update(variables={}, inputs={"words": "words"}, outputs={"ids": "ids"})
    _created(client.call("POST", "/v1/models", version))
    session = _created(client.call("POST", "/v1/sessions", {"graph_id": graph_id}))["id"]

    # WHEN the version and the session are downloaded as SavedModels
    replies = [
        client.call("GET", "/v1/models/round20-assets/versions/1", headers={"Accept": ZIP}),
        client.call("GET", f"/v1/sessions/{session}?fetch=ids", headers={"Accept": ZIP}),
    ]

    # THEN both are 422 naming the asset, and the file's bytes are in neither
    for reply in replies:
        assert reply.status == 422, reply.body[:300]
        assert reply.headers["content-type"].startswith("application/problem+json")
        assert reply.json()["code"] == "TF_EXPORT_UNSUPPORTED"
        assert [p["node"] for p in reply.json()["problems"]] == ["asset_path"]
        assert b"round20-not-for-export" not in reply.body


def _vocabulary_graph(data: bytes, path: str = "assets/v.txt") -> dict:
    """words -> float32 through a table filled from `data`, a file the graph holds as
    `path`."""

    def const(name, datatype, shape, data):
        return {"name": name, "op": "Const", "attrs": {"value": {"datatype": datatype,
                "shape": shape, "data": data}}}  # fmt: skip

    blob = {"b64": base64.b64encode(data).decode()}
    table = {"key_dtype": "BYTES", "value_dtype": "FP32"}
    nodes = [
        const("asset_path", "BYTES", [], [path]),
        const("names", "BYTES", [1], [path]),
        const("contents", "BYTES", [1], [blob]),
        const("default", "FP32", [], [-1.0]),
        {"name": "table", "op": "HashTableV2", "attrs": table},
        {"name": "init", "op": "InitializeTableFromTextFileV2",
         "inputs": ["table", "asset_path", "names", "contents"],
         "attrs": {"key_index": 0, "value_index": 1}},
        {"name": "words", "op": "Placeholder", "attrs": {"dtype": "BYTES", "shape": [None]}},
        {"name": "find", "op": "LookupTableFindV2", "inputs": ["table", "words", "default"]},
    ]  # fmt: skip
    return {"format": "graphgate.graph/v1", "nodes": nodes}


def test_a_vocabularys_numbers_read_as_tf_reads_them(client):
    # GIVEN a vocabulary of a hexadecimal float and a NaN (TF 2.21: 16.0 and NaN, recorded
    # by tests/reference/tf1_vocabulary_numbers.py; before, the run was 400
    # INVALID_VOCABULARY_FILE, and a NaN alone conflicted with itself)
    graph = {"name": "round20", "graph": _vocabulary_graph(b"a\t0x10\nb\tnan\n")}
    graph_id = _created(client.call("POST", "/v1/graphs", graph))["id"]
    words = {"datatype": "BYTES", "shape": [3], "data": ["a", "b", "z"]}

    # WHEN a one-shot run looks words up
    reply = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": ["find"],
                        "feeds": {"words": words}})  # fmt: skip

    # THEN it answers TF's values
    assert reply.status == 200, reply.body[:300]
    assert reply.json()["outputs"][0]["data"] == [16.0, "NaN", -1.0]


def test_an_onnx_range_of_fed_bounds_behind_its_start_is_empty(client):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    # GIVEN an ONNX model whose Range takes its bounds from the run
    bounds = [helper.make_tensor_value_info(n, TensorProto.INT64, []) for n in "sld"]
    out = helper.make_tensor_value_info("y", TensorProto.INT64, [None])
    node = helper.make_node("Range", ["s", "l", "d"], ["y"])
    graph = helper.make_graph([node], "range", bounds, [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    created = client.call(
        "POST",
        "/v1/graphs?name=range",
        headers={"Content-Type": "application/onnx"},
        raw=model.SerializeToString(),
    )
    path = f"/v1/graphs/{_created(created)['id']}/runs"

    def run(start, limit, delta):
        feeds = {n: {"datatype": "INT64", "shape": [], "data": [v]}
                 for n, v in zip("sld", (start, limit, delta), strict=True)}  # fmt: skip
        return client.call("POST", path, {"fetches": ["y"], "feeds": feeds})

    # WHEN the limit lies behind the start for delta's sign, THEN the range is empty, as
    # onnxruntime answers (400 COMPUTE_ERROR before); a range ahead of it is unchanged
    for start, limit, delta, values in [(0, 5, -1, []), (5, 0, 1, []), (5, 0, -2, [5, 3, 1])]:
        reply = run(start, limit, delta)
        assert reply.status == 200, reply.body[:300]
        assert reply.json()["outputs"][0]["data"] == values


def _served(client, name: str) -> None:
    """Model `name`: y = 2x over x of [None, 2] float32, as version 1."""
    import graphgate as gg
    from graphgate import serialization

    with gg.Graph().as_default() as graph:
        gg.identity(gg.placeholder(gg.float32, [None, 2], name="x") * 2.0, name="y")
    body = {"name": name, "graph": serialization.graph_to_dict(graph)}
    graph_id = _created(client.call("POST", "/v1/graphs", body))["id"]
    version = {"name": name, "graph_id": graph_id, "graph_revision": 1}
    version.update(variables={}, inputs={"x": "x"}, outputs={"y": "y"})
    _created(client.call("POST", "/v1/models", version))


def test_a_tf_serving_signature_name_of_null_is_refused_as_tf_serving_refuses_it(client):
    # GIVEN a served version
    _served(client, "round20-null")

    # WHEN predict and classify name the signature as null (TF Serving's FillSignature:
    # present and no string; the default signature answered predict before)
    for verb, body in [(":predict", {"instances": [[1, 2]]}), (":classify", {"examples": [{}]})]:
        reply = client.call(
            "POST", f"/tfserving/v1/models/round20-null{verb}", {**body, "signature_name": None}
        )
        # THEN TF Serving's refusal, in its shape
        assert reply.status == 400, reply.body[:300]
        assert reply.json() == {
            "error": "'signature_name' key must be a string value.",
            "code": "VALIDATION_FAILED",
        }


def test_a_held_file_of_any_name_downloads_as_an_asset(client):
    import io
    import zipfile

    # GIVEN graphs holding their vocabulary under names that are no file name (a NUL, 300
    # bytes: each download was a 500; ".." was left out of the archive that named it)
    for path in ["a\u0000b", "x" * 300, ".."]:
        graph = {"name": "round20", "graph": _vocabulary_graph(b"a\t1.5\n", path)}
        graph_id = _created(client.call("POST", "/v1/graphs", graph))["id"]
        session = _created(client.call("POST", "/v1/sessions", {"graph_id": graph_id}))["id"]
        # WHEN the session is downloaded as a SavedModel
        reply = client.call("GET", f"/v1/sessions/{session}?fetch=find", headers={"Accept": ZIP})
        # THEN the archive holds the file, named `assets/asset`, as its asset_file_def says
        assert reply.status == 200, reply.body[:300]
        with zipfile.ZipFile(io.BytesIO(reply.body)) as archive:
            assert archive.read("assets/asset") == b"a\t1.5\n"


def test_a_kserve_binary_data_flag_that_is_no_boolean_is_refused(client):
    # GIVEN a served version
    _served(client, "round20-flags")
    x = {"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1.0, 2.0]}
    headers = {"Accept": "application/octet-stream"}
    # WHEN an output asks for binary data as the string "true" (read as false before: JSON
    # data came back), or the request as 1
    for body in [
        {"inputs": [x], "outputs": [{"name": "y", "parameters": {"binary_data": "true"}}]},
        {"inputs": [x], "parameters": {"binary_data_output": 1}},
    ]:
        reply = client.call("POST", "/v2/models/round20-flags/infer", body, headers=headers)
        # THEN Triton's refusal, in OIP's error shape
        assert reply.status == 400, reply.body[:300]
        assert reply.json()["code"] == "VALIDATION_FAILED"
        assert "non-boolean as boolean" in reply.json()["error"]
