"""`gg.app`: TF1's `tf.app` — `run` and the `flags` module (see tf_flags.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from . import tf_flags as flags
from .tf_flags import FLAGS


class _HelpFlag(flags.Flag):
    """`--help`, `--helpshort`, `--helpfull`: print the usage to stdout and exit(1), as absl."""

    def __init__(self, name: str):
        super().__init__(flags._parse_bool, name, False, "show this help", boolean=True)

    def parse(self, argument) -> None:
        super().parse(argument)
        if self.value:
            usage()
            sys.exit(1)


def usage() -> None:
    """__main__'s docstring (or a USAGE line), then the flags and their help."""
    doc = getattr(sys.modules.get("__main__"), "__doc__", None)
    sys.stdout.write(doc or f"\nUSAGE: {sys.argv[0] if sys.argv else ''} [flags]\n")
    if len(FLAGS):
        sys.stdout.write("\nflags:\n" + FLAGS.get_help() + "\n")


def _define_help_flags() -> None:
    for name in ("help", "helpshort", "helpfull"):
        if name not in FLAGS:
            FLAGS[name] = _HelpFlag(name)


def run(main: Callable | None = None, argv: list | None = None):
    """Parse the flags TF1's way (unknown ones are left for `main`), then
    `sys.exit(main(remaining argv))`; `main` defaults to `__main__.main`."""
    main = main or sys.modules["__main__"].main
    _define_help_flags()
    args = FLAGS(sys.argv if argv is None else argv, known_only=True)
    sys.exit(main(args))


__all__ = ["flags", "run"]
