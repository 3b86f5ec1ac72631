"""TensorFlow's own protocol buffers read without protobuf: the messages of checkpoints
(BundleHeaderProto, BundleEntryProto), graphs (GraphDef, NodeDef, AttrValue, TensorProto)
and saved models (SavedModel, MetaGraphDef, SignatureDef), each declared below as a table
of its fields and decoded by one function into plain dicts.

A decoded message is a dict holding the fields present (a repeated field as a list, a map
as a dict); absent fields are absent, so readers ask `.get(name, default)` with proto3's
default. Unknown fields are skipped, as protobuf does; bytes that are no such message
raise what the caller's `corrupt` builds.
"""

from __future__ import annotations

import math
import re
import struct
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import protowire
from .errors import GraphgateError, error
from .protowire import FIXED32, FIXED64, LENGTH, VARINT, Corrupt

# Field kinds: how a field's wire value becomes a Python value.
_INT, _UINT, _BOOL, _STR, _BYTES, _F32, _F64, _FIX32, _MSG, _MAP, _LAZY = range(11)
# _LAZY: a message kept as its bytes, decoded by whoever needs it (a function library's
# functions: most of a Keras export's are never called); in text format, a message.

# Schema: field number -> (name, kind, repeated, message schema or map value schema).
Schema = dict[int, tuple[str, int, bool, Any]]


def _f(name: str, kind: int, repeated: bool = False, sub: Any = None) -> tuple:
    return (name, kind, repeated, sub)


DIM: Schema = {1: _f("size", _INT), 2: _f("name", _STR)}
TENSOR_SHAPE: Schema = {2: _f("dim", _MSG, True, DIM), 3: _f("unknown_rank", _BOOL)}
TENSOR: Schema = {
    1: _f("dtype", _INT),
    2: _f("tensor_shape", _MSG, False, TENSOR_SHAPE),
    4: _f("tensor_content", _BYTES),
    5: _f("float_val", _F32, True),
    6: _f("double_val", _F64, True),
    7: _f("int_val", _INT, True),
    8: _f("string_val", _BYTES, True),
    9: _f("scomplex_val", _F32, True),
    10: _f("int64_val", _INT, True),
    11: _f("bool_val", _BOOL, True),
    12: _f("dcomplex_val", _F64, True),
    13: _f("half_val", _INT, True),
    14: _f("resource_handle_val", _BYTES, True),
    15: _f("variant_val", _BYTES, True),
    16: _f("uint32_val", _UINT, True),
    17: _f("uint64_val", _UINT, True),
}
NAME_ATTR_LIST: Schema = {1: _f("name", _STR)}  # its attrs are not read: calls are concrete
ATTR_LIST: Schema = {
    2: _f("s", _BYTES, True),
    3: _f("i", _INT, True),
    4: _f("f", _F32, True),
    5: _f("b", _BOOL, True),
    6: _f("type", _INT, True),
    7: _f("shape", _MSG, True, TENSOR_SHAPE),
    8: _f("tensor", _MSG, True, TENSOR),
    9: _f("func", _MSG, True, NAME_ATTR_LIST),
}
ATTR_VALUE: Schema = {
    1: _f("list", _MSG, False, ATTR_LIST),
    2: _f("s", _BYTES),
    3: _f("i", _INT),
    4: _f("f", _F32),
    5: _f("b", _BOOL),
    6: _f("type", _INT),
    7: _f("shape", _MSG, False, TENSOR_SHAPE),
    8: _f("tensor", _MSG, False, TENSOR),
    9: _f("placeholder", _STR),
    10: _f("func", _MSG, False, NAME_ATTR_LIST),
}
NODE: Schema = {
    1: _f("name", _STR),
    2: _f("op", _STR),
    3: _f("input", _STR, True),
    4: _f("device", _STR),
    5: _f("attr", _MAP, False, ATTR_VALUE),
}
# A map<string, string>'s value schema: the entry's value is a string, not a message.
STRING_VALUE: Schema = {}
ARG_DEF: Schema = {
    1: _f("name", _STR),
    3: _f("type", _INT),
    4: _f("type_attr", _STR),
    5: _f("number_attr", _STR),
    6: _f("type_list_attr", _STR),
}
ATTR_DEF: Schema = {1: _f("name", _STR), 2: _f("type", _STR)}
OP_DEF: Schema = {
    1: _f("name", _STR),
    2: _f("input_arg", _MSG, True, ARG_DEF),
    3: _f("output_arg", _MSG, True, ARG_DEF),
    4: _f("attr", _MSG, True, ATTR_DEF),
    17: _f("is_stateful", _BOOL),
    20: _f("control_output", _STR, True),
}
FUNCTION_DEF: Schema = {
    1: _f("signature", _MSG, False, OP_DEF),
    3: _f("node_def", _MSG, True, NODE),
    4: _f("ret", _MAP, False, STRING_VALUE),
    6: _f("control_ret", _MAP, False, STRING_VALUE),
}
FUNCTION_LIBRARY: Schema = {1: _f("function", _LAZY, True, FUNCTION_DEF)}
FUNCTION_NAME: Schema = {1: _f("signature", _MSG, False, {1: _f("name", _STR)})}
VERSIONS: Schema = {
    1: _f("producer", _INT),
    2: _f("min_consumer", _INT),
    3: _f("bad_consumers", _INT, True),
}
GRAPH: Schema = {
    1: _f("node", _MSG, True, NODE),
    2: _f("library", _MSG, False, FUNCTION_LIBRARY),
    4: _f("versions", _MSG, False, VERSIONS),
}

