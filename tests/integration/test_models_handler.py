"""The models function in-process against moto, driven by the events/ fixtures:
graphgate's /v1/models resource, KServe v2 (/v2/models) and TF Serving (/tfserving).

The model is events/post-graphs-linear.json: y = x @ w + b with w = [[1], [2]],
b = [0.5], trained by SGD on (x, t) through the sessions function."""

import base64
import copy
import importlib
import json
import secrets
import sys

import numpy as np
import pytest

from graphgate import serialization
from graphgate_service import keys, models
from tests.support import REPO_ROOT, ProxyReply, load_event, moto_aws

MODEL, SESSION = "linear", "s_00000000000000000000"
TRAIN = "GradientDescent/train"  # the training op of the fixture's graph document
MODEL_EVENTS = [
    "get-model",
    "get-model-versions",
    "get-model-version",
    "delete-model-version",
    "get-model-label",
    "put-model-label",
    "delete-model-label",
    "get-kserve-model",
    "get-kserve-model-ready",
    "get-kserve-model-version",
    "post-kserve-infer",
    "post-kserve-version-infer",
    "get-tfserving-model",
    "get-tfserving-metadata",
    "post-tfserving-predict",
    "post-tfserving-label-predict",
    "post-tfserving-version-predict",
    "post-tfserving-classify",
    "post-tfserving-regress",
]


@pytest.fixture(scope="module")
def module_aws():
    from graphgate_service import settings as service_settings

    with pytest.MonkeyPatch.context() as patch, moto_aws(patch) as provisioned:
        patch.setenv("CURSOR_SECRET_ARN", provisioned["ids"]["CursorSigningSecret"])
        service_settings.get.cache_clear()
        yield provisioned


def _function(name):
    sys.path.insert(0, str(REPO_ROOT / "functions" / name))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / name))


class Api:
    """The graphs, sessions and models handlers, called as `tenant` (`other` is a
    second tenant of the test's own)."""

    def __init__(self, tenant, other):
        self.tenant, self.other = tenant, other
        self.handlers = {n: _function(n) for n in ("graphs", "sessions", "models")}

    def call(
        self, name, *, body=None, raw=None, headers=None, tenant=None, path=None, params=None,
        query=None,
    ):  # fmt: skip
        event = copy.deepcopy(load_event(name))
        if query is not None:
            event["queryStringParameters"] = {k: v[-1] for k, v in query.items()}
            event["multiValueQueryStringParameters"] = query
        if path is not None:
            event["path"] = path
            event["requestContext"]["path"] = "/staging" + path
        if params is not None:
            event["pathParameters"] = {**event["pathParameters"], **params}
        if body is not None:
            event["body"] = json.dumps(body)
        if raw is not None:  # as API Gateway passes a binary media type: base64
            event["body"], event["isBase64Encoded"] = base64.b64encode(raw).decode(), True
        event["headers"].update(headers or {})
        event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
        authorizer = event["requestContext"]["authorizer"]
        authorizer["tenant_id"] = authorizer["principalId"] = tenant or self.tenant
        authorizer["scope"] = (
            "graphs:read graphs:write sessions:run models:read models:write models:predict"
        )
        family = event["resource"].split("/")[2]
        handler = {"graphs": "graphs", "sessions": "sessions"}.get(family, "models")
        reply = ProxyReply(self.handlers[handler].lambda_handler(event, None))
        if reply.status >= 400 and not event["path"].startswith("/tfserving/"):
            # KServe's errors are problems typed application/json, as its servers type them.
            kserve = event["path"].startswith("/v2/")
            media = "application/json" if kserve else "application/problem+json"
            assert reply.headers["content-type"] == media, reply.text
            assert reply.json()["code"], reply.text
        return reply

    def session_run(self, session_id, request):
        path = f"/v1/sessions/{session_id}/runs"
        return self.call(
            "post-session-runs", body=request, path=path, params={"sessionId": session_id}
        )


@pytest.fixture
def api(module_aws):
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
def session(api):
    """GIVEN a session on the linear graph (w = [[1], [2]], b = [0.5])."""
    created = api.call("post-graphs-linear")
    assert created.status == 201, created.text
    started = api.call("post-sessions", body={"graph_id": created.json()["id"]})
    assert started.status == 201, started.text
    return started.json()["id"]


def freeze(api, session_id, **extra):
    body = {**json.loads(load_event("post-models")["body"]), "session_id": session_id, **extra}
    reply = api.call("post-models", body=body)
    assert reply.status == 201, reply.text
    return reply.json()


def train(api, session_id, steps=1):
    feeds = {
        "x": {"datatype": "FP32", "shape": [1, 2], "data": [1.0, 1.0]},
        "t": {"datatype": "FP32", "shape": [1, 1], "data": [0.0]},
    }
    reply = api.session_run(
        session_id,
        {"fetches": {"loss": "loss"}, "feeds": feeds, "targets": [TRAIN], "steps": steps},
    )
    assert reply.status == 200, reply.text


def infer(api, version=None, rows=((1.0, 1.0),), headers=None):
    rows = np.asarray(rows, np.float32)
    body = {
        "inputs": [
            {
                "name": "x",
                "datatype": "FP32",
                "shape": list(rows.shape),
                "data": rows.ravel().tolist(),
            }
        ]
    }
    if version is None:
        reply = api.call("post-kserve-infer", body=body, headers=headers)
    else:
        path = f"/v2/models/{MODEL}/versions/{version}/infer"
        reply = api.call(
            "post-kserve-version-infer", body=body, path=path, params={"version": str(version)}
        )
    assert reply.status == 200, reply.text
    out = reply.json()["outputs"][0]
    return serialization.decode_tensor({k: out[k] for k in ("datatype", "shape", "data")}), reply


# ---------------------------------------------------------------- the resource
@pytest.mark.parametrize("outputs", [{"out": "loss"}, {"y": "y", "out": "t"}])
def test_an_output_needing_a_placeholder_no_input_feeds_is_refused_at_freeze(api, session, outputs):
    # It froze, and every prediction was a 400 MISSING_FEED naming a placeholder (t) that
    # no client of the signature can feed: a version that can never answer.
    reply = api.call(
        "post-models",
        body={
            **json.loads(load_event("post-models")["body"]),
            "session_id": session,
            "outputs": outputs,
        },
    )
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "SIGNATURE_INVALID"
    assert reply.json()["errors"][0]["pointer"] == "/outputs/out"
    assert "t" in reply.json()["detail"]
    assert api.call("get-models").json()["items"] == []


