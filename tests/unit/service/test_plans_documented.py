"""docs/auth.md's plan table says what plans.py enforces: a user sizes their work by it."""

import re

from graphgate_service import onnx_graphs, openapi, plans
from tests.support import REPO_ROOT


def _documented() -> dict[str, list[str]]:
    text = (REPO_ROOT / "docs" / "auth.md").read_text("utf-8")
    text = text.split("\n## Plans\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \|(.+)\|$", text, flags=re.MULTILINE)
    return {name: [cell.strip() for cell in cells.split("|")] for name, cells in rows}


def _mb(cell: str) -> int:
    return int(cell.removesuffix(" MB").replace(",", "")) * plans.MB


def test_the_documented_caps_are_the_enforced_ones():
    documented = _documented()
    assert set(documented) == set(plans.PLANS)
    for name, plan in plans.PLANS.items():
        graphs, sessions, stored, run, steps = documented[name][:5]
        assert int(graphs.replace(",", "")) == plan.graphs, name
        assert int(sessions.replace(",", "")) == plan.sessions, name
        assert _mb(stored) == plan.stored_bytes, name
        assert _mb(run) == plan.run_bytes, name
        assert int(steps.replace(",", "")) == plan.steps, name
        assert _mb(documented[name][5]) == plan.upload_bytes, name


def test_an_upload_holds_what_the_plan_can_use_of_one_and_the_schema_allows_it():
    schema = openapi.spec()["components"]["schemas"]["CreateUploadRequest"]["properties"]
    for name, plan in plans.PLANS.items():
        # A feed of the whole run's bytes, and the largest ONNX model converted, fit one.
        assert plan.upload_bytes >= max(plan.run_bytes, onnx_graphs.MAX_MODEL_BYTES), name
        assert plan.upload_bytes <= schema["bytes"]["maximum"], name
