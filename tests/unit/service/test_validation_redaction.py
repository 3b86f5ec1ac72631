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
    text = repr(caught.value.errors) + caught.value.detail  # the detail quotes the first
    assert caught.value.errors
    for secret in (KEY, REFRESH, JWT.rsplit(".", 1)[1]):
        assert secret not in text


@pytest.mark.parametrize("name", ["limit", "encoding", "force"])
@pytest.mark.parametrize("secret", [KEY, REFRESH, JWT])
def test_a_credential_in_a_query_parameter_is_not_quoted_back(name, secret):
    # A key pasted into ?limit= came back, 40 characters of it, in the field's message.
    from types import SimpleNamespace

    from graphgate_service import rest

    event = SimpleNamespace(
        query_string_parameters={name: secret}, multi_value_query_string_parameters=None
    )
    query = rest.Query(SimpleNamespace(current_event=event))
    read = {"limit": query.integer, "force": query.boolean}.get(name)
    with pytest.raises(BadRequest) as caught:
        read(name) if read else query.choice(name, ("json", "b64"))
    text = repr(caught.value.errors)
    for fragment in (secret[:16], secret[8:24], secret.rsplit(".", 1)[-1][:16]):
        assert fragment not in text


def test_the_detail_names_the_first_field_to_change():
    # A user re-uploading `graphgate graphs get -o json`'s output (the graph's metadata
    # around its document) read "request body does not match CreateGraphRequest", alone.
    with pytest.raises(BadRequest) as caught:
        openapi.validate(
            {"name": "copy", "graph": {"id": "g_1", "graph": {}}}, "CreateGraphRequest"
        )
    detail, errors = caught.value.detail, caught.value.errors
    assert detail.startswith("request body does not match CreateGraphRequest: /graph: ")
    assert errors[0]["message"] in detail and f"(and {len(errors) - 1} more in errors)" in detail
