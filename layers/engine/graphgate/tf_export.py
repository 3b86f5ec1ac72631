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

import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import tf_proto
from .errors import GraphgateError, error
from .graph import Graph, Operation, Tensor
from .ops import control_flow_ops as _cf
from .ops.registry import REQUIRED
from .ops.special_math_ops import _NONE as _BINCOUNT_NONE
from .tf_op_defs import OP_DEFS

# TF 2.21's GraphDef version (`tf.version.GRAPH_DEF_VERSION`) and the oldest consumer.
PRODUCER, MIN_CONSUMER = 2104, 12
_READ = "/read"


class Unexportable(Exception):
    """One reason a node cannot be written as TF's."""


# graphgate attributes that TF's graph has no place for and that change nothing TF runs:
# shapes graphgate inferred, and a variable's initializer and collection (TF keeps those
# in the meta graph's collections).
# empty_params_ok: graphgate's own lowerings' GatherNd (empty slices of a params with no
# element) writes as TF's, which fails such a run.
_NOT_WRITTEN = frozenset(
    ("static_shape", "static_begin", "initializer", "trainable", "empty_params_ok")
)


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
    "floats": ("list(float)",),
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
    """Each argument's spec and how many of `count` tensors it takes: the list
    arguments take what the others leave, shared equally where they share one length
    attribute (DynamicStitch's `indices*N` and `data*N`)."""
    lists = [s for s in specs if "*" in s or "+" in s]
    fixed = len(specs) - len(lists)
    lengths = {s.partition(":")[0].partition("*")[2] for s in lists}
    shared = len(lists) > 1 and "" not in lengths and len(lengths) == 1
    if (
        (len(lists) > 1 and not shared)
        or (not lists and count != fixed)
        or count < fixed
        or (lists and (count - fixed) % len(lists))
    ):
        raise Unexportable(f"{count} tensors do not fit TF's arguments {', '.join(specs)}")
    each = (count - fixed) // len(lists) if lists else 0
    return [(s, each if s in lists else 1) for s in specs]


def _bind(specs: tuple[str, ...], dtypes: list[Any], attrs: dict[str, Any]) -> None:
    """Set the attributes the arguments `specs` bind from the tensors' dtypes."""
    pos = 0
    for spec, n in _args(specs, len(dtypes)):
        taken = [_enum_of(d) for d in dtypes[pos : pos + n]]
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


_DT_RESOURCE = 20


def _enum_of(dtype: Any) -> int:
    # A handle (a lookup table's) is TF's DT_RESOURCE; numpy holds it as an object, which
    # as_dtype would read as a string.
    if getattr(dtype, "name", None) == "resource":
        return _DT_RESOURCE
    return _dt.as_dtype(dtype).as_datatype_enum


def _dt_name(enum: int) -> str:
    return tf_proto.TF_DTYPE_NAMES.get(enum, str(enum))


def _ref_args(specs: tuple[str, ...], count: int) -> list[bool]:
    out: list[bool] = []
    for spec, n in _args(specs, count):
        out += [spec.startswith("&")] * n
    return out


class _Writer:
    """The NodeDefs of one graph (a function body's too), names kept unique."""

    def __init__(self, graph: Graph, functions: dict[str, dict[str, Any]] | None = None):
        self.graph = graph
        self.nodes: list[dict[str, Any]] = []
        self.taken = set(graph.ops_by_name)
        # The function library every writer of one graph shares, by function name.
        self.functions: dict[str, dict[str, Any]] = {} if functions is None else functions
        # A tensor computed inside a cond's branch that something outside reads (a cond's
        # gradient reads its forward branch's values) is an extra output of that cond's
        # If: its name there, by tensor; and each If's tensors so exposed.
        self.aliases: dict[tuple[str, int], str] = {}
        self.exposed: dict[str, list[Tensor]] = {}
        # Control-flow ops holding a nested cond whose values something outside reads.
        self.nested_reads: dict[str, str] = {}
        # Ops outside a cond reading a value inside its branch, with that value.
        self.dead_reads: dict[str, str] = {}
        self.problems: list[dict[str, str]] = []
        self.reads: dict[str, str] = {}  # a variable's name to its read Identity's
        self.in_function = False
        # Graph ops another op's writing wrote (a variable's own read Identity), and the
        # ops held in bodies (never reused as a top-level helper).
        self.done: set[str] = set()
        self.inside: set[str] = set()
        # The graph's constants nothing reads, by scope and value (`const`).
        self.unread: dict[tuple[str, bytes], str] | None = None

    def fresh(self, name: str) -> str:
        candidate, i = name, 0
        while candidate in self.taken:
            i += 1
            candidate = f"{name}_{i}"
        self.taken.add(candidate)
        return candidate

    def ref(self, t: Tensor, as_ref: bool = False) -> str:
        if _key(t) in self.aliases:
            return self.aliases[_key(t)]
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

    def held(self, name: str, op_type: str) -> Operation | None:
        """The graph's own op `name` of `op_type`, which a helper this writer would write
        under that name may be: a graph read back from a GraphDef graphgate wrote holds the
        helpers that export wrote (an axes `Const`, a variable's `read`, a `Shape`), and
        writing them afresh beside it would grow the graph by that much each round trip."""
        op = self.graph.ops_by_name.get(name)
        if op is None or op.type != op_type or self.in_function or name in self.inside:
            return None
        return None if op.control_inputs else op

    def const(self, name: str, value: Any, dtype: Any = np.int32) -> str:
        array = np.asarray(value, dtype=dtype)
        held = self.held(name, "Const")
        if held is not None and _same_array(held.attrs.get("value"), array):
            return name  # written at its own turn
        # One the export shared between two ops (a softmax's `perm`, a dropout's noise
        # shape) reads back unread, in the scope above the op's: that one, too.
        shared = self._unread().get((name.rpartition("/")[0].rpartition("/")[0], _key_of(array)))
        if shared is not None and not self.in_function:
            return shared
        enum = _dt.as_dtype(array.dtype).as_datatype_enum
        attrs = {"dtype": {"type": enum}, "value": {"tensor": tf_proto.tensor_proto(array)}}
        return self.emit(self.fresh(name), "Const", [], attrs)

    def _unread(self) -> dict[tuple[str, bytes], str]:
        if self.unread is None:
            read = {t.op.name for op in self.graph.op_list for t in op.inputs}
            read |= {c.name for op in self.graph.op_list for c in op.control_inputs}
            read |= self.inside
            self.unread = {}
            for op in self.graph.op_list:
                value = op.attrs.get("value") if op.type == "Const" else None
                if isinstance(value, np.ndarray) and op.name not in read:
                    key = (op.name.rpartition("/")[0], _key_of(value))
                    self.unread.setdefault(key, op.name)
        return self.unread

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
            if self.in_function and any(refs):
                raise Unexportable("a variable updated inside a cond or loop is not written")
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
        for key in [k for k, kind in attr_specs.items() if k not in written and kind == "shape"]:
            # A required shape graphgate holds as unknown (placeholder_with_default(x, None),
            # a document leaves it out): TF's unknown rank, not a missing value.
            written[key] = _attr_value("shape", None)
        missing = [k for k, kind in attr_specs.items() if k not in written and "?" not in kind]
        if missing:
            raise Unexportable(f"no value for TF's required attribute {', '.join(missing)}")
        ctrl = tuple(c.name for c in op.control_inputs) if name in (None, op.name) else ()
        return self.emit(name or op.name, op_type, inputs, written, ctrl, op.device)


def _key_of(array: np.ndarray) -> bytes:
    """A constant's dtype, shape and bytes, as one key (object arrays: their repr)."""
    body = repr(array.tolist()).encode() if array.dtype == object else array.tobytes()
    return f"{array.dtype.str}{array.shape}".encode() + body


def _same_array(held: Any, array: np.ndarray) -> bool:
    if not isinstance(held, np.ndarray):
        return False
    return held.dtype == array.dtype and held.shape == array.shape and np.array_equal(held, array)


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
    for key, value in _attrs_of(op).items():
        if key in _NOT_WRITTEN:
            continue
        if key not in spec[2]:
            if _is_default(op, key, value):
                continue
            raise Unexportable(f"attribute {key}={value!r} has no TF equivalent on {op.type}")
        _checked_kind(op, key, spec[2][key])
        attrs[key] = value
    w.op_node(op, attrs=attrs)


def _attrs_of(op: Operation) -> dict[str, Any]:
    """The op's attributes with the defaults it leaves out filled in, as a stored graph's
    op holds them (`serialization`): the graph a script built and the same graph stored
    and downloaded write the same NodeDefs, and TF's writer too keeps an attribute at its
    default (MatMul's `transpose_a: false`)."""
    filled = {
        key: default
        for key, (_, default) in op.definition.attrs.items()
        if default is not None and default is not REQUIRED
    }
    return filled | op.attrs


def _is_default(op: Operation, key: str, value: Any) -> bool:
    default = op.definition.attrs[key][1]
    return value is None or (type(value) is type(default) and value == default)


def _own_attrs(op: Operation, handled: tuple[str, ...], renames: dict[str, str]) -> dict:
    """The op's attributes TF has by name (or by `renames`), leaving out `handled`."""
    spec = OP_DEFS[op.type][2] if op.type in OP_DEFS else {}
    out = {}
    for key, value in _attrs_of(op).items():
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
    if hasattr(t.shape, "rank"):
        return t.shape.rank  # None for an unknown shape, whose as_list() raises
    return None if t.shape is None else len(t.shape)


def _reduction_axes(w: _Writer, op: Operation, x: Tensor, axis: Any) -> str:
    """The axes input of a reduction of `x`: `axis`, or None's every axis, as TF1's
    `_ReductionDims` writes them: a constant where the rank is known, else the `Range` of
    its run-time `Rank`."""
    if axis is not None:
        return w.const(f"{op.name}/reduction_indices", axis)
    if _rank(x) is None:
        return _every_axis(w, op, x)
    return w.const(f"{op.name}/reduction_indices", list(range(_rank(x))))


