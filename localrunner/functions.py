"""The template's Lambda functions, imported in-process exactly as Lambda
would import them: CodeUri on the path, `Handler: module.attribute`."""

import importlib
import math
import os
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any

from localrunner.cfn import ACCOUNT_ID, REGION, Template


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
    timeout_s: int
    memory_mb: int

    def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        context = LambdaContext(
            self.name, self.memory_mb, self.timeout_s, str(uuid.uuid4()), time.monotonic()
        )
        return self.handler(event, context)


def load(template: Template) -> dict[str, LambdaFunction]:
    """Import every function's handler; set the union of their environments."""
    defaults = template.body.get("Globals", {}).get("Function", {})
    functions: dict[str, LambdaFunction] = {}
    modules: dict[str, str] = {}
    resources = template.resources("AWS::Serverless::Function")
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
            timeout_s=int(props.get("Timeout", 3)),
            memory_mb=int(props.get("MemorySize", 128)),
        )
    return functions
