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


_stdout = _CurrentStdout()
logger = Logger(
    service=settings.service_name(),
    logger_handler=_stdout,
    # Keys, tokens and secrets are masked here, once, for every line.
    logger_formatter=RedactingFormatter(),
)

_current = threading.local()


# A graph's tf.Print in a long loop must not flood the logs a tenant's request writes
# (nor their cost): lines past this many per request are counted, not written.
MAX_ENGINE_LINES_PER_REQUEST = 1000
ENGINE_LOGGERS = "graphgate.tf"


class _EngineLines(logging.Filter):
    """The engine's records (`tf.logging`, `tf.Print`, `tf.print`: loggers under
    `graphgate.tf`) reach this handler by the logger names alone, as lines of the
    structured log with the request's keys; this names their logger and caps them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(ENGINE_LOGGERS):
            return True
        written = getattr(_current, "engine_lines", 0)
        _current.engine_lines = written + 1
        if written < MAX_ENGINE_LINES_PER_REQUEST:
            record.engine_logger = record.name
            return True
        if written == MAX_ENGINE_LINES_PER_REQUEST:
            logger.warning(
                "engine log lines dropped",
                extra={"engine_logger": record.name, "limit": MAX_ENGINE_LINES_PER_REQUEST},
            )
        return False


_stdout.addFilter(_EngineLines())


def bind_request(request_id: str, path: str | None = None, **keys: object) -> None:
    """Put the correlation id (and any other keys) on every log line of this thread."""
    _current.request_id = request_id
    _current.path = path
    _current.engine_lines = 0
    logger.thread_safe_append_keys(correlation_id=request_id, **keys)


def bind_keys(**keys: object) -> None:
    """Add keys (a run id once there is one) to every later log line of this request."""
    logger.thread_safe_append_keys(**keys)


def unbind_request() -> None:
    _current.request_id = None
    _current.path = None
    _current.engine_lines = 0
    logger.thread_safe_clear_keys()


def request_path() -> str | None:
    """The path of the request this thread is serving (a problem's `instance`)."""
    return getattr(_current, "path", None)


def request_id() -> str | None:
    """The correlation id of the request this thread is serving."""
    return getattr(_current, "request_id", None)
