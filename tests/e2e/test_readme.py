"""The README's Python program, pasted into the interpreter as a user would,
against the local runner: it runs to the end and prints what the README says."""

import os
import subprocess
import sys

import pytest

from tests.unit.test_readme import readme_program

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

PASTE = """
import code, sys
console = code.InteractiveConsole()
for line in sys.stdin.read().splitlines() + [""]:
    console.push(line)
"""


def test_the_readme_program_runs_pasted_into_the_interpreter(runner):
    key = runner.create_tenant("readme", plan="pro")["api_key"]  # the plan the README says
    env = {**os.environ, "GRAPHGATE_API_URL": runner.url, "GRAPHGATE_API_KEY": key}
    done = subprocess.run(
        [sys.executable, "-c", PASTE],
        input=readme_program(),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "3.75", done.stdout
    # The last line: the history's (step, loss) pairs, the final step last.
    assert lines[-1].startswith("[(") and "(500, " in lines[-1], done.stdout
