"""Every ```python block of docs/, run as a reader runs it: the block's own text, with
only the names the page leaves to the reader (its graph, `batch`, a file it reads) made
beforehand. Placeholders
the reader is meant to fill (`"s_…"`) are filled with a real id. The value of each
expression statement is kept, keyed by its source, so a test can hold a block to what
its comments say it gives."""

from __future__ import annotations

import ast
import contextlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from tests.support import REPO_ROOT

DOCS = REPO_ROOT / "docs"
_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # of the block's first line in the page
    text: str

    @property
    def key(self) -> tuple[str, str]:
        """The page and the block's first line: stable when blocks are added around it."""
        return self.page, self.text.splitlines()[0]


def blocks() -> list[Block]:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            line = text.count("\n", 0, match.start(1)) + 1
            found.append(Block(page.name, line, match.group(1)))
    return found


@dataclass
class Ran:
    namespace: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)  # expression source -> its value
    stdout: str = ""


def run(block: Block, namespace: dict[str, Any], fill: dict[str, str] | None = None) -> Ran:
    """Run `block` in `namespace`; `fill` replaces the placeholders the reader fills."""
    text = block.text
    for placeholder, value in (fill or {}).items():
        assert placeholder in text, f"{block.key} no longer has {placeholder!r}"
        text = text.replace(placeholder, value)
    tree = _Recorded(text).visit(ast.parse(text, filename=f"docs/{block.page}"))
    ast.increment_lineno(ast.fix_missing_locations(tree), block.line - 1)
    ran = Ran(namespace)
    namespace[_RECORD] = ran.values.__setitem__
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, f"docs/{block.page}", "exec"), namespace)
    ran.stdout = out.getvalue()
    return ran


_RECORD = "__docblock_record__"


class _Recorded(ast.NodeTransformer):
    """Every expression statement, at any depth, also records its value by its source."""

    def __init__(self, text: str):
        self.text = text

    def visit_Expr(self, node: ast.Expr) -> ast.Expr:
        source = ast.get_source_segment(self.text, node.value)
        record = ast.Call(ast.Name(_RECORD, ast.Load()), [ast.Constant(source), node.value], [])
        return ast.copy_location(ast.Expr(ast.copy_location(record, node.value)), node)
