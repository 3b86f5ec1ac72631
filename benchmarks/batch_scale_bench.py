"""Batches at real sizes through a local runner process, as a user meets them: a dataset
uploaded through the datasets API, a batch submitted over HTTP and polled to its end,
its output shards fetched into numpy, checked against one in-process run. For each
model and row count: upload time, batch wall time, rows/s, the runner's peak RSS
(the batch workers run inside it), the outputs' size and the time to fetch them.

    .venv/bin/python benchmarks/batch_scale_bench.py                  (10k, 100k, 1M rows)
    SIZES=10000,100000 NETS=mlp,image .venv/bin/python benchmarks/batch_scale_bench.py
    CONCURRENCY=1 ...                     (one shard at a time: each shard's time alone)
"""

import os

# As the runner's functions and Lambda run numpy: the outputs are compared bit for bit,
# and OpenBLAS's float32 sums differ in their last bits with its thread count.
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = "1"

import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

import graphgate as gg
from graphgate.client import RemoteSession
from localrunner.process import RunnerProcess

SIZES = [int(s) for s in os.environ.get("SIZES", "10000,100000,1000000").split(",")]
MODELS = os.environ.get("NETS", "mlp,image").split(",")
PARAMETERS = {"ProRateLimit": "100000", "ProBurstLimit": "100000", "ProDailyQuota": "10000000"}
FEATURES = {"mlp": 64, "image": 784}
HIDDEN = {"mlp": 32, "image": 128}
WORKER_GB = 3008 / 1024  # BatchWorkerFunction's MemorySize
# Shards at once (the plan's by default). With 1, each shard's worker time is what it
# takes alone: the runner's threads share 2 cores and one emulator lock, so at 100 at
# once a shard's time counts its waits too.
CONCURRENCY = int(os.environ["CONCURRENCY"]) if os.environ.get("CONCURRENCY") else None


def model(kind: str) -> gg.Graph:
    """features -> hidden relu -> 10 softmax, and the argmax."""
    rng = np.random.default_rng(0)
    features, hidden = FEATURES[kind], HIDDEN[kind]
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, features], name="x")
        w1 = gg.Variable(rng.normal(0, 0.05, (features, hidden)).astype(np.float32), name="w1")
        b1 = gg.Variable(np.zeros(hidden, np.float32), name="b1")
        w2 = gg.Variable(rng.normal(0, 0.2, (hidden, 10)).astype(np.float32), name="w2")
        b2 = gg.Variable(np.zeros(10, np.float32), name="b2")
        logits = gg.add(gg.matmul(gg.nn.relu(gg.matmul(x, w1) + b1), w2), b2, name="logits")
        gg.nn.softmax(logits, name="probs")
        gg.argmax(logits, 1, name="label")
        gg.global_variables_initializer()
    return graph


