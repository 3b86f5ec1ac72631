"""TF1's `IndexedSlices`: rows `values[i]` of a dense tensor at `indices[i]` (repeats
allowed; they add up when made dense), the form of the gradient of a `gather` or an
`embedding_lookup` with respect to its table.

graphgate's backward pass computes every gradient dense (`GatherGrad`, the rows added up),
and what reads a gradient's slices (clipping, the optimizers' sparse updates) finds them
with `ops.array_ops.indexed_slices`. `gradients` hands the user what TF does: where TF
holds a gradient as IndexedSlices it returns one (`from_gradient`), holding the dense
tensor it came from, so the optimizers apply exactly the update they computed before.
A session fetches an IndexedSlices as an `IndexedSlicesValue` of its parts; an op taking
one makes it dense first, as TF's conversion function does (`UnsortedSegmentSum`).
"""

from __future__ import annotations

import operator
import warnings
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import DenseConvertible, Tensor, TensorShape, constant_op

# TF warns before making an IndexedSlices of at least this many elements dense.
LARGE_DENSE_ELEMENTS = 100_000_000


class IndexedSlicesValue(tuple):
    """TF1's `IndexedSlicesValue(values, indices, dense_shape)` namedtuple, what a session
    returns for a fetched IndexedSlices (`dense_shape` None when the slices have none);
    written out as `SparseTensorValue` is, for the import-time budget."""

    __slots__ = ()
    _fields = ("values", "indices", "dense_shape")
    # plan.flatten keeps a None field of this tuple as None rather than fetching it.
    _optional_fields = True

    def __new__(cls, values: Any, indices: Any, dense_shape: Any) -> IndexedSlicesValue:
        return tuple.__new__(cls, (values, indices, dense_shape))

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    values = property(operator.itemgetter(0))
    indices = property(operator.itemgetter(1))
    dense_shape = property(operator.itemgetter(2))

    def _asdict(self) -> dict:
        return dict(zip(self._fields, self, strict=True))

    def _replace(self, **changes: Any) -> IndexedSlicesValue:
        return IndexedSlicesValue(**{**self._asdict(), **changes})

    def __repr__(self) -> str:
        return (
            f"IndexedSlicesValue(values={self[0]!r}, indices={self[1]!r}, dense_shape={self[2]!r})"
        )


class IndexedSlices(DenseConvertible):
    """Rows `values[i]` of a tensor of shape `dense_shape` at `indices[i]`, as TF1's
    `tf.IndexedSlices(values, indices, dense_shape=None)`; the parts are kept as given."""

    def __init__(self, values: Any, indices: Any, dense_shape: Any = None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape
        # The dense gradient these slices were read from (`from_gradient`): what the
        # optimizers apply, so their numbers do not depend on the wrapping.
        self._dense: Tensor | None = None

    @property
    def values(self) -> Any:
        return self._values

    @property
    def indices(self) -> Any:
        return self._indices

    @property
    def dense_shape(self) -> Any:
        return self._dense_shape

    @property
    def name(self) -> str:
        return self._values.name

    @property
    def op(self):
        return self._values.op

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def graph(self):
        return self._values.graph

    @property
    def device(self) -> str:
        return self._values.device

    @property
    def shape(self) -> TensorShape:
        """The dense shape as far as it is known when building (TF's
        `constant_value_as_shape` of `dense_shape`)."""
        if self._dense_shape is None:
            return TensorShape(None)
        known = _constant(self._dense_shape)
        if known is not None:
            return TensorShape(tuple(int(d) for d in known))
        s = self._dense_shape.static_shape
        return TensorShape(None if s is None or s[0] is None else (None,) * s[0])

    def consumers(self) -> list:
        parts = (self._values, self._indices, self._dense_shape)
        return [op for t in parts if isinstance(t, Tensor) for op in t.consumers()]

    def __neg__(self) -> IndexedSlices:
        from .ops.math_ops import negative

        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)

    def __repr__(self) -> str:
        shape = "" if self._dense_shape is None else f", dense_shape={self._dense_shape!r}"
        return f"IndexedSlices(indices={self._indices!r}, values={self._values!r}{shape})"

    def _as_dense_tensor(self, dtype: Any = None, name: str | None = None) -> Tensor:
        """TF's conversion: the rows added up into `dense_shape`, by `UnsortedSegmentSum`
        (the sums are those of the gradient's own `GatherGrad`: zeros, then each row in
        order)."""
        from .ops.segment_ops import unsorted_segment_sum

        if dtype is not None and _dt.as_dtype(dtype) != self.dtype:
            raise ValueError(
                f"Tensor conversion requested dtype {_dt.as_dtype(dtype).name} for "
                f"IndexedSlices with dtype {self.dtype.name}"
            )
        if self._dense_shape is None:
            raise ValueError(
                "Tensor conversion requested for IndexedSlices for argument `value` without "
                f"dense_shape: {self!r}"
            )
        known = _constant(self._dense_shape)
        if known is not None:
            size = int(np.prod(known, dtype=np.int64))
            if size >= LARGE_DENSE_ELEMENTS:
                warnings.warn(
                    f"Converting sparse IndexedSlices to a dense Tensor with {size} "
                    "elements. This may consume a large amount of memory.",
                    stacklevel=3,
                )
            rows = int(known[0])
        else:
            rows = self._dense_shape[0]
        return unsorted_segment_sum(self._values, self._indices, rows, name=name)


