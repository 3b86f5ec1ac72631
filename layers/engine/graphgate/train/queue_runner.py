"""`tf.train.QueueRunner`, `add_queue_runner` and `start_queue_runners`, without threads.

TF starts one thread per enqueue op that runs it in a loop. graphgate runs a graph on one
thread, so starting a runner only registers it in the session (under the queue's handle,
`queue_ops.runner_key`); a dequeue short of elements then runs the runner's enqueue ops
in turn, inside its own run, as the threads would have. When an enqueue op raises one of
`queue_closed_exception_types` (OutOfRangeError: its input ran out) that op is done; when
all are, the runner runs its close op, as TF's last thread does, and the dequeue ends with
OutOfRangeError. The order is deterministic where TF's depends on its threads."""

from __future__ import annotations

from typing import Any

from ..errors import GraphgateError, OutOfRangeError, error
from ..graph import Operation, add_to_collection, get_collection
from ..ops.queue_ops import runner_key
from ..variable_scope import GraphKeys

__all__ = ["QueueRunner", "add_queue_runner", "start_queue_runners"]


class QueueRunner:
    """Holds the enqueue ops that fill `queue` and the ops that close it."""

    def __init__(
        self,
        queue: Any = None,
        enqueue_ops: Any = None,
        close_op: Any = None,
        cancel_op: Any = None,
        queue_closed_exception_types: Any = None,
        queue_runner_def: Any = None,
        import_scope: str | None = None,
    ):
        if queue_runner_def is not None:
            if queue or enqueue_ops:
                raise ValueError("queue_runner_def and queue are mutually exclusive.")
            self._init_from_def(queue_runner_def, import_scope)
            return
        if not queue or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = (
            cancel_op if cancel_op is not None else queue.close(cancel_pending_enqueues=True)
        )
        if queue_closed_exception_types is None:
            queue_closed_exception_types = (OutOfRangeError,)
        elif not isinstance(queue_closed_exception_types, tuple) or not all(
            isinstance(t, type) and issubclass(t, GraphgateError)
            for t in queue_closed_exception_types
        ):
            raise TypeError(
                "queue_closed_exception_types, when provided, must be a tuple of "
                f"tf.error.OpError types, but saw: {queue_closed_exception_types}"
            )
        self._closed_types = tuple(queue_closed_exception_types)
        self._exceptions: list = []

    is_queue_runner = True  # what meta_graph.py recognizes in a collection

    def _init_from_def(self, qr_def: Any, import_scope: str | None) -> None:
        """Rebuild from `to_proto`'s dict of op names (a meta graph's `QueueRunnerDef`); the
        queue is then its op, as in TF."""
        from ..graph import get_default_graph

        graph = get_default_graph()
        prefix = import_scope or ""
        if prefix and not prefix.endswith("/"):
            prefix += "/"

        def named(name: Any) -> Any:
            if not isinstance(name, str):
                raise error("INVALID_DOCUMENT", "a queue runner names its ops by strings")
            return graph.get_operation_by_name(prefix + name)

        self._queue = named(qr_def.get("queue_name"))
        self._enqueue_ops = [named(n) for n in qr_def.get("enqueue_op_name") or []]
        self._close_op = named(qr_def.get("close_op_name"))
        self._cancel_op = named(qr_def.get("cancel_op_name"))
        self._closed_types = (OutOfRangeError,)
        self._exceptions = []

    def to_proto(self, export_scope: str | None = None) -> dict:
        """TF's `QueueRunnerDef` as a dict of op names."""
        return {
            "queue_name": self._queue_op().name,
            "enqueue_op_name": [op.name for op in self._enqueue_ops],
            "close_op_name": self._close_op.name,
            "cancel_op_name": self._cancel_op.name,
        }

    @staticmethod
    def from_proto(queue_runner_def: Any, import_scope: str | None = None) -> QueueRunner:
        return QueueRunner(queue_runner_def=queue_runner_def, import_scope=import_scope)

    def _queue_op(self) -> Any:
        queue = self._queue
        return queue if isinstance(queue, Operation) else queue.queue_ref.op

    @property
    def queue(self) -> Any:
        return self._queue

    @property
    def enqueue_ops(self) -> list:
        return self._enqueue_ops

    @property
    def close_op(self) -> Any:
        return self._close_op

    @property
    def cancel_op(self) -> Any:
        return self._cancel_op

    @property
    def queue_closed_exception_types(self) -> tuple:
        return self._closed_types

    @property
    def name(self) -> str:
        return self._queue_op().name

    @property
    def exceptions_raised(self) -> list:
        """The errors its enqueue ops raised (other than the end of their input)."""
        return self._exceptions

    def create_threads(
        self, sess: Any, coord: Any = None, daemon: bool = False, start: bool = False
    ) -> list:
        """Register this runner's enqueue ops with `sess` (once per session); the returned
        "threads" are handles a `Coordinator` can join (they never run on their own)."""
        sess = _raw_session(sess)
        state = sess.session_state
        started = ("queue_runner", self)
        if started in state:
            return []
        group = _Group(self, sess, coord)
        state[started] = group
        op = self._queue_op()
        handle = op.attrs.get("shared_name") or op.name
        state.setdefault(runner_key(handle), []).extend(group.feeders)
        handles: list[Any] = list(group.feeders)
        if coord is not None:
            # TF adds a thread that cancels the queue when the coordinator stops; here the
            # feeders do that themselves (`_Feeder.step`), so it is only a handle.
            handles.append(_Handle(f"QueueRunnerCloseOnStop-{self.name}"))
            for thread in handles:
                coord.register_thread(thread)
        return handles


