"""TF1's queues (`FIFOQueueV2`, `PaddingFIFOQueueV2`, `RandomShuffleQueueV2` and the
`Queue*V2` ops that use them): a queue's contents are session state, as an iterator's
position is (`RunState.rngs`), so each session has its own queues and a new session starts
them empty.

graphgate runs a graph on one thread, so nothing can fill an empty queue while a dequeue
waits, nor drain a full one while an enqueue waits. A dequeue short of elements instead runs
the session's started queue runners for that queue (`train/queue_runner.py` registers them
under `runner_key`) until enough are there or every runner has ended (then, as TF's runner
does, the queue is closed); with none to run it raises QUEUE_WOULD_BLOCK where TF would hang.
The Python API (`gg.FIFOQueue`, ...) is in `graphgate/queues.py`.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..limits import check_held_beside
from ..plan import deadline_error
from ..run_bytes import held_bytes
from .dataset_ops import element_spec, encode_shapes, encode_types, resource
from .registry import REQUIRED, InferenceError, not_differentiable, register_op

__all__ = ["QUEUE_OP_TYPES", "encode_shapes", "encode_types", "queue_key", "runner_key"]

QUEUE_OP_TYPES = frozenset(
    ("FIFOQueueV2", "PaddingFIFOQueueV2", "RandomShuffleQueueV2", "PriorityQueueV2")
)

# Runs of a runner's enqueue op that add nothing, in a row, before a dequeue gives up: an
# enqueue of empty batches forever would otherwise spin until the deadline.
_IDLE_RUNS = 1000
_MANY = 1 << 30


def queue_key(handle: str) -> tuple:
    return ("queue", handle)


def runner_key(handle: str) -> tuple:
    return ("queue_runners", handle)


class QueueState:
    """One queue's elements in one session (a list of component lists)."""

    def __init__(self, op: Any, handle: str, rng: np.random.Generator | None):
        attrs = op.attrs
        self.name = op.name
        self.handle = handle
        self.kind = op.type
        self.capacity = attrs.get("capacity", -1)
        self.types, self.shapes = _spec(attrs)
        if self.kind == "PriorityQueueV2":
            # Each element leads with its int64 priority, which the op's types leave out.
            self.types = [_dt.int64, *self.types]
            self.shapes = [(), *self.shapes]
        self.min_after = attrs.get("min_after_dequeue", 0)
        self.rng = rng
        self.elements: list[list] = []
        # The bytes its elements (and those waiting) hold: the run's budget counts them
        # beside the run's own values, since they outlive the step that enqueued them.
        self.nbytes = 0
        # Elements of a runner's enqueue that found the queue full: TF's enqueue would wait
        # for room, so they join as dequeues make room (views, copied when they join, so
        # a large input is never copied whole).
        self.waiting: deque[list] = deque()
        self.closed = False
        # True while a queue runner enqueues: its enqueue would wait for room in TF rather
        # than fail, and the dequeue that ran it takes the elements next.
        self.pending = False
        # True while a dequeue runs this queue's runners: a runner whose enqueue needs
        # this very queue would wait on itself in TF.
        self.filling = False

    def check(self, shapes: list) -> None:
        """Refuse an enqueue of elements of these shapes: closed queue, wrong shapes."""
        if self.closed:
            raise error("QUEUE_CLOSED", f"Queue '{self.name}' is already closed.", node=self.name)
        for i, (got, shape) in enumerate(zip(shapes, self.shapes, strict=True)):
            if shape is not None and not _fits(got, shape):
                raise error(
                    "SHAPE_MISMATCH",
                    f"Shape mismatch in tuple component {i}. Expected {_dims(shape)}, got "
                    f"{list(got)}",
                )

    def room(self, n: int) -> None:
        """Refuse `n` elements a full queue could only take by waiting, outside a runner."""
        if self.pending or self.capacity < 0 or len(self.elements) + n <= self.capacity:
            return
        raise error(
            "QUEUE_WOULD_BLOCK",
            f"queue {self.name} holds {len(self.elements)} of {self.capacity} elements, no "
            f"room for {n} more, and nothing dequeues while this run waits: TensorFlow "
            "would block here forever",
            node=self.name,
        )

    def put(self, element: list, state: Any) -> None:
        """Add a checked element (waiting if full and a runner enqueues it); RUN_TOO_LARGE
        when what the queue holds and the run's values would pass the run's byte budget (a
        one-shot run of 6 steps each enqueuing 400 MB held 2.4 GB)."""
        nbytes = held_bytes(element)
        at = f"with queue {self.name}'s elements"
        check_held_beside(state, self.nbytes + nbytes, at, node=self.name)
        self.nbytes += nbytes
        if not self.waiting and (self.capacity < 0 or len(self.elements) < self.capacity):
            self.elements.append([_frozen(v) for v in element])
        else:
            self.room(1)
            self.waiting.append(element)

    def admit(self) -> None:
        """Let waiting elements in while there is room."""
        while self.waiting and (self.capacity < 0 or len(self.elements) < self.capacity):
            self.elements.append([_frozen(v) for v in self.waiting.popleft()])

    def close(self, cancel: bool) -> None:
        self.closed = True
        if cancel:
            # TF cancels the enqueues still waiting; their elements never arrive.
            self.nbytes -= sum(held_bytes(e) for e in self.waiting)
            self.waiting.clear()

    def need(self, n: int) -> int:
        """How many elements must be present before `n` can be taken."""
        if self.kind == "RandomShuffleQueueV2" and not self.closed:
            return n + self.min_after
        return n

    def take(self, n: int) -> list[list]:
        if self.kind == "PriorityQueueV2":
            # Lowest priority first; equal ones in arrival order (TF leaves it open).
            self.elements.sort(key=lambda e: int(e[0]))
        if self.kind != "RandomShuffleQueueV2":
            taken = self.elements[:n]
            del self.elements[:n]
        else:
            taken = []
            for _ in range(n):
                i = int(self.rng.integers(len(self.elements)))
                # Swap-remove, as TF's RandomShuffleQueue does.
                self.elements[i], self.elements[-1] = self.elements[-1], self.elements[i]
                taken.append(self.elements.pop())
        self.nbytes -= sum(held_bytes(e) for e in taken)
        self.admit()
        return taken


