"""Rows per second of one batch child, the figure docs/batches.md scales from.

    .venv/bin/python benchmarks/batch_bench.py [--rows 62500] [--rounds 7]

One shard of the digits-sized MLP (64 -> 32 relu -> 10 softmax, and the argmax) as
the batch worker does it: the engine run over the shard's rows, then the output
shard encoded as .npz. Single-threaded, like one vCPU of a Lambda. Times are medians
(this machine is shared and noisy). A report, not a test.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - the thread settings must precede numpy's import
import io  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphgate_service import runtime  # noqa: E402
from tests.e2e.test_batches import digits_mlp, pixels  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=62_500)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    graph = digits_mlp()
    variables = runtime.initial_variables(graph)
    feeds = {"x:0": pixels(args.rows)}
    fetches = {"probs": "probs:0", "label": "label:0"}
    limits = runtime.RunLimits(1, float("inf"), 2**62)
    runs, encodes = [], []
    for _ in range(args.rounds):
        started = time.perf_counter()
        result = runtime.execute(graph, variables, fetches, [feeds], None, 1, limits, None)
        runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        np.savez(io.BytesIO(), **result.outputs)
        encodes.append(time.perf_counter() - started)
    run_s, encode_s = statistics.median(runs), statistics.median(encodes)
    print(f"shard of {args.rows} rows, single-threaded, median of {args.rounds}:")
    print(f"  engine run   {run_s * 1000:8.1f} ms  {args.rows / run_s:12,.0f} rows/s")
    print(f"  .npz encode  {encode_s * 1000:8.1f} ms")
    total = run_s + encode_s
    print(f"  per child    {total * 1000:8.1f} ms  {args.rows / total:12,.0f} rows/s")


if __name__ == "__main__":
    main()
