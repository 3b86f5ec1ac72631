"""TF1's queues: `tf.FIFOQueue`, `tf.PaddingFIFOQueue`, `tf.RandomShuffleQueue` and their
base `tf.QueueBase` (also under `tf.queue` and `tf.io`), building TF's ops with TF's
default names (`fifo_queue`, `fifo_queue_enqueue`, `fifo_queue_Dequeue`, ...). What runs
them, and how a dequeue runs queue runners instead of waiting for threads, is in
`ops/queue_ops.py`."""

from __future__ import annotations

from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import (
    Dimension,
    Tensor,
    TensorShape,
    convert_to_tensor,
    get_default_graph,
    name_scope,
)
from .ops import queue_ops as _ops
from .ops.misc_ops import init_scope
from .ops.shape_values import constant_value

__all__ = ["FIFOQueue", "PaddingFIFOQueue", "PriorityQueue", "QueueBase", "RandomShuffleQueue"]


def _type_list(dtypes: Any) -> list:
    if dtypes is None:
        raise TypeError("a queue needs dtypes")
    items = list(dtypes) if isinstance(dtypes, (list, tuple)) else [dtypes]
    return [_dt.as_dtype(d) for d in items]


def _shape_list(shapes: Any, partial: bool = False) -> list | None:
    """TF's `_as_shape_list`: one shape or a list of them, fully defined unless `partial`."""
    if partial and (
        not isinstance(shapes, (list, tuple))
        or not shapes
        or any(s is None or isinstance(s, int) for s in shapes)
    ):
        raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError(
            "Shapes must be a TensorShape or a list or tuple of TensorShapes, "
            f"got {type(shapes)} instead."
        )
    if all(s is None or isinstance(s, int) for s in shapes):
        shapes = [shapes]
    out = [TensorShape(s) for s in shapes]
    if any(s.dims is None for s in out):
        raise ValueError(f"All shapes must have a defined rank: {out}")
    if not partial and any(not s.is_fully_defined() for s in out):
        raise ValueError(f"All shapes must be fully defined: {out}")
    return out


def _name_list(names: Any, dtypes: list) -> list | None:
    if names is None:
        return None
    if not isinstance(names, (list, tuple)):
        names = [names]
    if len(names) != len(dtypes):
        raise ValueError(
            "List of names must have the same length as the list "
            f"of dtypes, received len(names)={len(names)},len(dtypes)={len(dtypes)}"
        )
    return list(names)


def _component(value: Any, dtype: Any, name: str) -> Tensor:
    if isinstance(value, Tensor) and value.dtype != dtype:
        # TF's convert_to_tensor refuses a tensor of another dtype with a ValueError.
        raise ValueError(
            f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
            f"{value.dtype.name}: {value}"
        )
    return convert_to_tensor(value, dtype=dtype, name=name)


def _dims(shape: TensorShape) -> list | None:
    return None if shape.dims is None else shape.as_list()


def _batch_dim(t: Tensor) -> Any:
    shape = t.shape
    if shape.dims is None:
        return Dimension(None)
    if not shape.dims:
        raise ValueError(f"Shape {shape} must have rank at least 1")
    return shape[0]


