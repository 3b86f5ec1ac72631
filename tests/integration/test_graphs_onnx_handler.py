"""The graphs function with ONNX bodies and `Accept: application/onnx`, in-process against
moto, driven by events/post-graphs-onnx.json."""

import base64
import copy
import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from graphgate_service import keys  # noqa: E402
from tests.integration.test_graphs_handler import TENANT, call, create, graphs  # noqa: E402, F401
from tests.support import ProxyReply, load_event  # noqa: E402

SOURCE = {
    "format": "onnx",
    "opset": 17,
    "producer": "pytorch",
    "producer_version": "2.3.0",
    "inputs": ["x"],
    "outputs": ["probs"],
}


def event_model() -> bytes:
    return base64.b64decode(load_event("post-graphs-onnx")["body"])


def post_onnx(module, blob: bytes | None = None, query=None, headers=None):
    """POST /v1/graphs with `blob` (default: the event's model) as an application/onnx body."""
    event = copy.deepcopy(load_event("post-graphs-onnx"))
    event["headers"].update(headers or {})
    if blob is not None:
        event["body"] = base64.b64encode(blob).decode()
    if query is not None:
        event["queryStringParameters"] = {k: v[-1] for k, v in query.items()} or None
        event["multiValueQueryStringParameters"] = query or None
    event["requestContext"]["authorizer"]["tenant_id"] = TENANT
    return ProxyReply(module.lambda_handler(event, None))


def onnx_get(module, graph_id, path="get-graph-onnx", query=None):
    return call(
        module, path, graph_id=graph_id, headers={"Accept": "application/onnx"}, query=query
    )


