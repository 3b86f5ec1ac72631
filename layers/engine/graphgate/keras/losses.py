"""`tf.keras.losses`: per-sample losses (the mean over the last axis, as Keras'), their
short aliases, and `get`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import graphgate as _tf

from ..errors import error
from . import backend as K


def _pair(y_true: Any, y_pred: Any) -> tuple:
    y_pred = _tf.convert_to_tensor(y_pred)
    return _tf.cast(y_true, y_pred.dtype), y_pred


def mean_squared_error(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    return K.mean(_tf.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    return K.mean(_tf.abs(y_pred - y_true), axis=-1)


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    diff = _tf.abs((y_true - y_pred) / K.maximum(_tf.abs(y_true), K.epsilon()))
    return 100.0 * K.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    first = _tf.log(K.maximum(y_pred, K.epsilon()) + 1.0)
    second = _tf.log(K.maximum(y_true, K.epsilon()) + 1.0)
    return K.mean(_tf.square(first - second), axis=-1)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:  # Keras': the targets pulled towards 1/2
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return K.mean(K.binary_crossentropy(y_true, y_pred, from_logits), axis=-1)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:  # Keras': the targets pulled towards 1 / classes
        classes = _tf.cast(_tf.shape(y_true)[-1], y_pred.dtype)
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / classes
    return K.categorical_crossentropy(y_true, y_pred, from_logits)


def sparse_categorical_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False) -> Any:
    return K.sparse_categorical_crossentropy(y_true, y_pred, from_logits)


def _signs(y_true: Any) -> Any:
    """Targets that are all 0 or 1 as -1 and 1 (Keras' hinge losses read 0/1 labels so),
    others as they are: a run-time choice, as TF's `smart_cond`."""
    binary = _tf.reduce_all(_tf.logical_or(_tf.equal(y_true, 0.0), _tf.equal(y_true, 1.0)))
    return _tf.cond(binary, lambda: 2.0 * y_true - 1.0, lambda: y_true)


def hinge(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _signs(y_true)
    return K.mean(K.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def squared_hinge(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _signs(y_true)
    return K.mean(_tf.square(K.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def categorical_hinge(y_true: Any, y_pred: Any) -> Any:
    """max(0, 1 + the largest wrong score - the true one), for one-hot targets."""
    y_true, y_pred = _pair(y_true, y_pred)
    pos = _tf.reduce_sum(y_true * y_pred, axis=-1)
    neg = _tf.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return _tf.maximum(neg - pos + 1.0, 0.0)


def kullback_leibler_divergence(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = K.clip(y_true, K.epsilon(), 1)
    y_pred = K.clip(y_pred, K.epsilon(), 1)
    return K.sum(y_true * _tf.log(y_true / y_pred), axis=-1)


def poisson(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    return K.mean(y_pred - y_true * _tf.log(y_pred + K.epsilon()), axis=-1)


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Any:
    """Squared error within `delta`, linear beyond (tf_keras' `huber`)."""
    y_true, y_pred = _pair(y_true, y_pred)
    error = y_pred - y_true
    abs_error = _tf.abs(error)
    delta = _tf.constant(delta, y_pred.dtype)
    quadratic = 0.5 * _tf.square(error)
    linear = delta * abs_error - 0.5 * _tf.square(delta)
    return K.mean(_tf.where(abs_error <= delta, quadratic, linear), axis=-1)


def logcosh(y_true: Any, y_pred: Any) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    x = y_pred - y_true
    return K.mean(x + _tf.nn.softplus(-2.0 * x) - _tf.log(2.0), axis=-1)


def cosine_proximity(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    y_true, y_pred = _pair(y_true, y_pred)
    return -K.sum(K.l2_normalize(y_true, axis) * K.l2_normalize(y_pred, axis), axis=axis)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence
cosine = cosine_proximity

_BY_NAME: dict[str, Callable] = {
    f.__name__: f
    for f in (
        mean_squared_error,
        mean_absolute_error,
        mean_absolute_percentage_error,
        mean_squared_logarithmic_error,
        binary_crossentropy,
        categorical_crossentropy,
        sparse_categorical_crossentropy,
        hinge,
        squared_hinge,
        categorical_hinge,
        kullback_leibler_divergence,
        poisson,
        logcosh,
        cosine_proximity,
    )
}
_BY_NAME.update(
    {
        "mse": mse,
        "mae": mae,
        "mape": mape,
        "msle": msle,
        "kld": kld,
        "MSE": mse,
        "MAE": mae,
        "MAPE": mape,
        "MSLE": msle,
        "KLD": kld,
        "cosine": cosine_proximity,
        # tf_keras' names for these (TF 2's, which TF1 programs meet in the venv)
        "huber": huber,
        "huber_loss": huber,
        "log_cosh": logcosh,
        "kl_divergence": kullback_leibler_divergence,
        "cosine_similarity": cosine_proximity,
    }
)

# The names tf_keras reports for functions graphgate spells as TF 1.x did (metric names
# in History and metrics_names).
KERAS_NAMES = {
    "logcosh": "log_cosh",
    "cosine_proximity": "cosine_similarity",
    "kullback_leibler_divergence": "kl_divergence",
}


class Loss:
    """A loss object: the per-sample loss averaged over the batch (Keras' default
    reduction, `sum_over_batch_size`)."""

    fn: Callable
    fn_name: str | None = None  # where Keras' name for the function is not graphgate's
    # Settings TF's config lists besides reduction and name, at their defaults; those the
    # function takes as arguments may be set, the others only to their defaults.
    _settings: ClassVar[dict[str, Any]] = {}

    def __init__(
        self,
        from_logits: bool = False,
        reduction: str = "auto",
        name: str | None = None,
        **settings: Any,
    ):
        if reduction not in ("auto", "sum_over_batch_size", "sum", "none"):
            raise ValueError(f"Invalid Reduction Key {reduction}.")
        takes = self.fn.__code__.co_varnames[: self.fn.__code__.co_argcount]
        for key, value in settings.items():
            if key not in self._settings:
                raise TypeError(f"Unexpected keyword argument passed to loss: {key}")
            if value != self._settings[key] and key not in takes:
                raise error("UNIMPLEMENTED", f"{type(self).__name__}({key}={value!r})")
        self.from_logits, self.reduction = from_logits, reduction
        self.name = name
        self._values = {**self._settings, **settings}
        self._args = {k: v for k, v in self._values.items() if k in takes and k != "from_logits"}

    def get_config(self) -> dict:
        """TF's config: reduction, name, the function's settings, and its name (`fn`)."""
        default = self.fn_name or self.fn.__name__
        config = {"reduction": self.reduction, "name": self.name or default}
        config.update(self._values)
        if "from_logits" in self._settings:
            config["from_logits"] = self.from_logits
        return {**config, "fn": self.fn_name or self.fn.__name__}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**{k: v for k, v in config.items() if k != "fn"})

    def call(self, y_true: Any, y_pred: Any) -> Any:
        if "from_logits" in self.fn.__code__.co_varnames:
            return self.fn(y_true, y_pred, from_logits=self.from_logits, **self._args)
        return self.fn(y_true, y_pred, **self._args)

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        values = self.call(y_true, y_pred)
        if sample_weight is not None:
            values = values * _tf.cast(sample_weight, values.dtype)
        if self.reduction == "none":
            return values
        if self.reduction == "sum":
            return _tf.reduce_sum(values)
        return _tf.reduce_mean(values)


def _loss_class(fn: Callable, name: str, fn_name: str | None = None, **settings: Any) -> type:
    return type(
        name,
        (Loss,),
        {
            "fn": staticmethod(fn),
            "fn_name": fn_name,
            "_settings": settings,
            "__doc__": f"`{fn.__name__}` as a Loss.",
        },
    )


_CROSS_ENTROPY = {"from_logits": False, "label_smoothing": 0.0, "axis": -1}
MeanSquaredError = _loss_class(mean_squared_error, "MeanSquaredError")
MeanAbsoluteError = _loss_class(mean_absolute_error, "MeanAbsoluteError")
BinaryCrossentropy = _loss_class(binary_crossentropy, "BinaryCrossentropy", **_CROSS_ENTROPY)
CategoricalCrossentropy = _loss_class(
    categorical_crossentropy, "CategoricalCrossentropy", **_CROSS_ENTROPY
)
SparseCategoricalCrossentropy = _loss_class(
    sparse_categorical_crossentropy,
    "SparseCategoricalCrossentropy",
    from_logits=False,
    ignore_class=None,
)
Hinge = _loss_class(hinge, "Hinge")
KLDivergence = _loss_class(kullback_leibler_divergence, "KLDivergence", "kl_divergence")
Huber = _loss_class(huber, "Huber", "huber_loss", delta=1.0)
LogCosh = _loss_class(logcosh, "LogCosh", "log_cosh")
MeanAbsolutePercentageError = _loss_class(
    mean_absolute_percentage_error, "MeanAbsolutePercentageError"
)
MeanSquaredLogarithmicError = _loss_class(
    mean_squared_logarithmic_error, "MeanSquaredLogarithmicError"
)
SquaredHinge = _loss_class(squared_hinge, "SquaredHinge")
CategoricalHinge = _loss_class(categorical_hinge, "CategoricalHinge")
Poisson = _loss_class(poisson, "Poisson")
CosineSimilarity = _loss_class(cosine_proximity, "CosineSimilarity", "cosine_similarity", axis=-1)
_CLASSES = {
    c.__name__: c
    for c in (
        Huber,
        LogCosh,
        MeanAbsolutePercentageError,
        MeanSquaredLogarithmicError,
        SquaredHinge,
        CategoricalHinge,
        Poisson,
        CosineSimilarity,
        MeanSquaredError,
        MeanAbsoluteError,
        BinaryCrossentropy,
        CategoricalCrossentropy,
        SparseCategoricalCrossentropy,
        Hinge,
        KLDivergence,
    )
}


def serialize(loss: Any) -> Any:
    from .serialization import serialize_keras_object

    return serialize_keras_object(loss)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """A loss from its name or `{"class_name", "config"}` (custom ones by name)."""
    from .serialization import deserialize_keras_object

    return deserialize_keras_object(
        config, {**_BY_NAME, **_CLASSES}, custom_objects, "loss function"
    )


def get(identifier: Any) -> Callable:
    """A loss from its name ("mse", "categorical_crossentropy"), or a callable as it is."""
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown loss function: {identifier}")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss function identifier: {identifier!r}")
