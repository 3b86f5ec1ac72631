"""Batches at the pro plan's documented limits, through HTTP against a local runner
process: the most shards a batch may have (1,000) and one past it, the widest CSV
(1,000 float columns beside a string column, at the 32 MB CSV cap) and the largest
`.npz` (64 MB), each uploaded through the datasets API, scored by a stored graph and
checked row by row against in-process runs of the same shards; and a batch cancelled
half-way, submitted again, to its end. Prints wall times, the runner's peak RSS and
the size of a finished batch's GET.

    .venv/bin/python benchmarks/batch_limits_bench.py
    ONLY=shards,csv,npz,cancel .venv/bin/python benchmarks/batch_limits_bench.py
"""

import os

os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = "1"

import io
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import graphgate as gg
from benchmarks.batch_scale_bench import PARAMETERS, PeakRss
from graphgate.client import RemoteSession
from localrunner.process import RunnerProcess

ONLY = os.environ.get("ONLY", "shards,csv,npz,cancel,restart").split(",")
MAX_SHARDS = 1_000  # plans.PLANS["pro"].batch_shards
CSV_CAP = 32 * 1024 * 1024  # docs/datasets.md: a CSV file
NPZ_CAP = 64 * 1024 * 1024  # docs/datasets.md: an .npz file


def linear(features: int) -> gg.Graph:
    """features -> 10 logits, their softmax and argmax."""
    rng = np.random.default_rng(features)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, features], name="x")
        w = gg.Variable(rng.normal(0, 0.05, (features, 10)).astype(np.float32), name="w")
        logits = gg.matmul(x, w, name="logits")
        gg.nn.softmax(logits, name="probs")
        gg.argmax(logits, 1, name="label")
        gg.global_variables_initializer()
    return graph


def opened(runner, key, graph):
    """A remote session of `graph`, its variables initialised (they are the batch's)."""
    session = RemoteSession(runner.url, api_key=key, graph=graph)
    session.run("init")
    return session


def run(session, rss, dataset_id, rows_per_shard=None):
    rss.reset()
    began = time.perf_counter()
    handle = session.run_batch(
        {"probs": "probs:0", "label": "label:0"},
        dataset=dataset_id,
        inputs={"x": "x"},
        rows_per_shard=rows_per_shard,
    )
    for record in handle.watch(0.5):
        if record["status"] not in ("queued", "running"):
            break
    wall = time.perf_counter() - began
    body = json.dumps(session.client.get_batch(handle.id))
    return handle, record, wall, rss.peak(), len(body)


def check(graph, handle, record, data):
    """Every shard's output equals an in-process run of its rows, in row order."""
    out = handle.result()
    outputs = record["outputs"]
    assert [o["shard"] for o in outputs] == list(range(len(outputs)))
    assert outputs[0]["start"] == 0 and outputs[-1]["stop"] == len(data)
    with gg.Session(graph=graph) as local:
        local.run(graph.get_operation_by_name("init"))
        expected = [
            local.run(["probs:0", "label:0"], {"x:0": data[o["start"] : o["stop"]]})
            for o in outputs
        ]
    probs = np.concatenate([p for p, _ in expected])
    labels = np.concatenate([lb for _, lb in expected])
    return np.array_equal(out["probs"], probs) and np.array_equal(out["label"], labels)


def report(name, data_mb, upload_s, record, wall, peak, get_bytes, equal):
    print(
        f"{name:8} {record['rows']:>9,} rows {data_mb:6.1f} MB | upload {upload_s:5.1f} s | "
        f"{record['status']} {record['shards']['total']} shards of {record['rows_per_shard']:,}"
        f" in {wall:6.1f} s | runner peak {peak / 1e6:5.0f} MB | GET {get_bytes / 1e3:6.0f} KB"
        f" | equal per shard {equal}",
        flush=True,
    )


