"""Batch runs: a graph over every row of a dataset, fanned out by Step Functions
Distributed Map (docs/batches.md).

The API side is here: a submission is checked whole before anything starts (the
graph takes the dataset's arrays with their dtypes and row shapes, the fetches
are row-aligned, the plan allows the rows, bytes and shards), then the shard
manifest is written to S3, the batch recorded, and the state machine started
with the batch id as the execution's name, so a repeated start cannot start a
second execution. The worker side (one shard, a shard's failure, the end) is
graphgate_service.batch_runs.
"""

import json
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphgate_service import (
    auth,
    aws,
    cursors,
    graphs,
    keys,
    logs,
    plans,
    problems,
    runtime,
    sessions,
    settings,
)
from graphgate_service.batch_store import (
    RETENTION_DAYS,
    UNFINISHED,
    BatchEnded,
    BatchStatus,
    BatchStore,
)
from graphgate_service.logs import logger

# The longest output name of `fetches`, as the tensor names' maxLength in openapi.yaml.
MAX_OUTPUT_NAME = 256
# Rows of the zero-filled probe run that checks the fetches and times a row.
PROBE_ROWS = 64
# A shard is sized to take this share of the plan's batch_shard_seconds by the probe's
# timing: the probe runs warm zeros, a worker reads real rows from S3 and starts cold.
SHARD_TIME_SHARE = 0.25
MIN_ROWS_PER_SHARD = 1
# What a shard's rows may take of a worker's memory (BatchWorkerFunction has 3008 MB;
# Python, numpy, the engine and boto3 take ~300 MB, the rest is margin): its input rows
# twice (the S3 body as it arrives and as read), the most the run's values hold at once
# (the probe's trace), and its outputs twice (as computed and as the .npz written).
SHARD_MEMORY_BYTES = 1536 * 1024 * 1024
# Without rows_per_shard, shards spread the rows over the plan's concurrency but hold
# at least this many rows: a child's fixed cost (a Step Functions execution, an
# invocation, S3 and DynamoDB calls) is worth paying only for enough rows.
DEFAULT_MIN_SHARD_ROWS = 10_000
# Output URLs are presigned for this long (a GET of the batch signs them anew).
OUTPUT_URL_S = 3600


def store() -> BatchStore:
    return BatchStore.shared()


def datasets() -> Any:
    """The dataset module (graphgate_service.datasets), imported where it is used."""
    from graphgate_service import datasets as module

    return module


def new_id() -> str:
    return "b_" + secrets.token_hex(10)


# ------------------------------------------------------------------- submit
def submit(who: auth.Principal, request: dict[str, Any]) -> dict[str, Any]:
    """Check a batch whole, record it and start its state machine; 202's body."""
    tenant = who.tenant_id
    plan = plans.get(who.plan or "free")
    _one_way_to_a_version(request)
    _output_names_fit(request["fetches"])
    # Before the probe run and the writes a submission makes: at the cap, none is kept.
    plans.require_within(plan, "batches_running", used=store().running(tenant))
    dataset = _ready_dataset(tenant, request["dataset"])
    batch_id = new_id()
    source = _source(tenant, request, batch_id)
    engine_graph, variables = source.pop("graph"), source.pop("variables")
    document = source.pop("document", None)
    aliases = source.pop("aliases", {})
    fetches = _fetches(request["fetches"], aliases)
    inputs = _inputs(engine_graph, dataset, _aliased(request["inputs"], aliases, "inputs"))
    rows = int(dataset["rows"])
    _within_plan(plan, dataset, inputs)
    probe = _probe(engine_graph, variables, fetches, inputs, min(rows, PROBE_ROWS))
    shards, concurrency = _shards(plan, request, rows, probe)
    rows_per_shard = shards[0]["stop"] - shards[0]["start"]
    bs = store()
    batch = {
        "id": batch_id,
        "status": BatchStatus.QUEUED.value,
        "created_at": sessions.now_ms(),
        "plan": plan.name,
        **source,
        "fetches": fetches,
        "dataset_id": dataset["id"],
        "inputs": {placeholder: spec["array"] for placeholder, spec in inputs.items()},
        "rows": rows,
        "rows_per_shard": rows_per_shard,
        "shards_total": len(shards),
        "max_concurrency": concurrency,
        "shards_done": 0,
        "shards_failed": 0,
        "rows_done": 0,
        "compute_ms": 0,
        "expires_at": int(time.time()) + RETENTION_DAYS * 24 * 3600,
        # The submitting request's correlation id, which every line of the batch's
        # workers carries, as an async run's do (docs/operations.md#logs).
        "correlation_id": logs.request_id() or batch_id,
    }
    if variables:
        batch["variables_s3_key"] = bs.put_variables(tenant, batch_id, variables)
    if document is not None:
        # The revision's (or model version's) own document, so that deleting the graph or
        # the version (or moving its label) while the batch runs changes nothing it computes.
        batch["document_s3_key"] = keys.batch_document(tenant, batch_id)
        bs.put_json(batch["document_s3_key"], document)
    batch["manifest_key"] = keys.batch_manifest(tenant, batch_id)
    bs.put_json(batch["manifest_key"], json.dumps(shards, separators=(",", ":")).encode())
    if not bs.create(tenant, batch, plan.batches_running):
        # Another submission took the last place since the check above: no record points
        # at what was written for this one.
        bs.forget(tenant, batch)
        plans.require_within(plan, "batches_running", used=plan.batches_running)
    logs.bind_keys(batch_id=batch_id)
    _start(tenant, batch)
    logger.info("batch submitted", extra={"rows": rows, "shards": len(shards)})
    return view_of(tenant, {**batch, "status": BatchStatus.RUNNING.value}, shards=[])


