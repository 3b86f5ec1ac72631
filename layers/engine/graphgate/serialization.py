"""The wire format: graphs and tensors as JSON-ready dicts (see docs/wire-format.md).

A graph document is data only: named nodes, their op type, inputs and attributes. Tensors
travel as Open Inference Protocol objects `{"datatype", "shape", "data"}` (or `"b64"` with
raw little-endian row-major bytes). JSON has no NaN or Infinity tokens, so in `data`
non-finite floats are the strings "NaN", "Infinity" and "-Infinity" (the proto3 JSON rule).
"""

from __future__ import annotations

import base64
import binascii
import heapq
import io
import math
import os
import re
import tokenize
import zipfile
from collections.abc import Callable
from typing import Any

import numpy as np

from . import devices as _devices
from . import dtypes as _dt
from .errors import GraphgateError, error
from .graph import _NAME_RE, Graph, Operation, Tensor
from .limits import DEFAULT_LIMITS, Limits, tensor_bytes, tensor_too_large
from .ops import control_flow_ops as _cf
from .ops import registry as _registry
from .ops import script_ops as _script
from .ops.registry import REQUIRED, num_elements
from .ops.state_ops import Variable

FORMAT = "graphgate.graph/v1"
# v2 adds control flow: ops holding bodies (attribute kind "body"). A graph without them is
# still written as v1, so every v1 reader keeps reading it.
FORMAT_V2 = "graphgate.graph/v2"
FORMATS = (FORMAT, FORMAT_V2)
_BODY_KEYS = frozenset(("nodes", "args", "outputs", "targets"))
_FORMAT_RE = re.compile(r"graphgate\.graph/v(\d+)\Z")
_NODE_KEYS = frozenset(("name", "op", "inputs", "control_inputs", "attrs", "device"))
# A node's device (TF's NodeDef.device, a label only) rides in its parsed attrs under this
# key, which no op's attribute can have, and is set on the op once it is created.
_DEVICE = "@device"
_TENSOR_KEYS = frozenset(("datatype", "shape", "data", "b64"))
_NONFINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
# numpy's own limit (NPY_MAXDIMS): a deeper shape cannot be an array at all.
MAX_RANK = 64
_MAX_ARRAY_BYTES = 2**63 - 1  # numpy's intp


# -- tensors -------------------------------------------------------------------------------


def encode_tensor(value: Any, *, b64: bool = False) -> dict[str, Any]:
    """Encode an array as `{"datatype", "shape", "data"}` (flat, row-major) or with `"b64"`.

    Floats survive bit for bit: lists carry each value's shortest exact repr, non-finite
    values as "NaN"/"Infinity"/"-Infinity"; base64 carries NaN payloads too.
    """
    arr = np.asarray(value)
    if arr.dtype not in _dt.TO_OIP or arr.dtype.kind == "O":
        arr = _dt.default_array(value)
    if arr.dtype.kind == "c":
        raise _no_complex(arr.dtype)
    out: dict[str, Any] = {"datatype": _dt.TO_OIP[arr.dtype], "shape": list(arr.shape)}
    if arr.dtype.kind == "O":
        return _encode_strings(arr, out, b64)
    if b64:
        raw = np.ascontiguousarray(arr, arr.dtype.newbyteorder("<")).tobytes()
        out["b64"] = base64.b64encode(raw).decode("ascii")
        return out
    flat = arr.ravel()
    data = flat.tolist()
    if arr.dtype in _dt.FLOATS:
        bad = np.flatnonzero(~np.isfinite(flat))
        for i in bad.tolist():
            v = data[i]
            data[i] = "NaN" if v != v else "Infinity" if v > 0 else "-Infinity"
    out["data"] = data
    return out


def _encode_strings(arr: np.ndarray, out: dict[str, Any], b64: bool) -> dict[str, Any]:
    """BYTES: each entry as text when it is UTF-8, else as `{"b64": ...}` (TF Serving's
    REST convention); `b64` packs the whole tensor as Triton's raw BYTES layout."""
    if b64:
        out["b64"] = base64.b64encode(_dt.pack_strings(arr)).decode("ascii")
        return out
    out["data"] = [_json_string(v) for v in arr.reshape(-1).tolist()]
    return out


def _json_string(v: bytes) -> str | dict[str, str]:
    try:
        return v.decode()
    except UnicodeDecodeError:
        return {"b64": base64.b64encode(v).decode("ascii")}


def json_values(arr: np.ndarray) -> Any:
    """`arr.tolist()` that JSON can write: a string tensor's entries as text, or as
    `{"b64": ...}` when not UTF-8 (TF Serving's REST answers)."""
    if arr.dtype.kind != "O":
        return arr.tolist()
    return np.vectorize(_json_string, otypes=[object])(arr).tolist() if arr.size else arr.tolist()


def _decode_strings(obj: dict, shape: list, n: int, node: str | None) -> np.ndarray:
    if "b64" in obj:
        raw = _b64_bytes(obj["b64"], node)
        try:
            return _dt.unpack_strings(raw, shape)
        except ValueError as exc:
            why = f"BYTES b64 is not {n} length-prefixed entries: {exc}"
            raise _tensor_error(why, node, "encoding") from None
    flat: list[bytes] = []
    stack = [obj["data"]]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str):
            flat.append(item.encode())
        elif isinstance(item, dict) and set(item) == {"b64"}:
            flat.append(_b64_bytes(item["b64"], node))
        else:
            raise _tensor_error(
                f'BYTES data holds strings or {{"b64": ...}} objects, not {item!r:.20}',
                node,
                "value",
            )
    if len(flat) != n:
        raise _tensor_error(f"data has {len(flat)} values; shape {shape} needs {n}", node, "shape")
    out = np.empty(n, object)
    out[:] = flat
    return out.reshape(shape)


