"""TF1's queue-based input pipeline (`tf.train.slice_input_producer`, `batch`,
`shuffle_batch`, ...), built as TF builds it: a queue per stage, filled by a
`QueueRunner` that `start_queue_runners` starts (here: registers, see
`queue_runner.py`), with TF's "fraction_of_N_full" summaries."""

from __future__ import annotations

from typing import Any

from .. import build_files
from .. import dtypes as _dt
from ..errors import error
from ..graph import (
    Tensor,
    TensorShape,
    control_dependencies,
    convert_to_tensor,
    get_default_graph,
    name_scope,
)
from ..queues import FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue
from ..variable_scope import GraphKeys
from .queue_runner import QueueRunner, add_queue_runner

__all__ = [
    "batch",
    "batch_join",
    "input_producer",
    "limit_epochs",
    "maybe_batch",
    "maybe_batch_join",
    "maybe_shuffle_batch",
    "maybe_shuffle_batch_join",
    "range_input_producer",
    "shuffle_batch",
    "shuffle_batch_join",
    "slice_input_producer",
    "string_input_producer",
]


def limit_epochs(tensor: Any, num_epochs: int | None = None, name: str | None = None) -> Tensor:
    """`tensor`, until it has been read `num_epochs` times (then OutOfRangeError); counts
    in the local variable `epochs`."""
    from ..ops.array_ops import identity
    from ..ops.state_ops import Variable

    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    with name_scope(name, "limit_epochs", [tensor]) as scope:
        zero64 = convert_to_tensor(0, dtype=_dt.int64)
        epochs = Variable(
            zero64, name="epochs", trainable=False, collections=[GraphKeys.LOCAL_VARIABLES]
        )
        counter = epochs.count_up_to(num_epochs)
        with control_dependencies([counter]):
            return identity(tensor, name=scope)


def input_producer(
    input_tensor: Any,
    element_shape: Any = None,
    num_epochs: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    capacity: int = 32,
    shared_name: str | None = None,
    summary_name: str | None = None,
    name: str | None = None,
    cancel_op: Any = None,
) -> FIFOQueue:
    """A queue filled with the rows of `input_tensor` (shuffled each epoch if `shuffle`)."""
    from ..ops.random_extra_ops import random_shuffle

    with name_scope(name, "input_producer", [input_tensor]) as scope:
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        shape = input_tensor.shape
        element = TensorShape(None) if shape.dims is None else shape[1:]
        element = element.merge_with(TensorShape(element_shape))
        if not element.is_fully_defined():
            raise ValueError(
                "Either `input_tensor` must have a fully defined shape or "
                "`element_shape` must be specified"
            )
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = FIFOQueue(
            capacity,
            dtypes=[input_tensor.dtype],
            shapes=[element],
            shared_name=shared_name,
            name=scope,
        )
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        if summary_name is not None:
            _fullness(summary_name, q.size(), capacity)
        return q


def string_input_producer(
    string_tensor: Any,
    num_epochs: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    capacity: int = 32,
    shared_name: str | None = None,
    name: str | None = None,
    cancel_op: Any = None,
) -> FIFOQueue:
    """A queue of the strings of a 1-D `string_tensor` (file names, as TF1's readers
    take them), `num_epochs` times, shuffled each epoch if `shuffle`; an empty tensor
    fails its run as TF's Assert does."""
    from ..ops.array_ops import identity, size
    from ..ops.debug_ops import Assert
    from ..ops.math_ops import greater

    not_null = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, Tensor) and not len(string_tensor):
        raise error("INVALID_ATTR", not_null)
    # Its strings are file names for TF1's readers: read the files into the graph now.
    names = build_files.constant_names(string_tensor)
    if names is not None:
        build_files.register(get_default_graph(), names)
    with name_scope(name, "input_producer", [string_tensor]) as scope:
        string_tensor = convert_to_tensor(string_tensor, dtype=_dt.string)
        check = Assert(greater(size(string_tensor), 0), [not_null])
        with control_dependencies([check]):
            string_tensor = identity(string_tensor)
        return input_producer(
            string_tensor,
            [],
            num_epochs,
            shuffle,
            seed,
            capacity,
            shared_name,
            f"fraction_of_{capacity}_full",
            scope,
            cancel_op,
        )


def range_input_producer(
    limit: Any,
    num_epochs: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    capacity: int = 32,
    shared_name: str | None = None,
    name: str | None = None,
) -> FIFOQueue:
    """A queue of the integers 0 .. limit-1 (int32), `num_epochs` times."""
    from ..ops.extra_array_ops import range as _range

    with name_scope(name, "input_producer", [limit]) as scope:
        range_tensor = _range(limit)
        return input_producer(
            range_tensor,
            [],
            num_epochs,
            shuffle,
            seed,
            capacity,
            shared_name,
            f"fraction_of_{capacity}_full",
            scope,
        )


