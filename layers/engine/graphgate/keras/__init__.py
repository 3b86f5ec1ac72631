"""`gg.keras`: TensorFlow 1.x's `tf.keras` in graph mode (Keras 2 over graphgate's ops):
layers used as functions on graph tensors, `backend`, `Sequential` and the functional
`Model` with compile/fit/evaluate/predict, callbacks, and the small modules Keras programs
import (activations, initializers, regularizers, constraints, losses, metrics,
optimizers, utils). What is not here is listed in docs/engine.md."""

from __future__ import annotations

import importlib
from typing import Any

from . import activations, backend, constraints, initializers, layers, regularizers
from .engine import Input

_SUBMODULES = (
    "models",
    "losses",
    "metrics",
    "optimizers",
    "callbacks",
    "utils",
    "datasets",
    "preprocessing",
    "experimental",
    "applications",
)
_FROM_MODELS = ("Model", "Sequential")

__all__ = [
    "Input",
    "activations",
    "backend",
    "constraints",
    "initializers",
    "layers",
    "regularizers",
    *_SUBMODULES,
    *_FROM_MODELS,
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _FROM_MODELS:
        return getattr(importlib.import_module(f"{__name__}.models"), name)
    raise AttributeError(f"module 'graphgate.keras' has no attribute {name!r}")
