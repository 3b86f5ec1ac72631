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


# A graph's tf.Print in a long loop must not flood the logs a tenant's request writes
# (nor their cost): lines past this many per request are counted, not written.
MAX_ENGINE_LINES_PER_REQUEST = 1000


class _EngineRecords(logging.Handler):
    """The engine's `graphgate.tf` records (`tf.logging`, `tf.Print`, `tf.print`) as lines
    of the structured logger, with the request's and the run's keys."""

    def emit(self, record: logging.LogRecord) -> None:
        written = getattr(_current, "engine_lines", 0)
        _current.engine_lines = written + 1
        if written >= MAX_ENGINE_LINES_PER_REQUEST:
            if written == MAX_ENGINE_LINES_PER_REQUEST:
                logger.warning(
                    "engine log lines dropped",
                    extra={"engine_logger": record.name, "limit": MAX_ENGINE_LINES_PER_REQUEST},
                )
            return
        extra = {"engine_logger": record.name}
        node = getattr(record, "node", None)
        if node is not None:
            extra["node"] = node
        level = record.levelno
        write = logger.info if level < logging.WARNING else logger.warning
        if level >= logging.ERROR:
            write = logger.error
        write(record.getMessage(), extra=extra)


def route_engine_logs() -> None:
    """Send the engine's logs into the structured logs by one handler of our own (they
    would reach the service logger `graphgate` by name alone, without the cap, the node
    and the engine logger's name), and no further. Idempotent: once per cold start."""
    engine = logging.getLogger("graphgate.tf")
    if not any(isinstance(h, _EngineRecords) for h in engine.handlers):
        engine.addHandler(_EngineRecords())
    engine.propagate = False


route_engine_logs()


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