def _start(tenant: str, batch: dict[str, Any]) -> None:
    """Start the batch's execution, named by the batch id; a batch that cannot start
    is recorded as failed, never left queued."""
    config = settings.get()
    try:
        started = aws.client("stepfunctions").start_execution(
            stateMachineArn=settings.batch_state_machine_arn(),
            name=batch["id"],
            input=json.dumps(
                {
                    "tenant": tenant,
                    "batch_id": batch["id"],
                    "bucket": config.bucket_name,
                    "manifest_key": batch["manifest_key"],
                    "max_concurrency": batch["max_concurrency"],
                    "correlation_id": batch.get("correlation_id") or batch["id"],
                }
            ),
        )
    except Exception:
        error = {"code": "BATCH_NOT_STARTED", "detail": "The batch could not be started."}
        store().set_status(
            tenant, batch, BatchStatus.FAILED, {"error": error, "finished_at": sessions.now_ms()}
        )
        raise
    running = {"execution_arn": started["executionArn"], "started_at": sessions.now_ms()}
    store().set_status(tenant, batch, BatchStatus.RUNNING, running)
    # The 202 shows the batch as stored, started_at included, as a GET then does.
    batch.update(running)


def resume_interrupted() -> int:
    """Start again the execution of every unfinished batch whose execution is gone, and
    return how many. The local runner calls this when it starts: its Step Functions
    executions live in memory, so a batch running when it stopped would stay `running`
    for ever and count against `batches_running`. (On AWS an execution outlives any
    restart and nothing is found.) A shard already recorded is recorded once, so the
    restarted map at worst recomputes it."""
    sfn = aws.client("stepfunctions")
    resumed = 0
    for tenant, batch in store().unfinished():
        if batch.get("execution_arn"):
            try:
                sfn.describe_execution(executionArn=batch["execution_arn"])
                continue
            except sfn.exceptions.ExecutionDoesNotExist:
                pass
        logger.info("batch resumed", extra={"batch_id": batch["id"], "tenant": tenant})
        _start(tenant, batch)
        resumed += 1
    return resumed


def _ready_dataset(tenant: str, dataset_id: str) -> dict[str, Any]:
    dataset = datasets().get(tenant, dataset_id)
    if dataset.get("status") != "ready":
        raise problems.Conflict(
            f"Dataset {dataset_id} is {dataset.get('status')}, not ready.",
            code="DATASET_NOT_READY",
        )
    return dataset


