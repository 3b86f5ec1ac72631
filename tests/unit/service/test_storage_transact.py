"""storage.transact: what a cancelled DynamoDB transaction means. A failed
condition is the caller's business (a stale version, a cap, a deleted graph);
a conflict with another transaction in flight is not, and is retried."""

import pytest
from botocore.exceptions import ClientError

from graphgate_service import problems, storage


class Table:
    """transact_write_items answering each call with the next scripted outcome."""

    def __init__(self, *outcomes):
        self.outcomes, self.calls = list(outcomes), 0

    def transact_write_items(self, TransactItems):
        self.calls += 1
        reasons = self.outcomes.pop(0)
        if reasons is not None:
            raise ClientError(
                {
                    "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                    "CancellationReasons": [{"Code": r} for r in reasons],
                },
                "TransactWriteItems",
            )


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(storage.time, "sleep", lambda s: None)


ITEMS = [{"Put": {}}, {"Update": {}}]


def test_a_conflict_with_another_transaction_is_retried_until_written():
    table = Table(["None", "TransactionConflict"], ["TransactionConflict", "None"], None)
    assert storage.transact(table, ITEMS) is None
    assert table.calls == 3


def test_a_failed_condition_is_returned_at_once_with_its_reasons():
    table = Table(["None", "ConditionalCheckFailed"])
    assert storage.transact(table, ITEMS) == ["None", "ConditionalCheckFailed"]
    assert table.calls == 1


def test_conflicts_that_never_end_are_a_503_to_retry():
    table = Table(*[["TransactionConflict", "None"]] * storage.TRANSACT_ATTEMPTS)
    with pytest.raises(problems.ServiceUnavailable) as raised:
        storage.transact(table, ITEMS)
    assert raised.value.code == "WRITE_CONFLICT" and "Retry-After" in raised.value.headers
    assert table.calls == storage.TRANSACT_ATTEMPTS


def test_any_other_cancellation_is_a_503_not_a_conflict():
    with pytest.raises(problems.ServiceUnavailable) as raised:
        storage.transact(Table(["ThrottlingError", "None"]), ITEMS)
    assert raised.value.code == "WRITE_CANCELLED"


def test_a_map_with_an_empty_key_is_refused_before_it_is_written():
    # DynamoDB holds no empty map key; moto stores one that no read can return.
    with pytest.raises(ValueError, match="empty map key"):
        storage.typed({"run": {"outputs": {"": 1.0}}})


def test_caller_shaped_values_round_trip_as_text():
    value = {"": [1.5, float("nan"), float("inf")], "a.b": {"#x": None}}
    assert storage.from_text(storage.to_text(value)) == {
        "": [1.5, "NaN", "Infinity"],
        "a.b": {"#x": None},
    }


def test_every_transaction_goes_through_storage_transact():
    # The decision log's rule: one place reads a cancelled transaction.
    from tests.support import REPO_ROOT

    callers = [
        str(path.relative_to(REPO_ROOT))
        for folder in ("layers/service", "functions", "graphgate_admin")
        for path in sorted((REPO_ROOT / folder).rglob("*.py"))
        if "transact_write_items(" in path.read_text() and path.name != "storage.py"
    ]
    assert callers == []
