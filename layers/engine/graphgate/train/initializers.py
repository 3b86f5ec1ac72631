"""Weight initializers, called with a shape and a dtype as in TensorFlow 1.x."""

from __future__ import annotations

import math
from typing import Any

from .. import dtypes as _dt
from ..graph import Tensor
from ..ops.array_ops import ones, zeros
from ..ops.random_ops import random_normal, random_uniform
from ..ops.state_ops import Variable


class Initializer:
    """`init(shape, dtype=float32) -> Tensor` (a graph node, evaluated by the initializer)."""

    def __call__(self, shape: Any, dtype: Any = _dt.float32) -> Tensor:
        raise NotImplementedError


class zeros_initializer(Initializer):
    def __call__(self, shape, dtype=_dt.float32):
        return zeros(shape, dtype)


class ones_initializer(Initializer):
    def __call__(self, shape, dtype=_dt.float32):
        return ones(shape, dtype)


class random_normal_initializer(Initializer):
    def __init__(self, mean: float = 0.0, stddev: float = 1.0, seed: int | None = None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=_dt.float32):
        return random_normal(shape, self.mean, self.stddev, dtype, self.seed)


class random_uniform_initializer(Initializer):
    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=_dt.float32):
        return random_uniform(shape, self.minval, self.maxval, dtype, self.seed)


def _fans(shape: Any) -> tuple[float, float]:
    shape = list(shape)
    if not shape:
        return 1.0, 1.0
    if len(shape) == 1:
        return float(shape[0]), float(shape[0])
    receptive = math.prod(shape[:-2])
    return float(shape[-2] * receptive), float(shape[-1] * receptive)


class glorot_uniform_initializer(Initializer):
    """Uniform in ±sqrt(6 / (fan_in + fan_out)) (Xavier)."""

    def __init__(self, seed: int | None = None):
        self.seed = seed

    def __call__(self, shape, dtype=_dt.float32):
        fan_in, fan_out = _fans(shape)
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        return random_uniform(shape, -limit, limit, dtype, self.seed)


class glorot_normal_initializer(Initializer):
    """Normal with stddev sqrt(2 / (fan_in + fan_out)) (not truncated, unlike TF's)."""

    def __init__(self, seed: int | None = None):
        self.seed = seed

    def __call__(self, shape, dtype=_dt.float32):
        fan_in, fan_out = _fans(shape)
        return random_normal(shape, 0.0, math.sqrt(2.0 / (fan_in + fan_out)), dtype, self.seed)


def get_variable(
    name: str,
    shape: Any,
    dtype: Any = _dt.float32,
    initializer: Initializer | None = None,
    trainable: bool = True,
) -> Variable:
    """A new variable initialized by `initializer` (Glorot uniform by default)."""
    init = initializer or glorot_uniform_initializer()
    return Variable(lambda: init(shape, _dt.as_dtype(dtype)), trainable=trainable, name=name)
