"""A digits-sized dataset of ROWS rows (64 float32 features, an int32 label) through a
local runner: upload (presigned PUTs, in parts above 64 MB), completion (validation
reads only the .npy headers), then row ranges read back with ranged GETs, as a batch
or training worker reads them.

    .venv/bin/python benchmarks/dataset_bench.py          (ROWS=1000000 by default)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from graphgate.client import Client
from localrunner.process import RunnerProcess

ROWS = int(os.environ.get("ROWS", 1_000_000))
BATCH = int(os.environ.get("BLOCK_ROWS", 62_500))
PARAMETERS = {"ProRateLimit": "100000", "ProBurstLimit": "100000", "ProDailyQuota": "10000000"}


def main() -> int:
    from graphgate.client import datasets as dataset_files
    from localrunner import emulator

    rng = np.random.default_rng(0)
    x = rng.random((ROWS, 64), dtype=np.float32)
    y = rng.integers(0, 10, ROWS).astype(np.int32)
    with (
        tempfile.TemporaryDirectory() as scratch,
        RunnerProcess(Path(scratch), PARAMETERS) as runner,
    ):
        tenant = runner.create_tenant("bench", plan="pro")
        with Client(runner.url, api_key=tenant["api_key"]) as client:
            began = time.perf_counter()
            files = dataset_files.sources({"x": x, "y": y})
            body = {"name": "digits", "files": [f.spec for f in files]}
            registered = client._json("POST", "/v1/datasets", json_body=body)
            registered_s = time.perf_counter() - began
            for source, target in zip(files, registered["uploads"], strict=True):
                dataset_files.put(client.transport, target, source)
            uploaded_s = time.perf_counter() - began - registered_s
            dataset = client._json("POST", f"/v1/datasets/{registered['id']}/complete")
            completed_s = time.perf_counter() - began - registered_s - uploaded_s
        megabytes = dataset["bytes"] / 1e6
        parts = [len(t.get("parts", [None])) for t in registered["uploads"]]
        print(f"rows {ROWS:,}: {megabytes:.0f} MB, uploaded as {parts} parts")
        print(
            f"register {registered_s * 1000:.0f} ms, upload {uploaded_s:.1f} s "
            f"({megabytes / uploaded_s:.0f} MB/s), complete {completed_s * 1000:.0f} ms"
        )

        os.environ.update(emulator.LOCAL_CREDENTIALS)
        import boto3

        s3 = boto3.client("s3", endpoint_url=runner.state["aws_endpoint"])
        bucket = next(
            b["Name"] for b in s3.list_buckets()["Buckets"] if "tensor" in b["Name"].lower()
        )
        os.environ.update(
            {
                "AWS_ENDPOINT_URL": runner.state["aws_endpoint"],
                "STAGE": "local",
                "TABLE_NAME": runner.state["table"],
                "BUCKET_NAME": bucket,
            }
        )
        from graphgate_service import datasets

        stored = datasets.get(tenant["tenant_id"], dataset["id"])
        times = []
        for start in range(0, ROWS, BATCH):
            began = time.perf_counter()
            rows = datasets.read_rows(tenant["tenant_id"], stored, start, min(start + BATCH, ROWS))
            times.append(time.perf_counter() - began)
            assert rows["x"].tobytes() == x[start : start + BATCH].tobytes()
        rate = ROWS / sum(times)
        print(
            f"read_rows in blocks of {BATCH:,}: median {statistics.median(times) * 1000:.0f} ms "
            f"a block, {rate:,.0f} rows/s ({rate * 260 / 1e6:.0f} MB/s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
