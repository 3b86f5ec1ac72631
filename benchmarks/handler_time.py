"""The handlers' own time per route (issue 17 §5), in process, AWS answered by moto:
what Lambda bills is the handler's time with DynamoDB's and S3's answers taking
their own (network) time, so moto's time (measured around its botocore stub) is
reported apart and subtracted. botocore's own work (serializing, signing, parsing)
runs in the function and stays in the handler's share.

Also: the AWS calls of each request, and an MLP training run through the worker
(steps per second, calls per checkpoint), for the cost model in docs/operations.md.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/handler_time.py
"""

import collections
import os
import statistics
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate import serialization  # noqa: E402
from graphgate_service import keys  # noqa: E402
from tests.integration.test_sessions_handler import Api, LambdaContext  # noqa: E402
from tests.support import moto_aws  # noqa: E402

N = int(os.environ.get("N", 60))
TRAIN_STEPS = int(os.environ.get("TRAIN_STEPS", 300))
BATCH = 64


class Meter:
    """Time inside moto's stub, and the AWS calls made, since the last reset."""

    def __init__(self) -> None:
        from moto.core import botocore_stubber

        self.emulator_s = 0.0
        self.calls: collections.Counter[str] = collections.Counter()
        original = botocore_stubber.BotocoreStubber.__call__
        meter = self

        def timed(stub, event_name, request, **kwargs):
            started = time.perf_counter()
            try:
                return original(stub, event_name, request, **kwargs)
            finally:
                meter.emulator_s += time.perf_counter() - started
                meter.calls[event_name.split(".", 1)[-1]] += 1

        botocore_stubber.BotocoreStubber.__call__ = timed

    def measure(self, step, n: int) -> tuple[list[float], list[float], dict[str, float]]:
        own, emulator = [], []
        self.calls.clear()
        for _ in range(n):
            self.emulator_s = 0.0
            started = time.perf_counter()
            step()
            total = time.perf_counter() - started
            own.append((total - self.emulator_s) * 1000)
            emulator.append(self.emulator_s * 1000)
        return own, emulator, {k: v / n for k, v in self.calls.items()}


def mlp(train: bool) -> dict:
    """issue 17's W3/W4 model: 784 -> 128 -> 10, f32; with an SGD step if `train`."""
    graph = gg.Graph()
    with graph.as_default():
        gg.set_random_seed(0)
        x = gg.placeholder(gg.float32, [None, 784], name="x")
        w1 = gg.Variable(gg.random_normal([784, 128], stddev=0.05), name="w1")
        b1 = gg.Variable(gg.zeros([128]), name="b1")
        w2 = gg.Variable(gg.random_normal([128, 10], stddev=0.05), name="w2")
        b2 = gg.Variable(gg.zeros([10]), name="b2")
        logits = gg.add(gg.matmul(gg.relu(gg.add(gg.matmul(x, w1), b1)), w2), b2, name="logits")
        if train:
            labels = gg.placeholder(gg.int32, [None], name="labels")
            loss = gg.reduce_mean(
                gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits),
                name="loss",
            )
            gg.train.GradientDescentOptimizer(0.01).minimize(loss, name="train")
    return serialization.graph_to_dict(graph)


def tensor(array: np.ndarray, datatype: str) -> dict:
    return {"datatype": datatype, "shape": list(array.shape), "data": array.ravel().tolist()}


def summary(name: str, own: list[float], emulator: list[float], calls: dict[str, float]) -> str:
    def p(values, q):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    shown = ", ".join(f"{k} {v:g}" for k, v in sorted(calls.items()))
    return (
        f"| {name} | {statistics.median(own):.2f} | {p(own, 0.99):.2f} | "
        f"{statistics.median(emulator):.2f} | {shown} |"
    )