VERSION: Schema = {1: _f("producer", _INT), 2: _f("min_consumer", _INT)}
BUNDLE_HEADER: Schema = {
    1: _f("num_shards", _INT),
    2: _f("endianness", _INT),
    3: _f("version", _MSG, False, VERSION),
}
EXTENT: Schema = {1: _f("start", _INT), 2: _f("length", _INT)}
TENSOR_SLICE: Schema = {1: _f("extent", _MSG, True, EXTENT)}
BUNDLE_ENTRY: Schema = {
    1: _f("dtype", _INT),
    2: _f("shape", _MSG, False, TENSOR_SHAPE),
    3: _f("shard_id", _INT),
    4: _f("offset", _INT),
    5: _f("size", _INT),
    6: _f("crc32c", _FIX32),
    7: _f("slices", _MSG, True, TENSOR_SLICE),
}

META_INFO: Schema = {
    1: _f("meta_graph_version", _STR),
    4: _f("tags", _STR, True),
    5: _f("tensorflow_version", _STR),
    6: _f("tensorflow_git_version", _STR),
}
SAVER_DEF: Schema = {
    1: _f("filename_tensor_name", _STR),
    2: _f("save_tensor_name", _STR),
    3: _f("restore_op_name", _STR),
    4: _f("max_to_keep", _INT),
    5: _f("sharded", _BOOL),
    6: _f("keep_checkpoint_every_n_hours", _F32),
    7: _f("version", _INT),
}
_VALUES_STR: Schema = {1: _f("value", _STR, True)}
ANY: Schema = {1: _f("type_url", _STR), 2: _f("value", _BYTES)}
_VALUES_BYTES: Schema = {1: _f("value", _BYTES, True)}
COLLECTION: Schema = {
    1: _f("node_list", _MSG, False, _VALUES_STR),
    2: _f("bytes_list", _MSG, False, _VALUES_BYTES),
    3: _f("int64_list", _MSG, False, {1: _f("value", _INT, True)}),
    4: _f("float_list", _MSG, False, {1: _f("value", _F32, True)}),
    # google.protobuf.Any values: TF1's SavedModelBuilder keeps its AssetFileDefs here.
    5: _f("any_list", _MSG, False, {1: _f("value", _MSG, True, ANY)}),
}
VARIABLE_DEF: Schema = {
    1: _f("variable_name", _STR),
    2: _f("initializer_name", _STR),
    3: _f("snapshot_name", _STR),
    6: _f("initial_value_name", _STR),
    7: _f("trainable", _BOOL),
}
# The collections a MetaGraphDef holds as VariableDefs (TF's ref_variable.py registers
# them): TF reads names there as tensors, not variables, and its initializers fail on them.
VARIABLE_DEF_COLLECTIONS = frozenset(
    (
        "variables",
        "trainable_variables",
        "local_variables",
        "model_variables",
        "moving_average_variables",
        "metric_variables",
        "global_step",
    )
)
TENSOR_INFO: Schema = {
    1: _f("name", _STR),
    2: _f("dtype", _INT),
    3: _f("tensor_shape", _MSG, False, TENSOR_SHAPE),
}
SIGNATURE: Schema = {
    1: _f("inputs", _MAP, False, TENSOR_INFO),
    2: _f("outputs", _MAP, False, TENSOR_INFO),
    3: _f("method_name", _STR),
}
# A saved model's asset: the file under `assets/` and the tensor its path is fed to.
ASSET_FILE_DEF: Schema = {1: _f("tensor_info", _MSG, False, TENSOR_INFO), 2: _f("filename", _STR)}
META_GRAPH: Schema = {
    1: _f("meta_info_def", _MSG, False, META_INFO),
    2: _f("graph_def", _MSG, False, GRAPH),
    3: _f("saver_def", _MSG, False, SAVER_DEF),
    4: _f("collection_def", _MAP, False, COLLECTION),
    5: _f("signature_def", _MAP, False, SIGNATURE),
    6: _f("asset_file_def", _MSG, True, ASSET_FILE_DEF),
}
SAVED_MODEL: Schema = {
    1: _f("saved_model_schema_version", _INT),
    2: _f("meta_graphs", _MSG, True, META_GRAPH),
}
# TensorBoard's events (tensorflow/core/util/event.proto, framework/summary.proto); graph
# and metadata fields are kept as their bytes.
HISTOGRAM: Schema = {
    1: _f("min", _F64),
    2: _f("max", _F64),
    3: _f("num", _F64),
    4: _f("sum", _F64),
    5: _f("sum_squares", _F64),
    6: _f("bucket_limit", _F64, True),
    7: _f("bucket", _F64, True),
}
SUMMARY_IMAGE: Schema = {
    1: _f("height", _INT),
    2: _f("width", _INT),
    3: _f("colorspace", _INT),
    4: _f("encoded_image_string", _BYTES),
}
SUMMARY_AUDIO: Schema = {
    1: _f("sample_rate", _F32),
    2: _f("num_channels", _INT),
    3: _f("length_frames", _INT),
    4: _f("encoded_audio_string", _BYTES),
    5: _f("content_type", _STR),
}
SUMMARY_VALUE: Schema = {
    7: _f("node_name", _STR),
    1: _f("tag", _STR),
    2: _f("simple_value", _F32),
    3: _f("obsolete_old_style_histogram", _BYTES),
    4: _f("image", _MSG, False, SUMMARY_IMAGE),
    5: _f("histo", _MSG, False, HISTOGRAM),
    6: _f("audio", _MSG, False, SUMMARY_AUDIO),
    8: _f("tensor", _MSG, False, TENSOR),
}
SUMMARY: Schema = {1: _f("value", _MSG, True, SUMMARY_VALUE)}
LOG_MESSAGE: Schema = {1: _f("level", _INT), 2: _f("message", _STR)}
SESSION_LOG: Schema = {1: _f("status", _INT), 2: _f("checkpoint_path", _STR), 3: _f("msg", _STR)}
TAGGED_RUN_METADATA: Schema = {1: _f("tag", _STR), 2: _f("run_metadata", _BYTES)}
EVENT: Schema = {
    1: _f("wall_time", _F64),
    2: _f("step", _INT),
    3: _f("file_version", _STR),
    4: _f("graph_def", _BYTES),
    5: _f("summary", _MSG, False, SUMMARY),
    6: _f("log_message", _MSG, False, LOG_MESSAGE),
    7: _f("session_log", _MSG, False, SESSION_LOG),
    8: _f("tagged_run_metadata", _MSG, False, TAGGED_RUN_METADATA),
    9: _f("meta_graph_def", _BYTES),
}
# An object-based checkpoint's `_CHECKPOINTABLE_OBJECT_GRAPH` (tf.train.Checkpoint):
# each object's children by local name, its values' checkpoint keys, an optimizer's slots.
TRACKABLE_OBJECT: Schema = {
    1: _f("children", _MSG, True, {1: _f("node_id", _INT), 2: _f("local_name", _STR)}),
    2: _f(
        "attributes",
        _MSG,
        True,
        {1: _f("name", _STR), 2: _f("full_name", _STR), 3: _f("checkpoint_key", _STR)},
    ),
    3: _f(
        "slot_variables",
        _MSG,
        True,
        {
            1: _f("original_variable_node_id", _INT),
            2: _f("slot_name", _STR),
            3: _f("slot_variable_node_id", _INT),
        },
    ),
    5: _f("has_checkpoint_values", _MSG, False, {1: _f("value", _BOOL)}),
}
TRACKABLE_OBJECT_GRAPH: Schema = {1: _f("nodes", _MSG, True, TRACKABLE_OBJECT)}
# The oneofs a reader asks about (`WhichOneof`), by schema.
ONEOFS = {
    id(EVENT): ("what", ("file_version", "graph_def", "summary", "log_message", "session_log",
                         "tagged_run_metadata", "meta_graph_def")),
    id(SUMMARY_VALUE): ("value", ("simple_value", "obsolete_old_style_histogram", "image",
                                  "histo", "audio", "tensor")),
}  # fmt: skip
_DEFAULTS = {_INT: 0, _UINT: 0, _BOOL: False, _STR: "", _BYTES: b"", _F32: 0.0, _F64: 0.0}


