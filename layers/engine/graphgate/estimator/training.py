"""`tf.estimator.train_and_evaluate` with its `TrainSpec` and `EvalSpec`, run locally as
TF 1.x runs it without a cluster: one `train(max_steps)` whose checkpoint saves trigger
an evaluation (at most one every `throttle_secs`; not the save made when training
starts), and a last one at the end unless that step was just evaluated."""

from __future__ import annotations

import collections
import os
from typing import Any

from ..train.basic_session_run_hooks import CheckpointSaverListener, SecondOrStepTimer
from ..train.session_run_hook import SessionRunHook
from .estimator import Estimator
from .exporter import checked_exporters
from .model_fn import invalid, wrong_type


def _callable(input_fn: Any) -> None:
    if not callable(input_fn):
        raise wrong_type(f"`input_fn` must be callable, given: {input_fn}")


def _hooks(hooks: Any) -> tuple:
    hooks = tuple(hooks or ())
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise wrong_type(f"All hooks must be `SessionRunHook` instances, given: {hook}")
    return hooks


class TrainSpec(
    collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks", "saving_listeners"])
):
    """The training half of `train_and_evaluate`: the input and the last global step."""

    def __new__(
        cls, input_fn: Any, max_steps: Any = None, hooks: Any = None, saving_listeners: Any = None
    ):
        _callable(input_fn)
        if max_steps is not None and max_steps <= 0:
            raise invalid(f"Must specify max_steps > 0, given: {max_steps}")
        listeners = tuple(saving_listeners or ())
        for listener in listeners:
            if not isinstance(listener, CheckpointSaverListener):
                raise wrong_type(
                    "All saving_listeners must be `CheckpointSaverListener` instances, given: "
                    f"{listener}"
                )
        return super().__new__(cls, input_fn, max_steps, _hooks(hooks), listeners)


class EvalSpec(
    collections.namedtuple(
        "EvalSpec",
        ["input_fn", "steps", "name", "hooks", "exporters", "start_delay_secs", "throttle_secs"],
    )
):
    """The evaluation half of `train_and_evaluate`: input, batches (`steps`, 100 by
    default; None for the whole input), the evaluation's name and how often it runs."""

    def __new__(
        cls,
        input_fn: Any,
        steps: Any = 100,
        name: Any = None,
        hooks: Any = None,
        exporters: Any = None,
        start_delay_secs: float = 120,
        throttle_secs: float = 600,
    ):
        _callable(input_fn)
        if steps is not None and steps <= 0:
            raise invalid(f"Must specify steps > 0, given: {steps}")
        if name is not None and not isinstance(name, str):
            raise wrong_type(f"`name` must be string, given: {name}")
        if start_delay_secs < 0:
            raise invalid(f"Must specify start_delay_secs >= 0, given: {start_delay_secs}")
        if throttle_secs < 0:
            raise invalid(f"Must specify throttle_secs >= 0, given: {throttle_secs}")
        return super().__new__(
            cls,
            input_fn,
            steps,
            name,
            _hooks(hooks),
            checked_exporters(exporters),
            start_delay_secs,
            throttle_secs,
        )


class _EvaluateOnSave(CheckpointSaverListener):
    """Evaluates the estimator on its checkpoints while it trains (TF's listener)."""

    def __init__(self, estimator: Estimator, eval_spec: EvalSpec, max_steps: int | None):
        self._estimator = estimator
        self._spec = eval_spec
        self._max_steps = max_steps
        self._previous: str | None = None
        self.metrics: dict | None = None
        self.exports: list = []

    def begin(self) -> None:
        self._timer = SecondOrStepTimer(every_secs=self._spec.throttle_secs)
        self._first = True

    def after_save(self, session: Any, global_step_value: int) -> None:
        if self._first:  # the save made as training starts holds nothing new
            self._first = False
            return
        if self._timer.should_trigger_for_step(global_step_value):
            self._evaluate(global_step_value)

    def end(self, session: Any, global_step_value: int) -> None:
        if global_step_value != self._timer.last_triggered_step():
            self._evaluate(global_step_value)

    def _evaluate(self, global_step_value: int) -> None:
        self._timer.update_last_triggered_step(global_step_value)
        latest = self._estimator.latest_checkpoint()
        if not latest or latest == self._previous:
            return
        self._previous = latest
        self.metrics = self._estimator.evaluate(
            self._spec.input_fn,
            steps=self._spec.steps,
            name=self._spec.name,
            checkpoint_path=latest,
            hooks=self._spec.hooks,
        )
        final = bool(self._max_steps) and self.metrics["global_step"] >= self._max_steps
        base = os.path.join(self._estimator.model_dir, "export")
        self.exports = [
            exporter.export(
                self._estimator,
                os.path.join(base, exporter.name),
                latest,
                self.metrics,
                final,
            )
            for exporter in self._spec.exporters
        ]


def train_and_evaluate(estimator: Any, train_spec: Any, eval_spec: Any) -> tuple:
    """Train `estimator` to `train_spec.max_steps`, evaluating (and exporting) on new
    checkpoints; the last evaluation's metrics (None if none ran) and its exporters'
    results."""
    if not isinstance(estimator, Estimator):
        raise wrong_type(
            f"`estimator` must have type `tf.estimator.Estimator`. Got: {type(estimator)}"
        )
    if not isinstance(train_spec, TrainSpec):
        raise wrong_type(
            f"`train_spec` must have type `tf.estimator.TrainSpec`. Got: {type(train_spec)}"
        )
    if not isinstance(eval_spec, EvalSpec):
        raise wrong_type(
            f"`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {type(eval_spec)}"
        )
    listener = _EvaluateOnSave(estimator, eval_spec, train_spec.max_steps)
    estimator.train(
        train_spec.input_fn,
        hooks=list(train_spec.hooks),
        max_steps=train_spec.max_steps,
        saving_listeners=[*train_spec.saving_listeners, listener],
    )
    return listener.metrics, listener.exports
