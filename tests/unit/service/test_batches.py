"""Batch planning without AWS: the shard manifest, shard sizing, and the state
machine definition template.yaml deploys."""

import itertools
import json
import tracemalloc

import numpy as np
import pytest

import graphgate as gg
from graphgate_service import batch_runs, batches, plans, runtime
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
        (10**9, 1e-9, 256, 6_291_456),  # 1536 MB of 256-byte rows
        (10**9, 1e-5, 200_704, 8_024),  # a conv layer's 200 KB a row binds before time
    ],
)
def test_a_shard_is_what_was_asked_within_the_plans_time_and_a_workers_memory(
    requested, seconds_per_row, row_bytes, expected
):
    rows = 10**8
    probe = batches.Probe(seconds_per_row, row_bytes)
    assert batches._rows_per_shard(PRO, rows, requested, probe) == expected


def test_a_shard_never_has_more_rows_than_the_dataset_and_by_default_at_least_10000():
    probe = batches.Probe(1e-6, 256)
    assert batches._rows_per_shard(PRO, 500, 62_500, probe) == 500
    assert batches._rows_per_shard(PRO, 1_000_000, None, probe) == 10_000


def conv_net() -> gg.Graph:
    """784 pixels -> 3x3x32 conv (100 KB a row) -> relu -> 2x2 max pool -> 10 logits."""
    rng = np.random.default_rng(0)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 784], name="x")
        kernel = gg.Variable(rng.normal(0, 0.1, (3, 3, 1, 32)).astype(np.float32))
        image = gg.reshape(x, [-1, 28, 28, 1])
        conv = gg.nn.relu(gg.nn.conv2d(image, kernel, [1, 1, 1, 1], "SAME"))
        pooled = gg.reshape(gg.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), [-1, 6272])
        dense = gg.Variable(rng.normal(0, 0.01, (6272, 10)).astype(np.float32))
        gg.matmul(pooled, dense, name="logits")
    return graph


def test_the_probe_measures_what_a_row_holds_in_a_worker_not_only_its_input(monkeypatch):
    # GIVEN a conv net: 3 KB of input a row, 100 KB a row for each of its conv and relu,
    # probed in a process that runs one invocation at a time (a Lambda environment)
    monkeypatch.setattr(runtime, "_shared", False)
    graph = conv_net()
    inputs = {"x:0": {"array": "x", "dtype": "float32", "row_shape": [784]}}
    variables = runtime.initial_variables(graph)
    # WHEN the submission probes it
    probe = batches._probe(graph, variables, {"logits": "logits:0"}, inputs, 64)
    # THEN a row holds its input twice, the conv and relu outputs alive at once (the
    # engine frees the conv's after the relu reads it, but the relu reads it), and more
    conv_row = 28 * 28 * 32 * 4
    assert 2 * conv_row <= probe.memory_per_row - 2 * 784 * 4 < 4 * conv_row
    # AND at least what a shard's run allocates at its peak, kernels' scratch included
    rows = 1_000
    pixels = np.ones((rows, 784), np.float32)
    tracemalloc.start()
    try:
        runtime.execute(
            graph,
            variables,
            {"logits": "logits:0"},
            [{"x:0": pixels}],
            None,
            1,
            runtime.RunLimits(1, float("inf"), 2**62),
            None,
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < rows * probe.memory_per_row
    # AND a shard fits a worker's memory, however fast the rows run
    shard = batches._rows_per_shard(PRO, 10**7, None, batches.Probe(1e-9, probe.memory_per_row))
    assert shard * probe.memory_per_row <= batches.SHARD_MEMORY_BYTES
    assert shard < batches.SHARD_MEMORY_BYTES // (784 * 4) // 10  # far below input-only sizing


def test_a_process_running_invocations_on_threads_never_switches_tracemalloc(monkeypatch):
    # CPython 3.11's tracemalloc.stop() crashes a thread that allocates meanwhile in numpy
    # (gh-128679): the local runner's probe, beside other environments' shards, took a
    # make test's worker down with a segmentation fault.
    monkeypatch.setattr(runtime, "_shared", False)
    runtime.share_process()
    assert runtime._shared

    def refuse() -> None:
        raise AssertionError("tracemalloc switched on in a process shared by threads")

    monkeypatch.setattr(tracemalloc, "start", refuse)
    graph = conv_net()
    inputs = {"x:0": {"array": "x", "dtype": "float32", "row_shape": [784]}}
    variables = runtime.initial_variables(graph)
    probe = batches._probe(graph, variables, {"logits": "logits:0"}, inputs, 64)
    # the traced values alone: the input twice, the conv and relu outputs alive at once
    conv_row = 28 * 28 * 32 * 4
    assert 2 * conv_row <= probe.memory_per_row - 2 * 784 * 4 < 4 * conv_row


def test_the_peak_counts_values_alive_together_not_every_value():
    # GIVEN a chain x -> a -> b -> c, each [rows, 256] float32: a dies once b is made
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 256], name="x")
        a = gg.nn.relu(x, name="a")
        b = gg.sigmoid(a, name="b")
        gg.tanh(b, name="c")
    metadata = gg.RunMetadata()
    with gg.Session(graph=graph) as session:
        session.run("c:0", {"x:0": np.ones((64, 256), np.float32)}, run_metadata=metadata)
    # THEN at most two of a, b, c are alive at once (each 64 KB), never all three
    assert runtime.peak_row_bytes(graph, metadata, 64) == 2 * 64 * 256 * 4


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
    # The request's own need, not the tenant's use (none: a cap on one batch's size)
    needed = rows if cap == "batch_rows" else rows * row_shape[0] * 4
    assert (refused.value.extra["used"], refused.value.extra["requested"]) == (0, needed)


