"""The local runner's TTL and stream (localrunner/streams.py): the template's filter
read as Lambda reads it, so the records the runner hands the reaper are the ones AWS
would, and the sweep deletes only what has expired."""

import json
import threading

import pytest

from graphgate_service import keys
from localrunner import streams
from localrunner.cfn import load_yaml
from tests.support import REPO_ROOT, load_event


def reaper_pattern() -> dict:
    template = load_yaml(REPO_ROOT / "template.yaml")
    event = template["Resources"]["ReaperFunction"]["Properties"]["Events"]["ExpiredSessions"]
    (only,) = event["Properties"]["FilterCriteria"]["Filters"]
    return json.loads(only["Pattern"])


def test_the_filter_takes_the_fixtures_ttl_deletion_of_a_session():
    assert streams.matches(reaper_pattern(), load_event("ttl-deleted-session")["Records"][0])


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("eventName",), "MODIFY"),
        (("userIdentity", "type"), "User"),
        (("userIdentity", "principalId"), "someone.amazonaws.com"),
        (("dynamodb", "Keys", "sk", "S"), keys.run_sk(1_000, "r_1")),
        (("dynamodb", "Keys", "pk", "S"), keys.api_key("k_1")["pk"]["S"]),
    ],
)
def test_the_filter_drops_what_is_no_ttl_deletion_of_a_tenants_meta(path, value):
    record = load_event("ttl-deleted-session")["Records"][0]
    target = record
    for name in path[:-1]:
        target = target[name]
    target[path[-1]] = value
    assert not streams.matches(reaper_pattern(), record)


def test_a_deletion_by_a_caller_has_no_service_identity_and_is_dropped():
    record = load_event("ttl-deleted-session")["Records"][0]
    del record["userIdentity"]
    assert not streams.matches(reaper_pattern(), record)


def test_a_rule_the_runner_does_not_emulate_is_an_error_not_a_silent_match():
    with pytest.raises(ValueError, match="not emulated"):
        streams.matches({"a": [{"suffix": "x"}]}, {"a": "x"})


def test_the_removal_record_has_the_shape_of_the_fixture():
    fixture = load_event("ttl-deleted-session")["Records"][0]
    key = keys.item_key(keys.session_pk("t_1", "s_1"), keys.META)
    record = streams.removal_record("arn:aws:dynamodb:us-east-1:1:table/t", key, 7)
    assert set(record) == set(fixture)
    assert set(record["dynamodb"]) == set(fixture["dynamodb"])
    assert record["userIdentity"] == fixture["userIdentity"]
    assert record["dynamodb"]["Keys"] == key


class Reporting:
    """A function that reports the record `fail` of each batch it is sent `times` times."""

    logical_id = "F"

    def __init__(self, fail: str, times: int):
        self.fail, self.times, self.sent = fail, times, []

    def invoke(self, event):
        sequences = [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]
        self.sent.append(sequences)
        if self.fail in sequences and self.times:
            self.times -= 1
            return {"batchItemFailures": [{"itemIdentifier": self.fail}]}
        return {"batchItemFailures": []}


def test_a_reported_failure_is_sent_again_with_the_records_after_it_and_no_others():
    key = keys.item_key(keys.session_pk("t_1", "s_1"), keys.META)
    batch = [streams.removal_record("arn", key, n) for n in (1, 2, 3)]
    function = Reporting(fail=f"{2:028d}", times=1)
    stream = streams.StreamMapping(function, patterns=[], batch_size=10, retries=2)
    streams._deliver(stream, batch)
    assert function.sent == [[f"{n:028d}" for n in (1, 2, 3)], [f"{n:028d}" for n in (2, 3)]]


def test_a_record_failing_every_retry_is_given_up_after_them():
    key = keys.item_key(keys.session_pk("t_1", "s_1"), keys.META)
    function = Reporting(fail=f"{1:028d}", times=99)
    stream = streams.StreamMapping(function, patterns=[], batch_size=10, retries=2)
    streams._deliver(stream, [streams.removal_record("arn", key, 1)])
    assert len(function.sent) == 3  # the first attempt and two retries


class _ExpiredTable:
    """A client whose table holds two expired items; a delete wins once per item, as the
    conditional one does."""

    class exceptions:
        class ConditionalCheckFailedException(Exception):
            pass

    def __init__(self):
        self.keys = [keys.item_key(keys.session_pk("t_1", f"s_{i}"), keys.META) for i in range(2)]
        self.gone: set = set()

    def get_paginator(self, _name):
        keys = self.keys

        class Scan:
            def paginate(self, **_kwargs):
                return [{"Items": list(keys)}]

        return Scan()

    def delete_item(self, Key, **_kwargs):
        if str(Key) in self.gone:
            raise self.exceptions.ConditionalCheckFailedException()
        self.gone.add(str(Key))


class _Collecting:
    logical_id = "F"

    def __init__(self):
        self.sequences: list[str] = []

    def invoke(self, event):
        self.sequences += [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]


def test_a_sweep_run_during_another_numbers_no_record_alike():
    # GIVEN a sweeper whose first sweep, between deleting its first item and writing its
    # record, lets a second sweep (the periodic one against one asked for) run whole: it
    # reads the table's ARN there, and the sequence number was read after it before
    function = _Collecting()
    mapping = streams.StreamMapping(function, patterns=[], batch_size=10, retries=0)

    class Interleaved(streams.TtlSweeper):
        other_ran = False

        @property
        def table_arn(self):
            if not self.other_ran:
                self.other_ran = True
                other = threading.Thread(target=self.sweep, args=(100.0,))
                other.start()
                other.join(timeout=30)  # a sweep that locked itself whole would wait here
            return self._arn

        @table_arn.setter
        def table_arn(self, value):
            self._arn = value

    sweeper = Interleaved(_ExpiredTable(), "t", [mapping])
    # WHEN it sweeps
    sweeper.sweep(100.0)
    # THEN each item's record came once, numbered apart
    assert len(function.sequences) == 2
    assert sorted(function.sequences) == [f"{n:028d}" for n in (1, 2)]