@pytest.mark.parametrize("second", ["x", "x:0"])
def test_two_inputs_bound_to_one_placeholder_are_refused_not_one_ignored(api, session, second):
    # Both would feed x: a prediction answered from one and silently dropped the other.
    body = {**json.loads(load_event("post-models")["body"]), "session_id": session}
    body["inputs"] = {"x": "x", "x2": second}
    reply = api.call("post-models", body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "SIGNATURE_INVALID"
    assert reply.json()["errors"][0]["pointer"] == "/inputs/x2"
    assert api.call("get-model").status == 404  # nothing was stored


@pytest.mark.parametrize("aliases", [1, 6])
def test_a_signature_too_large_to_keep_is_refused_not_a_500(api, session, aliases):
    # Aliases are any strings: one of 450 KB, or six of 80 KB, overflowed the version's
    # item and its write was a 500.
    body = {**json.loads(load_event("post-models")["body"]), "session_id": session}
    outputs = body["outputs"]
    body["outputs"] = {
        f"o{i}_" + "b" * (450_000 // aliases): ref
        for i in range(aliases)
        for ref in outputs.values()
    }
    reply = api.call("post-models", body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "SIGNATURE_INVALID" and "bytes" in reply.json()["detail"]
    assert api.call("get-model").status == 404  # nothing was stored
    # names of a usual length still freeze
    body["outputs"] = {f"o{i}_" + "b" * 1000: ref for i, ref in enumerate(outputs.values())}
    assert api.call("post-models", body=body).status == 201


def test_a_session_freezes_into_a_version_with_its_signature(api, session):
    version = freeze(api, session)
    assert (version["model"], version["version"]) == (MODEL, 1)
    assert version["signature"]["inputs"] == [
        {"name": "x", "tensor": "x:0", "datatype": "FP32", "shape": [-1, 2]}
    ]
    assert version["signature"]["outputs"] == [
        {"name": "y", "tensor": "y:0", "datatype": "FP32", "shape": [-1, 1]}
    ]
    assert version["source"]["session_id"] == session
    got = api.call("get-model-version")
    assert got.status == 200 and got.json()["signature"] == version["signature"]
    assert freeze(api, session)["version"] == 2
    listed = api.call("get-model-versions").json()
    assert [v["version"] for v in listed["items"]] == [2, 1]
    model = api.call("get-model")
    assert model.json()["latest_version"] == 2 and model.json()["labels"] == {}
    assert [m["name"] for m in api.call("get-models").json()["items"]] == [MODEL]


def test_a_versions_description_is_kept_for_every_later_read(api, session):
    assert freeze(api, session, description="trained 5 steps")["description"] == "trained 5 steps"
    assert api.call("get-model-version").json()["description"] == "trained 5 steps"
    listed = api.call("get-model-versions").json()["items"]
    assert listed[0]["description"] == "trained 5 steps"


def test_frozen_version_is_unchanged_while_its_session_keeps_training(api, session):
    freeze(api, session)
    before, _ = infer(api, version=1, rows=[[1.0, 1.0], [0.5, -2.0]])
    # x @ [[1], [2]] + 0.5
    np.testing.assert_allclose(before, [[3.5], [-3.0]])
    train(api, session, steps=3)
    after, _ = infer(api, version=1, rows=[[1.0, 1.0], [0.5, -2.0]])
    np.testing.assert_array_equal(after, before)
    freeze(api, session)
    trained, _ = infer(api, version=2, rows=[[1.0, 1.0], [0.5, -2.0]])
    assert not np.allclose(trained, before)


def test_predictions_are_metered_but_leave_no_run_records(api, session, module_aws):
    freeze(api, session)
    for _ in range(3):
        infer(api)
    usage = importlib.import_module("graphgate_service.metering").today(api.tenant)
    assert usage["runs"] == 3 and usage["feed_bytes"] == 3 * 8
    items = module_aws["clients"]["dynamodb"].scan(TableName=module_aws["ids"]["Table"])["Items"]
    runs = [
        i
        for i in items
        if i["pk"]["S"].startswith(keys.tenant_pk(api.tenant) + "#")
        and i["sk"]["S"].startswith(keys.RUN_PREFIX)
    ]
    assert runs == []


# ------------------------------------------------------------------- labels
def test_labels_move_atomically_with_if_match_and_hold_their_versions(api, session):
    freeze(api, session)
    train(api, session)
    freeze(api, session)
    put = api.call("put-model-label", body={"version": 1})
    assert put.status == 200, put.text
    etag = put.headers["etag"]
    assert api.call("get-model-label").json() == {"model": MODEL, "label": "stable", "version": 1}
    # The default route follows `stable`, not the newest version.
    assert infer(api)[1].headers["x-model-version"] == "1"

    stale = api.call("put-model-label", body={"version": 2}, headers={"If-Match": '"0"'})
    assert stale.status == 412 and stale.json()["code"] == "VERSION_MISMATCH"
    held = api.call("delete-model-version")
    assert held.status == 409 and held.json()["code"] == "MODEL_VERSION_LABELLED"
    assert held.json()["labels"] == ["stable"]

    moved = api.call("put-model-label", body={"version": 2}, headers={"If-Match": etag})
    assert moved.status == 200, moved.text
    assert infer(api)[1].headers["x-model-version"] == "2"
    assert api.call("delete-model-version").status == 204
    gone = api.call("get-model-version")
    assert gone.status == 404 and gone.json()["code"] == "MODEL_VERSION_NOT_FOUND"
    missing = api.call("put-model-label", body={"version": 1})
    assert missing.status == 404 and missing.json()["code"] == "MODEL_VERSION_NOT_FOUND"


@pytest.mark.parametrize(
    ("if_match", "status"),
    [("*", 200), ('"x", {etag}', 200), ("W/{etag}", 412), ('"x", "y"', 412)],
)
def test_if_match_on_a_label_follows_rfc_9110(api, session, if_match, status):
    freeze(api, session)
    etag = api.call("put-model-label", body={"version": 1}).headers["etag"]
    header = {"If-Match": if_match.format(etag=etag)}
    reply = api.call("put-model-label", body={"version": 1}, headers=header)
    assert reply.status == status, reply.text
    if status == 412:
        assert reply.json()["code"] == "VERSION_MISMATCH"


@pytest.mark.parametrize("route", ["put-model-label", "delete-model-label"])
def test_if_none_match_star_on_a_label_refuses_to_touch_the_model(api, session, route):
    freeze(api, session)
    etag = api.call("put-model-label", body={"version": 1}).headers["etag"]
    reply = api.call(route, body={"version": 1}, headers={"If-None-Match": "*"})
    assert reply.status == 412, reply.text
    assert reply.json()["code"] == "VERSION_MISMATCH"
    assert api.call("get-model").headers["etag"] == etag


CANARY = {"path": f"/v1/models/{MODEL}/labels/canary", "params": {"label": "canary"}}


def test_if_none_match_star_creates_a_label_only_where_it_does_not_exist(api, session):
    """api.md: `If-None-Match: *` is "only if it does not exist" - the label, which a PUT
    creates, not the model's labels record that every label's ETag names."""
    freeze(api, session)
    assert api.call("put-model-label", body={"version": 1}).status == 200  # `stable`
    star = {"If-None-Match": "*"}
    created = api.call("put-model-label", body={"version": 1}, headers=star, **CANARY)
    assert created.status == 200, created.text
    assert api.call("get-model-label", **CANARY).json()["version"] == 1
    again = api.call("put-model-label", body={"version": 1}, headers=star, **CANARY)
    assert again.status == 412 and again.json()["code"] == "VERSION_MISMATCH"


def test_a_label_past_the_most_a_model_keeps_is_refused_moves_and_deletes_are_not(
    api, session, monkeypatch
):
    """Every label lives on the model's one item (400 KB): 3,460 labels made the write a
    500 (probing, round 11). Past the cap a new label is refused; the others still move."""
    monkeypatch.setattr(models, "MAX_LABELS", 2)
    freeze(api, session)
    assert api.call("put-model-label", body={"version": 1}).status == 200  # `stable`
    assert api.call("put-model-label", body={"version": 1}, **CANARY).status == 200
    third = {"path": f"/v1/models/{MODEL}/labels/third", "params": {"label": "third"}}
    refused = api.call("put-model-label", body={"version": 1}, **third)
    assert refused.status == 422 and refused.json()["code"] == "TOO_MANY_LABELS", refused.text
    assert (refused.json()["limit"], refused.json()["used"]) == (2, 2)
    assert api.call("get-model-label", **third).status == 404
    assert api.call("put-model-label", body={"version": 1}, **CANARY).status == 200  # a move
    assert api.call("delete-model-label", **CANARY).status == 204
    assert api.call("put-model-label", body={"version": 1}, **third).status == 200


def test_a_label_move_with_if_match_star_that_loses_a_race_is_made_on_the_new_labels(
    api, session, monkeypatch
):
    # Round 13: of eight moves of one label with `If-Match: *` at once, two were 412
    # VERSION_MISMATCH; `*` asks only that the label exist, which it still does.
    freeze(api, session)
    freeze(api, session)
    assert api.call("put-model-label", body={"version": 1}).status == 200  # `stable`
    store = models.store()
    set_labels, pending = store.set_labels, [True]

    def raced(tenant, meta, labels, must_exist):
        if pending:  # another client's label lands between our read and our write
            pending.pop()
            models.set_label(tenant, MODEL, "other", {"version": 1}, None)
        return set_labels(tenant, meta, labels, must_exist)

    monkeypatch.setattr(store, "set_labels", raced)
    moved = api.call("put-model-label", body={"version": 2}, headers={"If-Match": "*"})
    assert moved.status == 200, moved.text
    labels = api.call("get-model").json()["labels"]
    assert (labels["stable"]["version"], labels["other"]["version"]) == (2, 1)


def test_a_label_moved_while_a_version_is_frozen_stays_moved(api, session, monkeypatch):
    # Round 14: a version's creation wrote the whole META item it had read, guarded by the
    # counter alone, so a label move landing between its read and its write was put back:
    # the move answered 200 and was lost (and could come to name a version deleted since).
    freeze(api, session)
    assert api.call("put-model-label", body={"version": 1}).status == 200  # `stable`
    store = models.store()
    read, pending = store.meta, [True]

    def moved_meanwhile(tenant, name):
        meta = read(tenant, name)
        if pending:  # another client's move lands between our read and our write
            pending.pop()
            models.set_label(tenant, MODEL, "other", {"version": 1}, None)
        return meta

    monkeypatch.setattr(store, "meta", moved_meanwhile)
    assert freeze(api, session)["version"] == 2
    labels = api.call("get-model").json()["labels"]
    assert {name: label["version"] for name, label in labels.items()} == {"stable": 1, "other": 1}


def test_a_version_frozen_while_a_label_moves_is_counted_and_more_follow(api, session, monkeypatch):
    # Round 14: a label move wrote the whole META item it had read, guarded by the labels'
    # revision alone, so a version created between its read and its write had its number
    # taken back: every later version was then refused 409 MODEL_BUSY, for good.
    freeze(api, session)
    store = models.store()
    set_labels, pending = store.set_labels, [True]

    def frozen_meanwhile(tenant, meta, labels, must_exist):
        if pending:
            pending.pop()
            freeze(api, session)  # version 2 lands between the move's read and write
        return set_labels(tenant, meta, labels, must_exist)

    monkeypatch.setattr(store, "set_labels", frozen_meanwhile)
    assert api.call("put-model-label", body={"version": 1}).status == 200
    assert freeze(api, session)["version"] == 3
    assert api.call("get-model").json()["latest_version"] == 3


def test_a_model_whose_meta_the_previous_code_wrote_still_works(api, session):
    # Round 14's META writes update fields; a model created before wrote META whole, with a
    # Put of every field (labels as labels_json): such an item takes label moves, new
    # versions, a delete and the default route as one written now does.
    freeze(api, session)
    store = models.store()
    old = {
        **keys.item_key(keys.model_pk(api.tenant, MODEL), keys.META),
        "name": {"S": MODEL},
        "created_at": {"N": "1764979200000"},
        "updated_at": {"N": "1764979200000"},
        "routing": {"N": "3"},
        "counter": {"N": "1"},
        "labels_json": {"S": json.dumps({"old": {"version": 1}})},
    }
    store.dynamodb.put_item(TableName=store.table, Item=old)
    assert api.call("put-model-label", body={"version": 1}).status == 200  # `stable`
    assert freeze(api, session)["version"] == 2
    assert api.call("put-model-label", body={"version": 2}).status == 200
    labels = api.call("get-model").json()["labels"]
    assert {name: label["version"] for name, label in labels.items()} == {"old": 1, "stable": 2}
    assert api.call("delete-model-version").status == 409  # `old` holds version 1
    models.set_label(api.tenant, MODEL, "old", {"version": 2}, None)
    assert api.call("delete-model-version").status == 204
    assert infer(api)[1].headers["x-model-version"] == "2"
    item = store.dynamodb.get_item(TableName=store.table, Key=keys.item_key(
        keys.model_pk(api.tenant, MODEL), keys.META))["Item"]  # fmt: skip
    assert (item["counter"]["N"], item["routing"]["N"], item["name"]["S"]) == ("2", "6", MODEL)
    assert item["created_at"] == old["created_at"]


def test_if_match_star_moves_a_label_only_where_it_exists(api, session):
    freeze(api, session)
    etag = api.call("put-model-label", body={"version": 1}).headers["etag"]
    star = {"If-Match": "*"}
    refused = api.call("put-model-label", body={"version": 1}, headers=star, **CANARY)
    assert refused.status == 412 and refused.json()["code"] == "VERSION_MISMATCH"
    assert api.call("get-model-label", **CANARY).status == 404
    assert api.call("get-model").headers["etag"] == etag
    # RFC 9110 §13.2.1: a request that would fail without its preconditions fails so
    gone = api.call("delete-model-label", headers=star, **CANARY)
    assert gone.status == 404 and gone.json()["code"] == "MODEL_LABEL_NOT_FOUND"


@pytest.mark.parametrize("fixture", ["get-model", "get-model-label"])
def test_reading_a_model_or_label_is_conditional_on_its_etag(api, session, fixture):
    freeze(api, session)
    etag = api.call("put-model-label", body={"version": 1}).headers["etag"]
    unchanged = api.call(fixture, headers={"If-None-Match": etag})
    assert unchanged.status == 304 and unchanged.headers["etag"] == etag
    stale = api.call(fixture, headers={"If-Match": '"0"'})
    assert stale.status == 412 and stale.json()["code"] == "VERSION_MISMATCH"
    assert api.call(fixture, headers={"If-Match": etag}).status == 200


def test_a_label_naming_a_missing_canary_says_which_version_is_missing(api, session):
    freeze(api, session)
    split = {"version": 1, "canary": {"version": 99, "weight": 0.5}}
    reply = api.call("put-model-label", body=split)
    assert reply.status == 404 and reply.json()["code"] == "MODEL_VERSION_NOT_FOUND"
    assert "no version 99" in reply.json()["detail"], reply.json()["detail"]
    assert api.call("get-model-label").status == 404


def test_a_canary_split_answers_from_both_versions_and_repeats_per_request_id(api, session):
    freeze(api, session)
    train(api, session)
    freeze(api, session)
    split = {"version": 1, "canary": {"version": 2, "weight": 0.5}}
    assert api.call("put-model-label", body=split).status == 200
    seen = {}
    for i in range(24):
        request_id = f"req-{i}"
        _, reply = infer(api, headers={"X-Request-ID": request_id})
        seen[request_id] = reply.headers["x-model-version"]
    assert set(seen.values()) == {"1", "2"}
    for request_id, version in list(seen.items())[:5]:
        _, again = infer(api, headers={"X-Request-ID": request_id})
        assert again.headers["x-model-version"] == version


# ---------------------------------------------------------------- isolation
def test_another_tenants_model_is_a_404_on_every_route(api, session):
    freeze(api, session)
    assert api.call("put-model-label", body={"version": 1}).status == 200
    for name in MODEL_EVENTS:
        reply = api.call(name, tenant=api.other)
        assert reply.status == 404, (name, reply.text)
        if name.split("-")[1] == "tfserving":
            assert set(reply.json()) == {"error", "code"}, name
            assert reply.json()["code"].startswith("MODEL_"), (name, reply.text)
        else:
            assert reply.json()["code"].startswith("MODEL_"), (name, reply.text)
    # ... and the owner still has all of it.
    assert api.call("get-kserve-model").status == 200


# -------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(
    ("tensor", "code"),
    [
        (
            {"name": "x", "datatype": "INT32", "shape": [1, 2], "data": [1, 1]},
            "INPUT_DTYPE_MISMATCH",
        ),
        (
            {"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [1, 1, 1]},
            "INPUT_SHAPE_MISMATCH",
        ),
        ({"name": "x", "datatype": "FP32", "shape": [2], "data": [1, 1]}, "INPUT_SHAPE_MISMATCH"),
        ({"name": "z", "datatype": "FP32", "shape": [1, 2], "data": [1, 1]}, "INPUT_UNKNOWN"),
        (
            {"name": "x", "datatype": "FP32", "shape": [9, 2], "data": [1.0] * 18},
            "INPUT_TOO_MANY_ROWS",
        ),
        (
            {"name": "x", "datatype": "FP32", "shape": [1, 2], "data": ["a", 1]},
            "INPUT_DTYPE_MISMATCH",
        ),
        # Numbers in a BYTES tensor: a value of the wrong type, was INPUT_SHAPE_MISMATCH.
        (
            {"name": "x", "datatype": "BYTES", "shape": [1, 2], "data": [1, 2]},
            "INPUT_DTYPE_MISMATCH",
        ),
        # More dimensions than numpy holds: was a 500 (a bare ValueError from reshape).
        (
            {"name": "x", "datatype": "FP32", "shape": [1] * 70, "data": [1.0]},
            "INPUT_SHAPE_MISMATCH",
        ),
    ],
)
def test_a_bad_kserve_input_is_a_400_naming_it(api, session, tensor, code):
    freeze(api, session)  # max_batch_size 8 (the fixture)
    reply = api.call("post-kserve-infer", body={"inputs": [tensor]})
    assert reply.status == 400, reply.text
    problem = reply.json()
    assert problem["code"] == code and problem["input"] == tensor["name"]
    assert tensor["name"] in problem["detail"] and problem["error"] == problem["detail"]


def test_a_problem_quotes_a_long_name_by_its_head_and_length(api, session):
    # A 2.5 MB output name was quoted whole in detail, errors and OIP's error: the answer
    # passed Lambda's 6 MB and the gateway said 502 (elsewhere: 422 RESPONSE_TOO_LARGE).
    freeze(api, session)
    name = "z" * 2_500_000
    tensor = {"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1.0, 1.0]}
    body = {"inputs": [tensor], "outputs": [{"name": name}]}
    reply = api.call("post-kserve-infer", body=body)
    assert reply.status == 400 and reply.json()["code"] == "OUTPUT_UNKNOWN", reply.text[:300]
    assert len(reply.text) < 10_000
    assert reply.json()["error"].endswith(" characters)")  # its head, and its length


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"instances": [["a", 1.0]]}, "x"),
        ({"instances": [[1.0, 1.0, 1.0]]}, "x"),
        ({"instances": [[1.0, 1.0]] * 9}, "x"),
        ({"inputs": {"z": [[1.0, 1.0]]}}, "z"),
        ({"instances": [[1.0, 1.0], [1.0]]}, "x"),
        # TF Serving's refusals (json_tensor.cc): no rows; rows unlike the first. Each was
        # run as a batch of none, or read as values and refused as the wrong dtype.
        ({"instances": []}, "No values in 'instances'"),
        ({"instances": [[1.0, 1.0], {"x": [1.0, 1.0]}]}, "Instance 1"),
        ({"instances": [{"x": [1.0, 1.0]}, [1.0, 1.0]]}, "Instance 1"),
        # A name the model lacks, in some rows only: was "input z is missing from some".
        ({"instances": [{"x": [1.0, 1.0]}, {"x": [1.0, 1.0], "z": 1}]}, "no input z"),
    ],
)
def test_a_bad_tfserving_input_is_a_400_in_tf_servings_shape(api, session, body, name):
    freeze(api, session)
    reply = api.call("post-tfserving-predict", body=body)
    assert reply.status == 400, reply.text
    assert reply.headers["content-type"] == "application/json"
    assert set(reply.json()) == {"error", "code"} and name in reply.json()["error"]