def ort_run(blob: bytes, feeds: dict) -> list:
    session = ort.InferenceSession(blob, providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def stored_nothing(module, aws) -> bool:
    listing = call(module, "get-graphs").json()["items"]
    profile = aws["clients"]["dynamodb"].get_item(
        TableName=aws["ids"]["Table"], Key=keys.profile(TENANT)
    )["Item"]
    return listing == [] and int(profile.get("graph_count", {"N": "0"})["N"]) == 0


def test_an_onnx_body_is_stored_as_a_graph_that_says_where_it_came_from(graphs):  # noqa: F811
    import graphgate as gg

    # WHEN the event's model (a softmax classifier from "pytorch 2.3.0") is posted
    reply = post_onnx(graphs)

    # THEN it is stored under the query's name and tags, with its source on every view
    assert reply.status == 201, reply.text
    stored = reply.json()
    assert stored["name"] == "tiny-classifier" and stored["tags"] == ["demo"]
    assert stored["source"] == SOURCE
    assert [p["name"] for p in stored["signature"]["placeholders"]] == ["x"]
    assert {v["name"] for v in stored["signature"]["variables"]} == {"W", "b"}
    assert call(graphs, "get-graphs").json()["items"][0]["source"] == SOURCE
    got = call(graphs, "get-graph", graph_id=stored["id"]).json()
    assert got["source"] == SOURCE
    revisions = call(graphs, "get-graph-revisions", graph_id=stored["id"]).json()["items"]
    assert revisions[0]["source"] == SOURCE
    # AND the stored graph computes what onnxruntime computes from the model
    x = np.random.default_rng(3).standard_normal((5, 4)).astype(np.float32)
    graph = gg.graph_from_dict(got["graph"])
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        probs = sess.run("probs:0", {"x": x})
    np.testing.assert_allclose(probs, ort_run(event_model(), {"x": x})[0], rtol=1e-5)


def test_a_json_graph_has_no_source_and_a_json_revision_drops_the_onnx_one(graphs):  # noqa: F811
    assert "source" not in create(graphs)
    stored = post_onnx(graphs).json()
    body = json.loads(load_event("post-graphs")["body"])
    replaced = call(
        graphs, "put-graph", graph_id=stored["id"], body=body, headers={"If-Match": stored["etag"]}
    )
    assert replaced.status == 200, replaced.text
    assert "source" not in replaced.json()
    # revision 1 keeps its own source, revision 2 has none
    revisions = call(graphs, "get-graph-revisions", graph_id=stored["id"]).json()["items"]
    assert [r.get("source") for r in revisions] == [SOURCE, None]
    first = call(graphs, "get-graph-revision", graph_id=stored["id"]).json()
    assert first["revision"] == 1 and first["source"] == SOURCE


def test_accept_application_onnx_exports_the_model_onnxruntime_runs(graphs):  # noqa: F811
    stored = post_onnx(graphs).json()
    x = np.random.default_rng(4).standard_normal((3, 4)).astype(np.float32)
    expected = ort_run(event_model(), {"x": x})[0]

    # WHEN the graph and its first revision are fetched as ONNX (no fetch=: its own outputs)
    for route in ("get-graph-onnx", "get-graph-revision"):
        reply = onnx_get(graphs, stored["id"], route)

        # THEN the answer is a checked model with the same inputs, outputs and results
        assert reply.status == 200, reply.text
        assert reply.headers["content-type"] == "application/onnx"
        model = onnx.load_from_string(reply.content)
        onnx.checker.check_model(model, full_check=True)
        assert [v.name for v in model.graph.output] == ["probs"]
        np.testing.assert_allclose(ort_run(reply.content, {"x": x})[0], expected, rtol=1e-5)


def test_a_graphgate_graph_exports_with_fetch_and_feed_or_says_what_is_missing(graphs):  # noqa: F811
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float32, [None, 2], name="a")
        gg.multiply(a, 3.0, name="tripled")
        gg.add(gg.random_normal([2]), a, name="noisy")
    stored = create(graphs, graph=gg.graph_to_dict(g))

    missing = onnx_get(graphs, stored["id"])
    assert missing.status == 400 and missing.json()["errors"][0]["pointer"] == "?fetch"

    reply = onnx_get(graphs, stored["id"], query={"fetch": "tripled", "feed": "a"})
    assert reply.status == 200, reply.text
    a_value = np.ones((1, 2), np.float32)
    np.testing.assert_array_equal(ort_run(reply.content, {"a": a_value})[0], a_value * 3)

    refused = onnx_get(graphs, stored["id"], query={"fetch": "noisy"})
    assert refused.status == 406
    problem = refused.json()
    assert problem["code"] == "ONNX_UNSUPPORTED"
    assert problem["problems"][0]["op_type"] == "RandomStandardNormal"


def test_without_feed_the_inputs_are_the_placeholders_the_fetches_read(graphs):  # noqa: F811
    # Round 21: a TF1 classifier exported with ?fetch=probs had its training labels as a
    # second input, which onnxruntime refuses to run without (every placeholder was one).
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        labels = gg.placeholder(gg.int64, [None], name="labels")
        w = gg.Variable(np.array([[1.0, -1.0], [0.5, 2.0]], np.float32), name="w")
        logits = gg.matmul(x, w, name="logits")
        gg.nn.softmax(logits, name="probs")
        gg.reduce_mean(
            gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits),
            name="loss",
        )
    stored = create(graphs, graph=gg.graph_to_dict(g))

    reply = onnx_get(graphs, stored["id"], query={"fetch": "probs"})
    assert reply.status == 200, reply.text
    model = onnx.load_from_string(reply.content)
    assert [v.name for v in model.graph.input] == ["x"]
    rows = np.array([[1.0, 2.0], [-1.0, 0.5]], np.float32)
    logits = rows @ np.array([[1.0, -1.0], [0.5, 2.0]], np.float32)
    want = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    np.testing.assert_allclose(ort_run(reply.content, {"x": rows})[0], want, rtol=1e-6)
    # ... and a feed named keeps the model's inputs the caller's, unread ones included
    reply = onnx_get(graphs, stored["id"], query={"fetch": "probs", "feed": "x,labels"})
    assert [v.name for v in onnx.load_from_string(reply.content).graph.input] == ["x", "labels"]


