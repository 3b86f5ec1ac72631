"""The batch worker's three actions, each one step of the batch state machine
(statemachines/batch.asl.json):

- `shard`: run the graph on rows [start, stop) of the dataset and write the output
  shard. Safe to deliver twice: a shard already recorded is answered from its
  record; its object is written only if absent and its record put only if absent,
  so a retry after a crash at any point writes each output once and counts it once.
  A cancelled or ended batch runs nothing.
- `shard_failed`: a shard that failed for good (retries spent, or an error no retry
  can fix), recorded by name so the batch's error can say which.
- `finish`: the map run ended; the record becomes succeeded only if every shard is
  recorded done, else failed naming the shards that failed or never finished.

Errors that retrying cannot fix (the graph refuses the rows) raise BatchShardFailed,
which the state machine does not retry.
"""

import json
import threading
import time
from collections import OrderedDict
from typing import Any

import numpy as np

from graphgate_service import batches, graphs, keys, metering, problems, runtime, sessions
from graphgate_service.batch_store import UNFINISHED, BatchEnded, BatchStatus
from graphgate_service.logs import logger

# What a warm worker keeps of the batches it ran last: it runs many shards of one
# batch, and a batch's graph revision, frozen variables and dataset never change.
# Every AWS call saved per shard counts at 10,000 children (docs/batches.md).
BATCH_CACHE = 4
# Meterings of one batch race only with its last shards' (a cancel's in-flight shards):
# each lost race means another metering counted what this one read.
METER_ATTEMPTS = 20
_cached: "OrderedDict[str, tuple[Any, dict[str, Any] | None, dict[str, Any]]]" = OrderedDict()
_lock = threading.Lock()


class BatchShardFailed(Exception):
    """A shard that cannot succeed however often it is retried (its name is the
    error type the state machine's Retry leaves alone)."""


def handle(event: dict[str, Any]) -> dict[str, Any]:
    action = event.get("action")
    if action == "shard":
        return run_shard(event["tenant"], event["batch_id"], event["shard"])
    if action == "shard_failed":
        return shard_failed(event["tenant"], event["batch_id"], event["shard"], event["error"])
    if action == "finish":
        return finish(event["tenant"], event["batch_id"], event.get("error"), event.get("map_run"))
    if action == "resume_interrupted":  # the local runner, when it starts
        return {"resumed": batches.resume_interrupted()}
    raise ValueError(f"unknown batch worker action {action!r}")


def run_shard(tenant: str, batch_id: str, shard: dict[str, int]) -> dict[str, Any]:
    bs = batches.store()
    batch = bs.get(tenant, batch_id)
    if batch is None or batch["status"] not in UNFINISHED:
        # Cancelled (or gone): a shard that had not started does not start.
        return {"shard": shard["index"], "skipped": batch["status"] if batch else "deleted"}
    started = time.perf_counter()
    feeds = _rows(tenant, batch, shard)
    outputs = _run(tenant, batch, feeds, shard)
    output_key = keys.batch_output(tenant, batch_id, shard["index"])
    written = bs.put_output(output_key, outputs)
    compute_ms = (time.perf_counter() - started) * 1000
    recorded = bs.record_shard(
        tenant,
        batch_id,
        {
            **shard,
            "status": "done",
            "output_key": output_key,
            "compute_ms": round(compute_ms, 3),
            "feed_bytes": runtime.nbytes(feeds),
            "fetched_bytes": runtime.nbytes(outputs),
        },
        "shards_done",
    )
    ended = recorded and bs.get(tenant, batch_id)
    if ended and ended["status"] not in UNFINISHED:
        # Cancelled while it ran: the cancel metered the shards done by then, not this one.
        meter(tenant, batch_id)
    logger.info(
        "batch shard done",
        extra={"batch_id": batch_id, "shard": shard["index"], "ms": round(compute_ms, 1)},
    )
    return {"shard": shard["index"], "rows": shard["stop"] - shard["start"], "written": written}


