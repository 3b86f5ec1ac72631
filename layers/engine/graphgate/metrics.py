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
from .ops.array_ops import expand_dims, identity, one_hot, ones_like, reshape, size, squeeze, where
from .ops.math_ops import (
    abs,
    add,
    cast,
    div_no_nan,
    divide,
    equal,
    greater,
    less,
    logical_and,
    logical_not,
    logical_or,
    matmul,
    maximum,
    minimum,
    multiply,
    not_equal,
    sqrt,
    square,
    subtract,
)
from .ops.reduce_ops import reduce_mean, reduce_sum
from .ops.registry import REQUIRED, not_differentiable, register_op
from .ops.state_ops import LOCAL_VARIABLES, Variable, assign_add
from .variable_scope import GraphKeys, variable_scope
from .weights_broadcast import broadcast_weights

__all__ = [
    "accuracy",
    "auc",
    "average_precision_at_k",
    "false_negatives",
    "false_negatives_at_thresholds",
    "false_positives",
    "false_positives_at_thresholds",
    "mean",
    "mean_absolute_error",
    "mean_cosine_distance",
    "mean_iou",
    "mean_per_class_accuracy",
    "mean_relative_error",
    "mean_squared_error",
    "mean_tensor",
    "percentage_below",
    "precision",
    "precision_at_k",
    "precision_at_thresholds",
    "precision_at_top_k",
    "recall",
    "recall_at_k",
    "recall_at_thresholds",
    "recall_at_top_k",
    "root_mean_squared_error",
    "sensitivity_at_specificity",
    "sparse_average_precision_at_k",
    "sparse_precision_at_k",
    "specificity_at_sensitivity",
    "true_negatives",
    "true_negatives_at_thresholds",
    "true_positives",
    "true_positives_at_thresholds",
]