def _b64_bytes(text: Any, node: str | None) -> bytes:
    if not isinstance(text, str):
        raise _tensor_error("b64 must be a string", node, "encoding")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _tensor_error("b64 is not valid base64", node, "encoding") from None


# -- .npz archives ---------------------------------------------------------------------------

# npz keeps no object arrays without pickle, which no reader here allows: a string tensor
# is written under its name plus this suffix (names have no ':'), as uint8 bytes: its rank
# and dims (little-endian int64), then its entries packed as the wire's BYTES b64.
NPZ_STRINGS_SUFFIX = ":BYTES"


def npz_dumps(arrays: dict[str, Any]) -> bytes:
    """Arrays (strings included) as the bytes of an .npz archive `npz_loads` reads."""
    out = {}
    for name, value in arrays.items():
        arr = np.asarray(value)
        if arr.dtype.kind == "O":
            head = np.array([arr.ndim, *arr.shape], "<i8").tobytes()
            out[name + NPZ_STRINGS_SUFFIX] = np.frombuffer(head + _dt.pack_strings(arr), np.uint8)
        else:
            out[name] = arr
    buffer = io.BytesIO()
    savez(buffer, out, allow_pickle=False)
    return buffer.getvalue()


def savez(file: Any, arrays: dict[str, Any], allow_pickle: bool = True) -> None:
    """`numpy.savez(file, **arrays)`, member for member (`name.npy`, stored, zip64), with
    the names kept out of savez's own keywords: an array named `file` (a variable's name,
    a batch output's) was a TypeError, a 500 on every session of its graph, and one
    named `allow_pickle` was taken for that flag and silently left out of the archive."""
    if isinstance(file, str | os.PathLike) and not os.fspath(file).endswith(".npz"):
        file = os.fspath(file) + ".npz"  # as numpy.savez names a path
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, value in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(value), allow_pickle=allow_pickle)


def npy_loads(blob: bytes) -> np.ndarray:
    """The array of an .npy file (never unpickling, never an .npz), its header checked
    against its size before anything is allocated; ValueError when it is malformed."""
    stream = io.BytesIO(blob)
    version = np.lib.format.read_magic(stream)  # ValueError without the .npy magic
    read_header = {
        (1, 0): np.lib.format.read_array_header_1_0,
        (2, 0): np.lib.format.read_array_header_2_0,
    }.get(version)
    if read_header is None:
        raise ValueError(f"unsupported .npy version {version}")
    try:
        shape, _, dtype = read_header(stream)
    except (SyntaxError, TypeError, EOFError, tokenize.TokenError) as exc:
        # numpy's header parser lets its tokenizer's and comparisons' errors through.
        raise ValueError(f"the .npy header does not parse: {exc}") from None
    if dtype.hasobject:
        raise ValueError("an .npy of Python objects is never unpickled")
    if math.prod(shape) * dtype.itemsize != len(blob) - stream.tell():
        raise ValueError("the .npy file's size does not match its header (cut, or padded)")
    return np.load(io.BytesIO(blob), allow_pickle=False)


def npz_loads(blob: bytes) -> dict[str, np.ndarray]:
    """The arrays of an .npz archive (never unpickling); ValueError when it is malformed."""
    out = {}
    with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
        # By the members' own names: numpy's `archive["x.npy"]` is member `x.npy` (array
        # `x`) before `x.npy.npy` (array `x.npy`), so of variables `x` and `x.npy` (both
        # TF names) each read `x`'s value.
        for member in archive.zip.namelist():
            value = archive[member]
            if not isinstance(value, np.ndarray):  # numpy's raw bytes of a non-.npy member
                raise ValueError(f"member {member!r} is not a .npy array")
            name = member.removesuffix(".npy")
            if name.endswith(NPZ_STRINGS_SUFFIX):
                name, value = name.removesuffix(NPZ_STRINGS_SUFFIX), _npz_strings(value)
            if name in out:  # `x` and `x.npy`, or one member twice: which is meant?
                raise ValueError(f"two members of the archive are array {name[:80]!r}")
            out[name] = value
    return out


def _npz_strings(value: np.ndarray) -> np.ndarray:
    raw = value.tobytes()
    ndim = int.from_bytes(raw[:8], "little")
    if value.dtype != np.uint8 or not 0 <= ndim <= 64 or len(raw) < 8 + 8 * ndim:
        raise ValueError("a packed string tensor's header is cut")
    shape = np.frombuffer(raw[8 : 8 + 8 * ndim], "<i8")
    if (shape < 0).any():
        raise ValueError("a packed string tensor has a negative dimension")
    return _dt.unpack_strings(raw[8 + 8 * ndim :], tuple(int(d) for d in shape))


# What an INVALID_TENSOR's `details.problem` says is wrong, for a caller that answers each
# differently (a prediction's INPUT_* codes): the data do not fill the shape (or the shape
# is no shape), a value the datatype does not hold, bytes that do not decode, or the
# tensor object itself (not an object, unknown fields, neither or both of data and b64).
TENSOR_PROBLEMS = ("shape", "value", "encoding", "form")


def _tensor_error(message: str, node: str | None, problem: str, **details: Any) -> GraphgateError:
    return error("INVALID_TENSOR", message, node=node, details={"problem": problem, **details})


