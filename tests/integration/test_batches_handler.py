"""The batches function in-process against moto, driven by events/ fixtures: what it
refuses before any batch exists (the whole flow runs in test_batches_runner.py)."""

import copy
import importlib
import json
import sys

import pytest

from graphgate_service import keys
from tests.support import REPO_ROOT, ProxyReply, load_event

TENANT = "t_0123456789abcdef"


@pytest.fixture
def batches(aws, monkeypatch):
    from graphgate_service import secrets, settings

    monkeypatch.setenv("CURSOR_SECRET_ARN", aws["ids"]["CursorSigningSecret"])
    monkeypatch.setenv("BATCH_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:x")
    aws["clients"]["dynamodb"].put_item(
        TableName=aws["ids"]["Table"],
        Item={**keys.profile(TENANT), "plan": {"S": "pro"}, "name": {"S": TENANT}},
    )
    settings.get.cache_clear()
    secrets.forget()
    sys.path.insert(0, str(REPO_ROOT / "functions" / "batches"))
    try:
        yield importlib.import_module("batches")
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / "batches"))


def call(module, name, body=None):
    event = copy.deepcopy(load_event(name))
    if body is not None:
        event["body"] = json.dumps(body)
    return ProxyReply(module.lambda_handler(event, None))


def test_a_batch_that_names_no_dataset_of_the_tenant_is_404(batches):
    reply = call(batches, "post-batches")
    assert reply.status == 404, reply.text
    assert reply.json()["code"] == "DATASET_NOT_FOUND"


def test_a_batch_names_a_graph_or_a_session_not_both(batches):
    body = json.loads(load_event("post-batches")["body"])
    reply = call(batches, "post-batches", {**body, "graph": {"id": "g_00000000000000000000"}})
    assert reply.status == 400 and reply.json()["code"] == "VALIDATION_FAILED"


def test_an_unknown_batch_is_404_and_the_listing_is_empty(batches):
    assert call(batches, "get-batch").json()["code"] == "BATCH_NOT_FOUND"
    assert call(batches, "delete-batch").json()["code"] == "BATCH_NOT_FOUND"
    listed = call(batches, "get-batches")
    assert listed.status == 200 and listed.json() == {"items": [], "next_cursor": None}


def test_a_batch_names_a_models_version_or_a_label_not_both(batches):
    # The version was taken and the label ignored.
    body = {**json.loads(load_event("post-batches")["body"])}
    body.pop("graph", None)
    body.pop("session", None)
    body["model"] = {"name": "digits", "version": 1, "label": "stable"}
    reply = call(batches, "post-batches", body)
    assert reply.status == 400, reply.text
    assert reply.json()["errors"] == [
        {"pointer": "/model/label", "code": "CONFLICT", "message": "given with version"}
    ]


def test_an_output_name_too_long_to_keep_is_refused_before_anything_is_looked_up(batches):
    # fetches' keys are any strings: one of 450 KB overflowed the batch's item, a 500.
    body = {**json.loads(load_event("post-batches")["body"]), "fetches": {"k" * 450_000: "y"}}
    reply = call(batches, "post-batches", body)
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["pointer"] == "/fetches"
    assert reply.json()["errors"][0]["code"] == "MAXLENGTH"
    # 256 characters pass this check (the dataset is then looked up: none, 404)
    body["fetches"] = {"k" * 256: "y"}
    assert call(batches, "post-batches", body).json()["code"] == "DATASET_NOT_FOUND"


@pytest.mark.parametrize("name", ["", "a\x00b"])
@pytest.mark.parametrize("form", ["map", "list"])
def test_an_output_name_no_archive_can_hold_is_refused_before_anything_is_looked_up(
    batches, name, form
):
    # "" was a 500 (DynamoDB refuses an empty map key); zip ends a member's name at NUL.
    # A list names its outputs by its items, which may be a model version's output aliases
    # (any strings): round 15 found `[""]` that 500 and `["a\0b", "a\0c"]` both `a`.
    fetches = {name: "y"} if form == "map" else [name]
    body = {**json.loads(load_event("post-batches")["body"]), "fetches": fetches}
    reply = call(batches, "post-batches", body)
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0] == {"pointer": "/fetches", "code": "PATTERN", "message": name}
