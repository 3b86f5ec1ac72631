"""Latency of a small one-shot run through the local runner, network excluded.

Requests go straight into the gateway emulation (API key, authorizer, usage
plan, proxy event, handler, response) without a socket; the engine's share is
the run's own compute_ms. Prints p50/p99 over interleaved rounds.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/run_latency.py
"""

import json
import os
import statistics
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import graphgate as gg  # noqa: E402
from graphgate import serialization  # noqa: E402
from graphgate_service import tenants  # noqa: E402
from localrunner.gateway import Request  # noqa: E402
from localrunner.runner import LocalRunner, RunnerConfig  # noqa: E402

ROUNDS, PER_ROUND = int(os.environ.get("ROUNDS", 7)), 60


def main() -> int:
    runner = LocalRunner(
        RunnerConfig(
            port=0,
            data_dir=None,
            state_file=None,
            parameters={
                "ProRateLimit": "100000",
                "ProBurstLimit": "100000",
                "ProDailyQuota": "10000000",
            },
        )
    )
    runner.start()
    try:
        gateway = runner.server.gateway
        ids = runner.template.physical_ids
        tenant = tenants.create_tenant(
            "bench",
            "pro",
            apigateway=runner.clients["apigateway"],
            store=tenants.TenantStore(
                ids["Table"], ids["TensorBucket"], runner.clients["dynamodb"], runner.clients["s3"]
            ),
            usage_plan_id=ids["ProUsagePlan"],
            stage="local",
        )

        def call(method, path, body=None, token=None):
            headers = [("x-api-key", tenant.api_key), ("Content-Type", "application/json")]
            if token:
                headers.append(("Authorization", f"Bearer {token}"))
            reply = gateway.handle(
                Request(
                    method, path, headers, json.dumps(body).encode() if body is not None else b""
                )
            )
            return reply.status, json.loads(reply.body or b"null")

        status, token = call("POST", "/v1/tokens", {})
        assert status == 200, status
        token = token["access_token"]
        graph = gg.Graph()
        with graph.as_default():
            a, b = gg.constant(15.0, name="a"), gg.constant(5.0, name="b")
            gg.divide(gg.multiply(a, b), gg.add(a, b), name="res")
        _, created = call(
            "POST",
            "/v1/graphs",
            {"name": "tutorial", "graph": serialization.graph_to_dict(graph)},
            token,
        )
        path = f"/v1/graphs/{created['id']}/runs"
        for _ in range(20):  # warm: graph cache, plans, imports
            call("POST", path, {"fetches": "res"}, token)
        totals, engine = [], []
        for _ in range(ROUNDS):
            for _ in range(PER_ROUND):
                started = time.perf_counter()
                status, body = call("POST", path, {"fetches": "res"}, token)
                totals.append((time.perf_counter() - started) * 1000)
                assert status == 200 and body["outputs"]["data"] == [3.75], body
                engine.append(body["compute_ms"])
    finally:
        runner.stop()
    totals.sort()
    p50, p99 = statistics.median(totals), totals[int(len(totals) * 0.99) - 1]
    engine_p50 = statistics.median(engine)
    print(
        f"one-shot run of the tutorial program through the local runner, "
        f"{len(totals)} requests, network excluded"
    )
    print(f"  end-to-end   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms")
    print(f"  engine       p50 {engine_p50:7.3f} ms   share of p50 {engine_p50 / p50:6.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
