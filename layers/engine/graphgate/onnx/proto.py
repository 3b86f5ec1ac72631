"""Reading ONNX protobufs: loading a model safely, dtypes, attributes, tensors, names."""

from __future__ import annotations

import os
import re
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error

# ONNX TensorProto.DataType codes of the dtypes the engine computes in.
_TO_NP = {
    1: _dt.float32,
    6: _dt.int32,
    7: _dt.int64,
    9: _dt.bool_,
    10: _dt.float16,
    11: _dt.float64,
}
# The small integers (uint8 image inputs): the ops that take them in the engine take them
# here too; the rest refuse them while the model is built, as any unsupported dtype.
_TO_NP |= {2: _dt.uint8, 3: _dt.int8, 4: _dt.uint16, 5: _dt.int16, 12: _dt.uint32, 13: _dt.uint64}
FROM_NP = {v: k for k, v in _TO_NP.items()}
IMPORTED_CODES = frozenset(_TO_NP)
_ONNX_NAMES = {
    0: "UNDEFINED",
    2: "UINT8",
    3: "INT8",
    4: "UINT16",
    5: "INT16",
    8: "STRING",
    12: "UINT32",
    13: "UINT64",
    14: "COMPLEX64",
    15: "COMPLEX128",
    16: "BFLOAT16",
}


def require_onnx():
    """The `onnx` package, or a clear error naming the extra that brings it."""
    try:
        import onnx
    except ImportError:
        raise error(
            "MISSING_DEPENDENCY",
            "reading ONNX needs the onnx package: pip install 'graphgate[onnx]'",
        ) from None
    return onnx


def dtype_name(code: int) -> str:
    if code in _TO_NP:
        return _TO_NP[code].name
    return _ONNX_NAMES.get(code, f"type {code}")


def np_dtype(code: int) -> np.dtype:
    """The engine dtype of an ONNX elem type; Unsupported when the engine has none."""
    from .lowering import Unsupported

    if code not in _TO_NP:
        raise Unsupported(f"dtype {dtype_name(code)} (graphgate computes in {_supported()})")
    return _TO_NP[code]


def _supported() -> str:
    return ", ".join(d.name for d in _TO_NP.values())


def load_model(source: Any):
    """A ModelProto from a path, bytes or a ModelProto; INVALID_DOCUMENT if unreadable."""
    onnx = require_onnx()
    if isinstance(source, onnx.ModelProto):
        return source
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        try:
            with open(source, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise error("INVALID_DOCUMENT", f"cannot read the ONNX model: {exc}") from None
    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except Exception as exc:  # protobuf's DecodeError and friends share no public base
        raise error(
            "INVALID_DOCUMENT", f"not an ONNX model (the protobuf does not parse: {exc})"
        ) from None
    if not model.HasField("graph") or not model.opset_import:
        raise error("INVALID_DOCUMENT", "not an ONNX model (no graph or no opset_import)")
    return model


def load_external_data(model, directory: str) -> None:
    """Read the initializers a model keeps in files beside it (what exporters write for
    models over protobuf's 2 GB, or with `save_as_external_data`), given the model's own
    directory. Only files inside that directory are read; a location outside it, a missing
    file or a range past its end is INVALID_DOCUMENT. A model given as bytes has no
    directory: its external initializers stay refused as unsupported."""
    onnx = require_onnx()
    from onnx.external_data_helper import ExternalDataInfo, load_external_data_for_model

    external = [t for t in _all_initializers(model) if t.data_location == onnx.TensorProto.EXTERNAL]
    if not external:
        return
    root = os.path.realpath(directory or ".")
    for t in external:
        info = ExternalDataInfo(t)
        path = os.path.realpath(os.path.join(root, info.location))
        if os.path.isabs(info.location) or os.path.commonpath([root, path]) != root:
            raise error(
                "INVALID_DOCUMENT",
                f"initializer {t.name}: external data {info.location!r} is outside the "
                "model's directory",
            )
        if not os.path.isfile(path):
            raise error("INVALID_DOCUMENT", f"initializer {t.name}: no file {info.location!r}")
        end = (info.offset or 0) + (info.length or 0)
        if end > os.path.getsize(path):
            raise error(
                "INVALID_DOCUMENT",
                f"initializer {t.name}: {info.location!r} ends before byte {end}",
            )
    load_external_data_for_model(model, root)


def _all_initializers(model) -> list:
    """Initializers and tensor attributes of the graph and of every subgraph (If branches,
    Loop bodies): every tensor that may keep its data outside."""
    onnx = require_onnx()
    out, graphs = [], [model.graph]
    while graphs:
        g = graphs.pop()
        out += list(g.initializer)
        for node in g.node:
            for a in node.attribute:
                if a.type == onnx.AttributeProto.TENSOR:
                    out.append(a.t)
                graphs += [a.g] if a.type == onnx.AttributeProto.GRAPH else list(a.graphs)
    return out


def attributes(node) -> dict[str, Any]:
    """The node's attributes as Python values (tensors as numpy arrays)."""
    onnx = require_onnx()
    out = {}
    for a in node.attribute:
        if a.type == onnx.AttributeProto.TENSOR:
            out[a.name] = tensor_to_array(a.t)
        else:
            v = onnx.helper.get_attribute_value(a)
            out[a.name] = v.decode() if isinstance(v, bytes) else v
    return out


def tensor_to_array(t, max_elements: int | None = None) -> np.ndarray:
    """A TensorProto as a read-only numpy array; checked before anything large is made."""
    onnx = require_onnx()
    from .lowering import Unsupported

    name = t.name or "a constant"
    if t.data_location == onnx.TensorProto.EXTERNAL:
        raise Unsupported(f"initializer {name} keeps its data in an external file")
    n = 1
    for d in t.dims:
        if d < 0:
            raise error("INVALID_DOCUMENT", f"tensor {name} has a negative dim {d}")
        n *= d
    if max_elements is not None and n > max_elements:
        raise error(
            "TENSOR_TOO_LARGE",
            f"tensor {name} has {n} elements, over the limit of {max_elements}",
            details={"elements": n, "limit": max_elements},
        )
    dtype = np_dtype(t.data_type)
    if t.raw_data and len(t.raw_data) != n * dtype.itemsize:
        raise error(
            "INVALID_DOCUMENT",
            f"tensor {name} declares {n} elements of {dtype.name} "
            f"but holds {len(t.raw_data)} bytes",
        )
    try:
        arr = onnx.numpy_helper.to_array(t)
    except (ValueError, TypeError) as exc:
        raise error("INVALID_DOCUMENT", f"tensor {name} is malformed: {exc}") from None
    arr = np.array(arr, dtype=dtype)
    arr.flags.writeable = False
    return arr


_BAD = re.compile(r"[^A-Za-z0-9_.\-/>]")


def engine_name(raw: str, fallback: str) -> str:
    """A valid graphgate node name for an ONNX name (which may hold ':' or start with '/')."""
    s = re.sub("/+", "/", _BAD.sub("_", raw)).strip("/")
    if not s:
        return fallback
    if not re.match(r"[A-Za-z0-9.]", s):
        s = "v" + s
    return s
