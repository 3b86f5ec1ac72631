"""graphgate graphs as TensorFlow's own GraphDef: the inverse of `tf_graph.py`.

Each graphgate node becomes TF's NodeDef of the same type. TF's OpDef (the table in
`tf_op_defs.py`, written from TF's registry) says which attributes the node's inputs and
outputs bind (`T`, `N`, `Tidx`, `dtype`, ...): they are set from the tensors' dtypes and
counts, and the graphgate attributes TF has under the same name are converted by TF's
attribute type. Where graphgate differs (`EXPORTS`), an attribute TF takes as an input
becomes a `Const` input (a reduction's axes, a reshape's shape, a concat's axis), an
attribute is renamed (`Cast`'s dtype is `DstT`), and graphgate's own gradient helpers
become the TF ops TF's gradients use (`UnbroadcastLike` is `BroadcastGradientArgs`,
`Sum` and `Reshape`). Variables are TF1's layout: `VariableV2`, its `Assign` initializer
and a `<name>/read` Identity that every reader but the ref inputs reads, so TF restores
them from a checkpoint by name.

Whatever cannot be written so TF reads it as graphgate computes it (an op TF lacks, an
attribute TF does not have with a value other than its default, a required attribute
graphgate has no value for) is a problem; every problem is listed in one
TF_EXPORT_UNSUPPORTED error and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import tf_proto
from .errors import GraphgateError, error
from .graph import Graph, Operation, Tensor
from .tf_op_defs import OP_DEFS

# TF 2.21's GraphDef version (`tf.version.GRAPH_DEF_VERSION`) and the oldest consumer.
PRODUCER, MIN_CONSUMER = 2104, 12
_READ = "/read"


class Unexportable(Exception):
    """One reason a node cannot be written as TF's."""


# graphgate attributes that TF's graph has no place for and that change nothing TF runs:
# shapes graphgate inferred, and a variable's initializer and collection (TF keeps those
# in the meta graph's collections).
_NOT_WRITTEN = frozenset(("static_shape", "initializer", "trainable"))


# graphgate's attribute kinds (ops/registry.py) and the TF attribute types each is written as;
# any other pair (a queue's component types, which graphgate keeps as its own string, a
# dataset's function, which it keeps as a body) is refused rather than guessed at.
_KINDS = {
    "dtype": ("type",),
    "shape": ("shape",),
    "tensor": ("tensor",),
    "int": ("int",),
    "seed": ("int",),
    "float": ("float",),
    "bool": ("bool",),
    "str": ("string",),
    "ints": ("list(int)",),
    "axes": ("list(int)", "int"),
}


def _checked_kind(op: Operation, key: str, tf_kind: str) -> None:
    kind = op.definition.attrs[key][0]
    if tf_kind.rstrip("?") not in _KINDS.get(kind, ()):
        raise Unexportable(f"attribute {key} ({kind}) is not written as TF's {tf_kind}")


def _attr_value(kind: str, value: Any) -> dict[str, Any]:
    """A graphgate attribute's value as TF's AttrValue of type `kind` (from the OpDef)."""
    kind = kind.rstrip("?")
    if kind == "type":
        return {"type": _dt.as_dtype(value).as_datatype_enum}
    if kind == "int":
        return {"i": int(value)}
    if kind == "float":
        return {"f": float(value)}
    if kind == "bool":
        return {"b": bool(value)}
    if kind == "string":
        return {"s": value.encode("utf-8") if isinstance(value, str) else bytes(value)}
    if kind == "shape":
        return {"shape": shape_proto(value)}
    if kind == "tensor":
        return {"tensor": tf_proto.tensor_proto(np.asarray(value))}
    if kind == "list(int)":
        values = [value] if isinstance(value, int | np.integer) else value
        return {"list": {"i": [int(v) for v in values]}}
    if kind == "list(float)":
        return {"list": {"f": [float(v) for v in value]}}
    if kind == "list(type)":
        return {"list": {"type": [_dt.as_dtype(v).as_datatype_enum for v in value]}}
    if kind == "list(string)":
        return {"list": {"s": [v.encode() if isinstance(v, str) else v for v in value]}}
    if kind == "list(shape)":
        return {"list": {"shape": [shape_proto(v) for v in value]}}
    raise Unexportable(f"attribute of TF type {kind} is not written")


