"""`tf.keras.constraints`: projections applied to a weight after each optimizer step."""

from __future__ import annotations

from typing import Any

import graphgate as _tf

from . import backend as K
from . import serialization


class Constraint:
    def __call__(self, w: Any) -> Any:
        return w

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Constraint:
        return cls(**config)


class NonNeg(Constraint):
    def __call__(self, w: Any) -> Any:
        return w * _tf.cast(_tf.greater_equal(w, 0.0), w.dtype)


class MaxNorm(Constraint):
    def __init__(self, max_value: float = 2, axis: int = 0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w: Any) -> Any:
        norms = _tf.sqrt(_tf.reduce_sum(_tf.square(w), self.axis, keepdims=True))
        desired = _tf.clip_by_value(norms, 0.0, self.max_value)
        return w * (desired / (K.epsilon() + norms))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class UnitNorm(Constraint):
    def __init__(self, axis: int = 0):
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        norms = _tf.sqrt(_tf.reduce_sum(_tf.square(w), self.axis, keepdims=True))
        return w / (K.epsilon() + norms)

    def get_config(self) -> dict:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w: Any) -> Any:
        norms = _tf.sqrt(_tf.reduce_sum(_tf.square(w), self.axis, keepdims=True))
        clipped = _tf.clip_by_value(norms, self.min_value, self.max_value)
        desired = self.rate * clipped + (1 - self.rate) * norms
        return w * (desired / (K.epsilon() + norms))

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


non_neg, max_norm, unit_norm, min_max_norm = NonNeg, MaxNorm, UnitNorm, MinMaxNorm
_BY_NAME = {
    "non_neg": NonNeg,
    "max_norm": MaxNorm,
    "unit_norm": UnitNorm,
    "min_max_norm": MinMaxNorm,
    "NonNeg": NonNeg,
    "MaxNorm": MaxNorm,
    "UnitNorm": UnitNorm,
    "MinMaxNorm": MinMaxNorm,
}


def serialize(constraint: Any) -> Any:
    return serialization.serialize_keras_object(constraint)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    return serialization.deserialize_keras_object(config, _BY_NAME, custom_objects, "constraint")


def get(identifier: Any) -> Any:
    if identifier is None or (callable(identifier) and not isinstance(identifier, type)):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(identifier)()
    raise ValueError(f"Could not interpret constraint identifier: {identifier!r}")
