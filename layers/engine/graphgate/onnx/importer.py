"""ONNX model -> graphgate Graph: check everything first, then lower node by node.

Values known when the model is imported (Constant nodes, integer initializers, shapes of
tensors whose shape is static, and what is computed from those) are folded with the
engine's own kernels, because the engine takes shapes, axes and paddings as attributes.
A shape with dims only known at run time is a `Partial` that the shape arithmetic of
exporters (Shape -> Gather -> Concat -> Reshape) carries through to a -1.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import ChainMap
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import GraphgateError, error
from ..graph import Graph, Tensor, constant_op
from ..limits import DEFAULT_LIMITS, Limits, tensor_too_large
from ..ops.registry import num_elements
from . import (
    attention,
    control_flow,
    deform_conv,
    detection,
    losses,
    ml,
    pooling,
    quantization,
    resize,
    rnn,
    sampling,
    spectral,
    tensor_ops,
    trees,
)
from .lowering import _SMALL, LOWERINGS, Context, Partial, Unsupported, is_int
from .proto import (
    IMPORTED_CODES,
    attributes,
    dtype_name,
    engine_name,
    load_external_data,
    load_model,
    np_dtype,
    require_onnx,
    tensor_to_array,
)

MIN_OPSET = 13
_DEFAULT_DOMAINS = ("", "ai.onnx")


def op_key(node) -> str:
    """The lowering table's key: the op type, qualified by its domain outside ONNX's own."""
    return node.op_type if node.domain in _DEFAULT_DOMAINS else f"{node.domain}.{node.op_type}"


@dataclass
class Problem:
    """One thing in a model that graphgate cannot import."""

    node: str
    op_type: str
    domain: str
    opset: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "op_type": self.op_type,
            "domain": self.domain,
            "opset": self.opset,
            "reason": self.reason,
        }

    def __str__(self) -> str:
        where = f"{self.domain}." if self.domain else ""
        opset = f", opset {self.opset}" if self.opset is not None else ""
        return f"{self.node} ({where}{self.op_type}{opset}): {self.reason}"


@dataclass
class Report:
    """What `graphgate onnx check` prints: the model's facts and every problem in it."""

    opset: int
    producer: str
    ir_version: int
    nodes: int
    op_types: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "opset": self.opset,
            "producer": self.producer,
            "ir_version": self.ir_version,
            "nodes": self.nodes,
            "op_types": self.op_types,
            "supported": self.ok,
            "problems": [p.to_dict() for p in self.problems],
        }

    def error(self) -> GraphgateError:
        n = len(self.problems)
        listing = "; ".join(str(p) for p in self.problems[:20])
        more = f"; and {n - 20} more" if n > 20 else ""
        return error(
            "ONNX_UNSUPPORTED",
            f"the model has {n} unsupported node{'s' if n != 1 else ''}: {listing}{more}",
            node=self.problems[0].node,
            details={"problems": [p.to_dict() for p in self.problems]},
        )


def _default_opset(model) -> int | None:
    for o in model.opset_import:
        if o.domain in _DEFAULT_DOMAINS:
            return o.version
    return None


def source_of(model) -> dict[str, Any]:
    """Where a model came from, as the service records it: its opset, producer, and the
    ONNX names of its inputs (initializers aside) and outputs."""
    inits = {t.name for t in model.graph.initializer}
    return {
        "format": "onnx",
        "opset": _default_opset(model) or 0,
        "producer": model.producer_name,
        "producer_version": model.producer_version,
        "inputs": [v.name for v in model.graph.input if v.name not in inits],
        "outputs": [v.name for v in model.graph.output],
    }


