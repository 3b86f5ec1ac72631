"""The REQUEST authorizer's decision: is this bearer token, with this API key,
good for this API right now?

API Gateway caches the answer per (Authorization, x-api-key) for the
authorizer's TTL, so the policy allows every method of the stage (scopes are
enforced per route by the functions, from graphgate_service.scopes) and the
TTL bounds how long a revoked token keeps working.
"""

import time
from typing import Any

from graphgate_service import aws, keys, logs, settings, signing, storage, tenants
from graphgate_service.logs import logger

# API Gateway answers 401 only to this exact exception message.
UNAUTHORIZED = "Unauthorized"


class Unauthorized(Exception):
    def __init__(self, reason: str):
        super().__init__(UNAUTHORIZED)
        self.reason = reason  # for our logs; the client learns nothing from it


def _headers(event: dict[str, Any]) -> dict[str, str]:
    return {k.lower(): v for k, v in (event.get("headers") or {}).items() if v is not None}


def _stage_arn(method_arn: str) -> str:
    """arn:...:<apiId>/<stage>/<METHOD>/<path> -> arn:...:<apiId>/<stage>/*"""
    api, stage = method_arn.split("/", 2)[:2]
    return f"{api}/{stage}/*"


def decide(event: dict[str, Any], *, now: float | None = None) -> dict[str, Any]:
    """An allow policy with the principal's context, or raise Unauthorized."""
    headers = _headers(event)
    scheme, _, token = (headers.get("authorization") or "").strip().partition(" ")
    api_key = headers.get("x-api-key") or ""
    if scheme.lower() != "bearer" or not token.strip() or not api_key:
        raise Unauthorized("no bearer token or no API key")
    config = settings.get()
    try:
        claims = signing.verify(token.strip(), stage=config.stage)
    except signing.InvalidToken as exc:
        raise Unauthorized(str(exc)) from None
    tenant_id, jti = claims["sub"], claims["jti"]
    wanted = [
        tenants.key_hash_key(api_key),
        keys.profile(tenant_id),
        keys.revoked_jti(tenant_id, jti),
    ]
    family = claims.get("fam")
    if family:
        wanted.append(keys.token_family(tenant_id, family))
    found = storage.Store.shared().get_many(wanted)
    items = {i["pk"]["S"]: i for i in found}
    owner = tenants.owner_from_item(items.get(wanted[0]["pk"]["S"]))
    moment = time.time() if now is None else now
    if owner is None or owner.tenant_id != tenant_id:
        raise Unauthorized("the API key does not belong to the token's tenant")
    if not owner.usable(moment):
        raise Unauthorized("the API key is disabled or rotated out")
    profile = items.get(wanted[1]["pk"]["S"])
    if profile is None:
        raise Unauthorized("unknown tenant")
    if wanted[2]["pk"]["S"] in items:
        raise Unauthorized("token revoked")
    if family:
        login = items.get(wanted[3]["pk"]["S"])
        if login is None or "revoked_at" in login:
            raise Unauthorized("token's login revoked")
    return {
        "principalId": tenant_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": "execute-api:Invoke",
                    "Effect": "Allow",
                    "Resource": _stage_arn(event["methodArn"]),
                }
            ],
        },
        # Context values must be strings, numbers or booleans.
        "context": {
            "tenant_id": tenant_id,
            "scope": claims["scope"],
            "jti": jti,
            "plan": profile["plan"]["S"],
            "api_key_id": owner.api_key_id,
        },
    }


def authorize(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """The authorizer's whole job, logging why a token was refused (never the token)."""
    logs.bind_request((event.get("requestContext") or {}).get("requestId") or "unknown")
    try:
        with aws.deadline(context):
            return decide(event)
    except Unauthorized as refusal:
        logger.info("token refused", extra={"reason": refusal.reason})
        raise
    finally:
        logs.unbind_request()
