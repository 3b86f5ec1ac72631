"""`tf.keras.utils`: the numpy helpers Keras programs call, and Keras' object
serialization with its custom objects."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import error
from .serialization import (
    CustomObjectScope,
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    serialize_keras_object,
)

__all__ = [
    "CustomObjectScope",
    "Sequence",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "normalize",
    "plot_model",
    "serialize_keras_object",
    "to_categorical",
]


def to_categorical(y: Any, num_classes: int | None = None, dtype: str = "float32") -> np.ndarray:
    """Class ids to one-hot rows (a trailing axis of size 1 is dropped first, as Keras')."""
    y = np.array(y, dtype="int")
    shape = y.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    y = y.ravel()
    if num_classes is None:
        num_classes = int(np.max(y)) + 1
    out = np.zeros((y.shape[0], num_classes), dtype=dtype)
    out[np.arange(y.shape[0]), y] = 1
    return out.reshape((*shape, num_classes))


def normalize(x: Any, axis: int = -1, order: int = 2) -> np.ndarray:
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)


class Sequence:
    """Batches by index for `fit_generator` and friends: define `__len__` (batches per
    epoch) and `__getitem__(i)` -> (x, y) or (x, y, sample_weight); `on_epoch_end` is
    called after every epoch."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def on_epoch_end(self) -> None:
        pass

    def __iter__(self) -> Any:
        for i in range(len(self)):
            yield self[i]


def plot_model(*args: Any, **kwargs: Any) -> None:
    raise error(
        "UNIMPLEMENTED", "plot_model needs pydot and graphviz, which graphgate does not include"
    )
