"""tf.data's graph ops: datasets as values of `variant` tensors, iterators as session state.

A dataset op (`TensorSliceDataset`, `BatchDatasetV2`, `MapDataset`, ...) computes an
immutable description of a dataset, a `DatasetValue`, from its inputs — as TensorFlow's
dataset ops compute a variant. Iterating over it makes an `ElementIterator`; an iterator
op's state (which element comes next) is kept in the session (`RunState.rngs`, the
session's per-op state beside its random generators), never on the graph, so two sessions
iterate independently and re-running an initializer restarts. `IteratorGetNext` advances
once per run, however many fetches read it; past the end it raises END_OF_SEQUENCE
(`tf.errors.OutOfRangeError`). The functions of `map`, `filter` and `interleave` are
traced once into bodies, as `while_loop`'s are, and run as plans of their own.

The Python API (`gg.data.Dataset`, iterators) is in `graphgate/data.py`.
"""

from __future__ import annotations

import json
import operator
import os
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import GraphgateError, error
from ..graph import Graph, Operation
from ..limits import check_held_beside
from ..plan import SUBGRAPH_KERNELS, deadline_error
from ..run_bytes import held_bytes
from . import control_flow_ops as _cf
from . import philox
from . import script_ops as _script
from .registry import REQUIRED, InferenceError, not_differentiable, register_op
from .shape_values import constant_value

# A dataset's value and an iterator's handle are Python objects, not arrays: no feed,
# constant or wire tensor has these dtypes, and the service refuses to fetch them.
variant = _dt.DType(np.dtype(object), "variant")
resource = _dt.DType(np.dtype(object), "resource")

# The op types that make, initialize or read an iterator: their state lives in a session.
ITERATOR_OP_TYPES = frozenset(("IteratorV2", "OneShotIterator", "IteratorFromStringHandleV2"))
# TF1's queues (ops/queue_ops.py) keep their contents in a session too.
_QUEUE_OP_TYPES = frozenset(
    ("FIFOQueueV2", "PaddingFIFOQueueV2", "RandomShuffleQueueV2", "PriorityQueueV2")
)
# TF1's queue readers (ops/file_reader_ops.py) keep their place in a file there too.
_READER_OP_TYPES = frozenset(
    ("TFRecordReaderV2", "TextLineReaderV2", "FixedLengthRecordReaderV2", "WholeFileReaderV2")
)
# TF's mutable lookup tables (ops/lookup_ops.py) hold what runs inserted there too.
MUTABLE_TABLE_OP_TYPES = frozenset(
    ("MutableHashTableV2", "MutableHashTableOfTensorsV2", "MutableDenseHashTableV2")
)
_SESSION_STATE_OP_TYPES = (
    ITERATOR_OP_TYPES | _QUEUE_OP_TYPES | _READER_OP_TYPES | MUTABLE_TABLE_OP_TYPES
)

# Elements a filter or skip may pass over between two readings of the clock.
_CLOCK_EVERY = 1024
_UNBOUNDED = 2**63 - 1  # a shuffle buffer of UNKNOWN size: larger than any input
# Inputs an interleave keeps open at once: each is an iterator held in memory (TF has no
# bound; a larger cycle is no use and would only exhaust memory).
MAX_CYCLE_LENGTH = 1 << 16


# -- element specs in attributes --------------------------------------------------------------


def encode_types(types: list) -> str:
    return ",".join("variant" if t is variant else _dt.as_dtype(t).name for t in types)


def encode_shapes(shapes: list) -> str:
    return json.dumps([None if s is None else list(s) for s in shapes])


def _decode_types(text: Any) -> list:
    if not isinstance(text, str) or not text:
        raise InferenceError("INVALID_ATTR", "output_types must name at least one dtype")
    try:
        return [variant if t == "variant" else _dt.as_dtype(t) for t in text.split(",")]
    except Exception:
        raise InferenceError(
            "INVALID_ATTR", f"output_types {text!r} names an unknown dtype"
        ) from None


def _decode_shapes(text: Any, n: int) -> list:
    try:
        shapes = json.loads(text)
    except (TypeError, ValueError):
        shapes = None
    if not isinstance(shapes, list) or len(shapes) != n or not all(_shape_ok(s) for s in shapes):
        raise InferenceError(
            "INVALID_ATTR",
            f"output_shapes must be a JSON list of {n} shapes (lists of non-negative ints "
            "and nulls, or null)",
        )
    return [None if s is None else tuple(s) for s in shapes]


def _shape_ok(s: Any) -> bool:
    if s is None:
        return True
    return isinstance(s, list) and all(d is None or (type(d) is int and d >= 0) for d in s)


def element_spec(attrs: dict) -> tuple[list, list]:
    types = _decode_types(attrs.get("output_types"))
    return types, _decode_shapes(attrs.get("output_shapes"), len(types))


# -- dataset values and their iterators ---------------------------------------------------------


INFINITE = -1  # TF's kInfiniteCardinality and kUnknownCardinality
UNKNOWN = -2


class DatasetValue:
    """An immutable description of a dataset; `iterator()` starts a pass over it."""

    def iterator(self) -> ElementIterator:
        raise NotImplementedError

    def cardinality(self) -> int:
        """Its number of elements as TF's DatasetCardinality counts it without a pass:
        INFINITE, or UNKNOWN where that takes running it (filter, interleave, files)."""
        return UNKNOWN


class _SameCount:
    """A transformation of one element per element of `child` (shuffle, cache)."""

    def cardinality(self) -> int:
        return self.child.cardinality()


class ElementIterator:
    """One pass over a dataset: `next(state)` is the next element (a list of arrays, one
    per component) or None at the end."""

    def next(self, state: Any) -> list | None:
        raise NotImplementedError


def _frozen(a: np.ndarray) -> np.ndarray:
    """A read-only view: an element may share memory with a fed or constant array, and the
    session copies read-only values before handing them out."""
    v = a.view()
    v.flags.writeable = False
    return v


class _Once(ElementIterator):
    def __init__(self, element: list):
        self.element = element

    def next(self, state):
        element, self.element = self.element, None
        return element


class TensorValue(DatasetValue):
    def __init__(self, components: list):
        self.components = [_frozen(np.asarray(c)) for c in components]

    def iterator(self):
        return _Once(self.components)

    def cardinality(self) -> int:
        return 1


class SliceValue(DatasetValue):
    def __init__(self, components: list):
        comps = [np.asarray(c) for c in components]
        sizes = {c.shape[0] if c.ndim else None for c in comps}
        if None in sizes:
            raise error("COMPUTE_ERROR", "from_tensor_slices needs components of rank >= 1")
        if len(sizes) != 1:
            raise error(
                "COMPUTE_ERROR",
                "all components of from_tensor_slices must have the same first dimension, "
                f"got {sorted(sizes)}",
            )
        self.components = comps
        self.size = sizes.pop()

    def iterator(self):
        return _Slices(self.components, self.size)

    def cardinality(self) -> int:
        return self.size


class _Slices(ElementIterator):
    def __init__(self, components: list, size: int):
        self.components, self.size, self.i = components, size, 0

    def next(self, state):
        i = self.i
        if i >= self.size:
            return None
        self.i = i + 1
        return [_frozen(c[i, ...]) for c in self.components]


