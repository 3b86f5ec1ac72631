"""Scenarios an outside tester ran from the docs alone, each pinning a place where the
service answered otherwise than the docs, TF Serving's REST API or the browser's CORS
rules promise. One runner and one tenant serve them all."""

import json

import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("scenarios-e2e", plan="pro")["api_key"])


@pytest.fixture(scope="module")
def halver(client):
    """GIVEN model `halver`, y = x / 2 over float32 rows, frozen from a stored graph."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.multiply(x, 0.5, name="y")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "halver", "graph": document}).json()["id"]
    body = {"name": "halver", "graph_id": graph_id, "graph_revision": 1, "variables": {}}
    body |= {"inputs": {"x": "x"}, "outputs": {"y": "y"}}
    created = client.call("POST", "/v1/models", body)
    assert created.status == 201, created.body
    return "halver"


@pytest.fixture(scope="module")
def aggregates(client):
    """GIVEN models whose outputs are not all one row per instance: `sum` a scalar,
    `head` the first row whatever the batch, beside `twice` (a row per instance)."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.reduce_sum(x, name="sum")
        gg.slice(x, [0, 0], [1, 2], name="head")
        gg.multiply(x, 2.0, name="twice")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "agg", "graph": document}).json()["id"]
    base = {"graph_id": graph_id, "graph_revision": 1, "variables": {}, "inputs": {"x": "x"}}
    for name, outputs in {"sum": ["sum"], "head": ["head", "twice"]}.items():
        body = {**base, "name": name, "outputs": {o: o for o in outputs}}
        assert client.call("POST", "/v1/models", body).status == 201


def _tf_predict(client, model, raw: bytes):
    headers = client.headers({"Content-Type": "application/json"})
    return request("POST", f"{client.url}/tfserving/v1/models/{model}:predict", headers, raw)


def test_tf_serving_predict_takes_nan_and_infinity_tokens_as_tf_serving_does(client, halver):
    # TF Serving's REST page ("JSON conformance"): requests and responses may carry the
    # NaN, Infinity and -Infinity tokens; graphgate already answers with them.
    reply = _tf_predict(client, halver, b'{"instances": [[NaN, Infinity], [-Infinity, 1.0]]}')

    assert reply.status == 200, reply.body
    assert reply.body == b'{"predictions":[[NaN,Infinity],[-Infinity,0.5]]}'
    # The rest of the API stays strict JSON.
    strict = client.call("POST", "/v1/graphs", raw=b'{"name": NaN}')
    assert strict.status == 400 and strict.json()["code"] == "INVALID_JSON"


def test_tf_serving_writes_a_float32_output_in_its_float32_text(client, halver):
    # json_tensor.cc writes a float32's own digits: 0.1, not the double 0.10000000149011612.
    reply = _tf_predict(client, halver, b'{"instances": [[0.2, 0.6]]}')

    assert reply.status == 200, reply.body
    assert json.loads(reply.body) == {"predictions": [[0.1, 0.3]]}
    columns = _tf_predict(client, halver, b'{"inputs": {"x": [[0.2, 0.6]]}}')
    assert json.loads(columns.body) == {"outputs": [[0.1, 0.3]]}


def test_a_browser_on_another_origin_can_send_what_the_docs_ask_and_read_the_answers(client):
    # api.md: browsers may call the API from any origin. An async run needs `Prefer`, a
    # compressed body `Content-Encoding`; both must pass the preflight.
    origin = {"Origin": "https://notebook.example"}
    asked = "prefer,content-encoding,idempotency-key,x-api-key,authorization,content-type"
    preflight = request(
        "OPTIONS",
        f"{client.url}/v1/sessions/s_00000000000000000000/runs",
        {
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": asked,
        },
    )
    assert preflight.status == 204
    allowed = {
        h.strip().lower() for h in preflight.headers["access-control-allow-headers"].split(",")
    }
    assert set(asked.split(",")) <= allowed

    # The headers the docs tell a client to read are exposed to its script...
    graphs = request("GET", f"{client.url}/v1/graphs", client.headers(origin))
    exposed = {
        h.strip().lower() for h in graphs.headers["access-control-expose-headers"].split(",")
    }
    assert {"retry-after", "www-authenticate", "idempotent-replayed", "allow"} <= exposed
    assert "preference-applied" in exposed  # the 202 of an asynchronous run answers it
    # ...and so are the gateway's own refusals: a 401 for an expired token, a 429, a 403
    refused = request("GET", f"{client.url}/v1/graphs", {**origin, "x-api-key": client.api_key})
    assert refused.status == 401
    assert refused.headers.get("access-control-allow-origin") == "*"
    assert "www-authenticate" in refused.headers["access-control-expose-headers"].lower()
    no_key = request("GET", f"{client.url}/v1/health", origin)
    assert no_key.status == 403 and no_key.headers.get("access-control-allow-origin") == "*"