def decode_tensor(obj: Any, *, limits: Limits | None = None, node: str | None = None) -> np.ndarray:
    """Decode a tensor object; raises INVALID_TENSOR, UNSUPPORTED_DTYPE, TENSOR_TOO_LARGE
    or VALUE_NOT_REPRESENTABLE with a precise message."""
    limits = limits or DEFAULT_LIMITS
    if not isinstance(obj, dict):
        raise _tensor_error(
            "a tensor must be an object with datatype, shape and data", node, "form"
        )
    extra = set(obj) - _TENSOR_KEYS
    if extra:
        raise _tensor_error(f"unknown tensor fields {sorted(extra)}", node, "form")
    name = obj.get("datatype")
    dtype = _dt.FROM_OIP.get(name) if isinstance(name, str) else None
    if dtype is None:
        raise error(
            "UNSUPPORTED_DTYPE",
            f"unsupported datatype {name!r}",
            node=node,
            details={"datatype": name, "supported": sorted(_dt.FROM_OIP)},
        )
    shape = obj.get("shape")
    if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
        raise _tensor_error("shape must be a list of non-negative integers", node, "shape")
    if len(shape) > MAX_RANK:
        raise _tensor_error(
            f"shape has {len(shape)} dimensions; a tensor has at most {MAX_RANK}", node, "shape"
        )
    n = math.prod(shape)
    if limits.max_tensor_elements is not None and n > limits.max_tensor_elements:
        raise error(
            "TENSOR_TOO_LARGE",
            f"a tensor of shape {shape} has {n} elements, more "
            f"than the limit of {limits.max_tensor_elements}",
            node=node,
            details={"shape": shape, "elements": n, "limit": limits.max_tensor_elements},
        )
    # numpy sizes an array by the product of its non-zero dimensions, so an empty shape
    # such as [0, 2**40, 2**40] passes the element limit above yet no array can have it.
    if math.prod(d for d in shape if d) * dtype.itemsize > _MAX_ARRAY_BYTES:
        raise _tensor_error(f"no array has shape {shape}: it is too large", node, "shape")
    has_data, has_b64 = "data" in obj, "b64" in obj
    if has_data == has_b64:
        raise _tensor_error("a tensor needs exactly one of data and b64", node, "form")
    if dtype is _dt.string:
        return _decode_strings(obj, shape, n, node)
    if has_b64:
        return _decode_b64(obj["b64"], shape, n, dtype, node)
    return _decode_list(obj["data"], shape, n, dtype, node)


def _decode_b64(text: Any, shape: list, n: int, dtype: np.dtype, node: str | None) -> np.ndarray:
    raw = _b64_bytes(text, node)
    if len(raw) != n * dtype.itemsize:
        raise _tensor_error(
            f"b64 holds {len(raw)} bytes; shape {shape} of "
            f"{_dt.TO_OIP[dtype]} needs {n * dtype.itemsize}",
            node,
            "shape",
        )
    if dtype == _dt.bool_:
        raw_u8 = np.frombuffer(raw, np.uint8)
        if raw_u8.size and raw_u8.max() > 1:
            raise _tensor_error("BOOL bytes must be 0 or 1", node, "value")
    arr = np.frombuffer(raw, dtype.newbyteorder("<")).astype(dtype)
    return arr.reshape(shape)


def _flatten_checked(data: Any, dtype: np.dtype, node: str | None) -> list:
    """Walk nested lists numpy did not read as numbers: only the non-finite tokens, only in
    floats, beside numbers (booleans in BOOL data)."""
    out: list = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str):
            if dtype not in _dt.FLOATS or item not in _NONFINITE:
                raise _tensor_error(
                    f"unexpected string {item[:20]!r} in {_dt.TO_OIP[dtype]} "
                    'data (only "NaN", "Infinity", "-Infinity" in floats)',
                    node,
                    "value",
                )
            out.append(_NONFINITE[item])
        elif (type(item) is bool) != (dtype == _dt.bool_) or not isinstance(item, int | float):
            raise _tensor_error(
                f"unexpected value {item!r:.20} in {_dt.TO_OIP[dtype]} data", node, "value"
            )
        else:
            out.append(item)
    return out


def _decode_list(data: Any, shape: list, n: int, dtype: np.dtype, node: str | None) -> np.ndarray:
    try:
        arr = np.asarray(data)
    except (ValueError, OverflowError):
        raise _tensor_error(
            "data is ragged: nested lists of different lengths", node, "shape"
        ) from None
    kind = arr.dtype.kind
    if kind in "USO" and arr.size:
        arr = _leaf_numbers(data, arr.shape, dtype, node)
    elif arr.size and (
        (kind == "b") != (dtype == _dt.bool_) or (kind != "b" and _dt.holds_bool(data, arr.ndim))
    ):
        raise _tensor_error(
            f"{_dt.TO_OIP[dtype]} data must hold "
            f"{'true/false' if dtype == _dt.bool_ else 'numbers'}",
            node,
            "value",
        )
    elif kind == "f":
        arr = _exact_ints(data, arr, dtype, node)
    if arr.size != n:
        raise _tensor_error(
            f"data has {arr.size} values; shape {shape} needs {n}", node, "shape", shape=shape
        )
    if arr.shape != tuple(shape):
        if arr.ndim > 1:
            raise _tensor_error(
                f"nested data has shape {list(arr.shape)}, not {shape}", node, "shape"
            )
        arr = arr.reshape(shape)
    if not arr.size:
        return np.zeros(shape, dtype)
    try:
        return np.array(_dt.convert(arr, dtype), copy=True)
    except GraphgateError as exc:
        exc.node = node
        raise


def _leaf_numbers(data: Any, nested: tuple, dtype: np.dtype, node: str | None) -> np.ndarray:
    """Data numpy read as text or objects — the non-finite tokens, or Python ints it holds
    as objects (past 64 bits, or int64's and uint64's ranges mixed) — read leaf by leaf,
    its nesting kept for the shape check (a token once let nested data of another shape
    through), every int exact for an integer dtype."""
    flat = _flatten_checked(data, dtype, node)
    try:
        wide = np.array(flat, np.float64)
    except OverflowError:
        raise error(
            "VALUE_NOT_REPRESENTABLE",
            f"data holds values that do not fit {_dt.TO_OIP[dtype]}",
            node=node,
            details={"datatype": _dt.TO_OIP[dtype]},
        ) from None
    return _exact_ints(flat, wide, dtype, node).reshape(nested)


def _exact_ints(data: Any, arr: np.ndarray, dtype: np.dtype, node: str | None) -> np.ndarray:
    try:
        return _dt.exact_ints(data, arr, dtype)
    except GraphgateError as exc:
        exc.node = node  # the tensor's name, as convert's refusals carry it
        raise


