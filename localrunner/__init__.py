"""Local runner: graphgate API on 127.0.0.1 without AWS or Docker."""

import os

# The functions' BLAS threads, as template.yaml's Globals give them (a test holds the two
# equal). Lambda sets them before Python starts; the runner's functions share this
# process's numpy, whose OpenBLAS reads them once, on its first import, so they are set
# here, before anything the runner imports brings numpy in.
BLAS_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
for _name, _value in BLAS_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)
