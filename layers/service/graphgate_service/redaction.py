"""Secrets never reach a log line: the logger's formatter passes every record
through `redact`, so no call site has to remember to.

Two nets: values under a sensitive key (an `Authorization` header, an
`x-api-key`, anything called token or secret) are replaced whatever they look
like, and anything shaped like one of our credentials (a JWT, an API key, a
refresh token, a bearer credential) is replaced wherever it appears, inside
messages and tracebacks too.
"""

import re
from typing import Any

from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

MASK = "[REDACTED]"
SENSITIVE_KEYS = frozenset(
    {
        "authorization",
        "x-api-key",
        "api_key",
        "apikey",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "secret",
        "secretstring",
        "client_secret",
        "password",
        "cookie",
        "set-cookie",
    }
)
_CREDENTIALS = (
    re.compile(r"eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*"),  # JWT
    re.compile(r"\bgg_[0-9a-f]{32,}"),  # API key
    re.compile(r"\bggr_[A-Za-z0-9_-]{16,}"),  # refresh token
)
_PATTERNS = (
    *_CREDENTIALS,
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"),  # any bearer credential
)
# Every match of a pattern above holds one of these, so a text holding none is left as it
# is without the four scans: most are (ids, paths, numbers as text), and every log line
# passes through here field by field and then whole, on Lambda as locally.
_MAY_MATCH = re.compile(r"eyJ|ggr?_|(?i:bearer)")
MAX_DEPTH = 20


def redact_text(text: str) -> str:
    if _MAY_MATCH.search(text) is None:
        return text
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


def mask_credentials(text: str) -> str:
    """`redact_text` without the bearer-scheme pattern, for prose a client reads: its
    own sentences say "bearer token", and a bearer credential is a JWT anyway."""
    for pattern in _CREDENTIALS:
        text = pattern.sub(MASK, text)
    return text


def redact(value: Any, depth: int = 0) -> Any:
    """A copy of `value` with secrets masked (dicts, lists and strings, recursively)."""
    if depth > MAX_DEPTH:
        return MASK
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {
            k: MASK
            if isinstance(k, str) and k.lower() in SENSITIVE_KEYS and v not in (None, "")
            else redact(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v, depth + 1) for v in value]
    return value


class RedactingFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON formatter, with `redact` applied to each whole record."""

    def serialize(self, log: Any) -> str:
        # The second pass catches what the first cannot see into (e.g. the
        # structured stack trace, built as an object).
        return redact_text(super().serialize(redact(log)))
