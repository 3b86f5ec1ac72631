"""Dtypes: numpy dtypes under TensorFlow's names, plus the Open Inference Protocol names.

A graphgate dtype *is* a `numpy.dtype`, so tensors, kernels and feeds need no translation.
"""

from __future__ import annotations

import itertools
import math
import numbers
from typing import Any

import numpy as np

from .errors import GraphgateError, error

_TF_ENUM = {"float32": 1, "float64": 2, "int32": 3, "string": 7, "int64": 9, "bool": 10}
_TF_ENUM["float16"] = 19
_TF_ENUM |= {"uint8": 4, "int16": 5, "int8": 6, "uint16": 17, "uint32": 22, "uint64": 23}
_TF_ENUM |= {"complex64": 8, "complex128": 18}


class DType:
    """A dtype as TF1 shows it (`name`, `base_dtype`, `as_numpy_dtype`, `is_floating`...),
    standing for one numpy dtype: numpy accepts it wherever it takes a dtype, it equals and
    hashes as that numpy dtype, and any other attribute is the numpy dtype's.

    Internal API for the engine's other modules (read-only): the slot `dtype`, the numpy
    dtype itself.
    """

    # `dtype` is a slot because numpy converts any object with a `dtype` through it, and a
    # slot is the fastest attribute numpy (and a kernel) can read.
    __slots__ = ("_hash", "_name", "dtype")

    def __init__(self, np_dtype: np.dtype, name: str | None = None):
        self.dtype = np.dtype(np_dtype)
        self._name = name or self.dtype.name
        self._hash = hash(self.dtype)

    @property
    def name(self) -> str:
        return self._name

    @property
    def base_dtype(self) -> DType:
        return self

    @property
    def real_dtype(self) -> DType:
        # complex64's parts are float32, complex128's float64 (TF's `real_dtype`).
        return _REAL_OF.get(self._name, self)

    @property
    def as_numpy_dtype(self) -> type:
        # TF's string is numpy's `object` itself, not `np.object_`.
        return object if self is string else self.dtype.type

    @property
    def as_datatype_enum(self) -> int:
        return _TF_ENUM[self._name]

    @property
    def is_floating(self) -> bool:
        return self.dtype.kind == "f"

    @property
    def is_integer(self) -> bool:
        return self.dtype.kind in "iu"

    @property
    def is_bool(self) -> bool:
        return self.dtype.kind == "b"

    @property
    def is_unsigned(self) -> bool:
        return self.dtype.kind == "u"

    @property
    def is_complex(self) -> bool:
        return self.dtype.kind == "c"

    is_quantized = False

    @property
    def size(self) -> int:
        return 0 if self.dtype.kind == "O" else self.dtype.itemsize

    @property
    def min(self):
        self._check_numeric("minimum")
        return np.finfo(self.dtype).min if self.is_floating else np.iinfo(self.dtype).min

    @property
    def max(self):
        self._check_numeric("maximum")
        return np.finfo(self.dtype).max if self.is_floating else np.iinfo(self.dtype).max

    def _check_numeric(self, what: str) -> None:
        if self.dtype.kind in "Oc":  # TF has no order on complex numbers either
            raise TypeError(f"Cannot find {what} value of {self} with type {self}.")

    def is_compatible_with(self, other: Any) -> bool:
        return self == other

    def __getattr__(self, name: str) -> Any:
        return getattr(self.dtype, name)

    def __eq__(self, other: Any) -> bool:
        if other is self:
            return True
        if isinstance(other, DType):
            # string, variant and resource share numpy's object dtype: their names tell them.
            return self.dtype == other.dtype and (
                self.dtype.kind != "O" or self._name == other._name
            )
        if isinstance(other, np.dtype):
            return self.dtype == other
        if not isinstance(other, str | type):
            return False
        if other in UNREPRESENTED:  # a name as_dtype refuses
            return self is UNREPRESENTED[other]
        try:
            return self.dtype == as_dtype(other).dtype
        except GraphgateError:  # a name of no dtype is simply not equal
            return False

    def __ne__(self, other: Any) -> bool:
        return other is not self and not self == other

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"tf.{self._name}"

    def __str__(self) -> str:
        return f"<dtype: {self._name!r}>"

    def __reduce__(self):
        return (DType, (self.dtype, self._name))


