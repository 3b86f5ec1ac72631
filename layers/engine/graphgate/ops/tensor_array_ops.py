"""`TensorArray`, TF1's list of same-shaped tensors that loops write one element at a time.

TensorFlow keeps a TensorArray in a resource and threads a scalar `flow` through loops to
order the writes. graphgate has no resources, so the flow *is* the array: a dense value of
shape `[size, *element_shape]`, and every op returns a new one. A write is then an ordinary
op with an ordinary gradient, and a TensorArray passed through `while_loop` is a loop
variable like any other (BPTT needs nothing new). Elements not yet written are zeros, as in
TF once the element shape is known. Before the first write of an array whose element shape
is not fully known, the value holds no elements (its unknown dims are 0); the first write
gives it its element shape.

Each op that reads or writes an array also returns the array's run-time shape, so that
its gradient, run backwards inside a loop, needs only that small vector (and the index)
from each iteration, never a copy of the whole array per iteration. Inside loops, writes
and their gradients update the loop's own copy of an array in place where nothing else
can see it (`_updates_in_place`; docs/decision_log.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, TensorShape, convert_to_tensor, get_default_graph
from ..limits import check_run_time_size
from ..plan import READ_KERNELS
from .control_flow_ops import IN_PLACE_LOOP_VARS, SPARSE_CAPTURE_GRADS
from .registry import (
    REQUIRED,
    InferenceError,
    not_differentiable,
    register_gradient,
    register_op,
)

# -- shapes ---------------------------------------------------------------------------------


def _shape_of(shape: Any) -> tuple | None:
    if shape is None:
        return None
    if isinstance(shape, TensorShape):
        return None if shape.rank is None else tuple(shape.as_list())
    if isinstance(shape, int):
        return (shape,)
    return tuple(None if d is None else int(getattr(d, "value", d)) for d in shape)


def _merge(a: tuple | None, b: tuple | None) -> tuple | None:
    """The most specific shape compatible with both, or an error naming both (TF's
    `TensorShape.merge_with`)."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b) or any(
        x is not None and y is not None and x != y for x, y in zip(a, b, strict=False)
    ):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Inconsistent shapes: saw {_text(b)} but expected {_text(a)}",
            shapes=[list(a), list(b)],
        )
    return tuple(x if x is not None else y for x, y in zip(a, b, strict=True))


def _text(shape: tuple | None) -> str:
    if shape is None:
        return "<unknown>"
    dims = ["?" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def _rows(buf: tuple | None) -> tuple | None:
    return None if buf is None else buf[1:]


def _blank(shape: tuple, dtype) -> np.ndarray:
    """Elements not written yet: zeros, or TF's empty strings (numpy's object zeros are
    the int 0)."""
    if np.dtype(dtype).kind == "O":
        return np.full(shape, b"", object)
    return np.zeros(shape, dtype)


def _check_index_dtype(dtype, what: str) -> None:
    if dtype != _dt.int32:
        raise InferenceError("DTYPE_MISMATCH", f"a TensorArray {what} must be int32")


# -- ops ------------------------------------------------------------------------------------


def _create_infer(shapes, types, attrs):
    _check_index_dtype(types[0], "size")
    if shapes[0] not in (None, ()):
        raise InferenceError("SHAPE_MISMATCH", "a TensorArray's size must be a scalar")
    return [(attrs.get("shape"), attrs["dtype"])]


@register_op(
    "TensorArrayV3",
    arity=1,
    infer=_create_infer,
    attrs={"dtype": ("dtype", REQUIRED), "shape": ("shape", None)},
    unknown_rank_ok=True,
    needs_state=True,
    # Each run (each loop iteration, inside a loop) makes a new array, whose elements
    # have not been read yet: never folded, so that it says so to the run's state.
    stateful=True,
)
def _create(op):
    shape = op.attrs.get("shape")
    rows = (0,) if shape is None else tuple(0 if d is None else d for d in shape[1:])
    dtype = op.outputs[0].dtype

    def kernel(*args):
        *state, size = args  # no run state when constant folding (a small static shape)
        if size < 0:
            raise error("COMPUTE_ERROR", f"a TensorArray's size must be ≥ 0, got {int(size)}")
        if state:  # a size read at run time
            check_run_time_size(state[0], op, (int(size), *rows))
            state[0].forget(op.name)
        return _blank((int(size), *rows), dtype)

    return kernel


not_differentiable("TensorArrayV3")


def _write_infer(shapes, types, attrs):
    buf, _, value = shapes
    _check_index_dtype(types[1], "index")
    if types[2] != types[0]:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"a TensorArray of {types[0].name} cannot take a {types[2].name} value",
        )
    # An array holding no element yet takes any element shape, as the kernel's `_as_rows`
    # does: run-time shapes give such an array's unknown dims as 0, not as unknown.
    held = None if buf is None or 0 in buf else _rows(buf)
    rows = _merge(held, value[1:] if attrs.get("many") and value else value)
    first = None if buf is None or attrs.get("dynamic_size") else buf[0]
    out = None if rows is None else (first, *rows)
    return [(out, types[0]), ((None if buf is None else len(buf),), _dt.int32)]


