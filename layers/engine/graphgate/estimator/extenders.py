"""`tf.estimator.add_metrics`: an estimator like another (same model_fn, model_dir,
config and warm start) whose evaluation also reports `metric_fn`'s metrics; and TF 1.15's
`tf.contrib.estimator` extenders of the same file (`clip_gradients_by_norm`)."""

from __future__ import annotations

from typing import Any

from ..train.clip import clip_by_global_norm
from ..train.optimizers import Optimizer
from .estimator import Estimator, fn_args
from .model_fn import ModeKeys, invalid

_VALID_METRIC_FN_ARGS = {"features", "labels", "predictions", "config"}


def add_metrics(estimator: Estimator, metric_fn: Any) -> Estimator:
    """A new Estimator evaluating `metric_fn(features, labels, predictions, config)`'s
    metrics (any of those arguments, by name) besides the model's own."""
    unexpected = sorted(set(fn_args(metric_fn)) - _VALID_METRIC_FN_ARGS)
    if unexpected:
        raise invalid(f"metric_fn ({metric_fn}) has following not expected args: {unexpected}")
    model_fn = estimator.model_fn

    def new_model_fn(features, labels, mode, config):
        spec = model_fn(features, labels, mode, config)
        if mode != ModeKeys.EVAL:
            return spec
        given = {"features": features, "labels": labels, "predictions": spec.predictions}
        given["config"] = config
        kwargs = {name: given[name] for name in fn_args(metric_fn) if name in given}
        metrics = dict(spec.eval_metric_ops or {})
        metrics.update(metric_fn(**kwargs))
        return spec._replace(eval_metric_ops=metrics)

    extended = Estimator(
        new_model_fn,
        model_dir=estimator.model_dir,
        config=estimator.config,
        warm_start_from=estimator._warm_start,
    )
    extended._derived_predictions = dict(estimator._derived_predictions)
    return extended


def clip_gradients_by_norm(optimizer: Any, clip_norm: Any) -> Optimizer:
    """TF 1.15's `tf.contrib.estimator.clip_gradients_by_norm`: `optimizer` whose gradients
    are clipped by their global norm before they are applied (Google's ML Crash Course
    wraps every canned estimator's optimizer so)."""
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must be an instance of tf.train.Optimizer. Given: {optimizer}")

    def clip_grads(grads_and_vars):
        grads, variables = zip(*grads_and_vars, strict=True)
        grads = clip_by_global_norm(grads, clip_norm)[0]
        return list(zip(grads, variables, strict=True))

    return _TransformGradients(optimizer, clip_grads, "ClipByNorm" + optimizer.get_name())


class _TransformGradients(Optimizer):
    """TF 1.15's: an Optimizer delegating to another, its `compute_gradients` transformed."""

    def __init__(self, optimizer: Optimizer, transform_grads_fn: Any, name: str | None = None):
        super().__init__(optimizer.learning_rate, name or optimizer.get_name())
        self._optimizer = optimizer
        self._transform_grads_fn = transform_grads_fn

    def compute_gradients(self, *args, **kwargs):
        return self._transform_grads_fn(self._optimizer.compute_gradients(*args, **kwargs))

    def apply_gradients(self, *args, **kwargs):
        return self._optimizer.apply_gradients(*args, **kwargs)

    def get_slot(self, *args, **kwargs):
        return self._optimizer.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._optimizer.get_slot_names(*args, **kwargs)

    def variables(self):
        return self._optimizer.variables()
