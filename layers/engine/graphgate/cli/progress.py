"""A one-line progress bar for runs: step, loss (or whatever was fetched), time."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

WIDTH = 28


class ProgressBar:
    """Redrawn in place on a terminal; one line per update elsewhere (logs, CI)."""

    def __init__(self, total: int | None, stream: TextIO | None = None, label: str = "step"):
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self._last = ""

    def update(self, step: int, metrics: dict[str, Any] | None = None, status: str = "") -> None:
        line = self.render(step, metrics, status)
        if line == self._last:
            return
        self._last = line
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def render(self, step: int, metrics: dict[str, Any] | None = None, status: str = "") -> str:
        if self.total:
            filled = min(WIDTH, int(WIDTH * step / self.total))
            bar = "[" + "#" * filled + "." * (WIDTH - filled) + "]"
            count = f"{self.label} {step}/{self.total}"
        else:
            bar, count = "", f"{self.label} {step}"
        parts = [p for p in (bar, count) if p]
        for name, value in (metrics or {}).items():
            parts.append(f"{name} {_number(value)}")
        parts.append(f"{time.monotonic() - self.started:.1f}s")
        if status:
            parts.append(status)
        return "  ".join(parts)

    def close(self) -> None:
        if self.tty and self._last:
            self.stream.write("\n")
            self.stream.flush()


def latest_metrics(run: dict[str, Any]) -> dict[str, Any]:
    """The newest history entry's scalar outputs (`loss`, ...) of a run record."""
    history = run.get("history") or []
    return dict((history[-1].get("outputs") or {}) if history else {})


def _number(value: Any) -> str:
    if isinstance(value, float | int):
        return f"{value:.4g}" if isinstance(value, float) else str(value)
    return str(value)
