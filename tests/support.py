"""Helpers the tests import (fixtures live in conftest.py)."""

import json
from pathlib import Path
from typing import Any

from localrunner.client import request

__all__ = ["REPO_ROOT", "Client", "load_event", "request"]

REPO_ROOT = Path(__file__).resolve().parent.parent
EVENTS = REPO_ROOT / "events"


def load_event(name: str) -> dict[str, Any]:
    """An API Gateway event from events/, the same file `sam local invoke -e` takes."""
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


class Client:
    """A tenant's view of the API over HTTP: its key, and a bearer token got with it."""

    def __init__(self, url: str, api_key: str, scope: str | None = None):
        self.url, self.api_key = url, api_key
        body = {"scope": scope} if scope else {}
        reply = request(
            "POST",
            f"{url}/v1/tokens",
            {"x-api-key": api_key, "Content-Type": "application/json"},
            json.dumps(body).encode(),
        )
        assert reply.status == 201 or reply.status == 200, reply.body
        self.token = reply.json()["access_token"]

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"x-api-key": self.api_key, "Authorization": f"Bearer {self.token}", **(extra or {})}

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        extra = {"Content-Type": "application/json"} if body is not None else {}
        return request(
            method, f"{self.url}{path}", self.headers({**extra, **(headers or {})}), data
        )