def test_an_input_over_the_tensor_limit_is_422_tensor_too_large_not_too_many_rows(api, session):
    # One row of 2**40 elements was INPUT_TOO_MANY_ROWS (400): a size limit, not the batch.
    freeze(api, session)
    tensor = {"name": "x", "datatype": "FP32", "shape": [1, 2**40], "data": [1.0]}
    reply = api.call("post-kserve-infer", body={"inputs": [tensor]})
    assert reply.status == 422, reply.text
    assert reply.json()["code"] == "TENSOR_TOO_LARGE" and reply.json()["input"] == "x"
    assert reply.json()["error"] == reply.json()["detail"]
    # The engine's category, as a run's TENSOR_TOO_LARGE has: it was UNKNOWN (round 15).
    assert reply.json()["category"] == "RESOURCE_EXHAUSTED"


# ------------------------------------------------------------- the protocols
def test_kserve_metadata_ready_and_inference(api, session):
    freeze(api, session)
    metadata = api.call("get-kserve-model").json()
    assert metadata == {
        "name": MODEL,
        "versions": ["1"],
        "platform": "graphgate",
        "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 2]}],
        "outputs": [{"name": "y", "datatype": "FP32", "shape": [-1, 1]}],
    }
    assert api.call("get-kserve-model-ready").json()["ready"] is True
    reply = api.call("post-kserve-infer")
    assert reply.status == 200, reply.text
    body = reply.json()
    assert (body["model_name"], body["model_version"], body["id"]) == (MODEL, "1", "req-1")
    assert body["outputs"] == [
        {"name": "y", "datatype": "FP32", "shape": [2, 1], "data": [3.5, -3.0]}
    ]


