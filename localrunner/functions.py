"""The template's Lambda functions, imported in-process exactly as Lambda
would import them: CodeUri on the path, `Handler: module.attribute`."""

import importlib
import math
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

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
    handler: Any
    timeout_s: float
    memory_mb: int

    def invoke(self, event: dict[str, Any], wait_s: float | None = None) -> dict[str, Any]:
        """The handler's result, within the function's Timeout (and the caller's `wait_s`).

        The handler runs on its own thread; one that overruns is left to finish
        in the background (Lambda would freeze it) and its result is dropped."""
        context = LambdaContext(
            self.name, self.memory_mb, self.timeout_s, str(uuid.uuid4()), time.monotonic()
        )
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["result"] = self.handler(event, context)
            except BaseException as exc:  # re-raised in the caller's thread
                outcome["error"] = exc

        thread = threading.Thread(target=run, name=f"lambda-{self.logical_id}", daemon=True)
        thread.start()
        limit = self.timeout_s if wait_s is None else min(self.timeout_s, wait_s)
        thread.join(limit)
        if thread.is_alive():
            extra = {"function": self.logical_id, "function_request_id": context.aws_request_id}
            if limit < self.timeout_s:
                logger.error("caller stopped waiting for the function", extra=extra)
                raise WaitExpired(f"no answer within {limit:.2f} seconds")
            logger.error(f"Task timed out after {self.timeout_s:.2f} seconds", extra=extra)
            raise FunctionTimedOut(f"Task timed out after {self.timeout_s:.2f} seconds")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]


def load(template: Template, timeouts: dict[str, float] | None = None) -> dict[str, LambdaFunction]:
    """Import every function's handler; set the union of their environments.

    `timeouts` (logical id -> seconds) replaces template Timeouts, for tests."""
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
        )
    return functions
