"""The reaper function in-process against moto, driven by its events/ fixture (the
stream's record of the TTL deleting a session's META): what the session left (run
records, objects) is released, once, as its DELETE would; other sessions' and other
tenants' data, and records that are no session's TTL deletion, are left alone; a
release that runs out of time is reported as the batch's failure and carries on when
sent again."""

import copy
import importlib
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from graphgate_service import keys, metering, session_leftovers, storage
from tests.support import REPO_ROOT, load_event

CONTEXT = SimpleNamespace(aws_request_id="c0ffee00-0000-4000-8000-000000000002")


@pytest.fixture
def reaper(aws):
    sys.path.insert(0, str(REPO_ROOT / "functions" / "reaper"))
    try:
        yield importlib.import_module("reaper")
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / "reaper"))


def seed(aws, tenant: str, session_id: str, runs: int = 3, with_meta: bool = True) -> None:
    """A session's records and objects: `runs` finished sync runs, one async run left
    running after 2 steps, variables and a run's request in S3, a download."""
    dynamodb, table = aws["clients"]["dynamodb"], aws["ids"]["Table"]
    bucket, s3 = aws["ids"]["TensorBucket"], aws["clients"]["s3"]
    pk = keys.session_pk(tenant, session_id)
    items = [
        {"pk": pk, "sk": keys.run_sk(1_000 + n, f"r_{n:020x}"), "mode": "sync", "status": "ok"}
        for n in range(runs)
    ]
    items.append(
        {
            "pk": pk,
            "sk": keys.run_sk(9_000, "r_async"),
            "id": "r_async",
            "created_at": 9_000,
            "mode": "async",
            "status": "running",
            "completed_steps": 2,
            "compute_ms": 12.5,
            "feed_bytes": 8,
            "fetched_bytes": 4,
        }
    )
    if with_meta:
        items.append({"pk": pk, "sk": keys.META, "expires_at": 1, "graph_id": "g_1"})
    for item in items:
        dynamodb.put_item(TableName=table, Item=storage.typed(item))
    for key in (
        keys.session_variables(tenant, session_id, "ab" * 32),
        keys.run_blob(tenant, session_id, "r_async", "request"),
        keys.session_export(tenant, session_id, "v"),
    ):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")


def left(aws, tenant: str, session_id: str) -> tuple[int, int]:
    """(items in the session's partition, objects under its prefix)."""
    items = aws["clients"]["dynamodb"].query(
        TableName=aws["ids"]["Table"],
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.session_pk(tenant, session_id)}},
    )["Items"]
    objects = aws["clients"]["s3"].list_objects_v2(
        Bucket=aws["ids"]["TensorBucket"], Prefix=keys.session_prefix(tenant, session_id)
    )
    return len(items), objects.get("KeyCount", 0)


def ttl_event(*sessions: tuple[str, str]) -> dict[str, Any]:
    """The events/ fixture, one record per (tenant, session), sequence numbers rising."""
    template = load_event("ttl-deleted-session")["Records"][0]
    records = []
    for n, (tenant, session_id) in enumerate(sessions):
        record = copy.deepcopy(template)
        record["dynamodb"]["Keys"]["pk"]["S"] = keys.session_pk(tenant, session_id)
        record["dynamodb"]["SequenceNumber"] = f"{n + 1:028d}"
        records.append(record)
    return {"Records": records}


def test_the_fixture_is_a_ttl_deletion_of_a_session_meta(aws, reaper):
    tenant, session_id = "t_0123456789abcdef", "s_00000000000000000001"
    seed(aws, tenant, session_id, with_meta=False)  # the TTL deleted it
    assert reaper.lambda_handler(load_event("ttl-deleted-session"), CONTEXT) == {
        "batchItemFailures": []
    }
    assert left(aws, tenant, session_id) == (0, 0)


def test_an_expired_session_is_released_and_no_other_data(aws, reaper):
    seed(aws, "t_a", "s_gone", with_meta=False)
    seed(aws, "t_a", "s_live")  # the same tenant's other session
    seed(aws, "t_b", "s_gone")  # another tenant's session of the same id

    answer = reaper.lambda_handler(ttl_event(("t_a", "s_gone")), CONTEXT)

    assert answer == {"batchItemFailures": []}
    assert left(aws, "t_a", "s_gone") == (0, 0)
    assert left(aws, "t_a", "s_live") == (5, 3)
    assert left(aws, "t_b", "s_gone") == (5, 3)