def _as_rows(
    buf: np.ndarray, rows: tuple, n: int, dynamic: bool, own: bool, written: bool = False
) -> np.ndarray:
    """`buf` with element shape `rows` and at least `n` elements: a copy, or `buf` itself
    when the caller owns it (`own`) and it fits. An array holding no value is resized to
    `rows` only if this run has not `written` to it yet: its elements then have no rows
    (TF keeps them), and an element of other rows is one of another shape."""
    if buf.shape[1:] != rows:
        if buf.size or written:
            raise error(
                "SHAPE_MISMATCH",
                f"a TensorArray of elements {list(buf.shape[1:])} cannot take one of "
                f"shape {list(rows)} (graphgate's holds elements of one shape)",
            )
        buf = _blank((buf.shape[0], *rows), buf.dtype)  # no element written yet
    if n > buf.shape[0]:
        if not dynamic:
            raise error(
                "INDEX_OUT_OF_RANGE",
                f"index {n - 1} is out of range for a TensorArray of size {buf.shape[0]}",
            )
        if own:
            return _grown_in_place(buf, n)
        grown = _blank((n, *rows), buf.dtype)
        grown[: buf.shape[0]] = buf
        return grown
    return buf if own else buf.copy()


def _grown_in_place(buf: np.ndarray, n: int) -> np.ndarray:
    """`buf` with `n` rows for a loop that owns it: the leading rows of a zeroed store
    twice as long, whose later growths only widen the view — amortized O(1) a write
    rather than a copy of the whole array each step. Rows past the view are only ever
    written through a wider view (the loop owns the store), so they are still zeros."""
    store = buf.base
    if (
        isinstance(store, np.ndarray)
        and store.flags.c_contiguous
        and store.shape[1:] == buf.shape[1:]
        and store.shape[0] >= n
        and buf.__array_interface__["data"][0] == store.__array_interface__["data"][0]
    ):
        return store[:n]
    store = _blank((max(n, 2 * buf.shape[0]), *buf.shape[1:]), buf.dtype)
    store[: buf.shape[0]] = buf
    return store[:n]


# Ops that read an array without keeping it or a view of it.
_READERS = frozenset(("TensorArrayReadV3", "TensorArraySizeV3", "TensorArrayIndices"))


_WRITERS = frozenset(("TensorArrayWriteV3", "TensorArrayWriteGrad"))


def _updates_in_place(graph, body, j: int) -> bool:
    """Whether loop variable j of `body` (a While's, or a WhileGrad's) is an array that
    one write (or a write's gradient) replaces each iteration and nothing else holds:
    besides the write, only reads made before it read the old array (plans run in
    creation order; reads copy), and the new one is returned once and otherwise only
    read. The loop then gives the body a copy of the initial array, and the write
    updates it in place."""
    arg, out = body.args[j], body.outputs[j]
    w = out.op
    if w.type not in _WRITERS or w.inputs[0] is not arg or graph.body_of(w) is not body:
        return False
    if arg in body.outputs or sum(o is out for o in body.outputs) != 1:
        return False
    for op in body.ops:
        reads_arg = any(t is arg for t in op.inputs)
        if reads_arg and op is not w and (op.type not in _READERS or op.index > w.index):
            return False
        if any(t is out for t in op.inputs) and op.type not in _READERS:
            return False
    return True


def _in_place(op) -> bool:
    """Whether write `op` may update its input array (see `_updates_in_place`)."""
    body = op.graph.body_of(op)
    loop = None if body is None else body.op
    if loop is None or loop.type not in ("While", "WhileGrad"):
        return False
    if loop.attrs.get("body") is not body:
        return False
    return any(
        o is op.outputs[0] and _updates_in_place(op.graph, body, j)
        for j, o in enumerate(body.outputs)
    )


def _sparse_read_grad(graph, body, t: Tensor):
    """A capture's gradient made by one read's gradient (zeros but the rows read): the
    WhileGrad kernel adds the rows into its accumulator instead."""
    op = t.op
    if op.type != "TensorArrayReadGrad" or graph.body_of(op) is not body:
        return None
    if sum(o is t for o in body.outputs) != 1 or any(t in o.inputs for o in body.ops):
        return None
    g, index, _ = op.inputs
    return [g, index], _ROW_WRITES[bool(op.attrs.get("many"))]


