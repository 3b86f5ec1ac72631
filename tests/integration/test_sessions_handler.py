"""The sessions and worker functions in-process against moto, driven by the
events/ fixtures (the same files `sam local invoke -e` takes).

Every call checks what holds for any answer: the correlation id comes back,
and an error is problem+json with a code."""

import base64
import copy
import dataclasses
import importlib
import io
import json
import secrets
import sys
import time
import zipfile

import numpy as np
import pytest
from botocore.exceptions import ClientError

from graphgate import serialization
from graphgate_service import keys
from tests.support import REPO_ROOT, ProxyReply, load_event, moto_aws

GRAPH, SESSION, RUN = "g_00000000000000000000", "s_00000000000000000000", "r_00000000000000000000"
X = {"datatype": "FP32", "shape": [2], "data": [1.0, 2.0]}


@pytest.fixture(scope="module")
def module_aws():
    """moto provisioned from template.yaml, as conftest's `aws`, but once for the module
    (provisioning is most of a test's time): every test gets tenants of its own."""
    from graphgate_service import settings as service_settings

    with pytest.MonkeyPatch.context() as patch, moto_aws(patch) as provisioned:
        patch.setenv("CURSOR_SECRET_ARN", provisioned["ids"]["CursorSigningSecret"])
        patch.setenv("WORKER_FUNCTION_NAME", "graphgate-worker-test")
        patch.delenv("WORKER_SLICE_S", raising=False)
        service_settings.get.cache_clear()
        yield provisioned


def _function(name):
    sys.path.insert(0, str(REPO_ROOT / "functions" / name))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / name))


class LambdaContext:
    aws_request_id = "worker-invocation"

    def __init__(self, remaining_ms=900_000):
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self):
        return self.remaining_ms


class Api:
    """The graphs, sessions and worker handlers, called as `tenant` (a pro tenant of
    this test's own; `other` is a second one)."""

    def __init__(self, tenant, other):
        self.tenant, self.other = tenant, other
        self.handlers = {
            name: _function(name) for name in ("graphs", "sessions", "worker", "models")
        }

    def call(
        self,
        name,
        *,
        session=SESSION,
        run=RUN,
        graph=GRAPH,
        body=None,
        headers=None,
        drop_headers=(),
        tenant=None,
        query=None,
        arrived_ms=None,
        remaining_ms=None,
    ):
        """Invoke the function behind events/<name>.json with ids and parts replaced;
        `arrived_ms` is when the gateway received it, `remaining_ms` what the
        invocation has left."""
        event = copy.deepcopy(load_event(name))
        context = event["requestContext"]
        for placeholder, value in ((SESSION, session), (RUN, run), (GRAPH, graph)):
            event["path"] = event["path"].replace(placeholder, value)
            context["path"] = context["path"].replace(placeholder, value)
            for key, current in (event["pathParameters"] or {}).items():
                if current == placeholder:
                    event["pathParameters"][key] = value
        if isinstance(body, bytes):
            event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
        elif body is not None:
            event["body"] = json.dumps(body)
        if query:
            event["queryStringParameters"] = query
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
        for header in drop_headers:
            event["headers"].pop(header, None)
        event["headers"].update(headers or {})
        event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
        context["authorizer"]["tenant_id"] = context["authorizer"]["principalId"] = (
            tenant or self.tenant
        )
        if arrived_ms is not None:
            context["requestTimeEpoch"] = arrived_ms
        # One-shot runs of a graph belong to the sessions function.
        graphs = event["resource"].startswith("/v1/graphs") and not name.endswith("-runs")
        family = "models" if event["resource"].startswith("/v1/models") else "sessions"
        handler = self.handlers["graphs" if graphs else family].lambda_handler
        invocation = None if remaining_ms is None else LambdaContext(remaining_ms)
        reply = ProxyReply(handler(event, invocation))
        assert reply.headers["x-request-id"] == (
            event["headers"].get("X-Request-ID") or context["requestId"]
        )
        if reply.status >= 400:
            assert reply.headers["content-type"] == "application/problem+json", reply.text
            assert reply.json()["code"], reply.text
        return reply

    def module_run(self, session_id, run_id):
        """A run as stored (with what the API does not show)."""
        from graphgate_service import sessions

        return sessions.store().run(self.tenant, session_id, run_id)

    def work(self, payload):
        """The worker function, invoked with `payload` as Lambda would."""
        return self.handlers["worker"].lambda_handler(payload, LambdaContext())


@pytest.fixture
def api(module_aws, monkeypatch):
    from graphgate_service import jobs

    monkeypatch.setattr(jobs, "_dispatcher", None)  # the Lambda client, not the local runner
    tenants = ["t_" + secrets.token_hex(8) for _ in range(2)]
    for tenant in tenants:
        module_aws["clients"]["dynamodb"].put_item(
            TableName=module_aws["ids"]["Table"],
            Item={
                **keys.profile(tenant),
                "plan": {"S": "pro"},
                "name": {"S": tenant},
            },
        )
    return Api(*tenants)


@pytest.fixture
def invoked(api, monkeypatch):
    """Payloads sent to the worker function, captured at the Lambda client."""
    from graphgate_service import aws

    sent = []

    def invoke(**request):
        assert request["InvocationType"] == "Event"
        assert request["FunctionName"] == "graphgate-worker-test"
        sent.append(json.loads(request["Payload"]))
        return {"StatusCode": 202}

    monkeypatch.setattr(aws.client("lambda"), "invoke", invoke)
    return sent


def tensor(wire):
    return serialization.decode_tensor(wire)


def create_graph(api, fixture="post-graphs", body=None):
    reply = api.call(fixture, body=body)
    assert reply.status == 201, reply.text
    return reply.json()["id"]


def start_session(api, graph_id):
    body = {**json.loads(load_event("post-sessions")["body"]), "graph_id": graph_id}
    reply = api.call("post-sessions", body=body)
    assert reply.status == 201, reply.text
    # events/ hold the stage's URL's event: Location keeps the stage the client called.
    assert reply.headers["location"] == f"/staging/v1/sessions/{reply.json()['id']}"
    return reply.json()


@pytest.fixture
def counter(api):
    """A session on the counter graph: v = [0, 0], add_x adds the fed x, set_x sets it."""
    return start_session(api, create_graph(api, "post-graphs-counter"))


def values(api, session_id):
    reply = api.call("get-session-variables", session=session_id)
    assert reply.status == 200, reply.text
    body = reply.json()
    assert reply.headers["etag"] == f'"{body["version"]}"'
    return body["version"], {k: tensor(v).tolist() for k, v in body["variables"].items()}


# ------------------------------------------------------------------ one-shot runs
def test_the_tutorial_graph_run_once_gives_3_75(api):
    graph_id = create_graph(api)
    reply = api.call("post-graph-runs", graph=graph_id, headers={"X-Request-ID": "tutorial-1"})
    assert reply.status == 200, reply.text
    body = reply.json()
    assert tensor(body["outputs"]["res"]) == pytest.approx(3.75)
    assert (body["graph_id"], body["graph_revision"], body["steps"]) == (graph_id, 1, 1)


def test_the_api_documents_counter_examples_answer_the_counter_after_its_increments(api):
    # The example once fetched the counter as "before" beside "increment": a fetched
    # variable is its value after the run's updates (TF1's buffer), so both were 2.5.
    from localrunner.cfn import load_yaml

    paths = load_yaml(REPO_ROOT / "api" / "openapi.yaml")["paths"]

    def example(path: str) -> dict:
        return paths[path]["post"]["requestBody"]["content"]["application/json"]["example"]

    graph_id = create_graph(api, body=example("/v1/graphs"))
    one_shot = example("/v1/graphs/{graphId}/runs")
    reply = api.call("post-graph-runs", graph=graph_id, body=one_shot)
    assert reply.status == 200, reply.text
    assert {k: tensor(v).tolist() for k, v in reply.json()["outputs"].items()} == {"counter": 2.5}
    session = start_session(api, graph_id)
    reply = api.call(
        "post-session-runs", session=session["id"], body=example("/v1/sessions/{sessionId}/runs")
    )
    assert reply.status == 200, reply.text
    assert tensor(reply.json()["outputs"]).tolist() == 1.5  # three steps of 0.5


def test_a_traced_run_answers_with_step_stats_of_its_slowest_nodes(api, monkeypatch):
    from graphgate_service import runtime

    two = {"value": {"datatype": "FP32", "shape": [], "data": [2.0]}}
    nodes = [
        {"name": "x", "op": "Placeholder", "attrs": {"dtype": "FP32", "shape": []}},
        {"name": "two", "op": "Const", "attrs": two},
        {"name": "m", "op": "Mul", "inputs": ["x", "two"]},
        {"name": "a", "op": "Add", "inputs": ["m", "two"]},
        {"name": "res", "op": "RealDiv", "inputs": ["m", "a"]},
    ]
    graph = {"format": "graphgate.graph/v1", "nodes": nodes}
    graph_id = create_graph(api, body={"name": "traced", "graph": graph})
    body = {
        "fetches": {"res": "res"},
        "feeds": {"x": {"datatype": "FP32", "shape": [], "data": [3.0]}},
    }
    plain = api.call("post-graph-runs", graph=graph_id, body=body)
    assert plain.status == 200 and "step_stats" not in plain.json()
    # GIVEN room for the stats of only two of the three computed nodes
    monkeypatch.setattr(runtime, "TRACE_MAX_NODES", 2)
    body["trace"] = True
    reply = api.call("post-graph-runs", graph=graph_id, body=body)
    assert reply.status == 200, reply.text
    stats = reply.json()["step_stats"]
    # THEN the two slowest come back, in execution order, and the rest is counted
    (device,) = stats["dev_stats"]
    assert stats["truncated_nodes"] == 1 and len(device["node_stats"]) == 2
    starts = [n["all_start_micros"] for n in device["node_stats"]]
    assert starts == sorted(starts)
    assert {n["node_name"] for n in device["node_stats"]} < {"m", "a", "res"}
    assert tensor(reply.json()["outputs"]["res"]) == pytest.approx(0.75)
    assert all(n["outputs"] == [{"dtype": "FP32", "shape": []}] for n in device["node_stats"])


