"""The template's Lambda functions, imported in-process exactly as Lambda
would import them: CodeUri on the path, `Handler: module.attribute`.

Lambda runs one invocation at a time in an execution environment and starts
another environment for a concurrent one, so a handler module's globals (a
powertools resolver keeps the current event on itself) are never shared by two
invocations. The runner serves concurrent requests on threads of one process,
so it keeps the same rule: each function has a pool of environments, each its
own instance of the handler module and its own thread (as Lambda's runtime runs an
environment's invocations one after another on one thread), and an invocation
borrows one that is idle or starts a new one. Shared by all are the layers' modules
(graphgate_service, the engine), which the runner imports once: their state is per
thread or locked. Process-wide state that no lock guards is left alone: the batch
probe's tracemalloc measurement, which switching tracemalloc on and off beside other
threads' numpy would crash the process with (`runtime.share_process`).
One is not: powertools keeps the current event and context on its BaseRouter
class, so every environment's resolver would read the last one resolved anywhere
in the process; here each resolver keeps its own (`_resolvers_keep_their_event`).
"""

import functools
import importlib
import importlib.util
import itertools
import math
import os
import queue
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import Any

from graphgate_service import runtime
from graphgate_service.logs import logger
from localrunner.cfn import ACCOUNT_ID, REGION, Template


class FunctionTimedOut(Exception):
    """The handler outlived the function's Timeout: Lambda reports a function error."""


class WaitExpired(Exception):
    """The caller stopped waiting (API Gateway's integration timeout) before the function ended."""


@dataclass
class LambdaContext:
    """The attributes of Lambda's context object that handlers use."""

    function_name: str
    memory_limit_in_mb: int
    timeout_s: int
    aws_request_id: str
    started: float

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def function_version(self) -> str:
        return "$LATEST"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, math.floor((self.started + self.timeout_s - time.monotonic()) * 1000))