# -- attributes ----------------------------------------------------------------------------


def _encode_float(v: float) -> float | str:
    if math.isfinite(v):
        return v
    return "NaN" if v != v else "Infinity" if v > 0 else "-Infinity"


def _encode_attr(kind: str, v: Any, b64_over: int | None = None) -> Any:
    if v is None:
        return None
    if kind == "tensor" and b64_over is not None:
        return encode_tensor(v, b64=np.size(v) > b64_over)
    return _ENCODERS[kind](v)


def _identity(v: Any) -> Any:
    return v


def _encode_int_or_list(v: Any) -> Any:
    return v if isinstance(v, int) else list(v)


def _encode_body(v: Any) -> dict[str, Any]:
    body = {
        "nodes": [op.name for op in v.ops],
        "args": [t.op.name for t in v.args],
        "outputs": [_ref(t) for t in v.outputs],
    }
    if v.targets:
        body["targets"] = [op.name for op in v.targets]
    return body


def _encode_index_item(it: Any) -> Any:
    if it is Ellipsis:
        return "..."
    if it is None:
        return "newaxis"
    if isinstance(it, slice):
        return {"start": it.start, "stop": it.stop, "step": it.step}
    return it


class _AttrError(Exception):
    pass


def _int(v: Any) -> int:
    if type(v) is not int:
        raise _AttrError("an integer")
    return v


def _ints(v: Any) -> tuple[int, ...]:
    if not isinstance(v, list):
        raise _AttrError("a list of integers")
    return tuple(_int(x) for x in v)


def _floats(v: Any) -> tuple[float, ...]:
    if not isinstance(v, list):
        raise _AttrError("a list of numbers")
    return tuple(_decode_float(x) for x in v)


def _decode_attr(kind: str, v: Any, limits: Limits, node: str) -> Any:
    return _DECODERS[kind](v, limits, node)


def _plain(decode: Callable[[Any], Any]) -> Callable[[Any, Limits, str], Any]:
    """A decoder that needs neither the limits nor the node's name."""
    return lambda v, limits, node: decode(v)


def _decode_dtype(v: Any) -> Any:
    if not isinstance(v, str) or v not in _dt.FROM_OIP:
        raise _AttrError(f"one of {sorted(_dt.FROM_OIP)}")
    return _dt.FROM_OIP[v]


def _decode_tensor_attr(v: Any, limits: Limits, node: str) -> np.ndarray:
    arr = decode_tensor(v, limits=limits, node=node)
    arr.flags.writeable = False
    return arr


def _decode_float(v: Any) -> float:
    if isinstance(v, str) and v in _NONFINITE:
        return _NONFINITE[v]
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise _AttrError("a number")
    return float(v)


def _decode_bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise _AttrError("true or false")
    return v


def _decode_str(v: Any) -> str:
    if not isinstance(v, str):
        raise _AttrError("a string")
    return v


def _decode_shape(v: Any) -> tuple:
    if not isinstance(v, list) or not all(d is None or (type(d) is int and d >= 0) for d in v):
        raise _AttrError("a list of non-negative integers or nulls")
    return tuple(v)


def _int_or_ints(v: Any) -> int | tuple[int, ...]:
    return _int(v) if not isinstance(v, list) else _ints(v)


def _decode_pads(v: Any) -> tuple:
    if not isinstance(v, list):
        raise _AttrError("a list of [before, after] pairs")
    pairs = tuple(_ints(p) for p in v)
    if any(len(p) != 2 for p in pairs):
        raise _AttrError("a list of [before, after] pairs")
    return pairs


def _decode_index(v: Any) -> tuple:
    if not isinstance(v, list):
        raise _AttrError("a list of index items")
    return tuple(_decode_index_item(it) for it in v)


class _BodyRefs:
    """A body as named in a document, resolved into a `Body` once its nodes exist."""

    __slots__ = ("args", "nodes", "outputs", "targets")

    def __init__(self, nodes, args, outputs, targets):
        self.nodes, self.args, self.outputs, self.targets = nodes, args, outputs, targets

    def names(self) -> list[str]:
        return [*self.nodes, *self.args, *(r for r, _ in self.outputs), *self.targets]

    def prefixed(self, prefix: str) -> _BodyRefs:
        if not prefix:
            return self
        return _BodyRefs(
            [prefix + n for n in self.nodes],
            [prefix + a for a in self.args],
            [(prefix + r, i) for r, i in self.outputs],
            [prefix + t for t in self.targets],
        )


def _decode_body(v: Any, node: str) -> _BodyRefs:
    what = "an object with lists nodes, args, outputs (and targets)"
    if not isinstance(v, dict) or set(v) - _BODY_KEYS or not {"nodes", "outputs"} <= set(v):
        raise _AttrError(what)
    lists = {k: v.get(k, []) for k in _BODY_KEYS}
    if not all(isinstance(x, list) for x in lists.values()):
        raise _AttrError(what)
    names = {k: [_parse_ref(r, node, "body nodes")[0] for r in lists[k]] for k in lists}
    outputs = [_parse_ref(r, node, "body outputs") for r in lists["outputs"]]
    return _BodyRefs(names["nodes"], names["args"], outputs, names["targets"])


def body_node_names(node: dict[str, Any]) -> list[str]:
    """The names of the nodes a document node's bodies (a while loop's cond and body, a
    cond's branches, a dataset function) hold: what it needs besides its inputs, which a
    walk over inputs alone (extracting a subgraph, freezing) would otherwise leave out."""
    op_type = node.get("op")
    definition = _registry.known(op_type) if isinstance(op_type, str) else None
    attrs = node.get("attrs")
    if definition is None or not isinstance(attrs, dict):
        return []
    names: list[str] = []
    for key, value in attrs.items():
        if definition.attrs.get(key, ("",))[0] == "body":
            names.extend(_decode_body(value, node.get("name", "")).names())
    return names