class _RowWrites:
    """A loop's gradient of a captured array's reads, as TF's gradient TensorArray holds
    it: a row's first write stores its value (a -0.0 kept: rows start at -0.0, and
    -0.0 + g is g), later ones add, and rows nothing wrote are zeros. The accumulator is
    the rows and which of them were written; `start` and `finish` are the WhileGrad
    kernel's hooks around `__call__`, its per-iteration add."""

    def __init__(self, many: bool):
        self.many = many

    def start(self, shape: tuple, dtype: np.dtype) -> tuple:
        return np.full(shape, -0.0, dtype), np.zeros(shape[:1], bool)

    def __call__(self, acc: tuple, g: Any, index: Any) -> None:
        rows, written = acc
        if self.many:
            idx = np.asarray(index).reshape(-1)
            np.add.at(rows, idx, g)
        else:
            idx = int(index)
            rows[idx] += g
        written[idx] = True

    @staticmethod
    def finish(acc: tuple) -> np.ndarray:
        rows, written = acc
        rows[~written] = 0
        return rows


_ROW_WRITES = {False: _RowWrites(False), True: _RowWrites(True)}


IN_PLACE_LOOP_VARS.append(_updates_in_place)
SPARSE_CAPTURE_GRADS.append(_sparse_read_grad)


@register_op(
    "TensorArrayWriteV3",
    arity=3,
    infer=_write_infer,
    attrs={
        "dynamic_size": ("bool", False),
        "many": ("bool", False),
        # An index an earlier write of the same array wrote (known when built), or -1.
        "overwrites": ("int", -1),
        # The creating op of the array written, whose writes the run counts, or "".
        "array": ("str", ""),
    },
    unknown_rank_ok=True,
    needs_state=True,
)
def _write(op):
    dynamic, many = op.attrs.get("dynamic_size", False), op.attrs.get("many", False)
    own = _in_place(op)
    overwrites = op.attrs.get("overwrites", -1)
    array = op.attrs.get("array", "")

    def kernel(*args):
        *state, buf, index, value = args  # no run state when constant folding
        if overwrites >= 0:  # TF's TensorArray keeps each element's first write
            raise error(
                "COMPUTE_ERROR",
                f"Could not write to TensorArray index {overwrites} because it has already "
                "been written to.",
            )
        value = np.asarray(value)
        idx = np.asarray(index).reshape(-1) if many else np.asarray(index).reshape(1)
        if many and value.ndim == 0:
            raise error("SHAPE_MISMATCH", "scatter needs a value of rank ≥ 1")
        if many and len(idx) != value.shape[0]:
            raise error(
                "SHAPE_MISMATCH",
                f"scatter of {value.shape[0]} rows to {len(idx)} indices",
            )
        if idx.size and idx.min() < 0:
            raise error("INDEX_OUT_OF_RANGE", f"TensorArray index {int(idx.min())} is negative")
        written = bool(array and state and state[0].written.get(array))
        again = state[0].fill(array, idx.tolist()) if array and state else None
        if again is not None:  # at indices read at run time (`overwrites`: known ones)
            raise error(
                "COMPUTE_ERROR",
                f"Could not write to TensorArray index {again} because it has already "
                "been written to.",
            )
        rows = value.shape[1:] if many else value.shape
        shape = np.array(buf.shape, np.int32)
        n = int(idx.max()) + 1 if idx.size else 0
        if state and (buf.shape[1:] != rows or n > buf.shape[0]):
            # The first write sizes the array's elements, a write past its end grows it:
            # both allocate the array anew, to sizes read at run time.
            check_run_time_size(state[0], op, (max(n, buf.shape[0]), *rows))
        out = _as_rows(buf, rows, n, dynamic, own, written)
        if many:
            out[idx] = value
        elif value.ndim == 0 and out.dtype.kind == "O":
            out[idx[0]] = value[()]  # a string, not a 0-d array held in the buffer
        else:
            out[idx[0]] = value
        return out, shape

    return kernel


def _read_infer(shapes, types, attrs):
    buf, index = shapes
    _check_index_dtype(types[1], "index")
    rows = _shape_of(attrs.get("element_shape"))
    if attrs.get("infer_shape", True):
        rows = _merge(_rows(buf), rows)
    if attrs.get("many"):
        # TF knows a stack's length, not a gather's (its indices may repeat or skip).
        n = None if index is None or len(index) != 1 or not attrs.get("stack") else index[0]
        rows = None if rows is None else (n, *rows)
    return [(rows, types[0]), ((None if buf is None else len(buf),), _dt.int32)]