float16 = DType(np.float16)
float32 = DType(np.float32)
float64 = DType(np.float64)
int32 = DType(np.int32)
int64 = DType(np.int64)
bool_ = DType(np.bool_)
# TF's string: numpy object arrays of `bytes`, as TF1's `sess.run` returns them (str is
# encoded as UTF-8 on the way in). Only the ops that list it take it (data movement,
# comparisons for equality, `Add` as concatenation, the string ops); arithmetic refuses it.
string = DType(np.dtype(object), "string")
# The small and unsigned integers (images are uint8). Only the ops that list them take
# them: data movement, Cast, comparisons and the image ops. Arithmetic refuses them at
# build time because its kernels and its dtype rules were written for int32/int64 (numpy
# sums uint8 into uint64, TF keeps uint8): refused, never a near answer.
uint8 = DType(np.uint8)
int8 = DType(np.int8)
int16 = DType(np.int16)
uint16 = DType(np.uint16)
uint32 = DType(np.uint32)
uint64 = DType(np.uint64)
# Complex numbers (spectrograms, FFTs). Only the ops that list them take them: data
# movement, Cast, the complex-part ops, the FFTs and the arithmetic TF defines on them;
# the OIP wire format has no complex datatype, so they never leave the engine as JSON.
complex64 = DType(np.complex64)
complex128 = DType(np.complex128)
_REAL_OF = {"complex64": float32, "complex128": float64}

SMALL_INTS = frozenset((uint8, int8, int16, uint16, uint32, uint64))
SUPPORTED = (
    float16,
    float32,
    float64,
    int32,
    int64,
    bool_,
    uint8,
    int8,
    int16,
    uint16,
    uint32,
    uint64,
    string,
    complex64,
    complex128,
)
FLOATS = frozenset((float16, float32, float64))
COMPLEX = frozenset((complex64, complex128))
# The dtypes gradients flow through (TF's `_IsBackpropagatable`, less bfloat16).
DIFFERENTIABLE = FLOATS | COMPLEX
INTS = frozenset((int32, int64))
NUMERIC = FLOATS | INTS
ALL_INTS = INTS | SMALL_INTS
_PUBLIC = {d: d for d in (*SUPPORTED, string)}

# TF dtypes numpy has no type for: bfloat16 (TPUs' float) and the quantized ones. They are
# named, so programs can compare a dtype with them and keep their TPU branches, and refused
# as a tensor's dtype (`as_dtype`), never computed as another type. Each stands for a numpy
# record type of its size that no array of graphgate's has.
_UNREPRESENTED_ENUM = {"qint8": 11, "quint8": 12, "qint32": 13, "bfloat16": 14}
_UNREPRESENTED_ENUM |= {"qint16": 15, "quint16": 16}
_TF_ENUM |= _UNREPRESENTED_ENUM
bfloat16, qint8, quint8, qint32, qint16, quint16 = (
    DType(np.dtype([(name, f"V{size}")]), name)
    for name, size in (
        ("bfloat16", 2),
        ("qint8", 1),
        ("quint8", 1),
        ("qint32", 4),
        ("qint16", 2),
        ("quint16", 2),
    )
)
UNREPRESENTED = {d.name: d for d in (bfloat16, qint8, quint8, qint32, qint16, quint16)}
QUANTIZED_DTYPES = frozenset((qint8, quint8, qint32, qint16, quint16))

# Open Inference Protocol (KServe v2, Triton) datatype names.
TO_OIP = {
    float16: "FP16",
    float32: "FP32",
    float64: "FP64",
    int32: "INT32",
    int64: "INT64",
    bool_: "BOOL",
    uint8: "UINT8",
    int8: "INT8",
    int16: "INT16",
    uint16: "UINT16",
    uint32: "UINT32",
    uint64: "UINT64",
    string: "BYTES",
}
FROM_OIP = {v: k for k, v in TO_OIP.items()}
# Checkpoints name dtypes as the wire format does, and the complex ones (which the wire
# format lacks) by TF's names: graphgate's checkpoint index and TF's bundles hold them.
STORED_NAMES = TO_OIP | {complex64: "COMPLEX64", complex128: "COMPLEX128"}
FROM_STORED = {v: k for k, v in STORED_NAMES.items()}
# TF1's other spellings: "float" is float32, "double" float64, "half" float16.
_BY_NAME = (
    {d.name: d for d in SUPPORTED}
    | {"bool_": bool_, "float": float32, "double": float64, "half": float16}
    | FROM_OIP
)
# Python's own types name TF1's defaults, not numpy's (`float` is float32 there); numpy's
# text types and `object` name TF's string (Python's `str` and `bytes` do not, as in TF).
_BY_TYPE = {float: float32, int: int32, bool: bool_, object: string}
_BY_TYPE |= {np.object_: string, np.bytes_: string, np.str_: string}
# TF's DataType enum values (`tensor_info.dtype`, `as_datatype_enum`); +100 is the `_ref`
# twin, which graphgate's plain variables answer for.
_BY_ENUM = {n: _BY_NAME[name] for name, n in _TF_ENUM.items() if name in _BY_NAME}
_BY_ENUM |= {n + 100: d for n, d in _BY_ENUM.items()}


