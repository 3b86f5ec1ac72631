"""client.md's command table is the CLI's reference: every command and option the parser
takes is in it, on its command's row, and every option a row shows is taken. A user reads
the page, not `--help`; an option only `--help` shows is one nobody finds."""

import argparse
import re
from pathlib import Path

import pytest

from graphgate import cli

CLIENT_MD = Path(__file__).resolve().parents[3] / "docs" / "client.md"
GLOBAL = {"--url", "--api-key", "--profile", "--output", "--read-timeout", "--help"}


def _commands(parser, path=()):
    """{command path: its own options}, aliases skipped (they share the parser)."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen = set()
            for name, sub in action.choices.items():
                if id(sub) not in seen:
                    seen.add(id(sub))
                    found.update(_commands(sub, (*path, name)))
    if path and not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
        found[path] = {
            option
            for action in parser._actions
            for option in action.option_strings
            if option.startswith("--") and option not in GLOBAL
        }
    return found


def _alternatives(cell):
    """A cell's `\\|`-separated commands; a `\\|` inside brackets is an option's choice."""
    segments, depth, start = [], 0, 0
    for i, char in enumerate(cell):
        depth += (char in "[(") - (char in "])")
        if depth == 0 and cell.startswith(" \\| ", i):
            segments.append(cell[start:i])
            start = i + 4
    return [*segments, cell[start:]]


def _documented():
    """{command path: options} from the rows of client.md's command table; a row may hold
    several subcommands of one group (`sessions ls \\| get ID \\| rm ID`)."""
    text = CLIENT_MD.read_text(encoding="utf-8")
    table = text[text.index("## The `graphgate` command") : text.index("### Exit codes")]
    documented: dict[tuple[str, ...], set[str]] = {}
    for line in table.splitlines():
        match = re.match(r"\| `(.+?)` \|", line)
        if not match:
            continue
        segments = _alternatives(match.group(1))
        group = segments[0].split()[0]
        for segment in segments:
            words = segment.split()
            if words[0] == group:
                words = words[1:]
            path = (
                (group, words[0]) if words and re.fullmatch(r"[a-z][a-z-]*", words[0]) else (group,)
            )
            options = set(re.findall(r"--[a-z][a-z-]*", segment))
            documented.setdefault(path, set()).update(options)
    return table, documented


PARSED = _commands(cli._parser())
TABLE, DOCUMENTED = _documented()


@pytest.mark.parametrize("path", sorted(PARSED), ids=" ".join)
def test_every_command_and_option_the_cli_takes_is_on_its_row_of_client_md(path):
    assert path in DOCUMENTED, f"graphgate {' '.join(path)} has no row in client.md"
    assert PARSED[path] <= DOCUMENTED[path], (
        f"graphgate {' '.join(path)}: {sorted(PARSED[path] - DOCUMENTED[path])} not in client.md"
    )


@pytest.mark.parametrize("path", sorted(DOCUMENTED), ids=" ".join)
def test_every_command_and_option_client_md_shows_is_taken(path):
    assert path in PARSED, f"client.md documents graphgate {' '.join(path)}, which does not exist"
    assert DOCUMENTED[path] <= PARSED[path], sorted(DOCUMENTED[path] - PARSED[path])


def test_the_synopsis_names_every_global_option():
    synopsis = next(line for line in TABLE.splitlines() if line.startswith("graphgate ["))
    for option in GLOBAL - {"--help", "--output"}:
        assert option in synopsis, option
    assert "-o table|json" in synopsis
