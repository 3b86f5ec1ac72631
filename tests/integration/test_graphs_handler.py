"""The graphs function in-process against moto, driven by events/ fixtures."""

import base64
import copy
import dataclasses
import importlib
import itertools
import json
import re
import sys

import numpy as np
import pytest

from graphgate_service import keys
from tests.support import REPO_ROOT, ProxyReply, load_event

TENANT = "t_0123456789abcdef"
OTHER = "t_fedcba9876543210"
FREE = "t_00000000000000ff"


@pytest.fixture
def graphs(aws, monkeypatch):
    from graphgate_service import secrets, settings

    monkeypatch.setenv("CURSOR_SECRET_ARN", aws["ids"]["CursorSigningSecret"])
    for tenant, plan in ((TENANT, "pro"), (OTHER, "pro"), (FREE, "free")):
        aws["clients"]["dynamodb"].put_item(
            TableName=aws["ids"]["Table"],
            Item={
                **keys.profile(tenant),
                "plan": {"S": plan},
                "name": {"S": tenant},
            },
        )
    settings.get.cache_clear()
    secrets.forget()
    sys.path.insert(0, str(REPO_ROOT / "functions" / "graphs"))
    try:
        yield importlib.import_module("graphs")
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / "graphs"))


def call(
    module,
    name,
    *,
    graph_id=None,
    body=None,
    headers=None,
    query=None,
    tenant=TENANT,
    drop_headers=(),
    lines=None,
):
    """`lines` sends a header in several field lines: the event's `headers` holds the last,
    `multiValueHeaders` all of them, as API Gateway builds it."""
    event = copy.deepcopy(load_event(name))
    if graph_id:
        event["path"] = event["path"].replace("g_00000000000000000000", graph_id)
        event["pathParameters"]["graphId"] = graph_id
    if body is not None:
        event["body"] = body if isinstance(body, str) else json.dumps(body)
    for header in drop_headers:
        event["headers"].pop(header, None)
    event["headers"].update(headers or {})
    if query is not None:
        event["queryStringParameters"] = query or None
    event["requestContext"]["authorizer"]["tenant_id"] = tenant
    event["requestContext"]["authorizer"]["principalId"] = tenant
    event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
    for name, values in (lines or {}).items():
        event["headers"][name] = values[-1]
        event["multiValueHeaders"][name] = list(values)
    return ProxyReply(module.lambda_handler(event, None))


def create(module, **fields):
    body = json.loads(load_event("post-graphs")["body"])
    body.update(fields)
    reply = call(module, "post-graphs", body=body)
    assert reply.status == 201, reply.text
    return reply.json()


def test_create_returns_201_with_location_etag_and_signature(graphs):
    reply = call(graphs, "post-graphs")
    assert reply.status == 201, reply.text
    graph = reply.json()
    # events/ hold the stage's URL's event: the path as called begins with the stage.
    assert reply.headers["location"] == f"/staging/v1/graphs/{graph['id']}"
    assert reply.headers["etag"] == graph["etag"]
    assert graph["revision"] == 1 and graph["node_count"] == 5
    assert graph["content_hash"].startswith("sha256:")
    nodes = {n["name"]: n for n in graph["signature"]["nodes"]}
    assert nodes["res"]["outputs"] == [{"dtype": "FP32", "shape": []}]


def test_ids_are_random_and_reveal_no_order(graphs):
    ids = [create(graphs)["id"] for _ in range(4)]
    assert len(set(ids)) == 4
    assert all(re.fullmatch(r"g_[0-9a-f]{20}", i) for i in ids)
    # Consecutive ids share no more of a prefix than random ones would.
    shared = [
        sum(1 for _ in itertools.takewhile(lambda p: p[0] == p[1], zip(a, b, strict=True)))
        for a, b in itertools.pairwise(ids)
    ]
    assert max(shared) < 8


def test_an_invalid_graph_is_400_naming_the_node(graphs):
    body = json.loads(load_event("post-graphs")["body"])
    body["graph"]["nodes"].append({"name": "broken", "op": "Mul", "inputs": ["a", "nowhere"]})
    reply = call(graphs, "post-graphs", body=body)
    assert reply.status == 400
    problem = reply.json()
    assert problem["code"] == "GRAPH_INVALID"
    assert problem["errors"][0]["node"] == "broken"
    assert problem["errors"][0]["code"] == "UNKNOWN_INPUT"


