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
        self._stopping = threading.Event()

    def __call__(self, payload: dict[str, Any]) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self._pool.submit(self._invoke, payload)
                return
        # The runner is stopping: the run stays queued or running in the table, and the
        # next start dispatches it again (jobs.resume_interrupted), as Lambda would have
        # delivered the event. Raising here failed the worker's handover as a crash.
        logger.info("worker event left for the next start", extra={"run_id": payload.get("run_id")})

    def _invoke(self, payload: dict[str, Any]) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            if self._stopping.is_set() and attempt > 1:
                return  # no retry while stopping: the next start resumes the run
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

    def shutdown(self, timeout_s: float) -> None:
        """Start no more invocations and wait up to `timeout_s` for those running to end,
        so the final snapshot is not taken under a checkpoint being written."""
        with self._lock:
            self._stopping.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        done = threading.Thread(target=self._pool.shutdown, kwargs={"wait": True}, daemon=True)
        done.start()
        done.join(timeout_s)
