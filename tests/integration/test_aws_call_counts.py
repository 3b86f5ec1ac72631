"""What each route costs on AWS (issue 17 §5): the DynamoDB, S3 and Lambda calls one
request makes in a warm container, counted at botocore's `before-call` on the
service's own clients while events/ fixtures run through the handlers against
moto. A route that starts making another call fails here, so the change is seen;
docs/operations.md prices these counts."""

import collections
import json
import secrets

import pytest

from graphgate_service import keys
from tests.integration.test_sessions_handler import Api, module_aws  # noqa: F401 - fixture
from tests.support import load_event

ONES = {"datatype": "FP32", "shape": [2], "data": [1.0, 1.0]}

# route -> {operation: calls}, in a warm container (the route's modules imported,
# its clients made, the revision it reads read once before by this container).
EXPECTED = {
    # The profile read before a graph is checked or written (a tenant at its cap is refused
    # before the engine's work, round 23), then the write (its transaction enforces the cap).
    "POST /v1/graphs": {"dynamodb.GetItem": 2, "dynamodb.TransactWriteItems": 1},
    "GET /v1/graphs/{id}": {"dynamodb.GetItem": 1},
    "GET /v1/graphs": {"dynamodb.Query": 1},
    "PUT /v1/graphs/{id}": {"dynamodb.GetItem": 3, "dynamodb.TransactWriteItems": 1},
    "PATCH /v1/graphs/{id}": {"dynamodb.GetItem": 1, "dynamodb.TransactWriteItems": 1},
    "POST /v1/graphs/{id}/runs": {"dynamodb.GetItem": 1, "dynamodb.UpdateItem": 1},
    "POST /v1/sessions": {
        "dynamodb.GetItem": 1,
        "dynamodb.Query": 2,
        "dynamodb.TransactWriteItems": 1,
    },
    "POST /v1/sessions/{id}/runs": {
        "dynamodb.GetItem": 2,
        "dynamodb.TransactWriteItems": 1,
        "dynamodb.UpdateItem": 1,
    },
    # The run's record is written with a check that its session is still there (one
    # transaction, no extra call): a record written after the session's end outlived it.
    "POST /v1/sessions/{id}/runs (async)": {
        "dynamodb.GetItem": 2,
        "dynamodb.TransactWriteItems": 1,
        "lambda.Invoke": 1,
    },
    # One run is read by its key (its id carries its creation time), never by reading
    # the session's runs: the session's META and the run's item.
    "GET /v1/sessions/{id}/runs/{runId}": {"dynamodb.GetItem": 2},
    # An id of no run is not looked for among the session's runs either: a session
    # started since run ids carry their time has no run made before (SessionStore.run).
    # The META is read again, so that a run gone with its session's end meanwhile is that
    # end's 404 (runs.of_session).
    "GET /v1/sessions/{id}/runs/{runId} (404)": {"dynamodb.GetItem": 3},
    "GET /v1/sessions/{id}/runs": {"dynamodb.GetItem": 1, "dynamodb.Query": 1},
    "GET /v1/sessions/{id}/variables": {"dynamodb.GetItem": 1},
    # A SavedModel: the version (or the session's META), then the revision it came from
    # (a warm container's graph is built once; the archive goes inline, under 4.4 MB).
    "GET /v1/models/{m}/versions/{v} (zip)": {"dynamodb.GetItem": 2},
    "GET /v1/sessions/{id} (zip)": {"dynamodb.GetItem": 2},
    # Deletes free the items and objects left behind (revisions, runs, exports).
    "DELETE /v1/sessions/{id}": {
        "dynamodb.GetItem": 1,
        "dynamodb.TransactWriteItems": 1,
        "dynamodb.Query": 1,
        "dynamodb.BatchWriteItem": 1,
        "s3.ListObjectsV2": 1,
    },
    "DELETE /v1/graphs/{id}": {
        "dynamodb.GetItem": 1,
        "dynamodb.Query": 2,
        "dynamodb.TransactWriteItems": 1,
        "dynamodb.BatchWriteItem": 1,
        "s3.ListObjectsV2": 1,
    },
}


class Calls:
    """AWS calls made through graphgate_service.aws's clients, by `service.Operation`."""

    def __init__(self, monkeypatch):
        from graphgate_service import aws

        self.counts: collections.Counter[str] = collections.Counter()
        for service in ("dynamodb", "s3", "secretsmanager"):
            aws.client(service).meta.events.register("before-call", self._seen)

        def invoke(**_request):  # the worker is not run here; its invocation is counted
            self.counts["lambda.Invoke"] += 1
            return {"StatusCode": 202}

        monkeypatch.setattr(aws.client("lambda"), "invoke", invoke)

    def _seen(self, event_name, **_):
        _, service, operation = event_name.split(".")
        self.counts[f"{service}.{operation}"] += 1

    def of(self, step):
        self.counts.clear()
        step()
        return dict(self.counts)