def test_a_constant_of_more_dimensions_than_an_array_holds_is_400_naming_it(graphs):
    # numpy holds at most 64 dimensions: a deeper constant was a 500 (ValueError).
    body = json.loads(load_event("post-graphs")["body"])
    value = {"datatype": "FP32", "shape": [1] * 70, "data": [1.0]}
    body["graph"]["nodes"].append({"name": "deep", "op": "Const", "attrs": {"value": value}})
    reply = call(graphs, "post-graphs", body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "GRAPH_INVALID"
    assert reply.json()["errors"][0]["node"] == "deep"
    assert reply.json()["errors"][0]["code"] == "INVALID_TENSOR"


def test_a_node_of_more_outputs_than_a_graph_may_have_nodes_is_422_not_built(graphs):
    # round 21: 10**7 partitions in a few bytes were ten million tensors built as the
    # document was read (about 1.4 GB of the graphs function)
    body = json.loads(load_event("post-graphs")["body"])
    part = {"name": "parts", "op": "DynamicPartition", "inputs": ["a", "ids"],
            "attrs": {"num_partitions": 10**7}}  # fmt: skip
    ids = {"datatype": "INT32", "shape": [], "data": [0]}
    body["graph"]["nodes"] += [{"name": "ids", "op": "Const", "attrs": {"value": ids}}, part]
    reply = call(graphs, "post-graphs", body=body)
    assert reply.status == 422, reply.text
    assert reply.json()["code"] == "GRAPH_TOO_LARGE"
    assert call(graphs, "get-graphs").json()["items"] == []


def test_a_body_that_breaks_the_schema_is_400_with_pointers(graphs):
    reply = call(graphs, "post-graphs", body={"name": "", "graph": {}, "extra": 1})
    assert reply.status == 400
    pointers = {e["pointer"] for e in reply.json()["errors"]}
    assert {"/name", "/graph", "/"} <= pointers


def test_a_body_that_is_not_strict_json_is_400(graphs):
    reply = call(graphs, "post-graphs", body='{"name": "x", "name": "y", "graph": {}}')
    assert reply.status == 400
    assert reply.json()["code"] == "INVALID_JSON"


def test_get_supports_etags_and_content_negotiation(graphs):
    graph = create(graphs)
    reply = call(graphs, "get-graph", graph_id=graph["id"])
    assert reply.status == 200 and reply.headers["etag"] == graph["etag"]
    assert reply.json()["graph"] == json.loads(load_event("post-graphs")["body"])["graph"]

    assert (
        call(
            graphs, "get-graph", graph_id=graph["id"], headers={"If-None-Match": graph["etag"]}
        ).status
        == 304
    )
    dot = call(graphs, "get-graph", graph_id=graph["id"], headers={"Accept": "text/vnd.graphviz"})
    assert dot.status == 200 and dot.text.startswith('digraph "tutorial"')
    assert '"multiply" -> "res"' in dot.text
    refused = call(graphs, "get-graph", graph_id=graph["id"], headers={"Accept": "image/png"})
    assert refused.status == 406 and refused.json()["code"] == "NOT_ACCEPTABLE"
    # "Anything but JSON" (RFC 9110 §12.5.1: the most specific range decides) was JSON.
    not_json = {"Accept": "application/json;q=0, */*"}
    other = call(graphs, "get-graph", graph_id=graph["id"], headers=not_json)
    assert other.status == 200 and other.headers["content-type"] != "application/json"


@pytest.mark.parametrize(
    ("route", "accept"),
    [
        ("get-graph", None),
        ("get-graph", "text/vnd.graphviz"),
        ("get-graph", "image/svg+xml"),
        ("get-graph-revision", None),
        ("get-graph-revision", "image/svg+xml"),
    ],
)
def test_every_representation_of_a_negotiated_resource_says_it_varies_on_accept(
    graphs, route, accept
):
    # RFC 9110 §12.5.5: only the SVG said so, so a shared cache could hand a JSON answer
    # to a client asking for ONNX or DOT of the same URL.
    graph = create(graphs)
    headers = {"Accept": accept} if accept else {}
    reply = call(graphs, route, graph_id=graph["id"], headers=headers)
    assert reply.status == 200, reply.text
    assert reply.headers.get("vary") == "Accept"


@pytest.mark.parametrize("accept", ["image/svg+xml", "text/vnd.graphviz"])
def test_each_representation_has_its_own_etag(graphs, accept):
    # RFC 9110 §8.8.3: with the JSON's ETag in If-None-Match, a GET for the drawing was a
    # 304, telling the client that its JSON was the current drawing.
    graph = create(graphs)
    other = {"Accept": accept}
    reply = call(graphs, "get-graph", graph_id=graph["id"], headers=other)
    assert reply.status == 200 and reply.headers["etag"] not in ("", graph["etag"])
    stale_copy = {**other, "If-None-Match": graph["etag"]}
    assert call(graphs, "get-graph", graph_id=graph["id"], headers=stale_copy).status == 200
    own = {**other, "If-None-Match": reply.headers["etag"]}
    unchanged = call(graphs, "get-graph", graph_id=graph["id"], headers=own)
    assert unchanged.status == 304 and unchanged.headers["etag"] == reply.headers["etag"]
    json_copy = {"If-None-Match": reply.headers["etag"]}
    assert call(graphs, "get-graph", graph_id=graph["id"], headers=json_copy).status == 200
    # A write compares with the resource, which the drawing's tag names as well as the
    # JSON's: a client may write back with the tag of the representation it read.
    drawn = {"If-Match": reply.headers["etag"]}
    patched = call(graphs, "patch-graph", graph_id=graph["id"], headers=drawn)
    assert patched.status == 200, patched.text
    stale = call(graphs, "patch-graph", graph_id=graph["id"], headers=drawn)
    assert stale.status == 412 and stale.json()["code"] == "ETAG_MISMATCH"
    again = {"If-Match": patched.headers["etag"]}
    assert call(graphs, "patch-graph", graph_id=graph["id"], headers=again).status == 200


def test_get_draws_the_graph_as_svg_for_other_tools(graphs):
    graph = create(graphs)
    drawn = call(graphs, "get-graph", graph_id=graph["id"], headers={"Accept": "image/svg+xml"})
    assert drawn.status == 200
    assert drawn.headers["content-type"] == "image/svg+xml"
    assert drawn.text.startswith("<svg ") and 'data-name="res"' in drawn.text
    assert 'data-from="multiply" data-to="res"' in drawn.text
    elsewhere = call(
        graphs, "get-graph", graph_id=graph["id"], tenant=OTHER, headers={"Accept": "image/svg+xml"}
    )
    assert elsewhere.status == 404  # another tenant's graph is not drawn either
    revision = call(
        graphs, "get-graph-revision", graph_id=graph["id"], headers={"Accept": "image/svg+xml"}
    )
    assert revision.status == 200 and revision.text.startswith("<svg ")
    assert 'data-from="multiply" data-to="res"' in revision.text
    collapsed = call(
        graphs,
        "get-graph",
        graph_id=graph["id"],
        headers={"Accept": "image/svg+xml"},
        query={"expand": ""},
    )
    assert collapsed.status == 200 and 'data-expanded=""' in collapsed.text


def test_put_needs_the_current_etag_and_keeps_old_revisions(graphs):
    graph = create(graphs)
    missing = call(graphs, "put-graph", graph_id=graph["id"], drop_headers=("If-Match",))
    assert missing.status == 428
    stale = call(graphs, "put-graph", graph_id=graph["id"], headers={"If-Match": '"stale"'})
    assert stale.status == 412 and stale.json()["code"] == "ETAG_MISMATCH"

    body = json.loads(load_event("put-graph")["body"])
    body["graph"]["nodes"][0]["attrs"]["value"]["data"] = [30.0]
    replaced = call(
        graphs, "put-graph", graph_id=graph["id"], body=body, headers={"If-Match": graph["etag"]}
    )
    assert replaced.status == 200
    assert replaced.json()["revision"] == 2
    assert replaced.json()["etag"] != graph["etag"]
    old = call(graphs, "get-graph-revision", graph_id=graph["id"])
    assert old.status == 200 and old.json()["revision"] == 1
    assert old.json()["graph"]["nodes"][0]["attrs"]["value"]["data"] == [15.0]
    assert old.json()["current_revision"] == 2
    revisions = call(graphs, "get-graph-revisions", graph_id=graph["id"]).json()["items"]
    assert [r["revision"] for r in revisions] == [1, 2]


def _replace(graphs, graph, value):
    body = json.loads(load_event("put-graph")["body"])
    body["graph"]["nodes"][0]["attrs"]["value"]["data"] = [value]
    reply = call(
        graphs, "put-graph", graph_id=graph["id"], body=body, headers={"If-Match": graph["etag"]}
    )
    assert reply.status == 200, reply.text
    return reply.json()


def test_revisions_page_oldest_first_with_cursors_bound_to_the_graph(graphs):
    # GIVEN a graph of 5 revisions and another graph
    graph = create(graphs)
    for value in range(4):
        graph = _replace(graphs, graph, float(value))
    other = create(graphs)
    # WHEN its revisions are read two at a time, a revision landing between pages
    seen, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        reply = call(graphs, "get-graph-revisions", graph_id=graph["id"], query=query)
        assert reply.status == 200, reply.text
        page = reply.json()
        assert len(page["items"]) <= 2
        seen += [r["revision"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            assert "link" not in reply.headers
            break
        assert reply.headers["link"].endswith('>; rel="next"')
        if len(seen) == 2:
            graph = _replace(graphs, graph, 9.0)
    # THEN every revision comes once, oldest first, the late one last
    assert seen == [1, 2, 3, 4, 5, 6]
    # AND a cursor reads no other graph's revisions; a page is at most 100
    first = call(graphs, "get-graph-revisions", graph_id=graph["id"], query={"limit": "1"})
    moved = call(
        graphs,
        "get-graph-revisions",
        graph_id=other["id"],
        query={"cursor": first.json()["next_cursor"]},
    )
    assert moved.status == 400 and moved.json()["code"] == "INVALID_CURSOR"
    bad = call(graphs, "get-graph-revisions", graph_id=graph["id"], query={"limit": "101"})
    assert bad.status == 400 and bad.json()["code"] == "VALIDATION_FAILED"


@pytest.mark.parametrize("route", ["put-graph", "patch-graph", "delete-graph"])
@pytest.mark.parametrize("if_none_match", ["*", "{etag}", '"other", W/{etag}'])
def test_if_none_match_on_a_write_refuses_to_touch_the_current_graph(graphs, route, if_none_match):
    # RFC 9110 §13.1.2: "*" (or the current tag) means "only if it does not exist yet".
    graph = create(graphs)
    headers = {"If-None-Match": if_none_match.format(etag=graph["etag"])}
    if route == "put-graph":
        headers["If-Match"] = graph["etag"]
    reply = call(graphs, route, graph_id=graph["id"], headers=headers)
    assert reply.status == 412, reply.text
    assert reply.json()["code"] == "ETAG_MISMATCH"
    current = call(graphs, "get-graph", graph_id=graph["id"])
    assert current.status == 200 and current.headers["etag"] == graph["etag"]


@pytest.mark.parametrize("route", ["put-graph", "patch-graph", "delete-graph"])
def test_a_precondition_sent_in_several_lines_is_one_list(graphs, route):
    # RFC 9110 §5.3: `If-None-Match: <current>` and `If-None-Match: "x"` are the list of
    # both. Only the last line was read, so these writes were applied.
    graph = create(graphs)
    headers = {"If-Match": graph["etag"]} if route == "put-graph" else {}
    lines = {"If-None-Match": [graph["etag"], '"some-other-tag"']}
    reply = call(graphs, route, graph_id=graph["id"], headers=headers, lines=lines)
    assert reply.status == 412 and reply.json()["code"] == "ETAG_MISMATCH", reply.text
    current = call(graphs, "get-graph", graph_id=graph["id"], lines=lines)
    assert current.status == 304 and current.headers["etag"] == graph["etag"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"If-None-Match": "*"}, 304),
        ({"If-None-Match": '"x", *'}, 304),
        ({"If-None-Match": '"x"'}, 200),
        ({"If-Match": '"x"'}, 412),
        ({"If-Match": "*"}, 200),
        ({"If-Match": '"x"', "If-None-Match": "*"}, 412),  # §13.2.2: If-Match first
    ],
)
@pytest.mark.parametrize("event", ["get-graphs", "get-graph-revisions", "get-graph-revision"])
def test_a_read_of_a_representation_without_an_etag_meets_its_preconditions(
    graphs, event, headers, status
):
    # Review 28: docs/api.md says a representation without an ETag is read as a session's
    # JSON is (412 for listed tags, 304 for `If-None-Match: *`); every GET but the
    # session's ignored both (200): a listing, a revision, a dataset, a run, a batch.
    graph_id = None if event == "get-graphs" else create(graphs)["id"]
    reply = call(graphs, event, graph_id=graph_id, headers=headers)
    assert reply.status == status, reply.text
    if status == 412:
        assert reply.json()["code"] == "PRECONDITION_FAILED"
    if status == 304:
        assert reply.content == b"" and "etag" not in reply.headers
    if graph_id:  # RFC 9110 §13.2.1: preconditions of a missing target
        assert call(graphs, event, graph_id="g_" + "0" * 20, headers=headers).status == 404


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"If-Match": '"x"'}, 412),
        ({"If-Match": '"x", "y"'}, 412),
        ({"If-None-Match": "*"}, 412),
        ({"If-None-Match": '"x", *'}, 412),
        ({"If-Match": "*"}, 201),
        ({"If-Match": '"x", *'}, 201),
        ({"If-None-Match": '"x"'}, 201),
    ],
)
def test_a_create_meets_its_preconditions_against_a_collection_without_an_etag(
    graphs, headers, status
):
    # RFC 9110 §13.1: /v1/graphs has no ETag, so If-Match listing tags cannot hold, and
    # `If-None-Match: *` fails as the collection exists. Both were ignored: a conditional
    # create made unconditionally.
    before = len(call(graphs, "get-graphs", query={"limit": "100"}).json()["items"])
    reply = call(graphs, "post-graphs", headers=headers)
    assert reply.status == status, reply.text
    after = len(call(graphs, "get-graphs", query={"limit": "100"}).json()["items"])
    if status == 412:
        assert reply.json()["code"] == "PRECONDITION_FAILED"
        assert reply.json()["category"] == "FAILED_PRECONDITION"
        assert after == before
    else:
        assert after == before + 1