def _every_axis(w: _Writer, op: Operation, source: Tensor, reverse: bool = False) -> str:
    """TF1's axes of every axis of `source` of unknown rank: `Range` of its `Rank` (of a
    SparseTensor's dense shape `source`: its `Size`), or the graph's own such `Range` (a
    graph read back from this GraphDef holds it; writing another would grow it)."""
    rank_type = "Size" if op.type.startswith("SparseReduce") else "Rank"
    held = w.held(f"{op.name}/range", "Range")
    if held is not None and _is_every_axis(held, rank_type, source, reverse):
        return held.name
    attrs = {"T": {"type": _enum(source.dtype)}}
    if rank_type == "Size":
        attrs["out_type"] = {"type": _enum(np.int32)}
    rank = w.emit(w.fresh(f"{op.name}/{rank_type}"), rank_type, [w.ref(source)], attrs)
    return _range_of(w, op, rank, reverse)


def _is_every_axis(held: Operation, rank_type: str, source: Tensor, reverse: bool) -> bool:
    start, limit, delta = held.inputs
    rank = start.op.inputs[0] if reverse and start.op.type == "Sub" else limit
    if rank.op.type != rank_type or rank.op.inputs[0] is not source:
        return False
    if reverse:
        return _is_scalar(start.op.inputs[1], 1) and _is_scalar(limit, -1) and _is_scalar(delta, -1)
    return _is_scalar(start, 0) and _is_scalar(delta, 1)


def _is_scalar(t: Tensor, want: int) -> bool:
    value = t.op.attrs.get("value") if t.op.type == "Const" else None
    return isinstance(value, np.ndarray) and value.shape == () and int(value) == want


def _range_of(w: _Writer, op: Operation, rank: str, reverse: bool = False) -> str:
    """`Range(0, rank, 1)`, or from the last (`reverse`) `Range(rank - 1, -1, -1)`, int32."""
    int32 = {"type": _enum(np.int32)}
    if reverse:
        one = w.const(f"{op.name}/sub/y", 1)
        start = w.emit(w.fresh(f"{op.name}/sub"), "Sub", [rank, one], {"T": int32})
        limit = w.const(f"{op.name}/range/limit", -1)
        delta = w.const(f"{op.name}/range/delta", -1)
    else:
        start, limit = w.const(f"{op.name}/range/start", 0), rank
        delta = w.const(f"{op.name}/range/delta", 1)
    return w.emit(w.fresh(f"{op.name}/range"), "Range", [start, limit, delta], {"Tidx": int32})


def _reduce_dynamic(w: _Writer, op: Operation) -> None:
    """A reduction over axes computed at run time (TF's graph read back, its axes a
    `Range` of a `Rank`): TF's op of its kind, the axes its second input."""
    if op.attrs["kind"] == "ReduceLogSumExp":
        _logsumexp(w, op)
        return
    x, axes = op.inputs
    attrs = {"keep_dims": bool(op.attrs.get("keepdims"))}
    w.op_node(op, op.attrs["kind"], [w.ref(x), w.ref(axes)], attrs, [x.dtype, axes.dtype])


def _reduction(w: _Writer, op: Operation) -> None:
    x = op.inputs[0]
    axes = _reduction_axes(w, op, x, op.attrs.get("axis"))
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


def _space_batch(w: _Writer, op: Operation) -> None:
    """SpaceToBatchND and BatchToSpaceND: TF's block shape and paddings (or crops) are
    inputs, Const where graphgate holds them as attributes."""
    x = op.inputs[0]
    if len(op.inputs) == 3:
        w.op_node(op, attrs={})
        return
    key = "paddings" if op.type == "SpaceToBatchND" else "crops"
    block = w.const(f"{op.name}/block_shape", list(op.attrs["block_shape"]))
    pairs = w.const(f"{op.name}/{key}", np.asarray(op.attrs[key], np.int32).reshape(-1, 2))
    dtypes = [x.dtype, np.dtype(np.int32), np.dtype(np.int32)]
    w.op_node(op, inputs=[w.ref(x), block, pairs], attrs={}, input_dtypes=dtypes)


def _in_top_k(w: _Writer, op: Operation) -> None:
    """InTopKV2's k is TF's input of the targets' dtype (T types both)."""
    _const_input("k", "k", at=2, dtype=op.inputs[1].dtype.as_numpy_dtype)(w, op)


def _random(w: _Writer, op: Operation) -> None:
    if op.inputs:
        _generic(w, op)
        return
    shape = w.const(f"{op.name}/shape", op.attrs["shape"])
    attrs = _own_attrs(op, ("shape",), {})
    w.op_node(op, inputs=[shape], attrs=attrs, input_dtypes=[np.int32])


_STATELESS = (
    "StatelessRandomNormal",
    "StatelessRandomUniform",
    "StatelessTruncatedNormal",
    "StatelessRandomUniformInt",
    "StatelessRandomUniformFullInt",
    "StatelessRandomGammaV2",
    "StatelessRandomPoisson",
    "StatelessRandomBinomial",
)


def _random_gamma(w: _Writer, op: Operation) -> None:
    """TF's RandomGamma takes its shape first, as an input; graphgate holds a static one as
    an attribute and one known when run as its second input."""
    alpha = op.inputs[0]
    if len(op.inputs) == 2:
        shape, shape_dtype = w.ref(op.inputs[1]), op.inputs[1].dtype
    else:
        shape, shape_dtype = w.const(f"{op.name}/shape", op.attrs["shape"]), np.dtype(np.int32)
    attrs = _own_attrs(op, ("shape",), {})
    w.op_node(
        op, inputs=[shape, w.ref(alpha)], attrs=attrs, input_dtypes=[shape_dtype, alpha.dtype]
    )


def _fill(w: _Writer, op: Operation) -> None:
    if len(op.inputs) == 2:
        w.op_node(op, attrs={})
        return
    dims = w.const(f"{op.name}/dims", op.attrs["shape"])
    value = op.inputs[0]
    w.op_node(op, inputs=[dims, w.ref(value)], attrs={}, input_dtypes=[np.int32, value.dtype])


def _cast(w: _Writer, op: Operation) -> None:
    w.op_node(op, attrs={"DstT": op.attrs["dtype"], "Truncate": False})


def _unique(w: _Writer, op: Operation) -> None:
    """graphgate's Unique giving its counts is TF's UniqueWithCounts."""
    kind = "UniqueWithCounts" if op.attrs.get("counts") else "Unique"
    w.op_node(op, kind, attrs={"out_idx": op.outputs[1].dtype})


def _unique_v2(w: _Writer, op: Operation) -> None:
    """graphgate's UniqueV2 giving its counts is TF's UniqueWithCountsV2."""
    if not op.attrs.get("counts"):
        _const_input("axis", "axis", dtype=np.int64)(w, op)
        return
    axis = w.const(f"{op.name}/axis", op.attrs.get("axis", ()), np.int64)
    attrs = {"out_idx": op.outputs[1].dtype}
    w.op_node(
        op,
        "UniqueWithCountsV2",
        [w.ref(op.inputs[0]), axis],
        attrs,
        [op.inputs[0].dtype, np.dtype(np.int64)],
    )


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


def _softmax(w: _Writer, op: Operation) -> None:
    """TF1's `softmax(x, axis)` off the last axis: the axis swapped with the last by a
    Transpose, the op, and the same Transpose back (TF's `_swap_axis`)."""
    axis, rank = op.attrs.get("axis", -1), _rank(op.inputs[0])
    if axis in (-1, None) or (rank is not None and axis % rank == rank - 1) or rank is None:
        _last_axis_only(w, op)
        return
    x = op.inputs[0]
    perm = list(range(rank))
    perm[axis % rank], perm[-1] = rank - 1, axis % rank
    t = {"T": {"type": _enum(x.dtype)}, "Tperm": {"type": _enum(np.int32)}}
    swap = w.const(f"{op.name}/perm", perm)
    there = w.emit(w.fresh(f"{op.name}/transpose"), "Transpose", [w.ref(x), swap], dict(t))
    inner = w.emit(w.fresh(f"{op.name}/{op.type}"), op.type, [there], {"T": t["T"]})
    ctrl = tuple(c.name for c in op.control_inputs)
    w.emit(op.name, "Transpose", [inner, swap], dict(t), ctrl, op.device)


def _add(w: _Writer, op: Operation) -> None:
    # TF's Add takes no uint16/32/64, which `tf.add` computes with AddV2 (as TF 2's `+`
    # does for every type): a written Add of them failed import_graph_def.
    kind = np.dtype(op.outputs[0].dtype)
    w.op_node(op, "AddV2" if kind in _ADD_V2_ONLY else "Add", attrs={})


_ADD_V2_ONLY = frozenset(np.dtype(t) for t in ("uint16", "uint32", "uint64"))


def _clip(w: _Writer, op: Operation) -> None:
    """TF's ClipByValue kernel takes bounds that are scalars or of the input's shape only,
    and no uint32/uint64: other clips are written as `tf.clip_by_value` builds every one,
    Minimum with the top, then Maximum with the bottom (which broadcast)."""
    x, low, high = op.inputs
    shape = _shape(x)
    known = shape is not None and None not in shape
    fits = all(_shape(b) == [] or (known and _shape(b) == shape) for b in (low, high))
    if fits and np.dtype(x.dtype) not in (np.dtype("uint32"), np.dtype("uint64")):
        w.op_node(op, attrs={})
        return
    t = {"T": {"type": _enum(x.dtype)}}
    top = w.emit(w.fresh(f"{op.name}/Minimum"), "Minimum", [w.ref(x), w.ref(high)], t)
    ctrl = tuple(c.name for c in op.control_inputs)
    w.emit(op.name, "Maximum", [top, w.ref(low)], dict(t), ctrl, op.device)