def public(dtype: Any) -> DType:
    """The `DType` for a numpy dtype (or a DType) the engine computed."""
    found = _PUBLIC.get(dtype)
    return found if found is not None else DType(dtype)


def as_dtype(type_value: Any) -> DType:
    """Return the dtype named by `type_value` (TF's parameter name): a dtype, a numpy type,
    a TF name ("float32", "float", "double", a `_ref` name) or an OIP name ("FP32")."""
    value = type_value
    name = value.name if isinstance(value, DType) else value if isinstance(value, str) else None
    refused = UNREPRESENTED.get(name)
    if refused is not None:
        raise error(
            "UNSUPPORTED_DTYPE",
            f"graphgate computes with numpy, which has no {refused.name}: tensors of "
            f"{refused!r} cannot be built (TensorFlow uses it on TPUs and in quantized ops)",
            details={"dtype": refused.name, "supported": [d.name for d in SUPPORTED]},
        )
    if isinstance(value, DType):
        found = _PUBLIC.get(value)
        if found is not None:
            return found
    elif isinstance(value, np.dtype):
        if value.kind in "OSU":
            return string
        found = _PUBLIC.get(value)
        if found is not None:
            return found
    if isinstance(value, str):
        found = _BY_NAME.get(value.removesuffix("_ref"))
        if found is not None:
            return found
        raise error(
            "UNSUPPORTED_DTYPE",
            f"Cannot convert {value!r} to a dtype",
            details={"dtype": value, "supported": [d.name for d in SUPPORTED]},
        )
    if isinstance(value, type) and value in _BY_TYPE:
        return _BY_TYPE[value]
    if type(value) is int:
        found = _BY_ENUM.get(value)
        if found is not None:
            return found
        raise error(
            "UNSUPPORTED_DTYPE",
            f"unsupported dtype enum {value}",
            details={"dtype": str(value), "supported": [d.name for d in SUPPORTED]},
        )
    try:
        # Python's `complex` names no TF dtype (numpy reads it as complex128).
        dt = None if value is complex else np.dtype(value)
    except TypeError:
        dt = None
    if dt is None or dt not in _PUBLIC:
        raise error(
            "UNSUPPORTED_DTYPE",
            f"unsupported dtype {value!r}",
            details={"dtype": str(value), "supported": [d.name for d in SUPPORTED]},
        )
    return _PUBLIC[dt]


def is_floating(dtype: np.dtype) -> bool:
    return dtype in FLOATS


# Keyed by numpy dtypes: `convert` runs on every feed, where C-level lookups matter.
_NP_FLOATS = frozenset(d.dtype for d in FLOATS)
_NP_INTS = frozenset(d.dtype for d in ALL_INTS)
_NP_NUMERIC = _NP_FLOATS | _NP_INTS
# Each float dtype's largest finite value: a number no larger converts without overflow.
_FLOAT_MAX = {d: float(np.finfo(d).max) for d in _NP_FLOATS}
_NP_BOOL = bool_.dtype
_INT_RANGE = {d.dtype: (int(np.iinfo(d.dtype).min), int(np.iinfo(d.dtype).max)) for d in ALL_INTS}


def _not_representable(what: str, dtype: np.dtype) -> Exception:
    return error(
        "VALUE_NOT_REPRESENTABLE",
        f"{what} cannot be represented as {dtype.name}",
        details={"dtype": dtype.name},
    )