@pytest.mark.parametrize("route", ["put-graph", "patch-graph", "delete-graph"])
def test_if_none_match_naming_another_tag_lets_a_write_through(graphs, route):
    graph = create(graphs)
    headers = {"If-None-Match": '"some-other-tag"'}
    if route == "put-graph":
        headers["If-Match"] = graph["etag"]
    reply = call(graphs, route, graph_id=graph["id"], headers=headers)
    assert reply.status in (200, 204), reply.text


def test_a_put_with_only_if_none_match_star_is_412_not_428(graphs):
    graph = create(graphs)
    reply = call(
        graphs,
        "put-graph",
        graph_id=graph["id"],
        headers={"If-None-Match": "*"},
        drop_headers=("If-Match",),
    )
    assert reply.status == 412, reply.text


def test_a_read_with_if_match_that_fails_is_412(graphs):
    # RFC 9110 §13.1.1: If-Match binds every method, a GET included.
    graph = create(graphs)
    stale = call(graphs, "get-graph", graph_id=graph["id"], headers={"If-Match": '"stale"'})
    assert stale.status == 412 and stale.json()["code"] == "ETAG_MISMATCH"
    fresh = call(graphs, "get-graph", graph_id=graph["id"], headers={"If-Match": graph["etag"]})
    assert fresh.status == 200


def test_a_credential_pasted_into_a_path_is_not_echoed_back(graphs):
    # Error bodies end up in clients' logs: the id is quoted in detail and instance.
    key = "gg_" + "0123456789abcdef" * 3
    reply = call(graphs, "get-graph", graph_id=key)
    assert reply.status == 404 and reply.json()["code"] == "GRAPH_NOT_FOUND"
    assert key[:20] not in reply.text


def test_patch_changes_metadata_and_etag_but_not_the_revision(graphs):
    graph = create(graphs)
    wrong_type = call(
        graphs, "patch-graph", graph_id=graph["id"], headers={"Content-Type": "application/json"}
    )
    assert wrong_type.status == 415
    # RFC 5789 §2.2: the refusal says which patch formats the resource takes.
    assert wrong_type.headers["accept-patch"] == "application/merge-patch+json"
    patched = call(
        graphs, "patch-graph", graph_id=graph["id"], body={"tags": ["b", "a"], "description": None}
    )
    assert patched.status == 200, patched.text
    body = patched.json()
    assert body["tags"] == ["a", "b"] and body["description"] is None
    assert body["revision"] == 1 and body["etag"] != graph["etag"]
    stale = call(graphs, "patch-graph", graph_id=graph["id"], headers={"If-Match": graph["etag"]})
    assert stale.status == 412