@register_op(
    "TensorArrayReadV3",
    arity=2,
    infer=_read_infer,
    attrs={
        "element_shape": ("shape", None),
        "many": ("bool", False),
        "stack": ("bool", False),
        # The creating op of an array with clear_after_read (TF's default), or "".
        "clears": ("str", ""),
        # False for an array made with infer_shape=False: its elements' static shape is
        # its element_shape alone, as TF's, not what its writes wrote.
        "infer_shape": ("bool", True),
        # A stack of TF 2's TensorList (imported), whose empty stack fails as TF's does.
        "tensor_list": ("bool", False),
        # An array over a value with every element there (`filled_array`): no read of it
        # is of an element never written.
        "filled": ("bool", False),
    },
    unknown_rank_ok=True,
    needs_state=True,
    stateful=True,  # reads of one element are not one read: never merged
)
def _read(op, read: set[int] | None = None):
    if read is not None and 0 not in read:
        # Run for the array's shape alone (a gradient's): TF1's gradient reads the
        # array's handle, and no element is cleared.
        return lambda *args: (None, np.array(args[-2].shape, np.int32))
    many = op.attrs.get("many", False)
    rows = op.attrs.get("element_shape")
    known = rows is not None and None not in rows
    clears = op.attrs.get("clears", "")
    filled = op.attrs.get("filled", False)

    def kernel(*args):
        *state, buf, index = args
        idx = np.asarray(index)
        n = buf.shape[0]
        again = state[0].consume(clears, idx.reshape(-1).tolist()) if clears and state else None
        if again is not None:
            raise error(
                "COMPUTE_ERROR",
                f"Could not read index {again} twice because it was cleared after a previous "
                "read (perhaps try setting clear_after_read = false?).",
            )
        if idx.size and (idx.min() < 0 or idx.max() >= n):
            bad = int(idx.max()) if idx.size and idx.max() >= n else int(idx.min())
            raise error(
                "INDEX_OUT_OF_RANGE",
                f"index {bad} is out of range for a TensorArray of size {n}",
            )
        if many and not idx.size:
            listed = op.attrs.get("tensor_list", False)
            return _no_element(buf, rows, listed), np.array(buf.shape, np.int32)
        unwritten = not (filled or _wrote(state, clears))
        if idx.size and not buf.size and not known and unwritten:
            raise error(
                "COMPUTE_ERROR",
                "could not read from a TensorArray whose elements have not been written "
                "and whose element shape is not known",
            )
        # A copy, never a view: a loop may update the array in place afterwards. A scalar
        # entry (a numpy scalar, or a string buffer's `bytes`) is read as a 0-d array of
        # the buffer's dtype, so a stack of reads keeps it.
        value = buf[idx.reshape(-1)] if many else buf[int(idx)]
        if not many:
            value = value.copy() if type(value) is np.ndarray else np.array(value, buf.dtype)
        return value, np.array(buf.shape, np.int32)

    return kernel


READ_KERNELS.add("TensorArrayReadV3")


def _wrote(state: list, array: str) -> bool:
    """Whether this run wrote an element of `array` (its creating op), which tells TF the
    elements' shape, so that an element not written reads as zeros of it: an array of
    empty elements (a dynamic_rnn's over an empty batch) has an empty buffer whether or
    not anything was written, so the buffer alone cannot say."""
    return bool(state and array and state[0].written.get(array))


def _no_element(buf: np.ndarray, rows: tuple | None, tensor_list: bool = False) -> np.ndarray:
    """A stack or gather of no element: of the element shape the graph knows (a write in
    a loop that never ran tells it, while the array's buffer was made before any write,
    its unknown dims as 0), else of the buffer's where the run gave each unknown dim (an
    empty dynamic_rnn's [batch, 0, units]). A dim left 0 by the buffer's making would
    be a guess: TF's TensorArrayPackOrGatherOp refuses any element shape not fully
    defined, and so does graphgate there."""
    if rows is not None and None not in rows:
        return np.zeros((0, *rows), buf.dtype)
    told = rows is not None and buf.ndim == len(rows) + 1
    if told and all(d is not None or buf.shape[1 + i] for i, d in enumerate(rows)):
        return buf[:0].copy()
    shown = "<unknown>" if rows is None else "[" + ",".join(map(_dim, rows)) + "]"
    if tensor_list:  # TF 2's TensorListStack (an imported v2 loop's list), its own words
        raise error(
            "COMPUTE_ERROR",
            "Tried to stack elements of an empty list with non-fully-defined element_shape: "
            + shown,
        )
    raise error(
        "UNIMPLEMENTED",
        f"TensorArray has size zero, but element shape {shown} is not fully defined. "
        "Currently only static shapes are supported when packing zero-size TensorArrays.",
    )


def _dim(d: int | None) -> str:
    return "?" if d is None else str(d)


def _size_infer(shapes, types, attrs):
    return [((), _dt.int32)]


@register_op("TensorArraySizeV3", arity=1, infer=_size_infer, unknown_rank_ok=True)
def _size(op):
    return lambda buf: np.int32(np.shape(buf)[0])


not_differentiable("TensorArraySizeV3")


def _scatter_back_infer(shapes, types, attrs):
    return [(attrs.get("shape"), types[0])]


