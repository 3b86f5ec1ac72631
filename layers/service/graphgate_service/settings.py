"""The function environment, read and checked once per cold start."""

import functools
import os
from dataclasses import dataclass

from graphgate_service import __version__

# Lambda's synchronous response limit is 6 MB for the whole payload; leave room
# for headers and the proxy envelope so our own guard trips before AWS's 502.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024 - 64 * 1024


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