@pytest.mark.parametrize("verb", ["predict", "classify", "regress"])
def test_a_get_of_a_tfserving_verb_is_405_allowing_post(api, session, verb):
    # It was 404 "No model linear:predict": a model name never holds ':', the verb is a POST.
    freeze(api, session)
    path = f"/tfserving/v1/models/{MODEL}:{verb}"
    reply = api.call("get-tfserving-model", path=path, params={"model": f"{MODEL}:{verb}"})
    assert reply.status == 405, reply.text
    assert reply.json()["code"] == "METHOD_NOT_ALLOWED"
    assert reply.headers["allow"] == "POST, OPTIONS"


def test_tfserving_rows_columns_status_and_metadata(api, session):
    freeze(api, session)
    assert api.call("put-model-label", body={"version": 1}).status == 200
    rows = api.call("post-tfserving-predict")
    assert rows.status == 200, rows.text
    assert rows.json() == {"predictions": [[3.5], [-3.0]]}
    assert rows.headers["x-model-version"] == "1"
    columns = api.call("post-tfserving-label-predict")
    assert columns.json() == {"outputs": [[3.5]]}
    named = api.call("post-tfserving-version-predict")
    assert named.json() == {"predictions": [[3.5]]}
    status = api.call("get-tfserving-model").json()
    assert status["model_version_status"][0]["state"] == "AVAILABLE"
    metadata = api.call("get-tfserving-metadata").json()
    signature = metadata["metadata"]["signature_def"]["signature_def"]["serving_default"]
    assert signature["inputs"]["x"]["dtype"] == "DT_FLOAT"
    assert [d["size"] for d in signature["inputs"]["x"]["tensor_shape"]["dim"]] == ["-1", "2"]
    wrong = api.call(
        "post-tfserving-predict", body={"signature_name": "other", "instances": [[1, 1]]}
    )
    assert wrong.status == 400 and "other" in wrong.json()["error"]


