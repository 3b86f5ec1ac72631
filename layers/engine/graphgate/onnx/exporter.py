"""graphgate Graph -> ONNX model: the ops ONNX expresses exactly, variables as initializers.

One converter per engine op type. An op ONNX cannot express exactly (Log1p, random ops) is
refused with ONNX_UNSUPPORTED naming every such node, rather than approximated.
"""

from __future__ import annotations

import itertools
import re
from collections import ChainMap
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Graph, Operation, Tensor
from ..ops.math_ops import add_n_in_tf_order
from .importer import Problem, Report
from .proto import FROM_NP, require_onnx

OPSET = 17
_INT64_MAX = 2**63 - 1


class _Emitter:
    """Nodes and initializers of one ONNX graph: the model's, or a subgraph's (an If
    branch, a Loop body), whose constants are Constant nodes and whose names continue the
    model's count, since ONNX names are unique across a model and its subgraphs."""

    def __init__(self, onnx, parent: _Emitter | None = None):
        self.onnx = onnx
        self.nodes: list = []
        self.inits: list = []
        self.subgraph = parent is not None
        self._count = parent._count if parent else itertools.count(1)
        # The ONNX name of each engine tensor, where it is not value_name(t) (a body's
        # arguments, or its ops emitted a second time to start a Loop).
        self.names: ChainMap = ChainMap({}, parent.names) if parent else ChainMap({})
        # The engine op each ONNX node was written for (a body's nodes: its If's or
        # Loop's), shared with the subgraphs, to name it when ONNX refuses a node.
        self.origin: dict[str, Operation] = parent.origin if parent else {}
        self.current: Operation | None = parent.current if parent else None
        # The model's inputs: a placeholder_with_default among them is fed, others are
        # their defaults (what TF computes when nothing feeds them).
        self.feed_ops: frozenset = parent.feed_ops if parent else frozenset()
        # Names the graph's own values take (a graph read back from an export holds
        # `const_5`, `x/tmp_3`): a helper's counted name skips them, or ONNX sees one
        # name given twice.
        self.taken: set[str] = parent.taken if parent else set()

    @property
    def _n(self) -> int:
        return next(self._count)

    def _fresh(self, make) -> str:
        name = make(self._n)
        while name in self.taken:
            name = make(self._n)
        self.taken.add(name)
        return name

    def name(self, t: Tensor) -> str:
        return self.names.get(t) or value_name(t)

    def node(self, op_type: str, inputs: list[str], outputs: list[str], **attrs) -> None:
        name = f"{outputs[0]}/{op_type}" if outputs else f"{op_type}_{self._n}"
        self.nodes.append(self.onnx.helper.make_node(op_type, inputs, outputs, name, **attrs))
        if self.current is not None:
            self.origin[name] = self.current

    def const(self, value: Any, dtype: Any = np.int64, name: str | None = None) -> str:
        name = name or self._fresh(lambda n: f"const_{n}")
        arr = np.asarray(value, dtype=dtype)
        tensor = self.onnx.numpy_helper.from_array(arr, name)
        if self.subgraph:
            self.nodes.append(
                self.onnx.helper.make_node("Constant", [], [name], f"{name}/Constant", value=tensor)
            )
        else:
            self.inits.append(tensor)
        return name

    def tmp(self, base: str) -> str:
        return self._fresh(lambda n: f"{base}/tmp_{n}")

    def tmp_equal(self, a: str, b: str, base: str) -> str:
        out = self.tmp(base)
        self.node("Equal", [a, b], [out])
        return out


def value_name(t: Tensor) -> str:
    return t.op.name if t.value_index == 0 else f"{t.op.name}:{t.value_index}"


_SAME = {
    "Add": "Add",
    "Sub": "Sub",
    "Mul": "Mul",
    "RealDiv": "Div",
    "Maximum": "Max",
    "Minimum": "Min",
    "Pow": "Pow",
    "Equal": "Equal",
    "Less": "Less",
    "LessEqual": "LessOrEqual",
    "Greater": "Greater",
    "GreaterEqual": "GreaterOrEqual",
    "LogicalAnd": "And",
    "LogicalOr": "Or",
    "LogicalNot": "Not",
    "Neg": "Neg",
    "Abs": "Abs",
    "Sqrt": "Sqrt",
    "Exp": "Exp",
    "Log": "Log",
    "Tanh": "Tanh",
    "Sigmoid": "Sigmoid",
    "Relu": "Relu",
    "Reciprocal": "Reciprocal",
    "Floor": "Floor",
    "Sign": "Sign",
    "Identity": "Identity",
    "StopGradient": "Identity",
    "GuaranteeConst": "Identity",
    "ReadVariableOp": "Identity",
    "SelectV2": "Where",
    # TF1's other elementwise math (ops/special_math_ops.py); ONNX's Round is half to even.
    "Sin": "Sin",
    "Cos": "Cos",
    "Tan": "Tan",
    "Asin": "Asin",
    "Acos": "Acos",
    "Atan": "Atan",
    "Sinh": "Sinh",
    "Cosh": "Cosh",
    "Asinh": "Asinh",
    "Acosh": "Acosh",
    "Atanh": "Atanh",
    "Ceil": "Ceil",
    "Round": "Round",
    "Erf": "Erf",
    "IsNan": "IsNaN",
    "IsInf": "IsInf",
}
_REDUCE = {
    "Sum": "ReduceSum",
    "Mean": "ReduceMean",
    "Max": "ReduceMax",
    "Min": "ReduceMin",
    "Prod": "ReduceProd",
    "ReduceLogSumExp": "ReduceLogSumExp",
}
CONVERTERS: dict[str, Callable] = {}


def converts(*types: str):
    def decorate(fn):
        for t in types:
            CONVERTERS[t] = fn
        return fn

    return decorate


@converts(*_SAME)
def _same(e, op, ins, outs):
    e.node(_SAME[op.type], ins, outs)


@converts("IdentityN")
def _identity_n(e, op, ins, outs):
    # TF's custom gradients (swish, ctc_loss) return their value through an IdentityN.
    for name, out in zip(ins, outs, strict=True):
        e.node("Identity", [name], [out])


@converts("AddN")
def _add_n(e, op, ins, outs):
    # ONNX's Sum adds floats left to right, as TF's kernel adds up to 9 inputs; past 9,
    # and for integers (Sum takes none), binary Adds in the kernel's order.
    if np.dtype(op.outputs[0].dtype).kind == "f" and len(ins) <= 9:
        e.node("Sum", ins, outs)
        return
    if len(ins) == 1:
        e.node("Identity", ins, outs)
        return

    def add(a, b):
        out = e.tmp(outs[0])
        e.node("Add", [a, b], [out])
        return out

    e.node("Identity", [add_n_in_tf_order(ins, add)], outs)


@converts("NotEqual")
def _not_equal(e, op, ins, outs):
    eq = e.tmp(outs[0])
    e.node("Equal", ins, [eq])
    e.node("Not", [eq], outs)


@converts("Square")
def _square(e, op, ins, outs):
    e.node("Mul", [ins[0], ins[0]], outs)


@converts("LeakyRelu")
def _leaky_relu(e, op, ins, outs):
    e.node("LeakyRelu", ins, outs, alpha=float(op.attrs.get("alpha", 0.2)))


@converts("Softmax", "LogSoftmax")
def _softmax(e, op, ins, outs):
    e.node(op.type, ins, outs, axis=int(op.attrs.get("axis", -1)))


@converts("MatMul")
def _matmul(e, op, ins, outs):
    ta, tb = op.attrs.get("transpose_a", False), op.attrs.get("transpose_b", False)
    ranks = [len(t.static_shape) for t in op.inputs]
    if ranks == [2, 2] and (ta or tb):
        e.node("Gemm", ins, outs, transA=int(ta), transB=int(tb))
        return
    ins = list(ins)
    for k, flag in enumerate((ta, tb)):
        if flag:
            perm = list(range(ranks[k]))
            perm[-2:] = perm[-1], perm[-2]
            name = e.tmp(outs[0])
            e.node("Transpose", [ins[k]], [name], perm=perm)
            ins[k] = name
    e.node("MatMul", ins, outs)


@converts("Einsum")
def _einsum(e, op, ins, outs):
    # ONNX's Einsum is numpy's, as graphgate's (the equation is stored explicit).
    e.node("Einsum", ins, outs, equation=op.attrs["equation"])