def _like_dtype(w: _Writer, op: Operation) -> None:
    dtype = op.attrs.get("dtype")
    if dtype is not None and _dt.as_dtype(dtype) != _dt.as_dtype(op.inputs[0].dtype):
        raise Unexportable(f"TF's {op.type} keeps its input's dtype")
    w.op_node(op, attrs={})


def _stitch(w: _Writer, op: Operation) -> None:
    # graphgate's `num` is TF's `N`, which the indices list binds.
    w.op_node(op, attrs=_own_attrs(op, ("num",), {}))


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
    # Paddings known while building are a Const input (a scalar's are of shape [0, 2]); a
    # value that is not its type's zero makes TF's op PadV2, as `tf.pad` names it.
    x = op.inputs[0]
    if len(op.inputs) == 2:
        paddings, paddings_dtype = w.ref(op.inputs[1]), op.inputs[1].dtype
    else:
        pairs = np.asarray(op.attrs["paddings"], np.int32).reshape(-1, 2)
        paddings, paddings_dtype = w.const(f"{op.name}/paddings", pairs), np.int32
    if op.type == "MirrorPad":
        attrs = {"mode": op.attrs["mode"]}
        w.op_node(
            op, inputs=[w.ref(x), paddings], attrs=attrs, input_dtypes=[x.dtype, paddings_dtype]
        )
        return
    if _dt.as_dtype(x.dtype) is _dt.string:
        value = op.attrs.get("constant_text") or ""
        fill = _string_const(w, f"{op.name}/constant_values", value) if value else None
    else:
        value = op.attrs.get("constant_values") or 0
        fill = w.const(f"{op.name}/constant_values", value, x.dtype) if value else None
    if fill is None:
        w.op_node(op, "Pad", [w.ref(x), paddings], {}, [x.dtype, paddings_dtype])
        return
    w.op_node(op, "PadV2", [w.ref(x), paddings, fill], {}, [x.dtype, paddings_dtype, x.dtype])


def _transpose(w: _Writer, op: Operation) -> None:
    """A Transpose without `perm` reverses the axes: TF's `transpose(a)` builds the perm
    `(rank - 1) - range(rank)`, a Const here where the rank is known."""
    if op.attrs.get("perm") is not None or len(op.inputs) == 2:
        _const_input("perm", "perm")(w, op)
        return
    x = op.inputs[0]
    rank = _rank(x)
    if rank is not None:
        perm = w.const(f"{op.name}/perm", list(range(rank - 1, -1, -1)))
    else:
        i32 = {"type": _enum(np.int32)}
        size = w.emit(
            w.fresh(f"{op.name}/Rank"), "Rank", [w.ref(x)], {"T": {"type": _enum(x.dtype)}}
        )
        last = w.emit(
            w.fresh(f"{op.name}/sub"), "Sub", [size, w.const(f"{op.name}/sub/y", 1)], {"T": i32}
        )
        start, delta = w.const(f"{op.name}/Range/start", 0), w.const(f"{op.name}/Range/delta", 1)
        steps = w.emit(w.fresh(f"{op.name}/Range"), "Range", [start, size, delta], {"Tidx": i32})
        perm = w.emit(w.fresh(f"{op.name}/sub_1"), "Sub", [last, steps], {"T": i32})
    w.op_node(op, inputs=[w.ref(x), perm], attrs={}, input_dtypes=[x.dtype, np.int32])


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


def _parse_example(w: _Writer, op: Operation) -> None:
    # graphgate keeps the spec as text (dtypes comma-separated, shapes as JSON) where TF
    # keeps typed lists: the inverse of tf_graph's reading.
    sparse = [_enum(t) for t in op.attrs["sparse_types"].split(",") if t]
    shapes = json.loads(op.attrs["dense_shapes"])
    defaults = op.inputs[5:]
    attrs = {
        "num_sparse": {"i": int(op.attrs["num_sparse"])},
        "sparse_types": {"list": {"type": sparse}},
        "dense_shapes": {"list": {"shape": [shape_proto(s) for s in shapes]}},
        "Tdense": {"list": {"type": [_enum(t.dtype) for t in defaults]}},
        "ragged_value_types": {"list": {}},
        "ragged_split_types": {"list": {}},
    }
    inputs = [w.ref(t) for t in op.inputs]
    ctrl = tuple(c.name for c in op.control_inputs)
    w.emit(op.name, "ParseExampleV2", inputs, attrs, ctrl, op.device)


def _gather_grad(w: _Writer, op: Operation) -> None:
    # TF's gradient of a gather along axis 0, as its IndexedSlices made dense:
    # UnsortedSegmentSum of the rows by their (flattened) indices, as many as params has.
    from .ops.array_ops import gathers_along_axis_zero

    if not gathers_along_axis_zero(op):
        raise Unexportable("the gradient of a gather along an axis other than 0 is not written")
    g, indices, params = op.inputs
    i32, t, ti = {"type": _enum(np.int32)}, {"type": _enum(g.dtype)}, {"type": _enum(indices.dtype)}
    shape = _shape_of(w, op, params, "Shape")
    slice_attrs = {"T": i32, "Index": i32, **{k: {"i": 0} for k in _SLICE_MASKS}}
    ends = [w.const(f"{op.name}/{k}", v) for k, v in (("b", [1]), ("e", [0]), ("s", [1]))]
    tail = w.emit(w.fresh(f"{op.name}/tail"), "StridedSlice", [shape, *ends],
                  {**slice_attrs, "end_mask": {"i": 1}})  # fmt: skip
    ones = [w.const(f"{op.name}/{k}", v) for k, v in (("b0", [0]), ("e0", [1]), ("s0", [1]))]
    rows = w.emit(w.fresh(f"{op.name}/rows"), "StridedSlice", [shape, *ones],
                  {**slice_attrs, "shrink_axis_mask": {"i": 1}})  # fmt: skip
    minus_one = w.const(f"{op.name}/minus_one", [-1])
    axis = w.const(f"{op.name}/axis", 0)
    new_shape = w.emit(w.fresh(f"{op.name}/concat"), "ConcatV2", [minus_one, tail, axis],
                       {"N": {"i": 2}, "T": i32, "Tidx": i32})  # fmt: skip
    values = w.emit(w.fresh(f"{op.name}/Reshape"), "Reshape", [w.ref(g), new_shape],
                    {"T": t, "Tshape": i32})  # fmt: skip
    flat = w.emit(w.fresh(f"{op.name}/Reshape_1"), "Reshape", [w.ref(indices), minus_one],
                  {"T": ti, "Tshape": i32})  # fmt: skip
    w.op_node(op, "UnsortedSegmentSum", [values, flat, rows], {},
              [g.dtype, indices.dtype, np.int32])  # fmt: skip


def _dropout(w: _Writer, op: Operation) -> None:
    # TF's dropout graph: uniforms drawn in x's dtype (of the noise shape) with the op's
    # seeds, kept where >= rate, x * 1 / (1 - rate) where kept and 0 elsewhere (TF's
    # where_v2: a dropped NaN or infinity is 0, a dropped negative +0.0, where x * mask
    # gave NaN and -0.0); graphgate's two outputs (that, the mask of x's shape) as one
    # IdentityN under the op's name.
    noise = op.attrs.get("noise_shape")
    if noise is not None and None in noise:
        raise Unexportable("dropout with a noise_shape known only at run time is not written")
    x = op.inputs[0]
    dtype, rate = np.dtype(op.outputs[0].dtype), float(op.attrs["rate"])
    t = {"type": _enum(dtype)}
    if noise is None:
        shape = _shape_of(w, op, x, "Shape")
    else:
        shape = w.const(f"{op.name}/noise_shape", list(noise))
    seeds = {k: {"i": int(op.attrs.get(k) or 0)} for k in ("seed", "seed2")}
    uniform = w.emit(w.fresh(f"{op.name}/random_uniform"), "RandomUniform", [shape],
                     {"dtype": t, "T": {"type": _enum(np.int32)}, **seeds})  # fmt: skip
    floor = w.const(f"{op.name}/rate", rate, dtype)
    keep = w.emit(w.fresh(f"{op.name}/GreaterEqual"), "GreaterEqual", [uniform, floor], {"T": t})
    cast = {"SrcT": {"type": _enum(np.bool_)}, "DstT": t, "Truncate": {"b": False}}
    kept = w.emit(w.fresh(f"{op.name}/Cast"), "Cast", [keep], cast)
    one = dtype.type(1)
    scale = w.const(f"{op.name}/scale", one / (one - dtype.type(rate)), dtype)
    mask = w.emit(w.fresh(f"{op.name}/mask"), "Mul", [kept, scale], {"T": t})
    if noise is not None:  # the mask of x's shape, as graphgate's second output
        ones = w.emit(w.fresh(f"{op.name}/ones_like"), "OnesLike", [w.ref(x)], {"T": t})
        mask = w.emit(w.fresh(f"{op.name}/mask_1"), "Mul", [mask, ones], {"T": t})
    scaled = w.emit(w.fresh(f"{op.name}/mul"), "Mul", [w.ref(x), scale], {"T": t})
    zero = w.const(f"{op.name}/zeros", 0, dtype)
    out = w.emit(w.fresh(f"{op.name}/SelectV2"), "SelectV2", [keep, scaled, zero], {"T": t})
    w.op_node(op, "IdentityN", [out, mask], {}, [dtype, dtype])


# -- graphgate's own ops, as the TF functions that compute them build them -------------------