def test_the_status_of_a_model_whose_versions_were_all_deleted_is_404_on_every_route(api, session):
    # TF Serving answers NotFound ("Could not find any versions of model"); graphgate's
    # TF Serving status answered 200 with an empty list, its metadata and KServe 404.
    freeze(api, session)
    assert api.call("delete-model-version").status == 204
    for route in ("get-tfserving-model", "get-tfserving-metadata", "get-kserve-model"):
        reply = api.call(route)
        assert reply.status == 404, (route, reply.text)
        assert reply.json()["code"] == "MODEL_VERSION_NOT_FOUND"
    assert "no versions" in api.call("get-tfserving-model").json()["error"]


# -------------------------------------------------- keeping a session alive
def test_read_only_runs_keep_a_session_alive_past_its_idle_ttl(api, monkeypatch):
    import time

    created = api.call("post-graphs-linear")
    started = api.call("post-sessions", body={"graph_id": created.json()["id"], "idle_ttl_s": 60})
    session_id, real = started.json()["id"], time.time()
    read = {
        "fetches": {"y": "y"},
        "feeds": {"x": {"datatype": "FP32", "shape": [1, 2], "data": [1, 1]}},
    }
    # GIVEN reads every 40 s: each one past the first lands after the TTL the last one set.
    for elapsed in (40, 80, 120):
        monkeypatch.setattr(time, "time", lambda e=elapsed: real + e)
        reply = api.session_run(session_id, read)
        assert reply.status == 200, (elapsed, reply.text)
    got = api.call(
        "get-session", path=f"/v1/sessions/{session_id}", params={"sessionId": session_id}
    )
    assert got.status == 200 and got.json()["version"] == 1
    # THEN without reads it still ends, idle_ttl_s after the last one.
    monkeypatch.setattr(time, "time", lambda: real + 120 + 61)
    gone = api.call(
        "get-session", path=f"/v1/sessions/{session_id}", params={"sessionId": session_id}
    )
    assert gone.status == 404


def test_a_session_started_from_a_version_trains_on_into_the_next(api, session):
    freeze(api, session)
    started = api.call("post-sessions", body={"from_model": {"model": MODEL, "version": 1}})
    assert started.status == 201, started.text
    fork = started.json()["id"]
    train(api, fork, steps=2)
    assert freeze(api, fork)["source"]["session_id"] == fork
    before, _ = infer(api, version=1)
    after, _ = infer(api, version=2)
    np.testing.assert_allclose(before, [[3.5]])
    assert not np.allclose(after, before)
    missing = api.call("post-sessions", body={"from_model": {"model": MODEL, "version": 9}})
    assert missing.status == 404 and missing.json()["code"] == "MODEL_VERSION_NOT_FOUND"


def test_versions_count_towards_stored_bytes_within_the_plan(api, session, monkeypatch):
    import dataclasses

    from graphgate_service import graphs, plans

    before = graphs.store().usage(api.tenant)["stored_bytes"]
    freeze(api, session)
    grown = graphs.store().usage(api.tenant)["stored_bytes"]
    assert grown > before
    assert api.call("delete-model-version").status == 204
    assert graphs.store().usage(api.tenant)["stored_bytes"] == before

    tight = dataclasses.replace(plans.PLANS["pro"], stored_bytes=before + 10)
    monkeypatch.setitem(plans.PLANS, "pro", tight)
    body = {**json.loads(load_event("post-models")["body"]), "session_id": session}
    refused = api.call("post-models", body=body)
    assert refused.status == 422 and refused.json()["code"] == "PLAN_LIMIT_EXCEEDED"
    assert refused.json()["cap"] == "stored_bytes"
    assert graphs.store().usage(api.tenant)["stored_bytes"] == before


def test_a_version_with_the_stored_bytes_used_up_is_refused_before_its_freeze(
    api, session, monkeypatch
):
    # GIVEN a tenant whose stored bytes are all used (the session was read and frozen, its
    # variables packed and compressed, before the write's transaction refused it)
    import dataclasses

    from graphgate_service import graphs, models, plans

    used = graphs.store().usage(api.tenant)["stored_bytes"]
    monkeypatch.setitem(
        plans.PLANS, "pro", dataclasses.replace(plans.get("pro"), stored_bytes=used)
    )
    frozen, freeze_now = [], models._freeze
    monkeypatch.setattr(models, "_freeze", lambda *a: frozen.append(1) or freeze_now(*a))

    # WHEN a version is frozen THEN it is the cap's 422, and nothing was frozen
    body = {**json.loads(load_event("post-models")["body"]), "session_id": session}
    refused = api.call("post-models", body=body)
    assert refused.status == 422 and refused.json()["cap"] == "stored_bytes", refused.text
    assert frozen == []


def test_the_binary_data_extension_reads_inputs_after_the_json_header(api, session):
    freeze(api, session)
    rows = np.array([[1.0, 1.0], [0.5, -2.0]], np.float32)
    header = json.dumps(
        {
            "inputs": [
                {
                    "name": "x",
                    "datatype": "FP32",
                    "shape": [2, 2],
                    "parameters": {"binary_data_size": rows.nbytes},
                }
            ]
        }
    ).encode()
    binary = {"Content-Type": "application/octet-stream"}
    ok = api.call(
        "post-kserve-infer",
        raw=header + rows.tobytes(),
        headers={**binary, "Inference-Header-Content-Length": str(len(header))},
    )
    assert ok.status == 200, ok.text
    assert ok.json()["outputs"][0]["data"] == [3.5, -3.0]
    short = api.call(
        "post-kserve-infer",
        raw=header + rows.tobytes()[:8],
        headers={**binary, "Inference-Header-Content-Length": str(len(header))},
    )
    assert short.status == 400 and short.json()["input"] == "x"
    lying = api.call(
        "post-kserve-infer",
        raw=header + rows.tobytes(),
        headers={**binary, "Inference-Header-Content-Length": "100000"},
    )
    assert lying.status == 400 and lying.json()["code"] == "VALIDATION_FAILED"
    superscript = api.call(
        "post-kserve-infer",
        raw=header + rows.tobytes(),
        headers={**binary, "Inference-Header-Content-Length": "²"},
    )
    assert superscript.status == 400 and superscript.json()["code"] == "VALIDATION_FAILED"


@pytest.mark.parametrize(
    "length, status",
    [
        # past the 4,300 digits int() reads: a ValueError, 500 INTERNAL (round 22)
        ("1" * 5000, 400),
        ("0" * 5000 + "100000", 400),
        ("0" * 5000, 400),
        # leading zeros are still the length they write
        ("000{header}", 200),
    ],
)
def test_a_binary_header_length_of_any_digits_is_read_or_refused_never_a_500(
    api, session, length, status
):
    freeze(api, session)
    row = np.array([[1.0, 1.0]], np.float32)
    tensor = {"name": "x", "datatype": "FP32", "shape": [1, 2]}
    tensor["parameters"] = {"binary_data_size": row.nbytes}
    header = json.dumps({"inputs": [tensor]}).encode()
    headers = {"Content-Type": "application/octet-stream"}
    headers["Inference-Header-Content-Length"] = length.format(header=len(header))

    reply = api.call("post-kserve-infer", raw=header + row.tobytes(), headers=headers)

    assert reply.status == status, reply.text
    if status == 400:
        assert reply.json()["code"] == "VALIDATION_FAILED"