def _source(tenant: str, request: dict[str, Any], batch_id: str) -> dict[str, Any]:
    """The graph a batch runs and its variables, frozen now: a session's as they are at
    submission, a stored revision's as its initializers make them, a model version's
    frozen document (its label resolved now, once for the whole batch)."""
    if "model" in request:
        return _model_source(tenant, request["model"], batch_id)
    if "session" in request:
        meta = sessions.session_meta(tenant, request["session"])
        graph_id, revision = meta["graph_id"], meta["graph_revision"]
        document = sessions.document(tenant, meta)
        variables = sessions.store().variables(tenant, meta)
        extra = {"session_id": meta["id"]}
    else:
        graph_id = request["graph"]["id"]
        revision, document = graphs.document_of(tenant, graph_id, request["graph"].get("revision"))
        variables, extra = None, {}
    engine_graph = runtime.graph(tenant, graph_id, revision, document)
    return {
        "graph": engine_graph,
        "variables": runtime.initial_variables(engine_graph) if variables is None else variables,
        # Copied to the batch's prefix as a model version's is: the graph deleted (its
        # sessions ended with it) while the batch runs changes nothing it computes.
        "document": json.dumps(document, separators=(",", ":")).encode(),
        **extra,
        "graph_id": graph_id,
        "graph_revision": revision,
    }


def _one_way_to_a_version(request: dict[str, Any]) -> None:
    """A model's version by number or by label: naming both, the version was taken and
    the label ignored."""
    ref = request.get("model") or {}
    if "version" in ref and "label" in ref:
        raise problems.BadRequest(
            "Name the model's version or a label, not both.",
            code="VALIDATION_FAILED",
            errors=[
                {"pointer": "/model/label", "code": "CONFLICT", "message": "given with version"}
            ],
        )


def _model_source(tenant: str, ref: dict[str, Any], batch_id: str) -> dict[str, Any]:
    from graphgate_service import models

    name = ref["name"]

    def load(version: int) -> tuple[dict[str, Any], bytes]:
        found = models.store().version(tenant, name, version, True)
        # None: deleted since it was chosen, or before its graph was read (chosen again
        # where the batch named no version)
        document = models.store().document(tenant, name, found) if found else None
        if document is None:
            raise problems.NotFound(
                f"Model {name} has no version {version}.", code="MODEL_VERSION_NOT_FOUND"
            )
        return found, document

    version, (found, document) = models.resolve_loaded(
        tenant, name, ref.get("version"), ref.get("label"), batch_id, load
    )
    engine_graph = runtime.graph(tenant, model_graph_id(name), version, json.loads(document))
    signature = found["signature"]
    return {
        "graph": engine_graph,
        "variables": {},
        "document": document,
        "aliases": {
            kind: {spec["name"]: spec["tensor"] for spec in signature[kind]}
            for kind in ("inputs", "outputs")
        },
        "model": {"name": name, "version": version, **{k: ref[k] for k in ("label",) if k in ref}},
        # Where the version came from, if from a stored graph (not an imported SavedModel).
        **{k: v for k, v in found["source"].items() if k in ("graph_id", "graph_revision")},
    }


def model_graph_id(name: str) -> str:
    """The engine-graph cache's name of a model's frozen documents (never a graph id)."""
    return f"model:{name}"


def _aliased(names: Any, aliases: dict[str, dict[str, str]], kind: str) -> dict[str, str]:
    """{tensor name: value} of {signature alias or tensor name: value}. An alias and
    the tensor it stands for, both given, are refused: one of the two would be dropped."""
    table = aliases.get(kind, {})
    resolved: dict[str, str] = {}
    given_as: dict[str, str] = {}
    for key, value in names.items():
        name = table.get(key, key)
        if name in resolved:
            raise _mismatch(
                f"{given_as[name]!r} and {key!r} both name {name!r}; give it once.",
                f"/{kind}/{key}",
            )
        resolved[name], given_as[name] = value, key
    return resolved


