"""`tf.train.SessionRunHook` and what hooks are handed: `SessionRunArgs` (what a hook
adds to a run), `SessionRunContext` (the run, and a way to stop) and `SessionRunValues`
(what the additions fetched)."""

from __future__ import annotations

from typing import Any, NamedTuple


class SessionRunHook:
    """Called by a `MonitoredSession`: `begin` before the graph is finalized,
    `after_create_session` once variables are ready, `before_run`/`after_run` around each
    `run`, and `end` when the session closes without an error."""

    def begin(self) -> None:
        pass

    def after_create_session(self, session: Any, coord: Any) -> None:
        pass

    def before_run(self, run_context: SessionRunContext) -> SessionRunArgs | None:
        return None

    def after_run(self, run_context: SessionRunContext, run_values: SessionRunValues) -> None:
        pass

    def end(self, session: Any) -> None:
        pass


class SessionRunArgs(NamedTuple):
    """What a hook adds to a run: fetches (any structure), feeds and options."""

    fetches: Any
    feed_dict: Any = None
    options: Any = None


class SessionRunValues(NamedTuple):
    """What the hook's `SessionRunArgs.fetches` evaluated to, in their structure."""

    results: Any
    options: Any
    run_metadata: Any


class SessionRunContext:
    """The run a hook is called around: the caller's `original_args`, the `session`, and
    `request_stop()`."""

    def __init__(self, original_args: SessionRunArgs, session: Any):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self) -> SessionRunArgs:
        return self._original_args

    @property
    def session(self) -> Any:
        return self._session

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    def request_stop(self) -> None:
        self._stop_requested = True


__all__ = ["SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues"]