def shape_proto(shape: Any) -> dict[str, Any]:
    """A shape (None for an unknown rank, None dims unknown) as TF's TensorShapeProto."""
    if shape is None:
        return {"unknown_rank": True}
    return {"dim": [{"size": -1 if d is None else int(d)} for d in shape]}


def _args(specs: tuple[str, ...], count: int) -> list[tuple[str, int]]:
    """Each argument's spec and how many of `count` tensors it takes: the one list
    argument takes what the others leave."""
    lists = [s for s in specs if "*" in s or "+" in s]
    fixed = len(specs) - len(lists)
    if len(lists) > 1 or (not lists and count != fixed) or count < fixed:
        raise Unexportable(f"{count} tensors do not fit TF's arguments {', '.join(specs)}")
    return [(s, count - fixed if s in lists else 1) for s in specs]


def _bind(specs: tuple[str, ...], dtypes: list[Any], attrs: dict[str, Any]) -> None:
    """Set the attributes the arguments `specs` bind from the tensors' dtypes."""
    pos = 0
    for spec, n in _args(specs, len(dtypes)):
        taken = [_dt.as_dtype(d).as_datatype_enum for d in dtypes[pos : pos + n]]
        pos += n
        body = spec.lstrip("&")
        if "+" in body:
            attrs[body.split("+")[1]] = {"list": {"type": taken}}
            continue
        name, _, kind = body.partition(":")
        if "*" in name:
            attrs[name.split("*")[1]] = {"i": n}
        if kind.startswith("="):
            if any(t != int(kind[1:]) for t in taken):
                raise Unexportable(f"argument {name} takes {_dt_name(int(kind[1:]))} in TF")
        elif taken:
            attrs.setdefault(kind, {"type": taken[0]})


def _dt_name(enum: int) -> str:
    return tf_proto.TF_DTYPE_NAMES.get(enum, str(enum))


def _ref_args(specs: tuple[str, ...], count: int) -> list[bool]:
    out: list[bool] = []
    for spec, n in _args(specs, count):
        out += [spec.startswith("&")] * n
    return out


