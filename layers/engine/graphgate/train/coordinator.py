"""`tf.train.Coordinator`: a stop flag shared by a training loop and any threads it runs,
carrying the first exception reported so `join` can raise it."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any

from ..errors import OutOfRangeError


class Coordinator:
    """A stop request and the first exception that caused one.

    Parameters
    ----------
    clean_stop_exception_types:
        Exceptions that stop cleanly rather than being re-raised by `join`
        (`OutOfRangeError` by default: the input ran out).
    """

    def __init__(self, clean_stop_exception_types: tuple | None = None):
        self._clean = (
            (OutOfRangeError,)
            if clean_stop_exception_types is None
            else tuple(clean_stop_exception_types)
        )
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info: tuple | None = None
        self._threads: set[threading.Thread] = set()
        self._joined = False

    def request_stop(self, ex: Any = None) -> None:
        """Ask everyone to stop; remember `ex` (an exception or an exc_info triple) unless
        it is a clean stop or an earlier one was remembered."""
        with self._lock:
            if ex is not None and self._exc_info is None:
                info = ex if isinstance(ex, tuple) else (type(ex), ex, ex.__traceback__)
                if not issubclass(info[0], self._clean):
                    self._exc_info = info
            self._stop_event.set()

    def clear_stop(self) -> None:
        with self._lock:
            self._joined = False
            self._exc_info = None
            self._stop_event.clear()

    def should_stop(self) -> bool:
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self) -> Iterator[None]:
        """Request a stop with any exception raised in the block (swallowing it)."""
        try:
            yield
        except Exception:  # reported to the coordinator, which join re-raises
            self.request_stop(sys.exc_info())

    def wait_for_stop(self, timeout: float | None = None) -> bool:
        return self._stop_event.wait(timeout)

    def register_thread(self, thread: threading.Thread) -> None:
        with self._lock:
            self._threads.add(thread)

    def join(
        self,
        threads: Any = None,
        stop_grace_period_secs: float = 120,
        ignore_live_threads: bool = False,
    ) -> None:
        """Wait for the registered threads (and `threads`), then raise the exception a
        stop was requested with, if any."""
        with self._lock:
            waiting = self._threads | set(threads or ())
        for thread in waiting:
            thread.join(stop_grace_period_secs)
        with self._lock:
            self._joined = True
            self._threads.clear()
            info = self._exc_info
        if info is not None:
            raise info[1].with_traceback(info[2])

    @property
    def joined(self) -> bool:
        return self._joined

    def raise_requested_exception(self) -> None:
        with self._lock:
            info = self._exc_info
        if info is not None:
            raise info[1].with_traceback(info[2])


__all__ = ["Coordinator"]