def _decode_index_item(it: Any) -> Any:
    if it == "...":
        return Ellipsis
    if it == "newaxis":
        return None
    if isinstance(it, dict):
        if set(it) - {"start", "stop", "step"}:
            raise _AttrError("slices as {start, stop, step}")
        parts = [it.get(k) for k in ("start", "stop", "step")]
        if any(p is not None and type(p) is not int for p in parts):
            raise _AttrError("slices with integer or null bounds")
        return slice(*parts)
    return _int(it)


# One encoder and one decoder per kind of ATTR_KINDS (ops/registry.py, the table of
# kinds); a test holds both to that table.
def _encode_dtype(v: Any) -> str:
    if v in _dt.COMPLEX:
        raise _no_complex(v)
    return _dt.TO_OIP[v]


def _no_complex(dtype: Any) -> Exception:
    # The Open Inference Protocol has no complex datatype; a spectrogram leaves the engine
    # as its real parts (tf.real/tf.imag) or its magnitude (tf.abs).
    return error(
        "UNSUPPORTED_DTYPE",
        f"{_dt.as_dtype(dtype).name} tensors cannot be written in the wire format (it has "
        "no complex datatype): send tf.real/tf.imag or tf.abs of them",
        details={"dtype": _dt.as_dtype(dtype).name, "supported": sorted(_dt.FROM_OIP)},
    )


_ENCODERS: dict[str, Callable[[Any], Any]] = {
    "dtype": _encode_dtype,
    "shape": _encode_int_or_list,
    "tensor": encode_tensor,
    "int": _identity,
    "float": lambda v: _encode_float(float(v)),
    "bool": _identity,
    "str": _identity,
    "ints": _encode_int_or_list,
    "floats": lambda v: [_encode_float(float(x)) for x in v],
    "axes": _encode_int_or_list,
    "index": lambda v: [_encode_index_item(it) for it in v],
    "pads": lambda v: [list(p) for p in v],
    "splits": _encode_int_or_list,
    "seed": _identity,
    "body": _encode_body,
}
_DECODERS: dict[str, Callable[[Any, Limits, str], Any]] = {
    "dtype": _plain(_decode_dtype),
    "shape": _plain(_decode_shape),
    "tensor": _decode_tensor_attr,
    "int": _plain(_int),
    "float": _plain(_decode_float),
    "bool": _plain(_decode_bool),
    "str": _plain(_decode_str),
    "ints": _plain(_ints),
    "floats": _plain(_floats),
    "axes": _plain(_int_or_ints),
    "index": _plain(_decode_index),
    "pads": _plain(_decode_pads),
    "splits": _plain(_int_or_ints),
    "seed": _plain(_int),
    "body": lambda v, limits, node: _decode_body(v, node),
}


def node_attrs(op_type: str, raw: Any, limits: Limits, node: str) -> dict[str, Any]:
    """A node's attributes as a document writes them (`node_to_dict`), decoded and checked."""
    return _decode_attrs(op_type, raw, limits, node)


def _decode_attrs(op_type: str, raw: Any, limits: Limits, node: str) -> dict[str, Any]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise error("INVALID_DOCUMENT", "attrs must be an object", node=node)
    definition = _registry.known(op_type)
    if definition is None:  # a Keras op layer's config names its op by type
        raise error(
            "UNKNOWN_OP", f"unknown op type {op_type!r}", node=node, details={"op": op_type}
        )
    specs = definition.attrs
    unknown = set(raw) - set(specs)
    if unknown:
        raise error(
            "INVALID_ATTR",
            f"{op_type} has no attribute {sorted(unknown)[0]!r}",
            node=node,
            details={"op": op_type, "attr": sorted(unknown)[0], "known": sorted(specs)},
        )
    attrs: dict[str, Any] = {}
    for name, (kind, default) in specs.items():
        if name not in raw or raw[name] is None:
            if default is REQUIRED:
                raise error(
                    "INVALID_ATTR",
                    f"{op_type} needs the attribute {name!r}",
                    node=node,
                    details={"op": op_type, "attr": name},
                )
            if name in raw or default is not None:
                attrs[name] = default
            continue
        try:
            attrs[name] = _decode_attr(kind, raw[name], limits, node)
        except _AttrError as exc:
            raise error(
                "INVALID_ATTR",
                f"attribute {name!r} of {op_type} must be {exc}",
                node=node,
                details={"op": op_type, "attr": name},
            ) from None
    check_output_count(op_type, declared_outputs(op_type, attrs), limits, node)
    return attrs


# The attributes that say how many outputs a node has (TF's `name*n` output lists): an
# int, or a list with one entry an output (Split's sizes). Each output is a tensor made as
# the node is read, costing about what a node costs, so a node's outputs are held to the
# graph's node limit: 10**7 partitions in a 200-byte document held the graphs function at
# +1.4 GB before anything ran, and a Split into 10**6 even parts 280 MB and 15 s.
OUTPUT_COUNT_ATTRS = {
    "CTCBeamSearchDecoder": ("top_paths",),
    "DynamicPartition": ("num_partitions",),
    "ParseExampleV2": ("num_sparse",),
    "ParseSequenceExampleV2": ("num_context_sparse", "num_feature_list_sparse"),
    "SparseSplit": ("num_split",),
    "Split": ("num_or_size_splits",),
    "SplitV": ("num",),
    "Unpack": ("num",),
}


def declared_outputs(op_type: str, attrs: dict) -> int:
    """How many outputs `attrs` give a node of `op_type` through its count attributes."""
    counts = (attrs.get(name) for name in OUTPUT_COUNT_ATTRS.get(op_type, ()))
    return sum(_count(c) for c in counts)


def _count(value: Any) -> int:
    if isinstance(value, list | tuple):
        return len(value)
    return value if isinstance(value, int) and value > 0 else 0


