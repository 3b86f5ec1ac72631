"""The local runner's Lambda Invoke for state machines: Lambda's answer shapes."""

import io
import json
import subprocess
import sys

import pytest

from localrunner import stepfunctions
from localrunner.functions import LambdaFunction
from localrunner.stepfunctions import LambdaInvokes


def environ(path: str, body: dict) -> dict:
    raw = json.dumps(body).encode()
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
    }


def function(handler) -> dict[str, LambdaFunction]:
    return {"W": LambdaFunction("W", "graphgate-local-W", handler, 5.0, 128)}


ARN_PATH = "/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{}/invocations"


def test_an_invoke_by_arn_runs_the_function_and_answers_its_result():
    invokes = LambdaInvokes(function(lambda event, context: {"got": event["n"] + 1}))
    status, body, headers = invokes(environ(ARN_PATH.format("graphgate-local-W"), {"n": 1}))
    assert status == 200 and json.loads(body) == {"got": 2}
    assert "X-Amz-Function-Error" not in headers
    assert invokes.invocations == {"graphgate-local-W": 1}


def test_a_handlers_exception_is_an_unhandled_function_error_naming_its_type():
    class BatchShardFailed(Exception):
        pass

    def handler(event, context):
        raise BatchShardFailed("rows do not fit")

    status, body, headers = LambdaInvokes(function(handler))(
        environ(ARN_PATH.format("graphgate-local-W"), {})
    )
    assert status == 200  # as Lambda answers: the task, not the call, failed
    assert headers["X-Amz-Function-Error"] == "Unhandled"
    assert json.loads(body) == {"errorType": "BatchShardFailed", "errorMessage": "rows do not fit"}


def test_other_calls_pass_through_and_unknown_functions_are_not_found():
    invokes = LambdaInvokes(function(lambda event, context: {}))
    assert invokes({"REQUEST_METHOD": "GET", "PATH_INFO": "/bucket/key"}) is None
    status, _, headers = invokes(environ(ARN_PATH.format("nope"), {}))
    assert status == 404 and headers["x-amzn-ErrorType"] == "ResourceNotFoundException"


# ------------------------------------------------------------------ moto's map workers
def _map_of_passes(items: int, concurrency: int) -> dict:
    """A Distributed Map of `items` Pass children, `concurrency` at once (0: no limit)."""
    return {
        "StartAt": "Shards",
        "States": {
            "Shards": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "MaxConcurrency": concurrency,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Child",
                    "States": {"Child": {"Type": "Pass", "End": True}},
                },
                "End": True,
            }
        },
    }


def _execute(definition: dict, items: int) -> dict:
    """The finished execution, or the last one seen after 120 s (a stuck map)."""
    import time

    import boto3

    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    arn = sfn.create_state_machine(
        name="m", definition=json.dumps(definition), roleArn=stepfunctions.ROLE_ARN
    )["stateMachineArn"]
    run = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"items": list(range(items))}))
    deadline = time.monotonic() + 120
    while True:
        described = sfn.describe_execution(executionArn=run["executionArn"])
        if described["status"] != "RUNNING" or time.monotonic() > deadline:
            return described
        time.sleep(0.05)


@pytest.fixture
def executing(monkeypatch):
    from moto import mock_aws
    from moto.core.config import default_user_config

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setitem(default_user_config, "stepfunctions", {"execute_state_machine": True})
    stepfunctions.enable()
    with mock_aws():
        yield


def test_one_worker_runs_a_map_of_thousands_of_children_to_the_end(executing):
    # moto's worker took each next child by calling itself: past ~970 children its
    # thread died of RecursionError and the map never ended (a pro batch of 1,000
    # one-row shards at max_concurrency 1 stayed running for ever).
    described = _execute(_map_of_passes(2_500, 1), 2_500)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == list(range(2_500))


def test_a_map_runs_at_most_local_map_workers_children_at_once(executing, monkeypatch):
    # moto started a thread for each of MaxConcurrency's children (1,000 on pro, or
    # one per item without a limit): inside one process they starved the runner's API
    # requests past their function's timeout.
    import threading
    import time

    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.itemprocessor import (  # noqa: E501
        distributed_item_processor_worker as workers,
    )

    lock, running, most = threading.Lock(), [0], [0]
    child = workers.DistributedItemProcessorWorker._eval_job

    def counted(self, env, job):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.01)  # long enough for every worker started to be inside at once
        try:
            return child(self, env, job)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(workers.DistributedItemProcessorWorker, "_eval_job", counted)
    described = _execute(_map_of_passes(100, 0), 100)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == list(range(100))
    assert 1 < most[0] <= stepfunctions.LOCAL_MAP_WORKERS


def _map_failing_child(failing: int, tolerated: float | None) -> dict:
    """A Distributed Map whose child of item `failing` fails, two at once."""
    definition = _map_of_passes(1, 2)
    shards = definition["States"]["Shards"]
    shards["ItemProcessor"]["StartAt"] = "Which"
    shards["ItemProcessor"]["States"] = {
        "Which": {
            "Type": "Choice",
            "Choices": [{"Variable": "$", "NumericEquals": failing, "Next": "Fail"}],
            "Default": "Child",
        },
        "Fail": {"Type": "Fail", "Error": "BatchShardFailed", "Cause": "item"},
        "Child": {"Type": "Pass", "End": True},
    }
    if tolerated is not None:
        shards["ToleratedFailurePercentage"] = tolerated
    return definition


def _threads_settle_at(count: int) -> int:
    import threading
    import time

    deadline = time.monotonic() + 10
    while threading.active_count() > count and time.monotonic() < deadline:
        time.sleep(0.02)
    return threading.active_count()


def test_a_map_with_a_failed_child_fails_past_its_tolerance_and_leaves_no_thread(executing):
    # Review 31: the batch's map (ToleratedFailurePercentage 0.0) with a shard failed for
    # good fails as AWS's does, and the map's workers end with it: the threads before
    # the batch are the threads after it.
    import threading

    before = threading.active_count()
    described = _execute(_map_failing_child(7, 0.0), 40)
    assert described["status"] == "FAILED", described
    assert described["error"] == "States.ExceedToleratedFailureThreshold"
    assert _threads_settle_at(before) == before


def test_a_map_inside_a_map_runs_every_child_and_leaves_no_thread(executing):
    import threading

    inner = _map_of_passes(1, 0)["States"]["Shards"]
    inner["ItemsPath"] = "$.inner"
    outer = _map_of_passes(1, 0)
    outer["States"]["Shards"]["ItemSelector"] = {"inner.$": "States.ArrayRange(1, 10, 1)"}
    outer["States"]["Shards"]["ItemProcessor"]["StartAt"] = "Inner"
    outer["States"]["Shards"]["ItemProcessor"]["States"] = {"Inner": inner}
    before = threading.active_count()
    described = _execute(outer, 12)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == [list(range(1, 11))] * 12
    assert _threads_settle_at(before) == before


def test_the_interpreter_loads_without_ec2_and_batch_still_resolves():
    # In a fresh interpreter, as a runner starts: this worker may have imported moto.batch.
    probe = (
        "import sys\n"
        "from localrunner import stepfunctions\n"
        "stepfunctions.enable()\n"
        "import moto.stepfunctions.parser.models\n"
        "print('moto.ec2' in sys.modules)\n"
        "from moto.backends import get_backend\n"
        "from moto.batch import batch_backends\n"
        "print(get_backend('batch') is batch_backends)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
