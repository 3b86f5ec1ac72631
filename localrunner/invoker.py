"""Lambda's asynchronous invocation, emulated: events for the worker run on a
small thread pool (its size plays the reserved concurrency), and a failed
invocation is retried twice before it is dead-lettered, as Lambda does."""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from graphgate_service.logs import logger
from localrunner.functions import LambdaFunction

ATTEMPTS = 3  # the first try and Lambda's two retries of an Event invocation


class AsyncInvoker:
    def __init__(self, function: LambdaFunction, concurrency: int):
        self.function = function
        self._pool = ThreadPoolExecutor(max(1, concurrency), thread_name_prefix="worker")
        self.dead_letters: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __call__(self, payload: dict[str, Any]) -> None:
        self._pool.submit(self._invoke, payload)

    def _invoke(self, payload: dict[str, Any]) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                self.function.invoke(payload)
                return
            except Exception:
                logger.exception(
                    "worker invocation failed",
                    extra={
                        "attempt": attempt,
                        "run_id": payload.get("run_id"),
                        "correlation_id": payload.get("correlation_id"),
                    },
                )
        with self._lock:
            self.dead_letters.append(payload)
        logger.error(
            "worker event dead-lettered",
            extra={
                "run_id": payload.get("run_id"),
                "correlation_id": payload.get("correlation_id"),
            },
        )

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
