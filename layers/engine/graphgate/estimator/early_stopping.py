"""`tf.estimator.experimental`'s early stopping: hooks that stop training once the
evaluations written to the estimator's eval directory cross a threshold or stop
improving, read back from the event files as TF reads them (`read_eval_metrics`).

The hook checks every `run_every_secs` (or `run_every_steps`) and, to stop, sets the
variable `signal_early_stopping/STOP` (saved with the model, as in TF) and asks the
monitored session to stop."""

from __future__ import annotations

import collections
import glob
import os
import struct
from typing import Any

from .. import tf_logging as logging
from ..train.basic_session_run_hooks import SecondOrStepTimer
from ..train.session_run_hook import SessionRunArgs, SessionRunHook
from .estimator import Estimator
from .model_fn import invalid, wrong_type


# -- reading event files: TF's record framing around Event protos -----------------------------
def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _fields(data: bytes):
    """(field number, wire type, value) of a protobuf message (varint, 64/32-bit, bytes)."""
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 1:
            value, i = data[i : i + 8], i + 8
        elif wire == 5:
            value, i = data[i : i + 4], i + 4
        elif wire == 2:
            size, i = _varint(data, i)
            value, i = data[i : i + size], i + size
        else:
            return
        yield field, wire, value


def _scalars(event: bytes) -> tuple[int, dict[str, float]]:
    """An Event's step and its summary's simple values by tag."""
    step, found = 0, {}
    for field, _, value in _fields(event):
        if field == 2:
            step = value
        elif field == 5:
            for vfield, _, entry in _fields(value):
                if vfield != 1:
                    continue
                parts = {f: v for f, _, v in _fields(entry)}
                if 2 in parts:
                    found[parts.get(1, b"").decode()] = struct.unpack("<f", parts[2])[0]
    return step, found


def _records(path: str):
    with open(path, "rb") as f:
        data = f.read()
    i = 0
    while i + 12 <= len(data):
        (length,) = struct.unpack("<Q", data[i : i + 8])
        start = i + 12
        if start + length + 4 > len(data):
            return  # a record still being written
        yield data[start : start + length]
        i = start + length + 4


def _steps_and_scalars(pattern: str):
    """(step, {tag: value}) of each event with scalar summaries in the matching files."""
    for path in sorted(glob.glob(pattern)):
        for record in _records(path):
            step, values = _scalars(record)
            if values:
                yield step, values


def event_scalars(pattern: str) -> list[dict[str, float]]:
    """Each event's scalar summaries ({tag: value}) in the files matching `pattern`."""
    return [values for _, values in _steps_and_scalars(pattern)]


def read_eval_metrics(eval_dir: str) -> collections.OrderedDict:
    """{step: {metric: value}} from the event files in `eval_dir`, by step."""
    metrics: dict = collections.defaultdict(dict)
    for step, values in _steps_and_scalars(os.path.join(eval_dir, "*.tfevents.*")):
        metrics[step].update(values)
    return collections.OrderedDict(sorted(metrics.items()))


# -- the hooks ---------------------------------------------------------------------------------
def _stop_variable() -> Any:
    from ..train.initializers import constant_initializer
    from ..variable_scope import AUTO_REUSE, GraphKeys, get_variable, variable_scope

    with variable_scope("signal_early_stopping", reuse=AUTO_REUSE):
        return get_variable(
            "STOP",
            shape=[],
            dtype="bool",
            initializer=constant_initializer(False),
            collections=[GraphKeys.GLOBAL_VARIABLES],
            trainable=False,
        )


class _StopOnPredicateHook(SessionRunHook):
    """Stops training (and records it in `signal_early_stopping/STOP`) when
    `should_stop_fn()` says so, asked every N seconds or steps."""

    def __init__(self, should_stop_fn: Any, run_every_secs: Any, run_every_steps: Any):
        if not callable(should_stop_fn):
            raise wrong_type("`should_stop_fn` must be callable.")
        self._should_stop_fn = should_stop_fn
        self._timer = SecondOrStepTimer(every_secs=run_every_secs, every_steps=run_every_steps)

    def begin(self) -> None:
        from ..ops.state_ops import assign
        from ..train.schedules import get_global_step

        self._global_step = get_global_step()
        self._stop_op = assign(_stop_variable(), True)

    def before_run(self, run_context: Any) -> SessionRunArgs:
        return SessionRunArgs(self._global_step)

    def after_run(self, run_context: Any, run_values: Any) -> None:
        step = int(run_values.results)
        if self._timer.should_trigger_for_step(step):
            self._timer.update_last_triggered_step(step)
            if self._should_stop_fn():
                logging.info("Requesting early stopping at global step %d", step)
                run_context.session.run(self._stop_op)
                run_context.request_stop()


