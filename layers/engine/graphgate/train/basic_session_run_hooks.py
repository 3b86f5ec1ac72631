"""TensorFlow 1.x's stock session hooks (`tf.train.StopAtStepHook`, ...), with TF's
timing rules: a `SecondOrStepTimer` fires on the first step it is asked about, then
every N steps or seconds; hooks that count steps read the graph's global step."""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

from .. import summary as _summary
from .. import tf_logging as logging
from ..errors import GraphgateError, error
from ..graph import get_default_graph
from ..meta_graph import write_atomically, write_graph_for_logs
from ..run_metadata import RunOptions
from ..timeline import Timeline
from .saver import Saver
from .schedules import get_global_step
from .session_run_hook import SessionRunArgs, SessionRunHook

_NanLoss = type(error("NAN_LOSS", ""))


class NanLossDuringTrainingError(_NanLoss):
    """TF's exception for a NaN loss: a RuntimeError, and graphgate's NAN_LOSS error."""

    def __init__(self, message: str = "NaN loss during training."):
        # The engine's NAN_LOSS error (TF's class takes the message alone).
        GraphgateError.__init__(self, "NAN_LOSS", None, message)


def _invalid(message: str) -> Exception:
    return error("INVALID_HOOK", message)


def _global_step_or_raise(hook: str) -> Any:
    """What a hook fetches of the global step beside the train op: TF's
    `_get_or_create_global_step_read`, the step plus 0 (one per graph), read at the start
    of the run. The variable itself is its buffer, fetched after the run's increment."""
    step = get_global_step()
    if step is None:
        raise error("GLOBAL_STEP_MISSING", f"Global step should be created to use {hook}.")
    graph = step.op.graph
    cached = graph.get_collection("global_step_read_op_cache")
    if cached:
        return cached[0]
    with graph.as_default():
        read = step + 0
    graph.add_to_collection("global_step_read_op_cache", read)
    return read


def _step_after_run(timer: Any, run_context: Any, global_step: Any, fetched: Any) -> int | None:
    """The global step after the run, read when `timer` may fire for it (None otherwise).

    TF's hooks skip that read unless `timer` fires for the step they fetched (read at the
    run's start, `_global_step_or_raise`) plus one, their `steps_per_run`: a step-based
    timer reads every run, so a run adding 2 saves at step 4 of every_steps=4 as TF's does
    (not at 6). Time decides a seconds-based one."""
    if timer._every_steps is None and not timer.should_trigger_for_step(int(fetched) + 1):
        return None
    return int(run_context.session.run(global_step))


class SecondOrStepTimer:
    """Fires for the first step asked about, then once `every_steps` steps or `every_secs`
    seconds have passed since it last fired."""

    def __init__(self, every_secs: float | None = None, every_steps: int | None = None):
        if every_secs is None and every_steps is None:
            raise _invalid("Either every_secs or every_steps should be provided.")
        if every_secs is not None and every_steps is not None:
            raise _invalid("Can not provide both every_secs and every_steps.")
        self._every_secs = every_secs
        self._every_steps = every_steps
        self.reset()

    def reset(self) -> None:
        self._last_step: int | None = None
        self._last_time: float | None = None

    def should_trigger_for_step(self, step: int) -> bool:
        if self._last_step is None:
            return True
        if self._last_step == step:
            return False
        if self._every_secs is not None and time.time() >= self._last_time + self._every_secs:
            return True
        return self._every_steps is not None and step >= self._last_step + self._every_steps

    def update_last_triggered_step(self, step: int) -> tuple[float | None, int | None]:
        """Record a firing at `step`; (seconds, steps) since the previous one."""
        now = time.time()
        elapsed = (
            (None, None)
            if self._last_time is None
            else (
                now - self._last_time,
                step - self._last_step,
            )
        )
        self._last_time, self._last_step = now, step
        return elapsed

    def last_triggered_step(self) -> int | None:
        return self._last_step


class _NeverTriggerTimer(SecondOrStepTimer):
    def __init__(self) -> None:
        self._every_secs = self._every_steps = None
        self.reset()

    def should_trigger_for_step(self, step: int) -> bool:
        return False


class StopAtStepHook(SessionRunHook):
    """Request a stop once the global step reaches `last_step`, or `num_steps` steps
    after the step the session started at."""

    def __init__(self, num_steps: int | None = None, last_step: int | None = None):
        if num_steps is None and last_step is None:
            raise _invalid("One of num_steps or last_step must be specified.")
        if num_steps is not None and last_step is not None:
            raise _invalid("Only one of num_steps or last_step can be specified.")
        self._num_steps = num_steps
        self._last_step = last_step

    def begin(self) -> None:
        self._global_step = _global_step_or_raise("StopAtStepHook")

    def after_create_session(self, session: Any, coord: Any) -> None:
        if self._last_step is None:
            self._last_step = int(session.run(self._global_step)) + self._num_steps

    def before_run(self, run_context: Any) -> SessionRunArgs:
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        # The fetched step may be read before or after the run's own increment, as in TF;
        # only a step that may have reached the end is worth reading again.
        if (
            int(run_values.results) + 1 >= self._last_step
            and int(run_context.session.run(self._global_step)) >= self._last_step
        ):
            run_context.request_stop()


