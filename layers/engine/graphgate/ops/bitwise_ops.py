"""TF1's `tf.bitwise`: and, or, xor, invert and shifts of integer tensors of every width.

Shifts follow TensorFlow's CPU kernels, which define what C leaves undefined: a shift count
below 0 counts as 0 and one of the width or more as width - 1; a left shift works on the
bits (a signed value wraps), a right shift of a signed value is arithmetic. None of these
is differentiable (TF registers no gradient either).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..graph import Tensor, op_inputs
from .registry import (
    InferenceError,
    broadcast_shapes,
    not_differentiable,
    register_op,
    same_dtypes,
)

_BITS = _dt.ALL_INTS


def _check(dtype) -> None:
    if dtype not in _BITS:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"bitwise ops take an integer dtype (int8 to uint64), got {dtype.name}",
            got=dtype.name,
        )


def _infer_binary(shapes, types, attrs):
    dtype = same_dtypes(types)
    _check(dtype)
    return [(broadcast_shapes(shapes[0], shapes[1]), dtype)]


def _infer_unary(shapes, types, attrs):
    _check(types[0])
    return [(shapes[0], types[0])]


def _clamped(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    bits = np.dtype(x.dtype).itemsize * 8
    return np.clip(y, 0, bits - 1)


def _left_shift(x, y):
    x, y = np.asarray(x), np.asarray(y)
    unsigned = np.dtype(f"u{x.dtype.itemsize}")
    shifted = np.left_shift(x.astype(unsigned), _clamped(x, y).astype(unsigned))
    return shifted.astype(x.dtype)


def _right_shift(x, y):
    x, y = np.asarray(x), np.asarray(y)
    return np.right_shift(x, _clamped(x, y).astype(x.dtype))


_KERNELS = {
    "BitwiseAnd": np.bitwise_and,
    "BitwiseOr": np.bitwise_or,
    "BitwiseXor": np.bitwise_xor,
    "LeftShift": _left_shift,
    "RightShift": _right_shift,
}


def _register_binary(type_: str, kernel) -> None:
    def factory(op):
        dtype = op.outputs[0].dtype.as_numpy_dtype
        return lambda x, y: np.asarray(kernel(x, y), dtype=dtype)

    register_op(type_, arity=2, infer=_infer_binary, unknown_rank_ok=True)(factory)


for _type, _kernel in _KERNELS.items():
    _register_binary(_type, _kernel)
register_op("Invert", arity=1, infer=_infer_unary, unknown_rank_ok=True)(lambda op: np.invert)
not_differentiable(*_KERNELS, "Invert")


def _op(type_: str, inputs: tuple, name: str | None, arg_names=("x", "y")) -> Tensor:
    graph, ts, name = op_inputs(inputs, name, type_, arg_names)
    return graph.create_op(type_, ts, None, name).outputs[0]


def bitwise_and(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x & y elementwise, with broadcasting."""
    return _op("BitwiseAnd", (x, y), name)


def bitwise_or(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x | y elementwise, with broadcasting."""
    return _op("BitwiseOr", (x, y), name)


def bitwise_xor(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x ^ y elementwise, with broadcasting."""
    return _op("BitwiseXor", (x, y), name)


def left_shift(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x << y, the count clamped to [0, width - 1] as TensorFlow's kernel."""
    return _op("LeftShift", (x, y), name)


def right_shift(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x >> y (arithmetic for signed x), the count clamped to [0, width - 1]."""
    return _op("RightShift", (x, y), name)


def invert(x: Any, name: str | None = None) -> Tensor:
    """~x: every bit flipped."""
    return _op("Invert", (x,), name, ("x",))


__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift"]