def slice_input_producer(
    tensor_list: list,
    num_epochs: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    capacity: int = 32,
    shared_name: str | None = None,
    name: str | None = None,
) -> list:
    """One row of each tensor of `tensor_list` per dequeue, the same row of each."""
    from ..ops.array_ops import gather, shape

    with name_scope(name, "input_producer", tensor_list):
        tensors = [convert_to_tensor(t) for t in tensor_list]
        if not tensors:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = shape(tensors[0])[0]
        queue = range_input_producer(
            range_size,
            num_epochs=num_epochs,
            shuffle=shuffle,
            seed=seed,
            capacity=capacity,
            shared_name=shared_name,
        )
        index = queue.dequeue()
        return [gather(t, index) for t in tensors]


def _fullness(name: str, size: Tensor, capacity: int) -> None:
    """TF's summary of how full a pipeline's queue is (in `SUMMARIES`, for merge_all)."""
    from .. import summary
    from ..ops.math_ops import cast

    summary.scalar(name, cast(size, _dt.float32) * (1.0 / capacity))


def _maximum(a: Any, b: Any) -> Tensor:
    from ..ops.math_ops import maximum

    return maximum(a, b)


# -- batching ---------------------------------------------------------------------------------


def _as_tensor_list(tensors: Any) -> list:
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]


def _as_original_type(original: Any, dequeued: Any) -> Any:
    if isinstance(original, dict):
        if len(original) == 1:
            dequeued = [dequeued]
        return {k: dequeued[i] for i, k in enumerate(sorted(original, key=str))}
    return dequeued


def _shapes(tensor_list_list: list, shapes: Any, enqueue_many: bool) -> list:
    if shapes is not None:
        return [TensorShape(s) for s in shapes]
    merged = []
    for i in range(len(tensor_list_list[0])):
        shape = TensorShape(None)
        for tensors in tensor_list_list:
            s = tensors[i].shape
            if s.dims is None:
                raise ValueError(f"Cannot infer Tensor's rank: {tensors[i]}")
            shape = shape.merge_with(s[1:] if enqueue_many else s)
        merged.append(shape)
    return merged


def _queue_for(
    dtypes: list,
    shapes: list,
    capacity: int,
    dynamic_pad: bool,
    shared_name: str | None,
    shuffle: tuple | None = None,
) -> Any:
    if shuffle is not None:
        min_after, seed = shuffle
        return RandomShuffleQueue(
            capacity, min_after, dtypes, shapes, seed=seed, shared_name=shared_name
        )
    kind = PaddingFIFOQueue if dynamic_pad else FIFOQueue
    return kind(capacity, dtypes, shapes, shared_name=shared_name)


def _store_sparse(tensor_list_list: list, enqueue_many: bool) -> tuple[list, list]:
    """TF's `_store_sparse_tensors`: each SparseTensor (or SparseTensorValue) stored in the
    session's SparseTensorsMap, its int64 handle (a handle per row with `enqueue_many`)
    queued in its place; the lists of one batch_join share one map per position. Returns
    the lists and, per position, None or (map op, values dtype, static dense shape)."""
    from ..sparse_tensor import SparseTensor, SparseTensorValue
    from ..sparse_tensor import convert as sparse_convert

    first = tensor_list_list[0]
    infos: list = [None] * len(first)
    out = []
    for tl in tensor_list_list:
        row = []
        for i, t in enumerate(tl):
            if not isinstance(t, SparseTensor | SparseTensorValue):
                row.append(convert_to_tensor(t))
                continue
            sp = sparse_convert(t)
            op_type = "AddManySparseToTensorsMap" if enqueue_many else "AddSparseToTensorsMap"
            shared = "" if infos[i] is None else infos[i][0].name
            op = sp.values.graph.create_op(
                op_type, sp.components(), {"shared_name": shared}, op_type
            )
            if infos[i] is None:
                dense = sp.static_dense_shape
                rank = None if dense is None else len(dense) + (0 if enqueue_many else 1)
                infos[i] = (op, sp.dtype, rank)
            row.append(op.outputs[0])
        out.append(row)
    return out, infos


