"""DynamoDB's TTL and the table's stream, as far as the template uses them.

moto keeps an item past its `expires_at` for good, where DynamoDB's TTL deletes it
(typically within a few days) and writes the deletion to the table's stream as a
`REMOVE` by the `Service` identity `dynamodb.amazonaws.com`. `TtlSweeper.sweep` is that
background process, done at once: it deletes every item expired by now (each only if
still expired, as the TTL checks again), and hands each deletion, as the stream's
record (KEYS_ONLY), to every function whose `DynamoDB` event reads the table's stream
and whose `FilterCriteria` match it, in batches of its `BatchSize`, as Lambda's event
source mapping does; a batch item failure is sent again, with the records after it,
up to `MaximumRetryAttempts` times, then dropped (on AWS: its on-failure destination),
and logged.
"""

import json
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from graphgate_service.logs import logger
from localrunner.cfn import ACCOUNT_ID, REGION, Template
from localrunner.functions import LambdaFunction

TTL_PRINCIPAL = "dynamodb.amazonaws.com"


@dataclass
class StreamMapping:
    """A function's `DynamoDB` event: what of the stream it is sent, and how."""

    function: LambdaFunction
    patterns: list[dict[str, Any]]
    batch_size: int
    retries: int

    def wants(self, record: dict[str, Any]) -> bool:
        return not self.patterns or any(matches(p, record) for p in self.patterns)


def mappings(template: Template, loaded: dict[str, LambdaFunction]) -> list[StreamMapping]:
    """The event source mappings of the table's stream the template declares."""
    found = []
    for logical_id, resource in template.resources("AWS::Serverless::Function").items():
        for event in resource["Properties"].get("Events", {}).values():
            props = event.get("Properties", {})
            if event.get("Type") != "DynamoDB" or logical_id not in loaded:
                continue
            filters = props.get("FilterCriteria", {}).get("Filters", [])
            found.append(
                StreamMapping(
                    function=loaded[logical_id],
                    patterns=[json.loads(f["Pattern"]) for f in filters],
                    batch_size=int(props.get("BatchSize", 100)),
                    retries=int(props.get("MaximumRetryAttempts", 2)),
                )
            )
    return found


def matches(pattern: Any, value: Any) -> bool:
    """Lambda's event filter rules, the subset the template uses: a mapping matches
    field by field, a list of values (or `{"prefix": ...}` rules) matches any one."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            k in value and matches(v, value[k]) for k, v in pattern.items()
        )
    return any(_rule(rule, value) for rule in pattern)


def _rule(rule: Any, value: Any) -> bool:
    if isinstance(rule, dict):
        if set(rule) != {"prefix"}:
            raise ValueError(f"filter rule not emulated: {rule}")
        return isinstance(value, str) and value.startswith(rule["prefix"])
    return rule == value


def removal_record(table_arn: str, key: dict[str, Any], sequence: int) -> dict[str, Any]:
    """The stream's record of the TTL deleting the item at `key` (KEYS_ONLY)."""
    return {
        "eventID": uuid.uuid4().hex,
        "eventName": "REMOVE",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": {
            "ApproximateCreationDateTime": int(time.time()),
            "Keys": key,
            "SequenceNumber": f"{sequence:028d}",
            "SizeBytes": len(json.dumps(key)),
            "StreamViewType": "KEYS_ONLY",
        },
        "userIdentity": {"type": "Service", "principalId": TTL_PRINCIPAL},
        "eventSourceARN": f"{table_arn}/stream/local",
    }


class TtlSweeper:
    def __init__(self, dynamodb: Any, table: str, streams: list[StreamMapping]):
        self.dynamodb, self.table, self.streams = dynamodb, table, streams
        self.table_arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/{table}"
        # The runner's periodic sweep (`--ttl-sweep`) and one asked for (`Runner.sweep_ttl`) may
        # run at once: each record's number is taken under the lock, so no two are alike.
        self._sequence = 0
        self._numbering = threading.Lock()

    def sweep(self, now: float | None = None) -> int:
        """Delete what the TTL would have by `now` (default: now), deliver the stream's
        records; how many items it deleted."""
        cutoff = int(time.time() if now is None else now)
        records = []
        for key in self._expired(cutoff):
            if self._delete(key, cutoff):
                number = self._next_sequence()
                records.append(removal_record(self.table_arn, key, number))
        for stream in self.streams:
            wanted = [r for r in records if stream.wants(r)]
            for start in range(0, len(wanted), stream.batch_size):
                _deliver(stream, wanted[start : start + stream.batch_size])
        return len(records)

    def _next_sequence(self) -> int:
        with self._numbering:
            self._sequence += 1
            return self._sequence

    def _expired(self, cutoff: int) -> list[dict[str, Any]]:
        """The keys of the items expired by `cutoff`: a scan of the whole table, as the
        TTL's background process reads it (storage.scan_all keeps no sort keys)."""
        pages = self.dynamodb.get_paginator("scan").paginate(
            TableName=self.table,
            FilterExpression="expires_at <= :now",
            ExpressionAttributeValues={":now": {"N": str(cutoff)}},
            ProjectionExpression="pk, sk",
        )
        return [item for page in pages for item in page.get("Items", [])]

    def _delete(self, key: dict[str, Any], cutoff: int) -> bool:
        try:
            self.dynamodb.delete_item(
                TableName=self.table,
                Key=key,
                ConditionExpression="expires_at <= :now",
                ExpressionAttributeValues={":now": {"N": str(cutoff)}},
            )
            return True
        except self.dynamodb.exceptions.ConditionalCheckFailedException:
            return False  # pushed past the cutoff since the scan: not expired any more


def _deliver(stream: StreamMapping, batch: list[dict[str, Any]]) -> None:
    """One batch to the function, what it reports failed sent again (with what follows
    it), as the mapping retries a stream from the lowest sequence number reported."""
    extra = {"function": stream.function.logical_id}
    for _attempt in range(stream.retries + 1):
        try:
            answer = stream.function.invoke({"Records": batch}) or {}
        except Exception:
            logger.exception("stream batch failed", extra=extra)
            continue
        failed = {f["itemIdentifier"] for f in answer.get("batchItemFailures", [])}
        if not failed:
            return
        sequences = [r["dynamodb"]["SequenceNumber"] for r in batch]
        first = min((sequences.index(f) for f in failed if f in sequences), default=0)
        batch = batch[first:]
    logger.error("stream records dropped after every retry", extra={**extra, "records": len(batch)})