def check_output_count(op_type: str, count: int, limits: Limits, node: str) -> None:
    """`count` outputs declared so far (a node's, or a graph's together) fit the limit."""
    if limits.max_nodes is not None and count > limits.max_nodes:
        raise error(
            "GRAPH_TOO_LARGE",
            f"the output counts of this {op_type} (and of the nodes before it) make {count} "
            f"outputs, more than the limit of {limits.max_nodes} nodes a graph may have",
            node=node,
            details={"op": op_type, "outputs": count, "limit": limits.max_nodes},
        )


# -- graphs --------------------------------------------------------------------------------


def _ref(t: Tensor) -> str:
    return t.op.name if t.value_index == 0 else t.name


def _is_default(value: Any, default: Any) -> bool:
    return (
        default is not REQUIRED
        and default is not None
        and type(value) is type(default)
        and value == default
    )


def graph_to_dict(
    graph: Graph, *, b64_over: int | None = None, python_functions: bool = False
) -> dict[str, Any]:
    """The graph as a `graphgate.graph/v1` document (JSON-ready, strict JSON), or v2 when
    it holds control flow; attributes equal to their defaults are left out. Constants of
    more than `b64_over` elements are written as base64 rather than lists of numbers
    (a fraction of the size and memory, for imported models' weights). A `py_func` node is
    PYTHON_FUNCTION unless `python_functions` (meta graphs, which TF writes with them)."""
    nodes = []
    fmt = FORMAT
    for op in graph.op_list:
        if op.type in _script.PYTHON_OP_TYPES and not python_functions:
            raise _script.refuse(op.name)
        node = node_to_dict(op, b64_over)
        specs = op.definition.attrs
        if any(specs[k][0] == "body" for k in node.get("attrs", ())):
            fmt = FORMAT_V2
        nodes.append(node)
    return {"format": fmt, "nodes": nodes}


def node_to_dict(op: Operation, b64_over: int | None = None) -> dict[str, Any]:
    """One node of a graph document: name, op type, inputs, control inputs and the
    attributes that differ from their defaults (also `Operation.node_def`)."""
    node: dict[str, Any] = {"name": op.name, "op": op.type}
    if op.inputs:
        node["inputs"] = [_ref(t) for t in op.inputs]
    if op.control_inputs:
        node["control_inputs"] = [c.name for c in op.control_inputs]
    specs = op.definition.attrs
    attrs = {
        k: _encode_attr(specs[k][0], v, b64_over)
        for k, v in op.attrs.items()
        if v is not None and not _is_default(v, specs[k][1])
    }
    if attrs:
        node["attrs"] = attrs
    if op.device:
        node["device"] = op.device
    return node


def _parse_ref(ref: Any, node: str, what: str) -> tuple[str, int]:
    if not isinstance(ref, str) or not ref:
        raise error("INVALID_DOCUMENT", f"{what} must be node names", node=node)
    name, sep, index = ref.rpartition(":")
    if not sep:
        return ref, 0
    if not index.isdigit() or (len(index) > 1 and index[0] == "0"):
        raise error("UNKNOWN_INPUT", f"bad reference {ref!r}", node=node, details={"input": ref})
    return name, int(index)


def graph_from_dict(doc: Any, limits: Limits | None = None) -> Graph:
    """Build and validate a graph from a `graphgate.graph/v1` document.

    Every node is checked before anything runs: structure, names, op types, attributes,
    references, cycles, arity, shapes and dtypes, and the limits on nodes, tensor elements
    and constant bytes.

    Raises
    ------
    GraphgateError
        With `code` such as UNKNOWN_OP, WRONG_ARITY, UNKNOWN_INPUT, DUPLICATE_NAME,
        GRAPH_CYCLE (`details["cycle"]`), SHAPE_MISMATCH, DTYPE_MISMATCH, GRAPH_TOO_LARGE,
        and `node` naming the node concerned.
    """
    limits = limits or DEFAULT_LIMITS
    parsed, order, n_ctrl = parse_document(doc, limits)
    graph = Graph()
    build_nodes(graph, parsed, order, n_ctrl, limits)
    return graph


def parse_document(
    doc: Any, limits: Limits
) -> tuple[dict[str, tuple[str, list, list, dict]], list[str], dict[str, int]]:
    """Check a document without building it: its nodes by name as (op type, input refs,
    control input names then the names its bodies hold, decoded attrs), a topological
    order of their names, and how many of each node's names are control inputs."""
    if not isinstance(doc, dict):
        raise error("INVALID_DOCUMENT", "a graph document must be a JSON object")
    fmt = doc.get("format")
    if fmt not in FORMATS:
        m = _FORMAT_RE.match(fmt) if isinstance(fmt, str) else None
        raise error(
            "UNSUPPORTED_FORMAT",
            f"format {fmt!r} is not supported; this engine reads {' and '.join(FORMATS)}"
            if m
            else f"missing or unknown format tag {fmt!r}; expected {FORMAT_V2!r}",
            details={"format": fmt, "supported": list(FORMATS)},
        )
    extra = set(doc) - {"format", "nodes", "metadata"}
    if extra:
        raise error("INVALID_DOCUMENT", f"unknown top-level fields {sorted(extra)}")
    nodes = doc.get("nodes")
    if not isinstance(nodes, list):
        raise error("INVALID_DOCUMENT", "nodes must be a list")
    if limits.max_nodes is not None and len(nodes) > limits.max_nodes:
        raise error(
            "GRAPH_TOO_LARGE",
            f"the graph has {len(nodes)} nodes, more than the limit of {limits.max_nodes}",
            details={"nodes": len(nodes), "limit": limits.max_nodes},
        )

    parsed: dict[str, tuple[str, list, list, dict]] = {}
    n_ctrl: dict[str, int] = {}
    const_bytes = outputs = 0
    for i, node in enumerate(nodes):
        name, (op_type, refs, crefs, attrs) = _parse_node(i, node, parsed, limits)
        # IdentityN has an output an input: a short reference each, so a document's bytes
        # held it to millions of outputs
        outputs += declared_outputs(op_type, attrs) + (len(refs) if op_type == "IdentityN" else 0)
        check_output_count(op_type, outputs, limits, name)
        # A body's nodes precede the op holding it, as its control inputs do.
        n_ctrl[name] = len(crefs)
        crefs += _body_names(op_type, attrs, fmt, name)
        if op_type == "Const":
            const_bytes += tensor_bytes(attrs["value"])
            if limits.max_constant_bytes is not None and const_bytes > limits.max_constant_bytes:
                raise error(
                    "CONSTANTS_TOO_LARGE",
                    f"the constants hold more than {limits.max_constant_bytes} bytes",
                    node=name,
                    details={"limit": limits.max_constant_bytes},
                )
        parsed[name] = (op_type, refs, crefs, attrs)

    for name, (_, refs, crefs, _) in parsed.items():
        for src in [r for r, _ in refs] + crefs:
            if src not in parsed:
                raise error(
                    "UNKNOWN_INPUT",
                    f"input {src!r} of node {name!r} does not exist",
                    node=name,
                    details={"input": src},
                )

    return parsed, _ordered(parsed, n_ctrl), n_ctrl