@pytest.fixture
def api(module_aws, monkeypatch):  # noqa: F811 - the imported fixture, used here
    from graphgate_service import jobs

    monkeypatch.setattr(jobs, "_dispatcher", None)
    tenant = "t_" + secrets.token_hex(8)
    module_aws["clients"]["dynamodb"].put_item(
        TableName=module_aws["ids"]["Table"],
        Item={
            **keys.profile(tenant),
            "plan": {"S": "pro"},
            "name": {"S": tenant},
        },
    )
    return Api(tenant, "t_" + secrets.token_hex(8))


def saved_model_steps(api, made, ok):
    """A version frozen from a session on the linear graph, and both downloaded as
    SavedModels (the first after the container's warm-up read of the version)."""

    def linear():
        made["linear"] = ok(api.call("post-graphs-linear"), 201)["id"]
        body = {"graph_id": made["linear"]}
        made["linear_session"] = ok(api.call("post-sessions", body=body), 201)["id"]
        body = json.loads(load_event("post-models")["body"])
        ok(api.call("post-models", body={**body, "session_id": made["linear_session"]}), 201)

    def saved_model():
        zipped(api.call("get-model-version-zip"))

    def session_saved_model():
        zipped(api.call("get-session-zip", session=made["linear_session"], query={"fetch": "y"}))

    return [
        (None, linear),
        (None, saved_model),
        ("GET /v1/models/{m}/versions/{v} (zip)", saved_model),
        ("GET /v1/sessions/{id} (zip)", session_saved_model),
    ]


def zipped(reply):
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == "application/zip"


def scenario(api):
    """(route, step) pairs: each step a request that must succeed."""
    made = {}

    def ok(reply, status):
        assert reply.status == status, reply.text
        return reply.json() if reply.content else None

    def create():
        made["graph"] = ok(api.call("post-graphs"), 201)

    def counter():
        made["counter"] = ok(api.call("post-graphs-counter"), 201)["id"]
        body = {"graph_id": made["counter"]}
        made["session"] = ok(api.call("post-sessions", body=body), 201)["id"]

    def session_start():
        body = {"graph_id": made["counter"]}
        made["other_session"] = ok(api.call("post-sessions", body=body), 201)["id"]

    def graph(name, status=200, **parts):
        return lambda: ok(api.call(name, graph=made["graph"]["id"], **parts), status)

    def replace():
        etag = made["graph"]["etag"]
        made["graph"] = graph("put-graph", headers={"If-Match": etag})()

    def patch():
        etag = made["graph"]["etag"]
        made["graph"] = graph("patch-graph", headers={"If-Match": etag})()

    def session(name, status=200, **parts):
        return lambda: ok(api.call(name, session=made["session"], **parts), status)

    def start_async():
        made["run"] = session("post-session-runs-async", 202, body=async_body)()["id"]

    def read_run():
        ok(api.call("get-session-run", session=made["session"], run=made["run"]), 200)

    def read_no_run():
        no_run = made["run"][:-4] + ("0000" if made["run"][-4:] != "0000" else "1111")
        reply = api.call("get-session-run", session=made["session"], run=no_run)
        assert reply.status == 404 and reply.json()["code"] == "RUN_NOT_FOUND", reply.text

    run_body = {"fetches": "add_x", "feeds": {"x": ONES}}
    async_body = {**run_body, "steps": 3}
    return [
        (None, create),
        ("POST /v1/graphs", create),
        (None, graph("get-graph")),  # the revision read once by this container
        ("GET /v1/graphs/{id}", graph("get-graph")),
        ("GET /v1/graphs", lambda: ok(api.call("get-graphs"), 200)),
        ("PUT /v1/graphs/{id}", replace),
        ("PATCH /v1/graphs/{id}", patch),
        (None, graph("post-graph-runs")),
        ("POST /v1/graphs/{id}/runs", graph("post-graph-runs")),
        (None, counter),
        ("POST /v1/sessions", session_start),
        (None, session("post-session-runs", body=run_body)),
        ("POST /v1/sessions/{id}/runs", session("post-session-runs", body=run_body)),
        ("POST /v1/sessions/{id}/runs (async)", start_async),
        ("GET /v1/sessions/{id}/runs/{runId}", read_run),
        ("GET /v1/sessions/{id}/runs/{runId} (404)", read_no_run),
        ("GET /v1/sessions/{id}/runs", session("get-session-runs")),
        ("GET /v1/sessions/{id}/variables", session("get-session-variables")),
        *saved_model_steps(api, made, ok),
        ("DELETE /v1/sessions/{id}", session("delete-session", 204)),
        ("DELETE /v1/graphs/{id}", graph("delete-graph", 204, headers={"If-Match": "*"})),
    ]


def test_each_route_makes_the_aws_calls_it_must_and_no_more(api, monkeypatch):
    # GIVEN a warm container: every route's modules imported and clients made
    calls = Calls(monkeypatch)
    for _, step in scenario(api):
        step()
    # WHEN each route runs again, as its own first request or after a warm-up read
    counted = {route: calls.of(step) for route, step in scenario(api)}
    counted.pop(None)
    # THEN each makes exactly the calls listed
    assert counted == EXPECTED, json.dumps(counted, indent=1, sort_keys=True)
