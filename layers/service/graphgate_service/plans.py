"""What each plan allows, in one table.

Request rate, burst and daily quota are API Gateway usage plans (template
parameters); everything else a plan caps is here. Going over a cap is a 422
naming the cap, never a silent truncation and never a 429: waiting does not
help, deleting something or upgrading does.
"""

from dataclasses import dataclass

from graphgate_service import problems

MB = 1024 * 1024

SCOPES = (
    "graphs:read",
    "graphs:write",
    "sessions:run",
    "tokens:manage",
    "usage:read",
    "models:read",
    "models:write",
    "models:predict",
)


@dataclass(frozen=True)
class Plan:
    name: str
    graphs: int  # graphs stored at once
    sessions: int  # live sessions at once
    # graphs (every revision), model versions and datasets together; not sessions' variables,
    # working state bounded by the sessions cap, each run's memory and the idle expiry
    stored_bytes: int
    run_bytes: int  # feeds of one run (uploads included; JSON bodies stop at 6 MB anyway)
    steps: int = 1_000  # steps of one run, synchronous or not
    run_seconds: float = 10.0  # wall-clock budget of one synchronous run (API Gateway: 29 s)
    async_run_seconds: float = 600.0  # wall-clock budget of one asynchronous run
    datasets: int = 10  # datasets stored at once, pending ones included
    dataset_bytes: int = 50 * MB  # the files of one dataset (they count in stored_bytes too)
    scopes: tuple[str, ...] = SCOPES  # the widest token a tenant on the plan may hold
    # Batch runs (docs/batches.md): rows and input bytes of one batch, its shards, how
    # many shards run at once (the map's MaxConcurrency), and the seconds one shard is
    # sized to take, well inside the batch worker's 900 s so a child never times out.
    batch_rows: int = 100_000
    batch_bytes: int = 64 * MB
    batch_shards: int = 16
    batch_concurrency: int = 4
    batch_shard_seconds: float = 60.0
    batches_running: int = 2  # batches queued or running at once (each with its concurrency)
    # The size one upload (POST /v1/uploads) may declare: the most any use of it takes, a
    # run's feeds (run_bytes) or an ONNX model (onnx_graphs.MAX_MODEL_BYTES, 64 MB).
    upload_bytes: int = 256 * MB


PLANS: dict[str, Plan] = {
    "free": Plan(
        "free",
        graphs=20,
        sessions=5,
        stored_bytes=50 * MB,
        run_bytes=16 * MB,
        steps=1_000,
        run_seconds=10.0,
        async_run_seconds=600.0,
        datasets=10,
        dataset_bytes=50 * MB,
        batch_rows=100_000,
        batch_bytes=64 * MB,
        batch_shards=16,
        batch_concurrency=4,
        batch_shard_seconds=60.0,
        batches_running=2,
        upload_bytes=64 * MB,
    ),
    "pro": Plan(
        "pro",
        graphs=2000,
        sessions=200,
        stored_bytes=20_000 * MB,
        run_bytes=256 * MB,
        steps=100_000,
        run_seconds=18.0,  # all the 28 s sessions function can give (runtime.RESPONSE_MARGIN_S)
        async_run_seconds=3_600.0,
        datasets=1_000,
        dataset_bytes=5_000 * MB,
        batch_rows=100_000_000,
        batch_bytes=100_000 * MB,
        batch_shards=1_000,
        batch_concurrency=1_000,
        batch_shard_seconds=300.0,
        batches_running=10,
        upload_bytes=256 * MB,
    ),
}

CAPS = (
    "graphs",
    "sessions",
    "stored_bytes",
    "run_bytes",
    "steps",
    "datasets",
    "dataset_bytes",
    "batch_rows",
    "batch_bytes",
    "batch_shards",
    "batch_concurrency",
    "batches_running",
    "upload_bytes",
)


def get(name: str) -> Plan:
    """The plan called `name`; KeyError for a plan that does not exist."""
    return PLANS[name]


def require_within(plan: str | Plan, cap: str, *, used: int, adding: int = 1) -> None:
    """Raise 422 PLAN_LIMIT_EXCEEDED naming `cap` if `used + adding` exceeds the plan's cap.

    For a per-run cap pass `used=0, adding=<size of the run>`. The body also names what
    the request would need (`requested`): `used` alone says nothing of a per-run cap.
    """
    if cap not in CAPS:
        raise ValueError(f"unknown cap {cap!r}; one of {', '.join(CAPS)}")
    limits = plan if isinstance(plan, Plan) else get(plan)
    limit = getattr(limits, cap)
    if used + adding > limit:
        raise problems.Unprocessable(
            f"The {limits.name} plan allows {cap} up to {limit}; this request would need "
            f"{used + adding}.",
            code="PLAN_LIMIT_EXCEEDED",
            extra={
                "cap": cap,
                "limit": limit,
                "used": used,
                "requested": used + adding,
                "plan": limits.name,
            },
        )