class MessageView:
    """A decoded message read as protobuf's Python API reads one: a field's value, its
    proto3 default when absent (an empty view for a message), repeated fields as lists,
    `HasField` for fields with presence and `WhichOneof` (read-only)."""

    def __init__(self, fields: dict[str, Any], schema: Schema):
        self._fields, self._schema = fields, schema
        self._by_name = {f[0]: f for f in schema.values()}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        field = self._by_name.get(name)
        if field is None:
            raise AttributeError(f"{name!r} is not a field of this message")
        _, kind, repeated, sub = field
        value = self._fields.get(name)
        if repeated:
            values = value or []
            return [MessageView(v, sub) for v in values] if kind == _MSG else list(values)
        if kind == _MSG:
            return MessageView(value or {}, sub)
        return _DEFAULTS.get(kind) if value is None else value

    def HasField(self, name: str) -> bool:
        if name not in self._by_name:
            raise ValueError(f'Protocol message has no "{name}" field.')
        return name in self._fields

    def WhichOneof(self, group: str) -> str | None:
        name, members = ONEOFS.get(id(self._schema), (None, ()))
        if group != name:
            raise ValueError(f'Protocol message has no "{group}" field.')
        return next((m for m in members if m in self._fields), None)

    def __repr__(self) -> str:
        return f"MessageView({self._fields!r})"