def most_shards(runner, key, rss):
    rows = 100_000
    graph, data = linear(64), np.random.default_rng(1).uniform(0, 1, (rows, 64))
    data = data.astype(np.float32)
    session = opened(runner, key, graph)
    began = time.perf_counter()
    dataset = session.client.upload_dataset({"x": data}, name="shards")
    upload_s = time.perf_counter() - began
    try:  # one past the plan: 1,001 shards
        session.run_batch("probs:0", dataset=dataset["id"], inputs={"x": "x"}, rows_per_shard=99)
        print("shards   1,011 shards were NOT refused", flush=True)
    except Exception as refused:  # printed, as the user meets it
        print(f"shards   {rows // 99 + 1:,} shards refused: {refused}", flush=True)
    handle, record, wall, peak, get_bytes = run(session, rss, dataset["id"], rows // MAX_SHARDS)
    equal = check(graph, handle, record, data)
    report("shards", data.nbytes / 1e6, upload_s, record, wall, peak, get_bytes, equal)
    session.client.delete_dataset(dataset["id"])


def wide_csv(runner, key, rss, scratch):
    columns = 1_000
    rng = np.random.default_rng(2)
    header = ",".join([f"c{i}" for i in range(columns)] + ["note"])
    line_bytes = columns * 6 + 24
    rows = (CSV_CAP - len(header) - 1) // line_bytes
    data = np.round(rng.uniform(0, 1, (rows, columns)), 3).astype(np.float32)
    path = Path(scratch) / "wide.csv"
    with path.open("w") as f:
        f.write(header + "\n")
        for i, row in enumerate(data):
            f.write(",".join(f"{v:.3f}" for v in row) + f',"row {i}, ""quoted"""\n')
    size = path.stat().st_size
    assert size <= CSV_CAP, size
    graph = linear(columns)
    session = opened(runner, key, graph)
    rss.reset()
    began = time.perf_counter()
    dataset = session.client.upload_dataset(
        path, name="wide", columns={"x": [f"c{i}" for i in range(columns)]}, dtype="float32"
    )
    upload_s, upload_peak = time.perf_counter() - began, rss.peak()
    print(f"csv      {size / 1e6:.1f} MB uploaded, runner peak {upload_peak / 1e6:.0f} MB")
    handle, record, wall, peak, get_bytes = run(session, rss, dataset["id"], rows // 100 + 1)
    equal = check(graph, handle, record, data)
    report("csv", size / 1e6, upload_s, record, wall, peak, get_bytes, equal)
    session.client.delete_dataset(dataset["id"])


def largest_npz(runner, key, rss, scratch):
    features = 256
    rows = (NPZ_CAP - 4096) // (features * 4)
    data = np.random.default_rng(3).uniform(0, 1, (rows, features)).astype(np.float32)
    path = Path(scratch) / "big.npz"
    buffer = io.BytesIO()
    np.savez(buffer, x=data)
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size <= NPZ_CAP
    graph = linear(features)
    session = opened(runner, key, graph)
    rss.reset()
    began = time.perf_counter()
    dataset = session.client.upload_dataset(path, name="npz")
    upload_s, upload_peak = time.perf_counter() - began, rss.peak()
    print(
        f"npz      {path.stat().st_size / 1e6:.1f} MB uploaded, "
        f"runner peak {upload_peak / 1e6:.0f} MB"
    )
    handle, record, wall, peak, get_bytes = run(session, rss, dataset["id"])
    equal = check(graph, handle, record, data)
    report("npz", path.stat().st_size / 1e6, upload_s, record, wall, peak, get_bytes, equal)
    session.client.delete_dataset(dataset["id"])


def cancel_and_again(runner, key, rss):
    rows = 40_000
    graph = linear(64)
    data = np.random.default_rng(4).uniform(0, 1, (rows, 64)).astype(np.float32)
    session = opened(runner, key, graph)
    dataset = session.client.upload_dataset({"x": data}, name="cancel")
    handle = session.run_batch(
        {"probs": "probs:0", "label": "label:0"},
        dataset=dataset["id"],
        inputs={"x": "x"},
        rows_per_shard=100,
    )
    while session.client.get_batch(handle.id)["shards"]["done"] < 20:
        time.sleep(0.2)
    cancelled = session.client.cancel_batch(handle.id)
    time.sleep(5)
    after = session.client.get_batch(handle.id)
    print(
        f"cancel   at {cancelled['shards']['done']} shards done: {cancelled['status']}; 5 s later "
        f"{after['status']}, {after['shards']['done']} done, "
        f"{len(after.get('outputs', []))} outputs",
        flush=True,
    )
    again, record, wall, peak, get_bytes = run(session, rss, dataset["id"], 100)
    equal = check(graph, again, record, data)
    report("again", data.nbytes / 1e6, 0.0, record, wall, peak, get_bytes, equal)
    unfinished = [b for b in session.client.batches() if b["status"] in ("queued", "running")]
    print(f"cancel   unfinished batches after both: {json.dumps(unfinished)}", flush=True)


def most_rows(runner, key, rss, scratch):
    """The pro plan's most rows (100,000,000) in a dataset just under its 5,000 MB, sent
    from a file and checked shard by shard from a memory map: neither the runner nor
    this process ever holds the dataset or the output whole."""
    rows, features, block = 100_000_000, 12, 5_000_000
    path = Path(scratch) / "x.npy"
    x = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(rows, features))
    rng = np.random.default_rng(6)
    for start in range(0, rows, block):
        x[start : start + block] = rng.random((min(block, rows - start), features), np.float32)
    x.flush()
    del x
    graph = gg.Graph()
    with graph.as_default():
        inputs = gg.placeholder(gg.float32, [None, features], name="x")
        w = gg.Variable(np.linspace(-1, 1, features, dtype=np.float32)[:, None], name="w")
        gg.matmul(inputs, w, name="y")
        gg.global_variables_initializer()
    session = opened(runner, key, graph)
    rss.reset()
    began = time.perf_counter()
    dataset = session.client.upload_dataset(path, name="rows")
    upload_s, upload_peak = time.perf_counter() - began, rss.peak()
    rss.reset()
    began = time.perf_counter()
    handle = session.run_batch({"y": "y:0"}, dataset=dataset["id"], inputs={"x": "x"})
    for record in handle.watch(1.0):
        if record["status"] not in ("queued", "running"):
            break
    wall, peak = time.perf_counter() - began, rss.peak()
    get_bytes = len(json.dumps(session.client.get_batch(handle.id)))
    print(
        f"rows     {record['status']}: upload {path.stat().st_size / 1e6:,.0f} MB in "
        f"{upload_s:.1f} s (runner peak {upload_peak / 1e6:.0f} MB), batch {wall:.1f} s "
        f"(runner peak {peak / 1e6:.0f} MB), {record['shards']['total']} shards",
        flush=True,
    )
    x = np.load(path, mmap_mode="r")
    equal, stop = True, 0
    with gg.Session(graph=graph) as local:
        local.run(graph.get_operation_by_name("init"))
        for o in record["outputs"]:
            equal &= o["start"] == stop
            stop = o["stop"]
            # the shard's one member, under the name the client gave the fetch
            (got,) = session.client.batch_shard(o["url"]).values()
            equal &= np.array_equal(got, local.run("y:0", {"x:0": x[o["start"] : o["stop"]]}))
    equal &= stop == rows
    report("rows", path.stat().st_size / 1e6, upload_s, record, wall, peak, get_bytes, equal)
    session.client.delete_dataset(dataset["id"])


def restarted(scratch):
    """A batch of 400 shards whose runner is stopped (SIGTERM) half-way and started
    again: it resumes the batch, which ends with every row, each shard counted once."""
    rows = 40_000
    graph = linear(64)
    data = np.random.default_rng(5).uniform(0, 1, (rows, 64)).astype(np.float32)
    runner = RunnerProcess(Path(scratch) / "restarted", PARAMETERS, persist=True).start()
    try:
        key = runner.create_tenant("restart", plan="pro")["api_key"]
        session = opened(runner, key, graph)
        dataset = session.client.upload_dataset({"x": data}, name="restart")
        handle = session.run_batch(
            {"probs": "probs:0", "label": "label:0"},
            dataset=dataset["id"],
            inputs={"x": "x"},
            rows_per_shard=100,
        )
        while session.client.get_batch(handle.id)["shards"]["done"] < 50:
            time.sleep(0.2)
        began = time.perf_counter()
        runner.port = int(runner.url.rsplit(":", 1)[1])
        runner.stop()
        runner.start()
        session = opened(runner, key, graph)
        handle.client = session.client  # the same port, a new connection
        while (record := session.client.get_batch(handle.id))["status"] in ("queued", "running"):
            time.sleep(0.5)
        wall = time.perf_counter() - began
        equal = check(graph, handle, record, data) if record["status"] == "succeeded" else None
        print(
            f"restart  {record['status']} {wall:.1f} s after the restart: shards "
            f"{record['shards']}, rows_done {record['rows_done']:,} of {rows:,}, "
            f"{len(record.get('outputs', []))} outputs, equal per shard {equal}",
            flush=True,
        )
    finally:
        runner.stop()


def main() -> int:
    with (
        tempfile.TemporaryDirectory() as scratch,
        RunnerProcess(Path(scratch) / "runner", PARAMETERS, persist=False) as runner,
    ):
        key = runner.create_tenant("limits", plan="pro")["api_key"]
        rss = PeakRss(runner._process.pid)
        print(f"runner idle RSS {rss.rss() / 1e6:.0f} MB", flush=True)
        if "shards" in ONLY:
            most_shards(runner, key, rss)
        if "csv" in ONLY:
            wide_csv(runner, key, rss, scratch)
        if "npz" in ONLY:
            largest_npz(runner, key, rss, scratch)
        if "cancel" in ONLY:
            cancel_and_again(runner, key, rss)
        if "rows" in ONLY:
            most_rows(runner, key, rss, scratch)
        if "restart" in ONLY:
            restarted(scratch)
        rss.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
