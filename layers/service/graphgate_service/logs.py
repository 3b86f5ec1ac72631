"""The one structured JSON logger, and the request it is logging for.

Per-request keys are thread-local: the local runner serves concurrent requests
on threads of one process, and two requests must never swap correlation ids.
"""

import logging
import sys
import threading

from aws_lambda_powertools import Logger

from graphgate_service import settings
from graphgate_service.redaction import RedactingFormatter


class _CurrentStdout(logging.StreamHandler):
    """Writes to whatever sys.stdout is now, not what it was at import, so
    redirected output (pytest, the local runner's log capture) sees every line."""

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        pass


logger = Logger(
    service=settings.service_name(),
    logger_handler=_CurrentStdout(),
    # Keys, tokens and secrets are masked here, once, for every line.
    logger_formatter=RedactingFormatter(),
)

_current = threading.local()


def bind_request(request_id: str, path: str | None = None, **keys: object) -> None:
    """Put the correlation id (and any other keys) on every log line of this thread."""
    _current.request_id = request_id
    _current.path = path
    logger.thread_safe_append_keys(correlation_id=request_id, **keys)


def bind_keys(**keys: object) -> None:
    """Add keys (a run id once there is one) to every later log line of this request."""
    logger.thread_safe_append_keys(**keys)


def unbind_request() -> None:
    _current.request_id = None
    _current.path = None
    logger.thread_safe_clear_keys()


def request_path() -> str | None:
    """The path of the request this thread is serving (a problem's `instance`)."""
    return getattr(_current, "path", None)


def request_id() -> str | None:
    """The correlation id of the request this thread is serving."""
    return getattr(_current, "request_id", None)
