"""`tf.register_tensor_conversion_function`: the user's conversions of their own types to
tensors, which `convert_to_tensor` and every op's arguments try, as TF's
`tensor_conversion_registry` does.

TF keeps one list of conversion functions by priority (lowest first; registration order
within one), its own default conversion (a constant of the value) among them at 200 for
any object (110 for lists and tuples). A function returning NotImplemented passes the
value on; the default either converts the value or raises, so a user function of priority
200 or more is never reached, as in TF.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

# (priority, registration order, base type, function)
_REGISTRY: list[tuple[int, int, tuple[type, ...], Callable]] = []
_ORDER = itertools.count()
# The defaults TF registers when it loads, before any user's: (priority, their types).
_DEFAULTS = ((110, (list, tuple)), (200, (object,)))
_UNCONVERTIBLE = (numbers.Number, np.generic, np.ndarray)


def register_tensor_conversion_function(
    base_type: Any, conversion_func: Callable, priority: int = 100
) -> None:
    """TF's `tf.register_tensor_conversion_function`: `conversion_func(value, dtype=None,
    name=None, as_ref=False)` converts values of `base_type` (a type or a tuple of types)
    to a Tensor, or returns NotImplemented to pass."""
    types = base_type if isinstance(base_type, tuple) else (base_type,)
    if not all(isinstance(t, type) for t in types):
        raise TypeError("Argument `base_type` must be a type or a tuple of types.")
    if any(issubclass(t, _UNCONVERTIBLE) for t in types):
        raise TypeError(
            "Cannot register conversions for Python numeric types and NumPy scalars and arrays."
        )
    if not callable(conversion_func):
        raise TypeError(f"Argument `conversion_func` must be callable. Received {conversion_func}.")
    _REGISTRY.append((priority, next(_ORDER), types, conversion_func))


def any_registered() -> bool:
    return bool(_REGISTRY)


def functions(kind: type) -> list[Callable]:
    """The user's functions that may convert a value of type `kind`, in TF's order: those
    ranked before TF's default for it (`graph.convert_to_tensor` calls them)."""
    if not _REGISTRY:
        return []
    default = next(p for p, types in _DEFAULTS if issubclass(kind, types))
    return [
        fn
        for priority, _, types, fn in sorted(_REGISTRY, key=lambda e: e[:2])
        if priority < default and issubclass(kind, types)
    ]
