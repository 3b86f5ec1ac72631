"""The deadline guard: no AWS attempt starts that the Lambda invocation
could not outlive, and a refused attempt is answered like throttling."""

import json
import time
from types import SimpleNamespace

import pytest

from graphgate_service import api, aws, keys, storage


class Context:
    def __init__(self, remaining_s):
        self.ends_at = time.monotonic() + remaining_s

    def get_remaining_time_in_millis(self):
        return int((self.ends_at - time.monotonic()) * 1000)


def _unreachable_aws(monkeypatch, access_key: str = "local") -> None:
    # A port nothing listens on: the guard must refuse before any connection.
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", access_key)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    aws.reset()


@pytest.fixture
def dynamodb(monkeypatch):
    _unreachable_aws(monkeypatch)
    yield aws.client("dynamodb")
    aws.reset()


def test_an_attempt_is_not_started_without_time_to_finish_it(dynamodb):
    # Attempts counted, not timed (a 0.5 s bound also held the collector's passes): an
    # attempt that reached the unreachable endpoint would end in a connection error.
    attempts = []
    dynamodb.meta.events.register_first("before-send", lambda **_: attempts.append(1))
    with aws.deadline(Context(aws.CALL_RESERVE_S - 0.5)), pytest.raises(aws.NoTimeLeft) as caught:
        dynamodb.get_item(TableName="t", Key={"pk": {"S": "x"}})
    assert attempts == [1]  # refused at its first attempt, and not retried
    assert "GetItem" in str(caught.value)


def test_with_time_left_or_outside_an_invocation_nothing_is_refused():
    with aws.deadline(Context(aws.CALL_RESERVE_S + 5)):
        aws._refuse_late_attempt(event_name="before-send.dynamodb.GetItem")
        assert aws.remaining_s() == pytest.approx(aws.CALL_RESERVE_S + 5, abs=0.5)
    with aws.deadline(None):
        assert aws.remaining_s() is None
        aws._refuse_late_attempt(event_name="before-send.dynamodb.GetItem")
    assert aws.remaining_s() is None


def test_a_refused_attempt_is_a_503_with_retry_after_like_throttling():
    status, body, headers = _problem(aws.NoTimeLeft(operation="GetItem", remaining_s=1, needed_s=8))
    assert status == 503 and headers["Retry-After"] == "1"
    assert body["code"] == "DEPENDENCY_UNAVAILABLE"


def test_the_margins_before_storing_leave_room_for_one_guarded_call():
    from graphgate_service import jobs, runtime

    assert runtime.RESPONSE_MARGIN_S > aws.CALL_RESERVE_S
    assert jobs.WORKER_MARGIN_S > aws.CALL_RESERVE_S


class PartlyThrottledBatches:
    """BatchWriteItem as DynamoDB answers it under throttling: part of the batch left over."""

    def __init__(self, unprocessed_per_call):
        self.unprocessed_per_call = list(unprocessed_per_call)
        self.deleted: list[str] = []

    def batch_write_item(self, RequestItems):
        ((table, requests),) = RequestItems.items()
        keep = self.unprocessed_per_call.pop(0) if self.unprocessed_per_call else 0
        done, left = requests[: len(requests) - keep], requests[len(requests) - keep :]
        self.deleted += [r["DeleteRequest"]["Key"]["sk"]["S"] for r in done]
        return {"UnprocessedItems": {table: left} if left else {}}


def test_unprocessed_items_of_a_batch_are_sent_again_until_none_are_left(monkeypatch):
    monkeypatch.setattr(storage, "BATCH_BACKOFF_S", 0)
    client = PartlyThrottledBatches([10, 4, 1])
    items = [{"pk": keys.graph_pk("t", "g"), "sk": keys.revision_sk(i)} for i in range(30)]
    storage.free(
        client,
        "table",
        items,
        SimpleNamespace(get_paginator=_no_pages),
        "b",
        keys.graph_prefix("t", "g"),
    )
    assert sorted(client.deleted) == sorted(i["sk"] for i in items)


def test_a_batch_that_never_drains_is_a_503_not_a_silent_orphan(monkeypatch):
    monkeypatch.setattr(storage, "BATCH_BACKOFF_S", 0)
    client = PartlyThrottledBatches([1] * storage.BATCH_ATTEMPTS)
    with pytest.raises(api.problems.ServiceUnavailable) as caught:
        storage.write_batch(client, {"table": [_delete("a"), _delete("b")]})
    assert caught.value.code == "DEPENDENCY_UNAVAILABLE"
    assert client.deleted == ["a"]


def _delete(sk):
    return {"DeleteRequest": {"Key": {"pk": {"S": "p"}, "sk": {"S": sk}}}}


def _no_pages(_name):
    return SimpleNamespace(paginate=lambda **_: [])


def _problem(exc):
    error = api._aws_problem(exc)
    status, text, headers = api.problems.from_error(error, "r-1")
    return status, json.loads(text), headers


def test_clients_share_one_session_until_reset_which_rereads_credentials_only(monkeypatch):
    _unreachable_aws(monkeypatch, access_key="first")
    try:
        dynamodb, s3 = aws.client("dynamodb"), aws.client("s3")
        # One session: botocore's endpoint and retry data parsed once, for both.
        assert dynamodb._loader is s3._loader
        assert dynamodb._request_signer._credentials.access_key == "first"
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "second")
        aws.reset()
        paths = list(dynamodb._loader.search_paths)
        again = aws.client("dynamodb")
        assert again is not dynamodb
        assert again._request_signer._credentials.access_key == "second"
        # The parsed data outlives the session (reset before every test re-parsed it),
        # and a new session does not lengthen the path every lookup walks
        assert again._loader is dynamodb._loader and again._loader.search_paths == paths
    finally:
        aws.reset()


@pytest.mark.parametrize(
    "prefix",
    ["", keys.TENANTS_PREFIX, keys.TENANTS_PREFIX + "t/", keys.session_prefix("t", ""), "a/b/c"],
)
def test_deleting_objects_under_no_owners_folder_is_refused_before_any_call(prefix):
    # A prefix built from an empty id, or none, would reach other owners' objects.
    with pytest.raises(ValueError, match="not an owner's folder"):
        storage.delete_objects(None, "b", prefix)
