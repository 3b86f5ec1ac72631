"""`tf.keras.metrics`: per-sample metric functions (accuracies, and the losses as metrics),
as `compile(metrics=...)` resolves them."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import graphgate as _tf

from ..graph import Tensor
from . import backend as K
from .losses import _BY_NAME as _LOSSES
from .losses import (  # noqa: F401 - Keras re-exports the losses as metrics
    KLD,
    MAE,
    MAPE,
    MSE,
    MSLE,
    binary_crossentropy,
    categorical_crossentropy,
    categorical_hinge,
    hinge,
    kld,
    kullback_leibler_divergence,
    logcosh,
    mae,
    mape,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    mse,
    msle,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)


def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> Any:
    y_pred = _tf.convert_to_tensor(y_pred)
    predicted = _tf.cast(y_pred > threshold, y_pred.dtype)
    return K.mean(_tf.cast(_tf.equal(_tf.cast(y_true, y_pred.dtype), predicted), K.floatx()), -1)


def categorical_accuracy(y_true: Any, y_pred: Any) -> Any:
    same = _tf.equal(_tf.argmax(y_true, -1), _tf.argmax(y_pred, -1))
    return _tf.cast(same, K.floatx())


def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _tf.convert_to_tensor(y_true), _tf.convert_to_tensor(y_pred)
    if len(y_true.static_shape) == len(y_pred.static_shape):
        y_true = _tf.squeeze(y_true, [-1])
    predicted = _tf.cast(_tf.argmax(y_pred, -1), K.floatx())
    return _tf.cast(_tf.equal(_tf.cast(y_true, K.floatx()), predicted), K.floatx())


def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> Any:
    hit = _tf.nn.in_top_k(y_pred, _tf.argmax(y_true, -1), k)
    return _tf.cast(hit, K.floatx())


def sparse_top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> Any:
    y_true = _tf.convert_to_tensor(y_true)
    if len(y_true.static_shape) == len(y_pred.static_shape):
        y_true = _tf.squeeze(y_true, [-1])
    return _tf.cast(_tf.nn.in_top_k(y_pred, _tf.cast(y_true, _tf.int32), k), K.floatx())


def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    """The cosine of the angle between target and prediction. As a metric it is positive
    (TF 1.15's `metrics.cosine_proximity`, tf_keras' `metrics.cosine_similarity`); the
    loss of that name is its negative."""
    y_true = K.l2_normalize(_tf.convert_to_tensor(y_true), axis)
    y_pred = K.l2_normalize(_tf.convert_to_tensor(y_pred), axis)
    return K.sum(y_true * y_pred, axis=axis)


cosine_proximity = cosine = cosine_similarity
accuracy = categorical_accuracy

_BY_NAME: dict[str, Callable] = {
    **_LOSSES,
    "cosine_proximity": cosine_similarity,
    "cosine_similarity": cosine_similarity,
    "cosine": cosine_similarity,
    **{
        f.__name__: f
        for f in (
            binary_accuracy,
            categorical_accuracy,
            sparse_categorical_accuracy,
            top_k_categorical_accuracy,
            sparse_top_k_categorical_accuracy,
        )
    },
}


def get(identifier: Any) -> Callable:
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown metric function: {identifier}")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret metric function identifier: {identifier!r}")


# -- metric objects: stateful over an epoch, as sums of per-batch statistics ------------------


class Metric:
    """A metric `fit` keeps over an epoch: per batch it adds `stats(y_true, y_pred)` (scalar
    tensors, summed across batches), and its value is `result(sums)`. So ratios such as
    precision are over the epoch's counts, not averages of batch ratios, as Keras'."""

    n_stats = 2

    def __init__(self, name: str | None = None, dtype: Any = None, **kwargs: Any):
        # Unnamed metric objects are named as Keras names layers: auc, auc_1, ... per graph.
        self.name = name or K.unique_object_name(_snake_name(type(self).__name__))
        self.dtype = _tf.as_dtype(dtype or K.floatx()).name
        self._state_vars: list = []

    # -- a user's subclass in TF's style: variables, update_state and result ----------------
    @property
    def stateful(self) -> bool:
        """Whether the metric keeps its own state (a subclass with `update_state`) rather
        than graphgate's summed statistics."""
        own = type(self).update_state
        return own is not Metric.update_state and own is not _summed_update_state

    @property
    def variables(self) -> list:
        return list(self.__dict__.get("_state_vars", []))

    def _state(self) -> list:
        """The variables a built-in metric sums its statistics into outside fit, made on
        first use ("total" and "count" as Keras names a mean's)."""
        if not self.__dict__.get("_state_vars"):
            names = ("total", "count") if self.n_stats == 2 else None
            for i in range(self.n_stats):
                self.add_weight(names[i] if names else f"stat_{i}", dtype=_tf.float32)
        return self._state_vars

    def add_weight(self, name, shape=(), dtype=None, initializer="zeros", **kwargs) -> Any:
        """A state variable of the metric (not trainable), as TF's `Metric.add_weight`."""
        from . import initializers

        init = initializers.get(initializer)
        graph = _tf.get_default_graph()
        with graph.name_scope(None), graph.name_scope(self.name):
            var = _tf.Variable(
                init(tuple(shape), dtype=_tf.as_dtype(dtype or self.dtype)),
                trainable=False,
                name=name,
                use_resource=True,
            )
        self.__dict__.setdefault("_state_vars", []).append(var)
        return var

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        raise NotImplementedError

    def reset_states(self) -> None:
        """Zero the state variables (TF's default)."""
        variables = self.__dict__.get("_state_vars", [])
        if variables:
            K.batch_set_value([(v, np.zeros(v.static_shape)) for v in variables])

    def running_value(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Tensor:
        """`result()` after `update_state` for the batch; every assignment update_state
        makes runs, returned or not (TF runs it as a function)."""
        graph = _tf.get_default_graph()
        before = len(graph.get_operations())
        returned = self.update_state(y_true, y_pred, sample_weight=sample_weight)
        made = graph.get_operations()[before:]
        updates = [op for op in made if op.type.startswith("Assign")]
        if returned is not None and not isinstance(returned, (list, tuple)):
            updates.append(returned)
        with _tf.control_dependencies(updates):
            return _tf.identity(_tf.cast(self.result(), _tf.float32))

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        return cls(**config)

    def stats(self, y_true: Any, y_pred: Any) -> list:
        raise NotImplementedError

    def result(self, sums: Any = None) -> Any:
        """fit's value from the epoch's sums; called with none (outside fit, after
        `update_state`), the ratio of the state variables as a tensor (0 when undefined)."""
        if sums is None:
            total, count = self._state()
            return _tf.div_no_nan(total.read_value(), count.read_value())
        return float(sums[0] / sums[1]) if sums[1] else 0.0


def _summed_update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
    """A built-in metric used outside fit (TF's `update_state`): the batch's statistics,
    fit's own, added to its state variables; an op, as tf_keras' in graph mode."""
    if sample_weight is None:
        stats = self.stats(y_true, y_pred)
    elif isinstance(self, MeanMetricWrapper):
        stats = self.weighted_stats(y_true, y_pred, sample_weight)
    else:
        from ..errors import error

        raise error("UNIMPLEMENTED", f"{type(self).__name__}.update_state with sample_weight")
    adds = [v.assign_add(_tf.cast(x, v.dtype)) for v, x in zip(self._state(), stats, strict=True)]
    return _tf.group(*adds)


def _snake_name(name: str) -> str:
    from .engine import _snake

    return _snake(name)


class MeanMetricWrapper(Metric):
    """The mean of a per-sample function over the epoch's samples."""

    def __init__(self, fn: Callable, name: str | None = None, dtype: Any = None, **kwargs: Any):
        super().__init__(name or fn.__name__, dtype)
        self._fn, self._kwargs = fn, kwargs

    def get_config(self) -> dict:
        return {**super().get_config(), **self._kwargs}

    update_state = _summed_update_state

    def stats(self, y_true: Any, y_pred: Any) -> list:
        values = _tf.cast(self._fn(y_true, y_pred, **self._kwargs), _tf.float32)
        return [_tf.reduce_sum(values), _tf.cast(_tf.size(values), _tf.float32)]

    def weighted_stats(self, y_true: Any, y_pred: Any, weights: Any) -> list:
        """The statistics of the per-sample-weighted mean (`weighted_metrics`): the
        weights broadcast over each sample's values, as Keras' Mean weights them."""
        values = _tf.cast(self._fn(y_true, y_pred, **self._kwargs), _tf.float32)
        w = _tf.cast(weights, _tf.float32)
        for _ in range(len(values.static_shape) - len(w.static_shape)):
            w = _tf.expand_dims(w, -1)
        w = w * _tf.ones_like(values)
        return [_tf.reduce_sum(values * w), _tf.reduce_sum(w)]


def _mean_metric(fn: Callable, default: str, **fixed: Any) -> type:
    def init(self, name: str | None = None, dtype: Any = None, **kwargs: Any):
        MeanMetricWrapper.__init__(self, fn, name or default, dtype, **{**fixed, **kwargs})

    return type(
        "".join(p.title() for p in default.split("_")),
        (MeanMetricWrapper,),
        {"__init__": init, "__doc__": f"`{default}` averaged over the epoch's samples."},
    )


def _equal(y_true: Any, y_pred: Any) -> Any:
    y_pred = _tf.convert_to_tensor(y_pred)
    return _tf.cast(_tf.equal(_tf.cast(y_true, y_pred.dtype), y_pred), K.floatx())


Accuracy = _mean_metric(_equal, "accuracy")
BinaryAccuracy = _mean_metric(binary_accuracy, "binary_accuracy", threshold=0.5)
CategoricalAccuracy = _mean_metric(categorical_accuracy, "categorical_accuracy")
SparseCategoricalAccuracy = _mean_metric(sparse_categorical_accuracy, "sparse_categorical_accuracy")
TopKCategoricalAccuracy = _mean_metric(
    top_k_categorical_accuracy, "top_k_categorical_accuracy", k=5
)
MeanSquaredError = _mean_metric(mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _mean_metric(mean_absolute_error, "mean_absolute_error")
BinaryCrossentropy = _mean_metric(binary_crossentropy, "binary_crossentropy")
CategoricalCrossentropy = _mean_metric(categorical_crossentropy, "categorical_crossentropy")
SparseCategoricalCrossentropy = _mean_metric(
    sparse_categorical_crossentropy, "sparse_categorical_crossentropy"
)
SparseTopKCategoricalAccuracy = _mean_metric(
    sparse_top_k_categorical_accuracy, "sparse_top_k_categorical_accuracy", k=5
)
CosineSimilarity = _mean_metric(cosine_similarity, "cosine_similarity", axis=-1)
MeanAbsolutePercentageError = _mean_metric(
    mean_absolute_percentage_error, "mean_absolute_percentage_error"
)
MeanSquaredLogarithmicError = _mean_metric(
    mean_squared_logarithmic_error, "mean_squared_logarithmic_error"
)
Hinge = _mean_metric(hinge, "hinge")
SquaredHinge = _mean_metric(squared_hinge, "squared_hinge")
CategoricalHinge = _mean_metric(categorical_hinge, "categorical_hinge")
KLDivergence = _mean_metric(kullback_leibler_divergence, "kullback_leibler_divergence")
Poisson = _mean_metric(poisson, "poisson")
LogCoshError = _mean_metric(logcosh, "logcosh")


def _squared_difference(y_true: Any, y_pred: Any) -> Any:
    y_pred = _tf.convert_to_tensor(y_pred)
    return _tf.squared_difference(y_pred, _tf.cast(y_true, y_pred.dtype))


class RootMeanSquaredError(MeanMetricWrapper):
    """The root of the mean squared error over every element of the epoch's batches
    (Keras' counts elements, not samples)."""

    def __init__(self, name: str | None = None, dtype: Any = None):
        super().__init__(_squared_difference, name or "root_mean_squared_error", dtype)

    def result(self, sums: Any = None) -> Any:
        mean = super().result(sums)
        return _tf.sqrt(mean) if sums is None else math.sqrt(mean)


class _Confusion(Metric):
    """Precision and recall at a threshold over the epoch's counts (0 when undefined)."""

    def __init__(
        self,
        thresholds: Any = None,
        top_k: Any = None,
        class_id: Any = None,
        name: str | None = None,
        dtype: Any = None,
    ):
        from ..errors import error

        if top_k is not None or class_id is not None or isinstance(thresholds, (list, tuple)):
            raise error(
                "UNIMPLEMENTED", f"{type(self).__name__} with top_k, class_id or several thresholds"
            )
        super().__init__(name, dtype)
        self.threshold = 0.5 if thresholds is None else float(thresholds)
        self._thresholds = thresholds

    def get_config(self) -> dict:
        config = {"thresholds": self._thresholds, "top_k": None, "class_id": None}
        return {**super().get_config(), **config}

    def _counts(self, y_true: Any, y_pred: Any) -> tuple:
        predicted = _tf.greater(_tf.cast(y_pred, _tf.float32), self.threshold)
        actual = _tf.cast(y_true, _tf.bool)

        def count(a, b):
            return _tf.reduce_sum(_tf.cast(_tf.logical_and(a, b), _tf.float32))

        return (
            count(actual, predicted),
            count(_tf.logical_not(actual), predicted),
            count(actual, _tf.logical_not(predicted)),
        )


_Confusion.update_state = _summed_update_state


class Mean(Metric):
    """`tf.keras.metrics.Mean`: the (weighted) mean of every value `update_state` is given,
    kept in its `total` and `count` variables."""

    def __init__(self, name: str = "mean", dtype: Any = None):
        super().__init__(name, dtype)

    def update_state(self, values: Any, sample_weight: Any = None) -> Any:
        values = _tf.cast(values, _tf.float32)
        w = _tf.ones_like(values)
        if sample_weight is not None:  # broadcast over each sample's values, as Keras'
            given = _tf.cast(sample_weight, _tf.float32)
            for _ in range(len(values.static_shape) - len(given.static_shape)):
                given = _tf.expand_dims(given, -1)
            w = given * w
        total, count = self._state()
        return _tf.group(
            total.assign_add(_tf.reduce_sum(values * w)), count.assign_add(_tf.reduce_sum(w))
        )

    def result(self) -> Any:
        total, count = self._state()
        return _tf.div_no_nan(total.read_value(), count.read_value())


class Precision(_Confusion):
    def stats(self, y_true: Any, y_pred: Any) -> list:
        tp, fp, _ = self._counts(y_true, y_pred)
        return [tp, tp + fp]


class Recall(_Confusion):
    def stats(self, y_true: Any, y_pred: Any) -> list:
        tp, _, fn = self._counts(y_true, y_pred)
        return [tp, tp + fn]


class AUC(Metric):
    """The area under the ROC or precision-recall curve, from true/false positive and
    negative counts at `num_thresholds` thresholds over the epoch, as TF 1.15's Keras AUC:
    a Riemann sum ('interpolation', 'minoring', 'majoring'), the PR curve's interpolation
    Davis and Goadrich's."""

    def __init__(
        self,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        name: str | None = None,
        dtype: Any = None,
        thresholds: Any = None,
        multi_label: bool = False,
        num_labels: Any = None,
        label_weights: Any = None,
        from_logits: bool = False,
    ):
        from ..errors import error

        if multi_label or label_weights is not None or from_logits:
            raise error("UNIMPLEMENTED", "AUC with multi_label, label_weights or from_logits")
        if curve.upper() not in ("ROC", "PR"):
            raise error("INVALID_ATTR", f'Invalid curve: "{curve}". Valid options are: "ROC", "PR"')
        if summation_method.lower() not in ("interpolation", "minoring", "majoring"):
            raise error(
                "INVALID_ATTR",
                f'Invalid summation method: "{summation_method}". Valid options are: '
                '"interpolation", "majoring", "minoring"',
            )
        if thresholds is None:
            if num_thresholds <= 1:
                raise error("INVALID_ATTR", "`num_thresholds` must be > 1.")
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        else:
            inner = list(thresholds)
        super().__init__(name, dtype)
        self.curve, self.summation = curve.upper(), summation_method.lower()
        self.num_thresholds = len(inner) + 2
        self.thresholds = [0.0 - K.epsilon(), *inner, 1.0 + K.epsilon()]
        self.n_stats = 4 * len(self.thresholds)

    def get_config(self) -> dict:
        config = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation,
            "multi_label": False,
            "num_labels": None,
            "label_weights": None,
            "from_logits": False,
        }
        return {**super().get_config(), **config}

    def stats(self, y_true: Any, y_pred: Any) -> list:
        """Per threshold, the counts of true positives, false positives, true negatives and
        false negatives (a prediction is positive above the threshold)."""
        pred = _tf.reshape(_tf.cast(y_pred, _tf.float32), [1, -1])
        actual = _tf.reshape(_tf.cast(y_true, _tf.bool), [1, -1])
        edges = _tf.constant(np.asarray(self.thresholds, np.float32).reshape(-1, 1))
        positive = _tf.greater(pred, edges)  # [thresholds, samples]

        def count(a, b):
            return _tf.reduce_sum(_tf.cast(_tf.logical_and(a, b), _tf.float32), axis=1)

        counts = _tf.concat(
            [
                count(actual, positive),
                count(_tf.logical_not(actual), positive),
                count(_tf.logical_not(actual), _tf.logical_not(positive)),
                count(actual, _tf.logical_not(positive)),
            ],
            0,
        )
        return _tf.unstack(counts, num=self.n_stats)

    def result(self, sums: Any) -> float:
        tp, fp, tn, fn = np.asarray(sums, np.float64).reshape(4, -1)
        if self.curve == "PR" and self.summation == "interpolation":
            return _pr_auc(tp, fp, fn)
        recall = _div_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _div_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, _div_no_nan(tp, tp + fp)
        if self.summation == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return float(np.sum((x[:-1] - x[1:]) * heights))


def _div_no_nan(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.divide(a, b, out=np.zeros_like(a), where=b != 0)


def _pr_auc(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> float:
    """Keras' `interpolate_pr_auc`: precision interpolated between thresholds as Davis and
    Goadrich do (linearly in true positives against predicted positives)."""
    dtp = tp[:-1] - tp[1:]
    p = tp + fp
    dp = p[:-1] - p[1:]
    slope = _div_no_nan(dtp, np.maximum(dp, 0))
    intercept = tp[1:] - slope * p[1:]
    both = (p[:-1] > 0) & (p[1:] > 0)
    ratio = np.where(both, _div_no_nan(p[:-1], np.maximum(p[1:], 0)), 1.0)
    increment = _div_no_nan(
        slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)
    )
    return float(np.sum(increment))


def serialize(metric: Any) -> Any:
    from .serialization import serialize_keras_object

    return serialize_keras_object(metric)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """A metric from its name or `{"class_name", "config"}` (custom ones by name)."""
    from .serialization import deserialize_keras_object

    objects = {
        **_BY_NAME,
        **{n: v for n, v in globals().items() if isinstance(v, type) and issubclass(v, Metric)},
    }
    return deserialize_keras_object(config, objects, custom_objects, "metric function")