@converts("Cast")
def _cast(e, op, ins, outs):
    e.node("Cast", ins, outs, to=FROM_NP[op.attrs["dtype"]])


@converts("Reshape")
def _reshape(e, op, ins, outs):
    # TensorFlow's reshape has no "copy this dim" 0: allowzero keeps a 0 a zero.
    e.node("Reshape", [ins[0], _shape_input(e, op, ins, outs, "shape")], outs, allowzero=1)


def _shape_input(e, op, ins, outs, attr: str) -> str:
    """A static shape attribute as an int64 constant, or the op's shape input cast to
    int64 (ONNX's Reshape, Expand and Tile take it as an input too)."""
    if len(op.inputs) == 1:
        return e.const(op.attrs[attr])
    cast = e.tmp(outs[0])
    e.node("Cast", [ins[0 if op.type == "Fill" else 1]], [cast], to=FROM_NP[_dt.int64])
    return cast


@converts("Transpose")
def _transpose(e, op, ins, outs):
    if len(op.inputs) == 2:
        raise _Refused("transpose by a perm known only at run time")
    perm = op.attrs.get("perm")
    if perm is None:
        e.node("Transpose", ins, outs)
    else:
        e.node("Transpose", ins, outs, perm=[int(p) for p in perm])


@converts("ExpandDims")
def _expand_dims(e, op, ins, outs):
    if "axis" not in op.attrs:
        raise _Refused("expand_dims along an axis known only at run time")
    e.node("Unsqueeze", [ins[0], e.const([op.attrs["axis"]])], outs)


@converts("Squeeze")
def _squeeze(e, op, ins, outs):
    axis = op.attrs.get("axis")
    if axis is None:
        src = op.inputs[0].static_shape
        if src is None or None in src:
            # TF removes the dims that are 1 when the run comes, as ONNX's Squeeze without
            # axes does; the dims known now would keep an unknown one that turns out 1.
            e.node("Squeeze", [ins[0]], outs)
            return
        axis = [i for i, d in enumerate(src) if d == 1]
    axes = [axis] if isinstance(axis, int) else list(axis)
    e.node("Squeeze", [ins[0], e.const(axes)], outs)


@converts("ConcatV2")
def _concat(e, op, ins, outs):
    if "axis" not in op.attrs:
        raise _Refused("concat along an axis known only at run time")
    e.node("Concat", ins, outs, axis=int(op.attrs["axis"]))


@converts("Pack")
def _pack(e, op, ins, outs):
    axis = int(op.attrs.get("axis", 0))
    parts = []
    for name in ins:
        part = e.tmp(outs[0])
        e.node("Unsqueeze", [name, e.const([axis])], [part])
        parts.append(part)
    e.node("Concat", parts, outs, axis=axis)


@converts("Split")
def _split(e, op, ins, outs):
    axis = int(op.attrs.get("axis", 0))
    sizes = [t.static_shape[axis % len(t.static_shape)] for t in op.outputs]
    if None in sizes:
        raise _Refused("Split along an axis of unknown size")
    e.node("Split", [ins[0], e.const(sizes)], outs, axis=axis)


@converts("Unpack")
def _unpack(e, op, ins, outs):
    axis = int(op.attrs.get("axis", 0))
    parts = [e.tmp(o) for o in outs]
    e.node("Split", [ins[0], e.const([1] * len(outs))], parts, axis=axis)
    for part, out in zip(parts, outs, strict=True):
        e.node("Squeeze", [part, e.const([axis])], [out])


@converts("Tile")
def _tile(e, op, ins, outs):
    e.node("Tile", [ins[0], _shape_input(e, op, ins, outs, "multiples")], outs)


@converts("Pad")
def _pad(e, op, ins, outs):
    value = e.const(op.attrs.get("constant_values", 0.0), op.inputs[0].dtype)
    if len(op.inputs) == 2:
        # TF's [rank, 2] paddings as ONNX's [begins..., ends...]: transposed, flattened.
        cast, turned, flat = e.tmp(outs[0]), e.tmp(outs[0]), e.tmp(outs[0])
        e.node("Cast", [ins[1]], [cast], to=FROM_NP[_dt.int64])
        e.node("Transpose", [cast], [turned], perm=[1, 0])
        e.node("Reshape", [turned, e.const([-1])], [flat])
        e.node("Pad", [ins[0], flat, value], outs, mode="constant")
        return
    pads = op.attrs["paddings"]
    flat = [a for a, _ in pads] + [b for _, b in pads]
    e.node("Pad", [ins[0], e.const(flat), value], outs, mode="constant")


def _known_inner_dims(op, m: int) -> list[int]:
    """The input's dims past its batch, which the reshapes below must spell out."""
    if len(op.inputs) > 1:
        raise _Refused("a block shape, paddings or crops known only at run time")
    shape = op.inputs[0].static_shape
    if shape is None or any(d is None for d in shape[1:]):
        raise _Refused("a block op over dims past the batch unknown when exported")
    return [int(d) for d in shape[1:]]


@converts("SpaceToBatchND")
def _space_to_batch(e, op, ins, outs):
    """TF's algorithm (image_ops._to_batch): pad, split each spatial dim into (dim / block,
    block), move the blocks before the batch, merge them into it."""
    block, pads = list(op.attrs["block_shape"]), list(op.attrs["paddings"])
    m = len(block)
    dims = _known_inner_dims(op, m)
    rest = dims[m:]
    x = ins[0]
    if any(lo or hi for lo, hi in pads):
        padded = e.tmp(outs[0])
        flat = [0, *(lo for lo, _ in pads), *[0] * len(rest)]
        flat += [0, *(hi for _, hi in pads), *[0] * len(rest)]
        zero = e.const(0, op.inputs[0].dtype)
        e.node("Pad", [x, e.const(flat), zero], [padded], mode="constant")
        x = padded
    spatial = [d + lo + hi for d, (lo, hi) in zip(dims[:m], pads, strict=True)]
    inner = [v for d, k in zip(spatial, block, strict=True) for v in (d // k, k)]
    split, moved = e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Reshape", [x, e.const([-1, *inner, *rest])], [split])
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)]
    perm += list(range(2 * m + 1, 2 * m + 1 + len(rest)))
    e.node("Transpose", [split], [moved], perm=perm)
    e.node("Reshape", [moved, e.const([-1, *inner[::2], *rest])], outs)


@converts("BatchToSpaceND")
def _batch_to_space(e, op, ins, outs):
    """TF's algorithm (image_ops._to_space): split the batch into the blocks and the
    batch, move each block beside its spatial dim, merge, crop."""
    block, crops = list(op.attrs["block_shape"]), list(op.attrs["crops"])
    m = len(block)
    dims = _known_inner_dims(op, m)
    spatial, rest = dims[:m], dims[m:]
    split, moved = e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Reshape", [ins[0], e.const([*block, -1, *spatial, *rest])], [split])
    perm = [m] + [v for i in range(m) for v in (m + 1 + i, i)]
    perm += list(range(2 * m + 1, 2 * m + 1 + len(rest)))
    e.node("Transpose", [split], [moved], perm=perm)
    whole = [d * k for d, k in zip(spatial, block, strict=True)]
    cropped = any(lo or hi for lo, hi in crops)
    merged = e.tmp(outs[0]) if cropped else outs[0]
    e.node("Reshape", [moved, e.const([-1, *whole, *rest])], [merged])
    if cropped:
        starts = [lo for lo, _ in crops]
        ends = [d - hi for d, (_, hi) in zip(whole, crops, strict=True)]
        axes = list(range(1, m + 1))
        e.node("Slice", [merged, e.const(starts), e.const(ends), e.const(axes)], outs)


