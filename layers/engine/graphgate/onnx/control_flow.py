"""ONNX `If` and `Loop` lowered to the engine's `cond` and `while_loop`.

A branch or loop body is an ONNX subgraph whose nodes may read any value of the scopes
around it by name; it is lowered by a child of the importer's builder whose values fall
back to its parent's (a ChainMap), inside the function `cond` or `while_loop` traces, so
the outer values it reads become the body's captures. An `If` whose condition is known at
import time is the taken branch, inlined: only that branch would ever run.

`Loop`'s and `Scan`'s scan outputs (one value per iteration, stacked) have no TensorArray to
go to: each is a loop variable that starts empty and is concatenated to (`_Stacks`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import GraphgateError
from ..graph import Tensor, TensorShape, constant_op
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops.control_flow_ops import cond, while_loop
from .lowering import LOWERINGS, Lowering, Partial, Unsupported
from .proto import engine_name, np_dtype, tensor_to_array

CONTROL_FLOW = ("If", "Loop", "Scan")


def _by_the_importer(ctx):
    raise AssertionError("If and Loop are lowered by control_flow.lower, with the builder")


# In the table so that `check` and the importer know them; their subgraphs' nodes are
# checked as the model's own are.
for _op in CONTROL_FLOW:
    LOWERINGS[_op] = Lowering(_by_the_importer, (), None)


def lower(builder, node, attrs: dict, ins: list, label: str) -> list:
    """The outputs of an If or Loop node, lowered with `builder`'s scope."""
    with builder.graph.name_scope(engine_name(label, node.op_type)):
        if node.op_type == "If":
            return _if(builder, node, attrs, ins)
        if node.op_type == "Scan":
            return _scan(builder, node, attrs, ins)
        return _loop(builder, node, attrs, ins)


def subgraph(builder, g, args: dict[str, Any]) -> list:
    """Lower subgraph `g` in a child scope of `builder` whose inputs are `args`; its outputs
    (tensors, or values known at import time)."""
    child = builder.child()
    child.values.update(args)
    for t in g.initializer:
        child.values[t.name] = tensor_to_array(t, builder.max_elements)
    child.lower_nodes(g.node)
    missing = [o.name for o in g.output if o.name not in child.values]
    if missing:
        raise Unsupported(f"the subgraph {g.name} has outputs no node produces: {missing}")
    return [child.values[o.name] for o in g.output]


