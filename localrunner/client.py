"""A minimal HTTP client for the demo and the tests: one exchange per call,
no retries, headers lower-cased, so what the server sent is what you see. The one
exception is getting a `Client`'s token, which waits out a 503's Retry-After: that is
setup, not what a test observes."""

import http.client
import json
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass
class HttpReply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    method: str,
    url: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 30.0,
) -> HttpReply:
    """One HTTP exchange; headers come back lower-cased."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target or "/", body=body, headers=headers or {})
        response = connection.getresponse()
        return HttpReply(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        connection.close()


TOKEN_ATTEMPTS = 5
RENEW_EARLY_S = 60


class Client:
    """A tenant's view of the API over HTTP: its key, and a bearer token got with it."""

    def __init__(self, url: str, api_key: str, scope: str | None = None):
        self.url, self.api_key, self.scope = url, api_key, scope
        self._renewing = threading.Lock()
        self._renew()

    def _renew(self) -> None:
        body = {"scope": self.scope} if self.scope else {}
        for _ in range(TOKEN_ATTEMPTS):
            reply = request(
                "POST",
                f"{self.url}/v1/tokens",
                {"x-api-key": self.api_key, "Content-Type": "application/json"},
                json.dumps(body).encode(),
            )
            # A 503 says when to come back (Retry-After), as the Python client honours.
            if reply.status != 503 or "retry-after" not in reply.headers:
                break
            time.sleep(min(float(reply.headers["retry-after"]), 1.0))
        if reply.status not in (200, 201):
            raise RuntimeError(f"token request failed: HTTP {reply.status} {reply.body[:200]!r}")
        grant = reply.json()
        self.token = grant["access_token"]
        # A token lives at most 15 minutes; a soak outlives it. Renewed a minute early,
        # as the Python client does, so no request carries an expired one.
        self.renew_at = time.monotonic() + grant["expires_in"] - RENEW_EARLY_S

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        if time.monotonic() >= self.renew_at:
            with self._renewing:
                if time.monotonic() >= self.renew_at:
                    self._renew()
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
