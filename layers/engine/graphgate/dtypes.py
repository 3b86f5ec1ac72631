"""Dtypes: numpy dtypes under TensorFlow's names, plus the Open Inference Protocol names.

A graphgate dtype *is* a `numpy.dtype`, so tensors, kernels and feeds need no translation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import error

float16 = np.dtype(np.float16)
float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
int32 = np.dtype(np.int32)
int64 = np.dtype(np.int64)
bool_ = np.dtype(np.bool_)

# Only a few ops' outputs (`report_uninitialized_variables`, summaries) are strings: numpy
# object arrays of bytes, as TF1 returns them. No feed, constant or wire tensor has it.
string = np.dtype(object)

SUPPORTED = (float16, float32, float64, int32, int64, bool_)
FLOATS = frozenset((float16, float32, float64))
INTS = frozenset((int32, int64))
NUMERIC = FLOATS | INTS

# Open Inference Protocol (KServe v2, Triton) datatype names.
TO_OIP = {
    float16: "FP16",
    float32: "FP32",
    float64: "FP64",
    int32: "INT32",
    int64: "INT64",
    bool_: "BOOL",
}
FROM_OIP = {v: k for k, v in TO_OIP.items()}
_BY_NAME = {d.name: d for d in SUPPORTED} | {"bool_": bool_} | FROM_OIP


def as_dtype(value: Any) -> np.dtype:
    """Return the dtype named by `value` (a dtype, a TF name like "float32", or "FP32")."""
    if isinstance(value, np.dtype) and value in TO_OIP:
        return value
    if isinstance(value, str):
        found = _BY_NAME.get(value)
        if found is not None:
            return found
        raise error(
            "UNSUPPORTED_DTYPE",
            f"unknown dtype {value!r}",
            details={"dtype": value, "supported": [d.name for d in SUPPORTED]},
        )
    try:
        dt = np.dtype(value)
    except TypeError:
        dt = None
    if dt is None or dt not in TO_OIP:
        raise error(
            "UNSUPPORTED_DTYPE",
            f"unsupported dtype {value!r}",
            details={"dtype": str(value), "supported": [d.name for d in SUPPORTED]},
        )
    return dt


def is_floating(dtype: np.dtype) -> bool:
    return dtype in FLOATS


_INT_RANGE = {d: (int(np.iinfo(d).min), int(np.iinfo(d).max)) for d in INTS}
_FLOAT_MAX = {d: float(np.finfo(d).max) for d in FLOATS}


def _not_representable(what: str, dtype: np.dtype) -> Exception:
    return error(
        "VALUE_NOT_REPRESENTABLE",
        f"{what} cannot be represented as {dtype.name}",
        details={"dtype": dtype.name},
    )


def convert(value: Any, dtype: np.dtype) -> np.ndarray:
    """Convert `value` to an array of `dtype`, refusing anything lossy beyond float rounding.

    Accepted: the same dtype as is; ints into any numeric dtype if in range; floats into
    floats if they do not overflow; integral finite floats into ints if in range. Refused:
    bools into numbers and numbers into bools, strings, objects, overflow, fractions into ints.
    """
    kind = type(value)
    if kind is float and dtype in FLOATS:
        if value != value or abs(value) <= _FLOAT_MAX[dtype] or abs(value) == float("inf"):
            return np.array(value, dtype)
        raise _not_representable(repr(value), dtype)
    if kind is int and dtype in NUMERIC:
        if dtype in INTS:
            lo, hi = _INT_RANGE[dtype]
            if not lo <= value <= hi:
                raise _not_representable(repr(value), dtype)
        elif abs(value) > _FLOAT_MAX[dtype]:
            raise _not_representable(repr(value), dtype)
        return np.array(value, dtype)
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError, OverflowError) as exc:
            raise error(
                "INVALID_TENSOR",
                f"value is not a rectangular array of numbers: {exc}",
                details={"dtype": dtype.name},
            ) from None
    src = arr.dtype
    if src == dtype:
        return arr
    skind = src.kind
    if skind not in "biuf":
        if skind == "O" and arr.size == 0:
            return np.zeros(arr.shape, dtype)
        raise error(
            "FEED_DTYPE_MISMATCH" if skind in "OUSV" else "UNSUPPORTED_DTYPE",
            f"cannot convert values of type {src} to {dtype.name}",
            details={"expected": dtype.name, "got": str(src)},
        )
    if (skind == "b") != (dtype == bool_):
        raise error(
            "FEED_DTYPE_MISMATCH",
            f"cannot convert {src} values to {dtype.name}",
            details={"expected": dtype.name, "got": src.name},
        )
    if dtype in INTS:
        lo, hi = _INT_RANGE[dtype]
        if (
            skind == "f"
            and arr.size
            and not (np.isfinite(arr).all() and (np.floor(arr) == arr).all())
        ):
            raise _not_representable("a non-integral or non-finite value", dtype)
        if arr.size and (arr.min() < lo or arr.max() > hi):
            raise _not_representable("a value out of range", dtype)
        return arr.astype(dtype)
    with np.errstate(over="ignore"):
        out = arr.astype(dtype)
    if skind == "f" and src.itemsize > dtype.itemsize and arr.size:
        overflow = np.isinf(out) & ~np.isinf(arr)
        if overflow.any():
            raise _not_representable("a value too large", dtype)
    return out


def default_array(value: Any) -> np.ndarray:
    """Convert a Python or numpy value with TensorFlow's defaults: float32, int32, bool.

    numpy arrays and scalars keep their dtype, as `tf.constant` does.
    """
    if isinstance(value, np.ndarray | np.generic):
        arr = np.asarray(value)
        if arr.dtype not in TO_OIP:
            raise error(
                "UNSUPPORTED_DTYPE",
                f"unsupported dtype {arr.dtype}",
                details={"dtype": str(arr.dtype)},
            )
        return arr
    kind = type(value)
    if kind is float:
        return convert(value, float32)
    if kind is int:
        return convert(value, int32 if -(2**31) <= value < 2**31 else int64)
    if kind is bool:
        return np.array(value)
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise error("INVALID_TENSOR", f"value is not a rectangular array: {exc}") from None
    k = arr.dtype.kind
    if k == "f":
        return convert(arr, float32)
    if k in "iu":
        if arr.size == 0 or (arr.min() >= -(2**31) and arr.max() < 2**31):
            return arr.astype(int32)
        return convert(arr, int64)
    if k == "b":
        return arr
    if k == "O" and arr.size == 0:
        return np.zeros(arr.shape, float32)
    raise error(
        "UNSUPPORTED_DTYPE",
        f"cannot make a tensor of {arr.dtype} values",
        details={"dtype": str(arr.dtype)},
    )
