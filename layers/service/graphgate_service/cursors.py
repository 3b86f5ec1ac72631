"""Opaque pagination cursors that a client can neither forge nor move to
another tenant or another query: HMAC-signed, bound to both."""

import base64
import hashlib
import hmac
import json
from typing import Any

from graphgate_service import problems


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