def test_tf_serving_rows_are_refused_when_an_output_has_no_row_per_instance(client, aggregates):
    # json_tensor.cc: in row format every output needs a batch dimension, the same for
    # all; graphgate answered a scalar unwrapped, failed with a 500 beside another output,
    # and cut a [1, 2] output's companions down to one row: three instances, one answer.
    rows = b'{"instances": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}'
    scalar = _tf_predict(client, "sum", rows)
    uneven = _tf_predict(client, "head", rows)

    assert scalar.status == 400, scalar.body
    assert scalar.json() == {
        "error": "Tensor name: sum has no shape information ",
        "code": "SIGNATURE_INVALID",
    }
    assert uneven.status == 400, uneven.body
    assert (
        uneven.json()["error"] == "Tensor name: twice has inconsistent batch size: 3 expecting: 1"
    )
    # Columns carry any shapes, as in TF Serving.
    columns = _tf_predict(client, "head", b'{"inputs": [[1.0, 2.0], [3.0, 4.0]]}')
    assert json.loads(columns.body) == {
        "outputs": {"head": [[1.0, 2.0]], "twice": [[2.0, 4.0], [6.0, 8.0]]}
    }


def test_refusals_name_each_field_as_the_problem_schema_says(client, halver):
    # The Problem schema requires every errors[] entry to carry a `message`; two did not.
    from graphgate_service import openapi

    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.multiply(x, gg.Variable(2.0, name="w"), name="y")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "w", "graph": document}).json()["id"]
    unfrozen = client.call(
        "POST",
        "/v1/models",
        {"name": "w", "graph_id": graph_id, "graph_revision": 1, "variables": {}}
        | {"inputs": {"x": "x"}, "outputs": {"y": "y"}},
    )
    unknown = client.call(
        "POST",
        "/v2/models/halver/infer",
        {
            "inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1, 2]}],
            "outputs": [{"name": "nope"}],
        },
    )

    assert unfrozen.json()["code"] == "VARIABLE_MISSING"
    assert unknown.json()["code"] == "OUTPUT_UNKNOWN"
    for problem in (unfrozen.json(), unknown.json()):
        openapi.validate(problem, "Problem")


def test_ragged_kserve_data_is_a_shape_mismatch_as_the_docs_list_it(client, halver):
    # models.md: INPUT_SHAPE_MISMATCH covers ragged rows; TF Serving's route said so, but
    # KServe's called ragged nested data a dtype mismatch.
    ragged = {"name": "x", "datatype": "FP32", "shape": [2, 2], "data": [[1.0, 2.0], [3.0]]}
    reply = client.call("POST", "/v2/models/halver/infer", {"inputs": [ragged]})

    assert reply.status == 400
    assert (reply.json()["code"], reply.json()["input"]) == ("INPUT_SHAPE_MISMATCH", "x")
    assert "ragged" in reply.json()["error"]


def test_a_filtered_listing_finds_an_older_graph_on_its_first_page(client):
    # GIVEN a graph named `needle`, then eleven newer graphs named otherwise
    document = {"format": "graphgate.graph/v1", "nodes": []}
    for name in ["needle"] + [f"hay-{i}" for i in range(11)]:
        assert client.call("POST", "/v1/graphs", {"name": name, "graph": document}).status == 201

    # WHEN a page of one is asked for by name (graphs.md: limit 1-100)
    page = client.call("GET", "/v1/graphs?limit=1&name_prefix=needle").json()

    # THEN it holds the graph, not an empty page and a cursor
    assert [g["name"] for g in page["items"]] == ["needle"]
    assert page["next_cursor"] is None


def test_the_gateways_own_refusals_carry_the_error_member_model_clients_read(client, halver):
    # OIP and TF Serving clients show an error's `error`; the functions add it on the
    # /v2 and /tfserving routes, but the gateway's own 401/403/429 had only `detail`.
    for path in ("/v2/models/halver", "/tfserving/v1/models/halver"):
        refused = request("GET", f"{client.url}{path}", {"x-api-key": client.api_key})
        assert refused.status == 401
        assert refused.json()["error"] == refused.json()["detail"]
        assert refused.json()["code"] == "INVALID_TOKEN"


def test_a_string_output_named_bytes_is_always_base64_as_tf_serving_writes_it(client):
    # TF Serving's REST page, "Output of binary values": a DT_STRING output whose name
    # ends in `_bytes` holds binary values, written {"b64": ...} even when they are text;
    # graphgate wrote text wherever the bytes were UTF-8.
    with gg.Graph().as_default() as graph:
        text = gg.placeholder(gg.string, [None], name="text")
        gg.identity(text, name="same")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "echo", "graph": document}).json()["id"]
    body = {"name": "echo", "graph_id": graph_id, "graph_revision": 1, "variables": {}}
    body |= {"inputs": {"text": "text"}, "outputs": {"image_bytes": "same", "caption": "same"}}
    assert client.call("POST", "/v1/models", body).status == 201

    rows = _tf_predict(client, "echo", b'{"instances": ["abc"]}')
    columns = _tf_predict(client, "echo", b'{"inputs": ["abc"]}')

    assert json.loads(rows.body) == {
        "predictions": [{"caption": "abc", "image_bytes": {"b64": "YWJj"}}]
    }
    assert json.loads(columns.body) == {
        "outputs": {"caption": ["abc"], "image_bytes": [{"b64": "YWJj"}]}
    }