def _sigmoid_xent(w: _Writer, op: Operation) -> None:
    # TF's `sigmoid_cross_entropy_with_logits`: relu(x) - x * z + log1p(exp(-|x|)), its
    # relu and -|x| as Selects on x >= 0, summed in graphgate's kernel's order.
    x, z = op.inputs
    t = {"T": {"type": _enum(x.dtype)}}

    def node(suffix: str, op_type: str, inputs: list[str]) -> str:
        return w.emit(w.fresh(f"{op.name}/{suffix}"), op_type, inputs, dict(t))

    zeros = node("zeros_like", "ZerosLike", [w.ref(x)])
    cond = node("GreaterEqual", "GreaterEqual", [w.ref(x), zeros])
    relu = node("Select", "Select", [cond, w.ref(x), zeros])
    neg_abs = node("Select_1", "Select", [cond, node("Neg", "Neg", [w.ref(x)]), w.ref(x)])
    sub = node("sub", "Sub", [relu, node("mul", "Mul", [w.ref(x), w.ref(z)])])
    log1p = node("Log1p", "Log1p", [node("Exp", "Exp", [neg_abs])])
    w.op_node(op, "Add", [sub, log1p], {}, [x.dtype, x.dtype])


def _logsumexp(w: _Writer, op: Operation) -> None:
    # TF's `reduce_logsumexp`: log(sum(exp(x - m))) + m, m the kept max where finite and 0
    # elsewhere (an empty or infinite reduction), as graphgate's kernel computes it.
    x, keep = op.inputs[0], bool(op.attrs.get("keepdims"))
    t = {"T": {"type": _enum(x.dtype)}}
    dynamic = op.type == "ReduceDynamic"  # axes computed at run time: its second input
    reduce = {**t, "Tidx": {"type": _enum(op.inputs[1].dtype if dynamic else np.int32)}}

    def node(suffix: str, op_type: str, inputs: list[str], attrs: dict | None = None) -> str:
        return w.emit(w.fresh(f"{op.name}/{suffix}"), op_type, inputs, attrs or dict(t))

    axes = w.ref(op.inputs[1]) if dynamic else _reduction_axes(w, op, x, op.attrs.get("axis"))
    raw = node("Max", "Max", [w.ref(x), axes], {**reduce, "keep_dims": {"b": True}})
    finite = node("IsFinite", "IsFinite", [raw])
    zero = w.const(f"{op.name}/zeros", 0, np.dtype(x.dtype))
    m = node("StopGradient", "StopGradient", [node("SelectV2", "SelectV2", [finite, raw, zero])])
    exp = node("Exp", "Exp", [node("Sub", "Sub", [w.ref(x), m])])
    total = node("Sum", "Sum", [exp, axes], {**reduce, "keep_dims": {"b": keep}})
    log = node("Log", "Log", [total])
    if not keep:
        shape = {"T": t["T"], "out_type": {"type": _enum(np.int32)}}
        m = node("Reshape", "Reshape", [m, node("Shape", "Shape", [log], shape)],
                 {**t, "Tshape": {"type": _enum(np.int32)}})  # fmt: skip
    w.op_node(op, "Add", [log, m], {}, [x.dtype, x.dtype])


def _bincount(w: _Writer, op: Operation) -> None:
    # TF1's `tf.math.bincount` as TF 2 writes it: the values flattened, the size
    # (max + 1) * (size > 0) bounded by minlength and maxlength, and TF's DenseBincount of
    # them with the weights, or an empty tensor counting 1 each. (`length`, graphgate's
    # static size, is what TF's shape inference folds: no attribute.)
    if len(op.inputs) == 3:  # TF's own form, imported
        w.op_node(op, attrs=_own_attrs(op, ("minlength", "maxlength", "dtype", "length"), {}))
        return
    arr, out = op.inputs[0], op.outputs[0].dtype
    idx = {"type": _enum(arr.dtype)}

    def node(suffix: str, op_type: str, inputs: list[str], attrs: dict) -> str:
        return w.emit(w.fresh(f"{op.name}/{suffix}"), op_type, inputs, attrs)

    shape = w.const(f"{op.name}/Reshape/shape", [-1])
    flat = node(
        "Reshape", "Reshape", [w.ref(arr), shape], {"T": idx, "Tshape": {"type": _enum(np.int32)}}
    )
    count = node("Size", "Size", [flat], {"T": idx, "out_type": {"type": _enum(np.int32)}})
    zero = w.const(f"{op.name}/Greater/y", 0)
    some = node("Greater", "Greater", [count, zero], {"T": {"type": _enum(np.int32)}})
    some = node(
        "Cast",
        "Cast",
        [some],
        {"SrcT": {"type": _enum(_dt.bool_)}, "DstT": idx, "Truncate": {"b": False}},
    )
    axes = w.const(f"{op.name}/Const", [0])
    top = node(
        "Max",
        "Max",
        [flat, axes],
        {"T": idx, "Tidx": {"type": _enum(np.int32)}, "keep_dims": {"b": False}},
    )
    top = node(
        "add", "AddV2", [top, w.const(f"{op.name}/add/y", 1, np.dtype(arr.dtype))], {"T": idx}
    )
    size = node("mul", "Mul", [some, top], {"T": idx})
    for attr, kind in (("minlength", "Maximum"), ("maxlength", "Minimum")):
        bound = op.attrs.get(attr, _BINCOUNT_NONE)
        if bound != _BINCOUNT_NONE:
            limit = w.const(f"{op.name}/{attr}", bound, np.dtype(arr.dtype))
            size = node(kind, kind, [size, limit], {"T": idx})
    if len(op.inputs) == 2:
        weights = node(
            "Reshape_1",
            "Reshape",
            [w.ref(op.inputs[1]), shape],
            {"T": {"type": _enum(out)}, "Tshape": {"type": _enum(np.int32)}},
        )
    else:
        weights = w.const(f"{op.name}/Const_1", [], np.dtype(out))
    attrs = {"Tidx": idx, "T": {"type": _enum(out)}, "binary_output": {"b": False}}
    w.emit(op.name, "DenseBincount", [flat, size, weights], attrs)


# -- graphgate's own gradient helpers, as TF's gradients compute them --------------------------


def _shape_of(w: _Writer, op: Operation, t: Tensor, suffix: str) -> str:
    out = {"out_type": {"type": _dt.int32.as_datatype_enum}, "T": {"type": _enum(t.dtype)}}
    return w.emit(w.fresh(f"{op.name}/{suffix}"), "Shape", [w.ref(t)], out)


def _enum(dtype: Any) -> int:
    return _dt.as_dtype(dtype).as_datatype_enum


def _broadcast_like(w: _Writer, op: Operation) -> None:
    # g times ones of x's shape: exactly g spread over x's shape, and a shape TF infers
    # (a BroadcastTo of Shape(x) reads back with no static rank, which an optimizer's
    # update refuses).
    g, x = op.inputs
    ones = w.emit(
        w.fresh(f"{op.name}/ones_like"), "OnesLike", [w.ref(x)], {"T": {"type": _enum(x.dtype)}}
    )
    w.op_node(op, "Mul", [w.ref(g), ones], {}, [g.dtype, x.dtype])


def _reshape_like(w: _Writer, op: Operation) -> None:
    g, x = op.inputs
    shape = _shape_of(w, op, x, "Shape")
    w.op_node(op, "Reshape", [w.ref(g), shape], {}, [g.dtype, np.int32])


def _unbroadcast_like(w: _Writer, op: Operation) -> None:
    g, x = op.inputs
    shape = _reshaped_to(op)
    if shape is not None:
        _unbroadcast_sum(w, op, shape)
        return
    sx = _shape_of(w, op, x, "Shape")
    sg = _shape_of(w, op, g, "Shape_1")
    total = _gradient_sum(w, op, op.name, w.fresh(f"{op.name}/Sum"), (sx, sg))
    w.op_node(op, "Reshape", [total, sx], {}, [g.dtype, np.int32])


def _gradient_sum(
    w: _Writer, op: Operation, prefix: str, name: str, shapes: tuple[str, str], own: bool = False
) -> str:
    """TF's `Sum(g, BroadcastGradientArgs(Shape(x), Shape(g)):0)` named `name`; `own`: it
    is the op's own node (its control inputs and device)."""
    int32 = {"T": {"type": _enum(np.int32)}}
    args = w.emit(w.fresh(f"{prefix}/BroadcastGradientArgs"), "BroadcastGradientArgs",
                  list(shapes), dict(int32))  # fmt: skip
    sum_attrs = {"T": {"type": _enum(op.inputs[0].dtype)}, "Tidx": {"type": _enum(np.int32)}}
    sum_attrs["keep_dims"] = {"b": False}
    ctrl = tuple(c.name for c in op.control_inputs) if own else ()
    device = op.device if own else ""
    return w.emit(name, "Sum", [w.ref(op.inputs[0]), args], sum_attrs, ctrl, device)


def _reshaped_to(op: Operation) -> Tensor | None:
    """The `Shape(x)` every reader of `UnbroadcastLike(g, x)` reshapes it to, if they all
    do: how TF's GraphDef graphgate wrote reads back (the `Sum` of TF's gradient becomes
    the `UnbroadcastLike`, the `Reshape` after it stays)."""
    readers = op.outputs[0].consumers()
    shapes = {_shape_read(r, op) for r in readers}
    found = shapes.pop() if len(shapes) == 1 else None
    return found if readers and found is not None else None


def _shape_read(reader: Operation, op: Operation) -> Tensor | None:
    """The `Shape(x)` (int32) `reader` reshapes `op`'s output to, else None."""
    if reader.type != "Reshape" or len(reader.inputs) != 2 or reader.inputs[0] is not op.outputs[0]:
        return None
    shape = reader.inputs[1]
    of_x = shape.op.type == "Shape" and shape.op.inputs[0] is op.inputs[1]
    return shape if of_x and shape.dtype == _dt.int32 else None