class _Writer:
    """The NodeDefs of one graph (a function body's too), names kept unique."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.nodes: list[dict[str, Any]] = []
        self.taken = set(graph.ops_by_name)
        self.problems: list[dict[str, str]] = []
        self.reads: dict[str, str] = {}  # a variable's name to its read Identity's

    def fresh(self, name: str) -> str:
        candidate, i = name, 0
        while candidate in self.taken:
            i += 1
            candidate = f"{name}_{i}"
        self.taken.add(candidate)
        return candidate

    def ref(self, t: Tensor, as_ref: bool = False) -> str:
        if t.op.type == "VariableV2" and not as_ref:
            return self.reads[t.op.name]
        return t.op.name if t.value_index == 0 else f"{t.op.name}:{t.value_index}"

    def emit(
        self,
        name: str,
        op_type: str,
        inputs: list[str],
        attrs: dict[str, dict[str, Any]],
        ctrl: tuple[str, ...] = (),
        device: str = "",
    ) -> str:
        node: dict[str, Any] = {"name": name, "op": op_type, "input": [*inputs]}
        node["input"] += ["^" + c for c in ctrl]
        if device:
            node["device"] = device
        node["attr"] = attrs
        self.nodes.append(node)
        return name

    def const(self, name: str, value: Any, dtype: Any = np.int32) -> str:
        array = np.asarray(value, dtype=dtype)
        enum = _dt.as_dtype(array.dtype).as_datatype_enum
        attrs = {"dtype": {"type": enum}, "value": {"tensor": tf_proto.tensor_proto(array)}}
        return self.emit(self.fresh(name), "Const", [], attrs)

    def op_node(
        self,
        op: Operation,
        op_type: str | None = None,
        inputs: list[str] | None = None,
        attrs: dict[str, Any] | None = None,
        input_dtypes: list[Any] | None = None,
        name: str | None = None,
    ) -> str:
        """`op` as one NodeDef of `op_type` (its own by default): `inputs` (refs, else the
        op's inputs), `attrs` (graphgate values by TF attribute name, converted by the
        OpDef) and the attributes its tensors bind."""
        op_type = op_type or op.type
        spec = OP_DEFS.get(op_type)
        if spec is None:
            raise Unexportable(f"TensorFlow has no op {op_type}")
        in_specs, out_specs, attr_specs = spec
        if inputs is None:
            refs = _ref_args(in_specs, len(op.inputs))
            inputs = [self.ref(t, r) for t, r in zip(op.inputs, refs, strict=True)]
            input_dtypes = [t.dtype for t in op.inputs]
        written: dict[str, dict[str, Any]] = {}
        for key, value in (attrs or {}).items():
            if key not in attr_specs:
                raise Unexportable(f"TF's {op_type} has no attribute {key}")
            if value is not None:
                written[key] = _attr_value(attr_specs[key], value)
        _bind(in_specs, input_dtypes if input_dtypes is not None else [], written)
        if name is None or name == op.name:
            _bind(out_specs, [t.dtype for t in op.outputs][: _out_count(out_specs, op)], written)
        missing = [k for k, kind in attr_specs.items() if k not in written and "?" not in kind]
        if missing:
            raise Unexportable(f"no value for TF's required attribute {', '.join(missing)}")
        ctrl = tuple(c.name for c in op.control_inputs) if name in (None, op.name) else ()
        return self.emit(name or op.name, op_type, inputs, written, ctrl, op.device)


def _out_count(out_specs: tuple[str, ...], op: Operation) -> int:
    # graphgate may leave out outputs TF has after them (SoftmaxCrossEntropy's backprop),
    # never before: bind what it has, as long as the list argument is not in question.
    if any("*" in s or "+" in s for s in out_specs):
        return len(op.outputs)
    return min(len(op.outputs), len(out_specs))


def _generic(w: _Writer, op: Operation) -> None:
    spec = OP_DEFS.get(op.type)
    if spec is None:
        raise Unexportable(f"TensorFlow has no op {op.type}")
    attrs = {}
    for key, value in op.attrs.items():
        if key in _NOT_WRITTEN:
            continue
        if key not in spec[2]:
            if _is_default(op, key, value):
                continue
            raise Unexportable(f"attribute {key}={value!r} has no TF equivalent on {op.type}")
        _checked_kind(op, key, spec[2][key])
        attrs[key] = value
    w.op_node(op, attrs=attrs)


def _is_default(op: Operation, key: str, value: Any) -> bool:
    default = op.definition.attrs[key][1]
    return value is None or (type(value) is type(default) and value == default)


def _own_attrs(op: Operation, handled: tuple[str, ...], renames: dict[str, str]) -> dict:
    """The op's attributes TF has by name (or by `renames`), leaving out `handled`."""
    spec = OP_DEFS[op.type][2] if op.type in OP_DEFS else {}
    out = {}
    for key, value in op.attrs.items():
        if key in handled or key in _NOT_WRITTEN:
            continue
        tf_key = renames.get(key, key)
        if tf_key in spec:
            _checked_kind(op, key, spec[tf_key])
            out[tf_key] = value
        elif not _is_default(op, key, value):
            raise Unexportable(f"attribute {key}={value!r} has no TF equivalent on {op.type}")
    return out


# -- ops whose attributes TF takes as inputs --------------------------------------------------


def _rank(t: Tensor) -> int | None:
    shape = t.shape.as_list() if hasattr(t.shape, "as_list") else t.shape
    return None if shape is None else len(shape)


def _reduction(w: _Writer, op: Operation) -> None:
    x = op.inputs[0]
    axis = op.attrs.get("axis")
    if axis is None:
        rank = _rank(x)
        if rank is None:
            raise Unexportable("a reduction over every axis of a tensor of unknown rank")
        axis = list(range(rank))
    axes = w.const(f"{op.name}/reduction_indices", axis)
    attrs = _own_attrs(op, ("axis", "keepdims"), {})
    attrs["keep_dims"] = bool(op.attrs.get("keepdims"))
    w.op_node(op, inputs=[w.ref(x), axes], attrs=attrs, input_dtypes=[x.dtype, np.int32])