class RangeValue(DatasetValue):
    def __init__(self, start: Any, stop: Any, step: Any):
        if int(step) == 0:
            raise error("COMPUTE_ERROR", "range's step must not be 0")
        self.start, self.stop, self.step = int(start), int(stop), int(step)

    def iterator(self):
        return _Range(self.start, self.stop, self.step)

    def cardinality(self) -> int:
        return max(0, -((self.start - self.stop) // self.step))  # ceil((stop - start) / step)


class _Range(ElementIterator):
    def __init__(self, start: int, stop: int, step: int):
        self.i, self.stop, self.step = start, stop, step

    def next(self, state):
        i = self.i
        if (self.step > 0 and i >= self.stop) or (self.step < 0 and i <= self.stop):
            return None
        self.i = i + self.step
        return [np.array(i, np.int64)]


class ZipValue(DatasetValue):
    def __init__(self, children: list):
        self.children = children

    def iterator(self):
        return _Zip([c.iterator() for c in self.children])

    def cardinality(self) -> int:
        counts = [c.cardinality() for c in self.children]
        if UNKNOWN in counts:
            return UNKNOWN
        finite = [n for n in counts if n != INFINITE]
        return min(finite) if finite else INFINITE


class _Zip(ElementIterator):
    def __init__(self, its: list):
        self.its = its

    def next(self, state):
        out = []
        for it in self.its:
            e = it.next(state)
            if e is None:
                return None
            out += e
        return out


class ConcatValue(DatasetValue):
    def __init__(self, first: DatasetValue, second: DatasetValue):
        self.first, self.second = first, second

    def iterator(self):
        return _Concat(self.first.iterator(), self.second)

    def cardinality(self) -> int:
        a, b = self.first.cardinality(), self.second.cardinality()
        if UNKNOWN in (a, b):
            return UNKNOWN
        return INFINITE if INFINITE in (a, b) else a + b


class _Concat(ElementIterator):
    def __init__(self, it: ElementIterator, then: DatasetValue | None):
        self.it, self.then = it, then

    def next(self, state):
        e = self.it.next(state)
        if e is None and self.then is not None:
            self.it, self.then = self.then.iterator(), None
            e = self.it.next(state)
        return e


class _Held:
    """Counts the elements a buffer (a batch being built, a shuffle buffer, a cache)
    holds: past the run's tensor limit it is TENSOR_TOO_LARGE, as a tensor of that size
    would be; its bytes `times` over (a batch's rows and their stack) beside what the run
    holds past the run's byte budget, RUN_TOO_LARGE (a buffer held 60 elements of 4 MB
    under a 100 MB budget); and the clock is read every so often while it fills."""

    __slots__ = ("bytes", "items", "n", "times", "what")

    def __init__(self, what: str, times: int = 1):
        self.what, self.n, self.items, self.bytes, self.times = what, 0, 0, 0, times

    def add(self, element: list, state: Any) -> None:
        self.n += sum(int(np.size(c)) for c in element)
        self.bytes += held_bytes(element)
        self.items += 1
        limit = getattr(state, "max_elements", None)
        if limit is not None and self.n > limit:
            raise error(
                "TENSOR_TOO_LARGE",
                f"the {self.what} holds more than the limit of {limit} elements",
                details={"limit": limit},
            )
        check_held_beside(state, self.times * self.bytes, f"as its {self.what} fills")
        if self.items % _CLOCK_EVERY == 0 and state.late():
            raise error("DEADLINE_EXCEEDED", f"the run exceeded its time budget in {self.what}")

    def remove(self, element: list) -> None:
        self.n -= sum(int(np.size(c)) for c in element)
        self.bytes -= held_bytes(element)


def _positive(value: Any, what: str) -> int:
    n = int(value)
    if n <= 0:
        raise error("COMPUTE_ERROR", f"{what} must be greater than zero, got {n}")
    return n


def _take(it: ElementIterator, size: int, state: Any, each: Any = None) -> list:
    """Up to `size` elements of `it` (fewer at its end) for a batch, held against the
    run's limits; `each` checks (and maps) every element as it comes, before the next is
    pulled."""
    rows, held = [], _Held("batch", times=2)
    while len(rows) < size:
        e = it.next(state)
        if e is None:
            break
        held.add(e, state)
        rows.append(e if each is None else each(e))
    return rows


class BatchValue(DatasetValue):
    """`batch` and, with `padded` ((shapes, values) per component), `padded_batch`."""

    def __init__(self, child: DatasetValue, size: Any, drop: Any, padded: list | None = None):
        self.child, self.size, self.drop = child, _positive(size, "batch_size"), bool(drop)
        self.padded = padded

    def iterator(self):
        return _Batch(self, self.child.iterator())

    def cardinality(self) -> int:
        n = self.child.cardinality()
        if n < 0:
            return n
        return n // self.size + (1 if n % self.size and not self.drop else 0)


class _Batch(ElementIterator):
    def __init__(self, ds: BatchValue, it: ElementIterator):
        self.ds, self.it = ds, it

    def next(self, state):
        rows = _take(self.it, self.ds.size, state)
        if not rows or (self.ds.drop and len(rows) < self.ds.size):
            return None
        columns = list(zip(*rows, strict=True))
        if self.ds.padded is None:
            return [_stack(list(c), i, state) for i, c in enumerate(columns)]
        return [
            _pad_stack(list(c), i, shape, value, state)
            for i, (c, (shape, value)) in enumerate(zip(columns, self.ds.padded, strict=True))
        ]


class SparseBatchValue(DatasetValue):
    """`dense_to_sparse_batch`: `size` elements (one tensor each) as one SparseTensor of
    every entry, zeros too, its dense shape `[n, *row_shape]` (a row dimension of -1 the
    batch's largest), as TF's DenseToSparseBatchDataset."""

    def __init__(self, child: DatasetValue, size: Any, row_shape: Any):
        self.child, self.size = child, _positive(size, "batch_size")
        self.row_shape = np.asarray(row_shape, np.int64).reshape(-1)

    def iterator(self):
        return _SparseBatch(self, self.child.iterator())


class _SparseBatch(ElementIterator):
    def __init__(self, ds: SparseBatchValue, it: ElementIterator):
        self.ds, self.it = ds, it

    def next(self, state):
        rows = _take(self.it, self.ds.size, state, lambda e: self._checked(np.asarray(e[0])))
        if not rows:
            return None
        indices = [
            np.concatenate([np.full((r.size, 1), k), np.argwhere(np.ones(r.shape, bool))], 1)
            for k, r in enumerate(rows)
        ]
        widest = np.max([r.shape for r in rows], axis=0).astype(np.int64)
        row = np.where(self.ds.row_shape < 0, widest, self.ds.row_shape)
        return [
            sparse_item(
                np.concatenate(indices).astype(np.int64),
                np.concatenate([r.reshape(-1) for r in rows]),
                np.concatenate([[len(rows)], row]),
            )
        ]

    def _checked(self, r: np.ndarray) -> np.ndarray:
        want = self.ds.row_shape
        if r.ndim != len(want):
            raise error(
                "COMPUTE_ERROR",
                f"Input element had shape {list(r.shape)}, which is not of the row shape's "
                f"rank {len(want)}",
            )
        if np.any((want >= 0) & (np.asarray(r.shape) > want)):
            raise error(
                "PADDED_SHAPE_TOO_SMALL",
                f"Input element had shape {list(r.shape)} that is larger than the row shape "
                f"{want.tolist()}",
            )
        return r


def _check_size(shape: tuple, state: Any) -> None:
    limit = getattr(state, "max_elements", None)
    n = int(np.prod(shape))
    if limit is not None and n > limit:
        raise error(
            "TENSOR_TOO_LARGE",
            f"a batch of shape {list(shape)} has {n} elements, more than the limit of {limit}",
            details={"shape": list(shape), "limit": limit},
        )


def _stack(values: list, i: int, state: Any) -> np.ndarray:
    first = values[0].shape
    for k, v in enumerate(values):
        if v.shape != first:
            raise error(
                "COMPUTE_ERROR",
                f"Cannot batch tensors with different shapes in component {i}. First element "
                f"had shape {list(first)} and element {k} had shape {list(v.shape)}.",
            )
    _check_size((len(values), *first), state)
    return np.stack(values)


def _pad_stack(values: list, i: int, shape: np.ndarray, value: Any, state: Any) -> np.ndarray:
    rank = len(shape)
    for v in values:
        if v.ndim != rank:
            raise error(
                "COMPUTE_ERROR",
                f"padded_batch: component {i} has rank {v.ndim}, its padded shape rank {rank}",
            )
    target = []
    for d, want in enumerate(shape):
        most = max(v.shape[d] for v in values)
        if want >= 0 and most > want:
            raise error(
                "PADDED_SHAPE_TOO_SMALL",
                f"Attempted to pad to a smaller size than the input element: component {i} "
                f"has size {most} in dimension {d}, its padded size is {int(want)}",
            )
        target.append(most if want < 0 else int(want))
    _check_size((len(values), *target), state)
    if np.asarray(value).dtype != values[0].dtype:
        raise error(
            "COMPUTE_ERROR", f"padded_batch: component {i}'s padding value has another dtype"
        )
    out = np.full((len(values), *target), value, dtype=values[0].dtype)
    for k, v in enumerate(values):
        out[(k, *(slice(0, n) for n in v.shape))] = v
    return out


class UnbatchValue(DatasetValue):
    def __init__(self, child: DatasetValue):
        self.child = child

    def iterator(self):
        return _Unbatch(self.child.iterator())


class _Unbatch(ElementIterator):
    def __init__(self, it: ElementIterator):
        self.it, self.rows = it, None

    def next(self, state):
        while self.rows is None or not self.rows:
            e = self.it.next(state)
            if e is None:
                return None
            sizes = {c.shape[0] if c.ndim else None for c in e}
            if None in sizes or len(sizes) != 1:
                raise error(
                    "COMPUTE_ERROR", "unbatch needs components with the same first dimension"
                )
            n = sizes.pop()
            self.rows = [[_frozen(c[j, ...]) for c in e] for j in range(n - 1, -1, -1)]
        return self.rows.pop()


class RebatchValue(DatasetValue):
    """`rebatch`: the input's rows in batches of `sizes[k]`, k cycling (TF's
    RebatchDatasetV2: `unbatch().batch(n)` with n taken from the list in turn); the last
    batch smaller unless `drop`."""

    def __init__(self, child: DatasetValue, sizes: Any, drop: Any):
        self.child, self.drop = child, bool(drop)
        self.sizes = [_positive(n, "batch_size") for n in np.reshape(sizes, -1)]
        if not self.sizes:
            raise error("COMPUTE_ERROR", "batch_sizes must not be empty")

    def iterator(self):
        return _Rebatch(self, _Unbatch(self.child.iterator()))


class _Rebatch(ElementIterator):
    def __init__(self, ds: RebatchValue, rows: ElementIterator):
        self.ds, self.rows, self.k = ds, rows, 0

    def next(self, state):
        size = self.ds.sizes[self.k % len(self.ds.sizes)]
        self.k += 1
        rows = _take(self.rows, size, state)
        if not rows or (self.ds.drop and len(rows) < size):
            return None
        return [_stack(list(c), i, state) for i, c in enumerate(zip(*rows, strict=True))]


class RepeatValue(DatasetValue):
    def __init__(self, child: DatasetValue, count: Any, fused: bool = False):
        self.child, self.count = child, int(count)
        # TF's default tf.data optimizations fuse a shuffle and the repeat of it into one
        # ShuffleAndRepeatDataset (`fused`: `repeats_a_shuffle`), whose kernel refuses a
        # count of 0 or below -1 (a plain repeat takes them: nothing, for ever).
        # `shuffle_and_repeat_fusion=False` is not read (docs/decision_log.md).
        if fused and not (self.count > 0 or self.count == -1):
            raise error("COMPUTE_ERROR", "count must be greater than zero or equal to -1.")

    def iterator(self):
        return _Repeat(self.child, self.count)

    def cardinality(self) -> int:
        n = self.child.cardinality()
        if self.count < 0:
            return 0 if n == 0 else INFINITE
        if self.count == 0:
            return 0
        return n if n < 0 else n * self.count


class _Repeat(ElementIterator):
    def __init__(self, child: DatasetValue, count: int):
        self.child, self.count, self.done = child, count, 0
        self.it = child.iterator() if count != 0 else None
        self.fresh = True

    def next(self, state):
        while self.it is not None:
            e = self.it.next(state)
            if e is not None:
                self.fresh = False
                return e
            self.done += 1
            # An input that is empty from its start ends the repetition, as TF's does,
            # rather than looping for ever.
            if self.fresh or (self.count >= 0 and self.done >= self.count):
                self.it = None
                break
            self.it, self.fresh = self.child.iterator(), True
        return None


class ShuffleValue(_SameCount, DatasetValue):
    """TF's shuffle buffer, drawing TF's orders. With a seed every new iterator draws the
    same orders (a new session, a re-run initializer); with `reshuffle` each pass of a
    `repeat` over it takes the next seeds from a generator keyed by the op's, as TF's
    RandomSeedGenerator, so passes differ as TF's epochs do; without, every pass uses the
    op's seeds. Unseeded, the seeds are drawn at random once."""

    def __init__(self, child: DatasetValue, size: Any, seeds: Any, reshuffle: bool):
        # UNKNOWN (-2), TF's "buffer every element": a ring that never wraps.
        unbounded = int(np.asarray(size)) == UNKNOWN
        self.child = child
        self.size = _UNBOUNDED if unbounded else _positive(size, "buffer_size")
        if seeds is None:
            seeds = tuple(int(v) for v in np.random.SeedSequence().generate_state(2, np.uint64))
        self.seeds, self.reshuffle = seeds, reshuffle
        self.epochs: philox.WordStream | None = None

    def iterator_seeds(self) -> tuple[int, int]:
        if not self.reshuffle:
            return self.seeds
        if self.epochs is None:
            self.epochs = philox.WordStream(*self.seeds, 0)
        first, second = (int(w) for w in self.epochs.take(2))
        return first, second

    def iterator(self):
        stream = philox.WordStream(*self.iterator_seeds(), 0)
        return _Shuffle(self.child.iterator(), self.size, stream)


class _Shuffle(ElementIterator):
    """TF's ring buffer: positions [start, end) hold the waiting elements; each draw takes
    the one at start + u % count and moves the element at start into its slot."""

    def __init__(self, it: ElementIterator, size: int, stream: philox.WordStream):
        self.it, self.size, self.stream = it, size, stream
        self.buffer: dict[int, Any] = {}
        self.start = self.end = 0
        self.held = _Held("shuffle buffer")

    def next(self, state):
        buf, size = self.buffer, self.size
        while self.it is not None and self.end - self.start < size:
            e = self.it.next(state)
            if e is None:
                self.it = None
                break
            self.held.add(e, state)
            buf[self.end % size] = e
            self.end += 1
        if self.end == self.start:
            return None
        offset = int(self.stream.take(1)[0]) % (self.end - self.start)
        slot, first = (self.start + offset) % size, self.start % size
        e = buf[slot]
        buf[slot] = buf[first]
        del buf[first]
        self.start += 1
        self.held.remove(e)
        return e


class TakeValue(DatasetValue):
    def __init__(self, child: DatasetValue, count: Any):
        self.child, self.count = child, int(count)

    def iterator(self):
        return _Take(self.child.iterator(), self.count)

    def cardinality(self) -> int:
        n = self.child.cardinality()
        if n == UNKNOWN:
            return UNKNOWN
        if n == INFINITE:
            return self.count
        if self.count == INFINITE:
            return n
        return min(n, self.count)  # TF's arithmetic: take(-2) of a finite input counts -2


class _Take(ElementIterator):
    def __init__(self, it: ElementIterator, count: int):
        self.it, self.left = it, count

    def next(self, state):
        if self.left == 0:
            return None
        self.left -= 1
        return self.it.next(state)


class SkipValue(DatasetValue):
    def __init__(self, child: DatasetValue, count: Any):
        self.child, self.count = child, int(count)

    def iterator(self):
        if self.count < 0:
            # TF's EmptyIterator: a negative count skips the whole input without reading
            # it, an endless one too.
            return _Replay([])
        return _Skip(self.child.iterator(), self.count)

    def cardinality(self) -> int:
        n = self.child.cardinality()
        if n < 0:
            return n
        return 0 if self.count < 0 else max(0, n - self.count)


class UniqueValue(DatasetValue):
    """Each element the first time it comes, as TF's UniqueDataset."""

    def __init__(self, child: DatasetValue):
        self.child = child

    def iterator(self):
        return _Unique(self.child.iterator())

    def cardinality(self) -> int:
        return UNKNOWN  # TF's: known only by running it


class _Unique(ElementIterator):
    def __init__(self, it: ElementIterator):
        self.it, self.seen = it, set()

    def next(self, state):
        while (element := self.it.next(state)) is not None:
            if len(element) != 1:
                raise error(
                    "COMPUTE_ERROR", "UniqueDataset only supports inputs with a single component."
                )
            # The shape is part of the key: [1, 2] and [[1, 2]] are different elements.
            key = (np.shape(element[0]), tuple(np.ravel(element[0]).tolist()))
            if key not in self.seen:
                self.seen.add(key)
                return element
        return None


class ShardValue(DatasetValue):
    """Every `num_shards`-th element from the `index`-th, as TF's ShardDataset."""

    def __init__(self, child: DatasetValue, num_shards: Any, index: Any):
        n, i = int(num_shards), int(index)
        if n <= 0:
            raise error(
                "COMPUTE_ERROR",
                f"Number of shards must be greater than zero (currently num_shards = {n}).",
            )
        if not 0 <= i < n:
            raise error(
                "COMPUTE_ERROR", f"Index must be between 0 and {n - 1} (currently index = {i})."
            )
        self.child, self.num_shards, self.index = child, n, i

    def iterator(self):
        return _Shard(self.child.iterator(), self.num_shards, self.index)

    def cardinality(self) -> int:
        n = self.child.cardinality()
        if n < 0:
            return n
        return n // self.num_shards + (1 if self.index < n % self.num_shards else 0)


class _Shard(ElementIterator):
    def __init__(self, it: ElementIterator, num_shards: int, index: int):
        self.it, self.num_shards, self.skip = it, num_shards, index

    def next(self, state):
        for _ in range(self.skip):
            if self.it.next(state) is None:
                self.skip = 0
                return None
        self.skip = self.num_shards - 1
        return self.it.next(state)


class _Skip(ElementIterator):
    def __init__(self, it: ElementIterator, count: int):
        self.it, self.skip = it, count

    def next(self, state):
        while self.skip != 0:
            e = self.it.next(state)
            if e is None:
                self.skip = 0
                return None
            self.skip -= 1
            if self.skip % _CLOCK_EVERY == 0 and state.late():
                raise error("DEADLINE_EXCEEDED", "the run exceeded its time budget in skip")
        return self.it.next(state)


class CacheValue(_SameCount, DatasetValue):
    """In memory: the first complete pass is kept, later passes (a `repeat` over it) read
    it back. The cache belongs to this value, made anew by each initialization."""

    def __init__(self, child: DatasetValue):
        self.child = child
        self.cache: list | None = None

    def iterator(self):
        if self.cache is not None:
            return _Replay(self.cache)
        return _Fill(self, self.child.iterator())


class _Replay(ElementIterator):
    def __init__(self, elements: list):
        self.elements, self.i = elements, 0

    def next(self, state):
        if self.i >= len(self.elements):
            return None
        self.i += 1
        return self.elements[self.i - 1]


class _Fill(ElementIterator):
    def __init__(self, ds: CacheValue, it: ElementIterator):
        self.ds, self.it, self.seen = ds, it, []
        self.held = _Held("cache")

    def next(self, state):
        e = self.it.next(state)
        if e is None:
            self.ds.cache = self.seen
            return None
        # Read-only, so that a caller editing a fetched element cannot change the cache.
        e = [_frozen(np.asarray(c)) for c in e]
        self.held.add(e, state)
        self.seen.append(e)
        return e


class MapValue(DatasetValue):  # uncounted: TF1's map does not preserve_cardinality
    def __init__(self, child: DatasetValue, fn: Callable):
        self.child, self.fn = child, fn

    def iterator(self):
        return _Map(self.child.iterator(), self.fn)


class _Map(ElementIterator):
    def __init__(self, it: ElementIterator, fn: Callable):
        self.it, self.fn = it, fn

    def next(self, state):
        e = self.it.next(state)
        return None if e is None else self.fn(state, e)


class FilterValue(DatasetValue):
    def __init__(self, child: DatasetValue, fn: Callable):
        self.child, self.fn = child, fn

    def iterator(self):
        return _Filter(self.child.iterator(), self.fn)


class _Filter(ElementIterator):
    def __init__(self, it: ElementIterator, fn: Callable):
        self.it, self.fn = it, fn

    def next(self, state):
        n = 0
        while True:
            e = self.it.next(state)
            if e is None or self.fn(state, e)[0]:
                return e
            n += 1
            if n % _CLOCK_EVERY == 0 and state.late():
                raise error("DEADLINE_EXCEEDED", "the run exceeded its time budget in filter")


class InterleaveValue(DatasetValue):
    """`interleave` (and `flat_map`, one cycle of one): `fn` makes a dataset per element."""

    def __init__(self, child: DatasetValue, fn: Callable, cycle: Any, block: Any):
        self.child, self.fn = child, fn
        # AUTOTUNE (-1) is the machine's CPU count in TF too: orders then vary by machine.
        cycle = (os.cpu_count() or 1) if int(cycle) == -1 else cycle
        self.cycle, self.block = _positive(cycle, "cycle_length"), _positive(block, "block_length")
        if self.cycle > MAX_CYCLE_LENGTH:
            raise error(
                "COMPUTE_ERROR",
                f"cycle_length {self.cycle} is more than graphgate's {MAX_CYCLE_LENGTH}",
                details={"limit": MAX_CYCLE_LENGTH},
            )

    def iterator(self):
        return _Interleave(self)


class _Interleave(ElementIterator):
    def __init__(self, ds: InterleaveValue):
        self.ds, self.it = ds, ds.child.iterator()
        self.slots: list = [None] * ds.cycle  # each [iterator, elements left in its block]
        self.pos = 0
        self.input_done = False

    def _open(self, state) -> Any:
        e = None if self.input_done else self.it.next(state)
        if e is None:
            self.input_done = True
            return None
        inner = self.ds.fn(state, e)[0]
        return [inner.iterator(), self.ds.block]

    def next(self, state):
        while True:
            if self.input_done and all(s is None for s in self.slots):
                return None
            slot = self.slots[self.pos]
            if slot is None:
                slot = self.slots[self.pos] = self._open(state)
                if slot is None:
                    self.pos = (self.pos + 1) % self.ds.cycle
                    continue
            e = slot[0].next(state)
            if e is None:
                # An exhausted input gives its turn to the next one, as TF's does.
                self.slots[self.pos] = None
                self.pos = (self.pos + 1) % self.ds.cycle
                continue
            slot[1] -= 1
            if slot[1] == 0:
                slot[1] = self.ds.block
                self.pos = (self.pos + 1) % self.ds.cycle
            return e


class GeneratorValue(DatasetValue):
    """`Dataset.from_generator`: each pass calls the Python function anew (local sessions
    only, as py_func), converting what it yields losslessly to the declared dtypes."""

    def __init__(self, op: Operation, elements: Callable, args: tuple):
        self.op, self.elements, self.args = op, elements, args

    def iterator(self):
        return _Generated(self)


class _Generated(ElementIterator):
    def __init__(self, ds: GeneratorValue):
        self.ds, self.it = ds, None
        self.specs = [(t.dtype, t.static_shape) for t in _spec_tensors(ds.op)]

    def next(self, state):
        try:
            if self.it is None:
                self.it = iter(self.ds.elements(*self.ds.args))
            flat = next(self.it, None)
        except (ValueError, TypeError) as exc:
            raise error("COMPUTE_ERROR", f"{type(exc).__name__}: {exc}") from None
        except GraphgateError:
            raise
        except Exception as exc:
            raise error("PYTHON_FUNCTION_FAILED", f"{type(exc).__name__}: {exc}") from None
        if flat is None:
            return None
        return [
            _generated(v, dtype, shape) for v, (dtype, shape) in zip(flat, self.specs, strict=True)
        ]


def _spec_tensors(op: Operation) -> list:
    """Stand-ins with the element spec of `op`'s attributes (dtype, static_shape)."""
    types, shapes = element_spec(op.attrs)
    return [_Spec(t, s) for t, s in zip(types, shapes, strict=True)]


class _Spec:
    __slots__ = ("dtype", "static_shape")

    def __init__(self, dtype: Any, shape: tuple | None):
        self.dtype, self.static_shape = dtype, shape


def _generated(value: Any, dtype: Any, shape: tuple | None) -> np.ndarray:
    try:
        arr = _dt.convert(value, dtype)
    except GraphgateError:
        raise error(
            "COMPUTE_ERROR",
            f"`generator` yielded an element that did not match the expected structure: "
            f"expected {dtype.name}, got {value!r:.80}",
        ) from None
    if shape is not None and (
        arr.ndim != len(shape)
        or any(d is not None and d != n for d, n in zip(shape, arr.shape, strict=True))
    ):
        raise error(
            "COMPUTE_ERROR",
            f"`generator` yielded an element of shape {arr.shape} where an element of shape "
            f"{tuple(shape)} was expected.",
        )
    return arr


# -- ops: sources and transformations -------------------------------------------------------------


# An element's dtypes and static shapes, as attributes (see element_spec).
_SPEC_ATTRS = {"output_types": ("str", REQUIRED), "output_shapes": ("str", REQUIRED)}

# What an input must be, by letter: a dataset, an iterator, or a scalar of a dtype. A
# document can wire any tensor anywhere; checked here, a float batch size is refused
# rather than truncated and a constant is never iterated.
_KINDS = {
    "d": (variant, "a dataset"),
    "r": (resource, "an iterator"),
    "i": (_dt.int64, "an int64 scalar"),
    "b": (_dt.bool_, "a bool scalar"),
    "s": (_dt.string, "a string scalar"),
}


def _expect(pattern: str, outputs: Callable | None = None) -> Callable:
    """Inference checking input k against `pattern[k]` (the last letter repeats for
    further inputs; `*` is anything), then giving `outputs(attrs)` (a dataset)."""

    def infer(shapes, types, attrs):
        for k, (shape, dtype) in enumerate(zip(shapes, types, strict=True)):
            letter = pattern[min(k, len(pattern) - 1)]
            if letter != "*":
                _check_input(k, letter, shape, dtype)
        return outputs(attrs) if outputs is not None else [((), variant)]

    return infer


def _check_input(k: int, letter: str, shape: tuple | None, dtype: Any) -> None:
    want, what = _KINDS[letter]
    # Variant, resource and string share numpy's object dtype: only identity tells them.
    ok = dtype is want if letter in "drs" else dtype == want
    if not ok or (letter not in "dr" and shape not in (None, ())):
        raise InferenceError(
            "DTYPE_MISMATCH", f"input {k} must be {what}, got {dtype.name} {shape}"
        )


def _dataset_op(
    type_: str, arity: Any, value: Callable, pattern: str, attrs: dict | None = None
) -> None:
    """Register a dataset op whose kernel is `value(*inputs)` (a DatasetValue)."""

    def factory(op):
        return value

    register_op(
        type_,
        arity=arity,
        infer=_expect(pattern),
        attrs=attrs,
        stateful=True,
        unknown_rank_ok=True,
    )(factory)


_dataset_op("TensorDataset", (1, 1 << 30), lambda *c: TensorValue(list(c)), "*")
_dataset_op("TensorSliceDataset", (1, 1 << 30), lambda *c: SliceValue(list(c)), "*")
_dataset_op("RangeDataset", 3, RangeValue, "i")


@register_op(
    "GeneratorDataset",
    arity=(0, 1 << 30),
    infer=_expect("*"),
    attrs={"token": ("str", REQUIRED), **_SPEC_ATTRS},
    stateful=True,
    unknown_rank_ok=True,
)
def _generator_dataset(op):
    elements = _script.kept(op.graph, op.attrs["token"])
    if elements is None:
        raise _script.refuse(op.name)
    return lambda *args: GeneratorValue(op, elements, args)


_dataset_op("ZipDataset", (1, 1 << 30), lambda *d: ZipValue(list(d)), "d")
_dataset_op("ConcatenateDataset", 2, ConcatValue, "d")
_dataset_op("BatchDatasetV2", 3, BatchValue, "dib")
_dataset_op("DenseToSparseBatchDataset", 3, SparseBatchValue, "di*")

# What TF's default noop_elimination drops before shuffle_and_repeat_fusion reads the
# graph: a take of -1, a skip of 0, a repeat of 1, a shard into 1 (their counts constants)
# and a map whose function answers its arguments. A prefetch, options or a cache stay, and
# a repeat after them is no fused repeat (TF 2.21: tests/reference/review42.py).
_NO_OP_COUNTS = {"TakeDataset": -1, "SkipDataset": 0, "RepeatDataset": 1, "ShardDataset": 1}


def _eliminated(op: Operation) -> bool:
    if op.type == "MapDataset":
        body = op.attrs["f"]
        same = len(body.outputs) == len(body.args)
        return same and not body.targets and all(map(operator.is_, body.outputs, body.args))
    if op.type not in _NO_OP_COUNTS:
        return False
    count = constant_value(op.inputs[1])
    return count is not None and count.size == 1 and int(count) == _NO_OP_COUNTS[op.type]


def repeats_a_shuffle(op: Operation) -> bool:
    """Whether TF fuses the repeat `op` with a shuffle it repeats (its input, past what
    TF's no-op elimination drops)."""
    src = op.inputs[0].op
    while _eliminated(src):
        src = src.inputs[0].op
    return src.type == "ShuffleDataset"


@register_op("RepeatDataset", arity=2, infer=_expect("di"), stateful=True, unknown_rank_ok=True)
def _repeat(op):
    fused = repeats_a_shuffle(op)
    return lambda d, count: RepeatValue(d, count, fused)


_dataset_op("TakeDataset", 2, TakeValue, "di")
_dataset_op("SkipDataset", 2, SkipValue, "di")
_dataset_op("UniqueDataset", 1, UniqueValue, "d")
_dataset_op("ShardDataset", 3, ShardValue, "dii", {"require_non_empty": ("bool", False)})
_dataset_op("PrefetchDataset", 2, lambda d, n: d, "di")


@register_op(
    "DatasetCardinality", arity=1, infer=_expect("d", lambda a: [((), _dt.int64)]),
    unknown_rank_ok=True,
)  # fmt: skip
def _dataset_cardinality(op):
    return lambda d: np.array(d.cardinality(), np.int64)


# `with_options`' node: its input's elements; the options are data.Options' to read.
_dataset_op("OptionsDataset", 1, lambda d: d, "d", {"serialized_options": ("str", "")})
_dataset_op("UnbatchDataset", 1, UnbatchValue, "d")
_dataset_op("RebatchDatasetV2", 3, RebatchValue, "d*b")
_dataset_op("CacheDataset", 1, CacheValue, "d", {"filename": ("str", "")})


def _padded_batch(d, size, *rest):
    n = (len(rest) - 1) // 2
    shapes, values, drop = rest[:n], rest[n : 2 * n], rest[-1]
    padded = [(np.asarray(s, np.int64).reshape(-1), v) for s, v in zip(shapes, values, strict=True)]
    return BatchValue(d, size, drop, padded)


def _padded_batch_infer(shapes, types, attrs):
    n = len(types) - 3
    if n % 2:
        raise InferenceError("WRONG_ARITY", "padded_batch takes as many padding values as shapes")
    _expect("di")(shapes[:2], types[:2], attrs)
    _expect("b")(shapes[-1:], types[-1:], attrs)
    for k in range(2, 2 + n // 2):
        if types[k] != _dt.int64 or (shapes[k] is not None and len(shapes[k]) != 1):
            raise InferenceError("DTYPE_MISMATCH", f"input {k} must be an int64 padded shape")
    for k in range(2 + n // 2, 2 + n):
        if shapes[k] not in (None, ()):
            raise InferenceError("SHAPE_MISMATCH", f"input {k} must be a scalar padding value")
    return [((), variant)]


register_op(
    "PaddedBatchDatasetV2",
    arity=(3, 1 << 30),
    infer=_padded_batch_infer,
    stateful=True,
    unknown_rank_ok=True,
)(lambda op: _padded_batch)


def _shuffle_factory(op):
    seed, seed2 = op.attrs.get("seed") or 0, op.attrs.get("seed2") or 0
    seeds = None if seed == 0 and seed2 == 0 else (seed, seed2)  # TF's "no seed"
    reshuffle = op.attrs.get("reshuffle_each_iteration", True)

    def kernel(d, size):
        return ShuffleValue(d, size, seeds, reshuffle)

    return kernel


register_op(
    "ShuffleDataset",
    arity=2,
    infer=_expect("di"),
    attrs={
        "seed": ("seed", None),
        "seed2": ("seed", None),
        "reshuffle_each_iteration": ("bool", True),
    },
    stateful=True,
)(_shuffle_factory)


# -- ops holding a function: map, filter, interleave --------------------------------------------


def _body_fn(op: Operation, exports: list, compile_body: Callable, attr: str) -> Callable:
    """The function's plan, where each capture of its body sits among the op's inputs
    after the first `_FIRST[op.type]`, and that count."""
    if exports:
        raise error("INTERNAL_ERROR", f"{op.name} exports values of its function", node=op.name)
    body = op.attrs[attr]
    plan = compile_body(body, [*body.args, *body.captures], body.outputs, body.targets)
    first = _FIRST[op.type]
    index = {t: i for i, t in enumerate(op.inputs[first:])}
    picks = [index[t] for t in body.captures]
    return plan, picks, _arguments(op, body)


def _arguments(op: Operation, body: Any, first: int = 0) -> Callable:
    """The function's arguments of an element: each sparse component (`sparse_args`) as
    its three arrays, the values in the dtype of the body's argument (the element's
    arguments starting at the body's argument `first`)."""
    text = op.attrs.get("sparse_args") or ""
    sparse = {int(i) for i in text.split(",")} if text else set()
    if not sparse:
        return list
    dtypes, k, i = {}, first, 0
    while k < len(body.args):
        if i in sparse:
            dtypes[i] = np.dtype(body.args[k + 1].dtype.dtype)
        k, i = k + (3 if i in sparse else 1), i + 1

    def expand(element: list) -> list:
        out: list = []
        for i, c in enumerate(element):
            out.extend(deserialize_sparse(c, dtypes[i]) if i in sparse else (c,))
        return out

    return expand


def element_fn_kernel(value_cls: type, attr: str):
    """The kernel maker of a dataset op that wraps its input in `value_cls` with the body
    in attribute `attr` applied to each element (map's `f`, filter's and take_while's
    `predicate`)."""

    def make(op, exports, compile_body):
        plan, picks, args = _body_fn(op, exports, compile_body, attr)

        def kernel(d, *captured):
            caps = [captured[i] for i in picks]
            return value_cls(d, lambda state, e: plan.call(state, [*args(e), *caps]))

        return kernel

    return make


_map_kernel = element_fn_kernel(MapValue, "f")
_filter_kernel = element_fn_kernel(FilterValue, "predicate")


def _interleave_kernel(op, exports, compile_body):
    plan, picks, args = _body_fn(op, exports, compile_body, "f")

    def kernel(d, cycle, block, *captured):
        caps = [captured[i] for i in picks]
        return InterleaveValue(
            d, lambda state, e: plan.call(state, [*args(e), *caps]), cycle, block
        )

    return kernel


def _runs_through_body(op):
    raise error("INTERNAL_ERROR", f"{op.type} runs through its function", node=op.name)


_FIRST = {"MapDataset": 1, "FilterDataset": 1, "InterleaveDataset": 3}
for _type, _attr, _kernel in (
    ("MapDataset", "f", _map_kernel),
    ("FilterDataset", "predicate", _filter_kernel),
    ("InterleaveDataset", "f", _interleave_kernel),
):
    register_op(
        _type,
        arity=(_FIRST[_type], 1 << 30),
        infer=_expect("dii*" if _type == "InterleaveDataset" else "d*"),
        attrs={_attr: ("body", REQUIRED), "sparse_args": ("str", "")},
        stateful=True,
        unknown_rank_ok=True,
    )(_runs_through_body)
    SUBGRAPH_KERNELS[_type] = _kernel


def _check_map(op: Operation) -> None:
    body = op.attrs["f"]
    if len(body.args) < 1 or not body.outputs:
        raise error(
            "INVALID_DATASET", f"{op.name}'s function takes and returns elements", node=op.name
        )


def _check_filter(op: Operation) -> None:
    body = op.attrs["predicate"]
    out = body.outputs
    if len(out) != 1 or out[0].dtype != _dt.bool_ or out[0].static_shape not in (None, ()):
        raise error(
            "INVALID_DATASET", f"{op.name}'s predicate must return one scalar bool", node=op.name
        )


def _check_interleave(op: Operation) -> None:
    body = op.attrs["f"]
    if len(body.outputs) != 1 or body.outputs[0].dtype != variant:
        raise error("INVALID_DATASET", f"{op.name}'s function must return a dataset", node=op.name)


_cf.register_body_holder("MapDataset", lambda op: 1, _check_map)
_cf.register_body_holder("FilterDataset", lambda op: 1, _check_filter)
_cf.register_body_holder("InterleaveDataset", lambda op: 3, _check_interleave)


# -- iterators ------------------------------------------------------------------------------------


def _key(handle: Any) -> tuple:
    return ("iterator", handle)


def _handle_of(attrs):
    element_spec(attrs)
    return [((), resource)]


@register_op(
    "IteratorV2",
    arity=0,
    infer=_expect("*", _handle_of),
    attrs={**_SPEC_ATTRS, "shared_name": ("str", "")},
    stateful=True,
)
def _iterator(op):
    handle = op.attrs.get("shared_name") or op.name
    return lambda: handle


def _function_streams(dataset: Any) -> list[tuple]:
    """The session-state keys of the random streams of the ops in the functions (map,
    filter, interleave... and the datasets those make) of the dataset `dataset` computes."""
    keys, seen, todo = [], set(), [dataset.op]
    while todo:
        op = todo.pop()
        if op in seen:
            continue
        seen.add(op)
        todo.extend(t.op for t in op.inputs if t.dtype is variant)
        for body in (v for v in op.attrs.values() if isinstance(v, _cf.Body)):
            keys.extend(("philox", o.name) for o in body.ops)
            todo.extend(body.ops)
    return keys


def _restart_functions(state: Any, streams: list[tuple]) -> None:
    """A new iterator instantiates its dataset's functions anew in TF, so their random
    ops draw their streams from the start again."""
    for key in streams:
        state.rngs.pop(key, None)


@register_op(
    "OneShotIterator",
    arity=1,
    infer=_expect("d", _handle_of),
    attrs=_SPEC_ATTRS,
    stateful=True,
    needs_state=True,
)
def _one_shot(op):
    key = _key(op.name)
    streams = _function_streams(op.inputs[0])

    def kernel(state, dataset):
        if key not in state.rngs:
            _restart_functions(state, streams)
            state.rngs[key] = dataset.iterator()
        return op.name

    return kernel


@register_op(
    "MakeIterator",
    arity=2,
    infer=_expect("dr", lambda attrs: []),
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _make_iterator(op):
    streams = _function_streams(op.inputs[0])

    def kernel(state, dataset, handle):
        _restart_functions(state, streams)
        state.rngs[_key(handle)] = dataset.iterator()

    return kernel


@register_op(
    "IteratorToStringHandle",
    arity=1,
    infer=_expect("r", lambda attrs: [((), _dt.string)]),
    stateful=True,
)
def _to_string_handle(op):
    # The handle's bytes name the iterator's state in the session (its op or shared name).
    return lambda handle: np.array(handle.encode(), dtype=object)


@register_op(
    "IteratorFromStringHandleV2",
    arity=1,
    infer=_expect("s", _handle_of),
    attrs=_SPEC_ATTRS,
    stateful=True,
    needs_state=True,
)
def _from_string_handle(op):
    def kernel(state, text):
        value = np.asarray(text, dtype=object)
        item = value.item() if value.shape == () else None
        if not isinstance(item, bytes):
            raise error("COMPUTE_ERROR", "an iterator's string handle is one bytes scalar")
        handle = item.decode(errors="replace")
        if _key(handle) not in state.rngs:
            raise error(
                "ITERATOR_NOT_INITIALIZED",
                f"no initialized iterator has the string handle {handle!r} in this session",
            )
        return handle

    return kernel


def _element_of(attrs):
    types, shapes = element_spec(attrs)
    return list(zip(shapes, types, strict=True))


@register_op(
    "IteratorGetNext",
    arity=1,
    infer=_expect("r", _element_of),
    attrs=_SPEC_ATTRS,
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _get_next(op):
    specs = [(t.dtype.dtype, t.static_shape) for t in op.outputs]
    single = len(specs) == 1

    def kernel(state, handle):
        it = state.rngs.get(_key(handle))
        if it is None:
            raise error(
                "ITERATOR_NOT_INITIALIZED",
                "GetNext() failed because the iterator has not been initialized. Ensure that "
                "you have run the initializer operation for this iterator before getting the "
                "next element.",
            )
        if state.late():
            raise deadline_error(op)
        element = it.next(state)
        if element is None:
            raise error("END_OF_SEQUENCE", "End of sequence")
        _check_element(element, specs)
        return element[0] if single else element

    return kernel


def _check_element(element: list, specs: list) -> None:
    """Never hand out an element the iterator's static spec does not describe (a document
    joining an iterator to a dataset of another spec)."""
    if len(element) != len(specs):
        raise error(
            "COMPUTE_ERROR", f"the dataset gives {len(element)} components, expected {len(specs)}"
        )
    for i, (v, (dtype, shape)) in enumerate(zip(element, specs, strict=True)):
        ok = v.dtype == dtype and (
            shape is None
            or (
                v.ndim == len(shape)
                and all(d is None or d == n for d, n in zip(shape, v.shape, strict=True))
            )
        )
        if not ok:
            raise error(
                "COMPUTE_ERROR",
                f"component {i} of the element is {v.dtype.name} {list(v.shape)}, the iterator "
                f"expects {np.dtype(dtype).name} {shape if shape is None else list(shape)}",
            )


# -- sparse elements: one variant holding a SparseTensor's three arrays, as TF's ------------


def sparse_item(indices: Any, values: Any, dense_shape: Any) -> np.ndarray:
    """A 0-d variant holding one SparseTensor's (indices, values, dense_shape)."""
    out = np.empty((), object)
    out[()] = (
        _frozen(np.asarray(indices, np.int64)),
        _frozen(np.asarray(values)),
        _frozen(np.asarray(dense_shape, np.int64).reshape(-1)),
    )
    return out


def _serialize_infer(many: bool) -> Callable:
    def infer(shapes, types, attrs):
        if types[0] != _dt.int64 or types[2] != _dt.int64:
            raise InferenceError("DTYPE_MISMATCH", "a SparseTensor's indices and shape are int64")
        if attrs.get("out_type", variant) is not variant:
            # tf.serialize_sparse's strings: the three TensorProtos, a row of them each.
            return [((None, 3) if many else (3,), _dt.string)]
        return [((None,) if many else (), variant)]

    return infer


# graphgate's own graphs leave out `out_type` for the variant its datasets hold; TF's
# `serialize_sparse` asks for strings.
_SERIALIZE_ATTRS = {"out_type": ("dtype", variant)}


def _as_strings(parts: tuple) -> np.ndarray:
    """A SparseTensor's (indices, values, dense_shape) as TF's three serialized
    TensorProtos."""
    from ..tf_proto import tensor_proto

    out = np.empty(3, object)
    out[:] = [tensor_proto(np.asarray(part)) for part in parts]
    return out


@register_op(
    "SerializeSparse",
    arity=3,
    infer=_serialize_infer(False),
    attrs=_SERIALIZE_ATTRS,
    stateful=True,
)
def _serialize_sparse(op):
    from .sparse_ops import _check_indices

    strings = op.attrs.get("out_type", variant) is not variant

    def kernel(indices, values, dense_shape):
        indices = _check_indices(indices, dense_shape, "SerializeSparse")
        item = sparse_item(indices, values, dense_shape)
        return _as_strings(item[()]) if strings else item

    return kernel


@register_op(
    "SerializeManySparse",
    arity=3,
    infer=_serialize_infer(True),
    attrs=_SERIALIZE_ATTRS,
    stateful=True,
)
def _serialize_many_sparse(op):
    """Row i of a SparseTensor as a SparseTensor of one rank less (`from_tensor_slices`);
    the indices must be in order, as TF's."""
    strings = op.attrs.get("out_type", variant) is not variant

    def kernel(indices, values, dense_shape):
        out = _rows(indices, values, dense_shape)
        if not strings:
            return out
        rows = np.empty((len(out), 3), object)
        for i, parts in enumerate(out):
            rows[i] = _as_strings(parts)
        return rows

    return kernel


def _rows(indices, values, dense_shape) -> np.ndarray:
    """Each row of a SparseTensor as a variant holding a SparseTensor of one rank less."""
    from .sparse_ops import _check_indices

    shape = np.asarray(dense_shape, np.int64).reshape(-1)
    if shape.size < 2:
        raise error(
            "COMPUTE_ERROR",
            f"Rank of input SparseTensor should be > 1, but saw rank: {shape.size}",
        )
    indices = _check_indices(indices, shape, "SerializeManySparse", ordered=True)
    values = np.asarray(values)
    out = np.empty(int(shape[0]), object)
    starts = np.searchsorted(indices[:, 0], np.arange(int(shape[0]) + 1))
    for i in range(int(shape[0])):
        rows = slice(starts[i], starts[i + 1])
        out[i] = sparse_item(indices[rows, 1:], values[rows], shape[1:])[()]
    return out


def _deserialize_infer(shapes, types, attrs):
    if types[0] is not variant:
        raise InferenceError("DTYPE_MISMATCH", "DeserializeSparse reads a variant")
    return [((None, None), _dt.int64), ((None,), attrs["dtype"]), ((None,), _dt.int64)]


@register_op(
    "DeserializeSparse",
    arity=1,
    infer=_deserialize_infer,
    attrs={"dtype": ("dtype", REQUIRED)},
    stateful=True,
    unknown_rank_ok=True,
)
def _deserialize_sparse(op):
    dtype = np.dtype(op.attrs["dtype"].dtype)

    def kernel(items):
        return deserialize_sparse(np.asarray(items, object), dtype)

    return kernel


def deserialize_sparse(items: np.ndarray, dtype: np.dtype) -> tuple:
    """One SparseTensor of the SparseTensors `items` holds, its shape's dimensions first:
    TF's DeserializeSparse (a batch of them: each dimension the largest of the items')."""
    if items.shape == ():
        indices, values, shape = items[()]
        return indices, values.astype(dtype, copy=False), shape
    flat = list(items.reshape(-1))
    ranks = {len(item[2]) for item in flat}
    if len(ranks) > 1:
        raise error(
            "COMPUTE_ERROR", f"the SparseTensors of a batch have different ranks {sorted(ranks)}"
        )
    rank = ranks.pop() if ranks else 0
    lead = np.array(items.shape, np.int64)
    most = np.max([item[2] for item in flat], axis=0) if flat and rank else np.zeros(rank)
    parts, vals = [], []
    for pos, (indices, values, _) in zip(np.ndindex(items.shape), flat, strict=True):
        where = np.broadcast_to(np.array(pos, np.int64), (len(indices), len(pos)))
        parts.append(np.concatenate([where, indices.reshape(len(indices), rank)], axis=1))
        vals.append(values)
    width = len(lead) + rank
    indices = np.concatenate(parts) if parts else np.zeros((0, width), np.int64)
    values = np.concatenate(vals).astype(dtype, copy=False) if vals else np.zeros(0, dtype)
    return indices, values, np.concatenate([lead, np.asarray(most, np.int64)])


def _deserialize_many_infer(shapes, types, attrs):
    if types[0] != _dt.string:
        raise InferenceError("DTYPE_MISMATCH", "deserialize_many_sparse reads strings")
    s = shapes[0]
    if s is not None and (len(s) != 2 or s[1] not in (None, 3)):
        raise InferenceError("SHAPE_MISMATCH", f"serialized_sparse must be [N, 3], got {list(s)}")
    return [((None, None), _dt.int64), ((None,), attrs["dtype"]), ((None,), _dt.int64)]


@register_op(
    "DeserializeManySparse",
    arity=1,
    infer=_deserialize_many_infer,
    attrs={"dtype": ("dtype", REQUIRED)},
    unknown_rank_ok=True,
)
def _deserialize_many_sparse(op):
    dtype = op.attrs["dtype"]

    def kernel(serialized):
        rows = np.asarray(serialized, object)
        if rows.ndim != 2 or rows.shape[1] != 3:
            raise error(
                "COMPUTE_ERROR",
                f"Serialized sparse should be a matrix with 3 columns, got {list(rows.shape)}",
            )
        if not len(rows):
            raise error("COMPUTE_ERROR", "Must have at least 1 serialized SparseTensor, but rank 0")
        items = np.empty(len(rows), object)
        for i, row in enumerate(rows):
            items[i] = _parsed_sparse(row, dtype, i)
        return deserialize_sparse(items, np.dtype(dtype.as_numpy_dtype))

    return kernel


def _parsed_sparse(row: np.ndarray, dtype: Any, i: int) -> tuple:
    """SparseTensor `i` of a serialized batch: its three TensorProtos, checked as TF's."""
    from ..tf_proto import TENSOR, decode, tensor_value

    def corrupt() -> Exception:
        return error("COMPUTE_ERROR", f"Could not parse serialized_sparse[{i}]")

    protos = [decode(bytes(part), TENSOR, corrupt) for part in row]
    if protos[1].get("dtype", 0) != dtype.as_datatype_enum:
        raise error(
            "COMPUTE_ERROR",
            f"Requested SparseTensor of type {dtype.name} but SparseTensor[{i}].values.dtype() "
            f"== {_dt.as_dtype(protos[1].get('dtype', 1)).name}",
        )
    if protos[0].get("dtype") != 9 or protos[2].get("dtype") != 9:
        raise corrupt()
    indices, values, shape = (tensor_value(p, corrupt) for p in protos)
    if indices.ndim != 2 or shape.ndim != 1 or indices.shape[1] != len(shape):
        raise corrupt()
    if values.shape != (len(indices),):
        raise corrupt()
    return indices, values, shape


not_differentiable("SerializeSparse", "SerializeManySparse", "DeserializeSparse")
not_differentiable("DeserializeManySparse")


not_differentiable(
    "GeneratorDataset",
    "TensorDataset",
    "TensorSliceDataset",
    "RangeDataset",
    "ZipDataset",
    "ConcatenateDataset",
    "BatchDatasetV2",
    "DenseToSparseBatchDataset",
    "PaddedBatchDatasetV2",
    "RepeatDataset",
    "TakeDataset",
    "SkipDataset",
    "UniqueDataset",
    "ShardDataset",
    "PrefetchDataset",
    "DatasetCardinality",
    "OptionsDataset",
    "UnbatchDataset",
    "RebatchDatasetV2",
    "CacheDataset",
    "ShuffleDataset",
    "MapDataset",
    "FilterDataset",
    "InterleaveDataset",
    "IteratorV2",
    "OneShotIterator",
    "MakeIterator",
    "IteratorGetNext",
    "IteratorToStringHandle",
    "IteratorFromStringHandleV2",
)


# -- where iterator state cannot be kept ----------------------------------------------------------

# Per graph: (its version when looked at, whether it holds an iterator op). A service run
# asks per request; most graphs have none and answer without a walk.
_HOLDS: weakref.WeakKeyDictionary[Graph, tuple[int, bool]] = weakref.WeakKeyDictionary()


def iterator_needed(graph: Graph, fetches: Any) -> Operation | None:
    """An iterator or queue op that running `fetches` (tensors, operations or names, in
    nested lists, tuples and dicts; unknown names are skipped) would read or initialize,
    or None."""
    known = _HOLDS.get(graph)
    if known is None or known[0] != graph.version:
        known = (graph.version, any(op.type in _SESSION_STATE_OP_TYPES for op in graph.op_list))
        _HOLDS[graph] = known
    if not known[1]:
        return None
    stack = [op for op in _elements(graph, fetches)]
    seen: set[Operation] = set()
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in _SESSION_STATE_OP_TYPES:
            return op
        stack += [t.op for t in op.inputs]
        stack += op.control_inputs
    return None


def _elements(graph: Graph, fetches: Any) -> list[Operation]:
    out, stack = [], [fetches]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += list(item.values())
        elif isinstance(item, list | tuple):
            stack += list(item)
        elif item is not None:
            try:
                element = graph.as_graph_element(item)
            except GraphgateError:
                continue  # the run reports unknown names itself
            out.append(element if isinstance(element, Operation) else element.op)
    return out


def state_not_kept(op: Operation) -> GraphgateError:
    """The error for a run whose iterator position (or queue's contents) would be lost
    between requests."""
    if op.type in _READER_OP_TYPES:
        return error(
            "ITERATOR_STATE_NOT_KEPT",
            f"this run uses the reader {op.name}, whose place in its files a stored session "
            "does not keep between requests; use it in a one-shot graph run or a local "
            "gg.Session",
            node=op.name,
        )
    if op.type in _QUEUE_OP_TYPES:
        return error(
            "ITERATOR_STATE_NOT_KEPT",
            f"this run uses the queue {op.name}, whose contents a stored session does not "
            "keep between requests; use it in a one-shot graph run or a local gg.Session",
            node=op.name,
        )
    if op.type in MUTABLE_TABLE_OP_TYPES:
        return error(
            "ITERATOR_STATE_NOT_KEPT",
            f"this run uses the mutable table {op.name}, whose contents a stored session "
            "does not keep between requests; use it in a one-shot graph run or a local "
            "gg.Session",
            node=op.name,
        )
    return error(
        "ITERATOR_STATE_NOT_KEPT",
        f"this run uses the tf.data iterator {op.name}, whose position a stored session "
        "does not keep between requests; iterate in a one-shot graph run or a local "
        "gg.Session",
        node=op.name,
    )