def _unbroadcast_sum(w: _Writer, op: Operation, shape: Tensor) -> None:
    """An `UnbroadcastLike` whose readers reshape it to its operand's shape, written as
    the bare `Sum` of TF's gradient (those reshapes are written at their own turn). Its
    helpers are named, and the `Shape(g)` reused, as the export it was read back from
    wrote them, so a second round trip writes the first's nodes."""
    g = op.inputs[0]
    prefix = shape.op.name.rpartition("/")[0]
    prefix = prefix if op.name == f"{prefix}/Sum" else op.name
    held = w.held(f"{prefix}/Shape_1", "Shape")
    if held is not None and held.inputs[0] is g and held.outputs[0].dtype == _dt.int32:
        sg = held.name
    else:
        sg = _shape_of(w, op, g, "Shape_1")
    _gradient_sum(w, op, prefix, op.name, (w.ref(shape), sg), own=True)


def _variable(w: _Writer, op: Operation) -> None:
    w.op_node(op, attrs={"dtype": op.attrs["dtype"], "shape": op.attrs["shape"]})
    read = {"T": {"type": _enum(op.outputs[0].dtype)}}
    read["_class"] = {"list": {"s": [f"loc:@{op.name}".encode()]}}
    # `<name>/read`, the graph's own when it holds that Identity of the variable (a graph
    # read back from TF's GraphDef), else a fresh name when the graph has a node of that
    # name (Adam's `beta1_power/read` reads its variable itself): the variable's readers
    # read whichever is written.
    held = w.held(op.name + _READ, "Identity")
    if held is not None and held.inputs[0].op is op and held.device == op.device:
        w.done.add(held.name)
        w.reads[op.name] = held.name
    else:
        w.reads[op.name] = w.fresh(op.name + _READ)
    w.emit(w.reads[op.name], "Identity", [op.name], read, device=op.device)


def _read_variable(w: _Writer, op: Operation) -> None:
    if op.inputs[0].op.type != "VariableV2":
        _generic(w, op)
        return
    # graphgate reads a ref variable with ReadVariableOp where TF1 reads it with Identity.
    w.op_node(op, "Identity", attrs={})


def _initialized_value(w: _Writer, op: Operation) -> None:
    """graphgate's InitializedValue(w, initial) as TF1 writes `w.initialized_value()`: a
    cond on IsVariableInitialized(w) that reads `w` through a RefSwitch when it is set and
    takes the initial value when not, merged (an EMA's shadow, a slot seeded from w)."""
    var = op.inputs[0]
    if var.op.type != "VariableV2":
        raise Unexportable(f"{var.op.name} is not a variable TF1's cond can read")
    dtype = {"type": _enum(var.dtype)}
    ref = w.ref(var, as_ref=True)
    flag = w.emit(
        w.fresh(f"{op.name}/IsVariableInitialized"),
        "IsVariableInitialized",
        [ref],
        {"dtype": dtype},
        device=op.device,
    )
    switch = w.emit(w.fresh(f"{op.name}/Switch"), "RefSwitch", [ref, flag], {"T": dtype})
    read = w.emit(w.fresh(f"{op.name}/read"), "Identity", [f"{switch}:1"], {"T": dtype})
    initial = w.emit(
        w.fresh(f"{op.name}/Switch_1"), "Switch", [w.ref(op.inputs[1]), flag], {"T": dtype}
    )
    w.emit(op.name, "Merge", [initial, read], {"T": dtype, "N": {"i": 2}}, device=op.device)


def _report_uninitialized(w: _Writer, op: Operation) -> None:
    """TF's `report_uninitialized_variables`: the names of the variables whose
    `IsVariableInitialized` is false (TF's `boolean_mask` of a 1-D list, written as the
    `Where`, `Squeeze` and `GatherV2` it comes to), its output node named as the op."""
    names = [n for n in op.attrs.get("variables", "").split(",") if n]
    if not names:
        w.emit(op.name, "Const", [], _string_tensor_attrs([]))
        return
    flags = []
    for i, name in enumerate(names):
        var = w.graph.ops_by_name.get(name)
        if var is None or var.type != "VariableV2":
            raise Unexportable(f"{name} is not a variable TF's report can read")
        attrs = {"dtype": {"type": _enum(var.outputs[0].dtype)}}
        node = w.fresh(f"{op.name}/IsVariableInitialized" + (f"_{i}" if i else ""))
        flags.append(w.emit(node, "IsVariableInitialized", [name], attrs, device=op.device))
    boolean = {"type": _enum(_dt.bool_)}
    stack = w.emit(
        w.fresh(f"{op.name}/stack"),
        "Pack",
        flags,
        {"N": {"i": len(flags)}, "T": boolean, "axis": {"i": 0}},
    )
    mask = w.emit(w.fresh(f"{op.name}/LogicalNot"), "LogicalNot", [stack], {})
    where = w.emit(w.fresh(f"{op.name}/boolean_mask/Where"), "Where", [mask], {"T": boolean})
    squeeze = w.emit(
        w.fresh(f"{op.name}/boolean_mask/Squeeze"),
        "Squeeze",
        [where],
        {"T": {"type": _enum(_dt.int64)}, "squeeze_dims": {"list": {"i": [1]}}},
    )
    table = _string_const(w, f"{op.name}/Const", names)
    axis = w.const(f"{op.name}/boolean_mask/axis", 0)
    attrs = {
        "Tparams": {"type": _enum(_dt.string)},
        "Tindices": {"type": _enum(_dt.int64)},
        "Taxis": {"type": _enum(_dt.int32)},
        "batch_dims": {"i": 0},
    }
    ctrl = tuple(c.name for c in op.control_inputs)
    w.emit(op.name, "GatherV2", [table, squeeze, axis], attrs, ctrl, op.device)


def _string_tensor_attrs(values: list[str]) -> dict[str, Any]:
    array = np.asarray([v.encode("utf-8") for v in values], dtype=object)
    return {"dtype": {"type": _enum(_dt.string)}, "value": {"tensor": tf_proto.tensor_proto(array)}}


def _summary(w: _Writer, op: Operation) -> None:
    """A summary op whose tag graphgate holds as an attribute, TF as a string input
    (`<name>/tags` for a scalar, `<name>/tag` otherwise)."""
    tf_input = "tags" if op.type == "ScalarSummary" else "tag"
    tag = _string_const(w, f"{op.name}/{tf_input}", str(op.attrs.get("tag", "")))
    value = op.inputs[0]
    attrs = _own_attrs(op, ("tag",), {})
    w.op_node(op, inputs=[tag, w.ref(value)], attrs=attrs, input_dtypes=[_dt.string, value.dtype])


def _reduce_join(w: _Writer, op: Operation) -> None:
    """TF's ReduceJoin takes the axes it joins, in their order, as its second input;
    graphgate's `axis` None (every axis) is TF1's `reduce_join(axis=None)`: the last first."""
    source, axis = op.inputs[0], op.attrs.get("axis")
    if axis is None and _rank(source) is None:  # TF1's `range(rank(x) - 1, -1, -1)`
        indices = _every_axis(w, op, source, reverse=True)
    else:
        every = list(range((_rank(source) or 0) - 1, -1, -1))
        indices = w.const(f"{op.name}/reduction_indices", every if axis is None else axis)
    w.op_node(op, inputs=[w.ref(source), indices], attrs=_own_attrs(op, ("axis",), {}),
              input_dtypes=[source.dtype, np.int32])  # fmt: skip


def _sparse_reduction(w: _Writer, op: Operation) -> None:
    """TF's sparse reductions take their axes as a fourth input. graphgate's `axes` None
    (every axis) is written out, as TF1's `sparse_reduce_sum(sp)` writes it: TF's kernel
    reduces no axis for an empty list."""
    axes, shape = op.attrs.get("axes"), op.inputs[2]
    rank = shape.shape.as_list()[0] if _rank(shape) == 1 else None
    refs = [w.ref(t) for t in op.inputs]
    if axes is None and rank is None:  # TF1's `range(0, size(dense_shape))`
        refs.append(_every_axis(w, op, shape))
    else:
        refs.append(
            w.const(f"{op.name}/reduction_axes", list(range(rank)) if axes is None else axes)
        )
    dtypes = [*(t.dtype for t in op.inputs), np.int32]
    w.op_node(op, inputs=refs, attrs=_own_attrs(op, ("axes",), {}), input_dtypes=dtypes)


def _string_split(w: _Writer, op: Operation) -> None:
    """A split whose separator graphgate holds as an attribute (`delimiter`, `sep`), TF as
    its second input, a string scalar."""
    attr, tf_input = ("delimiter", "delimiter") if op.type == "StringSplit" else ("sep", "sep")
    default = " " if op.type == "StringSplit" else ""
    separator = _string_const(w, f"{op.name}/{tf_input}", str(op.attrs.get(attr, default)))
    source = op.inputs[0]
    attrs = _own_attrs(op, (attr,), {})
    w.op_node(op, inputs=[w.ref(source), separator], attrs=attrs,
              input_dtypes=[source.dtype, _dt.string])  # fmt: skip