def prepare(source: Any, bind: Any = (), limits: Limits | None = None) -> tuple[Any, Report]:
    """Load `source`, bring an older opset up to 13 and list every problem in it
    (`bind`: names of graph inputs whose values are given at import time; `limits`: the
    node limit its outputs are held to before anything else is looked at)."""
    onnx = require_onnx()
    model = load_model(source)
    if limits is not None:
        _check_outputs(model.graph, limits)
    if isinstance(source, str | os.PathLike):
        load_external_data(model, os.path.dirname(os.fspath(source)))
    opset = _default_opset(model)
    newest = onnx.defs.onnx_opset_version()
    problems: list[Problem] = []
    if model.ir_version > onnx.IR_VERSION:
        # The format itself may have changed past what the onnx package parses; onnxruntime
        # and onnx's checker refuse such a model too. An unset (0) or pre-opset IR version
        # is read as onnxruntime reads it.
        reason = f"IR version {model.ir_version} is newer than the onnx package knows"
        problems.append(
            Problem("<model>", "ir_version", "", opset, f"{reason} ({onnx.IR_VERSION})")
        )
    if model.functions:
        try:
            model = onnx.inliner.inline_local_functions(model)
        except Exception as exc:  # the inliner raises its C++ errors untyped
            problems.append(Problem("<model>", "functions", "", opset, f"cannot inline: {exc}"))
    problems += _type_problems(model, opset)
    if opset is not None and opset < 9:
        model, refused = _unbatched_scans(model, opset)
        problems += refused
    if opset is not None and opset < MIN_OPSET:
        try:
            legacy = _legacy_resizes(model, opset)
            model = _coerced_hardmax(model)
            model = onnx.version_converter.convert_version(_as_ir4(model), MIN_OPSET)
            _restore_legacy_resizes(model, legacy)
            opset = MIN_OPSET
        except Exception as exc:  # the converter raises its C++ errors untyped
            problems.append(
                Problem("<model>", "opset", "", opset, f"cannot convert to opset 13: {exc}")
            )
    elif opset is not None and opset > newest:
        problems.append(
            Problem("<model>", "opset", "", opset, f"newer than the onnx package knows ({newest})")
        )
    g = model.graph
    report = Report(
        opset=opset or 0,
        producer=" ".join(x for x in (model.producer_name, model.producer_version) if x),
        ir_version=model.ir_version,
        nodes=len(g.node),
        op_types={},
    )
    for n in g.node:
        report.op_types[n.op_type] = report.op_types.get(n.op_type, 0) + 1
    report.problems = problems + _value_problems(g, opset) + _node_problems(g, opset, set(bind))
    return model, report


_UNSUPPORTED_TYPE = re.compile(
    r"\(op_type:(\w+)\): (\w+) typestr: \w+, has unsupported type: (\S+)"
)


def _type_problems(model, opset) -> list[Problem]:
    """An input of a type the node's own opset does not take (Max-8 of int32, Add-7 of
    uint8): onnxruntime refuses such a model, and the converter to opset 13 would make it
    valid by accident. Only this check of ONNX's inference is a refusal: a model whose
    shapes it cannot infer still imports."""
    onnx = require_onnx()
    try:
        onnx.shape_inference.infer_shapes(model, check_type=True)
    except Exception as exc:  # onnx's InferenceError, or a C++ error raised untyped
        m = _UNSUPPORTED_TYPE.search(str(exc))
        if m:
            op, arg, t = m.groups()
            reason = f"input {arg} of type {t}, which {op} does not take at this opset"
            return [Problem("<model>", op, "", opset, reason)]
    return []


def _legacy_resizes(model, opset: int) -> set[str]:
    """Outputs of Upsample (opsets 7-9) and Resize-10 nodes: their coordinates are
    x_resized / scale and their nearest rule onnxruntime's truncation (ceiling when
    downsampling), which the version converter's Resize-11 (half_pixel, rounding) drops."""
    if opset >= 11:
        return set()
    return {n.output[0] for n in model.graph.node if n.op_type in ("Upsample", "Resize")}


def _coerced_hardmax(model):
    """Before opset 13 Hardmax coerces its input to 2-D at `axis` (default 1), as Softmax did;
    the version converter rewrites Softmax so but leaves Hardmax as it was, which opset 13
    reads along one axis. The old rule spelled out (Flatten, Hardmax, Reshape to the input's
    shape), in a copy: the caller's model stays as it was."""
    if not any(n.op_type == "Hardmax" for n in model.graph.node):
        return model
    from onnx import helper

    copy = type(model)()
    copy.CopyFrom(model)
    nodes = []
    for i, n in enumerate(copy.graph.node):
        if n.op_type != "Hardmax":
            nodes.append(n)
            continue
        axis = next((a.i for a in n.attribute if a.name == "axis"), 1)
        flat, hard, shape = (f"{n.output[0]}__hardmax{i}_{k}" for k in ("flat", "2d", "shape"))
        nodes += [
            helper.make_node("Flatten", [n.input[0]], [flat], axis=axis),
            helper.make_node("Hardmax", [flat], [hard], n.name or None, axis=1),
            helper.make_node("Shape", [n.input[0]], [shape]),
            helper.make_node("Reshape", [hard, shape], [n.output[0]]),
        ]
    del copy.graph.node[:]
    copy.graph.node.extend(nodes)
    return copy


