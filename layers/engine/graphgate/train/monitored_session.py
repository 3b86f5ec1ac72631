"""`tf.train.MonitoredSession`, `SingularMonitoredSession`, `MonitoredTrainingSession` and
`Scaffold`, for local sessions, with TensorFlow 1.x's order of events:

1. every hook's `begin()`, then the scaffold finalizes the graph (init op, saver, ...);
2. a `SessionManager` makes the session: variables restored from the newest checkpoint
   of `checkpoint_dir` when there is one, else the init op runs; then the local init
   op; then the ready op must report no uninitialized variable;
3. every hook's `after_create_session(session, coord)`;
4. each `run`: every hook's `before_run` (their fetches and feeds join the caller's),
   the run, every hook's `after_run` (in order, each seeing stops requested before it);
5. `close()` or leaving the `with` block: every hook's `end(session)` — unless an error
   other than `OutOfRangeError` is leaving the block, which then propagates; the graph
   is unfinalized again.
"""

from __future__ import annotations

import abc
from typing import Any

from ..errors import OutOfRangeError, error
from ..graph import Graph, get_default_graph
from ..ops.state_ops import (
    global_variables_initializer,
    group,
    local_variables_initializer,
    report_uninitialized_variables,
)
from ..run_metadata import RunMetadata, RunOptions
from ..session import Session
from ..variable_scope import GraphKeys
from .basic_session_run_hooks import (
    CheckpointSaverHook,
    StepCounterHook,
    SummarySaverHook,
    default_saver,
)
from .coordinator import Coordinator
from .session_manager import SessionManager
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

USE_DEFAULT = object()


class Scaffold:
    """The ops a monitored session needs besides the model's: what initializes variables,
    what reports them ready, the summary op and the saver. Those not given are taken
    from the graph's collections (`init_op`, `savers`, ...) or made by `finalize()`."""

    def __init__(
        self,
        init_op: Any = None,
        init_feed_dict: Any = None,
        init_fn: Any = None,
        ready_op: Any = None,
        ready_for_local_init_op: Any = None,
        local_init_op: Any = None,
        summary_op: Any = None,
        saver: Any = None,
        copy_from_scaffold: Scaffold | None = None,
        local_init_feed_dict: Any = None,
    ):
        if copy_from_scaffold is not None:
            init_op = init_op or copy_from_scaffold.init_op
            init_feed_dict = init_feed_dict or copy_from_scaffold.init_feed_dict
            init_fn = init_fn or copy_from_scaffold._user_init_fn
            ready_op = ready_op or copy_from_scaffold.ready_op
            local_init_op = local_init_op or copy_from_scaffold.local_init_op
            summary_op = summary_op or copy_from_scaffold.summary_op
            saver = saver or copy_from_scaffold.saver
        self._init_op = init_op
        self._init_feed_dict = init_feed_dict
        self._user_init_fn = init_fn
        # TF's Scaffold hands init_fn itself: what a SessionManager calls is init_fn(sess).
        self._init_fn = (lambda sess: init_fn(self, sess)) if init_fn else None
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._local_init_op = local_init_op
        self._local_init_feed_dict = local_init_feed_dict
        self._summary_op = summary_op
        self._saver = saver

    def finalize(self) -> Scaffold:
        """Make the missing ops, then finalize the default graph (no op may be added)."""
        from .. import summary

        if self._init_op is None:
            self._init_op = Scaffold.get_or_default(
                "init_op", "init_op", lambda: group(global_variables_initializer())
            )
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default(
                "ready_op", "ready_op", report_uninitialized_variables
            )
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default(
                "local_init_op", "local_init_op", Scaffold.default_local_init_op
            )
        if self._summary_op is None:
            self._summary_op = Scaffold.get_or_default(
                "summary_op", "summary_op", summary.merge_all
            )
        if self._saver is None:
            self._saver = default_saver()
        get_default_graph().finalize()
        return self

    @staticmethod
    def get_or_default(arg_name: str, collection_key: str, default_constructor: Any) -> Any:
        """The one item of a collection, or a new one made and added to it."""
        graph = get_default_graph()
        found = graph.get_collection(collection_key)
        if len(found) > 1:
            raise error(
                "AMBIGUOUS_COLLECTION",
                f"More than one item in collection {collection_key}. Please indicate which "
                f"one to use by passing it to the tf.Scaffold constructor as: "
                f"tf.Scaffold({arg_name}=item to use)",
                details={"collection": collection_key},
            )
        if found:
            return found[0]
        op = default_constructor()
        if op is not None:
            graph.add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op() -> Any:
        # TF's: local variables and lookup tables (an estimator's label vocabulary).
        from ..templates import tables_initializer

        return group(local_variables_initializer(), tables_initializer())

    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    init_fn = property(lambda self: self._init_fn)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    local_init_op = property(lambda self: self._local_init_op)
    local_init_feed_dict = property(lambda self: self._local_init_feed_dict)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)