def test_delete_is_204_then_404_and_refuses_graphs_with_live_sessions(graphs, aws):
    graph = create(graphs)
    aws["clients"]["dynamodb"].put_item(
        TableName=aws["ids"]["Table"],
        Item={
            **keys.item_key(keys.graph_pk(TENANT, graph["id"]), keys.graph_session_sk("s_1")),
            "session_id": {"S": "s_1"},
        },
    )
    in_use = call(graphs, "delete-graph", graph_id=graph["id"])
    assert in_use.status == 409
    assert in_use.json()["sessions"] == ["s_1"]
    forced = call(graphs, "delete-graph", graph_id=graph["id"], query={"force": "true"})
    assert forced.status == 204
    assert call(graphs, "delete-graph", graph_id=graph["id"]).status == 404
    assert call(graphs, "get-graph", graph_id=graph["id"]).status == 404
    leftovers = aws["clients"]["dynamodb"].query(
        TableName=aws["ids"]["Table"],
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.graph_pk(TENANT, graph["id"])}},
    )
    assert leftovers["Items"] == []


def test_another_tenants_graph_is_404_for_every_method(graphs):
    graph = create(graphs)
    other = OTHER
    for name, headers in (
        ("get-graph", {}),
        ("put-graph", {"If-Match": graph["etag"]}),
        ("patch-graph", {}),
        ("delete-graph", {}),
        ("get-graph-revisions", {}),
        ("get-graph-revision", {}),
    ):
        reply = call(graphs, name, graph_id=graph["id"], tenant=other, headers=headers)
        assert reply.status == 404, (name, reply.text)
        assert reply.json()["code"] == "GRAPH_NOT_FOUND"
    assert call(graphs, "get-graph", graph_id=graph["id"]).status == 200  # untouched


@pytest.mark.parametrize(
    ("called", "prefix"),
    [
        ("/staging/v1/graphs", "/staging"),  # the stage's URL (ApiUrl): the stage comes first
        ("/v1/graphs", ""),  # a custom domain mapped at its root: the path as is
    ],
)
def test_location_and_link_name_the_path_as_the_client_called_it(graphs, called, prefix):
    """A client resolves Location and Link against the URL it called (RFC 3986 §5): on the
    stage's URL, `/v1/graphs/g_1` dropped the stage and named a URL API Gateway refuses."""
    event = copy.deepcopy(load_event("post-graphs"))
    event["requestContext"]["path"] = called
    created = ProxyReply(graphs.lambda_handler(event, None))
    assert created.status == 201, created.text
    assert created.headers["location"] == f"{prefix}/v1/graphs/{created.json()['id']}"
    create(graphs, name="second")
    event = copy.deepcopy(load_event("get-graphs"))
    event["requestContext"]["path"] = called
    event["queryStringParameters"] = {"limit": "1"}
    event["multiValueQueryStringParameters"] = {"limit": ["1"]}
    listed = ProxyReply(graphs.lambda_handler(event, None))
    assert listed.headers["link"].startswith(f"<{prefix}/v1/graphs?limit=1&cursor=")
    # An idempotent replay is answered for the URL the retry called, not the first's.
    event = copy.deepcopy(load_event("post-graphs"))
    event["headers"]["Idempotency-Key"] = f"as-called-{prefix or 'root'}"
    first = ProxyReply(graphs.lambda_handler(copy.deepcopy(event), None))
    event["requestContext"]["path"] = "/other" + event["path"]
    replayed = ProxyReply(graphs.lambda_handler(event, None))
    assert replayed.headers["idempotent-replayed"] == "true"
    assert first.headers["location"] == f"/staging/v1/graphs/{first.json()['id']}"
    assert replayed.headers["location"] == f"/other/v1/graphs/{first.json()['id']}"
    # A problem's instance is a reference to the request's target as well (RFC 9457).
    event = copy.deepcopy(load_event("get-graph"))
    event["requestContext"]["path"] = prefix + event["path"]
    missing = ProxyReply(graphs.lambda_handler(event, None))
    assert missing.json()["instance"] == f"{prefix}/v1/graphs/g_00000000000000000000"


def test_a_preflight_names_the_methods_of_its_path_not_of_the_function(graphs):
    event = copy.deepcopy(load_event("options-health-preflight"))
    event["resource"] = "/v1/graphs/{graphId}"
    event["path"] = "/v1/graphs/g_00000000000000000000"
    event["requestContext"]["path"] = "/staging" + event["path"]
    event["pathParameters"] = {"graphId": "g_00000000000000000000"}
    reply = ProxyReply(graphs.lambda_handler(event, None))
    assert reply.status == 204, reply.text
    # The graphs function also serves POST /v1/graphs, which this path answers 405.
    assert reply.headers["access-control-allow-methods"] == "GET, PUT, PATCH, DELETE, OPTIONS"
    assert reply.headers["allow"] == "GET, PUT, PATCH, DELETE, OPTIONS"
    assert reply.headers["accept-patch"] == "application/merge-patch+json"  # RFC 5789 §3.1


def test_a_method_in_another_case_is_not_that_method(graphs):
    """RFC 9110 §9.1: methods are case-sensitive; powertools upper-cased it, and deleted."""
    graph = create(graphs)
    event = copy.deepcopy(load_event("delete-graph"))
    event["httpMethod"] = event["requestContext"]["httpMethod"] = "delete"
    event["path"] = event["path"].replace("g_00000000000000000000", graph["id"])
    event["pathParameters"]["graphId"] = graph["id"]
    reply = ProxyReply(graphs.lambda_handler(event, None))
    assert reply.status == 405, reply.text
    assert reply.headers["allow"] == "GET, PUT, PATCH, DELETE, OPTIONS"
    assert call(graphs, "get-graph", graph_id=graph["id"]).status == 200