def _frozen(a: np.ndarray) -> np.ndarray:
    # A string entry (`c[i]` of an object array) is `bytes`: as 'S' it would lose its
    # trailing NUL bytes.
    a = np.array(a, copy=True, dtype=object if isinstance(a, bytes) else None)
    a.flags.writeable = False
    return a


def _fits(got: tuple, want: tuple) -> bool:
    return len(got) == len(want) and all(
        w is None or w == g for g, w in zip(got, want, strict=True)
    )


def _dims(shape: tuple) -> list:
    return [-1 if d is None else d for d in shape]


def _spec(attrs: dict) -> tuple[list, list]:
    """The element's types and shapes; `shapes` "[]" (TF's empty list) leaves them unknown."""
    types = attrs.get("component_types")
    n = len(types.split(",")) if isinstance(types, str) and types else 0
    text = attrs.get("shapes") or "[]"
    if text == "[]":
        text = encode_shapes([None] * n)
    return element_spec({"output_types": types, "output_shapes": text})


# -- the queue ops ---------------------------------------------------------------------------

_QUEUE_ATTRS = {
    "component_types": ("str", None),
    "shapes": ("str", "[]"),
    "capacity": ("int", -1),
    "container": ("str", ""),
    "shared_name": ("str", ""),
}


def _queue_infer(shapes, types, attrs):
    _spec(attrs)
    if attrs.get("min_after_dequeue", 0) < 0:
        raise InferenceError("INVALID_ATTR", "min_after_dequeue must be >= 0")
    return [((), resource)]


def _queue_kernel(op):
    handle = op.attrs.get("shared_name") or op.name
    key = queue_key(handle)
    shuffle = op.type == "RandomShuffleQueueV2"

    def kernel(state):
        if key not in state.rngs:
            state.rngs[key] = QueueState(op, handle, _generator(op) if shuffle else None)
        return handle

    return kernel


def _generator(op) -> np.random.Generator:
    # Seeds (0, 0) mean unseeded, as for TF's random ops.
    seed, seed2 = op.attrs.get("seed", 0), op.attrs.get("seed2", 0)
    return np.random.default_rng(None if seed == seed2 == 0 else [seed, seed2])


for _type, _extra in (
    ("FIFOQueueV2", {}),
    ("PaddingFIFOQueueV2", {}),
    ("PriorityQueueV2", {}),
    (
        "RandomShuffleQueueV2",
        {"min_after_dequeue": ("int", 0), "seed": ("int", 0), "seed2": ("int", 0)},
    ),
):
    register_op(
        _type,
        arity=0,
        infer=_queue_infer,
        attrs={**_QUEUE_ATTRS, **_extra},
        stateful=True,
        needs_state=True,
    )(_queue_kernel)