@converts("StridedSlice")
def _strided_slice(e, op, ins, outs):
    if len(op.inputs) > 1:
        raise _Refused("a slice with bounds known only at run time")
    src = op.inputs[0].static_shape
    from ..ops.array_ops import _expand_index

    index = _expand_index(op.attrs["index"], len(src))
    starts, ends, axes, steps, drop, add = [], [], [], [], [], []
    dim = 0
    for out_pos, it in enumerate(index):
        if it is None:
            add.append(out_pos)
            continue
        if isinstance(it, int):
            starts.append(it)
            ends.append(it + 1 if it != -1 else _INT64_MAX)
            steps.append(1)
            axes.append(dim)
            drop.append(dim)
        elif it != slice(None):
            step = 1 if it.step is None else it.step
            lo = (0 if step > 0 else -1) if it.start is None else it.start
            hi = (_INT64_MAX if step > 0 else -_INT64_MAX) if it.stop is None else it.stop
            starts.append(lo)
            ends.append(hi)
            steps.append(step)
            axes.append(dim)
        dim += 1
    name = ins[0]
    if axes:
        name = e.tmp(outs[0])
        consts = [e.const(v) for v in (starts, ends, axes, steps)]
        e.node("Slice", [ins[0], *consts], [name])
    if drop:
        dropped = e.tmp(outs[0])
        e.node("Squeeze", [name, e.const(drop)], [dropped])
        name = dropped
    if add:
        # `None` entries index the output; after the squeeze their positions are final.
        added = e.tmp(outs[0])
        kept = [p for p, it in enumerate(index) if it is None or not isinstance(it, int)]
        positions = [kept.index(p) for p in add]
        e.node("Unsqueeze", [name, e.const(positions)], [added])
        name = added
    e.node("Identity", [name], outs)


@converts("GatherV2")
def _gather(e, op, ins, outs):
    if len(ins) == 3:
        raise _Refused("gather along an axis known only at run time")
    e.node("Gather", ins, outs, axis=int(op.attrs.get("axis", 0)))


@converts("TakeAlongAxis")
def _take_along_axis(e, op, ins, outs):
    """numpy's take_along_axis as ONNX's GatherElements (what the importer reads it from:
    tree ensembles, GatherElements itself). numpy broadcasts the other axes of the values
    and the indices against each other, GatherElements takes the indices' extent there:
    where the shapes do not show them equal, each is first expanded to the broadcast
    shape, its own length kept along the axis."""
    x, idx = op.inputs
    rank = x.shape.rank
    if rank is None or idx.shape.rank != rank:
        raise _Refused("take_along_axis of a rank unknown when exporting")
    axis = int(op.attrs.get("axis", -1)) % rank
    dims = [x.shape.as_list(), idx.shape.as_list()]
    others = [[d for i, d in enumerate(s) if i != axis] for s in dims]
    if others[0] != others[1] or None in others[0]:
        ins = [_expanded_off_axis(e, ins[0], ins[1], axis, rank, outs[0]),
               _expanded_off_axis(e, ins[1], ins[0], axis, rank, outs[0])]  # fmt: skip
    e.node("GatherElements", ins, outs, axis=axis)


def _expanded_off_axis(e, value: str, other: str, axis: int, rank: int, base: str) -> str:
    """`value` broadcast against `other` on every axis but `axis`, where it keeps its own
    length: Expand to other's shape with a 1 on that axis."""
    shape, target, out = e.tmp(base), e.tmp(base), e.tmp(base)
    keep = np.ones(rank, np.int64)
    keep[axis] = 0
    e.node("Shape", [other], [shape])
    e.node("Mul", [shape, e.const(keep)], [target + "_kept"])
    e.node("Add", [target + "_kept", e.const(1 - keep)], [target])
    e.node("Expand", [value, target], [out])
    return out


@converts(*_REDUCE)
def _reduce(e, op, ins, outs):
    axis = op.attrs.get("axis")
    keep = int(bool(op.attrs.get("keepdims", False)))
    onnx_type = _REDUCE[op.type]
    if axis is None and op.type in ("Max", "Min") and np.dtype(op.inputs[0].dtype).kind == "f":
        _nan_reduction(e, op, ins, outs, {"keepdims": keep})
        return
    axes = None if axis is None else [axis] if isinstance(axis, int) else list(axis)
    shape = op.inputs[0].static_shape
    if axes is not None and shape:
        # onnxruntime reduces an input with no element along a negative axis to the input
        # itself ((0, 3) over -2 stays (0, 3)): the axes are written counted from the front.
        axes = [a % len(shape) for a in axes]
    attrs = {"keepdims": keep} if axes is None else {"axes": axes, "keepdims": keep}
    if op.type == "Mean" and np.dtype(op.inputs[0].dtype).kind == "f" and _may_be_empty(op, axes):
        _mean_of_nothing(e, op, ins, outs, attrs)
    elif axes is None:
        e.node(onnx_type, ins, outs, keepdims=keep)
    elif onnx_type == "ReduceSum":
        e.node(onnx_type, [ins[0], e.const(axes)], outs, keepdims=keep)
    elif op.type in ("Max", "Min") and np.dtype(op.inputs[0].dtype).kind == "f":
        _nan_reduction(e, op, ins, outs, attrs)
    else:
        e.node(onnx_type, ins, outs, **attrs)


def _may_be_empty(op, axes: list | None) -> bool:
    """Whether a reduction's axes may hold no element: one of them 0 or unknown."""
    shape = op.inputs[0].static_shape
    if shape is None:
        return True
    dims = shape if axes is None else [shape[a % len(shape)] for a in axes if len(shape)]
    return any(d is None or d == 0 for d in dims)


def _mean_of_nothing(e, op, ins, outs, attrs: dict) -> None:
    """TF's mean of no elements is 0/0, NaN; onnxruntime's ReduceMean answers 0 (an empty
    batch served to the model): NaN is put where the reduced count is 0."""
    mean, shape, ones, count, empty = (e.tmp(outs[0]) for _ in range(5))
    e.node("ReduceMean", ins, [mean], **attrs)
    e.node("Shape", ins[:1], [shape])
    one = e.onnx.numpy_helper.from_array(np.array([1], np.int64))
    e.node("ConstantOfShape", [shape], [ones], value=one)
    axes = [e.const(attrs["axes"])] if "axes" in attrs else []
    e.node("ReduceSum", [ones, *axes], [count], keepdims=attrs["keepdims"])
    e.node("Equal", [count, e.const(0)], [empty])
    e.node("Where", [empty, e.const(np.nan, op.inputs[0].dtype), mean], outs)


def _nan_reduction(e, op, ins, outs, attrs: dict) -> None:
    """TF's reduce_max and reduce_min are NaN where the reduced elements hold one;
    onnxruntime's skip a NaN after the first element: NaN is put back where counted."""
    onnx_type = _REDUCE[op.type]
    value, nan, count, some = (e.tmp(outs[0]) for _ in range(4))
    e.node(onnx_type, ins, [value], **attrs)
    e.node("IsNaN", ins, [nan])
    counted = e.tmp(outs[0])
    e.node("Cast", [nan], [counted], to=FROM_NP[_dt.int64])
    axes = [e.const(attrs["axes"])] if "axes" in attrs else []
    e.node("ReduceSum", [counted, *axes], [count], keepdims=attrs["keepdims"])
    e.node("Greater", [count, e.const(0)], [some])
    e.node("Where", [some, e.const(np.nan, op.inputs[0].dtype), value], outs)


def _tf_extremum_keys(e, op, x: str, base: str, lowest: bool = True) -> str:
    """x as TF's max (min) kernels see it: they start from the dtype's lowest (highest)
    number and take an element only when strictly greater (less), so NaN and -inf (+inf)
    never win and a window of nothing else is that number. ONNX's kernels let a NaN or -inf
    win: the keys clamp to it and make NaN it. Integers pass as they are."""
    dtype = np.dtype(op.inputs[0].dtype)
    if dtype.kind != "f":
        return x
    bound = e.const(np.finfo(dtype).min if lowest else np.finfo(dtype).max, dtype)
    clamped, nan, key = e.tmp(base), e.tmp(base), e.tmp(base)
    e.node("Max" if lowest else "Min", [x, bound], [clamped])
    e.node("IsNaN", [x], [nan])
    e.node("Where", [nan, bound, clamped], [key])
    return key


@converts("ArgMax", "ArgMin")
def _arg(e, op, ins, outs):
    if len(ins) == 2:
        raise _Refused(f"{op.type} along an axis known only at run time")
    axis = int(op.attrs.get("axis", 0))
    ins = [_tf_extremum_keys(e, op, ins[0], outs[0], op.type == "ArgMax")]
    if op.outputs[0].dtype == _dt.int64:
        e.node(op.type, ins, outs, axis=axis, keepdims=0)
        return
    tmp = e.tmp(outs[0])
    e.node(op.type, ins, [tmp], axis=axis, keepdims=0)
    e.node("Cast", [tmp], outs, to=FROM_NP[op.outputs[0].dtype])


# -- ops the export fuzzer found refused though ONNX computes them exactly -------------------


@converts("IsFinite")
def _is_finite(e, op, ins, outs):
    nan, inf, either = e.tmp(outs[0]), e.tmp(outs[0]), e.tmp(outs[0])
    e.node("IsNaN", ins, [nan])
    e.node("IsInf", ins, [inf])
    e.node("Or", [nan, inf], [either])
    e.node("Not", [either], outs)