def _restore_sparse(dequeued: list, infos: list) -> list:
    """TF's `_restore_sparse_tensors`: each dequeued batch of handles as one SparseTensor
    (of known rank, its dimensions unknown, as TF's)."""
    from ..sparse_tensor import SparseTensor, with_static

    out = []
    for t, info in zip(dequeued, infos, strict=True):
        if info is None:
            out.append(t)
            continue
        op, dtype, rank = info
        attrs = {"dtype": dtype, "shared_name": op.name}
        take = t.graph.create_op("TakeManySparseFromTensorsMap", (t,), attrs, "TakeManySparse")
        indices, values, shape = take.outputs
        if rank is not None:
            indices.set_shape([None, rank])
            shape.set_shape([rank])
        static = None if rank is None else (None,) * rank
        out.append(with_static(SparseTensor(indices, values, shape), static))
    return out


def _validate_keep_input(keep_input: Any, enqueue_many: bool) -> Tensor:
    keep = convert_to_tensor(keep_input, dtype=_dt.bool_)
    rank = keep.shape.rank
    if rank is None:
        raise ValueError("`keep_input` dimensions must be known at graph construction.")
    if not enqueue_many and rank == 1:
        raise ValueError("`keep_input` cannot be a vector when `enqueue_many=False`.")
    if rank > 1:
        raise ValueError("`keep_input` must be 0 or 1 dimensions.")
    return keep


def _enqueue_op(queue: Any, tensors: list, enqueue_many: bool, keep: Tensor) -> Any:
    """TF's `_enqueue`: the rows `keep` selects, or the element when the scalar `keep` is
    true (decided at build time where the graph fixes `keep`, as `smart_cond` does)."""
    from ..ops.control_flow_ops import cond
    from ..ops.math_ops import cast
    from ..ops.segment_ops import dynamic_partition
    from ..ops.shape_values import constant_value
    from ..ops.state_ops import no_op

    enqueue = queue.enqueue_many if enqueue_many else queue.enqueue
    if keep.shape.rank == 1:
        select = cast(keep, _dt.int32)
        return enqueue([dynamic_partition(t, select, num_partitions=2)[1] for t in tensors])
    fixed = constant_value(keep)
    if fixed is not None:
        return enqueue(tensors) if bool(fixed) else no_op()
    return cond(keep, lambda: enqueue(tensors), no_op)


def _batcher(
    tensor_list_list: list,
    original: Any,
    batch_size: Any,
    *,
    keep_input: Any = True,
    threads: int = 1,
    capacity: int,
    enqueue_many: bool,
    shapes: Any,
    dynamic_pad: bool = False,
    allow_smaller: bool,
    shared_name: str | None,
    shuffle: tuple | None = None,
    scope: str,
) -> Any:
    if not tensor_list_list[0]:
        raise ValueError("Expected at least one tensor in batch().")
    tensor_list_list, sparse = _store_sparse(tensor_list_list, enqueue_many)
    keep = _validate_keep_input(keep_input, enqueue_many)
    dtypes = [t.dtype for t in tensor_list_list[0]]
    for tl in tensor_list_list[1:]:
        if [t.dtype for t in tl] != dtypes:
            raise TypeError("Expected types to be consistent: all lists of tensors")
    shapes = _shapes(tensor_list_list, shapes, enqueue_many)
    queue = _queue_for(dtypes, shapes, capacity, dynamic_pad, shared_name, shuffle)
    if len(tensor_list_list) == 1:
        # One op run by `threads` runners, as TF's `[op] * threads`.
        ops = [_enqueue_op(queue, tensor_list_list[0], enqueue_many, keep)] * threads
    else:
        ops = [_enqueue_op(queue, tl, enqueue_many, keep) for tl in tensor_list_list]
    add_queue_runner(QueueRunner(queue, ops))
    if shuffle is None:
        _fullness(f"fraction_of_{capacity}_full", queue.size(), capacity)
    else:
        min_after = shuffle[0]
        over = _maximum(0, queue.size() - min_after)
        _fullness(
            f"fraction_over_{min_after}_of_{capacity - min_after}_full", over, capacity - min_after
        )
    if allow_smaller:
        dequeued = queue.dequeue_up_to(batch_size, name=scope)
    else:
        dequeued = queue.dequeue_many(batch_size, name=scope)
    if any(info is not None for info in sparse):
        single = not isinstance(dequeued, list)
        restored = _restore_sparse([dequeued] if single else dequeued, sparse)
        dequeued = restored[0] if single else restored
    return _as_original_type(original, dequeued)


