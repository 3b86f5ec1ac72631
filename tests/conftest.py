"""Fixtures shared by every test layer: sample events and a moto-backed AWS
provisioned from template.yaml itself, so tests and cloud share one schema."""

import gc
import os
import platform
from collections import Counter

import pytest
from hypothesis import settings


def _pin_blas_kernel() -> None:
    """Tests compare bits that OpenBLAS's kernel decides (a matmul that sums in another
    order rounds differently): TF's reference values and the pinned hashes of trained
    exports were recorded with Haswell's kernel, which every x86-64 processor with AVX2 and
    FMA runs. Left to itself OpenBLAS picks SkylakeX's on an AVX-512 machine, where eight
    of them fail (values 2e-5 apart after a few training steps; a trained model's bytes).
    Set before numpy's first import (this file comes first; the local runners the HTTP
    tests start inherit it); other processors, and a setting the caller made, keep theirs."""
    if platform.machine() not in ("x86_64", "AMD64"):
        return
    try:
        with open("/proc/cpuinfo") as f:
            flags = set(next((line for line in f if line.startswith("flags")), "").split())
    except OSError:
        return
    if {"avx2", "fma"} <= flags:
        os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")


_pin_blas_kernel()

from tests.support import moto_aws  # noqa: E402 - it imports numpy: after the pin

# `make test` replays: every property and fuzz test draws the same cases each run, so
# a red run is reproduced by running it again. Fresh randomness is `make soak`'s job.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("soak", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The collector's young generation, 700 allocations by default, moved the short-lived
# objects of every handler call and graph build into the old generation, whose full
# passes then walked the whole heap of a long-lived test worker: 74 s of 185 s in
# test_graphs_handler and test_models_handler (gc.callbacks, 64 full passes). At 50,000
# they die young: 29 s, and one full pass. Test processes only (the local runner keeps
# Python's default); nothing tested depends on when a cycle is collected.
COLLECTOR_THRESHOLDS = (50_000, 10, 10)


def pytest_configure(config):
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


# The integration and HTTP phase hands whole files to two workers (--dist=loadfile) in
# collection order (--no-loadscope-reorder), and this order is longest first: the files
# handed out last are short, so neither worker can idle long at the end. xdist's own
# order (most tests first) hands out files of a few long tests (runner restarts, the
# largest graph, the model run: 30-70 s each) last; in the run measured they happened to
# balance (a replay of its times: 778/766 s per worker, this order 770/775 s). Seconds
# per file, measured with 2 workers on a 2-core machine at load average 4-8 (2026-12-07,
# after the moto fixture stopped re-parsing botocore's models: the handler files took a
# fifth to a half of what they did); a file not listed counts 0.6 s a test. A stale
# entry costs only balance, never a result.
FILE_SECONDS = {
    "tests/e2e/test_fuzz.py": 218,
    "tests/integration/test_sessions_handler.py": 111,
    "tests/e2e/test_console.py": 75,
    "tests/integration/test_models_handler.py": 72,
    "tests/e2e/test_scenarios6.py": 67,
    "tests/e2e/test_runner.py": 56,
    "tests/e2e/test_scenarios8.py": 52,
    "tests/e2e/test_scenarios13.py": 52,
    "tests/e2e/test_large_answers.py": 39,
    "tests/e2e/test_console2.py": 29,
    "tests/e2e/test_scenarios9.py": 28,
    "tests/e2e/test_auth.py": 27,
    "tests/integration/test_batches_runner.py": 27,
    "tests/e2e/test_round8.py": 26,
    "tests/e2e/test_edge.py": 23,
    "tests/e2e/test_scenarios10.py": 21,
    "tests/e2e/test_async_runs.py": 20,
    "tests/e2e/test_operator.py": 20,
    "tests/integration/test_datasets_handler.py": 18,
    "tests/e2e/test_model.py": 17,
    "tests/integration/test_graphs_handler.py": 16,
    "tests/e2e/test_scenarios4.py": 14,
    "tests/e2e/test_scenarios7.py": 13,
    "tests/e2e/test_client.py": 13,
    "tests/e2e/test_secrets.py": 11,
    "tests/e2e/test_scenarios11.py": 10,
    "tests/e2e/test_scenarios12.py": 8,
    "tests/e2e/test_contention.py": 8,
    "tests/integration/test_graphs_onnx_handler.py": 8,
    "tests/integration/test_embedded_aws_transport.py": 8,
    # Files of a few long journeys that were not listed, so counted 0.6 s a test and handed
    # out among the last (2026-12-07, one run at load 20, scaled to this table's total):
    # scenarios17's five tests took 37 s, a tail that idled the other worker.
    "tests/e2e/test_scenarios17.py": 37,
    "tests/e2e/test_scenarios15.py": 16,
    "tests/e2e/test_scenarios16.py": 11,
    "tests/e2e/test_round14.py": 10,
    "tests/e2e/test_datasets.py": 10,
    "tests/e2e/test_scenarios18.py": 9,
    "tests/e2e/test_saved_model_download.py": 9,
    "tests/e2e/test_batches.py": 8,
    "tests/e2e/test_scenarios14.py": 8,
}
UNLISTED_SECONDS_PER_TEST = 0.6


def pytest_collection_modifyitems(items):
    """Integration and HTTP files longest first (see FILE_SECONDS); unit tests first, in
    their own order. The sort is stable: each file's tests keep theirs."""
    files = [item.nodeid.split("::", 1)[0] for item in items]
    counts = Counter(files)

    def key(index: int) -> tuple[int, float]:
        path = files[index]
        if path.startswith("tests/unit/"):
            return 0, 0.0
        return 1, -FILE_SECONDS.get(path, UNLISTED_SECONDS_PER_TEST * counts[path])

    order = sorted(range(len(items)), key=key)
    items[:] = [items[i] for i in order]


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch):
    """moto for every AWS call, with the template's resources provisioned."""
    with moto_aws(monkeypatch) as provisioned:
        yield provisioned
