"""Prediction latency over real HTTP against the local runner, next to its health check.

Starts a runner process, freezes a digits-sized MLP (64 -> 32 -> 10, one image per
request) into a model, then times, on one kept-alive connection each:

- GET /v1/health (an API key and one DynamoDB read: the floor a request costs here)
- POST /v2/models/digits/infer as raw HTTP (http.client)
- the same prediction through graphgate's Python client (gg.serving.Client)

and the first prediction of the version (its plan not yet cached), and prints
p50/p99 of each, interleaved over rounds so drift hits all alike.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/predict_latency.py
"""

import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate import serialization  # noqa: E402
from localrunner.client import Client  # noqa: E402
from localrunner.process import RunnerProcess  # noqa: E402

ROUNDS, PER_ROUND = int(os.environ.get("ROUNDS", 5)), int(os.environ.get("PER_ROUND", 40))
PARAMETERS = {"ProRateLimit": "100000", "ProBurstLimit": "100000", "ProDailyQuota": "10000000"}


def mlp() -> dict:
    graph = gg.Graph()
    with graph.as_default():
        gg.set_random_seed(0)
        x = gg.placeholder(gg.float32, [None, 64], name="images")
        w1 = gg.Variable(gg.random_normal([64, 32], stddev=0.1), name="w1")
        b1 = gg.Variable(gg.zeros([32]), name="b1")
        w2 = gg.Variable(gg.random_normal([32, 10], stddev=0.1), name="w2")
        b2 = gg.Variable(gg.zeros([10]), name="b2")
        hidden = gg.relu(gg.add(gg.matmul(x, w1), b1))
        gg.softmax(gg.add(gg.matmul(hidden, w2), b2), name="probabilities")
    return serialization.graph_to_dict(graph)


def timed(call, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    p50 = statistics.median(ordered)
    return f"{name:<34} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   n={len(ordered)}"


def main() -> int:
    with (
        tempfile.TemporaryDirectory() as workdir,
        RunnerProcess(Path(workdir), PARAMETERS) as runner,
    ):
        key = runner.create_tenant("bench", plan="pro")["api_key"]
        setup = Client(runner.url, key)
        graph_id = setup.call("POST", "/v1/graphs", {"name": "digits", "graph": mlp()}).json()["id"]
        session_id = setup.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
        created = setup.call(
            "POST",
            "/v1/models",
            {
                "name": "digits",
                "session_id": session_id,
                "inputs": {"images": "images"},
                "outputs": {"probabilities": "probabilities"},
            },
        )
        assert created.status == 201, created.body
        labelled = setup.call("PUT", "/v1/models/digits/labels/stable", {"version": 1})
        assert labelled.status == 200, labelled.body
        image = np.random.default_rng(0).random((1, 64), dtype=np.float32)
        body = json.dumps(
            {
                "inputs": [
                    {
                        "name": "images",
                        "datatype": "FP32",
                        "shape": [1, 64],
                        "data": image.ravel().tolist(),
                    }
                ]
            }
        ).encode()
        host, port = runner.url.removeprefix("http://").split(":")
        raw = http.client.HTTPConnection(host, int(port))
        health = http.client.HTTPConnection(host, int(port))

        def raw_health():
            health.request("GET", "/v1/health", headers={"x-api-key": key})
            assert health.getresponse().read() and True

        def raw_predict():
            raw.request(
                "POST",
                "/v2/models/digits/infer",
                body,
                setup.headers({"Content-Type": "application/json"}),
            )
            response = raw.getresponse()
            assert response.status == 200, response.read()
            response.read()

        serving = gg.serving.Client("digits", label="stable", url=runner.url, api_key=key)

        def client_predict():
            serving.predict({"images": image})

        first = timed(raw_predict, 1)[0]  # the version's first request: load, build, compile
        samples = {"health": [], "raw": [], "client": []}
        for call in (raw_health, raw_predict, client_predict):
            timed(call, 10)  # warm: plans compiled, connections open, token fetched
        for _ in range(ROUNDS):
            samples["health"] += timed(raw_health, PER_ROUND)
            samples["raw"] += timed(raw_predict, PER_ROUND)
            samples["client"] += timed(client_predict, PER_ROUND)
        print(summary("GET /v1/health (raw, kept alive)", samples["health"]))
        print(summary("KServe infer (raw, kept alive)", samples["raw"]))
        print(summary("KServe infer (gg.serving.Client)", samples["client"]))
        print(f"{'first infer of the version (cold)':<34} {first:7.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
