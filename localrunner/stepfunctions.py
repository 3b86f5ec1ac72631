"""Step Functions in the local runner: template.yaml's state machines, created from
their own ASL files in moto's interpreter (moto's `execute_state_machine`), with
their Lambda tasks answered by the runner's own functions.

What moto lacks is emulated here, narrowly, and listed in docs/local-runner.md:

- Lambda: moto would run a function in Docker. A task's `lambda:invoke` reaches
  the embedded AWS as Lambda's Invoke call; `LambdaInvokes` answers it by calling
  the template's function in-process, with Lambda's answer shapes (a handler's
  exception is a 200 with `X-Amz-Function-Error: Unhandled`, so the state
  machine's Retry and Catch see the error type, as on AWS).
- ToleratedFailurePercentage / ToleratedFailureCount: moto parses them and
  ignores them, so a Distributed Map whose child failed still succeeded. Here a
  map run whose failed or timed-out children exceed either threshold fails with
  States.ExceedToleratedFailureThreshold, as on AWS.

moto's interpreter runs each Distributed Map child on its own thread, up to the
map's MaxConcurrency: that thread pool is what runs shards in parallel locally. Two of
its ways do not survive a pro plan's 1,000 shards, and are changed here:

- A worker takes its next child by calling itself, one stack frame a child: past ~970
  children one worker's thread died of RecursionError and the batch stayed `running`
  for ever. Here the worker loops.
- It starts MaxConcurrency threads (1,000 on pro): in one process they share one GIL,
  and a concurrent API request waited past its function's timeout (a 502). Here at
  most LOCAL_MAP_WORKERS children of one map run at once; the map run keeps the
  MaxConcurrency it was given (on AWS each child is its own Lambda).
"""

import importlib
import importlib.util
import json
import logging
import sys
import threading
import types
from typing import Any
from urllib.parse import unquote

from graphgate_service.logs import logger
from localrunner.cfn import ACCOUNT_ID, REGION, Template
from localrunner.functions import LambdaFunction

STATE_MACHINE = "AWS::Serverless::StateMachine"
# Children of one map run at once: two cores' worth of shards, with room left for the
# requests the runner answers meanwhile.
LOCAL_MAP_WORKERS = 4
INVOKE_PATH = "/2015-03-31/functions/"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/graphgate-local-states"


def enable() -> None:
    """Make moto execute state machines, and fail map runs past their tolerance."""
    from moto.core.config import default_user_config

    default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
    _defer_batch_backend()
    _install_tolerated_failures()
    _install_bounded_map_workers()
    # moto's interpreter logs in plain text (every runner line is JSON), warns that the
    # tolerance it ignores has no effect (here it does), and dumps the whole program
    # tree for every failed state; the batch's own records and JSON lines say what failed.
    logging.getLogger("moto.stepfunctions").setLevel(logging.CRITICAL)


def _defer_batch_backend() -> None:
    """moto's interpreter imports `moto.batch.utils` for AWS Batch's job states, and the
    `moto.batch` package's __init__ imports its backend, which imports EC2's: 0.9 s of CPU
    (EC2's regions and every region's instance types), a quarter of a runner's start, for
    a service the template never calls. The package is registered without running its
    __init__; its names (`batch_backends`, which moto's backend lookup reads) are imported
    on first use, so Batch still works if anything asks for it."""
    import moto

    if "moto.batch" in sys.modules:
        return
    spec = importlib.util.find_spec("moto.batch")
    if spec is None or spec.submodule_search_locations is None:
        return
    package = types.ModuleType("moto.batch")
    package.__spec__, package.__file__ = spec, spec.origin
    package.__path__ = list(spec.submodule_search_locations)
    package.__package__ = "moto.batch"

    def backend_name(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module("moto.batch.models"), name)

    package.__getattr__ = backend_name  # type: ignore[method-assign]  # PEP 562
    sys.modules["moto.batch"] = package
    moto.batch = package  # type: ignore[attr-defined]  # as an import binds it


def name_state_machines(template: Template) -> None:
    """Record each state machine's ARN (its `Ref`) before functions read their environment."""
    stage = template.parameters["Stage"]
    for logical_id, resource in template.resources(STATE_MACHINE).items():
        explicit = resource["Properties"].get("Name")
        name = template.resolve(explicit) if explicit else f"graphgate-{stage}-{logical_id}"
        template.physical_ids[logical_id] = (
            f"arn:aws:states:{REGION}:{ACCOUNT_ID}:stateMachine:{name}"
        )


def create_state_machines(template: Template, sfn: Any) -> None:
    """Create every state machine from its DefinitionUri, substitutions applied as SAM does."""
    for logical_id, resource in template.resources(STATE_MACHINE).items():
        props = resource["Properties"]
        definition = (template.root / props["DefinitionUri"]).read_text(encoding="utf-8")
        for name, value in (props.get("DefinitionSubstitutions") or {}).items():
            definition = definition.replace("${" + name + "}", str(template.resolve(value)))
        arn = template.physical_ids[logical_id]
        name = arn.rsplit(":", 1)[-1]
        existing = {m["name"] for m in sfn.list_state_machines()["stateMachines"]}
        if name in existing:
            sfn.update_state_machine(stateMachineArn=arn, definition=definition)
        else:
            sfn.create_state_machine(
                name=name,
                definition=definition,
                roleArn=ROLE_ARN,
                type=props.get("Type", "STANDARD"),
            )


