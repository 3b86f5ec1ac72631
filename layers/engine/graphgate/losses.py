"""`gg.losses`: TensorFlow 1.x's `tf.losses`, with weights and reductions.

Each loss computes per-element losses, weights them and reduces them as
`compute_weighted_loss` does, and adds the result to the graph's "losses" collection.
Like TensorFlow's, the regression losses (absolute_difference, mean_squared_error,
huber_loss, log_loss) compute in float32 whatever their inputs' dtype.
"""

from __future__ import annotations

from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, as_tensors, constant_op, get_default_graph
from .ops.array_ops import ones_like, squeeze, stop_gradient, where, zeros_like
from .ops.math_ops import abs as _abs
from .ops.math_ops import add_n, cast, div_no_nan, equal, log, minimum, square
from .ops.nn_ops import (
    relu,
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    sparse_softmax_cross_entropy_with_logits,
)
from .ops.reduce_ops import reduce_sum
from .weights_broadcast import assert_broadcastable

LOSSES = "losses"
REGULARIZATION_LOSSES = "regularization_losses"


class Reduction:
    """How `compute_weighted_loss` reduces the weighted per-element losses."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple[str, ...]:
        return (
            cls.NONE,
            cls.SUM,
            cls.MEAN,
            cls.SUM_OVER_BATCH_SIZE,
            cls.SUM_OVER_NONZERO_WEIGHTS,
            cls.SUM_BY_NONZERO_WEIGHTS,
        )

    @classmethod
    def validate(cls, key: str) -> None:
        if key not in cls.all():
            raise error("INVALID_ATTR", f"invalid reduction {key!r}; use one of {cls.all()}")


def _num_present(losses: Tensor, weights: Tensor) -> Tensor:
    """How many losses have a non-zero weight (weights broadcast to the losses)."""
    present = where(equal(weights, 0.0), zeros_like(weights), ones_like(weights))
    return reduce_sum(present * ones_like(losses))


def compute_weighted_loss(
    losses: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """losses * weights, reduced by `reduction` (a mean divides by 0 as 0)."""
    Reduction.validate(reduction)
    graph, (losses,) = as_tensors(losses)
    with graph.as_default(), graph.name_scope(scope or "weighted_loss"):
        input_dtype = losses.dtype
        # TF1 weighs and reduces in float32 whatever the losses' dtype, and casts the
        # result back: a float64 loss carries float32's rounding.
        losses = cast(losses, _dt.float32)
        _, (losses, weights) = as_tensors(losses, weights)
        weights = cast(weights, _dt.float32)
        check = assert_broadcastable(weights, losses)
        with graph.control_dependencies([] if check is None else [check]):
            weighted = losses * weights
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = div_no_nan(loss, reduce_sum(ones_like(losses) * weights), name="value")
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = div_no_nan(loss, _num_present(losses, weights), name="value")
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                from .ops.array_ops import size

                loss = div_no_nan(loss, cast(size(losses), losses.dtype), name="value")
        loss = cast(loss, input_dtype)
    if loss_collection:
        graph.add_to_collection(loss_collection, loss)
    return loss


def _float32_pair(labels: Any, predictions: Any) -> tuple[Tensor, Tensor]:
    if labels is None or predictions is None:
        raise error("INVALID_ATTR", "labels and predictions must not be None")
    graph, (predictions,) = as_tensors(predictions)
    predictions = cast(predictions, _dt.float32)
    if isinstance(labels, Tensor):
        labels = cast(labels, _dt.float32)
    else:
        labels = constant_op(graph, labels, _dt.float32)
    _check_compatible(predictions, labels, "predictions", "labels")
    return labels, predictions


def _check_compatible(a: Tensor, b: Tensor, what_a: str, what_b: str) -> None:
    sa, sb = a.static_shape, b.static_shape
    if sa is None or sb is None:
        return
    if len(sa) != len(sb) or any(
        x is not None and y is not None and x != y for x, y in zip(sa, sb, strict=True)
    ):
        raise error(
            "SHAPE_MISMATCH",
            f"{what_a} shape {list(sa)} is not compatible with {what_b} shape {list(sb)}",
        )


def _scope(scope: str | None, default: str):
    return get_default_graph().name_scope(scope or default)


def absolute_difference(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """|predictions - labels|, weighted and reduced."""
    with _scope(scope, "absolute_difference") as s:
        labels, predictions = _float32_pair(labels, predictions)
        losses = _abs(predictions - labels)
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def mean_squared_error(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """(predictions - labels)², weighted and reduced."""
    with _scope(scope, "mean_squared_error") as s:
        labels, predictions = _float32_pair(labels, predictions)
        losses = square(predictions - labels)
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def huber_loss(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    delta: float = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """0.5 e² where |e| ≤ delta, delta (|e| - 0.5 delta) beyond, e = predictions - labels."""
    with _scope(scope, "huber_loss") as s:
        labels, predictions = _float32_pair(labels, predictions)
        abs_error = _abs(predictions - labels)
        quadratic = minimum(abs_error, delta)
        linear = abs_error - quadratic
        losses = 0.5 * (quadratic * quadratic) + delta * linear
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def log_loss(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    epsilon: float = 1e-7,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """-labels log(p + eps) - (1 - labels) log(1 - p + eps), weighted and reduced."""
    with _scope(scope, "log_loss") as s:
        labels, predictions = _float32_pair(labels, predictions)
        losses = -labels * log(predictions + epsilon) - (1 - labels) * log(
            1 - predictions + epsilon
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def hinge_loss(
    labels: Any,
    logits: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """max(0, 1 - y logits) with binary labels mapped to y = ±1."""
    with _scope(scope, "hinge_loss") as s:
        labels, logits = _float32_pair(labels, logits)
        all_ones = ones_like(labels)
        signs = 2 * labels - all_ones
        losses = relu(all_ones - signs * logits)
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def cosine_distance(
    labels: Any,
    predictions: Any,
    axis: int | None = None,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
    dim: int | None = None,
) -> Tensor:
    """1 - sum(labels * predictions, axis) for unit-normalized inputs (axis kept)."""
    axis = dim if axis is None else axis
    if axis is None:
        raise error("INVALID_ATTR", "cosine_distance needs axis")
    with _scope(scope, "cosine_distance_loss") as s:
        labels, predictions = _float32_pair(labels, predictions)
        losses = 1 - reduce_sum(predictions * labels, (axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def mean_pairwise_squared_error(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
) -> Tensor:
    """Mean over pairs of elements of each example of the squared difference between
    their differences in predictions and in labels, as TF1's (a scalar)."""
    from .ops.array_ops import zeros_like as _zeros_like
    from .ops.math_ops import maximum

    with _scope(scope, "mean_pairwise_squared_error"):
        labels, predictions = _float32_pair(labels, predictions)
        graph = predictions.op.graph
        weights = cast(weights, _dt.float32) if isinstance(weights, Tensor) else (
            constant_op(graph, weights, _dt.float32)
        )  # fmt: skip
        diffs = predictions - labels
        if diffs.static_shape is None:
            raise error("UNKNOWN_RANK", "mean_pairwise_squared_error needs inputs of known rank")
        axis = list(range(1, len(diffs.static_shape)))
        sum_squares = reduce_sum(square(diffs), axis, keepdims=True)
        present = where(equal(weights, 0.0), zeros_like(weights), ones_like(weights))
        num_present = reduce_sum(present * ones_like(diffs), axis, keepdims=True)
        term1 = 2.0 * div_no_nan(sum_squares, maximum(num_present - 1, 0), name="value")
        sum_diff = reduce_sum(diffs, axis, keepdims=True)
        pairs = maximum(num_present * (num_present - 1), 0)
        term2 = 2.0 * div_no_nan(square(sum_diff), pairs, name="value")
        loss = reduce_sum((term1 - term2) * weights)
        mean_loss = where(reduce_sum(num_present) > 0, loss, _zeros_like(loss), name="value")
    if loss_collection:
        graph.add_to_collection(loss_collection, mean_loss)
    return mean_loss


