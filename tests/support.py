"""Helpers the tests import (fixtures live in conftest.py)."""

import base64
import json
from pathlib import Path
from typing import Any

from localrunner.client import Client, request

__all__ = ["REPO_ROOT", "Client", "ProxyReply", "load_event", "request"]

REPO_ROOT = Path(__file__).resolve().parent.parent
EVENTS = REPO_ROOT / "events"


def load_event(name: str) -> dict[str, Any]:
    """An API Gateway event from events/, the same file `sam local invoke -e` takes."""
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


class ProxyReply:
    """A function's API Gateway proxy response, read as a client would: the status,
    headers (lower-cased, single- and multi-value merged) and the body."""

    def __init__(self, response: dict[str, Any]):
        self.status = response["statusCode"]
        self.headers = {
            k.lower(): v[0] for k, v in (response.get("multiValueHeaders") or {}).items()
        }
        self.headers.update({k.lower(): v for k, v in (response.get("headers") or {}).items()})
        body = response.get("body") or ""
        self.content = base64.b64decode(body) if response.get("isBase64Encoded") else body.encode()
        self.text = body

    def json(self) -> Any:
        return json.loads(self.content)