def _handle_input(shapes, types):
    if not types or types[0] is not resource:
        raise InferenceError("DTYPE_MISMATCH", "input 0 must be a queue handle (resource)")


def _no_outputs(shapes, types, attrs):
    _handle_input(shapes, types)
    return []


def _queue(state: Any, handle: str) -> QueueState:
    q = state.rngs.get(queue_key(handle))
    if q is None:
        raise error("COMPUTE_ERROR", f"queue {handle} was not created in this session")
    return q


@register_op(
    "QueueEnqueueV2",
    arity=(2, _MANY),
    infer=_no_outputs,
    stateful=True,
    side_effects=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _enqueue(op):
    def kernel(state, handle, *components):
        q = _queue(state, handle)
        _check_count(q, components)
        element = [np.asarray(c) for c in components]
        q.check([c.shape for c in element])
        q.room(1)
        q.put(element, state)

    return kernel


@register_op(
    "QueueEnqueueManyV2",
    arity=(2, _MANY),
    infer=_no_outputs,
    stateful=True,
    side_effects=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _enqueue_many(op):
    def kernel(state, handle, *components):
        q = _queue(state, handle)
        _check_count(q, components)
        comps = [np.asarray(c) for c in components]
        sizes = {c.shape[0] if c.ndim else None for c in comps}
        if None in sizes or len(sizes) != 1:
            raise error(
                "SHAPE_MISMATCH",
                "enqueue_many needs components of rank >= 1 with one batch size, got shapes "
                f"{[list(c.shape) for c in comps]}",
            )
        q.check([c.shape[1:] for c in comps])
        q.room(sizes.pop())
        for i in range(comps[0].shape[0]):
            q.put([c[i] for c in comps], state)

    return kernel


def _check_count(q: QueueState, components: tuple) -> None:
    if len(components) != len(q.types) or any(
        np.asarray(c).dtype != t.dtype for c, t in zip(components, q.types, strict=False)
    ):
        raise error(
            "DTYPE_MISMATCH",
            f"queue {q.name} holds elements of types {[t.name for t in q.types]}, got "
            f"{[np.asarray(c).dtype.name for c in components]}",
        )


_DEQUEUE_ATTRS = {"component_types": ("str", None), "shapes": ("str", "[]")}


def _dequeue_infer(batch: bool):
    def infer(shapes, types, attrs):
        _handle_input(shapes, types)
        if batch and (types[1] != _dt.int32 or shapes[1] not in (None, ())):
            raise InferenceError("DTYPE_MISMATCH", "n must be an int32 scalar")
        comp_types, comp_shapes = _spec(attrs)
        if not batch:
            return list(zip(comp_shapes, comp_types, strict=True))
        n = attrs.get("batch", -1)
        lead = None if n < 0 else n
        return [
            (None if s is None else (lead, *s), t)
            for s, t in zip(comp_shapes, comp_types, strict=True)
        ]

    return infer


def _dequeue_kernel(op, mode: str):
    single = len(op.outputs) == 1

    def kernel(state, handle, n=1):
        q = _queue(state, handle)
        n = int(n)
        if mode != "one" and n < 0:
            raise error(
                "COMPUTE_ERROR",
                f"Dequeue{'Many' if mode == 'many' else 'UpTo'} requested {n} < 0 elements",
            )
        if mode != "one" and q.kind != "PaddingFIFOQueueV2" and None in q.shapes:
            raise error(
                "COMPUTE_ERROR",
                f"{_kind_name(q)}'s DequeueMany and DequeueUpTo require the components to "
                "have specified shapes.",
            )
        fill(state, q, n, op)
        if len(q.elements) < n and not (mode == "upto" and len(q.elements) > 0):
            raise error(
                "END_OF_SEQUENCE",
                f"{_kind_name(q)} '{q.name}' is closed and has insufficient elements "
                f"(requested {n}, current size {len(q.elements)})",
                node=op.name,
            )
        taken = q.take(min(n, len(q.elements)))
        if mode == "one":
            out = taken[0]
        else:
            out = [_stack(q, [e[i] for e in taken], i) for i in range(len(q.types))]
        return out[0] if single else out

    return kernel


def _kind_name(q: QueueState) -> str:
    return q.kind[: -len("V2")]


def _stack(q: QueueState, parts: list, i: int) -> np.ndarray:
    dtype = q.types[i].dtype
    if not parts:
        shape = q.shapes[i]
        return np.zeros((0, *[d or 0 for d in shape]), dtype)
    if q.kind != "PaddingFIFOQueueV2":
        return np.stack(parts)
    top = np.max([p.shape for p in parts], axis=0)
    out = np.zeros((len(parts), *top), dtype)
    if dtype.kind == "O":  # strings pad with b"", as TF's empty string
        out[...] = b""
    for k, p in enumerate(parts):
        out[(k, *[slice(0, d) for d in p.shape])] = p
    return out


def fill(state: Any, q: QueueState, n: int, op: Any) -> None:
    """Run the session's started runners for `q` until `n` elements can be taken or none is
    left to run (then close `q`, as TF's last runner thread does)."""
    for runner in state.rngs.get(runner_key(q.handle)) or ():
        if not runner.done and runner.stopping():
            # TF's runner cancels its queue as soon as the coordinator stops.
            runner.step(state)
    if len(q.elements) >= q.need(n) or q.closed:
        return
    if q.filling:
        raise error(
            "QUEUE_WOULD_BLOCK",
            f"{op.name} needs elements of queue {q.name} while its own queue runner is "
            "filling it: TensorFlow would block here forever",
            node=op.name,
        )
    q.filling = True
    try:
        _fill(state, q, n, op)
    finally:
        q.filling = False


def _fill(state: Any, q: QueueState, n: int, op: Any) -> None:
    idle = 0
    while len(q.elements) < q.need(n) and not q.closed:
        if q.waiting:
            raise error(
                "QUEUE_WOULD_BLOCK",
                f"{op.name} needs {q.need(n)} elements of queue {q.name}, more than its "
                f"capacity {q.capacity}: TensorFlow would block here forever",
                node=op.name,
            )
        runners = state.rngs.get(runner_key(q.handle))
        live = [r for r in runners or () if not r.done]
        if not live:
            if runners:
                q.closed = True
                break
            raise error(
                "QUEUE_WOULD_BLOCK",
                f"{op.name} needs {q.need(n)} elements of queue {q.name}, which holds "
                f"{len(q.elements)}, and no started queue runner fills it: TensorFlow would "
                "block here forever (add a tf.train.QueueRunner and call "
                "tf.train.start_queue_runners, or enqueue first)",
                node=op.name,
            )
        if state.late():
            raise deadline_error(op)
        before = len(q.elements)
        feeder = live[0]
        # Round robin, as TF's threads share the work: a batch_join takes from each list.
        runners.remove(feeder)
        runners.append(feeder)
        q.pending = True
        try:
            feeder.step(state)
        finally:
            q.pending = False
        idle = 0 if len(q.elements) > before else idle + 1
        if idle >= _IDLE_RUNS:
            raise error(
                "QUEUE_WOULD_BLOCK",
                f"the queue runners of {q.name} ran {idle} times without enqueuing anything",
                node=op.name,
            )


for _type, _mode, _arity in (
    ("QueueDequeueV2", "one", 1),
    ("QueueDequeueManyV2", "many", 2),
    ("QueueDequeueUpToV2", "upto", 2),
):
    register_op(
        _type,
        arity=_arity,
        infer=_dequeue_infer(_arity == 2),
        attrs={**_DEQUEUE_ATTRS, **({"batch": ("int", -1)} if _arity == 2 else {})},
        stateful=True,
        side_effects=True,
        needs_state=True,
        unknown_rank_ok=True,
    )(lambda op, _m=_mode: _dequeue_kernel(op, _m))


@register_op(
    "QueueCloseV2",
    arity=1,
    infer=_no_outputs,
    attrs={"cancel_pending_enqueues": ("bool", False)},
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _close(op):
    cancel = bool(op.attrs.get("cancel_pending_enqueues"))

    def kernel(state, handle):
        _queue(state, handle).close(cancel)

    return kernel


def _scalar(dtype):
    def infer(shapes, types, attrs):
        _handle_input(shapes, types)
        return [((), dtype)]

    return infer


@register_op("QueueSizeV2", arity=1, infer=_scalar(_dt.int32), stateful=True, needs_state=True)
def _size(op):
    return lambda state, handle: np.array(len(_queue(state, handle).elements), np.int32)


@register_op("QueueIsClosedV2", arity=1, infer=_scalar(_dt.bool_), stateful=True, needs_state=True)
def _is_closed(op):
    return lambda state, handle: np.array(_queue(state, handle).closed)


not_differentiable(
    *QUEUE_OP_TYPES,
    "QueueEnqueueV2",
    "QueueEnqueueManyV2",
    "QueueDequeueV2",
    "QueueDequeueManyV2",
    "QueueDequeueUpToV2",
    "QueueCloseV2",
    "QueueSizeV2",
    "QueueIsClosedV2",
)


# -- SparseTensorsMap: SparseTensors through queues, as TF's `tf.train.batch` sends them -------
# A queue holds dense tensors, so TF stores each SparseTensor in a map of the session and
# queues its int64 handle; after the dequeue, the handles' SparseTensors come out as one
# of a rank more (each dimension the batch's largest). The map is keyed by `shared_name`,
# or the adding op's name when it has none (TF's rule), and lives in `RunState.rngs`.


def sparse_map_key(name: str) -> tuple:
    return ("sparse_map", name)


class _SparseMap:
    __slots__ = ("items", "next")

    def __init__(self):
        self.items: dict[int, np.ndarray] = {}
        self.next = 0  # TF's handles count from 0


def _sparse_map(state: Any, key: str) -> _SparseMap:
    found = state.rngs.get(sparse_map_key(key))
    if found is None:
        found = state.rngs[sparse_map_key(key)] = _SparseMap()
    return found


def _add_infer(many: bool):
    def infer(shapes, types, attrs):
        if types[0] != _dt.int64 or types[2] != _dt.int64:
            raise InferenceError("DTYPE_MISMATCH", "a SparseTensor's indices and shape are int64")
        return [((None,) if many else (), _dt.int64)]

    return infer


_MAP_ATTRS = {"container": ("str", ""), "shared_name": ("str", "")}


def _add_sparse(many: bool):
    from .dataset_ops import _serialize_many_sparse, _serialize_sparse

    def factory(op):
        serialize = (_serialize_many_sparse if many else _serialize_sparse)(op)
        key = op.attrs.get("shared_name") or op.name

        def kernel(state, indices, values, dense_shape):
            items = serialize(indices, values, dense_shape)
            store = _sparse_map(state, key)
            flat = items.reshape(-1)
            handles = np.empty(flat.size, np.int64)
            # TF's AddMany numbers the rows holding entries first, then the empty ones.
            for i in sorted(range(flat.size), key=lambda i: len(flat[i][1]) == 0):
                handles[i], store.next = store.next, store.next + 1
                store.items[int(handles[i])] = flat[i]
            return handles.reshape(items.shape)

        return kernel

    return factory


for _type, _many in (("AddSparseToTensorsMap", False), ("AddManySparseToTensorsMap", True)):
    register_op(
        _type,
        arity=3,
        infer=_add_infer(_many),
        attrs=_MAP_ATTRS,
        stateful=True,
        needs_state=True,
    )(_add_sparse(_many))


def _take_infer(shapes, types, attrs):
    if types[0] != _dt.int64:
        raise InferenceError("DTYPE_MISMATCH", "sparse handles are int64")
    return [((None, None), _dt.int64), ((None,), attrs["dtype"]), ((None,), _dt.int64)]


@register_op(
    "TakeManySparseFromTensorsMap",
    arity=1,
    infer=_take_infer,
    attrs={"dtype": ("dtype", REQUIRED), **_MAP_ATTRS},
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _take_many_sparse(op):
    from .dataset_ops import deserialize_sparse

    key = op.attrs.get("shared_name") or op.name
    dtype = np.dtype(op.attrs["dtype"].dtype)

    def kernel(state, handles):
        handles = np.asarray(handles, np.int64)
        if handles.ndim != 1 or not handles.size:
            raise error(
                "COMPUTE_ERROR",
                f"sparse handles must be a vector of at least 1, got shape {list(handles.shape)}",
            )
        store = _sparse_map(state, key)
        items = np.empty(len(handles), object)
        for i, h in enumerate(handles.tolist()):
            item = store.items.pop(h, None)
            if item is None:
                raise error("COMPUTE_ERROR", f"Unable to find SparseTensor: {h} in map: {key}")
            items[i] = item
            if item[1].dtype != dtype:  # TF's kernel takes out the type it stored
                raise error(
                    "DTYPE_MISMATCH",
                    f"Requested SparseTensor of type {_dt.as_dtype(dtype).name} but "
                    f"SparseTensor[{i}].values.dtype() == {_dt.as_dtype(item[1].dtype).name}",
                )
        return deserialize_sparse(items, dtype)

    return kernel


not_differentiable(
    "AddSparseToTensorsMap", "AddManySparseToTensorsMap", "TakeManySparseFromTensorsMap"
)