def _metric_variable(shape: list[int], name: str, dtype: Any = _dt.float32) -> Variable:
    """An accumulator starting at zeros, local and a metric variable (TF1's)."""
    from .ops.array_ops import zeros

    return Variable(
        lambda: zeros(shape, dtype),
        trainable=False,
        collections=[LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
        name=name,
    )


def _published(value: Tensor, update: Tensor, metrics_collections: Any, updates_collections: Any):
    """`(value, update)`, after adding each to the collections the caller named."""
    graph = get_default_graph()
    for collections, t in ((metrics_collections, value), (updates_collections, update)):
        for key in collections or ():
            graph.add_to_collection(key, t)
    return value, update


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
        weights = _rank_matched_weights(convert_to_tensor(weights), predictions)
    return labels, predictions, weights


def _rank_matched_weights(weights: Tensor, predictions: Tensor) -> Tensor:
    """TF1's weights one rank above the predictions lose their last dimension (which must
    be 1), one rank below gain one: weights [N] of predictions [N, C] weigh rows."""
    rw, rp = _rank(weights), _rank(predictions)
    if rw == 0:
        return weights
    if rw is None or rp is None:
        return _rank_matched_when_run(weights, predictions)
    if rw == rp + 1:
        return squeeze(weights, [-1])
    if rw == rp - 1:
        return expand_dims(weights, -1)
    return weights


def _rank_matched_when_run(weights: Tensor, predictions: Tensor) -> Tensor:
    """TF1's dynamic path for a rank the graph does not know: conds on the ranks when run
    (a scalar kept; one rank above squeezed, unless its last dim is known not to be 1;
    one below expanded)."""
    from .ops.control_flow_ops import cond
    from .ops.extra_array_ops import rank

    w_rank = rank(weights)
    diff = w_rank - rank(predictions)
    shape = weights.static_shape
    squeezable = shape is None or shape[-1] in (None, 1)

    def squeezed():
        return squeeze(weights, [-1]) if squeezable else weights

    def expanded():
        return cond(equal(diff, -1), lambda: expand_dims(weights, [-1]), lambda: weights)

    def adjusted():
        return cond(equal(diff, 1), squeezed, expanded)

    return cond(equal(w_rank, 0), lambda: weights, adjusted)


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
    weights = broadcast_weights(cast(convert_to_tensor(weights), _dt.float32), values)
    return multiply(values, weights), reduce_sum(weights)


def _streaming_mean(total: Variable, count: Variable, values: Tensor, num_values: Tensor):
    """`total / count` (0 while count is 0) and the same after adding `values` and
    `num_values` to them: TF1's `_safe_div` of a streaming mean."""
    update_total = assign_add(total, values)
    update_count = assign_add(count, num_values)
    value = div_no_nan(total, maximum(count, 0.0), name="value")
    update = div_no_nan(update_total, maximum(update_count, 0.0), name="update_op")
    return value, update


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
        value, update = _streaming_mean(total, count, reduce_sum(values), num_values)
    return _published(value, update, metrics_collections, updates_collections)


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
    return _published(value, update, metrics_collections, updates_collections)


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
    return _published(value, update, mc, uc)


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
        return _published(value, update, metrics_collections, updates_collections)

    metric.__name__ = default
    return metric


precision = _ratio("precision", false_positives)
precision.__doc__ = "true_positives / (true_positives + false_positives), 0 before any."
recall = _ratio("recall", false_negatives)
recall.__doc__ = "true_positives / (true_positives + false_negatives), 0 before any."


# -- checks ----------------------------------------------------------------------------------


def _check_range_infer(shapes, types, attrs):
    return [(shapes[0], types[0])]


@register_op(
    "MetricCheckRange",
    arity=1,
    infer=_check_range_infer,
    attrs={"low": ("float", REQUIRED), "high": ("float", REQUIRED), "what": ("str", "")},
    stateful=True,
    unknown_rank_ok=True,
)
def _check_range(op):
    low, high, what = op.attrs["low"], op.attrs["high"], op.attrs.get("what", "")

    def kernel(x):
        bad = (x < low) | (x > high) | np.isnan(x)
        if np.any(bad):
            raise error(
                "COMPUTE_ERROR",
                f"{what} must lie in [{low:g}, {high:g}], got {np.asarray(x)[bad].flat[0]!r}",
                details={"low": low, "high": high},
            )
        return x

    return kernel


not_differentiable("MetricCheckRange")


def _in_range(x: Tensor, low: float, high: float, what: str) -> Tensor:
    """`x`, after a run-time check that every value lies in [low, high] (TF1's metrics
    assert it and fail the run)."""
    attrs = {"low": float(low), "high": float(high), "what": what}
    return x.graph.create_op("MetricCheckRange", (x,), attrs, "assert_range").outputs[0]


# -- auc -------------------------------------------------------------------------------------

_CONFUSION = (
    ("tp", "true_positives", True, True),
    ("fn", "false_negatives", True, False),
    ("tn", "true_negatives", False, False),
    ("fp", "false_positives", False, True),
)


def _confusion_at_thresholds(labels, predictions, thresholds, weights, includes=None):
    """Per threshold, the (weighted) counts of each cell of the confusion matrix, where
    "predicted positive" is `prediction > threshold` (TF1's construction)."""
    predictions = cast(convert_to_tensor(predictions), _dt.float32)
    predictions = _in_range(predictions, 0.0, 1.0, "predictions")
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
        if includes is not None and key not in includes:
            continue
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
    return _published(value, update, metrics_collections, updates_collections)


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


# -- more of TF1's metrics -------------------------------------------------------------------


def mean_tensor(
    values: Any,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The elementwise (weighted) mean of every `values` seen (a fixed static shape)."""
    with variable_scope(name, default_name="mean"):
        values = cast(convert_to_tensor(values), _dt.float32)
        shape = values.static_shape
        if shape is None or None in shape:
            raise error("SHAPE_MISMATCH", "mean_tensor needs values of a fully known shape")
        total = _metric_variable(list(shape), "total_tensor")
        count = _metric_variable(list(shape), "count_tensor")
        num_values = ones_like(values)
        if weights is not None:
            _, values, weights = _remove_squeezable(values, values, weights)
            weights = multiply(cast(convert_to_tensor(weights), _dt.float32), num_values)
            values = multiply(values, weights)
            num_values = multiply(num_values, weights)
        value, update = _streaming_mean(total, count, values, num_values)
    return _published(value, update, metrics_collections, updates_collections)


def percentage_below(
    values: Any,
    threshold: float,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The (weighted) fraction of values below `threshold`."""
    below = cast(less(convert_to_tensor(values), threshold), _dt.float32)
    return mean(
        below,
        weights,
        metrics_collections,
        updates_collections,
        name or "percentage_below_threshold",
    )


def mean_relative_error(
    labels: Any,
    predictions: Any,
    normalizer: Any,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The mean of `|labels - predictions| / normalizer` (0 where the normalizer is 0)."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    normalizer = convert_to_tensor(normalizer, predictions.dtype)
    _check_shapes(predictions, normalizer, "predictions and normalizer")
    relative = where(
        equal(normalizer, 0.0),
        multiply(labels, 0.0),
        divide(abs(subtract(labels, predictions)), normalizer),
    )
    return mean(
        relative,
        weights,
        metrics_collections,
        updates_collections,
        name or "mean_relative_error",
    )


def mean_cosine_distance(
    labels: Any,
    predictions: Any,
    dim: int,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """1 - the mean over `dim`-sums of `labels * predictions` (unit vectors expected)."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    predictions, labels, weights = _remove_squeezable(predictions, labels, weights)
    radial = reduce_sum(multiply(predictions, labels), axis=[dim], keepdims=True)
    distance, update = mean(radial, weights, None, None, name or "mean_cosine_distance")
    value, update = subtract(1.0, distance), subtract(1.0, update)
    return _published(value, update, metrics_collections, updates_collections)


def _counts_at_thresholds(default: str, scope: str, key: str):
    def metric(
        labels: Any,
        predictions: Any,
        thresholds: Any,
        weights: Any = None,
        metrics_collections: Any = None,
        updates_collections: Any = None,
        name: str | None = None,
    ) -> tuple[Tensor, Tensor]:
        with variable_scope(name, default_name=scope):
            values, updates = _confusion_at_thresholds(
                labels, predictions, list(thresholds), weights, includes=(key,)
            )
        return _published(values[key], updates[key], metrics_collections, updates_collections)

    metric.__name__ = default
    metric.__doc__ = f"Per threshold, the (weighted) {scope.replace('_', ' ')}."
    return metric


# TF1 scopes these as the plain counts (`true_positives/true_positives`).
true_positives_at_thresholds = _counts_at_thresholds(
    "true_positives_at_thresholds", "true_positives", "tp"
)
false_positives_at_thresholds = _counts_at_thresholds(
    "false_positives_at_thresholds", "false_positives", "fp"
)
true_negatives_at_thresholds = _counts_at_thresholds(
    "true_negatives_at_thresholds", "true_negatives", "tn"
)
false_negatives_at_thresholds = _counts_at_thresholds(
    "false_negatives_at_thresholds", "false_negatives", "fn"
)


def _ratio_at_thresholds(default: str, other: str, prefix: str):
    def metric(
        labels: Any,
        predictions: Any,
        thresholds: Any,
        weights: Any = None,
        metrics_collections: Any = None,
        updates_collections: Any = None,
        name: str | None = None,
    ) -> tuple[Tensor, Tensor]:
        with variable_scope(name, default_name=default):
            values, updates = _confusion_at_thresholds(
                labels, predictions, list(thresholds), weights, includes=("tp", other)
            )

            def compute(c, suffix):
                return divide(c["tp"], 1e-7 + c["tp"] + c[other], name=prefix + suffix)

            value, update = compute(values, "value"), compute(updates, "update_op")
        return _published(value, update, metrics_collections, updates_collections)

    metric.__name__ = default
    return metric


precision_at_thresholds = _ratio_at_thresholds("precision_at_thresholds", "fp", "precision_")
precision_at_thresholds.__doc__ = "Per threshold, tp / (tp + fp) with predictions > it."
recall_at_thresholds = _ratio_at_thresholds("recall_at_thresholds", "fn", "recall_")
recall_at_thresholds.__doc__ = "Per threshold, tp / (tp + fn) with predictions > it."


def _class_ids(t: Any, num_classes: int, what: str) -> Tensor:
    t = convert_to_tensor(t)
    if _rank(t) is not None and _rank(t) > 1:
        t = reshape(t, [-1])
    t = cast(t, _dt.int64)
    return _in_range(t, 0, num_classes - 1, what)


def mean_per_class_accuracy(
    labels: Any,
    predictions: Any,
    num_classes: int,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The mean over classes of each class's (weighted) accuracy."""
    with variable_scope(name, default_name="mean_accuracy"):
        labels = _class_ids(labels, num_classes, "labels")
        predictions = cast(convert_to_tensor(predictions), _dt.int64)
        if _rank(predictions) is not None and _rank(predictions) > 1:
            predictions = reshape(predictions, [-1])
        _check_shapes(predictions, labels, "labels and predictions")
        total = _metric_variable([num_classes], "total")
        count = _metric_variable([num_classes], "count")
        ones = cast(ones_like(labels), _dt.float32)
        is_correct = cast(equal(predictions, labels), _dt.float32)
        if weights is not None:
            w = cast(reshape(convert_to_tensor(weights), [-1]), _dt.float32)
            is_correct, ones = multiply(is_correct, w), multiply(ones, w)
        by_class = one_hot(labels, num_classes)  # scatter_add as a sum over one-hot rows
        update_total = assign_add(total, reduce_sum(multiply(by_class, reshape(ones, [-1, 1])), 0))
        update_count = assign_add(
            count, reduce_sum(multiply(by_class, reshape(is_correct, [-1, 1])), 0)
        )
        value = reduce_mean(div_no_nan(count, maximum(total, 0.0)), name="mean_accuracy")
        update = div_no_nan(update_count, maximum(update_total, 0.0), name="update_op")
    return _published(value, update, metrics_collections, updates_collections)


def mean_iou(
    labels: Any,
    predictions: Any,
    num_classes: int,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The mean over classes of intersection over union, from a streaming confusion
    matrix (`update_op` returns the matrix, as TF1's)."""
    with variable_scope(name, default_name="mean_iou"):
        labels = _class_ids(labels, num_classes, "labels")
        predictions = _class_ids(predictions, num_classes, "predictions")
        _check_shapes(predictions, labels, "labels and predictions")
        total_cm = _metric_variable(
            [num_classes, num_classes], "total_confusion_matrix", _dt.float64
        )
        rows = one_hot(labels, num_classes, dtype=_dt.float64)
        if weights is not None:
            w = cast(reshape(convert_to_tensor(weights), [-1, 1]), _dt.float64)
            rows = multiply(rows, w)
        current = matmul(rows, one_hot(predictions, num_classes, dtype=_dt.float64), True)
        update = assign_add(total_cm, current)
        cm = cast(total_cm, _dt.float32)
        diag = reduce_sum(multiply(cm, np.eye(num_classes, dtype=np.float32)), 1)
        denominator = reduce_sum(cm, 0) + reduce_sum(cm, 1) - diag
        valid = reduce_sum(cast(not_equal(denominator, 0.0), _dt.float32))
        denominator = where(greater(denominator, 0.0), denominator, ones_like(denominator))
        iou = divide(diag, denominator)
        value = where(greater(valid, 0.0), divide(reduce_sum(iou, name="mean_iou"), valid), 0.0)
    return _published(value, update, metrics_collections, updates_collections)


def _at_operating_point(kind: str, target: float, labels, predictions, weights, num):
    from .ops.array_ops import gather
    from .ops.math_ops import cumsum
    from .ops.reduce_ops import argmax, argmin, reduce_min

    if not 0.0 <= target <= 1.0:
        raise error("INVALID_ATTR", f"`{kind}` must be in the range [0, 1], got {target}")
    kepsilon = 1e-7
    cuts = [(i + 1) * 1.0 / (num - 1) for i in range(num - 2)]
    # TF1's last threshold: above 1 for sensitivity_at_specificity, below it for the other.
    last = 1.0 + kepsilon if kind == "specificity" else 1.0 - kepsilon
    values, updates = _confusion_at_thresholds(
        labels, predictions, [0.0 - kepsilon, *cuts, last], weights
    )

    def compute(c, op_name):
        tp, tn, fp, fn = c["tp"], c["tn"], c["fp"], c["fn"]
        if kind == "specificity":
            gap = abs(divide(tn, tn + fp + kepsilon) - target)
            index = cast(argmin(gap, 0), _dt.int32)  # the first closest threshold
            return divide(
                gather(tp, index), gather(tp, index) + gather(fn, index) + kepsilon, name=op_name
            )
        gap = abs(divide(tp, tp + fn + kepsilon) - target)
        at_min = cast(equal(gap, reduce_min(gap)), _dt.int64)
        index = cast(argmax(cumsum(at_min), 0), _dt.int32)  # the last closest threshold
        return divide(
            gather(tn, index), gather(tn, index) + gather(fp, index) + kepsilon, name=op_name
        )

    return compute(values, "value"), compute(updates, "update_op")


def sensitivity_at_specificity(
    labels: Any,
    predictions: Any,
    specificity: float,
    weights: Any = None,
    num_thresholds: int = 200,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The sensitivity at the threshold whose specificity is closest to `specificity`."""
    with variable_scope(name, default_name="sensitivity_at_specificity"):
        value, update = _at_operating_point(
            "specificity", specificity, labels, predictions, weights, num_thresholds
        )
    return _published(value, update, metrics_collections, updates_collections)


def specificity_at_sensitivity(
    labels: Any,
    predictions: Any,
    sensitivity: float,
    weights: Any = None,
    num_thresholds: int = 200,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The specificity at the threshold whose sensitivity is closest to `sensitivity`."""
    with variable_scope(name, default_name="specificity_at_sensitivity"):
        value, update = _at_operating_point(
            "sensitivity", sensitivity, labels, predictions, weights, num_thresholds
        )
    return _published(value, update, metrics_collections, updates_collections)


# -- top-k metrics ---------------------------------------------------------------------------


def _at_k_name(name: str, k: int | None, class_id: int | None) -> str:
    name = f"{name}_at_{k}" if k is not None else f"{name}_at_k"
    return name if class_id is None else f"{name}_class{class_id}"


def _first_of_each(values: Tensor) -> Tensor:
    """Along the last axis, True at the first occurrence of each value (a set's members)."""
    from .ops.reduce_ops import reduce_any

    m = values.static_shape[-1] if values.static_shape else None
    if m is None:
        raise error("SHAPE_MISMATCH", "labels and predicted classes need a known last dimension")
    earlier = np.tril(np.ones((m, m), dtype=bool), -1)  # [j, i]: i before j
    same = equal(values[..., :, None], values[..., None, :])
    return logical_not(reduce_any(logical_and(same, earlier), -1))


def _top_k_counts(labels: Any, top: Tensor, class_id: Any, weights: Any):
    """Per example, (true positives, false negatives, false positives) of the predicted
    classes `top` against the set of label values (TF1's set semantics: a value counts
    once, and every value, -1 or past the classes too, is a label)."""
    from .ops.reduce_ops import reduce_any

    top = cast(top, _dt.int64)
    labels = cast(convert_to_tensor(labels), _dt.int64)
    p_rank, l_rank = _rank(top), _rank(labels)
    if p_rank is not None and l_rank is not None:
        if p_rank == l_rank + 1:
            labels = labels[..., None]
        elif p_rank != l_rank:
            raise error(
                "SHAPE_MISMATCH",
                f"Unexpected labels shape {labels.shape} for predictions shape {top.shape}. "
                "Predictions rank should be the same rank as labels rank or labels rank "
                "plus one .",
            )
    label_set, predicted_set = _first_of_each(labels), _first_of_each(top)
    if class_id is not None:
        label_set = logical_and(label_set, equal(labels, np.int64(class_id)))
        predicted_set = logical_and(predicted_set, equal(top, np.int64(class_id)))
    predicted = reduce_any(equal(labels[..., :, None], top[..., None, :]), -1)
    labelled = reduce_any(equal(top[..., :, None], labels[..., None, :]), -1)

    def count(a, b):
        return reduce_sum(cast(logical_and(a, b), _dt.float64), -1)

    tp = count(label_set, predicted)
    fn = count(label_set, logical_not(predicted))
    fp = count(predicted_set, logical_not(labelled))
    if weights is not None:
        w = cast(convert_to_tensor(weights), _dt.float64)
        tp, fn, fp = multiply(tp, w), multiply(fn, w), multiply(fp, w)
    return tp, fn, fp


def _top_k_metric(kind: str, other: str, given: bool):
    """`kind`_at_k (over `predictions`' top k) or, `given` the predicted classes,
    `kind`_at_top_k."""

    def metric(
        labels: Any,
        predictions: Any = None,
        k: int | None = None,
        class_id: int | None = None,
        weights: Any = None,
        metrics_collections: Any = None,
        updates_collections: Any = None,
        name: str | None = None,
        predictions_idx: Any = None,
    ) -> tuple[Tensor, Tensor]:
        from .ops.index_ops import top_k

        # TF1 names the second argument `predictions_idx` in the *_at_top_k metrics.
        predictions = predictions_idx if predictions is None else predictions

        graph = get_default_graph()
        with graph.name_scope(name, _at_k_name(kind, k, class_id)) as scope:
            if given:
                top = convert_to_tensor(predictions)
            else:
                if k is None:
                    raise error("INVALID_ATTR", f"{kind}_at_k needs k")
                top = top_k(predictions, k).indices
            tp, fn, fp = _top_k_counts(labels, top, class_id, weights)
            counts = {"true_positive": tp, "false_negative": fn, "false_positive": fp}
            variables, updates = [], []
            for key in ("true_positive", other):
                var = _metric_variable([], _at_k_name(key, k, class_id), _dt.float64)
                with graph.name_scope(var.op.name + "/"):  # its update under its name
                    updates.append(assign_add(var, reduce_sum(counts[key]), name="update"))
                variables.append(var)
            value = divide(variables[0], add(variables[0], variables[1]), name=scope)
            update = divide(updates[0], add(updates[0], updates[1]), name="update")
        return _published(value, update, metrics_collections, updates_collections)

    metric.__name__ = f"{kind}_at_top_k" if given else f"{kind}_at_k"
    return metric


recall_at_k = _top_k_metric("recall", "false_negative", False)
recall_at_k.__doc__ = "Of the labels, the (weighted) share among the k top predictions."
precision_at_k = _top_k_metric("precision", "false_positive", False)
precision_at_k.__doc__ = "Of the k top predictions, the (weighted) share that are labels."
recall_at_top_k = _top_k_metric("recall", "false_negative", True)
recall_at_top_k.__doc__ = "recall_at_k given the predicted classes (`predictions_idx`)."
precision_at_top_k = _top_k_metric("precision", "false_positive", True)
precision_at_top_k.__doc__ = "precision_at_k given the predicted classes (`predictions_idx`)."
sparse_precision_at_k = precision_at_k


# -- average precision at k ------------------------------------------------------------------


def _labels_like(labels: Any, top: Tensor) -> Any:
    """Dense or sparse `labels` of `top`'s rank: [D1, ... DN] become [D1, ... DN, 1]
    (TF1's `_maybe_expand_labels`; a SparseTensor's rank is known here, so no cond)."""
    from .ops.array_ops import expand_dims
    from .ops.sparse_ops import sparse_reshape
    from .sparse_tensor import SparseTensor, SparseTensorValue

    if isinstance(labels, SparseTensorValue):
        labels = SparseTensor(*labels)
    top_rank = _rank(top)
    if isinstance(labels, SparseTensor):
        rank = labels.dense_shape.static_shape[0] if labels.dense_shape.static_shape else None
        if rank is None or top_rank is None:
            raise error("UNKNOWN_RANK", "average_precision_at_k needs labels of known rank")
        if top_rank != rank + 1:
            return labels
        from .ops.array_ops import concat

        return sparse_reshape(labels, concat([labels.dense_shape, np.array([1], np.int64)], 0))
    labels = convert_to_tensor(labels)
    l_rank = _rank(labels)
    if l_rank is None or top_rank is None:
        raise error("UNKNOWN_RANK", "average_precision_at_k needs labels of known rank")
    if top_rank == l_rank + 1:
        return expand_dims(labels, -1)
    if top_rank != l_rank:
        raise error(
            "SHAPE_MISMATCH",
            f"Unexpected labels shape {labels.shape} for predictions shape {top.shape}. "
            "Predictions rank should be the same rank as labels rank or labels rank plus one .",
        )
    return labels


def _tiled_per_k(labels: Any, k: int) -> Any:
    """[D1, ... DN, k, num_labels]: the labels once for each of the k predictions
    (TF1's `_expand_and_tile(labels, k, -1)`)."""
    from .ops.array_ops import expand_dims, tile
    from .ops.sparse_ops import sparse_concat, sparse_reshape
    from .sparse_tensor import SparseTensor

    if isinstance(labels, SparseTensor):
        from .ops.array_ops import concat

        shape = labels.dense_shape
        expanded = sparse_reshape(
            labels, concat([shape[:-1], np.array([1], np.int64), shape[-1:]], 0)
        )
        return expanded if k == 1 else sparse_concat(-2, [expanded] * k)
    rank = _rank(labels)
    return tile(expand_dims(labels, -2), [1] * (rank - 1) + [k, 1])


def _num_relevant(labels: Any, k: int) -> Tensor:
    """Per row, the labels that count: a SparseTensor's distinct values, a dense
    tensor's non-negative ones (duplicates too, as TF1 counts them), at most k."""
    from .ops.set_ops import set_size
    from .sparse_tensor import SparseTensor

    if isinstance(labels, SparseTensor):
        return minimum(set_size(labels), k)
    nonnegative = cast(greater(labels, np.array(-1, labels.dtype.as_numpy_dtype)), labels.dtype)
    return minimum(reduce_sum(nonnegative, -1), np.array(k, labels.dtype.as_numpy_dtype))


def _clean_out_of_range(labels: Any, num_classes: Tensor) -> Any:
    """Labels at or past the number of classes become -1 (ignored), as TF1 does. TF1
    cleans only when the largest label is out of range; that largest label (its `Max`,
    which names the `max_1` accumulator after it) guards the cleaning here too."""
    from .ops.reduce_ops import reduce_max
    from .sparse_tensor import SparseTensor, SparseTensorValue

    if isinstance(labels, SparseTensorValue):
        labels = SparseTensor(*labels)
    values = labels.values if isinstance(labels, SparseTensor) else convert_to_tensor(labels)
    if values.dtype != _dt.int64:
        raise error(
            "DTYPE_MISMATCH",
            f"average_precision_at_k needs int64 labels, not {values.dtype.name}",
        )
    some_out = logical_not(less(reduce_max(values), num_classes))
    out = logical_and(some_out, logical_not(less(values, num_classes)))
    cleaned = where(out, -ones_like(values), values)
    if isinstance(labels, SparseTensor):
        return SparseTensor(labels.indices, cleaned, labels.dense_shape)
    return cleaned


def _broadcast_weights(weights: Tensor, values: Tensor, rows: tuple | None) -> Tensor:
    """`weights` spread over `values` (of static shape `rows`, which the set ops leave
    unknown) by TF1's rule: a scalar, or each dimension 1 or equal. A wrong shape fails
    the run, not the graph's building: TF1 cannot know the per-row precisions' shape when
    it builds the graph, so TF1 checks it at run time too."""
    from .ops.debug_ops import Assert

    ws, vs = weights.static_shape, rows
    if ws is None or vs is None:
        raise error("UNKNOWN_RANK", "average_precision_at_k needs weights of known rank")
    valid = ws == () or (
        len(ws) == len(vs)
        and all(w in (1, v) or w is None or v is None for w, v in zip(ws, vs, strict=True))
    )
    if valid and (ws == () or None not in ws):
        return multiply(weights, ones_like(values))
    from .ops.array_ops import shape as shape_of
    from .ops.reduce_ops import reduce_all

    if valid:  # equal ranks, a dimension known only at run time
        w_shape, v_shape = shape_of(weights), shape_of(values)
        valid = reduce_all(logical_or(equal(w_shape, 1), equal(w_shape, v_shape)))
    check = Assert(valid, ["weights can not be broadcast to values."], name="assert_broadcastable")
    with get_default_graph().control_dependencies([check]):
        return multiply(weights, ones_like(values))


def _average_precisions(labels: Any, top: Tensor) -> Tensor:
    """Per row, sum over i ≤ k of precision@i where prediction i is a label, over the
    number of relevant labels (TF1's `_sparse_average_precision_at_top_k`)."""
    from .ops.math_ops import cumsum
    from .ops.set_ops import set_intersection, set_size

    top = cast(top, _dt.int64)
    k = top.static_shape[-1] if top.static_shape else None
    if not top.static_shape and top.static_shape is not None:
        raise error("INVALID_ATTR", "The rank of `predictions_idx` must be at least 1.")
    if k is None:
        raise error("SHAPE_MISMATCH", "The last dimension of predictions_idx must be set.")
    labels = _labels_like(labels, top)
    relevant = set_size(set_intersection(top[..., None], _tiled_per_k(labels, k)))
    retrieved = cumsum(ones_like(relevant), axis=-1)
    precision = divide(cast(cumsum(relevant, axis=-1), _dt.float64), cast(retrieved, _dt.float64))
    total = reduce_sum(multiply(precision, cast(relevant, _dt.float64)), -1)
    return divide(total, cast(_num_relevant(labels, k), _dt.float64))


def average_precision_at_k(
    labels: Any,
    predictions: Any,
    k: int,
    weights: Any = None,
    metrics_collections: Any = None,
    updates_collections: Any = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The mean over rows of the average precision of `predictions`' top k classes
    against the labels' set (`tf.metrics.average_precision_at_k`): `total` and `max`
    accumulate the (weighted) precisions and rows."""
    from .ops.array_ops import shape
    from .ops.index_ops import top_k

    if k < 1:
        raise error("INVALID_ATTR", f"Invalid k={k}. `k` should be >= 1.")
    graph = get_default_graph()
    with graph.name_scope(name, _at_k_name("average_precision", k, None)) as scope:
        predictions = convert_to_tensor(predictions)
        top = top_k(predictions, k).indices
        labels = _clean_out_of_range(labels, cast(shape(predictions)[-1], _dt.int64))
        with graph.name_scope(None, "average_precision"):
            precisions = _average_precisions(labels, top)
        if weights is None:
            batch_max = cast(size(precisions), _dt.float64)
        else:
            rows = top.static_shape[:-1] if top.static_shape else None
            w = _broadcast_weights(cast(convert_to_tensor(weights), _dt.float64), precisions, rows)
            precisions = multiply(precisions, w)
            batch_max = reduce_sum(w)
        variables, updates = [], []
        for key, batch in (("max", batch_max), ("total", reduce_sum(precisions))):
            var = _metric_variable([], key, _dt.float64)
            with graph.name_scope(var.op.name + "/"):
                updates.append(assign_add(var, batch, name="update"))
            variables.append(var)
        value = div_no_nan(variables[1], variables[0], name="mean")
        update = div_no_nan(updates[1], updates[0], name=scope)
    return _published(value, update, metrics_collections, updates_collections)


sparse_average_precision_at_k = average_precision_at_k