@pytest.mark.parametrize("digits", ["³", "1²", "٣"])
def test_a_version_of_digits_python_takes_and_http_does_not_is_a_400(api, session, digits):
    # str.isdigit() takes them; int() refuses '³' (a 500 the soak's fuzzing found on a
    # listing's limit) and reads '٣' as 3. A version is ASCII digits.
    freeze(api, session)
    path = f"/v1/models/{MODEL}/versions/{digits}"
    reply = api.call("get-model-version", path=path, params={"version": digits})
    assert reply.status in (400, 404), reply.text
    assert reply.json()["code"] in ("VALIDATION_FAILED", "MODEL_LABEL_NOT_FOUND"), reply.text


def test_a_graph_revision_with_given_variables_freezes_too(api):
    graph_id = api.call("post-graphs-linear").json()["id"]
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": graph_id,
        "variables": {
            "w": {"datatype": "FP32", "shape": [2, 1], "data": [3.0, -1.0]},
            "b": {"datatype": "FP32", "shape": [1], "data": [0.0]},
        },
    }
    del body["session_id"]
    created = api.call("post-models", body=body)
    assert created.status == 201, created.text
    assert created.json()["source"] == {"graph_id": graph_id, "graph_revision": 1}
    np.testing.assert_allclose(infer(api, version=1)[0], [[2.0]])  # [1, 1] @ [3, -1]

    partial = {**body, "variables": {"w": body["variables"]["w"]}}
    missing = api.call("post-models", body=partial)
    assert missing.status == 400 and missing.json()["code"] == "VARIABLE_MISSING"
    assert missing.json()["errors"][0]["pointer"] == "/variables/b"
    # A session can start from it, and train on.
    started = api.call("post-sessions", body={"from_model": {"model": MODEL, "version": 1}})
    assert started.status == 201, started.text
    train(api, started.json()["id"])


def test_a_given_variable_of_more_dimensions_than_an_array_holds_is_a_400(api):
    graph_id = api.call("post-graphs-linear").json()["id"]
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": graph_id,
        "variables": {"b": {"datatype": "FP32", "shape": [1] * 70, "data": [0.0]}},
    }
    del body["session_id"]
    reply = api.call("post-models", body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == "INVALID_TENSOR"
    assert api.call("get-models").json()["items"] == []


def test_a_model_whose_output_goes_through_a_loop_freezes_and_serves(api):
    # GIVEN a graph whose `y` maps each row through a while loop (map_fn) reading `w`:
    # freezing kept only what `y`'s inputs reach, leaving out the loop's body
    import graphgate as gg

    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        w = gg.Variable(np.zeros(2, np.float32), name="w")
        gg.identity(gg.map_fn(lambda r: gg.reduce_sum(r * w, keepdims=True), x), name="y")
    posted = api.call(
        "post-graphs-linear",
        body={"name": "mapped", "graph": serialization.graph_to_dict(graph)},
    )
    assert posted.status == 201, posted.text
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": posted.json()["id"],
        "variables": {"w": {"datatype": "FP32", "shape": [2], "data": [3.0, -1.0]}},
    }
    del body["session_id"]
    # WHEN it is frozen into a version and asked for two rows
    created = api.call("post-models", body=body)
    assert created.status == 201, created.text
    # THEN it answers each row through the loop's body
    np.testing.assert_allclose(
        infer(api, version=1, rows=((1.0, 1.0), (2.0, 0.0)))[0], [[2.0], [6.0]]
    )


def _real_default(gg, wide):
    return wide[:, :2] * 10.0


def _complex_default(gg, wide):
    ones = gg.ones([1, 2])
    return gg.complex(ones, ones)


def _predicts_over_the_input(api, created):
    assert created.status == 201, created.text
    assert created.json()["signature"]["inputs"][0]["tensor"] == "x:0"
    # a prediction feeds it (the default, and `wide` only it needs, left out)
    answer = infer(api, version=1, rows=((1.0, 1.0), (2.0, 0.0)))[0]
    np.testing.assert_allclose(answer, [[2.0], [6.0]])


def _refuses_the_input(api, created):
    assert created.status == 400, created.text
    assert created.json()["code"] == "UNSUPPORTED_DTYPE"
    assert created.json()["errors"][0]["pointer"] == "/inputs/x"


@pytest.mark.parametrize(
    ("default", "then"),
    [(_real_default, _predicts_over_the_input), (_complex_default, _refuses_the_input)],
    ids=["fed-in-place-of-its-default", "complex-refused-with-a-400"],
)
def test_a_placeholder_with_default_as_a_versions_input(api, default, then):
    # Real: it was SIGNATURE_INVALID ("must be a placeholder"): a TF1 classifier whose
    # token ids default to parse_example of serialized Examples could not be frozen over
    # the ids (scenarios15), though TF signatures take any tensor and TF Serving feeds it.
    # Complex: it was a 500 (KeyError in the input's datatype): a default may be complex,
    # computed in the graph, though no inference protocol carries complex numbers.
    import graphgate as gg

    with gg.Graph().as_default() as graph:
        wide = gg.placeholder(gg.float32, [None, 3], name="wide")
        x = gg.placeholder_with_default(default(gg, wide), [None, 2], name="x")
        w = gg.Variable(np.zeros([2, 1], np.float32), name="w")
        gg.matmul(gg.real(x), w, name="y")
    document = serialization.graph_to_dict(graph)
    posted = api.call("post-graphs-linear", body={"name": "defaulted", "graph": document})
    assert posted.status == 201, posted.text
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": posted.json()["id"],
        "variables": {"w": {"datatype": "FP32", "shape": [2, 1], "data": [3.0, -1.0]}},
    }
    del body["session_id"]
    # WHEN the default's placeholder is made the input
    created = api.call("post-models", body=body)
    # THEN
    then(api, created)


def test_a_saved_models_graph_and_variables_freeze_into_a_version(api, tmp_path):
    """The serving bridge's two requests (client.create_model_version_from_saved_model)
    through the handlers: the saved graph is stored, then frozen with its variables."""
    import graphgate as tf
    from graphgate.saved_model.loader import servable

    # GIVEN a saved model whose variables differ from their initializers
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        b = tf.Variable([0.5], name="b")
        y = tf.add(tf.matmul(x, w), b, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run([tf.assign(w, [[3.0], [-1.0]]), tf.assign(b, [0.25])])
            expected = sess.run(y, {x: [[1.0, 1.0]]})
            builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "m"))
            signature = tf.saved_model.predict_signature_def({"x": x}, {"y": y})
            builder.add_meta_graph_and_variables(
                sess, ["serve"], signature_def_map={"predict_y": signature}
            )
            builder.save()
    model = servable(tmp_path / "m", signature_def_key="predict_y")

    # WHEN its graph is posted and that revision frozen with its variables (base64)
    stored = api.call("post-graphs-linear", body={"name": "saved", "graph": model["graph"]})
    assert stored.status == 201, stored.text
    body = {
        "name": MODEL,
        "graph_id": stored.json()["id"],
        "graph_revision": stored.json()["revision"],
        "variables": {
            k: serialization.encode_tensor(v, b64=True) for k, v in model["variables"].items()
        },
        "inputs": model["inputs"],
        "outputs": model["outputs"],
        "signature_name": "predict_y",
    }
    created = api.call("post-models", body=body)

    # THEN the version answers with the saved values, under the signature's names, and
    # TF Serving clients name the signature by its key
    assert created.status == 201, created.text
    assert created.json()["signature"]["name"] == "predict_y"
    assert model["inputs"] == {"x": "x:0"} and model["outputs"] == {"y": "y:0"}
    np.testing.assert_allclose(infer(api, version=1)[0], expected)
    assert api.call("put-model-label", body={"version": 1}).status == 200
    named = api.call(
        "post-tfserving-predict", body={"signature_name": "predict_y", "instances": [[1, 1]]}
    )
    assert named.status == 200, named.text
    np.testing.assert_allclose(named.json()["predictions"], expected)
    default = api.call(
        "post-tfserving-predict",
        body={"signature_name": "serving_default", "instances": [[1, 1]]},
    )
    assert default.status == 400 and default.json()["code"] == "SIGNATURE_NOT_FOUND"
    metadata = api.call("get-tfserving-metadata").json()["metadata"]["signature_def"]
    assert list(metadata["signature_def"]) == ["predict_y"]
    spaced = api.call("post-models", body={**body, "signature_name": "predict y"})
    assert spaced.status == 400 and spaced.json()["code"] == "VALIDATION_FAILED"


