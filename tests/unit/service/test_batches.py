"""Batch planning without AWS: the shard manifest, shard sizing, and the state
machine definition template.yaml deploys."""

import itertools
import json

import pytest

from graphgate_service import batch_runs, batches, plans
from localrunner.cfn import load_yaml
from tests.support import REPO_ROOT

PRO = plans.get("pro")


def test_the_manifest_covers_every_row_once_in_order():
    shards = batches._manifest(1_000_003, 62_500)
    assert len(shards) == 17
    assert [s["index"] for s in shards] == list(range(17))
    assert shards[0]["start"] == 0 and shards[-1]["stop"] == 1_000_003
    assert all(a["stop"] == b["start"] for a, b in itertools.pairwise(shards))


@pytest.mark.parametrize(
    ("requested", "seconds_per_row", "row_bytes", "expected"),
    [
        (62_500, 1e-6, 256, 62_500),  # what was asked fits
        (None, 1e-6, 256, 100_000),  # spread over the plan's 1,000 children
        (10**9, 1e-3, 256, 75_000),  # 300 s x 0.25 at 1 ms a row
        (10**9, 1e-9, 256, 2_097_152),  # 512 MB of 256-byte rows
    ],
)
def test_a_shard_is_what_was_asked_within_the_plans_time_and_a_workers_memory(
    requested, seconds_per_row, row_bytes, expected
):
    rows = 10**8
    assert batches._rows_per_shard(PRO, rows, requested, seconds_per_row, row_bytes) == expected


def test_a_shard_never_has_more_rows_than_the_dataset_and_by_default_at_least_10000():
    assert batches._rows_per_shard(PRO, 500, 62_500, 1e-6, 256) == 500
    assert batches._rows_per_shard(PRO, 1_000_000, None, 1e-6, 256) == 10_000


@pytest.fixture(scope="module")
def definition():
    template = load_yaml(REPO_ROOT / "template.yaml")
    machine = template["Resources"]["BatchStateMachine"]["Properties"]
    return machine, json.loads((REPO_ROOT / machine["DefinitionUri"]).read_text())


def test_the_asl_is_a_distributed_map_over_the_s3_shard_manifest(definition):
    machine, asl = definition
    assert set(machine["DefinitionSubstitutions"]) == {"BatchWorkerFunctionArn", "BucketName"}
    shards = asl["States"][asl["StartAt"]]
    assert shards["Type"] == "Map"
    assert shards["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    assert shards["ItemReader"]["Resource"] == "arn:aws:states:::s3:getObject"
    assert shards["ItemReader"]["ReaderConfig"]["InputType"] == "JSON"
    assert shards["MaxConcurrencyPath"] == "$.max_concurrency"  # the plan's, per batch
    assert shards["ToleratedFailurePercentage"] == 0
    assert shards["ResultWriter"]["Resource"] == "arn:aws:states:::s3:putObject"
    assert shards["Catch"][0]["Next"] == "RecordFailure"


def test_a_shard_is_retried_with_backoff_except_when_retrying_cannot_help(definition):
    _, asl = definition
    task = asl["States"]["Shards"]["ItemProcessor"]["States"]["RunShard"]
    retriers = {tuple(r["ErrorEquals"]): r for r in task["Retry"]}
    assert retriers[("BatchShardFailed",)]["MaxAttempts"] == 0
    throttling = retriers[
        (
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
        )
    ]
    assert throttling["BackoffRate"] >= 2 and throttling["JitterStrategy"] == "FULL"
    crashes = retriers[("States.ALL",)]
    assert crashes["MaxAttempts"] >= 1 and crashes["BackoffRate"] >= 2
    # A child never meets the worker's own 900 s timeout unnoticed.
    assert task["TimeoutSeconds"] <= 900
    assert task["Catch"][0]["Next"] == "RecordShardFailure"


@pytest.mark.parametrize(
    ("rows", "row_shape", "cap"),
    [(100_000_001, [1], "batch_rows"), (50_000_000, [1024], "batch_bytes")],
)
def test_rows_and_bytes_past_the_plan_are_refused_naming_the_cap(rows, row_shape, cap):
    from graphgate_service import problems

    dataset = {"rows": rows}
    inputs = {"x:0": {"array": "x", "dtype": "float32", "row_shape": row_shape}}
    with pytest.raises(problems.ApiError) as refused:
        batches._within_plan(PRO, dataset, inputs)
    assert refused.value.code == "PLAN_LIMIT_EXCEEDED"
    assert refused.value.extra["cap"] == cap


def test_a_concurrency_above_the_plans_is_refused_not_lowered():
    from graphgate_service import problems

    inputs = {"x:0": {"array": "x", "dtype": "float32", "row_shape": [64]}}
    free = plans.get("free")
    shards, concurrency = batches._shards(free, {"max_concurrency": 4}, 8_000, 1e-6, inputs)
    assert concurrency == 1 and len(shards) == 1  # 8,000 rows make one 10,000-row shard
    with pytest.raises(problems.ApiError) as refused:
        batches._shards(free, {"max_concurrency": 5}, 8_000, 1e-6, inputs)
    assert refused.value.extra["cap"] == "batch_concurrency"


def test_a_failed_shard_tells_its_refusal_and_never_the_workers_stack():
    # GIVEN Step Functions' Catch output as AWS shapes it: the Lambda error document,
    # stack trace included, as a JSON string in Cause
    def caught(kind: str, message: str) -> dict:
        trace = ['  File "/opt/python/graphgate_service/batch_runs.py", line 136, in _run\n']
        document = {"errorMessage": message, "errorType": kind, "stackTrace": trace}
        return {"Error": kind, "Cause": json.dumps(document)}

    refused = caught("BatchShardFailed", "INDEX_OUT_OF_RANGE: gather indices must be in [0, 6)")
    crashed = caught("OSError", "[Errno 28] No space left on device: '/tmp/tenants/t_1/x'")
    # THEN the engine's refusal is quoted as it is; anything else only by its kind
    detail = batch_runs.shard_error_detail
    assert detail(refused) == "INDEX_OUT_OF_RANGE: gather indices must be in [0, 6)"
    assert detail(crashed) == "the shard's worker failed (OSError)"
    timed_out = {"Error": "States.Timeout", "Cause": None}
    assert detail(timed_out) == "the shard's worker failed (States.Timeout)"
    assert detail({"Error": "BatchShardFailed", "Cause": "not json"}) == (
        "the shard's worker failed (BatchShardFailed)"
    )
