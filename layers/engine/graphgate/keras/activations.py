"""`tf.keras.activations`: the activation functions by Keras name, and `get`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphgate as _tf

from . import backend as K
from . import serialization


def linear(x: Any) -> Any:
    return x


def relu(x: Any, alpha: float = 0.0, max_value: Any = None, threshold: float = 0.0) -> Any:
    return K.relu(x, alpha, max_value, threshold)


def elu(x: Any, alpha: float = 1.0) -> Any:
    return K.elu(x, alpha)


def selu(x: Any) -> Any:
    return _tf.nn.selu(x)


def softmax(x: Any, axis: int = -1) -> Any:
    return K.softmax(x, axis)


def softplus(x: Any) -> Any:
    return _tf.nn.softplus(x)


def softsign(x: Any) -> Any:
    return _tf.nn.softsign(x)


def sigmoid(x: Any) -> Any:
    return K.sigmoid(x)


def hard_sigmoid(x: Any) -> Any:
    return K.hard_sigmoid(x)


def tanh(x: Any) -> Any:
    return _tf.tanh(x)


def exponential(x: Any) -> Any:
    return _tf.exp(x)


_BY_NAME = {
    f.__name__: f
    for f in (
        linear,
        relu,
        elu,
        selu,
        softmax,
        softplus,
        softsign,
        sigmoid,
        hard_sigmoid,
        tanh,
        exponential,
    )
}


def get(identifier: Any) -> Callable:
    """The activation named `identifier` ("relu"), a callable as it is, None as linear."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier!r}")


def serialize(activation: Callable) -> str:
    """An activation's name as Keras writes it (`None` and `linear` are "linear")."""
    if activation is None:
        return "linear"
    return getattr(activation, "__name__", str(activation))


def deserialize(name: Any, custom_objects: dict | None = None) -> Callable:
    return serialization.deserialize_keras_object(
        name, _BY_NAME, custom_objects, "activation function"
    )
