"""Nothing secret reaches a log line: checked on the real logger's output."""

import io
import json
from contextlib import redirect_stdout

from hypothesis import given, settings
from hypothesis import strategies as st

from graphgate_service import redaction
from graphgate_service.logs import logger

API_KEY = "gg_" + "3f" * 24
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0XzEifQ.c2lnbmF0dXJl"
REFRESH = "ggr_" + "Q" * 43


def logged(emit):
    out = io.StringIO()
    with redirect_stdout(out):
        emit()
    return out.getvalue()


def test_headers_and_credentials_in_extra_fields_are_masked():
    text = logged(
        lambda: logger.info(
            "incoming",
            extra={
                "headers": {"Authorization": f"Bearer {JWT}", "x-api-key": API_KEY, "Host": "h"},
                "body": {"refresh_token": REFRESH, "note": f"key {API_KEY}"},
                "SecretString": '{"current":"k1"}',
            },
        )
    )
    for secret in (API_KEY, JWT, REFRESH, "k1"):
        assert secret not in text
    line = json.loads(text)
    assert line["headers"]["Host"] == "h"
    assert line["body"]["note"] == f"key {redaction.MASK}"


def test_credentials_in_messages_and_tracebacks_are_masked():
    def emit():
        logger.warning(f"refused Bearer {JWT}")
        try:
            raise ValueError(f"bad refresh token {REFRESH} for key {API_KEY}")
        except ValueError:
            logger.exception("failed")

    text = logged(emit)
    for secret in (API_KEY, JWT, REFRESH):
        assert secret not in text
    assert text.count(redaction.MASK) >= 3


def test_ordinary_values_pass_through():
    assert redaction.redact({"graph": "g_123", "n": 3, "tags": ["a"]}) == {
        "graph": "g_123",
        "n": 3,
        "tags": ["a"],
    }


# Pieces of credentials and near misses, so that texts hold some, all or none of what
# the patterns look for, in any case and order.
_PIECES = st.sampled_from(
    [
        API_KEY,
        JWT,
        REFRESH,
        "Bearer ",
        "bEaReR\t",
        "bearer",
        "gg_",
        "ggr_",
        "gg",
        "eyJ",
        "eyj",
        "x.y",
        "3f" * 20,
        "Q" * 20,
        " ",
        "-",
        "_",
        "a",
        "é",
        "\n",
    ]
)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(text=st.lists(_PIECES, max_size=8).map("".join))
def test_a_text_is_masked_as_the_four_patterns_mask_it(text):
    scanned = text
    for pattern in redaction._PATTERNS:
        scanned = pattern.sub(redaction.MASK, scanned)
    assert redaction.redact_text(text) == scanned