@pytest.mark.parametrize("route", ["post-graph-runs", "post-session-runs"])
@pytest.mark.parametrize("steps", [1.0, 2.0, 1e2])
def test_a_count_written_with_a_fraction_is_a_type_error_not_a_500(api, counter, route, steps):
    # JSON Schema counts 1.0 as an integer; a run took it as far as range() (500).
    graph_id = create_graph(api)
    body = {"fetches": {}, "steps": steps}
    reply = api.call(route, graph=graph_id, session=counter["id"], body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "VALIDATION_FAILED"
    assert reply.json()["errors"][0] | {"message": ""} == {
        "pointer": "/steps",
        "code": "TYPE",
        "message": "",
    }


def test_a_deadline_past_i_jsons_exact_integers_is_refused_and_the_largest_is_kept(
    api, counter, invoked
):
    # Round 15: a timeout_ms of 10**400 was a 500 (OverflowError) on every run route and
    # 10**130 on an async start; from 10**41 an async run was accepted (202) and its
    # worker failed every checkpoint (the deadline, read back as an int of 39 digits,
    # past DynamoDB's 38), the run left queued until dead-lettered.
    graph_id = create_graph(api)
    for fixture in ("post-graph-runs", "post-session-runs", "post-session-runs-async"):
        body = json.loads(load_event(fixture)["body"])
        for timeout_ms in (2**53, 10**41):
            request = {**body, "timeout_ms": timeout_ms}
            reply = api.call(fixture, graph=graph_id, session=counter["id"], body=request)
            assert reply.status == 400, (fixture, reply.text)
            assert reply.json()["code"] == "VALIDATION_FAILED"
        raw = json.dumps(body)[:-1] + ', "timeout_ms": 1%s}' % ("0" * 400)
        reply = api.call(fixture, graph=graph_id, session=counter["id"], body=raw.encode())
        assert (reply.status, reply.json()["code"]) == (400, "INVALID_JSON"), reply.text
    assert invoked == []
    # The largest exact integer is a deadline an async run keeps to its end.
    body = {**json.loads(load_event("post-session-runs-async")["body"]), "timeout_ms": 2**53 - 1}
    reply = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert reply.status == 202, reply.text
    assert drive(api, invoked) == ["succeeded"]


def test_a_run_of_a_missing_graph_is_a_404_problem(api):
    reply = api.call("post-graph-runs")
    assert reply.status == 404 and reply.json()["code"] == "GRAPH_NOT_FOUND"


# ----------------------------------------------------------------------- sessions
def test_a_session_is_created_read_listed_and_ended(api, counter):
    assert counter["version"] == 1 and counter["graph_revision"] == 1
    assert counter["variables"] == [{"name": "v", "dtype": "FP32", "shape": [2]}]
    got = api.call("get-session", session=counter["id"])
    assert got.status == 200 and got.json() == counter
    listed = api.call("get-sessions")
    assert [s["id"] for s in listed.json()["items"]] == [counter["id"]]

    assert api.call("delete-session", session=counter["id"]).status == 204
    gone = api.call("get-session", session=counter["id"])
    assert gone.status == 404 and gone.json()["code"] == "SESSION_NOT_FOUND"
    assert api.call("get-sessions").json()["items"] == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"If-None-Match": "*"}, 304),
        ({"If-None-Match": '"1"'}, 200),
        ({"If-Match": '"1"'}, 412),
        ({"If-Match": "*"}, 200),
        ({"If-Match": '"x", *'}, 200),
        ({"If-Match": ",,,"}, 412),
        ({"If-Match": ""}, 200),
    ],
)
def test_a_sessions_json_without_an_etag_is_still_read_conditionally(api, counter, headers, status):
    # Round 13: the JSON has no ETag, and both headers were ignored (200), though the
    # document's If-None-Match answers 304 for `*` on every GET that takes it.
    reply = api.call("get-session", session=counter["id"], headers=headers)
    assert reply.status == status, reply.text
    if status == 412:
        assert reply.json()["code"] == "PRECONDITION_FAILED"
    gone = api.call("get-session", session="s_" + "0" * 20, headers=headers)
    assert gone.status == 404  # RFC 9110 §13.2.1: preconditions of a missing target


def test_runs_increment_and_commit_and_read_only_runs_keep_the_version(api, counter):
    first = api.call("post-session-runs", session=counter["id"])
    assert first.status == 200, first.text
    # A fetched variable is its value after the step's updates (TF1's buffer, engine.md);
    # the update commits a new version.
    assert tensor(first.json()["outputs"]["v"]).tolist() == [1.0, 2.0]
    assert first.json()["version"] == 2
    second = api.call("post-session-runs", session=counter["id"])
    assert second.json()["version"] == 3
    assert values(api, counter["id"]) == (3, {"v": [2.0, 4.0]})

    read = api.call("post-session-runs", session=counter["id"], body={"fetches": {"v": "v"}})
    assert read.status == 200, read.text
    assert tensor(read.json()["outputs"]["v"]).tolist() == [2.0, 4.0]
    assert read.json()["version"] == 3
    assert values(api, counter["id"])[0] == 3

    runs = api.call("get-session-runs", session=counter["id"]).json()["items"]
    assert [r["version"] for r in runs] == [3, 3, 2]  # newest first
    one = api.call("get-session-run", session=counter["id"], run=first.json()["run_id"])
    assert one.status == 200 and one.json()["mode"] == "sync"
    assert one.json()["status"] == "succeeded"


def test_variables_round_trip_as_json_and_as_npz(api, counter):
    assigned = api.call("put-session-variables", session=counter["id"])
    assert assigned.status == 200, assigned.text
    assert assigned.json() == {"version": 2, "assigned": ["v"]}
    assert assigned.headers["etag"] == '"2"'
    assert values(api, counter["id"]) == (2, {"v": [10.0, 20.0]})

    download = api.call("get-session-variables-npz", session=counter["id"])
    assert download.status == 200
    assert download.headers["content-type"] == "application/x-npz"
    assert download.headers["etag"] == '"2.x-npz"'  # its own representation's tag
    with np.load(io.BytesIO(download.content), allow_pickle=False) as archive:
        assert archive["v"].dtype == np.float32 and archive["v"].tolist() == [10.0, 20.0]

    # The fixture's archive (v = [3, 4]) uploaded as binary, base64 as the gateway sends it.
    uploaded = api.call(
        "put-session-variables-npz", session=counter["id"], headers={"If-Match": '"2"'}
    )
    assert uploaded.status == 200, uploaded.text
    assert values(api, counter["id"]) == (3, {"v": [3.0, 4.0]})
    # The downloaded archive goes back as it came, under the tag it came with: version 2
    # is gone, so that is refused; the current version's archive tag is accepted.
    back = {"session": counter["id"], "body": download.content}
    stale = api.call("put-session-variables-npz", **back, headers={"If-Match": '"2.x-npz"'})
    assert stale.status == 412 and stale.json()["code"] == "VERSION_MISMATCH"
    current = api.call("get-session-variables-npz", session=counter["id"]).headers["etag"]
    restored = api.call("put-session-variables-npz", **back, headers={"If-Match": current})
    assert restored.status == 200, restored.text
    assert values(api, counter["id"]) == (4, {"v": [10.0, 20.0]})

    one = api.call("put-session-variable", session=counter["id"])
    assert one.status == 200 and one.json()["assigned"] == ["v"]
    assert values(api, counter["id"]) == (5, {"v": [5.0, 6.0]})


@pytest.mark.parametrize(
    ("encoding", "status"), [("json", 200), ("b64", 200), ("hex", 400), ("", 400), ("B64", 400)]
)
def test_variables_come_in_a_documented_encoding_or_a_400(api, counter, encoding, status):
    # An encoding the route does not have was answered as JSON, as if it were understood.
    reply = api.call("get-session-variables", session=counter["id"], query={"encoding": encoding})
    assert reply.status == status, reply.text
    if status == 400:
        assert reply.json()["errors"][0]["pointer"] == "?encoding"
        assert reply.json()["errors"][0]["code"] == "ENUM"
    elif encoding == "b64":
        assert "b64" in reply.json()["variables"]["v"]


def test_an_unreadable_npz_is_a_400(api, counter):
    reply = api.call("put-session-variables-npz", session=counter["id"], body=b"not a zip")
    assert reply.status == 400 and reply.json()["code"] == "INVALID_NPZ"
    assert values(api, counter["id"])[0] == 1


def test_an_npz_member_that_is_not_an_array_is_invalid_npz(api, counter):
    # numpy hands back the raw bytes of a member without the .npy magic: it was read as a
    # value and refused as FEED_DTYPE_MISMATCH, blaming the dtype of what is no array.
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as members:
        members.writestr("v.npy", b"not an array")
    reply = api.call("put-session-variables-npz", session=counter["id"], body=archive.getvalue())
    assert reply.status == 400 and reply.json()["code"] == "INVALID_NPZ", reply.text
    assert values(api, counter["id"])[0] == 1


def test_an_npz_naming_a_variable_twice_says_so(api, counter):
    # Members `v` and `v.npy` are both array `v`: refused, and the detail says which (it
    # said only that the archive was unreadable).
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as members:
        for name, value in (("v", [7.0, 7.0]), ("v.npy", [8.0, 8.0])):
            member = io.BytesIO()
            np.save(member, np.array(value, np.float32))
            members.writestr(name, member.getvalue())
    reply = api.call("put-session-variables-npz", session=counter["id"], body=archive.getvalue())
    assert reply.status == 400 and reply.json()["code"] == "INVALID_NPZ", reply.text
    assert "two members of the archive are array 'v'" in reply.json()["detail"]
    assert values(api, counter["id"])[0] == 1


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        ("*", 200),  # RFC 9110 §13.1.1: any current representation
        ('"9", "1"', 200),  # a list naming the current version
        ("1", 200),  # unquoted, as clients have sent it
        ('W/"1"', 412),  # a weak tag never matches If-Match
        ('"9", "8"', 412),
    ],
)
def test_if_match_on_an_assignment_follows_rfc_9110(api, counter, if_match, status):
    reply = api.call("put-session-variable", session=counter["id"], headers={"If-Match": if_match})
    assert reply.status == status, reply.text
    assert values(api, counter["id"])[0] == (2 if status == 200 else 1)


@pytest.mark.parametrize("if_none_match", ["*", '"1"', 'W/"1"'])
def test_if_none_match_naming_the_current_version_refuses_an_assignment(
    api, counter, if_none_match
):
    headers = {"If-None-Match": if_none_match}
    reply = api.call("put-session-variable", session=counter["id"], headers=headers)
    assert reply.status == 412, reply.text
    assert reply.json()["code"] == "VERSION_MISMATCH"
    assert values(api, counter["id"])[0] == 1
    elsewhere = {"If-None-Match": '"7"'}
    other = api.call("put-session-variable", session=counter["id"], headers=elsewhere)
    assert other.status == 200, other.text


@pytest.mark.parametrize(
    ("fixture", "etag", "other"),
    [
        ("get-session-variables", '"1"', '"1.x-npz"'),
        ("get-session-variables-npz", '"1.x-npz"', '"1"'),
    ],
)
def test_reading_variables_is_conditional_on_their_etag(api, counter, fixture, etag, other):
    unchanged = api.call(fixture, session=counter["id"], headers={"If-None-Match": etag})
    assert unchanged.status == 304 and unchanged.headers["etag"] == etag
    # RFC 9110 §8.8.3: the other representation's tag does not name this one's bytes.
    assert api.call(fixture, session=counter["id"], headers={"If-None-Match": other}).status == 200
    stale = api.call(fixture, session=counter["id"], headers={"If-Match": '"9"'})
    assert stale.status == 412 and stale.json()["code"] == "VERSION_MISMATCH"
    changed = api.call(fixture, session=counter["id"], headers={"If-None-Match": '"0"'})
    assert changed.status == 200


def test_assigning_with_a_stale_if_match_is_a_412(api, counter):
    api.call("post-session-runs", session=counter["id"])  # now at version 2
    stale = api.call("put-session-variables", session=counter["id"], headers={"If-Match": '"1"'})
    assert stale.status == 412
    assert stale.json()["code"] == "VERSION_MISMATCH"
    assert stale.json()["current_version"] == 2
    assert values(api, counter["id"]) == (2, {"v": [1.0, 2.0]})


@pytest.mark.parametrize(
    ("tensor_value", "code"),
    [
        ({"datatype": "FP32", "shape": [3], "data": [1.0, 2.0, 3.0]}, "SHAPE_MISMATCH"),
        ({"datatype": "BOOL", "shape": [2], "data": [True, False]}, "FEED_DTYPE_MISMATCH"),
    ],
    ids=["shape", "dtype"],
)
def test_an_assignment_that_does_not_fit_is_refused_naming_the_variable(
    api, counter, tensor_value, code
):
    for fixture, body in (
        ("put-session-variables", {"variables": {"v": tensor_value}}),
        ("put-session-variable", tensor_value),
    ):
        reply = api.call(fixture, session=counter["id"], body=body, drop_headers=("If-Match",))
        assert 400 <= reply.status < 500, reply.text
        problem = reply.json()
        assert problem["code"] == code and problem["errors"][0]["node"] == "v", problem
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


MIXED = {"datatype": "FP32", "shape": [2], "data": [True, 1.0]}  # true is no number in JSON


def test_a_boolean_among_numbers_is_refused_in_feeds_and_assignments(api, counter, invoked):
    run = json.loads(load_event("post-session-runs")["body"])
    run["feeds"]["x"] = MIXED
    for fixture, body, pointer in (
        ("post-session-runs", run, "/feeds/x"),
        ("post-session-runs-async", run, "/feeds/x"),
        ("put-session-variables", {"variables": {"v": MIXED}}, "/variables/v"),
        ("put-session-variable", MIXED, None),
    ):
        reply = api.call(fixture, session=counter["id"], body=body, drop_headers=("If-Match",))
        assert reply.status == 400, (fixture, reply.text)
        (error,) = reply.json()["errors"]
        assert error["code"] == "INVALID_TENSOR", (fixture, error)
        assert pointer is None or error["pointer"] == pointer
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})
    assert invoked == []


