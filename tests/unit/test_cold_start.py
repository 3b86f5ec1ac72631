"""Functions on the request path of every call must start fast: they may not
import numpy or the engine (scripts/import_times.py prints the timings)."""

import subprocess
import sys

import pytest

from localrunner.cfn import load_yaml
from tests.support import REPO_ROOT

LEAN = (
    "HealthFunction",
    "AuthorizerFunction",
    "TokensFunction",
    "UsageFunction",
    "ConsoleFunction",
    "KeyExpiryFunction",
    "ReaperFunction",
)
PROBE = (
    "import sys; sys.path.insert(0, {code!r}); import {module}; "
    "print(sorted(m for m in ('numpy', 'graphgate') if m in sys.modules))"
)


@pytest.mark.parametrize("function", LEAN)
def test_lean_functions_import_neither_numpy_nor_the_engine(function):
    props = load_yaml(REPO_ROOT / "template.yaml")["Resources"][function]["Properties"]
    code = str(REPO_ROOT / props["CodeUri"])
    module = props["Handler"].rsplit(".", 1)[0]
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code, module=module)],
        capture_output=True,
        text=True,
        check=True,
        env={"STAGE": "t", "TABLE_NAME": "t", "BUCKET_NAME": "b"},
    )
    assert result.stdout.strip() == "[]"