def _dense_ngrams(w: _Writer, op: Operation) -> None:
    """graphgate's StringNGramsDense as TF's `tf.strings.ngrams` writes a dense input: its
    rows flattened into values split every `length` (int64 splits), TF's StringNGrams of
    them, and the n-grams reshaped to the leading dims and -1."""
    x = op.inputs[0]
    i32, i64 = {"type": _enum(np.int32)}, {"type": _enum(np.int64)}

    def node(suffix: str, op_type: str, inputs: list[str], attrs: dict) -> str:
        return w.emit(w.fresh(f"{op.name}/{suffix}"), op_type, inputs, attrs)

    def part(suffix: str, begin: int, end: int, shrink: int) -> str:
        bounds = [w.const(f"{op.name}/{suffix}/{k}", [v]) for k, v in
                  (("stack", begin), ("stack_1", end), ("stack_2", 1))]  # fmt: skip
        masks = {m: {"i": 0} for m in ("begin_mask", "ellipsis_mask", "new_axis_mask")}
        masks |= {"end_mask": {"i": int(end == 0 and not shrink)}}
        masks |= {"shrink_axis_mask": {"i": shrink}}
        return node(suffix, "StridedSlice", [shape, *bounds], {"T": i64, "Index": i32, **masks})

    shape = node("Shape", "Shape", [w.ref(x)], {"T": {"type": _enum(x.dtype)}, "out_type": i64})
    rows, length = part("strided_slice", 0, -1, 0), part("strided_slice_1", -1, 0, 1)
    count = node("Prod", "Prod", [rows, w.const(f"{op.name}/Const", [0])],
                 {"T": i64, "Tidx": i32, "keep_dims": {"b": False}})  # fmt: skip
    ends = node("add", "AddV2", [count, w.const(f"{op.name}/add/y", 1, np.int64)], {"T": i64})
    zero, one = w.const(f"{op.name}/start", 0, np.int64), w.const(f"{op.name}/delta", 1, np.int64)
    starts = node("range", "Range", [zero, ends, one], {"Tidx": i64})
    splits = node("mul", "Mul", [starts, length], {"T": i64})
    flat = node("Reshape_1", "Reshape", [w.ref(x), w.const(f"{op.name}/Reshape_1/shape", [-1])],
                {"T": {"type": _enum(x.dtype)}, "Tshape": i32})  # fmt: skip
    grams = w.op_node(op, "StringNGrams", [flat, splits], dict(_attrs_of(op)),
                      [x.dtype, np.int64], w.fresh(f"{op.name}/StringNGrams"))  # fmt: skip
    last = w.const(f"{op.name}/concat/values_1", [-1], np.int64)
    dims = node("concat", "ConcatV2", [rows, last, w.const(f"{op.name}/concat/axis", 0)],
                {"N": {"i": 2}, "T": i64, "Tidx": i32})  # fmt: skip
    w.op_node(op, "Reshape", [grams, dims], {}, [x.dtype, np.int64])


def _assert(w: _Writer, op: Operation) -> None:
    """graphgate's Assert holds its message's strings in a `template` (null where a tensor
    of its data goes); TF's takes them among its data, as string constants in order, as
    TF's `assert_equal` writes them (a graph holding an assert_* was not written at all)."""
    parts = _assert_template(op)
    data = iter(op.inputs[1:])
    refs, dtypes = [w.ref(op.inputs[0])], [op.inputs[0].dtype]
    for i, part in enumerate(parts):
        t = next(data) if part is None else None
        refs.append(w.ref(t) if t is not None else _string_const(w, f"{op.name}/data_{i}", part))
        dtypes.append(t.dtype if t is not None else _dt.string)
    for t in data:  # data no template names (an imported TF Assert's)
        refs.append(w.ref(t))
        dtypes.append(t.dtype)
    w.op_node(op, inputs=refs, attrs=_own_attrs(op, ("template",), {}), input_dtypes=dtypes)


def _assert_template(op: Operation) -> list:
    """An Assert's template as its kernel reads it: strings, and a null for each of its data
    tensors (a document's may be anything: refused by name rather than a 500)."""
    try:
        parts = json.loads(op.attrs.get("template") or "[]")
    except ValueError:
        parts = None
    ok = isinstance(parts, list) and all(p is None or isinstance(p, str) for p in parts)
    if not ok or parts.count(None) > len(op.inputs) - 1:
        raise Unexportable("its template is no list of strings and a null for each tensor")
    return parts


def _text_file_init(w: _Writer, op: Operation) -> None:
    """TF's op of TF's two inputs: TF reads the file from the saved model's `assets/`
    (fed to the file name's tensor), not from the files table graphgate's op also takes."""
    table, filename = op.inputs[0], op.inputs[1]
    attrs = {k: v for k, v in _attrs_of(op).items() if k not in _NOT_WRITTEN}
    w.op_node(op, inputs=[w.ref(table), w.ref(filename)], attrs=attrs,
              input_dtypes=[table.dtype, filename.dtype])  # fmt: skip


def _file_table_ops(graph: Graph) -> set[str]:
    """The files table's constants (and their stack) that nothing but vocabulary-file
    initializers reads: TF's op reads its file from `assets/`, so they are not written."""
    inits = {op.name for op in graph.op_list if op.type == "InitializeTableFromTextFileV2"}
    if not inits:
        return set()
    readers: dict[str, set[str]] = {}
    for op in graph.op_list:
        for i, t in enumerate(op.inputs):
            # An initializer's file name (input 1) is TF's input: a reader like any other.
            reader = op.name if op.name not in inits or i < 2 else ""
            readers.setdefault(t.op.name, set()).add(reader)
    candidates = {t.op.name for op in graph.op_list if op.name in inits for t in op.inputs[2:]}
    candidates |= {
        t.op.name
        for name in list(candidates)
        if graph.ops_by_name[name].type == "Pack"
        for t in graph.ops_by_name[name].inputs
    }
    changed = True
    while changed:
        kept = {c for c in candidates if readers.get(c, set()) <= candidates | {""}}
        changed, candidates = kept != candidates, kept
    return candidates


def _tensor_array(w: _Writer, op: Operation) -> None:
    """graphgate's TensorArray is a value each op returns anew; TF's is a resource handle
    and a flow that every op, a loop's body included, reads. Not written (yet): said so
    once per op, rather than as the attributes TF's op of that name lacks."""
    raise Unexportable(
        "a TensorArray (graphgate's is an array value, TF's a resource handle and flow) "
        "is not written as TF's TensorArrayV3 ops; keep the model in graphgate's format"
    )