class _Group:
    """One runner's enqueue ops in one session."""

    def __init__(self, runner: QueueRunner, sess: Any, coord: Any):
        self.runner, self.sess, self.coord = runner, sess, coord
        self.feeders = [_Feeder(self, op) for op in runner.enqueue_ops]

    def finish(self, state: Any, op: Any) -> None:
        if all(f.done for f in self.feeders):
            self.sess.run_within(state, op)


class _Handle:
    """What a Coordinator asks of a thread, for a thread graphgate does not start."""

    daemon = True

    def __init__(self, name: str):
        self.name = name

    def join(self, timeout: float | None = None) -> None:
        return None

    def is_alive(self) -> bool:
        return False

    def start(self) -> None:
        return None


class _Feeder(_Handle):
    """Stands for TF's runner thread of one enqueue op: `step` runs the op once."""

    def __init__(self, group: _Group, op: Any):
        super().__init__(f"QueueRunnerThread-{group.runner.name}-{op.name}")
        self.group, self.op, self.done = group, op, False

    def stopping(self) -> bool:
        coord = self.group.coord
        return coord is not None and coord.should_stop()

    def step(self, state: Any) -> None:
        group = self.group
        if self.stopping():
            # TF's runner cancels the queue when its coordinator stops.
            for f in group.feeders:
                f.done = True
            group.finish(state, group.runner.cancel_op)
            return
        try:
            group.sess.run_within(state, self.op)
        except group.runner.queue_closed_exception_types:
            self.done = True
            group.finish(state, group.runner.close_op)
        except GraphgateError as exc:
            self.done = True
            group.runner.exceptions_raised.append(exc)
            if group.coord is not None:
                group.coord.request_stop(exc)
            raise


def _raw_session(sess: Any) -> Any:
    if sess is None:
        from ..session import get_default_session

        sess = get_default_session()
        if sess is None:
            raise ValueError("Cannot start queue runners: No default session is registered.")
    inner = getattr(sess, "_tf_sess", None)
    if not hasattr(sess, "run_within") and callable(inner):
        sess = inner()
    if not hasattr(sess, "run_within"):
        raise TypeError(f"sess must be a `tf.Session` object. Given class: {type(sess)}")
    return sess


def add_queue_runner(qr: QueueRunner, collection: str = GraphKeys.QUEUE_RUNNERS) -> None:
    add_to_collection(collection, qr)


def start_queue_runners(
    sess: Any = None,
    coord: Any = None,
    daemon: bool = True,
    start: bool = True,
    collection: str = GraphKeys.QUEUE_RUNNERS,
) -> list:
    """Start (register with `sess`) every queue runner of `collection`; returns their
    thread handles."""
    raw = _raw_session(sess)
    threads = []
    with raw.graph.as_default():
        for qr in get_collection(collection):
            threads.extend(qr.create_threads(raw, coord=coord, daemon=daemon, start=start))
    return threads