class PeakRss:
    """The largest VmRSS of a process, sampled every 50 ms between reset() and peak()."""

    def __init__(self, pid: int):
        self.pid, self.top, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def rss(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            try:
                self.top = max(self.top, self.rss())
            except OSError:
                return

    def reset(self) -> None:
        self.top = self.rss()

    def peak(self) -> int:
        return max(self.top, self.rss())

    def close(self) -> None:
        self._stop.set()


def one(runner: RunnerProcess, key: str, rss: PeakRss, kind: str, rows: int) -> dict:
    graph = model(kind)
    data = np.random.default_rng(rows).uniform(0, 1, (rows, FEATURES[kind])).astype(np.float32)
    with RemoteSession(runner.url, api_key=key, graph=graph) as session:
        session.run("init")  # the session exists before anything is timed
        rss.reset()
        began = time.perf_counter()
        dataset = session.client.upload_dataset({"x": data}, name=f"{kind}-{rows}")
        upload_s, upload_rss = time.perf_counter() - began, rss.peak()
        rss.reset()
        computed_before = session.client.usage()["runs"]["compute_ms"]
        began = time.perf_counter()
        handle = session.run_batch(
            {"probs": "probs:0", "label": "label:0"},
            dataset=dataset["id"],
            inputs={"x": "x"},
            max_concurrency=CONCURRENCY,
        )
        submit_s = time.perf_counter() - began
        polls = 0
        for record in handle.watch(0.2):
            polls += 1
            if record["status"] not in ("queued", "running"):
                break
        batch_s, batch_rss = time.perf_counter() - began, rss.peak()
        # The batch is metered once, when it ends: its shards' worker time.
        worker_s = (session.client.usage()["runs"]["compute_ms"] - computed_before) / 1000
        began = time.perf_counter()
        out = handle.result()
        fetch_s = time.perf_counter() - began
        session.client.delete_dataset(dataset["id"])
    with gg.Session(graph=graph) as local:
        local.run(graph.get_operation_by_name("init"))
        probs, label = local.run(["probs:0", "label:0"], {"x:0": data})
        # BLAS sums a row's products in an order that depends on how many rows a matmul
        # has, so a row's float32 output may differ in its last bit between a shard and a
        # whole-dataset run; against one run per shard it must be identical.
        by_shard = [
            local.run(["probs:0", "label:0"], {"x:0": data[o["start"] : o["stop"]]})
            for o in handle.record["outputs"]
        ]
    equal = np.array_equal(out["probs"], probs) and np.array_equal(out["label"], label)
    shard_equal = np.array_equal(
        out["probs"], np.concatenate([p for p, _ in by_shard])
    ) and np.array_equal(out["label"], np.concatenate([lb for _, lb in by_shard]))
    return {
        "model": kind,
        "rows": rows,
        "mb": data.nbytes / 1e6,
        "upload_s": upload_s,
        "upload_rss": upload_rss / 1e6,
        "batch_s": batch_s,
        "rows_per_s": rows / batch_s,
        "reported": record.get("rows_per_second"),
        "shards": record["shards"]["total"],
        "batch_rss": batch_rss / 1e6,
        "out_mb": (out["probs"].nbytes + out["label"].nbytes) / 1e6,
        "fetch_s": fetch_s,
        "polls": polls,
        "status": record["status"],
        "equal": equal,
        "shard_equal": shard_equal,
        "max_diff": float(np.abs(out["probs"] - probs).max()),
        "submit_s": submit_s,
        "worker_s": worker_s,
        "rows_per_shard": record["rows_per_shard"],
    }


def main() -> int:
    with (
        tempfile.TemporaryDirectory() as scratch,
        RunnerProcess(Path(scratch), PARAMETERS, persist=False) as runner,
    ):
        key = runner.create_tenant("scale", plan="pro")["api_key"]
        rss = PeakRss(runner._process.pid)
        print(f"runner idle RSS {rss.rss() / 1e6:.0f} MB", flush=True)
        for kind in MODELS:
            for rows in SIZES:
                r = one(runner, key, rss, kind, rows)
                print(
                    f"{r['model']:5} {r['rows']:>9,} rows {r['mb']:7.1f} MB | upload "
                    f"{r['upload_s']:6.1f} s (runner {r['upload_rss']:5.0f} MB) | batch "
                    f"{r['batch_s']:6.1f} s {r['rows_per_s']:>9,.0f} rows/s (reported "
                    f"{r['reported']:,}) {r['shards']} shards, runner {r['batch_rss']:5.0f} MB"
                    f" | outputs {r['out_mb']:5.1f} MB fetched in {r['fetch_s']:4.1f} s | "
                    f"worker {r['worker_s']:.1f} s = {r['worker_s'] * WORKER_GB:.1f} GB-s "
                    f"({r['rows_per_shard']:,} rows a shard) | "
                    f"{r['status']} submit {r['submit_s']:.1f} s, equal to one run {r['equal']} "
                    f"(max diff {r['max_diff']:.1e}), to a run per shard {r['shard_equal']}",
                    flush=True,
                )
        rss.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
