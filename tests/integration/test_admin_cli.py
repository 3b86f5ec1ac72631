"""graphgate-admin against a deployed stage (`--stack`), as docs/auth.md and
docs/operations.md print its commands, with moto standing in for the account."""

import re
import shlex

import pytest

import graphgate_admin.__main__ as admin
from tests.support import REPO_ROOT, moto_aws


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


def _documented_commands() -> list[str]:
    """Every `graphgate-admin ...` command the README and docs/ print, in code blocks
    or inline code, continuation lines joined and comments dropped."""
    pages = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
    found = []
    for page in pages:
        if page.name in ("decision_log.md", "hardening.md"):  # history, not instructions
            continue
        text = page.read_text(encoding="utf-8").replace("\\\n", " ")
        blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
        inline = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
        lines = [line for block in blocks for line in block.splitlines()]
        lines += [code.replace("\n", " ") for code in re.findall(r"`([^`]+)`", inline)]
        for line in lines:
            command = line.split("#", 1)[0].strip()
            command = command[command.find("graphgate-admin ") :]
            if re.match(r"graphgate-admin [a-z]+-[a-z]+", command):  # a command, not prose
                found.append(command)
    return found


def test_every_documented_command_parses(monkeypatch):
    commands = _documented_commands()
    assert len(commands) >= 10
    reached = []

    class Parsed(Exception):
        pass

    def target(args):
        reached.append(args.stack)
        raise Parsed

    monkeypatch.setattr(admin, "_target", target)
    for command in commands:
        argv = shlex.split(command)[1:]
        with pytest.raises(Parsed):  # not argparse's SystemExit
            admin.main(argv)
    # the ones for a deployed stage name it, wherever the option stands
    assert "graphgate-<stage>" in reached and "graphgate-staging" in reached