@dataclass
class LambdaFunction:
    logical_id: str
    name: str
    handler: Any  # the first execution environment's
    timeout_s: float
    memory_mb: int
    # Another environment's handler, for an invocation that finds none idle; None
    # shares `handler` (a plain function with no module state, in tests).
    new_environment: Callable[[], Any] | None = None
    environments: int = field(default=1, init=False)  # started so far
    _idle: list[Any] = field(default_factory=list, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    # id(handler) -> (handler, its environment's runtime thread's queue of invocations)
    _runtimes: dict[int, tuple[Any, Any]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._idle.append(self.handler)

    def _borrow(self) -> Any:
        if self.new_environment is None:
            return self.handler
        with self._lock:
            if self._idle:
                return self._idle.pop()  # the most recently used: warm, as Lambda prefers
            self.environments += 1
        return self.new_environment()

    def _give_back(self, handler: Any) -> None:
        if self.new_environment is not None:
            with self._lock:
                self._idle.append(handler)

    def invoke(self, event: dict[str, Any], wait_s: float | None = None) -> dict[str, Any]:
        """The handler's result, within the function's Timeout (and the caller's `wait_s`).

        The handler runs on its environment's own thread; one that overruns is left to
        finish in the background (Lambda would freeze it) and its result is dropped."""
        context = LambdaContext(
            self.name, self.memory_mb, self.timeout_s, str(uuid.uuid4()), time.monotonic()
        )
        outcome: dict[str, Any] = {}
        handler = self._borrow()
        done = threading.Event()

        def run() -> None:
            try:
                outcome["result"] = handler(event, context)
            except BaseException as exc:  # re-raised in the caller's thread
                outcome["error"] = exc
            finally:
                # Only once the handler has returned, however late: an environment
                # serves one invocation at a time.
                self._give_back(handler)
                done.set()

        self._runtime(handler).put(run)
        limit = self.timeout_s if wait_s is None else min(self.timeout_s, wait_s)
        if not done.wait(limit):
            extra = {"function": self.logical_id, "function_request_id": context.aws_request_id}
            if limit < self.timeout_s:
                logger.error("caller stopped waiting for the function", extra=extra)
                raise WaitExpired(f"no answer within {limit:.2f} seconds")
            logger.error(f"Task timed out after {self.timeout_s:.2f} seconds", extra=extra)
            raise FunctionTimedOut(f"Task timed out after {self.timeout_s:.2f} seconds")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    def _runtime(self, handler: Any) -> "queue.SimpleQueue[Callable[[], None]]":
        """Where `handler`'s invocations run: its environment's one thread, as Lambda's
        runtime runs an environment's invocations one after another on one thread (and
        starting a thread per invocation cost more than the handoff). A handler shared
        by concurrent invocations (`new_environment` None) gets a thread each time."""
        jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        if self.new_environment is None:
            threading.Thread(
                target=_serve_once, args=(jobs,), name=self._thread_name, daemon=True
            ).start()
            return jobs
        with self._lock:
            known = self._runtimes.get(id(handler))
            if known is not None and known[0] is handler:
                return known[1]
            self._runtimes[id(handler)] = (handler, jobs)
        threading.Thread(target=_serve, args=(jobs,), name=self._thread_name, daemon=True).start()
        return jobs

    @property
    def _thread_name(self) -> str:
        return f"lambda-{self.logical_id}"


def _serve(jobs: "queue.SimpleQueue[Callable[[], None]]") -> None:
    while True:
        jobs.get()()


def _serve_once(jobs: "queue.SimpleQueue[Callable[[], None]]") -> None:
    jobs.get()()


def load(template: Template, timeouts: dict[str, float] | None = None) -> dict[str, LambdaFunction]:
    """Import every function's handler; set the union of their environments.

    `timeouts` (logical id -> seconds) replaces template Timeouts, for tests."""
    _resolvers_keep_their_event()
    runtime.share_process()
    defaults = template.body.get("Globals", {}).get("Function", {})
    functions: dict[str, LambdaFunction] = {}
    modules: dict[str, str] = {}
    resources = template.resources("AWS::Serverless::Function")
    unknown = set(timeouts or {}) - set(resources)
    if unknown:
        raise ValueError(f"no such functions in the template: {', '.join(sorted(unknown))}")
    for logical_id, resource in resources.items():
        # `!Ref SomeFunction` (another function's name, as in an environment) resolves.
        explicit = resource["Properties"].get("FunctionName")
        template.physical_ids[logical_id] = (
            template.resolve(explicit)
            if explicit
            else f"graphgate-{template.parameters['Stage']}-{logical_id}"
        )
    for logical_id, resource in resources.items():
        props = {**defaults, **resource["Properties"]}
        env = {
            **defaults.get("Environment", {}).get("Variables", {}),
            **props.get("Environment", {}).get("Variables", {}),
        }
        os.environ.update({k: str(template.resolve(v)) for k, v in env.items()})
        module_name, attribute = props["Handler"].rsplit(".", 1)
        if module_name in modules:
            raise ValueError(
                f"{logical_id} and {modules[module_name]} both use handler module "
                f"{module_name!r}; Lambda allows it, one process does not"
            )
        modules[module_name] = logical_id
        code_dir = str((template.root / props["CodeUri"]).resolve())
        if code_dir not in sys.path:
            sys.path.append(code_dir)
        handler = getattr(importlib.import_module(module_name), attribute)
        functions[logical_id] = LambdaFunction(
            logical_id=logical_id,
            name=template.physical_ids[logical_id],
            handler=handler,
            timeout_s=float((timeouts or {}).get(logical_id, props.get("Timeout", 3))),
            memory_mb=int(props.get("MemorySize", 128)),
            new_environment=functools.partial(_fresh_handler, module_name, attribute),
        )
    return functions


_instances = itertools.count(2)


def _fresh_handler(module_name: str, attribute: str) -> Any:
    """`attribute` of a new instance of the handler module: a new execution environment.

    Not entered in sys.modules, where the first instance stays under its own name. Each
    instance runs the module's code afresh, as an environment's init does; the code is
    compiled once (without cached bytecode, a compile per environment was a pause for
    every request beside it while a burst of load started environments)."""
    origin = importlib.util.find_spec(module_name).origin
    spec = importlib.util.spec_from_file_location(f"{module_name}#{next(_instances)}", origin)
    module = importlib.util.module_from_spec(spec)
    exec(_compiled(origin), module.__dict__)
    return getattr(module, attribute)


_code: dict[str, CodeType] = {}
_code_lock = threading.Lock()  # environments started together compile it once between them


def _compiled(origin: str) -> CodeType:
    with _code_lock:
        if origin not in _code:
            _code[origin] = compile(Path(origin).read_bytes(), origin, "exec", dont_inherit=True)
        return _code[origin]


_RESOLVING = ("current_event", "lambda_context")


def _resolvers_keep_their_event() -> None:
    """Make each powertools resolver hold the event and context it is resolving.

    powertools assigns them to the BaseRouter class, one slot per process, which on
    Lambda is one invocation. Set on the resolver instance (an environment's own,
    serving one invocation at a time), they are what its routes and routers read
    (`app.current_event`, `app.lambda_context`, a router's `api_resolver`), whatever
    another environment resolves meanwhile. Under load a graphs invocation validated
    another request's body (issue 17 §7)."""
    from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
    from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

    original = ApiGatewayResolver.resolve
    if getattr(original, "graphgate_own_event", False):
        return

    @functools.wraps(original)
    def resolve(self: Any, event: Any, context: Any) -> Any:
        raw = event.raw_event if isinstance(event, BaseProxyEvent) else event
        # What a resolve under way on this resolver holds, put back after (tests call a
        # handler from inside another invocation of it: a re-entrant resolve).
        outer = {name: self.__dict__[name] for name in _RESOLVING if name in self.__dict__}
        self.current_event = self._to_proxy_event(raw)
        self.lambda_context = context
        try:
            return original(self, event, context)
        finally:
            for name in _RESOLVING:
                if name in outer:
                    setattr(self, name, outer[name])
                else:
                    self.__dict__.pop(name, None)

    resolve.graphgate_own_event = True  # type: ignore[attr-defined]
    ApiGatewayResolver.resolve = resolve