def test_a_concurrency_above_the_plans_is_refused_not_lowered():
    from graphgate_service import problems

    probe = batches.Probe(1e-6, 4 * 64 * 4)
    free = plans.get("free")
    shards, concurrency = batches._shards(free, {"max_concurrency": 4}, 8_000, probe)
    assert concurrency == 1 and len(shards) == 1  # 8,000 rows make one 10,000-row shard
    with pytest.raises(problems.ApiError) as refused:
        batches._shards(free, {"max_concurrency": 5}, 8_000, probe)
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


@pytest.mark.parametrize(
    "inputs",
    [
        {"x": "a", "x:0": "b"},  # a placeholder by its op's name and by its tensor's
        {"pixels": "a", "x": "b"},  # a model's signature alias and the tensor it stands for
    ],
)
def test_two_inputs_naming_one_placeholder_are_refused_not_one_dropped(inputs):
    from graphgate_service import problems

    g = gg.Graph()
    with g.as_default():
        gg.placeholder(gg.float32, [None, 4], name="x")
    spec = {"dtype": "float32", "shape": [10, 4]}
    dataset = {"id": "ds_1", "arrays": {"a": spec, "b": spec}}
    aliases = {"inputs": {"pixels": "x"}, "outputs": {}}
    with pytest.raises(problems.ApiError) as refused:
        batches._inputs(g, dataset, batches._aliased(inputs, aliases, "inputs"))
    assert refused.value.code == "BATCH_INPUT_MISMATCH"
    assert refused.value.errors[0]["pointer"] == f"/inputs/{list(inputs)[1]}"


@pytest.mark.parametrize(
    ("files", "advice"),
    [
        ([{"format": "csv"}], "(`graphgate datasets upload FILE --dtype float32`)."),
        ([{"format": "npy", "name": "x"}], "Upload the array again as float32."),
    ],
    ids=["csv", "npy"],
)
def test_a_dtype_mismatch_says_how_to_upload_the_dtype_the_placeholder_takes(files, advice):
    # A CSV's floats are float64 unless its upload names a dtype (datasets.md): a newcomer
    # scoring a float32 model over one was told the mismatch and not what to do about it.
    from graphgate_service import problems

    g = gg.Graph()
    with g.as_default():
        gg.placeholder(gg.float32, [None, 4], name="x")
    dataset = {
        "id": "ds_1",
        "arrays": {"x": {"dtype": "float64", "shape": [10, 4]}},
        "files": files,
    }
    with pytest.raises(problems.ApiError) as refused:
        batches._inputs(g, dataset, {"x": "x"})
    assert refused.value.code == "BATCH_INPUT_MISMATCH"
    assert refused.value.detail.startswith("Array 'x' is float64; placeholder x takes float32. ")
    assert refused.value.detail.endswith(advice)