def _const_input(attr: str, tf_input: str, at: int = 1, dtype: Any = np.int32) -> Callable:
    """An op whose attribute `attr` TF takes as its input `tf_input` at position `at`;
    when graphgate holds it as an input already, the op is written as it is."""

    def export(w: _Writer, op: Operation) -> None:
        value = op.attrs.get(attr)
        if value is None:
            _generic(w, op)
            return
        refs = [w.ref(t) for t in op.inputs]
        dtypes = [t.dtype for t in op.inputs]
        ref = w.const(f"{op.name}/{tf_input}", value, dtype)
        position = at if at >= 0 else len(refs) + 1 + at
        refs.insert(position, ref)
        dtypes.insert(position, np.dtype(dtype))
        w.op_node(op, inputs=refs, attrs=_own_attrs(op, (attr,), {}), input_dtypes=dtypes)

    return export


def _random(w: _Writer, op: Operation) -> None:
    if op.inputs:
        _generic(w, op)
        return
    shape = w.const(f"{op.name}/shape", op.attrs["shape"])
    attrs = _own_attrs(op, ("shape",), {})
    w.op_node(op, inputs=[shape], attrs=attrs, input_dtypes=[np.int32])


def _fill(w: _Writer, op: Operation) -> None:
    if len(op.inputs) == 2:
        w.op_node(op, attrs={})
        return
    dims = w.const(f"{op.name}/dims", op.attrs["shape"])
    value = op.inputs[0]
    w.op_node(op, inputs=[dims, w.ref(value)], attrs={}, input_dtypes=[np.int32, value.dtype])


def _cast(w: _Writer, op: Operation) -> None:
    w.op_node(op, attrs={"DstT": op.attrs["dtype"], "Truncate": False})


def _squeeze(w: _Writer, op: Operation) -> None:
    axis = op.attrs.get("axis")
    dims = [] if axis is None else [axis] if isinstance(axis, int) else list(axis)
    w.op_node(op, attrs={"squeeze_dims": dims})


def _last_axis_only(w: _Writer, op: Operation) -> None:
    axis = op.attrs.get("axis", -1)
    rank = _rank(op.inputs[0])
    if axis not in (-1, None) and (rank is None or axis != rank - 1):
        raise Unexportable(f"TF's {op.type} works on the last axis only (axis={axis})")
    w.op_node(op, attrs=_own_attrs(op, ("axis",), {}))


def _like_dtype(w: _Writer, op: Operation) -> None:
    dtype = op.attrs.get("dtype")
    if dtype is not None and _dt.as_dtype(dtype) != _dt.as_dtype(op.inputs[0].dtype):
        raise Unexportable(f"TF's {op.type} keeps its input's dtype")
    w.op_node(op, attrs={})


def _split(w: _Writer, op: Operation) -> None:
    n = op.attrs.get("num_or_size_splits")
    axis = w.const(f"{op.name}/split_dim", op.attrs.get("axis", 0))
    x = op.inputs[0]
    if isinstance(n, int | np.integer):
        attrs = {"num_split": int(n)}
        w.op_node(op, inputs=[axis, w.ref(x)], attrs=attrs, input_dtypes=[np.int32, x.dtype])
        return
    sizes = w.const(f"{op.name}/size_splits", list(n))
    w.op_node(
        op,
        "SplitV",
        inputs=[w.ref(x), sizes, axis],
        attrs={"num_split": len(n)},
        input_dtypes=[x.dtype, np.int32, np.int32],
    )


def _pad(w: _Writer, op: Operation) -> None:
    x = op.inputs[0]
    paddings = w.const(f"{op.name}/paddings", [list(p) for p in op.attrs["paddings"]])
    value = op.attrs.get("constant_values") or 0
    if op.attrs.get("constant_text") is not None or op.attrs.get("mode", "CONSTANT") != "CONSTANT":
        raise Unexportable("only constant padding of numbers is written")
    if value == 0:
        w.op_node(op, inputs=[w.ref(x), paddings], attrs={}, input_dtypes=[x.dtype, np.int32])
        return
    fill = w.const(f"{op.name}/constant_values", value, x.dtype)
    w.op_node(op, "PadV2", [w.ref(x), paddings, fill], {}, [x.dtype, np.int32, x.dtype])