def test_an_int8_sum_is_406_naming_its_node_not_a_500(graphs):  # noqa: F811
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.int8, [None, 2], name="a")
        gg.reduce_sum(a, name="total")  # ONNX's ReduceSum takes no int8: onnx.checker raised
    stored = create(graphs, graph=gg.graph_to_dict(g))
    refused = onnx_get(graphs, stored["id"], query={"fetch": "total", "feed": "a"})
    assert refused.status == 406, refused.text
    problem = refused.json()
    assert problem["code"] == "ONNX_UNSUPPORTED"
    assert [p["node"] for p in problem["problems"]] == ["total"]


def test_a_fetch_of_unknown_rank_is_406_not_a_500(graphs):  # noqa: F811
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float32, [None, 1, 2], name="a")
        gg.squeeze(a, name="flat")  # TF's squeeze of an unknown dim: rank unknown
    stored = create(graphs, graph=gg.graph_to_dict(g))
    refused = onnx_get(graphs, stored["id"], query={"fetch": "flat", "feed": "a"})
    assert refused.status == 406, refused.text
    problem = refused.json()
    assert problem["code"] == "ONNX_UNSUPPORTED"
    assert "unknown rank" in problem["problems"][0]["reason"]


def _model(nodes, inputs, outputs, inits=(), opset=17):
    graph = helper.make_graph(nodes, "m", inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def _vec(name, n=2):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, [n])


def _huge_initializer() -> bytes:
    # Declared dims, 8 bytes of data: refused from the dims, before anything is allocated.
    big = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1_000_000, 1_000_000])
    big.raw_data = bytes(8)
    return _model(
        [helper.make_node("Add", ["x", "w"], ["y"])], [_vec("x")], [_vec("y")], [big]
    ).SerializeToString()


def _external_data() -> bytes:
    w = numpy_helper.from_array(np.ones(2, np.float32), "w")
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    w.external_data.add(key="location", value="weights.bin")
    return _model(
        [helper.make_node("Add", ["x", "w"], ["y"])], [_vec("x")], [_vec("y")], [w]
    ).SerializeToString()


def _newer_opset() -> bytes:
    return _model(
        [helper.make_node("Relu", ["x"], ["y"])], [_vec("x")], [_vec("y")], opset=99
    ).SerializeToString()


def _unsupported_op() -> bytes:
    return _model(
        [helper.make_node("Bernoulli", ["x"], ["y"], name="coin")], [_vec("x")], [_vec("y")]
    ).SerializeToString()


def _output_no_node_produces() -> bytes:
    # Was a 500 (KeyError in the importer).
    return _model(
        [helper.make_node("Relu", ["x"], ["z"])], [_vec("x")], [_vec("y")]
    ).SerializeToString()


def _value_produced_twice() -> bytes:
    # Not SSA: onnxruntime refuses it; the importer kept the last producer and stored it.
    nodes = [helper.make_node("Relu", ["x"], ["y"]), helper.make_node("Neg", ["x"], ["y"])]
    return _model(nodes, [_vec("x")], [_vec("y")]).SerializeToString()


@pytest.mark.parametrize(
    ("blob", "status", "code"),
    [
        (lambda: event_model()[:100], 400, "INVALID_DOCUMENT"),
        (_output_no_node_produces, 400, "INVALID_DOCUMENT"),
        (_value_produced_twice, 400, "INVALID_DOCUMENT"),
        (lambda: b"\x89PNG\r\n\x1a\n not a model", 400, "INVALID_DOCUMENT"),
        (lambda: b"", 400, "INVALID_DOCUMENT"),
        (_newer_opset, 400, "ONNX_UNSUPPORTED"),
        (_external_data, 400, "ONNX_UNSUPPORTED"),
        (_unsupported_op, 400, "ONNX_UNSUPPORTED"),
        (_huge_initializer, 422, "TENSOR_TOO_LARGE"),
    ],
    ids=[
        "truncated",
        "output-of-no-node",
        "produced-twice",
        "not-onnx",
        "empty",
        "opset-99",
        "external-data",
        "sin",
        "1e12-elements",
    ],
)
def test_a_model_that_cannot_be_imported_is_a_4xx_and_nothing_is_stored(
    graphs,  # noqa: F811
    aws,
    blob,
    status,
    code,
):
    reply = post_onnx(graphs, blob())
    assert reply.status == status, reply.text
    problem = reply.json()
    assert problem["code"] == code
    assert "Traceback" not in reply.text
    if code == "ONNX_UNSUPPORTED":
        assert problem["problems"], problem
    assert stored_nothing(graphs, aws)