@register_op(
    "TensorArrayWriteGrad",
    arity=3,
    infer=_scatter_back_infer,
    attrs={"many": ("bool", False), "shape": ("shape", None)},
    unknown_rank_ok=True,
)
def _write_grad(op):
    """The gradient reaching a write's input array: the written elements zeroed, cut to
    the input's shape (a dynamic array may have grown)."""

    own = _in_place(op)

    def kernel(g, index, old_shape):
        old = tuple(int(d) for d in old_shape)
        if tuple(g.shape[1:]) != old[1:]:
            return np.zeros(old, g.dtype)  # the input held no elements
        out = g[: old[0]] if own else np.array(g[: old[0]])
        idx = np.asarray(index).reshape(-1)
        out[idx[idx < old[0]]] = 0
        return out

    return kernel


@register_op(
    "TensorArrayReadGrad",
    arity=3,
    infer=_scatter_back_infer,
    attrs={"many": ("bool", False), "shape": ("shape", None)},
    unknown_rank_ok=True,
)
def _read_grad(op):
    """The gradient reaching a read's array: zeros, with the read elements' gradients
    added at their indices (an index read twice gets both)."""
    many = op.attrs.get("many", False)

    def kernel(g, index, shape):
        # TF writes the gradients into a gradient array, where a first write stores its
        # value and later ones add to it: start from -0.0 (x + -0.0 is x, a -0.0 kept)
        # and zero the elements nothing wrote.
        out = np.full(tuple(int(d) for d in shape), -0.0, np.asarray(g).dtype)
        idx = np.asarray(index).reshape(-1) if many else int(index)
        if many:
            np.add.at(out, idx, g)
        else:
            out[idx] += g
        unwritten = np.ones(out.shape[:1], bool)
        unwritten[idx] = False
        out[unwritten] = 0
        return out

    return kernel


def _second_order(op, *grads):
    # An error, not None: a missing second-order term would be a silently wrong number.
    raise error(
        "NO_GRADIENT",
        f"second-order gradients through {op.type} are not supported",
        node=op.name,
        details={"op": op.type},
    )


register_gradient("TensorArrayWriteGrad")(_second_order)

register_gradient("TensorArrayReadGrad")(_second_order)


def _back(type_: str, g: Tensor, index: Tensor, shape: Tensor, x: Tensor, many: bool) -> Tensor:
    """The gradient reaching array `x` (its shape `shape` at run time)."""
    attrs = {"many": many, "shape": x.static_shape}
    return g.graph.create_op(type_, (g, index, shape), attrs, type_).outputs[0]


@register_gradient("TensorArrayWriteV3")
def _write_grad_fn(op, g, _shape_grad=None):
    if g is None:
        return [None, None, None]
    many = op.attrs.get("many", False)
    buf, index, value = op.inputs
    rows = value.static_shape if not many else _rows(value.static_shape)
    # `g` is a gradient, a value whole (zeros where nothing flowed back), never unwritten
    attrs = {"many": many, "element_shape": rows, "filled": True}
    # The read first: made (so run) before the write's gradient, which may then zero
    # the written rows of `g` in place (see `_updates_in_place`).
    read = g.graph.create_op("TensorArrayReadV3", (g, index), attrs, "TensorArrayReadV3")
    grad_buf = _back("TensorArrayWriteGrad", g, index, op.outputs[1], buf, many)
    grad = read.outputs[0]
    if value.static_shape is not None:
        # The rows read back are the rows the value wrote: its shape, as TF's gradient
        # (a gather at an unstack's indices) gives it.
        grad.set_shape(value.static_shape)
    return [grad_buf, None, grad]


@register_gradient("TensorArrayReadV3")
def _read_grad_fn(op, g, _shape_grad=None):
    if g is None:
        return [None, None]
    many = op.attrs.get("many", False)
    shape = _read_array_shape(op)
    return [_back("TensorArrayReadGrad", g, op.inputs[1], shape, op.inputs[0], many), None]


def _read_array_shape(op) -> Tensor:
    """The shape of the array read, for its gradient, read without running the read: TF1
    sizes a read's gradient from the array's handle, so a run fetching the gradient but
    not the value clears no element. Known when built, a constant; for an array from
    outside any body, its shape; else (an array made in a loop, of a shape known only at
    run time) the read's own second output, one small vector stored per iteration, where
    the array's would be a copy of it per iteration."""
    from .array_ops import shape

    buf = op.inputs[0]
    static = buf.static_shape
    with op.graph.as_default():
        if static is not None and None not in static:
            return convert_to_tensor(np.array(static, np.int32), graph=op.graph)
        if op.graph.body_of(buf.op) is None:
            return shape(buf)
    return op.outputs[1]


# -- the TensorArray object -------------------------------------------------------------------


def filled_array(dtype: Any, flow: Tensor, element_shape: Any) -> TensorArray:
    """A TensorArray over `flow`, a value holding every element already (zeros a loop
    overwrites, as dynamic_rnn's outputs): a read never takes an element of it for one
    never written, even when the elements are empty (an empty batch's)."""
    ta = TensorArray(dtype, flow=flow, element_shape=element_shape)
    ta._filled = True
    return ta


