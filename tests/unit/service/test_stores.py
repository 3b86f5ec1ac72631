"""Every store has one shape (storage.Store: the table, the bucket and their clients)
and is built once per process, not per call; tests that switch endpoints with
aws.reset() get new stores holding the new clients."""

import re

import pytest

from graphgate_service import (
    aws,
    batches,
    datasets,
    graphs,
    metering,
    models,
    sessions,
    settings,
    storage,
    tenants,
    tokens,
    uploads,
)
from tests.support import REPO_ROOT

ACCESSORS = {
    "graphs": graphs.store,
    "sessions": sessions.store,
    "models": models.store,
    "datasets": datasets.store,
    "batches": batches.store,
    "tokens": tokens.store,
    "tenants": tenants.store,
    "usage": metering.UsageStore.shared,
    "uploads": uploads.UploadStore.shared,
    "table": storage.Store.shared,
}


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    # Clients are made (no call is sent): botocore needs a region and credentials.
    for name, value in {
        "STAGE": "test",
        "TABLE_NAME": "graphgate-test",
        "BUCKET_NAME": "graphgate-tensors-test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    settings.get.cache_clear()
    aws.reset()
    yield
    settings.get.cache_clear()
    aws.reset()


def test_every_store_is_built_once_per_process():
    # One test, not one per store: making the clients is most of its time.
    for name, accessor in ACCESSORS.items():
        first = accessor()
        assert accessor() is first, name
        assert isinstance(first, storage.Store), name
        assert (first.table, first.bucket) == ("graphgate-test", "graphgate-tensors-test")
        assert first.dynamodb.meta is aws.client("dynamodb").meta
        assert first.s3.meta is aws.client("s3").meta


def test_each_kind_of_store_is_its_own_and_they_share_the_clients():
    built = [accessor() for accessor in ACCESSORS.values()]
    assert len({type(store) for store in built}) == len(built)
    assert len({id(store.dynamodb.meta) for store in built}) == 1


def test_a_store_makes_its_clients_when_first_used(monkeypatch):
    # The authorizer holds a store and never reaches S3: no S3 client at its cold start.
    made, real = [], aws.client
    monkeypatch.setattr(aws, "client", lambda service: made.append(service) or real(service))
    held = tokens.store()
    assert made == []
    assert held.dynamodb.meta.service_model.service_name == "dynamodb"
    assert made == ["dynamodb"]


def test_reset_forgets_the_stores_with_the_clients_they_hold():
    before = graphs.store()
    before_client = before.dynamodb.meta
    aws.reset()
    after = graphs.store()
    assert after is not before
    assert after.dynamodb.meta is aws.client("dynamodb").meta
    assert after.dynamodb.meta is not before_client


def test_other_settings_get_other_stores(monkeypatch):
    before = sessions.store()
    monkeypatch.setenv("TABLE_NAME", "graphgate-other")
    settings.get.cache_clear()
    assert sessions.store().table == "graphgate-other"
    assert before.table == "graphgate-test"


def _service_sources():
    for folder in ("layers/service", "functions"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            yield path.relative_to(REPO_ROOT), path.read_text()


def test_only_storage_makes_the_table_and_bucket_clients():
    # One way to reach storage: through a Store, never a client made on the spot.
    inline = [
        f"{path}:{text[: match.start()].count(chr(10)) + 1}"
        for path, text in _service_sources()
        if path.name != "storage.py"
        for match in re.finditer(r"""aws\.client\(\s*["'](dynamodb|s3)["']""", text)
    ]
    assert inline == []


def test_stores_are_built_only_by_shared():
    # `XStore(...)` anywhere in the service would be a store built per call again.
    kinds = {
        kind.__name__
        for kind in (type(accessor()) for accessor in ACCESSORS.values())
        if kind is not storage.Store
    }
    built = [
        f"{path}: {match.group(0)}"
        for path, text in _service_sources()
        for match in re.finditer(r"\b(\w*Store)\((?!storage\.Store\))", text)
        if match.group(1) in kinds or match.group(1) == "Store"
    ]
    assert built == []


class Pages:
    """A query answering with scripted page counts, as DynamoDB does when its Limit
    (1 MB) stops a page before the filter: short pages, more to read."""

    def __init__(self, *counts):
        self.counts, self.requests = list(counts), []

    def query(self, **request):
        self.requests.append(request)
        count = self.counts.pop(0)
        more = {"LastEvaluatedKey": {"pk": {"S": "p"}}} if self.counts else {}
        return {"Count": count, **more}


def test_count_reads_past_short_pages_and_stops_at_enough():
    request = storage.newest_first("table", "p", unexpired=True)
    assert storage.count(Pages(0, 0, 2, 1), request, at_most=10) == 3
    table = Pages(0, 4, 4, 4)
    assert storage.count(table, request, at_most=5) == 8
    assert len(table.requests) == 3
    assert all(r["Select"] == "COUNT" for r in table.requests)
    assert "Select" not in request
