"""`RemoteSession`: `gg.Session`'s interface, computed by the graphgate service.

    with gg.Graph().as_default() as graph:
        ...build as usual...
    with gg.RemoteSession("https://...", api_key="...") as sess:
        sess.run(train_op, feed_dict={x: batch})

The graph is uploaded on the first run (found by content hash if it is already
stored), a remote session holds the variables, and results come back as numpy
values in the structure of the fetches. If the graph grows after that (an
evaluation op added later, say), the grown graph is uploaded and the variables
move to a session on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from graphgate import dtypes, plan, serialization
from graphgate.client import errors
from graphgate.client.api import Client
from graphgate.graph import Graph, Operation, Tensor, get_default_graph
from graphgate.ops.registry import REGISTRY
from graphgate.run_metadata import StepStats

# The same fetch-structure walk a local Session uses, so both accept the same nestings.
from graphgate.session import _flatten, _unflatten
from graphgate.sparse_tensor import expand_feeds, expand_fetches, has_sparse

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
# How long a wait for a run or a batch rides out an API it cannot reach (a restarted
# runner, a network blip): the work goes on on the service, so the script waiting for
# it should not end with the transport's few retries (about 8 s).
OUTAGE_S = 300.0
OUTAGE_POLL_S = 1.0
# Feeds larger than this go through an upload: base64 adds a third, and a
# request may carry at most 6 MB in all.
INLINE_FEED_BYTES = 1024 * 1024
UPLOAD_REUSE_S = 12 * 3600  # uploads expire after a day
# The API's largest timeout_ms, I-JSON's largest exact integer (285,000 years; a larger one
# is 400 VALIDATION_FAILED). A longer deadline binds no sooner, so it is sent as this one.
MAX_TIMEOUT_MS = 2**53 - 1


def wire_timeout_ms(seconds: float) -> int:
    """A deadline in seconds as a request's timeout_ms: at least 1 ms, at most the API's."""
    return MAX_TIMEOUT_MS if seconds * 1000 >= MAX_TIMEOUT_MS else max(1, int(seconds * 1000))


class RemoteSession:
    """A session whose variables live on the service; `run` as in `gg.Session`.

    Parameters
    ----------
    url, api_key:
        The API and a key; when omitted, GRAPHGATE_API_URL / GRAPHGATE_API_KEY or
        the config file's `profile` (see `graphgate configure`).
    graph:
        The graph to run; the default graph when omitted.
    client:
        A `graphgate.client.Client` to share (its connections and token).
    graph_name:
        The name the graph is stored under when it is uploaded.
    idle_ttl_s:
        How long the remote session lives without runs (the service's default: 1 h).
    session_id:
        Attach to this existing session instead of starting one: runs use (and update)
        its variables, and closing leaves it running. Without `graph`, its graph is
        downloaded, so fetches and feeds can be named as in the graph that trained it.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        api_key: str | None = None,
        graph: Graph | None = None,
        client: Client | None = None,
        profile: str | None = None,
        graph_name: str | None = None,
        idle_ttl_s: int | None = None,
        session_id: str | None = None,
    ):
        self._owns_client = client is None
        self.client = client or Client(url, api_key, profile=profile)
        if session_id is not None and graph is None:
            graph = self._session_graph(session_id)
        self.graph = graph if graph is not None else get_default_graph()
        self.graph_name = graph_name or "remote-session"
        self.idle_ttl_s = idle_ttl_s
        self.graph_id: str | None = None
        self.session_id: str | None = None
        self._graph_version = -1
        self._effects: dict[int, bool] = {}
        self._uploads: dict[tuple[Any, ...], tuple[str, float]] = {}
        self._closed = False
        self._owns_session = session_id is None
        if session_id is not None:
            self.session_id, self._graph_version = session_id, self.graph.version
            self.graph_id = self.client.get_session(session_id)["graph_id"]

    # -- the gg.Session interface --------------------------------------------------------

    def run(
        self,
        fetches: Any,
        feed_dict: dict[Any, Any] | None = None,
        options: Any = None,
        run_metadata: Any = None,
        *,
        targets: Any = None,
        steps: int = 1,
        feed_batches: list[dict[Any, Any]] | None = None,
        timeout: float | None = None,
        wait: bool = True,
    ) -> Any:
        """Run `fetches` remotely; the values come back in the same structure.

        Operations among the fetches (a train op, an initializer, a name without
        `:<index>`: `"loss"`, where `"loss:0"` is its value) are run for their effect
        and fetched as None, as in TensorFlow; a fetched variable is its value after
        the run's updates, as TF1's. `steps` repeats the run on the service
        (`feed_batches`: one feed dict per step, cycled); the result is the last
        step's. `timeout` is the run's deadline in seconds, from when the service
        received it, binding asynchronous runs too. With `wait=False` the run is
        started asynchronously and an `AsyncRun` handle is returned at once.

        As in `gg.Session`, `options=gg.RunOptions(timeout_in_ms=...)` bounds the run
        (the request's `timeout_ms`), and `run_metadata` asks the service to trace the
        (last step of the) run and receives its `step_stats` (a synchronous answer only).
        """
        if self._closed:
            raise errors.ClientError("the remote session is closed")
        if options is not None and getattr(options, "timeout_in_ms", 0):
            budget = options.timeout_in_ms / 1000
            timeout = budget if timeout is None else min(timeout, budget)
        request, rebuild = self._request(fetches, feed_dict, targets, steps, feed_batches, timeout)
        if run_metadata is not None:
            request["trace"] = True
            run_metadata.step_stats = StepStats()
        session_id = self._ensure_session()
        try:
            response = self.client.run_session(session_id, request, respond_async=not wait)
        except errors.ApiError as exc:
            raise errors.engine_typed(exc) from None
        if response.status == 202:
            # Asked for, or the service's own choice for a run too long to wait on.
            handle = AsyncRun(
                self.client,
                session_id,
                response.json(),
                rebuild,
                location=response.headers.get("location"),
            )
            if run_metadata is not None:
                warnings.warn(
                    "the service ran this asynchronously; an asynchronous run carries no "
                    "step stats, so run_metadata stays empty",
                    RuntimeWarning,
                    stacklevel=2,
                )
            return handle.result() if wait else handle
        document = self.client.inline_outputs(response.json())
        if not wait:  # a service that ran it synchronously: a handle that is already done
            record = {
                "id": document.get("run_id"),
                "status": "succeeded",
                "mode": "sync",
                "steps": document.get("steps"),
                "completed_steps": document.get("steps"),
                "outputs": document.get("outputs"),
                "history": [],
            }
            return AsyncRun(self.client, session_id, record, rebuild)
        if run_metadata is not None and isinstance(document.get("step_stats"), dict):
            run_metadata.step_stats = StepStats.from_dict(document["step_stats"])
        return rebuild(document["outputs"])

    def train(
        self,
        fetches: Any,
        dataset: Any,
        feed_map: dict[Any, str],
        *,
        batch_size: int,
        epochs: int = 1,
        shuffle: bool = False,
        seed: int | None = None,
        drop_remainder: bool = False,
        feed_dict: dict[Any, Any] | None = None,
        targets: Any = None,
        timeout: float | None = None,
        wait: bool = True,
        start: Mapping[str, int] | None = None,
    ) -> Any:
        """Train on a dataset on the service: an asynchronous run whose worker streams the
        minibatches from S3 (docs/datasets.md gives their order, which a local loop can
        reproduce).

        `dataset` is a dataset id (or the dict the service answered), or arrays
        {name: array} to upload first. `feed_map` says which array feeds each
        placeholder ({placeholder or its name: array name}); `feed_dict` is fed at every
        step too. `start` continues another run over the same schedule from its
        `position` (`job.progress()["position"]` of a cancelled run, on its session or a
        fork of it), with its seed unless `seed` is given. Returns the last step's
        fetches, or with `wait=False` an `AsyncRun`.
        """
        if self._closed:
            raise errors.ClientError("the remote session is closed")
        if not isinstance(feed_map, Mapping) or not feed_map:
            raise errors.ClientError(
                "feed_map says which placeholder each array of the dataset feeds: "
                "{placeholder or its name: array name}"
            )
        if isinstance(dataset, Mapping) and "id" not in dataset:
            dataset = self.client.upload_dataset(dataset, f"{self.graph_name}-data")
        dataset_id = dataset["id"] if isinstance(dataset, Mapping) else str(dataset)
        arrays: dict[str, str] = {}
        for placeholder, array in feed_map.items():
            if array in arrays:
                raise errors.ClientError(f"array {array} is mapped to two placeholders")
            tensor = self.graph.resolve(placeholder)
            if not isinstance(tensor, Tensor):
                raise errors.ClientError(f"{tensor.name} is an operation and cannot be fed")
            arrays[array] = _tensor_name(tensor)
        request, rebuild = self._request(fetches, feed_dict, targets, 1, None, timeout)
        request["dataset"] = {
            "id": dataset_id,
            "map": arrays,
            "batch_size": batch_size,
            "epochs": epochs,
            "shuffle": shuffle,
            "drop_remainder": drop_remainder,
        }
        if start is not None:
            if not isinstance(start, Mapping) or not {"epoch", "offset"} <= start.keys():
                raise errors.ClientError(
                    "start takes a run's position: a mapping with epoch and offset "
                    "(job.progress()['position'])"
                )
            request["dataset"]["start"] = {"epoch": start["epoch"], "offset": start["offset"]}
            seed = start.get("seed") if seed is None else seed
        if seed is not None:
            request["dataset"]["seed"] = seed
        session_id = self._ensure_session()
        response = self.client.run_session(session_id, request, respond_async=True)
        handle = AsyncRun(
            self.client,
            session_id,
            response.json(),
            rebuild,
            location=response.headers.get("location"),
        )
        return handle.result() if wait else handle

    def run_batch(
        self,
        fetches: Any,
        feed_arrays: dict[Any, Any] | None = None,
        *,
        dataset: str | None = None,
        inputs: dict[Any, str] | None = None,
        rows_per_shard: int | None = None,
        max_concurrency: int | None = None,
    ) -> BatchRun:
        """Run `fetches` over every row of a dataset, in shards on the service (a Step
        Functions Distributed Map); the variables are this session's, frozen now.

        Give `feed_arrays` ({placeholder: array or .npy path}, registered as a dataset
        first) or a stored `dataset` with `inputs` ({placeholder: array name}).
        Every fetch must give one output row per input row. Returns a BatchRun:
        `progress()`, `result()` (numpy, in input row order) and `cancel()`.
        """
        if (feed_arrays is None) == (dataset is None):
            raise errors.ClientError("give feed_arrays or a dataset (with inputs), not both")
        if feed_arrays is not None:
            # Array names of their own: a placeholder's name may hold "/", an array's not.
            placeholders = [_tensor_name(self._placeholder(k)) for k in feed_arrays]
            arrays = {f"input{i}": _loaded(v) for i, v in enumerate(feed_arrays.values())}
            dataset = self.client.upload_dataset(arrays, name="run_batch")["id"]
            inputs = dict(zip(placeholders, arrays, strict=True))
        if not inputs:
            raise errors.ClientError("inputs must map placeholders to the dataset's arrays")
        leaves: list[Any] = []
        template = _flatten(fetches, leaves)
        names = [self.graph.resolve(leaf).name for leaf in leaves]
        request: dict[str, Any] = {
            "session": self._ensure_session(),
            "fetches": {str(i): name for i, name in enumerate(names)},
            "dataset": dataset,
            "inputs": {_tensor_name(self._placeholder(k)): v for k, v in inputs.items()},
        }
        if rows_per_shard is not None:
            request["rows_per_shard"] = rows_per_shard
        if max_concurrency is not None:
            request["max_concurrency"] = max_concurrency
        record = self.client.submit_batch(request)

        def rebuild(columns: dict[str, np.ndarray]) -> Any:
            return _unflatten(template, [columns[str(i)] for i in range(len(names))])

        return BatchRun(self.client, record, rebuild)

    def _placeholder(self, key: Any) -> Tensor:
        element = self.graph.resolve(key)
        if not isinstance(element, Tensor):
            raise errors.ClientError(f"{element.name} is an operation and cannot be fed")
        return element

    def get_variables(self) -> dict[str, np.ndarray]:
        """Every variable's value, by name."""
        return self.client.get_variables(self._ensure_session())

    def set_variables(self, values: dict[Any, Any]) -> None:
        """Assign variables (keys: variables or names), all or nothing."""
        named = {_op_name(k): v for k, v in values.items()}
        self.client.set_variables(self._ensure_session(), named)

    def restore_variables(self, values: dict[Any, Any], attempts: int = 3) -> None:
        """Assign variables as a conditional write on the session's version (what a
        `Saver.restore` does): a run committed meanwhile makes the write fail with 412
        rather than interleave, and it is tried again on the new version."""
        named = {_op_name(k): v for k, v in values.items()}
        session_id = self._ensure_session()
        for attempt in range(attempts):
            version = self.client.get_session(session_id)["version"]
            try:
                self.client.set_variables(session_id, named, if_match=version)
                return
            except errors.PreconditionFailedError:
                if attempt == attempts - 1:
                    raise

    @property
    def graph_def(self) -> Any:
        """The session's graph as a `GraphDef` (TF's `sess.graph_def`)."""
        return self.graph.as_graph_def()

    def close(self) -> None:
        """End the remote session (its variables are gone) and release connections; a
        session attached to by id is left running."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.session_id is not None and self._owns_session:
                self.client.delete_session(self.session_id)
        except errors.NotFoundError:
            pass
        finally:
            self.session_id = None
            if self._owns_client:
                self.client.close()

    def __enter__(self) -> RemoteSession:
        from graphgate.session import push_default_session

        # `tensor.eval()` and `op.run()` use the default session, remote or not.
        push_default_session(self)
        return self

    def __exit__(self, *exc: object) -> None:
        from graphgate.session import pop_default_session

        pop_default_session(self)
        self.close()

    # -- internals -------------------------------------------------------------------------

    def _session_graph(self, session_id: str) -> Graph:
        """The graph revision an existing session runs, rebuilt locally."""
        session = self.client.get_session(session_id)
        revision = self.client.get_graph_revision(session["graph_id"], session["graph_revision"])
        return serialization.graph_from_dict(revision["graph"])

    def _ensure_session(self) -> str:
        """The remote session on the graph as it is now; a grown graph moves the variables."""
        if self.session_id is not None and self.graph.version == self._graph_version:
            return self.session_id
        version = self.graph.version
        stored = self.client.upload_graph(self.graph, self.graph_name)
        if self.session_id is not None and stored["id"] == self.graph_id:
            self._graph_version = version
            return self.session_id
        previous = self.session_id
        created = self.client.create_session(stored["id"], idle_ttl_s=self.idle_ttl_s)
        if previous is not None:
            self.client.set_variables(created["id"], self.client.get_variables(previous))
            if self._owns_session:  # an attached session is someone else's to end
                with contextlib.suppress(errors.NotFoundError):
                    self.client.delete_session(previous)
        self._owns_session = True
        self.graph_id, self.session_id, self._graph_version = stored["id"], created["id"], version
        return self.session_id

    def _request(
        self,
        fetches: Any,
        feed_dict: dict[Any, Any] | None,
        targets: Any,
        steps: int,
        feed_batches: list[dict[Any, Any]] | None,
        timeout: float | None,
    ) -> tuple[dict[str, Any], Any]:
        leaves: list[Any] = []
        # A name without `:<index>` is the operation, run and answered None, as in Session
        # (the request itself names tensors: the API's names are nodes' first outputs).
        fetches = plan.names_as_operations(self.graph, fetches)
        # A SparseTensor travels as its three tensors (sparse_tensor.py), as in Session.
        template = _flatten(expand_fetches(fetches) if has_sparse(fetches) else fetches, leaves)
        names: list[str] = []
        slots: list[int | None] = []
        run_targets: list[str] = [_op_name(t) for t in _as_list(targets)]
        for leaf in leaves:
            element = self.graph.resolve(leaf)
            if isinstance(element, Operation):
                run_targets.append(element.name)
                slots.append(None)
                continue
            if self._has_effects(element.op):
                # The service commits a run's updates only for its targets.
                run_targets.append(element.op.name)
            name = _tensor_name(element)
            if name not in names:
                names.append(name)
            slots.append(names.index(name))
        request: dict[str, Any] = {"fetches": names, "encoding": "b64"}
        if feed_dict:
            request["feeds"] = self._feeds(feed_dict)
        if feed_batches:
            request["feed_batches"] = [self._feeds(batch) for batch in feed_batches]
        if run_targets:
            request["targets"] = list(dict.fromkeys(run_targets))
        if steps != 1:
            request["steps"] = steps
        if timeout is not None:
            request["timeout_ms"] = wire_timeout_ms(timeout)

        def rebuild(outputs: Any) -> Any:
            values = [_value(o) for o in (outputs or [])]
            flat = [None if slot is None else values[slot] for slot in slots]
            return _unflatten(template, flat)

        return request, rebuild

    def _feeds(self, feed_dict: dict[Any, Any]) -> dict[str, Any]:
        feeds = {}
        for key, value in expand_feeds(feed_dict).items():
            tensor = self.graph.resolve(key)
            if not isinstance(tensor, Tensor):
                raise errors.ClientError(f"{tensor.name} is an operation and cannot be fed")
            if tensor.dtype is dtypes.string:
                # Strings go inline (an upload is a .npy, which holds no object array);
                # numpy cannot even make one array of str and bytes together.
                array = dtypes.strings(value)
                feeds[_tensor_name(tensor)] = serialization.encode_tensor(array, b64=True)
                continue
            if isinstance(value, np.ndarray) or tensor.dtype.kind not in "iufc":
                array = np.asarray(value)
            else:
                # Python values read as a local run reads them: numpy's own reading of
                # `[2**53 + 1, 1.0]` is floats, which rounded the int sent to the service.
                array = plan.convert_feed(value, tensor)
            if array.dtype.kind in "iuf" and tensor.dtype.kind == "f":
                # As TF 1.x converts feeds (and FP32 is half the bytes of FP64). Other
                # conversions are left to the service, which refuses lossy ones.
                array = array.astype(tensor.dtype, copy=False)
            if array.nbytes > INLINE_FEED_BYTES:
                feeds[_tensor_name(tensor)] = {"upload_id": self._upload(array)}
            else:
                feeds[_tensor_name(tensor)] = serialization.encode_tensor(array, b64=True)
        return feeds

    def _upload(self, array: np.ndarray) -> str:
        """An upload of `array`, reused while its bytes are the same (a training set fed
        at every step is uploaded once)."""
        digest = hashlib.sha256(np.ascontiguousarray(array).view(np.uint8).ravel()).hexdigest()
        key = (digest, array.dtype.str, array.shape)
        cached = self._uploads.get(key)
        if cached is None or time.monotonic() - cached[1] > UPLOAD_REUSE_S:
            cached = (self.client.upload_array(array), time.monotonic())
            self._uploads[key] = cached
        return cached[0]

    def _has_effects(self, op: Operation) -> bool:
        """Does running `op` update state (through its inputs or control inputs)?"""
        if op.index in self._effects:
            return self._effects[op.index]
        seen, stack, found = set(), [op], False
        while stack and not found:
            current = stack.pop()
            if current.index in seen:
                continue
            seen.add(current.index)
            if self._effects.get(current.index) or REGISTRY[current.type].side_effects:
                found = True
            stack.extend(t.op for t in current.inputs)
            stack.extend(current.control_inputs)
        self._effects[op.index] = found
        return found


class AsyncRun:
    """A run started with `wait=False`: poll it, wait for it, or cancel it."""

    def __init__(
        self,
        client: Client,
        session_id: str,
        record: dict[str, Any],
        rebuild: Any,
        *,
        location: str | None = None,
    ):
        self.client, self.session_id = client, session_id
        self.record = record
        self.id: str = record.get("id") or (location or "").rstrip("/").rsplit("/", 1)[-1]
        self._rebuild = rebuild

    def progress(self) -> dict[str, Any]:
        """The run as the service sees it now: status, completed_steps, steps, history."""
        if self.record.get("status") not in TERMINAL:
            self.record = self.client.get_run(self.session_id, self.id)
        return self.record

    @property
    def status(self) -> str:
        return self.record.get("status", "queued")

    def done(self) -> bool:
        return self.progress().get("status") in TERMINAL

    def watch(self, interval: float = 0.5) -> Iterator[dict[str, Any]]:
        """The run's state every `interval` seconds, ending with its final state; an API
        out of reach is waited for (up to OUTAGE_S) as the run goes on there."""
        return _watch(self.progress, interval)

    def result(self, timeout: float | None = None, interval: float = 0.5) -> Any:
        """Wait for the run; its outputs in the structure of the fetches.

        Raises RunFailedError (with the ApiError it failed with), RunCancelledError,
        or TimeoutError when `timeout` seconds pass first (the run goes on); TransportError
        when the API stays out of reach for OUTAGE_S, or past the timeout.
        """
        record = _wait(self.progress, f"run {self.id}", timeout, interval)
        status = record.get("status")
        if status == "failed":
            problem = record.get("error") or {}
            failure = errors.from_problem(int(problem.get("status") or 500), problem)
            raise errors.RunFailedError(record, errors.engine_typed(failure))
        if status == "cancelled":
            raise errors.RunCancelledError(record)
        return self._rebuild(self.client.inline_outputs(record).get("outputs"))

    def cancel(self) -> bool:
        """Ask the run to stop; False if it had already finished."""
        if self.record.get("status") in TERMINAL:
            return False
        answer = self.client.cancel_run(self.session_id, self.id)
        if answer:
            self.record = {**self.record, **answer}
        return answer is not None

    def history(self, name: Any = None) -> list[tuple[int, Any]]:
        """(step, value) of each recorded step; `name` picks one fetch's value.

        `name` is a fetched tensor or its name, with or without `:0` (the history
        records `loss`, as the client sends it). A name the history never
        recorded is a KeyError naming those it has: only scalar fetches are recorded.
        """
        entries = self.record.get("history") or []
        if name is None:
            return [(entry.get("step"), entry.get("outputs") or {}) for entry in entries]
        key = _history_key(name)
        recorded = {k for entry in entries for k in entry.get("outputs") or {}}
        if entries and key not in recorded:
            raise KeyError(
                f"the run's history has no fetch {key!r}; it records its scalar fetches: "
                f"{', '.join(sorted(recorded)) or 'none'}"
            )
        return [(entry.get("step"), (entry.get("outputs") or {}).get(key)) for entry in entries]

    def __repr__(self) -> str:
        return f"<AsyncRun {self.id} {self.status}>"


class BatchRun:
    """A batch submitted with `RemoteSession.run_batch`: watch it, wait for it, cancel it."""

    def __init__(self, client: Client, record: dict[str, Any], rebuild: Any = None):
        self.client, self.record = client, record
        self.id: str = record["id"]
        self._rebuild = rebuild or (lambda columns: columns)

    def progress(self) -> dict[str, Any]:
        """The batch now: status, shards {total, done, failed}, rows_done, rows_per_second."""
        if self.record.get("status") not in TERMINAL:
            self.record = self.client.get_batch(self.id)
        return self.record

    @property
    def status(self) -> str:
        return self.record.get("status", "queued")

    def done(self) -> bool:
        return self.progress().get("status") in TERMINAL

    def watch(self, interval: float = 0.5) -> Iterator[dict[str, Any]]:
        """The batch every `interval` seconds, ending with its final state; an API out of
        reach is waited for (up to OUTAGE_S) as the batch goes on there."""
        return _watch(self.progress, interval)

    def result(self, timeout: float | None = None, interval: float = 0.5) -> Any:
        """Wait for the batch; its outputs (numpy, every input row in order) in the
        structure of the fetches, streamed from the output shards one at a time.

        Raises BatchFailedError, BatchCancelledError, or TimeoutError (the batch goes on);
        TransportError when the API stays out of reach for OUTAGE_S, or past the timeout.
        """
        record = _wait(self.progress, f"batch {self.id}", timeout, interval)
        if record["status"] == "failed":
            raise errors.BatchFailedError(record)
        if record["status"] == "cancelled":
            raise errors.BatchCancelledError(record)
        return self._rebuild(self.columns())

    def columns(self) -> dict[str, np.ndarray]:
        """Every finished shard's outputs joined in row order, by fetch name."""
        parts: dict[str, list[np.ndarray]] = {}
        for shard in sorted(self.record.get("outputs") or [], key=lambda o: o["start"]):
            for name, array in self.client.batch_shard(shard["url"]).items():
                parts.setdefault(name, []).append(array)
        return {name: np.concatenate(arrays) for name, arrays in parts.items()}

    def cancel(self) -> bool:
        """Cancel the batch; False if it had already finished."""
        if self.record.get("status") in TERMINAL:
            return False
        answer = self.client.cancel_batch(self.id)
        if answer:
            self.record = answer
        return answer is not None

    def __repr__(self) -> str:
        return f"<BatchRun {self.id} {self.status}>"