class QueueBase:
    """A queue of elements (tuples of tensors) whose contents live in each session."""

    def __init__(self, dtypes: list, shapes: list | None, names: list | None, queue_ref: Tensor):
        self._dtypes = dtypes
        if shapes is not None:
            if len(shapes) != len(dtypes):
                raise ValueError(
                    "Queue shapes must have the same length as dtypes, "
                    f"received len(shapes)={len(shapes)}, len(dtypes)={len(dtypes)}"
                )
            self._shapes = [TensorShape(s) for s in shapes]
        else:
            self._shapes = [TensorShape(None) for _ in dtypes]
        if names is not None and len(names) != len(dtypes):
            raise ValueError(
                "Queue names must have the same length as dtypes,"
                f"received len(names)={len(names)},len {len(dtypes)}"
            )
        self._names = names
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    @staticmethod
    def from_list(index: Any, queues: list) -> QueueBase:
        raise error("UNIMPLEMENTED", "QueueBase.from_list (a queue chosen by a tensor)")

    @property
    def queue_ref(self) -> Tensor:
        return self._queue_ref

    @property
    def name(self) -> str:
        return self._queue_ref.op.name

    @property
    def dtypes(self) -> list:
        return self._dtypes

    @property
    def shapes(self) -> list:
        return self._shapes

    @property
    def names(self) -> list | None:
        return self._names

    # -- building ops ------------------------------------------------------------------------
    def _spec_attrs(self) -> dict:
        shapes = [_dims(s) for s in self._shapes]
        return {
            "component_types": _ops.encode_types(self._dtypes),
            "shapes": _ops.encode_shapes(shapes) if any(s is not None for s in shapes) else "[]",
        }

    def _check_enqueue_dtypes(self, vals: Any) -> list:
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError(
                    "Keys in dictionary to enqueue do not match names of Queue.  Dictionary: "
                    f"{sorted(vals.keys())},Queue: {sorted(self._names)}"
                )
            vals = [vals[k] for k in self._names]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if not isinstance(vals, (list, tuple)):
                vals = [vals]
        return [
            _component(v, d, f"component_{i}")
            for i, (v, d) in enumerate(zip(vals, self._dtypes, strict=False))
        ]

    def _graph(self):
        return self._queue_ref.graph

    def enqueue(self, vals: Any, name: str | None = None):
        """The op that adds one element."""
        with self._graph().as_default(), name_scope(name, f"{self._name}_enqueue") as scope:
            tensors = self._check_enqueue_dtypes(vals)
            for t, shape in zip(tensors, self._shapes, strict=False):
                t.shape.assert_is_compatible_with(shape)
            return self._graph().create_op(
                "QueueEnqueueV2", (self._queue_ref, *tensors), None, scope
            )

    def enqueue_many(self, vals: Any, name: str | None = None):
        """The op that adds the slices of `vals` along dimension 0 as elements."""
        with self._graph().as_default(), name_scope(name, f"{self._name}_EnqueueMany") as scope:
            tensors = self._check_enqueue_dtypes(vals)
            batch = _batch_dim(tensors[0])
            for t, shape in zip(tensors, self._shapes, strict=False):
                batch = batch.merge_with(_batch_dim(t))
                if t.shape.dims is not None:
                    t.shape[1:].assert_is_compatible_with(shape)
            return self._graph().create_op(
                "QueueEnqueueManyV2", (self._queue_ref, *tensors), None, scope
            )

    def _result(self, op) -> Any:
        tensors = list(op.outputs)
        if self._names:
            return {n: tensors[i] for i, n in enumerate(self._names)}
        return tensors[0] if len(tensors) == 1 else tensors

    def dequeue(self, name: str | None = None) -> Any:
        """One element's tensors (a dict when the queue has names)."""
        op = self._graph().create_op(
            "QueueDequeueV2",
            (self._queue_ref,),
            self._spec_attrs(),
            name if name is not None else f"{self._name}_Dequeue",
        )
        return self._result(op)

    def _dequeue_n(self, op_type: str, n: Any, name: str, static: bool) -> Any:
        graph = self._graph()
        with graph.as_default():
            if not isinstance(n, Tensor):
                # A literal `n` is a constant `<op name>/n`, as TF names it.
                with name_scope(name) as name:
                    n = convert_to_tensor(n, dtype=_dt.int32, name="n")
            value = constant_value(n) if static else None
            attrs = {**self._spec_attrs(), "batch": -1 if value is None else int(value)}
            op = graph.create_op(op_type, (self._queue_ref, n), attrs, name)
        return self._result(op)

    def dequeue_many(self, n: Any, name: str | None = None) -> Any:
        """`n` elements, stacked along a new dimension 0."""
        name = name if name is not None else f"{self._name}_DequeueMany"
        return self._dequeue_n("QueueDequeueManyV2", n, name, True)

    def dequeue_up_to(self, n: Any, name: str | None = None) -> Any:
        """As `dequeue_many`, but fewer than `n` once the queue is closed."""
        name = name if name is not None else f"{self._name}_DequeueUpTo"
        return self._dequeue_n("QueueDequeueUpToV2", n, name, False)

    def close(self, cancel_pending_enqueues: bool = False, name: str | None = None):
        return self._graph().create_op(
            "QueueCloseV2",
            (self._queue_ref,),
            {"cancel_pending_enqueues": bool(cancel_pending_enqueues)},
            name if name is not None else f"{self._name}_Close",
        )

    def is_closed(self, name: str | None = None) -> Tensor:
        return (
            self._graph()
            .create_op(
                "QueueIsClosedV2",
                (self._queue_ref,),
                None,
                name if name is not None else f"{self._name}_Is_Closed",
            )
            .outputs[0]
        )

    def size(self, name: str | None = None) -> Tensor:
        return (
            self._graph()
            .create_op(
                "QueueSizeV2",
                (self._queue_ref,),
                None,
                name if name is not None else f"{self._name}_Size",
            )
            .outputs[0]
        )