def make_early_stopping_hook(
    estimator: Any, should_stop_fn: Any, run_every_secs: Any = 60, run_every_steps: Any = None
) -> SessionRunHook:
    """A training hook stopping when `should_stop_fn()` returns True."""
    if not isinstance(estimator, Estimator):
        raise wrong_type(
            f"`estimator` must have type `tf.estimator.Estimator`. Got: {type(estimator)}"
        )
    if run_every_secs is not None and run_every_steps is not None:
        raise invalid("Only one of `run_every_secs` and `run_every_steps` must be set.")
    return _StopOnPredicateHook(should_stop_fn, run_every_secs, run_every_steps)


def _better(higher_is_better: bool):
    return (lambda a, b: a > b) if higher_is_better else (lambda a, b: a < b)


def _threshold_hook(estimator, metric_name, threshold, higher, eval_dir, min_steps, secs, steps):
    eval_dir = eval_dir or estimator.eval_dir()
    better = _better(higher)

    def crossed() -> bool:
        for step, metrics in read_eval_metrics(eval_dir).items():
            if step >= min_steps and better(metrics[metric_name], threshold):
                return True
        return False

    return make_early_stopping_hook(estimator, crossed, secs, steps)


def _no_improvement_hook(
    estimator, metric_name, max_steps, higher, eval_dir, min_steps, secs, steps
):
    eval_dir = eval_dir or estimator.eval_dir()
    better = _better(higher)

    def stalled() -> bool:
        best = best_step = None
        for step, metrics in read_eval_metrics(eval_dir).items():
            if step < min_steps:
                continue
            value = metrics[metric_name]
            if best is None or better(value, best):
                best, best_step = value, step
            if step - best_step >= max_steps:
                return True
        return False

    return make_early_stopping_hook(estimator, stalled, secs, steps)


def stop_if_higher_hook(
    estimator,
    metric_name,
    threshold,
    eval_dir=None,
    min_steps=0,
    run_every_secs=60,
    run_every_steps=None,
):
    """Stop once an evaluation's `metric_name` is above `threshold`."""
    return _threshold_hook(
        estimator,
        metric_name,
        threshold,
        True,
        eval_dir,
        min_steps,
        run_every_secs,
        run_every_steps,
    )


def stop_if_lower_hook(
    estimator,
    metric_name,
    threshold,
    eval_dir=None,
    min_steps=0,
    run_every_secs=60,
    run_every_steps=None,
):
    """Stop once an evaluation's `metric_name` is below `threshold`."""
    return _threshold_hook(
        estimator,
        metric_name,
        threshold,
        False,
        eval_dir,
        min_steps,
        run_every_secs,
        run_every_steps,
    )


def stop_if_no_increase_hook(
    estimator,
    metric_name,
    max_steps_without_increase,
    eval_dir=None,
    min_steps=0,
    run_every_secs=60,
    run_every_steps=None,
):
    """Stop once `metric_name` has not risen for `max_steps_without_increase` steps."""
    return _no_improvement_hook(
        estimator,
        metric_name,
        max_steps_without_increase,
        True,
        eval_dir,
        min_steps,
        run_every_secs,
        run_every_steps,
    )


def stop_if_no_decrease_hook(
    estimator,
    metric_name,
    max_steps_without_decrease,
    eval_dir=None,
    min_steps=0,
    run_every_secs=60,
    run_every_steps=None,
):
    """Stop once `metric_name` has not fallen for `max_steps_without_decrease` steps."""
    return _no_improvement_hook(
        estimator,
        metric_name,
        max_steps_without_decrease,
        False,
        eval_dir,
        min_steps,
        run_every_secs,
        run_every_steps,
    )