class NanTensorHook(SessionRunHook):
    """Raise `NanLossDuringTrainingError` (or only stop) when the loss becomes NaN."""

    def __init__(self, loss_tensor: Any, fail_on_nan_loss: bool = True):
        self._loss = loss_tensor
        self._fail = fail_on_nan_loss

    def before_run(self, run_context: Any) -> SessionRunArgs:
        return SessionRunArgs(self._loss)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        if not np.isnan(run_values.results):
            return
        message = "Model diverged with loss = NaN."
        if self._fail:
            logging.error(message)
            raise NanLossDuringTrainingError()
        logging.warning(message)
        run_context.request_stop()


def _as_graph_element(obj: Any) -> Any:
    """A tensor from a tensor or a name; a bare op name means its first output, as TF's."""
    if isinstance(obj, str) and ":" not in obj:
        obj += ":0"
    return get_default_graph().as_graph_element(obj)


class LoggingTensorHook(SessionRunHook):
    """Log tensors' values every N local steps or seconds, and/or at the end."""

    def __init__(
        self,
        tensors: Any,
        every_n_iter: int | None = None,
        every_n_secs: float | None = None,
        at_end: bool = False,
        formatter: Any = None,
    ):
        only_at_end = at_end and every_n_iter is None and every_n_secs is None
        if not only_at_end and (every_n_iter is None) == (every_n_secs is None):
            raise _invalid(
                "either at_end and/or exactly one of every_n_iter and every_n_secs must be "
                "provided."
            )
        if every_n_iter is not None and every_n_iter <= 0:
            raise _invalid(f"invalid every_n_iter={every_n_iter}.")
        if isinstance(tensors, dict):
            self._order = sorted(tensors)
        else:
            self._order = list(tensors)
            tensors = {item: item for item in self._order}
        self._tensors = tensors
        self._formatter = formatter
        self._timer = (
            _NeverTriggerTimer()
            if only_at_end
            else SecondOrStepTimer(every_secs=every_n_secs, every_steps=every_n_iter)
        )
        self._at_end = at_end

    def begin(self) -> None:
        self._timer.reset()
        self._iter_count = 0
        self._current = {tag: _as_graph_element(t) for tag, t in self._tensors.items()}

    def before_run(self, run_context: Any) -> SessionRunArgs | None:
        self._should_trigger = self._timer.should_trigger_for_step(self._iter_count)
        return SessionRunArgs(self._current) if self._should_trigger else None

    def _log(self, values: dict[str, Any]) -> None:
        elapsed, _ = self._timer.update_last_triggered_step(self._iter_count)
        if self._formatter:
            logging.info(self._formatter(values))
            return
        with np.printoptions(suppress=True):
            stats = ", ".join(f"{tag} = {values[tag]}" for tag in self._order)
        if elapsed is None:
            logging.info("%s", stats)
        else:
            logging.info("%s (%.3f sec)", stats, elapsed)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        if self._should_trigger:
            self._log(run_values.results)
        self._iter_count += 1

    def end(self, session: Any) -> None:
        if self._at_end:
            self._log(session.run(self._current))


class CheckpointSaverListener:
    """Called around each save of a `CheckpointSaverHook`; `after_save` returning True
    requests a stop."""

    def begin(self) -> None:
        pass

    def before_save(self, session: Any, global_step_value: int) -> None:
        pass

    def after_save(self, session: Any, global_step_value: int) -> bool | None:
        return None

    def end(self, session: Any, global_step_value: int) -> None:
        pass


def _saver_of(saver: Any, scaffold: Any) -> Saver:
    """The given saver, the scaffold's, the graph's SAVERS one, or a new default."""
    if saver is not None:
        return saver
    if scaffold is not None and scaffold.saver is not None:
        return scaffold.saver
    return default_saver()


def default_saver() -> Saver:
    """The default graph's saver: the one in its SAVERS collection, made on first use."""
    graph = get_default_graph()
    savers = graph.get_collection("savers")
    if len(savers) > 1:
        raise error(
            "AMBIGUOUS_COLLECTION",
            "More than one item in collection savers. Please indicate which one to use by "
            "passing it to the constructor.",
            details={"collection": "savers"},
        )
    if savers:
        return savers[0]
    saver = Saver(allow_empty=True)
    graph.add_to_collection("savers", saver)
    return saver