def test_an_assignment_is_all_or_nothing(api, counter):
    body = {"variables": {"v": X, "nowhere": X}}
    reply = api.call("put-session-variables", session=counter["id"], body=body)
    assert reply.status == 400 and reply.json()["errors"][0]["node"] == "nowhere"
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


# ------------------------------------------------------------------ lost commit races
def lose_commits(monkeypatch, times, rival=None):
    """Make the session store's conditional commit lose `times` times: first `rival`
    (variables, or None for no write) is committed by "another writer", then StaleVersion."""
    from graphgate_service.session_store import SessionStore, StaleVersion

    real = SessionStore.commit
    attempts = []

    def commit(self, tenant, meta, expected_version, variables, run, *more, **named):
        attempts.append(expected_version)
        if len(attempts) <= times:
            if rival is not None:
                real(self, tenant, meta, expected_version, rival, None)
            raise StaleVersion()
        return real(self, tenant, meta, expected_version, variables, run, *more, **named)

    monkeypatch.setattr(SessionStore, "commit", commit)
    return attempts


RIVAL = {"v": np.array([100.0, 100.0], np.float32)}


def test_a_run_that_loses_the_commit_is_recomputed_on_the_new_state(api, counter, monkeypatch):
    attempts = lose_commits(monkeypatch, 1, rival=RIVAL)
    reply = api.call("post-session-runs", session=counter["id"])
    assert reply.status == 200, reply.text
    assert attempts == [1, 2]
    # As if queued behind the rival: its state plus this run's increment.
    assert tensor(reply.json()["outputs"]["v"]).tolist() == [101.0, 102.0]
    assert reply.json()["version"] == 3
    assert values(api, counter["id"]) == (3, {"v": [101.0, 102.0]})


def test_an_assignment_with_if_match_that_loses_the_commit_is_a_412(api, counter, monkeypatch):
    attempts = lose_commits(monkeypatch, 1, rival=RIVAL)
    reply = api.call("put-session-variables", session=counter["id"], headers={"If-Match": '"1"'})
    assert reply.status == 412, reply.text
    assert reply.json()["code"] == "VERSION_MISMATCH"
    assert attempts == [1]
    assert values(api, counter["id"]) == (2, {"v": [100.0, 100.0]})  # the rival's, alone


def test_an_assignment_without_if_match_that_loses_is_merged_and_retried(api, counter, monkeypatch):
    attempts = lose_commits(monkeypatch, 1, rival=RIVAL)
    reply = api.call("put-session-variable", session=counter["id"])
    assert reply.status == 200, reply.text
    assert attempts == [1, 2]
    assert reply.json()["version"] == 3 and reply.headers["etag"] == '"3"'
    assert values(api, counter["id"]) == (3, {"v": [5.0, 6.0]})


def test_an_assignment_merges_into_the_rivals_other_variables(api, monkeypatch):
    body = json.loads(load_event("post-graphs-counter")["body"])
    body["graph"]["nodes"] += [
        {
            "name": "w/init",
            "op": "Const",
            "attrs": {"value": {"datatype": "FP32", "shape": [], "data": [0.0]}},
        },
        {
            "name": "w",
            "op": "VariableV2",
            "attrs": {"dtype": "FP32", "shape": [], "initializer": "w/Assign"},
        },
        {"name": "w/Assign", "op": "Assign", "inputs": ["w", "w/init"]},
    ]
    session = start_session(api, create_graph(api, "post-graphs-counter", body))
    lose_commits(monkeypatch, 1, rival={**RIVAL, "w": np.array(7.0, np.float32)})
    reply = api.call("put-session-variable", session=session["id"])
    assert reply.status == 200, reply.text
    assert values(api, session["id"]) == (3, {"v": [5.0, 6.0], "w": 7.0})


@pytest.mark.parametrize(
    ("fixture", "headers"),
    [
        ("post-session-runs", {}),
        ("put-session-variable", {}),
        ("put-session-variables", {"If-Match": '"1"'}),
    ],
)
def test_always_losing_the_commit_is_409_session_busy_with_retry_after(
    api, counter, monkeypatch, fixture, headers
):
    from graphgate_service.sessions import COMMIT_ATTEMPTS

    attempts = lose_commits(monkeypatch, 10**6)
    reply = api.call(fixture, session=counter["id"], headers=headers)
    assert reply.status == 409, reply.text
    assert reply.json()["code"] == "SESSION_BUSY"
    assert reply.headers["retry-after"] == "1"
    assert len(attempts) == COMMIT_ATTEMPTS
    monkeypatch.undo()
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


# ------------------------------------------------------------------- graphs in use
def start_session_once_listed(api, monkeypatch, graph_id):
    """Start a session on the graph just after a delete of it has listed its sessions,
    the delete's last look before it commits (found racing the two over HTTP)."""
    from graphgate_service.graph_store import GraphStore

    real, started = GraphStore.sessions, []

    def sessions(self, tenant, graph):
        live = real(self, tenant, graph)
        if not started:
            started.append(start_session(api, graph_id)["id"])
        return live

    monkeypatch.setattr(GraphStore, "sessions", sessions)
    return started


@pytest.mark.parametrize("if_match", [False, True])
def test_a_delete_racing_a_replace_applies_unless_it_was_conditional(api, monkeypatch, if_match):
    from graphgate_service.graph_store import GraphStore

    graph_id = create_graph(api, "post-graphs-counter")
    etag = api.call("get-graph", graph=graph_id).headers["etag"]
    real, replaced = GraphStore.sessions, []

    def sessions(self, tenant, graph):  # between the delete's read and its write
        if not replaced:
            body = json.loads(load_event("post-graphs-counter")["body"])
            put = api.call("put-graph", graph=graph_id, body=body, headers={"If-Match": etag})
            replaced.append(put.status)
        return real(self, tenant, graph)

    monkeypatch.setattr(GraphStore, "sessions", sessions)
    headers = {"If-Match": etag} if if_match else None
    reply = api.call("delete-graph", graph=graph_id, headers=headers)
    assert replaced == [200]
    if if_match:  # the client deleted what it had read, which is no longer there
        assert (reply.status, reply.json()["code"]) == (412, "ETAG_MISMATCH"), reply.text
        assert api.call("get-graph", graph=graph_id).status == 200
    else:  # an unconditional delete deletes whatever is current
        assert reply.status == 204, reply.text
        assert api.call("get-graph", graph=graph_id).status == 404


@pytest.mark.parametrize("force", [False, True])
def test_a_session_started_while_its_graph_is_deleted_is_not_left_behind(api, monkeypatch, force):
    graph_id = create_graph(api, "post-graphs-counter")
    started = start_session_once_listed(api, monkeypatch, graph_id)
    reply = api.call("delete-graph", graph=graph_id, query={"force": "true"} if force else None)
    graph = api.call("get-graph", graph=graph_id)
    session = api.call("get-session", session=started[0])
    if force:  # the delete looks again and ends that session too
        assert reply.status == 204, reply.text
        assert (graph.status, session.status) == (404, 404)
    else:  # the graph is in use after all
        assert reply.status == 409 and reply.json()["code"] == "GRAPH_IN_USE", reply.text
        assert reply.json()["sessions"] == started
        assert (graph.status, session.status) == (200, 200)


# ------------------------------------------------------------------ tenant isolation
SESSION_ROUTES = (
    "get-session",
    "delete-session",
    "get-session-variables",
    "get-session-variables-npz",
    "put-session-variables",
    "put-session-variables-npz",
    "put-session-variable",
    "post-session-runs",
    "post-session-runs-async",
    "get-session-runs",
)


def test_another_tenants_session_is_404_like_one_that_does_not_exist(api, counter, invoked):
    done = api.call("post-session-runs", session=counter["id"]).json()
    for name in SESSION_ROUTES:
        theirs = api.call(name, session=counter["id"], tenant=api.other, drop_headers=("If-Match",))
        missing = api.call(name, session="s_ffffffffffffffffffff", drop_headers=("If-Match",))
        assert theirs.status == missing.status == 404, (name, theirs.text)
        assert theirs.json()["code"] == missing.json()["code"] == "SESSION_NOT_FOUND"
    for name in ("get-session-run", "delete-session-run"):
        theirs = api.call(name, session=counter["id"], run=done["run_id"], tenant=api.other)
        missing = api.call(name, session="s_ffffffffffffffffffff", run=done["run_id"])
        assert theirs.status == missing.status == 404, (name, theirs.text)
        assert theirs.json()["code"] == missing.json()["code"] == "SESSION_NOT_FOUND"
    forked = api.call("post-sessions", body={"from_session": counter["id"]}, tenant=api.other)
    assert forked.status == 404 and forked.json()["code"] == "SESSION_NOT_FOUND"
    assert api.call("get-sessions", tenant=api.other).json()["items"] == []
    assert invoked == []
    assert values(api, counter["id"]) == (2, {"v": [1.0, 2.0]})  # untouched


@pytest.mark.parametrize(
    "prefer", ["respond-async; foo=1", "wait=5, RESPOND-ASYNC", "respond-async"]
)
def test_prefer_respond_async_is_read_with_its_parameters_and_neighbours(
    api, counter, invoked, prefer
):
    # RFC 7240: a preference may carry parameters after ';' and come among others.
    reply = api.call("post-session-runs-async", session=counter["id"], headers={"Prefer": prefer})
    assert reply.status == 202, reply.text
    assert reply.headers["preference-applied"] == "respond-async"


# ---------------------------------------------------------------------- async runs
def start_async(api, session_id, invoked):
    reply = api.call("post-session-runs-async", session=session_id)
    assert reply.status == 202, reply.text
    run = reply.json()
    assert reply.headers["location"] == f"/staging/v1/sessions/{session_id}/runs/{run['id']}"
    assert reply.headers["preference-applied"] == "respond-async"
    assert (run["status"], run["mode"], run["completed_steps"]) == ("queued", "async", 0)
    # The caller's correlation id travels with the run, to every worker invocation.
    correlation_id = load_event("post-session-runs-async")["requestContext"]["requestId"]
    assert invoked == [
        {
            "tenant": api.tenant,
            "session_id": session_id,
            "run_id": run["id"],
            "correlation_id": correlation_id,
        }
    ]
    return run


def test_an_async_run_is_accepted_then_driven_to_success_by_the_worker(api, counter, invoked):
    run = start_async(api, counter["id"], invoked)
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})  # nothing ran yet

    assert api.work(invoked.pop()) == {"run_id": run["id"], "status": "succeeded"}
    assert invoked == []  # finished in one invocation
    shown = api.call("get-session-run", session=counter["id"], run=run["id"]).json()
    assert (shown["status"], shown["completed_steps"], shown["invocations"]) == ("succeeded", 60, 1)
    assert [h["step"] for h in shown["history"]] == [25, 50, 60]  # a checkpoint per chunk
    assert tensor(shown["outputs"]["v"]).tolist() == [60.0, 120.0]
    assert values(api, counter["id"]) == (4, {"v": [60.0, 120.0]})  # three checkpoints

    again = api.work({"tenant": api.tenant, "session_id": counter["id"], "run_id": run["id"]})
    assert again["status"] == "succeeded"  # Lambda's retry of a finished run changes nothing
    assert values(api, counter["id"])[0] == 4
    finished = api.call("delete-session-run", session=counter["id"], run=run["id"])
    assert finished.status == 409 and finished.json()["code"] == "RUN_FINISHED"


def test_a_cancelled_run_stops_at_its_next_checkpoint(api, counter, invoked, monkeypatch):
    # A slice this short hands over to a fresh invocation after every chunk.
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")
    run = start_async(api, counter["id"], invoked)
    assert api.work(invoked.pop())["status"] == "running"
    assert len(invoked) == 1  # the worker invoked itself to continue
    assert values(api, counter["id"]) == (2, {"v": [25.0, 50.0]})

    cancelled = api.call("delete-session-run", session=counter["id"], run=run["id"])
    assert cancelled.status == 202, cancelled.text
    assert cancelled.json()["cancel_requested"] is True
    assert api.work(invoked.pop())["status"] == "cancelled"
    assert invoked == []
    shown = api.call("get-session-run", session=counter["id"], run=run["id"]).json()
    assert (shown["status"], shown["completed_steps"]) == ("cancelled", 25)
    assert values(api, counter["id"]) == (2, {"v": [25.0, 50.0]})  # the last checkpoint's