def batch(
    tensors: Any,
    batch_size: Any,
    num_threads: int = 1,
    capacity: int = 32,
    enqueue_many: bool = False,
    shapes: Any = None,
    dynamic_pad: bool = False,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    """Batches of `batch_size` elements, through a FIFO (or padding FIFO) queue."""
    return maybe_batch(
        tensors,
        True,
        batch_size,
        num_threads,
        capacity,
        enqueue_many,
        shapes,
        dynamic_pad,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_batch(
    tensors: Any,
    keep_input: Any,
    batch_size: Any,
    num_threads: int = 1,
    capacity: int = 32,
    enqueue_many: bool = False,
    shapes: Any = None,
    dynamic_pad: bool = False,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    """`batch` of the elements (rows, with `enqueue_many`) `keep_input` keeps."""
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "batch", tensor_list) as scope:
        return _batcher(
            [tensor_list],
            tensors,
            batch_size,
            keep_input=keep_input,
            threads=num_threads,
            capacity=capacity,
            enqueue_many=enqueue_many,
            shapes=shapes,
            dynamic_pad=dynamic_pad,
            allow_smaller=allow_smaller_final_batch,
            shared_name=shared_name,
            scope=scope,
        )


def batch_join(
    tensors_list: list,
    batch_size: Any,
    capacity: int = 32,
    enqueue_many: bool = False,
    shapes: Any = None,
    dynamic_pad: bool = False,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    """Batches from several lists of tensors, one enqueue op (TF: thread) each."""
    return maybe_batch_join(
        tensors_list,
        True,
        batch_size,
        capacity,
        enqueue_many,
        shapes,
        dynamic_pad,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_batch_join(
    tensors_list: list,
    keep_input: Any,
    batch_size: Any,
    capacity: int = 32,
    enqueue_many: bool = False,
    shapes: Any = None,
    dynamic_pad: bool = False,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    lists = [_as_tensor_list(t) for t in tensors_list]
    with name_scope(name, "batch_join", [t for tl in lists for t in tl]) as scope:
        return _batcher(
            lists,
            tensors_list[0],
            batch_size,
            keep_input=keep_input,
            capacity=capacity,
            enqueue_many=enqueue_many,
            shapes=shapes,
            dynamic_pad=dynamic_pad,
            allow_smaller=allow_smaller_final_batch,
            shared_name=shared_name,
            scope=scope,
        )


def shuffle_batch(
    tensors: Any,
    batch_size: Any,
    capacity: int,
    min_after_dequeue: int,
    num_threads: int = 1,
    seed: int | None = None,
    enqueue_many: bool = False,
    shapes: Any = None,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    """Batches of randomly chosen elements, through a RandomShuffleQueue."""
    return maybe_shuffle_batch(
        tensors,
        batch_size,
        capacity,
        min_after_dequeue,
        True,
        num_threads,
        seed,
        enqueue_many,
        shapes,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_shuffle_batch(
    tensors: Any,
    batch_size: Any,
    capacity: int,
    min_after_dequeue: int,
    keep_input: Any,
    num_threads: int = 1,
    seed: int | None = None,
    enqueue_many: bool = False,
    shapes: Any = None,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "shuffle_batch", tensor_list) as scope:
        return _batcher(
            [tensor_list],
            tensors,
            batch_size,
            keep_input=keep_input,
            threads=num_threads,
            capacity=capacity,
            enqueue_many=enqueue_many,
            shapes=shapes,
            allow_smaller=allow_smaller_final_batch,
            shared_name=shared_name,
            shuffle=(min_after_dequeue, seed),
            scope=scope,
        )


def shuffle_batch_join(
    tensors_list: list,
    batch_size: Any,
    capacity: int,
    min_after_dequeue: int,
    seed: int | None = None,
    enqueue_many: bool = False,
    shapes: Any = None,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    return maybe_shuffle_batch_join(
        tensors_list,
        batch_size,
        capacity,
        min_after_dequeue,
        True,
        seed,
        enqueue_many,
        shapes,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_shuffle_batch_join(
    tensors_list: list,
    batch_size: Any,
    capacity: int,
    min_after_dequeue: int,
    keep_input: Any,
    seed: int | None = None,
    enqueue_many: bool = False,
    shapes: Any = None,
    allow_smaller_final_batch: bool = False,
    shared_name: str | None = None,
    name: str | None = None,
) -> Any:
    lists = [_as_tensor_list(t) for t in tensors_list]
    with name_scope(name, "shuffle_batch_join", [t for tl in lists for t in tl]) as scope:
        return _batcher(
            lists,
            tensors_list[0],
            batch_size,
            keep_input=keep_input,
            capacity=capacity,
            enqueue_many=enqueue_many,
            shapes=shapes,
            allow_smaller=allow_smaller_final_batch,
            shared_name=shared_name,
            shuffle=(min_after_dequeue, seed),
            scope=scope,
        )