def strings(value: Any) -> np.ndarray:
    """`value` (str, bytes, nested lists of them, a numpy text or object array) as TF's
    string tensor: an object array of bytes, str encoded as UTF-8."""
    if type(value) is bytes:
        return np.array(value, dtype=object)
    if type(value) is str:
        return np.array(value.encode(), dtype=object)
    try:
        arr = np.array(value, dtype=object)
    except ValueError as exc:  # a ragged list
        raise error("INVALID_TENSOR", f"value is not a rectangular array: {exc}") from None
    flat = arr.reshape(-1)
    for i, item in enumerate(flat):
        if isinstance(item, str):
            flat[i] = item.encode()
        elif isinstance(item, bytes):
            if type(item) is not bytes:  # np.bytes_: plain bytes, as TF returns
                flat[i] = bytes(item)
        elif isinstance(item, list | tuple | np.ndarray):
            raise error("INVALID_TENSOR", "value is not a rectangular array of strings")
        else:
            raise error(
                "VALUE_NOT_REPRESENTABLE",
                f"Expected string, but got {item!r:.40} of type {type(item).__name__!r}",
                details={"dtype": "string", "got": type(item).__name__},
            )
    return arr


def pack_strings(value: np.ndarray) -> bytes:
    """A string tensor's raw form (Triton's BYTES layout): each entry, row-major, as a
    4-byte little-endian length and its bytes."""
    flat = value.reshape(-1)
    return b"".join(len(v).to_bytes(4, "little") + v for v in flat)


def unpack_strings(raw: bytes, shape: tuple | list) -> np.ndarray:
    """The string tensor of `shape` packed in `raw` by `pack_strings`; ValueError when
    `raw` does not hold exactly that many entries."""
    n = math.prod(shape)
    if 4 * n > len(raw):  # before allocating n entries
        raise ValueError(f"{len(raw)} bytes cannot hold {n} entries")
    out = np.empty(n, object)
    at = 0
    for i in range(n):
        if at + 4 > len(raw):
            raise ValueError(f"the bytes end before entry {i} of {n}")
        size = int.from_bytes(raw[at : at + 4], "little")
        at += 4
        if at + size > len(raw):
            raise ValueError(f"entry {i} of {n} runs past the end of the bytes")
        out[i] = raw[at : at + size]
        at += size
    if at != len(raw):
        raise ValueError(f"{len(raw) - at} bytes are left after {n} entries")
    return out.reshape(shape)


def string_lengths(value: Any) -> np.ndarray:
    """The byte length of each entry of a string tensor, as an int64 array of its shape."""
    arr = np.asarray(value, object)
    flat = arr.reshape(-1)
    return np.fromiter((len(v) for v in flat), np.int64, flat.size).reshape(arr.shape)


def _kind_fits(leaf: Any, dtype: np.dtype) -> bool:
    """TF's `_TF_TO_IS_OK` filters: what Python value each dtype takes (a bool is an int
    and a real to Python, so numbers take it; a float is no int)."""
    if dtype == _NP_BOOL:
        return isinstance(leaf, bool | np.bool_)
    if dtype in _NP_INTS:
        return isinstance(leaf, numbers.Integral | np.integer)
    if dtype in _NP_FLOATS:
        return isinstance(leaf, numbers.Real | np.integer | np.floating)
    if dtype.kind == "c":
        return isinstance(leaf, numbers.Complex | np.number)
    if dtype.kind == "O":
        return isinstance(leaf, bytes | str)
    return True


def np_dtype_of(dtype: Any) -> np.dtype:
    return dtype.dtype if type(dtype) is DType else np.dtype(dtype)


def check_literal(value: Any, dtype: Any) -> Any:
    """A Python literal about to become a constant of another tensor's `dtype` (`t + 2.0`,
    `tf.maximum(t, 1)`), checked as TF1's `convert_to_tensor(value, dtype)` checks it:
    every leaf of a number or (nested) list must be of the dtype's kind, else TypeError
    (DTYPE_MISMATCH) with TF's message; numpy values are left to `convert`. Returns the
    value to convert: a bool scalar meeting a number is its int, as in TF."""
    if isinstance(value, np.bool_) and np_dtype_of(dtype).kind in "iufc":
        return int(value)  # TF casts a numpy value: True is 1
    if isinstance(value, np.ndarray | np.generic) or not isinstance(
        value, bool | int | float | complex | str | bytes | list | tuple
    ):
        return value
    np_dtype = np_dtype_of(dtype)
    leaves = [value]
    while leaves:
        leaf = leaves.pop()
        if isinstance(leaf, list | tuple):
            leaves.extend(leaf)
        elif not _kind_fits(leaf, np_dtype):
            name = as_dtype(np_dtype).name
            raise error(
                "DTYPE_MISMATCH",
                f"Expected {name}, but got {leaf!r} of type '{type(leaf).__name__}'.",
                details={"expected": name, "got": type(leaf).__name__},
            )
    if type(value) is bool and np_dtype != _NP_BOOL:
        return int(value)
    return value


