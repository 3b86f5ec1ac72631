"""Weight initializers, called with a shape and a dtype as in TensorFlow 1.x."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor
from ..ops.array_ops import constant as _constant
from ..ops.array_ops import ones as _ones
from ..ops.array_ops import zeros as _zeros
from ..ops.random_ops import random_normal as _random_normal
from ..ops.random_ops import random_uniform as _random_uniform
from ..ops.random_ops import truncated_normal as _truncated_normal
from ..ops.state_ops import Variable


class Initializer:
    """`init(shape, dtype=None) -> Tensor` (a graph node, evaluated by the initializer);
    a dtype given to the call wins over the one given to the constructor."""

    dtype = _dt.float32

    def _dtype(self, dtype: Any) -> np.dtype:
        return _dt.as_dtype(self.dtype if dtype is None else dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        raise NotImplementedError


class zeros_initializer(Initializer):
    def __init__(self, dtype: Any = _dt.float32):
        self.dtype = dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        return _zeros(shape, self._dtype(dtype))


class ones_initializer(Initializer):
    def __init__(self, dtype: Any = _dt.float32):
        self.dtype = dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ones(shape, self._dtype(dtype))


class constant_initializer(Initializer):
    """A scalar broadcast to the shape, or a list of the shape's size (a shorter list is
    completed with its last value, as TensorFlow 1.x does)."""

    def __init__(self, value: Any = 0, dtype: Any = _dt.float32, verify_shape: bool = False):
        self.value, self.dtype, self.verify_shape = value, dtype, verify_shape

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        shape = tuple(int(d) for d in shape)
        value = np.asarray(self.value)
        n = math.prod(shape)
        if self.verify_shape and value.shape != shape:  # the shape itself, as TF's constant
            raise TypeError(f"Expected Tensor's shape: {shape}, but got {value.shape}.")
        if value.size == 1:
            value = np.broadcast_to(value.reshape(()), shape)
        elif value.size != n and (self.verify_shape or value.size > n):
            raise error(
                "SHAPE_MISMATCH",
                f"constant_initializer has {value.size} values for shape {list(shape)}",
            )
        else:
            flat = value.reshape(-1)
            value = np.concatenate([flat, np.full(n - flat.size, flat[-1])]).reshape(shape)
        return _constant(value, dtype)


class random_normal_initializer(Initializer):
    def __init__(
        self,
        mean: float = 0.0,
        stddev: float = 1.0,
        seed: int | None = None,
        dtype: Any = _dt.float32,
    ):
        self.mean, self.stddev, self.seed, self.dtype = mean, stddev, seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        return _random_normal(shape, self.mean, self.stddev, self._dtype(dtype), self.seed)


class truncated_normal_initializer(Initializer):
    """Normal samples redrawn beyond two standard deviations."""

    def __init__(
        self,
        mean: float = 0.0,
        stddev: float = 1.0,
        seed: int | None = None,
        dtype: Any = _dt.float32,
    ):
        self.mean, self.stddev, self.seed, self.dtype = mean, stddev, seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        return _truncated_normal(shape, self.mean, self.stddev, self._dtype(dtype), self.seed)


class random_uniform_initializer(Initializer):
    """Uniform in [minval, maxval); TensorFlow 1.x's defaults are [0, 1)."""

    def __init__(
        self,
        minval: float = 0.0,
        maxval: float | None = None,
        seed: int | None = None,
        dtype: Any = _dt.float32,
    ):
        self.minval, self.maxval, self.seed, self.dtype = minval, maxval, seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        maxval = 1.0 if self.maxval is None else self.maxval
        return _random_uniform(shape, self.minval, maxval, self._dtype(dtype), self.seed)


def _fans(shape: Any) -> tuple[float, float]:
    shape = list(shape)
    if not shape:
        return 1.0, 1.0
    if len(shape) == 1:
        return float(shape[0]), float(shape[0])
    receptive = math.prod(shape[:-2])
    return float(shape[-2] * receptive), float(shape[-1] * receptive)


# stddev of a unit normal truncated to [-2, 2]; TensorFlow divides by it.
_TRUNCATED_STDDEV = 0.87962566103423978
_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("normal", "uniform", "truncated_normal", "untruncated_normal")


class variance_scaling_initializer(Initializer):
    """Samples with variance scale / n, n the fan_in, fan_out or their mean (He, LeCun,
    Glorot are special cases); "normal" means truncated normal, as in TensorFlow 1.x."""

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: int | None = None,
        dtype: Any = _dt.float32,
    ):
        if scale <= 0.0:
            raise error("INVALID_ATTR", f"scale must be positive, got {scale}")
        if mode not in _MODES:
            raise error("INVALID_ATTR", f"mode must be one of {list(_MODES)}, got {mode!r}")
        if distribution.lower() not in _DISTRIBUTIONS:
            raise error(
                "INVALID_ATTR",
                f"distribution must be one of {list(_DISTRIBUTIONS)}, got {distribution!r}",
            )
        self.scale, self.mode, self.distribution = scale, mode, distribution.lower()
        self.seed, self.dtype = seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        # A slice of a partitioned variable scales by the whole variable's fans, as TF's.
        fan_in, fan_out = _fans(shape if partition_info is None else partition_info.full_shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        scale = self.scale / max(1.0, n[self.mode])
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / _TRUNCATED_STDDEV
            return _truncated_normal(shape, 0.0, stddev, dtype, self.seed)
        if self.distribution == "untruncated_normal":
            return _random_normal(shape, 0.0, math.sqrt(scale), dtype, self.seed)
        limit = math.sqrt(3.0 * scale)
        return _random_uniform(shape, -limit, limit, dtype, self.seed)


class glorot_uniform_initializer(variance_scaling_initializer):
    """Uniform in ±sqrt(6 / (fan_in + fan_out)) (Xavier)."""

    def __init__(self, seed: int | None = None, dtype: Any = _dt.float32):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)