def _ordered(parsed: dict[str, tuple], n_ctrl: dict[str, int]) -> list[str]:
    """The build order: topological, and a node reading or waiting on a node inside a
    control-flow op's body it is not in built after that op. A plan runs its steps in
    creation order, and the branch op's value or token comes out of its cond's step (a
    TF1 cond read back whose branch waits on a sibling cond's branch op, listed first)."""
    holder = {
        m: name
        for name, (_, _, _, attrs) in parsed.items()
        for body in attrs.values()
        if isinstance(body, _BodyRefs)
        for m in body.nodes  # its members, not the outer tensors it returns
    }
    extra: dict[str, set[str]] = {}
    for name, (_, refs, crefs, _) in parsed.items() if holder else ():
        mine = _holders(name, holder)
        for dep in [r for r, _ in refs] + crefs[: n_ctrl[name]]:
            outside = [h for h in _holders(dep, holder, ordered=True) if h not in mine]
            if outside and name not in outside:
                extra.setdefault(name, set()).add(outside[-1])
    if not extra:
        return topological_order(parsed)
    widened = {n: (t, r, [*c, *sorted(extra.get(n, ()))], a) for n, (t, r, c, a) in parsed.items()}
    try:
        return topological_order(widened)
    except GraphgateError:  # a cycle only through bodies: the document's order, as before
        return topological_order(parsed)


def _holders(name: str, holder: dict[str, str], ordered: bool = False) -> Any:
    """The control-flow ops holding `name`, innermost first (a list when `ordered`); a
    document whose bodies hold each other (refused when built) ends the walk."""
    out: dict[str, None] = {}
    h = holder.get(name)
    while h is not None and h not in out:
        out[h] = None
        h = holder.get(h)
    return list(out) if ordered else out.keys()


def _parse_node(
    i: int, node: Any, parsed: dict[str, tuple], limits: Limits
) -> tuple[str, tuple[str, list, list, dict]]:
    """One node of a document, checked on its own: (name, (op type, refs, crefs, attrs))."""
    if not isinstance(node, dict):
        raise error("INVALID_DOCUMENT", f"node {i} must be an object", details={"index": i})
    name = node.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise error(
            "INVALID_NAME",
            f"node {i} has an invalid name {name!r}",
            node=name if isinstance(name, str) else None,
            details={"index": i},
        )
    extra = set(node) - _NODE_KEYS
    if extra:
        raise error("INVALID_DOCUMENT", f"unknown node fields {sorted(extra)}", node=name)
    if name in parsed:
        raise error("DUPLICATE_NAME", f"two nodes are named {name!r}", node=name)
    op_type = node.get("op")
    if isinstance(op_type, str) and op_type in _script.PYTHON_OP_TYPES:
        raise _script.refuse(name)
    if not isinstance(op_type, str) or _registry.known(op_type) is None:
        raise error(
            "UNKNOWN_OP", f"unknown op type {op_type!r}", node=name, details={"op": op_type}
        )
    inputs = node.get("inputs", [])
    ctrl = node.get("control_inputs", [])
    if not isinstance(inputs, list) or not isinstance(ctrl, list):
        raise error("INVALID_DOCUMENT", "inputs and control_inputs must be lists", node=name)
    refs = [_parse_ref(r, name, "inputs") for r in inputs]
    crefs = [_parse_ref(r, name, "control_inputs")[0] for r in ctrl]
    attrs = _decode_attrs(op_type, node.get("attrs"), limits, name)
    device = node.get("device", "")
    if device:
        attrs[_DEVICE] = _device(device, name)
    return name, (op_type, refs, crefs, attrs)


def _device(device: Any, node: str) -> str:
    """A node's device string, canonical as TF's import makes it (`/cpu:0` is
    `/device:CPU:0`)."""
    try:
        return _devices.canonical(device)
    except (TypeError, ValueError) as exc:
        raise error(
            "INVALID_DOCUMENT",
            f"device {device!r} is not a device string: {exc}",
            node=node,
            details={"device": device if isinstance(device, str) else None},
        ) from None


def output_of(graph: Graph, prefix: str, src: str, index: int, node: str) -> Tensor:
    """Output `index` of the document's node `src`, built under `prefix`; UNKNOWN_INPUT
    naming `node`, the reader, where `src` has no such output."""
    producer = graph.ops_by_name[prefix + src]
    if index >= len(producer.outputs):
        raise error(
            "UNKNOWN_INPUT",
            f"{src} has {len(producer.outputs)} outputs; there is no {src}:{index}",
            node=node,
            details={"input": f"{src}:{index}"},
        )
    return producer.outputs[index]


