"""graphgate-admin against a deployed stage (`--stack`), as docs/auth.md and
docs/operations.md print its commands, with moto standing in for the account."""

import pytest

import graphgate_admin.__main__ as admin
from tests.support import moto_aws


@pytest.mark.parametrize(
    "argv",
    [
        # docs/operations.md#key-expiry: the option after the command
        ["expire-keys", "--stack", "graphgate-staging", "--region", "eu-west-1"],
        # the module's own usage: options before the command
        ["--stack", "graphgate-staging", "--region", "eu-west-1", "expire-keys"],
    ],
)
def test_a_stack_that_is_not_there_is_a_message_not_a_traceback(monkeypatch, capsys, argv):
    with moto_aws(monkeypatch):
        # WHEN an operator names a stack the region does not have
        code = admin.main(argv)
    # THEN it exits 1 with AWS's reason, naming the stack
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("graphgate-admin: ") and "graphgate-staging" in err
    assert "Traceback" not in err


def test_the_stack_given_after_the_command_is_the_one_used(monkeypatch):
    seen = []
    target = {"apigateway": None, "store": None}
    monkeypatch.setattr(admin, "_target", lambda args: seen.append(args.stack) or target)
    monkeypatch.setattr(admin.tenants, "expire_keys", lambda **_: [])
    assert admin.main(["expire-keys", "--stack", "graphgate-prod"]) == 0
    assert admin.main(["--stack", "graphgate-prod", "expire-keys"]) == 0
    assert seen == ["graphgate-prod", "graphgate-prod"]
