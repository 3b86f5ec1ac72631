"""`tf.keras.regularizers`: Keras' penalties, l1 * sum(|w|) + l2 * sum(w²) (no 1/2, unlike
`tf.contrib.layers.l2_regularizer`)."""

from __future__ import annotations

from typing import Any

import graphgate as _tf


class Regularizer:
    def __call__(self, x: Any) -> Any:
        return 0.0


class L1L2(Regularizer):
    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x: Any) -> Any:
        total = _tf.constant(0.0, x.dtype)
        if self.l1:
            total = total + _tf.reduce_sum(self.l1 * _tf.abs(x))
        if self.l2:
            total = total + _tf.reduce_sum(self.l2 * _tf.square(x))
        return total

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


def l1(l: float = 0.01) -> L1L2:  # noqa: E741 - Keras' argument name
    return L1L2(l1=l)


def l2(l: float = 0.01) -> L1L2:  # noqa: E741
    return L1L2(l2=l)


def l1_l2(l1: float = 0.01, l2: float = 0.01) -> L1L2:
    return L1L2(l1=l1, l2=l2)


def get(identifier: Any) -> Any:
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in ("l1", "l2", "l1_l2"):
        return {"l1": L1L2(l1=0.01), "l2": L1L2(l2=0.01), "l1_l2": L1L2(0.01, 0.01)}[identifier]
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")