@pytest.mark.parametrize("export", ["saved_v1", "saved_resource"])
def test_a_saved_model_tensorflow_wrote_serves_tfs_numbers(api, export):
    """TF's own SavedModel (simple_save, VariableV2 or resource variables; written by TF
    2.21: tests/reference/tf_formats.py) through the serving bridge's two requests."""
    expected = _serve_saved_model(api, "tf_formats", export)
    feed = expected["feeds"]["x"]
    rows = np.asarray(feed["value"], np.float32).reshape(feed["shape"])
    got = infer(api, version=1, rows=rows)[0]
    want = np.asarray(expected["value"]["value"], np.float32).reshape(expected["value"]["shape"])
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("export", ["loop", "keras3", "lookup"])
def test_a_tf2_saved_model_serves_tfs_numbers(api, export):
    """TF 2 exports (tests/reference/tf2_saved_models.py) through the serving bridge's two
    requests: a tf.Module's while_loop over a variable, a cond and a switch_case; Keras
    3's model.export of an LSTM (TensorLists in a While) with layer norm; words through a
    StringLookup, whose table the version fills as TF Serving runs a model's main op."""
    expected = _serve_saved_model(api, "tf2_saved", export)
    request = {"inputs": [_kserve(name, feed) for name, feed in expected["feeds"].items()]}
    path = f"/v2/models/{MODEL}/versions/1/infer"
    reply = api.call("post-kserve-version-infer", body=request, path=path, params={"version": "1"})
    assert reply.status == 200, reply.text
    outputs = {o["name"]: o for o in reply.json()["outputs"]}
    for name, want in expected["outputs"].items():
        got = serialization.decode_tensor(
            {k: outputs[name][k] for k in ("datatype", "shape", "data")}
        )
        np.testing.assert_allclose(
            got, np.reshape(want["value"], want["shape"]), rtol=1e-6, atol=1e-6
        )


def _serve_saved_model(api, fixture_dir: str, export: str) -> dict:
    """Version 1 of MODEL made from a committed TensorFlow export through the serving
    bridge's two requests (the graph, then the version); the export's expected values."""
    from graphgate.saved_model.loader import servable

    fixtures = REPO_ROOT / "tests" / "unit" / "engine" / "fixtures" / fixture_dir
    model = servable(fixtures / export)
    stored = api.call("post-graphs-linear", body={"name": export, "graph": model["graph"]})
    assert stored.status == 201, stored.text
    body = {
        "name": MODEL,
        "graph_id": stored.json()["id"],
        "graph_revision": stored.json()["revision"],
        "variables": {
            k: serialization.encode_tensor(v, b64=True) for k, v in model["variables"].items()
        },
        "inputs": model["inputs"],
        "outputs": model["outputs"],
    }
    created = api.call("post-models", body=body)
    assert created.status == 201, created.text
    return json.loads((fixtures / "expected.json").read_text())[export]


def _kserve(name: str, doc: dict) -> dict:
    if doc["dtype"] == "string":
        data = [bytes.fromhex(v).decode("utf-8") for v in doc["value"]]
        return {"name": name, "datatype": "BYTES", "shape": doc["shape"], "data": data}
    datatype = {"float32": "FP32", "int32": "INT32"}[doc["dtype"]]
    return {"name": name, "datatype": datatype, "shape": doc["shape"], "data": doc["value"]}


def test_a_version_reading_a_vocabulary_table_fills_it_as_tf_serving_does(api):
    # GIVEN a TF1 graph mapping words to ids through a table of constants: nothing the
    # output computes fills the table, its initializer is a separate op
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        words = gg.placeholder(gg.string, [None], name="words")
        table = gg.contrib.lookup.index_table_from_tensor(["cat", "dog"], num_oov_buckets=1)
        gg.identity(table.lookup(words), name="ids")
    stored = api.call("post-graphs", body={"name": "vocab", "graph": gg.graph_to_dict(g)})
    assert stored.status == 201, stored.text
    # WHEN a version of it is frozen and asked
    body = {"name": MODEL, "graph_id": stored.json()["id"], "inputs": {"words": "words"}}
    assert api.call("post-models", body={**body, "outputs": {"ids": "ids"}}).status == 201
    reply = api.call("post-tfserving-predict", body={"instances": ["dog", "cat", "emu"]})
    # THEN the version kept the table's initializer and ran it first
    assert reply.status == 200, reply.text
    assert reply.json() == {"predictions": [1, 0, 2]}


def test_an_idempotent_replay_is_in_a_type_the_retrys_accept_takes(api, session):
    """A retry's Accept is its own: a KServe answer in the binary-data extension was
    replayed, octet-stream, to a retry accepting only JSON."""
    freeze(api, session)
    key = {"Idempotency-Key": "infer-accept-1"}
    body = {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1.0, 1.0]}]}
    body["parameters"] = {"binary_data_output": True}
    # GIVEN an inference answered in the binary-data extension under a key
    binary = {**key, "Accept": "application/octet-stream"}
    first = api.call("post-kserve-infer", body=body, headers=binary)
    assert first.status == 200 and first.headers["content-type"] == "application/octet-stream"
    # WHEN it is retried accepting JSON only THEN 406 says the answer is kept, and in what
    retried = api.call(
        "post-kserve-infer", body=body, headers={**key, "Accept": "application/json"}
    )
    assert retried.status == 406, retried.text
    assert retried.json()["code"] == "NOT_ACCEPTABLE"
    assert "already done" in retried.json()["detail"]
    assert "application/octet-stream" in retried.json()["detail"]
    # AND accepting what was kept, it is the replay
    again = api.call("post-kserve-infer", body=body, headers=binary)
    assert again.status == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    # AND both are the binary answer itself, as without a key: with one, the answer's
    # base64 was sent as its body's text (the flag saying it was base64 was dropped)
    plain = api.call("post-kserve-infer", body=body, headers={"Accept": "application/octet-stream"})
    assert first.content == plain.content and first.content.startswith(b'{"model_name"')