def _rows(tenant: str, batch: dict[str, Any], shard: dict[str, int]) -> dict[str, np.ndarray]:
    """The shard's rows of each mapped array, keyed by the placeholder it feeds."""
    _, _, dataset = _batch_parts(tenant, batch)
    names = sorted(set(batch["inputs"].values()))
    try:
        arrays = batches.datasets().read_rows(tenant, dataset, shard["start"], shard["stop"], names)
    except problems.ApiError as error:  # rows replaced since validated: no retry helps
        raise BatchShardFailed(f"{error.code}: {error.detail}") from None
    except Exception:
        _dataset_still_there(tenant, batch)
        raise  # a read that failed otherwise: the state machine retries it
    return {placeholder: arrays[array] for placeholder, array in batch["inputs"].items()}


def _dataset_still_there(tenant: str, batch: dict[str, Any]) -> None:
    """After a failed read: BatchShardFailed naming DATASET_NOT_FOUND if the dataset was
    deleted under the batch (no retry brings its rows back), else nothing."""
    try:
        batches.datasets().get(tenant, batch["dataset_id"])
    except problems.ApiError as error:
        with _lock:
            _cached.pop(batch["id"], None)
        raise BatchShardFailed(f"{error.code}: {error.detail}") from None


def _batch_parts(
    tenant: str, batch: dict[str, Any]
) -> tuple[Any, dict[str, Any] | None, dict[str, Any]]:
    """(engine graph, frozen variables, dataset) of a batch, read once per process."""
    with _lock:
        if batch["id"] in _cached:
            _cached.move_to_end(batch["id"])
            return _cached[batch["id"]]
    if batch.get("document_s3_key"):  # the graph's or model version's, copied at submission
        document = json.loads(batches.store().read(batch["document_s3_key"]))
        if "model" in batch:
            model = batch["model"]
            graph_id, revision = batches.model_graph_id(model["name"]), model["version"]
        else:
            graph_id, revision = batch["graph_id"], batch["graph_revision"]
        engine_graph = runtime.graph(tenant, graph_id, revision, document)
    else:  # a batch submitted before graphs were copied: read from the graph
        try:
            revision, document = graphs.document_of(
                tenant, batch["graph_id"], batch["graph_revision"]
            )
            engine_graph = runtime.graph(tenant, batch["graph_id"], revision, document)
        except problems.ApiError as error:  # the graph was deleted under the batch
            raise BatchShardFailed(f"{error.code}: {error.detail}") from None
    key = batch.get("variables_s3_key")
    variables = batches.store().variables(key) if key else None
    try:
        dataset = batches.datasets().get(tenant, batch["dataset_id"])
    except problems.ApiError as error:  # the dataset was deleted under the batch
        raise BatchShardFailed(f"{error.code}: {error.detail}") from None
    parts = (engine_graph, variables, dataset)
    with _lock:
        _cached[batch["id"]] = parts
        while len(_cached) > BATCH_CACHE:
            _cached.popitem(last=False)
    return parts


def _run(
    tenant: str, batch: dict[str, Any], feeds: dict[str, np.ndarray], shard: dict[str, int]
) -> dict[str, np.ndarray]:
    """The graph over the shard's rows, with no deadline: under one the engine makes a
    product past 2^30 multiply-adds in bands of rows (ops/math_ops.py), and BLAS may round
    a row's last bit differently in another band size, so a shard's rows would differ from
    a local run over them (a 1,000,000-row shard of the digits MLP, from row 524,280 on).
    A shard is sized to a quarter of the plan's shard seconds, far inside the worker's
    900 s; one that still overruns meets Lambda's timeout, which the state machine
    retries as it would DEADLINE_EXCEEDED (docs/decision_log.md)."""
    engine_graph, variables, _ = _batch_parts(tenant, batch)
    try:
        limits = runtime.RunLimits(1, float("inf"), 2**62)
        result = runtime.execute(
            engine_graph, variables, batch["fetches"], [feeds], None, 1, limits, None
        )
    except problems.ApiError as error:
        raise BatchShardFailed(f"{error.code}: {error.detail}") from None
    rows = shard["stop"] - shard["start"]
    outputs = {name: np.asarray(value) for name, value in result.outputs.items()}
    for name, value in outputs.items():
        if value.ndim == 0 or value.shape[0] != rows:
            raise BatchShardFailed(
                f"BATCH_FETCH_NOT_ROW_ALIGNED: fetch {name!r} gave {list(value.shape)} "
                f"for {rows} rows"
            )
    return outputs


