"""The token service: access tokens for API keys, refresh-token rotation with
reuse detection, and revocation.

Items (graphgate_service.keys holds their keys, tenant first): a login's family (its
scope; revoked_at when revoked), each refresh token (hash only; spent_at once used) and
each revoked access token, until it would expire. Each carries expires_at, the table's
TTL attribute.
"""

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from graphgate_service import (
    auth,
    keys,
    plans,
    problems,
    settings,
    signing,
    storage,
    tenants,
)

DEFAULT_LIFETIME_S = signing.MAX_LIFETIME_S
REFRESH_LIFETIME_S = 30 * 86400
# However often it is refreshed, a login ends this long after its sign-in with the API
# key (a bounded refresh chain, as OAuth 2.0 Security BCP §4.14 advises): a stolen chain
# that outruns reuse detection still dies.
LOGIN_LIFETIME_S = 12 * REFRESH_LIFETIME_S
REFRESH_PREFIX = "ggr_"


def invalid_grant(detail: str, code: str = "INVALID_GRANT") -> problems.ApiError:
    return problems.BadRequest(detail, code=code)


def refresh_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore(storage.Store):
    """Families, refresh tokens and revocations in the table."""

    def _put_refresh(self, tenant_id, token, family, scope, now: int, login_ends: int):
        return {
            "Put": {
                "TableName": self.table,
                "ConditionExpression": "attribute_not_exists(pk)",
                "Item": {
                    **keys.refresh_token(tenant_id, refresh_hash(token)),
                    "family": {"S": family},
                    "scope": {"S": scope},
                    "expires_at": {"N": str(refresh_ends(now, login_ends))},
                    "login_ends": {"N": str(login_ends)},
                },
            }
        }

    def start_family(self, tenant_id: str, family: str, scope: str, token: str, now: int):
        login_ends = now + LOGIN_LIFETIME_S
        # Its conditions fail only if random ids repeat: a 500, as any other fault.
        reasons = storage.transact(
            self.dynamodb,
            [
                {
                    "Put": {
                        "TableName": self.table,
                        "ConditionExpression": "attribute_not_exists(pk)",
                        "Item": {
                            **keys.token_family(tenant_id, family),
                            "scope": {"S": scope},
                            "created_at": {"N": str(now)},
                            "expires_at": {"N": str(login_ends)},
                        },
                    }
                },
                self._put_refresh(tenant_id, token, family, scope, now, login_ends),
            ],
        )
        if reasons is not None:
            raise RuntimeError("a new login's family or refresh token already exists")

    def family_item(self, tenant_id: str, family: str) -> dict[str, Any] | None:
        read = self.dynamodb.get_item(
            TableName=self.table, Key=keys.token_family(tenant_id, family), ConsistentRead=True
        )
        return read.get("Item")

    def refresh_item(self, tenant_id: str, token: str) -> dict[str, Any] | None:
        key = keys.refresh_token(tenant_id, refresh_hash(token))
        read = self.dynamodb.get_item(TableName=self.table, Key=key, ConsistentRead=True)
        return read.get("Item")

    def rotate(self, tenant_id, old, new, family, scope, now: int, login_ends: int):
        """Spend `old` and issue `new` in its family; False if `old` was already spent,
        or the family is revoked or over."""
        # A TransactionConflict (another write holding one of the items) is retried,
        # then a 503, by storage.transact: only a failed condition means the token or
        # its login is spent.
        reasons = storage.transact(
            self.dynamodb,
            [
                {
                    "Update": {
                        "TableName": self.table,
                        "Key": keys.refresh_token(tenant_id, refresh_hash(old)),
                        "UpdateExpression": "SET spent_at = :now",
                        "ConditionExpression": "attribute_exists(pk) AND "
                        "attribute_not_exists(spent_at) AND expires_at > :now",
                        "ExpressionAttributeValues": {":now": {"N": str(now)}},
                    }
                },
                {
                    "ConditionCheck": {
                        "TableName": self.table,
                        "Key": keys.token_family(tenant_id, family),
                        "ConditionExpression": "attribute_exists(pk) AND "
                        "attribute_not_exists(revoked_at) AND expires_at > :now",
                        "ExpressionAttributeValues": {":now": {"N": str(now)}},
                    }
                },
                self._put_refresh(tenant_id, new, family, scope, now, login_ends),
            ],
        )
        return reasons is None

    def revoke_family(self, tenant_id: str, family: str, now: int) -> None:
        try:
            self.dynamodb.update_item(
                TableName=self.table,
                Key=keys.token_family(tenant_id, family),
                UpdateExpression="SET revoked_at = if_not_exists(revoked_at, :now)",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={":now": {"N": str(now)}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def revoke_jti(self, tenant_id: str, jti: str, expires_at: int) -> None:
        self.dynamodb.put_item(
            TableName=self.table,
            Item={**keys.revoked_jti(tenant_id, jti), "expires_at": {"N": str(expires_at)}},
        )


def store() -> TokenStore:
    return TokenStore.shared()


@dataclass(frozen=True)
class Caller:
    """The tenant behind the API key of a token request."""

    tenant_id: str
    api_key_id: str
    plan: plans.Plan


def caller(event: dict[str, Any]) -> Caller:
    """The tenant of the request's API key; 403 if the key was rotated out or disabled."""
    key_id = ((event.get("requestContext") or {}).get("identity") or {}).get("apiKeyId")
    owners = tenants.store()
    owner = owners.owner_by_id(key_id) if key_id else None
    if owner is None or not owner.usable(time.time()):
        raise problems.Forbidden(
            "A valid API key is required in the x-api-key header.", code="INVALID_API_KEY"
        )
    profile = owners.profile(owner.tenant_id)
    return Caller(owner.tenant_id, owner.api_key_id, plans.get(profile["plan"]))


def _scopes(requested: str | None, allowed: set[str] | tuple[str, ...]) -> list[str]:
    """The requested scopes if all are allowed (none requested: all allowed)."""
    wanted = set(requested.split()) if requested else set(allowed)
    wider = wanted - set(allowed)
    if wider or not wanted:
        raise problems.BadRequest(
            f"Scope not allowed: {' '.join(sorted(wider)) or '(empty)'}.",
            code="INVALID_SCOPE",
            extra={"allowed_scopes": sorted(allowed)},
        )
    return sorted(wanted)


def refresh_ends(now: int, login_ends: int) -> int:
    """When a refresh token issued at `now` expires: 30 days on, or when its login ends."""
    return min(now + REFRESH_LIFETIME_S, login_ends)


def _grant(
    who: Caller, scopes: list[str], lifetime: int, family: str, refresh: str, refresh_in: int
) -> dict:
    config = settings.get()
    token, claims = signing.sign(
        stage=config.stage,
        tenant_id=who.tenant_id,
        scopes=scopes,
        lifetime_s=lifetime,
        extra={"fam": family},
    )
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": claims["scope"],
        "refresh_token": refresh,
        "refresh_expires_in": refresh_in,
    }


def new_refresh_token() -> str:
    return REFRESH_PREFIX + secrets.token_urlsafe(32)


def issue(who: Caller, request: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/tokens: a new login (grant_type api_key) or a refresh."""
    lifetime = int(request.get("expires_in") or DEFAULT_LIFETIME_S)
    refreshing = request.get("grant_type", "api_key") == "refresh_token"
    if refreshing != ("refresh_token" in request):
        # Not in the schema: API Gateway imports JSON Schema draft 4 (no if/then).
        raise problems.BadRequest(
            "refresh_token goes with grant_type refresh_token, and only with it.",
            code="VALIDATION_FAILED",
            errors=[{"pointer": "/refresh_token", "code": "REQUIRED", "message": "see detail"}],
        )
    if refreshing:
        return _refresh(who, request["refresh_token"], request.get("scope"), lifetime)
    scopes = _scopes(request.get("scope"), who.plan.scopes)
    family, refresh, now = uuid.uuid4().hex, new_refresh_token(), int(time.time())
    store().start_family(who.tenant_id, family, " ".join(scopes), refresh, now)
    return _grant(who, scopes, lifetime, family, refresh, REFRESH_LIFETIME_S)


def _refresh(who: Caller, old: str, requested: str | None, lifetime: int) -> dict[str, Any]:
    logins = store()
    now = int(time.time())
    item = logins.refresh_item(who.tenant_id, old) if old.startswith(REFRESH_PREFIX) else None
    if item is None or int(item["expires_at"]["N"]) <= now:
        raise invalid_grant("The refresh token is unknown or expired.")
    family = item["family"]["S"]
    granted = set(item["scope"]["S"].split()) & set(who.plan.scopes)
    scopes = _scopes(requested, tuple(granted))
    # Tokens issued before logins had an end: the family's own condition still ends it.
    login_ends = int(item.get("login_ends", {}).get("N", now + REFRESH_LIFETIME_S))
    new = new_refresh_token()
    if not logins.rotate(who.tenant_id, old, new, family, item["scope"]["S"], now, login_ends):
        raise _refused(logins, who.tenant_id, old, family, now)
    return _grant(who, scopes, lifetime, family, new, refresh_ends(now, login_ends) - now)


def _refused(logins: TokenStore, tenant_id: str, old: str, family: str, now: int):
    """Why a rotation's conditions failed, read after the fact."""
    if "spent_at" in (logins.refresh_item(tenant_id, old) or {}):
        # A spent token came back: whoever holds the family may be a thief.
        logins.revoke_family(tenant_id, family, now)
        return invalid_grant(
            "This refresh token was already used; every token of its login is revoked.",
            code="REFRESH_TOKEN_REUSED",
        )
    login = logins.family_item(tenant_id, family)
    if login is None or "revoked_at" not in login:  # None: its TTL deleted it
        days = LOGIN_LIFETIME_S // 86400
        return invalid_grant(
            f"The refresh token's login ended: a login lasts {days} days from its sign-in "
            "with the API key. Sign in again."
        )
    return invalid_grant("The refresh token's login was revoked.")


def revoke(who: auth.Principal, token: str) -> None:
    """POST /v1/tokens/revoke (RFC 7009): a token of another tenant, unknown or
    already invalid, is silently ignored, so the answer reveals nothing."""
    logins = store()
    now = int(time.time())
    if token.startswith(REFRESH_PREFIX):
        item = logins.refresh_item(who.tenant_id, token)
        if item is not None:
            logins.revoke_family(who.tenant_id, item["family"]["S"], now)
        return
    try:
        claims = signing.verify(token, stage=settings.get().stage)
    except signing.InvalidToken:
        return
    if claims["sub"] == who.tenant_id:
        logins.revoke_jti(who.tenant_id, claims["jti"], int(claims["exp"]))