class CheckpointSaverHook(SessionRunHook):
    """Save a checkpoint when the session is created, every N steps or seconds, and at
    the end, with the existing `Saver` (`checkpoint_dir/model.ckpt-<step>`)."""

    def __init__(
        self,
        checkpoint_dir: str,
        save_secs: float | None = None,
        save_steps: int | None = None,
        saver: Saver | None = None,
        checkpoint_basename: str = "model.ckpt",
        scaffold: Any = None,
        listeners: list[CheckpointSaverListener] | None = None,
        save_graph_def: bool = True,
    ):
        if saver is not None and scaffold is not None:
            raise _invalid("You cannot provide both saver and scaffold.")
        self._saver = saver
        self._scaffold = scaffold
        self._checkpoint_dir = checkpoint_dir
        self._save_path = os.path.join(checkpoint_dir, checkpoint_basename)
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)
        self._listeners = list(listeners or ())
        self._save_graph_def = save_graph_def

    def begin(self) -> None:
        self._global_step = _global_step_or_raise("CheckpointSaverHook")
        # TF's hook opens its directory's summary writer here, which makes every missing
        # directory; the Saver alone would make only the last.
        self._writer = _summary.FileWriterCache.get(self._checkpoint_dir)
        for listener in self._listeners:
            listener.begin()

    def after_create_session(self, session: Any, coord: Any) -> None:
        step = int(session.run(self._global_step))
        if self._save_graph_def:
            write_graph_for_logs(session.graph, self._checkpoint_dir, "graph.pbtxt")
        # TF's hook writes the graph and its meta graph to the directory's event file.
        self._writer.add_graph(session.graph)
        meta = _summary.tf_graph_bytes(session.graph, meta=True)
        if meta is not None:
            self._writer.add_meta_graph(meta)
        self._save(session, step)
        self._timer.update_last_triggered_step(step)

    def before_run(self, run_context: Any) -> SessionRunArgs:
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        step = _step_after_run(self._timer, run_context, self._global_step, run_values.results)
        if step is not None and self._timer.should_trigger_for_step(step):
            self._timer.update_last_triggered_step(step)
            if self._save(run_context.session, step):
                run_context.request_stop()

    def end(self, session: Any) -> None:
        step = int(session.run(self._global_step))
        if step != self._timer.last_triggered_step():
            self._save(session, step)
        for listener in self._listeners:
            listener.end(session, step)

    def _save(self, session: Any, step: int) -> bool:
        """Save at `step`; whether a listener asked to stop."""
        logging.info("Saving checkpoints for %d into %s.", step, self._save_path)
        for listener in self._listeners:
            listener.before_save(session, step)
        saver = _saver_of(self._saver, self._scaffold)
        saver.save(
            session, self._save_path, global_step=step, write_meta_graph=self._save_graph_def
        )
        log = _summary.SessionLog(_summary.SessionLog.CHECKPOINT, checkpoint_path=self._save_path)
        self._writer.add_session_log(log, step)
        stop = False
        for listener in self._listeners:
            stop = bool(listener.after_save(session, step)) or stop
        return stop


class StepCounterHook(SessionRunHook):
    """Log the global steps per second every N steps or seconds, and write them as the
    summary `global_step/sec` to the output directory's event file."""

    def __init__(
        self,
        every_n_steps: int = 100,
        every_n_secs: float | None = None,
        output_dir: str | None = None,
        summary_writer: Any = None,
    ):
        if (every_n_steps is None) == (every_n_secs is None):
            raise _invalid("exactly one of every_n_steps and every_n_secs should be provided.")
        self._timer = SecondOrStepTimer(every_steps=every_n_steps, every_secs=every_n_secs)
        self._writer = summary_writer
        self._output_dir = output_dir

    def begin(self) -> None:
        if self._writer is None and self._output_dir:
            self._writer = _summary.FileWriterCache.get(self._output_dir)
        self._global_step = _global_step_or_raise("StepCounterHook")
        self._tag = f"{get_global_step().op.name}/sec"

    def before_run(self, run_context: Any) -> SessionRunArgs:
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        # As TF's: the rate is written at the step the run made, read after it.
        step = _step_after_run(self._timer, run_context, self._global_step, run_values.results)
        if step is None or not self._timer.should_trigger_for_step(step):
            return
        secs, steps = self._timer.update_last_triggered_step(step)
        if secs:
            rate = steps / secs
            if self._writer is not None:
                value = _summary.Summary.Value(tag=self._tag, simple_value=rate)
                self._writer.add_summary(_summary.Summary(value=[value]), step)
            logging.info("%s: %g", self._tag, rate)

    def end(self, session: Any) -> None:
        if self._writer is not None:
            self._writer.flush()