def _one_hot(w: _Writer, op: Operation) -> None:
    indices = op.inputs[0]
    if len(op.inputs) == 2:
        depth, depth_dtype = w.ref(op.inputs[1]), op.inputs[1].dtype
    else:
        depth, depth_dtype = w.const(f"{op.name}/depth", op.attrs["depth"]), np.int32
    dtype = op.outputs[0].dtype
    on = w.const(f"{op.name}/on_value", op.attrs["on_value"], dtype)
    off = w.const(f"{op.name}/off_value", op.attrs["off_value"], dtype)
    w.op_node(
        op,
        inputs=[w.ref(indices), depth, on, off],
        attrs={"axis": op.attrs.get("axis", -1)},
        input_dtypes=[indices.dtype, depth_dtype, dtype, dtype],
    )


def _strided_slice(w: _Writer, op: Operation) -> None:
    if len(op.inputs) != 1:
        raise Unexportable("a slice with bounds computed at run time is not written")
    begin, end, strides = [], [], []
    masks = dict.fromkeys(_SLICE_MASKS, 0)
    for i, item in enumerate(op.attrs["index"]):
        bit = 1 << i
        if item is Ellipsis or item is None:
            masks["ellipsis_mask" if item is Ellipsis else "new_axis_mask"] |= bit
            begin.append(0), end.append(0), strides.append(1)
        elif isinstance(item, slice):
            begin.append(0 if item.start is None else item.start)
            end.append(0 if item.stop is None else item.stop)
            strides.append(1 if item.step is None else item.step)
            masks["begin_mask"] |= bit if item.start is None else 0
            masks["end_mask"] |= bit if item.stop is None else 0
        else:  # an int: TF's `x[i]` is begin i, end i + 1, that axis shrunk
            begin.append(item), end.append(item + 1), strides.append(1)
            masks["shrink_axis_mask"] |= bit
    x = op.inputs[0]
    bounds = [w.const(f"{op.name}/{k}", v) for k, v in (("stack", begin), ("stack_1", end),
                                                       ("stack_2", strides))]  # fmt: skip
    w.op_node(op, inputs=[w.ref(x), *bounds], attrs=masks, input_dtypes=[x.dtype] + [np.int32] * 3)


_SLICE_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def _range(w: _Writer, op: Operation) -> None:
    # graphgate's `length` only checks the count TF computes from the same inputs.
    w.op_node(op, attrs={})


# -- graphgate's own gradient helpers, as TF's gradients compute them --------------------------


def _shape_of(w: _Writer, op: Operation, t: Tensor, suffix: str) -> str:
    out = {"out_type": {"type": _dt.int32.as_datatype_enum}, "T": {"type": _enum(t.dtype)}}
    return w.emit(w.fresh(f"{op.name}/{suffix}"), "Shape", [w.ref(t)], out)


def _enum(dtype: Any) -> int:
    return _dt.as_dtype(dtype).as_datatype_enum


def _broadcast_like(w: _Writer, op: Operation) -> None:
    g, x = op.inputs
    shape = _shape_of(w, op, x, "Shape")
    w.op_node(op, "BroadcastTo", [w.ref(g), shape], {}, [g.dtype, np.int32])


def _reshape_like(w: _Writer, op: Operation) -> None:
    g, x = op.inputs
    shape = _shape_of(w, op, x, "Shape")
    w.op_node(op, "Reshape", [w.ref(g), shape], {}, [g.dtype, np.int32])


def _unbroadcast_like(w: _Writer, op: Operation) -> None:
    g, x = op.inputs
    sx = _shape_of(w, op, x, "Shape")
    sg = _shape_of(w, op, g, "Shape_1")
    int32 = {"T": {"type": _enum(np.int32)}}
    args = w.emit(w.fresh(f"{op.name}/BroadcastGradientArgs"), "BroadcastGradientArgs",
                  [sx, sg], dict(int32))  # fmt: skip
    sum_attrs = {"T": {"type": _enum(g.dtype)}, "Tidx": {"type": _enum(np.int32)}}
    sum_attrs["keep_dims"] = {"b": False}
    total = w.emit(w.fresh(f"{op.name}/Sum"), "Sum", [w.ref(g), args], sum_attrs)
    w.op_node(op, "Reshape", [total, sx], {}, [g.dtype, np.int32])