def _unbatched_scans(model, opset: int) -> tuple[Any, list[Problem]]:
    """Scan-8 scans each element of a batch (its inputs' first axis) on its own; the version
    converter's Scan-9 takes the node's inputs as they come and only drops the batch from
    their declared shapes. So each batch element's states and scan inputs are gathered
    before a Scan of its own, and its outputs stacked after: B Scans for a batch of B known
    at import, in a copy (the caller's model stays as it was). Refused: `sequence_lens`
    given (ragged batches), a batch known only at run time, a Scan in a subgraph."""
    from onnx import helper

    scans = [n for n in model.graph.node if n.op_type == "Scan"]
    problems = [
        Problem(n.name or "Scan", "Scan", "", opset, "Scan before opset 9 inside a subgraph")
        for n in _subgraph_nodes(model.graph)
        if n.op_type == "Scan"
    ]
    if not scans:
        return model, problems
    batches = _batch_sizes(model, scans)
    copy = type(model)()
    copy.CopyFrom(model)
    nodes = []
    for i, n in enumerate(copy.graph.node):
        if n.op_type != "Scan":
            nodes.append(n)
            continue
        label = n.name or f"Scan_{i}"
        if n.input and n.input[0]:
            problems.append(Problem(label, "Scan", "", opset, "Scan-8's sequence_lens"))
        elif not batches.get(n.output[0]):
            reason = "Scan-8 over a batch whose size is not known at import, or empty"
            problems.append(Problem(label, "Scan", "", opset, reason))
        else:
            nodes += _scan_per_element(helper, n, label, batches[n.output[0]])
    del copy.graph.node[:]
    copy.graph.node.extend(nodes)
    return copy, problems


def _subgraph_nodes(g) -> list:
    out = []
    for n in g.node:
        for a in n.attribute:
            for sub in [a.g] if a.HasField("g") else list(a.graphs):
                out += list(sub.node) + _subgraph_nodes(sub)
    return out


def _batch_sizes(model, scans) -> dict[str, int | None]:
    """Each Scan-8's batch (by its first output), from the first axis ONNX's shape
    inference or the model declares for any of its inputs."""
    onnx = require_onnx()
    try:
        g = onnx.shape_inference.infer_shapes(model).graph
    except Exception:  # a model ONNX cannot infer: what it declares
        g = model.graph
    dims = {}
    for v in list(g.input) + list(g.value_info) + list(g.output):
        shape = v.type.tensor_type.shape
        if v.type.HasField("tensor_type") and shape.dim and shape.dim[0].HasField("dim_value"):
            dims[v.name] = shape.dim[0].dim_value
    for t in g.initializer:
        if t.dims:
            dims[t.name] = t.dims[0]
    return {n.output[0]: next((dims[x] for x in n.input[1:] if x in dims), None) for n in scans}


def _scan_per_element(helper, n, label: str, batch: int) -> list:
    """Scan-8 node `n` as a Scan of each batch element's values, its outputs stacked."""
    nodes, parts = [], {o: [] for o in n.output if o}
    for b in range(batch):
        index = f"{label}__batch{b}"
        nodes.append(
            helper.make_node("Constant", [], [index], value=helper.make_tensor(index, 7, [], [b]))
        )  # 7: INT64
        ins = [f"{x}__{index}" for x in n.input[1:]]
        nodes += [
            helper.make_node("Gather", [x, index], [g])
            for x, g in zip(n.input[1:], ins, strict=True)
        ]
        outs = [f"{o}__{index}" if o else "" for o in n.output]
        scan = helper.make_node("Scan", ["", *ins], outs, f"{label}_{b}")
        scan.attribute.extend(n.attribute)
        nodes.append(scan)
        for o, out in zip(n.output, outs, strict=True):
            if o:
                parts[o].append(f"{out}__row")
                nodes.append(helper.make_node("Unsqueeze", [out], [parts[o][-1]], axes=[0]))
    nodes += [helper.make_node("Concat", rows, [o], axis=0) for o, rows in parts.items()]
    return nodes


def _restore_legacy_resizes(model, legacy: set[str]) -> None:
    from onnx import helper

    from .resize import LEGACY_NEAREST

    for node in model.graph.node:
        if node.op_type != "Resize" or node.output[0] not in legacy:
            continue
        mode = next((a.s.decode() for a in node.attribute if a.name == "mode"), "nearest")
        keep = [a for a in node.attribute if a.name not in _LEGACY_SET]
        del node.attribute[:]
        node.attribute.extend(keep)
        node.attribute.append(helper.make_attribute("coordinate_transformation_mode", "asymmetric"))
        if mode == "nearest":
            node.attribute.append(helper.make_attribute("nearest_mode", LEGACY_NEAREST))


_LEGACY_SET = ("coordinate_transformation_mode", "nearest_mode")


def _as_ir4(model):
    """IR 3 wants every initializer among the graph inputs. onnxruntime's quantizer (and
    other tools) write IR 3 models whose new initializers are not, which onnxruntime runs
    but the version converter then cannot find ("Input ... is undefined"): such a model
    is read as IR 4, where initializers need not be inputs. A copy: the caller's model
    stays as it was."""
    inputs = {i.name for i in model.graph.input}
    if model.ir_version >= 4 or all(t.name in inputs for t in model.graph.initializer):
        return model
    copy = type(model)()
    copy.CopyFrom(model)
    copy.ir_version = 4
    return copy