def test_an_unsupported_model_lists_every_node(graphs):  # noqa: F811
    model = _model(
        [
            helper.make_node("Bernoulli", ["x"], ["s"], name="coin"),
            helper.make_node("RandomUniformLike", ["s"], ["y"], name="noise"),
        ],
        [_vec("x")],
        [_vec("y")],
    )
    problem = post_onnx(graphs, model.SerializeToString()).json()
    assert [(p["node"], p["op_type"]) for p in problem["problems"]] == [
        ("coin", "Bernoulli"),
        ("noise", "RandomUniformLike"),
    ]


def test_query_fields_are_validated_with_pointers_at_the_query(graphs, aws):  # noqa: F811
    reply = post_onnx(graphs, query={"name": ["x" * 500]})
    assert reply.status == 400
    assert reply.json()["errors"][0]["pointer"] == "?name"
    assert stored_nothing(graphs, aws)


def _upload(aws, blob: bytes, upload_id: str = "u_" + "ab" * 12) -> str:
    aws["clients"]["s3"].put_object(
        Bucket=aws["ids"]["TensorBucket"], Key=keys.upload(TENANT, upload_id), Body=blob
    )
    return upload_id


def test_a_model_uploaded_first_is_named_by_its_upload_id(graphs, aws):  # noqa: F811
    upload_id = _upload(aws, event_model())
    reply = post_onnx(graphs, b"", query={"upload_id": [upload_id], "constants": ["true"]})
    assert reply.status == 201, reply.text
    stored = reply.json()
    assert stored["name"] == "tiny_classifier"  # the model's own graph name
    assert stored["signature"]["variables"] == []  # constants=true


def test_a_model_over_the_size_limit_is_413_unread(graphs, aws, monkeypatch):  # noqa: F811
    from graphgate_service import onnx_graphs

    monkeypatch.setattr(onnx_graphs, "MAX_MODEL_BYTES", 200)
    assert post_onnx(graphs).json()["code"] == "REQUEST_TOO_LARGE"
    upload_id = _upload(aws, event_model())
    reply = post_onnx(graphs, b"", query={"upload_id": [upload_id]})
    assert reply.status == 413 and reply.json()["code"] == "REQUEST_TOO_LARGE"
    assert stored_nothing(graphs, aws)