class SummarySaverHook(SessionRunHook):
    """Evaluate the summary op every N steps or seconds and write it with a `FileWriter`
    (the output directory's TensorBoard event file)."""

    def __init__(
        self,
        save_steps: int | None = None,
        save_secs: float | None = None,
        output_dir: str | None = None,
        summary_writer: Any = None,
        scaffold: Any = None,
        summary_op: Any = None,
    ):
        if (scaffold is None) == (summary_op is None):
            raise _invalid("Exactly one of scaffold or summary_op must be provided.")
        self._scaffold = scaffold
        self._summary_op = summary_op
        self._writer = summary_writer
        self._output_dir = output_dir
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)

    def begin(self) -> None:
        # TF's hook takes its directory's cached writer here, once the graph is built.
        if self._writer is None and self._output_dir:
            self._writer = _summary.FileWriterCache.get(self._output_dir)
        self._global_step = _global_step_or_raise("SummarySaverHook")
        self._next_step: int | None = None

    def _op(self) -> Any:
        return self._summary_op if self._summary_op is not None else self._scaffold.summary_op

    def before_run(self, run_context: Any) -> SessionRunArgs:
        fetches: dict[str, Any] = {"global_step": self._global_step}
        op = self._op()
        self._request = op is not None and (
            self._next_step is None or self._timer.should_trigger_for_step(self._next_step)
        )
        if self._request:
            fetches["summary"] = op
        return SessionRunArgs(fetches)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        # TF labels a summary with the global step read after the run (the step the
        # run made), not the one it started at.
        step = int(run_values.results["global_step"]) + 1
        if self._next_step is None or self._request:
            step = int(run_context.session.run(self._global_step))
        if self._next_step is None and self._writer is not None:
            self._writer.add_session_log(_summary.SessionLog(_summary.SessionLog.START), step)
        if self._request:
            self._timer.update_last_triggered_step(step)
            if self._writer is not None:
                self._writer.add_summary(run_values.results["summary"], step)
        self._next_step = step + 1

    def end(self, session: Any = None) -> None:
        if self._writer is not None:
            self._writer.flush()


class ProfilerHook(SessionRunHook):
    """Trace a run every N steps or seconds and write it as a Chrome trace,
    `output_dir/timeline-<step>.json` (`graphgate.timeline`'s format: no memory events)."""

    def __init__(
        self,
        save_steps: int | None = None,
        save_secs: float | None = None,
        output_dir: str = "",
        show_dataflow: bool = True,
        show_memory: bool = False,
    ):
        self._output_file = os.path.join(output_dir, "timeline-{}.json")
        self._show_dataflow = show_dataflow
        self._show_memory = show_memory
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)

    def begin(self) -> None:
        self._next_step: int | None = None
        self._global_step = _global_step_or_raise("ProfilerHook")

    def before_run(self, run_context: Any) -> SessionRunArgs:
        self._request = self._next_step is not None and self._timer.should_trigger_for_step(
            self._next_step
        )
        options = RunOptions(trace_level=RunOptions.FULL_TRACE) if self._request else None
        return SessionRunArgs({"global_step": self._global_step}, options=options)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        stale = int(run_values.results["global_step"])
        if self._next_step is None:
            self._timer.update_last_triggered_step(stale)
        step = stale + 1
        if self._request:
            step = int(run_context.session.run(self._global_step))
            self._timer.update_last_triggered_step(step)
            trace = Timeline(run_values.run_metadata.step_stats)
            path = self._output_file.format(step)
            text = trace.generate_chrome_trace_format(self._show_dataflow, self._show_memory)
            write_atomically(path, text.encode())
        self._next_step = step + 1


class FinalOpsHook(SessionRunHook):
    """Run `final_ops` when the session ends; `final_ops_values` holds what they gave."""

    def __init__(self, final_ops: Any, final_ops_feed_dict: Any = None):
        self._final_ops = final_ops
        self._feed = final_ops_feed_dict
        self._values = None

    @property
    def final_ops_values(self) -> Any:
        return self._values

    def end(self, session: Any) -> None:
        if self._final_ops is not None:
            self._values = session.run(self._final_ops, feed_dict=self._feed)


class FeedFnHook(SessionRunHook):
    """Feed each run what `feed_fn()` returns."""

    def __init__(self, feed_fn: Any):
        self.feed_fn = feed_fn

    def before_run(self, run_context: Any) -> SessionRunArgs:
        return SessionRunArgs(fetches=None, feed_dict=self.feed_fn())


__all__ = [
    "CheckpointSaverHook",
    "CheckpointSaverListener",
    "FeedFnHook",
    "FinalOpsHook",
    "LoggingTensorHook",
    "NanLossDuringTrainingError",
    "NanTensorHook",
    "ProfilerHook",
    "SecondOrStepTimer",
    "StepCounterHook",
    "StopAtStepHook",
    "SummarySaverHook",
]