def _value_problems(g, opset) -> list[Problem]:
    out = []
    for init in g.initializer:
        if init.data_type not in _SUPPORTED_CODES:
            reason = f"initializer of dtype {dtype_name(init.data_type)}"
            out.append(Problem(init.name, "initializer", "", opset, reason))
        elif init.data_location == 1:  # TensorProto.EXTERNAL
            reason = "initializer with its data in an external file"
            out.append(Problem(init.name, "initializer", "", opset, reason))
    if g.sparse_initializer:
        out.append(Problem("<model>", "sparse_initializer", "", opset, "sparse initializers"))
    for v in list(g.input) + list(g.output):
        kind = v.type.WhichOneof("value")
        if kind != "tensor_type":
            out.append(Problem(v.name, "value", "", opset, f"a {kind or 'untyped'} value"))
        elif v.type.tensor_type.elem_type not in _SUPPORTED_CODES:
            reason = f"dtype {dtype_name(v.type.tensor_type.elem_type)}"
            out.append(Problem(v.name, "value", "", opset, reason))
    return out


def _node_problems(g, opset, bound: set[str], outer_fed: frozenset = frozenset()) -> list[Problem]:
    """Problems of `g`'s nodes and of the subgraphs (If branches, Loop bodies) they hold,
    whose inputs are fed at run time as the model's are."""
    out = []
    inits = {t.name for t in g.initializer}
    fed = ({v.name for v in g.input} - inits - bound) | outer_fed
    for i, node in enumerate(g.node):
        for a in node.attribute:
            for sub in [a.g] if a.HasField("g") else list(a.graphs):
                out += _node_problems(sub, opset, bound, frozenset(fed))
        name = node.name or f"{node.op_type}_{i}"
        low = LOWERINGS.get(op_key(node))
        if low is None:
            reason = _NO_LOWERING.get(op_key(node), "no lowering for this operator")
            out.append(Problem(name, node.op_type, node.domain, opset, reason))
            continue
        try:
            reason = low.check(attributes(node), opset) if low.check is not None else None
        except Unsupported as exc:  # an attribute of a dtype graphgate lacks (strings)
            reason = f"attribute: {exc}"
        for k in low.import_only:
            if k < len(node.input) and node.input[k] in fed:
                reason = (
                    f"input {k} ({node.input[k]}) must be known when the model is imported, "
                    "but it is a graph input: give it with import_onnx(..., bind=...)"
                )
        if reason:
            out.append(Problem(name, node.op_type, node.domain, opset, reason))
    return out


_SUPPORTED_CODES = IMPORTED_CODES

# Why an operator has no lowering, where the model can be exported without it.
_NO_LOWERING = {
    "ai.onnx.ml.ZipMap": (
        "no lowering for this operator: ZipMap makes a sequence of maps, which graphgate has "
        "no type for; export the classifier with skl2onnx's "
        "options={id(model): {'zipmap': False}} to keep the probabilities a tensor"
    ),
}

# The lowering families outside lowering.py, each filling LOWERINGS when imported.
_FAMILIES = (
    attention,
    control_flow,
    deform_conv,
    detection,
    losses,
    ml,
    pooling,
    quantization,
    resize,
    rnn,
    sampling,
    spectral,
    tensor_ops,
    trees,
)


def check_onnx(source: Any, bind: Any = ()) -> Report:
    """Everything `import_onnx` would refuse in `source`, without building a graph."""
    return prepare(source, bind)[1]


def import_onnx(
    source: Any,
    *,
    trainable: bool = True,
    bind: dict[str, Any] | None = None,
    limits: Any = None,
) -> tuple[Graph, dict[str, Tensor]]:
    """Build a graphgate Graph from an ONNX model.

    Parameters
    ----------
    source:
        A path, the model's bytes, or an `onnx.ModelProto`.
    trainable:
        Floating-point initializers become trainable Variables (True) or Consts (False).
        Integer initializers are always constants.
    bind:
        Values for graph inputs, fixed when the model is imported: they become constants
        (needed where graphgate takes a value as an attribute, such as a shape or axes
        fed as a graph input).
    limits:
        `gg.Limits` whose `max_tensor_elements` bounds every initializer before it is read.

    Returns
    -------
    (graph, values):
        The graph, and every ONNX value computed in the graph mapped to its tensor
        (values folded at import time, such as shape arithmetic, have none). Graph inputs are
        placeholders and graph outputs Identity nodes, named after their ONNX names
        (characters graphgate names cannot hold become '_').

    Raises
    ------
    InvalidArgumentError
        ONNX_UNSUPPORTED listing every unsupported node at once; INVALID_DOCUMENT for a
        file that is not an ONNX model.
    """
    bind = dict(bind or {})
    limits = limits if limits is not None else DEFAULT_LIMITS
    model, report = prepare(source, bind, limits)
    if not report.ok:
        raise report.error()
    onnx = require_onnx()
    # Inference is a help, not a requirement: the engine infers its own shapes.
    with contextlib.suppress(Exception):
        model = onnx.shape_inference.infer_shapes(model)
    builder = _Builder(model, report.opset, trainable, limits.max_tensor_elements)
    return builder.build(bind)


