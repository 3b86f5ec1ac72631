"""`tf.estimator.add_metrics`: an estimator like another (same model_fn, model_dir,
config and warm start) whose evaluation also reports `metric_fn`'s metrics."""

from __future__ import annotations

from typing import Any

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