def test_a_cancel_during_a_chunk_discards_that_chunk(api, counter, invoked, monkeypatch):
    from graphgate_service import runtime

    run = start_async(api, counter["id"], invoked)
    real, chunks = runtime.execute, []

    def execute(*args, **kwargs):
        chunks.append(args[5])
        if len(chunks) == 2:  # the user cancels while the second chunk computes
            reply = api.call("delete-session-run", session=counter["id"], run=run["id"])
            assert reply.status == 202, reply.text
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime, "execute", execute)
    assert api.work(invoked.pop())["status"] == "cancelled"
    assert chunks == [25, 25]
    shown = api.call("get-session-run", session=counter["id"], run=run["id"]).json()
    assert (shown["status"], shown["completed_steps"]) == ("cancelled", 25)
    assert values(api, counter["id"]) == (2, {"v": [25.0, 50.0]})


@pytest.mark.parametrize("meanwhile", ["session-deleted", "run-finished"])
def test_a_cancel_overtaken_after_its_read_says_what_overtook_it(
    api, counter, invoked, monkeypatch, meanwhile
):
    from graphgate_service.session_store import SessionStore

    # GIVEN an async run read as unfinished by its cancel, then overtaken before the
    # cancel's write: its session deleted, or the run run to its end
    run = start_async(api, counter["id"], invoked)
    real = SessionStore.request_cancel

    def overtaken(self, *args, **kwargs):
        if meanwhile == "session-deleted":
            assert api.call("delete-session", session=counter["id"]).status == 204
        else:
            assert api.work(invoked.pop())["status"] == "succeeded"
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SessionStore, "request_cancel", overtaken)
    # WHEN the cancel lands THEN it answers as the serial order it lost gives: the 404 of a
    # session's ended run, or 409 naming the status the run ended in (both were 409
    # "has already finished (running)")
    reply = api.call("delete-session-run", session=counter["id"], run=run["id"])
    if meanwhile == "session-deleted":
        assert reply.status == 404 and reply.json()["code"] == "SESSION_NOT_FOUND", reply.text
    else:
        assert reply.status == 409 and reply.json()["code"] == "RUN_FINISHED", reply.text
        assert "(succeeded)" in reply.json()["detail"]


@pytest.mark.parametrize("route", ["delete-session-run", "get-session-run"])
def test_a_run_read_after_its_sessions_end_answers_as_the_end(
    api, counter, invoked, monkeypatch, route
):
    from graphgate_service.session_store import SessionStore

    # GIVEN a run whose session is deleted between the request's read of the session and
    # its read of the run (1 race in 20 over HTTP: tests/e2e/test_round16.py)
    run = start_async(api, counter["id"], invoked)
    real = SessionStore.run

    def ended_meanwhile(self, *args, **kwargs):
        monkeypatch.setattr(SessionStore, "run", real)
        assert api.call("delete-session", session=counter["id"]).status == 204
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SessionStore, "run", ended_meanwhile)
    # THEN it is the 404 of the session's end, as the one serial order that misses the run
    # gives (it was RUN_NOT_FOUND, which no order gives)
    reply = api.call(route, session=counter["id"], run=run["id"])
    assert reply.status == 404 and reply.json()["code"] == "SESSION_NOT_FOUND", reply.text


def session_items(module_aws, api, session_id):
    return module_aws["clients"]["dynamodb"].query(
        TableName=module_aws["ids"]["Table"],
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.session_pk(api.tenant, session_id)}},
    )["Items"]


def test_a_session_ended_between_invocations_ends_its_run_without_a_retry(
    api, module_aws, counter, invoked, monkeypatch
):
    # GIVEN a run handed over to a fresh invocation after its first chunk
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")
    start_async(api, counter["id"], invoked)
    assert api.work(invoked.pop())["status"] == "running"
    # WHEN its session is ended (its runs go with it: RemoteSession's close, `rm --force`)
    assert api.call("delete-session", session=counter["id"]).status == 204
    # THEN the next invocation ends quietly: an error would be retried twice by Lambda
    # and then dead-lettered, which raises the operators' alarm
    assert api.work(invoked.pop())["status"] == "failed"
    assert invoked == []
    assert session_items(module_aws, api, counter["id"]) == []


def test_a_session_ended_during_a_chunk_leaves_no_run_record_behind(
    api, module_aws, counter, invoked, monkeypatch
):
    from graphgate_service import runtime

    start_async(api, counter["id"], invoked)
    real, chunks = runtime.execute, []

    def execute(*args, **kwargs):
        chunks.append(args[5])
        if len(chunks) == 2:  # the user ends the session while the second chunk computes
            assert api.call("delete-session", session=counter["id"]).status == 204
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime, "execute", execute)
    assert api.work(invoked.pop())["status"] == "failed"
    assert chunks == [25, 25]
    # the run's record went with the session, and is not written again under it
    assert session_items(module_aws, api, counter["id"]) == []


def test_an_async_run_with_a_malformed_feed_is_refused_at_once(api, counter, invoked):
    body = json.loads(load_event("post-session-runs-async")["body"])
    body["feeds"]["x"] = {"datatype": "FP32", "shape": [2], "data": [1.0, 2.0, 3.0]}
    reply = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["pointer"] == "/feeds/x"
    assert invoked == []


def test_an_async_run_the_graph_cannot_take_is_refused_before_it_is_queued(api, counter, invoked):
    body = json.loads(load_event("post-session-runs-async")["body"])
    body["feeds"]["x"] = {"datatype": "FP32", "shape": [3], "data": [1.0, 2.0, 3.0]}
    reply = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "FEED_SHAPE_MISMATCH"
    assert invoked == []  # no worker started
    assert api.call("get-session-runs", session=counter["id"]).json()["items"] == []
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


def test_the_runs_of_an_expired_session_are_gone_with_it(api, module_aws, counter, invoked):
    done = api.call("post-session-runs", session=counter["id"]).json()
    queued = start_async(api, counter["id"], invoked)
    module_aws["clients"]["dynamodb"].update_item(
        TableName=module_aws["ids"]["Table"],
        Key=keys.item_key(keys.session_pk(api.tenant, counter["id"]), keys.META),
        UpdateExpression="SET expires_at = :past",
        ExpressionAttributeValues={":past": {"N": "1"}},
    )
    for name, run_id in (
        ("get-session", RUN),
        ("get-session-runs", RUN),
        ("get-session-run", done["run_id"]),
        ("delete-session-run", queued["id"]),
    ):
        reply = api.call(name, session=counter["id"], run=run_id)
        assert reply.status == 404, (name, reply.text)
        assert reply.json()["code"] == "SESSION_NOT_FOUND"


def test_a_session_older_than_timed_run_ids_still_serves_its_older_runs(api, module_aws, counter):
    # GIVEN a session started before run ids carried their time (no timed_run_ids on its
    # META), holding a run whose random id names no sort key
    from graphgate_service import sessions

    module_aws["clients"]["dynamodb"].update_item(
        TableName=module_aws["ids"]["Table"],
        Key=keys.item_key(keys.session_pk(api.tenant, counter["id"]), keys.META),
        UpdateExpression="REMOVE timed_run_ids",
    )
    legacy = {"id": "r_" + secrets.token_hex(10), "mode": "sync", "status": "succeeded"}
    legacy.update(steps=1, completed_steps=1, created_at=1_700_000_000_000, fetches="v")
    sessions.store().put_run(api.tenant, counter["id"], legacy)
    # WHEN it is read, THEN it is found among the session's runs; an id of no run is 404
    shown = api.call("get-session-run", session=counter["id"], run=legacy["id"])
    assert shown.status == 200 and shown.json()["id"] == legacy["id"], shown.text
    missing = api.call("get-session-run", session=counter["id"], run="r_" + "0" * 20)
    assert missing.status == 404 and missing.json()["code"] == "RUN_NOT_FOUND"


def test_a_session_started_now_says_its_run_ids_carry_their_time(api, module_aws, counter):
    item = module_aws["clients"]["dynamodb"].get_item(
        TableName=module_aws["ids"]["Table"],
        Key=keys.item_key(keys.session_pk(api.tenant, counter["id"]), keys.META),
    )["Item"]
    assert item["timed_run_ids"] == {"BOOL": True}


# ------------------------------------------------- what a run is billed, timed and logged
def drive(api, invoked, redeliver=()):
    """Run the worker on every event sent to it, in order, as Lambda would; the events
    numbered in `redeliver` are delivered twice (Lambda's at-least-once)."""
    statuses = []
    while invoked:
        payload = invoked.pop(0)
        statuses.append(api.work(payload)["status"])
        if len(statuses) in redeliver:
            statuses.append(api.work(payload)["status"])
    return statuses


def batches(count):
    return [
        {"x": {"datatype": "FP32", "shape": [2], "data": [float(i), 1.0]}} for i in range(count)
    ]


def test_an_async_run_is_metered_once_however_many_invocations_and_deliveries(
    api, counter, invoked, monkeypatch
):
    from graphgate_service import metering

    # GIVEN a 200-step run over 40 feed batches (8 bytes each), one chunk per invocation
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")
    body = {"fetches": {"v": "v"}, "feed_batches": batches(40), "targets": ["add_x"], "steps": 200}
    reply = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert reply.status == 202, reply.text
    first = dict(invoked[0])
    # WHEN the worker runs it, an event is delivered twice mid-run and once more at the end
    statuses = drive(api, invoked, redeliver=(3,))
    assert statuses[-1] == "succeeded"
    assert api.work(first)["status"] == "succeeded"
    # THEN it is one run, of the bytes sent and the compute its checkpoints applied
    run = api.call("get-session-run", session=counter["id"], run=reply.json()["id"]).json()
    assert run["invocations"] >= 8
    usage = metering.today(api.tenant)
    assert (usage["runs"], usage["feed_bytes"], usage["fetched_bytes"]) == (1, 40 * 8, 8)
    assert usage["compute_ms"] == pytest.approx(run["compute_ms"], abs=0.01)
    # AND a synchronous run next to it counts once, for its own feeds
    sync = {"fetches": {"v": "v"}, "feed_batches": batches(3), "targets": ["add_x"], "steps": 7}
    assert api.call("post-session-runs", session=counter["id"], body=sync).status == 200
    usage = metering.today(api.tenant)
    assert (usage["runs"], usage["feed_bytes"], usage["fetched_bytes"]) == (2, 43 * 8, 16)


def test_an_async_run_that_applied_nothing_is_not_billed(api, counter, invoked):
    from graphgate_service import metering

    run = start_async(api, counter["id"], invoked)
    assert api.call("delete-session-run", session=counter["id"], run=run["id"]).status == 202
    assert drive(api, invoked) == ["cancelled"]
    assert metering.today(api.tenant)["runs"] == 0


def _checkpointed(api, session_id, body, invoked, invocations):
    """An async run started with `body`, driven `invocations` worker events in (one
    chunk each), and its record as the API then shows it."""
    reply = api.call("post-session-runs-async", session=session_id, body=body)
    assert reply.status == 202, reply.text
    for _ in range(invocations):
        assert api.work(invoked.pop(0))["status"] == "running"
    return api.call("get-session-run", session=session_id, run=reply.json()["id"]).json()


@pytest.mark.parametrize("ended_by", ["session", "graph"])
def test_an_async_run_whose_session_is_deleted_is_billed_for_the_steps_it_applied(
    api, counter, invoked, monkeypatch, ended_by
):
    from graphgate_service import metering

    # GIVEN a 200-step run over 40 feed batches, two 25-step checkpoints applied
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")
    body = {"fetches": {"v": "v"}, "feed_batches": batches(40), "targets": ["add_x"], "steps": 200}
    run = _checkpointed(api, counter["id"], body, invoked, 2)
    assert run["completed_steps"] == 50
    # WHEN its session ends under it (deleted, or its graph force-deleted)
    if ended_by == "session":
        assert api.call("delete-session", session=counter["id"]).status == 204
    else:
        query = {"force": "true"}
        graph = counter["graph_id"]
        assert api.call("delete-graph", graph=graph, query=query).status == 204
    # AND the worker's next events find it gone
    assert set(drive(api, invoked)) <= {"failed"}
    # THEN the run counts once, for the bytes sent and the compute it applied
    usage = metering.today(api.tenant)
    assert (usage["runs"], usage["feed_bytes"], usage["fetched_bytes"]) == (1, 40 * 8, 0)
    assert usage["compute_ms"] == pytest.approx(run["compute_ms"], abs=0.01)


