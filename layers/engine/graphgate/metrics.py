"""`gg.metrics`: TF1's streaming metrics (`tf.metrics`).

Each metric returns `(value, update_op)`: local variables (in `LOCAL_VARIABLES` and
`METRIC_VARIABLES`, named under the metric's scope as TF1 names them: `accuracy/total`,
`precision/true_positives/count`, `auc/true_positives`) accumulate over the batches
`update_op` is run on; `value` reads them; `local_variables_initializer()` resets them.
The formulas are TF1's (`metrics_impl.py`), so values match after any sequence of updates.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, convert_to_tensor, get_default_graph
from .ops.array_ops import identity, ones_like, reshape, size, squeeze, where
from .ops.math_ops import (
    abs,
    add,
    cast,
    div_no_nan,
    divide,
    equal,
    greater,
    logical_and,
    logical_not,
    maximum,
    minimum,
    multiply,
    sqrt,
    square,
    subtract,
)
from .ops.reduce_ops import reduce_sum
from .ops.state_ops import LOCAL_VARIABLES, Variable, assign_add
from .variable_scope import GraphKeys, variable_scope

__all__ = [
    "accuracy",
    "auc",
    "false_negatives",
    "false_positives",
    "mean",
    "mean_absolute_error",
    "mean_squared_error",
    "precision",
    "recall",
    "root_mean_squared_error",
    "true_negatives",
    "true_positives",
]


def _metric_variable(shape: list[int], name: str) -> Variable:
    """A float32 accumulator starting at zeros, local and a metric variable (TF1's)."""
    from .ops.array_ops import zeros

    return Variable(
        lambda: zeros(shape, _dt.float32),
        trainable=False,
        collections=[LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
        name=name,
    )


def _collect(collections: Any, value: Any) -> None:
    if collections:
        graph = get_default_graph()
        for key in collections:
            graph.add_to_collection(key, value)


def _rank(t: Tensor) -> int | None:
    return None if t.static_shape is None else len(t.static_shape)


def _squeezable(a: Tensor, b: Tensor) -> Tensor:
    """`a` without a trailing dimension of 1 when it has one more dimension than `b`."""
    ra, rb = _rank(a), _rank(b)
    if ra is not None and rb is not None and ra == rb + 1 and a.static_shape[-1] == 1:
        return squeeze(a, [-1])
    return a


def _remove_squeezable(labels: Tensor, predictions: Tensor, weights: Any = None):
    """TF1's `_remove_squeezable_dimensions`: labels/predictions differing by a trailing
    1, and weights by one more than predictions, are squeezed to match."""
    labels = _squeezable(labels, predictions)
    predictions = _squeezable(predictions, labels)
    if weights is not None:
        weights = _squeezable(convert_to_tensor(weights), predictions)
    return labels, predictions, weights


def _check_shapes(a: Tensor, b: Tensor, what: str) -> None:
    sa, sb = a.static_shape, b.static_shape
    if sa is None or sb is None:
        return
    if len(sa) != len(sb) or any(
        x is not None and y is not None and x != y for x, y in zip(sa, sb, strict=True)
    ):
        raise error("SHAPE_MISMATCH", f"Shapes {a.shape} and {b.shape} are incompatible ({what})")


def _weighted(values: Tensor, weights: Any) -> tuple[Tensor, Tensor]:
    """`values * weights` (weights broadcast to values) and the sum of the broadcast
    weights."""
    weights = cast(convert_to_tensor(weights), _dt.float32)
    weights = multiply(weights, ones_like(values))
    return multiply(values, weights), reduce_sum(weights)


def mean(
    values: Any,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The (weighted) mean of every value seen: `total / count`, 0 before any."""
    with variable_scope(name, default_name="mean"):
        values = cast(convert_to_tensor(values), _dt.float32)
        total = _metric_variable([], "total")
        count = _metric_variable([], "count")
        if weights is None:
            num_values = cast(size(values), _dt.float32)
        else:
            _, values, weights = _remove_squeezable(values, values, weights)
            values, num_values = _weighted(values, weights)
        update_total = assign_add(total, reduce_sum(values))
        update_count = assign_add(count, num_values)
        value = div_no_nan(total, maximum(count, 0.0), name="value")
        update = div_no_nan(update_total, maximum(update_count, 0.0), name="update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def accuracy(
    labels: Any,
    predictions: Any,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """How often `predictions` equals `labels` (weighted): a `mean` of `equal`."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    labels, predictions, weights = _remove_squeezable(labels, predictions, weights)
    _check_shapes(predictions, labels, "accuracy")
    if labels.dtype != predictions.dtype:
        predictions = cast(predictions, labels.dtype)
    is_correct = cast(equal(predictions, labels), _dt.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def _error_mean(fn, labels, predictions, weights, mc, uc, name) -> tuple[Tensor, Tensor]:
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    _check_shapes(predictions, labels, name)
    return mean(fn(subtract(labels, predictions)), weights, mc, uc, name)


def mean_squared_error(
    labels: Any,
    predictions: Any,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The mean of `(labels - predictions) ** 2`."""
    return _error_mean(
        square,
        labels,
        predictions,
        weights,
        metrics_collections,
        updates_collections,
        name or "mean_squared_error",
    )


def mean_absolute_error(
    labels: Any,
    predictions: Any,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The mean of `|labels - predictions|`."""
    return _error_mean(
        abs,
        labels,
        predictions,
        weights,
        metrics_collections,
        updates_collections,
        name or "mean_absolute_error",
    )


def root_mean_squared_error(
    labels: Any,
    predictions: Any,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The square root of `mean_squared_error`."""
    mse, update_mse = _error_mean(
        square, labels, predictions, weights, None, None, name or "root_mean_squared_error"
    )
    value, update = sqrt(mse), sqrt(update_mse)
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


# -- counts, precision, recall ---------------------------------------------------------------


def _as_bools(labels: Any, predictions: Any, weights: Any):
    labels = cast(convert_to_tensor(labels), _dt.bool_)
    predictions = cast(convert_to_tensor(predictions), _dt.bool_)
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    _check_shapes(predictions, labels, "labels and predictions")
    return labels, predictions, weights


def _count_condition(values: Tensor, weights: Any, mc: Any, uc: Any) -> tuple[Tensor, Tensor]:
    count = _metric_variable([], "count")
    values = cast(values, _dt.float32)
    if weights is not None:
        values, _ = _weighted(values, weights)
    value = identity(count)
    update = assign_add(count, reduce_sum(values))
    _collect(mc, value)
    _collect(uc, update)
    return value, update


def _counter(default: str, label_is: bool, prediction_is: bool):
    def metric(
        labels: Any,
        predictions: Any,
        weights: Any = None,
        metrics_collections: Any = None,
        updates_collections: Any = None,
        name: str | None = None,
    ) -> tuple[Tensor, Tensor]:
        with variable_scope(name, default_name=default):
            labels, predictions, weights = _as_bools(labels, predictions, weights)
            lab = labels if label_is else logical_not(labels)
            pred = predictions if prediction_is else logical_not(predictions)
            return _count_condition(
                logical_and(lab, pred), weights, metrics_collections, updates_collections
            )

    metric.__name__ = default
    metric.__doc__ = f"The (weighted) number of {default.replace('_', ' ')} seen."
    return metric


true_positives = _counter("true_positives", True, True)
false_positives = _counter("false_positives", False, True)
true_negatives = _counter("true_negatives", False, False)
false_negatives = _counter("false_negatives", True, False)


def _ratio(default: str, other):
    def metric(
        labels: Any,
        predictions: Any,
        weights: Any = None,
        metrics_collections: Any = None,
        updates_collections: Any = None,
        name: str | None = None,
    ) -> tuple[Tensor, Tensor]:
        with variable_scope(name, default_name=default):
            labels, predictions, weights = _as_bools(labels, predictions, weights)
            tp, tp_update = true_positives(labels, predictions, weights)
            o, o_update = other(labels, predictions, weights)

            def compute(t, f, name):
                total = add(t, f)
                return where(greater(total, 0.0), divide(t, total), 0.0, name=name)

            value = compute(tp, o, "value")
            update = compute(tp_update, o_update, "update_op")
        _collect(metrics_collections, value)
        _collect(updates_collections, update)
        return value, update

    metric.__name__ = default
    return metric


precision = _ratio("precision", false_positives)
precision.__doc__ = "true_positives / (true_positives + false_positives), 0 before any."
recall = _ratio("recall", false_negatives)
recall.__doc__ = "true_positives / (true_positives + false_negatives), 0 before any."


# -- auc -------------------------------------------------------------------------------------

_CONFUSION = (
    ("tp", "true_positives", True, True),
    ("fn", "false_negatives", True, False),
    ("tn", "true_negatives", False, False),
    ("fp", "false_positives", False, True),
)


def _confusion_at_thresholds(labels, predictions, thresholds, weights):
    """Per threshold, the (weighted) counts of each cell of the confusion matrix, where
    "predicted positive" is `prediction > threshold` (TF1's construction)."""
    predictions = cast(convert_to_tensor(predictions), _dt.float32)
    labels = cast(convert_to_tensor(labels), _dt.bool_)
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    _check_shapes(predictions, labels, "labels and predictions")
    n = len(thresholds)
    thresh = reshape(convert_to_tensor(np.asarray(thresholds, np.float32)), [n, 1])
    pred_is_pos = greater(reshape(predictions, [1, -1]), thresh)  # [thresholds, N]
    label_is_pos = reshape(labels, [1, -1])
    w = None
    if weights is not None:
        w = multiply(cast(convert_to_tensor(weights), _dt.float32), ones_like(predictions))
        w = reshape(w, [1, -1])
    values, updates = {}, {}
    for key, name, label, pred in _CONFUSION:
        var = _metric_variable([n], name)
        lab = label_is_pos if label else logical_not(label_is_pos)
        hit = pred_is_pos if pred else logical_not(pred_is_pos)
        cell = cast(logical_and(lab, hit), _dt.float32)
        if w is not None:
            cell = multiply(cell, w)
        updates[key] = assign_add(var, reduce_sum(cell, 1))
        values[key] = var
    return values, updates


def auc(
    labels: Any,
    predictions: Any,
    weights: Any = None,
    num_thresholds: int = 200,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    curve: str = "ROC",
    name: str | None = None,
    summation_method: str = "trapezoidal",
    thresholds: Any = None,
) -> tuple[Tensor, Tensor]:
    """The area under the ROC (or PR) curve, by a Riemann sum over `num_thresholds`
    thresholds spread over [0, 1] (TF1's; `predictions` are probabilities)."""
    if curve not in ("ROC", "PR"):
        raise error("INVALID_ATTR", f"curve must be 'ROC' or 'PR', got {curve!r}")
    if summation_method not in ("trapezoidal", "minoring", "majoring"):
        raise error(
            "UNIMPLEMENTED" if summation_method == "careful_interpolation" else "INVALID_ATTR",
            f"auc summation_method {summation_method!r} is not supported",
        )
    with variable_scope(name, default_name="auc"):
        if thresholds is not None:
            cuts = sorted(float(t) for t in thresholds)
            num_thresholds = len(cuts) + 2
        else:
            if num_thresholds < 2:
                raise error("INVALID_ATTR", "num_thresholds must be > 1")
            cuts = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        kepsilon = 1e-7
        cuts = [0.0 - kepsilon, *cuts, 1.0 + kepsilon]
        values, updates = _confusion_at_thresholds(labels, predictions, cuts, weights)

        def compute(c, name):
            return _area(c["tp"], c["fn"], c["tn"], c["fp"], curve, summation_method, name)

        value = compute(values, "value")
        update = compute(updates, "update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def _area(tp, fn, tn, fp, curve, summation_method, name) -> Tensor:
    epsilon = 1.0e-6
    rec = divide(tp + epsilon, tp + fn + epsilon)
    if curve == "ROC":
        x, y = divide(fp, fp + tn + epsilon), rec
    else:
        x, y = rec, divide(tp + epsilon, tp + fp + epsilon)
    dx = x[:-1] - x[1:]
    if summation_method == "trapezoidal":
        heights = (y[:-1] + y[1:]) / 2.0
    elif summation_method == "minoring":
        heights = minimum(y[:-1], y[1:])
    else:
        heights = maximum(y[:-1], y[1:])
    return reduce_sum(multiply(dx, heights), name=name)
