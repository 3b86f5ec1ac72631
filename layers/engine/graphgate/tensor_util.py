"""`tf.make_tensor_proto` and `tf.make_ndarray`: values to TensorFlow's TensorProto and back,
as TF Serving's gRPC clients build requests and read responses.

graphgate has no protobuf dependency, so a `TensorProto` here is tf_proto's reading of the
message (`MessageView`) that also writes itself: `SerializeToString()` gives the bytes TF's
own message gives (`request.inputs["x"].ParseFromString(proto.SerializeToString())` fills
a real request), `str()` its text format. `make_ndarray` reads one of these or any real
protobuf TensorProto (it decodes the message's bytes, so no TF classes are needed).
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import tf_proto
from .errors import error

# The dtypes whose values TF writes as `tensor_content` bytes when there are several and
# the shape holds exactly as many (tensor_util's _TENSOR_CONTENT_TYPES, those graphgate has).
_CONTENT_TYPES = frozenset(
    [
        "float16",
        "float32",
        "float64",
        "int32",
        "uint8",
        "int16",
        "int8",
        "int64",
        "uint16",
        "uint32",
        "uint64",
    ]
)
# The typed field each dtype's values go in otherwise (GetNumpyAppendFn).
_VALUE_FIELDS = {
    "float16": "half_val",
    "float32": "float_val",
    "float64": "double_val",
    "int8": "int_val",
    "int16": "int_val",
    "int32": "int_val",
    "uint8": "int_val",
    "uint16": "int_val",
    "int64": "int64_val",
    "uint32": "uint32_val",
    "uint64": "uint64_val",
    "bool": "bool_val",
    "complex64": "scomplex_val",
    "complex128": "dcomplex_val",
    "string": "string_val",
}


class TensorProto(tf_proto.MessageView):
    """TensorFlow's TensorProto message: its fields read as protobuf's Python API reads
    them, `SerializeToString()` and `str()` as protobuf writes them."""

    def __init__(self, fields: dict[str, Any] | None = None):
        super().__init__(dict(fields or {}), tf_proto.TENSOR)

    @classmethod
    def FromString(cls, data: bytes) -> TensorProto:
        return cls(tf_proto.decode(data, tf_proto.TENSOR, _corrupt))

    def SerializeToString(self, deterministic: bool | None = None) -> bytes:
        return tf_proto.encode(self._fields, tf_proto.TENSOR)

    def __str__(self) -> str:
        return tf_proto.to_text(self._fields, tf_proto.TENSOR)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TensorProto):
            return NotImplemented
        return self.SerializeToString() == other.SerializeToString()

    __hash__ = None  # protobuf messages are unhashable: they are mutable

    def __repr__(self) -> str:
        return str(self)


def _corrupt():
    return error("INVALID_PROTO", "the bytes are not a TensorProto")


def make_tensor_proto(
    values: Any,
    dtype: Any = None,
    shape: Any = None,
    verify_shape: bool = False,
    allow_broadcast: bool = False,
) -> TensorProto:
    """`tf.make_tensor_proto`: `values` as a TensorProto of `dtype` (inferred as
    `tf.constant` infers it) and `shape` (the values' own; fewer values than a given shape
    holds are written as they are, and read back with the last repeated).

    Raises:
        ValueError: None values, more values than `shape` holds, or both `verify_shape`
            and `allow_broadcast`.
        TypeError: a `dtype` the values do not fit, or (with `verify_shape`) a `shape`
            other than theirs.
    """
    if allow_broadcast and verify_shape:
        raise ValueError("allow_broadcast and verify_shape are not both allowed.")
    if isinstance(values, TensorProto):
        return values
    array = _as_array(values, dtype, shape)
    dims, size = _checked_shape(array, shape, verify_shape, allow_broadcast)
    kind = _dt.as_dtype(array.dtype)
    fields: dict[str, Any] = {"dtype": kind.as_datatype_enum, "tensor_shape": _shape(dims)}
    if size == array.size and kind.name in _CONTENT_TYPES and size > 1:
        fields["tensor_content"] = np.ascontiguousarray(array, array.dtype.newbyteorder("<"))
        fields["tensor_content"] = fields["tensor_content"].tobytes()
        return TensorProto(fields)
    if kind.name not in _VALUE_FIELDS:
        raise TypeError(f"Element type not supported in TensorProto: {kind.name}.")
    flat = array.reshape(-1)
    if flat.size:
        fields[_VALUE_FIELDS[kind.name]] = _typed_values(kind.name, flat)
    return TensorProto(fields)


def _as_array(values: Any, dtype: Any, shape: Any) -> np.ndarray:
    if values is None:
        raise ValueError("None values not supported.")
    if dtype is not None:
        dtype = _dt.as_dtype(dtype)
        if shape is not None and math.prod(operator.index(d) for d in shape) == 0:
            return np.empty([operator.index(d) for d in shape], _np_dtype(dtype))
        if isinstance(values, np.ndarray | np.generic):
            return np.asarray(values).astype(_np_dtype(dtype))
        return _dt.convert_literal(_dt.check_literal(values, dtype), dtype)
    return _dt.default_array(values)


def _np_dtype(dtype: Any) -> Any:
    return object if dtype.name == "string" else dtype.as_numpy_dtype


def _checked_shape(array, shape, verify_shape, allow_broadcast) -> tuple[list[int], int]:
    if shape is None:
        return list(array.shape), array.size
    dims = [operator.index(d) for d in shape]
    size = math.prod(dims)
    if allow_broadcast:
        if array.shape not in ((1,), ()) and array.size != size:
            raise TypeError(f"Expected Tensor's shape: {tuple(dims)}, but got {array.shape}.")
    else:
        if verify_shape and array.shape != tuple(dims):
            raise TypeError(f"Expected Tensor's shape: {tuple(dims)}, but got {array.shape}.")
        if array.size > size:
            raise ValueError(
                f"Too many elements provided. Takes at most {size:d}, but got {array.size:d}."
            )
    return dims, size


def _shape(dims: list[int]) -> dict[str, Any]:
    return {"dim": [{"size": d} if d else {} for d in dims]}


def _typed_values(name: str, flat: np.ndarray) -> list:
    if name == "string":
        return [bytes(v) for v in flat]
    if name == "float16":
        return flat.view(np.uint16).tolist()
    if name.startswith("complex"):
        return np.stack([flat.real, flat.imag], axis=1).reshape(-1).tolist()
    return flat.tolist()


def make_ndarray(tensor: Any) -> np.ndarray:
    """`tf.make_ndarray`: the numpy value a TensorProto holds (graphgate's, or protobuf's
    own message, read from its bytes).

    Raises:
        TypeError: `tensor` is no TensorProto (TF's AttributeError for a graph tensor is a
            TypeError that says what to pass).
    """
    if isinstance(tensor, TensorProto):
        fields = tensor._fields
    elif callable(getattr(tensor, "SerializeToString", None)):
        fields = tf_proto.decode(tensor.SerializeToString(), tf_proto.TENSOR, _corrupt)
    else:
        raise TypeError(f"make_ndarray takes a TensorProto, not {type(tensor).__name__}")
    value = tf_proto.tensor_value(fields, _corrupt)
    if value.dtype == object:
        return value  # TF's own: an object array of bytes
    return value.copy()