_TENSOR_ARRAY_OPS = (
    "TensorArrayV3",
    "TensorArrayWriteV3",
    "TensorArrayReadV3",
    "TensorArraySizeV3",
    "TensorArrayIndices",
    "TensorArrayWriteGrad",
    "TensorArrayReadGrad",
)
_REDUCTIONS = ("Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "EuclideanNorm")


def _take_along_axis(w: _Writer, op: Operation) -> None:
    # numpy's take_along_axis (what imported tree ensembles and GatherElements read with)
    # along the last axis is TF's GatherV2 with every other axis a batch dim. TF refuses
    # leading dims that differ where numpy would broadcast them, and negative indices
    # numpy counts from the end: an error, never another answer (graphgate's own lowerings
    # give both the same leading dims and indices in range).
    x, idx = op.inputs
    rank = _rank(x)
    if rank is None or _rank(idx) != rank or op.attrs.get("axis", -1) % rank != rank - 1:
        raise Unexportable("take_along_axis is written along the last axis of a known rank")
    dims = zip(x.shape.as_list()[:-1], idx.shape.as_list()[:-1], strict=True)
    if any(a is not None and b is not None and a != b for a, b in dims):
        raise Unexportable("take_along_axis broadcasting its leading axes is not written")
    axis = w.const(f"{op.name}/axis", rank - 1)
    w.op_node(op, "GatherV2", [w.ref(x), w.ref(idx), axis], {"batch_dims": rank - 1},
              [x.dtype, idx.dtype, np.int32])  # fmt: skip


EXPORTS: dict[str, Callable[[_Writer, Operation], None]] = {
    **dict.fromkeys(_TENSOR_ARRAY_OPS, _tensor_array),
    **dict.fromkeys(_REDUCTIONS, _reduction),
    "ReduceDynamic": _reduce_dynamic,
    "Reshape": _const_input("shape", "shape"),
    "Tile": _const_input("multiples", "multiples"),
    "SpaceToBatchND": _space_batch,
    "BatchToSpaceND": _space_batch,
    "Transpose": _transpose,
    "ExpandDims": _const_input("axis", "dim"),
    "ConcatV2": _const_input("axis", "axis", at=-1),
    "GatherV2": _const_input("axis", "axis", at=-1),
    "TakeAlongAxis": _take_along_axis,
    "ArgMax": _const_input("axis", "dimension"),
    "ArgMin": _const_input("axis", "dimension"),
    "Cumsum": _const_input("axis", "axis"),
    "Cumprod": _const_input("axis", "axis"),
    "ReverseV2": _const_input("axis", "axis"),
    "TopKV2": _const_input("k", "k"),
    "InTopKV2": _in_top_k,
    "ExtractGlimpse": _const_input("size", "size"),
    "ExtractGlimpseV2": _const_input("size", "size"),
    **dict.fromkeys(("RandomUniform", "RandomStandardNormal", "TruncatedNormal"), _random),
    "RandomGamma": _random_gamma,
    # TF's stateless random ops take their shape first, as an input.
    **dict.fromkeys(_STATELESS, _const_input("shape", "shape", at=0)),
    "Fill": _fill,
    "DenseBincount": _bincount,
    "Cast": _cast,
    "Add": _add,
    "ClipByValue": _clip,
    "Squeeze": _squeeze,
    "Unique": _unique,
    "UniqueV2": _unique_v2,
    "Softmax": _softmax,
    "LogSoftmax": _softmax,
    "SoftmaxCrossEntropyWithLogits": _last_axis_only,
    "OnesLike": _like_dtype,
    "ZerosLike": _like_dtype,
    "Split": _split,
    "DynamicStitch": _stitch,
    "Pad": _pad,
    "MirrorPad": _pad,
    "OneHot": _one_hot,
    "ParseExampleV2": _parse_example,
    "GatherGrad": _gather_grad,
    "Dropout": _dropout,
    "SigmoidCrossEntropyWithLogits": _sigmoid_xent,
    "ReduceLogSumExp": _logsumexp,
    "StridedSlice": _strided_slice,
    "Range": _range,
    "BroadcastLike": _broadcast_like,
    "ReshapeLike": _reshape_like,
    "UnbroadcastLike": _unbroadcast_like,
    "VariableV2": _variable,
    "ReadVariableOp": _read_variable,
    "InitializedValue": _initialized_value,
    **dict.fromkeys(("ScalarSummary", "HistogramSummary", "ImageSummary"), _summary),
    "ReportUninitializedVariables": _report_uninitialized,
    "InitializeTableFromTextFileV2": _text_file_init,
    "Assert": _assert,
    **dict.fromkeys(("StringSplit", "StringSplitV2"), _string_split),
    "ReduceJoin": _reduce_join,
    "StringNGramsDense": _dense_ngrams,
    **dict.fromkeys(
        ("SparseReduceSum", "SparseReduceMax", "SparseReduceSumSparse", "SparseReduceMaxSparse"),
        _sparse_reduction,
    ),
}


# -- control flow: graphgate's If and While as TF's functional ops ------------------------------


def _body_ops(graph: Graph) -> set[str]:
    """The names of every op inside a branch or loop body (written in its function)."""
    inside: set[str] = set()
    for op in graph.op_list:
        for body in _bodies(op):
            inside.update(o.name for o in body.ops)
    return inside


def _bodies(op: Operation) -> list[Any]:
    return [v for v in op.attrs.values() if isinstance(v, _cf.Body)]


def _key(t: Tensor) -> tuple[str, int]:
    return (t.op.name, t.value_index)


def _function(
    w: _Writer, name: str, body: Any, args: list[Tensor], passed: list[Tensor], side: str
) -> tuple[str, bool]:
    """`body` as a FunctionDef in the writer's library: `args` its input arguments (the
    body's own arguments, then the outer tensors it captures), its outputs the body's
    then `passed` (inputs returned as they came: a loop's captures). The function's name,
    and whether it holds a stateful op."""
    fname = w.fresh(re.sub(r"[^A-Za-z0-9_]", "_", name))
    # Inside, every tensor is the body's own or an argument: no outer aliases apply.
    inner = _Writer(w.graph, w.functions)
    inner.taken, inner.in_function = set(w.taken), True
    # A captured variable is read by value: its argument stands for it.
    inner.reads = {t.op.name: t.op.name for t in args if t.op.type == "VariableV2"}
    arg_names = {_key(t): f"arg{i}" for i, t in enumerate(args)}
    placeholders = {a.op.name for a in body.args}
    stateful = False
    for op in _own_ops(body):
        if op.name in placeholders:
            continue
        stateful |= bool(op.definition.stateful)
        EXPORTS.get(op.type, _generic)(inner, op)
        # A nested cond or loop is an If/While of its own functions inside this one, its
        # inputs this body's tensors (TF's cond_v2 and while_v2 capture them so); it holds
        # state when they do.
        stateful |= bool(_bodies(op)) and inner.nodes[-1]["op"] in ("If", "While")
    by_name = {n["name"]: n for n in inner.nodes}

    def ref(text: str) -> str:
        if text.startswith("^"):
            return text
        node, _, index = text.partition(":")
        i = int(index or 0)
        if (node, i) in arg_names:
            return arg_names[(node, i)]
        if node not in by_name:
            if node.endswith(_READ) and (node[: -len(_READ)], 0) in arg_names:
                return arg_names[(node[: -len(_READ)], 0)]
            raise Unexportable(f"a body reads {text}, which it does not capture")
        return _function_output(by_name[node], i)

    for node in inner.nodes:
        node["input"] = [ref(i) for i in node["input"]]
    results = [*body.outputs, *passed]
    rets = {}
    for i, t in enumerate(results):
        if isinstance(t, Tensor):
            rets[f"out{i}"] = ref(f"{t.op.name}:{t.value_index}")
        else:  # a value the other branch computes: zeros of its rank here (never read)
            rets[f"out{i}"] = _function_output(_unused_value(inner, fname, t[1]), 0)
    signature = {
        "name": fname,
        "input_arg": [{"name": f"arg{i}", "type": _enum(t.dtype)} for i, t in enumerate(args)],
        "output_arg": [
            {"name": f"out{i}", "type": _enum(t.dtype if isinstance(t, Tensor) else t[1].dtype)}
            for i, t in enumerate(results)
        ],
    }
    if stateful:
        signature["is_stateful"] = True
    _unscoped(inner.nodes, rets, f"{name.rpartition('_')[0]}/{side}/")
    w.functions[fname] = {"signature": signature, "node_def": inner.nodes, "ret": rets}
    w.taken |= inner.taken
    return fname, stateful


def _unscoped(nodes: list[dict[str, Any]], rets: dict[str, str], scope: str) -> None:
    """A body's node names without the `<op>/<side>/` scope TF's reader puts them under
    (tf_functions inlines a function's node `n` as `<op>/<side>/n`): a graph read back
    from this GraphDef writes the names it was read from, not ones a scope longer each
    round trip. Left as they are where two would then share a name."""
    renamed = {n["name"]: n["name"].removeprefix(scope) for n in nodes}
    if len(set(renamed.values())) != len(renamed) or all(k == v for k, v in renamed.items()):
        return

    def ref(text: str) -> str:
        control, node, rest = text[:1] == "^", *text.lstrip("^").partition(":")[::2]
        return ("^" if control else "") + renamed.get(node, node) + (f":{rest}" if rest else "")

    for n in nodes:
        n["name"] = renamed[n["name"]]
        n["input"] = [ref(i) for i in n["input"]]
    for key, value in rets.items():
        rets[key] = ref(value)


def _own_ops(body: Any) -> list[Operation]:
    """The ops of `body` itself: those of a cond or loop nested in it are its op's
    functions' (the nested op reads them, nothing else in the body does)."""
    nested = {o.name for op in body.ops for inner in _bodies(op) for o in inner.ops}
    return [op for op in body.ops if op.name not in nested]


def _unused_value(w: _Writer, fname: str, t: Tensor) -> dict[str, Any]:
    """Zeros standing for `t` in the branch that does not compute it: of its rank, its
    unknown dims 0, so the cond's output keeps the static rank its readers need."""
    dtype = np.dtype(t.dtype)
    zero = np.array(b"", object) if dtype.kind == "O" else np.zeros((), dtype)
    value = w.const(f"{fname}/unused", zero, dtype)
    shape = _shape(t)
    if shape is None or not shape:
        return w.nodes[-1]
    dims = w.const(f"{fname}/unused_dims", [0 if d is None else d for d in shape])
    attrs = {"T": {"type": _enum(dtype)}, "index_type": {"type": _enum(np.int32)}}
    # Written after the body's inputs were named as a function's: `node:output:0`.
    inputs = [f"{dims}:output:0", f"{value}:output:0"]
    w.emit(w.fresh(f"{fname}/unused_fill"), "Fill", inputs, attrs)
    return w.nodes[-1]


def _function_output(node: dict[str, Any], index: int) -> str:
    """TF's name, in a function, of a node's flat output `index`: `node:arg:i`."""
    _, out_specs, _ = OP_DEFS[node["op"]]
    for spec in out_specs:
        body = spec.lstrip("&")
        if "+" in body:
            name, attr = body.split("+")
            count = len(node["attr"][attr]["list"].get("type", []))
        else:
            name, _, _ = body.partition(":")
            name, _, number = name.partition("*")
            count = node["attr"][number]["i"] if number else 1
        if index < count:
            return f"{node['name']}:{name}:{index}"
        index -= count
    raise Unexportable(f"{node['name']} has no output {index}")


def _if(w: _Writer, op: Operation) -> None:
    then, other = op.attrs["then_branch"], op.attrs["else_branch"]
    if then.args or other.args:
        raise Unexportable("a cond whose branches take arguments is not written")
    pred, captured = op.inputs[0], list(op.inputs[1:])
    extra = w.exposed.get(op.name, [])
    in_then = {o.name for o in then.ops}

    def own(branch_has: bool) -> list[Any]:
        return [t if (t.op.name in in_then) == branch_has else ("unused", t) for t in extra]

    f_then, s1 = _function(w, f"{op.name}_true", then, captured, own(True), "then")
    f_else, s2 = _function(w, f"{op.name}_false", other, captured, own(False), "else")
    outputs = [*op.outputs, *extra]
    shapes = [_shape(t) for t in [*op.outputs, *extra]]
    attrs = {
        "Tcond": {"type": _enum(pred.dtype)},
        "Tin": {"list": {"type": [_enum(t.dtype) for t in captured]}},
        "Tout": {"list": {"type": [_enum(t.dtype) for t in outputs]}},
        "then_branch": {"func": {"name": f_then}},
        "else_branch": {"func": {"name": f_else}},
        "output_shapes": {"list": {"shape": [shape_proto(s) for s in shapes]}},
    }
    inputs = [w.ref(t) for t in op.inputs]
    ctrl = tuple(c.name for c in op.control_inputs)
    w.emit(op.name, "If" if s1 or s2 else "StatelessIf", inputs, attrs, ctrl, op.device)


def _while(w: _Writer, op: Operation) -> None:
    cond, body = op.attrs["cond"], op.attrs["body"]
    if w.exposed.get(op.name):
        raise Unexportable("values computed inside a while_loop are read outside it")
    n = len(body.args)
    loop_vars, captured = list(op.inputs[:n]), list(op.inputs[n:])
    # TF's loops capture nothing: the captured tensors are loop variables the body
    # returns as they came.
    f_cond, s1 = _function(w, f"{op.name}_cond", cond, [*cond.args, *captured], [], "cond")
    f_body, s2 = _function(w, f"{op.name}_body", body, [*body.args, *captured], captured, "body")
    everything = [*loop_vars, *captured]
    shapes = [_shape(t) for t in op.outputs[:n]] + [_shape(t) for t in captured]
    attrs = {
        "T": {"list": {"type": [_enum(t.dtype) for t in everything]}},
        "cond": {"func": {"name": f_cond}},
        "body": {"func": {"name": f_body}},
        "output_shapes": {"list": {"shape": [shape_proto(s) for s in shapes]}},
        "parallel_iterations": {"i": 10},
    }
    inputs = [w.ref(t) for t in everything]
    ctrl = tuple(c.name for c in op.control_inputs)
    w.emit(op.name, "While" if s1 or s2 else "StatelessWhile", inputs, attrs, ctrl, op.device)


def _shape(t: Tensor) -> list[int | None] | None:
    """The dims TF's `output_shapes` declares: None where the rank itself is unknown (a
    loop variable whose shape the body changes, as ONNX's Scan states leave it)."""
    shape = t.shape
    if hasattr(shape, "as_list"):
        return None if shape.rank is None else shape.as_list()
    return None if shape is None else list(shape)


EXPORTS |= {"If": _if, "While": _while}


# -- reads before writes ---------------------------------------------------------------------
# graphgate runs a step's ops one at a time in the order they were made, so a gradient that
# reads a weight reads it before the optimizer's update of it, made later. TF runs ops in
# parallel, and a ref variable's read aliases its buffer: an update its readers do not wait
# for may run first (the two values differ by a whole step). Each update therefore waits,
# by control inputs, for the ops that read its variable earlier in the same step (those the
# ops grouping the update read from), as graphgate orders them.

_PASS_THROUGH = frozenset(("Identity", "ReadVariableOp", "Snapshot"))


def _read_orders(graph: Graph, skipped: set[str]) -> dict[str, list[str]]:
    """Update op name to the names of the earlier ops of its step that read its variable."""
    consumers: dict[tuple[str, int], list[Operation]] = {}
    control_consumers: dict[str, list[Operation]] = {}
    for op in graph.op_list:
        for t in op.inputs:
            consumers.setdefault(_key(t), []).append(op)
        for c in op.control_inputs:
            control_consumers.setdefault(c.name, []).append(op)
    out: dict[str, list[str]] = {}
    steps: dict[tuple[str, ...], set[str]] = {}
    for op in graph.op_list:
        spec = OP_DEFS.get(op.type)
        if op.name in skipped or spec is None or not op.inputs:
            continue
        try:
            refs = _ref_args(spec[0], len(op.inputs))
        except Unexportable:
            continue
        variables = [t for t, r in zip(op.inputs, refs, strict=True) if r]
        if not variables:
            continue
        group = control_consumers.get(op.name, [])
        key = tuple(sorted(o.name for o in group))
        if key not in steps:  # an optimizer's updates share one grouping op: walk it once
            steps[key] = _ancestors(group)
        step = steps[key]
        # What the op waits for already (a graph read back from such a GraphDef holds the
        # orders it wrote) orders its ancestors too: the read-back helpers of an ordered
        # reader (the gradient's `Shape` and `Sum` under its `Reshape`) need no order.
        waited = _ancestors(list(op.control_inputs)) if op.control_inputs else set()
        readers = [
            r.name
            for v in variables
            for r in _readers(v, consumers)
            if r.index < op.index and r.name in step and r is not op and r.name not in waited
        ]
        if readers:
            out[op.name] = sorted(set(readers))
    return out


def _readers(var: Tensor, consumers: dict) -> list[Operation]:
    """The ops computing from `var`'s value, through the reads that alias it."""
    out, stack = [], [var]
    while stack:
        t = stack.pop()
        for op in consumers.get(_key(t), []):
            if op.type in _PASS_THROUGH:
                stack += op.outputs
            else:
                out.append(op)
    return out


def _ancestors(ops: list[Operation]) -> set[str]:
    seen: set[str] = set()
    stack = list(ops)
    while stack:
        op = stack.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        stack += [t.op for t in op.inputs] + list(op.control_inputs)
    return seen


def _expose(w: _Writer, graph: Graph) -> None:
    """Find the tensors computed inside a body and read outside it (by an op outside, or
    in another body), and name each as its If's next extra output."""
    owner: dict[str, str] = {}
    for op in graph.op_list:
        for body in _bodies(op):
            owner.update((o.name, op.name) for o in body.ops)
    counts = {op.name: len(op.outputs) for op in graph.op_list if _bodies(op)}
    for op in graph.op_list:
        for t in op.inputs:
            home = owner.get(t.op.name)
            if home is None or home in _enclosing(owner, op.name) or _key(t) in w.aliases:
                continue
            if not _bodies(op) and op.name not in owner:
                # An op reading a branch's value (dead when the branch is not taken): an
                # exposed output would answer the other branch's stand-in instead.
                w.dead_reads.setdefault(op.name, t.name)
                continue
            if home in owner:
                # Its If is written inside another function: the value would have to be
                # an extra output of every function around it, which is not written.
                outermost = _enclosing(owner, home)[-1]
                w.nested_reads.setdefault(outermost, t.name)
                continue
            w.exposed.setdefault(home, []).append(t)
            w.aliases[_key(t)] = f"{home}:{counts[home]}"
            counts[home] += 1


def _enclosing(owner: dict[str, str], name: str) -> list[str]:
    """The control-flow ops whose bodies hold op `name`, innermost first: a body nested in
    another reads the outer body's tensors as captures, not as exposed values."""
    out = []
    while name in owner:
        name = owner[name]
        out.append(name)
    return out


def _written(graph: Graph) -> _Writer:
    """A writer holding the graph's nodes as TF's NodeDefs.

    Raises
    ------
    GraphgateError
        TF_EXPORT_UNSUPPORTED listing every node that cannot be written, and why.
    """
    w = _Writer(graph)
    _expose(w, graph)
    inside = w.inside = _body_ops(graph)
    files = _file_table_ops(graph)
    for op in graph.op_list:
        if op.name in inside or op.name in files or op.name in w.done:
            continue
        try:
            if op.name in w.dead_reads:
                raise Unexportable(f"reads {w.dead_reads[op.name]}, a value inside a cond's branch")
            waits = [c.name for c in op.control_inputs if c.name in inside]
            if waits:
                # TF's functional If has no edge from an op of its branch to one outside
                # (TF1's Switch/Merge graph had: a dead tensor when the branch is not taken).
                raise Unexportable(f"waits on {waits[0]}, an op inside a cond's branch")
            if op.name in w.nested_reads:
                raise Unexportable(
                    f"{w.nested_reads[op.name]}, computed in control flow nested in a body,"
                    " is read outside it (a nested cond's gradient)"
                )
            EXPORTS.get(op.type, _generic)(w, op)
        except Unexportable as exc:
            w.problems.append({"node": op.name, "op": op.type, "reason": str(exc)})
    if w.problems:
        raise unsupported(w.problems)
    orders = _read_orders(graph, inside)
    for node in w.nodes:
        node["input"] += [f"^{r}" for r in orders.get(node["name"], ())]
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
    return _graph_message(_written(graph))


def _graph_message(w: _Writer) -> dict[str, Any]:
    out = {"node": w.nodes, "versions": {"producer": PRODUCER, "min_consumer": MIN_CONSUMER}}
    if w.functions:
        out["library"] = {"function": list(w.functions.values())}
    return out


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
    held = w.held(name, "Const")
    if held is not None and _same_array(held.attrs.get("value"), array):
        return name  # a read-back graph's own, written at its turn
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
    assets: list[dict[str, str]] | None = None,
    table_initializers: list[Operation] | None = None,
) -> dict[str, Any]:
    """TF's MetaGraphDef of `graph` (decoded form, as `tf_proto.META_GRAPH`): its GraphDef,
    a saver of `saver_keys` (key to variable; None or none for no saver), its collections (TF's
    `variables` and `trainable_variables` as VariableDefs), `tags` and `signatures`
    (SignatureDefs), `operations` extra one-operation collections (a saved model's
    `saved_model_main_op`), `assets` its `asset_file_def` (`{"filename", "tensor_name"}`
    each, as TF 2's builder writes them), `table_initializers` the ops a main op written
    into the GraphDef alone runs (`init_all_tables`, a NoOp depending on each, under
    `saved_model_main_op`): the graph itself is left as it is."""
    from .ops.state_ops import TRAINABLE_VARIABLES
    from .saved_model.constants import MAIN_OP_KEY

    w = _written(graph)
    meta: dict[str, Any] = {"meta_info_def": {"meta_graph_version": "v2.21.0"}}
    if tags is not None:
        meta["meta_info_def"]["tags"] = list(tags)
    # TF's Saver(allow_empty=True) of no variables builds nothing: a `save/` subgraph of
    # none is a SaveV2 with no dtypes, which TF's loaders refuse (its minimum is one).
    if saver_keys:
        meta["saver_def"] = _saver_nodes(w, saver_keys)
    main_op = None
    if table_initializers:
        ctrl = tuple(op.name for op in table_initializers)
        main_op = w.emit(w.fresh("init_all_tables"), "NoOp", [], {}, ctrl)
    meta["graph_def"] = _graph_message(w)
    trainable = {id(v) for v in graph.get_collection(TRAINABLE_VARIABLES)}
    collections: dict[str, Any] = {}
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        items = list(graph.get_collection(key)) if isinstance(key, str) else []
        if key in tf_proto.VARIABLE_DEF_COLLECTIONS:
            # A variable with no initializer in the graph (one read from a TF 2 saved model,
            # whose values come from its checkpoint) has no VariableDef TF can read: TF's
            # loaders failed on its empty initializer_name. The saver still restores it.
            found = [
                _variable_def(v, id(v) in trainable, w.reads[v.op.name])
                for v in items
                if _is_variable(v) and v.op.attrs.get("initializer") in graph.ops_by_name
            ]
            collection = {"bytes_list": {"value": found}} if found else None
        else:
            collection = _collection(items) if items else None
        if collection is not None:
            collections[key] = collection
    for key, op in (operations or {}).items():
        collections[key] = {"node_list": {"value": [op.name]}}
    if main_op is not None:
        collections[MAIN_OP_KEY] = {"node_list": {"value": [main_op]}}
    meta["collection_def"] = collections
    if signatures:
        meta["signature_def"] = {k: _signature(s) for k, s in signatures.items()}
    if assets:
        meta["asset_file_def"] = [
            {"tensor_info": {"name": a["tensor_name"]}, "filename": a["filename"]} for a in assets
        ]
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
