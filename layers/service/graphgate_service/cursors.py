"""Paging, for every listing: page sizes, and opaque cursors that a client can
neither forge nor move to another tenant or another query (HMAC-signed, bound to
both)."""

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

from graphgate_service import problems, settings
from graphgate_service import secrets as secret_values

DEFAULT_PAGE = 20
MAX_PAGE = 100

# A listing's read: up to `limit` items from a position (None: the start), and the
# position after them (None: the end).
Read = Callable[[int, dict[str, Any] | None], tuple[list[Any], dict[str, Any] | None]]


def page(
    tenant: str, query: str, limit: int | None, cursor: str | None, read: Read
) -> tuple[list[Any], str | None]:
    """One page of a listing: `read` from where `cursor` points (400 if it is not this
    tenant's cursor of `query`), and the cursor of the next page (None at the end).
    An empty `cursor` (`?cursor=`) is no cursor this service issued, so it is refused as
    any other: read as the first page, a client that lost its cursor (an unset variable)
    was served page one again and again, never told."""
    limit = check_limit(limit)
    key = cursor_key()
    start = decode(cursor, key=key, tenant=tenant, query=query) if cursor is not None else None
    items, position = read(limit, start)
    return items, (encode(position, key=key, tenant=tenant, query=query) if position else None)


def check_limit(limit: int | None) -> int:
    """A page size: the default, or 1..MAX_PAGE; 400 otherwise (the same for every list)."""
    limit = DEFAULT_PAGE if limit is None else limit
    if not 1 <= limit <= MAX_PAGE:
        raise problems.BadRequest(
            f"limit must be between 1 and {MAX_PAGE}.",
            code="VALIDATION_FAILED",
            errors=[
                {
                    "pointer": "?limit",
                    "code": "RANGE",
                    "message": f"{limit} is not in 1..{MAX_PAGE}",
                }
            ],
        )
    return limit


def cursor_key() -> bytes:
    return secret_values.value(settings.get().cursor_secret_arn).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(position: dict[str, Any], *, key: bytes, tenant: str, query: str) -> str:
    """A cursor for `position` (e.g. DynamoDB's LastEvaluatedKey) of `query` for `tenant`."""
    payload = json.dumps(
        {"p": position, "t": tenant, "q": query}, separators=(",", ":"), sort_keys=True
    ).encode()
    signature = hmac.new(key, payload, hashlib.sha256).digest()[:16]
    return _b64(payload) + "." + _b64(signature)


def decode(cursor: str, *, key: bytes, tenant: str, query: str) -> dict[str, Any]:
    """The position in `cursor`; 400 INVALID_CURSOR unless it is ours, this tenant's and
    this query's."""
    try:
        body, signature = cursor.split(".", 1)
        payload = _unb64(body)
        expected = hmac.new(key, payload, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(expected, _unb64(signature)):
            raise ValueError("bad signature")
        content = json.loads(payload)
        if content["t"] != tenant or content["q"] != query:
            raise ValueError("cursor of another query")
        return content["p"]
    except (ValueError, KeyError, TypeError):
        raise problems.BadRequest(
            "The cursor is not valid for this listing; start again without one.",
            code="INVALID_CURSOR",
        ) from None