class TensorArray:
    """TF1's `tf.TensorArray`: `write`/`read`/`stack`/`unstack`/`gather`/`scatter`/`size`,
    each returning a new TensorArray (use the one a write returns, as in TF1).

    It may be a `while_loop` variable; its element shape is learnt from writes
    (`infer_shape=True`) and shared by every TensorArray made from it, so a stack after
    a loop knows the shape its body wrote.
    """

    def __init__(
        self,
        dtype: Any,
        size: Any = None,
        dynamic_size: bool | None = None,
        clear_after_read: bool | None = None,
        tensor_array_name: str | None = None,
        handle: Any = None,
        flow: Any = None,
        infer_shape: bool = True,
        element_shape: Any = None,
        colocate_with_first_write_call: bool = True,
        name: str | None = None,
    ):
        self._dtype = _dt.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._element_shape = [_shape_of(element_shape)]
        # TF's TensorArray refuses a second write of an element and (clear_after_read) a
        # second read in one run: the indices this array's writes are known to have
        # written, and the creating op that names it for the run's reads.
        self._written: frozenset[int] = frozenset()
        self._clears = ""
        self._array = ""  # the creating op, naming the array for the run's writes
        self._filled = False
        if flow is not None or handle is not None:
            self._flow = convert_to_tensor(flow if flow is not None else handle)
            self._static_size = None
            return
        if size is None:
            raise error("INVALID_ATTR", "a TensorArray needs a size (or a flow)")
        graph = get_default_graph()
        self._static_size = int(size) if isinstance(size, int | np.integer) else None
        with graph.name_scope(name, "TensorArray") as scope:
            size = convert_to_tensor(size, _dt.int32, graph=graph)
            shape = self._buffer_shape()
            attrs = {"dtype": self._dtype, "shape": shape}
            self._flow = graph.create_op("TensorArrayV3", (size,), attrs, scope).outputs[0]
        self._array = self._flow.op.name
        if clear_after_read is None or clear_after_read:
            self._clears = self._array

    def _buffer_shape(self) -> tuple | None:
        rows = self._element_shape[0]
        first = None if self._dynamic_size else self._static_size
        return None if rows is None else (first, *rows)

    def _derived(self, flow: Tensor) -> TensorArray:
        ta = object.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._flow = flow
        return ta

    # The while_loop protocol: a loop variable is the flow, rebuilt as a TensorArray inside.
    def _loop_invariant(self) -> tuple | None:
        shape = self._flow.static_shape
        if shape is None or not self._dynamic_size:
            return shape
        return (None, *shape[1:])

    def _with_flow(self, flow: Tensor) -> TensorArray:
        # A loop's or cond's array: which branch or iteration wrote what is not known.
        ta = self._derived(flow)
        ta._written = frozenset()
        return ta

    @property
    def flow(self) -> Tensor:
        return self._flow

    handle = flow

    @property
    def dtype(self):
        return self._dtype

    @property
    def dynamic_size(self) -> bool:
        return self._dynamic_size

    @property
    def element_shape(self) -> TensorShape:
        return TensorShape(self._element_shape[0])

    def _learn(self, rows: tuple | None) -> None:
        if not self._infer_shape:
            return
        try:
            self._element_shape[0] = _merge(self._element_shape[0], rows)
        except InferenceError as exc:
            raise error(exc.code, exc.message) from None

    def _value(self, value: Any) -> Tensor:
        t = convert_to_tensor(value, self._dtype if not isinstance(value, Tensor) else None)
        if t.dtype != self._dtype:
            raise error(
                "DTYPE_MISMATCH",
                f"TensorArray dtype is {self._dtype.name} but the value has dtype {t.dtype.name}",
            )
        return t

    def write(self, index: Any, value: Any, name: str | None = None) -> TensorArray:
        """A TensorArray with `value` at `index` (int32 scalar)."""
        return self._put(index, value, name, "TensorArrayWrite", False)

    def scatter(self, indices: Any, value: Any, name: str | None = None) -> TensorArray:
        """A TensorArray with `value`'s rows at `indices`."""
        return self._put(indices, value, name, "TensorArrayScatter", True)

    def unstack(self, value: Any, name: str | None = None) -> TensorArray:
        """A TensorArray whose elements are the rows of `value`."""
        graph = get_default_graph()
        with graph.name_scope(name, "TensorArrayUnstack"):
            value = self._value(value)
            if value.static_shape == ():
                raise error("SHAPE_MISMATCH", "cannot unstack a scalar into a TensorArray")
            return self._put(row_positions(value), value, None, "TensorArrayScatter", True)

    def _put(self, index, value, name, default, many) -> TensorArray:
        graph = get_default_graph()
        with graph.name_scope(name, default) as scope:
            index = convert_to_tensor(index, _dt.int32, graph=graph)
            value = self._value(value)
            rows = value.static_shape
            rows = rows[1:] if many and rows else rows
            self._learn(rows)
            if not self._infer_shape:
                _check_one_shape(self._flow.static_shape, rows)
            known = _known_indices(index)
            again = sorted(known & self._written)
            attrs = {"dynamic_size": self._dynamic_size, "many": many, "array": self._array}
            if again:
                attrs["overwrites"] = again[0]
            op = graph.create_op(
                "TensorArrayWriteV3",
                (self._flow, index, value),
                attrs,
                scope + ("TensorArrayScatterV3" if many else "TensorArrayWriteV3"),
                exact_name=True,
            )
        ta = self._derived(op.outputs[0])
        ta._written = self._written | known
        return ta

    def read(self, index: Any, name: str | None = None) -> Tensor:
        """The element at `index` (zeros if not written yet, its element shape known)."""
        graph = get_default_graph()
        attrs = self._read_attrs()
        if isinstance(index, Tensor):
            return graph.create_op(
                "TensorArrayReadV3", (self._flow, index), attrs, name or "TensorArrayReadV3"
            ).outputs[0]
        # A literal index is a constant under the read's name, as TF names it.
        with graph.name_scope(name, "TensorArrayReadV3") as scope:
            index = convert_to_tensor(index, _dt.int32, "index", graph)
            op = graph.create_op("TensorArrayReadV3", (self._flow, index), attrs, scope)
        return op.outputs[0]

    def _read_attrs(self) -> dict:
        attrs = {"element_shape": self._element_shape[0], "clears": self._clears}
        if self._filled:
            attrs["filled"] = True
        if not self._infer_shape:
            attrs["infer_shape"] = False
        return attrs

    def gather(self, indices: Any, name: str | None = None) -> Tensor:
        """The elements at `indices`, stacked."""
        graph = get_default_graph()
        with graph.name_scope(name, "TensorArrayGather") as scope:
            indices = convert_to_tensor(indices, _dt.int32, graph=graph)
            return self._gather(indices, scope, graph)

    def stack(self, name: str | None = None) -> Tensor:
        """Every element, stacked along a new first axis."""
        graph = get_default_graph()
        with graph.name_scope(name, "TensorArrayStack") as scope:
            if self._static_size is not None and not self._dynamic_size:
                # A fixed size known when built: the stack's static shape has it, as TF's.
                indices = convert_to_tensor(np.arange(self._static_size, dtype=np.int32))
            else:
                indices = row_positions(self._flow)
            return self._gather(indices, scope, graph, stack=True)

    def _gather(self, indices: Tensor, scope: str, graph, stack: bool = False) -> Tensor:
        attrs = {**self._read_attrs(), "many": True, "stack": stack}
        op = graph.create_op(
            "TensorArrayReadV3",
            (self._flow, indices),
            attrs,
            scope + "TensorArrayGatherV3",
            exact_name=True,
        )
        return op.outputs[0]

    def size(self, name: str | None = None) -> Tensor:
        """The number of elements, an int32 scalar."""
        graph = get_default_graph()
        if self._static_size is not None and not self._dynamic_size:
            return convert_to_tensor(np.int32(self._static_size), graph=graph)  # as TF's
        return graph.create_op(
            "TensorArraySizeV3", (self._flow,), None, name or None, default_name="TensorArraySizeV3"
        ).outputs[0]

    def mark_used(self) -> None:
        """Accepted, as on TF1's write results (which warn when unused)."""

    def identity(self) -> TensorArray:
        return self._derived(self._flow)

    def close(self, name: str | None = None):
        from .state_ops import no_op

        return no_op(name or "TensorArrayClose")

    def concat(self, name: str | None = None) -> Tensor:
        """The elements joined along their first axis. graphgate's elements all have one
        shape, so this is the stack with its first two axes merged: by the element shape
        when it is known past its first axis, else by the stack's run-time shape (an
        `infer_shape=False` array's, whose static shape is unknown, as TF's)."""
        from .array_ops import reshape

        rows = self._element_shape[0]
        if rows == ():
            raise error(
                "UNIMPLEMENTED",
                "TensorArray.concat needs elements of rank ≥ 1 (TF's: at least vectors)",
            )
        graph = get_default_graph()
        with graph.name_scope(name, "TensorArrayConcat") as scope:
            stacked = self._gather(row_positions(self._flow), scope, graph, stack=True)
            if rows is None or None in rows[1:]:
                return reshape(stacked, _joined_shape(stacked))
            n = self._static_size if not self._dynamic_size else None
            first = -1 if n is None or rows[0] is None else n * rows[0]
            return reshape(stacked, [first, *rows[1:]])

    def split(self, value: Any, lengths: Any, name: str | None = None) -> TensorArray:
        """A TensorArray of `value`'s rows cut into pieces of `lengths` (known when
        built). graphgate's elements all have one shape: unequal lengths are TF's error
        with `infer_shape` (TF's at run time, InvalidArgumentError) and UNIMPLEMENTED
        without (TF keeps elements of several shapes)."""
        from .array_ops import reshape

        graph = get_default_graph()
        with graph.name_scope(name, "TensorArraySplit"):
            value = self._value(value)
            shape = value.static_shape
            sizes = _split_lengths(lengths, shape)
            if len(set(sizes)) > 1:
                raise _unequal_pieces(sizes, shape, self._infer_shape)
            if not sizes or not shape or None in shape[1:]:
                raise error(
                    "UNIMPLEMENTED",
                    "TensorArray.split needs a value whose shape past the first axis is "
                    "known when the graph is built",
                )
            pieces = reshape(value, [len(sizes), sizes[0], *shape[1:]])
            return self._put(row_positions(pieces), pieces, None, "TensorArrayScatter", True)

    def grad(self, source: Any, flow: Any = None, name: str | None = None) -> TensorArray:
        raise error("UNIMPLEMENTED", "TensorArray.grad is not supported; use tf.gradients")


