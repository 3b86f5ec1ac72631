"""`tf.train.Supervisor`, TF1's older training wrapper, for local sessions:

    sv = tf.train.Supervisor(logdir="ckpt")
    with sv.managed_session() as sess:
        while not sv.should_stop():
            sess.run(train_op)

It finalizes the graph when made, restores the newest checkpoint of `logdir` or
initializes, saves a checkpoint and writes the summaries when the session starts, as
TF's service threads do first. The threads themselves (a checkpoint every
`save_model_secs`, summaries every `save_summaries_secs`, step counts) are not started: a
graphgate session is not shared between threads, and the loop's own saves
(`sv.saver.save(sess, sv.save_path, global_step=sv.global_step)`) or a
`MonitoredTrainingSession` cover what they did (docs/engine.md).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from .. import summary as _summary
from .. import tf_logging as logging
from ..graph import get_default_graph
from ..meta_graph import write_graph_for_logs
from ..ops.state_ops import (
    global_variables,
    global_variables_initializer,
    group,
    local_variables_initializer,
    report_uninitialized_variables,
)
from ..session import Session
from ..variable_scope import GraphKeys
from .coordinator import Coordinator
from .saver import Saver
from .schedules import get_global_step
from .session_manager import SessionManager

USE_DEFAULT = 0


def _first(key: str) -> Any:
    found = get_default_graph().get_collection(key)
    return found[0] if found else None


def _default(value: Any, key: str, make: Any) -> Any:
    """TF's rule for each op: as given; else the collection's first; else made (and added)."""
    if value is not USE_DEFAULT:
        return value
    found = _first(key)
    if found is None:
        found = make()
        if found is not None:
            get_default_graph().add_to_collection(key, found)
    return found


class Supervisor:
    """Session management for a training loop (TF1's, before monitored sessions).

    Raises
    ------
    GraphgateError
        UNIMPLEMENTED for `is_chief=False` (no distributed workers); MODEL_NOT_READY (a
        RuntimeError) from `managed_session` when the init ops leave variables
        uninitialized.
    """

    USE_DEFAULT = USE_DEFAULT

    def __init__(
        self,
        graph: Any = None,
        ready_op: Any = USE_DEFAULT,
        ready_for_local_init_op: Any = USE_DEFAULT,
        is_chief: bool = True,
        init_op: Any = USE_DEFAULT,
        init_feed_dict: Any = None,
        local_init_op: Any = USE_DEFAULT,
        logdir: str | None = None,
        summary_op: Any = USE_DEFAULT,
        saver: Any = USE_DEFAULT,
        global_step: Any = USE_DEFAULT,
        save_summaries_secs: float = 120,
        save_model_secs: float = 600,
        recovery_wait_secs: float = 30,
        stop_grace_secs: float = 120,
        checkpoint_basename: str = "model.ckpt",
        session_manager: SessionManager | None = None,
        summary_writer: Any = USE_DEFAULT,
        init_fn: Any = None,
        local_init_run_options: Any = None,
    ):
        from ..errors import error

        if not is_chief:
            raise error("UNIMPLEMENTED", "Supervisor(is_chief=False): no distributed workers")
        self._graph = graph or get_default_graph()
        with self._graph.as_default():
            self._ready_op = _default(ready_op, "ready_op", report_uninitialized_variables)
            self._init_op = _default(init_op, "init_op", global_variables_initializer)
            self._local_init_op = _default(
                local_init_op, "local_init_op", lambda: group(local_variables_initializer())
            )
            self._summary_op = _default(summary_op, "summary_op", _summary.merge_all)
            self._saver = _default(saver, "savers", lambda: Saver() if global_variables() else None)
            self._global_step = get_global_step() if global_step is USE_DEFAULT else global_step
        self._init_feed_dict = init_feed_dict
        self._init_fn = init_fn
        self._logdir = logdir
        self._save_path = os.path.join(logdir, checkpoint_basename) if logdir else None
        self._save_model_secs = save_model_secs
        self._save_summaries_secs = save_summaries_secs
        self._summary_writer = (
            (_summary.FileWriter(logdir) if logdir else None)
            if summary_writer is USE_DEFAULT
            else summary_writer
        )
        self._graph_added_to_summary = False
        self._coord = Coordinator()
        self._session_manager = session_manager or SessionManager(
            local_init_op=self._local_init_op, ready_op=self._ready_op, graph=self._graph
        )
        self._graph.finalize()

    is_chief = property(lambda self: True)
    coord = property(lambda self: self._coord)
    session_manager = property(lambda self: self._session_manager)
    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    ready_op = property(lambda self: self._ready_op)
    summary_op = property(lambda self: self._summary_op)
    summary_writer = property(lambda self: self._summary_writer)
    saver = property(lambda self: self._saver)
    global_step = property(lambda self: self._global_step)
    save_path = property(lambda self: self._save_path)
    save_model_secs = property(lambda self: self._save_model_secs)
    save_summaries_secs = property(lambda self: self._save_summaries_secs)

    def prepare_or_wait_for_session(
        self,
        master: str = "",
        config: Any = None,
        wait_for_checkpoint: bool = False,
        max_wait_secs: float = 7200,
        start_standard_services: bool = True,
    ) -> Session:
        """A session restored from `logdir` or initialized; with the standard services,
        `graph.pbtxt` and a first checkpoint are written to `logdir`."""
        self._coord.clear_stop()
        if self._logdir:
            write_graph_for_logs(self._graph, self._logdir, "graph.pbtxt")
        sess = self._session_manager.prepare_session(
            init_op=self._init_op,
            saver=self._saver,
            checkpoint_dir=self._logdir,
            init_feed_dict=self._init_feed_dict,
            init_fn=self._init_fn,
        )
        if start_standard_services:
            self.start_standard_services(sess)
            self.start_queue_runners(sess)
            self._first_summary(sess)
        return sess

    def _first_summary(self, sess: Session) -> None:
        """What TF's summary thread does first thing, before the program's first run: the
        summary op's value written at the global step. It can dequeue an input (the PTB
        model's training loss), so the program's batches start where TF's do; a failure
        stops the supervisor and is raised on `stop`, as the thread's is."""
        if not (self._summary_writer and self._summary_op is not None):
            return
        if not (self._logdir and self._save_summaries_secs):
            return
        with self._coord.stop_on_exception():
            if self._global_step is None:
                summary, step = sess.run(self._summary_op), None
            else:
                summary, step = sess.run([self._summary_op, self._global_step])
            self._summary_writer.add_summary(summary, step)

    def start_standard_services(self, sess: Session) -> list:
        """Write the graph, its meta graph and a SessionLog START at the global step to
        the event file, and save a checkpoint now (TF's checkpoint thread does so first
        thing); no threads are started (the module's docstring says why)."""
        writer = self._summary_writer
        if writer is not None and not self._graph_added_to_summary:
            self._graph_added_to_summary = True
            writer.add_graph(self._graph)
            meta = _summary.tf_graph_bytes(self._graph, meta=True)
            if meta is not None:
                writer.add_meta_graph(meta)
        if writer is not None and self._global_step is not None:
            start = _summary.SessionLog(_summary.SessionLog.START)
            writer.add_session_log(start, int(sess.run(self._global_step)))
        if self._logdir and self._saver is not None and self._save_model_secs:
            logging.info("Saving checkpoint to path %s", self._save_path)
            self._saver.save(sess, self._save_path, global_step=self._global_step)
        return []

    def start_queue_runners(self, sess: Session, queue_runners: Any = None) -> list:
        """Start the graph's queue runners (run on demand by dequeues, no threads)."""
        if queue_runners is None:
            queue_runners = self._graph.get_collection(GraphKeys.QUEUE_RUNNERS)
        threads = []
        for qr in queue_runners:
            threads.extend(qr.create_threads(sess, coord=self._coord, daemon=True, start=True))
        return threads

    @contextlib.contextmanager
    def managed_session(
        self,
        master: str = "",
        config: Any = None,
        start_standard_services: bool = True,
        close_summary_writer: bool = True,
    ) -> Iterator[Session]:
        """The session for a `with` block: an exception raised in it stops the supervisor
        and is re-raised, except `OutOfRangeError` (the input ran out), which ends it."""
        sess = self.prepare_or_wait_for_session(
            master, config, start_standard_services=start_standard_services
        )
        try:
            yield sess
        except Exception as exc:  # handed to the coordinator, which re-raises it on stop
            self.request_stop(exc)
        finally:
            try:
                self.stop(close_summary_writer=close_summary_writer)
            finally:
                sess.close()

    def stop(
        self,
        threads: Any = None,
        close_summary_writer: bool = True,
        ignore_live_threads: bool = False,
    ) -> None:
        self._coord.request_stop()
        try:
            self._coord.join(threads, ignore_live_threads=ignore_live_threads)
        finally:
            if close_summary_writer and self._summary_writer is not None:
                self._summary_writer.add_session_log(_summary.SessionLog(_summary.SessionLog.STOP))
                self._summary_writer.close()

    def request_stop(self, ex: Any = None) -> None:
        self._coord.request_stop(ex)

    def should_stop(self) -> bool:
        return self._coord.should_stop()

    def stop_on_exception(self) -> Any:
        return self._coord.stop_on_exception()

    def wait_for_stop(self) -> None:
        self._coord.wait_for_stop()

    def summary_computed(self, sess: Session, summary: Any, global_step: Any = None) -> None:
        if self._summary_writer is None:
            from ..errors import error

            raise error("MODEL_NOT_READY", "Writing a summary requires a summary writer.")
        if global_step is None and self._global_step is not None:
            global_step = int(sess.run(self._global_step))
        self._summary_writer.add_summary(summary, global_step)

    def loop(self, timer_interval_secs: Any, target: Any, args: Any = None, kwargs: Any = None):
        from ..errors import error

        raise error(
            "UNIMPLEMENTED",
            "Supervisor.loop starts a thread sharing the session; call target from the "
            "training loop instead",
        )

    # TF1's CamelCase spellings.
    PrepareSession = prepare_or_wait_for_session
    StartStandardServices = start_standard_services
    StartQueueRunners = start_queue_runners
    Stop = stop
    RequestStop = request_stop
    ShouldStop = should_stop
    StopOnException = stop_on_exception
    WaitForStop = wait_for_stop
    SummaryComputed = summary_computed
    Loop = loop


__all__ = ["Supervisor"]