def _variable(w: _Writer, op: Operation) -> None:
    w.op_node(op, attrs={"dtype": op.attrs["dtype"], "shape": op.attrs["shape"]})
    read = {"T": {"type": _enum(op.outputs[0].dtype)}}
    read["_class"] = {"list": {"s": [f"loc:@{op.name}".encode()]}}
    # `<name>/read` unless the graph has a node of that name (Adam's `beta1_power/read`
    # reads its variable itself): the variable's readers read whichever is written.
    w.reads[op.name] = w.fresh(op.name + _READ)
    w.emit(w.reads[op.name], "Identity", [op.name], read, device=op.device)


def _read_variable(w: _Writer, op: Operation) -> None:
    if op.inputs[0].op.type != "VariableV2":
        _generic(w, op)
        return
    # graphgate reads a ref variable with ReadVariableOp where TF1 reads it with Identity.
    w.op_node(op, "Identity", attrs={})


_REDUCTIONS = ("Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "EuclideanNorm")
EXPORTS: dict[str, Callable[[_Writer, Operation], None]] = {
    **dict.fromkeys(_REDUCTIONS, _reduction),
    "Reshape": _const_input("shape", "shape"),
    "Tile": _const_input("multiples", "multiples"),
    "Transpose": _const_input("perm", "perm"),
    "ExpandDims": _const_input("axis", "dim"),
    "ConcatV2": _const_input("axis", "axis", at=-1),
    "GatherV2": _const_input("axis", "axis", at=-1),
    "ArgMax": _const_input("axis", "dimension"),
    "ArgMin": _const_input("axis", "dimension"),
    "Cumsum": _const_input("axis", "axis"),
    "Cumprod": _const_input("axis", "axis"),
    "ReverseV2": _const_input("axis", "axis"),
    "TopKV2": _const_input("k", "k"),
    **dict.fromkeys(("RandomUniform", "RandomStandardNormal", "TruncatedNormal"), _random),
    "Fill": _fill,
    "Cast": _cast,
    "Squeeze": _squeeze,
    "Softmax": _last_axis_only,
    "LogSoftmax": _last_axis_only,
    "SoftmaxCrossEntropyWithLogits": _last_axis_only,
    "OnesLike": _like_dtype,
    "ZerosLike": _like_dtype,
    "Split": _split,
    "Pad": _pad,
    "OneHot": _one_hot,
    "StridedSlice": _strided_slice,
    "Range": _range,
    "BroadcastLike": _broadcast_like,
    "ReshapeLike": _reshape_like,
    "UnbroadcastLike": _unbroadcast_like,
    "VariableV2": _variable,
    "ReadVariableOp": _read_variable,
}


def _written(graph: Graph) -> _Writer:
    """A writer holding the graph's nodes as TF's NodeDefs.

    Raises
    ------
    GraphgateError
        TF_EXPORT_UNSUPPORTED listing every node that cannot be written, and why.
    """
    w = _Writer(graph)
    for op in graph.op_list:
        try:
            EXPORTS.get(op.type, _generic)(w, op)
        except Unexportable as exc:
            w.problems.append({"node": op.name, "op": op.type, "reason": str(exc)})
    if w.problems:
        raise unsupported(w.problems)
    return w


def unsupported(problems: list[dict[str, str]]) -> GraphgateError:
    listed = "; ".join(f"{p['node']} ({p['op']}): {p['reason']}" for p in problems[:20])
    more = f"; and {len(problems) - 20} more" if len(problems) > 20 else ""
    return error(
        "TF_EXPORT_UNSUPPORTED",
        f"{len(problems)} node(s) cannot be written as TensorFlow's GraphDef: {listed}{more}",
        details={"problems": problems},
    )


def graph_def(graph: Graph) -> dict[str, Any]:
    """The graph as TF's GraphDef message (decoded form, as `tf_proto.GRAPH`)."""
    return _graph_message(_written(graph).nodes)


def _graph_message(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"node": nodes, "versions": {"producer": PRODUCER, "min_consumer": MIN_CONSUMER}}


def serialize(message: dict[str, Any], schema: tf_proto.Schema, as_text: bool) -> bytes:
    if as_text:
        return tf_proto.to_text(message, schema).encode("utf-8")
    return tf_proto.encode(message, schema)


def graph_def_bytes(graph: Graph, as_text: bool = False) -> bytes:
    """TF's GraphDef of `graph`: protobuf bytes, or its text format when `as_text`."""
    return serialize(graph_def(graph), tf_proto.GRAPH, as_text)


def as_graph(graph_or_document: Any) -> Graph:
    """A graph, or a graphgate document built into a scratch graph (whose tensors' dtypes
    the writer needs)."""
    if isinstance(graph_or_document, Graph):
        return graph_or_document
    if isinstance(graph_or_document, dict):
        from .serialization import graph_from_dict

        return graph_from_dict(dict(graph_or_document))
    raise error("INVALID_DOCUMENT", "a graph to write is a Graph, a GraphDef or a dict")


# -- meta graphs and saved models ------------------------------------------------------------


def _string_const(w: _Writer, name: str, values: list[str] | str) -> str:
    array = np.asarray(values, dtype=object)
    array = np.vectorize(lambda v: v.encode("utf-8"), otypes=[object])(array)
    attrs = {"dtype": {"type": _enum(_dt.string)}}
    attrs["value"] = {"tensor": tf_proto.tensor_proto(array)}
    return w.emit(w.fresh(name), "Const", [], attrs)


def _saver_nodes(w: _Writer, keys: dict[str, Tensor]) -> dict[str, Any]:
    """TF1's `tf.train.Saver()` subgraph (V2, one shard) saving and restoring `keys`
    (checkpoint key to variable), under `save/` (or `save_1/`, ... when taken); its
    SaverDef."""
    scope = w.fresh("save")
    names = sorted(keys)
    dtypes = [_enum(keys[k].dtype) for k in names]
    string = {"type": _enum(_dt.string)}
    default = _string_const(w, f"{scope}/filename/input", "model")
    filename = w.emit(f"{scope}/filename", "PlaceholderWithDefault", [default],
                      {"dtype": string, "shape": {"shape": shape_proto([])}})  # fmt: skip
    prefix = w.emit(f"{scope}/Const", "PlaceholderWithDefault", [filename],
                    {"dtype": string, "shape": {"shape": shape_proto([])}})  # fmt: skip
    tensor_names = _string_const(w, f"{scope}/SaveV2/tensor_names", names)
    slices = _string_const(w, f"{scope}/SaveV2/shape_and_slices", [""] * len(names))
    values = [w.ref(keys[k]) for k in names]
    save = w.emit(f"{scope}/SaveV2", "SaveV2", [prefix, tensor_names, slices, *values],
                  {"dtypes": {"list": {"type": dtypes}}})  # fmt: skip
    done = w.emit(f"{scope}/control_dependency", "Identity", [prefix], {"T": string}, (save,))
    r_names = _string_const(w, f"{scope}/RestoreV2/tensor_names", names)
    r_slices = _string_const(w, f"{scope}/RestoreV2/shape_and_slices", [""] * len(names))
    restore = w.emit(f"{scope}/RestoreV2", "RestoreV2", [prefix, r_names, r_slices],
                     {"dtypes": {"list": {"type": dtypes}}})  # fmt: skip
    assigns = []
    for i, key in enumerate(names):
        var = keys[key]
        attrs = {"T": {"type": dtypes[i]}, "use_locking": {"b": True}}
        attrs["validate_shape"] = {"b": True}
        source = restore if i == 0 else f"{restore}:{i}"
        assign_name = f"{scope}/Assign" + (f"_{i}" if i else "")
        assigns.append(w.emit(assign_name, "Assign", [var.op.name, source], attrs))
    restore_all = w.emit(f"{scope}/restore_all", "NoOp", [], {}, tuple(assigns))
    for name in (filename, save, restore, restore_all, *assigns):
        w.taken.add(name)
    return {
        "filename_tensor_name": f"{prefix}:0",
        "save_tensor_name": f"{done}:0",
        "restore_op_name": restore_all,
        "max_to_keep": 5,
        "keep_checkpoint_every_n_hours": 10000.0,
        "version": 2,
    }


def _variable_def(var: Tensor, trainable: bool, snapshot: str) -> bytes:
    op = var.op
    initializer = op.attrs.get("initializer") or ""
    found = op.graph.ops_by_name.get(initializer)
    message = {
        "variable_name": var.name,
        "initializer_name": initializer,
        "snapshot_name": snapshot + ":0",
        "trainable": trainable,
    }
    if found is not None and len(found.inputs) > 1:
        message["initial_value_name"] = found.inputs[1].name
    return tf_proto.encode(message, tf_proto.VARIABLE_DEF)


def _collection(items: list[Any]) -> dict[str, Any] | None:
    """A collection as TF's CollectionDef: names of tensors and operations, or numbers,
    or strings (bytes); None for a mix or anything else, which TF leaves out too."""
    if all(isinstance(i, Tensor | Operation) for i in items):
        return {"node_list": {"value": [i.name for i in items]}}
    if all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        return {"int64_list": {"value": items}}
    if all(isinstance(i, float) for i in items):
        return {"float_list": {"value": items}}
    if all(isinstance(i, str | bytes) for i in items):
        return {"bytes_list": {"value": [i.encode() if isinstance(i, str) else i for i in items]}}
    return None


def meta_graph_def(
    graph: Graph,
    saver_keys: dict[str, Tensor] | None,
    collection_list: list[str] | None = None,
    tags: list[str] | None = None,
    signatures: dict[str, Any] | None = None,
    operations: dict[str, Operation] | None = None,
) -> dict[str, Any]:
    """TF's MetaGraphDef of `graph` (decoded form, as `tf_proto.META_GRAPH`): its GraphDef,
    a saver of `saver_keys` (key to variable; None for no saver), its collections (TF's
    `variables` and `trainable_variables` as VariableDefs), `tags` and `signatures`
    (SignatureDefs), `operations` extra one-operation collections (a saved model's
    `saved_model_main_op`)."""
    from .ops.state_ops import TRAINABLE_VARIABLES, VARIABLES

    w = _written(graph)
    meta: dict[str, Any] = {"meta_info_def": {"meta_graph_version": "v2.21.0"}}
    if tags is not None:
        meta["meta_info_def"]["tags"] = list(tags)
    if saver_keys is not None:
        meta["saver_def"] = _saver_nodes(w, saver_keys)
    meta["graph_def"] = _graph_message(w.nodes)
    trainable = {id(v) for v in graph.get_collection(TRAINABLE_VARIABLES)}
    collections: dict[str, Any] = {}
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        items = list(graph.get_collection(key)) if isinstance(key, str) else []
        if key in (VARIABLES, TRAINABLE_VARIABLES):
            found = [
                _variable_def(v, id(v) in trainable, w.reads[v.op.name])
                for v in items
                if _is_variable(v)
            ]
            collection = {"bytes_list": {"value": found}} if found else None
        else:
            collection = _collection(items) if items else None
        if collection is not None:
            collections[key] = collection
    for key, op in (operations or {}).items():
        collections[key] = {"node_list": {"value": [op.name]}}
    meta["collection_def"] = collections
    if signatures:
        meta["signature_def"] = {k: _signature(s) for k, s in signatures.items()}
    return meta


def _is_variable(v: Any) -> bool:
    return isinstance(v, Tensor) and v.op.type == "VariableV2"


def _signature(signature: Any) -> dict[str, Any]:
    def info(t: Any) -> dict[str, Any]:
        shape = t.tensor_shape.as_list() if t.tensor_shape is not None else None
        out = {"name": t.name, "dtype": t.dtype}
        out["tensor_shape"] = shape_proto(
            None if shape is None else [None if d in (None, -1) else d for d in shape]
        )
        return out

    return {
        "inputs": {k: info(v) for k, v in signature.inputs.items()},
        "outputs": {k: info(v) for k, v in signature.outputs.items()},
        "method_name": signature.method_name,
    }


def saved_model(meta_graphs: list[dict[str, Any]], as_text: bool = False) -> bytes:
    """TF's SavedModel of `meta_graphs` (MetaGraphDefs as `meta_graph_def` makes them)."""
    message = {"saved_model_schema_version": 1, "meta_graphs": meta_graphs}
    return serialize(message, tf_proto.SAVED_MODEL, as_text)


__all__ = [
    "EXPORTS",
    "GraphgateError",
    "graph_def",
    "graph_def_bytes",
    "meta_graph_def",
    "saved_model",
]