def decode(data: bytes | memoryview, schema: Schema, corrupt: Corrupt) -> dict[str, Any]:
    """The message of `schema` held in `data`, as a dict of the fields present."""
    out: dict[str, Any] = {}
    for number, wire, value, _ in protowire.fields(memoryview(data), corrupt):
        field = schema.get(number)
        if field is None:
            continue
        name, kind, repeated, sub = field
        if kind == _MAP:
            key, item = _map_entry(value, wire, sub, corrupt)
            out.setdefault(name, {})[key] = item
        elif repeated:
            out.setdefault(name, []).extend(_values(kind, wire, value, sub, corrupt))
        elif kind == _MSG:
            if wire != LENGTH:
                raise corrupt()
            # A message field seen twice merges, as protobuf's.
            out[name] = {**out.get(name, {}), **decode(value, sub, corrupt)}
        else:
            out[name] = _scalar(kind, wire, value, corrupt)
    return out


def _map_entry(value: Any, wire: int, sub: Schema, corrupt: Corrupt) -> tuple[str, Any]:
    if wire != LENGTH:
        raise corrupt()
    key, item = "", "" if sub is STRING_VALUE else {}
    for number, w, v, _ in protowire.fields(value, corrupt):
        if number == 1:
            key = _scalar(_STR, w, v, corrupt)
        elif number == 2:
            if w != LENGTH:
                raise corrupt()
            item = _scalar(_STR, w, v, corrupt) if sub is STRING_VALUE else decode(v, sub, corrupt)
    return key, item


_WIRE_OF = {
    _INT: VARINT,
    _UINT: VARINT,
    _BOOL: VARINT,
    _STR: LENGTH,
    _BYTES: LENGTH,
    _MSG: LENGTH,
    _LAZY: LENGTH,
    _F32: FIXED32,
    _FIX32: FIXED32,
    _F64: FIXED64,
}
_PACKED_DTYPE = {_F32: "<f4", _F64: "<f8", _FIX32: "<u4"}


def _values(kind: int, wire: int, value: Any, sub: Any, corrupt: Corrupt) -> list:
    """One occurrence of a repeated field: one value, or a packed run of them."""
    if wire == LENGTH and _WIRE_OF[kind] != LENGTH:
        if kind in _PACKED_DTYPE:
            size = np.dtype(_PACKED_DTYPE[kind]).itemsize
            if len(value) % size:
                raise corrupt()
            return np.frombuffer(value, _PACKED_DTYPE[kind]).tolist()
        raw = protowire.packed_varints(value, corrupt)
        if kind == _INT:
            return [protowire.signed(v) for v in raw]
        return [bool(v) for v in raw] if kind == _BOOL else raw
    if kind == _MSG:
        if wire != LENGTH:
            raise corrupt()
        return [decode(value, sub, corrupt)]
    return [_scalar(kind, wire, value, corrupt)]


def _scalar(kind: int, wire: int, value: Any, corrupt: Corrupt) -> Any:
    if wire != _WIRE_OF[kind]:
        raise corrupt()
    if kind == _INT:
        return protowire.signed(value)
    if kind == _UINT:
        return value
    if kind == _BOOL:
        return value != 0
    if kind == _STR:
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise corrupt() from None
    if kind in (_BYTES, _LAZY):
        return bytes(value)
    fmt = {_F32: "<f", _F64: "<d", _FIX32: "<I"}[kind]
    return struct.unpack(fmt, value)[0]


# -- dtypes, shapes and tensors ----------------------------------------------------------------

# TF's DataType enum names, for messages about those graphgate lacks.
TF_DTYPE_NAMES = {
    0: "DT_INVALID",
    8: "DT_COMPLEX64",
    11: "DT_QINT8",
    12: "DT_QUINT8",
    13: "DT_QINT32",
    14: "DT_BFLOAT16",
    15: "DT_QINT16",
    16: "DT_QUINT16",
    18: "DT_COMPLEX128",
    20: "DT_RESOURCE",
    21: "DT_VARIANT",
}


def dtype_of(enum: int) -> Any:
    """graphgate's dtype for a DataType enum value (a `_REF` one included); UNSUPPORTED_DTYPE
    naming TF's type for one graphgate lacks (bfloat16, complex, quantized, resource)."""
    base = enum - 100 if enum > 100 else enum
    if base in TF_DTYPE_NAMES:
        # complex64/128 exist, but a GraphDef's or SavedModel's complex tensors are not
        # read yet (checkpoints read them through tensor_bundle's own table).
        lacks = "does not read" if base in (8, 18) else "has no dtype"
        raise error(
            "UNSUPPORTED_DTYPE",
            f"graphgate {lacks} {TF_DTYPE_NAMES[base]}",
            details={"dtype": TF_DTYPE_NAMES[base]},
        )
    return _dt.as_dtype(base)


