"""The function environment: the only module that reads os.environ. What every
function needs is read and checked once per cold start (`get`); the variables only
some functions are given are read where they are used, through the functions below,
so that a function without them still imports (the authorizer has no worker to
call) and the local runner, which hosts every function in one process, and tests
can set them per invocation."""

import contextlib
import functools
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphgate_service import __version__

# Lambda's synchronous response limit is 6 MB for the whole payload; leave room
# for headers and the proxy envelope so our own guard trips before AWS's 502.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024 - 64 * 1024


def payload_bytes(value: Any) -> int:
    """The bytes `value` takes in a function's serialized response, as Lambda counts them.

    A response body is a string inside the response's JSON, so each of its quotes and
    backslashes is escaped once more; non-ASCII characters are escaped by some runtimes
    (\\uXXXX, up to 12 bytes for one character) and UTF-8 encoded by others (at most 4):
    the escaped form is the larger, so it is the one measured.
    """
    return len(json.dumps(value))


def binary_payload_bytes(size: int) -> int:
    """The bytes a binary answer of `size` bytes takes in a function's response: API
    Gateway's proxy integration carries it base64-encoded, 4 bytes for 3."""
    return 4 * -(-size // 3)


# The memory a function is taken to have when neither its invocation nor its environment
# says (a handler called by a test): the sessions function's MemorySize (template.yaml).
DEFAULT_MEMORY_MB = 2048

# Per thread: the local runner serves invocations of every function on threads of one
# process, whose one environment cannot hold each function's memory.
_invocation = threading.local()


@contextlib.contextmanager
def invoked_with(context: Any) -> Iterator[None]:
    """Inside, `function_memory_mb` is the memory of the function `context` (a Lambda
    context) belongs to: Lambda's and the local runner's contexts both say it."""
    previous = getattr(_invocation, "memory_mb", None)
    _invocation.memory_mb = _megabytes(getattr(context, "memory_limit_in_mb", None))
    try:
        yield
    finally:
        _invocation.memory_mb = previous


def function_memory_mb() -> int:
    """The configured memory of the function serving this thread's invocation: its
    context's, else Lambda's `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, else DEFAULT_MEMORY_MB."""
    memory = getattr(_invocation, "memory_mb", None)
    if memory is None:
        memory = _megabytes(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"))
    return DEFAULT_MEMORY_MB if memory is None else memory


def _megabytes(value: Any) -> int | None:
    """A memory size in MB as Lambda gives it (its Python runtime's context gives a
    string), or None when absent or not a positive number."""
    try:
        memory = int(value)
    except (TypeError, ValueError):
        return None
    return memory if memory > 0 else None


class ConfigurationError(RuntimeError):
    """A required environment variable is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    bucket_name: str
    # Optional per function: only functions that paginate are given it.
    cursor_secret_arn: str = ""
    version: str = __version__
    max_response_bytes: int = MAX_RESPONSE_BYTES


@functools.cache
def get() -> Settings:
    """Settings from the environment; raises ConfigurationError naming what is missing."""
    missing = [name for name in ("STAGE", "TABLE_NAME", "BUCKET_NAME") if not os.environ.get(name)]
    if missing:
        raise ConfigurationError(f"missing environment variables: {', '.join(missing)}")
    return Settings(
        stage=os.environ["STAGE"],
        table_name=os.environ["TABLE_NAME"],
        bucket_name=os.environ["BUCKET_NAME"],
        cursor_secret_arn=os.environ.get("CURSOR_SECRET_ARN", ""),
    )


def service_name() -> str:
    """Powertools' service name, for the logger."""
    return os.environ.get("POWERTOOLS_SERVICE_NAME", "graphgate")


def metrics_namespace() -> str:
    return os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "graphgate")


def cors_allow_origins() -> list[str]:
    """CORS_ALLOW_ORIGINS=<origin>[,<origin>...], "*" when unset."""
    return [o.strip() for o in os.environ.get("CORS_ALLOW_ORIGINS", "*").split(",")]


def signing_secret_arn() -> str:
    """The token-signing keyset's secret (the token and authorizer functions)."""
    return os.environ["SIGNING_SECRET_ARN"]


def usage_plan_ids() -> dict[str, str]:
    """USAGE_PLAN_IDS=free=<id>,pro=<id> -> {"free": id, "pro": id}."""
    pairs = (p.split("=", 1) for p in os.environ.get("USAGE_PLAN_IDS", "").split(",") if p)
    return {name.strip(): value.strip() for name, value in pairs}


def worker_function_name() -> str:
    """The asynchronous-run worker, for the functions that start runs."""
    return os.environ["WORKER_FUNCTION_NAME"]


def worker_slice_s() -> float | None:
    """WORKER_SLICE_S: how long one worker invocation runs before handing on; None
    (unset or 0) for as long as the invocation's own deadline allows."""
    return float(os.environ.get("WORKER_SLICE_S") or 0) or None


def batch_state_machine_arn() -> str:
    """The batch state machine, for the function that submits batches."""
    return os.environ["BATCH_STATE_MACHINE_ARN"]


def s3_endpoint_overridden() -> bool:
    """Whether AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL sends S3's calls elsewhere than AWS
    (the local runner, LocalStack), which boto3 reads itself."""
    return bool(os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL"))
