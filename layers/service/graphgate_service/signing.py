"""Access tokens: signing and verification, in exactly one place.

HS256 only. The token service signs and the authorizer verifies; no third
party ever verifies our tokens, so a shared secret is enough and the allow-list
has a single member: `alg: none`, RS256 and every other algorithm are refused
before any key is touched, which closes HS/RS confusion by construction.

The keys live in Secrets Manager as JSON, `{"current": "<kid>", "<kid>": "<secret>", ...}`:
tokens are signed with the current kid and verified with whichever kid their
header names, so a new key can be introduced, made current, and the old one
removed once every token it signed has expired: the secrets cache's refresh, a
token's lifetime and the leeway after the switch (docs/auth.md's procedure, held to
these constants by tests/unit/service/test_signing_rotation_documented.py).
"""

import functools
import json
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from graphgate_service import secrets, settings

ALGORITHMS = ("HS256",)
TOKEN_TYPE = "at+jwt"  # RFC 9068: an access token is not any other JWT of ours
MAX_LIFETIME_S = 15 * 60
MIN_LIFETIME_S = 60
LEEWAY_S = 5
REQUIRED_CLAIMS = ("exp", "iat", "nbf", "iss", "aud", "sub", "jti", "scope")
# The claims' types, checked here and nowhere else: whatever a verified token says is
# then safe to do arithmetic on and to put in a DynamoDB key. We sign only whole
# seconds and short strings, so anything else (a bool, a numeric string, a fraction, a
# list, an object, "Infinity") was not signed by this code and is refused.
TIME_CLAIMS = ("iat", "nbf", "exp")
STRING_CLAIMS = ("iss", "aud", "sub", "jti", "scope")
OPTIONAL_STRING_CLAIMS = ("fam",)
MAX_NUMERIC_DATE = 2**53  # exact in every JSON parser
MAX_CLAIM_CHARS = 256
# An unknown kid re-reads the secret at most this often, so a flood of forged
# kids cannot turn into a flood of Secrets Manager calls.
KEYSET_MIN_REFRESH_S = 30.0


class InvalidToken(Exception):
    """The token is not one of ours, or no longer valid. The reason is for logs only."""


def issuer(stage: str) -> str:
    return f"urn:graphgate:{stage}:tokens"


def audience(stage: str) -> str:
    return f"urn:graphgate:{stage}:api"


@dataclass(frozen=True)
class Keyset:
    current: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, text: str) -> "Keyset":
        document = json.loads(text)
        current = document.pop("current")
        keys = {kid: str(value).encode() for kid, value in document.items()}
        if current not in keys or any(len(k) < 32 for k in keys.values()):
            raise ValueError("signing keyset needs a current kid and keys of at least 32 bytes")
        return cls(current, keys)


@functools.lru_cache(maxsize=4)
def _parse(text: str) -> Keyset:
    return Keyset.parse(text)


class _Keysets:
    """The keyset in SIGNING_SECRET_ARN, through the secrets cache (re-read every few
    minutes); an unknown kid forces a re-read at most every KEYSET_MIN_REFRESH_S."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._forced = -float("inf")

    def get(self, refresh: bool = False) -> Keyset:
        if refresh:
            with self._lock:
                now = time.monotonic()
                if now - self._forced > KEYSET_MIN_REFRESH_S:
                    self._forced = now
                    secrets.forget()
        return _parse(secrets.value(settings.signing_secret_arn()))


keyset = _Keysets()


def sign(
    *,
    stage: str,
    tenant_id: str,
    scopes: list[str],
    lifetime_s: int,
    extra: dict[str, Any] | None = None,
    keys: Keyset | None = None,
    now: float | None = None,
) -> tuple[str, dict[str, Any]]:
    """A signed access token and its claims."""
    if not MIN_LIFETIME_S <= lifetime_s <= MAX_LIFETIME_S:
        raise ValueError(f"lifetime must be {MIN_LIFETIME_S}-{MAX_LIFETIME_S} s")
    keys = keys or keyset.get()
    issued = int(now if now is not None else time.time())
    claims = {
        "iss": issuer(stage),
        "aud": audience(stage),
        "sub": tenant_id,
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime_s,
        "jti": uuid.uuid4().hex,
        "scope": " ".join(sorted(scopes)),
        **(extra or {}),
    }
    token = jwt.encode(
        claims,
        keys.keys[keys.current],
        algorithm="HS256",
        headers={"kid": keys.current, "typ": TOKEN_TYPE},
    )
    return token, claims


def _malformed(claims: dict[str, Any]) -> str | None:
    """Why the claims are not shaped as `sign` makes them, or None."""
    for name in TIME_CLAIMS:
        value = claims.get(name)
        if type(value) is not int or not 0 <= value <= MAX_NUMERIC_DATE:
            return f"claim {name} is not a NumericDate in whole seconds"
    for name in STRING_CLAIMS + OPTIONAL_STRING_CLAIMS:
        value = claims.get(name, "-" if name in OPTIONAL_STRING_CLAIMS else None)
        if type(value) is not str or not 0 < len(value) <= MAX_CLAIM_CHARS:
            return f"claim {name} is not a string of 1-{MAX_CLAIM_CHARS} characters"
    return None


def _stale(claims: dict[str, Any], now: float) -> str | None:
    """Why the (well-formed) claims are not valid at `now`, or None."""
    if claims["exp"] <= now - LEEWAY_S:
        return "expired"
    if claims["nbf"] > now + LEEWAY_S or claims["iat"] > now + LEEWAY_S:
        return "not yet valid"
    if not 0 < claims["exp"] - claims["iat"] <= MAX_LIFETIME_S:
        return "lifetime out of bounds"
    return None


def verify(
    token: str, *, stage: str, keys: Keyset | None = None, now: float | None = None
) -> dict[str, Any]:
    """The claims of a valid access token; raises InvalidToken otherwise."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"malformed token: {type(exc).__name__}") from None
    if header.get("alg") not in ALGORITHMS:
        raise InvalidToken(f"algorithm {header.get('alg')!r} is not allowed")
    if header.get("typ") != TOKEN_TYPE:
        raise InvalidToken("not an access token")
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise InvalidToken("no kid")
    if keys is None:
        keys = keyset.get()
        if kid not in keys.keys:
            keys = keyset.get(refresh=True)  # a kid introduced since this cold start
    secret = keys.keys.get(kid)
    if secret is None:
        raise InvalidToken("unknown kid")
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=list(ALGORITHMS),
            audience=audience(stage),
            issuer=issuer(stage),
            # The times are checked below, after their types: PyJWT's int() takes a
            # numeric string or a bool (and older versions raise TypeError on a list).
            options={
                "require": list(REQUIRED_CLAIMS),
                "strict_aud": True,
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
            },
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"{type(exc).__name__}: {exc}") from None
    reason = _malformed(claims) or _stale(claims, time.time() if now is None else now)
    if reason:
        raise InvalidToken(reason)
    return claims