def test_the_unfinished_async_run_is_metered_once_as_delete_does(aws, reaper):
    seed(aws, "t_a", "s_gone", with_meta=False)
    event = ttl_event(("t_a", "s_gone"))
    reaper.lambda_handler(event, CONTEXT)
    reaper.lambda_handler(event, CONTEXT)  # the stream delivers at least once

    day = metering.today("t_a")
    assert (day["runs"], day["compute_ms"], day["feed_bytes"]) == (1, 12.5, 8)


@pytest.mark.parametrize(
    "change",
    [
        {"eventName": "MODIFY"},
        {"userIdentity": None},  # a DELETE's own deletion: no TTL, DELETE released it
        {"userIdentity": {"type": "Service", "principalId": "other.amazonaws.com"}},
    ],
)
def test_a_record_that_is_no_ttl_deletion_releases_nothing(aws, reaper, change):
    seed(aws, "t_a", "s_x", with_meta=False)
    event = ttl_event(("t_a", "s_x"))
    event["Records"][0].update(change)
    assert reaper.lambda_handler(event, CONTEXT) == {"batchItemFailures": []}
    assert left(aws, "t_a", "s_x") == (4, 3)


@pytest.mark.parametrize(
    "pk",
    [
        keys.batch_pk("t_a", "b_1"),
        keys.graph_pk("t_a", "s_x"),
        keys.session_pk("t_a", "s_x") + "#x",
        keys.health()["pk"]["S"],
    ],
)
def test_a_meta_of_another_kind_passes_the_filter_and_is_left_alone(aws, reaper, pk):
    seed(aws, "t_a", "s_x", with_meta=False)
    event = ttl_event(("t_a", "s_x"))
    event["Records"][0]["dynamodb"]["Keys"]["pk"]["S"] = pk
    assert reaper.lambda_handler(event, CONTEXT) == {"batchItemFailures": []}
    assert left(aws, "t_a", "s_x") == (4, 3)


def test_a_release_out_of_time_is_the_batchs_failure_and_goes_on_when_sent_again(
    aws, reaper, monkeypatch
):
    seed(aws, "t_a", "s_big", runs=9, with_meta=False)
    seed(aws, "t_a", "s_next", with_meta=False)
    monkeypatch.setattr(session_leftovers, "PAGE_ITEMS", 4)
    pages = iter([True, False])  # time for one more page after the first, then none
    monkeypatch.setattr(reaper, "_time_left", lambda: next(pages, False))
    event = ttl_event(("t_a", "s_big"), ("t_a", "s_next"))

    answer = reaper.lambda_handler(event, CONTEXT)

    # The first unfinished record is reported: Lambda sends it and those after it again.
    assert answer == {"batchItemFailures": [{"itemIdentifier": f"{1:028d}"}]}
    assert left(aws, "t_a", "s_big") == (2, 3)  # two pages of 4 released of 10 records
    assert left(aws, "t_a", "s_next") == (4, 3)
    monkeypatch.setattr(reaper, "_time_left", lambda: True)
    assert reaper.lambda_handler(event, CONTEXT) == {"batchItemFailures": []}
    assert left(aws, "t_a", "s_big") == (0, 0) and left(aws, "t_a", "s_next") == (0, 0)


def test_a_failing_release_is_reported_not_raised(aws, reaper, monkeypatch):
    seed(aws, "t_a", "s_x", with_meta=False)

    def fail(*_args):
        raise RuntimeError("S3 is down")

    monkeypatch.setattr(storage, "delete_objects", fail)
    event = ttl_event(("t_a", "s_x"), ("t_a", "s_y"))
    assert reaper.lambda_handler(event, CONTEXT) == {
        "batchItemFailures": [{"itemIdentifier": f"{1:028d}"}]
    }


def test_an_expired_sessions_release_makes_the_aws_calls_it_must_and_no_more(
    aws, reaper, monkeypatch
):
    # As test_aws_call_counts.py counts routes: 3 finished runs, one left running, 3 objects.
    from tests.integration.test_aws_call_counts import Calls

    seed(aws, "t_a", "s_gone", with_meta=False)
    calls = Calls(monkeypatch)
    event = ttl_event(("t_a", "s_gone"))

    counted = calls.of(lambda: reaper.lambda_handler(event, CONTEXT))

    assert counted == {
        "dynamodb.Query": 1,  # one page of the partition
        "dynamodb.TransactWriteItems": 1,  # the running run metered, with its mark
        "dynamodb.BatchWriteItem": 1,  # 4 records, 25 to a batch
        "s3.ListObjectsV2": 1,
        "s3.DeleteObject": 3,
    }
