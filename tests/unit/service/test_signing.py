"""Access-token verification refuses every forgery and every stale or
misdirected token, without AWS (the keyset is handed in)."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given, settings
from hypothesis import strategies as st

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


# A token signed with our key but whose claims are not what we sign. Each must be
# refused as InvalidToken (401 INVALID_TOKEN), never escape as a TypeError (a 5xx).
_NOT_A_TIMESTAMP = {
    "a numeric string": lambda v: str(v),
    "true": lambda v: True,
    "false": lambda v: False,
    "a fraction": lambda v: v + 0.5,
    "a list": lambda v: [v],
    "an object": lambda v: {"t": v},
    "null": lambda v: None,
    "too large": lambda v: 10**30,
    "negative": lambda v: -v,
    "infinity": lambda v: float("inf"),
    "nan": lambda v: float("nan"),
}
_NOT_A_NAME = {
    "a number": 7,
    "true": True,
    "a list": ["t_1"],
    "an object": {"sub": "t_1"},
    "empty": "",
    "too long": "t" * 1000,
}
_GOOD = good_claims()
MALFORMED_CLAIMS = {
    **{
        f"{claim} {label}": {claim: make(_GOOD[claim])}
        for claim in ("exp", "iat", "nbf")
        for label, make in _NOT_A_TIMESTAMP.items()
    },
    **{
        f"{claim} {label}": {claim: value}
        for claim in ("sub", "jti", "scope", "iss", "aud", "fam")
        for label, value in _NOT_A_NAME.items()
    },
    "iss a list holding the issuer": {"iss": [signing.issuer(STAGE)]},
    "aud a list holding the audience": {"aud": [signing.audience(STAGE)]},
}


def _forge_raw(claims, header=None):
    """Sign arbitrary JSON (jwt.encode would refuse or rewrite some claims)."""

    def part(document):
        raw = json.dumps(document, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    head = part(header or {"alg": "HS256", "typ": "at+jwt", "kid": "k2"})
    body = part(claims)
    mac = hmac.new(b"b" * 64, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def test_the_raw_forger_makes_tokens_that_verify():
    assert signing.verify(_forge_raw(good_claims()), stage=STAGE, keys=KEYS)["sub"] == "t_1"


@pytest.mark.parametrize("case", sorted(MALFORMED_CLAIMS))
def test_a_signed_token_with_a_malformed_claim_is_invalid_not_an_error(case):
    claims = {**good_claims(), **MALFORMED_CLAIMS[case]}
    with pytest.raises(signing.InvalidToken):
        signing.verify(_forge_raw(claims), stage=STAGE, keys=KEYS)


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "HS256", "typ": "at+jwt", "kid": ["k2"]},
        {"alg": "HS256", "typ": "at+jwt", "kid": {"k": "k2"}},
        {"alg": "HS256", "typ": "at+jwt", "kid": 2},
        {"alg": ["HS256"], "typ": "at+jwt", "kid": "k2"},
        {"alg": "HS256", "typ": ["at+jwt"], "kid": "k2"},
    ],
    ids=repr,
)
def test_a_malformed_header_is_invalid_even_before_the_keyset_is_read(header, monkeypatch):
    # GIVEN the production path, which looks the kid up in the live keyset
    monkeypatch.setattr(signing.keyset, "get", lambda refresh=False: KEYS)
    # WHEN the header's fields have the wrong types THEN the token is just invalid
    with pytest.raises(signing.InvalidToken):
        signing.verify(_forge_raw(good_claims(), header=header), stage=STAGE)


def test_a_payload_that_is_not_an_object_is_invalid():
    for payload in ([1, 2], "claims", 42, None):
        with pytest.raises(signing.InvalidToken):
            signing.verify(_forge_raw(payload), stage=STAGE, keys=KEYS)


def test_the_clock_leeway_is_five_seconds_either_way():
    token, _ = signing.sign(
        stage=STAGE, tenant_id="t_1", scopes=["graphs:read"], lifetime_s=300, keys=KEYS, now=1000
    )
    for now in (1000 - signing.LEEWAY_S, 1300 + signing.LEEWAY_S - 1):
        assert signing.verify(token, stage=STAGE, keys=KEYS, now=now)["sub"] == "t_1"
    for now in (1000 - signing.LEEWAY_S - 1, 1300 + signing.LEEWAY_S):
        with pytest.raises(signing.InvalidToken):
            signing.verify(token, stage=STAGE, keys=KEYS, now=now)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    header=st.dictionaries(st.sampled_from(["kid", "alg", "typ", "crit"]), _JSON, max_size=2),
    overrides=st.dictionaries(
        st.sampled_from([*signing.REQUIRED_CLAIMS, "fam"]), _JSON, max_size=3
    ),
)
def test_whatever_a_signed_token_says_verify_returns_claims_or_raises_invalid_token(
    header, overrides
):
    header = {"alg": "HS256", "typ": "at+jwt", "kid": "k2", **header}
    token = _forge_raw({**good_claims(), **overrides}, header=header)
    try:
        claims = signing.verify(token, stage=STAGE, keys=KEYS)
    except signing.InvalidToken:
        return
    assert all(type(claims[name]) is int for name in signing.TIME_CLAIMS)
    assert all(type(claims[name]) is str for name in signing.STRING_CLAIMS)