def _check_outputs(g, limits: Limits) -> None:
    """Refuse a model whose nodes' outputs (its branches' and bodies' too) pass the node
    limit before any is checked or built: each becomes at least one engine tensor, so the
    graph would pass the limit anyway, and checking one `Split` of 300,000 listed outputs
    (2.4 MB) took +220 MB and 2 s (a 64 MB upload of millions, several GB)."""
    if limits.max_nodes is None:
        return
    nodes = list(g.node) + _subgraph_nodes(g)
    outputs = sum(len(n.output) for n in nodes)
    if outputs > limits.max_nodes:
        raise error(
            "GRAPH_TOO_LARGE",
            f"the model's {len(nodes)} nodes have {outputs} outputs, more than the limit of "
            f"{limits.max_nodes} nodes a graph may have",
            details={"nodes": len(nodes), "outputs": outputs, "limit": limits.max_nodes},
        )


class _Builder:
    def __init__(self, model, opset: int, trainable: bool, max_elements: int | None):
        self.model = model
        self.g = model.graph
        self.opset = opset
        self.trainable = trainable
        self.max_elements = max_elements
        self.graph = Graph()
        self.values: dict[str, Any] | ChainMap = {}
        self._consts: dict[str, Tensor] = {}
        # Initializers the model also lists as graph inputs (IR 4's defaults a run may
        # override): their values are folded where the lowerings read them at import.
        self._defaults: set[str] = set()
        self._out_names: dict[str, str] = {}

    def child(self) -> _Builder:
        """A builder for a subgraph: the same graph, values that fall back to this scope's,
        and constants of its own (made inside the branch or body, read only there)."""
        child = object.__new__(_Builder)
        child.__dict__.update(self.__dict__)
        child.values = ChainMap({}, self.values)
        child._consts = {}
        return child

    def build(self, bind: dict[str, Any]) -> tuple[Graph, dict[str, Tensor]]:
        with self.graph.as_default():
            out_names = {o.name: engine_name(o.name, "output") for o in self.g.output}
            for name in out_names.values():
                self.graph.unique_name(name)
            self._out_names = out_names
            inits = {t.name for t in self.g.initializer}
            self._defaults = {v.name for v in self.g.input if v.name in inits} - set(bind)
            for v in self.g.input:
                if v.name in bind:
                    self._bound(v, bind.pop(v.name))
                elif v.name not in inits:
                    self._placeholder(v)
            if bind:
                raise error(
                    "UNKNOWN_FEED",
                    f"bind names {sorted(bind)}, which are not graph inputs of the model",
                    details={"names": sorted(bind)},
                )
            self._initializers()
            self.lower_nodes(self.g.node)
            # Values folded at import time (constants, shape arithmetic) have no node.
            mapping = {n: v for n, v in self.values.items() if isinstance(v, Tensor)}
            for o in self.g.output:
                if o.name not in self.values:
                    raise error(
                        "INVALID_DOCUMENT",
                        f"graph output {o.name!r} is produced by no node, input or initializer",
                    )
                mapping[o.name] = self._output(o.name, out_names[o.name])
        return self.graph, mapping

    # -- sources ---------------------------------------------------------------------------
    def _placeholder(self, v) -> None:
        tt = v.type.tensor_type
        shape = None
        if tt.HasField("shape"):
            shape = tuple(d.dim_value if d.HasField("dim_value") else None for d in tt.shape.dim)
        dtype = np_dtype(tt.elem_type)
        op = self.graph.create_op(
            "Placeholder",
            (),
            {"dtype": dtype, "shape": shape},
            engine_name(v.name, "input"),
            exact_name=True,
        )
        self._check_size(op.outputs[0], v.name)
        self.values[v.name] = op.outputs[0]

    def _check_size(self, value: Any, label: str) -> None:
        """A graph input or a node's output whose static shape is past the limit: refused
        here, as the stored document would be, before a later lowering sizes an import-time
        array by it (Trilu's mask, EyeLike, a blocked scale's gather, a pooling mask)."""
        if self.max_elements is None or not isinstance(value, Tensor):
            return
        n = num_elements(value.static_shape)
        if n is not None and n > self.max_elements:
            raise tensor_too_large(value.op, value.static_shape, n, self.max_elements)

    def _bound(self, v, value: Any) -> None:
        dtype = np_dtype(v.type.tensor_type.elem_type)
        arr = _dt.convert(value, dtype)
        arr = np.array(arr, dtype)
        arr.flags.writeable = False
        self.values[v.name] = arr

    def _static_names(self) -> set[str]:
        """Values read at import time (shapes, axes, pads), here or in a branch or loop
        body: they stay constants."""
        out = set()
        graphs = [self.g]
        while graphs:
            for node in graphs.pop().node:
                low = LOWERINGS.get(op_key(node))
                for i in low.static if low else ():
                    if i < len(node.input) and node.input[i]:
                        out.add(node.input[i])
                for a in node.attribute:
                    graphs += [a.g] if a.HasField("g") else list(a.graphs)
        return out

    def _initializers(self) -> None:
        from ..ops.state_ops import Variable

        static = self._static_names()
        for t in self.g.initializer:
            try:
                arr = tensor_to_array(t, self.max_elements)
            except Unsupported as exc:
                raise self._unsupported(t.name, "initializer", str(exc)) from None
            if self.trainable and arr.dtype in _dt.FLOATS and t.name not in static:
                self.values[t.name] = Variable(arr, name=engine_name(t.name, "initializer"))
            else:
                self.values[t.name] = arr

    def _tensor(self, name: str) -> Tensor:
        v = self.values[name]
        if isinstance(v, Tensor):
            return v
        if isinstance(v, Partial):
            return self._partial_tensor(name, v)
        t = self._consts.get(name)
        if t is None:
            label = engine_name(name, "Const")
            if name in self._defaults:
                # Not the input's name: a feed of it (onnxruntime's override of the
                # default) would reach this constant's readers and not the values folded
                # from the default at import (a Reshape by it, while an Add read the
                # feed). Refused as an unknown feed, as where only folded values read it.
                label += "_default"
            with self.graph.name_scope(None):
                t = constant_op(self.graph, v, name=label)
            self._consts[name] = t
        return t

    def _partial_tensor(self, name: str, v: Partial) -> Tensor:
        """A partly known shape as a tensor. One of an enclosing scope is made again in
        this branch or body (reading the enclosing tensors, which the body captures): the
        enclosing scope's own copy would otherwise be made, and kept, inside the body."""
        if not isinstance(self.values, ChainMap) or name in self.values.maps[0]:
            return v.tensor()
        t = self._consts.get(name)
        if t is None:
            t = self._consts[name] = v.fresh_tensor()
        return t

    def _output(self, name: str, ename: str) -> Tensor:
        t = self._tensor(name)
        if t.op.name == ename:
            return t
        if ename in self.graph.ops_by_name:
            ename = self.graph.unique_name(ename)
        with self.graph.name_scope(None):
            return self.graph.create_op("Identity", (t,), None, ename, exact_name=True).outputs[0]

    # -- nodes -----------------------------------------------------------------------------
    def _unsupported(self, node: str, op_type: str, reason: str) -> GraphgateError:
        return Report(
            self.opset, "", 0, 0, {}, [Problem(node, op_type, "", self.opset, reason)]
        ).error()

    def lower_nodes(self, nodes) -> None:
        """Lower `nodes` in order into this scope (a subgraph's, for control flow)."""
        for i, node in enumerate(nodes):
            self._node(node, i)

    def _inputs(self, node, label: str) -> list:
        ins = []
        for name in node.input:
            if not name:
                ins.append(None)
            elif name not in self.values:
                raise error(
                    "INVALID_DOCUMENT",
                    f"node {label} reads {name!r}, which no earlier node, input or "
                    "initializer produces",
                    node=label,
                )
            else:
                ins.append(self.values[name])
        while ins and ins[-1] is None:
            ins.pop()
        return ins

    def _node(self, node, i: int) -> None:
        label = node.name or f"{node.op_type}_{i}"
        low = LOWERINGS[op_key(node)]
        ins = self._inputs(node, label)
        made = len(self.graph.op_list)
        try:
            attrs = attributes(node)
            if node.op_type in control_flow.CONTROL_FLOW and not node.domain:
                outs = control_flow.lower(self, node, attrs, ins, label)
            else:
                outs = self._passed_on(node, ins) or self._fold(node, low, attrs, ins)
                if outs is None:
                    outs = self._partial(node, attrs, ins)
                if outs is None:
                    outs = self._lower(node, low, attrs, ins, label)
        except Unsupported as exc:
            raise self._unsupported(label, node.op_type, str(exc)) from None
        except GraphgateError as exc:
            if exc.code == "ONNX_UNSUPPORTED":
                raise
            if exc.code == "UNKNOWN_RANK":  # the engine needs a rank the model leaves open
                raise self._unsupported(label, node.op_type, exc.message) from None
            raise error(
                exc.code,
                f"ONNX node {label} ({node.op_type}): {exc.message}",
                node=label,
                details=exc.details,
            ) from None
        self._name_result(node, outs, made)
        for k, name in enumerate(node.output):
            if not name:
                continue
            if k >= len(outs):
                raise self._unsupported(label, node.op_type, f"output {k} ({name})")
            self._check_size(outs[k], label)
            self._define(name, outs[k], label)

    def _name_result(self, node, outs: list, made: int) -> None:
        """Name the op that computes a node's one output after that output, where the name
        is free: graphgate's exporter names an output after its op (and the values it
        computes on the way `<op>/tmp_<n>`), so a model it wrote reads back under its own
        names (`dense/MatMul`, not `dense/MatMul/MatMul/MatMul`) and export → import →
        export writes the same model."""
        if len(node.output) != 1 or not outs or not isinstance(outs[0], Tensor):
            return
        op, name = outs[0].op, engine_name(node.output[0], "")
        if not name or name == op.name or len(op.outputs) != 1:
            return
        if op.type in _NAMED_SOURCES or self.graph.body_of(op) is not None:
            return  # a graph input or initializer keeps its own name
        # This node's own op, or one an earlier node made on the way to this value (a
        # `<name>/...` of the exporter's, which this node passes on or undoes).
        if op.index < made and not op.name.startswith(f"{name}/"):
            return
        # A graph output's name is reserved for the op that computes it (`_output`).
        reserved = self._out_names.get(node.output[0]) == name
        self.graph.rename_new_op(op, name, reserved)

    def _passed_on(self, node, ins: list) -> list | None:
        """An Identity the exporter wrote last for one of its ops (`x/tmp_3` → `x`): its
        input, which `_name_result` names `x`, rather than another Identity each trip."""
        if node.op_type != "Identity" or node.domain or len(node.output) != 1 or not ins:
            return None
        x = ins[0]
        if not isinstance(x, Tensor) or x.op.type in _NAMED_SOURCES:
            return None
        if self.graph.current_body() is not None:
            return None
        return [x] if x.op.name.startswith(f"{engine_name(node.output[0], '')}/") else None

    def _define(self, name: str, value: Any, label: str) -> None:
        # ONNX is in SSA form (onnxruntime refuses a second producer): keeping the last one
        # would store a graph that computes something no other runtime does.
        scope = self.values.maps[0] if isinstance(self.values, ChainMap) else self.values
        if name in scope:
            raise error(
                "INVALID_DOCUMENT",
                f"node {label} produces {name!r}, which is produced twice (ONNX values are "
                "assigned once)",
                node=label,
            )
        self.values[name] = value

    def _lower(self, node, low, attrs, ins, label) -> list:
        def tensor_of(k):
            v = ins[k]
            if isinstance(v, Tensor):
                return v
            if isinstance(v, Partial):
                return self._partial_tensor(node.input[k], v)
            return self._tensor(node.input[k])

        with self.graph.name_scope(engine_name(label, node.op_type)):
            ctx = Context(self.graph, node, attrs, ins, self.opset, tensor_of, self.max_elements)
            return low.fn(ctx)

    def _fold(self, node, low, attrs, ins) -> list | None:
        """Run a node whose inputs are all small known values now, with the engine."""
        if node.op_type in _NEVER_FOLD:
            return None
        if not all(v is None or (isinstance(v, np.ndarray) and v.size <= _SMALL) for v in ins):
            return None
        from ..session import Session

        numpy_fn = _NUMPY_FOLD.get(node.op_type)
        if numpy_fn is not None:
            out = numpy_fn(attrs, ins)
            if out is not None:
                return [out]
        scratch = Graph()

        def tensor_of(k):
            return constant_op(scratch, ins[k])

        with scratch.as_default():
            ctx = Context(scratch, node, attrs, ins, self.opset, tensor_of, self.max_elements)
            outs = low.fn(ctx)
        tensors = [o for o in outs if isinstance(o, Tensor)]
        if not tensors:
            return outs
        try:
            with Session(scratch, limits=_FOLD_LIMITS) as sess:
                values = iter(sess.run(tensors))
        except GraphgateError:
            return None  # let it fail (or not) at run time, as it would unfolded
        # A scalar may come back as a numpy scalar: the importer's known values are arrays.
        return [np.asarray(next(values)) if isinstance(o, Tensor) else o for o in outs]

    def _partial(self, node, attrs, ins) -> list | None:
        """Shape arithmetic on vectors with entries known only at run time."""
        if not any(isinstance(v, Partial) for v in ins):
            return None
        fn = _PARTIAL.get(node.op_type)
        if fn is None or not all(v is None or isinstance(v, np.ndarray | Partial) for v in ins):
            return None
        arrays = [
            v.values if isinstance(v, Partial) else None if v is None else v.astype(object)
            for v in ins
        ]
        result = fn(attrs, arrays)
        if result is NotImplemented:
            return None
        result = np.asarray(result, dtype=object)  # np.take of one index gives a bare item
        dtype = _partial_dtype(node, attrs, ins)
        if all(is_int(d) for d in np.reshape(result, -1)):
            return [np.array(result, dtype)]
        low = LOWERINGS[op_key(node)]
        label = node.name or node.op_type
        return [Partial(result, lambda: self._lower(node, low, attrs, ins, label)[0], dtype)]