class LambdaInvokes:
    """An embedded-AWS override: Lambda's Invoke of a template function, run in-process."""

    def __init__(self, functions: dict[str, LambdaFunction]):
        self._by_name = {f.name: f for f in functions.values()}
        self._lock = threading.Lock()
        self.invocations: dict[str, int] = {}

    def __call__(self, environ: dict[str, Any]) -> tuple[int, bytes, dict[str, str]] | None:
        path = unquote(environ.get("PATH_INFO", ""))
        if environ.get("REQUEST_METHOD") != "POST" or not path.startswith(INVOKE_PATH):
            return None
        target = path[len(INVOKE_PATH) :].removesuffix("/invocations")
        # A name, or an ARN ending in it (arn:aws:lambda:<region>:<account>:function:<name>).
        name = target.split(":function:", 1)[-1].split(":", 1)[0]
        function = self._by_name.get(name)
        if function is None:
            body = {"Type": "User", "message": f"Function not found: {target}"}
            return 404, json.dumps(body).encode(), {"x-amzn-ErrorType": "ResourceNotFoundException"}
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        event = json.loads(raw or b"{}")
        with self._lock:
            self.invocations[name] = self.invocations.get(name, 0) + 1
        try:
            result = function.invoke(event)
        except Exception as exc:
            # Lambda's answer to an unhandled exception: the task sees errorType.
            logger.warning(
                "function error", extra={"function": name, "error_type": type(exc).__name__}
            )
            body = {"errorType": type(exc).__name__, "errorMessage": str(exc)[:1000]}
            return 200, json.dumps(body).encode(), {"X-Amz-Function-Error": "Unhandled"}
        return 200, json.dumps(result).encode(), {"X-Amz-Executed-Version": "$LATEST"}


def _install_tolerated_failures() -> None:
    from moto.stepfunctions.parser.api import ExecutionFailedEventDetails, HistoryEventType
    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
        FailureEvent,
        FailureEventException,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import (
        StatesErrorName,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
        StatesErrorNameType,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import (
        distributed_iteration_component as component,
    )
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails

    cls = component.DistributedIterationComponent
    original = cls._map_run
    if getattr(original, "graphgate_tolerance", False):
        return

    def _map_run(self: Any, env: Any, eval_input: Any) -> None:
        original(self, env, eval_input)
        record = eval_input.map_run_record
        counter = record.item_counter
        failed = counter.failed.get() + counter.timed_out.get()
        total = max(1, counter.total.get())
        if failed <= record.tolerated_failure_count and (
            100.0 * failed / total <= record.tolerated_failure_percentage
        ):
            return
        env.stack.pop()  # the children's outputs: the map fails instead
        error = StatesErrorNameType.StatesExceedToleratedFailureThreshold
        cause = "The specified tolerated failure threshold was exceeded"
        raise FailureEventException(
            FailureEvent(
                env=env,
                error_name=StatesErrorName(typ=error),
                event_type=HistoryEventType.ExecutionFailed,
                event_details=EventDetails(
                    executionFailedEventDetails=ExecutionFailedEventDetails(
                        error=error.to_name(), cause=cause
                    )
                ),
            )
        )

    _map_run.graphgate_tolerance = True  # type: ignore[attr-defined]
    cls._map_run = _map_run


def _install_bounded_map_workers() -> None:
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import (
        distributed_iteration_component as component,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import (
        iteration_worker,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.itemprocessor import (  # noqa: E501
        distributed_item_processor_worker,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.iterator import (
        distributed_iterator_worker,
    )

    for worker in (
        iteration_worker.IterationWorker,
        distributed_iterator_worker.DistributedIteratorWorker,
        distributed_item_processor_worker.DistributedItemProcessorWorker,
    ):
        if "_eval_pool" in vars(worker) and not hasattr(worker._eval_pool, "graphgate_loop"):
            worker._eval_pool = _looping(worker._eval_pool)
    cls = component.DistributedIterationComponent
    if not hasattr(cls._launch_worker, "graphgate_bounded"):
        cls._launch_worker = _bounded(cls._launch_worker)


def _looping(original: Any) -> Any:
    """moto's `_eval_pool` ends by calling itself for the worker's next child; that call
    is recorded here and made once the current one returns, so a worker's stack stays
    one child deep however many children it runs."""

    def _eval_pool(self: Any, job: Any, worker_frame: Any) -> None:
        pending = self.__dict__.get("_graphgate_next")
        if pending is not None:  # the tail call, from inside `original`
            pending.append((job, worker_frame))
            return
        pending = self.__dict__["_graphgate_next"] = [(job, worker_frame)]
        try:
            while pending:
                original(self, *pending.pop())
        finally:
            del self.__dict__["_graphgate_next"]

    _eval_pool.graphgate_loop = True  # type: ignore[attr-defined]
    return _eval_pool


def _bounded(original: Any) -> Any:
    """Start no more than LOCAL_MAP_WORKERS workers on one map run's job pool: each
    worker takes children until the pool is empty, so every child still runs."""

    def _launch_worker(self: Any, env: Any, eval_input: Any, job_pool: Any) -> Any:
        started = job_pool.__dict__.get("_graphgate_workers", 0)
        if started >= LOCAL_MAP_WORKERS:
            return None
        job_pool.__dict__["_graphgate_workers"] = started + 1
        return original(self, env, eval_input, job_pool)

    _launch_worker.graphgate_bounded = True  # type: ignore[attr-defined]
    return _launch_worker
