"""The tests run on the BLAS kernel their recorded bits came from (tests/conftest.py)."""

import os
import platform

import pytest
from threadpoolctl import threadpool_info


def _has(flags: set[str]) -> bool:
    try:
        with open("/proc/cpuinfo") as f:
            return flags <= set(next((ln for ln in f if ln.startswith("flags")), "").split())
    except OSError:
        return False


@pytest.mark.skipif(
    platform.machine() not in ("x86_64", "AMD64") or not _has({"avx2", "fma"}),
    reason="the pin applies to x86-64 processors with AVX2 and FMA",
)
def test_numpy_runs_haswells_kernel_where_the_reference_values_were_recorded():
    assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"
    kernels = {i.get("architecture") for i in threadpool_info() if i["user_api"] == "blas"}
    assert kernels == {"Haswell"}