def test_a_run_billed_by_its_ending_session_is_not_billed_again_by_its_worker(
    api, counter, invoked, monkeypatch
):
    from graphgate_service import jobs, metering, session_leftovers, sessions

    # GIVEN a worker between two chunks of a run when its session is deleted, the delete
    # having metered the run but not yet freed its records
    body = {"fetches": {"v": "v"}, "feed_batches": batches(4), "targets": ["add_x"], "steps": 200}
    reply = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert reply.status == 202, reply.text
    monkeypatch.setattr(session_leftovers.storage, "delete_items", lambda *args: None)
    checkpoint = sessions.checkpoint

    def then_deleted(*args, **kwargs):
        updated = checkpoint(*args, **kwargs)
        assert api.call("delete-session", session=counter["id"]).status == 204
        return updated

    monkeypatch.setattr(jobs.sessions, "checkpoint", then_deleted)
    # WHEN the worker's next chunk finds the session gone and ends the run it holds
    assert api.work(invoked.pop(0))["status"] == "failed"
    # THEN the run is billed once: the worker's write does not clear the delete's mark
    assert metering.today(api.tenant)["runs"] == 1


def test_a_run_whose_deadline_passed_before_it_arrived_is_refused_in_every_mode(
    api, counter, invoked
):
    # GIVEN runs whose timeout_ms ran out while they waited at the gateway
    arrived_ms = int(time.time() * 1000) - 2_000
    for fixture in ("post-session-runs", "post-session-runs-async"):
        body = {**json.loads(load_event(fixture)["body"]), "timeout_ms": 1_000}
        # WHEN they reach the function THEN they are refused, nothing queued or applied
        reply = api.call(fixture, session=counter["id"], body=body, arrived_ms=arrived_ms)
        assert reply.status == 504, (fixture, reply.text)
        assert reply.json()["code"] == "DEADLINE_EXCEEDED"
    assert invoked == []
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


def test_a_run_too_long_for_its_own_timeout_is_not_promoted_to_async(api, counter, invoked):
    # 100,000 steps cannot fit in 1 ms: the caller's deadline binds, so the run stays
    # synchronous and answers as a synchronous run past its deadline does.
    body = {**json.loads(load_event("post-session-runs")["body"]), "steps": 100_000}
    reply = api.call("post-session-runs", session=counter["id"], body={**body, "timeout_ms": 1})
    assert reply.status == 504, reply.text
    assert reply.json()["code"] == "DEADLINE_EXCEEDED"
    assert invoked == []
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


def test_a_run_too_long_for_the_invocation_is_promoted_and_keeps_the_callers_deadline(
    api, counter, invoked
):
    from graphgate_service import runtime

    # GIVEN an invocation with 1 s left for computing (100,000 steps take longer, at
    # 10 µs a step), and a caller who allows an hour
    remaining_ms = int(runtime.RESPONSE_MARGIN_S * 1000) + 1_000
    body = {**json.loads(load_event("post-session-runs")["body"]), "steps": 100_000}
    for timeout_ms in (None, 3_600_000):
        request = body if timeout_ms is None else {**body, "timeout_ms": timeout_ms}
        sent = time.time()
        reply = api.call(
            "post-session-runs", session=counter["id"], body=request, remaining_ms=remaining_ms
        )
        # THEN the run is accepted asynchronously, its deadline the caller's
        assert reply.status == 202, reply.text
        run = api.module_run(counter["id"], reply.json()["id"])
        if timeout_ms is None:
            assert "deadline_at" not in run
        else:
            assert sent + timeout_ms / 1000 <= run["deadline_at"] <= time.time() + timeout_ms / 1000
        assert api.call("delete-session-run", session=counter["id"], run=run["id"]).status == 202


def test_an_async_run_ends_failed_at_its_callers_deadline(api, counter, invoked, monkeypatch):
    from graphgate_service import runtime

    # GIVEN a run allowed `deadline_ms` (ample for the API to queue it) whose every chunk
    # waits half of that before computing
    deadline_ms = 2_000
    real = runtime.execute

    def slow(*args, **kwargs):
        time.sleep(deadline_ms / 2000)
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime, "execute", slow)
    body = {**json.loads(load_event("post-session-runs-async")["body"]), "timeout_ms": deadline_ms}
    reply = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert reply.status == 202, reply.text
    # WHEN the worker runs it (three chunks need more than the deadline, however fast)
    assert drive(api, invoked) == ["failed"]
    # THEN it stops at the deadline, keeping its last checkpoint
    run = api.call("get-session-run", session=counter["id"], run=reply.json()["id"]).json()
    assert run["error"]["code"] == "DEADLINE_EXCEEDED", run
    assert run["completed_steps"] < 60
    assert run["compute_ms"] <= deadline_ms
    _, variables = values(api, counter["id"])
    assert variables["v"] == [run["completed_steps"], 2.0 * run["completed_steps"]]


def test_work_a_request_started_logs_its_correlation_id_and_run_id_on_every_line(
    api, counter, invoked, monkeypatch, capfd
):
    # GIVEN a caller's X-Request-ID on an async run that spans several invocations
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")
    capfd.readouterr()
    reply = api.call(
        "post-session-runs-async", session=counter["id"], headers={"X-Request-ID": "caller-story-7"}
    )
    run_id = reply.json()["id"]
    # WHEN the worker runs it to the end
    assert drive(api, invoked)[-1] == "succeeded"
    # THEN every line of the worker, and the API's once the run exists, carries both ids
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines() if line]
    queued = [line for line in lines if line.get("message") == "async run queued"]
    worker = [line for line in lines if line.get("function_request_id") == "worker-invocation"]
    assert queued and len(worker) >= 3, lines
    for line in queued + worker:
        assert (line.get("correlation_id"), line.get("run_id")) == ("caller-story-7", run_id), line


# ------------------------------------------------------------------------- uploads
def test_an_upload_is_a_presigned_put_under_the_tenants_prefix(api):
    reply = api.call("post-uploads", headers={"X-Request-ID": "upload-1"})
    assert reply.status == 201, reply.text
    upload = reply.json()
    assert upload["method"] == "PUT" and upload["upload_id"].startswith("u_")
    assert keys.upload(api.tenant, upload["upload_id"]) in upload["url"]
    # A 201 names what it created (RFC 9110 §15.3.2): here the object to PUT.
    assert reply.headers["location"] == upload["url"]


def test_an_upload_url_is_signed_for_the_size_declared(api):
    from urllib.parse import parse_qs, urlsplit

    # GIVEN an upload declared as 4,000,128 bytes (events/post-uploads.json)
    upload = api.call("post-uploads").json()
    # THEN its URL signs that Content-Length: storage refuses any other size (403)
    query = parse_qs(urlsplit(upload["url"]).query)
    assert "content-length" in query["X-Amz-SignedHeaders"][0].split(";")
    assert "if-none-match" in query["X-Amz-SignedHeaders"][0].split(";")


def test_an_idempotent_replay_of_an_upload_signs_its_url_afresh(api, monkeypatch):
    import datetime
    from urllib.parse import parse_qs, urlsplit

    import botocore.auth

    def signed_at(url):
        return parse_qs(urlsplit(url).query)["X-Amz-Date"][0]

    # GIVEN an upload made with an Idempotency-Key
    key = {"Idempotency-Key": "upload-replayed"}
    first = api.call("post-uploads", headers=key)
    assert first.status == 201, first.text
    # WHEN it is retried with that key an hour later, its first URL long expired
    later = datetime.datetime(2031, 1, 1, 12, 0, 0)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *a, **k: later)
    again = api.call("post-uploads", headers=key)
    # THEN the replay is the same upload with a URL signed now, and Location follows it
    assert again.status == 201 and again.headers["idempotent-replayed"] == "true"
    replayed, upload = again.json(), first.json()
    assert replayed["upload_id"] == upload["upload_id"] and replayed["expires_in"] == 900
    assert signed_at(upload["url"]) != signed_at(replayed["url"]) == "20310101T120000Z"
    assert again.headers["location"] == replayed["url"]
    assert keys.upload(api.tenant, upload["upload_id"]) in replayed["url"]
    query = parse_qs(urlsplit(replayed["url"]).query)
    assert "content-length" in query["X-Amz-SignedHeaders"][0].split(";")


def test_an_idempotent_replay_of_a_pending_datasets_creation_signs_its_urls_afresh(
    api, monkeypatch
):
    import datetime
    from urllib.parse import parse_qs, urlsplit

    import botocore.auth

    files = [{"format": "npy", "name": "x", "bytes": 128}]
    files.append({"format": "npy", "name": "y", "bytes": 6 * 2**20, "multipart": True})
    body = {"name": "replayed", "files": files}
    key = {"Idempotency-Key": "dataset-replayed"}
    first = api.call("post-datasets", body=body, headers=key)
    assert first.status == 201, first.text
    later = datetime.datetime(2031, 1, 1, 12, 0, 0)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *a, **k: later)
    again = api.call("post-datasets", body=body, headers=key)
    assert again.status == 201 and again.headers["idempotent-replayed"] == "true"
    single, parts = again.json()["uploads"]
    urls = [single["url"]] + [p["url"] for p in parts["parts"]]
    assert len(urls) == 2  # one PUT, and the one part of a multipart upload
    assert {parse_qs(urlsplit(u).query)["X-Amz-Date"][0] for u in urls} == {"20310101T120000Z"}
    first_parts = first.json()["uploads"][1]["parts"]
    assert [parse_qs(urlsplit(p["url"]).query)["uploadId"] for p in parts["parts"]] == [
        parse_qs(urlsplit(p["url"]).query)["uploadId"] for p in first_parts
    ]
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    ("body", "pointer", "code"),
    [
        (None, "/", "REQUIRED"),  # what clients sent before the size was required
        ({}, "/", "REQUIRED"),
        ({"bytes": 0}, "/bytes", "MINIMUM"),
        ({"bytes": 256 * 2**20 + 1}, "/bytes", "MAXIMUM"),
        ({"bytes": 10.0}, "/bytes", "TYPE"),
        ({"bytes": 10, "name": "x"}, "/", "ADDITIONALPROPERTIES"),
    ],
)
def test_an_upload_without_a_size_it_may_have_is_refused_naming_the_field(api, body, pointer, code):
    if body is None:
        reply = api.call("post-uploads", body=b"", drop_headers=("Content-Type",))
    else:
        reply = api.call("post-uploads", body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "VALIDATION_FAILED"
    assert (reply.json()["errors"][0]["pointer"], reply.json()["errors"][0]["code"]) == (
        pointer,
        code,
    )
    if code == "REQUIRED":
        assert "'bytes' is a required property" in reply.json()["errors"][0]["message"]


def test_an_unknown_upload_in_the_feeds_is_a_problem(api, counter):
    body = json.loads(load_event("post-session-runs")["body"])
    body["feeds"]["x"] = {"upload_id": "u_000000000000000000000000"}
    reply = api.call("post-session-runs", session=counter["id"], body=body)
    assert 400 <= reply.status < 500, reply.text
    assert values(api, counter["id"])[0] == 1


def test_an_npz_unpacking_past_the_plans_run_bytes_is_refused_unread(api, counter, monkeypatch):
    # A 1 MB archive of 1 GB of zeros was unpacked whole: the function held the GB, ran
    # out its time and answered 503 DEPENDENCY_UNAVAILABLE (on Lambda, out of memory).
    from graphgate_service import plans

    monkeypatch.setitem(plans.PLANS, "pro", dataclasses.replace(plans.PLANS["pro"], run_bytes=1000))
    archive = io.BytesIO()
    np.savez_compressed(archive, v=np.zeros(300, np.float32))  # 1,328 bytes unpacked
    reply = api.call("put-session-variables-npz", session=counter["id"], body=archive.getvalue())
    assert reply.status == 422, reply.text
    assert reply.json()["code"] == "FEED_TOO_LARGE" and reply.json()["cap"] == "run_bytes"
    assert values(api, counter["id"])[0] == 1


def _npy_claiming(shape):
    header = f"{{'descr': '<f4', 'fortran_order': False, 'shape': {tuple(shape)}, }}"
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode()


def _npz_of(value):
    archive = io.BytesIO()
    np.savez(archive, x=value)
    return archive.getvalue()


@pytest.mark.parametrize(
    "blob",
    [
        _npy_claiming([2**40, 2]) + bytes(8),  # numpy allocated 8 TiB first: a 500
        b"PK\x03\x04 not a zip",  # np.load took it for an .npz: BadZipFile, a 500
        _npz_of(np.float32(1.0)),  # an archive, not an array
    ],
    ids=["header-claims-8-tib", "zip-magic", "npz"],
)
def test_an_upload_that_is_no_readable_npy_is_invalid_upload(api, counter, blob):
    from graphgate_service import aws, settings

    upload = api.call("post-uploads").json()["upload_id"]
    aws.client("s3").put_object(
        Bucket=settings.get().bucket_name, Key=keys.upload(api.tenant, upload), Body=blob
    )
    body = json.loads(load_event("post-session-runs")["body"])
    body["feeds"]["x"] = {"upload_id": upload}
    reply = api.call("post-session-runs", session=counter["id"], body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "INVALID_UPLOAD"
    assert values(api, counter["id"])[0] == 1


def test_sessions_starting_together_on_one_graph_are_not_told_it_is_gone(api, monkeypatch):
    # Each start counts itself on the graph's record, so on DynamoDB two at once
    # can cancel each other with TransactionConflict: that is contention, to be
    # retried, and never the 404 GRAPH_NOT_FOUND a failed condition means.
    from graphgate_service import aws

    graph_id = create_graph(api, "post-graphs-counter")
    client = aws.client("dynamodb")
    real, conflicts = client.transact_write_items, []

    def transact_write_items(**kwargs):
        if not conflicts:
            conflicts.append(1)
            raise ClientError(
                {
                    "Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
                    "CancellationReasons": [{"Code": "None"}, {"Code": "TransactionConflict"}],
                },
                "TransactWriteItems",
            )
        return real(**kwargs)

    monkeypatch.setattr(client, "transact_write_items", transact_write_items)
    session = start_session(api, graph_id)
    assert conflicts == [1]
    assert api.call("get-session", session=session["id"]).status == 200


def expire_list_entries(api, module_aws, session_ids):
    """Make the sessions' list entries expired ones TTL has not removed yet."""
    dynamodb, table = module_aws["clients"]["dynamodb"], module_aws["ids"]["Table"]
    entries = dynamodb.query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.sessions_pk(api.tenant)}},
    )["Items"]
    for entry in entries:
        if entry["sk"]["S"].rsplit("#", 1)[-1] in session_ids:
            dynamodb.update_item(
                TableName=table,
                Key={"pk": entry["pk"], "sk": entry["sk"]},
                UpdateExpression="SET expires_at = :past",
                ExpressionAttributeValues={":past": {"N": "1"}},
            )


