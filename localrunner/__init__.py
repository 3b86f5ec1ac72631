"""Local runner: graphgate API on 127.0.0.1 without AWS or Docker."""

import ctypes
import os

# The functions' BLAS threads, as template.yaml's Globals give them (a test holds the two
# equal). Lambda sets them before Python starts; the runner's functions share this
# process's numpy, whose OpenBLAS reads them once, on its first import, so they are set
# here, before anything the runner imports brings numpy in.
BLAS_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
for _name, _value in BLAS_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)

# The functions' glibc allocator settings, also from template.yaml's Globals (and held
# equal by the same test; docs/operations.md says why). glibc reads these variables once,
# when a process starts, which this one has long done, so the runner applies them with
# mallopt(3), glibc's run-time spelling of the same two settings, unless its caller set
# the variables (then glibc applied the caller's).
ALLOCATOR_ENVIRONMENT = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "33554432"}
_MALLOPT_PARAMETER = {"MALLOC_TRIM_THRESHOLD_": -1, "MALLOC_MMAP_THRESHOLD_": -3}


def _apply_allocator_settings() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return  # not glibc (macOS, musl): these settings are glibc's and Lambda's alone
    for name, value in ALLOCATOR_ENVIRONMENT.items():
        if name not in os.environ:
            mallopt(_MALLOPT_PARAMETER[name], int(value))


_apply_allocator_settings()