@converts("SquaredDifference")
def _squared_difference(e, op, ins, outs):
    # TF's kernel: (x - y) * (x - y), rounded the same way.
    diff = e.tmp(outs[0])
    e.node("Sub", ins, [diff])
    e.node("Mul", [diff, diff], outs)


@converts("Softsign")
def _softsign(e, op, ins, outs):
    # TF's kernel: x / (|x| + 1).
    size, below = e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Abs", ins, [size])
    e.node("Add", [size, e.const(1, op.inputs[0].dtype)], [below])
    e.node("Div", [ins[0], below], outs)


# expm1 and log1p as Eigen computes them on TF's CPU (graphgate's float32 and float64
# kernels agree within an ulp or two): ONNX has neither, and exp(x) - 1 or log(1 + x)
# lose every digit near 0 (ONNX's own Elu, Selu and Softplus are written so).


def _float_only(op) -> Any:
    dtype = op.inputs[0].dtype
    if dtype not in (_dt.float32, _dt.float64):
        raise _Refused(f"{op.type} of {dtype.name}: graphgate's half kernel rounds as TF's")
    return dtype


def _expm1(e, x: str, dtype: Any, base: str, out: str | None = None) -> str:
    """Eigen's generic_expm1 (Kahan's): (e^x - 1) * (x / log(e^x)), x where e^x is 1, -1
    where e^x - 1 is, e^x where log(e^x) is e^x (infinity)."""
    one = e.const(1, dtype)
    u, um1, logu, ratio, scaled = (e.tmp(base) for _ in range(5))
    same, y, is_one, is_minus, inner = (e.tmp(base) for _ in range(5))
    e.node("Exp", [x], [u])
    e.node("Sub", [u, one], [um1])
    e.node("Log", [u], [logu])
    e.node("Div", [x, logu], [ratio])
    e.node("Mul", [um1, ratio], [scaled])
    e.node("Equal", [logu, u], [same])
    e.node("Where", [same, u, scaled], [y])
    e.node("Equal", [um1, e.const(-1, dtype)], [is_minus])
    e.node("Where", [is_minus, e.const(-1, dtype), y], [inner])
    e.node("Equal", [u, one], [is_one])
    out = out or e.tmp(base)
    e.node("Where", [is_one, x, inner], [out])
    return out


def _log1p(e, x: str, dtype: Any, base: str, out: str | None = None) -> str:
    """Eigen's generic_plog1p (Goldberg's): x * (log(1 + x) / ((1 + x) - 1)), x where
    1 + x is 1 or its log is itself (infinity)."""
    one = e.const(1, dtype)
    x1p, log1, den, ratio, scaled, is_one, same, either = (e.tmp(base) for _ in range(8))
    e.node("Add", [one, x], [x1p])
    e.node("Log", [x1p], [log1])
    e.node("Sub", [x1p, one], [den])
    e.node("Div", [log1, den], [ratio])
    e.node("Mul", [x, ratio], [scaled])
    e.node("Equal", [x1p, one], [is_one])
    e.node("Equal", [x1p, log1], [same])
    e.node("Or", [is_one, same], [either])
    out = out or e.tmp(base)
    e.node("Where", [either, x, scaled], [out])
    return out


@converts("Expm1")
def _expm1_op(e, op, ins, outs):
    _expm1(e, ins[0], _float_only(op), outs[0], outs[0])


@converts("Log1p")
def _log1p_op(e, op, ins, outs):
    _log1p(e, ins[0], _float_only(op), outs[0], outs[0])


def _exp_minus_one_below_zero(e, op, x: str, base: str) -> str:
    """exp(min(x, 0)) - 1: the negative side of Elu and Selu as TF's kernels compute it
    (not expm1: near zero their answer is exp's last bits)."""
    dtype = _float_only(op)
    low, u, out = e.tmp(base), e.tmp(base), e.tmp(base)
    e.node("Min", [x, e.const(0, dtype)], [low])
    e.node("Exp", [low], [u])
    e.node("Sub", [u, e.const(1, dtype)], [out])
    return out


@converts("Elu")
def _elu(e, op, ins, outs):
    # TF's select: x < 0 (a -0.0 is x itself)
    below = e.tmp(outs[0])
    e.node("Less", [ins[0], e.const(0, _float_only(op))], [below])
    negative = _exp_minus_one_below_zero(e, op, ins[0], outs[0])
    e.node("Where", [below, negative, ins[0]], outs)


@converts("Selu")
def _selu(e, op, ins, outs):
    # TF's float kernel: x < 0 ? scale_alpha * (exp(x) - 1) : scale * x, in the dtype.
    from ..ops.nn_ops import SELU_SCALE, SELU_SCALE_ALPHA

    dtype = op.inputs[0].dtype
    negative = _exp_minus_one_below_zero(e, op, ins[0], outs[0])
    below, scaled, linear = e.tmp(outs[0]), e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Less", [ins[0], e.const(0, dtype)], [below])
    e.node("Mul", [e.const(SELU_SCALE_ALPHA, dtype), negative], [scaled])
    e.node("Mul", [e.const(SELU_SCALE, dtype), ins[0]], [linear])
    e.node("Where", [below, scaled, linear], outs)


@converts("Softplus")
def _softplus(e, op, ins, outs):
    # graphgate's float kernel, numpy's logaddexp(x, 0): max(x, 0) + log1p(exp(-|x|)).
    dtype = _float_only(op)
    size, minus, small, top = (e.tmp(outs[0]) for _ in range(4))
    e.node("Abs", ins, [size])
    e.node("Neg", [size], [minus])
    e.node("Exp", [minus], [small])
    e.node("Max", [ins[0], e.const(0, dtype)], [top])
    e.node("Add", [top, _log1p(e, small, dtype, outs[0])], outs)


@converts("Rint")
def _rint(e, op, ins, outs):
    _float_only(op)  # TF has no float16 Rint kernel: graphgate's run refuses it
    e.node("Round", ins, outs)  # half to even, as rint


@converts("Relu6")
def _relu6(e, op, ins, outs):
    dtype = op.inputs[0].dtype
    e.node("Clip", [ins[0], e.const(0, dtype), e.const(6, dtype)], outs)


@converts("ReverseV2")
def _reverse(e, op, ins, outs):
    if len(op.inputs) > 1:
        raise _Refused("reverse along axes known only at run time")
    axes = op.attrs["axis"]
    axes = [axes] if isinstance(axes, int) else list(axes)
    if not axes:
        e.node("Identity", ins, outs)
        return
    n = len(axes)
    starts, ends = e.const([-1] * n), e.const([-_INT64_MAX] * n)
    e.node("Slice", [ins[0], starts, ends, e.const(axes), e.const([-1] * n)], outs)


@converts("BroadcastTo")
def _broadcast_to(e, op, ins, outs):
    shape = e.tmp(outs[0])
    e.node("Cast", [ins[1]], [shape], to=FROM_NP[_dt.int64])
    e.node("Expand", [ins[0], shape], outs)


@converts("All", "Any")
def _all_any(e, op, ins, outs):
    """any(x) as sum(x) > 0, all(x) as not any(not x): an empty reduction is TF's false
    and true (ONNX's opset-17 ReduceMin/Max take no bools)."""
    axis, keep = op.attrs.get("axis"), int(bool(op.attrs.get("keepdims", False)))
    x = ins[0]
    if op.type == "All":
        x = e.tmp(outs[0])
        e.node("Not", ins, [x])
    counted, total = e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Cast", [x], [counted], to=FROM_NP[_dt.int64])
    axes = [] if axis is None else [e.const([axis] if isinstance(axis, int) else list(axis))]
    e.node("ReduceSum", [counted, *axes], [total], keepdims=keep)
    if op.type == "Any":
        e.node("Greater", [total, e.const(0)], outs)
        return
    some = e.tmp(outs[0])
    e.node("Greater", [total, e.const(0)], [some])
    e.node("Not", [some], outs)


@converts("Cumsum")
def _cumsum(e, op, ins, outs):
    if len(ins) == 2:
        raise _Refused("cumsum along an axis known only at run time")
    a = op.attrs
    e.node(
        "CumSum",
        [ins[0], e.const(int(a.get("axis", 0)))],
        outs,
        exclusive=int(bool(a.get("exclusive"))),
        reverse=int(bool(a.get("reverse"))),
    )