def convert_literal(value: Any, dtype: Any) -> np.ndarray:
    """A value made a constant of `dtype` while the graph is built (`tf.constant(v, dtype)`,
    a literal beside a tensor), as TF1's `make_tensor_proto` makes it: as `convert`, but a
    Python int out of an integer dtype's range wraps (two's complement: `2**40` into int32
    is 0, `-1` into uint8 is 255; TF's OverflowError past 64 bits stays a refusal) and a
    Python number past a float dtype's range is infinite, where `convert` (feeds, the
    wire) refuses both; and a bool among numbers is 1 or 0, as TF reads it, where `convert`
    refuses it."""
    if np_dtype_of(dtype).kind in "iufc" and isinstance(value, list | tuple):
        value = bools_as_ints(value)
    try:
        return convert(value, dtype)
    except GraphgateError as exc:
        if exc.code != "VALUE_NOT_REPRESENTABLE":
            raise
        wrapped = _wrapped(value, np_dtype_of(dtype))
        if wrapped is None:
            raise
        return wrapped


def bools_as_ints(value: Any) -> Any:
    """`value` with its bools (Python's or numpy's, alone, in arrays or among a list's
    numbers) as the ints 1 and 0, as TF's `make_tensor_proto` and feeds read them."""
    if isinstance(value, list | tuple):
        return [bools_as_ints(v) for v in value]
    if isinstance(value, np.ndarray | np.generic) and value.dtype == _NP_BOOL:
        return value.astype(np.int8)
    return int(value) if type(value) is bool else value


# The Python number types a dtype kind takes in a wrapping conversion, and the numpy dtype
# they are read into first (None: numpy's own choice, int64 or uint64).
_WRAPS = {"i": ((int,), None), "u": ((int,), None), "f": ((int, float), np.float64)}
_WRAPS["c"] = ((int, float, complex), np.complex128)


def _wrapped(value: Any, dtype: np.dtype) -> np.ndarray | None:
    """`value`, Python numbers (ints for an integer `dtype`) or lists of them, converted as
    numpy's astype converts: None for anything else, or an int beyond 64 bits. A numpy
    array of real numbers into a float dtype is numpy's astype too, as TF's
    `make_tensor_proto` makes it (`np.array([70000])` into float16 is inf)."""
    if dtype.kind not in _WRAPS:
        return None
    if isinstance(value, np.ndarray | np.generic):
        if dtype.kind != "f" or value.dtype.kind not in "iuf":
            return None
        with np.errstate(over="ignore"):
            return np.asarray(value).astype(dtype)
    types, wide_dtype = _WRAPS[dtype.kind]
    if not _python_numbers(value, types):
        return None
    try:
        wide = np.array(value, wide_dtype)
    except (OverflowError, ValueError):
        return None
    if wide.dtype.kind == "O":
        return None  # ints past int64 and uint64 alike: an object array
    with np.errstate(over="ignore", invalid="ignore"):
        return wide.astype(dtype)


def _python_numbers(value: Any, types: tuple) -> bool:
    leaves = [value]
    while leaves:
        leaf = leaves.pop()
        if isinstance(leaf, list | tuple):
            leaves.extend(leaf)
        elif type(leaf) not in types:
            return False
    return True


def one_field(value: Any) -> Any:
    """A numpy structured value of one numeric field (nested or not) as that field's
    values, as TF's feeds and typed conversions read it (numpy casts it so); others as
    given (several fields, a field of subarrays or strings: TF fails on them too)."""
    field = value
    while isinstance(field, np.ndarray | np.void) and field.dtype.names is not None:
        names = field.dtype.names
        if len(names) != 1 or field.dtype[names[0]].shape:
            return value
        field = field[names[0]]
    if field is value or not isinstance(field, np.ndarray | np.generic):
        return value
    return field if field.dtype.kind in "biufc" else value