def _joined_shape(stacked: Tensor) -> Tensor:
    """[n * rows, *rest] of a stack of n elements of shape [rows, *rest], read at run
    time; reading the rows fails the run for elements that are scalars, as TF's concat
    (at least vectors) does."""
    from .array_ops import concat, reshape, shape

    dims = shape(stacked)
    first = reshape(dims[0] * dims[1], [1])
    return concat([first, dims[2:]], 0)


def _check_one_shape(buf: tuple | None, rows: tuple | None) -> None:
    """UNIMPLEMENTED for a write to an `infer_shape=False` array of an element of another
    shape than those it holds: TF keeps elements of several shapes (a concat of them
    joins them), graphgate's dense array cannot."""
    held = None if buf is None or 0 in buf else _rows(buf)
    try:
        _merge(held, rows)
    except InferenceError:
        raise error(
            "UNIMPLEMENTED",
            f"a TensorArray holding elements of several shapes ({_text(held)} and "
            f"{_text(rows)}; infer_shape=False) is not supported",
        ) from None


def _split_lengths(lengths: Any, shape: tuple | None) -> list[int]:
    """`split`'s lengths as ints, known when the graph is built; their sum checked
    against the value's rows where known (TF's message, at run time there)."""
    from .shape_values import read_at_build

    known = read_at_build(lengths) if isinstance(lengths, Tensor) else lengths
    if known is None:
        raise error(
            "UNIMPLEMENTED",
            "TensorArray.split needs lengths known when the graph is built",
        )
    sizes = [int(n) for n in np.asarray(known).reshape(-1)]
    if shape and shape[0] is not None and sum(sizes) != shape[0]:
        dims = ",".join("?" if d is None else str(d) for d in shape)
        raise error(
            "COMPUTE_ERROR",
            "Expected sum of lengths to be equal to values.shape[0], but sum of lengths is "
            f"{sum(sizes)} and value's shape is: [{dims}]",
        )
    return sizes