def shape_of(proto: dict[str, Any] | None) -> list[int | None] | None:
    """A TensorShapeProto as a list (None for an unknown dim), None for an unknown rank."""
    proto = proto or {}
    if proto.get("unknown_rank"):
        return None
    return [d.get("size", 0) if d.get("size", 0) >= 0 else None for d in proto.get("dim", [])]


_TYPED_VALUES = {
    1: "float_val",
    2: "double_val",
    3: "int_val",
    4: "int_val",
    5: "int_val",
    6: "int_val",
    7: "string_val",
    9: "int64_val",
    10: "bool_val",
    17: "int_val",
    19: "half_val",
    22: "uint32_val",
    23: "uint64_val",
}


# A constant's complex values (`scomplex_val`, `dcomplex_val`): (real, imag) pairs.
_COMPLEX_VALUES = {8: ("scomplex_val", _dt.complex64), 18: ("dcomplex_val", _dt.complex128)}


def tensor_value(proto: dict[str, Any], corrupt: Corrupt) -> np.ndarray:
    """A TensorProto's value: `tensor_content`'s little-endian bytes, or the typed values
    (fewer than the shape holds repeat the last, as TF's `MakeNdarray`)."""
    enum = proto.get("dtype", 0)
    if enum in _COMPLEX_VALUES:
        return _complex_value(proto, enum, corrupt)
    dtype = dtype_of(enum)
    if enum not in _TYPED_VALUES:  # a `_REF` type: no tensor holds one
        raise corrupt()
    shape, n = _known_shape(proto, corrupt)
    _check_expansion(proto, enum, shape, n)
    if enum == 7:
        values = proto.get("string_val", [])
        if len(values) not in (n, 1) and not (n == 0 and not values):
            raise corrupt()
        out = np.empty(n, object)
        out[:] = values * n if len(values) == 1 else values
        return out.reshape(shape)
    np_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
    if (whole := _content(proto, np_dtype, shape, n, corrupt)) is not None:
        return whole
    values = proto.get(_TYPED_VALUES[enum], [])
    if enum == 19:  # half_val holds each float16's bits
        values = np.asarray(values, np.uint16).view(np.float16)
    values = np.asarray(values).astype(np_dtype.newbyteorder("="), copy=False)
    if len(values) > n:
        raise corrupt()
    if len(values) < n:
        fill = values[-1] if len(values) else np.zeros((), values.dtype)
        values = np.concatenate([values, np.full(n - len(values), fill, values.dtype)])
    return values.reshape(shape)


def _known_shape(proto: dict[str, Any], corrupt: Corrupt) -> tuple[list[int], int]:
    """A TensorProto's shape, which must be fully known, and its number of elements."""
    shape = shape_of(proto.get("tensor_shape"))
    if shape is None or any(d is None for d in shape):
        raise corrupt()
    return shape, math.prod(shape)


def _content(
    proto: dict[str, Any], np_dtype: np.dtype, shape: list[int], n: int, corrupt: Corrupt
) -> np.ndarray | None:
    """The value `tensor_content`'s little-endian bytes hold, or None without them."""
    content = proto.get("tensor_content")
    if content is None:
        return None
    if len(content) != n * np_dtype.itemsize:
        raise corrupt()
    return np.frombuffer(content, np_dtype).astype(np_dtype.newbyteorder("=")).reshape(shape)


def tensor_proto(value: np.ndarray) -> bytes:
    """`value` as the TensorProto TF's `SerializeTensor` writes (`AsProtoTensorContent`):
    the dtype, the shape, then the little-endian bytes, or each string as a `string_val`."""
    out = bytearray(b"\x08")
    protowire.write_varint(_dt.as_dtype(value.dtype).as_datatype_enum, out)
    shape = bytearray()
    for size in value.shape:
        dim = bytearray()
        if size:
            dim += b"\x08"
            protowire.write_varint(size, dim)
        protowire.write_length_delimited(2, dim, shape)
    protowire.write_length_delimited(2, shape, out)
    if value.dtype.kind == "O":
        for item in value.reshape(-1):
            protowire.write_length_delimited(8, bytes(item), out)
    elif value.size:
        content = np.ascontiguousarray(value, value.dtype.newbyteorder("<")).tobytes()
        protowire.write_length_delimited(4, content, out)
    return bytes(out)


def _complex_value(proto: dict[str, Any], enum: int, corrupt: Corrupt) -> np.ndarray:
    field, dtype = _COMPLEX_VALUES[enum]
    shape, n = _known_shape(proto, corrupt)
    np_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
    if (whole := _content(proto, np_dtype, shape, n, corrupt)) is not None:
        return whole
    parts = np.asarray(proto.get(field, []), np_dtype.newbyteorder("=").char.lower())
    if len(parts) % 2 or len(parts) // 2 > n:
        raise corrupt()
    if len(parts) // 2 < n and n * np_dtype.itemsize > MAX_EXPANDED_BYTES:
        raise error(
            "TENSOR_TOO_LARGE",
            f"a TensorProto of shape {shape} repeats its values to {n * np_dtype.itemsize} "
            f"bytes, more than graphgate expands ({MAX_EXPANDED_BYTES})",
            details={"shape": shape, "limit": MAX_EXPANDED_BYTES},
        )
    values = parts[0::2] + 1j * parts[1::2] if len(parts) else np.zeros(1)
    values = values.astype(np_dtype.newbyteorder("="))
    if len(values) < n:  # as TF's MakeNdarray, the last value repeats
        values = np.concatenate([values, np.full(n - len(values), values[-1], values.dtype)])
    return values[:n].reshape(shape)


