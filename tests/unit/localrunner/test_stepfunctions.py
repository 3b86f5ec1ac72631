"""The local runner's Lambda Invoke for state machines: Lambda's answer shapes."""

import io
import json

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