def _unequal_pieces(sizes: list[int], shape: tuple | None, infer_shape: bool) -> Exception:
    if not infer_shape:
        return error(
            "UNIMPLEMENTED",
            "TensorArray.split into unequal lengths: a TensorArray holding elements of "
            "several shapes (infer_shape=False) is not supported",
        )
    i = next(k for k, n in enumerate(sizes) if n != sizes[0])
    rest = "".join("," + ("?" if d is None else str(d)) for d in (shape or (None,))[1:])
    return error(
        "COMPUTE_ERROR",
        f"Could not write to TensorArray index {i} because the value shape is "
        f"[{sizes[i]}{rest}] which is incompatible with the TensorArray's inferred element "
        f"shape: [{sizes[0]}{rest}] (consider setting infer_shape=False).",
    )


def _known_indices(index: Tensor) -> frozenset[int]:
    """The indices a write's index tensor holds when the graph fixes them (a literal, or
    the row positions of a value of known length), else none."""
    from .shape_values import read_at_build

    if index.op.type == "TensorArrayIndices":
        shape = index.op.inputs[0].static_shape
        n = None if shape is None or not shape else shape[0]
        return frozenset(range(n)) if n is not None else frozenset()
    known = read_at_build(index)
    return frozenset() if known is None else frozenset(int(i) for i in np.reshape(known, -1))


def row_positions(t: Tensor) -> Tensor:
    """0, 1, ..., n-1 for the n rows of `t` (an int32 vector)."""
    graph = t.graph
    return graph.create_op("TensorArrayIndices", (t,), None, "range").outputs[0]


def _indices_infer(shapes, types, attrs):
    return [((None if not shapes[0] else shapes[0][0],), _dt.int32)]


@register_op("TensorArrayIndices", arity=1, infer=_indices_infer, unknown_rank_ok=True)
def _indices(op):
    return lambda t: np.arange(np.shape(t)[0], dtype=np.int32)


not_differentiable("TensorArrayIndices")
