"""Validation errors quote the values that failed; never a credential."""

import pytest

from graphgate_service import openapi
from graphgate_service.problems import BadRequest

KEY = "gg_" + "0123456789abcdef" * 3
REFRESH = "ggr_" + "A1b2C3d4E5f6G7h8I9j0" * 2
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0XzEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.mark.parametrize(
    "document",
    [{"scope": KEY}, {"expires_in": REFRESH}, {"refresh_token": JWT + "A" * 200}, {"scope": JWT}],
)
def test_a_credential_in_the_wrong_field_is_not_quoted_back(document):
    with pytest.raises(BadRequest) as caught:
        openapi.validate(document, "TokenRequest")
    text = repr(caught.value.errors)
    assert caught.value.errors
    for secret in (KEY, REFRESH, JWT.rsplit(".", 1)[1]):
        assert secret not in text