def test_a_key_reused_with_another_upload_is_refused_not_replayed(graphs, aws):  # noqa: F811
    # The body is empty both times: only the query says which model is meant.
    first, other = _upload(aws, event_model()), _upload(aws, event_model(), "u_" + "cd" * 12)
    key = {"Idempotency-Key": "onnx-once-1"}
    created = post_onnx(graphs, b"", query={"upload_id": [first]}, headers=key)
    again = post_onnx(graphs, b"", query={"upload_id": [first]}, headers=key)
    changed = post_onnx(graphs, b"", query={"upload_id": [other]}, headers=key)
    assert created.status == again.status == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert changed.status == 422 and changed.json()["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_a_put_with_a_model_is_a_new_revision_with_its_source(graphs):  # noqa: F811
    stored = create(graphs)  # a graphgate document: no source
    event = copy.deepcopy(load_event("put-graph"))
    onnx_event = load_event("post-graphs-onnx")
    event["path"] = event["path"].replace("g_00000000000000000000", stored["id"])
    event["pathParameters"]["graphId"] = stored["id"]
    event["headers"].update({"Content-Type": "application/onnx", "If-Match": stored["etag"]})
    event["body"], event["isBase64Encoded"] = onnx_event["body"], True
    event["queryStringParameters"] = {"name": "now-onnx"}
    event["multiValueQueryStringParameters"] = {"name": ["now-onnx"]}
    event["requestContext"]["authorizer"]["tenant_id"] = TENANT
    reply = ProxyReply(graphs.lambda_handler(event, None))
    assert reply.status == 200, reply.text
    assert reply.json()["revision"] == 2 and reply.json()["source"] == SOURCE
    revisions = call(graphs, "get-graph-revisions", graph_id=stored["id"]).json()["items"]
    assert [r.get("source") for r in revisions] == [None, SOURCE]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/onnx, */*", "application/onnx"),
        ("*/*, application/onnx", "application/onnx"),
        ("*/*", "application/json"),
        ("application/onnx;q=0.5, application/json", "application/json"),
        ("text/*, application/json;q=0.9", "text/vnd.graphviz"),
    ],
)
def test_the_type_a_client_names_wins_over_a_wildcard_of_equal_quality(graphs, accept, media):  # noqa: F811
    stored = post_onnx(graphs).json()
    reply = call(graphs, "get-graph", graph_id=stored["id"], headers={"Accept": accept})
    assert reply.status == 200 and reply.headers["content-type"].startswith(media)


def test_an_upload_replaced_after_its_size_was_checked_is_read_no_further(
    graphs,  # noqa: F811
    aws,
    monkeypatch,
):
    """The upload URL stays valid 15 minutes: a PUT between the size's HEAD and the GET
    was read whole, however large (a Lambda out of memory past the limit just checked)."""
    from graphgate_service import aws as service_aws
    from graphgate_service import onnx_graphs, uploads

    # GIVEN a limit of 200 bytes, and a model that was 100 bytes when its size was read
    monkeypatch.setattr(onnx_graphs, "MAX_MODEL_BYTES", 200)
    monkeypatch.setattr(uploads.UploadStore, "size", lambda self, key: 100)
    # WHEN the object read is the model sent since, larger than the limit
    model = event_model()
    assert len(model) > 200
    upload_id = _upload(aws, model)
    reads = []

    def counted(parsed, **_):
        reads.append(parsed["ContentLength"])

    service_s3 = service_aws.client("s3")
    service_s3.meta.events.register("after-call.s3.GetObject", counted)
    try:
        reply = post_onnx(graphs, b"", query={"upload_id": [upload_id]})
    finally:
        service_s3.meta.events.unregister("after-call.s3.GetObject", counted)
    # THEN it is refused as too large, having read no more than the limit and a byte
    assert reply.status == 413 and reply.json()["code"] == "REQUEST_TOO_LARGE", reply.text
    assert str(len(model)) in reply.json()["detail"]
    assert reads and max(reads) <= 201
    assert stored_nothing(graphs, aws)