def test_expired_sessions_do_not_hide_live_ones_from_the_cap(api, module_aws, monkeypatch):
    from graphgate_service import plans

    monkeypatch.setitem(plans.PLANS, "pro", dataclasses.replace(plans.PLANS["pro"], sessions=5))
    graph_id = create_graph(api, "post-graphs-counter")
    first = [start_session(api, graph_id)["id"] for _ in range(5)]
    # The three newest expire, and TTL has not removed their list entries yet:
    # they sit between the newest sessions and the two older live ones.
    expire_list_entries(api, module_aws, first[2:])
    for _ in range(3):
        start_session(api, graph_id)  # back to 5 live
    body = {**json.loads(load_event("post-sessions")["body"]), "graph_id": graph_id}
    refused = api.call("post-sessions", body=body)
    assert refused.status == 422, refused.text
    assert (refused.json()["code"], refused.json()["cap"]) == ("PLAN_LIMIT_EXCEEDED", "sessions")


def test_a_start_that_raced_past_the_cap_steps_back(api, monkeypatch):
    # Another start committed between this one's count and its write: the count
    # it acted on is stale, and the count after its write shows the cap exceeded.
    from graphgate_service import plans
    from graphgate_service.session_store import SessionStore

    monkeypatch.setitem(plans.PLANS, "pro", dataclasses.replace(plans.PLANS["pro"], sessions=3))
    graph_id = create_graph(api, "post-graphs-counter")
    live = {start_session(api, graph_id)["id"] for _ in range(3)}
    real, counts = SessionStore.live_count, []

    def live_count(self, tenant, at_most):
        counts.append(real(self, tenant, at_most))
        return 2 if len(counts) == 1 else counts[-1]  # the first count, from before the racer

    monkeypatch.setattr(SessionStore, "live_count", live_count)
    body = {**json.loads(load_event("post-sessions")["body"]), "graph_id": graph_id}
    refused = api.call("post-sessions", body=body)
    assert refused.status == 422, refused.text
    assert refused.json()["cap"] == "sessions" and counts[1] == 4
    listed = api.call("get-sessions").json()["items"]
    assert {s["id"] for s in listed} == live  # the stepped-back session is gone


def test_a_page_of_sessions_reads_past_expired_entries(api, module_aws):
    # List entries of expired sessions stay until TTL removes them; a page is
    # filled from the live ones behind them, not returned empty with a cursor.
    graph_id = create_graph(api, "post-graphs-counter")
    oldest, *newer = [start_session(api, graph_id)["id"] for _ in range(3)]
    expire_list_entries(api, module_aws, newer)
    page = api.call("get-sessions", query={"limit": "1"}).json()
    assert [s["id"] for s in page["items"]] == [oldest]


@pytest.mark.parametrize("fetch_name", ["", " ", "a.b", "#status", "x" * 300])
def test_runs_keyed_by_any_name_the_api_accepts_read_back(api, counter, invoked, fetch_name):
    # GIVEN runs whose fetches and feeds are dicts keyed by names the caller chose,
    # an empty one included (DynamoDB holds no empty map key)
    body = json.loads(load_event("post-session-runs-async")["body"])
    body["fetches"] = {fetch_name: "v"}
    sync = api.call("post-session-runs", session=counter["id"], body={**body, "steps": 2})
    assert sync.status == 200, sync.text
    queued = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert queued.status == 202, queued.text
    # WHEN the worker drives the async run and the runs are read back
    assert api.work(invoked.pop())["status"] == "succeeded"
    # THEN every run reads as it was written, one at a time and listed
    shown = api.call("get-session-run", session=counter["id"], run=queued.json()["id"])
    assert shown.status == 200, shown.text
    assert tensor(shown.json()["outputs"][fetch_name]).tolist() == [62.0, 124.0]
    assert [h["outputs"] for h in shown.json()["history"]][-1] == {}
    listed = api.call("get-session-runs", session=counter["id"])
    assert listed.status == 200, listed.text
    assert len(listed.json()["items"]) == 2


def test_a_result_with_no_wire_dtype_is_refused_before_the_run_not_a_500(api):
    # A dataset (a variant tensor) has no wire dtype: fetching one over the API is a 400
    # naming the node. Summaries are string tensors, fetched as BYTES.
    import graphgate as gg

    graph = gg.Graph()
    with graph.as_default():
        x = gg.constant([1.0, 2.0], name="x")
        gg.summary.scalar("total", gg.reduce_sum(x))
        gg.identity(x, name="res")
        gg.data.Dataset.range(3)
    body = {"name": "summaries", "graph": serialization.graph_to_dict(graph)}
    graph_id = create_graph(api, body=body)
    reply = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"d": "RangeDataset"}})
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "UNSUPPORTED_DTYPE"
    assert reply.json()["errors"][0]["node"] == "RangeDataset"
    reply = api.call("post-graph-runs", graph=graph_id, body={"fetches": {"s": "total"}})
    assert reply.status == 200, reply.text
    assert reply.json()["outputs"]["s"]["datatype"] == "BYTES"
    reply = api.call("post-graph-runs", graph=graph_id)
    assert reply.status == 200, reply.text


def _download(module_aws, url):
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path).lstrip("/")
    prefix = keys.TENANTS_PREFIX if keys.TENANTS_PREFIX in path else keys.OUTPUTS_PREFIX
    key = path[path.index(prefix) :]
    s3 = module_aws["clients"]["s3"]
    return json.loads(
        s3.get_object(Bucket=module_aws["ids"]["TensorBucket"], Key=key)["Body"].read()
    )


def test_answers_too_large_for_a_response_come_as_downloads(api, module_aws, counter, monkeypatch):
    # GIVEN a response budget smaller than a run's answer and the session's variables
    from graphgate_service import uploads

    monkeypatch.setattr(uploads, "INLINE_RESPONSE_BYTES", 60)
    # WHEN a run commits and its answer does not fit THEN it is a 200 with a download
    reply = api.call("post-session-runs", session=counter["id"])
    assert reply.status == 200, reply.text
    answer = reply.json()
    assert "outputs" not in answer
    assert tensor(_download(module_aws, answer["outputs_url"])["v"]).shape == (2,)
    # AND the variables it wrote are readable the same way
    reply = api.call("get-session-variables", session=counter["id"])
    assert reply.status == 200, reply.text
    shown = reply.json()
    assert shown["version"] == 2 and shown["variables_expires_in"] == 900
    assert tensor(_download(module_aws, shown["variables_url"])["v"]).tolist() == [1.0, 2.0]


def test_a_run_whose_answer_cannot_be_placed_commits_nothing(api, counter, monkeypatch):
    # GIVEN a run answer too large to return and S3 refusing to take it as a download
    from botocore.exceptions import ClientError

    from graphgate_service import aws, uploads

    monkeypatch.setattr(uploads, "INLINE_RESPONSE_BYTES", 60)

    def slow_down(**_):
        raise ClientError({"Error": {"Code": "SlowDown", "Message": "busy"}}, "PutObject")

    monkeypatch.setattr(aws.client("s3"), "put_object", slow_down)
    # WHEN the run is sent THEN it is a retryable 503 and the session did not move on,
    # so the retry the 503 invites does not apply the step twice
    reply = api.call("post-session-runs", session=counter["id"])
    assert reply.status == 503, reply.text
    monkeypatch.undo()
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


_FAILS_AFTER_INC = {
    "format": "graphgate.graph/v1",
    "nodes": [
        {
            "name": "v/init",
            "op": "Const",
            "attrs": {"value": {"datatype": "FP32", "shape": [], "data": [1.0]}},
        },
        {
            "name": "v",
            "op": "VariableV2",
            "attrs": {"dtype": "FP32", "shape": [], "initializer": "v/Assign"},
        },
        {"name": "v/Assign", "op": "Assign", "inputs": ["v", "v/init"]},
        {
            "name": "one",
            "op": "Const",
            "attrs": {"value": {"datatype": "FP32", "shape": [], "data": [1.0]}},
        },
        {"name": "inc", "op": "AssignAdd", "inputs": ["v", "one"]},
        {
            "name": "zero",
            "op": "Const",
            "attrs": {"value": {"datatype": "FP32", "shape": [], "data": [0.0]}},
        },
        {"name": "v/read", "op": "ReadVariableOp", "inputs": ["v"], "control_inputs": ["inc"]},
        {"name": "div", "op": "RealDiv", "inputs": ["v/read", "zero"]},
        {"name": "chk", "op": "CheckNumerics", "inputs": ["div"], "attrs": {"message": "v/0"}},
    ],
}


def test_a_run_failing_after_an_update_it_ran_stores_nothing(api):
    # GIVEN a check that fails after the increment it waits for (the engine's own Session
    # keeps that increment, as TF's does; docs/decision_log.md, refreads2)
    body = {"name": "fails-after-inc", "graph": _FAILS_AFTER_INC}
    session = start_session(api, create_graph(api, "post-graphs", body))
    # WHEN it runs, in one step and in three
    for steps in (1, 3):
        reply = api.call(
            "post-session-runs", session=session["id"], body={"fetches": ["chk"], "steps": steps}
        )
        # THEN the run fails and the session keeps its version and its value
        assert reply.status == 400 and reply.json()["code"] == "NOT_FINITE", reply.text
        assert values(api, session["id"]) == (1, {"v": 1.0})