# Ops named after a graph input or an initializer, never renamed after a node's output.
_NAMED_SOURCES = frozenset(("Placeholder", "PlaceholderWithDefault", "VariableV2", "Const"))


def _partial_dtype(node, attrs, ins) -> np.dtype:
    """The dtype of shape arithmetic's result: a Cast's target, else its first input's
    (Gather's data; int32 where the exporter cast a shape down, as tf2onnx does)."""
    if node.op_type == "Cast":
        return np_dtype(attrs["to"])
    first = next(v for v in ins if v is not None)
    return first.dtype


def _fold_int_div(attrs, ins):
    x, y = ins
    if x.dtype not in _dt.INTS or not np.all(y):
        return None
    q = np.abs(x) // np.abs(y)  # ONNX truncates toward zero
    return (np.sign(x) * np.sign(y) * q).astype(x.dtype)


def _fold_int_mod(attrs, ins):
    x, y = ins
    if x.dtype not in _dt.INTS or not np.all(y):
        return None
    return np.fmod(x, y) if attrs.get("fmod", 0) else np.mod(x, y)


# Integer arithmetic on shapes that the engine cannot express (yet) but numpy can.
_NUMPY_FOLD = {"Div": _fold_int_div, "Mod": _fold_int_mod}

# Random or large results: lowered into the graph even when their inputs are known.
_NEVER_FOLD = frozenset(("ConstantOfShape", "Expand", "Tile", "Range", "Dropout"))
# A fold computes as the model is read, outside any run's limits: small inputs can make a
# large output (an int64 [5000, 1] times a [1, 5000] is 200 MB, three of them held the
# graphs function at 2 GB for a 240 KB model). Past _SMALL elements a value is left to
# the run, which computes it within its limits; the values folded for attributes are small.
_FOLD_LIMITS = Limits(max_tensor_elements=_SMALL)


