"""The authorizer, token, usage and health functions sit on every request's
path (or in front of it): they must not import the engine or numpy."""

import subprocess
import sys

import pytest

from tests.support import REPO_ROOT

LEAN = ["authorizer", "tokens", "usage", "health", "console"]


@pytest.mark.parametrize("family", LEAN)
def test_lean_functions_import_neither_numpy_nor_the_engine(family):
    probe = (
        "import sys; import os; "
        "os.environ.setdefault('POWERTOOLS_SERVICE_NAME', 'graphgate'); "
        f"sys.path.insert(0, {str(REPO_ROOT / 'functions' / family)!r}); "
        f"import {family}; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'graphgate')); "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "", f"{family} imports {result.stdout.strip()}"