def _make(op_type: str, dtypes: list, shapes: list | None, capacity: int, extra: dict, name):
    attrs = {
        "component_types": _ops.encode_types(dtypes),
        "shapes": "[]" if shapes is None else _ops.encode_shapes([s.as_list() for s in shapes]),
        "capacity": int(capacity),
        **extra,
    }
    with init_scope():
        return get_default_graph().create_op(op_type, (), attrs, name).outputs[0]


class FIFOQueue(QueueBase):
    """A queue that dequeues elements in first-in first-out order."""

    def __init__(
        self,
        capacity: int,
        dtypes: Any,
        shapes: Any = None,
        names: Any = None,
        shared_name: str | None = None,
        name: str = "fifo_queue",
    ):
        dtypes = _type_list(dtypes)
        shapes = _shape_list(shapes)
        names = _name_list(names, dtypes)
        extra = {"shared_name": shared_name or ""}
        ref = _make("FIFOQueueV2", dtypes, shapes, capacity, extra, name)
        super().__init__(dtypes, shapes, names, ref)


class PaddingFIFOQueue(QueueBase):
    """A FIFO queue whose `dequeue_many` pads components of unknown dimensions with zeros
    up to the largest in the batch."""

    def __init__(
        self,
        capacity: int,
        dtypes: Any,
        shapes: Any,
        names: Any = None,
        shared_name: str | None = None,
        name: str = "padding_fifo_queue",
    ):
        dtypes = _type_list(dtypes)
        shapes = _shape_list(shapes, partial=True)
        names = _name_list(names, dtypes)
        if len(dtypes) != len(shapes):
            raise ValueError(
                "Shapes must be provided for all components, "
                f"but received {len(dtypes)} dtypes and {len(shapes)} shapes."
            )
        extra = {"shared_name": shared_name or ""}
        ref = _make("PaddingFIFOQueueV2", dtypes, shapes, capacity, extra, name)
        super().__init__(dtypes, shapes, names, ref)


class RandomShuffleQueue(QueueBase):
    """A queue that dequeues a uniformly random element, keeping `min_after_dequeue`
    elements to choose from until it is closed."""

    def __init__(
        self,
        capacity: int,
        min_after_dequeue: int,
        dtypes: Any,
        shapes: Any = None,
        names: Any = None,
        seed: int | None = None,
        shared_name: str | None = None,
        name: str = "random_shuffle_queue",
    ):
        from .tf_random import get_seed

        dtypes = _type_list(dtypes)
        shapes = _shape_list(shapes)
        names = _name_list(names, dtypes)
        seed1, seed2 = get_seed(seed)
        extra = {
            "shared_name": shared_name or "",
            "min_after_dequeue": int(min_after_dequeue),
            "seed": seed1 or 0,
            "seed2": seed2 or 0,
        }
        ref = _make("RandomShuffleQueueV2", dtypes, shapes, capacity, extra, name)
        super().__init__(dtypes, shapes, names, ref)


class PriorityQueue(QueueBase):
    """A queue that dequeues the element of lowest priority first: each element leads
    with an int64 scalar priority."""

    def __init__(
        self,
        capacity: int,
        types: Any,
        shapes: Any = None,
        names: Any = None,
        shared_name: str | None = None,
        name: str = "priority_queue",
    ):
        types = _type_list(types)
        shapes = _shape_list(shapes)
        ref = _make(
            "PriorityQueueV2", types, shapes, capacity, {"shared_name": shared_name or ""}, name
        )
        priority_types = [_dt.int64, *types]
        priority_shapes = [TensorShape([]), *shapes] if shapes else shapes
        super().__init__(priority_types, priority_shapes, names, ref)