def test_listing_pages_newest_first_and_cursors_are_bound_to_tenant_and_query(graphs):
    made = [
        create(graphs, name=f"g{i}", tags=["even" if i % 2 == 0 else "odd"])["id"] for i in range(5)
    ]
    seen, cursor = [], None
    while True:
        reply = call(
            graphs, "get-graphs", query={"limit": "2", **({"cursor": cursor} if cursor else {})}
        )
        assert reply.status == 200
        page = reply.json()
        seen += [g["id"] for g in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
        assert reply.headers["link"].endswith('>; rel="next"')
        if len(seen) == 2:
            create(graphs, name="late")  # inserted between pages: must not appear or shift
    assert seen == list(reversed(made))

    first = call(graphs, "get-graphs", query={"limit": "1"}).json()["next_cursor"]
    forged = first[:-2] + ("AA" if not first.endswith("AA") else "BB")
    assert call(graphs, "get-graphs", query={"cursor": forged}).json()["code"] == "INVALID_CURSOR"
    assert (
        call(graphs, "get-graphs", query={"cursor": first}, tenant="t_fedcba9876543210").status
        == 400
    )
    assert call(graphs, "get-graphs", query={"cursor": first, "tag": "odd"}).status == 400
    # `?cursor=` is no cursor issued: not the first page again, for a client that lost one
    assert call(graphs, "get-graphs", query={"cursor": ""}).json()["code"] == "INVALID_CURSOR"
    assert call(graphs, "get-graphs", query={"limit": "0"}).status == 400
    assert call(graphs, "get-graphs", query={"limit": "abc"}).status == 400
    # Digits str.isdigit() takes and int() does not ('³', found by the soak's fuzzing:
    # a 500), or reads ('٣'): only ASCII digits are a number here.
    for digits in ("³", "1²", "٣", "-³"):
        reply = call(graphs, "get-graphs", query={"limit": digits})
        assert (reply.status, reply.json()["code"]) == (400, "VALIDATION_FAILED"), digits


def test_listing_filters_by_name_prefix_tag_and_content_hash(graphs):
    a = create(graphs, name="alpha", tags=["x"])
    create(graphs, name="beta", tags=["y"])
    body = json.loads(load_event("post-graphs")["body"])
    body["graph"]["nodes"][0]["attrs"]["value"]["data"] = [16.0]
    other = call(graphs, "post-graphs", body={**body, "name": "gamma"}).json()

    def names(**query):
        return [g["name"] for g in call(graphs, "get-graphs", query=query).json()["items"]]

    assert names(name_prefix="al") == ["alpha"]
    assert names(tag="y") == ["beta"]
    assert names(content_hash=other["content_hash"]) == ["gamma"]
    assert set(names(content_hash=a["content_hash"])) == {"alpha", "beta"}


def test_a_graph_of_several_megabytes_is_kept_in_s3_and_read_back(graphs, aws):
    values = np.random.default_rng(7).standard_normal(400_000)  # 3.2 MB of float64
    weights = {
        "datatype": "FP64",
        "shape": [400_000],
        "b64": base64.b64encode(values.astype("<f8").tobytes()).decode(),
    }
    body = json.loads(load_event("post-graphs")["body"])
    body["graph"]["nodes"].append({"name": "weights", "op": "Const", "attrs": {"value": weights}})
    reply = call(graphs, "post-graphs", body=body)
    assert reply.status == 201, reply.text[:300]
    graph_id = reply.json()["id"]
    objects = aws["clients"]["s3"].list_objects_v2(Bucket=aws["ids"]["TensorBucket"])["Contents"]
    assert [o["Key"].startswith(keys.graph_prefix(TENANT, graph_id)) for o in objects] == [True]
    fetched = call(graphs, "get-graph", graph_id=graph_id).json()["graph"]
    assert fetched["nodes"][-1]["attrs"]["value"] == weights


def test_an_idempotent_create_retried_returns_the_original(graphs):
    key = {"Idempotency-Key": "create-once-1"}
    first = call(graphs, "post-graphs", headers=key)
    again = call(graphs, "post-graphs", headers=key)
    assert first.status == again.status == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert len(call(graphs, "get-graphs").json()["items"]) == 1
    changed = call(
        graphs,
        "post-graphs",
        headers=key,
        body={"name": "other", "graph": {"format": "graphgate.graph/v1", "nodes": []}},
    )
    assert changed.status == 422 and changed.json()["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_retried_put_and_delete_replay_instead_of_412_and_404(graphs):
    graph = create(graphs)
    headers = {"If-Match": graph["etag"], "Idempotency-Key": "put-1"}
    first = call(graphs, "put-graph", graph_id=graph["id"], headers=headers)
    again = call(graphs, "put-graph", graph_id=graph["id"], headers=headers)
    assert first.status == again.status == 200
    assert again.json()["revision"] == 2
    deleted = call(graphs, "delete-graph", graph_id=graph["id"], headers={"Idempotency-Key": "d1"})
    retried = call(graphs, "delete-graph", graph_id=graph["id"], headers={"Idempotency-Key": "d1"})
    assert deleted.status == retried.status == 204


def test_other_methods_are_405_with_allow(graphs):
    graph = create(graphs)
    event = copy.deepcopy(load_event("get-graph"))
    event["httpMethod"] = "POST"
    event["path"] = f"/v1/graphs/{graph['id']}"
    event["pathParameters"] = {"graphId": graph["id"]}
    reply = ProxyReply(graphs.lambda_handler(event, None))
    assert reply.status == 405
    assert reply.headers["allow"] == "GET, PUT, PATCH, DELETE, OPTIONS"


def test_a_method_a_path_does_not_take_is_405_whatever_its_idempotency_key(graphs):
    # Round 14: a 405 was kept under its Idempotency-Key, so the retry with the right method
    # was 422 IDEMPOTENCY_KEY_REUSED; and a key another method's request had used made a
    # 405 a 422.
    graph = create(graphs)

    def other_method(method, name, path, key):
        event = copy.deepcopy(load_event(name))
        event["httpMethod"], event["path"] = method, path
        event["headers"]["Idempotency-Key"] = key
        return ProxyReply(graphs.lambda_handler(event, None))

    refused = other_method("PUT", "get-graphs", "/v1/graphs", "k-405-first")
    assert (refused.status, refused.json()["code"]) == (405, "METHOD_NOT_ALLOWED")
    assert refused.headers["allow"] == "GET, POST, OPTIONS"
    created = call(graphs, "post-graphs", headers={"Idempotency-Key": "k-405-first"})
    assert created.status == 201, created.text[:300]
    assert "idempotent-replayed" not in created.headers
    refused = other_method("PUT", "get-graphs", "/v1/graphs", "k-405-first")
    assert (refused.status, refused.json()["code"]) == (405, "METHOD_NOT_ALLOWED")
    path = f"/v1/graphs/{graph['id']}"
    refused = other_method("POST", "get-graph", path, "k-405-first")
    assert refused.status == 405 and refused.headers["allow"] == "GET, PUT, PATCH, DELETE, OPTIONS"


def test_the_plan_caps_the_number_of_graphs_with_a_422_naming_the_cap(graphs, aws):
    from graphgate_service import plans

    cap = plans.get("free").graphs
    body = json.loads(load_event("post-graphs")["body"])
    for _ in range(cap):
        assert call(graphs, "post-graphs", body=body, tenant=FREE).status == 201
    over = call(graphs, "post-graphs", body=body, tenant=FREE)
    assert over.status == 422
    problem = over.json()
    assert problem["code"] == "PLAN_LIMIT_EXCEEDED"
    assert (problem["cap"], problem["limit"]) == ("graphs", cap)

    first = call(graphs, "get-graphs", tenant=FREE, query={"limit": "1"}).json()["items"][0]
    assert call(graphs, "delete-graph", graph_id=first["id"], tenant=FREE).status == 204
    assert call(graphs, "post-graphs", body=body, tenant=FREE).status == 201  # room again


def test_a_write_with_no_room_left_is_refused_before_its_document_is_checked(
    graphs, aws, monkeypatch
):
    # GIVEN a free tenant holding as many graphs as its plan allows (a 40,000-node document
    # was read, checked and answered, 13 s of the graphs function, before the cap's 422)
    from graphgate_service import graphs as domain
    from graphgate_service import plans

    body = json.loads(load_event("post-graphs")["body"])
    for _ in range(plans.get("free").graphs):
        assert call(graphs, "post-graphs", body=body, tenant=FREE).status == 201
    graph_id = call(graphs, "get-graphs", tenant=FREE).json()["items"][0]["id"]
    etag = call(graphs, "get-graph", graph_id=graph_id, tenant=FREE).headers["etag"]
    checked = []
    real = domain._validated
    monkeypatch.setattr(domain, "_validated", lambda doc: checked.append(1) or real(doc))

    # WHEN another is created THEN it is the graphs cap's 422, its document never checked
    over = call(graphs, "post-graphs", body=body, tenant=FREE)
    assert over.status == 422, over.text
    assert (over.json()["cap"], over.json()["used"]) == ("graphs", plans.get("free").graphs)
    assert checked == []
    # nor an ONNX model converted; a body of no type the route takes is still its 415
    from graphgate_service import onnx_graphs

    monkeypatch.setattr(onnx_graphs, "convert", lambda *a, **k: checked.append(1))
    event = copy.deepcopy(load_event("post-graphs-onnx"))
    event["requestContext"]["authorizer"]["tenant_id"] = FREE
    onnx = ProxyReply(graphs.lambda_handler(event, None))
    assert onnx.status == 422 and onnx.json()["cap"] == "graphs", onnx.text
    assert checked == []
    text = call(
        graphs, "post-graphs", body="x", tenant=FREE, headers={"Content-Type": "text/plain"}
    )
    assert text.status == 415, text.text
    # AND with the stored bytes used up, a new revision is refused as early
    monkeypatch.setitem(plans.PLANS, "free", dataclasses.replace(plans.get("free"), stored_bytes=1))
    put = call(
        graphs, "put-graph", graph_id=graph_id, body=body, tenant=FREE, headers={"If-Match": etag}
    )
    assert put.status == 422 and put.json()["cap"] == "stored_bytes", put.text
    assert checked == []


def test_stored_bytes_are_accounted_and_released(graphs, aws):
    def stored():
        item = aws["clients"]["dynamodb"].get_item(
            TableName=aws["ids"]["Table"],
            Key=keys.profile(TENANT),
        )["Item"]
        return int(item["graph_count"]["N"]), int(item["stored_bytes"]["N"])

    graph = create(graphs)
    count, size = stored()
    assert count == 1 and size > 0
    call(graphs, "put-graph", graph_id=graph["id"], headers={"If-Match": graph["etag"]})
    assert stored()[1] > size  # a revision is stored too
    call(graphs, "delete-graph", graph_id=graph["id"])
    assert stored() == (0, 0)


def test_idempotency_keys_are_per_tenant(graphs):
    key = {"Idempotency-Key": "shared-key"}
    mine = call(graphs, "post-graphs", headers=key)
    theirs = call(graphs, "post-graphs", headers=key, tenant=OTHER)
    assert mine.status == theirs.status == 201
    assert theirs.json()["id"] != mine.json()["id"]  # B never receives A's stored response
    assert "idempotent-replayed" not in theirs.headers


def test_the_idempotency_header_name_is_case_insensitive(graphs):
    first = call(graphs, "post-graphs", headers={"idempotency-key": "lower-1"})
    again = call(graphs, "post-graphs", headers={"IDEMPOTENCY-KEY": "lower-1"})
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"


def test_requests_without_a_key_are_never_collapsed_into_one(graphs):
    ids = {call(graphs, "post-graphs").json()["id"] for _ in range(3)}
    assert len(ids) == 3


def test_a_constant_with_a_boolean_among_numbers_is_refused_and_not_stored(graphs):
    body = json.loads(load_event("post-graphs")["body"])
    body["graph"]["nodes"][0]["attrs"]["value"] = {
        "datatype": "FP64",
        "shape": [2],
        "data": [True, 1.0],
    }
    reply = call(graphs, "post-graphs", body=body)
    assert reply.status == 400, reply.text
    problem = reply.json()
    assert problem["errors"][0]["node"] == "a" and problem["errors"][0]["code"] == "INVALID_TENSOR"
    assert call(graphs, "get-graphs").json()["items"] == []


def _download(aws, url):
    """The object behind a presigned URL of the bucket (moto serves no HTTP here)."""
    from urllib.parse import unquote, urlsplit

    key = unquote(urlsplit(url).path.split("/", 2)[-1])
    if not key.startswith(keys.TENANTS_PREFIX):  # virtual-hosted style: the path is the key
        key = unquote(urlsplit(url).path.lstrip("/"))
    body = aws["clients"]["s3"].get_object(Bucket=aws["ids"]["TensorBucket"], Key=key)["Body"]
    return json.loads(body.read())


def test_a_graph_too_large_to_echo_is_answered_with_downloads_on_every_route(
    graphs, aws, monkeypatch
):
    # GIVEN a response budget the tutorial graph's representation does not fit
    from graphgate_service import uploads

    monkeypatch.setattr(uploads, "INLINE_RESPONSE_BYTES", 600)
    sent = json.loads(load_event("post-graphs")["body"])
    # WHEN it is created, read, replaced and its revision read
    created = call(graphs, "post-graphs", body=sent)
    graph_id = created.json()["id"] if created.status == 201 else None
    read = call(graphs, "get-graph", graph_id=graph_id)
    replaced = call(
        graphs, "put-graph", graph_id=graph_id, body=sent, headers={"If-Match": read.json()["etag"]}
    )
    revision = call(graphs, "get-graph-revision", graph_id=graph_id)
    # THEN each is a success whose graph and signature are downloads of the same values
    for reply, status in ((created, 201), (read, 200), (replaced, 200), (revision, 200)):
        assert reply.status == status, reply.text
        shown = reply.json()
        assert "graph" not in shown and "signature" not in shown, shown
        assert shown["graph_expires_in"] == shown["signature_expires_in"] == 900
        assert _download(aws, shown["graph_url"]) == sent["graph"]
        signature = _download(aws, shown["signature_url"])
        assert [n["name"] for n in signature["nodes"]] == ["a", "b", "multiply", "add", "res"]
    # AND the downloads are freed with the graph
    assert call(graphs, "delete-graph", graph_id=graph_id, drop_headers=("If-Match",)).status == 204
    listed = aws["clients"]["s3"].list_objects_v2(Bucket=aws["ids"]["TensorBucket"])
    assert listed.get("KeyCount", 0) == 0


def test_a_create_refused_by_the_plan_leaves_no_download_behind(graphs, aws, monkeypatch):
    # GIVEN a graph too large to echo, from a tenant whose plan has no room left
    from graphgate_service import plans, uploads

    for _ in range(plans.get("free").graphs):
        assert call(graphs, "post-graphs", tenant=FREE).status == 201
    kept = aws["clients"]["s3"].list_objects_v2(Bucket=aws["ids"]["TensorBucket"])
    monkeypatch.setattr(uploads, "INLINE_RESPONSE_BYTES", 600)
    # WHEN it is created THEN it is refused, and nothing it wrote stays in the bucket
    reply = call(graphs, "post-graphs", tenant=FREE)
    assert reply.status == 422 and reply.json()["code"] == "PLAN_LIMIT_EXCEEDED"
    listed = aws["clients"]["s3"].list_objects_v2(Bucket=aws["ids"]["TensorBucket"])
    assert listed.get("KeyCount", 0) == kept.get("KeyCount", 0) == 0


def test_a_graph_that_fits_is_answered_inline(graphs):
    graph = call(graphs, "post-graphs").json()
    assert "graph" in graph and "graph_url" not in graph


@pytest.mark.parametrize("weights", [150_000, 400_000], ids=["compressible", "incompressible"])
def test_an_idempotent_create_with_a_large_answer_is_replayed_not_done_twice(graphs, weights):
    # GIVEN a create whose answer is larger than a DynamoDB item (400 KB)
    body = json.loads(load_event("post-graphs")["body"])
    if weights == 150_000:  # one value repeated: a 600 KB answer that compresses well
        values = np.full(weights, 0.5)
        data = {"data": values.tolist()}
    else:  # random bytes: a 4 MB answer that does not
        values = np.random.default_rng(3).standard_normal(weights)
        data = {"b64": base64.b64encode(values.astype("<f8").tobytes()).decode()}
    weights_node = {"datatype": "FP64", "shape": [weights], **data}
    body["graph"]["nodes"].append({"name": "w", "op": "Const", "attrs": {"value": weights_node}})
    key = {"Idempotency-Key": f"large-{weights}"}
    # WHEN it is sent twice with one key
    first = call(graphs, "post-graphs", body=body, headers=key)
    again = call(graphs, "post-graphs", body=body, headers=key)
    # THEN the retry replays the first answer, and there is one graph
    assert first.status == again.status == 201, again.text[:300]
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert len(call(graphs, "get-graphs").json()["items"]) == 1


UNFIT_NAMES = [
    "x\u0000y",  # NUL
    "line\n",  # a final newline: Python's `$` matches before it
    "tab\there",
    "\u0085next",  # C1
    " padded",
    "padded ",
    "\u00a0nbsp",  # Unicode white space at an end
    "\u202egnp.exe",  # a bidi override: the listing shows "exe.png"
    "a\u2066b",
    "a\u2028b",
    "\ufeffbom",
]


@pytest.mark.parametrize("name", UNFIT_NAMES)
def test_a_graph_name_with_control_characters_or_end_spaces_is_refused_everywhere(graphs, name):
    graph = create(graphs)
    body = json.loads(load_event("post-graphs")["body"])
    replies = [
        call(graphs, "post-graphs", body={**body, "name": name}),
        call(
            graphs,
            "put-graph",
            graph_id=graph["id"],
            body={**body, "name": name},
            headers={"If-Match": graph["etag"]},
        ),
        call(graphs, "patch-graph", graph_id=graph["id"], body={"name": name}),
    ]
    for reply in replies:
        assert reply.status == 400, reply.text
        assert reply.json()["code"] == "VALIDATION_FAILED"
        assert reply.json()["errors"][0] == {**reply.json()["errors"][0], "pointer": "/name"}
        assert reply.json()["errors"][0]["code"] == "PATTERN"
    assert call(graphs, "get-graph", graph_id=graph["id"]).json()["name"] == graph["name"]


@pytest.mark.parametrize("name", ["a", "日本語 の グラフ", "👨\u200d👩\u200d👧", "résumé v2.1"])
def test_a_graph_name_of_printable_unicode_is_taken(graphs, name):
    assert create(graphs, name=name)["name"] == name


def test_a_tag_ending_in_a_newline_is_refused(graphs):
    body = json.loads(load_event("post-graphs")["body"])
    reply = call(graphs, "post-graphs", body={**body, "tags": ["prod\n"]})
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["pointer"] == "/tags/0"


def test_a_name_stored_before_the_rule_still_reads_lists_patches_and_deletes(graphs):
    from graphgate_service import graphs as domain

    body = json.loads(load_event("post-graphs")["body"])
    old = domain.create(TENANT, {**body, "name": " old\u0000name\n"})  # as stored before
    assert call(graphs, "get-graph", graph_id=old["id"]).json()["name"] == " old\u0000name\n"
    listed = call(graphs, "get-graphs", query={"name_prefix": " old"}).json()["items"]
    assert [g["id"] for g in listed] == [old["id"]]
    patched = call(graphs, "patch-graph", graph_id=old["id"], body={"tags": ["kept"]})
    assert patched.status == 200, patched.text
    assert patched.json()["name"] == " old\u0000name\n"
    renamed = call(graphs, "patch-graph", graph_id=old["id"], body={"name": "old name"})
    assert renamed.json()["name"] == "old name"
    assert call(graphs, "delete-graph", graph_id=old["id"]).status == 204


def _a_write_lands_first(monkeypatch, write):
    """Make `write()` land between a patch's read and its write, once."""
    from graphgate_service import graphs as domain

    store = domain.store()
    update_meta = store.update_meta
    pending = [write]

    def raced(*args, **kwargs):
        while pending:
            pending.pop()()
        return update_meta(*args, **kwargs)

    monkeypatch.setattr(store, "update_meta", raced)


def test_a_patch_without_if_match_applies_to_the_graph_as_a_concurrent_write_left_it(
    graphs, monkeypatch
):
    from graphgate_service import graphs as domain

    # GIVEN a graph, and another client's patch landing while ours is under way
    graph = create(graphs, tags=["a"])
    _a_write_lands_first(
        monkeypatch, lambda: domain.patch(TENANT, graph["id"], None, {"tags": ["b"]})
    )
    # WHEN ours, without If-Match, changes another field
    reply = call(graphs, "patch-graph", graph_id=graph["id"], body={"description": "ours"})
    # THEN it applies over the other's write, and both are kept (it sent no precondition
    # to fail: a 412 told it to fetch and reapply what the service can reapply itself)
    assert reply.status == 200, reply.text
    stored = call(graphs, "get-graph", graph_id=graph["id"]).json()
    assert (stored["tags"], stored["description"]) == (["b"], "ours")


def test_a_patch_with_if_match_that_loses_to_a_concurrent_write_is_412(graphs, monkeypatch):
    from graphgate_service import graphs as domain

    graph = create(graphs, tags=["a"])
    _a_write_lands_first(
        monkeypatch, lambda: domain.patch(TENANT, graph["id"], None, {"tags": ["b"]})
    )
    reply = call(
        graphs,
        "patch-graph",
        graph_id=graph["id"],
        body={"description": "ours"},
        headers={"If-Match": graph["etag"]},
    )
    assert reply.status == 412 and reply.json()["code"] == "ETAG_MISMATCH", reply.text
    stored = call(graphs, "get-graph", graph_id=graph["id"]).json()
    assert (stored["tags"], stored["description"]) == (["b"], graph["description"])


def test_writes_with_if_match_star_that_lose_a_race_apply_to_the_graph_as_left(graphs, monkeypatch):
    # Round 13: of eight PUTs with `If-Match: *` at once, six were 412 ETAG_MISMATCH,
    # though `*` holds on any revision: a serial order answers every one 200.
    from graphgate_service import graphs as domain

    graph = create(graphs, tags=["a"])
    store = domain.store()
    replace, pending = store.replace, [lambda: domain.patch(TENANT, graph["id"], None, {})]

    def raced(*args, **kwargs):
        while pending:
            pending.pop()()
        return replace(*args, **kwargs)

    monkeypatch.setattr(store, "replace", raced)
    body = json.loads(load_event("put-graph")["body"])
    put = call(graphs, "put-graph", graph_id=graph["id"], body=body, headers={"If-Match": "*"})
    assert put.status == 200, put.text
    assert put.json()["revision"] == 2
    _a_write_lands_first(
        monkeypatch, lambda: domain.patch(TENANT, graph["id"], None, {"tags": ["b"]})
    )
    patched = call(
        graphs,
        "patch-graph",
        graph_id=graph["id"],
        body={"description": "ours"},
        headers={"If-Match": "*"},
    )
    assert patched.status == 200, patched.text
    stored = call(graphs, "get-graph", graph_id=graph["id"]).json()
    assert (stored["revision"], stored["tags"], stored["description"]) == (2, ["b"], "ours")
    assert stored["etag"] == patched.json()["etag"]


def test_a_large_graph_read_while_it_is_deleted_is_404_not_500(graphs, monkeypatch):
    from graphgate_service import graphs as domain
    from graphgate_service.graph_store import GraphStore

    # GIVEN a graph whose document lives in S3 (over 300 KB compressed)
    values = np.random.default_rng(8).standard_normal(60_000)
    weights = {"datatype": "FP64", "shape": [60_000], "data": values.tolist()}
    body = json.loads(load_event("post-graphs")["body"])
    body["graph"]["nodes"].append({"name": "weights", "op": "Const", "attrs": {"value": weights}})
    graph = call(graphs, "post-graphs", body=body).json()
    # AND its delete landing between a reader's read of the revision and of its body
    real = GraphStore.document

    def deleted_meanwhile(self, tenant, graph_id, revision):
        monkeypatch.setattr(GraphStore, "document", real)
        original = self.dynamodb.get_item
        item = original(
            TableName=self.table,
            Key=keys.item_key(keys.graph_pk(tenant, graph_id), keys.revision_sk(revision)),
        )

        def stale_read(**request):  # the reader's read, made before the delete
            monkeypatch.setattr(self.dynamodb, "get_item", original)
            return item

        domain.delete(tenant, graph_id, None, force=True)
        monkeypatch.setattr(self.dynamodb, "get_item", stale_read)
        return real(self, tenant, graph_id, revision)

    monkeypatch.setattr(domain, "_revisions", type(domain._revisions)(0))
    monkeypatch.setattr(GraphStore, "document", deleted_meanwhile)
    # WHEN it is read THEN it is gone, as it is
    reply = call(graphs, "get-graph", graph_id=graph["id"])
    assert (reply.status, reply.json()["code"]) == (404, "GRAPH_NOT_FOUND"), reply.text


def _with_query(module, name, graph_id, pairs):
    """`name` called with the query `pairs` as API Gateway hands a repeated parameter:
    its last value in `queryStringParameters`, all of them in the multi-value map."""
    event = copy.deepcopy(load_event(name))
    event["path"] = event["path"].replace("g_00000000000000000000", graph_id)
    event["pathParameters"]["graphId"] = graph_id
    event["queryStringParameters"] = dict(pairs)
    event["multiValueQueryStringParameters"] = {}
    for key, value in pairs:
        event["multiValueQueryStringParameters"].setdefault(key, []).append(value)
    event["requestContext"]["authorizer"]["tenant_id"] = TENANT
    return ProxyReply(module.lambda_handler(event, None))


def test_a_query_parameter_given_twice_with_different_values_is_refused(graphs, aws):
    # GIVEN a graph with a live session
    graph = create(graphs)
    aws["clients"]["dynamodb"].put_item(
        TableName=aws["ids"]["Table"],
        Item={
            **keys.item_key(keys.graph_pk(TENANT, graph["id"]), keys.graph_session_sk("s_1")),
            "session_id": {"S": "s_1"},
        },
    )
    # WHEN a delete says force both ways THEN it is refused, the graph and session kept
    both = [("force", "false"), ("force", "true")]
    reply = _with_query(graphs, "delete-graph", graph["id"], both)
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0] == {
        "pointer": "?force",
        "code": "CONFLICT",
        "message": "given more than once, with different values",
    }
    assert call(graphs, "get-graph", graph_id=graph["id"]).status == 200
    # AND a parameter repeated with one value is that value
    refused = _with_query(graphs, "delete-graph", graph["id"], [("force", "false")] * 2)
    assert refused.status == 409 and refused.json()["code"] == "GRAPH_IN_USE"


@pytest.mark.parametrize("name", ["tag", "content_hash"])
def test_an_empty_tag_or_hash_filter_is_refused_not_read_as_no_filter(graphs, name):
    # `?tag=` (a tag left blank) listed every graph, to a script about to act on one tag's.
    create(graphs)
    reply = call(graphs, "get-graphs", query={name: ""})
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["pointer"] == f"?{name}"
    assert call(graphs, "get-graphs", query={name: "nothing"}).json()["items"] == []
    assert len(call(graphs, "get-graphs", query={"name_prefix": ""}).json()["items"]) == 1


def test_a_delete_that_writes_keep_outrunning_is_503_write_conflict_not_graph_in_use(
    graphs, monkeypatch
):
    # Review 28: a `DELETE` with `If-Match: *` that eight `If-Match: *` PUTs outran three
    # times was 409 GRAPH_IN_USE "Sessions kept starting" with `sessions: []`: no session
    # was ever started; the graph kept changing, which is 503 WRITE_CONFLICT elsewhere.
    from graphgate_service import graphs as domain

    graph = create(graphs)
    store = domain.store()
    delete = store.delete

    def outrun(tenant, meta):
        domain.patch(TENANT, graph["id"], None, {"tags": [meta["etag"][:8]]})
        return delete(tenant, meta)

    monkeypatch.setattr(store, "delete", outrun)
    reply = call(graphs, "delete-graph", graph_id=graph["id"], headers={"If-Match": "*"})
    assert reply.status == 503, reply.text
    assert reply.json()["code"] == "WRITE_CONFLICT" and reply.headers["retry-after"] == "1"
    assert call(graphs, "get-graph", graph_id=graph["id"]).status == 200  # nothing deleted
    monkeypatch.setattr(store, "delete", delete)
    assert (
        call(graphs, "delete-graph", graph_id=graph["id"], headers={"If-Match": "*"}).status == 204
    )


@pytest.mark.parametrize(
    ("pairs", "unknown"),
    [
        ([("name", "only-this")], "?name"),  # the filter is name_prefix
        ([("limit", "1"), ("page_size", "1")], "?page_size"),
        ([("name_prefix", "a"), ("sort", "name")], "?sort"),
    ],
)
def test_a_query_parameter_the_listing_does_not_take_is_refused_not_ignored(graphs, pairs, unknown):
    """`GET /v1/graphs?name=x` listed every graph (name was ignored) to a client that meant
    the graphs named x: a parameter an operation does not document is refused as a body's
    unknown field is, before anything is read."""
    create(graphs, name="only-this")
    create(graphs, name="another")
    event = copy.deepcopy(load_event("get-graphs"))
    event["queryStringParameters"] = dict(pairs)
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in pairs}
    reply = ProxyReply(graphs.lambda_handler(event, None))
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "VALIDATION_FAILED"
    assert reply.json()["errors"] == [
        {
            "pointer": unknown,
            "code": "ADDITIONALPROPERTIES",
            "message": "not a parameter of this operation",
        }
    ]
    event["queryStringParameters"] = {"name_prefix": "only"}
    event["multiValueQueryStringParameters"] = {"name_prefix": ["only"]}
    listed = ProxyReply(graphs.lambda_handler(event, None))
    assert [g["name"] for g in listed.json()["items"]] == ["only-this"]
