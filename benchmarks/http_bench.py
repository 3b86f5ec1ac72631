"""GET /v1/health against a local runner on a kept-alive connection and on a fresh one
per request (issue 17 §6): with Nagle's algorithm meeting delayed ACKs the pooled
request paid ~44 ms more than the fresh one; both should now cost the same.

Three ways in, interleaved over rounds so drift hits all alike, p50/p99 of each:

- pooled: one http.client connection kept alive for every request
- pooled urllib3: graphgate's client transport (graphgate.client.http, a PoolManager)
- fresh: a new TCP connection per request

    .venv/bin/python benchmarks/http_bench.py        (or: make bench-http)
"""

import http.client
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from graphgate.client.http import Transport
from localrunner.process import RunnerProcess

ROUNDS, PER_ROUND = int(os.environ.get("ROUNDS", 5)), int(os.environ.get("PER_ROUND", 40))
PARAMETERS = {"ProRateLimit": "100000", "ProBurstLimit": "100000", "ProDailyQuota": "10000000"}


def timed(call) -> float:
    started = time.perf_counter()
    status = call()
    elapsed = (time.perf_counter() - started) * 1000
    assert status == 200, status
    return elapsed


def main() -> int:
    with (
        tempfile.TemporaryDirectory() as scratch,
        RunnerProcess(Path(scratch), PARAMETERS) as runner,
    ):
        key = runner.create_tenant("bench", plan="pro")["api_key"]
        host, port = runner.url.removeprefix("http://").split(":")
        headers = {"x-api-key": key}
        kept = http.client.HTTPConnection(host, int(port), timeout=30)
        transport = Transport(runner.url)

        def pooled() -> int:
            kept.request("GET", "/v1/health", headers=headers)
            reply = kept.getresponse()
            reply.read()
            return reply.status

        def pooled_urllib3() -> int:
            return transport.request("GET", "/v1/health", headers=headers).status

        def fresh() -> int:
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            try:
                connection.request("GET", "/v1/health", headers=headers)
                reply = connection.getresponse()
                reply.read()
                return reply.status
            finally:
                connection.close()

        ways = {"pooled": pooled, "pooled urllib3": pooled_urllib3, "fresh": fresh}
        samples: dict[str, list[float]] = {name: [] for name in ways}
        for way in ways.values():  # warm the route, the clients and the connections
            for _ in range(5):
                timed(way)
        for _ in range(ROUNDS):
            for name, way in ways.items():
                samples[name] += [timed(way) for _ in range(PER_ROUND)]
        kept.close()
        transport.close()
    print(f"GET /v1/health, {ROUNDS} rounds x {PER_ROUND} requests, interleaved")
    print(f"{'connection':16s} {'p50 ms':>8s} {'p99 ms':>8s}")
    for name, values in samples.items():
        p99 = statistics.quantiles(values, n=100)[98]
        print(f"{name:16s} {statistics.median(values):8.2f} {p99:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