class SessionCreator(abc.ABC):
    """TF1's base of the objects a `MonitoredSession` asks for its session."""

    @abc.abstractmethod
    def create_session(self) -> Any:
        """A new session."""


class ChiefSessionCreator(SessionCreator):
    """Makes a local session: restored from a checkpoint when there is one, initialized
    otherwise."""

    def __init__(
        self,
        scaffold: Scaffold | None = None,
        master: str = "",
        config: Any = None,
        checkpoint_dir: str | None = None,
        checkpoint_filename_with_path: str | None = None,
    ):
        self._scaffold = scaffold or Scaffold()
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_path = checkpoint_filename_with_path

    def create_session(self) -> Session:
        scaffold = self._scaffold.finalize()
        manager = SessionManager(
            local_init_op=scaffold.local_init_op,
            ready_op=scaffold.ready_op,
            graph=get_default_graph(),
            local_init_feed_dict=scaffold.local_init_feed_dict,
        )
        return manager.prepare_session(
            init_op=scaffold.init_op,
            saver=scaffold.saver,
            checkpoint_dir=self._checkpoint_dir,
            checkpoint_filename_with_path=self._checkpoint_path,
            init_feed_dict=scaffold.init_feed_dict,
            init_fn=scaffold.init_fn,
        )


class _MonitoredSession:
    """What the monitored sessions share: hooks around a session made by a creator."""

    def __init__(self, session_creator: Any, hooks: Any):
        self._graph = get_default_graph()
        self._hooks = list(hooks or ())
        for hook in self._hooks:
            hook.begin()
        self._coord = Coordinator()
        self._sess: Session | None = None
        self._stop = False
        try:
            self._sess = session_creator.create_session()
            if self._graph.get_collection(GraphKeys.QUEUE_RUNNERS):
                # TF's coordinated session starts the graph's queue runners here.
                from .queue_runner import start_queue_runners

                start_queue_runners(self._sess, self._coord)
            for hook in self._hooks:
                hook.after_create_session(self._sess, self._coord)
        except BaseException:
            self._close(ending=False)
            self._graph.unfinalize()  # when no session was made to close
            raise

    @property
    def graph(self) -> Graph:
        return self._graph

    def should_stop(self) -> bool:
        return self._sess is None or self._stop or self._coord.should_stop()

    def run(
        self, fetches: Any, feed_dict: Any = None, options: Any = None, run_metadata: Any = None
    ) -> Any:
        """Run `fetches` with every hook's additions; the caller's results."""
        if self._sess is None:
            raise error("SESSION_CLOSED", "attempted to use a closed MonitoredSession")
        if self.should_stop():
            raise error("SESSION_CLOSED", "Run called even after should_stop requested.")
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict, options), self._sess)
        requests, feeds, merged = self._before_run(context, feed_dict, options)
        # Hooks always get a RunMetadata, as in TF; the run fills one only when asked to
        # (tracing costs time): by the caller, or by a hook's options (ProfilerHook).
        traced = run_metadata is not None or merged.trace_level > 0
        metadata = run_metadata if run_metadata is not None else RunMetadata()
        run_options = merged if options is not None or merged.trace_level > 0 else None
        outputs = self._sess.run(
            {"caller": fetches, **requests},
            feeds,
            options=run_options,
            run_metadata=metadata if traced else None,
        )
        for i, hook in enumerate(self._hooks):
            values = SessionRunValues(outputs.get(f"hook{i}"), merged, metadata)
            hook.after_run(context, values)
        self._stop = self._stop or context.stop_requested
        return outputs["caller"]

    def _before_run(
        self, context: SessionRunContext, feed_dict: Any, options: Any
    ) -> tuple[dict[str, Any], Any, RunOptions]:
        """Every hook's fetches (by hook), the feeds (the caller's and the hooks', none
        twice) and the run options (the highest trace level, the shortest timeout)."""
        requests: dict[str, Any] = {}
        hook_feeds: dict = {}
        merged = RunOptions(
            timeout_in_ms=getattr(options, "timeout_in_ms", 0),
            trace_level=getattr(options, "trace_level", 0),
        )
        for i, hook in enumerate(self._hooks):
            request = hook.before_run(context)
            if request is None:
                continue
            if request.fetches is not None:
                requests[f"hook{i}"] = request.fetches
            if request.feed_dict:
                _merge_feeds(hook_feeds, request.feed_dict, "Same tensor is fed by two hooks.")
            if request.options is not None:
                _merge_options(merged, request.options)
        if feed_dict and hook_feeds:
            _merge_feeds(hook_feeds, feed_dict, "Same tensor is fed by a SessionRunHook and user.")
        return requests, hook_feeds or feed_dict, merged

    def run_step_fn(self, step_fn: Any) -> Any:
        """Call `step_fn(step_context)`: its `session` is the raw session, its
        `run_with_hooks` this session's `run`."""
        return step_fn(_StepContext(self))

    def close(self) -> None:
        self._close(ending=True)

    def _close(self, ending: bool) -> None:
        if self._sess is None:
            return
        try:
            if ending:
                for hook in self._hooks:
                    hook.end(self._sess)
        finally:
            self._coord.request_stop()
            try:
                self._coord.join()
            finally:
                self._sess.close()
                self._sess = None
                self._graph.unfinalize()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        # Running out of input ends training cleanly, as in TF.
        clean = exc_type is None or issubclass(exc_type, OutOfRangeError | StopIteration)
        self._close(ending=clean)
        return clean

    def _tf_sess(self) -> Session | None:
        return self._sess