@converts("EuclideanNorm")
def _euclidean_norm(e, op, ins, outs):
    axis, keep = op.attrs.get("axis"), int(bool(op.attrs.get("keepdims", False)))
    if axis is None:
        e.node("ReduceL2", ins, outs, keepdims=keep)
        return
    axes = [axis] if isinstance(axis, int) else list(axis)
    e.node("ReduceL2", ins, outs, axes=axes, keepdims=keep)


@converts("TruncateDiv")
def _truncate_div(e, op, ins, outs):
    if np.dtype(op.outputs[0].dtype).kind != "i":  # ONNX's Div truncates integers only
        raise _Refused("TruncateDiv of unsigned integers")
    e.node("Div", ins, outs)


@converts("FloorDiv", "FloorMod")
def _floor_div_mod(e, op, ins, outs):
    """TF's floor division and modulo: floor(x / y) for floats; for integers and float
    modulo, the truncated remainder (C's fmod) moved onto the divisor's sign."""
    kind = np.dtype(op.outputs[0].dtype).kind
    if kind == "u":
        raise _Refused(f"{op.type} of unsigned integers")
    if op.type == "FloorDiv" and kind == "f":
        quotient = e.tmp(outs[0])
        e.node("Div", ins, [quotient])
        e.node("Floor", [quotient], outs)
        return
    if op.type == "FloorMod" and kind == "i":
        e.node("Mod", ins, outs, fmod=0)  # ONNX's integer Mod takes the divisor's sign
        return
    rem, zero, wrong = e.tmp(outs[0]), e.const(0, op.outputs[0].dtype), e.tmp(outs[0])
    e.node("Mod", ins, [rem], fmod=1)
    signs, r_neg, y_neg, nonzero = (e.tmp(outs[0]) for _ in range(4))
    e.node("Less", [rem, zero], [r_neg])
    e.node("Less", [ins[1], zero], [y_neg])
    e.node("Xor", [r_neg, y_neg], [signs])
    e.node("Not", [e.tmp_equal(rem, zero, outs[0])], [nonzero])
    e.node("And", [signs, nonzero], [wrong])
    if op.type == "FloorMod":
        moved = e.tmp(outs[0])
        e.node("Add", [rem, ins[1]], [moved])
        e.node("Where", [wrong, moved, rem], outs)
        return
    quotient, less = e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Div", ins, [quotient])
    e.node("Sub", [quotient, e.const(1, op.outputs[0].dtype)], [less])
    e.node("Where", [wrong, less, quotient], outs)


@converts("TopKV2")
def _top_k(e, op, ins, outs):
    if len(op.inputs) > 1 or not op.attrs.get("sorted", True):
        raise _Refused("top_k of a run-time k, or unsorted")
    if np.dtype(op.inputs[0].dtype).kind == "f":
        # onnxruntime ranks NaN above every number, TF below: top_k([nan, -0.25], 1) was
        # nan where TF's is -0.25, and no ONNX key puts NaN under -inf.
        raise _Refused("top_k of floats: onnxruntime ranks NaN first where TF ranks it last")
    indices = e.tmp(outs[1])
    e.node("TopK", [ins[0], e.const([int(op.attrs["k"])])], [outs[0], indices], axis=-1)
    e.node("Cast", [indices], [outs[1]], to=FROM_NP[op.outputs[1].dtype])


def _ordered_constant_bounds(op) -> bool:
    """Both bounds are scalar constants, the lower not above the upper."""
    lo, hi = (t.op for t in op.inputs[1:])
    if lo.type != "Const" or hi.type != "Const" or op.inputs[1].static_shape != ():
        return False
    return op.inputs[2].static_shape == () and bool(lo.attrs["value"] <= hi.attrs["value"])


@converts("ClipByValue")
def _clip(e, op, ins, outs):
    # TF clips to the upper bound first, then the lower: max(min(x, hi), lo), so a lower
    # bound above the upper wins. ONNX's Clip gives the upper one then, and max-then-min
    # did too (clip_by_value(x, x[:1], x[1:2]) differed from TF wherever x[:1] > x[1:2]).
    if _ordered_constant_bounds(op):
        e.node("Clip", ins, outs)
        return
    tmp = e.tmp(outs[0])
    e.node("Min", [ins[0], ins[2]], [tmp])
    e.node("Max", [tmp, ins[1]], outs)


@converts("Fill")
def _fill(e, op, ins, outs):
    e.node("Expand", [ins[-1], _shape_input(e, op, ins, outs, "shape")], outs)


@converts("ZerosLike", "OnesLike")
def _like(e, op, ins, outs):
    shape = e.tmp(outs[0])
    e.node("Shape", ins, [shape])
    value = 0 if op.type == "ZerosLike" else 1
    tensor = e.onnx.numpy_helper.from_array(np.array([value], op.outputs[0].dtype))
    e.node("ConstantOfShape", [shape], outs, value=tensor)


@converts("Shape", "Size")
def _shape(e, op, ins, outs):
    tmp = e.tmp(outs[0])
    e.node(op.type, ins, [tmp])
    e.node("Cast", [tmp], outs, to=FROM_NP[_dt.int32])


@converts("OneHot")
def _one_hot(e, op, ins, outs):
    a = op.attrs
    dtype = op.outputs[0].dtype
    values = e.const([a.get("off_value", 0.0), a.get("on_value", 1.0)], dtype)
    if len(op.inputs) > 1:
        # onnxruntime has no OneHot kernel for an int32 index with a tensor depth.
        raise _Refused("one_hot of a depth known only at run time")
    depth = int(a["depth"])
    if depth < 1:  # TF's answer is empty; onnxruntime fails a depth below 1 ("negative")
        raise _Refused("one_hot of depth 0 (onnxruntime refuses a depth below 1)")
    # onnxruntime's OneHot kernels take int64 indices with an int64 depth (an int32 index
    # failed to load), and ONNX counts a negative index from the end where TF's row is all
    # off: a negative index becomes `depth`, out of range in both.
    wide, negative, index = e.tmp(outs[0]), e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Cast", [ins[0]], [wide], to=FROM_NP[_dt.int64])
    e.node("Less", [wide, e.const(0)], [negative])
    e.node("Where", [negative, e.const(depth), wide], [index])
    e.node("OneHot", [index, e.const(depth), values], outs, axis=int(a.get("axis", -1)))


