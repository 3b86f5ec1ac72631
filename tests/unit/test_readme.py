"""The README's Python program pastes into the interactive interpreter as it is."""

import code
import re

from tests.support import REPO_ROOT


def readme_program() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    (program,) = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    return program


def paste(program: str) -> list[str]:
    """The statements the REPL runs when `program` is pasted into it, line by line
    as InteractiveConsole.push takes them (a blank line ends a block); a
    SyntaxError or IndentationError is what the user would see."""
    statements, buffer = [], []
    for line in [*program.splitlines(), ""]:
        buffer.append(line)
        source = "\n".join(buffer)
        if code.compile_command(source, "<paste>", "single") is not None:
            if source.strip():
                statements.append(source)
            buffer = []
    return statements


def test_the_readme_program_pastes_into_the_repl_block_by_block():
    statements = paste(readme_program())
    blocks = [s for s in statements if s.startswith("with ")]
    assert len(blocks) == 2  # each `with` arrives whole, not cut at a blank line
    assert any("job.history" in s for s in blocks)


def test_a_blank_line_inside_a_block_is_what_breaks_a_paste():
    broken = "with open('x') as f:\n    a = 1\n\n    b = 2\n"
    try:
        paste(broken)
    except SyntaxError:  # IndentationError is one
        return
    raise AssertionError("the paste check did not catch a blank line inside a block")