def _output_names_fit(fetches: Any) -> None:
    """An output's name is kept with the batch, as its tensor's is (256 characters at
    most): names of any length overflowed the batch's item, a 500. An empty one, a key
    DynamoDB's maps refuse, was a 500 too; one holding a NUL names a member of the
    shard's .npz, where zip ends a name at its NUL (`a\0b` and `a\0c` were both `a`).
    A list's names are its outputs' names too: a model version's output aliases may be
    empty or hold a NUL, so `[""]` was that 500 and `["a\0b", "a\0c"]` those two `a`s."""
    for output in fetches:
        if not output or "\x00" in output:
            raise problems.BadRequest(
                "An output's name is 1 or more characters, none of them NUL.",
                code="VALIDATION_FAILED",
                errors=[{"pointer": "/fetches", "code": "PATTERN", "message": output[:40]}],
            )
        if len(output) > MAX_OUTPUT_NAME:
            raise problems.BadRequest(
                f"An output's name is at most {MAX_OUTPUT_NAME} characters.",
                code="VALIDATION_FAILED",
                errors=[{"pointer": "/fetches", "code": "MAXLENGTH", "message": output[:40]}],
            )


def _fetches(fetches: Any, aliases: dict[str, dict[str, str]]) -> dict[str, str]:
    """Fetches as {output name: tensor name}; a list names each output by itself. A model
    version's output aliases stand for their tensors."""
    named = dict(fetches) if isinstance(fetches, dict) else {name: name for name in fetches}
    table = aliases.get("outputs", {})
    return {output: table.get(ref, ref) for output, ref in named.items()}


def _mismatch(detail: str, pointer: str) -> problems.ApiError:
    return problems.Unprocessable(
        detail,
        code="BATCH_INPUT_MISMATCH",
        errors=[{"pointer": pointer, "code": "MISMATCH", "message": detail}],
    )