def _nhwc_pads(op, x_shape, k, strides, dilations) -> list[int]:
    """TensorFlow's SAME / VALID / EXPLICIT as ONNX's pads [top, left, bottom, right] (and
    the same over a volume's three axes)."""
    n = len(k)
    if op.attrs["padding"] == "VALID":
        return [0] * (2 * n)
    if op.attrs["padding"] == "EXPLICIT":
        p = op.attrs["explicit_paddings"]
        return [p[2], p[4], p[3], p[5]]
    begin, end = [], []
    axes = slice(1, 1 + n)
    for size, kk, s, d in zip(x_shape[axes], k, strides[axes], dilations[axes], strict=True):
        if size is None:
            raise _Refused("SAME padding over spatial dims unknown when exporting")
        out = -(-size // s)
        total = max((out - 1) * s + (kk - 1) * d + 1 - size, 0)
        begin.append(total // 2)  # TensorFlow puts the odd element after
        end.append(total - total // 2)
    return begin + end


def _around_nchw(e, op, x, outs, make, rank: int = 4):
    """Transpose NHWC (or NDHWC) to channels first, run `make(in, out)`, transpose back."""
    nchw, y = e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Transpose", [x], [nchw], perm=[0, rank - 1, *range(1, rank - 1)])
    make(nchw, y)
    e.node("Transpose", [y], outs, perm=[0, *range(2, rank), 1])


@converts("Conv2D")
def _conv2d(e, op, ins, outs):
    f_shape = op.inputs[1].static_shape
    strides, dil = op.attrs["strides"], op.attrs.get("dilations", (1, 1, 1, 1))
    pads = _nhwc_pads(op, op.inputs[0].static_shape, f_shape[:2], strides, dil)
    w = e.tmp(outs[0])
    e.node("Transpose", [ins[1]], [w], perm=[3, 2, 0, 1])  # [KH, KW, in, out] -> [out, in, KH, KW]
    # A grouped convolution (the input's channels a multiple of the filter's) is ONNX's
    # Conv with that many groups: both give group i the i-th share of the out channels.
    channels = (op.inputs[0].static_shape or (None,) * 4)[3]
    grouped = None not in (channels, f_shape[2]) and channels != f_shape[2]
    grouping = {"group": channels // f_shape[2]} if grouped else {}
    _around_nchw(
        e,
        op,
        ins[0],
        outs,
        lambda a, b: e.node(
            "Conv",
            [a, w],
            [b],
            kernel_shape=list(f_shape[:2]),
            strides=list(strides[1:3]),
            dilations=list(dil[1:3]),
            pads=pads,
            **grouping,
        ),
    )


@converts("DepthwiseConv2dNative")
def _depthwise(e, op, ins, outs):
    """A depthwise convolution is ONNX's Conv with one group per input channel: filter
    [KH, KW, C, m] becomes [C * m, 1, KH, KW], output channel c * m + k in both."""
    f_shape = op.inputs[1].static_shape
    if None in f_shape:
        raise _Refused("depthwise convolution with a filter shape unknown when exporting")
    kh, kw, c, m = f_shape
    strides, dil = op.attrs["strides"], op.attrs.get("dilations", (1, 1, 1, 1))
    pads = _nhwc_pads(op, op.inputs[0].static_shape, f_shape[:2], strides, dil)
    flat, w = e.tmp(outs[0]), e.tmp(outs[0])
    e.node("Reshape", [ins[1], e.const([kh, kw, 1, c * m])], [flat])
    e.node("Transpose", [flat], [w], perm=[3, 2, 0, 1])
    _around_nchw(
        e,
        op,
        ins[0],
        outs,
        lambda a, b: e.node(
            "Conv",
            [a, w],
            [b],
            kernel_shape=[kh, kw],
            strides=list(strides[1:3]),
            dilations=list(dil[1:3]),
            pads=pads,
            group=c,
        ),
    )


@converts("Conv2DBackpropInput", "Conv3DBackpropInputV2")
def _conv_transpose(e, op, ins, outs):
    """TF's conv2d_transpose and conv3d_transpose (the input gradient of a convolution
    whose input is the output's size) as ConvTranspose: the forward convolution's padding,
    and output_padding for what the last window does not reach."""
    n = 2 if op.type == "Conv2DBackpropInput" else 3
    out, g, f = op.outputs[0].static_shape, op.inputs[2].static_shape, op.inputs[1].static_shape
    if op.attrs.get("data_format", "NHWC") not in ("NHWC", "NDHWC"):
        raise _Refused(f"conv{n}d_transpose over channels-first data")
    if None in (*out[1 : n + 1], *g[1 : n + 1], *f):
        raise _Refused(f"conv{n}d_transpose with sizes unknown when exporting")
    strides, dil = op.attrs["strides"], op.attrs.get("dilations", (1,) * (n + 2))
    forward = _nhwc_pads(op, out, f[:n], strides, dil)  # the convolution this is the gradient of
    extra = []
    for a in range(n):
        s, span = strides[a + 1], (f[a] - 1) * dil[a + 1] + 1
        begin, end = forward[a], forward[a + n]
        full = s * (g[a + 1] - 1) + span - begin - end
        extra.append(out[a + 1] - full)
        if not 0 <= extra[-1] < max(s, dil[a + 1]):
            raise _Refused(f"conv{n}d_transpose to {out[a + 1]} from {g[a + 1]} (no ONNX padding)")
    w = e.tmp(outs[0])
    # [K..., M, C] -> [C, M, K...]
    e.node("Transpose", [ins[1]], [w], perm=[n + 1, n, *range(n)])
    transpose = {"kernel_shape": list(f[:n]), "strides": list(strides[1 : n + 1])}
    transpose |= {"dilations": list(dil[1 : n + 1]), "pads": forward, "output_padding": extra}
    _around_nchw(
        e, op, ins[2], outs, lambda a, b: e.node("ConvTranspose", [a, w], [b], **transpose), n + 2
    )


@converts("Conv3D")
def _conv3d(e, op, ins, outs):
    f_shape = op.inputs[1].static_shape
    strides, dil = op.attrs["strides"], op.attrs.get("dilations", (1,) * 5)
    pads = _nhwc_pads(op, op.inputs[0].static_shape, f_shape[:3], strides, dil)
    w = e.tmp(outs[0])
    e.node("Transpose", [ins[1]], [w], perm=[4, 3, 0, 1, 2])  # -> [out, in, KD, KH, KW]
    conv = {"kernel_shape": list(f_shape[:3]), "strides": list(strides[1:4])}
    conv |= {"dilations": list(dil[1:4]), "pads": pads}
    _around_nchw(e, op, ins[0], outs, lambda a, b: e.node("Conv", [a, w], [b], **conv), 5)


@converts("MaxPool3D", "AvgPool3D")
def _pool3d(e, op, ins, outs):
    k, strides = op.attrs["ksize"], op.attrs["strides"]
    pads = _nhwc_pads(op, op.inputs[0].static_shape, k[1:4], strides, (1,) * 5)
    onnx_type = "MaxPool" if op.type == "MaxPool3D" else "AveragePool"
    attrs = {"kernel_shape": list(k[1:4]), "strides": list(strides[1:4]), "pads": pads}
    x = ins[0]
    if op.type == "AvgPool3D":
        attrs["count_include_pad"] = 0  # TF's SAME divisor
    else:
        x = _tf_extremum_keys(e, op, x, outs[0])
    _around_nchw(e, op, x, outs, lambda a, b: e.node(onnx_type, [a], [b], **attrs), 5)


@converts("MaxPool", "AvgPool")
def _pool(e, op, ins, outs):
    k, strides = op.attrs["ksize"], op.attrs["strides"]
    pads = _nhwc_pads(op, op.inputs[0].static_shape, k[1:3], strides, (1, 1, 1, 1))
    onnx_type = "MaxPool" if op.type == "MaxPool" else "AveragePool"
    extra = {} if op.type == "MaxPool" else {"count_include_pad": 0}  # TF's SAME divisor
    x = _tf_extremum_keys(e, op, ins[0], outs[0]) if op.type == "MaxPool" else ins[0]
    _around_nchw(
        e,
        op,
        x,
        outs,
        lambda a, b: e.node(
            onnx_type,
            [a],
            [b],
            kernel_shape=list(k[1:3]),
            strides=list(strides[1:3]),
            pads=pads,
            **extra,
        ),
    )


@converts("ChannelWindowSum")
def _channel_window_sum(e, op, ins, outs):
    """`lrn`'s sums over 2r+1 neighbouring channels as the engine computes them, so in the
    same float32 steps: a running sum along the last axis after a zero (CumSum), the sum
    at each window's end minus the sum before its start."""
    shape = op.inputs[0].static_shape
    if shape is None or shape[-1] is None:
        raise _Refused("lrn over channels unknown when exporting")
    rank, c, r = len(shape), shape[-1], op.attrs.get("depth_radius", 5)
    running, padded, hi, lo = (e.tmp(outs[0]) for _ in range(4))
    e.node("CumSum", [ins[0], e.const(rank - 1)], [running])
    zero = e.const(0, op.inputs[0].dtype)
    pads = [0] * (2 * rank)
    pads[rank - 1] = 1  # one zero before the first channel
    e.node("Pad", [running, e.const(pads), zero], [padded], mode="constant")
    ends = np.minimum(np.arange(c) + r + 1, c)
    starts = np.maximum(np.arange(c) - r, 0)
    e.node("Gather", [padded, e.const(ends)], [hi], axis=rank - 1)
    e.node("Gather", [padded, e.const(starts)], [lo], axis=rank - 1)
    e.node("Sub", [hi, lo], outs)


@converts("BiasAdd")
def _bias_add(e, op, ins, outs):
    if op.attrs.get("data_format", "NHWC") != "NHWC":
        raise _Refused("BiasAdd over channels-first (NCHW) data")
    e.node("Add", ins, outs)  # NHWC: the bias broadcasts over the last axis


@converts("Rsqrt")
def _rsqrt(e, op, ins, outs):
    root = e.tmp(outs[0])
    e.node("Sqrt", ins, [root])
    e.node("Reciprocal", [root], outs)


class _Refused(Exception):
    pass


# -- control flow ----------------------------------------------------------------------------
# An engine If or While holds its branches and bodies as `Body`s (ops, arguments, outputs);
# ONNX's If and Loop hold subgraphs that read the scopes around them by name, so a body's
# ops are emitted into a subgraph as they are, its captures keeping their outer names.


def _emit_body(e: _Emitter, body, args: list[str], suffix: str = "") -> list[str]:
    """Emit `body`'s ops into `e` with its arguments named `args` (each op's outputs named
    with `suffix` appended, so a body emitted twice does not repeat names); the names of
    its outputs."""
    if body.targets:
        raise _Refused("a branch or loop body that updates variables (ONNX has no state)")
    e.names.update(zip(body.args, args, strict=True))
    arg_ops = {t.op for t in body.args}
    for op in body.ops:
        if op in arg_ops:
            continue
        outs = [value_name(t) + suffix for t in op.outputs]
        if suffix:
            e.names.update(zip(op.outputs, outs, strict=True))
        if op.type == "Const":
            e.const(op.attrs["value"], op.attrs["value"].dtype, name=outs[0])
        elif op.type in CONVERTERS:
            CONVERTERS[op.type](e, op, [e.name(t) for t in op.inputs], outs)
        else:
            raise _Refused(
                f"{op.name} ({op.type}) in its body: {_REFUSED.get(op.type, 'no ONNX equivalent')}"
            )
    return [e.name(t) for t in body.outputs]


def _subgraph(e: _Emitter, name: str, inputs: list, body, args: list[str], extra=None):
    """A GraphProto of `body` (inputs: (name, tensor-like) pairs); `extra(child)` adds
    outputs computed after the body's (a Loop's next condition), returned first."""
    onnx = e.onnx
    child = _Emitter(onnx, e)
    outs = _emit_body(child, body, args)
    values = list(zip(outs, body.outputs, strict=True))
    if extra is not None:
        values = [*extra(child, outs), *values]
    results = []
    for k, (src, t) in enumerate(values):
        out = f"{name}/out_{k}"  # a subgraph's outputs are its own values, each once
        child.node("Identity", [src], [out])
        results.append(_values_info(onnx, t, out))
    return onnx.helper.make_graph(
        child.nodes, name, [_values_info(onnx, t, n) for n, t in inputs], results
    )


@converts("PlaceholderWithDefault")
def _placeholder_with_default(e, op, ins, outs):
    # Not among the feeds (a fed one is a model input): its default, as TF runs it unfed.
    e.node("Identity", ins[:1], outs)


def _fixed_predicate(e: _Emitter, op: Operation) -> bool | None:
    """An If's predicate where the export fixes it: a constant, or a placeholder_with_default
    the model does not take as an input (TF1's `training` flag of batch norm and dropout),
    through Identities; None where it is computed at run time."""
    t = op.inputs[0]
    for _ in range(100):  # a chain of Identities no graph makes longer
        src = t.op
        if src.type == "Const" and np.size(src.attrs["value"]) == 1:
            return bool(np.asarray(src.attrs["value"]).reshape(()))
        if src.type not in ("Identity", "PlaceholderWithDefault") or src in e.feed_ops:
            return None
        t = src.inputs[0]
    return None


@converts("If")
def _if(e, op, ins, outs):
    # Names from the model-wide count: a body emitted twice (a Loop's condition) emits
    # the control flow inside it twice.
    base = e.tmp(op.name)
    then_b, else_b = op.attrs["then_branch"], op.attrs["else_branch"]
    fixed = _fixed_predicate(e, op)
    if fixed is not None:
        # Only the branch every run takes is written: the other may hold what ONNX cannot
        # (dropout's random mask under a `training` flag left at its default, False).
        taken = _emit_body(e, then_b if fixed else else_b, [], suffix=f"/{base}")
        for src, out in zip(taken, outs, strict=True):
            e.node("Identity", [src], [out])
        return
    e.node(
        "If",
        [ins[0]],
        outs,
        then_branch=_subgraph(e, f"{base}/then", [], then_b, []),
        else_branch=_subgraph(e, f"{base}/else", [], else_b, []),
    )


class _Scalar:
    """A value-info stand-in: what _values_info needs of a tensor."""

    def __init__(self, dtype):
        self.dtype = dtype
        self.static_shape = ()


@converts("While")
def _while(e, op, ins, outs):
    # ONNX's Loop tests its condition after each iteration, from the body's outputs; the
    # first test is the engine's cond emitted once more, on the initial values.
    cond_b, body_b = op.attrs["cond"], op.attrs["body"]
    n = len(body_b.args)
    base = e.tmp(op.name)  # as in _if
    first = _emit_body(e, cond_b, list(ins[:n]), suffix=f"/{base}/first")[0]
    carried = [f"{base}/v{k}" for k in range(n)]
    step, going = f"{base}/iteration", f"{base}/going"

    def next_condition(child, new_values):
        emitted = _emit_body(child, cond_b, new_values, suffix=f"/{base}/next")
        return [(emitted[0], _Scalar(_dt.bool_))]

    body = _subgraph(
        e,
        f"{base}/body",
        [
            (step, _Scalar(np.dtype(np.int64))),
            (going, _Scalar(_dt.bool_)),
            *zip(carried, body_b.args, strict=True),
        ],
        body_b,
        carried,
        next_condition,
    )
    e.node("Loop", ["", first, *ins[:n]], outs[:n], body=body)


_REFUSED = {
    "Dropout": "graphgate's dropout draws its own random numbers",
    "RandomNormal": "random numbers differ between runtimes",
    "RandomUniform": "random numbers differ between runtimes",
}


def _needed(graph: Graph, fetches: list[Tensor], feeds: set[Operation]) -> list[Operation]:
    seen: set[Operation] = set()
    stack = [t.op for t in fetches]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op in feeds:
            continue
        stack.extend(t.op for t in op.inputs)
    return sorted(seen, key=lambda o: o.index)


# The ops whose ONNX forms take STRING tensors (onnxruntime's kernels too): they move
# elements and compute nothing on them; a feed, fetch or constant may be a string tensor.
_STRING_OPS = frozenset(
    {"Placeholder", "Const", "Identity", "StopGradient", "Reshape", "ExpandDims", "Squeeze"}
    | {"Transpose", "ConcatV2", "Pack", "Tile", "SelectV2", "StridedSlice", "Slice", "Unpack"}
)


def _type_code(dtype: Any) -> int:
    return 8 if dtype is _dt.string else FROM_NP[dtype]  # TensorProto.STRING


def _values_info(onnx, t: Tensor, name: str):
    shape = (
        None if t.static_shape is None else [d if d is not None else None for d in t.static_shape]
    )
    return onnx.helper.make_tensor_value_info(name, _type_code(t.dtype), shape)


def export_onnx(
    graph: Graph,
    fetches: list[Any],
    feeds: list[Any],
    path: Any = None,
    *,
    session: Any = None,
    opset: int = OPSET,
):
    """Write the part of `graph` that computes `fetches` from `feeds` as an ONNX model.

    Parameters
    ----------
    graph:
        The graph to export.
    fetches, feeds:
        Tensors or names: the model's outputs and its inputs (placeholders).
    path:
        Where to write the model; None writes nothing.
    session:
        Variables take their values from this session (trained weights); without one,
        from their initial values.

    Returns
    -------
    The `onnx.ModelProto`, checked with `onnx.checker` in strict (full) mode.

    Raises
    ------
    InvalidArgumentError
        ONNX_UNSUPPORTED naming every node ONNX cannot express exactly.
    """
    onnx = require_onnx()
    fetch_ts = [_as_tensor(graph, f) for f in fetches]
    # A feed named twice (`x` and `x`, or `x:0`) is one input: ONNX's names are assigned
    # once, and two inputs of one name failed the checker (a ValidationError, a 500).
    feed_ts = list({value_name(t): t for t in (_as_tensor(graph, f) for f in feeds)}.values())
    feed_ops = {t.op for t in feed_ts}
    ops = _needed(graph, fetch_ts, feed_ops)
    problems = [
        Problem(op.name, op.type, "graphgate", None, _REFUSED.get(op.type, "no ONNX equivalent"))
        for op in ops
        if op not in feed_ops
        and op.type not in CONVERTERS
        and op.type not in ("Const", "VariableV2", "Placeholder")
    ]
    problems += [
        Problem(op.name, op.type, "graphgate", None, "a placeholder not among the feeds")
        for op in ops
        if op.type == "Placeholder" and op not in feed_ops
    ]
    # ONNX has STRING tensors but few ops on them: those that only move elements.
    problems += [
        Problem(op.name, op.type, "graphgate", None, "string tensors are not exported")
        for op in ops
        if any(t.dtype is _dt.string for t in (*op.inputs, *op.outputs))
        and op.type not in _STRING_OPS
        and not any(p.node == op.name for p in problems)
    ]
    # ONNX's arithmetic has no complex types (a Cast to complex64 would be a KeyError).
    problems += [
        Problem(op.name, op.type, "graphgate", None, "complex tensors are not exported")
        for op in ops
        if any(t.dtype in _dt.COMPLEX for t in (*op.inputs, *op.outputs))
        and not any(p.node == op.name for p in problems)
    ]
    # Every op a converter refuses is listed too, with those above: a refusal names every
    # node (a run-time one_hot depth beside a run-time slice had named only the slice).
    refused = {p.node for p in problems}
    variables = {} if problems else _variable_values(graph, ops, session)
    e = _Emitter(onnx)
    e.feed_ops = frozenset(feed_ops)
    # What is written: the fetches' ops and the bodies' (not a read-back graph's dead ones,
    # whose names a second export would otherwise skip, and a third take again).
    e.taken.update(op.name for op in ops)
    e.taken.update(op.name for op in graph.op_list if graph.body_of(op) is not None)
    for op in ops:
        if op in feed_ops or op.name in refused:
            continue
        if op.type == "Const":
            e.const(op.attrs["value"], op.attrs["value"].dtype, name=value_name(op.outputs[0]))
        elif op.type == "VariableV2":
            if not problems:
                e.const(variables[op.name], op.outputs[0].dtype, name=op.name)
        else:
            ins = [e.name(t) for t in op.inputs]
            outs = [value_name(t) for t in op.outputs]
            try:
                e.current = op
                CONVERTERS[op.type](e, op, ins, outs)
            except _Refused as exc:
                problems.append(Problem(op.name, op.type, "graphgate", None, str(exc)))
    if problems:
        raise Report(opset, "graphgate", 0, len(ops), {}, problems).error()
    _refuse_unknown_rank(opset, len(ops), feed_ts, fetch_ts)
    outputs = []
    copied: set[str] = set()  # one Identity for an output asked for twice, as names are SSA
    for t in fetch_ts:
        name = value_name(t)
        if t.op in feed_ops or t.op.type in ("Const", "VariableV2"):
            out = f"{name}/output"
            if out not in copied:
                e.node("Identity", [name], [out])
                copied.add(out)
            name = out
        outputs.append(_values_info(onnx, t, name))
    model = onnx.helper.make_model(
        onnx.helper.make_graph(
            e.nodes,
            "graphgate",
            [_values_info(onnx, t, value_name(t)) for t in feed_ts],
            outputs,
            e.inits,
        ),
        opset_imports=[onnx.helper.make_opsetid("", opset)],
        producer_name="graphgate",
    )
    model.ir_version = min(model.ir_version, 8)
    _check(onnx, model, e.origin, opset, len(ops))
    if path is not None:
        onnx.save_model(model, path)
    return model


# ONNX's names of the element types the exporter writes, as its schemas spell them.
_TYPE_NAMES = {1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
               7: "int64", 9: "bool", 10: "float16", 11: "double", 12: "uint32",
               8: "string", 13: "uint64"}  # fmt: skip


def _check(onnx, model, origin: dict, opset: int, n_ops: int) -> None:
    """onnx.checker in full, after refusing every node whose input types its ONNX operator
    does not take (ReduceSum of int8, ...): ONNX_UNSUPPORTED naming the engine ops, where
    the checker's InferenceError had been an unexpected error (a 500)."""
    problems = _type_problems(onnx, model, origin, opset)
    if not problems:
        try:
            onnx.checker.check_model(model, full_check=True)
            return
        except Exception as exc:  # onnx's ValidationError and InferenceError: no common base
            text = str(exc).strip().splitlines()[0][:300]
            found = re.search(r"node name: ([^)]*)\)", text)
            op = origin.get(found.group(1)) if found else None
            name, kind = (op.name, op.type) if op is not None else ("?", "?")
            problems = [Problem(name, kind, "graphgate", None, f"ONNX refuses it: {text}")]
    raise Report(opset, "graphgate", 0, n_ops, {}, problems).error()


# The kernels onnxruntime's CPU provider (1.31) lacks for types ONNX's schemas allow: by
# operator, the types of its first input (Where: its second) it fails to load with (see
# test_export_fuzzed.py, which holds each against onnxruntime). A model ONNX takes but
# the reference runtime cannot load is refused, as one ONNX does not take.
_SMALL = ("int8", "uint8", "int16", "uint16", "uint32", "uint64", "bool")
_ORT_LACKS: dict[str, frozenset[str]] = {
    "Relu": frozenset(("uint8", "int16", "uint16", "uint32", "uint64", "int64", "bool")),
    **dict.fromkeys(("Clip", "Max", "Min"), frozenset(("int16", "uint16", "bool"))),
    **dict.fromkeys(
        ("ArgMax", "ArgMin", "ReduceMax", "ReduceMin"),
        frozenset(("int16", "uint16", "uint32", "uint64", "bool")),
    ),
    **dict.fromkeys(
        ("CumSum", "ReduceSum", "ReduceMean", "ReduceProd", "ReduceL2"), frozenset(_SMALL)
    ),
    "Pad": frozenset(("int16", "uint16")),
    "TopK": frozenset(("uint16", "uint32", "uint64")),
    "Where": frozenset(("int16", "uint16", "uint64", "bool")),
}


def _type_problems(onnx, model, origin: dict, opset: int) -> list[Problem]:
    g = onnx.shape_inference.infer_shapes(model).graph
    types = {v.name: v.type.tensor_type.elem_type for v in (*g.input, *g.value_info, *g.output)}
    types |= {t.name: t.data_type for t in g.initializer}
    problems: dict[str, Problem] = {}
    for node in g.node:
        reason = _node_type_problem(onnx, node, types, opset)
        if reason is not None:
            op = origin.get(node.name)
            key = op.name if op is not None else node.name
            kind = op.type if op is not None else "?"
            problems.setdefault(key, Problem(key, kind, "graphgate", None, reason))
    return list(problems.values())


def _node_type_problem(onnx, node, types: dict, opset: int) -> str | None:
    schema = onnx.defs.get_schema(node.op_type, opset)
    allowed = {c.type_param_str: set(c.allowed_type_strs) for c in schema.type_constraints}
    for k, value in enumerate(node.input):
        formal = schema.inputs[min(k, len(schema.inputs) - 1)]
        kind = _TYPE_NAMES.get(types.get(value), "?")
        if value in types and f"tensor({kind})" not in allowed.get(
            formal.type_str, {formal.type_str}
        ):
            return f"ONNX's {node.op_type} (opset {opset}) takes no {kind} input"
    data = node.input[1 if node.op_type == "Where" else 0] if node.input else ""
    kind = _TYPE_NAMES.get(types.get(data), "?")
    if kind in _ORT_LACKS.get(node.op_type, ()):
        return f"onnxruntime has no {node.op_type} kernel for {kind}"
    return None


def _refuse_unknown_rank(opset: int, n_ops: int, feed_ts: list, fetch_ts: list) -> None:
    """An ONNX model declares the rank of its inputs and outputs (onnx.checker requires
    their shapes); a feed or fetch whose rank the graph does not know cannot be written."""
    problems = [
        Problem(t.op.name, t.op.type, "graphgate", None, f"{kind} {t.name} has an unknown rank")
        for kind, ts in (("feed", feed_ts), ("fetch", fetch_ts))
        for t in ts
        if t.static_shape is None
    ]
    if problems:
        raise Report(opset, "graphgate", 0, n_ops, {}, problems).error()


def _as_tensor(graph: Graph, x: Any) -> Tensor:
    t = graph.resolve(x)
    if not isinstance(t, Tensor):
        raise error("INVALID_FETCH", f"{t.name} is an operation; export needs tensors")
    return t


def _variable_values(graph: Graph, ops: list[Operation], session: Any) -> dict[str, np.ndarray]:
    names = [op.name for op in ops if op.type == "VariableV2"]
    if not names:
        return {}
    if session is not None:
        values = session.get_variables()
    else:
        from ..ops.state_ops import global_variables
        from ..session import Session

        with Session(graph) as sess:  # the initial values, adding no node to `graph`
            sess.run([v.initializer for v in global_variables(graph)])
            values = sess.get_variables()
    missing = [n for n in names if n not in values]
    if missing:
        raise error("UNINITIALIZED_VARIABLE", f"variables {missing} have no value in the session")
    return {n: values[n] for n in names}