class _StepContext:
    def __init__(self, monitored: _MonitoredSession):
        self._monitored = monitored

    @property
    def session(self) -> Session | None:
        return self._monitored._tf_sess()

    def run_with_hooks(self, *args: Any, **kwargs: Any) -> Any:
        return self._monitored.run(*args, **kwargs)

    def request_stop(self) -> None:
        self._monitored._stop = True


def _merge_options(into: RunOptions, options: Any) -> None:
    into.trace_level = max(into.trace_level, getattr(options, "trace_level", 0))
    timeout = getattr(options, "timeout_in_ms", 0)
    if timeout and (not into.timeout_in_ms or timeout < into.timeout_in_ms):
        into.timeout_in_ms = timeout


def _merge_feeds(into: dict, feeds: dict, message: str) -> None:
    if any(key in into for key in feeds):
        raise error("INVALID_HOOK", message)
    into.update(feeds)


class MonitoredSession(_MonitoredSession):
    """A session that initializes or restores itself and calls hooks around each run.

    Parameters
    ----------
    session_creator:
        Makes the session (a `ChiefSessionCreator` by default).
    hooks:
        `SessionRunHook`s, called in this order.
    """

    def __init__(
        self, session_creator: Any = None, hooks: Any = None, stop_grace_period_secs: float = 120
    ):
        super().__init__(session_creator or ChiefSessionCreator(), hooks)


