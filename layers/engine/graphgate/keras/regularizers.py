"""`tf.keras.regularizers`: Keras' penalties, l1 * sum(|w|) + l2 * sum(w²) (no 1/2, unlike
`tf.contrib.layers.l2_regularizer`). Factors are kept as float32, as Keras keeps them, so
configs carry TF's values (`l2(0.01)` is written 0.009999999776482582)."""

from __future__ import annotations

from typing import Any

import graphgate as _tf

from . import serialization


class Regularizer:
    def __call__(self, x: Any) -> Any:
        return 0.0

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Regularizer:
        return cls(**config)


class L1L2(Regularizer):
    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1, self.l2 = serialization.float32(l1), serialization.float32(l2)

    def __call__(self, x: Any) -> Any:
        total = _tf.constant(0.0, x.dtype)
        if self.l1:
            total = total + _tf.reduce_sum(self.l1 * _tf.abs(x))
        if self.l2:
            total = total + _tf.reduce_sum(self.l2 * _tf.square(x))
        return total

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    def __init__(self, l1: float = 0.01, **kwargs: Any):
        super().__init__(l1=kwargs.pop("l", l1))

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(L1L2):
    def __init__(self, l2: float = 0.01, **kwargs: Any):
        super().__init__(l2=kwargs.pop("l", l2))

    def get_config(self) -> dict:
        return {"l2": self.l2}


def l1(l: float = 0.01) -> L1:  # noqa: E741 - Keras' argument name
    return L1(l)


def l2(l: float = 0.01) -> L2:  # noqa: E741
    return L2(l)


def l1_l2(l1: float = 0.01, l2: float = 0.01) -> L1L2:
    return L1L2(l1=l1, l2=l2)


_BY_NAME: dict[str, Any] = {"L1L2": L1L2, "L1": L1, "L2": L2, "l1": L1, "l2": L2, "l1_l2": l1_l2}


def serialize(regularizer: Any) -> Any:
    return serialization.serialize_keras_object(regularizer)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    return serialization.deserialize_keras_object(config, _BY_NAME, custom_objects, "regularizer")


def get(identifier: Any) -> Any:
    if identifier is None or (callable(identifier) and not isinstance(identifier, type)):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(identifier)()
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")