@pytest.mark.parametrize("reader", ["predict", "session"])
def test_a_version_deleted_under_a_reader_of_its_frozen_state_is_404_not_500(
    api, session, monkeypatch, reader
):
    from graphgate_service import model_store
    from graphgate_service.model_store import ModelStore

    # GIVEN a version whose frozen graph and variables live in S3
    monkeypatch.setattr(model_store, "VERSION_BLOB_INLINE_BYTES", 0)
    freeze(api, session)
    # AND its delete landing between a reader's read of the version and of its blobs
    for method in ("document", "variables"):
        real = getattr(ModelStore, method)

        def deleted_meanwhile(self, tenant, name, version, real=real):
            assert api.call("delete-model-version").status == 204
            return real(self, tenant, name, version)

        monkeypatch.setattr(ModelStore, method, deleted_meanwhile)
    # WHEN it is read THEN the version is gone, as it is
    if reader == "predict":
        x = {"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1.0, 1.0]}
        reply = api.call("post-kserve-version-infer", body={"inputs": [x]})
    else:
        reply = api.call("post-sessions", body={"from_model": {"model": MODEL, "version": 1}})
    assert reply.status == 404, reply.text
    assert reply.json()["code"] == "MODEL_VERSION_NOT_FOUND"


@pytest.mark.parametrize("route", ["kserve", "tfserving", "kserve-ready"])
def test_the_newest_version_deleted_between_its_choice_and_its_load_answers_by_the_next(
    api, session, monkeypatch, route
):
    from graphgate_service import model_store
    from graphgate_service.model_store import ModelStore

    # GIVEN two versions whose graphs live in S3, and no stable label: a request naming
    # none is answered by the newest (2)
    monkeypatch.setattr(model_store, "VERSION_BLOB_INLINE_BYTES", 0)
    freeze(api, session)
    train(api, session)
    freeze(api, session)
    # AND version 2 deleted after a request chose it, before it loaded its graph
    real, deleted = ModelStore.document, []

    def deleted_meanwhile(self, tenant, name, found):
        if found["version"] == 2 and not deleted:
            path = f"/v1/models/{MODEL}/versions/2"
            gone = api.call("delete-model-version", path=path, params={"version": "2"})
            deleted.append(gone.status)
        return real(self, tenant, name, found)

    monkeypatch.setattr(ModelStore, "document", deleted_meanwhile)
    # WHEN it is answered THEN by version 1, the newest there now: in no serial order was
    # the model without a version (it was a 404 MODEL_VERSION_NOT_FOUND)
    x = {"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1.0, 1.0]}
    if route == "kserve":
        reply = api.call("post-kserve-infer", body={"inputs": [x]})
        assert reply.status == 200, reply.text
        assert reply.json()["model_version"] == "1"
    elif route == "tfserving":
        reply = api.call("post-tfserving-predict", body={"instances": [[1.0, 1.0]]})
        assert reply.status == 200, reply.text
        assert reply.json()["predictions"] == [[3.5]]  # version 1's w and b, untrained
    else:
        reply = api.call("get-kserve-model-ready")
        assert reply.status == 200, reply.text
        assert reply.json()["version"] == "1"
    assert deleted == [204]


def test_a_batch_naming_no_version_whose_newest_is_deleted_before_it_loads_takes_the_next(
    api, session, monkeypatch
):
    from graphgate_service import batches, model_store
    from graphgate_service.model_store import ModelStore

    # GIVEN two versions whose graphs live in S3, and no stable label: a batch naming
    # none is resolved to the newest (2)
    monkeypatch.setattr(model_store, "VERSION_BLOB_INLINE_BYTES", 0)
    freeze(api, session)
    train(api, session)
    freeze(api, session)
    # AND version 2 deleted after the batch chose it, before it read its graph
    real, deleted = ModelStore.document, []

    def deleted_meanwhile(self, tenant, name, found):
        if found["version"] == 2 and not deleted:
            path = f"/v1/models/{MODEL}/versions/2"
            gone = api.call("delete-model-version", path=path, params={"version": "2"})
            deleted.append(gone.status)
        return real(self, tenant, name, found)

    monkeypatch.setattr(ModelStore, "document", deleted_meanwhile)
    # WHEN the batch's source is frozen THEN it is version 1, the newest there now, as
    # the prediction routes choose (it was a 404 MODEL_VERSION_NOT_FOUND: in no serial
    # order was the model without a version)
    source = batches._model_source(api.tenant, {"name": MODEL}, "b_1")
    assert source["model"] == {"name": MODEL, "version": 1}
    assert deleted == [204]


@pytest.mark.parametrize(
    "given",
    [
        {"variables": {"w": {"datatype": "FP32", "shape": [2, 1], "data": [3.0, -1.0]}}},
        {"graph_revision": 1},
    ],
    ids=["variables", "graph_revision"],
)
def test_a_session_frozen_with_values_of_its_own_given_is_refused_not_ignored(api, session, given):
    # The variables were ignored: the version froze the session's w and answered 201, so
    # its predictions were not those of the values the request gave.
    body = {**json.loads(load_event("post-models")["body"]), "session_id": session, **given}
    reply = api.call("post-models", body=body)
    assert reply.status == 400, reply.text
    field = next(iter(given))
    assert reply.json()["errors"] == [
        {"pointer": f"/{field}", "code": "CONFLICT", "message": "given with session_id"}
    ]
    assert api.call("get-model").status == 404


@pytest.mark.parametrize("stored", ["now", "before_version_prefixes"])
def test_deleting_a_version_keeps_the_stored_graph_an_identical_version_shares(
    api, session, monkeypatch, module_aws, stored
):
    from graphgate_service import keys, model_store

    # GIVEN two versions frozen from the same untrained session, their graphs and
    # variables in S3: the same bytes (stored before versions had prefixes of their own:
    # the same objects)
    monkeypatch.setattr(model_store, "VERSION_BLOB_INLINE_BYTES", 0)
    if stored == "before_version_prefixes":
        monkeypatch.setattr(keys, "model_version_prefix", keys.model_prefix)
    freeze(api, session)
    freeze(api, session)
    monkeypatch.undo()
    # WHEN version 2 is deleted
    path = f"/v1/models/{MODEL}/versions/2"
    assert api.call("delete-model-version", path=path, params={"version": "2"}).status == 204
    # THEN version 1 still answers (its objects were version 2's too)
    x = {"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1.0, 1.0]}
    reply = api.call("post-kserve-infer", body={"inputs": [x]})
    assert reply.status == 200, reply.text
    assert reply.json()["model_version"] == "1"
    assert reply.json()["outputs"][0]["data"] == [3.5]
    # AND deleting version 1 too leaves nothing of the model in the bucket
    path = f"/v1/models/{MODEL}/versions/1"
    assert api.call("delete-model-version", path=path, params={"version": "1"}).status == 204
    listed = module_aws["clients"]["s3"].list_objects_v2(
        Bucket=module_aws["ids"]["TensorBucket"], Prefix=keys.model_prefix(api.tenant, MODEL)
    )
    assert listed.get("KeyCount") == 0


def test_a_version_refused_for_contention_leaves_no_objects_in_the_bucket(
    api, session, monkeypatch, module_aws
):
    from graphgate_service import keys, model_store, storage

    # GIVEN a model whose every version write meets another writer's (its objects in S3,
    # each attempt's under a prefix of its own since versions stopped sharing them)
    monkeypatch.setattr(model_store, "VERSION_BLOB_INLINE_BYTES", 0)
    monkeypatch.setattr(storage, "transact", lambda *a, **k: ["TransactionConflict"])
    # WHEN a version is frozen
    body = {**json.loads(load_event("post-models")["body"]), "session_id": session}
    reply = api.call("post-models", body=body)
    # THEN it is refused as busy, and its objects are not left behind unreferenced
    assert reply.status == 409 and reply.json()["code"] == "MODEL_BUSY", reply.text
    listed = module_aws["clients"]["s3"].list_objects_v2(
        Bucket=module_aws["ids"]["TensorBucket"], Prefix=keys.model_prefix(api.tenant, MODEL)
    )
    assert listed.get("KeyCount") == 0
