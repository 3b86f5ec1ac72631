"""docs/auth.md's signing-key rotation waits long enough for what the code does: an
operator who removes the old kid when the page says fails no token it still honours."""

import re

from graphgate_service import secrets, signing
from tests.support import REPO_ROOT


def _section() -> str:
    text = (REPO_ROOT / "docs" / "auth.md").read_text("utf-8")
    return text.split("\n## Signing keys\n", 1)[1].split("\n## ", 1)[0]


def _minutes(pattern: str) -> int:
    found = re.search(pattern, _section(), flags=re.DOTALL)
    assert found, pattern
    return int(found.group(1))


def test_the_old_kid_outlives_every_token_it_signs():
    # The token function signs with the old kid until its cached secret is re-read, and
    # the last such token is accepted for its whole lifetime and the leeway after that.
    last_signed = secrets.REFRESH_S
    accepted_until = last_signed + signing.MAX_LIFETIME_S + signing.LEEWAY_S
    assert _minutes(r"Remove the old kid (\d+) minutes after step 2") * 60 >= accepted_until


def test_the_new_kid_is_known_everywhere_before_it_signs():
    # A forced re-read is rate-limited, so the page must not rely on it: every function's
    # cache has refreshed by the time the new kid becomes current.
    assert _minutes(r"Add the new kid .*? and wait (\d+) minutes") * 60 >= secrets.REFRESH_S
    assert f"at most once every {signing.KEYSET_MIN_REFRESH_S:.0f} s" in _section()
    assert f"up to {signing.MAX_LIFETIME_S // 60} minutes" in _section()