def main() -> int:
    with pytest.MonkeyPatch.context() as patch, moto_aws(patch) as provisioned:
        from graphgate_service import jobs
        from localrunner import moto_fixes

        moto_fixes.install()  # moto as the local runner runs it
        from graphgate_service import settings as service_settings

        patch.setenv("CURSOR_SECRET_ARN", provisioned["ids"]["CursorSigningSecret"])
        patch.setenv("WORKER_FUNCTION_NAME", "graphgate-worker-bench")
        service_settings.get.cache_clear()
        patch.setattr(jobs, "_dispatcher", lambda payload: None)
        tenant = "t_00000000000000be"
        provisioned["clients"]["dynamodb"].put_item(
            TableName=provisioned["ids"]["Table"],
            Item={
                **keys.profile(tenant),
                "plan": {"S": "pro"},
                "name": {"S": tenant},
            },
        )
        api = Api(tenant, "t_00000000000000bf")
        meter = Meter()
        rng = np.random.default_rng(0)

        def ok(reply, status=200):
            assert reply.status == status, reply.text
            return reply.json() if reply.content else None

        made = {"graph": ok(api.call("post-graphs"), 201)}
        inference = ok(api.call("post-graphs", body={"name": "mlp", "graph": mlp(False)}), 201)
        counter = ok(api.call("post-graphs-counter"), 201)["id"]
        session = ok(api.call("post-sessions", body={"graph_id": counter}), 201)["id"]
        image = {"fetches": "logits", "feeds": {"x": tensor(rng.random((1, 784), "f4"), "FP32")}}
        add = {
            "fetches": "add_x",
            "feeds": {"x": {"datatype": "FP32", "shape": [2], "data": [1, 1]}},
        }

        def replace():
            etag = made["graph"]["etag"]
            made["graph"] = ok(
                api.call("put-graph", graph=made["graph"]["id"], headers={"If-Match": etag})
            )

        def patch_graph():
            etag = made["graph"]["etag"]
            made["graph"] = ok(
                api.call("patch-graph", graph=made["graph"]["id"], headers={"If-Match": etag})
            )

        def start_async():
            body = {**add, "steps": 3}
            ok(api.call("post-session-runs-async", session=async_session, body=body), 202)

        async_session = ok(api.call("post-sessions", body={"graph_id": counter}), 201)["id"]
        routes = {
            "POST /v1/graphs": lambda: ok(api.call("post-graphs"), 201),
            "GET /v1/graphs/{id}": lambda: ok(api.call("get-graph", graph=made["graph"]["id"])),
            "GET /v1/graphs": lambda: ok(api.call("get-graphs")),
            "PUT /v1/graphs/{id}": replace,
            "PATCH /v1/graphs/{id}": patch_graph,
            "POST /v1/graphs/{id}/runs (tutorial)": lambda: ok(
                api.call("post-graph-runs", graph=made["graph"]["id"])
            ),
            "POST /v1/graphs/{id}/runs (MLP, 1 image)": lambda: ok(
                api.call("post-graph-runs", graph=inference["id"], body=image)
            ),
            "POST /v1/sessions/{id}/runs": lambda: ok(
                api.call("post-session-runs", session=session, body=add)
            ),
            "GET /v1/sessions/{id}/variables": lambda: ok(
                api.call("get-session-variables", session=session)
            ),
            "POST /v1/sessions/{id}/runs (async start)": start_async,
        }
        print(f"handler's own time per request, in process, n={N} each (ms)\n")
        print("| route | own p50 | own p99 | moto p50 | AWS calls per request |")
        print("| --- | --- | --- | --- | --- |")
        for name, step in routes.items():
            for _ in range(3):
                step()  # warm: imports, clients, caches
            print(summary(name, *meter.measure(step, N)), flush=True)

        # A training run: an async run on a session of the MLP with an SGD step.
        trainer = ok(api.call("post-graphs", body={"name": "train", "graph": mlp(True)}), 201)
        trained = ok(api.call("post-sessions", body={"graph_id": trainer["id"]}), 201)["id"]
        batch = {
            "x": tensor(rng.random((BATCH, 784), "f4"), "FP32"),
            "labels": tensor(rng.integers(0, 10, BATCH).astype("i4"), "INT32"),
        }
        body = {"fetches": "loss", "targets": ["train"], "feeds": batch, "steps": TRAIN_STEPS}
        meter.calls.clear()
        meter.emulator_s = 0.0
        run = ok(api.call("post-session-runs-async", session=trained, body=body), 202)
        payload = {"tenant": tenant, "session_id": trained, "run_id": run["id"]}
        started = time.perf_counter()
        status = api.handlers["worker"].lambda_handler(payload, LambdaContext())["status"]
        worker_s = time.perf_counter() - started - meter.emulator_s
        assert status == "succeeded", status
        calls = dict(meter.calls)
        print(
            f"\ntraining: {TRAIN_STEPS} SGD steps of the 784-128-10 MLP on a batch of {BATCH}, "
            f"one worker invocation: {worker_s:.2f} s own time "
            f"({worker_s / TRAIN_STEPS * 1000:.2f} ms a step), moto {meter.emulator_s:.2f} s; "
            f"AWS calls (start + worker): {calls}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