class SingularMonitoredSession(_MonitoredSession):
    """A `MonitoredSession` of a local chief, whose `raw_session()` is the plain session."""

    def __init__(
        self,
        hooks: Any = None,
        scaffold: Scaffold | None = None,
        master: str = "",
        config: Any = None,
        checkpoint_dir: str | None = None,
        stop_grace_period_secs: float = 120,
        checkpoint_filename_with_path: str | None = None,
    ):
        creator = ChiefSessionCreator(
            scaffold=scaffold,
            checkpoint_dir=checkpoint_dir,
            checkpoint_filename_with_path=checkpoint_filename_with_path,
        )
        super().__init__(creator, hooks)

    def raw_session(self) -> Session | None:
        return self._tf_sess()


def _either(steps: Any, secs: Any, default_steps: Any, default_secs: Any) -> tuple[Any, Any]:
    """TF's defaulting of a steps/seconds pair: both unset take the defaults, one unset
    is None."""
    if steps is USE_DEFAULT and secs is USE_DEFAULT:
        return default_steps, default_secs
    return (None if steps is USE_DEFAULT else steps), (None if secs is USE_DEFAULT else secs)


def MonitoredTrainingSession(
    master: str = "",
    is_chief: bool = True,
    checkpoint_dir: str | None = None,
    scaffold: Scaffold | None = None,
    hooks: Any = None,
    chief_only_hooks: Any = None,
    save_checkpoint_secs: Any = USE_DEFAULT,
    save_summaries_steps: Any = USE_DEFAULT,
    save_summaries_secs: Any = USE_DEFAULT,
    config: Any = None,
    stop_grace_period_secs: float = 120,
    log_step_count_steps: int | None = 100,
    max_wait_secs: float = 7200,
    save_checkpoint_steps: Any = USE_DEFAULT,
    summary_dir: str | None = None,
    save_graph_def: bool = True,
) -> MonitoredSession:
    """A `MonitoredSession` for training, with TF1's stock hooks: a `StepCounterHook` and
        a `SummarySaverHook` (every 100 steps) when there is a summary or checkpoint
        directory, and a `CheckpointSaverHook` (every 600 seconds) with a `checkpoint_dir`,
        from whose newest checkpoint the session is restored (`save_graph_def`, as TF's, whether
    that hook writes `graph.pbtxt` and meta graphs). `is_chief=False` is refused:
        graphgate's sessions are local."""
    if not is_chief:
        raise error(
            "UNIMPLEMENTED", "MonitoredTrainingSession(is_chief=False): no distributed workers"
        )
    summary_steps, summary_secs = _either(save_summaries_steps, save_summaries_secs, 100, None)
    ckpt_steps, ckpt_secs = _either(save_checkpoint_steps, save_checkpoint_secs, None, 600)
    scaffold = scaffold or Scaffold()
    all_hooks = list(chief_only_hooks or ())
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(
                StepCounterHook(every_n_steps=log_step_count_steps, output_dir=summary_dir)
            )
        if (summary_steps and summary_steps > 0) or (summary_secs and summary_secs > 0):
            all_hooks.append(
                SummarySaverHook(
                    save_steps=summary_steps,
                    save_secs=summary_secs,
                    output_dir=summary_dir,
                    scaffold=scaffold,
                )
            )
    if checkpoint_dir and ((ckpt_secs and ckpt_secs > 0) or (ckpt_steps and ckpt_steps > 0)):
        all_hooks.append(
            CheckpointSaverHook(
                checkpoint_dir,
                save_steps=ckpt_steps,
                save_secs=ckpt_secs,
                scaffold=scaffold,
                save_graph_def=save_graph_def,
            )
        )
    all_hooks.extend(hooks or ())
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir)
    return MonitoredSession(creator, hooks=all_hooks)


__all__ = [
    "ChiefSessionCreator",
    "MonitoredSession",
    "MonitoredTrainingSession",
    "Scaffold",
    "SessionCreator",
    "SingularMonitoredSession",
]