# ------------------------------------------------------------------ control flow
def test_a_stored_graph_with_a_while_loop_runs_with_its_gradient_and_a_cond(api):
    # GIVEN a graph stored in format v2: x**4 by a while_loop, its gradient, a cond
    reply = api.call("post-graphs-loop")
    assert reply.status == 201, reply.text
    graph = reply.json()
    placeholders = [p["name"] for p in graph["signature"]["placeholders"]]
    assert placeholders == ["x"]  # the loop's own arguments are not the caller's to feed
    # WHEN it runs, one-shot and in a session
    body = {
        "fetches": {"y": "y", "dy_dx": "dy_dx", "capped": "capped"},
        "feeds": {"x": {"datatype": "FP64", "shape": [], "data": [1.5]}},
    }
    once = api.call("post-graph-runs", graph=graph["id"], body=body)
    session = start_session(api, graph["id"])
    again = api.call("post-session-runs", session=session["id"], body=body)
    # THEN both give TF's numbers: 1.5**4, 4 * 1.5**3, and the untaken branch's input
    for reply in (once, again):
        assert reply.status == 200, reply.text
        out = {k: float(tensor(v)) for k, v in reply.json()["outputs"].items()}
        assert out == {"y": 5.0625, "dy_dx": 13.5, "capped": 5.0625}


def test_a_loop_past_the_service_iteration_cap_is_a_422(api, monkeypatch):
    from graphgate_service import runtime

    monkeypatch.setattr(runtime, "MAX_LOOP_ITERATIONS", 2)
    graph_id = create_graph(api, "post-graphs-loop")
    body = {"fetches": ["y"], "feeds": {"x": {"datatype": "FP64", "shape": [], "data": [2.0]}}}
    reply = api.call("post-graph-runs", graph=graph_id, body=body)
    assert reply.status == 422, reply.text
    assert reply.json()["code"] == "TOO_MANY_ITERATIONS"


def test_an_async_run_whose_upload_is_gone_fails_with_that_not_dead_lettered(
    api, module_aws, counter, invoked
):
    """The worker reads a run's uploads at every invocation; one gone meanwhile (uploads
    expire after a day) raised out of the worker: retried twice, dead-lettered (an
    operator's alarm), the run left queued until WORKER_LOST 20 minutes later."""
    # GIVEN an async run accepted with its feed uploaded
    upload_id = "u_" + "ef" * 12
    buffer = io.BytesIO()
    np.save(buffer, np.array([1.0, 2.0], np.float32))
    s3, bucket = module_aws["clients"]["s3"], module_aws["ids"]["TensorBucket"]
    s3.put_object(Bucket=bucket, Key=keys.upload(api.tenant, upload_id), Body=buffer.getvalue())
    body = json.loads(load_event("post-session-runs-async")["body"])
    body["feeds"]["x"] = {"upload_id": upload_id}
    reply = api.call("post-session-runs-async", session=counter["id"], body=body)
    assert reply.status == 202, reply.text
    # WHEN the upload is gone before the worker runs
    s3.delete_object(Bucket=bucket, Key=keys.upload(api.tenant, upload_id))
    # THEN the worker fails the run with the upload's error, and returns
    run = reply.json()
    assert api.work(invoked.pop()) == {"run_id": run["id"], "status": "failed"}
    shown = api.call("get-session-run", session=counter["id"], run=run["id"]).json()
    assert shown["status"] == "failed" and shown["error"]["code"] == "UNKNOWN_UPLOAD", shown
    assert values(api, counter["id"]) == (1, {"v": [0.0, 0.0]})


@pytest.mark.parametrize("route", ["post-session-runs", "get-session", "get-session-variables"])
def test_a_session_ending_under_a_reader_of_its_state_in_s3_is_404_not_500(api, monkeypatch, route):
    import graphgate as gg
    from graphgate_service import sessions
    from graphgate_service.session_store import SessionStore

    # GIVEN a session whose variables live in S3 (over 300 KB), and its delete landing
    # between a reader's read of the session and of its variables
    graph = gg.Graph()
    with graph.as_default():
        w = gg.Variable(gg.random_normal([300, 300], seed=1), name="w")
        gg.reduce_sum(w, name="total")
    body = {"name": "large", "graph": serialization.graph_to_dict(graph)}
    graph_id = create_graph(api, body=body)
    session = start_session(api, graph_id)
    assert "variables_s3_key" in sessions.store().meta(api.tenant, session["id"])
    real = SessionStore.variables

    def ended_meanwhile(self, tenant, meta):
        monkeypatch.setattr(SessionStore, "variables", real)
        assert api.call("delete-session", session=session["id"]).status == 204
        return real(self, tenant, meta)

    monkeypatch.setattr(SessionStore, "variables", ended_meanwhile)
    # WHEN it reads them THEN the session is gone, as it is
    body = {"fetches": "total"} if route == "post-session-runs" else None
    reply = api.call(route, session=session["id"], body=body)
    assert (reply.status, reply.json()["code"]) == (404, "SESSION_NOT_FOUND"), reply.text


def _two_revisions(api):
    """A counter graph of two revisions, and a session pinned to the first."""
    graph_id = create_graph(api, "post-graphs-counter")
    graph = api.call("get-graph", graph=graph_id).json()
    body = {"name": graph["name"], "graph": graph["graph"]}
    replaced = api.call("put-graph", graph=graph_id, body=body, headers={"If-Match": graph["etag"]})
    assert replaced.status == 200 and replaced.json()["revision"] == 2, replaced.text
    body = {**json.loads(load_event("post-sessions")["body"]), "graph_id": graph_id}
    session = api.call("post-sessions", body={**body, "graph_revision": 1}).json()
    assert session["graph_revision"] == 1
    return graph_id, session


@pytest.mark.parametrize("fixture", ["post-session-runs", "post-session-runs-async"])
def test_a_session_run_naming_another_revision_than_the_sessions_is_refused(api, invoked, fixture):
    # The revision was ignored: the run ran the session's revision 1 and answered 200.
    _, session = _two_revisions(api)
    body = {**json.loads(load_event(fixture)["body"]), "graph_revision": 2}
    reply = api.call(fixture, session=session["id"], body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["pointer"] == "/graph_revision"
    assert reply.json()["errors"][0]["code"] == "CONFLICT"
    assert invoked == []
    same = api.call(fixture, session=session["id"], body={**body, "graph_revision": 1})
    assert same.status in (200, 202), same.text


@pytest.mark.parametrize("source", ["from_session", "from_model"])
def test_a_session_started_from_a_source_refuses_a_revision_of_its_own(api, source):
    _, session = _two_revisions(api)
    start = (
        {"from_session": session["id"]}
        if source == "from_session"
        else {"from_model": {"model": "m", "version": 1}}
    )
    reply = api.call("post-sessions", body={**start, "graph_revision": 2})
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0] == {
        "pointer": "/graph_revision",
        "code": "CONFLICT",
        "message": "given without graph_id",
    }


def test_an_async_run_whose_session_ends_as_its_worker_reads_it_stops_quietly(
    api, counter, invoked, monkeypatch
):
    from graphgate_service import runs

    # GIVEN an async run whose request is kept in S3 (over RUN_RECORD_REQUEST_BYTES)
    monkeypatch.setattr(runs, "RUN_RECORD_REQUEST_BYTES", 10)
    reply = api.call("post-session-runs-async", session=counter["id"])
    assert reply.status == 202, reply.text
    assert "request_s3_key" in api.module_run(counter["id"], reply.json()["id"])
    # AND its session ending between the worker's read of the run and of the request
    read = runs.read

    def then_ended(*args, **kwargs):
        run = read(*args, **kwargs)
        assert api.call("delete-session", session=counter["id"]).status == 204
        return run

    monkeypatch.setattr(runs, "read", then_ended)
    # WHEN the worker runs THEN it stops as for any run whose session ended (it raised
    # NoSuchKey: an invocation failed, retried by Lambda)
    assert api.work(invoked.pop())["status"] == "failed"


def test_fetches_named_at_any_length_are_run_not_a_500(api, invoked, monkeypatch):
    # The run's record kept the fetches as named, and its history each scalar fetch's
    # name: a 450 KB output name overflowed the item, a 500 after a synchronous run had
    # computed, and an async run's first checkpoint failed until it was dead-lettered.
    import graphgate as gg

    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable([0.0, 0.0], name="v")
        gg.assign_add(v, gg.placeholder(gg.float32, [2], name="x"), name="add_x")
        gg.reduce_sum(v, name="total")
    document = {"name": "counter", "graph": serialization.graph_to_dict(graph)}
    counter = start_session(api, create_graph(api, body=document))
    long_name = "k" * 450_000
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")  # a chunk an invocation
    feeds = {"x": {"datatype": "FP32", "shape": [2], "data": [1.0, 2.0]}}
    body = {"fetches": {long_name: "v", "sum": "total"}, "feeds": feeds, "targets": ["add_x"]}
    ran = api.call("post-session-runs", session=counter["id"], body=body)
    assert ran.status == 200, ran.text
    assert tensor(ran.json()["outputs"][long_name]).tolist() == [1.0, 2.0]
    body = {"fetches": {long_name: "total", "v": "v"}, "feeds": feeds, "targets": ["add_x"]}
    run = _checkpointed(api, counter["id"], {**body, "steps": 50}, invoked, 1)
    assert run["completed_steps"] == 25 and run["history"] == []  # its one scalar too long
    assert drive(api, invoked) == ["succeeded"]
    assert values(api, counter["id"])[1] == {"v": [51.0, 102.0]}


@pytest.mark.parametrize("request_bytes", [None, 10], ids=["in-record", "in-s3"])
def test_an_async_run_started_as_its_session_ends_is_404_and_leaves_nothing(
    api, module_aws, counter, invoked, monkeypatch, request_bytes
):
    from graphgate_service import runs

    # GIVEN the session's DELETE landing after the run's start read the session, before
    # its record is written (its request kept in the record, or in S3)
    if request_bytes:
        monkeypatch.setattr(runs, "RUN_RECORD_REQUEST_BYTES", request_bytes)
    keep_request = runs.keep_request

    def then_ended(*args, **kwargs):
        keep_request(*args, **kwargs)
        assert api.call("delete-session", session=counter["id"]).status == 204

    monkeypatch.setattr(runs, "keep_request", then_ended)
    # WHEN the run is accepted THEN it is the 404 a run asked for after the end gets
    # (it was a 202 whose record outlived the session for good, 1 race in 10 over HTTP)
    reply = api.call("post-session-runs-async", session=counter["id"])
    assert reply.status == 404 and reply.json()["code"] == "SESSION_NOT_FOUND", reply.text
    assert invoked == []
    # AND nothing of the session is left: no record, no object
    assert session_items(module_aws, api, counter["id"]) == []
    clients, ids = module_aws["clients"], module_aws["ids"]
    prefix = keys.session_prefix(api.tenant, counter["id"])
    objects = clients["s3"].list_objects_v2(Bucket=ids["TensorBucket"], Prefix=prefix)
    assert objects.get("Contents", []) == []


def test_a_read_only_run_answered_as_its_session_ends_leaves_no_record(
    api, module_aws, counter, monkeypatch
):
    from graphgate_service import runs

    # GIVEN the session's DELETE landing after a read-only run read it, before the run's
    # record is written
    execute = runs._execute

    def then_ended(*args, **kwargs):
        result = execute(*args, **kwargs)
        assert api.call("delete-session", session=counter["id"]).status == 204
        return result

    monkeypatch.setattr(runs, "_execute", then_ended)
    # WHEN it answers THEN it answers what it read, as in the serial order "run, then
    # delete", and its record does not outlive the session (3 races in 16 over HTTP)
    reply = api.call("post-session-runs", session=counter["id"], body={"fetches": {"v": "v"}})
    assert reply.status == 200, reply.text
    assert tensor(reply.json()["outputs"]["v"]).tolist() == [0.0, 0.0]
    assert session_items(module_aws, api, counter["id"]) == []