def convert(value: Any, dtype: Any) -> np.ndarray:
    """Convert `value` to an array of `dtype`, refusing anything lossy beyond float rounding.

    Accepted: the same dtype as is; ints into any numeric dtype if in range; floats into
    floats if they do not overflow; integral finite floats into ints if in range. Refused:
    bools into numbers and numbers into bools, strings, objects, overflow, fractions into ints.
    """
    dtype = dtype.dtype if type(dtype) is DType else np.dtype(dtype)
    value = one_field(value)
    if dtype.kind == "O":
        return strings(value)
    if dtype.kind == "c":
        return _to_complex(value, dtype)
    kind = type(value)
    if kind is float and dtype in _NP_FLOATS:
        return _finite_float(value, dtype)
    if kind is int and dtype in _NP_NUMERIC:
        if dtype not in _NP_INTS:
            return _finite_float(value, dtype)
        lo, hi = _INT_RANGE[dtype]
        if not lo <= value <= hi:
            raise _not_representable(repr(value), dtype)
        return np.array(value, dtype)
    arr = _array(value, dtype)
    _refuse_bools_among_numbers(value, arr, dtype)
    arr = exact_ints(value, arr, dtype)
    if arr.dtype.kind == "O" and dtype in _NP_FLOATS and arr.size:
        arr = _wide_floats(value, arr, dtype)
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
    if (skind == "b") != (dtype == _NP_BOOL):
        raise error(
            "FEED_DTYPE_MISMATCH",
            f"cannot convert {src} values to {dtype.name}",
            details={"expected": dtype.name, "got": src.name},
        )
    if dtype in _NP_INTS:
        lo, hi = _INT_RANGE[dtype]
        if (
            skind == "f"
            and arr.size
            and not (np.isfinite(arr).all() and (np.floor(arr) == arr).all())
        ):
            raise _not_representable("a non-integral or non-finite value", dtype)
        # A float's range check compares with hi + 1, a power of two floats hold exactly:
        # 2**64 - 1 as a float is 2**64 itself, which is out of uint64's range.
        if arr.size and (
            arr.min() < lo or (arr.max() >= hi + 1 if skind == "f" else arr.max() > hi)
        ):
            raise _not_representable("a value out of range", dtype)
        return arr.astype(dtype)
    with np.errstate(over="ignore"):
        out = arr.astype(dtype)
    # An int overflows a float too: uint16's 65535, or int32's 70000, is float16's inf.
    if arr.size and (skind in "iu" or src.itemsize > dtype.itemsize):
        overflow = np.isinf(out) & ~np.isinf(arr)
        if overflow.any():
            raise _not_representable("a value too large", dtype)
    return out


def _finite_float(value: int | float, dtype: np.dtype) -> np.ndarray:
    """A Python number as a float of `dtype`, rounded as an array of them rounds it: one
    that rounds to the largest finite value is that value (3.4028235e38 is float32's max,
    as it is in a list), one that rounds to infinity is refused."""
    if -_FLOAT_MAX[dtype] <= value <= _FLOAT_MAX[dtype]:
        # No overflow to silence: numpy's errstate costs more than the conversion.
        return np.array(value, dtype)
    try:
        with np.errstate(over="ignore"):
            out = np.array(value, dtype)
    except OverflowError:  # an int past float64's range
        raise _not_representable(repr(value), dtype) from None
    if np.isinf(out) and not math.isinf(value):
        raise _not_representable(repr(value), dtype)
    return out


def holds_bool(data: Any, depth: int) -> bool:
    """Whether `data`, Python lists (or tuples) nested `depth` deep, holds a bool among its
    leaves: numpy reads `[True, 2]` as the ints `[1, 2]`, so only the leaves tell."""
    if depth == 0 or not isinstance(data, list | tuple):
        return False  # a bare scalar, or an array: numpy's kind already tells bool apart
    leaves = data
    for _ in range(depth - 1):
        leaves = itertools.chain.from_iterable(leaves)
    return bool in set(map(type, leaves))


