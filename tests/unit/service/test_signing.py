"""Access-token verification refuses every forgery and every stale or
misdirected token, without AWS (the keyset is handed in)."""

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graphgate_service import signing

KEYS = signing.Keyset("k2", {"k1": b"a" * 64, "k2": b"b" * 64})
STAGE = "test"


def good_claims(**overrides):
    now = int(time.time())
    claims = {
        "iss": signing.issuer(STAGE),
        "aud": signing.audience(STAGE),
        "sub": "t_1",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": "j1",
        "scope": "graphs:read",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def forge(claims, key=b"b" * 64, alg="HS256", kid="k2", typ="at+jwt"):
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid, "typ": typ})


def unsigned(claims):
    def part(document):
        return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'at+jwt', 'kid': 'k2'})}.{part(claims)}."


def test_a_token_it_signed_verifies_with_every_claim():
    token, claims = signing.sign(
        stage=STAGE, tenant_id="t_1", scopes=["graphs:write"], lifetime_s=300, keys=KEYS
    )
    assert jwt.get_unverified_header(token)["kid"] == "k2"
    verified = signing.verify(token, stage=STAGE, keys=KEYS)
    assert verified == claims
    assert set(signing.REQUIRED_CLAIMS) <= set(verified)
    assert verified["exp"] - verified["iat"] == 300


def test_tokens_signed_with_a_previous_kid_still_verify():
    token = forge(good_claims(), key=b"a" * 64, kid="k1")
    assert signing.verify(token, stage=STAGE, keys=KEYS)["sub"] == "t_1"


@pytest.mark.parametrize("lifetime", [0, 59, 901, 3600])
def test_lifetimes_beyond_15_minutes_are_never_signed(lifetime):
    with pytest.raises(ValueError):
        signing.sign(stage=STAGE, tenant_id="t", scopes=[], lifetime_s=lifetime, keys=KEYS)


def _rsa_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key, key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


ATTACKS = {
    "alg none": lambda: unsigned(good_claims()),
    "RS256 with the attacker's key": lambda: forge(good_claims(), key=_rsa_pem()[0], alg="RS256"),
    "HS256 keyed with a public key": lambda: forge(good_claims(), key=_rsa_pem()[1][:64]),
    "wrong signature": lambda: forge(good_claims(), key=b"x" * 64),
    "HS512": lambda: forge(good_claims(), alg="HS512"),
    "unknown kid": lambda: forge(good_claims(), kid="k9"),
    "no kid": lambda: jwt.encode(good_claims(), b"b" * 64, algorithm="HS256"),
    "not an access token": lambda: forge(good_claims(), typ="JWT"),
    "expired": lambda: forge(good_claims(iat=int(time.time()) - 900, exp=int(time.time()) - 60)),
    "not yet valid": lambda: forge(good_claims(nbf=int(time.time()) + 120)),
    "issued in the future": lambda: forge(good_claims(iat=int(time.time()) + 120)),
    "wrong audience": lambda: forge(good_claims(aud="urn:graphgate:prod:api")),
    "wrong issuer": lambda: forge(good_claims(iss="urn:evil")),
    "lifetime over 15 minutes": lambda: forge(good_claims(exp=int(time.time()) + 3600)),
    "garbage": lambda: "not.a.jwt",
    **{
        f"missing {claim}": (lambda c=claim: forge(good_claims(**{c: None})))
        for claim in signing.REQUIRED_CLAIMS
    },
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_every_forged_or_stale_token_is_refused(attack):
    with pytest.raises(signing.InvalidToken):
        signing.verify(ATTACKS[attack](), stage=STAGE, keys=KEYS)


def test_keysets_need_a_current_kid_and_long_keys():
    assert signing.Keyset.parse('{"current": "k1", "k1": "' + "x" * 64 + '"}').current == "k1"
    for bad in ('{"current": "k2", "k1": "' + "x" * 64 + '"}', '{"current": "k1", "k1": "short"}'):
        with pytest.raises(ValueError):
            signing.Keyset.parse(bad)