def test_kserve_metadata_gives_a_scalar_input_the_shape_infer_takes(client):
    # A scalar placeholder was listed as [-1], a shape its own infer then refused.
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.multiply(x, gg.placeholder(gg.float32, [], name="scale"), name="y")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "scaled", "graph": document}).json()["id"]
    body = {"name": "scaled", "graph_id": graph_id, "graph_revision": 1, "variables": {}}
    body |= {"inputs": {"x": "x", "scale": "scale"}, "outputs": {"y": "y"}}
    assert client.call("POST", "/v1/models", body).status == 201

    metadata = client.call("GET", "/v2/models/scaled").json()
    shapes = {t["name"]: t["shape"] for t in metadata["inputs"]}
    assert shapes == {"scale": [], "x": [-1]}
    inputs = [
        {"name": "x", "datatype": "FP32", "shape": [2], "data": [1.0, 2.0]},
        {"name": "scale", "datatype": "FP32", "shape": shapes["scale"], "data": [3.0]},
    ]
    reply = client.call("POST", "/v2/models/scaled/infer", {"inputs": inputs})
    assert reply.status == 200 and reply.json()["outputs"][0]["data"] == [3.0, 6.0]


def test_model_protocol_bodies_are_json_whatever_curl_d_calls_them(client, halver):
    # TF Serving's REST page posts with `curl -d '{"instances": …}'`, which sends
    # application/x-www-form-urlencoded; TF Serving and Triton read the body as JSON
    # whatever its Content-Type, graphgate answered 415.
    form = client.headers({"Content-Type": "application/x-www-form-urlencoded"})
    infer = {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1, 2]}]}
    predicted = request(
        "POST", f"{client.url}/tfserving/v1/models/halver:predict", form, b'{"instances": [[1, 2]]}'
    )
    inferred = request(
        "POST", f"{client.url}/v2/models/halver/infer", form, json.dumps(infer).encode()
    )

    assert predicted.status == 200 and predicted.json() == {"predictions": [[0.5, 1.0]]}
    assert inferred.status == 200 and inferred.json()["outputs"][0]["data"] == [0.5, 1.0]
    # graphgate's own routes still take JSON only
    stored = request("POST", f"{client.url}/v1/graphs", form, b'{"name": "x"}')
    assert stored.status == 415


def test_a_too_large_npz_download_is_the_documented_422(client):
    # sessions.md: an archive over about 4.4 MB is 422 RESPONSE_TOO_LARGE; the OpenAPI
    # document did not list a 422 for the route, so generated clients could not expect it.
    from graphgate_service import openapi

    with gg.Graph().as_default() as graph:
        gg.Variable(gg.zeros([1200, 1000]), name="big")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "big", "graph": document}).json()["id"]
    session_id = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]

    npz = {"Accept": "application/x-npz"}
    reply = client.call("GET", f"/v1/sessions/{session_id}/variables", headers=npz)

    assert reply.status == 422 and reply.json()["code"] == "RESPONSE_TOO_LARGE"
    documented = openapi.spec()["paths"]["/v1/sessions/{sessionId}/variables"]["get"]
    assert "422" in documented["responses"]


def test_a_model_that_does_not_exist_is_model_not_found_on_its_version_routes(client):
    # models.md names MODEL_NOT_FOUND for no such model; its version routes (and a
    # session from_model) said MODEL_VERSION_NOT_FOUND instead, as if the model existed.
    for method, path, body in [
        ("GET", "/v1/models/absent/versions/1", None),
        ("GET", "/v2/models/absent/versions/1", None),
        ("GET", "/tfserving/v1/models/absent/versions/1", None),
        ("POST", "/v1/sessions", {"from_model": {"model": "absent", "version": 1}}),
    ]:
        reply = client.call(method, path, body)
        assert (reply.status, reply.json()["code"]) == (404, "MODEL_NOT_FOUND"), path


def test_an_engine_error_keeps_the_engines_category(client):
    # A problem's `category` came from its HTTP status, so a tf.data iterator run past its
    # end (END_OF_SEQUENCE, TF's OutOfRangeError) said INVALID_ARGUMENT like any 400.
    with gg.Graph().as_default() as graph:
        dataset = gg.data.Dataset.from_tensor_slices([1.0, 2.0])
        dataset.make_one_shot_iterator().get_next(name="item")
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "two", "graph": document}).json()["id"]

    reply = client.call("POST", f"/v1/graphs/{graph_id}/runs", {"fetches": ["item"], "steps": 3})

    assert reply.status == 400
    assert (reply.json()["code"], reply.json()["category"]) == ("END_OF_SEQUENCE", "OUT_OF_RANGE")
