"""`tf.keras.initializers` of TF 1.x: the engine's initializers (`gg.train.initializers`,
the single owner of their kernels) under Keras' class names, defaults and configs, so a
layer's `kernel_initializer` serializes as TF's Keras writes it
(`{"class_name": "GlorotUniform", "config": {"seed": null, "dtype": "float32"}}`)."""

from __future__ import annotations

from typing import Any

from .. import dtypes as _dt
from ..train import initializers as _init
from . import serialization

Initializer = _init.Initializer


def _dtype_name(dtype: Any) -> str:
    return _dt.as_dtype(dtype).name


class Zeros(_init.zeros_initializer):
    def get_config(self) -> dict:
        return {"dtype": _dtype_name(self.dtype)}


class Ones(_init.ones_initializer):
    def get_config(self) -> dict:
        return {"dtype": _dtype_name(self.dtype)}


class Constant(_init.constant_initializer):
    def get_config(self) -> dict:
        return {"value": serialization.plain(self.value), "dtype": _dtype_name(self.dtype)}


class Orthogonal(_init.orthogonal_initializer):
    def get_config(self) -> dict:
        return {"gain": self.gain, "seed": self.seed, "dtype": _dtype_name(self.dtype)}


class Identity(_init.identity_initializer):
    def get_config(self) -> dict:
        return {"gain": self.gain, "dtype": _dtype_name(self.dtype)}


class VarianceScaling(_init.variance_scaling_initializer):
    def get_config(self) -> dict:
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "seed": self.seed,
            "dtype": _dtype_name(self.dtype),
        }


class GlorotUniform(_init.glorot_uniform_initializer):
    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": _dtype_name(self.dtype)}


class GlorotNormal(_init.glorot_normal_initializer):
    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": _dtype_name(self.dtype)}


class _Scaled(_init.variance_scaling_initializer):
    """He and LeCun: VarianceScaling with fixed settings; their config is the seed."""

    settings: tuple = ()

    def __init__(self, seed: int | None = None):
        super().__init__(*self.settings, seed=seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class HeNormal(_Scaled):
    settings = (2.0, "fan_in", "truncated_normal")


class HeUniform(_Scaled):
    settings = (2.0, "fan_in", "uniform")


class LecunNormal(_Scaled):
    settings = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_Scaled):
    settings = (1.0, "fan_in", "uniform")


class RandomUniform(_init.random_uniform_initializer):
    """Keras' default range is ±0.05 (TF's is [0, 1))."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed=None, dtype="float32"):
        super().__init__(minval, maxval, seed, dtype)

    def get_config(self) -> dict:
        return {
            "minval": self.minval,
            "maxval": self.maxval,
            "seed": self.seed,
            "dtype": _dtype_name(self.dtype),
        }


class RandomNormal(_init.random_normal_initializer):
    """Keras' default stddev is 0.05 (TF's is 1)."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None, dtype="float32"):
        super().__init__(mean, stddev, seed, dtype)

    def get_config(self) -> dict:
        return {
            "mean": self.mean,
            "stddev": self.stddev,
            "seed": self.seed,
            "dtype": _dtype_name(self.dtype),
        }


class TruncatedNormal(_init.truncated_normal_initializer):
    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None, dtype="float32"):
        super().__init__(mean, stddev, seed, dtype)

    get_config = RandomNormal.get_config


zeros, ones, constant, orthogonal, identity = Zeros, Ones, Constant, Orthogonal, Identity
variance_scaling, glorot_uniform, glorot_normal = VarianceScaling, GlorotUniform, GlorotNormal
he_normal, he_uniform, lecun_normal, lecun_uniform = HeNormal, HeUniform, LecunNormal, LecunUniform
random_uniform, random_normal, truncated_normal = RandomUniform, RandomNormal, TruncatedNormal
uniform, normal = RandomUniform, RandomNormal

_CLASSES = (
    Zeros, Ones, Constant, Orthogonal, Identity, VarianceScaling, GlorotUniform, GlorotNormal,
    HeNormal, HeUniform, LecunNormal, LecunUniform, RandomUniform, RandomNormal, TruncatedNormal,
)  # fmt: skip
_BY_NAME: dict[str, Any] = {
    **{cls.__name__: cls for cls in _CLASSES},
    "zeros": Zeros,
    "ones": Ones,
    "constant": Constant,
    "orthogonal": Orthogonal,
    "identity": Identity,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_normal": HeNormal,
    "he_uniform": HeUniform,
    "lecun_normal": LecunNormal,
    "lecun_uniform": LecunUniform,
    "random_uniform": RandomUniform,
    "random_normal": RandomNormal,
    "truncated_normal": TruncatedNormal,
    "uniform": RandomUniform,
    "normal": RandomNormal,
    "variance_scaling": VarianceScaling,
}


# TF 1.x's tf.*_initializer classes are Keras' (init_ops), so a layer given
# `tf.truncated_normal_initializer(stddev=0.1)` serializes as Keras' TruncatedNormal.
_KERAS_CLASS = {cls.__mro__[1]: cls for cls in _CLASSES if cls.__mro__[1] is not _Scaled}


def serialize(initializer: Any) -> Any:
    keras_class = _KERAS_CLASS.get(type(initializer))
    if keras_class is not None:
        return {"class_name": keras_class.__name__, "config": keras_class.get_config(initializer)}
    return serialization.serialize_keras_object(initializer)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    return serialization.deserialize_keras_object(config, _BY_NAME, custom_objects, "initializer")


def get(identifier: Any) -> Any:
    """An initializer from its Keras name ("glorot_uniform", "zeros", ...), a
    {"class_name", "config"} dict, or a callable as it is."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(identifier)()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")
