"""`tf.keras.metrics`: per-sample metric functions (accuracies, and the losses as metrics),
as `compile(metrics=...)` resolves them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphgate as _tf

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
    cosine_proximity,
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


accuracy = categorical_accuracy

_BY_NAME: dict[str, Callable] = {
    **_LOSSES,
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
