"""Lambda's Timeout and execution environments, as the local runner invokes handlers."""

import json
import threading
import time

import pytest
import yaml

from localrunner import functions as functions_module
from localrunner.cfn import Template
from localrunner.functions import FunctionTimedOut, LambdaFunction, WaitExpired, load
from localrunner.gateway import Gateway, Request, build_routes
from tests.support import REPO_ROOT


def function(handler, timeout_s=0.3):
    return LambdaFunction("GraphsFunction", "graphgate-test-graphs", handler, timeout_s, 128)


def test_the_context_counts_down_from_the_functions_timeout():
    seen = function(lambda _e, c: c.get_remaining_time_in_millis(), 2.0).invoke({})
    assert 1900 < seen <= 2000


def test_a_handler_that_outlives_its_timeout_is_a_timeout_not_a_hang():
    # The handler is still running when the timeout is raised: asserted by what it has
    # done, not by a clock (a 1 s bound on wall time also held the collector's passes).
    release, returned = threading.Event(), threading.Event()

    def overrun(_e, _c):
        release.wait(10)
        returned.set()

    try:
        with pytest.raises(FunctionTimedOut, match=r"Task timed out after 0\.30 seconds"):
            function(overrun).invoke({})
        assert not returned.is_set()
    finally:
        release.set()


def test_a_caller_that_stops_waiting_first_is_told_so():
    with pytest.raises(WaitExpired):
        function(lambda _e, _c: time.sleep(2), 5).invoke({}, wait_s=0.2)


def test_results_and_errors_come_back_from_the_handlers_thread():
    assert function(lambda e, _c: {"echo": e}).invoke({"a": 1}) == {"echo": {"a": 1}}

    def fails(_e, _c):
        raise ValueError("Unauthorized")

    with pytest.raises(ValueError, match="Unauthorized"):
        function(fails).invoke({})


@pytest.mark.parametrize(
    ("timeout_s", "integration_timeout_s", "status", "code"),
    [(0.2, 29, 502, "GATEWAY_ERROR"), (5, 0.2, 504, "GATEWAY_TIMEOUT")],
)
def test_the_gateway_answers_a_timeout_as_api_gateway_does(
    timeout_s, integration_timeout_s, status, code
):
    # A Lambda timeout is a function error (502); the integration's own
    # timeout, when shorter, is INTEGRATION_TIMEOUT (504 by default).
    spec = yaml.safe_load((REPO_ROOT / "api" / "openapi.yaml").read_text("utf-8"))
    slow = function(lambda _e, _c: time.sleep(2), timeout_s)
    functions = {name: slow for name in _function_names(spec)}
    routes = [r for r in build_routes(spec, functions) if r.resource == "/v1/health"]
    routes = [
        type(r)(r.method, r.resource, r.pattern, r.function, False, integration_timeout_s)
        for r in routes
    ]
    gateway = Gateway(spec=spec, routes=routes, keys=None, stage="test", api_id="api1")
    reply = gateway.handle(Request("GET", "/v1/health", [], b""))
    assert reply.status == status
    assert json.loads(reply.body)["code"] == code


def _function_names(spec):
    import re

    return set(re.findall(r"\$\{(\w+)\.Arn\}", json.dumps(spec)))