def _inputs(
    engine_graph: Any, dataset: dict[str, Any], mapping: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """{placeholder: {array, dtype, row_shape}}, each array shown to fit its placeholder:
    the same dtype, and a row shape the placeholder's shape (batch dimension first,
    unknown) accepts. Refused here, never in a worker."""
    from graphgate import GraphgateError, Operation

    checked = {}
    arrays = dataset.get("arrays") or {}
    for placeholder, array in mapping.items():
        pointer = f"/inputs/{placeholder}"
        if array not in arrays:
            held = datasets().held(dataset)
            raise _mismatch(f"Dataset {dataset['id']} has no array {array!r} ({held}).", pointer)
        try:
            element = engine_graph.resolve(placeholder)
        except GraphgateError:
            raise _mismatch(f"The graph has no placeholder {placeholder!r}.", pointer) from None
        tensor = element.outputs[0] if isinstance(element, Operation) else element
        if tensor.name in checked:  # "x" and "x:0": one array would silently win
            raise _mismatch(f"Placeholder {tensor.name} is given twice; give it once.", pointer)
        if not tensor.op.type.startswith("Placeholder"):
            raise _mismatch(f"{placeholder} is a {tensor.op.type}, not a placeholder.", pointer)
        spec = arrays[array]
        if spec["dtype"] != tensor.dtype.name:
            raise _mismatch(
                f"Array {array!r} is {spec['dtype']}; placeholder {placeholder} takes "
                f"{tensor.dtype.name}. {_upload_as(dataset, tensor.dtype.name)}",
                pointer,
            )
        row_shape = list(spec["shape"][1:])
        wanted = tensor.shape
        if wanted.rank is not None:
            dims = wanted.as_list()
            fits = (
                len(dims) == len(row_shape) + 1
                and dims[0] is None
                and all(d is None or d == r for d, r in zip(dims[1:], row_shape, strict=True))
            )
            if not fits:
                raise _mismatch(
                    f"Rows of {array!r} have shape {row_shape}; placeholder {placeholder} "
                    f"takes {dims} (a batch of rows needs an unknown first dimension).",
                    pointer,
                )
        checked[tensor.name] = {"array": array, "dtype": spec["dtype"], "row_shape": row_shape}
    return checked


def _upload_as(dataset: dict[str, Any], dtype: str) -> str:
    """How to get the dtype a batch needs: a batch reads rows as stored, and a CSV's
    columns are int64 or float64 unless its upload named a dtype (datasets.md)."""
    if any(f.get("format") == "csv" for f in dataset.get("files") or ()):
        return (
            f"A CSV's columns are int64 or float64 unless its upload names a dtype: upload it "
            f"again with dtype {dtype} (`graphgate datasets upload FILE --dtype {dtype}`)."
        )
    return f"Upload the array again as {dtype}."


def _row_bytes(spec: dict[str, Any]) -> int:
    return math.prod(spec["row_shape"]) * np.dtype(spec["dtype"]).itemsize


def _within_plan(plan: plans.Plan, dataset: dict[str, Any], inputs: dict[str, Any]) -> None:
    plans.require_within(plan, "batch_rows", used=0, adding=int(dataset["rows"]))
    used_bytes = int(dataset["rows"]) * sum(_row_bytes(spec) for spec in inputs.values())
    plans.require_within(plan, "batch_bytes", used=0, adding=used_bytes)


@dataclass(frozen=True)
class Probe:
    """What the probe run tells of one row: its seconds and the worker memory it takes."""

    seconds_per_row: float
    memory_per_row: int


def _probe(
    engine_graph: Any,
    variables: dict[str, Any],
    fetches: dict[str, str],
    inputs: dict[str, dict[str, Any]],
    rows: int,
) -> Probe:
    """Run the graph once on `rows` zero rows: proves the graph takes the inputs and
    gives one output row per input row; measures a row's time and memory."""
    feeds = {
        name: np.zeros([rows, *spec["row_shape"]], dtype=spec["dtype"])
        for name, spec in inputs.items()
    }
    outputs, seconds, held = runtime.timed_run(engine_graph, variables, fetches, feeds)
    for name, value in outputs.items():
        shape = np.shape(value)
        if not shape or shape[0] != rows:
            raise problems.Unprocessable(
                f"Fetch {name!r} gave shape {list(shape)} for {rows} input rows; a batch "
                "fetches one output row per input row.",
                code="BATCH_FETCH_NOT_ROW_ALIGNED",
                errors=[{"pointer": f"/fetches/{name}", "code": "SHAPE", "message": "not rows"}],
            )
    input_bytes = sum(_row_bytes(spec) for spec in inputs.values())
    output_bytes = runtime.nbytes(outputs) / max(1, rows)
    memory = 2 * input_bytes + held / max(1, rows) + 2 * output_bytes
    return Probe(seconds / max(1, rows), math.ceil(memory))


def _shards(
    plan: plans.Plan, request: dict[str, Any], rows: int, probe: Probe
) -> tuple[list[dict[str, int]], int]:
    """The shard manifest and how many shards run at once, within the plan."""
    rows_per_shard = _rows_per_shard(plan, rows, request.get("rows_per_shard"), probe)
    shards = _manifest(rows, rows_per_shard)
    plans.require_within(plan, "batch_shards", used=0, adding=len(shards))
    wanted = int(request.get("max_concurrency") or plan.batch_concurrency)
    plans.require_within(plan, "batch_concurrency", used=0, adding=wanted)
    return shards, min(wanted, len(shards))


def _rows_per_shard(plan: plans.Plan, rows: int, requested: int | None, probe: Probe) -> int:
    """The rows of each shard: what the caller asked, at most what the plan's shard
    time allows by the probe's timing (so a child never meets its timeout) and what
    a worker's memory holds (so a child is never killed for its memory)."""
    fits = int(plan.batch_shard_seconds * SHARD_TIME_SHARE / max(probe.seconds_per_row, 1e-9))
    held = SHARD_MEMORY_BYTES // max(1, probe.memory_per_row)
    fits = max(MIN_ROWS_PER_SHARD, min(fits, held))
    spread = math.ceil(rows / min(plan.batch_concurrency, plan.batch_shards))
    wanted = requested or max(spread, DEFAULT_MIN_SHARD_ROWS)
    return max(MIN_ROWS_PER_SHARD, min(wanted, fits, rows))


def _manifest(rows: int, rows_per_shard: int) -> list[dict[str, int]]:
    return [
        {"index": i, "start": start, "stop": min(start + rows_per_shard, rows)}
        for i, start in enumerate(range(0, rows, rows_per_shard))
    ]


# -------------------------------------------------------------- read, list
def get(tenant: str, batch_id: str) -> dict[str, Any]:
    """A batch's view. Its shard records are read only once it has ended, for its
    outputs: a poll of a running batch of 1,000 shards reads one item, not 1,001."""
    batch = _batch(tenant, batch_id)
    ended = batch["status"] not in UNFINISHED
    return view_of(tenant, batch, store().shards(tenant, batch_id) if ended else [])


def page(tenant: str, limit: int | None, cursor: str | None) -> tuple[list[Any], str | None]:
    bs = store()
    items, next_cursor = cursors.page(
        tenant, "batches", limit, cursor, lambda n, start: bs.page(tenant, n, start)
    )
    return [_summary(i) for i in items], next_cursor


def cancel(tenant: str, batch_id: str) -> dict[str, Any]:
    """Cancel an unfinished batch: no shard starts after this (a starting worker reads
    the status first), shards already running finish and are reported."""
    batch = _batch(tenant, batch_id)
    try:
        store().set_status(tenant, batch, BatchStatus.CANCELLED, {"finished_at": sessions.now_ms()})
    except BatchEnded:
        # Ended since it was read: named as it ended, not as it was read.
        status = _batch(tenant, batch_id)["status"]
        raise problems.Conflict(
            f"Batch {batch_id} has already finished ({status}).", code="BATCH_FINISHED"
        ) from None
    from graphgate_service import batch_runs

    batch_runs.meter(tenant, batch_id)  # the shards finished by now; their end never comes
    if batch.get("execution_arn"):
        try:
            aws.client("stepfunctions").stop_execution(
                executionArn=batch["execution_arn"], cause="cancelled by its owner"
            )
        except Exception:
            # Workers read the status before they start, so the batch is cancelled
            # either way; the execution winds down by itself.
            logger.warning("could not stop the batch's execution", exc_info=True)
    return get(tenant, batch_id)


def _batch(tenant: str, batch_id: str) -> dict[str, Any]:
    batch = store().get(tenant, batch_id) if _plausible(batch_id) else None
    if batch is None:
        raise problems.NotFound(f"No batch {batch_id}.", code="BATCH_NOT_FOUND")
    return batch


def _plausible(batch_id: str) -> bool:
    return batch_id.startswith("b_") and len(batch_id) <= 64 and batch_id[2:].isalnum()


def _summary(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"],
        "status": item["status"],
        "created_at": graphs.iso(item["created_at"]),
        "rows": item.get("rows"),
        "shards_total": item.get("shards_total"),
        "dataset": item.get("dataset_id"),
    }


def view_of(tenant: str, batch: dict[str, Any], shards: list[dict[str, Any]]) -> dict[str, Any]:
    """A batch as clients see it: progress, rate, and (for the shards that finished)
    presigned output URLs in input row order."""
    now = sessions.now_ms()
    started, finished = batch.get("started_at"), batch.get("finished_at")
    elapsed_s = ((finished or now) - started) / 1000 if started else 0.0
    rows_done = int(batch.get("rows_done", 0))
    view: dict[str, Any] = {
        "id": batch["id"],
        "status": batch["status"],
        "created_at": graphs.iso(batch["created_at"]),
        "dataset": batch["dataset_id"],
        "fetches": batch["fetches"],
        "inputs": batch["inputs"],
        "rows": batch["rows"],
        "rows_per_shard": batch["rows_per_shard"],
        "max_concurrency": batch["max_concurrency"],
        "rows_done": rows_done,
        "rows_per_second": round(rows_done / elapsed_s, 1) if elapsed_s > 0 else 0.0,
        "shards": {
            "total": batch["shards_total"],
            "done": int(batch.get("shards_done", 0)),
            "failed": int(batch.get("shards_failed", 0)),
        },
    }
    if batch.get("graph_id"):
        view["graph"] = {"id": batch["graph_id"], "revision": batch["graph_revision"]}
    if batch.get("session_id"):
        view["session"] = batch["session_id"]
    if batch.get("model"):
        view["model"] = batch["model"]
    for field in ("started_at", "finished_at"):
        if batch.get(field):
            view[field] = graphs.iso(batch[field])
    if batch.get("error"):
        view["error"] = batch["error"]
    done = sorted((s for s in shards if s.get("status") == "done"), key=lambda s: s["index"])
    if batch["status"] not in UNFINISHED and done:
        bs = store()
        view["outputs"] = [
            {
                "shard": s["index"],
                "start": s["start"],
                "stop": s["stop"],
                "url": bs.download_url(s["output_key"], OUTPUT_URL_S),
            }
            for s in done
        ]
    return view
