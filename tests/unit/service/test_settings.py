"""The environment has one reader: graphgate_service.settings."""

import ast

import pytest

from graphgate_service import settings
from tests.support import REPO_ROOT

OWNER = REPO_ROOT / "layers/service/graphgate_service/settings.py"


def environment_reads(source: str) -> list[int]:
    """Lines of `source` that read os.environ or call os.getenv."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and node.attr in ("environ", "getenv")
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    ]


def test_only_settings_reads_the_environment():
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}"
        for folder in ("layers/service", "functions", "graphgate_admin")
        for path in sorted((REPO_ROOT / folder).rglob("*.py"))
        if path != OWNER
        for line in environment_reads(path.read_text())
    ]
    assert offenders == [], "read the environment through graphgate_service.settings"


def test_the_guard_sees_a_read():
    assert environment_reads("import os\na = os.environ['X']\nb = os.getenv('Y')\n") == [2, 3]


def test_optional_variables_are_parsed_as_before(monkeypatch):
    monkeypatch.setenv("USAGE_PLAN_IDS", " free = p1 ,pro=p2,")
    monkeypatch.setenv("CORS_ALLOW_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("WORKER_SLICE_S", "0")
    assert settings.usage_plan_ids() == {"free": "p1", "pro": "p2"}
    assert settings.cors_allow_origins() == ["https://a.example", "https://b.example"]
    assert settings.worker_slice_s() is None
    monkeypatch.setenv("WORKER_SLICE_S", "2.5")
    assert settings.worker_slice_s() == 2.5
    monkeypatch.delenv("CORS_ALLOW_ORIGINS")
    assert settings.cors_allow_origins() == ["*"]
    monkeypatch.delenv("WORKER_FUNCTION_NAME", raising=False)
    with pytest.raises(KeyError):
        settings.worker_function_name()


class _Context:
    def __init__(self, memory):
        self.memory_limit_in_mb = memory


def test_a_functions_memory_is_its_invocations_then_lambdas_variable(monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", raising=False)
    assert settings.function_memory_mb() == settings.DEFAULT_MEMORY_MB
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3008")
    assert settings.function_memory_mb() == 3008
    # the invocation's context says its own function's (the local runner's share one
    # environment); Lambda's Python runtime gives it as a string
    with settings.invoked_with(_Context("2048")):
        assert settings.function_memory_mb() == 2048
        with settings.invoked_with(_Context(None)):
            assert settings.function_memory_mb() == 3008
    assert settings.function_memory_mb() == 3008


def test_the_run_budget_is_the_functions_memory_less_the_margin(monkeypatch):
    from graphgate_service import graph_documents

    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048")
    assert graph_documents.run_bytes_budget() == 1280 * 2**20
    assert graph_documents.engine_limits().max_run_bytes == 1280 * 2**20
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
    assert graph_documents.run_bytes_budget() == 64 * 2**20
