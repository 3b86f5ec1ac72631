"""`gg.logging`: TF1's `tf.logging`, so `tf.logging.set_verbosity(tf.logging.INFO)` and
`tf.logging.info(...)` run unchanged; it writes through the standard `logging` module
(logger `graphgate.tf`)."""

from __future__ import annotations

import logging as _logging
from typing import Any

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = WARNING = _logging.WARNING
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_logger = _logging.getLogger("graphgate.tf")
_counts: dict[Any, int] = {}


def set_verbosity(v: int) -> None:
    _logger.setLevel(v)


def get_verbosity() -> int:
    return _logger.getEffectiveLevel()


def log(level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
    _logger.log(level, msg, *args, **kwargs)


def debug(msg: Any, *args: Any, **kwargs: Any) -> None:
    _logger.debug(msg, *args, **kwargs)


def info(msg: Any, *args: Any, **kwargs: Any) -> None:
    _logger.info(msg, *args, **kwargs)


def warning(msg: Any, *args: Any, **kwargs: Any) -> None:
    _logger.warning(msg, *args, **kwargs)


warn = warning


def error(msg: Any, *args: Any, **kwargs: Any) -> None:
    _logger.error(msg, *args, **kwargs)


def fatal(msg: Any, *args: Any, **kwargs: Any) -> None:
    _logger.critical(msg, *args, **kwargs)


def log_every_n(level: int, msg: Any, n: int, *args: Any) -> None:
    """Log once every `n` calls from the same message."""
    count = _counts.get(("every", msg), 0)
    _counts[("every", msg)] = count + 1
    if count % n == 0:
        _logger.log(level, msg, *args)


def log_first_n(level: int, msg: Any, n: int, *args: Any) -> None:
    """Log the first `n` calls from the same message."""
    count = _counts.get(("first", msg), 0)
    _counts[("first", msg)] = count + 1
    if count < n:
        _logger.log(level, msg, *args)


def vlog(level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
    """Log at `level` (TF1's verbose log is the plain log at that level)."""
    _logger.log(level, msg, *args, **kwargs)


def log_if(level: int, msg: Any, condition: Any, *args: Any) -> None:
    """Log only if `condition` holds."""
    if condition:
        _logger.log(level, msg, *args)


def flush() -> None:
    """TF's `tf.logging.flush` raises NotImplementedError; so does this, so a program
    behaves as under TensorFlow."""
    raise NotImplementedError("tf.logging.flush is not implemented (nor is it in TensorFlow)")


def TaskLevelStatusMessage(msg: Any) -> None:
    """TF's: logged as an error."""
    error(msg)