def _tensor(builder, value: Any) -> Tensor:
    """A value as a tensor: a partly known shape (tf2onnx's Loop over a Keras RNN carries
    one) built where it was made, a known value as a constant."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, Partial):
        return value.tensor()
    return constant_op(builder.graph, np.asarray(value))


def _scalar(builder, value: Any, what: str) -> Tensor:
    t = _tensor(builder, value)
    if t.static_shape is not None and int(np.prod(t.static_shape)) != 1:
        raise Unsupported(f"the {what} must hold one element, has shape {list(t.static_shape)}")
    return t if t.static_shape == () else A.reshape(t, [])


def _tensors(builder, values: list) -> list[Tensor]:
    return [_tensor(builder, v) for v in values]


def _if(builder, node, attrs: dict, ins: list) -> list:
    then_g, else_g = attrs["then_branch"], attrs["else_branch"]
    if len(then_g.output) != len(else_g.output):
        raise Unsupported("the branches have different numbers of outputs")
    pred = ins[0]
    if isinstance(pred, np.ndarray | np.generic):  # folded: only the taken branch exists
        pred = np.asarray(pred)
        if pred.size != 1:
            raise Unsupported(f"the condition must hold one element, has shape {pred.shape}")
        return subgraph(builder, then_g if bool(pred.reshape(())) else else_g, {})
    pred = _scalar(builder, pred, "condition")
    outs = cond(
        pred,
        lambda: _tensors(builder, subgraph(builder, then_g, {})),
        lambda: _tensors(builder, subgraph(builder, else_g, {})),
        strict=True,
        name="cond",
    )
    return list(outs)


def _declared(value) -> tuple | None:
    """The static shape the model declares (or ONNX inferred) for a value, or None."""
    tt = value.type.tensor_type
    if not tt.HasField("shape"):
        return None
    dims = tuple(d.dim_value if d.HasField("dim_value") else None for d in tt.shape.dim)
    return None if None in dims else dims


class _Stacks:
    """A body's scan outputs as loop variables, each starting with no rows. An element
    shape the model declares makes a variable `(None, *shape)` from the start (what
    gradients need); one known only once the body is traced makes a variable of open shape
    that the body reshapes to `(-1, *shape)` before appending, and that must be static."""

    def __init__(self, values: list) -> None:
        self.names = [v.name for v in values]
        self.dtypes = []
        for v in values:
            if not v.type.tensor_type.elem_type:
                raise Unsupported(f"scan output {v.name} has no known dtype")
            self.dtypes.append(np_dtype(v.type.tensor_type.elem_type))
        self.declared = [_declared(v) for v in values]
        self.shapes = list(self.declared)

    def starts(self, graph) -> list[Tensor]:
        return [
            constant_op(graph, np.zeros((0, *d) if d is not None else 0, dt))
            for d, dt in zip(self.declared, self.dtypes, strict=True)
        ]

    def invariants(self) -> list:
        return [(None, *d) if d is not None else None for d in self.declared]

    def appended(self, accs: list, xs: list) -> list[Tensor]:
        out = []
        for j, (acc, x) in enumerate(zip(accs, xs, strict=True)):
            if self.declared[j] is None:
                shape = x.static_shape
                if shape is None or sum(d is None for d in shape) > 1:
                    raise Unsupported(
                        f"scan output {self.names[j]} needs a static shape, has {shape} "
                        "(declare it in the body, or set the model's input shapes)"
                    )
                self.shapes[j] = shape
                if None in shape:
                    # One dim only run time knows (a batch): the rows grow flat and take
                    # their shape at the end, from a row count known at import.
                    out.append(A.concat([acc, A.reshape(x, [-1])], 0))
                    continue
                acc = A.reshape(acc, [-1, *shape])
            out.append(A.concat([acc, A.expand_dims(x, 0)], 0))
        return out

    def rows(self, finals: list, count: int | Tensor | None = None) -> list[Tensor]:
        out = []
        for acc, d, shape, name in zip(finals, self.declared, self.shapes, self.names, strict=True):
            if d is not None:
                out.append(acc)
            elif None not in shape:
                out.append(A.reshape(acc, [-1, *shape]))
            elif count is None:
                raise Unsupported(
                    f"scan output {name} of shape {shape} over a number of iterations "
                    "known only at run time"
                )
            elif isinstance(count, Tensor):
                # Rows counted by the loop itself (a Keras RNN through tf2onnx: run-time
                # batch and sequence): the shape is a tensor.
                dims = constant_op(count.graph, np.array([-1 if v is None else v for v in shape]))
                lead = A.reshape(M.cast(count, np.int64), [1])
                out.append(A.reshape(acc, A.concat([lead, dims], 0)))
            else:
                out.append(A.reshape(acc, [count, *(-1 if v is None else v for v in shape)]))
        return out


def _loop(builder, node, attrs: dict, ins: list) -> list:
    body = attrs["body"]
    trip = ins[0] if len(ins) > 0 else None
    given = ins[1] if len(ins) > 1 else None
    carried = _tensors(builder, ins[2:])
    n = len(carried)
    if len(body.input) != n + 2 or len(body.output) < n + 1:
        raise Unsupported(
            f"the body takes {len(body.input)} inputs and gives {len(body.output)} outputs "
            f"for {n} loop-carried values"
        )
    stacks = _Stacks(list(body.output[n + 1 :]))
    graph = builder.graph
    start = [
        constant_op(graph, np.int64(0)),
        _scalar(builder, given, "condition") if given is not None else constant_op(graph, True),
        *carried,
        *stacks.starts(graph),
    ]
    limit = None if trip is None else _scalar(builder, trip, "trip count")

    def keep_going(i, c, *rest):
        if limit is None:
            return c
        return M.logical_and(M.less(i, M.cast(limit, i.dtype)), c)

    def step(i, c, *rest):
        args = {body.input[0].name: i, body.input[1].name: c}
        args.update({body.input[2 + k].name: rest[k] for k in range(n)})
        outs = _tensors(builder, subgraph(builder, body, args))
        outs = [
            outs[0],
            *(_as_declared(t, v) for t, v in zip(outs[1:], body.output[1:], strict=True)),
        ]
        c_next = _scalar(builder, outs[0], "body's condition") if given is not None else c
        stacked = stacks.appended(list(rest[n:]), outs[n + 1 :])
        return [i + np.int64(1), c_next, *outs[1 : n + 1], *stacked]

    carried_shapes = [_invariant(t, v) for t, v in zip(carried, body.input[2:], strict=True)]
    invariants = [(), (), *carried_shapes, *stacks.invariants()]
    try:
        final = while_loop(
            keep_going,
            step,
            start,
            shape_invariants=[TensorShape(s) for s in invariants],
            return_same_structure=True,
        )
    except GraphgateError as exc:
        if exc.code == "SHAPE_MISMATCH":
            raise Unsupported(f"a loop-carried value changes shape: {exc.message}") from None
        raise
    return [*final[2 : 2 + n], *stacks.rows(list(final[2 + n :]), final[0])]


def _scan(builder, node, attrs: dict, ins: list) -> list:
    """Scan as a while_loop over the scan inputs' rows (taken along their axes, reversed
    where asked), the body's scan outputs stacked as Loop's are, then reversed and moved to
    their axes."""
    body, m = attrs["body"], attrs["num_scan_inputs"]
    values = _tensors(builder, ins)
    states, xs = values[: len(values) - m], values[len(values) - m :]
    n = len(states)
    in_axes = list(attrs.get("scan_input_axes") or [0] * m)
    in_dirs = list(attrs.get("scan_input_directions") or [0] * m)
    k = len(body.output) - n
    out_axes = list(attrs.get("scan_output_axes") or [0] * k)
    out_dirs = list(attrs.get("scan_output_directions") or [0] * k)
    if len(body.input) != n + m or k < 0:
        raise Unsupported(f"the body does not take {n} states and {m} scan inputs")
    xs = [_reversed(x, a) if d else x for x, a, d in zip(xs, in_axes, in_dirs, strict=True)]
    length = _length(xs[0], in_axes[0]) if xs else None
    if length is None:
        raise Unsupported("Scan with no scan input")
    stacks = _Stacks(list(body.output[n:]))
    graph = builder.graph
    start = [constant_op(graph, np.int64(0)), *states, *stacks.starts(graph)]

    def keep_going(i, *rest):
        return M.less(i, length)

    def step(i, *rest):
        rows = [
            A.gather(x, i, axis=a % max(x.shape.rank or 1, 1))
            for x, a in zip(xs, in_axes, strict=True)
        ]
        args = {v.name: t for v, t in zip(body.input, [*rest[:n], *rows], strict=True)}
        outs = _tensors(builder, subgraph(builder, body, args))
        outs = [_as_declared(t, v) for t, v in zip(outs, body.output, strict=True)]
        return [i + np.int64(1), *outs[:n], *stacks.appended(list(rest[n:]), outs[n:])]

    invariants = [(), *(t.static_shape for t in states), *stacks.invariants()]
    final = while_loop(
        keep_going,
        step,
        start,
        shape_invariants=[TensorShape(s) for s in invariants],
        return_same_structure=True,
    )
    results = list(final[1 : 1 + n])
    first = xs[0].static_shape[in_axes[0] % len(xs[0].static_shape)]
    stacked = stacks.rows(list(final[1 + n :]), final[0] if first is None else first)
    for rows, axis, d in zip(stacked, out_axes, out_dirs, strict=True):
        rank = len(rows.static_shape)
        if d:
            rows = _reversed(rows, 0)
        axis %= rank
        if axis:
            perm = [*range(1, axis + 1), 0, *range(axis + 1, rank)]
            rows = A.transpose(rows, perm)
        results.append(rows)
    return results


def _reversed(x: Tensor, axis: int) -> Tensor:
    if x.static_shape is None:
        raise Unsupported("a reversed scan over a value of unknown rank")
    index = [slice(None)] * len(x.static_shape)
    index[axis % len(x.static_shape)] = slice(None, None, -1)
    return A._strided_slice(x, tuple(index))


def _length(x: Tensor, axis: int) -> Tensor:
    """How many rows `x` has along `axis`, as an int64 scalar (a constant when static)."""
    if x.static_shape is None:
        raise Unsupported("a scan input of unknown rank")
    axis %= len(x.static_shape)
    if x.static_shape[axis] is not None:
        return constant_op(x.graph, np.int64(x.static_shape[axis]))
    return M.cast(A.gather(A.shape(x), axis), np.int64)


def _invariant(t: Tensor, value) -> tuple | None:
    """The shape a loop-carried value keeps: its initial shape, except the dims the body's
    input declares symbolic or leaves out (a value that grows by iteration)."""
    tt = value.type.tensor_type
    if (
        t.static_shape is None
        or not tt.HasField("shape")
        or len(tt.shape.dim) != len(t.static_shape)
    ):
        return t.static_shape
    return tuple(
        d if declared.HasField("dim_value") and declared.dim_value == d else None
        for d, declared in zip(t.static_shape, tt.shape.dim, strict=True)
    )


def _as_declared(t: Tensor, value) -> Tensor:
    """`t` reshaped to the static shape the model declares (or ONNX inferred) for its body
    output, where the engine could not tell it (after a Slice with run-time bounds, say):
    loop variables and scan outputs keep static shapes. A run where the model's shape does
    not hold fails there rather than computing on."""
    dims = _declared(value)
    if dims is None or (t.static_shape is not None and None not in t.static_shape):
        return t
    if t.static_shape is not None and len(t.static_shape) != len(dims):
        return t
    return A.reshape(t, list(dims))
