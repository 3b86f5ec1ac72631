"""`tf.keras.initializers` of TF 1.x: the engine's initializers (`gg.train.initializers`,
the single owner of their kernels) under Keras' names and defaults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..train import initializers as _init

Initializer = _init.Initializer
Zeros = zeros = _init.zeros_initializer
Ones = ones = _init.ones_initializer
Constant = constant = _init.constant_initializer
Orthogonal = orthogonal = _init.orthogonal_initializer
Identity = identity = _init.identity_initializer
VarianceScaling = variance_scaling = _init.variance_scaling_initializer
GlorotUniform = glorot_uniform = _init.glorot_uniform_initializer
GlorotNormal = glorot_normal = _init.glorot_normal_initializer
he_normal = _init.he_normal
he_uniform = _init.he_uniform
lecun_normal = _init.lecun_normal
lecun_uniform = _init.lecun_uniform


class RandomUniform(_init.random_uniform_initializer):
    """Keras' default range is ±0.05 (TF's is [0, 1))."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed=None, dtype="float32"):
        super().__init__(minval, maxval, seed, dtype)


class RandomNormal(_init.random_normal_initializer):
    """Keras' default stddev is 0.05 (TF's is 1)."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None, dtype="float32"):
        super().__init__(mean, stddev, seed, dtype)


class TruncatedNormal(_init.truncated_normal_initializer):
    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None, dtype="float32"):
        super().__init__(mean, stddev, seed, dtype)


random_uniform, random_normal, truncated_normal = RandomUniform, RandomNormal, TruncatedNormal
uniform, normal = RandomUniform, RandomNormal

_BY_NAME: dict[str, Callable] = {
    "zeros": Zeros,
    "ones": Ones,
    "constant": Constant,
    "orthogonal": Orthogonal,
    "identity": Identity,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "lecun_normal": lecun_normal,
    "lecun_uniform": lecun_uniform,
    "random_uniform": RandomUniform,
    "random_normal": RandomNormal,
    "truncated_normal": TruncatedNormal,
    "uniform": RandomUniform,
    "normal": RandomNormal,
    "variance_scaling": VarianceScaling,
}


def get(identifier: Any) -> Any:
    """An initializer from its Keras name ("glorot_uniform", "zeros", ...), a
    {"class_name", "config"} dict, or a callable as it is."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        name = identifier["class_name"]
        key = name if name in _BY_NAME else _snake_name(name)
        return _lookup(key)(**identifier.get("config", {}))
    if isinstance(identifier, str):
        return _lookup(identifier)()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")


def _lookup(name: str) -> Callable:
    if name not in _BY_NAME:
        raise ValueError(f"Unknown initializer: {name}")
    return _BY_NAME[name]


def _snake_name(name: str) -> str:
    from .engine import _snake

    return _snake(name)
