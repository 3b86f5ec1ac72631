"""The engine alone (`pip install graphgate`, no `[client]`): a program reaching for the
client, and the CLI, are told which extra to install, not left with urllib3's name."""

import subprocess
import sys

import pytest

# urllib3 made unimportable, as in a venv with the engine alone
WITHOUT_URLLIB3 = "import sys; sys.modules['urllib3'] = None; "


@pytest.mark.parametrize(
    "program",
    [
        "import graphgate as gg; gg.RemoteSession",
        "import graphgate.client",
        "from graphgate import cli; sys.exit(cli.main(['graphs', 'ls']))",
    ],
)
def test_reaching_for_the_client_without_its_extra_says_which_to_install(program):
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_URLLIB3 + program],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "pip install 'graphgate[client]'" in done.stderr, done.stderr
    assert done.stderr.count("graphgate[client]") == 1, done.stderr
