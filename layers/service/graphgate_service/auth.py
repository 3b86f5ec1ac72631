"""Who is calling: the principal a request acts for, established once.

The REQUEST authorizer (functions/authorizer) validates the bearer token and
hands the function `tenant_id` and `scope` in `requestContext.authorizer`;
routes ask `principal(app)` and never read the event themselves.
"""

from dataclasses import dataclass
from typing import Any

from graphgate_service import problems


@dataclass(frozen=True)
class Principal:
    """The tenant a request acts for and what its token lets it do."""

    tenant_id: str
    scopes: frozenset[str]
    api_key_id: str | None = None
    token_id: str | None = None
    plan: str | None = None

    def has(self, scope: str) -> bool:
        return scope in self.scopes


def invalid_token(detail: str) -> problems.ApiError:
    """401 with the RFC 6750 challenge a bearer client expects."""
    return problems.Unauthorized(
        detail,
        code="INVALID_TOKEN",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def from_event(event: dict[str, Any]) -> Principal:
    """The principal of a proxy event; 401 unless the authorizer vouched for it."""
    context = event.get("requestContext") or {}
    claims = context.get("authorizer") or {}
    tenant_id = claims.get("tenant_id")
    if not tenant_id:
        # Unreachable behind the authorizer; a route wired without one fails closed.
        raise invalid_token("A valid bearer token is required.")
    return Principal(
        tenant_id=str(tenant_id),
        scopes=frozenset(str(claims.get("scope") or "").split()),
        api_key_id=claims.get("api_key_id") or (context.get("identity") or {}).get("apiKeyId"),
        token_id=claims.get("jti"),
        plan=claims.get("plan"),
    )


def principal(app: Any) -> Principal:
    """The principal of the request `app` (a resolver) is serving."""
    return from_event(app.current_event.raw_event)