def shard_failed(
    tenant: str, batch_id: str, shard: dict[str, int], error: dict[str, Any]
) -> dict[str, Any]:
    detail = shard_error_detail(error)
    batches.store().record_shard(
        tenant,
        batch_id,
        {**shard, "status": "failed", "error": {"type": error.get("Error"), "detail": detail}},
        "shards_failed",
    )
    logger.warning("batch shard failed", extra={"batch_id": batch_id, "shard": shard["index"]})
    return {"shard": shard["index"], "failed": True}


def shard_error_detail(error: dict[str, Any]) -> str:
    """What the batch's owner is told of a failed shard: a BatchShardFailed's own message
    (the engine's refusal of the rows), else only the kind of failure. Step Functions'
    `Cause` of a Lambda error is the function's error document, whose `stackTrace`, and
    any other exception's message, are the service's insides, never the client's."""
    kind = str(error.get("Error") or "unknown")[:100]
    try:
        cause = json.loads(error.get("Cause") or "null")
    except (TypeError, ValueError):
        cause = None
    message = cause.get("errorMessage") if isinstance(cause, dict) else None
    if kind == BatchShardFailed.__name__ and isinstance(message, str):
        return message[:1000]
    return f"the shard's worker failed ({kind})"


def finish(
    tenant: str,
    batch_id: str,
    error: dict[str, Any] | None,
    map_run: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Settle the batch from its shard records: succeeded only with every shard done.
    The map run's ARN and where its ResultWriter wrote are kept for operators."""
    bs = batches.store()
    batch = bs.get(tenant, batch_id)
    if batch is None:
        return {"status": "deleted"}
    shards = bs.shards(tenant, batch_id)
    done = {s["index"] for s in shards if s["status"] == "done"}
    failed = sorted(s["index"] for s in shards if s["status"] == "failed")
    if error is None and len(done) == batch["shards_total"]:
        status, extra = BatchStatus.SUCCEEDED, {}
    else:
        missing = sorted(set(range(batch["shards_total"])) - done - set(failed))
        status = BatchStatus.FAILED
        named = failed or missing
        extra = {
            "error": {
                "code": "BATCH_SHARD_FAILED",
                "detail": f"Shard(s) {', '.join(map(str, named[:20]))} failed"
                + (f" ({_first_error(shards)})" if failed else " to finish")
                + "; the batch reports no output for them.",
                "failed_shards": failed,
                "unfinished_shards": missing,
            }
        }
    if map_run:
        extra["map_run_arn"] = map_run.get("MapRunArn")
        extra["map_run_results"] = map_run.get("ResultWriterDetails")
    # Metered before its end is written: a client that reads the batch ended reads its
    # usage with it (batches.md), as an async run's are one transaction; `once` keeps a
    # redelivered end from counting it again.
    meter(tenant, batch_id)
    try:
        bs.set_status(tenant, batch, status, {**extra, "finished_at": sessions.now_ms()})
    except BatchEnded:
        return {"status": batch["status"]}  # cancelled meanwhile: that stands
    logger.info("batch finished", extra={"batch_id": batch_id, "status": status.value})
    return {"status": status.value}


def meter(tenant: str, batch_id: str) -> None:
    """Bill a batch as one run, however often its end is delivered: the compute of its
    finished shards, the rows they read and the outputs they wrote. A shard recorded after
    the batch was metered (one running when it was cancelled) is billed as it lands."""
    key = keys.item_key(keys.batch_pk(tenant, batch_id), keys.META)
    for _ in range(METER_ATTEMPTS):
        batch = batches.store().get(tenant, batch_id)
        if not batch or metering.record_growth(tenant, batch, key, "shards_done"):
            return
    logger.warning("batch not metered: its shards kept landing", extra={"batch_id": batch_id})


def _first_error(shards: list[dict[str, Any]]) -> str:
    failed = [s for s in shards if s["status"] == "failed"]
    return str(failed[0].get("error", {}).get("detail", ""))[:300] if failed else ""