def _constant(t: Any) -> np.ndarray | None:
    """The value of a dense_shape known when building (a constant), else None."""
    if not isinstance(t, Tensor):
        return None if t is None else np.asarray(t).reshape(-1)
    while t.op.type in ("Identity", "Cast"):
        t = t.op.inputs[0]
    if t.op.type == "Const":
        return np.asarray(t.op.attrs["value"]).reshape(-1)
    return None


# -- gradients ---------------------------------------------------------------------------


def _gather_grads(t: Tensor) -> list[Tensor] | None:
    """The `GatherGrad` outputs (axis 0) whose sum, through identities, `t` is; None when
    any part of the sum is dense (TF adds such a mixture as dense tensors)."""
    from .ops.array_ops import gathers_along_axis_zero

    op = t.op
    while op.type == "Identity":
        op = op.inputs[0].op
    if op.type == "GatherGrad":
        return [op.outputs[0]] if gathers_along_axis_zero(op) else None
    if op.type != "AddN":
        return None
    parts = [_gather_grads(x) for x in op.inputs]
    if any(p is None for p in parts):
        return None
    return [g for p in parts for g in p]


def _scope_of(t: Tensor) -> str:
    name = t.op.name
    return name[: name.rfind("/") + 1] if "/" in name else ""


def _dense_shape(graph, params: Tensor) -> Tensor:
    from .ops.array_ops import shape

    known = params.static_shape
    if known is not None and None not in known:
        return constant_op(graph, np.array(known, np.int32), _dt.int32, "Const")
    return shape(params, out_type=_dt.int32)