class glorot_normal_initializer(variance_scaling_initializer):
    """Truncated normal with stddev sqrt(2 / (fan_in + fan_out)) / 0.8796..., as TF's."""

    def __init__(self, seed: int | None = None, dtype: Any = _dt.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)


def he_normal(seed: int | None = None) -> variance_scaling_initializer:
    """Truncated normal with variance 2 / fan_in (`tf.initializers.he_normal`)."""
    return variance_scaling_initializer(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed: int | None = None) -> variance_scaling_initializer:
    return variance_scaling_initializer(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed: int | None = None) -> variance_scaling_initializer:
    return variance_scaling_initializer(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed: int | None = None) -> variance_scaling_initializer:
    return variance_scaling_initializer(1.0, "fan_in", "uniform", seed)


# `tf.initializers.*` short names (gg.initializers is this module).
zeros = zeros_initializer
ones = ones_initializer
constant = constant_initializer
random_normal = random_normal_initializer
random_uniform = random_uniform_initializer
truncated_normal = truncated_normal_initializer
variance_scaling = variance_scaling_initializer
glorot_uniform = glorot_uniform_initializer
glorot_normal = glorot_normal_initializer


# -- h-tfnn: orthogonal, uniform unit scaling and identity; the initializer ops ----------------


def _int_shape(shape: Any) -> list[int]:
    return [int(d) for d in shape]


class orthogonal_initializer(Initializer):
    """A (semi-)orthogonal matrix, reshaped: TF's construction (the QR of a normal matrix,
    signs fixed by R's diagonal, times `gain`); the normal draws are graphgate's."""

    def __init__(self, gain: float = 1.0, seed: int | None = None, dtype: Any = _dt.float32):
        self.gain, self.seed, self.dtype = gain, seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        from ..ops.array_ops import reshape
        from ..ops.linalg_ops import diag_part, matrix_transpose, qr
        from ..ops.math_ops import sign

        dtype, shape = self._dtype(dtype), _int_shape(shape)
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        rows, cols = math.prod(shape[:-1]), shape[-1]
        flat = (cols, rows) if rows < cols else (rows, cols)
        q, r = qr(_random_normal(list(flat), 0.0, 1.0, dtype, self.seed), full_matrices=False)
        q = q * sign(diag_part(r))
        if rows < cols:
            q = matrix_transpose(q)
        return reshape(q, shape) * dtype.type(self.gain)


class uniform_unit_scaling_initializer(Initializer):
    """Uniform in ±sqrt(3 / input_size) * factor, input_size the product of all but the last
    dimension (TF1's)."""

    def __init__(self, factor: float = 1.0, seed: int | None = None, dtype: Any = _dt.float32):
        self.factor, self.seed, self.dtype = factor, seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        shape = _int_shape(shape)
        input_size = max(float(math.prod(shape[:-1])), 1.0)
        limit = math.sqrt(3 / input_size) * self.factor
        return _random_uniform(shape, -limit, limit, self._dtype(dtype), self.seed)


class identity_initializer(Initializer):
    """`gain` times the identity matrix; 2-D shapes only (ValueError otherwise)."""

    def __init__(self, gain: float = 1.0, dtype: Any = _dt.float32):
        self.gain, self.dtype = gain, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype, shape = self._dtype(dtype), _int_shape(shape)
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        return _constant(np.eye(*shape) * self.gain, dtype)


orthogonal = orthogonal_initializer
identity = identity_initializer
uniform_unit_scaling = uniform_unit_scaling_initializer


def variables(var_list: Any, name: str = "init") -> Any:
    """`tf.initializers.variables`: `variables_initializer`."""
    from ..ops.state_ops import variables_initializer

    return variables_initializer(var_list, name=name)


def tables_initializer(name: str = "init_all_tables") -> Any:
    """`tf.initializers.tables_initializer`: `gg.tables_initializer`."""
    from ..templates import tables_initializer as initializer

    return initializer(name=name)


def global_variables() -> Any:
    """`tf.initializers.global_variables`: `global_variables_initializer()`."""
    from ..ops.state_ops import global_variables_initializer

    return global_variables_initializer()


def local_variables() -> Any:
    """`tf.initializers.local_variables`: `local_variables_initializer()`."""
    from ..ops.state_ops import local_variables_initializer

    return local_variables_initializer()


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