def _partial_slice(attrs, a):
    starts, ends = list(a[1]), list(a[2])
    axes = list(a[3]) if len(a) > 3 and a[3] is not None else [0]
    steps = list(a[4]) if len(a) > 4 and a[4] is not None else [1]
    if axes not in ([0], [-1]) or a[0].ndim != 1 or len(starts) != 1 or len(ends) != 1:
        return NotImplemented
    from .lowering import _onnx_slice

    return a[0][_onnx_slice(int(starts[0]), int(ends[0]), int(steps[0]), len(a[0]))]


def _partial_axes(attrs, a):
    if "axes" in attrs:
        return list(attrs["axes"])
    return None if len(a) < 2 or a[1] is None else [int(x) for x in a[1].reshape(-1)]


def _partial_unsqueeze(attrs, a):
    axes = _partial_axes(attrs, a)
    out = a[0]
    rank = out.ndim + len(axes)
    for ax in sorted(x % rank for x in axes):
        out = np.expand_dims(out, ax)
    return out


def _partial_squeeze(attrs, a):
    axes = _partial_axes(attrs, a)
    return np.squeeze(a[0], tuple(axes)) if axes else np.squeeze(a[0])


def _elementwise(fn):
    def apply(attrs, a):
        if len(a) != 2:
            return NotImplemented
        f = np.frompyfunc(
            lambda x, y: fn(int(x), int(y)) if is_int(x) and is_int(y) else None, 2, 1
        )
        return np.asarray(f(a[0], a[1]), object)

    return apply


def _cast_partial(attrs, a):
    return a[0] if attrs.get("to") in (6, 7) else NotImplemented


_PARTIAL = {
    "Identity": lambda attrs, a: a[0],
    "Cast": _cast_partial,
    "Gather": lambda attrs, a: np.take(a[0], a[1].astype(np.int64), attrs.get("axis", 0)),
    "Concat": lambda attrs, a: np.concatenate(a, attrs.get("axis", 0)),
    "Unsqueeze": _partial_unsqueeze,
    "Squeeze": _partial_squeeze,
    "Slice": _partial_slice,
    "Mul": _elementwise(lambda x, y: x * y),
    "Add": _elementwise(lambda x, y: x + y),
    "Sub": _elementwise(lambda x, y: x - y),
}