@pytest.mark.parametrize(
    ("graph_name", "stored"),
    [(" \u202eevil\x00name\n ", "evil name"), ("\t\n", "model"), ("x" * 300, "x" * 200)],
)
def test_a_models_own_graph_name_is_made_a_display_name_not_refused(
    graphs,  # noqa: F811
    graph_name,
    stored,
):
    relu = helper.make_node("Relu", ["x"], ["y"])
    graph = helper.make_graph([relu], graph_name, [_vec("x")], [_vec("y")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    reply = post_onnx(graphs, model.SerializeToString(), query={})
    assert reply.status == 201, reply.text
    assert reply.json()["name"] == stored


@pytest.mark.parametrize(
    ("query", "pointer"),
    [
        ({"description": ["nul\u0000"]}, "?description"),
        ({"tag": ["no spaces"]}, "?tag"),
        ({"name": [" padded"]}, "?name"),
    ],
)
def test_an_onnx_models_query_fields_are_refused_before_it_is_converted(
    graphs,  # noqa: F811
    monkeypatch,
    query,
    pointer,
):
    # The model was read and converted before its ?description, ?tag or ?name was checked.
    from graphgate_service import onnx_graphs

    converted = []
    real = onnx_graphs.convert
    monkeypatch.setattr(
        onnx_graphs, "convert", lambda *a, **k: converted.append(1) or real(*a, **k)
    )
    reply = post_onnx(graphs, query=query)
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["pointer"] == pointer and converted == []
    assert post_onnx(graphs, query={"description": ["fine\n"]}).status == 201 and converted


def test_a_models_producer_is_made_to_fit_the_graphs_items_not_a_500(graphs):  # noqa: F811
    # A 450 KB producer_name went into the graph's items as its source: DynamoDB refused
    # the write (400 KB an item), a 500. It is the model's say, kept as a display name.
    model = _model([helper.make_node("Relu", ["x"], ["y"])], [_vec("x")], [_vec("y")])
    model.producer_name, model.producer_version = "p" * 450_000, "\u202e1.0\x00"
    reply = post_onnx(graphs, model.SerializeToString(), query={})
    assert reply.status == 201, reply.text
    source = reply.json()["source"]
    assert (source["producer"], source["producer_version"]) == ("p" * 200, "1.0")
    revisions = call(graphs, "get-graph-revisions", graph_id=reply.json()["id"]).json()
    assert revisions["items"][0]["source"]["producer"] == "p" * 200


def test_a_model_whose_input_names_cannot_be_kept_is_refused_and_nothing_stored(
    graphs,  # noqa: F811
    aws,
):
    # 500 inputs named with 1,000 characters each: the source's names overflowed the item.
    inputs = [_vec(f"x{i}_" + "n" * 1000, 1) for i in range(500)]
    total = helper.make_node("Sum", [v.name for v in inputs], ["y"])
    reply = post_onnx(graphs, _model([total], inputs, [_vec("y", 1)]).SerializeToString())
    assert reply.status == 422, reply.text
    assert reply.json()["code"] == "GRAPH_TOO_LARGE" and "names" in reply.json()["detail"]
    assert stored_nothing(graphs, aws)


def _initialized_by(initial_value):
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(initial_value(), name="v")
        gg.add(gg.placeholder(gg.float32, [], name="x"), gg.reduce_sum(v), name="y")
    return gg.graph_to_dict(g)


def test_an_export_computes_initial_values_within_the_time_and_memory_a_run_has(
    graphs,  # noqa: F811
    monkeypatch,
):
    import time

    import graphgate as gg
    from graphgate_service import aws, runtime, settings

    # Probe 19: the export ran every initializer in a session of its own, with no limit:
    # a minute's loop ran past the function's timeout (the gateway's 502), and three
    # [8000, 8000] variables held the 1,024 MB graphs function at 1.7 GB
    def slow():
        loop = gg.while_loop(lambda i, a: i < 900_000, lambda i, a: (i + 1, a + 1.0), [0, 0.0])
        return gg.identity(loop[1])

    slow_id = create(graphs, graph=_initialized_by(slow))["id"]
    large_id = create(graphs, graph=_initialized_by(lambda: gg.fill([8000, 8000], 1.0)))["id"]
    monkeypatch.setattr(aws, "remaining_s", lambda: runtime.RESPONSE_MARGIN_S + 0.3)
    monkeypatch.setattr(settings, "function_memory_mb", lambda: 1024)  # the graphs function's
    query = {"fetch": "y", "feed": "x"}
    started = time.monotonic()
    late = onnx_get(graphs, slow_id, query=query)
    assert late.status == 504 and late.json()["code"] == "DEADLINE_EXCEEDED", late.text
    assert time.monotonic() - started < 3
    large = onnx_get(graphs, large_id, query=query)
    assert large.status == 422 and large.json()["code"] == "RUN_TOO_LARGE", large.text