def _reach(progress: Any, deadline: float | None) -> dict[str, Any]:
    """`progress()`, tried again through a lost connection for up to OUTAGE_S (and never
    past `deadline`): the transport's own retries last seconds, a restart longer."""
    gave_up = time.monotonic() + OUTAGE_S
    if deadline is not None:
        gave_up = min(gave_up, deadline)
    while True:
        try:
            return progress()
        except errors.TransportError:
            if time.monotonic() >= gave_up:
                raise
            time.sleep(OUTAGE_POLL_S)


def _watch(progress: Any, interval: float) -> Iterator[dict[str, Any]]:
    """A run's or a batch's record every `interval` seconds, ending with its final one."""
    while True:
        record = _reach(progress, None)
        yield record
        if record.get("status") in TERMINAL:
            return
        time.sleep(interval)


def _wait(progress: Any, what: str, timeout: float | None, interval: float) -> dict[str, Any]:
    """The final record of a run or a batch, polled every `interval` seconds; a
    TimeoutError naming `what` when `timeout` seconds pass first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        record = _reach(progress, deadline)
        if record.get("status") in TERMINAL:
            return record
        if deadline is not None and time.monotonic() >= deadline:
            raise TimeoutError(f"{what} is still {record.get('status')}")
        time.sleep(interval)


def _loaded(value: Any) -> np.ndarray:
    """An array, or the .npy file a path names."""
    if isinstance(value, str | bytes) or hasattr(value, "__fspath__"):
        return np.load(value, allow_pickle=False)
    return np.asarray(value)


def _tensor_name(tensor: Tensor) -> str:
    """`loss` rather than `loss:0`: how history and the CLI name a fetch."""
    return tensor.op.name if tensor.value_index == 0 else tensor.name


def _history_key(fetch: Any) -> str:
    """The name a fetch's values are recorded under in an async run's history."""
    if isinstance(fetch, Tensor):
        return _tensor_name(fetch)
    if isinstance(fetch, Operation):
        return fetch.name
    name = str(fetch)
    return name[: -len(":0")] if name.endswith(":0") else name


def _op_name(key: Any) -> str:
    if isinstance(key, Operation):
        return key.name
    if isinstance(key, Tensor):
        return key.op.name
    return str(key).split(":")[0]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _value(wire: Any) -> Any:
    if wire is None:
        return None
    array = serialization.decode_tensor(wire)
    return array[()] if array.ndim == 0 else array