def sigmoid_cross_entropy(
    multi_class_labels: Any,
    logits: Any,
    weights: Any = 1.0,
    label_smoothing: float = 0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """Elementwise logistic loss; labels smoothed toward 1/2 by `label_smoothing`."""
    with _scope(scope, "sigmoid_cross_entropy_loss") as s:
        _, (logits,) = as_tensors(logits)
        labels = _labels_like(multi_class_labels, logits)
        _check_compatible(logits, labels, "logits", "labels")
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def _labels_like(labels: Any, logits: Tensor) -> Tensor:
    if isinstance(labels, Tensor):
        return cast(labels, logits.dtype)
    _, (_, labels) = as_tensors(logits, labels)
    return labels


def softmax_cross_entropy(
    onehot_labels: Any,
    logits: Any,
    weights: Any = 1.0,
    label_smoothing: float = 0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """Per-example softmax cross-entropy; labels smoothed toward uniform by
    `label_smoothing` (no gradient flows into the labels)."""
    with _scope(scope, "softmax_cross_entropy_loss") as s:
        _, (logits,) = as_tensors(logits)
        labels = _labels_like(onehot_labels, logits)
        _check_compatible(logits, labels, "logits", "labels")
        if label_smoothing > 0:
            from .ops.array_ops import shape

            num_classes = cast(shape(labels)[-1], logits.dtype)
            labels = labels * (1 - label_smoothing) + label_smoothing / num_classes
        labels = stop_gradient(labels, name="labels_stop_gradient")
        losses = softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def sparse_softmax_cross_entropy(
    labels: Any,
    logits: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> Tensor:
    """Per-example cross-entropy against integer class labels (a trailing 1 is dropped)."""
    with _scope(scope, "sparse_softmax_cross_entropy_loss") as s:
        graph, (logits,) = as_tensors(logits)
        if not isinstance(labels, Tensor):
            labels = constant_op(graph, labels)
        ls, gs = labels.static_shape, logits.static_shape
        if ls is not None and gs is not None and len(ls) == len(gs) and ls[-1] == 1:
            labels = squeeze(labels, [-1])
        losses = sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        if not isinstance(weights, Tensor):
            # A literal [batch, 1] weight is squeezed too, as TF converts before it squeezes.
            weights = constant_op(graph, weights, logits.dtype)
        ws = weights.static_shape
        if ws and ws[-1] == 1 and len(ws) == len(gs or ()):
            weights = squeeze(weights, [-1])
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


# -- the losses collection -----------------------------------------------------------------


def add_loss(loss: Tensor, loss_collection: str = LOSSES) -> None:
    if loss_collection:
        loss.op.graph.add_to_collection(loss_collection, loss)


def get_losses(scope: str | None = None, loss_collection: str = LOSSES) -> list[Tensor]:
    losses = get_default_graph().get_collection(loss_collection)
    return [t for t in losses if scope is None or t.op.name.startswith(scope)]


def get_regularization_losses(scope: str | None = None) -> list[Tensor]:
    return get_losses(scope, REGULARIZATION_LOSSES)


def get_regularization_loss(scope: str | None = None, name: str = "total_regularization_loss"):
    losses = get_regularization_losses(scope)
    if not losses:
        from .ops.array_ops import constant

        return constant(0.0, name=name)
    return add_n(losses, name=name)


def get_total_loss(
    add_regularization_losses: bool = True, name: str = "total_loss", scope: str | None = None
) -> Tensor:
    """The sum of the collected losses (and regularization losses)."""
    losses = get_losses(scope)
    if add_regularization_losses:
        losses = losses + get_regularization_losses(scope)
    if not losses:
        raise error("INVALID_ATTR", "no losses have been collected")
    return add_n(losses, name=name)