# TF writes a constant of one repeated value as that value once (`tf.constant(0.0, shape=...)`),
# so a few bytes of a GraphDef may ask for any size. Expanding one is bounded before it is
# allocated, at TF's own bound on a tensor in a GraphDef (2 GB: what TF could have written
# out whole), since no `Limits` reach the decoding of a GraphDef's bytes.
MAX_EXPANDED_BYTES = (1 << 31) - 1


def _check_expansion(proto: dict[str, Any], enum: int, shape: list[int], n: int) -> None:
    if proto.get("tensor_content") is not None:
        return  # its bytes are already held, and must match the shape exactly
    given = len(proto.get(_TYPED_VALUES.get(enum, ""), []))
    size = n * (8 if enum == 7 else np.dtype(dtype_of(enum).as_numpy_dtype).itemsize)
    if given < n and size > MAX_EXPANDED_BYTES:
        raise error(
            "TENSOR_TOO_LARGE",
            f"a TensorProto of shape {shape} repeats its {given} values to {size} bytes, "
            f"more than graphgate expands ({MAX_EXPANDED_BYTES})",
            details={"shape": shape, "bytes": size, "limit": MAX_EXPANDED_BYTES},
        )


# -- protobuf's text format (`.pbtxt`, `as_text=True`) ------------------------------------------