def test_concurrent_invocations_never_share_a_handler_modules_state(tmp_path, monkeypatch):
    # As a powertools resolver keeps the current event on itself: each invocation
    # stores its event in a module global and reads it back once the other has
    # stored its own. Sharing one module, one of them would read the other's.
    (tmp_path / "rendezvous.py").write_text("import threading\nBOTH = threading.Barrier(2)\n")
    (tmp_path / "stateful.py").write_text(
        "import rendezvous\n"
        "current = None\n"
        "def handler(event, context):\n"
        "    global current\n"
        "    current = event\n"
        "    rendezvous.BOTH.wait(timeout=5)\n"
        "    return current\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    template = _template(tmp_path, "stateful.handler")
    stateful = load(template)["StatefulFunction"]
    answers = {}
    callers = [
        threading.Thread(target=lambda n=n: answers.update({n: stateful.invoke({"n": n})}))
        for n in (1, 2)
    ]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert answers == {1: {"n": 1}, 2: {"n": 2}}
    assert stateful.environments == 2


def test_concurrent_invocations_never_see_each_others_event_in_powertools(tmp_path, monkeypatch):
    # powertools keeps the current event and context on its BaseRouter class, which
    # every environment's resolver shares (the package is imported once): under load
    # a graphs invocation validated a PATCH's body as another's PUT (found by the load
    # test). GIVEN a resolver route that reads its event before and after another
    # invocation has been resolved
    (tmp_path / "meeting.py").write_text("import threading\nBOTH = threading.Barrier(2)\n")
    (tmp_path / "echo.py").write_text(
        "import meeting\n"
        "from aws_lambda_powertools.event_handler import APIGatewayRestResolver\n"
        "app = APIGatewayRestResolver()\n"
        "@app.get('/echo')\n"
        "def echo():\n"
        "    before = app.current_event.get_query_string_value('n')\n"
        "    meeting.BOTH.wait(timeout=5)\n"
        "    return {'before': before, 'after': app.current_event.get_query_string_value('n'),\n"
        "            'context': app.lambda_context.aws_request_id}\n"
        "def handler(event, context):\n"
        "    return app.resolve(event, context)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    echo = load(_template(tmp_path, "echo.handler"))["StatefulFunction"]
    answers, contexts = {}, {}
    real_context = functions_module.LambdaContext

    def remembered(*args):
        context = real_context(*args)
        contexts[threading.current_thread().name] = context.aws_request_id
        return context

    monkeypatch.setattr(functions_module, "LambdaContext", remembered)

    def call(n):
        event = {
            "resource": "/echo",
            "path": "/echo",
            "httpMethod": "GET",
            "headers": {},
            "multiValueHeaders": {},
            "queryStringParameters": {"n": n},
            "multiValueQueryStringParameters": {"n": [n]},
            "requestContext": {"requestId": n, "resourcePath": "/echo", "httpMethod": "GET"},
            "body": None,
            "isBase64Encoded": False,
        }
        answers[n] = (json.loads(echo.invoke(event)["body"]), contexts[f"caller-{n}"])

    # WHEN two invocations run at once
    callers = [threading.Thread(target=call, args=(n,), name=f"caller-{n}") for n in "12"]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    # THEN each saw its own event and context throughout
    for n, (answer, context) in answers.items():
        assert answer == {"before": n, "after": n, "context": context}
    assert echo.environments == 2


def test_a_handler_called_from_inside_its_own_invocation_keeps_the_outer_event():
    # Integration tests call a handler from inside another invocation of the same module
    # (a write racing a delete): with the runner's patch installed in the process, the
    # inner resolve must give the outer one its event back, not delete it.
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver

    functions_module._resolvers_keep_their_event()
    app = APIGatewayRestResolver()

    def event(n):
        return {
            "resource": "/echo",
            "path": "/echo",
            "httpMethod": "GET",
            "headers": {},
            "multiValueHeaders": {},
            "queryStringParameters": {"n": n},
            "multiValueQueryStringParameters": {"n": [n]},
            "requestContext": {"requestId": n, "resourcePath": "/echo", "httpMethod": "GET"},
            "body": None,
            "isBase64Encoded": False,
        }

    @app.get("/echo")
    def echo():
        n = app.current_event.get_query_string_value("n")
        inner = json.loads(app.resolve(event("inner"), None)["body"]) if n == "outer" else None
        return {"n": n, "after": app.current_event.get_query_string_value("n"), "inner": inner}

    answer = json.loads(app.resolve(event("outer"), None)["body"])
    assert answer["n"] == answer["after"] == "outer"
    assert answer["inner"] == {"n": "inner", "after": "inner", "inner": None}
    assert "current_event" not in vars(app)


def test_an_idle_environment_is_reused_rather_than_another_started(tmp_path, monkeypatch):
    (tmp_path / "counting.py").write_text(
        "served = 0\n"
        "def handler(event, context):\n"
        "    global served\n"
        "    served += 1\n"
        "    return served\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    counting = load(_template(tmp_path, "counting.handler"))["StatefulFunction"]
    assert [counting.invoke({}) for _ in range(3)] == [1, 2, 3]  # one warm environment
    assert counting.environments == 1


def test_each_environment_runs_the_module_afresh_from_code_compiled_once(tmp_path, monkeypatch):
    # GIVEN a handler module that records each run of its top-level code, and no
    # bytecode cache (as where PYTHONDONTWRITEBYTECODE is set)
    import builtins
    import sys

    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    (tmp_path / "inits.py").write_text("import threading\nRUNS = []\nALL = threading.Barrier(3)\n")
    (tmp_path / "initialized.py").write_text(
        "import inits\n"
        "mine = object()\n"
        "inits.RUNS.append(mine)\n"
        "def handler(event, context):\n"
        "    inits.ALL.wait(timeout=5)\n"
        "    return id(mine)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    compiled = []
    compile_ = builtins.compile
    monkeypatch.setattr(
        builtins,
        "compile",
        lambda source, name, *a, **k: (
            compiled.append(name) if str(name).endswith("initialized.py") else None,
            compile_(source, name, *a, **k),
        )[1],
    )
    function = load(_template(tmp_path, "initialized.handler"))["StatefulFunction"]
    # WHEN three invocations run at once
    answers = []
    callers = [threading.Thread(target=lambda: answers.append(function.invoke({}))) for _ in "abc"]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    # THEN three environments each ran the module's code, and it was compiled twice at
    # most: for the first import, and once for every environment after it
    import inits

    assert function.environments == 3 and len(set(answers)) == 3
    assert len(inits.RUNS) == 3 and {id(m) for m in inits.RUNS} == set(answers)
    assert len(compiled) <= 2


def test_an_environment_runs_its_invocations_on_one_thread_of_its_own(tmp_path, monkeypatch):
    # GIVEN a handler that answers with its thread and waits for a partner when asked
    (tmp_path / "partners.py").write_text(
        "import threading\nBOTH = threading.Barrier(2)\nTHREADS = []\n"
    )
    (tmp_path / "threaded.py").write_text(
        "import threading, time, partners\n"
        "def handler(event, context):\n"
        "    if event.get('meet'):\n"
        "        partners.BOTH.wait(timeout=5)\n"
        "    time.sleep(event.get('sleep', 0))\n"
        "    partners.THREADS.append(threading.current_thread())\n"
        "    return len(partners.THREADS) - 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    function = load(_template(tmp_path, "threaded.handler"), {"StatefulFunction": 0.3})[
        "StatefulFunction"
    ]
    # WHEN invoked one after another, then twice at once, then past its timeout
    one_by_one = [function.invoke({}) for _ in range(3)]
    together: list[int] = []
    callers = [
        threading.Thread(target=lambda: together.append(function.invoke({"meet": True})))
        for _ in "ab"
    ]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    with pytest.raises(FunctionTimedOut):
        function.invoke({"sleep": 1})
    after = function.invoke({})
    # THEN one environment served the first three on one thread, two environments the
    # pair on two, and the overrunning one kept its thread while another environment
    # answered
    import partners

    def threads(answers):
        return {id(partners.THREADS[n]) for n in answers}  # all kept alive: ids unique

    assert len(threads(one_by_one)) == 1
    assert len(threads(together)) == 2 and threads(one_by_one) <= threads(together)
    assert threads([after]) <= threads(together) and function.environments == 2
    assert threading.current_thread() not in partners.THREADS


def _template(root, handler):
    path = root / "template.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "Parameters": {"Stage": {"Type": "String", "Default": "test"}},
                "Resources": {
                    "StatefulFunction": {
                        "Type": "AWS::Serverless::Function",
                        "Properties": {"CodeUri": ".", "Handler": handler, "Timeout": 10},
                    }
                },
            }
        )
    )
    return Template.load(path)


def test_loading_the_functions_keeps_the_batch_probe_from_switching_tracemalloc(
    tmp_path, monkeypatch
):
    # The runner's environments run on threads of one process, where switching tracemalloc
    # off beside another thread's numpy crashes the process (runtime.share_process).
    from graphgate_service import runtime

    monkeypatch.setattr(runtime, "_shared", False)
    (tmp_path / "plain.py").write_text("def handler(event, context):\n    return event\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    load(_template(tmp_path, "plain.handler"))
    assert runtime._shared