class TraversalOrder:
    """The order in which TF's backward pass (gradients_util) meets the forward ops: from
    ys breadth first, an op once every use of its outputs by ops between xs and ys was
    met. TF concatenates the slices of several lookups of one table in this order; the
    engine's own pass runs in reverse creation order. Computed on first use."""

    def __init__(self, ys: list[Tensor], between: set):
        self._ys = ys
        self._between = between
        self._rank: dict | None = None
        self._gathers: dict | None = None

    def rank(self, op) -> int:
        if self._rank is None:
            self._rank = self._traverse()
        return self._rank.get(op, len(self._rank))

    def gathers(self, params: Tensor) -> list:
        """The axis-0 gathers of `params` between xs and ys, in creation order. Taken
        from the ops between rather than `params.consumers()`, which scans the rest of
        the graph for every table and, in a model built once, grew `gradients` with the
        graph; and a gather outside `between` has no slices here to pair with."""
        from .ops.array_ops import gathers_along_axis_zero

        if self._gathers is None:
            self._gathers = {}
            for op in sorted(self._between, key=operator.attrgetter("index")):
                if op.type == "GatherV2" and gathers_along_axis_zero(op):
                    self._gathers.setdefault(op.inputs[0], []).append(op)
        return self._gathers.get(params, [])

    def _traverse(self) -> dict:
        from collections import deque

        # The ops a gradient reaches from the ys (a cond's predicate and what only it
        # reads are between xs and ys, yet no gradient flows through a boolean).
        live, stack = set(), [y.op for y in self._ys if y.op in self._between]
        while stack:
            op = stack.pop()
            if op not in live:
                live.add(op)
                stack.extend(t.op for t in _backprop_inputs(op, self._between))
        pending: dict = {}
        for op in live:
            for t in _backprop_inputs(op, self._between):
                pending[t.op] = pending.get(t.op, 0) + 1
        queue = deque()
        for op in dict.fromkeys(y.op for y in self._ys):
            if op in self._between and not pending.get(op):
                queue.append(op)
        rank: dict = {}
        # An op TF1 builds as a chain of several (`_tf_chain`) reaches its inputs only
        # after as many turns in the queue, each chained op enqueuing the next.
        turns: dict = {}
        loops: deque = deque()
        while queue or loops:
            if not queue:
                queue.append(loops.popleft())
            op = queue.popleft()
            left = turns.get(op, _tf_chain(op)) - 1
            if left > 0:
                turns[op] = 1 if left >= _LOOP_CHAIN - 1 else left
                (loops if left >= _LOOP_CHAIN - 1 else queue).append(op)
                continue
            rank[op] = len(rank)
            for t in _backprop_inputs(op, self._between):
                pending[t.op] -= 1
                if pending[t.op] == 0:
                    queue.append(t.op)
        return rank


# The ops TF1 makes for one of graphgate's, on the way from its outputs to its inputs: a
# clip is a Minimum and a Maximum; a cond its branch's ops and a Switch; a loop's
# gradient walks back through its whole frame, after every plain op (a loop's turn comes
# once the queue has nothing else).
_LOOP_CHAIN = 1 << 20


def _backprop_inputs(op, between: set) -> list:
    """The inputs of `op` TF's backward pass walks to: of ops between xs and ys, floats
    (not a cond's boolean predicate), and not the input of a zeros_like or ones_like of
    known shape, which TF builds as a constant."""
    if op.type in ("ZerosLike", "OnesLike") and _known(op.outputs[0]):
        return []
    return [t for t in op.inputs if t.op in between and t.dtype in _dt.DIFFERENTIABLE]


def _known(t) -> bool:
    shape = t.static_shape
    return shape is not None and None not in shape


def _tf_chain(op) -> int:
    if op.type == "ClipByValue":
        return 2
    if op.type == "If":
        # Its outputs' `cond/Merge` identities stand for TF's Merges already.
        return 1 + max(_chain_depth(op.attrs[b]) for b in ("then_branch", "else_branch"))
    if op.type in ("While", "WhileGrad"):
        return _LOOP_CHAIN
    return 1


def _chain_depth(body) -> int:
    """The longest chain of ops in a cond's branch (constants aside)."""
    depth: dict = {}
    for op in body.ops:  # in creation order: an op's inputs first
        if op.inputs:  # a constant is no step back towards the captures
            depth[op] = 1 + max(depth.get(t.op, 0) for t in op.inputs)
    return max(depth.values(), default=0)


def _row_shape(params: Tensor, indices: Tensor, dense_shape: Tensor) -> Any:
    """The shape of the values, `[-1, *params.shape[1:]]`: static where it is known, else
    TF's `concat([size(indices)], dense_shape[1:])` at run time."""
    rest = list(params.static_shape[1:])
    if None not in rest:
        return [-1, *rest]
    from .ops.array_ops import concat, expand_dims, size

    return concat([expand_dims(size(indices), 0), dense_shape[1:]], 0)


