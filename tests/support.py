"""Helpers the tests import (fixtures live in conftest.py)."""

import json
from pathlib import Path
from typing import Any

from localrunner.client import Client, request

__all__ = ["REPO_ROOT", "Client", "load_event", "request"]

REPO_ROOT = Path(__file__).resolve().parent.parent
EVENTS = REPO_ROOT / "events"


def load_event(name: str) -> dict[str, Any]:
    """An API Gateway event from events/, the same file `sam local invoke -e` takes."""
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))