def test_an_async_run_failing_with_a_long_detail_keeps_it_cut_in_its_record(
    api, counter, invoked, monkeypatch
):
    """An engine error may quote what the program holds (an Assert's data, a name): kept
    whole, a 500 KB quote took the run's item past DynamoDB's 400 KB, so the worker's
    write failed and the run stayed running until WORKER_LOST."""
    from graphgate_service import jobs, problems

    # GIVEN an async run whose execution fails quoting 500,000 characters
    quote = "x" * 500_000

    def fail(*args, **kwargs):
        raise problems.BadRequest(f"assertion failed: [{quote}]", code="RUN_FAILED")

    monkeypatch.setattr(jobs.runtime, "execute", fail)
    reply = api.call("post-session-runs-async", session=counter["id"])
    assert reply.status == 202, reply.text
    run = reply.json()
    # WHEN the worker runs it, THEN it fails with the error, its detail cut as a
    # synchronous answer cuts it
    assert api.work(invoked.pop()) == {"run_id": run["id"], "status": "failed"}
    shown = api.call("get-session-run", session=counter["id"], run=run["id"]).json()
    assert shown["status"] == "failed" and shown["error"]["code"] == "RUN_FAILED", shown
    detail = shown["error"]["detail"]
    assert detail.startswith("assertion failed: [xxx") and "(500,020 characters)" in detail
    assert len(detail) < 2_000


def test_a_fork_draws_on_from_where_its_sources_random_streams_are(api):
    # A fork copied the variables only: its seeded ops drew from the start of their
    # streams again, so a dropout run cancelled, forked and finished on the fork redrew
    # the first steps' masks and ended far from the uninterrupted run (scenarios15).
    import graphgate as gg

    graph = gg.Graph()
    with graph.as_default():
        gg.identity(gg.random_uniform([4], seed=7), name="draw")
    body = {"name": "draws", "graph": serialization.graph_to_dict(graph)}
    source = start_session(api, create_graph(api, body=body))

    def draw(session_id):
        reply = api.call("post-session-runs", session=session_id, body={"fetches": "draw"})
        assert reply.status == 200, reply.text
        return reply.json()["outputs"]["data"]

    first = draw(source["id"])
    forked = api.call("post-sessions", body={"from_session": source["id"]})
    assert forked.status == 201, forked.text
    # THEN the fork's next draw is the source's next, not the source's first again
    second = draw(forked.json()["id"])
    assert second != first
    assert draw(source["id"]) == second


def _slow_initializer_graph():
    """A graph whose variable's initializer loops 900,000 times (seconds of work)."""
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        loop = gg.while_loop(
            lambda i, a: i < 900_000, lambda i, a: (i + 1, a + 1.0), [gg.constant(0), 0.0]
        )
        v = gg.Variable(gg.identity(loop[1]), name="v")
        gg.add(gg.placeholder(gg.float32, [], name="x"), v, name="y")
    return {"name": "slow-init", "graph": serialization.graph_to_dict(g)}


def test_initializers_are_held_to_the_time_the_invocation_has_left(api):
    from graphgate_service import runtime

    # Probe 19: a session's start and a one-shot run ran the initializers with no deadline:
    # a minute's initializer answered 503 DEPENDENCY_UNAVAILABLE (no time left to store
    # the session) or, longer, the gateway's 502 past the function's timeout
    graph_id = create_graph(api, body=_slow_initializer_graph())
    remaining_ms = int(runtime.RESPONSE_MARGIN_S * 1000) + 300
    one_shot = {"fetches": ["y"], "feeds": {"x": {"datatype": "FP32", "shape": [], "data": [1]}}}
    started = time.monotonic()
    for name, body in (("post-sessions", {"graph_id": graph_id}), ("post-graph-runs", one_shot)):
        reply = api.call(name, graph=graph_id, body=body, remaining_ms=remaining_ms)
        assert reply.status == 504, reply.text
        assert reply.json()["code"] == "DEADLINE_EXCEEDED"
        assert "initializers" in reply.json()["detail"]
    assert time.monotonic() - started < 4  # stopped at the deadline, not run out
    assert api.call("get-sessions").json()["items"] == []


def test_outputs_too_large_to_encode_are_refused_before_anything_is_encoded_or_applied(
    api, monkeypatch
):
    import graphgate as gg
    from graphgate_service import settings

    # Probe 19: outputs were encoded whole as JSON (about 70 bytes an element) before
    # their size was looked at: a 16 MB tensor fetched 20 times held the runner at +2.5 GB
    # and answered the gateway's 502 after the function's timeout
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(0.0, name="v")
        gg.identity(v.assign_add(1.0), name="inc")
        gg.fill([1000, 1000], 0.5, name="y")
    graph_id = create_graph(api, body={"name": "wide", "graph": serialization.graph_to_dict(g)})
    session = start_session(api, graph_id)["id"]
    monkeypatch.setattr(settings, "function_memory_mb", lambda: 1024)  # a 256 MiB budget
    for name, target, body in (
        ("post-graph-runs", {"graph": graph_id}, {"fetches": ["y"] * 4}),
        ("post-session-runs", {"session": session}, {"fetches": ["y"] * 4, "targets": ["inc"]}),
    ):
        reply = api.call(name, body=body, **target)
        assert reply.status == 422, reply.text
        problem = reply.json()
        assert problem["code"] == "OUTPUTS_TOO_LARGE" and problem["limit"] == 256 * 2**20
        assert '"encoding": "b64"' in problem["detail"]
    assert values(api, session) == (1, {"v": 0.0})  # nothing applied
    # AND the same as b64, or fetched once, is answered
    for body in ({"fetches": ["y"] * 4, "encoding": "b64"}, {"fetches": ["y"]}):
        reply = api.call("post-session-runs", session=session, body=body)
        assert reply.status == 200, reply.text


def test_an_async_run_whose_outputs_are_too_large_to_encode_fails_once_not_retried(
    api, invoked, monkeypatch
):
    import graphgate as gg
    from graphgate_service import settings

    # GIVEN an async run of 2 steps adding one to v, fetching a [1000, 1000] value 4 times
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(0.0, name="v")
        gg.identity(v.assign_add(1.0), name="inc")
        gg.fill([1000, 1000], 0.5, name="y")
    graph_id = create_graph(api, body={"name": "wide", "graph": serialization.graph_to_dict(g)})
    session = start_session(api, graph_id)["id"]
    body = {"fetches": ["y"] * 4, "targets": ["inc"], "steps": 2}
    reply = api.call("post-session-runs-async", session=session, body=body)
    assert reply.status == 202, reply.text
    # WHEN the worker, whose budget is 256 MiB, reaches its end
    monkeypatch.setattr(settings, "function_memory_mb", lambda: 1024)
    # THEN the run fails with the code a synchronous run answers (before: an exception
    # out of the worker, retried by Lambda until dead-lettered)
    assert api.work(invoked.pop())["status"] == "failed"
    shown = api.call("get-session-run", session=session, run=reply.json()["id"]).json()
    assert shown["status"] == "failed" and shown["error"]["code"] == "OUTPUTS_TOO_LARGE"
    assert invoked == []
    assert values(api, session) == (1, {"v": 0.0})  # the last checkpoint: none


def test_batches_naming_one_upload_read_it_once_and_all_count_as_the_runs_feeds(
    api, module_aws, monkeypatch
):
    import io

    import graphgate as gg
    from graphgate_service import runs, uploads

    # Probe 19: each of a run's feed batches read its upload anew, and each was held to
    # the plan's feed bytes alone: 20 batches naming one 50 MB upload held 1 GB
    g = gg.Graph()
    with g.as_default():
        gg.reduce_sum(gg.placeholder(gg.float32, [None], name="x"), name="y")
    graph_id = create_graph(api, body={"name": "sum", "graph": serialization.graph_to_dict(g)})
    names = []
    for k in range(2):
        buffer = io.BytesIO()
        np.save(buffer, np.full(250_000, k + 1, np.float32))  # 1 MB each
        names.append("u_" + f"{k}" * 24)
        module_aws["clients"]["s3"].put_object(
            Bucket=module_aws["ids"]["TensorBucket"],
            Key=keys.upload(api.tenant, names[-1]),
            Body=buffer.getvalue(),
        )
    reads = []
    real = uploads.load
    monkeypatch.setattr(uploads, "load", lambda *a: reads.append(a[1]) or real(*a))
    first = {"x": {"upload_id": names[0]}}
    reply = api.call(
        "post-graph-runs", graph=graph_id, body={"fetches": ["y"], "feed_batches": [first] * 20}
    )
    assert reply.status == 200, reply.text
    assert tensor(reply.json()["outputs"][0]).tolist() == 250_000.0
    assert reads == [names[0]]
    # AND two uploads of 1 MB are past a plan allowing 1.5 MB a run, named in any batches
    monkeypatch.setattr(runs, "limits", lambda *a: runtime_limits(1_500_000))
    second = {"x": {"upload_id": names[1]}}
    reply = api.call(
        "post-graph-runs", graph=graph_id, body={"fetches": ["y"], "feed_batches": [first, second]}
    )
    assert reply.status == 422 and reply.json()["code"] == "FEED_TOO_LARGE", reply.text


def runtime_limits(max_feed_bytes):
    from graphgate_service import runtime

    return runtime.RunLimits(10, 10.0, max_feed_bytes)


def test_an_async_run_failing_at_a_step_names_the_step_and_node_after_its_checkpoint(api, invoked):
    """A step's engine error (an id past an embedding, in one feed batch of many) failed
    the run naming neither the step nor the node: a user resuming from the checkpoint
    could not tell which batch to fix."""
    import graphgate as gg

    graph = gg.Graph()
    with graph.as_default():
        ids = gg.placeholder(gg.int32, [None], name="ids")
        table = gg.Variable(gg.ones([4, 1]), name="table")
        loss = gg.reduce_sum(gg.gather(table, ids), name="loss")
        gg.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    session = start_session(
        api, create_graph(api, body={"name": "lookup", "graph": serialization.graph_to_dict(graph)})
    )
    # GIVEN 30 feed batches, the 28th with id 4 of a 4-row table
    batches = [{"ids": {"datatype": "INT32", "shape": [1], "data": [i % 4]}} for i in range(30)]
    batches[27]["ids"]["data"] = [4]
    body = {"fetches": {"loss": "loss"}, "targets": ["train"], "feed_batches": batches}
    reply = api.call("post-session-runs-async", session=session["id"], body={**body, "steps": 30})
    assert reply.status == 202, reply.text
    # WHEN the worker runs it THEN it fails at step 28, after its checkpoint at 25
    assert drive(api, invoked) == ["failed"]
    shown = api.call("get-session-run", session=session["id"], run=reply.json()["id"]).json()
    assert shown["completed_steps"] == 25, shown
    error = shown["error"]
    assert (error["status"], error["code"], error["step"]) == (400, "INDEX_OUT_OF_RANGE", 28)
    assert error["node"].startswith("GatherV2"), error


@pytest.mark.parametrize(
    ("plan", "declared", "status"),
    [
        ("free", 64 * 2**20, 201),
        ("free", 64 * 2**20 + 1, 422),
        ("pro", 256 * 2**20, 201),
    ],
)
def test_an_upload_past_what_the_plan_can_use_of_one_is_refused(api, plan, declared, status):
    """A free tenant's feeds stop at 16 MB and its ONNX models at 64 MB, yet its uploads
    were signed for up to 256 MiB, kept a day in storage: the plan's `upload_bytes` bounds
    the size declared, and the answer's `max_bytes` says it."""
    event = copy.deepcopy(load_event("post-uploads"))
    event["body"] = json.dumps({"bytes": declared})
    event["requestContext"]["authorizer"].update(tenant_id=api.tenant, plan=plan)
    reply = ProxyReply(api.handlers["sessions"].lambda_handler(event, None))
    assert reply.status == status, reply.text
    if status == 201:
        assert reply.json()["max_bytes"] == {"free": 64 * 2**20, "pro": 256 * 2**20}[plan]
    else:
        refusal = reply.json()
        assert (refusal["code"], refusal["cap"]) == ("PLAN_LIMIT_EXCEEDED", "upload_bytes")
        assert (refusal["limit"], refusal["requested"]) == (64 * 2**20, declared)
