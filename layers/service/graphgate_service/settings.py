"""The function environment, read and checked once per cold start."""

import functools
import json
import os
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