def build_nodes(
    graph: Graph,
    parsed: dict[str, tuple[str, list, list, dict]],
    order: list[str],
    n_ctrl: dict[str, int],
    limits: Limits,
    prefix: str = "",
    input_map: dict[tuple[str, int], Tensor] | None = None,
    collect: bool = True,
    before: Callable[[Graph, str, tuple], tuple] | None = None,
) -> list[Operation]:
    """Create the checked nodes of a document in `graph`, in `order`, each named
    `prefix + name`; an input found in `input_map` (by (node, index) of the document) is
    replaced by the tensor it maps to. Variables join the variable collections when
    `collect` (TF's `import_graph_def` leaves collections alone). `before(graph, name,
    entry)`, if given, may change a node's parsed entry from what is built so far (the
    TF importer's loop shapes). Returns the operations created."""
    created = []
    for name in order:
        op_type, refs, crefs, attrs = before(graph, name, parsed[name]) if before else parsed[name]
        inputs = []
        for src, index in refs:
            mapped = input_map.get((src, index)) if input_map else None
            if mapped is not None:
                inputs.append(mapped)
                continue
            inputs.append(output_of(graph, prefix, src, index, name))
        if prefix and attrs.get("initializer"):
            attrs = {**attrs, "initializer": prefix + attrs["initializer"]}
        attrs = _resolve_bodies(graph, attrs, prefix + name, prefix)
        device = attrs.get(_DEVICE)
        if device is not None:
            attrs = {k: v for k, v in attrs.items() if k != _DEVICE}
        op = graph.create_op(
            op_type,
            inputs,
            attrs,
            prefix + name,
            exact_name=True,
            control_inputs=tuple(graph.ops_by_name[prefix + c] for c in crefs[: n_ctrl[name]]),
        )
        if device is not None:
            # As TF's import: the node's device, with the device blocks merged under it.
            op._device = _devices.place(op, graph._device_stack, device)
        _cf.attach(op)
        _check_sizes(op, limits)
        if op_type == "VariableV2":
            Variable.from_node(op)
        created.append(op)
    for op in created:
        if op.type == "VariableV2":
            _bind_variable(graph, op, collect)
    _cf.check_reads(graph)
    return created


def _body_names(op_type: str, attrs: dict, fmt: str, node: str) -> list[str]:
    """The nodes a control-flow node's bodies name (built before it, as its inputs are)."""
    bodies = [v for v in attrs.values() if isinstance(v, _BodyRefs)]
    if bodies and fmt == FORMAT:
        raise error(
            "UNSUPPORTED_FORMAT",
            f"{op_type} holds control flow, which needs format {FORMAT_V2!r}",
            node=node,
            details={"format": fmt, "supported": [FORMAT_V2]},
        )
    return [r for b in bodies for r in b.names()]


def _resolve_bodies(graph: Graph, attrs: dict, node: str, prefix: str = "") -> dict:
    """Replace the bodies named in `attrs` by `Body` objects over the nodes built so far
    (named `prefix + name` when the document is imported under a prefix)."""
    if not any(isinstance(v, _BodyRefs) for v in attrs.values()):
        return attrs
    out = dict(attrs)
    for key, refs in attrs.items():
        if isinstance(refs, _BodyRefs):
            out[key] = _cf.body_from_names(graph, refs.prefixed(prefix), node)
    return out


def _bind_variable(graph: Graph, op: Operation, collect: bool = True) -> None:
    var = op.outputs[0]
    init_name = op.attrs.get("initializer")
    init = graph.ops_by_name.get(init_name) if init_name else None
    if init_name and (init is None or init.type != "Assign" or init.inputs[0] is not var):
        raise error(
            "INVALID_ATTR",
            f"initializer {init_name!r} of variable {op.name} must be an Assign to it",
            node=op.name,
            details={"attr": "initializer"},
        )
    initial_value = init.inputs[1] if init is not None else None
    var.bind(initial_value, init, op.attrs.get("trainable", True), collect=collect)


def _check_sizes(op: Operation, limits: Limits) -> None:
    limit = limits.max_tensor_elements
    if limit is None:
        return
    for t in op.outputs:
        n = num_elements(t.static_shape)
        if n is not None and n > limit:
            raise tensor_too_large(op, t.static_shape, n, limit)


def topological_order(parsed: dict[str, tuple]) -> list[str]:
    """Kahn's algorithm, ties in document order; a cycle is reported with its path."""
    deps = {name: {r for r, _ in refs} | set(crefs) for name, (_, refs, crefs, _) in parsed.items()}
    users: dict[str, list[str]] = {name: [] for name in parsed}
    pending = {}
    for name, ds in deps.items():
        pending[name] = len(ds)
        for d in ds:
            users[d].append(name)
    position = {name: i for i, name in enumerate(parsed)}
    ready = [position[name] for name in parsed if pending[name] == 0]
    names = list(parsed)
    order = []
    while ready:
        name = names[heapq.heappop(ready)]
        order.append(name)
        for u in users[name]:
            pending[u] -= 1
            if pending[u] == 0:
                heapq.heappush(ready, position[u])
    if len(order) == len(parsed):
        return order
    cycle = _find_cycle({n: deps[n] for n in parsed if pending[n] > 0})
    raise error(
        "GRAPH_CYCLE",
        "the graph has a cycle: " + " -> ".join(cycle),
        node=cycle[0],
        details={"cycle": cycle},
    )


def _find_cycle(deps: dict[str, set[str]]) -> list[str]:
    """A cycle among `deps` (every node there is on or behind one), without recursion."""
    state: dict[str, int] = {}
    for root in deps:
        if root in state:
            continue
        path = [root]
        iters = [iter(sorted(d for d in deps[root] if d in deps))]
        state[root] = 1
        while path:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                cycle.reverse()
                return cycle
            if nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(d for d in deps[nxt] if d in deps)))
    return []
