"""Access tokens, got and renewed without the caller noticing.

A token is requested with the API key on first use, refreshed with the
refresh token shortly before it expires, and replaced when the API says it is
no longer valid (revoked, signing key rotated). A refresh is never retried
after a dropped connection: presenting a spent refresh token again revokes the
whole login. Any failed refresh falls back to a fresh login with the key.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphgate.client import errors
from graphgate.client.http import Transport

# Refresh this long before expiry, so a token never expires in flight.
REFRESH_MARGIN_S = 30.0


@dataclass
class Token:
    access_token: str
    expires_at: float  # on the manager's clock
    scope: str
    refresh_token: str | None
    refresh_expires_at: float | None


class TokenManager:
    """The bearer token for one API key; thread-safe."""

    def __init__(
        self,
        transport: Transport,
        api_key: str,
        *,
        scope: str | None = None,
        lifetime_s: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.transport, self.api_key = transport, api_key
        self.scope, self.lifetime_s = scope, lifetime_s
        self.clock = clock
        self.token: Token | None = None
        self.logins = 0  # grant_type api_key requests that succeeded
        self.refreshes = 0  # grant_type refresh_token requests that succeeded
        self._lock = threading.Lock()

    def access_token(self) -> str:
        """A token valid for at least REFRESH_MARGIN_S more seconds."""
        with self._lock:
            token = self.token
            if token is None or self.clock() >= token.expires_at - REFRESH_MARGIN_S:
                self.token = token = self._renew(token)
            return token.access_token

    def invalidate(self, access_token: str) -> None:
        """The API refused `access_token`: the next call gets another."""
        with self._lock:
            if self.token is not None and self.token.access_token == access_token:
                # Expired as far as we are concerned; its refresh token may still serve.
                self.token.expires_at = float("-inf")

    def _renew(self, old: Token | None) -> Token:
        if old is not None and old.refresh_token and self._usable(old.refresh_expires_at):
            try:
                token = self._grant(
                    {"grant_type": "refresh_token", "refresh_token": old.refresh_token}
                )
                self.refreshes += 1
                return token
            except (errors.ApiError, errors.TransportError):
                pass  # spent, revoked or unknown: log in again with the key
        token = self._grant({}, retry_safe=True)
        self.logins += 1
        return token

    def _usable(self, expires_at: float | None) -> bool:
        return expires_at is None or self.clock() < expires_at - REFRESH_MARGIN_S

    def _grant(self, body: dict[str, Any], retry_safe: bool = False) -> Token:
        if self.scope and "scope" not in body:
            body["scope"] = self.scope
        if self.lifetime_s:
            body["expires_in"] = self.lifetime_s
        # The token route takes no Idempotency-Key. A login may be retried (at
        # worst it makes another login); a refresh may not.
        started = self.clock()
        response = self.transport.request(
            "POST",
            "/v1/tokens",
            json_body=body,
            headers={"x-api-key": self.api_key},
            idempotency_key=False,
            retry_safe=retry_safe or None,
        )
        document = response.json() if response.body else None
        if not response.ok:
            raise errors.from_problem(
                response.status, document, response.headers, method="POST", url=response.url
            )
        refresh_in = document.get("refresh_expires_in")
        return Token(
            access_token=document["access_token"],
            expires_at=started + float(document["expires_in"]),
            scope=document.get("scope", ""),
            refresh_token=document.get("refresh_token"),
            refresh_expires_at=None if refresh_in is None else started + float(refresh_in),
        )