_DATA_TYPES = {
    "DT_INVALID": 0,
    "DT_FLOAT": 1,
    "DT_DOUBLE": 2,
    "DT_INT32": 3,
    "DT_UINT8": 4,
    "DT_INT16": 5,
    "DT_INT8": 6,
    "DT_STRING": 7,
    "DT_COMPLEX64": 8,
    "DT_INT64": 9,
    "DT_BOOL": 10,
    "DT_QINT8": 11,
    "DT_QUINT8": 12,
    "DT_QINT32": 13,
    "DT_BFLOAT16": 14,
    "DT_QINT16": 15,
    "DT_QUINT16": 16,
    "DT_UINT16": 17,
    "DT_COMPLEX128": 18,
    "DT_HALF": 19,
    "DT_RESOURCE": 20,
    "DT_VARIANT": 21,
    "DT_UINT32": 22,
    "DT_UINT64": 23,
}
_DATA_TYPES |= {f"{k}_REF": v + 100 for k, v in list(_DATA_TYPES.items()) if v}
# The other enums of the fields read: SaverDef's CheckpointFormatVersion, BundleHeader's
# Endianness.
_DATA_TYPES |= {"LEGACY": 0, "V1": 1, "V2": 2, "LITTLE": 0, "BIG": 1}
_TOKEN = re.compile(
    r"""\s+|\#[^\n]*|(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<word>[-+]?(?:[0-9.]+[eE][-+]?[0-9]+[fF]?|[A-Za-z0-9_.]+))|(?P<punct>[{}<>:\[\],;])""",
    re.DOTALL,
)
_ESCAPE = re.compile(rb"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {b"n": b"\n", b"t": b"\t", b"r": b"\r", b"a": b"\a", b"b": b"\b"}
_SIMPLE_ESCAPES |= {b"f": b"\f", b"v": b"\v"}


def looks_like_text(data: bytes) -> bool:
    """Whether `data` starts as protobuf's text format does: a field name, then `:` or `{`."""
    head = bytes(data[:256])
    return re.match(rb"\s*(#[^\n]*\n\s*)*[A-Za-z_][A-Za-z0-9_]*\s*[:{<]", head) is not None


def parse(data: bytes, schema: Schema, corrupt: Corrupt) -> dict[str, Any]:
    """A message from its binary form, or (where TF reads either) its text form."""
    try:
        return decode(data, schema, corrupt)
    except GraphgateError:
        if not looks_like_text(data):
            raise
    return parse_text(data, schema, corrupt)


def parse_text(data: bytes | str, schema: Schema, corrupt: Corrupt) -> dict[str, Any]:
    """The message of `schema` written in protobuf's text format; unknown fields skipped."""
    try:
        text = bytes(data).decode("utf-8") if not isinstance(data, str) else data
    except UnicodeDecodeError:
        raise corrupt() from None
    tokens = _tokens(text, corrupt)
    try:
        out, pos = _text_message(tokens, 0, schema, None, corrupt)
    except (IndexError, RecursionError):  # the text ends inside a message or a list
        raise corrupt() from None
    if pos != len(tokens):
        raise corrupt()
    return out


def _tokens(text: str, corrupt: Corrupt) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise corrupt()
        pos = m.end()
        if m.lastgroup is not None:
            out.append((m.lastgroup, m.group(m.lastgroup)))
    return out


_BY_NAME_CACHE: dict[int, dict[str, tuple]] = {}


def _by_name(schema: Schema) -> dict[str, tuple]:
    found = _BY_NAME_CACHE.get(id(schema))
    if found is None:
        found = _BY_NAME_CACHE[id(schema)] = {f[0]: f for f in schema.values()}
    return found


def _text_message(tokens: list, pos: int, schema: Schema | None, close: str | None, corrupt):
    out: dict[str, Any] = {}
    fields = _by_name(schema) if schema is not None else {}
    while pos < len(tokens) and tokens[pos][1] != close:
        kind, name = tokens[pos]
        if kind != "word":
            raise corrupt()
        pos += 1
        field = fields.get(name)
        has_colon = pos < len(tokens) and tokens[pos][1] == ":"
        pos += has_colon
        if pos >= len(tokens):
            raise corrupt()
        if tokens[pos][1] == "[":
            pos += 1
            while tokens[pos][1] != "]":
                value, pos = _text_value(tokens, pos, field, corrupt)
                _store(out, field, value)
                if tokens[pos][1] == ",":
                    pos += 1
            pos += 1
        else:
            value, pos = _text_value(tokens, pos, field, corrupt)
            _store(out, field, value)
        if pos < len(tokens) and tokens[pos][1] in (",", ";"):
            pos += 1
    if close is not None:
        if pos >= len(tokens):
            raise corrupt()
        pos += 1
    return out, pos


def _store(out: dict, field: tuple | None, value: Any) -> None:
    if field is None:
        return
    name, kind, repeated, _ = field
    if kind == _MAP:
        key, item = value
        out.setdefault(name, {})[key] = item
    elif repeated:
        out.setdefault(name, []).append(value)
    else:
        out[name] = value


def _text_value(tokens: list, pos: int, field: tuple | None, corrupt) -> tuple[Any, int]:
    kind, token = tokens[pos]
    opens = token in ("{", "<") and kind == "punct"
    # A message for a scalar field, or a scalar for a message or map, is protobuf's parse
    # error; taken, it put a dict where a string goes (or crashed unpacking a map entry).
    if field is not None and opens != (field[1] in (_MSG, _MAP, _LAZY)):
        raise corrupt()
    if opens:
        close = "}" if token == "{" else ">"
        sub = field[3] if field is not None and field[1] in (_MSG, _MAP, _LAZY) else None
        if field is not None and field[1] == _MAP:
            entry, pos = _text_message(tokens, pos + 1, _map_entry_schema(sub), close, corrupt)
            empty = "" if sub is STRING_VALUE else {}
            return (entry.get("key", ""), entry.get("value", empty)), pos
        return _text_message(tokens, pos + 1, sub, close, corrupt)
    pos += 1
    if kind == "str":  # adjacent strings concatenate
        raw = [_unescape(token, corrupt)]
        while pos < len(tokens) and tokens[pos][0] == "str":
            raw.append(_unescape(tokens[pos][1], corrupt))
            pos += 1
        return _text_scalar(b"".join(raw), field, corrupt), pos
    if kind != "word":
        raise corrupt()
    return _text_scalar(token, field, corrupt), pos


def _unescape(token: str, corrupt) -> bytes:
    body = token[1:-1].encode("utf-8")

    def one(m: re.Match) -> bytes:
        code = m.group(1)
        if code[:1] == b"x":
            if len(code) == 1:  # `\x` without hex digits
                raise corrupt()
            return bytes([int(code[1:], 16)])
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


def _text_scalar(value: Any, field: tuple | None, corrupt) -> Any:
    if field is None:
        return None
    kind = field[1]
    try:
        if kind == _BYTES:
            if not isinstance(value, bytes):
                raise corrupt()
            return value
        if kind == _STR:
            if not isinstance(value, bytes):
                raise corrupt()
            return value.decode("utf-8")
        if isinstance(value, bytes):
            raise corrupt()
        if kind == _BOOL:
            if value not in _BOOLS:
                raise corrupt()
            return _BOOLS[value]
        if kind in (_INT, _UINT, _FIX32):
            found = _DATA_TYPES.get(value)
            return found if found is not None else int(value, 0)
        return float(value.rstrip("fF")) if value.lower().lstrip("+-") not in _INF else _inf(value)
    except (ValueError, UnicodeDecodeError):
        raise corrupt() from None


_INF = ("inf", "infinity", "nan")
_BOOLS = {"true": True, "True": True, "t": True, "1": True}
_BOOLS |= {"false": False, "False": False, "f": False, "0": False}


def _inf(value: str) -> float:
    return float(value.lower().replace("infinity", "inf"))


_ENTRY_SCHEMAS: dict[int, Schema] = {}


def _map_entry_schema(value: Schema) -> Schema:
    """A map entry's fields in text: `key: "..." value { ... }`."""
    found = _ENTRY_SCHEMAS.get(id(value))
    if found is None:
        item = _f("value", _STR) if value is STRING_VALUE else _f("value", _MSG, False, value)
        found = _ENTRY_SCHEMAS[id(value)] = {1: _f("key", _STR), 2: item}
    return found


# -- writing -------------------------------------------------------------------------------


def encode(message: dict[str, Any], schema: Schema) -> bytes:
    """The binary form of `message` (a dict as `decode` returns, of `schema`): every field
    present is written, in field-number order as protobuf writes them; a message kept as
    its bytes (`_LAZY`, or bytes given for a message) is written as it is. Repeated numbers
    are packed, as proto3 writes them."""
    out = bytearray()
    for number, (name, kind, repeated, sub) in sorted(schema.items()):
        if name not in message:
            continue
        value = message[name]
        if kind == _MAP:
            for key in sorted(value):
                entry = bytearray()
                protowire.write_length_delimited(1, key.encode("utf-8"), entry)
                item = value[key]
                payload = item.encode("utf-8") if sub is STRING_VALUE else encode(item, sub)
                protowire.write_length_delimited(2, payload, entry)
                protowire.write_length_delimited(number, entry, out)
        elif repeated and _WIRE_OF[kind] != LENGTH:
            packed = bytearray()
            for item in value:
                _write_scalar(kind, item, packed)
            protowire.write_length_delimited(number, packed, out)
        else:
            for item in value if repeated else (value,):
                _write_field(number, kind, sub, item, out)
    return bytes(out)


def _write_field(number: int, kind: int, sub: Any, value: Any, out: bytearray) -> None:
    if kind in (_MSG, _LAZY):
        payload = value if isinstance(value, bytes | bytearray) else encode(value, sub)
        protowire.write_length_delimited(number, payload, out)
    elif kind in (_STR, _BYTES):
        payload = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        protowire.write_length_delimited(number, payload, out)
    else:
        protowire.write_varint(number << 3 | _WIRE_OF[kind], out)
        _write_scalar(kind, value, out)


def _write_scalar(kind: int, value: Any, out: bytearray) -> None:
    if kind in (_INT, _UINT, _BOOL):
        protowire.write_varint(int(value), out)
    else:
        out += struct.pack({_F32: "<f", _F64: "<d", _FIX32: "<I"}[kind], value)


_ENUM_NAMES = {v: k for k, v in _DATA_TYPES.items() if k.startswith("DT_")}
# Fields TF's text format writes as enum names: DataTypes, and SaverDef's format version.
_DTYPE_FIELDS = frozenset(("dtype", "type"))


def to_text(message: dict[str, Any], schema: Schema, indent: int = 0) -> str:
    """`message` in protobuf's text format, as TF's `text_format.MessageToString` writes
    it (two spaces a level, fields in number order, DataTypes by name)."""
    lines: list[str] = []
    pad = " " * indent
    for _number, (name, kind, repeated, sub) in sorted(schema.items()):
        if name not in message:
            continue
        value = message[name]
        if kind == _MAP:
            entry = _map_entry_schema(sub)
            for key in sorted(value):
                body = to_text({"key": key, "value": value[key]}, entry, indent + 2)
                lines.append(f"{pad}{name} {{\n{body}{pad}}}\n")
            continue
        for item in value if repeated else (value,):
            if kind in (_MSG, _LAZY):
                item = decode(item, sub, _corrupt_written) if isinstance(item, bytes) else item
                lines.append(f"{pad}{name} {{\n{to_text(item, sub, indent + 2)}{pad}}}\n")
            else:
                lines.append(f"{pad}{name}: {_text_of_scalar(name, kind, schema, item)}\n")
    return "".join(lines)


def _corrupt_written() -> GraphgateError:
    return error("INVALID_PROTO", "a message written as bytes is not the message it names")


def _text_of_scalar(name: str, kind: int, schema: Schema, value: Any) -> str:
    if kind in (_STR, _BYTES):
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        return '"' + "".join(_escaped(b) for b in raw) + '"'
    if kind == _BOOL:
        return "true" if value else "false"
    if kind == _INT and name in _DTYPE_FIELDS and value in _ENUM_NAMES:
        return _ENUM_NAMES[value]
    if schema is SAVER_DEF and name == "version":
        return {0: "LEGACY", 1: "V1", 2: "V2"}.get(value, str(value))
    if kind in (_F32, _F64):
        return _float_text(value, kind)
    return str(value)


def _escaped(b: int) -> str:
    # As protobuf's CEscape: printable ASCII as it is, quotes and backslash escaped, the
    # rest as three octal digits (UTF-8 text too, as TF's text_format writes bytes fields).
    special = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x27: "\\'", 0x5C: "\\\\"}
    if b in special:
        return special[b]
    return chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}"


def _float_text(value: float, kind: int) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    # As protobuf's SimpleFtoa/SimpleDtoa: %g with the type's digits, more if they do not
    # read back as the same value (10000 is `10000`, 1e-10 `1e-10`).
    if kind == _F32:
        short = f"{value:.6g}"
        return short if np.float32(float(short)) == np.float32(value) else f"{value:.9g}"
    short = f"{value:.15g}"
    return short if float(short) == value else f"{value:.17g}"