def _refuse_bools_among_numbers(value: Any, arr: np.ndarray, dtype: np.dtype) -> None:
    """A bool refused into a number in a list as it is alone (`True` into int64): numpy
    made `[True, 2]` ints and `[2**53 + 1, True, 1.0]` floats, which then fed `1` for True,
    and rounded the int (no exact reading holds a bool)."""
    if dtype != _NP_BOOL and arr.dtype.kind in "iufcO" and holds_bool(value, arr.ndim):
        raise error(
            "FEED_DTYPE_MISMATCH",
            f"cannot convert bool values to {dtype.name}",
            details={"expected": dtype.name, "got": "bool"},
        )


def exact_ints(value: Any, arr: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """`arr`, numpy's reading of `value`, with the Python ints of `value` read exactly
    where `dtype` is an integer dtype. numpy reads `[2**53 + 1, 1.0]` as float64, rounding
    the int (a wrong number fed, where TF's feed of it is exact), and `[2**64 - 1, 0]` as
    float64 too (its int refused as out of range). Where a leaf is neither an int nor an
    integral float, `arr` is returned for `convert` to refuse."""
    if (
        dtype not in _NP_INTS
        or arr.dtype.kind not in "fO"
        or not arr.size
        or isinstance(value, np.ndarray | np.generic)
        # Below 2**53 float64 holds every int exactly: numpy's reading lost nothing.
        or (arr.dtype.kind == "f" and bool((np.abs(arr) < 2**53).all()))
    ):
        return arr
    leaves = [value]
    for _ in range(arr.ndim):
        leaves = list(itertools.chain.from_iterable(leaves))
    if not _all_integral(leaves, arr):
        return arr
    ints = [int(v) for v in leaves]
    lo, hi = _INT_RANGE[dtype]
    if min(ints) < lo or max(ints) > hi:
        raise _not_representable("a value out of range", dtype)
    return np.array(ints, dtype).reshape(arr.shape)


def _all_integral(leaves: list, arr: np.ndarray) -> bool:
    """Whether every leaf is `_integral`. Python ints and floats that numpy read as float64
    are checked on that reading (a float leaf is exact in it, an int leaf integral), at
    numpy's speed: leaf by leaf, a million-element feed took seconds."""
    if arr.dtype.kind == "f" and set(map(type, leaves)) <= {int, float}:
        with np.errstate(invalid="ignore"):
            return bool(np.isfinite(arr).all() and (np.floor(arr) == arr).all())
    return all(_integral(v) for v in leaves)


def _wide_floats(value: Any, arr: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Python numbers numpy holds as objects (an int past 64 bits among them) read as
    float64 for a float dtype, as TF's feed reads `[2**70, 1.0]`: they were refused as
    "values of type object". Past float64's range they do not fit."""
    if not _python_numbers(value, (int, float)):
        return arr
    try:
        return np.array(value, np.float64)
    except OverflowError:
        raise _not_representable("a value too large", dtype) from None


def _integral(leaf: Any) -> bool:
    """An int (a numpy one too: `[np.int64(2**53 + 1), 1.0]` is as lossy) or an integral
    float; never a bool, which `convert` refuses as a number."""
    if isinstance(leaf, bool | np.bool_):
        return False
    if isinstance(leaf, int | np.integer):
        return True
    return isinstance(leaf, float | np.floating) and float(leaf).is_integer()


def _array(value: Any, dtype: np.dtype) -> np.ndarray:
    """`value` as an array, INVALID_TENSOR if numpy cannot make one of it."""
    if isinstance(value, np.ndarray):
        return value
    try:
        return np.asarray(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise error(
            "INVALID_TENSOR",
            f"value is not a rectangular array of numbers: {exc}",
            details={"dtype": dtype.name, "problem": "shape"},
        ) from None


def _to_complex(value: Any, dtype: np.dtype) -> np.ndarray:
    """Numbers as complex64/complex128: ints, floats and complex values; bools and text
    refused as `convert` refuses them for real dtypes; a part too large for complex64
    refused, never made infinite."""
    arr = _array(value, dtype)
    _refuse_bools_among_numbers(value, arr, dtype)
    src = arr.dtype
    if src == dtype:
        return arr
    if src.kind not in "iufc":
        if src.kind == "O" and arr.size == 0:
            return np.zeros(arr.shape, dtype)
        raise error(
            "FEED_DTYPE_MISMATCH",
            f"cannot convert {src} values to {dtype.name}",
            details={"expected": dtype.name, "got": src.name},
        )
    with np.errstate(over="ignore", invalid="ignore"):
        out = arr.astype(dtype)
    if src.kind in "fc" and src.itemsize > dtype.itemsize // (1 if src.kind == "c" else 2):
        parts = (out.real, out.imag, arr.real, arr.imag)
        grown = np.isinf(parts[0]) & ~np.isinf(parts[2]) | np.isinf(parts[1]) & ~np.isinf(parts[3])
        if grown.any():
            raise _not_representable("a value too large", dtype)
    return out


# The numpy dtypes a tensor may hold (numpy's others, float128 or datetimes, are refused).
_NP_SUPPORTED = frozenset(d.dtype for d in SUPPORTED)


def default_array(value: Any) -> np.ndarray:
    """Convert a Python or numpy value with TensorFlow's defaults: float32, int32, bool.

    numpy arrays and scalars keep their dtype, as `tf.constant` does.
    """
    if isinstance(value, np.ndarray | np.generic):
        arr = np.asarray(value)
        if arr.dtype.kind in "OSU" and (arr.size or arr.dtype.kind != "O"):
            return strings(arr)
        if arr.dtype not in _NP_SUPPORTED:
            raise error(
                "UNSUPPORTED_DTYPE",
                f"unsupported dtype {arr.dtype}",
                details={"dtype": str(arr.dtype)},
            )
        return arr
    kind = type(value)
    if kind is float:
        return convert_literal(value, float32)  # TF's: 1e40 is float32 inf
    if kind is int:
        if 2**63 <= value < 2**64:
            return np.array(value, np.uint64)  # TF's: no int64 holds it, uint64 does
        return convert(value, int32 if -(2**31) <= value < 2**31 else int64)
    if kind is bool:
        return np.array(value)
    if kind is str or kind is bytes or _first_leaf(value) is not None:
        return strings(value)
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise error("INVALID_TENSOR", f"value is not a rectangular array: {exc}") from None
    k = arr.dtype.kind
    if k == "f":
        return convert_literal(value, float32)
    if arr.dtype == np.uint64:
        return arr  # ints past int64's range, none negative: TF's uint64
    if k in "iu":
        if arr.size == 0 or (arr.min() >= -(2**31) and arr.max() < 2**31):
            return arr.astype(int32)
        return convert(arr, int64)
    if k == "b" or k == "c":  # Python's complex is TF's complex128
        return arr
    if k == "O" and arr.size == 0:
        return np.zeros(arr.shape, float32)
    if k in "SU":
        return strings(value)
    if k == "O" and _holds_text(arr):
        return strings(arr)
    raise error(
        "UNSUPPORTED_DTYPE",
        f"cannot make a tensor of {arr.dtype} values",
        details={"dtype": str(arr.dtype)},
    )


def _first_leaf(value: Any) -> str | bytes | None:
    """The first entry of nested lists when it is text (numpy cannot read every mix of
    str and bytes: `['a', b'\\xff']`), else None."""
    while isinstance(value, list | tuple) and value:
        value = value[0]
    return value if isinstance(value, str | bytes) else None


def _holds_text(arr: np.ndarray) -> bool:
    """Whether an object array from a list is text mixed with something (`['a', b'b']`,
    `['a', 1]`): made a string tensor, or refused element by element as TF does."""
    first = arr.reshape(-1)[0]
    return isinstance(first, str | bytes)


_ALIASES = {"bool": bool_, "double": float64, "half": float16}


def __getattr__(name: str) -> Any:
    """`tf.dtypes.cast` and `saturate_cast`, which math_ops owns (this module is imported
    before it)."""
    if name in ("cast", "saturate_cast"):
        from .ops import math_ops

        return getattr(math_ops, name)
    if name == "complex":  # `tf.dtypes.complex` (complex_ops owns it)
        from .ops import complex_ops

        return complex_ops.complex
    if name == "as_string":  # `tf.dtypes.as_string` (string_ops owns it)
        from .ops import string_ops

        return string_ops.as_string
    # TF's other names of dtypes (`tf.dtypes.bool`): not module globals, which would shadow
    # the builtin `bool` this module uses.
    if name in _ALIASES:
        return _ALIASES[name]
    raise AttributeError(f"module 'graphgate.dtypes' has no attribute {name!r}")