def from_gradient(t: Any, order: TraversalOrder | None = None) -> Any:
    """`t` as TF's `gradients` returns it: an IndexedSlices where TF holds the gradient as
    one (a gather's or embedding_lookup's along axis 0, through identities, or the sum of
    several: TF concatenates their slices), else `t` itself. The parts are named as TF
    names them (`gradients/<gather>_grad/Reshape`, `Reshape_1`, `Const`)."""
    from .ops.array_ops import concat, reshape
    from .ops.math_ops import cast

    if not isinstance(t, Tensor) or t.op.type not in ("GatherGrad", "Identity", "AddN"):
        return t
    parts = _gather_grads(t)
    if not parts:
        return t
    graph = t.op.graph
    sliced = []
    if len(parts) > 1 and order is not None:
        parts = _in_order(parts, order)
    for g in parts:
        values, indices, params = g.op.inputs
        if params.static_shape is None:
            return t  # a table of unknown rank: left dense (documented)
        with graph.as_default(), graph.name_scope(_scope_of(g)):
            dense_shape = _dense_shape(graph, params)
            rows = _row_shape(params, indices, dense_shape)
            sliced.append((reshape(values, rows), reshape(indices, [-1]), dense_shape))
    if len(sliced) == 1:
        out = IndexedSlices(*sliced[0])
    else:
        indices = [i for _, i, _ in sliced]
        with graph.as_default(), graph.name_scope(_scope_of(t)):
            if len({i.dtype for i in indices}) > 1:  # TF casts mixed indices to int64
                indices = [cast(i, _dt.int64) for i in indices]
            values = concat([v for v, _, _ in sliced], 0)
            out = IndexedSlices(values, concat(indices, 0), sliced[0][2])
    out._dense = t
    return out


_AFTER_GATHERS = 1 << 62


def _in_order(parts: list[Tensor], order: TraversalOrder) -> list[Tensor]:
    """`parts` in the order TF's backward pass meets their gathers; gradients of repeated
    gathers of one params by one indices tensor are paired latest-first; parts from conds
    (`control_flow_ops._merged_switch_grads`) last, as made."""
    used: set = set()
    keyed = []
    for g in sorted(parts, key=lambda p: p.op.index):
        _, indices, params = g.op.inputs
        candidates = [
            op for op in order.gathers(params) if op.inputs[1] is indices and op not in used
        ]
        op = candidates[-1] if candidates else None
        used.add(op)
        # A part no gather made is a cond's merged Switch gradient, which TF's backward
        # pass meets after the gathers outside the cond (through the branch's ops).
        keyed.append((order.rank(op) if op is not None else _AFTER_GATHERS, g))
    return [g for _, g in sorted(keyed, key=lambda k: k[0])]


def dense_gradient(grad: Any, var: Tensor | None = None) -> Any:
    """The dense tensor the engine applies for gradient `grad`: an IndexedSlices' own
    gradient tensor, or its rows added into a tensor shaped as `var` by `GatherGrad` (so
    the optimizers still see the slices and update only those rows); anything else as
    it is."""
    if not isinstance(grad, IndexedSlices):
        return grad
    if grad._dense is not None:
        return grad._dense
    from .ops.array_ops import from_indexed_slices

    values, indices = grad.values, grad.indices
    if not isinstance(values, Tensor) or not isinstance(indices, Tensor):
        raise error("INVALID_ATTR", f"an IndexedSlices of tensors is needed, got {grad!r}")
    if var is None:
        return grad._as_dense_tensor()
    return from_indexed_slices(values, indices, var)


def waited(grad: Any) -> Any:
    """`identity(grad)` made under the caller's control dependencies; an IndexedSlices
    keeps a dense tensor through its own identity, so what applies it is unchanged."""
    from .ops.array_ops import identity

    if not isinstance(grad, IndexedSlices):
        return identity(grad)
    out = IndexedSlices(identity(grad.values), grad.indices, grad.dense_shape)
    out._dense = None if grad._dense is None else identity(grad._dense)
    return out


def map_values(fn, slices: IndexedSlices) -> IndexedSlices:
    """`slices` with `fn` applied to its values (TF keeps clipped gradients sparse)."""
    return IndexedSlices(fn(slices.values), slices.indices, slices.dense_shape)


__all__ = ["IndexedSlices", "IndexedSlicesValue"]
